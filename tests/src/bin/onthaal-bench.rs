//! `onthaal-bench`: measures Onthaal against its physical limits, each figure next to a
//! baseline measured in the same run, so that ratios hold on a noisy machine.
//!
//! Everything runs on loopback; every loop has a count and a time limit. The report is a
//! table on stdout and a JSON document (`--json FILE`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use clap::Parser;
use futures_util::{SinkExt, StreamExt};
use onthaal_server::app::{self, Settings};
use onthaal_server::clock::SystemClock;
use onthaal_server::config::Config;
use onthaal_server::engine::hub::Hub;
use onthaal_server::engine::Store;
use onthaal_tests::seed;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

#[derive(Parser)]
#[command(
    about = "Measures Onthaal on loopback: call-to-display latency, ticket and call throughput, start time, memory, dashboard queries"
)]
struct Args {
    /// A short run (under 2 minutes) that checks the harness works; figures are indicative.
    #[arg(long)]
    quick: bool,
    /// Database to measure on (default: a fresh SQLite file); a postgres:// URL to a database
    /// the bench may fill.
    #[arg(long, env = "ONTHAAL_BENCH_DATABASE_URL")]
    database_url: Option<String>,
    /// Only these display counts for the call-to-display figure (default 100, 500, 1000).
    #[arg(long, value_delimiter = ',')]
    displays: Vec<usize>,
    /// Only the call-to-display figure (same as `--only displays`).
    #[arg(long)]
    only_displays: bool,
    /// Idle-client steps for the memory figure (default 1000, 5000, 10000).
    #[arg(long, value_delimiter = ',')]
    idle_clients: Vec<usize>,
    /// Only the idle-client memory figure (same as `--only idle`).
    #[arg(long)]
    only_idle: bool,
    /// Only these parts: displays, issue, calls, start, render, idle, dashboard.
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Concurrent kiosks for the ticket figure (default 1, 8, 32; quick: 1, 8).
    #[arg(long, value_delimiter = ',')]
    kiosks: Vec<usize>,
    /// How often the ticket figure and its baseline are measured, back to back.
    #[arg(long, default_value_t = 1)]
    rounds: usize,
    /// Tickets in the year of history for the dashboard figure (default 300,000; quick: 3,000
    /// over 30 days).
    #[arg(long)]
    year_tickets: Option<u64>,
    /// Write the report as JSON here too.
    #[arg(long)]
    json: Option<std::path::PathBuf>,
    /// Do not measure: check that this JSON report is complete and well-formed (exit 1 if not).
    #[arg(long)]
    check_report: Option<std::path::PathBuf>,
}

/// The parts of a run, in order.
const SECTIONS: [&str; 7] = [
    "displays",
    "issue",
    "calls",
    "start",
    "render",
    "idle",
    "dashboard",
];

/// Latency figures in microseconds.
#[derive(Clone, Copy, Debug, serde::Serialize)]
struct Dist {
    n: usize,
    p50_us: u64,
    p99_us: u64,
    max_us: u64,
}

fn dist(mut v: Vec<Duration>) -> Dist {
    v.sort();
    let q = |p: f64| {
        v.get(((v.len() as f64 - 1.0) * p).round() as usize)
            .map(|d| d.as_micros() as u64)
            .unwrap_or(0)
    };
    Dist {
        n: v.len(),
        p50_us: q(0.5),
        p99_us: q(0.99),
        max_us: v.last().map(|d| d.as_micros() as u64).unwrap_or(0),
    }
}

fn fresh_sqlite() -> String {
    let dir = std::env::temp_dir().join(format!(
        "onthaal-bench-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    format!("sqlite://{}/onthaal.db", dir.display())
}

/// The PostgreSQL databases this run created, dropped at its end.
static CREATED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

async fn drop_created(admin_url: &str) {
    let names = std::mem::take(&mut *CREATED.lock().unwrap());
    if names.is_empty() {
        return;
    }
    let Ok(mut conn) = <sqlx::AnyConnection as sqlx::Connection>::connect(admin_url).await else {
        return;
    };
    for name in names {
        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        if let Err(e) = sqlx::Executor::execute(&mut conn, sql.as_str()).await {
            println!("could not drop the bench database {name}: {e}");
        }
    }
}

async fn fresh_database(args: &Args) -> String {
    match &args.database_url {
        Some(u) if u.starts_with("postgres") => {
            // A fresh database next to the given one, so runs do not pile up data.
            sqlx::any::install_default_drivers();
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(u)
                .await
                .expect("PostgreSQL answers");
            let name = format!(
                "onthaal_bench_{}_{}",
                std::process::id(),
                rand::random::<u32>()
            );
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            CREATED.lock().unwrap().push(name.clone());
            format!("{}/{name}", u.rsplit_once('/').unwrap().0)
        }
        Some(u) => u.clone(),
        None => fresh_sqlite(),
    }
}

struct Server {
    running: app::Running,
    base: String,
    http: reqwest::Client,
    staff: String,
}

async fn start_server(database_url: String, config: Config) -> Server {
    let running = app::start(Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url,
        config,
        public_url: None,
        admin_password: Some("zware bank meet elke seconde".into()),
        clock: Arc::new(SystemClock),
        kiosk_ticket_limit: Vec::new(),
        tls: None,
    })
    .await
    .expect("server starts");
    let base = format!("http://{}", running.addr);
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    let staff: Value = onthaal_tests::json_answer(
        http.post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"username": "onthaal", "password": "onthaal"})),
    )
    .await;
    Server {
        running,
        base,
        http,
        staff: staff["token"].as_str().unwrap().to_string(),
    }
}

impl Server {
    async fn device(&self, kind: &str) -> String {
        let kind = onthaal_server::domain::roles::DeviceKind::parse(kind).unwrap();
        self.running
            .store
            .add_device(None, kind, "bench", Utc::now())
            .await
            .unwrap()
            .1
    }

    /// The desks as reception reads them (`GET /api/v1/desks`).
    async fn desks(&self) -> Vec<Value> {
        let desks: Value = self
            .http
            .get(format!("{}/api/v1/desks", self.base))
            .bearer_auth(&self.staff)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        desks.as_array().unwrap().clone()
    }

    /// Reception calls the next visitor to `desk`: the answer (200, or 204 when none waits).
    async fn call_next(&self, desk: i64) -> reqwest::Response {
        self.http
            .post(format!("{}/api/v1/desks/{desk}/call-next", self.base))
            .bearer_auth(&self.staff)
            .send()
            .await
            .unwrap()
    }

    async fn desk(&self, name: &str) -> i64 {
        let desks = self.desks().await;
        desks.iter().find(|d| d["name"] == name).unwrap()["id"]
            .as_i64()
            .unwrap()
    }

    async fn issue(&self, token: &str, service: &str) -> reqwest::StatusCode {
        self.http
            .post(format!("{}/api/v1/tickets", self.base))
            .bearer_auth(token)
            .json(&json!({"service": service}))
            .send()
            .await
            .unwrap()
            .status()
    }
}

/// Every WebSocket of the bench, measuring client or bare server, reads as the Onthaal server
/// does: into a 4 KiB buffer, writes flushed at once. tungstenite zeroes its whole read buffer
/// (128 KiB by default) before each read, so a thousand clients left at the default spend the
/// two cores clearing memory while the server they measure fans a call out.
fn ws_config() -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(4 * 1024)
        .write_buffer_size(0)
}

async fn ws_connect(
    url: String,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    tokio_tungstenite::connect_async_with_config(url, Some(ws_config()), false)
        .await
        .expect("the WebSocket connects")
        .0
}

/// Baseline: a bare WebSocket echo round trip on loopback with a message the size of a
/// `called` frame.
async fn ws_echo_baseline(samples: usize, size: usize) -> Dist {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut ws = tokio_tungstenite::accept_async_with_config(tcp, Some(ws_config()))
            .await
            .unwrap();
        while let Some(Ok(m)) = ws.next().await {
            if m.is_text() && ws.send(m).await.is_err() {
                break;
            }
        }
    });
    let mut ws = ws_connect(format!("ws://{addr}")).await;
    let payload = "x".repeat(size);
    let mut v = Vec::with_capacity(samples);
    for _ in 0..samples {
        let t = Instant::now();
        ws.send(Message::Text(payload.clone().into()))
            .await
            .unwrap();
        ws.next().await.unwrap().unwrap();
        v.push(t.elapsed());
    }
    dist(v)
}

/// Baseline at the same scale: a bare tokio-tungstenite server sends one message the size of a
/// `called` frame to `clients` connected clients; the time from the send to its arrival at each
/// client. What fanning a frame out costs on this machine with nothing of Onthaal in the way.
async fn ws_broadcast_baseline(clients: usize, rounds: usize, size: usize) -> Dist {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (out, _) = tokio::sync::broadcast::channel::<Message>(16);
    let accept = {
        let out = out.clone();
        tokio::spawn(async move {
            for _ in 0..clients {
                let (tcp, _) = listener.accept().await.unwrap();
                tcp.set_nodelay(true).unwrap();
                let mut rx = out.subscribe();
                tokio::spawn(async move {
                    let mut ws =
                        tokio_tungstenite::accept_async_with_config(tcp, Some(ws_config()))
                            .await
                            .unwrap();
                    while let Ok(m) = rx.recv().await {
                        if ws.send(m).await.is_err() {
                            break;
                        }
                    }
                });
            }
        })
    };
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Instant>();
    for _ in 0..clients {
        let tx = tx.clone();
        let mut ws = ws_connect(format!("ws://{addr}")).await;
        tokio::spawn(async move {
            while let Some(Ok(m)) = ws.next().await {
                if m.is_text() && tx.send(Instant::now()).is_err() {
                    return;
                }
            }
        });
    }
    accept.await.unwrap();
    // Every server side has subscribed once accepted; give the handshakes a moment to finish.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let payload = Message::Text("x".repeat(size).into());
    let mut all = Vec::with_capacity(clients * rounds);
    for _ in 0..rounds {
        let t0 = Instant::now();
        out.send(payload.clone()).unwrap();
        for _ in 0..clients {
            let at = tokio::time::timeout(Duration::from_secs(10), rx.recv())
                .await
                .expect("every client gets the message")
                .unwrap();
            all.push(at.duration_since(t0));
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    dist(all)
}

/// From a desk's call-next request to the `called` frame at every connected display.
/// Returns (per-display arrival latencies, the size of one called frame).
async fn call_to_display(
    database_url: String,
    displays: usize,
    calls: usize,
) -> (Dist, Dist, usize) {
    let s = start_server(database_url, Config::demo()).await;
    let token = s.device("display").await;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, Instant, usize)>();
    let ready = Arc::new(tokio::sync::Barrier::new(displays + 1));
    for _ in 0..displays {
        let url = format!("ws://{}/ws?token={token}", s.running.addr);
        let tx = tx.clone();
        let ready = ready.clone();
        tokio::spawn(async move {
            let mut ws = ws_connect(url).await;
            ws.next().await.unwrap().unwrap(); // snapshot
            ready.wait().await;
            while let Some(Ok(m)) = ws.next().await {
                if let Message::Text(t) = m {
                    let at = Instant::now();
                    // A display only needs the number; reading it without parsing the whole
                    // frame keeps the measuring clients from competing with the server.
                    if t.starts_with("{\"type\":\"called\"") {
                        let i = t.find("\"number\":\"").expect("a number") + 10;
                        let n: usize = t[i + 1..i + 4].parse().unwrap();
                        if tx.send((n, at, t.len())).is_err() {
                            return;
                        }
                    }
                }
            }
        });
    }
    drop(tx);
    ready.wait().await;
    let desk = s.desk("Loket 2").await;
    // The queue is there before the first call, and its `update` frames have reached every
    // display: each call is then timed on its own, not behind the fan-out of a ticket issued a
    // moment before (which a bare broadcast would not have to wait for either).
    for _ in 1..=calls {
        s.issue(&s.staff, "id-team").await;
    }
    tokio::time::sleep(Duration::from_millis(200 + displays as u64)).await;
    let mut all = Vec::new();
    let mut slowest = Vec::new();
    let mut frame_size = 0;
    for i in 1..=calls {
        tokio::time::sleep(Duration::from_millis(2)).await;
        let t0 = Instant::now();
        let r = s.call_next(desk).await;
        assert_eq!(r.status(), 200);
        let mut got = 0;
        let mut worst = Duration::ZERO;
        let deadline = t0 + Duration::from_secs(10);
        while got < displays {
            let Ok(Some((n, at, len))) = tokio::time::timeout_at(deadline.into(), rx.recv()).await
            else {
                break;
            };
            if n == i {
                got += 1;
                frame_size = len;
                let d = at.duration_since(t0);
                worst = worst.max(d);
                all.push(d);
            }
        }
        assert_eq!(got, displays, "every display got call {i}");
        slowest.push(worst);
        // Keep the queue short: finish the call.
        let _ = r;
    }
    s.running.stop().await;
    (dist(all), dist(slowest), frame_size)
}

/// From a desk's call-next to the call in a display station's state (the page's feed is the
/// same broadcast, serialised once), with `gap` between calls.
async fn call_to_display_station(database_url: String, calls: usize, gap: Duration) -> Dist {
    let s = start_server(database_url, Config::demo()).await;
    let token = s.device("display").await;
    let d = onthaal_display::start(onthaal_display::Settings {
        server: s.base.clone(),
        token,
        bind: "127.0.0.1:0".parse().unwrap(),
        sound: onthaal_display::SoundMode::Silent,
        ca_file: None,
    })
    .await
    .expect("display station starts");
    let mut rx = d.subscribe();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !d.state().synced && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let desk = s.desk("Loket 1").await;
    for _ in 0..calls {
        s.issue(&s.staff, "id-team").await;
    }
    // Let the issue updates pass.
    while tokio::time::timeout(Duration::from_millis(300), rx.recv())
        .await
        .is_ok()
    {}
    let mut v = Vec::with_capacity(calls);
    for _ in 0..calls {
        tokio::time::sleep(gap).await;
        let t0 = Instant::now();
        let call = s
            .http
            .post(format!("{}/api/v1/desks/{desk}/call-next", s.base))
            .bearer_auth(&s.staff)
            .send();
        let arrive = async {
            loop {
                let u = rx.recv().await.expect("station updates");
                if !u.message.announce.is_empty() {
                    return t0.elapsed();
                }
            }
        };
        let (r, at) = tokio::join!(call, arrive);
        assert_eq!(r.unwrap().status(), 200);
        v.push(at);
    }
    d.stop().await;
    s.running.stop().await;
    dist(v)
}

/// Tickets per second through the kiosk path with `kiosks` concurrent kiosks: each its own
/// kiosk device token and an `Idempotency-Key` per touch, as the kiosk station sends them (the
/// per-kiosk rate limit is off in the bench's server).
async fn issue_throughput(database_url: String, kiosks: usize, per_kiosk: usize) -> (f64, Dist) {
    let s = Arc::new(start_server(database_url, Config::demo()).await);
    let mut tokens = Vec::new();
    for _ in 0..kiosks {
        tokens.push(s.device("kiosk").await);
    }
    let mut tasks = Vec::new();
    let start = Instant::now();
    for (k, token) in tokens.into_iter().enumerate() {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let mut v = Vec::with_capacity(per_kiosk);
            let services = ["id-team", "permanentie", "schuldhulp", "huur"];
            for i in 0..per_kiosk {
                let t = Instant::now();
                let status = s
                    .http
                    .post(format!("{}/api/v1/tickets", s.base))
                    .bearer_auth(&token)
                    .header("Idempotency-Key", format!("touch-{i}"))
                    .json(&json!({"service": services[(i + k) % 4]}))
                    .send()
                    .await
                    .unwrap()
                    .status();
                assert_eq!(status, 201);
                v.push(t.elapsed());
            }
            v
        }));
    }
    let mut lat = Vec::new();
    for t in tasks {
        lat.extend(t.await.unwrap());
    }
    let rate = lat.len() as f64 / start.elapsed().as_secs_f64();
    Arc::try_unwrap(s).ok().unwrap().running.stop().await;
    (rate, dist(lat))
}

/// Baseline: one bare single-row insert transaction per request, same database settings.
async fn bare_transactions(
    database_url: String,
    concurrency: usize,
    per_worker: usize,
) -> (f64, Dist) {
    let hub = Arc::new(onthaal_server::engine::hub::Hub::new());
    let store = onthaal_server::engine::Store::connect(&database_url, hub)
        .await
        .unwrap();
    let pool = store.pool().clone();
    sqlx::query("CREATE TABLE IF NOT EXISTS bench_rows (id BIGINT, v TEXT)")
        .execute(&pool)
        .await
        .unwrap();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..concurrency {
        let pool = pool.clone();
        let sqlite = database_url.starts_with("sqlite");
        tasks.push(tokio::spawn(async move {
            let mut v = Vec::with_capacity(per_worker);
            for i in 0..per_worker {
                let t = Instant::now();
                let mut tx = if sqlite {
                    pool.begin_with("BEGIN IMMEDIATE").await.unwrap()
                } else {
                    pool.begin().await.unwrap()
                };
                sqlx::query("INSERT INTO bench_rows (id, v) VALUES ($1, $2)")
                    .bind((w * per_worker + i) as i64)
                    .bind("x")
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                v.push(t.elapsed());
            }
            v
        }));
    }
    let mut lat = Vec::new();
    for t in tasks {
        lat.extend(t.await.unwrap());
    }
    (lat.len() as f64 / start.elapsed().as_secs_f64(), dist(lat))
}

/// Calls per second with `desks` desks calling at once (each call then finished).
async fn call_throughput(database_url: String, desks: usize, tickets: usize) -> (f64, Dist) {
    let extra: String = (0..desks).map(|i| format!("[[location.desk]]\nkey = \"bench-{i}\"\nname = \"Bench {i}\"\nservices = [\"id-team\", \"permanentie\", \"schuldhulp\", \"huur\"]\n\n")).collect();
    let text =
        onthaal_server::config::DEMO_TOML.replacen("[[staff]]", &format!("{extra}[[staff]]"), 1);
    let s = Arc::new(start_server(database_url, Config::parse_demo(&text, "bench").unwrap()).await);
    let services = ["id-team", "permanentie", "schuldhulp", "huur"];
    for i in 0..tickets {
        s.issue(&s.staff, services[i % 4]).await;
    }
    let desk_ids: Vec<i64> = {
        let d = s.desks().await;
        d.iter()
            .filter(|d| d["name"].as_str().unwrap().starts_with("Bench"))
            .map(|d| d["id"].as_i64().unwrap())
            .collect()
    };
    let start = Instant::now();
    let mut tasks = Vec::new();
    for desk in desk_ids {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            let mut v = Vec::new();
            loop {
                let t = Instant::now();
                let r = s.call_next(desk).await;
                if r.status() == 204 {
                    return v;
                }
                v.push(t.elapsed());
            }
        }));
    }
    let mut lat = Vec::new();
    for t in tasks {
        lat.extend(t.await.unwrap());
    }
    assert_eq!(lat.len(), tickets, "every ticket called once");
    let rate = lat.len() as f64 / start.elapsed().as_secs_f64();
    Arc::try_unwrap(s).ok().unwrap().running.stop().await;
    (rate, dist(lat))
}

/// The server binary next to this one.
fn server_exe() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe()
        .ok()?
        .with_file_name("onthaal-server");
    exe.exists().then_some(exe)
}

/// Resident memory of a process, from /proc (kB → bytes).
fn rss_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
}

/// The server binary `exe` as a quiet process on `port` and the SQLite database `db`.
fn server_command(exe: &std::path::Path, port: u16, db: &str) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(exe);
    let bind = format!("127.0.0.1:{port}");
    command
        .args(["--bind", &bind, "--database-url", db])
        .env("ONTHAAL_ADMIN_PASSWORD", "zware bank meet elke seconde")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    command
}

/// The server as its own process (so its memory is its own) with `n` idle display
/// connections at each step: RSS, and the time to fan one call out to all of them.
async fn idle_clients(steps: &[usize]) -> Option<Value> {
    let exe = server_exe()?;
    let db = fresh_sqlite();
    let port = onthaal_tests::free_port();
    let mut child = server_command(&exe, port, &db)
        .kill_on_drop(true)
        .spawn()
        .ok()?;
    let pid = child.id()?;
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let t = Instant::now();
    while http
        .get(format!("{base}/healthz"))
        .send()
        .await
        .map(|r| r.status() != 200)
        .unwrap_or(true)
    {
        if t.elapsed() > Duration::from_secs(20) {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Devices are registered once the server has loaded its configuration (its location).
    let out = std::process::Command::new(&exe)
        .args(["device", "add", "--kind", "display", "--name", "bench"])
        .args(["--database-url", &db])
        .output()
        .ok()?;
    let token = String::from_utf8_lossy(&out.stdout)
        .trim()
        .lines()
        .last()?
        .to_string();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle_rss = rss_bytes(pid)?;
    let staff: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "onthaal", "password": "onthaal"}))
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let staff = staff["token"].as_str()?.to_string();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Instant>();
    let mut connected = 0usize;
    let mut rows = Vec::new();
    let mut calls = 0;
    for &n in steps {
        // Connect in batches so the listen backlog is never the bottleneck.
        while connected < n {
            let batch = (n - connected).min(200);
            let mut joins = Vec::new();
            for _ in 0..batch {
                let url = format!("ws://127.0.0.1:{port}/ws?token={token}");
                let tx = tx.clone();
                joins.push(tokio::spawn(async move {
                    let (mut ws, _) =
                        tokio_tungstenite::connect_async_with_config(url, Some(ws_config()), false)
                            .await
                            .ok()?;
                    ws.next().await?.ok()?; // the snapshot
                    tokio::spawn(async move {
                        // Reading also answers the server's pings, as a real display does.
                        while let Some(Ok(m)) = ws.next().await {
                            if let Message::Text(t) = m {
                                if t.starts_with("{\"type\":\"called\"")
                                    && tx.send(Instant::now()).is_err()
                                {
                                    return;
                                }
                            }
                        }
                    });
                    Some(())
                }));
            }
            let mut ok = 0;
            for j in joins {
                if j.await.ok().flatten().is_some() {
                    ok += 1;
                }
            }
            connected += ok;
            if ok < batch {
                // The machine's limits (file descriptors, ports) are reached: measure here.
                println!("  only {connected} of {n} clients could connect");
                break;
            }
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        let rss = rss_bytes(pid)?;
        // One call to all of them.
        calls += 1;
        while rx.try_recv().is_ok() {}
        http.post(format!("{base}/api/v1/tickets"))
            .bearer_auth(&staff)
            .json(&json!({"service": "id-team"}))
            .send()
            .await
            .ok()?;
        let t0 = Instant::now();
        let r = http
            .post(format!("{base}/api/v1/desks/2/call-next"))
            .bearer_auth(&staff)
            .send()
            .await
            .ok()?;
        if r.status() != 200 {
            return None;
        }
        let mut got = 0;
        let mut last = t0;
        let deadline = t0 + Duration::from_secs(30);
        while got < connected {
            match tokio::time::timeout_at(deadline.into(), rx.recv()).await {
                Ok(Some(at)) => {
                    got += 1;
                    last = last.max(at);
                }
                _ => break,
            }
        }
        println!(
            "  {connected:>6} idle displays: RSS {:.1} MB (idle server {:.1} MB, +{:.1} kB per client); call #{calls} reached {got} in {:.1} ms",
            rss as f64 / 1e6,
            idle_rss as f64 / 1e6,
            (rss.saturating_sub(idle_rss)) as f64 / 1e3 / connected.max(1) as f64,
            last.duration_since(t0).as_secs_f64() * 1e3
        );
        rows.push(json!({"clients": connected, "rss_bytes": rss, "idle_server_rss_bytes": idle_rss, "fan_out_ms": last.duration_since(t0).as_secs_f64() * 1e3, "reached": got}));
    }
    let _ = child.kill().await;
    Some(json!(rows))
}

/// The ticket layout rendered to ESC/POS bytes: time per ticket and size.
fn render_ticket(n: usize) -> Value {
    let ticket = onthaal_hardware::TicketLayout {
        location_name: "Sociaal Huis Demostad".into(),
        number: "P023".into(),
        service_name: "Permanence : nouvelle demande d'aide".into(),
        issued_at: Utc::now().with_timezone(&chrono_tz::Europe::Brussels),
        waiting_before: 3,
        estimated_wait_min: Some(15),
        status_url: "https://onthaal.example/s/abcdefghjkmnpqrstuvw".into(),
        lang: "fr".into(),
        note_line: None,
    };
    let t = Instant::now();
    let mut bytes = 0;
    for _ in 0..n {
        let layout = ticket.to_layout(onthaal_hardware::PaperWidth::Mm80);
        bytes = onthaal_hardware::encode::encode(&layout)
            .expect("a ticket encodes")
            .len();
    }
    let us = t.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("\nticket layout → ESC/POS (80 mm): {us:.1} µs per ticket, {bytes} bytes");
    json!({"us_per_ticket": us, "bytes": bytes})
}

/// Server start (binary next to this one) to `/healthz` 200 on a fresh SQLite file.
async fn start_time() -> Option<Duration> {
    let exe = std::env::current_exe()
        .ok()?
        .with_file_name("onthaal-server");
    if !exe.exists() {
        return None;
    }
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").ok()?;
        l.local_addr().ok()?.port()
    };
    let db = fresh_sqlite();
    let t = Instant::now();
    let mut child = server_command(&exe, port, &db).spawn().ok()?;
    let http = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/healthz");
    let mut took = None;
    while t.elapsed() < Duration::from_secs(20) {
        if let Ok(r) = http.get(&url).send().await {
            if r.status() == 200 {
                took = Some(t.elapsed());
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let _ = child.kill().await;
    took
}

fn ms(us: u64) -> String {
    format!("{:.2} ms", us as f64 / 1000.0)
}

/// A year of history (seeded straight into a fresh database, as `onthaal-seed` does), the
/// statistics rollup over it, then every dashboard query timed over the last month and the
/// whole span.
async fn dashboard(database_url: String, tickets: u64, days: i64) -> Result<Value, seed::Error> {
    let store = Store::connect(&database_url, Arc::new(Hub::new())).await?;
    store.sync_config(&Config::demo(), Utc::now()).await?;
    let seeded = seed::seed(
        &store,
        &seed::Options {
            tickets,
            days,
            today: false,
            seed: 2026,
        },
    )
    .await?;
    println!(
        "  seeded {} tickets, {} events over {} open days in {:.1} s",
        seeded.tickets, seeded.events, seeded.open_days, seeded.seconds
    );
    let (folded, rollup_s) = seed::rollup(&store, &seeded).await?;
    println!("  statistics rollup: {folded} events folded in {rollup_s:.2} s");
    let timings = seed::time_dashboard(&store, &seeded).await?;
    for t in &timings {
        println!(
            "  {:<6} {:<26} {:>8.1} ms   ({} rows)",
            t.span, t.query, t.ms, t.rows
        );
    }
    Ok(json!({
        "tickets": seeded.tickets,
        "events": seeded.events,
        "days": days,
        "open_days": seeded.open_days,
        "seed_s": seeded.seconds,
        "rollup_events": folded,
        "rollup_s": rollup_s,
        "queries": timings,
    }))
}

/// The machine the figures come from: they mean little without it.
fn machine() -> Value {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string());
    let memory_kib = read("/proc/meminfo")
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<u64>().ok());
    json!({
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        "cpu": model,
        "memory_kib": memory_kib,
        "kernel": read("/proc/sys/kernel/osrelease").trim(),
        "load_average_at_start": load_average(),
    })
}

/// The 1-minute load average: other work on the machine skews every figure.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Onthaal's targets for this machine, judged on the figures of this run; a target whose
/// figure the run did not measure (a part left out, or `--quick`'s smaller counts) is left out.
fn targets(r: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let mut verdict = |target: String, measured: f64, unit: &str, limit: f64, met: bool| {
        out.push(json!({"target": target, "measured": measured, "unit": unit, "limit": limit, "met": met}));
    };
    let ms_of = |v: &Value| v.as_f64().map(|us| us / 1000.0);
    if let Some(start) = r["start_ms"].as_f64() {
        verdict(
            "server start to /healthz < 300 ms (median)".into(),
            start,
            "ms",
            300.0,
            start < 300.0,
        );
    }
    let idle = r["idle_clients"].as_array().cloned().unwrap_or_default();
    if let Some(row) = idle.iter().find(|row| row["clients"] == 10_000) {
        if let Some(rss) = row["rss_bytes"].as_f64() {
            let mb = rss / 1e6;
            verdict(
                "RSS with 10,000 idle clients < 200 MB".into(),
                mb,
                "MB",
                200.0,
                mb < 200.0,
            );
        }
    }
    let issue = r["issue"].as_array().cloned().unwrap_or_default();
    let mut kiosks: Vec<u64> = issue
        .iter()
        .filter_map(|row| row["kiosks"].as_u64())
        .collect();
    kiosks.sort_unstable();
    kiosks.dedup();
    for k in kiosks {
        let ratios: Vec<f64> = issue
            .iter()
            .filter(|row| row["kiosks"] == k)
            .filter_map(|row| row["ratio"].as_f64())
            .collect();
        let m = median(ratios);
        verdict(
            format!("tickets, {k} kiosk(s): ≥ ½ the bare transaction rate (median)"),
            m,
            "×",
            0.5,
            m >= 0.5,
        );
    }
    let fan = r["call_to_display"].as_array().cloned().unwrap_or_default();
    let at_500 = fan.iter().find(|row| row["displays"] == 500);
    let echo = ms_of(&r["ws_echo"]["p99_us"]);
    let commit = ms_of(&r["commit"]["p50_us"]);
    if let (Some(row), Some(echo), Some(commit)) = (at_500, echo, commit) {
        if let Some(p99) = ms_of(&row["arrival"]["p99_us"]) {
            // The yardstick for reaching 500 displays is a bare server reaching 500 clients.
            // One client's echo round trip is shown after it, but cannot be the yardstick:
            // the bare broadcast alone takes several times 3 × echo + a commit (docs/benchmarks.md,
            // "How the targets are judged").
            if let Some(bare) = ms_of(&row["bare_broadcast"]["p99_us"]) {
                let limit = 3.0 * bare + commit;
                verdict(
                    "call → display p99 at 500 ≤ 3 × bare broadcast p99 + a commit".into(),
                    p99,
                    "ms",
                    limit,
                    p99 <= limit,
                );
            }
            let limit = 3.0 * echo + commit;
            verdict(
                "  … with one echo p99 instead (out of reach: see docs/benchmarks.md)".into(),
                p99,
                "ms",
                limit,
                p99 <= limit,
            );
        }
    }
    out
}

/// What a complete report holds for each part that ran; returns the problems found.
fn check_report(r: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let mut need = |path: &str, ok: bool| {
        if !ok {
            problems.push(format!("{path} is missing or not a sensible value"));
        }
    };
    let num = |v: &Value| v.as_f64().is_some_and(|x| x.is_finite() && x >= 0.0);
    let pos = |v: &Value| v.as_f64().is_some_and(|x| x.is_finite() && x > 0.0);
    let list = |v: &Value| v.as_array().filter(|a| !a.is_empty()).cloned();
    need("machine.cores", pos(&r["machine"]["cores"]));
    need("machine.memory_kib", pos(&r["machine"]["memory_kib"]));
    need("settings.database", r["settings"]["database"].is_string());
    need(
        "settings.sqlite_synchronous",
        r["settings"]["sqlite_synchronous"].is_string(),
    );
    let sections: Vec<&str> = r["settings"]["sections"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    need("settings.sections", !sections.is_empty());
    let dist_ok = |d: &Value| pos(&d["n"]) && num(&d["p50_us"]) && num(&d["p99_us"]);
    for section in sections {
        match section {
            "displays" => {
                need("ws_echo", dist_ok(&r["ws_echo"]));
                need("commit", dist_ok(&r["commit"]));
                let rows = list(&r["call_to_display"]);
                need("call_to_display", rows.is_some());
                for (i, row) in rows.unwrap_or_default().iter().enumerate() {
                    let at = |field: &str| format!("call_to_display[{i}].{field}");
                    need(&at("arrival"), dist_ok(&row["arrival"]));
                    need(&at("frame_bytes"), pos(&row["frame_bytes"]));
                }
                need(
                    "call_to_display_station",
                    dist_ok(&r["call_to_display_station"]),
                );
            }
            "issue" | "calls" => {
                let key = if section == "issue" {
                    "issue"
                } else {
                    "call_next"
                };
                let rows = list(&r[key]);
                need(key, rows.is_some());
                for (i, row) in rows.unwrap_or_default().iter().enumerate() {
                    let at = |field: &str| format!("{key}[{i}].{field}");
                    need(&at("per_second"), pos(&row["per_second"]));
                    need(&at("bare_per_second"), pos(&row["bare_per_second"]));
                    need(&at("latency"), dist_ok(&row["latency"]));
                }
            }
            "start" => need("start_ms", pos(&r["start_ms"])),
            "render" => need("render_ticket.bytes", pos(&r["render_ticket"]["bytes"])),
            "idle" => {
                let rows = list(&r["idle_clients"]);
                need("idle_clients", rows.is_some());
                for (i, row) in rows.unwrap_or_default().iter().enumerate() {
                    let at = |field: &str| format!("idle_clients[{i}].{field}");
                    need(&at("rss_bytes"), pos(&row["rss_bytes"]));
                    need(&at("reached"), row["reached"] == row["clients"]);
                }
            }
            "dashboard" => {
                need("dashboard.tickets", pos(&r["dashboard"]["tickets"]));
                need("dashboard.rollup_s", num(&r["dashboard"]["rollup_s"]));
                let rows = list(&r["dashboard"]["queries"]);
                need("dashboard.queries", rows.is_some());
                for (i, row) in rows.unwrap_or_default().iter().enumerate() {
                    let at = |field: &str| format!("dashboard.queries[{i}].{field}");
                    need(&at("ms"), num(&row["ms"]));
                }
            }
            other => need(&format!("settings.sections: {other}"), false),
        }
    }
    for (i, t) in r["targets"].as_array().into_iter().flatten().enumerate() {
        need(
            &format!("targets[{i}]"),
            t["target"].is_string()
                && num(&t["measured"])
                && pos(&t["limit"])
                && t["met"].is_boolean(),
        );
    }
    problems
}

fn report_problems(what: &str, problems: &[String]) {
    if problems.is_empty() {
        println!("{what}: complete and well-formed");
    } else {
        eprintln!("{what}: {} problem(s)", problems.len());
        for p in problems {
            eprintln!("  - {p}");
        }
        std::process::exit(1);
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Some(path) = &args.check_report {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
            eprintln!("cannot read {}: {e}", path.display());
            std::process::exit(1)
        });
        let report: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
            eprintln!("{} is not JSON: {e}", path.display());
            std::process::exit(1)
        });
        report_problems(&path.display().to_string(), &check_report(&report));
        return;
    }
    let q = args.quick;
    let mut only = args.only.clone();
    if args.only_displays {
        only.push("displays".into());
    }
    if args.only_idle {
        only.push("idle".into());
    }
    if let Some(bad) = only.iter().find(|s| !SECTIONS.contains(&s.as_str())) {
        eprintln!(
            "unknown part \"{bad}\"; the parts are {}",
            SECTIONS.join(", ")
        );
        std::process::exit(2);
    }
    let sections: Vec<&str> = SECTIONS
        .iter()
        .copied()
        .filter(|s| only.is_empty() || only.iter().any(|o| o == s))
        .collect();
    let run = |s: &str| sections.contains(&s);
    let db_kind = if args
        .database_url
        .as_deref()
        .is_some_and(|u| u.starts_with("postgres"))
    {
        "postgresql"
    } else {
        "sqlite"
    };
    let kiosks = if !args.kiosks.is_empty() {
        args.kiosks.clone()
    } else if q {
        vec![1, 8]
    } else {
        vec![1, 8, 32]
    };
    let (year_tickets, year_days) = match (args.year_tickets, q) {
        (Some(n), _) => (n, 365),
        (None, true) => (3_000, 30),
        (None, false) => (300_000, 365),
    };
    let mut report = json!({
        "machine": machine(),
        "settings": {
            "quick": q,
            "database": db_kind,
            "sections": sections,
            "sqlite_synchronous": "FULL",
            "journal_mode": "WAL",
            "postgres_synchronous_commit": "server default (on)",
            "build": if cfg!(debug_assertions) { "debug" } else { "release" },
            "server_and_clients": "one process, loopback (idle clients: the server as its own process)",
            "kiosks": kiosks,
            "rounds": args.rounds,
            "dashboard_history": { "tickets": year_tickets, "days": year_days },
        },
    });
    println!(
        "Onthaal benchmark ({}, {db_kind}; load average {:.2})",
        if q { "quick" } else { "full" },
        load_average().unwrap_or(0.0)
    );

    if run("displays") {
        let echo = ws_echo_baseline(if q { 300 } else { 3000 }, 700).await;
        println!(
            "\nbaseline: bare WebSocket echo round trip   p50 {}  p99 {}",
            ms(echo.p50_us),
            ms(echo.p99_us)
        );
        report["ws_echo"] = json!(echo);
        // The "one commit" of the call-to-display target: a bare one-row transaction on the
        // same database, one client.
        let (_, commit) =
            bare_transactions(fresh_database(&args).await, 1, if q { 50 } else { 300 }).await;
        println!(
            "baseline: one bare one-row transaction        p50 {}  p99 {}",
            ms(commit.p50_us),
            ms(commit.p99_us)
        );
        report["commit"] = json!(commit);

        println!("\ncall-next → `called` frame at every display");
        let mut fan = Vec::new();
        let counts = if !args.displays.is_empty() {
            args.displays.clone()
        } else if q {
            vec![100]
        } else {
            vec![100, 500, 1000]
        };
        for displays in counts {
            let (all, slowest, size) = call_to_display(
                fresh_database(&args).await,
                displays,
                if q { 30 } else { 200 },
            )
            .await;
            let bare = ws_broadcast_baseline(displays, if q { 30 } else { 200 }, size).await;
            println!("  {displays:>5} displays: p50 {}  p99 {}  max {}   (slowest display per call: p50 {} p99 {}; frame {size} B)", ms(all.p50_us), ms(all.p99_us), ms(all.max_us), ms(slowest.p50_us), ms(slowest.p99_us));
            println!(
                "                 bare broadcast to as many: p50 {}  p99 {}  max {}",
                ms(bare.p50_us),
                ms(bare.p99_us),
                ms(bare.max_us)
            );
            fan.push(json!({"displays": displays, "arrival": all, "slowest_per_call": slowest, "frame_bytes": size, "bare_broadcast": bare}));
        }
        report["call_to_display"] = json!(fan);
        let station = call_to_display_station(
            fresh_database(&args).await,
            if q { 30 } else { 200 },
            Duration::ZERO,
        )
        .await;
        println!(
            "  display station (back to back): p50 {}  p99 {}  max {}",
            ms(station.p50_us),
            ms(station.p99_us),
            ms(station.max_us)
        );
        report["call_to_display_station"] = json!(station);
    }

    if run("issue") {
        println!("\ntickets issued (kiosk path) vs a bare one-row insert transaction");
        let mut issue = Vec::new();
        let mut ratios: Vec<(usize, Vec<f64>)> = kiosks.iter().map(|k| (*k, Vec::new())).collect();
        for round in 0..args.rounds.max(1) {
            for (kiosks, r) in ratios.iter_mut() {
                let kiosks = *kiosks;
                let per = (if q { 100 } else { 1000 } / kiosks.min(8)).max(20);
                let (rate, lat) = issue_throughput(fresh_database(&args).await, kiosks, per).await;
                let (base, blat) =
                    bare_transactions(fresh_database(&args).await, kiosks, per).await;
                println!("  {kiosks:>3} kiosks: {rate:>7.0} tickets/s p99 {}   | bare: {base:>7.0} tx/s p99 {}   ratio {:.2}   (load {:.2})", ms(lat.p99_us), ms(blat.p99_us), rate / base, load_average().unwrap_or(0.0));
                r.push(rate / base);
                issue.push(json!({"kiosks": kiosks, "round": round, "per_second": rate, "latency": lat, "bare_per_second": base, "bare_latency": blat, "ratio": rate / base, "load_average": load_average()}));
            }
        }
        if args.rounds > 1 {
            for (k, r) in &ratios {
                println!(
                    "  {k:>3} kiosks: median ratio {:.2} over {} rounds",
                    median(r.clone()),
                    r.len()
                );
            }
        }
        report["issue"] = json!(issue);
    }

    if run("calls") {
        println!("\ncall-next with concurrent desks");
        let mut calls = Vec::new();
        for desks in if q { vec![10] } else { vec![10, 50, 200] } {
            let tickets = if q { 200 } else { 2000 };
            let (rate, lat) = call_throughput(fresh_database(&args).await, desks, tickets).await;
            let (base, _) =
                bare_transactions(fresh_database(&args).await, desks, (tickets / desks).max(5))
                    .await;
            println!("  {desks:>3} desks: {rate:>7.0} calls/s p99 {}   | bare: {base:>7.0} tx/s   ratio {:.2}", ms(lat.p99_us), rate / base);
            calls.push(
                json!({"desks": desks, "per_second": rate, "latency": lat, "bare_per_second": base}),
            );
        }
        report["call_next"] = json!(calls);
    }

    if run("start") {
        // One start is one sample of a noisy machine's disk and cores: the median of several
        // is the figure.
        let mut starts = Vec::new();
        for _ in 0..if q { 3 } else { 7 } {
            match start_time().await {
                Some(d) => starts.push(d.as_secs_f64() * 1000.0),
                None => break,
            }
        }
        if starts.is_empty() {
            println!("\nserver start: skipped (build onthaal-server next to this binary)");
        } else {
            let m = median(starts.clone());
            println!(
                "\nserver start to /healthz 200 (fresh SQLite, migrations, demo config): median {m:.0} ms over {} starts ({})",
                starts.len(),
                starts.iter().map(|s| format!("{s:.0}")).collect::<Vec<_>>().join(", ")
            );
            report["start_ms"] = json!(m);
            report["start_ms_each"] = json!(starts);
        }
    }

    if run("render") {
        report["render_ticket"] = render_ticket(if q { 1000 } else { 10000 });
    }

    if run("idle") {
        println!("\nidle WebSocket clients (the server binary as its own process)");
        let steps = if !args.idle_clients.is_empty() {
            args.idle_clients.clone()
        } else if q {
            vec![500]
        } else {
            vec![1000, 5000, 10000]
        };
        match idle_clients(&steps).await {
            Some(v) => report["idle_clients"] = v,
            None => println!("  skipped (build onthaal-server next to this binary)"),
        }
    }

    if run("dashboard") {
        println!("\ndashboard queries over {year_tickets} tickets in {year_days} days");
        match dashboard(fresh_database(&args).await, year_tickets, year_days).await {
            Ok(v) => report["dashboard"] = v,
            Err(e) => println!("  failed: {e}"),
        }
    }

    let verdicts = targets(&report);
    if !verdicts.is_empty() {
        println!("\ntargets (this machine, this run)");
        for t in &verdicts {
            println!(
                "  {:<64} {:>9.2} {:<5} limit {:>8.2}   {}",
                t["target"].as_str().unwrap_or_default(),
                t["measured"].as_f64().unwrap_or_default(),
                t["unit"].as_str().unwrap_or_default(),
                t["limit"].as_f64().unwrap_or_default(),
                if t["met"] == true { "met" } else { "NOT met" }
            );
        }
    }
    report["targets"] = json!(verdicts);
    report["machine"]["load_average_at_end"] = json!(load_average());
    if let Some(url) = &args.database_url {
        drop_created(url).await;
    }
    if let Some(path) = &args.json {
        std::fs::write(path, serde_json::to_string_pretty(&report).unwrap()).unwrap();
        println!("\nreport written to {}", path.display());
    }
    report_problems("report", &check_report(&report));
}
