//! Statistics through the API: a known day of events built with the manual clock, and every
//! figure checked exactly (medians, p90 by nearest rank, heatmap cells, ratios, SLA, the
//! estimate's accuracy, CSV contents), on SQLite and PostgreSQL; who may read them.
//!
//! The day (Tuesday 24 November 2026, Brussels time; the clock starts at 10:00):
//!
//! | ticket | service     | channel | issued | called (desk)      | then                                        |
//! |--------|-------------|---------|--------|--------------------|---------------------------------------------|
//! | A      | id-team     | kiosk   | 10:00  | 10:04:00 (Loket 2) | start 10:04:30, external → CAW, finish 10:14:00 |
//! | B      | id-team     | kiosk   | 10:02  | 10:12:00 (Loket 1) | start 10:12:30, internal → permanentie 10:15:30 |
//! | C      | permanentie | desk    | 10:05  | 10:20:00 (Sp. 1)   | start 10:21:00, finish 10:41:00             |
//! | D      | id-team     | kiosk   | 10:10  | 10:30:00 (Loket 2) | no-show 10:35:00                            |
//! | B'     | permanentie | (B)     | 10:15:30 | 10:45:00 (Sp. 1) | start 10:45:30, finish 11:05:30             |
//! | E      | schuldhulp  | kiosk   | 11:00  | 11:20:00 (Balie 3) | start 11:21:00, finish 11:36:00             |
//! | F      | permanentie | kiosk   | 11:30  | —                  | cancelled 11:40                             |
//! | G      | id-team     | kiosk   | 11:45  | 11:50:00 (Loket 2) | start 11:50:30, answered, finish 11:55:00   |
//!
//! Waits (s): A 240, B 600, C 900, D 1200, B' 1770, E 1200, G 300.
//! Service times (s): A 570, B 180 (until the transfer), C 1200, B' 1200, E 900, G 270.

use chrono::{Duration, TimeZone, Utc};
use onthaal_server::config::Config;
use onthaal_tests::seed::DASHBOARD_TABLES;
use onthaal_tests::{spawn_app_unlimited, Backend, TestApp};
use serde_json::{json, Value};

const DAY: &str = "from=2026-11-24&to=2026-11-24";

struct Day {
    app: TestApp,
    manager: String,
    /// Estimate at issue per first visit that was called: (estimate, real wait).
    estimates: Vec<(i64, i64)>,
}

fn at(h: u32, m: u32, s: u32) -> chrono::DateTime<Utc> {
    // Brussels is UTC+1 in November.
    Utc.with_ymd_and_hms(2026, 11, 24, h - 1, m, s).unwrap()
}

async fn ok(r: reqwest::Response) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{status}: {body}");
    body
}

async fn build_day(b: Backend) -> Option<Day> {
    let app = spawn_app_unlimited(b, Config::demo()).await?;
    let staff = app.reception().await;
    let kiosk = app.device("kiosk").await;
    let manager = app.login("diensthoofd", "diensthoofd").await;
    let loket1 = app.desk_id(&staff, "Loket 1").await;
    let loket2 = app.desk_id(&staff, "Loket 2").await;
    let balie3 = app.desk_id(&staff, "Balie 3").await;
    let sp1 = app.desk_id(&staff, "Spreekkamer 1").await;

    let issue = |token: String, service: &'static str| {
        let app = &app;
        async move { app.issue(&token, service).await }
    };
    let call = |id: i64, desk: i64| {
        let (app, staff) = (&app, staff.clone());
        async move {
            ok(app
                .act_with(&staff, id, "call", json!({ "desk": desk }))
                .await)
            .await
        }
    };
    let act = |id: i64, action: &'static str| {
        let (app, staff) = (&app, staff.clone());
        async move { ok(app.act(&staff, id, action).await).await }
    };
    let triage = |id: i64, body: Value| {
        let (app, staff) = (&app, staff.clone());
        async move { ok(app.act_with(&staff, id, "triage", body).await).await }
    };
    let id = |t: &Value| t["id"].as_i64().unwrap();
    let est = |t: &Value| t["estimated_wait_s"].as_i64().unwrap();

    app.clock.set(at(10, 0, 0));
    let a = issue(kiosk.clone(), "id-team").await;
    app.clock.set(at(10, 2, 0));
    let b_ = issue(kiosk.clone(), "id-team").await;
    app.clock.set(at(10, 4, 0));
    call(id(&a), loket2).await;
    app.clock.set(at(10, 4, 30));
    act(id(&a), "start").await;
    app.clock.set(at(10, 5, 0));
    let c = issue(staff.clone(), "permanentie").await;
    app.clock.set(at(10, 9, 0));
    triage(id(&a), json!({"outcome": "external", "partner": "caw"})).await;
    app.clock.set(at(10, 10, 0));
    let d = issue(kiosk.clone(), "id-team").await;
    app.clock.set(at(10, 12, 0));
    call(id(&b_), loket1).await;
    app.clock.set(at(10, 12, 30));
    act(id(&b_), "start").await;
    app.clock.set(at(10, 14, 0));
    act(id(&a), "finish").await;
    app.clock.set(at(10, 15, 30));
    triage(
        id(&b_),
        json!({"outcome": "internal", "service": "permanentie"}),
    )
    .await;
    app.clock.set(at(10, 20, 0));
    call(id(&c), sp1).await;
    app.clock.set(at(10, 21, 0));
    act(id(&c), "start").await;
    app.clock.set(at(10, 30, 0));
    call(id(&d), loket2).await;
    app.clock.set(at(10, 35, 0));
    act(id(&d), "no-show").await;
    app.clock.set(at(10, 41, 0));
    act(id(&c), "finish").await;
    app.clock.set(at(10, 45, 0));
    call(id(&b_), sp1).await;
    app.clock.set(at(10, 45, 30));
    act(id(&b_), "start").await;
    app.clock.set(at(11, 0, 0));
    let e = issue(kiosk.clone(), "schuldhulp").await;
    app.clock.set(at(11, 5, 30));
    act(id(&b_), "finish").await;
    app.clock.set(at(11, 20, 0));
    call(id(&e), balie3).await;
    app.clock.set(at(11, 21, 0));
    act(id(&e), "start").await;
    app.clock.set(at(11, 30, 0));
    let f = issue(kiosk.clone(), "permanentie").await;
    app.clock.set(at(11, 36, 0));
    act(id(&e), "finish").await;
    app.clock.set(at(11, 40, 0));
    act(id(&f), "cancel").await;
    app.clock.set(at(11, 45, 0));
    let g = issue(kiosk.clone(), "id-team").await;
    app.clock.set(at(11, 50, 0));
    call(id(&g), loket2).await;
    app.clock.set(at(11, 50, 30));
    act(id(&g), "start").await;
    app.clock.set(at(11, 52, 0));
    triage(id(&g), json!({"outcome": "answered"})).await;
    app.clock.set(at(11, 55, 0));
    act(id(&g), "finish").await;
    // Three help requests in the register that day.
    for category in ["leefloon", "leefloon", "schuldhulp"] {
        ok(app
            .post(
                &staff,
                "/api/v1/help-requests",
                json!({"service": "permanentie", "category": category}),
            )
            .await)
        .await;
    }
    let estimates = vec![
        (est(&a), 240),
        (est(&b_), 600),
        (est(&c), 900),
        (est(&d), 1200),
        (est(&e), 1200),
        (est(&g), 300),
    ];
    Some(Day {
        app,
        manager,
        estimates,
    })
}

impl Day {
    async fn get(&self, path: &str) -> Value {
        ok(self.app.get(&self.manager, path).await).await
    }

    /// A table's rows as objects keyed by column key.
    async fn table(&self, name: &str, query: &str) -> Vec<Value> {
        let t = self.get(&format!("/api/v1/stats/{name}?{query}")).await;
        let keys: Vec<String> = t["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["key"].as_str().unwrap().to_string())
            .collect();
        t["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let mut o = serde_json::Map::new();
                for (k, v) in keys.iter().zip(r.as_array().unwrap()) {
                    o.insert(k.clone(), v.clone());
                }
                Value::Object(o)
            })
            .collect()
    }
}

both!(a_known_day_gives_exact_figures);
async fn a_known_day_gives_exact_figures(b: Backend) {
    let Some(day) = build_day(b).await else {
        return;
    };
    let s = day.get(&format!("/api/v1/stats?{DAY}")).await;
    // The contract's figures.
    assert_eq!(s["visitors"], 7);
    assert_eq!(
        s["wait_s"],
        json!({"count": 7, "mean": 887.1, "median": 900, "p90": 1770, "max": 1770})
    );
    assert_eq!(
        s["service_s"],
        json!({"count": 6, "mean": 720.0, "median": 570, "p90": 1200, "max": 1200})
    );
    assert_eq!(s["no_show_rate"], 0.1429); // 1 of 7 called
    assert_eq!(s["sla_compliance"], 0.8571); // 6 of 7 called within target (D waited 20 > 15 min)
    assert_eq!(
        s["triage"],
        json!({"answered": 1, "internal": 1, "external": 1, "none": 0})
    );
    // The rest of the summary.
    assert_eq!(s["visits"], 8);
    assert_eq!(s["referred_in"], 1);
    assert_eq!(s["called"], 7);
    assert_eq!(s["no_shows"], 1);
    assert_eq!(s["cancelled"], 1);
    assert_eq!(s["transfers"], 1);
    assert_eq!(s["issued_while_closed"], 0);
    assert_eq!(s["internal_referral_share"], 0.5);
    assert_eq!(
        s["external_by_partner"],
        json!([{"partner": "caw", "name": "CAW (Centrum Algemeen Welzijnswerk)", "count": 1}])
    );
    // The estimate printed on the tickets against the real waits.
    let errors: Vec<i64> = day.estimates.iter().map(|(e, w)| e - w).collect();
    let n = errors.len() as f64;
    let mae = errors.iter().map(|e| e.abs()).sum::<i64>() as f64 / n;
    let bias = errors.iter().sum::<i64>() as f64 / n;
    let within = errors.iter().filter(|e| e.abs() <= 300).count() as f64 / n;
    assert_eq!(s["estimate"]["count"], 6);
    assert_eq!(
        s["estimate"]["mean_abs_error_s"],
        (mae * 10.0).round() / 10.0
    );
    assert_eq!(s["estimate"]["bias_s"], (bias * 10.0).round() / 10.0);
    assert_eq!(
        s["estimate"]["within_5_min"],
        (within * 10000.0).round() / 10000.0
    );

    // Filters: one service (its visits include the visitor referred there).
    let p = day
        .get(&format!("/api/v1/stats?{DAY}&service=permanentie"))
        .await;
    assert_eq!(p["visitors"], 2); // C and F arrived for permanentie
    assert_eq!(p["visits"], 3); // … and B was referred there
    assert_eq!(
        p["wait_s"],
        json!({"count": 2, "mean": 1335.0, "median": 900, "p90": 1770, "max": 1770})
    );
    assert_eq!(p["service_s"]["median"], 1200);
    assert_eq!(p["sla_compliance"], 1.0);
    assert_eq!(p["triage"]["internal"], 0);
    // One desk (of the first call): A, D, G at Loket 2.
    let loket2 = day.app.desk_id(&day.manager, "Loket 2").await;
    let l = day.get(&format!("/api/v1/stats?{DAY}&desk={loket2}")).await;
    assert_eq!(l["wait_s"]["median"], 300);
    assert_eq!(l["wait_s"]["count"], 3);
    assert_eq!(l["no_show_rate"], 0.3333);
    // One channel: only C was taken at a desk.
    let d = day.get(&format!("/api/v1/stats?{DAY}&channel=desk")).await;
    assert_eq!(d["visitors"], 1);
    assert_eq!(d["wait_s"]["median"], 900);
    let k = day
        .get(&format!("/api/v1/stats?{DAY}&channel=appointment"))
        .await;
    assert_eq!(k["visitors"], 0);
    assert_eq!(
        k["wait_s"],
        json!({"count": 0, "mean": null, "median": null, "p90": null, "max": null})
    );
    assert_eq!(k["sla_compliance"], Value::Null);
    // Another day has nothing.
    let empty = day.get("/api/v1/stats?from=2026-11-23&to=2026-11-23").await;
    assert_eq!(empty["visitors"], 0);

    // Heatmap: arrivals (first visits) per weekday and hour: Tuesday 10h 4, 11h 3.
    let heat = day.table("heatmap", DAY).await;
    let cell = |dow: i64, hour: i64| {
        heat.iter()
            .find(|c| c["dow"] == dow && c["hour"] == hour)
            .cloned()
            .unwrap_or_else(|| panic!("cell {dow} {hour}"))
    };
    assert_eq!(cell(2, 10)["visitors"], 4);
    assert_eq!(cell(2, 10)["per_day"], 4.0);
    assert_eq!(cell(2, 11)["visitors"], 3);
    assert_eq!(cell(2, 9)["visitors"], 0);
    assert_eq!(cell(1, 10)["per_day"], Value::Null); // no Monday in the period
    assert_eq!(
        heat.iter()
            .map(|c| c["visitors"].as_i64().unwrap())
            .sum::<i64>(),
        7
    );

    // Wait histogram in 5-minute bars: 240 | 300 | 600 | 900 | 1200 ×2 | 1770.
    let hist = day.table("wait_histogram", DAY).await;
    let counts: Vec<i64> = hist.iter().map(|r| r["visits"].as_i64().unwrap()).collect();
    assert_eq!(counts, vec![1, 1, 1, 1, 2, 1, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(hist[4]["from_min"], 20);
    assert_eq!(hist[4]["to_min"], 25);
    assert_eq!(hist[4]["share"], 0.2857);
    assert_eq!(hist[12]["to_min"], Value::Null);

    // Per day, in whole minutes: 4, 5, 10, 15, 20, 20, 29.
    let daily = day.table("daily", "from=2026-11-23&to=2026-11-24").await;
    assert_eq!(daily.len(), 2);
    assert_eq!(daily[0]["visitors"], 0);
    assert_eq!(
        daily[1],
        json!({"day": "2026-11-24", "weekday": "dinsdag", "visitors": 7, "called": 7,
               "wait_median_min": 15, "wait_p90_min": 29, "sla_compliance": 0.8571,
               "no_shows": 1, "no_show_rate": 0.1429})
    );

    // Per service.
    let services = day.table("services", DAY).await;
    let id_team = services.iter().find(|r| r["service"] == "id-team").unwrap();
    // Waits 240, 300, 600, 1200; services 570, 180, 270.
    assert_eq!(id_team["visitors"], 4);
    assert_eq!(id_team["wait_median_s"], 300);
    assert_eq!(id_team["wait_p90_s"], 1200);
    assert_eq!(id_team["wait_mean_s"], 585.0);
    assert_eq!(id_team["service_median_s"], 270);
    assert_eq!(id_team["sla_compliance"], 0.75);
    assert_eq!(id_team["no_show_rate"], 0.25);
    assert_eq!(id_team["transfers"], 1);
    assert_eq!(id_team["target_wait_s"], 900);
    let perm = services
        .iter()
        .find(|r| r["service"] == "permanentie")
        .unwrap();
    assert_eq!(perm["referred_in"], 1);

    // ID-team outcomes and partners.
    let triage = day.table("triage", DAY).await;
    assert_eq!(
        triage
            .iter()
            .map(|r| (r["outcome"].as_str().unwrap(), r["count"].as_i64().unwrap()))
            .collect::<Vec<_>>(),
        vec![
            ("answered", 1),
            ("internal", 1),
            ("external", 1),
            ("none", 0)
        ]
    );
    assert_eq!(triage[0]["share"], 0.3333);
    let partners = day.table("partners", DAY).await;
    assert_eq!(partners.len(), 1);
    assert_eq!(partners[0]["partner"], "caw");
    assert_eq!(partners[0]["share"], 1.0);

    // Help requests per ISO week and category.
    let help = day.table("help_requests", DAY).await;
    let h: Vec<(String, String, i64)> = help
        .iter()
        .map(|r| {
            (
                r["week"].as_str().unwrap().to_string(),
                r["category"].as_str().unwrap().to_string(),
                r["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        h,
        vec![
            ("2026-W48".into(), "leefloon".into(), 2),
            ("2026-W48".into(), "schuldhulp".into(), 1)
        ]
    );
    assert_eq!(help[0]["week_start"], "2026-11-23");

    // CSV: BOM, `;`, decimal comma, the same rows as the table.
    let r = day
        .app
        .get(
            &day.manager,
            &format!("/api/v1/stats/export.csv?table=daily&{DAY}"),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"].to_str().unwrap(),
        "text/csv; charset=utf-8"
    );
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("onthaal-daily-20261124-20261124.csv"));
    let csv = r.text().await.unwrap();
    assert_eq!(
        csv,
        "\u{feff}Dag;Weekdag;Bezoekers;Opgeroepen;Wachttijd mediaan (minuten);Wachttijd p90 (minuten);\
         Binnen streeftijd (0-1);Niet opgedaagd;Aandeel niet opgedaagd (0-1)\r\n\
         2026-11-24;dinsdag;7;7;15;29;0,8571;1;0,1429\r\n"
    );
    let csv = day
        .app
        .get(
            &day.manager,
            &format!("/api/v1/stats/export.csv?table=summary&{DAY}"),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("\r\nWachttijd mediaan;900;s\r\n"), "{csv}");
    assert!(csv.contains("\r\nWachttijd gemiddeld;887,1;s\r\n"), "{csv}");
    // No names anywhere: not of staff, not of the partner's contact (only organisations).
    for table in ["summary"].into_iter().chain(DASHBOARD_TABLES) {
        let csv = day
            .app
            .get(
                &day.manager,
                &format!("/api/v1/stats/export.csv?table={table}&{DAY}"),
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(csv.starts_with('\u{feff}'), "{table}");
        for name in ["Sam Onthaal", "Lies Diensthoofd", "onthaal;", "diensthoofd"] {
            assert!(!csv.contains(name), "{table} names {name}");
        }
    }
}

both!(live_figures_follow_the_queue);
async fn live_figures_follow_the_queue(b: Backend) {
    let Some(day) = build_day(b).await else {
        return;
    };
    let staff = day.app.reception().await;
    day.app.clock.set(at(12, 0, 0));
    day.app.issue(&staff, "huur").await;
    day.app.clock.set(at(12, 3, 0));
    day.app.issue(&staff, "huur").await;
    day.app.clock.set(at(12, 10, 0));
    let live = day.get("/api/v1/stats/live").await;
    let svc = |key: &str| {
        live["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == key)
            .cloned()
            .unwrap()
    };
    assert_eq!(svc("huur")["waiting"], 2);
    assert_eq!(svc("huur")["longest_wait_s"], 600);
    assert_eq!(svc("id-team")["waiting"], 0);
    assert_eq!(svc("id-team")["longest_wait_s"], Value::Null);
    assert_eq!(svc("id-team")["called_today"], 4);
    assert_eq!(svc("id-team")["served_today"], 2); // A and G; B was referred on, D did not show
    assert_eq!(svc("id-team")["no_shows_today"], 1);
    assert_eq!(svc("id-team")["median_wait_today_s"], 300);
    assert_eq!(svc("permanentie")["served_today"], 2);
    // Loket 2 called at 11:50, within the hour: open; its last visitor is done, so idle.
    let desks = live["desks"].as_array().unwrap();
    let loket2 = desks.iter().find(|d| d["name"] == "Loket 2").unwrap();
    assert_eq!(loket2["open"], true);
    assert_eq!(loket2["state"], "idle");
    // Someone called now shows up at the desk, right away (no stale rollup).
    let balie3 = day.app.desk_id(&staff, "Balie 3").await;
    let called = ok(day.app.call_next(&staff, balie3).await).await;
    let live = day.get("/api/v1/stats/live").await;
    let desk = live["desks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == balie3)
        .cloned()
        .unwrap();
    assert_eq!(desk["state"], "called");
    assert_eq!(desk["ticket"], called["number"]);
    assert_eq!(desk["since"], "2026-11-24T11:10:00Z");
    let huur = live["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "huur")
        .cloned()
        .unwrap();
    assert_eq!(huur["waiting"], 1);
    assert_eq!(huur["called_today"], 1);
    // And the period figures include the new call at once.
    let s = day.get(&format!("/api/v1/stats?{DAY}&service=huur")).await;
    assert_eq!(s["wait_s"]["median"], 600);
    let _ = Duration::zero();
}

both!(only_managers_and_admins_read_statistics);
async fn only_managers_and_admins_read_statistics(b: Backend) {
    let Some(app) = spawn_app_unlimited(b, Config::demo()).await else {
        return;
    };
    let reception = app.reception().await;
    let worker = app.login("mw.peeters", "peeters").await;
    let manager = app.login("diensthoofd", "diensthoofd").await;
    let admin = app.admin().await;
    let kiosk = app.device("kiosk").await;
    let paths = [
        "/api/v1/stats?from=2026-11-24&to=2026-11-24",
        "/api/v1/stats/live",
        "/api/v1/stats/daily",
        "/api/v1/stats/export.csv?table=services",
    ];
    for p in paths {
        for (who, token) in [
            ("reception", &reception),
            ("social worker", &worker),
            ("kiosk", &kiosk),
        ] {
            let r = app.get(token, p).await;
            assert_eq!(r.status(), 403, "{who} {p}");
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["error"]["code"], "forbidden");
        }
        let r = app.http.get(app.url(p)).send().await.unwrap();
        assert_eq!(r.status(), 401, "anonymous {p}");
        for token in [&manager, &admin] {
            assert_eq!(app.get(token, p).await.status(), 200, "{p}");
        }
    }
    // The session cookie (what the dashboard page uses) works like the bearer token.
    let r = app
        .http
        .get(app.url("/api/v1/stats/live"))
        .header("cookie", format!("onthaal_session={manager}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Bad filters are a 400 with our error body; an unknown table a 404.
    for (q, code) in [
        ("from=2026-13-01", "invalid_period"),
        ("from=2026-11-25&to=2026-11-24", "invalid_period"),
        ("service=nope", "unknown_service"),
        ("desk=abc", "invalid_filter"),
        ("desk=9999", "unknown_desk"),
        ("channel=phone", "invalid_filter"),
        ("from=2000-01-01&to=2026-01-01", "invalid_period"),
    ] {
        let r = app.get(&manager, &format!("/api/v1/stats?{q}")).await;
        assert_eq!(r.status(), 400, "{q}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], code, "{q}");
    }
    assert_eq!(app.get(&manager, "/api/v1/stats/nope").await.status(), 404);
    // Without dates: today.
    let s: Value = app.read(&manager, "/api/v1/stats").await;
    assert_eq!(s["from"], "2026-11-24");
    assert_eq!(s["to"], "2026-11-24");
    // The page itself is public (it holds no data) and is served with a strict policy.
    let r = app.http.get(app.url("/dashboard")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("script-src 'self'"));
    let r = app
        .http
        .get(app.url("/dashboard/chart.umd.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Chart.js v4"));
}

// The appointment day (Tuesday 24 November 2026; the clock starts at 10:00; booked by
// reception through the API, three of them then marked as booked online in the log, as the
// online booking writes them):
//
// | appt | worker   | slot (24th)   | booked | then                                                     |
// |------|----------|---------------|--------|----------------------------------------------------------|
// | A1   | Peeters  | 10:30         | desk   | check-in 10:20 (on time), called 10:32 → wait 720 s       |
// | A2   | Janssens | 10:30         | online | check-in 10:34:10 (250 s late), called 10:40 → wait 350 s |
// | A3   | Peeters  | 11:00         | desk   | check-in 11:05 (300 s late), called 11:06 → wait 60 s     |
// | A4   | Janssens | 11:00         | online | no-show recorded 11:20                                   |
// | A5   | Peeters  | 11:30         | desk   | cancelled 10:05                                          |
// | A6   | Janssens | 11:30 → 25th 14:00 | desk | moved away at 10:05: not on the 24th                 |
// | A7   | Janssens | 13:00         | desk   | nothing yet: open                                        |
// | A8   | Peeters  | 25th 09:00 → 11:30 | online | moved onto the 24th into A5's slot; check-in 11:28 (on time), not called |
// | A9   | Janssens | 11:30         | desk   | check-in 11:20 (on time), called 11:25 → wait 300 s, ticket no-show 11:30 |
//
// On the 24th: 8 appointments (A1–A5, A7–A9), 3 online; on time A1, A8; late A2, A3;
// no-show A4, A9; cancelled A5; open A7. Waits after arrival 720, 350, 60, 300.
both!(appointment_figures_from_the_event_log);
async fn appointment_figures_from_the_event_log(b: Backend) {
    let Some(app) = spawn_app_unlimited(b, Config::demo()).await else {
        return;
    };
    let reception = app.reception().await;
    let manager = app.login("diensthoofd", "diensthoofd").await;
    let peeters = app.login("mw.peeters", "peeters").await;
    let janssens = app.login("mw.janssens", "janssens").await;
    let staff: Value = ok(app.get(&reception, "/api/v1/staff").await).await;
    let staff_id = |name: &str| {
        staff
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (p_id, j_id) = (staff_id("An Peeters"), staff_id("Karim Janssens"));
    let sp1 = app.desk_id(&reception, "Spreekkamer 1").await;
    let sp2 = app.desk_id(&reception, "Spreekkamer 2").await;
    let book = |worker: i64, room: i64, start: &str, marker: &str| {
        let body = json!({"service": "afspraak", "staff": worker, "desk": room, "start": start,
                          "duration_min": 30, "lang": "nl",
                          "contact": {"name": format!("Naammerker {marker}"), "phone": "0470 99 88 77"}});
        let (app, reception) = (&app, reception.clone());
        async move { ok(app.post(&reception, "/api/v1/appointments", body).await).await }
    };
    let check_in = |a: &Value| {
        let (app, reception, code) = (&app, reception.clone(), a["code"].clone());
        async move {
            ok(app
                .post(&reception, "/api/v1/check-in", json!({"code": code}))
                .await)
            .await
        }
    };
    let call = |token: &String, ticket: &Value, desk: i64| {
        let (app, token, id) = (&app, token.clone(), ticket["id"].clone());
        async move {
            ok(app
                .act_with(&token, id, "call", json!({ "desk": desk }))
                .await)
            .await
        }
    };
    let appt = |a: &Value, what: &str, body: Value| {
        let (app, reception, id) = (&app, reception.clone(), a["id"].clone());
        let path = format!("/api/v1/appointments/{id}/{what}");
        async move { ok(app.post(&reception, &path, body).await).await }
    };

    app.clock.set(at(10, 0, 0));
    let a1 = book(p_id, sp1, "2026-11-24T10:30:00+01:00", "A1").await;
    let a2 = book(j_id, sp2, "2026-11-24T10:30:00+01:00", "A2").await;
    let a3 = book(p_id, sp1, "2026-11-24T11:00:00+01:00", "A3").await;
    let a4 = book(j_id, sp2, "2026-11-24T11:00:00+01:00", "A4").await;
    let a5 = book(p_id, sp1, "2026-11-24T11:30:00+01:00", "A5").await;
    let a6 = book(j_id, sp2, "2026-11-24T11:30:00+01:00", "A6").await;
    book(j_id, sp2, "2026-11-24T13:00:00+01:00", "A7").await;
    let a8 = book(p_id, sp1, "2026-11-25T09:00:00+01:00", "A8").await;
    // A2, A4 and A8 came in through online booking: the log says so in the event's channel.
    mark_online(&app, &[&a2, &a4, &a8]).await;
    app.clock.set(at(10, 5, 0));
    appt(&a5, "cancel", json!({})).await;
    appt(&a6, "move", json!({"start": "2026-11-25T14:00:00+01:00"})).await;
    appt(&a8, "move", json!({"start": "2026-11-24T11:30:00+01:00"})).await;
    // A9 takes the slot A6 left.
    let a9 = book(j_id, sp2, "2026-11-24T11:30:00+01:00", "A9").await;
    app.clock.set(at(10, 20, 0));
    let t1 = check_in(&a1).await;
    app.clock.set(at(10, 32, 0));
    call(&peeters, &t1, sp1).await;
    app.clock.set(at(10, 33, 0));
    ok(app.act(&peeters, &t1["id"], "start").await).await;
    app.clock.set(at(10, 34, 10));
    let t2 = check_in(&a2).await;
    // A first look half-way: the fold continues from here, incrementally.
    let half = ok(app.get(&manager, &format!("/api/v1/stats?{DAY}")).await).await;
    assert_eq!(half["appointments"]["on_time"], 1);
    assert_eq!(half["appointments"]["late"], 1);
    app.clock.set(at(10, 40, 0));
    call(&janssens, &t2, sp2).await;
    app.clock.set(at(10, 41, 0));
    ok(app.act(&janssens, &t2["id"], "start").await).await;
    app.clock.set(at(11, 0, 0));
    ok(app.act(&peeters, &t1["id"], "finish").await).await;
    app.clock.set(at(11, 5, 0));
    let t3 = check_in(&a3).await;
    app.clock.set(at(11, 6, 0));
    call(&peeters, &t3, sp1).await;
    app.clock.set(at(11, 10, 0));
    ok(app.act(&janssens, &t2["id"], "finish").await).await;
    app.clock.set(at(11, 20, 0));
    appt(&a4, "no-show", json!({})).await;
    let t9 = check_in(&a9).await;
    app.clock.set(at(11, 25, 0));
    call(&janssens, &t9, sp2).await;
    app.clock.set(at(11, 28, 0));
    check_in(&a8).await;
    app.clock.set(at(11, 30, 0));
    ok(app.act(&janssens, &t9["id"], "no-show").await).await;

    let get = |q: String| {
        let (app, manager) = (&app, manager.clone());
        async move { ok(app.get(&manager, &format!("/api/v1/stats?{q}")).await).await }
    };
    let s = get(DAY.to_string()).await;
    let a = &s["appointments"];
    assert_eq!(
        *a,
        json!({
            "booked": 8, "online": 3, "desk": 5,
            "arrived": 5, "on_time": 2, "late": 2, "no_show": 2, "cancelled": 1, "open": 1,
            "on_time_share": 0.5, "no_show_rate": 0.3333, "online_share": 0.375,
            "late_by_s": {"count": 2, "mean": 275.0, "median": 250, "p90": 300, "max": 300},
            "wait_after_arrival_s": {"count": 4, "mean": 357.5, "median": 300, "p90": 720, "max": 720},
            "late_limit_min": 15
        })
    );
    // The check-in tickets are visits too (channel `appointment`), as before.
    assert_eq!(s["visitors"], 5);
    // Filters: one social worker, one room, the booking channel, the service.
    let p = get(format!("{DAY}&staff={p_id}")).await;
    let p = &p["appointments"];
    assert_eq!(
        (
            &p["booked"],
            &p["online"],
            &p["on_time"],
            &p["late"],
            &p["cancelled"],
            &p["no_show"]
        ),
        (
            &json!(4),
            &json!(1),
            &json!(2),
            &json!(1),
            &json!(1),
            &json!(0)
        )
    );
    assert_eq!(
        p["wait_after_arrival_s"],
        json!({"count": 2, "mean": 390.0, "median": 60, "p90": 720, "max": 720})
    );
    let room = get(format!("{DAY}&desk={sp2}")).await;
    assert_eq!(room["appointments"]["booked"], 4); // A2, A4, A7, A9
    let online = get(format!("{DAY}&channel=online")).await;
    let o = &online["appointments"];
    assert_eq!(
        (
            &o["booked"],
            &o["online"],
            &o["desk"],
            &o["on_time"],
            &o["late"],
            &o["no_show"]
        ),
        (
            &json!(3),
            &json!(3),
            &json!(0),
            &json!(1),
            &json!(1),
            &json!(1)
        )
    );
    assert_eq!(o["wait_after_arrival_s"]["median"], 350);
    assert_eq!(online["visitors"], 0, "visits have no online channel");
    assert_eq!(
        get(format!("{DAY}&channel=appointment")).await["appointments"]["booked"],
        8
    );
    assert_eq!(
        get(format!("{DAY}&channel=kiosk")).await["appointments"]["booked"],
        0
    );
    assert_eq!(
        get(format!("{DAY}&service=afspraak")).await["appointments"]["booked"],
        8
    );
    assert_eq!(
        get(format!("{DAY}&service=permanentie")).await["appointments"]["booked"],
        0
    );
    // The day after holds A6, moved there.
    let next = get("from=2026-11-25&to=2026-11-25".into()).await;
    assert_eq!(
        (
            &next["appointments"]["booked"],
            &next["appointments"]["open"]
        ),
        (&json!(1), &json!(1))
    );

    // The table per day, and its CSV.
    let t = ok(app
        .get(
            &manager,
            "/api/v1/stats/appointments?from=2026-11-24&to=2026-11-25",
        )
        .await)
    .await;
    assert_eq!(
        t["rows"],
        json!([
            [
                "2026-11-24",
                "dinsdag",
                8,
                3,
                5,
                2,
                2,
                2,
                1,
                1,
                300,
                720,
                720
            ],
            [
                "2026-11-25",
                "woensdag",
                1,
                0,
                1,
                0,
                0,
                0,
                0,
                1,
                null,
                null,
                null
            ]
        ])
    );
    let csv = app
        .get(
            &manager,
            &format!("/api/v1/stats/export.csv?table=appointments&{DAY}"),
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        csv,
        "\u{feff}Dag;Weekdag;Afspraken;Online geboekt;Aan de balie geboekt;Op tijd;Te laat;Niet opgedaagd;\
         Geannuleerd;Nog open;Wachttijd na aankomst mediaan (seconden);Wachttijd na aankomst p90 (seconden);\
         Wachttijd na aankomst maximum (seconden)\r\n\
         2026-11-24;dinsdag;8;3;5;2;2;2;1;1;300;720;720\r\n"
    );
    // Anonymous: no contact detail of any appointment in any figure or export.
    for text in [s.to_string(), t.to_string(), csv.clone()] {
        assert!(
            !text.contains("Naammerker") && !text.contains("0470"),
            "{text}"
        );
    }

    // Rebuilt from the event log alone, the figures are the same.
    rebuild_rollups(&app).await;
    assert_eq!(get(DAY.to_string()).await["appointments"], *a);
}

async fn db(app: &TestApp) -> sqlx::AnyConnection {
    sqlx::any::install_default_drivers();
    <sqlx::AnyConnection as sqlx::Connection>::connect(&app.database_url)
        .await
        .unwrap()
}

/// What an online booking leaves in the log: the same events with channel `online`.
async fn mark_online(app: &TestApp, list: &[&Value]) {
    let mut conn = db(app).await;
    for a in list {
        let id = a["id"].as_i64().unwrap();
        for sql in [
            format!("UPDATE appointments SET channel = 'online' WHERE id = {id}"),
            format!(
                "UPDATE events SET data = REPLACE(data, '\"channel\":\"desk\"', '\"channel\":\"online\"') \
                 WHERE kind = 'appointment_booked' AND data LIKE '%\"appointment_id\":{id},%'"
            ),
        ] {
            let n = sqlx::Executor::execute(&mut conn, sql.as_str())
                .await
                .unwrap()
                .rows_affected();
            assert_eq!(n, 1, "{sql}");
        }
    }
}

/// Empties every statistics rollup: the next request folds the whole event log again.
async fn rebuild_rollups(app: &TestApp) {
    let mut conn = db(app).await;
    for t in [
        "stat_appointments",
        "stat_visits",
        "stat_daily",
        "stat_help",
        "stat_state",
    ] {
        sqlx::Executor::execute(&mut conn, format!("DELETE FROM {t}").as_str())
            .await
            .unwrap();
    }
}
