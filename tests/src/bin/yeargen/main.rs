//! A year of a busy office, for measuring the reports.
//!
//! `yeargen write --out year.db` simulates `--days` days (365) ending yesterday at an
//! office of 36 counters and about 4,000 tickets a weekday (1.05 million a year, well past
//! the design's "busy office" so the reports are measured at their limit) and writes the
//! tickets projection straight into a new database, with `year.toml` beside it: the office
//! file to open it with (`kiosk report --config year.toml --db year.db`, `kiosk hub …`).
//! It takes about a minute in a release build. See `sim.rs` for what a day holds.
//!
//! `yeargen bench --db year.db` times each report (today, this week, this month, the year)
//! from the library and as pages and downloads over HTTP from a hub on 127.0.0.1, and
//! prints a table. Build with `cargo build --release --workspace --bins`.
//!
//! `yeargen estimate --days 20` plays busy days through the real engine and prints how
//! well the estimated wait printed on each ticket held (see `estimate.rs`).

mod bench;
mod estimate;
mod office;
mod random;
mod sim;
mod write;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use chrono::{Days, NaiveDate, Utc};
use clap::{Parser, Subcommand};
use shared::config::Config;

/// Command line.
#[derive(Parser)]
#[command(about = "Generates a year of a busy office and times the reports over it")]
struct Args {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Write a new database of generated days, and its office file beside it.
    Write {
        /// The database to create (must not exist).
        #[arg(long)]
        out: PathBuf,
        /// Days to generate.
        #[arg(long, default_value_t = 365)]
        days: u64,
        #[command(flatten)]
        office: Busy,
    },
    /// Time the reports over a generated database.
    Bench {
        /// The database.
        #[arg(long)]
        db: PathBuf,
        /// Its office file (default: the database's name with .toml).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Times each measurement is repeated after the first.
        #[arg(long, default_value_t = 5)]
        repeat: usize,
    },
    /// Play days through the engine and measure the estimated wait against the real one.
    Estimate {
        /// Days to play (weekends have no tickets).
        #[arg(long, default_value_t = 20)]
        days: u64,
        #[command(flatten)]
        office: Busy,
    },
}

/// The days a command plays: when they end, how busy they are, and the seed.
#[derive(clap::Args)]
struct Busy {
    /// Last day (default: yesterday).
    #[arg(long)]
    last: Option<NaiveDate>,
    /// Tickets on an ordinary weekday.
    #[arg(long, default_value_t = 4000)]
    per_day: usize,
    /// Seed of the random choices.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
}

impl Busy {
    fn last(&self) -> NaiveDate {
        self.last
            .unwrap_or_else(|| Utc::now().date_naive() - Days::new(1))
    }
}

fn main() -> anyhow::Result<()> {
    match Args::parse().command {
        Cmd::Write { out, days, office } => {
            if out.exists() {
                bail!("{} exists; choose a new file", out.display());
            }
            let default = Config::load(&tests::default_office_path())?;
            let text = office::office_file(&default);
            let config_path = out.with_extension("toml");
            std::fs::write(&config_path, &text)
                .with_context(|| format!("writing {}", config_path.display()))?;
            let config = Arc::new(Config::parse(&config_path.display().to_string(), &text)?);
            let last = office.last();
            let started = Instant::now();
            let written = write::year(&out, config, last, days, office.per_day, office.seed)?;
            println!(
                "{}: {} tickets over {} business days up to {last} in {:.1} s; office file {}",
                out.display(),
                written.tickets,
                written.days,
                started.elapsed().as_secs_f64(),
                config_path.display()
            );
        }
        Cmd::Estimate { days, office: busy } => {
            let default = Config::load(&tests::default_office_path())?;
            let config = Arc::new(Config::parse(
                "yeargen office",
                &office::office_file(&default),
            )?);
            estimate::run(config, busy.last(), days, busy.per_day, busy.seed)?;
        }
        Cmd::Bench { db, config, repeat } => {
            let config_path = config.unwrap_or_else(|| db.with_extension("toml"));
            let config = Arc::new(Config::load(&config_path)?);
            tokio::runtime::Runtime::new()?.block_on(bench::run(&db, config, repeat))?;
        }
    }
    Ok(())
}
