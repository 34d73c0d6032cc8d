//! Live updates over `/ws`: snapshots, per-location `seq`, projections per client kind.

use futures_util::SinkExt;
use onthaal_tests::{next_frame, next_json, spawn_app, spawn_app_with_reception, Backend};
use onthaal_wire::{ClientKind, ServerFrame};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

both!(a_kiosk_ticket_reaches_display_snapshots_and_desks_live);
async fn a_kiosk_ticket_reaches_display_snapshots_and_desks_live(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let display = app.device("display").await;
    let staff = app.reception().await;
    let (mut desk_ws, s) = app.ws_with_snapshot(&staff).await;
    assert_eq!(s.kind, ClientKind::Desk);
    assert_eq!(s.seq, 0);
    assert!(s.tickets.is_empty());

    let t = app.issue(&kiosk, "permanentie").await;
    match next_frame(&mut desk_ws).await {
        ServerFrame::Update {
            seq,
            event,
            ticket,
            services,
        } => {
            assert_eq!((seq, event.as_str()), (1, "issued"));
            assert_eq!(ticket.unwrap().number, "P001");
            assert_eq!(
                services
                    .iter()
                    .find(|s| s.key == "permanentie")
                    .unwrap()
                    .waiting,
                1
            );
        }
        other => panic!("expected an update, got {other:?}"),
    }

    let (_disp, s) = app.ws_with_snapshot(&display).await;
    assert_eq!(s.kind, ClientKind::Display);
    assert_eq!(s.seq, 2, "issued, then the display came online");
    assert_eq!(s.location.name, "Sociaal Huis Demostad");
    assert_eq!(
        s.services
            .iter()
            .find(|s| s.key == "permanentie")
            .unwrap()
            .waiting,
        1
    );
    assert!(s.tickets.is_empty(), "displays get no ticket list");

    let (_desk2, s) = app.ws_with_snapshot(&staff).await;
    assert_eq!(s.tickets.len(), 1);
    assert_eq!(s.tickets[0].id, t["id"].as_i64().unwrap());
    assert_eq!(s.tickets[0].position, Some(0));
}

both!(a_call_reaches_every_display_as_a_called_frame_in_order);
async fn a_call_reaches_every_display_as_a_called_frame_in_order(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let display = app.device("display").await;
    let mut d1 = app.ws(&display).await;
    let mut d2 = app.ws(&display).await;
    for d in [&mut d1, &mut d2] {
        assert!(matches!(next_frame(d).await, ServerFrame::Snapshot(_)));
    }
    let t = app.issue(&staff, "schuldhulp").await;
    let desk = app.desk_id(&staff, "Spreekkamer 2").await;
    let r = app.call_next(&staff, desk).await;
    assert_eq!(r.status(), 200);
    app.act(&staff, &t["id"], "recall").await;
    for d in [&mut d1, &mut d2] {
        // seq 1 was the display coming online (in the snapshot).
        let issued = next_json(d).await;
        assert_eq!(issued["type"], "update");
        assert_eq!(issued["seq"], 2);
        assert!(
            issued.get("ticket").is_none(),
            "no ticket in display updates: {issued}"
        );
        let called = next_json(d).await;
        assert_eq!(called["type"], "called");
        assert_eq!(called["seq"], 3);
        assert_eq!(called["ticket"]["number"], "S001");
        assert_eq!(called["ticket"]["service"], "schuldhulp");
        assert_eq!(called["ticket"]["desk"]["name"], "Spreekkamer 2");
        assert_eq!(called["ticket"]["desk"]["id"], desk);
        assert_eq!(called["ticket"]["recall"], false);
        assert!(called["ticket"].get("status_token").is_none());
        let recalled = next_json(d).await;
        assert_eq!(
            (recalled["type"].as_str(), recalled["seq"].as_i64()),
            (Some("called"), Some(4))
        );
        assert_eq!(recalled["ticket"]["recall"], true);
    }
}

both!(resync_gives_a_fresh_snapshot_and_kiosks_get_their_projection);
async fn resync_gives_a_fresh_snapshot_and_kiosks_get_their_projection(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let (mut k, s) = app.ws_with_snapshot(&kiosk).await;
    assert_eq!(s.kind, ClientKind::Kiosk);
    app.issue(&kiosk, "huur").await;
    app.issue(&kiosk, "huur").await;
    // seq 1 was the kiosk coming online.
    assert_eq!(next_frame(&mut k).await.seq(), 2);
    assert_eq!(next_frame(&mut k).await.seq(), 3);
    k.send(Message::Text(json!({"type": "resync"}).to_string().into()))
        .await
        .unwrap();
    let ServerFrame::Snapshot(s) = next_frame(&mut k).await else {
        panic!("resync answers with a snapshot")
    };
    assert_eq!(s.seq, 3);
    assert_eq!(
        s.services.iter().find(|s| s.key == "huur").unwrap().waiting,
        2
    );
    k.send(Message::Text("{\"type\":\"nonsense\"}".into()))
        .await
        .unwrap();
    let e = next_json(&mut k).await;
    assert_eq!(e["type"], "error");
    assert_eq!(e["error"]["code"], "unknown_frame");
}

#[tokio::test]
async fn websocket_without_a_valid_token_is_refused() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    for url in [
        format!("ws://{}/ws", app.addr),
        format!("ws://{}/ws?token={}", app.addr, "0".repeat(64)),
    ] {
        match tokio_tungstenite::connect_async(url).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(r)) => assert_eq!(r.status(), 401),
            other => panic!("expected a 401, got {other:?}"),
        }
    }
}

both!(snapshots_show_only_todays_calls);
async fn snapshots_show_only_todays_calls(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let desk = app.desk_id(&staff, "Loket 2").await;
    app.issue(&staff, "id-team").await;
    app.call_next(&staff, desk).await;
    let (_ws, s) = app.ws_with_snapshot(&staff).await;
    assert_eq!(s.recent_calls.len(), 1);
    // The next morning, yesterday's I001 must not look like today's.
    app.clock.advance(chrono::Duration::hours(16));
    let staff = app.reception().await;
    let (_ws, s) = app.ws_with_snapshot(&staff).await;
    assert!(s.recent_calls.is_empty(), "{:?}", s.recent_calls);
}
