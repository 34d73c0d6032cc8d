//! Kiosks and displays administered in the app (role admin): `GET/POST /api/v1/admin/devices`,
//! `GET /api/v1/admin/devices/locations` (where one can be registered),
//! `PATCH /api/v1/admin/devices/{id}` (rename), `POST …/{id}/pairing-code` (a new code for a
//! device still waiting for its station) and `POST …/{id}/revoke`; and the stations' own
//! `POST /api/v1/devices/pair`, which exchanges a pairing code for the station's token without
//! a login (see `usecases/pairing.rs`). A station's settings keep their address,
//! `PUT /api/v1/devices/{id}/settings` (`devices.rs`).
//!
//! A refused code is a 4xx with a code saying why (`pairing_code_unknown`, `_expired`,
//! `_used`, `device_revoked`, `wrong_kind`, `invalid_pairing_code`); after a few wrong ones
//! from one address, `429 too_many_attempts` with `Retry-After`, as at the login.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use onthaal_wire::{
    AdminDevice, DeviceRename, LocationInfo, NewDevice, PairRequest, Paired, PairingCode,
};

use super::client::ClientAddr;
use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, ApiPath, Caller};
use super::AppState;
use crate::domain::roles::Permission;
use crate::domain::throttle;
use crate::usecases::{PairOutcome, PairRefusal};

/// The API's routes, under `/api/v1`.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/admin/devices", get(list).post(register))
        .route("/admin/devices/locations", get(locations))
        .route("/admin/devices/{id}", patch(rename))
        .route("/admin/devices/{id}/pairing-code", post(renew_code))
        .route("/admin/devices/{id}/revoke", post(revoke))
        .route("/devices/pair", post(pair))
}

/// The administrator behind the request.
fn admin(caller: &Caller) -> Result<i64, ApiError> {
    caller.require(Permission::Administer, "manage kiosks and displays")?;
    caller
        .0
        .staff_id()
        .ok_or_else(|| ApiError::forbidden("manage kiosks and displays"))
}

async fn list(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<AdminDevice>>> {
    admin(&caller)?;
    Ok(Json(state.store.admin_devices().await?))
}

/// The locations to register a device for (the page's choice).
async fn locations(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<LocationInfo>>> {
    admin(&caller)?;
    Ok(Json(state.store.device_locations().await?))
}

async fn register(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewDevice>,
) -> ApiResult<Response> {
    let by = admin(&caller)?;
    let code = state
        .store
        .register_device_for_pairing(by, body, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(code)).into_response())
}

async fn rename(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<DeviceRename>,
) -> ApiResult<Json<AdminDevice>> {
    let by = admin(&caller)?;
    let now = state.clock.now();
    Ok(Json(
        state.store.rename_device(by, id, &body.name, now).await?,
    ))
}

async fn renew_code(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<PairingCode>> {
    let by = admin(&caller)?;
    let now = state.clock.now();
    Ok(Json(state.store.renew_pairing_code(by, id, now).await?))
}

async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<AdminDevice>> {
    let by = admin(&caller)?;
    let now = state.clock.now();
    Ok(Json(state.store.revoke_device_in_app(by, id, now).await?))
}

/// A station's pairing: no login, the code is the proof. The messages are plain Dutch: the
/// station's pairing page shows them as they are.
async fn pair(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    ApiJson(body): ApiJson<PairRequest>,
) -> ApiResult<Json<Paired>> {
    if body.code.len() > 64 {
        return Err(refused(PairRefusal::Malformed));
    }
    match state
        .store
        .pair_device(&body, address, state.clock.now())
        .await?
    {
        PairOutcome::Paired(p) => Ok(Json(p)),
        PairOutcome::Refused(r) => Err(refused(r)),
        PairOutcome::Throttled { wait } => Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            format!(
                "Te veel foute koppelcodes. Wacht {} en probeer dan opnieuw.",
                wait_words(wait)
            ),
        )
        .retry_after(throttle::retry_after_seconds(wait))),
    }
}

fn refused(r: PairRefusal) -> ApiError {
    match r {
        PairRefusal::Malformed => ApiError::bad_request(
            "invalid_pairing_code",
            "Een koppelcode heeft 8 tekens (letters en cijfers), bv. K7MX-3QPA.",
        ),
        PairRefusal::Unknown => ApiError::new(
            StatusCode::NOT_FOUND,
            "pairing_code_unknown",
            "Deze koppelcode bestaat niet. Kijk de code na in Beheer → Apparaten.",
        ),
        PairRefusal::Expired => ApiError::new(
            StatusCode::GONE,
            "pairing_code_expired",
            "Deze koppelcode is verlopen. Vraag in Beheer → Apparaten een nieuwe code.",
        ),
        PairRefusal::Used => ApiError::new(
            StatusCode::CONFLICT,
            "pairing_code_used",
            "Deze koppelcode werd al gebruikt. Vraag een beheerder om het apparaat opnieuw te registreren.",
        ),
        PairRefusal::Revoked => ApiError::new(
            StatusCode::GONE,
            "device_revoked",
            "Dit apparaat werd ingetrokken. Vraag een beheerder om het opnieuw te registreren.",
        ),
        PairRefusal::WrongKind { registered_as } => ApiError::new(
            StatusCode::CONFLICT,
            "wrong_kind",
            format!(
                "Deze koppelcode is voor een {}, niet voor dit toestel.",
                match registered_as {
                    crate::domain::roles::DeviceKind::Kiosk => "kiosk",
                    crate::domain::roles::DeviceKind::Display => "scherm",
                }
            ),
        ),
    }
}

/// "12 seconden", "3 minuten".
fn wait_words(wait: chrono::Duration) -> String {
    let secs = throttle::retry_after_seconds(wait);
    match secs {
        1 => "1 seconde".into(),
        s if s < 60 => format!("{s} seconden"),
        s if s <= 60 => "1 minuut".into(),
        s => format!("{} minuten", (s + 59) / 60),
    }
}
