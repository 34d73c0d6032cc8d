//! Cross-origin protection for the browser pages' session cookie.
//!
//! A browser adds the `onthaal_session` cookie to every request to this server, whichever page
//! makes it. `SameSite=Strict` keeps other *sites* out, but not another *origin of the same
//! site* (a sibling host of the municipality's domain, a second port): a page there could
//! cancel a ticket with a plain form POST, or open `/ws` and read the desk's live state. So a
//! request that the cookie authenticates and that changes something (POST, PUT, PATCH,
//! DELETE), and every WebSocket upgrade made with the cookie, must come from one of the
//! server's own pages: its `Origin` (or, when a browser leaves that out, its `Referer`) must
//! be the origin of the public URL or of the request's own `Host`. Otherwise it is refused
//! with `403 cross_origin`.
//!
//! Requests carrying `Authorization: Bearer` (stations, scripts, the tests) are not affected:
//! a page on another origin cannot make a browser add that header to a request. The anonymous
//! endpoints (the public booking form, the visitor's status page) act on nothing the caller
//! does not already hold, and take JSON bodies a cross-origin form cannot send; they are
//! checked only when a staff cookie rides along.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::AppState;

/// The middleware: refuses a cookie-authenticated state change or WebSocket upgrade that does
/// not come from the server's own origin.
pub async fn require_own_origin(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let https = state
        .transport
        .is_https(super::client::peer(req.extensions()), req.headers());
    if needs_own_origin(req.method(), req.headers())
        && !from_own_origin(req.headers(), req.uri(), &state.public_url, https)
    {
        // The route's template, never the path itself: a path can carry a visitor's status
        // token or a booking's manage token.
        let route = req
            .extensions()
            .get::<axum::extract::MatchedPath>()
            .map_or("unmatched", |m| m.as_str());
        tracing::info!(
            method = %req.method(),
            route,
            origin = ?req.headers().get(header::ORIGIN),
            "refused a cross-origin request made with the session cookie"
        );
        return ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "cross_origin",
            "this request did not come from Onthaal's own pages; open Onthaal at its own address",
        )
        .into_response();
    }
    next.run(req).await
}

/// True for a request the session cookie authenticates (no `Authorization` header, which
/// would win) and that changes something or opens a WebSocket.
fn needs_own_origin(method: &Method, headers: &HeaderMap) -> bool {
    let changes = !matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    let websocket = headers
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    (changes || websocket) && !headers.contains_key(header::AUTHORIZATION) && has_session(headers)
}

fn has_session(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|c| c.to_str().ok())
        .flat_map(|c| c.split(';'))
        .any(|part| part.trim_start().starts_with("onthaal_session="))
}

/// Whether the page that made the request is one of the server's own: its `Origin`, or when
/// there is none its `Referer`, is the public URL's origin or the request's own (`Host`, with
/// the scheme the request came over: `https` when `https`).
/// Neither header, or `Origin: null` (a sandboxed frame, a file), is refused: every browser
/// sends `Origin` on a POST and on a WebSocket.
pub fn from_own_origin(headers: &HeaderMap, uri: &Uri, public_url: &str, https: bool) -> bool {
    let Some(page) = page_origin(headers) else {
        return false;
    };
    if parse_origin(public_url).is_some_and(|own| own == page) {
        return true;
    }
    request_origin(headers, uri, https).is_some_and(|own| own == page)
}

/// The origin of the page that sent the request.
fn page_origin(headers: &HeaderMap) -> Option<Origin> {
    match headers.get(header::ORIGIN) {
        Some(o) => parse_origin(o.to_str().ok()?),
        None => parse_origin(headers.get(header::REFERER)?.to_str().ok()?),
    }
}

/// The origin this request was sent to: the request's scheme and its `Host` (HTTP/1.1) or
/// authority (HTTP/2).
fn request_origin(headers: &HeaderMap, uri: &Uri, https: bool) -> Option<Origin> {
    let host = match headers.get(header::HOST) {
        Some(h) => h.to_str().ok()?.to_string(),
        None => uri.authority()?.to_string(),
    };
    parse_origin(&format!("{}://{host}", request_scheme(https)))
}

/// The scheme the browser used to reach this server: `https` when the server serves TLS
/// itself or a trusted proxy says so in `X-Forwarded-Proto` (see `client.rs`), else `http`.
fn request_scheme(https: bool) -> &'static str {
    if https {
        "https"
    } else {
        "http"
    }
}

/// A web origin, compared as browsers compare them: scheme, host and port, both names in
/// lower case and a left-out port filled in.
#[derive(Debug, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

/// The origin of a URL or of an `Origin` header; `None` for anything else (`null`, a path).
fn parse_origin(url: &str) -> Option<Origin> {
    let uri: Uri = url.trim().parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let authority = uri.authority()?;
    let port = match (authority.port_u16(), scheme.as_str()) {
        (Some(p), _) => p,
        (None, "http") => 80,
        (None, "https") => 443,
        _ => return None,
    };
    Some(Origin {
        host: authority.host().to_ascii_lowercase(),
        scheme,
        port,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn origins_compare_like_a_browser() {
        assert_eq!(
            parse_origin("https://Onthaal.Example/"),
            parse_origin("https://onthaal.example:443")
        );
        assert_ne!(
            parse_origin("http://onthaal.example"),
            parse_origin("https://onthaal.example")
        );
        assert_ne!(
            parse_origin("https://onthaal.example"),
            parse_origin("https://onthaal.example.evil.be")
        );
        assert_eq!(parse_origin("null"), None);
        assert_eq!(parse_origin("/desk"), None);
    }

    #[test]
    fn the_public_url_or_the_host_is_the_own_origin() {
        let uri: Uri = "/api/v1/tickets/1/cancel".parse().unwrap();
        let public = "https://onthaal.example";
        let own = |h: &[(&'static str, &str)]| from_own_origin(&headers(h), &uri, public, false);
        assert!(own(&[("origin", "https://onthaal.example")]));
        assert!(own(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080")
        ]));
        assert!(own(&[
            ("host", "127.0.0.1:8080"),
            ("referer", "http://127.0.0.1:8080/desk?x=1")
        ]));
        assert!(!own(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8081")
        ]));
        assert!(!own(&[
            ("host", "onthaal.example"),
            ("origin", "https://andere.example")
        ]));
        assert!(!own(&[("host", "onthaal.example"), ("origin", "null")]));
        assert!(!own(&[("host", "onthaal.example")]));
        // Over HTTPS (the server's own TLS, or a trusted proxy saying so) the page's origin
        // is https://Host; a plain-HTTP page on that host is another origin.
        let tls = |h: &[(&'static str, &str)]| from_own_origin(&headers(h), &uri, public, true);
        assert!(tls(&[
            ("host", "onthaal.local:8443"),
            ("origin", "https://onthaal.local:8443")
        ]));
        assert!(!tls(&[
            ("host", "onthaal.local:8443"),
            ("origin", "http://onthaal.local:8443")
        ]));
    }

    #[test]
    fn only_cookie_requests_that_change_something_are_checked() {
        let cookie = [("cookie", "a=b; onthaal_session=abc")];
        assert!(needs_own_origin(&Method::POST, &headers(&cookie)));
        assert!(needs_own_origin(&Method::DELETE, &headers(&cookie)));
        assert!(!needs_own_origin(&Method::GET, &headers(&cookie)));
        assert!(needs_own_origin(
            &Method::GET,
            &headers(&[cookie[0], ("upgrade", "WebSocket")])
        ));
        assert!(!needs_own_origin(
            &Method::POST,
            &headers(&[cookie[0], ("authorization", "Bearer abc")])
        ));
        assert!(!needs_own_origin(&Method::POST, &headers(&[])));
    }
}
