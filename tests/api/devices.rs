//! Stations as the server sees them: online/offline, printer reports, per-display settings
//! and filtering — all live to the desks.

use futures_util::SinkExt;
use onthaal_tests::{next_frame, next_json, spawn_app_with_reception, Backend, TestApp};
use onthaal_wire::{PrinterState, ServerFrame};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

async fn device_id(app: &TestApp, staff: &str, kind: &str) -> i64 {
    app.devices(staff)
        .await
        .iter()
        .find(|d| d["kind"] == kind)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

both!(stations_come_online_report_their_printer_and_go_offline);
async fn stations_come_online_report_their_printer_and_go_offline(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let (mut desk, s) = app.ws_with_snapshot(&staff).await;
    assert_eq!(s.devices.len(), 1);
    assert!(!s.devices[0].online);

    let mut k = app.ws(&kiosk).await;
    next_frame(&mut k).await;
    let f = next_frame(&mut desk).await;
    let ServerFrame::Device { seq, device } = f else {
        panic!("a device frame, got {f:?}")
    };
    assert_eq!(seq, 1);
    assert!(device.online);
    assert!(device.last_seen.is_some());

    let report = json!({"type": "station_status", "printer": {"state": "paper_out", "message": "Het papier is op"}});
    k.send(Message::Text(report.to_string().into()))
        .await
        .unwrap();
    let ServerFrame::Device { device, .. } = next_frame(&mut desk).await else {
        panic!("a device frame")
    };
    assert_eq!(
        device.printer.as_ref().unwrap().state,
        PrinterState::PaperOut
    );
    // The same report again is no news: the next frame the desk gets is the ticket.
    k.send(Message::Text(report.to_string().into()))
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    app.issue(&kiosk, "huur").await;
    let ServerFrame::Update { seq, event, .. } = next_frame(&mut desk).await else {
        panic!("the ticket update")
    };
    assert_eq!((seq, event.as_str()), (3, "issued"));
    let list = app.devices(&staff).await;
    assert_eq!(list[0]["online"], true);
    assert_eq!(list[0]["printer"]["state"], "paper_out");

    k.close(None).await.unwrap();
    let ServerFrame::Device { device, .. } = next_frame(&mut desk).await else {
        panic!("a device frame")
    };
    assert!(!device.online);

    // Staff are not stations.
    desk.send(Message::Text(report.to_string().into()))
        .await
        .unwrap();
    assert_eq!(next_json(&mut desk).await["error"]["code"], "not_a_station");
}

both!(a_display_shows_only_its_services_and_gets_new_settings_at_once);
async fn a_display_shows_only_its_services_and_gets_new_settings_at_once(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let admin = app.admin().await;
    let display = app.device("display").await;
    let id = device_id(&app, &staff, "display").await;
    let (mut d, s) = app.ws_with_snapshot(&display).await;
    assert_eq!(s.settings.unwrap().services.len(), 0);
    assert_eq!(s.services.len(), 5);

    let put = |token: &str, body: Value| {
        app.http
            .put(app.url(&format!("/api/v1/devices/{id}/settings")))
            .bearer_auth(token.to_string())
            .json(&body)
            .send()
    };
    assert_eq!(
        put(&staff, json!({"services": ["permanentie"]}))
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        put(&admin, json!({"services": ["nope"]}))
            .await
            .unwrap()
            .status(),
        422
    );
    let r = put(&admin, json!({"services": ["permanentie"], "info_line": "Permanentie op dinsdagvoormiddag 08:30–12:00", "second_language": "fr"})).await.unwrap();
    assert_eq!(r.status(), 200);
    let ServerFrame::Snapshot(s) = next_frame(&mut d).await else {
        panic!("new settings come as a snapshot")
    };
    let settings = s.settings.unwrap();
    assert_eq!(settings.services, vec!["permanentie".to_string()]);
    assert_eq!(
        settings.info_line.as_deref(),
        Some("Permanentie op dinsdagvoormiddag 08:30–12:00")
    );
    assert_eq!(s.services.len(), 1);

    let loket1 = app.desk_id(&staff, "Loket 1").await; // id-team + permanentie
    app.issue(&staff, "id-team").await;
    app.issue(&staff, "permanentie").await;
    let frames: Vec<Value> = {
        let mut v = Vec::new();
        for _ in 0..2 {
            app.call_next(&staff, loket1).await;
        }
        for _ in 0..4 {
            v.push(next_json(&mut d).await);
        }
        v
    };
    let kinds: Vec<(&str, i64)> = frames
        .iter()
        .map(|f| (f["type"].as_str().unwrap(), f["seq"].as_i64().unwrap()))
        .collect();
    let first = kinds[0].1;
    assert_eq!(
        kinds,
        vec![
            ("update", first),
            ("update", first + 1),
            ("update", first + 2),
            ("called", first + 3)
        ],
        "the id-team call is hidden, with no gap in seq"
    );
    assert_eq!(frames[3]["ticket"]["number"], "P001");
}

both!(a_display_takes_several_languages_and_an_information_line_per_language);
async fn a_display_takes_several_languages_and_an_information_line_per_language(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let admin = app.admin().await;
    let display = app.device("display").await;
    let id = device_id(&app, &staff, "display").await;
    let (mut d, _) = app.ws_with_snapshot(&display).await;
    let put = |body: Value| {
        app.http
            .put(app.url(&format!("/api/v1/devices/{id}/settings")))
            .bearer_auth(admin.clone())
            .json(&body)
            .send()
    };
    let r = put(json!({"info_lines": {"xx": "?"}})).await.unwrap();
    assert_eq!(r.status(), 422);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unknown_language");
    let long = "a".repeat(201);
    let r = put(json!({"info_lines": {"fr": long}})).await.unwrap();
    assert_eq!(r.status(), 422);

    let r = put(json!({
        "languages": ["fr", "en", "ar"],
        "info_line": "Permanentie op dinsdag 08:30–12:00",
        "info_lines": {"fr": "Permanence le mardi 08:30–12:00", "ar": "الاستقبال يوم الثلاثاء 08:30–12:00"},
    }))
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let info: Value = r.json().await.unwrap();
    assert_eq!(info["settings"]["languages"], json!(["fr", "en", "ar"]));
    let ServerFrame::Snapshot(s) = next_frame(&mut d).await else {
        panic!("new settings come as a snapshot")
    };
    let settings = s.settings.unwrap();
    use onthaal_wire::Lang;
    assert_eq!(
        settings.other_languages(),
        vec![
            Lang::parse("fr").unwrap(),
            Lang::parse("en").unwrap(),
            Lang::parse("ar").unwrap()
        ]
    );
    assert_eq!(
        settings.info_line_in(Lang::parse("fr").unwrap()),
        Some("Permanence le mardi 08:30–12:00")
    );
    // English has no line of its own: the Dutch one stands in.
    assert_eq!(
        settings.info_line_in(Lang::parse("en").unwrap()),
        Some("Permanentie op dinsdag 08:30–12:00")
    );
    // A station still set the older way keeps its one second language.
    let r = put(json!({"second_language": "tr"})).await.unwrap();
    assert_eq!(r.status(), 200);
    let ServerFrame::Snapshot(s) = next_frame(&mut d).await else {
        panic!()
    };
    assert_eq!(
        s.settings.unwrap().other_languages(),
        vec![Lang::parse("tr").unwrap()]
    );
}

both!(a_revoked_device_is_refused_and_its_connection_closed);
async fn a_revoked_device_is_refused_and_its_connection_closed(b: Backend) {
    use onthaal_server::db::StoreError;
    use onthaal_server::engine::Store;
    use onthaal_server::usecases::REVOCATION_CHECK_EVERY;

    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let display = app.device("display").await;
    let mut k = app.ws(&kiosk).await;
    let mut d = app.ws(&display).await;
    for ws in [&mut k, &mut d] {
        assert!(matches!(next_frame(ws).await, ServerFrame::Snapshot(_)));
    }
    let issue = |token: String| {
        let app = &app;
        async move {
            app.post(&token, "/api/v1/tickets", json!({"service": "permanentie"}))
                .await
        }
    };
    assert_eq!(issue(kiosk.clone()).await.status(), 201);
    assert!(
        matches!(next_frame(&mut d).await, ServerFrame::Update { event, .. } if event == "issued")
    );

    // The administrator revokes the kiosk with `onthaal-server device revoke`: another
    // process on the same database.
    let admin = Store::connect(
        &app.database_url,
        std::sync::Arc::new(onthaal_server::engine::hub::Hub::new()),
    )
    .await
    .unwrap();
    let id = device_id(&app, &staff, "kiosk").await;
    let entry = admin.revoke_device(id).await.unwrap();
    assert!(entry.revoked && entry.kind == "kiosk", "{entry:?}");
    let register = admin.device_register().await.unwrap();
    assert_eq!(
        register.iter().map(|e| e.revoked).collect::<Vec<_>>(),
        [true, false]
    );
    assert!(matches!(
        admin.revoke_device(id).await,
        Err(StoreError::Conflict {
            code: "already_revoked",
            ..
        })
    ));
    assert!(matches!(
        admin.revoke_device(9999).await,
        Err(StoreError::NotFound(_))
    ));

    // The running server notices at its next look: the kiosk's socket closes as a logout
    // does, and its token is refused from then on.
    let closed = onthaal_tests::close_code(&mut k, REVOCATION_CHECK_EVERY * 3).await;
    assert_eq!(closed, Some(4401));
    let r = issue(kiosk.clone()).await;
    assert_eq!(r.status(), 401);
    // The display goes on, and the desk app no longer lists the kiosk.
    assert_eq!(issue(staff.clone()).await.status(), 201);
    // (after the kiosk's going offline, which the display hears of as an update too)
    loop {
        if let ServerFrame::Update { event, .. } = next_frame(&mut d).await {
            if event == "issued" {
                break;
            }
        }
    }
    let listed = app.devices(&staff).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["kind"], "display");
}
