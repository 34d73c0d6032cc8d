//! Appointments over HTTP: booking, the day list, moving, cancelling, no-shows, free slots,
//! kiosk check-in, a staff member's calendar and their iCalendar feed.
//!
//! Check-in is rate limited per kiosk (or staff account) on *failed* codes only — by default
//! [`DEFAULT_CHECK_IN_LIMIT`], 10 per minute — so a visitor who mistypes gets several tries
//! while a script guessing codes in bulk is stopped at `429 too_many_attempts` (28^6 codes, of
//! which only today's are of any use). A successful check-in costs nothing.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use onthaal_wire::{Lang, Ticket};
use serde::Deserialize;

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, ApiQuery, Caller, IdempotencyKey, LocationQuery};
use super::AppState;
use crate::domain::appointments::{local_instant, AppointmentState};
use crate::domain::numbering::local_day;
use crate::domain::rate_limit::Window;
use crate::domain::roles::{Permission, Principal, Role};
use crate::store::{AppointmentView, Contact, NewAppointment, Slot};

/// At most 10 failed check-in codes per minute per kiosk.
pub const DEFAULT_CHECK_IN_LIMIT: [Window; 1] = [Window {
    max: 10,
    window: Duration::seconds(60),
}];

/// The public (token-in-URL) routes: the iCalendar feed.
pub fn routes() -> Router<AppState> {
    Router::new().route("/ical/{file}", get(ical_feed))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookBody {
    pub service: String,
    pub staff: Option<i64>,
    pub start: DateTime<Utc>,
    pub duration_min: Option<i64>,
    pub desk: Option<i64>,
    pub contact: Option<Contact>,
    pub lang: Option<Lang>,
}

/// `POST /api/v1/appointments`.
pub async fn book(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<LocationQuery>,
    ApiJson(body): ApiJson<BookBody>,
) -> ApiResult<(StatusCode, Json<AppointmentView>)> {
    caller.require(Permission::WorkDesk, "book appointments")?;
    let location_id = state.location_for(Some(&caller.0), &q)?;
    let access = state.store.appointment_access(&caller.0).await?;
    let view = state
        .store
        .book_appointment(
            &access,
            NewAppointment {
                location_id,
                service: body.service,
                staff: body.staff,
                desk: body.desk,
                start: body.start,
                duration_min: body.duration_min.unwrap_or(30),
                contact: body.contact.unwrap_or_default(),
                lang: body.lang.unwrap_or_default(),
                created_by: caller.0.staff_id(),
            },
            state.clock.now(),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

#[derive(Deserialize)]
pub struct ListQuery {
    pub date: Option<String>,
    pub staff: Option<i64>,
    pub location: Option<String>,
}

fn parse_date(s: &str, field: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        ApiError::bad_request(
            "invalid_date",
            format!("{field} must be a date like 2026-12-01"),
        )
    })
}

/// `GET /api/v1/appointments?date=&staff=`: reception's list of the day with states; a social
/// worker's holds their own and their teams' appointments only.
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> ApiResult<Json<Vec<AppointmentView>>> {
    caller.require(Permission::WorkDesk, "read appointments")?;
    let location_id = state.location_for(
        Some(&caller.0),
        &LocationQuery {
            location: q.location.clone(),
        },
    )?;
    let date = match &q.date {
        Some(d) => parse_date(d, "date")?,
        None => {
            let tz = state.store.location_state(location_id).await?.tz;
            local_day(state.clock.now(), tz)
        }
    };
    let access = state.store.appointment_access(&caller.0).await?;
    Ok(Json(
        state
            .store
            .appointments_on(&access, location_id, date, q.staff)
            .await?,
    ))
}

pub async fn get_one(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<AppointmentView>> {
    caller.require(Permission::WorkDesk, "read appointments")?;
    let access = state.store.appointment_access(&caller.0).await?;
    Ok(Json(state.store.appointment(&access, id).await?))
}

async fn end(
    state: AppState,
    caller: Caller,
    id: i64,
    to: AppointmentState,
) -> ApiResult<Json<AppointmentView>> {
    caller.require(Permission::WorkDesk, "change appointments")?;
    let access = state.store.appointment_access(&caller.0).await?;
    Ok(Json(
        state
            .store
            .end_appointment(&access, id, to, caller.0.staff_id(), state.clock.now())
            .await?,
    ))
}

pub async fn cancel(
    State(s): State<AppState>,
    c: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<AppointmentView>> {
    end(s, c, id, AppointmentState::Cancelled).await
}

pub async fn no_show(
    State(s): State<AppState>,
    c: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<AppointmentView>> {
    end(s, c, id, AppointmentState::NoShow).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveBody {
    pub start: DateTime<Utc>,
}

pub async fn move_to(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<MoveBody>,
) -> ApiResult<Json<AppointmentView>> {
    caller.require(Permission::WorkDesk, "move appointments")?;
    let access = state.store.appointment_access(&caller.0).await?;
    Ok(Json(
        state
            .store
            .move_appointment(
                &access,
                id,
                body.start,
                caller.0.staff_id(),
                state.clock.now(),
            )
            .await?,
    ))
}

#[derive(Deserialize)]
pub struct SlotsQuery {
    pub service: String,
    pub staff: Option<i64>,
    pub desk: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub duration_min: Option<u32>,
    pub location: Option<String>,
}

/// `GET /api/v1/appointments/slots?service=&staff=&from=&to=`: free slots (at most 31 days).
pub async fn slots(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<SlotsQuery>,
) -> ApiResult<Json<Vec<Slot>>> {
    caller.require(Permission::WorkDesk, "look up free slots")?;
    let location_id = state.location_for(
        Some(&caller.0),
        &LocationQuery {
            location: q.location.clone(),
        },
    )?;
    let now = state.clock.now();
    let tz = state.store.location_state(location_id).await?.tz;
    let from = match &q.from {
        Some(d) => parse_date(d, "from")?,
        None => local_day(now, tz),
    };
    let to = match &q.to {
        Some(d) => parse_date(d, "to")?,
        None => from + Duration::days(6),
    };
    if to < from || (to - from).num_days() > 31 {
        return Err(ApiError::bad_request(
            "invalid_range",
            "to must be on or after from, at most 31 days later",
        ));
    }
    if q.duration_min.is_some_and(|d| !(5..=480).contains(&d)) {
        return Err(ApiError::bad_request(
            "invalid_duration",
            "an appointment lasts 5 to 480 minutes",
        ));
    }
    Ok(Json(
        state
            .store
            .free_slots(
                location_id,
                &q.service,
                q.staff,
                q.desk,
                from,
                to,
                q.duration_min,
                now,
            )
            .await?,
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckInBody {
    pub code: String,
    pub lang: Option<Lang>,
}

/// `POST /api/v1/check-in {"code"}`: `201` the new ticket, `200` the same ticket again.
pub async fn check_in(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<LocationQuery>,
    IdempotencyKey(idempotency_key): IdempotencyKey,
    ApiJson(body): ApiJson<CheckInBody>,
) -> ApiResult<(StatusCode, Json<Ticket>)> {
    caller.require(Permission::IssueTicket, "check in appointments")?;
    let location_id = state.location_for(Some(&caller.0), &q)?;
    if body.code.len() > 40 {
        return Err(ApiError::bad_request(
            "invalid_code",
            "a booking code has 6 characters",
        ));
    }
    let (device_id, staff_id, limit_key) = match &caller.0 {
        Principal::Device { id, .. } => (Some(*id), None, *id),
        // Staff accounts are limited too (a stolen session must not guess either), on a key
        // apart from device ids.
        Principal::Staff { id, .. } => (None, Some(*id), -*id),
    };
    let now = state.clock.now();
    let reservation = state
        .check_in_limiter
        .reserve(limit_key, now)
        .map_err(|e| {
            let wait = e.retry_after.unwrap_or(60);
            ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                format!("too many wrong codes in a short time; try again in {wait} s or go to the reception desk"),
            )
            .retry_after(wait)
        })?;
    let result = state
        .store
        .check_in(
            location_id,
            &body.code,
            body.lang,
            device_id,
            staff_id,
            idempotency_key,
            now,
        )
        .await;
    let checked = match result {
        Ok(c) => {
            // Only failed codes count towards the limit.
            state.check_in_limiter.release(reservation);
            c
        }
        Err(e) => {
            let mut err = ApiError::from(e);
            if err.code == "unknown_code" {
                err.status = StatusCode::NOT_FOUND;
            }
            return Err(err);
        }
    };
    let mut ticket = checked.ticket;
    // The visitor is told the room of their appointment (the ticket's own desk is set when
    // it is called).
    if ticket.desk.is_none() {
        ticket.desk = state.store.appointment_room(checked.appointment_id).await?;
    }
    Ok((
        if checked.created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(ticket),
    ))
}

#[derive(Deserialize)]
pub struct RangeQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// `GET /api/v1/staff/{id}/calendar?from=&to=`: a social worker's day or week (local dates,
/// inclusive; default today). One's own calendar, or anyone's for reception, the ID-team and
/// admins (see `domain/appointment_access.rs`); a social worker books with a colleague
/// without it, from the free slots.
pub async fn calendar(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(staff_id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<RangeQuery>,
) -> ApiResult<Json<Vec<AppointmentView>>> {
    let access = state.store.appointment_access(&caller.0).await?;
    if !access.reaches_calendar_of(staff_id) {
        return Err(ApiError::forbidden("read another social worker's calendar"));
    }
    let location_id = state.store.resolve_location(None)?;
    let tz = state.store.location_state(location_id).await?.tz;
    let now = state.clock.now();
    let from = match &q.from {
        Some(d) => parse_date(d, "from")?,
        None => local_day(now, tz),
    };
    let to = match &q.to {
        Some(d) => parse_date(d, "to")?,
        None => from,
    };
    if to < from || (to - from).num_days() > 62 {
        return Err(ApiError::bad_request(
            "invalid_range",
            "to must be on or after from, at most 62 days later",
        ));
    }
    let lo = local_instant(from, 0, tz).unwrap_or(now);
    let hi = local_instant(to, 1440, tz).unwrap_or(now);
    Ok(Json(
        state
            .store
            .staff_calendar(&access, staff_id, lo, hi)
            .await?,
    ))
}

/// `GET /api/v1/staff/{id}/ical-url`: the secret feed address, for that staff member or an
/// admin only (it is a credential).
pub async fn ical_url(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(staff_id): ApiPath<i64>,
) -> ApiResult<Json<serde_json::Value>> {
    let allowed = match &caller.0 {
        Principal::Staff { id, roles, .. } => *id == staff_id || roles.contains(&Role::Admin),
        Principal::Device { .. } => false,
    };
    if !allowed {
        return Err(ApiError::forbidden(
            "read another person's calendar address",
        ));
    }
    let token = state.store.ical_token(staff_id).await?;
    Ok(Json(serde_json::json!({
        "url": format!("{}/ical/{token}.ics", state.public_url),
    })))
}

/// `GET /ical/{secret}.ics`: the feed itself (no login: calendar programs cannot log in).
pub async fn ical_feed(
    State(state): State<AppState>,
    ApiPath(file): ApiPath<String>,
) -> ApiResult<Response> {
    let token = file
        .strip_suffix(".ics")
        .filter(|t| t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| ApiError::not_found("calendar"))?;
    match state.store.ical_feed(token, state.clock.now()).await? {
        Some(body) => Ok((
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, max-age=300"),
            ],
            body,
        )
            .into_response()),
        None => Err(ApiError::not_found("calendar")),
    }
}
