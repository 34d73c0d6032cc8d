//! Sample ticket, receipt, referral slip and appointment confirmation, used by the installer's test print
//! (`onthaal-server test-print`, `onthaal-kiosk test-print`), the demo and the tests.
//! They use Dutch and French accented text and the euro sign, so one print shows whether
//! the printer's code page is right, and [`SampleLayout::layout`] ends each with a line of
//! Ukrainian and one of Arabic, which show whether the printer prints pictures
//! (`?script=raster`, shaped and right to left) or needs `?script=text`.

use crate::layout::{
    AppointmentConfirmation, Block, Layout, PaperWidth, ReceiptLayout, ReferralLayout, TextStyle,
    TicketLayout,
};
use chrono::{NaiveDate, TimeZone};

/// Which sample to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SampleLayout {
    Ticket,
    Receipt,
    Referral,
    Appointment,
}

impl SampleLayout {
    pub const ALL: [SampleLayout; 4] = [
        SampleLayout::Ticket,
        SampleLayout::Receipt,
        SampleLayout::Referral,
        SampleLayout::Appointment,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SampleLayout::Ticket => "ticket",
            SampleLayout::Receipt => "receipt",
            SampleLayout::Referral => "referral",
            SampleLayout::Appointment => "appointment",
        }
    }

    /// The sample as blocks for `width`, with the [`SCRIPT_CHECK`] lines before the cut.
    pub fn layout(self, width: PaperWidth) -> Layout {
        let mut layout = match self {
            SampleLayout::Ticket => ticket().to_layout(width),
            SampleLayout::Receipt => receipt().to_layout(width),
            SampleLayout::Referral => referral().to_layout(width),
            SampleLayout::Appointment => appointment().to_layout(width),
        };
        let at = layout
            .blocks
            .iter()
            .rposition(|b| *b == Block::Cut)
            .unwrap_or(layout.blocks.len());
        for line in SCRIPT_CHECK.iter().rev() {
            let text = Block::Text {
                text: (*line).into(),
                style: TextStyle::normal().center(),
            };
            layout.blocks.insert(at, text);
        }
        layout
    }
}

/// The test print's lines in scripts the code page lacks: Cyrillic, and Arabic around a
/// ticket number (right to left, the number left to right).
pub const SCRIPT_CHECK: [&str; 2] = ["Українська: Ваш номер", "العربية: رقمك P023"];

impl std::str::FromStr for SampleLayout {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ticket" => Ok(SampleLayout::Ticket),
            "receipt" | "ontvangstbewijs" => Ok(SampleLayout::Receipt),
            "referral" | "doorverwijzing" => Ok(SampleLayout::Referral),
            "appointment" | "afspraak" => Ok(SampleLayout::Appointment),
            other => Err(format!(
                "unknown layout {other:?}; expected ticket, receipt, referral or appointment"
            )),
        }
    }
}

impl std::fmt::Display for SampleLayout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A ticket for a French-speaking visitor (so both languages print), with a check-in note.
pub fn ticket() -> TicketLayout {
    TicketLayout {
        location_name: "Sociaal Huis Groenstede".into(),
        number: "P023".into(),
        service_name: "Permanence sociale".into(),
        // 13:05 in Brussels (summer time, UTC+2).
        issued_at: chrono_tz::UTC
            .with_ymd_and_hms(2026, 6, 12, 11, 5, 0)
            .single()
            .expect("valid sample date"),
        waiting_before: 3,
        estimated_wait_min: Some(15),
        status_url: "https://onthaal.groenstede.be/s/7KQ2M9XD4HTA".into(),
        lang: "fr".into(),
        note_line: Some("Testafdruk: é è ë ï ô ç € – Spreekkamer 2".into()),
    }
}

/// A leefloon receipt with supporting documents.
pub fn receipt() -> ReceiptLayout {
    ReceiptLayout {
        location_name: "Sociaal Huis Groenstede".into(),
        location_address: "Kerkstraat 12, 9999 Groenstede".into(),
        location_phone: "09 123 45 67".into(),
        reference: "HA-2026-00017".into(),
        received_on: NaiveDate::from_ymd_opt(2026, 6, 12).expect("valid sample date"),
        service_name: "Sociale dienst".into(),
        category_name: "Leefloon".into(),
        is_leefloon: true,
        documents: vec![
            "Identiteitskaart (kopie)".into(),
            "Huurcontract — huur € 650 per maand".into(),
            "Attestation de la mutualité (reçu)".into(),
        ],
        staff_name: Some("Anaïs Verbeke".into()),
        decision_term_days: 30,
        no_decision_text: None,
        forwarded_to: None,
    }
}

/// A referral to a partner with a website (QR code).
pub fn referral() -> ReferralLayout {
    ReferralLayout {
        location_name: "Sociaal Huis Groenstede — ID-team".into(),
        partner_name: "CAW Groenstede — Onthaal".into(),
        address: "Stationsstraat 45\n9999 Groenstede".into(),
        phone: "078 15 00 00".into(),
        hours: "ma, di, do: 9.00–12.00\nwo: 13.30–16.30 (zonder afspraak)\nvr: enkel op afspraak"
            .into(),
        website: Some("https://www.caw.be".into()),
        reason: Some(
            "Vraag over huurachterstal; médiation avec le propriétaire, gratuit (0 €).".into(),
        ),
        date: NaiveDate::from_ymd_opt(2026, 6, 12).expect("valid sample date"),
        lang: "fr".into(),
    }
}

/// A French-speaking client's appointment with a named social worker in a room, the Tuesday
/// after the switch to winter time (the time prints as the client was told it).
pub fn appointment() -> AppointmentConfirmation {
    AppointmentConfirmation {
        location_name: "Sociaal Huis Groenstede".into(),
        location_address: "Kerkstraat 12, 9999 Groenstede".into(),
        location_phone: "09 123 45 67".into(),
        // 10:30 in Brussels (winter time, UTC+1).
        start: chrono_tz::UTC
            .with_ymd_and_hms(2026, 10, 27, 9, 30, 0)
            .single()
            .expect("valid sample date"),
        duration_min: 45,
        service_name: "Schuldhulpverlening — médiation de dettes".into(),
        social_worker: Some("Anaïs".into()),
        place: Some("Spreekkamer 2 (1e verdieping)".into()),
        code: "K7MR4X".into(),
        lang: "fr".into(),
    }
}
