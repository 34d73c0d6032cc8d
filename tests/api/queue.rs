//! The queue through the API: numbering, call-next policy, the ticket lifecycle, transfers,
//! chosen calls, priority, opening hours, public status, idempotent issuing, the event log.

use chrono::{Duration, TimeZone, Utc};
use onthaal_server::clock::Clock;
use onthaal_server::config::Config;
use onthaal_tests::{spawn_app, spawn_app_with, spawn_app_with_reception, Backend, TestApp};
use serde_json::{json, Value};
use sqlx::Row;

async fn events_of(app: &TestApp, ticket: i64) -> Vec<String> {
    let pool = app.running.as_ref().unwrap().store.pool().clone();
    sqlx::query("SELECT kind FROM events WHERE ticket_id = $1 ORDER BY seq")
        .bind(ticket)
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect()
}

both!(numbers_per_service_and_services_list);
async fn numbers_per_service_and_services_list(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    assert_eq!(app.issue(&kiosk, "permanentie").await["number"], "P001");
    assert_eq!(app.issue(&kiosk, "permanentie").await["number"], "P002");
    // A kiosk may issue 2 tickets in any 5 seconds (see server/src/http/ratelimit.rs).
    app.clock.advance(Duration::seconds(5));
    let t = app.issue(&kiosk, "id-team").await;
    assert_eq!(t["number"], "I001");
    assert_eq!(t["state"], "waiting");
    assert_eq!(t["position"], 0);
    assert_eq!(t["channel"], "kiosk");
    assert_eq!(t["status_token"].as_str().unwrap().len(), 20);
    let perm = app.service("permanentie").await;
    assert_eq!(perm["waiting"], 2);
    assert_eq!(perm["open"], true);
    assert_eq!(perm["prefix"], "P");
    // Two ahead and no desk has worked yet: the forecast expects the two desks of the
    // profile (Loket 1, Spreekkamer 1) in 10 minutes, each taking one of them for the default
    // 20 minutes plus a minute to walk up; the newcomer is called after the first: 10 + 21.
    assert_eq!(perm["estimated_wait_s"], 31 * 60);
    assert_eq!(perm["names"]["fr"], "Permanence : nouvelle demande d'aide");
}

both!(call_next_follows_the_documented_policy);
async fn call_next_follows_the_documented_policy(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let staff = app.reception().await;
    let loket1 = app.desk_id(&staff, "Loket 1").await; // id-team + permanentie
    let i1 = app.issue(&kiosk, "id-team").await;
    app.clock.advance(Duration::minutes(1));
    let p1 = app.issue(&kiosk, "permanentie").await;
    app.clock.advance(Duration::minutes(1));
    let i2 = app.issue(&kiosk, "id-team").await;
    app.clock.advance(Duration::minutes(8));
    // Overdue ratios now: I001 10/15, P001 9/30, I002 8/15 → I001, I002, P001.
    let mut order = Vec::new();
    for _ in 0..3 {
        let r = app.call_next(&staff, loket1).await;
        assert_eq!(r.status(), 200);
        let t: Value = r.json().await.unwrap();
        assert_eq!(t["state"], "called");
        assert_eq!(t["desk"]["name"], "Loket 1");
        order.push(t["id"].clone());
        app.act(&staff, &t["id"], "start").await;
        app.act(&staff, &t["id"], "finish").await;
    }
    assert_eq!(
        order,
        vec![i1["id"].clone(), i2["id"].clone(), p1["id"].clone()]
    );
    let r = app.call_next(&staff, loket1).await;
    assert_eq!(r.status(), 204);
}

both!(a_ticket_lives_through_its_states_and_each_change_is_an_event);
async fn a_ticket_lives_through_its_states_and_each_change_is_an_event(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let loket = app.desk_id(&staff, "Loket 2").await;
    let t = app.issue(&staff, "id-team").await;
    assert_eq!(t["channel"], "desk");
    let id = t["id"].as_i64().unwrap();
    let path = |a: &str| format!("/api/v1/tickets/{id}/{a}");
    // Not called yet: cannot start.
    let r = app.post(&staff, &path("start"), json!({})).await;
    assert_eq!(r.status(), 409);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_transition");
    assert_eq!(
        body["error"]["message"],
        "a ticket that is waiting cannot be started"
    );
    app.call_next(&staff, loket).await;
    for (action, state) in [
        ("recall", "called"),
        ("start", "serving"),
        ("finish", "done"),
    ] {
        let r = app.post(&staff, &path(action), json!({})).await;
        assert_eq!(r.status(), 200, "{action}");
        assert_eq!(r.json::<Value>().await.unwrap()["state"], state);
    }
    let r = app.post(&staff, &path("finish"), json!({})).await;
    assert_eq!(r.status(), 409);
    assert_eq!(
        events_of(&app, id).await,
        ["issued", "called", "recalled", "started", "finished"]
    );

    // No-show, then the visitor turns up after all and goes back into the queue.
    let t = app.issue(&staff, "id-team").await;
    let id = t["id"].as_i64().unwrap();
    app.act_with(&staff, id, "call", json!({"desk": loket}))
        .await;
    let r = app.act(&staff, id, "no-show").await;
    assert_eq!(r.json::<Value>().await.unwrap()["state"], "no_show");
    let r = app.act(&staff, id, "return").await;
    let back: Value = r.json().await.unwrap();
    assert_eq!(back["state"], "waiting");
    assert_eq!(back["queued_at"], t["queued_at"]);
    let r = app.act(&staff, id, "cancel").await;
    assert_eq!(r.json::<Value>().await.unwrap()["state"], "cancelled");
    assert_eq!(
        events_of(&app, id).await,
        ["issued", "called", "no_show", "returned", "cancelled"]
    );
}

both!(a_transferred_visitor_keeps_number_and_arrival_time);
async fn a_transferred_visitor_keeps_number_and_arrival_time(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let loket1 = app.desk_id(&staff, "Loket 1").await;
    let balie3 = app.desk_id(&staff, "Balie 3").await; // id-team, schuldhulp, huur
    let sk2 = app.desk_id(&staff, "Spreekkamer 2").await; // schuldhulp, afspraak
    let visitor = app.issue(&staff, "permanentie").await;
    app.clock.advance(Duration::minutes(5));
    let later = app.issue(&staff, "schuldhulp").await;
    app.clock.advance(Duration::minutes(15));
    let called: Value = app.called_next(&staff, loket1).await;
    assert_eq!(called["id"], visitor["id"]);
    app.act(&staff, &visitor["id"], "start").await;
    let r = app
        .act_with(
            &staff,
            &visitor["id"],
            "transfer",
            json!({"service": "schuldhulp", "reason": "schulden"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let moved: Value = r.json().await.unwrap();
    assert_eq!(moved["state"], "waiting");
    assert_eq!(moved["number"], "P001");
    assert_eq!(moved["service"], "schuldhulp");
    assert_eq!(moved["transferred_from"], "permanentie");
    assert_eq!(moved["queued_at"], visitor["queued_at"]);
    assert_eq!(moved["desk"], Value::Null);
    // It arrived before S001, so the debt desk calls it first.
    let next: Value = app.called_next(&staff, sk2).await;
    assert_eq!(next["id"], visitor["id"]);
    let next: Value = app.called_next(&staff, balie3).await;
    assert_eq!(next["id"], later["id"]);

    // To a named desk: only that desk gets it, and before its own queue.
    let t = app.issue(&staff, "huur").await;
    let other = app.issue(&staff, "schuldhulp").await;
    app.act_with(&staff, &t["id"], "transfer", json!({"desk": sk2}))
        .await;
    let r = app.call_next(&staff, loket1).await;
    assert_eq!(
        r.status(),
        204,
        "Loket 1 serves neither huur nor the assigned ticket"
    );
    let next: Value = app.called_next(&staff, sk2).await;
    assert_eq!(next["id"], t["id"]);
    let next: Value = app.called_next(&staff, sk2).await;
    assert_eq!(next["id"], other["id"]);

    // To a named staff member: it waits for them wherever they sit.
    let peeters = app.staff_id(&staff, "An Peeters").await;
    let t = app.issue(&staff, "id-team").await;
    let r = app
        .act_with(&staff, &t["id"], "transfer", json!({"staff": peeters}))
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["assigned_staff"], peeters);
    assert_eq!(app.call_next(&staff, loket1).await.status(), 204);
    let mw = app.login("mw.peeters", "peeters").await;
    let sk1 = app.desk_id(&mw, "Spreekkamer 1").await;
    let next: Value = app.called_next(&mw, sk1).await;
    assert_eq!(next["id"], t["id"]);
    assert_eq!(
        events_of(&app, visitor["id"].as_i64().unwrap()).await,
        ["issued", "called", "started", "transferred", "called"]
    );
}

both!(a_chosen_ticket_can_be_called_out_of_order_and_priority_goes_first);
async fn a_chosen_ticket_can_be_called_out_of_order_and_priority_goes_first(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let loket2 = app.desk_id(&staff, "Loket 2").await;
    let first = app.issue(&kiosk, "id-team").await;
    app.clock.advance(Duration::minutes(1));
    let second = app.issue(&kiosk, "id-team").await;
    let r = app
        .act_with(&staff, &second["id"], "call", json!({"desk": loket2}))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["desk"]["id"], loket2);
    // Calling it again while it is called is a conflict, not a silent overwrite.
    let r = app
        .act_with(&staff, &second["id"], "call", json!({"desk": loket2}))
        .await;
    assert_eq!(r.status(), 409);

    app.clock.advance(Duration::minutes(1));
    let r = app
        .post(
            &staff,
            "/api/v1/tickets",
            json!({"service": "id-team", "priority_reason": "reduced_mobility"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let prio: Value = r.json().await.unwrap();
    assert_eq!(prio["priority"], true);
    assert_eq!(
        prio["position"], 0,
        "a priority ticket goes before the waiting ones"
    );
    let next: Value = app.called_next(&staff, loket2).await;
    assert_eq!(next["id"], prio["id"]);
    let next: Value = app.called_next(&staff, loket2).await;
    assert_eq!(next["id"], first["id"]);

    let r = app
        .post(
            &staff,
            "/api/v1/tickets",
            json!({"service": "id-team", "priority_reason": "because"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "invalid_priority_reason"
    );
    let r = app
        .post(
            &kiosk,
            "/api/v1/tickets",
            json!({"service": "id-team", "priority_reason": "crisis"}),
        )
        .await;
    assert_eq!(r.status(), 403);
}

both!(closed_services_refuse_walk_ins_and_say_when_they_open);
async fn closed_services_refuse_walk_ins_and_say_when_they_open(b: Backend) {
    let config = Config::parse(
        include_str!("../../server/config/example.toml"),
        "example.toml",
    )
    .unwrap();
    // Wednesday 25 November 2026, 10:00 in Brussels: permanentie (Tuesday only) is closed.
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let Some(app) = spawn_app_with(b, config, now).await else {
        return;
    };
    let staff = app.login("admin", onthaal_tests::ADMIN_PASSWORD).await;
    let r = app
        .post(&staff, "/api/v1/tickets", json!({"service": "permanentie"}))
        .await;
    assert_eq!(r.status(), 409);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "service_closed");
    assert_eq!(
        e["error"]["message"],
        "Permanentie: nieuwe hulpvraag is closed now; it opens again on 01/12/2026 at 08:30"
    );
    let perm = app.service("permanentie").await;
    assert_eq!(perm["open"], false);
    assert_eq!(perm["opens_at"], "2026-12-01T07:30:00Z");
    // The ID-team is open on Wednesday morning.
    assert_eq!(app.issue(&staff, "id-team").await["number"], "I001");
    // Nothing was written for the refused ticket: the next permanentie number on Tuesday is P001.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap());
    let staff = app.login("admin", onthaal_tests::ADMIN_PASSWORD).await;
    assert_eq!(app.issue(&staff, "permanentie").await["number"], "P001");
}

both!(the_public_status_follows_the_ticket);
async fn the_public_status_follows_the_ticket(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let staff = app.reception().await;
    app.issue(&kiosk, "id-team").await;
    let t = app.issue(&kiosk, "id-team").await;
    let token = t["status_token"].as_str().unwrap();
    let status: Value = app.public_json(&format!("/api/v1/status/{token}")).await;
    assert_eq!(status["number"], "I002");
    assert_eq!(status["state"], "waiting");
    assert_eq!(status["position"], 1);
    assert_eq!(status["desk"], Value::Null);
    assert!(status["estimated_wait_s"].as_i64().unwrap() > 0);
    let page = app
        .http
        .get(app.url(&format!("/s/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("\"number\":\"I002\""));
    let loket = app.desk_id(&staff, "Loket 2").await;
    app.act_with(&staff, &t["id"], "call", json!({"desk": loket}))
        .await;
    let status: Value = app.public_json(&format!("/api/v1/status/{token}")).await;
    assert_eq!(status["state"], "called");
    assert_eq!(status["desk"]["name"], "Loket 2");
    assert_eq!(status["position"], Value::Null);
    for bad in ["nope", "aaaaaaaaaaaaaaaaaaaa"] {
        let r = app
            .http
            .get(app.url(&format!("/api/v1/status/{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        assert_eq!(
            app.http
                .get(app.url(&format!("/s/{bad}")))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
    }
}

both!(a_kiosk_retry_with_the_same_key_gets_the_same_ticket);
async fn a_kiosk_retry_with_the_same_key_gets_the_same_ticket(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let send = |kiosk: &str, key: &'static str| {
        app.http
            .post(app.url("/api/v1/tickets"))
            .bearer_auth(kiosk)
            .header("Idempotency-Key", key)
            .json(&json!({"service": "huur", "lang": "fr"}))
            .send()
    };
    let a = send(&kiosk, "touch-1").await.unwrap();
    assert_eq!(a.status(), 201);
    let a: Value = a.json().await.unwrap();
    let again = send(&kiosk, "touch-1").await.unwrap();
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], a["id"]);
    assert_eq!(a["lang"], "fr");
    let b2: Value = send(&kiosk, "touch-2").await.unwrap().json().await.unwrap();
    assert_eq!(b2["number"], "H002");
    // A double tap on another kiosk (this one has used its burst): both requests at once. One
    // makes the ticket; the other waits for the location's lock, then finds it by its key.
    let other = app.device("kiosk").await;
    let (x, y) = tokio::join!(send(&other, "touch-3"), send(&other, "touch-3"));
    let (x, y) = (x.unwrap(), y.unwrap());
    let mut statuses = [x.status().as_u16(), y.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 201]);
    let (x, y): (Value, Value) = (x.json().await.unwrap(), y.json().await.unwrap());
    assert_eq!(x["id"], y["id"]);
    assert_eq!(x["number"], "H003");
    // No number was lost.
    let third = app.device("kiosk").await;
    assert_eq!(app.issue(&third, "huur").await["number"], "H004");
}

both!(the_openapi_document_covers_every_route);
async fn the_openapi_document_covers_every_route(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let doc: Value = app.public_json("/api/v1/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    let src = include_str!("../../server/src/http/mod.rs");
    for line in src
        .lines()
        .filter(|l| l.trim_start().starts_with(".route(\"/"))
    {
        let path = line.split('"').nth(1).unwrap();
        if ["/healthz", "/ws", "/s/{token}"].contains(&path) {
            continue;
        }
        assert!(
            paths.contains_key(&format!("/api/v1{path}")),
            "{path} is not in openapi.json"
        );
    }
    assert_eq!(
        app.http
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let _ = app.clock.now();
}
