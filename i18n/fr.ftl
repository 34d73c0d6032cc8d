# Onthaal — Français (fr).
# How to change or add a language: docs/translations.md.

## Dates: the weekday and the month as a date names them (lower case where the language writes them so).
weekday-monday = lundi
weekday-tuesday = mardi
weekday-wednesday = mercredi
weekday-thursday = jeudi
weekday-friday = vendredi
weekday-saturday = samedi
weekday-sunday = dimanche

## Months, in the form a full date needs ("25 листопада": Ukrainian in the genitive).
month-january = janvier
month-february = février
month-march = mars
month-april = avril
month-may = mai
month-june = juin
month-july = juillet
month-august = août
month-september = septembre
month-october = octobre
month-november = novembre
month-december = décembre

## The ticket the kiosk prints.
ticket-your-number = Votre numéro
ticket-waiting-before = Personnes avant vous
ticket-estimated-wait = Attente estimée
ticket-follow-on-phone = Suivez votre tour sur votre GSM

## The referral slip to a partner organisation.
referral-title = Orientation
referral-you-can-go-to = Vous pouvez vous adresser à :
referral-address = Adresse
referral-phone = Tél.
referral-hours = Heures d'ouverture
referral-why = Pourquoi
referral-website = Site web

## The appointment confirmation printed at the desk.
appointment-title = Rendez-vous
appointment-service = Service
appointment-with = Avec
appointment-team = l'équipe { $service }
appointment-place = Lieu
appointment-at-reception = présentez-vous à l'accueil
appointment-your-code = Votre code
appointment-at-arrival = À votre arrivée : scannez le code QR ou tapez le code sur la borne à l'entrée.
appointment-cancel = Si vous ne pouvez pas venir, annulez ou déplacez votre rendez-vous : appelez le { $phone } ou dites-le à l'accueil, avec votre code.

## The note on a check-in ticket; the kiosk adds " — " and the room when there is one.
check-in-note = Votre assistant social est prévenu

## The call the display speaks: $number as "P 23", $desk as the room's sign says.
call-sentence = Numéro { $number }, à { $desk }.

## Why the kiosk cannot check in an appointment; $time is "14:30", $date "25/11/2026".
check-in-unknown-code = Nous ne connaissons pas ce code. Vérifiez-le ou adressez-vous à l'accueil.
check-in-too-early = Vous êtes en avance. Revenez à partir de { $time } pour vous enregistrer.
check-in-too-late = L'heure de votre rendez-vous est passée. Adressez-vous à l'accueil : nous vous aiderons.
check-in-not-today = Votre rendez-vous n'est pas aujourd'hui, mais le { $date } à { $time }.
check-in-cancelled = Ce rendez-vous a été annulé. Adressez-vous à l'accueil.
check-in-already-served = Ce rendez-vous a déjà eu lieu.

## The visitor's status page (/s/…): what the phone shows about the ticket.
status-number = Votre numéro
status-waiting = Vous êtes dans la file d'attente
status-called = C'est votre tour !
status-goto = Présentez-vous à
status-serving = On s'occupe de vous
status-done = Votre visite est terminée. Merci !
status-no-show = Vous avez été appelé mais vous n'étiez pas là. Adressez-vous à l'accueil.
status-cancelled = Ce ticket n'est plus valable.
status-left = Vous avez quitté la file d'attente. Au revoir !
status-position = Personnes avant vous
status-wait = Attente estimée
status-min = min
status-now = bientôt votre tour
status-unknown = Ce ticket n'existe pas. Adressez-vous à l'accueil.
status-busy = Trop de demandes. Réessayez dans une minute.
status-note = Cette page se met à jour toute seule.
status-offline = Pas de connexion. Vous voyez le dernier état connu.
status-leave = Je pars
status-c-title = Quitter la file d'attente ?
status-c-text = Votre numéro { $number } sera annulé. Si vous revenez, prenez un nouveau ticket.
status-yes = Oui, je pars
status-no = Non, je reste
status-too-late = On s'occupe déjà de vous : vous ne pouvez plus partir depuis cette page.
status-failed = Cela n'a pas marché. Réessayez ou adressez-vous à l'accueil.
