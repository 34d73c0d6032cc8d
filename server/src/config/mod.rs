//! The configuration file: locations, services, desks and rooms, staff accounts, partners.
//!
//! The file is TOML (see `server/config/example.toml` for a documented one; the built-in demo
//! is `server/config/demo.toml`). It is parsed into raw serde structs (`raw.rs`), then
//! validated into the types below, one section per file; every error names the file, the
//! line and the field, because the person fixing it is an administrator with a text editor,
//! not a developer with a debugger.
//!
//! - `locations.rs` a location, its time zone, closing days and no-show grace;
//! - `services.rs` its services, their ticket prefixes, names and opening hours;
//! - `desks.rs` its desks and rooms (loket, balie, spreekkamer), `printers.rs` its printers;
//! - `appointments.rs` its check-in settings, and the online booking limit per address;
//! - `accounts.rs` staff accounts: roles, password, availability, the services they take;
//! - `partners.rs` partner organisations and the kinds of help request;
//! - `connections.rs` the HTTP connection limits, `smtp.rs` the mail server for reminders;
//! - `server.rs` the server in the network: the reverse proxies it trusts;
//! - `export.rs` the administration part written back as a file (`config export`), `plan.rs`
//!   what importing a file changes, item by item (`config import --dry-run`);
//! - `fields.rs` the checks several sections share (keys, dates, numbers, weekly hours),
//!   `error.rs` the error and how it finds its line, `demo.rs` the built-in demo.
//!
//! The configuration depends on the domain only: what it checks against (roles, hours, the
//! password policy, rate-limit windows) lives in `domain/`.

mod accounts;
mod appointments;
mod connections;
mod demo;
mod desks;
mod error;
mod export;
mod fields;
mod locations;
mod partners;
mod plan;
mod printers;
mod raw;
mod server;
mod services;
mod smtp;
#[cfg(test)]
mod testing;

pub use accounts::{staff_weekly, StaffConfig};
pub use connections::ConnectionLimits;
pub use demo::DEMO_TOML;
pub use desks::DeskConfig;
pub use error::ConfigError;
pub use fields::{weekly_hours, weekly_map, WEEKDAYS};
pub use locations::{
    parse_date, parse_timezone, LocationConfig, DEFAULT_NO_SHOW_GRACE_MIN, DEFAULT_TIMEZONE,
};
pub use partners::{default_help_categories, HelpCategoryConfig, PartnerConfig};
pub use plan::{plan, Accounts, Plan};
pub use printers::PrinterConfig;
pub use server::{Network, ServerConfig, TrustedProxies};
pub use services::ServiceConfig;
pub use smtp::{SmtpConfig, SmtpSecurity, SMTP_PASSWORD_ENV};

use crate::domain::rate_limit::Window;
use raw::RawFile;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub locations: Vec<LocationConfig>,
    pub staff: Vec<StaffConfig>,
    pub partners: Vec<PartnerConfig>,
    pub help_categories: Vec<HelpCategoryConfig>,
    /// Online booking: how many bookings one client address may make (sliding windows).
    pub online_booking_address_limit: Vec<Window>,
    /// The mail server for appointment reminders; no `[smtp]` section, no reminders.
    pub smtp: Option<SmtpConfig>,
    /// How long a client may take to send a request, and how many connections stay open.
    pub connections: ConnectionLimits,
    /// The bearer token that lets another machine read `/metrics` (see `http/metrics.rs`).
    /// Never in the file, like the SMTP password: `onthaal-server` takes it from the
    /// environment variable [`METRICS_TOKEN_ENV`].
    pub metrics_token: Option<MetricsToken>,
    /// `[server]`: the reverse proxies whose forwarding headers count.
    pub server: ServerConfig,
    /// Where this configuration came from: the database records it, so that the built-in demo
    /// is never loaded over a real configuration.
    pub source: ConfigSource,
}

/// The environment variable of [`Config::metrics_token`].
pub const METRICS_TOKEN_ENV: &str = "ONTHAAL_METRICS_TOKEN";

/// A secret that never shows in a `{:?}` (the configuration is printed in tests and may be
/// logged).
#[derive(Clone, PartialEq, Eq)]
pub struct MetricsToken(pub String);

impl std::fmt::Debug for MetricsToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetricsToken(…)")
    }
}

/// Where a configuration came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// The built-in demo configuration (published passwords: only for an empty database).
    Demo,
    /// A configuration file, by the name it was loaded under.
    File(String),
}

impl Config {
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

/// Checks a parsed file section by section; it knows the file's text and name so that each
/// error can name its line (see `error.rs`).
struct Validator<'a> {
    text: &'a str,
    source_name: &'a str,
    /// Whether account passwords must pass the password policy (all but the demo).
    password_policy: bool,
}

impl Validator<'_> {
    /// Section by section, locations first because accounts refer to their services; of
    /// several mistakes in a file, the first in this order is reported.
    fn validate(&self, raw: RawFile) -> Result<Config, ConfigError> {
        let locations = self.locations(raw.location)?;
        let staff = self.accounts(raw.staff, &locations)?;
        let partners = self.partners(raw.partner)?;
        let help_categories = self.help_categories(raw.help_category)?;
        let online_booking_address_limit =
            self.online_booking_address_limit(raw.online_booking_address_limit.as_ref())?;
        let smtp = raw.smtp.map(|r| self.smtp(r)).transpose()?;
        let connections = self.connections(raw.connections)?;
        let server = self.server(raw.server)?;
        Ok(Config {
            locations,
            staff,
            partners,
            help_categories,
            online_booking_address_limit,
            smtp,
            connections,
            metrics_token: None,
            server,
            source: ConfigSource::File(self.source_name.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{err, HEAD};

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
}
