//! The few fixed phrases printed on tickets and referral slips, in the kiosk's six
//! languages (nl, fr, en, tr, uk, ar).
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

/// The day of the week in `lang` (`nl`, `fr`, `en`, `tr`, `uk`, `ar`; anything else Dutch), as
/// a date names it: lower case, but Turkish capitalised as its dates write it. The printed
/// appointment confirmation and the e-mail reminder both take it from here.
pub fn weekday_name(day: chrono::Weekday, lang: &str) -> &'static str {
    let names: [&'static str; 7] = match lang {
        "fr" => [
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        ],
        "en" => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ],
        "tr" => [
            "Pazartesi",
            "Salı",
            "Çarşamba",
            "Perşembe",
            "Cuma",
            "Cumartesi",
            "Pazar",
        ],
        "uk" => [
            "понеділок",
            "вівторок",
            "середа",
            "четвер",
            "пʼятниця",
            "субота",
            "неділя",
        ],
        "ar" => [
            "الاثنين",
            "الثلاثاء",
            "الأربعاء",
            "الخميس",
            "الجمعة",
            "السبت",
            "الأحد",
        ],
        _ => [
            "maandag",
            "dinsdag",
            "woensdag",
            "donderdag",
            "vrijdag",
            "zaterdag",
            "zondag",
        ],
    };
    names[day.num_days_from_monday() as usize]
}

/// A fixed phrase.
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

/// The language whose phrases are printed for a visitor language code: `nl`, `fr`, `en`,
/// `tr`, `uk` and `ar` print as themselves, anything unknown prints Dutch.
pub fn printed_language(lang: &str) -> &'static str {
    match lang.trim().to_ascii_lowercase().as_str() {
        "fr" => "fr",
        "en" => "en",
        "tr" => "tr",
        "uk" => "uk",
        "ar" => "ar",
        _ => "nl",
    }
}

/// The language printed for a visitor language on a printer set to `script`: as
/// [`printed_language`], but French for Arabic on a printer without raster support.
pub fn printed_language_for(lang: &str, script: Script) -> &'static str {
    match (printed_language(lang), script) {
        ("ar", Script::Text) => "fr",
        (printed, _) => printed,
    }
}

/// Where a visitor language's text stands in a table of the six printed languages, in the
/// order nl, fr, en, tr, uk, ar (see [`printed_language`]).
pub(super) fn printed_column(lang: &str) -> usize {
    match printed_language(lang) {
        "fr" => 1,
        "en" => 2,
        "tr" => 3,
        "uk" => 4,
        "ar" => 5,
        _ => 0,
    }
}

impl Phrase {
    /// The phrase in `lang` as stored, in its own script.
    pub fn text(self, lang: &str) -> &'static str {
        use Phrase::*;
        let i = printed_column(lang);
        let all: [&'static str; 6] = match self {
            YourNumber => [
                "Uw nummer",
                "Votre numéro",
                "Your number",
                "Sıra numaranız",
                "Ваш номер",
                "رقمك",
            ],
            WaitingBefore => [
                "Wachtenden vóór u",
                "Personnes avant vous",
                "People ahead of you",
                "Önünüzdeki kişi",
                "Людей перед вами",
                "عدد المنتظرين قبلك",
            ],
            EstimatedWait => [
                "Geschatte wachttijd",
                "Attente estimée",
                "Estimated wait",
                "Tahmini bekleme",
                "Час очікування",
                "مدة الانتظار المتوقعة",
            ],
            FollowOnPhone => [
                "Volg uw beurt op uw gsm",
                "Suivez votre tour sur votre GSM",
                "Follow your turn on your phone",
                "Sıranızı telefonunuzdan takip edin",
                "Стежте за чергою на телефоні",
                "تابع دورك على هاتفك",
            ],
            ReferralTitle => [
                "Doorverwijzing",
                "Orientation",
                "Referral",
                "Yönlendirme",
                "Направлення",
                "إحالة",
            ],
            YouCanGoTo => [
                "U kunt terecht bij:",
                "Vous pouvez vous adresser à :",
                "You can go to:",
                "Başvurabileceğiniz yer:",
                "Ви можете звернутися до:",
                "يمكنك التوجه إلى:",
            ],
            Address => ["Adres", "Adresse", "Address", "Adres", "Адреса", "العنوان"],
            Phone => ["Tel.", "Tél.", "Phone", "Tel.", "Тел.", "الهاتف"],
            Hours => [
                "Openingsuren",
                "Heures d'ouverture",
                "Opening hours",
                "Çalışma saatleri",
                "Години роботи",
                "ساعات العمل",
            ],
            Why => ["Waarom", "Pourquoi", "Why", "Neden", "Чому", "السبب"],
            Website => [
                "Website",
                "Site web",
                "Website",
                "Web sitesi",
                "Вебсайт",
                "الموقع الإلكتروني",
            ],
        };
        all[i]
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
                    assert!(raster::needs_raster(text), "{p:?}: {text}");
                    continue;
                }
                let printed = codepage::sanitize(text);
                assert!(!printed.contains('?'), "{lang} {p:?}: {printed}");
            }
        }
        assert_eq!(Phrase::YourNumber.text("ar"), "رقمك");
        assert_eq!(printed_language_for("ar", Script::Text), "fr");
        assert_eq!(printed_language_for("ar", Script::Raster), "ar");
        assert_eq!(printed_language_for("uk", Script::Text), "uk");
    }
}
