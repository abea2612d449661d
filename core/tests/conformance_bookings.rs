//! BookingRepo on both backends: bookings and their status logs round-trip every column, the
//! list/lookup methods keep their order, filters, windows and limits, the compare-and-swap and
//! the proposal/reminder columns behave, and deleting a booking takes its status logs,
//! payment, review and progress logs along.

mod support;

use blajarplus::Error;
use blajarplus::store::*;
use blajarplus::types::*;
use chrono::{DateTime, Duration, Utc};
use support::at;
use support::fixtures::*;

fn full_booking(
    student: UserId,
    tutor: TutorProfileId,
    ts: Option<TutorSubjectId>,
    start: DateTime<Utc>,
) -> Booking {
    Booking {
        tutor_subject_id: ts,
        mode: Some(LessonMode::Offline),
        location_type: Some(LocationType::StudentPlace),
        location_address: Some("Jl. Malioboro No. 52, Yogyakarta — lantai 2 🏫".into()),
        lat: Some(dec("-6.20876300")),
        lng: Some(dec("106.84559900")),
        meeting_link: Some("https://meet.example/xyz?ß=1".into()),
        status: BookingStatus::Cancelled,
        cancelled_by: Some(CancelledBy::Tutor),
        cancel_reason: Some("Sakit — mohon maaf 🙏".into()),
        price: dec("9999999999.99"),
        platform_fee: dec("1499999999.99"),
        total_amount: dec("9999999999.99"),
        currency: "MYR".parse().unwrap(),
        notes: Some("Bawa kalkulator\nDan buku catatan".into()),
        created_at: micro(now(), 111_111),
        updated_at: micro(now(), 222_222),
        deleted_at: Some(micro(now(), 333_333)),
        ..booking(student, tutor, micro(start, 1), 90)
    }
}

fn bare_booking(student: UserId, tutor: TutorProfileId, start: DateTime<Utc>) -> Booking {
    Booking {
        tutor_subject_id: None,
        mode: None,
        location_type: None,
        location_address: None,
        lat: None,
        lng: None,
        meeting_link: None,
        status: BookingStatus::Draft,
        cancelled_by: None,
        cancel_reason: None,
        price: dec("0.00"),
        platform_fee: dec("0.00"),
        total_amount: dec("0.00"),
        notes: None,
        deleted_at: None,
        ..booking(student, tutor, start, 30)
    }
}

async fn booking_round_trips_every_column(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    let math = subject("Matematika", None);
    tx.insert_subject(&math).await.unwrap();
    let ts = tutor_subject(p.id, math.id);
    tx.insert_tutor_subject(&ts).await.unwrap();
    let full = full_booking(student.id, p.id, Some(ts.id), at(2026, 12, 1, 2, 0));
    let bare = bare_booking(student.id, p.id, at(2026, 12, 1, 2, 0));
    tx.insert_booking(&full).await.unwrap();
    tx.insert_booking(&bare).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_booking(full.id).await.unwrap(), Some(full.clone()));
    assert_eq!(tx.get_booking(bare.id).await.unwrap(), Some(bare.clone()));
    let got = tx.get_booking(full.id).await.unwrap().unwrap();
    assert_eq!(
        got.lat.unwrap().to_string(),
        "-6.208763",
        "read back normalised"
    );
    assert_eq!(
        got.lng.unwrap().to_string(),
        "106.845599",
        "read back normalised"
    );
    assert_eq!(got.price.to_string(), "9999999999.99");
    assert_eq!(got.start_at, micro(at(2026, 12, 1, 2, 0), 1));
    assert_eq!(tx.get_booking(BookingId::new()).await.unwrap(), None);

    // Update swaps the shapes (NULLs both ways, every column rewritten).
    let full_now = Booking {
        id: bare.id,
        updated_at: micro(now(), 9),
        ..full_booking(student.id, p.id, Some(ts.id), at(2026, 12, 2, 2, 0))
    };
    let bare_now = Booking {
        id: full.id,
        updated_at: micro(now(), 10),
        ..bare_booking(student.id, p.id, at(2026, 12, 3, 2, 0))
    };
    tx.update_booking(&full_now).await.unwrap();
    tx.update_booking(&bare_now).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_booking(bare.id).await.unwrap(), Some(full_now));
    assert_eq!(tx.get_booking(full.id).await.unwrap(), Some(bare_now));
    let ghost = booking(student.id, p.id, at(2026, 12, 9, 0, 0), 60);
    assert_eq!(
        tx.update_booking(&ghost).await.unwrap_err(),
        Error::not_found("booking", ghost.id)
    );
}

async fn status_logs_round_trip_and_list_oldest_first(store: Store) {
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let b = booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60);
    let other = booking(student.id, p.id, at(2026, 12, 1, 4, 0), 60);
    let full = BookingStatusLog {
        from_status: Some(BookingStatus::Confirmed),
        to_status: BookingStatus::RescheduleRequested,
        reason: Some("Bentrok jadwal ujian — ganti Kamis? 🙏".into()),
        created_at: micro(now(), 300),
        ..status_log(b.id, Some(tutor_user.id))
    };
    let bare = BookingStatusLog {
        id: StatusLogId::new(),
        booking_id: b.id,
        from_status: None,
        to_status: BookingStatus::Draft,
        changed_by_user_id: None,
        reason: None,
        created_at: micro(now(), 100),
    };
    let middle = BookingStatusLog {
        created_at: micro(now(), 200),
        ..status_log(b.id, Some(student.id))
    };
    let twin = BookingStatusLog {
        id: StatusLogId::new(),
        ..middle.clone()
    };
    let theirs = status_log(other.id, None);
    let mut tx = store.begin().await.unwrap();
    tx.insert_booking(&b).await.unwrap();
    tx.insert_booking(&other).await.unwrap();
    for l in [&full, &twin, &bare, &middle, &theirs] {
        tx.insert_status_log(l).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let (lo, hi) = if middle.id < twin.id {
        (middle.clone(), twin.clone())
    } else {
        (twin.clone(), middle.clone())
    };
    assert_eq!(
        tx.list_status_logs(b.id).await.unwrap(),
        vec![bare, lo, hi, full]
    );
    assert_eq!(tx.list_status_logs(other.id).await.unwrap(), vec![theirs]);
    assert_eq!(tx.list_status_logs(BookingId::new()).await.unwrap(), vec![]);
    tx.commit().await.unwrap();
    let orphan = status_log(BookingId::new(), None);
    let err = fails_alone!(store, |tx| tx.insert_status_log(&orphan));
    assert_eq!(err.code(), "not_found", "{err}");
}

async fn booking_lists_keep_their_windows_filters_and_orders(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let (_, q) = seed_profile(&store).await;
    let other_student = seed_user(&store, Role::Student).await;
    let day = at(2026, 12, 1, 0, 0);
    let h = |n: i64| day + Duration::hours(n);
    let mk = |start, minutes, status, created_us| Booking {
        status,
        created_at: micro(now(), created_us),
        ..booking(student.id, p.id, start, minutes)
    };
    let b1 = mk(h(1), 60, BookingStatus::Completed, 50);
    let b2 = mk(h(3), 60, BookingStatus::Draft, 40);
    let b3 = mk(h(3), 60, BookingStatus::Cancelled, 30);
    let b4 = mk(h(5), 30, BookingStatus::PendingPayment, 20);
    let b5 = mk(h(8), 60, BookingStatus::Disputed, 10);
    let b6 = mk(h(10), 60, BookingStatus::NoShow, 60);
    let b7 = mk(h(12), 60, BookingStatus::RescheduleRequested, 70);
    let theirs = Booking {
        student_id: other_student.id,
        ..booking(other_student.id, q.id, h(3), 60)
    };
    let mut tx = store.begin().await.unwrap();
    for b in [&b5, &b1, &b4, &b3, &b2, &b6, &b7, &theirs] {
        tx.insert_booking(b).await.unwrap();
    }
    tx.commit().await.unwrap();
    let ids = |v: Vec<Booking>| v.into_iter().map(|b| b.id).collect::<Vec<_>>();
    let (b2b3_lo, b2b3_hi) = if b2.id < b3.id {
        (b2.id, b3.id)
    } else {
        (b3.id, b2.id)
    };

    let mut tx = store.begin().await.unwrap();
    // Any status, overlapping [from, to), by start then id.
    assert_eq!(
        ids(tx.list_tutor_bookings(p.id, h(0), h(24)).await.unwrap()),
        vec![b1.id, b2b3_lo, b2b3_hi, b4.id, b5.id, b6.id, b7.id]
    );
    assert_eq!(
        ids(tx.list_tutor_bookings(p.id, h(2), h(5)).await.unwrap()),
        vec![b2b3_lo, b2b3_hi],
        "[02:00, 05:00) touches b1's end and b4's start without overlapping"
    );
    assert_eq!(
        ids(tx
            .list_tutor_bookings(
                p.id,
                h(5) + Duration::minutes(29),
                h(5) + Duration::minutes(31)
            )
            .await
            .unwrap()),
        vec![b4.id]
    );
    assert_eq!(
        tx.list_tutor_bookings(q.id, h(0), h(24)).await.unwrap(),
        vec![theirs.clone()]
    );
    // Slot holders only: no draft, no cancelled.
    assert_eq!(
        ids(tx
            .list_tutor_slot_holders(&[p.id], h(0), h(24))
            .await
            .unwrap()),
        vec![b1.id, b4.id, b5.id, b6.id, b7.id]
    );
    assert_eq!(
        ids(tx
            .list_tutor_slot_holders(&[p.id], h(2), h(5))
            .await
            .unwrap()),
        vec![]
    );
    // The calendar's single read of bookings gives the holders' times too.
    let busy = tx.list_tutor_busy(&[p.id], h(0), h(24)).await.unwrap();
    let holders = tx
        .list_tutor_slot_holders(&[p.id], h(0), h(24))
        .await
        .unwrap();
    assert_eq!(
        busy,
        holders
            .iter()
            .map(|b| (b.tutor_profile_id, b.id, b.start_at, b.end_at))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        tx.list_tutor_busy(&[p.id], h(2), h(5)).await.unwrap(),
        vec![]
    );
    // A student's bookings: newest start first, ties by id descending.
    assert_eq!(
        ids(tx.list_student_bookings(student.id).await.unwrap()),
        vec![b7.id, b6.id, b5.id, b4.id, b2b3_hi, b2b3_lo, b1.id]
    );
    assert_eq!(
        tx.list_student_bookings(other_student.id).await.unwrap(),
        vec![theirs.clone()]
    );
    // Every booking, oldest created first (the seeded `theirs` has the fixture's created_at).
    let all = ids(tx.list_all_bookings().await.unwrap());
    assert_eq!(
        all,
        vec![theirs.id, b5.id, b4.id, b3.id, b2.id, b1.id, b6.id, b7.id]
    );
}

async fn the_status_compare_and_swap_writes_only_from_the_expected_status(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let b = Booking {
        status: BookingStatus::PendingPayment,
        ..booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60)
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_booking(&b).await.unwrap();
    let confirmed = Booking {
        status: BookingStatus::Confirmed,
        notes: Some("dibayar".into()),
        updated_at: micro(now(), 1),
        ..b.clone()
    };
    assert!(
        !tx.update_booking_if_status(&confirmed, BookingStatus::Draft)
            .await
            .unwrap()
    );
    assert_eq!(tx.get_booking(b.id).await.unwrap(), Some(b.clone()));
    assert!(
        tx.update_booking_if_status(&confirmed, BookingStatus::PendingPayment)
            .await
            .unwrap()
    );
    assert_eq!(tx.get_booking(b.id).await.unwrap(), Some(confirmed.clone()));
    assert!(
        !tx.update_booking_if_status(&confirmed, BookingStatus::PendingPayment)
            .await
            .unwrap()
    );
    let ghost = booking(student.id, p.id, at(2026, 12, 9, 0, 0), 60);
    assert!(
        !tx.update_booking_if_status(&ghost, BookingStatus::Confirmed)
            .await
            .unwrap()
    );
    tx.lock_tutor_calendar(p.id).await.unwrap();
    tx.lock_tutor_calendar(TutorProfileId::new()).await.unwrap();
    tx.commit().await.unwrap();

    // The same swap with its status-log row: both or neither.
    let c = Booking {
        status: BookingStatus::PendingPayment,
        ..booking(student.id, p.id, at(2026, 12, 2, 2, 0), 60)
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_booking(&c).await.unwrap();
    let paid = Booking {
        status: BookingStatus::Confirmed,
        updated_at: micro(now(), 2),
        ..c.clone()
    };
    let log = status_log(c.id, Some(student.id));
    assert!(
        !tx.move_booking(&paid, BookingStatus::Draft, &log)
            .await
            .unwrap()
    );
    assert_eq!(tx.list_status_logs(c.id).await.unwrap(), vec![]);
    assert_eq!(tx.get_booking(c.id).await.unwrap(), Some(c.clone()));
    assert!(
        tx.move_booking(&paid, BookingStatus::PendingPayment, &log)
            .await
            .unwrap()
    );
    assert_eq!(tx.get_booking(c.id).await.unwrap(), Some(paid.clone()));
    assert_eq!(tx.list_status_logs(c.id).await.unwrap(), vec![log.clone()]);
    let again = status_log(c.id, None);
    assert!(
        !tx.move_booking(&paid, BookingStatus::PendingPayment, &again)
            .await
            .unwrap()
    );
    assert_eq!(tx.list_status_logs(c.id).await.unwrap(), vec![log]);
    tx.commit().await.unwrap();

    // A new booking with its first log row: both, or neither when the slot is taken.
    let d = booking(student.id, p.id, at(2026, 12, 3, 2, 0), 60);
    let first = BookingStatusLog {
        from_status: None,
        to_status: BookingStatus::Draft,
        ..status_log(d.id, Some(student.id))
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_booking_with_log(&d, &first).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_booking(d.id).await.unwrap(), Some(d.clone()));
    assert_eq!(tx.list_status_logs(d.id).await.unwrap(), vec![first]);
    tx.rollback().await.unwrap();
    let clash = Booking {
        status: BookingStatus::PendingPayment,
        ..booking(student.id, p.id, paid.start_at, 60)
    };
    let clash_log = status_log(clash.id, None);
    let err = fails_alone!(store, |tx| tx.insert_booking_with_log(&clash, &clash_log));
    assert_eq!(err.code(), "conflict", "{err}");
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_booking(clash.id).await.unwrap(), None);
    assert_eq!(tx.list_status_logs(clash.id).await.unwrap(), vec![]);
    tx.rollback().await.unwrap();
}

async fn proposals_are_set_read_listed_and_cleared(store: Store) {
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let (_, q) = seed_profile(&store).await;
    let mk = |start, status| Booking {
        status,
        ..booking(student.id, p.id, start, 60)
    };
    let a = mk(at(2026, 12, 1, 2, 0), BookingStatus::RescheduleRequested);
    let b = mk(at(2026, 12, 1, 4, 0), BookingStatus::RescheduleRequested);
    let c = mk(at(2026, 12, 1, 6, 0), BookingStatus::Confirmed);
    let theirs = Booking {
        status: BookingStatus::RescheduleRequested,
        ..booking(student.id, q.id, at(2026, 12, 1, 2, 0), 60)
    };
    let prop = |start: DateTime<Utc>, by| RescheduleProposal {
        start_at: start,
        end_at: start + Duration::minutes(60),
        requested_by: by,
    };
    let pa = prop(micro(at(2026, 12, 3, 5, 0), 7), student.id);
    let pb = prop(at(2026, 12, 3, 1, 0), tutor_user.id);
    let pc = prop(at(2026, 12, 3, 3, 0), student.id);
    let mut tx = store.begin().await.unwrap();
    for x in [&a, &b, &c, &theirs] {
        tx.insert_booking(x).await.unwrap();
    }
    assert_eq!(tx.get_booking_proposal(a.id).await.unwrap(), None);
    tx.set_booking_proposal(a.id, Some(pa)).await.unwrap();
    tx.set_booking_proposal(b.id, Some(pb)).await.unwrap();
    tx.set_booking_proposal(c.id, Some(pc)).await.unwrap();
    tx.set_booking_proposal(theirs.id, Some(pb)).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_booking_proposal(a.id).await.unwrap(), Some(pa));
    assert_eq!(
        tx.get_booking_proposal(BookingId::new()).await.unwrap(),
        None
    );
    // The booking record itself is unchanged (updated_at included: the library stamps it).
    assert_eq!(tx.get_booking(a.id).await.unwrap().unwrap(), a);
    // Only reschedule_requested bookings of this tutor, by proposed start.
    let day = at(2026, 12, 3, 0, 0);
    assert_eq!(
        tx.list_tutor_proposals(&[p.id], day, day + Duration::days(1))
            .await
            .unwrap(),
        vec![(p.id, b.id, pb), (p.id, a.id, pa)]
    );
    // ... and they keep the tutor busy, beside the bookings' own times.
    let busy = tx
        .list_tutor_busy(&[p.id], day, day + Duration::days(1))
        .await
        .unwrap();
    for (id, held) in [(b.id, pb), (a.id, pa)] {
        assert!(
            busy.contains(&(p.id, id, held.start_at, held.end_at)),
            "{busy:?}"
        );
    }
    assert!(busy.iter().all(|r| r.0 == p.id), "{busy:?}");
    assert_eq!(
        tx.list_tutor_proposals(&[p.id], pb.end_at, pa.start_at)
            .await
            .unwrap(),
        vec![],
        "touching the window's ends is not overlapping"
    );
    tx.set_booking_proposal(a.id, None).await.unwrap();
    assert_eq!(tx.get_booking_proposal(a.id).await.unwrap(), None);
    assert_eq!(
        tx.list_tutor_proposals(&[p.id], day, day + Duration::days(1))
            .await
            .unwrap(),
        vec![(p.id, b.id, pb)]
    );
    tx.commit().await.unwrap();
}

async fn due_bookings_are_listed_by_the_jobs_queries(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let base = at(2026, 12, 1, 0, 0);
    let h = |n: i64| base + Duration::hours(n);
    let mk = |start, status| Booking {
        status,
        ..booking(student.id, p.id, start, 60)
    };
    let c1 = mk(h(1), BookingStatus::Confirmed);
    let c2 = mk(h(3), BookingStatus::Confirmed);
    let c3 = mk(h(5), BookingStatus::Confirmed);
    let done = mk(h(7), BookingStatus::Completed);
    let pending = mk(h(9), BookingStatus::PendingPayment);
    let pending_late = mk(h(11), BookingStatus::PendingPayment);
    let pending_paid = mk(h(13), BookingStatus::PendingPayment);
    let mut tx = store.begin().await.unwrap();
    for b in [&c3, &done, &c1, &pending, &c2, &pending_late, &pending_paid] {
        tx.insert_booking(b).await.unwrap();
    }
    let ids = |v: Vec<Booking>| v.into_iter().map(|b| b.id).collect::<Vec<_>>();

    // Ended at or before the instant, in the status, by end, limited.
    assert_eq!(
        ids(tx
            .list_bookings_ended_before(BookingStatus::Confirmed, h(4), 10)
            .await
            .unwrap()),
        vec![c1.id, c2.id],
        "c2 ends exactly at 04:00"
    );
    assert_eq!(
        ids(tx
            .list_bookings_ended_before(BookingStatus::Confirmed, h(24), 2)
            .await
            .unwrap()),
        vec![c1.id, c2.id]
    );
    assert_eq!(
        ids(tx
            .list_bookings_ended_before(BookingStatus::Completed, h(24), 10)
            .await
            .unwrap()),
        vec![done.id]
    );

    // Reminders: confirmed, starting in [from, to), not yet reminded; sent once.
    assert_eq!(
        ids(tx
            .list_bookings_needing_reminder(h(1), h(5), 10)
            .await
            .unwrap()),
        vec![c1.id, c2.id]
    );
    assert!(tx.mark_reminder_sent(c1.id, micro(now(), 1)).await.unwrap());
    assert!(!tx.mark_reminder_sent(c1.id, micro(now(), 2)).await.unwrap());
    assert!(
        !tx.mark_reminder_sent(BookingId::new(), now())
            .await
            .unwrap()
    );
    assert_eq!(
        ids(tx
            .list_bookings_needing_reminder(h(0), h(24), 10)
            .await
            .unwrap()),
        vec![c2.id, c3.id]
    );
    assert_eq!(
        ids(tx
            .list_bookings_needing_reminder(h(0), h(24), 1)
            .await
            .unwrap()),
        vec![c2.id]
    );
    // The booking record itself is unchanged (updated_at included: the library stamps it).
    assert_eq!(tx.get_booking(c1.id).await.unwrap().unwrap(), c1);

    // Expired payments: pending_payment bookings whose pending payment expired at or before now.
    let expiring = |b: &Booking, expires: DateTime<Utc>, status| PaymentTransaction {
        status,
        paid_at: None,
        expires_at: Some(expires),
        ..payment(b.id)
    };
    tx.insert_payment(&expiring(&pending, h(2), PaymentStatus::Pending))
        .await
        .unwrap();
    tx.insert_payment(&expiring(&pending_late, h(1), PaymentStatus::Pending))
        .await
        .unwrap();
    tx.insert_payment(&expiring(&pending_paid, h(0), PaymentStatus::Paid))
        .await
        .unwrap();
    tx.insert_payment(&expiring(&c3, h(0), PaymentStatus::Pending))
        .await
        .unwrap();
    assert_eq!(
        ids(tx
            .list_bookings_with_expired_payment(h(2), 10)
            .await
            .unwrap()),
        vec![pending_late.id, pending.id],
        "by expiry; the paid one and the confirmed one are not due"
    );
    assert_eq!(
        ids(tx
            .list_bookings_with_expired_payment(micro(h(2), -1), 10)
            .await
            .unwrap()),
        vec![pending_late.id]
    );
    assert_eq!(
        ids(tx
            .list_bookings_with_expired_payment(h(2), 1)
            .await
            .unwrap()),
        vec![pending_late.id]
    );
}

async fn deleting_a_booking_takes_its_logs_payment_review_and_progress(store: Store) {
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let b = booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60);
    let keep = booking(student.id, p.id, at(2026, 12, 1, 4, 0), 60);
    let mut tx = store.begin().await.unwrap();
    tx.insert_booking(&b).await.unwrap();
    tx.insert_booking(&keep).await.unwrap();
    let mut mine = Vec::new();
    for x in [&b, &keep] {
        let log = status_log(x.id, Some(tutor_user.id));
        let log2 = BookingStatusLog {
            id: StatusLogId::new(),
            ..log.clone()
        };
        tx.insert_status_log(&log).await.unwrap();
        tx.insert_status_log(&log2).await.unwrap();
        let pay = payment(x.id);
        tx.insert_payment(&pay).await.unwrap();
        let ev = PaymentEvent {
            id: PaymentEventId::new(),
            payment_transaction_id: pay.id,
            dedup_key: format!("midtrans:{}:paid", x.id),
            status: PaymentStatus::Paid,
            raw_payload: None,
            created_at: now(),
        };
        tx.insert_payment_event(&ev).await.unwrap();
        let rev = review(x.id, p.id, student.id, 4);
        tx.insert_review(&rev).await.unwrap();
        let pl = progress_log(x.id, p.id, student.id);
        let pl2 = ProgressLog {
            id: ProgressLogId::new(),
            ..pl.clone()
        };
        tx.insert_progress_log(&pl).await.unwrap();
        tx.insert_progress_log(&pl2).await.unwrap();
        mine.push((vec![log, log2], pay, ev, rev, vec![pl, pl2]));
    }
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_booking(b.id).await.unwrap());
    assert!(!tx.delete_booking(b.id).await.unwrap());
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let (_, pay, _, rev, pls) = &mine[0];
    assert_eq!(tx.get_booking(b.id).await.unwrap(), None);
    assert_eq!(tx.list_status_logs(b.id).await.unwrap(), vec![]);
    assert_eq!(tx.get_payment(pay.id).await.unwrap(), None);
    assert_eq!(tx.find_payment_by_booking(b.id).await.unwrap(), None);
    assert_eq!(tx.list_payment_events(pay.id).await.unwrap(), vec![]);
    assert_eq!(tx.get_review(rev.id).await.unwrap(), None);
    for pl in pls {
        assert_eq!(tx.get_progress_log(pl.id).await.unwrap(), None);
    }
    assert_eq!(tx.list_booking_progress_logs(b.id).await.unwrap(), vec![]);
    // The other booking keeps all of its own.
    let (logs, pay, ev, rev, pls) = &mine[1];
    assert_eq!(tx.get_booking(keep.id).await.unwrap(), Some(keep.clone()));
    assert_eq!(
        tx.list_status_logs(keep.id).await.unwrap().len(),
        logs.len()
    );
    assert_eq!(tx.get_payment(pay.id).await.unwrap(), Some(pay.clone()));
    assert_eq!(
        tx.list_payment_events(pay.id).await.unwrap(),
        vec![ev.clone()]
    );
    assert_eq!(tx.get_review(rev.id).await.unwrap(), Some(rev.clone()));
    assert_eq!(
        tx.list_booking_progress_logs(keep.id).await.unwrap().len(),
        pls.len()
    );
    // A student's deletion takes their bookings.
    assert!(tx.delete_user(student.id).await.unwrap());
    assert_eq!(tx.get_booking(keep.id).await.unwrap(), None);
    assert_eq!(tx.get_payment(pay.id).await.unwrap(), None);
}

conformance!(
    booking_round_trips_every_column,
    status_logs_round_trip_and_list_oldest_first,
    booking_lists_keep_their_windows_filters_and_orders,
    the_status_compare_and_swap_writes_only_from_the_expected_status,
    proposals_are_set_read_listed_and_cleared,
    due_bookings_are_listed_by_the_jobs_queries,
    deleting_a_booking_takes_its_logs_payment_review_and_progress,
);
