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

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The CSP of anything that is not a page: nothing may load, run or frame it.
const NOTHING_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

pub async fn security_headers(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut r = next.run(req).await;
    let h = r.headers_mut();
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
