//! One booking's money lifecycle on embedded SQLite (in memory): create a draft, check out,
//! confirm the (manual) payment into escrow, cancel by the tutor with a full refund. The
//! cancellation frees the slot, so every iteration books the same one.
//!
//! `cargo bench -p blajarplus --bench lifecycle`

use blajarplus::clock::FixedClock;
use blajarplus::marketplace::*;
use blajarplus::types::*;
use blajarplus::{Actor, Marketplace};
use chrono::{DateTime, NaiveTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::sync::Arc;

struct World {
    m: Marketplace,
    admin: Actor,
    tutor: Actor,
    student: Actor,
    teaches: TutorSubjectId,
}

async fn world() -> World {
    let now: DateTime<Utc> = "2026-11-25T01:00:00Z".parse().unwrap();
    let m = Marketplace::open("sqlite::memory:")
        .await
        .unwrap()
        .with_clock(Arc::new(FixedClock::new(now)));
    let admin = Actor::admin(
        m.bootstrap_admin("Admin", "admin@example.id")
            .await
            .unwrap()
            .id,
    );
    let math = m.create_subject(&admin, "Matematika", None).await.unwrap();
    let reg = |role, email: &str| NewUser {
        role,
        full_name: "User".into(),
        email: Some(email.into()),
        phone: None,
        password: None,
    };
    let tutor = Actor::tutor(
        m.register_user(reg(Role::Tutor, "t@example.id"))
            .await
            .unwrap()
            .id,
    );
    let student = Actor::student(
        m.register_user(reg(Role::Student, "s@example.id"))
            .await
            .unwrap()
            .id,
    );
    m.create_tutor_profile(
        &tutor,
        NewTutorProfile {
            teaching_modes: vec![TeachingMode::Online],
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
                subject_id: math.id,
                level: Level::Sma,
                price_override: None,
                description: None,
            },
        )
        .await
        .unwrap()
        .id;
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    m.set_weekly_availability(
        &tutor,
        vec![AvailabilityRule {
            day_of_week: 1,
            start_time: t(16),
            end_time: t(20),
            slot_duration_minutes: 60,
        }],
    )
    .await
    .unwrap();
    m.publish_tutor_profile(&tutor).await.unwrap();
    World {
        m,
        admin,
        tutor,
        student,
        teaches,
    }
}

async fn one_lifecycle(w: &World) {
    let start: DateTime<Utc> = "2026-11-30T09:00:00Z".parse().unwrap();
    let b =
        w.m.create_booking(
            &w.student,
            NewBooking {
                tutor_subject_id: w.teaches,
                start_at: start,
                duration_minutes: 60,
                mode: LessonMode::Online,
                location_type: None,
                location_address: None,
                lat: None,
                lng: None,
                meeting_link: None,
                notes: None,
            },
        )
        .await
        .unwrap();
    let c =
        w.m.checkout(&w.student, b.id, PaymentProvider::Manual)
            .await
            .unwrap();
    w.m.confirm_manual_payment(&w.admin, c.payment.id)
        .await
        .unwrap();
    w.m.cancel_booking(&w.tutor, b.id, None).await.unwrap();
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let w = rt.block_on(world());
    c.bench_function("lifecycle/book+checkout+pay+cancel (sqlite memory)", |b| {
        b.iter(|| rt.block_on(one_lifecycle(&w)))
    });
    let report = rt.block_on(w.m.verify_ledger()).unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}

criterion_group!(benches, bench);
criterion_main!(benches);
