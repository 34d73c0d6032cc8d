//! The ontvangstbewijs: the receipt for a help request required by art. 58 of the
//! organieke wet van 8 juli 1976 betreffende de OCMW's (and, for a leefloon request, by
//! the wet van 26 mei 2002 betreffende het recht op maatschappelijke integratie).
//!
//! It is printed in Dutch, the legal language of the document: its words are the `receipt-`
//! messages of `i18n/nl.ftl`. It names only the category of the request, never its details.

use super::{Layout, PaperWidth, TextStyle};
use chrono::{Days, NaiveDate};

/// A receipt message (Dutch only, see the module documentation).
fn nl(id: &str) -> String {
    onthaal_i18n::text("nl", id)
}

/// A receipt message with its variables.
fn nl_with(id: &str, args: &[(&str, &str)]) -> String {
    onthaal_i18n::format("nl", id, args)
}

/// A receipt for a help request.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceiptLayout {
    pub location_name: String,
    /// Street, number, postcode and town; `\n` separates lines.
    pub location_address: String,
    pub location_phone: String,
    /// Register reference, e.g. "HA-2026-00017".
    pub reference: String,
    /// The day the request was received and registered: it starts the decision term.
    pub received_on: NaiveDate,
    pub service_name: String,
    /// What was asked, as a category only (e.g. "Leefloon", "Huurwaarborg").
    pub category_name: String,
    /// A leefloon request: adds the examination period, the right to be heard and the
    /// duty to report new facts.
    pub is_leefloon: bool,
    /// Supporting documents handed in (stavingsstukken); empty prints "geen".
    pub documents: Vec<String>,
    /// The staff member who received the request; `None` prints a blank line to fill in.
    pub staff_name: Option<String>,
    /// The decision term in days (30).
    pub decision_term_days: u32,
    /// Replaces the standard text on what to do when no decision comes in time.
    pub no_decision_text: Option<String>,
    /// When this OCMW is not competent: the OCMW or service the request is forwarded to.
    pub forwarded_to: Option<String>,
}

impl ReceiptLayout {
    /// The standard text on what the visitor can do when no decision comes in time.
    pub fn standard_no_decision_text() -> String {
        nl("receipt-no-decision")
    }

    /// The receipt as blocks for `width`.
    pub fn to_layout(&self, width: PaperWidth) -> Layout {
        let mut l = Layout::new(width);
        let center = TextStyle::normal().center();
        let body = TextStyle::normal();
        let heading = TextStyle::normal().bold();
        let date = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        let deadline = self
            .received_on
            .checked_add_days(Days::new(self.decision_term_days.into()))
            .unwrap_or(self.received_on);

        l.text(&self.location_name, center.bold().size(1, 2));
        l.text(&self.location_address, center);
        l.text(
            nl_with("receipt-phone", &[("phone", &self.location_phone)]),
            center,
        );
        l.rule('=');
        l.text(nl("receipt-title"), center.bold().size(2, 2));
        l.text(nl("receipt-subtitle"), center);
        l.rule('-');
        l.pair(nl("receipt-reference"), &self.reference);
        l.pair(nl("receipt-received-on"), date(self.received_on));
        l.pair(nl("receipt-service"), &self.service_name);
        l.pair(nl("receipt-asked"), &self.category_name);
        l.rule('-');

        if let Some(to) = &self.forwarded_to {
            l.text(nl("receipt-forward-title"), heading);
            l.text(nl_with("receipt-forward", &[("to", to.as_str())]), body);
            l.feed(1);
        }

        l.text(nl("receipt-when-title"), heading);
        l.text(
            nl_with(
                "receipt-when",
                &[
                    ("received", &date(self.received_on)),
                    ("days", &self.decision_term_days.to_string()),
                    ("deadline", &date(deadline)),
                ],
            ),
            body,
        );
        l.feed(1);
        l.text(nl("receipt-no-decision-title"), heading);
        l.text(
            self.no_decision_text
                .clone()
                .unwrap_or_else(Self::standard_no_decision_text),
            body,
        );

        if self.is_leefloon {
            l.feed(1);
            l.rule('-');
            l.text(nl("receipt-leefloon-title"), center.bold().size(1, 2));
            l.text(nl("receipt-leefloon-law"), center);
            l.text(nl("receipt-examination-title"), heading);
            l.text(
                nl_with(
                    "receipt-examination",
                    &[("days", &self.decision_term_days.to_string())],
                ),
                body,
            );
            l.text(nl("receipt-heard-title"), heading);
            l.text(nl("receipt-heard"), body);
            l.text(nl("receipt-new-facts-title"), heading);
            l.text(nl("receipt-new-facts"), body);
        }

        l.feed(1);
        if self.documents.is_empty() {
            l.pair(nl("receipt-documents"), nl("receipt-documents-none"));
        } else {
            l.text(nl("receipt-documents-list"), heading);
            let cols = width.columns();
            for doc in &self.documents {
                for (i, line) in super::wrap(doc, cols - 2).into_iter().enumerate() {
                    let bullet = if i == 0 { "- " } else { "  " };
                    l.text(format!("{bullet}{line}"), body);
                }
            }
        }

        l.rule('-');
        match &self.staff_name {
            Some(name) => {
                l.pair(nl("receipt-received-by"), name);
            }
            None => {
                l.text(nl("receipt-received-by-name"), body);
                l.feed(1);
                l.rule('_');
            }
        }
        l.feed(1);
        l.text(nl("receipt-signature"), body);
        l.feed(2);
        l.rule('_');
        l.feed(1);
        l.text(nl("receipt-keep"), center.bold());
        l.cut();
        l
    }
}
