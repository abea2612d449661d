//! Known defect, found by the PostgreSQL fault drill: a wallet is created on first use by
//! reading and then inserting (`wallet_of` in `marketplace/ledger.rs`), and settling a lesson's
//! escrow takes the tutor's wallet even for a full refund. Two cancellations of one tutor's
//! lessons at once, before the tutor has a wallet, both insert one: the second fails with
//! `conflict: this user already has a wallet` instead of cancelling. Ignored until fixed
//! (e.g. `INSERT … ON CONFLICT (user_id) DO NOTHING` then read); run with `--ignored`.

mod support;

use blajarplus::types::*;
use chrono::Duration;
use support::market::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "known defect: concurrent first use of a wallet fails with conflict"]
async fn concurrent_cancellations_before_the_tutor_has_a_wallet_all_succeed() {
    let w = world(support::pg_store().await).await;
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
}
