//! Items an administrator keeps in the app: add, change, retire and reinstate. Partners and
//! kinds of help request (`http/admin_partners.rs`) are kept by the whole app, a location's
//! desks and printers (`usecases/admin_locations.rs`) by their location; every kind goes one
//! path ([`Kept`] says what differs). Each change goes through [`Store::change_configuration`]
//! (the file's rules, one transaction, the audit log, live on every server). A retired item
//! keeps its row: the register, the referral slips and the statistics still name it; it is no
//! longer offered to the ID-team or on the help-request form.

use std::future::Future;

use crate::config::{Config, HelpCategoryConfig, PartnerConfig};
use crate::db::{help_categories, partners, Result, StoreError};
use crate::engine::Store;
use crate::usecases::{invalid_configuration, Actor};
use chrono::{DateTime, Utc};
use onthaal_wire::{
    AdminHelpCategory, AdminHelpCategoryChange, AdminPartner, AdminPartnerChange,
    NewAdminHelpCategory, NewAdminPartner,
};

/// Where the items of the whole app (partners, help categories) are kept: the `at` of
/// [`Store::kept`] and the rest for them.
pub const APP: &str = "";

/// One kind of item an administrator keeps in the app, as the configuration lists it. `at` says
/// where it is kept: [`APP`], or the key of the location that keeps it.
pub trait Kept: Sized + Send + Sync + 'static {
    /// The configuration's entry.
    type Config: Send;
    /// What a new one is made of (`POST`).
    type New: Send;
    /// A change: what is left out stays (`PATCH`).
    type Change: Send;
    /// How a message names one: `partner "key"`.
    const WHAT: &'static str;
    /// The `409` code for a key in use.
    const EXISTS: &'static str;
    /// The configuration field of its name, for the message when it is empty.
    const NAME_FIELD: &'static str;

    /// Every one, active or retired.
    fn all(store: &Store, at: &str) -> impl Future<Output = Result<Vec<Self>>> + Send;
    fn key(&self) -> &str;
    fn active(&self) -> bool;
    /// The configuration's entry of a retired one, to offer it again as it was.
    fn into_config(self) -> Self::Config;
    /// The configuration's list of them (`404` for a location that is not there).
    fn list<'a>(cfg: &'a mut Config, at: &str) -> Result<&'a mut Vec<Self::Config>>;
    fn config_key(entry: &Self::Config) -> &str;
    fn new_key(new: &Self::New) -> &str;
    /// The entry of a new one, checked and tidied.
    fn entry(new: Self::New) -> Result<Self::Config>;
    /// The name a change gives, if any.
    fn new_name(change: &mut Self::Change) -> &mut Option<String>;
    /// A checked change (its name already tidied) made to the entry.
    fn apply(change: Self::Change, entry: &mut Self::Config);
    /// The `409` message for a key in use.
    fn exists(_at: &str, key: &str) -> String {
        format!(
            "a {} \"{key}\" exists already (perhaps retired)",
            Self::WHAT
        )
    }
    /// What must hold before an active one is retired.
    fn may_retire(
        _store: &Store,
        _at: &str,
        _key: &str,
    ) -> impl Future<Output = Result<()>> + Send {
        async { Ok(()) }
    }
    /// What must still hold of the list once one is retired.
    fn check_retired(_list: &[Self::Config], _key: &str) -> Result<()> {
        Ok(())
    }
}

/// What a [`Kept`] kind's `impl` says first: its configuration entry, new one and change (in
/// that order), how a message names one, its `409` code for a key in use and the configuration
/// field of its name; and the accessors of its `key`, `active` and `name`, which every kind
/// holds under those names.
macro_rules! kept_kind {
    (
        $config:ty, $new:ty, $change:ty,
        what: $what:literal, exists: $exists:literal, name: $name:literal
    ) => {
        type Config = $config;
        type New = $new;
        type Change = $change;
        const WHAT: &'static str = $what;
        const EXISTS: &'static str = $exists;
        const NAME_FIELD: &'static str = $name;

        fn key(&self) -> &str {
            &self.key
        }
        fn active(&self) -> bool {
            self.active
        }
        fn config_key(entry: &Self::Config) -> &str {
            &entry.key
        }
        fn new_key(new: &Self::New) -> &str {
            &new.key
        }
        fn new_name(change: &mut Self::Change) -> &mut Option<String> {
            &mut change.name
        }
    };
}
pub(crate) use kept_kind;

/// A name the file would take but a list could not show: empty or only spaces.
pub fn named(field: &str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid_configuration(format!(
            "{field}: a name is required"
        )));
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

pub(super) fn not_found<T: Kept>(key: &str) -> StoreError {
    StoreError::NotFound(format!("{} \"{key}\"", T::WHAT))
}

impl Kept for AdminPartner {
    kept_kind! {
        PartnerConfig, NewAdminPartner, AdminPartnerChange,
        what: "partner", exists: "partner_exists", name: "partner.name"
    }

    async fn all(store: &Store, _at: &str) -> Result<Vec<Self>> {
        partners::all(&store.pool).await
    }
    fn into_config(self) -> PartnerConfig {
        partners::offered_one(self)
    }
    fn list<'a>(cfg: &'a mut Config, _at: &str) -> Result<&'a mut Vec<PartnerConfig>> {
        Ok(&mut cfg.partners)
    }
    fn entry(new: NewAdminPartner) -> Result<PartnerConfig> {
        Ok(PartnerConfig {
            name: named(Self::NAME_FIELD, &new.name)?,
            key: new.key,
            address: new.address.trim().to_string(),
            phone: new.phone.trim().to_string(),
            hours: new.hours.trim().to_string(),
            website: website(new.website),
        })
    }
    fn apply(c: AdminPartnerChange, p: &mut PartnerConfig) {
        for (v, field) in [
            (c.name, &mut p.name),
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
    }
}

impl Kept for AdminHelpCategory {
    kept_kind! {
        HelpCategoryConfig, NewAdminHelpCategory, AdminHelpCategoryChange,
        what: "help category", exists: "category_exists", name: "help_category.name"
    }

    /// The active ones first in their order.
    async fn all(store: &Store, _at: &str) -> Result<Vec<Self>> {
        help_categories::all(&store.pool).await
    }
    fn into_config(self) -> HelpCategoryConfig {
        HelpCategoryConfig {
            key: self.key,
            name: self.name,
            leefloon: self.leefloon,
        }
    }
    fn list<'a>(cfg: &'a mut Config, _at: &str) -> Result<&'a mut Vec<HelpCategoryConfig>> {
        Ok(&mut cfg.help_categories)
    }
    fn entry(new: NewAdminHelpCategory) -> Result<HelpCategoryConfig> {
        Ok(HelpCategoryConfig {
            name: named(Self::NAME_FIELD, &new.name)?,
            key: new.key,
            leefloon: new.leefloon,
        })
    }
    fn apply(c: AdminHelpCategoryChange, h: &mut HelpCategoryConfig) {
        if let Some(n) = c.name {
            h.name = n;
        }
        if let Some(l) = c.leefloon {
            h.leefloon = l;
        }
    }
    /// The last active one stays (`409 last_category`): a configuration without any gets the
    /// default list back, which is not what was asked.
    fn check_retired(list: &[HelpCategoryConfig], key: &str) -> Result<()> {
        if list.is_empty() {
            return Err(StoreError::Conflict {
                code: "last_category",
                message: format!(
                    "\"{key}\" is the last active help category; add another one first"
                ),
            });
        }
        Ok(())
    }
}

impl Store {
    /// Every item of a kind kept `at`, active or retired.
    pub async fn kept<T: Kept>(&self, at: &str) -> Result<Vec<T>> {
        T::all(self, at).await
    }

    async fn kept_one<T: Kept>(&self, at: &str, key: &str) -> Result<T> {
        self.kept::<T>(at)
            .await?
            .into_iter()
            .find(|i| i.key() == key)
            .ok_or_else(|| not_found::<T>(key))
    }

    /// A new item, last in its list (`409` [`Kept::EXISTS`] for a key in use, retired ones
    /// included: their history keeps the key).
    pub async fn create_kept<T: Kept>(
        &self,
        by: Actor,
        at: &str,
        new: T::New,
        now: DateTime<Utc>,
    ) -> Result<T> {
        let key = T::new_key(&new).to_string();
        if self.kept_one::<T>(at, &key).await.is_ok() {
            return Err(StoreError::Conflict {
                code: T::EXISTS,
                message: T::exists(at, &key),
            });
        }
        let entry = T::entry(new)?;
        self.change_configuration(by, now, |cfg| {
            T::list(cfg, at)?.push(entry);
            Ok(())
        })
        .await?;
        self.kept_one(at, &key).await
    }

    /// Changes what is given of an active item.
    pub async fn change_kept<T: Kept>(
        &self,
        by: Actor,
        at: &str,
        key: &str,
        mut change: T::Change,
        now: DateTime<Utc>,
    ) -> Result<T> {
        if !self.kept_one::<T>(at, key).await?.active() {
            return Err(retired(T::WHAT, key));
        }
        let name = T::new_name(&mut change);
        *name = name
            .as_deref()
            .map(|n| named(T::NAME_FIELD, n))
            .transpose()?;
        self.change_configuration(by, now, |cfg| {
            let entry = T::list(cfg, at)?
                .iter_mut()
                .find(|e| T::config_key(e) == key)
                .ok_or_else(|| not_found::<T>(key))?;
            T::apply(change, entry);
            Ok(())
        })
        .await?;
        self.kept_one(at, key).await
    }

    /// Retires (`active` false) or reinstates (`active` true) an item. Retired, it is no longer
    /// offered and still named where it was used; reinstated, it is offered again as it was,
    /// last in its list. Asking for what already holds changes nothing.
    pub async fn set_kept_active<T: Kept>(
        &self,
        by: Actor,
        (at, key): (&str, &str),
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<T> {
        let item = self.kept_one::<T>(at, key).await?;
        if item.active() != active {
            if !active {
                T::may_retire(self, at, key).await?;
            }
            self.change_configuration(by, now, |cfg| {
                let list = T::list(cfg, at)?;
                if active {
                    list.push(item.into_config());
                    return Ok(());
                }
                list.retain(|e| T::config_key(e) != key);
                T::check_retired(list, key)
            })
            .await?;
        }
        self.kept_one(at, key).await
    }
}
