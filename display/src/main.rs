//! `onthaal-display`: the waiting-room display station. See display/README.md.
//!
//! Without a token (flag or token file) it first asks for its pairing code (see `pairing.rs`).
//! Prints the page's address as the first `http://` address on stdout (installers and the
//! browser tests read it from there), then runs until Ctrl-C or SIGTERM.

use std::net::SocketAddr;

use clap::Parser;
use onthaal_display::pairing::{
    stop_on_signal, token_at_start, StationKind, TokenFlags, TokenSource,
};
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
    #[command(flatten)]
    token: TokenFlags,
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
    let stop_rx = stop_on_signal();
    let ca_file = cli.token.ca_file.clone();
    let source = TokenSource::new(
        StationKind::Display,
        cli.server.clone(),
        cli.bind,
        cli.token,
    );
    let obtained = match token_at_start(&source, stop_rx.clone()).await {
        Ok(o) => o,
        Err(code) => return code,
    };
    let running = match start(Settings {
        server: cli.server,
        token: obtained.token,
        bind: obtained.bind,
        sound: cli.sound,
        ca_file,
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
        "Onthaal display: serving the display page on {} (server {}, sound: {})",
        running.url(),
        source.server,
        running.sound.as_str()
    );
    let stopper = running.stopper();
    let mut stopped = stop_rx;
    tokio::spawn(async move {
        let _ = stopped.wait_for(|s| *s).await;
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
