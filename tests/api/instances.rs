//! Two server instances on one database: each instance's clients see the other's events, with
//! every `seq`, in order.

use chrono::Duration;
use onthaal_tests::{next_frame, next_json, spawn_app, Backend, TestApp};
use onthaal_wire::ServerFrame;
use serde_json::Value;

/// Two instances on one fresh database, on the same clock (`None`: the backend is not here).
async fn two_instances(b: Backend) -> Option<(TestApp, TestApp)> {
    let a = spawn_app(b).await?;
    let b2 = a.another_instance().await;
    Some((a, b2))
}

/// A frame's type and `seq`.
fn kind_and_seq(f: &Value) -> (Option<&str>, Option<u64>) {
    (f["type"].as_str(), f["seq"].as_u64())
}

/// Two instances (`a`, `b2`), a reception login, and a display connected to the second
/// instance past its snapshot, with the snapshot's `seq` (where its frames start from).
type Watched = (TestApp, TestApp, String, onthaal_tests::Ws, u64);

async fn watched(b: Backend) -> Option<Watched> {
    let (a, b2) = two_instances(b).await?;
    let staff = a.reception().await;
    let token = a.device("display").await;
    let (ws, s) = b2.ws_with_snapshot(&token).await;
    Some((a, b2, staff, ws, s.seq))
}

fn waiting(frame: &Value, service: &str) -> i64 {
    frame["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == service)
        .unwrap()["waiting"]
        .as_i64()
        .unwrap()
}

// On SQLite nothing tells the second instance of the first one's ticket: its own next write
// finds the gap in `seq` and publishes the missed event before its own. On PostgreSQL the
// notification may come first; the display sees the same frames either way.
both!(a_write_publishes_the_other_instances_events_before_its_own);
async fn a_write_publishes_the_other_instances_events_before_its_own(b: Backend) {
    let Some((a, b2, staff, mut ws, seq)) = watched(b).await else {
        return;
    };

    let first = a.issue(&staff, "permanentie").await;
    assert_eq!(first["number"], "P001");
    let second = b2.issue(&staff, "permanentie").await;
    assert_eq!(second["number"], "P002");
    assert_eq!(
        second["position"], 1,
        "the first instance's ticket is ahead"
    );

    let f = next_json(&mut ws).await;
    assert_eq!(kind_and_seq(&f), (Some("update"), Some(seq + 1)));
    assert_eq!(f["event"], "issued");
    let f = next_json(&mut ws).await;
    assert_eq!(kind_and_seq(&f), (Some("update"), Some(seq + 2)));
    assert_eq!(waiting(&f, "permanentie"), 2);
}

// A desk on the second instance calls right after two tickets issued on the first, before it
// has heard of them (on SQLite it never does): its call comes after the tickets, with the
// database's waiting count, not its own out-of-date one.
both!(a_call_after_the_other_instances_tickets_publishes_the_true_count);
async fn a_call_after_the_other_instances_tickets_publishes_the_true_count(b: Backend) {
    let Some((a, b2, staff, mut ws, seq)) = watched(b).await else {
        return;
    };
    a.issue(&staff, "permanentie").await;
    a.issue(&staff, "permanentie").await;
    let desk = b2.desk_id(&staff, "Loket 1").await;
    let r = b2.call_next(&staff, desk).await;
    assert_eq!(r.status(), 200);

    for k in 1..=2 {
        let f = next_json(&mut ws).await;
        assert_eq!(kind_and_seq(&f), (Some("update"), Some(seq + k)));
    }
    let called = next_json(&mut ws).await;
    assert_eq!(kind_and_seq(&called), (Some("called"), Some(seq + 3)));
    assert_eq!(called["ticket"]["number"], "P001");
    assert_eq!(waiting(&called, "permanentie"), 1);
}

/// PostgreSQL only: a call made on one instance reaches the other's displays and desks at
/// once, and the other's live state knows of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_on_one_instance_reaches_the_displays_of_another() {
    let Some((a, b2, staff, mut disp, seq)) = watched(Backend::Postgres).await else {
        return;
    };
    let (mut desk, _) = b2.ws_with_snapshot(&staff).await;

    let t = a.issue(&staff, "schuldhulp").await;
    let room = a.desk_id(&staff, "Spreekkamer 2").await;
    assert_eq!(a.call_next(&staff, room).await.status(), 200);

    let issued = next_json(&mut disp).await;
    assert_eq!(kind_and_seq(&issued), (Some("update"), Some(seq + 1)));
    // Rebuilt from the database, a frame carries the figures as they are when it is published:
    // here the call may already have committed, so the count is not checked.
    let called = next_json(&mut disp).await;
    assert_eq!(kind_and_seq(&called), (Some("called"), Some(seq + 2)));
    assert_eq!(called["ticket"]["number"], "S001");
    assert_eq!(called["ticket"]["desk"]["name"], "Spreekkamer 2");
    assert_eq!(waiting(&called, "schuldhulp"), 0);
    assert!(called["ticket"].get("status_token").is_none());

    // Desks get the ticket itself, as from their own instance.
    let f = next_json(&mut desk).await;
    assert_eq!(
        (f["event"].as_str(), f["ticket"]["number"].as_str()),
        (Some("issued"), Some("S001"))
    );
    let f = next_json(&mut desk).await;
    assert_eq!(
        (f["type"].as_str(), f["ticket"]["id"].as_i64()),
        (Some("called"), t["id"].as_i64())
    );

    // The second instance's own writes go on from there: its desk finishes the visit and the
    // display sees the next `seq`.
    b2.clock.advance(Duration::minutes(3));
    let r = b2.act(&staff, &t["id"], "start").await;
    assert_eq!(r.status(), 200);
    let started = next_json(&mut disp).await;
    assert_eq!(
        (started["event"].as_str(), started["seq"].as_u64()),
        (Some("started"), Some(seq + 3))
    );
}

/// PostgreSQL only: a logout on one instance closes the session's sockets on the other at
/// once, not at the other's next session check, and the other stops taking its token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_logout_on_one_instance_closes_the_sessions_sockets_on_another() {
    let Some((a, b2)) = two_instances(Backend::Postgres).await else {
        return;
    };
    let token = a.login("onthaal", "onthaal").await;
    let (mut ws, _) = b2.ws_with_snapshot(&token).await;
    // The other instance has the session's holder in memory now.
    assert_eq!(b2.get(&token, "/api/v1/desks").await.status(), 200);
    let r = a.logout(&token).await;
    assert_eq!(r.status(), 204);
    // Well within the 15 s between the other instance's own checks.
    let closed = onthaal_tests::close_code(&mut ws, std::time::Duration::from_secs(3)).await;
    assert_eq!(closed, Some(4401));
    // And it has forgotten the token: no request gets through on it any more.
    assert_eq!(b2.get(&token, "/api/v1/desks").await.status(), 401);
}

/// PostgreSQL only: a station connected to one instance is online in the other's desk app,
/// live and in its list, until it disconnects.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_station_on_one_instance_is_online_on_another() {
    let Some((a, b2)) = two_instances(Backend::Postgres).await else {
        return;
    };
    let staff = a.reception().await;
    let kiosk = a.device("kiosk").await;
    let (mut desk, s) = b2.ws_with_snapshot(&staff).await;
    assert!(!s.devices[0].online);

    let mut k = a.ws(&kiosk).await;
    next_frame(&mut k).await;
    let ServerFrame::Device { device, .. } = next_frame(&mut desk).await else {
        panic!("a device frame")
    };
    assert!(device.online);
    let list = b2.devices(&staff).await;
    assert_eq!(list[0]["online"], true, "{list:?}");

    k.close(None).await.unwrap();
    let ServerFrame::Device { device, .. } = next_frame(&mut desk).await else {
        panic!("a device frame")
    };
    assert!(!device.online);
    let list = b2.devices(&staff).await;
    assert_eq!(list[0]["online"], false, "{list:?}");
}

/// PostgreSQL only: notifications sent while an instance's listening connection is down are
/// lost; once it listens again, it catches up on what the other instance wrote meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_that_lost_its_listener_catches_up_when_it_listens_again() {
    // The second instance runs as long as `_b2` lives: its display is the one watched.
    let Some((a, _b2, staff, mut ws, seq)) = watched(Backend::Postgres).await else {
        return;
    };

    // The listeners' connections are cut, and new connections to this database refused.
    let db = a.database_url.rsplit('/').next().unwrap().to_string();
    let mut admin: sqlx::AnyConnection =
        sqlx::Connection::connect(&onthaal_tests::postgres_admin_url())
            .await
            .unwrap();
    let allow = |yes: bool| format!("ALTER DATABASE {db} ALLOW_CONNECTIONS {yes}");
    sqlx::Executor::execute(&mut admin, allow(false).as_str())
        .await
        .unwrap();
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = $1 AND application_name LIKE 'onthaal-%-listener'",
    )
    .bind(&db)
    .execute(&mut admin)
    .await
    .unwrap();
    // The first instance writes with the connections it has.
    let t = a.issue(&staff, "permanentie").await;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    sqlx::Executor::execute(&mut admin, allow(true).as_str())
        .await
        .unwrap();

    let f = next_json(&mut ws).await;
    assert_eq!(kind_and_seq(&f), (Some("update"), Some(seq + 1)));
    assert_eq!(f["event"], "issued");
    assert_eq!(waiting(&f, "permanentie"), 1, "{t}");
}

/// The devices as the desk app lists them on an instance: kind and online, by kind.
async fn online_by_kind(app: &TestApp, staff: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = app
        .devices(staff)
        .await
        .iter()
        .map(|d| (d["kind"].as_str().unwrap().to_string(), d["online"] == true))
        .collect();
    out.sort();
    out
}

/// Asks until `app` lists the devices as `want` (another instance's events arrive by
/// notification); panics after 3 s.
async fn until_listed(app: &TestApp, staff: &str, want: &[(&str, bool)]) {
    let want: Vec<(String, bool)> = want.iter().map(|(k, o)| (k.to_string(), *o)).collect();
    for _ in 0..60 {
        if online_by_kind(app, staff).await == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(online_by_kind(app, staff).await, want);
}

/// PostgreSQL only: an instance that starts knows the stations online on the others, and a
/// station whose instance stopped beating (killed, without its offline events) is marked
/// offline by the others, live, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stations_of_other_instances_are_known_at_start_and_dropped_when_it_dies() {
    use onthaal_server::engine::Store;

    let Some((a, b2)) = two_instances(Backend::Postgres).await else {
        return;
    };
    let staff = a.reception().await;
    let kiosk = a.device("kiosk").await;
    let mut k = a.ws(&kiosk).await;
    next_frame(&mut k).await;
    until_listed(&b2, &staff, &[("kiosk", true)]).await;
    // A third instance, started now, has heard no event of the kiosk.
    let c = a.another_instance().await;
    assert_eq!(online_by_kind(&c, &staff).await, [("kiosk".into(), true)]);

    // An instance that dies: a store of its own takes a display's connection, then is gone
    // without a word, as a killed process is.
    a.device("display").await;
    let now = onthaal_server::clock::Clock::now(a.clock.as_ref());
    let store = &a.running.as_ref().unwrap().store;
    let location = store.resolve_location(None).unwrap();
    let display = a
        .devices(&staff)
        .await
        .iter()
        .find(|d| d["kind"] == "display")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let ghost = Store::connect(
        &a.database_url,
        std::sync::Arc::new(onthaal_server::engine::hub::Hub::new()),
    )
    .await
    .unwrap();
    ghost
        .sync_config(&onthaal_server::config::Config::demo(), now)
        .await
        .unwrap();
    ghost
        .device_presence(location, display, true, now)
        .await
        .unwrap();
    drop(ghost);
    let both = [("display", true), ("kiosk", true)];
    until_listed(&b2, &staff, &both).await;
    until_listed(&c, &staff, &both).await;
    let mut desk = b2.ws(&staff).await;
    next_frame(&mut desk).await;

    // Two minutes later: the kiosk's instance has beaten, the dead one has not.
    a.clock.advance(Duration::minutes(2));
    let now = onthaal_server::clock::Clock::now(a.clock.as_ref());
    store.presence_beat(now).await.unwrap();
    let b2_store = &b2.running.as_ref().unwrap().store;
    b2_store.presence_beat(now).await.unwrap();
    let ServerFrame::Device { device, .. } = next_frame(&mut desk).await else {
        panic!("the desk app hears the display went offline")
    };
    assert_eq!((device.id, device.online), (display, false));
    let after = [("display", false), ("kiosk", true)];
    until_listed(&b2, &staff, &after).await;
    until_listed(&c, &staff, &after).await;
    until_listed(&a, &staff, &after).await;
    // Once: the next instance to look finds it done.
    c.running
        .as_ref()
        .unwrap()
        .store
        .presence_beat(now)
        .await
        .unwrap();
    let ws_next =
        tokio::time::timeout(std::time::Duration::from_millis(500), next_frame(&mut desk)).await;
    assert!(ws_next.is_err(), "no second offline event: {ws_next:?}");

    // The kiosk's instance too slow to beat: another takes its kiosk for gone, and its next
    // beat marks the kiosk online again.
    a.clock.advance(Duration::minutes(2));
    let now = onthaal_server::clock::Clock::now(a.clock.as_ref());
    b2_store.presence_beat(now).await.unwrap();
    let ServerFrame::Device { device, .. } = next_frame(&mut desk).await else {
        panic!("the kiosk taken for gone")
    };
    assert!(!device.online);
    store.presence_beat(now).await.unwrap();
    let ServerFrame::Device { device, .. } = next_frame(&mut desk).await else {
        panic!("the kiosk back")
    };
    assert!(device.online && device.kind == "kiosk", "{device:?}");
}
