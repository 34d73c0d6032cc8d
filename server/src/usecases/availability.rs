//! A social worker's weekly hours and the services they are booked for, set in the app
//! (`/admin`, Accounts, "Beschikbaarheid"). The change is checked by the configuration file's
//! own rules (the configuration, changed, is written as a file and read back, so the messages
//! are the file's), written beside the account, and in the audit log (`configuration_changed`,
//! before → after). Online booking reads the hours from the database at every request, so the
//! new hours are offered at once on every server instance; the configuration's revision is
//! raised as well, so the other instances reload as after any change of the configuration.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use onthaal_wire::StaffAvailability;
use serde_json::json;

use crate::config::{Config, StaffConfig};
use crate::db::{configuration, staff, Result, StoreError};
use crate::domain::appointments::Availability;
use crate::domain::events::EventKind;
use crate::domain::roles::Role;
use crate::engine::Store;
use crate::usecases::configuration::stored_config;
use crate::usecases::Actor;

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn rejected(code: &'static str, message: String) -> StoreError {
    StoreError::Rejected { code, message }
}

/// A staff member's hours and services as the API shows them.
fn view(s: &StaffConfig) -> StaffAvailability {
    let hours = match &s.availability.weekly {
        None => BTreeMap::new(),
        Some(w) => WEEKDAYS
            .iter()
            .zip(w)
            .filter(|(_, spans)| !spans.is_empty())
            .map(|(d, spans)| (d.to_string(), spans.iter().map(|x| x.to_string()).collect()))
            .collect(),
    };
    StaffAvailability {
        hours,
        services: s.services.clone(),
    }
}

/// The active social worker `username` in `cfg`: 404 for no such active account, 422
/// `not_a_social_worker` for another role (only social workers take appointments).
fn worker<'a>(cfg: &'a mut Config, username: &str) -> Result<&'a mut StaffConfig> {
    let s = cfg
        .staff
        .iter_mut()
        .find(|s| s.username == username)
        .ok_or_else(|| StoreError::NotFound(format!("account {username}")))?;
    if !s.roles.contains(&Role::SocialWorker) {
        return Err(rejected(
            "not_a_social_worker",
            format!(
                "\"{username}\" is not a social worker: only social workers have hours for appointments"
            ),
        ));
    }
    Ok(s)
}

impl Store {
    async fn configuration_now(&self) -> Result<Config> {
        stored_config(&mut *self.pool.acquire().await?)
            .await?
            .ok_or_else(|| {
                rejected(
                    "no_configuration",
                    "this database holds no configuration yet: import one with \
                     onthaal-server config import FILE"
                        .into(),
                )
            })
    }

    /// A social worker's weekly hours and services.
    pub async fn staff_availability(&self, username: &str) -> Result<StaffAvailability> {
        let mut cfg = self.configuration_now().await?;
        Ok(view(worker(&mut cfg, username)?))
    }

    /// Sets a social worker's weekly hours and services. Malformed, reversed or overlapping
    /// spans and an unknown weekday are 422 `invalid_configuration` with the file's message
    /// (`staff.availability.mon: …`); an unknown service too (`staff.services: …`).
    pub async fn set_staff_availability(
        &self,
        by: Actor,
        username: &str,
        new: StaffAvailability,
        now: DateTime<Utc>,
    ) -> Result<StaffAvailability> {
        let mut cfg = self.configuration_now().await?;
        let before = view(worker(&mut cfg, username)?);
        // The file's rules: the configuration with the new hours, as a file, read back. The
        // spans are given to the file as the API got them, so that a malformed one gets the
        // file's own message.
        let mut text = cfg.administration_toml();
        let marker = format!("\n[[staff]]\nusername = {}\n", toml_string(username));
        let at = text.find(&marker).ok_or_else(|| {
            StoreError::Corrupt(format!("account {username} is not in the configuration"))
        })? + 1;
        let end = text[at..]
            .find("\n[[")
            .map(|i| at + i + 1)
            .unwrap_or(text.len());
        let s = worker(&mut cfg, username)?;
        let mut section = String::new();
        section.push_str(&format!(
            "[[staff]]\nusername = {}\n",
            toml_string(username)
        ));
        section.push_str(&format!("name = {}\n", toml_string(&s.name)));
        let roles: Vec<String> = s.roles.iter().map(|r| toml_string(r.as_str())).collect();
        section.push_str(&format!("roles = [{}]\n", roles.join(", ")));
        let services: Vec<String> = new.services.iter().map(|k| toml_string(k)).collect();
        section.push_str(&format!("services = [{}]\n", services.join(", ")));
        if !new.hours.is_empty() {
            section.push_str("[staff.availability]\n");
            for (day, spans) in &new.hours {
                let spans: Vec<String> = spans.iter().map(|x| toml_string(x)).collect();
                section.push_str(&format!("{} = [{}]\n", toml_key(day), spans.join(", ")));
            }
        }
        text.replace_range(at..end, &section);
        let checked = Config::parse_demo(&text, "the change").map_err(|e| {
            rejected(
                "invalid_configuration",
                format!("{}: {}", e.field, e.message),
            )
        })?;
        let after_cfg = checked
            .staff
            .iter()
            .find(|s| s.username == username)
            .ok_or_else(|| StoreError::Corrupt(format!("account {username} lost in the check")))?;
        // The weekly hours stay beside the account; absences have their own table.
        let weekly = Availability {
            weekly: after_cfg
                .availability
                .weekly
                .clone()
                .filter(|w| w.iter().any(|d| !d.is_empty())),
            absences: Vec::new(),
        };
        let after = StaffAvailability {
            services: after_cfg.services.clone(),
            ..view(&StaffConfig {
                availability: weekly.clone(),
                ..after_cfg.clone()
            })
        };
        {
            let mut tx = self.pool.begin().await?;
            staff::set_plan(
                &mut tx,
                username,
                &serde_json::to_string(&weekly).expect("availability serialises"),
                &serde_json::to_string(&after.services).expect("services serialise"),
            )
            .await?;
            configuration::bump_revision(&mut tx).await?;
            tx.commit().await?;
        }
        self.reload_locations(now).await?;
        let details = json!({
            "by": by.label(),
            "changes": [{"kind": "change", "what": format!("availability of {username}")}],
            "account": username,
            "before": before,
            "after": after,
        });
        self.audit_security(EventKind::ConfigurationChanged, by.staff_id(), details, now)
            .await?;
        Ok(after)
    }
}

/// A TOML basic string, written as `config export` writes it (so the account's section is
/// found in the exported text): JSON's escapes, and DEL escaped as TOML wants.
fn toml_string(s: &str) -> String {
    serde_json::to_string(s)
        .expect("a string serialises")
        .replace('\u{7f}', "\\u007F")
}

/// A TOML key: bare when it can be, quoted otherwise (an unknown weekday the file rejects).
fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        s.to_string()
    } else {
        toml_string(s)
    }
}
