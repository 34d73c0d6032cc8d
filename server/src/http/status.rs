//! A ticket's public status: the JSON (`/api/v1/status/{token}`), its live stream
//! (`/api/v1/status/{token}/events`, server-sent events), "I'm leaving"
//! (`POST /api/v1/status/{token}/leave`) and the visitor's page (`/s/{token}`, where the QR
//! code on the ticket points).
//!
//! No login and no personal data: the unguessable token is the only key, and every answer is a
//! [`VisitorStatus`] — a number, a service, a position, an estimate and, when called, the room.
//! Those types have no field able to hold a name, a staff member or a note.
//!
//! Every public endpoint here is rate limited per client address, so tokens cannot be probed
//! in bulk (they have ~100 bits, this only makes trying pointless sooner).

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Duration as Span;
use futures_util::stream::{self, Stream};
use onthaal_wire::{Lang, LeaveAnswer, TicketState, VisitorStatus};
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::client::{address_key, ClientAddr};
use super::error::{ApiError, ApiResult};
use super::extract::ApiPath;
use super::pages::{self, SELF_ONLY_CSP};
use super::AppState;
use crate::domain::rate_limit::Window;

// The page, its style and its script (`server/status/`): no inline script or style, so the page
// has the same strict CSP as the desk app.
const PAGE: &str = include_str!("../../status/index.html");
const CSS: &str = include_str!("../../status/status.css");
const JS: &str = include_str!("../../status/status.js");

/// Requests per client address to the public status endpoints (page, JSON, stream, leave):
/// 40 in any 10 s and 240 in any minute. A phone makes a handful per visit (it follows the
/// stream, or polls every 5 s when it cannot), so even a waiting room of phones behind the
/// guest Wi-Fi's one address stays well under it.
pub const STATUS_LIMIT: [Window; 2] = [
    Window {
        max: 40,
        window: Span::seconds(10),
    },
    Window {
        max: 240,
        window: Span::seconds(60),
    },
];

/// After a change, wait this long for the rest of a burst (a call is often followed by a
/// start; an opening desk calls several times) before recomputing the status once.
const COALESCE: Duration = Duration::from_millis(250);
/// At most one recomputation per stream per this interval, however busy the location is.
const MIN_INTERVAL: Duration = Duration::from_secs(1);
/// Even without queue changes the estimate is refreshed this often.
const REFRESH: Duration = Duration::from_secs(60);
/// How many streams may recompute at the same time: when a change reaches hundreds of phones
/// at once, they take turns and leave the database connections to the desks.
static RECOMPUTING: Semaphore = Semaphore::const_new(4);
/// Comment lines that keep proxies and phones from closing an idle stream.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// How long a browser waits before reconnecting a broken stream.
const RECONNECT: Duration = Duration::from_secs(3);

fn valid_token(t: &str) -> bool {
    t.len() == 20 && t.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Counts one request of this client, or refuses it with `429 too_many_requests`.
fn limit(state: &AppState, ip: &ClientAddr) -> ApiResult<()> {
    let key = ip.0.map(address_key).unwrap_or(-1);
    let now = state.clock.now();
    state.status_limiter.forget_idle(now);
    match state.status_limiter.reserve(key, now) {
        // Every request counts: the reservation is kept.
        Ok(_) => Ok(()),
        Err(e) => {
            let wait = e.retry_after.unwrap_or(10);
            Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                format!("too many requests from this address; try again in {wait} s"),
            )
            .retry_after(wait))
        }
    }
}

/// The status of the ticket with this token, as the visitor's phone sees it.
async fn visitor_status(state: &AppState, token: &str) -> ApiResult<VisitorStatus> {
    if !valid_token(token) {
        return Err(ApiError::not_found("ticket"));
    }
    let status = state.store.status(token, state.clock.now()).await?;
    let left = if status.state == TicketState::Cancelled {
        let (_, ticket_id) = state.store.ticket_of_token(token).await?;
        state.store.visitor_left(ticket_id).await?
    } else {
        false
    };
    Ok(VisitorStatus { status, left })
}

/// A finished visit: nothing will change any more, so the live stream ends. A no-show is not
/// final (staff may put the visitor back in the queue within the grace time).
fn is_final(s: &VisitorStatus) -> bool {
    matches!(s.status.state, TicketState::Done | TicketState::Cancelled)
}

pub async fn api(
    State(state): State<AppState>,
    ip: ClientAddr,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Response> {
    limit(&state, &ip)?;
    let status = visitor_status(&state, &token).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(status)).into_response())
}

/// "I'm leaving": the visitor frees their place. Idempotent; `409` once the visit started.
pub async fn leave(
    State(state): State<AppState>,
    ip: ClientAddr,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Json<LeaveAnswer>> {
    limit(&state, &ip)?;
    if !valid_token(&token) {
        return Err(ApiError::not_found("ticket"));
    }
    let already = state.store.leave_queue(&token, state.clock.now()).await?;
    let status = visitor_status(&state, &token).await?;
    Ok(Json(LeaveAnswer { status, already }))
}

/// The live stream: the current status at once, then a new one each time it changes, until
/// the visit is over. Each message is `event: status` with a [`VisitorStatus`] as data.
pub async fn events(
    State(state): State<AppState>,
    ip: ClientAddr,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Response> {
    limit(&state, &ip)?;
    if !valid_token(&token) {
        return Err(ApiError::not_found("ticket"));
    }
    let (location_id, _) = state.store.ticket_of_token(&token).await?;
    // Subscribed before the first status is read, so no change in between is missed.
    let rx = state.store.hub().subscribe(location_id);
    let first = visitor_status(&state, &token).await?;
    let live = Live {
        state: state.clone(),
        token,
        rx,
        shutdown: state.shutdown.clone(),
        last: None,
        pending: Some(first),
        ended: false,
        computed_at: Instant::now(),
    };
    let sse = Sse::new(live.into_stream())
        .keep_alive(KeepAlive::new().interval(HEARTBEAT).text("heartbeat"));
    // Reverse proxies (nginx) would otherwise buffer the stream.
    Ok(([("x-accel-buffering", "no")], sse).into_response())
}

/// One phone's stream.
struct Live {
    state: AppState,
    token: String,
    rx: tokio::sync::broadcast::Receiver<std::sync::Arc<crate::engine::hub::Published>>,
    shutdown: tokio::sync::watch::Receiver<bool>,
    /// The last status sent, serialised, so an unchanged status is not sent again.
    last: Option<String>,
    /// A status ready to send (the first one).
    pending: Option<VisitorStatus>,
    ended: bool,
    computed_at: Instant,
}

impl Live {
    fn into_stream(self) -> impl Stream<Item = Result<Event, Infallible>> {
        stream::unfold(self, |mut live| async move {
            let event = live.next().await?;
            Some((Ok(event), live))
        })
    }

    /// The next message, or `None` when the stream ends (visit over, server stopping).
    async fn next(&mut self) -> Option<Event> {
        loop {
            if self.ended || *self.shutdown.borrow() {
                return None;
            }
            let status = match self.pending.take() {
                Some(s) => s,
                None => {
                    if !self.wait_for_change().await {
                        return None;
                    }
                    self.computed_at = Instant::now();
                    let permit = RECOMPUTING.acquire().await;
                    let fresh = visitor_status(&self.state, &self.token).await;
                    drop(permit);
                    match fresh {
                        Ok(s) => s,
                        Err(e) if e.status == StatusCode::NOT_FOUND => return None,
                        Err(e) => {
                            // A database hiccup: keep the stream, try again at the next change.
                            tracing::warn!(error = %e.message, "status stream could not recompute");
                            continue;
                        }
                    }
                }
            };
            let json = serde_json::to_string(&status).expect("status serialises");
            if self.last.as_deref() == Some(json.as_str()) {
                continue;
            }
            self.ended = is_final(&status);
            self.last = Some(json.clone());
            return Some(Event::default().event("status").retry(RECONNECT).data(json));
        }
    }

    /// Waits until the location changed (or the periodic refresh is due), then lets the rest
    /// of a burst arrive and drains it, so a burst costs one recomputation. False when the
    /// stream should end.
    async fn wait_for_change(&mut self) -> bool {
        let refresh = tokio::time::sleep(REFRESH);
        tokio::select! {
            r = self.rx.recv() => match r {
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return false,
            },
            _ = refresh => return true,
            _ = self.shutdown.changed() => return false,
        }
        let earliest = (self.computed_at + MIN_INTERVAL).max(Instant::now() + COALESCE);
        tokio::select! {
            _ = tokio::time::sleep_until(earliest) => {}
            _ = self.shutdown.changed() => return false,
        }
        loop {
            match self.rx.try_recv() {
                Ok(_) | Err(TryRecvError::Lagged(_)) => continue,
                Err(TryRecvError::Empty) => return true,
                Err(TryRecvError::Closed) => return false,
            }
        }
    }
}

/// The visitor's language for pages without a ticket: the first of the browser's languages
/// that the page speaks, else Dutch.
fn browser_lang(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .into_iter()
        .flat_map(|v| v.split(','))
        .filter_map(|part| {
            let tag = part.split(';').next()?.trim();
            Lang::parse(tag.split('-').next()?)
        })
        .next()
        .unwrap_or_default()
}

/// The page; never cached (it holds the token and the state), never framed, and no referrer is
/// sent on from it (its address holds the token).
fn render(lang: Lang, token: &str, initial: &str, problem: &str) -> Response {
    pages::page(
        PAGE.replace("{{catalogue}}", &pages::catalogue(lang))
            .replace("{{lang}}", lang.code())
            .replace("{{token}}", token)
            .replace("{{problem}}", problem)
            .replace("{{initial}}", initial),
        SELF_ONLY_CSP,
        "no-store",
    )
}

/// `GET /s/status.css`, `GET /s/status.js`: the page's style and script.
pub fn asset_routes() -> axum::Router<AppState> {
    pages::static_files(&[("/s/status.css", CSS), ("/s/status.js", JS)])
}

pub async fn page(
    State(state): State<AppState>,
    ip: ClientAddr,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
) -> Response {
    if let Err(e) = limit(&state, &ip) {
        let wait = e.retry_after.unwrap_or(10).to_string();
        let page = render(browser_lang(&headers), "", "null", "busy");
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, wait)],
            page,
        )
            .into_response();
    }
    let status = match visitor_status(&state, &token).await {
        Ok(s) => s,
        Err(e) => {
            let (code, problem) = if e.status == StatusCode::NOT_FOUND {
                (StatusCode::NOT_FOUND, "unknown")
            } else {
                (StatusCode::SERVICE_UNAVAILABLE, "busy")
            };
            let page = render(browser_lang(&headers), "", "null", problem);
            return (code, page).into_response();
        }
    };
    // The page renders itself from this JSON and then keeps it fresh.
    let initial = serde_json::to_string(&status)
        .expect("status serialises")
        .replace('<', "\\u003c");
    render(status.status.lang, &token, &initial, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_language_is_used_for_pages_without_a_ticket() {
        let mut h = HeaderMap::new();
        assert_eq!(browser_lang(&h), Lang::NL);
        h.insert(
            header::ACCEPT_LANGUAGE,
            "de-DE,uk-UA;q=0.9,en;q=0.5".parse().unwrap(),
        );
        assert_eq!(browser_lang(&h), Lang::parse("uk").unwrap());
    }
}
