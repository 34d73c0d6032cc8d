//! The `onthaal-server` binary as an operator runs it: registering, listing and revoking devices, a broken
//! configuration file, and a server killed with SIGKILL that comes back with everything it
//! acknowledged.

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
    let mut child = Command::new(BIN)
        .args(["--bind", "127.0.0.1:0", "--database-url", db])
        .env(
            "ONTHAAL_ADMIN_PASSWORD",
            "proces test met een sterk wachtwoord",
        )
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    // Keep draining stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in out.lines() {});
    (child, addr)
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

#[test]
fn killed_with_sigkill_it_keeps_every_acknowledged_change() {
    let dir = temp_dir("kill");
    let db = format!("sqlite://{}/onthaal.db", dir.display());
    let (mut server, addr) = start(&db);
    let token = login(&addr);
    let mut ids = Vec::new();
    for i in 0..40 {
        let service = if i % 2 == 0 { "id-team" } else { "huur" };
        let (status, t) = http(
            &addr,
            "POST",
            "/api/v1/tickets",
            Some(&token),
            Some(json!({"service": service})),
        );
        assert_eq!(status, 201, "{t}");
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
    let (_, t) = http(
        &addr,
        "POST",
        "/api/v1/tickets",
        Some(&token),
        Some(json!({"service": "huur"})),
    );
    assert_eq!(t["number"], "H021", "numbering continues after the crash");
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn device_add_prints_the_token_as_the_last_line() {
    let dir = temp_dir("device");
    let db = format!("sqlite://{}/sub/onthaal.db", dir.display());
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

    let bad = Command::new(BIN)
        .args([
            "device",
            "add",
            "--kind",
            "printer",
            "--name",
            "x",
            "--database-url",
            &db,
        ])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("printer"));
    let empty = Command::new(BIN)
        .args([
            "device",
            "add",
            "--kind",
            "display",
            "--name",
            "  ",
            "--database-url",
            &db,
        ])
        .output()
        .unwrap();
    assert!(!empty.status.success());
    assert!(String::from_utf8_lossy(&empty.stderr).contains("a device needs a name"));
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
    let missing = Command::new(BIN)
        .args([
            "--bind",
            "127.0.0.1:0",
            "--config",
            "/nonexistent/onthaal.toml",
        ])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read the configuration file"));
    let bad_db = Command::new(BIN)
        .args(["--bind", "127.0.0.1:0", "--database-url", "mysql://x"])
        .output()
        .unwrap();
    assert!(!bad_db.status.success());
    assert!(String::from_utf8_lossy(&bad_db.stderr).contains("unsupported database URL"));
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
