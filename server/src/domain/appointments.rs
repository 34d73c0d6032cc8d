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
//! for each team appointment then, of their team or another they are in (see [`Teams`]). Overlap with
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
    /// No weekly hours configured: no appointments can be booked with the staff member (they
    /// are not offered online either) until they have hours.
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
            None => Vec::new(),
            Some(w) => w[date.weekday().num_days_from_monday() as usize].clone(),
        }
    }

    /// Whether the staff member works at some hour of the week: one without hours is not
    /// offered for appointments.
    pub fn has_hours(&self) -> bool {
        self.weekly
            .as_ref()
            .is_some_and(|w| w.iter().any(|day| !day.is_empty()))
    }
}

/// Whether one of `spans` holds the minutes `[m0, m1)` of a day.
fn covers(spans: &[Span], m0: u32, m1: u32) -> bool {
    spans
        .iter()
        .any(|s| s.start_min as u32 <= m0 && m1 <= s.end_min as u32)
}

/// A social worker who takes team appointments: when they work, and their own appointments
/// (start and end, in ms).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeamMember {
    pub availability: Availability,
    pub busy: Vec<(i64, i64)>,
}

/// A team appointment: when (in ms, and as its local date and minutes), and which social
/// workers its service's team has.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamBooking {
    pub at: (i64, i64),
    pub date: NaiveDate,
    pub minutes: (u32, u32),
    /// Indices into [`Teams::members`].
    pub team: Vec<usize>,
}

impl TeamBooking {
    /// A team appointment from `at.0` to `at.1` (ms) for the team `team`.
    pub fn new(at: (i64, i64), team: Vec<usize>, tz: Tz) -> Option<TeamBooking> {
        let (date, m0) = local_minute(DateTime::from_timestamp_millis(at.0)?, tz);
        let m1 = m0 + u32::try_from((at.1 - at.0) / 60_000).ok()?;
        Some(TeamBooking {
            at,
            date,
            minutes: (m0, m1),
            team,
        })
    }
}

/// The social workers who take team appointments and the team appointments around some time.
///
/// A social worker may be in several teams (one per service they are linked to), so the teams
/// are weighed together: at every moment, each team appointment then needs a social worker of
/// its own, of its team, at work for the whole appointment and free of their own appointments.
/// Whether they can all have one is a matching of appointments to social workers, made at each
/// moment the set of appointments changes. An appointment may so be matched to different social
/// workers at different moments of it, which can only happen where appointments of different
/// lengths partly overlap; on a service's slot grid they do not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Teams {
    pub members: Vec<TeamMember>,
    pub booked: Vec<TeamBooking>,
}

impl Teams {
    /// Whether member `i` could take `b`; `away`: a member taken as busy at those ms as well.
    fn can_take(&self, i: usize, b: &TeamBooking, away: Option<(usize, (i64, i64))>) -> bool {
        let overlaps = |(x, y): &(i64, i64)| *x < b.at.1 && b.at.0 < *y;
        let m = &self.members[i];
        b.team.contains(&i)
            && covers(&m.availability.spans_on(b.date), b.minutes.0, b.minutes.1)
            && !m.busy.iter().any(overlaps)
            && !away.is_some_and(|(me, at)| me == i && overlaps(&at))
    }

    /// How many of `bookings` can each have a social worker of their own (a maximum matching,
    /// by augmenting paths: there are a handful of each).
    fn matched(&self, bookings: &[&TeamBooking], away: Option<(usize, (i64, i64))>) -> usize {
        fn augment(
            k: usize,
            takers: &[Vec<usize>],
            seen: &mut [bool],
            taken_by: &mut [Option<usize>],
        ) -> bool {
            for &i in &takers[k] {
                if !seen[i] {
                    seen[i] = true;
                    if taken_by[i].is_none_or(|other| augment(other, takers, seen, taken_by)) {
                        taken_by[i] = Some(k);
                        return true;
                    }
                }
            }
            false
        }
        let takers: Vec<Vec<usize>> = bookings
            .iter()
            .map(|b| {
                (0..self.members.len())
                    .filter(|&i| self.can_take(i, b, away))
                    .collect()
            })
            .collect();
        let mut taken_by = vec![None; self.members.len()];
        (0..bookings.len())
            .filter(|&k| {
                augment(
                    k,
                    &takers,
                    &mut vec![false; self.members.len()],
                    &mut taken_by,
                )
            })
            .count()
    }

    /// The team appointments under way at each moment of `window` where that set changes: its
    /// start, and every start and end of a team appointment inside it.
    fn moments(&self, window: (i64, i64)) -> Vec<Vec<&TeamBooking>> {
        let mut times = vec![window.0];
        for b in &self.booked {
            times.extend(
                [b.at.0, b.at.1]
                    .into_iter()
                    .filter(|t| window.0 < *t && *t < window.1),
            );
        }
        times.sort_unstable();
        times.dedup();
        times
            .into_iter()
            .map(|t| {
                self.booked
                    .iter()
                    .filter(|b| b.at.0 <= t && t < b.at.1)
                    .collect()
            })
            .collect()
    }

    /// Whether `new` has a social worker of its team beside those the team appointments then
    /// need, throughout its time.
    pub fn take(&self, new: &TeamBooking) -> bool {
        self.moments(new.at).into_iter().all(|mut now| {
            let before = self.matched(&now, None);
            now.push(new);
            self.matched(&now, None) == before + 1
        })
    }

    /// Whether member `me`, booked in person at `at` (ms), leaves the team appointments then as
    /// many social workers as they had.
    pub fn spare(&self, me: usize, at: (i64, i64)) -> bool {
        self.moments(at)
            .into_iter()
            .all(|now| self.matched(&now, Some((me, at))) == self.matched(&now, None))
    }
}

/// Who takes an appointment, for the working hours it must fit in besides the service's.
#[derive(Debug, Clone, Copy)]
pub enum Taker<'a> {
    /// The social worker named for it.
    Person(&'a Availability),
    /// The team: any of the service's social workers (`team`, indices into `teams.members`)
    /// may take it. It needs one of them at work the whole time, and one free of their own
    /// appointments and of the team appointments already booked then, of this team or another
    /// they are in (see [`Teams`]): a team of two takes two at once. A service nobody is linked
    /// to has only its own hours.
    Team { teams: &'a Teams, team: &'a [usize] },
}

impl<'a> Taker<'a> {
    pub fn team(teams: &'a Teams, team: &'a [usize]) -> Taker<'a> {
        Taker::Team { teams, team }
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
        match self {
            Taker::Person(p) if p.absent_on(date) => Err(Unbookable::StaffAbsent),
            Taker::Person(p) if !covers(&intersect(service, &p.spans_on(date)), m0, m1) => {
                Err(Unbookable::StaffUnavailable)
            }
            Taker::Person(_) | Taker::Team { team: [], .. } => Ok(()),
            Taker::Team { teams, team } => {
                if !team
                    .iter()
                    .any(|&i| covers(&teams.members[i].availability.spans_on(date), m0, m1))
                {
                    return Err(Unbookable::TeamUnavailable);
                }
                let new = TeamBooking {
                    at: (a, b),
                    date,
                    minutes: (m0, m1),
                    team: team.to_vec(),
                };
                if teams.take(&new) {
                    Ok(())
                } else {
                    Err(Unbookable::TeamFull)
                }
            }
        }
    }
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
            Unbookable::Holiday => "that day is a public holiday: no appointments then",
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
    if exception.is_none()
        && is_belgian_public_holiday(date)
        && schedule.appointment_spans_on(date).is_empty()
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
        let mut service = q.schedule.appointment_spans_on(date);
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

    /// No social workers: a service nobody is linked to.
    static NO_TEAMS: Teams = Teams {
        members: Vec::new(),
        booked: Vec::new(),
    };

    /// One team of all `members`, with its appointments `booked` (start and end, in ms).
    fn one_team(members: Vec<TeamMember>, booked: &[(i64, i64)]) -> (Teams, Vec<usize>) {
        let team: Vec<usize> = (0..members.len()).collect();
        let booked = booked
            .iter()
            .map(|at| TeamBooking::new(*at, team.clone(), Brussels).unwrap())
            .collect();
        (Teams { members, booked }, team)
    }

    /// An appointment with `team` of `dur` minutes on 1 December at `h:m`, as `check_bookable`
    /// sees it.
    fn book_team(
        (teams, team): (&Teams, &[usize]),
        h: u32,
        m: u32,
        dur: i64,
    ) -> Result<(), Unbookable> {
        check_bookable(
            &office(),
            Taker::team(teams, team),
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
        let all = slots(Taker::team(&NO_TEAMS, &[]), d(2026, 12, 1), d(2026, 12, 1));
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
        let (teams, team) = one_team(vec![morning, member(&["14:00-16:00"], vec![])], &[]);
        let s = slots(Taker::team(&teams, &team), d(2026, 12, 1), d(2026, 12, 1));
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
        let s = slots(Taker::team(&teams, &team), d(2026, 12, 2), d(2026, 12, 2));
        assert_eq!(
            s,
            ["12-02 14:00", "12-02 14:30", "12-02 15:00", "12-02 15:30"]
        );

        let book = |h, m, dur| book_team((&teams, &team), h, m, dur);
        assert_eq!(book(10, 0, 30), Ok(()));
        assert_eq!(book(13, 0, 30), Err(Unbookable::TeamUnavailable));
        // One person takes the whole appointment: 15:30–16:30 runs past the afternoon's hours.
        assert_eq!(book(15, 30, 60), Err(Unbookable::TeamUnavailable));
        assert_eq!(book(7, 0, 30), Err(Unbookable::OutsideHours));
        // A service nobody is linked to keeps its own hours.
        assert_eq!(book_team((&NO_TEAMS, &[]), 13, 0, 30), Ok(()));
        assert_eq!(Unbookable::TeamUnavailable.code(), "team_unavailable");
    }

    #[test]
    fn a_team_takes_as_many_at_once_as_it_has_social_workers_free() {
        // Two social workers work 9–12; the first has an appointment of her own at 11:00.
        let ms = dec1_ms;
        // The team has one appointment at 10:00 and one at 11:00.
        let (teams, team) = one_team(
            vec![
                member(&["09:00-12:00"], vec![(ms(11, 0), ms(11, 30))]),
                member(&["09:00-12:00"], vec![]),
            ],
            &[(ms(10, 0), ms(10, 30)), (ms(11, 0), ms(11, 30))],
        );
        let s = slots(Taker::team(&teams, &team), d(2026, 12, 1), d(2026, 12, 1));
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
        let book = |h, m| book_team((&teams, &team), h, m, 30);
        assert_eq!(book(10, 0), Ok(()));
        assert_eq!(book(11, 0), Err(Unbookable::TeamFull));
        // 10:45–11:15 runs into 11:00, where both are taken.
        assert_eq!(book(10, 45), Err(Unbookable::TeamFull));
        assert_eq!(Unbookable::TeamFull.code(), "slot_taken");
    }

    #[test]
    fn a_social_worker_booked_in_person_must_leave_the_team_enough() {
        let ms = dec1_ms;
        let (teams, _) = one_team(
            vec![
                member(&["09:00-12:00"], vec![]),
                member(&["09:00-12:00"], vec![]),
            ],
            &[(ms(10, 0), ms(10, 30)), (ms(10, 15), ms(10, 45))],
        );
        // One of the two booked in person at 10:15: from 10:15 to 10:30 the team has two
        // appointments and one social worker.
        assert!(!teams.spare(0, (ms(10, 15), ms(10, 45))));
        // At 10:30 the first is over: she takes it, then her own; the other takes 10:15.
        assert!(teams.spare(0, (ms(10, 30), ms(11, 0))));
        assert!(teams.spare(0, (ms(11, 0), ms(11, 30))));
    }

    #[test]
    fn a_social_worker_in_two_teams_is_counted_once() {
        let ms = dec1_ms;
        // Karim (0) does housing and debt help, An (1) debt help only; both work 9–12.
        let members = vec![
            member(&["09:00-12:00"], vec![]),
            member(&["09:00-12:00"], vec![]),
        ];
        let (housing, debt) = (vec![0], vec![0, 1]);
        let at_ten = |team: &Vec<usize>| {
            TeamBooking::new((ms(10, 0), ms(10, 30)), team.clone(), Brussels).unwrap()
        };
        // Housing has a team appointment at 10:00: only Karim can take it.
        let teams = Teams {
            members,
            booked: vec![at_ten(&housing)],
        };
        // Debt help still has An at 10:00, but only her: a second one there has nobody.
        assert_eq!(book_team((&teams, &debt), 10, 0, 30), Ok(()));
        let mut both = teams.clone();
        both.booked.push(at_ten(&debt));
        assert_eq!(
            book_team((&both, &debt), 10, 0, 30),
            Err(Unbookable::TeamFull)
        );
        assert_eq!(
            book_team((&both, &housing), 10, 0, 30),
            Err(Unbookable::TeamFull)
        );
        assert_eq!(book_team((&both, &debt), 10, 30, 30), Ok(()));
        // Debt help booked first at 10:00 can go to An, so housing can still have Karim.
        let debt_first = Teams {
            members: teams.members.clone(),
            booked: vec![at_ten(&debt)],
        };
        assert_eq!(book_team((&debt_first, &housing), 10, 0, 30), Ok(()));
        // An booked in person at 10:00 would leave debt help to Karim, whom housing needs.
        assert!(!both.spare(1, (ms(10, 0), ms(10, 30))));
        assert!(both.spare(1, (ms(10, 30), ms(11, 0))));
        // Nobody is needed by a team whose appointments were already short: being booked in
        // person takes nothing from them.
        let mut short = both.clone();
        short.members[1].busy.push((ms(10, 0), ms(10, 30)));
        assert!(short.spare(1, (ms(10, 0), ms(10, 30))));
    }

    #[test]
    fn absences_weekends_and_holidays_have_no_slots() {
        let w = worker();
        // 2–4 December absent, 5–6 weekend, 7 December works again.
        let s = slots(Taker::Person(&w), d(2026, 12, 2), d(2026, 12, 7));
        assert!(s.iter().all(|x| x.starts_with("12-07")), "{s:?}");
        // Friday 25 December is Christmas; the service closes on public holidays.
        assert!(slots(
            Taker::team(&NO_TEAMS, &[]),
            d(2026, 12, 25),
            d(2026, 12, 25)
        )
        .is_empty());
        // A dated opening on the holiday wins.
        let mut open = office();
        open.exceptions.push(Exception {
            date: d(2026, 12, 25),
            spans: vec![Span::parse("09:00-10:00").unwrap()],
        });
        let q = SlotQuery {
            schedule: &open,
            taker: Taker::team(&NO_TEAMS, &[]),
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
                taker: Taker::team(&NO_TEAMS, &[]),
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
            taker: Taker::team(&NO_TEAMS, &[]),
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
    fn public_holidays_close_appointments_unless_the_service_takes_them() {
        // Walk-in open at every hour (as the demo's services), a worker on Fridays too.
        let walk_in = Schedule::always();
        let w = worker();
        let christmas = d(2026, 12, 25);
        let slots = |schedule: &Schedule, day| {
            free_slots(&SlotQuery {
                schedule,
                taker: Taker::Person(&w),
                tz: Brussels,
                slot_min: 30,
                duration_min: 30,
                from: day,
                to: day,
                busy: &[],
                now: utc(2026, 11, 24, 9, 0),
            })
            .len()
        };
        assert!(
            walk_in.spans_on(christmas) == [Span::WHOLE_DAY],
            "walk-in stays open"
        );
        assert_eq!(slots(&walk_in, christmas), 0);
        assert_eq!(slots(&walk_in, d(2026, 12, 18)), 6, "an ordinary Friday");
        let at_ten = utc(2026, 12, 25, 9, 0);
        let book = |schedule: &Schedule| {
            check_bookable(
                schedule,
                Taker::Person(&w),
                Brussels,
                at_ten,
                30,
                utc(2026, 11, 24, 9, 0),
            )
        };
        assert_eq!(book(&walk_in), Err(Unbookable::Holiday));

        // A service that says so takes appointments on public holidays.
        let open = Schedule {
            appointments_on_public_holidays: true,
            ..Schedule::always()
        };
        assert_eq!(slots(&open, christmas), 6);
        assert_eq!(book(&open), Ok(()));

        // A dated exception opens the day for appointments too.
        let mut exception = Schedule::always();
        exception.exceptions.push(Exception {
            date: christmas,
            spans: vec![Span::parse("09:00-11:00").unwrap()],
        });
        assert_eq!(slots(&exception, christmas), 4);
        assert_eq!(book(&exception), Ok(()));
    }

    #[test]
    fn a_social_worker_without_hours_is_not_bookable() {
        let none = Availability::default();
        assert!(!none.has_hours());
        assert!(worker().has_hours());
        let no_days = Availability {
            weekly: Some(Default::default()),
            absences: vec![],
        };
        assert!(!no_days.has_hours());
        // Walk-in open at every hour: still no slot at 00:30, nor at any other time.
        let q = SlotQuery {
            schedule: &Schedule::always(),
            taker: Taker::Person(&none),
            tz: Brussels,
            slot_min: 30,
            duration_min: 30,
            from: d(2026, 12, 1),
            to: d(2026, 12, 7),
            busy: &[],
            now: utc(2026, 11, 24, 9, 0),
        };
        assert!(free_slots(&q).is_empty());
        assert!(check_bookable(
            &Schedule::always(),
            Taker::Person(&none),
            Brussels,
            utc(2026, 11, 30, 23, 30),
            30,
            utc(2026, 11, 24, 9, 0)
        )
        .is_err());
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
                Taker::team(&NO_TEAMS, &[]),
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
