//! The station's server connection against a scripted fake server: the token is sent as a
//! bearer header, a gap in `seq` is answered with a resync, the calls missed in the gap are
//! announced once and in order, and a dropped connection is reconnected without replaying
//! anything. (The real server never skips a `seq`, so the gap can only be staged here.)

use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use chrono::{TimeZone, Utc};
use onthaal_display::{Running, Settings, SoundMode};
use onthaal_wire::{CallView, DeskRef, ServerFrame};
use tokio::sync::{mpsc, watch};

fn call(n: i64) -> CallView {
    CallView {
        id: n,
        number: format!("P{n:03}"),
        service: "permanentie".into(),
        service_name: "Permanentie".into(),
        desk: DeskRef {
            id: 1,
            name: "Loket 1".into(),
        },
        at: Utc.with_ymd_and_hms(2026, 11, 24, 9, n as u32, 0).unwrap(),
        recall: false,
    }
}

/// A display snapshot as the server sends it (JSON, so optional fields added to the wire types
/// later do not break this test).
fn snapshot(seq: u64, calls: &[i64]) -> String {
    let recent: Vec<CallView> = calls.iter().rev().map(|n| call(*n)).collect();
    serde_json::json!({
        "type": "snapshot",
        "seq": seq,
        "kind": "display",
        "location": {"key": "centrum", "name": "Sociaal Huis"},
        "services": [],
        "recent_calls": recent,
        "settings": {"services": []},
    })
    .to_string()
}

fn called(seq: u64, n: i64) -> String {
    serde_json::to_string(&ServerFrame::Called {
        seq,
        ticket: call(n),
        services: vec![],
    })
    .unwrap()
}

/// What the fake server saw: the authorization header of each connection, and client frames.
#[derive(Debug)]
enum Seen {
    Connected(String),
    Frame(String),
}

#[derive(Clone)]
struct Fake {
    seen: mpsc::UnboundedSender<Seen>,
    /// The script starts once the test has subscribed to the station's updates.
    go: watch::Receiver<bool>,
}

async fn ws(
    State(Fake { seen: tx, mut go }): State<Fake>,
    headers: HeaderMap,
    up: WebSocketUpgrade,
) -> Response {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let _ = tx.send(Seen::Connected(auth));
    up.on_upgrade(move |socket| async move {
        let _ = go.wait_for(|v| *v).await;
        script(socket, tx).await
    })
}

async fn script(mut s: WebSocket, tx: mpsc::UnboundedSender<Seen>) {
    static CONNECTIONS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = CONNECTIONS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    if n == 0 {
        s.send(Message::text(snapshot(1, &[1]))).await.unwrap();
        s.send(Message::text(called(2, 2))).await.unwrap();
        // seq 3 is lost on the way: P003 is skipped, P004 arrives with a gap.
        s.send(Message::text(called(4, 4))).await.unwrap();
        // Frames after a gap are ignored until the snapshot.
        s.send(Message::text(called(5, 5))).await.unwrap();
        while let Some(Ok(m)) = s.recv().await {
            if let Message::Text(t) = m {
                let _ = tx.send(Seen::Frame(t.to_string()));
                if t.contains("resync") {
                    s.send(Message::text(snapshot(5, &[1, 2, 3, 4, 5])))
                        .await
                        .unwrap();
                    s.send(Message::text(called(6, 6))).await.unwrap();
                    // Then the connection drops.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    return;
                }
            }
        }
    } else {
        // After the reconnect: the same calls; nothing may be announced again.
        s.send(Message::text(snapshot(6, &[1, 2, 3, 4, 5, 6])))
            .await
            .unwrap();
        s.send(Message::text(called(7, 7))).await.unwrap();
        while let Some(Ok(_)) = s.recv().await {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gap_is_resynced_missed_calls_announced_once_and_reconnects_replay_nothing() {
    let (tx, mut seen) = mpsc::unbounded_channel();
    let (go, go_rx) = watch::channel(false);
    let app = axum::Router::new().route("/ws", get(ws)).with_state(Fake {
        seen: tx,
        go: go_rx,
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let d: Running = onthaal_display::start(Settings {
        server: format!("http://{addr}/"),
        token: "secret-token".into(),
        bind: "127.0.0.1:0".parse().unwrap(),
        sound: SoundMode::Silent,
        ca_file: None,
    })
    .await
    .unwrap();
    let mut rx = d.subscribe();
    go.send(true).unwrap();

    let mut numbers = Vec::new();
    let mut disconnected = false;
    while numbers.len() < 6 {
        let u = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .unwrap_or_else(|_| panic!("announced so far: {numbers:?}"))
            .unwrap();
        if !u.message.state.connected {
            disconnected = true;
        }
        numbers.extend(u.message.announce.iter().map(|a| a.call.number.clone()));
    }
    assert_eq!(numbers, ["P002", "P003", "P004", "P005", "P006", "P007"]);
    assert!(disconnected, "the drop was noticed");
    let s = d.state();
    assert!(s.connected);
    assert_eq!(s.seq, 7);
    assert_eq!(s.recent_calls[0].number, "P007");
    assert_eq!(s.recent_calls.len(), 7);

    let mut log = Vec::new();
    while let Ok(x) = seen.try_recv() {
        log.push(x);
    }
    let auths: Vec<&str> = log
        .iter()
        .filter_map(|x| match x {
            Seen::Connected(a) => Some(a.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(auths, ["Bearer secret-token", "Bearer secret-token"]);
    let resyncs = log
        .iter()
        .filter(|x| matches!(x, Seen::Frame(f) if f == r#"{"type":"resync"}"#))
        .count();
    assert_eq!(resyncs, 1, "{log:?}");
    d.stop().await;
}
