//! Quickstart: a tutor with a subject and weekly availability, a student, and a booking, on
//! the embedded SQLite database (nothing to install, nothing to configure).
//!
//! Run with `cargo run --example quickstart` (or `make quickstart`).

use blajarplus::clock::{Clock, SystemClock};
use blajarplus::store::*;
use blajarplus::types::*;
use chrono::{Datelike, Duration, NaiveTime, TimeZone};
use rust_decimal::Decimal;

#[tokio::main]
async fn main() -> Result<(), blajarplus::Error> {
    // With nothing configured, the embedded SQLite default is used (set
    // BLAJARPLUS_DATABASE_URL=postgres://… to run the same story on PostgreSQL).
    let store = Store::open_from_env().await?;
    let now = SystemClock.now();
    println!(
        "Blajarplus {} on {}",
        blajarplus::VERSION,
        store.backend().as_str()
    );

    let tutor_user = User {
        id: UserId::new(),
        email: Some("rina.wijaya@example.id".into()),
        phone: Some("+6281234567890".into()),
        password_hash: None,
        full_name: "Rina Wijaya".into(),
        avatar_url: None,
        gender: Some("female".into()),
        birthdate: None,
        role: Role::Tutor,
        status: UserStatus::Active,
        last_login_at: None,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    let student = User {
        id: UserId::new(),
        email: Some("budi.santoso@example.id".into()),
        phone: None,
        full_name: "Budi Santoso".into(),
        role: Role::Student,
        gender: None,
        ..tutor_user.clone()
    };
    let profile = TutorProfile {
        id: TutorProfileId::new(),
        user_id: tutor_user.id,
        headline: Some("Guru Matematika SMA & persiapan UTBK".into()),
        bio: Some("Lulusan Matematika ITB, 6 tahun mengajar kalkulus dan aljabar.".into()),
        education: Some("S1 Matematika, ITB".into()),
        experience_years: Some(6),
        teaching_modes: vec![TeachingMode::Online, TeachingMode::Offline],
        base_city: Some("Jakarta".into()),
        timezone: "Asia/Jakarta".into(),
        intro_video_url: None,
        hourly_rate: Decimal::new(150_000, 0),
        currency: Currency::IDR,
        is_verified: false,
        verification_status: VerificationStatus::None,
        verification_note: None,
        rating_avg: Decimal::ZERO,
        rating_count: 0,
        completed_lessons_count: 0,
        response_rate: 0,
        status: TutorStatus::Active,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };
    let category = SubjectCategory {
        id: CategoryId::new(),
        name: "Akademik".into(),
        slug: "akademik".into(),
        is_active: true,
        created_at: now,
        updated_at: now,
    };
    let math = Subject {
        id: SubjectId::new(),
        name: "Matematika".into(),
        slug: "matematika".into(),
        category_id: Some(category.id),
        is_active: true,
        created_at: now,
        updated_at: now,
    };
    let teaches = TutorSubject {
        id: TutorSubjectId::new(),
        tutor_profile_id: profile.id,
        subject_id: math.id,
        level: Some(Level::Sma),
        price_override: Some(Decimal::new(175_000, 0)),
        currency: Currency::IDR,
        description: Some("Kalkulus, aljabar, persiapan UTBK".into()),
        is_active: true,
        created_at: now,
        updated_at: now,
    };
    // Monday to Friday, 16:00–20:00 Jakarta time.
    let rules: Vec<TutorAvailability> = (1..=5)
        .map(|day| TutorAvailability {
            id: AvailabilityId::new(),
            tutor_profile_id: profile.id,
            day_of_week: day,
            start_time: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
            end_time: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            slot_duration_minutes: 60,
            is_active: true,
            created_at: now,
            updated_at: now,
        })
        .collect();

    // Next Monday 16:00 in Jakarta, stored in UTC.
    let jakarta: chrono_tz::Tz = "Asia/Jakarta".parse().unwrap();
    let today = now.with_timezone(&jakarta).date_naive();
    let monday = today + Duration::days(7 - i64::from(today.weekday().num_days_from_monday()));
    let start = jakarta
        .from_local_datetime(&monday.and_hms_opt(16, 0, 0).unwrap())
        .single()
        .unwrap()
        .with_timezone(&chrono::Utc);
    let price = teaches.price_override.unwrap();
    let booking = Booking {
        id: BookingId::new(),
        student_id: student.id,
        tutor_profile_id: profile.id,
        tutor_subject_id: Some(teaches.id),
        mode: Some(LessonMode::Online),
        start_at: start,
        end_at: start + Duration::minutes(60),
        duration_minutes: 60,
        location_type: Some(LocationType::Online),
        location_address: None,
        lat: None,
        lng: None,
        meeting_link: Some("https://meet.example/rina-budi".into()),
        status: BookingStatus::Draft,
        cancelled_by: None,
        cancel_reason: None,
        price,
        platform_fee: Decimal::new(26_250, 0),
        total_amount: price,
        currency: Currency::IDR,
        notes: Some("Bab limit dan turunan".into()),
        created_at: now,
        updated_at: now,
        deleted_at: None,
    };

    // Everything in one transaction: all of it is written, or none of it.
    let mut tx = store.begin().await?;
    tx.insert_user(&tutor_user).await?;
    tx.insert_user(&student).await?;
    tx.insert_tutor_profile(&profile).await?;
    tx.insert_category(&category).await?;
    tx.insert_subject(&math).await?;
    tx.insert_tutor_subject(&teaches).await?;
    for rule in &rules {
        tx.insert_availability(rule).await?;
    }
    tx.insert_booking(&booking).await?;
    tx.commit().await?;

    let mut tx = store.begin().await?;
    let profile = tx.get_tutor_profile(profile.id).await?.unwrap();
    println!(
        "\nTutor    {} <{}>",
        tutor_user.full_name,
        tutor_user.email.as_deref().unwrap_or("-")
    );
    println!("         {}", profile.headline.as_deref().unwrap_or(""));
    println!(
        "         {} · {} {}/hour · teaches {}",
        profile.base_city.as_deref().unwrap_or("-"),
        profile.currency,
        profile.hourly_rate,
        profile
            .teaching_modes
            .iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(" & ")
    );
    for ts in tx.list_tutor_subjects(profile.id).await? {
        let subject = tx.get_subject(ts.subject_id).await?.unwrap();
        println!(
            "Subject  {} ({}) at {} {}",
            subject.name,
            ts.level.map(|l| l.as_str()).unwrap_or("any level"),
            ts.currency,
            ts.price_override.unwrap_or(profile.hourly_rate)
        );
    }
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    for rule in tx.list_availabilities(profile.id).await? {
        println!(
            "Weekly   {} {}–{} ({}), {}-minute slots",
            DAYS[rule.day_of_week as usize],
            rule.start_time.format("%H:%M"),
            rule.end_time.format("%H:%M"),
            profile.timezone,
            rule.slot_duration_minutes
        );
    }
    println!(
        "Student  {} <{}>",
        student.full_name,
        student.email.as_deref().unwrap_or("-")
    );
    for b in tx.list_student_bookings(student.id).await? {
        println!(
            "Booking  {} · {} · {} → {} Jakarta ({} UTC) · {} {}",
            b.id,
            b.status,
            b.start_at
                .with_timezone(&jakarta)
                .format("%a %d %b %Y %H:%M"),
            b.end_at.with_timezone(&jakarta).format("%H:%M"),
            b.start_at.format("%H:%M"),
            b.currency,
            b.total_amount
        );
    }
    tx.commit().await?;
    Ok(())
}
