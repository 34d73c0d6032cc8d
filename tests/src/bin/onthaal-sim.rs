//! `onthaal-sim`: plays whole days of a sociaal huis against the real server in virtual time
//! and reports how accurate the wait estimates were — the forecast the server shows, and the
//! naive baseline (visitors ahead × mean service time ÷ desks) computed in the same run.
//!
//! ```text
//! onthaal-sim                                   # every standard scenario, seed 1
//! onthaal-sim --scenario dinsdag --seed 7 --json report.json
//! onthaal-sim --replay-db sqlite://data/onthaal.db --day 2026-11-24 [--location centrum] [--config huis.toml]
//! ```

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Parser;
use onthaal_tests::sim::engine::{run_day, run_day_with, table, Figures};
use onthaal_tests::sim::{replay, scenarios};
use onthaal_tests::Backend;

#[derive(Parser)]
#[command(
    about = "Plays days of a sociaal huis against the real server and measures the wait estimates"
)]
struct Args {
    /// Only these scenarios (default: all); `--list` names them.
    #[arg(long, value_delimiter = ',')]
    scenario: Vec<String>,
    /// Lists the standard scenarios and stops.
    #[arg(long)]
    list: bool,
    /// The seed: the same seed gives the same day and the same figures.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Several seeds per scenario (seed, seed+1, …), each reported.
    #[arg(long, default_value_t = 1)]
    runs: u64,
    /// Run on a fresh PostgreSQL database (ONTHAAL_TEST_POSTGRES_URL) instead of SQLite.
    #[arg(long)]
    postgres: bool,
    /// Replays a day from the event log of this Onthaal database instead of the scenarios.
    #[arg(long, requires = "day")]
    replay_db: Option<String>,
    /// The day to replay (local date).
    #[arg(long)]
    day: Option<NaiveDate>,
    /// The location to replay (default: the first).
    #[arg(long)]
    location: Option<String>,
    /// The configuration the replayed day runs with (default: the simulator's sociaal huis,
    /// which has the demo's services and desks).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Writes the figures as JSON here too (`-` for stdout only).
    #[arg(long)]
    json: Option<PathBuf>,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if args.list {
        for s in scenarios() {
            println!("{:<18} {}", s.name, s.about);
        }
        return;
    }
    let backend = if args.postgres {
        Backend::Postgres
    } else {
        Backend::Sqlite
    };
    let mut rows: Vec<Figures> = Vec::new();
    let fail = |e: String| -> ! {
        eprintln!("onthaal-sim: {e}");
        std::process::exit(1)
    };
    if let (Some(url), Some(date)) = (&args.replay_db, args.day) {
        let day = replay::load_day(url, date, args.location.as_deref())
            .await
            .unwrap_or_else(|e| fail(e));
        eprintln!(
            "replaying {date}: {} walk-ins, {} appointments, {} desks",
            day.arrivals.len(),
            day.bookings.len(),
            day.desks.len()
        );
        let figures = match &args.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .unwrap_or_else(|e| fail(format!("{}: {e}", path.display())));
                run_day_with(&day, backend, None, &text, &path.display().to_string()).await
            }
            None => run_day(&day, backend, None).await,
        };
        rows.push(figures.unwrap_or_else(|e| fail(e)));
    } else {
        let all = scenarios();
        for name in &args.scenario {
            if !all.iter().any(|s| s.name == name.as_str()) {
                fail(format!("no scenario \"{name}\" (try --list)"));
            }
        }
        for s in all
            .iter()
            .filter(|s| args.scenario.is_empty() || args.scenario.iter().any(|n| n == s.name))
        {
            for seed in args.seed..args.seed + args.runs.max(1) {
                let day = s.draw(seed);
                let started = std::time::Instant::now();
                let f = run_day(&day, backend, Some(seed))
                    .await
                    .unwrap_or_else(|e| fail(e));
                eprintln!(
                    "{} (seed {seed}): {} tickets in {:.1} s",
                    s.name,
                    f.tickets,
                    started.elapsed().as_secs_f64()
                );
                rows.push(f);
            }
        }
    }
    let json = serde_json::to_string_pretty(&rows).expect("figures serialise");
    match args.json.as_deref() {
        Some(p) if p.as_os_str() == "-" => println!("{json}"),
        Some(p) => {
            std::fs::write(p, &json).unwrap_or_else(|e| fail(format!("{}: {e}", p.display())));
            print!("{}", table(&rows));
        }
        None => print!("{}", table(&rows)),
    }
}
