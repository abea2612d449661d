//! The outputs and enums of the boundary, each declared once (the input records are in
//! [`crate::inputs`]).
//!
//! Most are core's own types, re-declared under `#[uniffi::remote(..)]`: UniFFI then converts
//! the core value directly (no mirror struct, no `From` impl), and the compiler checks each
//! declaration against core field by field — a field added or renamed in core fails this
//! crate's build instead of silently missing from Kotlin and Swift. Enums cross as native
//! enums (Kotlin `BookingStatus.CONFIRMED`, Swift `.confirmed`).
//!
//! A few are local mirrors with a `From` impl, where the core type cannot cross as it is:
//! [`User`] (leaves the password hash in Rust), [`DueReport`] and [`LedgerReport`] (`usize`
//! has no UniFFI type).
//!
//! Scalars (ids, money, instants, local times) are the custom types of [`crate::convert`].

use blajarplus::ledger::LedgerReport as CoreLedgerReport;
use blajarplus::marketplace::{
    Catalog, Checkout, ConversationSummary, DueReport as CoreDueReport, Inbox, PackageCheckout,
    PaymentOutcome,
};
use blajarplus::search::{SearchPage, SearchSort, TutorSummary};
use blajarplus::slots::Interval;
use blajarplus::types::*;
use rust_decimal::Decimal;

use crate::convert::{Json, LocalDate, LocalTime, UtcDateTime};

// ---------------------------------------------------------------------------------------------
// Enums: one per CHECK list of the schema (variants exactly as core's).

/// `users.role`.
#[uniffi::remote(Enum)]
pub enum Role {
    Student,
    Tutor,
    Admin,
}

/// `users.status`.
#[uniffi::remote(Enum)]
pub enum UserStatus {
    Active,
    Suspended,
    Deleted,
}

/// An element of `tutor_profiles.teaching_modes`.
#[uniffi::remote(Enum)]
pub enum TeachingMode {
    Online,
    Offline,
    Both,
}

/// `tutor_profiles.verification_status`.
#[uniffi::remote(Enum)]
pub enum VerificationStatus {
    None,
    Pending,
    Approved,
    Rejected,
}

/// `tutor_profiles.status`.
#[uniffi::remote(Enum)]
pub enum TutorStatus {
    Draft,
    Active,
    Inactive,
    Banned,
}

/// `tutor_subjects.level`.
#[uniffi::remote(Enum)]
pub enum Level {
    Sd,
    Smp,
    Sma,
    University,
    Professional,
    General,
}

/// `tutor_documents.doc_type`.
#[uniffi::remote(Enum)]
pub enum DocType {
    Ktp,
    Diploma,
    Certificate,
    Portfolio,
    Other,
}

/// `tutor_documents.status`.
#[uniffi::remote(Enum)]
pub enum DocumentStatus {
    Pending,
    Approved,
    Rejected,
}

/// `bookings.mode`.
#[uniffi::remote(Enum)]
pub enum LessonMode {
    Online,
    Offline,
}

/// `bookings.location_type`.
#[uniffi::remote(Enum)]
pub enum LocationType {
    StudentPlace,
    TutorPlace,
    PublicPlace,
    Online,
}

/// `bookings.status`.
#[uniffi::remote(Enum)]
pub enum BookingStatus {
    Draft,
    PendingPayment,
    Confirmed,
    RescheduleRequested,
    Cancelled,
    Completed,
    NoShow,
    Disputed,
}

/// `bookings.cancelled_by`.
#[uniffi::remote(Enum)]
pub enum CancelledBy {
    Student,
    Tutor,
    System,
    Admin,
}

/// `payment_transactions.provider`.
#[uniffi::remote(Enum)]
pub enum PaymentProvider {
    Midtrans,
    Xendit,
    Manual,
}

/// `payment_transactions.status`.
#[uniffi::remote(Enum)]
pub enum PaymentStatus {
    Pending,
    Paid,
    Failed,
    Expired,
    Refunded,
}

/// `wallet_ledger_entries.type`.
#[uniffi::remote(Enum)]
pub enum LedgerEntryType {
    EscrowHold,
    ReleaseToTutor,
    PlatformFee,
    Refund,
    Withdrawal,
}

/// `messages.message_type`.
#[uniffi::remote(Enum)]
pub enum MessageType {
    Text,
    Image,
    File,
}

/// `reviews.status`.
#[uniffi::remote(Enum)]
pub enum ReviewStatus {
    Published,
    Hidden,
    Removed,
}

/// `package_purchases.status`.
#[uniffi::remote(Enum)]
pub enum PurchaseStatus {
    PendingPayment,
    Active,
    Expired,
    Cancelled,
}

/// `reports.target_type`.
#[uniffi::remote(Enum)]
pub enum ReportTargetType {
    User,
    TutorProfile,
    Review,
    Message,
    Booking,
}

/// `reports.reason`.
#[uniffi::remote(Enum)]
pub enum ReportReason {
    Spam,
    Fraud,
    Harassment,
    Inappropriate,
    Other,
}

/// `reports.status`.
#[uniffi::remote(Enum)]
pub enum ReportStatus {
    Open,
    Investigating,
    Resolved,
    Rejected,
}

/// `notifications.type`.
#[uniffi::remote(Enum)]
pub enum NotificationType {
    BookingConfirmed,
    PaymentReceived,
    NewMessage,
    LessonReminder,
    ReviewReceived,
    VerificationApproved,
}

/// `withdrawal_requests.status`.
#[uniffi::remote(Enum)]
pub enum WithdrawalStatus {
    Requested,
    Paid,
    Rejected,
}

/// What applying a payment notification did.
#[uniffi::remote(Enum)]
pub enum PaymentOutcome {
    /// The payment and its booking moved (e.g. paid → booking confirmed, escrow held).
    Applied,
    /// This notification was already applied; nothing changed.
    Duplicate,
    /// A stale or backward status; recorded, nothing changed.
    Ignored,
    /// Money arrived for a booking already cancelled or expired: refunded at once.
    RefundedLate,
}

// ---------------------------------------------------------------------------------------------
// Outputs.

/// An account. Mirrors `blajarplus::types::User` without its password hash, which never
/// leaves Rust.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct User {
    /// The user's id.
    pub id: UserId,
    /// Normalised email (lower case).
    pub email: Option<String>,
    /// Normalised phone (E.164).
    pub phone: Option<String>,
    /// Display name.
    pub full_name: String,
    /// Avatar URL.
    pub avatar_url: Option<String>,
    /// Free-text gender.
    pub gender: Option<String>,
    /// Date of birth.
    pub birthdate: Option<LocalDate>,
    /// Role.
    pub role: Role,
    /// Account status.
    pub status: UserStatus,
    /// Last login.
    pub last_login_at: Option<UtcDateTime>,
    /// Created.
    pub created_at: UtcDateTime,
    /// Last updated.
    pub updated_at: UtcDateTime,
    /// Soft-deleted at.
    pub deleted_at: Option<UtcDateTime>,
}

impl From<blajarplus::types::User> for User {
    fn from(u: blajarplus::types::User) -> Self {
        // Destructured so that a field added to core fails to compile here.
        let blajarplus::types::User {
            id,
            email,
            phone,
            password_hash: _,
            full_name,
            avatar_url,
            gender,
            birthdate,
            role,
            status,
            last_login_at,
            created_at,
            updated_at,
            deleted_at,
        } = u;
        User {
            id,
            email,
            phone,
            full_name,
            avatar_url,
            gender,
            birthdate,
            role,
            status,
            last_login_at,
            created_at,
            updated_at,
            deleted_at,
        }
    }
}

/// A tutor's public profile.
#[uniffi::remote(Record)]
pub struct TutorProfile {
    id: TutorProfileId,
    user_id: UserId,
    headline: Option<String>,
    bio: Option<String>,
    education: Option<String>,
    experience_years: Option<i32>,
    teaching_modes: Vec<TeachingMode>,
    base_city: Option<String>,
    timezone: String,
    intro_video_url: Option<String>,
    hourly_rate: Decimal,
    currency: Currency,
    is_verified: bool,
    verification_status: VerificationStatus,
    verification_note: Option<String>,
    rating_avg: Decimal,
    rating_count: i32,
    completed_lessons_count: i32,
    response_rate: i32,
    status: TutorStatus,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
    deleted_at: Option<UtcDateTime>,
}

/// A subject category.
#[uniffi::remote(Record)]
pub struct SubjectCategory {
    id: CategoryId,
    name: String,
    slug: String,
    is_active: bool,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
}

/// A subject.
#[uniffi::remote(Record)]
pub struct Subject {
    id: SubjectId,
    name: String,
    slug: String,
    category_id: Option<CategoryId>,
    is_active: bool,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
}

/// A subject a tutor teaches (the thing a student books).
#[uniffi::remote(Record)]
pub struct TutorSubject {
    id: TutorSubjectId,
    tutor_profile_id: TutorProfileId,
    subject_id: SubjectId,
    level: Option<Level>,
    price_override: Option<Decimal>,
    currency: Currency,
    description: Option<String>,
    is_active: bool,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
}

/// A stored weekly availability rule.
#[uniffi::remote(Record)]
pub struct TutorAvailability {
    id: AvailabilityId,
    tutor_profile_id: TutorProfileId,
    day_of_week: i32,
    start_time: LocalTime,
    end_time: LocalTime,
    slot_duration_minutes: i32,
    is_active: bool,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
}

/// A tutor's time off.
#[uniffi::remote(Record)]
pub struct TutorTimeOff {
    id: TimeOffId,
    tutor_profile_id: TutorProfileId,
    start_at: UtcDateTime,
    end_at: UtcDateTime,
    reason: Option<String>,
    created_at: UtcDateTime,
}

/// Other hours on one local date (no start and end: closed that day).
#[uniffi::remote(Record)]
pub struct TutorDateOverride {
    id: DateOverrideId,
    tutor_profile_id: TutorProfileId,
    date: LocalDate,
    start_time: Option<LocalTime>,
    end_time: Option<LocalTime>,
    created_at: UtcDateTime,
}

/// A free slot `[start, end)`.
#[uniffi::remote(Record)]
pub struct Interval {
    start: UtcDateTime,
    end: UtcDateTime,
}

/// A booking; amounts are decimal strings in `currency`.
#[uniffi::remote(Record)]
pub struct Booking {
    id: BookingId,
    student_id: UserId,
    tutor_profile_id: TutorProfileId,
    tutor_subject_id: Option<TutorSubjectId>,
    mode: Option<LessonMode>,
    start_at: UtcDateTime,
    end_at: UtcDateTime,
    duration_minutes: i32,
    location_type: Option<LocationType>,
    location_address: Option<String>,
    lat: Option<Decimal>,
    lng: Option<Decimal>,
    meeting_link: Option<String>,
    status: BookingStatus,
    cancelled_by: Option<CancelledBy>,
    cancel_reason: Option<String>,
    price: Decimal,
    platform_fee: Decimal,
    total_amount: Decimal,
    currency: Currency,
    notes: Option<String>,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
    deleted_at: Option<UtcDateTime>,
}

/// One status change of a booking.
#[uniffi::remote(Record)]
pub struct BookingStatusLog {
    id: StatusLogId,
    booking_id: BookingId,
    from_status: Option<BookingStatus>,
    to_status: BookingStatus,
    changed_by_user_id: Option<UserId>,
    reason: Option<String>,
    created_at: UtcDateTime,
}

/// A payment (for a booking or a package purchase); its id is the order id given to the
/// provider.
#[uniffi::remote(Record)]
pub struct PaymentTransaction {
    id: PaymentId,
    booking_id: Option<BookingId>,
    provider: Option<PaymentProvider>,
    payment_method: Option<String>,
    external_payment_id: Option<String>,
    status: PaymentStatus,
    amount: Decimal,
    currency: Currency,
    paid_at: Option<UtcDateTime>,
    expires_at: Option<UtcDateTime>,
    raw_payload: Option<Json>,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
    deleted_at: Option<UtcDateTime>,
    package_purchase_id: Option<PurchaseId>,
}

/// A booking sent to payment: the booking (slot held) and the payment to make.
#[uniffi::remote(Record)]
pub struct Checkout {
    booking: Booking,
    payment: PaymentTransaction,
}

/// A package of sessions a tutor offers.
#[uniffi::remote(Record)]
pub struct LessonPackage {
    id: PackageId,
    tutor_profile_id: TutorProfileId,
    tutor_subject_id: Option<TutorSubjectId>,
    name: String,
    session_count: i32,
    total_price: Decimal,
    currency: Currency,
    valid_days: i32,
    is_active: bool,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
    deleted_at: Option<UtcDateTime>,
    session_minutes: i32,
}

/// A student's purchase of a package.
#[uniffi::remote(Record)]
pub struct PackagePurchase {
    id: PurchaseId,
    student_id: UserId,
    lesson_package_id: PackageId,
    status: PurchaseStatus,
    sessions_remaining: i32,
    start_at: Option<UtcDateTime>,
    expires_at: Option<UtcDateTime>,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
    deleted_at: Option<UtcDateTime>,
}

/// A package purchase sent to payment: the purchase and the payment to make.
#[uniffi::remote(Record)]
pub struct PackageCheckout {
    purchase: PackagePurchase,
    payment: PaymentTransaction,
}

/// A user's wallet.
#[uniffi::remote(Record)]
pub struct Wallet {
    id: WalletId,
    user_id: UserId,
    balance: Decimal,
    currency: Currency,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
    deleted_at: Option<UtcDateTime>,
}

/// A tutor's request to withdraw from their wallet.
#[uniffi::remote(Record)]
pub struct WithdrawalRequest {
    id: WithdrawalId,
    wallet_id: WalletId,
    amount: Decimal,
    currency: Currency,
    status: WithdrawalStatus,
    handled_by: Option<UserId>,
    handled_at: Option<UtcDateTime>,
    reference_id: Option<String>,
    note: Option<String>,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
}

/// What one `run_due` did (counts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, uniffi::Record)]
pub struct DueReport {
    /// Unpaid bookings cancelled because their payment expired.
    pub expired: u64,
    /// Bookings completed after the dispute window (escrow released).
    pub completed: u64,
    /// Lesson reminders written.
    pub reminded: u64,
    /// Unpaid package purchases cancelled because their payment expired.
    pub purchases_cancelled: u64,
    /// Package purchases expired (their unused sessions refunded).
    pub purchases_expired: u64,
    /// Tutors whose response rate was recomputed (an inquiry went unanswered past the window).
    pub response_rates_updated: u64,
    /// Items skipped because another runner handled them first.
    pub skipped: u64,
}

impl From<CoreDueReport> for DueReport {
    fn from(r: CoreDueReport) -> Self {
        let CoreDueReport {
            expired,
            completed,
            reminded,
            purchases_cancelled,
            purchases_expired,
            response_rates_updated,
            skipped,
        } = r;
        DueReport {
            expired: count(expired),
            completed: count(completed),
            reminded: count(reminded),
            purchases_cancelled: count(purchases_cancelled),
            purchases_expired: count(purchases_expired),
            response_rates_updated: count(response_rates_updated),
            skipped: count(skipped),
        }
    }
}

/// The ledger audit: balances recomputed from the entries; no `violations` = books right.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct LedgerReport {
    /// Movements checked.
    pub movements: u64,
    /// Entries checked.
    pub entries: u64,
    /// What the marketplace holds (escrow + platform revenue + user wallets).
    pub held: Decimal,
    /// Escrow, all bookings together.
    pub escrow: Decimal,
    /// Platform revenue.
    pub platform: Decimal,
    /// Sum of user wallets.
    pub wallets: Decimal,
    /// Every broken invariant, in words.
    pub violations: Vec<String>,
}

impl From<CoreLedgerReport> for LedgerReport {
    fn from(r: CoreLedgerReport) -> Self {
        let CoreLedgerReport {
            movements,
            entries,
            held,
            escrow,
            platform,
            wallets,
            violations,
        } = r;
        LedgerReport {
            movements: count(movements),
            entries: count(entries),
            held,
            escrow,
            platform,
            wallets,
            violations,
        }
    }
}

/// `usize` → `u64` (lossless on every platform UniFFI targets).
fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

// ---------------------------------------------------------------------------------------------
// Accounts, catalogue, moderation, social features, search, notifications.

/// How tutor search results are ordered.
#[uniffi::remote(Enum)]
pub enum SearchSort {
    Relevance,
    Rating,
    PriceAsc,
    PriceDesc,
    MostLessons,
    Newest,
}

/// An address of a user.
#[uniffi::remote(Record)]
pub struct UserAddress {
    id: AddressId,
    user_id: UserId,
    label: Option<String>,
    province: Option<String>,
    city: Option<String>,
    district: Option<String>,
    address_detail: Option<String>,
    lat: Option<Decimal>,
    lng: Option<Decimal>,
    is_primary: bool,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
}

/// A tutor's verification document.
#[uniffi::remote(Record)]
pub struct TutorDocument {
    id: DocumentId,
    tutor_profile_id: TutorProfileId,
    doc_type: Option<DocType>,
    file_url: String,
    status: DocumentStatus,
    reviewed_by: Option<UserId>,
    reviewed_at: Option<UtcDateTime>,
    note: Option<String>,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
}

/// A review of a completed lesson.
#[uniffi::remote(Record)]
pub struct Review {
    id: ReviewId,
    booking_id: BookingId,
    tutor_profile_id: TutorProfileId,
    author_user_id: UserId,
    rating: i32,
    comment: Option<String>,
    status: ReviewStatus,
    moderated_by: Option<UserId>,
    moderated_reason: Option<String>,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
    deleted_at: Option<UtcDateTime>,
}

/// A student–tutor conversation.
#[uniffi::remote(Record)]
pub struct Conversation {
    id: ConversationId,
    student_id: UserId,
    tutor_profile_id: TutorProfileId,
    last_message_at: Option<UtcDateTime>,
    is_blocked: bool,
    blocked_by_user_id: Option<UserId>,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
}

/// A chat message.
#[uniffi::remote(Record)]
pub struct Message {
    id: MessageId,
    conversation_id: ConversationId,
    sender_user_id: UserId,
    message_type: MessageType,
    content: Option<String>,
    file_url: Option<String>,
    read_at: Option<UtcDateTime>,
    created_at: UtcDateTime,
}

/// A student's favorite tutor.
#[uniffi::remote(Record)]
pub struct Favorite {
    id: FavoriteId,
    student_id: UserId,
    tutor_profile_id: TutorProfileId,
    created_at: UtcDateTime,
}

/// A tutor's note after a lesson.
#[uniffi::remote(Record)]
pub struct ProgressLog {
    id: ProgressLogId,
    booking_id: BookingId,
    tutor_profile_id: TutorProfileId,
    student_id: UserId,
    summary: Option<String>,
    homework: Option<String>,
    next_plan: Option<String>,
    attachment_url: Option<String>,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
}

/// A report in the moderation queue.
#[uniffi::remote(Record)]
pub struct Report {
    id: ReportId,
    reporter_user_id: UserId,
    target_type: Option<ReportTargetType>,
    target_id: TargetId,
    reason: Option<ReportReason>,
    description: Option<String>,
    status: ReportStatus,
    handled_by: Option<UserId>,
    handled_at: Option<UtcDateTime>,
    created_at: UtcDateTime,
    updated_at: UtcDateTime,
}

/// An in-app notification.
#[uniffi::remote(Record)]
pub struct Notification {
    id: NotificationId,
    user_id: UserId,
    kind: NotificationType,
    title: String,
    message: String,
    link: Option<String>,
    is_read: bool,
    read_at: Option<UtcDateTime>,
    created_at: UtcDateTime,
}

/// An event for the host to deliver (push, email).
#[uniffi::remote(Record)]
pub struct OutboxEvent {
    id: OutboxEventId,
    topic: String,
    user_id: Option<UserId>,
    payload: Json,
    attempts: i32,
    locked_until: Option<UtcDateTime>,
    delivered_at: Option<UtcDateTime>,
    created_at: UtcDateTime,
}

/// A favorite tutor, as a student's list shows it.
#[uniffi::remote(Record)]
pub struct FavoriteTutor {
    tutor_profile_id: TutorProfileId,
    user_id: UserId,
    full_name: String,
    avatar_url: Option<String>,
    headline: Option<String>,
    rating_avg: Decimal,
    rating_count: i32,
    hourly_rate: Decimal,
    currency: Currency,
    favorited_at: UtcDateTime,
}

/// The active categories and subjects.
#[uniffi::remote(Record)]
pub struct Catalog {
    categories: Vec<SubjectCategory>,
    subjects: Vec<Subject>,
}

/// A conversation and how many of its messages the actor has not read.
#[uniffi::remote(Record)]
pub struct ConversationSummary {
    conversation: Conversation,
    unread: i64,
}

/// The actor's conversations, most recent first, with unread counts.
#[uniffi::remote(Record)]
pub struct Inbox {
    conversations: Vec<ConversationSummary>,
    unread_total: i64,
}

/// One tutor search result.
#[uniffi::remote(Record)]
pub struct TutorSummary {
    tutor_profile_id: TutorProfileId,
    full_name: String,
    headline: Option<String>,
    city: Option<String>,
    rating_avg: Decimal,
    rating_count: i32,
    min_price: Decimal,
    currency: Currency,
    is_verified: bool,
    teaching_modes: Vec<TeachingMode>,
    subjects: Vec<String>,
    completed_lessons: i32,
    distance_km: Option<f64>,
}

/// A page of tutor search results.
#[uniffi::remote(Record)]
pub struct SearchPage {
    items: Vec<TutorSummary>,
    next_cursor: Option<String>,
    total: i64,
    total_exact: bool,
}
