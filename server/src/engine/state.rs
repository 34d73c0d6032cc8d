//! A location's live state and the read side of the queue: services with their waiting counts
//! and estimates, ticket views with positions, recent calls, snapshots.
//!
//! `LocationState` caches what every event needs (services, desks, recent service times, which
//! desks are active) so that publishing a change costs one count query, not a dozen. It is only
//! mutated under the location's write lock, in step with the committed data.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use onthaal_wire::{CallView, ClosedNow, DeskRef, LocationInfo, ServiceInfo, Ticket};
use sqlx::AnyConnection;

pub use crate::db::desks::DeskRow;
use crate::db::service_closures::{self, ClosureRow};
pub use crate::db::services::ServiceRow;
use crate::db::tickets::{self, TicketRow};
use crate::db::{
    desks, events, from_ms, locations, ms, opt_from_ms, printers, services, Result, StoreError,
};
use crate::domain::estimate::{estimate_wait_s, EstimateInput};

/// How many recent visits feed the estimate.
pub const RECENT_VISITS: usize = 20;
/// A desk that called someone this recently counts as open.
pub const DESK_ACTIVE_WINDOW_MIN: i64 = 60;
/// How far ahead a closed service's next opening is looked up.
const OPENING_HORIZON_DAYS: u32 = 28;

#[derive(Debug, Clone)]
pub struct LocationState {
    pub id: i64,
    pub no_show_grace_s: i64,
    /// Reception printers (key, name, URI); the first is the default.
    pub printers: Vec<(String, String, String)>,
    pub key: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub tz: Tz,
    /// The `seq` of the last committed event.
    pub seq: u64,
    pub services: Vec<ServiceRow>,
    pub desks: Vec<DeskRow>,
    /// Recent service durations per service, newest first.
    pub durations: HashMap<i64, VecDeque<i64>>,
    /// When each desk last called someone (ms).
    pub desk_last_call: HashMap<i64, i64>,
    /// Services closed now by staff, by service id (see `usecases/closures.rs`); one whose
    /// time has passed counts as open, until a write deletes it.
    pub closures: HashMap<i64, ClosureRow>,
    /// The live queue behind the wait forecast (see `live_queue.rs`).
    pub live: crate::engine::live_queue::LiveQueue,
    /// Set (to the write's time) while a write is open on this state, cleared by its commit.
    /// A write that ends otherwise — an error, a failed commit — may have left its changes
    /// here, so whoever takes the lock next reads the state again from the database first.
    pub(crate) uncommitted: Option<DateTime<Utc>>,
}

impl LocationState {
    pub fn service(&self, id: i64) -> Option<&ServiceRow> {
        self.services.iter().find(|s| s.id == id)
    }

    pub fn service_by_key(&self, key: &str) -> Option<&ServiceRow> {
        self.services.iter().find(|s| s.key == key)
    }

    /// The service's closure by staff, while it lasts (it ends by itself at its time).
    pub fn closed_now(&self, service_id: i64, now: DateTime<Utc>) -> Option<ClosedNow> {
        let c = self.closures.get(&service_id)?;
        let until = from_ms(c.until_at);
        (until > now).then(|| ClosedNow {
            until,
            end_of_day: crate::domain::closures::is_end_of_day(until, self.tz),
            reason: c.reason.clone(),
        })
    }

    pub fn desk(&self, id: i64) -> Option<&DeskRow> {
        self.desks.iter().find(|d| d.id == id)
    }

    pub fn info(&self) -> LocationInfo {
        LocationInfo {
            key: self.key.clone(),
            name: self.name.clone(),
        }
    }

    pub fn open_desks(&self, service_id: i64, now: DateTime<Utc>) -> u32 {
        let since = ms(now - Duration::minutes(DESK_ACTIVE_WINDOW_MIN));
        self.desks
            .iter()
            .filter(|d| d.services.contains(&service_id))
            .filter(|d| self.desk_last_call.get(&d.id).is_some_and(|t| *t >= since))
            .count() as u32
    }

    /// The naive baseline estimate (see [`crate::domain::estimate::estimate_wait_s`]); the
    /// forecast falls back on it for a ticket no desk is known to serve.
    pub fn naive_estimate(&self, service_id: i64, ahead: u32, now: DateTime<Utc>) -> Option<i64> {
        let svc = self.service(service_id)?;
        let recent: Vec<i64> = self
            .durations
            .get(&service_id)
            .map(|d| d.iter().copied().collect())
            .unwrap_or_default();
        Some(estimate_wait_s(&EstimateInput {
            ahead,
            recent_service_s: &recent,
            default_service_s: svc.service_s,
            open_desks: self.open_desks(service_id, now),
        }))
    }

    pub(crate) fn record_duration(&mut self, service_id: i64, secs: i64) {
        let d = self.durations.entry(service_id).or_default();
        d.push_front(secs);
        d.truncate(RECENT_VISITS);
    }

    /// Every service with its open state, waiting count and the estimate for a newcomer.
    pub fn service_infos(
        &self,
        waiting: &HashMap<i64, u32>,
        now: DateTime<Utc>,
    ) -> Vec<ServiceInfo> {
        self.services
            .iter()
            .map(|s| {
                let n = waiting.get(&s.id).copied().unwrap_or(0);
                let closed_now = self.closed_now(s.id, now);
                let open = closed_now.is_none() && s.schedule.is_open(now, self.tz);
                ServiceInfo {
                    key: s.key.clone(),
                    name: s.name().to_string(),
                    names: s.names.clone(),
                    prefix: s.prefix.clone(),
                    descriptions: s.descriptions.clone(),
                    icon: s.icon.clone(),
                    walk_in: s.walk_in,
                    triage: s.triage,
                    open,
                    opens_at: match &closed_now {
                        _ if open => None,
                        // Open again at the closure's end, if its hours say so then.
                        Some(c) => s
                            .schedule
                            .next_opening(c.until, self.tz, OPENING_HORIZON_DAYS),
                        None => s.schedule.next_opening(now, self.tz, OPENING_HORIZON_DAYS),
                    },
                    waiting: n,
                    estimated_wait_s: self
                        .newcomer_estimate(s.id, now)
                        .or_else(|| self.naive_estimate(s.id, n, now)),
                    closed_now,
                }
            })
            .collect()
    }

    fn desk_ref(&self, id: Option<i64>) -> Option<DeskRef> {
        let d = self.desk(id?)?;
        Some(DeskRef {
            id: d.id,
            name: d.name.clone(),
        })
    }
}

/// Loads a location's configuration and recent figures from the database.
pub(crate) async fn load_location_state(
    conn: &mut AnyConnection,
    location_id: i64,
    now: DateTime<Utc>,
) -> Result<LocationState> {
    let loc = locations::by_id(&mut *conn, location_id).await?;
    let tz: Tz = loc
        .timezone
        .parse()
        .map_err(|_| StoreError::Corrupt(format!("unknown time zone {}", loc.timezone)))?;
    let services = services::active(&mut *conn, location_id).await?;
    let desks = desks::active(&mut *conn, location_id).await?;
    let mut durations = HashMap::new();
    for s in &services {
        let list: VecDeque<i64> = tickets::recent_durations_ms(&mut *conn, s.id, RECENT_VISITS)
            .await?
            .into_iter()
            .map(|d| d / 1000)
            .collect();
        durations.insert(s.id, list);
    }
    let since = ms(now - Duration::minutes(DESK_ACTIVE_WINDOW_MIN));
    let desk_last_call = events::last_call_per_desk(&mut *conn, location_id, since).await?;
    let printers = printers::active(&mut *conn, location_id).await?;
    let closures = service_closures::of_location(&mut *conn, location_id)
        .await?
        .into_iter()
        .map(|c| (c.service_id, c))
        .collect();
    Ok(LocationState {
        id: location_id,
        no_show_grace_s: loc.no_show_grace_s,
        printers,
        key: loc.key,
        name: loc.name,
        address: loc.address,
        phone: loc.phone,
        tz,
        seq: loc.event_seq as u64,
        services,
        desks,
        durations,
        desk_last_call,
        closures,
        live: crate::engine::live_queue::load_live(&mut *conn, location_id, now).await?,
        uncommitted: None,
    })
}

/// The start of the local day `now` falls on (the first instant of it, DST included).
pub(crate) fn local_midnight(now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let day = crate::domain::numbering::local_day(now, tz);
    use chrono::TimeZone;
    tz.from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now - Duration::hours(24))
}

impl TicketRow {
    /// The wire view; `position` is for waiting tickets only.
    pub fn to_wire(&self, st: &LocationState, position: Option<u32>, now: DateTime<Utc>) -> Ticket {
        let service = st.service(self.service_id);
        Ticket {
            id: self.id,
            number: self.number.clone(),
            service: service.map(|s| s.key.clone()).unwrap_or_default(),
            state: self.state,
            created_at: from_ms(self.created_at),
            queued_at: from_ms(self.queued_at),
            position,
            estimated_wait_s: position
                .and_then(|p| st.ticket_estimate(self.id, self.service_id, p, now)),
            desk: st.desk_ref(self.desk_id),
            status_token: Some(self.status_token.clone()),
            priority: self.priority,
            channel: self.channel,
            lang: self.lang,
            transferred_from: self
                .transferred_from_id
                .and_then(|id| st.service(id))
                .map(|s| s.key.clone()),
            assigned_desk: self.assigned_desk_id,
            assigned_staff: self.assigned_staff_id,
            called_at: opt_from_ms(self.called_at),
        }
    }

    /// The call as the waiting room sees it (only when the ticket has a desk).
    pub fn call_view(
        &self,
        st: &LocationState,
        at: DateTime<Utc>,
        recall: bool,
    ) -> Option<CallView> {
        let service = st.service(self.service_id)?;
        Some(CallView {
            id: self.id,
            number: self.number.clone(),
            service: service.key.clone(),
            service_name: service.name().to_string(),
            desk: st.desk_ref(self.desk_id)?,
            at,
            recall,
        })
    }
}
