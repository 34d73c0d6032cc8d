//! Bad input gets a clear 4xx with the JSON error body, and nothing is written.

use onthaal_tests::{spawn_app_with_reception, Backend, TestApp};
use serde_json::{json, Value};
use sqlx::Row;

async fn counts(app: &TestApp) -> (i64, i64) {
    let pool = app.running.as_ref().unwrap().store.pool().clone();
    let t: i64 = sqlx::query("SELECT COUNT(*) FROM tickets")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    let e: i64 = sqlx::query("SELECT COUNT(*) FROM events")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    (t, e)
}

async fn expect(r: reqwest::Response, status: u16, code: &str) {
    assert_eq!(r.status().as_u16(), status, "expected {status} {code}");
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(!body["error"]["message"].as_str().unwrap().is_empty());
}

both!(bad_requests_are_refused_clearly_and_change_nothing);
async fn bad_requests_are_refused_clearly_and_change_nothing(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let t = app.issue(&staff, "id-team").await;
    let id = t["id"].as_i64().unwrap();
    let before = counts(&app).await;
    let post_raw = |path: &str, body: &'static str, ct: Option<&'static str>| {
        let mut r = app.http.post(app.url(path)).bearer_auth(&staff).body(body);
        if let Some(ct) = ct {
            r = r.header("content-type", ct);
        }
        r.send()
    };
    let json_ct = Some("application/json");
    let transfer = format!("/api/v1/tickets/{id}/transfer");
    let (call, finish) = (
        format!("/api/v1/tickets/{id}/call"),
        format!("/api/v1/tickets/{id}/finish"),
    );
    // Well-formed JSON that the API refuses: (path, body, status, code).
    #[rustfmt::skip]
    let refused = [
        ("/api/v1/tickets", json!({"service": "nope"}), 422, "unknown_service"),
        ("/api/v1/tickets/abc/start", json!({}), 400, "invalid_path"),
        ("/api/v1/tickets/999999/start", json!({}), 404, "not_found"),
        ("/api/v1/desks/999999/call-next", json!({}), 404, "not_found"),
        (transfer.as_str(), json!({}), 422, "empty_transfer"),
        (transfer.as_str(), json!({"service": "nope"}), 422, "unknown_service"),
        (transfer.as_str(), json!({"desk": 999999}), 422, "unknown_desk"),
        (transfer.as_str(), json!({"staff": 999999}), 422, "unknown_staff"),
        (transfer.as_str(), json!({"service": "huur", "reason": "x".repeat(300)}), 422, "invalid_reason"),
        (call.as_str(), json!({"desk": 999999}), 404, "not_found"),
        (finish.as_str(), json!({}), 409, "invalid_transition"),
    ];
    for (path, body, status, code) in refused {
        expect(app.post(&staff, path, body).await, status, code).await;
    }
    // Bodies that are not what the API reads: (body, content type, status, code).
    #[rustfmt::skip]
    let unreadable = [
        ("{\"service\": ", json_ct, 400, "malformed_json"),
        ("{\"service\": 12}", json_ct, 422, "invalid_body"),
        ("{}", json_ct, 422, "invalid_body"),
        ("{\"service\": \"id-team\", \"lang\": \"xx\"}", json_ct, 422, "invalid_body"),
        ("{\"service\": \"id-team\"}", None, 415, "unsupported_media_type"),
    ];
    for (body, content_type, status, code) in unreadable {
        let r = post_raw("/api/v1/tickets", body, content_type)
            .await
            .unwrap();
        expect(r, status, code).await;
    }
    let huge = format!("{{\"service\": \"{}\"}}", "x".repeat(200_000));
    let r = app
        .http
        .post(app.url("/api/v1/tickets"))
        .bearer_auth(&staff)
        .header("content-type", "application/json")
        // The server answers 413 before reading the whole body and drops the connection; the
        // next request must not be sent on it.
        .header("connection", "close")
        .body(huge)
        .send()
        .await
        .unwrap();
    expect(r, 413, "body_too_large").await;
    let r = app
        .http
        .post(app.url("/api/v1/tickets"))
        .bearer_auth(&staff)
        .header("Idempotency-Key", "k".repeat(101))
        .json(&json!({"service": "id-team"}))
        .send()
        .await
        .unwrap();
    expect(r, 400, "invalid_idempotency_key").await;
    let r = app
        .http
        .post(app.url("/api/v1/check-in"))
        .bearer_auth(&staff)
        .header("Idempotency-Key", "")
        .json(&json!({"code": "ABCDEF"}))
        .send()
        .await
        .unwrap();
    expect(r, 400, "invalid_idempotency_key").await;
    for authorization in ["Bearer not-a-token", "Basic abc"] {
        let r = app
            .http
            .post(app.url("/api/v1/tickets"))
            .header("authorization", authorization)
            .json(&json!({"service": "id-team"}))
            .send()
            .await
            .unwrap();
        expect(r, 401, "unauthorized").await;
    }
    #[rustfmt::skip]
    let unknown = [
        (reqwest::Method::GET, "/api/v1/nothing-here", 404, "not_found"),
        (reqwest::Method::DELETE, "/api/v1/services", 405, "method_not_allowed"),
        (reqwest::Method::GET, "/api/v1/services?location=elsewhere", 404, "not_found"),
    ];
    for (method, path, status, code) in unknown {
        let r = app
            .http
            .request(method, app.url(path))
            .send()
            .await
            .unwrap();
        expect(r, status, code).await;
    }
    let r = app
        .post(
            "x",
            "/api/v1/auth/login",
            json!({"username": "", "password": ""}),
        )
        .await;
    expect(r, 400, "invalid_credentials").await;
    assert_eq!(
        counts(&app).await,
        before,
        "a refused request wrote nothing"
    );
    // And the ticket is still waiting, untouched.
    let t2: Value = app.read(&staff, &format!("/api/v1/tickets/{id}")).await;
    assert_eq!(t2["state"], "waiting");
    assert_eq!(t2["service"], "id-team");
}
