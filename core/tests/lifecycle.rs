//! The booking lifecycle through the facade, on SQLite and PostgreSQL.

mod support;

use blajarplus::Error;
use blajarplus::marketplace::*;
use blajarplus::store::*;
use blajarplus::types::*;
use chrono::Duration;
use rust_decimal::Decimal;
use support::market::*;

async fn slots_follow_rules_and_bookings(store: Store) {
    let w = world(store).await;
    let day = monday_16() - Duration::hours(9);
    let slots =
        w.m.available_slots(w.profile.id, day, day + Duration::days(1), 60)
            .await
            .unwrap();
    // 16:00–20:00 Jakarta = 09:00–13:00 UTC, every 30 minutes, an hour long.
    let starts: Vec<_> = slots
        .iter()
        .map(|s| s.start.format("%H:%M").to_string())
        .collect();
    assert_eq!(
        starts,
        [
            "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00"
        ]
    );

    // A booking that holds its slot removes it, with the 10-minute buffer after it.
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
        .await
        .unwrap();
    let slots =
        w.m.available_slots(w.profile.id, day, day + Duration::days(1), 60)
            .await
            .unwrap();
    let starts: Vec<_> = slots
        .iter()
        .map(|s| s.start.format("%H:%M").to_string())
        .collect();
    assert_eq!(starts, ["10:30", "11:00", "11:30", "12:00"]);

    assert_eq!(
        w.m.available_slots(w.profile.id, day, day + Duration::days(1), 5)
            .await
            .unwrap_err()
            .field(),
        Some("duration_minutes")
    );

    // A window's slot_duration_minutes is its grid: on a 60-minute grid, 90-minute lessons
    // start on the hour only (the policy's 30-minute step does not apply), and a start off
    // the grid is never offered.
    let t = |h| chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    w.m.set_weekly_availability(
        &w.tutor,
        vec![AvailabilityRule {
            day_of_week: 1,
            start_time: t(16),
            end_time: t(20),
            slot_duration_minutes: 60,
        }],
    )
    .await
    .unwrap();
    let starts: Vec<_> =
        w.m.available_slots(w.profile.id, day, day + Duration::days(1), 90)
            .await
            .unwrap()
            .iter()
            .map(|s| s.start.format("%H:%M").to_string())
            .collect();
    assert_eq!(starts, ["11:00"]);
    let mut off_grid = online(w.teaches.id, monday_16() + Duration::minutes(150));
    off_grid.duration_minutes = 60;
    let err = w.m.create_booking(&w.student, off_grid).await.unwrap_err();
    assert_eq!(err.field(), Some("start_at"), "{err}");
    let mut on_grid = online(w.teaches.id, monday_16() + Duration::hours(2));
    on_grid.duration_minutes = 90;
    w.m.create_booking(&w.student, on_grid).await.unwrap();
}

async fn create_and_checkout(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    assert_eq!(b.status, BookingStatus::Draft);
    assert_eq!(b.price, Decimal::from(150_000));
    assert_eq!(b.platform_fee, Decimal::from(22_500));
    assert_eq!(b.total_amount, Decimal::from(150_000));
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    assert_eq!(c.booking.status, BookingStatus::PendingPayment);
    assert_eq!(c.payment.amount, b.total_amount);
    assert_eq!(c.payment.status, PaymentStatus::Pending);
    assert_eq!(
        c.payment.expires_at,
        Some(start_now() + Duration::minutes(30))
    );
    let history = w.m.booking_history(&w.tutor, b.id).await.unwrap();
    assert_eq!(
        history
            .iter()
            .map(|l| (l.from_status, l.to_status))
            .collect::<Vec<_>>(),
        vec![
            (None, BookingStatus::Draft),
            (Some(BookingStatus::Draft), BookingStatus::PendingPayment)
        ]
    );
    // Checking out twice is an invalid transition and changes nothing.
    let err =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap_err();
    assert_eq!(err.code(), "invalid_transition");
    assert_eq!(w.m.booking_history(&w.admin, b.id).await.unwrap().len(), 2);
}

async fn bad_bookings_are_refused_and_write_nothing(store: Store) {
    let w = world(store).await;
    let ok = online(w.teaches.id, monday_16());
    let cases: Vec<(NewBooking, &str)> = vec![
        (
            NewBooking {
                start_at: monday_16() + Duration::hours(5),
                ..ok.clone()
            },
            "start_at",
        ),
        (
            NewBooking {
                start_at: start_now() + Duration::minutes(30),
                ..ok.clone()
            },
            "start_at",
        ),
        (
            NewBooking {
                duration_minutes: 10,
                ..ok.clone()
            },
            "duration_minutes",
        ),
        (
            NewBooking {
                meeting_link: Some("http://x".into()),
                ..ok.clone()
            },
            "meeting_link",
        ),
        (
            NewBooking {
                mode: LessonMode::Offline,
                meeting_link: None,
                ..ok.clone()
            },
            "location_type",
        ),
        (
            NewBooking {
                mode: LessonMode::Offline,
                meeting_link: None,
                location_type: Some(LocationType::StudentPlace),
                ..ok.clone()
            },
            "location_address",
        ),
        (
            NewBooking {
                location_address: Some("Jl. Sudirman".into()),
                ..ok.clone()
            },
            "location_address",
        ),
    ];
    for (new, field) in cases {
        let err = w.m.create_booking(&w.student, new).await.unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
    }
    // Only students book; a tutor subject must exist.
    assert_eq!(
        w.m.create_booking(&w.tutor, ok.clone())
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let err =
        w.m.create_booking(&w.student, online(TutorSubjectId::new(), monday_16()))
            .await
            .unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(
        w.m.my_bookings(&w.student, start_now(), start_now() + Duration::days(90))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn strangers_and_suspended_users_cannot_act(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    let other =
        w.m.register_user(NewUser {
            role: Role::Student,
            full_name: "Ani".into(),
            email: Some("ani@example.id".into()),
            phone: None,
            password: None,
        })
        .await
        .unwrap();
    let stranger = blajarplus::Actor::student(other.id);
    assert_eq!(
        w.m.get_booking(&stranger, b.id).await.unwrap_err().code(),
        "forbidden"
    );
    assert_eq!(
        w.m.checkout(&stranger, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert_eq!(
        w.m.cancel_booking(&stranger, b.id, None)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    // Claiming another role than the account's is refused.
    let fake_admin = blajarplus::Actor::admin(other.id);
    assert_eq!(
        w.m.get_booking(&fake_admin, b.id).await.unwrap_err().code(),
        "forbidden"
    );
    // A suspended student cannot act on their own booking.
    let mut tx = w.m.store().begin().await.unwrap();
    let mut u = tx.get_user(w.student.user_id).await.unwrap().unwrap();
    u.status = UserStatus::Suspended;
    u.updated_at = start_now();
    tx.update_user(&u).await.unwrap();
    tx.commit().await.unwrap();
    let err =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap_err();
    assert_eq!(err, Error::Forbidden("the account is suspended".into()));
    assert_eq!(
        w.m.get_booking(&w.admin, b.id).await.unwrap().status,
        BookingStatus::Draft
    );
}

async fn unpaid_bookings_expire_and_free_their_slot(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    w.m.checkout(&w.student, b.id, PaymentProvider::Xendit)
        .await
        .unwrap();
    assert_eq!(w.m.run_due().await.unwrap(), DueReport::default());
    w.clock.advance(Duration::minutes(31));
    let r = w.m.run_due().await.unwrap();
    assert_eq!(r.expired, 1);
    let b = w.m.get_booking(&w.student, b.id).await.unwrap();
    assert_eq!(b.status, BookingStatus::Cancelled);
    assert_eq!(b.cancelled_by, Some(CancelledBy::System));
    // Idempotent: nothing more to do.
    assert_eq!(w.m.run_due().await.unwrap().expired, 0);
    // The slot is free again.
    let again =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    w.m.checkout(&w.student, again.id, PaymentProvider::Xendit)
        .await
        .unwrap();
    let mut tx = w.m.store().begin().await.unwrap();
    let p = tx.find_payment_by_booking(b.id).await.unwrap().unwrap();
    assert_eq!(p.status, PaymentStatus::Expired);
}

async fn racing_checkouts_have_one_winner(store: Store) {
    let w = world(store).await;
    let mut drafts = Vec::new();
    for _ in 0..32 {
        drafts.push(
            w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
                .await
                .unwrap(),
        );
    }
    let mut tasks = Vec::new();
    for d in drafts {
        let m = w.m.clone();
        let s = w.student;
        tasks.push(tokio::spawn(async move {
            m.checkout(&s, d.id, PaymentProvider::Midtrans).await
        }));
    }
    let mut wins = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => wins += 1,
            // Losing a race is not a user mistake: "just booked by someone else".
            Err(e) => assert_eq!(e.code(), "conflict", "{e}"),
        }
    }
    assert_eq!(wins, 1);
    // After the race, creating a draft for the taken time is a conflict too; a time never
    // offered stays a validation error on start_at.
    let err =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap_err();
    assert_eq!(err.code(), "conflict", "{err}");
    let err =
        w.m.create_booking(
            &w.student,
            online(w.teaches.id, monday_16() - Duration::hours(4)),
        )
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("start_at"), "{err}");
}

async fn cancellations_and_permissions_follow_the_table(store: Store) {
    let w = world(store).await;
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    // The tutor does not see drafts to cancel.
    assert_eq!(
        w.m.cancel_booking(&w.tutor, b.id, None)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
        .await
        .unwrap();
    let c =
        w.m.cancel_booking(&w.tutor, b.id, Some("sakit".into()))
            .await
            .unwrap();
    assert_eq!(c.status, BookingStatus::Cancelled);
    assert_eq!(c.cancelled_by, Some(CancelledBy::Tutor));
    assert_eq!(c.cancel_reason.as_deref(), Some("sakit"));
    let err =
        w.m.cancel_booking(&w.student, b.id, None)
            .await
            .unwrap_err();
    assert_eq!(
        err,
        Error::InvalidTransition {
            from: "cancelled".into(),
            event: "cancel".into()
        }
    );
    let report = w.m.verify_ledger().await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

async fn every_offered_slot_can_be_booked(store: Store) {
    let w = world(store).await;
    // A busy week first: some held bookings, a time-off, a closed day.
    w.m.add_time_off(
        &w.tutor,
        monday_16() + Duration::days(1),
        monday_16() + Duration::days(1) + Duration::hours(2),
        None,
    )
    .await
    .unwrap();
    w.m.set_date_override(
        &w.tutor,
        (monday_16() + Duration::days(2)).date_naive(),
        vec![],
    )
    .await
    .unwrap();
    for start in [
        monday_16(),
        monday_16() + Duration::days(3) + Duration::minutes(90),
    ] {
        let b =
            w.m.create_booking(&w.student, online(w.teaches.id, start))
                .await
                .unwrap();
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    }
    let from = start_now();
    let slots =
        w.m.available_slots(w.profile.id, from, from + Duration::days(14), 60)
            .await
            .unwrap();
    assert!(slots.len() > 40, "{}", slots.len());
    // Wednesday is closed by its override; Tuesday loses the time-off hours.
    assert!(
        slots
            .iter()
            .all(|s| s.start.date_naive() != (monday_16() + Duration::days(2)).date_naive())
    );
    for s in &slots {
        let b =
            w.m.create_booking(&w.student, online(w.teaches.id, s.start))
                .await;
        assert!(
            b.is_ok(),
            "{} was offered but refused: {:?}",
            s.start,
            b.err()
        );
    }
    // And a slot that was offered can be checked out (the first free one).
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, slots[0].start))
            .await
            .unwrap();
    w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
        .await
        .unwrap();
}

conformance!(
    every_offered_slot_can_be_booked,
    slots_follow_rules_and_bookings,
    create_and_checkout,
    bad_bookings_are_refused_and_write_nothing,
    strangers_and_suspended_users_cannot_act,
    unpaid_bookings_expire_and_free_their_slot,
    racing_checkouts_have_one_winner,
    cancellations_and_permissions_follow_the_table,
);
