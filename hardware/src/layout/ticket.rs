//! The numbered ticket the kiosk prints for every visitor.
//!
//! Privacy by construction: the struct has no field for a name or any other personal
//! data, only the number, the service, an optional room/notice line and the status link.

use super::phrases::{printed_language, printed_language_for, Phrase};
use super::{Layout, PaperWidth, Script, TextStyle};
use chrono::DateTime;
use chrono_tz::Tz;

/// A queue ticket. All strings are already localised by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketLayout {
    /// Municipality / location, e.g. "Sociaal Huis Gent – Zuid".
    pub location_name: String,
    /// The ticket number, e.g. "P023".
    pub number: String,
    /// The service, in the visitor's language, e.g. "Algemeen onthaal".
    pub service_name: String,
    /// When the ticket was issued; printed in Europe/Brussels time whatever the time zone
    /// of the value (so `Utc::now().with_timezone(&chrono_tz::UTC)` is fine).
    pub issued_at: DateTime<Tz>,
    /// How many visitors are before this one in the queue.
    pub waiting_before: u32,
    /// Estimated wait in minutes; `None` leaves the line out.
    pub estimated_wait_min: Option<u32>,
    /// The public status page, encoded in the QR code.
    pub status_url: String,
    /// The visitor's language, a catalogue's code (see [`printed_language`]); each
    /// prints in its own script, Arabic in French on a printer set to [`Script::Text`].
    pub lang: String,
    /// Optional notice for a check-in ticket, e.g.
    /// "Uw maatschappelijk werker is verwittigd — Spreekkamer 2".
    pub note_line: Option<String>,
}

impl TicketLayout {
    /// The estimate as a ticket prints it: whole minutes, rounded up; none rather than
    /// "± 0 min", which reads like a mistake.
    pub fn wait_minutes(estimated_wait_s: Option<i64>) -> Option<u32> {
        estimated_wait_s
            .map(|s| (s.max(0) as u64).div_ceil(60) as u32)
            .filter(|m| *m > 0)
    }

    /// The ticket as blocks for `width`.
    pub fn to_layout(&self, width: PaperWidth) -> Layout {
        let cols = width.columns();
        let lang = printed_language(&self.lang);
        let mut l = Layout::new(width);
        let center = TextStyle::normal().center();

        l.text(&self.location_name, center.bold().size(1, 2));
        l.text(bilingual(Phrase::YourNumber, lang, cols), center);
        // As large as the paper allows: 4× is 12 mm high, still legible from the back of
        // a corridor, and keeps the ticket short.
        let len = self.number.chars().count().max(1);
        let size = (1..=4u8)
            .rev()
            .find(|s| len * *s as usize <= cols)
            .unwrap_or(1);
        l.text(&self.number, center.bold().size(size, size));
        l.text(&self.service_name, center.bold().size(1, 2));
        if let Some(note) = &self.note_line {
            l.text(note, center.bold());
        }
        let local = self.issued_at.with_timezone(&chrono_tz::Europe::Brussels);
        l.text(local.format("%d/%m/%Y  %H:%M").to_string(), center);
        l.rule('-');
        l.pair(
            Phrase::WaitingBefore.text(lang),
            self.waiting_before.to_string(),
        );
        if let Some(min) = self.estimated_wait_min {
            l.pair(Phrase::EstimatedWait.text(lang), format!("± {min} min"));
        }
        l.feed(1);
        // 4–5 dot modules (0.5–0.6 mm) scan well with any phone and keep the ticket short.
        let qr_max = match width {
            PaperWidth::Mm80 => 176,
            PaperWidth::Mm58 => 160,
        };
        l.qr(&self.status_url, qr_max);
        l.text(Phrase::FollowOnPhone.text(lang), center.bold());
        if lang != "nl" {
            l.text(Phrase::FollowOnPhone.text("nl"), center);
        }
        l.cut();
        let text_lang = printed_language_for(lang, Script::Text);
        if text_lang != lang {
            let fallback = TicketLayout {
                lang: text_lang.into(),
                ..self.clone()
            };
            l.text_only = Some(Box::new(fallback.to_layout(width)));
        }
        l
    }
}

/// "Votre numéro / Uw nummer", or just the Dutch phrase for Dutch.
fn bilingual(p: Phrase, lang: &str, cols: usize) -> String {
    if lang == "nl" {
        return p.text("nl").to_owned();
    }
    let both = format!("{} / {}", p.text(lang), p.text("nl"));
    if crate::codepage::sanitize(&both).chars().count() <= cols {
        both
    } else {
        format!("{}\n{}", p.text(lang), p.text("nl"))
    }
}
