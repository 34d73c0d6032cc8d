//! Shared helpers for Onthaal's end-to-end tests: start the real server on port 0 on a fresh
//! SQLite file or a fresh PostgreSQL database, and talk to it over HTTP and WebSocket.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use futures_util::{SinkExt, StreamExt};
use onthaal_server::app::{self, Running, Settings};
use onthaal_server::clock::ManualClock;
use onthaal_server::config::Config;
use onthaal_wire::ServerFrame;
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// Runs an async test function once per backend: SQLite, then PostgreSQL (a fresh database
/// each; see [`fresh_database`]). Used as `both!(name)` after the function `name(backend)`.
#[macro_export]
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::Backend::Postgres).await
            }
        }
    };
}

pub mod openapi;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the PostgreSQL suite creates its throw-away databases.
pub fn postgres_admin_url() -> String {
    std::env::var("ONTHAAL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A fresh database for one test. PostgreSQL: `None` (test skipped) when the server is not
/// reachable and we are not in CI or told to require it; in CI a missing server fails.
pub async fn fresh_database(backend: Backend) -> Option<String> {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!(
                "onthaal-test-{}-{}-{n}",
                std::process::id(),
                rand::random::<u32>()
            ));
            std::fs::create_dir_all(&dir).unwrap();
            Some(format!("sqlite://{}/onthaal.db", dir.display()))
        }
        Backend::Postgres => {
            if std::env::var("ONTHAAL_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
                eprintln!("PostgreSQL suite skipped (ONTHAAL_SKIP_POSTGRES=1)");
                return None;
            }
            sqlx::any::install_default_drivers();
            let admin = postgres_admin_url();
            let mut conn = match <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await {
                Ok(c) => c,
                Err(e) => {
                    if std::env::var("CI").is_ok()
                        || std::env::var("ONTHAAL_REQUIRE_POSTGRES").is_ok()
                    {
                        panic!("PostgreSQL is required here but {admin} does not answer: {e}");
                    }
                    eprintln!("PostgreSQL suite skipped: {admin} does not answer ({e})");
                    return None;
                }
            };
            drop_stale_databases(&mut conn).await;
            let name = format!(
                "onthaal_t_{}_{}_{}_{n}",
                std::process::id(),
                unix_now(),
                rand::random::<u32>()
            );
            sqlx::Executor::execute(&mut conn, format!("CREATE DATABASE {name}").as_str())
                .await
                .unwrap();
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            Some(format!("{base}/{name}"))
        }
    }
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Whether a test database was left by an earlier run: its name carries its creation time
/// (`onthaal_t_PID_SECS_RAND_N`), and only those over three hours old are dropped, so test
/// runs side by side (two checkouts on one machine) never drop each other's databases.
fn is_stale(name: &str) -> bool {
    let fields: Vec<&str> = name.trim_start_matches("onthaal_t_").split('_').collect();
    match fields.as_slice() {
        [_, secs, _, _] => secs
            .parse::<u64>()
            .map_or(true, |s| unix_now().saturating_sub(s) > 3 * 3600),
        _ => true,
    }
}

/// Test databases are not dropped when a test ends (it may have failed and be worth a look);
/// the first test of a later run drops those that earlier runs left behind.
async fn drop_stale_databases(conn: &mut sqlx::AnyConnection) {
    static DONE: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    DONE.get_or_init(|| async {
        let rows = sqlx::query("SELECT datname FROM pg_database WHERE datname LIKE 'onthaal_t_%'")
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
        for r in rows {
            let name: String = sqlx::Row::get(&r, 0);
            if is_stale(&name) {
                let _ = sqlx::Executor::execute(
                    &mut *conn,
                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str(),
                )
                .await;
            }
        }
    })
    .await;
}

/// Strong enough for the password policy, which applies to `ONTHAAL_ADMIN_PASSWORD` too.
pub const ADMIN_PASSWORD: &str = "paars fietsbel onder de test";

/// A running server with a manual clock, a client and helpers.
pub struct TestApp {
    pub backend: Backend,
    pub database_url: String,
    pub base: String,
    pub addr: std::net::SocketAddr,
    pub clock: Arc<ManualClock>,
    /// Checks every JSON answer against the OpenAPI document (see [`openapi`]).
    pub http: openapi::Client,
    pub running: Option<Running>,
}

/// A Tuesday morning in November, 10:00 in Brussels.
pub fn default_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, Config::demo(), default_now()).await
}

pub async fn spawn_app_with(
    backend: Backend,
    config: Config,
    now: DateTime<Utc>,
) -> Option<TestApp> {
    let database_url = fresh_database(backend).await?;
    let clock = Arc::new(ManualClock::new(now));
    Some(start_on(backend, database_url, config, clock).await)
}

/// [`spawn_app`] with the administrator logged in: the app and the administrator's token.
pub async fn spawn_app_with_admin(backend: Backend) -> Option<(TestApp, String)> {
    let app = spawn_app(backend).await?;
    let admin = app.admin().await;
    Some((app, admin))
}

/// [`spawn_app`] with reception (the demo's `onthaal` account) logged in: the app and
/// reception's token.
pub async fn spawn_app_with_reception(backend: Backend) -> Option<(TestApp, String)> {
    let app = spawn_app(backend).await?;
    let reception = app.reception().await;
    Some((app, reception))
}

/// A server whose kiosks are not rate limited: for tests that issue bursts from a kiosk on
/// purpose (the limit itself is tested with the production default).
pub async fn spawn_app_unlimited(backend: Backend, config: Config) -> Option<TestApp> {
    let database_url = fresh_database(backend).await?;
    let clock = Arc::new(ManualClock::new(default_now()));
    Some(start_with(backend, database_url, config, clock, Vec::new()).await)
}

/// Starts (or restarts) a server on an existing database, with the default kiosk limit.
pub async fn start_on(
    backend: Backend,
    database_url: String,
    config: Config,
    clock: Arc<ManualClock>,
) -> TestApp {
    let limit = onthaal_server::http::ratelimit::DEFAULT.to_vec();
    start_with(backend, database_url, config, clock, limit).await
}

pub async fn start_with(
    backend: Backend,
    database_url: String,
    config: Config,
    clock: Arc<ManualClock>,
    kiosk_ticket_limit: Vec<onthaal_server::domain::rate_limit::Window>,
) -> TestApp {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let public_url = Some("https://onthaal.example".to_string());
    launch(
        backend,
        database_url,
        config,
        clock,
        kiosk_ticket_limit,
        (None, public_url),
        http,
    )
    .await
}

/// A server on a fresh database whose public URL is its own address, as one without
/// `--public-url`: serving HTTPS with `tls` when given (its client then trusts the CA file
/// `ca`, as the stations do with `--ca-file`), plain HTTP otherwise (as behind a proxy).
pub async fn spawn_own_address(
    backend: Backend,
    config: Config,
    tls: Option<onthaal_server::tls::TlsFiles>,
    ca: Option<&std::path::Path>,
) -> Option<TestApp> {
    let database_url = fresh_database(backend).await?;
    let clock = Arc::new(ManualClock::new(default_now()));
    let mut http = reqwest::Client::builder().timeout(Duration::from_secs(30));
    if let Some(ca) = ca {
        let roots = onthaal_display::tls::client_config(Some(ca)).expect("the CA file loads");
        http = http.use_preconfigured_tls((*roots).clone());
    }
    let limit = onthaal_server::http::ratelimit::DEFAULT.to_vec();
    let app = launch(
        backend,
        database_url,
        config,
        clock,
        limit,
        (tls, None),
        http.build().unwrap(),
    );
    Some(app.await)
}

async fn launch(
    backend: Backend,
    database_url: String,
    config: Config,
    clock: Arc<ManualClock>,
    kiosk_ticket_limit: Vec<onthaal_server::domain::rate_limit::Window>,
    (tls, public_url): (Option<onthaal_server::tls::TlsFiles>, Option<String>),
    http: reqwest::Client,
) -> TestApp {
    let https = tls.is_some();
    let running = app::start(Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        database_url: database_url.clone(),
        config,
        public_url,
        admin_password: Some(ADMIN_PASSWORD.into()),
        clock: clock.clone(),
        kiosk_ticket_limit,
        tls,
    })
    .await
    .expect("server starts");
    let addr = running.addr;
    TestApp {
        backend,
        database_url,
        base: format!("{}://{addr}", if https { "https" } else { "http" }),
        addr,
        clock,
        http: openapi::Client::new(http),
        running: Some(running),
    }
}

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

impl TestApp {
    /// Another server instance on this one's database and clock, with `config` (also a
    /// restart, once this one is stopped).
    pub async fn instance_with(&self, config: Config) -> TestApp {
        let database_url = self.database_url.clone();
        start_on(self.backend, database_url, config, self.clock.clone()).await
    }

    /// Another server instance on this one's database and clock, with the demo configuration.
    pub async fn another_instance(&self) -> TestApp {
        self.instance_with(Config::demo()).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn stop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop().await;
        }
    }

    /// A login attempt as the login page makes it (`POST /api/v1/auth/login`, no token): the
    /// answer, with its status, body and session cookie.
    pub async fn login_request(&self, username: &str, password: &str) -> reqwest::Response {
        self.http
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await
            .unwrap()
    }

    /// Logs in and returns the bearer token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let r = self.login_request(username, password).await;
        assert_eq!(
            r.status(),
            200,
            "login {username}: {}",
            r.text().await.unwrap()
        );
        r.json::<Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Logs out (`POST /api/v1/auth/logout`): the answer, with its status and cookie.
    pub async fn logout(&self, token: &str) -> reqwest::Response {
        self.post(token, "/api/v1/auth/logout", serde_json::json!({}))
            .await
    }

    pub async fn reception(&self) -> String {
        self.login("onthaal", "onthaal").await
    }

    pub async fn device(&self, kind: &str) -> String {
        let store = self.running.as_ref().unwrap().store.clone();
        let kind = onthaal_server::domain::roles::DeviceKind::parse(kind).unwrap();
        store
            .add_device(
                None,
                kind,
                "test device",
                onthaal_server::clock::Clock::now(self.clock.as_ref()),
            )
            .await
            .unwrap()
            .1
    }

    /// The stations as the desk app lists them (`GET /api/v1/devices`).
    pub async fn devices(&self, staff: &str) -> Vec<Value> {
        let list: Value = self
            .get(staff, "/api/v1/devices")
            .await
            .json()
            .await
            .unwrap();
        list.as_array().expect("a list of devices").clone()
    }

    pub async fn post(&self, token: &str, path: &str, body: Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, token: &str, path: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// Issues a ticket and returns its JSON (asserting 201).
    pub async fn issue(&self, token: &str, service: &str) -> Value {
        let r = self
            .post(
                token,
                "/api/v1/tickets",
                serde_json::json!({"service": service}),
            )
            .await;
        let status = r.status();
        let body: Value = r.json().await.unwrap();
        assert_eq!(status, 201, "issue {service}: {body}");
        body
    }

    /// `POST /api/v1/desks/{desk}/call-next`.
    pub async fn call_next(&self, token: &str, desk: i64) -> reqwest::Response {
        self.post(
            token,
            &format!("/api/v1/desks/{desk}/call-next"),
            serde_json::json!({}),
        )
        .await
    }

    /// Calls the next visitor to `desk` ([`TestApp::call_next`]): the answer as JSON (the
    /// called ticket).
    pub async fn called_next(&self, token: &str, desk: i64) -> Value {
        self.call_next(token, desk).await.json().await.unwrap()
    }

    /// `POST /api/v1/tickets/{id}/{action}` with an empty body (recall, start, finish, …).
    pub async fn act(
        &self,
        token: &str,
        id: impl std::fmt::Display,
        action: &str,
    ) -> reqwest::Response {
        self.act_with(token, id, action, serde_json::json!({}))
            .await
    }

    /// `POST /api/v1/tickets/{id}/{action}` with a body (call to a desk, transfer, …).
    pub async fn act_with(
        &self,
        token: &str,
        id: impl std::fmt::Display,
        action: &str,
        body: Value,
    ) -> reqwest::Response {
        self.post(token, &format!("/api/v1/tickets/{id}/{action}"), body)
            .await
    }

    pub async fn desk_id(&self, token: &str, name: &str) -> i64 {
        let desks: Value = self.get(token, "/api/v1/desks").await.json().await.unwrap();
        desks
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap_or_else(|| panic!("desk {name}"))["id"]
            .as_i64()
            .unwrap()
    }

    /// Someone's request, `method path` with a JSON body unless `body` is `Value::Null`,
    /// logged in with `token` or not at all (`None`): the answer's status and JSON body.
    pub async fn request(
        &self,
        token: Option<&str>,
        method: reqwest::Method,
        path: &str,
        body: &Value,
    ) -> (u16, Value) {
        let mut req = self.http.request(method, self.url(path));
        if !body.is_null() {
            req = req.json(body);
        }
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        status_and_json(req.send().await.unwrap()).await
    }

    /// A logged-in request (see [`TestApp::request`]): the answer's status and JSON body.
    pub async fn call(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Value,
    ) -> (u16, Value) {
        self.request(Some(token), method, path, &body).await
    }

    /// `POST path` with a JSON body: the answer's status and JSON body.
    pub async fn post_json(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        status_and_json(self.post(token, path, body).await).await
    }

    /// `GET path`: the answer's status and JSON body.
    pub async fn get_json(&self, token: &str, path: &str) -> (u16, Value) {
        status_and_json(self.get(token, path).await).await
    }

    /// What `token` reads at `path` (`GET`), as JSON, whatever the status.
    pub async fn read<T: serde::de::DeserializeOwned>(&self, token: &str, path: &str) -> T {
        self.get(token, path).await.json().await.unwrap()
    }

    /// `GET path` without a login, as a visitor's phone or a public page asks: the JSON answer.
    pub async fn public_json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        self.http
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The services as the kiosk and the public pages see them (`GET /api/v1/services`).
    pub async fn services(&self) -> Vec<Value> {
        let list: Value = self.public_json("/api/v1/services").await;
        list.as_array().expect("a list of services").clone()
    }

    /// One service of [`TestApp::services`], by key.
    pub async fn service(&self, key: &str) -> Value {
        self.services()
            .await
            .into_iter()
            .find(|s| s["key"] == key)
            .unwrap_or_else(|| panic!("service {key}"))
    }

    /// Logs in as the administrator (the account `admin`) and returns the bearer token.
    pub async fn admin(&self) -> String {
        self.login("admin", ADMIN_PASSWORD).await
    }

    /// Everyone who may not administer, with the status they get: reception, a social worker,
    /// a manager and a kiosk (403), and nobody logged in (401). For "only an admin" tests.
    pub async fn non_admins(&self) -> Vec<(&'static str, Option<String>, u16)> {
        vec![
            ("reception", Some(self.reception().await), 403),
            (
                "social worker",
                Some(self.login("mw.peeters", "peeters").await),
                403,
            ),
            (
                "manager",
                Some(self.login("diensthoofd", "diensthoofd").await),
                403,
            ),
            ("kiosk", Some(self.device("kiosk").await), 403),
            ("nobody", None, 401),
        ]
    }

    /// Asserts that everyone who may not administer ([`TestApp::non_admins`]) is refused each
    /// of `calls` (method, path, JSON body or `Value::Null`) with their status (403, or 401
    /// when not logged in).
    pub async fn assert_only_admins_may<P: AsRef<str>>(
        &self,
        calls: &[(reqwest::Method, P, Value)],
    ) {
        for (who, token, expected) in self.non_admins().await {
            for (method, path, body) in calls {
                let path = path.as_ref();
                let (status, answer) = self
                    .request(token.as_deref(), method.clone(), path, body)
                    .await;
                assert_eq!(status, expected, "{who} {method} {path}: {answer}");
            }
        }
    }

    /// The audit log as `token` reads it (`GET /api/v1/audit`).
    pub async fn audit_log(&self, token: &str) -> Vec<Value> {
        self.read(token, "/api/v1/audit").await
    }

    /// A staff member's id in `GET /api/v1/staff`, by name.
    pub async fn staff_id(&self, token: &str, name: &str) -> i64 {
        self.staff_id_where(token, |listed| listed == name).await
    }

    /// The id of the staff member whose name starts with `name`, for the demo with marked
    /// names (see [`demo_config_with_marked_staff`]).
    pub async fn marked_staff_id(&self, token: &str, name: &str) -> i64 {
        self.staff_id_where(token, |listed| listed.starts_with(name))
            .await
    }

    async fn staff_id_where(&self, token: &str, named: impl Fn(&str) -> bool) -> i64 {
        let list: Value = self.read(token, "/api/v1/staff").await;
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| named(s["name"].as_str().unwrap()))
            .expect("the staff member is listed")["id"]
            .as_i64()
            .unwrap()
    }

    /// A live connection (`/ws`) as `token` past its first frame, which must be the snapshot:
    /// the socket and the snapshot.
    pub async fn ws_with_snapshot(&self, token: &str) -> (Ws, onthaal_wire::Snapshot) {
        let mut ws = self.ws(token).await;
        let frame = next_frame(&mut ws).await;
        let ServerFrame::Snapshot(snapshot) = frame else {
            panic!("snapshot first, not {frame:?}")
        };
        (ws, snapshot)
    }

    pub async fn ws(&self, token: &str) -> Ws {
        let url = format!("ws://{}/ws?token={token}", self.addr);
        let (ws, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("websocket connects");
        ws
    }
}

/// Sends a request built on a client of its own (its own certificates, headers or address)
/// and reads the JSON answer, whatever the status.
pub async fn json_answer<T: serde::de::DeserializeOwned>(request: reqwest::RequestBuilder) -> T {
    request.send().await.unwrap().json().await.unwrap()
}

/// An answer's status and JSON body (`Value::Null` when it has none or it is not JSON).
pub async fn status_and_json(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The `error.code` of an error answer (`None` when it is not one), for
/// `assert_eq!((status, error_code(&body)), (409, Some("slot_taken")))`.
pub fn error_code(body: &Value) -> Option<&str> {
    body["error"]["code"].as_str()
}

/// Asserts that an answer (status and JSON body, as [`status_and_json`] gives it) refuses
/// `what` with `status`, the `error.code` `code` and a message that says `says`.
pub fn assert_refused(
    (status, body): &(u16, Value),
    (expected, code, says): (u16, &str, &str),
    what: impl std::fmt::Display,
) {
    assert_eq!(
        (*status, error_code(body)),
        (expected, Some(code)),
        "{what}: {body}"
    );
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains(says), "{what}: {body}");
}

/// Each item's `field` of a JSON list, as text (the states of a list of appointments, …).
pub fn texts<'a>(list: &'a Value, field: &str) -> Vec<&'a str> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| item[field].as_str().unwrap())
        .collect()
}

/// A TCP port free on this machine a moment ago, for a program the test starts itself.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// How many files in `dir` have the extension `ext`: the jobs (`bin`) and previews (`png`) a
/// `dir://` printer wrote.
pub fn files_with_extension(dir: &std::path::Path, ext: &str) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|x| x == ext))
        .count()
}

/// Waits up to `within` for the server to close the socket; returns the close code (`None`:
/// closed without a close frame). Panics if it stays open.
pub async fn close_code(ws: &mut Ws, within: Duration) -> Option<u16> {
    tokio::time::timeout(within, async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Close(f))) => return f.map(|f| u16::from(f.code)),
                Some(Ok(Message::Ping(p))) => {
                    let _ = ws.send(Message::Pong(p)).await;
                }
                Some(Ok(_)) => {}
                None | Some(Err(_)) => return None,
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the server did not close the socket within {within:?}"))
}

/// The next text frame, parsed (pings are answered by tungstenite itself).
pub async fn next_frame(ws: &mut Ws) -> ServerFrame {
    let raw = next_json(ws).await;
    serde_json::from_value(raw.clone()).unwrap_or_else(|e| panic!("not a server frame: {e}: {raw}"))
}

pub async fn next_json(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a frame within 10 s")
            .expect("stream open")
            .expect("frame ok");
        match msg {
            Message::Text(t) => return serde_json::from_str(&t).unwrap(),
            Message::Ping(p) => ws.send(Message::Pong(p)).await.unwrap(),
            Message::Close(_) => panic!("socket closed"),
            _ => {}
        }
    }
}

/// The demo configuration with a marker in every staff member's name, for privacy tests:
/// returns it with the names that must never reach a screen or a visitor's phone (the marked
/// ones, and the demo's own).
pub fn demo_config_with_marked_staff(tag: &str) -> (Config, Vec<String>) {
    let mut toml = include_str!("../../server/config/demo.toml").to_string();
    let mut names = Vec::new();
    for (i, real) in [
        "Sam Onthaal",
        "An Peeters",
        "Karim Janssens",
        "Lies Diensthoofd",
    ]
    .into_iter()
    .enumerate()
    {
        let marked = format!("{real} {tag}N{i}");
        assert!(toml.contains(real), "demo staff {real}");
        toml = toml.replace(
            &format!("name = \"{real}\""),
            &format!("name = \"{marked}\""),
        );
        names.push(marked);
        names.push(real.to_string());
    }
    (Config::parse_demo(&toml, "marked demo").unwrap(), names)
}

/// A local SMTP server for the reminder tests.
pub mod smtp;

/// The day simulator behind `onthaal-sim` (scenarios, replay, accuracy figures).
pub mod sim;

/// A year of history for the dashboard figures (`onthaal-seed` and the bench).
pub mod seed;
