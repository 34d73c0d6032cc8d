//! Headers every response gets, whatever handler made it, so no route can forget them.
//!
//! - `X-Content-Type-Options: nosniff`: a browser never guesses a type (a JSON answer or a
//!   printed preview is never run as a script or a page).
//! - Answers of the API (and of the calendar feeds) are never stored by a browser or a proxy
//!   (`Cache-Control: no-store`) unless the handler chose otherwise: most hold personal data
//!   (appointments, contact details, help requests, the audit log), and a shared computer at a
//!   desk must not keep them in its cache.
//! - A response that brings no Content-Security-Policy of its own (JSON, CSV, errors) gets one
//!   that allows nothing, framing included; the pages set theirs in `pages.rs`.
//! - Over HTTPS (the server's own TLS, or a trusted proxy's `X-Forwarded-Proto: https`),
//!   `Strict-Transport-Security: max-age=31536000`: for a year the browser goes to this host
//!   over HTTPS only, so no one on the waiting room's Wi-Fi can take a desk's cookie by
//!   answering a plain-HTTP request. Over plain HTTP browsers ignore the header, so none is
//!   sent.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;

/// The CSP of anything that is not a page: nothing may load, run or frame it.
const NOTHING_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// A year, the value browsers and the HSTS preload list expect.
const HSTS: &str = "max-age=31536000";

pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let https = state
        .transport
        .is_https(super::client::peer(req.extensions()), req.headers());
    let mut r = next.run(req).await;
    let h = r.headers_mut();
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if api && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(NOTHING_CSP),
        );
    }
    r
}
