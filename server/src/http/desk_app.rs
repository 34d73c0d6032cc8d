//! The desk app: the browser app staff use all day, served at `/` with its style and script.
//!
//! Four static files from `server/desk/` (the page, its style, `desk.js` for the queues and
//! desk work, `appointments.js` for booking, today's appointments and the calendar), compiled
//! into the binary (no build step, nothing from elsewhere). The app logs in with `POST /api/v1/auth/login`, which sets the HttpOnly
//! session cookie; every later API call and the WebSocket carry that cookie, so no token is
//! ever visible to the page's script. The Content-Security-Policy allows nothing but this
//! server: no inline script, no frames, no fonts or scripts from the internet.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::AppState;

const INDEX: &str = include_str!("../../desk/index.html");
const CSS: &str = include_str!("../../desk/desk.css");
const JS: &str = include_str!("../../desk/desk.js");
const APPOINTMENTS_JS: &str = include_str!("../../desk/appointments.js");

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// `GET /` the app, `GET /desk/desk.css`, `/desk/desk.js` and `/desk/appointments.js` its assets.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route(
            "/desk/desk.css",
            get(|| asset(CSS, "text/css; charset=utf-8")),
        )
        .route(
            "/desk/desk.js",
            get(|| asset(JS, "text/javascript; charset=utf-8")),
        )
        .route(
            "/desk/appointments.js",
            get(|| asset(APPOINTMENTS_JS, "text/javascript; charset=utf-8")),
        )
}

async fn index() -> Response {
    let mut r = asset(INDEX, "text/html; charset=utf-8").await;
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    r
}

async fn asset(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            // A new server version must show at once, not after a browser cache expires.
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}
