//! `[[location.service]]`: a queue visitors take a ticket for, with its ticket prefix, its
//! names per language, its timing and its opening hours (weekly hours, `always_open`, the
//! location's closing days and dated exceptions).

use std::collections::HashSet;

use chrono::NaiveDate;

use super::raw::RawService;
use super::{ConfigError, Validator};
use crate::domain::hours::{Exception, Schedule};
use crate::domain::service::ServiceSettings;

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceConfig {
    /// What the queue is: key, prefix, names, timing, hours.
    pub settings: ServiceSettings,
    /// Citizens may book it online (the public booking page `/book`).
    pub bookable: bool,
    /// The slot grid for appointments, in minutes.
    pub slot_min: u32,
}

impl std::ops::Deref for ServiceConfig {
    type Target = ServiceSettings;

    fn deref(&self) -> &ServiceSettings {
        &self.settings
    }
}

/// A configuration is a value the caller may adjust before applying it (tests do).
impl std::ops::DerefMut for ServiceConfig {
    fn deref_mut(&mut self) -> &mut ServiceSettings {
        &mut self.settings
    }
}

/// The keys and ticket prefixes already used in one location.
#[derive(Default)]
struct Seen {
    keys: HashSet<String>,
    prefixes: HashSet<String>,
}

impl Validator<'_> {
    /// The services of location `location`, which is closed on the dates `closed`.
    pub(super) fn services(
        &self,
        raw: Vec<RawService>,
        location: &str,
        closed: &[NaiveDate],
    ) -> Result<Vec<ServiceConfig>, ConfigError> {
        let mut seen = Seen::default();
        raw.into_iter()
            .map(|s| self.service(s, location, closed, &mut seen))
            .collect()
    }

    fn service(
        &self,
        s: RawService,
        location: &str,
        closed: &[NaiveDate],
        seen: &mut Seen,
    ) -> Result<ServiceConfig, ConfigError> {
        let key = self.unique_key(
            &mut seen.keys,
            &s.key,
            "location.service.key",
            "service",
            &format!(" in location \"{location}\""),
        )?;
        let prefix = self.prefix(&s, location, &mut seen.prefixes)?;
        self.names(&s, &key)?;
        for (v, field) in [
            (&s.target_wait_min, "location.service.target_wait_min"),
            (&s.service_min, "location.service.service_min"),
        ] {
            self.number(v, field, 1..=24 * 60, "minutes")?;
        }
        let schedule = self.schedule(&s, &key, closed)?;
        let slot_min = self.number(&s.slot_min, "location.service.slot_min", 5..=480, "minutes")?;
        Ok(ServiceConfig {
            bookable: s.bookable,
            slot_min: slot_min as u32,
            settings: ServiceSettings {
                key,
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
            },
        })
    }

    /// The ticket prefix (`P` of `P012`): unique in the location, or numbers would clash.
    fn prefix(
        &self,
        s: &RawService,
        location: &str,
        used: &mut HashSet<String>,
    ) -> Result<String, ConfigError> {
        let prefix = s.prefix.get_ref().clone();
        if prefix.is_empty() || prefix.len() > 3 || !prefix.chars().all(|c| c.is_ascii_uppercase())
        {
            return Err(self.err(
                s.prefix.span(),
                "location.service.prefix",
                format!("\"{prefix}\" is not a prefix: use 1–3 capital letters A–Z"),
            ));
        }
        if !used.insert(prefix.clone()) {
            return Err(self.err(s.prefix.span(), "location.service.prefix", format!("prefix \"{prefix}\" is already used by another service of location \"{location}\"; numbers would clash")));
        }
        Ok(prefix)
    }

    /// A Dutch name at least, and only languages the kiosk speaks.
    fn names(&self, s: &RawService, key: &str) -> Result<(), ConfigError> {
        if !s.names.get_ref().contains_key("nl") {
            return Err(self.err(
                s.names.span(),
                "location.service.names",
                format!("service \"{key}\" needs at least a Dutch name (nl = \"...\")"),
            ));
        }
        for lang in s.names.get_ref().keys() {
            if onthaal_wire::Lang::parse(lang).is_none() {
                return Err(self.err(
                    s.names.span(),
                    "location.service.names",
                    format!(
                        "\"{lang}\" is not a supported language ({})",
                        onthaal_i18n::languages().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Opening hours: either weekly hours or `always_open`, then the location's closing days,
    /// which the service's own dated exceptions override.
    fn schedule(
        &self,
        s: &RawService,
        key: &str,
        closed: &[NaiveDate],
    ) -> Result<Schedule, ConfigError> {
        let mut schedule = Schedule {
            always_open: s.always_open,
            closed_on_public_holidays: s.closed_on_public_holidays,
            appointments_on_public_holidays: s.appointments_on_public_holidays,
            ..Schedule::default()
        };
        match (&s.hours, s.always_open) {
            (Some(h), true) => {
                return Err(self.err(
                    h.span(),
                    "location.service.hours",
                    format!("service \"{key}\" has both always_open = true and hours; keep one"),
                ));
            }
            (Some(h), false) => schedule.weekly = self.weekly(h, "location.service.hours")?,
            (None, true) => {}
            (None, false) => {
                return Err(self.err(s.key.span(), "location.service.hours", format!("service \"{key}\" has no opening hours: add [location.service.hours] or always_open = true")));
            }
        }
        for d in closed {
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
        Ok(schedule)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::super::testing::{err, HEAD};
    use super::super::Config;

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

    /// A service `p` of location `c` with `body` after its key (from line 6 on).
    fn service(body: &str) -> String {
        format!("{HEAD}[[location.service]]\nkey = \"p\"\n{body}\n")
    }

    #[test]
    fn each_service_field_has_its_message() {
        let names = "names = { nl = \"P\" }";
        for (body, line, field, message) in [
            (
                format!("prefix = \"PERM\"\n{names}\nalways_open = true"),
                6,
                "location.service.prefix",
                "\"PERM\" is not a prefix: use 1–3 capital letters A–Z",
            ),
            (
                "prefix = \"P\"\nnames = { fr = \"P\" }\nalways_open = true".to_string(),
                7,
                "location.service.names",
                "service \"p\" needs at least a Dutch name (nl = \"...\")",
            ),
            (
                "prefix = \"P\"\nnames = { nl = \"P\", de = \"P\" }\nalways_open = true".to_string(),
                7,
                "location.service.names",
                &format!(
                    "\"de\" is not a supported language ({})",
                    onthaal_i18n::languages().collect::<Vec<_>>().join(", ")
                ),
            ),
            (
                format!("prefix = \"P\"\n{names}\nalways_open = true\ntarget_wait_min = 0"),
                9,
                "location.service.target_wait_min",
                "0 is not a number of minutes between 1 and 1440",
            ),
            (
                format!("prefix = \"P\"\n{names}\nalways_open = true\nservice_min = 1441"),
                9,
                "location.service.service_min",
                "1441 is not a number of minutes between 1 and 1440",
            ),
            (
                format!("prefix = \"P\"\n{names}"),
                5,
                "location.service.hours",
                "service \"p\" has no opening hours: add [location.service.hours] or always_open = true",
            ),
            (
                format!("prefix = \"P\"\n{names}\nalways_open = true\nslot_min = 481"),
                9,
                "location.service.slot_min",
                "481 is not a number of minutes between 5 and 480",
            ),
            (
                format!("prefix = \"P\"\n{names}\nalways_open = true\n[[location.service.exception]]\ndate = \"31-12-2026\""),
                10,
                "location.service.exception.date",
                "\"31-12-2026\" is not a date like \"2026-12-24\"",
            ),
        ] {
            let e = err(&service(&body));
            assert_eq!(
                (e.line, e.field.as_str(), e.message.as_str()),
                (line, field, message),
                "{body}"
            );
        }
    }

    #[test]
    fn hours_are_weekly_or_always_open_not_both() {
        let names = "prefix = \"P\"\nnames = { nl = \"P\" }";
        let e = err(&service(&format!(
            "{names}\nalways_open = true\n[location.service.hours]\nmon = [\"09:00-12:00\"]"
        )));
        assert_eq!(e.field, "location.service.hours");
        assert_eq!(
            e.message,
            "service \"p\" has both always_open = true and hours; keep one"
        );
        let e = err(&service(&format!(
            "{names}\n[location.service.hours]\nma = [\"09:00-12:00\"]"
        )));
        assert_eq!(e.field, "location.service.hours");
        assert_eq!(
            e.message,
            "\"ma\" is not a weekday; use mon, tue, wed, thu, fri, sat, sun"
        );
        let ok = Config::parse(
            &service(&format!(
                "{names}\n[location.service.hours]\ntue = [\"08:30-12:00\", \"13:00-16:00\"]"
            )),
            "x",
        )
        .unwrap();
        let weekly = &ok.locations[0].services[0].schedule.weekly;
        assert_eq!(
            weekly.iter().map(Vec::len).collect::<Vec<_>>(),
            [0, 2, 0, 0, 0, 0, 0]
        );
    }

    #[test]
    fn two_services_of_a_location_cannot_share_a_prefix() {
        let svc = |k: &str| {
            format!("[[location.service]]\nkey = \"{k}\"\nprefix = \"P\"\nnames = {{ nl = \"{k}\" }}\nalways_open = true\n")
        };
        let e = err(&format!("{HEAD}{}{}", svc("p"), svc("q")));
        assert_eq!((e.line, e.field.as_str()), (11, "location.service.prefix"));
        assert_eq!(
            e.message,
            "prefix \"P\" is already used by another service of location \"c\"; numbers would clash"
        );
    }
}
