# Onthaal — Türkçe (tr).
# How to change or add a language: docs/translations.md.

## This language, as the programs know it (reserved: every file has these, see docs/translations.md).
## language-name: its own name on the language buttons; language-direction: ltr or rtl;
## language-locale: the BCP 47 tag for dates and the browser's voice; language-voice: the espeak-ng
## voice of spoken calls; language-printed-without-pictures: the language a printer set to
## script=text prints instead (its own code when Latin letters can write it, transliterated);
## language-order: its place in the language lists (Dutch first).
language-name = Türkçe
language-direction = ltr
language-locale = tr-TR
language-voice = tr
language-printed-without-pictures = tr
language-order = 6

## Dates: the weekday and the month as a date names them (lower case where the language writes them so).
weekday-monday = Pazartesi
weekday-tuesday = Salı
weekday-wednesday = Çarşamba
weekday-thursday = Perşembe
weekday-friday = Cuma
weekday-saturday = Cumartesi
weekday-sunday = Pazar

## Months, in the form a full date needs ("25 листопада": Ukrainian in the genitive).
month-january = Ocak
month-february = Şubat
month-march = Mart
month-april = Nisan
month-may = Mayıs
month-june = Haziran
month-july = Temmuz
month-august = Ağustos
month-september = Eylül
month-october = Ekim
month-november = Kasım
month-december = Aralık

## The ticket the kiosk prints.
ticket-your-number = Sıra numaranız
ticket-waiting-before = Önünüzdeki kişi
ticket-estimated-wait = Tahmini bekleme
ticket-follow-on-phone = Sıranızı telefonunuzdan takip edin

## The referral slip to a partner organisation.
referral-title = Yönlendirme
referral-you-can-go-to = Başvurabileceğiniz yer:
referral-address = Adres
referral-phone = Tel.
referral-hours = Çalışma saatleri
referral-why = Neden
referral-website = Web sitesi

## The appointment confirmation printed at the desk.
appointment-title = Randevu
appointment-service = Hizmet
appointment-with = Kiminle
appointment-team = { $service } ekibi
appointment-place = Yer
appointment-at-reception = danışmaya başvurun
appointment-your-code = Kodunuz
appointment-at-arrival = Geldiğinizde: girişteki kioskta QR kodunu okutun veya kodu yazın.
appointment-cancel = Gelemeyecekseniz randevunuzu iptal edin veya başka bir güne alın: { $phone } numarasını arayın ya da kodunuzla danışmaya söyleyin.

## The note on a check-in ticket; the kiosk adds " — " and the room when there is one.
check-in-note = Sosyal hizmet uzmanınıza haber verildi

## The call the display speaks: $number as "P 23", $desk as the room's sign says.
call-sentence = Numara { $number }, { $desk }.

## Why the kiosk cannot check in an appointment; $time is "14:30", $date "25/11/2026".
check-in-unknown-code = Bu kodu tanımıyoruz. Kodu kontrol edin veya danışma masasına gidin.
check-in-too-early = Erken geldiniz. Giriş için saat { $time } itibarıyla tekrar gelin.
check-in-too-late = Randevu saatiniz geçti. Lütfen danışma masasına gidin: size yardımcı olacağız.
check-in-not-today = Randevunuz bugün değil, { $date } tarihinde saat { $time }.
check-in-cancelled = Bu randevu iptal edildi. Lütfen danışma masasına gidin.
check-in-already-served = Bu randevu zaten gerçekleşti.

## Why the booking page refuses a booking (the server sends these with its error codes).
booking-refused-slot-taken = Bu saati az önce başka biri aldı. Lütfen başka bir saat seçin.
booking-refused-contact-limit = Bu e-posta adresi veya telefon numarasıyla zaten yeterince randevu alınmış. Önce bir randevuyu iptal edin veya bizi arayın.
booking-refused-too-many-bookings = Bu internet bağlantısından çok fazla randevu alındı. Lütfen daha sonra tekrar deneyin veya bizi arayın.
booking-refused-invalid-email = Bu e-posta adresi doğru değil. Lütfen kontrol edin (örneğin name@example.be).
booking-refused-invalid-phone = Bu telefon numarası doğru değil. Lütfen kontrol edin (örneğin 0470 12 34 56).
booking-refused-missing-contact = Size ulaşabilmemiz için bir e-posta adresi veya telefon numarası yazın.
booking-refused-missing-name = Lütfen adınızı yazın.
booking-refused-invalid-contact = Adınız çok uzun. Lütfen 100 karakterden az kullanın.
booking-refused-consent-required = Lütfen bilgilerinizin bu randevu için kullanılmasını kabul edin.
booking-refused-unknown-service = Bu hizmet için internetten randevu alınamıyor. Lütfen bizi arayın veya bize gelin.
booking-refused-unknown-staff = Bu sosyal hizmet uzmanından internetten randevu alınamıyor.
booking-refused-staff-not-for-service = Bu sosyal hizmet uzmanı bu hizmetle ilgilenmiyor. Listeden başka birini seçin veya seçimi bize bırakın.
booking-refused-in-past = Bu saat geçti. Lütfen başka bir saat seçin.
booking-refused-time-not-bookable = Bu saate randevu alınamıyor. Lütfen listeden boş bir saat seçin.
booking-refused-not-found = Bu randevu bulunamadı. Bağlantıyı kontrol edin veya bizi arayın.
booking-refused-invalid-transition = Bu randevu artık değiştirilemez (iptal edildi veya zamanı geçti). Sorunuz varsa bizi arayın.
booking-refused-invalid-date = Bu tarih doğru değil. Lütfen takvimden bir gün seçin.

## The e-mail reminder the day before an appointment, word by word as the program puts the lines together; reminder-minutes-3-to-10 follows a duration of 3 to 10 minutes (Arabic counts those with the plural).
reminder-subject = Hatırlatma: randevunuz yarın saat
reminder-greeting = Merhaba,
reminder-intro = Yarınki randevunuzu hatırlatmak isteriz.
reminder-when = Ne zaman
reminder-at = saat
reminder-minutes = dakika
reminder-minutes-3-to-10 = dakika
reminder-service = Hizmet
reminder-place = Nerede
reminder-room = Oda
reminder-code = Randevu kodu
reminder-check-in = Geldiğinizde randevu onayınızdaki QR kodunu okutun veya bu kodu girişteki dokunmatik ekrana yazın.
reminder-manage = Gelemiyor musunuz? Randevunuzu buradan iptal edebilir veya değiştirebilirsiniz:
reminder-call = Gelemiyor musunuz? Lütfen arayarak bize haber verin:
reminder-regards = Saygılarımızla,
reminder-long-date = { $day } { $month } { $year } { $weekday }

## The kiosk's screens ($when is a day and hour, $m minutes, $s seconds).
kiosk-welcome = Hoş geldiniz
kiosk-choose-lang = Dilinizi seçin
kiosk-what-for = Ne için geldiniz?
kiosk-appointment = Randevum var
kiosk-appointment-line = Randevu kodunuzu okutun veya yazın.
kiosk-question = Bir sorum var
kiosk-question-line = Konuyu seçin ve bir sıra numarası alın.
kiosk-topics = Sorunuz ne hakkında?
kiosk-dont-know = Bilmiyorum
kiosk-dont-know-line = ID ekibi sizinle birlikte kimin yardım edebileceğini bulur.
kiosk-closed = Şu an kapalı
kiosk-opens = Açılış: { $when }
kiosk-unavailable = Şu an kullanılamıyor
kiosk-code-title = Randevu kodunuz
kiosk-code-help = Randevunuzun QR kodunu tarayıcının altına tutun veya kodu yazın.
kiosk-code-label = Randevu kodu
kiosk-erase = Sil
kiosk-ok = Tamam
kiosk-back = Geri
kiosk-restart = Baştan başla
kiosk-busy = Bir dakika…
kiosk-your-number = Numaranız
kiosk-before = Sizden önce bekleyen
kiosk-estimate = Tahmini bekleme
kiosk-minutes = ± { $m } dk
kiosk-take = Biletinizi aşağıdan alın.
kiosk-follow = Sıranızı bekleme salonundaki ekrandan takip edin.
kiosk-not-printed = Yazıcı çalışmıyor. Bu numaranın fotoğrafını çekin veya aklınızda tutun.
kiosk-checked-in = Girişiniz yapıldı
kiosk-told = Sosyal hizmet uzmanınıza haber verildi.
kiosk-room = Oda
kiosk-done = Tamam
kiosk-offline = Sıra numaraları geçici olarak verilemiyor
kiosk-offline-line = Lütfen danışma masasına gidin. Size orada yardım edeceğiz.
kiosk-too-many = Az önce çok sayıda bilet alındı. Biraz bekleyin, sonra tekrar deneyin.
kiosk-closed-now = Bu hizmet şu an kapalı.
kiosk-bad-code = Bu kodu bulamıyoruz. Kodu kontrol edin veya danışma masasına gidin.
kiosk-failed = Bu işe yaramadı. Lütfen danışma masasına gidin.
kiosk-problem = Bir sorun oluştu
kiosk-refused = Şu anda giriş yapılamıyor
kiosk-retry = Tekrar dene
kiosk-home = Başa dön
kiosk-code = Kod
kiosk-slow-title = Lütfen biraz bekleyin
kiosk-slow-line = Az önce çok sayıda bilet alındı. { $s } sonra tekrar deneyin.
kiosk-slow-ready = Şimdi tekrar deneyebilirsiniz.
kiosk-speech-on = Sesli okuma açık. Ok tuşlarıyla seçin, Enter ile onaylayın.
kiosk-speech-off = Sesli okuma kapalı.

## The kiosk's check-in answers when the server gives no sentence of its own.
kiosk-check-in-too-many-attempts = Çok fazla yanlış kod girildi. Bir dakika bekleyip tekrar deneyin veya danışma masasına gidin.
kiosk-check-in-too-early = Randevunuz için erken geldiniz. Giriş için biraz sonra tekrar gelin.
kiosk-check-in-too-late = Randevu saatiniz geçti. Lütfen danışma masasına gidin: size yardımcı olacağız.
kiosk-check-in-not-today = Randevunuz bugün değil. Onay belgenizdeki tarihe bakın veya danışma masasına sorun.
kiosk-check-in-cancelled = Bu randevu iptal edildi. Lütfen danışma masasına gidin.
kiosk-check-in-already-served = Bu randevu zaten gerçekleşti. Başka bir sorunuz mu var? Danışma masasına gidin.

## The waiting-room display: its headings (the Dutch ones always show, the display's other languages beside them).
display-now = Sıra sizde
display-history = Önceki çağrılar
display-queues = Bekleyenler
display-welcome = Hoş geldiniz. Girişteki cihazdan bir bilet alın: numaranız burada görünecek.
display-no-calls = Bugün henüz çağrı yok.
display-restarting = Ekran yeniden başlıyor… lütfen bekleyin
display-connecting = Sunucuya bağlanılıyor…
display-reconnecting = Bağlantı yeniden kuruluyor…
display-waiting = bekliyor
display-closed = kapalı
display-title = { $location } – çağrılar
display-new = YENİ
display-again = TEKRAR
display-heading = Bekleme salonundaki çağrılar

## The visitor's status page (/s/…): what the phone shows about the ticket.
status-number = Numaranız
status-waiting = Sıradasınız
status-called = Sıra sizde!
status-goto = Lütfen gidin:
status-serving = Size yardım ediliyor
status-done = Ziyaretiniz sona erdi. Teşekkürler!
status-no-show = Çağrıldınız ama orada değildiniz. Lütfen danışmaya sorun.
status-cancelled = Bu bilet artık geçerli değil.
status-left = Sıradan çıktınız. Hoşça kalın!
status-position = Önünüzdeki kişi sayısı
status-wait = Tahmini bekleme
status-min = dk
status-now = sıranız yakında
status-unknown = Bu bilet mevcut değil. Lütfen danışmaya sorun.
status-busy = Çok fazla istek. Bir dakika sonra tekrar deneyin.
status-note = Bu sayfa kendiliğinden güncellenir.
status-offline = Bağlantı yok. Bilinen son durumu görüyorsunuz.
status-leave = Ayrılıyorum
status-c-title = Sıradan çıkmak istiyor musunuz?
status-c-text = { $number } numaranız iptal edilecek. Geri gelirseniz yeni bir bilet alın.
status-yes = Evet, ayrılıyorum
status-no = Hayır, kalıyorum
status-too-late = Size zaten yardım ediliyor: bu sayfadan artık ayrılamazsınız.
status-failed = Olmadı. Tekrar deneyin veya danışmaya sorun.

## The public booking page (/book): its headings, labels and buttons; $n is a count (a step, free times, days), $code the booking code spelled out, $day and $time the day and hour as the page shows them.
booking-skip = İçeriğe geç
booking-title = Randevu alın
booking-intro = Bir hizmet, bir gün ve bir saat seçin. Hesap açmanız gerekmez.
booking-step-service = Hizmet
booking-step-day = Gün
booking-step-time = Saat
booking-step-details = Bilgiler
booking-step-of = Adım { $n } / 4
booking-choose-service = Randevuyu ne için istiyorsunuz?
booking-worker = Zaten bir sosyal hizmet uzmanınız var mı?
booking-worker-hint = Bu kişiyi seçin, boş olduğu saatleri görürsünüz.
booking-no-preference = Hayır veya bilmiyorum
booking-no-services = Şu anda internetten randevu alınamıyor. Lütfen bizi arayın.
booking-choose-day = Bir gün seçin
booking-free = { $n } boş saat
booking-no-days = Önümüzdeki haftalarda boş saat yok. Lütfen bizi arayın veya başka birini seçin.
booking-days-found = Boş saati olan { $n } gün
booking-choose-time = Bir saat seçin
booking-back = Geri
booking-your-details = Bilgileriniz
booking-details-intro = Size ulaşabilmemiz için bir e-posta adresi veya telefon numarası (ya da ikisini de) yazın.
booking-name = Adınız
booking-email = E-posta adresi
booking-email-hint = Randevudan bir gün önce size bir hatırlatma gelir.
booking-phone = Telefon numarası
booking-phone-hint = Örneğin 0470 12 34 56
booking-optional = (e-posta adresi yazarsanız zorunlu değil)
booking-consent = Sociaal Huis'in bu bilgileri bu randevu için kullanmasını kabul ediyorum. Bilgiler randevudan sonra silinir.
booking-book = Randevuyu onayla
booking-booking = Bir dakika…
booking-service = Hizmet
booking-date = Gün
booking-time = Saat
booking-place = Yer
booking-room = Oda
booking-booked = Randevunuz alındı.
booking-moved = Randevunuzun zamanı değiştirildi.
booking-your-appointment = Randevunuz
booking-code = Kodunuz
booking-code-hint = Geldiğinizde bu kodu veya QR kodunu girişteki kioskta gösterin.
booking-qr-alt = Kodunuzu içeren QR kodu: { $code }
booking-keep-link = Bu sayfayı saklayın. Bu bağlantıyla randevunuzu daha sonra görebilir, değiştirebilir veya iptal edebilirsiniz:
booking-move-btn = Randevu zamanını değiştir
booking-cancel-btn = Randevuyu iptal et
booking-cancel-ask = Bu randevuyu gerçekten iptal etmek istiyor musunuz?
booking-cancel-yes = Evet, iptal et
booking-cancel-no = Hayır, kalsın
booking-cancelled = Bu randevu iptal edildi.
booking-over = Bu randevu artık değiştirilemez.
booking-new-booking = Yeni randevu al
booking-move-title = Randevu zamanını değiştir
booking-move-intro = Aynı sosyal hizmet uzmanıyla yeni bir gün ve saat seçin.
booking-move-to = Yeni zaman: { $day }, saat { $time }
booking-taken = Şu anda boş olan saatler bunlar.
booking-call = Sorunuz mu var? Bizi arayın:
booking-offline = Sunucuyla bağlantı yok. Lütfen tekrar deneyin.
booking-not-found = Bu randevu bulunamadı. Bağlantıyı kontrol edin veya bizi arayın.
booking-fix-errors = Lütfen formu kontrol edin.

## Closing a service now (staff ill, a fault): the reasons staff choose from, the kiosk's
## tile, the waiting visitor's status page, the waiting-room display.
closure-reason-staff-illness = personel hastalığı
closure-reason-technical-fault = teknik arıza
closure-reason-unforeseen = öngörülemeyen durumlar
closure-reason-meeting = toplantı
kiosk-closed-until = { $time } saatine kadar kapalı
kiosk-closed-today = Bugün kapalı
status-closed-until = Bu hizmet { $time } saatine kadar kapalı: { $reason }.
status-closed-today = Bu hizmet günün geri kalanında kapalı: { $reason }.
status-keep-place = Sıradaki yerinizi koruyorsunuz: yine de çağrılacaksınız.
display-closed-until = { $time } saatine kadar kapalı

## Absences of social workers: the e-mail to a client whose appointment moved to a colleague or the team, or was cancelled (the date, service and code lines are the reminder's).
absence-mail-subject-changed = Randevunuz: başka bir sosyal hizmet uzmanı
absence-mail-subject-cancelled = Randevunuz iptal edildi
absence-mail-intro = Sosyal hizmet uzmanınız randevu gününüzde işte değil.
absence-mail-colleague = Randevunuz aynı saatte kalıyor. Sizi { $name } karşılayacak.
absence-mail-team = Randevunuz aynı saatte kalıyor. Sizi servisten bir meslektaş karşılayacak.
absence-mail-cancelled = Bu nedenle randevunuz iptal edildi. Özür dileriz.
absence-mail-call = Yeni bir randevu almak için bizi arayın:

## Languages from the catalogues: the booking page's line for a browser without JavaScript (each language's own, shown together).
booking-needs-javascript = Bu sayfa için JavaScript gerekli. Randevu almak için lütfen bizi arayın.
