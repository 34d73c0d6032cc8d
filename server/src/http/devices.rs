//! Kiosks and displays: reception lists them (online, printer state); admins set a station's
//! settings (a display's services, its information line, a second announcement language).

use axum::extract::State;
use axum::Json;
use onthaal_wire::{DeviceInfo, StationSettings};

use super::error::ApiResult;
use super::extract::{ApiJson, ApiPath, ApiQuery, Caller, LocationQuery};
use super::AppState;
use crate::domain::roles::Permission;

pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<LocationQuery>,
) -> ApiResult<Json<Vec<DeviceInfo>>> {
    caller.require(Permission::ReadDesks, "list stations")?;
    let location = state.location_for(Some(&caller.0), &q)?;
    Ok(Json(state.store.devices(location).await?))
}

pub async fn set_settings(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(settings): ApiJson<StationSettings>,
) -> ApiResult<Json<DeviceInfo>> {
    caller.require(Permission::Administer, "change station settings")?;
    Ok(Json(
        state
            .store
            .set_device_settings(caller.0.staff_id(), id, settings, state.clock.now())
            .await?,
    ))
}
