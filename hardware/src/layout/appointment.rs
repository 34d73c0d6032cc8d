//! The appointment confirmation reception prints for a client who booked at the desk (or whom
//! the ID-team referred to a social worker): when and where, with whom, and the booking code
//! large and as a QR code, which the kiosk reads at check-in.
//!
//! Privacy as on the ticket: no field for the client's name or contact details. The social
//! worker is named by first name only (that is how clients know them), or the team.

use super::phrases::{printed_language, printed_language_for};
use super::{Layout, PaperWidth, Script, TextStyle};
use chrono::{DateTime, Datelike, Duration};
use chrono_tz::Tz;

/// An appointment confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct AppointmentConfirmation {
    pub location_name: String,
    /// Street, number, postcode and town; `\n` separates lines.
    pub location_address: String,
    /// The number to call to cancel or move the appointment.
    pub location_phone: String,
    /// The start; printed in Europe/Brussels time whatever the time zone of the value.
    pub start: DateTime<Tz>,
    pub duration_min: u32,
    /// The service (team), in the client's language where known.
    pub service_name: String,
    /// The social worker's first name; `None` for an appointment with the team.
    pub social_worker: Option<String>,
    /// The room (spreekkamer) or desk, when one was booked.
    pub place: Option<String>,
    /// The booking code, e.g. "K7MR4X": printed large and as the QR code.
    pub code: String,
    /// The client's language: every language with a catalogue prints as itself, each in its
    /// own script (Arabic in French, Ukrainian transliterated on a printer set to
    /// [`Script::Text`]), anything else as Dutch (the labels only; the title is always in
    /// Dutch too).
    pub lang: String,
}

/// The confirmation's own phrases, each a message of the catalogue (`i18n/<lang>.ftl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Words {
    Title,
    Service,
    With,
    Team,
    Place,
    AtReception,
    YourCode,
    AtArrival,
    Cancel,
}

impl Words {
    #[cfg(test)]
    const ALL: [Words; 9] = [
        Words::Title,
        Words::Service,
        Words::With,
        Words::Team,
        Words::Place,
        Words::AtReception,
        Words::YourCode,
        Words::AtArrival,
        Words::Cancel,
    ];

    fn id(self) -> &'static str {
        use Words::*;
        match self {
            Title => "appointment-title",
            Service => "appointment-service",
            With => "appointment-with",
            // `$service` is the service's name: the words go around it as each language
            // puts them.
            Team => "appointment-team",
            Place => "appointment-place",
            AtReception => "appointment-at-reception",
            YourCode => "appointment-your-code",
            AtArrival => "appointment-at-arrival",
            Cancel => "appointment-cancel",
        }
    }

    /// The phrase in its own script.
    fn text(self, lang: &str) -> String {
        onthaal_i18n::text(printed_language(lang), self.id())
    }

    /// The phrase with its variables (`service`, `phone`) filled in.
    fn format(self, lang: &str, args: &[(&str, &str)]) -> String {
        onthaal_i18n::format(printed_language(lang), self.id(), args)
    }
}

/// The day of the week, in the confirmation's language.
fn weekday(day: chrono::Weekday, lang: &str) -> String {
    onthaal_i18n::weekday_name(day, printed_language(lang))
}

impl AppointmentConfirmation {
    /// The confirmation as blocks for `width`.
    pub fn to_layout(&self, width: PaperWidth) -> Layout {
        let lang = printed_language(&self.lang);
        let cols = width.columns();
        let mut l = Layout::new(width);
        let center = TextStyle::normal().center();
        let body = TextStyle::normal();

        l.text(&self.location_name, center.bold().size(1, 2));
        l.text(&self.location_address, center);
        l.rule('=');
        l.text(
            Words::Title.text("nl").to_uppercase(),
            center.bold().size(2, 2),
        );
        if lang != "nl" {
            l.text(Words::Title.text(lang), center.bold());
        }
        l.feed(1);

        // The day and hour as the client reads them: local wall-clock time in Brussels.
        let start = self.start.with_timezone(&chrono_tz::Europe::Brussels);
        let end = start + Duration::minutes(self.duration_min.into());
        let day = capitalised(&weekday(start.weekday(), lang));
        l.text(
            format!("{day} {}", start.format("%d/%m/%Y")),
            center.bold().size(1, 2),
        );
        let hours = format!("{}–{}", start.format("%H:%M"), end.format("%H:%M"));
        let size = if hours.chars().count() * 2 <= cols {
            2
        } else {
            1
        };
        l.text(hours, center.bold().size(size, size));
        l.rule('-');
        l.pair(Words::Service.text(lang), &self.service_name);
        let with = match &self.social_worker {
            Some(name) => name.clone(),
            None => Words::Team.format(lang, &[("service", &self.service_name)]),
        };
        l.pair(Words::With.text(lang), with);
        l.pair(
            Words::Place.text(lang),
            self.place
                .clone()
                .unwrap_or_else(|| Words::AtReception.text(lang)),
        );
        l.rule('-');

        l.text(Words::YourCode.text(lang), center);
        // As large as the paper allows: read aloud at the desk, typed at the kiosk.
        let len = self.code.chars().count().max(1);
        let size = (1..=4u8)
            .rev()
            .find(|s| len * *s as usize <= cols)
            .unwrap_or(1);
        l.text(&self.code, center.bold().size(size, size));
        l.feed(1);
        l.qr(&self.code, 160);
        l.text(Words::AtArrival.text(lang), center);
        l.rule('-');
        // No-break spaces keep the phone number on one line.
        let phone = self.location_phone.replace(' ', "\u{a0}");
        l.text(Words::Cancel.format(lang, &[("phone", &phone)]), body);
        l.cut();
        let text_lang = printed_language_for(lang, Script::Text);
        if text_lang != lang {
            let fallback = AppointmentConfirmation {
                lang: text_lang.into(),
                ..self.clone()
            };
            l.text_only = Some(Box::new(fallback.to_layout(width)));
        }
        l
    }
}

/// The first letter in capitals (of any script: "çarşamba", "середа").
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codepage;

    /// Every variable a phrase may use, for the tests that go through all of them.
    const SAMPLE: &[(&str, &str)] = &[("service", "Huurbegeleiding"), ("phone", "09 266 35 00")];

    #[test]
    fn every_phrase_prints_without_question_marks() {
        for lang in ["nl", "fr", "en", "tr", "uk", "xx"] {
            for w in Words::ALL {
                let printed = codepage::sanitize(&w.format(lang, SAMPLE));
                assert!(!printed.contains('?'), "{lang} {w:?}: {printed}");
            }
            for day in 0..7 {
                let name = weekday(chrono::Weekday::try_from(day).unwrap(), lang);
                assert!(!codepage::sanitize(&name).contains('?'), "{lang} {name}");
            }
        }
        // Arabic has its own words, printed as pictures.
        for w in Words::ALL {
            assert!(
                crate::raster::needs_raster(&w.format("ar", SAMPLE)),
                "{w:?}"
            );
        }
        assert_eq!(Words::Title.text("ar"), "موعد");
        assert_eq!(Words::Title.text("xx"), "Afspraak");
        assert_eq!(weekday(chrono::Weekday::Tue, "fr"), "mardi");
    }

    #[test]
    fn turkish_ukrainian_and_arabic_clients_read_their_own_script() {
        let confirmation = |lang: &str| AppointmentConfirmation {
            lang: lang.into(),
            social_worker: None,
            service_name: "Huurbegeleiding".into(),
            ..crate::sample::appointment()
        };
        let text = |lang: &str, script: Script| {
            let l = confirmation(lang).to_layout(PaperWidth::Mm80);
            crate::preview::text_dump_for(&l, script).unwrap()
        };
        let tr = text("tr", Script::Raster);
        assert!(tr.contains("Randevu"), "{tr}");
        assert!(tr.contains("Salı 27/10/2026"), "{tr}");
        assert!(tr.contains("Huurbegeleiding ekibi"), "{tr}");
        assert!(tr.contains("Kodunuz"), "{tr}");
        let uk = text("uk", Script::Raster);
        assert!(uk.contains("Зустріч"), "{uk}");
        assert!(uk.contains("Вівторок 27/10/2026"), "{uk}");
        assert!(uk.contains("Ваш код"), "{uk}");
        let ar = text("ar", Script::Raster);
        assert!(ar.contains("موعد") && ar.contains("رمزك"), "{ar}");
        assert!(ar.contains("الثلاثاء 27/10/2026"), "{ar}");
        assert!(ar.contains("فريق Huurbegeleiding"), "{ar}");
        // A printer without raster support: WPC1252 lacks ş and ı (they print as s and i),
        // Cyrillic is transliterated, and Arabic-speaking clients read French.
        let tr = text("tr", Script::Text);
        assert!(tr.contains("Sali 27/10/2026"), "{tr}");
        let uk = text("uk", Script::Text);
        assert!(uk.contains("Zustrich"), "{uk}");
        assert!(uk.contains("Vivtorok 27/10/2026"), "{uk}");
        assert!(uk.contains("Vash kod"), "{uk}");
        assert!(!uk.contains('?'), "{uk}");
        let ar = text("ar", Script::Text);
        assert!(
            ar.contains("Votre code") && ar.contains("Mardi 27/10/2026"),
            "{ar}"
        );
        assert!(!ar.contains('?'), "{ar}");
        // The Dutch title stays, for the staff and the visitor's helpers.
        // (A double-width line shows spaced out in the dump.)
        for lang in ["tr", "uk", "ar"] {
            assert!(
                text(lang, Script::Raster).contains("A F S P R A A K"),
                "{lang}"
            );
        }
    }

    #[test]
    fn a_team_appointment_names_the_team_in_each_languages_word_order() {
        let with = |lang: &str| Words::Team.format(lang, &[("service", "X")]);
        assert_eq!(with("nl"), "het team X");
        assert_eq!(with("en"), "the X team");
        assert_eq!(with("tr"), "X ekibi");
    }
}
