//! A social worker's absence (afwezigheid): the rules for recording one, and the e-mail a
//! client gets when the absence moves or cancels their appointment.
//!
//! An absence is whole local days, `from` to `to` inclusive: a social worker off sick for the
//! afternoon is recorded absent for the day and the morning's appointments stay theirs only
//! if they were already past. (Part-day absences would need the booking rules to cut spans
//! out of a day; whole days match how leave and illness are reported.)

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use onthaal_wire::Lang;

use super::reminders::{long_date, ReminderText};

/// How long one absence may be: a year (longer is not an absence but an account to disable).
pub const MAX_DAYS: i64 = 366;
/// How far back an absence may start: recording last week's illness is history, not planning.
pub const MAX_DAYS_BACK: i64 = 31;
/// The longest note and cancellation reason.
pub const MAX_TEXT: usize = 200;

/// Why an absence cannot be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadAbsence {
    ToBeforeFrom,
    TooLong,
    LongAgo,
}

impl BadAbsence {
    pub fn code(self) -> &'static str {
        "invalid_dates"
    }

    pub fn message(self) -> &'static str {
        match self {
            BadAbsence::ToBeforeFrom => "the last day of the absence is before its first day",
            BadAbsence::TooLong => "an absence lasts at most 366 days",
            BadAbsence::LongAgo => "an absence starts at most 31 days ago",
        }
    }
}

/// Checks `from..=to` against today's local date.
pub fn check_dates(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<(), BadAbsence> {
    if to < from {
        return Err(BadAbsence::ToBeforeFrom);
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(BadAbsence::TooLong);
    }
    if (today - from).num_days() > MAX_DAYS_BACK {
        return Err(BadAbsence::LongAgo);
    }
    Ok(())
}

/// What became of the client's appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change<'a> {
    /// Same time, with a colleague (their first name: clients know social workers by it).
    Colleague(&'a str),
    Team,
    Cancelled,
}

/// Everything the e-mail says, already resolved.
#[derive(Debug, Clone)]
pub struct MailFacts<'a> {
    pub lang: Lang,
    pub start: DateTime<Tz>,
    pub service: &'a str,
    pub location: &'a str,
    pub phone: &'a str,
    pub code: &'a str,
    pub change: Change<'a>,
}

/// The e-mail to a client whose appointment an absence changed. Like the reminder, it never
/// names the client: the mailbox may be shared.
pub fn mail_text(f: &MailFacts) -> ReminderText {
    let lang = f.lang.code();
    let w = |id: &str| onthaal_i18n::text(lang, id);
    let subject = match f.change {
        Change::Cancelled => w("absence-mail-subject-cancelled"),
        _ => w("absence-mail-subject-changed"),
    };
    let what = match f.change {
        Change::Colleague(name) => {
            onthaal_i18n::format(lang, "absence-mail-colleague", &[("name", name)])
        }
        Change::Team => w("absence-mail-team"),
        Change::Cancelled => w("absence-mail-cancelled"),
    };
    let time = f.start.format("%H:%M").to_string();
    let mut lines = vec![
        w("reminder-greeting"),
        String::new(),
        w("absence-mail-intro"),
        what,
        String::new(),
        format!(
            "{}: {} {} {time}",
            w("reminder-when"),
            long_date(f.start.date_naive(), f.lang),
            w("reminder-at"),
        ),
        format!("{}: {}", w("reminder-service"), f.service),
        format!("{}: {}", w("reminder-place"), f.location),
    ];
    if f.change != Change::Cancelled {
        lines.push(format!("{}: {}", w("reminder-code"), f.code));
    } else if !f.phone.is_empty() {
        lines.push(String::new());
        lines.push(format!("{} {}", w("absence-mail-call"), f.phone));
    }
    lines.push(String::new());
    lines.push(w("reminder-regards"));
    lines.push(f.location.to_string());
    ReminderText {
        subject: format!("{subject} – {}", f.location),
        body: lines.join("\n") + "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use chrono_tz::Europe::Brussels;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn dates_are_checked() {
        let today = d(11, 24);
        assert_eq!(check_dates(d(11, 24), d(11, 24), today), Ok(()));
        assert_eq!(
            check_dates(d(11, 26), d(11, 25), today),
            Err(BadAbsence::ToBeforeFrom)
        );
        assert_eq!(
            check_dates(d(11, 24), d(11, 24) + chrono::Duration::days(366), today),
            Err(BadAbsence::TooLong)
        );
        assert_eq!(
            check_dates(d(10, 1), d(11, 24), today),
            Err(BadAbsence::LongAgo)
        );
    }

    #[test]
    fn the_mail_says_what_happened_in_the_clients_language() {
        let facts = |lang, change| MailFacts {
            lang,
            start: Brussels.with_ymd_and_hms(2026, 11, 25, 10, 30, 0).unwrap(),
            service: "Schuldhulp",
            location: "Sociaal Huis",
            phone: "02 123 45 67",
            code: "ABC347",
            change,
        };
        let nl = mail_text(&facts(Lang::NL, Change::Colleague("Karim")));
        assert!(nl.subject.starts_with("Uw afspraak: een andere"), "{nl:?}");
        assert!(nl.body.contains("ontvangen door Karim."), "{}", nl.body);
        assert!(nl.body.contains("woensdag 25 november 2026 om 10:30"));
        assert!(nl.body.contains("ABC347"));
        let fr = mail_text(&facts(Lang::parse("fr").unwrap(), Change::Cancelled));
        assert!(fr.subject.starts_with("Votre rendez-vous est annulé"));
        assert!(fr.body.contains("02 123 45 67"));
        assert!(!fr.body.contains("ABC347"), "a cancelled code is no use");
        let en = mail_text(&facts(Lang::parse("en").unwrap(), Change::Team));
        assert!(en.body.contains("A colleague of the service"));
    }
}
