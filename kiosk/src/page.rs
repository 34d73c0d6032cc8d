//! The touch page for the local browser (Chromium in kiosk mode) and its small API.
//!
//! - `GET /` the page; `/kiosk.css`, `/kiosk.js` its style and script, `/i18n/{file}` the
//!   translation catalogue its words come from — all compiled into the binary, no network
//!   beyond this station (the Content-Security-Policy says so too);
//! - `GET /api/state` the [`View`](crate::View) as JSON; `GET /api/events` the same as
//!   server-sent events, one per change, so the page learns within moments that the server
//!   is gone or back;
//! - `POST /api/ticket` `{"service", "lang", "key"}` and `POST /api/check-in`
//!   `{"code", "lang", "key"}`: the visitor's last touch; the answer is the ticket as shown
//!   and printed, or `{"error": {"code", "message"}}`.
//!
//! - `GET /api/speak?lang=fr&text=…`: the text said by espeak-ng, as `audio/wav`, for the
//!   page's `<audio>` (the speaking kiosk, see [`speech`](crate::speech)); `503 no_voice`
//!   without espeak-ng;
//!   `GET /api/spoken` what was asked to be said, oldest first.
//!
//! The station binds to the loopback address by default: these endpoints have no login,
//! because only the kiosk's own browser is meant to reach them.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::Stream;
use tokio::sync::watch;

use onthaal_display::web;

use crate::issue::{self, CheckIn, Failure, TicketChoice};
use crate::{Shared, View};

const INDEX: &str = include_str!("../static/index.html");
const CSS: &str = include_str!("../static/kiosk.css");
const JS: &str = include_str!("../static/kiosk.js");

pub fn router(shared: Arc<Shared>, stop: watch::Receiver<bool>) -> Router {
    Router::new()
        .route("/", get(index))
        .route(
            "/kiosk.css",
            get(|| async { web::asset(CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/kiosk.js",
            get(|| async { web::asset(JS, "text/javascript; charset=utf-8") }),
        )
        .route("/i18n/{file}", get(catalogue))
        .route("/api/state", get(state))
        .route("/api/events", get(events))
        .route("/api/ticket", post(ticket))
        .route("/api/check-in", post(check_in))
        .route("/api/speak", get(speak))
        .route("/api/spoken", get(spoken))
        .fallback(|| async { Failure::new(StatusCode::NOT_FOUND, "not_found", "nothing here") })
        .with_state(AppState { shared, stop })
}

#[derive(Clone)]
struct AppState {
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
}

/// Serves the page until `stop` flips.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    stop: watch::Receiver<bool>,
) {
    let mut stopped = stop.clone();
    let app = router(shared, stop);
    let r = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            let _ = stopped.wait_for(|s| *s).await;
        })
        .await;
    if let Err(e) = r {
        tracing::error!(error = %e, "the kiosk page server stopped");
    }
}

async fn index() -> Response {
    web::page(INDEX)
}

/// `/i18n/fr.ftl`, `/i18n/catalogue.js`, …: the station's own copy of the catalogue, so the
/// page has its words while the server is unreachable.
async fn catalogue(Path(name): Path<String>) -> Response {
    match onthaal_i18n::web_file(&name) {
        Some((content_type, body)) => web::asset(body, content_type),
        None => Failure::new(StatusCode::NOT_FOUND, "not_found", "nothing here").into_response(),
    }
}

async fn state(State(s): State<AppState>) -> Json<View> {
    Json(s.shared.view.borrow().clone())
}

async fn events(State(s): State<AppState>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = s.shared.view.subscribe();
    let stream =
        futures_util::stream::unfold((rx, s.stop, true), |(mut rx, mut stop, first)| async move {
            if !first {
                tokio::select! {
                    changed = rx.changed() => changed.ok()?,
                    _ = stop.wait_for(|s| *s) => return None,
                }
            }
            let view = rx.borrow_and_update().clone();
            let event = Event::default()
                .json_data(&view)
                .unwrap_or_else(|_| Event::default().comment("unserialisable view"));
            Some((Ok(event), (rx, stop, false)))
        });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(10)))
}

#[derive(serde::Deserialize)]
struct SpeakBody {
    lang: onthaal_wire::Lang,
    text: String,
}

async fn speak(
    State(s): State<AppState>,
    query: Result<axum::extract::Query<SpeakBody>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Failure> {
    let axum::extract::Query(b) =
        query.map_err(|r| Failure::new(StatusCode::BAD_REQUEST, "invalid_query", r.body_text()))?;
    let text = b.text.trim();
    if text.is_empty() || text.chars().count() > crate::speech::MAX_TEXT {
        return Err(Failure::new(
            StatusCode::BAD_REQUEST,
            "invalid_text",
            format!("say between 1 and {} characters", crate::speech::MAX_TEXT),
        ));
    }
    match s.shared.voice.say(b.lang, text).await {
        Some(Ok(wav)) => Ok(([(header::CONTENT_TYPE, "audio/wav")], wav).into_response()),
        Some(Err(e)) => {
            tracing::warn!(error = %e, "speech synthesis failed");
            Err(Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "no_voice",
                "the station could not speak this text",
            ))
        }
        None => Err(Failure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "no_voice",
            "espeak-ng is not installed on this kiosk",
        )),
    }
}

async fn spoken(State(s): State<AppState>) -> Json<Vec<crate::speech::Spoken>> {
    Json(s.shared.voice.log())
}

fn bad_body(r: JsonRejection) -> Failure {
    Failure::new(StatusCode::BAD_REQUEST, "invalid_body", r.body_text())
}

async fn ticket(
    State(s): State<AppState>,
    body: Result<Json<TicketChoice>, JsonRejection>,
) -> Result<Json<issue::Issued>, Failure> {
    let Json(choice) = body.map_err(bad_body)?;
    Ok(Json(issue::take_ticket(&s.shared, choice).await?))
}

async fn check_in(
    State(s): State<AppState>,
    body: Result<Json<CheckIn>, JsonRejection>,
) -> Result<Json<issue::Issued>, Failure> {
    let Json(c) = body.map_err(bad_body)?;
    Ok(Json(issue::check_in(&s.shared, c).await?))
}
