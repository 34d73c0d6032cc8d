//! The `sessions` table: staff logins, by the SHA-256 of their token; and the one query that
//! says who holds a bearer token, a session or a device.

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{ms, Result};

pub(crate) async fn open(
    conn: &mut AnyConnection,
    token_hash: &str,
    staff_id: i64,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(staff_id)
    .bind(ms(now))
    .bind(ms(expires_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn delete(conn: &mut AnyConnection, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Ends an account's sessions, but the one with the hash `keep` (if any); returns the hashes
/// of those ended.
pub(crate) async fn delete_of(
    conn: &mut AnyConnection,
    staff_id: i64,
    keep: Option<&str>,
) -> Result<Vec<String>> {
    let keep = keep.unwrap_or("");
    let hashes =
        sqlx::query("SELECT token_hash FROM sessions WHERE staff_id = $1 AND token_hash <> $2")
            .bind(staff_id)
            .bind(keep)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<std::result::Result<Vec<String>, _>>()?;
    sqlx::query("DELETE FROM sessions WHERE staff_id = $1 AND token_hash <> $2")
        .bind(staff_id)
        .bind(keep)
        .execute(&mut *conn)
        .await?;
    Ok(hashes)
}

/// Ends the sessions of disabled accounts (disabled by another process, such as
/// `onthaal-server account disable`, or another instance); returns their hashes.
pub(crate) async fn delete_of_disabled(conn: &mut AnyConnection) -> Result<Vec<String>> {
    let hashes = sqlx::query(
        "SELECT x.token_hash FROM sessions x JOIN staff s ON s.id = x.staff_id WHERE s.active = 0",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<std::result::Result<Vec<String>, _>>()?;
    for hash in &hashes {
        delete(conn, hash).await?;
    }
    Ok(hashes)
}

/// Who holds a token, by its hash: `who` is `staff` (with `id`, `name`, `roles`, `expires_at`
/// and `must_change_password`) or `device` (`id`, its kind as `name`, `location_id`). Only an
/// active account's session and an unrevoked device count.
pub(crate) async fn holder(conn: &mut AnyConnection, token_hash: &str) -> Result<Option<AnyRow>> {
    Ok(sqlx::query(
        "SELECT 'staff' AS who, s.id, s.name, s.roles, x.expires_at, 0 AS location_id, \
         s.must_change_password \
         FROM sessions x JOIN staff s ON s.id = x.staff_id WHERE x.token_hash = $1 AND s.active = 1 \
         UNION ALL \
         SELECT 'device', id, kind, '', 0, location_id, 0 FROM devices WHERE token_hash = $1 AND revoked = 0",
    )
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?)
}
