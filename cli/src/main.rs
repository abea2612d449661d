//! `blajarplus`: the library's command-line tool. `seed` fills a database with a generated
//! marketplace (the performance issue's data generator); `verify-ledger` and
//! `rebuild-search-index` run those use cases and time them.

mod bench;
mod data;
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
    /// Fill the database with a generated Indonesian marketplace (deterministic per seed).
    Seed(seed::Args),
    /// Check every ledger invariant; exit 1 when there are violations.
    VerifyLedger,
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
        Command::VerifyLedger => {
            let started = Instant::now();
            let report = m.verify_ledger().await?;
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
            Ok(if report.violations.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
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
