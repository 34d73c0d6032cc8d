//! What importing a configuration file changes, item by item, in words an IT administrator
//! reads in a dry run (`onthaal-server config import FILE --dry-run`): what it adds, what it
//! changes ("service permanentie: target wait 20 → 15 min") and what it retires.
//!
//! Items are matched by key (accounts by username); only what the database stores counts, so
//! a password in the file of an existing account (kept as it is) or a deployment setting is no
//! change.

use std::collections::BTreeMap;
use std::fmt::Display;

use super::fields::WEEKDAYS;
use super::{Config, LocationConfig, ServiceConfig, StaffConfig};
use crate::domain::hours::{Exception, Span};
use crate::domain::roles::Role;

/// The changes of an import, in three lists of readable lines.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Plan {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub retired: Vec<String>,
    /// What stays although the file does not have it (the last administrators).
    pub kept: Vec<String>,
}

impl Plan {
    /// Nothing added, changed or retired (what is kept is no change).
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.retired.is_empty()
    }

    /// Every line, each with its kind: `add`, `change`, `retire`.
    pub fn lines(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        for (kind, lines) in [
            ("add", &self.added),
            ("change", &self.changed),
            ("retire", &self.retired),
            ("keep", &self.kept),
        ] {
            out.extend(lines.iter().map(|l| (kind, l.as_str())));
        }
        out
    }
}

impl std::fmt::Display for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_empty() {
            writeln!(f, "Nothing changes: the file says what the database holds.")?;
        }
        for (title, lines) in [
            ("Adds", &self.added),
            ("Changes", &self.changed),
            ("Retires", &self.retired),
            ("Keeps", &self.kept),
        ] {
            if lines.is_empty() {
                continue;
            }
            writeln!(f, "{title}:")?;
            for l in lines {
                writeln!(f, "  {l}")?;
            }
        }
        Ok(())
    }
}

/// What the database knows of accounts beyond the configuration: those disabled (not in the
/// stored configuration, but existing).
pub struct Accounts<'a> {
    pub disabled: &'a [String],
}

/// The changes from `old` (the database's configuration) to `new` (the file's).
pub fn plan(old: &Config, new: &Config, accounts: Accounts<'_>) -> Plan {
    let mut p = Plan::default();
    let many = old.locations.len() > 1 || new.locations.len() > 1;
    keyed(
        &mut p,
        &old.locations,
        &new.locations,
        |l| &l.key,
        |l| format!("location {} ({})", l.key, l.name),
        location_changes,
    );
    order(
        &mut p,
        "locations",
        keys(&old.locations, |l| &l.key),
        keys(&new.locations, |l| &l.key),
    );
    for n in &new.locations {
        let empty = Vec::new();
        let o = old.location(&n.key);
        let where_ = if many {
            format!(" in location {}", n.key)
        } else {
            String::new()
        };
        let services = o.map_or(&empty, |o| &o.services);
        keyed(
            &mut p,
            services,
            &n.services,
            |s| &s.key,
            |s| format!("service {}{where_} ({})", s.key, s.name()),
            service_changes,
        );
        order(
            &mut p,
            &format!("services{where_}"),
            keys(services, |s| &s.key),
            keys(&n.services, |s| &s.key),
        );
        let empty = Vec::new();
        let desks = o.map_or(&empty, |o| &o.desks);
        keyed(
            &mut p,
            desks,
            &n.desks,
            |d| &d.key,
            |d| format!("{} {}{where_} ({})", d.kind, d.key, d.name),
            |o, n, c| {
                field(c, "name", &o.name, &n.name, "");
                field(c, "kind", &o.kind, &n.kind, "");
                field(
                    c,
                    "services",
                    o.services.join(", "),
                    n.services.join(", "),
                    "",
                );
            },
        );
        let empty = Vec::new();
        let printers = o.map_or(&empty, |o| &o.printers);
        keyed(
            &mut p,
            printers,
            &n.printers,
            |p| &p.key,
            |p| format!("printer {}{where_} ({})", p.key, p.name),
            |o, n, c| {
                field(c, "name", &o.name, &n.name, "");
                field(c, "address", &o.uri, &n.uri, "");
            },
        );
    }
    accounts_plan(&mut p, old, new, accounts);
    keyed(
        &mut p,
        &old.partners,
        &new.partners,
        |p| &p.key,
        |p| format!("partner {} ({})", p.key, p.name),
        |o, n, c| {
            field(c, "name", &o.name, &n.name, "");
            field(c, "address", &o.address, &n.address, "");
            field(c, "phone", &o.phone, &n.phone, "");
            field(c, "hours", &o.hours, &n.hours, "");
            field(
                c,
                "website",
                o.website.as_deref().unwrap_or("none"),
                n.website.as_deref().unwrap_or("none"),
                "",
            );
        },
    );
    keyed(
        &mut p,
        &old.help_categories,
        &new.help_categories,
        |c| &c.key,
        |c| format!("help-request category {} ({})", c.key, c.name),
        |o, n, c| {
            field(c, "name", &o.name, &n.name, "");
            field(c, "leefloon", yes(o.leefloon), yes(n.leefloon), "");
        },
    );
    order(
        &mut p,
        "help-request categories",
        keys(&old.help_categories, |c| &c.key),
        keys(&new.help_categories, |c| &c.key),
    );
    p
}

/// Accounts: the file's are added or changed (a disabled one is enabled again); active ones
/// not in it are retired, that is disabled.
fn accounts_plan(p: &mut Plan, old: &Config, new: &Config, accounts: Accounts<'_>) {
    for n in &new.staff {
        match old.staff.iter().find(|o| o.username == n.username) {
            None if accounts.disabled.contains(&n.username) => p.changed.push(format!(
                "account {} ({}): enabled again{}",
                n.username,
                n.name,
                profile_note(n)
            )),
            None => p.added.push(format!(
                "account {} ({}, {}){}",
                n.username,
                n.name,
                roles(n),
                if n.password.is_some() {
                    ", with the file's password"
                } else {
                    ", without a password (set one: onthaal-server account passwd USERNAME)"
                }
            )),
            Some(o) => {
                let mut c = Vec::new();
                account_changes(o, n, &mut c);
                if !c.is_empty() {
                    p.changed
                        .push(format!("account {}: {}", n.username, c.join("; ")));
                }
            }
        }
    }
    let file_has_admin = new.staff.iter().any(|s| s.roles.contains(&Role::Admin));
    for o in &old.staff {
        if new.staff.iter().all(|n| n.username != o.username) {
            if !file_has_admin && o.roles.contains(&Role::Admin) {
                p.kept.push(format!(
                    "account {} ({}): stays enabled though it is not in the file, which has no \
                     administrator account: an import never locks everyone out",
                    o.username, o.name
                ));
                continue;
            }
            p.retired.push(format!(
                "account {} ({}): disabled, it is not in the file",
                o.username, o.name
            ));
        }
    }
}

fn profile_note(s: &StaffConfig) -> String {
    format!(" as {}", roles(s))
}

fn roles(s: &StaffConfig) -> String {
    s.roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn account_changes(o: &StaffConfig, n: &StaffConfig, c: &mut Vec<String>) {
    field(c, "name", &o.name, &n.name, "");
    field(c, "roles", roles(o), roles(n), "");
    field(
        c,
        "services",
        services_text(&o.services),
        services_text(&n.services),
        "",
    );
    match (&o.availability.weekly, &n.availability.weekly) {
        (Some(a), Some(b)) => weekly_changes(c, "availability", a, b),
        (a, b) if a != b => field(
            c,
            "availability",
            a.as_ref().map_or("none".into(), weekly_text),
            b.as_ref().map_or("none".into(), weekly_text),
            "",
        ),
        _ => {}
    }
    let absences = |s: &StaffConfig| {
        s.availability
            .absences
            .iter()
            .map(|a| {
                if a.from == a.to {
                    a.from.to_string()
                } else {
                    format!("{}..{}", a.from, a.to)
                }
            })
            .collect::<Vec<_>>()
    };
    field(
        c,
        "absent",
        none_if_empty(absences(o).join(", ")),
        none_if_empty(absences(n).join(", ")),
        "",
    );
}

fn services_text(s: &[String]) -> String {
    if s.is_empty() {
        "every service".into()
    } else {
        s.join(", ")
    }
}

fn none_if_empty(s: String) -> String {
    if s.is_empty() {
        "none".into()
    } else {
        s
    }
}

fn location_changes(o: &LocationConfig, n: &LocationConfig, c: &mut Vec<String>) {
    field(c, "name", &o.name, &n.name, "");
    field(c, "address", &o.address, &n.address, "");
    field(c, "phone", &o.phone, &n.phone, "");
    field(c, "time zone", o.timezone.name(), n.timezone.name(), "");
    let dates = |l: &LocationConfig| {
        let mut d: Vec<String> = l.closed_on.iter().map(|d| d.to_string()).collect();
        d.sort();
        none_if_empty(d.join(", "))
    };
    field(c, "closed on", dates(o), dates(n), "");
    field(
        c,
        "no-show grace",
        o.no_show_grace_s / 60,
        n.no_show_grace_s / 60,
        " min",
    );
    let (a, b) = (&o.appointments, &n.appointments);
    field(
        c,
        "appointment check-in queue",
        a.appointment_service.as_deref().unwrap_or("none"),
        b.appointment_service.as_deref().unwrap_or("none"),
        "",
    );
    field(
        c,
        "check-in early",
        a.check_in_early_min,
        b.check_in_early_min,
        " min",
    );
    field(
        c,
        "check-in late",
        a.check_in_late_min,
        b.check_in_late_min,
        " min",
    );
    field(
        c,
        "contact details kept",
        a.retention_days,
        b.retention_days,
        " days",
    );
    field(
        c,
        "online bookings per contact",
        a.online_bookings_per_contact,
        b.online_bookings_per_contact,
        "",
    );
}

fn service_changes(o: &ServiceConfig, n: &ServiceConfig, c: &mut Vec<String>) {
    field(c, "prefix", &o.prefix, &n.prefix, "");
    per_language(c, "name", &o.names, &n.names);
    per_language(c, "description", &o.descriptions, &n.descriptions);
    field(c, "icon", &o.icon, &n.icon, "");
    field(c, "walk-in", yes(o.walk_in), yes(n.walk_in), "");
    field(c, "triage", yes(o.triage), yes(n.triage), "");
    field(
        c,
        "a transfer keeps the arrival time",
        yes(o.transfer_keeps_arrival),
        yes(n.transfer_keeps_arrival),
        "",
    );
    field(
        c,
        "target wait",
        o.target_wait_s / 60,
        n.target_wait_s / 60,
        " min",
    );
    field(
        c,
        "typical visit",
        o.service_s / 60,
        n.service_s / 60,
        " min",
    );
    let (a, b) = (&o.schedule, &n.schedule);
    field(c, "always open", yes(a.always_open), yes(b.always_open), "");
    weekly_changes(c, "hours", &a.weekly, &b.weekly);
    exception_changes(c, &a.exceptions, &b.exceptions);
    field(
        c,
        "closed on public holidays",
        yes(a.closed_on_public_holidays),
        yes(b.closed_on_public_holidays),
        "",
    );
    field(
        c,
        "appointments on public holidays",
        yes(a.appointments_on_public_holidays),
        yes(b.appointments_on_public_holidays),
        "",
    );
    field(c, "bookable online", yes(o.bookable), yes(n.bookable), "");
    field(c, "appointment slot", o.slot_min, n.slot_min, " min");
}

fn per_language(
    c: &mut Vec<String>,
    what: &str,
    o: &BTreeMap<String, String>,
    n: &BTreeMap<String, String>,
) {
    let mut langs: Vec<&String> = o.keys().chain(n.keys()).collect();
    langs.sort();
    langs.dedup();
    for lang in langs {
        let show = |m: &BTreeMap<String, String>| {
            m.get(lang)
                .map_or_else(|| "none".to_string(), |v| format!("\"{v}\""))
        };
        field(c, &format!("{what} ({lang})"), show(o), show(n), "");
    }
}

fn spans_text(s: &[Span]) -> String {
    if s.is_empty() {
        "closed".into()
    } else {
        s.iter().map(Span::to_string).collect::<Vec<_>>().join(", ")
    }
}

fn weekly_text(w: &[Vec<Span>; 7]) -> String {
    WEEKDAYS
        .iter()
        .zip(w)
        .filter(|(_, s)| !s.is_empty())
        .map(|(d, s)| format!("{d} {}", spans_text(s)))
        .collect::<Vec<_>>()
        .join("; ")
}

fn weekly_changes(c: &mut Vec<String>, what: &str, o: &[Vec<Span>; 7], n: &[Vec<Span>; 7]) {
    for ((day, a), b) in WEEKDAYS.iter().zip(o).zip(n) {
        field(
            c,
            &format!("{what} {day}"),
            spans_text(a),
            spans_text(b),
            "",
        );
    }
}

fn exception_changes(c: &mut Vec<String>, o: &[Exception], n: &[Exception]) {
    let by_date = |l: &[Exception]| {
        l.iter()
            .map(|e| (e.date, spans_text(&e.spans)))
            .collect::<BTreeMap<_, _>>()
    };
    let (a, b) = (by_date(o), by_date(n));
    let mut dates: Vec<_> = a.keys().chain(b.keys()).collect();
    dates.sort();
    dates.dedup();
    for d in dates {
        let show = |m: &BTreeMap<_, String>| m.get(d).cloned().unwrap_or("usual hours".into());
        field(c, &format!("on {d}"), show(&a), show(&b), "");
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// `label old → new` (with `unit` after the new value) when they differ.
fn field<T: Display + PartialEq>(c: &mut Vec<String>, label: &str, o: T, n: T, unit: &str) {
    if o != n {
        c.push(format!("{label} {o} → {n}{unit}"));
    }
}

fn keys<T>(items: &[T], key: impl Fn(&T) -> &String) -> Vec<String> {
    items.iter().map(|i| key(i).clone()).collect()
}

/// A new order of the same items, when nothing was added or removed.
fn order(p: &mut Plan, what: &str, o: Vec<String>, n: Vec<String>) {
    let (mut a, mut b) = (o.clone(), n.clone());
    a.sort();
    b.sort();
    if a == b && o != n {
        p.changed.push(format!(
            "order of the {what}: {} → {}",
            o.join(", "),
            n.join(", ")
        ));
    }
}

/// Items matched by key: new ones added, missing ones retired, the others compared field by
/// field into one line each.
fn keyed<T>(
    p: &mut Plan,
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> &String,
    label: impl Fn(&T) -> String,
    changes: impl Fn(&T, &T, &mut Vec<String>),
) {
    for n in new {
        match old.iter().find(|o| key(o) == key(n)) {
            None => p.added.push(label(n)),
            Some(o) => {
                let mut c = Vec::new();
                changes(o, n, &mut c);
                if !c.is_empty() {
                    let l = label(n);
                    // "service permanentie: …": the name in brackets only when it is not among the changes.
                    let head = l.split(" (").next().unwrap_or(&l).to_string();
                    p.changed.push(format!("{head}: {}", c.join("; ")));
                }
            }
        }
    }
    for o in old {
        if new.iter().all(|n| key(n) != key(o)) {
            p.retired.push(label(o));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Config {
        Config::parse_demo(super::super::DEMO_TOML, "demo").unwrap()
    }

    #[test]
    fn the_same_configuration_changes_nothing() {
        let p = plan(&demo(), &demo(), Accounts { disabled: &[] });
        assert!(p.is_empty(), "{p}");
        assert!(p.to_string().starts_with("Nothing changes"));
    }

    #[test]
    fn each_change_is_one_readable_line() {
        let old = demo();
        let mut new = demo();
        let l = &mut new.locations[0];
        l.services[0].target_wait_s = 25 * 60;
        l.services[0].walk_in = !l.services[0].walk_in;
        let mut extra = l.services[0].clone();
        extra.key = "energie".into();
        extra.prefix = "E".into();
        extra.names = [("nl".to_string(), "Energie".to_string())].into();
        l.services.push(extra);
        let gone = new.partners.remove(0);
        let left = new.staff.remove(0);
        let p = plan(&old, &new, Accounts { disabled: &[] });
        let first = &old.locations[0].services[0];
        assert!(
            p.changed.contains(&format!(
                "service {}: walk-in {} → {}; target wait {} → 25 min",
                first.key,
                yes(first.walk_in),
                yes(!first.walk_in),
                first.target_wait_s / 60
            )),
            "{p}"
        );
        assert!(
            p.added.contains(&"service energie (Energie)".to_string()),
            "{p}"
        );
        assert!(
            p.retired
                .contains(&format!("partner {} ({})", gone.key, gone.name)),
            "{p}"
        );
        assert!(
            p.retired.contains(&format!(
                "account {} ({}): disabled, it is not in the file",
                left.username, left.name
            )),
            "{p}"
        );
        // The account comes back: it is enabled again, not added.
        let p = plan(
            &new,
            &old,
            Accounts {
                disabled: std::slice::from_ref(&left.username),
            },
        );
        assert!(
            p.changed
                .iter()
                .any(|l| l.starts_with(&format!("account {} ", left.username))
                    && l.contains("enabled again")),
            "{p}"
        );
    }
}
