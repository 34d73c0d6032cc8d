//! What a service (a queue visitors take a ticket for) is configured to be: its key, ticket
//! prefix, names and descriptions per language, timing and opening hours. The configuration
//! file's `[[location.service]]` reads into it (`config/services.rs`) and the live state reads
//! it back from the `services` table (`db/services.rs`).

use std::collections::BTreeMap;

use onthaal_wire::Lang;

use crate::domain::hours::Schedule;

#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSettings {
    pub key: String,
    pub prefix: String,
    /// Name per language code; always has `nl`.
    pub names: BTreeMap<String, String>,
    /// One short line per language for the kiosk tile.
    pub descriptions: BTreeMap<String, String>,
    pub icon: String,
    /// Visitors can take a ticket for it at the kiosk.
    pub walk_in: bool,
    /// The ID-team: staff record a triage outcome for its visitors.
    pub triage: bool,
    /// A visitor transferred into this service keeps their arrival time (else: to the back).
    pub transfer_keeps_arrival: bool,
    pub target_wait_s: i64,
    /// The typical visit length, used for estimates until real ones are known.
    pub service_s: i64,
    pub schedule: Schedule,
}

impl ServiceSettings {
    pub fn name(&self) -> &str {
        self.names
            .get("nl")
            .map(String::as_str)
            .unwrap_or(&self.key)
    }

    pub fn name_in(&self, lang: Lang) -> &str {
        self.names
            .get(lang.code())
            .map(String::as_str)
            .unwrap_or_else(|| self.name())
    }

    /// The description in `lang`, else the Dutch one, with the language it is in: a page shows
    /// the Dutch text marked as Dutch, so that a screen reader reads it with a Dutch voice.
    pub fn description_in(&self, lang: Lang) -> Option<(&str, &'static str)> {
        [lang.code(), "nl"]
            .into_iter()
            .find_map(|code| self.descriptions.get(code).map(|d| (d.as_str(), code)))
    }

    /// The language [`ServiceSettings::name_in`] gives the name in.
    pub fn name_lang(&self, lang: Lang) -> &'static str {
        if self.names.contains_key(lang.code()) {
            lang.code()
        } else {
            "nl"
        }
    }
}
