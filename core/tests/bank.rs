//! A Jepsen-style bank test of the escrow ledger: many tasks run random lifecycles at once
//! (book, pay — often with duplicate notifications delivered concurrently —, cancel, let
//! expire, complete, withdraw, pay out; buy lesson packages the same way and book sessions
//! from them), then the books must balance: `verify_ledger()` finds nothing, and money in
//! equals money out plus what is held, computed independently here.

mod support;

use blajarplus::marketplace::*;
use blajarplus::store::*;
use blajarplus::types::*;
use blajarplus::{Actor, Marketplace};
use chrono::Duration;
use rust_decimal::Decimal;
use std::sync::{Arc, Mutex};
use support::market::*;

#[derive(Default)]
struct Tally {
    withdrawn: Decimal,
}

fn paid(payment: &PaymentTransaction, key: &str) -> PaymentUpdate {
    PaymentUpdate {
        provider: PaymentProvider::Midtrans,
        order_id: payment.id.to_string(),
        external_id: Some(format!("ext-{}", payment.id)),
        status: PaymentStatus::Paid,
        amount: payment.amount,
        currency: payment.currency,
        payment_method: None,
        dedup_key: format!("midtrans:{}:{key}", payment.id),
        raw_payload: serde_json::json!({}),
    }
}

/// Delivers the same "paid" notification `copies` times at once: one applies, the others
/// are duplicates (or lose a race with `conflict`).
async fn deliver(m: &Marketplace, payment: &PaymentTransaction, copies: u64) {
    let mut deliveries = Vec::new();
    for _ in 0..copies {
        let m = m.clone();
        let u = paid(payment, "paid");
        deliveries.push(tokio::spawn(async move { m.apply_payment_update(u).await }));
    }
    for d in deliveries {
        match d.await.unwrap() {
            Ok(_) => {}
            Err(e) => assert_eq!(e.code(), "conflict", "{e}"),
        }
    }
}

async fn run_bank(store: Store) {
    let w = world(store).await;
    let math = {
        let mut tx = w.m.store().begin().await.unwrap();
        tx.get_tutor_subject(w.teaches.id)
            .await
            .unwrap()
            .unwrap()
            .subject_id
    };
    let mut tutors = vec![(w.tutor, w.teaches.id)];
    for i in 0..3 {
        let (t, _, ts) = tutor(&w.m, &format!("tutor{i}@example.id"), math).await;
        tutors.push((t, ts.id));
    }
    let mut students = vec![w.student];
    for i in 0..3 {
        let u =
            w.m.register_user(NewUser {
                role: Role::Student,
                full_name: format!("Student {i}"),
                email: Some(format!("student{i}@example.id")),
                phone: None,
                password: None,
            })
            .await
            .unwrap();
        students.push(Actor::student(u.id));
    }
    // Each tutor offers 3 sessions for 400,000 (133,333 / 133,333 / 133,334), valid 28 days:
    // long enough for every lesson of phase 1, ended by phase 2.
    let mut packages = Vec::new();
    for &(t, ts) in &tutors {
        let p =
            w.m.create_package(
                &t,
                NewPackage {
                    name: "Paket 3x".into(),
                    tutor_subject_id: Some(ts),
                    session_count: 3,
                    session_minutes: 60,
                    total_price: Decimal::from(400_000),
                    valid_days: 28,
                },
            )
            .await
            .unwrap();
        packages.push(p.id);
    }
    let tutors = Arc::new(tutors);
    let students = Arc::new(students);
    let packages = Arc::new(packages);

    // Phase 1: 12 tasks book, pay, duplicate, cancel at random, all at once.
    let mut tasks = Vec::new();
    for task in 0..12u64 {
        let m = w.m.clone();
        let tutors = tutors.clone();
        let students = students.clone();
        let packages = packages.clone();
        tasks.push(tokio::spawn(async move {
            let mut rng = task.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            let mut next = move |n: u64| {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                rng % n
            };
            for _ in 0..6 {
                let t = next(tutors.len() as u64) as usize;
                let (_, ts) = tutors[t];
                let student = students[next(students.len() as u64) as usize];
                // Now and then a package first (paid with duplicates, or left unpaid).
                let purchase = if next(3) == 0 {
                    let Ok(c) = m
                        .buy_package(&student, packages[t], PaymentProvider::Midtrans)
                        .await
                    else {
                        continue;
                    };
                    if next(4) != 0 {
                        deliver(&m, &c.payment, 1 + next(3)).await;
                    }
                    Some(c.purchase.id)
                } else {
                    None
                };
                // Monday–Friday 16:00–20:00 Jakarta, weeks 1–3.
                let start = monday_16()
                    + Duration::days((next(3) * 7 + next(5)) as i64)
                    + Duration::minutes((next(7) * 30) as i64);
                let Ok(b) = m.create_booking(&student, online(ts, start)).await else {
                    continue;
                };
                if let Some(purchase) = purchase {
                    // Unpaid, used up, or the lesson after the purchase's end: refused.
                    if m.book_with_package(&student, b.id, purchase).await.is_err() {
                        continue;
                    }
                } else {
                    let Ok(c) = m.checkout(&student, b.id, PaymentProvider::Midtrans).await else {
                        continue;
                    };
                    // One in four never paid: expires later.
                    if next(4) != 0 {
                        deliver(&m, &c.payment, 1 + next(3)).await;
                    }
                }
                if next(3) == 0 {
                    let _ = m.cancel_booking(&student, b.id, None).await;
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }

    // Phase 2: time passes; three job runners race; tutors withdraw while payouts happen.
    w.clock.set(monday_16() + Duration::days(30));
    let runs: Vec<_> = (0..3)
        .map(|_| {
            let m = w.m.clone();
            tokio::spawn(async move { m.run_due().await.unwrap() })
        })
        .collect();
    for r in runs {
        r.await.unwrap();
    }
    let tally = Arc::new(Mutex::new(Tally::default()));
    let mut tasks = Vec::new();
    for &(t, _) in tutors.iter() {
        let m: Marketplace = w.m.clone();
        let admin = w.admin;
        let tally = tally.clone();
        tasks.push(tokio::spawn(async move {
            for part in [
                Decimal::from(50_000),
                Decimal::from(70_000),
                Decimal::from(1_000_000),
            ] {
                // Two requests at once for the same money: the available balance is respected.
                let (a, b) = tokio::join!(
                    m.request_withdrawal(&t, part),
                    m.request_withdrawal(&t, part)
                );
                for r in [a, b] {
                    match r {
                        Ok(req) => {
                            if part == Decimal::from(70_000) {
                                m.reject_withdrawal(&admin, req.id, None).await.unwrap();
                            } else {
                                let paid = m
                                    .mark_withdrawal_paid(&admin, req.id, Some("BCA-1".into()))
                                    .await
                                    .unwrap();
                                tally.lock().unwrap().withdrawn += paid.amount;
                            }
                        }
                        Err(e) => assert_eq!(e.field(), Some("amount"), "{e}"),
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }

    // The books balance.
    let report = w.m.verify_ledger().await.unwrap();
    assert!(report.violations.is_empty(), "{:#?}", report.violations);
    // Independently: every booking is settled now; completed ones brought in their total,
    // cancelled ones (all early, so fully refunded) brought in nothing.
    let mut tx = w.m.store().begin().await.unwrap();
    let bookings = tx.list_all_bookings().await.unwrap();
    let mut completed = Decimal::ZERO;
    let mut tutor_share = Decimal::ZERO;
    for b in &bookings {
        assert!(
            matches!(
                b.status,
                BookingStatus::Completed | BookingStatus::Cancelled | BookingStatus::Draft
            ),
            "{:?} left in {}",
            b.id,
            b.status
        );
        if b.status == BookingStatus::Completed {
            completed += b.total_amount;
            tutor_share += b.price - b.platform_fee;
        }
    }
    assert!(completed > Decimal::ZERO, "some lessons completed");
    // Every purchase has ended: unpaid ones cancelled, paid ones expired with their unused
    // sessions refunded, so only the sessions taught (completed bookings above) kept money.
    let purchases = tx.list_all_purchases().await.unwrap();
    assert!(
        purchases
            .iter()
            .any(|p| p.status == PurchaseStatus::Expired && p.sessions_remaining < 3),
        "some package sessions were used"
    );
    for p in &purchases {
        assert!(
            matches!(
                p.status,
                PurchaseStatus::Expired | PurchaseStatus::Cancelled
            ),
            "{:?} left in {}",
            p.id,
            p.status
        );
    }
    let withdrawn = tally.lock().unwrap().withdrawn;
    assert!(withdrawn > Decimal::ZERO, "some money was paid out");
    assert_eq!(report.escrow, Decimal::ZERO);
    assert_eq!(
        report.held,
        completed - withdrawn,
        "money in = money out + held"
    );
    assert_eq!(report.wallets, tutor_share - withdrawn);
    let wallets: Decimal = tx
        .list_user_wallets()
        .await
        .unwrap()
        .iter()
        .map(|w| w.balance)
        .sum();
    assert_eq!(wallets, report.wallets);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bank_test_on_postgres() {
    run_bank(support::pg_store().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn bank_test_on_sqlite_file() {
    let (store, _dir) = support::sqlite_file_store().await;
    run_bank(store).await;
}
