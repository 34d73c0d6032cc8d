//! `[[staff]]`: staff accounts. A username, roles, a first password (held to the password
//! policy, except in the demo), when the staff member can be booked for appointments, and
//! which services they take appointments for.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use toml::Spanned;

use super::fields::weekly_hours;
use super::raw::RawStaff;
use super::{ConfigError, LocationConfig, Validator};
use crate::domain::appointments::{Absence, Availability};
use crate::domain::hours::Span;
use crate::domain::roles::Role;

/// A staff member's weekly hours as the app gives them (weekday → spans such as
/// `"08:30-12:00"`), checked by the file's own rules and with its messages
/// (`staff.availability.mon: …`), so the app and the file never disagree. No span on any day
/// is no hours at all (`None`): the staff member is not offered for appointments.
pub fn staff_weekly(
    hours: &BTreeMap<String, Vec<String>>,
) -> Result<Option<[Vec<Span>; 7]>, ConfigError> {
    let weekly = weekly_hours(hours, "staff.availability")?;
    Ok(weekly.iter().any(|d| !d.is_empty()).then_some(weekly))
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

impl Validator<'_> {
    /// Every account; `locations` are already checked.
    pub(super) fn accounts(
        &self,
        raw: Vec<RawStaff>,
        locations: &[LocationConfig],
    ) -> Result<Vec<StaffConfig>, ConfigError> {
        // Staff belong to no one location: a service key of any location can be linked.
        let mut service_keys: Vec<String> = Vec::new();
        for s in locations.iter().flat_map(|l| &l.services) {
            if !service_keys.contains(&s.key) {
                service_keys.push(s.key.clone());
            }
        }
        let mut usernames = HashSet::new();
        raw.into_iter()
            .map(|s| self.account(s, &service_keys, &mut usernames))
            .collect()
    }

    fn account(
        &self,
        s: RawStaff,
        service_keys: &[String],
        usernames: &mut HashSet<String>,
    ) -> Result<StaffConfig, ConfigError> {
        let username = self.username(&s.username, usernames)?;
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
            availability.weekly = Some(self.weekly(h, "staff.availability")?);
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
            crate::domain::passwords::check(p.get_ref(), &[&username, &s.name]).map_err(|why| {
                self.err(
                    p.span(),
                    "staff.password",
                    format!("account \"{username}\": {why}"),
                )
            })?;
        }
        Ok(StaffConfig {
            username,
            name: s.name,
            roles,
            password: s.password.map(Spanned::into_inner),
            availability,
            services,
        })
    }

    /// A username no earlier account has, in the characters a login form and a log line take.
    fn username(
        &self,
        u: &Spanned<String>,
        seen: &mut HashSet<String>,
    ) -> Result<String, ConfigError> {
        let username = u.get_ref().clone();
        let ok = !username.is_empty()
            && username.len() <= 60
            && username
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.@".contains(c));
        if !ok {
            return Err(self.err(u.span(), "staff.username", format!("\"{username}\" is not a valid username: use lowercase letters, digits, '.', '-', '_' or '@'")));
        }
        if !seen.insert(username.clone()) {
            return Err(self.err(
                u.span(),
                "staff.username",
                format!("account \"{username}\" is defined twice"),
            ));
        }
        Ok(username)
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
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, HEAD, SERVICE};
    use super::super::Config;
    use super::staff_weekly;
    use std::collections::BTreeMap;

    #[test]
    fn hours_from_the_app_get_the_files_checks_and_messages() {
        let hours = |day: &str, spans: &[&str]| {
            BTreeMap::from([(
                day.to_string(),
                spans.iter().map(|s| s.to_string()).collect(),
            )])
        };
        let e = staff_weekly(&hours("mon", &["09:00-12:00", "11:00-13:00"])).unwrap_err();
        assert_eq!((e.line, e.field.as_str()), (0, "staff.availability.mon"));
        assert!(e.message.contains("overlaps"), "{}", e.message);
        let e = staff_weekly(&hours("maandag", &["09:00-12:00"])).unwrap_err();
        assert_eq!(e.field, "staff.availability");
        // A day without spans is no hours; one span is Wednesday's.
        assert_eq!(staff_weekly(&hours("wed", &[])).unwrap(), None);
        let week = staff_weekly(&hours("wed", &["10:00-11:00"]))
            .unwrap()
            .unwrap();
        assert_eq!(
            week[2].iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            ["10:00-11:00"]
        );
        assert!(week.iter().enumerate().all(|(i, d)| i == 2 || d.is_empty()));
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
        let demo = include_str!("../../config/demo.toml");
        let e = Config::parse(demo, "mine.toml").unwrap_err();
        assert_eq!(e.field, "staff.password");
        assert!(Config::parse_demo(demo, "demo").is_ok());
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

    /// An account `username` with `rest` after its roles (from line 13 on), after service `a`.
    fn account(username: &str, rest: &str) -> String {
        format!("{HEAD}{SERVICE}[[staff]]\nusername = \"{username}\"\nname = \"W\"\nroles = [\"social_worker\"]\n{rest}\n")
    }

    #[test]
    fn each_account_field_has_its_message() {
        for (text, line, field, message) in [
            (
                account("W. Peeters", ""),
                10,
                "staff.username",
                "\"W. Peeters\" is not a valid username: use lowercase letters, digits, '.', '-', '_' or '@'",
            ),
            (
                account("w", "[[staff]]\nusername = \"w\"\nname = \"W2\"\nroles = []"),
                14,
                "staff.username",
                "account \"w\" is defined twice",
            ),
            (
                format!("{HEAD}[[staff]]\nusername = \"w\"\nname = \"W\"\nroles = [\"directeur\"]\n"),
                7,
                "staff.roles",
                "\"directeur\" is not a role; use reception, id_team, social_worker, manager or admin",
            ),
            (
                account("w", "absent = [\"1 december\"]"),
                13,
                "staff.absent",
                "\"1 december\" is not a date like \"2026-12-01\" or a range like \"2026-12-02..2026-12-05\"",
            ),
            (
                account("w", "absent = [\"2026-12-05..2026-12-01\"]"),
                13,
                "staff.absent",
                "\"2026-12-05..2026-12-01\" ends before it starts",
            ),
            (
                account("w", "[staff.availability]\nmon = [\"09:00\"]"),
                14,
                "staff.availability.mon",
                "\"09:00\" is not a span like \"08:30-12:00\"",
            ),
        ] {
            let e = err(&text);
            assert_eq!(
                (e.line, e.field.as_str(), e.message.as_str()),
                (line, field, message),
                "{text}"
            );
        }
    }
}
