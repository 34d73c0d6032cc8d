//! Partners and kinds of help request administered in the app (`/api/v1/admin/partners…`,
//! `/api/v1/admin/help-categories…`): added, changed, retired (no longer offered, still named
//! in the register and on a referral slip) and reinstated, in the audit log; mistakes refused
//! with the file's rules; only for administrators.

use onthaal_tests::{error_code, spawn_app, spawn_app_with_admin, Backend, TestApp};
use serde_json::{json, Value};

use crate::desk_work::{app_with_printer, contains, jobs};

async fn list(app: &TestApp, token: &str, path: &str) -> Vec<Value> {
    let (s, list) = app.get_json(token, path).await;
    assert_eq!(s, 200, "{list}");
    list.as_array().unwrap().clone()
}

/// Both lists as the administrator reads them: the partners and the kinds of help request.
async fn partners_and_categories(app: &TestApp, admin: &str) -> (Vec<Value>, Vec<Value>) {
    let partners = list(app, admin, "/api/v1/admin/partners").await;
    (
        partners,
        list(app, admin, "/api/v1/admin/help-categories").await,
    )
}

/// `POST path` without a body (retire, reinstate) as the administrator.
async fn admin_action(app: &TestApp, admin: &str, path: &str) -> (u16, Value) {
    app.call(admin, reqwest::Method::POST, path, Value::Null)
        .await
}

fn keys(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|v| v["key"].as_str().unwrap().to_string())
        .collect()
}

// A partner is added, changed, retired — the ID-team can no longer refer to it, but the
// referral slip of an earlier visitor still names it — and reinstated; all in the audit log.
both!(an_admin_adds_changes_retires_and_reinstates_a_partner);
async fn an_admin_adds_changes_retires_and_reinstates_a_partner(b: Backend) {
    let Some((app, dir)) = app_with_printer(b).await else {
        return;
    };
    let admin = app.admin().await;
    let staff = app.reception().await;

    let jac = json!({"key": "jac", "name": "JAC Jongerenadvies", "address": "Kerkstraat 1",
                     "phone": "03 000 00 00", "hours": "wo 13-17 u"});
    let (s, p) = app.post_json(&admin, "/api/v1/admin/partners", jac).await;
    assert_eq!(s, 201, "{p}");
    assert_eq!(
        (p["active"].clone(), p["website"].clone()),
        (json!(true), Value::Null)
    );
    let offered = keys(&list(&app, &staff, "/api/v1/partners").await);
    assert!(offered.contains(&"jac".to_string()), "{offered:?}");

    let (s, p) = app
        .call(
            &admin,
            reqwest::Method::PATCH,
            "/api/v1/admin/partners/jac",
            json!({"name": "JAC Antwerpen", "website": "https://jac.example"}),
        )
        .await;
    assert_eq!(s, 200, "{p}");
    assert_eq!(p["name"], "JAC Antwerpen");
    assert_eq!(p["website"], "https://jac.example");
    assert_eq!(p["hours"], "wo 13-17 u", "what is left out stays");

    // A visitor referred to caw before caw is retired.
    let loket2 = app.desk_id(&staff, "Loket 2").await;
    let t = app.issue(&staff, "id-team").await;
    let id = t["id"].as_i64().unwrap();
    app.call_next(&staff, loket2).await;
    app.act(&staff, id, "start").await;
    let r = app
        .act_with(
            &staff,
            id,
            "triage",
            json!({"outcome": "external", "partner": "caw"}),
        )
        .await;
    assert_eq!(r.status(), 200);

    let (s, p) = admin_action(&app, &admin, "/api/v1/admin/partners/caw/retire").await;
    assert_eq!((s, p["active"].clone()), (200, json!(false)), "{p}");
    let offered = keys(&list(&app, &staff, "/api/v1/partners").await);
    assert!(!offered.contains(&"caw".to_string()), "{offered:?}");
    let all = list(&app, &admin, "/api/v1/admin/partners").await;
    assert!(all
        .iter()
        .any(|p| p["key"] == "caw" && p["active"] == false));
    // No longer offered to the ID-team…
    let t2 = app.issue(&staff, "id-team").await;
    let id2 = t2["id"].as_i64().unwrap();
    app.call_next(&staff, loket2).await;
    app.act(&staff, id2, "start").await;
    let (s, e) = app
        .post_json(
            &staff,
            &format!("/api/v1/tickets/{id2}/triage"),
            json!({"outcome": "external", "partner": "caw"}),
        )
        .await;
    assert_eq!((s, error_code(&e)), (422, Some("unknown_partner")));
    // …but the earlier visitor's referral slip still names it.
    let r = app
        .post(
            &staff,
            &format!("/api/v1/tickets/{id}/referral-slip"),
            json!({"reason": "Huurachterstal"}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let printed = jobs(&dir);
    assert!(contains(
        printed.last().unwrap(),
        b"CAW (Centrum Algemeen Welzijnswerk)"
    ));
    // A retired partner is not changed until it is reinstated; its key stays taken.
    let (s, e) = app
        .call(
            &admin,
            reqwest::Method::PATCH,
            "/api/v1/admin/partners/caw",
            json!({"phone": "1"}),
        )
        .await;
    assert_eq!((s, error_code(&e)), (409, Some("retired")));
    let (s, e) = app
        .post_json(
            &admin,
            "/api/v1/admin/partners",
            json!({"key": "caw", "name": "Ander"}),
        )
        .await;
    assert_eq!((s, error_code(&e)), (409, Some("partner_exists")));

    let (s, p) = admin_action(&app, &admin, "/api/v1/admin/partners/caw/reinstate").await;
    assert_eq!((s, p["active"].clone()), (200, json!(true)), "{p}");
    let offered = keys(&list(&app, &staff, "/api/v1/partners").await);
    assert!(offered.contains(&"caw".to_string()), "{offered:?}");

    // In the audit log, by whom, with what changed.
    let audit: Vec<Value> = app.read(&admin, "/api/v1/audit").await;
    let whats: Vec<String> = audit
        .iter()
        .filter(|e| e["event"] == "configuration_changed")
        .inspect(|e| assert!(e["staff"].is_string(), "who: {e}"))
        .flat_map(|e| e["details"]["changes"].as_array().unwrap().clone())
        .map(|c| {
            format!(
                "{} {}",
                c["kind"].as_str().unwrap(),
                c["what"].as_str().unwrap()
            )
        })
        .collect();
    for expected in ["add partner jac", "retire partner caw", "add partner caw"] {
        assert!(
            whats.iter().any(|w| w.starts_with(expected)),
            "{expected}: {whats:?}"
        );
    }
    assert!(
        whats
            .iter()
            .any(|w| w.starts_with("change") && w.contains("jac")),
        "{whats:?}"
    );
}

// A kind of help request is added, changed, retired — no longer on the form, still named in
// the register — and reinstated; the last one is never retired.
both!(an_admin_adds_changes_retires_and_reinstates_a_help_category);
async fn an_admin_adds_changes_retires_and_reinstates_a_help_category(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let staff = app.reception().await;
    let path = "/api/v1/admin/help-categories";

    let (s, c) = app
        .post_json(
            &admin,
            path,
            json!({"key": "studietoelage", "name": "Studietoelage"}),
        )
        .await;
    assert_eq!(s, 201, "{c}");
    assert_eq!(
        (c["leefloon"].clone(), c["active"].clone()),
        (json!(false), json!(true))
    );
    let form = keys(&list(&app, &staff, "/api/v1/help-categories").await);
    assert_eq!(
        form.last().unwrap(),
        "studietoelage",
        "last in the list: {form:?}"
    );
    let (s, c) = app
        .call(
            &admin,
            reqwest::Method::PATCH,
            &format!("{path}/studietoelage"),
            json!({"name": "Studietoelage en schoolkosten", "leefloon": true}),
        )
        .await;
    assert_eq!(s, 200, "{c}");
    assert_eq!(
        (c["name"].clone(), c["leefloon"].clone()),
        (json!("Studietoelage en schoolkosten"), json!(true))
    );

    let r = app
        .post(
            &staff,
            "/api/v1/help-requests",
            json!({"service": "permanentie", "category": "studietoelage"}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());

    let (s, c) = admin_action(&app, &admin, &format!("{path}/studietoelage/retire")).await;
    assert_eq!((s, c["active"].clone()), (200, json!(false)), "{c}");
    let form = keys(&list(&app, &staff, "/api/v1/help-categories").await);
    assert!(!form.contains(&"studietoelage".to_string()), "{form:?}");
    let (s, e) = app
        .post_json(
            &staff,
            "/api/v1/help-requests",
            json!({"service": "permanentie", "category": "studietoelage"}),
        )
        .await;
    assert_eq!(s, 422, "no longer offered: {e}");
    // The register still names it.
    let register = list(
        &app,
        &staff,
        "/api/v1/help-requests?from=2020-01-01&to=2030-12-31",
    )
    .await;
    assert!(
        register.iter().any(|h| h["category"] == "studietoelage"
            && h["category_name"] == "Studietoelage en schoolkosten"),
        "{register:?}"
    );

    let (s, c) = admin_action(&app, &admin, &format!("{path}/studietoelage/reinstate")).await;
    assert_eq!((s, c["active"].clone()), (200, json!(true)), "{c}");
    assert!(keys(&list(&app, &staff, "/api/v1/help-categories").await)
        .contains(&"studietoelage".to_string()));

    // Every one but the last can go; the last stays (an empty list would bring back the defaults).
    let active = keys(&list(&app, &staff, "/api/v1/help-categories").await);
    for k in &active[..active.len() - 1] {
        let (s, c) = admin_action(&app, &admin, &format!("{path}/{k}/retire")).await;
        assert_eq!(s, 200, "{k}: {c}");
    }
    let last = active.last().unwrap();
    let (s, e) = admin_action(&app, &admin, &format!("{path}/{last}/retire")).await;
    assert_eq!((s, error_code(&e)), (409, Some("last_category")), "{e}");
    assert_eq!(
        keys(&list(&app, &staff, "/api/v1/help-categories").await),
        std::slice::from_ref(last)
    );

    let audit: Vec<Value> = app.read(&admin, "/api/v1/audit").await;
    assert!(audit.iter().any(|e| e["event"] == "configuration_changed"
        && e["details"]["after"]
            .as_str()
            .is_some_and(|a| a.contains("Studietoelage en schoolkosten"))));
}

// Mistakes are refused with a clear JSON error, and change nothing.
both!(mistakes_in_partners_and_categories_are_refused);
async fn mistakes_in_partners_and_categories_are_refused(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let before = partners_and_categories(&app, &admin).await;
    let (post, patch) = (reqwest::Method::POST, reqwest::Method::PATCH);
    let (partners_path, categories_path) =
        ("/api/v1/admin/partners", "/api/v1/admin/help-categories");
    #[rustfmt::skip]
    let mistakes = [
        (&post, partners_path, json!({"key": "Geen Sleutel!", "name": "X"}), 422, "invalid_configuration"),
        (&post, partners_path, json!({"key": "leeg", "name": "  "}), 422, "invalid_configuration"),
        (&post, partners_path, json!({"key": "x"}), 422, ""),
        (&post, partners_path, json!({"key": "x", "name": "X", "color": 1}), 422, ""),
        (&post, partners_path, json!({"key": "caw", "name": "X"}), 409, "partner_exists"),
        (&patch, "/api/v1/admin/partners/caw", json!({"name": ""}), 422, "invalid_configuration"),
        (&patch, "/api/v1/admin/partners/niemand", json!({"name": "X"}), 404, "not_found"),
        (&post, "/api/v1/admin/partners/niemand/retire", Value::Null, 404, "not_found"),
        (&post, categories_path, json!({"key": "a b", "name": "X"}), 422, "invalid_configuration"),
        (&post, categories_path, json!({"key": "leefloon", "name": "X"}), 409, "category_exists"),
        (&patch, "/api/v1/admin/help-categories/leefloon", json!({"leefloon": "ja"}), 422, ""),
        (&patch, "/api/v1/admin/help-categories/geen", json!({"name": "X"}), 404, "not_found"),
        (&post, "/api/v1/admin/help-categories/geen/reinstate", Value::Null, 404, "not_found"),
    ];
    for (method, path, body, status, code) in mistakes {
        let (s, e) = app.call(&admin, method.clone(), path, body.clone()).await;
        assert_eq!(s, status, "{method} {path} {body}: {e}");
        assert!(e["error"]["message"].is_string(), "{e}");
        if !code.is_empty() {
            assert_eq!(e["error"]["code"], code, "{method} {path} {body}: {e}");
        }
    }
    let (_, e) = app
        .post_json(
            &admin,
            "/api/v1/admin/partners",
            json!({"key": "Geen Sleutel!", "name": "X"}),
        )
        .await;
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("partner.key"),
        "{e}"
    );
    let after = partners_and_categories(&app, &admin).await;
    assert_eq!(after, before, "nothing changed");
}

// Only an administrator: reception, a social worker, a manager and a kiosk are refused.
both!(only_an_admin_administers_partners_and_categories);
async fn only_an_admin_administers_partners_and_categories(b: Backend) {
    let Some((app, admin)) = spawn_app_with_admin(b).await else {
        return;
    };
    let before = partners_and_categories(&app, &admin).await;
    let post = reqwest::Method::POST;
    let (get, patch) = (reqwest::Method::GET, reqwest::Method::PATCH);
    #[rustfmt::skip]
    let calls = [
        (get.clone(), "/api/v1/admin/partners", Value::Null),
        (post.clone(), "/api/v1/admin/partners", json!({"key": "nieuw", "name": "Nieuw"})),
        (patch.clone(), "/api/v1/admin/partners/caw", json!({"name": "X"})),
        (post.clone(), "/api/v1/admin/partners/caw/retire", Value::Null),
        (post.clone(), "/api/v1/admin/partners/caw/reinstate", Value::Null),
        (get.clone(), "/api/v1/admin/help-categories", Value::Null),
        (post.clone(), "/api/v1/admin/help-categories", json!({"key": "nieuw", "name": "Nieuw"})),
        (patch.clone(), "/api/v1/admin/help-categories/leefloon", json!({"name": "X"})),
        (post.clone(), "/api/v1/admin/help-categories/leefloon/retire", Value::Null),
        (post.clone(), "/api/v1/admin/help-categories/leefloon/reinstate", Value::Null),
    ];
    app.assert_only_admins_may(&calls).await;
    let after = partners_and_categories(&app, &admin).await;
    assert_eq!(after, before, "nothing changed");
}

// Live on every instance: a partner and a category retired on one server are no longer
// offered by another on the same database, and are offered there again once reinstated.
both!(a_retirement_on_one_instance_holds_on_another);
async fn a_retirement_on_one_instance_holds_on_another(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let other = app.another_instance().await;
    let admin = app.admin().await;
    let staff = other.reception().await;
    // Whether the other instance offers the partner caw and the kind of help request energie.
    let offered = || {
        let (other, staff) = (&other, &staff);
        async move {
            let partners = keys(&list(other, staff, "/api/v1/partners").await);
            let categories = keys(&list(other, staff, "/api/v1/help-categories").await);
            let (caw, energie) = ("caw".to_string(), "energie".to_string());
            (partners.contains(&caw), categories.contains(&energie))
        }
    };
    assert_eq!(offered().await, (true, true));
    for (action, offered_after) in [("retire", false), ("reinstate", true)] {
        for path in [
            format!("/api/v1/admin/partners/caw/{action}"),
            format!("/api/v1/admin/help-categories/energie/{action}"),
        ] {
            let (s, e) = admin_action(&app, &admin, &path).await;
            assert_eq!(s, 200, "{path}: {e}");
        }
        let after = (offered_after, offered_after);
        assert_eq!(offered().await, after, "after {action}");
    }
}
