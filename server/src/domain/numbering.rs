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

    /// A UTC moment `(y, m, d, h, min, s)` and the Brussels day `(y, m, d)` it falls on.
    type DayCase = ((i32, u32, u32, u32, u32, u32), (i32, u32, u32));

    /// Each case's moment falls on its Brussels day.
    fn assert_days(cases: &[DayCase]) {
        for &((y, mo, d, h, mi, s), (ly, lm, ld)) in cases {
            let at = Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap();
            assert_eq!(
                local_day(at, chrono_tz::Europe::Brussels),
                NaiveDate::from_ymd_opt(ly, lm, ld).unwrap(),
                "{at}"
            );
        }
    }

    #[test]
    fn the_day_turns_at_brussels_midnight_in_winter_and_summer() {
        assert_days(&[
            // Winter: UTC+1. 22:59:59 UTC is 23:59:59 local on the 10th; 23:00 UTC is the 11th.
            ((2026, 1, 10, 22, 59, 59), (2026, 1, 10)),
            ((2026, 1, 10, 23, 0, 0), (2026, 1, 11)),
            // Summer: UTC+2. 21:59:59 UTC is still the 10th, 22:00 UTC the 11th.
            ((2026, 7, 10, 21, 59, 59), (2026, 7, 10)),
            ((2026, 7, 10, 22, 0, 0), (2026, 7, 11)),
        ]);
    }

    #[test]
    fn dst_change_days_are_one_day_each() {
        assert_days(&[
            // 2026-03-29: clocks go 02:00 → 03:00 local. The whole UTC span of that local day
            // (23 hours) maps to the 29th.
            ((2026, 3, 28, 23, 0, 0), (2026, 3, 29)),
            ((2026, 3, 29, 21, 59, 59), (2026, 3, 29)),
            // 2026-10-25: clocks go 03:00 → 02:00; that local day lasts 25 hours.
            ((2026, 10, 24, 22, 0, 0), (2026, 10, 25)),
            ((2026, 10, 25, 22, 59, 59), (2026, 10, 25)),
        ]);
    }
}
