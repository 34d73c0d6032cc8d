//! A social worker's weekly hours and services, administered in the app
//! (`/api/v1/admin/staff/{username}/availability`, role admin, like the rest of the Accounts
//! section): see `usecases/availability.rs`.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use onthaal_wire::StaffAvailability;

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, Caller};
use super::AppState;
use crate::domain::roles::Permission;
use crate::usecases::Actor;

/// The API's routes, under `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    Router::new().route("/admin/staff/{username}/availability", get(show).put(set))
}

fn admin(caller: &Caller) -> Result<Actor, ApiError> {
    caller.require(Permission::Administer, "manage availability")?;
    caller
        .0
        .staff_id()
        .map(Actor::Staff)
        .ok_or_else(|| ApiError::forbidden("manage availability"))
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(username): ApiPath<String>,
) -> ApiResult<Json<StaffAvailability>> {
    admin(&caller)?;
    Ok(Json(state.store.staff_availability(&username).await?))
}

async fn set(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(username): ApiPath<String>,
    ApiJson(body): ApiJson<StaffAvailability>,
) -> ApiResult<Json<StaffAvailability>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .set_staff_availability(by, &username, body, state.clock.now())
            .await?,
    ))
}
