# Onthaal — Nederlands (nl).
# Dutch is the reference: every message is here, and a message another language lacks
# shows in Dutch. Messages starting with "staff-" (read by staff) or "receipt-" (the
# ontvangstbewijs, whose legal language is Dutch) are Dutch only.
# How to change or add a language: docs/translations.md.

## This language, as the programs know it (reserved: every file has these, see docs/translations.md).
## language-name: its own name on the language buttons; language-direction: ltr or rtl;
## language-locale: the BCP 47 tag for dates and the browser's voice; language-voice: the espeak-ng
## voice of spoken calls; language-printed-without-pictures: the language a printer set to
## script=text prints instead (its own code when Latin letters can write it, transliterated);
## language-order: its place in the language lists (Dutch first).
language-name = Nederlands
language-direction = ltr
language-locale = nl-BE
language-voice = nl
language-printed-without-pictures = nl
language-order = 1

## Dates: the weekday and the month as a date names them (lower case where the language writes them so).
weekday-monday = maandag
weekday-tuesday = dinsdag
weekday-wednesday = woensdag
weekday-thursday = donderdag
weekday-friday = vrijdag
weekday-saturday = zaterdag
weekday-sunday = zondag

## Months, in the form a full date needs ("25 листопада": Ukrainian in the genitive).
month-january = januari
month-february = februari
month-march = maart
month-april = april
month-may = mei
month-june = juni
month-july = juli
month-august = augustus
month-september = september
month-october = oktober
month-november = november
month-december = december

## The ticket the kiosk prints.
ticket-your-number = Uw nummer
ticket-waiting-before = Wachtenden vóór u
ticket-estimated-wait = Geschatte wachttijd
ticket-follow-on-phone = Volg uw beurt op uw gsm

## The referral slip to a partner organisation.
referral-title = Doorverwijzing
referral-you-can-go-to = U kunt terecht bij:
referral-address = Adres
referral-phone = Tel.
referral-hours = Openingsuren
referral-why = Waarom
referral-website = Website

## The appointment confirmation printed at the desk.
appointment-title = Afspraak
appointment-service = Dienst
appointment-with = Met
appointment-team = het team { $service }
appointment-place = Waar
appointment-at-reception = meld u aan het onthaal
appointment-your-code = Uw code
appointment-at-arrival = Bij aankomst: scan de QR-code of tik de code in aan de kiosk bij de ingang.
appointment-cancel = Kunt u niet komen, annuleer of verplaats dan uw afspraak: bel { $phone } of zeg het aan het onthaal, met uw code.

## The note on a check-in ticket; the kiosk adds " — " and the room when there is one.
check-in-note = Uw maatschappelijk werker is verwittigd

## The call the display speaks: $number as "P 23", $desk as the room's sign says.
call-sentence = Nummer { $number }, naar { $desk }.

## Why the kiosk cannot check in an appointment; $time is "14:30", $date "25/11/2026".
check-in-unknown-code = Deze code kennen we niet. Kijk de code na of ga naar het onthaal.
check-in-too-early = U bent te vroeg. Kom terug vanaf { $time } om in te checken.
check-in-too-late = Uw afspraak is voorbij. Ga naar het onthaal: wij helpen u verder.
check-in-not-today = Uw afspraak is niet vandaag, maar op { $date } om { $time }.
check-in-cancelled = Deze afspraak werd geannuleerd. Ga naar het onthaal.
check-in-already-served = Deze afspraak heeft al plaatsgevonden.

## Why the booking page refuses a booking (the server sends these with its error codes).
booking-refused-slot-taken = Dit uur is intussen door iemand anders geboekt. Kies een ander uur.
booking-refused-contact-limit = Met dit e-mailadres of telefoonnummer zijn al genoeg afspraken geboekt. Annuleer eerst een afspraak, of bel ons.
booking-refused-too-many-bookings = Er werden van hieruit te veel afspraken geboekt. Probeer later opnieuw of bel ons.
booking-refused-invalid-email = Dit e-mailadres klopt niet. Kijk het na (bijvoorbeeld naam@voorbeeld.be).
booking-refused-invalid-phone = Dit telefoonnummer klopt niet. Kijk het na (bijvoorbeeld 0470 12 34 56).
booking-refused-missing-contact = Geef een e-mailadres of een telefoonnummer, zodat we u kunnen bereiken.
booking-refused-missing-name = Vul uw naam in.
booking-refused-invalid-contact = Uw naam is te lang. Gebruik minder dan 100 tekens.
booking-refused-consent-required = Geef toestemming om uw gegevens voor deze afspraak te gebruiken.
booking-refused-unknown-service = Voor deze dienst kunt u niet online een afspraak maken. Bel ons of kom langs.
booking-refused-unknown-staff = Deze maatschappelijk werker kunt u niet online boeken.
booking-refused-staff-not-for-service = Deze maatschappelijk werker helpt niet bij deze dienst. Kies iemand anders uit de lijst, of laat ons kiezen.
booking-refused-in-past = Dit uur is al voorbij. Kies een ander uur.
booking-refused-time-not-bookable = Op dit uur kunt u geen afspraak maken. Kies een vrij uur uit de lijst.
booking-refused-not-found = Deze afspraak bestaat niet. Kijk de link na of bel ons.
booking-refused-invalid-transition = Deze afspraak kan niet meer gewijzigd worden (ze is geannuleerd of voorbij). Bel ons als u vragen hebt.
booking-refused-invalid-date = Deze datum klopt niet. Kies een dag in de kalender.

## The e-mail reminder the day before an appointment, word by word as the program puts the lines together; reminder-minutes-3-to-10 follows a duration of 3 to 10 minutes (Arabic counts those with the plural).
reminder-subject = Herinnering: uw afspraak morgen om
reminder-greeting = Goeiedag,
reminder-intro = Dit is een herinnering aan uw afspraak van morgen.
reminder-when = Wanneer
reminder-at = om
reminder-minutes = minuten
reminder-minutes-3-to-10 = minuten
reminder-service = Dienst
reminder-place = Waar
reminder-room = Lokaal
reminder-code = Afspraakcode
reminder-check-in = Scan bij aankomst de QR-code van uw bevestiging of typ deze code in op de zuil aan de ingang.
reminder-manage = Kunt u niet komen? Annuleer of verplaats uw afspraak hier:
reminder-call = Kunt u niet komen? Laat het ons weten, bel
reminder-regards = Met vriendelijke groeten,
reminder-long-date = { $weekday } { $day } { $month } { $year }

## The kiosk's screens ($when is a day and hour, $m minutes, $s seconds).
kiosk-welcome = Welkom
kiosk-choose-lang = Kies uw taal
kiosk-what-for = Waarvoor komt u?
kiosk-appointment = Ik heb een afspraak
kiosk-appointment-line = Scan of typ de code van uw afspraak.
kiosk-question = Ik heb een vraag
kiosk-question-line = Kies het onderwerp en neem een ticket.
kiosk-topics = Waarover gaat uw vraag?
kiosk-dont-know = Ik weet het niet
kiosk-dont-know-line = Het ID-team zoekt samen met u wie kan helpen.
kiosk-closed = Nu gesloten
kiosk-opens = Opent { $when }
kiosk-unavailable = Nu niet beschikbaar
kiosk-code-title = Uw afspraakcode
kiosk-code-help = Houd de QR-code van uw afspraak onder de scanner, of typ de code.
kiosk-code-label = Afspraakcode
kiosk-erase = Wissen
kiosk-ok = OK
kiosk-back = Terug
kiosk-restart = Opnieuw beginnen
kiosk-busy = Een ogenblik…
kiosk-your-number = Uw nummer
kiosk-before = Wachtenden voor u
kiosk-estimate = Geschatte wachttijd
kiosk-minutes = ± { $m } min
kiosk-take = Neem uw ticket hieronder.
kiosk-follow = Volg uw beurt op het scherm in de wachtzaal.
kiosk-not-printed = De printer werkt niet. Neem een foto van dit nummer of onthoud het.
kiosk-checked-in = U bent aangemeld
kiosk-told = Uw maatschappelijk werker is verwittigd.
kiosk-room = Lokaal
kiosk-done = Klaar
kiosk-offline = Tickets zijn tijdelijk niet beschikbaar
kiosk-offline-line = Ga naar de balie van het onthaal. Wij helpen u daar verder.
kiosk-too-many = Er zijn net veel tickets genomen. Wacht even en probeer dan opnieuw.
kiosk-closed-now = Deze dienst is nu gesloten.
kiosk-bad-code = Wij vinden deze code niet. Kijk de code na, of ga naar de balie van het onthaal.
kiosk-failed = Dat is niet gelukt. Ga naar de balie van het onthaal.
kiosk-problem = Er ging iets mis
kiosk-refused = Inchecken kan nu niet
kiosk-retry = Opnieuw proberen
kiosk-home = Naar het begin
kiosk-code = Code
kiosk-slow-title = Een ogenblik geduld
kiosk-slow-line = Er zijn net veel tickets genomen. Probeer opnieuw over { $s }.
kiosk-slow-ready = U kunt nu opnieuw proberen.
kiosk-speech-on = Spraak staat aan. Kies met de pijltjestoetsen, bevestig met Enter.
kiosk-speech-off = Spraak staat uit.

## The kiosk's check-in answers when the server gives no sentence of its own.
kiosk-check-in-too-many-attempts = Er werden te veel verkeerde codes ingetikt. Wacht een minuut en probeer dan opnieuw, of ga naar de balie van het onthaal.
kiosk-check-in-too-early = U bent te vroeg voor uw afspraak. Kom wat later terug om in te checken.
kiosk-check-in-too-late = Uw afspraak is voorbij. Ga naar de balie van het onthaal: wij helpen u verder.
kiosk-check-in-not-today = Uw afspraak is niet vandaag. Kijk de datum na op uw bevestiging, of vraag het aan de balie van het onthaal.
kiosk-check-in-cancelled = Deze afspraak werd geannuleerd. Ga naar de balie van het onthaal.
kiosk-check-in-already-served = Deze afspraak heeft al plaatsgevonden. Hebt u nog een vraag? Ga naar de balie van het onthaal.

## The waiting-room display: its headings (the Dutch ones always show, the display's other languages beside them), what an empty screen says, and the connection line at the top.
display-now = Nu aan de beurt
display-history = Vorige oproepen
display-queues = Wachtenden
display-welcome = Welkom. Neem een ticket aan de zuil: uw nummer verschijnt hier.
display-no-calls = Nog geen oproepen vandaag.
display-restarting = Scherm herstart… even geduld
display-connecting = Verbinden met de server…
display-reconnecting = Verbinding herstellen…
display-waiting = wachtend
display-closed = gesloten
display-title = { $location } – oproepen
display-new = NIEUW
display-again = OPNIEUW
display-heading = Oproepen in de wachtzaal

## The visitor's status page (/s/…): what the phone shows about the ticket.
status-number = Uw nummer
status-waiting = U staat in de wachtrij
status-called = U bent aan de beurt!
status-goto = Ga naar
status-serving = U wordt geholpen
status-done = Uw bezoek is afgelopen. Bedankt!
status-no-show = U werd afgeroepen maar was er niet. Vraag het aan het onthaal.
status-cancelled = Dit ticket is niet meer geldig.
status-left = U hebt de wachtrij verlaten. Tot ziens!
status-position = Wachtenden vóór u
status-wait = Geschatte wachttijd
status-min = min
status-now = bijna aan de beurt
status-unknown = Dit ticket bestaat niet. Vraag het aan het onthaal.
status-busy = Even te veel vragen. Probeer het over een minuut opnieuw.
status-note = Deze pagina werkt zichzelf bij.
status-offline = Geen verbinding. U ziet de laatst gekende toestand.
status-leave = Ik vertrek
status-c-title = Wilt u de wachtrij verlaten?
status-c-text = Uw nummer { $number } vervalt. Komt u toch terug, neem dan een nieuw ticket.
status-yes = Ja, ik vertrek
status-no = Nee, ik blijf
status-too-late = U wordt al geholpen: vertrekken kan niet meer via deze pagina.
status-failed = Dat lukte niet. Probeer het opnieuw of vraag het aan het onthaal.

## The public booking page (/book): its headings, labels and buttons; $n is a count (a step, free times, days), $code the booking code spelled out, $day and $time the day and hour as the page shows them.
booking-skip = Naar de inhoud
booking-title = Een afspraak maken
booking-intro = Kies een dienst, een dag en een uur. U hebt geen account nodig.
booking-step-service = Dienst
booking-step-day = Dag
booking-step-time = Uur
booking-step-details = Gegevens
booking-step-of = Stap { $n } van 4
booking-choose-service = Waarvoor wilt u een afspraak?
booking-worker = Hebt u al een vaste maatschappelijk werker?
booking-worker-hint = Kies die persoon, dan ziet u de uren waarop die vrij is.
booking-no-preference = Nee, of ik weet het niet
booking-no-services = U kunt op dit moment niet online een afspraak maken. Bel ons.
booking-choose-day = Kies een dag
booking-free =
    { $n ->
         [one] { $n } vrij uur
        *[other] { $n } vrije uren
    }
booking-no-days = Er zijn de komende weken geen vrije uren. Bel ons, of kies iemand anders.
booking-days-found =
    { $n ->
         [one] { $n } dag met vrije uren
        *[other] { $n } dagen met vrije uren
    }
booking-choose-time = Kies een uur
booking-back = Terug
booking-your-details = Uw gegevens
booking-details-intro = Geef een e-mailadres of een telefoonnummer (of beide), zodat we u kunnen bereiken.
booking-name = Uw naam
booking-email = E-mailadres
booking-email-hint = U krijgt de dag voordien een herinnering.
booking-phone = Telefoonnummer
booking-phone-hint = Bijvoorbeeld 0470 12 34 56
booking-optional = (niet verplicht als u een e-mailadres geeft)
booking-consent = Ik ga akkoord dat het Sociaal Huis deze gegevens gebruikt voor deze afspraak. Ze worden na de afspraak gewist.
booking-book = Afspraak bevestigen
booking-booking = Even geduld…
booking-service = Dienst
booking-date = Dag
booking-time = Uur
booking-place = Plaats
booking-room = Lokaal
booking-booked = Uw afspraak is geboekt.
booking-moved = Uw afspraak is verplaatst.
booking-your-appointment = Uw afspraak
booking-code = Uw code
booking-code-hint = Toon deze code of QR-code aan de kiosk als u aankomt.
booking-qr-alt = QR-code met uw code { $code }
booking-keep-link = Bewaar deze pagina. Met deze link kunt u uw afspraak later bekijken, verplaatsen of annuleren:
booking-move-btn = Afspraak verplaatsen
booking-cancel-btn = Afspraak annuleren
booking-cancel-ask = Wilt u deze afspraak echt annuleren?
booking-cancel-yes = Ja, annuleren
booking-cancel-no = Nee, behouden
booking-cancelled = Deze afspraak is geannuleerd.
booking-over = Deze afspraak kan niet meer gewijzigd worden.
booking-new-booking = Een nieuwe afspraak maken
booking-move-title = Afspraak verplaatsen
booking-move-intro = Kies een nieuwe dag en een nieuw uur, bij dezelfde maatschappelijk werker.
booking-move-to = Verplaatsen naar { $day } om { $time }
booking-taken = Hier zijn de vrije uren van nu.
booking-call = Vragen? Bel ons:
booking-offline = Er is geen verbinding met de server. Probeer het opnieuw.
booking-not-found = Deze afspraak bestaat niet. Kijk de link na of bel ons.
booking-fix-errors = Kijk het formulier na.

## The ontvangstbewijs (receipt of a help request): printed in Dutch, the legal language of the document (Dutch only).
receipt-phone = Tel. { $phone }
receipt-title = ONTVANGSTBEWIJS
receipt-subtitle =
    van uw aanvraag om hulp
    (art. 58 organieke wet van 8 juli 1976 betreffende de OCMW's)
receipt-reference = Referentie
receipt-received-on = Aanvraag ontvangen op
receipt-service = Dienst
receipt-asked = Gevraagd
receipt-forward-title = Doorsturen naar het bevoegde OCMW
receipt-forward = Ons OCMW is niet bevoegd voor deze aanvraag. Wij sturen ze binnen vijf dagen door naar: { $to }.
receipt-when-title = Wanneer wordt er beslist?
receipt-when = Uw aanvraag werd op { $received } ingeschreven in het register. Het OCMW beslist binnen { $days } dagen na de ontvangst, dus uiterlijk op { $deadline }. U krijgt de beslissing binnen acht dagen daarna, met een aangetekende brief of tegen ontvangstbewijs.
receipt-no-decision-title = Geen beslissing op tijd?
receipt-no-decision = Krijgt u binnen deze termijn geen beslissing, dan kunt u zelf beroep instellen bij de arbeidsrechtbank, binnen drie maanden na het verstrijken van de termijn. Dat is kosteloos: een verzoekschrift dat u neerlegt bij of aangetekend stuurt naar de griffie van de arbeidsrechtbank volstaat. Dezelfde termijn van drie maanden geldt om beroep in te stellen tegen een beslissing.
receipt-leefloon-title = Uw aanvraag om leefloon
receipt-leefloon-law = (wet van 26 mei 2002 betreffende het recht op maatschappelijke integratie)
receipt-examination-title = Onderzoek
receipt-examination = Een maatschappelijk werker onderzoekt uw situatie (sociaal onderzoek). Dat onderzoek en de beslissing gebeuren binnen { $days } dagen na de ontvangst van uw aanvraag.
receipt-heard-title = Recht om gehoord te worden
receipt-heard = U hebt het recht om gehoord te worden voor er over uw aanvraag beslist wordt. U mag zich laten bijstaan of vertegenwoordigen door een persoon van uw keuze.
receipt-new-facts-title = Nieuwe feiten melden
receipt-new-facts = U moet het OCMW meteen op de hoogte brengen van elk nieuw feit dat uw recht kan beïnvloeden (bv. werk, inkomen, adres, gezinssamenstelling).
receipt-documents = Ingediende stavingsstukken
receipt-documents-none = geen
receipt-documents-list = Ingediende stavingsstukken:
receipt-received-by = Ontvangen door
receipt-received-by-name = Ontvangen door (naam):
receipt-signature = Handtekening:
receipt-keep = Bewaar dit ontvangstbewijs goed.

## Staff texts: the dashboard's table titles, column and row labels (Dutch only).
staff-stats-cijfer = Cijfer
staff-stats-waarde = Waarde
staff-stats-eenheid = Eenheid
staff-stats-dienst-sleutel = Dienst (sleutel)
staff-stats-dienst = Dienst
staff-stats-bezoekers = Bezoekers
staff-stats-doorverwezen-naar = Doorverwezen naar
staff-stats-opgeroepen = Opgeroepen
staff-stats-wachttijd-mediaan = Wachttijd mediaan
staff-stats-wachttijd-p90 = Wachttijd p90
staff-stats-wachttijd-gemiddeld = Wachttijd gemiddeld
staff-stats-wachttijd-maximum = Wachttijd maximum
staff-stats-gesprekstijd-mediaan = Gesprekstijd mediaan
staff-stats-gesprekstijd-p90 = Gesprekstijd p90
staff-stats-gesprekstijd-gemiddeld = Gesprekstijd gemiddeld
staff-stats-streeftijd = Streeftijd
staff-stats-binnen-streeftijd = Binnen streeftijd
staff-stats-aandeel-niet-opgedaagd = Aandeel niet opgedaagd
staff-stats-doorverwezen = Doorverwezen
staff-stats-schatting-gem-fout = Schatting: gem. fout
staff-stats-schatting-binnen-5-min = Schatting: binnen 5 min
staff-stats-schatting-afwijking = Schatting: afwijking
staff-stats-dag = Dag
staff-stats-weekdag = Weekdag
staff-stats-niet-opgedaagd = Niet opgedaagd
staff-stats-weekdag-1-maandag = Weekdag (1 = maandag)
staff-stats-uur = Uur
staff-stats-gemiddeld-per-zon-dag = Gemiddeld per zo'n dag
staff-stats-vanaf-min = Vanaf (min)
staff-stats-tot-min = Tot (min)
staff-stats-bezoeken = Bezoeken
staff-stats-aandeel = Aandeel
staff-stats-uitkomst-sleutel = Uitkomst (sleutel)
staff-stats-uitkomst = Uitkomst
staff-stats-aantal = Aantal
staff-stats-partner-sleutel = Partner (sleutel)
staff-stats-partnerorganisatie = Partnerorganisatie
staff-stats-extern-doorverwezen = Extern doorverwezen
staff-stats-week = Week
staff-stats-maandag-van-de-week = Maandag van de week
staff-stats-categorie-sleutel = Categorie (sleutel)
staff-stats-categorie = Categorie
staff-stats-hulpaanvragen = Hulpaanvragen
staff-stats-afspraken = Afspraken
staff-stats-online-geboekt = Online geboekt
staff-stats-aan-de-balie-geboekt = Aan de balie geboekt
staff-stats-op-tijd = Op tijd
staff-stats-te-laat = Te laat
staff-stats-geannuleerd = Geannuleerd
staff-stats-nog-open = Nog open
staff-stats-wachttijd-na-aankomst-mediaan = Wachttijd na aankomst mediaan
staff-stats-wachttijd-na-aankomst-p90 = Wachttijd na aankomst p90
staff-stats-wachttijd-na-aankomst-maximum = Wachttijd na aankomst maximum
staff-stats-bezoekers-tickets-genomen = Bezoekers (tickets genomen)
staff-stats-doorverwezen-naar-deze-dienst-en = Doorverwezen naar deze dienst(en)
staff-stats-gesprekstijd-maximum = Gesprekstijd maximum
staff-stats-binnen-de-streeftijd-opgeroepen = Binnen de streeftijd opgeroepen
staff-stats-niet-opgedaagd-van-opgeroepen = Niet opgedaagd (van opgeroepen)
staff-stats-doorverwijzingen-naar-een-andere-wachtrij = Doorverwijzingen naar een andere wachtrij
staff-stats-tickets-genomen-terwijl-de-dienst-gesloten-was = Tickets genomen terwijl de dienst gesloten was
staff-stats-schatting-gemiddelde-absolute-fout = Schatting: gemiddelde absolute fout
staff-stats-schatting-binnen-5-minuten-juist = Schatting: binnen 5 minuten juist
staff-stats-schatting-afwijking-te-ruim-geschat = Schatting: afwijking (+ = te ruim geschat)
staff-stats-id-team-interne-doorverwijzingen-van-alle-doorverwijzingen = ID-team: interne doorverwijzingen (van alle doorverwijzingen)
staff-table-summary = Samenvatting van de periode
staff-table-services = Per dienst
staff-table-daily = Per dag
staff-table-heatmap = Bezoekers per uur en weekdag
staff-table-wait-histogram = Verdeling van de wachttijd
staff-table-service-histogram = Verdeling van de gesprekstijd
staff-table-triage = ID-team: uitkomsten
staff-table-partners = ID-team: externe doorverwijzingen per partner
staff-table-help-requests = Hulpaanvragen per week en categorie
staff-table-appointments = Afspraken per dag

## Closing a service now (staff ill, a fault): the reasons staff choose from, the kiosk's
## tile, the waiting visitor's status page, the waiting-room display.
closure-reason-staff-illness = ziekte van medewerkers
closure-reason-technical-fault = technisch probleem
closure-reason-unforeseen = onvoorziene omstandigheden
closure-reason-meeting = vergadering
kiosk-closed-until = Gesloten tot { $time }
kiosk-closed-today = Vandaag gesloten
status-closed-until = Deze dienst is gesloten tot { $time }: { $reason }.
status-closed-today = Deze dienst is de rest van de dag gesloten: { $reason }.
status-keep-place = U behoudt uw plaats in de wachtrij: u wordt nog opgeroepen.
display-closed-until = gesloten tot { $time }

## Absences of social workers: the e-mail to a client whose appointment moved to a colleague or the team, or was cancelled (the date, service and code lines are the reminder's).
absence-mail-subject-changed = Uw afspraak: een andere maatschappelijk werker
absence-mail-subject-cancelled = Uw afspraak is geannuleerd
absence-mail-intro = Uw maatschappelijk werker is afwezig op de dag van uw afspraak.
absence-mail-colleague = Uw afspraak blijft op hetzelfde moment. U wordt ontvangen door { $name }.
absence-mail-team = Uw afspraak blijft op hetzelfde moment. Een collega van de dienst ontvangt u.
absence-mail-cancelled = Daarom is uw afspraak geannuleerd. Onze excuses.
absence-mail-call = Bel ons om een nieuwe afspraak te maken:

## Languages from the catalogues: the booking page's line for a browser without JavaScript (each language's own, shown together).
booking-needs-javascript = Deze pagina heeft JavaScript nodig. Bel ons om een afspraak te maken.
