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

/// The language a reminder is written in: the visitor's own, for every language the kiosk
/// and the booking page speak. The match names each one so that a new language cannot be
/// added without deciding what its reminder says.
pub fn text_lang(lang: Lang) -> Lang {
    match lang {
        Lang::Nl | Lang::Fr | Lang::En | Lang::Uk | Lang::Ar | Lang::Tr => lang,
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

/// A word of the reminder in the visitor's language: the catalogue's `reminder-…` messages.
fn word(lang: Lang, id: &str) -> String {
    onthaal_i18n::text(text_lang(lang).code(), id)
}

/// "woensdag 25 november 2026", "mercredi 25 novembre 2026", "Wednesday 25 November 2026",
/// "середа, 25 листопада 2026", "الأربعاء، 25 نوفمبر 2026", "25 Kasım 2026 Çarşamba".
pub fn long_date(date: NaiveDate, lang: Lang) -> String {
    let lang = text_lang(lang).code();
    let weekday = onthaal_i18n::weekday_name(date.weekday(), lang);
    let month = chrono::Month::try_from(date.month() as u8)
        .map(|m| onthaal_i18n::month_name(m, lang))
        .unwrap_or_default();
    onthaal_i18n::format(
        lang,
        "reminder-long-date",
        &[
            ("weekday", &weekday),
            ("day", &date.day().to_string()),
            ("month", &month),
            ("year", &date.year().to_string()),
        ],
    )
}

/// The reminder's subject and plain-text body.
pub fn reminder_text(f: &ReminderFacts) -> ReminderText {
    let w = |id: &str| word(f.lang, id);
    let time = f.start.format("%H:%M").to_string();
    let subject = format!("{} {time} – {}", w("reminder-subject"), f.location);
    let mut place = f.location.to_string();
    if !f.address.is_empty() {
        place.push_str(", ");
        place.push_str(f.address);
    }
    let mut lines = vec![
        w("reminder-greeting"),
        String::new(),
        w("reminder-intro"),
        String::new(),
        format!(
            "{}: {} {} {time} ({} {})",
            w("reminder-when"),
            long_date(f.start.date_naive(), f.lang),
            w("reminder-at"),
            f.duration_min,
            if (3..=10).contains(&f.duration_min) {
                w("reminder-minutes-3-to-10")
            } else {
                w("reminder-minutes")
            }
        ),
        format!("{}: {}", w("reminder-service"), f.service),
        format!("{}: {place}", w("reminder-place")),
    ];
    if let Some(room) = f.room {
        lines.push(format!("{}: {room}", w("reminder-room")));
    }
    lines.push(format!("{}: {}", w("reminder-code"), f.code));
    lines.push(String::new());
    lines.push(w("reminder-check-in"));
    lines.push(String::new());
    match (f.manage_link, f.phone.is_empty()) {
        (Some(link), _) => {
            lines.push(w("reminder-manage"));
            lines.push(link.to_string());
        }
        (None, false) => lines.push(format!("{} {}.", w("reminder-call"), f.phone)),
        (None, true) => {}
    }
    lines.push(String::new());
    lines.push(w("reminder-regards"));
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

    /// A UTC moment `(y, m, d, h, min)` and the day whose reminders it sends, if any.
    type ReminderCase = ((i32, u32, u32, u32, u32), Option<(i32, u32, u32)>);

    /// Each case's moment sends the reminders of its day (or none), with the send time at
    /// 10:00 Brussels.
    fn assert_reminder_days(cases: &[ReminderCase]) {
        for &((y, mo, d, h, mi), day) in cases {
            assert_eq!(
                reminder_day(utc(y, mo, d, h, mi), Brussels, 600),
                day.map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
                "{y}-{mo}-{d} {h}:{mi} UTC"
            );
        }
    }

    #[test]
    fn reminders_leave_the_day_before_from_the_configured_local_time() {
        assert_reminder_days(&[
            // 09:59 in Brussels (winter, UTC+1): not yet.
            ((2026, 11, 24, 8, 59), None),
            // 10:00 local: tomorrow's appointments.
            ((2026, 11, 24, 9, 0), Some((2026, 11, 25))),
            // 23:30 local is still the same day; 00:30 local (23:30 UTC) is the next one.
            ((2026, 11, 24, 22, 30), Some((2026, 11, 25))),
            ((2026, 11, 24, 23, 30), None),
        ]);
    }

    #[test]
    fn the_send_time_follows_summer_time() {
        assert_reminder_days(&[
            // 10:00 in summer (UTC+2) is 08:00 UTC.
            ((2026, 7, 1, 7, 59), None),
            ((2026, 7, 1, 8, 0), Some((2026, 7, 2))),
            // The day before the spring change: Sunday 29 March 2026 is tomorrow.
            ((2026, 3, 28, 9, 0), Some((2026, 3, 29))),
        ]);
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
        assert_reminder(
            Lang::Nl,
            "Herinnering: uw afspraak morgen om 10:30 – Sociaal Huis",
            &[
                "Wanneer: woensdag 25 november 2026 om 10:30 (30 minuten)\n",
                "Dienst: Schuldhulpverlening\n",
                "Waar: Sociaal Huis, Grote Markt 1, 1800 Vilvoorde\n",
                "Lokaal: Spreekkamer 2\n",
                "Afspraakcode: ABC347\n",
            ],
            "Kunt u niet komen? Laat het ons weten, bel 02 123 45 67.",
        );
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
    fn english_text() {
        assert_reminder(
            Lang::En,
            "Reminder: your appointment tomorrow at 10:30 – Sociaal Huis",
            &[
                "When: Wednesday 25 November 2026 at 10:30 (30 minutes)\n",
                "Room: Spreekkamer 2\n",
                "Appointment code: ABC347\n",
            ],
            "Cannot come? Please let us know, call 02 123 45 67.",
        );
    }

    /// A reminder in `lang`: its subject and, with a manage link, the `lines` and no phone
    /// number; without one, the `call` line with the phone number.
    fn assert_reminder(lang: Lang, subject: &str, lines: &[&str], call: &str) {
        let t = reminder_text(&facts(lang, Some("https://x.example/book/t")));
        assert_eq!(t.subject, subject);
        for want in lines {
            assert!(t.body.contains(want), "{want:?} missing in:\n{}", t.body);
        }
        assert!(!t.body.contains("02 123 45 67"));
        let t = reminder_text(&facts(lang, None));
        assert!(t.body.contains(call), "{call:?} missing in:\n{}", t.body);
    }

    #[test]
    fn ukrainian_text() {
        assert_reminder(
            Lang::Uk,
            "Нагадування: ваш запис на прийом завтра о 10:30 – Sociaal Huis",
            &[
                "Добрий день!\n",
                "Коли: середа, 25 листопада 2026 о 10:30 (30 хв)\n",
                "Служба: Schuldhulpverlening\n",
                "Де: Sociaal Huis, Grote Markt 1, 1800 Vilvoorde\n",
                "Кімната: Spreekkamer 2\n",
                "Код запису: ABC347\n",
                "Скасуйте або перенесіть свій запис тут:\nhttps://x.example/book/t\n",
                "З повагою,\nSociaal Huis\n",
            ],
            "Будь ласка, повідомте нас за телефоном 02 123 45 67.",
        );
    }

    #[test]
    fn arabic_text() {
        assert_reminder(
            Lang::Ar,
            "تذكير: موعدك غدًا الساعة 10:30 – Sociaal Huis",
            &[
                "مرحبًا،\n",
                "الموعد: الأربعاء، 25 نوفمبر 2026 الساعة 10:30 (30 دقيقة)\n",
                "الخدمة: Schuldhulpverlening\n",
                "المكان: Sociaal Huis, Grote Markt 1, 1800 Vilvoorde\n",
                "الغرفة: Spreekkamer 2\n",
                "رمز الموعد: ABC347\n",
                "يمكنك إلغاء موعدك أو تغييره من هنا:\nhttps://x.example/book/t\n",
                "مع أطيب التحيات،\nSociaal Huis\n",
            ],
            "يرجى إخبارنا على الرقم 02 123 45 67.",
        );
    }

    #[test]
    fn arabic_counts_3_to_10_minutes_with_the_plural() {
        let mut f = facts(Lang::Ar, None);
        for (min, word) in [
            (10, "(10 دقائق)"),
            (5, "(5 دقائق)"),
            (15, "(15 دقيقة)"),
            (45, "(45 دقيقة)"),
        ] {
            f.duration_min = min;
            let t = reminder_text(&f);
            assert!(t.body.contains(word), "{word} missing in:\n{}", t.body);
        }
        // The other languages keep their one word.
        let mut f = facts(Lang::Fr, None);
        f.duration_min = 10;
        assert!(reminder_text(&f).body.contains("(10 minutes)"));
    }

    #[test]
    fn turkish_text() {
        assert_reminder(
            Lang::Tr,
            "Hatırlatma: randevunuz yarın saat 10:30 – Sociaal Huis",
            &[
                "Merhaba,\n",
                "Ne zaman: 25 Kasım 2026 Çarşamba saat 10:30 (30 dakika)\n",
                "Hizmet: Schuldhulpverlening\n",
                "Nerede: Sociaal Huis, Grote Markt 1, 1800 Vilvoorde\n",
                "Oda: Spreekkamer 2\n",
                "Randevu kodu: ABC347\n",
                "buradan iptal edebilir veya değiştirebilirsiniz:\nhttps://x.example/book/t\n",
                "Saygılarımızla,\nSociaal Huis\n",
            ],
            "Lütfen arayarak bize haber verin: 02 123 45 67.",
        );
    }

    #[test]
    fn every_language_is_written_in_itself() {
        for lang in Lang::ALL {
            assert_eq!(text_lang(lang), lang);
        }
        // Ukrainian, Arabic and Turkish used to fall back to English: no English line is left.
        let english = reminder_text(&facts(Lang::En, None)).body;
        for lang in [Lang::Uk, Lang::Ar, Lang::Tr] {
            let body = reminder_text(&facts(lang, None)).body;
            for line in english.lines().filter(|l| !l.is_empty()) {
                // Only the facts (place, room) are the same in every language.
                if line.starts_with("Sociaal Huis") {
                    continue;
                }
                assert!(!body.contains(line), "{lang:?} has {line:?}");
            }
        }
    }

    #[test]
    fn long_dates_in_each_language() {
        let tue = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(long_date(tue, Lang::Nl), "dinsdag 24 november 2026");
        assert_eq!(long_date(tue, Lang::Fr), "mardi 24 novembre 2026");
        assert_eq!(long_date(tue, Lang::En), "Tuesday 24 November 2026");
        assert_eq!(long_date(tue, Lang::Uk), "вівторок, 24 листопада 2026");
        assert_eq!(long_date(tue, Lang::Ar), "الثلاثاء، 24 نوفمبر 2026");
        assert_eq!(long_date(tue, Lang::Tr), "24 Kasım 2026 Salı");
        // Month names in the genitive, and the weekdays from Monday.
        let fri = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(long_date(fri, Lang::Uk), "пʼятниця, 1 січня 2027");
        assert_eq!(long_date(fri, Lang::Ar), "الجمعة، 1 يناير 2027");
        assert_eq!(long_date(fri, Lang::Tr), "1 Ocak 2027 Cuma");
        let sun = NaiveDate::from_ymd_opt(2026, 8, 30).unwrap();
        assert_eq!(long_date(sun, Lang::Uk), "неділя, 30 серпня 2026");
        assert_eq!(long_date(sun, Lang::Ar), "الأحد، 30 أغسطس 2026");
        assert_eq!(long_date(sun, Lang::Tr), "30 Ağustos 2026 Pazar");
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
