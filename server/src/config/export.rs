//! The administration part of a configuration written back as a configuration file
//! (`onthaal-server config export`): locations with their services, desks and printers, staff
//! accounts (never a password), partners and help-request categories, in the file's own
//! format, so that the export can be edited and imported again.
//!
//! Every value is written, defaults too, in a fixed order: the same configuration always gives
//! the same bytes, and an export imported unchanged changes nothing. Deployment settings
//! (`[server]`, `[smtp]`, `[connections]`, `online_booking_address_limit`) are not in the
//! database and not in an export: they stay in the file the server starts with.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::fields::WEEKDAYS;
use super::{Config, HelpCategoryConfig, LocationConfig, PartnerConfig, StaffConfig};
use crate::domain::hours::{Exception, Span};

impl Config {
    /// The administration configuration as a configuration file (see the module comment).
    pub fn administration_toml(&self) -> String {
        let mut out = String::from(
            "# Onthaal: the administration configuration, exported from the database\n\
             # (onthaal-server config export). Edit it and check it with\n\
             # onthaal-server config import FILE --dry-run; passwords are never exported.\n",
        );
        for l in &self.locations {
            location(&mut out, l);
        }
        for s in &self.staff {
            staff(&mut out, s);
        }
        for p in &self.partners {
            partner(&mut out, p);
        }
        for c in &self.help_categories {
            help_category(&mut out, c);
        }
        out
    }
}

/// A TOML basic string: JSON's escapes are TOML's, except that TOML escapes DEL too.
pub(crate) fn quote(s: &str) -> String {
    serde_json::to_string(s)
        .expect("a string serialises")
        .replace('\u{7f}', "\\u007F")
}

fn list<I: IntoIterator<Item = String>>(items: I) -> String {
    let items: Vec<String> = items.into_iter().map(|s| quote(&s)).collect();
    format!("[{}]", items.join(", "))
}

fn inline(map: &BTreeMap<String, String>) -> String {
    let items: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{k} = {}", quote(v)))
        .collect();
    if items.is_empty() {
        "{}".into()
    } else {
        format!("{{ {} }}", items.join(", "))
    }
}

fn spans(spans: &[Span]) -> String {
    list(spans.iter().map(Span::to_string))
}

/// A weekly table's lines (`mon = [...]`), days without hours left out.
fn weekly(out: &mut String, weekly: &[Vec<Span>; 7]) {
    for (day, s) in WEEKDAYS.iter().zip(weekly) {
        if !s.is_empty() {
            let _ = writeln!(out, "{day} = {}", spans(s));
        }
    }
}

fn location(out: &mut String, l: &LocationConfig) {
    let _ = writeln!(out, "\n[[location]]");
    let _ = writeln!(out, "key = {}", quote(&l.key));
    let _ = writeln!(out, "name = {}", quote(&l.name));
    let _ = writeln!(out, "address = {}", quote(&l.address));
    let _ = writeln!(out, "phone = {}", quote(&l.phone));
    let _ = writeln!(out, "timezone = {}", quote(l.timezone.name()));
    let _ = writeln!(
        out,
        "closed_on = {}",
        list(l.closed_on.iter().map(|d| d.to_string()))
    );
    let _ = writeln!(out, "no_show_grace_min = {}", l.no_show_grace_s / 60);
    let a = &l.appointments;
    if let Some(s) = &a.appointment_service {
        let _ = writeln!(out, "appointment_service = {}", quote(s));
    }
    let _ = writeln!(out, "check_in_early_min = {}", a.check_in_early_min);
    let _ = writeln!(out, "check_in_late_min = {}", a.check_in_late_min);
    let _ = writeln!(out, "retention_days = {}", a.retention_days);
    let _ = writeln!(
        out,
        "online_bookings_per_contact = {}",
        a.online_bookings_per_contact
    );
    for s in &l.services {
        let _ = writeln!(out, "\n[[location.service]]");
        let _ = writeln!(out, "key = {}", quote(&s.key));
        let _ = writeln!(out, "prefix = {}", quote(&s.prefix));
        let _ = writeln!(out, "names = {}", inline(&s.names));
        let _ = writeln!(out, "descriptions = {}", inline(&s.descriptions));
        let _ = writeln!(out, "icon = {}", quote(&s.icon));
        let _ = writeln!(out, "walk_in = {}", s.walk_in);
        let _ = writeln!(out, "triage = {}", s.triage);
        let _ = writeln!(out, "transfer_keeps_arrival = {}", s.transfer_keeps_arrival);
        let _ = writeln!(out, "target_wait_min = {}", s.target_wait_s / 60);
        let _ = writeln!(out, "service_min = {}", s.service_s / 60);
        let h = &s.schedule;
        let _ = writeln!(out, "always_open = {}", h.always_open);
        let _ = writeln!(
            out,
            "closed_on_public_holidays = {}",
            h.closed_on_public_holidays
        );
        let _ = writeln!(
            out,
            "appointments_on_public_holidays = {}",
            h.appointments_on_public_holidays
        );
        let _ = writeln!(out, "bookable = {}", s.bookable);
        let _ = writeln!(out, "slot_min = {}", s.slot_min);
        if !h.always_open {
            let _ = writeln!(out, "[location.service.hours]");
            weekly(out, &h.weekly);
        }
        // The location's closing days are in every service's exceptions: written once, above.
        for e in h.exceptions.iter().filter(|e| !is_closure(l, e)) {
            let _ = writeln!(out, "[[location.service.exception]]");
            let _ = writeln!(out, "date = {}", quote(&e.date.to_string()));
            let _ = writeln!(out, "hours = {}", spans(&e.spans));
        }
    }
    for d in &l.desks {
        let _ = writeln!(out, "\n[[location.desk]]");
        let _ = writeln!(out, "key = {}", quote(&d.key));
        let _ = writeln!(out, "name = {}", quote(&d.name));
        let _ = writeln!(out, "kind = {}", quote(&d.kind));
        let _ = writeln!(out, "services = {}", list(d.services.iter().cloned()));
    }
    for p in &l.printers {
        let _ = writeln!(out, "\n[[location.printer]]");
        let _ = writeln!(out, "key = {}", quote(&p.key));
        let _ = writeln!(out, "name = {}", quote(&p.name));
        let _ = writeln!(out, "uri = {}", quote(&p.uri));
    }
}

/// Whether a service's exception is just the location's closing day.
fn is_closure(l: &LocationConfig, e: &Exception) -> bool {
    e.spans.is_empty() && l.closed_on.contains(&e.date)
}

fn staff(out: &mut String, s: &StaffConfig) {
    let _ = writeln!(out, "\n[[staff]]");
    let _ = writeln!(out, "username = {}", quote(&s.username));
    let _ = writeln!(out, "name = {}", quote(&s.name));
    let _ = writeln!(
        out,
        "roles = {}",
        list(s.roles.iter().map(|r| r.as_str().to_string()))
    );
    let _ = writeln!(out, "services = {}", list(s.services.iter().cloned()));
    let absent = s.availability.absences.iter().map(|a| {
        if a.from == a.to {
            a.from.to_string()
        } else {
            format!("{}..{}", a.from, a.to)
        }
    });
    let _ = writeln!(out, "absent = {}", list(absent));
    if let Some(w) = &s.availability.weekly {
        let _ = writeln!(out, "[staff.availability]");
        weekly(out, w);
    }
}

fn partner(out: &mut String, p: &PartnerConfig) {
    let _ = writeln!(out, "\n[[partner]]");
    let _ = writeln!(out, "key = {}", quote(&p.key));
    let _ = writeln!(out, "name = {}", quote(&p.name));
    let _ = writeln!(out, "address = {}", quote(&p.address));
    let _ = writeln!(out, "phone = {}", quote(&p.phone));
    let _ = writeln!(out, "hours = {}", quote(&p.hours));
    if let Some(w) = &p.website {
        let _ = writeln!(out, "website = {}", quote(w));
    }
}

fn help_category(out: &mut String, c: &HelpCategoryConfig) {
    let _ = writeln!(out, "\n[[help_category]]");
    let _ = writeln!(out, "key = {}", quote(&c.key));
    let _ = writeln!(out, "name = {}", quote(&c.name));
    let _ = writeln!(out, "leefloon = {}", c.leefloon);
}

#[cfg(test)]
mod tests {
    use super::super::Config;

    /// The demo and the documented example, exported and read back, are the same
    /// configuration (but for the passwords, which are never exported), and export alike.
    #[test]
    fn an_export_reads_back_as_the_same_configuration() {
        for (text, name) in [
            (super::super::DEMO_TOML, "demo"),
            (include_str!("../../config/example.toml"), "example"),
        ] {
            let cfg = Config::parse_demo(text, name).unwrap();
            let out = cfg.administration_toml();
            let back = Config::parse_demo(&out, name).unwrap_or_else(|e| panic!("{e}\n{out}"));
            let mut expected = cfg.clone();
            for s in &mut expected.staff {
                s.password = None;
            }
            assert_eq!(back.locations, expected.locations, "{name}");
            assert_eq!(back.staff, expected.staff, "{name}");
            assert_eq!(back.partners, expected.partners, "{name}");
            assert_eq!(back.help_categories, expected.help_categories, "{name}");
            assert_eq!(back.administration_toml(), out, "{name}");
        }
    }

    #[test]
    fn strings_are_quoted_as_toml_reads_them() {
        for s in [
            "a \"b\" \\ c",
            "tab\there",
            "new\nline",
            "del\u{7f}",
            "één – ✓",
        ] {
            let text = format!("v = {}\n", super::quote(s));
            let v: toml::Table = toml::from_str(&text).unwrap();
            assert_eq!(v["v"].as_str(), Some(s), "{text}");
        }
    }
}
