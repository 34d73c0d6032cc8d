//! The `help_requests` table and its yearly counter (`help_request_counters`): the register of
//! help requests (hulpaanvragen) with their receipts.

use chrono::NaiveDate;
use onthaal_wire::HelpRequest;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::db::{col, from_ms, Result, StoreError};

const HELP_COLUMNS: &str = "h.id, h.reference, h.received_on, h.documents, h.printed_at, h.print_count, h.location_id, \
     s.key AS service_key, s.names AS service_names, c.key AS category_key, c.name AS category_name, c.leefloon, \
     st.name AS staff_name, t.number AS ticket_number";

const HELP_FROM: &str = "FROM help_requests h JOIN services s ON s.id = h.service_id \
     JOIN help_categories c ON c.id = h.category_id LEFT JOIN staff st ON st.id = h.staff_id \
     LEFT JOIN tickets t ON t.id = h.ticket_id";

fn help_from_row(r: &AnyRow) -> Result<HelpRequest> {
    let names: String = col(r, "service_names")?;
    let names: std::collections::BTreeMap<String, String> =
        serde_json::from_str(&names).unwrap_or_default();
    let received: String = col(r, "received_on")?;
    let documents: String = col(r, "documents")?;
    Ok(HelpRequest {
        id: col(r, "id")?,
        reference: col(r, "reference")?,
        received_on: NaiveDate::parse_from_str(&received, "%Y-%m-%d")
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        service: col(r, "service_key")?,
        service_name: names.get("nl").cloned().unwrap_or_default(),
        category: col(r, "category_key")?,
        category_name: col(r, "category_name")?,
        leefloon: col::<i64>(r, "leefloon")? != 0,
        documents: serde_json::from_str(&documents).unwrap_or_default(),
        staff: col(r, "staff_name")?,
        ticket: col(r, "ticket_number")?,
        printed_at: col::<Option<i64>>(r, "printed_at")?.map(from_ms),
        print_count: col(r, "print_count")?,
    })
}

/// The next reference number of a year: the counter, raised by one.
pub async fn next_seq(conn: &mut AnyConnection, year: i64) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO help_request_counters (year, last) VALUES ($1, 1) \
         ON CONFLICT (year) DO UPDATE SET last = help_request_counters.last + 1 RETURNING last",
    )
    .bind(year)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// A help request as [`insert`] writes it.
pub struct NewHelpRequest<'a> {
    pub location_id: i64,
    pub year: i64,
    pub seq: i64,
    pub reference: &'a str,
    /// The local day received, `YYYY-MM-DD`.
    pub received_on: String,
    pub service_id: i64,
    pub category_id: i64,
    /// The documents handed in (JSON list).
    pub documents: String,
    pub staff_id: Option<i64>,
    pub ticket_id: Option<i64>,
    pub created_at: i64,
}

/// Enters a help request; returns its id.
pub async fn insert(conn: &mut AnyConnection, h: &NewHelpRequest<'_>) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO help_requests (location_id, year, seq, reference, received_on, service_id, category_id, documents, staff_id, ticket_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(h.location_id)
    .bind(h.year)
    .bind(h.seq)
    .bind(h.reference)
    .bind(&h.received_on)
    .bind(h.service_id)
    .bind(h.category_id)
    .bind(&h.documents)
    .bind(h.staff_id)
    .bind(h.ticket_id)
    .bind(h.created_at)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?)
}

/// A help request by id, with its names.
pub async fn by_id<'c, E>(ex: E, id: i64) -> Result<HelpRequest>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let sql = format!("SELECT {HELP_COLUMNS} {HELP_FROM} WHERE h.id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(ex)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("help request {id}")))?;
    help_from_row(&row)
}

/// The location of a help request.
pub async fn location_of<'c, E>(ex: E, id: i64) -> Result<i64>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let row = sqlx::query("SELECT location_id FROM help_requests WHERE id = $1")
        .bind(id)
        .fetch_optional(ex)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("help request {id}")))?;
    Ok(row.try_get(0)?)
}

/// A location's help requests received between two days (`YYYY-MM-DD`, inclusive), in
/// reference order.
pub async fn received_between<'c, E>(
    ex: E,
    location_id: i64,
    from: &str,
    to: &str,
) -> Result<Vec<HelpRequest>>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let sql = format!(
        "SELECT {HELP_COLUMNS} {HELP_FROM} WHERE h.location_id = $1 AND h.received_on >= $2 AND h.received_on <= $3 ORDER BY h.year, h.seq"
    );
    sqlx::query(&sql)
        .bind(location_id)
        .bind(from)
        .bind(to)
        .fetch_all(ex)
        .await?
        .iter()
        .map(help_from_row)
        .collect()
}

/// A help request's receipt printed (again) at `at` (ms).
pub async fn mark_printed(conn: &mut AnyConnection, id: i64, at: i64) -> Result<()> {
    sqlx::query(
        "UPDATE help_requests SET printed_at = $1, print_count = print_count + 1 WHERE id = $2",
    )
    .bind(at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
