//! Numbering restarts at local midnight, also across daylight-saving changes.

use chrono::{TimeZone, Utc};
use onthaal_server::config::Config;
use onthaal_tests::{spawn_app_with, Backend};

both!(numbers_restart_at_brussels_midnight_across_dst);
async fn numbers_restart_at_brussels_midnight_across_dst(b: Backend) {
    // Saturday 28 March 2026, 23:58 in Brussels (UTC+1).
    let start = Utc.with_ymd_and_hms(2026, 3, 28, 22, 58, 0).unwrap();
    let Some(app) = spawn_app_with(b, Config::demo(), start).await else {
        return;
    };
    // The clock jumps months, past any session's lifetime: log in afresh for each ticket.
    let issue = || async {
        app.issue(&app.reception().await, "id-team").await["number"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(issue().await, "I001");
    assert_eq!(issue().await, "I002");
    // 00:01 on Sunday 29 March, the day clocks jump to summer time: a new day.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 28, 23, 1, 0).unwrap());
    assert_eq!(issue().await, "I001");
    // 23:59 CEST the same Sunday (21:59 UTC): still the 29th, so the sequence continues.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 29, 21, 59, 0).unwrap());
    assert_eq!(issue().await, "I002");
    // 00:01 on Monday 30 March (22:01 UTC on the 29th): a new day.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 3, 29, 22, 1, 0).unwrap());
    assert_eq!(issue().await, "I001");
    // Autumn: Sunday 25 October 2026 lasts 25 hours. 00:30 CEST and 23:30 CET are one day.
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 10, 24, 22, 30, 0).unwrap());
    assert_eq!(issue().await, "I001");
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 10, 25, 22, 30, 0).unwrap());
    assert_eq!(issue().await, "I002");
    app.clock
        .set(Utc.with_ymd_and_hms(2026, 10, 25, 23, 0, 0).unwrap());
    assert_eq!(issue().await, "I001");
}
