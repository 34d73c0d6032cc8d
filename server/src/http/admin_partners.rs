//! Partners and kinds of help request administered in the app (role admin):
//! `/api/v1/admin/partners…` and `/api/v1/admin/help-categories…` — the list (retired ones
//! too), a new one, a change, retire and reinstate. The rules, the audit log and the live
//! reload on every server are `usecases/admin_partners.rs`'s.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use onthaal_wire::{
    AdminHelpCategory, AdminHelpCategoryChange, AdminPartner, AdminPartnerChange,
    NewAdminHelpCategory, NewAdminPartner,
};

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, Caller};
use super::AppState;
use crate::domain::roles::Permission;
use crate::usecases::Actor;

/// The API's routes, under `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/admin/partners", get(partners).post(create_partner))
        .route("/admin/partners/{key}", patch(change_partner))
        .route("/admin/partners/{key}/retire", post(retire_partner))
        .route("/admin/partners/{key}/reinstate", post(reinstate_partner))
        .route(
            "/admin/help-categories",
            get(categories).post(create_category),
        )
        .route("/admin/help-categories/{key}", patch(change_category))
        .route("/admin/help-categories/{key}/retire", post(retire_category))
        .route(
            "/admin/help-categories/{key}/reinstate",
            post(reinstate_category),
        )
}

/// The administrator behind the request, as the actor of a change.
fn admin(caller: &Caller) -> Result<Actor, ApiError> {
    caller.require(
        Permission::Administer,
        "manage partners and help categories",
    )?;
    caller
        .0
        .staff_id()
        .map(Actor::Staff)
        .ok_or_else(|| ApiError::forbidden("manage partners and help categories"))
}

async fn partners(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<AdminPartner>>> {
    admin(&caller)?;
    Ok(Json(state.store.admin_partners().await?))
}

async fn create_partner(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewAdminPartner>,
) -> ApiResult<Response> {
    let by = admin(&caller)?;
    let p = state
        .store
        .create_partner(by, body, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

async fn change_partner(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<AdminPartnerChange>,
) -> ApiResult<Json<AdminPartner>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .change_partner(by, &key, body, state.clock.now())
            .await?,
    ))
}

async fn retire_partner(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<AdminPartner>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .retire_partner(by, &key, state.clock.now())
            .await?,
    ))
}

async fn reinstate_partner(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<AdminPartner>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .reinstate_partner(by, &key, state.clock.now())
            .await?,
    ))
}

async fn categories(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<AdminHelpCategory>>> {
    admin(&caller)?;
    Ok(Json(state.store.admin_help_categories().await?))
}

async fn create_category(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewAdminHelpCategory>,
) -> ApiResult<Response> {
    let by = admin(&caller)?;
    let c = state
        .store
        .create_help_category(by, body, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

async fn change_category(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<AdminHelpCategoryChange>,
) -> ApiResult<Json<AdminHelpCategory>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .change_help_category(by, &key, body, state.clock.now())
            .await?,
    ))
}

async fn retire_category(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<AdminHelpCategory>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .retire_help_category(by, &key, state.clock.now())
            .await?,
    ))
}

async fn reinstate_category(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<AdminHelpCategory>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .reinstate_help_category(by, &key, state.clock.now())
            .await?,
    ))
}
