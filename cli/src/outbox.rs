//! `blajarplus outbox relay`: hands claimed outbox events (push, email) to a command of the
//! host's, one event as JSON on its standard input per run; an event is acknowledged when the
//! command exits 0, and otherwise comes back after its lease (at least once: make the command
//! idempotent by the event's `id`).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use blajarplus::{Error, Marketplace, Result};

/// `blajarplus outbox …`.
#[derive(clap::Subcommand, Debug)]
pub enum Outbox {
    /// Claim up to --limit events and run --exec for each (once, or every --every until
    /// SIGTERM/SIGINT). Several relays may run at once: each event is leased to one.
    Relay {
        /// The command, run with `sh -c`, the event as JSON on its standard input.
        #[arg(long)]
        exec: String,
        /// Events claimed per round (1–100).
        #[arg(long, default_value_t = 100)]
        limit: i64,
        /// Seconds an event stays with this relay before others may claim it again (1–3600).
        #[arg(long, default_value_t = 60)]
        lease: i64,
        /// Relay again after this long (e.g. 5s) until stopped.
        #[arg(long, value_parser = humantime::parse_duration)]
        every: Option<Duration>,
    },
}

pub async fn run(m: &Marketplace, command: Outbox) -> Result<()> {
    let Outbox::Relay {
        exec,
        limit,
        lease,
        every,
    } = command;
    let Some(every) = every else {
        return relay(m, &exec, limit, lease).await;
    };
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| Error::Config(format!("cannot listen for SIGTERM: {e}")))?;
    loop {
        relay(m, &exec, limit, lease).await?;
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = term.recv() => break,
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    println!("outbox: stopped");
    Ok(())
}

/// One round: claim, hand over, acknowledge what was delivered.
async fn relay(m: &Marketplace, exec: &str, limit: i64, lease: i64) -> Result<()> {
    let events = m.claim_outbox(limit, lease).await?;
    let mut delivered = Vec::new();
    for event in &events {
        let json = serde_json::to_vec(event).map_err(|e| Error::Internal(e.to_string()))?;
        let exec = exec.to_string();
        let ok = tokio::task::spawn_blocking(move || deliver(&exec, &json))
            .await
            .map_err(|e| Error::Internal(format!("relay task: {e}")))??;
        if ok {
            delivered.push(event.id);
        }
    }
    let acked = m.ack_outbox(delivered).await?;
    println!(
        "outbox: {} claimed, {acked} delivered, {} left for retry after the lease",
        events.len(),
        events.len() as u64 - acked
    );
    Ok(())
}

/// Runs `exec` with `json` on its standard input; whether it exited 0.
fn deliver(exec: &str, json: &[u8]) -> Result<bool> {
    let mut child = Command::new("sh")
        .args(["-c", exec])
        .stdin(Stdio::piped())
        .spawn()
        .map_err(|e| Error::Config(format!("cannot run {exec:?}: {e}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its input may close it early: not a failure by itself.
        let _ = stdin.write_all(json);
    }
    let status = child
        .wait()
        .map_err(|e| Error::Config(format!("waiting for {exec:?}: {e}")))?;
    Ok(status.success())
}
