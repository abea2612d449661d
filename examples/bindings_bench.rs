//! The Rust side of the bindings benchmark (performance issue §5; `bench/bindings/`): the same
//! search and the same booking lifecycle that `bench/bindings/bench.py` and `bench.mjs` run
//! through the Python and Node bindings, on a copy of the same seeded SQLite file.
//!
//! ```sh
//! # once, on a scratch copy of the seeded file: pick the lifecycles' offerings and slots
//! cargo run --release -p blajarplus-examples --example bindings_bench -- plan sqlite:///tmp/plan.db plan.json 1000
//! # on a fresh copy: the timed run, one JSON line on stdout
//! cargo run --release -p blajarplus-examples --example bindings_bench -- run sqlite:///tmp/rust.db plan.json
//! ```
//!
//! The plan fixes every input of the run: the marketplace's clock (a `FixedClock` at the plan's
//! `now`, so the planned slots are offered in every run), the search, and for each lifecycle
//! the new student's name and email, the offering and the lesson's start. `bench/bindings/run.sh`
//! runs all three languages and prints the table of `BENCHMARKS.md`.

use std::sync::Arc;
use std::time::Instant;

use blajarplus::clock::FixedClock;
use blajarplus::marketplace::{NewBooking, NewUser, PaymentOutcome, PaymentUpdate, SYSTEM_USERS};
use blajarplus::search::{SearchSort, TutorSearch};
use blajarplus::store::UserRepo;
use blajarplus::types::*;
use blajarplus::{Actor, Error, Marketplace, Result};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use serde_json::{Value, json};

/// Lifecycles per tutor in the plan (lessons two hours apart).
const PER_TUTOR: usize = 5;

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["plan", url, out, n] => {
            let n: usize = n.parse().map_err(|_| Error::Config("n: a number".into()))?;
            let plan = plan(url, n).await?;
            std::fs::write(out, serde_json::to_string_pretty(&plan).unwrap())
                .map_err(|e| Error::Config(format!("{out}: {e}")))?;
            eprintln!("plan: {n} lifecycles -> {out}");
            Ok(())
        }
        ["run", url, plan] => {
            let text =
                std::fs::read_to_string(plan).map_err(|e| Error::Config(format!("{plan}: {e}")))?;
            let plan: Value =
                serde_json::from_str(&text).map_err(|e| Error::Config(format!("{plan}: {e}")))?;
            println!("{}", run(url, &plan).await?);
            Ok(())
        }
        _ => Err(Error::Config(
            "usage: bindings_bench plan URL OUT.json N | run URL PLAN.json".into(),
        )),
    }
}

/// The search every language runs (the plan carries it as JSON, in Python's spelling).
fn search() -> TutorSearch {
    TutorSearch {
        subject: Some("matematika".into()),
        sort: SearchSort::Rating,
        limit: Some(20),
        ..TutorSearch::default()
    }
}

/// Picks `n` lifecycles: bookable tutors in search order, their first active offering and
/// `PER_TUTOR` offered 60-minute slots two hours apart, from two days after `now`.
async fn plan(url: &str, n: usize) -> Result<Value> {
    let now = Utc::now().trunc_subsecs(0);
    let m = Marketplace::open(url)
        .await?
        .with_clock(Arc::new(FixedClock::new(now)));
    let mut tx = m.store().begin().await?;
    let admin = tx
        .list_users_by_role(Role::Admin)
        .await?
        .into_iter()
        .find(|u| u.status == UserStatus::Active && !SYSTEM_USERS.contains(&u.id))
        .ok_or_else(|| Error::Config("no admin: seed the database first".into()))?;
    drop(tx);
    let admin = Actor::admin(admin.id);
    let mut lifecycles = Vec::new();
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
            let Some(offering) = m
                .list_tutor_subjects(&admin, t.tutor_profile_id)
                .await?
                .into_iter()
                .find(|o| o.is_active)
            else {
                continue;
            };
            let from = now + Duration::days(2);
            let slots = m
                .available_slots(t.tutor_profile_id, from, from + Duration::days(40), 60)
                .await?;
            let mut last: Option<DateTime<Utc>> = None;
            let mut taken = 0;
            for s in &slots {
                if taken == PER_TUTOR {
                    break;
                }
                if last.is_some_and(|l| s.start < l + Duration::hours(2)) {
                    continue;
                }
                last = Some(s.start);
                taken += 1;
                let i = lifecycles.len();
                lifecycles.push(json!({
                    "full_name": format!("Siswa Bindbench {i}"),
                    "email": format!("bindbench-{i}@bench.blajarplus.id"),
                    "tutor_subject_id": offering.id,
                    "start_at": s.start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                }));
                if lifecycles.len() == n {
                    break 'pages;
                }
            }
        }
        cursor = page.next_cursor;
        if cursor.is_none() {
            return Err(Error::Config(format!(
                "only {} lifecycles found: seed more tutors",
                lifecycles.len()
            )));
        }
    }
    Ok(json!({
        "now": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "search": { "subject": "matematika", "sort": "rating", "limit": 20 },
        "search_warmup": 50,
        "search_calls": 1000,
        "lifecycle_warmup": 20,
        "lifecycles": lifecycles,
    }))
}

fn us(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn p50(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s[s.len() / 2]
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// The timed run: the search `search_calls` times in a row, then every lifecycle in a row
/// (the first `lifecycle_warmup` of each untimed).
async fn run(url: &str, plan: &Value) -> Result<Value> {
    let now: DateTime<Utc> = serde_json::from_value(plan["now"].clone()).expect("plan.now");
    let m = Marketplace::open(url)
        .await?
        .with_clock(Arc::new(FixedClock::new(now)));

    for _ in 0..plan["search_warmup"].as_u64().unwrap() {
        m.search_tutors(search()).await?;
    }
    let calls = plan["search_calls"].as_u64().unwrap() as usize;
    let mut times = Vec::with_capacity(calls);
    let mut first = None;
    let started = Instant::now();
    for _ in 0..calls {
        let t = Instant::now();
        let page = m.search_tutors(search()).await?;
        times.push(us(t.elapsed()));
        first.get_or_insert((page.items.len(), page.items[0].tutor_profile_id, page.total));
    }
    let search_total = started.elapsed();
    let (hits, first_id, total) = first.unwrap();

    let warmup = plan["lifecycle_warmup"].as_u64().unwrap() as usize;
    let all = plan["lifecycles"].as_array().unwrap();
    let (mut life, mut steps) = (Vec::new(), [const { Vec::<f64>::new() }; 4]);
    let mut timed_total = std::time::Duration::ZERO;
    for (i, l) in all.iter().enumerate() {
        let t0 = Instant::now();
        let student = m
            .register_user(NewUser {
                role: Role::Student,
                full_name: l["full_name"].as_str().unwrap().into(),
                email: Some(l["email"].as_str().unwrap().into()),
                phone: None,
                password: None,
            })
            .await?;
        let actor = Actor::student(student.id);
        let t1 = Instant::now();
        let booking = m
            .create_booking(
                &actor,
                NewBooking {
                    tutor_subject_id: serde_json::from_value(l["tutor_subject_id"].clone())
                        .expect("tutor_subject_id"),
                    start_at: serde_json::from_value(l["start_at"].clone()).expect("start_at"),
                    duration_minutes: 60,
                    mode: LessonMode::Online,
                    location_type: None,
                    location_address: None,
                    lat: None,
                    lng: None,
                    meeting_link: Some("https://meet.example/bench".into()),
                    notes: None,
                },
            )
            .await?;
        let t2 = Instant::now();
        let p = m
            .checkout(&actor, booking.id, PaymentProvider::Midtrans)
            .await?
            .payment;
        let t3 = Instant::now();
        let outcome = m
            .apply_payment_update(PaymentUpdate {
                provider: PaymentProvider::Midtrans,
                order_id: p.id.to_string(),
                external_id: Some(format!("bench-{}", p.id)),
                status: PaymentStatus::Paid,
                amount: p.amount,
                currency: p.currency,
                payment_method: Some("bank_transfer".into()),
                dedup_key: format!("midtrans:paid:tx:bench-{}", p.id),
                raw_payload: json!({ "order_id": p.id.to_string() }),
            })
            .await?;
        let t4 = Instant::now();
        if outcome != PaymentOutcome::Applied {
            return Err(Error::Internal(format!("payment {} was {outcome:?}", p.id)));
        }
        if i >= warmup {
            life.push(us(t4 - t0));
            timed_total += t4 - t0;
            for (k, d) in [t1 - t0, t2 - t1, t3 - t2, t4 - t3].into_iter().enumerate() {
                steps[k].push(us(d));
            }
        }
    }
    // The no-op the bindings' `version_async()` awaits (a zero sleep: one timer tick), for
    // comparing their bridge probes with.
    let mut zero = Vec::with_capacity(2000);
    for _ in 0..2000 {
        let t = Instant::now();
        tokio::time::sleep(std::time::Duration::ZERO).await;
        zero.push(us(t.elapsed()));
    }
    Ok(json!({
        "lang": "rust",
        "api": "async (tokio, #[tokio::main])",
        "search": {
            "calls": calls, "p50_us": p50(&times), "mean_us": mean(&times),
            "total_ms": search_total.as_secs_f64() * 1e3,
            "hits": hits, "total": total, "first": first_id,
        },
        "lifecycle": {
            "count": life.len(), "mean_us": mean(&life), "p50_us": p50(&life),
            "total_ms": timed_total.as_secs_f64() * 1e3,
            "steps_mean_us": {
                "register_user": mean(&steps[0]), "create_booking": mean(&steps[1]),
                "checkout": mean(&steps[2]), "apply_payment_update": mean(&steps[3]),
            },
        },
        "bridge": { "sleep_zero_us": p50(&zero) },
    }))
}
