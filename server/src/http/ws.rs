//! `GET /ws`: live updates. Snapshot first, then one frame per change with a growing `seq`.
//!
//! The projection is chosen by who connects: a display device gets the display projection, a
//! kiosk the kiosk one, staff the desk one. A client that falls behind, or asks with
//! `{"type":"resync"}`, gets a fresh snapshot. Pings every [`PING_EVERY`]; a client that has
//! not answered two of them, or cannot take a frame within [`SEND_TIMEOUT`], is dropped.
//! A staff connection is closed with [`SESSION_ENDED`] when its session ends: at once on a
//! logout on this server, when the clock passes the session's end, and otherwise at the next
//! ping (a logout on another server, an account deactivated). A station's connection is
//! closed with the same code when its device is revoked (see `store/registry.rs`).

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use chrono::{DateTime, Utc};
use onthaal_wire::{ClientFrame, ClientKind, ServerFrame};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{interval, timeout, MissedTickBehavior};

use super::error::ApiResult;
use super::extract::{ApiQuery, Caller, LocationQuery};
use super::AppState;
use crate::domain::roles::{DeviceKind, Permission, Principal};

pub const PING_EVERY: Duration = Duration::from_secs(15);
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// How often a staff connection compares the clock with its session's end.
pub const SESSION_CHECK_EVERY: Duration = Duration::from_secs(1);
/// The close code when a staff member's session ends (logout or expiry): the desk app
/// then asks to log in again instead of reconnecting.
pub const SESSION_ENDED: u16 = 4401;

pub async fn upgrade(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<WsQuery>,
    uri: Uri,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> ApiResult<Response> {
    caller.require(Permission::Listen, "listen")?;
    let location = state.location_for(
        Some(&caller.0),
        &LocationQuery {
            location: q.location,
        },
    )?;
    let device = caller.0.device_id();
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
    let session = match (&caller.0, session_token(uri, headers)) {
        (Principal::Staff { .. }, Some(token)) => state
            .store
            .session_expires_at(&token, state.clock.now())
            .await?
            .map(|expires_at| Session {
                hash: crate::store::token_hash(&token),
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
    // The token may come as `?token=`; the Caller extractor reads it from the URI.
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
    Store(#[from] crate::store::StoreError),
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

fn session_token(uri: Uri, headers: HeaderMap) -> Option<String> {
    let (mut parts, _) = axum::http::Request::new(()).into_parts();
    parts.uri = uri;
    parts.headers = headers;
    super::extract::bearer_token(&parts)
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
                Ok(p) if p.event == "device_settings" && p.device_id.is_some() && p.device_id == c.device => {
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
                        Ok(ClientFrame::StationStatus { printer }) => match c.device {
                            Some(id) => Box::pin(state.store.device_status(c.location, id, printer, state.clock.now())).await?,
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
