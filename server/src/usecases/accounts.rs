//! Staff accounts as a municipality administers them, in the app (`/admin`, role admin) and
//! from the command line (`onthaal-server account …`): list, create, change name, roles and
//! services, disable and enable, reset a password to a one-time password, and everyone's own
//! password change.
//!
//! A disabled account cannot log in, and its sessions end at once: here and, through the same
//! notification as a logout, on every instance of a PostgreSQL database. An account disabled
//! by another process (the command line) keeps its sessions in the database until a running
//! server finds them, every [`ACCOUNT_CHECK_EVERY`]; until then the holder query already
//! refuses them once the token cache forgets them (see `engine/token_cache.rs`).
//!
//! A one-time password (generated, shown once) must be changed at the next login before
//! anything else (`403 password_change_required`, see `http/extract.rs`). Every change is
//! written to the audit log with who made it and the account before and after; never a
//! password.

use std::time::Duration;

use chrono::{DateTime, Utc};
use onthaal_wire::{Account, AccountChange, NewAccount};
use rand::Rng;
use serde_json::json;
use tokio::sync::watch;

use crate::db::staff::{self, DisabledBy};
use crate::db::{sessions, Result, StoreError};
use crate::domain::events::EventKind;
use crate::domain::passwords;
use crate::domain::roles::Role;
use crate::domain::throttle;
use crate::engine::hashing::HashError;
use crate::engine::Store;
use crate::usecases::auth::token_hash;
use crate::usecases::{conflict, rejected};

/// How often a server looks for sessions of accounts another process disabled.
pub const ACCOUNT_CHECK_EVERY: Duration = Duration::from_secs(5);

/// Who changes an account, for the audit log and for what they may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// A staff member in the app, by id: an administrator, or anyone for their own password.
    Staff(i64),
    /// `onthaal-server account …`, run by whoever may run the server.
    CommandLine,
}

impl Actor {
    pub(crate) fn staff_id(self) -> Option<i64> {
        match self {
            Actor::Staff(id) => Some(id),
            Actor::CommandLine => None,
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Actor::Staff(_) => "app",
            Actor::CommandLine => "command line",
        }
    }
}

/// What a change of one's own password came to (a refusal is an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnPasswordChange {
    Changed,
    /// Too many wrong current passwords: nothing was checked; try again after `wait`.
    Throttled {
        wait: chrono::Duration,
    },
}

/// Letters and digits no one confuses on paper or on the phone (no 0/o, 1/l/i).
const ONE_TIME_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// A one-time password: four groups of four, about 79 random bits, to be read out or copied
/// once and changed at the first login.
pub fn one_time_password() -> String {
    let mut rng = rand::thread_rng();
    (0..4)
        .map(|_| {
            (0..4)
                .map(|_| ONE_TIME_ALPHABET[rng.gen_range(0..ONE_TIME_ALPHABET.len())] as char)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A username in the characters a login form and a log line take (as in the configuration
/// file, `config/accounts.rs`).
fn check_username(username: &str) -> Result<()> {
    let ok = !username.is_empty()
        && username.len() <= 60
        && username
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.@".contains(c));
    if ok {
        Ok(())
    } else {
        Err(rejected(
            "invalid_username",
            format!("\"{username}\" is not a valid username: use 1 to 60 lowercase letters, digits, '.', '-', '_' or '@'"),
        ))
    }
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(rejected(
            "invalid_name",
            "give a name of 1 to 100 characters",
        ));
    }
    Ok(name.to_string())
}

fn parse_role_names(names: &[String]) -> Result<Vec<Role>> {
    let mut roles = Vec::new();
    for n in names {
        let role = Role::parse(n).ok_or_else(|| {
            rejected(
                "invalid_role",
                format!("\"{n}\" is not a role; use reception, id_team, social_worker, manager or admin"),
            )
        })?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    if roles.is_empty() {
        return Err(rejected(
            "invalid_role",
            "give the account at least one role",
        ));
    }
    Ok(roles)
}

/// What the audit log says of an account: never its password.
fn profile(a: &Account) -> serde_json::Value {
    json!({"name": a.name, "roles": a.roles, "services": a.services, "active": a.active})
}

impl Store {
    /// Every account, disabled ones too, by username.
    pub async fn accounts(&self) -> Result<Vec<Account>> {
        staff::accounts(&mut *self.pool.acquire().await?).await
    }

    pub async fn account(&self, id: i64) -> Result<Account> {
        staff::account(&mut *self.pool.acquire().await?, id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("account {id}")))
    }

    pub async fn account_by_username(&self, username: &str) -> Result<Account> {
        staff::account_by_username(&mut *self.pool.acquire().await?, username)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("account \"{username}\"")))
    }

    /// The service keys of every location, for checking an account's services.
    async fn check_services(&self, keys: &[String]) -> Result<Vec<String>> {
        let known =
            crate::db::configuration::service_keys(&mut *self.pool.acquire().await?).await?;
        let mut out = Vec::new();
        for k in keys {
            if !known.contains(k) {
                return Err(rejected(
                    "unknown_service",
                    format!("\"{k}\" is not a service; use one of: {}", known.join(", ")),
                ));
            }
            if !out.contains(k) {
                out.push(k.clone());
            }
        }
        Ok(out)
    }

    /// Creates an account. With `password` (the command line's `--password-stdin`) it is held
    /// to the password policy and kept; without, a one-time password is generated and returned,
    /// to be shown once and changed at the first login.
    pub async fn create_account(
        &self,
        by: Actor,
        new: NewAccount,
        password: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(Account, Option<String>)> {
        check_username(&new.username)?;
        let name = check_name(&new.name)?;
        let roles = parse_role_names(&new.roles)?;
        let services = self.check_services(&new.services).await?;
        let (password, one_time) = chosen_or_one_time(password, &new.username, &name)?;
        if staff::exists(&mut *self.pool.acquire().await?, &new.username).await? {
            return Err(username_taken(&new.username));
        }
        let hash = self.hash_password(password.clone()).await?;
        let id = staff::insert(
            &mut *self.pool.acquire().await?,
            &new.username,
            &name,
            &roles,
            &services,
            &hash,
            one_time,
            now,
        )
        .await?
        .ok_or_else(|| username_taken(&new.username))?;
        let account = self.account(id).await?;
        self.audit_account(
            EventKind::AccountCreated,
            by,
            &account,
            json!({"after": profile(&account), "one_time_password": one_time}),
            now,
        )
        .await?;
        Ok((account, one_time.then_some(password)))
    }

    /// Changes what is given of an account's name, roles and services. The database holds
    /// them, also for an account a configuration file once listed: a start leaves them, and
    /// only an import (`config import`, which says so in its dry run) sets them to a file.
    pub async fn change_account(
        &self,
        by: Actor,
        id: i64,
        change: AccountChange,
        now: DateTime<Utc>,
    ) -> Result<Account> {
        let before = self.account(id).await?;
        let name = match &change.name {
            Some(n) => check_name(n)?,
            None => before.name.clone(),
        };
        let roles = parse_role_names(change.roles.as_ref().unwrap_or(&before.roles))?;
        let services = match &change.services {
            Some(s) => self.check_services(s).await?,
            None => before.services.clone(),
        };
        let mut conn = self.pool.acquire().await?;
        if before.active
            && before.roles.iter().any(|r| r == Role::Admin.as_str())
            && !roles.contains(&Role::Admin)
            && staff::other_active_admins(&mut conn, id).await? == 0
        {
            return Err(last_admin(&before.username));
        }
        staff::set_profile(&mut conn, id, &name, &roles, &services).await?;
        drop(conn);
        // The roles a session carries are read again at its next request.
        self.tokens.forget_all();
        self.audit_change(EventKind::AccountChanged, by, &before, now)
            .await
    }

    /// Disables an account: it cannot log in, and its sessions end at once (its WebSockets
    /// close, on every instance). The last active administrator is not disabled, nor does an
    /// administrator disable their own account.
    pub async fn disable_account(&self, by: Actor, id: i64, now: DateTime<Utc>) -> Result<Account> {
        let before = self.account(id).await?;
        if by == Actor::Staff(id) {
            return Err(conflict(
                "own_account",
                "you cannot disable your own account; ask another administrator",
            ));
        }
        if !before.active {
            return Err(conflict(
                "already_disabled",
                format!("the account \"{}\" is disabled already", before.username),
            ));
        }
        let mut conn = self.pool.acquire().await?;
        if before.roles.iter().any(|r| r == Role::Admin.as_str())
            && staff::other_active_admins(&mut conn, id).await? == 0
        {
            return Err(last_admin(&before.username));
        }
        let disabled_by = match by {
            Actor::Staff(admin) => DisabledBy::Admin(admin),
            Actor::CommandLine => DisabledBy::CommandLine,
        };
        staff::disable(&mut conn, id, disabled_by, now).await?;
        // The command line runs beside the servers: it leaves the sessions for them to end
        // (see [`ACCOUNT_CHECK_EVERY`]), as only they can forget the tokens they hold.
        let ended = match by {
            Actor::Staff(_) => sessions::delete_of(&mut conn, id, None).await?,
            Actor::CommandLine => Vec::new(),
        };
        drop(conn);
        self.sessions_ended(&ended).await;
        self.audit_change(EventKind::AccountDisabled, by, &before, now)
            .await
    }

    /// Enables a disabled account. One that had left the configuration file is the app's
    /// from then on: it is not disabled again at the next start.
    pub async fn enable_account(&self, by: Actor, id: i64, now: DateTime<Utc>) -> Result<Account> {
        let before = self.account(id).await?;
        if !staff::enable(&mut *self.pool.acquire().await?, id).await? {
            return Err(conflict(
                "already_active",
                format!("the account \"{}\" is active already", before.username),
            ));
        }
        self.audit_change(EventKind::AccountEnabled, by, &before, now)
            .await
    }

    /// Sets an account's password: `Some` a chosen one (the command line reads it from
    /// standard input; held to the password policy), `None` a one-time password, generated
    /// and returned to be shown once. The account's sessions end: whoever knew the old
    /// password is out.
    pub async fn set_account_password(
        &self,
        by: Actor,
        id: i64,
        password: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(Account, Option<String>)> {
        let account = self.account(id).await?;
        let (password, one_time) = chosen_or_one_time(password, &account.username, &account.name)?;
        let hash = self.hash_password(password.clone()).await?;
        let mut conn = self.pool.acquire().await?;
        staff::set_password(&mut conn, id, &hash, one_time).await?;
        let ended = sessions::delete_of(&mut conn, id, None).await?;
        drop(conn);
        self.sessions_ended(&ended).await;
        let account = self.account(id).await?;
        self.audit_account(
            EventKind::PasswordReset,
            by,
            &account,
            json!({"one_time_password": one_time, "sessions_ended": ended.len()}),
            now,
        )
        .await?;
        Ok((account, one_time.then_some(password)))
    }

    /// A staff member changes their own password: the current one and a new one that meets
    /// the password policy. Their other sessions end; the one that asked goes on, free of a
    /// one-time password's restriction. A wrong current password counts as a failed login of
    /// the account, so a session left open cannot be used to guess it: after a few, the answer
    /// is to wait, as at the login (see `domain/throttle.rs`).
    pub async fn change_own_password(
        &self,
        staff_id: i64,
        token: &str,
        old: &str,
        new: &str,
        now: DateTime<Utc>,
    ) -> Result<OwnPasswordChange> {
        let own = staff::password_of(&mut *self.pool.acquire().await?, staff_id)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("account {staff_id}")))?;
        if let Some(wait) = own
            .not_before
            .map(|at| at - now)
            .filter(|w| *w > chrono::Duration::zero())
        {
            return Ok(OwnPasswordChange::Throttled { wait });
        }
        let slot = self.hashing.slot().await.map_err(busy)?;
        let right = old.len() <= passwords::MAX_BYTES
            && slot.verify(old.to_string(), own.hash).await.map_err(busy)?;
        if !right {
            drop(slot);
            let mut conn = self.pool.acquire().await?;
            let failures = staff::count_failure(&mut conn, staff_id).await?;
            let failures = u32::try_from(failures).unwrap_or(u32::MAX);
            if let Some(wait) = throttle::ACCOUNT.delay(failures) {
                staff::hold_back(&mut conn, staff_id, now + wait).await?;
                drop(conn);
                let data = json!({"failures": failures, "wait_s": wait.num_seconds(), "at": "password change"});
                self.audit_security(EventKind::LoginLocked, Some(staff_id), data, now)
                    .await?;
            }
            return Err(wrong_password());
        }
        let (username, name) = (own.username, own.name);
        if old == new {
            return Err(rejected(
                "same_password",
                "choose a new password, not the current one",
            ));
        }
        passwords::check(new, &[&username, &name]).map_err(|why| rejected("weak_password", why))?;
        let new_hash = slot.hash(new.to_string()).await.map_err(busy)?;
        drop(slot);
        let keep = token_hash(token);
        let mut conn = self.pool.acquire().await?;
        staff::set_password(&mut conn, staff_id, &new_hash, false).await?;
        let ended = sessions::delete_of(&mut conn, staff_id, Some(&keep)).await?;
        drop(conn);
        self.sessions_ended(&ended).await;
        // This session no longer waits for a new password.
        self.tokens.forget(&keep);
        let account = self.account(staff_id).await?;
        self.audit_account(
            EventKind::PasswordChanged,
            Actor::Staff(staff_id),
            &account,
            json!({"by": "own", "sessions_ended": ended.len()}),
            now,
        )
        .await?;
        Ok(OwnPasswordChange::Changed)
    }

    /// Ended sessions: their tokens are forgotten and their WebSockets closed, here and on the
    /// other instances.
    async fn sessions_ended(&self, hashes: &[String]) {
        for hash in hashes {
            self.session_ended(hash);
            self.announce_logout(hash).await;
        }
    }

    /// Ends the sessions of accounts disabled by another process; see [`ACCOUNT_CHECK_EVERY`].
    pub async fn end_sessions_of_disabled_accounts(&self) -> Result<usize> {
        let ended = sessions::delete_of_disabled(&mut *self.pool.acquire().await?).await?;
        self.sessions_ended(&ended).await;
        Ok(ended.len())
    }

    /// Looks for sessions of disabled accounts every [`ACCOUNT_CHECK_EVERY`] until `stop`.
    pub fn follow_disabled_accounts(&self, mut stop: watch::Receiver<bool>) {
        let store = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(ACCOUNT_CHECK_EVERY) => {}
                    _ = stop.wait_for(|v| *v) => break,
                }
                match store.end_sessions_of_disabled_accounts().await {
                    Ok(0) => {}
                    Ok(n) => {
                        tracing::info!(sessions = n, "ended the sessions of disabled accounts")
                    }
                    Err(e) => tracing::warn!(error = %e, "could not look for disabled accounts"),
                }
            }
        });
    }

    /// An account's change in the audit log with the account before and after it; returns it
    /// as it is now.
    async fn audit_change(
        &self,
        kind: EventKind,
        by: Actor,
        before: &Account,
        now: DateTime<Utc>,
    ) -> Result<Account> {
        let after = self.account(before.id).await?;
        let details = json!({"before": profile(before), "after": profile(&after)});
        self.audit_account(kind, by, &after, details, now).await?;
        Ok(after)
    }

    /// An account's change in the audit log: who (the administrator as the event's staff
    /// member, or the command line), the account, and the details.
    async fn audit_account(
        &self,
        kind: EventKind,
        by: Actor,
        account: &Account,
        mut details: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<()> {
        details["account"] = json!(account.username);
        details["account_id"] = json!(account.id);
        if details.get("by").is_none() {
            details["by"] = json!(by.label());
        }
        self.audit_security(kind, by.staff_id(), details, now).await
    }

    /// The changes the configuration file's loading made to accounts, in the audit log.
    pub(crate) async fn audit_file_changes(
        &self,
        changes: &[staff::FileChange],
        now: DateTime<Utc>,
    ) -> Result<()> {
        for c in changes {
            let (kind, id, username) = match c {
                staff::FileChange::Left(id, u) => (EventKind::AccountDisabled, id, u),
                staff::FileChange::Returned(id, u) => (EventKind::AccountEnabled, id, u),
            };
            let data = json!({"account": username, "account_id": id, "by": "configuration"});
            self.audit_security(kind, None, data, now).await?;
        }
        Ok(())
    }
}

/// A chosen password, held to the policy (the account's username and name count as known to an
/// attacker), or else a new one-time password; and whether it is one-time.
fn chosen_or_one_time(
    password: Option<String>,
    username: &str,
    name: &str,
) -> Result<(String, bool)> {
    match password {
        Some(p) => {
            passwords::check(&p, &[username, name])
                .map_err(|why| rejected("weak_password", why))?;
            Ok((p, false))
        }
        None => Ok((one_time_password(), true)),
    }
}

fn username_taken(username: &str) -> StoreError {
    conflict(
        "username_taken",
        format!("there is an account \"{username}\" already (it may be disabled)"),
    )
}

fn last_admin(username: &str) -> StoreError {
    conflict(
        "last_admin",
        format!(
            "\"{username}\" is the last active administrator; make another account admin first"
        ),
    )
}

fn wrong_password() -> StoreError {
    rejected("wrong_password", "the current password is not right")
}

fn busy(e: HashError) -> StoreError {
    match e {
        HashError::Busy => rejected("busy", "the server is busy; try again in a moment"),
        HashError::Failed(m) => StoreError::Corrupt(m),
    }
}
