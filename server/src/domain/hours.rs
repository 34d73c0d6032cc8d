//! Opening hours: a weekly schedule per service, dated exceptions, Belgian public holidays.
//!
//! Hours are local wall-clock times at the location (Europe/Brussels by default). A span is
//! kept in minutes of the day so that "until midnight" (24:00) is expressible. Dated exceptions
//! win over everything; then public holidays (when the service closes on them); then either
//! "always open" or the weekly schedule.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// An opening span `[start, end)` in minutes since local midnight; `end` may be 1440.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start_min: u16,
    pub end_min: u16,
}

impl Span {
    pub const WHOLE_DAY: Span = Span {
        start_min: 0,
        end_min: 1440,
    };

    /// Parses `"08:30-12:00"`; `24:00` is allowed as an end.
    pub fn parse(s: &str) -> Result<Span, String> {
        let (a, b) = s
            .split_once('-')
            .ok_or_else(|| format!("\"{s}\" is not a span like \"08:30-12:00\""))?;
        let start_min = parse_hhmm(a.trim())?;
        let end_min = parse_hhmm(b.trim())?;
        if start_min >= end_min {
            return Err(format!("\"{s}\" ends before it starts"));
        }
        Ok(Span { start_min, end_min })
    }

    fn contains(&self, minute: u16) -> bool {
        self.start_min <= minute && minute < self.end_min
    }
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:02}:{:02}-{:02}:{:02}",
            self.start_min / 60,
            self.start_min % 60,
            self.end_min / 60,
            self.end_min % 60
        )
    }
}

fn parse_hhmm(s: &str) -> Result<u16, String> {
    let (h, m) = s
        .split_once(':')
        .ok_or_else(|| format!("\"{s}\" is not a time like \"08:30\""))?;
    let h: u16 = h
        .parse()
        .map_err(|_| format!("\"{s}\" has no valid hour"))?;
    let m: u16 = m
        .parse()
        .map_err(|_| format!("\"{s}\" has no valid minute"))?;
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return Err(format!("\"{s}\" is not a time of day"));
    }
    Ok(h * 60 + m)
}

/// A dated exception: the service keeps these hours on that date (none = closed all day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    pub date: NaiveDate,
    pub spans: Vec<Span>,
}

/// When a service takes walk-in visitors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Schedule {
    /// Open at every hour (the demo's walk-in services), except on dated exceptions.
    pub always_open: bool,
    /// Spans per weekday, Monday first.
    pub weekly: [Vec<Span>; 7],
    pub exceptions: Vec<Exception>,
    /// Closed on Belgian public holidays (see [`belgian_public_holidays`]).
    pub closed_on_public_holidays: bool,
    /// Appointments may be booked on public holidays too. Without it appointments are closed
    /// on a public holiday even where walk-in stays open (the demo's walk-in services are open
    /// at every hour, and Christmas Day was bookable).
    #[serde(default)]
    pub appointments_on_public_holidays: bool,
}

impl Schedule {
    pub fn always() -> Schedule {
        Schedule {
            always_open: true,
            ..Schedule::default()
        }
    }

    /// The spans that apply on a local date.
    pub fn spans_on(&self, date: NaiveDate) -> Vec<Span> {
        if let Some(e) = self.exceptions.iter().find(|e| e.date == date) {
            return e.spans.clone();
        }
        if self.closed_on_public_holidays && is_belgian_public_holiday(date) {
            return Vec::new();
        }
        if self.always_open {
            return vec![Span::WHOLE_DAY];
        }
        self.weekly[date.weekday().num_days_from_monday() as usize].clone()
    }

    /// The spans appointments can be booked in on a local date: the opening hours, except on
    /// a public holiday without a dated exception, unless the service takes appointments then
    /// ([`Schedule::appointments_on_public_holidays`]).
    pub fn appointment_spans_on(&self, date: NaiveDate) -> Vec<Span> {
        let exception = self.exceptions.iter().any(|e| e.date == date);
        if !exception && !self.appointments_on_public_holidays && is_belgian_public_holiday(date) {
            return Vec::new();
        }
        self.spans_on(date)
    }

    pub fn is_open(&self, at: DateTime<Utc>, tz: Tz) -> bool {
        let local = at.with_timezone(&tz);
        let minute = (local.hour() * 60 + local.minute()) as u16;
        self.spans_on(local.date_naive())
            .iter()
            .any(|s| s.contains(minute))
    }

    /// The first moment at or after `at` when the service is open, looking up to `days` ahead.
    pub fn next_opening(&self, at: DateTime<Utc>, tz: Tz, days: u32) -> Option<DateTime<Utc>> {
        if self.is_open(at, tz) {
            return Some(at);
        }
        let local = at.with_timezone(&tz);
        let today = local.date_naive();
        let now_min = (local.hour() * 60 + local.minute()) as u16;
        for offset in 0..=days as i64 {
            let date = today + Duration::days(offset);
            let mut spans = self.spans_on(date);
            spans.sort_by_key(|s| s.start_min);
            for s in spans {
                if offset == 0 && s.end_min <= now_min {
                    continue;
                }
                if let Some(t) = local_instant(date, s.start_min, tz) {
                    if t > at {
                        return Some(t);
                    }
                }
            }
        }
        None
    }
}

impl Schedule {
    /// The opening span `at` falls in, as (start, end); `None` when closed at `at`. The wait
    /// forecast expects walk-ins until its end, at the rate seen since its start.
    pub fn open_span(&self, at: DateTime<Utc>, tz: Tz) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let local = at.with_timezone(&tz);
        let minute = (local.hour() * 60 + local.minute()) as u16;
        let span = self
            .spans_on(local.date_naive())
            .into_iter()
            .filter(|s| s.contains(minute))
            .max_by_key(|s| s.end_min)?;
        Some((
            local_instant(local.date_naive(), span.start_min, tz)?,
            local_instant(local.date_naive(), span.end_min, tz)?,
        ))
    }
}

/// The UTC instant of a local wall-clock minute; a minute skipped by the spring DST change
/// maps to the first valid instant after the gap.
fn local_instant(date: NaiveDate, minute: u16, tz: Tz) -> Option<DateTime<Utc>> {
    if minute >= 1440 {
        return local_instant(date.succ_opt()?, 0, tz);
    }
    let naive = date.and_time(NaiveTime::from_hms_opt(
        (minute / 60) as u32,
        (minute % 60) as u32,
        0,
    )?);
    for shift in 0..=2 {
        if let Some(t) = tz
            .from_local_datetime(&(naive + Duration::hours(shift)))
            .earliest()
        {
            return Some(t.with_timezone(&Utc));
        }
    }
    None
}

/// Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher).
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("valid Easter date")
}

/// The ten Belgian legal holidays plus 11 July, the Flemish community's holiday on which
/// Flemish local governments close.
pub fn belgian_public_holidays(year: i32) -> Vec<NaiveDate> {
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day).expect("valid date");
    let e = easter(year);
    let mut days = vec![
        d(1, 1),
        e + Duration::days(1),  // Paasmaandag
        d(5, 1),                // Dag van de Arbeid
        e + Duration::days(39), // O.L.H. Hemelvaart
        e + Duration::days(50), // Pinkstermaandag
        d(7, 11),               // Feest van de Vlaamse Gemeenschap
        d(7, 21),
        d(8, 15),
        d(11, 1),
        d(11, 11),
        d(12, 25),
    ];
    days.sort();
    days
}

pub fn is_belgian_public_holiday(date: NaiveDate) -> bool {
    belgian_public_holidays(date.year()).contains(&date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Brussels;

    fn tuesday_morning() -> Schedule {
        let mut s = Schedule::default();
        s.weekly[1] = vec![Span::parse("08:30-12:00").unwrap()];
        s
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    #[test]
    fn spans_parse_and_reject_nonsense() {
        assert_eq!(
            Span::parse("08:30-12:00").unwrap(),
            Span {
                start_min: 510,
                end_min: 720
            }
        );
        assert_eq!(Span::parse("00:00-24:00").unwrap(), Span::WHOLE_DAY);
        for bad in [
            "8-12",
            "12:00-08:00",
            "25:00-26:00",
            "08:60-09:00",
            "",
            "08:00",
        ] {
            assert!(Span::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn permanentie_on_tuesday_morning_local_time() {
        let s = tuesday_morning();
        // 2026-11-24 is a Tuesday; Brussels is UTC+1 in November.
        assert!(!s.is_open(utc(2026, 11, 24, 7, 29), Brussels));
        assert!(s.is_open(utc(2026, 11, 24, 7, 30), Brussels));
        assert!(s.is_open(utc(2026, 11, 24, 10, 59), Brussels));
        assert!(!s.is_open(utc(2026, 11, 24, 11, 0), Brussels));
        // Summer: UTC+2, so 08:30 local is 06:30 UTC.
        assert!(s.is_open(utc(2026, 6, 30, 6, 30), Brussels));
        assert!(!s.is_open(utc(2026, 6, 30, 10, 0), Brussels));
    }

    #[test]
    fn next_opening_skips_to_the_next_tuesday_and_holidays() {
        let s = tuesday_morning();
        // Wednesday 25 Nov → Tuesday 1 Dec 08:30 local = 07:30 UTC.
        assert_eq!(
            s.next_opening(utc(2026, 11, 25, 9, 0), Brussels, 14),
            Some(utc(2026, 12, 1, 7, 30))
        );
        // Same Tuesday, before opening.
        assert_eq!(
            s.next_opening(utc(2026, 11, 24, 6, 0), Brussels, 14),
            Some(utc(2026, 11, 24, 7, 30))
        );
        // A dated closure moves it a week on.
        let mut closed = s.clone();
        closed.exceptions.push(Exception {
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            spans: vec![],
        });
        assert_eq!(
            closed.next_opening(utc(2026, 11, 25, 9, 0), Brussels, 14),
            Some(utc(2026, 12, 8, 7, 30))
        );
        // Nothing within the horizon.
        assert_eq!(
            Schedule::default().next_opening(utc(2026, 11, 25, 9, 0), Brussels, 14),
            None
        );
    }

    #[test]
    fn always_open_except_on_exceptions_and_holidays_when_asked() {
        let mut s = Schedule::always();
        assert!(s.is_open(utc(2026, 12, 25, 3, 0), Brussels));
        s.closed_on_public_holidays = true;
        assert!(!s.is_open(utc(2026, 12, 25, 10, 0), Brussels));
        assert!(s.is_open(utc(2026, 12, 24, 10, 0), Brussels));
    }

    #[test]
    fn belgian_holidays_follow_easter() {
        assert_eq!(easter(2026), NaiveDate::from_ymd_opt(2026, 4, 5).unwrap());
        assert_eq!(easter(2027), NaiveDate::from_ymd_opt(2027, 3, 28).unwrap());
        let h = belgian_public_holidays(2026);
        assert_eq!(h.len(), 11);
        for (m, d) in [(4, 6), (5, 14), (5, 25), (7, 11), (7, 21), (11, 11)] {
            assert!(
                h.contains(&NaiveDate::from_ymd_opt(2026, m, d).unwrap()),
                "{m}-{d}"
            );
        }
    }

    #[test]
    fn an_opening_inside_the_spring_gap_moves_to_after_it() {
        let mut s = Schedule::default();
        // Sunday 29 March 2026, 02:30 local does not exist.
        s.weekly[6] = vec![Span::parse("02:30-05:00").unwrap()];
        let t = s
            .next_opening(utc(2026, 3, 28, 20, 0), Brussels, 2)
            .unwrap();
        assert_eq!(t, utc(2026, 3, 29, 1, 30)); // 03:30 CEST
    }
}
