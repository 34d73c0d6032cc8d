//! Kiosks and displays registered in the app with a one-time pairing code: the code exchanged
//! by the station for its token (once, within 15 minutes, for its own kind), wrong codes
//! refused and then throttled per address, renaming, revoking (sockets closed at once),
//! settings, the audit log, and who may do it.

use chrono::Duration;
use onthaal_tests::{
    close_code, next_frame, spawn_app_with_admin, status_and_json, Backend, TestApp,
};
use onthaal_wire::ServerFrame;
use serde_json::{json, Value};

/// Registers a device as the administrator: its id, its pairing code and the whole answer
/// (a `PairingCode`).
async fn register(app: &TestApp, admin: &str, kind: &str, name: &str) -> (i64, String, Value) {
    let (status, body) = app
        .post_json(
            admin,
            "/api/v1/admin/devices",
            json!({"kind": kind, "name": name}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["device"]["id"].as_i64().unwrap();
    let code = body["code"].as_str().unwrap().to_string();
    (id, code, body)
}

/// A station's pairing request, without a login: the raw answer (for its headers).
async fn pairing_request(app: &TestApp, code: &str, kind: &str) -> reqwest::Response {
    app.http
        .post(app.url("/api/v1/devices/pair"))
        .json(&json!({"code": code, "kind": kind}))
        .send()
        .await
        .unwrap()
}

/// A station's pairing, without a login: the status and the answer.
async fn pair(app: &TestApp, code: &str, kind: &str) -> (u16, Value) {
    status_and_json(pairing_request(app, code, kind).await).await
}

/// A station's pairing that must answer `expected`: the answer.
async fn pairing_answer(app: &TestApp, code: &str, kind: &str, expected: u16) -> Value {
    let (status, body) = pair(app, code, kind).await;
    assert_eq!(status, expected, "pairing {code} as {kind}: {body}");
    body
}

/// `POST /api/v1/admin/devices/{id}/{action}` (pairing-code, revoke) as `admin`.
async fn device_action(app: &TestApp, admin: &str, id: i64, action: &str) -> (u16, Value) {
    let path = format!("/api/v1/admin/devices/{id}/{action}");
    app.post_json(admin, &path, json!({})).await
}

async fn admin_devices(app: &TestApp, admin: &str) -> Vec<Value> {
    let r = app.get(admin, "/api/v1/admin/devices").await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn device(app: &TestApp, admin: &str, id: i64) -> Value {
    admin_devices(app, admin)
        .await
        .into_iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("device {id}"))
}

async fn rename(app: &TestApp, token: &str, id: i64, name: &str) -> (u16, Value) {
    let path = format!("/api/v1/admin/devices/{id}");
    app.call(token, reqwest::Method::PATCH, &path, json!({"name": name}))
        .await
}

// An administrator registers a kiosk: it gets a short code, shown grouped; the kiosk is in the
// list waiting for its station; the station exchanges the code for a token that works at once
// (a WebSocket), and the code does not work a second time.
both!(a_registered_kiosk_pairs_once_with_its_code);
async fn a_registered_kiosk_pairs_once_with_its_code(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let (id, code, made) = register(&app, &admin, "kiosk", "  Kiosk inkom ").await;
    assert_eq!(code.len(), 9, "{code}");
    assert_eq!(&code[4..5], "-");
    assert!(code
        .chars()
        .all(|c| c == '-' || "ABCDEFGHJKMNPQRSTUVWXYZ23456789".contains(c)));
    assert_eq!(made["device"]["name"], "Kiosk inkom");
    assert_eq!(made["device"]["kind"], "kiosk");
    assert_eq!(made["device"]["location"], "centrum");
    assert_eq!(made["device"]["awaiting_pairing"], true);
    assert_eq!(made["device"]["online"], false);
    let until = chrono::DateTime::parse_from_rfc3339(made["expires_at"].as_str().unwrap()).unwrap();
    assert_eq!(
        until.with_timezone(&chrono::Utc),
        onthaal_tests::default_now() + Duration::minutes(15)
    );

    // The station types it in lower case, without the dash.
    let typed = code.replace('-', "").to_lowercase();
    let paired = pairing_answer(&app, &typed, "kiosk", 200).await;
    assert_eq!(paired["device_id"], id);
    assert_eq!(paired["name"], "Kiosk inkom");
    assert_eq!(paired["location"], "centrum");
    let token = paired["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 64);
    let r = app
        .post(&token, "/api/v1/tickets", json!({"service": "permanentie"}))
        .await;
    assert_eq!(r.status(), 201, "the paired kiosk issues tickets");
    let (_ws, _) = app.ws_with_snapshot(&token).await;
    let d = device(&app, &admin, id).await;
    assert_eq!(d["awaiting_pairing"], false);
    assert!(d["paired_at"].is_string(), "{d}");
    assert!(d.get("pairing_expires_at").is_none(), "{d}");

    // Single use: the same code again is refused, and says so.
    let again = pairing_answer(&app, &code, "kiosk", 409).await;
    assert_eq!(again["error"]["code"], "pairing_code_used");
    // A paired device gets no new code.
    let (status, body) = device_action(&app, &admin, id, "pairing-code").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "already_paired");

    // The audit log: registered (by the administrator) and paired (by the station).
    let log = app.audit_log(&admin).await;
    let of = |action: &str| {
        log.iter()
            .find(|e| e["event"] == "device_administered" && e["details"]["action"] == action)
            .cloned()
            .unwrap_or_else(|| panic!("no {action} in {log:?}"))
    };
    let registered = of("registered");
    assert!(registered["staff"].as_str().unwrap().contains("(admin)"));
    assert_eq!(registered["device"], "Kiosk inkom");
    assert_eq!(registered["details"]["after"]["name"], "Kiosk inkom");
    assert_eq!(registered["details"]["after"]["kind"], "kiosk");
    let paired_entry = of("paired");
    assert_eq!(paired_entry["details"]["by"], "station");
    assert!(!log.to_vec().iter().any(|e| e.to_string().contains(&code)));
    assert!(!log.iter().any(|e| e.to_string().contains(&token)));
}

// A code works for 15 minutes (the test clock), only for its own kind, and a wrong code is a
// clear 4xx; a new code replaces an expired one.
both!(expired_wrong_and_other_kind_codes_are_refused);
async fn expired_wrong_and_other_kind_codes_are_refused(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let (id, code, _) = register(&app, &admin, "display", "Scherm wachtzaal").await;

    let body = pairing_answer(&app, &code, "kiosk", 409).await;
    assert_eq!(body["error"]["code"], "wrong_kind");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("scherm"));
    let body = pairing_answer(&app, "ABC", "display", 400).await;
    assert_eq!(body["error"]["code"], "invalid_pairing_code");
    let body = pairing_answer(&app, "ZZZZ-ZZZZ", "display", 404).await;
    assert_eq!(body["error"]["code"], "pairing_code_unknown");
    let body = pairing_answer(&app, &code, "toaster", 422).await;
    assert_eq!(body["error"]["code"], "invalid_kind");

    app.clock
        .advance(Duration::minutes(15) + Duration::seconds(1));
    let body = pairing_answer(&app, &code, "display", 410).await;
    assert_eq!(body["error"]["code"], "pairing_code_expired");
    assert_eq!(device(&app, &admin, id).await["awaiting_pairing"], true);

    // A new code: the old one no longer works, the new one does.
    let (status, renewed) = device_action(&app, &admin, id, "pairing-code").await;
    assert_eq!(status, 200, "{renewed}");
    let new_code = renewed["code"].as_str().unwrap();
    assert_ne!(new_code, code);
    assert_eq!(pair(&app, &code, "display").await.0, 404);
    pairing_answer(&app, new_code, "display", 200).await;
}

// Wrong codes from one address are throttled like logins: after five, the sixth waits (429
// with Retry-After), even with the right code; after the wait it works.
both!(wrong_pairing_codes_are_throttled);
async fn wrong_pairing_codes_are_throttled(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let (_, code, _) = register(&app, &admin, "kiosk", "Kiosk 2").await;
    for i in 0..5 {
        let (status, body) = pair(&app, "WXYZ-WXYZ", "kiosk").await;
        assert_eq!(status, 404, "attempt {i}: {body}");
    }
    let r = pairing_request(&app, &code, "kiosk").await;
    assert_eq!(r.status(), 429);
    let wait: i64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait >= 1, "{wait}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_attempts");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Te veel foute koppelcodes"));
    app.clock.advance(Duration::seconds(wait));
    pairing_answer(&app, &code, "kiosk", 200).await;
}

// Renaming and settings from the app: desks see the new name, the audit log has who and
// before → after; revoking closes the station's socket at once and refuses its token.
both!(an_admin_renames_sets_up_and_revokes_a_station);
async fn an_admin_renames_sets_up_and_revokes_a_station(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let (id, code, _) = register(&app, &admin, "display", "Scherm 1").await;
    let paired = pairing_answer(&app, &code, "display", 200).await;
    let token = paired["token"].as_str().unwrap().to_string();
    let (mut ws, _) = app.ws_with_snapshot(&token).await;

    let (status, body) = rename(&app, &admin, id, "Scherm wachtzaal").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["name"], "Scherm wachtzaal");
    let reception = app.reception().await;
    assert!(app
        .devices(&reception)
        .await
        .iter()
        .any(|d| d["id"] == id && d["name"] == "Scherm wachtzaal"));
    let (status, body) = rename(&app, &admin, id, "   ").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "invalid_name");

    let settings = json!({
        "services": ["permanentie"], "info_line": "Permanentie tot 12 uur",
        "info_lines": {"fr": "Permanence jusqu'à midi"}, "languages": ["fr", "en"],
    });
    let r = app
        .http
        .put(app.url(&format!("/api/v1/devices/{id}/settings")))
        .bearer_auth(&admin)
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let d = device(&app, &admin, id).await;
    assert_eq!(d["settings"]["info_lines"]["fr"], "Permanence jusqu'à midi");
    assert_eq!(d["settings"]["languages"], json!(["fr", "en"]));
    // The display gets its new settings at once.
    loop {
        if let ServerFrame::Snapshot(s) = next_frame(&mut ws).await {
            assert_eq!(
                s.settings.unwrap().info_line.as_deref(),
                Some("Permanentie tot 12 uur")
            );
            break;
        }
    }

    let log = app.audit_log(&admin).await;
    let renamed = log
        .iter()
        .find(|e| e["details"]["action"] == "renamed")
        .expect("renamed in the audit log");
    assert_eq!(renamed["details"]["before"]["name"], "Scherm 1");
    assert_eq!(renamed["details"]["after"]["name"], "Scherm wachtzaal");
    assert!(renamed["staff"].as_str().unwrap().contains("(admin)"));
    let set = log
        .iter()
        .find(|e| e["event"] == "device_settings")
        .expect("settings in the audit log");
    assert!(set["staff"].as_str().unwrap().contains("(admin)"));
    assert_eq!(set["details"]["before"]["services"], json!([]));
    assert_eq!(set["details"]["after"]["services"], json!(["permanentie"]));

    // Revoked: the socket closes at once (not at the next 5-second look), the token is refused.
    let mut desk = app.ws(&reception).await;
    assert!(matches!(
        next_frame(&mut desk).await,
        ServerFrame::Snapshot(_)
    ));
    let (status, body) = device_action(&app, &admin, id, "revoke").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["revoked"], true);
    assert_eq!(body["online"], false);
    assert_eq!(
        close_code(&mut ws, std::time::Duration::from_secs(2)).await,
        Some(4401)
    );
    assert_eq!(app.get(&token, "/api/v1/auth/me").await.status(), 401);
    let (status, body) = device_action(&app, &admin, id, "revoke").await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"]["code"], "already_revoked");
    assert_eq!(rename(&app, &admin, id, "Weg").await.0, 409);
    // Open desk apps are told it is revoked, not offline: they drop it at once. Every frame
    // about it from now on says so.
    let mut told = 0;
    for _ in 0..4 {
        match tokio::time::timeout(std::time::Duration::from_secs(2), next_frame(&mut desk)).await {
            Ok(ServerFrame::Device { device, .. }) if device.id == id => {
                assert!(device.revoked, "{device:?}");
                told += 1;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert!(told >= 1, "no device frame for the revoked station");
    // Still in the administrator's list, marked revoked; gone from the desks'.
    assert_eq!(device(&app, &admin, id).await["revoked"], true);
    assert!(!app.devices(&reception).await.iter().any(|d| d["id"] == id));
    let log = app.audit_log(&admin).await;
    let revoked = log
        .iter()
        .find(|e| e["details"]["action"] == "revoked")
        .expect("revoked in the audit log");
    assert_eq!(revoked["details"]["before"]["revoked"], false);
    assert_eq!(revoked["details"]["after"]["revoked"], true);

    // A revoked device's code, had it not been used, is refused too.
    let (other_id, other_code, _) = register(&app, &admin, "kiosk", "Kiosk weg").await;
    assert_eq!(
        app.post(
            &admin,
            &format!("/api/v1/admin/devices/{other_id}/revoke"),
            json!({})
        )
        .await
        .status(),
        200
    );
    let body = pairing_answer(&app, &other_code, "kiosk", 410).await;
    assert_eq!(body["error"]["code"], "device_revoked");
}

// Only an administrator manages devices: reception, a social worker, a manager and a station
// get 403, no login 401; the pairing itself needs no login.
both!(only_an_admin_manages_devices);
async fn only_an_admin_manages_devices(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let (id, code, _) = register(&app, &admin, "kiosk", "Kiosk 3").await;
    let station = app.device("display").await;
    let others = [
        app.login("onthaal", "onthaal").await,
        app.login("mw.peeters", "peeters").await,
        app.login("diensthoofd", "diensthoofd").await,
        station,
    ];
    for token in &others {
        let r = app.get(token, "/api/v1/admin/devices").await;
        assert_eq!(r.status(), 403);
        let r = app
            .post(
                token,
                "/api/v1/admin/devices",
                json!({"kind": "kiosk", "name": "X"}),
            )
            .await;
        assert_eq!(r.status(), 403);
        assert_eq!(rename(&app, token, id, "X").await.0, 403);
        for action in ["pairing-code", "revoke"] {
            let r = app
                .post(
                    token,
                    &format!("/api/v1/admin/devices/{id}/{action}"),
                    json!({}),
                )
                .await;
            assert_eq!(r.status(), 403, "{action}");
        }
        let r = app
            .http
            .put(app.url(&format!("/api/v1/devices/{id}/settings")))
            .bearer_auth(token)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    }
    let r = app
        .http
        .get(app.url("/api/v1/admin/devices"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(device(&app, &admin, id).await["name"], "Kiosk 3");
    // Bad input from the administrator: a clear 4xx.
    let (status, body) = app
        .post_json(
            &admin,
            "/api/v1/admin/devices",
            json!({"kind": "tv", "name": "X"}),
        )
        .await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (422, json!("invalid_kind"))
    );
    let (status, body) = app
        .post_json(
            &admin,
            "/api/v1/admin/devices",
            json!({"kind": "kiosk", "name": "X", "location": "nergens"}),
        )
        .await;
    assert!((400..500).contains(&status), "{status} {body}");
    assert_eq!(rename(&app, &admin, 9999, "X").await.0, 404);
    pairing_answer(&app, &code, "kiosk", 200).await;
}
