//! Messages to visitors outside the building: the e-mail reminder the day before an
//! appointment (afspraakherinnering).
//!
//! The sending is behind the [`Notifier`] trait so another channel (an SMS gateway) can be
//! added without touching when and what is sent: that is decided by
//! [`crate::domain::reminders`] (pure) and [`Reminders`] (the background round), and each
//! reminder is claimed in the database before it is handed to the notifier (see
//! `usecases::reminders`), so it leaves once even across restarts and several servers.
//!
//! Logs name the appointment by its id and the error by a summary; never an address, a name
//! or the message text.

pub mod smtp;

use std::sync::Arc;

use futures_util::future::BoxFuture;
use onthaal_wire::Lang;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::db::StoreError;
use crate::domain::reminders::{
    manage_link, reminder_day, reminder_text, retry_after_failure, ReminderFacts,
};
use crate::engine::Store;
use crate::usecases::{ClaimedReminder, ReminderOutcome};

/// Who a message goes to. An SMS notifier would use a phone number; the e-mail notifier
/// needs `email`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recipient {
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// One reminder, already written in the visitor's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub to: Recipient,
    pub lang: Lang,
    pub subject: String,
    pub body: String,
}

/// Why a message did not leave. The text is a summary that never contains the recipient.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth trying again later (server unreachable, busy, "try again" answers).
    #[error("{0}")]
    Transient(String),
    /// Trying again will not help (no such mailbox, invalid address, refused for good).
    #[error("{0}")]
    Permanent(String),
}

/// Sends reminders over one channel. (`async fn` in a trait cannot be used through
/// `dyn`, hence the boxed future.)
pub trait Notifier: Send + Sync + 'static {
    fn send<'a>(&'a self, msg: &'a Reminder) -> BoxFuture<'a, Result<(), SendError>>;
}

/// How often the background round looks for due reminders.
pub const ROUND_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub sent: usize,
    pub failed: usize,
}

/// The day-before reminders of all locations.
pub struct Reminders {
    pub store: Store,
    pub notifier: Arc<dyn Notifier>,
    pub clock: Arc<dyn Clock>,
    pub public_url: String,
    /// Local time of day (minutes after midnight) from which reminders leave.
    pub send_from_min: u32,
}

impl Reminders {
    /// Sends every reminder that is due now, one at a time (a municipality's appointments
    /// of a day are a few dozen; the mail server is not hurried).
    pub async fn run_once(&self) -> Result<RoundReport, StoreError> {
        let mut report = RoundReport::default();
        for location_id in self.store.location_ids() {
            let state = self.store.location_state(location_id).await?;
            let Some(day) = reminder_day(self.clock.now(), state.tz, self.send_from_min) else {
                continue;
            };
            for id in self
                .store
                .due_reminders(location_id, day, self.clock.now())
                .await?
            {
                let Some(claim) = self.store.claim_reminder(id, day, self.clock.now()).await?
                else {
                    continue; // another server took it, or it changed meanwhile
                };
                let msg = self.message(&claim, &state);
                let outcome = match self.notifier.send(&msg).await {
                    Ok(()) => {
                        report.sent += 1;
                        ReminderOutcome::Sent
                    }
                    Err(e) => {
                        report.failed += 1;
                        let retry = retry_after_failure(
                            claim.attempt,
                            matches!(e, SendError::Permanent(_)),
                        );
                        tracing::warn!(
                            appointment = claim.id,
                            attempt = claim.attempt,
                            retry,
                            error = %e,
                            "appointment reminder not sent"
                        );
                        ReminderOutcome::Failed {
                            error: e.to_string(),
                            retry,
                        }
                    }
                };
                if !self
                    .store
                    .finish_reminder(&claim, &outcome, self.clock.now())
                    .await?
                {
                    tracing::warn!(
                        appointment = claim.id,
                        "reminder claim had expired before the outcome was recorded"
                    );
                }
            }
        }
        Ok(report)
    }

    fn message(&self, c: &ClaimedReminder, st: &crate::engine::LocationState) -> Reminder {
        let service = st
            .service(c.service_id)
            .map(|s| s.name_in(c.lang))
            .unwrap_or_default();
        let room = c.desk_id.and_then(|d| st.desk(d)).map(|d| d.name.as_str());
        let link = manage_link(&self.public_url, c.manage_token.as_deref());
        let text = reminder_text(&ReminderFacts {
            lang: c.lang,
            start: c.start.with_timezone(&st.tz),
            duration_min: (c.end - c.start).num_minutes(),
            service,
            location: &st.name,
            address: &st.address,
            phone: &st.phone,
            room,
            code: &c.code,
            manage_link: link.as_deref(),
        });
        Reminder {
            to: Recipient {
                email: Some(c.email.clone()),
                phone: None,
            },
            lang: c.lang,
            subject: text.subject,
            body: text.body,
        }
    }

    /// Runs a round at start and then every [`ROUND_EVERY`], until the server stops.
    pub fn spawn(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        tokio::spawn(async move {
            loop {
                match self.run_once().await {
                    Ok(RoundReport { sent: 0, failed: 0 }) => {}
                    Ok(r) => {
                        tracing::info!(sent = r.sent, failed = r.failed, "appointment reminders")
                    }
                    Err(e) => tracing::warn!(error = %e, "appointment reminder round failed"),
                }
                tokio::select! {
                    _ = tokio::time::sleep(ROUND_EVERY) => {}
                    _ = stop.wait_for(|v| *v) => break,
                }
            }
        });
    }
}
