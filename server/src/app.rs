//! Starting the server: database, configuration, first admin, the HTTP listener, shutdown.
//!
//! Tests use [`start`] with port 0 and a [`crate::clock::ManualClock`]; `main` uses it with
//! the command line's settings.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::StoreError;
use crate::domain::rate_limit::Window;
use crate::engine::hub::Hub;
use crate::engine::Store;
use crate::http::client::Transport;
use crate::http::ratelimit::RateLimiter;
use crate::http::{router, AppState};
use crate::tls::{Tls, TlsFiles};

pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: String,
    pub config: Config,
    /// Default: `http://` + the bound address.
    pub public_url: Option<String>,
    /// The first `admin` account's password; random (and reported) when not given.
    pub admin_password: Option<String>,
    pub clock: Arc<dyn Clock>,
    /// How fast one kiosk may issue tickets (empty: no limit); see `http::ratelimit`.
    pub kiosk_ticket_limit: Vec<Window>,
    /// Serve HTTPS with this certificate and key (reloaded when they change); `None`: HTTP.
    pub tls: Option<TlsFiles>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Smtp(String),
    /// `ONTHAAL_ADMIN_PASSWORD` does not pass the password policy.
    #[error("ONTHAAL_ADMIN_PASSWORD is refused: {0}")]
    WeakAdminPassword(String),
    /// The TLS certificate or key does not load.
    #[error("HTTPS: {0}")]
    Tls(String),
}

/// A running server.
pub struct Running {
    pub addr: SocketAddr,
    pub public_url: String,
    pub store: Store,
    /// Set when the admin account was created with a generated password.
    pub generated_admin_password: Option<String>,
    /// The day-before e-mail reminders, when the configuration has an `[smtp]` section.
    pub reminders: Option<Arc<crate::notify::Reminders>>,
    shutdown: watch::Sender<bool>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting, closes WebSockets, and waits for in-flight requests.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
        self.store.close().await;
    }

    /// Runs until the server stops by itself (it does not, unless its listener fails).
    pub async fn wait(self) -> std::io::Result<()> {
        match self.task.await {
            Ok(r) => r,
            Err(e) => Err(std::io::Error::other(e)),
        }
    }

    pub fn stopper(&self) -> watch::Sender<bool> {
        self.shutdown.clone()
    }
}

pub async fn start(settings: Settings) -> Result<Running, StartError> {
    // Refused whenever it is set, also when the admin account exists already: a weak password
    // in the environment is a mistake worth saying at once, not only on a fresh database.
    if let Some(p) = settings.admin_password.as_deref().filter(|p| !p.is_empty()) {
        crate::domain::passwords::check(p, &["admin", "beheerder"])
            .map_err(StartError::WeakAdminPassword)?;
    }
    // Before the database: a wrong certificate path is said at once.
    let tls = match &settings.tls {
        Some(files) => Some(Arc::new(Tls::load(files.clone()).map_err(StartError::Tls)?)),
        None => None,
    };
    let hub = Arc::new(Hub::new());
    let store = Store::connect(&settings.database_url, hub).await?;
    let now = settings.clock.now();
    // The configuration's new accounts and the admin account are hashed side by side.
    let (synced, admin) = tokio::join!(
        store.sync_config(&settings.config, now),
        store.admin_to_create(settings.admin_password.clone())
    );
    synced?;
    // Fold the event log into the statistics tables in the background, so the first
    // dashboard request after an upgrade (or a long stop) does not wait for it.
    for location in &settings.config.locations {
        let (s, key) = (store.clone(), location.key.clone());
        tokio::spawn(async move {
            let Ok(id) = s.resolve_location(Some(&key)) else {
                return;
            };
            if let Err(e) = s.refresh_stats(id).await {
                tracing::warn!(error = %e, "statistics catch-up at start");
            }
        });
    }
    let generated_admin_password = store.create_admin(admin?, now).await?;
    let bind_error = |source: std::io::Error| StartError::Bind {
        addr: settings.bind,
        source,
    };
    let listener = tokio::net::TcpListener::bind(settings.bind)
        .await
        .map_err(bind_error)?;
    let addr = listener.local_addr().map_err(bind_error)?;
    let public_url = settings
        .public_url
        .clone()
        .unwrap_or_else(|| {
            let scheme = if tls.is_some() { "https" } else { "http" };
            format!("{scheme}://{addr}")
        })
        .trim_end_matches('/')
        .to_string();
    let (tx, rx) = watch::channel(false);
    store
        .follow_other_instances(&settings.database_url, settings.clock.clone(), rx.clone())
        .await?;
    store.follow_revocations(rx.clone()).await?;
    store.follow_disabled_accounts(rx.clone());
    store.follow_closures(settings.clock.clone(), rx.clone());
    let notifier: Option<Arc<dyn crate::notify::Notifier>> = match &settings.config.smtp {
        None => None,
        Some(smtp) => Some(Arc::new(
            crate::notify::smtp::SmtpNotifier::new(smtp).map_err(StartError::Smtp)?,
        )),
    };
    store.follow_configuration(rx.clone());
    let state = AppState {
        store: store.clone(),
        clock: settings.clock.clone(),
        public_url: public_url.clone(),
        shutdown: rx.clone(),
        kiosk_limiter: Arc::new(RateLimiter::new(settings.kiosk_ticket_limit.clone())),
        check_in_limiter: Arc::new(RateLimiter::new(
            crate::http::appointments::DEFAULT_CHECK_IN_LIMIT.to_vec(),
        )),
        status_limiter: Arc::new(RateLimiter::new(crate::http::status::STATUS_LIMIT.to_vec())),
        booking_limiter: Arc::new(RateLimiter::new(
            settings.config.online_booking_address_limit.clone(),
        )),
        station_limits: Arc::default(),
        email_reminders: settings.config.smtp.is_some(),
        notifier: notifier.clone(),
        metrics: Arc::new(crate::http::metrics::Metrics::new(
            settings.config.metrics_token.clone(),
        )),
        transport: Arc::new(Transport {
            tls: tls.is_some(),
            trusted_proxies: settings.config.server.trusted_proxies.clone(),
        }),
    };
    let app = router(state);
    spawn_contact_purge(store.clone(), settings.clock.clone(), rx.clone());
    let reminders = match &settings.config.smtp {
        None => None,
        Some(smtp) => {
            let r = Arc::new(crate::notify::Reminders {
                store: store.clone(),
                notifier: notifier.clone().expect("made above with [smtp]"),
                clock: settings.clock.clone(),
                public_url: public_url.clone(),
                send_from_min: smtp.reminders_from_min,
            });
            r.clone().spawn(rx.clone());
            Some(r)
        }
    };
    // Slow and silent clients are cut off, and open connections bounded: see `connections`.
    if let Some(tls) = &tls {
        tls.clone().spawn_reload(rx.clone());
    }
    let task = tokio::spawn(crate::connections::serve(
        listener,
        app,
        settings.config.connections,
        tls,
        rx,
    ));
    Ok(Running {
        addr,
        public_url,
        store,
        generated_admin_password,
        reminders,
        shutdown: tx,
        task,
    })
}

/// Erases appointments' contact details once their retention period has passed: at start and
/// then every hour, until the server stops.
fn spawn_contact_purge(store: Store, clock: Arc<dyn Clock>, mut stop: watch::Receiver<bool>) {
    tokio::spawn(async move {
        loop {
            match store.purge_appointment_contacts(clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    appointments = n,
                    "contact details erased after the retention period"
                ),
                Err(e) => tracing::warn!(error = %e, "could not purge appointment contact details"),
            }
            tokio::select! {
                _ = tokio::time::sleep(std::time::Duration::from_secs(3600)) => {}
                _ = stop.wait_for(|v| *v) => break,
            }
        }
    });
}
