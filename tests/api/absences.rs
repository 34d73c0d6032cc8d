//! A social worker's absences (`/api/v1/absences`): recording one lists the appointments it
//! touches, each is moved to a free colleague, to the team, or cancelled; clients with an
//! e-mail address get one (received by the test mail server), the others are on the list
//! printed at the reception; booking refuses the absent social worker; the audit log and the
//! live frames; who may do what; bad input; absences from the configuration file.

use std::path::{Path, PathBuf};
use std::time::Duration as StdDuration;

use onthaal_server::clock::Clock;
use onthaal_server::config::{Config, DEMO_TOML};
use onthaal_server::usecases::Actor;
use onthaal_tests::smtp::SmtpSink;
use onthaal_tests::{error_code, next_json, spawn_app_with, Backend, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

use super::desk_work::{contains, jobs};

/// The demo with its reception printer in `dir`, a mail server (the sink), and An Peeters
/// absent on 1 December in the file. Now: Tuesday 24 November 2026, 10:00 in Brussels.
async fn app(b: Backend) -> Option<(TestApp, SmtpSink, PathBuf)> {
    let sink = SmtpSink::start().await;
    let dir = std::env::temp_dir().join(format!(
        "onthaal-absences-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    let text = DEMO_TOML
        .replace(
            "dir://data/reception-printer/",
            &format!("dir://{}/", dir.display()),
        )
        .replace(
            "password = \"peeters\"\n",
            "password = \"peeters\"\nabsent = [\"2026-12-01\"]\n",
        );
    let config = Config::parse_demo(&format!("{text}{}", sink.config_toml()), "test").unwrap();
    let app = spawn_app_with(b, config, onthaal_tests::default_now()).await?;
    Some((app, sink, dir))
}

async fn book(
    app: &TestApp,
    token: &str,
    staff: i64,
    start: &str,
    contact: Value,
    lang: &str,
) -> i64 {
    let (status, a) = app
        .post_json(
            token,
            "/api/v1/appointments",
            json!({"service": "afspraak", "staff": staff, "start": start, "duration_min": 30,
                   "lang": lang, "contact": contact}),
        )
        .await;
    assert_eq!(status, 201, "{a}");
    a["id"].as_i64().unwrap()
}

fn printed_text(dir: &Path) -> Vec<u8> {
    jobs(dir).pop().expect("a print job")
}

/// Text as the printer receives it (WPC1252 for the few accented letters used here).
fn bytes(t: &str) -> Vec<u8> {
    t.chars()
        .map(|c| match c {
            'é' => 0xE9,
            '–' => 0x96,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        })
        .collect()
}

/// Frames until one with `event`, within the frames' own timeout.
async fn frame_with_event(ws: &mut onthaal_tests::Ws, event: &str) -> Value {
    loop {
        let f = next_json(ws).await;
        if f["event"] == event {
            return f;
        }
    }
}

both!(an_absence_moves_cancels_tells_clients_and_prints_the_list);
async fn an_absence_moves_cancels_tells_clients_and_prints_the_list(b: Backend) {
    let Some((app, sink, dir)) = app(b).await else {
        return;
    };
    let reception = app.reception().await;
    let peeters = app.staff_id(&reception, "An Peeters").await;
    let janssens = app.staff_id(&reception, "Karim Janssens").await;
    // Wednesday 25 November: four clients of An Peeters, and Karim Janssens busy at 11:00.
    let mut booked = Vec::new();
    for (staff, time, contact, lang) in [
        (
            peeters,
            "09:00",
            json!({"name": "Marie Dubois", "email": "marie@example.be"}),
            "fr",
        ),
        (
            peeters,
            "10:00",
            json!({"name": "Jan Zonder Mail", "phone": "0470 11 22 33"}),
            "nl",
        ),
        (
            peeters,
            "11:00",
            json!({"name": "John Smith", "email": "john@example.org"}),
            "en",
        ),
        (
            peeters,
            "14:00",
            json!({"name": "Fatma Yilmaz", "phone": "0499 44 55 66"}),
            "tr",
        ),
        (janssens, "11:00", json!({"name": "Ander"}), "nl"),
    ] {
        let start = format!("2026-11-25T{time}:00+01:00");
        booked.push(book(&app, &reception, staff, &start, contact, lang).await);
    }
    let [a, b_, c, d, _] = booked[..] else {
        unreachable!("five bookings")
    };

    // The preview lists the four, with who is free for each.
    let range = json!({"staff": peeters, "from": "2026-11-25", "to": "2026-11-26", "note": "ziek"});
    let (status, preview) = app
        .post_json(&reception, "/api/v1/absences/preview", range.clone())
        .await;
    assert_eq!(status, 200, "{preview}");
    let touched = preview["touched"].as_array().unwrap();
    let ids: Vec<i64> = touched
        .iter()
        .map(|t| t["appointment"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [a, b_, c, d]);
    let free = |i: usize| -> Vec<i64> {
        touched[i]["free_colleagues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(free(0), [janssens]);
    assert_eq!(free(2), Vec::<i64>::new(), "Karim is busy at 11:00");
    assert_eq!(touched[0]["team_free"], true);
    assert_eq!(
        touched[2]["team_free"], false,
        "the team has only Karim then"
    );
    // The preview wrote nothing: An Peeters is still bookable on the 26th.
    let (status, absences) = app.get_json(&reception, "/api/v1/absences").await;
    assert_eq!(status, 200);
    assert!(
        absences
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["source"] == "configuration"),
        "{absences}"
    );

    // Without an action for each: 409. Onto the busy colleague: 409, and nothing changed.
    let mut body = range.clone();
    body["actions"] = json!([{"appointment": a, "action": "colleague", "staff": janssens}]);
    let (status, e) = app.post_json(&reception, "/api/v1/absences", body).await;
    assert_eq!(
        (status, error_code(&e)),
        (409, Some("appointments_changed")),
        "{e}"
    );
    let mut body = range.clone();
    body["actions"] = json!([
        {"appointment": a, "action": "colleague", "staff": janssens},
        {"appointment": b_, "action": "team"},
        {"appointment": c, "action": "colleague", "staff": janssens},
        {"appointment": d, "action": "cancel", "reason": "ziek"},
    ]);
    let (status, e) = app.post_json(&reception, "/api/v1/absences", body).await;
    assert_eq!((status, error_code(&e)), (409, Some("slot_taken")), "{e}");
    let (_, one) = app
        .get_json(&reception, &format!("/api/v1/appointments/{a}"))
        .await;
    assert_eq!(one["staff"], peeters, "nothing moved");

    // The desks see it live.
    let mut ws = app.ws(&app.login("mw.janssens", "janssens").await).await;
    let mut body = range.clone();
    body["actions"] = json!([
        {"appointment": a, "action": "colleague", "staff": janssens},
        {"appointment": b_, "action": "team"},
        {"appointment": c, "action": "cancel", "reason": "Ziek, geen collega vrij"},
        {"appointment": d, "action": "cancel", "reason": "ziek"},
    ]);
    let (status, done) = app.post_json(&reception, "/api/v1/absences", body).await;
    assert_eq!(status, 201, "{done}");
    assert_eq!(done["absence"]["recorded_by"], "Sam Onthaal");
    assert_eq!(done["absence"]["to"], "2026-11-26");
    let outcomes = done["outcomes"].as_array().unwrap();
    let by_id = |id: i64| {
        outcomes
            .iter()
            .find(|o| o["appointment"]["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_id(a)["appointment"]["staff"], janssens);
    assert_eq!(by_id(a)["emailed"], true);
    assert_eq!(
        by_id(b_)["appointment"]["staff"],
        Value::Null,
        "with the team"
    );
    assert_eq!(by_id(b_)["emailed"], false);
    assert_eq!(by_id(c)["appointment"]["state"], "cancelled");
    assert_eq!(by_id(c)["emailed"], true);
    assert_eq!(by_id(d)["emailed"], false);
    assert_eq!(by_id(d)["previous_staff_name"], "An Peeters");
    frame_with_event(&mut ws, "appointment_moved").await;
    frame_with_event(&mut ws, "absence_recorded").await;

    // Two e-mails, in the clients' languages.
    let mut mails = Vec::new();
    while let Some(m) = sink.next(StdDuration::from_secs(2)).await {
        mails.push(m);
        if mails.len() == 2 {
            break;
        }
    }
    assert_eq!(mails.len(), 2);
    let to = |addr: &str| {
        mails
            .iter()
            .find(|m| m.to.iter().any(|t| t.contains(addr)))
            .unwrap()
            .text()
    };
    let fr = to("marie@example.be");
    assert!(fr.contains("Vous serez reçu par Karim"), "{fr}");
    assert!(!fr.contains("Marie"), "the e-mail never names the client");
    let en = to("john@example.org");
    assert!(
        en.contains("Your appointment is therefore cancelled"),
        "{en}"
    );

    // The printed list: those without e-mail, with name, phone, old time and what happened.
    let job = printed_text(&dir);
    for t in [
        "Afwezig: An Peeters",
        "Jan Zonder Mail",
        "0470 11 22 33",
        "25/11 10:00",
        "Naar het team",
        "Fatma Yilmaz",
        "Geannuleerd: ziek",
    ] {
        assert!(
            contains(&job, &bytes(t)),
            "{t:?} is not on the printed list"
        );
    }
    assert!(
        !contains(&job, b"Marie Dubois"),
        "told by e-mail, not on the list"
    );
    assert_eq!(
        done["printed"]["bytes"].as_u64().unwrap() as usize,
        job.len()
    );

    // Booking refuses her on those days, and offers her again the day after.
    let (status, e) = app.post_json(&reception, "/api/v1/appointments",
            json!({"service": "afspraak", "staff": peeters, "start": "2026-11-26T10:00:00+01:00", "duration_min": 30}))
    .await;
    assert_eq!((status, error_code(&e)), (422, Some("staff_absent")), "{e}");
    book(
        &app,
        &reception,
        peeters,
        "2026-11-27T10:00:00+01:00",
        json!({"name": "X"}),
        "nl",
    )
    .await;

    // In the audit log: who, and the appointments before → after.
    let admin = app.admin().await;
    let log: Vec<Value> = app.read(&admin, "/api/v1/audit").await;
    let recorded = log
        .iter()
        .find(|e| e["event"] == "absence_recorded")
        .expect("recorded");
    assert_eq!(recorded["staff"], "Sam Onthaal (onthaal)");
    assert_eq!(recorded["details"]["after"]["from"], "2026-11-25");
    let moved = log
        .iter()
        .find(|e| e["event"] == "appointment_moved" && e["details"]["appointment_id"] == a)
        .expect("the move");
    assert_eq!(moved["details"]["before"]["staff_name"], "An Peeters");
    assert_eq!(moved["details"]["after"]["staff_name"], "Karim Janssens");
    let cancelled = log
        .iter()
        .find(|e| e["event"] == "appointment_cancelled" && e["details"]["appointment_id"] == c)
        .expect("the cancellation");
    assert_eq!(cancelled["details"]["reason"], "Ziek, geen collega vrij");

    // She reads her own absences; end it early, then remove it: bookable again.
    let own = app.login("mw.peeters", "peeters").await;
    let (status, mine) = app.get_json(&own, "/api/v1/absences").await;
    assert_eq!(status, 200);
    let id = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["source"] == "app")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (status, ended) = app
        .call(
            &reception,
            Method::PATCH,
            &format!("/api/v1/absences/{id}"),
            json!({"to": "2026-11-25"}),
        )
        .await;
    assert_eq!(
        (status, ended["to"].as_str()),
        (200, Some("2026-11-25")),
        "{ended}"
    );
    book(
        &app,
        &reception,
        peeters,
        "2026-11-26T10:00:00+01:00",
        json!({"name": "Y"}),
        "nl",
    )
    .await;
    let (status, _) = app
        .call(
            &reception,
            Method::DELETE,
            &format!("/api/v1/absences/{id}"),
            Value::Null,
        )
        .await;
    assert_eq!(status, 204);
    let log: Vec<Value> = app.read(&admin, "/api/v1/audit").await;
    assert!(log
        .iter()
        .any(|e| e["event"] == "absence_changed" && e["details"]["before"]["to"] == "2026-11-26"));
    assert!(log.iter().any(|e| e["event"] == "absence_removed"));
}

both!(who_may_record_absences_and_bad_input);
async fn who_may_record_absences_and_bad_input(b: Backend) {
    let Some((app, _sink, _dir)) = app(b).await else {
        return;
    };
    let reception = app.reception().await;
    let peeters = app.staff_id(&reception, "An Peeters").await;
    let janssens = app.staff_id(&reception, "Karim Janssens").await;
    let onthaal = app.staff_id(&reception, "Sam Onthaal").await;
    let manager = app.login("diensthoofd", "diensthoofd").await;
    let admin = app.admin().await;
    let own = app.login("mw.peeters", "peeters").await;
    let colleague = app.login("mw.janssens", "janssens").await;
    let kiosk = app.device("kiosk").await;
    let today = json!({"staff": janssens, "from": "2026-11-24"});

    // Reception, managers and admins record; a social worker, a kiosk: 403.
    for token in [&own, &colleague, &kiosk] {
        let (status, e) = app
            .post_json(token, "/api/v1/absences/preview", today.clone())
            .await;
        assert_eq!(status, 403, "{e}");
        let (status, _) = app
            .post_json(token, "/api/v1/absences", today.clone())
            .await;
        assert_eq!(status, 403);
    }
    let (status, p) = app
        .post_json(&admin, "/api/v1/absences/preview", today.clone())
        .await;
    assert_eq!(
        (status, p["to"].as_str()),
        (200, Some("2026-11-24")),
        "today only"
    );
    let (status, done) = app
        .post_json(&manager, "/api/v1/absences", today.clone())
        .await;
    assert_eq!(status, 201, "{done}");
    let id = done["absence"]["id"].as_i64().unwrap();
    assert_eq!(done["outcomes"], json!([]));
    assert_eq!(
        done["printed"],
        Value::Null,
        "nobody to phone, nothing printed"
    );

    // Reading: everyone's for reception; a social worker their own only; a kiosk nothing.
    let (_, all) = app.get_json(&reception, "/api/v1/absences").await;
    assert_eq!(
        all.as_array().unwrap().len(),
        2,
        "Karim today, An from the file: {all}"
    );
    let (_, mine) = app.get_json(&own, "/api/v1/absences").await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["source"], "configuration");
    assert_eq!(mine[0]["from"], "2026-12-01");
    let (status, _) = app
        .get_json(&own, &format!("/api/v1/absences?staff={janssens}"))
        .await;
    assert_eq!(status, 403);
    let (status, _) = app.get_json(&kiosk, "/api/v1/absences").await;
    assert_eq!(status, 403);
    // Ending or removing: not for a social worker, not for the file's absence.
    let (status, _) = app
        .call(
            &own,
            Method::DELETE,
            &format!("/api/v1/absences/{id}"),
            Value::Null,
        )
        .await;
    assert_eq!(status, 403);
    let file_id = mine[0]["id"].as_i64().unwrap();
    let (status, e) = app
        .call(
            &reception,
            Method::DELETE,
            &format!("/api/v1/absences/{file_id}"),
            Value::Null,
        )
        .await;
    assert_eq!(
        (status, error_code(&e)),
        (409, Some("in_configuration_file"))
    );
    let (status, _) = app
        .call(
            &reception,
            Method::DELETE,
            "/api/v1/absences/999999",
            Value::Null,
        )
        .await;
    assert_eq!(status, 404);
    // The file's absence holds for booking.
    let (status, e) = app.post_json(&reception, "/api/v1/appointments",
            json!({"service": "afspraak", "staff": peeters, "start": "2026-12-01T10:00:00+01:00", "duration_min": 30}))
    .await;
    assert_eq!((status, error_code(&e)), (422, Some("staff_absent")), "{e}");

    // Bad input: 4xx with the JSON error body.
    for (body, code) in [
        (
            json!({"staff": peeters, "from": "2026-11-26", "to": "2026-11-25"}),
            "invalid_dates",
        ),
        (
            json!({"staff": peeters, "from": "2026-11-26", "to": "2028-01-01"}),
            "invalid_dates",
        ),
        (
            json!({"staff": 999999, "from": "2026-11-26"}),
            "unknown_staff",
        ),
        (
            json!({"staff": onthaal, "from": "2026-11-26"}),
            "unknown_staff",
        ),
        (
            json!({"staff": peeters, "from": "2026-11-26", "note": "x".repeat(201)}),
            "invalid_note",
        ),
    ] {
        let (status, e) = app.post_json(&reception, "/api/v1/absences", body).await;
        assert_eq!((status, error_code(&e)), (422, Some(code)), "{e}");
    }
    let (status, e) = app
        .post_json(
            &reception,
            "/api/v1/absences",
            json!({"staff": peeters, "from": "morgen"}),
        )
        .await;
    assert!(
        (400..500).contains(&status) && e["error"]["code"].is_string(),
        "{status} {e}"
    );
    // An appointment that needs an action, with a bad one.
    let a = book(
        &app,
        &reception,
        peeters,
        "2026-11-25T09:00:00+01:00",
        json!({"name": "Z"}),
        "nl",
    )
    .await;
    for (action, code) in [
        (
            json!({"appointment": a, "action": "cancel"}),
            "invalid_reason",
        ),
        (
            json!({"appointment": a, "action": "colleague"}),
            "invalid_action",
        ),
        (
            json!({"appointment": a, "action": "colleague", "staff": peeters}),
            "invalid_action",
        ),
        (json!({"appointment": a, "action": "weg"}), "invalid_action"),
    ] {
        let body = json!({"staff": peeters, "from": "2026-11-25", "actions": [action]});
        let (status, e) = app.post_json(&reception, "/api/v1/absences", body).await;
        assert_eq!((status, error_code(&e)), (422, Some(code)), "{e}");
    }
    // Ending: only earlier, within the absence.
    let (status, e) = app
        .call(
            &reception,
            Method::PATCH,
            &format!("/api/v1/absences/{id}"),
            json!({"to": "2026-11-30"}),
        )
        .await;
    assert_eq!((status, error_code(&e)), (422, Some("invalid_dates")));
}

both!(the_files_absences_follow_an_import_of_the_file_and_the_apps_stay);
async fn the_files_absences_follow_an_import_of_the_file_and_the_apps_stay(b: Backend) {
    let Some((app, sink, _dir)) = app(b).await else {
        return;
    };
    let reception = app.reception().await;
    let peeters = app.staff_id(&reception, "An Peeters").await;
    let (status, _) = app
        .post_json(
            &reception,
            "/api/v1/absences",
            json!({"staff": peeters, "from": "2026-12-10"}),
        )
        .await;
    assert_eq!(status, 201);
    let listed = |v: &Value| -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["from"].as_str().unwrap().to_string(),
                    a["source"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let (_, before) = app.get_json(&reception, "/api/v1/absences").await;
    assert_eq!(
        listed(&before),
        [
            ("2026-12-01".into(), "configuration".into()),
            ("2026-12-10".into(), "app".into())
        ]
    );
    let store = &app.running.as_ref().unwrap().store;

    // The same file imported again: nothing doubles. Then the file's entry changes: it follows.
    let text = DEMO_TOML.replace(
        "password = \"peeters\"\n",
        "password = \"peeters\"\nabsent = [\"2026-12-01\"]\n",
    );
    let again = Config::parse_demo(&format!("{text}{}", sink.config_toml()), "test").unwrap();
    store
        .import_config(Actor::CommandLine, &again, app.clock.now())
        .await
        .unwrap();
    let (_, same) = app.get_json(&reception, "/api/v1/absences").await;
    assert_eq!(
        listed(&same),
        listed(&before),
        "importing the same file twice changes nothing"
    );
    let text = DEMO_TOML.replace(
        "password = \"peeters\"\n",
        "password = \"peeters\"\nabsent = [\"2026-12-02..2026-12-03\"]\n",
    );
    let changed = Config::parse_demo(&format!("{text}{}", sink.config_toml()), "test").unwrap();
    store
        .import_config(Actor::CommandLine, &changed, app.clock.now())
        .await
        .unwrap();
    let (_, after) = app.get_json(&reception, "/api/v1/absences").await;
    assert_eq!(
        listed(&after),
        [
            ("2026-12-02".into(), "configuration".into()),
            ("2026-12-10".into(), "app".into())
        ]
    );
    let (status, e) = app.post_json(&reception, "/api/v1/appointments",
            json!({"service": "afspraak", "staff": peeters, "start": "2026-12-01T10:00:00+01:00", "duration_min": 30}))
    .await;
    assert_eq!(status, 201, "no longer absent on the 1st: {e}");
}
