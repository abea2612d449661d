//! The PostgreSQL fault drill (reliability issue, drill 5): eight clients run money-moving
//! lifecycles (see `support/traffic.rs`) on one [`Marketplace`] while backends are killed
//! with `pg_terminate_backend` and the server is stopped with `pg_ctl stop -m immediate`
//! and started again.
//!
//! Proves: an interrupted call answers with an error (no panic, no hang: each call runs under
//! a timeout), the same marketplace works again once the server is back, without being
//! reopened; what a client was told is what the database holds; the ledger audit is clean,
//! escrow holds exactly what the confirmed lessons cost and no tutor's lessons overlap; a
//! notification delivered again after an interrupted delivery took effect exactly once.
//!
//! Stopping the server would break every other test, so the drill runs on a cluster of its
//! own (`support/pg_cluster.rs`). `BLAJARPLUS_PG_FAULTS_SECS` sets how long faults are
//! injected (default 20 s: ~12 backend kills and 2 restarts).

mod support;

use blajarplus::store::{Store, StoreOptions};
use sqlx::Connection;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use support::pg_cluster::Cluster;
use support::traffic::*;

const CLIENTS: usize = 8;

/// Backends to kill, three ways: any that is working, those working on payments (to hit
/// notifications in the middle), and all of them.
const KILLS: [&str; 3] = [
    "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' \
     ORDER BY random() LIMIT 2) k",
    "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle' \
     AND query ILIKE '%payment%' ORDER BY random() LIMIT 3) k",
    "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
     WHERE datname = current_database() AND pid <> pg_backend_pid()) k",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_clients_survive_killed_backends_and_server_restarts() {
    let secs: u64 = std::env::var("BLAJARPLUS_PG_FAULTS_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let began = Instant::now();
    let cluster = Arc::new(tokio::task::spawn_blocking(Cluster::start).await.unwrap());
    let mut opts = StoreOptions::new(cluster.url());
    opts.max_connections = 16;
    // A call waiting for a connection while the server is down gives up within the drill's
    // per-call timeout (20 s) instead of outliving it.
    opts.acquire_timeout = Duration::from_secs(5);
    let store = Store::open_with(opts).await.unwrap();
    let market = market(store, CLIENTS, CLIENTS).await;

    let stop = Arc::new(AtomicBool::new(false));
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|i| tokio::spawn(Client::new(&market, i, true).run(stop.clone())))
        .collect();

    // Restarts at 30% and 65% of the run (and every 10 s beyond that), kills in between.
    let t0 = Instant::now();
    let run = Duration::from_secs(secs);
    let mut restarts_at: Vec<Duration> = vec![run * 3 / 10, run * 65 / 100];
    let mut extra = Duration::from_secs(20);
    while extra < run {
        restarts_at.push(extra);
        extra += Duration::from_secs(10);
    }
    restarts_at.sort();
    let (mut kills, mut killed, mut restarts) = (0, 0i64, 0);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    while t0.elapsed() < run {
        tokio::time::sleep(Duration::from_millis(900 + rand() % 900)).await;
        if restarts_at.first().is_some_and(|at| t0.elapsed() >= *at) {
            restarts_at.remove(0);
            let c = cluster.clone();
            tokio::task::spawn_blocking(move || c.stop_immediate())
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(500 + rand() % 1000)).await;
            let c = cluster.clone();
            tokio::task::spawn_blocking(move || c.start_again())
                .await
                .unwrap();
            restarts += 1;
            continue;
        }
        let mut admin = sqlx::PgConnection::connect(&cluster.url()).await.unwrap();
        let n: i64 = sqlx::query_scalar(KILLS[(rand() % 3) as usize])
            .fetch_one(&mut admin)
            .await
            .unwrap();
        admin.close().await.ok();
        kills += 1;
        killed += n;
    }
    // Let the clients finish what they were doing on a healthy server.
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::Relaxed);
    let mut clients = Vec::new();
    for t in tasks {
        let c = tokio::time::timeout(Duration::from_secs(120), t)
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
    println!(
        "pg faults: {secs} s of faults, {kills} kill rounds ({killed} backends), {restarts} \
         restarts; {} lifecycles, {} calls, {} interrupted, {} conflicts, {} notifications \
         retried after an interrupted delivery ({} of them duplicates), {bookings} bookings \
         checked; {:.1} s in all",
        stats.lifecycles,
        stats.calls,
        stats.interrupted,
        stats.conflicts,
        stats.retried,
        stats.retried_duplicate,
        began.elapsed().as_secs_f64()
    );
    // The drill must have exercised something.
    assert!(
        restarts >= 2 && kills >= 5,
        "{kills} kills, {restarts} restarts"
    );
    assert!(stats.interrupted > 0, "no call was interrupted");
    assert!(
        stats.lifecycles > 50,
        "only {} lifecycles",
        stats.lifecycles
    );
}
