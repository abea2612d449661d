//! Valid records with every field set to something, for tests to tweak.

#![allow(dead_code)]

use super::at;
use blajarplus::store::*;
use blajarplus::types::*;
use chrono::{DateTime, NaiveTime, Utc};
use rust_decimal::Decimal;

pub fn now() -> DateTime<Utc> {
    at(2026, 11, 25, 3, 0)
}

pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn user(role: Role) -> User {
    let id = UserId::new();
    User {
        id,
        email: Some(format!("{}@example.id", id.as_uuid().simple())),
        phone: None,
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
        full_name: "Siti Nurhaliza".into(),
        avatar_url: None,
        gender: None,
        birthdate: None,
        role,
        status: UserStatus::Active,
        last_login_at: None,
        created_at: now(),
        updated_at: now(),
        deleted_at: None,
    }
}

pub fn tutor_profile(user: UserId) -> TutorProfile {
    TutorProfile {
        id: TutorProfileId::new(),
        user_id: user,
        headline: Some("Guru matematika SMA".into()),
        bio: Some("Berpengalaman mengajar kalkulus dan aljabar".into()),
        education: Some("S1 Matematika ITB".into()),
        experience_years: Some(5),
        teaching_modes: vec![TeachingMode::Online, TeachingMode::Offline],
        base_city: Some("Jakarta".into()),
        timezone: "Asia/Jakarta".into(),
        intro_video_url: None,
        hourly_rate: dec("150000.00"),
        currency: Currency::IDR,
        is_verified: false,
        verification_status: VerificationStatus::None,
        verification_note: None,
        rating_avg: dec("0.0"),
        rating_count: 0,
        completed_lessons_count: 0,
        response_rate: 0,
        status: TutorStatus::Active,
        created_at: now(),
        updated_at: now(),
        deleted_at: None,
    }
}

pub fn category(name: &str) -> SubjectCategory {
    SubjectCategory {
        id: CategoryId::new(),
        name: name.into(),
        slug: name.to_lowercase().replace(' ', "-"),
        is_active: true,
        created_at: now(),
        updated_at: now(),
    }
}

pub fn subject(name: &str, category: Option<CategoryId>) -> Subject {
    Subject {
        id: SubjectId::new(),
        name: name.into(),
        slug: name.to_lowercase().replace(' ', "-"),
        category_id: category,
        is_active: true,
        created_at: now(),
        updated_at: now(),
    }
}

pub fn tutor_subject(tutor: TutorProfileId, subject: SubjectId) -> TutorSubject {
    TutorSubject {
        id: TutorSubjectId::new(),
        tutor_profile_id: tutor,
        subject_id: subject,
        level: Some(Level::Sma),
        price_override: Some(dec("175000.50")),
        currency: Currency::IDR,
        description: Some("Persiapan UTBK".into()),
        is_active: true,
        created_at: now(),
        updated_at: now(),
    }
}

pub fn availability(tutor: TutorProfileId, day: i32) -> TutorAvailability {
    TutorAvailability {
        id: AvailabilityId::new(),
        tutor_profile_id: tutor,
        day_of_week: day,
        start_time: NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        end_time: NaiveTime::from_hms_opt(12, 30, 0).unwrap(),
        slot_duration_minutes: 60,
        is_active: true,
        created_at: now(),
        updated_at: now(),
    }
}

pub fn booking(
    student: UserId,
    tutor: TutorProfileId,
    start: DateTime<Utc>,
    minutes: i64,
) -> Booking {
    Booking {
        id: BookingId::new(),
        student_id: student,
        tutor_profile_id: tutor,
        tutor_subject_id: None,
        mode: Some(LessonMode::Online),
        start_at: start,
        end_at: start + chrono::Duration::minutes(minutes),
        duration_minutes: minutes as i32,
        location_type: Some(LocationType::Online),
        location_address: None,
        lat: None,
        lng: None,
        meeting_link: Some("https://meet.example/abc".into()),
        status: BookingStatus::Confirmed,
        cancelled_by: None,
        cancel_reason: None,
        price: dec("150000.00"),
        platform_fee: dec("22500.00"),
        total_amount: dec("150000.00"),
        currency: Currency::IDR,
        notes: None,
        created_at: now(),
        updated_at: now(),
        deleted_at: None,
    }
}

/// A committed student, tutor user and active tutor profile.
pub async fn seed_tutor(store: &Store) -> (User, User, TutorProfile) {
    let student = user(Role::Student);
    let tutor_user = user(Role::Tutor);
    let profile = tutor_profile(tutor_user.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&student).await.unwrap();
    tx.insert_user(&tutor_user).await.unwrap();
    tx.insert_tutor_profile(&profile).await.unwrap();
    tx.commit().await.unwrap();
    (student, tutor_user, profile)
}
