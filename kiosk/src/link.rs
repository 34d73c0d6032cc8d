//! The station's one WebSocket to the server: the service list live, and the printer's
//! state reported back so reception is alerted.
//!
//! The server sends a snapshot first, then frames whose `seq` grows by one; on a gap the
//! station asks for a new snapshot (`resync`). It keeps the last service list when the
//! connection drops, but says "offline" at once, so the page can tell visitors to go to
//! the desk. A server that dies without closing the connection (power cut, cable) is found
//! by our own pings: when nothing at all has come back for [`DEAD_AFTER`], the connection
//! is given up. Reconnects back off from [`BACKOFF_START`] to [`BACKOFF_MAX`], with jitter
//! so a row of kiosks does not knock on a restarting server in step.

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use onthaal_wire::{ClientFrame, PrinterReport, ServerFrame, ServiceInfo};
use rand::Rng;
use tokio::sync::watch;
use tokio::time::{interval, sleep, timeout, Instant, MissedTickBehavior};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

use crate::Shared;

pub const BACKOFF_START: Duration = Duration::from_millis(250);
pub const BACKOFF_MAX: Duration = Duration::from_secs(5);
/// How often we ping the server. The server's own pings (every 15 s) are far too rare to
/// notice a dead server within the 2 s the visitor is promised.
pub const PING_EVERY: Duration = Duration::from_millis(500);
/// Silence after which the server counts as gone.
pub const DEAD_AFTER: Duration = Duration::from_millis(1500);
/// A connection attempt that takes longer than this is given up (a dead host never answers).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// `http://host:port` → `ws://host:port/ws` (and https → wss).
pub fn ws_url(server: &str) -> String {
    let base = server.trim_end_matches('/');
    if let Some(rest) = base.strip_prefix("https://") {
        format!("wss://{rest}/ws")
    } else if let Some(rest) = base.strip_prefix("http://") {
        format!("ws://{rest}/ws")
    } else {
        format!("{base}/ws")
    }
}

/// Keeps the connection until `stop` flips.
pub async fn run(shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let mut backoff = BACKOFF_START;
    let mut warned_token = false;
    loop {
        if *stop.borrow() {
            return;
        }
        let ended = connect_and_serve(&shared, &mut stop).await;
        set_offline(&shared);
        match ended {
            Ok(Ended::Stopped) => return,
            // It was up for a while: start over with short waits.
            Ok(Ended::Lost) => backoff = BACKOFF_START,
            Err(e) => {
                if e.contains("401") || e.contains("403") {
                    if !warned_token {
                        tracing::error!("the server refuses this kiosk's token ({e}); check --token / ONTHAAL_DEVICE_TOKEN");
                        warned_token = true;
                    }
                } else {
                    tracing::debug!(error = %e, "server not reachable");
                }
            }
        }
        let jitter = rand::thread_rng().gen_range(0..=backoff.as_millis() as u64 / 2);
        tokio::select! {
            _ = sleep(backoff + Duration::from_millis(jitter)) => {}
            _ = stop.changed() => return,
        }
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}

enum Ended {
    Stopped,
    Lost,
}

fn set_offline(shared: &Shared) {
    shared.view.send_if_modified(|v| {
        let was = v.online;
        v.online = false;
        was
    });
}

async fn connect_and_serve(
    shared: &Shared,
    stop: &mut watch::Receiver<bool>,
) -> Result<Ended, String> {
    let mut request = ws_url(&shared.server)
        .into_client_request()
        .map_err(|e| e.to_string())?;
    let auth = HeaderValue::from_str(&format!("Bearer {}", shared.settings.token))
        .map_err(|e| e.to_string())?;
    request.headers_mut().insert("authorization", auth);
    let connecting = timeout(
        CONNECT_TIMEOUT,
        tokio_tungstenite::connect_async_tls_with_config(
            request,
            None,
            false,
            Some(onthaal_display::tls::connector(&shared.tls)),
        ),
    );
    let (mut ws, _) = tokio::select! {
        r = connecting => r
            .map_err(|_| "connecting timed out".to_string())?
            .map_err(|e| e.to_string())?,
        _ = stop.changed() => return Ok(Ended::Stopped),
    };

    // Report the printer right away: the server forgets it when a station goes offline.
    let mut view_rx = shared.view.subscribe();
    let mut reported: PrinterReport = view_rx.borrow_and_update().printer.clone();
    send_status(&mut ws, &reported).await?;

    let mut last_seq: Option<u64> = None;
    let mut last_heard = Instant::now();
    let mut ping = interval(PING_EVERY);
    ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            msg = ws.next() => {
                let msg = match msg {
                    None => return Ok(Ended::Lost),
                    Some(Err(e)) => {
                        tracing::info!(error = %e, "server connection lost");
                        return Ok(Ended::Lost);
                    }
                    Some(Ok(m)) => m,
                };
                last_heard = Instant::now();
                match msg {
                    Message::Text(t) => {
                        let frame: ServerFrame = match serde_json::from_str(&t) {
                            Ok(f) => f,
                            // Error frames and kinds this version does not know: not fatal.
                            Err(_) => {
                                tracing::debug!(frame = %t, "frame not understood");
                                continue;
                            }
                        };
                        if let Some(prev) = last_seq {
                            if !matches!(frame, ServerFrame::Snapshot(_)) && frame.seq() != prev + 1 {
                                tracing::info!(expected = prev + 1, got = frame.seq(), "gap in updates; asking for a snapshot");
                                let resync = serde_json::to_string(&ClientFrame::Resync).expect("frames serialise");
                                ws.send(Message::text(resync)).await.map_err(|e| e.to_string())?;
                            }
                        }
                        last_seq = Some(frame.seq());
                        apply(shared, frame);
                    }
                    Message::Close(_) => return Ok(Ended::Lost),
                    _ => {}
                }
            }
            _ = ping.tick() => {
                if last_heard.elapsed() > DEAD_AFTER {
                    tracing::info!("server silent for {DEAD_AFTER:?}; reconnecting");
                    return Ok(Ended::Lost);
                }
                if ws.send(Message::Ping(Default::default())).await.is_err() {
                    return Ok(Ended::Lost);
                }
            }
            changed = view_rx.changed() => {
                if changed.is_err() {
                    return Ok(Ended::Stopped);
                }
                let now = view_rx.borrow_and_update().printer.clone();
                if now != reported {
                    reported = now;
                    send_status(&mut ws, &reported).await?;
                }
            }
            _ = stop.changed() => {
                let _ = ws.close(None).await;
                return Ok(Ended::Stopped);
            }
        }
    }
}

async fn send_status<S>(ws: &mut S, printer: &PrinterReport) -> Result<(), String>
where
    S: futures_util::Sink<Message> + Unpin,
    S::Error: std::fmt::Display,
{
    let frame = ClientFrame::StationStatus {
        printer: Some(printer.clone()),
    };
    let text = serde_json::to_string(&frame).expect("frames serialise");
    ws.send(Message::text(text))
        .await
        .map_err(|e| e.to_string())
}

/// Every frame the kiosk gets carries the full service list with its figures (open, waiting,
/// estimate); `called` and `update` frames leave out the names, lines and pictograms, which
/// only change with the configuration and come with every snapshot, so those are kept.
fn merge(old: &[ServiceInfo], mut new: Vec<ServiceInfo>) -> Vec<ServiceInfo> {
    for s in &mut new {
        if let Some(o) = old.iter().find(|o| o.key == s.key) {
            if s.names.is_empty() {
                s.names = o.names.clone();
            }
            if s.descriptions.is_empty() {
                s.descriptions = o.descriptions.clone();
            }
            if s.icon.is_empty() {
                s.icon = o.icon.clone();
            }
        }
    }
    new
}

fn apply(shared: &Shared, frame: ServerFrame) {
    shared.view.send_modify(|v| match frame {
        ServerFrame::Snapshot(s) => {
            v.online = true;
            v.location = Some(s.location);
            v.services = s.services;
            v.settings = s.settings.unwrap_or_default();
            v.public_url = s.public_url.map(|u| u.trim_end_matches('/').to_string());
        }
        ServerFrame::Called { services, .. } | ServerFrame::Update { services, .. } => {
            v.online = true;
            v.services = merge(&v.services, services);
        }
        ServerFrame::Device { .. } => {}
    });
}

#[cfg(test)]
mod tests {
    use super::ws_url;

    #[test]
    fn websocket_url_from_server_url() {
        assert_eq!(ws_url("http://127.0.0.1:8080"), "ws://127.0.0.1:8080/ws");
        assert_eq!(
            ws_url("https://onthaal.example/"),
            "wss://onthaal.example/ws"
        );
    }
}
