//! Desk work through the API: ID-team triage and referral slips, help requests with their
//! register, receipts and CSV export, the no-show grace, transfer rules, the audit log.

use std::path::{Path, PathBuf};

use chrono::{Duration, TimeZone, Utc};
use onthaal_server::config::Config;
use onthaal_tests::{next_frame, spawn_app_with, Backend, TestApp};
use onthaal_wire::ServerFrame;
use serde_json::{json, Value};
use sqlx::Row;

/// The demo configuration with its reception printer in a fresh folder, a second printer out
/// of paper, a third without raster support (`script=text`, in `tekst/`), and housing support
/// sending transferred visitors to the back.
fn config(dir: &Path) -> Config {
    let text = onthaal_server::config::DEMO_TOML
        .replace("dir://data/reception-printer/", &format!("dir://{}/", dir.display()))
        .replace(
            "[[location.service]]\nkey = \"id-team\"",
            &format!("[[location.printer]]\nkey = \"kapot\"\nname = \"Kapotte printer\"\nuri = \"dir://{0}/kapot/?simulate=paper-out\"\n\n[[location.printer]]\nkey = \"tekst\"\nname = \"Tekstprinter\"\nuri = \"dir://{0}/tekst/?script=text\"\n\n[[location.service]]\nkey = \"id-team\"", dir.display()),
        )
        .replace("key = \"huur\"\nprefix = \"H\"", "key = \"huur\"\nprefix = \"H\"\ntransfer_keeps_arrival = false");
    Config::parse_demo(&text, "test").unwrap()
}

pub(crate) async fn app_with_printer(b: Backend) -> Option<(TestApp, PathBuf)> {
    let dir = std::env::temp_dir().join(format!(
        "onthaal-prints-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    let app = spawn_app_with(b, config(&dir), onthaal_tests::default_now()).await?;
    Some((app, dir))
}

/// The raw bytes of the print jobs in a `dir://` printer's folder, oldest first.
pub(crate) fn jobs(dir: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "bin"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Checks a printed job: the texts in WPC1252 and the paper cut at the end.
fn assert_printed(job: &[u8], texts: &[&str]) {
    for t in texts {
        let bytes: Vec<u8> = t
            .chars()
            .map(|c| match c {
                'é' => 0xE9,
                'ë' => 0xEB,
                '€' => 0x80,
                c if c.is_ascii() => c as u8,
                _ => b'?',
            })
            .collect();
        assert!(contains(job, &bytes), "{t:?} is not in the printed job");
    }
    assert!(
        contains(job, &[0x1D, 0x56]),
        "the job ends with a cut (GS V)"
    );
}

both!(id_team_triage_records_outcomes_and_prints_referral_slips);
async fn id_team_triage_records_outcomes_and_prints_referral_slips(b: Backend) {
    let Some((app, dir)) = app_with_printer(b).await else {
        return;
    };
    let staff = app.reception().await;
    let loket2 = app.desk_id(&staff, "Loket 2").await;
    let t = app.issue(&staff, "id-team").await;
    let id = t["id"].as_i64().unwrap();
    let path = format!("/api/v1/tickets/{id}/triage");
    let triage = |body: Value| app.post(&staff, &path, body);
    // Waiting: not at the desk yet.
    let r = triage(json!({"outcome": "answered"})).await;
    assert_eq!(r.status(), 409);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "not_being_served"
    );
    app.call_next(&staff, loket2).await;
    app.act(&staff, id, "start").await;
    for (body, code) in [
        (json!({"outcome": "external"}), "invalid_triage"),
        (
            json!({"outcome": "external", "partner": "nope"}),
            "unknown_partner",
        ),
        (
            json!({"outcome": "answered", "partner": "caw"}),
            "invalid_triage",
        ),
        (json!({"outcome": "perhaps"}), "invalid_outcome"),
    ] {
        let r = triage(body).await;
        assert_eq!(r.status(), 422);
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], code);
    }
    let r = app
        .post(
            &staff,
            &format!("/api/v1/tickets/{id}/referral-slip"),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 409, "no slip before an external referral");
    let r = triage(json!({"outcome": "external", "partner": "caw"})).await;
    assert_eq!(r.status(), 200);
    let r = app
        .post(
            &staff,
            &format!("/api/v1/tickets/{id}/referral-slip"),
            json!({"reason": "Vraag over huurachterstal"}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let printed = jobs(&dir);
    assert_eq!(printed.len(), 1);
    assert_printed(
        &printed[0],
        &[
            "CAW (Centrum Algemeen Welzijnswerk)",
            "Stationsstraat 10",
            "0800 13 500",
            "Vraag over huurachterstal",
        ],
    );
    // The printer out of paper: a clear 503, and nothing half-printed.
    let r = app
        .post(
            &staff,
            &format!("/api/v1/tickets/{id}/referral-slip"),
            json!({"printer": "kapot"}),
        )
        .await;
    assert_eq!(r.status(), 503);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "printer_unavailable"
    );
    assert!(jobs(&dir.join("kapot")).is_empty());
    let r = app
        .post(
            &staff,
            &format!("/api/v1/tickets/{id}/referral-slip"),
            json!({"printer": "elders"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    app.act(&staff, id, "finish").await;

    // Internal referral to permanentie: recorded and transferred at once, arrival kept.
    let (mut desk_ws, snap) = app.ws_with_snapshot(&staff).await;
    let t2 = app.issue(&staff, "id-team").await;
    let id2 = t2["id"].as_i64().unwrap();
    app.call_next(&staff, loket2).await;
    let r = app
        .act_with(
            &staff,
            id2,
            "triage",
            json!({"outcome": "internal", "service": "permanentie"}),
        )
        .await;
    let moved: Value = r.json().await.unwrap();
    assert_eq!(moved["state"], "waiting");
    assert_eq!(moved["service"], "permanentie");
    assert_eq!(moved["transferred_from"], "id-team");
    assert_eq!(moved["queued_at"], t2["queued_at"]);
    let mut seqs = Vec::new();
    for _ in 0..4 {
        seqs.push(match next_frame(&mut desk_ws).await {
            ServerFrame::Update { seq, event, .. } => (seq, event),
            ServerFrame::Called { seq, .. } => (seq, "called".to_string()),
            other => panic!("unexpected {other:?}"),
        });
    }
    let s0 = snap.seq;
    let want: Vec<(u64, String)> = [
        (1, "issued"),
        (2, "called"),
        (3, "triaged"),
        (4, "transferred"),
    ]
    .iter()
    .map(|(d, e)| (s0 + d, e.to_string()))
    .collect();
    assert_eq!(seqs, want, "one frame per event, in order, no gap");

    // Only the ID-team records outcomes, and only ID-team staff.
    let t3 = app.issue(&staff, "huur").await;
    let sk3 = app.desk_id(&staff, "Spreekkamer 3").await;
    app.call_next(&staff, sk3).await;
    let r = app
        .act_with(&staff, &t3["id"], "triage", json!({"outcome": "answered"}))
        .await;
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "not_triage"
    );
    let mw = app.login("mw.peeters", "peeters").await;
    assert_eq!(
        app.act_with(&mw, id2, "triage", json!({"outcome": "answered"}))
            .await
            .status(),
        403
    );

    let pool = app.running.as_ref().unwrap().store.pool().clone();
    let outcomes: Vec<String> =
        sqlx::query("SELECT data FROM events WHERE kind = 'triaged' ORDER BY seq")
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect();
    assert_eq!(outcomes.len(), 2);
    assert!(
        outcomes[0].contains("\"outcome\":\"external\"")
            && outcomes[0].contains("\"partner\":\"caw\"")
    );
    assert!(outcomes[1].contains("\"outcome\":\"internal\""));
}

both!(help_requests_are_registered_numbered_per_year_printed_and_exported);
async fn help_requests_are_registered_numbered_per_year_printed_and_exported(b: Backend) {
    let Some((app, dir)) = app_with_printer(b).await else {
        return;
    };
    let staff = app.reception().await;
    let t = app.issue(&staff, "permanentie").await;
    let register = |body: Value| app.post(&staff, "/api/v1/help-requests", body);
    let r = register(json!({"service": "permanentie", "category": "leefloon", "documents": ["Identiteitskaart (kopie)", "Huurcontract – huur € 650"], "ticket": t["id"]})).await;
    assert_eq!(r.status(), 201);
    let hr: Value = r.json().await.unwrap();
    assert_eq!(hr["reference"], "HA-2026-00001");
    assert_eq!(hr["received_on"], "2026-11-24");
    assert_eq!(hr["leefloon"], true);
    assert_eq!(hr["ticket"], "P001");
    assert_eq!(hr["staff"], "Sam Onthaal");
    let second: Value = register(json!({"service": "schuldhulp", "category": "schuldhulp"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["reference"], "HA-2026-00002");
    for (body, code) in [
        (
            json!({"service": "permanentie", "category": "nope"}),
            "unknown_category",
        ),
        (
            json!({"service": "nope", "category": "leefloon"}),
            "unknown_service",
        ),
        (
            json!({"service": "permanentie", "category": "leefloon", "documents": vec!["x"; 31]}),
            "invalid_documents",
        ),
        (
            json!({"service": "permanentie", "category": "leefloon", "ticket": 999999}),
            "unknown_ticket",
        ),
    ] {
        let r = register(body).await;
        assert_eq!(r.status(), 422);
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], code);
    }

    let r = app
        .post(
            &staff,
            &format!("/api/v1/help-requests/{}/print", hr["id"]),
            json!({}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let printed = jobs(&dir);
    assert_printed(
        &printed[0],
        &[
            "ONTVANGSTBEWIJS",
            "HA-2026-00001",
            "24/11/2026",
            "Leefloon",
            "Identiteitskaart (kopie)",
            "€ 650",
            "Sam Onthaal",
        ],
    );
    // Reprint later; the printer out of paper leaves the register untouched.
    app.post(
        &staff,
        &format!("/api/v1/help-requests/{}/print", hr["id"]),
        json!({}),
    )
    .await;
    let r = app
        .post(
            &staff,
            &format!("/api/v1/help-requests/{}/print", hr["id"]),
            json!({"printer": "kapot"}),
        )
        .await;
    assert_eq!(r.status(), 503);
    let again: Value = app
        .read(&staff, &format!("/api/v1/help-requests/{}", hr["id"]))
        .await;
    assert_eq!(again["print_count"], 2);

    // A new year starts a new sequence (1 January 2027, 00:30 in Brussels).
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap());
    let staff = app.reception().await;
    let next: Value = app
        .post(
            &staff,
            "/api/v1/help-requests",
            json!({"service": "huur", "category": "huurwaarborg"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(next["reference"], "HA-2027-00001");
    assert_eq!(next["received_on"], "2027-01-01");

    // The register and its CSV export.
    let list: Value = app
        .read(
            &staff,
            "/api/v1/help-requests?from=2026-01-01&to=2026-12-31",
        )
        .await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    let r = app
        .get(
            &staff,
            "/api/v1/help-requests.csv?from=2026-01-01&to=2027-12-31",
        )
        .await;
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0], "\u{feff}Referentie;Datum ontvangst;Dienst;Categorie;Leefloon;Stavingsstukken;Geregistreerd door;Ticket;Ontvangstbewijs afgedrukt");
    assert!(lines[1].starts_with("HA-2026-00001;24/11/2026;Permanentie: nieuwe hulpvraag;Leefloon (recht op maatschappelijke integratie);ja;Identiteitskaart (kopie), Huurcontract – huur € 650;Sam Onthaal;P001;24/11/2026"), "{}", lines[1]);
    assert!(lines[3].starts_with("HA-2027-00001;01/01/2027"));
    let r = app
        .get(
            &staff,
            "/api/v1/help-requests?from=2026-12-31&to=2026-01-01",
        )
        .await;
    assert_eq!(r.status(), 400);
    let mw = app.login("mw.peeters", "peeters").await;
    assert_eq!(app.get(&mw, "/api/v1/help-requests").await.status(), 200);
    let display = app.device("display").await;
    assert_eq!(
        app.get(&display, "/api/v1/help-requests").await.status(),
        403
    );
}

both!(no_show_grace_transfer_rules_races_and_the_audit_log);
async fn no_show_grace_transfer_rules_races_and_the_audit_log(b: Backend) {
    let Some((app, _dir)) = app_with_printer(b).await else {
        return;
    };
    let staff = app.reception().await;
    let loket2 = app.desk_id(&staff, "Loket 2").await;
    // Two no-shows: one comes back within the 15 minutes, one too late.
    let a = app.issue(&staff, "id-team").await;
    let c = app.issue(&staff, "id-team").await;
    for t in [&a, &c] {
        app.act_with(&staff, &t["id"], "call", json!({"desk": loket2}))
            .await;
        app.act(&staff, &t["id"], "no-show").await;
    }
    app.clock.advance(Duration::minutes(10));
    assert_eq!(app.act(&staff, &a["id"], "return").await.status(), 200);
    app.clock.advance(Duration::minutes(6));
    let r = app.act(&staff, &c["id"], "return").await;
    assert_eq!(r.status(), 409);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"]["code"], "no_show_grace_passed");
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .contains("15 minutes"));

    // Housing support takes transferred visitors at the back of its queue.
    let t = app.issue(&staff, "id-team").await;
    app.clock.advance(Duration::minutes(3));
    let moved: Value = app
        .act_with(&staff, &t["id"], "transfer", json!({"service": "huur"}))
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(moved["queued_at"], t["queued_at"]);
    assert_eq!(
        moved["queued_at"].as_str().unwrap(),
        onthaal_server::clock::Clock::now(app.clock.as_ref())
            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    );

    // Two desks act on the same visitor: the second gets a clear conflict, not an overwrite.
    let other = app.admin().await;
    let t = app.issue(&staff, "id-team").await;
    app.act_with(&staff, &t["id"], "call", json!({"desk": loket2}))
        .await;
    let (x, y) = tokio::join!(
        app.act(&staff, &t["id"], "start"),
        app.act(&other, &t["id"], "start")
    );
    let mut statuses = [x.status().as_u16(), y.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);

    // The audit log: who did what, when, to which ticket.
    let r = app.get(&staff, "/api/v1/audit").await;
    assert_eq!(r.status(), 403);
    let log: Value = app.read(&other, "/api/v1/audit").await;
    let entries = log.as_array().unwrap();
    let no_show = entries
        .iter()
        .find(|e| e["event"] == "no_show" && e["ticket"] == "I002")
        .unwrap();
    assert_eq!(no_show["staff"], "Sam Onthaal (onthaal)");
    assert_eq!(no_show["desk"], "Loket 2");
    let transfer = entries
        .iter()
        .find(|e| e["event"] == "transferred")
        .unwrap();
    assert_eq!(transfer["details"]["to_service"], "huur");
}
