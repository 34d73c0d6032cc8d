//! Partners and kinds of help request administered in the app (role admin):
//! `/api/v1/admin/partners…` and `/api/v1/admin/help-categories…` — the list (retired ones
//! too), a new one, a change, retire and reinstate. One set of handlers serves both kinds; the
//! rules, the audit log and the live reload on every server are `usecases/admin_partners.rs`'s.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use onthaal_wire::{AdminHelpCategory, AdminPartner};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, Caller};
use super::AppState;
use crate::domain::roles::Permission;
use crate::usecases::admin_partners::{Kept, APP};
use crate::usecases::Actor;

/// The API's routes, under `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .merge(kept_routes::<AdminPartner>("/admin/partners"))
        .merge(kept_routes::<AdminHelpCategory>("/admin/help-categories"))
}

/// The list and a new one at `base`; a change, retire and reinstate at `base/{key}…`.
fn kept_routes<T>(base: &str) -> Router<AppState>
where
    T: Kept + Serialize,
    T::New: DeserializeOwned,
    T::Change: DeserializeOwned,
{
    Router::new()
        .route(base, get(list::<T>).post(create::<T>))
        .route(&format!("{base}/{{key}}"), patch(change::<T>))
        .route(
            &format!("{base}/{{key}}/retire"),
            post(set_active::<T, false>),
        )
        .route(
            &format!("{base}/{{key}}/reinstate"),
            post(set_active::<T, true>),
        )
}

/// The administrator behind the request, as the actor of a change.
fn admin(caller: &Caller) -> Result<Actor, ApiError> {
    caller.staff_actor(
        Permission::Administer,
        "manage partners and help categories",
    )
}

async fn list<T: Kept + Serialize>(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<T>>> {
    admin(&caller)?;
    Ok(Json(state.store.kept::<T>(APP).await?))
}

async fn create<T: Kept + Serialize>(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<T::New>,
) -> ApiResult<Response> {
    let by = admin(&caller)?;
    let created = state
        .store
        .create_kept::<T>(by, APP, body, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

async fn change<T: Kept + Serialize>(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<T::Change>,
) -> ApiResult<Json<T>> {
    let by = admin(&caller)?;
    let now = state.clock.now();
    Ok(Json(
        state.store.change_kept(by, APP, &key, body, now).await?,
    ))
}

/// Retires (`ACTIVE` false) or reinstates (`ACTIVE` true) one.
async fn set_active<T: Kept + Serialize, const ACTIVE: bool>(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<T>> {
    let by = admin(&caller)?;
    let now = state.clock.now();
    let item = state.store.set_kept_active(by, (APP, &key), ACTIVE, now);
    Ok(Json(item.await?))
}
