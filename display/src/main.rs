//! `onthaal-display`: the waiting-room display station. See display/README.md.
//!
//! Prints the page's address as the first `http://` address on stdout (installers and the
//! browser tests read it from there), then runs until Ctrl-C or SIGTERM.

use std::net::SocketAddr;

use clap::Parser;
use onthaal_display::{start, Settings, SoundMode};

#[derive(Parser, Debug)]
#[command(
    name = "onthaal-display",
    version,
    about = "Onthaal waiting-room display: shows and announces the calls of one location"
)]
struct Cli {
    /// The Onthaal server, e.g. http://127.0.0.1:8080 or https://onthaal.gemeente.be (the
    /// WebSocket address is derived).
    #[arg(long, env = "ONTHAAL_SERVER")]
    server: String,
    /// A CA certificate file (PEM) to trust for an https:// server, besides the system's roots.
    #[arg(long, env = "ONTHAAL_CA_FILE")]
    ca_file: Option<std::path::PathBuf>,
    /// This display's device token (`onthaal-server device add --kind display`).
    #[arg(long, env = "ONTHAAL_DEVICE_TOKEN", hide_env_values = true)]
    token: String,
    /// Where the display page is served to the local browser.
    #[arg(long, env = "ONTHAAL_STATION_BIND", default_value = "127.0.0.1:8082")]
    bind: SocketAddr,
    /// How calls sound: espeak (station speech, needs espeak-ng), browser (the browser's
    /// speech), chime (chime only), silent; auto = espeak if installed, else browser.
    #[arg(long, env = "ONTHAAL_DISPLAY_SOUND", value_enum, default_value_t = SoundMode::Auto)]
    sound: SoundMode,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    let server = cli.server.clone();
    let running = match start(Settings {
        server: cli.server,
        token: cli.token,
        bind: cli.bind,
        sound: cli.sound,
        ca_file: cli.ca_file,
    })
    .await
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("onthaal-display: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!(
        "Onthaal display: serving the display page on {} (server {server}, sound: {})",
        running.url(),
        running.sound.as_str()
    );
    let stopper = running.stopper();
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stopper.send(true);
    });
    match running.wait().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("onthaal-display: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
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
