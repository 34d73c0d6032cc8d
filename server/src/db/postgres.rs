//! PostgreSQL specifics: a transaction-scoped advisory lock per location, its migrations, and
//! the connections' names that tell server instances apart (see `engine/instances.rs`).

use sqlx::any::AnyRow;
use sqlx::migrate::Migrator;
use sqlx::AnyPool;

use crate::db::{col, Result, StoreError, Tx};

const MIGRATIONS: &[(i64, &str, &str)] = crate::db::migrations!("postgres");

/// Steps only PostgreSQL has, with numbers the shared list skips: only it can be shared by
/// several server instances.
const OWN_MIGRATIONS: &[(i64, &str, &str)] = &[(
    12,
    "events notify other instances",
    include_str!("../../../migrations/postgres/0012_events_notify.sql"),
)];

pub(crate) fn migrator() -> Migrator {
    // In number order, so a fresh database takes the steps in the order they were written.
    let mut all = [MIGRATIONS, OWN_MIGRATIONS].concat();
    all.sort_by_key(|(version, _, _)| *version);
    crate::db::sqlite::embedded(&all)
}

pub(crate) async fn connect(url: &str, instance: &str) -> Result<AnyPool> {
    crate::db::any_pool(&named(url, instance), 16).await
}

/// Writers of different locations work in parallel; those of one location queue on the lock.
pub(crate) async fn connect_writer(url: &str, instance: &str) -> Result<AnyPool> {
    crate::db::any_pool(&named(url, instance), 4).await
}

/// The URL with the instance's name as the connections' `application_name`, which the events'
/// notifications carry (and which `pg_stat_activity` shows).
pub(crate) fn named(url: &str, instance: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}application_name={instance}")
}

/// Serialises writers of one location across every server instance sharing the database;
/// the lock is released by the commit or rollback. It is taken in the `BEGIN` itself: one round
/// trip fewer while the location's writers wait.
pub(crate) async fn begin_write(pool: &AnyPool, location_id: i64) -> Result<Tx> {
    let key = 0x4f4e_5448_0000_0000_i64 | location_id;
    Ok(pool
        .begin_with(format!("BEGIN; SELECT pg_advisory_xact_lock({key})"))
        .await?)
}

/// A read's column that takes `n` ids from the tickets' sequence, as text (`12,13,14`). An
/// uncorrelated subquery runs once per statement, however many rows the read returns; ids a
/// group does not use are a gap in the sequence, as after any rollback.
pub(crate) fn new_ticket_ids(n: usize) -> String {
    format!(
        "(SELECT string_agg(nextval(pg_get_serial_sequence('tickets', 'id'))::text, ',') \
         FROM generate_series(1, {n}))"
    )
}

pub(crate) fn read_new_ticket_ids(row: &AnyRow, n: usize) -> Result<Vec<i64>> {
    let text: String = col(row, "new_ids")?;
    let mut ids = text
        .split(',')
        .map(|id| id.parse::<i64>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| StoreError::Corrupt(format!("ticket ids from the sequence: {e}")))?;
    if ids.len() != n {
        return Err(StoreError::Corrupt(format!(
            "{} ticket ids from the sequence, not {n}",
            ids.len()
        )));
    }
    ids.sort_unstable();
    Ok(ids)
}

/// Several statements as one: the others as data-modifying `WITH` steps of the last. PostgreSQL
/// runs each step exactly once; checks of foreign keys between them wait for the statement's end.
pub(crate) fn one_statement(steps: &[String], last: &str) -> String {
    let with: Vec<String> = steps
        .iter()
        .enumerate()
        .map(|(k, s)| format!("step{k} AS ({s})"))
        .collect();
    format!("WITH {} {last}", with.join(", "))
}

/// Sends a notification on `channel` to every instance listening (see `engine/instances.rs`).
pub(crate) async fn notify(pool: &AnyPool, channel: &str, payload: &str) -> Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(channel)
        .bind(payload)
        .execute(pool)
        .await?;
    Ok(())
}
