//! `onthaal-seed`: fills a database with a year (or any span) of a large sociaal huis, then
//! times the dashboard's queries over it. The generator is [`onthaal_tests::seed`].
//!
//! ```text
//! cargo build --release -p onthaal-tests --bin onthaal-seed
//! target/release/onthaal-seed --database-url sqlite:///tmp/year.db --tickets 300000 --days 365
//! ```

use std::sync::Arc;

use chrono::Utc;
use clap::Parser;
use onthaal_server::config::Config;
use onthaal_server::engine::hub::Hub;
use onthaal_server::engine::Store;
use onthaal_tests::seed::{self, Options};

#[derive(Parser)]
#[command(about = "Seeds a database with a sociaal huis's history and times the dashboard queries")]
struct Args {
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// How many tickets in all (first visits; referrals come on top).
    #[arg(long, default_value_t = 300_000)]
    tickets: u64,
    /// How many days back from today (the last day seeded is yesterday, or today with --today).
    #[arg(long, default_value_t = 365)]
    days: i64,
    /// Include today up to now (so the live view has served visitors).
    #[arg(long)]
    today: bool,
    /// The configuration to load first (default: the built-in demo).
    #[arg(long)]
    config: Option<std::path::PathBuf>,
    /// Random seed, for a reproducible history.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Only seed; do not time the queries.
    #[arg(long)]
    no_timing: bool,
    /// Do not seed: time the queries over what an earlier run seeded.
    #[arg(long, conflicts_with = "no_timing")]
    time_only: bool,
}

#[tokio::main]
async fn main() -> Result<(), seed::Error> {
    let args = Args::parse();
    let config = match &args.config {
        Some(p) => Config::parse(&std::fs::read_to_string(p)?, &p.display().to_string())?,
        None => Config::demo(),
    };
    let store = Store::connect(&args.database_url, Arc::new(Hub::new())).await?;
    store.sync_config(&config, Utc::now()).await?;
    if args.time_only {
        let seeded = seed::existing(&store).await?;
        store.refresh_stats(seeded.location_id).await?;
        return print_timings(&store, &seeded).await;
    }
    let seeded = seed::seed(
        &store,
        &Options {
            tickets: args.tickets,
            days: args.days,
            today: args.today,
            seed: args.seed,
        },
    )
    .await?;
    println!(
        "seeded {} tickets and {} events over {} open days ({} … {}) in {:.1} s",
        seeded.tickets, seeded.events, seeded.open_days, seeded.first, seeded.last, seeded.seconds
    );
    println!(
        "  of which {} appointments (booked, then checked in, missed or cancelled)",
        seeded.appointments
    );
    let (folded, took) = seed::rollup(&store, &seeded).await?;
    println!("statistics rollup: {folded} events folded in {took:.1} s");
    if args.no_timing {
        return Ok(());
    }
    print_timings(&store, &seeded).await
}

async fn print_timings(store: &Store, seeded: &seed::Seeded) -> Result<(), seed::Error> {
    let mut span = "";
    for t in seed::time_dashboard(store, seeded).await? {
        if t.span != span {
            span = t.span;
            println!("\n{span}:");
        }
        println!("  {:<28} {:>8.1} ms   ({} rows)", t.query, t.ms, t.rows);
    }
    Ok(())
}
