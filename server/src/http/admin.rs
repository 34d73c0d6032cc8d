//! Administration: staff accounts (`/api/v1/admin/accounts…`, role admin), one's own password
//! (`POST /api/v1/me/password`, every staff member), and the administrator's page `/admin`.
//!
//! The page is three static files from `server/admin/`, compiled into the binary like the desk
//! app's: it logs in with the session cookie and does everything through the API, where the
//! role is checked on every request.

use std::sync::LazyLock;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Json;
use axum::Router;
use onthaal_wire::{Account, AccountChange, NewAccount, OneTimePassword, PasswordChange};

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, Caller, SessionCaller};
use super::pages::{page, static_files, with_login_form, SELF_ONLY_CSP};
use super::AppState;
use crate::domain::roles::{Permission, Principal};
use crate::domain::throttle;
use crate::usecases::{Actor, OwnPasswordChange};

const INDEX: &str = include_str!("../../admin/index.html");
/// The page with the staff login form in place (`pages::with_login_form`).
static PAGE: LazyLock<String> = LazyLock::new(|| with_login_form(INDEX));

/// The page's style and scripts: `admin.js` the page and the Accounts section, and one module
/// per other section.
const FILES: &[(&str, &str)] = &[
    ("/admin/admin.css", include_str!("../../admin/admin.css")),
    ("/admin/admin.js", include_str!("../../admin/admin.js")),
    // Apparaten: kiosks and displays (`device_admin.rs`).
    ("/admin/devices.js", include_str!("../../admin/devices.js")),
    // Diensten: services as the configuration holds them (`admin_services.rs`).
    (
        "/admin/services.js",
        include_str!("../../admin/services.js"),
    ),
    // Partners en categorieën (`admin_partners.rs`).
    (
        "/admin/partners.js",
        include_str!("../../admin/partners.js"),
    ),
    // What the sections that keep items share: messages, rows, retiring, dialogs.
    ("/admin/kept.js", include_str!("../../admin/kept.js")),
    // Locaties: locations, desks and rooms, printers (`admin_locations.rs`).
    (
        "/admin/locations.js",
        include_str!("../../admin/locations.js"),
    ),
    // A social worker's hours and services, from Accounts (`admin_availability.rs`).
    (
        "/admin/availability.js",
        include_str!("../../admin/availability.js"),
    ),
    // Changes made elsewhere, followed on the staff WebSocket (`ws.rs`).
    ("/admin/live.js", include_str!("../../admin/live.js")),
];

/// The API's routes, under `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/admin/accounts", get(list).post(create))
        .route("/admin/accounts/{id}", axum::routing::patch(change))
        .route("/admin/accounts/{id}/disable", post(set_enabled::<false>))
        .route("/admin/accounts/{id}/enable", post(set_enabled::<true>))
        .route("/admin/accounts/{id}/reset-password", post(reset_password))
        .route("/me/password", post(own_password))
}

/// `GET /admin` the page, and its style and scripts ([`FILES`]). Not part of the API, so not
/// in the OpenAPI document.
pub fn page_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/admin",
            get(|| async { page(PAGE.as_str(), SELF_ONLY_CSP, "no-cache") }),
        )
        .merge(static_files(FILES))
}

/// The administrator behind the request, as the actor of a change.
fn admin(caller: &Caller) -> Result<Actor, ApiError> {
    caller.staff_actor(Permission::Administer, "manage accounts")
}

async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<Account>>> {
    admin(&caller)?;
    Ok(Json(state.store.accounts().await?))
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewAccount>,
) -> ApiResult<Response> {
    let by = admin(&caller)?;
    let (account, password) = state
        .store
        .create_account(by, body, None, state.clock.now())
        .await?;
    let one_time_password = password.expect("an account made in the app gets a one-time password");
    Ok((
        StatusCode::CREATED,
        Json(OneTimePassword {
            account,
            one_time_password,
        }),
    )
        .into_response())
}

async fn change(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<AccountChange>,
) -> ApiResult<Json<Account>> {
    let by = admin(&caller)?;
    Ok(Json(
        state
            .store
            .change_account(by, id, body, state.clock.now())
            .await?,
    ))
}

/// Disables (`ENABLED` false) or enables (`ENABLED` true) an account.
async fn set_enabled<const ENABLED: bool>(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Account>> {
    let (by, store, now) = (admin(&caller)?, &state.store, state.clock.now());
    Ok(Json(if ENABLED {
        store.enable_account(by, id, now).await?
    } else {
        store.disable_account(by, id, now).await?
    }))
}

async fn reset_password(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<OneTimePassword>> {
    let by = admin(&caller)?;
    let (account, password) = state
        .store
        .set_account_password(by, id, None, state.clock.now())
        .await?;
    Ok(Json(OneTimePassword {
        account,
        one_time_password: password.expect("a reset gives a one-time password"),
    }))
}

/// Every staff member's own password, also (and first of all) while a one-time password must
/// be changed. Other sessions of the account end; this one goes on.
async fn own_password(
    State(state): State<AppState>,
    caller: SessionCaller,
    ApiJson(body): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    let Principal::Staff { id, .. } = caller.principal else {
        return Err(ApiError::forbidden(
            "change a password (a station has none)",
        ));
    };
    let outcome = state
        .store
        .change_own_password(
            id,
            &caller.token,
            &body.old_password,
            &body.new_password,
            state.clock.now(),
        )
        .await?;
    match outcome {
        OwnPasswordChange::Changed => Ok(StatusCode::NO_CONTENT),
        // As at the login: plain Dutch, shown as it is.
        OwnPasswordChange::Throttled { wait } => Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            throttle::wait_message(wait),
        )
        .retry_after(throttle::retry_after_seconds(wait))),
    }
}
