# Onthaal — Türkçe (tr).
# How to change or add a language: docs/translations.md.

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
