//! A ticket given at the desk, on paper: `POST /api/v1/tickets/{id}/print` prints it on a
//! reception printer as the kiosk would have (number, service, people before, estimate and the
//! QR code of the visitor's status page), in the visitor's language and script.
//!
//! Reception gives tickets to visitors who cannot use the kiosk (a priority ticket, a visitor
//! who asks at the desk); without paper they would have to remember their number and could not
//! follow their turn on their phone. A printer that cannot print is a 503 the desk app shows,
//! and the ticket stays in the queue (see `printing.rs`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use onthaal_hardware::TicketLayout;
use onthaal_wire::{PrintRequest, Printed, TicketState};

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, Caller};
use super::printing::{print, printed_lang};
use super::AppState;
use crate::domain::roles::Permission;
use crate::usecases::PrintedDocument;

/// Prints (or reprints) a waiting ticket for its visitor.
pub async fn print_ticket(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PrintRequest>,
) -> ApiResult<Json<Printed>> {
    caller.require(Permission::WorkDesk, "print tickets")?;
    if body.reason.is_some() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_reason",
            "a ticket prints no note; leave out \"reason\"",
        ));
    }
    let now = state.clock.now();
    let ticket = state.store.ticket(id, now).await?;
    // Once called, the visitor is at the desk: the paper would only say what they know.
    if ticket.state != TicketState::Waiting {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "ticket_not_waiting",
            format!(
                "{} is no longer waiting; only a waiting ticket is printed",
                ticket.number
            ),
        ));
    }
    let location = state.store.location_of_ticket(id).await?;
    let target = state
        .store
        .print_target(location, body.printer.as_deref())
        .await?;
    let st = state.store.location_state(location).await?;
    let printed = printed_lang(&target, ticket.lang);
    let service_name = st
        .service_by_key(&ticket.service)
        .map(|s| s.name_in(printed).to_string())
        .unwrap_or_else(|| ticket.service.clone());
    let layout = TicketLayout {
        location_name: st.name.clone(),
        number: ticket.number.clone(),
        service_name,
        issued_at: ticket.created_at.with_timezone(&st.tz),
        waiting_before: ticket.position.unwrap_or(0),
        estimated_wait_min: TicketLayout::wait_minutes(ticket.estimated_wait_s),
        status_url: format!(
            "{}/s/{}",
            state.public_url,
            ticket.status_token.as_deref().unwrap_or_default()
        ),
        lang: ticket.lang.code().to_string(),
        note_line: None,
    };
    let job = print(&target, move |w| layout.to_layout(w)).await?;
    state
        .store
        .record_print(
            location,
            PrintedDocument::Ticket { ticket: id },
            &target.key,
            caller.0.staff_id(),
            now,
        )
        .await?;
    Ok(Json(job))
}
