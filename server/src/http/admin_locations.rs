//! Locations, their desks and rooms, and their printers administered in the app (role admin):
//! `/api/v1/admin/locations…` — the list (retired desks and printers too), a new location, a
//! change of its settings; a new desk, a change of its name, kind or profile, retire and
//! reinstate; the same for printers (one set of handlers for both). A location is never
//! removed. The rules, the audit log and
//! the live reload on every server are `usecases/admin_locations.rs`'s.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use onthaal_wire::{AdminDesk, AdminLocation, AdminLocationChange, AdminPrinter, NewAdminLocation};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, Caller};
use super::AppState;
use crate::domain::roles::Permission;
use crate::usecases::admin_partners::Kept;
use crate::usecases::Actor;

/// The API's routes, under `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/admin/locations", get(locations).post(create_location))
        .route("/admin/locations/{key}", patch(change_location))
        .merge(kept_routes::<AdminDesk>("desks", "desk"))
        .merge(kept_routes::<AdminPrinter>("printers", "printer"))
}

/// A new one at `/admin/locations/{key}/{items}`; a change, retire and reinstate at
/// `…/{items}/{{item}}…`.
fn kept_routes<T>(items: &str, item: &str) -> Router<AppState>
where
    T: Kept + Serialize,
    T::New: DeserializeOwned,
    T::Change: DeserializeOwned,
{
    let base = format!("/admin/locations/{{key}}/{items}");
    Router::new()
        .route(&base, post(create::<T>))
        .route(&format!("{base}/{{{item}}}"), patch(change::<T>))
        .route(
            &format!("{base}/{{{item}}}/retire"),
            post(set_active::<T, false>),
        )
        .route(
            &format!("{base}/{{{item}}}/reinstate"),
            post(set_active::<T, true>),
        )
}

/// The administrator behind the request, as the actor of a change.
fn admin(caller: &Caller) -> Result<Actor, ApiError> {
    caller.staff_actor(
        Permission::Administer,
        "manage locations, desks and printers",
    )
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

async fn create<T: Kept + Serialize>(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(location): ApiPath<String>,
    ApiJson(body): ApiJson<T::New>,
) -> ApiResult<Response> {
    let by = admin(&caller)?;
    let now = state.clock.now();
    let item = state.store.create_kept::<T>(by, &location, body, now);
    Ok((StatusCode::CREATED, Json(item.await?)).into_response())
}

async fn change<T: Kept + Serialize>(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((location, key)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<T::Change>,
) -> ApiResult<Json<T>> {
    let by = admin(&caller)?;
    let now = state.clock.now();
    let item = state.store.change_kept(by, &location, &key, body, now);
    Ok(Json(item.await?))
}

/// Retires (`ACTIVE` false) or reinstates (`ACTIVE` true) one.
async fn set_active<T: Kept + Serialize, const ACTIVE: bool>(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((location, key)): ApiPath<(String, String)>,
) -> ApiResult<Json<T>> {
    let by = admin(&caller)?;
    let now = state.clock.now();
    let item = state
        .store
        .set_kept_active(by, (&location, &key), ACTIVE, now);
    Ok(Json(item.await?))
}
