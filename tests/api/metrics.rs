//! `GET /metrics`: the figures after tickets, a call, a display and a kiosk with a printer
//! problem; no token or ticket in them; who may read them; and Prometheus's own `promtool` on
//! a real scrape and on the example alert rules (`packaging/prometheus/`).
//!
//! `promtool` comes from Debian's `prometheus` package. Without it the promtool checks are
//! skipped and say so, except where `ONTHAAL_REQUIRE_PROMTOOL=1` (set by `test.sh` in CI):
//! there they fail.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration as StdDuration;

use chrono::Duration;
use futures_util::SinkExt;
use onthaal_server::config::{Config, MetricsToken};
use onthaal_tests::{default_now, next_frame, spawn_app, spawn_app_with, Backend};
use onthaal_tests::{TestApp, Ws};
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio_tungstenite::tungstenite::Message;

async fn scrape(app: &TestApp) -> String {
    let r = app.http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let ctype = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(ctype.starts_with("text/plain; version=0.0.4"), "{ctype}");
    r.text().await.unwrap()
}

/// The value of one series, written as it appears (`name{label="…",…}`).
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .map(|v| v.parse().unwrap())
}

/// Scrapes until `series` has `want` (what the server does after a socket opens or closes, or
/// a printer report arrives, happens beside the frames the test waits for).
async fn scrape_until(app: &TestApp, series: &str, want: f64) -> String {
    for _ in 0..100 {
        let text = scrape(app).await;
        if value(&text, series) == Some(want) {
            return text;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    panic!("{series} never became {want}:\n{}", scrape(app).await)
}

async fn report_printer(ws: &mut Ws, state: &str) {
    let frame = json!({"type": "station_status", "printer": {"state": state, "message": "Het papier is op"}});
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .unwrap();
}

both!(the_figures_follow_the_queue_the_sockets_and_the_printers);
async fn the_figures_follow_the_queue_the_sockets_and_the_printers(b: Backend) {
    let Some(app) = spawn_app(b).await else {
        return;
    };
    let kiosk = app.device("kiosk").await;
    let display = app.device("display").await;
    let reception = app.reception().await;
    let first = app.issue(&kiosk, "id-team").await;
    let second = app.issue(&kiosk, "id-team").await;
    app.clock.advance(Duration::minutes(7));
    let desk = app.desk_id(&reception, "Loket 1").await;
    assert_eq!(app.call_next(&reception, desk).await.status(), 200);
    let status_token = second["status_token"].as_str().unwrap();
    assert_eq!(
        app.http
            .get(app.url(&format!("/api/v1/status/{status_token}")))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let unknown = app
        .http
        .get(app.url("/api/v1/no-such-thing/geheim-pad"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);

    let mut screen = app.ws(&display).await;
    next_frame(&mut screen).await;
    let mut station = app.ws(&kiosk).await;
    next_frame(&mut station).await;
    report_printer(&mut station, "paper_out").await;

    let printer = "onthaal_printer_state{device=\"test device\",device_id=\"1\",location=\"centrum\",state=\"paper_out\"}";
    let text = scrape_until(&app, printer, 1.0).await;
    let queue = "{location=\"centrum\",service=\"id-team\"}";
    // One of the two waits still, since the ticket was issued seven minutes ago.
    assert_eq!(
        value(&text, &format!("onthaal_queue_waiting{queue}")),
        Some(1.0)
    );
    assert_eq!(
        value(&text, &format!("onthaal_queue_oldest_wait_seconds{queue}")),
        Some(420.0)
    );
    assert_eq!(
        value(&text, &format!("onthaal_queue_target_wait_seconds{queue}")),
        Some(900.0)
    );
    let nobody = "{location=\"centrum\",service=\"huur\"}";
    assert_eq!(
        value(&text, &format!("onthaal_queue_waiting{nobody}")),
        Some(0.0)
    );
    assert_eq!(
        value(&text, &format!("onthaal_queue_oldest_wait_seconds{nobody}")),
        Some(0.0)
    );
    for (kind, n) in [("display", 1.0), ("kiosk", 1.0), ("desk", 0.0)] {
        assert_eq!(
            value(
                &text,
                &format!("onthaal_websocket_clients{{kind=\"{kind}\"}}")
            ),
            Some(n),
            "{kind}"
        );
    }
    assert_eq!(
        value(
            &text,
            "onthaal_http_requests_total{method=\"POST\",route=\"/api/v1/tickets\",status=\"201\"}"
        ),
        Some(2.0)
    );
    assert_eq!(
        value(
            &text,
            "onthaal_http_requests_total{method=\"POST\",route=\"/api/v1/desks/{id}/call-next\",status=\"200\"}"
        ),
        Some(1.0)
    );
    assert_eq!(
        value(
            &text,
            "onthaal_http_requests_total{method=\"GET\",route=\"/api/v1/status/{token}\",status=\"200\"}"
        ),
        Some(1.0)
    );
    assert_eq!(
        value(
            &text,
            "onthaal_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"
        ),
        Some(1.0)
    );
    assert!(text.contains("onthaal_http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/tickets\",le=\"+Inf\"} 2"), "{text}");
    assert_eq!(
        value(
            &text,
            "onthaal_printer_ok{device=\"test device\",device_id=\"1\",location=\"centrum\"}"
        ),
        Some(0.0)
    );
    assert_eq!(
        value(
            &text,
            "onthaal_station_online{device=\"test device\",device_id=\"2\",kind=\"display\",location=\"centrum\"}"
        ),
        Some(1.0)
    );
    // A display has no printer.
    assert!(!text.contains("onthaal_printer_ok{device=\"test device\",device_id=\"2\""));
    for pool in ["read", "write"] {
        let max = value(
            &text,
            &format!("onthaal_db_pool_max_connections{{pool=\"{pool}\"}}"),
        );
        assert!(max.is_some_and(|m| m >= 1.0), "{pool}: {text}");
    }
    // Nothing of a visitor or a secret: no token, no ticket number, no path as it was asked.
    for secret in [
        status_token,
        first["number"].as_str().unwrap(),
        second["number"].as_str().unwrap(),
        &kiosk,
        &display,
        &reception,
        "geheim-pad",
        "Het papier is op",
    ] {
        assert!(!text.contains(secret), "{secret} in the scrape:\n{text}");
    }

    promtool_check_metrics(&text).await;

    // The printer is refilled; the display goes away.
    report_printer(&mut station, "ok").await;
    scrape_until(&app, printer, 0.0).await;
    drop(screen);
    scrape_until(&app, "onthaal_websocket_clients{kind=\"display\"}", 0.0).await;
}

both!(only_the_machine_itself_or_the_token_may_read);
async fn only_the_machine_itself_or_the_token_may_read(b: Backend) {
    // No token set: through a proxy (or from elsewhere) there is nothing to see.
    let Some(open) = spawn_app(b).await else {
        return;
    };
    let r = open
        .http
        .get(open.url("/metrics"))
        .header("x-forwarded-for", "192.0.2.7")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"]["code"],
        "not_found"
    );

    let mut config = Config::demo();
    config.metrics_token = Some(MetricsToken(
        "lang-en-willekeurig-token-voor-prometheus".into(),
    ));
    let app = spawn_app_with(b, config, default_now()).await.unwrap();
    for auth in [
        None,
        Some("Bearer lang-en-willekeurig-token-voor-prometheuz"),
    ] {
        let mut req = app
            .http
            .get(app.url("/metrics"))
            .header("x-forwarded-for", "192.0.2.7");
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 401, "{auth:?}");
        assert_eq!(
            r.json::<Value>().await.unwrap()["error"]["code"],
            "unauthorized"
        );
    }
    let r = app
        .http
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "192.0.2.7")
        .bearer_auth("lang-en-willekeurig-token-voor-prometheus")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("onthaal_http_requests_total"));
    // On the machine itself no token is needed.
    scrape(&app).await;
    // The route is documented with these answers.
    let doc = onthaal_server::http::openapi::document_value();
    let responses = &doc["paths"]["/metrics"]["get"]["responses"];
    for status in ["200", "401", "404"] {
        assert!(responses.get(status).is_some(), "{status}: {responses}");
    }
}

// Two instances on one PostgreSQL database: the second sees the first's events, and says how
// late.
both!(another_instances_events_are_counted_with_their_delay);
async fn another_instances_events_are_counted_with_their_delay(b: Backend) {
    let Some(a) = spawn_app(b).await else {
        return;
    };
    let second = a.another_instance().await;
    let kiosk = a.device("kiosk").await;
    a.issue(&kiosk, "huur").await;
    let applied = "onthaal_instance_events_applied_total{location=\"centrum\"}";
    if b == Backend::Sqlite {
        // One process per database: there is no other instance.
        assert!(!scrape(&second).await.contains(applied));
        return;
    }
    let mut text = scrape(&second).await;
    for _ in 0..100 {
        if value(&text, applied).is_some() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
        text = scrape(&second).await;
    }
    assert!(value(&text, applied).is_some_and(|n| n >= 1.0), "{text}");
    // Both instances run on one clock here, which did not move: no delay.
    assert_eq!(
        value(
            &text,
            "onthaal_instance_event_lag_seconds{location=\"centrum\"}"
        ),
        Some(0.0)
    );
    assert_eq!(
        value(
            &text,
            "onthaal_queue_waiting{location=\"centrum\",service=\"huur\"}"
        ),
        Some(1.0)
    );
    // The first instance wrote the event itself.
    assert!(!scrape(&a).await.contains(applied));
}

/// `promtool`, or `None` (said) when it is not installed and not required.
fn promtool() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("promtool"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        if std::env::var("ONTHAAL_REQUIRE_PROMTOOL").is_ok_and(|v| v == "1") {
            panic!("promtool is required here (ONTHAAL_REQUIRE_PROMTOOL=1) but is not installed: apt-get install prometheus");
        }
        eprintln!(
            "promtool checks skipped: promtool is not installed (apt-get install prometheus)"
        );
    }
    found
}

async fn promtool_check_metrics(text: &str) {
    let Some(promtool) = promtool() else {
        return;
    };
    let mut child = tokio::process::Command::new(promtool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(text.as_bytes()).await.unwrap();
    drop(stdin);
    let out = child.wait_with_output().await.unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Lint problems (no help text, a counter without _total …) are errors too (exit 3).
    assert!(
        out.status.success() && said.trim().is_empty(),
        "promtool check metrics: {}\n{said}\n{text}",
        out.status
    );
}

#[tokio::test]
async fn the_alert_rules_pass_promtool() {
    let Some(promtool) = promtool() else {
        return;
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../packaging/prometheus");
    for args in [
        ["check", "rules", "onthaal-rules.yml"],
        ["test", "rules", "onthaal-rules.test.yml"],
    ] {
        let out = tokio::process::Command::new(&promtool)
            .args(args)
            .current_dir(&dir)
            .output()
            .await
            .unwrap();
        assert!(
            out.status.success(),
            "promtool {}: {}\n{}{}",
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
