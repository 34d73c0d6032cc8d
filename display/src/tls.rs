//! HTTPS and WSS to the server (`--server https://…`): rustls with the `ring` provider, the
//! server's certificate checked against the system's roots plus, when given, the CA file of
//! `--ca-file` (municipalities often sign their servers with their own CA). The kiosk uses the
//! same settings for its HTTP client and its WebSocket.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};

/// The TLS client settings: the system's roots and the certificates of `ca_file`. A CA file
/// that cannot be read or holds no usable certificate is an error that names it.
pub fn client_config(ca_file: Option<&Path>) -> Result<Arc<ClientConfig>, String> {
    let mut roots = RootCertStore::empty();
    // A system without a certificate store (a bare container) still works with a CA file.
    let native = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(native.certs);
    if let Some(path) = ca_file {
        let certs = CertificateDer::pem_file_iter(path)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| format!("cannot read the CA file {}: {e}", path.display()))?;
        if certs.is_empty() {
            return Err(format!(
                "the CA file {} holds no certificate (PEM, -----BEGIN CERTIFICATE-----)",
                path.display()
            ));
        }
        for cert in certs {
            roots.add(cert).map_err(|e| {
                format!(
                    "the CA file {} holds a certificate that cannot be used: {e}",
                    path.display()
                )
            })?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The WebSocket connector for these settings (used for `wss://` only).
pub fn connector(config: &Arc<ClientConfig>) -> tokio_tungstenite::Connector {
    tokio_tungstenite::Connector::Rustls(config.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_ca_file_is_named() {
        let dir = std::env::temp_dir().join(format!("onthaal-ca-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("missing.pem");
        let e = client_config(Some(&missing)).unwrap_err();
        assert!(e.contains("missing.pem"), "{e}");
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let e = client_config(Some(&empty)).unwrap_err();
        assert!(e.contains("holds no certificate"), "{e}");
        let junk = dir.join("junk.pem");
        std::fs::write(
            &junk,
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let e = client_config(Some(&junk)).unwrap_err();
        assert!(e.contains("junk.pem"), "{e}");
        assert!(client_config(None).is_ok());
    }
}
