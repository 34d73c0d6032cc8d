//! Who may do what: every role and device kind against every endpoint.

use onthaal_server::config::Config;
use onthaal_tests::{error_code, spawn_app, Backend};
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
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let mut tokens = std::collections::HashMap::new();
    tokens.insert(Who::Kiosk, app.device("kiosk").await);
    tokens.insert(Who::Display, app.device("display").await);
    tokens.insert(Who::Reception, app.login("onthaal", "onthaal").await);
    tokens.insert(Who::SocialWorker, app.login("mw.peeters", "peeters").await);
    tokens.insert(Who::Manager, app.login("diensthoofd", "diensthoofd").await);
    tokens.insert(Who::Admin, app.admin().await);
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
                app.act_with(&reception, id, "call", json!({"desk": desk}))
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
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    // `post` always sends a bearer token: "x" is not one.
    let attempt = |username: &str, password: &str| {
        let body = json!({"username": username, "password": password});
        app.post("x", "/api/v1/auth/login", body)
    };
    let r = attempt("onthaal", "wrong").await;
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "invalid_credentials"
    );
    assert_eq!(attempt("nobody", "x").await.status(), 401);
    let r = app.login_request("onthaal", "onthaal").await;
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
    assert_eq!(app.logout(&token).await.status(), 204);
    assert_eq!(app.get(&token, "/api/v1/desks").await.status(), 401);
}

async fn who_am_i(app: &onthaal_tests::TestApp, token: &str) -> Value {
    app.read(token, "/api/v1/auth/me").await
}

both!(me_tells_the_session_end_and_sockets_close_with_the_session);
async fn me_tells_the_session_end_and_sockets_close_with_the_session(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let r = app.login_request("onthaal", "onthaal").await;
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
    let r = app.logout(&token).await;
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
// once (its hash is computed beside the configuration's accounts'); it logs in, and must be
// changed first. A later start on the same database makes none and keeps the account.
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
            tls: None,
        })
    };
    let login = |addr: std::net::SocketAddr, password: String| async move {
        let r = reqwest::Client::new()
            .post(format!("http://{addr}/api/v1/auth/login"))
            .json(&json!({"username": "admin", "password": password}))
            .send()
            .await
            .unwrap();
        let status = r.status();
        let body: Value = r.json().await.unwrap();
        (status, body["must_change_password"].clone())
    };
    let first = start().await.expect("server starts");
    let password = first
        .generated_admin_password
        .clone()
        .expect("a password is made up on a fresh database");
    assert_eq!(password.len(), 16);
    // It was printed to the server's output: a one-time password, to be changed first.
    assert_eq!(
        login(first.addr, password.clone()).await,
        (reqwest::StatusCode::OK, json!(true))
    );
    first.stop().await;

    let second = start().await.expect("server starts again");
    assert_eq!(second.generated_admin_password, None);
    assert_eq!(login(second.addr, password).await.0, 200);
    second.stop().await;
}

/// A login attempt's status, `Retry-After` and error body.
async fn try_login(
    app: &onthaal_tests::TestApp,
    username: &str,
    password: &str,
    from: &str,
) -> (u16, Option<String>, Value) {
    let r = app
        .http
        .post(app.url("/api/v1/auth/login"))
        // The test server sees every client at 127.0.0.1, so it takes the proxy's word for
        // the address (as it does only for loopback peers).
        .header("x-forwarded-for", from)
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let retry = r
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (status, retry, r.json().await.unwrap())
}

fn hashes_done(app: &onthaal_tests::TestApp) -> usize {
    app.running.as_ref().unwrap().store.hashing().hashes_done()
}

// OWASP ASVS 2.2: after five wrong passwords an account waits 1 s, then 2 s, 4 s …, also on
// another server instance; while it waits not even the right password is checked (no hash is
// computed); a success starts the count again; every wait is in the audit log. A username
// without an account is answered exactly the same way.
both!(wrong_passwords_make_an_account_wait_longer_each_time);
async fn wrong_passwords_make_an_account_wait_longer_each_time(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let other = app.another_instance().await;
    let ip = "192.0.2.10";
    for _ in 0..5 {
        let (s, _, body) = try_login(&app, "onthaal", "geraden", ip).await;
        assert_eq!((s, error_code(&body)), (401, Some("invalid_credentials")));
    }
    let hashed = hashes_done(&app);
    let (s, retry, body) = try_login(&app, "onthaal", "geraden", ip).await;
    assert_eq!((s, retry.as_deref()), (429, Some("1")), "{body}");
    assert_eq!(body["error"]["code"], "too_many_attempts");
    assert_eq!(
        body["error"]["message"],
        "Te veel mislukte pogingen om aan te melden. Wacht 1 seconde en probeer dan opnieuw."
    );
    // The right password is refused too, on this instance and on the other one.
    let (s, _, _) = try_login(&app, "onthaal", "onthaal", ip).await;
    assert_eq!(s, 429);
    let (s, _, _) = try_login(&other, "onthaal", "onthaal", ip).await;
    assert_eq!(s, 429);
    assert_eq!(
        hashes_done(&app),
        hashed,
        "a throttled attempt is not checked"
    );

    // The wait doubles with each further wrong password.
    app.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(try_login(&other, "onthaal", "geraden", ip).await.0, 401);
    let (s, retry, body) = try_login(&app, "onthaal", "onthaal", ip).await;
    assert_eq!((s, retry.as_deref()), (429, Some("2")), "{body}");
    app.clock.advance(chrono::Duration::seconds(2));
    assert_eq!(try_login(&app, "onthaal", "geraden", ip).await.0, 401);
    let (s, retry, body) = try_login(&app, "onthaal", "onthaal", ip).await;
    assert_eq!((s, retry.as_deref()), (429, Some("4")), "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Wacht 4 seconden"));

    // After the wait the right password works, and the count starts again.
    app.clock.advance(chrono::Duration::seconds(4));
    assert_eq!(try_login(&app, "onthaal", "onthaal", ip).await.0, 200);
    for _ in 0..5 {
        assert_eq!(try_login(&app, "onthaal", "geraden", ip).await.0, 401);
    }
    assert_eq!(try_login(&app, "onthaal", "onthaal", ip).await.0, 429);

    // A username without an account: the same answers, so they tell nothing.
    for _ in 0..5 {
        assert_eq!(try_login(&app, "niemand", "geraden", ip).await.0, 401);
    }
    let (s, retry, body) = try_login(&app, "niemand", "geraden", ip).await;
    assert_eq!((s, retry.as_deref()), (429, Some("1")), "{body}");
    assert_eq!(body["error"]["code"], "too_many_attempts");

    // Every wait an account's failure started is in the audit log, with the address.
    let admin = app.admin().await;
    let log: Value = app.read(&admin, "/api/v1/audit").await;
    let locked: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"] == "login_locked")
        .collect();
    let failures: Vec<i64> = locked
        .iter()
        .map(|e| e["details"]["failures"].as_i64().unwrap())
        .collect();
    assert_eq!(failures, [5, 7, 6, 5], "newest first: {log}");
    assert_eq!(locked[0]["staff"], "Sam Onthaal (onthaal)");
    assert_eq!(locked[1]["details"]["wait_s"], 4);
    assert_eq!(locked[1]["details"]["address"], ip);
    // The statistics, folded from the same event log, take these events in their stride.
    let r = app
        .get(&admin, "/api/v1/stats?from=2026-11-24&to=2026-11-24")
        .await;
    assert_eq!(r.status(), 200);
}

// Per client address, a looser budget across usernames (unknown ones included): 20 wrong
// attempts from one address make every login from it wait, even a right one for an account
// that has no failures; other addresses are not affected.
both!(one_address_trying_many_usernames_must_wait);
async fn one_address_trying_many_usernames_must_wait(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let ip = "198.51.100.7";
    for i in 0..20 {
        // Mostly unknown usernames, and a real account four times (below its own limit).
        let user = if i % 5 == 0 {
            "diensthoofd".to_string()
        } else {
            format!("gok{i}")
        };
        let (s, _, body) = try_login(&app, &user, "geraden", ip).await;
        assert_eq!(s, 401, "{i}: {body}");
    }
    let (s, retry, body) = try_login(&app, "onthaal", "onthaal", ip).await;
    assert_eq!((s, retry.as_deref()), (429, Some("1")), "{body}");
    assert_eq!(body["error"]["code"], "too_many_attempts");
    assert_eq!(
        try_login(&app, "onthaal", "onthaal", "198.51.100.8")
            .await
            .0,
        200
    );
    app.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(try_login(&app, "onthaal", "onthaal", ip).await.0, 200);

    let admin = app.admin().await;
    let log: Value = app.read(&admin, "/api/v1/audit").await;
    let by_address = log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "login_locked_address")
        .unwrap_or_else(|| panic!("{log}"));
    assert_eq!(by_address["details"]["address"], ip);
    assert_eq!(by_address["details"]["failures"], 20);
}

// Many logins at once: no more hashes run at the same time than the server has slots; each
// attempt gets its answer (or 503 busy with Retry-After, never a hang or a 5xx of another
// kind).
both!(parallel_logins_never_hash_more_at_once_than_the_slots);
async fn parallel_logins_never_hash_more_at_once_than_the_slots(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let all = (0..16).map(|i| {
        let app = &app;
        async move {
            // Distinct addresses and usernames, so no throttle stops any of them early.
            try_login(
                app,
                &format!("gok{i}"),
                "geraden",
                &format!("203.0.113.{i}"),
            )
            .await
        }
    });
    for (s, retry, body) in futures_util::future::join_all(all).await {
        assert!(
            s == 401 || (s == 503 && retry.is_some() && body["error"]["code"] == "busy"),
            "{s} {body}"
        );
    }
    let hashing = app.running.as_ref().unwrap().store.hashing();
    assert!(
        (1..=hashing.slots()).contains(&hashing.most_at_once()),
        "{} at once, {} slots",
        hashing.most_at_once(),
        hashing.slots()
    );
    assert!(hashing.slots() <= 4);
}

// Logging out ends the session of the token that authenticated the request, also when it
// came as `?token=` (or that form is refused outright).
both!(logout_with_a_token_in_the_query_ends_that_session);
async fn logout_with_a_token_in_the_query_ends_that_session(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let token = app.reception().await;
    let r = app
        .http
        .post(app.url(&format!("/api/v1/auth/logout?token={token}")))
        .send()
        .await
        .unwrap();
    assert!(
        r.status() == 204 || r.status().is_client_error(),
        "{}",
        r.status()
    );
    if r.status() == 204 {
        assert_eq!(app.get(&token, "/api/v1/desks").await.status(), 401);
    } else {
        // Refused: then the session is still the caller's to end with the header.
        assert_eq!(app.logout(&token).await.status(), 204);
        assert_eq!(app.get(&token, "/api/v1/desks").await.status(), 401);
    }
}
