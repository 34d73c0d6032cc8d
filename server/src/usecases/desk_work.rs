//! Desk work beyond calling: the ID-team's triage, the register of help requests
//! (hulpaanvragen) with their receipts, the partner catalogue, and the audit log.
//!
//! Each of these is an event in the location's log like any ticket change, so desks see it
//! live, managers count it, and the audit log is simply the event log read with names.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use onthaal_wire::{AuditEntry, HelpCategory, HelpRequest, Partner, Ticket, TicketState};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::db::tickets::ticket_by_id;
use crate::db::{col, from_ms, ms, Result, StoreError};
use crate::domain::events::EventKind;
use crate::domain::numbering::local_day;
use crate::domain::triage::{check, check_appointment, Outcome};
use crate::engine::hub::Change;
use crate::engine::Store;
use crate::usecases::call::TransferTarget;

/// The most documents one receipt lists, and the longest line for one.
const MAX_DOCUMENTS: usize = 30;
const MAX_DOCUMENT_CHARS: usize = 200;

fn rejected(code: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::Rejected {
        code,
        message: message.into(),
    }
}

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

const HELP_COLUMNS: &str = "h.id, h.reference, h.received_on, h.documents, h.printed_at, h.print_count, h.location_id, \
     s.key AS service_key, s.names AS service_names, c.key AS category_key, c.name AS category_name, c.leefloon, \
     st.name AS staff_name, t.number AS ticket_number";

const HELP_FROM: &str = "FROM help_requests h JOIN services s ON s.id = h.service_id \
     JOIN help_categories c ON c.id = h.category_id LEFT JOIN staff st ON st.id = h.staff_id \
     LEFT JOIN tickets t ON t.id = h.ticket_id";

fn help_from_row(r: &AnyRow) -> Result<HelpRequest> {
    let names: String = col(r, "service_names")?;
    let names: std::collections::BTreeMap<String, String> =
        serde_json::from_str(&names).unwrap_or_default();
    let received: String = col(r, "received_on")?;
    let documents: String = col(r, "documents")?;
    Ok(HelpRequest {
        id: col(r, "id")?,
        reference: col(r, "reference")?,
        received_on: NaiveDate::parse_from_str(&received, "%Y-%m-%d")
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        service: col(r, "service_key")?,
        service_name: names.get("nl").cloned().unwrap_or_default(),
        category: col(r, "category_key")?,
        category_name: col(r, "category_name")?,
        leefloon: col::<i64>(r, "leefloon")? != 0,
        documents: serde_json::from_str(&documents).unwrap_or_default(),
        staff: col(r, "staff_name")?,
        ticket: col(r, "ticket_number")?,
        printed_at: col::<Option<i64>>(r, "printed_at")?.map(from_ms),
        print_count: col(r, "print_count")?,
    })
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
                sqlx::query("SELECT id FROM partners WHERE key = $1 AND active = 1")
                    .bind(key)
                    .fetch_optional(&mut *w.tx)
                    .await?
                    .ok_or_else(|| {
                        rejected(
                            "unknown_partner",
                            format!("there is no partner organisation \"{key}\""),
                        )
                    })?
                    .try_get(0)?,
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
            let row =
                sqlx::query("SELECT state FROM appointments WHERE id = $1 AND location_id = $2")
                    .bind(id)
                    .bind(location_id)
                    .fetch_optional(&mut *w.tx)
                    .await?
                    .ok_or_else(|| {
                        rejected(
                            "unknown_appointment",
                            format!("there is no appointment {id} here"),
                        )
                    })?;
            let state: String = row.try_get(0)?;
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
        sqlx::query("UPDATE tickets SET triage_outcome = $1, triage_partner_id = $2 WHERE id = $3")
            .bind(outcome.as_str())
            .bind(partner_id)
            .bind(ticket_id)
            .execute(&mut *w.tx)
            .await?;
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
        let rows = sqlx::query("SELECT key, name, address, phone, hours, website FROM partners WHERE active = 1 ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Partner {
                    key: col(r, "key")?,
                    name: col(r, "name")?,
                    address: col(r, "address")?,
                    phone: col(r, "phone")?,
                    hours: col(r, "hours")?,
                    website: col(r, "website")?,
                })
            })
            .collect()
    }

    pub async fn partner(&self, key: &str) -> Result<Partner> {
        self.partners()
            .await?
            .into_iter()
            .find(|p| p.key == key)
            .ok_or_else(|| StoreError::NotFound(format!("partner \"{key}\"")))
    }

    /// The partner an external referral of this ticket named, if any.
    pub async fn referral_partner(&self, ticket_id: i64) -> Result<Option<Partner>> {
        let row = sqlx::query(
            "SELECT p.key FROM tickets t JOIN partners p ON p.id = t.triage_partner_id WHERE t.id = $1 AND t.triage_outcome = 'external'",
        )
        .bind(ticket_id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some(self.partner(&r.try_get::<String, _>(0)?).await?)),
            None => Ok(None),
        }
    }

    pub async fn help_categories(&self) -> Result<Vec<HelpCategory>> {
        let rows = sqlx::query("SELECT key, name, leefloon FROM help_categories WHERE active = 1 ORDER BY position, id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(HelpCategory {
                    key: col(r, "key")?,
                    name: col(r, "name")?,
                    leefloon: col::<i64>(r, "leefloon")? != 0,
                })
            })
            .collect()
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
        let category_id: i64 =
            sqlx::query("SELECT id FROM help_categories WHERE key = $1 AND active = 1")
                .bind(category)
                .fetch_optional(&mut *w.tx)
                .await?
                .ok_or_else(|| {
                    rejected(
                        "unknown_category",
                        format!("there is no help request category \"{category}\""),
                    )
                })?
                .try_get(0)?;
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
        let seq: i64 = sqlx::query(
            "INSERT INTO help_request_counters (year, last) VALUES ($1, 1) \
             ON CONFLICT (year) DO UPDATE SET last = help_request_counters.last + 1 RETURNING last",
        )
        .bind(year)
        .fetch_one(&mut *w.tx)
        .await?
        .try_get(0)?;
        let reference = format!("HA-{year}-{seq:05}");
        let id: i64 = sqlx::query(
            "INSERT INTO help_requests (location_id, year, seq, reference, received_on, service_id, category_id, documents, staff_id, ticket_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(location_id)
        .bind(year)
        .bind(seq)
        .bind(&reference)
        .bind(day.format("%Y-%m-%d").to_string())
        .bind(service_id)
        .bind(category_id)
        .bind(serde_json::to_string(&documents).expect("strings serialise"))
        .bind(staff_id)
        .bind(ticket_id)
        .bind(ms(now))
        .fetch_one(&mut *w.tx)
        .await?
        .try_get(0)?;
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
        let sql = format!("SELECT {HELP_COLUMNS} {HELP_FROM} WHERE h.id = $1");
        let hr = help_from_row(&sqlx::query(&sql).bind(id).fetch_one(&mut *w.tx).await?)?;
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
        let location_id = w.state.id;
        let seq = Store::write_event(
            w,
            location_id,
            ticket_id,
            kind,
            now,
            service_id,
            None,
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
        let row = sqlx::query("SELECT location_id FROM help_requests WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("help request {id}")))?;
        Ok(row.try_get(0)?)
    }

    pub async fn help_request(&self, id: i64) -> Result<HelpRequest> {
        let sql = format!("SELECT {HELP_COLUMNS} {HELP_FROM} WHERE h.id = $1");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("help request {id}")))?;
        help_from_row(&row)
    }

    /// The register: help requests received between two dates (inclusive), oldest first.
    pub async fn help_register(
        &self,
        location_id: i64,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<HelpRequest>> {
        let sql = format!(
            "SELECT {HELP_COLUMNS} {HELP_FROM} WHERE h.location_id = $1 AND h.received_on >= $2 AND h.received_on <= $3 ORDER BY h.year, h.seq"
        );
        let rows = sqlx::query(&sql)
            .bind(location_id)
            .bind(from.format("%Y-%m-%d").to_string())
            .bind(to.format("%Y-%m-%d").to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(help_from_row).collect()
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
            sqlx::query("UPDATE help_requests SET printed_at = $1, print_count = print_count + 1 WHERE id = $2")
                .bind(ms(now))
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
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
        let rows = sqlx::query(
            "SELECT e.at, e.kind, e.ticket_id, e.data, t.number, s.name AS staff_name, s.username, d.name AS desk_name, dv.name AS device_name \
             FROM events e LEFT JOIN tickets t ON t.id = e.ticket_id LEFT JOIN staff s ON s.id = e.staff_id \
             LEFT JOIN desks d ON d.id = e.desk_id LEFT JOIN devices dv ON dv.id = e.device_id \
             WHERE e.location_id = $1 AND e.at >= $2 AND e.at < $3 ORDER BY e.seq DESC LIMIT $4",
        )
        .bind(location_id)
        .bind(ms(from))
        .bind(ms(to))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let staff: Option<String> = col(r, "staff_name")?;
                let username: Option<String> = col(r, "username")?;
                let data: Option<String> = col(r, "data")?;
                Ok(AuditEntry {
                    at: from_ms(col(r, "at")?),
                    event: col(r, "kind")?,
                    ticket_id: col(r, "ticket_id")?,
                    ticket: col(r, "number")?,
                    staff: staff.map(|n| format!("{n} ({})", username.unwrap_or_default())),
                    desk: col(r, "desk_name")?,
                    device: col(r, "device_name")?,
                    details: data.and_then(|d| serde_json::from_str(&d).ok()),
                })
            })
            .collect()
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
