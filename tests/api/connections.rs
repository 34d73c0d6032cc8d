//! Slow and silent clients: a half-sent head, an idle keep-alive, a body that never comes and a
//! flood of silent sockets are cut off, while an open WebSocket stays.

use std::time::{Duration, Instant};

use futures_util::SinkExt;
use onthaal_server::config::{Config, ConnectionLimits};
use onthaal_tests::{default_now, next_frame, spawn_app_with, Backend, TestApp};
use onthaal_wire::ServerFrame;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;

/// The demo with short limits, so the tests stay fast.
async fn app_with(limits: ConnectionLimits) -> TestApp {
    let mut config = Config::demo();
    config.connections = limits;
    spawn_app_with(Backend::Sqlite, config, default_now())
        .await
        .expect("SQLite is always there")
}

/// Reads until the server closes the connection (or `within` passes: `None`); returns what it
/// sent and when it closed.
async fn read_until_closed(s: &mut TcpStream, within: Duration) -> Option<(String, Duration)> {
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at((start + within).into(), s.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => {
                return Some((String::from_utf8_lossy(&got).into_owned(), start.elapsed()))
            }
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_sent_head_and_an_idle_keep_alive_are_closed_in_time() {
    let app = app_with(ConnectionLimits {
        header_timeout_s: 1,
        ..ConnectionLimits::default()
    })
    .await;
    // Half a request line, and then nothing.
    let mut s = TcpStream::connect(app.addr).await.unwrap();
    s.write_all(b"GET /healthz HT").await.unwrap();
    let (_, after) = read_until_closed(&mut s, Duration::from_secs(5))
        .await
        .expect("a half-sent head is closed");
    assert!(after < Duration::from_secs(3), "closed after {after:?}");

    // A socket that says nothing at all.
    let mut silent = TcpStream::connect(app.addr).await.unwrap();
    let (sent, after) = read_until_closed(&mut silent, Duration::from_secs(5))
        .await
        .expect("a silent socket is closed");
    assert!(after < Duration::from_secs(3), "closed after {after:?}");
    assert!(!sent.contains("200 OK"), "{sent}");

    // A keep-alive connection after its answer: kept for the timeout, then closed.
    let mut k = TcpStream::connect(app.addr).await.unwrap();
    k.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let (sent, after) = read_until_closed(&mut k, Duration::from_secs(5))
        .await
        .expect("an idle keep-alive is closed");
    assert!(sent.starts_with("HTTP/1.1 200"), "{sent}");
    assert!(
        after >= Duration::from_millis(900) && after < Duration::from_secs(3),
        "closed after {after:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_never_comes_gets_408_and_the_connection_closes() {
    let app = app_with(ConnectionLimits {
        body_timeout_s: 1,
        ..ConnectionLimits::default()
    })
    .await;
    for length in ["40", "999999999999"] {
        let mut s = TcpStream::connect(app.addr).await.unwrap();
        let head = format!(
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n{{\"username\":"
        );
        s.write_all(head.as_bytes()).await.unwrap();
        let (sent, after) = read_until_closed(&mut s, Duration::from_secs(5))
            .await
            .unwrap_or_else(|| panic!("Content-Length {length}: still open"));
        assert!(after < Duration::from_secs(3), "closed after {after:?}");
        let status: u16 = sent
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no answer for Content-Length {length}: {sent:?}"));
        if status == 413 {
            // A length over the body limit may be refused at once, which is as good.
            assert_eq!(length, "999999999999");
            continue;
        }
        assert_eq!(status, 408, "{sent}");
        assert!(sent.contains("\"code\":\"request_timeout\""), "{sent}");
        assert!(
            sent.to_ascii_lowercase().contains("connection: close"),
            "{sent}"
        );
    }
    // A body that arrives in time is read as before.
    let r = app.login_request("onthaal", "onthaal").await;
    assert_eq!(r.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_sockets_beyond_the_bound_do_not_starve_healthz() {
    // The head deadline is long here: what keeps /healthz answering is the bound on
    // connections, which closes the oldest idle one for each new one.
    let app = app_with(ConnectionLimits {
        header_timeout_s: 60,
        max_connections: 50,
        ..ConnectionLimits::default()
    })
    .await;
    let mut silent = Vec::new();
    for _ in 0..300 {
        silent.push(TcpStream::connect(app.addr).await.unwrap());
    }
    let start = Instant::now();
    let r = tokio::time::timeout(
        Duration::from_secs(5),
        reqwest::Client::new().get(app.url("/healthz")).send(),
    )
    .await
    .expect("/healthz answers with 300 silent sockets open")
    .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    // The oldest of them were closed to make room.
    let (_, after) = read_until_closed(&mut silent[0], Duration::from_secs(2))
        .await
        .expect("the oldest silent socket was closed");
    assert!(after < Duration::from_secs(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_websocket_outlives_the_connection_timeouts() {
    let app = app_with(ConnectionLimits {
        header_timeout_s: 1,
        body_timeout_s: 1,
        max_connections: 0,
    })
    .await;
    let display = app.device("display").await;
    let (mut ws, _) = app.ws_with_snapshot(&display).await;
    tokio::time::sleep(Duration::from_millis(3500)).await;
    ws.send(Message::Text(json!({"type": "resync"}).to_string().into()))
        .await
        .expect("the WebSocket is still open");
    loop {
        match next_frame(&mut ws).await {
            ServerFrame::Snapshot(_) => break,
            _ => continue,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitors_status_stream_is_not_closed_to_make_room() {
    let app = app_with(ConnectionLimits {
        header_timeout_s: 60,
        max_connections: 10,
        ..ConnectionLimits::default()
    })
    .await;
    let staff = app.reception().await;
    let kamer2 = app.desk_id(&staff, "Spreekkamer 2").await;
    let ticket = app.issue(&staff, "schuldhulp").await;
    let token = ticket["status_token"].as_str().unwrap();
    let mut stream = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/status/{token}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let first = tokio::time::timeout(Duration::from_secs(5), stream.chunk())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&first).contains("waiting"));
    // Three times the bound in silent sockets: idle connections are closed, the stream stays.
    let mut silent = Vec::new();
    for _ in 0..30 {
        silent.push(TcpStream::connect(app.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/desks/{kamer2}/call-next")))
        .bearer_auth(&staff)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mut seen = String::new();
    while !seen.contains("called") {
        let chunk = tokio::time::timeout(Duration::from_secs(5), stream.chunk())
            .await
            .expect("the stream goes on")
            .unwrap()
            .expect("the stream is still open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
}
