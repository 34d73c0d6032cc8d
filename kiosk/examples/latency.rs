//! How long from the visitor's last touch to the ticket's bytes handed to the printer?
//!
//! Starts the real server (SQLite in a temporary folder) and the kiosk station in this
//! process on loopback, takes `N` tickets (default 200, after 10 not counted to warm up)
//! through the station's page API exactly as the page does, and prints p50/p99/max of:
//!
//! - **touch → printer**: from the station receiving the page's POST to the ESC/POS bytes
//!   handed to the printer driver (the server's ticket transaction included) — the figure
//!   issue 4 asks for;
//! - **touch → answer**: the page's whole round trip, the print itself included.
//!
//! Once with a `file://` printer (bytes appended to a file, like a fast printer) and once
//! with the demo's `dir://` printer (which also renders a PNG preview of every ticket).
//!
//! ```sh
//! cargo run --release -p onthaal-kiosk --example latency [-- N]
//! ```
//!
//! The server's clock is a manual one moved a minute per ticket, so the kiosk rate limit
//! (2 per 5 s, 6 per minute) does not stop a measurement that takes 200 tickets in seconds.

use std::sync::Arc;
use std::time::{Duration, Instant};

use onthaal_kiosk::issue::Issued;
use onthaal_server::clock::{Clock, ManualClock};

const WARM_UP: usize = 10;

#[tokio::main]
async fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let dir = std::env::temp_dir().join(format!("onthaal-latency-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    println!(
        "Onthaal kiosk latency: {n} tickets on loopback ({} build)",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    for (what, printer) in [
        (
            "file:// printer",
            format!("file://{}/tickets.bin", dir.display()),
        ),
        (
            "dir:// printer (+ PNG preview)",
            format!("dir://{}/previews/", dir.display()),
        ),
    ] {
        measure(what, &printer, &dir, n).await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

async fn measure(what: &str, printer: &str, dir: &std::path::Path, n: usize) {
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let db = dir.join(format!("{}.db", rand_suffix()));
    let server = onthaal_server::app::start(onthaal_server::app::Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: format!("sqlite://{}", db.display()),
        config: onthaal_server::config::Config::demo(),
        public_url: Some("https://onthaal.example".into()),
        admin_password: Some("trage kiosk meet de wachttijd".into()),
        clock: clock.clone(),
        kiosk_ticket_limit: Vec::new(),
        tls: None,
    })
    .await
    .expect("server starts");
    let (_, token) = server
        .store
        .add_device(
            None,
            onthaal_server::domain::roles::DeviceKind::Kiosk,
            "latency kiosk",
            clock.now(),
        )
        .await
        .expect("kiosk registered");
    let kiosk = onthaal_kiosk::start(onthaal_kiosk::Settings {
        server: format!("http://{}", server.addr),
        token,
        bind: "127.0.0.1:0".parse().unwrap(),
        printer: printer.to_string(),
        public_url: None,
        headset: onthaal_kiosk::headset::HeadsetSource::Off,
        ca_file: None,
    })
    .await
    .expect("kiosk starts");
    let mut view = kiosk.watch();
    tokio::time::timeout(
        Duration::from_secs(10),
        view.wait_for(|v| v.online && !v.services.is_empty()),
    )
    .await
    .expect("kiosk online within 10 s")
    .unwrap();

    let http = reqwest::Client::new();
    let url = format!("{}/api/ticket", kiosk.url());
    let services = ["permanentie", "schuldhulp", "huur", "id-team"];
    let mut to_printer = Vec::with_capacity(n);
    let mut round_trip = Vec::with_capacity(n);
    for i in 0..n + WARM_UP {
        clock.advance(chrono::Duration::seconds(61));
        let touched = Instant::now();
        let r = http
            .post(&url)
            .json(&serde_json::json!({
                "service": services[i % services.len()],
                "lang": "nl",
                "key": format!("latency-{i}"),
            }))
            .send()
            .await
            .expect("station answers");
        assert!(r.status().is_success(), "ticket {i}: {}", r.status());
        let issued: Issued = r.json().await.expect("a ticket");
        let answered = touched.elapsed();
        assert!(
            issued.printed,
            "ticket {i} not printed: {:?}",
            issued.printer
        );
        if i >= WARM_UP {
            to_printer.push(issued.timing.to_printer_ms.expect("handed to the printer"));
            round_trip.push(answered.as_secs_f64() * 1000.0);
        }
    }
    println!("\n{what}");
    report("  touch → bytes to printer", &mut to_printer);
    report("  touch → answer (print incl.)", &mut round_trip);
    kiosk.stop().await;
    server.stop().await;
}

fn report(label: &str, ms: &mut [f64]) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| ms[((ms.len() as f64 * p).ceil() as usize).clamp(1, ms.len()) - 1];
    println!(
        "{label}: p50 {:.2} ms   p99 {:.2} ms   max {:.2} ms   (n = {})",
        pct(0.50),
        pct(0.99),
        ms[ms.len() - 1],
        ms.len()
    );
}

fn rand_suffix() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos()
}
