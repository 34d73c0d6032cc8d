//! The referral slip the ID-team prints when it sends a visitor to a partner organisation
//! (CAW, VDAB, a mutuality, …): where to go, when it is open and why.

use super::phrases::{printed_language, printed_language_for, Phrase};
use super::{Layout, PaperWidth, Script, TextStyle};
use chrono::NaiveDate;

/// A referral to a partner organisation. Labels print in the visitor's language and script
/// (see [`printed_language`]; Arabic in French on a printer set to [`Script::Text`]) with
/// the Dutch title; the partner data prints as given.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralLayout {
    pub location_name: String,
    pub partner_name: String,
    /// `\n` separates lines.
    pub address: String,
    pub phone: String,
    /// Opening hours; `\n` separates lines, e.g. "ma–vr 9.00–12.00\ndi 13.00–16.00".
    pub hours: String,
    /// Printed as a QR code and as text.
    pub website: Option<String>,
    /// A short note of why (no personal details).
    pub reason: Option<String>,
    pub date: NaiveDate,
    /// The visitor's language (a catalogue's code: nl, fr, ru …).
    pub lang: String,
}

impl ReferralLayout {
    /// The slip as blocks for `width`.
    pub fn to_layout(&self, width: PaperWidth) -> Layout {
        let lang = printed_language(&self.lang);
        let mut l = Layout::new(width);
        let center = TextStyle::normal().center();
        let label = TextStyle::normal().bold();
        let body = TextStyle::normal();

        l.text(&self.location_name, center.bold());
        l.text(self.date.format("%d/%m/%Y").to_string(), center);
        l.rule('=');
        l.text(
            Phrase::ReferralTitle.text("nl").to_uppercase(),
            center.bold().size(2, 2),
        );
        if lang != "nl" {
            l.text(Phrase::ReferralTitle.text(lang), center.bold());
        }
        l.feed(1);
        l.text(Phrase::YouCanGoTo.text(lang), body);
        l.text(&self.partner_name, TextStyle::normal().bold().size(1, 2));
        l.text(&self.address, body);
        l.feed(1);
        l.text(
            format!("{} {}", Phrase::Phone.text(lang), self.phone),
            label,
        );
        l.feed(1);
        l.text(format!("{}:", Phrase::Hours.text(lang)), label);
        l.text(&self.hours, body);
        if let Some(reason) = &self.reason {
            l.feed(1);
            l.text(format!("{}:", Phrase::Why.text(lang)), label);
            l.text(reason, body);
        }
        if let Some(site) = &self.website {
            l.feed(1);
            l.qr(site, 160);
            l.text(site, center);
        }
        l.cut();
        let text_lang = printed_language_for(lang, Script::Text);
        if text_lang != lang {
            let fallback = ReferralLayout {
                lang: text_lang.into(),
                ..self.clone()
            };
            l.text_only = Some(Box::new(fallback.to_layout(width)));
        }
        l
    }
}
