//! `GET /healthz`: 200 once the server accepts requests and its database answers.

use axum::extract::State;
use axum::http::StatusCode;

use super::AppState;

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
