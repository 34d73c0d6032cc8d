//! The domain core: the rules of the queue as plain types and functions, with no I/O.
//!
//! Everything here is deterministic given its inputs (the current time is always passed in),
//! so it is unit- and property-tested on its own. The use cases and the HTTP layer call into it.

pub mod absences;
pub mod appointment_access;
pub mod appointments;
pub mod booking;
pub mod closures;
pub mod estimate;
pub mod events;
pub mod hours;
pub mod numbering;
pub mod passwords;
pub mod policy;
pub mod rate_limit;
pub mod reminders;
pub mod roles;
pub mod service;
pub mod stats;
pub mod throttle;
pub mod ticket;
pub mod triage;
