//! The configuration file as written: serde shapes that mirror the TOML, before any checks.
//!
//! Values an error must point at are `Spanned`, so validation can name the line; defaults
//! that need no check are filled in here (a default carries the empty span `0..0`, which
//! errors report as line 0). Validation turns these into the public types (see `mod.rs`).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::locations::DEFAULT_NO_SHOW_GRACE_MIN;

/// A table of the file as serde reads it, its fields for `mod.rs` to check. Every table
/// refuses a key it does not know: a misspelt key is an error, never silently a default.
macro_rules! table {
    ($(#[$doc:meta])* $name:ident {
        $($(#[$attr:meta])* $field:ident: $ty:ty,)*
    }) => {
        $(#[$doc])*
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        pub(super) struct $name {
            $($(#[$attr])* pub(super) $field: $ty,)*
        }
    };
}

table! {
    /// The whole file: top-level keys and the arrays of tables.
    RawFile {
        #[serde(default)]
        location: Vec<RawLocation>,
        #[serde(default)]
        staff: Vec<RawStaff>,
        #[serde(default)]
        partner: Vec<RawPartner>,
        #[serde(default)]
        help_category: Vec<RawHelpCategory>,
        online_booking_address_limit: Option<Spanned<String>>,
        smtp: Option<RawSmtp>,
        connections: Option<Spanned<RawConnections>>,
        server: Option<RawServer>,
    }
}

table! {
    /// `[server]`.
    RawServer {
        #[serde(default)]
        trusted_proxies: Vec<Spanned<String>>,
    }
}

table! {
    /// `[connections]`; an absent key keeps its default.
    RawConnections {
        header_timeout_s: Option<u64>,
        body_timeout_s: Option<u64>,
        max_connections: Option<usize>,
    }
}

table! {
    /// `[[help_category]]`.
    RawHelpCategory {
        key: Spanned<String>,
        name: String,
        #[serde(default)]
        leefloon: bool,
    }
}

table! {
    /// `[[location.printer]]`.
    RawPrinter {
        key: Spanned<String>,
        name: String,
        uri: Spanned<String>,
    }
}

table! {
    /// `[[location]]`, with its services, desks and printers.
    RawLocation {
        key: Spanned<String>,
        name: String,
        #[serde(default)]
        address: String,
        #[serde(default)]
        phone: String,
        timezone: Option<Spanned<String>>,
        /// Dates on which the whole location is closed.
        #[serde(default)]
        closed_on: Vec<Spanned<String>>,
        #[serde(default)]
        service: Vec<RawService>,
        #[serde(default)]
        desk: Vec<RawDesk>,
        #[serde(default)]
        printer: Vec<RawPrinter>,
        #[serde(default = "number::<DEFAULT_NO_SHOW_GRACE_MIN>")]
        no_show_grace_min: Spanned<i64>,
        appointment_service: Option<Spanned<String>>,
        #[serde(default = "number::<60>")]
        check_in_early_min: Spanned<i64>,
        #[serde(default = "number::<15>")]
        check_in_late_min: Spanned<i64>,
        #[serde(default = "number::<90>")]
        retention_days: Spanned<i64>,
        #[serde(default = "number::<2>")]
        online_bookings_per_contact: Spanned<i64>,
    }
}

table! {
    /// `[[location.service]]`.
    RawService {
        key: Spanned<String>,
        prefix: Spanned<String>,
        names: Spanned<BTreeMap<String, String>>,
        #[serde(default)]
        descriptions: BTreeMap<String, String>,
        #[serde(default = "default_icon")]
        icon: String,
        #[serde(default = "yes")]
        walk_in: bool,
        #[serde(default)]
        triage: bool,
        #[serde(default = "yes")]
        transfer_keeps_arrival: bool,
        #[serde(default = "number::<20>")]
        target_wait_min: Spanned<i64>,
        #[serde(default = "number::<10>")]
        service_min: Spanned<i64>,
        #[serde(default)]
        always_open: bool,
        #[serde(default)]
        closed_on_public_holidays: bool,
        #[serde(default)]
        appointments_on_public_holidays: bool,
        hours: Option<Spanned<BTreeMap<String, Vec<Spanned<String>>>>>,
        #[serde(default)]
        exception: Vec<RawException>,
        #[serde(default)]
        bookable: bool,
        #[serde(default = "number::<30>")]
        slot_min: Spanned<i64>,
    }
}

table! {
    /// `[[location.service.exception]]`: other hours (or none) on one date.
    RawException {
        date: Spanned<String>,
        #[serde(default)]
        hours: Vec<Spanned<String>>,
    }
}

table! {
    /// `[[location.desk]]`.
    RawDesk {
        key: Spanned<String>,
        name: String,
        #[serde(default = "default_kind")]
        kind: Spanned<String>,
        services: Vec<Spanned<String>>,
    }
}

table! {
    /// `[[staff]]`: one account.
    RawStaff {
        username: Spanned<String>,
        name: String,
        roles: Vec<Spanned<String>>,
        password: Option<Spanned<String>>,
        availability: Option<Spanned<BTreeMap<String, Vec<Spanned<String>>>>>,
        #[serde(default)]
        absent: Vec<Spanned<String>>,
        #[serde(default)]
        services: Vec<Spanned<String>>,
    }
}

table! {
    /// `[[partner]]`: an organisation visitors are referred to.
    RawPartner {
        key: Spanned<String>,
        name: String,
        #[serde(default)]
        address: String,
        #[serde(default)]
        phone: String,
        #[serde(default)]
        hours: String,
        website: Option<String>,
    }
}

fn default_icon() -> String {
    "question".into()
}
fn yes() -> bool {
    true
}
/// A number the file leaves out: `N`, needing no check.
fn number<const N: i64>() -> Spanned<i64> {
    Spanned::new(0..0, N)
}
fn default_kind() -> Spanned<String> {
    Spanned::new(0..0, "loket".into())
}

table! {
    /// `[smtp]`.
    RawSmtp {
        host: Spanned<String>,
        port: Option<Spanned<i64>>,
        #[serde(default = "default_security")]
        security: Spanned<String>,
        username: Option<String>,
        from: Spanned<String>,
        reply_to: Option<Spanned<String>>,
        #[serde(default = "default_reminders_from")]
        reminders_from: Spanned<String>,
    }
}

fn default_security() -> Spanned<String> {
    Spanned::new(0..0, "starttls".into())
}
fn default_reminders_from() -> Spanned<String> {
    Spanned::new(0..0, "10:00".into())
}
