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
    /// `users.id`.
    pub id: UserId,
    /// `users.email`.
    pub email: Option<String>,
    /// `users.phone`.
    pub phone: Option<String>,
    /// An argon2id PHC string; never the password itself.
    pub password_hash: Option<String>,
    /// `users.full_name`.
    pub full_name: String,
    /// `users.avatar_url`.
    pub avatar_url: Option<String>,
    /// `users.gender`.
    pub gender: Option<String>,
    /// `users.birthdate`.
    pub birthdate: Option<NaiveDate>,
    /// `users.role`.
    pub role: Role,
    /// `users.status`.
    pub status: UserStatus,
    /// `users.last_login_at`.
    pub last_login_at: Option<DateTime<Utc>>,
    /// `users.created_at`.
    pub created_at: DateTime<Utc>,
    /// `users.updated_at`.
    pub updated_at: DateTime<Utc>,
    /// `users.deleted_at`.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `user_addresses`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct UserAddress {
    /// `user_addresses.id`.
    pub id: AddressId,
    /// `user_addresses.user_id`.
    pub user_id: UserId,
    /// `user_addresses.label`.
    pub label: Option<String>,
    /// `user_addresses.province`.
    pub province: Option<String>,
    /// `user_addresses.city`.
    pub city: Option<String>,
    /// `user_addresses.district`.
    pub district: Option<String>,
    /// `user_addresses.address_detail`.
    pub address_detail: Option<String>,
    /// `DECIMAL(10,8)`.
    #[sqlx(try_from = "OptNum")]
    pub lat: Option<Decimal>,
    /// `DECIMAL(11,8)`.
    #[sqlx(try_from = "OptNum")]
    pub lng: Option<Decimal>,
    /// `user_addresses.is_primary`.
    pub is_primary: bool,
    /// `user_addresses.created_at`.
    pub created_at: DateTime<Utc>,
    /// `user_addresses.updated_at`.
    pub updated_at: DateTime<Utc>,
}

/// `tutor_profiles`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TutorProfile {
    /// `tutor_profiles.id`.
    pub id: TutorProfileId,
    /// `tutor_profiles.user_id`.
    pub user_id: UserId,
    /// `tutor_profiles.headline`.
    pub headline: Option<String>,
    /// `tutor_profiles.bio`.
    pub bio: Option<String>,
    /// `tutor_profiles.education`.
    pub education: Option<String>,
    /// `tutor_profiles.experience_years`.
    pub experience_years: Option<i32>,
    /// `tutor_profiles.teaching_modes`.
    #[sqlx(try_from = "TextList<TeachingMode>")]
    pub teaching_modes: Vec<TeachingMode>,
    /// `tutor_profiles.base_city`.
    pub base_city: Option<String>,
    /// IANA zone name, e.g. `Asia/Jakarta`.
    pub timezone: String,
    /// `tutor_profiles.intro_video_url`.
    pub intro_video_url: Option<String>,
    /// `tutor_profiles.hourly_rate`.
    #[sqlx(try_from = "Num")]
    pub hourly_rate: Decimal,
    /// `tutor_profiles.currency`.
    pub currency: Currency,
    /// `tutor_profiles.is_verified`.
    pub is_verified: bool,
    /// `tutor_profiles.verification_status`.
    pub verification_status: VerificationStatus,
    /// `tutor_profiles.verification_note`.
    pub verification_note: Option<String>,
    /// `NUMERIC(2,1)`, maintained from published reviews.
    #[sqlx(try_from = "Num")]
    pub rating_avg: Decimal,
    /// `tutor_profiles.rating_count`.
    pub rating_count: i32,
    /// `tutor_profiles.completed_lessons_count`.
    pub completed_lessons_count: i32,
    /// `tutor_profiles.response_rate`.
    pub response_rate: i32,
    /// `tutor_profiles.status`.
    pub status: TutorStatus,
    /// `tutor_profiles.created_at`.
    pub created_at: DateTime<Utc>,
    /// `tutor_profiles.updated_at`.
    pub updated_at: DateTime<Utc>,
    /// `tutor_profiles.deleted_at`.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `subject_categories`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct SubjectCategory {
    /// `subject_categories.id`.
    pub id: CategoryId,
    /// `subject_categories.name`.
    pub name: String,
    /// `subject_categories.slug`.
    pub slug: String,
    /// `subject_categories.is_active`.
    pub is_active: bool,
    /// `subject_categories.created_at`.
    pub created_at: DateTime<Utc>,
    /// `subject_categories.updated_at`.
    pub updated_at: DateTime<Utc>,
}

/// `subjects`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Subject {
    /// `subjects.id`.
    pub id: SubjectId,
    /// `subjects.name`.
    pub name: String,
    /// `subjects.slug`.
    pub slug: String,
    /// `subjects.category_id`.
    pub category_id: Option<CategoryId>,
    /// `subjects.is_active`.
    pub is_active: bool,
    /// `subjects.created_at`.
    pub created_at: DateTime<Utc>,
    /// `subjects.updated_at`.
    pub updated_at: DateTime<Utc>,
}

/// `tutor_subjects`: what a tutor teaches, at which level, at which price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TutorSubject {
    /// `tutor_subjects.id`.
    pub id: TutorSubjectId,
    /// `tutor_subjects.tutor_profile_id`.
    pub tutor_profile_id: TutorProfileId,
    /// `tutor_subjects.subject_id`.
    pub subject_id: SubjectId,
    /// `tutor_subjects.level`.
    pub level: Option<Level>,
    /// When set, replaces the tutor's hourly rate for this subject.
    #[sqlx(try_from = "OptNum")]
    pub price_override: Option<Decimal>,
    /// `tutor_subjects.currency`.
    pub currency: Currency,
    /// `tutor_subjects.description`.
    pub description: Option<String>,
    /// `tutor_subjects.is_active`.
    pub is_active: bool,
    /// `tutor_subjects.created_at`.
    pub created_at: DateTime<Utc>,
    /// `tutor_subjects.updated_at`.
    pub updated_at: DateTime<Utc>,
}

/// `tutor_documents`: verification evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TutorDocument {
    /// `tutor_documents.id`.
    pub id: DocumentId,
    /// `tutor_documents.tutor_profile_id`.
    pub tutor_profile_id: TutorProfileId,
    /// `tutor_documents.doc_type`.
    pub doc_type: Option<DocType>,
    /// `tutor_documents.file_url`.
    pub file_url: String,
    /// `tutor_documents.status`.
    pub status: DocumentStatus,
    /// `tutor_documents.reviewed_by`.
    pub reviewed_by: Option<UserId>,
    /// `tutor_documents.reviewed_at`.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// `tutor_documents.note`.
    pub note: Option<String>,
    /// `tutor_documents.created_at`.
    pub created_at: DateTime<Utc>,
    /// `tutor_documents.updated_at`.
    pub updated_at: DateTime<Utc>,
}

/// `tutor_availabilities`: a weekly rule in the tutor's local wall-clock time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TutorAvailability {
    /// `tutor_availabilities.id`.
    pub id: AvailabilityId,
    /// `tutor_availabilities.tutor_profile_id`.
    pub tutor_profile_id: TutorProfileId,
    /// 0 = Sunday … 6 = Saturday.
    pub day_of_week: i32,
    /// `tutor_availabilities.start_time`.
    pub start_time: NaiveTime,
    /// `tutor_availabilities.end_time`.
    pub end_time: NaiveTime,
    /// `tutor_availabilities.slot_duration_minutes`.
    pub slot_duration_minutes: i32,
    /// `tutor_availabilities.is_active`.
    pub is_active: bool,
    /// `tutor_availabilities.created_at`.
    pub created_at: DateTime<Utc>,
    /// `tutor_availabilities.updated_at`.
    pub updated_at: DateTime<Utc>,
}

/// `tutor_time_offs`: an absolute interval the tutor is away.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TutorTimeOff {
    /// `tutor_time_offs.id`.
    pub id: TimeOffId,
    /// `tutor_time_offs.tutor_profile_id`.
    pub tutor_profile_id: TutorProfileId,
    /// `tutor_time_offs.start_at`.
    pub start_at: DateTime<Utc>,
    /// `tutor_time_offs.end_at`.
    pub end_at: DateTime<Utc>,
    /// `tutor_time_offs.reason`.
    pub reason: Option<String>,
    /// `tutor_time_offs.created_at`.
    pub created_at: DateTime<Utc>,
}

/// `bookings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Booking {
    /// `bookings.id`.
    pub id: BookingId,
    /// `bookings.student_id`.
    pub student_id: UserId,
    /// `bookings.tutor_profile_id`.
    pub tutor_profile_id: TutorProfileId,
    /// `bookings.tutor_subject_id`.
    pub tutor_subject_id: Option<TutorSubjectId>,
    /// `bookings.mode`.
    pub mode: Option<LessonMode>,
    /// `bookings.start_at`.
    pub start_at: DateTime<Utc>,
    /// `bookings.end_at`.
    pub end_at: DateTime<Utc>,
    /// `bookings.duration_minutes`.
    pub duration_minutes: i32,
    /// `bookings.location_type`.
    pub location_type: Option<LocationType>,
    /// `bookings.location_address`.
    pub location_address: Option<String>,
    /// `bookings.lat`.
    #[sqlx(try_from = "OptNum")]
    pub lat: Option<Decimal>,
    /// `bookings.lng`.
    #[sqlx(try_from = "OptNum")]
    pub lng: Option<Decimal>,
    /// `bookings.meeting_link`.
    pub meeting_link: Option<String>,
    /// `bookings.status`.
    pub status: BookingStatus,
    /// `bookings.cancelled_by`.
    pub cancelled_by: Option<CancelledBy>,
    /// `bookings.cancel_reason`.
    pub cancel_reason: Option<String>,
    /// `bookings.price`.
    #[sqlx(try_from = "Num")]
    pub price: Decimal,
    /// `bookings.platform_fee`.
    #[sqlx(try_from = "Num")]
    pub platform_fee: Decimal,
    /// `bookings.total_amount`.
    #[sqlx(try_from = "Num")]
    pub total_amount: Decimal,
    /// `bookings.currency`.
    pub currency: Currency,
    /// `bookings.notes`.
    pub notes: Option<String>,
    /// `bookings.created_at`.
    pub created_at: DateTime<Utc>,
    /// `bookings.updated_at`.
    pub updated_at: DateTime<Utc>,
    /// `bookings.deleted_at`.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `booking_status_logs`: one row per status change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct BookingStatusLog {
    /// `booking_status_logs.id`.
    pub id: StatusLogId,
    /// `booking_status_logs.booking_id`.
    pub booking_id: BookingId,
    /// `booking_status_logs.from_status`.
    pub from_status: Option<BookingStatus>,
    /// `booking_status_logs.to_status`.
    pub to_status: BookingStatus,
    /// `booking_status_logs.changed_by_user_id`.
    pub changed_by_user_id: Option<UserId>,
    /// `booking_status_logs.reason`.
    pub reason: Option<String>,
    /// `booking_status_logs.created_at`.
    pub created_at: DateTime<Utc>,
}

/// `payment_transactions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct PaymentTransaction {
    /// `payment_transactions.id`.
    pub id: PaymentId,
    /// `payment_transactions.booking_id`.
    pub booking_id: Option<BookingId>,
    /// `payment_transactions.provider`.
    pub provider: Option<PaymentProvider>,
    /// `payment_transactions.payment_method`.
    pub payment_method: Option<String>,
    /// `payment_transactions.external_payment_id`.
    pub external_payment_id: Option<String>,
    /// `payment_transactions.status`.
    pub status: PaymentStatus,
    /// `payment_transactions.amount`.
    #[sqlx(try_from = "Num")]
    pub amount: Decimal,
    /// `payment_transactions.currency`.
    pub currency: Currency,
    /// `payment_transactions.paid_at`.
    pub paid_at: Option<DateTime<Utc>>,
    /// `payment_transactions.expires_at`.
    pub expires_at: Option<DateTime<Utc>>,
    /// The provider's notification as received (for accepted ones).
    #[sqlx(json(nullable))]
    pub raw_payload: Option<Json>,
    /// `payment_transactions.created_at`.
    pub created_at: DateTime<Utc>,
    /// `payment_transactions.updated_at`.
    pub updated_at: DateTime<Utc>,
    /// `payment_transactions.deleted_at`.
    pub deleted_at: Option<DateTime<Utc>>,
    /// `payment_transactions.package_purchase_id` (added by migration 0003): set instead of
    /// `booking_id` when the payment is for a lesson package.
    pub package_purchase_id: Option<PurchaseId>,
}

/// `wallets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Wallet {
    /// `wallets.id`.
    pub id: WalletId,
    /// `wallets.user_id`.
    pub user_id: UserId,
    /// Never negative (database CHECK).
    #[sqlx(try_from = "Num")]
    pub balance: Decimal,
    /// `wallets.currency`.
    pub currency: Currency,
    /// `wallets.created_at`.
    pub created_at: DateTime<Utc>,
    /// `wallets.updated_at`.
    pub updated_at: DateTime<Utc>,
    /// `wallets.deleted_at`.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `wallet_ledger_entries`: immutable; corrections are new entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct LedgerEntry {
    /// `wallet_ledger_entries.id`.
    pub id: LedgerEntryId,
    /// `wallet_ledger_entries.wallet_id`.
    pub wallet_id: WalletId,
    /// `wallet_ledger_entries.type`.
    #[sqlx(rename = "type")]
    pub entry_type: Option<LedgerEntryType>,
    /// `wallet_ledger_entries.amount`.
    #[sqlx(try_from = "Num")]
    pub amount: Decimal,
    /// `wallet_ledger_entries.booking_id`.
    pub booking_id: Option<BookingId>,
    /// `wallet_ledger_entries.reference_id`.
    pub reference_id: Option<String>,
    /// `wallet_ledger_entries.meta`.
    #[sqlx(json(nullable))]
    pub meta: Option<Json>,
    /// `wallet_ledger_entries.created_at`.
    pub created_at: DateTime<Utc>,
}

/// `conversations`: one per student–tutor pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Conversation {
    /// `conversations.id`.
    pub id: ConversationId,
    /// `conversations.student_id`.
    pub student_id: UserId,
    /// `conversations.tutor_profile_id`.
    pub tutor_profile_id: TutorProfileId,
    /// `conversations.last_message_at`.
    pub last_message_at: Option<DateTime<Utc>>,
    /// `conversations.is_blocked`.
    pub is_blocked: bool,
    /// `conversations.blocked_by_user_id`.
    pub blocked_by_user_id: Option<UserId>,
    /// `conversations.created_at`.
    pub created_at: DateTime<Utc>,
    /// `conversations.updated_at`.
    pub updated_at: DateTime<Utc>,
}

/// `messages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Message {
    /// `messages.id`.
    pub id: MessageId,
    /// `messages.conversation_id`.
    pub conversation_id: ConversationId,
    /// `messages.sender_user_id`.
    pub sender_user_id: UserId,
    /// `messages.message_type`.
    pub message_type: MessageType,
    /// `messages.content`.
    pub content: Option<String>,
    /// `messages.file_url`.
    pub file_url: Option<String>,
    /// `messages.read_at`.
    pub read_at: Option<DateTime<Utc>>,
    /// `messages.created_at`.
    pub created_at: DateTime<Utc>,
}

/// `reviews`: at most one per booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Review {
    /// `reviews.id`.
    pub id: ReviewId,
    /// `reviews.booking_id`.
    pub booking_id: BookingId,
    /// `reviews.tutor_profile_id`.
    pub tutor_profile_id: TutorProfileId,
    /// `reviews.author_user_id`.
    pub author_user_id: UserId,
    /// `reviews.rating`.
    pub rating: i32,
    /// `reviews.comment`.
    pub comment: Option<String>,
    /// `reviews.status`.
    pub status: ReviewStatus,
    /// `reviews.moderated_by`.
    pub moderated_by: Option<UserId>,
    /// `reviews.moderated_reason`.
    pub moderated_reason: Option<String>,
    /// `reviews.created_at`.
    pub created_at: DateTime<Utc>,
    /// `reviews.updated_at`.
    pub updated_at: DateTime<Utc>,
    /// `reviews.deleted_at`.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `progress_logs`: the tutor's notes on a lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct ProgressLog {
    /// `progress_logs.id`.
    pub id: ProgressLogId,
    /// `progress_logs.booking_id`.
    pub booking_id: BookingId,
    /// `progress_logs.tutor_profile_id`.
    pub tutor_profile_id: TutorProfileId,
    /// `progress_logs.student_id`.
    pub student_id: UserId,
    /// `progress_logs.summary`.
    pub summary: Option<String>,
    /// `progress_logs.homework`.
    pub homework: Option<String>,
    /// `progress_logs.next_plan`.
    pub next_plan: Option<String>,
    /// `progress_logs.attachment_url`.
    pub attachment_url: Option<String>,
    /// `progress_logs.created_at`.
    pub created_at: DateTime<Utc>,
    /// `progress_logs.updated_at`.
    pub updated_at: DateTime<Utc>,
}

/// `favorites`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Favorite {
    /// `favorites.id`.
    pub id: FavoriteId,
    /// `favorites.student_id`.
    pub student_id: UserId,
    /// `favorites.tutor_profile_id`.
    pub tutor_profile_id: TutorProfileId,
    /// `favorites.created_at`.
    pub created_at: DateTime<Utc>,
}

/// `lesson_packages`: a bundle of sessions a tutor sells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct LessonPackage {
    /// `lesson_packages.id`.
    pub id: PackageId,
    /// `lesson_packages.tutor_profile_id`.
    pub tutor_profile_id: TutorProfileId,
    /// `lesson_packages.tutor_subject_id`.
    pub tutor_subject_id: Option<TutorSubjectId>,
    /// `lesson_packages.name`.
    pub name: String,
    /// `lesson_packages.session_count`.
    pub session_count: i32,
    /// `lesson_packages.total_price`.
    #[sqlx(try_from = "Num")]
    pub total_price: Decimal,
    /// `lesson_packages.currency`.
    pub currency: Currency,
    /// `lesson_packages.valid_days`.
    pub valid_days: i32,
    /// `lesson_packages.is_active`.
    pub is_active: bool,
    /// `lesson_packages.created_at`.
    pub created_at: DateTime<Utc>,
    /// `lesson_packages.updated_at`.
    pub updated_at: DateTime<Utc>,
    /// `lesson_packages.deleted_at`.
    pub deleted_at: Option<DateTime<Utc>>,
    /// `lesson_packages.session_minutes` (added by migration 0003): the length of each session.
    pub session_minutes: i32,
}

/// `package_purchases`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct PackagePurchase {
    /// `package_purchases.id`.
    pub id: PurchaseId,
    /// `package_purchases.student_id`.
    pub student_id: UserId,
    /// `package_purchases.lesson_package_id`.
    pub lesson_package_id: PackageId,
    /// `package_purchases.status`.
    pub status: PurchaseStatus,
    /// `package_purchases.sessions_remaining`.
    pub sessions_remaining: i32,
    /// `package_purchases.start_at`.
    pub start_at: Option<DateTime<Utc>>,
    /// `package_purchases.expires_at`.
    pub expires_at: Option<DateTime<Utc>>,
    /// `package_purchases.created_at`.
    pub created_at: DateTime<Utc>,
    /// `package_purchases.updated_at`.
    pub updated_at: DateTime<Utc>,
    /// `package_purchases.deleted_at`.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `reports`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Report {
    /// `reports.id`.
    pub id: ReportId,
    /// `reports.reporter_user_id`.
    pub reporter_user_id: UserId,
    /// `reports.target_type`.
    pub target_type: Option<ReportTargetType>,
    /// `reports.target_id`.
    pub target_id: TargetId,
    /// `reports.reason`.
    pub reason: Option<ReportReason>,
    /// `reports.description`.
    pub description: Option<String>,
    /// `reports.status`.
    pub status: ReportStatus,
    /// `reports.handled_by`.
    pub handled_by: Option<UserId>,
    /// `reports.handled_at`.
    pub handled_at: Option<DateTime<Utc>>,
    /// `reports.created_at`.
    pub created_at: DateTime<Utc>,
    /// `reports.updated_at`.
    pub updated_at: DateTime<Utc>,
}

/// `notifications`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Notification {
    /// `notifications.id`.
    pub id: NotificationId,
    /// `notifications.user_id`.
    pub user_id: UserId,
    /// `notifications.type`.
    #[sqlx(rename = "type")]
    pub kind: NotificationType,
    /// `notifications.title`.
    pub title: String,
    /// `notifications.message`.
    pub message: String,
    /// `notifications.link`.
    pub link: Option<String>,
    /// `notifications.is_read`.
    pub is_read: bool,
    /// `notifications.read_at`.
    pub read_at: Option<DateTime<Utc>>,
    /// `notifications.created_at`.
    pub created_at: DateTime<Utc>,
}

/// `tutor_date_overrides` (added by migration 0002): a local date with other hours than the
/// weekly rules, or closed when both times are `None`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct TutorDateOverride {
    /// `tutor_date_overrides.id`.
    pub id: DateOverrideId,
    /// `tutor_date_overrides.tutor_profile_id`.
    pub tutor_profile_id: TutorProfileId,
    /// `tutor_date_overrides.date`: the tutor's local date.
    pub date: NaiveDate,
    /// `tutor_date_overrides.start_time`.
    pub start_time: Option<NaiveTime>,
    /// `tutor_date_overrides.end_time`.
    pub end_time: Option<NaiveTime>,
    /// `tutor_date_overrides.created_at`.
    pub created_at: DateTime<Utc>,
}

/// `payment_events` (added by migration 0002): one row per provider notification applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct PaymentEvent {
    /// `payment_events.id`.
    pub id: PaymentEventId,
    /// `payment_events.payment_transaction_id`.
    pub payment_transaction_id: PaymentId,
    /// `payment_events.dedup_key`: provider + external id + status.
    pub dedup_key: String,
    /// `payment_events.status`.
    pub status: PaymentStatus,
    /// `payment_events.raw_payload`.
    #[sqlx(json(nullable))]
    pub raw_payload: Option<Json>,
    /// `payment_events.created_at`.
    pub created_at: DateTime<Utc>,
}

/// `outbox_events` (added by migration 0004): something for the host to deliver (push,
/// email), written in the same transaction as the event it announces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct OutboxEvent {
    /// `outbox_events.id`.
    pub id: OutboxEventId,
    /// What happened, e.g. `notification.booking_confirmed`.
    pub topic: String,
    /// Who it is for, if a user.
    pub user_id: Option<UserId>,
    /// The event's data (a JSON object).
    #[sqlx(json)]
    pub payload: Json,
    /// How many times it was claimed.
    pub attempts: i32,
    /// Claimed by a host until then (at-least-once: reclaimable afterwards).
    pub locked_until: Option<DateTime<Utc>>,
    /// Acknowledged as delivered by the host.
    pub delivered_at: Option<DateTime<Utc>>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// A reschedule proposal held on a booking (the 0002 columns `proposed_start_at`,
/// `proposed_end_at`, `reschedule_requested_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RescheduleProposal {
    /// Proposed start.
    pub start_at: DateTime<Utc>,
    /// Proposed end.
    pub end_at: DateTime<Utc>,
    /// Who asked.
    pub requested_by: UserId,
}

/// `withdrawal_requests` (added by migration 0002): a tutor asks, an admin pays or rejects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct WithdrawalRequest {
    /// `withdrawal_requests.id`.
    pub id: WithdrawalId,
    /// `withdrawal_requests.wallet_id`.
    pub wallet_id: WalletId,
    /// `withdrawal_requests.amount`.
    #[sqlx(try_from = "Num")]
    pub amount: Decimal,
    /// `withdrawal_requests.currency`.
    pub currency: Currency,
    /// `withdrawal_requests.status`.
    pub status: WithdrawalStatus,
    /// `withdrawal_requests.handled_by`.
    pub handled_by: Option<UserId>,
    /// `withdrawal_requests.handled_at`.
    pub handled_at: Option<DateTime<Utc>>,
    /// `withdrawal_requests.reference_id`: the payout's bank reference.
    pub reference_id: Option<String>,
    /// `withdrawal_requests.note`.
    pub note: Option<String>,
    /// `withdrawal_requests.created_at`.
    pub created_at: DateTime<Utc>,
    /// `withdrawal_requests.updated_at`.
    pub updated_at: DateTime<Utc>,
}
