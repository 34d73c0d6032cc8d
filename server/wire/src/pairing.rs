//! Kiosks and displays as the administrator registers and manages them (`/admin`, Apparaten):
//! registering one for a short one-time pairing code, the station exchanging that code for its
//! token, renaming and the register's list.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::StationSettings;

/// `POST /api/v1/admin/devices`: a kiosk or display to register; it gets a pairing code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDevice {
    /// `kiosk` or `display`.
    #[schema(schema_with = crate::schema::device_kind)]
    pub kind: String,
    /// 1 to 100 characters, e.g. "Kiosk inkom".
    pub name: String,
    /// The location's key; the first location when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// `PATCH /api/v1/admin/devices/{id}`: a new name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeviceRename {
    pub name: String,
}

/// A kiosk or display in the administrator's list: every location's, revoked ones too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AdminDevice {
    pub id: i64,
    /// `kiosk` or `display`.
    #[schema(schema_with = crate::schema::device_kind)]
    pub kind: String,
    pub name: String,
    /// The location's key.
    pub location: String,
    /// Connected to a server now.
    pub online: bool,
    #[schema(required = true)]
    pub last_seen: Option<DateTime<Utc>>,
    pub revoked: bool,
    /// Registered in the app and waiting for its station to use the pairing code.
    pub awaiting_pairing: bool,
    /// Until when the pairing code given out works (while `awaiting_pairing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pairing_expires_at: Option<DateTime<Utc>>,
    /// When its station used its pairing code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paired_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    #[serde(default)]
    pub settings: StationSettings,
}

/// A pairing code, shown this once: the station asks for it at its first start. Only its
/// hash is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PairingCode {
    pub device: AdminDevice,
    /// Eight characters in two groups, e.g. `K7MX-3QPA`.
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/v1/devices/pair`: a station exchanges its pairing code for its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PairRequest {
    /// The code as typed: case, spaces and dashes do not matter.
    pub code: String,
    /// What the station is (`kiosk` or `display`): a code for the other kind is refused.
    #[schema(schema_with = crate::schema::device_kind)]
    pub kind: String,
}

/// The station's token, shown this once, and what it was registered as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Paired {
    pub token: String,
    pub device_id: i64,
    #[schema(schema_with = crate::schema::device_kind)]
    pub kind: String,
    pub name: String,
    /// The location's key.
    pub location: String,
}
