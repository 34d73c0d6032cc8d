//! Locations, their desks and rooms, and their printers administered in the app (role admin):
//! `/api/v1/admin/locations…` — the list (retired desks and printers too), a new location, a
//! change of its settings; a new desk, a change of its name, kind or profile, retire and
//! reinstate; the same for printers. A location is never removed. The rules, the audit log and
//! the live reload on every server are `usecases/admin_locations.rs`'s.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use onthaal_wire::{
    AdminDesk, AdminDeskChange, AdminLocation, AdminLocationChange, AdminPrinter,
    AdminPrinterChange, NewAdminDesk, NewAdminLocation, NewAdminPrinter,
};

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, Caller};
use super::AppState;
use crate::domain::roles::Permission;
use crate::usecases::Actor;

/// The API's routes, under `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/admin/locations", get(locations).post(create_location))
        .route("/admin/locations/{key}", patch(change_location))
        .route("/admin/locations/{key}/desks", post(create_desk))
        .route("/admin/locations/{key}/desks/{desk}", patch(change_desk))
        .route(
            "/admin/locations/{key}/desks/{desk}/retire",
            post(retire_desk),
        )
        .route(
            "/admin/locations/{key}/desks/{desk}/reinstate",
            post(reinstate_desk),
        )
        .route("/admin/locations/{key}/printers", post(create_printer))
        .route(
            "/admin/locations/{key}/printers/{printer}",
            patch(change_printer),
        )
        .route(
            "/admin/locations/{key}/printers/{printer}/retire",
            post(retire_printer),
        )
        .route(
            "/admin/locations/{key}/printers/{printer}/reinstate",
            post(reinstate_printer),
        )
}

/// The administrator behind the request, as the actor of a change.
fn admin(caller: &Caller) -> Result<Actor, ApiError> {
    caller.require(
        Permission::Administer,
        "manage locations, desks and printers",
    )?;
    caller
        .0
        .staff_id()
        .map(Actor::Staff)
        .ok_or_else(|| ApiError::forbidden("manage locations, desks and printers"))
}

async fn locations(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<AdminLocation>>> {
    admin(&caller)?;
    Ok(Json(state.store.admin_locations().await?))
}

async fn create_location(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewAdminLocation>,
) -> ApiResult<Response> {
    let by = admin(&caller)?;
    let l = state
        .store
        .create_location(by, body, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(l)).into_response())
}

async fn change_location(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<AdminLocationChange>,
) -> ApiResult<Json<AdminLocation>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .change_location(by, &key, body, state.clock.now())
            .await?,
    ))
}

async fn create_desk(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(location): ApiPath<String>,
    ApiJson(body): ApiJson<NewAdminDesk>,
) -> ApiResult<Response> {
    let by = admin(&caller)?;
    let d = state
        .store
        .create_desk(by, &location, body, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(d)).into_response())
}

async fn change_desk(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((location, desk)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<AdminDeskChange>,
) -> ApiResult<Json<AdminDesk>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .change_desk(by, &location, &desk, body, state.clock.now())
            .await?,
    ))
}

async fn retire_desk(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((location, desk)): ApiPath<(String, String)>,
) -> ApiResult<Json<AdminDesk>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .retire_desk(by, &location, &desk, state.clock.now())
            .await?,
    ))
}

async fn reinstate_desk(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((location, desk)): ApiPath<(String, String)>,
) -> ApiResult<Json<AdminDesk>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .reinstate_desk(by, &location, &desk, state.clock.now())
            .await?,
    ))
}

async fn create_printer(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(location): ApiPath<String>,
    ApiJson(body): ApiJson<NewAdminPrinter>,
) -> ApiResult<Response> {
    let by = admin(&caller)?;
    let p = state
        .store
        .create_printer(by, &location, body, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

async fn change_printer(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((location, printer)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<AdminPrinterChange>,
) -> ApiResult<Json<AdminPrinter>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .change_printer(by, &location, &printer, body, state.clock.now())
            .await?,
    ))
}

async fn retire_printer(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((location, printer)): ApiPath<(String, String)>,
) -> ApiResult<Json<AdminPrinter>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .retire_printer(by, &location, &printer, state.clock.now())
            .await?,
    ))
}

async fn reinstate_printer(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((location, printer)): ApiPath<(String, String)>,
) -> ApiResult<Json<AdminPrinter>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .reinstate_printer(by, &location, &printer, state.clock.now())
            .await?,
    ))
}
