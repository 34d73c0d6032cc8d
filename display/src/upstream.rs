//! The one WebSocket to the server: connect, keep the state current, reconnect forever.
//!
//! Reconnects back off from 250 ms to 5 s with jitter, so that after a server restart the
//! displays of a building do not all knock at the same instant, yet a short hiccup is healed
//! within a second. The server sends a snapshot first on every connection, so a reconnect is a
//! resync. Within a connection a gap in `seq` is answered with `{"type":"resync"}` and frames
//! are ignored until the snapshot comes. A connection that has been silent for longer than two
//! of the server's 15 s pings is considered dead (a pulled cable does not close a socket).

use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use onthaal_wire::{ClientFrame, ServerFrame};
use rand::Rng;
use tokio::sync::watch;
use tokio::time::{sleep, timeout};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

use crate::state::Applied;
use crate::station::Station;

pub const BACKOFF_START: Duration = Duration::from_millis(250);
pub const BACKOFF_MAX: Duration = Duration::from_secs(5);
/// Two missed server pings (every 15 s) and a margin.
pub const SILENCE_LIMIT: Duration = Duration::from_secs(40);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("the server address {0:?} is not an http://, https://, ws:// or wss:// URL")]
    BadUrl(String),
    #[error("the server refused the device token (HTTP {0}); register the display with `onthaal-server device add --kind display`")]
    Refused(u16),
    #[error("{0}")]
    Socket(#[from] tokio_tungstenite::tungstenite::Error),
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    #[error("the server has been silent for {0:?}")]
    Silent(Duration),
    #[error("the server closed the connection")]
    Closed,
}

/// `http://host:port` → `ws://host:port/ws` (and https → wss).
pub fn ws_url(server: &str) -> Result<String, UpstreamError> {
    let s = server.trim().trim_end_matches('/');
    let rest = |p: &str| s.strip_prefix(p).map(str::to_string);
    let (scheme, host) = if let Some(h) = rest("http://").or_else(|| rest("ws://")) {
        ("ws", h)
    } else if let Some(h) = rest("https://").or_else(|| rest("wss://")) {
        ("wss", h)
    } else {
        return Err(UpstreamError::BadUrl(server.to_string()));
    };
    if host.is_empty() {
        return Err(UpstreamError::BadUrl(server.to_string()));
    }
    Ok(format!("{scheme}://{host}/ws"))
}

/// The delay before reconnect attempt `attempt` (0-based): doubling from [`BACKOFF_START`] up
/// to [`BACKOFF_MAX`], then a random point in its upper half ("equal jitter").
pub fn backoff(attempt: u32) -> Duration {
    let base = BACKOFF_START
        .saturating_mul(1u32 << attempt.min(16))
        .min(BACKOFF_MAX);
    let half = base / 2;
    half + half.mul_f64(rand::thread_rng().gen_range(0.0..=1.0))
}

/// Runs until `stop` turns true.
pub async fn run(
    station: Arc<Station>,
    url: String,
    token: String,
    tls: Arc<rustls::ClientConfig>,
    mut stop: watch::Receiver<bool>,
) {
    let mut attempt = 0u32;
    loop {
        let outcome = tokio::select! {
            r = session(&station, &url, &token, &tls, &mut attempt) => r,
            _ = stop.wait_for(|v| *v) => return,
        };
        station.set_connected(false);
        // Loud on the first failure and then about once a minute, not on every retry.
        let loud = attempt.is_multiple_of(12);
        match outcome {
            Ok(()) => tracing::info!("server connection ended; reconnecting"),
            Err(e) if loud => tracing::warn!(error = %e, attempt, "no server connection; retrying"),
            Err(e) => tracing::debug!(error = %e, attempt, "no server connection; retrying"),
        }
        let delay = backoff(attempt);
        attempt = attempt.saturating_add(1);
        tokio::select! {
            _ = sleep(delay) => {}
            _ = stop.wait_for(|v| *v) => return,
        }
    }
}

/// One connection, from connect to its end. Resets `attempt` once a snapshot arrived.
async fn session(
    station: &Station,
    url: &str,
    token: &str,
    tls: &Arc<rustls::ClientConfig>,
    attempt: &mut u32,
) -> Result<(), UpstreamError> {
    let mut req = url.into_client_request()?;
    // The token goes in a header, not the query string, so it stays out of access logs.
    let bearer = HeaderValue::from_str(&format!("Bearer {token}"))
        .map_err(|_| UpstreamError::Refused(401))?;
    req.headers_mut().insert("authorization", bearer);
    // Nagle off: a call is one small frame and must not wait for an ACK.
    let connecting = tokio_tungstenite::connect_async_tls_with_config(
        req,
        None,
        true,
        Some(crate::tls::connector(tls)),
    );
    let (mut ws, _) = match timeout(CONNECT_TIMEOUT, connecting).await {
        Err(_) => return Err(UpstreamError::Timeout(CONNECT_TIMEOUT)),
        Ok(Err(tokio_tungstenite::tungstenite::Error::Http(resp))) => {
            return Err(UpstreamError::Refused(resp.status().as_u16()))
        }
        Ok(r) => r?,
    };
    let mut resyncing = false;
    loop {
        let msg = match timeout(SILENCE_LIMIT, ws.next()).await {
            Err(_) => return Err(UpstreamError::Silent(SILENCE_LIMIT)),
            Ok(None) => return Err(UpstreamError::Closed),
            Ok(Some(m)) => m?,
        };
        // Pings are answered by tungstenite itself on the next read.
        let Message::Text(text) = msg else {
            if let Message::Close(_) = msg {
                return Ok(());
            }
            continue;
        };
        let frame: ServerFrame = match serde_json::from_str(&text) {
            Ok(f) => f,
            Err(e) => {
                // An error frame, or a frame type newer than this station: not fatal.
                tracing::debug!(error = %e, frame = %text, "frame ignored");
                continue;
            }
        };
        let is_snapshot = matches!(frame, ServerFrame::Snapshot(_));
        if resyncing && !is_snapshot {
            continue;
        }
        match station.apply(frame) {
            Applied::Gap { expected, got } => {
                tracing::warn!(expected, got, "gap in seq; asking for a snapshot");
                let resync = serde_json::to_string(&ClientFrame::Resync).expect("serialises");
                ws.send(Message::text(resync)).await?;
                resyncing = true;
            }
            Applied::Changed { .. } | Applied::Unchanged => {}
        }
        if is_snapshot {
            resyncing = false;
            *attempt = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn websocket_url_is_derived_from_the_server_url() {
        assert_eq!(
            ws_url("http://127.0.0.1:8080").unwrap(),
            "ws://127.0.0.1:8080/ws"
        );
        assert_eq!(
            ws_url("https://onthaal.example/").unwrap(),
            "wss://onthaal.example/ws"
        );
        assert_eq!(ws_url("ws://h:1").unwrap(), "ws://h:1/ws");
        assert!(ws_url("127.0.0.1:8080").is_err());
        assert!(ws_url("http://").is_err());
    }

    #[test]
    fn backoff_grows_to_its_cap_with_jitter() {
        for _ in 0..50 {
            let first = backoff(0);
            assert!(first >= BACKOFF_START / 2 && first <= BACKOFF_START);
            let late = backoff(30);
            assert!(late >= BACKOFF_MAX / 2 && late <= BACKOFF_MAX);
        }
        assert!(backoff(2) <= Duration::from_secs(1));
    }
}
