//! `blajarplus`: the library's command-line tool, for operators and cron. `migrate` brings a
//! schema up to date (or lists its migrations), `run-due` runs the time-driven jobs once or
//! as a worker, `verify-ledger` audits the books (exit 0 clean, 1 violations, 2 could not
//! run), `bootstrap-admin` creates the first admin, `rebuild-search-index` rebuilds search;
//! `seed` and `bench` are the performance issue's data generator and benchmark.

mod bench;
mod data;
mod jobs;
mod outbox;
mod seed;
mod writes;

use std::process::ExitCode;
use std::time::Instant;

use blajarplus::Marketplace;
use blajarplus::store::{Store, StoreOptions};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "blajarplus",
    version,
    about = "Blajarplus core from the command line"
)]
struct Cli {
    /// Database URL: postgres://…, sqlite://FILE (sqlite::memory: makes no sense for these
    /// commands and is refused).
    #[arg(long, env = "BLAJARPLUS_DATABASE_URL", global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply the embedded migrations that are pending (or, with --status, list them all).
    Migrate {
        /// List every migration with `applied` or `pending`; change nothing.
        #[arg(long)]
        status: bool,
    },
    /// Run the time-driven jobs (expire unpaid bookings, auto-complete lessons, reminders,
    /// package expiry, response rates) once, or every --every as a worker that stops cleanly on
    /// SIGTERM/SIGINT. Safe with several workers at once.
    RunDue {
        /// Run again after this long (e.g. 60s, 5m) until stopped.
        #[arg(long, value_parser = humantime::parse_duration)]
        every: Option<std::time::Duration>,
    },
    /// Deliver outbox events (push, email) through a command of yours.
    #[command(subcommand)]
    Outbox(outbox::Outbox),
    /// Create the first admin account (refused once a human admin exists).
    BootstrapAdmin {
        /// The admin's full name.
        #[arg(long)]
        name: String,
        /// The admin's email.
        #[arg(long)]
        email: String,
    },
    /// Fill the database with a generated Indonesian marketplace (deterministic per seed).
    Seed(seed::Args),
    /// Check every ledger invariant; exit 0 clean, 1 with violations, 2 when it could not run.
    VerifyLedger {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the search index of every tutor.
    RebuildSearchIndex,
    /// Time the search shapes (beside the ERD's query on PostgreSQL), the index rebuild and
    /// the ledger audit on a seeded database; print a Markdown table.
    Bench(bench::Args),
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error [{}]: {e}", e.code());
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> blajarplus::Result<ExitCode> {
    let url = cli
        .database_url
        .or_else(|| std::env::var("DATABASE_URL").ok())
        .ok_or_else(|| {
            blajarplus::Error::Config(
                "no database: pass --database-url or set BLAJARPLUS_DATABASE_URL".into(),
            )
        })?;
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Err(blajarplus::Error::Config(
            "an in-memory database ends with this command; use sqlite://FILE or postgres://…"
                .into(),
        ));
    }
    let mut opts = StoreOptions::new(url.clone());
    // `migrate` reports what is pending before it applies anything.
    opts.migrate = !matches!(cli.command, Command::Migrate { .. });
    // The write benchmark runs up to 8 clients at once, plus the reads around them.
    opts.max_connections = 16;
    let m = Marketplace::new(Store::open_with(opts).await?);
    match cli.command {
        Command::Seed(args) => {
            seed::run(&m, &args).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(args) => {
            bench::run(&m, &url, &args).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::VerifyLedger { json } => {
            let started = Instant::now();
            let report = m.verify_ledger().await?;
            if json {
                let text = serde_json::to_string_pretty(&report)
                    .map_err(|e| blajarplus::Error::Internal(e.to_string()))?;
                println!("{text}");
            } else {
                println!(
                    "verify_ledger: {} violations in {:.2?} (escrow {}, platform {}, wallets {})",
                    report.violations.len(),
                    started.elapsed(),
                    report.escrow,
                    report.platform,
                    report.wallets
                );
                for v in &report.violations {
                    println!("  {v}");
                }
            }
            Ok(if report.violations.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Migrate { status } => {
            let store = m.store();
            if status {
                for s in store.migration_status().await? {
                    let state = if s.applied { "applied" } else { "pending" };
                    println!("{:04} {state:7} {}", s.version, s.description);
                }
            } else {
                let applied = store.migrate().await?;
                println!("migrate: {applied} applied, schema up to date");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::RunDue { every } => {
            jobs::run_due(&m, every).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Outbox(command) => {
            outbox::run(&m, command).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::BootstrapAdmin { name, email } => {
            let admin = m.bootstrap_admin(&name, &email).await?;
            println!("admin {} created", admin.id);
            Ok(ExitCode::SUCCESS)
        }
        Command::RebuildSearchIndex => {
            let admin = seed::admin(&m).await?;
            let started = Instant::now();
            let n = m.rebuild_search_index(&admin).await?;
            println!(
                "rebuild_search_index: {n} tutors in {:.2?}",
                started.elapsed()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
