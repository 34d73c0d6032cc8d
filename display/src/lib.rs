//! Onthaal's waiting-room display station: the program on the PC behind the TV.
//!
//! It holds one WebSocket to the server ([`upstream`]), keeps the last state it received
//! ([`state`], [`station`]) and serves the display page to the local browser ([`page`]), which
//! shows the calls and announces them with a chime and speech ([`announce`], [`sound`]).
//! Because the state lives here and not in the browser, a reload shows everything at once and
//! a server restart never blanks the screen.
//!
//! Started without a token, it first asks for its pairing code ([`pairing`], shared with the
//! kiosk). Tests start it in-process with [`start`] on port 0.

pub mod announce;
pub mod page;
pub mod pairing;
pub mod sound;
pub mod state;
pub mod station;
pub mod tls;
pub mod upstream;
pub mod web;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::serve::ListenerExt;
use tokio::sync::{broadcast, watch};
use tokio::task::JoinHandle;

pub use sound::SoundMode;
pub use state::{Announcement, PageMessage, PageState, Utterance};
pub use station::PageUpdate;

/// How the station is started (the command line's flags, or a test's choice).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    pub server: String,
    /// The display's device token.
    pub token: String,
    /// Where the page is served; port 0 picks a free port.
    pub bind: SocketAddr,
    pub sound: SoundMode,
    /// A CA file to trust besides the system's roots, for an `https://` server (`--ca-file`).
    pub ca_file: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Url(#[from] upstream::UpstreamError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Tls(String),
}

/// A running station.
pub struct Running {
    /// Where the page is served.
    pub addr: SocketAddr,
    /// The sound mode in effect (`Auto` resolved).
    pub sound: SoundMode,
    station: Arc<Station>,
    stop: watch::Sender<bool>,
    http: JoinHandle<std::io::Result<()>>,
    upstream: JoinHandle<()>,
}

use station::Station;

impl Running {
    /// The state the page is shown right now.
    pub fn state(&self) -> PageState {
        self.station.state()
    }

    /// Every change from now on, as the page receives it.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<PageUpdate>> {
        self.station.subscribe()
    }

    /// The page's address, e.g. `http://127.0.0.1:8082`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Closes the server connection and the page feeds, and waits (briefly) for both.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.upstream.await;
        let abort = self.http.abort_handle();
        if tokio::time::timeout(Duration::from_secs(3), self.http)
            .await
            .is_err()
        {
            abort.abort();
        }
    }

    /// Runs until the page server fails (it does not, short of the OS taking its socket away).
    pub async fn wait(self) -> std::io::Result<()> {
        match self.http.await {
            Ok(r) => r,
            Err(e) => Err(std::io::Error::other(e)),
        }
    }

    pub fn stopper(&self) -> watch::Sender<bool> {
        self.stop.clone()
    }
}

pub async fn start(settings: Settings) -> Result<Running, StartError> {
    let url = upstream::ws_url(&settings.server)?;
    let tls = tls::client_config(settings.ca_file.as_deref()).map_err(StartError::Tls)?;
    let sound = tokio::task::spawn_blocking(move || settings.sound.resolve())
        .await
        .unwrap_or(SoundMode::Browser);
    let station = Arc::new(Station::new(sound));
    let (listener, addr) = web::listen(settings.bind)
        .await
        .map_err(|source| StartError::Bind {
            addr: settings.bind,
            source,
        })?;
    // Nagle off: each pushed state is one small write that must reach the page at once.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    let (stop, stop_rx) = watch::channel(false);
    let app = page::router(page::PageCtx {
        station: station.clone(),
        chime: sound::chime_wav().into(),
        stop: stop_rx.clone(),
    });
    let mut http_stop = stop_rx.clone();
    let http = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = http_stop.wait_for(|v| *v).await;
            })
            .await
    });
    let upstream = tokio::spawn(upstream::run(
        station.clone(),
        url,
        settings.token,
        tls,
        stop_rx,
    ));
    Ok(Running {
        addr,
        sound,
        station,
        stop,
        http,
        upstream,
    })
}
