//! Payments, escrow and the ledger through the facade, on SQLite and PostgreSQL.

mod support;

use blajarplus::Marketplace;
use blajarplus::marketplace::*;
use blajarplus::store::*;
use blajarplus::types::*;
use chrono::Duration;
use rust_decimal::Decimal;
use support::market::*;

fn paid(payment: &PaymentTransaction, key: &str) -> PaymentUpdate {
    PaymentUpdate {
        provider: PaymentProvider::Midtrans,
        order_id: payment.id.to_string(),
        external_id: Some(format!("mid-{key}")),
        status: PaymentStatus::Paid,
        amount: payment.amount,
        currency: payment.currency,
        payment_method: Some("bank_transfer".into()),
        dedup_key: format!("midtrans:{key}:paid"),
        raw_payload: serde_json::json!({ "order_id": payment.id.to_string(), "transaction_status": "settlement" }),
    }
}

/// Awaits concurrent deliveries: exactly one `applied`, every other one `rest`, no error.
async fn assert_one_applied_rest(
    tasks: Vec<tokio::task::JoinHandle<blajarplus::Result<PaymentOutcome>>>,
    rest: PaymentOutcome,
) {
    let n = tasks.len();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap().unwrap());
    }
    outcomes.sort_by_key(|o| *o != PaymentOutcome::Applied);
    let mut expected = vec![rest; n];
    expected[0] = PaymentOutcome::Applied;
    assert_eq!(outcomes, expected);
}

async fn a_lesson_from_payment_to_release(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    assert_eq!(
        w.m.apply_payment_update(paid(&c.payment, "a"))
            .await
            .unwrap(),
        PaymentOutcome::Applied
    );
    let b = w.m.get_booking(&w.tutor, b.id).await.unwrap();
    assert_eq!(b.status, BookingStatus::Confirmed);
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(r.escrow, Decimal::from(150_000));
    assert_eq!(r.held, Decimal::from(150_000));

    // Too early to confirm; after the end the student confirms and escrow is released.
    assert_eq!(
        w.m.confirm_lesson(&w.student, b.id)
            .await
            .unwrap_err()
            .code(),
        "invalid_transition"
    );
    w.clock.set(monday_16() + Duration::minutes(61));
    assert_eq!(
        w.m.confirm_lesson(&w.tutor, b.id).await.unwrap_err().code(),
        "forbidden"
    );
    let done = w.m.confirm_lesson(&w.student, b.id).await.unwrap();
    assert_eq!(done.status, BookingStatus::Completed);
    let wallet = w.m.my_wallet(&w.tutor).await.unwrap();
    assert_eq!(wallet.balance, Decimal::from(127_500));
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(r.escrow, Decimal::ZERO);
    assert_eq!(r.platform, Decimal::from(22_500));
    assert_eq!(r.wallets, Decimal::from(127_500));
    let mut tx = w.m.store().begin().await.unwrap();
    let p = tx.get_tutor_profile(w.profile.id).await.unwrap().unwrap();
    assert_eq!(p.completed_lessons_count, 1);
    let kinds: Vec<_> = tx
        .list_notifications(w.student.user_id, None, 50)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind)
        .collect();
    assert!(
        kinds.contains(&NotificationType::BookingConfirmed),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&NotificationType::PaymentReceived),
        "{kinds:?}"
    );
}

async fn the_same_notification_ten_times_at_once_has_one_effect(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let m = w.m.clone();
        let u = paid(&c.payment, "dup");
        tasks.push(tokio::spawn(async move { m.apply_payment_update(u).await }));
    }
    // Each delivery gets the answer it would get alone: one applied, nine duplicates — never
    // a `conflict` that would make the provider retry.
    assert_one_applied_rest(tasks, PaymentOutcome::Duplicate).await;
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(r.held, Decimal::from(150_000), "held once, not ten times");
    // A stale 'pending' after 'paid' is ignored.
    let mut stale = paid(&c.payment, "dup");
    stale.status = PaymentStatus::Pending;
    stale.dedup_key = "midtrans:dup:pending".into();
    assert_eq!(
        w.m.apply_payment_update(stale).await.unwrap(),
        PaymentOutcome::Ignored
    );
    assert_eq!(
        w.m.get_booking(&w.student, b.id).await.unwrap().status,
        BookingStatus::Confirmed
    );
}

/// Ten genuine, signed settlements of one order, each with its own provider transaction id,
/// delivered at once: one is applied and the other nine are answered `ignored` (the order is
/// already paid; the webhook answers 200 and the provider stops retrying) — the same on both
/// databases, and the money is held once.
async fn ten_settlements_of_one_order_are_answered_alike(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    let mut tasks = Vec::new();
    for i in 0..10 {
        let m = w.m.clone();
        let body = midtrans_body_tx(
            &c.payment,
            "settlement",
            "150000.00",
            MIDTRANS_KEY,
            &format!("tx-{i}"),
        );
        tasks.push(tokio::spawn(async move {
            m.handle_midtrans_notification(&body).await
        }));
    }
    assert_one_applied_rest(tasks, PaymentOutcome::Ignored).await;
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(r.held, Decimal::from(150_000), "held once");
    let mut tx = w.m.store().begin().await.unwrap();
    assert_eq!(
        tx.list_payment_events(c.payment.id).await.unwrap().len(),
        10
    );
}

/// The provider's transaction id is not the event: a signed settlement of another order that
/// carries an already-seen transaction id is applied to that order, not dropped as a duplicate.
async fn a_seen_transaction_id_on_another_order_is_still_applied(store: Store) {
    let w = world(store).await;
    let mut payments = Vec::new();
    for start in [monday_16(), monday_16() + Duration::days(1)] {
        let b =
            w.m.create_booking(&w.student, online(w.teaches.id, start))
                .await
                .unwrap();
        let c =
            w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
                .await
                .unwrap();
        payments.push((b.id, c.payment));
    }
    for (booking, payment) in &payments {
        let body = midtrans_body_tx(payment, "settlement", "150000.00", MIDTRANS_KEY, "tx-same");
        assert_eq!(
            w.m.handle_midtrans_notification(&body).await.unwrap(),
            PaymentOutcome::Applied
        );
        assert_eq!(
            w.m.get_booking(&w.student, *booking).await.unwrap().status,
            BookingStatus::Confirmed
        );
    }
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(r.held, Decimal::from(300_000));
}

async fn forged_amounts_and_unknown_orders_are_rejected(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    let mut cheap = paid(&c.payment, "x");
    cheap.amount = Decimal::from(1_000);
    assert_eq!(
        w.m.apply_payment_update(cheap).await.unwrap_err().code(),
        "payment_rejected"
    );
    let mut usd = paid(&c.payment, "x");
    usd.currency = "USD".parse().unwrap();
    assert_eq!(
        w.m.apply_payment_update(usd).await.unwrap_err().code(),
        "payment_rejected"
    );
    let mut unknown = paid(&c.payment, "x");
    unknown.order_id = PaymentId::new().to_string();
    assert_eq!(
        w.m.apply_payment_update(unknown).await.unwrap_err().code(),
        "payment_rejected"
    );
    let mut garbage = paid(&c.payment, "x");
    garbage.order_id = "'; DROP TABLE bookings; --".into();
    assert_eq!(
        w.m.apply_payment_update(garbage).await.unwrap_err().code(),
        "payment_rejected"
    );
    let mut xendit = paid(&c.payment, "x");
    xendit.provider = PaymentProvider::Xendit;
    assert_eq!(
        w.m.apply_payment_update(xendit).await.unwrap_err().code(),
        "payment_rejected"
    );
    // Nothing was written: the booking still waits and the real notification still applies.
    assert_eq!(
        w.m.get_booking(&w.student, b.id).await.unwrap().status,
        BookingStatus::PendingPayment
    );
    assert_eq!(
        w.m.apply_payment_update(paid(&c.payment, "x"))
            .await
            .unwrap(),
        PaymentOutcome::Applied
    );
}

async fn late_payments_are_refunded(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    w.clock.advance(Duration::minutes(45));
    assert_eq!(w.m.run_due().await.unwrap().expired, 1);
    assert_eq!(
        w.m.apply_payment_update(paid(&c.payment, "late"))
            .await
            .unwrap(),
        PaymentOutcome::RefundedLate
    );
    let mut tx = w.m.store().begin().await.unwrap();
    assert_eq!(
        tx.get_payment(c.payment.id).await.unwrap().unwrap().status,
        PaymentStatus::Refunded
    );
    drop(tx);
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(r.held, Decimal::ZERO);
    assert_eq!(
        w.m.get_booking(&w.student, b.id).await.unwrap().status,
        BookingStatus::Cancelled
    );
}

async fn cancellation_refunds_follow_the_policy(store: Store) {
    let w = world(store).await;
    // Early student cancellation (more than 24 h ahead): everything back.
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    w.m.apply_payment_update(paid(&c.payment, "early"))
        .await
        .unwrap();
    w.m.cancel_booking(&w.student, b.id, None).await.unwrap();
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(r.held, Decimal::ZERO);

    // Late student cancellation (1 h ahead): nothing back; tutor and platform are paid.
    let start = monday_16() + Duration::hours(2);
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, start))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    w.m.apply_payment_update(paid(&c.payment, "late"))
        .await
        .unwrap();
    w.clock.set(start - Duration::hours(1));
    w.m.cancel_booking(&w.student, b.id, Some("macet".into()))
        .await
        .unwrap();
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!(
        w.m.my_wallet(&w.tutor).await.unwrap().balance,
        Decimal::from(127_500)
    );
    assert_eq!(r.held, Decimal::from(150_000));
}

async fn disputes_and_no_shows(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    w.m.apply_payment_update(paid(&c.payment, "d"))
        .await
        .unwrap();
    // Permission before state: the student resolving their own confirmed (undisputed)
    // booking is forbidden, not told it is not disputed.
    for resolution in [
        DisputeResolution::Release,
        DisputeResolution::Refund,
        DisputeResolution::Split {
            refund: Decimal::from(1),
        },
    ] {
        assert_eq!(
            w.m.resolve_dispute(&w.student, b.id, resolution, None)
                .await
                .unwrap_err()
                .code(),
            "forbidden"
        );
    }
    w.clock.set(monday_16() + Duration::minutes(20));
    assert_eq!(
        w.m.report_no_show(&w.student, b.id)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let ns = w.m.report_no_show(&w.tutor, b.id).await.unwrap();
    assert_eq!(ns.status, BookingStatus::NoShow);
    let d =
        w.m.dispute_booking(&w.student, b.id, "I was there".into())
            .await
            .unwrap();
    assert_eq!(d.status, BookingStatus::Disputed);
    // The dispute freezes escrow: the auto-completion job leaves it alone.
    w.clock.set(monday_16() + Duration::days(3));
    assert_eq!(w.m.run_due().await.unwrap().completed, 0);
    assert_eq!(
        w.m.resolve_dispute(&w.tutor, b.id, DisputeResolution::Release, None)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let too_much = DisputeResolution::Split {
        refund: Decimal::from(150_001),
    };
    assert_eq!(
        w.m.resolve_dispute(&w.admin, b.id, too_much, None)
            .await
            .unwrap_err()
            .field(),
        Some("refund")
    );
    let split = DisputeResolution::Split {
        refund: Decimal::from(50_000),
    };
    let r =
        w.m.resolve_dispute(&w.admin, b.id, split, Some("half".into()))
            .await
            .unwrap();
    assert_eq!(r.status, BookingStatus::Completed);
    let report = w.m.verify_ledger().await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    // 100,000 stays: 85,000 to the tutor (85% of it), 15,000 to the platform.
    assert_eq!(
        w.m.my_wallet(&w.tutor).await.unwrap().balance,
        Decimal::from(85_000)
    );
    assert_eq!(report.platform, Decimal::from(15_000));
}

async fn lessons_complete_by_themselves_after_the_dispute_window(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    w.m.apply_payment_update(paid(&c.payment, "auto"))
        .await
        .unwrap();
    // The reminder goes out once, a day ahead.
    w.clock.set(monday_16() - Duration::hours(23));
    assert_eq!(w.m.run_due().await.unwrap().reminded, 1);
    assert_eq!(w.m.run_due().await.unwrap().reminded, 0);
    w.clock.set(monday_16() + Duration::hours(2));
    assert_eq!(w.m.run_due().await.unwrap().completed, 0);
    w.clock.set(monday_16() + Duration::hours(26));
    // Two runners at once: each thing happens once.
    let (a, b2) = tokio::join!(w.m.run_due(), w.m.run_due());
    assert_eq!(a.unwrap().completed + b2.unwrap().completed, 1);
    assert_eq!(
        w.m.get_booking(&w.student, b.id).await.unwrap().status,
        BookingStatus::Completed
    );
    assert_eq!(
        w.m.my_wallet(&w.tutor).await.unwrap().balance,
        Decimal::from(127_500)
    );
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
}

async fn reschedules_hold_the_proposed_time(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    w.m.apply_payment_update(paid(&c.payment, "r"))
        .await
        .unwrap();
    let tuesday = monday_16() + Duration::days(1);
    let r =
        w.m.request_reschedule(&w.student, b.id, tuesday)
            .await
            .unwrap();
    assert_eq!(r.status, BookingStatus::RescheduleRequested);
    // The proposed time is held: nobody else can take it (taken, so a conflict).
    let other =
        w.m.create_booking(&w.student, online(w.teaches.id, tuesday))
            .await;
    assert_eq!(other.unwrap_err().code(), "conflict");
    // The requester cannot answer their own request.
    assert_eq!(
        w.m.respond_reschedule(&w.student, b.id, true)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let moved = w.m.respond_reschedule(&w.tutor, b.id, true).await.unwrap();
    assert_eq!(moved.status, BookingStatus::Confirmed);
    assert_eq!(moved.start_at, tuesday);
    // The old time is free again.
    w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
        .await
        .unwrap();
    // Declining keeps the time.
    w.m.request_reschedule(&w.tutor, b.id, tuesday + Duration::days(1))
        .await
        .unwrap();
    let kept =
        w.m.respond_reschedule(&w.student, b.id, false)
            .await
            .unwrap();
    assert_eq!(kept.start_at, tuesday);
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
}

async fn manual_payments_are_confirmed_by_admins(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Manual)
            .await
            .unwrap();
    assert_eq!(
        w.m.confirm_manual_payment(&w.student, c.payment.id)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert_eq!(
        w.m.confirm_manual_payment(&w.admin, c.payment.id)
            .await
            .unwrap(),
        PaymentOutcome::Applied
    );
    assert_eq!(
        w.m.confirm_manual_payment(&w.admin, c.payment.id)
            .await
            .unwrap(),
        PaymentOutcome::Duplicate
    );
    assert_eq!(
        w.m.get_booking(&w.student, b.id).await.unwrap().status,
        BookingStatus::Confirmed
    );
}

fn midtrans_body(payment: &PaymentTransaction, status: &str, gross: &str, key: &str) -> Vec<u8> {
    let tx = format!("tx-{}", payment.id);
    midtrans_body_tx(payment, status, gross, key, &tx)
}

/// A signed Midtrans notification carrying the provider transaction id `tx`.
fn midtrans_body_tx(
    payment: &PaymentTransaction,
    status: &str,
    gross: &str,
    key: &str,
    tx: &str,
) -> Vec<u8> {
    let order = payment.id.to_string();
    let code = if status == "settlement" { "200" } else { "201" };
    serde_json::json!({
        "order_id": order,
        "status_code": code,
        "gross_amount": gross,
        "signature_key": blajarplus::payments::sign_midtrans(&order, code, gross, key),
        "transaction_status": status,
        "transaction_id": tx,
        "payment_type": "bank_transfer",
        "currency": "IDR",
        "fraud_status": "accept",
        "transaction_time": "2026-11-25 08:01:00",
        "settlement_time": "2026-11-25 08:02:00"
    })
    .to_string()
    .into_bytes()
}

async fn signed_midtrans_notifications(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    // Forged: signed with another key, or the amount changed after signing.
    let forged = midtrans_body(&c.payment, "settlement", "150000.00", "not-the-key");
    assert_eq!(
        w.m.handle_midtrans_notification(&forged)
            .await
            .unwrap_err()
            .code(),
        "payment_rejected"
    );
    let tampered = String::from_utf8(midtrans_body(
        &c.payment,
        "settlement",
        "150000.00",
        MIDTRANS_KEY,
    ))
    .unwrap()
    .replace("150000.00", "1500.00");
    assert_eq!(
        w.m.handle_midtrans_notification(tampered.as_bytes())
            .await
            .unwrap_err()
            .code(),
        "payment_rejected"
    );
    // Correctly signed but for less money than the booking costs.
    let cheap = midtrans_body(&c.payment, "settlement", "1500.00", MIDTRANS_KEY);
    assert_eq!(
        w.m.handle_midtrans_notification(&cheap)
            .await
            .unwrap_err()
            .code(),
        "payment_rejected"
    );
    assert_eq!(
        w.m.get_booking(&w.student, b.id).await.unwrap().status,
        BookingStatus::PendingPayment
    );
    // Pending, then settlement (twice): confirmed once; the raw payload is kept.
    let pending = midtrans_body(&c.payment, "pending", "150000.00", MIDTRANS_KEY);
    assert_eq!(
        w.m.handle_midtrans_notification(&pending).await.unwrap(),
        PaymentOutcome::Ignored
    );
    let ok = midtrans_body(&c.payment, "settlement", "150000.00", MIDTRANS_KEY);
    assert_eq!(
        w.m.handle_midtrans_notification(&ok).await.unwrap(),
        PaymentOutcome::Applied
    );
    assert_eq!(
        w.m.handle_midtrans_notification(&ok).await.unwrap(),
        PaymentOutcome::Duplicate
    );
    assert_eq!(
        w.m.get_booking(&w.student, b.id).await.unwrap().status,
        BookingStatus::Confirmed
    );
    let mut tx = w.m.store().begin().await.unwrap();
    let p = tx.get_payment(c.payment.id).await.unwrap().unwrap();
    assert_eq!(p.status, PaymentStatus::Paid);
    assert_eq!(p.payment_method.as_deref(), Some("bank_transfer"));
    assert_eq!(p.raw_payload.unwrap()["transaction_status"], "settlement");
    assert_eq!(tx.list_payment_events(p.id).await.unwrap().len(), 2);
}

async fn xendit_invoice_callbacks(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Xendit)
            .await
            .unwrap();
    let body = serde_json::json!({
        "id": "inv-123",
        "external_id": c.payment.id.to_string(),
        "status": "PAID",
        "amount": 150000,
        "currency": "IDR",
        "payment_method": "BANK_TRANSFER",
        "paid_at": "2026-11-25T08:02:00.000Z"
    })
    .to_string();
    for bad in [None, Some("wrong-token")] {
        let err =
            w.m.handle_xendit_callback(body.as_bytes(), bad)
                .await
                .unwrap_err();
        assert_eq!(err.code(), "payment_rejected");
    }
    let out =
        w.m.handle_xendit_callback(body.as_bytes(), Some(XENDIT_TOKEN))
            .await
            .unwrap();
    assert_eq!(out, PaymentOutcome::Applied);
    let settled = body.replace("\"PAID\"", "\"SETTLED\"");
    let out =
        w.m.handle_xendit_callback(settled.as_bytes(), Some(XENDIT_TOKEN))
            .await
            .unwrap();
    assert_eq!(out, PaymentOutcome::Duplicate);
    assert_eq!(
        w.m.get_booking(&w.student, b.id).await.unwrap().status,
        BookingStatus::Confirmed
    );
    // Without configured keys the marketplace refuses to guess.
    let bare = Marketplace::new(w.m.store().clone());
    assert_eq!(
        bare.handle_xendit_callback(body.as_bytes(), Some(XENDIT_TOKEN))
            .await
            .unwrap_err()
            .code(),
        "config"
    );
}

async fn a_reschedule_racing_a_new_booking_has_one_winner(store: Store) {
    let w = world(store).await;
    let other =
        w.m.register_user(blajarplus::marketplace::NewUser {
            role: Role::Student,
            full_name: "Ani".into(),
            email: Some("ani@example.id".into()),
            phone: None,
            password: None,
        })
        .await
        .unwrap();
    let ani = blajarplus::Actor::student(other.id);
    for round in 0..8i64 {
        // Each round: a paid booking on Monday moves to a Wednesday slot while Ani books it.
        let start =
            monday_16() + Duration::days(7 * (round / 2)) + Duration::hours(2 * (round % 2));
        let target = start + Duration::days(2);
        let b =
            w.m.create_booking(&w.student, online(w.teaches.id, start))
                .await
                .unwrap();
        let c =
            w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
                .await
                .unwrap();
        w.m.apply_payment_update(paid(&c.payment, &format!("race{round}")))
            .await
            .unwrap();
        let (m1, m2) = (w.m.clone(), w.m.clone());
        let (student, teaches) = (w.student, w.teaches.id);
        let move_it =
            tokio::spawn(async move { m1.request_reschedule(&student, b.id, target).await });
        let take_it = tokio::spawn(async move {
            let d = m2.create_booking(&ani, online(teaches, target)).await?;
            m2.checkout(&ani, d.id, PaymentProvider::Midtrans).await
        });
        let moved = move_it.await.unwrap();
        let taken = take_it.await.unwrap();
        let wins = usize::from(moved.is_ok()) + usize::from(taken.is_ok());
        assert_eq!(wins, 1, "round {round}: {moved:?} / {taken:?}");
        for e in [moved.err(), taken.err()].into_iter().flatten() {
            assert_eq!(e.code(), "conflict", "{e}");
        }
    }
}

/// The ledger as `ledger::audit` reads it in memory: every entry, balance, booking and
/// purchase (what `verify_ledger` loaded before the database aggregated for it).
async fn audit_in_memory(m: &Marketplace) -> blajarplus::ledger::LedgerReport {
    use blajarplus::ledger::{Account, AuditBooking, AuditEntry, AuditPurchase, audit};
    use blajarplus::pricing::Quote;
    use std::collections::{HashMap, HashSet};
    let account = |w: WalletId| match w {
        w if w == GATEWAY_WALLET => Account::Gateway,
        w if w == ESCROW_WALLET => Account::Escrow,
        w if w == PLATFORM_WALLET => Account::Platform,
        w => Account::Wallet(w),
    };
    let mut tx = m.store().begin().await.unwrap();
    let entries: Vec<AuditEntry> = tx
        .list_all_ledger_entries()
        .await
        .unwrap()
        .into_iter()
        .map(|e| AuditEntry {
            movement: e
                .movement_id
                .map_or(e.entry.id.to_string(), |m| m.to_string()),
            account: account(e.entry.wallet_id),
            amount: e.entry.amount,
            kind: e.entry.entry_type.unwrap_or(LedgerEntryType::EscrowHold),
            booking: e.entry.booking_id,
            purchase: e.package_purchase_id,
        })
        .collect();
    let wallets: Vec<(WalletId, Decimal)> = tx
        .list_user_wallets()
        .await
        .unwrap()
        .into_iter()
        .map(|w| (w.id, w.balance))
        .collect();
    let kind_of = |k| -> HashSet<BookingId> {
        entries
            .iter()
            .filter(|e| e.kind == k)
            .filter_map(|e| e.booking)
            .collect()
    };
    let (refunded, paid) = (
        kind_of(LedgerEntryType::Refund),
        kind_of(LedgerEntryType::EscrowHold),
    );
    let sessions: HashMap<BookingId, PurchaseId> = tx
        .list_package_sessions()
        .await
        .unwrap()
        .into_iter()
        .collect();
    let mut committed: HashMap<PurchaseId, Decimal> = HashMap::new();
    let mut bookings = Vec::new();
    for b in tx.list_all_bookings().await.unwrap() {
        let open = !matches!(
            b.status,
            BookingStatus::Completed | BookingStatus::Cancelled
        );
        let purchase = sessions.get(&b.id).copied();
        if let (Some(p), true) = (purchase, open) {
            *committed.entry(p).or_default() += b.total_amount;
        }
        bookings.push(AuditBooking {
            id: b.id,
            released: b.status == BookingStatus::Completed
                && (paid.contains(&b.id) || purchase.is_some())
                && !refunded.contains(&b.id),
            open,
            tutor_share: Quote::from_booking(b.price, b.platform_fee, b.total_amount).tutor_share(),
            purchase,
        });
    }
    let purchases: Vec<AuditPurchase> = tx
        .list_all_purchases()
        .await
        .unwrap()
        .into_iter()
        .map(|p| AuditPurchase {
            id: p.id,
            closed: matches!(
                p.status,
                PurchaseStatus::Expired | PurchaseStatus::Cancelled
            ),
            committed: committed.get(&p.id).copied().unwrap_or_default(),
        })
        .collect();
    audit(&entries, &wallets, &bookings, &purchases)
}

/// `verify_ledger` (aggregated by the database) gives the report the in-memory audit gives —
/// on a clean ledger, and after every kind of damage written behind the library's back.
async fn the_database_audit_finds_what_the_in_memory_audit_finds(store: Store) {
    let w = world(store).await;
    let released = paid_booking(&w, monday_16()).await;
    let cancelled = paid_booking(&w, monday_16() + Duration::days(1)).await;
    let open = paid_booking(&w, monday_16() + Duration::days(2)).await;
    w.m.cancel_booking(&w.tutor, cancelled.id, None)
        .await
        .unwrap();
    w.clock.set(monday_16() + Duration::hours(2));
    w.m.confirm_lesson(&w.student, released.id).await.unwrap();
    let same = |a: &blajarplus::ledger::LedgerReport, b: &blajarplus::ledger::LedgerReport| {
        let sorted = |r: &blajarplus::ledger::LedgerReport| {
            let mut v = r.violations.clone();
            v.sort();
            v
        };
        assert_eq!(
            (
                a.movements,
                a.entries,
                a.held,
                a.escrow,
                a.platform,
                a.wallets,
                sorted(a)
            ),
            (
                b.movements,
                b.entries,
                b.held,
                b.escrow,
                b.platform,
                b.wallets,
                sorted(b)
            )
        );
    };
    let clean = w.m.verify_ledger().await.unwrap();
    assert!(clean.violations.is_empty(), "{:?}", clean.violations);
    same(&clean, &audit_in_memory(&w.m).await);

    let tutor_wallet = w.m.my_wallet(&w.tutor).await.unwrap().id;
    let entry = |wallet, amount: &str, kind, booking| LedgerEntry {
        id: LedgerEntryId::new(),
        wallet_id: wallet,
        entry_type: Some(kind),
        amount: amount.parse().unwrap(),
        booking_id: booking,
        reference_id: None,
        meta: None,
        created_at: w.m.now(),
    };
    let row = |movement, wallet, amount: &str, kind, booking| MovementEntry {
        entry: entry(wallet, amount, kind, booking),
        movement_id: Some(movement),
        package_purchase_id: None,
    };
    let [m1, m2, m3, m4] = [(); 4].map(|_| MovementId::new());
    let (refund, release) = (LedgerEntryType::Refund, LedgerEntryType::ReleaseToTutor);
    let damage = [
        // Unbalanced, and the tutor's balance no longer matches its entries.
        row(m1, tutor_wallet, "0.07", refund, None),
        // Escrow naming no holder.
        row(m2, ESCROW_WALLET, "-1.5", refund, None),
        row(m2, GATEWAY_WALLET, "1.5", refund, None),
        // The open booking's escrow driven negative.
        row(m3, ESCROW_WALLET, "-999999.99", release, Some(open.id)),
        row(m3, GATEWAY_WALLET, "999999.99", release, Some(open.id)),
        // The released booking pays its tutor a second time (escrow of a settled booking
        // left non-zero, the release over the tutor share).
        row(m4, ESCROW_WALLET, "-10", release, Some(released.id)),
        row(m4, tutor_wallet, "10", release, Some(released.id)),
    ];
    let mut tx = w.m.store().begin().await.unwrap();
    tx.insert_rows(&damage).await.unwrap();
    tx.commit().await.unwrap();
    let damaged = w.m.verify_ledger().await.unwrap();
    assert!(damaged.violations.len() >= 6, "{:#?}", damaged.violations);
    same(&damaged, &audit_in_memory(&w.m).await);
}

conformance!(
    the_database_audit_finds_what_the_in_memory_audit_finds,
    a_reschedule_racing_a_new_booking_has_one_winner,
    signed_midtrans_notifications,
    xendit_invoice_callbacks,
    a_lesson_from_payment_to_release,
    the_same_notification_ten_times_at_once_has_one_effect,
    ten_settlements_of_one_order_are_answered_alike,
    a_seen_transaction_id_on_another_order_is_still_applied,
    forged_amounts_and_unknown_orders_are_rejected,
    late_payments_are_refunded,
    cancellation_refunds_follow_the_policy,
    disputes_and_no_shows,
    lessons_complete_by_themselves_after_the_dispute_window,
    reschedules_hold_the_proposed_time,
    manual_payments_are_confirmed_by_admins,
);
