//! A social worker's weekly hours and services set in the app
//! (`/api/v1/admin/staff/{username}/availability`): online booking offers the new hours at
//! once, on another server instance too; a worker without hours is no longer offered; bad
//! spans and unknown services are refused with the file's messages; administrators and
//! managers, nobody else; a change made meanwhile elsewhere is a 409, never undone.

use onthaal_tests::{
    assert_refused, spawn_app, spawn_app_with_admin, status_and_json, texts, Backend, TestApp,
};
use serde_json::{json, Value};

async fn put(app: &TestApp, token: &str, username: &str, body: Value) -> (u16, Value) {
    let path = format!("/api/v1/admin/staff/{username}/availability");
    app.call(token, reqwest::Method::PUT, &path, body).await
}

async fn get(app: &TestApp, token: &str, username: &str) -> (u16, Value) {
    let path = format!("/api/v1/admin/staff/{username}/availability");
    app.get_json(token, &path).await
}

/// The start times (`HH:MM`) online booking offers for `service` on Wednesday 25 November.
async fn wednesday(app: &TestApp, service: &str) -> Vec<String> {
    let r = app
        .http
        .get(app.url(&format!(
            "/api/v1/public/slots?service={service}&from=2026-11-25&to=2026-11-25"
        )))
        .send()
        .await
        .unwrap();
    let (s, slots) = status_and_json(r).await;
    assert_eq!(s, 200, "{slots}");
    slots
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["start"].as_str().unwrap()[11..16].to_string())
        .collect()
}

/// The social workers the public booking page offers.
async fn offered(app: &TestApp) -> Vec<String> {
    let r = app
        .http
        .get(app.url("/api/v1/public/services"))
        .send()
        .await
        .unwrap();
    let (_, cat) = status_and_json(r).await;
    texts(&cat["staff"], "name")
        .into_iter()
        .map(str::to_string)
        .collect()
}

both!(hours_set_in_the_app_are_offered_at_once_on_every_instance);
async fn hours_set_in_the_app_are_offered_at_once_on_every_instance(b: Backend) {
    let Some(a) = spawn_app(b).await else {
        return;
    };
    let other = a.another_instance().await;
    let admin = a.admin().await;
    // As the file gave them.
    let (s, before) = get(&a, &admin, "mw.janssens").await;
    assert_eq!(s, 200, "{before}");
    assert_eq!(
        before["hours"]["wed"],
        json!(["08:30-12:00", "13:00-17:00"])
    );
    assert_eq!(before["hours"].as_object().unwrap().len(), 5);
    assert_eq!(
        before["services"],
        json!(["huur", "schuldhulp", "permanentie", "afspraak"])
    );
    // Housing support is Karim's alone: his whole Wednesday.
    assert_eq!(wednesday(&other, "huur").await.len(), 7 + 8);

    // Wednesday mornings 10 to 11 only, housing support only.
    let new = json!({"hours": {"wed": ["10:00-11:00"]}, "services": ["huur"]});
    let (s, after) = put(&a, &admin, "mw.janssens", new.clone()).await;
    assert_eq!((s, &after), (200, &new), "{after}");
    assert_eq!(get(&other, &admin, "mw.janssens").await.1, new);
    assert_eq!(wednesday(&a, "huur").await, ["10:00", "10:30"]);
    assert_eq!(wednesday(&other, "huur").await, ["10:00", "10:30"]);
    // Debt help is An's alone now: her hours, not his.
    let debt = wednesday(&other, "schuldhulp").await;
    assert_eq!((debt[0].as_str(), debt.len()), ("08:30", 7 + 8), "{debt:?}");

    // No hours at all: Karim is no longer offered, on either instance.
    let (s, none) = put(
        &a,
        &admin,
        "mw.janssens",
        json!({"hours": {}, "services": ["huur"]}),
    )
    .await;
    assert_eq!((s, none["hours"].clone()), (200, json!({})), "{none}");
    assert!(wednesday(&other, "huur").await.is_empty());
    assert_eq!(offered(&other).await, ["An Peeters"]);
    assert_eq!(offered(&a).await, ["An Peeters"]);

    // In the audit log: who, whose, before → after.
    let audit: Vec<Value> = a.get(&admin, "/api/v1/audit").await.json().await.unwrap();
    let changes: Vec<&Value> = audit
        .iter()
        .filter(|e| {
            e["event"] == "configuration_changed" && e["details"]["account"] == "mw.janssens"
        })
        .collect();
    assert_eq!(changes.len(), 2, "{audit:?}");
    assert!(
        changes.iter().all(|e| e["staff"].is_string()),
        "{:?}",
        changes[0]
    );
    let first = changes
        .iter()
        .find(|e| e["details"]["after"] == new)
        .expect("the first change");
    assert_eq!(first["details"]["before"], before);
    assert_eq!(first["details"]["by"], "app");

    // What the app set is what `config export` writes.
    let store = a.running.as_ref().unwrap().store.clone();
    let toml = store.export_config().await.unwrap();
    let karim = &toml[toml.find("username = \"mw.janssens\"").unwrap()..];
    let karim = &karim[..karim.find("\n[[").unwrap_or(karim.len())];
    assert!(karim.contains("services = [\"huur\"]"), "{karim}");
    assert!(!karim.contains("[staff.availability]"), "{karim}");
}

both!(bad_hours_and_services_are_refused_with_the_files_messages);
async fn bad_hours_and_services_are_refused_with_the_files_messages(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let (_, before) = get(&app, &admin, "mw.peeters").await;
    let hours = |day: &str, spans: Value| json!({"hours": {day: spans}, "services": []});
    for (body, status, code, says) in [
        (
            hours("mon", json!(["09:00-12:00", "11:00-13:00"])),
            422,
            "invalid_configuration",
            "staff.availability.mon: \"11:00-13:00\" overlaps \"09:00-12:00\"",
        ),
        (
            hours("tue", json!(["9-12"])),
            422,
            "invalid_configuration",
            "staff.availability.tue: \"9\" is not a time like \"08:30\"",
        ),
        (
            hours("wed", json!(["12:00-09:00"])),
            422,
            "invalid_configuration",
            "ends before it starts",
        ),
        (
            hours("maandag", json!(["09:00-12:00"])),
            422,
            "invalid_configuration",
            "\"maandag\" is not a weekday",
        ),
        (
            json!({"hours": {}, "services": ["huur", "nope"]}),
            422,
            "invalid_configuration",
            "staff.services",
        ),
    ] {
        let answer = put(&app, &admin, "mw.peeters", body.clone()).await;
        assert_refused(&answer, (status, code, says), &body);
    }
    // Touching spans are fine; nothing of the refused changes stayed.
    assert_eq!(get(&app, &admin, "mw.peeters").await.1, before);
    let ok = hours("mon", json!(["09:00-12:00", "12:00-13:00"]));
    assert_eq!(put(&app, &admin, "mw.peeters", ok).await.0, 200);

    // Only social workers have hours; an unknown account is not found.
    let (s, e) = put(
        &app,
        &admin,
        "onthaal",
        hours("mon", json!(["09:00-12:00"])),
    )
    .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (422, Some("not_a_social_worker")),
        "{e}"
    );
    let (s, _) = get(&app, &admin, "niemand").await;
    assert_eq!(s, 404);
    // A body the API does not know.
    let (s, e) = put(&app, &admin, "mw.peeters", json!({"hours": {}})).await;
    assert!((400..500).contains(&s), "{s} {e}");
}

both!(managers_and_administrators_set_availability_others_are_refused);
async fn managers_and_administrators_set_availability_others_are_refused(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let body = json!({"hours": {"fri": ["09:00-10:00"]}, "services": []});
    let kiosk = app.device("kiosk").await;
    let display = app.device("display").await;
    let mut refused = vec![kiosk, display];
    for (user, password) in [("onthaal", "onthaal"), ("mw.peeters", "peeters")] {
        refused.push(app.login(user, password).await);
    }
    for (i, token) in refused.iter().enumerate() {
        assert_eq!(get(&app, token, "mw.peeters").await.0, 403, "caller {i}");
        assert_eq!(
            put(&app, token, "mw.peeters", body.clone()).await.0,
            403,
            "caller {i}"
        );
        let (s, _) = status_and_json(app.get(token, "/api/v1/admin/availability").await).await;
        assert_eq!(s, 403, "caller {i}");
    }
    for path in [
        "/api/v1/admin/staff/mw.peeters/availability",
        "/api/v1/admin/availability",
    ] {
        let r = app.http.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 401, "{path}");
    }
    // Nothing of the refused changes stayed.
    let admin = app.admin().await;
    assert_ne!(get(&app, &admin, "mw.peeters").await.1, body);

    // A manager plans the team's hours: the list of social workers, and each one's hours.
    let manager = app.login("diensthoofd", "diensthoofd").await;
    let (s, list) = status_and_json(app.get(&manager, "/api/v1/admin/availability").await).await;
    assert_eq!(s, 200, "{list}");
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["mw.peeters", "mw.janssens"], "{list}");
    assert_eq!(list[0]["name"], "An Peeters");
    assert_eq!(
        list[0]["hours"],
        get(&app, &manager, "mw.peeters").await.1["hours"]
    );
    assert_eq!(
        put(&app, &manager, "mw.peeters", body.clone()).await,
        (200, body.clone())
    );
    assert_eq!(get(&app, &admin, "mw.peeters").await.1, body);
    // In the audit log under the manager's name.
    let audit: Vec<Value> = app.get(&admin, "/api/v1/audit").await.json().await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e["event"] == "configuration_changed" && e["details"]["account"] == "mw.peeters")
        .expect("the manager's change");
    assert_eq!(entry["details"]["after"], body);
    // Still not an administrator: accounts stay the admin's.
    let (s, _) = status_and_json(app.get(&manager, "/api/v1/admin/accounts").await).await;
    assert_eq!(s, 403);
    let admin_body = json!({"hours": {"fri": ["10:00-11:00"]}, "services": []});
    assert_eq!(
        put(&app, &admin, "mw.peeters", admin_body.clone()).await,
        (200, admin_body)
    );
}

// A manager and an administrator on two server instances change hours at the same moment:
// each change answered 200 is what the database holds afterwards or was overwritten by a later
// one, and one made on a configuration changed meanwhile is refused (409), never applied on an
// old copy.
both!(availability_changed_at_the_same_moment_is_refused_not_undone);
async fn availability_changed_at_the_same_moment_is_refused_not_undone(b: Backend) {
    let Some(one) = spawn_app(b).await else {
        return;
    };
    let two = one.another_instance().await;
    let admin = one.admin().await;
    let manager = two.login("diensthoofd", "diensthoofd").await;
    for round in 0..6 {
        let peeters = json!({"hours": {"mon": [format!("09:{:02}-12:00", round)]}, "services": []});
        let janssens =
            json!({"hours": {"tue": [format!("13:{:02}-16:00", round)]}, "services": ["huur"]});
        let (a, m) = tokio::join!(
            put(&one, &admin, "mw.peeters", peeters.clone()),
            put(&two, &manager, "mw.janssens", janssens.clone()),
        );
        for ((status, answer), who, wanted) in
            [(a, "mw.peeters", peeters), (m, "mw.janssens", janssens)]
        {
            match status {
                200 => assert_eq!(
                    get(&one, &admin, who).await.1,
                    wanted,
                    "round {round}: {who} lost"
                ),
                409 => assert_eq!(
                    answer["error"]["code"], "configuration_changed_meanwhile",
                    "round {round}"
                ),
                other => panic!("round {round}: {who}: {other} {answer}"),
            }
        }
    }
}
