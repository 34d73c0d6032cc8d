//! The `help_categories` table: the kinds of help request the register knows.

use std::collections::HashMap;

use onthaal_wire::{AdminHelpCategory, HelpCategory};
use sqlx::AnyConnection;

use crate::db::{col, Result};

/// The active categories, in their configured order.
pub async fn active<'c, E>(ex: E) -> Result<Vec<HelpCategory>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT key, name, leefloon FROM help_categories WHERE active = 1 ORDER BY position, id",
    )
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        Ok(HelpCategory {
            key: col(r, "key")?,
            name: col(r, "name")?,
            leefloon: col::<i64>(r, "leefloon")? != 0,
        })
    })
    .collect()
}

/// Every category, active ones first in their configured order, then the retired ones
/// (the administration page lists both).
pub async fn all<'c, E>(ex: E) -> Result<Vec<AdminHelpCategory>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "SELECT key, name, leefloon, active FROM help_categories ORDER BY active DESC, position, id",
    )
    .fetch_all(ex)
    .await?
    .iter()
    .map(|r| {
        Ok(AdminHelpCategory {
            key: col(r, "key")?,
            name: col(r, "name")?,
            leefloon: col::<i64>(r, "leefloon")? != 0,
            active: col::<i64>(r, "active")? != 0,
        })
    })
    .collect()
}

/// Every category's name by key, active or not (the statistics name old ones too).
pub async fn names<'c, E>(ex: E) -> Result<HashMap<String, String>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    crate::db::names_by_key(ex, "help_categories").await
}

/// The id of the active category with this key.
pub async fn active_id_by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<i64>> {
    crate::db::active_id_by_key(conn, "help_categories", key).await
}
