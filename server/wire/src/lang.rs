//! The languages Onthaal speaks to visitors: kiosk, ticket, status page, display and booking page.
//!
//! There is no list here: a language is one with a catalogue, `i18n/<code>.ftl`
//! ([`onthaal_i18n::languages`]), so adding a language is adding that file. A [`Lang`] is a
//! code checked against those catalogues when it is made ([`Lang::parse`], or deserializing
//! it), so everything holding one may rely on its catalogue being there.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A visitor language: the code of a language with a catalogue ("nl", "fr", "ru"). On the
/// wire it is that code, as a JSON string.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(&'static str);

impl Lang {
    /// Dutch, the base language: every message is in its catalogue, every other falls back
    /// to it, and a visitor who chose nothing is addressed in it.
    pub const NL: Lang = Lang(onthaal_i18n::REFERENCE);

    /// The language with the code `code`, as a device or a setting spells it ("fr", " FR");
    /// `None` when no catalogue has that code.
    pub fn parse(code: &str) -> Option<Lang> {
        onthaal_i18n::known(code).map(Lang)
    }

    /// Every visitor language, Dutch first, in the order the lists show them.
    pub fn all() -> impl Iterator<Item = Lang> {
        onthaal_i18n::languages().map(Lang)
    }

    /// Its code: "nl", "fr", "ru".
    pub fn code(self) -> &'static str {
        self.0
    }

    /// What its catalogue says of it: its own name, direction, voice, printing.
    pub fn about(self) -> &'static onthaal_i18n::Language {
        onthaal_i18n::language(self.0).expect("a Lang always has a catalogue")
    }

    /// Whether it is written right to left.
    pub fn is_rtl(self) -> bool {
        self.about().rtl
    }
}

impl Default for Lang {
    fn default() -> Self {
        Lang::NL
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        // Exactly a catalogue's code, as the JSON contract spells languages: "FR" is refused.
        match Lang::parse(&code) {
            Some(l) if l.0 == code => Ok(l),
            _ => Err(serde::de::Error::custom(format_args!(
                "unknown language `{code}`, expected one of: {}",
                onthaal_i18n::languages().collect::<Vec<_>>().join(", ")
            ))),
        }
    }
}

/// In the OpenAPI document a language is a string from the catalogues' codes, so the document
/// lists a new language as soon as its file is there.
impl utoipa::PartialSchema for Lang {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        let codes: Vec<&str> = onthaal_i18n::languages().collect();
        let schema = serde_json::json!({
            "type": "string",
            "enum": codes,
            "description": "a visitor language: the code of a catalogue i18n/<code>.ftl"
        });
        utoipa::openapi::RefOr::T(serde_json::from_value(schema).expect("a valid schema"))
    }
}

impl utoipa::ToSchema for Lang {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_is_a_catalogue() {
        let all: Vec<Lang> = Lang::all().collect();
        assert_eq!(all[0], Lang::NL);
        assert_eq!(all.len(), onthaal_i18n::languages().count());
        for l in &all {
            assert_eq!(Lang::parse(l.code()), Some(*l));
            let json = serde_json::to_string(l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.code()));
            assert_eq!(serde_json::from_str::<Lang>(&json).unwrap(), *l);
        }
        assert_eq!(Lang::parse(" FR").map(Lang::code), Some("fr"));
        assert_eq!(Lang::parse("xx"), None);
        assert!(serde_json::from_str::<Lang>("\"xx\"").is_err());
        assert!(serde_json::from_str::<Lang>("\"FR\"").is_err());
        assert!(Lang::parse("ar").unwrap().is_rtl() && !Lang::NL.is_rtl());
        assert_eq!(Lang::default(), Lang::NL);
    }
}
