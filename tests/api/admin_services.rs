//! Services administered in the app (`/api/v1/admin/services…`): every field an administrator
//! changes, checked by the configuration file's rules, in the audit log with before → after,
//! at once on a kiosk's WebSocket; and only for administrators.

use onthaal_tests::{
    next_json, spawn_app, spawn_app_with_admin, status_and_json, Backend, TestApp,
};
use serde_json::{json, Value};

async fn patch(app: &TestApp, token: &str, key: &str, body: Value) -> (u16, Value) {
    let path = format!("/api/v1/admin/services/{key}");
    app.call(token, reqwest::Method::PATCH, &path, body).await
}

async fn services(app: &TestApp, token: &str) -> Vec<Value> {
    let (s, list) = app.get_json(token, "/api/v1/admin/services").await;
    assert_eq!(s, 200, "{list}");
    list.as_array().unwrap().clone()
}

// Each field of a service changes in the app, and reads back as it was given.
both!(an_admin_changes_every_field_of_a_service);
async fn an_admin_changes_every_field_of_a_service(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let list = services(&app, &admin).await;
    let before = list.iter().find(|s| s["key"] == "permanentie").unwrap();
    assert_eq!(before["location"], "centrum");
    for change in [
        json!({"target_wait_min": 15}),
        json!({"service_min": 25}),
        json!({"prefix": "Q"}),
        json!({"names": {"nl": "Permanentie sociaal werk", "fr": "Permanence", "en": "Drop-in"}}),
        json!({"descriptions": {"nl": "Zonder afspraak", "en": "No appointment needed"}}),
        json!({"icon": "heart"}),
        json!({"walk_in": false}),
        json!({"triage": true}),
        json!({"transfer_keeps_arrival": false}),
        json!({"always_open": false, "hours": {"tue": ["08:30-12:00"], "thu": ["13:00-16:00", "17:00-19:00"]}}),
        json!({"exceptions": [{"date": "2026-12-24", "hours": ["09:00-11:00"]}, {"date": "2026-12-31", "hours": []}]}),
        json!({"closed_on_public_holidays": true}),
        json!({"appointments_on_public_holidays": true}),
        json!({"bookable": true, "slot_min": 45}),
    ] {
        let (s, after) = patch(&app, &admin, "permanentie", change.clone()).await;
        assert_eq!(s, 200, "{change}: {after}");
        for (field, value) in change.as_object().unwrap() {
            assert_eq!(&after[field], value, "{change}: {after}");
        }
        let listed = services(&app, &admin).await;
        let listed = listed.iter().find(|s| s["key"] == "permanentie").unwrap();
        assert_eq!(listed, &after);
    }
    // A location's closing days stay the location's: not among the service's exceptions.
    let (s, open) = patch(
        &app,
        &admin,
        "permanentie",
        json!({"always_open": true, "hours": {}}),
    )
    .await;
    assert_eq!((s, open["hours"].clone()), (200, json!({})), "{open}");

    // In the audit log, with what changed in words and the configuration before and after.
    let audit: Vec<Value> = app.read(&admin, "/api/v1/audit").await;
    let changes: Vec<&Value> = audit
        .iter()
        .filter(|e| e["event"] == "configuration_changed")
        .collect();
    assert_eq!(changes.len(), 15);
    assert!(changes.iter().all(|e| e["details"]["by"] == "app"));
    assert!(
        changes.iter().all(|e| e["staff"].is_string()),
        "who: {:?}",
        changes[0]
    );
    let target = changes
        .iter()
        .find(|e| {
            e["details"]["changes"][0]["what"]
                .as_str()
                .is_some_and(|w| w.starts_with("service permanentie: target wait"))
        })
        .expect("the target wait's change");
    assert_eq!(
        target["details"]["changes"][0]["what"],
        format!(
            "service permanentie: target wait {} → 15 min",
            before["target_wait_min"]
        )
    );
    assert!(target["details"]["before"]
        .as_str()
        .unwrap()
        .contains(&format!("target_wait_min = {}", before["target_wait_min"])));
    assert!(target["details"]["after"]
        .as_str()
        .unwrap()
        .contains("target_wait_min = 15"));
}

// A new service, and a change, reach a kiosk at once over its WebSocket.
both!(a_new_service_reaches_the_kiosk_at_once);
async fn a_new_service_reaches_the_kiosk_at_once(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let mut ws = app.ws(&kiosk).await;
    assert_eq!(next_json(&mut ws).await["type"], "snapshot");
    let mut new = services(&app, &admin)
        .await
        .into_iter()
        .find(|s| s["key"] == "permanentie")
        .unwrap();
    new["key"] = json!("energie");
    new["prefix"] = json!("E");
    new["names"] = json!({"nl": "Energie", "fr": "Énergie"});
    new["descriptions"] = json!({});
    let (s, created) = app
        .post_json(&admin, "/api/v1/admin/services", new.clone())
        .await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(created, new);
    let frame = loop {
        let f = next_json(&mut ws).await;
        if f["event"] == "configuration_changed" {
            break f;
        }
    };
    let tile = frame["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "energie")
        .expect("the kiosk has the new service");
    assert_eq!(tile["name"], "Energie", "{tile}");
    let (s, e) = app.post_json(&admin, "/api/v1/admin/services", new).await;
    assert_eq!(
        (s, e["error"]["code"].clone()),
        (409, json!("service_exists"))
    );

    let (s, _) = patch(
        &app,
        &admin,
        "energie",
        json!({"names": {"nl": "Energiepunt"}}),
    )
    .await;
    assert_eq!(s, 200);
    let frame = loop {
        let f = next_json(&mut ws).await;
        if f["event"] == "configuration_changed" {
            break f;
        }
    };
    assert!(frame["services"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["key"] == "energie" && s["name"] == "Energiepunt"));
    let reception = app.reception().await;
    let list: Vec<Value> = app.read(&reception, "/api/v1/services").await;
    assert!(list.iter().any(|s| s["key"] == "energie"));
}

// Mistakes are refused with the configuration file's messages, and change nothing.
both!(mistakes_in_a_service_are_refused_with_the_file_messages);
async fn mistakes_in_a_service_are_refused_with_the_file_messages(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let before = services(&app, &admin).await;
    let other_prefix = before
        .iter()
        .find(|s| s["key"] != "permanentie" && s["location"] == "centrum")
        .unwrap()["prefix"]
        .clone();
    for (body, status, code, says) in [
        (
            json!({"prefix": "p1"}),
            422,
            "invalid_configuration",
            "is not a prefix",
        ),
        (
            json!({"prefix": other_prefix}),
            422,
            "invalid_configuration",
            "numbers would clash",
        ),
        (
            json!({"names": {"fr": "Permanence"}}),
            422,
            "invalid_configuration",
            "needs at least a Dutch name",
        ),
        (
            json!({"names": {"nl": "P", "de": "P"}}),
            422,
            "invalid_configuration",
            "not a supported language",
        ),
        (
            json!({"target_wait_min": 0}),
            422,
            "invalid_configuration",
            "between 1 and 1440",
        ),
        (
            json!({"slot_min": 1}),
            422,
            "invalid_configuration",
            "between 5 and 480",
        ),
        (
            json!({"always_open": false, "hours": {"tue": ["13:00-12:00"]}}),
            422,
            "invalid_hours",
            "ends before it starts",
        ),
        (
            json!({"always_open": false, "hours": {"dinsdag": ["09:00-12:00"]}}),
            422,
            "invalid_hours",
            "is not a weekday",
        ),
        (
            json!({"always_open": true, "hours": {"tue": ["09:00-12:00"]}}),
            422,
            "invalid_hours",
            "keep one",
        ),
        (
            json!({"exceptions": [{"date": "24-12-2026", "hours": []}]}),
            422,
            "invalid_date",
            "is not a date",
        ),
        (json!({"target_wait": 15}), 422, "", ""),
    ] {
        let (s, e) = patch(&app, &admin, "permanentie", body.clone()).await;
        assert_eq!(s, status, "{body}: {e}");
        if !code.is_empty() {
            assert_eq!(e["error"]["code"], code, "{body}: {e}");
            assert!(
                e["error"]["message"].as_str().unwrap().contains(says),
                "{body}: {e}"
            );
        }
    }
    let (s, _) = patch(&app, &admin, "geen", json!({"target_wait_min": 10})).await;
    assert_eq!(s, 404);
    let (s, _) = status_and_json(
        app.http
            .request(
                reqwest::Method::PATCH,
                app.url("/api/v1/admin/services/permanentie?location=elders"),
            )
            .bearer_auth(&admin)
            .json(&json!({"target_wait_min": 10}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(s, 404);
    assert_eq!(services(&app, &admin).await, before, "nothing changed");
}

// Only an administrator: reception, a social worker, a manager and a kiosk are refused.
both!(only_an_admin_administers_services);
async fn only_an_admin_administers_services(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let before = services(&app, &admin).await;
    let mut new = before[0].clone();
    new["key"] = json!("nieuw");
    new["prefix"] = json!("N");
    #[rustfmt::skip]
    let calls = [
        (reqwest::Method::GET, "/api/v1/admin/services", Value::Null),
        (reqwest::Method::POST, "/api/v1/admin/services", new.clone()),
        (reqwest::Method::PATCH, "/api/v1/admin/services/permanentie", json!({"target_wait_min": 5})),
    ];
    app.assert_only_admins_may(&calls).await;
    assert_eq!(services(&app, &admin).await, before, "nothing changed");
}

// Two administrators on two server instances change two services at the same moment: each
// change answered 200 is in the configuration afterwards, and one that could not be made on
// the other's is refused (409), never silently undone.
both!(changes_made_at_the_same_moment_are_never_lost);
async fn changes_made_at_the_same_moment_are_never_lost(b: Backend) {
    let Some(one) = spawn_app(b).await else {
        return;
    };
    let two = one.another_instance().await;
    let admin_one = one.admin().await;
    let admin_two = two.admin().await;
    let mut refused = 0;
    for round in 0..8 {
        let (wait_a, wait_b) = (20 + round, 40 + round);
        let (a, b2) = tokio::join!(
            patch(
                &one,
                &admin_one,
                "permanentie",
                json!({"target_wait_min": wait_a})
            ),
            patch(
                &two,
                &admin_two,
                "id-team",
                json!({"target_wait_min": wait_b})
            ),
        );
        let listed = services(&one, &admin_one).await;
        let now_of =
            |key: &str| listed.iter().find(|s| s["key"] == key).unwrap()["target_wait_min"].clone();
        for ((status, body), key, wait) in [(a, "permanentie", wait_a), (b2, "id-team", wait_b)] {
            match status {
                200 => assert_eq!(now_of(key), json!(wait), "round {round}: {key} lost"),
                409 => {
                    assert_eq!(body["error"]["code"], "configuration_changed_meanwhile");
                    refused += 1;
                }
                other => panic!("round {round}: {key}: {other} {body}"),
            }
        }
    }
    // Made one after the other on the same instance, both go through.
    let (a, b2) = tokio::join!(
        patch(
            &one,
            &admin_one,
            "permanentie",
            json!({"target_wait_min": 11})
        ),
        patch(&one, &admin_one, "id-team", json!({"target_wait_min": 12})),
    );
    assert_eq!((a.0, b2.0), (200, 200), "{} {}", a.1, b2.1);
    let listed = services(&one, &admin_one).await;
    for (key, wait) in [("permanentie", 11), ("id-team", 12)] {
        let s = listed.iter().find(|s| s["key"] == key).unwrap();
        assert_eq!(s["target_wait_min"], json!(wait));
    }
    eprintln!("{refused} of 16 simultaneous changes were refused as made meanwhile");
}
