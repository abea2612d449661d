//! The SQLite crash drill (reliability issue, drill 4): a child process runs money-moving
//! lifecycles on a database file and is killed with SIGKILL at random moments, many times.
//! After every kill the file passes `PRAGMA integrity_check`, the ledger verifies, no tutor has
//! overlapping lessons, and the escrow holds exactly what the paid, uncancelled lessons cost
//! (an interrupted lifecycle leaves a whole state, never half of a move).
//!
//! The child is this test binary again, started with `BLAJARPLUS_CRASH_CHILD` naming the
//! database, the student and the offering; it loops create → checkout → payment → tutor
//! cancels with a full refund (escrow held, then returned) until killed.
//! `BLAJARPLUS_CRASH_ROUNDS` sets the number of kills (default 12, a few seconds).

mod support;

use blajarplus::Actor;
use blajarplus::Marketplace;
use blajarplus::marketplace::{PaymentKeys, PaymentOutcome, PaymentUpdate};
use blajarplus::store::{BookingRepo, PaymentRepo, Store, TutorRepo};
use blajarplus::types::*;
use chrono::Duration;
use sqlx::Connection;
use std::process::{Command, Stdio};
use support::market::*;

const CHILD: &str = "BLAJARPLUS_CRASH_CHILD";

/// The child's loop (runs only when the parent starts this test with [`CHILD`] set).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crash_child() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let parts: Vec<&str> = spec.split('|').collect();
    let [url, student, tutor, offering] = parts[..] else {
        panic!("bad {CHILD}: {spec}");
    };
    let m = Marketplace::open(url)
        .await
        .unwrap()
        .with_payment_keys(PaymentKeys {
            midtrans_server_key: Some(MIDTRANS_KEY.into()),
            xendit_callback_token: None,
        });
    let student = Actor::student(UserId::parse(student).unwrap());
    let tutor_user = Actor::tutor(UserId::parse(tutor).unwrap());
    let offering = TutorSubjectId::parse(offering).unwrap();
    let tutor_profile = {
        let mut tx = m.store().begin_read().await.unwrap();
        let offering = TutorRepo::get_tutor_subject(&mut tx, offering)
            .await
            .unwrap();
        offering.unwrap().tutor_profile_id
    };
    loop {
        let from = m.now() + Duration::days(2);
        let slots = m
            .available_slots(tutor_profile, from, from + Duration::days(14), 60)
            .await
            .unwrap();
        let b = m
            .create_booking(&student, online(offering, slots[0].start))
            .await
            .unwrap();
        let c = m
            .checkout(&student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
        m.apply_payment_update(settlement(&c.payment))
            .await
            .unwrap();
        m.cancel_booking(&tutor_user, b.id, Some("sakit".into()))
            .await
            .unwrap();
    }
}

/// The provider's settlement of `p` (the same notification every time it is delivered).
fn settlement(p: &PaymentTransaction) -> PaymentUpdate {
    PaymentUpdate {
        provider: PaymentProvider::Midtrans,
        order_id: p.id.to_string(),
        external_id: Some(format!("crash-{}", p.id)),
        status: PaymentStatus::Paid,
        amount: p.amount,
        currency: p.currency,
        payment_method: Some("qris".into()),
        dedup_key: format!("midtrans:paid:tx:crash-{}", p.id),
        raw_payload: serde_json::json!({ "order_id": p.id.to_string() }),
    }
}

#[tokio::test]
async fn sqlite_survives_sigkill_at_random_moments() {
    if std::env::var(CHILD).is_ok() {
        return;
    }
    let rounds: usize = std::env::var("BLAJARPLUS_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(12);
    let dir = support::tempfile_dir::TempDir::new();
    let url = format!("sqlite://{}/crash.db", dir.path());
    // The world, with the system clock: the child books from the real "now" on.
    let w = world(Store::open(&url).await.unwrap()).await;
    let spec = format!(
        "{url}|{}|{}|{}",
        w.student.user_id, w.tutor.user_id, w.teaches.id
    );
    let admin = w.admin.user_id;
    drop(w);
    let exe = std::env::current_exe().unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut cancelled_before = 0;
    let mut progressed = 0;
    for round in 0..rounds {
        let mut child = Command::new(&exe)
            .args(["--exact", "crash_child", "--nocapture"])
            .env(CHILD, &spec)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // xorshift: a kill 150–900 ms in, after the child's start-up, at varying points of
        // its transactions.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = 150 + seed % 750;
        tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let store = Store::open(&url).await.unwrap();
        let m = Marketplace::new(store.clone());
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut c)
            .await
            .unwrap();
        assert_eq!(integrity, "ok", "round {round}");
        c.close().await.unwrap();
        let report = m.verify_ledger().await.unwrap();
        assert!(
            report.violations.is_empty(),
            "round {round}: {:?}",
            report.violations
        );
        let mut tx = store.begin_read().await.unwrap();
        let bookings = BookingRepo::list_all_bookings(&mut tx).await.unwrap();
        drop(tx);
        // Whatever the kill interrupted is either fully there or not at all: escrow holds
        // exactly what the confirmed (paid, not yet cancelled) lessons cost — an interrupted
        // lifecycle leaves a draft, an unpaid checkout or a paid lesson, never half of a move.
        let confirmed: rust_decimal::Decimal = bookings
            .iter()
            .filter(|b| b.status == BookingStatus::Confirmed)
            .map(|b| b.total_amount)
            .sum();
        assert_eq!(report.escrow, confirmed, "round {round}");
        // The provider retries the notification of a checkout the kill interrupted: it takes
        // effect once (the lesson is confirmed, its money held), whatever was recorded before.
        for b in bookings
            .iter()
            .filter(|b| b.status == BookingStatus::PendingPayment)
        {
            let mut tx = store.begin_read().await.unwrap();
            let p = PaymentRepo::find_payment_by_booking(&mut tx, b.id)
                .await
                .unwrap();
            drop(tx);
            let outcome = m
                .apply_payment_update(settlement(&p.unwrap()))
                .await
                .unwrap();
            assert!(
                matches!(outcome, PaymentOutcome::Applied | PaymentOutcome::Duplicate),
                "round {round}: {outcome:?}"
            );
            let after = m.get_booking(&Actor::admin(admin), b.id).await.unwrap();
            assert_eq!(
                after.status,
                BookingStatus::Confirmed,
                "round {round}: retried, no effect"
            );
        }
        let report = m.verify_ledger().await.unwrap();
        assert!(
            report.violations.is_empty(),
            "round {round}: {:?}",
            report.violations
        );
        let cancelled = bookings
            .iter()
            .filter(|b| b.status == BookingStatus::Cancelled)
            .count();
        if cancelled > cancelled_before {
            progressed += 1;
        }
        cancelled_before = cancelled;
        let mut held: Vec<_> = bookings
            .iter()
            .filter(|b| b.status.holds_slot())
            .map(|b| (b.start_at, b.end_at))
            .collect();
        held.sort();
        for pair in held.windows(2) {
            assert!(pair[0].1 <= pair[1].0, "round {round}: overlap {pair:?}");
        }
        store.close().await;
    }
    // The drill must have exercised something: lifecycles completed in most rounds.
    assert!(
        progressed * 2 >= rounds,
        "lifecycles completed in only {progressed} of {rounds} rounds"
    );
}
