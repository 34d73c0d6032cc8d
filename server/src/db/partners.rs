//! The `partners` table: the partner organisations the ID-team refers visitors to.

use std::collections::HashMap;

use onthaal_wire::{AdminPartner, Partner};
use sqlx::AnyConnection;

use crate::db::{col, first_column, Result};

/// The active partners, by name.
pub async fn active<'c, E>(ex: E) -> Result<Vec<Partner>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    Ok(offered(select(ex, "WHERE active = 1", "name").await?))
}

/// The active partners as the configuration holds them, by key.
pub(crate) async fn active_by_key(conn: &mut AnyConnection) -> Result<Vec<Partner>> {
    Ok(offered(select(conn, "WHERE active = 1", "key").await?))
}

/// Every partner, active or retired, by name (the administration page lists both).
pub async fn all<'c, E>(ex: E) -> Result<Vec<AdminPartner>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    select(ex, "", "name, key").await
}

/// The partners `filter` (a `WHERE` clause or nothing) selects, in `order`.
async fn select<'c, E>(ex: E, filter: &str, order: &str) -> Result<Vec<AdminPartner>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT key, name, address, phone, hours, website, active FROM partners {filter} \
         ORDER BY {order}"
    );
    sqlx::query(&sql)
        .fetch_all(ex)
        .await?
        .iter()
        .map(|r| {
            Ok(AdminPartner {
                key: col(r, "key")?,
                name: col(r, "name")?,
                address: col(r, "address")?,
                phone: col(r, "phone")?,
                hours: col(r, "hours")?,
                website: col(r, "website")?,
                active: col::<i64>(r, "active")? != 0,
            })
        })
        .collect()
}

fn offered(all: Vec<AdminPartner>) -> Vec<Partner> {
    all.into_iter().map(offered_one).collect()
}

/// A partner as the ID-team is offered it (and the configuration file gives it).
pub(crate) fn offered_one(p: AdminPartner) -> Partner {
    Partner {
        key: p.key,
        name: p.name,
        address: p.address,
        phone: p.phone,
        hours: p.hours,
        website: p.website,
    }
}

/// Every partner's name by key, active or not (the statistics name old ones too).
pub async fn names<'c, E>(ex: E) -> Result<HashMap<String, String>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    crate::db::names_by_key(ex, "partners").await
}

/// The id of the active partner with this key.
pub async fn active_id_by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<i64>> {
    crate::db::active_id_by_key(conn, "partners", key).await
}
/// The key of the partner a ticket's external referral named, if any.
pub async fn of_referral<'c, E>(ex: E, ticket_id: i64) -> Result<Option<String>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    first_column(sqlx::query(
        "SELECT p.key FROM tickets t JOIN partners p ON p.id = t.triage_partner_id WHERE t.id = $1 AND t.triage_outcome = 'external'",
    )
    .bind(ticket_id)
    .fetch_optional(ex)
    .await?)
}
