//! The `ticket_estimates` table: a waiting ticket's expected call, each time it moved (see
//! `engine/live_queue.rs`).

use sqlx::AnyConnection;

use crate::db::Result;

/// Records estimates `(ticket, seconds)` taken at `at` (ms), in one statement.
pub async fn insert(conn: &mut AnyConnection, moved: &[(i64, i64)], at: i64) -> Result<()> {
    if moved.is_empty() {
        return Ok(());
    }
    // Integers only, formatted here: inlined rather than bound, because binding costs the
    // square of the parameter count (see `db/stats.rs`, `INSERT_PARAMS`) and a busy queue moves
    // many estimates at once; and not kept as a prepared statement, since each list is different.
    let values: Vec<String> = moved
        .iter()
        .map(|(id, secs)| format!("({id}, {at}, {secs})"))
        .collect();
    let sql = format!(
        "INSERT INTO ticket_estimates (ticket_id, at, estimate_s) VALUES {}",
        values.join(", ")
    );
    sqlx::query(&sql)
        .persistent(false)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
