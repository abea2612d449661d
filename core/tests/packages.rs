//! Lesson packages through the facade, on SQLite and PostgreSQL: define, buy (paid into
//! escrow held for the purchase), book with sessions (drawn atomically, priced to add up to
//! the package), give sessions back on refundable cancellations, release per completed
//! session, expire with the unused rest refunded.

mod support;

use blajarplus::marketplace::*;
use blajarplus::store::*;
use blajarplus::types::*;
use blajarplus::{Actor, Marketplace};
use chrono::{DateTime, Duration, Utc};
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
        raw_payload: serde_json::json!({ "order_id": payment.id.to_string() }),
    }
}

fn three_for_a_million(w: &World) -> NewPackage {
    NewPackage {
        name: "Paket 3× Matematika".into(),
        tutor_subject_id: Some(w.teaches.id),
        session_count: 3,
        session_minutes: 60,
        total_price: Decimal::from(1_000_000),
        valid_days: 30,
    }
}

/// Monday 2026-11-30 + `day` days at `hh:mm` UTC (the tutor teaches 09:00–13:00 UTC).
fn at(day: i64, hh: u32, mm: u32) -> DateTime<Utc> {
    monday_16()
        + Duration::days(day)
        + Duration::hours(i64::from(hh) - 9)
        + Duration::minutes(mm.into())
}

fn d(v: i64) -> Decimal {
    Decimal::from(v)
}

/// A package bought and paid by the world's student.
async fn bought(w: &World, new: NewPackage) -> (LessonPackage, PackagePurchase) {
    let pkg = w.m.create_package(&w.tutor, new).await.unwrap();
    let c =
        w.m.buy_package(&w.student, pkg.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    assert_eq!(
        w.m.apply_payment_update(paid(&c.payment, &c.purchase.id.to_string()))
            .await
            .unwrap(),
        PaymentOutcome::Applied
    );
    let purchase = purchase(&w.m, &w.student, c.purchase.id).await;
    (pkg, purchase)
}

async fn purchase(m: &Marketplace, student: &Actor, id: PurchaseId) -> PackagePurchase {
    m.my_purchases(student)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.id == id)
        .unwrap()
}

/// A draft at `start`, booked with a session of `purchase`.
async fn session(
    w: &World,
    purchase: PurchaseId,
    start: DateTime<Utc>,
) -> blajarplus::Result<Booking> {
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, start))
            .await
            .unwrap();
    w.m.book_with_package(&w.student, b.id, purchase).await
}

async fn clean_ledger(m: &Marketplace) -> blajarplus::ledger::LedgerReport {
    let r = m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    r
}

async fn wallet_balance(m: &Marketplace, who: &Actor) -> Decimal {
    m.my_wallet(who).await.unwrap().balance
}

async fn a_package_from_purchase_to_release(store: Store) {
    let w = world(store).await;
    let pkg =
        w.m.create_package(&w.tutor, three_for_a_million(&w))
            .await
            .unwrap();
    assert_eq!(pkg.session_count, 3);
    assert_eq!(pkg.currency, Currency::IDR);
    assert_eq!(
        w.m.list_packages(&w.student, w.profile.id).await.unwrap(),
        vec![pkg.clone()]
    );

    let c =
        w.m.buy_package(&w.student, pkg.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    assert_eq!(c.purchase.status, PurchaseStatus::PendingPayment);
    assert_eq!(c.payment.amount, d(1_000_000));
    assert_eq!(c.payment.booking_id, None);
    assert_eq!(c.payment.package_purchase_id, Some(c.purchase.id));
    // Not usable before it is paid.
    let err = session(&w, c.purchase.id, at(0, 9, 0)).await.unwrap_err();
    assert_eq!(err.field(), Some("package_purchase_id"), "{err}");

    // The same notification ten times at once takes effect once.
    let update = paid(&c.payment, "pkg");
    let outcomes = futures_join(&w.m, &update, 10).await;
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == PaymentOutcome::Applied)
            .count(),
        1,
        "{outcomes:?}"
    );
    let p = purchase(&w.m, &w.student, c.purchase.id).await;
    assert_eq!(p.status, PurchaseStatus::Active);
    assert_eq!(p.start_at, Some(start_now()));
    assert_eq!(p.expires_at, Some(start_now() + Duration::days(30)));
    let r = clean_ledger(&w.m).await;
    assert_eq!((r.escrow, r.held), (d(1_000_000), d(1_000_000)));
    let mut tx = w.m.store().begin().await.unwrap();
    let notes = tx
        .list_notifications(w.student.user_id, None, 10)
        .await
        .unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.kind == NotificationType::PaymentReceived)
    );
    drop(tx);

    // Three sessions, priced to add up to the package exactly.
    let a = session(&w, p.id, at(0, 9, 0)).await.unwrap();
    let b = session(&w, p.id, at(0, 10, 30)).await.unwrap();
    let c3 = session(&w, p.id, at(1, 9, 0)).await.unwrap();
    for s in [&a, &b, &c3] {
        assert_eq!(s.status, BookingStatus::Confirmed);
    }
    assert_eq!(
        (a.total_amount, b.total_amount, c3.total_amount),
        (d(333_333), d(333_333), d(333_334))
    );
    assert_eq!(a.platform_fee, d(50_000));
    assert_eq!(purchase(&w.m, &w.student, p.id).await.sessions_remaining, 0);
    let err = session(&w, p.id, at(1, 10, 30)).await.unwrap_err();
    assert_eq!(err.field(), Some("package_purchase_id"), "{err}");
    clean_ledger(&w.m).await;

    // A completed session releases its own price, less the fee, from the purchase's escrow.
    w.clock.set(at(0, 10, 1));
    let done = w.m.confirm_lesson(&w.student, a.id).await.unwrap();
    assert_eq!(done.status, BookingStatus::Completed);
    assert_eq!(wallet_balance(&w.m, &w.tutor).await, d(283_333));
    let r = clean_ledger(&w.m).await;
    assert_eq!(r.escrow, d(666_667));
    assert_eq!(r.platform, d(50_000));

    // After the dispute windows everything is released; the purchase paid exactly its price.
    w.clock.set(at(3, 0, 0));
    let due = w.m.run_due().await.unwrap();
    assert_eq!(due.completed, 2);
    let r = clean_ledger(&w.m).await;
    assert_eq!(r.escrow, Decimal::ZERO);
    assert_eq!(
        wallet_balance(&w.m, &w.tutor).await + r.platform,
        d(1_000_000)
    );
}

/// Delivers `update` `n` times concurrently.
async fn futures_join(m: &Marketplace, update: &PaymentUpdate, n: usize) -> Vec<PaymentOutcome> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let (m, u) = (m.clone(), update.clone());
            tokio::spawn(async move { m.apply_payment_update(u).await })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            Ok(o) => out.push(o),
            // A concurrent delivery may lose the race on PostgreSQL; the provider retries.
            Err(e) => assert_eq!(e.code(), "conflict", "{e}"),
        }
    }
    out
}

async fn a_refundable_cancel_gives_the_session_back(store: Store) {
    let w = world(store).await;
    let (_, p) = bought(&w, three_for_a_million(&w)).await;
    let before = clean_ledger(&w.m).await;

    // Cancelled days ahead: the session comes back, no money moves.
    let s = session(&w, p.id, at(0, 9, 0)).await.unwrap();
    assert_eq!(purchase(&w.m, &w.student, p.id).await.sessions_remaining, 2);
    let cancelled =
        w.m.cancel_booking(&w.student, s.id, Some("sakit".into()))
            .await
            .unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(purchase(&w.m, &w.student, p.id).await.sessions_remaining, 3);
    let after = clean_ledger(&w.m).await;
    assert_eq!(
        (after.entries, after.escrow),
        (before.entries, before.escrow)
    );

    // A tutor's cancellation gives it back too; the slot is free again.
    let s = session(&w, p.id, at(0, 9, 0)).await.unwrap();
    assert_eq!(s.total_amount, d(333_333));
    w.m.cancel_booking(&w.tutor, s.id, None).await.unwrap();
    assert_eq!(purchase(&w.m, &w.student, p.id).await.sessions_remaining, 3);

    // Cancelled late by the student: the session is used up and the tutor is paid for it
    // (the default late refund is 0).
    let s = session(&w, p.id, at(0, 9, 0)).await.unwrap();
    w.clock.set(at(0, 9, 0) - Duration::hours(2));
    w.m.cancel_booking(&w.student, s.id, None).await.unwrap();
    assert_eq!(purchase(&w.m, &w.student, p.id).await.sessions_remaining, 2);
    assert_eq!(wallet_balance(&w.m, &w.tutor).await, d(283_333));
    let r = clean_ledger(&w.m).await;
    assert_eq!(r.escrow, d(666_667));

    // The remaining two sessions share the rest exactly.
    let x = session(&w, p.id, at(1, 9, 0)).await.unwrap();
    let y = session(&w, p.id, at(1, 10, 30)).await.unwrap();
    assert_eq!(x.total_amount + y.total_amount, d(666_667));
}

async fn expiry_refunds_what_no_session_needs(store: Store) {
    let w = world(store).await;
    let (_, p) = bought(
        &w,
        NewPackage {
            valid_days: 7,
            ..three_for_a_million(&w)
        },
    )
    .await;
    // One session is used and disputed; it is still open when the purchase expires.
    let s = session(&w, p.id, at(0, 9, 0)).await.unwrap();
    w.clock.set(at(0, 9, 30));
    w.m.dispute_booking(&w.student, s.id, "tutor never joined".into())
        .await
        .unwrap();
    // A lesson after the expiry cannot draw from the purchase.
    w.clock.set(at(0, 12, 0));
    let err = session(&w, p.id, at(9, 9, 0)).await.unwrap_err();
    assert_eq!(err.field(), Some("package_purchase_id"), "{err}");

    w.clock
        .set(start_now() + Duration::days(7) + Duration::minutes(1));
    let due = w.m.run_due().await.unwrap();
    assert_eq!(due.purchases_expired, 1, "{due:?}");
    assert_eq!(
        purchase(&w.m, &w.student, p.id).await.status,
        PurchaseStatus::Expired
    );
    // Two unused sessions went back; the disputed one's price is still held.
    let r = clean_ledger(&w.m).await;
    assert_eq!(r.escrow, d(333_333));
    assert_eq!(r.held, d(333_333));
    // Idempotent: a second run does nothing.
    let again = w.m.run_due().await.unwrap();
    assert_eq!(again.purchases_expired, 0);

    // Refunded in full after the purchase is over: the money goes back, not the session.
    let resolved =
        w.m.resolve_dispute(&w.admin, s.id, DisputeResolution::Refund, None)
            .await
            .unwrap();
    assert_eq!(resolved.status, BookingStatus::Cancelled);
    let r = clean_ledger(&w.m).await;
    assert_eq!((r.escrow, r.held), (Decimal::ZERO, Decimal::ZERO));
    assert_eq!(purchase(&w.m, &w.student, p.id).await.sessions_remaining, 2);
}

async fn an_unpaid_purchase_expires_and_a_late_payment_is_refunded(store: Store) {
    let w = world(store).await;
    let pkg =
        w.m.create_package(&w.tutor, three_for_a_million(&w))
            .await
            .unwrap();
    let c =
        w.m.buy_package(&w.student, pkg.id, PaymentProvider::Xendit)
            .await
            .unwrap();
    w.clock.advance(Duration::minutes(31));
    let due = w.m.run_due().await.unwrap();
    assert_eq!(due.purchases_cancelled, 1, "{due:?}");
    assert_eq!(
        purchase(&w.m, &w.student, c.purchase.id).await.status,
        PurchaseStatus::Cancelled
    );
    assert_eq!(w.m.run_due().await.unwrap().purchases_cancelled, 0);

    let mut late = paid(&c.payment, "late");
    late.provider = PaymentProvider::Xendit;
    assert_eq!(
        w.m.apply_payment_update(late).await.unwrap(),
        PaymentOutcome::RefundedLate
    );
    let r = clean_ledger(&w.m).await;
    assert_eq!((r.escrow, r.held), (Decimal::ZERO, Decimal::ZERO));
    let mut tx = w.m.store().begin().await.unwrap();
    let payment = tx.get_payment(c.payment.id).await.unwrap().unwrap();
    assert_eq!(payment.status, PaymentStatus::Refunded);
    assert_eq!(
        tx.get_purchase(c.purchase.id)
            .await
            .unwrap()
            .unwrap()
            .status,
        PurchaseStatus::Cancelled
    );
}

async fn concurrent_draws_never_overdraw(store: Store) {
    let w = world(store).await;
    let (_, p) = bought(&w, three_for_a_million(&w)).await;
    let mut drafts = Vec::new();
    for day in 0..3 {
        for (hh, mm) in [(9, 0), (10, 30), (12, 0)] {
            drafts.push(
                w.m.create_booking(&w.student, online(w.teaches.id, at(day, hh, mm)))
                    .await
                    .unwrap(),
            );
        }
    }
    let tasks: Vec<_> = drafts
        .iter()
        .map(|b| {
            let (m, student, id) = (w.m.clone(), w.student, b.id);
            tokio::spawn(async move { m.book_with_package(&student, id, p.id).await })
        })
        .collect();
    let mut won = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            Ok(b) => won.push(b),
            Err(e) => assert!(
                e.code() == "conflict" || e.field() == Some("package_purchase_id"),
                "{e}"
            ),
        }
    }
    assert_eq!(won.len(), 3);
    assert_eq!(
        won.iter().map(|b| b.total_amount).sum::<Decimal>(),
        d(1_000_000)
    );
    assert_eq!(purchase(&w.m, &w.student, p.id).await.sessions_remaining, 0);
    clean_ledger(&w.m).await;
}

async fn permissions_and_bad_input_write_nothing(store: Store) {
    let w = world(store).await;
    // Only the tutor defines packages, with sane terms.
    assert_eq!(
        w.m.create_package(&w.student, three_for_a_million(&w))
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    for (bad, field) in [
        (
            NewPackage {
                session_count: 0,
                ..three_for_a_million(&w)
            },
            "session_count",
        ),
        (
            NewPackage {
                session_minutes: 5,
                ..three_for_a_million(&w)
            },
            "session_minutes",
        ),
        (
            NewPackage {
                total_price: Decimal::new(-1, 0),
                ..three_for_a_million(&w)
            },
            "total_price",
        ),
        (
            NewPackage {
                valid_days: 0,
                ..three_for_a_million(&w)
            },
            "valid_days",
        ),
        (
            NewPackage {
                name: "  ".into(),
                ..three_for_a_million(&w)
            },
            "name",
        ),
    ] {
        let err = w.m.create_package(&w.tutor, bad).await.unwrap_err();
        assert_eq!((err.code(), err.field()), ("validation", Some(field)));
    }
    assert_eq!(
        w.m.create_package(
            &w.tutor,
            NewPackage {
                tutor_subject_id: Some(TutorSubjectId::new()),
                ..three_for_a_million(&w)
            }
        )
        .await
        .unwrap_err()
        .code(),
        "not_found"
    );
    assert!(
        w.m.list_packages(&w.tutor, w.profile.id)
            .await
            .unwrap()
            .is_empty()
    );

    // A withdrawn package is not sold (but its tutor still sees it).
    let pkg =
        w.m.create_package(&w.tutor, three_for_a_million(&w))
            .await
            .unwrap();
    w.m.set_package_active(&w.tutor, pkg.id, false)
        .await
        .unwrap();
    assert!(
        w.m.list_packages(&w.student, w.profile.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        w.m.list_packages(&w.tutor, w.profile.id)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        w.m.buy_package(&w.student, pkg.id, PaymentProvider::Midtrans)
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        w.m.set_package_active(&w.student, pkg.id, true)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert_eq!(
        w.m.buy_package(&w.tutor, pkg.id, PaymentProvider::Midtrans)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );

    // Someone else's purchase, a wrong length, another tutor's package.
    let (_, p) = bought(&w, three_for_a_million(&w)).await;
    let other =
        w.m.register_user(NewUser {
            role: Role::Student,
            full_name: "Dewi".into(),
            email: Some("dewi@example.id".into()),
            phone: None,
            password: None,
        })
        .await
        .unwrap();
    let other = Actor::student(other.id);
    let theirs =
        w.m.create_booking(&other, online(w.teaches.id, at(0, 9, 0)))
            .await
            .unwrap();
    assert_eq!(
        w.m.book_with_package(&other, theirs.id, p.id)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert_eq!(
        w.m.book_with_package(&w.student, theirs.id, p.id)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let long = NewBooking {
        duration_minutes: 90,
        ..online(w.teaches.id, at(0, 9, 0))
    };
    let long = w.m.create_booking(&w.student, long).await.unwrap();
    let err =
        w.m.book_with_package(&w.student, long.id, p.id)
            .await
            .unwrap_err();
    assert_eq!(err.field(), Some("duration_minutes"), "{err}");
    assert_eq!(
        w.m.book_with_package(&w.student, long.id, PurchaseId::new())
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    let math = w.teaches.subject_id;
    let (_, _, other_teaches) = tutor(&w.m, "andi@example.id", math).await;
    let elsewhere =
        w.m.create_booking(&w.student, online(other_teaches.id, at(0, 9, 0)))
            .await
            .unwrap();
    let err =
        w.m.book_with_package(&w.student, elsewhere.id, p.id)
            .await
            .unwrap_err();
    assert_eq!(err.field(), Some("package_purchase_id"), "{err}");
    // Nothing was drawn by any of these.
    assert_eq!(purchase(&w.m, &w.student, p.id).await.sessions_remaining, 3);
    assert_eq!(
        w.m.get_booking(&w.student, long.id).await.unwrap().status,
        BookingStatus::Draft
    );
    clean_ledger(&w.m).await;
}

conformance!(
    a_package_from_purchase_to_release,
    a_refundable_cancel_gives_the_session_back,
    expiry_refunds_what_no_session_needs,
    an_unpaid_purchase_expires_and_a_late_payment_is_refunded,
    concurrent_draws_never_overdraw,
    permissions_and_bad_input_write_nothing,
);
