//! Appointment reminders (afspraakherinneringen): which appointments get their reminder now,
//! how often a failed one is tried again, and the message itself in the visitor's language.
//!
//! A reminder leaves the day before the appointment, from a configured local time (e.g.
//! 10:00 in the location's time zone), so nobody gets a message at 00:05 or a day early
//! after a DST change. Appointments booked later that day for the next day still get one;
//! appointments booked for the same day do not (the visitor just booked them).
//!
//! The message carries the date, time, service, place and room and the booking code, plus
//! the link to cancel or move the appointment when the appointment has one. It never carries
//! the visitor's name or phone number: the mailbox may be shared or read by others.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use onthaal_wire::Lang;

/// How many times a reminder is tried before it is given up (a crashed send counts too).
pub const MAX_ATTEMPTS: i64 = 5;
/// How long after a failed attempt the next one may start.
pub const RETRY_AFTER: Duration = Duration::minutes(10);
/// A claim older than this belongs to a sender that died mid-way; the reminder is free again.
pub const CLAIM_EXPIRES: Duration = Duration::minutes(15);

/// The local date whose appointments are reminded now: tomorrow, once the location's local
/// time of day has reached `send_from_min` (minutes after midnight); `None` before that.
pub fn reminder_day(now: DateTime<Utc>, tz: Tz, send_from_min: u32) -> Option<NaiveDate> {
    let local = now.with_timezone(&tz);
    let minute = local.hour() * 60 + local.minute();
    if minute < send_from_min {
        return None;
    }
    local.date_naive().succ_opt()
}

/// What the next step is after a failed attempt: try again later, or stop (a permanent
/// refusal such as "no such mailbox", or the attempts are used up).
pub fn retry_after_failure(attempts: i64, permanent: bool) -> bool {
    !permanent && attempts < MAX_ATTEMPTS
}

/// The link to cancel or move an online booking, when the appointment has a manage token.
pub fn manage_link(public_url: &str, manage_token: Option<&str>) -> Option<String> {
    let token = manage_token.filter(|t| !t.is_empty())?;
    Some(format!("{}/book/{token}", public_url.trim_end_matches('/')))
}

/// The languages reminders are written in; the others fall back to English, which most
/// newcomers read better than Dutch.
pub fn text_lang(lang: Lang) -> Lang {
    match lang {
        Lang::Nl | Lang::Fr => lang,
        _ => Lang::En,
    }
}

/// Everything the message says, already resolved (service name in the visitor's language).
#[derive(Debug, Clone)]
pub struct ReminderFacts<'a> {
    pub lang: Lang,
    pub start: DateTime<Tz>,
    pub duration_min: i64,
    pub service: &'a str,
    pub location: &'a str,
    pub address: &'a str,
    pub phone: &'a str,
    /// The spreekkamer or desk, when one was booked.
    pub room: Option<&'a str>,
    pub code: &'a str,
    pub manage_link: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderText {
    pub subject: String,
    pub body: String,
}

/// The words of one language.
struct Words {
    subject: &'static str,
    greeting: &'static str,
    intro: &'static str,
    when: &'static str,
    at: &'static str,
    minutes: &'static str,
    service: &'static str,
    place: &'static str,
    room: &'static str,
    code: &'static str,
    check_in: &'static str,
    manage: &'static str,
    call: &'static str,
    regards: &'static str,
    days: [&'static str; 7],
    months: [&'static str; 12],
}

const NL: Words = Words {
    subject: "Herinnering: uw afspraak morgen om",
    greeting: "Goeiedag,",
    intro: "Dit is een herinnering aan uw afspraak van morgen.",
    when: "Wanneer",
    at: "om",
    minutes: "minuten",
    service: "Dienst",
    place: "Waar",
    room: "Lokaal",
    code: "Afspraakcode",
    check_in: "Scan bij aankomst de QR-code van uw bevestiging of typ deze code in op de zuil aan de ingang.",
    manage: "Kunt u niet komen? Annuleer of verplaats uw afspraak hier:",
    call: "Kunt u niet komen? Laat het ons weten, bel",
    regards: "Met vriendelijke groeten,",
    days: super::stats::WEEKDAYS_NL,
    months: [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
};

const FR: Words = Words {
    subject: "Rappel : votre rendez-vous demain à",
    greeting: "Bonjour,",
    intro: "Ceci est un rappel de votre rendez-vous de demain.",
    when: "Quand",
    at: "à",
    minutes: "minutes",
    service: "Service",
    place: "Où",
    room: "Local",
    code: "Code du rendez-vous",
    check_in: "À votre arrivée, scannez le code QR de votre confirmation ou tapez ce code sur la borne à l'entrée.",
    manage: "Vous ne pouvez pas venir ? Annulez ou déplacez votre rendez-vous ici :",
    call: "Vous ne pouvez pas venir ? Prévenez-nous au",
    regards: "Bien cordialement,",
    days: [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
};

const EN: Words = Words {
    subject: "Reminder: your appointment tomorrow at",
    greeting: "Hello,",
    intro: "This is a reminder of your appointment tomorrow.",
    when: "When",
    at: "at",
    minutes: "minutes",
    service: "Service",
    place: "Where",
    room: "Room",
    code: "Appointment code",
    check_in: "When you arrive, scan the QR code of your confirmation or type this code at the kiosk at the entrance.",
    manage: "Cannot come? Cancel or move your appointment here:",
    call: "Cannot come? Please let us know, call",
    regards: "Kind regards,",
    days: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
};

fn words(lang: Lang) -> &'static Words {
    match text_lang(lang) {
        Lang::Nl => &NL,
        Lang::Fr => &FR,
        _ => &EN,
    }
}

/// "woensdag 25 november 2026", "mercredi 25 novembre 2026", "Wednesday 25 November 2026".
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let w = words(lang);
    let day = w.days[date.weekday().num_days_from_monday() as usize];
    let month = w.months[date.month0() as usize];
    format!("{day} {} {month} {}", date.day(), date.year())
}

/// The reminder's subject and plain-text body.
pub fn reminder_text(f: &ReminderFacts) -> ReminderText {
    let w = words(f.lang);
    let time = f.start.format("%H:%M").to_string();
    let subject = format!("{} {time} – {}", w.subject, f.location);
    let mut place = f.location.to_string();
    if !f.address.is_empty() {
        place.push_str(", ");
        place.push_str(f.address);
    }
    let mut lines = vec![
        w.greeting.to_string(),
        String::new(),
        w.intro.to_string(),
        String::new(),
        format!(
            "{}: {} {} {time} ({} {})",
            w.when,
            long_date(f.start.date_naive(), f.lang),
            w.at,
            f.duration_min,
            w.minutes
        ),
        format!("{}: {}", w.service, f.service),
        format!("{}: {place}", w.place),
    ];
    if let Some(room) = f.room {
        lines.push(format!("{}: {room}", w.room));
    }
    lines.push(format!("{}: {}", w.code, f.code));
    lines.push(String::new());
    lines.push(w.check_in.to_string());
    lines.push(String::new());
    match (f.manage_link, f.phone.is_empty()) {
        (Some(link), _) => {
            lines.push(w.manage.to_string());
            lines.push(link.to_string());
        }
        (None, false) => lines.push(format!("{} {}.", w.call, f.phone)),
        (None, true) => {}
    }
    lines.push(String::new());
    lines.push(w.regards.to_string());
    lines.push(f.location.to_string());
    ReminderText {
        subject,
        body: lines.join("\n") + "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Brussels;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn facts(lang: Lang, link: Option<&str>) -> ReminderFacts<'_> {
        ReminderFacts {
            lang,
            start: Brussels.with_ymd_and_hms(2026, 11, 25, 10, 30, 0).unwrap(),
            duration_min: 30,
            service: "Schuldhulpverlening",
            location: "Sociaal Huis",
            address: "Grote Markt 1, 1800 Vilvoorde",
            phone: "02 123 45 67",
            room: Some("Spreekkamer 2"),
            code: "ABC347",
            manage_link: link,
        }
    }

    #[test]
    fn reminders_leave_the_day_before_from_the_configured_local_time() {
        // 09:59 in Brussels (winter, UTC+1): not yet.
        assert_eq!(reminder_day(utc(2026, 11, 24, 8, 59), Brussels, 600), None);
        // 10:00 local: tomorrow's appointments.
        assert_eq!(
            reminder_day(utc(2026, 11, 24, 9, 0), Brussels, 600),
            NaiveDate::from_ymd_opt(2026, 11, 25)
        );
        // 23:30 local is still the same day; 00:30 local (23:30 UTC) is the next one.
        assert_eq!(
            reminder_day(utc(2026, 11, 24, 22, 30), Brussels, 600),
            NaiveDate::from_ymd_opt(2026, 11, 25)
        );
        assert_eq!(reminder_day(utc(2026, 11, 24, 23, 30), Brussels, 600), None);
    }

    #[test]
    fn the_send_time_follows_summer_time() {
        // 10:00 in summer (UTC+2) is 08:00 UTC.
        assert_eq!(reminder_day(utc(2026, 7, 1, 7, 59), Brussels, 600), None);
        assert_eq!(
            reminder_day(utc(2026, 7, 1, 8, 0), Brussels, 600),
            NaiveDate::from_ymd_opt(2026, 7, 2)
        );
        // The day before the spring change: Sunday 29 March 2026 is tomorrow.
        assert_eq!(
            reminder_day(utc(2026, 3, 28, 9, 0), Brussels, 600),
            NaiveDate::from_ymd_opt(2026, 3, 29)
        );
    }

    #[test]
    fn retries_stop_at_the_limit_and_on_permanent_refusals() {
        assert!(retry_after_failure(1, false));
        assert!(retry_after_failure(MAX_ATTEMPTS - 1, false));
        assert!(!retry_after_failure(MAX_ATTEMPTS, false));
        assert!(!retry_after_failure(1, true));
    }

    #[test]
    fn the_manage_link_is_built_only_from_a_token() {
        assert_eq!(
            manage_link("https://onthaal.example/", Some("tok123")).as_deref(),
            Some("https://onthaal.example/book/tok123")
        );
        assert_eq!(manage_link("https://onthaal.example", None), None);
        assert_eq!(manage_link("https://onthaal.example", Some("")), None);
    }

    #[test]
    fn dutch_text_has_date_time_place_room_and_code() {
        let t = reminder_text(&facts(Lang::Nl, None));
        assert_eq!(
            t.subject,
            "Herinnering: uw afspraak morgen om 10:30 – Sociaal Huis"
        );
        assert!(t
            .body
            .contains("Wanneer: woensdag 25 november 2026 om 10:30 (30 minuten)"));
        assert!(t.body.contains("Dienst: Schuldhulpverlening"));
        assert!(t
            .body
            .contains("Waar: Sociaal Huis, Grote Markt 1, 1800 Vilvoorde"));
        assert!(t.body.contains("Lokaal: Spreekkamer 2"));
        assert!(t.body.contains("Afspraakcode: ABC347"));
        assert!(t.body.contains("bel 02 123 45 67."));
    }

    #[test]
    fn french_text_and_the_manage_link() {
        let t = reminder_text(&facts(Lang::Fr, Some("https://x.example/book/t")));
        assert!(t
            .subject
            .starts_with("Rappel : votre rendez-vous demain à 10:30"));
        assert!(t
            .body
            .contains("Quand: mercredi 25 novembre 2026 à 10:30 (30 minutes)"));
        assert!(t.body.contains("Code du rendez-vous: ABC347"));
        assert!(t.body.contains("ici :\nhttps://x.example/book/t\n"));
        assert!(!t.body.contains("02 123 45 67"));
    }

    #[test]
    fn other_languages_fall_back_to_english() {
        for lang in [Lang::En, Lang::Uk, Lang::Ar, Lang::Tr] {
            let t = reminder_text(&facts(lang, None));
            assert!(t
                .body
                .contains("When: Wednesday 25 November 2026 at 10:30 (30 minutes)"));
            assert!(t.body.contains("Room: Spreekkamer 2"));
        }
    }

    #[test]
    fn without_room_address_or_phone_those_lines_are_left_out() {
        let mut f = facts(Lang::En, None);
        f.room = None;
        f.address = "";
        f.phone = "";
        let t = reminder_text(&f);
        assert!(!t.body.contains("Room:"));
        assert!(t.body.contains("Where: Sociaal Huis\n"));
        assert!(!t.body.contains("Cannot come"));
    }
}
