//! Appointment reminders in the database: which appointments are due, claiming one before it
//! is sent, and recording the outcome.
//!
//! Exactly once, across restarts and several server instances: a sender first *claims* a
//! reminder with one conditional `UPDATE` (the database decides which of two concurrent
//! senders gets the row: SQLite serialises writers, PostgreSQL re-checks the `WHERE` on the
//! locked row), then talks to the mail server, then marks it sent. A failure releases the
//! claim with the error and the time, so the next round tries again after
//! [`RETRY_AFTER`]; each claim counts as an attempt, and after [`MAX_ATTEMPTS`] (or a
//! permanent refusal) the reminder is given up. A claim that is never finished (the process
//! died mid-send) expires after [`CLAIM_EXPIRES`]: the visitor may then, rarely, get the
//! reminder twice, which is better than not at all.

use chrono::{DateTime, NaiveDate, Utc};
use onthaal_wire::Lang;
use sqlx::Row;

use crate::db::{col, from_ms, ms, Result};
use crate::domain::reminders::{CLAIM_EXPIRES, MAX_ATTEMPTS, RETRY_AFTER};
use crate::engine::Store;

/// Which appointments may get their reminder now, with its parameters numbered from
/// `$first`: the attempt limit, the expiry of old claims, the end of the retry pause, now,
/// and the day being reminded (bound by [`bind_due`]).
fn due(first: usize) -> String {
    let p = |i: usize| format!("${}", first + i);
    format!(
        "state = 'booked' AND cancelled_at IS NULL AND purged_at IS NULL \
         AND contact_email IS NOT NULL AND contact_email <> '' AND reminder_sent_at IS NULL \
         AND reminder_attempts < {} \
         AND (reminder_claimed_at IS NULL OR reminder_claimed_at < {}) \
         AND (reminder_failed_at IS NULL OR reminder_failed_at < {}) \
         AND start_at > {} AND day = {}",
        p(0),
        p(1),
        p(2),
        p(3),
        p(4)
    )
}

/// A reminder this sender holds the claim of, with what the message needs.
#[derive(Debug, Clone)]
pub struct ClaimedReminder {
    pub id: i64,
    pub location_id: i64,
    pub service_id: i64,
    pub desk_id: Option<i64>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub code: String,
    pub lang: Lang,
    /// Personal data: only handed to the notifier, never logged.
    pub email: String,
    /// The secret of the cancel-or-move link of an online booking, where appointments have
    /// one (the column is read when it exists).
    pub manage_token: Option<String>,
    /// This attempt's number (1 for the first).
    pub attempt: i64,
    claimed_at: i64,
}

/// What came of an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReminderOutcome {
    Sent,
    /// `error` is a summary without personal data; `retry` says whether to try again later.
    Failed {
        error: String,
        retry: bool,
    },
}

impl Store {
    /// The configured locations' ids, in configuration order.
    pub fn location_ids(&self) -> Vec<i64> {
        self.location_order
            .read()
            .expect("location order lock")
            .iter()
            .map(|(id, _)| *id)
            .collect()
    }

    /// Appointments of a location on `day` whose reminder may be sent now.
    pub async fn due_reminders(
        &self,
        location_id: i64,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<i64>> {
        let sql = format!(
            "SELECT id FROM appointments WHERE location_id = $1 AND {} ORDER BY start_at, id",
            due(2)
        );
        let rows = bind_due(sqlx::query(&sql).bind(location_id), day, now)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get::<i64, _>(0)?)).collect()
    }

    /// Claims one appointment's reminder; `None` when it is no longer due or another sender
    /// has it.
    pub async fn claim_reminder(
        &self,
        id: i64,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Option<ClaimedReminder>> {
        let sql = format!(
            "UPDATE appointments SET reminder_claimed_at = $1, reminder_attempts = reminder_attempts + 1 \
             WHERE id = $2 AND {}",
            due(3)
        );
        let claimed = bind_due(sqlx::query(&sql).bind(ms(now)).bind(id), day, now)
            .execute(&self.pool)
            .await?;
        if claimed.rows_affected() != 1 {
            return Ok(None);
        }
        // `*` so that a `manage_token` column is picked up where the schema has one.
        let r = sqlx::query("SELECT * FROM appointments WHERE id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        let lang: String = col(&r, "lang")?;
        Ok(Some(ClaimedReminder {
            id,
            location_id: col(&r, "location_id")?,
            service_id: col(&r, "service_id")?,
            desk_id: col(&r, "desk_id")?,
            start: from_ms(col(&r, "start_at")?),
            end: from_ms(col(&r, "end_at")?),
            code: col(&r, "code")?,
            lang: Lang::parse(&lang).unwrap_or_default(),
            email: col::<Option<String>>(&r, "contact_email")?.unwrap_or_default(),
            manage_token: r
                .try_get::<Option<String>, _>("manage_token")
                .ok()
                .flatten(),
            attempt: col(&r, "reminder_attempts")?,
            claimed_at: ms(now),
        }))
    }

    /// Records the outcome of an attempt and releases the claim. Returns false when the
    /// claim had expired and another sender took the reminder over meanwhile.
    pub async fn finish_reminder(
        &self,
        r: &ClaimedReminder,
        outcome: &ReminderOutcome,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done =
            match outcome {
                ReminderOutcome::Sent => sqlx::query(
                    "UPDATE appointments SET reminder_sent_at = $1, reminder_claimed_at = NULL, \
                     reminder_error = NULL WHERE id = $2 AND reminder_claimed_at = $3",
                )
                .bind(ms(now))
                .bind(r.id)
                .bind(r.claimed_at)
                .execute(&self.pool)
                .await?,
                ReminderOutcome::Failed { error, retry } => {
                    let attempts = if *retry { r.attempt } else { MAX_ATTEMPTS };
                    sqlx::query(
                    "UPDATE appointments SET reminder_claimed_at = NULL, reminder_failed_at = $1, \
                     reminder_error = $2, reminder_attempts = $3 \
                     WHERE id = $4 AND reminder_claimed_at = $5",
                )
                .bind(ms(now))
                .bind(error.as_str())
                .bind(attempts.max(r.attempt))
                .bind(r.id)
                .bind(r.claimed_at)
                .execute(&self.pool)
                .await?
                }
            };
        Ok(done.rows_affected() == 1)
    }
}

/// Binds the parameters of [`due`].
fn bind_due<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    q.bind(MAX_ATTEMPTS)
        .bind(ms(now - CLAIM_EXPIRES))
        .bind(ms(now - RETRY_AFTER))
        .bind(ms(now))
        .bind(day.format("%Y-%m-%d").to_string())
}
