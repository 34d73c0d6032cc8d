//! Request extractors: JSON bodies, query strings and path ids with our error body, and the
//! caller's identity.
//!
//! Every text a client sends passes here, so this is where control characters are refused
//! (`invalid_text`, 422), once for all handlers: PostgreSQL cannot store U+0000 at all, and no
//! name, code or key of ours ever holds a control character. Only JSON bodies may hold line
//! breaks and tabs (a note or a list of documents may be several lines); a query string or a
//! path segment holds no control character at all.

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::AppState;
use crate::domain::roles::{Permission, Principal};
use crate::usecases::Actor;

/// A JSON body; malformed JSON, wrong types, control characters and oversized bodies become our
/// 4xx error body.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        if !json_content_type(req.headers()) {
            return Err(unsupported_media_type());
        }
        let bytes = match Bytes::from_request(req, state).await {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    "the request body is too large",
                ))
            }
            Err(e) => return Err(ApiError::bad_request("invalid_body", e.body_text())),
        };
        let value = axum::Json::<T>::from_bytes(&bytes).map_err(json_error)?;
        // The body parsed, so it is JSON: its strings are read once more, escapes decoded, for
        // characters no field may hold (a `\u0000` is only visible after decoding). Almost no
        // body can hold one, and a kiosk's ticket is on the hot path: read again only then.
        if may_hold_control_characters(&bytes) {
            let json: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
                ApiError::bad_request("malformed_json", format!("the body is not valid JSON: {e}"))
            })?;
            if let Some(field) = bad_json_text(&json, "body") {
                return Err(invalid_text(&field));
            }
        }
        Ok(ApiJson(value.0))
    }
}

/// Whether the request says its body is JSON (`application/json` or `application/*+json`), as
/// axum's own `Json` requires.
fn json_content_type(headers: &HeaderMap) -> bool {
    let Some(ct) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Whether valid JSON text could decode to a control character: JSON forbids raw C0 characters
/// inside strings, so only an escape (`\u…`), a raw DEL or a raw C1 character (UTF-8 `C2 80`
/// to `C2 9F`) can carry one.
fn may_hold_control_characters(json: &[u8]) -> bool {
    json.windows(2)
        .any(|w| w == b"\\u" || w[0] == 0x7f || (w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1])))
        || json.last() == Some(&0x7f)
}

/// A character no text of ours holds; `multi_line` allows line breaks and tabs.
fn forbidden(c: char, multi_line: bool) -> bool {
    c.is_control() && !(multi_line && matches!(c, '\n' | '\r' | '\t'))
}

/// Where in a JSON body a string (or a key) holds a forbidden character, as `body.contact.name`.
fn bad_json_text(v: &serde_json::Value, at: &str) -> Option<String> {
    match v {
        serde_json::Value::String(s) => s.chars().any(|c| forbidden(c, true)).then(|| at.into()),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| bad_json_text(item, &format!("{at}[{i}]"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(k, v)| {
            let at = format!(
                "{at}.{}",
                k.chars().filter(|c| !c.is_control()).collect::<String>()
            );
            if k.chars().any(|c| forbidden(c, false)) {
                Some(at)
            } else {
                bad_json_text(v, &at)
            }
        }),
        _ => None,
    }
}

fn invalid_text(field: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_text",
        format!("{field} holds a control character (such as U+0000), which no text may hold"),
    )
}

/// A query string (`?from=…&limit=…`); a malformed one, a wrong type or a control character is
/// a 422 with our body, not axum's plain text.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        check_query(parts)?;
        match axum::extract::Query::<T>::try_from_uri(&parts.uri) {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_query",
                e.body_text()
                    .trim_start_matches("Failed to deserialize query string: ")
                    .to_string(),
            )),
            Err(e) => Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_query",
                e.body_text(),
            )),
        }
    }
}

/// Refuses a query string whose names or values, decoded, hold a control character.
fn check_query(parts: &Parts) -> Result<(), ApiError> {
    let Some(q) = parts.uri.query() else {
        return Ok(());
    };
    for (k, v) in form_urlencoded::parse(q.as_bytes()) {
        if k.chars().chain(v.chars()).any(|c| forbidden(c, false)) {
            let name: String = k.chars().filter(|c| !c.is_control()).collect();
            return Err(invalid_text(&format!("the query parameter \"{name}\"")));
        }
    }
    Ok(())
}

fn unsupported_media_type() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "send the body as JSON with Content-Type: application/json",
    )
}

fn json_error(r: JsonRejection) -> ApiError {
    let status = r.status();
    match r {
        JsonRejection::MissingJsonContentType(_) => unsupported_media_type(),
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
        // The segments as sent, decoded, before they are read as numbers or keys.
        if let Ok(axum::extract::Path(segments)) =
            axum::extract::Path::<Vec<(String, String)>>::from_request_parts(parts, state).await
        {
            if let Some((name, _)) = segments
                .iter()
                .find(|(_, v)| v.chars().any(|c| forbidden(c, false)))
            {
                return Err(invalid_text(&format!("the path segment {{{name}}}")));
            }
        }
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

/// Whose token this is; `401` for an unknown, expired or malformed one, `403
/// password_change_required` for a staff member who must first change a one-time password.
pub(crate) async fn principal_of(state: &AppState, token: &str) -> Result<Principal, ApiError> {
    match holder_of(state, token).await? {
        (_, true) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "password_change_required",
            "choose a new password first (POST /api/v1/me/password): this one was a one-time password",
        )),
        (p, false) => Ok(p),
    }
}

/// Whose token this is, and whether they must change their password first.
async fn holder_of(state: &AppState, token: &str) -> Result<(Principal, bool), ApiError> {
    // A token is 64 hex characters; anything else is not worth a database look-up.
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::unauthorized());
    }
    match state.store.token_holder(token, state.clock.now()).await? {
        Some(h) => Ok(h),
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

/// Who is calling, also while they must still change a one-time password: only for saying
/// who they are, logging out and changing the password. `must_change_password` says which.
pub struct SessionCaller {
    pub principal: Principal,
    pub must_change_password: bool,
    pub token: String,
}

impl FromRequestParts<AppState> for SessionCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer_token(parts).ok_or_else(ApiError::unauthorized)?;
        let (principal, must_change_password) = holder_of(state, &token).await?;
        Ok(SessionCaller {
            principal,
            must_change_password,
            token,
        })
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

    /// The staff member behind the request as the actor of a change they may make (`p`); a
    /// station never is one, whatever its permissions.
    pub fn staff_actor(&self, p: Permission, what: &str) -> Result<Actor, ApiError> {
        self.require(p, what)?;
        self.0
            .staff_id()
            .map(Actor::Staff)
            .ok_or_else(|| ApiError::forbidden(what))
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

#[cfg(test)]
mod control_character_tests {
    use super::may_hold_control_characters as may;

    #[test]
    fn only_an_escape_del_or_c1_can_carry_a_control_character() {
        assert!(!may(br#"{"service":"permanentie","lang":"nl"}"#));
        assert!(!may("{\"name\":\"Zoë Çelik – €\"}".as_bytes()));
        assert!(may(br#"{"name":"a\u0000b"}"#));
        assert!(may("{\"name\":\"a\u{7f}\"}".as_bytes()));
        assert!(may("{\"name\":\"a\u{85}\"}".as_bytes()));
        assert!(may("\u{7f}".as_bytes()));
    }
}
