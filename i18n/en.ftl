# Onthaal — English (en).
# How to change or add a language: docs/translations.md.

## This language, as the programs know it (reserved: every file has these, see docs/translations.md).
## language-name: its own name on the language buttons; language-direction: ltr or rtl;
## language-locale: the BCP 47 tag for dates and the browser's voice; language-voice: the espeak-ng
## voice of spoken calls; language-printed-without-pictures: the language a printer set to
## script=text prints instead (its own code when Latin letters can write it, transliterated);
## language-order: its place in the language lists (Dutch first).
language-name = English
language-direction = ltr
language-locale = en-GB
language-voice = en-gb
language-printed-without-pictures = en
language-order = 3

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

## Why the booking page refuses a booking (the server sends these with its error codes).
booking-refused-slot-taken = Someone else has just booked this time. Please choose another time.
booking-refused-contact-limit = Enough appointments are already booked with this e-mail address or phone number. Cancel one first, or call us.
booking-refused-too-many-bookings = Too many appointments were booked from here. Please try again later or call us.
booking-refused-invalid-email = This e-mail address is not right. Please check it (for example name@example.be).
booking-refused-invalid-phone = This phone number is not right. Please check it (for example 0470 12 34 56).
booking-refused-missing-contact = Give an e-mail address or a phone number, so that we can reach you.
booking-refused-missing-name = Please fill in your name.
booking-refused-invalid-contact = Your name is too long. Please use fewer than 100 characters.
booking-refused-consent-required = Please agree to the use of your details for this appointment.
booking-refused-unknown-service = This service cannot be booked online. Please call us or come by.
booking-refused-unknown-staff = This social worker cannot be booked online.
booking-refused-staff-not-for-service = This social worker does not handle this service. Choose someone else from the list, or let us choose for you.
booking-refused-in-past = This time has already passed. Please choose another time.
booking-refused-time-not-bookable = This time cannot be booked. Please choose a free time from the list.
booking-refused-not-found = This appointment does not exist. Please check the link or call us.
booking-refused-invalid-transition = This appointment can no longer be changed (it was cancelled or has passed). Call us if you have questions.
booking-refused-invalid-date = This date is not right. Please choose a day in the calendar.

## The e-mail reminder the day before an appointment, word by word as the program puts the lines together; reminder-minutes-3-to-10 follows a duration of 3 to 10 minutes (Arabic counts those with the plural).
reminder-subject = Reminder: your appointment tomorrow at
reminder-greeting = Hello,
reminder-intro = This is a reminder of your appointment tomorrow.
reminder-when = When
reminder-at = at
reminder-minutes = minutes
reminder-minutes-3-to-10 = minutes
reminder-service = Service
reminder-place = Where
reminder-room = Room
reminder-code = Appointment code
reminder-check-in = When you arrive, scan the QR code of your confirmation or type this code at the kiosk at the entrance.
reminder-manage = Cannot come? Cancel or move your appointment here:
reminder-call = Cannot come? Please let us know, call
reminder-regards = Kind regards,
reminder-long-date = { $weekday } { $day } { $month } { $year }

## The kiosk's screens ($when is a day and hour, $m minutes, $s seconds).
kiosk-welcome = Welcome
kiosk-choose-lang = Choose your language
kiosk-what-for = What brings you here?
kiosk-appointment = I have an appointment
kiosk-appointment-line = Scan or type the code of your appointment.
kiosk-question = I have a question
kiosk-question-line = Choose the topic and take a ticket.
kiosk-topics = What is your question about?
kiosk-dont-know = I don't know
kiosk-dont-know-line = The ID team will find out with you who can help.
kiosk-closed = Closed now
kiosk-opens = Opens { $when }
kiosk-unavailable = Not available now
kiosk-code-title = Your appointment code
kiosk-code-help = Hold the QR code of your appointment under the scanner, or type the code.
kiosk-code-label = Appointment code
kiosk-erase = Erase
kiosk-ok = OK
kiosk-back = Back
kiosk-restart = Start again
kiosk-busy = One moment…
kiosk-your-number = Your number
kiosk-before = People before you
kiosk-estimate = Estimated wait
kiosk-minutes = ± { $m } min
kiosk-take = Take your ticket below.
kiosk-follow = Follow your turn on the screen in the waiting room.
kiosk-not-printed = The printer is not working. Take a photo of this number or remember it.
kiosk-checked-in = You are checked in
kiosk-told = Your social worker has been told.
kiosk-room = Room
kiosk-done = Done
kiosk-offline = Tickets are temporarily unavailable
kiosk-offline-line = Please go to the reception desk. We will help you there.
kiosk-too-many = Many tickets were taken just now. Please wait a moment, then try again.
kiosk-closed-now = This service is closed now.
kiosk-bad-code = We cannot find this code. Check the code, or go to the reception desk.
kiosk-failed = That did not work. Please go to the reception desk.
kiosk-problem = Something went wrong
kiosk-refused = You cannot check in now
kiosk-retry = Try again
kiosk-home = Back to the start
kiosk-code = Code
kiosk-slow-title = One moment, please
kiosk-slow-line = Many tickets were taken just now. Please try again in { $s }.
kiosk-slow-ready = You can try again now.
kiosk-speech-on = Speech is on. Choose with the arrow keys, confirm with Enter.
kiosk-speech-off = Speech is off.

## The kiosk's check-in answers when the server gives no sentence of its own.
kiosk-check-in-too-many-attempts = Too many wrong codes were typed. Wait a minute and try again, or go to the reception desk.
kiosk-check-in-too-early = You are early for your appointment. Please come back a little later to check in.
kiosk-check-in-too-late = Your appointment time has passed. Please go to the reception desk: we will help you.
kiosk-check-in-not-today = Your appointment is not today. Check the date on your confirmation, or ask at the reception desk.
kiosk-check-in-cancelled = This appointment was cancelled. Please go to the reception desk.
kiosk-check-in-already-served = This appointment has already taken place. Do you have another question? Please go to the reception desk.

## The waiting-room display: its headings (the Dutch ones always show, the display's other languages beside them).
display-now = Your turn now
display-history = Previous calls
display-queues = Waiting
display-welcome = Welcome. Take a ticket at the kiosk: your number will appear here.
display-no-calls = No calls yet today.
display-restarting = Screen restarting… one moment
display-connecting = Connecting to the server…
display-reconnecting = Reconnecting…
display-waiting = waiting
display-closed = closed
display-title = { $location } – calls
display-new = NEW
display-again = AGAIN
display-heading = Calls in the waiting room

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

## The public booking page (/book): its headings, labels and buttons; $n is a count (a step, free times, days), $code the booking code spelled out, $day and $time the day and hour as the page shows them.
booking-skip = Skip to content
booking-title = Book an appointment
booking-intro = Choose a service, a day and a time. No account needed.
booking-step-service = Service
booking-step-day = Day
booking-step-time = Time
booking-step-details = Details
booking-step-of = Step { $n } of 4
booking-choose-service = What is the appointment for?
booking-worker = Do you already have a social worker?
booking-worker-hint = Choose them to see when they are free.
booking-no-preference = No, or I don't know
booking-no-services = Online booking is not possible at the moment. Please call us.
booking-choose-day = Choose a day
booking-free =
    { $n ->
         [one] { $n } free time
        *[other] { $n } free times
    }
booking-no-days = No free times in the coming weeks. Please call us, or choose someone else.
booking-days-found =
    { $n ->
         [one] { $n } day with free times
        *[other] { $n } days with free times
    }
booking-choose-time = Choose a time
booking-back = Back
booking-your-details = Your details
booking-details-intro = Give an e-mail address or a phone number (or both), so that we can reach you.
booking-name = Your name
booking-email = E-mail address
booking-email-hint = You will get a reminder the day before.
booking-phone = Phone number
booking-phone-hint = For example 0470 12 34 56
booking-optional = (optional if you give an e-mail address)
booking-consent = I agree that the Sociaal Huis uses these details for this appointment. They are erased after the appointment.
booking-book = Confirm the appointment
booking-booking = One moment…
booking-service = Service
booking-date = Day
booking-time = Time
booking-place = Place
booking-room = Room
booking-booked = Your appointment is booked.
booking-moved = Your appointment has been moved.
booking-your-appointment = Your appointment
booking-code = Your code
booking-code-hint = Show this code or QR code at the kiosk when you arrive.
booking-qr-alt = QR code with your code { $code }
booking-keep-link = Keep this page. With this link you can view, move or cancel your appointment later:
booking-move-btn = Move the appointment
booking-cancel-btn = Cancel the appointment
booking-cancel-ask = Do you really want to cancel this appointment?
booking-cancel-yes = Yes, cancel
booking-cancel-no = No, keep it
booking-cancelled = This appointment has been cancelled.
booking-over = This appointment can no longer be changed.
booking-new-booking = Book a new appointment
booking-move-title = Move the appointment
booking-move-intro = Choose a new day and time, with the same social worker.
booking-move-to = Move to { $day } at { $time }
booking-taken = Here are the free times now.
booking-call = Questions? Call us:
booking-offline = There is no connection with the server. Please try again.
booking-not-found = This appointment does not exist. Please check the link or call us.
booking-fix-errors = Please check the form.

## Closing a service now (staff ill, a fault): the reasons staff choose from, the kiosk's
## tile, the waiting visitor's status page, the waiting-room display.
closure-reason-staff-illness = staff illness
closure-reason-technical-fault = technical fault
closure-reason-unforeseen = unforeseen circumstances
closure-reason-meeting = meeting
kiosk-closed-until = Closed until { $time }
kiosk-closed-today = Closed today
status-closed-until = This service is closed until { $time }: { $reason }.
status-closed-today = This service is closed for the rest of the day: { $reason }.
status-keep-place = You keep your place in the queue: you will still be called.
display-closed-until = closed until { $time }

## Absences of social workers: the e-mail to a client whose appointment moved to a colleague or the team, or was cancelled (the date, service and code lines are the reminder's).
absence-mail-subject-changed = Your appointment: another social worker
absence-mail-subject-cancelled = Your appointment is cancelled
absence-mail-intro = Your social worker is absent on the day of your appointment.
absence-mail-colleague = Your appointment stays at the same time. You will be seen by { $name }.
absence-mail-team = Your appointment stays at the same time. A colleague of the service will see you.
absence-mail-cancelled = Your appointment is therefore cancelled. We apologise.
absence-mail-call = Call us to make a new appointment:

## Languages from the catalogues: the booking page's line for a browser without JavaScript (each language's own, shown together).
booking-needs-javascript = This page needs JavaScript. Please call us to book an appointment.
