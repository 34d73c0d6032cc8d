//! The printed appointment confirmation: `POST /api/v1/appointments/{id}/print` prints it on a
//! reception printer, like the referral slip and the ontvangstbewijs (see `printing.rs`: a
//! printer that cannot print is a 503 the desk app shows; the booking stays booked).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use onthaal_hardware::AppointmentConfirmation;
use onthaal_wire::{PrintRequest, Printed};

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, Caller};
use super::printing::{print, printed_lang};
use super::AppState;
use crate::domain::roles::Permission;
use crate::usecases::PrintedDocument;

/// Prints (or reprints) the confirmation of a booked appointment for the client.
pub async fn print_confirmation(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<PrintRequest>,
) -> ApiResult<Json<Printed>> {
    caller.require(Permission::WorkDesk, "print appointment confirmations")?;
    if body.reason.is_some() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_reason",
            "a confirmation prints no note; leave out \"reason\"",
        ));
    }
    // Only for a client the caller may reach (see `domain/appointment_access.rs`).
    let access = state.store.appointment_access(&caller.0).await?;
    let a = state.store.appointment(&access, id).await?;
    if a.state != "booked" {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "appointment_not_booked",
            format!(
                "the appointment is {}; only a booked appointment gets a confirmation",
                a.state.replace('_', "-")
            ),
        ));
    }
    let location = state.store.location_of_appointment(id).await?;
    let target = state
        .store
        .print_target(location, body.printer.as_deref())
        .await?;
    let st = state.store.location_state(location).await?;
    let printed = printed_lang(&target, a.lang);
    let service_name = st
        .service_by_key(&a.service)
        .map(|s| s.name_in(printed).to_string())
        .unwrap_or_else(|| a.service_name.clone());
    let confirmation = AppointmentConfirmation {
        location_name: st.name.clone(),
        location_address: st.address.clone(),
        location_phone: st.phone.clone(),
        start: a.start.with_timezone(&st.tz),
        duration_min: u32::try_from(a.duration_min).unwrap_or(0),
        service_name,
        // Clients know their social worker by first name; the paper needs no more.
        social_worker: a
            .staff_name
            .as_deref()
            .and_then(|n| n.split_whitespace().next())
            .map(str::to_string),
        place: a.desk.as_ref().map(|d| d.name.clone()),
        code: a.code.clone(),
        lang: a.lang.code().to_string(),
    };
    let printed = print(&target, move |w| confirmation.to_layout(w)).await?;
    state
        .store
        .record_print(
            location,
            PrintedDocument::AppointmentConfirmation { appointment: id },
            &target.key,
            caller.0.staff_id(),
            state.clock.now(),
        )
        .await?;
    Ok(Json(printed))
}
