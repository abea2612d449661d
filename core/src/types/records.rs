//! One record per table of the ERD, field for field (plus the `deleted_at` columns the
//! foundation adds). Records are plain data: the store reads and writes them whole.

use super::codec::{Num, OptNum, TextList};
use super::enums::*;
use super::ids::*;
use super::money::Currency;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// `users`: every account, whatever its role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct User {
    pub id: UserId,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// An argon2id PHC string; never the password itself.
    pub password_hash: Option<String>,
    pub full_name: String,
    pub avatar_url: Option<String>,
    pub gender: Option<String>,
    pub birthdate: Option<NaiveDate>,
    pub role: Role,
    pub status: UserStatus,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `user_addresses`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct UserAddress {
    pub id: AddressId,
    pub user_id: UserId,
    pub label: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    pub address_detail: Option<String>,
    /// `DECIMAL(10,8)`.
    #[sqlx(try_from = "OptNum")]
    pub lat: Option<Decimal>,
    /// `DECIMAL(11,8)`.
    #[sqlx(try_from = "OptNum")]
    pub lng: Option<Decimal>,
    pub is_primary: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `tutor_profiles`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TutorProfile {
    pub id: TutorProfileId,
    pub user_id: UserId,
    pub headline: Option<String>,
    pub bio: Option<String>,
    pub education: Option<String>,
    pub experience_years: Option<i32>,
    #[sqlx(try_from = "TextList<TeachingMode>")]
    pub teaching_modes: Vec<TeachingMode>,
    pub base_city: Option<String>,
    /// IANA zone name, e.g. `Asia/Jakarta`.
    pub timezone: String,
    pub intro_video_url: Option<String>,
    #[sqlx(try_from = "Num")]
    pub hourly_rate: Decimal,
    pub currency: Currency,
    pub is_verified: bool,
    pub verification_status: VerificationStatus,
    pub verification_note: Option<String>,
    /// `NUMERIC(2,1)`, maintained from published reviews.
    #[sqlx(try_from = "Num")]
    pub rating_avg: Decimal,
    pub rating_count: i32,
    pub completed_lessons_count: i32,
    pub response_rate: i32,
    pub status: TutorStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `subject_categories`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct SubjectCategory {
    pub id: CategoryId,
    pub name: String,
    pub slug: String,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `subjects`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Subject {
    pub id: SubjectId,
    pub name: String,
    pub slug: String,
    pub category_id: Option<CategoryId>,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `tutor_subjects`: what a tutor teaches, at which level, at which price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TutorSubject {
    pub id: TutorSubjectId,
    pub tutor_profile_id: TutorProfileId,
    pub subject_id: SubjectId,
    pub level: Option<Level>,
    /// When set, replaces the tutor's hourly rate for this subject.
    #[sqlx(try_from = "OptNum")]
    pub price_override: Option<Decimal>,
    pub currency: Currency,
    pub description: Option<String>,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `tutor_documents`: verification evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TutorDocument {
    pub id: DocumentId,
    pub tutor_profile_id: TutorProfileId,
    pub doc_type: Option<DocType>,
    pub file_url: String,
    pub status: DocumentStatus,
    pub reviewed_by: Option<UserId>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `tutor_availabilities`: a weekly rule in the tutor's local wall-clock time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TutorAvailability {
    pub id: AvailabilityId,
    pub tutor_profile_id: TutorProfileId,
    /// 0 = Sunday … 6 = Saturday.
    pub day_of_week: i32,
    pub start_time: NaiveTime,
    pub end_time: NaiveTime,
    pub slot_duration_minutes: i32,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `tutor_time_offs`: an absolute interval the tutor is away.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TutorTimeOff {
    pub id: TimeOffId,
    pub tutor_profile_id: TutorProfileId,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// `bookings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Booking {
    pub id: BookingId,
    pub student_id: UserId,
    pub tutor_profile_id: TutorProfileId,
    pub tutor_subject_id: Option<TutorSubjectId>,
    pub mode: Option<LessonMode>,
    pub start_at: DateTime<Utc>,
    pub end_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub location_type: Option<LocationType>,
    pub location_address: Option<String>,
    #[sqlx(try_from = "OptNum")]
    pub lat: Option<Decimal>,
    #[sqlx(try_from = "OptNum")]
    pub lng: Option<Decimal>,
    pub meeting_link: Option<String>,
    pub status: BookingStatus,
    pub cancelled_by: Option<CancelledBy>,
    pub cancel_reason: Option<String>,
    #[sqlx(try_from = "Num")]
    pub price: Decimal,
    #[sqlx(try_from = "Num")]
    pub platform_fee: Decimal,
    #[sqlx(try_from = "Num")]
    pub total_amount: Decimal,
    pub currency: Currency,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `booking_status_logs`: one row per status change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct BookingStatusLog {
    pub id: StatusLogId,
    pub booking_id: BookingId,
    pub from_status: Option<BookingStatus>,
    pub to_status: BookingStatus,
    pub changed_by_user_id: Option<UserId>,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// `payment_transactions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct PaymentTransaction {
    pub id: PaymentId,
    pub booking_id: BookingId,
    pub provider: Option<PaymentProvider>,
    pub payment_method: Option<String>,
    pub external_payment_id: Option<String>,
    pub status: PaymentStatus,
    #[sqlx(try_from = "Num")]
    pub amount: Decimal,
    pub currency: Currency,
    pub paid_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    /// The provider's notification as received (for accepted ones).
    #[sqlx(json(nullable))]
    pub raw_payload: Option<Json>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `wallets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Wallet {
    pub id: WalletId,
    pub user_id: UserId,
    /// Never negative (database CHECK).
    #[sqlx(try_from = "Num")]
    pub balance: Decimal,
    pub currency: Currency,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `wallet_ledger_entries`: immutable; corrections are new entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct LedgerEntry {
    pub id: LedgerEntryId,
    pub wallet_id: WalletId,
    #[sqlx(rename = "type")]
    pub entry_type: Option<LedgerEntryType>,
    #[sqlx(try_from = "Num")]
    pub amount: Decimal,
    pub booking_id: Option<BookingId>,
    pub reference_id: Option<String>,
    #[sqlx(json(nullable))]
    pub meta: Option<Json>,
    pub created_at: DateTime<Utc>,
}

/// `conversations`: one per student–tutor pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Conversation {
    pub id: ConversationId,
    pub student_id: UserId,
    pub tutor_profile_id: TutorProfileId,
    pub last_message_at: Option<DateTime<Utc>>,
    pub is_blocked: bool,
    pub blocked_by_user_id: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `messages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Message {
    pub id: MessageId,
    pub conversation_id: ConversationId,
    pub sender_user_id: UserId,
    pub message_type: MessageType,
    pub content: Option<String>,
    pub file_url: Option<String>,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// `reviews`: at most one per booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Review {
    pub id: ReviewId,
    pub booking_id: BookingId,
    pub tutor_profile_id: TutorProfileId,
    pub author_user_id: UserId,
    pub rating: i32,
    pub comment: Option<String>,
    pub status: ReviewStatus,
    pub moderated_by: Option<UserId>,
    pub moderated_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `progress_logs`: the tutor's notes on a lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ProgressLog {
    pub id: ProgressLogId,
    pub booking_id: BookingId,
    pub tutor_profile_id: TutorProfileId,
    pub student_id: UserId,
    pub summary: Option<String>,
    pub homework: Option<String>,
    pub next_plan: Option<String>,
    pub attachment_url: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `favorites`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Favorite {
    pub id: FavoriteId,
    pub student_id: UserId,
    pub tutor_profile_id: TutorProfileId,
    pub created_at: DateTime<Utc>,
}

/// `lesson_packages`: a bundle of sessions a tutor sells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct LessonPackage {
    pub id: PackageId,
    pub tutor_profile_id: TutorProfileId,
    pub tutor_subject_id: Option<TutorSubjectId>,
    pub name: String,
    pub session_count: i32,
    #[sqlx(try_from = "Num")]
    pub total_price: Decimal,
    pub currency: Currency,
    pub valid_days: i32,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `package_purchases`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct PackagePurchase {
    pub id: PurchaseId,
    pub student_id: UserId,
    pub lesson_package_id: PackageId,
    pub status: PurchaseStatus,
    pub sessions_remaining: i32,
    pub start_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `reports`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Report {
    pub id: ReportId,
    pub reporter_user_id: UserId,
    pub target_type: Option<ReportTargetType>,
    pub target_id: TargetId,
    pub reason: Option<ReportReason>,
    pub description: Option<String>,
    pub status: ReportStatus,
    pub handled_by: Option<UserId>,
    pub handled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `notifications`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Notification {
    pub id: NotificationId,
    pub user_id: UserId,
    #[sqlx(rename = "type")]
    pub kind: NotificationType,
    pub title: String,
    pub message: String,
    pub link: Option<String>,
    pub is_read: bool,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}
