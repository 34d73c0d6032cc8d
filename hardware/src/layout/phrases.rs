//! The few fixed phrases printed on tickets and referral slips, in the kiosk's languages
//! (nl, fr, en, tr, uk, ar): which language prints, and which catalogue message each is.
//!
//! Each prints in its own script: what the printer's code page (WPC1252, see
//! [`crate::codepage`]) lacks — Arabic, Cyrillic, Turkish `ğ ş ı İ` — prints as a picture
//! (see [`crate::raster`]). A printer set to [`Script::Text`] (no raster support) prints:
//! - Ukrainian transliterated to Latin ("Ваш номер" → "Vash nomer"): Ukrainian visitors can
//!   read it, unlike a translation into a language they may not know;
//! - instead of Arabic, which cannot be transliterated usefully, the French phrases (French
//!   is the other language most Arabic-speaking visitors know in Belgium) next to the Dutch
//!   ones — never question marks;
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
/// catalogue (nl, fr, en, tr, uk, ar) prints as itself, anything unknown prints Dutch.
pub fn printed_language(lang: &str) -> &'static str {
    onthaal_i18n::known(lang).unwrap_or(onthaal_i18n::REFERENCE)
}

/// The language printed for a visitor language on a printer set to `script`: as
/// [`printed_language`], but French for Arabic on a printer without raster support.
pub fn printed_language_for(lang: &str, script: Script) -> &'static str {
    match (printed_language(lang), script) {
        ("ar", Script::Text) => "fr",
        (printed, _) => printed,
    }
}

impl Phrase {
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
        use Phrase::*;
        for lang in ["nl", "fr", "en", "tr", "uk", "ar", "xx"] {
            for p in [
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
            ] {
                let text = p.text(lang);
                if lang == "ar" {
                    // Arabic prints as a picture, never through the code page.
                    assert!(raster::needs_raster(&text), "{p:?}: {text}");
                    continue;
                }
                let printed = codepage::sanitize(&text);
                assert!(!printed.contains('?'), "{lang} {p:?}: {printed}");
            }
        }
        assert_eq!(Phrase::YourNumber.text("ar"), "رقمك");
        assert_eq!(printed_language_for("ar", Script::Text), "fr");
        assert_eq!(printed_language_for("ar", Script::Raster), "ar");
        assert_eq!(printed_language_for("uk", Script::Text), "uk");
    }
}
