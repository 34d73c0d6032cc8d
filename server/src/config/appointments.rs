//! Appointments and online booking: a location's check-in queue and window, how long
//! contact details are kept and how many online bookings one contact may hold; and, for the
//! whole file, how many bookings one client address may make.

use toml::Spanned;

use super::raw::RawLocation;
use super::{ConfigError, ServiceConfig, Validator};
use crate::domain::appointments::AppointmentSettings;
use crate::domain::booking::DEFAULT_ADDRESS_LIMIT;
use crate::domain::rate_limit::{parse_limits, Window};

impl Validator<'_> {
    /// A location's appointment settings; `services` are its services, already checked.
    pub(super) fn appointment_settings(
        &self,
        l: &RawLocation,
        location: &str,
        services: &[ServiceConfig],
    ) -> Result<AppointmentSettings, ConfigError> {
        let is_service = |k: &str| services.iter().any(|s| s.key == k);
        let appointment_service = match &l.appointment_service {
            // The default queue is optional: a location without appointments has none.
            None => is_service("afspraak").then(|| "afspraak".to_string()),
            Some(a) => {
                if !is_service(a.get_ref()) {
                    return Err(self.err(
                        a.span(),
                        "location.appointment_service",
                        format!(
                            "\"{}\" is not a service of location \"{location}\"",
                            a.get_ref()
                        ),
                    ));
                }
                Some(a.get_ref().clone())
            }
        };
        Ok(AppointmentSettings {
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
        })
    }

    /// `online_booking_address_limit = "3/10m,10/24h"` (or `"off"`); absent, the default.
    pub(super) fn online_booking_address_limit(
        &self,
        limit: Option<&Spanned<String>>,
    ) -> Result<Vec<Window>, ConfigError> {
        match limit {
            None => Ok(DEFAULT_ADDRESS_LIMIT.to_vec()),
            Some(s) => parse_limits(s.get_ref()).ok_or_else(|| {
                self.err(
                    s.span(),
                    "online_booking_address_limit",
                    format!(
                        "\"{}\" is not a limit; write windows like \"3/10m,10/24h\" or \"off\"",
                        s.get_ref()
                    ),
                )
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate};

    use super::super::testing::{err, HEAD};
    use super::super::Config;
    use super::*;

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
        // Two spans of a day that overlap: the second is named; touching spans are fine.
        let e = err(&format!("{HEAD}{svc}[[staff]]\nusername = \"w\"\nname = \"W\"\nroles = []\n[staff.availability]\nmon = [\"09:00-12:00\", \"12:00-13:00\"]\ntue = [\"09:00-12:00\", \"11:30-13:00\"]\n"));
        assert_eq!((e.line, e.field.as_str()), (15, "staff.availability.tue"));
        assert!(
            e.message
                .contains("\"11:30-13:00\" overlaps \"09:00-12:00\""),
            "{e}"
        );
    }

    #[test]
    fn appointment_settings_messages() {
        let e = err(&format!("{HEAD}appointment_service = \"nope\"\n"));
        assert_eq!(e.message, "\"nope\" is not a service of location \"c\"");
        // Without a service `afspraak` a location has no appointment queue unless it names one.
        let none = Config::parse(HEAD, "x").unwrap();
        assert_eq!(none.locations[0].appointments.appointment_service, None);
        for (line, field, message) in [
            (
                "check_in_early_min = 481",
                "location.check_in_early_min",
                "481 is not a number of minutes between 0 and 480",
            ),
            (
                "check_in_late_min = -1",
                "location.check_in_late_min",
                "-1 is not a number of minutes between 0 and 240",
            ),
            (
                "online_bookings_per_contact = 0",
                "location.online_bookings_per_contact",
                "0 is not a number of appointments between 1 and 50",
            ),
        ] {
            let e = err(&format!("{HEAD}{line}\n"));
            assert_eq!(
                (e.line, e.field.as_str(), e.message.as_str()),
                (4, field, message)
            );
        }
    }

    #[test]
    fn the_online_booking_limit_per_address() {
        assert_eq!(
            Config::parse(HEAD, "x")
                .unwrap()
                .online_booking_address_limit,
            DEFAULT_ADDRESS_LIMIT.to_vec()
        );
        let set = Config::parse(
            &format!("online_booking_address_limit = \"2/1h\"\n{HEAD}"),
            "x",
        )
        .unwrap();
        assert_eq!(
            set.online_booking_address_limit,
            [Window {
                max: 2,
                window: Duration::hours(1)
            }]
        );
        let off = Config::parse(
            &format!("online_booking_address_limit = \"off\"\n{HEAD}"),
            "x",
        );
        assert!(off.unwrap().online_booking_address_limit.is_empty());

        let e = err(&format!(
            "online_booking_address_limit = \"3 per day\"\n{HEAD}"
        ));
        assert_eq!(
            (e.line, e.field.as_str()),
            (1, "online_booking_address_limit")
        );
        assert_eq!(
            e.message,
            "\"3 per day\" is not a limit; write windows like \"3/10m,10/24h\" or \"off\""
        );
    }
}
