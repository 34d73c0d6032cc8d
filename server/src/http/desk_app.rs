//! The desk app: the browser app staff use all day, served at `/` with its style and script.
//!
//! Five static files from `server/desk/` (the page, its style, and three ES modules: `desk.js`
//! for the queues and desk work, `appointments.js` for booking, today's appointments and the
//! calendar, `state.js` for what those two share), compiled into the binary (no build step,
//! nothing from elsewhere); the modules import `/web/common.js` (see `pages.rs`). The app logs in with `POST /api/v1/auth/login`, which sets the HttpOnly
//! session cookie; every later API call and the WebSocket carry that cookie, so no token is
//! ever visible to the page's script. The Content-Security-Policy allows nothing but this
//! server: no inline script, no frames, no fonts or scripts from the internet.

use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::pages::{asset, page, SELF_ONLY_CSP};
use super::AppState;

const INDEX: &str = include_str!("../../desk/index.html");
const CSS: &str = include_str!("../../desk/desk.css");
const JS: &str = include_str!("../../desk/desk.js");
const APPOINTMENTS_JS: &str = include_str!("../../desk/appointments.js");
const STATE_JS: &str = include_str!("../../desk/state.js");
const CLOSURES_JS: &str = include_str!("../../desk/closures.js");
const ABSENCES_JS: &str = include_str!("../../desk/absences.js");

/// `GET /` the app, `GET /desk/desk.css`, `/desk/desk.js`, `/desk/appointments.js`,
/// `/desk/state.js`, `/desk/closures.js` (closing a service now) and `/desk/absences.js` its
/// assets.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .route(
            "/desk/desk.css",
            get(|| async { asset(CSS, "text/css; charset=utf-8", "no-cache") }),
        )
        .route(
            "/desk/desk.js",
            get(|| async { asset(JS, "text/javascript; charset=utf-8", "no-cache") }),
        )
        .route(
            "/desk/appointments.js",
            get(|| async {
                asset(
                    APPOINTMENTS_JS,
                    "text/javascript; charset=utf-8",
                    "no-cache",
                )
            }),
        )
        .route(
            "/desk/state.js",
            get(|| async { asset(STATE_JS, "text/javascript; charset=utf-8", "no-cache") }),
        )
        .route(
            "/desk/closures.js",
            get(|| async { asset(CLOSURES_JS, "text/javascript; charset=utf-8", "no-cache") }),
        )
        .route(
            "/desk/absences.js",
            get(|| async { asset(ABSENCES_JS, "text/javascript; charset=utf-8", "no-cache") }),
        )
}

async fn index() -> Response {
    page(INDEX, SELF_ONLY_CSP, "no-cache")
}
