//! The database is the source of the administration configuration: locations, services,
//! desks and printers, accounts, partners and help-request categories live in their tables,
//! and nowhere else. The configuration file is how they get there and back:
//!
//! - `config import FILE [--dry-run]` ([`Store::plan_import`], [`Store::import_config`]):
//!   the file, validated as at a start, compared item by item with what the database holds,
//!   written in one transaction, in the audit log (before → after), and live on every running
//!   server ([`Store::follow_configuration`]);
//! - `config export` ([`Store::export_config`]): the tables read back into a configuration and
//!   written as a file;
//! - a start (`usecases/setup.rs`): imports the file into a database without configuration,
//!   and otherwise leaves the database's configuration as it is.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use onthaal_wire::{AdminService, AdminServiceChange, ServiceException};
use serde_json::json;
use sqlx::AnyConnection;
use tokio::sync::{watch, Mutex};

use crate::config::{
    parse_date, plan, weekly_hours, weekly_map, Accounts, Config, ConfigSource, ConnectionLimits,
    DeskConfig, HelpCategoryConfig, LocationConfig, Plan, PrinterConfig, ServerConfig,
    ServiceConfig,
};
use crate::db::{configuration, desks, help_categories, locations, printers, services, staff};
use crate::db::{Result, StoreError};
use crate::domain::events::EventKind;
use crate::domain::hours::{Exception, Schedule, Span};
use crate::domain::service::ServiceSettings;
use crate::engine::state::load_location_state;
use crate::engine::Store;
use crate::usecases::{rejected, Actor};

/// How often a running server looks whether the configuration was changed elsewhere (by
/// `config import` beside it, or by another instance).
pub const CONFIGURATION_CHECK_EVERY: Duration = Duration::from_secs(2);

/// The administration configuration the database holds; `None` when it holds none yet (no
/// location). Deployment settings are not in the database: they keep their defaults here.
pub(crate) async fn stored_config(conn: &mut AnyConnection) -> Result<Option<Config>> {
    let order = configuration::locations_in_order(conn).await?;
    if order.is_empty() {
        return Ok(None);
    }
    let mut locs = Vec::new();
    for (id, key) in order {
        let row = locations::by_id(conn, id).await?;
        let timezone: Tz = row
            .timezone
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("unknown time zone {}", row.timezone)))?;
        let service_rows = services::active(conn, id).await?;
        let mut svcs = Vec::new();
        for s in &service_rows {
            let b = services::booking(conn, s.id).await?;
            svcs.push(ServiceConfig {
                settings: s.settings.clone(),
                bookable: b.bookable,
                slot_min: b.slot_min,
            });
        }
        let desk_list = desks::active(conn, id)
            .await?
            .into_iter()
            .map(|d| DeskConfig {
                key: d.key,
                name: d.name,
                kind: d.kind,
                services: d
                    .services
                    .iter()
                    .filter_map(|sid| service_rows.iter().find(|s| s.id == *sid))
                    .map(|s| s.key.clone())
                    .collect(),
            })
            .collect();
        let printer_list = printers::active(conn, id)
            .await?
            .into_iter()
            .map(|(key, name, uri)| PrinterConfig { key, name, uri })
            .collect();
        locs.push(LocationConfig {
            key,
            name: row.name,
            address: row.address,
            phone: row.phone,
            timezone,
            closed_on: configuration::closed_on(conn, id).await?,
            services: svcs,
            desks: desk_list,
            printers: printer_list,
            no_show_grace_s: row.no_show_grace_s,
            appointments: locations::appointment_settings(conn, id).await?,
        });
    }
    let help = help_categories::active(&mut *conn)
        .await?
        .into_iter()
        .map(|c| HelpCategoryConfig {
            key: c.key,
            name: c.name,
            leefloon: c.leefloon,
        })
        .collect();
    let source = match configuration::source(conn).await? {
        Some((kind, _)) if kind == "demo" => ConfigSource::Demo,
        Some((_, name)) => ConfigSource::File(name),
        None => ConfigSource::File("the database".into()),
    };
    // The weekly hours are beside the account, the file's absent days in their own table.
    let mut staff = staff::configured(conn).await?;
    for s in &mut staff {
        s.availability.absences = crate::db::absences::configured_of(conn, &s.username).await?;
    }
    Ok(Some(Config {
        locations: locs,
        staff,
        partners: configuration::active_partners(conn).await?,
        help_categories: help,
        online_booking_address_limit: crate::domain::booking::DEFAULT_ADDRESS_LIMIT.to_vec(),
        smtp: None,
        connections: ConnectionLimits::default(),
        metrics_token: None,
        server: ServerConfig::default(),
        source,
    }))
}

/// An empty configuration: what a database without any holds, to compare a first file with.
pub(crate) fn empty() -> Config {
    Config {
        locations: Vec::new(),
        staff: Vec::new(),
        partners: Vec::new(),
        help_categories: Vec::new(),
        online_booking_address_limit: Vec::new(),
        smtp: None,
        connections: ConnectionLimits::default(),
        metrics_token: None,
        server: ServerConfig::default(),
        source: ConfigSource::File("the database".into()),
    }
}

/// What importing `new` over the database's configuration `old` changes.
pub(crate) async fn plan_over(conn: &mut AnyConnection, new: &Config) -> Result<(Config, Plan)> {
    let old = stored_config(conn).await?.unwrap_or_else(empty);
    let disabled = staff::disabled_usernames(conn).await?;
    let p = plan(
        &old,
        new,
        Accounts {
            disabled: &disabled,
        },
    );
    Ok((old, p))
}

impl Store {
    /// The administration configuration as a configuration file (`config export`).
    pub async fn export_config(&self) -> Result<String> {
        let cfg = stored_config(&mut *self.pool.acquire().await?)
            .await?
            .ok_or_else(no_configuration)?;
        Ok(cfg.administration_toml())
    }

    /// What importing `cfg` would change (`config import --dry-run`); nothing is written.
    pub async fn plan_import(&self, cfg: &Config) -> Result<Plan> {
        let mut conn = self.pool.acquire().await?;
        let (old, p) = plan_over(&mut conn, cfg).await?;
        refuse_removed_locations(&old, cfg)?;
        Ok(p)
    }

    /// Imports a configuration (`config import`): see [`Store::write_configuration`]. Returns
    /// what it changed.
    pub async fn import_config(&self, by: Actor, cfg: &Config, now: DateTime<Utc>) -> Result<Plan> {
        self.apply_configuration(
            by,
            cfg,
            super::setup::Mode::Import,
            None,
            Audit::EveryLocation,
            now,
        )
        .await
    }

    /// Writes a configuration and puts what changed in the audit log as `audit` says.
    async fn apply_configuration(
        &self,
        by: Actor,
        cfg: &Config,
        mode: super::setup::Mode,
        expected_revision: Option<i64>,
        audit: Audit,
        now: DateTime<Utc>,
    ) -> Result<Plan> {
        let (plan, before, after) = self
            .write_configuration(cfg, mode, expected_revision, now)
            .await?
            .expect("an import always writes");
        if !plan.is_empty() && audit == Audit::EveryLocation {
            let details = json!({
                "by": by.label(),
                "changes": plan.lines().iter().map(|(k, l)| json!({"kind": k, "what": l})).collect::<Vec<_>>(),
                "before": before,
                "after": after,
            });
            let ids = self.location_ids();
            for id in ids {
                let mut w = self.begin_write(id, now).await?;
                let change = self
                    .plain_event(
                        &mut w,
                        None,
                        EventKind::ConfigurationChanged,
                        None,
                        by.staff_id(),
                        details.clone(),
                        now,
                    )
                    .await?;
                self.commit_and_publish(w, Some(change)).await?;
            }
        }
        Ok(plan)
    }

    /// Reads every location's live state again from the database (its services, desks,
    /// printers and settings), in the configuration's order; a location new in the database is
    /// added. Each state is replaced under its lock, so no write sees half of it.
    pub(crate) async fn reload_locations(&self, now: DateTime<Utc>) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let order = configuration::locations_in_order(&mut conn).await?;
        for (id, _) in &order {
            let existing = self
                .locations
                .read()
                .expect("location map lock")
                .get(id)
                .cloned();
            match existing {
                Some(lock) => {
                    let mut st = lock.lock().await;
                    // Events written beside this server (the audit event of a command-line
                    // import) go out first: with the new services, to every kiosk and display.
                    let after = st.seq;
                    self.publish_missed(&mut st, after, None, now).await;
                    *st = load_location_state(&mut conn, *id, now).await?;
                }
                None => {
                    let st = load_location_state(&mut conn, *id, now).await?;
                    self.locations
                        .write()
                        .expect("location map lock")
                        .insert(*id, Arc::new(Mutex::new(st)));
                }
            }
        }
        *self.location_order.write().expect("location order lock") = order;
        let revision = configuration::revision(&mut conn).await?.unwrap_or(0);
        self.configuration_revision
            .store(revision, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    /// Looks every [`CONFIGURATION_CHECK_EVERY`] whether the configuration's revision grew (an
    /// import beside this server, on SQLite too, or a change on another instance) and then
    /// reloads the locations' live state, until `stop`.
    pub fn follow_configuration(&self, mut stop: watch::Receiver<bool>) {
        let store = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(CONFIGURATION_CHECK_EVERY) => {}
                    _ = stop.wait_for(|v| *v) => break,
                }
                if let Err(e) = store.reload_if_changed(Utc::now()).await {
                    tracing::warn!(error = %e, "could not look for configuration changes");
                }
            }
        });
    }

    async fn reload_if_changed(&self, now: DateTime<Utc>) -> Result<()> {
        let revision = configuration::revision(&mut *self.pool.acquire().await?)
            .await?
            .unwrap_or(0);
        let known = self
            .configuration_revision
            .load(std::sync::atomic::Ordering::SeqCst);
        if revision != known {
            tracing::info!(
                revision,
                "the configuration changed: reloading the locations"
            );
            self.reload_locations(now).await?;
            self.end_sessions_of_disabled_accounts().await?;
        }
        Ok(())
    }
}

/// Onthaal does not remove a location: its tickets, appointments and statistics refer to it.
pub(crate) fn refuse_removed_locations(old: &Config, new: &Config) -> Result<()> {
    for l in &old.locations {
        if new.location(&l.key).is_none() {
            return Err(StoreError::Rejected {
                code: "location_removed",
                message: format!(
                    "location \"{}\" is in the database but not in the file; a location is never \
                     removed (its tickets and statistics refer to it): keep its [[location]]",
                    l.key
                ),
            });
        }
    }
    Ok(())
}

// ---- Changes from the app ----

pub(crate) fn no_configuration() -> StoreError {
    rejected(
        "no_configuration",
        "this database holds no configuration yet: import one with \
         onthaal-server config import FILE",
    )
}

/// Where a change of the configuration goes in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audit {
    /// In every location's log, with what changed and the configuration before and after as
    /// files: the event carries the new services to every kiosk and display.
    EveryLocation,
    /// The caller writes one entry of its own, in the terms of its page: a change no station
    /// shows (a social worker's weekly hours, `usecases/availability.rs`).
    ByCaller,
}

impl Store {
    /// One change of the configuration from the app: the database's configuration, changed by
    /// `change`, checked by the configuration file's own rules (it is written as a file and
    /// read back, so the messages are the file's: `invalid_configuration`), written in one
    /// transaction, the live state read again, other instances told (they follow the
    /// revision), and in the audit log with what changed and the configuration before and
    /// after. Of the accounts only their weekly hours and the services they take appointments
    /// for are written (names, roles and passwords have their own use case,
    /// `usecases/accounts.rs`; absences theirs); a partner or category `change` leaves out is
    /// retired (its row stays for the register and the statistics).
    pub async fn change_configuration(
        &self,
        by: Actor,
        now: DateTime<Utc>,
        change: impl FnOnce(&mut Config) -> Result<()>,
    ) -> Result<Plan> {
        self.change_configuration_audited(by, now, Audit::EveryLocation, change)
            .await
    }

    /// [`Store::change_configuration`], with the audit log entry written as `audit` says.
    pub(crate) async fn change_configuration_audited(
        &self,
        by: Actor,
        now: DateTime<Utc>,
        audit: Audit,
        change: impl FnOnce(&mut Config) -> Result<()>,
    ) -> Result<Plan> {
        // Changes made through this server go one after the other, each on the one before;
        // one made on another instance meanwhile is caught by the revision (a 409).
        let _one_at_a_time = self.configuration_changes.lock().await;
        let mut conn = self.pool.acquire().await?;
        let revision = configuration::revision(&mut conn).await?;
        let mut cfg = stored_config(&mut conn)
            .await?
            .ok_or_else(no_configuration)?;
        drop(conn);
        change(&mut cfg)?;
        let mut checked =
            Config::parse_demo(&cfg.administration_toml(), "the change").map_err(|e| {
                rejected(
                    "invalid_configuration",
                    format!("{}: {}", e.field, e.message),
                )
            })?;
        checked.source = cfg.source.clone();
        self.apply_configuration(by, &checked, super::setup::Mode::App, revision, audit, now)
            .await
    }

    /// Every service of every location, as the configuration holds it.
    pub async fn admin_services(&self) -> Result<Vec<AdminService>> {
        let cfg = stored_config(&mut *self.pool.acquire().await?)
            .await?
            .ok_or_else(no_configuration)?;
        Ok(cfg
            .locations
            .iter()
            .flat_map(|l| l.services.iter().map(move |s| admin_service(l, s)))
            .collect())
    }

    /// A new service (`409 service_exists` for a key the location has).
    pub async fn create_service(
        &self,
        by: Actor,
        new: AdminService,
        now: DateTime<Utc>,
    ) -> Result<AdminService> {
        let (location, key) = (new.location.clone(), new.key.clone());
        self.change_configuration(by, now, |cfg| {
            // Every field is set from `new` below; a location made in the app may have no
            // service yet, so any service will do to start from.
            let template = cfg
                .locations
                .iter()
                .filter_map(|l| l.services.first())
                .next()
                .cloned();
            let l = cfg
                .locations
                .iter_mut()
                .find(|l| l.key == new.location)
                .ok_or_else(|| StoreError::NotFound(format!("location {}", new.location)))?;
            if l.services.iter().any(|s| s.key == new.key) {
                return Err(StoreError::Conflict {
                    code: "service_exists",
                    message: format!(
                        "location \"{}\" has a service \"{}\" already",
                        l.key, new.key
                    ),
                });
            }
            let mut s = template.ok_or_else(|| {
                rejected(
                    "invalid_configuration",
                    "the location has no service to start from",
                )
            })?;
            set_service(&l.closed_on, &mut s, &new)?;
            l.services.push(s);
            Ok(())
        })
        .await?;
        self.admin_service(&location, &key).await
    }

    /// Changes what is given of a service of `location` (the first location when `None`).
    pub async fn change_service(
        &self,
        by: Actor,
        location: Option<&str>,
        key: &str,
        change: AdminServiceChange,
        now: DateTime<Utc>,
    ) -> Result<AdminService> {
        let location = match location {
            Some(l) => l.to_string(),
            None => self
                .location_order
                .read()
                .expect("location order lock")
                .first()
                .map(|(_, k)| k.clone())
                .ok_or_else(no_configuration)?,
        };
        self.change_configuration(by, now, |cfg| {
            let l = cfg
                .locations
                .iter_mut()
                .find(|l| l.key == location)
                .ok_or_else(|| StoreError::NotFound(format!("location {location}")))?;
            let closed = l.closed_on.clone();
            let s = l
                .services
                .iter_mut()
                .find(|s| s.key == key)
                .ok_or_else(|| StoreError::NotFound(format!("service {key}")))?;
            let mut a = admin_service_of(&closed, &location, s);
            let c = change;
            macro_rules! take {
                ($($f:ident),*) => { $( if let Some(v) = c.$f { a.$f = v; } )* };
            }
            take!(
                prefix,
                names,
                descriptions,
                icon,
                walk_in,
                triage,
                transfer_keeps_arrival,
                target_wait_min,
                service_min,
                always_open,
                hours,
                exceptions,
                closed_on_public_holidays,
                appointments_on_public_holidays,
                bookable,
                slot_min
            );
            set_service(&closed, s, &a)
        })
        .await?;
        self.admin_service(&location, key).await
    }

    async fn admin_service(&self, location: &str, key: &str) -> Result<AdminService> {
        self.admin_services()
            .await?
            .into_iter()
            .find(|s| s.location == location && s.key == key)
            .ok_or_else(|| StoreError::NotFound(format!("service {key}")))
    }
}

fn admin_service(l: &LocationConfig, s: &ServiceConfig) -> AdminService {
    admin_service_of(&l.closed_on, &l.key, s)
}

/// A service as the API shows it: the location's closing days are not among its exceptions.
fn admin_service_of(closed: &[NaiveDate], location: &str, s: &ServiceConfig) -> AdminService {
    let h = &s.schedule;
    AdminService {
        location: location.to_string(),
        key: s.key.clone(),
        prefix: s.prefix.clone(),
        names: s.names.clone(),
        descriptions: s.descriptions.clone(),
        icon: s.icon.clone(),
        walk_in: s.walk_in,
        triage: s.triage,
        transfer_keeps_arrival: s.transfer_keeps_arrival,
        target_wait_min: s.target_wait_s / 60,
        service_min: s.service_s / 60,
        always_open: h.always_open,
        hours: if h.always_open {
            Default::default()
        } else {
            weekly_map(&h.weekly)
        },
        exceptions: h
            .exceptions
            .iter()
            .filter(|e| !(e.spans.is_empty() && closed.contains(&e.date)))
            .map(|e| ServiceException {
                date: e.date.to_string(),
                hours: e.spans.iter().map(Span::to_string).collect(),
            })
            .collect(),
        closed_on_public_holidays: h.closed_on_public_holidays,
        appointments_on_public_holidays: h.appointments_on_public_holidays,
        bookable: s.bookable,
        slot_min: s.slot_min as i64,
    }
}

/// Sets a service to what the API says, with the file's messages for hours and dates; the
/// rest (prefix, names, numbers) is checked with the whole configuration.
fn set_service(closed: &[NaiveDate], s: &mut ServiceConfig, a: &AdminService) -> Result<()> {
    let spans = |list: &[String], field: &str| -> Result<Vec<Span>> {
        list.iter()
            .map(|t| {
                Span::parse(t).map_err(|why| rejected("invalid_hours", format!("{field}: {why}")))
            })
            .collect()
    };
    let weekly = weekly_hours(&a.hours, "location.service.hours")
        .map_err(|e| rejected("invalid_hours", format!("{}: {}", e.field, e.message)))?;
    if a.always_open && weekly.iter().any(|d| !d.is_empty()) {
        return Err(rejected(
            "invalid_hours",
            format!(
                "location.service.hours: service \"{}\" has both always_open = true and hours; keep one",
                a.key
            ),
        ));
    }
    let mut exceptions: Vec<Exception> = closed
        .iter()
        .map(|d| Exception {
            date: *d,
            spans: Vec::new(),
        })
        .collect();
    for e in &a.exceptions {
        let date = parse_date(&e.date).map_err(|m| {
            rejected(
                "invalid_date",
                format!("location.service.exception.date: {m}"),
            )
        })?;
        let spans = spans(&e.hours, "location.service.exception.hours")?;
        exceptions.retain(|x| x.date != date);
        exceptions.push(Exception { date, spans });
    }
    if !(5..=480).contains(&a.slot_min) {
        return Err(rejected(
            "invalid_configuration",
            format!(
                "location.service.slot_min: {} is not a number of minutes between 5 and 480",
                a.slot_min
            ),
        ));
    }
    for (v, field) in [
        (a.target_wait_min, "location.service.target_wait_min"),
        (a.service_min, "location.service.service_min"),
    ] {
        if !(1..=24 * 60).contains(&v) {
            return Err(rejected(
                "invalid_configuration",
                format!("{field}: {v} is not a number of minutes between 1 and 1440"),
            ));
        }
    }
    s.settings = ServiceSettings {
        key: a.key.clone(),
        prefix: a.prefix.clone(),
        names: a.names.clone(),
        descriptions: a.descriptions.clone(),
        icon: a.icon.clone(),
        walk_in: a.walk_in,
        triage: a.triage,
        transfer_keeps_arrival: a.transfer_keeps_arrival,
        target_wait_s: a.target_wait_min * 60,
        service_s: a.service_min * 60,
        schedule: Schedule {
            always_open: a.always_open,
            weekly: if a.always_open {
                Default::default()
            } else {
                weekly
            },
            exceptions,
            closed_on_public_holidays: a.closed_on_public_holidays,
            appointments_on_public_holidays: a.appointments_on_public_holidays,
        },
    };
    s.bookable = a.bookable;
    s.slot_min = a.slot_min as u32;
    Ok(())
}
