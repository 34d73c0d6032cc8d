//! Wait estimates: how long until a waiting visitor is called.
//!
//! Two estimators live here, both pure:
//!
//! - the **naive baseline** [`estimate_wait_s`]: `ahead × mean service time ÷ open desks`,
//!   where the mean comes from the most recent finished visits of the service (its configured
//!   default while fewer than [`MIN_SAMPLES`] are known) and "open desks" are desks of the
//!   service's profile that called someone recently (at least one). It stays because the
//!   simulator (`onthaal-sim`) measures the forecast against it in the same run.
//! - the **forecast** [`forecast`], which the server shows and records. It plays the call
//!   policy of [`crate::domain::policy`] forward over the real queue: every working desk is
//!   free when its current visit is expected to end; each time a desk is free it takes the
//!   ticket the policy would give it (priority, due appointments, visitors sent to it, then
//!   the most overdue of its profile) and stays busy for that service's expected desk time.
//!   So a desk serving several services splits its time as it really does, a checked-in
//!   appointment takes its social worker at its slot, and expected walk-ins of services with
//!   a shorter target — who overtake a waiting visitor — are played in at the recent arrival
//!   rate until their service closes.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use std::cmp::Ordering;

use super::policy::{compare, pick_next, Candidate, APPOINTMENT_LEAD_MS};

/// Below this many recent visits, the configured default service time is used instead.
pub const MIN_SAMPLES: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct EstimateInput<'a> {
    /// Visitors before this one in the service's queue.
    pub ahead: u32,
    /// Recent service durations in seconds, newest first.
    pub recent_service_s: &'a [i64],
    /// The service's configured typical duration, in seconds.
    pub default_service_s: i64,
    /// Desks serving this service that are open now.
    pub open_desks: u32,
}

/// The mean recent service time in seconds (or the default when there is too little data).
pub fn mean_service_s(recent: &[i64], default_s: i64) -> f64 {
    let valid: Vec<i64> = recent.iter().copied().filter(|d| *d >= 0).collect();
    if valid.len() < MIN_SAMPLES {
        return default_s.max(0) as f64;
    }
    valid.iter().sum::<i64>() as f64 / valid.len() as f64
}

/// The naive baseline: the estimated wait in whole seconds, rounded up to the minute because
/// people read minutes.
pub fn estimate_wait_s(input: &EstimateInput) -> i64 {
    if input.ahead == 0 {
        return 0;
    }
    let mean = mean_service_s(input.recent_service_s, input.default_service_s);
    let desks = input.open_desks.max(1) as f64;
    let secs = input.ahead as f64 * mean / desks;
    ((secs / 60.0).ceil() * 60.0) as i64
}

/// How much the configured typical time weighs against measured visits, in visits.
const PRIOR_WEIGHT: f64 = 2.0;
/// A measured visit longer than this many times the median counts as this many times it: one
/// forgotten "finish" must not make the whole queue look an hour longer.
const OUTLIER_FACTOR: f64 = 3.0;

/// The expected desk time of a service, robust to outliers: the mean of the recent times, each
/// clipped at [`OUTLIER_FACTOR`] × their median, blended with the configured default (which
/// counts as [`PRIOR_WEIGHT`] visits, so the first few visits do not swing it wildly).
pub fn robust_mean_s(recent: &[i64], default_s: f64) -> f64 {
    let mut valid: Vec<i64> = recent.iter().copied().filter(|d| *d >= 0).collect();
    if valid.is_empty() {
        return default_s.max(0.0);
    }
    valid.sort_unstable();
    let median = valid[valid.len() / 2] as f64;
    let cap = (median * OUTLIER_FACTOR).max(60.0);
    let sum: f64 = valid.iter().map(|d| (*d as f64).min(cap)).sum();
    (sum + PRIOR_WEIGHT * default_s.max(0.0)) / (valid.len() as f64 + PRIOR_WEIGHT)
}

/// A visitor waiting now.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub ticket_id: i64,
    pub service_id: i64,
    pub priority: bool,
    /// Arrival (ms), kept across transfers; a checked-in appointment's slot start.
    pub queued_at_ms: i64,
    pub appointment: bool,
    /// Sent to this desk (a transfer, or a team appointment's room).
    pub desk_id: Option<i64>,
    /// Sent to this staff member (a transfer, or the social worker of an appointment).
    pub staff_id: Option<i64>,
}

/// What a desk is doing now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DeskNow {
    /// Calling or serving a visitor of `service_id`, called at `since_ms`.
    Busy { service_id: i64, since_ms: i64 },
    /// Free, and working: it will call as soon as someone waits for it.
    Ready,
    /// On a break, expected back at `back_ms`.
    Break { back_ms: i64 },
    /// Not working now: on a break, closed, or not opened today. Counted only for a service
    /// that no working desk serves, from [`AWAY_RETURN_S`] on.
    Away,
}

/// A desk (or consultation room) and its profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Desk {
    pub id: i64,
    pub services: Vec<i64>,
    /// Who sits there now (their last call), for visitors sent to that staff member.
    pub staff_id: Option<i64>,
    pub now: DeskNow,
}

/// What the forecast knows about a service.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceModel {
    pub id: i64,
    pub target_wait_s: i64,
    /// Expected time a desk spends per call (call to finish, no-show or transfer), seconds.
    pub desk_time_s: f64,
    /// Walk-ins per hour arriving lately (0 when the service is closed).
    pub arrivals_per_hour: f64,
    /// Of which priority tickets (given at the desk), who go before everyone when they come.
    pub priority_per_hour: f64,
    /// Until when walk-ins are expected: the end of the current opening span (ms).
    pub open_until_ms: i64,
}

/// The queue of a location now: the input of [`forecast`].
#[derive(Debug, Clone, PartialEq)]
pub struct Situation {
    pub now_ms: i64,
    pub waiting: Vec<Waiting>,
    pub desks: Vec<Desk>,
    pub services: Vec<ServiceModel>,
}

/// An away desk is assumed back this long from now (when no working desk serves a service).
pub const AWAY_RETURN_S: f64 = 10.0 * 60.0;
/// A visit that has run past its expected time still takes at least this share of it.
const OVERRUN_SHARE: f64 = 0.3;
/// Expected walk-ins are played in this far ahead at most: the recent rate says little beyond.
const ARRIVALS_HORIZON_MS: i64 = 2 * 3600 * 1000;
/// The forecast gives up beyond this (a ticket nobody will call today has no estimate).
const HORIZON_MS: i64 = 10 * 3600 * 1000;
/// Desk time of a service the forecast does not know (should not happen).
const UNKNOWN_DESK_TIME_S: f64 = 600.0;
/// Ticket ids of expected (not yet arrived) walk-ins: above every real id, so ties go to the
/// real visitor.
const VIRTUAL_ID: i64 = 1 << 50;

/// When each waiting ticket is expected to be called.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Forecast {
    pub now_ms: i64,
    /// Ticket id → expected call time (ms). Missing: no desk will serve it.
    pub calls: IdMap<i64>,
    /// Service id → when a walk-in taking a ticket for it now would be called (ms). Missing:
    /// no desk will serve it. Filled by [`forecast_with_newcomers`] only.
    pub newcomers: IdMap<i64>,
}

/// A map keyed by ticket or service id. The forecast looks ids up thousands of times per
/// change; a fast hasher matters there, and ids come from the database, not from visitors.
pub type IdMap<V> = HashMap<i64, V, foldhash::fast::FixedState>;

impl Forecast {
    /// The expected wait of a ticket from `now_ms`, in seconds rounded to the minute.
    pub fn wait_s(&self, ticket_id: i64, now_ms: i64) -> Option<i64> {
        self.calls
            .get(&ticket_id)
            .map(|at| round_to_minute((at - now_ms).max(0) as f64 / 1000.0))
    }

    /// The wait of a walk-in taking a ticket for `service_id` now, like [`newcomer_wait_s`].
    pub fn newcomer_wait_s(&self, service_id: i64) -> Option<i64> {
        self.newcomers
            .get(&service_id)
            .map(|at| round_to_minute((at - self.now_ms).max(0) as f64 / 1000.0))
    }
}

fn round_to_minute(secs: f64) -> i64 {
    ((secs / 60.0).round() * 60.0) as i64
}

/// Plays the call policy forward over the queue: when each waiting ticket will be called.
pub fn forecast(s: &Situation) -> Forecast {
    Forecast {
        now_ms: s.now_ms,
        calls: play(s, None, &[]).0,
        newcomers: IdMap::default(),
    }
}

/// The forecast, and the wait of a newcomer for every service, from one play where possible.
///
/// A newcomer sorts behind every real walk-in of its service and before every expected one,
/// and the policy prefers it to those expected ones; so until it would be called it changes
/// nothing, and the play without it shows when that is: the first time a desk serving its
/// service would prefer it to what it takes. Two things break that and get a play of their
/// own: a checked-in appointment of the service with a later slot (it sorts behind the
/// newcomer, who would then hide it), and an away desk that only the newcomer would bring in.
/// `tests::one_play_gives_every_newcomer_the_wait_of_its_own_play` holds the two equal.
pub fn forecast_with_newcomers(s: &Situation) -> Forecast {
    let orphans = orphans(s, None);
    let (own, shared): (Vec<i64>, Vec<i64>) = s
        .services
        .iter()
        .map(|m| m.id)
        .partition(|id| needs_own_play(s, *id, &orphans));
    let (calls, mut newcomers) = play(s, None, &shared);
    for id in own {
        let n = newcomer(s, id);
        if let Some(at) = play(s, Some(n.clone()), &[]).0.get(&n.ticket_id) {
            newcomers.insert(id, *at);
        }
    }
    Forecast {
        now_ms: s.now_ms,
        calls,
        newcomers,
    }
}

/// The wait a walk-in taking a ticket for `service_id` now would have, in seconds rounded to
/// the minute; `None` when no desk serves the service. One play of its own: see
/// [`forecast_with_newcomers`] for all services at once.
pub fn newcomer_wait_s(s: &Situation, service_id: i64) -> Option<i64> {
    let n = newcomer(s, service_id);
    play(s, Some(n.clone()), &[])
        .0
        .get(&n.ticket_id)
        .map(|at| round_to_minute((at - s.now_ms).max(0) as f64 / 1000.0))
}

/// The id of a newcomer in a play: above every real ticket, below every expected one.
const NEWCOMER_ID: i64 = VIRTUAL_ID - 1;

fn newcomer(s: &Situation, service_id: i64) -> Waiting {
    Waiting {
        ticket_id: NEWCOMER_ID,
        service_id,
        priority: false,
        queued_at_ms: s.now_ms,
        appointment: false,
        desk_id: None,
        staff_id: None,
    }
}

/// Whether a newcomer for `service_id` changes the play before its own call (see
/// [`forecast_with_newcomers`]).
fn needs_own_play(s: &Situation, service_id: i64, orphans: &Orphans) -> bool {
    let behind = s.waiting.iter().any(|w| {
        w.service_id == service_id
            && w.desk_id.is_none()
            && w.staff_id.is_none()
            && !w.priority
            && w.queued_at_ms > s.now_ms
    });
    let served = |d: &Desk| d.services.contains(&service_id);
    let brings_in_a_desk = !s.desks.iter().any(|d| d.now != DeskNow::Away && served(d))
        && s.desks
            .iter()
            .any(|d| d.now == DeskNow::Away && served(d) && !away_desk_needed(orphans, d));
    behind || brings_in_a_desk
}

fn is_mine(w: &Waiting, d: &Desk) -> bool {
    w.desk_id == Some(d.id) || (w.staff_id.is_some() && w.staff_id == d.staff_id)
}

/// The real visitors no working desk serves: an away desk takes part in a play only for them.
/// Kept as their services and the few sent to a desk or person, so that asking it of every
/// away desk costs a lookup per service, not a walk over a queue that may hold thousands.
struct Orphans<'a> {
    services: IdMap<()>,
    personal: Vec<&'a Waiting>,
}

fn orphans<'a>(s: &'a Situation, extra: Option<&'a Waiting>) -> Orphans<'a> {
    let working = || s.desks.iter().filter(|d| d.now != DeskNow::Away);
    let served: IdMap<()> = working()
        .flat_map(|d| d.services.iter().map(|id| (*id, ())))
        .collect();
    let mut o = Orphans {
        services: IdMap::default(),
        personal: Vec::new(),
    };
    for w in s.waiting.iter().chain(extra) {
        if w.desk_id.is_some() || w.staff_id.is_some() {
            if !working().any(|d| is_mine(w, d)) {
                o.personal.push(w);
            }
        } else if !served.contains_key(&w.service_id) {
            o.services.insert(w.service_id, ());
        }
    }
    o
}

/// Whether an away desk takes part: it serves one of the [`orphans`].
fn away_desk_needed(orphans: &Orphans, d: &Desk) -> bool {
    d.services
        .iter()
        .any(|id| orphans.services.contains_key(id))
        || orphans.personal.iter().any(|w| is_mine(w, d))
}

/// Where a service's head scan stopped: the ticket's index, and its place among the
/// candidates if it became one.
type HeadStop = (usize, Option<usize>);

struct Sim {
    w: Waiting,
    /// Expected, not yet arrived: not a candidate before `w.queued_at_ms`.
    expected: bool,
    done: bool,
    target_s: i64,
    desk_time_ms: i64,
}

/// Plays the queue (with `extra` in it) forward: when each real ticket is called, and for
/// each service in `watch`, when a newcomer would be (see [`forecast_with_newcomers`]; the
/// caller leaves out the services that need a play of their own).
fn play(s: &Situation, extra: Option<Waiting>, watch: &[i64]) -> (IdMap<i64>, IdMap<i64>) {
    play_with(s, extra, watch, true)
}

/// How many calls the desks can make before [`HORIZON_MS`] at most: each desk takes at most
/// one ticket per shortest desk time. Within a service's queue, real tickets are called in
/// queue order and expected walk-ins of one kind (priority or not) in arrival order, so no
/// more than this many of either can matter to a play.
fn reachable_calls(s: &Situation, shortest_desk_time_ms: i64) -> usize {
    let calls = s.desks.len() as i64 * (HORIZON_MS / shortest_desk_time_ms.max(1) + 1);
    usize::try_from(calls).unwrap_or(usize::MAX)
}

/// The waiting tickets a play needs: each service's queue cut after [`reachable_calls`] real
/// tickets, so a queue of thousands (the benchmark's) costs what a real one does.
fn reachable(s: &Situation, k: usize) -> Vec<&Waiting> {
    if s.waiting.len() <= k {
        return s.waiting.iter().collect();
    }
    let mut out = Vec::new();
    let mut queues: IdMap<Vec<&Waiting>> = IdMap::default();
    for w in &s.waiting {
        if w.desk_id.is_some() || w.staff_id.is_some() {
            out.push(w);
        } else {
            queues.entry(w.service_id).or_default().push(w);
        }
    }
    for (_, mut q) in queues {
        if q.len() > k {
            q.select_nth_unstable_by_key(k, |w| (!w.priority, w.queued_at_ms, w.ticket_id));
            q.truncate(k);
        }
        out.extend(q);
    }
    out
}

fn play_with(
    s: &Situation,
    extra: Option<Waiting>,
    watch: &[i64],
    cut: bool,
) -> (IdMap<i64>, IdMap<i64>) {
    let now = s.now_ms;
    // Per service: (target wait s, desk time ms), looked up once per ticket.
    let models: IdMap<(i64, i64)> = s
        .services
        .iter()
        .map(|m| {
            (
                m.id,
                (m.target_wait_s, (m.desk_time_s * 1000.0).round() as i64),
            )
        })
        .collect();
    let unknown = (1200, (UNKNOWN_DESK_TIME_S * 1000.0) as i64);
    let desk_time_ms = |id: i64| models.get(&id).unwrap_or(&unknown).1;
    let target_s = |id: i64| models.get(&id).unwrap_or(&unknown).0;
    let sim = |w: Waiting, expected: bool| {
        let (target_s, desk_time_ms) = *models.get(&w.service_id).unwrap_or(&unknown);
        Sim {
            target_s,
            desk_time_ms: desk_time_ms.max(1),
            w,
            expected,
            done: false,
        }
    };
    let shortest = models
        .values()
        .map(|m| m.1)
        .chain([unknown.1])
        .min()
        .unwrap_or(1);
    let reach = match cut {
        true => reachable_calls(s, shortest),
        false => usize::MAX,
    };
    let waiting: Vec<&Waiting> = match cut {
        true => reachable(s, reach),
        false => s.waiting.iter().collect(),
    };
    let mut tickets: Vec<Sim> = waiting
        .into_iter()
        .cloned()
        .map(|w| sim(w, false))
        .collect();
    let real_extra = extra.clone();
    tickets.extend(extra.map(|w| sim(w, false)));
    let mut left = tickets.len();
    let mut newcomers: IdMap<i64> = IdMap::default();
    let mut unplaced = watch.len();
    if left == 0 && unplaced == 0 {
        return (IdMap::default(), newcomers);
    }
    for (m, priority) in s.services.iter().flat_map(|m| [(m, false), (m, true)]) {
        let rate = if priority {
            m.priority_per_hour
        } else {
            m.arrivals_per_hour - m.priority_per_hour
        };
        if rate <= 0.0 {
            continue;
        }
        let gap = 3_600_000.0 / rate;
        let until = m.open_until_ms.min(now + ARRIVALS_HORIZON_MS);
        let mut k = 0.5;
        let mut n = 0;
        while now + (k * gap) as i64 <= until && n < reach {
            n += 1;
            let w = Waiting {
                ticket_id: VIRTUAL_ID + tickets.len() as i64,
                service_id: m.id,
                priority,
                queued_at_ms: now + (k * gap) as i64,
                appointment: false,
                desk_id: None,
                staff_id: None,
            };
            tickets.push(sim(w, true));
            k += 1.0;
        }
    }
    // Each service's own queue in the order the store offers its head (priority first, then
    // arrival), as in `Store::call_next`; visitors sent to a desk or person apart.
    let mut queues: IdMap<(usize, Vec<usize>)> = IdMap::default();
    let mut personal: Vec<usize> = Vec::new();
    for (i, x) in tickets.iter().enumerate() {
        if x.w.desk_id.is_some() || x.w.staff_id.is_some() {
            personal.push(i);
        } else {
            queues.entry(x.w.service_id).or_default().1.push(i);
        }
    }
    // A stable sort, for its speed: the real tickets come mostly in queue order already and
    // the expected ones in arrival order, runs it merges instead of sorting afresh. (No two
    // tickets share an id, so the order is the same as any sort's.)
    for (_, q) in queues.values_mut() {
        q.sort_by_key(|i| {
            let w = &tickets[*i].w;
            (!w.priority, w.queued_at_ms, w.ticket_id)
        });
    }
    // Which desks take part, and when each is free first: a heap of (free at, configuration
    // order), so the desk free first (ties: configuration order) comes out in log time.
    let orphans = orphans(s, real_extra.as_ref());
    let mut free: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();
    for (order, d) in s.desks.iter().enumerate() {
        let at = match d.now {
            DeskNow::Busy {
                service_id,
                since_ms,
            } => {
                let e = desk_time_ms(service_id);
                (since_ms + e).max(now + (e as f64 * OVERRUN_SHARE) as i64)
            }
            DeskNow::Ready => now,
            DeskNow::Break { back_ms } => back_ms.max(now),
            DeskNow::Away => {
                if !away_desk_needed(&orphans, d) {
                    continue;
                }
                now + (AWAY_RETURN_S * 1000.0) as i64
            }
        };
        free.push(Reverse((at, order)));
    }
    let callable_from = |x: &Sim| {
        if x.expected {
            x.w.queued_at_ms
        } else if x.w.appointment {
            x.w.queued_at_ms - APPOINTMENT_LEAD_MS
        } else {
            i64::MIN
        }
    };
    let mut calls = IdMap::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut index: Vec<usize> = Vec::new();
    // Per service of the desk: where its head scan stopped, for the newcomer check.
    let mut heads: Vec<(i64, Option<HeadStop>)> = Vec::new();
    while left > 0 || unplaced > 0 {
        let Some(Reverse((t, order))) = free.pop() else {
            break;
        };
        let desk = &s.desks[order];
        if t > now + HORIZON_MS {
            break;
        }
        candidates.clear();
        index.clear();
        heads.clear();
        let mut next_callable: Option<i64> = None;
        let mut offer = |i: usize, personal: bool, x: &Sim| -> Option<usize> {
            let from = callable_from(x);
            if from > t {
                next_callable = Some(next_callable.map_or(from, |n: i64| n.min(from)));
                return None;
            }
            candidates.push(Candidate {
                ticket_id: x.w.ticket_id,
                priority: x.w.priority,
                personal,
                queued_at_ms: x.w.queued_at_ms,
                target_wait_s: x.target_s,
                appointment: x.w.appointment,
            });
            index.push(i);
            Some(candidates.len() - 1)
        };
        for service in &desk.services {
            let Some((cursor, q)) = queues.get_mut(service) else {
                heads.push((*service, None));
                continue;
            };
            while *cursor < q.len() && tickets[q[*cursor]].done {
                *cursor += 1;
            }
            // The head among those already there: an expected priority ticket sorts first
            // but does not exist yet.
            let mut stop = None;
            for &i in &q[*cursor..] {
                let x = &tickets[i];
                if x.done {
                    continue;
                }
                if x.expected && x.w.queued_at_ms > t {
                    let c = offer(i, false, x);
                    if x.w.priority {
                        continue;
                    }
                    stop = Some((i, c));
                    break;
                }
                stop = Some((i, offer(i, false, x)));
                break;
            }
            heads.push((*service, stop));
        }
        for &i in &personal {
            let x = &tickets[i];
            if !x.done && is_mine(&x.w, desk) {
                offer(i, true, x);
            }
        }
        if unplaced > 0 {
            for (service, stop) in &heads {
                if !watch.contains(service) || newcomers.contains_key(service) {
                    continue;
                }
                // The newcomer heads its queue once nothing real nor an arrived priority
                // ticket is before it; it then stands in for the expected walk-in it precedes.
                let replaces = match stop {
                    None => None,
                    Some((i, c)) if tickets[*i].expected && !tickets[*i].w.priority => *c,
                    Some(_) => continue,
                };
                let n = Candidate {
                    ticket_id: NEWCOMER_ID,
                    priority: false,
                    personal: false,
                    queued_at_ms: now,
                    target_wait_s: target_s(*service),
                    appointment: false,
                };
                // Every candidate here is callable at `t`, so the policy picks the newcomer
                // when it goes before each of the others.
                let first = candidates
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| Some(*k) != replaces)
                    .all(|(_, c)| compare(&n, c, t) == Ordering::Less);
                if first {
                    newcomers.insert(*service, t);
                    unplaced -= 1;
                }
            }
        }
        match pick_next(&candidates, t) {
            Some(id) => {
                let pos = candidates
                    .iter()
                    .position(|c| c.ticket_id == id)
                    .expect("picked from the candidates");
                let x = &mut tickets[index[pos]];
                x.done = true;
                if !x.expected {
                    calls.insert(id, t);
                    left -= 1;
                }
                free.push(Reverse((t + x.desk_time_ms, order)));
            }
            // Idle until an appointment is due or an expected walk-in arrives; or done.
            None => {
                if let Some(at) = next_callable {
                    free.push(Reverse((at, order)));
                }
            }
        }
    }
    (calls, newcomers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The simple estimate for `ahead` visitors, the recent service times, the service's
    /// default and the open desks.
    fn simple(ahead: u32, recent: &[i64], default_service_s: i64, open_desks: u32) -> i64 {
        estimate_wait_s(&EstimateInput {
            ahead,
            recent_service_s: recent,
            default_service_s,
            open_desks,
        })
    }

    #[test]
    fn nobody_ahead_means_no_wait() {
        assert_eq!(simple(0, &[600, 600, 600], 600, 1), 0);
    }

    #[test]
    fn uses_recent_mean_over_open_desks() {
        // 4 × 600 s ÷ 2 = 1200 s.
        assert_eq!(simple(4, &[300, 600, 900], 60, 2), 1200);
    }

    #[test]
    fn falls_back_to_the_default_with_little_data_and_rounds_up() {
        assert_eq!(simple(1, &[10], 450, 0), 480);
    }

    const MIN: i64 = 60_000;
    const NOW: i64 = 1_000 * MIN;

    fn walk_in(id: i64, service: i64, queued: i64) -> Waiting {
        Waiting {
            ticket_id: id,
            service_id: service,
            priority: false,
            queued_at_ms: queued,
            appointment: false,
            desk_id: None,
            staff_id: None,
        }
    }

    /// A checked-in appointment (ticket 5, service 2) with its slot at `slot`.
    fn appointment_at(slot: i64) -> Waiting {
        Waiting {
            queued_at_ms: slot,
            appointment: true,
            ..walk_in(5, 2, slot)
        }
    }

    fn desk(id: i64, services: &[i64], now: DeskNow) -> Desk {
        Desk {
            id,
            services: services.to_vec(),
            staff_id: None,
            now,
        }
    }

    fn service(id: i64, target_min: i64, desk_min: f64) -> ServiceModel {
        ServiceModel {
            id,
            target_wait_s: target_min * 60,
            desk_time_s: desk_min * 60.0,
            arrivals_per_hour: 0.0,
            priority_per_hour: 0.0,
            open_until_ms: NOW + 600 * MIN,
        }
    }

    fn waits(s: &Situation) -> Vec<Option<i64>> {
        let f = forecast(s);
        s.waiting
            .iter()
            .map(|w| f.wait_s(w.ticket_id, s.now_ms).map(|x| x / 60))
            .collect()
    }

    #[test]
    fn one_desk_serves_the_queue_in_order() {
        let s = Situation {
            now_ms: NOW,
            waiting: vec![walk_in(1, 1, NOW - 5 * MIN), walk_in(2, 1, NOW - MIN)],
            desks: vec![desk(10, &[1], DeskNow::Ready)],
            services: vec![service(1, 20, 10.0)],
        };
        assert_eq!(waits(&s), vec![Some(0), Some(10)]);
        assert_eq!(newcomer_wait_s(&s, 1), Some(20 * 60));
    }

    #[test]
    fn a_visit_in_progress_counts_with_its_remaining_time() {
        // Called 4 minutes ago for a 10-minute service: free in 6 minutes. A second desk
        // overran its 10 minutes long ago: still 3 minutes (30 %) to go.
        let s = Situation {
            now_ms: NOW,
            waiting: vec![walk_in(1, 1, NOW - 5 * MIN), walk_in(2, 1, NOW - MIN)],
            desks: vec![
                desk(
                    10,
                    &[1],
                    DeskNow::Busy {
                        service_id: 1,
                        since_ms: NOW - 4 * MIN,
                    },
                ),
                desk(
                    11,
                    &[1],
                    DeskNow::Busy {
                        service_id: 1,
                        since_ms: NOW - 40 * MIN,
                    },
                ),
            ],
            services: vec![service(1, 20, 10.0)],
        };
        assert_eq!(waits(&s), vec![Some(3), Some(6)]);
    }

    #[test]
    fn a_desk_serving_two_services_splits_its_time() {
        // Desk 10 serves only service 1; desk 11 serves 1 and 2 (first come, first served
        // across both). The service-2 visitor arrived between the two service-1 visitors.
        let s = Situation {
            now_ms: NOW,
            waiting: vec![
                walk_in(1, 1, NOW - 9 * MIN),
                walk_in(2, 2, NOW - 8 * MIN),
                walk_in(3, 1, NOW - 7 * MIN),
                walk_in(4, 1, NOW - 6 * MIN),
            ],
            desks: vec![
                desk(10, &[1], DeskNow::Ready),
                desk(11, &[1, 2], DeskNow::Ready),
            ],
            services: vec![service(1, 20, 10.0), service(2, 20, 30.0)],
        };
        // t=0: desk 10 takes 1, desk 11 takes 2 (busy 30 min); t=10: desk 10 takes 3;
        // t=20: desk 10 takes 4.
        assert_eq!(waits(&s), vec![Some(0), Some(0), Some(10), Some(20)]);
        // The naive baseline would say 1 ahead × 10 min ÷ 2 desks = 5 minutes for ticket 3.
        let naive = estimate_wait_s(&EstimateInput {
            ahead: 1,
            recent_service_s: &[600, 600, 600],
            default_service_s: 600,
            open_desks: 2,
        });
        assert_eq!(naive, 300);
    }

    #[test]
    fn priority_goes_first_and_delays_everyone_else() {
        let mut urgent = walk_in(3, 1, NOW);
        urgent.priority = true;
        let s = Situation {
            now_ms: NOW,
            waiting: vec![
                walk_in(1, 1, NOW - 20 * MIN),
                walk_in(2, 1, NOW - 10 * MIN),
                urgent,
            ],
            desks: vec![desk(10, &[1], DeskNow::Ready)],
            services: vec![service(1, 20, 10.0)],
        };
        assert_eq!(waits(&s), vec![Some(10), Some(20), Some(0)]);
    }

    #[test]
    fn a_checked_in_appointment_takes_its_social_worker_at_the_slot() {
        // The social worker (staff 7) sits in room 20, which also serves walk-in service 1.
        // The appointment's slot is in 12 minutes (callable from 7 minutes).
        let appointment = Waiting {
            staff_id: Some(7),
            ..appointment_at(NOW + 12 * MIN)
        };
        let mut room = desk(20, &[1, 2], DeskNow::Ready);
        room.staff_id = Some(7);
        let s = Situation {
            now_ms: NOW,
            waiting: vec![
                walk_in(1, 1, NOW - 3 * MIN),
                walk_in(2, 1, NOW - 2 * MIN),
                appointment,
            ],
            desks: vec![room],
            services: vec![service(1, 30, 10.0), service(2, 5, 30.0)],
        };
        // Walk-in 1 now (until 10); the appointment is due at 7, so at 10 it goes before
        // walk-in 2, who waits for the 30-minute consultation: 40 minutes.
        assert_eq!(waits(&s), vec![Some(0), Some(40), Some(10)]);
    }

    #[test]
    fn an_appointment_not_yet_due_leaves_the_room_idle_until_its_slot() {
        let appointment = Waiting {
            desk_id: Some(20),
            ..appointment_at(NOW + 25 * MIN)
        };
        let s = Situation {
            now_ms: NOW,
            waiting: vec![appointment],
            desks: vec![desk(20, &[2], DeskNow::Ready)],
            services: vec![service(2, 5, 30.0)],
        };
        assert_eq!(waits(&s), vec![Some(20)]);
    }

    #[test]
    fn away_desks_count_only_when_nobody_else_serves_the_service() {
        let s = Situation {
            now_ms: NOW,
            waiting: vec![walk_in(1, 1, NOW - MIN), walk_in(2, 2, NOW - MIN)],
            desks: vec![
                desk(10, &[1], DeskNow::Ready),
                desk(11, &[1, 2], DeskNow::Away),
            ],
            services: vec![service(1, 20, 10.0), service(2, 20, 10.0)],
        };
        // Service 1 has a working desk; service 2 only the away one, back in 10 minutes.
        assert_eq!(waits(&s), vec![Some(0), Some(10)]);
        // A service nobody serves has no forecast.
        let mut lonely = s.clone();
        lonely.desks.truncate(1);
        assert_eq!(waits(&lonely), vec![Some(0), None]);
    }

    #[test]
    fn a_desk_on_a_break_is_expected_back() {
        let s = Situation {
            now_ms: NOW,
            waiting: vec![walk_in(1, 1, NOW - 5 * MIN), walk_in(2, 1, NOW - 4 * MIN)],
            desks: vec![
                desk(
                    10,
                    &[1],
                    DeskNow::Busy {
                        service_id: 1,
                        since_ms: NOW,
                    },
                ),
                desk(
                    11,
                    &[1],
                    DeskNow::Break {
                        back_ms: NOW + 5 * MIN,
                    },
                ),
            ],
            services: vec![service(1, 20, 10.0)],
        };
        // Back from its break at 5, desk 11 takes the first; desk 10, free at 10, the second.
        assert_eq!(waits(&s), vec![Some(5), Some(10)]);
    }

    #[test]
    fn expected_walk_ins_with_a_shorter_target_overtake() {
        // One desk for service 1 (target 10 min) and 2 (target 60 min). A service-2 visitor
        // waits behind a visit that ends in 10 minutes. Service 1 gets 6 walk-ins an hour.
        let mut s = Situation {
            now_ms: NOW,
            waiting: vec![walk_in(1, 2, NOW)],
            desks: vec![desk(
                10,
                &[1, 2],
                DeskNow::Busy {
                    service_id: 1,
                    since_ms: NOW,
                },
            )],
            services: vec![service(1, 10, 10.0), service(2, 60, 10.0)],
        };
        assert_eq!(waits(&s), vec![Some(10)]);
        s.services[0].arrivals_per_hour = 6.0;
        // Service-1 walk-ins arrive at 5, 15, 25 … minutes. At 10 the first is 0.5 overdue,
        // the service-2 visitor only 10/60: the walk-in goes first; at 20 the second one
        // (0.5 against 0.33) too; at 30 both are 0.5 and the earlier arrival wins.
        assert_eq!(waits(&s), vec![Some(30)]);
        // The service closes in 2 minutes: nobody else comes.
        s.services[0].open_until_ms = NOW + 2 * MIN;
        assert_eq!(waits(&s), vec![Some(10)]);
        // Priority tickets of the visitor's own service go first too: one an hour, the first
        // expected at 30 minutes, after the visitor's call at 10.
        s.services[1].arrivals_per_hour = 1.0;
        s.services[1].priority_per_hour = 1.0;
        assert_eq!(waits(&s), vec![Some(10)]);
        // Three an hour: the first comes at 10 and is called before the visitor.
        s.services[1].arrivals_per_hour = 3.0;
        s.services[1].priority_per_hour = 3.0;
        assert_eq!(waits(&s), vec![Some(20)]);
    }

    #[test]
    fn the_robust_mean_resists_a_forgotten_finish() {
        let recent = [600, 620, 580, 610, 590, 7200];
        let m = robust_mean_s(&recent, 600.0);
        assert!((600.0..900.0).contains(&m), "{m}");
        assert_eq!(robust_mean_s(&[], 480.0), 480.0);
        // Few visits: the configured time still weighs in.
        let m = robust_mean_s(&[1200], 600.0);
        assert!((790.0..810.0).contains(&m), "{m}");
    }

    /// Random queues with every kind of visitor and desk, for the newcomer check below.
    fn arb_situation() -> impl Strategy<Value = Situation> {
        let waiting = prop::collection::vec(
            (
                1i64..4,
                any::<bool>(),
                -60i64..40,
                0u8..6,
                prop::option::of(10i64..14),
                prop::option::of(1i64..3),
            ),
            0..14,
        );
        let desks = prop::collection::vec(
            (
                prop::collection::vec(1i64..4, 1..3),
                0u8..4,
                -20i64..20,
                prop::option::of(1i64..3),
            ),
            1..4,
        );
        let services = prop::collection::vec((1i64..30, 1u8..20, 0u8..8, 0u8..3, 5i64..400), 3);
        (waiting, desks, services).prop_map(|(waiting, desks, services)| Situation {
            now_ms: NOW,
            waiting: waiting
                .into_iter()
                .enumerate()
                .map(|(i, (service, priority, at, kind, desk, staff))| {
                    // kind: 0–2 walk-in, 3 appointment, 4 sent to a desk, 5 to a person.
                    Waiting {
                        ticket_id: i as i64 + 1,
                        service_id: service,
                        priority: priority && kind < 3,
                        queued_at_ms: NOW + at * MIN,
                        appointment: kind == 3,
                        desk_id: if kind == 4 { desk.or(Some(10)) } else { None },
                        staff_id: if kind == 5 { staff.or(Some(1)) } else { None },
                    }
                })
                .collect(),
            desks: desks
                .into_iter()
                .enumerate()
                .map(|(i, (services, state, at, staff))| Desk {
                    id: 10 + i as i64,
                    services,
                    staff_id: staff,
                    now: match state {
                        0 => DeskNow::Ready,
                        1 => DeskNow::Busy {
                            service_id: 1,
                            since_ms: NOW + at * MIN,
                        },
                        2 => DeskNow::Break {
                            back_ms: NOW + at.abs() * MIN,
                        },
                        _ => DeskNow::Away,
                    },
                })
                .collect(),
            services: services
                .into_iter()
                .enumerate()
                .map(|(i, (target, desk, rate, prio, open))| ServiceModel {
                    id: i as i64 + 1,
                    target_wait_s: target * 60,
                    desk_time_s: desk as f64 * 60.0,
                    arrivals_per_hour: rate as f64 * 2.0 + prio as f64,
                    priority_per_hour: prio as f64,
                    open_until_ms: NOW + open * MIN,
                })
                .collect(),
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Cutting long queues at what the desks can reach before the horizon changes no
        /// forecast: the same queues twenty times as long, with desks ten times as slow and
        /// walk-ins expected ten times as often.
        #[test]
        fn cutting_long_queues_changes_nothing(s in arb_situation()) {
            let mut s = s;
            for m in &mut s.services {
                m.desk_time_s *= 10.0;
                m.arrivals_per_hour *= 10.0;
                m.priority_per_hour *= 10.0;
            }
            let copies: Vec<Waiting> = (1..20)
                .flat_map(|k| s.waiting.iter().map(move |w| Waiting {
                    ticket_id: w.ticket_id + 100 * k,
                    queued_at_ms: w.queued_at_ms - k * MIN,
                    ..w.clone()
                }))
                .collect();
            s.waiting.extend(copies);
            let ids: Vec<i64> = s.services.iter().map(|m| m.id).collect();
            prop_assert_eq!(play_with(&s, None, &ids, true), play_with(&s, None, &ids, false));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The one play of `forecast_with_newcomers` gives the same calls as `forecast` and
        /// every newcomer the wait its own play gives.
        #[test]
        fn one_play_gives_every_newcomer_the_wait_of_its_own_play(s in arb_situation()) {
            let f = forecast_with_newcomers(&s);
            prop_assert_eq!(&f.calls, &forecast(&s).calls);
            for m in &s.services {
                prop_assert_eq!(f.newcomer_wait_s(m.id), newcomer_wait_s(&s, m.id), "service {}", m.id);
            }
        }
    }
}
