//! Desk work beyond calling: the ID-team's triage, the register of help requests
//! (hulpaanvragen) with their receipts, the partner catalogue, and the audit log.
//!
//! Each of these is an event in the location's log like any ticket change, so desks see it
//! live, managers count it, and the audit log is simply the event log read with names.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use onthaal_wire::{AuditEntry, HelpCategory, HelpRequest, Partner, Ticket, TicketState};

use crate::db::help_requests::{self, NewHelpRequest};
use crate::db::tickets::{self, ticket_by_id};
use crate::db::{appointments, events, help_categories, ms, partners, Result, StoreError};
use crate::domain::events::EventKind;
use crate::domain::numbering::local_day;
use crate::domain::triage::{check, check_appointment, Outcome};
use crate::engine::hub::Change;
use crate::engine::Store;
use crate::usecases::call::TransferTarget;
use crate::usecases::rejected;

/// The most documents one receipt lists, and the longest line for one.
const MAX_DOCUMENTS: usize = 30;
const MAX_DOCUMENT_CHARS: usize = 200;

/// What a reception printer printed.
pub enum PrintedDocument {
    Receipt {
        help_request: i64,
    },
    ReferralSlip {
        ticket: i64,
    },
    /// A ticket given at a desk, printed for the visitor.
    Ticket {
        ticket: i64,
    },
    AppointmentConfirmation {
        appointment: i64,
    },
}

/// Where a reception print job goes, resolved from the location's printers.
pub struct PrintTarget {
    pub key: String,
    pub name: String,
    pub uri: String,
}

impl Store {
    /// Records the ID-team's outcome for a visitor being served. An internal referral with a
    /// service also transfers the visitor there, in the same transaction; one with an
    /// appointment (booked just before, at this location, still booked) links the `triaged`
    /// event to it.
    #[allow(clippy::too_many_arguments)]
    pub async fn triage(
        &self,
        ticket_id: i64,
        outcome: &str,
        partner: Option<&str>,
        service: Option<&str>,
        appointment: Option<i64>,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<Ticket> {
        let outcome = Outcome::parse(outcome).ok_or_else(|| {
            rejected("invalid_outcome", format!("\"{outcome}\" is not a triage outcome; use answered, internal, external or none"))
        })?;
        check(outcome, partner.is_some(), service.is_some())
            .and_then(|()| check_appointment(outcome, appointment.is_some()))
            .map_err(|e| rejected("invalid_triage", e.to_string()))?;
        let location_id = self.location_of_ticket(ticket_id).await?;
        let mut w = self.begin_write(location_id, now).await?;
        let t = ticket_by_id(&mut w.tx, ticket_id).await?;
        let svc = w
            .state
            .service(t.service_id)
            .cloned()
            .ok_or_else(|| StoreError::Corrupt("ticket without service".into()))?;
        if !svc.triage {
            return Err(rejected(
                "not_triage",
                format!(
                    "{} does not record triage outcomes; only the ID-team does",
                    svc.name()
                ),
            ));
        }
        if !matches!(t.state, TicketState::Called | TicketState::Serving) {
            return Err(StoreError::Conflict {
                code: "not_being_served",
                message: format!(
                    "{} is {}: record the outcome while the visitor is at the desk",
                    t.number,
                    t.state.as_str().replace('_', "-")
                ),
            });
        }
        let partner_id: Option<i64> = match partner {
            None => None,
            Some(key) => Some(
                partners::active_id_by_key(&mut w.tx, key)
                    .await?
                    .ok_or_else(|| {
                        rejected(
                            "unknown_partner",
                            format!("there is no partner organisation \"{key}\""),
                        )
                    })?,
            ),
        };
        if let Some(key) = service {
            if w.state.service_by_key(key).is_none() {
                return Err(rejected(
                    "unknown_service",
                    format!("there is no service \"{key}\" here"),
                ));
            }
        }
        if let Some(id) = appointment {
            let state = appointments::state_in_location(&mut w.tx, id, location_id)
                .await?
                .ok_or_else(|| {
                    rejected(
                        "unknown_appointment",
                        format!("there is no appointment {id} here"),
                    )
                })?;
            if state != "booked" {
                return Err(StoreError::Conflict {
                    code: "appointment_not_booked",
                    message: format!(
                        "appointment {id} is {}: book a new one for this visitor",
                        state.replace('_', "-")
                    ),
                });
            }
        }
        tickets::set_triage(&mut w.tx, ticket_id, outcome.as_str(), partner_id).await?;
        let data = serde_json::json!({ "outcome": outcome.as_str(), "partner": partner, "service": service, "appointment": appointment });
        Store::write_event(
            &mut w,
            location_id,
            Some(ticket_id),
            EventKind::Triaged,
            now,
            Some(t.service_id),
            t.desk_id,
            staff_id,
            None,
            Some(data.to_string()),
        )
        .await?;
        let t = ticket_by_id(&mut w.tx, ticket_id).await?;
        let (mut ticket, first) = self
            .change(&mut w, &t, EventKind::Triaged, None, now)
            .await?;
        let mut changes = vec![first];
        if let (Outcome::Internal, Some(key)) = (outcome, service) {
            let target = TransferTarget {
                service: Some(key.to_string()),
                reason: Some("ID-team: interne doorverwijzing".into()),
                ..Default::default()
            };
            let (moved, change) = self.transfer_in(&mut w, &t, &target, staff_id, now).await?;
            ticket = moved;
            changes.push(change);
        }
        self.commit_and_publish(w, changes).await?;
        Ok(ticket)
    }

    pub async fn partners(&self) -> Result<Vec<Partner>> {
        partners::active(&self.pool).await
    }

    pub async fn partner(&self, key: &str) -> Result<Partner> {
        self.partners()
            .await?
            .into_iter()
            .find(|p| p.key == key)
            .ok_or_else(|| StoreError::NotFound(format!("partner \"{key}\"")))
    }

    /// The partner an external referral of this ticket named, if any: retired since or not
    /// (the slip names who the visitor was sent to).
    pub async fn referral_partner(&self, ticket_id: i64) -> Result<Option<Partner>> {
        let Some(key) = partners::of_referral(&self.pool, ticket_id).await? else {
            return Ok(None);
        };
        partners::all(&self.pool)
            .await?
            .into_iter()
            .find(|p| p.key == key)
            .map(|p| Some(partners::offered_one(p)))
            .ok_or_else(|| StoreError::NotFound(format!("partner \"{key}\"")))
    }

    pub async fn help_categories(&self) -> Result<Vec<HelpCategory>> {
        help_categories::active(&self.pool).await
    }

    /// Enters a help request in the register, dated today (the location's calendar day), with
    /// the next reference number of the year. Nothing personal is stored.
    #[allow(clippy::too_many_arguments)]
    pub async fn register_help_request(
        &self,
        location_id: i64,
        service: &str,
        category: &str,
        documents: Vec<String>,
        ticket_id: Option<i64>,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<HelpRequest> {
        let documents: Vec<String> = documents
            .into_iter()
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .collect();
        if documents.len() > MAX_DOCUMENTS {
            return Err(rejected(
                "invalid_documents",
                format!("a receipt lists at most {MAX_DOCUMENTS} documents"),
            ));
        }
        if documents
            .iter()
            .any(|d| d.chars().count() > MAX_DOCUMENT_CHARS)
        {
            return Err(rejected(
                "invalid_documents",
                format!("describe each document in at most {MAX_DOCUMENT_CHARS} characters"),
            ));
        }
        let mut w = self.begin_write(location_id, now).await?;
        let service_id = w
            .state
            .service_by_key(service)
            .map(|s| s.id)
            .ok_or_else(|| {
                rejected(
                    "unknown_service",
                    format!("there is no service \"{service}\" here"),
                )
            })?;
        let category_id = help_categories::active_id_by_key(&mut w.tx, category)
            .await?
            .ok_or_else(|| {
                rejected(
                    "unknown_category",
                    format!("there is no help request category \"{category}\""),
                )
            })?;
        if let Some(tid) = ticket_id {
            let t = ticket_by_id(&mut w.tx, tid)
                .await
                .map_err(|_| rejected("unknown_ticket", format!("there is no ticket {tid}")))?;
            if t.location_id != location_id {
                return Err(rejected(
                    "unknown_ticket",
                    format!("ticket {tid} is not of this location"),
                ));
            }
        }
        let day = local_day(now, w.state.tz);
        let year = day.year() as i64;
        let seq = help_requests::next_seq(&mut w.tx, year).await?;
        let reference = format!("HA-{year}-{seq:05}");
        let id = help_requests::insert(
            &mut w.tx,
            &NewHelpRequest {
                location_id,
                year,
                seq,
                reference: &reference,
                received_on: day.format("%Y-%m-%d").to_string(),
                service_id,
                category_id,
                documents: serde_json::to_string(&documents).expect("strings serialise"),
                staff_id,
                ticket_id,
                created_at: ms(now),
            },
        )
        .await?;
        let data =
            serde_json::json!({ "reference": reference, "category": category, "help_request": id });
        let change = self
            .plain_event(
                &mut w,
                ticket_id,
                EventKind::HelpRequestRegistered,
                Some(service_id),
                staff_id,
                data,
                now,
            )
            .await?;
        let hr = help_requests::by_id(&mut *w.tx, id).await?;
        self.commit_and_publish(w, Some(change)).await?;
        Ok(hr)
    }

    /// An event that is not a ticket state change (a registration, a print): written, and
    /// published to desks as an `update` without a ticket.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn plain_event(
        &self,
        w: &mut crate::engine::WriteTx,
        ticket_id: Option<i64>,
        kind: EventKind,
        service_id: Option<i64>,
        staff_id: Option<i64>,
        data: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<Change> {
        self.plain_event_at_desk(w, ticket_id, kind, service_id, None, staff_id, data, now)
            .await
    }

    /// [`Store::plain_event`] that names a desk too (an appointment moved into a room).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn plain_event_at_desk(
        &self,
        w: &mut crate::engine::WriteTx,
        ticket_id: Option<i64>,
        kind: EventKind,
        service_id: Option<i64>,
        desk_id: Option<i64>,
        staff_id: Option<i64>,
        data: serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<Change> {
        let location_id = w.state.id;
        let seq = Store::write_event(
            w,
            location_id,
            ticket_id,
            kind,
            now,
            service_id,
            desk_id,
            staff_id,
            None,
            Some(data.to_string()),
        )
        .await?;
        let counts = crate::db::tickets::waiting_counts(&mut w.tx, location_id).await?;
        Ok(Change {
            location_id,
            seq,
            event: kind.as_str().to_string(),
            ticket: None,
            call: None,
            device: None,
            services: w.state.service_infos(&counts, now),
        })
    }

    pub async fn help_request_location(&self, id: i64) -> Result<i64> {
        help_requests::location_of(&self.pool, id).await
    }

    pub async fn help_request(&self, id: i64) -> Result<HelpRequest> {
        help_requests::by_id(&self.pool, id).await
    }

    /// The register: help requests received between two dates (inclusive), oldest first.
    pub async fn help_register(
        &self,
        location_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<HelpRequest>> {
        let (from, to) = (
            from.format("%Y-%m-%d").to_string(),
            to.format("%Y-%m-%d").to_string(),
        );
        help_requests::received_between(&self.pool, location_id, &from, &to).await
    }

    /// The reception printer to use: the one asked for, or the location's first.
    pub async fn print_target(&self, location_id: i64, key: Option<&str>) -> Result<PrintTarget> {
        let st = self.location_state(location_id).await?;
        let found = match key {
            Some(k) => st.printers.iter().find(|(pk, _, _)| pk == k),
            None => st.printers.first(),
        };
        match (found, key) {
            (Some((key, name, uri)), _) => Ok(PrintTarget {
                key: key.clone(),
                name: name.clone(),
                uri: uri.clone(),
            }),
            (None, Some(k)) => Err(rejected(
                "unknown_printer",
                format!("there is no printer \"{k}\" here"),
            )),
            (None, None) => Err(StoreError::Conflict {
                code: "no_printer",
                message:
                    "no reception printer is configured for this location ([[location.printer]])"
                        .into(),
            }),
        }
    }

    /// Records that a receipt, referral slip, ticket or confirmation was printed (or reprinted).
    pub async fn record_print(
        &self,
        location_id: i64,
        what: PrintedDocument,
        printer: &str,
        staff_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let (kind, help_request, ticket_id, appointment) = match what {
            PrintedDocument::Receipt { help_request } => {
                (EventKind::ReceiptPrinted, Some(help_request), None, None)
            }
            PrintedDocument::ReferralSlip { ticket } => {
                (EventKind::ReferralPrinted, None, Some(ticket), None)
            }
            PrintedDocument::Ticket { ticket } => {
                (EventKind::TicketPrinted, None, Some(ticket), None)
            }
            PrintedDocument::AppointmentConfirmation { appointment } => {
                (EventKind::AppointmentPrinted, None, None, Some(appointment))
            }
        };
        let mut w = self.begin_write(location_id, now).await?;
        if let Some(id) = help_request {
            help_requests::mark_printed(&mut w.tx, id, ms(now)).await?;
        }
        let mut data = serde_json::json!({ "printer": printer, "help_request": help_request });
        if let Some(id) = appointment {
            data["appointment_id"] = id.into();
        }
        let change = self
            .plain_event(&mut w, ticket_id, kind, None, staff_id, data, now)
            .await?;
        self.commit_and_publish(w, Some(change)).await
    }

    /// The audit log: every event with who did it, newest first.
    pub async fn audit(
        &self,
        location_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        events::audit(&self.pool, location_id, ms(from), ms(to), limit).await
    }

    /// The location's details for printing.
    pub async fn location_print_header(
        &self,
        location_id: i64,
    ) -> Result<(String, String, String, chrono_tz::Tz)> {
        let st = self.location_state(location_id).await?;
        Ok((st.name, st.address, st.phone, st.tz))
    }
}
