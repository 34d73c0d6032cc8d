# Onthaal — English (en).
# How to change or add a language: docs/translations.md.

## Dates: the weekday and the month as a date names them (lower case where the language writes them so).
weekday-monday = Monday
weekday-tuesday = Tuesday
weekday-wednesday = Wednesday
weekday-thursday = Thursday
weekday-friday = Friday
weekday-saturday = Saturday
weekday-sunday = Sunday

## Months, in the form a full date needs ("25 листопада": Ukrainian in the genitive).
month-january = January
month-february = February
month-march = March
month-april = April
month-may = May
month-june = June
month-july = July
month-august = August
month-september = September
month-october = October
month-november = November
month-december = December

## The ticket the kiosk prints.
ticket-your-number = Your number
ticket-waiting-before = People ahead of you
ticket-estimated-wait = Estimated wait
ticket-follow-on-phone = Follow your turn on your phone

## The referral slip to a partner organisation.
referral-title = Referral
referral-you-can-go-to = You can go to:
referral-address = Address
referral-phone = Phone
referral-hours = Opening hours
referral-why = Why
referral-website = Website

## The appointment confirmation printed at the desk.
appointment-title = Appointment
appointment-service = Service
appointment-with = With
appointment-team = the { $service } team
appointment-place = Where
appointment-at-reception = ask at the reception desk
appointment-your-code = Your code
appointment-at-arrival = When you arrive: scan the QR code or type the code at the kiosk at the entrance.
appointment-cancel = If you cannot come, cancel or move your appointment: call { $phone } or tell the reception desk, with your code.

## The note on a check-in ticket; the kiosk adds " — " and the room when there is one.
check-in-note = Your social worker has been told

## The call the display speaks: $number as "P 23", $desk as the room's sign says.
call-sentence = Number { $number }, to { $desk }.

## Why the kiosk cannot check in an appointment; $time is "14:30", $date "25/11/2026".
check-in-unknown-code = We do not know this code. Check it or go to the reception desk.
check-in-too-early = You are early. Please come back from { $time } to check in.
check-in-too-late = Your appointment time has passed. Please go to the reception desk: we will help you.
check-in-not-today = Your appointment is not today but on { $date } at { $time }.
check-in-cancelled = This appointment was cancelled. Please go to the reception desk.
check-in-already-served = This appointment has already taken place.

## The visitor's status page (/s/…): what the phone shows about the ticket.
status-number = Your number
status-waiting = You are in the queue
status-called = It's your turn!
status-goto = Go to
status-serving = You are being helped
status-done = Your visit has ended. Thank you!
status-no-show = You were called but were not there. Please ask at the reception.
status-cancelled = This ticket is no longer valid.
status-left = You left the queue. Goodbye!
status-position = People before you
status-wait = Estimated wait
status-min = min
status-now = almost your turn
status-unknown = This ticket does not exist. Please ask at the reception.
status-busy = Too many requests. Please try again in a minute.
status-note = This page updates by itself.
status-offline = No connection. You see the last known state.
status-leave = I'm leaving
status-c-title = Leave the queue?
status-c-text = Your number { $number } will be cancelled. If you come back, take a new ticket.
status-yes = Yes, I'm leaving
status-no = No, I'm staying
status-too-late = You are already being helped: you can no longer leave from this page.
status-failed = That did not work. Try again or ask at the reception.
