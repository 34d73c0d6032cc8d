//! The translation catalogue for the citizen pages, under `/i18n/`: `<lang>.ftl`, the very
//! Fluent files the server formats its own texts with, and the two scripts that read them in
//! a browser (`fluent-bundle.js`, `catalogue.js`). See `docs/translations.md`.

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::pages;
use crate::http::AppState;

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route("/i18n/{file}", get(file))
}

/// `/i18n/fr.ftl`, `/i18n/catalogue.js`, …; a language without a catalogue is not found (the
/// page then shows Dutch).
async fn file(Path(name): Path<String>) -> Response {
    match onthaal_i18n::web_file(&name) {
        Some((content_type, body)) => pages::asset(body, content_type, "no-cache"),
        None => super::not_found().await.into_response(),
    }
}
