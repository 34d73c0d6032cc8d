//! Storage: SQLite (the default) or PostgreSQL behind one `Store`.
//!
//! The SQL is written once, in the portable subset both databases share (`$1` parameters,
//! `RETURNING`, `ON CONFLICT … DO UPDATE`, times as integer milliseconds), and runs through
//! sqlx's `Any` driver. What differs per database lives in [`sqlite`] and [`postgres`]: how a
//! write transaction takes its lock, connection settings, the migrations, and for issuing
//! tickets how new ids are reserved and how several statements travel as one.
//!
//! Concurrency: every write to a location goes through [`Store::begin_write`], which holds the
//! location's in-process lock *and* a database-level lock (SQLite `BEGIN IMMEDIATE`,
//! PostgreSQL `pg_advisory_xact_lock`) for the transaction. The database lock is the arbiter —
//! numbers stay unique and no ticket is called twice even with several processes — and the
//! in-process lock makes events reach the hub in commit order.

/// The migrations of one database folder (`migrations/sqlite`, `migrations/postgres`),
/// embedded so the binary carries them. Both folders hold the same numbered steps; PostgreSQL
/// has a few of its own between them (see `postgres.rs`), whose numbers the shared list skips.
macro_rules! migrations {
    ($db:literal) => {
        &[
            (
                1,
                "queue core",
                include_str!(concat!("../../../migrations/", $db, "/0001_queue_core.sql")),
            ),
            (
                2,
                "devices",
                include_str!(concat!("../../../migrations/", $db, "/0002_devices.sql")),
            ),
            (
                3,
                "desk work",
                include_str!(concat!("../../../migrations/", $db, "/0003_desk_work.sql")),
            ),
            (
                4,
                "stats",
                include_str!(concat!("../../../migrations/", $db, "/0004_stats.sql")),
            ),
            (
                5,
                "appointments",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0005_appointments.sql"
                )),
            ),
            (
                6,
                "online booking",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0006_online_booking.sql"
                )),
            ),
            (
                7,
                "reminders",
                include_str!(concat!("../../../migrations/", $db, "/0007_reminders.sql")),
            ),
            (
                8,
                "estimates",
                include_str!(concat!("../../../migrations/", $db, "/0008_estimates.sql")),
            ),
            (
                9,
                "appointment statistics",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0009_stat_appointments.sql"
                )),
            ),
            (
                10,
                "one statement per event",
                include_str!(concat!("../../../migrations/", $db, "/0010_event_seq.sql")),
            ),
            (
                11,
                "partial ticket indexes",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0011_partial_ticket_indexes.sql"
                )),
            ),
            // Step 12 is PostgreSQL's own (see `postgres.rs`).
            (
                13,
                "staff services",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0013_staff_services.sql"
                )),
            ),
            (
                14,
                "station presence",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0014_station_presence.sql"
                )),
            ),
            (
                15,
                "configuration source",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0015_configuration_source.sql"
                )),
            ),
            (
                16,
                "login throttle",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0016_login_throttle.sql"
                )),
            ),
        ]
    };
}
pub(crate) use migrations;

mod appointments;
mod auth;
mod booking;
mod desk_work;
mod devices;
mod estimates;
pub mod hashing;
mod instances;
mod issuing;
mod postgres;
mod presence;
mod queue;
mod registry;
mod reminders;
mod setup;
mod sqlite;
mod stats;
mod tickets;
mod token_cache;
mod visitor;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::hub::{Change, Hub};

pub use appointments::{CheckedIn, NewAppointment};
pub(crate) use auth::token_hash;
pub use auth::{LoginOutcome, LoginResult};
pub use booking::OnlineBooking;
pub use desk_work::{PrintTarget, PrintedDocument};
pub use queue::{LocationState, ServiceRow};
pub use registry::{DeviceEntry, REVOCATION_CHECK_EVERY};
pub use reminders::{ClaimedReminder, ReminderOutcome};
pub use setup::NewAdmin;
pub use tickets::{IssueRequest, TransferTarget};

pub type Tx = Transaction<'static, sqlx::Any>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// What can go wrong in the store, in terms the HTTP layer can map to status codes.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(String),
    /// The request conflicts with the current state (e.g. an illegal transition).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// The request is well-formed but cannot be done (e.g. the service is closed).
    #[error("{message}")]
    Rejected { code: &'static str, message: String },
    /// The caller may not do this (e.g. reach another social worker's appointment); the text
    /// says what, as in "your account may not …".
    #[error("may not {0}")]
    Forbidden(&'static str),
    #[error("unsupported database URL: {0}")]
    UnsupportedUrl(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database plus the per-location live state (caches and write locks).
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// The connections of [`Store::begin_write`], apart from `pool`: a writer holding a
    /// location's lock never queues behind the many short reads (authentication, snapshots)
    /// that fill `pool` when many clients are busy at once.
    write_pool: AnyPool,
    backend: Backend,
    hub: Arc<Hub>,
    /// Per location: the write lock, guarding the cached live state.
    locations: Arc<std::sync::RwLock<HashMap<i64, Arc<Mutex<LocationState>>>>>,
    /// Location ids in configuration order; the first is the default.
    location_order: Arc<std::sync::RwLock<Vec<(i64, String)>>>,
    /// Open WebSocket connections per device: a device with none is offline, unless
    /// `elsewhere` has it online.
    presence: Arc<std::sync::Mutex<HashMap<i64, usize>>>,
    /// Per device: online or not, by the last online/offline event of another server instance
    /// on the same database (see `instances.rs`).
    elsewhere: Arc<std::sync::Mutex<HashMap<i64, bool>>>,
    /// Token hashes of sessions ended by a logout, so their WebSockets close at once.
    ended_sessions: tokio::sync::broadcast::Sender<String>,
    /// Who holds the tokens used a moment ago (see `token_cache.rs`).
    tokens: Arc<token_cache::TokenCache>,
    /// Devices revoked while this server runs (see `registry.rs`), so their sockets close.
    revoked_devices: tokio::sync::broadcast::Sender<i64>,
    /// Per location: ticket requests waiting for its writer (see `issuing.rs`).
    issue_queues: Arc<std::sync::Mutex<HashMap<i64, Vec<issuing::PendingIssue>>>>,
    /// This server instance's name among those sharing a PostgreSQL database (see
    /// `instances.rs`).
    instance: Arc<str>,
    /// The password hashing slots (see `hashing.rs`).
    hashing: Arc<hashing::Hashing>,
    /// Failed logins per client address and per username without an account, in memory
    /// (accounts keep theirs in the database; see `auth.rs`).
    login_failures: Arc<std::sync::Mutex<auth::LoginFailures>>,
}

/// A write transaction on one location: holds the location's lock until commit or drop.
/// Dropped without [`Store::commit_and_publish`], it is rolled back and the live state is read
/// again before its next use; a write that wrote nothing ends with [`WriteTx::end_unwritten`].
pub struct WriteTx {
    pub tx: Tx,
    pub state: OwnedMutexGuard<LocationState>,
    /// The last `seq` published when the write began: a write whose first event comes later
    /// follows events of another server instance that are still to be published here.
    pub(super) published: u64,
    /// Set when one of this write's events came after a gap in `seq`: another instance wrote
    /// before it, and the live state has not taken that in yet, so counts come from the
    /// database (see [`Store::change`]).
    pub(super) behind: bool,
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
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl(url.into()));
        };
        let instance = instances::new_name();
        let pool = match backend {
            Backend::Sqlite => sqlite::connect(url).await?,
            Backend::Postgres => postgres::connect(url, &instance).await?,
        };
        let write_pool = match backend {
            Backend::Sqlite => sqlite::connect_writer(url).await?,
            Backend::Postgres => postgres::connect_writer(url, &instance).await?,
        };
        let migrator = match backend {
            Backend::Sqlite => sqlite::migrator(),
            Backend::Postgres => postgres::migrator(),
        };
        migrator.run(&pool).await?;
        Ok(Store {
            pool,
            write_pool,
            backend,
            hub,
            locations: Default::default(),
            location_order: Default::default(),
            presence: Default::default(),
            elsewhere: Default::default(),
            ended_sessions: tokio::sync::broadcast::channel(64).0,
            tokens: Default::default(),
            revoked_devices: tokio::sync::broadcast::channel(16).0,
            issue_queues: Default::default(),
            instance: instance.into(),
            hashing: Default::default(),
            login_failures: Default::default(),
        })
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
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Starts a write on a location at `now`: in-process lock first, then the database lock.
    pub async fn begin_write(&self, location_id: i64, now: DateTime<Utc>) -> Result<WriteTx> {
        let lock = self.location_lock(location_id)?;
        let state = lock.lock_owned().await;
        self.begin_write_locked(location_id, state, now).await
    }

    /// [`Store::begin_write`] for a writer that holds the location's lock already (the ticket
    /// writer of `issuing.rs`, which takes the lock before it knows its group).
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
    async fn reload_if_uncommitted(&self, state: &mut LocationState) -> Result<()> {
        if let Some(at) = state.uncommitted {
            let mut conn = self.pool.acquire().await?;
            *state = queue::load_location_state(&mut conn, state.id, at).await?;
        }
        Ok(())
    }

    fn location_lock(&self, location_id: i64) -> Result<Arc<Mutex<LocationState>>> {
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
        kind: &str,
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
        events: &[NewEvent<'_>],
    ) -> Result<u64> {
        let sql = events_insert(1, events.len());
        let q = bind_events(sqlx::query(&sql), location_id, events);
        let last = last_seq(&q.fetch_all(&mut *w.tx).await?)?;
        if last + 1 - events.len() as u64 != w.state.seq + 1 {
            w.behind = true;
        }
        w.state.seq = last;
        Ok(last)
    }
}

/// The INSERT of `n` event rows of a location, numbering its parameters from `$first`: the
/// location, then eight per event (bound by [`bind_events`]). It returns each row's `seq`.
pub(crate) fn events_insert(first: usize, n: usize) -> String {
    // The next `seq` is read in the insert itself, so a group of events costs one statement.
    // Writers of a location take turns (`begin_write`), `UNIQUE (location_id, seq)` backs that
    // up, and both databases read every `MAX(seq)` before the first row goes in (PostgreSQL
    // from the statement's snapshot, SQLite because the SELECT reads the table it fills).
    let row = |k: usize| {
        let params: Vec<String> = (first + 1 + k * 8..first + 1 + (k + 1) * 8)
            .map(|n| format!("${n}"))
            .collect();
        format!(
            "SELECT ${first}, m.s + {}, {} \
             FROM (SELECT COALESCE(MAX(seq), 0) AS s FROM events WHERE location_id = ${first}) m",
            k + 1,
            params.join(", ")
        )
    };
    format!(
        "INSERT INTO events (location_id, seq, ticket_id, kind, at, service_id, desk_id, staff_id, device_id, data) {} \
         RETURNING seq",
        (0..n).map(row).collect::<Vec<_>>().join(" UNION ALL ")
    )
}

/// Binds the parameters of [`events_insert`], after those already bound to `q`.
pub(crate) fn bind_events<'q>(
    mut q: AnyQuery<'q>,
    location_id: i64,
    events: &'q [NewEvent<'_>],
) -> AnyQuery<'q> {
    q = q.bind(location_id);
    for e in events {
        q = q
            .bind(e.ticket_id)
            .bind(e.kind)
            .bind(e.at.timestamp_millis())
            .bind(e.service_id)
            .bind(e.desk_id)
            .bind(e.staff_id)
            .bind(e.device_id)
            .bind(e.data.as_deref());
    }
    q
}

/// The largest `seq` among the rows an [`events_insert`] returned.
pub(crate) fn last_seq(rows: &[AnyRow]) -> Result<u64> {
    let mut last = 0;
    for r in rows {
        last = last.max(r.try_get::<i64, _>("seq")?);
    }
    Ok(last as u64)
}

/// A query on either database.
pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// One event row for [`Store::write_events`].
pub(crate) struct NewEvent<'a> {
    pub ticket_id: Option<i64>,
    pub kind: &'a str,
    pub at: DateTime<Utc>,
    pub service_id: Option<i64>,
    pub desk_id: Option<i64>,
    pub staff_id: Option<i64>,
    pub device_id: Option<i64>,
    pub data: Option<String>,
}

/// `($1, …, $25), ($26, …)`: the parameter lists of a multi-row INSERT of `rows` rows of
/// `cols` parameters each, numbered from `$first` (1, unless other parameters come before).
pub(crate) fn param_rows(first: usize, rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let p: Vec<String> = (0..cols)
                .map(|c| format!("${}", first + r * cols + c))
                .collect();
            format!("({})", p.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

pub(crate) fn from_ms(v: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(v).single().unwrap_or_default()
}

pub(crate) fn opt_from_ms(v: Option<i64>) -> Option<DateTime<Utc>> {
    v.map(from_ms)
}

/// Reads a column by name, turning a type mismatch into a clear error.
pub(crate) fn col<'r, T>(row: &'r AnyRow, name: &str) -> Result<T>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(name).map_err(StoreError::from)
}

pub(crate) async fn any_pool(url: &str, max: u32) -> Result<AnyPool> {
    Ok(AnyPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(std::time::Duration::from_secs(10))
        .connect(url)
        .await?)
}

/// How long the session cookie lives, in seconds.
pub fn auth_session_seconds() -> i64 {
    auth::SESSION_HOURS * 3600
}

impl Store {
    pub async fn location_of_desk(&self, desk_id: i64) -> Result<i64> {
        let row = sqlx::query("SELECT location_id FROM desks WHERE id = $1 AND active = 1")
            .bind(desk_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("desk {desk_id}")))?;
        Ok(row.try_get(0)?)
    }
}
