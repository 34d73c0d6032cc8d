//! Closing a service "now" (staff ill, a fault): until when it may be closed, what ends it,
//! and the reasons visitors are told. Pure rules; `usecases/closures.rs` writes them.
//!
//! A closure lasts until a time later today, or until the end of the day (the next local
//! midnight). It ends by itself at that time: a service is closed now while `now < until`.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::domain::numbering::local_day;

pub use onthaal_wire::CLOSURE_REASONS;

/// The longest staff-only note.
pub const NOTE_MAX_CHARS: usize = 200;

/// The first instant of the next local day: the end of `now`'s day (DST included).
pub fn end_of_day(now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let next = local_day(now, tz).succ_opt().expect("a next day");
    tz.from_local_datetime(&next.and_time(NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now + Duration::hours(24))
}

/// Whether a closure until `until` is one for the rest of the day.
pub fn is_end_of_day(until: DateTime<Utc>, tz: Tz) -> bool {
    end_of_day(until - Duration::milliseconds(1), tz) == until
}

/// Why a closure cannot be made as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not one of [`CLOSURE_REASONS`].
    UnknownReason,
    /// `until` is not a time `HH:MM`.
    BadTime,
    /// `until` is not later than now.
    TimePassed,
    /// The note is longer than [`NOTE_MAX_CHARS`].
    NoteTooLong,
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::UnknownReason => "unknown_closure_reason",
            Refusal::BadTime => "invalid_time",
            Refusal::TimePassed => "time_passed",
            Refusal::NoteTooLong => "note_too_long",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Refusal::UnknownReason => {
                format!("the reason must be one of {}", CLOSURE_REASONS.join(", "))
            }
            Refusal::BadTime => "until must be a time today as HH:MM (e.g. 14:00)".into(),
            Refusal::TimePassed => "until must be later than now".into(),
            Refusal::NoteTooLong => format!("the note may be {NOTE_MAX_CHARS} characters long"),
        }
    }
}

/// A closure asked for, checked: until when, why, the note (trimmed; none if empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub until: DateTime<Utc>,
    pub reason: String,
    pub note: Option<String>,
}

/// Checks a request to close now: the reason is one of the list, `until` (`HH:MM` today in
/// the location's time zone; none: the end of the day) is later than now.
pub fn check(
    reason: &str,
    until: Option<&str>,
    note: Option<&str>,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Closing, Refusal> {
    if !CLOSURE_REASONS.contains(&reason) {
        return Err(Refusal::UnknownReason);
    }
    let until = match until.map(str::trim).filter(|u| !u.is_empty()) {
        None => end_of_day(now, tz),
        Some(u) => {
            let time = NaiveTime::parse_from_str(u, "%H:%M").map_err(|_| Refusal::BadTime)?;
            let at = tz
                .from_local_datetime(&local_day(now, tz).and_time(time))
                .earliest()
                .ok_or(Refusal::BadTime)?
                .with_timezone(&Utc);
            if at <= now {
                return Err(Refusal::TimePassed);
            }
            at
        }
    };
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > NOTE_MAX_CHARS) {
        return Err(Refusal::NoteTooLong);
    }
    Ok(Closing {
        until,
        reason: reason.to_string(),
        note: note.map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Brussels;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn the_end_of_the_day_is_the_next_local_midnight() {
        // 10:00 in Brussels in winter (UTC+1): midnight is 23:00 UTC.
        assert_eq!(
            end_of_day(utc(2026, 12, 4, 9, 0), Brussels),
            utc(2026, 12, 4, 23, 0)
        );
        // On the day summer time ends the day has 25 hours; midnight is then UTC+1 again.
        assert_eq!(
            end_of_day(utc(2026, 10, 25, 9, 0), Brussels),
            utc(2026, 10, 25, 23, 0)
        );
        assert!(is_end_of_day(utc(2026, 12, 4, 23, 0), Brussels));
        assert!(!is_end_of_day(utc(2026, 12, 4, 13, 0), Brussels));
    }

    #[test]
    fn until_is_a_later_time_today() {
        let now = utc(2026, 12, 4, 9, 0); // 10:00 local
        let c = check(
            "staff_illness",
            Some("14:00"),
            Some("  Jan ziek "),
            now,
            Brussels,
        )
        .unwrap();
        assert_eq!(c.until, utc(2026, 12, 4, 13, 0));
        assert_eq!(c.note.as_deref(), Some("Jan ziek"));
        let c = check("meeting", None, Some(" "), now, Brussels).unwrap();
        assert_eq!(c.until, utc(2026, 12, 4, 23, 0));
        assert_eq!(c.note, None);
        assert_eq!(
            check("meeting", Some("10:00"), None, now, Brussels),
            Err(Refusal::TimePassed)
        );
        assert_eq!(
            check("meeting", Some("9:5x"), None, now, Brussels),
            Err(Refusal::BadTime)
        );
        assert_eq!(
            check("meeting", Some("25:00"), None, now, Brussels),
            Err(Refusal::BadTime)
        );
        assert_eq!(
            check("lunch", None, None, now, Brussels),
            Err(Refusal::UnknownReason)
        );
        let long = "x".repeat(201);
        assert_eq!(
            check("meeting", None, Some(&long), now, Brussels),
            Err(Refusal::NoteTooLong)
        );
    }
}
