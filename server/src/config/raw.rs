//! The configuration file as written: serde shapes that mirror the TOML, before any checks.
//!
//! Values an error must point at are `Spanned`, so validation can name the line; defaults
//! that need no check are filled in here (a default carries the empty span `0..0`, which
//! errors report as line 0). Validation turns these into the public types (see `mod.rs`).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// The whole file: top-level keys and the arrays of tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    #[serde(default)]
    pub(super) location: Vec<RawLocation>,
    #[serde(default)]
    pub(super) staff: Vec<RawStaff>,
    #[serde(default)]
    pub(super) partner: Vec<RawPartner>,
    #[serde(default)]
    pub(super) help_category: Vec<RawHelpCategory>,
    pub(super) online_booking_address_limit: Option<Spanned<String>>,
    pub(super) smtp: Option<RawSmtp>,
    pub(super) connections: Option<Spanned<RawConnections>>,
    pub(super) server: Option<RawServer>,
}

/// `[server]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawServer {
    #[serde(default)]
    pub(super) trusted_proxies: Vec<Spanned<String>>,
}

/// `[connections]`; an absent key keeps its default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConnections {
    pub(super) header_timeout_s: Option<u64>,
    pub(super) body_timeout_s: Option<u64>,
    pub(super) max_connections: Option<usize>,
}

/// `[[help_category]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHelpCategory {
    pub(super) key: Spanned<String>,
    pub(super) name: String,
    #[serde(default)]
    pub(super) leefloon: bool,
}

/// `[[location.printer]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrinter {
    pub(super) key: Spanned<String>,
    pub(super) name: String,
    pub(super) uri: Spanned<String>,
}

/// `[[location]]`, with its services, desks and printers.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLocation {
    pub(super) key: Spanned<String>,
    pub(super) name: String,
    #[serde(default)]
    pub(super) address: String,
    #[serde(default)]
    pub(super) phone: String,
    pub(super) timezone: Option<Spanned<String>>,
    /// Dates on which the whole location is closed.
    #[serde(default)]
    pub(super) closed_on: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) service: Vec<RawService>,
    #[serde(default)]
    pub(super) desk: Vec<RawDesk>,
    #[serde(default)]
    pub(super) printer: Vec<RawPrinter>,
    #[serde(default = "default_grace")]
    pub(super) no_show_grace_min: Spanned<i64>,
    pub(super) appointment_service: Option<Spanned<String>>,
    #[serde(default = "default_early")]
    pub(super) check_in_early_min: Spanned<i64>,
    #[serde(default = "default_grace")]
    pub(super) check_in_late_min: Spanned<i64>,
    #[serde(default = "default_retention")]
    pub(super) retention_days: Spanned<i64>,
    #[serde(default = "default_per_contact")]
    pub(super) online_bookings_per_contact: Spanned<i64>,
}

/// `[[location.service]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawService {
    pub(super) key: Spanned<String>,
    pub(super) prefix: Spanned<String>,
    pub(super) names: Spanned<BTreeMap<String, String>>,
    #[serde(default)]
    pub(super) descriptions: BTreeMap<String, String>,
    #[serde(default = "default_icon")]
    pub(super) icon: String,
    #[serde(default = "yes")]
    pub(super) walk_in: bool,
    #[serde(default)]
    pub(super) triage: bool,
    #[serde(default = "yes")]
    pub(super) transfer_keeps_arrival: bool,
    #[serde(default = "default_target")]
    pub(super) target_wait_min: Spanned<i64>,
    #[serde(default = "default_service_min")]
    pub(super) service_min: Spanned<i64>,
    #[serde(default)]
    pub(super) always_open: bool,
    #[serde(default)]
    pub(super) closed_on_public_holidays: bool,
    #[serde(default)]
    pub(super) appointments_on_public_holidays: bool,
    pub(super) hours: Option<Spanned<BTreeMap<String, Vec<Spanned<String>>>>>,
    #[serde(default)]
    pub(super) exception: Vec<RawException>,
    #[serde(default)]
    pub(super) bookable: bool,
    #[serde(default = "default_slot")]
    pub(super) slot_min: Spanned<i64>,
}

/// `[[location.service.exception]]`: other hours (or none) on one date.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawException {
    pub(super) date: Spanned<String>,
    #[serde(default)]
    pub(super) hours: Vec<Spanned<String>>,
}

/// `[[location.desk]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDesk {
    pub(super) key: Spanned<String>,
    pub(super) name: String,
    #[serde(default = "default_kind")]
    pub(super) kind: Spanned<String>,
    pub(super) services: Vec<Spanned<String>>,
}

/// `[[staff]]`: one account.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStaff {
    pub(super) username: Spanned<String>,
    pub(super) name: String,
    pub(super) roles: Vec<Spanned<String>>,
    pub(super) password: Option<Spanned<String>>,
    pub(super) availability: Option<Spanned<BTreeMap<String, Vec<Spanned<String>>>>>,
    #[serde(default)]
    pub(super) absent: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) services: Vec<Spanned<String>>,
}

/// `[[partner]]`: an organisation visitors are referred to.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPartner {
    pub(super) key: Spanned<String>,
    pub(super) name: String,
    #[serde(default)]
    pub(super) address: String,
    #[serde(default)]
    pub(super) phone: String,
    #[serde(default)]
    pub(super) hours: String,
    pub(super) website: Option<String>,
}

fn default_icon() -> String {
    "question".into()
}
fn yes() -> bool {
    true
}
fn default_target() -> Spanned<i64> {
    Spanned::new(0..0, 20)
}
fn default_service_min() -> Spanned<i64> {
    Spanned::new(0..0, 10)
}
fn default_grace() -> Spanned<i64> {
    Spanned::new(0..0, 15)
}
fn default_early() -> Spanned<i64> {
    Spanned::new(0..0, 60)
}
fn default_retention() -> Spanned<i64> {
    Spanned::new(0..0, 90)
}
fn default_slot() -> Spanned<i64> {
    Spanned::new(0..0, 30)
}
fn default_per_contact() -> Spanned<i64> {
    Spanned::new(0..0, 2)
}
fn default_kind() -> Spanned<String> {
    Spanned::new(0..0, "loket".into())
}

/// `[smtp]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSmtp {
    pub(super) host: Spanned<String>,
    pub(super) port: Option<Spanned<i64>>,
    #[serde(default = "default_security")]
    pub(super) security: Spanned<String>,
    pub(super) username: Option<String>,
    pub(super) from: Spanned<String>,
    pub(super) reply_to: Option<Spanned<String>>,
    #[serde(default = "default_reminders_from")]
    pub(super) reminders_from: Spanned<String>,
}

fn default_security() -> Spanned<String> {
    Spanned::new(0..0, "starttls".into())
}
fn default_reminders_from() -> Spanned<String> {
    Spanned::new(0..0, "10:00".into())
}
