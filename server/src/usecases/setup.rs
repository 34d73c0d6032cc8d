//! Loading the configuration into the database (idempotently), the first admin account,
//! registering devices, and filling the per-location live state at start.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sqlx::Row;
use tokio::sync::Mutex;

use crate::config::{Config, ConfigSource};
use crate::db::{ms, Backend, Result, StoreError};
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
        for s in &cfg.staff {
            let exists = sqlx::query("SELECT id FROM staff WHERE username = $1")
                .bind(&s.username)
                .fetch_optional(&self.pool)
                .await?
                .is_some();
            to_hash.push(s.password.clone().filter(|_| !exists));
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
        sqlx::query(
            "INSERT INTO configuration_source (id, kind, name, loaded_at) VALUES (1, $1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, loaded_at = excluded.loaded_at",
        )
        .bind(kind)
        .bind(name)
        .bind(ms(now))
        .execute(&mut *tx)
        .await?;
        for (pos, l) in cfg.locations.iter().enumerate() {
            let loc_id: i64 = sqlx::query(
                "INSERT INTO locations (key, name, address, phone, timezone, position, no_show_grace_s) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (key) DO UPDATE SET name = excluded.name, address = excluded.address, phone = excluded.phone, \
                 timezone = excluded.timezone, position = excluded.position, no_show_grace_s = excluded.no_show_grace_s RETURNING id",
            )
            .bind(&l.key)
            .bind(&l.name)
            .bind(&l.address)
            .bind(&l.phone)
            .bind(l.timezone.name())
            .bind(pos as i64)
            .bind(l.no_show_grace_s)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
            sqlx::query("UPDATE services SET active = 0 WHERE location_id = $1")
                .bind(loc_id)
                .execute(&mut *tx)
                .await?;
            let mut service_ids = Vec::new();
            for (spos, s) in l.services.iter().enumerate() {
                let id: i64 = sqlx::query(
                    "INSERT INTO services (location_id, key, prefix, names, descriptions, icon, walk_in, target_wait_s, service_s, schedule, position, triage, transfer_keeps_arrival, active) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1) \
                     ON CONFLICT (location_id, key) DO UPDATE SET prefix = excluded.prefix, names = excluded.names, \
                     descriptions = excluded.descriptions, icon = excluded.icon, walk_in = excluded.walk_in, \
                     target_wait_s = excluded.target_wait_s, service_s = excluded.service_s, schedule = excluded.schedule, \
                     position = excluded.position, triage = excluded.triage, transfer_keeps_arrival = excluded.transfer_keeps_arrival, \
                     active = 1 RETURNING id",
                )
                .bind(loc_id)
                .bind(&s.key)
                .bind(&s.prefix)
                .bind(json(&s.names))
                .bind(json(&s.descriptions))
                .bind(&s.icon)
                .bind(s.walk_in as i64)
                .bind(s.target_wait_s)
                .bind(s.service_s)
                .bind(json(&s.schedule))
                .bind(spos as i64)
                .bind(s.triage as i64)
                .bind(s.transfer_keeps_arrival as i64)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                service_ids.push((s.key.clone(), id));
            }
            sqlx::query("UPDATE printers SET active = 0 WHERE location_id = $1")
                .bind(loc_id)
                .execute(&mut *tx)
                .await?;
            for (ppos, p) in l.printers.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO printers (location_id, key, name, uri, position, active) VALUES ($1, $2, $3, $4, $5, 1) \
                     ON CONFLICT (location_id, key) DO UPDATE SET name = excluded.name, uri = excluded.uri, \
                     position = excluded.position, active = 1",
                )
                .bind(loc_id)
                .bind(&p.key)
                .bind(&p.name)
                .bind(&p.uri)
                .bind(ppos as i64)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("UPDATE desks SET active = 0 WHERE location_id = $1")
                .bind(loc_id)
                .execute(&mut *tx)
                .await?;
            for (dpos, d) in l.desks.iter().enumerate() {
                let desk_id: i64 = sqlx::query(
                    "INSERT INTO desks (location_id, key, name, kind, position, active) VALUES ($1, $2, $3, $4, $5, 1) \
                     ON CONFLICT (location_id, key) DO UPDATE SET name = excluded.name, kind = excluded.kind, \
                     position = excluded.position, active = 1 RETURNING id",
                )
                .bind(loc_id)
                .bind(&d.key)
                .bind(&d.name)
                .bind(&d.kind)
                .bind(dpos as i64)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                sqlx::query("DELETE FROM desk_services WHERE desk_id = $1")
                    .bind(desk_id)
                    .execute(&mut *tx)
                    .await?;
                for key in &d.services {
                    let sid = service_ids
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, id)| *id)
                        .expect("validated");
                    sqlx::query("INSERT INTO desk_services (desk_id, service_id) VALUES ($1, $2)")
                        .bind(desk_id)
                        .bind(sid)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        for (s, hash) in cfg.staff.iter().zip(new_hashes) {
            let roles = s
                .roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(",");
            match hash {
                Some(h) => {
                    sqlx::query(
                        "INSERT INTO staff (username, name, roles, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (username) DO NOTHING",
                    )
                    .bind(&s.username)
                    .bind(&s.name)
                    .bind(&roles)
                    .bind(h)
                    .bind(ms(now))
                    .execute(&mut *tx)
                    .await?;
                }
                None => {
                    // An account without a password in the file is created unusable ('!'),
                    // until an admin sets one; an existing account keeps its password.
                    sqlx::query(
                        "INSERT INTO staff (username, name, roles, password_hash, created_at) VALUES ($1, $2, $3, '!', $4) \
                         ON CONFLICT (username) DO UPDATE SET name = excluded.name, roles = excluded.roles",
                    )
                    .bind(&s.username)
                    .bind(&s.name)
                    .bind(&roles)
                    .bind(ms(now))
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        for p in &cfg.partners {
            sqlx::query(
                "INSERT INTO partners (key, name, address, phone, hours, website, active) VALUES ($1, $2, $3, $4, $5, $6, 1) \
                 ON CONFLICT (key) DO UPDATE SET name = excluded.name, address = excluded.address, phone = excluded.phone, \
                 hours = excluded.hours, website = excluded.website, active = 1",
            )
            .bind(&p.key)
            .bind(&p.name)
            .bind(&p.address)
            .bind(&p.phone)
            .bind(&p.hours)
            .bind(p.website.clone())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE help_categories SET active = 0")
            .execute(&mut *tx)
            .await?;
        for (cpos, c) in cfg.help_categories.iter().enumerate() {
            sqlx::query(
                "INSERT INTO help_categories (key, name, leefloon, position, active) VALUES ($1, $2, $3, $4, 1) \
                 ON CONFLICT (key) DO UPDATE SET name = excluded.name, leefloon = excluded.leefloon, position = excluded.position, active = 1",
            )
            .bind(&c.key)
            .bind(&c.name)
            .bind(c.leefloon as i64)
            .bind(cpos as i64)
            .execute(&mut *tx)
            .await?;
        }
        crate::usecases::appointments::sync_config(&mut tx, cfg).await?;
        tx.commit().await?;
        self.load_locations(cfg, now).await
    }

    /// Fills the per-location live state from the database, in configuration order.
    async fn load_locations(&self, cfg: &Config, now: DateTime<Utc>) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let mut order = Vec::new();
        for l in &cfg.locations {
            let id: i64 = sqlx::query("SELECT id FROM locations WHERE key = $1")
                .bind(&l.key)
                .fetch_one(&mut *conn)
                .await?
                .try_get(0)?;
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
        let exists = sqlx::query("SELECT id FROM staff WHERE username = 'admin'")
            .fetch_optional(&self.pool)
            .await?
            .is_some();
        if exists {
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
        let created = sqlx::query(
            "INSERT INTO staff (username, name, roles, password_hash, created_at) VALUES ('admin', 'Beheerder', 'admin', $1, $2) \
             ON CONFLICT (username) DO NOTHING",
        )
        .bind(admin.hash)
        .bind(ms(now))
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1;
        Ok((created && admin.generated).then_some(admin.password))
    }

    /// Takes the locations as the database holds them, in their configuration order: for
    /// commands run beside the server, which load no configuration. A database without any
    /// location has never been started with a configuration, and is refused.
    pub async fn use_stored_locations(&self) -> Result<()> {
        let order = sqlx::query("SELECT id, key FROM locations ORDER BY position, id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<String, _>(1)?)))
            .collect::<Result<Vec<_>>>()?;
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
        let id: i64 = sqlx::query(
            "INSERT INTO devices (location_id, kind, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(location_id)
        .bind(kind.as_str())
        .bind(name)
        .bind(token_hash(&token))
        .bind(ms(now))
        .fetch_one(&self.pool)
        .await?
        .try_get(0)?;
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
    if let Some(row) = sqlx::query("SELECT kind, name FROM configuration_source WHERE id = 1")
        .fetch_optional(&mut **tx)
        .await?
    {
        let (kind, name): (String, String) = (row.try_get(0)?, row.try_get(1)?);
        return Ok(Some(if kind == "demo" {
            Held::Demo
        } else {
            Held::File(name)
        }));
    }
    let keys: Vec<String> = sqlx::query("SELECT key FROM locations ORDER BY key")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?;
    if keys.is_empty() {
        return Ok(None);
    }
    let demo = Config::demo();
    let mut demo_keys: Vec<String> = demo.locations.iter().map(|l| l.key.clone()).collect();
    demo_keys.sort();
    let mut demo_accounts = 0;
    for s in &demo.staff {
        demo_accounts += sqlx::query("SELECT id FROM staff WHERE username = $1")
            .bind(&s.username)
            .fetch_optional(&mut **tx)
            .await?
            .map_or(0, |_| 1);
    }
    Ok(Some(
        if keys == demo_keys && demo_accounts == demo.staff.len() {
            Held::Demo
        } else {
            Held::File("a configuration file (loaded before this version recorded which)".into())
        },
    ))
}

/// Config values are stored as JSON in TEXT columns.
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("config values serialise")
}
