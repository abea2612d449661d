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

// ---------------------------------------------------------------------------------------------
// Appended for the per-area conformance files (`conformance_*.rs`).
// ---------------------------------------------------------------------------------------------

/// `t` plus `us` microseconds (both databases keep microseconds).
pub fn micro(t: DateTime<Utc>, us: i64) -> DateTime<Utc> {
    t + chrono::Duration::microseconds(us)
}

/// Runs one expected-failing call in a transaction of its own and returns its error. Checks
/// that the failure poisoned the transaction (a later call and the commit fail with
/// `database`), so nothing of it can be committed; the transaction is then dropped.
#[macro_export]
macro_rules! fails_alone {
    ($store:expr, |$tx:ident| $call:expr) => {{
        let mut $tx = $store.begin().await.unwrap();
        let err = $call.await.expect_err("expected an error");
        let next =
            blajarplus::store::UserRepo::get_user(&mut $tx, blajarplus::types::UserId::new())
                .await
                .expect_err("a failed call poisons its transaction");
        assert_eq!(next.code(), "database", "{next}");
        assert_eq!($tx.commit().await.unwrap_err().code(), "database");
        err
    }};
}

/// A committed user of `role`.
pub async fn seed_user(store: &Store, role: Role) -> User {
    let u = user(role);
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&u).await.unwrap();
    tx.commit().await.unwrap();
    u
}

/// A committed tutor user with an active profile.
pub async fn seed_profile(store: &Store) -> (User, TutorProfile) {
    let u = user(Role::Tutor);
    let p = tutor_profile(u.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&u).await.unwrap();
    tx.insert_tutor_profile(&p).await.unwrap();
    tx.commit().await.unwrap();
    (u, p)
}

/// An address with every column set (unicode text, exact coordinates, microsecond times).
pub fn address(user: UserId) -> UserAddress {
    UserAddress {
        id: AddressId::new(),
        user_id: user,
        label: Some("Rumah 🏠".into()),
        province: Some("DKI Jakarta".into()),
        city: Some("Jakarta Selatan".into()),
        district: Some("Kebayoran Baru".into()),
        address_detail: Some("Jl. Senopati No. 1, RT 02/RW 03 — dekat masjid".into()),
        lat: Some(dec("-6.20876300")),
        lng: Some(dec("106.84559900")),
        is_primary: false,
        created_at: micro(now(), 123_456),
        updated_at: micro(now(), 654_321),
    }
}

/// A document with every column set.
pub fn document(tutor: TutorProfileId, reviewer: Option<UserId>) -> TutorDocument {
    TutorDocument {
        id: DocumentId::new(),
        tutor_profile_id: tutor,
        doc_type: Some(DocType::Diploma),
        file_url: "https://files.example/ijazah-ß.pdf".into(),
        status: DocumentStatus::Approved,
        reviewed_by: reviewer,
        reviewed_at: Some(micro(now(), 1)),
        note: Some("Terverifikasi ✓".into()),
        created_at: micro(now(), 2),
        updated_at: micro(now(), 3),
    }
}

/// A time-off of `[start, end)`.
pub fn time_off(tutor: TutorProfileId, start: DateTime<Utc>, end: DateTime<Utc>) -> TutorTimeOff {
    TutorTimeOff {
        id: TimeOffId::new(),
        tutor_profile_id: tutor,
        start_at: start,
        end_at: end,
        reason: Some("Cuti — mudik Lebaran".into()),
        created_at: micro(now(), 9),
    }
}

/// A status-log row of `booking`.
pub fn status_log(booking: BookingId, by: Option<UserId>) -> BookingStatusLog {
    BookingStatusLog {
        id: StatusLogId::new(),
        booking_id: booking,
        from_status: Some(BookingStatus::PendingPayment),
        to_status: BookingStatus::Confirmed,
        changed_by_user_id: by,
        reason: Some("Pembayaran diterima ✓".into()),
        created_at: micro(now(), 17),
    }
}

/// A paid payment of `booking` with every column set (JSON payload included).
pub fn payment(booking: BookingId) -> PaymentTransaction {
    PaymentTransaction {
        id: PaymentId::new(),
        booking_id: Some(booking),
        provider: Some(PaymentProvider::Midtrans),
        payment_method: Some("bank_transfer".into()),
        external_payment_id: Some(format!("order-{}", booking.as_uuid().simple())),
        status: PaymentStatus::Paid,
        amount: dec("172500.00"),
        currency: Currency::IDR,
        paid_at: Some(micro(now(), 500_001)),
        expires_at: Some(micro(now(), 86_400_000_000)),
        raw_payload: Some(serde_json::json!({
            "transaction_status": "settlement",
            "gross_amount": "172500.00",
            "va_numbers": [{"bank": "bca", "va_number": "12345678901"}],
            "fraud_status": null,
            "settled": true,
            "count": 3,
            "ratio": 0.25,
            "note": "Lunas — terima kasih 🙏",
        })),
        created_at: micro(now(), 4),
        updated_at: micro(now(), 5),
        deleted_at: None,
        package_purchase_id: None,
    }
}

/// A user wallet with a balance.
pub fn wallet(user: UserId) -> Wallet {
    Wallet {
        id: WalletId::new(),
        user_id: user,
        balance: dec("127500.50"),
        currency: Currency::IDR,
        created_at: micro(now(), 6),
        updated_at: micro(now(), 7),
        deleted_at: None,
    }
}

/// A ledger entry with every column set.
pub fn ledger_entry(wallet: WalletId, booking: Option<BookingId>) -> LedgerEntry {
    LedgerEntry {
        id: LedgerEntryId::new(),
        wallet_id: wallet,
        entry_type: Some(LedgerEntryType::ReleaseToTutor),
        amount: dec("-127500.50"),
        booking_id: booking,
        reference_id: Some("rel-001".into()),
        meta: Some(serde_json::json!({"reason": "selesai ✓", "parts": [1, 2.5, "x"], "n": null})),
        created_at: micro(now(), 8),
    }
}

/// A conversation between `student` and `tutor`, not blocked, without messages.
pub fn conversation(student: UserId, tutor: TutorProfileId) -> Conversation {
    Conversation {
        id: ConversationId::new(),
        student_id: student,
        tutor_profile_id: tutor,
        last_message_at: None,
        is_blocked: false,
        blocked_by_user_id: None,
        created_at: micro(now(), 10),
        updated_at: micro(now(), 11),
    }
}

/// A text message created at `at`.
pub fn message(conversation: ConversationId, sender: UserId, at: DateTime<Utc>) -> Message {
    Message {
        id: MessageId::new(),
        conversation_id: conversation,
        sender_user_id: sender,
        message_type: MessageType::Text,
        content: Some("Halo kak, besok jadi les? 😊".into()),
        file_url: None,
        read_at: None,
        created_at: at,
    }
}

/// A published review of `booking`.
pub fn review(booking: BookingId, tutor: TutorProfileId, author: UserId, rating: i32) -> Review {
    Review {
        id: ReviewId::new(),
        booking_id: booking,
        tutor_profile_id: tutor,
        author_user_id: author,
        rating,
        comment: Some("Penjelasannya jelas sekali 👍".into()),
        status: ReviewStatus::Published,
        moderated_by: None,
        moderated_reason: None,
        created_at: micro(now(), 12),
        updated_at: micro(now(), 13),
        deleted_at: None,
    }
}

/// A progress log with every column set.
pub fn progress_log(booking: BookingId, tutor: TutorProfileId, student: UserId) -> ProgressLog {
    ProgressLog {
        id: ProgressLogId::new(),
        booking_id: booking,
        tutor_profile_id: tutor,
        student_id: student,
        summary: Some("Limit fungsi ∞ dan turunan".into()),
        homework: Some("Latihan 1–10".into()),
        next_plan: Some("Integral".into()),
        attachment_url: Some("https://files.example/catatan.pdf".into()),
        created_at: micro(now(), 14),
        updated_at: micro(now(), 15),
    }
}

/// A favorite of `student` for `tutor`.
pub fn favorite(student: UserId, tutor: TutorProfileId, at: DateTime<Utc>) -> Favorite {
    Favorite {
        id: FavoriteId::new(),
        student_id: student,
        tutor_profile_id: tutor,
        created_at: at,
    }
}

/// A lesson package with every column set.
pub fn package(tutor: TutorProfileId, ts: Option<TutorSubjectId>) -> LessonPackage {
    LessonPackage {
        id: PackageId::new(),
        tutor_profile_id: tutor,
        tutor_subject_id: ts,
        name: "Paket UTBK 10× — hemat".into(),
        session_count: 10,
        total_price: dec("1350000.00"),
        currency: Currency::IDR,
        valid_days: 90,
        is_active: true,
        created_at: micro(now(), 16),
        updated_at: micro(now(), 17),
        deleted_at: None,
        session_minutes: 90,
    }
}

/// An active purchase of `package` with every column set.
pub fn purchase(student: UserId, package: PackageId) -> PackagePurchase {
    PackagePurchase {
        id: PurchaseId::new(),
        student_id: student,
        lesson_package_id: package,
        status: PurchaseStatus::Active,
        sessions_remaining: 10,
        start_at: Some(micro(now(), 18)),
        expires_at: Some(micro(now() + chrono::Duration::days(90), 18)),
        created_at: micro(now(), 19),
        updated_at: micro(now(), 20),
        deleted_at: None,
    }
}

/// An open report by `reporter` on a tutor profile.
pub fn report(reporter: UserId, target: TargetId) -> Report {
    Report {
        id: ReportId::new(),
        reporter_user_id: reporter,
        target_type: Some(ReportTargetType::TutorProfile),
        target_id: target,
        reason: Some(ReportReason::Fraud),
        description: Some("Minta transfer di luar aplikasi ⚠".into()),
        status: ReportStatus::Open,
        handled_by: None,
        handled_at: None,
        created_at: micro(now(), 21),
        updated_at: micro(now(), 22),
    }
}

/// An unread notification for `user` created at `at`.
pub fn notification(user: UserId, at: DateTime<Utc>) -> Notification {
    Notification {
        id: NotificationId::new(),
        user_id: user,
        kind: NotificationType::BookingConfirmed,
        title: "Booking dikonfirmasi ✓".into(),
        message: "Les Matematika hari Senin 16:00 WIB".into(),
        link: Some("/bookings/123".into()),
        is_read: false,
        read_at: None,
        created_at: at,
    }
}
