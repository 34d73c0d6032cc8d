//! Many desks and kiosks at once: no number issued twice, no visitor called twice or lost.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use onthaal_server::clock::Clock;
use onthaal_server::config::Config;
use onthaal_tests::{spawn_app_unlimited, Backend};
use serde_json::Value;
use sqlx::Row;

const DESKS: usize = 20;
const KIOSKS: usize = 5;
const TICKETS_PER_KIOSK: usize = 30;

fn config_with_many_desks() -> Config {
    let desks: String = (0..DESKS)
        .map(|i| format!("[[location.desk]]\nkey = \"extra-{i}\"\nname = \"Extra {i}\"\nservices = [\"id-team\", \"permanentie\"]\n\n"))
        .collect();
    let text =
        onthaal_server::config::DEMO_TOML.replacen("[[staff]]", &format!("{desks}[[staff]]"), 1);
    Config::parse_demo(&text, "test").unwrap()
}

both!(twenty_desks_and_five_kiosks_at_once);
async fn twenty_desks_and_five_kiosks_at_once(b: Backend) {
    let Some(app) = spawn_app_unlimited(b, config_with_many_desks()).await else {
        return;
    };
    let app = Arc::new(app);
    let staff = app.reception().await;
    let desks: Vec<i64> = app
        .get(&staff, "/api/v1/desks")
        .await
        .json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["name"].as_str().unwrap().starts_with("Extra"))
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    assert_eq!(desks.len(), DESKS);
    let total = KIOSKS * TICKETS_PER_KIOSK;
    let issued = Arc::new(tokio::sync::Mutex::new(Vec::new()));
    let done_issuing = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut kiosks = Vec::new();
    for k in 0..KIOSKS {
        let app = app.clone();
        let token = app.device("kiosk").await;
        let issued = issued.clone();
        kiosks.push(tokio::spawn(async move {
            for i in 0..TICKETS_PER_KIOSK {
                let service = if (i + k) % 2 == 0 {
                    "id-team"
                } else {
                    "permanentie"
                };
                let t = app.issue(&token, service).await;
                issued.lock().await.push((
                    t["id"].as_i64().unwrap(),
                    t["number"].as_str().unwrap().to_string(),
                ));
            }
        }));
    }
    let called = Arc::new(tokio::sync::Mutex::new(Vec::new()));
    let mut workers = Vec::new();
    for desk in desks {
        let app = app.clone();
        let staff = staff.clone();
        let called = called.clone();
        let done_issuing = done_issuing.clone();
        workers.push(tokio::spawn(async move {
            loop {
                let r = app.call_next(&staff, desk).await;
                match r.status().as_u16() {
                    200 => {
                        let t: Value = r.json().await.unwrap();
                        let id = t["id"].as_i64().unwrap();
                        called.lock().await.push(id);
                        assert_eq!(app.act(&staff, id, "start").await.status(), 200);
                        assert_eq!(app.act(&staff, id, "finish").await.status(), 200);
                    }
                    204 if done_issuing.load(std::sync::atomic::Ordering::SeqCst) => return,
                    204 => tokio::time::sleep(std::time::Duration::from_millis(5)).await,
                    s => panic!("call-next answered {s}: {}", r.text().await.unwrap()),
                }
            }
        }));
    }
    for k in kiosks {
        k.await.unwrap();
    }
    done_issuing.store(true, std::sync::atomic::Ordering::SeqCst);
    for w in workers {
        w.await.unwrap();
    }
    let issued = issued.lock().await.clone();
    let called = called.lock().await.clone();
    assert_eq!(issued.len(), total);
    let numbers: HashSet<_> = issued.iter().map(|(_, n)| n.clone()).collect();
    assert_eq!(numbers.len(), total, "every number is unique");
    let mut seen = HashSet::new();
    for id in &called {
        assert!(seen.insert(*id), "ticket {id} was called twice");
    }
    let ids: HashSet<_> = issued.iter().map(|(id, _)| *id).collect();
    assert_eq!(seen, ids, "every ticket was called exactly once; none lost");
    // The event log agrees, and seq has no gaps.
    let pool = app.running.as_ref().unwrap().store.pool().clone();
    let rows = sqlx::query("SELECT kind, COUNT(*) FROM events GROUP BY kind")
        .fetch_all(&pool)
        .await
        .unwrap();
    let by_kind: HashMap<String, i64> = rows
        .iter()
        .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1)))
        .collect();
    for kind in ["issued", "called", "started", "finished"] {
        assert_eq!(by_kind[kind], total as i64, "{kind}");
    }
    let (n, max): (i64, i64) = {
        let r = sqlx::query("SELECT COUNT(*), MAX(seq) FROM events")
            .fetch_one(&pool)
            .await
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!(n, max, "seq grows by one per event");
}

both!(a_crowd_at_the_kiosks_is_served_as_if_one_by_one);
/// Requests that arrive while the location's writer is busy share one transaction (see
/// `usecases/issue.rs`). Whatever the grouping, each gets what it would have got alone, in the
/// order of the event log: its own next number, its place behind everyone issued before it,
/// one ticket per kiosk touch even when the touch comes twice in one group, and a refusal of
/// its own that costs the others nothing.
async fn a_crowd_at_the_kiosks_is_served_as_if_one_by_one(b: Backend) {
    let Some(app) = spawn_app_unlimited(b, Config::demo()).await else {
        return;
    };
    let app = Arc::new(app);
    let staff = app.reception().await;
    let mut kiosks = Vec::new();
    for _ in 0..16 {
        kiosks.push(app.device("kiosk").await);
    }
    let send = |token: String, body: Value, key: Option<String>| {
        let app = app.clone();
        tokio::spawn(async move {
            let mut r = app
                .http
                .post(app.url("/api/v1/tickets"))
                .bearer_auth(&token)
                .json(&body);
            if let Some(key) = key {
                r = r.header("Idempotency-Key", key);
            }
            let r = r.send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        })
    };
    let mut taps = Vec::new();
    let mut refused = Vec::new();
    let mut priority = Vec::new();
    for round in 0..3 {
        for (k, token) in kiosks.iter().enumerate() {
            let service = if (k + round) % 2 == 0 {
                "id-team"
            } else {
                "permanentie"
            };
            let body = serde_json::json!({ "service": service });
            let key = format!("touch-{round}-{k}");
            // Every touch twice at once: a double tap.
            taps.push((
                send(token.clone(), body.clone(), Some(key.clone())),
                send(token.clone(), body, Some(key)),
            ));
        }
        refused.push(send(
            kiosks[round].clone(),
            serde_json::json!({ "service": "nope" }),
            None,
        ));
        priority.push(send(
            staff.clone(),
            serde_json::json!({ "service": "id-team", "priority_reason": "health" }),
            None,
        ));
    }
    let mut tickets: HashMap<i64, Value> = HashMap::new();
    for (x, y) in taps {
        let ((sx, x), (sy, y)) = (x.await.unwrap(), y.await.unwrap());
        let mut statuses = [sx, sy];
        statuses.sort();
        assert_eq!(
            statuses,
            [200, 201],
            "a double tap makes one ticket: {x} {y}"
        );
        assert_eq!(x["id"], y["id"]);
        assert_eq!(x["number"], y["number"]);
        // The new ticket's answer: a retry tells the place now, which later priority tickets
        // may have moved.
        let new = if sx == 201 { x } else { y };
        tickets.insert(new["id"].as_i64().unwrap(), new);
    }
    for r in refused {
        let (status, body) = r.await.unwrap();
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["error"]["code"], "unknown_service", "{body}");
    }
    for r in priority {
        let (status, t) = r.await.unwrap();
        assert_eq!(status, 201, "{t}");
        tickets.insert(t["id"].as_i64().unwrap(), t);
    }
    assert_eq!(tickets.len(), 3 * 16 + 3);

    // Replayed in the order of the event log, one by one: per service the numbers count up
    // from 1 without a gap, and each ticket's place is the number of tickets before it with at
    // least its priority (nobody has been called).
    let pool = app.running.as_ref().unwrap().store.pool().clone();
    let rows = sqlx::query(
        "SELECT e.seq, t.id, t.service_id, t.priority FROM events e JOIN tickets t ON t.id = e.ticket_id \
         WHERE e.kind = 'issued' ORDER BY e.seq",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), tickets.len());
    let mut before: HashMap<i64, Vec<bool>> = HashMap::new();
    let mut last_seq = 0;
    for r in rows {
        let (seq, id, service, prio): (i64, i64, i64, i64) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        assert_eq!(seq, last_seq + 1, "seq grows by one per event");
        last_seq = seq;
        let earlier = before.entry(service).or_default();
        let t = &tickets[&id];
        let number = t["number"].as_str().unwrap();
        assert_eq!(
            number[1..].parse::<usize>().unwrap(),
            earlier.len() + 1,
            "{number} is the next number of its service"
        );
        let ahead = earlier.iter().filter(|p| **p || prio == 0).count();
        assert_eq!(t["position"], ahead as i64, "the place of {number}");
        earlier.push(prio != 0);
    }
}

both!(a_failed_write_leaves_nothing_behind);
/// A write that fails half-way (here the `issued` event, as a full disk would fail it) leaves
/// nothing: no ticket, no number used, and no ticket in the live queue the forecast plays —
/// which had already taken it in before the failure.
async fn a_failed_write_leaves_nothing_behind(b: Backend) {
    let Some(app) = spawn_app_unlimited(b, Config::demo()).await else {
        return;
    };
    let store = &app.running.as_ref().unwrap().store;
    let kiosk = app.device("kiosk").await;
    let first = app.issue(&kiosk, "permanentie").await;
    let location = store.resolve_location(None).unwrap();
    let forecast_ids = |now| async move {
        let st = store.location_state(location).await.unwrap();
        let mut ids: Vec<i64> = st.forecast(now).calls.keys().copied().collect();
        ids.sort();
        ids
    };
    let now = app.clock.now();
    assert_eq!(forecast_ids(now).await, vec![first["id"].as_i64().unwrap()]);

    let (fail, unfail) = match b {
        Backend::Sqlite => (
            "CREATE TRIGGER fail_issue BEFORE INSERT ON events WHEN NEW.kind = 'issued' \
             BEGIN SELECT RAISE(ABORT, 'disk full'); END",
            "DROP TRIGGER fail_issue",
        ),
        Backend::Postgres => (
            "CREATE FUNCTION fail_issue() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'disk full'; END $$; \
             CREATE TRIGGER fail_issue BEFORE INSERT ON events FOR EACH ROW \
             WHEN (NEW.kind = 'issued') EXECUTE FUNCTION fail_issue()",
            "DROP TRIGGER fail_issue ON events; DROP FUNCTION fail_issue()",
        ),
    };
    sqlx::raw_sql(fail).execute(store.pool()).await.unwrap();
    // Alone, and as a group of kiosks at once: every one of them is refused.
    let mut failed = vec![
        app.post(
            &kiosk,
            "/api/v1/tickets",
            serde_json::json!({"service": "permanentie"}),
        )
        .await,
    ];
    let crowd = (0..5).map(|_| {
        app.post(
            &kiosk,
            "/api/v1/tickets",
            serde_json::json!({"service": "permanentie"}),
        )
    });
    failed.extend(futures_util::future::join_all(crowd).await);
    for r in failed {
        assert_eq!(r.status(), 500);
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "internal_error");
        assert!(
            !body.to_string().contains("disk full"),
            "no internals: {body}"
        );
    }
    sqlx::raw_sql(unfail).execute(store.pool()).await.unwrap();

    assert_eq!(
        forecast_ids(now).await,
        vec![first["id"].as_i64().unwrap()],
        "the refused tickets are not in the live queue"
    );
    let second = app.issue(&kiosk, "permanentie").await;
    assert_eq!(second["number"], "P002");
    assert_eq!(second["position"], 1);
    let waiting: i64 = sqlx::query("SELECT COUNT(*) AS n FROM tickets")
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get("n");
    assert_eq!(waiting, 2);
}

both!(a_call_that_fails_at_commit_leaves_nothing_behind);
/// A call whose commit fails (here a check deferred to the commit, as a full disk would fail
/// it) leaves nothing: the live state had already taken the call in — the visitor at the desk,
/// the desk's last call — and is read again, so the forecast still counts the visitor as
/// waiting, and the next call calls them, with the next `seq`.
async fn a_call_that_fails_at_commit_leaves_nothing_behind(b: Backend) {
    let Some(app) = spawn_app_unlimited(b, Config::demo()).await else {
        return;
    };
    let store = &app.running.as_ref().unwrap().store;
    let location = store.resolve_location(None).unwrap();
    let kiosk = app.device("kiosk").await;
    let staff = app.reception().await;
    let desk = app.desk_id(&staff, "Loket 1").await;
    let ticket = app.issue(&kiosk, "permanentie").await;
    let id = ticket["id"].as_i64().unwrap();
    let now = app.clock.now();
    let before = store.location_state(location).await.unwrap();
    assert!(before.forecast(now).calls.contains_key(&id));

    let (fail, unfail) = match b {
        Backend::Sqlite => (
            // A deferred foreign key is checked at the commit.
            "CREATE TABLE no_parent (id INTEGER PRIMARY KEY); \
             CREATE TABLE fail_at_commit (x INTEGER REFERENCES no_parent(id) DEFERRABLE INITIALLY DEFERRED); \
             CREATE TRIGGER fail_call AFTER INSERT ON events WHEN NEW.kind = 'called' \
             BEGIN INSERT INTO fail_at_commit VALUES (1); END",
            "DROP TRIGGER fail_call; DROP TABLE fail_at_commit; DROP TABLE no_parent",
        ),
        Backend::Postgres => (
            "CREATE FUNCTION fail_call() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN RAISE EXCEPTION 'disk full'; END $$; \
             CREATE CONSTRAINT TRIGGER fail_call AFTER INSERT ON events \
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW \
             WHEN (NEW.kind = 'called') EXECUTE FUNCTION fail_call()",
            "DROP TRIGGER fail_call ON events; DROP FUNCTION fail_call()",
        ),
    };
    sqlx::raw_sql(fail).execute(store.pool()).await.unwrap();
    let r = app.call_next(&staff, desk).await;
    assert_eq!(r.status(), 500);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "internal_error");
    sqlx::raw_sql(unfail).execute(store.pool()).await.unwrap();

    let after = store.location_state(location).await.unwrap();
    assert!(
        after.forecast(now).calls.contains_key(&id),
        "the visitor still waits in the live queue"
    );
    assert_eq!(
        after.desk_last_call.get(&desk),
        None,
        "the desk called nobody"
    );
    assert_eq!(after.seq, before.seq, "no event was published");
    let state: String = sqlx::query("SELECT state FROM tickets WHERE id = $1")
        .bind(id)
        .fetch_one(store.pool())
        .await
        .unwrap()
        .get("state");
    assert_eq!(state, "waiting");

    let r = app.call_next(&staff, desk).await;
    assert_eq!(r.status(), 200);
    let called: Value = r.json().await.unwrap();
    assert_eq!(called["id"], ticket["id"]);
    assert_eq!(
        store.location_state(location).await.unwrap().seq,
        before.seq + 1
    );
}
