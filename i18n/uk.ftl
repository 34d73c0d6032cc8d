# Onthaal — Українська (uk).
# How to change or add a language: docs/translations.md.

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
