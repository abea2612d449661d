//! Races on an SQLite *file* (WAL, a pool of connections), where writers really contend: the
//! in-memory store of the other suites lives on a single connection, which would hide a
//! locking bug. The same races also run on PostgreSQL and in-memory SQLite through
//! `conformance!`.

mod support;

use blajarplus::Error;
use blajarplus::store::*;
use chrono::Duration;
use support::at;
use support::fixtures::*;

/// 32 tasks book overlapping hours of one tutor at once: exactly one commits, every other one
/// fails with the overlap conflict, and only the winner is stored.
async fn booking_race(store: Store) {
    let (student, _, profile) = seed_tutor(&store).await;
    let start = at(2026, 12, 2, 2, 0);
    let mut tasks = Vec::new();
    for i in 0..32 {
        let store = store.clone();
        let b = booking(
            student.id,
            profile.id,
            start + Duration::minutes(i % 4 * 15),
            60,
        );
        tasks.push(tokio::spawn(async move {
            let mut tx = store.begin().await?;
            tx.insert_booking(&b).await?;
            tx.commit().await?;
            Ok::<_, Error>(b)
        }));
    }
    let mut winners = Vec::new();
    let mut losers = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(b) => winners.push(b),
            Err(e) => {
                assert_eq!(
                    e,
                    Error::Conflict("the tutor already has a booking at that time".into())
                );
                losers += 1;
            }
        }
    }
    assert_eq!((winners.len(), losers), (1, 31));
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.list_tutor_bookings(profile.id, start, start + Duration::hours(3))
            .await
            .unwrap(),
        winners
    );
}

/// 32 tasks add the same favorite and the same payment at once: one of each wins, the rest
/// get the UNIQUE's conflict.
async fn unique_races(store: Store) {
    let (student, _, profile) = seed_tutor(&store).await;
    let b = booking(student.id, profile.id, at(2026, 12, 2, 2, 0), 60);
    let mut tx = store.begin().await.unwrap();
    tx.insert_booking(&b).await.unwrap();
    tx.commit().await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..32 {
        let store = store.clone();
        let (s, t, bid) = (student.id, profile.id, b.id);
        tasks.push(tokio::spawn(async move {
            let mut tx = store.begin().await?;
            if i % 2 == 0 {
                tx.insert_favorite(&favorite(s, t, micro(now(), i))).await?;
            } else {
                tx.insert_payment(&payment(bid)).await?;
            }
            tx.commit().await
        }));
    }
    let mut wins = [0, 0];
    for (i, t) in tasks.into_iter().enumerate() {
        match t.await.unwrap() {
            Ok(()) => wins[i % 2] += 1,
            Err(e) => assert_eq!(
                e,
                Error::Conflict(
                    if i % 2 == 0 {
                        "this tutor is already a favorite"
                    } else {
                        "this booking already has a payment"
                    }
                    .into()
                )
            ),
        }
    }
    assert_eq!(wins, [1, 1]);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.list_favorites(student.id).await.unwrap().len(), 1);
    assert!(tx.find_payment_by_booking(b.id).await.unwrap().is_some());
}

conformance!(booking_race, unique_races);

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn sqlite_file_booking_race_has_exactly_one_winner() {
    let (store, _dir) = support::sqlite_file_store().await;
    booking_race(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn sqlite_file_unique_races_have_one_winner_each() {
    let (store, _dir) = support::sqlite_file_store().await;
    unique_races(store).await;
}
