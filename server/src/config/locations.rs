//! `[[location]]`: one building with its own queues, desks and printers. A location is checked
//! top to bottom: its key, time zone and closing days, then its services, desks, printers,
//! the no-show grace and its appointment settings.

use std::collections::HashSet;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::raw::RawLocation;
use super::{ConfigError, DeskConfig, PrinterConfig, ServiceConfig, Validator};
use crate::domain::appointments::AppointmentSettings;

#[derive(Debug, Clone, PartialEq)]
pub struct LocationConfig {
    pub key: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub timezone: Tz,
    /// Dates on which the whole location is closed, as the file lists them; every service
    /// holds them among its dated exceptions too (a service's own exception wins).
    pub closed_on: Vec<NaiveDate>,
    pub services: Vec<ServiceConfig>,
    pub desks: Vec<DeskConfig>,
    /// Reception printers for receipts and referral slips; the first is the default.
    pub printers: Vec<PrinterConfig>,
    /// How long after a no-show the visitor can still be put back in the queue.
    pub no_show_grace_s: i64,
    /// The check-in queue, the check-in window and how long contact details are kept.
    pub appointments: AppointmentSettings,
}

/// A location's time zone when the file names none.
pub const DEFAULT_TIMEZONE: Tz = chrono_tz::Europe::Brussels;

/// The no-show grace, in minutes, when the file leaves it out.
pub const DEFAULT_NO_SHOW_GRACE_MIN: i64 = 15;

/// A time zone as the file writes it (`Europe/Brussels`), or the file's reason.
pub fn parse_timezone(t: &str) -> Result<Tz, String> {
    t.parse::<Tz>()
        .map_err(|_| format!("\"{t}\" is not a time zone like \"Europe/Brussels\""))
}

/// A date as the file writes it (`2026-12-24`), or the file's reason.
pub fn parse_date(d: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map_err(|_| format!("\"{d}\" is not a date like \"2026-12-24\""))
}

impl Validator<'_> {
    /// Every `[[location]]`; a file needs at least one.
    pub(super) fn locations(
        &self,
        raw: Vec<RawLocation>,
    ) -> Result<Vec<LocationConfig>, ConfigError> {
        if raw.is_empty() {
            return Err(self.err(0..0, "location", "at least one [[location]] is needed"));
        }
        let mut locations = Vec::new();
        let mut keys = HashSet::new();
        for l in raw {
            locations.push(self.location(l, &mut keys)?);
        }
        Ok(locations)
    }

    fn location(
        &self,
        mut l: RawLocation,
        keys: &mut HashSet<String>,
    ) -> Result<LocationConfig, ConfigError> {
        let key = self.unique_key(keys, &l.key, "location.key", "location", "")?;
        let timezone = match &l.timezone {
            None => DEFAULT_TIMEZONE,
            Some(t) => parse_timezone(t.get_ref())
                .map_err(|m| self.err(t.span(), "location.timezone", m))?,
        };
        let closed: Vec<NaiveDate> = l
            .closed_on
            .iter()
            .map(|d| self.date(d, "location.closed_on"))
            .collect::<Result<_, _>>()?;
        // Taken out of `l`, which the appointment settings read further down.
        let services = self.services(std::mem::take(&mut l.service), &key, &closed)?;
        let desks = self.desks(std::mem::take(&mut l.desk), &key, &services)?;
        let printers = self.printers(std::mem::take(&mut l.printer), &key)?;
        let grace = self.number(
            &l.no_show_grace_min,
            "location.no_show_grace_min",
            0..=24 * 60,
            "minutes",
        )?;
        let appointments = self.appointment_settings(&l, &key, &services)?;
        Ok(LocationConfig {
            appointments,
            key,
            name: l.name,
            address: l.address,
            phone: l.phone,
            timezone,
            closed_on: closed,
            services,
            desks,
            printers,
            no_show_grace_s: grace * 60,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, HEAD};
    use super::super::Config;

    #[test]
    fn a_location_its_time_zone_and_its_grace() {
        let ok = Config::parse(
            &format!("{HEAD}timezone = \"Europe/Amsterdam\"\nno_show_grace_min = 5\n"),
            "x",
        )
        .unwrap();
        let l = &ok.locations[0];
        assert_eq!(
            (l.timezone, l.no_show_grace_s),
            (chrono_tz::Europe::Amsterdam, 300)
        );
        assert_eq!(
            Config::parse(HEAD, "x").unwrap().locations[0].timezone,
            chrono_tz::Europe::Brussels
        );

        let e = err("staff = []\n");
        assert_eq!((e.line, e.field.as_str()), (0, "location"));
        assert_eq!(e.message, "at least one [[location]] is needed");
        let e = err(&format!("{HEAD}timezone = \"Belgium\"\n"));
        assert_eq!((e.line, e.field.as_str()), (4, "location.timezone"));
        assert_eq!(
            e.message,
            "\"Belgium\" is not a time zone like \"Europe/Brussels\""
        );
        let e = err(&format!("{HEAD}no_show_grace_min = 1441\n"));
        assert_eq!(
            (e.line, e.field.as_str()),
            (4, "location.no_show_grace_min")
        );
        assert_eq!(
            e.message,
            "1441 is not a number of minutes between 0 and 1440"
        );
    }
}
