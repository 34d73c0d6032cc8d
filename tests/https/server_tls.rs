//! The server serving HTTPS itself (`--tls-cert`/`--tls-key`): HSTS on every answer, the
//! session cookie `Secure`, the desk's WebSocket and a display station (`--ca-file`) over
//! wss, a silent client cut off during the handshake, and a renewed certificate picked up
//! while the server runs (a bad pair refused, the old one kept).

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use onthaal_server::config::Config;
use onthaal_tests::{next_frame, spawn_own_address, Backend};
use onthaal_wire::ServerFrame;
use tokio::io::AsyncReadExt;

use super::{der, secure_login, served_certificate, temp_dir, wss, Certs};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_serves_https_itself_and_reloads_a_renewed_certificate() {
    let dir = temp_dir("own");
    let certs = Certs::new(&dir);
    let first = certs.server("first");
    let mut config = Config::demo();
    config.connections.header_timeout_s = 2;
    let app = spawn_own_address(
        Backend::Sqlite,
        config,
        Some(first.clone()),
        Some(&certs.ca),
    )
    .await
    .unwrap();
    assert!(app.base.starts_with("https://127.0.0.1:"), "{}", app.base);
    let client = certs.client();
    let http = reqwest::Client::builder()
        .use_preconfigured_tls((*client).clone())
        .build()
        .unwrap();

    // Every answer, a page or an error, tells the browser to stay on HTTPS.
    for path in ["/healthz", "/desk", "/api/v1/nothing-here"] {
        let r = http.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            r.headers()
                .get("strict-transport-security")
                .map(|v| v.to_str().unwrap()),
            Some("max-age=31536000"),
            "{path}"
        );
    }

    // The desk logs in: the cookie never travels over plain HTTP.
    let (session, token) = secure_login(&http, &app.base).await;
    // The cookie authenticates the desk's API calls.
    let r = http
        .get(app.url("/api/v1/auth/me"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // The live updates over wss.
    let mut ws = wss(
        &format!("wss://127.0.0.1:{}/ws?token={token}", app.addr.port()),
        &client,
    )
    .await;
    assert!(matches!(
        next_frame(&mut ws).await,
        ServerFrame::Snapshot(_)
    ));

    // A display station over wss, trusting the CA given with --ca-file.
    let display = onthaal_display::start(onthaal_display::Settings {
        server: app.base.clone(),
        token: app.device("display").await,
        bind: "127.0.0.1:0".parse().unwrap(),
        sound: onthaal_display::SoundMode::Silent,
        ca_file: Some(certs.ca.clone()),
    })
    .await
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !(display.state().connected && display.state().synced) {
        assert!(Instant::now() < deadline, "the display connects over wss");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    display.stop().await;

    // A client that connects and never says a word is cut off at the handshake's deadline
    // (the head's: 2 s here), so silent sockets cannot hold the server's descriptors.
    let mut silent = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 16];
    let n = tokio::time::timeout(Duration::from_secs(10), silent.read(&mut buf))
        .await
        .expect("closed within 10 s")
        .unwrap_or(0);
    assert_eq!(n, 0, "closed without an answer");
    assert!(started.elapsed() >= Duration::from_millis(1500));

    // Renewal: the certificate as served now.
    assert_eq!(
        served_certificate(app.addr, &client).await.unwrap(),
        der(&first.cert)
    );
    let second = certs.server("second");
    // Half of the new pair (the new key beside the old certificate) is refused and the old
    // pair keeps serving.
    std::fs::copy(&second.key, &first.key).unwrap();
    tokio::time::sleep(onthaal_server::tls::RELOAD_POLL * 2 + Duration::from_secs(1)).await;
    assert_eq!(
        served_certificate(app.addr, &client).await.unwrap(),
        der(&first.cert),
        "a key that is not the certificate's is refused"
    );
    // The whole new pair: new connections get it within a few seconds.
    std::fs::copy(&second.cert, &first.cert).unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let served = served_certificate(app.addr, &client).await.unwrap();
        if served == der(&second.cert) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the renewed certificate is not served within 15 s"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // The desk's WebSocket, opened before, is still served.
    ws.send(tokio_tungstenite::tungstenite::Message::Ping(
        b"still there".to_vec().into(),
    ))
    .await
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let msg = tokio::time::timeout_at(deadline.into(), ws.next())
            .await
            .expect("a pong within 10 s")
            .expect("open")
            .unwrap();
        if let tokio_tungstenite::tungstenite::Message::Pong(p) = msg {
            assert_eq!(&p[..], b"still there");
            break;
        }
    }
}
