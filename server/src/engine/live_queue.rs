//! The live queue behind the wait forecast ([`crate::domain::estimate::forecast`]).
//!
//! A location's waiting, called and serving tickets, what each desk is doing, recent desk
//! times and arrivals are kept in memory beside [`LocationState`], updated from every ticket
//! change the engine publishes (`Store::change` in `changes.rs`), so an estimate never costs a query: issuing a
//! ticket stays one short transaction. The forecast itself is memoised per instant and queue
//! version, so a change that shows twenty tickets and five services computes it once.
//!
//! Estimates are recorded at issue (in the `issued` event) and, when a later change moves a
//! waiting ticket's expected call by a minute or more, in `ticket_estimates` — looked for at
//! most every ten seconds (`RECORD_EVERY_MS`).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use onthaal_wire::{Channel, TicketState};
use sqlx::AnyConnection;

use crate::db::tickets::{self, TicketRow};
use crate::db::{events, ms, ticket_estimates, Result};
use crate::domain::estimate::{
    forecast_with_newcomers, robust_mean_s, Desk, DeskNow, Forecast, IdMap, ServiceModel,
    Situation, Waiting,
};
use crate::domain::policy::APPOINTMENT_LEAD_MS;
use crate::engine::state::LocationState;

/// How many recent desk times per service feed the forecast.
const RECENT_DESK_TIMES: usize = 30;
/// The window over which the arrival rate of walk-ins is measured: the last hour, or since the
/// service opened, but not less than [`MIN_ARRIVAL_WINDOW_MS`].
const ARRIVAL_WINDOW_MS: i64 = 60 * 60 * 1000;
const MIN_ARRIVAL_WINDOW_MS: i64 = 20 * 60 * 1000;
/// A free desk that leaves a visitor it could call waiting this long is taken to be away
/// (a break, or closed): staff need a moment between visitors, not more.
const AWAY_AFTER_MS: i64 = 3 * 60 * 1000;
/// A desk gone while its services stay open is expected back this long after it left …
const BREAK_MS: i64 = 15 * 60 * 1000;
/// … unless it has been gone this long: then it closed.
const BREAK_GIVE_UP_MS: i64 = 30 * 60 * 1000;
/// Walking up to the desk after a call, added to the configured typical visit time.
const WALK_UP_S: f64 = 60.0;
/// A moved forecast is recorded from this shift on …
const RECORD_SHIFT_MS: i64 = 60 * 1000;
/// … looked for at most this often. A busy location changes many times a second, and each
/// look walks the whole queue and may write dozens of rows while its writers wait; an estimate
/// that moved a minute is as well recorded ten seconds later.
const RECORD_EVERY_MS: i64 = 10 * 1000;

/// A ticket that is waiting, called or serving.
#[derive(Debug, Clone, PartialEq)]
struct Active {
    service_id: i64,
    state: TicketState,
    priority: bool,
    queued_at: i64,
    appointment: bool,
    desk_id: Option<i64>,
    assigned_desk: Option<i64>,
    assigned_staff: Option<i64>,
    called_at: Option<i64>,
    /// When it (last) started waiting: issue, transfer or return to the queue.
    waiting_since: i64,
}

#[derive(Debug)]
struct Memo {
    now_ms: i64,
    version: u64,
    forecast: Arc<Forecast>,
}

/// The in-memory queue of one location (see the module comment).
#[derive(Debug, Clone, Default)]
pub struct LiveQueue {
    tickets: BTreeMap<i64, Active>,
    /// Per desk: when it last became free (or last called, after a restart).
    desk_free_since: HashMap<i64, i64>,
    /// Per desk: who called there last.
    desk_staff: HashMap<i64, i64>,
    /// Per service: recent desk times (call to finish, no-show or transfer), seconds, newest first.
    desk_times: HashMap<i64, VecDeque<i64>>,
    /// Per service and priority: walk-in arrivals (ms) of the last [`ARRIVAL_WINDOW_MS`].
    arrivals: HashMap<(i64, bool), VecDeque<i64>>,
    /// Per waiting ticket: the expected call time last recorded.
    recorded: HashMap<i64, i64>,
    /// When moved estimates were last looked for (ms).
    recorded_at: Option<i64>,
    version: u64,
    memo: Arc<Mutex<Option<Memo>>>,
}

fn is_active(s: TicketState) -> bool {
    matches!(
        s,
        TicketState::Waiting | TicketState::Called | TicketState::Serving
    )
}

fn at_desk(s: TicketState) -> bool {
    matches!(s, TicketState::Called | TicketState::Serving)
}

impl LiveQueue {
    /// Takes in a ticket as just written (any state). Taking in the same ticket twice (issuing
    /// reads its own estimate before publishing) changes nothing the second time, so the
    /// memoised forecast stays valid.
    fn track(&mut self, t: &TicketRow, now_ms: i64) {
        let prev = self.tickets.remove(&t.id);
        if let Some(p) = &prev {
            if let (true, Some(desk)) = (at_desk(p.state), p.desk_id) {
                let still_there = at_desk(t.state) && t.desk_id == Some(desk);
                if !still_there {
                    self.desk_free_since.insert(desk, now_ms);
                    if let Some(called) = p.called_at {
                        let d = self.desk_times.entry(p.service_id).or_default();
                        d.push_front((now_ms - called).max(0) / 1000);
                        d.truncate(RECENT_DESK_TIMES);
                    }
                }
            }
        }
        let appointment = t.channel == Channel::Appointment;
        if t.state == TicketState::Waiting
            && !appointment
            && prev.as_ref().is_none_or(|p| p.service_id != t.service_id)
        {
            let a = self.arrivals.entry((t.service_id, t.priority)).or_default();
            a.push_back(now_ms);
            while a.front().is_some_and(|x| *x < now_ms - ARRIVAL_WINDOW_MS) {
                a.pop_front();
            }
        }
        if t.state != TicketState::Waiting {
            self.recorded.remove(&t.id);
        }
        if is_active(t.state) {
            let waiting_since = match &prev {
                Some(p) if p.state == TicketState::Waiting && t.state == TicketState::Waiting => {
                    p.waiting_since
                }
                _ => now_ms,
            };
            self.tickets.insert(
                t.id,
                Active {
                    service_id: t.service_id,
                    state: t.state,
                    priority: t.priority,
                    queued_at: t.queued_at,
                    appointment,
                    desk_id: t.desk_id,
                    assigned_desk: t.assigned_desk_id,
                    assigned_staff: t.assigned_staff_id,
                    called_at: t.called_at,
                    waiting_since,
                },
            );
        }
        if prev.is_none() || self.tickets.get(&t.id) != prev.as_ref() {
            self.version += 1;
        }
    }

    /// Who works at a desk: the staff member who called there last.
    pub(crate) fn staff_at(&mut self, desk_id: i64, staff_id: Option<i64>) {
        if let Some(s) = staff_id {
            if self.desk_staff.insert(desk_id, s) != Some(s) {
                self.version += 1;
            }
        }
    }

    /// A desk pressed "call next" and nobody waited for it: it is working and free now.
    pub(crate) fn desk_idle(&mut self, desk_id: i64, staff_id: Option<i64>, now_ms: i64) {
        self.staff_at(desk_id, staff_id);
        let busy = self
            .tickets
            .values()
            .any(|a| at_desk(a.state) && a.desk_id == Some(desk_id));
        if !busy {
            self.desk_free_since.insert(desk_id, now_ms);
            self.version += 1;
        }
    }

    fn waiting(&self) -> impl Iterator<Item = (i64, &Active)> {
        self.tickets
            .iter()
            .filter(|(_, a)| a.state == TicketState::Waiting)
            .map(|(id, a)| (*id, a))
    }

    /// What a newcomer queued at `at_ms` finds: per service, how many wait; per (service,
    /// priority), how many of them stay ahead of it — a higher priority, or the same one queued
    /// no later (as [`crate::db::tickets::position`] orders). The database's counts, without a query:
    /// this queue takes in every ticket change made under the location's lock.
    pub(crate) fn waiting_before(&self, at_ms: i64) -> WaitingCounts {
        let mut w = WaitingCounts::default();
        for (_, a) in self.waiting() {
            w.add(a.service_id, a.priority, a.queued_at, at_ms);
        }
        w
    }

    /// Per service with someone waiting: how many wait, and the earliest `queued_at` among
    /// them (ms) — the place in line the longest wait is counted from, as the statistics
    /// count a wait (queued to called).
    pub(crate) fn waiting_by_service(&self) -> HashMap<i64, (u32, i64)> {
        let mut by = HashMap::new();
        for (_, a) in self.waiting() {
            let e = by.entry(a.service_id).or_insert((0, a.queued_at));
            e.0 += 1;
            e.1 = e.1.min(a.queued_at);
        }
        by
    }
}

/// See [`LiveQueue::waiting_before`]; a service or priority nobody waits for is absent.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct WaitingCounts {
    pub counts: HashMap<i64, u32>,
    pub ahead: HashMap<(i64, bool), u32>,
}

impl crate::engine::WriteTx {
    /// The live queue's [`WaitingCounts`] for a newcomer queued at `at_ms`. Debug builds (so
    /// every test suite) count in the database too and stop at once on a difference: a write
    /// that changed tickets without the live queue taking it in would otherwise publish wrong
    /// counts and places, silently.
    pub(crate) async fn live_waiting(&mut self, at_ms: i64) -> Result<WaitingCounts> {
        let live = self.state.live.waiting_before(at_ms);
        #[cfg(debug_assertions)]
        {
            let mut db = WaitingCounts::default();
            for (service_id, priority, queued_at) in
                tickets::waiting_in_location(&mut self.tx, self.state.id).await?
            {
                db.add(service_id, priority, queued_at, at_ms);
            }
            assert_eq!(
                db, live,
                "the live queue's waiting counts differ from the database's"
            );
        }
        Ok(live)
    }
}

impl WaitingCounts {
    /// Counts one waiting ticket, for a newcomer queued at `at_ms`.
    pub(crate) fn add(&mut self, service_id: i64, priority: bool, queued_at: i64, at_ms: i64) {
        *self.counts.entry(service_id).or_insert(0) += 1;
        if priority {
            *self.ahead.entry((service_id, false)).or_insert(0) += 1;
        }
        if queued_at <= at_ms {
            *self.ahead.entry((service_id, priority)).or_insert(0) += 1;
        }
    }
}

/// Since when someone callable has waited, at the earliest: per service (for a desk's profile),
/// and for visitors sent to a desk or a staff member. One pass over the queue, so that telling
/// which free desks are not working costs a lookup per desk.
#[derive(Default)]
struct WaitingSince {
    service: IdMap<i64>,
    desk: IdMap<i64>,
    staff: IdMap<i64>,
}

impl WaitingSince {
    fn of(live: &LiveQueue) -> WaitingSince {
        let mut w = WaitingSince::default();
        for (_, a) in live.waiting() {
            // Callable from its arrival, or for an appointment from shortly before its slot.
            let callable = if a.appointment {
                a.queued_at - APPOINTMENT_LEAD_MS
            } else {
                a.waiting_since
            };
            let at = callable.max(a.waiting_since);
            let note = |map: &mut IdMap<i64>, key: i64| {
                let e = map.entry(key).or_insert(at);
                *e = (*e).min(at);
            };
            match (a.assigned_desk, a.assigned_staff) {
                (None, None) => note(&mut w.service, a.service_id),
                (desk, staff) => {
                    if let Some(d) = desk {
                        note(&mut w.desk, d);
                    }
                    if let Some(s) = staff {
                        note(&mut w.staff, s);
                    }
                }
            }
        }
        w
    }
}

impl LocationState {
    /// Takes in a ticket as just written, before estimates are read.
    pub(crate) fn track(&mut self, t: &TicketRow, now: DateTime<Utc>) {
        self.live.track(t, ms(now));
    }

    /// Whether one of these services stayed open from `since_ms` until `now_ms`.
    fn stayed_open(&self, services: &[i64], since_ms: i64, now_ms: i64) -> bool {
        services.iter().filter_map(|id| self.service(*id)).any(|s| {
            s.schedule
                .open_span(crate::db::from_ms(since_ms), self.tz)
                .is_some_and(|(_, end)| ms(end) >= now_ms)
        })
    }

    /// The queue as the forecast sees it now.
    fn situation(&self, now: DateTime<Utc>) -> Situation {
        let now_ms = ms(now);
        let live = &self.live;
        let waiting: Vec<Waiting> = live
            .waiting()
            .map(|(id, a)| Waiting {
                ticket_id: id,
                service_id: a.service_id,
                priority: a.priority,
                queued_at_ms: a.queued_at,
                appointment: a.appointment,
                desk_id: a.assigned_desk,
                staff_id: a.assigned_staff,
            })
            .collect();
        // Per desk, its visit in progress; the latest call counts: an earlier one left open
        // was forgotten. One pass, not one per desk: the queue may hold thousands.
        let mut visits: IdMap<&Active> = IdMap::default();
        for a in live.tickets.values().filter(|a| at_desk(a.state)) {
            if let Some(desk) = a.desk_id {
                let v = visits.entry(desk).or_insert(a);
                if a.called_at >= v.called_at {
                    *v = a;
                }
            }
        }
        let since = WaitingSince::of(live);
        let desks = self
            .desks
            .iter()
            .map(|d| {
                let staff_id = live.desk_staff.get(&d.id).copied();
                let visit = visits.get(&d.id).copied();
                let state = match (visit, live.desk_free_since.get(&d.id)) {
                    (Some(a), _) => DeskNow::Busy {
                        service_id: a.service_id,
                        since_ms: a.called_at.unwrap_or(now_ms),
                    },
                    (None, None) => DeskNow::Away,
                    // Every service of its profile closed since it was last free: the desk
                    // closed too (lunch, the end of a session), whatever it says.
                    (None, Some(free)) if !self.stayed_open(&d.services, *free, now_ms) => {
                        DeskNow::Away
                    }
                    (None, Some(free)) => {
                        // Someone it could have called has waited a while since it was free:
                        // the desk is not working now.
                        let longest = d
                            .services
                            .iter()
                            .filter_map(|id| since.service.get(id))
                            .chain(since.desk.get(&d.id))
                            .chain(staff_id.and_then(|id| since.staff.get(&id)))
                            .min()
                            .copied();
                        let left_waiting =
                            longest.is_some_and(|w| w.max(*free) + AWAY_AFTER_MS < now_ms);
                        // Not long gone while its services stay open: a break, expected to
                        // end; gone longer, it counts as closed.
                        match (left_waiting, now_ms - free < BREAK_GIVE_UP_MS) {
                            (false, _) => DeskNow::Ready,
                            (true, true) => DeskNow::Break {
                                back_ms: free + BREAK_MS,
                            },
                            (true, false) => DeskNow::Away,
                        }
                    }
                };
                Desk {
                    id: d.id,
                    services: d.services.clone(),
                    staff_id,
                    now: state,
                }
            })
            .collect();
        let services = self
            .services
            .iter()
            .map(|s| {
                let span = s.schedule.open_span(now, self.tz);
                let open_until = span.map(|(_, end)| ms(end));
                // The rate since the service opened (at most the last hour, at least a while).
                let window = span.map_or(ARRIVAL_WINDOW_MS, |(start, _)| {
                    (now_ms - ms(start)).clamp(MIN_ARRIVAL_WINDOW_MS, ARRIVAL_WINDOW_MS)
                });
                let open = open_until.is_some() && s.walk_in;
                let per_hour = |priority: bool| {
                    let n = live
                        .arrivals
                        .get(&(s.id, priority))
                        .map_or(0, |a| a.iter().filter(|x| **x >= now_ms - window).count());
                    if open {
                        n as f64 * 3_600_000.0 / window as f64
                    } else {
                        0.0
                    }
                };
                let priority_per_hour = per_hour(true);
                let times: Vec<i64> = live
                    .desk_times
                    .get(&s.id)
                    .map(|d| d.iter().copied().collect())
                    .unwrap_or_default();
                ServiceModel {
                    id: s.id,
                    target_wait_s: s.target_wait_s,
                    desk_time_s: robust_mean_s(&times, s.service_s as f64 + WALK_UP_S),
                    arrivals_per_hour: per_hour(false) + priority_per_hour,
                    priority_per_hour,
                    open_until_ms: open_until.unwrap_or(now_ms),
                }
            })
            .collect();
        Situation {
            now_ms,
            waiting,
            desks,
            services,
        }
    }

    /// The forecast at `now` (with every service's newcomer), computed once per instant and
    /// queue version.
    pub fn forecast(&self, now: DateTime<Utc>) -> Arc<Forecast> {
        let now_ms = ms(now);
        let mut memo = self.live.memo.lock().expect("forecast memo");
        if let Some(m) = memo.as_ref() {
            if m.now_ms == now_ms && m.version == self.live.version {
                return m.forecast.clone();
            }
        }
        let f = Arc::new(forecast_with_newcomers(&self.situation(now)));
        *memo = Some(Memo {
            now_ms,
            version: self.live.version,
            forecast: f.clone(),
        });
        f
    }

    /// The forecast wait of a visitor taking a ticket for a service now.
    pub fn newcomer_estimate(&self, service_id: i64, now: DateTime<Utc>) -> Option<i64> {
        self.forecast(now).newcomer_wait_s(service_id)
    }

    /// The wait of a waiting ticket: its forecast, or the naive estimate for its position
    /// when no desk is known to serve it.
    pub fn ticket_estimate(
        &self,
        ticket_id: i64,
        service_id: i64,
        position: u32,
        now: DateTime<Utc>,
    ) -> Option<i64> {
        self.forecast(now)
            .wait_s(ticket_id, ms(now))
            .or_else(|| self.naive_estimate(service_id, position, now))
    }

    /// Waiting tickets whose expected call moved by a minute or more since last recorded,
    /// with their new estimate (seconds); tickets never recorded are noted without being
    /// returned (their first estimate is recorded at issue). With `only_new`, nothing moves.
    /// Looked for at most every [`RECORD_EVERY_MS`]; in between, nothing moves.
    pub(crate) fn moved_estimates(
        &mut self,
        now: DateTime<Utc>,
        only_new: bool,
    ) -> Vec<(i64, i64)> {
        let now_ms = ms(now);
        if !only_new {
            if self
                .live
                .recorded_at
                .is_some_and(|at| now_ms >= at && now_ms - at < RECORD_EVERY_MS)
            {
                return Vec::new();
            }
            self.live.recorded_at = Some(now_ms);
        }
        let f = self.forecast(now);
        let mut first = Vec::new();
        let mut moved = Vec::new();
        for (id, _) in self.live.waiting() {
            let Some(at) = f.calls.get(&id).copied() else {
                continue;
            };
            match self.live.recorded.get(&id) {
                None => first.push((id, at)),
                Some(last) if !only_new && (at - last).abs() >= RECORD_SHIFT_MS => {
                    moved.push((id, at))
                }
                Some(_) => {}
            }
        }
        self.live.recorded.extend(first);
        moved
            .into_iter()
            .map(|(id, at)| {
                self.live.recorded.insert(id, at);
                (id, f.wait_s(id, now_ms).unwrap_or(0))
            })
            .collect()
    }
}

/// Records moved estimates (one statement for all of them).
pub(crate) async fn record_estimates(
    conn: &mut AnyConnection,
    moved: &[(i64, i64)],
    now: DateTime<Utc>,
) -> Result<()> {
    ticket_estimates::insert(conn, moved, ms(now)).await
}

/// Loads the live queue: active tickets, who sits where, recent desk times and arrivals.
pub(crate) async fn load_live(
    conn: &mut AnyConnection,
    location_id: i64,
    now: DateTime<Utc>,
) -> Result<LiveQueue> {
    let mut live = LiveQueue::default();
    for t in tickets::active(&mut *conn, location_id).await? {
        live.track(&t, t.called_at.unwrap_or(t.queued_at));
    }
    live.arrivals.clear();
    let since = ms(now - Duration::hours(12));
    for (desk, staff, at) in events::desk_calls_since(&mut *conn, location_id, since).await? {
        live.staff_at(desk, staff);
        live.desk_free_since.insert(desk, at);
    }
    for (service_id, called_at, finished_at) in
        tickets::finished_since(&mut *conn, location_id, since).await?
    {
        let d = live.desk_times.entry(service_id).or_default();
        d.push_front((finished_at - called_at).max(0) / 1000);
        d.truncate(RECENT_DESK_TIMES);
    }
    for (service_id, at) in
        events::issued_since(&mut *conn, location_id, ms(now) - ARRIVAL_WINDOW_MS).await?
    {
        live.arrivals
            .entry((service_id, false))
            .or_default()
            .push_back(at);
    }
    Ok(live)
}
