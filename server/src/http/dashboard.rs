//! The manager's dashboard page (`/dashboard`): static files embedded in the binary.
//!
//! The page itself holds no data; it logs in through `POST /api/v1/auth/login` (HttpOnly
//! cookie), then reads `/api/v1/stats*` and listens on `/ws`, where the server checks the role
//! on every request. The charting library (Chart.js, MIT, `server/dashboard/chart.umd.min.js`,
//! from the npm package `chart.js` 4.6.1) is vendored so that no CDN is ever contacted.

use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::extract::ApiPath;
use super::pages;
use super::AppState;

/// `GET /dashboard` the page, `GET /dashboard/{file}` its script, style and Chart.js. Not part
/// of the API, so not in the OpenAPI document.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dashboard", get(page))
        .route("/dashboard/{file}", get(asset))
}

const INDEX: &str = include_str!("../../dashboard/index.html");
const APP_JS: &str = include_str!("../../dashboard/app.js");
const APP_CSS: &str = include_str!("../../dashboard/app.css");
const CHART_JS: &str = include_str!("../../dashboard/chart.umd.min.js");

/// Only our own scripts; Chart.js sets canvas sizes through inline styles.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data: blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

async fn page() -> Response {
    pages::page(INDEX, CSP, "no-store")
}

async fn asset(ApiPath(file): ApiPath<String>) -> Response {
    match file.as_str() {
        "app.js" => pages::asset(APP_JS, "text/javascript; charset=utf-8", "no-cache"),
        "app.css" => pages::asset(APP_CSS, "text/css; charset=utf-8", "no-cache"),
        "chart.umd.min.js" => pages::asset(
            CHART_JS,
            "text/javascript; charset=utf-8",
            "public, max-age=86400",
        ),
        _ => super::error::ApiError::not_found("file").into_response(),
    }
}
