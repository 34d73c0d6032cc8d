//! A station's token at its start, for the kiosk and the display alike: `--token` when given,
//! else the token file (`--token-file`) kept from an earlier pairing, else a pairing.
//!
//! A kiosk or display registered in the app (`/admin`, Apparaten) gets a short one-time
//! pairing code, no token copied by hand. At its first start the station asks for it: with
//! `--pair CODE` (`ONTHAAL_PAIRING_CODE`, for installs without a screen) it exchanges the code
//! at once; without, it serves a small Dutch page "Koppelcode" on its own page address (the
//! screen its Chromium shows), with an on-screen keypad for a touch screen without keyboard.
//! The code is exchanged at the server's `POST /api/v1/devices/pair` for the station's token,
//! which is written to the token file with mode 0600 (through a temporary file, so a power cut
//! never leaves half a token). The pairing page then closes and the station starts normally
//! on the same address; the page reloads itself into the station's own page. Every later start
//! reads the file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use onthaal_wire::{ErrorBody, PairRequest, Paired};
use tokio::sync::{oneshot, watch};

use crate::web;

const PAGE: &str = include_str!("../pairing/pairing.html");
const CSS: &str = include_str!("../pairing/pairing.css");
const JS: &str = include_str!("../pairing/pairing.js");

/// The header that tells the page it is still the pairing page (it reloads once it is not).
const PAIRING_HEADER: &str = "x-onthaal-pairing";

/// Which station asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StationKind {
    Kiosk,
    Display,
}

impl StationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StationKind::Kiosk => "kiosk",
            StationKind::Display => "display",
        }
    }

    /// The default token file's name, so a kiosk and a display on one PC keep their own.
    fn file_name(self) -> &'static str {
        match self {
            StationKind::Kiosk => "kiosk-token",
            StationKind::Display => "display-token",
        }
    }
}

/// The default token file: in the station's state directory (`$STATE_DIRECTORY`, which
/// systemd's `StateDirectory=` sets), else under `data/` beside the program's working
/// directory, as the kiosk's test printer folder.
pub fn default_token_file(kind: StationKind) -> PathBuf {
    let dir = std::env::var_os("STATE_DIRECTORY")
        .map(|d| {
            // systemd gives several directories separated by ':' when there are several.
            let d = d.to_string_lossy().to_string();
            PathBuf::from(d.split(':').next().unwrap_or_default())
        })
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("data"));
    dir.join(kind.file_name())
}

/// The command-line flags both stations take for their token and the server's certificate.
#[derive(clap::Args, Debug, Clone)]
pub struct TokenFlags {
    /// A CA certificate file (PEM) to trust for an https:// server, besides the system's roots.
    #[arg(long, env = "ONTHAAL_CA_FILE")]
    pub ca_file: Option<PathBuf>,
    /// This station's device token (`onthaal-server device add --kind kiosk|display`).
    /// Without it, the token file's; without that, the station asks for its pairing code.
    #[arg(long, env = "ONTHAAL_DEVICE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Where the token from a pairing is kept (mode 0600) and read at every start (default:
    /// kiosk-token or display-token in $STATE_DIRECTORY, else in ./data).
    #[arg(long, env = "ONTHAAL_TOKEN_FILE")]
    pub token_file: Option<PathBuf>,
    /// The one-time pairing code from Beheer → Apparaten, for an install without a screen or
    /// keyboard; without it (and without a token), the station's page asks for it. Ignored
    /// once the token file holds a token.
    #[arg(
        long = "pair",
        env = "ONTHAAL_PAIRING_CODE",
        value_name = "CODE",
        hide_env_values = true
    )]
    pub pairing_code: Option<String>,
}

/// How the token is found at the start.
#[derive(Debug, Clone)]
pub struct TokenSource {
    pub kind: StationKind,
    /// The server's base URL.
    pub server: String,
    pub ca_file: Option<PathBuf>,
    /// `--token`: used as it is, the file untouched.
    pub token: Option<String>,
    pub token_file: PathBuf,
    /// `--pair CODE`.
    pub pairing_code: Option<String>,
    /// The station's page address: the pairing page is served there.
    pub bind: SocketAddr,
}

impl TokenSource {
    /// As the command line says: the station's kind, its server and page address, and its
    /// [`TokenFlags`] (the default token file for the kind when none is named).
    pub fn new(kind: StationKind, server: String, bind: SocketAddr, flags: TokenFlags) -> Self {
        TokenSource {
            kind,
            server,
            ca_file: flags.ca_file,
            token: flags.token,
            token_file: flags.token_file.unwrap_or_else(|| default_token_file(kind)),
            pairing_code: flags.pairing_code,
            bind,
        }
    }
}

/// The station's token, and the page address to serve on (the pairing page's own when one
/// was served, so the browser showing it finds the station there).
#[derive(Debug, Clone)]
pub struct Obtained {
    pub token: String,
    pub bind: SocketAddr,
    /// How: `flag`, `file` or `paired`.
    pub how: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum PairingError {
    #[error("cannot read the token file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the token file {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the server refused the pairing code: {0}")]
    Refused(String),
    #[error("cannot reach the server {server}: {message}")]
    Unreachable { server: String, message: String },
    #[error("cannot serve the pairing page on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Tls(String),
    #[error("stopped before the station was paired")]
    Stopped,
}

/// What a station's `main` does before it starts: gets its token ([`obtain_token`]), saying
/// on stdout where the pairing page is while it waits and where the token is kept once paired.
/// `Err`: the process ends with that code (stopped while waiting: success; refused: failure,
/// with the reason on stderr).
pub async fn token_at_start(
    src: &TokenSource,
    stop: watch::Receiver<bool>,
) -> Result<Obtained, std::process::ExitCode> {
    let name = src.kind.as_str();
    let announce = |url: &str| {
        println!(
            "Onthaal {name}: not paired yet; the pairing page is on {url} (type the pairing code from Beheer → Apparaten there, or start with --pair CODE)"
        );
    };
    let obtained = match obtain_token(src, announce, stop).await {
        Ok(o) => o,
        Err(PairingError::Stopped) => return Err(std::process::ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("onthaal-{name}: {e}");
            return Err(std::process::ExitCode::FAILURE);
        }
    };
    if obtained.how == "paired" {
        println!(
            "Onthaal {name}: paired; the token is kept in {}",
            src.token_file.display()
        );
    }
    Ok(obtained)
}

/// Finds the token: `--token`, the token file, `--pair CODE`, or the pairing page, in that
/// order. `announce` is told the pairing page's address once it is served; `stop` ends the
/// wait for a code.
pub async fn obtain_token(
    src: &TokenSource,
    announce: impl FnOnce(&str),
    mut stop: watch::Receiver<bool>,
) -> Result<Obtained, PairingError> {
    if let Some(token) = src
        .token
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return Ok(Obtained {
            token: token.to_string(),
            bind: src.bind,
            how: "flag",
        });
    }
    if let Some(token) = read_token_file(&src.token_file)? {
        return Ok(Obtained {
            token,
            bind: src.bind,
            how: "file",
        });
    }
    let exchange = Exchange::new(src)?;
    if let Some(code) = src.pairing_code.as_deref().filter(|c| !c.trim().is_empty()) {
        let paired = exchange.pair(code).await.map_err(|f| match f {
            Failure::Refused { message, .. } => PairingError::Refused(message),
            Failure::Unreachable(message) => PairingError::Unreachable {
                server: src.server.clone(),
                message,
            },
            Failure::Write(e) => e,
        })?;
        tracing::info!(device = paired.device_id, name = %paired.name, "paired with the server");
        return Ok(Obtained {
            token: paired.token,
            bind: src.bind,
            how: "paired",
        });
    }
    let listener = tokio::net::TcpListener::bind(src.bind)
        .await
        .map_err(|source| PairingError::Bind {
            addr: src.bind,
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| PairingError::Bind {
        addr: src.bind,
        source,
    })?;
    let (done_tx, done_rx) = oneshot::channel();
    let state = PageState {
        exchange: Arc::new(exchange),
        done: Arc::new(Mutex::new(Some(done_tx))),
    };
    let (close_tx, mut close_rx) = watch::channel(false);
    let server = tokio::spawn(async move {
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async move {
                let _ = close_rx.wait_for(|c| *c).await;
            })
            .await
    });
    announce(&format!("http://{addr}"));
    let outcome = tokio::select! {
        paired = done_rx => paired.ok(),
        _ = stop.wait_for(|s| *s) => None,
    };
    let _ = close_tx.send(true);
    let _ = server.await;
    let paired = outcome.ok_or(PairingError::Stopped)?;
    tracing::info!(device = paired.device_id, name = %paired.name, "paired with the server");
    Ok(Obtained {
        token: paired.token,
        bind: addr,
        how: "paired",
    })
}

/// The token kept in `path`, if there is one.
pub fn read_token_file(path: &Path) -> Result<Option<String>, PairingError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text.trim().to_string()).filter(|t| !t.is_empty())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(PairingError::Read {
            path: path.into(),
            source,
        }),
    }
}

/// Writes the token to `path`, readable by the station's user only (0600), through a
/// temporary file beside it.
pub fn write_token_file(path: &Path, token: &str) -> Result<(), PairingError> {
    let err = |source| PairingError::Write {
        path: path.into(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let tmp = path.with_extension("new");
    let _ = std::fs::remove_file(&tmp);
    {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp).map_err(err)?;
        f.write_all(format!("{token}\n").as_bytes()).map_err(err)?;
        f.sync_all().map_err(err)?;
    }
    std::fs::rename(&tmp, path).map_err(err)
}

/// Why an exchange failed.
enum Failure {
    /// The server said no: its status, code and (Dutch) message.
    Refused {
        status: u16,
        code: String,
        message: String,
    },
    Unreachable(String),
    Write(PairingError),
}

/// The exchange of a code for the token at the server, and keeping the token.
struct Exchange {
    http: reqwest::Client,
    url: String,
    server: String,
    kind: StationKind,
    token_file: PathBuf,
}

impl Exchange {
    fn new(src: &TokenSource) -> Result<Exchange, PairingError> {
        let tls = crate::tls::client_config(src.ca_file.as_deref()).map_err(PairingError::Tls)?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls((*tls).clone())
            .timeout(std::time::Duration::from_secs(10))
            .connect_timeout(std::time::Duration::from_secs(5))
            .build()
            .map_err(|e| PairingError::Tls(e.to_string()))?;
        let server = src.server.trim_end_matches('/').to_string();
        Ok(Exchange {
            http,
            url: format!("{server}/api/v1/devices/pair"),
            server,
            kind: src.kind,
            token_file: src.token_file.clone(),
        })
    }

    async fn pair(&self, code: &str) -> Result<Paired, Failure> {
        let body = PairRequest {
            code: code.trim().to_string(),
            kind: self.kind.as_str().to_string(),
        };
        let r = self
            .http
            .post(&self.url)
            .json(&body)
            .send()
            .await
            .map_err(|e| Failure::Unreachable(e.to_string()))?;
        let status = r.status().as_u16();
        if r.status().is_success() {
            let paired: Paired = r
                .json()
                .await
                .map_err(|e| Failure::Unreachable(format!("unexpected answer: {e}")))?;
            write_token_file(&self.token_file, &paired.token).map_err(Failure::Write)?;
            return Ok(paired);
        }
        let text = r.text().await.unwrap_or_default();
        let (code, message) = match serde_json::from_str::<ErrorBody>(&text) {
            Ok(b) => (b.error.code, b.error.message),
            Err(_) => (
                format!("http_{status}"),
                format!("De server antwoordde {status}."),
            ),
        };
        Err(Failure::Refused {
            status,
            code,
            message,
        })
    }
}

#[derive(Clone)]
struct PageState {
    exchange: Arc<Exchange>,
    done: Arc<Mutex<Option<oneshot::Sender<Paired>>>>,
}

fn router(state: PageState) -> Router {
    Router::new()
        .route("/", get(page))
        .route(
            "/pairing.css",
            get(|| asset(CSS, "text/css; charset=utf-8")),
        )
        .route(
            "/pairing.js",
            get(|| asset(JS, "text/javascript; charset=utf-8")),
        )
        .route("/api/pair", post(pair))
        // Whatever the station's own page asks for while it is not there yet.
        .fallback(|| async {
            failure(
                StatusCode::SERVICE_UNAVAILABLE,
                "not_paired",
                "Dit toestel is nog niet gekoppeld.",
            )
        })
        .with_state(state)
}

async fn page() -> Response {
    pairing_file(web::page(PAGE))
}

async fn asset(body: &'static str, content_type: &'static str) -> Response {
    pairing_file(web::asset(body, content_type))
}

/// Marks what the pairing page's server sends as the pairing page's.
fn pairing_file(mut r: Response) -> Response {
    r.headers_mut().insert(
        header::HeaderName::from_static(PAIRING_HEADER),
        HeaderValue::from_static("1"),
    );
    r
}

fn failure(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    let body = serde_json::json!({"error": {"code": code, "message": message.into()}});
    (status, Json(body)).into_response()
}

#[derive(serde::Deserialize)]
struct CodeBody {
    code: String,
}

/// The page's form: the code typed, exchanged at the server; on success the token is kept and
/// the station starts.
async fn pair(State(s): State<PageState>, body: Result<Json<CodeBody>, JsonRejection>) -> Response {
    let Ok(Json(body)) = body else {
        return failure(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            "Typ de koppelcode.",
        );
    };
    match s.exchange.pair(&body.code).await {
        Ok(paired) => {
            let answer = serde_json::json!({
                "name": paired.name, "location": paired.location, "kind": paired.kind,
            });
            if let Some(done) = s.done.lock().expect("pairing lock").take() {
                let _ = done.send(paired);
            }
            (StatusCode::OK, Json(answer)).into_response()
        }
        Err(Failure::Refused {
            status,
            code,
            message,
        }) => failure(
            StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
            &code,
            message,
        ),
        Err(Failure::Unreachable(e)) => {
            tracing::warn!(error = %e, "pairing: server not reachable");
            failure(
                StatusCode::BAD_GATEWAY,
                "server_unreachable",
                format!(
                    "Geen verbinding met de server ({}). Kijk het netwerk na en probeer opnieuw.",
                    s.exchange.server
                ),
            )
        }
        Err(Failure::Write(e)) => {
            tracing::error!(error = %e, "pairing: cannot keep the token");
            failure(
                StatusCode::INTERNAL_SERVER_ERROR,
                "token_file",
                format!("Gekoppeld, maar het toestel kan zijn sleutel niet bewaren: {e}. Vraag de IT-beheerder om dit na te kijken."),
            )
        }
    }
}

/// A station's stop: turns true on Ctrl-C or SIGTERM.
pub fn stop_on_signal() -> watch::Receiver<bool> {
    let (stop, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    });
    stop_rx
}

/// Ctrl-C or SIGTERM (systemd's stop).
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_file_is_written_for_the_station_only_and_read_back() {
        let dir = std::env::temp_dir().join(format!("onthaal-pairing-{}", std::process::id()));
        let path = dir.join("sub").join("kiosk-token");
        assert!(read_token_file(&path).unwrap().is_none());
        write_token_file(&path, "abc123").unwrap();
        assert_eq!(read_token_file(&path).unwrap().as_deref(), Some("abc123"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        write_token_file(&path, "def456").unwrap();
        assert_eq!(read_token_file(&path).unwrap().as_deref(), Some("def456"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
