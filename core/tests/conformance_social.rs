//! ReviewRepo, FavoriteRepo, ProgressRepo, ReportRepo and NotificationRepo on both backends:
//! every column round-trips, lists keep their order and filters, the ERD's UNIQUEs (one review
//! per booking, one favorite per pair) are typed conflicts that write nothing, the counters
//! and lookups (`published_rating_totals`, `find_unhandled_report`, unread notifications) are
//! exact, `delete_favorite` is idempotent, and the cascades from users and bookings hold.

mod support;

use blajarplus::Error;
use blajarplus::store::*;
use blajarplus::types::*;
use chrono::Duration;
use support::at;
use support::fixtures::*;

/// `n` committed bookings of `student` with tutor `p`, an hour apart.
async fn bookings(store: &Store, student: UserId, p: TutorProfileId, n: u32) -> Vec<Booking> {
    bookings_from(store, student, p, 0, n).await
}

/// `n` committed bookings of `student` with tutor `p`, an hour apart from `first_hour`.
async fn bookings_from(
    store: &Store,
    student: UserId,
    p: TutorProfileId,
    first_hour: i64,
    n: u32,
) -> Vec<Booking> {
    let mut tx = store.begin().await.unwrap();
    let mut out = Vec::new();
    for i in 0..n {
        let start = at(2026, 12, 1, 0, 0) + Duration::hours(first_hour + i as i64);
        let b = booking(student, p, start, 60);
        tx.insert_booking(&b).await.unwrap();
        out.push(b);
    }
    tx.commit().await.unwrap();
    out
}

fn ids<T, I: Copy>(v: &[T], id: impl Fn(&T) -> I) -> Vec<I> {
    v.iter().map(id).collect()
}

// ---------------------------------------------------------------------------------- reviews

async fn review_round_trips_every_column(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let admin = seed_user(&store, Role::Admin).await;
    let bs = bookings(&store, student.id, p.id, 2).await;
    let full = Review {
        status: ReviewStatus::Hidden,
        moderated_by: Some(admin.id),
        moderated_reason: Some("Mengandung nomor HP ☎".into()),
        deleted_at: Some(micro(now(), 77)),
        ..review(bs[0].id, p.id, student.id, 1)
    };
    let bare = Review {
        comment: None,
        ..review(bs[1].id, p.id, student.id, 5)
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_review(&full).await.unwrap();
    tx.insert_review(&bare).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_review(full.id).await.unwrap(), Some(full.clone()));
    assert_eq!(tx.get_review(bare.id).await.unwrap(), Some(bare.clone()));
    assert_eq!(
        tx.find_review_by_booking(bs[0].id).await.unwrap(),
        Some(full.clone())
    );
    assert_eq!(
        tx.find_review_by_booking(BookingId::new()).await.unwrap(),
        None
    );
    assert_eq!(tx.get_review(ReviewId::new()).await.unwrap(), None);

    let restored = Review {
        status: ReviewStatus::Published,
        moderated_by: None,
        moderated_reason: None,
        comment: None,
        rating: 2,
        deleted_at: None,
        updated_at: micro(now(), 100),
        ..full.clone()
    };
    let moderated = Review {
        status: ReviewStatus::Removed,
        moderated_by: Some(admin.id),
        moderated_reason: Some("spam".into()),
        comment: Some("diedit ✎".into()),
        rating: 4,
        deleted_at: Some(micro(now(), 101)),
        updated_at: micro(now(), 101),
        ..bare.clone()
    };
    tx.update_review(&restored).await.unwrap();
    tx.update_review(&moderated).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_review(full.id).await.unwrap(), Some(restored));
    assert_eq!(tx.get_review(bare.id).await.unwrap(), Some(moderated));
    let ghost = review(bs[0].id, p.id, student.id, 3);
    assert_eq!(
        tx.update_review(&ghost).await.unwrap_err(),
        Error::not_found("review", ghost.id)
    );
}

async fn tutor_reviews_list_by_status_newest_first(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let (_, q) = seed_profile(&store).await;
    let bs = bookings(&store, student.id, p.id, 5).await;
    let qb = bookings(&store, student.id, q.id, 1).await;
    let mk = |b: &Booking, status, us| Review {
        status,
        created_at: micro(now(), us),
        ..review(b.id, p.id, student.id, 4)
    };
    let r = [
        mk(&bs[0], ReviewStatus::Published, 10),
        mk(&bs[1], ReviewStatus::Published, 30),
        mk(&bs[2], ReviewStatus::Hidden, 20),
        mk(&bs[3], ReviewStatus::Published, 30),
        mk(&bs[4], ReviewStatus::Removed, 40),
    ];
    let theirs = review(qb[0].id, q.id, student.id, 5);
    let mut tx = store.begin().await.unwrap();
    for x in r.iter().chain([&theirs]) {
        tx.insert_review(x).await.unwrap();
    }
    let (hi, lo) = if r[1].id > r[3].id {
        (r[1].id, r[3].id)
    } else {
        (r[3].id, r[1].id)
    };
    assert_eq!(
        ids(
            &tx.list_tutor_reviews(p.id, ReviewStatus::Published)
                .await
                .unwrap(),
            |x| x.id
        ),
        vec![hi, lo, r[0].id]
    );
    assert_eq!(
        tx.list_tutor_reviews(p.id, ReviewStatus::Hidden)
            .await
            .unwrap(),
        vec![r[2].clone()]
    );
    assert_eq!(
        tx.list_tutor_reviews(p.id, ReviewStatus::Removed)
            .await
            .unwrap(),
        vec![r[4].clone()]
    );
    assert_eq!(
        tx.list_tutor_reviews(q.id, ReviewStatus::Published)
            .await
            .unwrap(),
        vec![theirs]
    );
    assert_eq!(
        tx.list_tutor_reviews(q.id, ReviewStatus::Hidden)
            .await
            .unwrap(),
        vec![]
    );
}

async fn published_rating_totals_count_only_published_reviews(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let (_, q) = seed_profile(&store).await;
    let bs = bookings(&store, student.id, p.id, 6).await;
    let qb = bookings(&store, student.id, q.id, 1).await;
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.published_rating_totals(p.id).await.unwrap(), (0, 0));
    for (b, rating, status) in [
        (&bs[0], 5, ReviewStatus::Published),
        (&bs[1], 4, ReviewStatus::Published),
        (&bs[2], 1, ReviewStatus::Published),
        (&bs[3], 2, ReviewStatus::Hidden),
        (&bs[4], 3, ReviewStatus::Removed),
    ] {
        tx.insert_review(&Review {
            status,
            ..review(b.id, p.id, student.id, rating)
        })
        .await
        .unwrap();
    }
    tx.insert_review(&review(qb[0].id, q.id, student.id, 5))
        .await
        .unwrap();
    assert_eq!(tx.published_rating_totals(p.id).await.unwrap(), (3, 10));
    assert_eq!(tx.published_rating_totals(q.id).await.unwrap(), (1, 5));
    assert_eq!(
        tx.published_rating_totals(TutorProfileId::new())
            .await
            .unwrap(),
        (0, 0)
    );
    // Hiding one moves the totals.
    let five = tx.find_review_by_booking(bs[0].id).await.unwrap().unwrap();
    tx.update_review(&Review {
        status: ReviewStatus::Hidden,
        updated_at: micro(now(), 1),
        ..five
    })
    .await
    .unwrap();
    assert_eq!(tx.published_rating_totals(p.id).await.unwrap(), (2, 5));
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.published_rating_totals(p.id).await.unwrap(), (2, 5));
}

async fn one_review_per_booking_and_ratings_in_range(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let bs = bookings(&store, student.id, p.id, 3).await;
    let first = review(bs[0].id, p.id, student.id, 5);
    let mut tx = store.begin().await.unwrap();
    tx.insert_review(&first).await.unwrap();
    tx.commit().await.unwrap();
    let second = Review {
        comment: Some("lagi".into()),
        ..review(bs[0].id, p.id, student.id, 1)
    };
    assert_eq!(
        fails_alone!(store, |tx| tx.insert_review(&second)),
        Error::Conflict("this booking has already been reviewed".into())
    );
    for rating in [0, 6, -1] {
        let bad = review(bs[1].id, p.id, student.id, rating);
        let err = fails_alone!(store, |tx| tx.insert_review(&bad));
        assert_eq!(err.field(), Some("rating"), "{rating}: {err}");
    }
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_review(second.id).await.unwrap(), None);
    assert_eq!(
        tx.find_review_by_booking(bs[0].id).await.unwrap(),
        Some(first)
    );
    assert_eq!(tx.find_review_by_booking(bs[1].id).await.unwrap(), None);
    tx.insert_review(&review(bs[1].id, p.id, student.id, 1))
        .await
        .unwrap();
    tx.insert_review(&review(bs[2].id, p.id, student.id, 5))
        .await
        .unwrap();
    assert_eq!(tx.published_rating_totals(p.id).await.unwrap(), (3, 11));
}

// -------------------------------------------------------------------------------- favorites

async fn favorites_round_trip_list_and_delete_idempotently(store: Store) {
    let student = seed_user(&store, Role::Student).await;
    let other = seed_user(&store, Role::Student).await;
    let mut tutors = Vec::new();
    for _ in 0..4 {
        tutors.push(seed_profile(&store).await.1);
    }
    let f: Vec<Favorite> = [10, 30, 20, 30]
        .iter()
        .zip(&tutors)
        .map(|(us, p)| favorite(student.id, p.id, micro(now(), *us)))
        .collect();
    let theirs = favorite(other.id, tutors[0].id, micro(now(), 99));
    let mut tx = store.begin().await.unwrap();
    for x in f.iter().chain([&theirs]) {
        tx.insert_favorite(x).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.find_favorite(student.id, tutors[1].id).await.unwrap(),
        Some(f[1].clone())
    );
    assert_eq!(
        tx.find_favorite(other.id, tutors[1].id).await.unwrap(),
        None
    );
    let (hi, lo) = if f[1].id > f[3].id {
        (f[1].clone(), f[3].clone())
    } else {
        (f[3].clone(), f[1].clone())
    };
    assert_eq!(
        tx.list_favorites(student.id).await.unwrap(),
        vec![hi, lo, f[2].clone(), f[0].clone()],
        "newest first, ties by id descending"
    );
    assert_eq!(
        tx.list_favorites(other.id).await.unwrap(),
        vec![theirs.clone()]
    );
    // Idempotent delete.
    assert!(tx.delete_favorite(student.id, tutors[0].id).await.unwrap());
    assert!(!tx.delete_favorite(student.id, tutors[0].id).await.unwrap());
    assert!(
        !tx.delete_favorite(student.id, TutorProfileId::new())
            .await
            .unwrap()
    );
    assert!(
        !tx.delete_favorite(UserId::new(), tutors[0].id)
            .await
            .unwrap()
    );
    assert_eq!(
        tx.find_favorite(student.id, tutors[0].id).await.unwrap(),
        None
    );
    assert_eq!(
        tx.find_favorite(other.id, tutors[0].id).await.unwrap(),
        Some(theirs)
    );
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(!tx.delete_favorite(student.id, tutors[0].id).await.unwrap());
    assert_eq!(tx.list_favorites(student.id).await.unwrap().len(), 3);
    // And it can be added again.
    let again = favorite(student.id, tutors[0].id, micro(now(), 500));
    tx.insert_favorite(&again).await.unwrap();
    assert_eq!(tx.list_favorites(student.id).await.unwrap()[0], again);
}

async fn one_favorite_per_student_and_tutor(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let first = favorite(student.id, p.id, now());
    let mut tx = store.begin().await.unwrap();
    tx.insert_favorite(&first).await.unwrap();
    tx.commit().await.unwrap();
    let second = favorite(student.id, p.id, micro(now(), 1));
    assert_eq!(
        fails_alone!(store, |tx| tx.insert_favorite(&second)),
        Error::Conflict("this tutor is already a favorite".into())
    );
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.list_favorites(student.id).await.unwrap(), vec![first]);
}

async fn favorites_go_with_their_student_or_tutor(store: Store) {
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let (_, q) = seed_profile(&store).await;
    let other = seed_user(&store, Role::Student).await;
    let mut tx = store.begin().await.unwrap();
    for (s, t) in [
        (student.id, p.id),
        (student.id, q.id),
        (other.id, p.id),
        (other.id, q.id),
    ] {
        tx.insert_favorite(&favorite(s, t, now())).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_user(tutor_user.id).await.unwrap());
    assert!(tx.delete_user(student.id).await.unwrap());
    assert_eq!(tx.list_favorites(student.id).await.unwrap(), vec![]);
    let left = tx.list_favorites(other.id).await.unwrap();
    assert_eq!(ids(&left, |f| f.tutor_profile_id), vec![q.id]);
}

// -------------------------------------------------------------------------------- progress

async fn progress_logs_round_trip_and_list(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let (_, q) = seed_profile(&store).await;
    let other = seed_user(&store, Role::Student).await;
    let bs = bookings(&store, student.id, p.id, 2).await;
    let qb = bookings(&store, student.id, q.id, 1).await;
    let ob = bookings_from(&store, other.id, q.id, 5, 1).await;
    let full = progress_log(bs[0].id, p.id, student.id);
    let bare = ProgressLog {
        summary: None,
        homework: None,
        next_plan: None,
        attachment_url: None,
        created_at: micro(now(), 5),
        ..progress_log(bs[0].id, p.id, student.id)
    };
    let twin = ProgressLog {
        id: ProgressLogId::new(),
        ..bare.clone()
    };
    let later = ProgressLog {
        created_at: micro(now(), 500),
        ..progress_log(bs[1].id, p.id, student.id)
    };
    let with_q = ProgressLog {
        created_at: micro(now(), 300),
        ..progress_log(qb[0].id, q.id, student.id)
    };
    let theirs = progress_log(ob[0].id, q.id, other.id);
    let mut tx = store.begin().await.unwrap();
    for x in [&later, &full, &twin, &theirs, &bare, &with_q] {
        tx.insert_progress_log(x).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.get_progress_log(full.id).await.unwrap(),
        Some(full.clone())
    );
    assert_eq!(
        tx.get_progress_log(bare.id).await.unwrap(),
        Some(bare.clone())
    );
    assert_eq!(
        tx.get_progress_log(ProgressLogId::new()).await.unwrap(),
        None
    );
    let (lo, hi) = if bare.id < twin.id {
        (bare.clone(), twin.clone())
    } else {
        (twin.clone(), bare.clone())
    };
    // A booking's logs oldest first ...
    assert_eq!(
        tx.list_booking_progress_logs(bs[0].id).await.unwrap(),
        vec![lo.clone(), hi.clone(), full.clone()]
    );
    // ... a student's across tutors newest first (ties by id descending).
    assert_eq!(
        tx.list_student_progress_logs(student.id).await.unwrap(),
        vec![
            later.clone(),
            with_q.clone(),
            full.clone(),
            hi.clone(),
            lo.clone()
        ]
    );
    assert_eq!(
        tx.list_student_progress_logs(other.id).await.unwrap(),
        vec![theirs]
    );

    let emptied = ProgressLog {
        summary: None,
        homework: None,
        next_plan: None,
        attachment_url: None,
        updated_at: micro(now(), 900),
        ..full.clone()
    };
    let filled = ProgressLog {
        summary: Some("Aljabar: persamaan kuadrat x² − 5x + 6 = 0".into()),
        homework: Some("Hal. 42".into()),
        next_plan: Some("Fungsi".into()),
        attachment_url: Some("https://files.example/x.png".into()),
        updated_at: micro(now(), 901),
        ..bare.clone()
    };
    tx.update_progress_log(&emptied).await.unwrap();
    tx.update_progress_log(&filled).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_progress_log(full.id).await.unwrap(), Some(emptied));
    assert_eq!(tx.get_progress_log(bare.id).await.unwrap(), Some(filled));
    let ghost = progress_log(bs[0].id, p.id, student.id);
    assert_eq!(
        tx.update_progress_log(&ghost).await.unwrap_err(),
        Error::not_found("progress log", ghost.id)
    );
}

// --------------------------------------------------------------------------------- reports

async fn reports_round_trip_and_list_by_status(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let admin = seed_user(&store, Role::Admin).await;
    let target = TargetId::from_uuid(p.id.as_uuid());
    let full = Report {
        status: ReportStatus::Resolved,
        handled_by: Some(admin.id),
        handled_at: Some(micro(now(), 123)),
        ..report(student.id, target)
    };
    let bare = Report {
        target_type: None,
        reason: None,
        description: None,
        created_at: micro(now(), 1),
        ..report(student.id, TargetId::new())
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_report(&full).await.unwrap();
    tx.insert_report(&bare).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_report(full.id).await.unwrap(), Some(full.clone()));
    assert_eq!(tx.get_report(bare.id).await.unwrap(), Some(bare.clone()));
    assert_eq!(tx.get_report(ReportId::new()).await.unwrap(), None);
    let reopened = Report {
        target_type: Some(ReportTargetType::Message),
        reason: Some(ReportReason::Harassment),
        description: None,
        status: ReportStatus::Investigating,
        handled_by: None,
        handled_at: None,
        updated_at: micro(now(), 200),
        ..full.clone()
    };
    let handled = Report {
        target_type: Some(ReportTargetType::User),
        reason: Some(ReportReason::Other),
        description: Some("Lainnya — lihat lampiran".into()),
        status: ReportStatus::Rejected,
        handled_by: Some(admin.id),
        handled_at: Some(micro(now(), 201)),
        updated_at: micro(now(), 201),
        ..bare.clone()
    };
    tx.update_report(&reopened).await.unwrap();
    tx.update_report(&handled).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.get_report(full.id).await.unwrap(),
        Some(reopened.clone())
    );
    assert_eq!(tx.get_report(bare.id).await.unwrap(), Some(handled.clone()));
    let ghost = report(student.id, target);
    assert_eq!(
        tx.update_report(&ghost).await.unwrap_err(),
        Error::not_found("report", ghost.id)
    );
    drop(tx);

    // The moderation queue: a status, oldest first, ties by id.
    let mut tx = store.begin().await.unwrap();
    let q1 = Report {
        created_at: micro(now(), 50),
        ..report(student.id, TargetId::new())
    };
    let q2 = Report {
        created_at: micro(now(), 40),
        ..report(admin.id, TargetId::new())
    };
    let q3 = Report {
        created_at: micro(now(), 50),
        ..report(student.id, TargetId::new())
    };
    for x in [&q1, &q2, &q3] {
        tx.insert_report(x).await.unwrap();
    }
    let (lo, hi) = if q1.id < q3.id {
        (q1.clone(), q3.clone())
    } else {
        (q3.clone(), q1.clone())
    };
    assert_eq!(
        tx.list_reports_by_status(ReportStatus::Open).await.unwrap(),
        vec![q2, lo, hi]
    );
    assert_eq!(
        tx.list_reports_by_status(ReportStatus::Investigating)
            .await
            .unwrap(),
        vec![reopened]
    );
    assert_eq!(
        tx.list_reports_by_status(ReportStatus::Rejected)
            .await
            .unwrap(),
        vec![handled]
    );
    assert_eq!(
        tx.list_reports_by_status(ReportStatus::Resolved)
            .await
            .unwrap(),
        vec![]
    );
}

async fn find_unhandled_report_sees_open_and_investigating_only(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let other = seed_user(&store, Role::Student).await;
    let admin = seed_user(&store, Role::Admin).await;
    let target = TargetId::from_uuid(p.id.as_uuid());
    let kind = ReportTargetType::TutorProfile;
    let r = report(student.id, target);
    let mut tx = store.begin().await.unwrap();
    tx.insert_report(&r).await.unwrap();
    // Someone else's report on the same target, and this reporter's on another kind.
    tx.insert_report(&report(other.id, target)).await.unwrap();
    tx.insert_report(&Report {
        target_type: Some(ReportTargetType::User),
        ..report(student.id, TargetId::from_uuid(admin.id.as_uuid()))
    })
    .await
    .unwrap();
    assert_eq!(
        tx.find_unhandled_report(student.id, kind, target)
            .await
            .unwrap(),
        Some(r.clone())
    );
    assert_eq!(
        tx.find_unhandled_report(student.id, ReportTargetType::User, target)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        tx.find_unhandled_report(student.id, kind, TargetId::new())
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        tx.find_unhandled_report(admin.id, kind, target)
            .await
            .unwrap(),
        None
    );
    for (i, (status, found)) in [
        (ReportStatus::Investigating, true),
        (ReportStatus::Resolved, false),
        (ReportStatus::Rejected, false),
        (ReportStatus::Open, true),
    ]
    .into_iter()
    .enumerate()
    {
        let next = Report {
            status,
            updated_at: micro(now(), 1000 + i as i64),
            ..r.clone()
        };
        tx.update_report(&next).await.unwrap();
        assert_eq!(
            tx.find_unhandled_report(student.id, kind, target)
                .await
                .unwrap(),
            found.then_some(next),
            "{status}"
        );
    }
}

async fn reports_go_with_their_reporter_but_keep_their_handler(store: Store) {
    let student = seed_user(&store, Role::Student).await;
    let admin = seed_user(&store, Role::Admin).await;
    let mine = report(student.id, TargetId::new());
    let handled = Report {
        status: ReportStatus::Resolved,
        handled_by: Some(admin.id),
        handled_at: Some(now()),
        ..report(student.id, TargetId::new())
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_report(&mine).await.unwrap();
    tx.insert_report(&handled).await.unwrap();
    tx.commit().await.unwrap();
    // reports.handled_by has no ON DELETE: the handler cannot be deleted under the report.
    let err = fails_alone!(store, |tx| tx.delete_user(admin.id));
    assert_eq!(err.code(), "not_found", "{err}");
    let mut tx = store.begin().await.unwrap();
    assert!(tx.get_user(admin.id).await.unwrap().is_some());
    assert!(tx.delete_user(student.id).await.unwrap());
    assert_eq!(tx.get_report(mine.id).await.unwrap(), None);
    assert_eq!(tx.get_report(handled.id).await.unwrap(), None);
    assert!(tx.delete_user(admin.id).await.unwrap());
}

// --------------------------------------------------------------------------- notifications

async fn notifications_round_trip_every_column_and_kind(store: Store) {
    let u = seed_user(&store, Role::Student).await;
    let mut tx = store.begin().await.unwrap();
    let mut all = Vec::new();
    for (i, kind) in NotificationType::ALL.iter().enumerate() {
        let n = Notification {
            kind: *kind,
            title: format!("{kind} — judul ✓"),
            link: (i % 2 == 0).then(|| format!("/x/{i}")),
            is_read: i % 3 == 0,
            read_at: (i % 3 == 0).then(|| micro(now(), 1000 + i as i64)),
            ..notification(u.id, micro(now(), i as i64))
        };
        tx.insert_notification(&n).await.unwrap();
        all.push(n);
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    for n in &all {
        assert_eq!(tx.get_notification(n.id).await.unwrap().as_ref(), Some(n));
    }
    assert_eq!(
        tx.get_notification(NotificationId::new()).await.unwrap(),
        None
    );
    assert_eq!(
        tx.list_notifications(u.id, None, 100).await.unwrap(),
        all.iter().rev().cloned().collect::<Vec<_>>()
    );
}

async fn notifications_page_count_and_mark_read(store: Store) {
    let u = seed_user(&store, Role::Student).await;
    let other = seed_user(&store, Role::Tutor).await;
    let base = now();
    let t = |s: i64| base + Duration::seconds(s);
    let mut mine = Vec::new();
    let mut tx = store.begin().await.unwrap();
    for i in 0..6 {
        let n = notification(u.id, t(i));
        tx.insert_notification(&n).await.unwrap();
        mine.push(n);
    }
    let theirs = notification(other.id, t(3));
    tx.insert_notification(&theirs).await.unwrap();
    tx.commit().await.unwrap();
    let newest: Vec<Notification> = mine.iter().rev().cloned().collect();

    let mut tx = store.begin().await.unwrap();
    let page1 = tx.list_notifications(u.id, None, 4).await.unwrap();
    assert_eq!(page1, newest[..4].to_vec());
    let page2 = tx
        .list_notifications(u.id, Some((page1[3].created_at, page1[3].id)), 4)
        .await
        .unwrap();
    assert_eq!(page2, newest[4..].to_vec());
    assert_eq!(
        tx.list_notifications(u.id, Some((mine[0].created_at, mine[0].id)), 4)
            .await
            .unwrap(),
        vec![]
    );
    assert_eq!(tx.list_notifications(u.id, None, 0).await.unwrap(), vec![]);
    assert_eq!(
        tx.list_notifications(other.id, None, 10).await.unwrap(),
        vec![theirs.clone()]
    );

    assert_eq!(tx.count_unread_notifications(u.id).await.unwrap(), 6);
    let r1 = micro(t(100), 1);
    assert!(tx.mark_notification_read(mine[2].id, r1).await.unwrap());
    assert!(!tx.mark_notification_read(mine[2].id, t(200)).await.unwrap());
    assert!(
        !tx.mark_notification_read(NotificationId::new(), t(200))
            .await
            .unwrap()
    );
    assert_eq!(tx.count_unread_notifications(u.id).await.unwrap(), 5);
    assert_eq!(
        tx.get_notification(mine[2].id).await.unwrap(),
        Some(Notification {
            is_read: true,
            read_at: Some(r1),
            ..mine[2].clone()
        })
    );
    let r2 = micro(t(300), 2);
    assert_eq!(tx.mark_all_notifications_read(u.id, r2).await.unwrap(), 5);
    assert_eq!(
        tx.mark_all_notifications_read(u.id, t(400)).await.unwrap(),
        0
    );
    assert_eq!(tx.count_unread_notifications(u.id).await.unwrap(), 0);
    assert_eq!(tx.count_unread_notifications(other.id).await.unwrap(), 1);
    assert_eq!(
        tx.count_unread_notifications(UserId::new()).await.unwrap(),
        0
    );
    let after = tx.list_notifications(u.id, None, 10).await.unwrap();
    let want: Vec<Notification> = newest
        .iter()
        .map(|n| Notification {
            is_read: true,
            read_at: Some(if n.id == mine[2].id { r1 } else { r2 }),
            ..n.clone()
        })
        .collect();
    assert_eq!(after, want);
    assert_eq!(tx.get_notification(theirs.id).await.unwrap(), Some(theirs));
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_user(u.id).await.unwrap());
    assert_eq!(tx.get_notification(mine[0].id).await.unwrap(), None);
    assert_eq!(tx.list_notifications(u.id, None, 10).await.unwrap(), vec![]);
}

/// As with messages: paging by the last notification's instant must not skip notifications
/// that share that instant.
async fn notification_pages_do_not_skip_notifications_of_one_instant(store: Store) {
    let u = seed_user(&store, Role::Student).await;
    let at = micro(now(), 42);
    let mut tx = store.begin().await.unwrap();
    for _ in 0..3 {
        tx.insert_notification(&notification(u.id, at))
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut before = None;
    for _ in 0..5 {
        let page = tx.list_notifications(u.id, before, 2).await.unwrap();
        if page.is_empty() {
            break;
        }
        let last = page.last().unwrap();
        before = Some((last.created_at, last.id));
        seen.extend(page.into_iter().map(|n| n.id));
    }
    assert_eq!(seen.len(), 3, "every notification is reachable by paging");
}

async fn notifications_and_their_events_are_written_together(store: Store) {
    let u = seed_user(&store, Role::Student).await;
    let other = seed_user(&store, Role::Tutor).await;
    let event = |user: UserId, n: u32| OutboxEvent {
        id: OutboxEventId::new(),
        topic: "notification.booking_confirmed".into(),
        user_id: Some(user),
        payload: serde_json::json!({ "n": n }),
        attempts: 0,
        locked_until: None,
        delivered_at: None,
        created_at: now(),
    };
    let ns = vec![
        notification(u.id, micro(now(), 1)),
        notification(other.id, micro(now(), 2)),
    ];
    let es = vec![event(u.id, 1), event(other.id, 2)];
    let mut tx = store.begin().await.unwrap();
    tx.insert_notifications(&ns, &es).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.list_notifications(u.id, None, 10).await.unwrap(),
        vec![ns[0].clone()]
    );
    assert_eq!(
        tx.list_notifications(other.id, None, 10).await.unwrap(),
        vec![ns[1].clone()]
    );
    let claimed = tx
        .claim_outbox_events(now(), now() + Duration::minutes(1), 10)
        .await
        .unwrap();
    let mut claimed: Vec<OutboxEventId> = claimed.into_iter().map(|e| e.id).collect();
    let mut expected: Vec<OutboxEventId> = es.iter().map(|e| e.id).collect();
    claimed.sort();
    expected.sort();
    assert_eq!(claimed, expected);
    tx.rollback().await.unwrap();

    // One bad row (an unknown user) fails the call and writes neither table.
    let stray = notification(UserId::new(), micro(now(), 3));
    let err = fails_alone!(store, |tx| tx.insert_notifications(
        &[notification(u.id, micro(now(), 4)), stray.clone()],
        &[event(u.id, 4)]
    ));
    assert_ne!(err.code(), "internal", "{err}");
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.list_notifications(u.id, None, 10).await.unwrap().len(),
        1
    );
    assert_eq!(
        tx.claim_outbox_events(now(), now() + Duration::minutes(1), 10)
            .await
            .unwrap()
            .len(),
        2,
        "only the first call's events"
    );
}

conformance!(
    notifications_and_their_events_are_written_together,
    notification_pages_do_not_skip_notifications_of_one_instant,
    review_round_trips_every_column,
    tutor_reviews_list_by_status_newest_first,
    published_rating_totals_count_only_published_reviews,
    one_review_per_booking_and_ratings_in_range,
    favorites_round_trip_list_and_delete_idempotently,
    one_favorite_per_student_and_tutor,
    favorites_go_with_their_student_or_tutor,
    progress_logs_round_trip_and_list,
    reports_round_trip_and_list_by_status,
    find_unhandled_report_sees_open_and_investigating_only,
    reports_go_with_their_reporter_but_keep_their_handler,
    notifications_round_trip_every_column_and_kind,
    notifications_page_count_and_mark_read,
);
