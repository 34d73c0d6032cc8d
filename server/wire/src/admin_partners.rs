//! Partners and kinds of help request as an administrator keeps them in the app
//! (`/api/v1/admin/partners…`, `/api/v1/admin/help-categories…`): field for field what the
//! configuration file's `[[partner]]` and `[[help_category]]` say, and whether the item is
//! retired (no longer offered, still named in the register and the statistics).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A partner organisation, active or retired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminPartner {
    pub key: String,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub hours: String,
    pub website: Option<String>,
    /// Offered to the ID-team; `false` once retired.
    pub active: bool,
}

/// `POST /api/v1/admin/partners`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAdminPartner {
    /// Lower-case letters, digits and dashes; unique.
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub hours: String,
    #[serde(default)]
    pub website: Option<String>,
}

/// `PATCH /api/v1/admin/partners/{key}`: what is left out stays; `website: ""` removes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminPartnerChange {
    pub name: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub hours: Option<String>,
    pub website: Option<String>,
}

/// A kind of help request, active or retired, in the configured order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminHelpCategory {
    pub key: String,
    pub name: String,
    /// A leefloon request: its receipt has the leefloon paragraphs.
    pub leefloon: bool,
    /// Offered on the help-request form; `false` once retired.
    pub active: bool,
}

/// `POST /api/v1/admin/help-categories`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAdminHelpCategory {
    /// Lower-case letters, digits and dashes; unique.
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub leefloon: bool,
}

/// `PATCH /api/v1/admin/help-categories/{key}`: what is left out stays.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminHelpCategoryChange {
    pub name: Option<String>,
    pub leefloon: Option<bool>,
}
