//! The soak drill (reliability issue, drill 6): eight clients run mixed money-moving traffic
//! (see `support/traffic.rs`) on PostgreSQL for a while; every few seconds the invariants are
//! read from one snapshot while the traffic goes on (ledger audit clean, escrow = what the
//! confirmed lessons cost, no overlapping lessons), and at the end everything the clients were
//! told is in the database and every lesson completes with the books balanced. The process's
//! resident memory is reported at the start, after the warm-up and at the end, and must not
//! keep growing.
//!
//! `BLAJARPLUS_SOAK_SECS` sets the traffic's length (default 20 s, invariants every 5 s; from
//! two minutes on, every 30 s — `BLAJARPLUS_SOAK_CHECK_SECS` overrides).

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::traffic::*;

const CLIENTS: usize = 8;
/// Allowed RSS growth after the warm-up. Generous: the allocator keeps freed pages and each
/// pooled connection's statement cache fills up over time; a leak of anything per call
/// exceeds it within seconds of traffic.
const RSS_GROWTH_KIB: u64 = 48 * 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_clients_of_mixed_traffic_keep_every_invariant() {
    let env = |name: &str| std::env::var(name).ok().and_then(|s| s.parse::<u64>().ok());
    let secs = env("BLAJARPLUS_SOAK_SECS").unwrap_or(20);
    let every = env("BLAJARPLUS_SOAK_CHECK_SECS").unwrap_or(if secs >= 120 { 30 } else { 5 });
    let market = market(support::pg_store().await, 12, CLIENTS).await;
    let rss_start = rss_kib();

    let stop = Arc::new(AtomicBool::new(false));
    let progress = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let mut c = Client::new(&market, i, false);
            c.progress = progress.clone();
            tokio::spawn(c.run(stop.clone()))
        })
        .collect();

    let t0 = Instant::now();
    let mut checks = 0;
    let mut rss_warm = None;
    let mut rss_max = 0;
    while t0.elapsed() < Duration::from_secs(secs) {
        let left = Duration::from_secs(secs).saturating_sub(t0.elapsed());
        tokio::time::sleep(left.min(Duration::from_secs(every))).await;
        let started = Instant::now();
        let (violations, bookings) = snapshot_violations(market.m.store()).await;
        checks += 1;
        let rss = rss_kib();
        // The first check ends the warm-up: pools, caches and the runtime are at size.
        let warm = *rss_warm.get_or_insert(rss);
        rss_max = rss_max.max(rss);
        println!(
            "soak t={:>4.0}s: {} calls, {} bookings, RSS {} KiB, check {} ms, {} violations",
            t0.elapsed().as_secs_f64(),
            progress.load(Ordering::Relaxed),
            bookings.len(),
            rss,
            started.elapsed().as_millis(),
            violations.len()
        );
        assert!(
            violations.is_empty(),
            "at {:.0} s: {violations:#?}",
            t0.elapsed().as_secs_f64()
        );
        assert!(
            rss < warm + RSS_GROWTH_KIB,
            "RSS grew from {warm} KiB after the warm-up to {rss} KiB"
        );
    }
    stop.store(true, Ordering::Relaxed);
    let mut clients = Vec::new();
    for t in tasks {
        let c = tokio::time::timeout(Duration::from_secs(60), t)
            .await
            .expect("a client did not stop")
            .expect("a client panicked");
        clients.push(c);
    }
    let mut stats = Stats::default();
    for c in &clients {
        stats.add(&c.stats);
    }
    let bookings = check_after(&market, &clients).await;
    complete_everything(&market).await;
    let rss_end = rss_kib();
    println!(
        "soak: {secs} s at {CLIENTS} clients, {checks} invariant checks (every {every} s), 0 \
         violations; {} lifecycles, {} calls ({:.0}/s), {} slot conflicts, {bookings} \
         bookings; RSS {rss_start} KiB at start, {} KiB after warm-up, {rss_max} KiB max, \
         {rss_end} KiB at end",
        stats.lifecycles,
        stats.calls,
        stats.calls as f64 / secs as f64,
        stats.conflicts,
        rss_warm.unwrap_or(rss_start),
    );
    assert!(checks >= 2, "only {checks} invariant checks");
    assert!(
        stats.lifecycles > 50,
        "only {} lifecycles",
        stats.lifecycles
    );
}
