//! Services administered in the app (`/api/v1/admin/services…`, role admin): the list, a new
//! service, a change. Each goes through `usecases/configuration.rs`
//! `Store::change_configuration`: the file's rules, one transaction, the audit log, live on
//! every server and at once on the kiosks and displays.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch};
use axum::{Json, Router};
use onthaal_wire::{AdminService, AdminServiceChange};

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, ApiQuery, Caller, LocationQuery};
use super::AppState;
use crate::domain::roles::Permission;
use crate::usecases::Actor;

/// The API's routes, under `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/admin/services", get(list).post(create))
        .route("/admin/services/{key}", patch(change))
}

/// The administrator behind the request, as the actor of a change.
fn admin(caller: &Caller) -> Result<Actor, ApiError> {
    caller.staff_actor(Permission::Administer, "manage services")
}

async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<AdminService>>> {
    admin(&caller)?;
    Ok(Json(state.store.admin_services().await?))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<AdminService>,
) -> ApiResult<Response> {
    let by = admin(&caller)?;
    let s = state
        .store
        .create_service(by, body, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(s)).into_response())
}

async fn change(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
    ApiQuery(q): ApiQuery<LocationQuery>,
    ApiJson(body): ApiJson<AdminServiceChange>,
) -> ApiResult<Json<AdminService>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .change_service(by, q.location.as_deref(), &key, body, state.clock.now())
            .await?,
    ))
}
