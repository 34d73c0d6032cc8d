//! Kiosks and displays as reception manages them: printer reports and per-device settings.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::Lang;

/// What a station knows about its printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrinterState {
    Ok,
    PaperNearEnd,
    PaperOut,
    CoverOpen,
    Offline,
    Unreachable,
    Error,
}

impl PrinterState {
    /// True when tickets cannot be printed.
    pub fn is_failure(self) -> bool {
        !matches!(self, PrinterState::Ok | PrinterState::PaperNearEnd)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PrinterReport {
    pub state: PrinterState,
    /// A sentence for reception, e.g. the driver's error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Per-device settings kept on the server (a station's own screen cannot change them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, ToSchema)]
pub struct StationSettings {
    /// Service keys this display shows; empty means all.
    #[serde(default)]
    pub services: Vec<String>,
    /// An information line for the waiting room, e.g. permanentie hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200)]
    pub info_line: Option<String>,
    /// A second language for spoken announcements, after Dutch. The older, single form of
    /// `languages`, still honoured when `languages` is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_language: Option<Lang>,
    /// The languages a display shows its headings, information lines and spoken announcements
    /// in after Dutch, in order (a waiting room often needs French and English, or Arabic and
    /// Ukrainian, not just one of them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Lang>,
    /// The information line in other languages, by language code (`{"fr": "…"}`); `info_line`
    /// is the Dutch one and stands in for a language without its own.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    #[schema(schema_with = crate::schema::info_lines)]
    pub info_lines: std::collections::BTreeMap<String, String>,
}

impl StationSettings {
    /// The languages after Dutch: `languages`, or else `second_language`; Dutch and repeats
    /// left out.
    pub fn other_languages(&self) -> Vec<Lang> {
        let given: Vec<Lang> = if self.languages.is_empty() {
            self.second_language.into_iter().collect()
        } else {
            self.languages.clone()
        };
        let mut out = Vec::new();
        for l in given {
            if l != Lang::NL && !out.contains(&l) {
                out.push(l);
            }
        }
        out
    }

    /// The information line in one language: its own, else the Dutch `info_line`.
    pub fn info_line_in(&self, lang: Lang) -> Option<&str> {
        self.info_lines
            .get(lang.code())
            .or(self.info_line.as_ref())
            .map(String::as_str)
            .filter(|l| !l.trim().is_empty())
    }
}

/// A kiosk or display as reception sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DeviceInfo {
    pub id: i64,
    /// `kiosk` or `display`.
    #[schema(schema_with = crate::schema::device_kind)]
    pub kind: String,
    pub name: String,
    /// Connected to the server now.
    pub online: bool,
    #[schema(required = true)]
    pub last_seen: Option<DateTime<Utc>>,
    /// The kiosk's last printer report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printer: Option<PrinterReport>,
    #[schema(required = true)]
    #[serde(default)]
    pub settings: StationSettings,
    /// Revoked in Beheer → Apparaten (its `device` frame): the desk app drops it. Left out
    /// for every station still in service.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub revoked: bool,
}
