//! `GET /api/v1/services`: open now, waiting, estimated wait. Public: the kiosk and the
//! status page need it, and it holds nothing private. And closing a service now and reopening
//! it (reception, managers; see `usecases/closures.rs`).

use axum::extract::State;
use axum::Json;
use onthaal_wire::{CloseService, ServiceClosure, ServiceInfo};

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, ApiQuery, Caller, LocationQuery};
use super::AppState;
use crate::domain::roles::{Permission, Principal};

pub async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<LocationQuery>,
) -> ApiResult<Json<Vec<ServiceInfo>>> {
    let location = state.location_for(None, &q)?;
    Ok(Json(
        state.store.services(location, state.clock.now()).await?,
    ))
}

/// The staff member behind a caller who may close services: id and name.
fn closer(caller: &Caller) -> ApiResult<(i64, String)> {
    caller.require(Permission::CloseService, "close or reopen services")?;
    match &caller.0 {
        Principal::Staff { id, name, .. } => Ok((*id, name.clone())),
        Principal::Device { .. } => Err(ApiError::forbidden("close or reopen services")),
    }
}

/// `GET /api/v1/closures`: the services closed now by staff, with the staff-only note.
pub async fn closures(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<LocationQuery>,
) -> ApiResult<Json<Vec<ServiceClosure>>> {
    closer(&caller)?;
    let location = state.location_for(Some(&caller.0), &q)?;
    Ok(Json(
        state.store.closures(location, state.clock.now()).await?,
    ))
}

/// `POST /api/v1/services/{key}/close`: closed now, until a time today or the end of the day.
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
    ApiQuery(q): ApiQuery<LocationQuery>,
    ApiJson(body): ApiJson<CloseService>,
) -> ApiResult<Json<ServiceClosure>> {
    let (id, name) = closer(&caller)?;
    let location = state.location_for(Some(&caller.0), &q)?;
    Ok(Json(
        state
            .store
            .close_service(location, &key, &body, (id, &name), state.clock.now())
            .await?,
    ))
}

/// `POST /api/v1/services/{key}/reopen`: open again before the closure's time; answers the
/// service as everyone sees it now.
pub async fn reopen(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
    ApiQuery(q): ApiQuery<LocationQuery>,
) -> ApiResult<Json<ServiceInfo>> {
    let (id, name) = closer(&caller)?;
    let location = state.location_for(Some(&caller.0), &q)?;
    let now = state.clock.now();
    state
        .store
        .reopen_service(location, &key, (id, &name), now)
        .await?;
    let services = state.store.services(location, now).await?;
    services
        .into_iter()
        .find(|s| s.key == key)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("service \"{key}\"")))
}
