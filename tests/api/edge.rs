//! What every request and answer gets at the edge, whatever handler serves it: control
//! characters refused, query-string errors in the JSON error body, bounded numbers and
//! languages, security headers on pages and no caching of API answers, and a staff member's
//! `Idempotency-Key` honoured.

use onthaal_tests::{spawn_app_with_admin, spawn_app_with_reception, Backend};
use serde_json::{json, Value};

/// Asserts the JSON error body with `status` and `code`.
async fn expect(r: reqwest::Response, status: u16, code: &str, what: &str) {
    assert_eq!(r.status().as_u16(), status, "{what}");
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{what}: not JSON"
    );
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{what}: {body}");
    assert!(!body["error"]["message"].as_str().unwrap().is_empty());
}

both!(control_characters_are_refused_in_bodies_queries_and_paths);
async fn control_characters_are_refused_in_bodies_queries_and_paths(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    // A JSON body, without a token: the login form (PostgreSQL cannot even look a NUL up).
    let login = app.login_request("onth\u{0}aal", "x").await;
    expect(login, 422, "invalid_text", "NUL in a login").await;
    // The public booking form, its name field.
    let booking = app
        .http
        .post(app.url("/api/v1/public/appointments"))
        .json(
            &json!({"service": "schuldhulp", "start": "2026-11-25T10:00:00+01:00",
                      "name": "Marie\u{0}", "email": "marie@example.be", "lang": "nl",
                      "consent": true}),
        )
        .send()
        .await
        .unwrap();
    expect(booking, 422, "invalid_text", "NUL in a booking").await;
    // A contact name nested in a staff booking, an escape character in a category.
    let r = app
        .post(
            &staff,
            "/api/v1/appointments",
            json!({"service": "afspraak", "start": "2026-11-25T10:00:00+01:00",
                   "contact": {"name": "Client\u{0}Een", "phone": "0470 12 34 56"}}),
        )
        .await;
    expect(r, 422, "invalid_text", "NUL in a contact name").await;
    let r = app
        .post(
            &staff,
            "/api/v1/help-requests",
            json!({"service": "permanentie", "category": "leefloon\u{1b}"}),
        )
        .await;
    expect(r, 422, "invalid_text", "ESC in a category").await;
    // In an array and in a key too.
    let r = app
        .post(
            &staff,
            "/api/v1/help-requests",
            json!({"service": "permanentie", "category": "leefloon", "documents": ["a", "\u{7f}"]}),
        )
        .await;
    expect(r, 422, "invalid_text", "DEL in a document").await;
    let r = app
        .post(
            &staff,
            "/api/v1/tickets",
            json!({"service": "id-team", "x\u{0}": 1}),
        )
        .await;
    expect(r, 422, "invalid_text", "NUL in a key").await;
    // Query strings and path segments, percent-encoded.
    for path in [
        "/api/v1/services?location=centrum%00",
        "/api/v1/appointments?date=2026-11-25%0A",
        "/api/v1/help-requests?location=%1F",
        "/api/v1/status/abc%00def",
        "/api/v1/tickets/1%00",
    ] {
        expect(app.get(&staff, path).await, 422, "invalid_text", path).await;
    }
    // Nothing was written: no appointment, no help request.
    let day: Value = app
        .read(&staff, "/api/v1/appointments?date=2026-11-25")
        .await;
    assert_eq!(day, json!([]));
    let requests: Value = app.read(&staff, "/api/v1/help-requests").await;
    assert_eq!(requests.as_array().unwrap().len(), 0, "{requests}");
    // Line breaks and tabs are text a note or a document may hold.
    let r = app
        .post(
            &staff,
            "/api/v1/help-requests",
            json!({"service": "permanentie", "category": "leefloon",
                   "documents": ["Huurcontract\nblad 1 en 2", "Loonbrief\tjuni"]}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
}

both!(query_string_errors_come_back_as_the_json_error_body);
async fn query_string_errors_come_back_as_the_json_error_body(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let staff = app.reception().await;
    let peeters = app.staff_id(&staff, "An Peeters").await;
    for (token, path) in [
        (&staff, "/api/v1/appointments?staff=abc".to_string()),
        (&admin, "/api/v1/audit?from=yesterday".to_string()),
        (&admin, "/api/v1/audit?limit=many".to_string()),
        (&staff, "/api/v1/help-requests?from=2026-13-45".to_string()),
        (
            &staff,
            format!("/api/v1/staff/{peeters}/calendar?from=1&from=2"),
        ),
    ] {
        expect(app.get(token, &path).await, 422, "invalid_query", &path).await;
    }
}

both!(out_of_range_numbers_and_languages_are_refused);
async fn out_of_range_numbers_and_languages_are_refused(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let staff = app.reception().await;
    for limit in ["0", "5001", "1118483", "-1"] {
        let path = format!("/api/v1/audit?limit={limit}");
        let r = app.get(&admin, &path).await;
        expect(r, 422, "invalid_limit", &path).await;
    }
    assert_eq!(
        app.get(&admin, "/api/v1/audit?limit=5000").await.status(),
        200
    );
    // The public pages' languages are the kiosk's six.
    for path in [
        "/api/v1/public/services?lang=AAA",
        "/api/v1/public/slots?service=schuldhulp&lang=xx",
    ] {
        let r = app.http.get(app.url(path)).send().await.unwrap();
        expect(r, 422, "invalid_query", path).await;
    }
    let r = app
        .http
        .get(app.url("/api/v1/public/services?lang=uk"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .post(
            &staff,
            "/api/v1/tickets",
            json!({"service": "id-team", "lang": "AAA"}),
        )
        .await;
    expect(r, 422, "invalid_body", "a ticket in language AAA").await;
    // An appointment's length far past what a time can hold is refused like any other.
    let r = app
        .post(
            &staff,
            "/api/v1/appointments",
            json!({"service": "afspraak", "start": "2026-11-25T10:00:00+01:00",
                   "duration_min": i64::MAX}),
        )
        .await;
    expect(r, 422, "invalid_duration", "an endless appointment").await;
}

both!(pages_and_answers_carry_their_security_headers);
async fn pages_and_answers_carry_their_security_headers(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let staff = app.reception().await;
    let ticket = app.issue(&staff, "id-team").await;

    // The visitor's status page: strict CSP (no inline script or style), never framed, no
    // referrer sent on (its address holds the token), never stored.
    let page = app
        .http
        .get(app.url(&format!("/s/{}", ticket["status_token"].as_str().unwrap())))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let h = page.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    // Every script is a file or a data block; every style is a file.
    assert!(!html.contains("<script>"), "inline script left");
    assert!(!html.contains("<style"), "inline style left");
    assert!(html.contains(r#"<script type="module" src="/s/status.js">"#));
    for (asset, ty) in [
        ("/s/status.js", "text/javascript"),
        ("/s/status.css", "text/css"),
        ("/web/common.js", "text/javascript"),
    ] {
        let r = app.http.get(app.url(asset)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{asset}");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with(ty));
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    }

    // The other pages are never framed either.
    for path in ["/", "/dashboard", "/book"] {
        let r = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let csp = r.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff", "{path}");
    }

    // Answers holding personal data are never stored by a browser or a proxy.
    let peeters = app.staff_id(&staff, "An Peeters").await;
    let booked: Value = app
        .post(
            &staff,
            "/api/v1/appointments",
            json!({"service": "afspraak", "staff": peeters,
                   "start": "2026-11-25T10:00:00+01:00",
                   "contact": {"name": "Client Een", "phone": "0470 12 34 56"}}),
        )
        .await
        .json()
        .await
        .unwrap();
    let appointment = booked["id"].as_i64().expect("booked");
    for (token, path) in [
        (&staff, format!("/api/v1/appointments/{appointment}")),
        (&staff, "/api/v1/appointments?date=2026-11-25".to_string()),
        (
            &staff,
            format!("/api/v1/staff/{peeters}/calendar?from=2026-11-25"),
        ),
        (&staff, "/api/v1/help-requests".to_string()),
        (&staff, "/api/v1/help-requests.csv".to_string()),
        (&admin, "/api/v1/audit".to_string()),
        (&staff, "/api/v1/auth/me".to_string()),
        (&staff, "/api/v1/nothing-here".to_string()),
    ] {
        let r = app.get(token, &path).await;
        let h = r.headers();
        assert_eq!(h["cache-control"], "no-store", "{path}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
    }
}

both!(a_staff_retry_with_the_same_idempotency_key_gets_the_same_ticket);
async fn a_staff_retry_with_the_same_idempotency_key_gets_the_same_ticket(b: Backend) {
    let Some((app, reception)) = spawn_app_with_reception(b).await else {
        return;
    };
    let colleague = app.login("mw.peeters", "peeters").await;
    let kiosk = app.device("kiosk").await;
    let issue = |token: &str, key: &str| {
        app.http
            .post(app.url("/api/v1/tickets"))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(&json!({"service": "id-team"}))
            .send()
    };
    let first = issue(&reception, "click-1").await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    // The retry after a lost answer: the same ticket, 200, nothing new in the queue.
    let again = issue(&reception, "click-1").await.unwrap();
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(
        (&again["id"], &again["number"]),
        (&first["id"], &first["number"])
    );
    // Another click, a colleague's key of the same text and a kiosk's: each a ticket of its own.
    let mut ids = vec![first["id"].clone()];
    for (token, key) in [
        (&reception, "click-2"),
        (&colleague, "click-1"),
        (&kiosk, "click-1"),
    ] {
        let r = issue(token, key).await.unwrap();
        assert_eq!(r.status(), 201, "{key}");
        let t: Value = r.json().await.unwrap();
        assert!(!ids.contains(&t["id"]), "{key}: {t}");
        ids.push(t["id"].clone());
    }
    // The kiosk's and the colleague's retries find theirs too.
    let r = issue(&colleague, "click-1").await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["id"], ids[2]);
    let r = issue(&kiosk, "click-1").await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["id"], ids[3]);
}
