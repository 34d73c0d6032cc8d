//! Online booking by citizens (no login): bookable services in the citizen's language, free
//! slots that say nothing about other bookings, booking with channel `online`, the manage
//! token's read, cancel and move, the slot taken meanwhile, every refusal with its code and a
//! message in the citizen's language, and the limits per contact and per client address.
//!
//! The server's clock is Tuesday 24 November 2026, 10:00 in Brussels. In the demo, debt help
//! (`schuldhulp`) is bookable, with the two social workers (08:30–12:00, 13:00–17:00 on
//! weekdays) and one spreekkamer (Spreekkamer 2); housing support (`huur`) is bookable too,
//! with Karim Janssens alone (An Peeters does not take it) and Spreekkamer 3. Tests send
//! `X-Forwarded-For` from the loopback peer to stand for different citizens' addresses.

use onthaal_tests::{error_code, spawn_app, status_and_json, texts, Backend, TestApp};
use serde_json::{json, Value};
use sqlx::Row;

/// Checks a refusal's status and error code; its message, for a check of its wording.
fn refusal(status: u16, body: &Value, want: u16, code: &str) -> String {
    assert_eq!((status, error_code(body)), (want, Some(code)), "{body}");
    body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

pub(crate) async fn public_get(app: &TestApp, path: &str) -> (u16, Value) {
    status_and_json(app.http.get(app.url(path)).send().await.unwrap()).await
}

/// Books from the client address `ip`.
async fn book_from(app: &TestApp, ip: &str, body: Value) -> (u16, Value) {
    status_and_json(
        app.http
            .post(app.url("/api/v1/public/appointments"))
            .header("X-Forwarded-For", ip)
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

fn form(start: &str, name: &str, email: &str) -> Value {
    json!({"service": "schuldhulp", "start": start, "name": name, "email": email,
           "lang": "nl", "consent": true})
}

async fn public_post(app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    status_and_json(
        app.http
            .post(app.url(path))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// The staff view of a day's appointments.
async fn staff_day(app: &TestApp, date: &str) -> Vec<Value> {
    let reception = app.reception().await;
    let day: Value = app
        .read(&reception, &format!("/api/v1/appointments?date={date}"))
        .await;
    day.as_array().unwrap().clone()
}

/// The slots' start times, as `HH:MM`.
fn starts(slots: &Value) -> Vec<String> {
    texts(slots, "start")
        .into_iter()
        .map(|start| start[11..16].to_string())
        .collect()
}

both!(book_read_move_and_cancel_online);
async fn book_read_move_and_cancel_online(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    // Services in the citizen's language (query or browser), only the bookable ones.
    let (status, cat) = public_get(&app, "/api/v1/public/services?lang=fr").await;
    assert_eq!(status, 200, "{cat}");
    let keys: Vec<&str> = cat["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["schuldhulp", "huur"]);
    assert_eq!(cat["services"][0]["name"], "Aide aux dettes");
    assert_eq!(cat["location"]["name"], "Sociaal Huis Demostad");
    assert_eq!(cat["staff"].as_array().unwrap().len(), 2);
    let r = app
        .http
        .get(app.url("/api/v1/public/services"))
        .header("Accept-Language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(
        status_and_json(r).await.1["services"][0]["name"],
        "Debt help"
    );

    // Wednesday: the workers' hours on the 30-minute grid.
    let (status, slots) = public_get(
        &app,
        "/api/v1/public/slots?service=schuldhulp&from=2026-11-25&to=2026-11-25",
    )
    .await;
    assert_eq!(status, 200, "{slots}");
    let s = starts(&slots);
    assert_eq!(s.len(), 7 + 8, "{s:?}");
    assert_eq!((s[0].as_str(), s[14].as_str()), ("08:30", "16:30"));
    // Today: only what is still to come (it is 10:00).
    let (_, today) = public_get(&app, "/api/v1/public/slots?service=schuldhulp").await;
    assert_eq!(starts(&today)[0], "10:30");

    let (status, a) = book_from(
        &app,
        "198.51.100.1",
        json!({"service": "schuldhulp", "start": "2026-11-25T09:00:00+01:00",
               "name": "Marie Dubois", "email": "marie@example.be", "phone": "0470 12 34 56",
               "lang": "fr", "consent": true}),
    )
    .await;
    assert_eq!(status, 201, "{a}");
    let code = a["code"].as_str().unwrap().to_string();
    let token = a["manage_token"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 6);
    assert!(token.len() >= 20 && token.bytes().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(
        a["manage_url"],
        format!("https://onthaal.example/book/{token}")
    );
    assert_eq!(a["start"], "2026-11-25T09:00:00+01:00");
    assert_eq!(a["service_name"], "Aide aux dettes");
    assert_eq!(a["room"], "Spreekkamer 2");
    assert_eq!(a["state"], "booked");
    assert_eq!(a["can_change"], true);
    // The public view holds nothing personal: no contact, no social worker.
    let text = a.to_string();
    assert!(!text.contains("Marie") && !text.contains("marie@") && !text.contains("Peeters"));

    // Staff see it booked online, with a social worker, the room and the contact.
    let day = staff_day(&app, "2026-11-25").await;
    assert_eq!(day.len(), 1);
    assert_eq!(day[0]["code"], code.as_str());
    assert_eq!(day[0]["channel"], "online");
    assert_eq!(day[0]["lang"], "fr");
    assert!(day[0]["staff"].is_i64());
    assert_eq!(day[0]["desk"]["name"], "Spreekkamer 2");
    assert_eq!(day[0]["contact"]["email"], "marie@example.be");
    assert_eq!(day[0]["manage_token"], token.as_str());
    // The link (as in a reminder, without ?lang=) opens the page in the booking's language.
    let html = app
        .http
        .get(app.url(&format!("/book/{token}")))
        .header("Accept-Language", "nl-BE")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"fr\">"), "{html}");
    let worker = day[0]["staff"].clone();

    // The manage token reads it; the QR carries the code.
    let (status, again) = public_get(&app, &format!("/api/v1/public/appointments/{token}")).await;
    assert_eq!((status, again["code"].as_str()), (200, Some(code.as_str())));
    let r = app
        .http
        .get(app.url(&format!("/book/{token}/qr.svg")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    assert!(r.text().await.unwrap().starts_with("<svg"));
    assert_eq!(
        public_get(&app, "/api/v1/public/appointments/AAAAAAAAAAAAAAAAAAAAAAAA")
            .await
            .0,
        404
    );

    // Moving: the same worker's and room's free times; its own time is not offered.
    let (status, free) = public_get(
        &app,
        &format!("/api/v1/public/appointments/{token}/slots?from=2026-11-25&to=2026-11-25"),
    )
    .await;
    assert_eq!(status, 200, "{free}");
    let f = starts(&free);
    assert!(f.contains(&"10:00".to_string()) && !f.contains(&"09:00".to_string()));
    let (status, moved) = public_post(
        &app,
        &format!("/api/v1/public/appointments/{token}/move"),
        json!({"start": "2026-11-25T10:00:00+01:00"}),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["start"], "2026-11-25T10:00:00+01:00");
    assert_eq!(moved["code"], code.as_str());
    let day = staff_day(&app, "2026-11-25").await;
    assert_eq!(day[0]["staff"], worker, "the same social worker");
    // Off the grid: refused, in French.
    let (status, e) = public_post(
        &app,
        &format!("/api/v1/public/appointments/{token}/move"),
        json!({"start": "2026-11-25T10:10:00+01:00", "lang": "fr"}),
    )
    .await;
    assert!(refusal(status, &e, 422, "invalid_start").contains("heure"));

    // 1 client = 1 social worker: the same contact booking again gets the same worker, even
    // though the other one has fewer appointments that day.
    let (status, second) = book_from(
        &app,
        "198.51.100.2",
        form(
            "2026-11-25T14:00:00+01:00",
            "Marie Dubois",
            "MARIE@example.be",
        ),
    )
    .await;
    assert_eq!(status, 201, "{second}");
    let day = staff_day(&app, "2026-11-25").await;
    assert_eq!(day.len(), 2);
    assert!(day.iter().all(|a| a["staff"] == worker), "{day:?}");

    // Cancelling frees the slot; a second cancel is refused.
    let (status, c) = public_post(
        &app,
        &format!("/api/v1/public/appointments/{token}/cancel"),
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{c}");
    assert_eq!(
        (c["state"].as_str(), c["can_change"].as_bool()),
        (Some("cancelled"), Some(false))
    );
    let (_, slots) = public_get(
        &app,
        "/api/v1/public/slots?service=schuldhulp&from=2026-11-25&to=2026-11-25",
    )
    .await;
    assert!(starts(&slots).contains(&"10:00".to_string()));
    let (status, e) = public_post(
        &app,
        &format!("/api/v1/public/appointments/{token}/cancel?lang=nl"),
        json!({}),
    )
    .await;
    assert!(refusal(status, &e, 409, "invalid_transition").contains("afspraak"));

    // Staff bookings get a manage token too (the reminder e-mail links to it).
    let reception = app.reception().await;
    let r = app
        .post(
            &reception,
            "/api/v1/appointments",
            json!({"service": "afspraak", "start": "2026-11-26T09:00:00+01:00"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let staff_booked: Value = r.json().await.unwrap();
    let staff_token = staff_booked["manage_token"].as_str().unwrap();
    // Its link moves it too (no social worker named: within the service's hours).
    let (status, moved) = public_post(
        &app,
        &format!("/api/v1/public/appointments/{staff_token}/move"),
        json!({"start": "2026-11-26T09:30:00+01:00"}),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    assert_eq!(moved["code"], staff_booked["code"]);
    // A citizen who names their own social worker gets that one (and that one's times).
    let karim = cat["staff"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Karim Janssens")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (status, slots) = public_get(
        &app,
        &format!("/api/v1/public/slots?service=huur&staff={karim}&from=2026-11-27&to=2026-11-27"),
    )
    .await;
    assert_eq!((status, starts(&slots).len()), (200, 15));
    let mut mine = form("2026-11-27T13:00:00+01:00", "Piet", "piet@example.be");
    mine["service"] = json!("huur");
    mine["staff"] = json!(karim);
    let (status, e) = book_from(&app, "198.51.100.3", mine).await;
    assert_eq!(status, 201, "{e}");
    assert_eq!(staff_day(&app, "2026-11-27").await[0]["staff"], karim);
    let pool = app.running.as_ref().unwrap().store.pool();
    let rows = sqlx::query("SELECT manage_token FROM appointments")
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(rows.len(), 4);
    let tokens: std::collections::HashSet<String> = rows
        .iter()
        .map(|r| r.try_get::<String, _>(0).unwrap())
        .collect();
    assert_eq!(tokens.len(), 4);
    assert!(tokens.iter().all(|t| t.len() >= 20));
}

both!(a_slot_taken_meanwhile_is_refused_once);
async fn a_slot_taken_meanwhile_is_refused_once(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    // Two citizens press "book" for the same time at once: two workers are free, but the
    // service has one room, so one booking and one slot_taken.
    let start = "2026-11-25T11:00:00+01:00";
    let (x, y) = tokio::join!(
        book_from(&app, "198.51.100.1", form(start, "Een", "een@example.be")),
        book_from(&app, "198.51.100.2", form(start, "Twee", "twee@example.be")),
    );
    let mut statuses = [x.0, y.0];
    statuses.sort();
    assert_eq!(statuses, [201, 409], "{x:?} {y:?}");
    let refused = if x.0 == 409 { &x.1 } else { &y.1 };
    assert_eq!(refused["error"]["code"], "slot_taken");
    assert!(refused["error"]["message"]
        .as_str()
        .unwrap()
        .contains("ander uur"));
    assert_eq!(staff_day(&app, "2026-11-25").await.len(), 1);
    // The fresh slots no longer offer it.
    let (_, slots) = public_get(
        &app,
        "/api/v1/public/slots?service=schuldhulp&from=2026-11-25&to=2026-11-25",
    )
    .await;
    assert!(!starts(&slots).contains(&"11:00".to_string()));
    // A staff booking of that social worker's time blocks online booking too.
    let reception = app.reception().await;
    let staff: Value = app.read(&reception, "/api/v1/staff").await;
    for s in staff.as_array().unwrap() {
        let id = s["id"].as_i64().unwrap();
        let _ = app
            .post(
                &reception,
                "/api/v1/appointments",
                json!({"service": "afspraak", "staff": id, "start": "2026-11-25T15:00:00+01:00"}),
            )
            .await;
    }
    let (status, e) = book_from(
        &app,
        "198.51.100.3",
        form("2026-11-25T15:00:00+01:00", "Drie", "drie@example.be"),
    )
    .await;
    refusal(status, &e, 409, "slot_taken");
}

both!(bad_online_bookings_are_refused_with_a_reason);
async fn bad_online_bookings_are_refused_with_a_reason(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let wed = "2026-11-25T09:30:00+01:00";
    let cases = [
        (json!({"service": "nope"}), 422, "unknown_service"),
        (json!({"service": "id-team"}), 422, "not_bookable"),
        (
            json!({"start": "2026-11-24T09:00:00+01:00"}),
            422,
            "in_past",
        ),
        (
            json!({"start": "2026-11-25T09:10:00+01:00"}),
            422,
            "invalid_start",
        ),
        (
            json!({"start": "2026-11-25T19:00:00+01:00"}),
            422,
            "staff_unavailable",
        ),
        (
            json!({"start": "2026-11-28T10:00:00+01:00"}),
            422,
            "staff_unavailable",
        ),
        (json!({"email": "marie@example"}), 400, "invalid_email"),
        (json!({"email": "", "phone": "12"}), 400, "invalid_phone"),
        (json!({"email": null}), 400, "missing_contact"),
        (json!({"name": "  "}), 400, "missing_name"),
        (json!({"consent": false}), 400, "consent_required"),
        (json!({"staff": 999}), 422, "unknown_staff"),
    ];
    for (i, (patch, status, code)) in cases.into_iter().enumerate() {
        let mut body = form(wed, "Marie", "marie@example.be");
        body["lang"] = json!("fr");
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (s, e) = book_from(&app, &format!("198.51.100.{i}"), body.clone()).await;
        assert_eq!((s, error_code(&e)), (status, Some(code)), "{body}: {e}");
        // Every refusal a citizen can meet is phrased in their language.
        let m = e["error"]["message"].as_str().unwrap();
        assert!(
            ["é", "è", "à", "ç", "Indiquez", "Donnez"]
                .iter()
                .any(|w| m.contains(w)),
            "{code}: {m}"
        );
    }
    // Malformed requests and bad ranges.
    let r = app
        .http
        .post(app.url("/api/v1/public/appointments"))
        .json(&json!({"service": "schuldhulp", "start": "tomorrow"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    for (path, status, code) in [
        ("/api/v1/public/slots", 400, "unknown_service"),
        ("/api/v1/public/slots?service=nope", 422, "unknown_service"),
        // A language the page does not know falls back, it is no error.
        (
            "/api/v1/public/slots?service=nope&lang=fr",
            422,
            "unknown_service",
        ),
        // A language the booking page does not speak is refused, not quietly replaced.
        (
            "/api/v1/public/slots?service=schuldhulp&lang=de",
            422,
            "invalid_query",
        ),
        ("/api/v1/public/slots?service=id-team", 422, "not_bookable"),
        (
            "/api/v1/public/slots?service=schuldhulp&from=2026-13-01",
            400,
            "invalid_date",
        ),
        (
            "/api/v1/public/slots?service=schuldhulp&from=2026-11-25&to=2027-01-25",
            400,
            "invalid_range",
        ),
        ("/api/v1/public/appointments/short", 404, "not_found"),
    ] {
        let (s, e) = public_get(&app, path).await;
        assert_eq!((s, error_code(&e)), (status, Some(code)), "{path}");
    }
    // Nothing was half-booked.
    assert!(staff_day(&app, "2026-11-25").await.is_empty());
}

both!(limits_per_contact_and_per_address);
async fn limits_per_contact_and_per_address(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    // Per contact: two open online bookings, whatever way the e-mail address or the phone
    // number is written; a cancelled one frees room.
    let (s1, first) = book_from(
        &app,
        "198.51.100.1",
        form("2026-11-25T09:00:00+01:00", "Jan", "jan@example.be"),
    )
    .await;
    let mut by_phone = form("2026-11-25T09:30:00+01:00", "Jan", "");
    by_phone["phone"] = json!("0470 12 34 56");
    let (s2, _) = book_from(&app, "198.51.100.2", by_phone).await;
    assert_eq!((s1, s2), (201, 201));
    let (s3, _) = book_from(
        &app,
        "198.51.100.3",
        form("2026-11-25T10:00:00+01:00", "Jan", "jan.other@example.be"),
    )
    .await;
    assert_eq!(s3, 201, "another contact is not limited");
    let mut again = form("2026-11-25T10:30:00+01:00", "Jan", " JAN@Example.be ");
    again["phone"] = json!("+32 470 12 34 56");
    let (status, e) = book_from(&app, "198.51.100.4", again).await;
    assert!(refusal(status, &e, 409, "contact_limit").contains("e-mailadres"));
    // The phone number alone has one open booking: room for one more, then no more.
    let mut phone_only = form("2026-11-25T10:30:00+01:00", "Jan", "");
    phone_only["phone"] = json!("0032 470/12.34.56");
    let (status, e) = book_from(&app, "198.51.100.5", phone_only.clone()).await;
    assert_eq!(status, 201, "{e}");
    phone_only["phone"] = json!("+32470123456");
    phone_only["start"] = json!("2026-11-25T11:00:00+01:00");
    let (status, e) = book_from(&app, "198.51.100.6", phone_only).await;
    refusal(status, &e, 409, "contact_limit");
    let token = first["manage_token"].as_str().unwrap();
    let (status, _) = public_post(
        &app,
        &format!("/api/v1/public/appointments/{token}/cancel"),
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, e) = book_from(
        &app,
        "198.51.100.7",
        form("2026-11-25T11:00:00+01:00", "Jan", "JAN@example.be"),
    )
    .await;
    assert_eq!(status, 201, "{e}");

    // Per address: three bookings in ten minutes; refusals that booked nothing do not count.
    let ip = "203.0.113.9";
    let (s, _) = book_from(
        &app,
        ip,
        form("2026-11-20T09:00:00+01:00", "A", "a@example.be"),
    )
    .await;
    assert_eq!(s, 422, "in the past");
    for (i, t) in ["13:00", "13:30", "14:00"].iter().enumerate() {
        let (s, e) = book_from(
            &app,
            ip,
            form(
                &format!("2026-11-26T{t}:00+01:00"),
                "A",
                &format!("a{i}@example.be"),
            ),
        )
        .await;
        assert_eq!(s, 201, "{e}");
    }
    let r = app
        .http
        .post(app.url("/api/v1/public/appointments"))
        .header("X-Forwarded-For", format!("192.0.2.1, {ip}"))
        .json(&form("2026-11-26T14:30:00+01:00", "A", "a9@example.be"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "too_many_bookings");
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Probeer later"));
    // Another address still books; ten minutes later this one does again.
    let (s, _) = book_from(
        &app,
        "203.0.113.10",
        form("2026-11-26T14:30:00+01:00", "B", "b@example.be"),
    )
    .await;
    assert_eq!(s, 201);
    app.clock.advance(chrono::Duration::minutes(10));
    let (s, e) = book_from(
        &app,
        ip,
        form("2026-11-26T15:00:00+01:00", "A", "a9@example.be"),
    )
    .await;
    assert_eq!(s, 201, "{e}");
}

both!(free_slots_reveal_nobody);
async fn free_slots_reveal_nobody(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let mut body = form(
        "2026-11-25T09:00:00+01:00",
        "Geheime Naam",
        "geheim@example.be",
    );
    body["phone"] = json!("0499 11 22 33");
    let (s, _) = book_from(&app, "198.51.100.1", body).await;
    assert_eq!(s, 201);
    let reception = app.reception().await;
    let staff: Value = app.read(&reception, "/api/v1/staff").await;
    for path in [
        "/api/v1/public/slots?service=schuldhulp&from=2026-11-25&to=2026-11-26",
        "/api/v1/public/slots?service=huur&from=2026-11-25&to=2026-11-26",
    ] {
        let r = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let text = r.text().await.unwrap();
        for secret in ["Geheim", "geheim", "0499", "Spreekkamer"] {
            assert!(!text.contains(secret), "{secret} in {path}");
        }
        for s in staff.as_array().unwrap() {
            assert!(!text.contains(s["name"].as_str().unwrap()));
        }
        let slots: Value = serde_json::from_str(&text).unwrap();
        for s in slots.as_array().unwrap() {
            let mut keys: Vec<&String> = s.as_object().unwrap().keys().collect();
            keys.sort();
            assert_eq!(keys, ["end", "start"]);
        }
    }
}

both!(online_bookings_keep_to_the_services_social_workers);
async fn online_bookings_keep_to_the_services_social_workers(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    // The catalogue says which bookable services each social worker takes.
    let (_, cat) = public_get(&app, "/api/v1/public/services").await;
    let worker = |name: &str| {
        cat["staff"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {cat}"))
            .clone()
    };
    assert_eq!(worker("An Peeters")["services"], json!(["schuldhulp"]));
    assert_eq!(
        worker("Karim Janssens")["services"],
        json!(["schuldhulp", "huur"])
    );
    let peeters = worker("An Peeters")["id"].as_i64().unwrap();
    let karim = worker("Karim Janssens")["id"].as_i64().unwrap();

    // Karim has a desk appointment at 08:30 on Wednesday. Housing support is his alone, so
    // 08:30 is not free for it, though An is free then (and is for debt help).
    let reception = app.reception().await;
    let r = app
        .post(
            &reception,
            "/api/v1/appointments",
            json!({"service": "afspraak", "staff": karim, "start": "2026-11-25T08:30:00+01:00"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let wed = "from=2026-11-25&to=2026-11-25";
    let (_, huur) = public_get(&app, &format!("/api/v1/public/slots?service=huur&{wed}")).await;
    let huur = starts(&huur);
    assert_eq!((huur[0].as_str(), huur.len()), ("09:00", 6 + 8), "{huur:?}");
    let (_, debt) = public_get(
        &app,
        &format!("/api/v1/public/slots?service=schuldhulp&{wed}"),
    )
    .await;
    assert_eq!(starts(&debt)[0], "08:30");

    // No preference: housing support goes to Karim every time, though An has fewer
    // appointments that day (the least busy worker would be her) ...
    let mut tokens = Vec::new();
    for (i, t) in ["09:00", "13:00"].iter().enumerate() {
        let mut body = form(
            &format!("2026-11-25T{t}:00+01:00"),
            "Client",
            &format!("client{i}@example.be"),
        );
        body["service"] = json!("huur");
        let (s, a) = book_from(&app, &format!("198.51.100.{}", 10 + i), body).await;
        assert_eq!(s, 201, "{a}");
        tokens.push(a["manage_token"].as_str().unwrap().to_string());
    }
    // ... and even when the same contact saw An before, for debt help (1 client = 1 social
    // worker holds within a service's own workers).
    let mut debt_help = form("2026-11-25T10:00:00+01:00", "Marie", "marie@example.be");
    debt_help["staff"] = json!(peeters);
    let (s, a) = book_from(&app, "198.51.100.20", debt_help).await;
    assert_eq!(s, 201, "{a}");
    let mut housing = form("2026-11-25T10:00:00+01:00", "Marie", "marie@example.be");
    housing["service"] = json!("huur");
    let (s, a) = book_from(&app, "198.51.100.21", housing).await;
    assert_eq!(s, 201, "{a}");
    let day = staff_day(&app, "2026-11-25").await;
    let staff_of = |service: &str| -> Vec<Value> {
        day.iter()
            .filter(|a| a["service"] == service)
            .map(|a| a["staff"].clone())
            .collect()
    };
    assert_eq!(staff_of("huur"), vec![json!(karim); 3], "{day:?}");
    assert_eq!(staff_of("schuldhulp"), [json!(peeters)], "{day:?}");

    // Naming a social worker who does not take the service: refused, in the citizen's words.
    let (s, e) = public_get(
        &app,
        &format!("/api/v1/public/slots?service=huur&staff={peeters}&{wed}&lang=fr"),
    )
    .await;
    assert!(refusal(s, &e, 422, "staff_not_for_service").contains("ne s'occupe pas de ce service"));
    let mut named = form("2026-11-25T14:00:00+01:00", "Piet", "piet@example.be");
    named["service"] = json!("huur");
    named["staff"] = json!(peeters);
    let (s, e) = book_from(&app, "198.51.100.30", named).await;
    assert!(refusal(s, &e, 422, "staff_not_for_service").contains("helpt niet bij deze dienst"));
    assert_eq!(
        staff_day(&app, "2026-11-25").await.len(),
        5,
        "nothing booked"
    );

    // Moving keeps to Karim: his free times only (not 08:30, when only An is free).
    let token = &tokens[0];
    let (status, free) = public_get(
        &app,
        &format!("/api/v1/public/appointments/{token}/slots?{wed}"),
    )
    .await;
    assert_eq!(status, 200, "{free}");
    let f = starts(&free);
    for taken in ["08:30", "09:00", "10:00", "13:00"] {
        assert!(!f.contains(&taken.to_string()), "{taken} in {f:?}");
    }
    assert!(f.contains(&"14:00".to_string()), "{f:?}");
    let (status, moved) = public_post(
        &app,
        &format!("/api/v1/public/appointments/{token}/move"),
        json!({"start": "2026-11-25T14:00:00+01:00"}),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    let day = staff_day(&app, "2026-11-25").await;
    let moved = day.iter().find(|a| a["manage_token"] == token.as_str());
    assert_eq!(moved.unwrap()["staff"], karim);
}

/// The public routes (declared in `http/booking.rs`, not in `http/mod.rs`) are in the OpenAPI
/// document too; the page and its assets are not API.
#[test]
fn the_public_routes_are_in_the_openapi_document() {
    let doc: Value =
        serde_json::from_str(include_str!("../../server/src/http/openapi.json")).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let src = include_str!("../../server/src/http/booking.rs");
    let mut seen = 0;
    for line in src.lines().map(str::trim) {
        let Some(path) = line
            .strip_prefix(".route(\"")
            .or_else(|| line.strip_prefix('"').filter(|_| line.ends_with("\",")))
            .and_then(|rest| rest.split('"').next())
        else {
            continue;
        };
        let full = if path.starts_with("/public/") {
            format!("/api/v1{path}")
        } else if path.ends_with(".svg") {
            path.to_string()
        } else {
            continue;
        };
        seen += 1;
        assert!(paths.contains_key(&full), "{full} is not in openapi.json");
    }
    assert_eq!(seen, 8);
}

// A service without a translation is shown in Dutch, and says so: the page marks the name and
// the description with the language they are in, for screen readers.
both!(untranslated_service_texts_say_they_are_dutch);
async fn untranslated_service_texts_say_they_are_dutch(b: Backend) {
    let mut config = onthaal_server::config::Config::demo();
    let debt = config.locations[0]
        .services
        .iter_mut()
        .find(|s| s.key == "schuldhulp")
        .unwrap();
    debt.names.remove("uk");
    debt.descriptions.remove("uk");
    let Some(app) = onthaal_tests::spawn_app_with(b, config, onthaal_tests::default_now()).await
    else {
        return;
    };
    let (status, cat) = public_get(&app, "/api/v1/public/services?lang=uk").await;
    assert_eq!(status, 200, "{cat}");
    let [debt, housing] = [0, 1].map(|i| cat["services"][i].clone());
    assert_eq!(debt["name"], "Schuldhulpverlening");
    assert_eq!(debt["name_lang"], "nl");
    assert_eq!(debt["description"], "Schulden, facturen, budget.");
    assert_eq!(debt["description_lang"], "nl");
    assert_eq!(housing["name"], "Допомога з житлом");
    assert_eq!(housing["name_lang"], "uk");
    assert_eq!(housing["description_lang"], "uk");

    let mut body = form(
        "2026-11-25T09:00:00+01:00",
        "Olena Kovalenko",
        "olena@example.be",
    );
    body["lang"] = json!("uk");
    let (status, a) = book_from(&app, "198.51.100.7", body).await;
    assert_eq!(status, 201, "{a}");
    assert_eq!(a["service_name"], "Schuldhulpverlening");
    assert_eq!(a["service_name_lang"], "nl");
}

both!(booking_follows_the_social_workers_hours_and_the_holidays);
/// Only social workers with hours are offered, public holidays take no appointments (though the
/// demo's walk-in services are open then), and a reminder is promised only with a mail server.
async fn booking_follows_the_social_workers_hours_and_the_holidays(b: Backend) {
    let text = format!(
        "{}\n[[staff]]\nusername = \"mw.zonder-uren\"\nname = \"Mira Zonder Uren\"\n\
         roles = [\"social_worker\"]\nservices = [\"schuldhulp\"]\n",
        onthaal_server::config::DEMO_TOML
    );
    let config = onthaal_server::config::Config::parse_demo(&text, "test").unwrap();
    let Some(app) = onthaal_tests::spawn_app_with(b, config, onthaal_tests::default_now()).await
    else {
        return;
    };
    let (_, cat) = public_get(&app, "/api/v1/public/services").await;
    let names: Vec<&str> = cat["staff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["An Peeters", "Karim Janssens"], "{cat}");
    assert_eq!(cat["email_reminders"], false, "the demo has no mail server");

    // Not bookable at the desk either, at whatever hour.
    let mira = sqlx::query("SELECT id FROM staff WHERE username = 'mw.zonder-uren'")
        .fetch_one(app.running.as_ref().unwrap().store.pool())
        .await
        .unwrap()
        .get::<i64, _>(0);
    let reception = app.reception().await;
    for at in ["2026-11-26T00:30:00+01:00", "2026-11-26T10:00:00+01:00"] {
        let r = app
            .post(
                &reception,
                "/api/v1/appointments",
                json!({"service": "schuldhulp", "staff": mira, "start": at}),
            )
            .await;
        let (s, body) = status_and_json(r).await;
        assert_eq!(s, 422, "{at}: {body}");
    }
    let (s, body) = public_get(
        &app,
        &format!(
            "/api/v1/public/slots?service=schuldhulp&staff={mira}&from=2026-11-26&to=2026-11-26"
        ),
    )
    .await;
    refusal(s, &body, 422, "unknown_staff");

    // Christmas Day (a Friday) takes no appointments; the day before does.
    let day = |d: &str| format!("/api/v1/public/slots?service=schuldhulp&from={d}&to={d}");
    let (s, christmas) = public_get(&app, &day("2026-12-25")).await;
    assert_eq!(
        (s, christmas.as_array().map(Vec::len)),
        (200, Some(0)),
        "{christmas}"
    );
    let (_, eve) = public_get(&app, &day("2026-12-24")).await;
    assert!(!eve.as_array().unwrap().is_empty(), "{eve}");
    let (s, body) = book_from(
        &app,
        "198.51.100.77",
        form("2026-12-25T10:00:00+01:00", "Client", "client@example.be"),
    )
    .await;
    assert_eq!(s, 422, "{body}");
    let r = app
        .post(
            &reception,
            "/api/v1/appointments",
            json!({"service": "schuldhulp", "start": "2026-12-25T10:00:00+01:00"}),
        )
        .await;
    let (s, body) = status_and_json(r).await;
    assert_eq!((s, error_code(&body)), (422, Some("holiday")), "{body}");
}
