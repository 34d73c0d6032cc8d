# Onthaal — العربية (ar).
# How to change or add a language: docs/translations.md.

## Dates: the weekday and the month as a date names them (lower case where the language writes them so).
weekday-monday = الاثنين
weekday-tuesday = الثلاثاء
weekday-wednesday = الأربعاء
weekday-thursday = الخميس
weekday-friday = الجمعة
weekday-saturday = السبت
weekday-sunday = الأحد

## Months, in the form a full date needs ("25 листопада": Ukrainian in the genitive).
month-january = يناير
month-february = فبراير
month-march = مارس
month-april = أبريل
month-may = مايو
month-june = يونيو
month-july = يوليو
month-august = أغسطس
month-september = سبتمبر
month-october = أكتوبر
month-november = نوفمبر
month-december = ديسمبر

## The ticket the kiosk prints.
ticket-your-number = رقمك
ticket-waiting-before = عدد المنتظرين قبلك
ticket-estimated-wait = مدة الانتظار المتوقعة
ticket-follow-on-phone = تابع دورك على هاتفك

## The referral slip to a partner organisation.
referral-title = إحالة
referral-you-can-go-to = يمكنك التوجه إلى:
referral-address = العنوان
referral-phone = الهاتف
referral-hours = ساعات العمل
referral-why = السبب
referral-website = الموقع الإلكتروني

## The appointment confirmation printed at the desk.
appointment-title = موعد
appointment-service = الخدمة
appointment-with = مع
appointment-team = فريق { $service }
appointment-place = المكان
appointment-at-reception = توجّه إلى مكتب الاستقبال
appointment-your-code = رمزك
appointment-at-arrival = عند وصولك: امسح رمز QR أو اكتب الرمز في الجهاز عند المدخل.
appointment-cancel = إذا لم تستطع الحضور، ألغِ موعدك أو غيّره: اتصل بالرقم { $phone } أو أخبر مكتب الاستقبال، مع ذكر رمزك.

## The note on a check-in ticket; the kiosk adds " — " and the room when there is one.
check-in-note = تم إبلاغ مرشدك الاجتماعي

## The call the display speaks: $number as "P 23", $desk as the room's sign says.
call-sentence = رقم { $number }، إلى { $desk }.

## Why the kiosk cannot check in an appointment; $time is "14:30", $date "25/11/2026".
check-in-unknown-code = لا نعرف هذا الرمز. تحقق منه أو توجّه إلى مكتب الاستقبال.
check-in-too-early = لقد وصلت مبكرًا. عُد ابتداءً من الساعة { $time } لتسجيل حضورك.
check-in-too-late = لقد فات موعدك. توجّه إلى مكتب الاستقبال: سنساعدك.
check-in-not-today = موعدك ليس اليوم، بل في { $date } الساعة { $time }.
check-in-cancelled = تم إلغاء هذا الموعد. توجّه إلى مكتب الاستقبال.
check-in-already-served = لقد تمّ هذا الموعد بالفعل.

## The visitor's status page (/s/…): what the phone shows about the ticket.
status-number = رقمك
status-waiting = أنت في قائمة الانتظار
status-called = حان دورك!
status-goto = توجّه إلى
status-serving = تتم مساعدتك الآن
status-done = انتهت زيارتك. شكراً!
status-no-show = تم النداء عليك ولم تكن موجوداً. اسأل في الاستقبال.
status-cancelled = هذه التذكرة لم تعد صالحة.
status-left = لقد غادرت قائمة الانتظار. مع السلامة!
status-position = عدد الأشخاص قبلك
status-wait = الانتظار المتوقع
status-min = دقيقة
status-now = دورك قريب
status-unknown = هذه التذكرة غير موجودة. اسأل في الاستقبال.
status-busy = طلبات كثيرة جداً. حاول مرة أخرى بعد دقيقة.
status-note = تتحدث هذه الصفحة تلقائياً.
status-offline = لا يوجد اتصال. تعرض الصفحة آخر حالة معروفة.
status-leave = سأغادر
status-c-title = هل تريد مغادرة قائمة الانتظار؟
status-c-text = سيتم إلغاء رقمك { $number }. إذا عدت، خذ تذكرة جديدة.
status-yes = نعم، سأغادر
status-no = لا، سأبقى
status-too-late = تتم مساعدتك بالفعل: لم يعد بإمكانك المغادرة من هذه الصفحة.
status-failed = لم ينجح ذلك. حاول مرة أخرى أو اسأل في الاستقبال.
