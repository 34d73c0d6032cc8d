//! Locations, their desks and rooms, and their printers kept in the app
//! (`http/admin_locations.rs`). Each change goes through [`Store::change_configuration`]: the
//! configuration file's rules and messages, one transaction, the audit log (before → after),
//! and live on every server, so a desk app's desk choice and "call next" follow a new desk or
//! a changed profile without a restart.
//!
//! What was decided here:
//!
//! - **A location is never removed**: its tickets, appointments and statistics refer to it (as
//!   `config import` refuses a file without it). Its time zone is set when it is made and then
//!   kept: the day's ticket numbers and the statistics are counted in it.
//! - **A new location's services**: the file's rules allow a location without services, so a
//!   new location starts with none, to be added under Services; or, with `services_from`, with
//!   a copy of another location's services (their names, prefixes, hours, booking and its
//!   check-in settings, not its closing days). Service keys may repeat between locations: an
//!   account's services are keys of any location.
//! - **Retiring a desk or a printer** takes it out of the configuration; its row stays, so the
//!   tickets, the call history and the statistics still name it, and "reinstate" brings it back
//!   as it was (its profile without services retired since). A key stays taken by a retired
//!   desk or printer.
//! - **A desk with visitors is not retired** (`409 desk_in_use`, naming their numbers): someone
//!   called or being served there, or waiting for that desk after a transfer, would be left
//!   with a desk nobody can use. The reception finishes or transfers them first. Staff who
//!   merely have the desk chosen are no reason to refuse: their desk app hears the change and
//!   asks them where they sit now. The check runs before the change, not under the location's
//!   lock: a call at that desk in the same few milliseconds (or, on another server, before it
//!   has read the change) can still land at the retired desk. We accept that rather than put a
//!   read of the desk's row on the path of every call; the visitor is not lost, and
//!   reinstating the desk, finishing or transferring them there, and retiring it again mends it.

use chrono::{DateTime, NaiveDate, Utc};
use onthaal_wire::{
    AdminDesk, AdminDeskChange, AdminLocation, AdminLocationChange, AdminLocationService,
    AdminPrinter, AdminPrinterChange, NewAdminDesk, NewAdminLocation, NewAdminPrinter,
};

use crate::config::{
    parse_date, parse_timezone, Config, DeskConfig, LocationConfig, PrinterConfig,
    DEFAULT_NO_SHOW_GRACE_MIN, DEFAULT_TIMEZONE,
};
use crate::db::{configuration, desks, printers, services, Result, StoreError};
use crate::domain::appointments::AppointmentSettings;
use crate::engine::Store;
use crate::usecases::admin_partners::{kept_kind, named, Kept};
use crate::usecases::configuration::stored_config;
use crate::usecases::{invalid_configuration, Actor};

fn location_mut<'a>(cfg: &'a mut Config, key: &str) -> Result<&'a mut LocationConfig> {
    cfg.locations
        .iter_mut()
        .find(|l| l.key == key)
        .ok_or_else(|| StoreError::NotFound(format!("location \"{key}\"")))
}

/// Closing days as the file reads them, with its message.
fn closing_days(list: &[String]) -> Result<Vec<NaiveDate>> {
    let mut days = list
        .iter()
        .map(|d| {
            parse_date(d.trim())
                .map_err(|m| invalid_configuration(format!("location.closed_on: {m}")))
        })
        .collect::<Result<Vec<_>>>()?;
    days.sort();
    days.dedup();
    Ok(days)
}

/// Sets a location's closing days. Every service holds them among its dated exceptions (a
/// service's own exception wins): the old ones come out first, so that a day no longer closed
/// does not stay closed in each service.
fn set_closed_on(l: &mut LocationConfig, days: Vec<NaiveDate>) {
    let old = std::mem::take(&mut l.closed_on);
    for s in &mut l.services {
        s.settings
            .schedule
            .exceptions
            .retain(|e| !(e.spans.is_empty() && old.contains(&e.date)));
    }
    l.closed_on = days;
}

impl Store {
    /// Every location with its settings, desks and printers, retired ones included.
    pub async fn admin_locations(&self) -> Result<Vec<AdminLocation>> {
        let mut conn = self.pool.acquire().await?;
        let Some(cfg) = stored_config(&mut conn).await? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (id, key) in configuration::locations_in_order(&mut conn).await? {
            let Some(l) = cfg.location(&key) else {
                continue;
            };
            let service_rows = services::active(&mut conn, id).await?;
            let mut desk_list: Vec<AdminDesk> = l
                .desks
                .iter()
                .map(|d| AdminDesk {
                    key: d.key.clone(),
                    name: d.name.clone(),
                    kind: d.kind.clone(),
                    services: d.services.clone(),
                    active: true,
                })
                .collect();
            desk_list.extend(desks::retired(&mut conn, id).await?.into_iter().map(|d| {
                AdminDesk {
                    key: d.key,
                    name: d.name,
                    kind: d.kind,
                    // Its profile as it would come back: services retired since drop out.
                    services: service_rows
                        .iter()
                        .filter(|s| d.services.contains(&s.id))
                        .map(|s| s.key.clone())
                        .collect(),
                    active: false,
                }
            }));
            let printer = |(key, name, uri): (String, String, String), active| AdminPrinter {
                key,
                name,
                uri,
                active,
            };
            let mut printer_list: Vec<AdminPrinter> = l
                .printers
                .iter()
                .map(|p| printer((p.key.clone(), p.name.clone(), p.uri.clone()), true))
                .collect();
            printer_list.extend(
                printers::retired(&mut conn, id)
                    .await?
                    .into_iter()
                    .map(|p| printer(p, false)),
            );
            let a = &l.appointments;
            out.push(AdminLocation {
                key: l.key.clone(),
                name: l.name.clone(),
                address: l.address.clone(),
                phone: l.phone.clone(),
                timezone: l.timezone.name().to_string(),
                closed_on: l.closed_on.iter().map(|d| d.to_string()).collect(),
                no_show_grace_min: l.no_show_grace_s / 60,
                appointment_service: a.appointment_service.clone(),
                check_in_early_min: a.check_in_early_min,
                check_in_late_min: a.check_in_late_min,
                retention_days: a.retention_days,
                online_bookings_per_contact: a.online_bookings_per_contact,
                services: l
                    .services
                    .iter()
                    .map(|s| AdminLocationService {
                        key: s.key.clone(),
                        name: s.name().to_string(),
                    })
                    .collect(),
                desks: desk_list,
                printers: printer_list,
            });
        }
        Ok(out)
    }

    async fn admin_location(&self, key: &str) -> Result<AdminLocation> {
        self.admin_locations()
            .await?
            .into_iter()
            .find(|l| l.key == key)
            .ok_or_else(|| StoreError::NotFound(format!("location \"{key}\"")))
    }

    /// A new location, last in the order (`409 location_exists` for a key in use).
    pub async fn create_location(
        &self,
        by: Actor,
        new: NewAdminLocation,
        now: DateTime<Utc>,
    ) -> Result<AdminLocation> {
        if self.admin_location(&new.key).await.is_ok() {
            return Err(StoreError::Conflict {
                code: "location_exists",
                message: format!("a location \"{}\" exists already", new.key),
            });
        }
        let name = named("location.name", &new.name)?;
        let timezone = match new.timezone.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_TIMEZONE,
            Some(t) => parse_timezone(t)
                .map_err(|m| invalid_configuration(format!("location.timezone: {m}")))?,
        };
        let key = new.key.clone();
        self.change_configuration(by, now, |cfg| {
            let (services, appointments) = match &new.services_from {
                None => (
                    Vec::new(),
                    AppointmentSettings {
                        appointment_service: None,
                        ..AppointmentSettings::default()
                    },
                ),
                Some(from) => {
                    let mut source = location_mut(cfg, from)
                        .map_err(|_| {
                            invalid_configuration(format!(
                                "services_from: \"{from}\" is not a location"
                            ))
                        })?
                        .clone();
                    // The other location's closing days are its own.
                    set_closed_on(&mut source, Vec::new());
                    (source.services, source.appointments)
                }
            };
            cfg.locations.push(LocationConfig {
                key: new.key.clone(),
                name,
                address: new.address.trim().to_string(),
                phone: new.phone.trim().to_string(),
                timezone,
                closed_on: Vec::new(),
                services,
                desks: Vec::new(),
                printers: Vec::new(),
                no_show_grace_s: DEFAULT_NO_SHOW_GRACE_MIN * 60,
                appointments,
            });
            Ok(())
        })
        .await?;
        self.admin_location(&key).await
    }

    /// Changes what is given of a location's settings.
    pub async fn change_location(
        &self,
        by: Actor,
        key: &str,
        c: AdminLocationChange,
        now: DateTime<Utc>,
    ) -> Result<AdminLocation> {
        let name = c
            .name
            .as_deref()
            .map(|n| named("location.name", n))
            .transpose()?;
        let closed = c.closed_on.as_deref().map(closing_days).transpose()?;
        self.change_configuration(by, now, |cfg| {
            let l = location_mut(cfg, key)?;
            if let Some(n) = name {
                l.name = n;
            }
            for (v, field) in [(c.address, &mut l.address), (c.phone, &mut l.phone)] {
                if let Some(v) = v {
                    *field = v.trim().to_string();
                }
            }
            if let Some(days) = closed {
                set_closed_on(l, days);
            }
            if let Some(g) = c.no_show_grace_min {
                l.no_show_grace_s = g.saturating_mul(60);
            }
            if let Some(s) = c.appointment_service {
                let s = s.trim();
                // The file has no word for "none" beside a service `afspraak`: that one is the
                // check-in queue when the file names none.
                if s.is_empty() && l.services.iter().any(|x| x.key == "afspraak") {
                    return Err(invalid_configuration(format!(
                        "location.appointment_service: location \"{key}\" has a service \
                         \"afspraak\", which is its check-in queue unless another is chosen"
                    )));
                }
                l.appointments.appointment_service = (!s.is_empty()).then(|| s.to_string());
            }
            let a = &mut l.appointments;
            for (v, field) in [
                (c.check_in_early_min, &mut a.check_in_early_min),
                (c.check_in_late_min, &mut a.check_in_late_min),
                (c.retention_days, &mut a.retention_days),
                (
                    c.online_bookings_per_contact,
                    &mut a.online_bookings_per_contact,
                ),
            ] {
                if let Some(v) = v {
                    *field = v;
                }
            }
            Ok(())
        })
        .await?;
        self.admin_location(key).await
    }
}

/// The `409` message for a key a location's item has already.
fn exists_at<T: Kept>(at: &str, key: &str) -> String {
    format!(
        "location \"{at}\" has a {} \"{key}\" already (perhaps retired)",
        T::WHAT
    )
}

/// A desk or room, kept by its location: a new one comes last in the order; a change sets its
/// name, kind or profile (the services it calls from); retired, it is no longer offered in the
/// desk app, and is not retired while it has visitors (`409 desk_in_use`, see the module's
/// documentation); reinstated, it comes back with its name, kind and profile.
impl Kept for AdminDesk {
    kept_kind! {
        DeskConfig, NewAdminDesk, AdminDeskChange,
        what: "desk", exists: "desk_exists", name: "location.desk.name"
    }

    async fn all(store: &Store, at: &str) -> Result<Vec<Self>> {
        Ok(store.admin_location(at).await?.desks)
    }
    fn into_config(self) -> DeskConfig {
        DeskConfig {
            key: self.key,
            name: self.name,
            kind: self.kind,
            services: self.services,
        }
    }
    fn list<'a>(cfg: &'a mut Config, at: &str) -> Result<&'a mut Vec<DeskConfig>> {
        Ok(&mut location_mut(cfg, at)?.desks)
    }
    fn entry(new: NewAdminDesk) -> Result<DeskConfig> {
        Ok(DeskConfig {
            name: named(Self::NAME_FIELD, &new.name)?,
            key: new.key,
            kind: new.kind.trim().to_string(),
            services: new.services,
        })
    }
    fn apply(c: AdminDeskChange, d: &mut DeskConfig) {
        if let Some(n) = c.name {
            d.name = n;
        }
        if let Some(k) = c.kind {
            d.kind = k.trim().to_string();
        }
        if let Some(s) = c.services {
            d.services = s;
        }
    }
    fn exists(at: &str, key: &str) -> String {
        exists_at::<Self>(at, key)
    }
    async fn may_retire(store: &Store, at: &str, key: &str) -> Result<()> {
        let location_id = store.resolve_location(Some(at))?;
        let desk_id = store
            .location_state(location_id)
            .await?
            .desks
            .iter()
            .find(|d| d.key == key)
            .map(|d| d.id);
        let Some(id) = desk_id else {
            return Ok(());
        };
        let numbers =
            desks::visitors_at(&mut *store.pool.acquire().await?, location_id, id).await?;
        if numbers.is_empty() {
            return Ok(());
        }
        Err(StoreError::Conflict {
            code: "desk_in_use",
            message: format!(
                "desk \"{key}\" has visitors ({}): finish or transfer them first",
                numbers.join(", ")
            ),
        })
    }
}

/// A reception printer, kept by its location: its URI is checked as the file's is; retiring
/// the first makes the next one the default.
impl Kept for AdminPrinter {
    kept_kind! {
        PrinterConfig, NewAdminPrinter, AdminPrinterChange,
        what: "printer", exists: "printer_exists", name: "location.printer.name"
    }

    async fn all(store: &Store, at: &str) -> Result<Vec<Self>> {
        Ok(store.admin_location(at).await?.printers)
    }
    fn into_config(self) -> PrinterConfig {
        PrinterConfig {
            key: self.key,
            name: self.name,
            uri: self.uri,
        }
    }
    fn list<'a>(cfg: &'a mut Config, at: &str) -> Result<&'a mut Vec<PrinterConfig>> {
        Ok(&mut location_mut(cfg, at)?.printers)
    }
    fn entry(new: NewAdminPrinter) -> Result<PrinterConfig> {
        Ok(PrinterConfig {
            name: named(Self::NAME_FIELD, &new.name)?,
            key: new.key,
            uri: new.uri.trim().to_string(),
        })
    }
    fn apply(c: AdminPrinterChange, p: &mut PrinterConfig) {
        if let Some(n) = c.name {
            p.name = n;
        }
        if let Some(u) = c.uri {
            p.uri = u.trim().to_string();
        }
    }
    fn exists(at: &str, key: &str) -> String {
        exists_at::<Self>(at, key)
    }
}
