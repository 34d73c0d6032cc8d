//! The ontvangstbewijs: the receipt for a help request required by art. 58 of the
//! organieke wet van 8 juli 1976 betreffende de OCMW's (and, for a leefloon request, by
//! the wet van 26 mei 2002 betreffende het recht op maatschappelijke integratie).
//!
//! It is printed in Dutch, the legal language of the document. It names only the
//! category of the request, never its details.

use super::{Layout, PaperWidth, TextStyle};
use chrono::{Days, NaiveDate};

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
    pub fn standard_no_decision_text() -> &'static str {
        "Krijgt u binnen deze termijn geen beslissing, dan kunt u zelf beroep \
         instellen bij de arbeidsrechtbank, binnen drie maanden na het verstrijken van \
         de termijn. Dat is kosteloos: een verzoekschrift dat u neerlegt bij of \
         aangetekend stuurt naar de griffie van de arbeidsrechtbank volstaat. Dezelfde \
         termijn van drie maanden geldt om beroep in te stellen tegen een beslissing."
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
        l.text(format!("Tel. {}", self.location_phone), center);
        l.rule('=');
        l.text("ONTVANGSTBEWIJS", center.bold().size(2, 2));
        l.text(
            "van uw aanvraag om hulp\n(art. 58 organieke wet van 8 juli 1976 betreffende de OCMW's)",
            center,
        );
        l.rule('-');
        l.pair("Referentie", &self.reference);
        l.pair("Aanvraag ontvangen op", date(self.received_on));
        l.pair("Dienst", &self.service_name);
        l.pair("Gevraagd", &self.category_name);
        l.rule('-');

        if let Some(to) = &self.forwarded_to {
            l.text("Doorsturen naar het bevoegde OCMW", heading);
            l.text(
                format!(
                    "Ons OCMW is niet bevoegd voor deze aanvraag. Wij sturen ze binnen \
                     vijf dagen door naar: {to}."
                ),
                body,
            );
            l.feed(1);
        }

        l.text("Wanneer wordt er beslist?", heading);
        l.text(
            format!(
                "Uw aanvraag werd op {} ingeschreven in het register. Het OCMW beslist \
                 binnen {} dagen na de ontvangst, dus uiterlijk op {}. U krijgt de \
                 beslissing binnen acht dagen daarna, met een aangetekende brief of tegen \
                 ontvangstbewijs.",
                date(self.received_on),
                self.decision_term_days,
                date(deadline)
            ),
            body,
        );
        l.feed(1);
        l.text("Geen beslissing op tijd?", heading);
        l.text(
            self.no_decision_text
                .as_deref()
                .unwrap_or(Self::standard_no_decision_text()),
            body,
        );

        if self.is_leefloon {
            l.feed(1);
            l.rule('-');
            l.text("Uw aanvraag om leefloon", center.bold().size(1, 2));
            l.text(
                "(wet van 26 mei 2002 betreffende het recht op maatschappelijke integratie)",
                center,
            );
            l.text("Onderzoek", heading);
            l.text(
                format!(
                    "Een maatschappelijk werker onderzoekt uw situatie (sociaal onderzoek). \
                     Dat onderzoek en de beslissing gebeuren binnen {} dagen na de ontvangst \
                     van uw aanvraag.",
                    self.decision_term_days
                ),
                body,
            );
            l.text("Recht om gehoord te worden", heading);
            l.text(
                "U hebt het recht om gehoord te worden voor er over uw aanvraag beslist \
                 wordt. U mag zich laten bijstaan of vertegenwoordigen door een persoon van \
                 uw keuze.",
                body,
            );
            l.text("Nieuwe feiten melden", heading);
            l.text(
                "U moet het OCMW meteen op de hoogte brengen van elk nieuw feit dat uw \
                 recht kan beïnvloeden (bv. werk, inkomen, adres, gezinssamenstelling).",
                body,
            );
        }

        l.feed(1);
        if self.documents.is_empty() {
            l.pair("Ingediende stavingsstukken", "geen");
        } else {
            l.text("Ingediende stavingsstukken:", heading);
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
                l.pair("Ontvangen door", name);
            }
            None => {
                l.text("Ontvangen door (naam):", body);
                l.feed(1);
                l.rule('_');
            }
        }
        l.feed(1);
        l.text("Handtekening:", body);
        l.feed(2);
        l.rule('_');
        l.feed(1);
        l.text("Bewaar dit ontvangstbewijs goed.", center.bold());
        l.cut();
        l
    }
}
