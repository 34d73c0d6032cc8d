//! Partners and kinds of help request kept in the app (`http/admin_partners.rs`): add, change,
//! retire and reinstate. Each goes through [`Store::change_configuration`] (the file's rules,
//! one transaction, the audit log, live on every server). A retired item keeps its row: the
//! register, the referral slips and the statistics still name it; it is no longer offered to
//! the ID-team or on the help-request form.

use chrono::{DateTime, Utc};
use onthaal_wire::{
    AdminHelpCategory, AdminHelpCategoryChange, AdminPartner, AdminPartnerChange,
    NewAdminHelpCategory, NewAdminPartner,
};

use crate::config::{HelpCategoryConfig, PartnerConfig};
use crate::db::{help_categories, partners, Result, StoreError};
use crate::engine::Store;
use crate::usecases::Actor;

fn invalid(message: String) -> StoreError {
    StoreError::Rejected {
        code: "invalid_configuration",
        message,
    }
}

/// A name the file would take but a list could not show: empty or only spaces.
pub(super) fn named(field: &str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid(format!("{field}: a name is required")));
    }
    Ok(name.to_string())
}

fn website(w: Option<String>) -> Option<String> {
    w.map(|w| w.trim().to_string()).filter(|w| !w.is_empty())
}

/// A change of a retired item: `409 retired`.
pub(super) fn retired(what: &str, key: &str) -> StoreError {
    StoreError::Conflict {
        code: "retired",
        message: format!("{what} \"{key}\" is retired; reinstate it first"),
    }
}

impl Store {
    /// Every partner, active or retired.
    pub async fn admin_partners(&self) -> Result<Vec<AdminPartner>> {
        partners::all(&self.pool).await
    }

    async fn admin_partner(&self, key: &str) -> Result<AdminPartner> {
        self.admin_partners()
            .await?
            .into_iter()
            .find(|p| p.key == key)
            .ok_or_else(|| StoreError::NotFound(format!("partner \"{key}\"")))
    }

    /// A new partner (`409 partner_exists` for a key in use, retired ones included: their
    /// history keeps the key).
    pub async fn create_partner(
        &self,
        by: Actor,
        new: NewAdminPartner,
        now: DateTime<Utc>,
    ) -> Result<AdminPartner> {
        if self.admin_partner(&new.key).await.is_ok() {
            return Err(StoreError::Conflict {
                code: "partner_exists",
                message: format!("a partner \"{}\" exists already (perhaps retired)", new.key),
            });
        }
        let p = PartnerConfig {
            key: new.key.clone(),
            name: named("partner.name", &new.name)?,
            address: new.address.trim().to_string(),
            phone: new.phone.trim().to_string(),
            hours: new.hours.trim().to_string(),
            website: website(new.website),
        };
        self.change_configuration(by, now, |cfg| {
            cfg.partners.push(p);
            Ok(())
        })
        .await?;
        self.admin_partner(&new.key).await
    }

    /// Changes what is given of an active partner.
    pub async fn change_partner(
        &self,
        by: Actor,
        key: &str,
        c: AdminPartnerChange,
        now: DateTime<Utc>,
    ) -> Result<AdminPartner> {
        if !self.admin_partner(key).await?.active {
            return Err(retired("partner", key));
        }
        let name = c
            .name
            .as_deref()
            .map(|n| named("partner.name", n))
            .transpose()?;
        self.change_configuration(by, now, |cfg| {
            let p = cfg
                .partners
                .iter_mut()
                .find(|p| p.key == key)
                .ok_or_else(|| StoreError::NotFound(format!("partner \"{key}\"")))?;
            if let Some(n) = name {
                p.name = n;
            }
            for (v, field) in [
                (c.address, &mut p.address),
                (c.phone, &mut p.phone),
                (c.hours, &mut p.hours),
            ] {
                if let Some(v) = v {
                    *field = v.trim().to_string();
                }
            }
            if c.website.is_some() {
                p.website = website(c.website);
            }
            Ok(())
        })
        .await?;
        self.admin_partner(key).await
    }

    /// Retires a partner: no longer offered, still named where it was used. Retiring a
    /// retired one changes nothing.
    pub async fn retire_partner(
        &self,
        by: Actor,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<AdminPartner> {
        if self.admin_partner(key).await?.active {
            self.change_configuration(by, now, |cfg| {
                cfg.partners.retain(|p| p.key != key);
                Ok(())
            })
            .await?;
        }
        self.admin_partner(key).await
    }

    /// Offers a retired partner again, as it was.
    pub async fn reinstate_partner(
        &self,
        by: Actor,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<AdminPartner> {
        let p = self.admin_partner(key).await?;
        if !p.active {
            self.change_configuration(by, now, |cfg| {
                cfg.partners.push(PartnerConfig {
                    key: p.key,
                    name: p.name,
                    address: p.address,
                    phone: p.phone,
                    hours: p.hours,
                    website: p.website,
                });
                Ok(())
            })
            .await?;
        }
        self.admin_partner(key).await
    }

    /// Every kind of help request, the active ones first in their order.
    pub async fn admin_help_categories(&self) -> Result<Vec<AdminHelpCategory>> {
        help_categories::all(&self.pool).await
    }

    async fn admin_help_category(&self, key: &str) -> Result<AdminHelpCategory> {
        self.admin_help_categories()
            .await?
            .into_iter()
            .find(|c| c.key == key)
            .ok_or_else(|| StoreError::NotFound(format!("help category \"{key}\"")))
    }

    /// A new kind of help request, last in the list (`409 category_exists` for a key in use,
    /// retired ones included).
    pub async fn create_help_category(
        &self,
        by: Actor,
        new: NewAdminHelpCategory,
        now: DateTime<Utc>,
    ) -> Result<AdminHelpCategory> {
        if self.admin_help_category(&new.key).await.is_ok() {
            return Err(StoreError::Conflict {
                code: "category_exists",
                message: format!(
                    "a help category \"{}\" exists already (perhaps retired)",
                    new.key
                ),
            });
        }
        let c = HelpCategoryConfig {
            key: new.key.clone(),
            name: named("help_category.name", &new.name)?,
            leefloon: new.leefloon,
        };
        self.change_configuration(by, now, |cfg| {
            cfg.help_categories.push(c);
            Ok(())
        })
        .await?;
        self.admin_help_category(&new.key).await
    }

    /// Changes the name or the leefloon mark of an active kind of help request.
    pub async fn change_help_category(
        &self,
        by: Actor,
        key: &str,
        c: AdminHelpCategoryChange,
        now: DateTime<Utc>,
    ) -> Result<AdminHelpCategory> {
        if !self.admin_help_category(key).await?.active {
            return Err(retired("help category", key));
        }
        let name = c
            .name
            .as_deref()
            .map(|n| named("help_category.name", n))
            .transpose()?;
        self.change_configuration(by, now, |cfg| {
            let h = cfg
                .help_categories
                .iter_mut()
                .find(|h| h.key == key)
                .ok_or_else(|| StoreError::NotFound(format!("help category \"{key}\"")))?;
            if let Some(n) = name {
                h.name = n;
            }
            if let Some(l) = c.leefloon {
                h.leefloon = l;
            }
            Ok(())
        })
        .await?;
        self.admin_help_category(key).await
    }

    /// Retires a kind of help request. The last active one stays (`409 last_category`): a
    /// configuration without any gets the default list back, which is not what was asked.
    pub async fn retire_help_category(
        &self,
        by: Actor,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<AdminHelpCategory> {
        if self.admin_help_category(key).await?.active {
            self.change_configuration(by, now, |cfg| {
                cfg.help_categories.retain(|h| h.key != key);
                if cfg.help_categories.is_empty() {
                    return Err(StoreError::Conflict {
                        code: "last_category",
                        message: format!(
                            "\"{key}\" is the last active help category; add another one first"
                        ),
                    });
                }
                Ok(())
            })
            .await?;
        }
        self.admin_help_category(key).await
    }

    /// Offers a retired kind of help request again, last in the list.
    pub async fn reinstate_help_category(
        &self,
        by: Actor,
        key: &str,
        now: DateTime<Utc>,
    ) -> Result<AdminHelpCategory> {
        let h = self.admin_help_category(key).await?;
        if !h.active {
            self.change_configuration(by, now, |cfg| {
                cfg.help_categories.push(HelpCategoryConfig {
                    key: h.key,
                    name: h.name,
                    leefloon: h.leefloon,
                });
                Ok(())
            })
            .await?;
        }
        self.admin_help_category(key).await
    }
}
