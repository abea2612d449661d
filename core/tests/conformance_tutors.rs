//! TutorRepo (profiles, tutor subjects, documents), SubjectRepo (categories, subjects) and
//! PackageRepo (packages, purchases) on both backends: every column round-trips, lists come
//! back in their documented order, each ERD UNIQUE is a typed conflict that writes nothing,
//! and the ERD's cascades (CASCADE and SET NULL) hold.

mod support;

use blajarplus::Error;
use blajarplus::store::*;
use blajarplus::types::*;
use support::at;
use support::fixtures::*;

fn full_profile(user: UserId) -> TutorProfile {
    TutorProfile {
        headline: Some("Guru Matematika & Fisika — 10 tahun 📐".into()),
        bio: Some("Lulusan ITB; mengajar kalkulus, aljabar linear, mekanika. 日本語もOK".into()),
        education: Some("S2 Matematika, Institut Teknologi Bandung".into()),
        experience_years: Some(10),
        teaching_modes: vec![
            TeachingMode::Online,
            TeachingMode::Offline,
            TeachingMode::Both,
        ],
        base_city: Some("Yogyakarta".into()),
        timezone: "Asia/Makassar".into(),
        intro_video_url: Some("https://video.example/intro?v=ü".into()),
        hourly_rate: dec("9999999999.99"),
        currency: "USD".parse().unwrap(),
        is_verified: true,
        verification_status: VerificationStatus::Approved,
        verification_note: Some("KTP & ijazah cocok".into()),
        rating_avg: dec("4.9"),
        rating_count: 1234,
        completed_lessons_count: 5678,
        response_rate: 100,
        status: TutorStatus::Inactive,
        created_at: micro(now(), 1),
        updated_at: micro(now(), 2),
        deleted_at: Some(micro(now(), 3)),
        ..tutor_profile(user)
    }
}

fn bare_profile(user: UserId) -> TutorProfile {
    TutorProfile {
        headline: None,
        bio: None,
        education: None,
        experience_years: None,
        teaching_modes: vec![],
        base_city: None,
        intro_video_url: None,
        hourly_rate: dec("0.01"),
        verification_note: None,
        rating_avg: dec("0.0"),
        response_rate: 0,
        status: TutorStatus::Draft,
        deleted_at: None,
        ..tutor_profile(user)
    }
}

async fn tutor_profile_round_trips_every_column(store: Store) {
    let a = seed_user(&store, Role::Tutor).await;
    let b = seed_user(&store, Role::Tutor).await;
    let full = full_profile(a.id);
    let bare = bare_profile(b.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_tutor_profile(&full).await.unwrap();
    tx.insert_tutor_profile(&bare).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.get_tutor_profile(full.id).await.unwrap(),
        Some(full.clone())
    );
    assert_eq!(
        tx.get_tutor_profile(bare.id).await.unwrap(),
        Some(bare.clone())
    );
    let got = tx.get_tutor_profile(full.id).await.unwrap().unwrap();
    assert_eq!(got.hourly_rate.to_string(), "9999999999.99");
    assert_eq!(got.rating_avg.to_string(), "4.9");
    assert_eq!(
        got.teaching_modes,
        vec![
            TeachingMode::Online,
            TeachingMode::Offline,
            TeachingMode::Both
        ]
    );
    assert_eq!(
        tx.find_tutor_profile_by_user(a.id).await.unwrap(),
        Some(full.clone())
    );
    assert_eq!(
        tx.find_tutor_profile_by_user(b.id).await.unwrap(),
        Some(bare.clone())
    );
    assert_eq!(
        tx.find_tutor_profile_by_user(UserId::new()).await.unwrap(),
        None
    );
    assert_eq!(
        tx.get_tutor_profile(TutorProfileId::new()).await.unwrap(),
        None
    );

    // Update swaps the two shapes: every column rewritten, NULLs both ways.
    let full_now = TutorProfile {
        id: bare.id,
        user_id: bare.user_id,
        updated_at: micro(now(), 10),
        ..full_profile(b.id)
    };
    let bare_now = TutorProfile {
        id: full.id,
        user_id: full.user_id,
        updated_at: micro(now(), 11),
        teaching_modes: vec![TeachingMode::Offline],
        ..bare_profile(a.id)
    };
    tx.update_tutor_profile(&full_now).await.unwrap();
    tx.update_tutor_profile(&bare_now).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_tutor_profile(bare.id).await.unwrap(), Some(full_now));
    assert_eq!(tx.get_tutor_profile(full.id).await.unwrap(), Some(bare_now));
    let ghost = tutor_profile(a.id);
    assert_eq!(
        tx.update_tutor_profile(&ghost).await.unwrap_err(),
        Error::not_found("tutor profile", ghost.id)
    );
}

async fn tutor_profiles_list_by_status_oldest_first(store: Store) {
    let mut profiles = Vec::new();
    for (us, status) in [
        (30, TutorStatus::Active),
        (10, TutorStatus::Active),
        (20, TutorStatus::Banned),
        (10, TutorStatus::Active),
        (5, TutorStatus::Draft),
    ] {
        let u = seed_user(&store, Role::Tutor).await;
        profiles.push(TutorProfile {
            status,
            created_at: micro(now(), us),
            ..tutor_profile(u.id)
        });
    }
    let mut tx = store.begin().await.unwrap();
    for p in &profiles {
        tx.insert_tutor_profile(p).await.unwrap();
    }
    let ids = |v: Vec<TutorProfile>| v.into_iter().map(|p| p.id).collect::<Vec<_>>();
    let (lo, hi) = if profiles[1].id < profiles[3].id {
        (profiles[1].id, profiles[3].id)
    } else {
        (profiles[3].id, profiles[1].id)
    };
    assert_eq!(
        ids(tx
            .list_tutor_profiles_by_status(TutorStatus::Active)
            .await
            .unwrap()),
        vec![lo, hi, profiles[0].id]
    );
    assert_eq!(
        tx.list_tutor_profiles_by_status(TutorStatus::Banned)
            .await
            .unwrap(),
        vec![profiles[2].clone()]
    );
    assert_eq!(
        ids(tx
            .list_tutor_profiles_by_status(TutorStatus::Draft)
            .await
            .unwrap()),
        vec![profiles[4].id]
    );
    assert_eq!(
        tx.list_tutor_profiles_by_status(TutorStatus::Inactive)
            .await
            .unwrap(),
        vec![]
    );
}

async fn a_second_profile_for_a_user_is_a_conflict(store: Store) {
    let (u, first) = seed_profile(&store).await;
    let second = TutorProfile {
        headline: Some("duplikat".into()),
        ..tutor_profile(u.id)
    };
    let err = fails_alone!(store, |tx| tx.insert_tutor_profile(&second));
    assert_eq!(
        err,
        Error::Conflict("this user already has a tutor profile".into())
    );
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_tutor_profile(second.id).await.unwrap(), None);
    assert_eq!(
        tx.find_tutor_profile_by_user(u.id).await.unwrap(),
        Some(first)
    );
}

async fn categories_and_subjects_round_trip(store: Store) {
    let mut tx = store.begin().await.unwrap();
    let cat = SubjectCategory {
        name: "Bahasa & Sastra — 言語".into(),
        slug: "bahasa-sastra".into(),
        is_active: false,
        created_at: micro(now(), 1),
        updated_at: micro(now(), 2),
        ..category("x")
    };
    tx.insert_category(&cat).await.unwrap();
    let with_cat = Subject {
        name: "Bahasa Jepang 日本語".into(),
        slug: "bahasa-jepang".into(),
        is_active: false,
        created_at: micro(now(), 3),
        updated_at: micro(now(), 4),
        ..subject("x", Some(cat.id))
    };
    let without = subject("Matematika", None);
    tx.insert_subject(&with_cat).await.unwrap();
    tx.insert_subject(&without).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_category(cat.id).await.unwrap(), Some(cat.clone()));
    assert_eq!(tx.get_category(CategoryId::new()).await.unwrap(), None);
    assert_eq!(
        tx.get_subject(with_cat.id).await.unwrap(),
        Some(with_cat.clone())
    );
    assert_eq!(
        tx.get_subject(without.id).await.unwrap(),
        Some(without.clone())
    );
    assert_eq!(
        tx.find_subject_by_slug("bahasa-jepang").await.unwrap(),
        Some(with_cat.clone())
    );
    assert_eq!(
        tx.find_subject_by_slug("Bahasa-Jepang").await.unwrap(),
        None
    );
    assert_eq!(tx.get_subject(SubjectId::new()).await.unwrap(), None);

    let cat2 = SubjectCategory {
        name: "Akademik".into(),
        slug: "akademik".into(),
        is_active: true,
        updated_at: micro(now(), 20),
        ..cat.clone()
    };
    tx.update_category(&cat2).await.unwrap();
    let moved = Subject {
        name: "Kalkulus".into(),
        slug: "kalkulus".into(),
        category_id: None,
        is_active: true,
        updated_at: micro(now(), 21),
        ..with_cat.clone()
    };
    let into_cat = Subject {
        category_id: Some(cat.id),
        is_active: false,
        updated_at: micro(now(), 22),
        ..without.clone()
    };
    tx.update_subject(&moved).await.unwrap();
    tx.update_subject(&into_cat).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_category(cat.id).await.unwrap(), Some(cat2));
    assert_eq!(tx.get_subject(with_cat.id).await.unwrap(), Some(moved));
    assert_eq!(tx.get_subject(without.id).await.unwrap(), Some(into_cat));
    assert_eq!(
        tx.find_subject_by_slug("bahasa-jepang").await.unwrap(),
        None
    );
    let ghost = subject("Hantu", None);
    assert_eq!(
        tx.update_subject(&ghost).await.unwrap_err(),
        Error::not_found("subject", ghost.id)
    );
    let ghost = category("Hantu");
    assert_eq!(
        tx.update_category(&ghost).await.unwrap_err(),
        Error::not_found("subject category", ghost.id)
    );
}

async fn categories_and_subjects_list_by_name(store: Store) {
    let mut tx = store.begin().await.unwrap();
    // Inserted out of order; two subjects share a name (the id breaks the tie).
    let names = ["Musik", "Bahasa Inggris", "Akuntansi", "Bahasa Arab"];
    let mut cats = Vec::new();
    for n in names {
        let c = category(n);
        tx.insert_category(&c).await.unwrap();
        cats.push(c);
    }
    let mut subs = Vec::new();
    for (n, slug, active) in [
        ("Kimia", "kimia", true),
        ("Biologi", "biologi", false),
        ("Fisika", "fisika", true),
        ("Kimia", "kimia-2", true),
        ("Astronomi", "astronomi", false),
    ] {
        let s = Subject {
            slug: slug.into(),
            is_active: active,
            ..subject(n, None)
        };
        tx.insert_subject(&s).await.unwrap();
        subs.push(s);
    }
    let cat_names: Vec<String> = tx
        .list_categories()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(
        cat_names,
        vec!["Akuntansi", "Bahasa Arab", "Bahasa Inggris", "Musik"]
    );
    let (k_lo, k_hi) = if subs[0].id < subs[3].id {
        (subs[0].id, subs[3].id)
    } else {
        (subs[3].id, subs[0].id)
    };
    let ids = |v: Vec<Subject>| v.into_iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(
        ids(tx.list_subjects(false).await.unwrap()),
        vec![subs[4].id, subs[1].id, subs[2].id, k_lo, k_hi]
    );
    assert_eq!(
        ids(tx.list_subjects(true).await.unwrap()),
        vec![subs[2].id, k_lo, k_hi]
    );
    assert_eq!(tx.list_subjects(true).await.unwrap()[0], subs[2]);
}

async fn slugs_are_unique_and_a_conflict_writes_nothing(store: Store) {
    let mut tx = store.begin().await.unwrap();
    let cat = category("Akademik");
    let sub = subject("Matematika", Some(cat.id));
    tx.insert_category(&cat).await.unwrap();
    tx.insert_subject(&sub).await.unwrap();
    tx.commit().await.unwrap();

    let dup_cat = SubjectCategory {
        name: "Akademik lain".into(),
        ..category("Akademik")
    };
    assert_eq!(
        fails_alone!(store, |tx| tx.insert_category(&dup_cat)),
        Error::Conflict("a subject category with this slug already exists".into())
    );
    let dup_sub = Subject {
        name: "Matematika Dasar".into(),
        ..subject("Matematika", None)
    };
    assert_eq!(
        fails_alone!(store, |tx| tx.insert_subject(&dup_sub)),
        Error::Conflict("a subject with this slug already exists".into())
    );
    // Renaming onto a taken slug is the same conflict.
    let other = subject("Fisika", None);
    let mut tx = store.begin().await.unwrap();
    tx.insert_subject(&other).await.unwrap();
    tx.commit().await.unwrap();
    let onto = Subject {
        slug: "matematika".into(),
        updated_at: micro(now(), 1),
        ..other.clone()
    };
    assert_eq!(
        fails_alone!(store, |tx| tx.update_subject(&onto)),
        Error::Conflict("a subject with this slug already exists".into())
    );
    // A subject slug may equal a category slug: different tables.
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_category(dup_cat.id).await.unwrap(), None);
    assert_eq!(tx.get_subject(dup_sub.id).await.unwrap(), None);
    assert_eq!(tx.get_subject(other.id).await.unwrap(), Some(other));
    assert_eq!(tx.list_categories().await.unwrap(), vec![cat.clone()]);
    tx.insert_subject(&subject("Akademik", None)).await.unwrap();
    tx.commit().await.unwrap();
}

async fn tutor_subject_round_trips_and_lists_oldest_first(store: Store) {
    let (_, p) = seed_profile(&store).await;
    let (_, q) = seed_profile(&store).await;
    let mut tx = store.begin().await.unwrap();
    let math = subject("Matematika", None);
    let phys = subject("Fisika", None);
    tx.insert_subject(&math).await.unwrap();
    tx.insert_subject(&phys).await.unwrap();
    let full = TutorSubject {
        level: Some(Level::University),
        price_override: Some(dec("9999999999.99")),
        currency: "SGD".parse().unwrap(),
        description: Some("Kalkulus lanjut — ∫∮".into()),
        is_active: false,
        created_at: micro(now(), 30),
        updated_at: micro(now(), 31),
        ..tutor_subject(p.id, math.id)
    };
    let bare = TutorSubject {
        level: None,
        price_override: None,
        description: None,
        created_at: micro(now(), 10),
        ..tutor_subject(p.id, phys.id)
    };
    let theirs = tutor_subject(q.id, math.id);
    for ts in [&full, &bare, &theirs] {
        tx.insert_tutor_subject(ts).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.get_tutor_subject(full.id).await.unwrap(),
        Some(full.clone())
    );
    assert_eq!(
        tx.get_tutor_subject(bare.id).await.unwrap(),
        Some(bare.clone())
    );
    assert_eq!(
        tx.list_tutor_subjects(p.id).await.unwrap(),
        vec![bare.clone(), full.clone()]
    );
    assert_eq!(tx.list_tutor_subjects(q.id).await.unwrap(), vec![theirs]);
    assert_eq!(
        tx.get_tutor_subject(TutorSubjectId::new()).await.unwrap(),
        None
    );

    let full2 = TutorSubject {
        level: None,
        price_override: None,
        description: None,
        is_active: true,
        updated_at: micro(now(), 40),
        ..full.clone()
    };
    let bare2 = TutorSubject {
        level: Some(Level::Sd),
        price_override: Some(dec("0.50")),
        description: Some("SD kelas 1–6".into()),
        is_active: false,
        updated_at: micro(now(), 41),
        ..bare.clone()
    };
    tx.update_tutor_subject(&full2).await.unwrap();
    tx.update_tutor_subject(&bare2).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_tutor_subject(full.id).await.unwrap(), Some(full2));
    assert_eq!(
        tx.get_tutor_subject(bare.id).await.unwrap(),
        Some(bare2.clone())
    );
    assert!(tx.delete_tutor_subject(full.id).await.unwrap());
    assert!(!tx.delete_tutor_subject(full.id).await.unwrap());
    assert_eq!(tx.list_tutor_subjects(p.id).await.unwrap(), vec![bare2]);
}

async fn tutor_subject_triple_is_unique_except_for_null_levels(store: Store) {
    let (_, p) = seed_profile(&store).await;
    let mut tx = store.begin().await.unwrap();
    let math = subject("Matematika", None);
    tx.insert_subject(&math).await.unwrap();
    let sma = tutor_subject(p.id, math.id);
    tx.insert_tutor_subject(&sma).await.unwrap();
    // Another level of the same subject is fine; so are two NULL levels (NULLs are distinct in
    // the ERD's UNIQUE, on both backends).
    let smp = TutorSubject {
        id: TutorSubjectId::new(),
        level: Some(Level::Smp),
        ..sma.clone()
    };
    let n1 = TutorSubject {
        id: TutorSubjectId::new(),
        level: None,
        ..sma.clone()
    };
    let n2 = TutorSubject {
        id: TutorSubjectId::new(),
        level: None,
        ..sma.clone()
    };
    for ts in [&smp, &n1, &n2] {
        tx.insert_tutor_subject(ts).await.unwrap();
    }
    tx.commit().await.unwrap();

    let dup = TutorSubject {
        id: TutorSubjectId::new(),
        price_override: None,
        ..sma.clone()
    };
    assert_eq!(
        fails_alone!(store, |tx| tx.insert_tutor_subject(&dup)),
        Error::Conflict("the tutor already teaches this subject at this level".into())
    );
    let onto = TutorSubject {
        level: Some(Level::Sma),
        updated_at: micro(now(), 1),
        ..smp.clone()
    };
    assert_eq!(
        fails_alone!(store, |tx| tx.update_tutor_subject(&onto)),
        Error::Conflict("the tutor already teaches this subject at this level".into())
    );
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_tutor_subject(dup.id).await.unwrap(), None);
    assert_eq!(tx.get_tutor_subject(smp.id).await.unwrap(), Some(smp));
    assert_eq!(tx.list_tutor_subjects(p.id).await.unwrap().len(), 4);
}

async fn documents_round_trip_and_list_oldest_first(store: Store) {
    let (tutor_user, p) = seed_profile(&store).await;
    let (_, q) = seed_profile(&store).await;
    let admin = seed_user(&store, Role::Admin).await;
    let full = document(p.id, Some(admin.id));
    let bare = TutorDocument {
        id: DocumentId::new(),
        tutor_profile_id: p.id,
        doc_type: None,
        file_url: "https://files.example/ktp.jpg".into(),
        status: DocumentStatus::Pending,
        reviewed_by: None,
        reviewed_at: None,
        note: None,
        created_at: micro(now(), 1),
        updated_at: micro(now(), 1),
    };
    let theirs = document(q.id, None);
    let mut tx = store.begin().await.unwrap();
    for d in [&full, &bare, &theirs] {
        tx.insert_document(d).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_document(full.id).await.unwrap(), Some(full.clone()));
    assert_eq!(tx.get_document(bare.id).await.unwrap(), Some(bare.clone()));
    assert_eq!(tx.get_document(DocumentId::new()).await.unwrap(), None);
    assert_eq!(
        tx.list_documents(p.id).await.unwrap(),
        vec![bare.clone(), full.clone()]
    );
    assert_eq!(tx.list_documents(q.id).await.unwrap(), vec![theirs]);

    let reviewed = TutorDocument {
        doc_type: Some(DocType::Ktp),
        status: DocumentStatus::Rejected,
        reviewed_by: Some(tutor_user.id),
        reviewed_at: Some(micro(now(), 999_999)),
        note: Some("Foto buram".into()),
        updated_at: micro(now(), 50),
        ..bare.clone()
    };
    let unreviewed = TutorDocument {
        doc_type: None,
        status: DocumentStatus::Pending,
        reviewed_by: None,
        reviewed_at: None,
        note: None,
        file_url: "https://files.example/v2.pdf".into(),
        updated_at: micro(now(), 51),
        ..full.clone()
    };
    tx.update_document(&reviewed).await.unwrap();
    tx.update_document(&unreviewed).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.list_documents(p.id).await.unwrap(),
        vec![reviewed, unreviewed]
    );
    let ghost = document(p.id, None);
    assert_eq!(
        tx.update_document(&ghost).await.unwrap_err(),
        Error::not_found("tutor document", ghost.id)
    );
}

async fn packages_and_purchases_round_trip_and_list(store: Store) {
    let (_, p) = seed_profile(&store).await;
    let (_, q) = seed_profile(&store).await;
    let student = seed_user(&store, Role::Student).await;
    let other = seed_user(&store, Role::Student).await;
    let mut tx = store.begin().await.unwrap();
    let math = subject("Matematika", None);
    tx.insert_subject(&math).await.unwrap();
    let ts = tutor_subject(p.id, math.id);
    tx.insert_tutor_subject(&ts).await.unwrap();
    let full = LessonPackage {
        total_price: dec("9999999999.99"),
        created_at: micro(now(), 50),
        deleted_at: Some(micro(now(), 60)),
        ..package(p.id, Some(ts.id))
    };
    let bare = LessonPackage {
        tutor_subject_id: None,
        name: "Paket coba 1×".into(),
        session_count: 1,
        total_price: dec("0.00"),
        valid_days: 7,
        is_active: false,
        created_at: micro(now(), 40),
        ..package(p.id, None)
    };
    let theirs = package(q.id, None);
    for x in [&full, &bare, &theirs] {
        tx.insert_package(x).await.unwrap();
    }
    assert_eq!(tx.get_package(full.id).await.unwrap(), Some(full.clone()));
    assert_eq!(tx.get_package(bare.id).await.unwrap(), Some(bare.clone()));
    assert_eq!(tx.get_package(PackageId::new()).await.unwrap(), None);
    assert_eq!(
        tx.list_packages(p.id).await.unwrap(),
        vec![bare.clone(), full.clone()]
    );
    assert_eq!(tx.list_packages(q.id).await.unwrap(), vec![theirs.clone()]);
    let full2 = LessonPackage {
        tutor_subject_id: None,
        name: "Paket baru".into(),
        session_count: 20,
        total_price: dec("2500000.50"),
        currency: "USD".parse().unwrap(),
        valid_days: 180,
        is_active: false,
        updated_at: micro(now(), 70),
        deleted_at: None,
        ..full.clone()
    };
    tx.update_package(&full2).await.unwrap();
    assert_eq!(tx.get_package(full.id).await.unwrap(), Some(full2.clone()));

    let a = PackagePurchase {
        created_at: micro(now(), 100),
        ..purchase(student.id, full.id)
    };
    let b = PackagePurchase {
        status: PurchaseStatus::PendingPayment,
        sessions_remaining: 1,
        start_at: None,
        expires_at: None,
        created_at: micro(now(), 200),
        deleted_at: Some(micro(now(), 300)),
        ..purchase(student.id, bare.id)
    };
    let c = purchase(other.id, theirs.id);
    for x in [&a, &b, &c] {
        tx.insert_purchase(x).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_purchase(a.id).await.unwrap(), Some(a.clone()));
    assert_eq!(tx.get_purchase(b.id).await.unwrap(), Some(b.clone()));
    assert_eq!(tx.get_purchase(PurchaseId::new()).await.unwrap(), None);
    assert_eq!(
        tx.list_student_purchases(student.id).await.unwrap(),
        vec![b.clone(), a.clone()],
        "newest first"
    );
    let a2 = PackagePurchase {
        status: PurchaseStatus::Expired,
        sessions_remaining: 0,
        start_at: None,
        expires_at: Some(micro(now(), 1)),
        updated_at: micro(now(), 400),
        deleted_at: Some(micro(now(), 401)),
        ..a.clone()
    };
    tx.update_purchase(&a2).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_purchase(a.id).await.unwrap(), Some(a2));
    assert_eq!(tx.list_student_purchases(other.id).await.unwrap(), vec![c]);
    let ghost = package(p.id, None);
    assert_eq!(
        tx.update_package(&ghost).await.unwrap_err(),
        Error::not_found("lesson package", ghost.id)
    );
    let ghost = purchase(student.id, full.id);
    assert_eq!(
        tx.update_purchase(&ghost).await.unwrap_err(),
        Error::not_found("package purchase", ghost.id)
    );
}

async fn deleting_a_category_keeps_its_subjects_without_one(store: Store) {
    let mut tx = store.begin().await.unwrap();
    let cat = category("Akademik");
    let keep = category("Bahasa");
    tx.insert_category(&cat).await.unwrap();
    tx.insert_category(&keep).await.unwrap();
    let a = subject("Matematika", Some(cat.id));
    let b = subject("Fisika", Some(cat.id));
    let c = subject("Bahasa Inggris", Some(keep.id));
    for s in [&a, &b, &c] {
        tx.insert_subject(s).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_category(cat.id).await.unwrap());
    assert!(!tx.delete_category(cat.id).await.unwrap());
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_category(cat.id).await.unwrap(), None);
    for s in [&a, &b] {
        let got = tx.get_subject(s.id).await.unwrap().unwrap();
        assert_eq!(got.category_id, None);
        assert_eq!(
            Subject {
                category_id: s.category_id,
                updated_at: s.updated_at,
                ..got
            },
            *s
        );
    }
    assert_eq!(tx.get_subject(c.id).await.unwrap(), Some(c));
}

async fn deleting_a_tutor_subject_nulls_bookings_and_packages(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    let math = subject("Matematika", None);
    tx.insert_subject(&math).await.unwrap();
    let ts = tutor_subject(p.id, math.id);
    let keep = TutorSubject {
        id: TutorSubjectId::new(),
        level: Some(Level::Smp),
        ..ts.clone()
    };
    tx.insert_tutor_subject(&ts).await.unwrap();
    tx.insert_tutor_subject(&keep).await.unwrap();
    let b = Booking {
        tutor_subject_id: Some(ts.id),
        ..booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60)
    };
    let kept_b = Booking {
        tutor_subject_id: Some(keep.id),
        ..booking(student.id, p.id, at(2026, 12, 1, 4, 0), 60)
    };
    tx.insert_booking(&b).await.unwrap();
    tx.insert_booking(&kept_b).await.unwrap();
    let pkg = package(p.id, Some(ts.id));
    let kept_pkg = package(p.id, Some(keep.id));
    tx.insert_package(&pkg).await.unwrap();
    tx.insert_package(&kept_pkg).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_tutor_subject(ts.id).await.unwrap());
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let got_b = tx.get_booking(b.id).await.unwrap().unwrap();
    assert_eq!(got_b.tutor_subject_id, None);
    assert_eq!(
        Booking {
            tutor_subject_id: b.tutor_subject_id,
            updated_at: b.updated_at,
            ..got_b
        },
        b
    );
    let got_pkg = tx.get_package(pkg.id).await.unwrap().unwrap();
    assert_eq!(got_pkg.tutor_subject_id, None);
    assert_eq!(
        LessonPackage {
            tutor_subject_id: pkg.tutor_subject_id,
            updated_at: pkg.updated_at,
            ..got_pkg
        },
        pkg
    );
    assert_eq!(tx.get_booking(kept_b.id).await.unwrap(), Some(kept_b));
    assert_eq!(tx.get_package(kept_pkg.id).await.unwrap(), Some(kept_pkg));
}

/// ON DELETE SET NULL rewrites the referencing row the same way on both backends: the
/// reference is cleared and `updated_at` left as the library last wrote it (no database
/// clock stamps rows since migration 0004).
async fn a_set_null_cascade_clears_the_reference_alike_on_both(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    let math = subject("Matematika", None);
    tx.insert_subject(&math).await.unwrap();
    let ts = tutor_subject(p.id, math.id);
    tx.insert_tutor_subject(&ts).await.unwrap();
    let long_ago = at(2020, 1, 1, 0, 0);
    let b = Booking {
        tutor_subject_id: Some(ts.id),
        updated_at: long_ago,
        ..booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60)
    };
    tx.insert_booking(&b).await.unwrap();
    let pkg = LessonPackage {
        updated_at: long_ago,
        ..package(p.id, Some(ts.id))
    };
    tx.insert_package(&pkg).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.delete_tutor_subject(ts.id).await.unwrap();
    let got = tx.get_booking(b.id).await.unwrap().unwrap();
    assert_eq!((got.tutor_subject_id, got.updated_at), (None, long_ago));
    let got = tx.get_package(pkg.id).await.unwrap().unwrap();
    assert_eq!((got.tutor_subject_id, got.updated_at), (None, long_ago));
}

async fn deleting_a_subject_cascades_to_tutor_subjects(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let mut tx = store.begin().await.unwrap();
    let math = subject("Matematika", None);
    let phys = subject("Fisika", None);
    tx.insert_subject(&math).await.unwrap();
    tx.insert_subject(&phys).await.unwrap();
    let ts = tutor_subject(p.id, math.id);
    let other = tutor_subject(p.id, phys.id);
    tx.insert_tutor_subject(&ts).await.unwrap();
    tx.insert_tutor_subject(&other).await.unwrap();
    let b = Booking {
        tutor_subject_id: Some(ts.id),
        ..booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60)
    };
    tx.insert_booking(&b).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_subject(math.id).await.unwrap());
    assert!(!tx.delete_subject(math.id).await.unwrap());
    assert_eq!(tx.get_tutor_subject(ts.id).await.unwrap(), None);
    assert_eq!(tx.list_tutor_subjects(p.id).await.unwrap(), vec![other]);
    // ... and on to the booking, which keeps existing without a tutor subject.
    assert_eq!(
        tx.get_booking(b.id)
            .await
            .unwrap()
            .unwrap()
            .tutor_subject_id,
        None
    );
}

async fn deleting_a_tutor_profile_cascades(store: Store) {
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let (_, q) = seed_profile(&store).await;
    let mut tx = store.begin().await.unwrap();
    let math = subject("Matematika", None);
    tx.insert_subject(&math).await.unwrap();
    let ts = tutor_subject(p.id, math.id);
    tx.insert_tutor_subject(&ts).await.unwrap();
    let doc = document(p.id, None);
    tx.insert_document(&doc).await.unwrap();
    tx.insert_availability(&availability(p.id, 1))
        .await
        .unwrap();
    let off = time_off(p.id, at(2026, 12, 24, 0, 0), at(2026, 12, 27, 0, 0));
    tx.insert_time_off(&off).await.unwrap();
    let b = booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60);
    tx.insert_booking(&b).await.unwrap();
    let conv = conversation(student.id, p.id);
    tx.insert_conversation(&conv).await.unwrap();
    let msg = message(conv.id, student.id, micro(now(), 1));
    tx.insert_message(&msg).await.unwrap();
    let rev = review(b.id, p.id, student.id, 5);
    tx.insert_review(&rev).await.unwrap();
    let pl = progress_log(b.id, p.id, student.id);
    tx.insert_progress_log(&pl).await.unwrap();
    tx.insert_favorite(&favorite(student.id, p.id, now()))
        .await
        .unwrap();
    let pkg = package(p.id, Some(ts.id));
    tx.insert_package(&pkg).await.unwrap();
    let pur = purchase(student.id, pkg.id);
    tx.insert_purchase(&pur).await.unwrap();
    // The other tutor's things stay.
    let qb = booking(student.id, q.id, at(2026, 12, 1, 2, 0), 60);
    tx.insert_booking(&qb).await.unwrap();
    tx.insert_favorite(&favorite(student.id, q.id, now()))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_tutor_profile(p.id).await.unwrap());
    assert!(!tx.delete_tutor_profile(p.id).await.unwrap());
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_tutor_profile(p.id).await.unwrap(), None);
    assert_eq!(tx.get_tutor_subject(ts.id).await.unwrap(), None);
    assert_eq!(tx.get_document(doc.id).await.unwrap(), None);
    assert_eq!(tx.list_availabilities(&[p.id]).await.unwrap(), vec![]);
    assert_eq!(tx.get_time_off(off.id).await.unwrap(), None);
    assert_eq!(tx.get_booking(b.id).await.unwrap(), None);
    assert_eq!(tx.get_conversation(conv.id).await.unwrap(), None);
    assert_eq!(tx.get_message(msg.id).await.unwrap(), None);
    assert_eq!(tx.get_review(rev.id).await.unwrap(), None);
    assert_eq!(tx.get_progress_log(pl.id).await.unwrap(), None);
    assert_eq!(tx.find_favorite(student.id, p.id).await.unwrap(), None);
    assert_eq!(tx.get_package(pkg.id).await.unwrap(), None);
    assert_eq!(tx.get_purchase(pur.id).await.unwrap(), None);
    // Not owned by the profile.
    assert_eq!(
        tx.get_user(tutor_user.id).await.unwrap().unwrap().id,
        tutor_user.id
    );
    assert_eq!(tx.get_subject(math.id).await.unwrap(), Some(math));
    assert_eq!(tx.get_booking(qb.id).await.unwrap(), Some(qb));
    assert_eq!(tx.list_favorites(student.id).await.unwrap().len(), 1);
}

async fn deleting_a_package_cascades_to_its_purchases(store: Store) {
    // There is no delete_package: deleting the tutor's user removes the profile, then the
    // packages, then the purchases (and a deleted student takes their purchases along).
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let other = seed_user(&store, Role::Student).await;
    let mut tx = store.begin().await.unwrap();
    let pkg = package(p.id, None);
    tx.insert_package(&pkg).await.unwrap();
    let mine = purchase(student.id, pkg.id);
    let theirs = purchase(other.id, pkg.id);
    tx.insert_purchase(&mine).await.unwrap();
    tx.insert_purchase(&theirs).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_user(student.id).await.unwrap());
    assert_eq!(tx.get_purchase(mine.id).await.unwrap(), None);
    assert_eq!(
        tx.get_purchase(theirs.id).await.unwrap(),
        Some(theirs.clone())
    );
    assert!(tx.delete_user(tutor_user.id).await.unwrap());
    assert_eq!(tx.get_package(pkg.id).await.unwrap(), None);
    assert_eq!(tx.get_purchase(theirs.id).await.unwrap(), None);
}

conformance!(
    tutor_profile_round_trips_every_column,
    tutor_profiles_list_by_status_oldest_first,
    a_second_profile_for_a_user_is_a_conflict,
    categories_and_subjects_round_trip,
    categories_and_subjects_list_by_name,
    slugs_are_unique_and_a_conflict_writes_nothing,
    tutor_subject_round_trips_and_lists_oldest_first,
    tutor_subject_triple_is_unique_except_for_null_levels,
    documents_round_trip_and_list_oldest_first,
    packages_and_purchases_round_trip_and_list,
    deleting_a_category_keeps_its_subjects_without_one,
    deleting_a_tutor_subject_nulls_bookings_and_packages,
    a_set_null_cascade_clears_the_reference_alike_on_both,
    deleting_a_subject_cascades_to_tutor_subjects,
    deleting_a_tutor_profile_cascades,
    deleting_a_package_cascades_to_its_purchases,
);
