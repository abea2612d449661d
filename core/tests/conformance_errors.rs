//! The same bad input gets the same typed error, naming the column, from both backends, and
//! nothing is written: text too long for its VARCHAR, numbers too large for their NUMERIC or
//! with more places than its scale, text PostgreSQL cannot store (the store checks rows
//! against the schema's sizes before writing, see `store::ColumnLimit`), and references to
//! rows that do not exist (SQLite's error names no column; the store finds it).

mod support;

use blajarplus::Error;
use blajarplus::store::*;
use blajarplus::types::*;
use support::at;
use support::fixtures::*;

async fn a_too_long_value_names_its_column(store: Store) {
    let (_, p) = seed_profile(&store).await;
    let name = User {
        full_name: "x".repeat(256),
        ..user(Role::Student)
    };
    let err = fails_alone!(store, |tx| tx.insert_user(&name));
    assert_eq!(
        err,
        Error::validation("full_name", "is too long (at most 255 characters)"),
        "{} backend",
        store.backend().as_str()
    );
    let headline = TutorProfile {
        headline: Some("é".repeat(256)),
        updated_at: micro(now(), 1),
        ..p.clone()
    };
    let err = fails_alone!(store, |tx| tx.update_tutor_profile(&headline));
    assert_eq!(
        err,
        Error::validation("headline", "is too long (at most 255 characters)"),
        "{} backend",
        store.backend().as_str()
    );
    // At the limit (characters, not bytes) both accept.
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&User {
        full_name: "é".repeat(255),
        ..user(Role::Student)
    })
    .await
    .unwrap();
}

async fn a_number_too_large_for_its_column_names_the_column(store: Store) {
    let (_, p) = seed_profile(&store).await;
    let rating = TutorProfile {
        rating_avg: dec("10.0"),
        updated_at: micro(now(), 1),
        ..p.clone()
    };
    let err = fails_alone!(store, |tx| tx.update_tutor_profile(&rating));
    assert_eq!(
        err.field(),
        Some("rating_avg"),
        "{err:?} ({} backend)",
        store.backend().as_str()
    );
    let rate = TutorProfile {
        hourly_rate: dec("10000000000.00"),
        updated_at: micro(now(), 2),
        ..p.clone()
    };
    let err = fails_alone!(store, |tx| tx.update_tutor_profile(&rate));
    assert_eq!(
        err.field(),
        Some("hourly_rate"),
        "{err:?} ({} backend)",
        store.backend().as_str()
    );
}

/// A third decimal place in a money column, or a ninth in a coordinate, is refused with a
/// `validation` error on both backends rather than rounded on one and refused on the other.
async fn too_many_places_are_refused_not_rounded(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let price = Booking {
        price: dec("150000.005"),
        ..booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60)
    };
    let lat = Booking {
        lat: Some(dec("-6.208763001")),
        ..booking(student.id, p.id, at(2026, 12, 1, 4, 0), 60)
    };
    let rating = TutorProfile {
        rating_avg: dec("4.75"),
        updated_at: micro(now(), 1),
        ..p.clone()
    };
    let backend = store.backend().as_str();
    let mut outcomes = Vec::new();
    {
        let mut tx = store.begin().await.unwrap();
        outcomes.push(tx.insert_booking(&price).await.map_err(|e| e.code()));
    }
    {
        let mut tx = store.begin().await.unwrap();
        outcomes.push(tx.insert_booking(&lat).await.map_err(|e| e.code()));
    }
    {
        let mut tx = store.begin().await.unwrap();
        outcomes.push(tx.update_tutor_profile(&rating).await.map_err(|e| e.code()));
    }
    assert_eq!(
        outcomes,
        vec![Err("validation"), Err("validation"), Err("validation")],
        "{backend} backend"
    );
}

/// PostgreSQL cannot store U+0000 in text or jsonb; SQLite can. The portable answer is a
/// typed `validation` error on both (not a `database` error, which tells the caller it was not
/// their fault, and not a silent success on one backend only).
async fn a_nul_character_gets_the_same_answer(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let c = conversation(student.id, p.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_conversation(&c).await.unwrap();
    tx.commit().await.unwrap();
    let text = Message {
        content: Some("halo\0dunia".into()),
        ..message(c.id, student.id, now())
    };
    let outcome = {
        let mut tx = store.begin().await.unwrap();
        tx.insert_message(&text).await.map_err(|e| e.code())
    };
    let text_outcome = outcome;
    let b = booking(student.id, p.id, support::at(2026, 12, 1, 2, 0), 60);
    let mut tx = store.begin().await.unwrap();
    tx.insert_booking(&b).await.unwrap();
    tx.commit().await.unwrap();
    let json = PaymentTransaction {
        raw_payload: Some(serde_json::json!({"note": "a\u{0}b"})),
        ..payment(b.id)
    };
    let outcome = {
        let mut tx = store.begin().await.unwrap();
        tx.insert_payment(&json).await.map_err(|e| e.code())
    };
    assert_eq!(
        (text_outcome, outcome),
        (Err("validation"), Err("validation")),
        "(text, json) on the {} backend",
        store.backend().as_str()
    );
}

async fn a_dangling_reference_names_its_column(store: Store) {
    let backend = store.backend().as_str();
    let dangling = |key: &str| Error::NotFound {
        entity: "referenced record",
        key: key.into(),
    };
    let orphan = address(UserId::new());
    let err = fails_alone!(store, |tx| tx.insert_address(&orphan));
    assert_eq!(err, dangling("user_id"), "{backend} backend");
    // A table with several references: the one that dangles, not the first.
    let (student, _, p) = seed_tutor(&store).await;
    let b = booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60);
    let nobody = Booking {
        tutor_profile_id: TutorProfileId::new(),
        ..b.clone()
    };
    let err = fails_alone!(store, |tx| tx.insert_booking(&nobody));
    assert_eq!(err, dangling("tutor_profile_id"), "{backend} backend");
    // A rewrite (the compare-and-swap) that points a booking at an offering that is not there.
    let mut tx = store.begin().await.unwrap();
    tx.insert_booking(&b).await.unwrap();
    tx.commit().await.unwrap();
    let unknown_offering = Booking {
        tutor_subject_id: Some(TutorSubjectId::new()),
        ..b.clone()
    };
    let err = fails_alone!(store, |tx| tx
        .update_booking_if_status(&unknown_offering, b.status));
    assert_eq!(err, dangling("tutor_subject_id"), "{backend} backend");
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_booking(b.id).await.unwrap(), Some(b));
}

conformance!(
    a_too_long_value_names_its_column,
    a_number_too_large_for_its_column_names_the_column,
    too_many_places_are_refused_not_rounded,
    a_nul_character_gets_the_same_answer,
    a_dangling_reference_names_its_column,
);
