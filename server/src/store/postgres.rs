//! PostgreSQL specifics: a transaction-scoped advisory lock per location, its migrations.

use sqlx::migrate::Migrator;
use sqlx::AnyPool;

use super::{Result, Tx};

const MIGRATIONS: &[(i64, &str, &str)] = super::migrations!("postgres");

pub(super) fn migrator() -> Migrator {
    super::sqlite::embedded(MIGRATIONS)
}

pub(super) async fn connect(url: &str) -> Result<AnyPool> {
    super::any_pool(url, 16).await
}

/// Writers of different locations work in parallel; those of one location queue on the lock.
pub(super) async fn connect_writer(url: &str) -> Result<AnyPool> {
    super::any_pool(url, 4).await
}

/// Serialises writers of one location across every server instance sharing the database;
/// the lock is released by the commit or rollback. It is taken in the `BEGIN` itself: one round
/// trip fewer while the location's writers wait.
pub(super) async fn begin_write(pool: &AnyPool, location_id: i64) -> Result<Tx> {
    let key = 0x4f4e_5448_0000_0000_i64 | location_id;
    Ok(pool
        .begin_with(format!("BEGIN; SELECT pg_advisory_xact_lock({key})"))
        .await?)
}
