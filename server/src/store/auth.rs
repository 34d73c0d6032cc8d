//! Accounts, sessions and device tokens.
//!
//! Passwords are hashed with argon2 (off the async threads: hashing is slow on purpose).
//! Tokens are 256 random bits shown once; only their SHA-256 is stored, so a copy of the
//! database does not let anyone log in.

use std::time::Instant;

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use onthaal_wire::Staff;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::Row;

use super::appointments::parse_json;
use super::token_cache::Holder;
use super::{col, from_ms, ms, Result, Store, StoreError};
use crate::domain::roles::{DeviceKind, Principal, Role};

/// How long a desk session lasts: a working day plus margin.
pub const SESSION_HOURS: i64 = 12;

pub struct LoginOutcome {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub staff: Staff,
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Corrupt(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| StoreError::Corrupt(e.to_string()))?
}

async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        // An unknown user or an unusable account ('!') still costs one verification, so the
        // answer time does not reveal which usernames exist.
        const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3Q4ZJ1HgTQ9e9hX3qVYzqvQ0B4YyS9cYt6Wq0GZ0pVg";
        let (h, real) = match PasswordHash::new(&hash) {
            Ok(h) => (h, true),
            Err(_) => (PasswordHash::new(DUMMY).expect("valid dummy hash"), false),
        };
        Argon2::default().verify_password(password.as_bytes(), &h).is_ok() && real
    })
    .await
    .unwrap_or(false)
}

pub(super) fn parse_roles(s: &str) -> Vec<Role> {
    s.split(',').filter_map(|r| Role::parse(r.trim())).collect()
}

impl Store {
    /// Checks a username and password; on success opens a session and returns its token.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<LoginOutcome>> {
        let row = sqlx::query(
            "SELECT id, name, roles, services, password_hash FROM staff WHERE username = $1 AND active = 1",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        let hash = match &row {
            Some(r) => col::<String>(r, "password_hash")?,
            None => String::new(),
        };
        if !verify_password(password.to_string(), hash).await {
            return Ok(None);
        }
        let row = row.expect("verified implies found");
        let token = new_token();
        let expires_at = now + Duration::hours(SESSION_HOURS);
        let staff_id: i64 = col(&row, "id")?;
        sqlx::query("INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash(&token))
            .bind(staff_id)
            .bind(ms(now))
            .bind(ms(expires_at))
            .execute(&self.pool)
            .await?;
        let roles: String = col(&row, "roles")?;
        Ok(Some(LoginOutcome {
            token,
            expires_at,
            staff: Staff {
                id: staff_id,
                name: col(&row, "name")?,
                roles: parse_roles(&roles)
                    .iter()
                    .map(|r| r.as_str().to_string())
                    .collect(),
                services: parse_json(&col::<String>(&row, "services")?)?,
            },
        }))
    }

    /// Ends a session; its open WebSocket connections on this server are told at once
    /// (those on other servers notice at their next session check).
    pub async fn logout(&self, token: &str) -> Result<()> {
        let hash = token_hash(token);
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(&hash)
            .execute(&self.pool)
            .await?;
        self.session_ended(&hash);
        self.announce_logout(&hash).await;
        Ok(())
    }

    /// A session has ended by a logout, here or on another instance: its token is forgotten
    /// and its WebSockets on this server are told.
    pub(super) fn session_ended(&self, hash: &str) {
        self.tokens.forget(hash);
        // Nobody listening (no socket open) is fine.
        let _ = self.ended_sessions.send(hash.to_string());
    }

    /// The hashes of sessions ended by a logout (on this server or, with PostgreSQL, another
    /// one on the same database), as they end.
    pub fn ended_sessions(&self) -> tokio::sync::broadcast::Receiver<String> {
        self.ended_sessions.subscribe()
    }

    /// When a live staff session ends; `None` for a device token, an unknown token, a
    /// session that has expired or was ended, or a deactivated account.
    pub async fn session_expires_at(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>> {
        Ok(self
            .holder(token)
            .await?
            .and_then(|h| h.session_ends)
            .filter(|at| *at > now))
    }

    /// Who holds this bearer token: a staff member with a live session, or a device.
    pub async fn principal(&self, token: &str, now: DateTime<Utc>) -> Result<Option<Principal>> {
        Ok(self
            .holder(token)
            .await?
            .filter(|h| h.session_ends.is_none_or(|end| end > now))
            .map(|h| h.principal))
    }

    /// A token's holder, from memory if it was read a moment ago (see `token_cache.rs`); else
    /// one query for sessions and devices both, as every API request asks it. A session comes
    /// with its end, expired or not.
    async fn holder(&self, token: &str) -> Result<Option<Holder>> {
        let hash = token_hash(token);
        let read_at = Instant::now();
        if let Some(holder) = self.tokens.get(&hash, read_at) {
            return Ok(Some(holder));
        }
        let generation = self.tokens.generation();
        let Some(r) = sqlx::query(
            "SELECT 'staff' AS who, s.id, s.name, s.roles, x.expires_at, 0 AS location_id \
             FROM sessions x JOIN staff s ON s.id = x.staff_id WHERE x.token_hash = $1 AND s.active = 1 \
             UNION ALL \
             SELECT 'device', id, kind, '', 0, location_id FROM devices WHERE token_hash = $1 AND revoked = 0",
        )
        .bind(&hash)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let holder = if col::<String>(&r, "who")? == "device" {
            let kind: String = col(&r, "name")?;
            let Some(kind) = DeviceKind::parse(&kind) else {
                return Ok(None);
            };
            Holder {
                principal: Principal::Device {
                    id: col(&r, "id")?,
                    kind,
                    location_id: col(&r, "location_id")?,
                },
                session_ends: None,
            }
        } else {
            let roles: String = col(&r, "roles")?;
            Holder {
                principal: Principal::Staff {
                    id: col(&r, "id")?,
                    name: col(&r, "name")?,
                    roles: parse_roles(&roles),
                },
                session_ends: Some(from_ms(col(&r, "expires_at")?)),
            }
        };
        self.tokens
            .remember(hash, holder.clone(), generation, read_at);
        Ok(Some(holder))
    }

    /// Active staff members, for transfers and appointments (with the services they take
    /// appointments for, so the desk app offers a service's own workers).
    pub async fn staff_list(&self) -> Result<Vec<Staff>> {
        let rows = sqlx::query(
            "SELECT id, name, roles, services FROM staff WHERE active = 1 ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let roles: String = col(r, "roles")?;
                Ok(Staff {
                    id: r.try_get("id")?,
                    name: col(r, "name")?,
                    roles: parse_roles(&roles)
                        .iter()
                        .map(|r| r.as_str().to_string())
                        .collect(),
                    services: parse_json(&col::<String>(r, "services")?)?,
                })
            })
            .collect()
    }
}
