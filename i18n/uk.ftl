# Onthaal — Українська (uk).
# How to change or add a language: docs/translations.md.

## This language, as the programs know it (reserved: every file has these, see docs/translations.md).
## language-name: its own name on the language buttons; language-direction: ltr or rtl;
## language-locale: the BCP 47 tag for dates and the browser's voice; language-voice: the espeak-ng
## voice of spoken calls; language-printed-without-pictures: the language a printer set to
## script=text prints instead (its own code when Latin letters can write it, transliterated);
## language-order: its place in the language lists (Dutch first).
language-name = Українська
language-direction = ltr
language-locale = uk-UA
language-voice = uk
language-printed-without-pictures = uk
language-order = 4

## Dates: the weekday and the month as a date names them (lower case where the language writes them so).
weekday-monday = понеділок
weekday-tuesday = вівторок
weekday-wednesday = середа
weekday-thursday = четвер
weekday-friday = пʼятниця
weekday-saturday = субота
weekday-sunday = неділя

## Months, in the form a full date needs ("25 листопада": Ukrainian in the genitive).
month-january = січня
month-february = лютого
month-march = березня
month-april = квітня
month-may = травня
month-june = червня
month-july = липня
month-august = серпня
month-september = вересня
month-october = жовтня
month-november = листопада
month-december = грудня

## The ticket the kiosk prints.
ticket-your-number = Ваш номер
ticket-waiting-before = Людей перед вами
ticket-estimated-wait = Час очікування
ticket-follow-on-phone = Стежте за чергою на телефоні

## The referral slip to a partner organisation.
referral-title = Направлення
referral-you-can-go-to = Ви можете звернутися до:
referral-address = Адреса
referral-phone = Тел.
referral-hours = Години роботи
referral-why = Чому
referral-website = Вебсайт

## The appointment confirmation printed at the desk.
appointment-title = Зустріч
appointment-service = Служба
appointment-with = З ким
appointment-team = команда «{ $service }»
appointment-place = Місце
appointment-at-reception = зверніться на рецепцію
appointment-your-code = Ваш код
appointment-at-arrival = Коли прийдете: відскануйте QR-код або введіть код у кіоску біля входу.
appointment-cancel = Якщо не можете прийти, скасуйте або перенесіть зустріч: зателефонуйте { $phone } або скажіть на рецепції, назвавши свій код.

## The note on a check-in ticket; the kiosk adds " — " and the room when there is one.
check-in-note = Вашого соціального працівника повідомлено

## The call the display speaks: $number as "P 23", $desk as the room's sign says.
call-sentence = Номер { $number }, до { $desk }.

## Why the kiosk cannot check in an appointment; $time is "14:30", $date "25/11/2026".
check-in-unknown-code = Ми не знаємо цього коду. Перевірте його або підійдіть до стійки реєстрації.
check-in-too-early = Ви прийшли зарано. Поверніться не раніше { $time }, щоб відмітитися.
check-in-too-late = Час вашого запису минув. Підійдіть до стійки реєстрації: вам допоможуть.
check-in-not-today = Ваш запис не сьогодні, а { $date } о { $time }.
check-in-cancelled = Цей запис скасовано. Підійдіть до стійки реєстрації.
check-in-already-served = Цей запис уже відбувся.

## Why the booking page refuses a booking (the server sends these with its error codes).
booking-refused-slot-taken = Цей час щойно забронював хтось інший. Оберіть інший час.
booking-refused-contact-limit = З цією електронною поштою або цим номером телефону вже є достатньо записів. Спочатку скасуйте один запис або зателефонуйте нам.
booking-refused-too-many-bookings = З цього інтернет-підключення зробили забагато записів. Спробуйте пізніше або зателефонуйте нам.
booking-refused-invalid-email = Ця адреса електронної пошти неправильна. Перевірте її (наприклад, name@example.be).
booking-refused-invalid-phone = Цей номер телефону неправильний. Перевірте його (наприклад, 0470 12 34 56).
booking-refused-missing-contact = Напишіть адресу електронної пошти або номер телефону, щоб ми могли з вами зв'язатися.
booking-refused-missing-name = Напишіть своє ім'я.
booking-refused-invalid-contact = Ваше ім'я задовге. Використайте менше ніж 100 знаків.
booking-refused-consent-required = Дайте згоду, щоб ми використали ваші дані для цього запису.
booking-refused-unknown-service = До цієї служби не можна записатися онлайн. Зателефонуйте нам або приходьте до нас.
booking-refused-unknown-staff = До цього соціального працівника не можна записатися онлайн.
booking-refused-staff-not-for-service = Цей соціальний працівник не займається цією службою. Оберіть іншу людину зі списку або дозвольте нам вибрати за вас.
booking-refused-in-past = Цей час уже минув. Оберіть інший час.
booking-refused-time-not-bookable = На цей час записатися не можна. Оберіть вільний час зі списку.
booking-refused-not-found = Такого запису немає. Перевірте посилання або зателефонуйте нам.
booking-refused-invalid-transition = Цей запис уже не можна змінити (його скасовано, або він минув). Якщо у вас є питання, зателефонуйте нам.
booking-refused-invalid-date = Ця дата неправильна. Оберіть день у календарі.

## The e-mail reminder the day before an appointment, word by word as the program puts the lines together; reminder-minutes-3-to-10 follows a duration of 3 to 10 minutes (Arabic counts those with the plural).
reminder-subject = Нагадування: ваш запис на прийом завтра о
reminder-greeting = Добрий день!
reminder-intro = Нагадуємо про ваш запис на прийом завтра.
reminder-when = Коли
reminder-at = о
reminder-minutes = хв
reminder-minutes-3-to-10 = хв
reminder-service = Служба
reminder-place = Де
reminder-room = Кімната
reminder-code = Код запису
reminder-check-in = Коли прийдете, відскануйте QR-код з вашого підтвердження або введіть цей код на сенсорному екрані біля входу.
reminder-manage = Не можете прийти? Скасуйте або перенесіть свій запис тут:
reminder-call = Не можете прийти? Будь ласка, повідомте нас за телефоном
reminder-regards = З повагою,
reminder-long-date = { $weekday }, { $day } { $month } { $year }

## The kiosk's screens ($when is a day and hour, $m minutes, $s seconds).
kiosk-welcome = Ласкаво просимо
kiosk-choose-lang = Оберіть мову
kiosk-what-for = З чим ви прийшли?
kiosk-appointment = У мене запис на прийом
kiosk-appointment-line = Відскануйте або введіть код вашого запису.
kiosk-question = У мене питання
kiosk-question-line = Оберіть тему і візьміть талон.
kiosk-topics = Про що ваше питання?
kiosk-dont-know = Я не знаю
kiosk-dont-know-line = Команда ID разом з вами знайде, хто може допомогти.
kiosk-closed = Зараз зачинено
kiosk-opens = Відчиняється { $when }
kiosk-unavailable = Зараз недоступно
kiosk-code-title = Код вашого запису
kiosk-code-help = Піднесіть QR-код вашого запису до сканера або введіть код.
kiosk-code-label = Код запису
kiosk-erase = Стерти
kiosk-ok = OK
kiosk-back = Назад
kiosk-restart = Почати знову
kiosk-busy = Хвилинку…
kiosk-your-number = Ваш номер
kiosk-before = Людей перед вами
kiosk-estimate = Орієнтовне очікування
kiosk-minutes = ± { $m } хв
kiosk-take = Візьміть свій талон нижче.
kiosk-follow = Стежте за своєю чергою на екрані в залі очікування.
kiosk-not-printed = Принтер не працює. Сфотографуйте цей номер або запам'ятайте його.
kiosk-checked-in = Ви зареєструвалися
kiosk-told = Вашого соціального працівника повідомлено.
kiosk-room = Кімната
kiosk-done = Готово
kiosk-offline = Талони тимчасово недоступні
kiosk-offline-line = Будь ласка, підійдіть до стійки реєстрації. Там вам допоможуть.
kiosk-too-many = Щойно взяли багато талонів. Зачекайте трохи і спробуйте знову.
kiosk-closed-now = Ця служба зараз зачинена.
kiosk-bad-code = Ми не знаходимо цей код. Перевірте код або підійдіть до стійки реєстрації.
kiosk-failed = Не вдалося. Будь ласка, підійдіть до стійки реєстрації.
kiosk-problem = Щось пішло не так
kiosk-refused = Зараз відмітитися не можна
kiosk-retry = Спробувати знову
kiosk-home = На початок
kiosk-code = Код
kiosk-slow-title = Хвилинку, будь ласка
kiosk-slow-line = Щойно взяли багато талонів. Спробуйте знову через { $s }.
kiosk-slow-ready = Тепер можна спробувати знову.
kiosk-speech-on = Озвучення увімкнено. Вибирайте стрілками, підтверджуйте клавішею Enter.
kiosk-speech-off = Озвучення вимкнено.

## The kiosk's check-in answers when the server gives no sentence of its own.
kiosk-check-in-too-many-attempts = Введено забагато неправильних кодів. Зачекайте хвилину і спробуйте знову або підійдіть до стійки реєстрації.
kiosk-check-in-too-early = Ви прийшли зарано на свій запис. Поверніться трохи пізніше, щоб відмітитися.
kiosk-check-in-too-late = Час вашого запису минув. Підійдіть до стійки реєстрації: вам допоможуть.
kiosk-check-in-not-today = Ваш запис не сьогодні. Перевірте дату в підтвердженні або запитайте на стійці реєстрації.
kiosk-check-in-cancelled = Цей запис скасовано. Підійдіть до стійки реєстрації.
kiosk-check-in-already-served = Цей запис уже відбувся. Маєте ще питання? Підійдіть до стійки реєстрації.

## The waiting-room display: its headings (the Dutch ones always show, the display's other languages beside them).
display-now = Ваша черга
display-history = Попередні виклики
display-queues = Черга
display-welcome = Ласкаво просимо. Візьміть талон у терміналі: ваш номер з'явиться тут.
display-no-calls = Сьогодні ще не було викликів.
display-restarting = Екран перезапускається… зачекайте
display-connecting = Підключення до сервера…
display-reconnecting = Відновлення з'єднання…
display-waiting = у черзі
display-closed = зачинено
display-title = { $location } – виклики
display-new = НОВИЙ
display-again = ЗНОВУ
display-heading = Виклики в залі очікування

## The visitor's status page (/s/…): what the phone shows about the ticket.
status-number = Ваш номер
status-waiting = Ви в черзі
status-called = Ваша черга!
status-goto = Підійдіть до
status-serving = Вас обслуговують
status-done = Ваш візит завершено. Дякуємо!
status-no-show = Вас викликали, але вас не було. Зверніться на рецепцію.
status-cancelled = Цей талон більше не дійсний.
status-left = Ви покинули чергу. До побачення!
status-position = Людей перед вами
status-wait = Орієнтовне очікування
status-min = хв
status-now = майже ваша черга
status-unknown = Такого талона немає. Зверніться на рецепцію.
status-busy = Забагато запитів. Спробуйте за хвилину.
status-note = Ця сторінка оновлюється сама.
status-offline = Немає з'єднання. Ви бачите останній відомий стан.
status-leave = Я йду
status-c-title = Покинути чергу?
status-c-text = Ваш номер { $number } буде скасовано. Якщо повернетеся, візьміть новий талон.
status-yes = Так, я йду
status-no = Ні, я залишаюся
status-too-late = Вас уже обслуговують: покинути чергу з цієї сторінки вже не можна.
status-failed = Не вдалося. Спробуйте ще раз або зверніться на рецепцію.

## The public booking page (/book): its headings, labels and buttons; $n is a count (a step, free times, days), $code the booking code spelled out, $day and $time the day and hour as the page shows them.
booking-skip = Перейти до змісту
booking-title = Записатися на прийом
booking-intro = Оберіть службу, день і час. Реєструватися на сайті не потрібно.
booking-step-service = Служба
booking-step-day = День
booking-step-time = Час
booking-step-details = Ваші дані
booking-step-of = Крок { $n } з 4
booking-choose-service = З якого питання ви хочете записатися?
booking-worker = У вас уже є свій соціальний працівник?
booking-worker-hint = Оберіть цю людину, і ви побачите, коли вона вільна.
booking-no-preference = Ні, або я не знаю
booking-no-services = Зараз записатися онлайн неможливо. Зателефонуйте нам.
booking-choose-day = Оберіть день
booking-free =
    { $n ->
         [one] { $n } вільне місце
         [few] { $n } вільні місця
         [many] { $n } вільних місць
        *[other] { $n } вільного місця
    }
booking-no-days = У найближчі тижні вільних місць немає. Зателефонуйте нам або оберіть іншу людину.
booking-days-found =
    { $n ->
         [one] { $n } день із вільним часом
         [few] { $n } дні з вільним часом
         [many] { $n } днів із вільним часом
        *[other] { $n } дня з вільним часом
    }
booking-choose-time = Оберіть час
booking-back = Назад
booking-your-details = Ваші дані
booking-details-intro = Напишіть адресу електронної пошти або номер телефону (або обидва), щоб ми могли з вами зв'язатися.
booking-name = Ваше ім'я
booking-email = Електронна пошта
booking-email-hint = За день до прийому ви отримаєте нагадування.
booking-phone = Номер телефону
booking-phone-hint = Наприклад, 0470 12 34 56
booking-optional = (не обов'язково, якщо ви написали електронну пошту)
booking-consent = Я погоджуюся, що Sociaal Huis використає ці дані для цього запису. Після прийому їх видалять.
booking-book = Підтвердити запис
booking-booking = Хвилинку…
booking-service = Служба
booking-date = День
booking-time = Час
booking-place = Місце
booking-room = Кімната
booking-booked = Вас записано на прийом.
booking-moved = Ваш запис перенесено.
booking-your-appointment = Ваш запис
booking-code = Ваш код
booking-code-hint = Коли прийдете, покажіть цей код або QR-код на кіоску біля входу.
booking-qr-alt = QR-код з вашим кодом { $code }
booking-keep-link = Збережіть цю сторінку. За цим посиланням ви зможете пізніше переглянути, перенести або скасувати свій запис:
booking-move-btn = Перенести запис
booking-cancel-btn = Скасувати запис
booking-cancel-ask = Ви справді хочете скасувати цей запис?
booking-cancel-yes = Так, скасувати
booking-cancel-no = Ні, залишити
booking-cancelled = Цей запис скасовано.
booking-over = Цей запис уже не можна змінити.
booking-new-booking = Зробити новий запис
booking-move-title = Перенести запис
booking-move-intro = Оберіть новий день і час у того самого соціального працівника.
booking-move-to = Новий час: { $day }, { $time }
booking-taken = Ось час, який зараз вільний.
booking-call = Є питання? Зателефонуйте нам:
booking-offline = Немає зв'язку з сервером. Спробуйте ще раз.
booking-not-found = Такого запису немає. Перевірте посилання або зателефонуйте нам.
booking-fix-errors = Перевірте, що ви написали.

## Closing a service now (staff ill, a fault): the reasons staff choose from, the kiosk's
## tile, the waiting visitor's status page, the waiting-room display.
closure-reason-staff-illness = хвороба працівників
closure-reason-technical-fault = технічна несправність
closure-reason-unforeseen = непередбачені обставини
closure-reason-meeting = нарада
kiosk-closed-until = Зачинено до { $time }
kiosk-closed-today = Сьогодні зачинено
status-closed-until = Ця служба зачинена до { $time }: { $reason }.
status-closed-today = Ця служба зачинена до кінця дня: { $reason }.
status-keep-place = Ви зберігаєте своє місце в черзі: вас усе одно викличуть.
display-closed-until = зачинено до { $time }

## Absences of social workers: the e-mail to a client whose appointment moved to a colleague or the team, or was cancelled (the date, service and code lines are the reminder's).
absence-mail-subject-changed = Ваш запис: інший соціальний працівник
absence-mail-subject-cancelled = Ваш запис скасовано
absence-mail-intro = Ваш соціальний працівник відсутній у день вашого запису.
absence-mail-colleague = Ваш запис залишається на той самий час. Вас прийме { $name }.
absence-mail-team = Ваш запис залишається на той самий час. Вас прийме колега зі служби.
absence-mail-cancelled = Тому ваш запис скасовано. Просимо вибачення.
absence-mail-call = Зателефонуйте нам, щоб записатися знову:

## Languages from the catalogues: the booking page's line for a browser without JavaScript (each language's own, shown together).
booking-needs-javascript = Цій сторінці потрібен JavaScript. Зателефонуйте нам, щоб записатися на прийом.
