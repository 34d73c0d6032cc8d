//! The `onthaal-server` binary as an operator runs it: registering, listing and revoking devices, a broken
//! configuration file, the demo configuration only ever in an empty database, a server
//! killed with SIGKILL that comes back with everything it acknowledged, and a backup taken
//! during a ticket burst that restores every ticket acknowledged before it; no personal data
//! in any log line it writes; and the token that opens `/metrics` to another machine.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_onthaal-server");

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "onthaal-process-{name}-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Starts the server and returns it with the address it printed.
fn start(db: &str) -> (Child, String) {
    start_with(db, &[])
}

/// Starts the server with more arguments (e.g. `--config FILE`).
fn start_with(db: &str, args: &[&str]) -> (Child, String) {
    let mut command = Command::new(BIN);
    command
        .args(["--bind", "127.0.0.1:0", "--database-url", db])
        .args(args);
    spawn_server(command)
}

/// Spawns the server `command` starts and returns it with the address it printed.
fn spawn_server(mut command: Command) -> (Child, String) {
    let mut child = command
        .env(
            "ONTHAAL_ADMIN_PASSWORD",
            "proces test met een sterk wachtwoord",
        )
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let addr = address(&mut child);
    (child, addr)
}

/// The address the server prints first on stdout; stdout is drained from then on so that the
/// server never blocks on a full pipe.
fn address(child: &mut Child) -> String {
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    std::thread::spawn(move || for _ in out.lines() {});
    addr
}

/// Starts the server once on `db` (it loads its configuration there) and stops it.
fn set_up(db: &str, args: &[&str]) {
    let (mut server, _) = start_with(db, args);
    server.kill().unwrap();
    server.wait().unwrap();
}

/// A fresh PostgreSQL database (named like the API suite's, so its clean-up drops it later),
/// or `None` when PostgreSQL does not answer and is not required here.
fn fresh_postgres() -> Option<String> {
    let admin = std::env::var("ONTHAAL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let name = format!(
        "onthaal_t_{}_{}_{}_0",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
        rand::random::<u32>()
    );
    let created = block_on(async {
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await?;
        sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str()).await
    });
    match created {
        Ok(_) => {
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            Some(format!("{base}/{name}"))
        }
        Err(e) => {
            if std::env::var("CI").is_ok() || std::env::var("ONTHAAL_REQUIRE_POSTGRES").is_ok() {
                panic!("PostgreSQL is required here but {admin} does not answer: {e}");
            }
            eprintln!("PostgreSQL part skipped: {admin} does not answer ({e})");
            None
        }
    }
}

fn block_on<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// The first column of a query's rows, read straight from the database.
fn column(db: &str, sql: &str) -> Vec<String> {
    block_on(async {
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(db)
            .await
            .unwrap();
        let rows = sqlx::query(sql).fetch_all(&mut conn).await.unwrap();
        rows.iter()
            .map(|r| sqlx::Row::get::<String, _>(r, 0))
            .collect()
    })
}

/// Runs one statement straight on the database.
fn execute(db: &str, sql: &str) {
    block_on(async {
        sqlx::any::install_default_drivers();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(db)
            .await
            .unwrap();
        sqlx::Executor::execute(&mut conn, sql).await.unwrap();
    });
}

/// Runs the binary to completion: (success, stdout, stderr).
/// Runs the binary with `args` and asserts that it fails, saying `says` on standard error.
fn refused(args: &[&str], says: &str) {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(!out.status.success(), "{args:?} succeeded");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(says), "{args:?}: {err}");
}

fn run_bin(db: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .args(["--database-url", db])
        .env(
            "ONTHAAL_ADMIN_PASSWORD",
            "proces test met een sterk wachtwoord",
        )
        .env_remove("ONTHAAL_CONFIG")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A configuration file of an installation (not the demo): one location, one service, one desk,
/// one account without a password.
const OWN_CONFIG: &str = r#"
[[location]]
key = "huis"
name = "Sociaal Huis Eigenstad"

[[location.service]]
key = "permanentie"
prefix = "P"
names = { nl = "Permanentie" }
always_open = true

[[location.desk]]
key = "balie-1"
name = "Balie 1"
services = ["permanentie"]

[[staff]]
username = "an.eigen"
name = "An Eigen"
roles = ["reception"]
"#;

/// The demo's accounts, whose passwords are published.
const DEMO_ACCOUNTS: [&str; 3] = ["onthaal", "mw.peeters", "diensthoofd"];

/// `device add` loads no configuration, and a server without `--config` never adds the demo
/// to a database that holds another configuration; an empty database does get the demo.
fn the_demo_only_goes_into_an_empty_database(db: &str, empty_db: &str) {
    let dir = temp_dir("own-config");
    let file = dir.join("eigenstad.toml");
    std::fs::write(&file, OWN_CONFIG).unwrap();
    let file = file.to_str().unwrap();

    // A database the server never started on has no location to register a device at.
    let (ok, _, err) = run_bin(db, &["device", "add", "--kind", "kiosk", "--name", "K"]);
    assert!(!ok, "device add on an empty database");
    assert!(err.contains("holds no location yet"), "{err}");
    assert!(column(db, "SELECT key FROM locations").is_empty());

    set_up(db, &["--config", file]);
    let (ok, out, err) = run_bin(db, &["device", "add", "--kind", "kiosk", "--name", "Kiosk"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim_end().lines().last().unwrap().len(), 64, "{out}");
    let (ok, _, err) = run_bin(db, &["device", "list"]);
    assert!(ok, "{err}");
    assert_eq!(column(db, "SELECT key FROM locations"), ["huis"]);
    let accounts = column(db, "SELECT username FROM staff");
    for demo in DEMO_ACCOUNTS {
        assert!(
            !accounts.iter().any(|a| a == demo),
            "{demo} in {accounts:?}"
        );
    }

    // Without --config (or with --demo), the server refuses, says why and what to do.
    for args in [&[][..], &["--demo"][..]] {
        let mut all = vec!["--bind", "127.0.0.1:0"];
        all.extend_from_slice(args);
        let (ok, _, err) = run_bin(db, &all);
        assert!(!ok, "started without its configuration ({args:?})");
        assert!(
            err.contains("holds the configuration loaded from")
                && err.contains("eigenstad.toml")
                && err.contains("only ever loaded into an empty database")
                && err.contains("--config FILE"),
            "{err}"
        );
    }
    assert_eq!(column(db, "SELECT key FROM locations"), ["huis"]);
    let accounts = column(db, "SELECT username FROM staff");
    for demo in DEMO_ACCOUNTS {
        assert!(
            !accounts.iter().any(|a| a == demo),
            "{demo} in {accounts:?}"
        );
    }
    // With its file it starts as before.
    set_up(db, &["--config", file]);
    // A database from before the configuration's source was recorded counts as holding a
    // file unless it holds exactly the demo's location and accounts.
    execute(db, "DELETE FROM configuration_source");
    let (ok, _, err) = run_bin(db, &["--bind", "127.0.0.1:0"]);
    assert!(
        !ok && err.contains("before this version recorded which"),
        "{err}"
    );

    // An empty database gets the demo, and starts again on it without --config.
    set_up(empty_db, &[]);
    assert_eq!(column(empty_db, "SELECT key FROM locations"), ["centrum"]);
    let accounts = column(empty_db, "SELECT username FROM staff");
    for demo in DEMO_ACCOUNTS {
        assert!(
            accounts.iter().any(|a| a == demo),
            "{demo} not in {accounts:?}"
        );
    }
    set_up(empty_db, &["--demo"]);
    execute(empty_db, "DELETE FROM configuration_source");
    set_up(empty_db, &[]);
    assert_eq!(
        column(empty_db, "SELECT kind FROM configuration_source"),
        ["demo"]
    );
    let (ok, _, err) = run_bin(
        empty_db,
        &["device", "add", "--kind", "display", "--name", "D"],
    );
    assert!(ok, "{err}");
}

#[test]
fn the_demo_only_goes_into_an_empty_sqlite_database() {
    let dir = temp_dir("demo-guard");
    the_demo_only_goes_into_an_empty_database(
        &format!("sqlite://{}/own.db", dir.display()),
        &format!("sqlite://{}/empty.db", dir.display()),
    );
}

#[test]
fn the_demo_only_goes_into_an_empty_postgres_database() {
    let (Some(db), Some(empty)) = (fresh_postgres(), fresh_postgres()) else {
        return;
    };
    the_demo_only_goes_into_an_empty_database(&db, &empty);
}

/// With few file descriptors (a small container's 256), hundreds of sockets that connect and
/// say nothing do not keep `/healthz` from answering at once: the server bounds its open
/// connections below its limit and closes the oldest idle one for each new one.
#[test]
fn silent_sockets_never_use_up_the_file_descriptors() {
    let dir = temp_dir("silent");
    let db = format!("sqlite://{}/onthaal.db", dir.display());
    let mut command = Command::new("sh");
    command.args([
        "-c",
        &format!("ulimit -n 256 && exec {BIN} --bind 127.0.0.1:0 --database-url {db}"),
    ]);
    let (mut server, addr) = spawn_server(command);
    let silent: Vec<TcpStream> = (0..400)
        .map(|_| TcpStream::connect(&addr).unwrap())
        .collect();
    let start = std::time::Instant::now();
    let (status, body) = http(&addr, "GET", "/healthz", None, None);
    assert_eq!(status, 200, "{body}");
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "/healthz took {:?}",
        start.elapsed()
    );
    // And it keeps answering, logins (a database round trip) included.
    login(&addr);
    drop(silent);
    server.kill().unwrap();
    server.wait().unwrap();
}

/// A tiny HTTP/1.1 client: enough for JSON requests in these tests.
fn http(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(s, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    let status: u16 = resp.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = resp.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

/// Issues a ticket for `service` as staff; the ticket as answered.
fn issue(addr: &str, token: &str, service: &str) -> Value {
    let (status, t) = http(
        addr,
        "POST",
        "/api/v1/tickets",
        Some(token),
        Some(json!({"service": service})),
    );
    assert_eq!(status, 201, "{t}");
    t
}

fn login(addr: &str) -> String {
    let (status, body) = http(
        addr,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(json!({"username": "admin", "password": "proces test met een sterk wachtwoord"})),
    );
    assert_eq!(status, 200, "{body}");
    body["token"].as_str().unwrap().to_string()
}

/// Starts the server with its log (standard error) piped, at the `RUST_LOG` level given.
fn spawn_logging(db: &str, args: &[&str], rust_log: &str) -> Child {
    Command::new(BIN)
        .args(["--bind", "127.0.0.1:0", "--database-url", db])
        .args(args)
        .env(
            "ONTHAAL_ADMIN_PASSWORD",
            "proces test met een sterk wachtwoord",
        )
        .env("RUST_LOG", rust_log)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Something the server logs: a cross-origin request made with a session cookie, refused.
fn refused_cross_origin(addr: &str, cookie: &str, path: &str) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nOrigin: http://elsewhere.example\r\nCookie: onthaal_session={cookie}\r\nContent-Length: 0\r\n\r\n").unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    assert!(resp.starts_with("HTTP/1.1 403"), "{resp}");
}

/// No personal data in any log line: the server at its most talkative (every level of its own
/// logs) through failed logins, a booking with a name, phone number and e-mail address, its
/// cancellation, a ticket, its visitor's status page and leaving the queue, and a logout; not
/// one name, address, number, username or token shows in what it wrote.
#[test]
fn no_personal_data_in_any_log_line() {
    let dir = temp_dir("log-privacy");
    let db = format!("sqlite://{}/onthaal.db", dir.display());
    let mut child = spawn_logging(&db, &["--demo"], "onthaal_server=trace,info");
    let mut stderr = child.stderr.take().unwrap();
    let logs = std::thread::spawn(move || {
        let mut all = String::new();
        stderr.read_to_string(&mut all).unwrap();
        all
    });
    let addr = address(&mut child);

    let email = "jana.verhoeven@voorbeeld.be";
    for (username, password) in [("mw.peeters", "niet het wachtwoord"), (email, "geraden")] {
        let (status, _) = http(
            &addr,
            "POST",
            "/api/v1/auth/login",
            None,
            Some(json!({"username": username, "password": password})),
        );
        assert_eq!(status, 401, "{username}");
    }
    let (status, body) = http(
        &addr,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(json!({"username": "onthaal", "password": "onthaal"})),
    );
    assert_eq!(status, 200, "{body}");
    let staff = body["token"].as_str().unwrap().to_string();
    // The first free slot within a week.
    let (from, to) = (
        chrono::Utc::now() + chrono::Duration::days(1),
        chrono::Utc::now() + chrono::Duration::days(8),
    );
    let (status, slots) = http(
        &addr,
        "GET",
        &format!(
            "/api/v1/appointments/slots?service=afspraak&from={}&to={}&duration_min=30",
            from.format("%Y-%m-%d"),
            to.format("%Y-%m-%d")
        ),
        Some(&staff),
        None,
    );
    assert_eq!(status, 200, "{slots}");
    let mut booking = json!({"service": "afspraak", "duration_min": 30, "lang": "nl",
        "contact": {"name": "Jana Verhoeven", "phone": "+32 470 98 76 54", "email": email}});
    for field in ["start", "staff", "desk"] {
        if let Some(v) = slots[0].get(field).filter(|v| !v.is_null()) {
            booking[field] = v.clone();
        }
    }
    let (status, booked) = http(
        &addr,
        "POST",
        "/api/v1/appointments",
        Some(&staff),
        Some(booking),
    );
    assert_eq!(status, 201, "{booked}");
    let (status, body) = http(
        &addr,
        "POST",
        &format!("/api/v1/appointments/{}/cancel", booked["id"]),
        Some(&staff),
        Some(json!({})),
    );
    assert!(status < 300, "cancel: {status} {body}");
    let ticket = issue(&addr, &staff, "huur");
    let status_token = ticket["status_token"].as_str().unwrap();
    let (status, _) = http(
        &addr,
        "GET",
        &format!("/api/v1/status/{status_token}"),
        None,
        None,
    );
    assert_eq!(status, 200);
    let (status, body) = http(
        &addr,
        "POST",
        &format!("/api/v1/status/{status_token}/leave"),
        None,
        Some(json!({})),
    );
    assert!(status < 300, "leave: {status} {body}");
    let (status, _) = http(&addr, "POST", "/api/v1/auth/logout", Some(&staff), None);
    assert!(status < 300, "logout: {status}");

    // Something the server does log (the flows above are silent today), so that the log is
    // known to be read: a cross-origin request made with the cookie, at an address that holds
    // the visitor's status token.
    refused_cross_origin(
        &addr,
        &staff,
        &format!("/api/v1/status/{status_token}/leave"),
    );

    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    let logs = logs.join().unwrap();
    assert!(
        logs.contains("refused a cross-origin request"),
        "the log was not read: {logs}"
    );
    for personal in [
        "mw.peeters",
        "jana.verhoeven",
        "Verhoeven",
        "98 76 54",
        "niet het wachtwoord",
        &staff,
        status_token,
        booked["code"].as_str().unwrap(),
    ] {
        assert!(!logs.contains(personal), "{personal:?} in the log:\n{logs}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `ONTHAAL_METRICS_TOKEN` opens `/metrics` to another machine (here: a request through a
/// proxy, which says whom it forwards); without the token it is refused.
#[test]
fn the_metrics_token_comes_from_the_environment() {
    let dir = temp_dir("metrics-token");
    let db = format!("sqlite://{}/onthaal.db", dir.display());
    let mut command = Command::new(BIN);
    command
        .args(["--bind", "127.0.0.1:0", "--database-url", &db])
        .env(
            "ONTHAAL_METRICS_TOKEN",
            " token-voor-prometheus-op-de-monitoringserver\n",
        );
    let (mut server, addr) = spawn_server(command);
    let scrape = |auth: &str| {
        let mut s = TcpStream::connect(&addr).unwrap();
        write!(s, "GET /metrics HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nX-Forwarded-For: 192.0.2.7\r\n{auth}\r\n").unwrap();
        let mut resp = String::new();
        s.read_to_string(&mut resp).unwrap();
        resp
    };
    assert!(scrape("").starts_with("HTTP/1.1 401"));
    let ok = scrape("Authorization: Bearer token-voor-prometheus-op-de-monitoringserver\r\n");
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    assert!(ok.contains("onthaal_queue_waiting{"), "{ok}");
    server.kill().unwrap();
    server.wait().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn killed_with_sigkill_it_keeps_every_acknowledged_change() {
    let dir = temp_dir("kill");
    let db = format!("sqlite://{}/onthaal.db", dir.display());
    let (mut server, addr) = start(&db);
    let token = login(&addr);
    let mut ids = Vec::new();
    for i in 0..40 {
        let service = if i % 2 == 0 { "id-team" } else { "huur" };
        let t = issue(&addr, &token, service);
        ids.push(t["id"].as_i64().unwrap());
    }
    let (_, desks) = http(&addr, "GET", "/api/v1/desks", Some(&token), None);
    let balie = desks
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "Balie 3")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (status, called) = http(
        &addr,
        "POST",
        &format!("/api/v1/desks/{balie}/call-next"),
        Some(&token),
        None,
    );
    assert_eq!(status, 200);
    let called_id = called["id"].as_i64().unwrap();
    assert_eq!(
        http(
            &addr,
            "POST",
            &format!("/api/v1/tickets/{called_id}/start"),
            Some(&token),
            None
        )
        .0,
        200
    );
    // The last acknowledged change is the start; now the power plug, as far as a process can tell.
    server.kill().unwrap();
    server.wait().unwrap();

    let (mut server, addr) = start(&db);
    let token = login(&addr);
    for id in &ids {
        let (status, t) = http(
            &addr,
            "GET",
            &format!("/api/v1/tickets/{id}"),
            Some(&token),
            None,
        );
        assert_eq!(status, 200, "ticket {id} survived");
        let want = if *id == called_id {
            "serving"
        } else {
            "waiting"
        };
        assert_eq!(t["state"], want, "ticket {id}");
    }
    let t = issue(&addr, &token, "huur");
    assert_eq!(t["number"], "H021", "numbering continues after the crash");
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn device_add_prints_the_token_as_the_last_line() {
    let dir = temp_dir("device");
    let db = format!("sqlite://{}/sub/onthaal.db", dir.display());
    set_up(&db, &[]);
    let out = Command::new(BIN)
        .args([
            "device",
            "add",
            "--kind",
            "kiosk",
            "--name",
            "Kiosk inkom",
            "--database-url",
            &db,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let token = stdout.trim_end().lines().last().unwrap();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(stdout.contains("Kiosk inkom"));

    let add = |kind, name| {
        [
            "device",
            "add",
            "--kind",
            kind,
            "--name",
            name,
            "--database-url",
            &db,
        ]
    };
    refused(&add("printer", "x"), "printer");
    refused(&add("display", "  "), "a device needs a name");
}

#[test]
fn device_list_and_revoke_keep_the_register() {
    let dir = temp_dir("revoke");
    let db = format!("sqlite://{}/onthaal.db", dir.display());
    let run = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(args)
            .args(["--database-url", &db])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, out, _) = run(&["device", "list"]);
    assert!(ok && out.contains("No devices registered yet"), "{out}");
    set_up(&db, &[]);
    for (kind, name) in [("kiosk", "Kiosk inkom"), ("display", "Wachtzaal")] {
        assert!(run(&["device", "add", "--kind", kind, "--name", name]).0);
    }
    let (ok, out, err) = run(&["device", "revoke", "1"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Revoked kiosk \"Kiosk inkom\" (device 1"),
        "{out}"
    );
    let (ok, out, _) = run(&["device", "list"]);
    assert!(ok);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].contains("Kiosk inkom") && lines[0].ends_with("REVOKED"),
        "{out}"
    );
    assert!(
        lines[1].contains("Wachtzaal") && !lines[1].contains("REVOKED"),
        "{out}"
    );
    // Twice, or a device that does not exist: a message and a failing exit.
    let (ok, _, err) = run(&["device", "revoke", "1"]);
    assert!(!ok && err.contains("was revoked already"), "{err}");
    let (ok, _, err) = run(&["device", "revoke", "99"]);
    assert!(!ok && err.contains("device 99 not found"), "{err}");
    let (ok, _, err) = run(&["device", "revoke", "een"]);
    assert!(!ok && err.contains("invalid value"), "{err}");
}

#[test]
fn a_broken_configuration_is_refused_with_its_line_and_field() {
    let dir = temp_dir("config");
    let file = dir.join("broken.toml");
    std::fs::write(&file, "[[location]]\nkey = \"c\"\nname = \"C\"\n\n[[location.service]]\nkey = \"p\"\nprefix = \"P\"\nnames = { nl = \"P\" }\n[location.service.hours]\ntue = [\"08:30-25:00\"]\n").unwrap();
    let db = format!("sqlite://{}/onthaal.db", dir.display());
    let out = Command::new(BIN)
        .args([
            "--bind",
            "127.0.0.1:0",
            "--database-url",
            &db,
            "--config",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("broken.toml:10: location.service.hours.tue:"),
        "{err}"
    );
    refused(
        &[
            "--bind",
            "127.0.0.1:0",
            "--config",
            "/nonexistent/onthaal.toml",
        ],
        "cannot read the configuration file",
    );
    refused(
        &["--bind", "127.0.0.1:0", "--database-url", "mysql://x"],
        "unsupported database URL",
    );
}

#[test]
fn help_names_the_contract_flags() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--bind",
        "--database-url",
        "--config",
        "--public-url",
        "ONTHAAL_BIND",
        "DATABASE_URL",
        "ONTHAAL_CONFIG",
        "ONTHAAL_PUBLIC_URL",
        "test-print",
        "device",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
}

#[test]
fn weak_passwords_are_refused_at_start_with_a_clear_message() {
    let dir = temp_dir("passwords");
    let db = format!("sqlite://{}/onthaal.db", dir.display());
    let config = |password: &str| {
        let file = dir.join("office.toml");
        let account = if password.is_empty() {
            String::new()
        } else {
            format!("\n[[staff]]\nusername = \"els\"\nname = \"Els\"\nroles = [\"reception\"]\npassword = \"{password}\"\n")
        };
        std::fs::write(
            &file,
            format!("[[location]]\nkey = \"c\"\nname = \"C\"\n{account}"),
        )
        .unwrap();
        file
    };
    // A server that accepted the password would run on: it is stopped after a while, and the
    // test fails on its exit status instead of hanging.
    let run = |file: &PathBuf, admin_password: &str| {
        let mut child = Command::new(BIN)
            .args(["--bind", "127.0.0.1:0", "--database-url", &db, "--config"])
            .arg(file)
            .env("ONTHAAL_ADMIN_PASSWORD", admin_password)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        for _ in 0..300 {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        child.wait_with_output().unwrap()
    };

    let out = run(&config(""), "a");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ONTHAAL_ADMIN_PASSWORD is refused: the password is too short (1 characters): use at least 12"),
        "{err}"
    );
    let out = run(&config(""), "password1234");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("too easy to guess"));

    let out = run(&config("onthaal"), "een sterk wachtwoord voor de beheerder");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("office.toml:9: staff.password: account \"els\": the password is too short"),
        "{err}"
    );
}

/// Issues tickets from `kiosks` threads until `stop`, noting when each was acknowledged.
fn ticket_burst(
    addr: &str,
    token: &str,
    kiosks: usize,
    stop: &std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> Vec<std::thread::JoinHandle<Vec<(i64, std::time::Instant)>>> {
    (0..kiosks)
        .map(|k| {
            let (addr, token, stop) = (addr.to_string(), token.to_string(), stop.clone());
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                let service = if k % 2 == 0 { "id-team" } else { "huur" };
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let t = issue(&addr, &token, service);
                    acknowledged.push((t["id"].as_i64().unwrap(), std::time::Instant::now()));
                }
                acknowledged
            })
        })
        .collect()
}

#[test]
fn a_backup_during_a_ticket_burst_restores_every_ticket_acknowledged_before_it() {
    let dir = temp_dir("backup");
    let db = format!("sqlite://{}/onthaal.db", dir.display());
    let (mut server, addr) = start(&db);
    let token = login(&addr);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let kiosks = ticket_burst(&addr, &token, 4, &stop);
    std::thread::sleep(Duration::from_millis(400));

    // The backup runs beside the live server while four kiosks keep issuing.
    let file = dir.join("backup.db");
    let began = std::time::Instant::now();
    let (ok, out, err) = run_bin(&db, &["backup", "--to", file.to_str().unwrap()]);
    assert!(ok, "backup failed: {out}{err}");
    assert!(out.contains("Backed up"), "{out}");
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let acknowledged: Vec<(i64, std::time::Instant)> =
        kiosks.into_iter().flat_map(|k| k.join().unwrap()).collect();
    let before: Vec<i64> = acknowledged
        .iter()
        .filter(|(_, at)| *at < began)
        .map(|(id, _)| *id)
        .collect();
    assert!(
        before.len() >= 10,
        "the burst was running: {} tickets",
        before.len()
    );
    assert!(
        acknowledged.len() > before.len(),
        "tickets were still issued while the backup ran"
    );
    // A backup never overwrites a file.
    let (ok, _, err) = run_bin(&db, &["backup", "--to", file.to_str().unwrap()]);
    assert!(!ok && err.contains("exists already"), "{err}");
    server.kill().unwrap();
    server.wait().unwrap();

    // Restored over the database (the server stopped): every ticket acknowledged before the
    // backup began is there, and the server starts on it and goes on numbering.
    let (ok, out, err) = run_bin(&db, &["restore", "--from", file.to_str().unwrap()]);
    assert!(ok, "restore failed: {out}{err}");
    assert!(out.contains("Restored"), "{out}");
    let restored = column(&db, "SELECT CAST(id AS TEXT) FROM tickets");
    for id in &before {
        assert!(
            restored.contains(&id.to_string()),
            "ticket {id} is in the backup"
        );
    }
    let (mut server, addr) = start(&db);
    let token = login(&addr);
    issue(&addr, &token, "huur");
    server.kill().unwrap();
    server.wait().unwrap();

    // What is not a backup of Onthaal's is refused, and nothing is replaced.
    let other = dir.join("other.db");
    std::fs::write(&other, b"not a database at all").unwrap();
    let (ok, _, err) = run_bin(&db, &["restore", "--from", other.to_str().unwrap()]);
    assert!(!ok, "{err}");
    let (ok, _, err) = run_bin(
        "postgres://postgres@127.0.0.1:5432/postgres",
        &["backup", "--to", dir.join("pg.db").to_str().unwrap()],
    );
    assert!(!ok && err.contains("pg_dump"), "{err}");
    assert_eq!(
        column(&db, "SELECT CAST(COUNT(*) AS TEXT) FROM tickets"),
        [(restored.len() + 1).to_string()]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn with_log_format_json_every_log_line_is_a_json_object() {
    let dir = temp_dir("json-logs");
    let db = format!("sqlite://{}/onthaal.db", dir.display());
    let mut child = spawn_logging(&db, &["--log-format", "json"], "onthaal_server=info");
    let addr = address(&mut child);
    refused_cross_origin(&addr, "x", "/api/v1/auth/logout");
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "the refusal is logged");
    for l in &lines {
        let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
        assert!(v["level"].is_string() && v["timestamp"].is_string(), "{l}");
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("refused a cross-origin request")),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A certificate for localhost made with `openssl` in `dir` (self-signed): (cert, key).
fn self_signed(dir: &std::path::Path) -> (String, String) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let out = Command::new("openssl")
        .args(["req", "-x509", "-nodes", "-days", "1", "-newkey", "ec"])
        .args([
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-subj",
            "/CN=localhost",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl runs (apt-get install openssl)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (cert.display().to_string(), key.display().to_string())
}

#[test]
fn tls_flags_serve_https_and_refuse_a_bad_pair_or_proxy_list_clearly() {
    let dir = temp_dir("tls");
    let db = format!("sqlite://{}/onthaal.db", dir.display());
    let (cert, key) = self_signed(&dir);
    let bind = ["--bind", "127.0.0.1:0"];

    // Half a pair, a missing file, a key that is not the certificate's, a proxy by name.
    let (ok, _, err) = run_bin(&db, &[&bind[..], &["--tls-cert", &cert]].concat());
    assert!(!ok && err.contains("--tls-key"), "{err}");
    let (ok, _, err) = run_bin(
        &db,
        &[
            &bind[..],
            &["--tls-cert", "/nonexistent/cert.pem", "--tls-key", &key],
        ]
        .concat(),
    );
    assert!(!ok, "{err}");
    assert!(
        err.contains("HTTPS: cannot read the certificate /nonexistent/cert.pem"),
        "{err}"
    );
    let other = temp_dir("tls-other");
    let (_, other_key) = self_signed(&other);
    let (ok, _, err) = run_bin(
        &db,
        &[&bind[..], &["--tls-cert", &cert, "--tls-key", &other_key]].concat(),
    );
    assert!(
        !ok && err.contains("does not go with the certificate"),
        "{err}"
    );
    let (ok, _, err) = run_bin(
        &db,
        &[&bind[..], &["--trusted-proxies", "10.0.0.5,nginx"]].concat(),
    );
    assert!(!ok && err.contains("\"nginx\" is not an address"), "{err}");

    // A good pair: the addresses it prints are https:// and wss://, and SIGHUP (reload the
    // pair) does not stop it.
    let mut server = Command::new(BIN)
        .args(bind)
        .args([
            "--database-url",
            &db,
            "--tls-cert",
            &cert,
            "--tls-key",
            &key,
        ])
        .args(["--trusted-proxies", "10.0.0.5"])
        .env(
            "ONTHAAL_ADMIN_PASSWORD",
            "proces test met een sterk wachtwoord",
        )
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(server.stdout.take().unwrap());
    let mut printed = String::new();
    for _ in 0..3 {
        out.read_line(&mut printed).unwrap();
    }
    assert!(
        printed.contains("running on https://127.0.0.1:"),
        "{printed}"
    );
    assert!(printed.contains("wss://127.0.0.1:"), "{printed}");
    let addr = printed
        .split("https://")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap()
        .to_string();
    let hup = Command::new("kill")
        .args(["-HUP", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(hup.success());
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        server.try_wait().unwrap().is_none(),
        "SIGHUP stopped the server"
    );
    assert!(TcpStream::connect(&addr).is_ok());
    server.kill().unwrap();
    server.wait().unwrap();
}

/// Runs `onthaal-server ARGS --database-url DB` with `stdin` as its standard input.
fn run_with_input(db: &str, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .args(["--database-url", db])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A login's status and answer.
fn try_login(addr: &str, username: &str, password: &str) -> (u16, Value) {
    http(
        addr,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(json!({"username": username, "password": password})),
    )
}

/// `account add|passwd|disable|enable|list` beside a running server: a generated password is
/// the last line and must be changed at the first login, a password from standard input is
/// held to the policy, a disabled account's session ends on the running server within seconds,
/// and bad input is a message and a failing exit.
#[test]
fn account_commands_beside_a_running_server() {
    let dir = temp_dir("accounts");
    let db = format!("sqlite://{}/onthaal.db", dir.display());
    let (mut server, addr) = start(&db);
    let run = |args: &[&str]| run_with_input(&db, args, "");

    let (ok, out, err) = run(&[
        "account",
        "add",
        "--username",
        "mw.claes",
        "--name",
        "Ines Claes",
        "--role",
        "social_worker",
        "--service",
        "huur",
    ]);
    assert!(ok, "{err}");
    let one_time = out.trim_end().lines().last().unwrap().to_string();
    assert!(out.contains("Created account mw.claes"), "{out}");
    let (status, body) = try_login(&addr, "mw.claes", &one_time);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["must_change_password"], true);

    let strong = "blauwe fiets naast de oude molen";
    let add_jo = |password: &str| {
        let args = ["account", "add", "--username", "jo", "--name", "Jo Peeters"];
        let more = ["--role", "reception,id_team", "--password-stdin"];
        run_with_input(
            &db,
            &[&args[..], &more[..]].concat(),
            &format!("{password}\n"),
        )
    };
    let (ok, _, err) = add_jo("kort");
    assert!(!ok && err.contains("too short"), "{err}");
    let (ok, out, err) = add_jo(strong);
    assert!(ok, "{err}");
    assert!(!out.contains("one-time"), "{out}");
    let (status, body) = try_login(&addr, "jo", strong);
    assert_eq!(
        (status, body["must_change_password"].clone()),
        (200, json!(false))
    );
    assert_eq!(body["staff"]["roles"], json!(["reception", "id_team"]));
    let jo = body["token"].as_str().unwrap().to_string();

    // Bad input: a message and a failing exit.
    for (args, says) in [
        (
            &[
                "account",
                "add",
                "--username",
                "jo",
                "--name",
                "Jo",
                "--role",
                "reception",
            ][..],
            "already",
        ),
        (
            &[
                "account",
                "add",
                "--username",
                "x",
                "--name",
                "X",
                "--role",
                "baas",
            ][..],
            "is not a role",
        ),
        (
            &[
                "account",
                "add",
                "--username",
                "x",
                "--name",
                "X",
                "--role",
                "reception",
                "--service",
                "geen",
            ][..],
            "is not a service",
        ),
        (&["account", "disable", "niemand"][..], "not found"),
        (
            &["account", "add", "--username", "x", "--name", "X"][..],
            "--role",
        ),
    ] {
        let (ok, _, err) = run(args);
        assert!(!ok && err.contains(says), "{args:?}: {err}");
    }

    // Disabled from the command line: the running server ends the session within seconds,
    // though it has the token in memory from a moment ago.
    assert_eq!(http(&addr, "GET", "/api/v1/desks", Some(&jo), None).0, 200);
    let (ok, out, err) = run(&["account", "disable", "jo"]);
    assert!(ok && out.contains("Disabled jo"), "{out}{err}");
    let deadline = std::time::Instant::now() + Duration::from_secs(8);
    while http(&addr, "GET", "/api/v1/desks", Some(&jo), None).0 != 401 {
        // Sooner than the token cache's 10 seconds: the server looks every 5.
        assert!(
            std::time::Instant::now() < deadline,
            "the session of a disabled account lives on"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(try_login(&addr, "jo", strong).0, 401);
    let (ok, out, _) = run(&["account", "list"]);
    assert!(ok);
    let line = out
        .lines()
        .find(|l| l.contains(" jo "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.contains("DISABLED") && line.contains("by command line"),
        "{line}"
    );
    let (ok, _, err) = run(&["account", "disable", "jo"]);
    assert!(!ok && err.contains("disabled already"), "{err}");
    let (ok, _, err) = run(&["account", "enable", "jo"]);
    assert!(ok, "{err}");
    assert_eq!(try_login(&addr, "jo", strong).0, 200);

    // A new password: chosen on standard input, or a one-time one printed last.
    let newer = "zeven zwarte katten op het dak";
    let (ok, _, err) = run_with_input(
        &db,
        &["account", "passwd", "jo", "--password-stdin"],
        &format!("{newer}\n"),
    );
    assert!(ok, "{err}");
    assert_eq!(try_login(&addr, "jo", strong).0, 401);
    assert_eq!(
        try_login(&addr, "jo", newer).1["must_change_password"],
        false
    );
    let (ok, out, err) = run(&["account", "passwd", "jo"]);
    assert!(ok, "{err}");
    let again = out.trim_end().lines().last().unwrap();
    assert_eq!(
        try_login(&addr, "jo", again).1["must_change_password"],
        true
    );
    // The changes are in the audit log, as done from the command line.
    let admin = login(&addr);
    let (_, log) = http(&addr, "GET", "/api/v1/audit", Some(&admin), None);
    let by_cli = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["details"]["by"] == "command line")
        .count();
    assert!(by_cli >= 5, "{log}");
    server.kill().unwrap();
    server.wait().unwrap();
}
