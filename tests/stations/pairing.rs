//! Stations paired with a one-time code instead of a token copied by hand: the real
//! `onthaal-kiosk` and `onthaal-display` programs, started with `--pair CODE` or answering the
//! pairing page's form, get their token, keep it in the token file (mode 0600) and start with
//! it again after a restart, without the code.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use onthaal_tests::{spawn_app, Backend, TestApp, ADMIN_PASSWORD};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

/// A binary of this workspace built beside the test (`cargo build --bins`).
fn workspace_bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().unwrap().parent().unwrap().join(name);
    assert!(
        bin.exists(),
        "{} is not built: run `cargo build --bins`",
        bin.display()
    );
    bin
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "onthaal-pairing-{tag}-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Station {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Station {
    /// Starts `program` with `args`, none of the stations' settings from the environment.
    fn start(program: &str, args: &[String]) -> Station {
        let mut cmd = Command::new(workspace_bin(program));
        cmd.args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        for var in [
            "ONTHAAL_DEVICE_TOKEN",
            "ONTHAAL_TOKEN_FILE",
            "ONTHAAL_PAIRING_CODE",
            "ONTHAAL_SERVER",
            "ONTHAAL_STATION_BIND",
            "STATE_DIRECTORY",
        ] {
            cmd.env_remove(var);
        }
        let mut child = cmd.spawn().unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        Station { child, lines }
    }

    /// The first http:// address of the next stdout line that contains `marker`.
    async fn address_after(&mut self, marker: &str) -> String {
        let wait = async {
            while let Some(line) = self.lines.next_line().await.unwrap() {
                if line.contains(marker) {
                    let at = line.find("http://").expect("an address");
                    return line[at..].split_whitespace().next().unwrap().to_string();
                }
            }
            panic!("the station ended before saying \"{marker}\"");
        };
        tokio::time::timeout(Duration::from_secs(30), wait)
            .await
            .unwrap_or_else(|_| panic!("no \"{marker}\" within 30 s"))
    }

    async fn kill(mut self) {
        self.child.kill().await.unwrap();
    }
}

async fn register(app: &TestApp, admin: &str, kind: &str, name: &str) -> (i64, String) {
    let r = app
        .post(
            admin,
            "/api/v1/admin/devices",
            json!({"kind": kind, "name": name}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let body: Value = r.json().await.unwrap();
    (
        body["device"]["id"].as_i64().unwrap(),
        body["code"].as_str().unwrap().to_string(),
    )
}

/// Waits until the administrator's list shows the device online (`true`) or offline.
async fn wait_online(app: &TestApp, admin: &str, id: i64, online: bool) {
    for _ in 0..150 {
        let list: Vec<Value> = app.read(admin, "/api/v1/admin/devices").await;
        if list.iter().any(|d| d["id"] == id && d["online"] == online) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("device {id} not online={online} within 15 s");
}

/// The token file holds one 64-character token and only its owner may read it.
fn check_token_file(path: &Path) -> String {
    let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{}", path.display());
    let token = std::fs::read_to_string(path).unwrap().trim().to_string();
    assert_eq!(token.len(), 64, "{token}");
    token
}

fn args(app: &TestApp, token_file: &Path, extra: &[&str]) -> Vec<String> {
    let mut a = vec![
        "--server".to_string(),
        app.base.clone(),
        "--token-file".into(),
        token_file.display().to_string(),
        "--bind".into(),
        "127.0.0.1:0".into(),
    ];
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

#[tokio::test]
async fn a_kiosk_and_a_display_pair_with_a_code_and_restart_with_their_token_file() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let admin = app.login("admin", ADMIN_PASSWORD).await;
    let dir = scratch("flag");
    let printer = format!("dir://{}/printer/", dir.display());
    let stations = [
        (
            "onthaal-kiosk",
            "kiosk",
            "serving the kiosk page on",
            vec!["--printer", printer.as_str(), "--headset", "off"],
        ),
        (
            "onthaal-display",
            "display",
            "serving the display page on",
            vec!["--sound", "silent"],
        ),
    ];
    for (program, kind, serving, extra) in stations {
        let (id, code) = register(&app, &admin, kind, &format!("{kind} met code")).await;
        let token_file = dir.join(format!("state/{kind}-token"));
        let mut with_code = extra.clone();
        with_code.extend(["--pair", code.as_str()]);
        let mut station = Station::start(program, &args(&app, &token_file, &with_code));
        station.address_after(serving).await;
        let token = check_token_file(&token_file);
        wait_online(&app, &admin, id, true).await;
        station.kill().await;
        wait_online(&app, &admin, id, false).await;

        // Restarted without the code (used now), it reads its token from the file.
        let mut station = Station::start(program, &args(&app, &token_file, &extra));
        station.address_after(serving).await;
        wait_online(&app, &admin, id, true).await;
        assert_eq!(check_token_file(&token_file), token);
        station.kill().await;

        // A code that was used already: a clear message and a failing exit, no file.
        let other_file = dir.join(format!("{kind}-other-token"));
        let mut again = extra.clone();
        again.extend(["--pair", code.as_str()]);
        let out = Command::new(workspace_bin(program))
            .args(args(&app, &other_file, &again))
            .env_remove("ONTHAAL_DEVICE_TOKEN")
            .env_remove("STATE_DIRECTORY")
            .output()
            .await
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("al gebruikt"), "{err}");
        assert!(!other_file.exists());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_display_started_without_a_token_asks_for_its_code_on_its_page() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let admin = app.login("admin", ADMIN_PASSWORD).await;
    let (id, code) = register(&app, &admin, "display", "Scherm wachtzaal").await;
    let dir = scratch("form");
    let token_file = dir.join("display-token");
    let mut station = Station::start(
        "onthaal-display",
        &args(&app, &token_file, &["--sound", "silent"]),
    );
    let page = station.address_after("pairing page is on").await;
    let http = reqwest::Client::new();
    let r = http.get(&page).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().contains_key("x-onthaal-pairing"));
    assert!(r.text().await.unwrap().contains("Koppelcode"));

    // A wrong code: the server's Dutch message, passed on to the page.
    let r = http
        .post(format!("{page}/api/pair"))
        .json(&json!({"code": "WXYZ-WXYZ"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "pairing_code_unknown");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("bestaat niet"));
    assert!(!token_file.exists());

    // The right one, typed in lower case.
    let r = http
        .post(format!("{page}/api/pair"))
        .json(&json!({"code": code.to_lowercase()}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["name"], "Scherm wachtzaal");
    // The station starts on the same address, where the browser is.
    let served = station.address_after("serving the display page on").await;
    assert_eq!(served, page);
    let r = http.get(&page).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(!r.headers().contains_key("x-onthaal-pairing"));
    check_token_file(&token_file);
    wait_online(&app, &admin, id, true).await;
    station.kill().await;
    let _ = std::fs::remove_dir_all(&dir);
}
