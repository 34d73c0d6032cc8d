//! Appointments: when a social worker (or a team) can be booked, booking codes, and the
//! check-in window at the kiosk.
//!
//! Everything is computed on the location's local wall clock (Europe/Brussels) and only then
//! turned into UTC instants: an appointment "at 10:00" is 10:00 on that date whatever the
//! offset that day, so the DST change does not move appointments. A slot is bookable when it
//! lies inside one span of the service's opening hours (public holidays and dated closures
//! included, see [`crate::domain::hours`]) *and* inside one span of the social worker's weekly
//! availability, on a day they are not absent, in the future, and free. Only a social worker
//! linked to the service (or linked to none: every service) is booked for it. An appointment
//! with the team needs one of the service's social workers at work and free the whole time, one
//! for each of the team's appointments then (see [`Taker::Team`]). Overlap with
//! other bookings is decided by the store inside its write transaction; here it is only
//! filtered out of the list of free slots.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::hours::{is_belgian_public_holiday, Schedule, Span};
use onthaal_wire::TicketState;

/// Booking codes: 28 symbols, none of which is confused with another when read aloud or
/// written by hand: no 0/O, 1/I/L, and no 2, 5, 8 (Z, S, B stay). 28^6 ≈ 4.8·10^8 codes, and
/// guessing is rate limited, so bulk guessing a valid code of today is hopeless.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ34679";
pub const CODE_LEN: usize = 6;

/// A fresh booking code (the store retries on the rare collision).
pub fn booking_code<R: Rng>(rng: &mut R) -> String {
    (0..CODE_LEN)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// What a visitor typed or the QR carried, as a code: case and spaces/dashes do not matter,
/// and a QR that carries an address (`…/afspraak/ABCDEF`) counts by its last segment.
/// `None` when it cannot be a code at all (so it is not worth a database look-up).
pub fn normalize_code(input: &str) -> Option<String> {
    let input = input.trim().trim_end_matches('/');
    let input = input.rsplit('/').next().unwrap_or(input);
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

/// Inclusive date range a staff member is absent (leave, training, illness).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Absence {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A social worker's weekly availability (Monday first) and absences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Availability {
    /// No weekly hours configured: the staff member can be booked whenever the service is
    /// open (a team member without fixed hours).
    #[serde(default)]
    pub weekly: Option<[Vec<Span>; 7]>,
    #[serde(default)]
    pub absences: Vec<Absence>,
}

impl Availability {
    pub fn absent_on(&self, date: NaiveDate) -> bool {
        self.absences.iter().any(|a| a.from <= date && date <= a.to)
    }

    /// The spans the staff member works on a date (empty when absent).
    pub fn spans_on(&self, date: NaiveDate) -> Vec<Span> {
        if self.absent_on(date) {
            return Vec::new();
        }
        match &self.weekly {
            None => vec![Span::WHOLE_DAY],
            Some(w) => w[date.weekday().num_days_from_monday() as usize].clone(),
        }
    }
}

/// Whether one of `spans` holds the minutes `[m0, m1)` of a day.
fn covers(spans: &[Span], m0: u32, m1: u32) -> bool {
    spans
        .iter()
        .any(|s| s.start_min as u32 <= m0 && m1 <= s.end_min as u32)
}

/// One social worker of a service's team: when they work, and their own appointments (start
/// and end, in ms).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamMember {
    pub availability: Availability,
    pub busy: Vec<(i64, i64)>,
}

/// Who takes an appointment, for the working hours it must fit in besides the service's.
#[derive(Debug, Clone, Copy)]
pub enum Taker<'a> {
    /// The social worker named for it.
    Person(&'a Availability),
    /// The team: any of the service's social workers may take it. It needs one of them at work
    /// the whole time and free of their own appointments, beside one for each of the team's
    /// appointments already booked then (`booked`, start and end in ms): a team of two takes
    /// two at once. A service nobody is linked to has only its own hours.
    Team {
        members: &'a [TeamMember],
        booked: &'a [(i64, i64)],
    },
}

impl<'a> Taker<'a> {
    pub fn team(members: &'a [TeamMember], booked: &'a [(i64, i64)]) -> Taker<'a> {
        Taker::Team { members, booked }
    }

    /// Whether someone who could take it is free for `[m0, m1)` on `date` (the instants
    /// `[a, b)` in ms), inside `service` (the service's spans that day).
    fn works(
        &self,
        date: NaiveDate,
        (m0, m1): (u32, u32),
        (a, b): (i64, i64),
        service: &[Span],
    ) -> Result<(), Unbookable> {
        let overlaps = |(x, y): &(i64, i64)| *x < b && a < *y;
        match self {
            Taker::Person(p) if p.absent_on(date) => Err(Unbookable::StaffAbsent),
            Taker::Person(p) if !covers(&intersect(service, &p.spans_on(date)), m0, m1) => {
                Err(Unbookable::StaffUnavailable)
            }
            Taker::Person(_) | Taker::Team { members: [], .. } => Ok(()),
            Taker::Team { members, booked } => {
                let working: Vec<&TeamMember> = members
                    .iter()
                    .filter(|m| covers(&m.availability.spans_on(date), m0, m1))
                    .collect();
                if working.is_empty() {
                    return Err(Unbookable::TeamUnavailable);
                }
                let free = working
                    .iter()
                    .filter(|m| !m.busy.iter().any(overlaps))
                    .count();
                if free > booked.iter().filter(|x| overlaps(x)).count() {
                    Ok(())
                } else {
                    Err(Unbookable::TeamFull)
                }
            }
        }
    }
}

/// Whether each of the team's appointments `booked` (start and end, in ms) that overlaps `at`
/// still has one of the team for it: as many social workers at work and free of their own
/// appointments then as the team has appointments at that time. What a social worker's own
/// booking at `at` must leave true ([`Taker::Team`] holds it for a team booking).
pub fn team_keeps_up(
    members: &[TeamMember],
    booked: &[(i64, i64)],
    at: (i64, i64),
    tz: Tz,
) -> bool {
    let overlaps = |(x, y): &(i64, i64), (a, b): &(i64, i64)| *x < *b && *a < *y;
    booked.iter().filter(|t| overlaps(t, &at)).all(|t| {
        let Some(start) = DateTime::from_timestamp_millis(t.0) else {
            return false;
        };
        let (date, m0) = local_minute(start, tz);
        let m1 = m0 + u32::try_from((t.1 - t.0) / 60_000).unwrap_or(u32::MAX);
        let free = members
            .iter()
            .filter(|m| {
                covers(&m.availability.spans_on(date), m0, m1)
                    && !m.busy.iter().any(|x| overlaps(x, t))
            })
            .count();
        free >= booked.iter().filter(|x| overlaps(x, t)).count()
    })
}

/// Per service: may citizens book it online (later), and the slot grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BookingSettings {
    pub bookable: bool,
    pub slot_min: u32,
}

impl Default for BookingSettings {
    fn default() -> Self {
        BookingSettings {
            bookable: false,
            slot_min: 30,
        }
    }
}

/// Per location: which queue checked-in visitors join, the check-in window, retention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppointmentSettings {
    /// The service key of the check-in queue (prefix A in the demo); `None` when the location
    /// has no such service (check-in is then refused with a clear message).
    pub appointment_service: Option<String>,
    pub check_in_early_min: i64,
    pub check_in_late_min: i64,
    /// Contact details are cleared this many days after the appointment.
    pub retention_days: i64,
    /// Online booking: how many open future appointments one e-mail address or phone number
    /// may hold, so nobody hoards slots.
    pub online_bookings_per_contact: i64,
}

impl Default for AppointmentSettings {
    fn default() -> Self {
        AppointmentSettings {
            appointment_service: Some("afspraak".into()),
            check_in_early_min: 60,
            check_in_late_min: 15,
            retention_days: 90,
            online_bookings_per_contact: 2,
        }
    }
}

/// The spans in both lists (each list may be unsorted; the result is sorted).
pub fn intersect(a: &[Span], b: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    for x in a {
        for y in b {
            let start_min = x.start_min.max(y.start_min);
            let end_min = x.end_min.min(y.end_min);
            if start_min < end_min {
                out.push(Span { start_min, end_min });
            }
        }
    }
    out.sort_by_key(|s| s.start_min);
    out
}

/// The UTC instant of a local wall-clock minute, `None` inside the spring DST gap (no such
/// local time: no slot there). In the autumn overlap the first (summer-time) instant is used.
pub fn local_instant(date: NaiveDate, minute: u32, tz: Tz) -> Option<DateTime<Utc>> {
    if minute >= 1440 {
        return local_instant(date.succ_opt()?, minute - 1440, tz);
    }
    let t = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0)?;
    tz.from_local_datetime(&date.and_time(t))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Why a time cannot be booked; the store maps each to an error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unbookable {
    InPast,
    InvalidDuration,
    /// A Belgian public holiday on which the service closes.
    Holiday,
    /// A dated closure of the service or location.
    Closed,
    OutsideHours,
    StaffAbsent,
    StaffUnavailable,
    /// A team appointment at a time none of the service's social workers works.
    TeamUnavailable,
    /// A team appointment at a time every social worker of the team who works then is booked
    /// (by their own appointments or the team's).
    TeamFull,
    /// The staff member named does not take appointments for the service.
    StaffNotForService,
}

impl Unbookable {
    pub fn code(self) -> &'static str {
        match self {
            Unbookable::InPast => "in_past",
            Unbookable::InvalidDuration => "invalid_duration",
            Unbookable::Holiday => "holiday",
            Unbookable::Closed => "closed",
            Unbookable::OutsideHours => "outside_opening_hours",
            Unbookable::StaffAbsent => "staff_absent",
            Unbookable::StaffUnavailable => "staff_unavailable",
            Unbookable::TeamUnavailable => "team_unavailable",
            // Like a social worker's slot taken meanwhile: the desk app refreshes the free hours.
            Unbookable::TeamFull => "slot_taken",
            Unbookable::StaffNotForService => "staff_not_for_service",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Unbookable::InPast => "that time has already passed",
            Unbookable::InvalidDuration => "an appointment lasts 5 to 480 minutes",
            Unbookable::Holiday => "that day is a public holiday; the service is closed",
            Unbookable::Closed => "the service is closed on that day",
            Unbookable::OutsideHours => "that time is outside the service's opening hours",
            Unbookable::StaffAbsent => "the social worker is absent on that day",
            Unbookable::StaffUnavailable => "the social worker does not work at that time",
            Unbookable::TeamUnavailable => {
                "none of the service's social workers works at that time; choose another time"
            }
            Unbookable::TeamFull => {
                "every social worker of the team is booked at that time; choose another time"
            }
            Unbookable::StaffNotForService => {
                "the social worker does not take appointments for this service; choose one of its social workers or the team"
            }
        }
    }
}

/// Whether a staff member takes appointments for a service. `services` are the service keys
/// the configuration links them to; none means every service, so a team member without a
/// speciality (and every account of a file from before the links) can be booked for any.
/// A debt-help worker is not booked for housing support: that is the point of the links.
pub fn handles_service(services: &[String], service: &str) -> bool {
    services.is_empty() || services.iter().any(|s| s == service)
}

/// [`handles_service`] as a booking check, for a staff member named for a booking or a move.
pub fn check_handles_service(services: &[String], service: &str) -> Result<(), Unbookable> {
    if handles_service(services, service) {
        Ok(())
    } else {
        Err(Unbookable::StaffNotForService)
    }
}

/// Local date and minute of the day of an instant.
fn local_minute(t: DateTime<Utc>, tz: Tz) -> (NaiveDate, u32) {
    let l = t.with_timezone(&tz);
    (l.date_naive(), l.hour() * 60 + l.minute())
}

/// Whether `[start, start + duration)` can be booked (ignoring other bookings).
pub fn check_bookable(
    schedule: &Schedule,
    taker: Taker,
    tz: Tz,
    start: DateTime<Utc>,
    duration_min: i64,
    now: DateTime<Utc>,
) -> Result<(), Unbookable> {
    if !(5..=480).contains(&duration_min) {
        return Err(Unbookable::InvalidDuration);
    }
    if start <= now {
        return Err(Unbookable::InPast);
    }
    let (date, m0) = local_minute(start, tz);
    let m1 = m0 + duration_min as u32;
    let exception = schedule.exceptions.iter().find(|e| e.date == date);
    if exception.is_none() && schedule.closed_on_public_holidays && is_belgian_public_holiday(date)
    {
        return Err(Unbookable::Holiday);
    }
    if exception.is_some_and(|e| e.spans.is_empty()) {
        return Err(Unbookable::Closed);
    }
    let service = schedule.spans_on(date);
    if !covers(&service, m0, m1) {
        return Err(Unbookable::OutsideHours);
    }
    let a = start.timestamp_millis();
    taker.works(date, (m0, m1), (a, a + duration_min * 60_000), &service)
}

/// What to compute free slots over.
pub struct SlotQuery<'a> {
    pub schedule: &'a Schedule,
    pub taker: Taker<'a>,
    pub tz: Tz,
    pub slot_min: u32,
    pub duration_min: u32,
    /// Local dates, inclusive.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Existing bookings that block (start, end) in ms.
    pub busy: &'a [(i64, i64)],
    pub now: DateTime<Utc>,
}

/// Free slots: starts on the service's slot grid (from the start of each opening span), the
/// whole duration inside the opening hours and the working hours of the social worker (or of
/// one of the team free then, see [`Taker::Team`]), in the future, not overlapping a booking.
pub fn free_slots(q: &SlotQuery) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut out = Vec::new();
    let step = q.slot_min.max(5);
    let mut date = q.from;
    while date <= q.to {
        let mut service = q.schedule.spans_on(date);
        service.sort_by_key(|s| s.start_min);
        // A person's slots start from the start of their own hours; the team's follow the
        // service's grid and need one of its members at work.
        let spans = match q.taker {
            Taker::Person(a) => intersect(&service, &a.spans_on(date)),
            Taker::Team { .. } => service.clone(),
        };
        for s in spans {
            let mut m = s.start_min as u32;
            while m + q.duration_min <= s.end_min as u32 {
                if let (Some(a), Some(b)) = (
                    local_instant(date, m, q.tz),
                    local_instant(date, m + q.duration_min, q.tz),
                ) {
                    let (am, bm) = (a.timestamp_millis(), b.timestamp_millis());
                    let taken = q.busy.iter().any(|(x, y)| *x < bm && am < *y);
                    let team_free = !matches!(q.taker, Taker::Team { .. })
                        || q.taker
                            .works(date, (m, m + q.duration_min), (am, bm), &service)
                            .is_ok();
                    if a > q.now && !taken && team_free {
                        out.push((a, b));
                    }
                }
                m += step;
            }
        }
        match date.succ_opt() {
            Some(d) => date = d,
            None => break,
        }
    }
    out
}

/// Where an appointment is in its life; it follows its ticket once the visitor checked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppointmentState {
    Booked,
    Arrived,
    Called,
    Served,
    NoShow,
    Cancelled,
}

impl AppointmentState {
    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentState::Booked => "booked",
            AppointmentState::Arrived => "arrived",
            AppointmentState::Called => "called",
            AppointmentState::Served => "served",
            AppointmentState::NoShow => "no_show",
            AppointmentState::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<AppointmentState> {
        use AppointmentState::*;
        [Booked, Arrived, Called, Served, NoShow, Cancelled]
            .into_iter()
            .find(|x| x.as_str() == s)
    }

    /// The appointment's state for its ticket's state.
    pub fn for_ticket(t: TicketState) -> AppointmentState {
        match t {
            TicketState::Waiting => AppointmentState::Arrived,
            TicketState::Called | TicketState::Serving => AppointmentState::Called,
            TicketState::Done => AppointmentState::Served,
            TicketState::NoShow => AppointmentState::NoShow,
            TicketState::Cancelled => AppointmentState::Cancelled,
        }
    }
}

/// The outcome of presenting a code at the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckIn {
    /// Give a ticket now.
    Ok,
    /// Already checked in: the same ticket again.
    Again,
    /// Come back at this time.
    TooEarly {
        come_back_at: DateTime<Utc>,
    },
    /// Past the late limit (or already marked no-show): reception decides.
    TooLate,
    /// The appointment is on another day.
    NotToday {
        date: NaiveDate,
    },
    Cancelled,
    /// The visit already took place.
    AlreadyServed,
}

/// The check-in rule: same local day, from `early_min` before the start until `late_min`
/// after it.
pub fn check_in_rule(
    state: AppointmentState,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: Tz,
    early_min: i64,
    late_min: i64,
) -> CheckIn {
    match state {
        AppointmentState::Cancelled => return CheckIn::Cancelled,
        AppointmentState::Arrived | AppointmentState::Called => return CheckIn::Again,
        AppointmentState::Served => return CheckIn::AlreadyServed,
        AppointmentState::NoShow => return CheckIn::TooLate,
        AppointmentState::Booked => {}
    }
    let day = start.with_timezone(&tz).date_naive();
    if now.with_timezone(&tz).date_naive() != day {
        return CheckIn::NotToday { date: day };
    }
    let opens = start - Duration::minutes(early_min);
    if now < opens {
        return CheckIn::TooEarly {
            come_back_at: opens,
        };
    }
    if now > start + Duration::minutes(late_min) {
        return CheckIn::TooLate;
    }
    CheckIn::Ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hours::Exception;
    use chrono_tz::Europe::Brussels;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn utc(y: i32, mo: u32, day: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, day, h, mi, 0).unwrap()
    }

    fn weekdays(spans: &[&str]) -> [Vec<Span>; 7] {
        let s: Vec<Span> = spans.iter().map(|s| Span::parse(s).unwrap()).collect();
        [
            s.clone(),
            s.clone(),
            s.clone(),
            s.clone(),
            s,
            vec![],
            vec![],
        ]
    }

    fn office() -> Schedule {
        Schedule {
            weekly: weekdays(&["08:30-12:00", "13:00-17:00"]),
            closed_on_public_holidays: true,
            ..Schedule::default()
        }
    }

    fn worker() -> Availability {
        Availability {
            weekly: Some(weekdays(&["09:00-12:00"])),
            absences: vec![Absence {
                from: d(2026, 12, 2),
                to: d(2026, 12, 4),
            }],
        }
    }

    /// Tuesday 1 December 2026 at `h:m` in Brussels (UTC+1).
    fn dec1(h: u32, m: u32) -> DateTime<Utc> {
        Brussels
            .with_ymd_and_hms(2026, 12, 1, h, m, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn dec1_ms(h: u32, m: u32) -> i64 {
        dec1(h, m).timestamp_millis()
    }

    /// A team member working `spans` every day, with their own appointments `busy`.
    fn member(spans: &[&str], busy: Vec<(i64, i64)>) -> TeamMember {
        TeamMember {
            availability: Availability {
                weekly: Some(weekdays(spans)),
                absences: vec![],
            },
            busy,
        }
    }

    /// A team appointment of `dur` minutes on 1 December at `h:m`, as `check_bookable` sees it.
    fn book_team(
        team: &[TeamMember],
        booked: &[(i64, i64)],
        h: u32,
        m: u32,
        dur: i64,
    ) -> Result<(), Unbookable> {
        check_bookable(
            &office(),
            Taker::team(team, booked),
            Brussels,
            dec1(h, m),
            dur,
            utc(2026, 11, 1, 0, 0),
        )
    }

    fn slots(taker: Taker, from: NaiveDate, to: NaiveDate) -> Vec<String> {
        let q = SlotQuery {
            schedule: &office(),
            taker,
            tz: Brussels,
            slot_min: 30,
            duration_min: 30,
            from,
            to,
            busy: &[],
            now: utc(2026, 11, 1, 0, 0),
        };
        free_slots(&q)
            .iter()
            .map(|(a, _)| a.with_timezone(&Brussels).format("%m-%d %H:%M").to_string())
            .collect()
    }

    #[test]
    fn codes_are_short_and_unambiguous() {
        let mut rng = rand::thread_rng();
        assert_eq!(CODE_ALPHABET.len(), 28);
        for c in b"0O1IL258" {
            assert!(!CODE_ALPHABET.contains(c), "{}", *c as char);
        }
        for _ in 0..200 {
            let c = booking_code(&mut rng);
            assert_eq!(c.len(), 6);
            assert_eq!(normalize_code(&c.to_lowercase()), Some(c.clone()));
        }
        assert_eq!(normalize_code(" abc-def "), Some("ABCDEF".into()));
        assert_eq!(
            normalize_code("https://onthaal.example/afspraak/abcdef/"),
            Some("ABCDEF".into())
        );
        assert_eq!(normalize_code("ABC0EF"), None);
        assert_eq!(normalize_code("ABCDE"), None);
        assert_eq!(normalize_code("ABCDEFG"), None);
    }

    #[test]
    fn slots_are_the_service_hours_intersected_with_the_worker() {
        // Tuesday 1 December 2026.
        let all = slots(Taker::team(&[], &[]), d(2026, 12, 1), d(2026, 12, 1));
        assert_eq!(all.len(), 7 + 8);
        assert_eq!(all[0], "12-01 08:30");
        assert_eq!(all.last().unwrap(), "12-01 16:30");
        let w = worker();
        let mine = slots(Taker::Person(&w), d(2026, 12, 1), d(2026, 12, 1));
        assert_eq!(
            mine,
            [
                "12-01 09:00",
                "12-01 09:30",
                "12-01 10:00",
                "12-01 10:30",
                "12-01 11:00",
                "12-01 11:30"
            ]
        );
    }

    #[test]
    fn the_team_is_bookable_while_one_of_its_social_workers_works() {
        // Tuesday 1 December 2026: one works 9–12, the other 14–16; the office is open
        // 8:30–12 and 13–17 (see `office()`).
        let morning = TeamMember {
            availability: worker(),
            busy: vec![],
        };
        let team = [morning, member(&["14:00-16:00"], vec![])];
        let s = slots(Taker::team(&team, &[]), d(2026, 12, 1), d(2026, 12, 1));
        assert_eq!(s.first().unwrap(), "12-01 09:00");
        assert!(
            !s.contains(&"12-01 08:30".to_string()),
            "nobody works at 8:30"
        );
        assert!(
            !s.contains(&"12-01 13:00".to_string()),
            "nobody works at 13:00"
        );
        assert!(s.contains(&"12-01 14:00".to_string()));
        assert_eq!(s.last().unwrap(), "12-01 15:30");
        assert_eq!(s.len(), 6 + 4);
        // 2 December the morning worker is absent: only the afternoon is left.
        let s = slots(Taker::team(&team, &[]), d(2026, 12, 2), d(2026, 12, 2));
        assert_eq!(
            s,
            ["12-02 14:00", "12-02 14:30", "12-02 15:00", "12-02 15:30"]
        );

        let book = |h, m, dur| book_team(&team, &[], h, m, dur);
        assert_eq!(book(10, 0, 30), Ok(()));
        assert_eq!(book(13, 0, 30), Err(Unbookable::TeamUnavailable));
        // One person takes the whole appointment: 15:30–16:30 runs past the afternoon's hours.
        assert_eq!(book(15, 30, 60), Err(Unbookable::TeamUnavailable));
        assert_eq!(book(7, 0, 30), Err(Unbookable::OutsideHours));
        // A service nobody is linked to keeps its own hours.
        assert_eq!(book_team(&[], &[], 13, 0, 30), Ok(()));
        assert_eq!(Unbookable::TeamUnavailable.code(), "team_unavailable");
    }

    #[test]
    fn a_team_takes_as_many_at_once_as_it_has_social_workers_free() {
        // Two social workers work 9–12; the first has an appointment of her own at 11:00.
        let ms = dec1_ms;
        let team = [
            member(&["09:00-12:00"], vec![(ms(11, 0), ms(11, 30))]),
            member(&["09:00-12:00"], vec![]),
        ];
        // The team has one appointment at 10:00 and one at 11:00.
        let booked = [(ms(10, 0), ms(10, 30)), (ms(11, 0), ms(11, 30))];
        let s = slots(Taker::team(&team, &booked), d(2026, 12, 1), d(2026, 12, 1));
        // 10:00 has one of two left; at 11:00 the one free worker has the team's appointment.
        assert_eq!(
            s,
            [
                "12-01 09:00",
                "12-01 09:30",
                "12-01 10:00",
                "12-01 10:30",
                "12-01 11:30"
            ]
        );
        let book = |h, m| book_team(&team, &booked, h, m, 30);
        assert_eq!(book(10, 0), Ok(()));
        assert_eq!(book(11, 0), Err(Unbookable::TeamFull));
        // 10:45–11:15 runs into 11:00, where both are taken.
        assert_eq!(book(10, 45), Err(Unbookable::TeamFull));
        assert_eq!(Unbookable::TeamFull.code(), "slot_taken");
    }

    #[test]
    fn a_social_worker_booked_in_person_must_leave_the_team_enough() {
        let ms = dec1_ms;
        let mut team = vec![
            member(&["09:00-12:00"], vec![]),
            member(&["09:00-12:00"], vec![]),
        ];
        let booked = [(ms(10, 0), ms(10, 30)), (ms(10, 15), ms(10, 45))];
        // One of the two booked in person at 10:30: the team's 10:15 is one short.
        let at = (ms(10, 30), ms(11, 0));
        team[0].busy.push(at);
        assert!(!team_keeps_up(&team, &booked, at, Brussels));
        // At 11:00 instead: both team appointments keep their two.
        let at = (ms(11, 0), ms(11, 30));
        team[0].busy[0] = at;
        assert!(team_keeps_up(&team, &booked, at, Brussels));
    }

    #[test]
    fn absences_weekends_and_holidays_have_no_slots() {
        let w = worker();
        // 2–4 December absent, 5–6 weekend, 7 December works again.
        let s = slots(Taker::Person(&w), d(2026, 12, 2), d(2026, 12, 7));
        assert!(s.iter().all(|x| x.starts_with("12-07")), "{s:?}");
        // Friday 25 December is Christmas; the service closes on public holidays.
        assert!(slots(Taker::team(&[], &[]), d(2026, 12, 25), d(2026, 12, 25)).is_empty());
        // A dated opening on the holiday wins.
        let mut open = office();
        open.exceptions.push(Exception {
            date: d(2026, 12, 25),
            spans: vec![Span::parse("09:00-10:00").unwrap()],
        });
        let q = SlotQuery {
            schedule: &open,
            taker: Taker::team(&[], &[]),
            tz: Brussels,
            slot_min: 30,
            duration_min: 30,
            from: d(2026, 12, 25),
            to: d(2026, 12, 25),
            busy: &[],
            now: utc(2026, 11, 1, 0, 0),
        };
        assert_eq!(free_slots(&q).len(), 2);
    }

    #[test]
    fn booked_and_past_slots_are_not_free() {
        let busy = [(
            utc(2026, 12, 1, 8, 0).timestamp_millis(),
            utc(2026, 12, 1, 9, 0).timestamp_millis(),
        )];
        let w = worker();
        let q = SlotQuery {
            schedule: &office(),
            taker: Taker::Person(&w),
            tz: Brussels,
            slot_min: 30,
            duration_min: 30,
            from: d(2026, 12, 1),
            to: d(2026, 12, 1),
            busy: &busy,
            // 10:15 local: 09:00-10:00 is booked, 10:00 has passed.
            now: utc(2026, 12, 1, 9, 15),
        };
        let s: Vec<String> = free_slots(&q)
            .iter()
            .map(|(a, _)| a.with_timezone(&Brussels).format("%H:%M").to_string())
            .collect();
        assert_eq!(s, ["10:30", "11:00", "11:30"]);
    }

    #[test]
    fn dst_does_not_move_appointments() {
        // The last Sundays of March and October 2026, with a Sunday service at 10:00.
        let mut sunday = Schedule::default();
        sunday.weekly[6] = vec![Span::parse("10:00-11:00").unwrap()];
        for (day, utc_hour) in [
            (d(2026, 3, 29), 8),
            (d(2026, 10, 25), 9),
            (d(2026, 3, 22), 9),
        ] {
            let q = SlotQuery {
                schedule: &sunday,
                taker: Taker::team(&[], &[]),
                tz: Brussels,
                slot_min: 60,
                duration_min: 60,
                from: day,
                to: day,
                busy: &[],
                now: utc(2026, 1, 1, 0, 0),
            };
            let s = free_slots(&q);
            assert_eq!(s.len(), 1, "{day}");
            assert_eq!(s[0].0, utc(day.year(), day.month(), day.day(), utc_hour, 0));
            assert_eq!(s[0].0.with_timezone(&Brussels).hour(), 10);
            assert_eq!((s[0].1 - s[0].0).num_minutes(), 60);
        }
        // No slot inside the spring gap (02:00-03:00 does not exist on 29 March).
        let mut night = Schedule::default();
        night.weekly[6] = vec![Span::parse("01:00-04:00").unwrap()];
        let q = SlotQuery {
            schedule: &night,
            taker: Taker::team(&[], &[]),
            tz: Brussels,
            slot_min: 60,
            duration_min: 30,
            from: d(2026, 3, 29),
            to: d(2026, 3, 29),
            busy: &[],
            now: utc(2026, 1, 1, 0, 0),
        };
        let hours: Vec<u32> = free_slots(&q)
            .iter()
            .map(|(a, _)| a.with_timezone(&Brussels).hour())
            .collect();
        assert_eq!(hours, [1, 3]);
    }

    #[test]
    fn bookability_names_the_reason() {
        let w = worker();
        let now = utc(2026, 11, 24, 9, 0);
        let ok =
            |start, dur| check_bookable(&office(), Taker::Person(&w), Brussels, start, dur, now);
        // Tue 1 Dec 10:00 local = 09:00 UTC.
        assert_eq!(ok(utc(2026, 12, 1, 9, 0), 30), Ok(()));
        assert_eq!(ok(utc(2026, 11, 24, 8, 0), 30), Err(Unbookable::InPast));
        assert_eq!(ok(utc(2026, 12, 25, 9, 0), 30), Err(Unbookable::Holiday));
        assert_eq!(
            ok(utc(2026, 12, 1, 17, 0), 30),
            Err(Unbookable::OutsideHours)
        );
        // 11:45 for 30 minutes runs past the morning span.
        assert_eq!(
            ok(utc(2026, 12, 1, 10, 45), 30),
            Err(Unbookable::OutsideHours)
        );
        assert_eq!(ok(utc(2026, 12, 2, 9, 0), 30), Err(Unbookable::StaffAbsent));
        // 14:00 local: the office is open, the worker only works mornings.
        assert_eq!(
            ok(utc(2026, 12, 1, 13, 0), 30),
            Err(Unbookable::StaffUnavailable)
        );
        assert_eq!(
            ok(utc(2026, 12, 1, 9, 0), 0),
            Err(Unbookable::InvalidDuration)
        );
        let mut closed = office();
        closed.exceptions.push(Exception {
            date: d(2026, 12, 1),
            spans: vec![],
        });
        assert_eq!(
            check_bookable(
                &closed,
                Taker::team(&[], &[]),
                Brussels,
                utc(2026, 12, 1, 9, 0),
                30,
                now
            ),
            Err(Unbookable::Closed)
        );
    }

    #[test]
    fn staff_take_appointments_for_their_services_only() {
        let debt = vec!["schuldhulp".to_string(), "afspraak".to_string()];
        assert!(handles_service(&debt, "schuldhulp"));
        assert!(handles_service(&debt, "afspraak"));
        assert!(!handles_service(&debt, "huur"));
        assert_eq!(
            check_handles_service(&debt, "huur"),
            Err(Unbookable::StaffNotForService)
        );
        assert_eq!(
            Unbookable::StaffNotForService.code(),
            "staff_not_for_service"
        );
        assert_eq!(check_handles_service(&debt, "schuldhulp"), Ok(()));
        // No links: every service, as before staff were linked to services.
        assert!(handles_service(&[], "huur"));
        assert_eq!(check_handles_service(&[], "schuldhulp"), Ok(()));
        // Keys are compared whole: a prefix is another service.
        assert!(!handles_service(&["schuld".to_string()], "schuldhulp"));
    }

    #[test]
    fn the_check_in_window() {
        use AppointmentState::*;
        let start = utc(2026, 12, 1, 9, 0); // 10:00 local
        let at = |h, m| utc(2026, 12, 1, h, m);
        let rule = |s, now| check_in_rule(s, start, now, Brussels, 60, 15);
        assert_eq!(
            rule(Booked, at(7, 30)),
            CheckIn::TooEarly {
                come_back_at: at(8, 0)
            }
        );
        assert_eq!(rule(Booked, at(8, 0)), CheckIn::Ok);
        assert_eq!(rule(Booked, at(9, 15)), CheckIn::Ok);
        assert_eq!(rule(Booked, at(9, 16)), CheckIn::TooLate);
        assert_eq!(
            rule(Booked, utc(2026, 11, 30, 9, 0)),
            CheckIn::NotToday {
                date: d(2026, 12, 1)
            }
        );
        assert_eq!(rule(Cancelled, at(9, 0)), CheckIn::Cancelled);
        assert_eq!(rule(Arrived, at(9, 30)), CheckIn::Again);
        assert_eq!(rule(Served, at(9, 30)), CheckIn::AlreadyServed);
        assert_eq!(rule(NoShow, at(9, 0)), CheckIn::TooLate);
        // "Today" is the local day: 23:30 UTC on 30 Nov is already 1 Dec in Brussels.
        let early = utc(2026, 12, 1, 0, 30);
        assert_eq!(
            check_in_rule(Booked, early, utc(2026, 11, 30, 23, 45), Brussels, 60, 15),
            CheckIn::Ok
        );
    }

    #[test]
    fn states_round_trip_and_follow_tickets() {
        for s in [
            "booked",
            "arrived",
            "called",
            "served",
            "no_show",
            "cancelled",
        ] {
            assert_eq!(AppointmentState::parse(s).unwrap().as_str(), s);
        }
        assert_eq!(
            AppointmentState::for_ticket(TicketState::Done),
            AppointmentState::Served
        );
        assert_eq!(
            AppointmentState::for_ticket(TicketState::Serving),
            AppointmentState::Called
        );
    }

    proptest! {
        /// Every free slot is bookable by the booking rule, lasts the requested duration, and
        /// overlaps no busy interval.
        #[test]
        fn free_slots_are_bookable(
            day in 0i64..400,
            dur in prop_oneof![Just(15u32), Just(30), Just(45), Just(60)],
            step in prop_oneof![Just(15u32), Just(30)],
            busy_start in 0i64..(400 * 24 * 60),
            busy_len in 15i64..240,
        ) {
            let from = d(2026, 1, 1) + Duration::days(day);
            let base = utc(2026, 1, 1, 0, 0);
            let busy = [(
                (base + Duration::minutes(busy_start)).timestamp_millis(),
                (base + Duration::minutes(busy_start + busy_len)).timestamp_millis(),
            )];
            let w = Availability { weekly: Some(weekdays(&["09:00-12:00", "13:30-16:00"])), absences: vec![] };
            let q = SlotQuery {
                schedule: &office(), taker: Taker::Person(&w), tz: Brussels, slot_min: step,
                duration_min: dur, from, to: from + Duration::days(3), busy: &busy, now: base,
            };
            for (a, b) in free_slots(&q) {
                prop_assert_eq!((b - a).num_minutes(), dur as i64);
                prop_assert!(check_bookable(&office(), Taker::Person(&w), Brussels, a, dur as i64, base).is_ok());
                prop_assert!(!(busy[0].0 < b.timestamp_millis() && a.timestamp_millis() < busy[0].1));
            }
        }
    }
}
