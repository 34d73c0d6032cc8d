//! The configuration into the database at a start, the first admin account, registering
//! devices, and filling the per-location live state at start.
//!
//! The database is the configuration's source (see `usecases/configuration.rs`): a start
//! writes the file only into a database that holds no configuration yet (or one last loaded
//! from a file before the database became the source, migration 0018); on any other database
//! the database's configuration stands, and a file that says otherwise is named in a warning.
//!
//! Accounts: the file's accounts are written by username and keep a password set in the app.
//! At a start an account that left the file is disabled (and enabled again when it comes
//! back), unless an administrator disabled it; an import sets every account to the file.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::Mutex;

use crate::config::{Config, ConfigSource, Plan};
use crate::db::configuration::{self, Table};
use crate::db::{staff, Backend, Result, StoreError};
use crate::domain::appointments::Availability;
use crate::domain::roles::{DeviceKind, Role};
use crate::engine::state::load_location_state;
use crate::engine::Store;
use crate::usecases::auth::{new_token, token_hash};
use crate::usecases::configuration::{plan_over, refuse_removed_locations};

/// An `admin` account to create: see [`Store::admin_to_create`].
pub struct NewAdmin {
    password: String,
    generated: bool,
    hash: String,
}

/// How a configuration is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// At a start, into a database that holds no configuration of its own yet: as before the
    /// database was the source (accounts made in the app stay, partners are not retired).
    Start,
    /// `config import`: the database takes the file, item by item; accounts and partners that
    /// are not in it are disabled and retired.
    Import,
    /// A change from the app (`Store::change_configuration`): locations, their services, desks
    /// and printers, partners and help-request categories (a partner the change leaves out is
    /// retired), and the accounts' weekly hours and services; the accounts' names, roles,
    /// passwords and absences stay as they are (they have their own pages).
    App,
}

impl Store {
    /// At a start: writes the configuration into a database that holds none of its own yet;
    /// on one that does, the database's stands and a file that differs from it is named in a
    /// warning (`config import FILE --dry-run` shows how). Either way the locations' live
    /// state is read from the database.
    ///
    /// The built-in demo is refused (`demo_refused`) on a database that holds another
    /// configuration: its accounts have published passwords.
    pub async fn sync_config(&self, cfg: &Config, now: DateTime<Utc>) -> Result<()> {
        if self
            .write_configuration(cfg, Mode::Start, None, now)
            .await?
            .is_none()
        {
            let (held, plan) = {
                let mut conn = self.pool.acquire().await?;
                (
                    configuration::source(&mut conn).await?,
                    plan_over(&mut conn, cfg).await?.1,
                )
            };
            if let (ConfigSource::Demo, Some((kind, name))) = (&cfg.source, &held) {
                if kind != "demo" {
                    return Err(demo_refused(name));
                }
            }
            if !plan.is_empty() {
                let file = match &cfg.source {
                    ConfigSource::File(name) => name.clone(),
                    ConfigSource::Demo => "(the built-in demo)".into(),
                };
                tracing::warn!(
                    changes = plan.lines().len(),
                    "the configuration file {file} differs from the configuration the database \
                     holds; the database's stands. See what the file would change with \
                     `onthaal-server config import {file} --dry-run`, and apply it without --dry-run"
                );
            }
            self.reload_locations(now).await?;
        }
        Ok(())
    }

    /// Writes a configuration in one transaction. Items are matched by key, so writing the
    /// same configuration twice changes nothing; services, desks and printers that left it are
    /// deactivated (their history stays). Returns what changed, with the configuration before
    /// and after as files; `None` when `mode` is [`Mode::Start`] and the database holds a
    /// configuration of its own (nothing is written).
    ///
    /// `expected_revision`: the revision the change was made on (a change from the app); if
    /// another write came in between (another server instance), nothing is written and the
    /// answer is `409 configuration_changed_meanwhile`, rather than silently undoing it.
    pub(crate) async fn write_configuration(
        &self,
        cfg: &Config,
        mode: Mode,
        expected_revision: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Option<(Plan, String, String)>> {
        // Hash new accounts' passwords before the transaction, all at once: hashing is
        // deliberately slow (tens of milliseconds each), and on a fresh database one after the
        // other they were most of the server's start.
        let mut to_hash = Vec::new();
        {
            let mut conn = self.pool.acquire().await?;
            if mode == Mode::Start && configuration::revision(&mut conn).await?.unwrap_or(0) > 0 {
                return Ok(None);
            }
            for s in &cfg.staff {
                let exists = staff::exists(&mut conn, &s.username).await?;
                to_hash.push(s.password.clone().filter(|_| !exists));
            }
        }
        let new_hashes: Vec<Option<String>> =
            futures_util::future::try_join_all(to_hash.into_iter().map(|p| async move {
                match p {
                    Some(p) => self.hash_password(p).await.map(Some),
                    None => Ok(None),
                }
            }))
            .await?;
        let mut tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        // Another instance may have started on the same database in between.
        if mode == Mode::Start && configuration::revision(&mut tx).await?.unwrap_or(0) > 0 {
            return Ok(None);
        }
        let held = held_configuration(&mut tx).await?;
        if cfg.source == ConfigSource::Demo {
            if let Some(Held::File(name)) = &held {
                return Err(demo_refused(name));
            }
        } else if held == Some(Held::Demo) && mode != Mode::App {
            tracing::warn!(
                "this database held the built-in demo configuration: its accounts (onthaal, \
                 diensthoofd, …) keep their published passwords until an admin changes or removes them"
            );
        }
        let (old, plan) = match (plan_over(&mut tx, cfg).await, mode) {
            (Ok(p), _) => p,
            // A database from a version before this one may hold what this one no longer reads
            // (opening hours stored in an older shape): the file replaces it, as it always did.
            (Err(StoreError::Corrupt(why)), Mode::Start) => {
                tracing::info!(%why, "the configuration held so far is replaced by the file's");
                (crate::usecases::configuration::empty(), Plan::default())
            }
            (Err(e), _) => return Err(e),
        };
        if mode == Mode::Import {
            refuse_removed_locations(&old, cfg)?;
        }
        let before = if old.locations.is_empty() {
            String::new()
        } else {
            old.administration_toml()
        };
        let (kind, name) = match &cfg.source {
            ConfigSource::Demo => ("demo", "the built-in demo configuration"),
            ConfigSource::File(name) => ("file", name.as_str()),
        };
        configuration::set_source(&mut tx, kind, name, now).await?;
        for (pos, l) in cfg.locations.iter().enumerate() {
            let loc_id = configuration::write_location(&mut tx, l, pos).await?;
            configuration::deactivate_all(&mut tx, Table::Services, loc_id).await?;
            let mut service_ids = Vec::new();
            for (spos, s) in l.services.iter().enumerate() {
                let id = configuration::write_service(&mut tx, loc_id, s, spos).await?;
                service_ids.push((s.key.clone(), id));
            }
            configuration::deactivate_all(&mut tx, Table::Printers, loc_id).await?;
            for (ppos, p) in l.printers.iter().enumerate() {
                configuration::write_printer(&mut tx, loc_id, p, ppos).await?;
            }
            configuration::deactivate_all(&mut tx, Table::Desks, loc_id).await?;
            for (dpos, d) in l.desks.iter().enumerate() {
                let ids: Vec<i64> = d
                    .services
                    .iter()
                    .map(|key| {
                        service_ids
                            .iter()
                            .find(|(k, _)| k == key)
                            .map(|(_, id)| *id)
                            .expect("validated")
                    })
                    .collect();
                configuration::write_desk(&mut tx, loc_id, d, dpos, &ids).await?;
            }
        }
        // The file's accounts; at a start an account that left it is disabled (see
        // `db/staff.rs`), at an import every account not in it.
        let mut account_changes = Vec::new();
        let accounts = if mode == Mode::App {
            &[][..]
        } else {
            &cfg.staff[..]
        };
        for (s, hash) in accounts.iter().zip(&new_hashes) {
            let (id, returned) = staff::write_from_file(
                &mut tx,
                &s.username,
                &s.name,
                &s.roles,
                hash.as_deref(),
                now,
            )
            .await?;
            if returned {
                account_changes.push(staff::FileChange::Returned(id, s.username.clone()));
            } else if mode == Mode::Import {
                if let Some(id) = staff::enable_by_username(&mut tx, &s.username).await? {
                    account_changes.push(staff::FileChange::Returned(id, s.username.clone()));
                }
            }
        }
        let usernames: Vec<&str> = cfg.staff.iter().map(|s| s.username.as_str()).collect();
        match mode {
            Mode::App => {}
            Mode::Start => {
                account_changes.extend(staff::leave_file(&mut tx, &usernames, now).await?)
            }
            Mode::Import => {
                let has_admin = cfg.staff.iter().any(|s| s.roles.contains(&Role::Admin));
                let (left, kept) =
                    staff::disable_all_but(&mut tx, &usernames, has_admin, now).await?;
                account_changes.extend(left);
                for u in kept {
                    tracing::warn!(
                        account = %u,
                        "the account is not in the file, but it stays enabled: the file has no \
                         administrator account, and an import never locks everyone out"
                    );
                }
            }
        }
        if mode == Mode::App {
            write_changed_plans(&mut tx, &old, cfg).await?;
        }
        for p in &cfg.partners {
            configuration::write_partner(&mut tx, p).await?;
        }
        // A change from the app starts from every active partner, so one missing from it was
        // retired on the page; a start never retires.
        if mode != Mode::Start {
            let keys: Vec<&str> = cfg.partners.iter().map(|p| p.key.as_str()).collect();
            configuration::retire_partners(&mut tx, &keys).await?;
        }
        configuration::write_help_categories(&mut tx, &cfg.help_categories).await?;
        crate::usecases::appointments::sync_config(&mut tx, cfg, mode != Mode::App).await?;
        let revision = configuration::bump_revision(&mut tx).await?;
        if expected_revision.is_some_and(|r| revision != r + 1) {
            return Err(StoreError::Conflict {
                code: "configuration_changed_meanwhile",
                message: "the configuration was changed by someone else at the same moment; \
                          nothing was saved: look at it again and make your change once more"
                    .into(),
            });
        }
        let after = crate::usecases::configuration::stored_config(&mut tx)
            .await?
            .map(|c| c.administration_toml())
            .unwrap_or_default();
        tx.commit().await?;
        self.reload_locations(now).await?;
        for c in &account_changes {
            match c {
                staff::FileChange::Left(_, u) => tracing::warn!(
                    account = %u,
                    "the account is no longer in the configuration file: it is disabled (an administrator can enable it again in the app)"
                ),
                staff::FileChange::Returned(_, u) => tracing::info!(
                    account = %u,
                    "the account is back in the configuration file: it is enabled again"
                ),
            }
        }
        // Their sessions end now, as an administrator's disabling would end them.
        self.end_sessions_of_disabled_accounts().await?;
        self.audit_file_changes(&account_changes, now).await?;
        Ok(Some((plan, before, after)))
    }

    /// The `admin` account's password and its hash, if the account does not exist yet; it is
    /// created by [`Store::create_admin`]. The two are apart so that the hash can be computed
    /// beside [`Store::sync_config`]'s.
    pub async fn admin_to_create(&self, password: Option<String>) -> Result<Option<NewAdmin>> {
        if staff::exists(&mut *self.pool.acquire().await?, "admin").await? {
            return Ok(None);
        }
        let (password, generated) = match password {
            Some(p) if !p.is_empty() => (p, false),
            _ => (new_token()[..16].to_string(), true),
        };
        let hash = self.hash_password(password.clone()).await?;
        Ok(Some(NewAdmin {
            password,
            generated,
            hash,
        }))
    }

    /// Creates the `admin` account, unless one appeared in between (from the configuration).
    /// Returns the password when it was generated and is the one that counts, so it can be
    /// printed once.
    pub async fn create_admin(
        &self,
        admin: Option<NewAdmin>,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        let Some(admin) = admin else {
            return Ok(None);
        };
        // A generated password is a one-time password: it was printed to the server's log.
        let created = staff::insert_first_admin(
            &mut *self.pool.acquire().await?,
            &admin.hash,
            admin.generated,
            now,
        )
        .await?;
        Ok((created && admin.generated).then_some(admin.password))
    }

    /// Takes the locations as the database holds them, in their configuration order: for
    /// commands run beside the server, which load no configuration. A database without any
    /// location has never been started with a configuration, and is refused.
    pub async fn use_stored_locations(&self) -> Result<()> {
        let order = configuration::locations_in_order(&mut *self.pool.acquire().await?).await?;
        if order.is_empty() {
            return Err(StoreError::Rejected {
                code: "no_location",
                message: "this database holds no location yet: start the server on it once \
                          (with --config FILE, or without it for the demo), then register devices"
                    .into(),
            });
        }
        *self.location_order.write().expect("location order lock") = order;
        Ok(())
    }

    /// As [`Store::use_stored_locations`], and reads the first location's live state, so that
    /// a command can write to its audit log (`account …`). A running server publishes the
    /// event when it next catches up (at once with PostgreSQL).
    pub async fn use_stored_locations_for_audit(&self, now: DateTime<Utc>) -> Result<()> {
        self.use_stored_locations().await?;
        let first = self.location_order.read().expect("location order lock")[0].0;
        let st = load_location_state(&mut *self.pool.acquire().await?, first, now).await?;
        self.locations
            .write()
            .expect("location map lock")
            .insert(first, Arc::new(Mutex::new(st)));
        Ok(())
    }

    /// Registers a kiosk or display for a location and returns its id and token. Only the
    /// token's hash is stored, so the token is shown this once.
    pub async fn add_device(
        &self,
        location: Option<&str>,
        kind: DeviceKind,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<(i64, String)> {
        let name = name.trim();
        if name.is_empty() || name.len() > 100 {
            return Err(StoreError::Rejected {
                code: "invalid_name",
                message: "a device needs a name of 1 to 100 characters".into(),
            });
        }
        let location_id = self.resolve_location(location)?;
        let token = new_token();
        let id = configuration::register_device(
            &mut *self.pool.acquire().await?,
            location_id,
            kind.as_str(),
            name,
            &token_hash(&token),
            now,
        )
        .await?;
        Ok((id, token))
    }
}

/// A change from the app: the weekly hours and services of each account whose hours or
/// services it changed (the others are not written, so an account changed meanwhile on its own
/// page keeps that change). The absences stay in their own table.
async fn write_changed_plans(tx: &mut crate::db::Tx, old: &Config, new: &Config) -> Result<()> {
    for n in &new.staff {
        let Some(o) = old.staff.iter().find(|o| o.username == n.username) else {
            continue;
        };
        if o.availability.weekly == n.availability.weekly && o.services == n.services {
            continue;
        }
        let weekly = Availability {
            weekly: n.availability.weekly.clone(),
            absences: Vec::new(),
        };
        staff::set_plan(
            tx,
            &n.username,
            &serde_json::to_string(&weekly).expect("availability serialises"),
            &serde_json::to_string(&n.services).expect("services serialise"),
        )
        .await?;
    }
    Ok(())
}

/// The refusal of the built-in demo on a database that holds a configuration file's.
fn demo_refused(name: &str) -> StoreError {
    StoreError::Rejected {
        code: "demo_refused",
        message: format!(
            "this database holds the configuration loaded from {name}, and the built-in \
             demo configuration is only ever loaded into an empty database; start with \
             --config FILE (or ONTHAAL_CONFIG) naming this installation's configuration file"
        ),
    }
}

/// The configuration a database holds, as far as it can tell.
#[derive(Debug, PartialEq)]
enum Held {
    Demo,
    /// A configuration file, by its name.
    File(String),
}

/// Which configuration the database holds; `None` when it is empty (no location yet).
/// Databases from before `configuration_source` was written count as holding the demo only
/// when they hold exactly its locations and its accounts.
async fn held_configuration(tx: &mut crate::db::Tx) -> Result<Option<Held>> {
    if let Some((kind, name)) = configuration::source(tx).await? {
        return Ok(Some(if kind == "demo" {
            Held::Demo
        } else {
            Held::File(name)
        }));
    }
    let keys = configuration::location_keys(tx).await?;
    if keys.is_empty() {
        return Ok(None);
    }
    let demo = Config::demo();
    let mut demo_keys: Vec<String> = demo.locations.iter().map(|l| l.key.clone()).collect();
    demo_keys.sort();
    let mut demo_accounts = 0;
    for s in &demo.staff {
        demo_accounts += usize::from(staff::exists(tx, &s.username).await?);
    }
    Ok(Some(
        if keys == demo_keys && demo_accounts == demo.staff.len() {
            Held::Demo
        } else {
            Held::File("a configuration file (loaded before this version recorded which)".into())
        },
    ))
}
