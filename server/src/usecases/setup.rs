//! Loading the configuration into the database (idempotently), the first admin account,
//! registering devices, and filling the per-location live state at start.
//!
//! Accounts: the file's accounts are written by username and keep a password set in the app;
//! an account that left the file is disabled, and enabled again when it comes back, unless an
//! administrator (or the command line) disabled it: that decision stands.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::Mutex;

use crate::config::{Config, ConfigSource};
use crate::db::configuration::{self, Table};
use crate::db::{staff, Backend, Result, StoreError};
use crate::domain::roles::DeviceKind;
use crate::engine::state::load_location_state;
use crate::engine::Store;
use crate::usecases::auth::{new_token, token_hash};

/// An `admin` account to create: see [`Store::admin_to_create`].
pub struct NewAdmin {
    password: String,
    generated: bool,
    hash: String,
}

impl Store {
    /// Writes the configuration: locations, services, desks and profiles, accounts, partners.
    /// Items are matched by key, so loading the same file twice changes nothing; services and
    /// desks that disappeared from the file are deactivated (their history stays).
    ///
    /// The built-in demo is refused (`demo_refused`) on a database that holds another
    /// configuration: its accounts have published passwords.
    pub async fn sync_config(&self, cfg: &Config, now: DateTime<Utc>) -> Result<()> {
        // Hash new accounts' passwords before the transaction, all at once: hashing is
        // deliberately slow (tens of milliseconds each), and on a fresh database one after the
        // other they were most of the server's start.
        let mut to_hash = Vec::new();
        {
            let mut conn = self.pool.acquire().await?;
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
        let held = held_configuration(&mut tx).await?;
        if cfg.source == ConfigSource::Demo {
            if let Some(Held::File(name)) = &held {
                return Err(StoreError::Rejected {
                    code: "demo_refused",
                    message: format!(
                        "this database holds the configuration loaded from {name}, and the built-in \
                         demo configuration is only ever loaded into an empty database; start with \
                         --config FILE (or ONTHAAL_CONFIG) naming this installation's configuration file"
                    ),
                });
            }
        } else if held == Some(Held::Demo) {
            tracing::warn!(
                "this database held the built-in demo configuration: its accounts (onthaal, \
                 diensthoofd, …) keep their published passwords until an admin changes or removes them"
            );
        }
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
        // The file's accounts; an account that left it is disabled (see `db/staff.rs`).
        let mut account_changes = Vec::new();
        for (s, hash) in cfg.staff.iter().zip(&new_hashes) {
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
            }
        }
        let usernames: Vec<&str> = cfg.staff.iter().map(|s| s.username.as_str()).collect();
        account_changes.extend(staff::leave_file(&mut tx, &usernames, now).await?);
        for p in &cfg.partners {
            configuration::write_partner(&mut tx, p).await?;
        }
        configuration::write_help_categories(&mut tx, &cfg.help_categories).await?;
        crate::usecases::appointments::sync_config(&mut tx, cfg).await?;
        tx.commit().await?;
        self.load_locations(cfg, now).await?;
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
        self.audit_file_changes(&account_changes, now).await
    }

    /// Fills the per-location live state from the database, in configuration order.
    async fn load_locations(&self, cfg: &Config, now: DateTime<Utc>) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let mut order = Vec::new();
        for l in &cfg.locations {
            let id = configuration::location_id(&mut conn, &l.key).await?;
            let st = load_location_state(&mut conn, id, now).await?;
            self.locations
                .write()
                .expect("location map lock")
                .insert(id, Arc::new(Mutex::new(st)));
            order.push((id, l.key.clone()));
        }
        *self.location_order.write().expect("location order lock") = order;
        Ok(())
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
