//! Quickstart: the whole story of one lesson on the embedded SQLite database (nothing to
//! install, nothing to configure): a tutor sets up, a student finds a slot and books it, the
//! payment arrives, the lesson happens, the escrow is released, and the ledger is audited.
//!
//! Run with `cargo run --example quickstart` (or `make quickstart`).

use blajarplus::clock::FixedClock;
use blajarplus::marketplace::*;
use blajarplus::store::{LedgerRepo, NotificationRepo, Store, StoreOptions};
use blajarplus::types::*;
use blajarplus::{Actor, Marketplace};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use rust_decimal::Decimal;
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), blajarplus::Error> {
    // With nothing configured, the embedded SQLite default is used (set
    // BLAJARPLUS_DATABASE_URL=postgres://… to run the same story on PostgreSQL).
    let store = Store::open_with(StoreOptions::from_env()).await?;
    // The story runs on its own clock so that "after the lesson" comes without waiting.
    let now: DateTime<Utc> = Utc::now();
    let clock = Arc::new(FixedClock::new(now));
    // The Midtrans server key verifies notifications (a sandbox key here).
    let server_key = "SB-Mid-server-quickstart";
    let m = Marketplace::new(store)
        .with_clock(clock.clone())
        .with_payment_keys(PaymentKeys {
            midtrans_server_key: Some(server_key.into()),
            xendit_callback_token: None,
        });
    println!(
        "Blajarplus {} on {}",
        blajarplus::VERSION,
        m.store().backend().as_str()
    );
    let jakarta = chrono_tz::Asia::Jakarta;

    // An admin sets up the catalogue.
    let admin = Actor::admin(
        m.bootstrap_admin("Admin Blajarplus", "admin@blajarplus.id")
            .await?
            .id,
    );
    let akademik = m.create_category(&admin, "Akademik").await?;
    let math = m
        .create_subject(&admin, "Matematika", Some(akademik.id))
        .await?;

    // A tutor: profile, subject, weekly hours (Mon–Fri 16:00–20:00 Jakarta), published.
    let rina = m
        .register_user(NewUser {
            role: Role::Tutor,
            full_name: "Rina Wijaya".into(),
            email: Some("Rina.Wijaya@Example.id".into()),
            phone: Some("0812-3456-7890".into()),
            password: None,
        })
        .await?;
    let tutor = Actor::tutor(rina.id);
    m.create_tutor_profile(
        &tutor,
        NewTutorProfile {
            headline: Some("Guru Matematika SMA & persiapan UTBK".into()),
            bio: Some("Lulusan Matematika ITB, 6 tahun mengajar kalkulus dan aljabar.".into()),
            teaching_modes: vec![TeachingMode::Online, TeachingMode::Offline],
            base_city: Some("Jakarta".into()),
            hourly_rate: Decimal::from(150_000),
            ..NewTutorProfile::default()
        },
    )
    .await?;
    let teaches = m
        .add_tutor_subject(
            &tutor,
            NewTutorSubject {
                subject_id: math.id,
                level: Level::Sma,
                price_override: Some(Decimal::from(175_000)),
                description: Some("Kalkulus, aljabar, persiapan UTBK".into()),
            },
        )
        .await?;
    let hours = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    m.set_weekly_availability(
        &tutor,
        (1..=5)
            .map(|day| AvailabilityRule {
                day_of_week: day,
                start_time: hours(16),
                end_time: hours(20),
                slot_duration_minutes: 60,
            })
            .collect(),
    )
    .await?;
    let profile = m.publish_tutor_profile(&tutor).await?;
    println!(
        "\nTutor    {} <{}> {} · {} {}/hour · Mon–Fri 16:00–20:00 {}",
        rina.full_name,
        rina.email.as_deref().unwrap_or("-"),
        rina.phone.as_deref().unwrap_or("-"),
        profile.currency,
        profile.hourly_rate,
        profile.timezone
    );
    println!(
        "Teaches  {} (SMA) at IDR {}/hour",
        math.name,
        teaches.price_override.unwrap()
    );

    // A student looks at next week's slots and books the first one.
    let budi = m
        .register_user(NewUser {
            role: Role::Student,
            full_name: "Budi Santoso".into(),
            email: Some("budi.santoso@example.id".into()),
            phone: None,
            password: None,
        })
        .await?;
    let student = Actor::student(budi.id);
    let slots = m
        .available_slots(profile.id, now, now + Duration::days(7), 60)
        .await?;
    println!(
        "\nSlots    {} free hours this week; first ones:",
        slots.len()
    );
    for s in slots.iter().take(3) {
        println!(
            "         {} Jakarta ({} UTC)",
            s.start.with_timezone(&jakarta).format("%a %d %b %H:%M"),
            s.start.format("%H:%M")
        );
    }
    let slot = slots[0];
    let draft = m
        .create_booking(
            &student,
            NewBooking {
                tutor_subject_id: teaches.id,
                start_at: slot.start,
                duration_minutes: 60,
                mode: LessonMode::Online,
                location_type: None,
                location_address: None,
                lat: None,
                lng: None,
                meeting_link: Some("https://meet.example/rina-budi".into()),
                notes: Some("Bab limit dan turunan".into()),
            },
        )
        .await?;
    println!(
        "\nBooking  {} · {} · price {} · platform fee {} · student pays {} {}",
        draft.id, draft.status, draft.price, draft.platform_fee, draft.currency, draft.total_amount
    );
    let checkout = m
        .checkout(&student, draft.id, PaymentProvider::Midtrans)
        .await?;
    println!(
        "Checkout {} · payment {} of {} {} due by {}",
        checkout.booking.status,
        checkout.payment.id,
        checkout.payment.currency,
        checkout.payment.amount,
        checkout.payment.expires_at.unwrap().format("%H:%M UTC")
    );

    // Midtrans notifies us (the body is built and signed here as Midtrans would): a forged
    // copy is refused, the real one is applied, and a second delivery changes nothing.
    let order_id = checkout.payment.id.to_string();
    let gross_amount = format!("{}.00", checkout.payment.amount.trunc());
    let notification = |signature: String| {
        serde_json::json!({
            "transaction_status": "settlement",
            "status_code": "200",
            "order_id": order_id,
            "gross_amount": gross_amount,
            "currency": "IDR",
            "payment_type": "bank_transfer",
            "transaction_id": "9aed5972-5b6a-401e-894b-a32c91ed1a3a",
            "fraud_status": "accept",
            "signature_key": signature,
        })
        .to_string()
    };
    let signed = blajarplus::payments::sign_midtrans(&order_id, "200", &gross_amount, server_key);
    let forged = notification("0".repeat(128));
    let refused = m
        .handle_midtrans_notification(forged.as_bytes())
        .await
        .unwrap_err();
    println!("Midtrans forged notification → {refused}");
    let body = notification(signed);
    let first = m.handle_midtrans_notification(body.as_bytes()).await?;
    let again = m.handle_midtrans_notification(body.as_bytes()).await?;
    let booking = m.get_booking(&student, draft.id).await?;
    println!(
        "Midtrans signed notification → {first:?}, again → {again:?}; booking {}",
        booking.status
    );

    // The lesson happens; the student confirms it; escrow is released.
    clock.set(booking.end_at + Duration::minutes(5));
    let done = m.confirm_lesson(&student, booking.id).await?;
    println!(
        "Lesson   {} at {}",
        done.status,
        done.updated_at.format("%Y-%m-%d %H:%M UTC")
    );

    // The ledger.
    let mut tx = m.store().begin().await?;
    println!("\nLedger (escrow per booking; system accounts derived from entries):");
    for e in tx.list_booking_ledger_entries(booking.id).await? {
        let account = match e.wallet_id {
            w if w == GATEWAY_WALLET => "gateway".to_string(),
            w if w == ESCROW_WALLET => "escrow".to_string(),
            w if w == PLATFORM_WALLET => "platform".to_string(),
            w => format!("wallet {w}"),
        };
        println!(
            "         {:<18} {:>12}  {}",
            e.entry_type.map(|t| t.as_str()).unwrap_or("-"),
            e.amount,
            account
        );
    }
    let notes = tx.list_notifications(budi.id, None, 10).await?;
    drop(tx);
    let wallet = m.my_wallet(&tutor).await?;
    println!(
        "Tutor wallet balance: {} {}",
        wallet.currency, wallet.balance
    );
    println!(
        "Student notifications: {}",
        notes
            .iter()
            .map(|n| n.kind.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let report = m.verify_ledger().await?;
    println!(
        "verify_ledger: {} movements, {} entries, held {} (escrow {}, platform {}, wallets {}) → {}",
        report.movements,
        report.entries,
        report.held,
        report.escrow,
        report.platform,
        report.wallets,
        if report.violations.is_empty() {
            "OK".to_string()
        } else {
            format!("{:?}", report.violations)
        }
    );
    assert!(report.violations.is_empty());

    // After the lesson: a review, a chat, and the tutor found by search.
    let review = m
        .write_review(
            &student,
            booking.id,
            NewReview {
                rating: 5,
                comment: Some("Penjelasannya jelas, sabar sekali.".into()),
            },
        )
        .await?;
    let rated = m.get_tutor_profile(&student, profile.id).await?;
    println!(
        "\nReview   {}★ \"{}\" → tutor rating {} ({} review)",
        review.rating,
        review.comment.as_deref().unwrap_or(""),
        rated.rating_avg,
        rated.rating_count
    );
    let chat = m.open_conversation(&student, budi.id, profile.id).await?;
    m.send_message(
        &student,
        chat.id,
        NewMessage::text("Terima kasih, Bu! Minggu depan lagi?"),
    )
    .await?;
    m.send_message(
        &tutor,
        chat.id,
        NewMessage::text("Sama-sama, Budi. Boleh, Senin jam 16."),
    )
    .await?;
    let inbox = m.my_conversations(&student).await?;
    println!(
        "Chat     {} message(s) unread for the student",
        inbox.unread_total
    );
    let found = m
        .search_tutors(TutorSearch {
            text: Some("matematika".into()),
            subject: Some(math.slug.clone()),
            sort: SearchSort::Rating,
            ..TutorSearch::default()
        })
        .await?;
    for t in &found.items {
        println!(
            "Search   {} — {} — {}★ from {} {}",
            t.full_name,
            t.headline.as_deref().unwrap_or(""),
            t.rating_avg,
            t.currency,
            t.min_price
        );
    }
    assert_eq!(found.total, 1);
    Ok(())
}
