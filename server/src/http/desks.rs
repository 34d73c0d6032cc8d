//! Desks and staff: listing them, and "call next" for a desk.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use onthaal_wire::{Desk, Staff};

use super::error::ApiResult;
use super::extract::{ApiPath, ApiQuery, Caller, LocationQuery};
use super::AppState;
use crate::domain::roles::Permission;

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<LocationQuery>,
) -> ApiResult<Json<Vec<Desk>>> {
    caller.require(Permission::ReadDesks, "list desks")?;
    let location = state.location_for(Some(&caller.0), &q)?;
    Ok(Json(state.store.desks(location).await?))
}

pub async fn staff(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<Staff>>> {
    caller.require(Permission::ReadDesks, "list staff")?;
    Ok(Json(state.store.staff_list().await?))
}

/// `200` with the called ticket, or `204` when nobody waits for this desk.
pub async fn call_next(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(desk): ApiPath<i64>,
) -> ApiResult<Response> {
    caller.require(Permission::WorkDesk, "call visitors")?;
    let location = state.store.location_of_desk(desk).await?;
    match state
        .store
        .call_next(location, desk, caller.0.staff_id(), state.clock.now())
        .await?
    {
        Some(t) => Ok(Json(t).into_response()),
        None => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}
