//! The few fixed phrases printed on tickets and referral slips, in the visitor languages (one
//! per catalogue, `i18n/<code>.ftl`): which language prints, and which catalogue message each is.
//!
//! Each prints in its own script: what the printer's code page (WPC1252, see
//! [`crate::codepage`]) lacks — Arabic, Cyrillic, Turkish `ğ ş ı İ` — prints as a picture
//! (see [`crate::raster`]). A printer set to [`Script::Text`] (no raster support) prints:
//! - Ukrainian transliterated to Latin ("Ваш номер" → "Vash nomer"): Ukrainian visitors can
//!   read it, unlike a translation into a language they may not know;
//! - instead of Arabic, which cannot be transliterated usefully, the French phrases (French
//!   is the other language most Arabic-speaking visitors know in Belgium) next to the Dutch
//!   ones — never question marks. Which language prints instead is the catalogue's
//!   `language-printed-without-pictures` (`fr` in `ar.ftl`; a language's own code otherwise);
//! - Turkish without the letters WPC1252 lacks (ğ ş ı İ → g s i I).

use super::Script;

/// A fixed phrase; its words, in every language, are in the catalogue (`i18n/<lang>.ftl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase {
    YourNumber,
    WaitingBefore,
    EstimatedWait,
    FollowOnPhone,
    ReferralTitle,
    YouCanGoTo,
    Address,
    Phone,
    Hours,
    Why,
    Website,
}

/// The language whose phrases are printed for a visitor language code: every language with a
/// catalogue prints as itself, anything unknown prints Dutch.
pub fn printed_language(lang: &str) -> &'static str {
    onthaal_i18n::known(lang).unwrap_or(onthaal_i18n::REFERENCE)
}

/// The language printed for a visitor language on a printer set to `script`: as
/// [`printed_language`], but on a printer without raster support the one its catalogue names
/// in `language-printed-without-pictures` (French for Arabic).
pub fn printed_language_for(lang: &str, script: Script) -> &'static str {
    let printed = printed_language(lang);
    match script {
        Script::Text => onthaal_i18n::language(printed)
            .map(|l| l.printed_without_pictures)
            .unwrap_or(printed),
        Script::Raster => printed,
    }
}

impl Phrase {
    /// Every phrase.
    pub const ALL: [Phrase; 11] = [
        Phrase::YourNumber,
        Phrase::WaitingBefore,
        Phrase::EstimatedWait,
        Phrase::FollowOnPhone,
        Phrase::ReferralTitle,
        Phrase::YouCanGoTo,
        Phrase::Address,
        Phrase::Phone,
        Phrase::Hours,
        Phrase::Why,
        Phrase::Website,
    ];

    /// The phrase's id in the catalogue.
    fn id(self) -> &'static str {
        use Phrase::*;
        match self {
            YourNumber => "ticket-your-number",
            WaitingBefore => "ticket-waiting-before",
            EstimatedWait => "ticket-estimated-wait",
            FollowOnPhone => "ticket-follow-on-phone",
            ReferralTitle => "referral-title",
            YouCanGoTo => "referral-you-can-go-to",
            Address => "referral-address",
            Phone => "referral-phone",
            Hours => "referral-hours",
            Why => "referral-why",
            Website => "referral-website",
        }
    }

    /// The phrase in `lang` as written, in its own script.
    pub fn text(self, lang: &str) -> String {
        onthaal_i18n::text(printed_language(lang), self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{codepage, raster};

    #[test]
    fn every_phrase_prints_without_question_marks() {
        // Every catalogue's language, so a new `i18n/<code>.ftl` is checked the day it is added.
        for lang in onthaal_i18n::languages().chain(["xx"]) {
            for p in Phrase::ALL {
                // A printer set to script=text prints the language the catalogue names for it
                // through the code page: readable letters, never question marks.
                let text = p.text(printed_language_for(lang, Script::Text));
                let printed = codepage::sanitize(&text);
                assert!(!printed.contains('?'), "{lang} {p:?}: {printed}");
                // Arabic prints as a picture, never through the code page.
                if lang == "ar" {
                    assert!(raster::needs_raster(&p.text(lang)), "{p:?}");
                }
            }
        }
        assert_eq!(Phrase::YourNumber.text("ar"), "رقمك");
        assert_eq!(printed_language_for("ar", Script::Text), "fr");
        assert_eq!(printed_language_for("ar", Script::Raster), "ar");
        assert_eq!(printed_language_for("uk", Script::Text), "uk");
        assert_eq!(printed_language_for("xx", Script::Text), "nl");
    }
}
