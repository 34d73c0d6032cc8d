//! What stations may send on `/ws`: a display only listens; a kiosk's printer reports are
//! written only when they change, and no faster than its limit.

use std::time::Duration;

use futures_util::SinkExt;
use onthaal_tests::{close_code, next_json, spawn_app_with_reception, Backend, TestApp, Ws};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

async fn status_events(app: &TestApp) -> i64 {
    let pool = app.running.as_ref().unwrap().store.pool();
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM events WHERE kind = 'device_status'")
        .fetch_one(pool)
        .await
        .unwrap()
}

fn report(state: &str) -> Message {
    let frame = json!({"type": "station_status", "printer": {"state": state, "message": state}});
    Message::Text(frame.to_string().into())
}

/// Waits until the server has handled every frame sent before: frames are taken in order, so
/// the answer to a resync comes after them.
async fn settled(ws: &mut Ws) {
    ws.send(Message::Text(json!({"type": "resync"}).to_string().into()))
        .await
        .unwrap();
    loop {
        if next_json(ws).await["type"] == "snapshot" {
            return;
        }
    }
}

async fn printer_of(app: &TestApp, staff: &str, kind: &str) -> Value {
    app.devices(staff)
        .await
        .into_iter()
        .find(|d| d["kind"] == kind)
        .unwrap()
        .get("printer")
        .cloned()
        .unwrap_or(Value::Null)
}

both!(a_display_only_listens);
async fn a_display_only_listens(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let display = app.device("display").await;
    let mut d = app.ws(&display).await;
    assert_eq!(next_json(&mut d).await["type"], "snapshot");
    // Asking for a snapshot is what a display may do.
    settled(&mut d).await;
    d.send(report("paper_out")).await.unwrap();
    assert_eq!(
        close_code(&mut d, Duration::from_secs(10)).await,
        Some(1008)
    );
    assert_eq!(status_events(&app).await, 0);
    assert_eq!(printer_of(&app, &staff, "display").await, Value::Null);
    // A report an older server took from a display is not shown either.
    let pool = app.running.as_ref().unwrap().store.pool();
    sqlx::query("UPDATE devices SET status = $1 WHERE kind = 'display'")
        .bind(r#"{"state":"paper_out"}"#)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(printer_of(&app, &staff, "display").await, Value::Null);
}

both!(a_kiosk_cannot_flood_the_event_table);
async fn a_kiosk_cannot_flood_the_event_table(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let mut k = app.ws(&kiosk).await;
    assert_eq!(next_json(&mut k).await["type"], "snapshot");

    // The same report 500 times is one change.
    for _ in 0..500 {
        k.send(report("paper_out")).await.unwrap();
    }
    settled(&mut k).await;
    assert_eq!(status_events(&app).await, 1);
    assert_eq!(
        printer_of(&app, &staff, "kiosk").await["state"],
        "paper_out"
    );

    // 500 changes in a moment write a handful.
    for i in 0..500 {
        k.send(report(if i % 2 == 0 { "ok" } else { "cover_open" }))
            .await
            .unwrap();
    }
    k.send(report("paper_near_end")).await.unwrap();
    settled(&mut k).await;
    let written = status_events(&app).await;
    assert!((2..=5).contains(&written), "{written} events");

    // The newest report was held back, not lost: once the limit has room it is written.
    app.clock.advance(chrono::Duration::seconds(61));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        if printer_of(&app, &staff, "kiosk").await["state"] == "paper_near_end" {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the held report was never written"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(status_events(&app).await, written + 1);
}

async fn online_events(app: &TestApp) -> i64 {
    let pool = app.running.as_ref().unwrap().store.pool();
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM events WHERE kind = 'device_online'")
        .fetch_one(pool)
        .await
        .unwrap()
}

both!(a_station_that_keeps_reconnecting_is_refused_for_a_while);
async fn a_station_that_keeps_reconnecting_is_refused_for_a_while(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let mut desk = app.ws(&staff).await;
    assert_eq!(next_json(&mut desk).await["type"], "snapshot");
    let url = format!("ws://{}/ws?token={kiosk}", app.addr);
    let mut refused = None;
    for round in 0..30 {
        match tokio_tungstenite::connect_async(url.as_str()).await {
            Ok((mut k, _)) => {
                assert_eq!(next_json(&mut k).await["type"], "snapshot");
                assert_eq!(next_json(&mut desk).await["device"]["online"], true);
                k.close(None).await.unwrap();
                assert_eq!(next_json(&mut desk).await["device"]["online"], false);
            }
            Err(tokio_tungstenite::tungstenite::Error::Http(r)) => {
                assert_eq!(r.status(), 429);
                assert!(r.headers().contains_key("retry-after"));
                refused = Some(round);
                break;
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(refused, Some(10), "refused after ten comings online");
    assert_eq!(online_events(&app).await, 10);
    // A minute later it may come back.
    app.clock.advance(chrono::Duration::seconds(61));
    let mut k = app.ws(&kiosk).await;
    assert_eq!(next_json(&mut k).await["type"], "snapshot");
    // Many connections at once with one token come online once.
    let mut more = Vec::new();
    for _ in 0..20 {
        let mut w = app.ws(&kiosk).await;
        assert_eq!(next_json(&mut w).await["type"], "snapshot");
        more.push(w);
    }
    assert_eq!(online_events(&app).await, 11);
}

both!(a_printer_message_with_control_characters_is_stored_readable);
async fn a_printer_message_with_control_characters_is_stored_readable(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let mut k = app.ws(&kiosk).await;
    assert_eq!(next_json(&mut k).await["type"], "snapshot");
    // PostgreSQL cannot store U+0000: the report must still be written, and the kiosk stay on.
    let message = format!("cover\u{0}open\u{7}{}", "x".repeat(500));
    let frame =
        json!({"type": "station_status", "printer": {"state": "cover_open", "message": message}});
    k.send(Message::Text(frame.to_string().into()))
        .await
        .unwrap();
    settled(&mut k).await;
    let printer = printer_of(&app, &staff, "kiosk").await;
    assert_eq!(printer["state"], "cover_open");
    let shown = printer["message"].as_str().unwrap();
    assert!(shown.starts_with("coveropenxxx"), "{shown}");
    assert_eq!(shown.chars().count(), 200);
}
