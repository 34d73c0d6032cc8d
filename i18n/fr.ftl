# Onthaal — Français (fr).
# How to change or add a language: docs/translations.md.

## This language, as the programs know it (reserved: every file has these, see docs/translations.md).
## language-name: its own name on the language buttons; language-direction: ltr or rtl;
## language-locale: the BCP 47 tag for dates and the browser's voice; language-voice: the espeak-ng
## voice of spoken calls; language-printed-without-pictures: the language a printer set to
## script=text prints instead (its own code when Latin letters can write it, transliterated);
## language-order: its place in the language lists (Dutch first).
language-name = Français
language-direction = ltr
language-locale = fr-BE
language-voice = fr-be
language-printed-without-pictures = fr
language-order = 2

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

## Why the booking page refuses a booking (the server sends these with its error codes).
booking-refused-slot-taken = Cette heure vient d'être réservée par quelqu'un d'autre. Choisissez une autre heure.
booking-refused-contact-limit = Assez de rendez-vous sont déjà réservés avec cette adresse e-mail ou ce numéro. Annulez d'abord un rendez-vous, ou appelez-nous.
booking-refused-too-many-bookings = Trop de rendez-vous ont été réservés depuis cet endroit. Réessayez plus tard ou appelez-nous.
booking-refused-invalid-email = Cette adresse e-mail n'est pas correcte. Vérifiez-la (par exemple nom@exemple.be).
booking-refused-invalid-phone = Ce numéro de téléphone n'est pas correct. Vérifiez-le (par exemple 0470 12 34 56).
booking-refused-missing-contact = Donnez une adresse e-mail ou un numéro de téléphone, pour que nous puissions vous joindre.
booking-refused-missing-name = Indiquez votre nom.
booking-refused-invalid-contact = Votre nom est trop long. Utilisez moins de 100 caractères.
booking-refused-consent-required = Donnez votre accord pour l'utilisation de vos données pour ce rendez-vous.
booking-refused-unknown-service = Ce service ne se réserve pas en ligne. Appelez-nous ou passez nous voir.
booking-refused-unknown-staff = Cet assistant social ne peut pas être réservé en ligne.
booking-refused-staff-not-for-service = Cet assistant social ne s'occupe pas de ce service. Choisissez une autre personne dans la liste, ou laissez-nous choisir à votre place.
booking-refused-in-past = Cette heure est déjà passée. Choisissez une autre heure.
booking-refused-time-not-bookable = Impossible de prendre rendez-vous à cette heure. Choisissez une heure libre dans la liste.
booking-refused-not-found = Ce rendez-vous n'existe pas. Vérifiez le lien ou appelez-nous.
booking-refused-invalid-transition = Ce rendez-vous ne peut plus être modifié (il est annulé ou passé). Appelez-nous si vous avez des questions.
booking-refused-invalid-date = Cette date n'est pas correcte. Choisissez un jour dans le calendrier.

## The e-mail reminder the day before an appointment, word by word as the program puts the lines together; reminder-minutes-3-to-10 follows a duration of 3 to 10 minutes (Arabic counts those with the plural).
reminder-subject = Rappel : votre rendez-vous demain à
reminder-greeting = Bonjour,
reminder-intro = Ceci est un rappel de votre rendez-vous de demain.
reminder-when = Quand
reminder-at = à
reminder-minutes = minutes
reminder-minutes-3-to-10 = minutes
reminder-service = Service
reminder-place = Où
reminder-room = Local
reminder-code = Code du rendez-vous
reminder-check-in = À votre arrivée, scannez le code QR de votre confirmation ou tapez ce code sur la borne à l'entrée.
reminder-manage = Vous ne pouvez pas venir ? Annulez ou déplacez votre rendez-vous ici :
reminder-call = Vous ne pouvez pas venir ? Prévenez-nous au
reminder-regards = Bien cordialement,
reminder-long-date = { $weekday } { $day } { $month } { $year }

## The kiosk's screens ($when is a day and hour, $m minutes, $s seconds).
kiosk-welcome = Bienvenue
kiosk-choose-lang = Choisissez votre langue
kiosk-what-for = Pourquoi venez-vous ?
kiosk-appointment = J'ai un rendez-vous
kiosk-appointment-line = Scannez ou tapez le code de votre rendez-vous.
kiosk-question = J'ai une question
kiosk-question-line = Choisissez le sujet et prenez un ticket.
kiosk-topics = Votre question porte sur quoi ?
kiosk-dont-know = Je ne sais pas
kiosk-dont-know-line = L'équipe ID cherche avec vous qui peut vous aider.
kiosk-closed = Fermé maintenant
kiosk-opens = Ouvre { $when }
kiosk-unavailable = Pas disponible maintenant
kiosk-code-title = Code de votre rendez-vous
kiosk-code-help = Tenez le code QR de votre rendez-vous sous le scanner, ou tapez le code.
kiosk-code-label = Code du rendez-vous
kiosk-erase = Effacer
kiosk-ok = OK
kiosk-back = Retour
kiosk-restart = Recommencer
kiosk-busy = Un instant…
kiosk-your-number = Votre numéro
kiosk-before = Personnes avant vous
kiosk-estimate = Attente estimée
kiosk-minutes = ± { $m } min
kiosk-take = Prenez votre ticket ci-dessous.
kiosk-follow = Suivez votre tour sur l'écran de la salle d'attente.
kiosk-not-printed = L'imprimante ne fonctionne pas. Prenez ce numéro en photo ou retenez-le.
kiosk-checked-in = Vous êtes enregistré
kiosk-told = Votre assistant social est prévenu.
kiosk-room = Local
kiosk-done = Terminé
kiosk-offline = Les tickets sont temporairement indisponibles
kiosk-offline-line = Allez au guichet de l'accueil. Nous vous y aiderons.
kiosk-too-many = Beaucoup de tickets viennent d'être pris. Attendez un moment, puis réessayez.
kiosk-closed-now = Ce service est fermé maintenant.
kiosk-bad-code = Nous ne trouvons pas ce code. Vérifiez le code ou allez au guichet de l'accueil.
kiosk-failed = Cela n'a pas marché. Allez au guichet de l'accueil.
kiosk-problem = Un problème est survenu
kiosk-refused = Enregistrement impossible maintenant
kiosk-retry = Réessayer
kiosk-home = Retour au début
kiosk-code = Code
kiosk-slow-title = Un instant, s'il vous plaît
kiosk-slow-line = Beaucoup de tickets viennent d'être pris. Réessayez dans { $s }.
kiosk-slow-ready = Vous pouvez réessayer maintenant.
kiosk-speech-on = La parole est activée. Choisissez avec les flèches, confirmez avec Entrée.
kiosk-speech-off = La parole est désactivée.

## The kiosk's check-in answers when the server gives no sentence of its own.
kiosk-check-in-too-many-attempts = Trop de codes erronés ont été tapés. Attendez une minute puis réessayez, ou allez au guichet de l'accueil.
kiosk-check-in-too-early = Vous êtes en avance pour votre rendez-vous. Revenez un peu plus tard pour vous enregistrer.
kiosk-check-in-too-late = L'heure de votre rendez-vous est passée. Allez au guichet de l'accueil : nous vous aiderons.
kiosk-check-in-not-today = Votre rendez-vous n'est pas aujourd'hui. Vérifiez la date sur votre confirmation, ou demandez au guichet de l'accueil.
kiosk-check-in-cancelled = Ce rendez-vous a été annulé. Allez au guichet de l'accueil.
kiosk-check-in-already-served = Ce rendez-vous a déjà eu lieu. Vous avez encore une question ? Allez au guichet de l'accueil.

## The waiting-room display: its headings (the Dutch ones always show, the display's other languages beside them).
display-now = C'est votre tour
display-history = Appels précédents
display-queues = En attente
display-welcome = Bienvenue. Prenez un ticket à la borne : votre numéro s'affichera ici.
display-no-calls = Pas encore d'appels aujourd'hui.
display-restarting = L'écran redémarre… un instant
display-connecting = Connexion au serveur…
display-reconnecting = Rétablissement de la connexion…
display-waiting = en attente
display-closed = fermé
display-title = { $location } – appels
display-new = NOUVEAU
display-again = RAPPEL
display-heading = Appels dans la salle d'attente

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

## The public booking page (/book): its headings, labels and buttons; $n is a count (a step, free times, days), $code the booking code spelled out, $day and $time the day and hour as the page shows them.
booking-skip = Aller au contenu
booking-title = Prendre rendez-vous
booking-intro = Choisissez un service, un jour et une heure. Pas besoin de compte.
booking-step-service = Service
booking-step-day = Jour
booking-step-time = Heure
booking-step-details = Coordonnées
booking-step-of = Étape { $n } sur 4
booking-choose-service = Pour quel service voulez-vous un rendez-vous ?
booking-worker = Avez-vous déjà un assistant social attitré ?
booking-worker-hint = Choisissez cette personne pour voir ses heures libres.
booking-no-preference = Non, ou je ne sais pas
booking-no-services = Il n'est pas possible de prendre rendez-vous en ligne pour le moment. Appelez-nous.
booking-choose-day = Choisissez un jour
booking-free =
    { $n ->
         [one] { $n } heure libre
        *[other] { $n } heures libres
    }
booking-no-days = Pas d'heure libre dans les semaines à venir. Appelez-nous, ou choisissez quelqu'un d'autre.
booking-days-found =
    { $n ->
         [one] { $n } jour avec des heures libres
        *[other] { $n } jours avec des heures libres
    }
booking-choose-time = Choisissez une heure
booking-back = Retour
booking-your-details = Vos coordonnées
booking-details-intro = Donnez une adresse e-mail ou un numéro de téléphone (ou les deux), pour que nous puissions vous joindre.
booking-name = Votre nom
booking-email = Adresse e-mail
booking-email-hint = Vous recevrez un rappel la veille.
booking-phone = Numéro de téléphone
booking-phone-hint = Par exemple 0470 12 34 56
booking-optional = (facultatif si vous donnez une adresse e-mail)
booking-consent = J'accepte que la Maison sociale utilise ces données pour ce rendez-vous. Elles sont effacées après le rendez-vous.
booking-book = Confirmer le rendez-vous
booking-booking = Un instant…
booking-service = Service
booking-date = Jour
booking-time = Heure
booking-place = Lieu
booking-room = Local
booking-booked = Votre rendez-vous est réservé.
booking-moved = Votre rendez-vous a été déplacé.
booking-your-appointment = Votre rendez-vous
booking-code = Votre code
booking-code-hint = Montrez ce code ou ce code QR à la borne en arrivant.
booking-qr-alt = Code QR avec votre code { $code }
booking-keep-link = Gardez cette page. Avec ce lien, vous pouvez consulter, déplacer ou annuler votre rendez-vous :
booking-move-btn = Déplacer le rendez-vous
booking-cancel-btn = Annuler le rendez-vous
booking-cancel-ask = Voulez-vous vraiment annuler ce rendez-vous ?
booking-cancel-yes = Oui, annuler
booking-cancel-no = Non, le garder
booking-cancelled = Ce rendez-vous est annulé.
booking-over = Ce rendez-vous ne peut plus être modifié.
booking-new-booking = Prendre un nouveau rendez-vous
booking-move-title = Déplacer le rendez-vous
booking-move-intro = Choisissez un nouveau jour et une nouvelle heure, avec le même assistant social.
booking-move-to = Déplacer au { $day } à { $time }
booking-taken = Voici les heures libres actuelles.
booking-call = Des questions ? Appelez-nous :
booking-offline = Pas de connexion avec le serveur. Réessayez.
booking-not-found = Ce rendez-vous n'existe pas. Vérifiez le lien ou appelez-nous.
booking-fix-errors = Vérifiez le formulaire.

## Closing a service now (staff ill, a fault): the reasons staff choose from, the kiosk's
## tile, the waiting visitor's status page, the waiting-room display.
closure-reason-staff-illness = maladie du personnel
closure-reason-technical-fault = problème technique
closure-reason-unforeseen = circonstances imprévues
closure-reason-meeting = réunion
kiosk-closed-until = Fermé jusqu'à { $time }
kiosk-closed-today = Fermé aujourd'hui
status-closed-until = Ce service est fermé jusqu'à { $time } : { $reason }.
status-closed-today = Ce service est fermé pour le reste de la journée : { $reason }.
status-keep-place = Vous gardez votre place dans la file : vous serez quand même appelé.
display-closed-until = fermé jusqu'à { $time }

## Absences of social workers: the e-mail to a client whose appointment moved to a colleague or the team, or was cancelled (the date, service and code lines are the reminder's).
absence-mail-subject-changed = Votre rendez-vous : un autre assistant social
absence-mail-subject-cancelled = Votre rendez-vous est annulé
absence-mail-intro = Votre assistant social est absent le jour de votre rendez-vous.
absence-mail-colleague = Votre rendez-vous reste à la même heure. Vous serez reçu par { $name }.
absence-mail-team = Votre rendez-vous reste à la même heure. Un collègue du service vous recevra.
absence-mail-cancelled = Votre rendez-vous est donc annulé. Veuillez nous en excuser.
absence-mail-call = Appelez-nous pour prendre un nouveau rendez-vous :

## Languages from the catalogues: the booking page's line for a browser without JavaScript (each language's own, shown together).
booking-needs-javascript = Cette page a besoin de JavaScript. Appelez-nous pour prendre rendez-vous.
