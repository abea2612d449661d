//! A wallet's concurrent first use. Found by the PostgreSQL fault drill: a wallet was created on
//! first use by reading and then inserting (`wallet_of` in `marketplace/ledger.rs`), and
//! settling a lesson's escrow takes the tutor's wallet even for a full refund. Two
//! cancellations of one tutor's lessons at once, before the tutor had a wallet, both inserted
//! one: the second failed with `conflict: this user already has a wallet` instead of
//! cancelling (on PostgreSQL the failed insert also aborts its transaction). Fixed by an
//! idempotent create in the store (`INSERT … ON CONFLICT (user_id) DO NOTHING`, then a read).
//!
//! Runs on PostgreSQL (where the race is real), in-memory SQLite and an SQLite file (a pool of
//! connections; `BEGIN IMMEDIATE` serialises the writers there).

mod support;

use blajarplus::store::Store;
use blajarplus::types::*;
use chrono::Duration;
use support::market::*;

/// Eight cancellations of one tutor's paid lessons at once, before the tutor has a wallet:
/// every one succeeds, and the tutor ends with exactly one (empty) wallet.
async fn concurrent_cancellations_before_the_tutor_has_a_wallet_all_succeed(store: Store) {
    let w = world(store).await;
    let mut lessons = Vec::new();
    for i in [0, 1, 2, 3, 4, 7, 8, 9] {
        lessons.push(paid_booking(&w, monday_16() + Duration::days(i)).await.id);
    }
    let tasks: Vec<_> = lessons
        .into_iter()
        .map(|b| {
            let (m, tutor) = (w.m.clone(), w.tutor);
            tokio::spawn(async move { m.cancel_booking(&tutor, b, None).await })
        })
        .collect();
    for t in tasks {
        let b = t.await.unwrap().unwrap();
        assert_eq!(b.status, BookingStatus::Cancelled);
    }
    // A tutor's cancellation refunds in full: the wallet exists and holds nothing.
    let wallet = w.m.my_wallet(&w.tutor).await.unwrap();
    assert_eq!(wallet.user_id, w.tutor.user_id);
    assert!(wallet.balance.is_zero());
    assert!(w.m.verify_ledger().await.unwrap().violations.is_empty());
}

/// Many first uses of one wallet at once all get the same wallet.
async fn concurrent_first_uses_get_one_wallet(store: Store) {
    let w = world(store).await;
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (m, student) = (w.m.clone(), w.student);
            tokio::spawn(async move { m.my_wallet(&student).await })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap().unwrap().id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "one wallet per user: {ids:?}");
}

conformance!(
    concurrent_cancellations_before_the_tutor_has_a_wallet_all_succeed,
    concurrent_first_uses_get_one_wallet,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn sqlite_file_concurrent_cancellations_before_the_tutor_has_a_wallet_all_succeed() {
    let (store, _dir) = support::sqlite_file_store().await;
    concurrent_cancellations_before_the_tutor_has_a_wallet_all_succeed(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn sqlite_file_concurrent_first_uses_get_one_wallet() {
    let (store, _dir) = support::sqlite_file_store().await;
    concurrent_first_uses_get_one_wallet(store).await;
}
