//! The store conformance suite: written once, run on SQLite and on PostgreSQL.
//!
//! Each function below receives a fresh, migrated store; `conformance!` at the bottom runs it
//! on both backends. A behaviour difference between the two databases fails one half.

mod support;

use blajarplus::Error;
use blajarplus::store::*;
use blajarplus::types::*;
use support::at;
use support::fixtures::*;

fn code(e: &Error) -> &'static str {
    e.code()
}

/// Runs one call in its own transaction, expects it to fail, and returns the error; the
/// transaction is dropped (rolled back). A failed call poisons its transaction on both
/// backends, so each expected failure gets a transaction of its own.
macro_rules! fails {
    ($store:expr, |$tx:ident| $call:expr) => {{
        let mut $tx = $store.begin().await.unwrap();
        let err = $call.await.expect_err("expected an error");
        let next = $tx.get_user(UserId::new()).await.unwrap_err();
        assert_eq!(
            next.code(),
            "database",
            "a failed call poisons its transaction"
        );
        assert_eq!($tx.commit().await.unwrap_err().code(), "database");
        err
    }};
}

async fn user_round_trips_every_column(store: Store) {
    let mut u = user(Role::Student);
    u.email = Some("budi.santoso@example.id".into());
    u.phone = Some("+6281234567890".into());
    u.full_name = "Budi Santoso — 佐藤 ✓".into();
    u.avatar_url = Some("https://cdn.example/a.png".into());
    u.gender = Some("male".into());
    u.birthdate = Some(chrono::NaiveDate::from_ymd_opt(2001, 2, 28).unwrap());
    u.last_login_at = Some(at(2026, 11, 24, 23, 59) + chrono::Duration::microseconds(123_456));
    u.deleted_at = None;
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&u).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_user(u.id).await.unwrap().as_ref(), Some(&u));
    assert_eq!(
        tx.find_user_by_email("budi.santoso@example.id")
            .await
            .unwrap()
            .map(|x| x.id),
        Some(u.id)
    );
    assert_eq!(
        tx.find_user_by_phone("+6281234567890")
            .await
            .unwrap()
            .map(|x| x.id),
        Some(u.id)
    );
    assert!(tx.get_user(UserId::new()).await.unwrap().is_none());

    // Nulls round-trip too.
    let mut bare = user(Role::Admin);
    bare.email = None;
    bare.password_hash = None;
    tx.insert_user(&bare).await.unwrap();
    assert_eq!(tx.get_user(bare.id).await.unwrap(), Some(bare.clone()));

    // Update rewrites every column.
    let mut changed = u.clone();
    changed.status = UserStatus::Suspended;
    changed.full_name = "Budi S.".into();
    changed.birthdate = None;
    changed.updated_at = at(2026, 11, 26, 0, 0);
    tx.update_user(&changed).await.unwrap();
    assert_eq!(tx.get_user(u.id).await.unwrap(), Some(changed));
    let ghost = user(Role::Student);
    assert_eq!(
        code(&tx.update_user(&ghost).await.unwrap_err()),
        "not_found"
    );
    assert_eq!(
        tx.list_users_by_role(Role::Admin)
            .await
            .unwrap()
            .iter()
            .map(|x| x.id)
            .filter(|id| !blajarplus::marketplace::SYSTEM_USERS.contains(id))
            .collect::<Vec<_>>(),
        vec![bare.id]
    );
    tx.commit().await.unwrap();
}

async fn duplicate_email_is_a_typed_conflict_and_writes_nothing(store: Store) {
    let a = user(Role::Student);
    let mut b = user(Role::Tutor);
    b.email = a.email.clone();
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&a).await.unwrap();
    tx.commit().await.unwrap();

    let err = fails!(store, |tx| tx.insert_user(&b));
    assert_eq!(err, Error::Conflict("email already registered".into()));
    let mut tx = store.begin().await.unwrap();
    assert!(tx.get_user(b.id).await.unwrap().is_none());

    let mut c = user(Role::Student);
    c.phone = Some("+628111".into());
    let mut d = user(Role::Student);
    d.phone = Some("+628111".into());
    tx.insert_user(&c).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        fails!(store, |tx| tx.insert_user(&d)),
        Error::Conflict("phone already registered".into())
    );
}

async fn checks_reject_bad_rows_with_the_field(store: Store) {
    let (_, tutor_user, profile) = seed_tutor(&store).await;

    let mut p = profile.clone();
    p.response_rate = 101;
    let err = fails!(store, |tx| tx.update_tutor_profile(&p));
    assert_eq!(err.code(), "validation", "{err}");
    assert_eq!(err.field(), Some("response_rate"));

    let mut rule = availability(profile.id, 7);
    let err = fails!(store, |tx| tx.insert_availability(&rule));
    assert_eq!(err.field(), Some("day_of_week"), "{err}");
    rule.day_of_week = 1;
    rule.end_time = rule.start_time;
    let err = fails!(store, |tx| tx.insert_availability(&rule));
    assert_eq!(err.code(), "validation", "{err}");

    let mut long = user(Role::Student);
    long.full_name = "x".repeat(256);
    let err = fails!(store, |tx| tx.insert_user(&long));
    assert_eq!(err.code(), "validation", "{err}");

    let mut overflow = profile.clone();
    overflow.rating_avg = dec("10.0");
    let err = fails!(store, |tx| tx.update_tutor_profile(&overflow));
    assert_eq!(err.code(), "validation", "{err}");

    let wallet = Wallet {
        id: WalletId::new(),
        user_id: tutor_user.id,
        balance: dec("0.00"),
        currency: Currency::IDR,
        created_at: now(),
        updated_at: now(),
        deleted_at: None,
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_wallet(&wallet).await.unwrap();
    tx.commit().await.unwrap();
    let err = fails!(store, |tx| tx.adjust_wallet_balance(
        wallet.id,
        dec("-0.01"),
        now()
    ));
    assert_eq!(err.field(), Some("balance"), "{err}");

    // Nothing of the failed transactions is visible.
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.get_wallet(wallet.id).await.unwrap().unwrap().balance,
        dec("0.00")
    );
    assert!(tx.get_user(long.id).await.unwrap().is_none());
    assert_eq!(
        tx.get_tutor_profile(profile.id).await.unwrap(),
        Some(profile.clone())
    );
    assert!(
        tx.list_availabilities(&[profile.id])
            .await
            .unwrap()
            .is_empty()
    );
}

async fn money_is_exact_at_the_column_limits(store: Store) {
    let (_, tutor_user, mut profile) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    profile.hourly_rate = dec("9999999999.99");
    tx.update_tutor_profile(&profile).await.unwrap();
    let got = tx.get_tutor_profile(profile.id).await.unwrap().unwrap();
    assert_eq!(got.hourly_rate.to_string(), "9999999999.99");

    let wallet = Wallet {
        id: WalletId::new(),
        user_id: tutor_user.id,
        balance: dec("0.10"),
        currency: Currency::IDR,
        created_at: now(),
        updated_at: now(),
        deleted_at: None,
    };
    tx.insert_wallet(&wallet).await.unwrap();
    // 0.1 + 0.2 is not 0.30000000000000004 here.
    let b = tx
        .adjust_wallet_balance(wallet.id, dec("0.20"), now())
        .await
        .unwrap();
    assert_eq!(b, dec("0.30"));
    let b = tx
        .adjust_wallet_balance(wallet.id, dec("9999999999.69"), now())
        .await
        .unwrap();
    assert_eq!(b.to_string(), "9999999999.99");
    let w = tx.get_wallet(wallet.id).await.unwrap().unwrap();
    assert_eq!(w.balance, dec("9999999999.99"));
    tx.commit().await.unwrap();
    let err = fails!(store, |tx| tx.adjust_wallet_balance(
        wallet.id,
        dec("0.01"),
        now()
    ));
    assert_eq!(err.code(), "validation", "{err}");
}

async fn overlapping_active_bookings_are_refused(store: Store) {
    let (student, _, profile) = seed_tutor(&store).await;
    let ten = at(2026, 12, 1, 3, 0);
    let first = booking(student.id, profile.id, ten, 60);
    let mut tx = store.begin().await.unwrap();
    tx.insert_booking(&first).await.unwrap();
    tx.commit().await.unwrap();

    // Overlapping in any slot-holding status: refused.
    let mut clash = booking(
        student.id,
        profile.id,
        ten + chrono::Duration::minutes(30),
        60,
    );
    for status in BookingStatus::HOLDS_SLOT {
        clash.id = BookingId::new();
        clash.status = *status;
        let err = fails!(store, |tx| tx.insert_booking(&clash));
        assert_eq!(
            err,
            Error::Conflict("the tutor already has a booking at that time".into()),
            "{status}"
        );
    }
    let mut tx = store.begin().await.unwrap();
    // Adjacent [11:00, 12:00) is fine; so are drafts and cancelled bookings on top.
    tx.insert_booking(&booking(
        student.id,
        profile.id,
        ten + chrono::Duration::minutes(60),
        60,
    ))
    .await
    .unwrap();
    for status in [BookingStatus::Draft, BookingStatus::Cancelled] {
        let mut b = booking(student.id, profile.id, ten, 60);
        b.status = status;
        tx.insert_booking(&b).await.unwrap();
    }
    // Another tutor at the same time is fine.
    let other_user = user(Role::Tutor);
    let other = tutor_profile(other_user.id);
    tx.insert_user(&other_user).await.unwrap();
    tx.insert_tutor_profile(&other).await.unwrap();
    tx.insert_booking(&booking(student.id, other.id, ten, 60))
        .await
        .unwrap();
    let mut draft = booking(student.id, profile.id, ten, 60);
    draft.status = BookingStatus::Draft;
    tx.insert_booking(&draft).await.unwrap();
    tx.commit().await.unwrap();

    // Moving a draft onto the taken time through an update is refused too.
    let mut held = draft.clone();
    held.status = BookingStatus::PendingPayment;
    held.updated_at = at(2026, 11, 25, 4, 0);
    let err = fails!(store, |tx| tx
        .update_booking_if_status(&held, BookingStatus::Draft));
    assert_eq!(err.code(), "conflict");

    let mut tx = store.begin().await.unwrap();
    // Cancelling frees the slot.
    let mut cancelled = first.clone();
    cancelled.status = BookingStatus::Cancelled;
    cancelled.updated_at = at(2026, 11, 25, 4, 0);
    assert!(
        tx.update_booking_if_status(&cancelled, BookingStatus::Confirmed)
            .await
            .unwrap()
    );
    assert!(
        tx.update_booking_if_status(&held, BookingStatus::Draft)
            .await
            .unwrap()
    );
    // Compare-and-swap: a stale expected status changes nothing.
    let mut again = cancelled.clone();
    again.status = BookingStatus::Completed;
    assert!(
        !tx.update_booking_if_status(&again, BookingStatus::Confirmed)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_booking(first.id).await.unwrap(), Some(cancelled));
    assert_eq!(tx.get_booking(held.id).await.unwrap(), Some(held));
}

async fn concurrent_bookings_for_one_slot_have_one_winner(store: Store) {
    let (student, _, profile) = seed_tutor(&store).await;
    let start = at(2026, 12, 2, 2, 0);
    let mut tasks = Vec::new();
    for i in 0..32 {
        let store = store.clone();
        let b = booking(
            student.id,
            profile.id,
            start + chrono::Duration::minutes(i % 3 * 15),
            60,
        );
        tasks.push(tokio::spawn(async move {
            let mut tx = store.begin().await?;
            tx.insert_booking(&b).await?;
            tx.commit().await
        }));
    }
    let mut wins = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => wins += 1,
            Err(e) => assert_eq!(e.code(), "conflict", "{e}"),
        }
    }
    assert_eq!(wins, 1);
    let mut tx = store.begin().await.unwrap();
    let all = tx
        .list_tutor_bookings(profile.id, start, start + chrono::Duration::hours(3))
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
}

async fn deleting_a_user_cascades(store: Store) {
    let (student, tutor_user, profile) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    let math = subject("Matematika", None);
    tx.insert_subject(&math).await.unwrap();
    let ts = tutor_subject(profile.id, math.id);
    tx.insert_tutor_subject(&ts).await.unwrap();
    tx.insert_availability(&availability(profile.id, 1))
        .await
        .unwrap();
    let b = booking(student.id, profile.id, at(2026, 12, 3, 1, 0), 60);
    tx.insert_booking(&b).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_user(tutor_user.id).await.unwrap());
    assert!(tx.get_tutor_profile(profile.id).await.unwrap().is_none());
    assert!(tx.get_tutor_subject(ts.id).await.unwrap().is_none());
    assert!(
        tx.list_availabilities(&[profile.id])
            .await
            .unwrap()
            .is_empty()
    );
    assert!(tx.get_booking(b.id).await.unwrap().is_none());
    // The subject itself is not owned by the tutor.
    assert!(tx.get_subject(math.id).await.unwrap().is_some());
    assert!(!tx.delete_user(tutor_user.id).await.unwrap());
    tx.commit().await.unwrap();
}

/// `updated_at` is the library's clock alone: the store writes what it is given, also when it
/// equals the stored value (two writes in one instant of a fixed clock), never the database's
/// own clock (migration 0004 dropped the triggers that did).
async fn updated_at_is_what_the_writer_wrote(store: Store) {
    let (student, _, _) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    let mut renamed = student.clone();
    renamed.full_name = "Budi".into();
    tx.update_user(&renamed).await.unwrap();
    assert_eq!(
        tx.get_user(student.id).await.unwrap(),
        Some(renamed.clone())
    );
    renamed.full_name = "Budi S".into();
    renamed.updated_at = at(2027, 1, 1, 0, 0);
    tx.update_user(&renamed).await.unwrap();
    assert_eq!(tx.get_user(student.id).await.unwrap(), Some(renamed));
}

async fn dangling_references_are_refused(store: Store) {
    let orphan = tutor_profile(UserId::new());
    let err = fails!(store, |tx| tx.insert_tutor_profile(&orphan));
    assert_eq!(err.code(), "not_found", "{err}");
}

conformance!(
    user_round_trips_every_column,
    duplicate_email_is_a_typed_conflict_and_writes_nothing,
    checks_reject_bad_rows_with_the_field,
    money_is_exact_at_the_column_limits,
    overlapping_active_bookings_are_refused,
    concurrent_bookings_for_one_slot_have_one_winner,
    deleting_a_user_cascades,
    dangling_references_are_refused,
    updated_at_is_what_the_writer_wrote,
);

/// The race again on an SQLite *file* (WAL, a pool of connections): the in-memory store above
/// lives on one connection, which would hide a locking bug.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_bookings_on_an_sqlite_file_have_one_winner() {
    let (store, _dir) = support::sqlite_file_store().await;
    concurrent_bookings_for_one_slot_have_one_winner(store).await;
}

/// libpq's URL forms with an empty host open a real store: the host (a name, or a Unix socket
/// directory) in the `host` parameter, the user before an empty host — e.g.
/// `postgres://user@/db?host=/var/run/postgresql`. The socket directory form runs when the
/// test command names the throwaway cluster's (`BLAJARPLUS_TEST_PG_SOCKET_DIR`).
#[tokio::test]
async fn libpq_urls_with_an_empty_host_open() {
    use sqlx::postgres::PgConnectOptions;
    use std::str::FromStr;
    let url = support::pg_database_url().await;
    let o = PgConnectOptions::from_str(&url).unwrap();
    let (user, db, port) = (
        o.get_username().to_string(),
        o.get_database().unwrap().to_string(),
        o.get_port(),
    );
    let mut urls = vec![format!(
        "postgres://{user}@/{db}?host={}&port={port}",
        o.get_host()
    )];
    if let Ok(dir) = std::env::var("BLAJARPLUS_TEST_PG_SOCKET_DIR") {
        urls.push(format!("postgres://{user}@/{db}?host={dir}&port={port}"));
        urls.push(format!("postgresql://{user}@:{port}/{db}?host={dir}"));
    }
    for u in urls {
        let store = Store::open(&u).await.unwrap_or_else(|e| panic!("{u}: {e}"));
        assert_eq!(store.backend(), Backend::Postgres);
        let mut tx = store.begin().await.unwrap();
        assert_eq!(tx.get_user(UserId::new()).await.unwrap(), None, "{u}");
    }
}
