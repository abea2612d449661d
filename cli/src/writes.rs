//! The write side of `blajarplus bench`: the booking lifecycle's use cases run by 1 and by 8
//! concurrent clients on the seeded database — create_booking, checkout, payment applied,
//! confirm_lesson, send_message — and, as the reference in the same run, pgbench's TPC-B-like
//! load on the same server (PostgreSQL) or the same transaction as a raw sqlx loop on the same
//! file (SQLite).
//!
//! Each client is a new student booking lessons with a tutor of its own (the first bookable
//! tutors of a search), on slots the library offers. The marketplace runs on a fixed clock:
//! lessons are booked and paid at its "now", then the clock moves past the last lesson and
//! every lesson is confirmed. Afterwards no tutor has overlapping lessons and the ledger
//! verifies (checked; a failure fails the command).

use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use blajarplus::clock::FixedClock;
use blajarplus::marketplace::{NewBooking, NewMessage, NewUser, PaymentOutcome, PaymentUpdate};
use blajarplus::search::TutorSearch;
use blajarplus::store::Store;
use blajarplus::types::*;
use blajarplus::{Actor, Error, Marketplace, Result};
use chrono::Duration;

/// Use cases per second of one phase at one level of concurrency.
pub struct Rate {
    pub use_case: &'static str,
    pub clients: usize,
    pub per_second: f64,
}

/// One client's lessons: a student, a tutor's offering, and the slots it will book.
struct Client {
    student: Actor,
    tutor: TutorProfileId,
    offering: TutorSubjectId,
    slots: Vec<chrono::DateTime<chrono::Utc>>,
}

/// Runs the lifecycle phases with `clients` concurrent clients, `per_client` lessons each.
pub async fn lifecycle(
    store: &Store,
    admin: &Actor,
    clients: usize,
    per_client: usize,
) -> Result<Vec<Rate>> {
    let now = chrono::Utc::now();
    let clock = Arc::new(FixedClock::new(now));
    let m = Marketplace::new(store.clone()).with_clock(clock.clone());
    let prepared = prepare(&m, admin, clients, per_client).await?;
    let mut rates = Vec::new();
    let mut bookings: Vec<Vec<BookingId>> = vec![Vec::new(); prepared.len()];

    // Phase 1: create, checkout, pay — timed per use case across all clients.
    let mut drafts: Vec<Vec<BookingId>> = vec![Vec::new(); prepared.len()];
    let t = Instant::now();
    run_clients(&prepared, |i, c| {
        let m = m.clone();
        let (student, offering, slots) = (c.student, c.offering, c.slots.clone());
        async move {
            let mut ids = Vec::new();
            for start in slots {
                let b = m.create_booking(&student, online(offering, start)).await?;
                ids.push(b.id);
            }
            Ok((i, ids))
        }
    })
    .await?
    .into_iter()
    .for_each(|(i, ids)| drafts[i] = ids);
    rates.push(rate(
        "create_booking",
        clients,
        clients * per_client,
        t.elapsed(),
    ));

    let mut payments: Vec<Vec<PaymentTransaction>> = vec![Vec::new(); prepared.len()];
    let t = Instant::now();
    run_clients(&prepared, |i, c| {
        let m = m.clone();
        let (student, ids) = (c.student, drafts[i].clone());
        async move {
            let mut out = Vec::new();
            for id in ids {
                out.push(
                    m.checkout(&student, id, PaymentProvider::Midtrans)
                        .await?
                        .payment,
                );
            }
            Ok((i, out))
        }
    })
    .await?
    .into_iter()
    .for_each(|(i, p)| payments[i] = p);
    rates.push(rate("checkout", clients, clients * per_client, t.elapsed()));

    let t = Instant::now();
    run_clients(&prepared, |i, _| {
        let m = m.clone();
        let ps = payments[i].clone();
        async move {
            for p in ps {
                let outcome = m.apply_payment_update(paid(&p)).await?;
                if outcome != PaymentOutcome::Applied {
                    return Err(Error::Internal(format!("payment {} was {outcome:?}", p.id)));
                }
            }
            Ok((i, ()))
        }
    })
    .await?;
    rates.push(rate(
        "payment applied",
        clients,
        clients * per_client,
        t.elapsed(),
    ));
    for (i, ids) in drafts.into_iter().enumerate() {
        bookings[i] = ids;
    }

    // Phase 2: every lesson is over; the students confirm them (escrow released).
    let last = prepared.iter().flat_map(|c| c.slots.iter()).max().copied();
    if let Some(last) = last {
        clock.set(last + Duration::hours(3));
    }
    let t = Instant::now();
    run_clients(&prepared, |i, c| {
        let m = m.clone();
        let (student, ids) = (c.student, bookings[i].clone());
        async move {
            for id in ids {
                m.confirm_lesson(&student, id).await?;
            }
            Ok((i, ()))
        }
    })
    .await?;
    rates.push(rate(
        "confirm_lesson",
        clients,
        clients * per_client,
        t.elapsed(),
    ));

    // Chat: each student writes to their tutor.
    let mut conversations = Vec::new();
    for c in &prepared {
        conversations.push(
            m.open_conversation(&c.student, c.student.user_id, c.tutor)
                .await?
                .id,
        );
    }
    let t = Instant::now();
    run_clients(&prepared, |i, c| {
        let m = m.clone();
        let (student, conversation) = (c.student, conversations[i]);
        async move {
            for k in 0..per_client {
                let text = format!("Terima kasih kak, pelajaran ke-{k} sangat membantu.");
                m.send_message(
                    &student,
                    conversation,
                    NewMessage {
                        message_type: MessageType::Text,
                        content: Some(text),
                        file_url: None,
                    },
                )
                .await?;
            }
            Ok((i, ()))
        }
    })
    .await?;
    rates.push(rate(
        "send_message",
        clients,
        clients * per_client,
        t.elapsed(),
    ));
    Ok(rates)
}

fn rate(use_case: &'static str, clients: usize, n: usize, took: StdDuration) -> Rate {
    Rate {
        use_case,
        clients,
        per_second: n as f64 / took.as_secs_f64(),
    }
}

/// Runs `f` once per client, all at once; the first failure fails the phase.
async fn run_clients<F, Fut, T>(clients: &[Client], f: F) -> Result<Vec<(usize, T)>>
where
    F: Fn(usize, &Client) -> Fut,
    Fut: std::future::Future<Output = Result<(usize, T)>> + Send + 'static,
    T: Send + 'static,
{
    let tasks: Vec<_> = clients
        .iter()
        .enumerate()
        .map(|(i, c)| tokio::spawn(f(i, c)))
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(
            t.await
                .map_err(|e| Error::Internal(format!("client task: {e}")))??,
        );
    }
    Ok(out)
}

/// New students, one bookable tutor each (from a search, skipping the ones used before), and
/// `per_client` offered slots of that tutor from two days on.
async fn prepare(
    m: &Marketplace,
    admin: &Actor,
    clients: usize,
    per_client: usize,
) -> Result<Vec<Client>> {
    let run = uuid::Uuid::now_v7().simple().to_string();
    let mut out = Vec::new();
    let mut cursor = None;
    'pages: loop {
        let page = m
            .search_tutors(TutorSearch {
                limit: Some(100),
                cursor: cursor.clone(),
                ..TutorSearch::default()
            })
            .await?;
        for t in &page.items {
            let offering = m
                .list_tutor_subjects(admin, t.tutor_profile_id)
                .await?
                .into_iter()
                .find(|o| o.is_active);
            let Some(offering) = offering else { continue };
            let from = m.now() + Duration::days(2);
            let slots = m
                .available_slots(t.tutor_profile_id, from, from + Duration::days(40), 60)
                .await?;
            // Two hours apart: a lesson and its buffers never touch the next one.
            let mut chosen: Vec<chrono::DateTime<chrono::Utc>> = Vec::new();
            for s in &slots {
                if chosen.len() == per_client {
                    break;
                }
                if chosen
                    .last()
                    .is_none_or(|last| s.start >= *last + Duration::hours(2))
                {
                    chosen.push(s.start);
                }
            }
            let slots = chosen;
            if slots.len() < per_client {
                continue;
            }
            let i = out.len();
            let student = m
                .register_user(NewUser {
                    role: Role::Student,
                    full_name: format!("Siswa Bench {i}"),
                    email: Some(format!("bench-{run}-{i}@seed.blajarplus.id")),
                    phone: None,
                    password: None,
                })
                .await?;
            out.push(Client {
                student: Actor::student(student.id),
                tutor: t.tutor_profile_id,
                offering: offering.id,
                slots,
            });
            if out.len() == clients {
                break 'pages;
            }
        }
        cursor = page.next_cursor;
        if cursor.is_none() {
            return Err(Error::Config(format!(
                "not enough bookable tutors with {per_client} free slots for {clients} clients: seed more"
            )));
        }
    }
    Ok(out)
}

fn online(offering: TutorSubjectId, start: chrono::DateTime<chrono::Utc>) -> NewBooking {
    NewBooking {
        tutor_subject_id: offering,
        start_at: start,
        duration_minutes: 60,
        mode: LessonMode::Online,
        location_type: None,
        location_address: None,
        lat: None,
        lng: None,
        meeting_link: Some("https://meet.example/bench".into()),
        notes: None,
    }
}

/// A verified settlement of `p`, as the payment module hands it over.
fn paid(p: &PaymentTransaction) -> PaymentUpdate {
    PaymentUpdate {
        provider: PaymentProvider::Midtrans,
        order_id: p.id.to_string(),
        external_id: Some(format!("bench-{}", p.id)),
        status: PaymentStatus::Paid,
        amount: p.amount,
        currency: p.currency,
        payment_method: Some("bank_transfer".into()),
        dedup_key: format!("midtrans:paid:tx:bench-{}", p.id),
        raw_payload: serde_json::json!({ "order_id": p.id.to_string() }),
    }
}

/// pgbench's TPC-B-like load (scale `scale`) on its own database of the same server:
/// `(clients, TPS)` for `clients` and for 1 client. `None` when pgbench is not installed.
pub async fn pgbench(
    url: &str,
    clients: usize,
    scale: u32,
    seconds: u32,
) -> Result<Option<Vec<(usize, f64)>>> {
    let Some(bin) = pgbench_binary() else {
        return Ok(None);
    };
    use sqlx::Connection;
    let name = format!("blajarplus_pgbench_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(url).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    let target = database_url(url, &name);
    let run = |args: Vec<String>| {
        let out = std::process::Command::new(&bin)
            .args(&args)
            .arg(&target)
            .output()
            .map_err(|e| Error::Config(format!("cannot run pgbench: {e}")))?;
        if !out.status.success() {
            return Err(Error::Config(format!(
                "pgbench failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).to_string())
    };
    run(vec![
        "-i".into(),
        "-s".into(),
        scale.to_string(),
        "-q".into(),
    ])?;
    let mut tps = Vec::new();
    for clients in [clients, 1] {
        let out = run(vec![
            "-c".into(),
            clients.to_string(),
            "-j".into(),
            clients.min(2).to_string(),
            "-M".into(),
            "prepared".into(),
            "-T".into(),
            seconds.to_string(),
        ])?;
        let value = out
            .lines()
            .find(|l| l.starts_with("tps = "))
            .and_then(|l| l["tps = ".len()..].split_whitespace().next())
            .and_then(|v| v.parse::<f64>().ok())
            .ok_or_else(|| Error::Config(format!("no tps in pgbench output: {out}")))?;
        tps.push((clients, value));
    }
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    Ok(Some(tps))
}

/// A pool of `connections` on the SQLite file at `url`, set as the library sets its own (WAL,
/// `synchronous = NORMAL`, a busy timeout): what a hand-written app would open.
pub async fn sqlite_pool(url: &str, connections: u32) -> Result<sqlx::SqlitePool> {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
    let options: SqliteConnectOptions = url
        .parse::<SqliteConnectOptions>()?
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(StdDuration::from_secs(30));
    Ok(sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(connections)
        .connect_with(options)
        .await?)
}

/// The TPC-B-like loop's teller and branch updates.
const TELLER: &str = "UPDATE bench_tpcb_tellers SET tbalance = tbalance + $1 WHERE tid = $2";
/// See [`TELLER`].
const BRANCH: &str = "UPDATE bench_tpcb_branches SET bbalance = bbalance + $1 WHERE bid = $2";

/// pgbench's TPC-B-like transaction (update an account, read it back, update its teller and
/// branch, append a history row) as a raw sqlx loop on the SQLite file at `url`, in tables of
/// its own (`bench_tpcb_*`, pgbench's sizes at `scale`, dropped after): `(clients, TPS)` for
/// `clients` tasks and for 1, `seconds` each. Each transaction starts `BEGIN IMMEDIATE`, as the
/// library's do: SQLite has one writer at a time.
pub async fn sqlite_tpcb(
    url: &str,
    clients: usize,
    scale: u32,
    seconds: u32,
) -> Result<Vec<(usize, f64)>> {
    use rand::{Rng, SeedableRng};
    let pool = sqlite_pool(url, clients.max(1) as u32).await?;
    let accounts = i64::from(scale.max(1)) * 100_000;
    let branches = i64::from(scale.max(1));
    let drop_all = "DROP TABLE IF EXISTS bench_tpcb_accounts; \
         DROP TABLE IF EXISTS bench_tpcb_tellers; DROP TABLE IF EXISTS bench_tpcb_branches; \
         DROP TABLE IF EXISTS bench_tpcb_history";
    sqlx::raw_sql(drop_all).execute(&pool).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "CREATE TABLE bench_tpcb_branches (bid INTEGER PRIMARY KEY, bbalance INTEGER NOT NULL); \
         CREATE TABLE bench_tpcb_tellers (tid INTEGER PRIMARY KEY, bid INTEGER NOT NULL, \
           tbalance INTEGER NOT NULL); \
         CREATE TABLE bench_tpcb_accounts (aid INTEGER PRIMARY KEY, bid INTEGER NOT NULL, \
           abalance INTEGER NOT NULL); \
         CREATE TABLE bench_tpcb_history (tid INTEGER, bid INTEGER, aid INTEGER, \
           delta INTEGER, mtime TEXT); \
         BEGIN; \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {branches}) \
           INSERT INTO bench_tpcb_branches SELECT i, 0 FROM n; \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {tellers}) \
           INSERT INTO bench_tpcb_tellers SELECT i, (i - 1) / 10 + 1, 0 FROM n; \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {accounts}) \
           INSERT INTO bench_tpcb_accounts SELECT i, (i - 1) / 100000 + 1, 0 FROM n; \
         COMMIT",
        tellers = branches * 10
    )))
    .execute(&pool)
    .await?;
    let mut tps = Vec::new();
    for level in [clients.max(1), 1] {
        let until = Instant::now() + StdDuration::from_secs(u64::from(seconds.max(1)));
        let started = Instant::now();
        let tasks: Vec<_> = (0..level)
            .map(|task| {
                let pool = pool.clone();
                tokio::spawn(async move {
                    let mut r = rand_chacha::ChaCha8Rng::seed_from_u64(task as u64);
                    let mut done = 0u64;
                    while Instant::now() < until {
                        let (aid, tid, bid, delta) = (
                            r.random_range(1..=accounts),
                            r.random_range(1..=branches * 10),
                            r.random_range(1..=branches),
                            r.random_range(-5000..=5000i64),
                        );
                        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                        sqlx::query(
                            "UPDATE bench_tpcb_accounts SET abalance = abalance + $1 \
                             WHERE aid = $2",
                        )
                        .bind(delta)
                        .bind(aid)
                        .execute(&mut *tx)
                        .await?;
                        let _: i64 = sqlx::query_scalar(
                            "SELECT abalance FROM bench_tpcb_accounts WHERE aid = $1",
                        )
                        .bind(aid)
                        .fetch_one(&mut *tx)
                        .await?;
                        // pgbench's teller and branch updates: the same statement on two
                        // tables.
                        for (update, key) in [(TELLER, tid), (BRANCH, bid)] {
                            sqlx::query(update)
                                .bind(delta)
                                .bind(key)
                                .execute(&mut *tx)
                                .await?;
                        }
                        sqlx::query(
                            "INSERT INTO bench_tpcb_history (tid, bid, aid, delta, mtime) \
                             VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)",
                        )
                        .bind(tid)
                        .bind(bid)
                        .bind(aid)
                        .bind(delta)
                        .execute(&mut *tx)
                        .await?;
                        tx.commit().await?;
                        done += 1;
                    }
                    Ok::<u64, sqlx::Error>(done)
                })
            })
            .collect();
        let mut done = 0u64;
        for t in tasks {
            done += t
                .await
                .map_err(|e| Error::Config(format!("a reference task failed: {e}")))??;
        }
        tps.push((level, done as f64 / started.elapsed().as_secs_f64()));
    }
    sqlx::raw_sql(drop_all).execute(&pool).await?;
    pool.close().await;
    Ok(tps)
}

fn pgbench_binary() -> Option<std::path::PathBuf> {
    let candidates = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(
            std::fs::read_dir("/usr/lib/postgresql")
                .into_iter()
                .flatten()
                .flatten()
                .map(|d| d.path().join("bin")),
        );
    candidates.map(|d| d.join("pgbench")).find(|p| p.is_file())
}

/// `url` with its database replaced by `name`.
fn database_url(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_end..]
        .find('/')
        .map_or(base.len(), |i| authority_end + i);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}
