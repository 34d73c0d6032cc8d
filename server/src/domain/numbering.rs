//! Ticket numbers: the service's prefix and a daily sequence, e.g. `P001`.
//!
//! The day is the location's local calendar day (Europe/Brussels by default), so numbering
//! restarts at local midnight whatever daylight-saving time does to the UTC offset.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// The local calendar day an instant falls on, which scopes numbering and daily figures.
pub fn local_day(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// `P` and 7 make `P007`; past 999 the number simply grows (`P1000`) rather than wrapping,
/// because a number must never be issued twice on a day.
pub fn ticket_number(prefix: &str, seq: i64) -> String {
    format!("{prefix}{seq:03}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn numbers_are_prefix_and_three_digits() {
        assert_eq!(ticket_number("P", 1), "P001");
        assert_eq!(ticket_number("ID", 42), "ID042");
        assert_eq!(ticket_number("P", 1000), "P1000");
    }

    #[test]
    fn the_day_turns_at_brussels_midnight_in_winter_and_summer() {
        let tz = chrono_tz::Europe::Brussels;
        // Winter: UTC+1. 22:59:59 UTC is 23:59:59 local on the 10th; 23:00 UTC is the 11th.
        let a = Utc.with_ymd_and_hms(2026, 1, 10, 22, 59, 59).unwrap();
        let b = Utc.with_ymd_and_hms(2026, 1, 10, 23, 0, 0).unwrap();
        assert_eq!(
            local_day(a, tz),
            NaiveDate::from_ymd_opt(2026, 1, 10).unwrap()
        );
        assert_eq!(
            local_day(b, tz),
            NaiveDate::from_ymd_opt(2026, 1, 11).unwrap()
        );
        // Summer: UTC+2. 21:59:59 UTC is still the 10th, 22:00 UTC the 11th.
        let c = Utc.with_ymd_and_hms(2026, 7, 10, 21, 59, 59).unwrap();
        let d = Utc.with_ymd_and_hms(2026, 7, 10, 22, 0, 0).unwrap();
        assert_eq!(
            local_day(c, tz),
            NaiveDate::from_ymd_opt(2026, 7, 10).unwrap()
        );
        assert_eq!(
            local_day(d, tz),
            NaiveDate::from_ymd_opt(2026, 7, 11).unwrap()
        );
    }

    #[test]
    fn dst_change_days_are_one_day_each() {
        let tz = chrono_tz::Europe::Brussels;
        // 2026-03-29: clocks go 02:00 → 03:00 local. The whole UTC span of that local day
        // (23 hours) maps to the 29th.
        let start = Utc.with_ymd_and_hms(2026, 3, 28, 23, 0, 0).unwrap();
        let end = Utc.with_ymd_and_hms(2026, 3, 29, 21, 59, 59).unwrap();
        assert_eq!(
            local_day(start, tz),
            NaiveDate::from_ymd_opt(2026, 3, 29).unwrap()
        );
        assert_eq!(
            local_day(end, tz),
            NaiveDate::from_ymd_opt(2026, 3, 29).unwrap()
        );
        // 2026-10-25: clocks go 03:00 → 02:00; that local day lasts 25 hours.
        let start = Utc.with_ymd_and_hms(2026, 10, 24, 22, 0, 0).unwrap();
        let end = Utc.with_ymd_and_hms(2026, 10, 25, 22, 59, 59).unwrap();
        assert_eq!(
            local_day(start, tz),
            NaiveDate::from_ymd_opt(2026, 10, 25).unwrap()
        );
        assert_eq!(
            local_day(end, tz),
            NaiveDate::from_ymd_opt(2026, 10, 25).unwrap()
        );
    }
}
