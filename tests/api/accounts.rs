//! Staff accounts administered in the app: who may, what each action does to logins, sessions
//! and WebSockets, one-time passwords that must be changed first, one's own password under
//! the password policy, the audit log, and accounts leaving and returning to the
//! configuration file.

use std::time::Duration;

use onthaal_server::clock::Clock;
use onthaal_server::config::Config;
use onthaal_server::usecases::Actor;
use onthaal_tests::{close_code, error_code, spawn_app, status_and_json, Backend, TestApp};
use serde_json::{json, Value};

const STRONG: &str = "groene tram achter het stadhuis";

/// A login attempt's status and body.
async fn try_login(app: &TestApp, username: &str, password: &str) -> (u16, Value) {
    let r = app.login_request(username, password).await;
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn patch(app: &TestApp, token: &str, id: i64, body: Value) -> (u16, Value) {
    let r = app
        .http
        .request(
            reqwest::Method::PATCH,
            app.url(&format!("/api/v1/admin/accounts/{id}")),
        )
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    status_and_json(r).await
}

async fn action(app: &TestApp, token: &str, id: i64, what: &str) -> (u16, Value) {
    app.post_json(
        token,
        &format!("/api/v1/admin/accounts/{id}/{what}"),
        json!({}),
    )
    .await
}

async fn accounts(app: &TestApp, token: &str) -> Vec<Value> {
    let r = app.get(token, "/api/v1/admin/accounts").await;
    assert_eq!(r.status(), 200);
    r.json::<Vec<Value>>().await.unwrap()
}

async fn account(app: &TestApp, token: &str, username: &str) -> Value {
    accounts(app, token)
        .await
        .into_iter()
        .find(|a| a["username"] == username)
        .unwrap_or_else(|| panic!("account {username}"))
}

/// Creates an account and returns its id and one-time password.
async fn create(app: &TestApp, token: &str, body: Value) -> (i64, String) {
    let (status, made) = app.post_json(token, "/api/v1/admin/accounts", body).await;
    assert_eq!(status, 201, "{made}");
    (
        made["account"]["id"].as_i64().unwrap(),
        made["one_time_password"].as_str().unwrap().to_string(),
    )
}

async fn change_own(app: &TestApp, token: &str, old: &str, new: &str) -> (u16, Value) {
    app.post_json(
        token,
        "/api/v1/me/password",
        json!({"old_password": old, "new_password": new}),
    )
    .await
}

async fn audit(app: &TestApp, token: &str) -> Vec<Value> {
    app.get(token, "/api/v1/audit")
        .await
        .json::<Vec<Value>>()
        .await
        .unwrap()
}

// An administrator makes an account (with a one-time password), changes its name, roles and
// services, and every step is in the audit log with who and before → after, never a password.
both!(an_admin_creates_and_changes_accounts_in_the_audit_log);
async fn an_admin_creates_and_changes_accounts_in_the_audit_log(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let admin = app.admin().await;
    let (id, one_time) = create(
        &app,
        &admin,
        json!({"username": "mw.claes", "name": "Ines Claes", "roles": ["social_worker"], "services": ["schuldhulp"]}),
    )
    .await;
    assert!(one_time.len() >= 16, "{one_time}");
    let a = account(&app, &admin, "mw.claes").await;
    assert_eq!(a["id"], id);
    assert_eq!(a["roles"], json!(["social_worker"]));
    assert_eq!(a["services"], json!(["schuldhulp"]));
    assert_eq!(a["active"], true);
    assert_eq!(a["must_change_password"], true);
    assert!(a.get("in_configuration").is_none(), "{a}");

    let (status, changed) = patch(
        &app,
        &admin,
        id,
        json!({"name": "Ines Claes-Peeters", "roles": ["social_worker", "manager"], "services": []}),
    )
    .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["name"], "Ines Claes-Peeters");
    assert_eq!(changed["roles"], json!(["social_worker", "manager"]));
    assert_eq!(changed["services"], json!([]));
    // Only what is given changes.
    let (_, same) = patch(&app, &admin, id, json!({"name": "Ines Claes"})).await;
    assert_eq!(same["roles"], json!(["social_worker", "manager"]));

    let log = audit(&app, &admin).await;
    let created = log
        .iter()
        .find(|e| e["event"] == "account_created")
        .expect("account_created in the audit log");
    assert_eq!(created["details"]["account"], "mw.claes");
    assert_eq!(created["staff"], "Beheerder (admin)");
    assert_eq!(
        created["details"]["after"]["roles"],
        json!(["social_worker"])
    );
    // The log is newest first: the first change is the last one listed.
    let change = log
        .iter()
        .rfind(|e| e["event"] == "account_changed")
        .expect("account_changed in the audit log");
    assert_eq!(change["details"]["before"]["name"], "Ines Claes");
    assert_eq!(change["details"]["after"]["name"], "Ines Claes-Peeters");
    assert_eq!(
        change["details"]["before"]["services"],
        json!(["schuldhulp"])
    );
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(&one_time), "no password in the audit log");
}

// Every action is the administrator's only: reception, social worker, manager, a kiosk and
// nobody are refused, and refused before anything changes.
both!(only_an_admin_administers_accounts);
async fn only_an_admin_administers_accounts(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let admin = app.admin().await;
    let target = account(&app, &admin, "mw.janssens").await["id"]
        .as_i64()
        .unwrap();
    let base = "/api/v1/admin/accounts";
    let (get, post, patch) = (
        reqwest::Method::GET,
        reqwest::Method::POST,
        reqwest::Method::PATCH,
    );
    #[rustfmt::skip]
    let calls = [
        (get, base.to_string(), Value::Null),
        (post.clone(), base.to_string(), json!({"username": "nieuw", "name": "Nieuw", "roles": ["reception"]})),
        (patch, format!("{base}/{target}"), json!({"name": "Anders"})),
        (post.clone(), format!("{base}/{target}/disable"), json!({})),
        (post.clone(), format!("{base}/{target}/enable"), json!({})),
        (post, format!("{base}/{target}/reset-password"), json!({})),
    ];
    app.assert_only_admins_may(&calls).await;
    // Nothing changed: no account made, the target untouched and still able to log in.
    let list = accounts(&app, &admin).await;
    assert!(!list.iter().any(|a| a["username"] == "nieuw"));
    let t = account(&app, &admin, "mw.janssens").await;
    assert_eq!(
        (t["name"].clone(), t["active"].clone()),
        (json!("Karim Janssens"), json!(true))
    );
    assert_eq!(try_login(&app, "mw.janssens", "janssens").await.0, 200);
    // The administrator may.
    for (method, path, body) in &calls {
        let mut req = app
            .http
            .request(method.clone(), app.url(path))
            .bearer_auth(&admin);
        if !body.is_null() {
            req = req.json(body);
        }
        let (status, answer) = status_and_json(req.send().await.unwrap()).await;
        let ok = if method == reqwest::Method::POST && path == base {
            201
        } else {
            200
        };
        assert_eq!(status, ok, "admin {method} {path}: {answer}");
    }
}

// Disabling ends the account's sessions at once: its WebSocket closes, its token is refused,
// its password no longer logs in; enabling lets it log in again.
both!(a_disabled_account_is_out_at_once);
async fn a_disabled_account_is_out_at_once(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let admin = app.admin().await;
    let token = app.login("mw.peeters", "peeters").await;
    let (mut ws, _) = app.ws_with_snapshot(&token).await;
    // Read once, so the token is in the server's cache.
    assert_eq!(app.get(&token, "/api/v1/desks").await.status(), 200);
    let id = account(&app, &admin, "mw.peeters").await["id"]
        .as_i64()
        .unwrap();
    let (status, a) = action(&app, &admin, id, "disable").await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["active"], false);
    assert_eq!(a["disabled_by"], "Beheerder (admin)");
    assert!(a["disabled_at"].is_string());
    assert_eq!(
        close_code(&mut ws, Duration::from_secs(10)).await,
        Some(4401)
    );
    assert_eq!(app.get(&token, "/api/v1/desks").await.status(), 401);
    assert_eq!(try_login(&app, "mw.peeters", "peeters").await.0, 401);
    // A disabled worker is no longer offered for transfers and appointments.
    let staff: Value = app.read(&admin, "/api/v1/staff").await;
    assert!(!staff.as_array().unwrap().iter().any(|s| s["id"] == id));
    assert_eq!(action(&app, &admin, id, "disable").await.0, 409);

    let (status, a) = action(&app, &admin, id, "enable").await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["active"], true);
    assert_eq!(a["disabled_by"], Value::Null);
    assert_eq!(try_login(&app, "mw.peeters", "peeters").await.0, 200);
    assert_eq!(action(&app, &admin, id, "enable").await.0, 409);
    let kinds: Vec<String> = audit(&app, &admin)
        .await
        .iter()
        .map(|e| e["event"].as_str().unwrap().to_string())
        .collect();
    assert!(kinds.contains(&"account_disabled".to_string()));
    assert!(kinds.contains(&"account_enabled".to_string()));
}

// A reset gives a one-time password (and ends the account's sessions); logging in with it says
// a new password is needed, and nothing else answers until one is chosen under the policy.
both!(a_one_time_password_must_be_changed_first);
async fn a_one_time_password_must_be_changed_first(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let admin = app.admin().await;
    let before = app.login("onthaal", "onthaal").await;
    let id = account(&app, &admin, "onthaal").await["id"]
        .as_i64()
        .unwrap();
    let (status, reset) = action(&app, &admin, id, "reset-password").await;
    assert_eq!(status, 200, "{reset}");
    let one_time = reset["one_time_password"].as_str().unwrap().to_string();
    assert_eq!(reset["account"]["must_change_password"], true);
    assert_eq!(app.get(&before, "/api/v1/desks").await.status(), 401);
    assert_eq!(try_login(&app, "onthaal", "onthaal").await.0, 401);

    let (status, ok) = try_login(&app, "onthaal", &one_time).await;
    assert_eq!(status, 200);
    assert_eq!(ok["must_change_password"], true);
    let token = ok["token"].as_str().unwrap().to_string();
    let (status, refused) = app.get_json(&token, "/api/v1/desks").await;
    assert_eq!(status, 403);
    assert_eq!(refused["error"]["code"], "password_change_required");
    let (status, _) = app
        .post_json(&token, "/api/v1/tickets", json!({"service": "id-team"}))
        .await;
    assert_eq!(status, 403);
    let me: Value = app.read(&token, "/api/v1/auth/me").await;
    assert_eq!(me["must_change_password"], true);

    let (status, e) = change_own(&app, &token, "not it", STRONG).await;
    assert_eq!(
        (status, e["error"]["code"].clone()),
        (422, json!("wrong_password"))
    );
    let (status, e) = change_own(&app, &token, &one_time, "welkom123456").await;
    assert_eq!(
        (status, e["error"]["code"].clone()),
        (422, json!("weak_password"))
    );
    let (status, e) = change_own(&app, &token, &one_time, &one_time).await;
    assert_eq!(
        (status, e["error"]["code"].clone()),
        (422, json!("same_password"))
    );
    assert_eq!(change_own(&app, &token, &one_time, STRONG).await.0, 204);
    // The same session goes on, free.
    assert_eq!(app.get(&token, "/api/v1/desks").await.status(), 200);
    let me: Value = app.read(&token, "/api/v1/auth/me").await;
    assert_eq!(me["must_change_password"], false);
    assert_eq!(try_login(&app, "onthaal", &one_time).await.0, 401);
    let (status, ok) = try_login(&app, "onthaal", STRONG).await;
    assert_eq!(
        (status, ok["must_change_password"].clone()),
        (200, json!(false))
    );
    let log = serde_json::to_string(&audit(&app, &admin).await).unwrap();
    assert!(log.contains("password_reset") && log.contains("password_changed"));
    assert!(!log.contains(&one_time) && !log.contains(STRONG));
}

// Everyone changes their own password: the current one is needed and the policy holds; their
// other sessions end, this one goes on. A station has no password.
both!(everyone_changes_their_own_password);
async fn everyone_changes_their_own_password(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let here = app.login("diensthoofd", "diensthoofd").await;
    let elsewhere = app.login("diensthoofd", "diensthoofd").await;
    let (status, e) = change_own(&app, &here, "diensthoofd", "kort").await;
    assert_eq!(
        (status, e["error"]["code"].clone()),
        (422, json!("weak_password"))
    );
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .contains("too short"));
    // A refused change changes nothing.
    assert_eq!(app.get(&elsewhere, "/api/v1/desks").await.status(), 200);
    assert_eq!(change_own(&app, &here, "diensthoofd", STRONG).await.0, 204);
    assert_eq!(app.get(&here, "/api/v1/desks").await.status(), 200);
    assert_eq!(app.get(&elsewhere, "/api/v1/desks").await.status(), 401);
    assert_eq!(try_login(&app, "diensthoofd", "diensthoofd").await.0, 401);
    assert_eq!(try_login(&app, "diensthoofd", STRONG).await.0, 200);
    let kiosk = app.device("kiosk").await;
    assert_eq!(change_own(&app, &kiosk, "x", STRONG).await.0, 403);
    let r = app
        .http
        .post(app.url("/api/v1/me/password"))
        .json(&json!({"old_password": "x", "new_password": STRONG}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

// What an administrator cannot do by mistake: disable themselves, leave no administrator,
// take a username in use, give an unknown role or service, or change in the app what the
// configuration file sets at every start.
both!(mistakes_are_refused_with_a_reason);
async fn mistakes_are_refused_with_a_reason(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let admin = app.admin().await;
    let me = account(&app, &admin, "admin").await["id"].as_i64().unwrap();
    let code = |v: (u16, Value)| (v.0, error_code(&v.1).unwrap_or("").to_string());
    assert_eq!(
        code(action(&app, &admin, me, "disable").await),
        (409, "own_account".into())
    );
    let post = |body: Value| {
        let app = &app;
        let admin = admin.clone();
        async move { app.post_json(&admin, "/api/v1/admin/accounts", body).await }
    };
    for (body, expected) in [
        (
            json!({"username": "onthaal", "name": "X", "roles": ["reception"]}),
            (409, "username_taken"),
        ),
        (
            json!({"username": "Hoofd Letters", "name": "X", "roles": ["reception"]}),
            (422, "invalid_username"),
        ),
        (
            json!({"username": "x", "name": " ", "roles": ["reception"]}),
            (422, "invalid_name"),
        ),
        (
            json!({"username": "x", "name": "X", "roles": []}),
            (422, "invalid_role"),
        ),
        (
            json!({"username": "x", "name": "X", "roles": ["baas"]}),
            (422, "invalid_role"),
        ),
        (
            json!({"username": "x", "name": "X", "roles": ["reception"], "services": ["geen"]}),
            (422, "unknown_service"),
        ),
    ] {
        let (status, e) = post(body.clone()).await;
        assert_eq!(
            (status, error_code(&e).unwrap()),
            (expected.0, expected.1),
            "{body}"
        );
    }
    let (status, _) = app
        .post_json(
            &admin,
            "/api/v1/admin/accounts",
            json!({"username": "x", "name": "X", "roles": ["reception"], "password": "p"}),
        )
        .await;
    assert_eq!(status, 422, "no field beyond the documented ones");
    let onthaal = account(&app, &admin, "onthaal").await["id"]
        .as_i64()
        .unwrap();
    // An account the configuration file listed is the database's like any other.
    let (status, renamed) = patch(&app, &admin, onthaal, json!({"name": "Onthaal Balie"})).await;
    assert_eq!(
        (status, renamed["name"].clone()),
        (200, json!("Onthaal Balie"))
    );
    // A second administrator, made in the app, may be changed; but the last one standing keeps
    // the role.
    let (second, _) = create(
        &app,
        &admin,
        json!({"username": "beheer2", "name": "Tweede Beheerder", "roles": ["admin"]}),
    )
    .await;
    assert_eq!(
        patch(&app, &admin, second, json!({"roles": ["reception"]}))
            .await
            .0,
        200
    );
    assert_eq!(action(&app, &admin, second, "disable").await.0, 200);
    assert_eq!(
        code(patch(&app, &admin, 999_999, json!({"name": "X"})).await).0,
        404
    );
    assert_eq!(
        code(action(&app, &admin, 999_999, "reset-password").await).0,
        404
    );
}

/// The demo configuration as a file of the installation's, with every account.
fn demo_file() -> Config {
    Config::parse_demo(onthaal_server::config::DEMO_TOML, "onthaal.toml").unwrap()
}

/// The same file without one account.
fn demo_without(username: &str) -> Config {
    let toml = onthaal_server::config::DEMO_TOML;
    let start = toml
        .find(&format!("username = \"{username}\""))
        .expect("the account is in the demo");
    let block = toml[..start].rfind("[[staff]]").unwrap();
    let end = toml[start..]
        .find("\n[[")
        .map_or(toml.len(), |i| start + i + 1);
    let cut = format!("{}{}", &toml[..block], &toml[end..]);
    Config::parse_demo(&cut, "onthaal.toml").unwrap()
}

// A start with a file that differs leaves the accounts as the database holds them; an import
// sets them to the file: one that left it is disabled (its sessions end), one the file lists
// is enabled again (also one an administrator disabled: the dry run says so), with its password.
both!(an_import_disables_the_accounts_that_left_the_file);
async fn an_import_disables_the_accounts_that_left_the_file(b: Backend) {
    let Some(mut app) = spawn_app(b).await else {
        return;
    };
    let admin = app.admin().await;
    let token = app.login("mw.janssens", "janssens").await;
    let onthaal = account(&app, &admin, "onthaal").await["id"]
        .as_i64()
        .unwrap();
    assert_eq!(action(&app, &admin, onthaal, "disable").await.0, 200);
    app.stop().await;

    let app = app.instance_with(demo_without("mw.janssens")).await;
    let admin = app.admin().await;
    assert_eq!(account(&app, &admin, "mw.janssens").await["active"], true);
    assert_eq!(try_login(&app, "mw.janssens", "janssens").await.0, 200);

    let store = &app.running.as_ref().unwrap().store;
    let file = demo_without("mw.janssens");
    let plan = store.plan_import(&file).await.unwrap();
    assert_eq!(
        plan.retired,
        ["account mw.janssens (Karim Janssens): disabled, it is not in the file".to_string()],
        "{plan}"
    );
    assert!(
        plan.changed
            .iter()
            .any(|l| l.starts_with("account onthaal ") && l.contains("enabled again")),
        "{plan}"
    );
    assert!(plan.added.is_empty(), "{plan}");
    // The file has no administrator: the one the database has stays, and the plan says so.
    assert!(
        plan.kept.len() == 1
            && plan.kept[0].starts_with("account admin (Beheerder): stays enabled"),
        "{plan}"
    );
    let done = store
        .import_config(Actor::CommandLine, &file, app.clock.now())
        .await
        .unwrap();
    assert_eq!(done, plan);
    let gone = account(&app, &admin, "mw.janssens").await;
    assert_eq!(gone["active"], false, "{gone}");
    assert_eq!(gone["disabled_by"], "configuration");
    assert_eq!(try_login(&app, "mw.janssens", "janssens").await.0, 401);
    assert_eq!(app.get(&token, "/api/v1/desks").await.status(), 401);
    let log = audit(&app, &admin).await;
    assert!(log
        .iter()
        .any(|e| e["event"] == "account_disabled" && e["details"]["by"] == "configuration"));
    let imported = log
        .iter()
        .find(|e| e["event"] == "configuration_changed")
        .expect("the import is in the audit log");
    assert_eq!(imported["details"]["by"], "command line");
    assert!(imported["details"]["before"]
        .as_str()
        .unwrap()
        .contains("username = \"mw.janssens\""));
    assert!(!imported["details"]["after"]
        .as_str()
        .unwrap()
        .contains("username = \"mw.janssens\""));
    assert_eq!(account(&app, &admin, "onthaal").await["active"], true);

    // Back in the file: enabled again, with the password it had.
    store
        .import_config(Actor::CommandLine, &demo_file(), app.clock.now())
        .await
        .unwrap();
    assert_eq!(account(&app, &admin, "mw.janssens").await["active"], true);
    assert_eq!(try_login(&app, "mw.janssens", "janssens").await.0, 200);
    // Imported again: nothing changes.
    assert!(store.plan_import(&demo_file()).await.unwrap().is_empty());
}

/// PostgreSQL only: disabling an account on one instance closes its WebSockets and refuses its
/// token on another at once, though the other holds the token in memory.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_on_one_instance_ends_the_sessions_on_another() {
    let Some(a) = spawn_app(Backend::Postgres).await else {
        return;
    };
    let other = a.another_instance().await;
    let token = other.login("mw.peeters", "peeters").await;
    let (mut ws, _) = other.ws_with_snapshot(&token).await;
    assert_eq!(other.get(&token, "/api/v1/desks").await.status(), 200);
    let admin = a.admin().await;
    let id = account(&a, &admin, "mw.peeters").await["id"]
        .as_i64()
        .unwrap();
    assert_eq!(action(&a, &admin, id, "disable").await.0, 200);
    // Well before the other instance's own checks (5 s for accounts, 10 s for its memory).
    assert_eq!(
        close_code(&mut ws, Duration::from_secs(3)).await,
        Some(4401)
    );
    assert_eq!(other.get(&token, "/api/v1/desks").await.status(), 401);
}

// A session left open cannot be used to guess its password: wrong current passwords count as
// failed logins of the account, and after a few the answer is to wait, the right one included.
both!(guessing_the_current_password_is_throttled);
async fn guessing_the_current_password_is_throttled(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let token = app.login("onthaal", "onthaal").await;
    let mut refused = None;
    for attempt in 1..=10 {
        let (status, e) = change_own(&app, &token, &format!("raden {attempt}"), STRONG).await;
        if status == 429 {
            refused = Some((attempt, e));
            break;
        }
        assert_eq!(
            (status, e["error"]["code"].clone()),
            (422, json!("wrong_password"))
        );
    }
    let (attempt, e) = refused.expect("throttled within 10 attempts");
    assert!(
        attempt > 5,
        "the first 5 are free, as at the login ({attempt})"
    );
    assert_eq!(e["error"]["code"], "too_many_attempts");
    assert!(
        e["error"]["message"].as_str().unwrap().contains("Wacht"),
        "{e}"
    );
    // The right password waits too, and so does the login.
    assert_eq!(change_own(&app, &token, "onthaal", STRONG).await.0, 429);
    assert_eq!(try_login(&app, "onthaal", "onthaal").await.0, 429);
    // Once the wait is over, the right one works.
    app.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(change_own(&app, &token, "onthaal", STRONG).await.0, 204);
}
