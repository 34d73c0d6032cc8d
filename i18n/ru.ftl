# Onthaal — Русский (ru).
# How to change or add a language: docs/translations.md.

## This language, as the programs know it (reserved: every file has these, see docs/translations.md).
## language-name: its own name on the language buttons; language-direction: ltr or rtl;
## language-locale: the BCP 47 tag for dates and the browser's voice; language-voice: the espeak-ng
## voice of spoken calls; language-printed-without-pictures: the language a printer set to
## script=text prints instead (its own code when Latin letters can write it, transliterated);
## language-order: its place in the language lists (Dutch first).
language-name = Русский
language-direction = ltr
language-locale = ru-RU
language-voice = ru
language-printed-without-pictures = ru
language-order = 7

## Dates: the weekday and the month as a date names them (lower case where the language writes them so).
weekday-monday = понедельник
weekday-tuesday = вторник
weekday-wednesday = среда
weekday-thursday = четверг
weekday-friday = пятница
weekday-saturday = суббота
weekday-sunday = воскресенье

## Months, in the form a full date needs ("25 ноября": Russian in the genitive).
month-january = января
month-february = февраля
month-march = марта
month-april = апреля
month-may = мая
month-june = июня
month-july = июля
month-august = августа
month-september = сентября
month-october = октября
month-november = ноября
month-december = декабря

## The ticket the kiosk prints.
ticket-your-number = Ваш номер
ticket-waiting-before = Людей перед вами
ticket-estimated-wait = Время ожидания
ticket-follow-on-phone = Следите за очередью на телефоне

## The referral slip to a partner organisation.
referral-title = Направление
referral-you-can-go-to = Вы можете обратиться в:
referral-address = Адрес
referral-phone = Тел.
referral-hours = Часы работы
referral-why = Зачем
referral-website = Сайт

## The appointment confirmation printed at the desk.
appointment-title = Встреча
appointment-service = Служба
appointment-with = С кем
appointment-team = команда «{ $service }»
appointment-place = Место
appointment-at-reception = обратитесь на ресепшен
appointment-your-code = Ваш код
appointment-at-arrival = Когда придёте: отсканируйте QR-код или введите код в киоске у входа.
appointment-cancel = Если не можете прийти, отмените или перенесите встречу: позвоните по номеру { $phone } или скажите на ресепшене, назвав свой код.

## The note on a check-in ticket; the kiosk adds " — " and the room when there is one.
check-in-note = Ваш социальный работник уведомлён

## The call the display speaks: $number as "P 23", $desk as the room's sign says.
call-sentence = Номер { $number }, в { $desk }.

## Why the kiosk cannot check in an appointment; $time is "14:30", $date "25/11/2026".
check-in-unknown-code = Мы не знаем этот код. Проверьте его или подойдите к стойке регистрации.
check-in-too-early = Вы пришли слишком рано. Вернитесь не раньше { $time }, чтобы отметиться.
check-in-too-late = Время вашей записи прошло. Подойдите к стойке регистрации: вам помогут.
check-in-not-today = Ваша запись не сегодня, а { $date } в { $time }.
check-in-cancelled = Эта запись отменена. Подойдите к стойке регистрации.
check-in-already-served = Эта запись уже состоялась.

## Why the booking page refuses a booking (the server sends these with its error codes).
booking-refused-slot-taken = Это время только что забронировал кто-то другой. Выберите другое время.
booking-refused-contact-limit = С этим адресом электронной почты или этим номером телефона уже достаточно записей. Сначала отмените одну запись или позвоните нам.
booking-refused-too-many-bookings = С этого интернет-подключения сделано слишком много записей. Попробуйте позже или позвоните нам.
booking-refused-invalid-email = Этот адрес электронной почты неверен. Проверьте его (например, name@example.be).
booking-refused-invalid-phone = Этот номер телефона неверен. Проверьте его (например, 0470 12 34 56).
booking-refused-missing-contact = Укажите адрес электронной почты или номер телефона, чтобы мы могли с вами связаться.
booking-refused-missing-name = Укажите своё имя.
booking-refused-invalid-contact = Ваше имя слишком длинное. Используйте меньше 100 знаков.
booking-refused-consent-required = Дайте согласие, чтобы мы использовали ваши данные для этой записи.
booking-refused-unknown-service = На эту службу нельзя записаться онлайн. Позвоните нам или приходите к нам.
booking-refused-unknown-staff = К этому социальному работнику нельзя записаться онлайн.
booking-refused-staff-not-for-service = Этот социальный работник не занимается этой службой. Выберите другого человека из списка или позвольте нам выбрать за вас.
booking-refused-in-past = Это время уже прошло. Выберите другое время.
booking-refused-time-not-bookable = На это время записаться нельзя. Выберите свободное время из списка.
booking-refused-not-found = Такой записи нет. Проверьте ссылку или позвоните нам.
booking-refused-invalid-transition = Эту запись уже нельзя изменить (она отменена или уже прошла). Если у вас есть вопросы, позвоните нам.
booking-refused-invalid-date = Эта дата неверна. Выберите день в календаре.

## The e-mail reminder the day before an appointment, word by word as the program puts the lines together; reminder-minutes-3-to-10 follows a duration of 3 to 10 minutes (Arabic counts those with the plural).
reminder-subject = Напоминание: ваша запись на приём завтра в
reminder-greeting = Добрый день!
reminder-intro = Напоминаем о вашей записи на приём завтра.
reminder-when = Когда
reminder-at = в
reminder-minutes = мин
reminder-minutes-3-to-10 = мин
reminder-service = Служба
reminder-place = Где
reminder-room = Кабинет
reminder-code = Код записи
reminder-check-in = Когда придёте, отсканируйте QR-код из вашего подтверждения или введите этот код на сенсорном экране у входа.
reminder-manage = Не можете прийти? Отмените или перенесите свою запись здесь:
reminder-call = Не можете прийти? Пожалуйста, сообщите нам по телефону
reminder-regards = С уважением,
reminder-long-date = { $weekday }, { $day } { $month } { $year }

## The kiosk's screens ($when is a day and hour, $m minutes, $s seconds).
kiosk-welcome = Добро пожаловать
kiosk-choose-lang = Выберите язык
kiosk-what-for = С чем вы пришли?
kiosk-appointment = У меня запись на приём
kiosk-appointment-line = Отсканируйте или введите код вашей записи.
kiosk-question = У меня вопрос
kiosk-question-line = Выберите тему и возьмите талон.
kiosk-topics = О чём ваш вопрос?
kiosk-dont-know = Я не знаю
kiosk-dont-know-line = Команда ID вместе с вами найдёт, кто может помочь.
kiosk-closed = Сейчас закрыто
kiosk-opens = Открывается { $when }
kiosk-unavailable = Сейчас недоступно
kiosk-code-title = Код вашей записи
kiosk-code-help = Поднесите QR-код вашей записи к сканеру или введите код.
kiosk-code-label = Код записи
kiosk-erase = Стереть
kiosk-ok = OK
kiosk-back = Назад
kiosk-restart = Начать заново
kiosk-busy = Минутку…
kiosk-your-number = Ваш номер
kiosk-before = Людей перед вами
kiosk-estimate = Примерное ожидание
kiosk-minutes = ± { $m } мин
kiosk-take = Возьмите свой талон внизу.
kiosk-follow = Следите за своей очередью на экране в зале ожидания.
kiosk-not-printed = Принтер не работает. Сфотографируйте этот номер или запомните его.
kiosk-checked-in = Вы зарегистрировались
kiosk-told = Ваш социальный работник уведомлён.
kiosk-room = Кабинет
kiosk-done = Готово
kiosk-offline = Талоны временно недоступны
kiosk-offline-line = Пожалуйста, подойдите к стойке регистрации. Там вам помогут.
kiosk-too-many = Только что взяли много талонов. Подождите немного и попробуйте снова.
kiosk-closed-now = Эта служба сейчас закрыта.
kiosk-bad-code = Мы не находим этот код. Проверьте код или подойдите к стойке регистрации.
kiosk-failed = Не получилось. Пожалуйста, подойдите к стойке регистрации.
kiosk-problem = Что-то пошло не так
kiosk-refused = Сейчас отметиться нельзя
kiosk-retry = Попробовать снова
kiosk-home = В начало
kiosk-code = Код
kiosk-slow-title = Минутку, пожалуйста
kiosk-slow-line = Только что взяли много талонов. Попробуйте снова через { $s }.
kiosk-slow-ready = Теперь можно попробовать снова.
kiosk-speech-on = Озвучивание включено. Выбирайте стрелками, подтверждайте клавишей Enter.
kiosk-speech-off = Озвучивание выключено.

## The kiosk's check-in answers when the server gives no sentence of its own.
kiosk-check-in-too-many-attempts = Введено слишком много неверных кодов. Подождите минуту и попробуйте снова или подойдите к стойке регистрации.
kiosk-check-in-too-early = Вы пришли слишком рано на свою запись. Вернитесь немного позже, чтобы отметиться.
kiosk-check-in-too-late = Время вашей записи прошло. Подойдите к стойке регистрации: вам помогут.
kiosk-check-in-not-today = Ваша запись не сегодня. Проверьте дату в подтверждении или спросите на стойке регистрации.
kiosk-check-in-cancelled = Эта запись отменена. Подойдите к стойке регистрации.
kiosk-check-in-already-served = Эта запись уже состоялась. Остались вопросы? Подойдите к стойке регистрации.

## The waiting-room display: its headings (the Dutch ones always show, the display's other languages beside them).
display-now = Ваша очередь
display-history = Предыдущие вызовы
display-queues = Очередь
display-welcome = Добро пожаловать. Возьмите талон в терминале: ваш номер появится здесь.
display-no-calls = Сегодня ещё не было вызовов.
display-restarting = Экран перезапускается… подождите
display-connecting = Подключение к серверу…
display-reconnecting = Восстановление соединения…
display-waiting = в очереди
display-closed = закрыто
display-title = { $location } – вызовы
display-new = НОВЫЙ
display-again = СНОВА
display-heading = Вызовы в зале ожидания

## The visitor's status page (/s/…): what the phone shows about the ticket.
status-number = Ваш номер
status-waiting = Вы в очереди
status-called = Ваша очередь!
status-goto = Подойдите к
status-serving = Вас обслуживают
status-done = Ваш визит завершён. Спасибо!
status-no-show = Вас вызывали, но вас не было. Обратитесь на ресепшен.
status-cancelled = Этот талон больше не действителен.
status-left = Вы покинули очередь. До свидания!
status-position = Людей перед вами
status-wait = Примерное ожидание
status-min = мин
status-now = почти ваша очередь
status-unknown = Такого талона нет. Обратитесь на ресепшен.
status-busy = Слишком много запросов. Попробуйте через минуту.
status-note = Эта страница обновляется сама.
status-offline = Нет соединения. Вы видите последнее известное состояние.
status-leave = Я ухожу
status-c-title = Покинуть очередь?
status-c-text = Ваш номер { $number } будет отменён. Если вернётесь, возьмите новый талон.
status-yes = Да, я ухожу
status-no = Нет, я остаюсь
status-too-late = Вас уже обслуживают: покинуть очередь с этой страницы уже нельзя.
status-failed = Не получилось. Попробуйте ещё раз или обратитесь на ресепшен.

## The public booking page (/book): its headings, labels and buttons; $n is a count (a step, free times, days), $code the booking code spelled out, $day and $time the day and hour as the page shows them.
booking-skip = Перейти к содержанию
booking-title = Записаться на приём
booking-intro = Выберите службу, день и время. Регистрироваться на сайте не нужно.
booking-step-service = Служба
booking-step-day = День
booking-step-time = Время
booking-step-details = Ваши данные
booking-step-of = Шаг { $n } из 4
booking-choose-service = По какому вопросу вы хотите записаться?
booking-worker = У вас уже есть свой социальный работник?
booking-worker-hint = Выберите этого человека, и вы увидите, когда он свободен.
booking-no-preference = Нет, или я не знаю
booking-no-services = Сейчас записаться онлайн невозможно. Позвоните нам.
booking-choose-day = Выберите день
booking-free =
    { $n ->
         [one] { $n } свободное место
         [few] { $n } свободных места
         [many] { $n } свободных мест
        *[other] { $n } свободного места
    }
booking-no-days = В ближайшие недели свободного времени нет. Позвоните нам или выберите другого человека.
booking-days-found =
    { $n ->
         [one] { $n } день со свободным временем
         [few] { $n } дня со свободным временем
         [many] { $n } дней со свободным временем
        *[other] { $n } дня со свободным временем
    }
booking-choose-time = Выберите время
booking-back = Назад
booking-your-details = Ваши данные
booking-details-intro = Укажите адрес электронной почты или номер телефона (или оба), чтобы мы могли с вами связаться.
booking-name = Ваше имя
booking-email = Электронная почта
booking-email-hint = За день до приёма вы получите напоминание.
booking-phone = Номер телефона
booking-phone-hint = Например, 0470 12 34 56
booking-optional = (не обязательно, если вы указали электронную почту)
booking-consent = Я согласен(на), что Sociaal Huis использует эти данные для этой записи. После приёма их удалят.
booking-book = Подтвердить запись
booking-booking = Минутку…
booking-service = Служба
booking-date = День
booking-time = Время
booking-place = Место
booking-room = Кабинет
booking-booked = Вы записаны на приём.
booking-moved = Ваша запись перенесена.
booking-your-appointment = Ваша запись
booking-code = Ваш код
booking-code-hint = Когда придёте, покажите этот код или QR-код в киоске у входа.
booking-qr-alt = QR-код с вашим кодом { $code }
booking-keep-link = Сохраните эту страницу. По этой ссылке вы сможете позже посмотреть, перенести или отменить свою запись:
booking-move-btn = Перенести запись
booking-cancel-btn = Отменить запись
booking-cancel-ask = Вы действительно хотите отменить эту запись?
booking-cancel-yes = Да, отменить
booking-cancel-no = Нет, оставить
booking-cancelled = Эта запись отменена.
booking-over = Эту запись уже нельзя изменить.
booking-new-booking = Сделать новую запись
booking-move-title = Перенести запись
booking-move-intro = Выберите новый день и время у того же социального работника.
booking-move-to = Новое время: { $day }, { $time }
booking-taken = Вот время, которое сейчас свободно.
booking-call = Есть вопросы? Позвоните нам:
booking-offline = Нет связи с сервером. Попробуйте ещё раз.
booking-not-found = Такой записи нет. Проверьте ссылку или позвоните нам.
booking-fix-errors = Проверьте, что вы написали.

## Languages from the catalogues: the booking page's line for a browser without JavaScript (each language's own, shown together).
booking-needs-javascript = Этой странице нужен JavaScript. Позвоните нам, чтобы записаться на приём.

## Closing a service now (staff ill, a fault): the reasons staff choose from, the kiosk's
## tile, the waiting visitor's status page, the waiting-room display.
closure-reason-staff-illness = болезнь сотрудников
closure-reason-technical-fault = техническая неисправность
closure-reason-unforeseen = непредвиденные обстоятельства
closure-reason-meeting = совещание
kiosk-closed-until = Закрыто до { $time }
kiosk-closed-today = Сегодня закрыто
status-closed-until = Эта служба закрыта до { $time }: { $reason }.
status-closed-today = Эта служба закрыта до конца дня: { $reason }.
status-keep-place = Вы сохраняете своё место в очереди: вас всё равно вызовут.
display-closed-until = закрыто до { $time }

## Absences of social workers: the e-mail to a client whose appointment moved to a colleague or the team, or was cancelled (the date, service and code lines are the reminder's).
absence-mail-subject-changed = Ваша запись: другой социальный работник
absence-mail-subject-cancelled = Ваша запись отменена
absence-mail-intro = Ваш социальный работник отсутствует в день вашей записи.
absence-mail-colleague = Ваша запись остаётся на то же время. Вас примет { $name }.
absence-mail-team = Ваша запись остаётся на то же время. Вас примет коллега из службы.
absence-mail-cancelled = Поэтому ваша запись отменена. Приносим извинения.
absence-mail-call = Позвоните нам, чтобы записаться снова:
