//! The configuration file: locations, services, desks and rooms, staff accounts, partners.
//!
//! The file is TOML (see `server/config/example.toml` for a documented one; the built-in demo
//! is `server/config/demo.toml`). It is parsed into raw serde structs, then validated into the
//! types below; every error names the file, the line and the field, because the person fixing
//! it is an administrator with a text editor, not a developer with a debugger.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Deserialize;
use toml::Spanned;

use crate::domain::appointments::{Absence, AppointmentSettings, Availability};
use crate::domain::hours::{Exception, Schedule, Span};
use crate::domain::roles::Role;

/// The built-in demo configuration: a sociaal huis whose walk-in services are always open.
pub const DEMO_TOML: &str = include_str!("../config/demo.toml");

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub locations: Vec<LocationConfig>,
    pub staff: Vec<StaffConfig>,
    pub partners: Vec<PartnerConfig>,
    pub help_categories: Vec<HelpCategoryConfig>,
    /// Online booking: how many bookings one client address may make (sliding windows).
    pub online_booking_address_limit: Vec<crate::domain::rate_limit::Window>,
    /// The mail server for appointment reminders; no `[smtp]` section, no reminders.
    pub smtp: Option<SmtpConfig>,
    /// How long a client may take to send a request, and how many connections stay open.
    pub connections: ConnectionLimits,
    /// Where this configuration came from: the database records it, so that the built-in demo
    /// is never loaded over a real configuration.
    pub source: ConfigSource,
}

/// Where a configuration came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// The built-in demo configuration (published passwords: only for an empty database).
    Demo,
    /// A configuration file, by the name it was loaded under.
    File(String),
}

/// `[connections]`: limits that keep slow or silent clients from holding the server's sockets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Seconds a client has to send a complete request head (line and headers), counted from
    /// the moment the connection opens or its previous response was sent; so it is also how
    /// long an idle keep-alive connection stays open.
    pub header_timeout_s: u64,
    /// Seconds a client has to send a request's whole body once its head arrived.
    pub body_timeout_s: u64,
    /// At most this many HTTP connections at once (0: sized from the process's limit on open
    /// files); above it, the oldest idle connection is closed for each new one.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_timeout_s: 10,
            body_timeout_s: 30,
            max_connections: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LocationConfig {
    pub key: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub timezone: Tz,
    pub services: Vec<ServiceConfig>,
    pub desks: Vec<DeskConfig>,
    /// Reception printers for receipts and referral slips; the first is the default.
    pub printers: Vec<PrinterConfig>,
    /// How long after a no-show the visitor can still be put back in the queue.
    pub no_show_grace_s: i64,
    /// The check-in queue, the check-in window and how long contact details are kept.
    pub appointments: AppointmentSettings,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrinterConfig {
    pub key: String,
    pub name: String,
    /// A printer URI (see `hardware`), e.g. `tcp://10.0.0.20:9100`.
    pub uri: String,
}

/// A kind of help request, for the register and the ontvangstbewijs.
#[derive(Debug, Clone, PartialEq)]
pub struct HelpCategoryConfig {
    pub key: String,
    pub name: String,
    /// A leefloon request: its receipt adds the leefloon paragraphs.
    pub leefloon: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceConfig {
    pub key: String,
    pub prefix: String,
    /// Name per language code; always has `nl`.
    pub names: BTreeMap<String, String>,
    /// One short line per language for the kiosk tile.
    pub descriptions: BTreeMap<String, String>,
    pub icon: String,
    /// Visitors can take a ticket for it at the kiosk.
    pub walk_in: bool,
    /// The ID-team: staff record a triage outcome for its visitors.
    pub triage: bool,
    /// A visitor transferred into this service keeps their arrival time (else: to the back).
    pub transfer_keeps_arrival: bool,
    pub target_wait_s: i64,
    /// The typical visit length, used for estimates until real ones are known.
    pub service_s: i64,
    pub schedule: Schedule,
    /// Citizens may book it online (the public booking page `/book`).
    pub bookable: bool,
    /// The slot grid for appointments, in minutes.
    pub slot_min: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeskConfig {
    pub key: String,
    pub name: String,
    /// `loket`, `balie` or `spreekkamer`.
    pub kind: String,
    pub services: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StaffConfig {
    pub username: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// Set only when the account is created; later changes happen in the app.
    pub password: Option<String>,
    /// When the staff member can be booked for appointments, and their absences.
    pub availability: Availability,
    /// The service keys they take appointments for; empty: every service.
    pub services: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartnerConfig {
    pub key: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub hours: String,
    pub website: Option<String>,
}

/// A configuration error, already phrased for the administrator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}:{line}: {field}: {message}")]
pub struct ConfigError {
    pub source_name: String,
    pub line: usize,
    pub field: String,
    pub message: String,
}

// ---- raw serde shapes ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConnections {
    header_timeout_s: Option<u64>,
    body_timeout_s: Option<u64>,
    max_connections: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHelpCategory {
    key: Spanned<String>,
    name: String,
    #[serde(default)]
    leefloon: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrinter {
    key: Spanned<String>,
    name: String,
    uri: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocation {
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
    #[serde(default = "default_grace")]
    no_show_grace_min: Spanned<i64>,
    appointment_service: Option<Spanned<String>>,
    #[serde(default = "default_early")]
    check_in_early_min: Spanned<i64>,
    #[serde(default = "default_grace")]
    check_in_late_min: Spanned<i64>,
    #[serde(default = "default_retention")]
    retention_days: Spanned<i64>,
    #[serde(default = "default_per_contact")]
    online_bookings_per_contact: Spanned<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
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
    #[serde(default = "default_target")]
    target_wait_min: Spanned<i64>,
    #[serde(default = "default_service_min")]
    service_min: Spanned<i64>,
    #[serde(default)]
    always_open: bool,
    #[serde(default)]
    closed_on_public_holidays: bool,
    hours: Option<Spanned<BTreeMap<String, Vec<Spanned<String>>>>>,
    #[serde(default)]
    exception: Vec<RawException>,
    #[serde(default)]
    bookable: bool,
    #[serde(default = "default_slot")]
    slot_min: Spanned<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawException {
    date: Spanned<String>,
    #[serde(default)]
    hours: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDesk {
    key: Spanned<String>,
    name: String,
    #[serde(default = "default_kind")]
    kind: Spanned<String>,
    services: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStaff {
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPartner {
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

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DESK_KINDS: [&str; 3] = ["loket", "balie", "spreekkamer"];

impl Config {
    /// The built-in demo configuration.
    pub fn demo() -> Config {
        let mut c = Config::parse_demo(DEMO_TOML, "built-in demo configuration")
            .expect("the demo config is valid");
        c.source = ConfigSource::Demo;
        c
    }

    /// Parses and validates a configuration file's text; `source_name` is used in errors.
    /// Account passwords (`password =`) must pass the password policy
    /// (`domain/passwords.rs`).
    pub fn parse(text: &str, source_name: &str) -> Result<Config, ConfigError> {
        Config::parse_with(text, source_name, true)
    }

    /// [`Config::parse`] for the demo configuration and variants of it: its published
    /// passwords (`onthaal`/`onthaal` …) are not held to the password policy, because a demo
    /// configuration is only ever loaded into an empty demo database.
    pub fn parse_demo(text: &str, source_name: &str) -> Result<Config, ConfigError> {
        Config::parse_with(text, source_name, false)
    }

    fn parse_with(
        text: &str,
        source_name: &str,
        password_policy: bool,
    ) -> Result<Config, ConfigError> {
        let v = Validator {
            text,
            source_name,
            password_policy,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| v.line_of(s.start)).unwrap_or(0);
            // toml's message repeats the source excerpt; its first line is the useful part.
            let message = e
                .message()
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .to_string();
            ConfigError {
                source_name: source_name.into(),
                line,
                field: "(file)".into(),
                message,
            }
        })?;
        v.validate(raw)
    }

    pub fn location(&self, key: &str) -> Option<&LocationConfig> {
        self.locations.iter().find(|l| l.key == key)
    }
}

/// `dir://data/prints/` (a virtual printer's folder relative to the server's working
/// directory, as the demo uses) becomes `dir:///abs/path/data/prints/`; other URIs are kept.
fn absolute_dir_uri(uri: &str) -> String {
    match uri.strip_prefix("dir://") {
        Some(rest) if !rest.starts_with('/') => {
            let cwd = std::env::current_dir().unwrap_or_default();
            format!("dir://{}/{rest}", cwd.display())
        }
        _ => uri.to_string(),
    }
}

/// The kinds of help request when the file names none: what a Flemish OCMW registers most.
pub fn default_help_categories() -> Vec<HelpCategoryConfig> {
    [
        (
            "leefloon",
            "Leefloon (recht op maatschappelijke integratie)",
            true,
        ),
        (
            "equivalent-leefloon",
            "Equivalent leefloon (financiële maatschappelijke hulp)",
            false,
        ),
        ("aanvullende-steun", "Aanvullende financiële steun", false),
        ("huurwaarborg", "Huurwaarborg", false),
        (
            "medische-kosten",
            "Medische en farmaceutische kosten",
            false,
        ),
        ("energie", "Energie: verwarmingstoelage, budgetmeter", false),
        ("schuldhulp", "Schuldhulpverlening of budgetbeheer", false),
        ("woonbegeleiding", "Huisvesting en woonbegeleiding", false),
        ("andere", "Andere maatschappelijke dienstverlening", false),
    ]
    .into_iter()
    .map(|(key, name, leefloon)| HelpCategoryConfig {
        key: key.into(),
        name: name.into(),
        leefloon,
    })
    .collect()
}

struct Validator<'a> {
    text: &'a str,
    source_name: &'a str,
    /// Whether account passwords must pass the password policy (all but the demo).
    password_policy: bool,
}

impl Validator<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .bytes()
            .filter(|b| *b == b'\n')
            .count()
            + 1
    }

    fn err(
        &self,
        span: std::ops::Range<usize>,
        field: &str,
        message: impl Into<String>,
    ) -> ConfigError {
        ConfigError {
            source_name: self.source_name.into(),
            line: if span == (0..0) {
                0
            } else {
                self.line_of(span.start)
            },
            field: field.into(),
            message: message.into(),
        }
    }

    fn key(&self, k: &Spanned<String>, field: &str) -> Result<String, ConfigError> {
        let s = k.get_ref();
        let ok = !s.is_empty()
            && s.len() <= 40
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            return Err(self.err(
                k.span(),
                field,
                format!(
                    "\"{s}\" is not a valid key: use 1–40 lowercase letters, digits, '-' or '_'"
                ),
            ));
        }
        Ok(s.clone())
    }

    /// A valid key that no earlier item of the same kind (in the same scope) has.
    fn unique_key(
        &self,
        seen: &mut HashSet<String>,
        k: &Spanned<String>,
        field: &str,
        what: &str,
        scope: &str,
    ) -> Result<String, ConfigError> {
        let key = self.key(k, field)?;
        if !seen.insert(key.clone()) {
            return Err(self.err(
                k.span(),
                field,
                format!("{what} \"{key}\" is defined twice{scope}"),
            ));
        }
        Ok(key)
    }

    fn date(&self, d: &Spanned<String>, field: &str) -> Result<NaiveDate, ConfigError> {
        NaiveDate::parse_from_str(d.get_ref(), "%Y-%m-%d").map_err(|_| {
            self.err(
                d.span(),
                field,
                format!("\"{}\" is not a date like \"2026-12-24\"", d.get_ref()),
            )
        })
    }

    /// A whole number within `range`, or an error naming the field and the unit.
    fn number(
        &self,
        v: &Spanned<i64>,
        field: &str,
        range: std::ops::RangeInclusive<i64>,
        unit: &str,
    ) -> Result<i64, ConfigError> {
        if !range.contains(v.get_ref()) {
            return Err(self.err(
                v.span(),
                field,
                format!(
                    "{} is not a number of {unit} between {} and {}",
                    v.get_ref(),
                    range.start(),
                    range.end()
                ),
            ));
        }
        Ok(*v.get_ref())
    }

    /// `"2026-12-01"` (one day) or `"2026-12-02..2026-12-05"` (inclusive).
    fn absence(&self, a: &Spanned<String>) -> Result<Absence, ConfigError> {
        let field = "staff.absent";
        let bad = || {
            self.err(
                a.span(),
                field,
                format!(
                    "\"{}\" is not a date like \"2026-12-01\" or a range like \"2026-12-02..2026-12-05\"",
                    a.get_ref()
                ),
            )
        };
        let parse = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| bad());
        let (from, to) = match a.get_ref().split_once("..") {
            Some((x, y)) => (parse(x)?, parse(y)?),
            None => {
                let d = parse(a.get_ref())?;
                (d, d)
            }
        };
        if to < from {
            return Err(self.err(
                a.span(),
                field,
                format!("\"{}\" ends before it starts", a.get_ref()),
            ));
        }
        Ok(Absence { from, to })
    }

    fn spans(&self, list: &[Spanned<String>], field: &str) -> Result<Vec<Span>, ConfigError> {
        list.iter()
            .map(|s| Span::parse(s.get_ref()).map_err(|m| self.err(s.span(), field, m)))
            .collect()
    }

    fn validate(&self, raw: RawFile) -> Result<Config, ConfigError> {
        if raw.location.is_empty() {
            return Err(self.err(0..0, "location", "at least one [[location]] is needed"));
        }
        let mut locations = Vec::new();
        let mut loc_keys = HashSet::new();
        for l in raw.location {
            let key = self.unique_key(&mut loc_keys, &l.key, "location.key", "location", "")?;
            let timezone = match &l.timezone {
                None => chrono_tz::Europe::Brussels,
                Some(t) => t.get_ref().parse::<Tz>().map_err(|_| {
                    self.err(
                        t.span(),
                        "location.timezone",
                        format!(
                            "\"{}\" is not a time zone like \"Europe/Brussels\"",
                            t.get_ref()
                        ),
                    )
                })?,
            };
            let closed: Vec<NaiveDate> = l
                .closed_on
                .iter()
                .map(|d| self.date(d, "location.closed_on"))
                .collect::<Result<_, _>>()?;
            let mut services = Vec::new();
            let mut svc_keys = HashSet::new();
            let mut prefixes = HashSet::new();
            for s in l.service {
                let skey = self.unique_key(
                    &mut svc_keys,
                    &s.key,
                    "location.service.key",
                    "service",
                    &format!(" in location \"{key}\""),
                )?;
                let prefix = s.prefix.get_ref().clone();
                if prefix.is_empty()
                    || prefix.len() > 3
                    || !prefix.chars().all(|c| c.is_ascii_uppercase())
                {
                    return Err(self.err(
                        s.prefix.span(),
                        "location.service.prefix",
                        format!("\"{prefix}\" is not a prefix: use 1–3 capital letters A–Z"),
                    ));
                }
                if !prefixes.insert(prefix.clone()) {
                    return Err(self.err(s.prefix.span(), "location.service.prefix", format!("prefix \"{prefix}\" is already used by another service of location \"{key}\"; numbers would clash")));
                }
                if !s.names.get_ref().contains_key("nl") {
                    return Err(self.err(
                        s.names.span(),
                        "location.service.names",
                        format!("service \"{skey}\" needs at least a Dutch name (nl = \"...\")"),
                    ));
                }
                for lang in s.names.get_ref().keys() {
                    if onthaal_wire::Lang::parse(lang).is_none() {
                        return Err(self.err(
                            s.names.span(),
                            "location.service.names",
                            format!(
                                "\"{lang}\" is not a supported language (nl, fr, en, uk, ar, tr)"
                            ),
                        ));
                    }
                }
                for (v, field) in [
                    (&s.target_wait_min, "location.service.target_wait_min"),
                    (&s.service_min, "location.service.service_min"),
                ] {
                    if !(1..=24 * 60).contains(v.get_ref()) {
                        return Err(self.err(
                            v.span(),
                            field,
                            format!(
                                "{} is not a number of minutes between 1 and 1440",
                                v.get_ref()
                            ),
                        ));
                    }
                }
                let mut schedule = Schedule {
                    always_open: s.always_open,
                    closed_on_public_holidays: s.closed_on_public_holidays,
                    ..Schedule::default()
                };
                match (&s.hours, s.always_open) {
                    (Some(h), true) => {
                        return Err(self.err(h.span(), "location.service.hours", format!("service \"{skey}\" has both always_open = true and hours; keep one")));
                    }
                    (Some(h), false) => {
                        for (day, spans) in h.get_ref() {
                            let idx = WEEKDAYS.iter().position(|d| d == day).ok_or_else(|| {
                                self.err(h.span(), "location.service.hours", format!("\"{day}\" is not a weekday; use mon, tue, wed, thu, fri, sat, sun"))
                            })?;
                            schedule.weekly[idx] =
                                self.spans(spans, &format!("location.service.hours.{day}"))?;
                        }
                    }
                    (None, true) => {}
                    (None, false) => {
                        return Err(self.err(s.key.span(), "location.service.hours", format!("service \"{skey}\" has no opening hours: add [location.service.hours] or always_open = true")));
                    }
                }
                for d in &closed {
                    schedule.exceptions.push(Exception {
                        date: *d,
                        spans: vec![],
                    });
                }
                for e in &s.exception {
                    let date = self.date(&e.date, "location.service.exception.date")?;
                    let spans = self.spans(&e.hours, "location.service.exception.hours")?;
                    schedule.exceptions.retain(|x| x.date != date);
                    schedule.exceptions.push(Exception { date, spans });
                }
                let slot_min =
                    self.number(&s.slot_min, "location.service.slot_min", 5..=480, "minutes")?;
                services.push(ServiceConfig {
                    bookable: s.bookable,
                    slot_min: slot_min as u32,
                    key: skey,
                    prefix,
                    names: s.names.into_inner(),
                    descriptions: s.descriptions,
                    icon: s.icon,
                    walk_in: s.walk_in,
                    triage: s.triage,
                    transfer_keeps_arrival: s.transfer_keeps_arrival,
                    target_wait_s: s.target_wait_min.into_inner() * 60,
                    service_s: s.service_min.into_inner() * 60,
                    schedule,
                });
            }
            let mut desks = Vec::new();
            let mut desk_keys = HashSet::new();
            for d in l.desk {
                let dkey = self.unique_key(
                    &mut desk_keys,
                    &d.key,
                    "location.desk.key",
                    "desk",
                    &format!(" in location \"{key}\""),
                )?;
                if !DESK_KINDS.contains(&d.kind.get_ref().as_str()) {
                    return Err(self.err(
                        d.kind.span(),
                        "location.desk.kind",
                        format!(
                            "\"{}\" is not a desk kind; use loket, balie or spreekkamer",
                            d.kind.get_ref()
                        ),
                    ));
                }
                let mut svcs = Vec::new();
                for s in &d.services {
                    if !svc_keys.contains(s.get_ref()) {
                        return Err(self.err(s.span(), "location.desk.services", format!("desk \"{dkey}\" serves \"{}\", which is not a service of location \"{key}\"", s.get_ref())));
                    }
                    svcs.push(s.get_ref().clone());
                }
                desks.push(DeskConfig {
                    key: dkey,
                    name: d.name,
                    kind: d.kind.into_inner(),
                    services: svcs,
                });
            }
            let mut printers = Vec::new();
            let mut printer_keys = HashSet::new();
            for p in l.printer {
                let pkey = self.unique_key(
                    &mut printer_keys,
                    &p.key,
                    "location.printer.key",
                    "printer",
                    &format!(" in location \"{key}\""),
                )?;
                let uri = absolute_dir_uri(p.uri.get_ref());
                onthaal_hardware::PrinterUri::parse(&uri)
                    .map_err(|e| self.err(p.uri.span(), "location.printer.uri", e.to_string()))?;
                printers.push(PrinterConfig {
                    key: pkey,
                    name: p.name,
                    uri,
                });
            }
            let grace = l.no_show_grace_min;
            if !(0..=24 * 60).contains(grace.get_ref()) {
                return Err(self.err(
                    grace.span(),
                    "location.no_show_grace_min",
                    format!(
                        "{} is not a number of minutes between 0 and 1440",
                        grace.get_ref()
                    ),
                ));
            }
            let appointment_service = match &l.appointment_service {
                // The default queue is optional: a location without appointments has none.
                None => svc_keys
                    .contains("afspraak")
                    .then(|| "afspraak".to_string()),
                Some(a) => {
                    if !svc_keys.contains(a.get_ref()) {
                        return Err(self.err(
                            a.span(),
                            "location.appointment_service",
                            format!("\"{}\" is not a service of location \"{key}\"", a.get_ref()),
                        ));
                    }
                    Some(a.get_ref().clone())
                }
            };
            let appointments = AppointmentSettings {
                appointment_service,
                check_in_early_min: self.number(
                    &l.check_in_early_min,
                    "location.check_in_early_min",
                    0..=480,
                    "minutes",
                )?,
                check_in_late_min: self.number(
                    &l.check_in_late_min,
                    "location.check_in_late_min",
                    0..=240,
                    "minutes",
                )?,
                retention_days: self.number(
                    &l.retention_days,
                    "location.retention_days",
                    1..=3650,
                    "days",
                )?,
                online_bookings_per_contact: self.number(
                    &l.online_bookings_per_contact,
                    "location.online_bookings_per_contact",
                    1..=50,
                    "appointments",
                )?,
            };
            locations.push(LocationConfig {
                appointments,
                key,
                name: l.name,
                address: l.address,
                phone: l.phone,
                timezone,
                services,
                desks,
                printers,
                no_show_grace_s: grace.into_inner() * 60,
            });
        }
        // Staff belong to no one location: a service key of any location can be linked.
        let mut service_keys: Vec<String> = Vec::new();
        for s in locations.iter().flat_map(|l: &LocationConfig| &l.services) {
            if !service_keys.contains(&s.key) {
                service_keys.push(s.key.clone());
            }
        }
        let mut staff = Vec::new();
        let mut usernames = HashSet::new();
        for s in raw.staff {
            let username = s.username.get_ref().clone();
            let ok = !username.is_empty()
                && username.len() <= 60
                && username
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.@".contains(c));
            if !ok {
                return Err(self.err(s.username.span(), "staff.username", format!("\"{username}\" is not a valid username: use lowercase letters, digits, '.', '-', '_' or '@'")));
            }
            if !usernames.insert(username.clone()) {
                return Err(self.err(
                    s.username.span(),
                    "staff.username",
                    format!("account \"{username}\" is defined twice"),
                ));
            }
            let roles = s
                .roles
                .iter()
                .map(|r| {
                    Role::parse(r.get_ref()).ok_or_else(|| {
                        self.err(r.span(), "staff.roles", format!("\"{}\" is not a role; use reception, id_team, social_worker, manager or admin", r.get_ref()))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let mut availability = Availability::default();
            if let Some(h) = &s.availability {
                let mut weekly: [Vec<Span>; 7] = Default::default();
                for (day, spans) in h.get_ref() {
                    let idx = WEEKDAYS.iter().position(|d| d == day).ok_or_else(|| {
                        self.err(
                            h.span(),
                            "staff.availability",
                            format!(
                                "\"{day}\" is not a weekday; use mon, tue, wed, thu, fri, sat, sun"
                            ),
                        )
                    })?;
                    weekly[idx] = self.spans(spans, &format!("staff.availability.{day}"))?;
                }
                availability.weekly = Some(weekly);
            }
            for a in &s.absent {
                availability.absences.push(self.absence(a)?);
            }
            let mut services = Vec::new();
            for k in &s.services {
                if !service_keys.contains(k.get_ref()) {
                    return Err(self.err(
                        k.span(),
                        "staff.services",
                        format!(
                            "\"{}\" is not a service; use one of: {}",
                            k.get_ref(),
                            service_keys.join(", ")
                        ),
                    ));
                }
                if !services.contains(k.get_ref()) {
                    services.push(k.get_ref().clone());
                }
            }
            if let (Some(p), true) = (&s.password, self.password_policy) {
                crate::domain::passwords::check(p.get_ref(), &[&username, &s.name]).map_err(
                    |why| {
                        self.err(
                            p.span(),
                            "staff.password",
                            format!("account \"{username}\": {why}"),
                        )
                    },
                )?;
            }
            staff.push(StaffConfig {
                username,
                name: s.name,
                roles,
                password: s.password.map(Spanned::into_inner),
                availability,
                services,
            });
        }
        let mut partners = Vec::new();
        let mut partner_keys = HashSet::new();
        for p in raw.partner {
            let key = self.unique_key(&mut partner_keys, &p.key, "partner.key", "partner", "")?;
            partners.push(PartnerConfig {
                key,
                name: p.name,
                address: p.address,
                phone: p.phone,
                hours: p.hours,
                website: p.website,
            });
        }
        let mut help_categories = Vec::new();
        let mut category_keys = HashSet::new();
        for c in raw.help_category {
            let ckey = self.unique_key(
                &mut category_keys,
                &c.key,
                "help_category.key",
                "category",
                "",
            )?;
            help_categories.push(HelpCategoryConfig {
                key: ckey,
                name: c.name,
                leefloon: c.leefloon,
            });
        }
        if help_categories.is_empty() {
            help_categories = default_help_categories();
        }
        let online_booking_address_limit = match &raw.online_booking_address_limit {
            None => crate::domain::booking::DEFAULT_ADDRESS_LIMIT.to_vec(),
            Some(s) => crate::domain::rate_limit::parse_limits(s.get_ref()).ok_or_else(|| {
                self.err(
                    s.span(),
                    "online_booking_address_limit",
                    format!(
                        "\"{}\" is not a limit; write windows like \"3/10m,10/24h\" or \"off\"",
                        s.get_ref()
                    ),
                )
            })?,
        };
        let smtp = raw.smtp.map(|r| self.smtp(r)).transpose()?;
        let connections = match raw.connections {
            None => ConnectionLimits::default(),
            Some(c) => {
                let span = c.span();
                let c = c.into_inner();
                let d = ConnectionLimits::default();
                let limits = ConnectionLimits {
                    header_timeout_s: c.header_timeout_s.unwrap_or(d.header_timeout_s),
                    body_timeout_s: c.body_timeout_s.unwrap_or(d.body_timeout_s),
                    max_connections: c.max_connections.unwrap_or(d.max_connections),
                };
                // A zero timeout would close every connection before its first request.
                if limits.header_timeout_s == 0 || limits.body_timeout_s == 0 {
                    return Err(self.err(
                        span,
                        "connections",
                        "header_timeout_s and body_timeout_s must be at least 1 second",
                    ));
                }
                limits
            }
        };
        Ok(Config {
            locations,
            staff,
            partners,
            help_categories,
            online_booking_address_limit,
            smtp,
            connections,
            source: ConfigSource::File(self.source_name.to_string()),
        })
    }
}

// ---- [smtp]: the mail server for appointment reminders ----

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain text: only for a relay on the same machine or a test server.
    None,
    /// Plain connection upgraded with STARTTLS (usually port 587); refused without it.
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

/// The `[smtp]` section. The password is never in the file: it is read from the
/// environment variable [`SMTP_PASSWORD_ENV`] when `username` is set.
#[derive(Debug, Clone, PartialEq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    /// The sender, e.g. `Sociaal Huis <onthaal@example.be>`.
    pub from: String,
    /// Where visitors' answers go (e.g. the reception's mailbox).
    pub reply_to: Option<String>,
    /// From this local time (minutes after midnight) the day-before reminders leave.
    pub reminders_from_min: u32,
}

pub const SMTP_PASSWORD_ENV: &str = "ONTHAAL_SMTP_PASSWORD";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSmtp {
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

fn default_security() -> Spanned<String> {
    Spanned::new(0..0, "starttls".into())
}
fn default_reminders_from() -> Spanned<String> {
    Spanned::new(0..0, "10:00".into())
}

impl Validator<'_> {
    fn smtp(&self, r: RawSmtp) -> Result<SmtpConfig, ConfigError> {
        let host = r.host.get_ref().trim().to_string();
        if host.is_empty() {
            return Err(self.err(
                r.host.span(),
                "smtp.host",
                "the mail server's name is empty",
            ));
        }
        let security = match r.security.get_ref().as_str() {
            "none" => SmtpSecurity::None,
            "starttls" => SmtpSecurity::Starttls,
            "tls" => SmtpSecurity::Tls,
            other => {
                return Err(self.err(
                    r.security.span(),
                    "smtp.security",
                    format!("\"{other}\" is not one of \"none\", \"starttls\", \"tls\""),
                ))
            }
        };
        let port = match &r.port {
            Some(p) => self.number(p, "smtp.port", 1..=65535, "a port")? as u16,
            None => match security {
                SmtpSecurity::None => 25,
                SmtpSecurity::Starttls => 587,
                SmtpSecurity::Tls => 465,
            },
        };
        let mailbox = |v: &Spanned<String>, field: &str| {
            v.get_ref()
                .parse::<lettre::message::Mailbox>()
                .map(|_| v.get_ref().clone())
                .map_err(|_| {
                    self.err(
                        v.span(),
                        field,
                        format!(
                            "\"{}\" is not an e-mail address like \"Sociaal Huis <onthaal@example.be>\"",
                            v.get_ref()
                        ),
                    )
                })
        };
        let from = mailbox(&r.from, "smtp.from")?;
        let reply_to = r
            .reply_to
            .as_ref()
            .map(|v| mailbox(v, "smtp.reply_to"))
            .transpose()?;
        let at = r.reminders_from.get_ref();
        let reminders_from_min = Span::parse(&format!("{at}-24:00"))
            .ok()
            .filter(|_| at.len() == 5)
            .map(|s| u32::from(s.start_min))
            .ok_or_else(|| {
                self.err(
                    r.reminders_from.span(),
                    "smtp.reminders_from",
                    format!("\"{at}\" is not a time like \"10:00\""),
                )
            })?;
        Ok(SmtpConfig {
            host,
            port,
            security,
            username: r.username.filter(|u| !u.is_empty()),
            from,
            reply_to,
            reminders_from_min,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_and_the_example_are_valid() {
        let demo = Config::demo();
        let loc = &demo.locations[0];
        for key in ["id-team", "permanentie", "schuldhulp", "huur", "afspraak"] {
            assert!(loc.services.iter().any(|s| s.key == key), "{key}");
        }
        assert!(loc
            .services
            .iter()
            .filter(|s| s.walk_in)
            .all(|s| s.schedule.always_open));
        assert!(loc.desks.iter().any(|d| d.kind == "spreekkamer"));
        let example =
            Config::parse(include_str!("../config/example.toml"), "example.toml").unwrap();
        assert!(example.locations[0]
            .services
            .iter()
            .any(|s| !s.schedule.always_open));
    }

    #[test]
    fn connection_limits_and_where_a_configuration_came_from() {
        assert_eq!(Config::demo().source, ConfigSource::Demo);
        assert_eq!(Config::demo().connections, ConnectionLimits::default());
        let with = Config::parse(
            &format!("{HEAD}[connections]\nheader_timeout_s = 2\nmax_connections = 40\n"),
            "huis.toml",
        )
        .unwrap();
        assert_eq!(with.source, ConfigSource::File("huis.toml".into()));
        assert_eq!(
            with.connections,
            ConnectionLimits {
                header_timeout_s: 2,
                body_timeout_s: 30,
                max_connections: 40
            }
        );
        let zero = err(&format!("{HEAD}\n[connections]\nbody_timeout_s = 0\n"));
        assert_eq!((zero.line, zero.field.as_str()), (5, "connections"));
        assert!(err(&format!("{HEAD}[connections]\nidle = 3\n"))
            .message
            .contains("idle"));
    }

    fn err(text: &str) -> ConfigError {
        Config::parse(text, "x.toml").unwrap_err()
    }

    #[test]
    fn weak_account_passwords_are_refused_except_in_the_demo() {
        let account = |password: &str| {
            format!("{HEAD}[[staff]]\nusername = \"els\"\nname = \"Els\"\nroles = [\"reception\"]\npassword = \"{password}\"\n")
        };
        let e = err(&account("a"));
        assert_eq!((e.line, e.field.as_str()), (8, "staff.password"));
        assert!(
            e.message
                .starts_with("account \"els\": the password is too short"),
            "{e}"
        );
        let e = err(&account("password1234"));
        assert!(e.message.contains("too easy to guess"), "{e}");
        assert!(Config::parse(&account("paars fietsbel onder regen"), "x").is_ok());
        // The demo's published passwords are refused in a configuration file of one's own.
        let demo = include_str!("../config/demo.toml");
        let e = Config::parse(demo, "mine.toml").unwrap_err();
        assert_eq!(e.field, "staff.password");
        assert!(Config::parse_demo(demo, "demo").is_ok());
    }

    const HEAD: &str = "[[location]]\nkey = \"c\"\nname = \"C\"\n";

    #[test]
    fn a_key_defined_twice_is_named_with_its_scope() {
        let text = format!("{HEAD}[[location.service]]\nkey = \"p\"\nprefix = \"P\"\nnames = {{ nl = \"P\" }}\nalways_open = true\n[[location.desk]]\nkey = \"d\"\nname = \"D\"\nservices = []\n[[location.desk]]\nkey = \"d\"\nname = \"D2\"\nservices = []\n");
        let e = err(&text);
        assert_eq!((e.line, e.field.as_str()), (14, "location.desk.key"));
        assert_eq!(e.message, "desk \"d\" is defined twice in location \"c\"");
        let e = err(
            "[[location]]\nkey = \"c\"\nname = \"C\"\n[[location]]\nkey = \"c\"\nname = \"C\"\n",
        );
        assert_eq!(
            (e.line, e.message.as_str()),
            (5, "location \"c\" is defined twice")
        );
    }

    #[test]
    fn errors_name_the_line_and_the_field() {
        let e = err(&format!("{HEAD}[[location.service]]\nkey = \"p\"\nprefix = \"p1\"\nnames = {{ nl = \"P\" }}\nalways_open = true\n"));
        assert_eq!(e.line, 6);
        assert_eq!(e.field, "location.service.prefix");
        assert!(
            e.to_string()
                .starts_with("x.toml:6: location.service.prefix: "),
            "{e}"
        );

        let e = err(&format!("{HEAD}[[location.service]]\nkey = \"p\"\nprefix = \"P\"\nnames = {{ nl = \"P\" }}\n[location.service.hours]\ntue = [\"08:30-12:00\", \"13:00-12:00\"]\n"));
        assert_eq!(
            (e.line, e.field.as_str()),
            (9, "location.service.hours.tue")
        );

        let e = err(&format!("{HEAD}[[location.service]]\nkey = \"p\"\nprefix = \"P\"\nnames = {{ nl = \"P\" }}\nalways_open = true\n[[location.desk]]\nkey = \"d\"\nname = \"D\"\nservices = [\"p\", \"nope\"]\n"));
        assert_eq!((e.line, e.field.as_str()), (12, "location.desk.services"));
        assert!(e.message.contains("\"nope\""));

        let e = err("[[location]]\nkey = \"c\"\nnme = \"typo\"\n");
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("nme"), "{e}");

        let e = err("[[location]\n");
        assert_eq!(e.line, 1, "{e}");

        let e = err(&format!(
            "{HEAD}[[staff]]\nusername = \"a\"\nname = \"A\"\nroles = [\"boss\"]\n"
        ));
        assert_eq!((e.line, e.field.as_str()), (7, "staff.roles"));
    }

    #[test]
    fn appointment_settings_parse_and_errors_name_line_and_field() {
        let demo = Config::demo();
        let loc = &demo.locations[0];
        assert_eq!(
            loc.appointments.appointment_service.as_deref(),
            Some("afspraak")
        );
        assert_eq!(
            (
                loc.appointments.check_in_early_min,
                loc.appointments.check_in_late_min,
                loc.appointments.retention_days
            ),
            (60, 15, 90)
        );
        let peeters = demo
            .staff
            .iter()
            .find(|s| s.username == "mw.peeters")
            .unwrap();
        assert_eq!(peeters.availability.weekly.as_ref().unwrap()[0].len(), 2);

        let svc = "[[location.service]]\nkey = \"a\"\nprefix = \"A\"\nnames = { nl = \"A\" }\nalways_open = true\n";
        let ok = Config::parse(&format!("{HEAD}appointment_service = \"a\"\ncheck_in_early_min = 30\nretention_days = 30\n{svc}slot_min = 20\nbookable = true\n[[staff]]\nusername = \"w\"\nname = \"W\"\nroles = [\"social_worker\"]\nabsent = [\"2026-12-01\", \"2026-12-02..2026-12-05\"]\n[staff.availability]\nmon = [\"09:00-12:00\"]\n"), "x").unwrap();
        let l = &ok.locations[0];
        assert_eq!(l.appointments.appointment_service.as_deref(), Some("a"));
        assert_eq!(l.appointments.check_in_early_min, 30);
        assert_eq!(l.appointments.retention_days, 30);
        assert_eq!((l.services[0].slot_min, l.services[0].bookable), (20, true));
        let w = &ok.staff[0].availability;
        assert_eq!(w.absences.len(), 2);
        assert!(w.absent_on(NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()));
        assert!(!w.absent_on(NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()));

        let e = err(&format!("{HEAD}appointment_service = \"nope\"\n{svc}"));
        assert_eq!(
            (e.line, e.field.as_str()),
            (4, "location.appointment_service")
        );
        let e = err(&format!("{HEAD}{svc}slot_min = 0\n"));
        assert_eq!((e.line, e.field.as_str()), (9, "location.service.slot_min"));
        let e = err(&format!("{HEAD}check_in_late_min = -1\n{svc}"));
        assert_eq!(
            (e.line, e.field.as_str()),
            (4, "location.check_in_late_min")
        );
        let e = err(&format!("{HEAD}{svc}[[staff]]\nusername = \"w\"\nname = \"W\"\nroles = []\nabsent = [\"2026-12-05..2026-12-01\"]\n"));
        assert_eq!((e.line, e.field.as_str()), (13, "staff.absent"));
        let e = err(&format!("{HEAD}{svc}[[staff]]\nusername = \"w\"\nname = \"W\"\nroles = []\n[staff.availability]\nmon = [\"12:00-09:00\"]\n"));
        assert_eq!((e.line, e.field.as_str()), (14, "staff.availability.mon"));
    }

    #[test]
    fn staff_are_linked_to_services_by_key() {
        let svc = |k: &str, p: &str| {
            format!("[[location.service]]\nkey = \"{k}\"\nprefix = \"{p}\"\nnames = {{ nl = \"{k}\" }}\nalways_open = true\n")
        };
        let services = format!("{}{}", svc("schuldhulp", "S"), svc("huur", "H"));
        let ok = Config::parse(&format!("{HEAD}{services}[[staff]]\nusername = \"a\"\nname = \"A\"\nroles = [\"social_worker\"]\nservices = [\"huur\", \"schuldhulp\", \"huur\"]\n[[staff]]\nusername = \"b\"\nname = \"B\"\nroles = [\"social_worker\"]\nservices = []\n[[staff]]\nusername = \"c\"\nname = \"C\"\nroles = [\"social_worker\"]\n"), "x").unwrap();
        // In the file's order, each once; absent and empty both mean every service.
        assert_eq!(ok.staff[0].services, ["huur", "schuldhulp"]);
        assert!(ok.staff[1].services.is_empty());
        assert!(ok.staff[2].services.is_empty());

        // A key that is no service is refused with its line and field.
        let e = err(&format!("{HEAD}{services}[[staff]]\nusername = \"a\"\nname = \"A\"\nroles = [\"social_worker\"]\nservices = [\n  \"huur\",\n  \"schuldhulpp\",\n]\n"));
        assert_eq!((e.line, e.field.as_str()), (20, "staff.services"), "{e}");
        assert_eq!(
            e.message,
            "\"schuldhulpp\" is not a service; use one of: schuldhulp, huur"
        );
        assert!(
            e.to_string().starts_with("x.toml:20: staff.services: "),
            "{e}"
        );

        // The demo: housing support is Karim Janssens' alone; debt help is An Peeters' and his.
        let demo = Config::demo();
        let takes = |u: &str, k: &str| {
            let s = demo.staff.iter().find(|s| s.username == u).unwrap();
            s.services.iter().any(|x| x == k)
        };
        assert!(takes("mw.peeters", "schuldhulp") && !takes("mw.peeters", "huur"));
        assert!(takes("mw.janssens", "schuldhulp") && takes("mw.janssens", "huur"));
    }

    #[test]
    fn location_closures_become_exceptions_and_service_exceptions_win() {
        let text = r#"
[[location]]
key = "c"
name = "C"
closed_on = ["2026-12-24", "2026-12-31"]
[[location.service]]
key = "p"
prefix = "P"
names = { nl = "P" }
always_open = true
[[location.service.exception]]
date = "2026-12-31"
hours = ["08:30-12:00"]
"#;
        let c = Config::parse(text, "x").unwrap();
        let s = &c.locations[0].services[0].schedule;
        assert_eq!(
            s.spans_on(NaiveDate::from_ymd_opt(2026, 12, 24).unwrap()),
            vec![]
        );
        assert_eq!(
            s.spans_on(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap())
                .len(),
            1
        );
    }

    #[test]
    fn the_smtp_section() {
        let example = include_str!("../config/example.toml");
        // The example's section is commented out so the example runs without a mail server.
        let section: String = example[example.find("# [smtp]").unwrap()..]
            .lines()
            .map(|l| format!("{}\n", l.trim_start_matches("# ")))
            .collect();
        let base = "[[location]]\nkey = \"c\"\nname = \"C\"\n";
        let c = Config::parse(&format!("{base}{section}"), "x").unwrap();
        let smtp = c.smtp.unwrap();
        assert_eq!((smtp.port, smtp.security), (587, SmtpSecurity::Starttls));
        assert_eq!(smtp.username.as_deref(), Some("onthaal@voorbeeldstad.be"));
        assert_eq!(smtp.reminders_from_min, 600);
        assert!(Config::parse(base, "x").unwrap().smtp.is_none());

        let tls = format!("{base}[smtp]\nhost = \"m\"\nsecurity = \"tls\"\nfrom = \"a@b.be\"\n");
        let smtp = Config::parse(&tls, "x").unwrap().smtp.unwrap();
        assert_eq!((smtp.port, smtp.security), (465, SmtpSecurity::Tls));
        assert_eq!(smtp.reminders_from_min, 600);

        for (bad, field) in [
            ("security = \"ssl\"\nfrom = \"a@b.be\"", "smtp.security"),
            ("from = \"not an address\"", "smtp.from"),
            (
                "from = \"a@b.be\"\nreminders_from = \"25:00\"",
                "smtp.reminders_from",
            ),
            ("from = \"a@b.be\"\nport = 0", "smtp.port"),
        ] {
            let text = format!("{base}[smtp]\nhost = \"m\"\n{bad}\n");
            let e = Config::parse(&text, "x").unwrap_err();
            assert_eq!(e.field, field, "{bad}: {}", e.message);
        }
    }
}
