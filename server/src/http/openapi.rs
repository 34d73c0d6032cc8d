//! `GET /api/v1/openapi.json`: the OpenAPI 3 document of the REST API.
//!
//! Kept by hand next to the routes (`openapi.json`); a test checks that every route the
//! router serves is documented, so the two cannot drift apart silently.

use axum::http::header;
use axum::response::IntoResponse;

pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}
