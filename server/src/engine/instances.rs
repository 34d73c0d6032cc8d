//! Several server instances on one PostgreSQL database: each publishes the others' events to
//! its own clients.
//!
//! Every statement that writes events notifies at commit (migration 0012) with the location,
//! its newest `seq` and the writing instance's name (its connections' `application_name`). An
//! instance ignores its own notifications. For another's, it reads the events it has not
//! published from the database, reads the location's live state again (the forecast must see
//! the other instance's tickets and calls) and publishes each event as if it had written it.
//!
//! A write may also commit before the listener has caught up: its events then follow ones not
//! yet published here. [`Store::commit_and_publish`] notices the gap in `seq` and publishes
//! the missed events first, so every instance's clients get every `seq`, in order. Writes
//! take their waiting counts from the live state rather than a query, so they must not count
//! on a state that missed events: issuing checks the location's last `seq` under the lock and
//! catches up before it counts ([`Store::catch_up_in_write`]); a desk action whose first event
//! follows a gap counts in the database instead (`WriteTx::behind`).
//!
//! A logout notifies too (channel `onthaal_sessions`, the session's token hash and the
//! instance), so every instance closes that session's WebSockets at once.
//!
//! SQLite serves one process, so it has no notifications; the gap rule holds for it all the
//! same.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rand::Rng;
use sqlx::postgres::{PgListener, PgNotification};
use tokio::sync::watch;

use crate::clock::Clock;
use crate::db::tickets::{position, ticket_by_id, waiting_counts};
use crate::db::{events, from_ms, postgres, Backend, Result, StoreError};
use crate::domain::events::EventKind;
use crate::engine::changes::change_of;
use crate::engine::hub::Change;
use crate::engine::state::{load_location_state, LocationState};
use crate::engine::{Store, WriteTx};

/// The notification channel of migration 0012.
const EVENTS: &str = "onthaal_events";
/// Logouts, from [`Store::announce_logout`].
const SESSIONS: &str = "onthaal_sessions";

/// A name for this instance's connections: unique among the instances of one database.
pub(crate) fn new_name() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    let tag: String = (0..12)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect();
    format!("onthaal-{tag}")
}

/// An event notification: the location, its newest `seq`, the writing instance.
fn parse_events(payload: &str) -> Option<(i64, u64, &str)> {
    let mut parts = payload.splitn(3, ' ');
    let location = parts.next()?.parse().ok()?;
    let seq = parts.next()?.parse().ok()?;
    Some((location, seq, parts.next()?))
}

/// A logout notification: the session's token hash, the instance.
fn parse_logout(payload: &str) -> Option<(&str, &str)> {
    payload.split_once(' ')
}

/// Per location, what this instance has applied of the other instances' events: how far
/// behind it sees them (for `/metrics`, see `engine/gauges.rs`).
#[derive(Default)]
pub(crate) struct Applied(std::sync::Mutex<std::collections::HashMap<i64, AppliedFigures>>);

/// See [`Applied`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AppliedFigures {
    /// Events of other instances published here since this instance started.
    pub events: u64,
    /// The newest one's delay: when it was applied here less when it was written (seconds;
    /// never below 0, though the two machines' clocks may differ a little).
    pub lag_s: f64,
    /// When the newest one was applied here.
    pub applied_at: DateTime<Utc>,
}

impl Applied {
    fn record(&self, location_id: i64, events: u64, written_ms: i64, now: DateTime<Utc>) {
        let lag_s = ((now - from_ms(written_ms)).num_milliseconds() as f64 / 1000.0).max(0.0);
        let mut map = self.0.lock().expect("applied lock");
        let e = map.entry(location_id).or_insert(AppliedFigures {
            events: 0,
            lag_s,
            applied_at: now,
        });
        e.events += events;
        e.lag_s = lag_s;
        e.applied_at = now;
    }

    pub(crate) fn figures(&self) -> Vec<(i64, AppliedFigures)> {
        let map = self.0.lock().expect("applied lock");
        map.iter().map(|(id, f)| (*id, *f)).collect()
    }
}

/// What a log line may show of a notification it could not read: an event's payload (a
/// location, a number, an instance's name) as it is, of a logout only its length — it holds a
/// session's token hash, which no log needs.
fn loggable_payload(channel: &str, payload: &str) -> String {
    if channel == SESSIONS {
        format!("({} bytes, not shown)", payload.len())
    } else {
        payload.to_string()
    }
}

/// A connection listening on both channels.
async fn listen(url: &str) -> Result<PgListener> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen_all([EVENTS, SESSIONS]).await?;
    Ok(listener)
}

impl Store {
    /// With PostgreSQL: listens for the other instances' events and logouts and publishes
    /// them here, until `stop`. Fails if the listening connection cannot be made at start.
    /// Afterwards a lost connection is made again (every second until the database answers),
    /// and since notifications sent meanwhile are lost, every location is then caught up.
    /// With SQLite there are no other instances: it does nothing.
    pub async fn follow_other_instances(
        &self,
        url: &str,
        clock: Arc<dyn Clock>,
        mut stop: watch::Receiver<bool>,
    ) -> Result<()> {
        if self.backend != Backend::Postgres {
            return Ok(());
        }
        // Named like the instance's other connections, for `pg_stat_activity`.
        let url = postgres::named(url, &format!("{}-listener", self.instance));
        let mut listener = listen(&url).await?;
        // Listening first, so that no station's event falls between the two.
        self.load_presence(clock.now()).await?;
        self.follow_presence(clock.clone(), stop.clone());
        let store = self.clone();
        tokio::spawn(async move {
            loop {
                let received = tokio::select! {
                    _ = stop.wait_for(|stopped| *stopped) => return,
                    r = listener.try_recv() => r,
                };
                match received {
                    Ok(Some(n)) => store.on_notification(&n, clock.now()).await,
                    // Lost and made again at once by the listener itself.
                    Ok(None) => store.catch_up_all(clock.now()).await,
                    Err(e) => {
                        tracing::warn!(error = %e, "listening for other instances' events");
                        listener = loop {
                            tokio::select! {
                                _ = stop.wait_for(|stopped| *stopped) => return,
                                _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
                            }
                            match listen(&url).await {
                                Ok(l) => break l,
                                Err(e) => {
                                    tracing::warn!(error = %e, "listening again for other instances' events")
                                }
                            }
                        };
                        store.catch_up_all(clock.now()).await;
                    }
                }
            }
        });
        Ok(())
    }

    async fn on_notification(&self, n: &PgNotification, now: DateTime<Utc>) {
        if n.channel() == SESSIONS {
            match parse_logout(n.payload()) {
                Some((_, instance)) if instance == &*self.instance => {}
                Some((hash, _)) => self.session_ended(hash),
                None => tracing::warn!(
                    payload = loggable_payload(SESSIONS, n.payload()),
                    "unreadable notification"
                ),
            }
            return;
        }
        match parse_events(n.payload()) {
            Some((_, _, instance)) if instance == &*self.instance => {}
            Some((location, seq, _)) => self.catch_up(location, Some(seq), now).await,
            None => tracing::warn!(
                payload = loggable_payload(EVENTS, n.payload()),
                "unreadable notification"
            ),
        }
    }

    /// Every location caught up, after notifications may have been lost.
    async fn catch_up_all(&self, now: DateTime<Utc>) {
        tracing::info!("listening again for other instances' events; catching up");
        // Logouts may have gone unheard as well.
        self.tokens.forget_all();
        let ids = self.live_location_ids();
        for id in ids {
            self.catch_up(id, None, now).await;
        }
    }

    /// With PostgreSQL: tells the other instances that the session with this token hash has
    /// ended. If that fails, their sockets of the session close at their next check (every
    /// ping) instead.
    pub(crate) async fn announce_logout(&self, hash: &str) {
        if self.backend != Backend::Postgres {
            return;
        }
        let sent =
            postgres::notify(&self.pool, SESSIONS, &format!("{hash} {}", self.instance)).await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, "announcing a logout to the other instances");
        }
    }

    /// Publishes a location's events up to `seq` (all, if `None`) that this instance has not.
    async fn catch_up(&self, location_id: i64, seq: Option<u64>, now: DateTime<Utc>) {
        // A location this instance does not serve (another configuration) is not its business.
        let Ok(lock) = self.location_lock(location_id) else {
            return;
        };
        let mut st = lock.lock().await;
        if seq.is_some_and(|seq| seq <= st.seq) {
            return;
        }
        let after = st.seq;
        self.publish_missed(&mut st, after, None, now).await;
    }

    /// Publishes the events after `after` (and before `before`, if given), written by another
    /// instance, and reads the live state again, its `seq` at the last one published. If that
    /// fails, the state is read again at its next use and the clients, finding a gap in `seq`,
    /// ask for a snapshot.
    pub(crate) async fn publish_missed(
        &self,
        st: &mut LocationState,
        after: u64,
        before: Option<u64>,
        now: DateTime<Utc>,
    ) {
        if let Err(e) = self.try_publish_missed(st, after, before, now).await {
            tracing::warn!(error = %e, location = st.id, "publishing another instance's events");
            st.uncommitted = Some(now);
        }
    }

    /// Inside a write, under the location's lock: if the database's last `seq` (read in the
    /// write) is past the live state's, another instance wrote in between and its notification
    /// has not been handled yet. Its events are published now and the state read again, so the
    /// write counts, places and forecasts on what is there. Without another instance the two
    /// are always equal and this costs nothing.
    pub(crate) async fn catch_up_in_write(
        &self,
        w: &mut WriteTx,
        seq: u64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if seq == w.state.seq {
            return Ok(());
        }
        let after = w.state.seq;
        self.try_publish_missed(&mut w.state, after, None, now)
            .await?;
        if w.state.seq != seq {
            return Err(StoreError::Corrupt(format!(
                "location {} read up to seq {} where the database has {seq}",
                w.state.id, w.state.seq
            )));
        }
        // The state was read afresh; the write is still open on it.
        w.state.uncommitted = Some(now);
        w.published = seq;
        Ok(())
    }

    async fn try_publish_missed(
        &self,
        st: &mut LocationState,
        after: u64,
        before: Option<u64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let before = before.map_or(i64::MAX, |b| b as i64);
        let events = events::between(&mut conn, st.id, after as i64, before).await?;
        let Some(last) = events.last() else {
            return Ok(());
        };
        self.applied
            .record(st.id, events.len() as u64, last.at, now);
        let last = last.seq;
        *st = load_location_state(&mut conn, st.id, now).await?;
        // The state now holds every event up to the newest, but only those read are published
        // here: later ones come with their own notification.
        st.seq = last as u64;
        let counts = waiting_counts(&mut conn, st.id).await?;
        for e in &events {
            let seq = e.seq as u64;
            let stored = e.kind.clone();
            // A kind this server does not know (written by a newer one) goes out as a plain
            // update under its stored name.
            let kind = EventKind::parse(&stored);
            let mut change = match e.ticket_id {
                Some(ticket_id) if kind.is_some_and(EventKind::changes_a_ticket) => {
                    let kind = kind.expect("checked");
                    let mut t = ticket_by_id(&mut conn, ticket_id).await?;
                    let call = match kind {
                        EventKind::Called => Some(false),
                        EventKind::Recalled => Some(true),
                        _ => None,
                    };
                    if call.is_some() {
                        // The desk that called, though the ticket may have moved on since.
                        t.desk_id = e.desk_id.or(t.desk_id);
                    }
                    let pos = position(&mut conn, &t).await?;
                    let (_, mut change) = change_of(st, &t, kind, call, pos, &counts, now);
                    if let Some(c) = &mut change.call {
                        c.at = from_ms(e.at);
                    }
                    change
                }
                _ => {
                    let device = match e.device_id {
                        Some(id) if kind.is_some_and(EventKind::is_device) => Some(
                            self.device_after(&mut conn, id, kind.expect("checked"))
                                .await?,
                        ),
                        _ => None,
                    };
                    Change {
                        location_id: st.id,
                        seq,
                        event: stored,
                        ticket: None,
                        call: None,
                        device,
                        services: st.service_infos(&counts, now),
                    }
                }
            };
            change.seq = seq;
            self.hub.publish(change);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_logout_is_logged_without_its_token_hash() {
        let hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let logged = loggable_payload(SESSIONS, hash);
        assert!(!logged.contains(hash), "{logged}");
        assert_eq!(logged, "(64 bytes, not shown)");
        // An event's payload holds nothing personal, and helps find the fault.
        assert_eq!(loggable_payload(EVENTS, "3 x onthaal-ab"), "3 x onthaal-ab");
        assert_eq!(parse_events("3 x onthaal-ab"), None);
    }
}
