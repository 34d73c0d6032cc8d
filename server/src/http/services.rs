//! `GET /api/v1/services`: open now, waiting, estimated wait. Public: the kiosk and the
//! status page need it, and it holds nothing private.

use axum::extract::State;
use axum::Json;
use onthaal_wire::ServiceInfo;

use super::error::ApiResult;
use super::extract::{ApiQuery, LocationQuery};
use super::AppState;

pub async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<LocationQuery>,
) -> ApiResult<Json<Vec<ServiceInfo>>> {
    let location = state.location_for(None, &q)?;
    Ok(Json(
        state.store.services(location, state.clock.now()).await?,
    ))
}
