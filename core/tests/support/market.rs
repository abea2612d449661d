//! A small marketplace world for facade tests: an admin, a subject, an active tutor with
//! weekly hours, a student, and a clock the test moves.

#![allow(dead_code)]

use blajarplus::clock::FixedClock;
use blajarplus::marketplace::*;
use blajarplus::store::Store;
use blajarplus::types::*;
use blajarplus::{Actor, Marketplace};
use chrono::{DateTime, NaiveTime, Utc};
use rust_decimal::Decimal;
use std::sync::Arc;

pub const MIDTRANS_KEY: &str = "SB-Mid-server-test-key";
pub const XENDIT_TOKEN: &str = "xnd-callback-token";

pub struct World {
    pub m: Marketplace,
    pub clock: Arc<FixedClock>,
    pub admin: Actor,
    pub tutor: Actor,
    pub student: Actor,
    pub profile: TutorProfile,
    pub teaches: TutorSubject,
}

/// Monday 2026-11-30 is the first lesson day; "now" starts the Wednesday before.
pub fn start_now() -> DateTime<Utc> {
    "2026-11-25T01:00:00Z".parse().unwrap()
}

/// Monday 2026-11-30 16:00 in Jakarta.
pub fn monday_16() -> DateTime<Utc> {
    "2026-11-30T09:00:00Z".parse().unwrap()
}

pub async fn world(store: Store) -> World {
    let clock = Arc::new(FixedClock::new(start_now()));
    let m = Marketplace::new(store)
        .with_clock(clock.clone())
        .with_payment_keys(PaymentKeys {
            midtrans_server_key: Some(MIDTRANS_KEY.into()),
            xendit_callback_token: Some(XENDIT_TOKEN.into()),
        });
    let admin_user = m
        .bootstrap_admin("Admin Blajarplus", "admin@blajarplus.id")
        .await
        .unwrap();
    let admin = Actor::admin(admin_user.id);
    let cat = m.create_category(&admin, "Akademik").await.unwrap();
    let math = m
        .create_subject(&admin, "Matematika", Some(cat.id))
        .await
        .unwrap();
    let (tutor, profile, teaches) = tutor(&m, "rina@example.id", math.id).await;
    let s = m
        .register_user(NewUser {
            role: Role::Student,
            full_name: "Budi Santoso".into(),
            email: Some("budi@example.id".into()),
            phone: Some("0812-3456-7890".into()),
            password: None,
        })
        .await
        .unwrap();
    World {
        m,
        clock,
        admin,
        tutor,
        student: Actor::student(s.id),
        profile,
        teaches,
    }
}

/// An active tutor teaching `subject` (SMA) at 150,000/hour, Monday–Friday 16:00–20:00
/// Jakarta time, lessons starting every 30 minutes.
pub async fn tutor(
    m: &Marketplace,
    email: &str,
    subject: SubjectId,
) -> (Actor, TutorProfile, TutorSubject) {
    let u = m
        .register_user(NewUser {
            role: Role::Tutor,
            full_name: "Rina Wijaya".into(),
            email: Some(email.into()),
            phone: None,
            password: None,
        })
        .await
        .unwrap();
    let tutor = Actor::tutor(u.id);
    m.create_tutor_profile(
        &tutor,
        NewTutorProfile {
            headline: Some("Guru Matematika".into()),
            teaching_modes: vec![TeachingMode::Online, TeachingMode::Offline],
            hourly_rate: Decimal::from(150_000),
            ..NewTutorProfile::default()
        },
    )
    .await
    .unwrap();
    let teaches = m
        .add_tutor_subject(
            &tutor,
            NewTutorSubject {
                subject_id: subject,
                level: Level::Sma,
                price_override: None,
                description: None,
            },
        )
        .await
        .unwrap();
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    m.set_weekly_availability(
        &tutor,
        (1..=5)
            .map(|d| AvailabilityRule {
                day_of_week: d,
                start_time: t(16),
                end_time: t(20),
                slot_duration_minutes: 30,
            })
            .collect(),
    )
    .await
    .unwrap();
    let profile = m.publish_tutor_profile(&tutor).await.unwrap();
    (tutor, profile, teaches)
}

pub fn online(teaches: TutorSubjectId, start: DateTime<Utc>) -> NewBooking {
    NewBooking {
        tutor_subject_id: teaches,
        start_at: start,
        duration_minutes: 60,
        mode: LessonMode::Online,
        location_type: None,
        location_address: None,
        lat: None,
        lng: None,
        meeting_link: Some("https://meet.example/rina".into()),
        notes: None,
    }
}

/// A confirmed, paid online lesson of the world's student at `start`.
pub async fn paid_booking(w: &World, start: DateTime<Utc>) -> Booking {
    let b =
        w.m.create_booking(&w.student, online(w.teaches.id, start))
            .await
            .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    w.m.apply_payment_update(PaymentUpdate {
        provider: PaymentProvider::Midtrans,
        order_id: c.payment.id.to_string(),
        external_id: Some(format!("mid-{}", b.id)),
        status: PaymentStatus::Paid,
        amount: c.payment.amount,
        currency: c.payment.currency,
        payment_method: Some("qris".into()),
        dedup_key: format!("midtrans:{}:paid", b.id),
        raw_payload: serde_json::json!({ "order_id": c.payment.id.to_string() }),
    })
    .await
    .unwrap();
    w.m.get_booking(&w.student, b.id).await.unwrap()
}
