//! The entrance kiosk station (`onthaal-kiosk`): the program on the kiosk PC.
//!
//! It keeps one WebSocket to the server ([`link`]), serves the touch page to the local
//! browser ([`page`]), and when a visitor picks a service or types an appointment code it
//! asks the server for the ticket and prints it on the local printer ([`issue`],
//! [`printing`]). Because the page is served locally, it can always tell the visitor the
//! truth in their language when the server or the printer is gone.
//!
//! Everything the page shows comes from one [`View`] (connection, services, printer) that
//! the station keeps up to date and pushes to the page as server-sent events.
//!
//! Tests and the latency example start the station in-process with [`start`].

pub mod headset;
pub mod issue;
pub mod link;
pub mod page;
pub mod printing;
pub mod speech;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use onthaal_wire::{LocationInfo, PrinterReport, PrinterState, ServiceInfo, StationSettings};
use serde::Serialize;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How the station is set up: from flags and environment only (nothing on the screen can
/// change these, so the public cannot reconfigure the kiosk).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The server, e.g. `http://127.0.0.1:8080`; the WebSocket URL is derived from it.
    pub server: String,
    /// This kiosk's device token.
    pub token: String,
    /// Where the page is served to the local browser (port 0: any free port).
    pub bind: SocketAddr,
    /// Where tickets are printed (a printer URI, see `onthaal-hardware`).
    pub printer: String,
    /// The address visitors' phones reach the server at, for the QR code on the ticket;
    /// `None`: the `server` address.
    pub public_url: Option<String>,
    /// Where a plugged-in headset is seen, which starts speech mode (`--headset`).
    pub headset: headset::HeadsetSource,
    /// A CA file to trust besides the system's roots, for an `https://` server (`--ca-file`).
    pub ca_file: Option<PathBuf>,
}

/// What the page shows, kept by the station and pushed to the page on every change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View {
    /// Connected to the server and holding a current service list.
    pub online: bool,
    pub location: Option<LocationInfo>,
    /// Every service of the location as last received (the page shows the walk-in ones).
    pub services: Vec<ServiceInfo>,
    /// This kiosk's settings from the server (services to show, an information line).
    pub settings: StationSettings,
    pub printer: PrinterReport,
    /// Headphones are plugged in (see [`headset`]): the page speaks while they are.
    pub headset: bool,
    /// The server's public address for the ticket's QR code, from its snapshot.
    #[serde(skip)]
    pub public_url: Option<String>,
}

impl Default for View {
    fn default() -> Self {
        View {
            online: false,
            location: None,
            services: Vec::new(),
            settings: StationSettings::default(),
            printer: PrinterReport {
                state: PrinterState::Ok,
                message: None,
            },
            headset: false,
            public_url: None,
        }
    }
}

/// State shared by the connection task, the printer and the page handlers.
pub struct Shared {
    pub settings: Settings,
    /// The server address without a trailing slash.
    pub server: String,
    /// `--public-url`, when given; otherwise the server's own (from its snapshot) is used.
    pub public_url: Option<String>,
    pub http: reqwest::Client,
    /// The TLS settings of the WebSocket to an `https://` server (those of `http` too).
    pub tls: Arc<rustls::ClientConfig>,
    pub view: watch::Sender<View>,
    pub printer: printing::TicketPrinter,
    pub issued: issue::Recent,
    /// The speaking kiosk's voice (espeak-ng, when installed).
    pub voice: speech::Voice,
}

impl Shared {
    /// Where the ticket's QR code points: `--public-url`, else the address the server says
    /// phones reach it at, else the server address this station uses.
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .or_else(|| self.view.borrow().public_url.clone())
            .unwrap_or_else(|| self.server.clone())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the server address {0:?} is not an http:// or https:// URL")]
    ServerUrl(String),
    #[error("printer: {0}")]
    Printer(#[from] onthaal_hardware::Error),
    #[error("cannot serve the kiosk page on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
    #[error("{0}")]
    Tls(String),
}

/// A started station.
pub struct Running {
    /// Where the page is served.
    pub addr: SocketAddr,
    pub shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Running {
    /// The page's address, e.g. `http://127.0.0.1:8081`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// What the page shows now.
    pub fn view(&self) -> View {
        self.shared.view.borrow().clone()
    }

    /// Follows the view as it changes.
    pub fn watch(&self) -> watch::Receiver<View> {
        self.shared.view.subscribe()
    }

    /// Closes the server connection and the page server, and waits for both.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
    }

    /// Runs until stopped by a signal (the binary).
    pub async fn wait(self) {
        let stop = self.stop.clone();
        tokio::spawn(async move {
            let _ = tokio::signal::ctrl_c().await;
            let _ = stop.send(true);
        });
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

/// Starts the station: binds the page, opens the printer, connects to the server in the
/// background (the page says "out of service" until the first snapshot arrives).
pub async fn start(settings: Settings) -> Result<Running, StartError> {
    let server = settings.server.trim_end_matches('/').to_string();
    if !(server.starts_with("http://") || server.starts_with("https://")) {
        return Err(StartError::ServerUrl(settings.server.clone()));
    }
    let public_url = settings
        .public_url
        .as_deref()
        .map(|u| u.trim_end_matches('/').to_string());
    let printer = printing::TicketPrinter::open(&settings.printer)?;
    let tls = onthaal_display::tls::client_config(settings.ca_file.as_deref())
        .map_err(StartError::Tls)?;
    let http = reqwest::Client::builder()
        .use_preconfigured_tls((*tls).clone())
        .timeout(issue::SERVER_TIMEOUT)
        .connect_timeout(std::time::Duration::from_secs(2))
        .build()?;
    let (listener, addr) = onthaal_display::web::listen(settings.bind)
        .await
        .map_err(|source| StartError::Bind {
            addr: settings.bind,
            source,
        })?;
    let (view, _) = watch::channel(View::default());
    let espeak = tokio::task::spawn_blocking(onthaal_display::sound::espeak_available)
        .await
        .unwrap_or(false);
    let shared = Arc::new(Shared {
        settings,
        server,
        public_url,
        http,
        tls,
        view,
        printer,
        issued: issue::Recent::default(),
        voice: speech::Voice::new(espeak),
    });
    let (stop, stop_rx) = watch::channel(false);
    let tasks = vec![
        tokio::spawn(link::run(shared.clone(), stop_rx.clone())),
        tokio::spawn(printing::watch_printer(shared.clone(), stop_rx.clone())),
        tokio::spawn(headset::watch_headset(shared.clone(), stop_rx.clone())),
        tokio::spawn(page::serve(listener, shared.clone(), stop_rx)),
    ];
    Ok(Running {
        addr,
        shared,
        stop,
        tasks,
    })
}
