//! The `help_categories` table: the kinds of help request the register knows.

use std::collections::HashMap;

use onthaal_wire::HelpCategory;
use sqlx::{AnyConnection, Row};

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

/// Every category's name by key, active or not (the statistics name old requests too).
pub async fn names<'c, E>(ex: E) -> Result<HashMap<String, String>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query("SELECT key, name FROM help_categories")
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| Ok((col(r, "key")?, col(r, "name")?)))
        .collect()
}

/// The id of the active category with this key.
pub async fn active_id_by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<i64>> {
    match sqlx::query("SELECT id FROM help_categories WHERE key = $1 AND active = 1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?
    {
        Some(r) => Ok(Some(r.try_get(0)?)),
        None => Ok(None),
    }
}
