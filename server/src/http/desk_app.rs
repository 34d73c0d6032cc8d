//! The desk app: the browser app staff use all day, served at `/` with its style and script.
//!
//! Five static files from `server/desk/` (the page, its style, and three ES modules: `desk.js`
//! for the queues and desk work, `appointments.js` for booking, today's appointments and the
//! calendar, `state.js` for what those two share), compiled into the binary (no build step,
//! nothing from elsewhere); the modules import `/web/common.js` (see `pages.rs`). The app logs in with `POST /api/v1/auth/login`, which sets the HttpOnly
//! session cookie; every later API call and the WebSocket carry that cookie, so no token is
//! ever visible to the page's script. The Content-Security-Policy allows nothing but this
//! server: no inline script, no frames, no fonts or scripts from the internet.

use std::sync::LazyLock;

use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::pages::{page, static_files, with_login_form, SELF_ONLY_CSP};
use super::AppState;

const INDEX: &str = include_str!("../../desk/index.html");
/// The page with the staff login form in place (`pages::with_login_form`).
static PAGE: LazyLock<String> = LazyLock::new(|| with_login_form(INDEX));

/// The app's style and modules: `desk.js` the queues and desk work, `appointments.js` booking,
/// today's appointments and the calendar, `state.js` what those two share, `closures.js`
/// closing a service now, `absences.js` the Afwezigheden tab.
const FILES: &[(&str, &str)] = &[
    ("/desk/desk.css", include_str!("../../desk/desk.css")),
    ("/desk/desk.js", include_str!("../../desk/desk.js")),
    (
        "/desk/appointments.js",
        include_str!("../../desk/appointments.js"),
    ),
    ("/desk/state.js", include_str!("../../desk/state.js")),
    ("/desk/closures.js", include_str!("../../desk/closures.js")),
    ("/desk/absences.js", include_str!("../../desk/absences.js")),
];

/// `GET /` the app, and its style and modules ([`FILES`]).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(index))
        .merge(static_files(FILES))
}

async fn index() -> Response {
    page(PAGE.as_str(), SELF_ONLY_CSP, "no-cache")
}
