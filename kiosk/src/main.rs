//! `onthaal-kiosk`: the entrance kiosk station. Serves the touch page to the local browser,
//! holds the connection to the server and prints tickets. See the crate docs in `lib.rs`.
//!
//! ```sh
//! onthaal-kiosk --server http://10.0.0.5:8080 --pair K7MX-3QPA --printer tcp://10.0.0.20:9100
//! onthaal-kiosk --server http://10.0.0.5:8080 --token … --printer tcp://10.0.0.20:9100
//! onthaal-kiosk test-print --printer usb://auto
//! ```

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use onthaal_display::pairing::{token_at_start, StationKind, TokenFlags, TokenSource};
use onthaal_kiosk::headset::HeadsetSource;
use onthaal_kiosk::{start, Settings};

#[derive(Parser)]
#[command(
    name = "onthaal-kiosk",
    version,
    about = "The Onthaal entrance kiosk: touch page in the visitor's language, tickets printed locally"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The Onthaal server, e.g. http://127.0.0.1:8080 or https://onthaal.gemeente.be (the
    /// WebSocket address is derived from it).
    #[arg(long, env = "ONTHAAL_SERVER")]
    server: Option<String>,
    #[command(flatten)]
    token: TokenFlags,
    /// Where the kiosk page is served to the local browser.
    #[arg(long, env = "ONTHAAL_STATION_BIND", default_value = "127.0.0.1:8081")]
    bind: SocketAddr,
    /// Where tickets are printed: tcp://HOST:9100, usb://auto, dir:///path/, console, …
    #[arg(
        long,
        env = "ONTHAAL_PRINTER",
        default_value = "dir://data/kiosk-printer/"
    )]
    printer: String,
    /// The address visitors' phones reach the server at, for the QR code on the ticket
    /// (default: the public URL the server announces, else --server).
    #[arg(long, env = "ONTHAAL_PUBLIC_URL")]
    public_url: Option<String>,
    /// Where a plugged-in headset is seen, which makes the kiosk speak: auto (the sound card's
    /// jack switch, needs the input group), off, or a file that holds 1 while one is in.
    #[arg(long, env = "ONTHAAL_HEADSET", default_value = "auto", value_parser = HeadsetSource::parse)]
    headset: HeadsetSource,
}

#[derive(Subcommand)]
enum Command {
    /// Prints a sample ticket (Dutch and French accents, the euro sign) to check a printer.
    TestPrint {
        #[arg(long, env = "ONTHAAL_PRINTER")]
        printer: String,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    if let Some(Command::TestPrint { printer }) = cli.command {
        let uri = onthaal_kiosk::printing::absolute_uri(&printer);
        let r = tokio::task::spawn_blocking(move || {
            onthaal_hardware::test_print(&uri, onthaal_hardware::SampleLayout::Ticket)
        })
        .await;
        return match r {
            Ok(Ok(())) => {
                println!("test ticket printed on {printer}");
                ExitCode::SUCCESS
            }
            Ok(Err(e)) => {
                eprintln!("test print failed: {e}");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("test print crashed: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let Some(server) = cli.server else {
        eprintln!("onthaal-kiosk needs --server URL (ONTHAAL_SERVER)");
        return ExitCode::from(2);
    };
    let stop_rx = onthaal_display::pairing::stop_on_signal();
    let ca_file = cli.token.ca_file.clone();
    let source = TokenSource::new(StationKind::Kiosk, server.clone(), cli.bind, cli.token);
    let obtained = match token_at_start(&source, stop_rx.clone()).await {
        Ok(o) => o,
        Err(code) => return code,
    };
    let settings = Settings {
        server: server.clone(),
        token: obtained.token,
        bind: obtained.bind,
        printer: cli.printer.clone(),
        public_url: cli.public_url,
        headset: cli.headset,
        ca_file,
    };
    let running = match start(settings).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("onthaal-kiosk cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The page's address first: scripts and tests take the first http:// address they see.
    println!(
        "Onthaal kiosk: serving the kiosk page on {} (server {server}, printer {})",
        running.url(),
        cli.printer
    );
    // SIGTERM (systemd) and Ctrl-C end the station; the pairing's signal handler has them.
    let mut stopped = stop_rx;
    tokio::select! {
        _ = running.wait() => {}
        _ = stopped.wait_for(|s| *s) => {}
    }
    ExitCode::SUCCESS
}
