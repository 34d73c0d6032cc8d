//! `onthaal-server`: runs the central server, registers devices, manages staff accounts, backs
//! up and restores a SQLite database, test-prints.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};
use onthaal_server::app::{self, Settings};
use onthaal_server::clock::{Clock, SystemClock};
use onthaal_server::config::{Config, TrustedProxies};
use onthaal_server::db::backup;
use onthaal_server::domain::rate_limit::{self, Window};
use onthaal_server::domain::roles::DeviceKind;
use onthaal_server::engine::hub::Hub;
use onthaal_server::engine::Store;

#[derive(Parser)]
#[command(
    name = "onthaal-server",
    version,
    about = "The Onthaal central server: queues, desks, displays and kiosks of a sociaal huis"
)]
struct Cli {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    serve: ServeArgs,
    #[command(subcommand)]
    command: Option<Command>,
    /// How log lines are written to standard error: text for people, json (one object a line)
    /// for a log collector.
    #[arg(
        long,
        env = "ONTHAAL_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    log_format: LogFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Args)]
struct DbArgs {
    /// sqlite://PATH (created if missing) or postgres://…
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/onthaal.db",
        global = true
    )]
    database_url: String,
    /// The configuration file (TOML). Without it the server loads the built-in demo
    /// configuration, and only into an empty database (or one that holds the demo already).
    #[arg(long, env = "ONTHAAL_CONFIG", conflicts_with = "demo")]
    config: Option<PathBuf>,
    /// Load the built-in demo configuration (published passwords: for trying Onthaal only).
    /// The same as leaving out --config, said explicitly.
    #[arg(long)]
    demo: bool,
}

#[derive(Args)]
struct ServeArgs {
    /// Where to listen.
    #[arg(long, env = "ONTHAAL_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// The address visitors' phones reach the server at (QR codes point here).
    #[arg(long, env = "ONTHAAL_PUBLIC_URL")]
    public_url: Option<String>,
    /// How fast one kiosk may issue tickets: windows like "5/15s,20/60s", or "off". The
    /// default lets a family take its 3–4 tickets in a row and a crowd pass at one visitor
    /// every 10–15 s, and still stops a child pressing fifty times (see README).
    #[arg(long, env = "ONTHAAL_KIOSK_TICKET_LIMIT", default_value = "5/15s,20/60s", value_parser = parse_limit)]
    kiosk_ticket_limit: KioskLimit,
    /// Serve HTTPS with this certificate (PEM, the chain with the server's own certificate
    /// first). Read again when it or the key changes, or on SIGHUP. Without it: plain HTTP.
    #[arg(long, env = "ONTHAAL_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM).
    #[arg(long, env = "ONTHAAL_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto count, besides loopback:
    /// addresses or networks, comma-separated ("10.0.0.5,10.1.0.0/16"); added to the
    /// configuration's [server] trusted_proxies.
    #[arg(long, env = "ONTHAAL_TRUSTED_PROXIES", value_parser = TrustedProxies::parse_list)]
    trusted_proxies: Option<TrustedProxies>,
}

/// The parsed `--kiosk-ticket-limit` (one value holding all windows).
#[derive(Clone)]
struct KioskLimit(Vec<Window>);

fn parse_limit(s: &str) -> Result<KioskLimit, String> {
    rate_limit::parse_limits(s).map(KioskLimit).ok_or_else(|| {
        format!("\"{s}\" is not a limit; write windows like \"5/15s,20/60s\" or \"off\"")
    })
}

#[derive(Subcommand)]
enum Command {
    /// Kiosk and display devices.
    Device {
        #[command(subcommand)]
        command: DeviceCommand,
    },
    /// Staff accounts: add, set a password, disable, enable, list.
    Account {
        #[command(subcommand)]
        command: AccountCommand,
    },
    /// The administration configuration: import a file into the database, export it.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Writes a consistent copy of the running (or stopped) SQLite database to a new file.
    /// PostgreSQL: use pg_dump (see docs/operations.md).
    Backup {
        /// The backup file to write; it must not exist yet.
        #[arg(long)]
        to: PathBuf,
    },
    /// Replaces the SQLite database with a backup. Stop the server first.
    Restore {
        /// The backup file (`onthaal-server backup --to …`).
        #[arg(long)]
        from: PathBuf,
    },
    /// Print a sample ticket, receipt or referral slip to check a printer and its code page.
    TestPrint {
        /// tcp://HOST:PORT, usb://VID:PID, serial:///dev/ttyUSB0?baud=19200, file:///…, dir:///…, console
        #[arg(long)]
        printer: String,
        #[arg(long, value_enum, default_value = "ticket")]
        layout: Layout,
    },
}

#[derive(Subcommand)]
enum DeviceCommand {
    /// Registers a device and prints its token as the last line.
    Add {
        #[arg(long, value_enum)]
        kind: Kind,
        #[arg(long)]
        name: String,
        /// The location key (default: the first location).
        #[arg(long)]
        location: Option<String>,
    },
    /// Lists every device registered, revoked ones too: id, location, kind, name, last seen.
    List,
    /// Revokes a device (a lost tablet, a screen taken out of use): its token stops working,
    /// also on a server that is running (within seconds).
    Revoke {
        /// The device's id, as `device list` shows it.
        id: i64,
    },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Creates an account. Without --password-stdin it gets a one-time password, printed as the
    /// last line, which must be changed at the first login.
    Add {
        /// Lowercase letters, digits, '.', '-', '_' or '@'.
        #[arg(long)]
        username: String,
        /// The name colleagues know them by.
        #[arg(long)]
        name: String,
        /// reception, id_team, social_worker, manager or admin; repeat it (or separate by
        /// commas) for several.
        #[arg(long = "role", required = true, value_delimiter = ',')]
        roles: Vec<String>,
        /// A service key they take appointments for; repeat it for several (none: every service).
        #[arg(long = "service", value_delimiter = ',')]
        services: Vec<String>,
        /// Read the password from the first line of standard input (held to the password
        /// policy) instead of generating a one-time password.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Sets an account's password: with --password-stdin the first line of standard input,
    /// otherwise a one-time password, printed as the last line, to be changed at the next login.
    /// The account's sessions end.
    Passwd {
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disables an account: it cannot log in, and running servers end its sessions within
    /// seconds. It stays disabled at every start, also while the configuration file lists it.
    Disable { username: String },
    /// Enables a disabled account again.
    Enable { username: String },
    /// Lists every account: id, username, name, roles, and whether it is disabled.
    List,
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Writes the configuration the database holds (locations, services, desks, printers,
    /// accounts without passwords, partners, help-request categories) as a configuration file.
    Export {
        /// The file to write (default: standard output).
        #[arg(long)]
        to: Option<PathBuf>,
    },
    /// Validates a configuration file, prints what it adds, changes and retires, and (without
    /// --dry-run) applies it in one transaction; running servers take it within seconds.
    /// Accounts and partners that are not in the file are disabled and retired.
    Import {
        file: PathBuf,
        /// Only print what the import would change.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Kiosk,
    Display,
}

#[derive(Clone, Copy, ValueEnum)]
enum Layout {
    Ticket,
    Receipt,
    Referral,
    Appointment,
}

/// The database, for a command run beside the server (its migrations run first).
async fn connect(database_url: &str) -> Result<Store, String> {
    Store::connect(database_url, Arc::new(Hub::new()))
        .await
        .map_err(|e| e.to_string())
}

fn load_config(path: &Option<PathBuf>) -> Result<Config, String> {
    match path {
        None => Ok(Config::demo()),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read the configuration file {}: {e}", p.display()))?;
            Config::parse(&text, &p.display().to_string()).map_err(|e| e.to_string())
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "onthaal_server=info,warn".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        // One JSON object a line, for a log collector (journald, Loki, Elastic).
        LogFormat::Json => logs.json().flatten_event(true).init(),
        LogFormat::Text => logs.init(),
    }
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("onthaal-server: {msg}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        None => {
            let mut config = load_config(&cli.db.config)?;
            config.metrics_token = std::env::var(onthaal_server::config::METRICS_TOKEN_ENV)
                .ok()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .map(onthaal_server::config::MetricsToken);
            serve(cli.db, cli.serve, config).await
        }
        Some(Command::Device {
            command:
                DeviceCommand::Add {
                    kind,
                    name,
                    location,
                },
        }) => {
            // No configuration is loaded here: the database's own locations count.
            let store = connect(&cli.db.database_url).await?;
            store
                .use_stored_locations()
                .await
                .map_err(|e| e.to_string())?;
            let kind = match kind {
                Kind::Kiosk => DeviceKind::Kiosk,
                Kind::Display => DeviceKind::Display,
            };
            let (id, token) = store
                .add_device(location.as_deref(), kind, &name, SystemClock.now())
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "Registered {} \"{}\" (device {id}). Its token, shown only now:",
                kind.as_str(),
                name.trim()
            );
            println!("{token}");
            Ok(())
        }
        Some(Command::Device {
            command: DeviceCommand::List,
        }) => {
            let store = connect(&cli.db.database_url).await?;
            let devices = store.device_register().await.map_err(|e| e.to_string())?;
            if devices.is_empty() {
                println!(
                    "No devices registered yet: onthaal-server device add --kind kiosk --name NAME"
                );
            }
            for d in devices {
                let seen = d.last_seen.map_or_else(
                    || "never seen".to_string(),
                    |t| format!("last seen {}", t.format("%Y-%m-%d %H:%M UTC")),
                );
                let state = if d.revoked { "  REVOKED" } else { "" };
                println!(
                    "{:>4}  {:<12} {:<8} {:<30} {seen}{state}",
                    d.id, d.location, d.kind, d.name
                );
            }
            Ok(())
        }
        Some(Command::Device {
            command: DeviceCommand::Revoke { id },
        }) => {
            let store = connect(&cli.db.database_url).await?;
            let d = store.revoke_device(id).await.map_err(|e| e.to_string())?;
            println!(
                "Revoked {} \"{}\" (device {}, {}). Running servers refuse its token within {} seconds and close its connection.",
                d.kind,
                d.name,
                d.id,
                d.location,
                onthaal_server::usecases::REVOCATION_CHECK_EVERY.as_secs()
            );
            Ok(())
        }
        Some(Command::Account { command }) => account(&cli.db.database_url, command).await,
        Some(Command::Config { command }) => configuration(&cli.db.database_url, command).await,
        Some(Command::Backup { to }) => {
            let b = backup::backup(&cli.db.database_url, &to).await?;
            println!(
                "Backed up {} to {} ({} bytes, {} tickets, schema step {}).",
                redact(&cli.db.database_url),
                b.file.display(),
                b.bytes,
                b.tickets,
                b.schema_version
            );
            Ok(())
        }
        Some(Command::Restore { from }) => {
            let r = backup::restore(&from, &cli.db.database_url).await?;
            println!(
                "Restored {} from {} ({} tickets, schema step {}). Start the server to use it.",
                r.file.display(),
                from.display(),
                r.tickets,
                r.schema_version
            );
            Ok(())
        }
        Some(Command::TestPrint { printer, layout }) => {
            let which = match layout {
                Layout::Ticket => onthaal_hardware::SampleLayout::Ticket,
                Layout::Receipt => onthaal_hardware::SampleLayout::Receipt,
                Layout::Referral => onthaal_hardware::SampleLayout::Referral,
                Layout::Appointment => onthaal_hardware::SampleLayout::Appointment,
            };
            onthaal_hardware::test_print(&printer, which).map_err(|e| e.to_string())?;
            println!(
                "Sent a sample {} to {printer}.",
                match layout {
                    Layout::Ticket => "ticket",
                    Layout::Receipt => "receipt",
                    Layout::Referral => "referral slip",
                    Layout::Appointment => "appointment confirmation",
                }
            );
            Ok(())
        }
    }
}

/// `onthaal-server account …`: the same use cases as the administrator's page, written to the
/// audit log as done from the command line.
async fn account(database_url: &str, command: AccountCommand) -> Result<(), String> {
    use onthaal_server::usecases::{Actor, ACCOUNT_CHECK_EVERY};
    let store = connect(database_url).await?;
    let err = |e: onthaal_server::db::StoreError| e.to_string();
    let now = SystemClock.now();
    if !matches!(command, AccountCommand::List) {
        // The audit log is a location's: the database's own locations count.
        store
            .use_stored_locations_for_audit(now)
            .await
            .map_err(err)?;
    }
    match command {
        AccountCommand::Add {
            username,
            name,
            roles,
            services,
            password_stdin,
        } => {
            let password = password_stdin.then(read_password).transpose()?;
            let new = onthaal_wire::NewAccount {
                username,
                name,
                roles,
                services,
            };
            let (a, one_time) = store
                .create_account(Actor::CommandLine, new, password, now)
                .await
                .map_err(err)?;
            println!(
                "Created account {} \"{}\" ({}), id {}.",
                a.username,
                a.name,
                a.roles.join(", "),
                a.id
            );
            print_one_time(one_time);
        }
        AccountCommand::Passwd {
            username,
            password_stdin,
        } => {
            let password = password_stdin.then(read_password).transpose()?;
            let id = store.account_by_username(&username).await.map_err(err)?.id;
            let (a, one_time) = store
                .set_account_password(Actor::CommandLine, id, password, now)
                .await
                .map_err(err)?;
            println!(
                "Set the password of {}; its sessions have ended.",
                a.username
            );
            print_one_time(one_time);
        }
        AccountCommand::Disable { username } => {
            let id = store.account_by_username(&username).await.map_err(err)?.id;
            let a = store
                .disable_account(Actor::CommandLine, id, now)
                .await
                .map_err(err)?;
            println!(
                "Disabled {}. Running servers end its sessions within {} seconds; it stays disabled at every start until enabled.",
                a.username,
                ACCOUNT_CHECK_EVERY.as_secs()
            );
        }
        AccountCommand::Enable { username } => {
            let id = store.account_by_username(&username).await.map_err(err)?.id;
            let a = store
                .enable_account(Actor::CommandLine, id, now)
                .await
                .map_err(err)?;
            println!("Enabled {}.", a.username);
        }
        AccountCommand::List => {
            for a in store.accounts().await.map_err(err)? {
                let mut notes = Vec::new();
                if !a.active {
                    let since = a.disabled_at.map_or_else(String::new, |t| {
                        format!(" since {}", t.format("%Y-%m-%d %H:%M UTC"))
                    });
                    let by = a
                        .disabled_by
                        .map_or_else(String::new, |b| format!(" by {b}"));
                    notes.push(format!("DISABLED{since}{by}"));
                }
                if !a.has_password {
                    notes.push("no password yet".into());
                } else if a.must_change_password {
                    notes.push("one-time password".into());
                }
                println!(
                    "{:>4}  {:<20} {:<28} {:<28} {}",
                    a.id,
                    a.username,
                    a.name,
                    a.roles.join(","),
                    notes.join("; ")
                );
            }
        }
    }
    Ok(())
}

/// `onthaal-server config …`: export the database's configuration, or import a file into it.
async fn configuration(database_url: &str, command: ConfigCommand) -> Result<(), String> {
    let err = |e: onthaal_server::db::StoreError| e.to_string();
    match command {
        ConfigCommand::Export { to } => {
            let store = connect(database_url).await?;
            let text = store.export_config().await.map_err(err)?;
            match to {
                None => print!("{text}"),
                Some(path) => {
                    std::fs::write(&path, &text)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                    eprintln!("Wrote the configuration to {}.", path.display());
                }
            }
        }
        ConfigCommand::Import { file, dry_run } => {
            // The file first: an invalid one is said before the database is touched.
            let config = load_config(&Some(file.clone()))?;
            let store = connect(database_url).await?;
            if dry_run {
                let plan = store.plan_import(&config).await.map_err(err)?;
                print!("{plan}");
                if !plan.is_empty() {
                    println!(
                        "Nothing was changed (--dry-run). To apply it: onthaal-server config import {}",
                        file.display()
                    );
                }
                return Ok(());
            }
            let now = SystemClock.now();
            // The audit log is a location's: the database's own, if it has any yet.
            let _ = store.use_stored_locations_for_audit(now).await;
            let plan = store
                .import_config(onthaal_server::usecases::Actor::CommandLine, &config, now)
                .await
                .map_err(err)?;
            print!("{plan}");
            if !plan.is_empty() {
                println!(
                    "Imported {}. Running servers take it within {} seconds.",
                    file.display(),
                    onthaal_server::usecases::CONFIGURATION_CHECK_EVERY.as_secs()
                );
            }
        }
    }
    Ok(())
}

/// A password from the first line of standard input, without its line ending.
fn read_password() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        return Err("no password on standard input (give it as the first line)".into());
    }
    Ok(password)
}

fn print_one_time(password: Option<String>) {
    if let Some(p) = password {
        println!("Its one-time password, shown only now (to be changed at the first login):");
        println!("{p}");
    }
}

async fn serve(db: DbArgs, args: ServeArgs, mut config: Config) -> Result<(), String> {
    let demo = db.config.is_none();
    if let Some(extra) = args.trusted_proxies {
        config.server.trusted_proxies.0.extend(extra.0);
    }
    let tls = match (args.tls_cert, args.tls_key) {
        (Some(cert), Some(key)) => Some(onthaal_server::tls::TlsFiles { cert, key }),
        _ => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let running = app::start(Settings {
        bind: args.bind,
        database_url: db.database_url.clone(),
        config,
        public_url: args.public_url,
        admin_password: std::env::var("ONTHAAL_ADMIN_PASSWORD").ok(),
        clock: Arc::new(SystemClock),
        kiosk_ticket_limit: args.kiosk_ticket_limit.0,
        tls,
    })
    .await
    .map_err(|e| e.to_string())?;
    let url = format!("{scheme}://{}", running.addr);
    println!(
        "Onthaal server is running on {url} (database: {})",
        redact(&db.database_url)
    );
    println!("  REST API         {url}/api/v1   (OpenAPI: {url}/api/v1/openapi.json)");
    let ws = if scheme == "https" { "wss" } else { "ws" };
    println!("  live updates     {ws}://{}/ws", running.addr);
    println!("  health           {url}/healthz");
    println!(
        "  visitor status   {}/s/<status token>  (the QR code on each ticket)",
        running.public_url
    );
    if let Some(p) = &running.generated_admin_password {
        println!("  admin account    username \"admin\", one-time password \"{p}\" (shown only now; choose your own at the first login)");
        println!("  administration   {url}/admin");
    }
    if demo {
        println!("  demo accounts    onthaal/onthaal (reception, ID-team), mw.peeters/peeters (social worker), diensthoofd/diensthoofd (manager)");
        println!(
            "  register a kiosk onthaal-server device add --kind kiosk --name \"Kiosk inkom\""
        );
    }
    let stopper = running.stopper();
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stopper.send(true);
    });
    running
        .wait()
        .await
        .map_err(|e| format!("the server stopped: {e}"))
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("signal handler");
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

fn redact(url: &str) -> String {
    // Never print a database password.
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://…@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}
