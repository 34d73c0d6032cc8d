//! A restarted server has every acknowledged ticket and change, continues the numbering and
//! `seq`, and loading the same configuration again duplicates nothing. (Killing the process
//! with SIGKILL is tested in `server/tests/process.rs`.)

use onthaal_tests::{spawn_app, Backend, TestApp};
use serde_json::Value;
use sqlx::Row;

async fn rows(app: &TestApp, table: &str) -> i64 {
    let pool = app.running.as_ref().unwrap().store.pool().clone();
    sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0)
}

both!(a_restart_keeps_everything_and_continues);
async fn a_restart_keeps_everything_and_continues(b: Backend) {
    let Some(mut app) = spawn_app(b).await else {
        return;
    };
    let staff = app.reception().await;
    let kiosk = app.device("kiosk").await;
    let a = app.issue(&kiosk, "huur").await;
    let c = app.issue(&kiosk, "huur").await;
    let desk = app.desk_id(&staff, "Spreekkamer 3").await;
    app.call_next(&staff, desk).await;
    app.act(&staff, &a["id"], "start").await;
    let counts = (
        rows(&app, "services").await,
        rows(&app, "desks").await,
        rows(&app, "staff").await,
        rows(&app, "partners").await,
        rows(&app, "desk_services").await,
    );
    app.stop().await;

    let app2 = app.another_instance().await;
    assert_eq!(
        (
            rows(&app2, "services").await,
            rows(&app2, "desks").await,
            rows(&app2, "staff").await,
            rows(&app2, "partners").await,
            rows(&app2, "desk_services").await
        ),
        counts,
        "config loading is idempotent"
    );
    // The session and the device token survive the restart too.
    let t: Value = app2
        .read(&staff, &format!("/api/v1/tickets/{}", a["id"]))
        .await;
    assert_eq!(t["state"], "serving");
    let t: Value = app2
        .read(&staff, &format!("/api/v1/tickets/{}", c["id"]))
        .await;
    assert_eq!(t["state"], "waiting");
    assert_eq!(t["position"], 0);
    assert_eq!(app2.issue(&kiosk, "huur").await["number"], "H003");
    let (_ws, s) = app2.ws_with_snapshot(&staff).await;
    assert_eq!(s.seq, 5, "issued, issued, called, started, issued");
    assert_eq!(s.tickets.len(), 3);
    assert_eq!(s.recent_calls[0].number, "H001");
}
