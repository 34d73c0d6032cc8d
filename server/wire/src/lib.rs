//! The JSON types Onthaal's programs exchange: the REST bodies and the WebSocket frames.
//!
//! The server, the kiosk station, the display station and the tests all use these types, so a
//! field is named once and the contract in `docs/api.md` has one Rust shape. Nothing here
//! carries personal data: tickets are numbers, services and rooms. Types meant for the
//! waiting-room display (`CallView`, `ServiceInfo`) have no field that could hold a name. (The
//! appointment bodies do carry a client's contact details: they go to staff only.)
//!
//! One module per part of the API; every type is also re-exported here, so `onthaal_wire::Ticket`
//! and `onthaal_wire::tickets::Ticket` are the same.

pub mod absences;
pub mod accounts;
pub mod admin_locations;
pub mod admin_partners;
pub mod admin_services;
pub mod appointments;
pub mod auth;
pub mod booking;
pub mod desks;
pub mod devices;
pub mod errors;
pub mod frames;
pub mod lang;
pub mod pairing;
pub mod schema;
pub mod staff_availability;
pub mod stats;
pub mod tickets;

pub use absences::*;
pub use accounts::*;
pub use admin_locations::*;
pub use admin_partners::*;
pub use admin_services::*;
pub use appointments::*;
pub use auth::*;
pub use booking::*;
pub use desks::*;
pub use devices::*;
pub use errors::*;
pub use frames::*;
pub use lang::*;
pub use pairing::*;
pub use staff_availability::*;
pub use tickets::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_tagged_by_type() {
        let f = ServerFrame::Update {
            seq: 7,
            event: "issued".into(),
            ticket: None,
            services: vec![],
        };
        let v: serde_json::Value = serde_json::to_value(&f).unwrap();
        assert_eq!(v["type"], "update");
        assert_eq!(v["seq"], 7);
        assert!(v.get("ticket").is_none());
        let back: ServerFrame = serde_json::from_value(v).unwrap();
        assert_eq!(back.seq(), 7);
        let r: ClientFrame = serde_json::from_str(r#"{"type":"resync"}"#).unwrap();
        assert_eq!(r, ClientFrame::Resync);
    }

    #[test]
    fn states_and_langs_round_trip() {
        for s in [
            TicketState::Waiting,
            TicketState::Called,
            TicketState::Serving,
            TicketState::Done,
            TicketState::NoShow,
            TicketState::Cancelled,
        ] {
            assert_eq!(TicketState::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
    }

    #[test]
    fn a_visitor_status_is_the_ticket_status_plus_left() {
        let v = VisitorStatus {
            status: TicketStatus {
                number: "P004".into(),
                service: "permanentie".into(),
                service_name: "Permanentie".into(),
                state: TicketState::Cancelled,
                position: None,
                estimated_wait_s: None,
                desk: None,
                lang: Lang::parse("fr").unwrap(),
                service_closed: None,
            },
            left: true,
        };
        let j = serde_json::to_value(LeaveAnswer {
            status: v.clone(),
            already: false,
        })
        .unwrap();
        // The contract's names stay at the top level.
        for key in ["number", "state", "position", "estimated_wait_s", "desk"] {
            assert!(j.get(key).is_some(), "{key} in {j}");
        }
        assert_eq!(
            (j["left"].as_bool(), j["already"].as_bool()),
            (Some(true), Some(false))
        );
        let back: VisitorStatus = serde_json::from_value(j).unwrap();
        assert_eq!(back, v);
    }
}
