//! Accounts, sessions and device tokens.
//!
//! Passwords are hashed with argon2 in a few bounded slots off the async threads (hashing is
//! slow and memory-hard on purpose; see `engine/hashing.rs`). Failed logins are throttled per
//! account, per username and per client address (see `domain/throttle.rs`).
//! Tokens are 256 random bits shown once; only their SHA-256 is stored, so a copy of the
//! database does not let anyone log in.

use std::time::Instant;

use std::net::IpAddr;

use crate::db::staff::{self, LoginAccount};
use crate::db::{col, from_ms, sessions, Result, StoreError};
use crate::domain::events::EventKind;
use crate::domain::rate_limit::address_key;
use crate::domain::roles::{parse_roles, DeviceKind, Principal};
use crate::domain::throttle;
use crate::engine::hashing::HashError;
use crate::engine::token_cache::Holder;
use crate::engine::{hashing, Store};
use chrono::{DateTime, Duration, Utc};
use onthaal_wire::Staff;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// How long a desk session lasts: a working day plus margin.
pub const SESSION_HOURS: i64 = 12;

/// How long the session cookie lives, in seconds.
pub fn auth_session_seconds() -> i64 {
    SESSION_HOURS * 3600
}

pub struct LoginOutcome {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub staff: Staff,
    /// The password is a one-time password: it must be changed before anything else.
    pub must_change_password: bool,
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// What a login attempt came to.
pub enum LoginResult {
    LoggedIn(LoginOutcome),
    /// Wrong username or password (which of the two is not said).
    Refused,
    /// Too many failed attempts for this account or from this address: the password was not
    /// checked; try again after `wait`.
    Throttled {
        wait: Duration,
    },
    /// Every password hashing slot stayed busy (see `engine/hashing.rs`).
    Busy,
}

impl Store {
    /// The password hashing slots: bounded, with fixed memory (see `engine/hashing.rs`).
    pub fn hashing(&self) -> &hashing::Hashing {
        &self.hashing
    }

    /// A new password's hash, in one of the hashing slots.
    pub(crate) async fn hash_password(&self, password: String) -> Result<String> {
        self.hashing.hash(password).await.map_err(|e| match e {
            HashError::Busy => StoreError::Rejected {
                code: "busy",
                message: "the server is busy; try again in a moment".into(),
            },
            HashError::Failed(m) => StoreError::Corrupt(m),
        })
    }

    async fn login_account(&self, username: &str) -> Result<Option<LoginAccount>> {
        let mut conn = self.pool.acquire().await?;
        staff::for_login(&mut conn, username).await
    }

    /// How long this attempt must still wait, by its address and its account (or username).
    fn login_wait(
        &self,
        username: &str,
        account: Option<&LoginAccount>,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Option<Duration> {
        let failures = self.login_failures.lock().expect("login failures lock");
        let by_address = address.and_then(|a| failures.addresses.wait(&address_key(a), now));
        let by_account = match account {
            Some(a) => a
                .not_before
                .map(|at| at - now)
                .filter(|w| *w > Duration::zero()),
            None => failures.unknown_users.wait(&username.to_string(), now),
        };
        by_address.into_iter().chain(by_account).max()
    }

    /// Checks a username and password; on success opens a session and returns its token.
    ///
    /// While the account (or a username without one) or the client's address must wait after
    /// failed attempts (see `domain/throttle.rs`), the password is not checked at all. The
    /// throttle is read again once a hashing slot is held, so attempts queued in parallel do
    /// not slip past it together. Every wait that a failure starts is written to the audit log.
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<LoginResult> {
        // Answered at once when throttled, without queueing for a hashing slot.
        let account = self.login_account(username).await?;
        if let Some(wait) = self.login_wait(username, account.as_ref(), address, now) {
            return Ok(LoginResult::Throttled { wait });
        }
        let slot = match self.hashing.slot().await {
            Ok(slot) => slot,
            Err(_) => return Ok(LoginResult::Busy),
        };
        let account = self.login_account(username).await?;
        if let Some(wait) = self.login_wait(username, account.as_ref(), address, now) {
            return Ok(LoginResult::Throttled { wait });
        }
        let hash = account.as_ref().map(|a| a.hash.clone()).unwrap_or_default();
        let right = match slot.verify(password.to_string(), hash).await {
            Ok(right) => right,
            Err(HashError::Busy) => return Ok(LoginResult::Busy),
            Err(HashError::Failed(m)) => return Err(StoreError::Corrupt(m)),
        };
        drop(slot);
        match account {
            Some(account) if right => self
                .open_session(account, now)
                .await
                .map(LoginResult::LoggedIn),
            account => {
                self.login_failed(username, account, address, now).await?;
                Ok(LoginResult::Refused)
            }
        }
    }

    async fn open_session(
        &self,
        account: LoginAccount,
        now: DateTime<Utc>,
    ) -> Result<LoginOutcome> {
        let mut conn = self.pool.acquire().await?;
        if account.failed != 0 || account.not_before.is_some() {
            staff::clear_failures(&mut conn, account.id).await?;
        }
        let token = new_token();
        let expires_at = now + Duration::hours(SESSION_HOURS);
        sessions::open(&mut conn, &token_hash(&token), account.id, now, expires_at).await?;
        Ok(LoginOutcome {
            token,
            expires_at,
            staff: account.staff,
            must_change_password: account.must_change_password,
        })
    }

    /// Counts a failed attempt for the account (in the database, atomically, so parallel
    /// attempts on several instances all count), or for the username, and for the address.
    async fn login_failed(
        &self,
        username: &str,
        account: Option<LoginAccount>,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let address_text = address.map(|a| a.to_canonical().to_string());
        if let Some(account) = account {
            let mut conn = self.pool.acquire().await?;
            let failed = staff::count_failure(&mut conn, account.id).await?;
            let failures = u32::try_from(failed).unwrap_or(u32::MAX);
            if let Some(wait) = throttle::ACCOUNT.delay(failures) {
                staff::hold_back(&mut conn, account.id, now + wait).await?;
                drop(conn);
                let data = serde_json::json!({
                    "username": username, "failures": failures,
                    "wait_s": wait.num_seconds(), "address": address_text,
                });
                self.audit_security(EventKind::LoginLocked, Some(account.id), data, now)
                    .await?;
            }
        } else {
            // Not written to the audit log: a mistyped username is often a password.
            self.login_failures
                .lock()
                .expect("login failures lock")
                .unknown_users
                .failed(&username.to_string(), now);
        }
        if let Some(address) = address {
            let (failures, wait) = self
                .login_failures
                .lock()
                .expect("login failures lock")
                .addresses
                .failed(&address_key(address), now);
            if let Some(wait) = wait {
                let data = serde_json::json!({
                    "address": address_text, "failures": failures, "wait_s": wait.num_seconds(),
                });
                self.audit_security(EventKind::LoginLockedAddress, None, data, now)
                    .await?;
            }
        }
        Ok(())
    }

    /// A security event in the audit log. Accounts belong to no location, so these go to the
    /// first (the default) location's log, where `GET /api/v1/audit` reads by default.
    pub(crate) async fn audit_security(
        &self,
        kind: EventKind,
        staff_id: Option<i64>,
        data: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let first = self
            .location_order
            .read()
            .expect("location order lock")
            .first()
            .map(|(id, _)| *id);
        let Some(location_id) = first else {
            // Its data (a username, a client address) is not logged: no personal data in logs.
            tracing::warn!(%kind, "no location to write a security event to; it is not recorded");
            return Ok(());
        };
        let mut w = self.begin_write(location_id, now).await?;
        let change = self
            .plain_event(&mut w, None, kind, None, staff_id, data, now)
            .await?;
        self.commit_and_publish(w, Some(change)).await
    }

    /// Ends a session; its open WebSocket connections on this server are told at once
    /// (those on other servers notice at their next session check).
    pub async fn logout(&self, token: &str) -> Result<()> {
        let hash = token_hash(token);
        sessions::delete(&mut *self.pool.acquire().await?, &hash).await?;
        self.session_ended(&hash);
        self.announce_logout(&hash).await;
        Ok(())
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
        Ok(self.token_holder(token, now).await?.map(|(p, _)| p))
    }

    /// As [`Store::principal`], with whether the staff member must change their one-time
    /// password before anything else.
    pub async fn token_holder(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<(Principal, bool)>> {
        Ok(self
            .holder(token)
            .await?
            .filter(|h| h.session_ends.is_none_or(|end| end > now))
            .map(|h| (h.principal, h.must_change_password)))
    }

    /// A token's holder, from memory if it was read a moment ago (see `engine/token_cache.rs`); else
    /// one query for sessions and devices both, as every API request asks it. A session comes
    /// with its end, expired or not.
    async fn holder(&self, token: &str) -> Result<Option<Holder>> {
        let hash = token_hash(token);
        let read_at = Instant::now();
        if let Some(holder) = self.tokens.get(&hash, read_at) {
            return Ok(Some(holder));
        }
        let generation = self.tokens.generation();
        let Some(r) = sessions::holder(&mut *self.pool.acquire().await?, &hash).await? else {
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
                must_change_password: false,
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
                must_change_password: col::<i64>(&r, "must_change_password")? != 0,
            }
        };
        self.tokens
            .remember(hash, holder.clone(), generation, read_at);
        Ok(Some(holder))
    }

    /// Active staff members, for transfers and appointments (with the services they take
    /// appointments for, so the desk app offers a service's own workers).
    pub async fn staff_list(&self) -> Result<Vec<Staff>> {
        staff::active(&mut *self.pool.acquire().await?).await
    }
}
