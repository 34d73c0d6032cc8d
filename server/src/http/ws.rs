//! `GET /ws`: live updates. Snapshot first, then one frame per change with a growing `seq`.
//!
//! The projection is chosen by who connects: a display device gets the display projection, a
//! kiosk the kiosk one, staff the desk one. A client that falls behind, or asks with
//! `{"type":"resync"}`, gets a fresh snapshot. Pings every [`PING_EVERY`]; a client that has
//! not answered two of them, or cannot take a frame within [`SEND_TIMEOUT`], is dropped.
//! A staff connection is closed with [`SESSION_ENDED`] when its session ends: at once on a
//! logout on this server, when the clock passes the session's end, and otherwise at the next
//! ping (a logout on another server, an account deactivated). A station's connection is
//! closed with the same code when its device is revoked (see `usecases/registry.rs`).
//!
//! The token comes from `Authorization: Bearer`, the session cookie (whose handshake must come
//! from the server's own origin, see `origin.rs`) or `?token=` — the one route that reads it.
//! A display only listens: a printer report from one closes it with [`POLICY_VIOLATION`]. A
//! kiosk's printer reports are written only when they change, at most as often as
//! [`STATION_STATUS_LIMIT`] allows; a station comes online at most as often as
//! [`STATION_ONLINE_LIMIT`] allows.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use chrono::{DateTime, Utc};
use onthaal_wire::{ClientFrame, ClientKind, PrinterReport, ServerFrame};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{interval, timeout, MissedTickBehavior};

use super::error::{ApiError, ApiResult};
use super::extract::{ApiQuery, Caller, LocationQuery};
use super::ratelimit::RateLimiter;
use super::AppState;
use crate::domain::events::EventKind;
use crate::domain::rate_limit::Window;
use crate::domain::roles::{DeviceKind, Permission, Principal};

pub const PING_EVERY: Duration = Duration::from_secs(15);
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// How often a staff connection compares the clock with its session's end.
pub const SESSION_CHECK_EVERY: Duration = Duration::from_secs(1);
/// The close code when a staff member's session ends (logout or expiry): the desk app
/// then asks to log in again instead of reconnecting.
pub const SESSION_ENDED: u16 = 4401;
/// The close code for a display that sends what only a kiosk may (a printer report): a
/// display only listens. 1008 is WebSocket's "policy violation".
pub const POLICY_VIOLATION: u16 = 1008;
/// How many printer changes one kiosk may have written: a real printer changes state a few
/// times a day (paper near its end, out, refilled; a cover opened and closed).
pub const STATION_STATUS_LIMIT: [Window; 2] = [
    Window {
        max: 4,
        window: chrono::Duration::seconds(10),
    },
    Window {
        max: 10,
        window: chrono::Duration::seconds(60),
    },
];
/// How often a report held back by the limit is tried again.
const HELD_REPORT_RETRY: Duration = Duration::from_secs(5);
/// How often one station may come online: each time writes a `device_online` event (and its
/// going away a `device_offline`), so a station that connects and drops again and again is
/// refused for a while (`429 too_many_connections`) rather than fill the event table. A real
/// one reconnects with a growing backoff; many connections at once with one token (a
/// benchmark) come online once.
pub const STATION_ONLINE_LIMIT: [Window; 1] = [Window {
    max: 10,
    window: chrono::Duration::seconds(60),
}];

/// Per-device limits of what stations write, for one server.
pub struct StationLimits {
    /// Printer reports written.
    status: RateLimiter,
    /// Comings online (a connection while the station had none here).
    online: RateLimiter,
}

impl Default for StationLimits {
    fn default() -> StationLimits {
        StationLimits {
            status: RateLimiter::new(STATION_STATUS_LIMIT.to_vec()),
            online: RateLimiter::new(STATION_ONLINE_LIMIT.to_vec()),
        }
    }
}

pub async fn upgrade(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<WsQuery>,
    uri: Uri,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> ApiResult<Response> {
    // The one route that reads `?token=` too: a WebSocket handshake cannot carry a header
    // from a browser, and the stations' libraries send it either way.
    let token = session_token(uri, headers).ok_or_else(ApiError::unauthorized)?;
    let caller = Caller(super::extract::principal_of(&state, &token).await?);
    caller.require(Permission::Listen, "listen")?;
    let location = state.location_for(
        Some(&caller.0),
        &LocationQuery {
            location: q.location,
        },
    )?;
    let device = caller.0.device_id();
    if let Some(id) = device.filter(|id| !state.store.connected_here(*id)) {
        if let Err(e) = state.station_limits.online.reserve(id, state.clock.now()) {
            tracing::warn!(
                device = id,
                "a station reconnects too often; refused for a while"
            );
            return Err(ApiError::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                "too_many_connections",
                "this station connected too often in a short time; try again later",
            )
            .retry_after(e.retry_after.unwrap_or(60)));
        }
    }
    let kind = match caller.0 {
        Principal::Device {
            kind: DeviceKind::Display,
            ..
        } => ClientKind::Display,
        Principal::Device {
            kind: DeviceKind::Kiosk,
            ..
        } => ClientKind::Kiosk,
        Principal::Staff { .. } => ClientKind::Desk,
    };
    // A staff connection lives as long as the session that opened it.
    let session = match &caller.0 {
        Principal::Staff { .. } => state
            .store
            .session_expires_at(&token, state.clock.now())
            .await?
            .map(|expires_at| Session {
                hash: crate::usecases::auth::token_hash(&token),
                token,
                expires_at,
            }),
        _ => None,
    };
    Ok(ws
        .max_message_size(64 * 1024)
        // A screen receives small frames and sends almost nothing; tungstenite's default
        // 128 KiB read buffer per connection would cost ~2 GB at 10,000 idle displays.
        .read_buffer_size(4 * 1024)
        // Every frame is flushed at once anyway (a call must not wait in a buffer).
        .write_buffer_size(0)
        // A client that stops reading is dropped by SEND_TIMEOUT long before this fills.
        .max_write_buffer_size(1024 * 1024)
        .on_upgrade(move |socket| async move {
            let _counted = state.metrics.ws_connected(kind);
            presence(&state, location, device, true).await;
            let client = Client {
                location,
                kind,
                device,
                session,
            };
            if let Err(e) = serve(socket, &state, &client).await {
                tracing::debug!(error = %e, "websocket closed");
            }
            presence(&state, location, device, false).await;
        }))
}

/// Records a station (kiosk or display) coming online or going offline; other connections
/// have nothing to record. Boxed, like the rare steps of [`serve`].
async fn presence(state: &AppState, location: i64, device: Option<i64>, online: bool) {
    let Some(id) = device else {
        return;
    };
    let now = state.clock.now();
    if let Err(e) = Box::pin(state.store.device_presence(location, id, online, now)).await {
        let what = if online {
            "coming online"
        } else {
            "going offline"
        };
        tracing::warn!(error = %e, "could not record a station {what}");
    }
}

#[derive(serde::Deserialize)]
pub struct WsQuery {
    location: Option<String>,
    // The token may come as `?token=`; [`session_token`] reads it from the URI.
    #[allow(dead_code)]
    token: Option<String>,
}

#[derive(Debug, thiserror::Error)]
enum WsEnd {
    #[error("client gone: {0}")]
    Socket(#[from] axum::Error),
    #[error("client too slow")]
    Slow,
    #[error("no pong")]
    Dead,
    #[error("store: {0}")]
    Store(#[from] crate::db::StoreError),
}

async fn send(socket: &mut WebSocket, text: Utf8Bytes) -> Result<(), WsEnd> {
    match timeout(SEND_TIMEOUT, socket.send(Message::Text(text))).await {
        Ok(r) => Ok(r?),
        Err(_) => Err(WsEnd::Slow),
    }
}

/// Who is on the other end of a socket.
struct Client {
    location: i64,
    kind: ClientKind,
    device: Option<i64>,
    /// A staff member's session.
    session: Option<Session>,
}

struct Session {
    token: String,
    hash: String,
    expires_at: DateTime<Utc>,
}

/// The token of a WebSocket handshake: the header or cookie, else `?token=`.
fn session_token(uri: Uri, headers: HeaderMap) -> Option<String> {
    let (mut parts, _) = axum::http::Request::new(()).into_parts();
    parts.headers = headers;
    super::extract::bearer_token(&parts).or_else(|| super::extract::query_token(&uri))
}

/// Tells the client its session ended, then ends the connection.
async fn close_session(socket: &mut WebSocket, reason: &'static str) {
    let frame = CloseFrame {
        code: SESSION_ENDED,
        reason: reason.into(),
    };
    let _ = timeout(SEND_TIMEOUT, socket.send(Message::Close(Some(frame)))).await;
}

/// Sends a snapshot; returns its `seq` and the display's service filter (empty: all).
async fn send_snapshot(
    socket: &mut WebSocket,
    state: &AppState,
    c: &Client,
) -> Result<(u64, Vec<String>), WsEnd> {
    let mut snap = state
        .store
        .snapshot(c.location, c.kind, c.device, state.clock.now())
        .await?;
    snap.public_url = Some(state.public_url.clone());
    snap.tickets = std::mem::take(&mut snap.tickets)
        .into_iter()
        .map(crate::engine::hub::without_status_token)
        .collect();
    let seq = snap.seq;
    let filter = snap
        .settings
        .as_ref()
        .map(|s| s.services.clone())
        .unwrap_or_default();
    let text = serde_json::to_string(&ServerFrame::Snapshot(snap)).expect("frames serialise");
    send(socket, text.into()).await?;
    Ok((seq, filter))
}

/// One connection, until it closes. The rare steps that read or write the database (a
/// snapshot, a station's status, a session check, and the presence written around it) are
/// boxed: a task's future is as large as its largest step, and each of 10,000 idle displays
/// would otherwise carry that size all day.
async fn serve(mut socket: WebSocket, state: &AppState, c: &Client) -> Result<(), WsEnd> {
    let kind = c.kind;
    // Subscribe before the snapshot, so nothing committed after it can be missed — a logout
    // included: one in between would otherwise wait for the next ping to close this socket.
    let mut rx = state.store.hub().subscribe(c.location);
    let mut ended = state.store.ended_sessions();
    let mut revoked = state.store.revoked_devices();
    let (mut last, mut filter) = Box::pin(send_snapshot(&mut socket, state, c)).await?;
    let mut shutdown = state.shutdown.clone();
    let mut ping = interval(PING_EVERY);
    ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
    ping.tick().await;
    let mut unanswered = 0u8;
    let mut session_check = interval(SESSION_CHECK_EVERY);
    session_check.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let staff = c.session.is_some();
    let mut reports = Reports::default();
    let mut held_retry = interval(HELD_REPORT_RETRY);
    held_retry.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            hash = ended.recv(), if staff => match hash {
                Ok(h) if c.session.as_ref().is_some_and(|s| s.hash == h) => {
                    close_session(&mut socket, "logged out").await;
                    return Ok(());
                }
                Ok(_) => {}
                // Missed some: the database knows whether this session still lives.
                Err(RecvError::Lagged(_)) => {
                    if !Box::pin(session_alive(state, c)).await? {
                        close_session(&mut socket, "logged out").await;
                        return Ok(());
                    }
                }
                Err(RecvError::Closed) => return Ok(()),
            },
            id = revoked.recv(), if c.device.is_some() => match id {
                Ok(id) if Some(id) == c.device => {
                    close_session(&mut socket, "device revoked").await;
                    return Ok(());
                }
                Ok(_) => {}
                // Missed some: this one may be among them. A station still registered
                // connects again at once.
                Err(RecvError::Lagged(_)) => return Ok(()),
                Err(RecvError::Closed) => return Ok(()),
            },
            _ = session_check.tick(), if staff => {
                if c.session.as_ref().is_some_and(|s| state.clock.now() >= s.expires_at) {
                    close_session(&mut socket, "session expired").await;
                    return Ok(());
                }
            },
            msg = rx.recv() => match msg {
                Ok(p) if p.seq <= last => {}
                Ok(p) if p.event == EventKind::DeviceSettings.as_str() && p.device_id.is_some() && p.device_id == c.device => {
                    // This station's own settings changed: a snapshot carries them.
                    (last, filter) = Box::pin(send_snapshot(&mut socket, state, c)).await?;
                }
                Ok(p) => {
                    last = p.seq;
                    let frame = if kind == ClientKind::Display && !filter.is_empty() {
                        p.display_filtered(&filter)
                    } else {
                        p.frame(kind).clone()
                    };
                    send(&mut socket, frame).await?;
                }
                Err(RecvError::Lagged(_)) => {
                    rx = rx.resubscribe();
                    (last, filter) = Box::pin(send_snapshot(&mut socket, state, c)).await?;
                }
                Err(RecvError::Closed) => return Ok(()),
            },
            incoming = socket.recv() => match incoming {
                None | Some(Ok(Message::Close(_))) => return Ok(()),
                Some(Err(e)) => return Err(e.into()),
                Some(Ok(Message::Pong(_))) => unanswered = 0,
                Some(Ok(Message::Text(t))) => {
                    unanswered = 0;
                    match serde_json::from_str::<ClientFrame>(&t) {
                        Ok(ClientFrame::Resync) => {
                            (last, filter) = Box::pin(send_snapshot(&mut socket, state, c)).await?;
                        }
                        Ok(ClientFrame::StationStatus { .. }) if kind == ClientKind::Display => {
                            // A display only listens: it has no printer to report.
                            tracing::warn!(device = ?c.device, "a display sent a station status; connection closed");
                            let frame = CloseFrame {
                                code: POLICY_VIOLATION,
                                reason: "a display only listens".into(),
                            };
                            let _ = timeout(SEND_TIMEOUT, socket.send(Message::Close(Some(frame)))).await;
                            return Ok(());
                        }
                        Ok(ClientFrame::StationStatus { printer }) => match c.device {
                            Some(id) => Box::pin(station_status(state, c, &mut reports, id, printer)).await?,
                            None => {
                                let e = serde_json::json!({"type": "error", "error": {"code": "not_a_station", "message": "only kiosks and displays report a station status"}});
                                send(&mut socket, e.to_string().into()).await?;
                            }
                        },
                        Err(_) => {
                            let e = serde_json::json!({"type": "error", "error": {"code": "unknown_frame", "message": "this frame is not understood; send {\"type\":\"resync\"}"}});
                            send(&mut socket, e.to_string().into()).await?;
                        }
                    }
                }
                Some(Ok(_)) => unanswered = 0,
            },
            _ = held_retry.tick(), if reports.held.is_some() => {
                if let (Some(id), Some(printer)) = (c.device, reports.held.take()) {
                    Box::pin(station_status(state, c, &mut reports, id, printer)).await?;
                }
            }
            _ = ping.tick() => {
                if unanswered >= 2 {
                    return Err(WsEnd::Dead);
                }
                // A logout on another server reaches this one here.
                if staff && !Box::pin(session_alive(state, c)).await? {
                    close_session(&mut socket, "logged out").await;
                    return Ok(());
                }
                unanswered += 1;
                match timeout(SEND_TIMEOUT, socket.send(Message::Ping(Default::default()))).await {
                    Ok(r) => r?,
                    Err(_) => return Err(WsEnd::Slow),
                }
            }
            _ = shutdown.changed() => {
                let _ = socket.send(Message::Close(None)).await;
                return Ok(());
            }
        }
    }
}

/// A kiosk's printer reports on one connection: the last one written, and the newest one the
/// limit held back (written once there is room again, so the desks end with the printer's
/// real state rather than an older one).
#[derive(Default)]
struct Reports {
    written: Option<Option<PrinterReport>>,
    held: Option<Option<PrinterReport>>,
    /// The limit was logged for this connection (once is enough).
    warned: bool,
}

/// Takes a kiosk's printer report. The one it last reported again costs nothing; a change is
/// written (one `device_status` event) while the kiosk is within [`STATION_STATUS_LIMIT`],
/// and held back beyond it, so a misbehaving kiosk cannot fill the event table.
async fn station_status(
    state: &AppState,
    c: &Client,
    r: &mut Reports,
    device: i64,
    printer: Option<PrinterReport>,
) -> Result<(), WsEnd> {
    let printer = printer.map(readable_report);
    if r.written.as_ref() == Some(&printer) {
        r.held = None;
        return Ok(());
    }
    let now = state.clock.now();
    if state.station_limits.status.reserve(device, now).is_err() {
        if !r.warned {
            r.warned = true;
            tracing::warn!(
                device,
                "a kiosk reports printer changes faster than its limit; the newest report waits"
            );
        }
        r.held = Some(printer);
        return Ok(());
    }
    state
        .store
        .device_status(c.location, device, printer.clone(), now)
        .await?;
    r.written = Some(printer);
    r.held = None;
    Ok(())
}

async fn session_alive(state: &AppState, c: &Client) -> Result<bool, WsEnd> {
    Ok(match &c.session {
        Some(s) => state
            .store
            .session_expires_at(&s.token, state.clock.now())
            .await?
            .is_some(),
        None => true,
    })
}

/// A printer's message is a driver's sentence for reception: control characters (which
/// PostgreSQL cannot even store, in the case of U+0000) are dropped and it is cut at 200
/// characters, so a kiosk's report is always stored and shown as it is meant to be read.
fn readable_report(mut p: PrinterReport) -> PrinterReport {
    p.message = p
        .message
        .map(|m| m.chars().filter(|c| !c.is_control()).take(200).collect());
    p
}
