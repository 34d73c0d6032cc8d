//! Tickets: issuing (kiosk or desk) and everything a desk does to one.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use onthaal_wire::{CallTicket, Channel, NewTicket, Ticket, Transfer};

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, ApiQuery, Caller, IdempotencyKey, LocationQuery};
use super::{ratelimit, AppState};
use crate::domain::roles::{Permission, Principal};
use crate::domain::ticket::Action;
use crate::usecases::{IssueRequest, TransferTarget};

/// `POST /api/v1/tickets`. A kiosk may send `Idempotency-Key` (one per touch) so that a
/// double tap or a retry after a lost answer returns the same ticket instead of a second one.
pub async fn issue(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<LocationQuery>,
    IdempotencyKey(idempotency_key): IdempotencyKey,
    ApiJson(body): ApiJson<NewTicket>,
) -> ApiResult<(StatusCode, Json<Ticket>)> {
    caller.require(Permission::IssueTicket, "issue tickets")?;
    let location_id = state.location_for(Some(&caller.0), &q)?;
    let (channel, device_id, staff_id) = match &caller.0 {
        Principal::Device { id, .. } => (Channel::Kiosk, Some(*id), None),
        Principal::Staff { id, .. } => (Channel::Desk, None, Some(*id)),
    };
    if channel == Channel::Kiosk && body.priority_reason.is_some() {
        return Err(ApiError::forbidden(
            "give priority tickets; that happens at the desk",
        ));
    }
    // A kiosk is rate limited (see ratelimit.rs); a retry of a key it already used is not a
    // new ticket, so it passes even while the kiosk is limited.
    let mut reservation = None;
    if let Some(device) = device_id {
        match state.kiosk_limiter.reserve(device, state.clock.now()) {
            Ok(r) => reservation = Some(r),
            Err(too_many) => match &idempotency_key {
                Some(key) if ratelimit::is_retry(&state, device, key).await => {}
                _ => return Err(too_many),
            },
        }
    }
    let issued = state
        .store
        .issue_ticket(
            IssueRequest {
                arrival: None,
                location_id,
                service: body.service,
                lang: body.lang.unwrap_or_default(),
                channel,
                priority_reason: body.priority_reason,
                device_id,
                staff_id,
                idempotency_key,
            },
            state.clock.now(),
        )
        .await;
    // A slot counts only for a ticket really created.
    let created = matches!(issued, Ok((_, true)));
    if let (Some(r), false) = (reservation, created) {
        state.kiosk_limiter.release(r);
    }
    let (ticket, created) = issued?;
    Ok((
        if created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(ticket),
    ))
}

pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Ticket>> {
    caller.require(Permission::WorkDesk, "read tickets")?;
    Ok(Json(state.store.ticket(id, state.clock.now()).await?))
}

async fn act(state: AppState, caller: Caller, id: i64, action: Action) -> ApiResult<Json<Ticket>> {
    caller.require(Permission::WorkDesk, action.verb())?;
    Ok(Json(
        state
            .store
            .act(id, action, caller.0.staff_id(), state.clock.now())
            .await?,
    ))
}

pub async fn recall(
    State(s): State<AppState>,
    c: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Ticket>> {
    act(s, c, id, Action::Recall).await
}

pub async fn start(
    State(s): State<AppState>,
    c: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Ticket>> {
    act(s, c, id, Action::Start).await
}

pub async fn finish(
    State(s): State<AppState>,
    c: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Ticket>> {
    act(s, c, id, Action::Finish).await
}

pub async fn no_show(
    State(s): State<AppState>,
    c: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Ticket>> {
    act(s, c, id, Action::NoShow).await
}

pub async fn cancel(
    State(s): State<AppState>,
    c: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Ticket>> {
    act(s, c, id, Action::Cancel).await
}

pub async fn return_to_queue(
    State(s): State<AppState>,
    c: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Ticket>> {
    act(s, c, id, Action::Return).await
}

pub async fn transfer(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<Transfer>,
) -> ApiResult<Json<Ticket>> {
    caller.require(Permission::WorkDesk, "transfer visitors")?;
    if body
        .reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > 200)
    {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_reason",
            "keep the reason under 200 characters",
        ));
    }
    let target = TransferTarget {
        service: body.service,
        desk: body.desk,
        staff: body.staff,
        reason: body.reason,
    };
    Ok(Json(
        state
            .store
            .transfer(id, target, caller.0.staff_id(), state.clock.now())
            .await?,
    ))
}

/// Calls a chosen ticket now, out of order.
pub async fn call(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<CallTicket>,
) -> ApiResult<Json<Ticket>> {
    caller.require(Permission::WorkDesk, "call visitors")?;
    Ok(Json(
        state
            .store
            .call_ticket(id, body.desk, caller.0.staff_id(), state.clock.now())
            .await?,
    ))
}
