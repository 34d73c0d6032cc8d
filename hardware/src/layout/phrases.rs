//! The few fixed phrases printed on tickets and referral slips, in the kiosk's six
//! languages (nl, fr, en, tr, uk, ar).
//!
//! Printers only have WPC1252 (see [`crate::codepage`]), so:
//! - Ukrainian is kept in Cyrillic here and transliterated to Latin when printed
//!   ("Ваш номер" → "Vash nomer"): Ukrainian visitors can read it, unlike a translation
//!   into a language they may not know;
//! - Arabic cannot be transliterated usefully, so Arabic-speaking visitors get the French
//!   phrases (French is the other language most of them know in Belgium) next to the
//!   Dutch ones — never question marks. The kiosk screen still shows Arabic.
//! - Turkish loses only the letters WPC1252 lacks (ğ ş ı İ → g s i I).

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
/// `tr` and `uk` print as themselves, `ar` prints French, anything unknown prints Dutch.
pub fn printed_language(lang: &str) -> &'static str {
    match lang.trim().to_ascii_lowercase().as_str() {
        "fr" | "ar" => "fr",
        "en" => "en",
        "tr" => "tr",
        "uk" => "uk",
        _ => "nl",
    }
}

/// Where a visitor language's text stands in a table of the five printed languages, in the
/// order nl, fr, en, tr, uk (see [`printed_language`]).
pub(super) fn printed_column(lang: &str) -> usize {
    match printed_language(lang) {
        "fr" => 1,
        "en" => 2,
        "tr" => 3,
        "uk" => 4,
        _ => 0,
    }
}

impl Phrase {
    /// The phrase in `lang` as stored (Ukrainian in Cyrillic); pass it through
    /// [`printed_language`] first so Arabic maps to French.
    pub fn text(self, lang: &str) -> &'static str {
        use Phrase::*;
        let i = printed_column(lang);
        let all: [&'static str; 5] = match self {
            YourNumber => [
                "Uw nummer",
                "Votre numéro",
                "Your number",
                "Sıra numaranız",
                "Ваш номер",
            ],
            WaitingBefore => [
                "Wachtenden vóór u",
                "Personnes avant vous",
                "People ahead of you",
                "Önünüzdeki kişi",
                "Людей перед вами",
            ],
            EstimatedWait => [
                "Geschatte wachttijd",
                "Attente estimée",
                "Estimated wait",
                "Tahmini bekleme",
                "Час очікування",
            ],
            FollowOnPhone => [
                "Volg uw beurt op uw gsm",
                "Suivez votre tour sur votre GSM",
                "Follow your turn on your phone",
                "Sıranızı telefonunuzdan takip edin",
                "Стежте за чергою на телефоні",
            ],
            ReferralTitle => [
                "Doorverwijzing",
                "Orientation",
                "Referral",
                "Yönlendirme",
                "Направлення",
            ],
            YouCanGoTo => [
                "U kunt terecht bij:",
                "Vous pouvez vous adresser à :",
                "You can go to:",
                "Başvurabileceğiniz yer:",
                "Ви можете звернутися до:",
            ],
            Address => ["Adres", "Adresse", "Address", "Adres", "Адреса"],
            Phone => ["Tel.", "Tél.", "Phone", "Tel.", "Тел."],
            Hours => [
                "Openingsuren",
                "Heures d'ouverture",
                "Opening hours",
                "Çalışma saatleri",
                "Години роботи",
            ],
            Why => ["Waarom", "Pourquoi", "Why", "Neden", "Чому"],
            Website => ["Website", "Site web", "Website", "Web sitesi", "Вебсайт"],
        };
        all[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codepage;

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
                let printed = codepage::sanitize(p.text(lang));
                assert!(!printed.contains('?'), "{lang} {p:?}: {printed}");
            }
        }
        assert_eq!(Phrase::YourNumber.text("ar"), "Votre numéro");
    }
}
