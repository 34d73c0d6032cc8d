//! db: the database floor. Plain SQL functions and the row and time helpers, for SQLite (the
//! default) and PostgreSQL alike; no rules, no locks, no publishing.
//!
//! The contract with the floors above (see `docs/architecture.md`):
//! - every function takes the connection or transaction to run on (`&mut AnyConnection`, which a
//!   [`Tx`] dereferences to) and returns [`Result`]; none of them takes a lock or publishes —
//!   the engine's `begin_write` and `commit_and_publish` do;
//! - times go in and out as integer milliseconds ([`ms`], [`from_ms`]), booleans as 0/1;
//! - [`StoreError`] is the one error of the core: the database's own, and the refusals the use
//!   cases give in terms the HTTP layer maps to status codes;
//! - one module per table ([`tickets`], [`events`], [`appointments`], [`staff`], [`sessions`],
//!   [`stats`] …) with its SQL and its typed rows ([`configuration`] for what the configuration
//!   file writes), the two dialect files ([`sqlite`], [`postgres`]) for what differs, and the
//!   migrations list (below). The use cases and the engine keep their rules and call these.
//!
//! The SQL is written once, in the portable subset both databases share (`$1` parameters,
//! `RETURNING`, `ON CONFLICT … DO UPDATE`, times as integer milliseconds), and runs through
//! sqlx's `Any` driver. What differs per database lives in [`sqlite`] and [`postgres`]: how a
//! write transaction takes its lock, connection settings, the migrations, and for issuing
//! tickets how new ids are reserved and how several statements travel as one.

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
            (
                17,
                "account administration",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0017_account_administration.sql"
                )),
            ),
            (
                18,
                "configuration in the database",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0018_configuration_in_database.sql"
                )),
            ),
            (
                19,
                "service closures",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0019_service_closures.sql"
                )),
            ),
            (
                20,
                "staff absences",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0020_staff_absences.sql"
                )),
            ),
            (
                21,
                "device pairing",
                include_str!(concat!(
                    "../../../migrations/",
                    $db,
                    "/0021_device_pairing.sql"
                )),
            ),
        ]
    };
}
pub(crate) use migrations;

/// A statement with its parameters bound in order: `statement!("… $1 … $2"; a, b)` is
/// `sqlx::query("… $1 … $2").bind(a).bind(b)`, the values beside the SQL that numbers them.
macro_rules! statement {
    ($sql:expr; $($param:expr),+ $(,)?) => {
        sqlx::query($sql)$(.bind($param))+
    };
}

pub mod absences;
pub mod appointments;
pub mod backup;
pub mod configuration;
pub mod desks;
pub mod devices;
pub mod events;
pub mod help_categories;
pub mod help_requests;
pub mod locations;
pub mod partners;
pub mod postgres;
pub mod printers;
pub mod service_closures;
pub mod services;
pub mod sessions;
pub mod sqlite;
pub mod staff;
pub mod stats;
pub mod ticket_estimates;
pub mod tickets;

pub use events::NewEvent;

use chrono::{DateTime, TimeZone, Utc};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Row, Transaction};

pub type Tx = Transaction<'static, sqlx::Any>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The database a URL names: `sqlite:…`, or `postgres://…` / `postgresql://…`.
    pub fn of_url(url: &str) -> Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(url.into()))
        }
    }

    /// Every migration this database takes, in order.
    pub(crate) fn migrator(self) -> sqlx::migrate::Migrator {
        match self {
            Backend::Sqlite => sqlite::migrator(),
            Backend::Postgres => postgres::migrator(),
        }
    }

    /// The schema steps of this database, in the order they run: the numbers
    /// `_sqlx_migrations` records (and `backup` reports as the schema step).
    pub fn migration_steps(self) -> Vec<i64> {
        self.migrator().iter().map(|m| m.version).collect()
    }
}

/// Takes the database at `url` up to schema step `step` and no further. The server always
/// migrates to the newest step ([`crate::engine::Store::connect`]); this is for the upgrade
/// tests, which build each earlier schema with data in it and then let the server upgrade it
/// (`tests/usecases/upgrade.rs`).
pub async fn migrate_until(url: &str, step: i64) -> Result<()> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url)?;
    let mut migrator = backend.migrator();
    migrator.migrations = std::borrow::Cow::Owned(
        migrator
            .iter()
            .filter(|m| m.version <= step)
            .cloned()
            .collect(),
    );
    let pool = match backend {
        Backend::Sqlite => sqlite::connect(url).await?,
        Backend::Postgres => any_pool(url, 1).await?,
    };
    migrator.run(&pool).await?;
    pool.close().await;
    Ok(())
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

/// A query on either database.
pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Runs a statement meant to change one row; whether it did (`false`: the row was not in the
/// state the statement's condition asks for, or is not there).
pub(crate) async fn changed_one<'c, E>(ex: E, q: AnyQuery<'_>) -> Result<bool>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    Ok(q.execute(ex).await?.rows_affected() == 1)
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

/// Reads a JSON column's text (settings, names, lists) into its type.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt(e.to_string()))
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

/// Answers when the database answers.
pub(crate) async fn ping(pool: &AnyPool) -> Result<()> {
    sqlx::query("SELECT 1").execute(pool).await?;
    Ok(())
}

/// The first column of a row that may be missing: `None` for no row.
pub(crate) fn first_column<T>(row: Option<AnyRow>) -> Result<Option<T>>
where
    T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

/// Every name by key of a catalogue table (`partners`, `help_categories`: a `key` and a `name`
/// column), active rows or not: statistics name what was counted before a row was retired.
pub(crate) async fn names_by_key<'c, E>(
    ex: E,
    table: &'static str,
) -> Result<std::collections::HashMap<String, String>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(&format!("SELECT key, name FROM {table}"))
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| Ok((col(r, "key")?, col(r, "name")?)))
        .collect()
}

/// The id of the active row with this key in a catalogue table (see [`names_by_key`]).
pub(crate) async fn active_id_by_key(
    conn: &mut sqlx::AnyConnection,
    table: &'static str,
    key: &str,
) -> Result<Option<i64>> {
    first_column(
        sqlx::query(&format!(
            "SELECT id FROM {table} WHERE key = $1 AND active = 1"
        ))
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?,
    )
}
