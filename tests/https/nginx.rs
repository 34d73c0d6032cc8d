//! nginx in front of the server, set up by the packaged site file (packaging/nginx/onthaal.conf)
//! with only its addresses and certificate paths changed: over HTTPS the desk logs in and
//! uses the API with its cookie, `/ws` upgrades, a kiosk station (the `onthaal-kiosk` binary
//! with `--ca-file`) issues and prints a ticket, and two phones (nginx sees 127.0.0.1 and
//! 127.0.0.2) each have their own status-page budget.
//!
//! nginx (Debian's `nginx-light`) runs as this user with its own folder for its
//! configuration, pid, logs and temporary files. Without nginx the test says so and passes,
//! except in CI (CI=true, or ONTHAAL_REQUIRE_NGINX=1 which test.sh sets there): it fails.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use onthaal_server::config::Config;
use onthaal_tests::{next_frame, spawn_own_address, Backend, TestApp};
use onthaal_wire::ServerFrame;
use serde_json::{json, Value};

use super::{secure_login, temp_dir, workspace_bin, wss, Certs};

/// nginx's binary, if installed.
fn nginx_binary() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin")])
        .map(|d| d.join("nginx"))
        .find(|p| p.is_file())
}

fn nginx_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
        || std::env::var("ONTHAAL_REQUIRE_NGINX").is_ok_and(|v| v == "1")
}

/// A running nginx, stopped when dropped: SIGTERM to its master process (by its id), which
/// stops its worker too (SIGKILL would leave the worker running).
struct Nginx {
    child: Child,
    dir: PathBuf,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Nginx {
    fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

/// The packaged site file with this test's addresses and certificate: each line changed must
/// be in the file as shipped.
fn site_file(https: u16, http: u16, upstream: SocketAddr, cert: &Path, key: &Path) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../packaging/nginx/onthaal.conf");
    let mut site = std::fs::read_to_string(&path).unwrap();
    let changes = [
        ("listen 443 ssl;", format!("listen 127.0.0.1:{https} ssl;")),
        ("listen [::]:443 ssl;", String::new()),
        ("listen 80;", format!("listen 127.0.0.1:{http};")),
        ("listen [::]:80;", String::new()),
        ("/etc/ssl/onthaal/fullchain.pem", cert.display().to_string()),
        ("/etc/ssl/onthaal/privkey.pem", key.display().to_string()),
        ("http://127.0.0.1:8080", format!("http://{upstream}")),
    ];
    for (from, to) in changes {
        assert!(site.contains(from), "{} has no {from:?}", path.display());
        site = site.replace(from, &to);
    }
    site
}

fn start_nginx(binary: &Path, dir: &Path, site: &str, https: u16) -> Nginx {
    std::fs::write(dir.join("onthaal.conf"), site).unwrap();
    let d = dir.display();
    let conf = format!(
        "worker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  access_log {d}/access.log;\n  client_body_temp_path {d}/body;\n  \
         proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  \
         uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  include {d}/onthaal.conf;\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let child = Command::new(binary)
        .arg("-p")
        .arg(dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .arg("-e")
        .arg(dir.join("error.log"))
        .args(["-g", "daemon off;"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx starts");
    let mut nginx = Nginx {
        child,
        dir: dir.to_path_buf(),
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", https)).is_err() {
        if let Ok(Some(status)) = nginx.child.try_wait() {
            panic!("nginx stopped ({status}): {}", nginx.error_log());
        }
        assert!(
            Instant::now() < deadline,
            "nginx does not listen: {}",
            nginx.error_log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    nginx
}

/// A client of nginx's HTTPS port from `local` (a phone, a desk), trusting the test CA.
fn client(certs: &Certs, local: IpAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .use_preconfigured_tls((*certs.client()).clone())
        .local_address(local)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_nginx_over_https_desk_ws_kiosk_and_phones_work() {
    let Some(binary) = nginx_binary() else {
        assert!(
            !nginx_required(),
            "nginx is required here (CI) but not installed: apt-get install nginx-light"
        );
        eprintln!("nginx test skipped: nginx is not installed (apt-get install nginx-light)");
        return;
    };
    let dir = temp_dir("nginx");
    let certs = Certs::new(&dir);
    let cert = certs.server("nginx");
    // The server as behind a proxy on the same machine: plain HTTP on loopback, no public
    // URL of its own (so HTTPS is known only from nginx's X-Forwarded-Proto).
    let app = spawn_own_address(Backend::Sqlite, Config::demo(), None, None)
        .await
        .unwrap();
    assert!(app.base.starts_with("http://"));
    let (https, http) = (onthaal_tests::free_port(), onthaal_tests::free_port());
    let site = site_file(https, http, app.addr, &cert.cert, &cert.key);
    let nginx = start_nginx(&binary, &dir, &site, https);
    let base = format!("https://localhost:{https}");
    let desk = client(&certs, "127.0.0.1".parse().unwrap());

    // Plain HTTP is sent to HTTPS; over HTTPS every answer carries HSTS.
    let r = desk
        .get(format!("http://127.0.0.1:{http}/desk"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 301);
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("https://"));
    let r = desk.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", nginx.error_log());
    assert_eq!(
        r.headers()["strict-transport-security"].to_str().unwrap(),
        "max-age=31536000"
    );

    desk_logs_in_and_works_with_its_cookie(&desk, &base, &certs, https).await;
    kiosk_station_issues_a_ticket(&app, &certs, &dir, &base).await;
    phones_have_their_own_status_budgets(&app, &certs, &base).await;
    drop(nginx);
}

async fn desk_logs_in_and_works_with_its_cookie(
    desk: &reqwest::Client,
    base: &str,
    certs: &Certs,
    https: u16,
) {
    // The server's own public URL is http://: Secure comes from nginx's X-Forwarded-Proto.
    let (session, token) = secure_login(desk, base).await;
    let me: Value = onthaal_tests::json_answer(
        desk.get(format!("{base}/api/v1/auth/me"))
            .header("cookie", &session),
    )
    .await;
    assert_eq!(me["kind"], "staff", "{me}");

    // /ws through nginx's upgrade, with the session's token.
    let mut ws = wss(
        &format!("wss://localhost:{https}/ws?token={token}"),
        &certs.client(),
    )
    .await;
    assert!(matches!(
        next_frame(&mut ws).await,
        ServerFrame::Snapshot(_)
    ));

    // A change made with the cookie from the page's own origin (https://localhost:PORT, as
    // the browser saw it) passes the origin check; from plain http:// it is another origin.
    let origin = format!("https://localhost:{https}");
    let refused = desk
        .post(format!("{base}/api/v1/auth/logout"))
        .header("cookie", &session)
        .header("origin", format!("http://localhost:{https}"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let r = desk
        .post(format!("{base}/api/v1/auth/logout"))
        .header("cookie", &session)
        .header("origin", origin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
}

async fn kiosk_station_issues_a_ticket(app: &TestApp, certs: &Certs, dir: &Path, base: &str) {
    let kiosk_bin = workspace_bin("onthaal-kiosk");
    let token = app.device("kiosk").await;
    let printer = dir.join("printer");
    std::fs::create_dir_all(&printer).unwrap();

    // A CA file that is no CA file: said plainly, and the station does not start.
    let bad = dir.join("not-a-ca.pem");
    std::fs::write(&bad, "hello\n").unwrap();
    // A station started with it fails; what it says on stderr.
    let refused = |mut station: Command| {
        let out = station.arg("--ca-file").arg(&bad).output().unwrap();
        assert!(!out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let mut kiosk = Command::new(&kiosk_bin);
    kiosk
        .args(["--server", base, "--token", &token, "--headset", "off"])
        .args(["--bind", "127.0.0.1:0", "--printer"])
        .arg(format!("dir://{}/", printer.display()));
    let said = refused(kiosk);
    assert!(
        said.contains("not-a-ca.pem") && said.contains("no certificate"),
        "{said}"
    );
    let mut display = Command::new(workspace_bin("onthaal-display"));
    display.args(["--server", base, "--token", "x", "--bind", "127.0.0.1:0"]);
    let said = refused(display);
    assert!(said.contains("not-a-ca.pem"), "{said}");

    let mut kiosk = KillOnDrop(
        Command::new(&kiosk_bin)
            .args(["--server", base, "--token", &token, "--headset", "off"])
            .args(["--bind", "127.0.0.1:0", "--printer"])
            .arg(format!("dir://{}/", printer.display()))
            .arg("--ca-file")
            .arg(&certs.ca)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let page = {
        use std::io::BufRead;
        let mut out = std::io::BufReader::new(kiosk.0.stdout.take().unwrap());
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        std::thread::spawn(move || for _ in out.lines() {});
        line.split("http://")
            .nth(1)
            .and_then(|s| s.split_whitespace().next())
            .map(|a| format!("http://{a}"))
            .unwrap_or_else(|| panic!("no page address in {line:?}"))
    };
    // The visitor's touch, once the station is online over wss.
    let local = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    let ticket: Value = loop {
        let r = local
            .post(format!("{page}/api/ticket"))
            .json(&json!({"service": "permanentie", "lang": "nl", "key": "nginx-1"}))
            .send()
            .await
            .unwrap();
        if r.status() == 200 {
            break r.json().await.unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "the kiosk issues no ticket over https: {} {}",
            r.status(),
            r.text().await.unwrap()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        ticket["number"]
            .as_str()
            .is_some_and(|n| n.starts_with('P')),
        "{ticket}"
    );
    let printed = onthaal_tests::files_with_extension(&printer, "bin");
    assert_eq!(printed, 1, "one ticket printed");
}

/// Kills a station process (by its own handle) when the test ends, however it ends.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn phones_have_their_own_status_budgets(app: &TestApp, certs: &Certs, base: &str) {
    let kiosk = app.device("kiosk").await;
    let through_nginx = client(certs, "127.0.0.1".parse().unwrap());
    let t: Value = onthaal_tests::json_answer(
        through_nginx
            .post(format!("{base}/api/v1/tickets"))
            .bearer_auth(&kiosk)
            .json(&json!({"service": "huur"})),
    )
    .await;
    let status = format!(
        "{base}/api/v1/status/{}",
        t["status_token"].as_str().expect("a status token")
    );
    // Phone one asks until its budget is spent.
    let one = client(certs, "127.0.0.1".parse().unwrap());
    let mut limited = false;
    for _ in 0..100 {
        let code = one.get(&status).send().await.unwrap().status();
        if code == 429 {
            limited = true;
            break;
        }
        assert_eq!(code, 200);
    }
    assert!(limited, "phone one is limited at last");
    // Phone two, another address behind the same nginx, still has its whole budget.
    let two = client(certs, "127.0.0.2".parse().unwrap());
    let r = two.get(&status).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}
