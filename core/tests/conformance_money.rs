//! PaymentRepo and LedgerRepo on both backends: payments, payment events, wallets, ledger
//! entries and withdrawals round-trip every column (JSON payloads exactly, decimals at the
//! column limits), lookups and lists keep their order and filters, the ERD's UNIQUEs (one
//! payment per booking, one wallet per user) are typed conflicts that write nothing, and the
//! cascades from users and bookings hold.

mod support;

use blajarplus::Error;
use blajarplus::store::*;
use blajarplus::types::*;
use chrono::Duration;
use serde_json::json;
use support::at;
use support::fixtures::*;

fn bare_payment(booking: BookingId) -> PaymentTransaction {
    PaymentTransaction {
        provider: None,
        payment_method: None,
        external_payment_id: None,
        status: PaymentStatus::Pending,
        amount: dec("0.00"),
        paid_at: None,
        expires_at: None,
        raw_payload: None,
        deleted_at: None,
        ..payment(booking)
    }
}

/// Two committed bookings of one tutor.
async fn two_bookings(store: &Store) -> (User, User, TutorProfile, Booking, Booking) {
    let (student, tutor_user, p) = seed_tutor(store).await;
    let a = booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60);
    let b = booking(student.id, p.id, at(2026, 12, 1, 4, 0), 60);
    let mut tx = store.begin().await.unwrap();
    tx.insert_booking(&a).await.unwrap();
    tx.insert_booking(&b).await.unwrap();
    tx.commit().await.unwrap();
    (student, tutor_user, p, a, b)
}

async fn payment_round_trips_every_column(store: Store) {
    let (_, _, _, a, b) = two_bookings(&store).await;
    let full = PaymentTransaction {
        amount: dec("9999999999.99"),
        deleted_at: Some(micro(now(), 999_999)),
        ..payment(a.id)
    };
    let bare = bare_payment(b.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_payment(&full).await.unwrap();
    tx.insert_payment(&bare).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_payment(full.id).await.unwrap(), Some(full.clone()));
    assert_eq!(tx.get_payment(bare.id).await.unwrap(), Some(bare.clone()));
    assert_eq!(
        tx.get_payment(full.id)
            .await
            .unwrap()
            .unwrap()
            .amount
            .to_string(),
        "9999999999.99"
    );
    assert_eq!(
        tx.find_payment_by_booking(a.id).await.unwrap(),
        Some(full.clone())
    );
    assert_eq!(
        tx.find_payment_by_booking(b.id).await.unwrap(),
        Some(bare.clone())
    );
    assert_eq!(
        tx.find_payment_by_external_id(full.external_payment_id.as_deref().unwrap())
            .await
            .unwrap(),
        Some(full.clone())
    );
    assert_eq!(tx.find_payment_by_external_id("nope").await.unwrap(), None);
    assert_eq!(
        tx.find_payment_by_booking(BookingId::new()).await.unwrap(),
        None
    );
    assert_eq!(tx.get_payment(PaymentId::new()).await.unwrap(), None);

    // Update swaps the shapes.
    let full_now = PaymentTransaction {
        id: bare.id,
        booking_id: Some(b.id),
        provider: Some(PaymentProvider::Manual),
        external_payment_id: Some("manual-éü-1".into()),
        updated_at: micro(now(), 50),
        ..full.clone()
    };
    let bare_now = PaymentTransaction {
        id: full.id,
        status: PaymentStatus::Expired,
        updated_at: micro(now(), 51),
        ..bare_payment(a.id)
    };
    tx.update_payment(&full_now).await.unwrap();
    tx.update_payment(&bare_now).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.get_payment(bare.id).await.unwrap(),
        Some(full_now.clone())
    );
    assert_eq!(tx.get_payment(full.id).await.unwrap(), Some(bare_now));
    assert_eq!(
        tx.find_payment_by_external_id("manual-éü-1").await.unwrap(),
        Some(full_now)
    );
    let ghost = payment(a.id);
    assert_eq!(
        tx.update_payment(&ghost).await.unwrap_err(),
        Error::not_found("payment", ghost.id)
    );
}

async fn json_payloads_round_trip_exactly(store: Store) {
    let (_, _, _, a, _) = two_bookings(&store).await;
    let p = payment(a.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_payment(&p).await.unwrap();
    tx.commit().await.unwrap();
    let payloads = [
        json!({
            "order_id": "order-1",
            "quote\"key": "back\\slash / tab\t newline\n",
            "ünïcödé 🔑": ["日本語", "emoji 🎉", "rtl עברית"],
            "nested": {"deep": {"deeper": [[], {}, [null, true, false]]}},
            "ints": [0, -1, i64::MAX, i64::MIN, u64::MAX],
            "floats": [0.1, -2.5, 1e-7, 1.5e300, 2.0],
            "empty": "",
        }),
        json!([1, "two", {"three": 3}]),
        json!("just a string ✓"),
        json!(12345),
        json!(true),
        json!({}),
    ];
    for (i, payload) in payloads.into_iter().enumerate() {
        let mut tx = store.begin().await.unwrap();
        let next = PaymentTransaction {
            raw_payload: Some(payload),
            updated_at: micro(now(), i as i64 + 1),
            ..p.clone()
        };
        tx.update_payment(&next).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = store.begin().await.unwrap();
        assert_eq!(
            tx.get_payment(p.id).await.unwrap(),
            Some(next),
            "payload {i}"
        );
    }
}

async fn one_payment_per_booking(store: Store) {
    let (_, _, _, a, _) = two_bookings(&store).await;
    let first = payment(a.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_payment(&first).await.unwrap();
    tx.commit().await.unwrap();
    let second = PaymentTransaction {
        provider: Some(PaymentProvider::Xendit),
        external_payment_id: Some("inv-2".into()),
        ..payment(a.id)
    };
    assert_eq!(
        fails_alone!(store, |tx| tx.insert_payment(&second)),
        Error::Conflict("this booking already has a payment".into())
    );
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_payment(second.id).await.unwrap(), None);
    assert_eq!(tx.find_payment_by_external_id("inv-2").await.unwrap(), None);
    assert_eq!(tx.find_payment_by_booking(a.id).await.unwrap(), Some(first));
}

async fn the_newest_payment_wins_an_external_id(store: Store) {
    let (_, _, _, a, b) = two_bookings(&store).await;
    let old = PaymentTransaction {
        external_payment_id: Some("shared".into()),
        created_at: micro(now(), 1),
        ..payment(a.id)
    };
    let new = PaymentTransaction {
        external_payment_id: Some("shared".into()),
        created_at: micro(now(), 2),
        ..payment(b.id)
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_payment(&new).await.unwrap();
    tx.insert_payment(&old).await.unwrap();
    assert_eq!(
        tx.find_payment_by_external_id("shared").await.unwrap(),
        Some(new)
    );
    assert_eq!(
        tx.find_payment_by_external_id("SHARED").await.unwrap(),
        None
    );
}

async fn the_payment_compare_and_swap(store: Store) {
    let (_, _, _, a, _) = two_bookings(&store).await;
    let pending = bare_payment(a.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_payment(&pending).await.unwrap();
    let paid = PaymentTransaction {
        status: PaymentStatus::Paid,
        paid_at: Some(micro(now(), 5)),
        raw_payload: Some(json!({"status": "PAID"})),
        updated_at: micro(now(), 6),
        ..pending.clone()
    };
    assert!(
        !tx.update_payment_if_status(&paid, PaymentStatus::Failed)
            .await
            .unwrap()
    );
    assert_eq!(
        tx.get_payment(pending.id).await.unwrap(),
        Some(pending.clone())
    );
    assert!(
        tx.update_payment_if_status(&paid, PaymentStatus::Pending)
            .await
            .unwrap()
    );
    assert!(
        !tx.update_payment_if_status(&paid, PaymentStatus::Pending)
            .await
            .unwrap()
    );
    assert_eq!(tx.get_payment(pending.id).await.unwrap(), Some(paid));
}

async fn payment_events_round_trip_list_and_deduplicate(store: Store) {
    let (_, _, _, a, b) = two_bookings(&store).await;
    let pa = payment(a.id);
    let pb = payment(b.id);
    let ev = |p: &PaymentTransaction, key: &str, status, us| PaymentEvent {
        id: PaymentEventId::new(),
        payment_transaction_id: p.id,
        dedup_key: key.into(),
        status,
        raw_payload: Some(json!({"key": key, "ü": [1, 2.5]})),
        created_at: micro(now(), us),
    };
    let e1 = ev(&pa, "midtrans:order-a:pending", PaymentStatus::Pending, 10);
    let e2 = PaymentEvent {
        raw_payload: None,
        ..ev(&pa, "midtrans:order-a:settlement", PaymentStatus::Paid, 20)
    };
    let e3 = ev(&pb, "midtrans:order-b:pending", PaymentStatus::Pending, 5);
    let mut tx = store.begin().await.unwrap();
    tx.insert_payment(&pa).await.unwrap();
    tx.insert_payment(&pb).await.unwrap();
    for e in [&e2, &e3, &e1] {
        tx.insert_payment_event(e).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.list_payment_events(pa.id).await.unwrap(),
        vec![e1.clone(), e2.clone()]
    );
    assert_eq!(tx.list_payment_events(pb.id).await.unwrap(), vec![e3]);
    assert_eq!(
        tx.list_payment_events(PaymentId::new()).await.unwrap(),
        vec![]
    );
    drop(tx);
    // The same notification again for the same payment is refused; the same key for another
    // payment is another event (the key is unique per payment, not globally).
    let dup = ev(&pa, "midtrans:order-a:settlement", PaymentStatus::Paid, 30);
    assert_eq!(
        fails_alone!(store, |tx| tx.insert_payment_event(&dup)),
        Error::Conflict("this payment notification was already applied".into())
    );
    let other = ev(&pb, "midtrans:order-a:settlement", PaymentStatus::Paid, 30);
    let mut tx = store.begin().await.unwrap();
    tx.insert_payment_event(&other).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.list_payment_events(pa.id).await.unwrap().len(), 2);
    assert_eq!(tx.list_payment_events(pb.id).await.unwrap().len(), 2);
}

async fn wallets_round_trip_and_are_one_per_user(store: Store) {
    let (student, tutor_user, _) = seed_tutor(&store).await;
    let full = Wallet {
        balance: dec("9999999999.99"),
        currency: "USD".parse().unwrap(),
        deleted_at: Some(micro(now(), 31)),
        created_at: micro(now(), 2),
        ..wallet(tutor_user.id)
    };
    let bare = Wallet {
        balance: dec("0.00"),
        created_at: micro(now(), 1),
        ..wallet(student.id)
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_wallet(&full).await.unwrap();
    tx.insert_wallet(&bare).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_wallet(full.id).await.unwrap(), Some(full.clone()));
    assert_eq!(tx.get_wallet(bare.id).await.unwrap(), Some(bare.clone()));
    assert_eq!(
        tx.find_wallet_by_user(tutor_user.id).await.unwrap(),
        Some(full.clone())
    );
    assert_eq!(tx.find_wallet_by_user(UserId::new()).await.unwrap(), None);
    assert_eq!(tx.get_wallet(WalletId::new()).await.unwrap(), None);
    // User wallets only (not the three system accounts), oldest first.
    assert_eq!(
        tx.list_user_wallets().await.unwrap(),
        vec![bare.clone(), full.clone()]
    );
    tx.lock_wallet(full.id).await.unwrap();
    tx.commit().await.unwrap();

    let second = Wallet {
        balance: dec("1.00"),
        ..wallet(tutor_user.id)
    };
    assert_eq!(
        fails_alone!(store, |tx| tx.insert_wallet(&second)),
        Error::Conflict("this user already has a wallet".into())
    );
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_wallet(second.id).await.unwrap(), None);
    assert_eq!(tx.list_user_wallets().await.unwrap().len(), 2);
}

async fn wallet_balances_move_exactly_and_never_below_zero(store: Store) {
    let (_, tutor_user, _) = seed_tutor(&store).await;
    let w = Wallet {
        balance: dec("0.10"),
        ..wallet(tutor_user.id)
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_wallet(&w).await.unwrap();
    let t1 = micro(now(), 70);
    assert_eq!(
        tx.adjust_wallet_balance(w.id, dec("0.20"), t1)
            .await
            .unwrap(),
        dec("0.30")
    );
    assert_eq!(
        tx.adjust_wallet_balance(w.id, dec("-0.30"), t1)
            .await
            .unwrap(),
        dec("0.00")
    );
    assert_eq!(
        tx.adjust_wallet_balance(w.id, dec("9999999999.99"), t1)
            .await
            .unwrap()
            .to_string(),
        "9999999999.99"
    );
    let got = tx.get_wallet(w.id).await.unwrap().unwrap();
    assert_eq!(
        got,
        Wallet {
            balance: dec("9999999999.99"),
            updated_at: t1,
            ..w.clone()
        }
    );
    assert_eq!(
        tx.adjust_wallet_balance(WalletId::new(), dec("1.00"), t1)
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    tx.insert_wallet(&w).await.unwrap();
    tx.commit().await.unwrap();
    let err = fails_alone!(store, |tx| tx.adjust_wallet_balance(w.id, dec("-0.11"), t1));
    assert_eq!(err.field(), Some("balance"), "{err}");
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_wallet(w.id).await.unwrap(), Some(w));
}

async fn ledger_entries_round_trip_and_list_oldest_first(store: Store) {
    let (_, tutor_user, _, a, b) = two_bookings(&store).await;
    let student = seed_user(&store, Role::Student).await;
    let w = wallet(tutor_user.id);
    let other = wallet(student.id);
    let full = LedgerEntry {
        created_at: micro(now(), 300),
        ..ledger_entry(w.id, Some(a.id))
    };
    let bare = LedgerEntry {
        id: LedgerEntryId::new(),
        wallet_id: w.id,
        entry_type: None,
        amount: dec("0.01"),
        booking_id: None,
        reference_id: None,
        meta: None,
        created_at: micro(now(), 100),
    };
    let mid = LedgerEntry {
        entry_type: Some(LedgerEntryType::EscrowHold),
        amount: dec("9999999999.99"),
        booking_id: Some(b.id),
        meta: Some(json!([{"ü": "✓"}, null, -1.25])),
        created_at: micro(now(), 200),
        ..ledger_entry(w.id, None)
    };
    let twin = LedgerEntry {
        id: LedgerEntryId::new(),
        amount: dec("-9999999999.99"),
        ..mid.clone()
    };
    let theirs = LedgerEntry {
        entry_type: Some(LedgerEntryType::Refund),
        ..ledger_entry(other.id, Some(a.id))
    };
    let m1 = MovementId::new();
    let mut tx = store.begin().await.unwrap();
    tx.insert_wallet(&w).await.unwrap();
    tx.insert_wallet(&other).await.unwrap();
    tx.insert_ledger_entry(&full).await.unwrap();
    tx.insert_ledger_entry(&bare).await.unwrap();
    tx.insert_movement_entry(&mid, m1, None).await.unwrap();
    tx.insert_movement_entry(&twin, m1, None).await.unwrap();
    tx.insert_ledger_entry(&theirs).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    let (lo, hi) = if mid.id < twin.id {
        (mid.clone(), twin.clone())
    } else {
        (twin.clone(), mid.clone())
    };
    assert_eq!(
        tx.list_ledger_entries(w.id).await.unwrap(),
        vec![bare.clone(), lo.clone(), hi.clone(), full.clone()]
    );
    assert_eq!(
        tx.list_ledger_entries(other.id).await.unwrap(),
        vec![theirs.clone()]
    );
    assert_eq!(
        tx.list_booking_ledger_entries(a.id).await.unwrap(),
        vec![theirs.clone(), full.clone()]
    );
    assert_eq!(
        tx.list_booking_ledger_entries(b.id).await.unwrap(),
        vec![lo.clone(), hi.clone()]
    );
    assert_eq!(
        tx.list_booking_ledger_entries(BookingId::new())
            .await
            .unwrap(),
        vec![]
    );
    let entry = |entry, movement_id| MovementEntry {
        entry,
        movement_id,
        package_purchase_id: None,
    };
    assert_eq!(
        tx.list_all_ledger_entries().await.unwrap(),
        vec![
            entry(theirs, None),
            entry(bare, None),
            entry(lo, Some(m1)),
            entry(hi, Some(m1)),
            entry(full, None)
        ]
    );
}

async fn withdrawals_round_trip_swap_and_list_newest_first(store: Store) {
    let (_, tutor_user, _) = seed_tutor(&store).await;
    let admin = seed_user(&store, Role::Admin).await;
    let w = wallet(tutor_user.id);
    let mk = |us: i64| WithdrawalRequest {
        id: WithdrawalId::new(),
        wallet_id: w.id,
        amount: dec("50000.00"),
        currency: Currency::IDR,
        status: WithdrawalStatus::Requested,
        handled_by: None,
        handled_at: None,
        reference_id: None,
        note: None,
        created_at: micro(now(), us),
        updated_at: micro(now(), us),
    };
    let first = mk(1);
    let second = WithdrawalRequest {
        amount: dec("9999999999.99"),
        note: Some("Untuk biaya kuliah 🎓".into()),
        ..mk(2)
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_wallet(&w).await.unwrap();
    tx.insert_withdrawal(&first).await.unwrap();
    tx.insert_withdrawal(&second).await.unwrap();
    assert_eq!(
        tx.get_withdrawal(first.id).await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(tx.get_withdrawal(WithdrawalId::new()).await.unwrap(), None);
    assert_eq!(
        tx.list_withdrawals(w.id).await.unwrap(),
        vec![second.clone(), first.clone()]
    );
    let paid = WithdrawalRequest {
        status: WithdrawalStatus::Paid,
        handled_by: Some(admin.id),
        handled_at: Some(micro(now(), 3)),
        reference_id: Some("BCA-TRF-001".into()),
        note: Some("dibayar".into()),
        updated_at: micro(now(), 3),
        ..first.clone()
    };
    assert!(
        !tx.update_withdrawal_if_status(&paid, WithdrawalStatus::Rejected)
            .await
            .unwrap()
    );
    assert!(
        tx.update_withdrawal_if_status(&paid, WithdrawalStatus::Requested)
            .await
            .unwrap()
    );
    assert!(
        !tx.update_withdrawal_if_status(&paid, WithdrawalStatus::Requested)
            .await
            .unwrap()
    );
    assert_eq!(tx.get_withdrawal(first.id).await.unwrap(), Some(paid));
    tx.commit().await.unwrap();
    let zero = WithdrawalRequest {
        amount: dec("0.00"),
        ..mk(4)
    };
    let err = fails_alone!(store, |tx| tx.insert_withdrawal(&zero));
    assert_eq!(err.field(), Some("amount"), "{err}");
}

async fn a_deleted_user_takes_their_wallet_entries_and_withdrawals(store: Store) {
    let (_, tutor_user, _, a, _) = two_bookings(&store).await;
    let keep_user = seed_user(&store, Role::Tutor).await;
    let w = wallet(tutor_user.id);
    let keep = wallet(keep_user.id);
    let e = ledger_entry(w.id, Some(a.id));
    let kept_e = ledger_entry(keep.id, None);
    let wr = WithdrawalRequest {
        id: WithdrawalId::new(),
        wallet_id: w.id,
        amount: dec("1.00"),
        currency: Currency::IDR,
        status: WithdrawalStatus::Requested,
        handled_by: None,
        handled_at: None,
        reference_id: None,
        note: None,
        created_at: now(),
        updated_at: now(),
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_wallet(&w).await.unwrap();
    tx.insert_wallet(&keep).await.unwrap();
    tx.insert_ledger_entry(&e).await.unwrap();
    tx.insert_ledger_entry(&kept_e).await.unwrap();
    tx.insert_withdrawal(&wr).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_user(tutor_user.id).await.unwrap());
    assert_eq!(tx.get_wallet(w.id).await.unwrap(), None);
    assert_eq!(tx.list_ledger_entries(w.id).await.unwrap(), vec![]);
    assert_eq!(tx.get_withdrawal(wr.id).await.unwrap(), None);
    assert_eq!(tx.list_ledger_entries(keep.id).await.unwrap(), vec![kept_e]);
    assert_eq!(tx.get_wallet(keep.id).await.unwrap(), Some(keep));
}

async fn a_booking_with_ledger_history_cannot_be_deleted(store: Store) {
    let (_, tutor_user, _, a, _) = two_bookings(&store).await;
    let w = wallet(tutor_user.id);
    let e = ledger_entry(w.id, Some(a.id));
    let mut tx = store.begin().await.unwrap();
    tx.insert_wallet(&w).await.unwrap();
    tx.insert_ledger_entry(&e).await.unwrap();
    tx.commit().await.unwrap();
    // wallet_ledger_entries.booking_id has no ON DELETE: the history keeps the booking.
    let err = fails_alone!(store, |tx| tx.delete_booking(a.id));
    assert!(
        matches!(
            err,
            Error::NotFound {
                entity: "referenced record",
                ..
            }
        ),
        "{err:?}"
    );
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_booking(a.id).await.unwrap(), Some(a.clone()));
    assert_eq!(tx.list_booking_ledger_entries(a.id).await.unwrap(), vec![e]);
}

async fn payment_expiry_sorts_across_the_day(store: Store) {
    // Instants are compared as instants on both backends (SQLite keeps RFC 3339 text): a
    // payment expiring at 23:59:59.999999 sorts before one at 00:00 the next day, and a whole
    // second sorts before the same second plus a microsecond.
    let (student, _, p) = seed_tutor(&store).await;
    let base = at(2026, 12, 1, 0, 0);
    let mut tx = store.begin().await.unwrap();
    let mut want = Vec::new();
    for (i, expires) in [
        micro(base, -1),
        base,
        micro(base, 1),
        micro(base, 1_000),
        micro(base, 500_000),
        base + Duration::seconds(1),
    ]
    .into_iter()
    .enumerate()
    .rev()
    {
        let b = Booking {
            status: BookingStatus::PendingPayment,
            ..booking(student.id, p.id, at(2026, 12, 5, i as u32, 0), 60)
        };
        tx.insert_booking(&b).await.unwrap();
        tx.insert_payment(&PaymentTransaction {
            status: PaymentStatus::Pending,
            expires_at: Some(expires),
            ..payment(b.id)
        })
        .await
        .unwrap();
        want.insert(0, b.id);
    }
    let got: Vec<BookingId> = tx
        .list_bookings_with_expired_payment(base + Duration::seconds(1), 100)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(got, want);
    let got: Vec<BookingId> = tx
        .list_bookings_with_expired_payment(base, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(got, want[..2].to_vec());
}

/// `adjust_wallet_balance(.., now)` stamps `now` (the library's clock decides what "now" is),
/// also when `now` equals the stored `updated_at` (a fixed clock, two moves in one instant).
async fn adjusting_a_balance_stamps_the_callers_instant(store: Store) {
    let (_, tutor_user, _) = seed_tutor(&store).await;
    let w = wallet(tutor_user.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_wallet(&w).await.unwrap();
    let t = micro(now(), 900);
    tx.adjust_wallet_balance(w.id, dec("1.00"), t)
        .await
        .unwrap();
    assert_eq!(tx.get_wallet(w.id).await.unwrap().unwrap().updated_at, t);
    // The same instant again: the second move happens "at the same time".
    tx.adjust_wallet_balance(w.id, dec("1.00"), t)
        .await
        .unwrap();
    let got = tx.get_wallet(w.id).await.unwrap().unwrap();
    assert_eq!(got.balance, dec("127502.50"));
    assert_eq!(got.updated_at, t, "{} backend", store.backend().as_str());
}

/// A JSON `null` payload and no payload are one thing to the domain; both backends store it
/// as SQL NULL (a `jsonb` 'null' on one and TEXT 'null' on the other would answer `IS NULL`
/// differently) and read it back as `None`.
async fn a_json_null_payload_is_stored_as_no_payload(url: String) {
    use sqlx::Connection;
    let store = Store::open(&url).await.unwrap();
    let (_, tutor_user, _, a, _) = two_bookings(&store).await;
    let p = PaymentTransaction {
        raw_payload: Some(json!(null)),
        ..payment(a.id)
    };
    let w = wallet(tutor_user.id);
    let e = LedgerEntry {
        meta: Some(json!(null)),
        ..ledger_entry(w.id, None)
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_payment(&p).await.unwrap();
    tx.insert_wallet(&w).await.unwrap();
    tx.insert_ledger_entry(&e).await.unwrap();
    assert_eq!(
        tx.get_payment(p.id).await.unwrap().unwrap().raw_payload,
        None
    );
    assert_eq!(
        tx.list_ledger_entries(w.id).await.unwrap(),
        vec![LedgerEntry { meta: None, ..e }]
    );
    tx.commit().await.unwrap();
    let sql = "SELECT (SELECT count(*) FROM payment_transactions WHERE raw_payload IS NULL) \
               + (SELECT count(*) FROM wallet_ledger_entries WHERE meta IS NULL)";
    let nulls: i64 = match store.backend() {
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&url).await.unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
        }
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
        }
    };
    assert_eq!(nulls, 2, "{} backend", store.backend().as_str());
}

#[tokio::test]
async fn a_json_null_payload_is_stored_as_no_payload_on_postgres() {
    a_json_null_payload_is_stored_as_no_payload(support::pg_database_url().await).await;
}

#[tokio::test]
async fn a_json_null_payload_is_stored_as_no_payload_on_sqlite() {
    let dir = support::tempfile_dir::TempDir::new();
    a_json_null_payload_is_stored_as_no_payload(format!("sqlite://{}/null.db", dir.path())).await;
}

/// Bulk loading writes what single inserts write (same codecs, several statements for a
/// large batch), and a row that does not fit its columns fails the batch with the same
/// validation error, writing nothing.
async fn bulk_inserts_write_what_single_inserts_write(store: Store) {
    let users: Vec<User> = (0..2_500)
        .map(|i| User {
            full_name: format!("Pengguna {i}"),
            ..user(if i % 2 == 0 {
                Role::Student
            } else {
                Role::Tutor
            })
        })
        .collect();
    let wallets: Vec<Wallet> = users.iter().map(|u| wallet(u.id)).collect();
    let movement = MovementId::new();
    let entries: Vec<MovementEntry> = wallets
        .iter()
        .take(600)
        .enumerate()
        .map(|(i, w)| MovementEntry {
            entry: LedgerEntry {
                amount: dec(if i % 2 == 0 { "1250.25" } else { "-1250.25" }),
                created_at: micro(now(), i as i64),
                ..ledger_entry(w.id, None)
            },
            movement_id: Some(movement),
            package_purchase_id: None,
        })
        .collect();
    let mut tx = store.begin().await.unwrap();
    tx.insert_rows(&users).await.unwrap();
    tx.insert_rows(&wallets).await.unwrap();
    tx.insert_rows(&entries).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    for u in [&users[0], &users[1_999], &users[2_499]] {
        assert_eq!(tx.get_user(u.id).await.unwrap().as_ref(), Some(u));
    }
    let all = tx.list_all_ledger_entries().await.unwrap();
    assert_eq!(all, entries);
    drop(tx);

    let too_long = User {
        full_name: "x".repeat(300),
        ..user(Role::Student)
    };
    let batch = [user(Role::Student), too_long];
    let mut tx = store.begin().await.unwrap();
    let err = tx.insert_rows(&batch).await.unwrap_err();
    assert_eq!(err.field(), Some("full_name"), "{err}");
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_user(batch[0].id).await.unwrap(), None);
}

conformance!(
    bulk_inserts_write_what_single_inserts_write,
    adjusting_a_balance_stamps_the_callers_instant,
    payment_round_trips_every_column,
    json_payloads_round_trip_exactly,
    one_payment_per_booking,
    the_newest_payment_wins_an_external_id,
    the_payment_compare_and_swap,
    payment_events_round_trip_list_and_deduplicate,
    wallets_round_trip_and_are_one_per_user,
    wallet_balances_move_exactly_and_never_below_zero,
    ledger_entries_round_trip_and_list_oldest_first,
    withdrawals_round_trip_swap_and_list_newest_first,
    a_deleted_user_takes_their_wallet_entries_and_withdrawals,
    a_booking_with_ledger_history_cannot_be_deleted,
    payment_expiry_sorts_across_the_day,
);
