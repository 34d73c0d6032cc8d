//! The local HTTP side: the display page, its live feed, and the sounds.
//!
//! - `GET /` the page, with the current state embedded, so a reload shows the calls at once
//!   without waiting for any round trip;
//! - `GET /events` Server-Sent Events: the whole state on connect, then one message per change
//!   (push, no polling). SSE rather than a second WebSocket because the browser's EventSource
//!   reconnects by itself and the page never needs to talk back;
//! - `GET /api/state` the current state as JSON (for tests and for a look with curl);
//! - `GET /chime.wav`, `GET /speech/{id}.wav` the sounds the page's announcement queue plays;
//! - `GET /i18n/{file}` the translation catalogue's files (the page gets the catalogue itself
//!   written into it): the display's own copy, so it keeps its words while the server is
//!   unreachable.
//!
//! Everything is embedded in the binary: the TV PC needs no files and no internet.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::{broadcast, watch};

use crate::station::{PageUpdate, Station};
use crate::web;

const INDEX_HTML: &str = include_str!("../page/index.html");
const DISPLAY_CSS: &str = include_str!("../page/display.css");
const DISPLAY_JS: &str = include_str!("../page/display.js");
const STATE_PLACEHOLDER: &str = "\"__ONTHAAL_STATE__\"";
const CATALOGUE_PLACEHOLDER: &str = "\"__ONTHAAL_CATALOGUE__\"";

#[derive(Clone)]
pub struct PageCtx {
    pub station: Arc<Station>,
    pub chime: Arc<[u8]>,
    pub stop: watch::Receiver<bool>,
}

pub fn router(ctx: PageCtx) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/display.css", get(css))
        .route("/display.js", get(js))
        .route("/events", get(events))
        .route("/api/state", get(state))
        .route("/chime.wav", get(chime))
        .route("/speech/{file}", get(speech))
        .route("/i18n/{file}", get(catalogue))
        .with_state(ctx)
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// JSON that is safe inside a `<script>` element: no `<` can close it early.
fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

async fn index(State(ctx): State<PageCtx>) -> Response {
    let json = serde_json::to_string(&ctx.station.current()).expect("serialises");
    let html = INDEX_HTML
        .replacen(CATALOGUE_PLACEHOLDER, catalogues(), 1)
        .replacen(STATE_PLACEHOLDER, &script_json(&json), 1);
    no_store(Html(html).into_response())
}

/// Every language's catalogue, `{"fr": "<Fluent source>", …}`, written into the page: the
/// headings in the display's languages show with the first frame, whichever languages the
/// server's settings name later.
fn catalogues() -> &'static str {
    static JSON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    JSON.get_or_init(|| {
        let all: serde_json::Map<String, serde_json::Value> = onthaal_i18n::languages()
            .filter_map(|l| Some((l.to_string(), onthaal_i18n::catalogue(l)?.into())))
            .collect();
        script_json(&serde_json::Value::Object(all).to_string())
    })
}

async fn css() -> Response {
    web::asset(DISPLAY_CSS, "text/css; charset=utf-8")
}

async fn js() -> Response {
    web::asset(DISPLAY_JS, "text/javascript; charset=utf-8")
}

async fn catalogue(Path(name): Path<String>) -> Response {
    match onthaal_i18n::web_file(&name) {
        Some((content_type, body)) => web::asset(body, content_type),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn state(State(ctx): State<PageCtx>) -> Response {
    no_store(Json(ctx.station.state()).into_response())
}

async fn chime(State(ctx): State<PageCtx>) -> Response {
    (
        [(header::CONTENT_TYPE, "audio/wav")],
        axum::body::Bytes::copy_from_slice(&ctx.chime),
    )
        .into_response()
}

async fn speech(State(ctx): State<PageCtx>, Path(file): Path<String>) -> Response {
    let Some(id) = file
        .strip_suffix(".wav")
        .and_then(|n| n.parse::<u64>().ok())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match ctx.station.speech.wav(id).await {
        None => StatusCode::NOT_FOUND.into_response(),
        Some(Ok(wav)) => ([(header::CONTENT_TYPE, "audio/wav")], wav).into_response(),
        Some(Err(e)) => {
            tracing::warn!(error = %e, "speech synthesis failed");
            // The page falls back to the browser's voice when the WAV does not come.
            (StatusCode::SERVICE_UNAVAILABLE, e).into_response()
        }
    }
}

struct Feed {
    rx: broadcast::Receiver<Arc<PageUpdate>>,
    station: Arc<Station>,
    stop: watch::Receiver<bool>,
    first: Option<String>,
}

fn feed(ctx: PageCtx) -> impl Stream<Item = Result<Event, Infallible>> {
    // Subscribe first, then read the state: nothing can fall between the two.
    let rx = ctx.station.subscribe();
    let first = serde_json::to_string(&ctx.station.current()).expect("serialises");
    let start = Feed {
        rx,
        station: ctx.station,
        stop: ctx.stop,
        first: Some(first),
    };
    stream::unfold(start, |mut f| async move {
        if let Some(first) = f.first.take() {
            // A page that loses the station retries after a second, not the default three.
            let ev = Event::default()
                .retry(Duration::from_millis(1000))
                .data(first);
            return Some((Ok(ev), f));
        }
        if *f.stop.borrow() {
            return None;
        }
        let data: Option<String> = tokio::select! {
            r = f.rx.recv() => match r {
                Ok(u) => Some(u.json.to_string()),
                // Fell behind: the whole state again (announcements in between are lost,
                // which takes hundreds of calls within moments).
                Err(RecvError::Lagged(_)) => Some(serde_json::to_string(&f.station.current()).expect("serialises")),
                Err(RecvError::Closed) => None,
            },
            _ = f.stop.wait_for(|v| *v) => None,
        };
        data.map(|d| (Ok(Event::default().data(d)), f))
    })
}

async fn events(State(ctx): State<PageCtx>) -> impl IntoResponse {
    let sse = Sse::new(feed(ctx)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)));
    no_store(sse.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_has_a_place_for_the_state_and_json_cannot_close_the_script() {
        assert!(INDEX_HTML.contains(STATE_PLACEHOLDER));
        assert_eq!(
            script_json(r#"{"info":"</script><b>"}"#),
            r#"{"info":"\u003c/script>\u003cb>"}"#
        );
    }
}
