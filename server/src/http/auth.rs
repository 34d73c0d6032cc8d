//! Logging in and out. The desk app may use the session cookie; other clients the token.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use onthaal_wire::{Login, LoginOk};

use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, Caller};
use super::AppState;
use crate::domain::roles::Principal;

pub async fn login(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Login>,
) -> ApiResult<impl IntoResponse> {
    if body.username.is_empty()
        || body.password.is_empty()
        || body.username.len() > 100
        || body.password.len() > 1000
    {
        return Err(ApiError::bad_request(
            "invalid_credentials",
            "give a username and a password",
        ));
    }
    let outcome = state
        .store
        .login(&body.username, &body.password, state.clock.now())
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "wrong username or password",
            )
        })?;
    let cookie = format!(
        "onthaal_session={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}",
        outcome.token,
        crate::store::auth_session_seconds()
    );
    let mut headers = HeaderMap::new();
    headers.insert(
        header::SET_COOKIE,
        cookie.parse().expect("valid cookie header"),
    );
    Ok((
        headers,
        Json(LoginOk {
            token: outcome.token,
            expires_at: outcome.expires_at,
            staff: outcome.staff,
        }),
    ))
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    _caller: Caller,
) -> ApiResult<impl IntoResponse> {
    let (mut parts, _) = axum::http::Request::new(()).into_parts();
    parts.headers = headers;
    if let Some(token) = super::extract::bearer_token(&parts) {
        state.store.logout(&token).await?;
    }
    let mut out = HeaderMap::new();
    out.insert(
        header::SET_COOKIE,
        "onthaal_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
            .parse()
            .expect("valid cookie header"),
    );
    Ok((StatusCode::NO_CONTENT, out))
}

/// Who the token belongs to.
pub async fn me(Caller(p): Caller) -> Json<serde_json::Value> {
    Json(match p {
        Principal::Staff { id, name, roles } => serde_json::json!({
            "kind": "staff", "id": id, "name": name,
            "roles": roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        }),
        Principal::Device { id, kind, .. } => {
            serde_json::json!({ "kind": kind.as_str(), "id": id })
        }
    })
}
