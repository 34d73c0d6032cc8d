//! Who may do what: every role and device kind against every endpoint.

use onthaal_server::config::Config;
use onthaal_tests::{spawn_app_with, Backend, ADMIN_PASSWORD};
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Who {
    Nobody,
    BadToken,
    Kiosk,
    Display,
    Reception,
    SocialWorker,
    Manager,
    Admin,
}

const ALL: [Who; 8] = [
    Who::Nobody,
    Who::BadToken,
    Who::Kiosk,
    Who::Display,
    Who::Reception,
    Who::SocialWorker,
    Who::Manager,
    Who::Admin,
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_auth_matrix() {
    let Some(app) = spawn_app_with(
        Backend::Sqlite,
        Config::demo(),
        onthaal_tests::default_now(),
    )
    .await
    else {
        return;
    };
    let mut tokens = std::collections::HashMap::new();
    tokens.insert(Who::Kiosk, app.device("kiosk").await);
    tokens.insert(Who::Display, app.device("display").await);
    tokens.insert(Who::Reception, app.login("onthaal", "onthaal").await);
    tokens.insert(Who::SocialWorker, app.login("mw.peeters", "peeters").await);
    tokens.insert(Who::Manager, app.login("diensthoofd", "diensthoofd").await);
    tokens.insert(Who::Admin, app.login("admin", ADMIN_PASSWORD).await);
    tokens.insert(Who::BadToken, "f".repeat(64));
    let reception = tokens[&Who::Reception].clone();
    let desk = app.desk_id(&reception, "Loket 1").await;

    use Who::*;
    let desk_workers = [Reception, SocialWorker, Admin];
    let staff = [Reception, SocialWorker, Manager, Admin];
    // (method, path builder, body, who gets a 2xx)
    type Case = (&'static str, &'static str, Value, Vec<Who>);
    let cases: Vec<Case> = vec![
        ("GET", "/api/v1/services", json!(null), ALL.to_vec()),
        ("GET", "/api/v1/openapi.json", json!(null), ALL.to_vec()),
        (
            "POST",
            "/api/v1/tickets",
            json!({"service": "id-team"}),
            [&[Kiosk][..], &desk_workers[..]].concat(),
        ),
        ("GET", "/api/v1/desks", json!(null), staff.to_vec()),
        ("GET", "/api/v1/staff", json!(null), staff.to_vec()),
        (
            "POST",
            "/api/v1/desks/{desk}/call-next",
            json!({}),
            desk_workers.to_vec(),
        ),
        (
            "GET",
            "/api/v1/tickets/{ticket}",
            json!(null),
            desk_workers.to_vec(),
        ),
        (
            "POST",
            "/api/v1/tickets/{ticket}/call",
            json!({"desk": desk}),
            desk_workers.to_vec(),
        ),
        (
            "POST",
            "/api/v1/tickets/{ticket}/recall",
            json!({}),
            desk_workers.to_vec(),
        ),
        (
            "POST",
            "/api/v1/tickets/{ticket}/start",
            json!({}),
            desk_workers.to_vec(),
        ),
        (
            "POST",
            "/api/v1/tickets/{ticket}/transfer",
            json!({"service": "huur"}),
            desk_workers.to_vec(),
        ),
        (
            "POST",
            "/api/v1/tickets/{ticket}/no-show",
            json!({}),
            desk_workers.to_vec(),
        ),
        (
            "POST",
            "/api/v1/tickets/{ticket}/cancel",
            json!({}),
            desk_workers.to_vec(),
        ),
        (
            "GET",
            "/api/v1/auth/me",
            json!(null),
            [&[Kiosk, Display][..], &staff[..]].concat(),
        ),
    ];
    for (method, path, body, allowed) in cases {
        for who in ALL {
            // A fresh ticket in the right state for every attempt, so a refusal is about rights.
            let t = app.issue(&reception, "id-team").await;
            let id = t["id"].as_i64().unwrap();
            if path.ends_with("/recall") || path.ends_with("/start") || path.ends_with("/no-show") {
                app.post(
                    &reception,
                    &format!("/api/v1/tickets/{id}/call"),
                    json!({"desk": desk}),
                )
                .await;
            }
            let url = app.url(
                &path
                    .replace("{desk}", &desk.to_string())
                    .replace("{ticket}", &id.to_string()),
            );
            let mut req = match method {
                "GET" => app.http.get(&url),
                _ => app.http.post(&url).json(&body),
            };
            if let Some(tok) = tokens.get(&who) {
                req = req.bearer_auth(tok);
            }
            let r = req.send().await.unwrap();
            let status = r.status().as_u16();
            let expected_ok = allowed.contains(&who);
            if expected_ok {
                assert!(
                    (200..300).contains(&status),
                    "{who:?} {method} {path}: {status} {}",
                    r.text().await.unwrap()
                );
            } else {
                let want = if matches!(who, Nobody | BadToken) {
                    401
                } else {
                    403
                };
                assert_eq!(status, want, "{who:?} {method} {path}");
                let e: Value = r.json().await.unwrap();
                assert!(
                    e["error"]["code"].is_string() && e["error"]["message"].is_string(),
                    "{e}"
                );
            }
        }
    }
}

#[tokio::test]
async fn login_logout_and_expiry() {
    let Some(app) = spawn_app_with(
        Backend::Sqlite,
        Config::demo(),
        onthaal_tests::default_now(),
    )
    .await
    else {
        return;
    };
    let r = app
        .post(
            "x",
            "/api/v1/auth/login",
            json!({"username": "onthaal", "password": "wrong"}),
        )
        .await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "invalid_credentials"
    );
    let r = app
        .post(
            "x",
            "/api/v1/auth/login",
            json!({"username": "nobody", "password": "x"}),
        )
        .await;
    assert_eq!(r.status(), 401);
    let r = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "onthaal", "password": "onthaal"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("HttpOnly"));
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["staff"]["roles"], json!(["reception", "id_team"]));
    let token = body["token"].as_str().unwrap().to_string();
    assert_eq!(app.get(&token, "/api/v1/desks").await.status(), 200);
    // The session cookie works as well as the header.
    let r = app
        .http
        .get(app.url("/api/v1/desks"))
        .header("cookie", format!("onthaal_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Sessions expire after a working day.
    app.clock.advance(chrono::Duration::hours(13));
    assert_eq!(app.get(&token, "/api/v1/desks").await.status(), 401);
    let token = app.reception().await;
    assert_eq!(
        app.post(&token, "/api/v1/auth/logout", json!({}))
            .await
            .status(),
        204
    );
    assert_eq!(app.get(&token, "/api/v1/desks").await.status(), 401);
}

async fn who_am_i(app: &onthaal_tests::TestApp, token: &str) -> Value {
    app.get(token, "/api/v1/auth/me")
        .await
        .json()
        .await
        .unwrap()
}

both!(me_tells_the_session_end_and_sockets_close_with_the_session);
async fn me_tells_the_session_end_and_sockets_close_with_the_session(b: Backend) {
    let Some(app) = spawn_app_with(b, Config::demo(), onthaal_tests::default_now()).await else {
        return;
    };
    let r = app
        .http
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "onthaal", "password": "onthaal"}))
        .send()
        .await
        .unwrap();
    let login: Value = r.json().await.unwrap();
    let token = login["token"].as_str().unwrap().to_string();
    let me = who_am_i(&app, &token).await;
    assert_eq!(me["kind"], "staff");
    assert_eq!(me["expires_at"], login["expires_at"], "{me}");
    assert!(me["expires_at"]
        .as_str()
        .unwrap()
        .starts_with("2026-11-24T21:00:00"));

    // Logout closes this session's sockets at once, and only this session's.
    let other = app.login("mw.peeters", "peeters").await;
    let mut mine = app.ws(&token).await;
    let mut theirs = app.ws(&other).await;
    assert!(matches!(
        onthaal_tests::next_frame(&mut mine).await,
        onthaal_wire::ServerFrame::Snapshot(_)
    ));
    assert!(matches!(
        onthaal_tests::next_frame(&mut theirs).await,
        onthaal_wire::ServerFrame::Snapshot(_)
    ));
    let r = app.post(&token, "/api/v1/auth/logout", json!({})).await;
    assert_eq!(r.status(), 204);
    assert_eq!(
        onthaal_tests::close_code(&mut mine, std::time::Duration::from_secs(10)).await,
        Some(4401)
    );
    // The other session still gets frames.
    let reception = app.reception().await;
    app.issue(&reception, "id-team").await;
    assert!(matches!(
        onthaal_tests::next_frame(&mut theirs).await,
        onthaal_wire::ServerFrame::Update { .. }
    ));

    // When a session expires, its sockets are closed too.
    app.clock.advance(chrono::Duration::hours(13));
    assert_eq!(
        onthaal_tests::close_code(&mut theirs, std::time::Duration::from_secs(10)).await,
        Some(4401)
    );
    // A device's /me has no session end.
    let kiosk = app.device("kiosk").await;
    let me = who_am_i(&app, &kiosk).await;
    assert_eq!(me["kind"], "kiosk");
    assert!(me.get("expires_at").is_none());
}

// Started without an admin password, the server makes one up on a fresh database and shows it
// once (its hash is computed beside the configuration's accounts'); it logs in. A later start
// on the same database makes none and keeps the account.
both!(a_generated_admin_password_is_shown_once_and_logs_in);
async fn a_generated_admin_password_is_shown_once_and_logs_in(b: Backend) {
    let Some(database_url) = onthaal_tests::fresh_database(b).await else {
        return;
    };
    let start = || {
        onthaal_server::app::start(onthaal_server::app::Settings {
            bind: "127.0.0.1:0".parse().unwrap(),
            database_url: database_url.clone(),
            config: Config::demo(),
            public_url: None,
            admin_password: None,
            clock: std::sync::Arc::new(onthaal_server::clock::ManualClock::new(
                onthaal_tests::default_now(),
            )),
            kiosk_ticket_limit: Vec::new(),
        })
    };
    let login = |addr: std::net::SocketAddr, password: String| async move {
        reqwest::Client::new()
            .post(format!("http://{addr}/api/v1/auth/login"))
            .json(&json!({"username": "admin", "password": password}))
            .send()
            .await
            .unwrap()
            .status()
    };
    let first = start().await.expect("server starts");
    let password = first
        .generated_admin_password
        .clone()
        .expect("a password is made up on a fresh database");
    assert_eq!(password.len(), 16);
    assert_eq!(login(first.addr, password.clone()).await, 200);
    first.stop().await;

    let second = start().await.expect("server starts again");
    assert_eq!(second.generated_admin_password, None);
    assert_eq!(login(second.addr, password).await, 200);
    second.stop().await;
}
