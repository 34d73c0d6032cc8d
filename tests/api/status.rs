//! The visitor's phone: the live status stream (server-sent events), "I'm leaving", the rate
//! limit on the public status endpoints, and that none of it ever carries personal data.

use std::time::Duration;

use onthaal_tests::{
    default_now, demo_config_with_marked_staff, next_frame, spawn_app, spawn_app_with,
    spawn_app_with_reception, Backend, TestApp,
};
use onthaal_wire::{ClientKind, ServerFrame};
use serde_json::{json, Value};

/// One phone following `/api/v1/status/{token}/events`.
struct Phone {
    resp: reqwest::Response,
    buf: String,
    /// Everything received, heartbeats included, for the privacy check.
    raw: String,
}

impl Phone {
    async fn open(app: &TestApp, token: &str) -> Phone {
        let resp = app
            .http
            .get(app.url(&format!("/api/v1/status/{token}/events")))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "stream opens");
        assert_eq!(
            resp.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        Phone {
            resp,
            buf: String::new(),
            raw: String::new(),
        }
    }

    /// The next `status` message, or `None` once the server ended the stream.
    async fn next(&mut self) -> Option<Value> {
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let mut event = "message";
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(e) = line.strip_prefix("event:") {
                        event = if e.trim() == "status" {
                            "status"
                        } else {
                            "other"
                        };
                    } else if let Some(d) = line.strip_prefix("data:") {
                        data.push_str(d.trim_start());
                    }
                }
                if event == "status" {
                    return Some(serde_json::from_str(&data).unwrap());
                }
                continue;
            }
            let chunk = tokio::time::timeout(Duration::from_secs(10), self.resp.chunk())
                .await
                .expect("a message within 10 s")
                .expect("stream readable");
            match chunk {
                Some(bytes) => {
                    let text = String::from_utf8(bytes.to_vec()).unwrap();
                    self.raw.push_str(&text);
                    self.buf.push_str(&text);
                }
                None => return None,
            }
        }
    }
}

async fn status_of(app: &TestApp, token: &str) -> Value {
    let r = app
        .http
        .get(app.url(&format!("/api/v1/status/{token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn leave(app: &TestApp, token: &str) -> reqwest::Response {
    app.http
        .post(app.url(&format!("/api/v1/status/{token}/leave")))
        .send()
        .await
        .unwrap()
}

fn token(t: &Value) -> String {
    t["status_token"].as_str().unwrap().to_string()
}

both!(the_stream_follows_a_ticket_from_waiting_to_done);
async fn the_stream_follows_a_ticket_from_waiting_to_done(b: Backend) {
    let Some(mut app) = spawn_app(b).await else {
        return;
    };
    let staff = app.reception().await;
    let kamer2 = app.desk_id(&staff, "Spreekkamer 2").await;
    let first = app.issue(&staff, "schuldhulp").await;
    let mine = app.issue(&staff, "schuldhulp").await;
    let mut phone = Phone::open(&app, &token(&mine)).await;

    let s = phone.next().await.unwrap();
    assert_eq!(
        (
            s["number"].as_str(),
            s["state"].as_str(),
            s["position"].as_u64()
        ),
        (Some("S002"), Some("waiting"), Some(1))
    );
    assert!(s["estimated_wait_s"].as_i64().is_some());
    assert!(s["desk"].is_null());
    assert_eq!(s["left"], false);

    // The visitor before me is called: I move up.
    let r = app.call_next(&staff, kamer2).await;
    assert_eq!(r.json::<Value>().await.unwrap()["id"], first["id"]);
    let s = phone.next().await.unwrap();
    assert_eq!(
        (s["state"].as_str(), s["position"].as_u64()),
        (Some("waiting"), Some(0))
    );

    // My turn: the room's name comes with it.
    app.call_next(&staff, kamer2).await;
    let s = phone.next().await.unwrap();
    assert_eq!(s["state"], "called");
    assert_eq!(s["desk"]["name"], "Spreekkamer 2");
    assert!(s["position"].is_null());

    let id = mine["id"].as_i64().unwrap();
    assert_eq!(app.act(&staff, id, "start").await.status(), 200);
    assert_eq!(phone.next().await.unwrap()["state"], "serving");
    assert_eq!(app.act(&staff, id, "finish").await.status(), 200);
    let s = phone.next().await.unwrap();
    assert_eq!(s["state"], "done");
    assert!(s["desk"].is_null());
    // The visit is over: the server ends the stream.
    assert!(phone.next().await.is_none(), "the stream ends after done");

    // A reload gets the same answer, and a stream opened now says it once and ends.
    assert_eq!(status_of(&app, &token(&mine)).await["state"], "done");
    let mut late = Phone::open(&app, &token(&mine)).await;
    assert_eq!(late.next().await.unwrap()["state"], "done");
    assert!(late.next().await.is_none());

    // Stopping the server ends the streams that are still open (no hanging shutdown).
    let waiting = app.issue(&staff, "schuldhulp").await;
    let mut open = Phone::open(&app, &token(&waiting)).await;
    assert_eq!(open.next().await.unwrap()["state"], "waiting");
    tokio::time::timeout(Duration::from_secs(10), app.stop())
        .await
        .expect("the server stops with a stream open");
    assert!(open.next().await.is_none());
}

both!(a_burst_of_changes_costs_a_phone_few_messages);
async fn a_burst_of_changes_costs_a_phone_few_messages(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let kamer2 = app.desk_id(&staff, "Spreekkamer 2").await;
    const AHEAD: u64 = 12;
    for _ in 0..AHEAD {
        app.issue(&staff, "schuldhulp").await;
    }
    let mine = app.issue(&staff, "schuldhulp").await;
    let mut phone = Phone::open(&app, &token(&mine)).await;
    assert_eq!(phone.next().await.unwrap()["position"], AHEAD);
    // Changes that do not touch my status send nothing at all.
    for _ in 0..5 {
        app.issue(&staff, "huur").await;
    }
    // Everyone ahead is called in one burst: the phone gets a few coalesced messages, each
    // current, the last one saying nobody is ahead any more.
    for _ in 0..AHEAD {
        assert_eq!(app.call_next(&staff, kamer2).await.status(), 200);
    }
    let mut messages = 0;
    loop {
        let s = phone.next().await.unwrap();
        messages += 1;
        assert_eq!(s["state"], "waiting");
        if s["position"] == 0 {
            break;
        }
    }
    assert!(
        messages < AHEAD,
        "{messages} messages for {AHEAD} calls: bursts are coalesced"
    );
}

both!(leaving_frees_the_place_and_the_queue_moves);
async fn leaving_frees_the_place_and_the_queue_moves(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let kamer2 = app.desk_id(&staff, "Spreekkamer 2").await;
    let display = app.device("display").await;
    let a = app.issue(&staff, "schuldhulp").await;
    let b_ = app.issue(&staff, "schuldhulp").await;
    let c = app.issue(&staff, "schuldhulp").await;
    let (mut screen, snap) = app.ws_with_snapshot(&display).await;
    assert_eq!(snap.kind, ClientKind::Display);
    let mut desk = app.ws(&staff).await;
    next_frame(&mut desk).await;
    let mut c_phone = Phone::open(&app, &token(&c)).await;
    assert_eq!(c_phone.next().await.unwrap()["position"], 2);

    // B leaves from the phone, without any login.
    let r = leave(&app, &token(&b_)).await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        (
            body["state"].as_str(),
            body["left"].as_bool(),
            body["already"].as_bool()
        ),
        (Some("cancelled"), Some(true), Some(false))
    );
    assert_eq!(body["number"], "S002");

    // The waiting room, the desks and the phones behind B all move up at once.
    let waiting = |services: &[onthaal_wire::ServiceInfo]| {
        services
            .iter()
            .find(|s| s.key == "schuldhulp")
            .unwrap()
            .waiting
    };
    match next_frame(&mut screen).await {
        ServerFrame::Update {
            event,
            ticket,
            services,
            ..
        } => {
            assert_eq!(event, "left");
            assert!(ticket.is_none(), "displays get figures, not tickets");
            assert_eq!(waiting(&services), 2);
        }
        other => panic!("expected an update, got {other:?}"),
    }
    match next_frame(&mut desk).await {
        ServerFrame::Update { event, ticket, .. } => {
            assert_eq!(event, "left");
            let t = ticket.unwrap();
            assert_eq!((t.number.as_str(), t.state.as_str()), ("S002", "cancelled"));
        }
        other => panic!("expected an update, got {other:?}"),
    }
    assert_eq!(c_phone.next().await.unwrap()["position"], 1);
    assert_eq!(status_of(&app, &token(&c)).await["position"], 1);

    // A second press changes nothing and says so; a reload still says "you left".
    let r = leave(&app, &token(&b_)).await;
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        (body["left"].as_bool(), body["already"].as_bool()),
        (Some(true), Some(true))
    );
    let s = status_of(&app, &token(&b_)).await;
    assert_eq!(
        (s["state"].as_str(), s["left"].as_bool()),
        (Some("cancelled"), Some(true))
    );
    // The event log records that the visitor left (not a staff cancel).
    let kinds: Vec<String> =
        sqlx::query_scalar::<_, String>("SELECT kind FROM events WHERE ticket_id = $1 ORDER BY id")
            .bind(b_["id"].as_i64().unwrap())
            .fetch_all(app.running.as_ref().unwrap().store.pool())
            .await
            .unwrap();
    assert_eq!(kinds, ["issued", "left"]);

    // Called but not yet being helped: the visitor may still leave.
    app.call_next(&staff, kamer2).await;
    let r = leave(&app, &token(&a)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["state"], "cancelled");

    // Once the visit has started, or ended, leaving is refused.
    let r = app.call_next(&staff, kamer2).await;
    assert_eq!(r.json::<Value>().await.unwrap()["id"], c["id"]);
    let cid = c["id"].as_i64().unwrap();
    app.act(&staff, cid, "start").await;
    let r = leave(&app, &token(&c)).await;
    assert_eq!(r.status(), 409);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "visit_started");
    app.act(&staff, cid, "finish").await;
    let r = leave(&app, &token(&c)).await;
    assert_eq!(r.status(), 409);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "visit_ended");
    assert_eq!(status_of(&app, &token(&c)).await["state"], "done");

    // An unknown token is a 404 everywhere, with the JSON error body.
    let unknown = "abcdefghjkmnpqrstuvw";
    for r in [
        app.http
            .get(app.url(&format!("/api/v1/status/{unknown}")))
            .send()
            .await
            .unwrap(),
        app.http
            .get(app.url(&format!("/api/v1/status/{unknown}/events")))
            .send()
            .await
            .unwrap(),
        leave(&app, unknown).await,
        leave(&app, "not-even-a-token").await,
    ] {
        assert_eq!(r.status(), 404);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["code"], "not_found");
    }
    let r = app
        .http
        .get(app.url(&format!("/s/{unknown}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

both!(the_public_status_endpoints_are_rate_limited_per_address);
async fn the_public_status_endpoints_are_rate_limited_per_address(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let t = app.issue(&staff, "permanentie").await;
    let max = onthaal_server::http::status::STATUS_LIMIT[0].max;
    // Probing tokens counts as much as asking about one's own.
    for i in 0..max {
        let path = if i % 2 == 0 {
            format!("/api/v1/status/{}", token(&t))
        } else {
            format!("/api/v1/status/{:0>20}", i)
        };
        let r = app.http.get(app.url(&path)).send().await.unwrap();
        assert_ne!(r.status(), 429, "request {i} is within the limit");
    }
    for r in [
        app.http
            .get(app.url(&format!("/api/v1/status/{}", token(&t))))
            .send()
            .await
            .unwrap(),
        app.http
            .get(app.url(&format!("/api/v1/status/{}/events", token(&t))))
            .send()
            .await
            .unwrap(),
        leave(&app, &token(&t)).await,
    ] {
        assert_eq!(r.status(), 429);
        assert!(r.headers().contains_key("retry-after"));
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["code"], "too_many_requests");
    }
    let r = app
        .http
        .get(app.url(&format!("/s/{}", token(&t))))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    // The refused "leave" did nothing; staff are not limited.
    let r = app
        .get(&staff, &format!("/api/v1/tickets/{}", t["id"]))
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["state"], "waiting");
    // Once the window has passed, the phone is answered again.
    app.clock.advance(chrono::Duration::seconds(61));
    assert_eq!(status_of(&app, &token(&t)).await["state"], "waiting");
}

both!(behind_a_local_proxy_each_phone_has_its_own_status_budget);
async fn behind_a_local_proxy_each_phone_has_its_own_status_budget(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let t = app.issue(&staff, "permanentie").await;
    let max = onthaal_server::http::status::STATUS_LIMIT[0].max;
    // nginx on the same machine (a loopback peer) appends each phone's address.
    let ask = |phone: &'static str| {
        app.http
            .get(app.url(&format!("/api/v1/status/{}", token(&t))))
            .header("x-forwarded-for", phone)
            .send()
    };
    for i in 0..max {
        assert_eq!(
            ask("198.51.100.1").await.unwrap().status(),
            200,
            "request {i}"
        );
    }
    assert_eq!(ask("198.51.100.1").await.unwrap().status(), 429);
    // Another phone in the same waiting room is answered; the proxy's own entry is the last.
    assert_eq!(ask("198.51.100.2").await.unwrap().status(), 200);
    assert_eq!(
        ask("203.0.113.9, 198.51.100.3").await.unwrap().status(),
        200,
        "the last X-Forwarded-For entry counts"
    );
}

both!(no_personal_data_ever_reaches_the_phone);
async fn no_personal_data_ever_reaches_the_phone(b: Backend) {
    let tag = format!("Q{}X", rand::random::<u32>());
    // Staff names come from accounts; every account has a marked name.
    let (config, mut secrets) = demo_config_with_marked_staff(&tag);
    let Some(app) = spawn_app_with(b, config, default_now()).await else {
        return;
    };
    let staff = app.reception().await;
    let social_worker = app.login("mw.peeters", "peeters").await;
    let peeters = app.marked_staff_id(&staff, "An Peeters").await;
    let loket1 = app.desk_id(&staff, "Loket 1").await;
    let kamer1 = app.desk_id(&staff, "Spreekkamer 1").await;

    // An appointment with a marker in every contact field, checked in: its ticket is followed
    // on a phone too.
    let contact = json!({
        "name": format!("Naam{tag}Afspraak"),
        "phone": format!("0470 {} {}", 900_000 + rand::random::<u32>() % 99_999, 71),
        "email": format!("mail{tag}@example.org"),
    });
    let start = (default_now() + chrono::Duration::minutes(5)).to_rfc3339();
    let r = app
        .post(
            &staff,
            "/api/v1/appointments",
            json!({"service": "afspraak", "start": start, "duration_min": 30, "contact": contact}),
        )
        .await;
    let status = r.status();
    let booked: Value = r.json().await.unwrap();
    assert_eq!(status, 201, "appointment: {booked}");
    for field in ["name", "phone", "email"] {
        secrets.push(contact[field].as_str().unwrap().to_string());
    }
    let r = app
        .post(&staff, "/api/v1/check-in", json!({"code": booked["code"]}))
        .await;
    assert_eq!(r.status(), 201, "check-in");
    let appt: Value = r.json().await.unwrap();

    let walk_in = app.issue(&staff, "id-team").await;
    let mut phones = vec![
        Phone::open(&app, &token(&walk_in)).await,
        Phone::open(&app, &token(&appt)).await,
    ];
    for p in &mut phones {
        p.next().await.unwrap();
    }

    // Called at the loket, transferred to a named social worker with an internal reason,
    // called by her to her room, helped; the appointment called and helped too.
    let r = app.call_next(&staff, loket1).await;
    assert_eq!(r.json::<Value>().await.unwrap()["id"], walk_in["id"]);
    let reason = format!("Reden {tag}R: schulden bij de huisbaas");
    secrets.push(reason.clone());
    let r = app
        .act_with(
            &staff,
            &walk_in["id"],
            "transfer",
            json!({"service": "permanentie", "staff": peeters, "reason": reason}),
        )
        .await;
    assert_eq!(r.status(), 200, "transfer");
    // The appointment's slot has come.
    app.clock.advance(chrono::Duration::minutes(5));
    let mut seen = Vec::new();
    for _ in 0..2 {
        let r = app.call_next(&social_worker, kamer1).await;
        assert_eq!(r.status(), 200);
        let called: Value = r.json().await.unwrap();
        seen.push(called["id"].clone());
        for action in ["start", "finish"] {
            let r = app
                .act(&social_worker, called["id"].as_i64().unwrap(), action)
                .await;
            assert_eq!(r.status(), 200, "{action}");
        }
    }
    seen.sort_by_key(|v| v.as_i64());
    assert!(seen.contains(&walk_in["id"]) && seen.contains(&appt["id"]));

    let mut everything = String::new();
    for p in &mut phones {
        let mut states = Vec::new();
        while let Some(s) = p.next().await {
            states.push(s["state"].as_str().unwrap().to_string());
        }
        assert_eq!(
            states.last().map(String::as_str),
            Some("done"),
            "{states:?}"
        );
        everything.push_str(&p.raw);
    }
    for t in [&walk_in, &appt] {
        everything.push_str(&status_of(&app, &token(t)).await.to_string());
        let page = app
            .http
            .get(app.url(&format!("/s/{}", token(t))))
            .send()
            .await
            .unwrap();
        everything.push_str(&page.text().await.unwrap());
    }
    assert!(
        everything.contains("event: status"),
        "the streams were read"
    );
    for secret in &secrets {
        assert!(
            !everything.contains(secret.as_str()),
            "{secret} reached a visitor's phone"
        );
    }
}
