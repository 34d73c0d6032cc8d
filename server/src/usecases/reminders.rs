//! Appointment reminders: which appointments are due, claiming one before it
//! is sent, and recording the outcome (the SQL is in `db/appointments.rs`).
//!
//! Exactly once, across restarts and several server instances: a sender first *claims* a
//! reminder with one conditional `UPDATE` (the database decides which of two concurrent
//! senders gets the row: SQLite serialises writers, PostgreSQL re-checks the `WHERE` on the
//! locked row), then talks to the mail server, then marks it sent. A failure releases the
//! claim with the error and the time, so the next round tries again after
//! [`RETRY_AFTER`](crate::domain::reminders::RETRY_AFTER); each claim counts as an attempt, and after [`MAX_ATTEMPTS`] (or a
//! permanent refusal) the reminder is given up. A claim that is never finished (the process
//! died mid-send) expires after [`CLAIM_EXPIRES`](crate::domain::reminders::CLAIM_EXPIRES): the visitor may then, rarely, get the
//! reminder twice, which is better than not at all.

use chrono::{DateTime, NaiveDate, Utc};

use crate::db::appointments;
pub use crate::db::appointments::ClaimedReminder;
use crate::db::Result;
use crate::domain::reminders::MAX_ATTEMPTS;
use crate::engine::Store;

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
    /// Appointments of a location on `day` whose reminder may be sent now.
    pub async fn due_reminders(
        &self,
        location_id: i64,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<i64>> {
        appointments::due_reminders(&self.pool, location_id, day_text(day), now).await
    }

    /// Claims one appointment's reminder; `None` when it is no longer due or another sender
    /// has it.
    pub async fn claim_reminder(
        &self,
        id: i64,
        day: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Option<ClaimedReminder>> {
        appointments::claim_reminder(&self.pool, id, day_text(day), now).await
    }

    /// Records the outcome of an attempt and releases the claim. Returns false when the
    /// claim had expired and another sender took the reminder over meanwhile.
    pub async fn finish_reminder(
        &self,
        r: &ClaimedReminder,
        outcome: &ReminderOutcome,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        match outcome {
            ReminderOutcome::Sent => appointments::reminder_sent(&self.pool, r, now).await,
            ReminderOutcome::Failed { error, retry } => {
                // A permanent refusal gives the reminder up at once.
                let attempts = if *retry { r.attempt } else { MAX_ATTEMPTS };
                appointments::reminder_failed(&self.pool, r, error, attempts.max(r.attempt), now)
                    .await
            }
        }
    }
}

/// A day as the appointments store it.
fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}
