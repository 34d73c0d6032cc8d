//! A social worker's weekly hours and services, set in the app by administrators (Accounts,
//! "Beschikbaarheid") and managers (`/admin` opens for them with only its Beschikbaarheid
//! section): `/api/v1/admin/staff/{username}/availability` and the list
//! `/api/v1/admin/availability`; see `usecases/availability.rs`. A manager plans the team's
//! hours, so the permission is its own ([`Permission::ManageAvailability`]), not the
//! administrator's: a manager still cannot touch accounts, devices or services.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use onthaal_wire::{StaffAvailability, WorkerAvailability};

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, Caller};
use super::AppState;
use crate::domain::roles::Permission;
use crate::usecases::Actor;

/// The API's routes, under `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/admin/availability", get(list))
        .route("/admin/staff/{username}/availability", get(show).put(set))
}

fn planner(caller: &Caller) -> Result<Actor, ApiError> {
    caller.staff_actor(Permission::ManageAvailability, "manage availability")
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<WorkerAvailability>>> {
    planner(&caller)?;
    Ok(Json(state.store.availability_list().await?))
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(username): ApiPath<String>,
) -> ApiResult<Json<StaffAvailability>> {
    planner(&caller)?;
    Ok(Json(state.store.staff_availability(&username).await?))
}

async fn set(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(username): ApiPath<String>,
    ApiJson(body): ApiJson<StaffAvailability>,
) -> ApiResult<Json<StaffAvailability>> {
    let by = planner(&caller)?;
    Ok(Json(
        state
            .store
            .set_staff_availability(by, &username, body, state.clock.now())
            .await?,
    ))
}
