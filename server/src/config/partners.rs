//! `[[partner]]` and `[[help_category]]`: the organisations visitors are referred to (on the
//! referral slip), and the kinds of help request the register and the ontvangstbewijs name;
//! a file that names no kind of help request gets the usual ones of a Flemish OCMW.

use std::collections::HashSet;

use super::raw::{RawHelpCategory, RawPartner};
use super::{ConfigError, Validator};

/// A partner as the file gives it: field for field what the ID-team is offered.
pub use onthaal_wire::Partner as PartnerConfig;

/// A kind of help request, for the register and the ontvangstbewijs.
#[derive(Debug, Clone, PartialEq)]
pub struct HelpCategoryConfig {
    pub key: String,
    pub name: String,
    /// A leefloon request: its receipt adds the leefloon paragraphs.
    pub leefloon: bool,
}

/// The kinds of help request when the file names none: what a Flemish OCMW registers most.
pub fn default_help_categories() -> Vec<HelpCategoryConfig> {
    [
        (
            "leefloon",
            "Leefloon (recht op maatschappelijke integratie)",
            true,
        ),
        (
            "equivalent-leefloon",
            "Equivalent leefloon (financiële maatschappelijke hulp)",
            false,
        ),
        ("aanvullende-steun", "Aanvullende financiële steun", false),
        ("huurwaarborg", "Huurwaarborg", false),
        (
            "medische-kosten",
            "Medische en farmaceutische kosten",
            false,
        ),
        ("energie", "Energie: verwarmingstoelage, budgetmeter", false),
        ("schuldhulp", "Schuldhulpverlening of budgetbeheer", false),
        ("woonbegeleiding", "Huisvesting en woonbegeleiding", false),
        ("andere", "Andere maatschappelijke dienstverlening", false),
    ]
    .into_iter()
    .map(|(key, name, leefloon)| HelpCategoryConfig {
        key: key.into(),
        name: name.into(),
        leefloon,
    })
    .collect()
}

impl Validator<'_> {
    pub(super) fn partners(&self, raw: Vec<RawPartner>) -> Result<Vec<PartnerConfig>, ConfigError> {
        let mut keys = HashSet::new();
        raw.into_iter()
            .map(|p| {
                Ok(PartnerConfig {
                    key: self.unique_key(&mut keys, &p.key, "partner.key", "partner", "")?,
                    name: p.name,
                    address: p.address,
                    phone: p.phone,
                    hours: p.hours,
                    website: p.website,
                })
            })
            .collect()
    }

    /// The file's kinds of help request, or [`default_help_categories`] when it names none.
    pub(super) fn help_categories(
        &self,
        raw: Vec<RawHelpCategory>,
    ) -> Result<Vec<HelpCategoryConfig>, ConfigError> {
        if raw.is_empty() {
            return Ok(default_help_categories());
        }
        let mut keys = HashSet::new();
        raw.into_iter()
            .map(|c| {
                Ok(HelpCategoryConfig {
                    key: self.unique_key(&mut keys, &c.key, "help_category.key", "category", "")?,
                    name: c.name,
                    leefloon: c.leefloon,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{err, HEAD};
    use super::super::Config;
    use super::*;

    #[test]
    fn partners_and_kinds_of_help_request() {
        let partner = "[[partner]]\nkey = \"caw\"\nname = \"CAW\"\n";
        let category = "[[help_category]]\nkey = \"huur\"\nname = \"Huurwaarborg\"\n";
        let ok = Config::parse(&format!("{HEAD}{partner}{category}"), "x").unwrap();
        assert_eq!(ok.partners[0].key, "caw");
        assert_eq!(
            ok.help_categories,
            [HelpCategoryConfig {
                key: "huur".into(),
                name: "Huurwaarborg".into(),
                leefloon: false
            }]
        );
        // None named: the usual ones, with leefloon first.
        let none = Config::parse(HEAD, "x").unwrap();
        assert_eq!(none.help_categories, default_help_categories());
        assert!(none.help_categories[0].leefloon);

        let e = err(&format!("{HEAD}{partner}{partner}"));
        assert_eq!((e.line, e.field.as_str()), (8, "partner.key"));
        assert_eq!(e.message, "partner \"caw\" is defined twice");
        let e = err(&format!("{HEAD}{category}{category}"));
        assert_eq!((e.line, e.field.as_str()), (8, "help_category.key"));
        assert_eq!(e.message, "category \"huur\" is defined twice");
    }
}
