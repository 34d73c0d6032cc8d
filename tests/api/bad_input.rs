//! Bad input gets a clear 4xx with the JSON error body, and nothing is written.

use onthaal_tests::{spawn_app, Backend, TestApp};
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
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let staff = app.reception().await;
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
    expect(
        app.post(&staff, "/api/v1/tickets", json!({"service": "nope"}))
            .await,
        422,
        "unknown_service",
    )
    .await;
    expect(
        post_raw("/api/v1/tickets", "{\"service\": ", json_ct)
            .await
            .unwrap(),
        400,
        "malformed_json",
    )
    .await;
    expect(
        post_raw("/api/v1/tickets", "{\"service\": 12}", json_ct)
            .await
            .unwrap(),
        422,
        "invalid_body",
    )
    .await;
    expect(
        post_raw("/api/v1/tickets", "{}", json_ct).await.unwrap(),
        422,
        "invalid_body",
    )
    .await;
    expect(
        post_raw(
            "/api/v1/tickets",
            "{\"service\": \"id-team\", \"lang\": \"xx\"}",
            json_ct,
        )
        .await
        .unwrap(),
        422,
        "invalid_body",
    )
    .await;
    expect(
        post_raw("/api/v1/tickets", "{\"service\": \"id-team\"}", None)
            .await
            .unwrap(),
        415,
        "unsupported_media_type",
    )
    .await;
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
    expect(
        app.post(&staff, "/api/v1/tickets/abc/start", json!({}))
            .await,
        400,
        "invalid_path",
    )
    .await;
    expect(
        app.post(&staff, "/api/v1/tickets/999999/start", json!({}))
            .await,
        404,
        "not_found",
    )
    .await;
    expect(
        app.post(&staff, "/api/v1/desks/999999/call-next", json!({}))
            .await,
        404,
        "not_found",
    )
    .await;
    expect(app.act(&staff, id, "transfer").await, 422, "empty_transfer").await;
    expect(
        app.post(
            &staff,
            &format!("/api/v1/tickets/{id}/transfer"),
            json!({"service": "nope"}),
        )
        .await,
        422,
        "unknown_service",
    )
    .await;
    expect(
        app.post(
            &staff,
            &format!("/api/v1/tickets/{id}/transfer"),
            json!({"desk": 999999}),
        )
        .await,
        422,
        "unknown_desk",
    )
    .await;
    expect(
        app.post(
            &staff,
            &format!("/api/v1/tickets/{id}/transfer"),
            json!({"staff": 999999}),
        )
        .await,
        422,
        "unknown_staff",
    )
    .await;
    expect(
        app.post(
            &staff,
            &format!("/api/v1/tickets/{id}/transfer"),
            json!({"service": "huur", "reason": "x".repeat(300)}),
        )
        .await,
        422,
        "invalid_reason",
    )
    .await;
    expect(
        app.post(
            &staff,
            &format!("/api/v1/tickets/{id}/call"),
            json!({"desk": 999999}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    expect(
        app.act(&staff, id, "finish").await,
        409,
        "invalid_transition",
    )
    .await;
    expect(
        app.http
            .post(app.url("/api/v1/tickets"))
            .bearer_auth("not-a-token")
            .json(&json!({"service": "id-team"}))
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    expect(
        app.http
            .post(app.url("/api/v1/tickets"))
            .header("authorization", "Basic abc")
            .json(&json!({"service": "id-team"}))
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    expect(
        app.http
            .get(app.url("/api/v1/nothing-here"))
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
    expect(
        app.http
            .delete(app.url("/api/v1/services"))
            .send()
            .await
            .unwrap(),
        405,
        "method_not_allowed",
    )
    .await;
    expect(
        app.http
            .get(app.url("/api/v1/services?location=elsewhere"))
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
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
    let t2: Value = app
        .get(&staff, &format!("/api/v1/tickets/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t2["state"], "waiting");
    assert_eq!(t2["service"], "id-team");
}
