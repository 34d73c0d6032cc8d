# Onthaal — العربية (ar).
# How to change or add a language: docs/translations.md.

## This language, as the programs know it (reserved: every file has these, see docs/translations.md).
## language-name: its own name on the language buttons; language-direction: ltr or rtl;
## language-locale: the BCP 47 tag for dates and the browser's voice (here with Latin digits and the 24-hour clock, as on every letter in Belgium); language-voice: the espeak-ng
## voice of spoken calls; language-printed-without-pictures: the language a printer set to
## script=text prints instead (its own code when Latin letters can write it, transliterated);
## language-order: its place in the language lists (Dutch first).
language-name = العربية
language-direction = rtl
language-locale = ar-u-nu-latn-hc-h23
language-voice = ar
language-printed-without-pictures = fr
language-order = 5

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

## Why the booking page refuses a booking (the server sends these with its error codes).
booking-refused-slot-taken = حجز شخص آخر هذا الوقت للتو. اختر وقتًا آخر.
booking-refused-contact-limit = توجد مواعيد كافية محجوزة بهذا البريد الإلكتروني أو رقم الهاتف. ألغِ موعدًا أولاً، أو اتصل بنا.
booking-refused-too-many-bookings = تم حجز مواعيد كثيرة جدًا من هذا الاتصال بالإنترنت. حاول لاحقًا أو اتصل بنا.
booking-refused-invalid-email = عنوان البريد الإلكتروني هذا غير صحيح. تحقق منه (مثلاً name@example.be).
booking-refused-invalid-phone = رقم الهاتف هذا غير صحيح. تحقق منه (مثلاً {"\u2066"}0470 12 34 56{"\u2069"}).
booking-refused-missing-contact = اكتب بريدك الإلكتروني أو رقم هاتفك، حتى نستطيع التواصل معك.
booking-refused-missing-name = اكتب اسمك.
booking-refused-invalid-contact = اسمك طويل جدًا. استخدم أقل من 100 حرف.
booking-refused-consent-required = يجب أن توافق على استخدام بياناتك لهذا الموعد.
booking-refused-unknown-service = لا يمكن حجز موعد لهذه الخدمة عبر الإنترنت. اتصل بنا أو تعال إلينا.
booking-refused-unknown-staff = لا يمكن حجز موعد مع هذا المرشد الاجتماعي عبر الإنترنت.
booking-refused-staff-not-for-service = هذا المرشد الاجتماعي لا يتولى هذه الخدمة. اختر شخصًا آخر من القائمة، أو اترك لنا الاختيار.
booking-refused-in-past = هذا الوقت مضى. اختر وقتًا آخر.
booking-refused-time-not-bookable = لا يمكن حجز موعد في هذا الوقت. اختر وقتًا متاحًا من القائمة.
booking-refused-not-found = هذا الموعد غير موجود. تحقق من الرابط أو اتصل بنا.
booking-refused-invalid-transition = لم يعد ممكنًا تغيير هذا الموعد (تم إلغاؤه أو مضى وقته). اتصل بنا إذا كانت لديك أسئلة.
booking-refused-invalid-date = هذا التاريخ غير صحيح. اختر يومًا من التقويم.

## The e-mail reminder the day before an appointment, word by word as the program puts the lines together; reminder-minutes-3-to-10 follows a duration of 3 to 10 minutes (Arabic counts those with the plural).
reminder-subject = تذكير: موعدك غدًا الساعة
reminder-greeting = مرحبًا،
reminder-intro = هذا تذكير بموعدك غدًا.
reminder-when = الموعد
reminder-at = الساعة
reminder-minutes = دقيقة
reminder-minutes-3-to-10 = دقائق
reminder-service = الخدمة
reminder-place = المكان
reminder-room = الغرفة
reminder-code = رمز الموعد
reminder-check-in = عند وصولك، امسح رمز QR الموجود في تأكيد موعدك، أو اكتب هذا الرمز على الشاشة عند المدخل.
reminder-manage = لا تستطيع الحضور؟ يمكنك إلغاء موعدك أو تغييره من هنا:
reminder-call = لا تستطيع الحضور؟ يرجى إخبارنا على الرقم
reminder-regards = مع أطيب التحيات،
reminder-long-date = { $weekday }، { $day } { $month } { $year }

## The kiosk's screens ($when is a day and hour, $m minutes, $s seconds).
kiosk-welcome = أهلاً وسهلاً
kiosk-choose-lang = اختر لغتك
kiosk-what-for = ما سبب زيارتك؟
kiosk-appointment = لدي موعد
kiosk-appointment-line = امسح رمز موعدك أو اكتبه.
kiosk-question = لدي سؤال
kiosk-question-line = اختر الموضوع وخذ تذكرة.
kiosk-topics = ما موضوع سؤالك؟
kiosk-dont-know = لا أعرف
kiosk-dont-know-line = يبحث فريق المعلومات معك عمّن يستطيع مساعدتك.
kiosk-closed = مغلق الآن
kiosk-opens = يفتح { $when }
kiosk-unavailable = غير متاح الآن
kiosk-code-title = رمز موعدك
kiosk-code-help = ضع رمز QR الخاص بموعدك تحت الماسح الضوئي، أو اكتب الرمز.
kiosk-code-label = رمز الموعد
kiosk-erase = مسح
kiosk-ok = موافق
kiosk-back = رجوع
kiosk-restart = البدء من جديد
kiosk-busy = لحظة من فضلك…
kiosk-your-number = رقمك
kiosk-before = عدد الأشخاص قبلك
kiosk-estimate = مدة الانتظار المتوقعة
kiosk-minutes = ± { $m } دقيقة
kiosk-take = خذ تذكرتك من الأسفل.
kiosk-follow = تابع دورك على الشاشة في قاعة الانتظار.
kiosk-not-printed = الطابعة لا تعمل. التقط صورة لهذا الرقم أو احفظه.
kiosk-checked-in = تم تسجيل حضورك
kiosk-told = تم إبلاغ مرشدك الاجتماعي.
kiosk-room = الغرفة
kiosk-done = تم
kiosk-offline = التذاكر غير متاحة مؤقتاً
kiosk-offline-line = يرجى التوجه إلى مكتب الاستقبال. سنساعدك هناك.
kiosk-too-many = تم أخذ تذاكر كثيرة للتو. انتظر قليلاً ثم حاول مرة أخرى.
kiosk-closed-now = هذه الخدمة مغلقة الآن.
kiosk-bad-code = لا نجد هذا الرمز. تحقق من الرمز أو توجه إلى مكتب الاستقبال.
kiosk-failed = لم ينجح ذلك. يرجى التوجه إلى مكتب الاستقبال.
kiosk-problem = حدث خطأ ما
kiosk-refused = لا يمكن تسجيل الحضور الآن
kiosk-retry = حاول مرة أخرى
kiosk-home = العودة إلى البداية
kiosk-code = الرمز
kiosk-slow-title = لحظة من فضلك
kiosk-slow-line = تم أخذ تذاكر كثيرة للتو. حاول مرة أخرى بعد { $s }.
kiosk-slow-ready = يمكنك المحاولة مرة أخرى الآن.
kiosk-speech-on = القراءة الصوتية مفعّلة. اختر بمفاتيح الأسهم، وأكّد بمفتاح الإدخال.
kiosk-speech-off = القراءة الصوتية متوقفة.

## The kiosk's check-in answers when the server gives no sentence of its own.
kiosk-check-in-too-many-attempts = تم إدخال رموز خاطئة كثيرة. انتظر دقيقة ثم حاول مرة أخرى، أو توجّه إلى مكتب الاستقبال.
kiosk-check-in-too-early = لقد وصلت مبكرًا لموعدك. عُد بعد قليل لتسجيل حضورك.
kiosk-check-in-too-late = لقد فات موعدك. توجّه إلى مكتب الاستقبال: سنساعدك.
kiosk-check-in-not-today = موعدك ليس اليوم. تحقق من التاريخ في التأكيد، أو اسأل في مكتب الاستقبال.
kiosk-check-in-cancelled = تم إلغاء هذا الموعد. توجّه إلى مكتب الاستقبال.
kiosk-check-in-already-served = لقد تمّ هذا الموعد بالفعل. هل لديك سؤال آخر؟ توجّه إلى مكتب الاستقبال.

## The waiting-room display: its headings (the Dutch ones always show, the display's other languages beside them).
display-now = حان دورك
display-history = النداءات السابقة
display-queues = في الانتظار
display-welcome = مرحبًا. خذ تذكرة من الجهاز عند المدخل: سيظهر رقمك هنا.
display-no-calls = لا توجد نداءات بعد اليوم.
display-restarting = الشاشة تعيد التشغيل… لحظة من فضلك
display-connecting = جارٍ الاتصال بالخادم…
display-reconnecting = جارٍ استعادة الاتصال…
display-waiting = في الانتظار
display-closed = مغلق
display-title = { $location } – النداءات
display-new = جديد
display-again = مرة أخرى
display-heading = النداءات في قاعة الانتظار

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

## The public booking page (/book): its headings, labels and buttons; $n is a count (a step, free times, days), $code the booking code spelled out, $day and $time the day and hour as the page shows them.
booking-skip = انتقل إلى المحتوى
booking-title = حجز موعد
booking-intro = اختر خدمة ويومًا ووقتًا. لا تحتاج إلى حساب.
booking-step-service = الخدمة
booking-step-day = اليوم
booking-step-time = الوقت
booking-step-details = بياناتك
booking-step-of = الخطوة { $n } من 4
booking-choose-service = لأي خدمة تريد موعدًا؟
booking-worker = هل لديك مرشد اجتماعي خاص بك؟
booking-worker-hint = اختر هذا الشخص لترى الأوقات التي يكون فيها متاحًا.
booking-no-preference = لا، أو لا أعرف
booking-no-services = لا يمكن حجز موعد عبر الإنترنت الآن. اتصل بنا.
booking-choose-day = اختر يومًا
booking-free =
    { $n ->
         [one] وقت واحد متاح
         [two] وقتان متاحان
         [few] { $n } أوقات متاحة
         [many] { $n } وقتًا متاحًا
        *[other] { $n } وقت متاح
    }
booking-no-days = لا توجد أوقات متاحة في الأسابيع القادمة. اتصل بنا، أو اختر شخصًا آخر.
booking-days-found =
    { $n ->
         [one] يوم واحد فيه أوقات متاحة
         [two] يومان فيهما أوقات متاحة
         [few] { $n } أيام فيها أوقات متاحة
         [many] { $n } يومًا فيها أوقات متاحة
        *[other] { $n } يوم فيها أوقات متاحة
    }
booking-choose-time = اختر وقتًا
booking-back = رجوع
booking-your-details = بياناتك
booking-details-intro = اكتب بريدك الإلكتروني أو رقم هاتفك (أو الاثنين)، حتى نستطيع التواصل معك.
booking-name = اسمك
booking-email = البريد الإلكتروني
booking-email-hint = ستصلك رسالة تذكير قبل الموعد بيوم.
booking-phone = رقم الهاتف
booking-phone-hint = مثلاً ⁦0470 12 34 56⁩
booking-optional = (غير ضروري إذا كتبت بريدك الإلكتروني)
booking-consent = أوافق على أن يستخدم Sociaal Huis هذه البيانات لهذا الموعد. تُحذف البيانات بعد الموعد.
booking-book = تأكيد الموعد
booking-booking = لحظة من فضلك…
booking-service = الخدمة
booking-date = اليوم
booking-time = الوقت
booking-place = المكان
booking-room = الغرفة
booking-booked = تم حجز موعدك.
booking-moved = تم تغيير وقت موعدك.
booking-your-appointment = موعدك
booking-code = رمز موعدك
booking-code-hint = عندما تصل، أظهر هذا الرمز أو رمز QR على جهاز الاستقبال عند المدخل.
booking-qr-alt = رمز QR فيه رمز موعدك { $code }
booking-keep-link = احتفظ بهذه الصفحة. بهذا الرابط تستطيع لاحقًا أن ترى موعدك أو تغيّره أو تلغيه:
booking-move-btn = تغيير الموعد
booking-cancel-btn = إلغاء الموعد
booking-cancel-ask = هل تريد فعلاً إلغاء هذا الموعد؟
booking-cancel-yes = نعم، ألغِ الموعد
booking-cancel-no = لا، أبقِ الموعد
booking-cancelled = تم إلغاء هذا الموعد.
booking-over = لم يعد ممكنًا تغيير هذا الموعد.
booking-new-booking = حجز موعد جديد
booking-move-title = تغيير الموعد
booking-move-intro = اختر يومًا جديدًا ووقتًا جديدًا، مع نفس المرشد الاجتماعي.
booking-move-to = نقل الموعد إلى { $day }، الساعة { $time }
booking-taken = هذه هي الأوقات المتاحة الآن.
booking-call = لديك أسئلة؟ اتصل بنا:
booking-offline = لا يوجد اتصال بالخادم. حاول مرة أخرى.
booking-not-found = هذا الموعد غير موجود. تحقق من الرابط أو اتصل بنا.
booking-fix-errors = تحقق من المعلومات التي كتبتها.

## Closing a service now (staff ill, a fault): the reasons staff choose from, the kiosk's
## tile, the waiting visitor's status page, the waiting-room display.
closure-reason-staff-illness = مرض الموظفين
closure-reason-technical-fault = عطل فني
closure-reason-unforeseen = ظروف طارئة
closure-reason-meeting = اجتماع
kiosk-closed-until = مغلق حتى { $time }
kiosk-closed-today = مغلق اليوم
status-closed-until = هذه الخدمة مغلقة حتى { $time }: { $reason }.
status-closed-today = هذه الخدمة مغلقة لبقية اليوم: { $reason }.
status-keep-place = تحتفظ بمكانك في الدور: سيتم استدعاؤك رغم ذلك.
display-closed-until = مغلق حتى { $time }

## Absences of social workers: the e-mail to a client whose appointment moved to a colleague or the team, or was cancelled (the date, service and code lines are the reminder's).
absence-mail-subject-changed = موعدك: مرشد اجتماعي آخر
absence-mail-subject-cancelled = تم إلغاء موعدك
absence-mail-intro = مرشدك الاجتماعي غائب في يوم موعدك.
absence-mail-colleague = يبقى موعدك في الوقت نفسه. سيستقبلك { $name }.
absence-mail-team = يبقى موعدك في الوقت نفسه. سيستقبلك زميل من الخدمة.
absence-mail-cancelled = لذلك تم إلغاء موعدك. نعتذر عن ذلك.
absence-mail-call = اتصل بنا لتحديد موعد جديد:

## Languages from the catalogues: the booking page's line for a browser without JavaScript (each language's own, shown together).
booking-needs-javascript = هذه الصفحة تحتاج إلى JavaScript. اتصل بنا لحجز موعد.
