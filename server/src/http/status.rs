//! A ticket's public status: the JSON (`/api/v1/status/{token}`) and the visitor's page
//! (`/s/{token}`, where the QR code on the ticket points). No login, no personal data: the
//! unguessable token is the only key, and the answer is a number, a service and a room.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use onthaal_wire::TicketStatus;

use super::error::{ApiError, ApiResult};
use super::extract::ApiPath;
use super::AppState;

const PAGE: &str = include_str!("status_page.html");

fn valid_token(t: &str) -> bool {
    t.len() == 20 && t.bytes().all(|b| b.is_ascii_alphanumeric())
}

pub async fn api(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Json<TicketStatus>> {
    if !valid_token(&token) {
        return Err(ApiError::not_found("ticket"));
    }
    Ok(Json(state.store.status(&token, state.clock.now()).await?))
}

pub async fn page(State(state): State<AppState>, ApiPath(token): ApiPath<String>) -> Response {
    let status = if valid_token(&token) {
        state.store.status(&token, state.clock.now()).await.ok()
    } else {
        None
    };
    let Some(status) = status else {
        return (
            StatusCode::NOT_FOUND,
            Html(
                PAGE.replace("{{lang}}", "nl")
                    .replace("{{token}}", "")
                    .replace("{{initial}}", "null"),
            ),
        )
            .into_response();
    };
    // The page renders itself from this JSON and then keeps it fresh.
    let initial = serde_json::to_string(&status)
        .expect("status serialises")
        .replace('<', "\\u003c");
    (
        [(header::CACHE_CONTROL, "no-store")],
        Html(
            PAGE.replace("{{lang}}", status.lang.code())
                .replace("{{token}}", &token)
                .replace("{{initial}}", &initial),
        ),
    )
        .into_response()
}
