//! SQLite specifics: file creation, WAL mode, `BEGIN IMMEDIATE` for writes, its migrations.

use std::borrow::Cow;

use sqlx::any::AnyRow;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Executor};

use crate::db::{col, Result, Tx};

const MIGRATIONS: &[(i64, &str, &str)] = crate::db::migrations!("sqlite");

pub(crate) fn migrator() -> Migrator {
    embedded(MIGRATIONS)
}

pub(crate) fn embedded(list: &[(i64, &'static str, &'static str)]) -> Migrator {
    Migrator {
        migrations: Cow::Owned(
            list.iter()
                .map(|(v, d, sql)| {
                    Migration::new(
                        *v,
                        Cow::Borrowed(*d),
                        MigrationType::Simple,
                        Cow::Borrowed(*sql),
                        false,
                    )
                })
                .collect(),
        ),
        ..Migrator::DEFAULT
    }
}

pub(crate) async fn connect(url: &str) -> Result<AnyPool> {
    pool(url, 8).await
}

/// The writers' connection: SQLite has one writer at a time, so a second connection would
/// only wait in SQLite's busy loop (sleeps of up to 100 ms) where this one waits its turn
/// in the pool's queue.
pub(crate) async fn connect_writer(url: &str) -> Result<AnyPool> {
    pool(url, 1).await
}

async fn pool(url: &str, max: u32) -> Result<AnyPool> {
    // `sqlite://data/onthaal.db`: create the folder, and the file via `mode=rwc`.
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (file, query) = path.split_once('?').unwrap_or((path, ""));
    if file != ":memory:" && !file.is_empty() {
        if let Some(dir) = std::path::Path::new(file).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    sqlx::Error::Configuration(
                        format!("cannot create the database folder {}: {e}", dir.display()).into(),
                    )
                })?;
            }
        }
    }
    let url = if query.contains("mode=") {
        url.to_string()
    } else if query.is_empty() {
        format!("{url}?mode=rwc")
    } else {
        format!("{url}&mode=rwc")
    };
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(max)
        .acquire_timeout(std::time::Duration::from_secs(10))
        // A connection to a local file does not go stale: no ping (a round trip to SQLite's
        // worker thread) before every use.
        .test_before_acquire(false)
        .after_connect(|conn, _| {
            Box::pin(async move {
                // WAL: readers never block the writer. synchronous=FULL: a committed ticket
                // survives a power cut, not only a killed process. busy_timeout: another
                // process's write waits instead of failing.
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                     PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
                )
                .await?;
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    Ok(pool)
}

/// `BEGIN IMMEDIATE` takes SQLite's write lock up front, so two writers queue on the busy
/// timeout instead of one failing when it upgrades a read lock.
pub(crate) async fn begin_write(pool: &AnyPool) -> Result<Tx> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

/// A read's column with the largest ticket id: new tickets take the ids after it. Safe because
/// a writer holds SQLite's only write lock (`BEGIN IMMEDIATE`) until it commits.
pub(crate) fn new_ticket_ids() -> String {
    "(SELECT COALESCE(MAX(id), 0) FROM tickets)".into()
}

pub(crate) fn read_new_ticket_ids(row: &AnyRow, n: usize) -> Result<Vec<i64>> {
    let max: i64 = col(row, "new_ids")?;
    Ok((1..=n as i64).map(|k| max + k).collect())
}

/// Several statements in one string: SQLite runs them in order, each binding the `$n` it names.
pub(crate) fn one_statement(steps: &[String], last: &str) -> String {
    let mut all = steps.to_vec();
    all.push(last.to_string());
    all.join("; ")
}
