//! Logging in and out. The desk app may use the session cookie; other clients the token.
//!
//! A login that must wait after failed attempts gets `429 too_many_attempts` with
//! `Retry-After` and a plain Dutch message; one that found every password hashing slot busy
//! gets `503 busy` with `Retry-After` (see `usecases/auth.rs` and `engine/hashing.rs`).

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use axum::Json;
use onthaal_wire::{DeviceSession, Login, LoginOk, Me, StaffSession};

use super::client::{ClientAddr, Https};
use super::error::{ApiError, ApiResult};
use super::extract::{ApiJson, SessionCaller};
use super::AppState;
use crate::domain::roles::Principal;
use crate::domain::throttle;
use crate::usecases::LoginResult;

pub async fn login(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    Https(https): Https,
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
    let outcome = match state
        .store
        .login(&body.username, &body.password, address, state.clock.now())
        .await?
    {
        LoginResult::LoggedIn(outcome) => outcome,
        LoginResult::Refused => {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "wrong username or password",
            ))
        }
        // The desk app and the dashboard show this message as it is: plain Dutch.
        LoginResult::Throttled { wait } => {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                throttle::wait_message(wait),
            )
            .retry_after(throttle::retry_after_seconds(wait)))
        }
        LoginResult::Busy => {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "De server is even druk. Probeer over enkele seconden opnieuw aan te melden.",
            )
            .retry_after(2))
        }
    };
    let cookie = session_cookie(
        &outcome.token,
        crate::usecases::auth::auth_session_seconds(),
        cookie_is_secure(https, &state.public_url),
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
            must_change_password: outcome.must_change_password,
        }),
    ))
}

/// Ends the session of the credential that authenticated this request, however it came
/// (bearer header or cookie: `?token=` authenticates only `GET /ws`).
pub async fn logout(
    State(state): State<AppState>,
    Https(https): Https,
    uri: Uri,
    headers: HeaderMap,
    _caller: SessionCaller,
) -> ApiResult<impl IntoResponse> {
    if let Some(token) = token_of(uri, headers) {
        state.store.logout(&token).await?;
    }
    let mut out = HeaderMap::new();
    out.insert(
        header::SET_COOKIE,
        session_cookie("", 0, cookie_is_secure(https, &state.public_url))
            .parse()
            .expect("valid cookie header"),
    );
    Ok((StatusCode::NO_CONTENT, out))
}

/// Who the token belongs to; for staff also when the session ends (`expires_at`), so the
/// desk app can warn before it does, and whether a new password must be chosen first.
pub async fn me(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    caller: SessionCaller,
) -> ApiResult<Json<Me>> {
    Ok(Json(match caller.principal {
        Principal::Staff { id, name, roles } => {
            let expires_at = match token_of(uri, headers) {
                Some(t) => {
                    state
                        .store
                        .session_expires_at(&t, state.clock.now())
                        .await?
                }
                None => None,
            };
            Me::Staff(StaffSession {
                kind: "staff".into(),
                id,
                name,
                roles: roles.iter().map(|r| r.as_str().to_string()).collect(),
                expires_at,
                must_change_password: caller.must_change_password,
            })
        }
        Principal::Device { id, kind, .. } => Me::Device(DeviceSession {
            kind: kind.as_str().into(),
            id,
        }),
    }))
}

/// The token that authenticated a request, found as [`super::extract::Caller`] finds it.
fn token_of(uri: Uri, headers: HeaderMap) -> Option<String> {
    let (mut parts, _) = axum::http::Request::new(()).into_parts();
    parts.uri = uri;
    parts.headers = headers;
    super::extract::bearer_token(&parts)
}

/// The desk app's session cookie. `HttpOnly`: no script reads it (the pages never need the
/// token). `SameSite=Strict`: no other site's page or link makes the browser send it; the
/// pages are static and fetch their data from their own origin, so Strict costs nothing (a
/// link from an e-mail loads the page, and the page's own requests carry the cookie). Other
/// origins of the same site are kept out by the `Origin` check (`origin.rs`). `Secure` when
/// served over HTTPS, see [`cookie_is_secure`].
fn session_cookie(token: &str, max_age_s: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "onthaal_session={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_s}{secure}"
    )
}

/// Whether the cookie must never travel over plain HTTP: when this request came over HTTPS
/// (the server's own TLS, or a trusted proxy's `X-Forwarded-Proto: https`, see `client.rs`),
/// or when the public URL is `https://` (browsers reach the server through a TLS-terminating
/// proxy, whatever this request says).
fn cookie_is_secure(https: bool, public_url: &str) -> bool {
    https
        || public_url
            .get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_secure_only_behind_https() {
        assert!(cookie_is_secure(false, "https://onthaal.gemeente.be"));
        assert!(cookie_is_secure(false, "HTTPS://onthaal.gemeente.be"));
        assert!(!cookie_is_secure(false, "http://127.0.0.1:8080"));
        assert!(cookie_is_secure(true, "http://127.0.0.1:8080"));
        assert_eq!(
            session_cookie("abc", 60, false),
            "onthaal_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60"
        );
        assert!(session_cookie("abc", 60, true).ends_with("; Secure"));
    }
}
