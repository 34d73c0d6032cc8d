//! Requests made with the desk app's session cookie must come from the server's own pages;
//! tokens travel in headers (`?token=` only on `/ws`); the cookie is `Secure` over HTTPS; desk
//! frames carry no visitor's status token.

use onthaal_tests::{next_json, spawn_app, spawn_app_with_reception, Backend, TestApp};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Error as WsError;

/// The test server's public URL (see `start_with`).
const PUBLIC: &str = "https://onthaal.example";
/// Another origin of the same site: what `SameSite` does not keep out.
const OTHER: &str = "https://andere.onthaal.example";

/// `POST path` authenticated by the session cookie, with these extra headers.
async fn cookie_post(
    app: &TestApp,
    token: &str,
    path: &str,
    headers: &[(&str, String)],
) -> reqwest::Response {
    let mut r = app
        .http
        .post(app.url(path))
        .header("cookie", format!("onthaal_session={token}"))
        .json(&json!({}));
    for (k, v) in headers {
        r = r.header(*k, v);
    }
    r.send().await.unwrap()
}

async fn state_of(app: &TestApp, staff: &str, id: i64) -> String {
    let t: Value = app.read(staff, &format!("/api/v1/tickets/{id}")).await;
    t["state"].as_str().unwrap().to_string()
}

both!(a_cookie_request_from_another_origin_is_refused);
async fn a_cookie_request_from_another_origin_is_refused(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let own_host = format!("http://{}", app.addr);
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(
            app.issue(&staff, "permanentie").await["id"]
                .as_i64()
                .unwrap(),
        );
    }
    let cancel = |id: i64| format!("/api/v1/tickets/{id}/cancel");

    // A plain form POST from another origin of the same site, and one without any origin.
    for headers in [
        vec![("origin", OTHER.to_string())],
        vec![("referer", format!("{OTHER}/formulier"))],
        vec![("origin", "null".to_string())],
        vec![],
    ] {
        let r = cookie_post(&app, &staff, &cancel(ids[0]), &headers).await;
        assert_eq!(r.status(), 403, "{headers:?}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "cross_origin", "{headers:?}");
    }
    assert_eq!(state_of(&app, &staff, ids[0]).await, "waiting");

    // The server's own pages: under the public URL, or at the address the browser used.
    let r = cookie_post(&app, &staff, &cancel(ids[0]), &[("origin", PUBLIC.into())]).await;
    assert_eq!(r.status(), 200);
    let r = cookie_post(
        &app,
        &staff,
        &cancel(ids[1]),
        &[("origin", own_host.clone())],
    )
    .await;
    assert_eq!(r.status(), 200);
    let referer = format!("{own_host}/desk");
    let r = cookie_post(&app, &staff, &cancel(ids[2]), &[("referer", referer)]).await;
    assert_eq!(r.status(), 200);
    for id in &ids[..3] {
        assert_eq!(state_of(&app, &staff, *id).await, "cancelled");
    }

    // Reading with the cookie is not a change; a bearer token is not a cookie.
    let r = app
        .http
        .get(app.url("/api/v1/desks"))
        .header("cookie", format!("onthaal_session={staff}"))
        .header("origin", OTHER)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = app
        .http
        .post(app.url(&cancel(ids[3])))
        .bearer_auth(&staff)
        .header("origin", OTHER)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A kiosk (bearer, no origin) still issues tickets.
    let kiosk = app.device("kiosk").await;
    app.issue(&kiosk, "huur").await;
}

/// Opens `/ws` with the session cookie and these headers; the handshake's status when refused.
async fn cookie_ws(app: &TestApp, token: &str, origin: Option<&str>) -> Result<Value, u16> {
    let mut req = format!("ws://{}/ws", app.addr)
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "cookie",
        format!("onthaal_session={token}").parse().unwrap(),
    );
    if let Some(o) = origin {
        req.headers_mut().insert("origin", o.parse().unwrap());
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((mut ws, _)) => Ok(next_json(&mut ws).await),
        Err(WsError::Http(r)) => Err(r.status().as_u16()),
        Err(e) => panic!("handshake failed: {e}"),
    }
}

both!(a_websocket_with_the_cookie_must_come_from_the_own_origin);
async fn a_websocket_with_the_cookie_must_come_from_the_own_origin(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    assert_eq!(cookie_ws(&app, &staff, Some(OTHER)).await, Err(403));
    assert_eq!(cookie_ws(&app, &staff, None).await, Err(403));
    for own in [PUBLIC.to_string(), format!("http://{}", app.addr)] {
        let snapshot = cookie_ws(&app, &staff, Some(&own)).await.unwrap();
        assert_eq!(snapshot["type"], "snapshot");
        assert_eq!(snapshot["kind"], "desk");
    }
    // Stations: a bearer header (any origin) or `?token=`.
    let display = app.device("display").await;
    let mut req = format!("ws://{}/ws", app.addr)
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {display}").parse().unwrap(),
    );
    req.headers_mut().insert("origin", OTHER.parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    assert_eq!(next_json(&mut ws).await["kind"], "display");
    let mut ws = app.ws(&display).await;
    assert_eq!(next_json(&mut ws).await["kind"], "display");
}

both!(desk_frames_carry_no_status_tokens);
async fn desk_frames_carry_no_status_tokens(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let first = app.issue(&kiosk, "permanentie").await;
    let first_token = first["status_token"].as_str().unwrap().to_string();
    let mut desk = app.ws(&staff).await;
    let snapshot = next_json(&mut desk).await;
    assert_eq!(snapshot["tickets"][0]["number"], first["number"]);
    assert!(snapshot["tickets"][0].get("status_token").is_none());
    assert!(!snapshot.to_string().contains(&first_token));

    let second = app.issue(&kiosk, "permanentie").await;
    let second_token = second["status_token"].as_str().unwrap();
    let update = next_json(&mut desk).await;
    assert_eq!(update["event"], "issued");
    assert_eq!(update["ticket"]["id"], second["id"]);
    assert!(update["ticket"].get("status_token").is_none());
    assert!(!update.to_string().contains(second_token));

    // The REST answer about one ticket still gives it, to staff who need to hand it over.
    let id = second["id"].as_i64().unwrap();
    let t: Value = app.read(&staff, &format!("/api/v1/tickets/{id}")).await;
    assert_eq!(t["status_token"], second["status_token"]);
}

both!(a_token_in_the_query_is_read_only_by_the_websocket);
async fn a_token_in_the_query_is_read_only_by_the_websocket(b: Backend) {
    let Some((app, staff)) = spawn_app_with_reception(b).await else {
        return;
    };
    let r = app
        .http
        .get(app.url(&format!("/api/v1/desks?token={staff}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = app
        .http
        .post(app.url(&format!("/api/v1/auth/logout?token={staff}")))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // Nothing was done with it: the session lives on.
    assert_eq!(app.get(&staff, "/api/v1/desks").await.status(), 200);
    let kiosk = app.device("kiosk").await;
    let r = app
        .http
        .post(app.url(&format!("/api/v1/tickets?token={kiosk}")))
        .json(&json!({"service": "huur"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // The WebSocket, which no browser can give a header, still reads it.
    let mut ws = app.ws(&staff).await;
    assert_eq!(next_json(&mut ws).await["kind"], "desk");
    let mut ws = app.ws(&kiosk).await;
    assert_eq!(next_json(&mut ws).await["kind"], "kiosk");
}

/// The test server's public URL is `https://`: the cookie must never go over plain HTTP.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_secure_over_https() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let r = app.login_request("onthaal", "onthaal").await;
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
        assert!(
            cookie.split("; ").any(|a| a == attribute),
            "{attribute} in {cookie}"
        );
    }
    let token: Value = r.json().await.unwrap();
    let token = token["token"].as_str().unwrap();
    let r = app.logout(token).await;
    assert_eq!(r.status(), 204);
    let cleared = r.headers()["set-cookie"].to_str().unwrap();
    assert!(cleared.contains("Max-Age=0") && cleared.ends_with("; Secure"));
}
