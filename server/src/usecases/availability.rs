//! A social worker's weekly hours and the services they are booked for, set in the app
//! (`/admin`: by an administrator from Accounts, by a manager from Beschikbaarheid). The change
//! goes through [`Store::change_configuration`] like any change of the configuration: checked by
//! the configuration file's own rules and with its messages, written in one transaction beside
//! the account, refused with 409 when another change came in between, and live on every server
//! instance (online booking reads the hours from the database at every request; the other
//! instances follow the configuration's revision). Its audit entry (`configuration_changed`)
//! speaks of the account: whose, before → after, in the API's terms.

use chrono::{DateTime, Utc};
use onthaal_wire::{StaffAvailability, WorkerAvailability};
use serde_json::json;

use crate::config::{staff_weekly, weekly_map, Config, StaffConfig};
use crate::db::{Result, StoreError};
use crate::domain::events::EventKind;
use crate::domain::roles::Role;
use crate::engine::Store;
use crate::usecases::configuration::{no_configuration, stored_config, Audit};
use crate::usecases::{rejected, Actor};

/// A staff member's hours and services as the API shows them.
fn view(s: &StaffConfig) -> StaffAvailability {
    StaffAvailability {
        hours: s
            .availability
            .weekly
            .as_ref()
            .map(weekly_map)
            .unwrap_or_default(),
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
            .ok_or_else(no_configuration)
    }

    /// Every active social worker's weekly hours and services, by name.
    pub async fn availability_list(&self) -> Result<Vec<WorkerAvailability>> {
        let cfg = self.configuration_now().await?;
        let mut list: Vec<WorkerAvailability> = cfg
            .staff
            .iter()
            .filter(|s| s.roles.contains(&Role::SocialWorker))
            .map(|s| {
                let v = view(s);
                WorkerAvailability {
                    username: s.username.clone(),
                    name: s.name.clone(),
                    hours: v.hours,
                    services: v.services,
                }
            })
            .collect();
        list.sort_by(|a, b| a.name.cmp(&b.name).then(a.username.cmp(&b.username)));
        Ok(list)
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
        let mut before = None;
        let plan = self
            .change_configuration_audited(by, now, Audit::ByCaller, |cfg| {
                let s = worker(cfg, username)?;
                before = Some(view(s));
                s.availability.weekly = staff_weekly(&new.hours).map_err(|e| {
                    rejected(
                        "invalid_configuration",
                        format!("{}: {}", e.field, e.message),
                    )
                })?;
                // The services are checked with the whole configuration, by the file's rules.
                s.services = new.services;
                Ok(())
            })
            .await?;
        let after = self.staff_availability(username).await?;
        if !plan.is_empty() {
            let details = json!({
                "by": by.label(),
                "changes": plan.lines().iter().map(|(k, l)| json!({"kind": k, "what": l})).collect::<Vec<_>>(),
                "account": username,
                "before": before,
                "after": after,
            });
            self.audit_security(EventKind::ConfigurationChanged, by.staff_id(), details, now)
                .await?;
        }
        Ok(after)
    }
}
