//! Request extractors: JSON bodies and path ids with our error body, and the caller's identity.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::AppState;
use crate::domain::roles::{Permission, Principal};

/// A JSON body; malformed JSON, wrong types and oversized bodies become our 4xx error body.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(json_error(rejection)),
        }
    }
}

fn json_error(r: JsonRejection) -> ApiError {
    let status = r.status();
    match r {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the body as JSON with Content-Type: application/json",
        ),
        JsonRejection::JsonSyntaxError(e) => ApiError::bad_request(
            "malformed_json",
            format!(
                "the body is not valid JSON: {}",
                e.body_text()
                    .trim_start_matches("Failed to parse the request body as JSON: ")
            ),
        ),
        JsonRejection::JsonDataError(e) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            e.body_text()
                .trim_start_matches("Failed to deserialize the JSON body into the target type: ")
                .to_string(),
        ),
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::new(status, "body_too_large", "the request body is too large")
        }
        other => ApiError::bad_request("invalid_body", other.body_text()),
    }
}

/// A path parameter; `/tickets/abc/start` is a 400 with our body, not axum's plain text.
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequestParts<AppState> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                Err(ApiError::bad_request("invalid_path", e.body_text()))
            }
            Err(e) => Err(ApiError::bad_request("invalid_path", e.body_text())),
        }
    }
}

/// The optional `Idempotency-Key` header: a client's key for one action (a kiosk touch), so a
/// retry after a lost answer gets the same result instead of a second ticket.
pub struct IdempotencyKey(pub Option<String>);

impl FromRequestParts<AppState> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        match parts.headers.get("idempotency-key") {
            None => Ok(IdempotencyKey(None)),
            Some(v) => v
                .to_str()
                .ok()
                .filter(|v| !v.is_empty() && v.len() <= 100)
                .map(|v| IdempotencyKey(Some(v.to_string())))
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "invalid_idempotency_key",
                        "Idempotency-Key must be 1 to 100 visible characters",
                    )
                }),
        }
    }
}

/// Who is calling: from `Authorization: Bearer` or the `onthaal_session` cookie. A token in
/// the query string (`?token=`) is read only by `GET /ws` (see [`query_token`]): anywhere else
/// it would end up in access logs and browser histories, and every other client can send a
/// header.
pub struct Caller(pub Principal);

/// The token of a request's `Authorization: Bearer` header or, without that header, of its
/// session cookie.
pub(crate) fn bearer_token(parts: &Parts) -> Option<String> {
    if let Some(v) = parts.headers.get(axum::http::header::AUTHORIZATION) {
        let v = v.to_str().ok()?;
        return v.strip_prefix("Bearer ").map(|t| t.trim().to_string());
    }
    let c = parts
        .headers
        .get(axum::http::header::COOKIE)
        .and_then(|c| c.to_str().ok())?;
    c.split(';')
        .find_map(|part| part.trim().strip_prefix("onthaal_session="))
        .map(str::to_string)
}

/// `?token=`: only for `GET /ws`, where neither a browser nor a station can set a header on
/// the WebSocket handshake.
pub(crate) fn query_token(uri: &axum::http::Uri) -> Option<String> {
    uri.query()?
        .split('&')
        .find_map(|kv| kv.strip_prefix("token=").map(str::to_string))
}

/// Whose token this is; `401` for an unknown, expired or malformed one.
pub(crate) async fn principal_of(state: &AppState, token: &str) -> Result<Principal, ApiError> {
    // A token is 64 hex characters; anything else is not worth a database look-up.
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::unauthorized());
    }
    match state.store.principal(token, state.clock.now()).await? {
        Some(p) => Ok(p),
        None => Err(ApiError::unauthorized()),
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(parts).ok_or_else(ApiError::unauthorized)?;
        Ok(Caller(principal_of(state, &token).await?))
    }
}

impl Caller {
    pub fn require(&self, p: Permission, what: &str) -> Result<(), ApiError> {
        if self.0.may(p) {
            Ok(())
        } else {
            Err(ApiError::forbidden(what))
        }
    }
}

/// `?location=KEY`; a device is bound to its own location.
#[derive(serde::Deserialize, Default)]
pub struct LocationQuery {
    pub location: Option<String>,
}

impl AppState {
    pub fn location_for(
        &self,
        caller: Option<&Principal>,
        q: &LocationQuery,
    ) -> Result<i64, ApiError> {
        let id = self.store.resolve_location(q.location.as_deref())?;
        if let Some(Principal::Device { location_id, .. }) = caller {
            if q.location.is_none() {
                return Ok(*location_id);
            }
            if *location_id != id {
                return Err(ApiError::forbidden("act for another location"));
            }
        }
        Ok(id)
    }
}
