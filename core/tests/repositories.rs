//! Every repository on both backends: each record round-trips every column (unicode, NULLs,
//! JSON, arrays, exact decimals, microsecond instants), every UNIQUE of the ERD is a typed
//! conflict, lists come back in their documented order, and the ERD's cascades hold.

mod support;

use blajarplus::Error;
use blajarplus::store::*;
use blajarplus::types::*;
use chrono::{Duration, NaiveDate, NaiveTime};
use support::at;
use support::fixtures::*;

/// One expected-failing call in its own transaction (a failure poisons it).
macro_rules! fails {
    ($store:expr, |$tx:ident| $call:expr) => {{
        let mut $tx = $store.begin().await.unwrap();
        $call.await.expect_err("expected an error")
    }};
}

fn micro(t: chrono::DateTime<chrono::Utc>, us: i64) -> chrono::DateTime<chrono::Utc> {
    t + Duration::microseconds(us)
}

async fn profiles_subjects_documents(store: Store) {
    let (_, tutor_user, profile) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    // Every column of a profile, including an empty and a full teaching-mode array.
    let mut p = tx.get_tutor_profile(profile.id).await.unwrap().unwrap();
    assert_eq!(p, profile);
    p.teaching_modes = vec![TeachingMode::Both];
    p.rating_avg = dec("4.7");
    p.bio = Some("Guru ramah 😊 — kalkulus, aljabar".into());
    p.intro_video_url = None;
    p.is_verified = true;
    p.verification_status = VerificationStatus::Approved;
    p.updated_at = micro(now(), 1);
    tx.update_tutor_profile(&p).await.unwrap();
    assert_eq!(tx.get_tutor_profile(p.id).await.unwrap(), Some(p.clone()));
    p.teaching_modes = vec![];
    p.updated_at = micro(now(), 2);
    tx.update_tutor_profile(&p).await.unwrap();
    assert_eq!(
        tx.find_tutor_profile_by_user(tutor_user.id).await.unwrap(),
        Some(p.clone())
    );
    assert_eq!(
        tx.list_tutor_profiles_by_status(TutorStatus::Active)
            .await
            .unwrap()
            .len(),
        1
    );

    let cat = category("Bahasa");
    tx.insert_category(&cat).await.unwrap();
    let english = subject("Bahasa Inggris", Some(cat.id));
    let math = subject("Matematika", None);
    tx.insert_subject(&english).await.unwrap();
    tx.insert_subject(&math).await.unwrap();
    assert_eq!(tx.get_category(cat.id).await.unwrap(), Some(cat.clone()));
    assert_eq!(
        tx.find_subject_by_slug("bahasa-inggris").await.unwrap(),
        Some(english.clone())
    );
    let mut hidden = math.clone();
    hidden.is_active = false;
    tx.update_subject(&hidden).await.unwrap();
    assert_eq!(
        tx.list_subjects(true)
            .await
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect::<Vec<_>>(),
        vec![english.id]
    );
    assert_eq!(tx.list_subjects(false).await.unwrap().len(), 2);

    let mut ts = tutor_subject(p.id, english.id);
    ts.price_override = None;
    ts.level = None;
    ts.description = None;
    tx.insert_tutor_subject(&ts).await.unwrap();
    assert_eq!(tx.get_tutor_subject(ts.id).await.unwrap(), Some(ts.clone()));
    let doc = TutorDocument {
        id: DocumentId::new(),
        tutor_profile_id: p.id,
        doc_type: Some(DocType::Ktp),
        file_url: "https://files.example/ktp.jpg".into(),
        status: DocumentStatus::Pending,
        reviewed_by: None,
        reviewed_at: None,
        note: None,
        created_at: now(),
        updated_at: now(),
    };
    tx.insert_document(&doc).await.unwrap();
    let mut reviewed = doc.clone();
    reviewed.status = DocumentStatus::Approved;
    reviewed.reviewed_by = Some(tutor_user.id);
    reviewed.reviewed_at = Some(micro(now(), 999_999));
    reviewed.note = Some("jelas".into());
    reviewed.updated_at = micro(now(), 3);
    tx.update_document(&reviewed).await.unwrap();
    assert_eq!(tx.list_documents(p.id).await.unwrap(), vec![reviewed]);
    tx.commit().await.unwrap();

    // Uniques.
    let err = fails!(store, |tx| tx
        .insert_tutor_profile(&tutor_profile(tutor_user.id)));
    assert_eq!(
        err,
        Error::Conflict("this user already has a tutor profile".into())
    );
    let err = fails!(store, |tx| tx
        .insert_subject(&subject("Bahasa Inggris", None)));
    assert_eq!(
        err,
        Error::Conflict("a subject with this slug already exists".into())
    );
    let err = fails!(store, |tx| tx.insert_category(&category("Bahasa")));
    assert_eq!(
        err,
        Error::Conflict("a subject category with this slug already exists".into())
    );
    let mut again = tutor_subject(p.id, english.id);
    again.level = Some(Level::Sma);
    let mut tx = store.begin().await.unwrap();
    tx.insert_tutor_subject(&again).await.unwrap();
    tx.commit().await.unwrap();
    let mut twice = tutor_subject(p.id, english.id);
    twice.level = Some(Level::Sma);
    let err = fails!(store, |tx| tx.insert_tutor_subject(&twice));
    assert_eq!(
        err,
        Error::Conflict("the tutor already teaches this subject at this level".into())
    );

    // Deleting a category keeps its subjects, without a category (ON DELETE SET NULL).
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_category(cat.id).await.unwrap());
    assert_eq!(
        tx.get_subject(english.id)
            .await
            .unwrap()
            .unwrap()
            .category_id,
        None
    );
    // Deleting a subject removes the tutor subjects that teach it.
    assert!(tx.delete_subject(english.id).await.unwrap());
    assert!(tx.get_tutor_subject(ts.id).await.unwrap().is_none());
    tx.commit().await.unwrap();
}

async fn addresses_and_schedule(store: Store) {
    let (student, _, profile) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    let home = UserAddress {
        id: AddressId::new(),
        user_id: student.id,
        label: Some("Rumah".into()),
        province: Some("DKI Jakarta".into()),
        city: Some("Jakarta Selatan".into()),
        district: Some("Kebayoran Baru".into()),
        address_detail: Some("Jl. Senopati No. 1".into()),
        lat: Some(dec("-6.20876300")),
        lng: Some(dec("106.84559900")),
        is_primary: true,
        created_at: now(),
        updated_at: now(),
    };
    let office = UserAddress {
        id: AddressId::new(),
        label: None,
        lat: None,
        lng: None,
        is_primary: false,
        created_at: micro(now(), 5),
        ..home.clone()
    };
    tx.insert_address(&office).await.unwrap();
    tx.insert_address(&home).await.unwrap();
    assert_eq!(tx.get_address(home.id).await.unwrap(), Some(home.clone()));
    assert_eq!(
        tx.list_addresses(student.id).await.unwrap(),
        vec![home.clone(), office.clone()],
        "primary first"
    );
    assert_eq!(tx.clear_primary_address(student.id).await.unwrap(), 1);
    assert!(
        tx.list_addresses(student.id)
            .await
            .unwrap()
            .iter()
            .all(|a| !a.is_primary)
    );
    assert!(tx.delete_address(office.id).await.unwrap());
    assert!(!tx.delete_address(office.id).await.unwrap());

    let mut rules = vec![availability(profile.id, 3), availability(profile.id, 1)];
    rules[1].start_time = NaiveTime::from_hms_opt(7, 30, 15).unwrap();
    for r in &rules {
        tx.insert_availability(r).await.unwrap();
    }
    assert_eq!(
        tx.list_availabilities(&[profile.id]).await.unwrap(),
        vec![rules[1].clone(), rules[0].clone()],
        "by day"
    );
    let off = TutorTimeOff {
        id: TimeOffId::new(),
        tutor_profile_id: profile.id,
        start_at: at(2026, 12, 24, 0, 0),
        end_at: at(2026, 12, 27, 0, 0),
        reason: Some("Libur Natal".into()),
        created_at: now(),
    };
    tx.insert_time_off(&off).await.unwrap();
    assert_eq!(tx.get_time_off(off.id).await.unwrap(), Some(off.clone()));
    assert_eq!(
        tx.list_time_offs(
            &[profile.id],
            at(2026, 12, 26, 0, 0),
            at(2026, 12, 30, 0, 0)
        )
        .await
        .unwrap(),
        vec![off.clone()]
    );
    assert!(
        tx.list_time_offs(
            &[profile.id],
            at(2026, 12, 27, 0, 0),
            at(2026, 12, 30, 0, 0)
        )
        .await
        .unwrap()
        .is_empty(),
        "half-open: touching is not overlapping"
    );
    let closed = TutorDateOverride {
        id: DateOverrideId::new(),
        tutor_profile_id: profile.id,
        date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        start_time: None,
        end_time: None,
        created_at: now(),
    };
    tx.insert_date_override(&closed).await.unwrap();
    let d = closed.date;
    assert_eq!(
        tx.list_date_overrides(&[profile.id], d, d).await.unwrap(),
        vec![closed]
    );
    assert_eq!(tx.delete_date_overrides_on(profile.id, d).await.unwrap(), 1);
    tx.commit().await.unwrap();
}

async fn bookings_payments_ledger(store: Store) {
    let (student, tutor_user, profile) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    let mut b = booking(student.id, profile.id, at(2026, 12, 1, 2, 0), 90);
    b.mode = Some(LessonMode::Offline);
    b.location_type = Some(LocationType::PublicPlace);
    b.location_address = Some("Perpustakaan Nasional, Jl. Medan Merdeka Selatan".into());
    b.lat = Some(dec("-6.18000000"));
    b.lng = Some(dec("106.82700000"));
    b.meeting_link = None;
    b.notes = Some("Bawa kalkulator".into());
    b.price = dec("9999999999.99");
    b.total_amount = dec("9999999999.99");
    tx.insert_booking(&b).await.unwrap();
    assert_eq!(tx.get_booking(b.id).await.unwrap(), Some(b.clone()));
    let log = BookingStatusLog {
        id: StatusLogId::new(),
        booking_id: b.id,
        from_status: None,
        to_status: BookingStatus::Confirmed,
        changed_by_user_id: Some(student.id),
        reason: Some("dibayar".into()),
        created_at: micro(now(), 7),
    };
    tx.insert_status_log(&log).await.unwrap();
    assert_eq!(tx.list_status_logs(b.id).await.unwrap(), vec![log]);
    assert_eq!(
        tx.list_student_bookings(student.id).await.unwrap(),
        vec![b.clone()]
    );

    let payment = PaymentTransaction {
        id: PaymentId::new(),
        booking_id: Some(b.id),
        provider: Some(PaymentProvider::Xendit),
        payment_method: Some("QRIS".into()),
        external_payment_id: Some("inv_123".into()),
        status: PaymentStatus::Paid,
        amount: b.total_amount,
        currency: Currency::IDR,
        paid_at: Some(micro(now(), 11)),
        expires_at: Some(now() + Duration::minutes(30)),
        raw_payload: Some(
            serde_json::json!({"status": "PAID", "amount": 150000, "nested": {"ok": true}, "unicode": "ñ✓"}),
        ),
        created_at: now(),
        updated_at: now(),
        deleted_at: None,
        package_purchase_id: None,
    };
    tx.insert_payment(&payment).await.unwrap();
    assert_eq!(
        tx.get_payment(payment.id).await.unwrap(),
        Some(payment.clone())
    );
    assert_eq!(
        tx.find_payment_by_booking(b.id).await.unwrap(),
        Some(payment.clone())
    );
    assert_eq!(
        tx.find_payment_by_external_id("inv_123").await.unwrap(),
        Some(payment.clone())
    );
    let mut refunded = payment.clone();
    refunded.status = PaymentStatus::Refunded;
    refunded.updated_at = micro(now(), 12);
    assert!(
        !tx.update_payment_if_status(&refunded, PaymentStatus::Pending)
            .await
            .unwrap()
    );
    assert!(
        tx.update_payment_if_status(&refunded, PaymentStatus::Paid)
            .await
            .unwrap()
    );

    let wallet = Wallet {
        id: WalletId::new(),
        user_id: tutor_user.id,
        balance: dec("0.00"),
        currency: Currency::IDR,
        created_at: now(),
        updated_at: now(),
        deleted_at: None,
    };
    tx.insert_wallet(&wallet).await.unwrap();
    let entry = LedgerEntry {
        id: LedgerEntryId::new(),
        wallet_id: wallet.id,
        entry_type: Some(LedgerEntryType::ReleaseToTutor),
        amount: dec("-127500.50"),
        booking_id: Some(b.id),
        reference_id: Some("ref-1".into()),
        meta: Some(serde_json::json!({"why": "test"})),
        created_at: now(),
    };
    let movement = MovementId::new();
    tx.insert_movement_entry(&entry, movement, None)
        .await
        .unwrap();
    assert_eq!(
        tx.list_ledger_entries(wallet.id).await.unwrap(),
        vec![entry.clone()]
    );
    assert_eq!(
        tx.list_booking_ledger_entries(b.id).await.unwrap(),
        vec![entry.clone()]
    );
    let all = tx.list_all_ledger_entries().await.unwrap();
    assert!(all.contains(&MovementEntry {
        entry,
        movement_id: Some(movement),
        package_purchase_id: None,
    }));
    assert_eq!(
        tx.find_wallet_by_user(tutor_user.id).await.unwrap(),
        Some(wallet.clone())
    );
    assert_eq!(tx.list_user_wallets().await.unwrap(), vec![wallet.clone()]);
    tx.commit().await.unwrap();

    let err = fails!(store, |tx| tx.insert_payment(&PaymentTransaction {
        id: PaymentId::new(),
        ..payment.clone()
    }));
    assert_eq!(
        err,
        Error::Conflict("this booking already has a payment".into())
    );
    let err = fails!(store, |tx| tx.insert_wallet(&Wallet {
        id: WalletId::new(),
        ..wallet.clone()
    }));
    assert_eq!(
        err,
        Error::Conflict("this user already has a wallet".into())
    );
    // Ledger entries are history: a booking with entries cannot be deleted.
    let err = fails!(store, |tx| tx.delete_booking(b.id));
    assert_eq!(err.code(), "not_found", "{err}");
}

async fn chat(store: Store) {
    let (student, tutor_user, profile) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    let conv = Conversation {
        id: ConversationId::new(),
        student_id: student.id,
        tutor_profile_id: profile.id,
        last_message_at: None,
        is_blocked: false,
        blocked_by_user_id: None,
        created_at: now(),
        updated_at: now(),
    };
    tx.insert_conversation(&conv).await.unwrap();
    assert_eq!(
        tx.find_conversation(student.id, profile.id).await.unwrap(),
        Some(conv.clone())
    );
    let mut msgs = Vec::new();
    for i in 0..5 {
        let m = Message {
            id: MessageId::new(),
            conversation_id: conv.id,
            sender_user_id: if i % 2 == 0 {
                student.id
            } else {
                tutor_user.id
            },
            message_type: if i == 4 {
                MessageType::Image
            } else {
                MessageType::Text
            },
            content: if i == 4 {
                None
            } else {
                Some(format!("pesan {i} ✓"))
            },
            file_url: if i == 4 {
                Some("https://files.example/a.png".into())
            } else {
                None
            },
            read_at: None,
            created_at: micro(now(), i * 1000),
        };
        tx.insert_message(&m).await.unwrap();
        msgs.push(m);
    }
    assert_eq!(
        tx.get_message(msgs[4].id).await.unwrap(),
        Some(msgs[4].clone())
    );
    let page = tx.list_messages(conv.id, None, 2).await.unwrap();
    assert_eq!(page, vec![msgs[4].clone(), msgs[3].clone()], "newest first");
    let next = tx
        .list_messages(conv.id, Some((&page[1]).into()), 2)
        .await
        .unwrap();
    assert_eq!(next, vec![msgs[2].clone(), msgs[1].clone()]);
    assert_eq!(
        tx.count_unread_messages(conv.id, tutor_user.id)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        tx.mark_messages_read(conv.id, tutor_user.id, (&msgs[2]).into(), micro(now(), 9))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        tx.count_unread_messages(conv.id, tutor_user.id)
            .await
            .unwrap(),
        1
    );
    let mut blocked = conv.clone();
    blocked.is_blocked = true;
    blocked.blocked_by_user_id = Some(tutor_user.id);
    blocked.last_message_at = Some(msgs[4].created_at);
    blocked.updated_at = micro(now(), 10);
    tx.update_conversation(&blocked).await.unwrap();
    assert_eq!(
        tx.list_student_conversations(student.id).await.unwrap(),
        vec![blocked.clone()]
    );
    assert_eq!(
        tx.list_tutor_conversations(profile.id).await.unwrap(),
        vec![blocked]
    );
    tx.commit().await.unwrap();
    let err = fails!(store, |tx| tx.insert_conversation(&Conversation {
        id: ConversationId::new(),
        ..conv.clone()
    }));
    assert_eq!(
        err,
        Error::Conflict("a conversation between this student and tutor already exists".into())
    );
    // Deleting the student removes the conversation and its messages.
    let mut tx = store.begin().await.unwrap();
    tx.delete_user(student.id).await.unwrap();
    assert!(tx.get_message(msgs[0].id).await.unwrap().is_none());
    assert!(tx.get_conversation(conv.id).await.unwrap().is_none());
}

async fn reviews_progress_favorites(store: Store) {
    let (student, tutor_user, profile) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    let b = booking(student.id, profile.id, at(2026, 12, 1, 2, 0), 60);
    tx.insert_booking(&b).await.unwrap();
    let review = Review {
        id: ReviewId::new(),
        booking_id: b.id,
        tutor_profile_id: profile.id,
        author_user_id: student.id,
        rating: 5,
        comment: Some("Sangat membantu 👍".into()),
        status: ReviewStatus::Published,
        moderated_by: None,
        moderated_reason: None,
        created_at: now(),
        updated_at: now(),
        deleted_at: None,
    };
    tx.insert_review(&review).await.unwrap();
    assert_eq!(
        tx.find_review_by_booking(b.id).await.unwrap(),
        Some(review.clone())
    );
    assert_eq!(
        tx.published_rating_totals(profile.id).await.unwrap(),
        (1, 5)
    );
    let mut hidden = review.clone();
    hidden.status = ReviewStatus::Hidden;
    hidden.moderated_by = Some(tutor_user.id);
    hidden.moderated_reason = Some("spam".into());
    hidden.updated_at = micro(now(), 1);
    tx.update_review(&hidden).await.unwrap();
    assert_eq!(
        tx.published_rating_totals(profile.id).await.unwrap(),
        (0, 0)
    );
    assert_eq!(
        tx.list_tutor_reviews(profile.id, ReviewStatus::Hidden)
            .await
            .unwrap(),
        vec![hidden]
    );

    let log = ProgressLog {
        id: ProgressLogId::new(),
        booking_id: b.id,
        tutor_profile_id: profile.id,
        student_id: student.id,
        summary: Some("Limit fungsi".into()),
        homework: Some("Latihan 1–10".into()),
        next_plan: None,
        attachment_url: None,
        created_at: now(),
        updated_at: now(),
    };
    tx.insert_progress_log(&log).await.unwrap();
    assert_eq!(
        tx.get_progress_log(log.id).await.unwrap(),
        Some(log.clone())
    );
    assert_eq!(
        tx.list_booking_progress_logs(b.id).await.unwrap(),
        vec![log.clone()]
    );
    assert_eq!(
        tx.list_student_progress_logs(student.id).await.unwrap(),
        vec![log.clone()]
    );

    let fav = Favorite {
        id: FavoriteId::new(),
        student_id: student.id,
        tutor_profile_id: profile.id,
        created_at: now(),
    };
    tx.insert_favorite(&fav).await.unwrap();
    assert_eq!(
        tx.find_favorite(student.id, profile.id).await.unwrap(),
        Some(fav.clone())
    );
    assert_eq!(
        tx.list_favorites(student.id).await.unwrap(),
        vec![fav.clone()]
    );
    tx.commit().await.unwrap();
    let err = fails!(store, |tx| tx.insert_favorite(&Favorite {
        id: FavoriteId::new(),
        ..fav.clone()
    }));
    assert_eq!(
        err,
        Error::Conflict("this tutor is already a favorite".into())
    );
    let err = fails!(store, |tx| tx.insert_review(&Review {
        id: ReviewId::new(),
        ..review.clone()
    }));
    assert_eq!(
        err,
        Error::Conflict("this booking has already been reviewed".into())
    );
    let mut bad = review.clone();
    bad.id = ReviewId::new();
    bad.rating = 6;
    let err = fails!(store, |tx| tx.insert_review(&bad));
    assert_eq!(err.field(), Some("rating"), "{err}");
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_favorite(student.id, profile.id).await.unwrap());
    assert!(!tx.delete_favorite(student.id, profile.id).await.unwrap());
    // Deleting the booking removes its review and progress logs.
    assert!(tx.delete_booking(b.id).await.unwrap());
    assert!(tx.get_review(review.id).await.unwrap().is_none());
    assert!(tx.get_progress_log(log.id).await.unwrap().is_none());
}

async fn packages_reports_notifications(store: Store) {
    let (student, tutor_user, profile) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    let pkg = LessonPackage {
        id: PackageId::new(),
        tutor_profile_id: profile.id,
        tutor_subject_id: None,
        name: "Paket UTBK 10×".into(),
        session_count: 10,
        total_price: dec("1350000.00"),
        currency: Currency::IDR,
        valid_days: 90,
        is_active: true,
        created_at: now(),
        updated_at: now(),
        deleted_at: None,
        session_minutes: 60,
    };
    tx.insert_package(&pkg).await.unwrap();
    assert_eq!(
        tx.list_packages(profile.id).await.unwrap(),
        vec![pkg.clone()]
    );
    let purchase = PackagePurchase {
        id: PurchaseId::new(),
        student_id: student.id,
        lesson_package_id: pkg.id,
        status: PurchaseStatus::Active,
        sessions_remaining: 10,
        start_at: Some(now()),
        expires_at: Some(now() + Duration::days(90)),
        created_at: now(),
        updated_at: now(),
        deleted_at: None,
    };
    tx.insert_purchase(&purchase).await.unwrap();
    let mut used = purchase.clone();
    used.sessions_remaining = 9;
    used.updated_at = micro(now(), 1);
    tx.update_purchase(&used).await.unwrap();
    assert_eq!(
        tx.list_student_purchases(student.id).await.unwrap(),
        vec![used]
    );

    let report = Report {
        id: ReportId::new(),
        reporter_user_id: student.id,
        target_type: Some(ReportTargetType::TutorProfile),
        target_id: TargetId::from_uuid(profile.id.as_uuid()),
        reason: Some(ReportReason::Spam),
        description: Some("iklan".into()),
        status: ReportStatus::Open,
        handled_by: None,
        handled_at: None,
        created_at: now(),
        updated_at: now(),
    };
    tx.insert_report(&report).await.unwrap();
    let target = report.target_id;
    assert_eq!(
        tx.find_unhandled_report(student.id, ReportTargetType::TutorProfile, target)
            .await
            .unwrap(),
        Some(report.clone())
    );
    let mut done = report.clone();
    done.status = ReportStatus::Resolved;
    done.handled_by = Some(tutor_user.id);
    done.handled_at = Some(micro(now(), 2));
    done.updated_at = micro(now(), 2);
    tx.update_report(&done).await.unwrap();
    assert!(
        tx.find_unhandled_report(student.id, ReportTargetType::TutorProfile, target)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        tx.list_reports_by_status(ReportStatus::Resolved)
            .await
            .unwrap(),
        vec![done]
    );

    let mut notes = Vec::new();
    for i in 0..3 {
        let n = Notification {
            id: NotificationId::new(),
            user_id: student.id,
            kind: NotificationType::ALL[i],
            title: format!("Judul {i}"),
            message: "Pesan".into(),
            link: if i == 0 {
                Some("/bookings/1".into())
            } else {
                None
            },
            is_read: false,
            read_at: None,
            created_at: micro(now(), i as i64),
        };
        tx.insert_notification(&n).await.unwrap();
        notes.push(n);
    }
    assert_eq!(
        tx.get_notification(notes[0].id).await.unwrap(),
        Some(notes[0].clone())
    );
    assert_eq!(
        tx.list_notifications(student.id, None, 2).await.unwrap(),
        vec![notes[2].clone(), notes[1].clone()]
    );
    assert_eq!(tx.count_unread_notifications(student.id).await.unwrap(), 3);
    assert!(
        tx.mark_notification_read(notes[0].id, micro(now(), 5))
            .await
            .unwrap()
    );
    assert!(
        !tx.mark_notification_read(notes[0].id, micro(now(), 6))
            .await
            .unwrap()
    );
    assert_eq!(
        tx.mark_all_notifications_read(student.id, micro(now(), 7))
            .await
            .unwrap(),
        2
    );
    assert_eq!(tx.count_unread_notifications(student.id).await.unwrap(), 0);
    tx.commit().await.unwrap();
}

conformance!(
    profiles_subjects_documents,
    addresses_and_schedule,
    bookings_payments_ledger,
    chat,
    reviews_progress_favorites,
    packages_reports_notifications,
);
