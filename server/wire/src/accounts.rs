//! Staff accounts as an administrator manages them (`/api/v1/admin/accounts…`), and one's own
//! password (`POST /api/v1/me/password`). No answer ever holds a password, except the one-time
//! password an administrator is shown once when an account is made or its password reset.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A staff account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub name: String,
    #[schema(schema_with = crate::schema::roles)]
    pub roles: Vec<String>,
    /// The service keys they take appointments for; empty: every service.
    pub services: Vec<String>,
    /// A disabled account cannot log in and has no session.
    pub active: bool,
    /// When it was disabled; null while active.
    #[schema(required = true)]
    pub disabled_at: Option<DateTime<Utc>>,
    /// Who disabled it: `configuration` (it left the configuration file), `command line`, or
    /// the administrator's name and username; null while active.
    #[schema(required = true)]
    pub disabled_by: Option<String>,
    /// Its password is a one-time password: it must be changed at the next login.
    pub must_change_password: bool,
    /// Whether a password was ever set (an account from the configuration file without
    /// `password =` has none until an administrator resets it).
    pub has_password: bool,
    pub created_at: DateTime<Utc>,
}

/// `POST /api/v1/admin/accounts`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    /// Lowercase letters, digits, `.`, `-`, `_` or `@`; at most 60 characters.
    pub username: String,
    pub name: String,
    #[schema(schema_with = crate::schema::roles)]
    pub roles: Vec<String>,
    /// Service keys; empty or left out: every service.
    #[serde(default)]
    pub services: Vec<String>,
}

/// `PATCH /api/v1/admin/accounts/{id}`: what is given changes, the rest stays.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = crate::schema::roles)]
    pub roles: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<String>>,
}

/// An account with its new one-time password: shown this once, never stored readably. The
/// staff member must change it at their first login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OneTimePassword {
    pub account: Account,
    pub one_time_password: String,
}

/// `POST /api/v1/me/password`: one's own password, the current one and the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub old_password: String,
    pub new_password: String,
}
