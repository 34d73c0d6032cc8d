//! usecases: what the staff, visitors and stations can do, one file per concern. Each operation
//! takes a write transaction from the engine ([`crate::engine::Store::begin_write`]), asks the
//! pure [`crate::domain`] what the rules say, reads and writes through [`crate::db`], and
//! publishes its change with [`crate::engine::Store::commit_and_publish`].
//!
//! - [`issue`]: a new ticket (kiosk, desk), several to one transaction;
//! - [`call`]: call-next (which visitor, by `domain/policy.rs`), calling a chosen ticket, the
//!   state changes after (recall, start, finish, no-show, cancel, return) and transfers;
//! - [`closures`]: closing a service now (staff ill) until a time, and reopening it;
//! - [`queue`]: the read side — services with their waiting counts, snapshots, ticket status;
//! - [`visitor`]: a visitor leaving the queue by their status page;
//! - [`appointments`], [`booking`]: appointments by staff and online, check-in;
//!   [`absences`]: a social worker absent, and their appointments moved or cancelled;
//!   [`availability`]: a social worker's weekly hours and services, set in the app;
//! - [`desk_work`]: triage, help requests, printing, the audit trail;
//! - [`devices`], [`registry`]: stations, their settings, presence and revocation; [`pairing`]:
//!   stations registered in the app and paired with a one-time code;
//! - [`auth`]: logins, sessions, tokens; [`accounts`]: administering staff accounts and
//!   passwords; [`setup`]: configuration into the database at a start, the first admin;
//!   [`configuration`]: the database as the configuration's source, import and export;
//! - [`reminders`], [`stats`].

pub mod absences;
pub mod accounts;
pub mod admin_locations;
pub mod admin_partners;
pub mod appointments;
pub mod auth;
pub mod availability;
pub mod booking;
pub mod call;
pub mod closures;
pub mod configuration;
pub mod desk_work;
pub mod devices;
pub mod issue;
pub mod pairing;
pub mod queue;
pub mod registry;
pub mod reminders;
pub mod setup;
pub mod stats;
pub mod visitor;

pub use crate::engine::batching::IssueRequest;
pub use accounts::{Actor, OwnPasswordChange, ACCOUNT_CHECK_EVERY};
pub use appointments::{CheckedIn, NewAppointment};
pub use auth::{LoginOutcome, LoginResult};
pub use booking::OnlineBooking;
pub use call::TransferTarget;
pub use configuration::CONFIGURATION_CHECK_EVERY;
pub use desk_work::{PrintTarget, PrintedDocument};
pub use pairing::{PairOutcome, PairRefusal};
pub use registry::{DeviceEntry, REVOCATION_CHECK_EVERY};
pub use reminders::{ClaimedReminder, ReminderOutcome};
pub use setup::NewAdmin;

use crate::db::StoreError;

/// A request the rules refuse (`422` with `code`).
pub(crate) fn rejected(code: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::Rejected {
        code,
        message: message.into(),
    }
}

/// A change the configuration file's rules refuse, with the file's message (422
/// `invalid_configuration`): the app and the file say the same.
pub(crate) fn invalid_configuration(message: impl Into<String>) -> StoreError {
    rejected("invalid_configuration", message)
}

/// A request that clashes with the state things are in (`409` with `code`).
pub(crate) fn conflict(code: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::Conflict {
        code,
        message: message.into(),
    }
}
