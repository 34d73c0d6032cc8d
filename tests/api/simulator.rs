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
