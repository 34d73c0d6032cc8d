//! HTTPS end to end: the server serving TLS itself (HSTS, the `Secure` cookie, wss, the
//! certificate reloaded while it runs, the handshake deadline), and nginx in front of the
//! server as the packaged site file sets it up (the desk, `/ws`, a kiosk station over https
//! with `--ca-file`, each phone its own status budget).
//!
//! Certificates are made here with `openssl`: a test CA, as a municipality's own, and server
//! certificates it signs for `localhost` and 127.0.0.1.

mod nginx;
mod server_tls;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use onthaal_server::tls::TlsFiles;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};

/// A temporary folder for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "onthaal-https-{name}-{}-{}",
        std::process::id(),
        rand::random::<u32>()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A test CA in a folder, and the server certificates it signs there.
pub struct Certs {
    pub dir: PathBuf,
    /// The CA's certificate: what the clients (`--ca-file`) trust.
    pub ca: PathBuf,
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs (apt-get install openssl)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Certs {
    pub fn new(dir: &Path) -> Certs {
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
        let mut args = vec!["req", "-x509", "-nodes", "-days", "2"];
        args.extend(ec);
        args.extend([
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-subj",
            "/CN=Onthaal test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        openssl(dir, &args);
        Certs {
            dir: dir.to_path_buf(),
            ca: dir.join("ca.pem"),
        }
    }

    /// A certificate for `localhost` and 127.0.0.1 signed by the CA, as `NAME.pem` and
    /// `NAME.key`.
    pub fn server(&self, name: &str) -> TlsFiles {
        let (pem, key, csr) = (
            format!("{name}.pem"),
            format!("{name}.key"),
            format!("{name}.csr"),
        );
        let ext = format!("{name}.ext");
        std::fs::write(
            self.dir.join(&ext),
            "basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        let subject = format!("/CN=onthaal {name}");
        openssl(
            &self.dir,
            &[
                "req",
                "-nodes",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-keyout",
                &key,
                "-out",
                &csr,
                "-subj",
                &subject,
            ],
        );
        let serial = format!("{}", rand::random::<u32>());
        openssl(
            &self.dir,
            &[
                "x509",
                "-req",
                "-in",
                &csr,
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-set_serial",
                &serial,
                "-days",
                "2",
                "-extfile",
                &ext,
                "-out",
                &pem,
            ],
        );
        TlsFiles {
            cert: self.dir.join(pem),
            key: self.dir.join(key),
        }
    }

    /// The TLS client settings of a station given `--ca-file` with this CA.
    pub fn client(&self) -> Arc<rustls::ClientConfig> {
        onthaal_display::tls::client_config(Some(&self.ca)).unwrap()
    }
}

/// The DER bytes of a PEM certificate file's first certificate.
pub fn der(pem: &Path) -> Vec<u8> {
    CertificateDer::from_pem_file(pem).unwrap().to_vec()
}

/// The certificate a new TLS connection to `addr` is shown (checked against `client`'s roots
/// for the name `localhost`).
pub async fn served_certificate(
    addr: std::net::SocketAddr,
    client: &Arc<rustls::ClientConfig>,
) -> Result<Vec<u8>, std::io::Error> {
    let tcp = tokio::net::TcpStream::connect(addr).await?;
    let tls = tokio_rustls::TlsConnector::from(client.clone())
        .connect(ServerName::try_from("localhost").unwrap(), tcp)
        .await?;
    Ok(tls.get_ref().1.peer_certificates().unwrap()[0].to_vec())
}

/// A WebSocket over TLS (`wss://…`), trusting `client`'s roots.
pub async fn wss(url: &str, client: &Arc<rustls::ClientConfig>) -> onthaal_tests::Ws {
    let (ws, _) = tokio_tungstenite::connect_async_tls_with_config(
        url,
        None,
        false,
        Some(tokio_tungstenite::Connector::Rustls(client.clone())),
    )
    .await
    .unwrap_or_else(|e| panic!("{url}: {e}"));
    ws
}

/// A binary of this workspace built beside the test (`cargo build --workspace --bins`, which
/// `test.sh` runs first).
pub fn workspace_bin(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    // target/debug/deps/https-HASH → target/debug/NAME
    let bin = exe.parent().unwrap().parent().unwrap().join(name);
    assert!(
        bin.exists(),
        "{} is not built: run `cargo build -p {name}` (test.sh builds every binary first)",
        bin.display()
    );
    bin
}

/// The desk's login over HTTPS at `base`: its `Set-Cookie` must be `Secure`. Returns the
/// session cookie as a browser sends it back (`onthaal_session=…`) and the token.
pub async fn secure_login(http: &reqwest::Client, base: &str) -> (String, String) {
    let r = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "onthaal", "password": "onthaal"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.ends_with("; Secure"), "{cookie}");
    let session = cookie.split(';').next().unwrap().to_string();
    let body: serde_json::Value = r.json().await.unwrap();
    (session, body["token"].as_str().unwrap().to_string())
}
