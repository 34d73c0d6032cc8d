//! The day simulator (`onthaal-sim`) is repeatable: the same seed gives the same day and the
//! same figures, another seed another day. SQLite only: the simulator measures the estimator,
//! not the database.

use onthaal_tests::sim::engine::run_day;
use onthaal_tests::sim::scenarios;
use onthaal_tests::Backend;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_seed_same_figures_other_seed_other_figures() {
    let quiet = scenarios()
        .into_iter()
        .find(|s| s.name == "rustige-vrijdag")
        .expect("the quiet scenario");
    let day = quiet.draw(11);
    assert_eq!(day, quiet.draw(11), "drawing a day is deterministic");
    assert!(day.arrivals.len() >= 15, "{} walk-ins", day.arrivals.len());

    let first = run_day(&day, Backend::Sqlite, Some(11)).await.unwrap();
    let again = run_day(&day, Backend::Sqlite, Some(11)).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(first.tickets, day.arrivals.len());
    assert!(first.measured > 0 && first.measured <= first.tickets);
    assert!(first.appointments_checked_in > 0);
    assert!((0.0..=1.0).contains(&first.forecast.within_5_min));

    let other = run_day(&quiet.draw(12), Backend::Sqlite, Some(12))
        .await
        .unwrap();
    assert_ne!(
        (first.tickets, first.mean_wait_s, &first.forecast),
        (other.tickets, other.mean_wait_s, &other.forecast)
    );
}

/// The forecast on constructed steps through the API: what each ticket is told at issue (with
/// the naive baseline beside it in the `issued` event), how a long visit moves the estimate of
/// those behind, that the move is recorded, and that the status page shows the current one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_estimate_follows_the_queue_and_is_recorded() {
    use onthaal_tests::spawn_app;
    use serde_json::Value;
    use sqlx::Row;

    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let staff = app.reception().await;
    // Loket 2 serves only the ID-team (8 minutes configured, plus a minute to walk up). Its
    // "call next" on an empty queue says it is working.
    let loket2 = app.desk_id(&staff, "Loket 2").await;
    assert_eq!(app.call_next(&staff, loket2).await.status(), 204);
    let t1 = app.issue(&staff, "id-team").await;
    let t2 = app.issue(&staff, "id-team").await;
    let t3 = app.issue(&staff, "id-team").await;
    let est = |t: &Value| t["estimated_wait_s"].as_i64().unwrap();
    assert_eq!((est(&t1), est(&t2), est(&t3)), (0, 9 * 60, 18 * 60));

    let store = app.running.as_ref().unwrap().store.clone();
    let issued: Vec<(i64, Option<i64>)> =
        sqlx::query("SELECT data FROM events WHERE kind = 'issued' ORDER BY seq")
            .fetch_all(store.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| {
                let d: Value = serde_json::from_str(&r.get::<String, _>(0)).unwrap();
                (
                    d["estimate_s"].as_i64().unwrap(),
                    d["naive_estimate_s"].as_i64(),
                )
            })
            .collect();
    // The baseline counts no desk yet (none called someone) and 8 minutes a visit.
    assert_eq!(
        issued,
        vec![(0, Some(0)), (540, Some(480)), (1080, Some(960))]
    );

    // The first visit takes 30 minutes: the ID-team's expected desk time becomes
    // (30 + 2 × 9) ÷ 3 = 16 minutes, and the third visitor is now expected 16 minutes after
    // the second is called, at 46 minutes instead of 18.
    let called: Value = app.called_next(&staff, loket2).await;
    assert_eq!(called["id"], t1["id"]);
    app.act(&staff, t1["id"].as_i64().unwrap(), "start").await;
    app.clock.advance(chrono::Duration::minutes(30));
    app.act(&staff, t1["id"].as_i64().unwrap(), "finish").await;
    let recorded: Vec<(i64, i64)> =
        sqlx::query("SELECT ticket_id, estimate_s FROM ticket_estimates ORDER BY id")
            .fetch_all(store.pool())
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
    let id3 = t3["id"].as_i64().unwrap();
    assert!(recorded.contains(&(id3, 16 * 60)), "{recorded:?}");
    let status: Value = app
        .public_json(&format!(
            "/api/v1/status/{}",
            t3["status_token"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status["position"], 1);
    assert_eq!(status["estimated_wait_s"], 16 * 60);

    // Moves are looked for at most every ten seconds. At the same instant, t2 leaving the
    // queue moves t3 up by a whole visit, yet nothing is recorded; a change ten seconds later
    // (another visitor leaving) records where t3 stands then.
    let recorded_for = |id: i64| {
        let pool = store.pool().clone();
        async move {
            sqlx::query("SELECT estimate_s FROM ticket_estimates WHERE ticket_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get::<i64, _>(0))
                .collect::<Vec<_>>()
        }
    };
    let before = recorded_for(id3).await;
    let t4 = app.issue(&staff, "huur").await;
    assert_eq!(
        app.act(&staff, t2["id"].as_i64().unwrap(), "cancel")
            .await
            .status(),
        200
    );
    assert_eq!(
        recorded_for(id3).await,
        before,
        "not looked for within ten seconds"
    );
    app.clock.advance(chrono::Duration::seconds(11));
    assert_eq!(
        app.act(&staff, t4["id"].as_i64().unwrap(), "cancel")
            .await
            .status(),
        200
    );
    let after = recorded_for(id3).await;
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert!(after.last().unwrap() < &(16 * 60), "{after:?}");
}
