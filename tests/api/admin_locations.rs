//! Locations, desks and rooms, and printers administered in the app
//! (`/api/v1/admin/locations…`): each change, checked by the configuration file's rules with
//! its messages, in the audit log, live in the desk app's desk list and "call next" (on this
//! server and on a second one); a desk with visitors is not retired; and only administrators.

use std::time::{Duration, Instant};

use onthaal_tests::{
    assert_refused, next_json, spawn_app, spawn_app_with_admin, status_and_json, texts, Backend,
    TestApp,
};
use serde_json::{json, Value};

async fn patch(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    app.call(token, reqwest::Method::PATCH, path, body).await
}

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    app.post_json(token, path, body).await
}

async fn locations(app: &TestApp, token: &str) -> Vec<Value> {
    let (s, list) = status_and_json(app.get(token, "/api/v1/admin/locations").await).await;
    assert_eq!(s, 200, "{list}");
    list.as_array().unwrap().clone()
}

async fn location(app: &TestApp, token: &str, key: &str) -> Value {
    locations(app, token)
        .await
        .into_iter()
        .find(|l| l["key"] == key)
        .unwrap_or_else(|| panic!("location {key}"))
}

/// The desks the desk app offers (`GET /api/v1/desks`).
async fn desk_list(app: &TestApp, token: &str, location: &str) -> Vec<Value> {
    let (s, list) = status_and_json(
        app.get(token, &format!("/api/v1/desks?location={location}"))
            .await,
    )
    .await;
    assert_eq!(s, 200, "{list}");
    list.as_array().unwrap().clone()
}

/// The configuration changes in the audit log, oldest first.
async fn configuration_changes(app: &TestApp, admin: &str) -> Vec<Value> {
    let audit = app.audit_log(admin).await;
    // The log is read newest first.
    audit
        .into_iter()
        .rev()
        .filter(|e| e["event"] == "configuration_changed")
        .collect()
}

/// Asserts that the administrator's `method path` with `body` is refused with `status` and a
/// message that says `text`.
async fn refused(
    app: &TestApp,
    admin: &str,
    (method, path, body): (&str, &str, Value),
    (status, text): (u16, &str),
) {
    let (s, e) = app
        .call(admin, method.parse().unwrap(), path, body.clone())
        .await;
    assert_eq!(s, status, "{method} {path} {body}: {e}");
    assert!(
        e["error"]["message"].as_str().unwrap().contains(text),
        "{body}: {e}"
    );
}

fn says(entry: &Value) -> Vec<&str> {
    texts(&entry["details"]["changes"], "what")
}

/// Retires or reinstates (`what`) the desk or printer at `path`: the item as it then is.
async fn set_active(app: &TestApp, admin: &str, path: &str, what: &str) -> Value {
    let (s, item) = post(app, admin, &format!("{path}/{what}"), json!({})).await;
    let active = what == "reinstate";
    assert_eq!(
        (s, &item["active"]),
        (200, &json!(active)),
        "{what} {path}: {item}"
    );
    item
}

/// Asserts that the retired desk or printer at `path` is not changed (`409 retired`).
async fn assert_retired(app: &TestApp, admin: &str, path: &str) {
    let answer = patch(app, admin, path, json!({"name": "X"})).await;
    assert_refused(&answer, (409, "retired", "reinstate it first"), path);
}

/// Asserts that one of an audit entry's lines says `text`.
fn assert_says(entry: &Value, text: &str) {
    let lines = says(entry);
    assert!(lines.iter().any(|w| w.contains(text)), "{lines:?}");
}

// A location's settings change in the app, read back as given, and are in the audit log.
both!(an_admin_changes_a_location_s_settings);
async fn an_admin_changes_a_location_s_settings(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let before = location(&app, &admin, "centrum").await;
    assert_eq!(before["timezone"], "Europe/Brussels");
    assert_eq!(before["no_show_grace_min"], 15);
    assert_eq!(before["appointment_service"], "afspraak");
    assert_eq!(before["desks"].as_array().unwrap().len(), 6);
    assert_eq!(before["printers"][0]["key"], "onthaal");
    assert!(before["services"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["key"] == "permanentie" && s["name"].is_string()));
    for change in [
        json!({"name": "Sociaal Huis Centrum"}),
        json!({"address": "Kerkstraat 2, 9999 Demostad", "phone": "09 111 11 11"}),
        json!({"no_show_grace_min": 5}),
        json!({"closed_on": ["2026-12-24", "2026-12-31"]}),
        json!({"appointment_service": "permanentie", "check_in_early_min": 30, "check_in_late_min": 10}),
        json!({"retention_days": 30, "online_bookings_per_contact": 3}),
    ] {
        let (s, after) = patch(
            &app,
            &admin,
            "/api/v1/admin/locations/centrum",
            change.clone(),
        )
        .await;
        assert_eq!(s, 200, "{change}: {after}");
        for (field, value) in change.as_object().unwrap() {
            assert_eq!(&after[field], value, "{change}: {after}");
        }
        assert_eq!(location(&app, &admin, "centrum").await, after);
    }
    // The location's closing days are the location's, not each service's own exceptions; and
    // a day no longer closed is open again in every service.
    let services: Vec<Value> = app.read(&admin, "/api/v1/admin/services").await;
    assert!(services.iter().all(|s| s["exceptions"] == json!([])));
    let (s, after) = patch(
        &app,
        &admin,
        "/api/v1/admin/locations/centrum",
        json!({"closed_on": ["2026-12-31"], "appointment_service": "afspraak"}),
    )
    .await;
    assert_eq!(s, 200, "{after}");
    assert_eq!(after["closed_on"], json!(["2026-12-31"]));
    assert_eq!(after["appointment_service"], "afspraak");
    let exported = app
        .running
        .as_ref()
        .unwrap()
        .store
        .export_config()
        .await
        .unwrap();
    assert!(!exported.contains("2026-12-24"), "{exported}");
    assert!(
        exported.contains("closed_on = [\"2026-12-31\"]"),
        "{exported}"
    );

    let changes = configuration_changes(&app, &admin).await;
    assert_eq!(changes.len(), 7);
    assert!(changes.iter().all(|e| e["staff"].is_string()), "who");
    let grace = changes
        .iter()
        .find(|e| {
            says(e)
                .iter()
                .any(|w| w.contains("no-show grace 15 → 5 min"))
        })
        .expect("the grace's change");
    assert!(says(grace)[0].starts_with("location centrum"));
    assert!(grace["details"]["before"]
        .as_str()
        .unwrap()
        .contains("no_show_grace_min = 15"));
    assert!(grace["details"]["after"]
        .as_str()
        .unwrap()
        .contains("no_show_grace_min = 5"));
}

// Mistakes in a location's settings are refused with the file's messages and change nothing.
both!(mistakes_in_a_location_are_refused_with_the_file_messages);
async fn mistakes_in_a_location_are_refused_with_the_file_messages(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let before = locations(&app, &admin).await;
    for (body, code, text) in [
        (json!({"name": "  "}), "invalid_configuration", "location.name: a name is required"),
        (
            json!({"no_show_grace_min": 1441}),
            "invalid_configuration",
            "location.no_show_grace_min: 1441 is not a number of minutes between 0 and 1440",
        ),
        (
            json!({"closed_on": ["24-12-2026"]}),
            "invalid_configuration",
            "location.closed_on: \"24-12-2026\" is not a date like \"2026-12-24\"",
        ),
        (
            json!({"appointment_service": "geen"}),
            "invalid_configuration",
            "location.appointment_service: \"geen\" is not a service of location \"centrum\"",
        ),
        (
            json!({"appointment_service": ""}),
            "invalid_configuration",
            "location.appointment_service: location \"centrum\" has a service \"afspraak\", which is its check-in queue",
        ),
        (
            json!({"check_in_late_min": 241}),
            "invalid_configuration",
            "between 0 and 240",
        ),
        (
            json!({"retention_days": 0}),
            "invalid_configuration",
            "between 1 and 3650",
        ),
    ] {
        let answer = patch(&app, &admin, "/api/v1/admin/locations/centrum", body.clone()).await;
        assert_refused(&answer, (422, code, text), &body);
    }
    let (s, _) = patch(
        &app,
        &admin,
        "/api/v1/admin/locations/centrum",
        json!({"grace": 5}),
    )
    .await;
    assert_eq!(s, 422, "an unknown field");
    let (s, _) = patch(
        &app,
        &admin,
        "/api/v1/admin/locations/elders",
        json!({"name": "E"}),
    )
    .await;
    assert_eq!(s, 404);
    assert_eq!(locations(&app, &admin).await, before, "nothing changed");
    assert_eq!(configuration_changes(&app, &admin).await.len(), 0);
}

// A new location starts with a copy of another's services, or with none; services are then
// added to it under Services; a key in use and bad input are refused.
both!(a_new_location_starts_with_copied_services_or_none);
async fn a_new_location_starts_with_copied_services_or_none(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    patch(
        &app,
        &admin,
        "/api/v1/admin/locations/centrum",
        json!({"closed_on": ["2026-12-24"]}),
    )
    .await;
    let centrum = location(&app, &admin, "centrum").await;
    let (s, noord) = post(
        &app,
        &admin,
        "/api/v1/admin/locations",
        json!({"key": "noord", "name": "Antenne Noord", "address": "Noordlaan 5",
               "phone": "09 222 22 22", "services_from": "centrum"}),
    )
    .await;
    assert_eq!(s, 201, "{noord}");
    assert_eq!(noord["timezone"], "Europe/Brussels");
    assert_eq!(noord["services"], centrum["services"]);
    assert_eq!(noord["appointment_service"], "afspraak");
    assert_eq!(
        noord["closed_on"],
        json!([]),
        "centrum's closing days stay centrum's"
    );
    assert_eq!(
        (noord["desks"].clone(), noord["printers"].clone()),
        (json!([]), json!([]))
    );
    let services: Vec<Value> = app.read(&admin, "/api/v1/admin/services").await;
    assert!(services
        .iter()
        .filter(|s| s["location"] == "noord")
        .all(|s| s["exceptions"] == json!([])));
    assert_eq!(desk_list(&app, &admin, "noord").await, Vec::<Value>::new());

    let (s, zuid) = post(
        &app,
        &admin,
        "/api/v1/admin/locations",
        json!({"key": "zuid", "name": "Antenne Zuid", "timezone": "Europe/Amsterdam"}),
    )
    .await;
    assert_eq!(s, 201, "{zuid}");
    assert_eq!(
        (
            zuid["services"].clone(),
            zuid["appointment_service"].clone(),
            zuid["timezone"].clone()
        ),
        (json!([]), Value::Null, json!("Europe/Amsterdam"))
    );
    // Services are added to it as to any location.
    let mut service = services
        .iter()
        .find(|s| s["key"] == "permanentie" && s["location"] == "centrum")
        .unwrap()
        .clone();
    service["location"] = json!("zuid");
    let (s, created) = post(&app, &admin, "/api/v1/admin/services", service).await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(
        location(&app, &admin, "zuid").await["services"][0]["key"],
        "permanentie"
    );
    let keys: Vec<Value> = locations(&app, &admin)
        .await
        .iter()
        .map(|l| l["key"].clone())
        .collect();
    assert_eq!(keys, vec![json!("centrum"), json!("noord"), json!("zuid")]);

    for (body, status, code, text) in [
        (
            json!({"key": "noord", "name": "N"}),
            409,
            "location_exists",
            "exists already",
        ),
        (
            json!({"key": "Oost!", "name": "O"}),
            422,
            "invalid_configuration",
            "location.key",
        ),
        (
            json!({"key": "oost", "name": ""}),
            422,
            "invalid_configuration",
            "a name is required",
        ),
        (
            json!({"key": "oost", "name": "O", "timezone": "Belgium"}),
            422,
            "invalid_configuration",
            "location.timezone: \"Belgium\" is not a time zone like \"Europe/Brussels\"",
        ),
        (
            json!({"key": "oost", "name": "O", "services_from": "nergens"}),
            422,
            "invalid_configuration",
            "services_from: \"nergens\" is not a location",
        ),
    ] {
        let answer = post(&app, &admin, "/api/v1/admin/locations", body.clone()).await;
        assert_refused(&answer, (status, code, text), &body);
    }
    assert_eq!(locations(&app, &admin).await.len(), 3);
    let added = configuration_changes(&app, &admin).await;
    assert!(added
        .iter()
        .any(|e| says(e).iter().any(|w| w.starts_with("location noord"))));
}

// Desks and rooms: a new one is offered in the desk app and calls from its profile; a changed
// profile counts at the next "call next"; a desk with a visitor is not retired; a retired one is
// no longer offered, keeps its key, and comes back as it was.
both!(desks_and_their_profiles_are_live_in_the_desk_app);
async fn desks_and_their_profiles_are_live_in_the_desk_app(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let reception = app.reception().await;
    let mut ws = app.ws(&reception).await;
    assert_eq!(next_json(&mut ws).await["type"], "snapshot");
    let path = "/api/v1/admin/locations/centrum/desks";
    let (s, desk) = post(
        &app,
        &admin,
        path,
        json!({"key": "loket-9", "name": "Loket 9", "kind": "loket", "services": ["huur"]}),
    )
    .await;
    assert_eq!(s, 201, "{desk}");
    assert_eq!(
        desk,
        json!({"key": "loket-9", "name": "Loket 9", "kind": "loket", "services": ["huur"], "active": true})
    );
    // The desk app hears of it and finds it in its list.
    loop {
        if next_json(&mut ws).await["event"] == "configuration_changed" {
            break;
        }
    }
    let id = app.desk_id(&reception, "Loket 9").await;
    let offered = desk_list(&app, &reception, "centrum").await;
    let listed = offered.iter().find(|d| d["id"] == id).unwrap();
    assert_eq!(
        (listed["kind"].clone(), listed["services"].clone()),
        (json!("loket"), json!(["huur"]))
    );

    let huur = app.issue(&reception, "huur").await;
    let (s, called) = status_and_json(app.call_next(&reception, id).await).await;
    assert_eq!(
        (s, called["id"].clone()),
        (200, huur["id"].clone()),
        "{called}"
    );

    // Its profile changes: the next call follows it.
    let (s, changed) = patch(
        &app,
        &admin,
        &format!("{path}/loket-9"),
        json!({"name": "Loket 9 (schulden)", "kind": "balie", "services": ["schuldhulp"]}),
    )
    .await;
    assert_eq!(s, 200, "{changed}");
    assert_eq!(changed["services"], json!(["schuldhulp"]));
    assert_eq!(
        app.desk_id(&reception, "Loket 9 (schulden)").await,
        id,
        "the same desk"
    );
    app.issue(&reception, "huur").await;
    let schuld = app.issue(&reception, "schuldhulp").await;
    // Not while a visitor is at the desk: A called visitor keeps it.
    let (s, e) = post(&app, &admin, &format!("{path}/loket-9/retire"), json!({})).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("desk_in_use")),
        "{e}"
    );
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains(huur["number"].as_str().unwrap()),
        "{e}"
    );
    assert_eq!(
        app.act(&reception, &huur["id"], "start").await.status(),
        200
    );
    assert_eq!(
        app.act(&reception, &huur["id"], "finish").await.status(),
        200
    );
    let (s, called) = status_and_json(app.call_next(&reception, id).await).await;
    assert_eq!(
        (s, called["id"].clone()),
        (200, schuld["id"].clone()),
        "{called}"
    );
    assert_eq!(
        app.act(&reception, &schuld["id"], "no-show").await.status(),
        200
    );
    assert_eq!(
        app.call_next(&reception, id).await.status(),
        204,
        "no schuldhulp left"
    );

    // Mistakes, with the file's messages.
    for (method, p, body, status, text) in [
        (
            "POST",
            path.to_string(),
            json!({"key": "x", "name": "X", "kind": "bureau"}),
            422,
            "location.desk.kind: \"bureau\" is not a desk kind; use loket, balie or spreekkamer",
        ),
        (
            "POST",
            path.to_string(),
            json!({"key": "x", "name": "X", "kind": "loket", "services": ["geen"]}),
            422,
            "desk \"x\" serves \"geen\", which is not a service of location \"centrum\"",
        ),
        (
            "POST",
            path.to_string(),
            json!({"key": "x", "name": " ", "kind": "loket"}),
            422,
            "location.desk.name: a name is required",
        ),
        (
            "POST",
            path.to_string(),
            json!({"key": "X Y", "name": "X", "kind": "loket"}),
            422,
            "location.desk.key",
        ),
        (
            "POST",
            path.to_string(),
            json!({"key": "loket-1", "name": "X", "kind": "loket"}),
            409,
            "already",
        ),
        (
            "PATCH",
            format!("{path}/loket-9"),
            json!({"services": ["afspraak", "geen"]}),
            422,
            "which is not a service of location",
        ),
        (
            "PATCH",
            format!("{path}/nergens"),
            json!({"name": "N"}),
            404,
            "",
        ),
        (
            "POST",
            "/api/v1/admin/locations/elders/desks".to_string(),
            json!({"key": "x", "name": "X", "kind": "loket"}),
            404,
            "",
        ),
    ] {
        refused(&app, &admin, (method, &p, body), (status, text)).await;
    }

    // Retired: no longer offered, no longer called from; the key stays taken.
    let retired = set_active(&app, &admin, &format!("{path}/loket-9"), "retire").await;
    assert!(desk_list(&app, &reception, "centrum")
        .await
        .iter()
        .all(|d| d["id"] != id));
    assert_eq!(app.call_next(&reception, id).await.status(), 404);
    let listed = location(&app, &admin, "centrum").await;
    let last = listed["desks"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last, retired, "retired desks are listed last");
    assert_retired(&app, &admin, &format!("{path}/loket-9")).await;
    let again = json!({"key": "loket-9", "name": "L", "kind": "loket"});
    let answer = post(&app, &admin, path, again).await;
    assert_refused(
        &answer,
        (409, "desk_exists", "(perhaps retired)"),
        "key kept",
    );
    let (s, again) = post(&app, &admin, &format!("{path}/loket-9/retire"), json!({})).await;
    assert_eq!(
        (s, again),
        (200, retired.clone()),
        "retiring twice changes nothing"
    );

    // Back as it was, with the same id (its history).
    let back = set_active(&app, &admin, &format!("{path}/loket-9"), "reinstate").await;
    assert_eq!(back["services"], json!(["schuldhulp"]));
    assert_eq!(app.desk_id(&reception, "Loket 9 (schulden)").await, id);

    let changes = configuration_changes(&app, &admin).await;
    assert_eq!(changes.len(), 4, "add, change, retire, reinstate");
    assert_says(&changes[0], "loket-9");
    assert_says(&changes[1], "services huur → schuldhulp");
}

// A desk that a visitor waits for in particular (sent there by a transfer) is not retired.
both!(a_desk_a_visitor_waits_for_is_not_retired);
async fn a_desk_a_visitor_waits_for_is_not_retired(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let reception = app.reception().await;
    let kamer = app.desk_id(&reception, "Spreekkamer 1").await;
    let loket = app.desk_id(&reception, "Loket 1").await;
    let t = app.issue(&reception, "permanentie").await;
    let (s, called) = status_and_json(app.call_next(&reception, loket).await).await;
    assert_eq!((s, called["id"].clone()), (200, t["id"].clone()));
    let (s, moved) = post(
        &app,
        &reception,
        &format!("/api/v1/tickets/{}/transfer", t["id"]),
        json!({"desk": kamer}),
    )
    .await;
    assert_eq!(s, 200, "{moved}");
    let (s, e) = post(
        &app,
        &admin,
        "/api/v1/admin/locations/centrum/desks/spreekkamer-1/retire",
        json!({}),
    )
    .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("desk_in_use")),
        "{e}"
    );
    assert!(location(&app, &admin, "centrum").await["desks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["active"] == true));
}

// Printers: added with a URI checked as the file checks it, changed, retired, reinstated.
both!(printers_are_added_changed_and_retired);
async fn printers_are_added_changed_and_retired(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let path = "/api/v1/admin/locations/centrum/printers";
    let (s, p) = post(
        &app,
        &admin,
        path,
        json!({"key": "balie", "name": "Baliebon", "uri": "tcp://10.0.0.21:9100?width=58"}),
    )
    .await;
    assert_eq!(s, 201, "{p}");
    assert_eq!(
        p,
        json!({"key": "balie", "name": "Baliebon", "uri": "tcp://10.0.0.21:9100?width=58", "active": true})
    );
    for (method, p, body, status, text) in [
        ("POST", path.to_string(), json!({"key": "x", "name": "X", "uri": "tcp://10.0.0.20:9100?width=70"}), 422,
         "location.printer.uri: invalid printer URI \"tcp://10.0.0.20:9100?width=70\": width must be 80 or 58"),
        ("POST", path.to_string(), json!({"key": "x", "name": "", "uri": "tcp://10.0.0.20:9100"}), 422,
         "location.printer.name: a name is required"),
        ("POST", path.to_string(), json!({"key": "onthaal", "name": "X", "uri": "tcp://10.0.0.20:9100"}), 409,
         "already"),
        ("PATCH", format!("{path}/balie"), json!({"uri": "lpt1"}), 422, "location.printer.uri"),
        ("PATCH", format!("{path}/nergens"), json!({"name": "N"}), 404, ""),
    ] {
        refused(&app, &admin, (method, &p, body), (status, text)).await;
    }
    let (s, changed) = patch(
        &app,
        &admin,
        &format!("{path}/balie"),
        json!({"name": "Balieprinter", "uri": "tcp://10.0.0.22:9100"}),
    )
    .await;
    assert_eq!(s, 200, "{changed}");
    assert_eq!(
        (changed["name"].as_str(), changed["uri"].as_str()),
        (Some("Balieprinter"), Some("tcp://10.0.0.22:9100"))
    );

    // The first printer retired, the other is the default.
    let retired = set_active(&app, &admin, &format!("{path}/onthaal"), "retire").await;
    let printers = location(&app, &admin, "centrum").await["printers"].clone();
    assert_eq!(printers[0]["key"], "balie");
    assert_eq!(printers[1], retired);
    assert_retired(&app, &admin, &format!("{path}/onthaal")).await;
    set_active(&app, &admin, &format!("{path}/onthaal"), "reinstate").await;
    let changes = configuration_changes(&app, &admin).await;
    assert_eq!(changes.len(), 4);
    assert_says(
        &changes[1],
        "address tcp://10.0.0.21:9100?width=58 → tcp://10.0.0.22:9100",
    );
}

// A change made on one server is live on another on the same database: its desk list and its
// "call next" follow the new desk and profile.
both!(a_change_is_live_on_another_instance);
async fn a_change_is_live_on_another_instance(b: Backend) {
    let Some(one) = spawn_app(b).await else {
        return;
    };
    let two = one.another_instance().await;
    let admin = one.admin().await;
    let reception = two.reception().await;
    let (s, d) = post(
        &one,
        &admin,
        "/api/v1/admin/locations/centrum/desks",
        json!({"key": "kamer-9", "name": "Kamer 9", "kind": "spreekkamer", "services": ["huur"]}),
    )
    .await;
    assert_eq!(s, 201, "{d}");
    let deadline = Instant::now() + Duration::from_secs(15);
    let id = loop {
        let list = desk_list(&two, &reception, "centrum").await;
        if let Some(d) = list.iter().find(|d| d["name"] == "Kamer 9") {
            break d["id"].as_i64().unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "the other server never saw the new desk"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let (s, _) = patch(
        &one,
        &admin,
        "/api/v1/admin/locations/centrum/desks/kamer-9",
        json!({"services": ["schuldhulp"]}),
    )
    .await;
    assert_eq!(s, 200);
    loop {
        let list = desk_list(&two, &reception, "centrum").await;
        if list
            .iter()
            .any(|d| d["id"] == id && d["services"] == json!(["schuldhulp"]))
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the other server never saw the new profile"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    two.issue(&reception, "huur").await;
    let schuld = two.issue(&reception, "schuldhulp").await;
    let (s, called) = status_and_json(two.call_next(&reception, id).await).await;
    assert_eq!(
        (s, called["id"].clone()),
        (200, schuld["id"].clone()),
        "{called}"
    );
}

// Only an administrator: reception, a social worker, a manager and a kiosk are refused, and
// nothing changes.
both!(only_an_admin_administers_locations);
async fn only_an_admin_administers_locations(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let before = locations(&app, &admin).await;
    let l = "/api/v1/admin/locations";
    let desk = json!({"key": "x", "name": "X", "kind": "loket"});
    let printer = json!({"key": "x", "name": "X", "uri": "tcp://10.0.0.9:9100"});
    let mut calls = vec![
        (reqwest::Method::GET, l.to_string(), Value::Null),
        (
            reqwest::Method::POST,
            l.to_string(),
            json!({"key": "x", "name": "X"}),
        ),
        (
            reqwest::Method::PATCH,
            format!("{l}/centrum"),
            json!({"name": "X"}),
        ),
    ];
    // A desk and a printer: a new one, a change, retire and reinstate.
    for (items, item, new) in [("desks", "loket-1", desk), ("printers", "onthaal", printer)] {
        let at = format!("{l}/centrum/{items}");
        calls.push((reqwest::Method::POST, at.clone(), new));
        calls.push((
            reqwest::Method::PATCH,
            format!("{at}/{item}"),
            json!({"name": "X"}),
        ));
        for what in ["retire", "reinstate"] {
            calls.push((
                reqwest::Method::POST,
                format!("{at}/{item}/{what}"),
                json!({}),
            ));
        }
    }
    app.assert_only_admins_may(&calls).await;
    assert_eq!(locations(&app, &admin).await, before, "nothing changed");
}
