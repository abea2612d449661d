//! Reports, moderation, notifications and the outbox through the facade, on SQLite and
//! PostgreSQL.

mod support;

use blajarplus::marketplace::*;
use blajarplus::search::TutorSearch;
use blajarplus::store::Store;
use blajarplus::types::*;
use blajarplus::{Actor, Marketplace};
use chrono::Duration;
use rust_decimal::Decimal;
use std::collections::HashSet;
use support::market::*;

fn report_of(kind: ReportTargetType, id: uuid::Uuid) -> NewReport {
    NewReport {
        target_type: kind,
        target_id: TargetId::from_uuid(id),
        reason: ReportReason::Inappropriate,
        description: Some("Tidak sopan di chat".into()),
    }
}

async fn another_student(m: &Marketplace, email: &str) -> Actor {
    let u = m
        .register_user(NewUser {
            role: Role::Student,
            full_name: "Dewi".into(),
            email: Some(email.into()),
            phone: None,
            password: None,
        })
        .await
        .unwrap();
    Actor::student(u.id)
}

async fn reports_and_the_queue(store: Store) {
    let w = world(store).await;
    let tutor_profile = report_of(ReportTargetType::TutorProfile, w.profile.id.as_uuid());
    let r = w.m.report(&w.student, tutor_profile.clone()).await.unwrap();
    assert_eq!(r.status, ReportStatus::Open);
    assert_eq!(r.reporter_user_id, w.student.user_id);
    // One unhandled report per reporter and target.
    assert_eq!(
        w.m.report(&w.student, tutor_profile.clone())
            .await
            .unwrap_err()
            .code(),
        "conflict"
    );
    // The target must exist; nobody reports themselves; bookings only by their parties.
    for kind in [
        ReportTargetType::User,
        ReportTargetType::TutorProfile,
        ReportTargetType::Review,
        ReportTargetType::Message,
        ReportTargetType::Booking,
    ] {
        assert_eq!(
            w.m.report(&w.student, report_of(kind, uuid::Uuid::now_v7()))
                .await
                .unwrap_err()
                .code(),
            "not_found",
            "{kind}"
        );
    }
    assert_eq!(
        w.m.report(
            &w.tutor,
            report_of(ReportTargetType::TutorProfile, w.profile.id.as_uuid())
        )
        .await
        .unwrap_err()
        .code(),
        "forbidden"
    );
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let dewi = another_student(&w.m, "dewi@example.id").await;
    let on_booking = report_of(ReportTargetType::Booking, b.id.as_uuid());
    assert_eq!(
        w.m.report(&dewi, on_booking.clone())
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    w.m.report(&w.tutor, on_booking).await.unwrap();
    let err =
        w.m.report(
            &dewi,
            NewReport {
                description: Some("x".repeat(2001)),
                ..report_of(ReportTargetType::User, w.tutor.user_id.as_uuid())
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("description"));

    // The admin works the queue; others may not see it.
    assert_eq!(
        w.m.list_reports(&w.student, ReportStatus::Open)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let open =
        w.m.list_reports(&w.admin, ReportStatus::Open)
            .await
            .unwrap();
    assert_eq!(open.len(), 2);
    assert_eq!(open[0].id, r.id, "oldest first");
    assert_eq!(
        w.m.handle_report(&w.student, r.id, ReportStatus::Resolved)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    w.clock.advance(Duration::minutes(5));
    let inv =
        w.m.handle_report(&w.admin, r.id, ReportStatus::Investigating)
            .await
            .unwrap();
    assert_eq!(inv.handled_by, Some(w.admin.user_id));
    assert_eq!(inv.handled_at, Some(start_now() + Duration::minutes(5)));
    let done =
        w.m.handle_report(&w.admin, r.id, ReportStatus::Resolved)
            .await
            .unwrap();
    assert_eq!(done.status, ReportStatus::Resolved);
    for to in [ReportStatus::Open, ReportStatus::Rejected] {
        assert_eq!(
            w.m.handle_report(&w.admin, r.id, to)
                .await
                .unwrap_err()
                .code(),
            "invalid_transition"
        );
    }
    assert_eq!(
        w.m.handle_report(&w.admin, ReportId::new(), ReportStatus::Resolved)
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    // Once handled, the same target can be reported again.
    w.m.report(&w.student, tutor_profile).await.unwrap();
}

async fn a_banned_tutor_loses_upcoming_lessons_and_refunds_follow(store: Store) {
    let w = world(store).await;
    let paid = paid_booking(&w, monday_16()).await;
    let draft =
        w.m.create_booking(
            &w.student,
            online(w.teaches.id, monday_16() + Duration::days(1)),
        )
        .await
        .unwrap();
    let before = w.m.verify_ledger().await.unwrap();
    assert_eq!(before.escrow, Decimal::from(150_000));
    assert_eq!(
        w.m.ban_tutor(&w.student, w.profile.id, "fraud".into())
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert_eq!(
        w.m.ban_tutor(&w.admin, w.profile.id, " ".into())
            .await
            .unwrap_err()
            .field(),
        Some("reason")
    );
    let banned =
        w.m.ban_tutor(&w.admin, w.profile.id, "fraud reported twice".into())
            .await
            .unwrap();
    assert_eq!(banned.status, TutorStatus::Banned);
    for id in [paid.id, draft.id] {
        let b = w.m.get_booking(&w.admin, id).await.unwrap();
        assert_eq!(b.status, BookingStatus::Cancelled);
        assert_eq!(b.cancelled_by, Some(CancelledBy::Admin));
        assert_eq!(b.cancel_reason.as_deref(), Some("fraud reported twice"));
    }
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!((r.escrow, r.held), (Decimal::ZERO, Decimal::ZERO));
    // No new bookings, no slots.
    assert_eq!(
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
}

/// A tutor is bookable only while account, profile, offering and subject are all active
/// (`blajarplus::bookable`), and every path that offers or sells their time asks that rule.
/// Suspending a tutor's account cancels their lessons that have not started, refunded in full.
async fn a_suspended_tutor_cannot_be_booked_or_paid(store: Store) {
    let w = world(store).await;
    let paid = paid_booking(&w, monday_16()).await;
    let draft =
        w.m.create_booking(
            &w.student,
            online(w.teaches.id, monday_16() + Duration::days(1)),
        )
        .await
        .unwrap();
    let package =
        w.m.create_package(
            &w.tutor,
            NewPackage {
                name: "Paket 4x".into(),
                tutor_subject_id: None,
                session_count: 4,
                session_minutes: 60,
                total_price: Decimal::from(500_000),
                valid_days: 30,
            },
        )
        .await
        .unwrap();
    let week = (monday_16(), monday_16() + Duration::days(7));
    let listed = |m: Marketplace| async move {
        m.search_tutors(TutorSearch::default()).await.unwrap().total
    };
    assert!(
        !w.m.available_slots(w.profile.id, week.0, week.1, 60)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(listed(w.m.clone()).await, 1);

    let tutor_user = w.tutor.user_id;
    w.m.set_user_status(&w.admin, tutor_user, UserStatus::Suspended)
        .await
        .unwrap();
    // No slots, no listing, no new booking, no package sale.
    assert!(
        w.m.available_slots(w.profile.id, week.0, week.1, 60)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(listed(w.m.clone()).await, 0);
    let err =
        w.m.create_booking(
            &w.student,
            online(w.teaches.id, monday_16() + Duration::days(2)),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_found", "{err}");
    let err =
        w.m.buy_package(&w.student, package.id, PaymentProvider::Midtrans)
            .await
            .unwrap_err();
    assert_eq!(err.code(), "not_found", "{err}");
    // Lessons that had not started are cancelled by the admin side, the paid one refunded.
    for id in [paid.id, draft.id] {
        let b = w.m.get_booking(&w.admin, id).await.unwrap();
        assert_eq!(b.status, BookingStatus::Cancelled, "{id}");
        assert_eq!(b.cancelled_by, Some(CancelledBy::Admin));
    }
    let err =
        w.m.checkout(&w.student, draft.id, PaymentProvider::Midtrans)
            .await
            .unwrap_err();
    assert_eq!(err.code(), "invalid_transition", "{err}");
    let r = w.m.verify_ledger().await.unwrap();
    assert!(r.violations.is_empty(), "{:?}", r.violations);
    assert_eq!((r.escrow, r.held), (Decimal::ZERO, Decimal::ZERO));

    // Reinstated: bookable again; the cancelled lessons stay cancelled.
    w.m.set_user_status(&w.admin, tutor_user, UserStatus::Active)
        .await
        .unwrap();
    assert!(
        !w.m.available_slots(w.profile.id, week.0, week.1, 60)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(listed(w.m.clone()).await, 1);
    let again = paid_booking(&w, monday_16() + Duration::days(2)).await;
    assert_eq!(
        w.m.get_booking(&w.admin, paid.id).await.unwrap().status,
        BookingStatus::Cancelled
    );

    // Checkout asks the rule too: an offering switched off after the draft was made.
    let later =
        w.m.create_booking(
            &w.student,
            online(w.teaches.id, monday_16() + Duration::days(3)),
        )
        .await
        .unwrap();
    w.m.update_tutor_subject(
        &w.tutor,
        w.teaches.id,
        TutorSubjectUpdate {
            price_override: None,
            description: None,
            is_active: false,
        },
    )
    .await
    .unwrap();
    let err =
        w.m.checkout(&w.student, later.id, PaymentProvider::Midtrans)
            .await
            .unwrap_err();
    assert_eq!(err.code(), "not_found", "{err}");
    // Reschedules ask it as well: a paused tutor's lesson cannot be moved.
    w.m.deactivate_tutor_profile(&w.tutor).await.unwrap();
    let err =
        w.m.request_reschedule(&w.student, again.id, monday_16() + Duration::days(4))
            .await
            .unwrap_err();
    assert_eq!(err.code(), "not_found", "{err}");
    assert_eq!(
        w.m.get_booking(&w.student, again.id).await.unwrap().status,
        BookingStatus::Confirmed
    );
}

async fn notifications_page_and_are_marked_read(store: Store) {
    let w = world(store).await;
    // Three paid lessons: two notifications each for the student, in one instant.
    for day in 0..3 {
        paid_booking(&w, monday_16() + Duration::days(day)).await;
    }
    let all = w.m.list_notifications(&w.student, None, 100).await.unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(w.m.unread_notification_count(&w.student).await.unwrap(), 6);
    // Pages of 4 then 2 reach every one exactly once, newest first.
    let p1 = w.m.list_notifications(&w.student, None, 4).await.unwrap();
    let p2 =
        w.m.list_notifications(&w.student, Some(p1[3].id), 4)
            .await
            .unwrap();
    assert_eq!(p2.len(), 2);
    let paged: Vec<_> = p1.iter().chain(&p2).map(|n| n.id).collect();
    assert_eq!(paged, all.iter().map(|n| n.id).collect::<Vec<_>>());
    assert_eq!(
        w.m.list_notifications(&w.student, None, 0)
            .await
            .unwrap_err()
            .field(),
        Some("limit")
    );
    // Another user's notification does not exist for them.
    assert_eq!(
        w.m.list_notifications(&w.tutor, Some(all[0].id), 10)
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        w.m.mark_notification_read(&w.tutor, all[0].id)
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert!(
        w.m.mark_notification_read(&w.student, all[0].id)
            .await
            .unwrap()
    );
    assert!(
        !w.m.mark_notification_read(&w.student, all[0].id)
            .await
            .unwrap()
    );
    assert_eq!(w.m.unread_notification_count(&w.student).await.unwrap(), 5);
    assert_eq!(
        w.m.mark_all_notifications_read(&w.student).await.unwrap(),
        5
    );
    assert_eq!(w.m.unread_notification_count(&w.student).await.unwrap(), 0);
    // The tutor's are untouched.
    assert_eq!(w.m.unread_notification_count(&w.tutor).await.unwrap(), 3);
}

async fn the_outbox_delivers_at_least_once(store: Store) {
    let w = world(store).await;
    for day in 0..3 {
        paid_booking(&w, monday_16() + Duration::days(day)).await;
    }
    // Every notification has its event (2 for the student, 1 for the tutor per lesson).
    assert_eq!(
        w.m.claim_outbox(0, 60).await.unwrap_err().field(),
        Some("limit")
    );
    assert_eq!(
        w.m.claim_outbox(10, 0).await.unwrap_err().field(),
        Some("lease_seconds")
    );
    let first = w.m.claim_outbox(4, 60).await.unwrap();
    assert_eq!(first.len(), 4);
    assert!(first.iter().all(|e| e.attempts == 1));
    assert!(first.iter().all(|e| e.topic.starts_with("notification.")));
    let e = &first[0];
    assert!(
        e.payload.get("notification_id").is_some(),
        "{:?}",
        e.payload
    );
    let rest = w.m.claim_outbox(100, 60).await.unwrap();
    assert_eq!(rest.len(), 5, "claimed events are leased to their claimer");
    assert!(w.m.claim_outbox(100, 60).await.unwrap().is_empty());

    // Acknowledge some; the others come back once their lease ends.
    let acked: Vec<_> = first.iter().map(|e| e.id).collect();
    assert_eq!(w.m.ack_outbox(acked.clone()).await.unwrap(), 4);
    assert_eq!(w.m.ack_outbox(acked).await.unwrap(), 0);
    w.clock.advance(Duration::seconds(61));
    let again = w.m.claim_outbox(100, 60).await.unwrap();
    assert_eq!(
        again.iter().map(|e| e.id).collect::<HashSet<_>>(),
        rest.iter().map(|e| e.id).collect::<HashSet<_>>()
    );
    assert!(again.iter().all(|e| e.attempts == 2));
    w.m.ack_outbox(again.iter().map(|e| e.id).collect())
        .await
        .unwrap();
    w.clock.advance(Duration::minutes(5));
    assert!(w.m.claim_outbox(100, 60).await.unwrap().is_empty());

    // Concurrent workers get disjoint events.
    for day in [3, 4, 7, 8] {
        paid_booking(&w, monday_16() + Duration::days(day)).await;
    }
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let m = w.m.clone();
            tokio::spawn(async move { m.claim_outbox(4, 60).await.unwrap() })
        })
        .collect();
    let mut seen = HashSet::new();
    let mut total = 0;
    for t in tasks {
        for e in t.await.unwrap() {
            total += 1;
            assert!(seen.insert(e.id), "claimed twice: {}", e.id);
        }
    }
    assert_eq!(total, seen.len());
    assert!(total <= 12);
    let left = w.m.claim_outbox(100, 60).await.unwrap();
    assert_eq!(total + left.len(), 12);
}

conformance!(
    a_suspended_tutor_cannot_be_booked_or_paid,
    reports_and_the_queue,
    a_banned_tutor_loses_upcoming_lessons_and_refunds_follow,
    notifications_page_and_are_marked_read,
    the_outbox_delivers_at_least_once,
);
