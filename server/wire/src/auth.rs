//! Logging in with a username and password, and asking whom a token belongs to.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Staff;

/// `POST /api/v1/auth/login`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Login {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LoginOk {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub staff: Staff,
    /// The password is a one-time password: the app asks for a new one before anything else,
    /// as every other call but `POST /api/v1/me/password`, `GET /api/v1/auth/me` and the logout
    /// is refused with `403 password_change_required` until then.
    #[serde(default)]
    pub must_change_password: bool,
}

/// `GET /api/v1/auth/me`: whom the token belongs to, a staff member or a station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Me {
    Staff(StaffSession),
    Device(DeviceSession),
}

/// A staff member behind a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffSession {
    /// Always `staff`.
    #[schema(schema_with = crate::schema::staff_kind)]
    pub kind: String,
    pub id: i64,
    pub name: String,
    #[schema(schema_with = crate::schema::roles)]
    pub roles: Vec<String>,
    /// When the session ends.
    #[schema(required = true)]
    pub expires_at: Option<DateTime<Utc>>,
    /// As in the login answer: a new password must be chosen first.
    #[serde(default)]
    pub must_change_password: bool,
}

/// A kiosk or display behind a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DeviceSession {
    #[schema(schema_with = crate::schema::device_kind)]
    pub kind: String,
    pub id: i64,
}
