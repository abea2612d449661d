//! `blajarplus run-due`: the time-driven jobs, once (for cron) or as a worker.

use std::time::Duration;

use blajarplus::{Marketplace, Result};

/// Runs `run_due` once, or every `every` until SIGTERM or SIGINT; a stop signal waits for the
/// run in progress (its transactions finish or roll back) and never interrupts one.
pub async fn run_due(m: &Marketplace, every: Option<Duration>) -> Result<()> {
    let Some(every) = every else {
        return once(m).await;
    };
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| blajarplus::Error::Config(format!("cannot listen for SIGTERM: {e}")))?;
    loop {
        once(m).await?;
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = term.recv() => break,
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    println!("run_due: stopped");
    Ok(())
}

async fn once(m: &Marketplace) -> Result<()> {
    let r = m.run_due().await?;
    println!(
        "run_due: {} expired, {} completed, {} reminded, {} purchases cancelled, {} purchases \
         expired, {} response rates updated, {} skipped",
        r.expired,
        r.completed,
        r.reminded,
        r.purchases_cancelled,
        r.purchases_expired,
        r.response_rates_updated,
        r.skipped
    );
    Ok(())
}
