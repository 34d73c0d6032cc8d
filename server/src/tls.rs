//! HTTPS served by the server itself (`--tls-cert FILE --tls-key FILE`, PEM), with rustls and
//! its `ring` provider (the one the mail client already uses).
//!
//! Certificates are renewed while the server runs (Let's Encrypt every 60–90 days, a
//! municipal CA yearly), so the pair is read again when either file changes: the files' times
//! are looked at every few seconds, and at once on SIGHUP. A new pair that does not load (half
//! written, a key that is not the certificate's) is refused with a warning that says why, and
//! the old pair keeps serving; new connections get the new pair, open ones keep theirs.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::ServerConfig;
use tokio::sync::watch;

/// How often the files' times are looked at.
pub const RELOAD_POLL: Duration = Duration::from_secs(2);

/// Where the certificate (chain, leaf first) and its private key are.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// The TLS settings new connections are accepted with; swapped when the files change.
pub struct Tls {
    files: TlsFiles,
    current: RwLock<Arc<ServerConfig>>,
}

impl Tls {
    /// Loads the pair; an error says which file and why, for the operator starting the server.
    pub fn load(files: TlsFiles) -> Result<Tls, String> {
        let config = server_config(&files)?;
        Ok(Tls {
            files,
            current: RwLock::new(Arc::new(config)),
        })
    }

    /// The settings a connection accepted now is served with.
    pub fn current(&self) -> Arc<ServerConfig> {
        self.current.read().expect("tls settings").clone()
    }

    /// Reads the pair again; on an error the current one stays.
    pub fn reload(&self) -> Result<(), String> {
        let config = server_config(&self.files)?;
        *self.current.write().expect("tls settings") = Arc::new(config);
        Ok(())
    }

    /// Reloads whenever a file changes or SIGHUP comes, until `stop`.
    pub fn spawn_reload(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        // Listening for SIGHUP before the server says it runs: a SIGHUP's default is to end
        // the process.
        #[cfg(unix)]
        let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        tokio::spawn(async move {
            let mut seen = self.stamps();
            loop {
                #[cfg(unix)]
                let hangup = async {
                    match hup.as_mut() {
                        Some(h) => h.recv().await,
                        None => std::future::pending().await,
                    }
                };
                #[cfg(not(unix))]
                let hangup = std::future::pending::<Option<()>>();
                let forced = tokio::select! {
                    _ = tokio::time::sleep(RELOAD_POLL) => false,
                    _ = hangup => true,
                    _ = stop.wait_for(|v| *v) => return,
                };
                let now = self.stamps();
                if now == seen && !forced {
                    continue;
                }
                // Tried once per change: a bad pair is not retried (and warned about) every
                // few seconds, but the next change to either file is tried again.
                seen = now;
                match self.reload() {
                    Ok(()) => tracing::info!(
                        cert = %self.files.cert.display(),
                        "TLS certificate reloaded; new connections use it"
                    ),
                    Err(e) => tracing::warn!(
                        error = %e,
                        "the new TLS certificate or key is refused; the previous one keeps serving"
                    ),
                }
            }
        });
    }

    /// The files' modification times and sizes: a change in either means a new pair.
    fn stamps(&self) -> [Option<(SystemTime, u64)>; 2] {
        let stamp = |p: &Path| {
            let m = std::fs::metadata(p).ok()?;
            Some((m.modified().ok()?, m.len()))
        };
        [stamp(&self.files.cert), stamp(&self.files.key)]
    }
}

/// rustls settings for the pair: HTTP/1.1 (the only protocol served), TLS 1.2 and 1.3.
fn server_config(files: &TlsFiles) -> Result<ServerConfig, String> {
    let certs = CertificateDer::pem_file_iter(&files.cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("cannot read the certificate {}: {e}", files.cert.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "{} holds no certificate (PEM, -----BEGIN CERTIFICATE-----)",
            files.cert.display()
        ));
    }
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .map_err(|e| format!("cannot read the private key {}: {e}", files.key.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| {
            format!(
                "the key {} does not go with the certificate {}: {e}",
                files.key.display(),
                files.cert.display()
            )
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}
