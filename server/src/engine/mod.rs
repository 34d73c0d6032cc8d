//! engine: the machinery every use case runs on. The location lock and the write transaction
//! ([`Store::begin_write`], [`WriteTx`]), commit-and-publish, the live per-location state
//! ([`state`], [`live_queue`]), the [`hub`] that fans committed changes out to clients, issue
//! batching ([`batching`]), multi-instance sync ([`instances`]), station presence
//! ([`presence`]), the token cache and the password hashing slots.
//!
//! Concurrency: every write to a location goes through [`Store::begin_write`], which holds the
//! location's in-process lock *and* a database-level lock (SQLite `BEGIN IMMEDIATE`,
//! PostgreSQL `pg_advisory_xact_lock`) for the transaction. The database lock is the arbiter —
//! numbers stay unique and no ticket is called twice even with several processes — and the
//! in-process lock makes events reach the hub in commit order.
//!
//! The use cases (`crate::usecases`) add their operations to [`Store`] in `impl Store` blocks
//! of their own; the engine knows none of them.

pub mod batching;
pub mod changes;
pub mod gauges;
pub mod hashing;
pub mod hub;
pub mod instances;
pub mod live_queue;
pub mod presence;
pub mod state;
pub mod token_cache;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::AnyPool;
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::db::{self, postgres, sqlite, Backend, NewEvent, Result, StoreError, Tx};
use crate::domain::events::EventKind;
use hub::{Change, Hub};
pub use state::{LocationState, ServiceRow};

/// The database plus the per-location live state (caches and write locks).
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    /// The connections of [`Store::begin_write`], apart from `pool`: a writer holding a
    /// location's lock never queues behind the many short reads (authentication, snapshots)
    /// that fill `pool` when many clients are busy at once.
    pub(crate) write_pool: AnyPool,
    pub(crate) backend: Backend,
    pub(crate) hub: Arc<Hub>,
    /// Per location: the write lock, guarding the cached live state.
    pub(crate) locations: Arc<std::sync::RwLock<HashMap<i64, Arc<Mutex<LocationState>>>>>,
    /// Location ids in configuration order; the first is the default.
    pub(crate) location_order: Arc<std::sync::RwLock<Vec<(i64, String)>>>,
    /// Open WebSocket connections per device: a device with none is offline, unless
    /// `elsewhere` has it online.
    pub(crate) presence: Arc<std::sync::Mutex<HashMap<i64, usize>>>,
    /// Per device: online or not, by the last online/offline event of another server instance
    /// on the same database (see `instances.rs`).
    pub(crate) elsewhere: Arc<std::sync::Mutex<HashMap<i64, bool>>>,
    /// Token hashes of sessions ended by a logout, so their WebSockets close at once.
    pub(crate) ended_sessions: tokio::sync::broadcast::Sender<String>,
    /// Who holds the tokens used a moment ago (see `token_cache.rs`).
    pub(crate) tokens: Arc<token_cache::TokenCache>,
    /// Devices revoked while this server runs (see `usecases/registry.rs`), so their sockets close.
    pub(crate) revoked_devices: tokio::sync::broadcast::Sender<i64>,
    /// Per location: ticket requests waiting for its writer (see `batching.rs`).
    pub(crate) issue_queues: Arc<batching::IssueQueues>,
    /// This server instance's name among those sharing a PostgreSQL database (see
    /// `instances.rs`).
    pub(crate) instance: Arc<str>,
    /// The password hashing slots (see `hashing.rs`).
    pub(crate) hashing: Arc<hashing::Hashing>,
    /// Failed logins per client address and per username without an account, in memory
    /// (accounts keep theirs in the database; see `usecases/auth.rs`).
    pub(crate) login_failures: Arc<std::sync::Mutex<LoginFailures>>,
    /// What this instance has applied of other instances' events (see `instances.rs`).
    pub(crate) applied: Arc<instances::Applied>,
    /// The configuration revision this instance's live state was read at (see
    /// `usecases/configuration.rs`).
    pub(crate) configuration_revision: Arc<std::sync::atomic::AtomicI64>,
    /// Changes of the configuration made from the app through this instance go one after the
    /// other (see `usecases/configuration.rs`).
    pub(crate) configuration_changes: Arc<Mutex<()>>,
}

/// A write transaction on one location: holds the location's lock until commit or drop.
/// Dropped without [`Store::commit_and_publish`], it is rolled back and the live state is read
/// again before its next use; a write that wrote nothing ends with [`WriteTx::end_unwritten`].
pub struct WriteTx {
    pub tx: Tx,
    pub state: OwnedMutexGuard<LocationState>,
    /// The last `seq` published when the write began: a write whose first event comes later
    /// follows events of another server instance that are still to be published here.
    pub(crate) published: u64,
    /// Set when one of this write's events came after a gap in `seq`: another instance wrote
    /// before it, and the live state has not taken that in yet, so counts come from the
    /// database (see [`Store::change`]).
    pub(crate) behind: bool,
}

impl WriteTx {
    /// Ends a write that wrote nothing to the database (rolled back), keeping the live state as
    /// it stands: it may hold what only memory knows, such as a desk ready with nobody to call.
    pub fn end_unwritten(mut self) {
        self.state.uncommitted = None;
    }
}

impl Store {
    /// Connects, creating the SQLite file (and its folder) if missing, and runs migrations.
    pub async fn connect(url: &str, hub: Arc<Hub>) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url)?;
        let instance = instances::new_name();
        let pool = match backend {
            Backend::Sqlite => sqlite::connect(url).await?,
            Backend::Postgres => postgres::connect(url, &instance).await?,
        };
        let write_pool = match backend {
            Backend::Sqlite => sqlite::connect_writer(url).await?,
            Backend::Postgres => postgres::connect_writer(url, &instance).await?,
        };
        backend.migrator().run(&pool).await?;
        Ok(Store {
            pool,
            write_pool,
            backend,
            hub,
            locations: Default::default(),
            location_order: Default::default(),
            configuration_revision: Default::default(),
            configuration_changes: Default::default(),
            presence: Default::default(),
            elsewhere: Default::default(),
            ended_sessions: tokio::sync::broadcast::channel(64).0,
            tokens: Default::default(),
            revoked_devices: tokio::sync::broadcast::channel(16).0,
            issue_queues: Default::default(),
            instance: instance.into(),
            hashing: Default::default(),
            login_failures: Default::default(),
            applied: Default::default(),
        })
    }

    /// The configured locations' ids, in configuration order.
    pub fn location_ids(&self) -> Vec<i64> {
        self.location_order
            .read()
            .expect("location order lock")
            .iter()
            .map(|(id, _)| *id)
            .collect()
    }

    /// The ids of the locations whose live state this server holds, in no order.
    pub(crate) fn live_location_ids(&self) -> Vec<i64> {
        self.locations
            .read()
            .expect("location map lock")
            .keys()
            .copied()
            .collect()
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Closes both connection pools (at shutdown).
    pub async fn close(&self) {
        self.write_pool.close().await;
        self.pool.close().await;
    }

    pub fn hub(&self) -> &Arc<Hub> {
        &self.hub
    }

    /// Answers when the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        db::ping(&self.pool).await
    }

    /// Starts a write on a location at `now`: in-process lock first, then the database lock.
    pub async fn begin_write(&self, location_id: i64, now: DateTime<Utc>) -> Result<WriteTx> {
        let lock = self.location_lock(location_id)?;
        let state = lock.lock_owned().await;
        self.begin_write_locked(location_id, state, now).await
    }

    /// [`Store::begin_write`] for a writer that holds the location's lock already (the ticket
    /// writer of `usecases/issue.rs`, which takes the lock before it knows its group).
    pub(crate) async fn begin_write_locked(
        &self,
        location_id: i64,
        mut state: OwnedMutexGuard<LocationState>,
        now: DateTime<Utc>,
    ) -> Result<WriteTx> {
        self.reload_if_uncommitted(&mut state).await?;
        let tx = match self.backend {
            Backend::Sqlite => sqlite::begin_write(&self.write_pool).await?,
            Backend::Postgres => postgres::begin_write(&self.write_pool, location_id).await?,
        };
        state.uncommitted = Some(now);
        let published = state.seq;
        Ok(WriteTx {
            tx,
            state,
            published,
            behind: false,
        })
    }

    /// Commits, then publishes the change while still holding the location lock so that
    /// clients receive events in `seq` order. If the commit fails, nothing is published and the
    /// live state is read again before its next use.
    pub async fn commit_and_publish(
        &self,
        w: WriteTx,
        changes: impl IntoIterator<Item = Change>,
    ) -> Result<()> {
        let WriteTx {
            tx,
            mut state,
            published,
            ..
        } = w;
        tx.commit().await?;
        let now = state.uncommitted.take().unwrap_or_else(Utc::now);
        let mut changes = changes.into_iter().peekable();
        if let Some(first) = changes.peek().map(|c| c.seq) {
            if first > published + 1 {
                // Another instance wrote in between, and its events have not been published
                // here yet: they go first, so that clients see every `seq` in order.
                let own = state.seq;
                self.publish_missed(&mut state, published, Some(first), now)
                    .await;
                state.seq = own;
            }
        }
        for change in changes {
            self.hub.publish(change);
        }
        drop(state);
        Ok(())
    }

    /// Reads a location's live state again if a write on it ended without its commit: nothing
    /// of that write is in the database, but the state may hold what it did (a ticket tracked,
    /// a desk's last call, a `seq`).
    pub(crate) async fn reload_if_uncommitted(&self, state: &mut LocationState) -> Result<()> {
        if let Some(at) = state.uncommitted {
            let mut conn = self.pool.acquire().await?;
            *state = state::load_location_state(&mut conn, state.id, at).await?;
        }
        Ok(())
    }

    pub(crate) fn location_lock(&self, location_id: i64) -> Result<Arc<Mutex<LocationState>>> {
        self.locations
            .read()
            .expect("location map lock")
            .get(&location_id)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("location {location_id}")))
    }

    /// A copy of a location's cached configuration and live figures.
    pub async fn location_state(&self, location_id: i64) -> Result<LocationState> {
        let lock = self.location_lock(location_id)?;
        let mut s = lock.lock().await;
        self.reload_if_uncommitted(&mut s).await?;
        Ok(s.clone())
    }

    /// The location for a `?location=KEY` (or the first location when none is given).
    pub fn resolve_location(&self, key: Option<&str>) -> Result<i64> {
        let order = self.location_order.read().expect("location order lock");
        match key {
            None => order
                .first()
                .map(|(id, _)| *id)
                .ok_or_else(|| StoreError::NotFound("location".into())),
            Some(k) => order
                .iter()
                .find(|(_, key)| key == k)
                .map(|(id, _)| *id)
                .ok_or_else(|| StoreError::NotFound(format!("location \"{k}\""))),
        }
    }

    /// Writes an event row in the write transaction and returns its per-location `seq`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn write_event(
        w: &mut WriteTx,
        location_id: i64,
        ticket_id: Option<i64>,
        kind: EventKind,
        at: DateTime<Utc>,
        service_id: Option<i64>,
        desk_id: Option<i64>,
        staff_id: Option<i64>,
        device_id: Option<i64>,
        data: Option<String>,
    ) -> Result<u64> {
        let event = NewEvent {
            ticket_id,
            kind,
            at,
            service_id,
            desk_id,
            staff_id,
            device_id,
            data,
        };
        Store::write_events(w, location_id, std::slice::from_ref(&event)).await
    }

    /// Writes event rows, in order, in one statement; returns the `seq` of the last one (the
    /// others precede it one by one).
    pub(crate) async fn write_events(
        w: &mut WriteTx,
        location_id: i64,
        events: &[NewEvent],
    ) -> Result<u64> {
        let last = db::events::insert(&mut w.tx, location_id, events).await?;
        if last + 1 - events.len() as u64 != w.state.seq + 1 {
            w.behind = true;
        }
        w.state.seq = last;
        Ok(last)
    }
}

/// In-memory failure counts: per client address (across usernames) and per username that has
/// no account (so that such a username is throttled exactly like a real account, and the
/// answers do not tell which usernames exist).
pub(crate) struct LoginFailures {
    /// By [`crate::domain::rate_limit::address_key`].
    pub(crate) addresses: crate::domain::throttle::Failures<i64>,
    pub(crate) unknown_users: crate::domain::throttle::Failures<String>,
    /// Wrong pairing codes per client address (see `usecases/pairing.rs`).
    pub(crate) pairing: crate::domain::throttle::Failures<i64>,
}

impl Default for LoginFailures {
    fn default() -> LoginFailures {
        LoginFailures {
            addresses: crate::domain::throttle::Failures::new(crate::domain::throttle::ADDRESS),
            unknown_users: crate::domain::throttle::Failures::new(crate::domain::throttle::ACCOUNT),
            pairing: crate::domain::throttle::Failures::new(crate::domain::throttle::PAIRING),
        }
    }
}
