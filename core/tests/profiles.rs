//! Tutor profiles, their subjects, verification and the catalogue through the facade, on
//! SQLite and PostgreSQL.

mod support;

use blajarplus::marketplace::*;
use blajarplus::store::*;
use blajarplus::types::*;
use rust_decimal::Decimal;
use support::market::*;

fn profile_edit() -> NewTutorProfile {
    NewTutorProfile {
        headline: Some("Guru Matematika & Fisika".into()),
        bio: Some("Lulusan ITB, 8 tahun mengajar.".into()),
        education: Some("S1 Matematika ITB".into()),
        experience_years: Some(8),
        teaching_modes: vec![TeachingMode::Online],
        base_city: Some("Bandung".into()),
        timezone: Some("Asia/Makassar".into()),
        hourly_rate: Decimal::from(175_000),
        intro_video_url: Some("https://video.example/rina".into()),
    }
}

async fn profile_edits_and_going_inactive(store: Store) {
    let w = world(store).await;
    let p =
        w.m.update_tutor_profile(&w.tutor, profile_edit())
            .await
            .unwrap();
    assert_eq!(p.hourly_rate, Decimal::from(175_000));
    assert_eq!(p.timezone, "Asia/Makassar");
    assert_eq!(
        p.status,
        TutorStatus::Active,
        "status is not the tutor's to edit"
    );
    assert_eq!(w.m.get_tutor_profile(&w.student, p.id).await.unwrap(), p);
    for (bad, field) in [
        (
            NewTutorProfile {
                hourly_rate: Decimal::ZERO,
                ..profile_edit()
            },
            "hourly_rate",
        ),
        (
            NewTutorProfile {
                timezone: Some("Asia/Bandung".into()),
                ..profile_edit()
            },
            "timezone",
        ),
        (
            NewTutorProfile {
                teaching_modes: vec![],
                ..profile_edit()
            },
            "teaching_modes",
        ),
        (
            NewTutorProfile {
                intro_video_url: Some("javascript:alert(1)".into()),
                ..profile_edit()
            },
            "intro_video_url",
        ),
        (
            NewTutorProfile {
                headline: Some("x".repeat(256)),
                ..profile_edit()
            },
            "headline",
        ),
    ] {
        let err = w.m.update_tutor_profile(&w.tutor, bad).await.unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
        assert_eq!(w.m.get_tutor_profile(&w.tutor, p.id).await.unwrap(), p);
    }
    assert_eq!(
        w.m.update_tutor_profile(&w.student, profile_edit())
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );

    // Inactive: hidden and not bookable; published again: back.
    let off = w.m.deactivate_tutor_profile(&w.tutor).await.unwrap();
    assert_eq!(off.status, TutorStatus::Inactive);
    assert_eq!(
        w.m.deactivate_tutor_profile(&w.tutor)
            .await
            .unwrap_err()
            .code(),
        "invalid_transition"
    );
    assert_eq!(
        w.m.get_tutor_profile(&w.student, p.id)
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    assert_eq!(
        w.m.get_tutor_profile(&w.tutor, p.id).await.unwrap().status,
        TutorStatus::Inactive
    );
    assert_eq!(
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    w.m.publish_tutor_profile(&w.tutor).await.unwrap();
    w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
        .await
        .unwrap();
}

async fn tutor_subjects_change(store: Store) {
    let w = world(store).await;
    let changed =
        w.m.update_tutor_subject(
            &w.tutor,
            w.teaches.id,
            TutorSubjectUpdate {
                price_override: Some(Decimal::from(200_000)),
                description: Some("Persiapan UTBK".into()),
                is_active: true,
            },
        )
        .await
        .unwrap();
    assert_eq!(changed.price_override, Some(Decimal::from(200_000)));
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap();
    assert_eq!(
        b.price,
        Decimal::from(200_000),
        "the override prices new bookings"
    );

    let err =
        w.m.update_tutor_subject(
            &w.tutor,
            w.teaches.id,
            TutorSubjectUpdate {
                price_override: Some(Decimal::new(-5, 0)),
                description: None,
                is_active: true,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("price_override"));
    let off = TutorSubjectUpdate {
        price_override: None,
        description: None,
        is_active: false,
    };
    let other =
        w.m.register_user(NewUser {
            role: Role::Tutor,
            full_name: "Andi".into(),
            email: Some("andi@example.id".into()),
            phone: None,
            password: None,
        })
        .await
        .unwrap();
    let other = blajarplus::Actor::tutor(other.id);
    w.m.create_tutor_profile(&other, profile_edit())
        .await
        .unwrap();
    assert_eq!(
        w.m.update_tutor_subject(&other, w.teaches.id, off.clone())
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    w.m.update_tutor_subject(&w.tutor, w.teaches.id, off)
        .await
        .unwrap();
    assert!(
        w.m.list_tutor_subjects(&w.student, w.profile.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        w.m.list_tutor_subjects(&w.tutor, w.profile.id)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
}

async fn verification_follows_the_documents(store: Store) {
    let w = world(store).await;
    let ktp =
        w.m.submit_document(
            &w.tutor,
            DocType::Ktp,
            "https://files.example/ktp.jpg".into(),
        )
        .await
        .unwrap();
    assert_eq!(ktp.status, DocumentStatus::Pending);
    let p = w.m.get_tutor_profile(&w.tutor, w.profile.id).await.unwrap();
    assert_eq!(p.verification_status, VerificationStatus::Pending);
    assert_eq!(
        w.m.submit_document(&w.tutor, DocType::Diploma, "ftp://x".into())
            .await
            .unwrap_err()
            .field(),
        Some("file_url")
    );
    assert_eq!(
        w.m.submit_document(&w.student, DocType::Ktp, "https://x.example/a".into())
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert_eq!(
        w.m.list_documents(&w.student, w.profile.id)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );

    // Rejected with a note (a note is required to reject).
    assert_eq!(
        w.m.review_document(&w.admin, ktp.id, false, None)
            .await
            .unwrap_err()
            .field(),
        Some("note")
    );
    assert_eq!(
        w.m.review_document(&w.tutor, ktp.id, true, None)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let rejected =
        w.m.review_document(&w.admin, ktp.id, false, Some("Foto buram".into()))
            .await
            .unwrap();
    assert_eq!(rejected.status, DocumentStatus::Rejected);
    assert_eq!(rejected.reviewed_by, Some(w.admin.user_id));
    let p = w.m.get_tutor_profile(&w.tutor, w.profile.id).await.unwrap();
    assert_eq!(p.verification_status, VerificationStatus::Rejected);
    assert_eq!(p.verification_note.as_deref(), Some("Foto buram"));
    assert!(!p.is_verified);
    assert_eq!(
        w.m.review_document(&w.admin, ktp.id, true, None)
            .await
            .unwrap_err()
            .code(),
        "invalid_transition"
    );

    // Resubmitted with a diploma; both approved: verified, and told so.
    let ktp2 =
        w.m.submit_document(
            &w.tutor,
            DocType::Ktp,
            "https://files.example/ktp2.jpg".into(),
        )
        .await
        .unwrap();
    let diploma =
        w.m.submit_document(
            &w.tutor,
            DocType::Diploma,
            "https://files.example/ijazah.pdf".into(),
        )
        .await
        .unwrap();
    w.m.review_document(&w.admin, ktp2.id, true, None)
        .await
        .unwrap();
    let p = w.m.get_tutor_profile(&w.tutor, w.profile.id).await.unwrap();
    assert_eq!(p.verification_status, VerificationStatus::Pending);
    w.m.review_document(&w.admin, diploma.id, true, Some("OK".into()))
        .await
        .unwrap();
    let p =
        w.m.get_tutor_profile(&w.student, w.profile.id)
            .await
            .unwrap();
    assert_eq!(p.verification_status, VerificationStatus::Approved);
    assert!(p.is_verified);
    assert_eq!(p.verification_note, None);
    assert_eq!(
        w.m.list_documents(&w.admin, w.profile.id)
            .await
            .unwrap()
            .len(),
        3
    );
    let notes = w.m.list_notifications(&w.tutor, None, 10).await.unwrap();
    assert_eq!(
        notes
            .iter()
            .filter(|n| n.kind == NotificationType::VerificationApproved)
            .count(),
        1
    );
}

async fn the_catalogue(store: Store) {
    let w = world(store).await;
    let cat = w.m.catalog().await.unwrap();
    assert_eq!(cat.categories.len(), 1);
    assert_eq!(cat.subjects.len(), 1);
    let akademik = cat.categories[0].clone();
    let math = cat.subjects[0].clone();
    let renamed =
        w.m.update_category(&w.admin, akademik.id, "Akademik Sekolah", true)
            .await
            .unwrap();
    assert_eq!(renamed.slug, "akademik-sekolah");
    let english =
        w.m.create_subject(&w.admin, "Bahasa Inggris", Some(akademik.id))
            .await
            .unwrap();
    assert_eq!(english.slug, "bahasa-inggris");
    assert_eq!(
        w.m.update_subject(&w.admin, english.id, "Matematika", Some(akademik.id), true)
            .await
            .unwrap_err()
            .code(),
        "conflict"
    );
    assert_eq!(
        w.m.update_subject(&w.tutor, english.id, "English", None, true)
            .await
            .unwrap_err()
            .code(),
        "forbidden"
    );
    assert_eq!(
        w.m.update_subject(
            &w.admin,
            english.id,
            "English",
            Some(CategoryId::new()),
            true
        )
        .await
        .unwrap_err()
        .code(),
        "not_found"
    );
    assert_eq!(
        w.m.update_category(&w.admin, akademik.id, "  ", true)
            .await
            .unwrap_err()
            .field(),
        Some("name")
    );
    // A deactivated subject: not offered, not taught anew, not bookable.
    w.m.update_subject(&w.admin, math.id, &math.name, math.category_id, false)
        .await
        .unwrap();
    let cat = w.m.catalog().await.unwrap();
    assert_eq!(
        cat.subjects.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![english.id]
    );
    assert_eq!(
        w.m.create_booking(&w.student, online(w.teaches.id, monday_16()))
            .await
            .unwrap_err()
            .code(),
        "not_found"
    );
    // A deactivated category hides its subjects.
    w.m.update_category(&w.admin, akademik.id, "Akademik Sekolah", false)
        .await
        .unwrap();
    let cat = w.m.catalog().await.unwrap();
    assert!(
        cat.categories.is_empty() && cat.subjects.is_empty(),
        "{cat:?}"
    );
    let mut tx = w.m.store().begin().await.unwrap();
    assert_eq!(tx.list_categories().await.unwrap().len(), 1);
}

conformance!(
    profile_edits_and_going_inactive,
    tutor_subjects_change,
    verification_follows_the_documents,
    the_catalogue,
);
