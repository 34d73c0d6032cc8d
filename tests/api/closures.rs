//! Closing a service now (staff ill) and reopening it: tickets refused meanwhile, waiting
//! visitors kept and still called, their status page told, the end at its time, who may do it,
//! and the change reaching every socket and the other server instance at once.

use std::time::Duration;

use chrono::Duration as Minutes;
use onthaal_tests::{
    error_code, next_json, spawn_app, spawn_app_with_reception, Backend, TestApp, Ws,
    ADMIN_PASSWORD,
};
use serde_json::{json, Value};

/// `POST /api/v1/services/{service}/{action}` (close, reopen): every answer, refusals too,
/// is JSON.
async fn close_or_reopen(app: &TestApp, token: &str, path: String, body: Value) -> (u16, Value) {
    let (status, answer) = app.post_json(token, &path, body).await;
    assert!(!answer.is_null(), "{path}: {status} without a JSON answer");
    (status, answer)
}

async fn close(app: &TestApp, token: &str, service: &str, body: Value) -> (u16, Value) {
    close_or_reopen(
        app,
        token,
        format!("/api/v1/services/{service}/close"),
        body,
    )
    .await
}

async fn reopen(app: &TestApp, token: &str, service: &str) -> (u16, Value) {
    close_or_reopen(
        app,
        token,
        format!("/api/v1/services/{service}/reopen"),
        json!({}),
    )
    .await
}

/// A visitor's status page, by the ticket's status token.
async fn status(app: &TestApp, token: &str) -> Value {
    app.public_json(&format!("/api/v1/status/{token}")).await
}

async fn audit(app: &TestApp) -> Vec<Value> {
    app.audit_log(&app.admin().await).await
}

/// The next frame that is not a snapshot's follow-up about something else: an `update` with
/// this event.
async fn update_with(ws: &mut Ws, event: &str) -> Value {
    loop {
        let f = next_json(ws).await;
        if f["type"] == "update" && f["event"] == event {
            return f;
        }
    }
}

fn in_frame<'a>(f: &'a Value, key: &str) -> &'a Value {
    f["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap()
}

// Reception closes the permanentie until 14:00 (staff ill): the kiosk and a desk are refused a
// ticket with a clear 409, the visitors already waiting keep their place and one is called, the
// other's status page says the service closed and that they keep their place; reopening ends
// it, and both steps are in the audit log with who, until when and why.
both!(closing_now_refuses_tickets_and_keeps_the_waiting_visitors);
async fn closing_now_refuses_tickets_and_keeps_the_waiting_visitors(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let first = app.issue(&staff, "permanentie").await;
    let second = app.issue(&staff, "permanentie").await;
    let (mut ws, _) = app.ws_with_snapshot(&kiosk).await;

    // 10:00 in Brussels: until 14:00.
    let (code, c) = close(
        &app,
        &staff,
        "permanentie",
        json!({"reason": "staff_illness", "until": "14:00", "note": "Jan en An ziek"}),
    )
    .await;
    assert_eq!(code, 200, "{c}");
    assert_eq!(c["service"], "permanentie");
    assert_eq!(c["until"], "2026-11-24T13:00:00Z");
    assert_eq!(c["end_of_day"], false);
    assert_eq!(c["reason"], "staff_illness");
    assert_eq!(c["note"], "Jan en An ziek");
    assert_eq!(c["closed_by"], "Sam Onthaal");

    // The kiosk hears it at once, without the staff-only note.
    let f = update_with(&mut ws, "service_closed").await;
    let p = in_frame(&f, "permanentie");
    assert_eq!(p["open"], false);
    assert_eq!(p["closed_now"]["reason"], "staff_illness");
    assert!(!f.to_string().contains("ziek"), "no note for stations: {f}");

    let s = app.service("permanentie").await;
    assert_eq!(s["open"], false);
    assert_eq!(s["closed_now"]["until"], "2026-11-24T13:00:00Z");

    // No ticket, from the kiosk or a desk.
    for who in [&kiosk, &staff] {
        let r = app
            .post(who, "/api/v1/tickets", json!({"service": "permanentie"}))
            .await;
        assert_eq!(r.status(), 409);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["code"], "service_closed", "{e}");
        assert!(
            e["error"]["message"].as_str().unwrap().contains("14:00"),
            "{e}"
        );
    }
    // Another service is not touched.
    app.issue(&staff, "schuldhulp").await;

    // The waiting visitors keep their place and are told; the desk still calls them.
    let st = status(&app, second["status_token"].as_str().unwrap()).await;
    assert_eq!(st["state"], "waiting");
    let place = st["position"].as_i64().unwrap();
    assert_eq!(st["service_closed"]["reason"], "staff_illness");
    let desk = app.desk_id(&staff, "Loket 1").await;
    let r = app.call_next(&staff, desk).await;
    assert_eq!(r.status(), 200);
    let called: Value = r.json().await.unwrap();
    assert_eq!(called["number"], first["number"]);
    let st = status(&app, first["status_token"].as_str().unwrap()).await;
    assert_eq!(st["state"], "called");
    assert!(
        st.get("service_closed").is_none(),
        "a called visitor just goes: {st}"
    );
    let st = status(&app, second["status_token"].as_str().unwrap()).await;
    assert_eq!(st["position"].as_i64(), Some(place - 1), "moved up: {st}");
    assert!(st["service_closed"].is_object());

    // Reopened: the notice goes, tickets again.
    let (code, s) = reopen(&app, &staff, "permanentie").await;
    assert_eq!(code, 200, "{s}");
    assert_eq!(s["open"], true);
    assert!(s.get("closed_now").is_none());
    let f = update_with(&mut ws, "service_reopened").await;
    assert_eq!(in_frame(&f, "permanentie")["open"], true);
    let st = status(&app, second["status_token"].as_str().unwrap()).await;
    assert!(st.get("service_closed").is_none(), "{st}");
    app.issue(&staff, "permanentie").await;
    let (code, e) = reopen(&app, &staff, "permanentie").await;
    assert_eq!((code, error_code(&e)), (409, Some("not_closed")));

    let log = audit(&app).await;
    let closed = log.iter().find(|e| e["event"] == "service_closed").unwrap();
    assert_eq!(closed["staff"], "Sam Onthaal (onthaal)");
    assert_eq!(closed["details"]["service"], "permanentie");
    assert_eq!(closed["details"]["until"], "2026-11-24T13:00:00+00:00");
    assert_eq!(closed["details"]["reason"], "staff_illness");
    assert_eq!(closed["details"]["note"], "Jan en An ziek");
    let reopened = log
        .iter()
        .find(|e| e["event"] == "service_reopened")
        .unwrap();
    assert_eq!(reopened["staff"], "Sam Onthaal (onthaal)");
    assert_eq!(reopened["details"]["before"]["reason"], "staff_illness");
}

// Closed until 10:30 at 10:00, it reopens by itself at 10:30 (an event in the log, a frame to
// every screen); closed for the rest of the day, it stays so across a restart.
both!(a_closure_ends_at_its_time_and_survives_a_restart);
async fn a_closure_ends_at_its_time_and_survives_a_restart(b: Backend) {
    let Some(mut app) = spawn_app(b).await else {
        return;
    };
    let staff = app.reception().await;
    let display = app.device("display").await;
    let (mut ws, _) = app.ws_with_snapshot(&display).await;
    let (code, c) = close(
        &app,
        &staff,
        "permanentie",
        json!({"reason": "technical_fault", "until": "10:30"}),
    )
    .await;
    assert_eq!(code, 200, "{c}");
    update_with(&mut ws, "service_closed").await;

    app.clock.advance(Minutes::minutes(31));
    let f = tokio::time::timeout(
        Duration::from_secs(10),
        update_with(&mut ws, "service_reopened"),
    )
    .await
    .expect("reopened by itself within seconds of its time");
    assert_eq!(in_frame(&f, "permanentie")["open"], true);
    assert_eq!(app.service("permanentie").await["open"], true);
    let log = audit(&app).await;
    let e = log
        .iter()
        .find(|e| e["event"] == "service_reopened")
        .unwrap();
    assert_eq!(e["details"]["by"], "time");
    assert!(e["staff"].is_null());

    // The rest of the day, then a restart.
    let (code, c) = close(&app, &staff, "permanentie", json!({"reason": "meeting"})).await;
    assert_eq!(code, 200, "{c}");
    assert_eq!(c["end_of_day"], true);
    assert_eq!(c["until"], "2026-11-24T23:00:00Z");
    app.stop().await;
    let app = app.another_instance().await;
    let s = app.service("permanentie").await;
    assert_eq!(s["open"], false);
    assert_eq!(s["closed_now"]["end_of_day"], true);
    assert_eq!(s["closed_now"]["reason"], "meeting");
    let staff = app.reception().await;
    let list: Vec<Value> = app.read(&staff, "/api/v1/closures").await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["service"], "permanentie");
}

// Reception, managers and admins may close and reopen; social workers, stations and anonymous
// callers may not; bad input is a 4xx with the JSON error body.
both!(who_may_close_and_what_is_refused);
async fn who_may_close_and_what_is_refused(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let body = json!({"reason": "unforeseen", "until": "12:00"});
    for (user, pass) in [
        ("onthaal", "onthaal"),
        ("diensthoofd", "diensthoofd"),
        ("admin", ADMIN_PASSWORD),
    ] {
        let token = app.login(user, pass).await;
        let (code, c) = close(&app, &token, "permanentie", body.clone()).await;
        assert_eq!(code, 200, "{user}: {c}");
        let r = app.get(&token, "/api/v1/closures").await;
        assert_eq!(r.status(), 200, "{user}");
        let (code, s) = reopen(&app, &token, "permanentie").await;
        assert_eq!(code, 200, "{user}: {s}");
    }
    let worker = app.login("mw.peeters", "peeters").await;
    let kiosk = app.device("kiosk").await;
    let display = app.device("display").await;
    for token in [&worker, &kiosk, &display] {
        let (code, e) = close(&app, token, "permanentie", body.clone()).await;
        assert_eq!((code, error_code(&e)), (403, Some("forbidden")));
        let (code, _) = reopen(&app, token, "permanentie").await;
        assert_eq!(code, 403);
        assert_eq!(app.get(token, "/api/v1/closures").await.status(), 403);
    }
    let r = app
        .http
        .post(app.url("/api/v1/services/permanentie/close"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(app.service("permanentie").await["open"], true);

    let staff = app.reception().await;
    let long = "x".repeat(201);
    for (body, code, error) in [
        (json!({"reason": "lunch"}), 422, "unknown_closure_reason"),
        (
            json!({"reason": "meeting", "until": "09:00"}),
            422,
            "time_passed",
        ),
        (
            json!({"reason": "meeting", "until": "10:00"}),
            422,
            "time_passed",
        ),
        (
            json!({"reason": "meeting", "until": "half drie"}),
            422,
            "invalid_time",
        ),
        (
            json!({"reason": "meeting", "note": long}),
            422,
            "note_too_long",
        ),
    ] {
        let (got, e) = close(&app, &staff, "permanentie", body.clone()).await;
        assert_eq!((got, error_code(&e)), (code, Some(error)), "{body}");
    }
    let (got, e) = close(&app, &staff, "permanentie", json!({"until": "12:00"})).await;
    assert_eq!(got, 422, "no reason: {e}");
    assert!(e["error"]["code"].is_string());
    let (got, e) = close(&app, &staff, "geen-dienst", json!({"reason": "meeting"})).await;
    assert_eq!((got, error_code(&e)), (404, Some("not_found")));
    let (got, _) = reopen(&app, &staff, "geen-dienst").await;
    assert_eq!(got, 404);
    assert_eq!(app.service("permanentie").await["open"], true);
}

/// PostgreSQL only: a closure made on one server instance reaches the displays of another at
/// once, and the other refuses tickets for the service.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closure_on_one_instance_reaches_another_at_once() {
    let Some(a) = spawn_app(Backend::Postgres).await else {
        return;
    };
    let b2 = a.another_instance().await;
    let staff = a.reception().await;
    let display = a.device("display").await;
    let (mut ws, _) = b2.ws_with_snapshot(&display).await;
    let (code, c) = close(
        &a,
        &staff,
        "permanentie",
        json!({"reason": "staff_illness"}),
    )
    .await;
    assert_eq!(code, 200, "{c}");
    let f = tokio::time::timeout(
        Duration::from_secs(3),
        update_with(&mut ws, "service_closed"),
    )
    .await
    .expect("the other instance's display hears it at once");
    assert_eq!(
        in_frame(&f, "permanentie")["closed_now"]["reason"],
        "staff_illness"
    );
    let r = b2
        .post(&staff, "/api/v1/tickets", json!({"service": "permanentie"}))
        .await;
    assert_eq!(r.status(), 409);
    assert_eq!(b2.service("permanentie").await["open"], false);

    // Reopened on the second: the first hears it by its notification, a moment later.
    let (code, _) = reopen(&b2, &staff, "permanentie").await;
    assert_eq!(code, 200);
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    while a.service("permanentie").await["open"] != true {
        assert!(
            std::time::Instant::now() < deadline,
            "the first instance hears the reopening"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    a.issue(&staff, "permanentie").await;
}
