//! The JS shapes of core's enums, records and inputs, each declared once.
//!
//! - [`js_enums!`]: a string enum per core enum (its JS values are core's database strings:
//!   napi writes variant names in snake_case, and core's strings are exactly that, which a test
//!   checks), converting both ways.
//! - [`records!`]: a plain object per core record that JS receives; its fields convert with
//!   [`ToJs`], one generic call per field.
//! - [`inputs!`]: a plain object per core input that JS sends; its fields are read with
//!   [`ReadJs`] and convert with [`FromJs`], so a malformed field is reported with its path
//!   (`booking.startAt`). Field types name the kinds of [`crate::args`] (`Uuid`, `Decimal`,
//!   `Int`, …), which is how `index.d.ts` declares them.
//!
//! Field types are written as plain paths with at most one generic argument (`Option<String>`,
//! `Vec<Level>`), not as `ty` fragments: napi recognises an optional field by its syntax, and
//! a `ty` fragment reaches it wrapped in an invisible group, which would make every `Option`
//! field required.
//!
//! A mirror lists its fields once; the compiler checks each against the core type, and a field
//! added to a core record or input is a compile error here until it is mirrored.

use blajarplus as bp;
use napi_derive::napi;

use crate::args::{
    Decimal, Float, Int, JsEnum, LocalDate, LocalTime, ReadJs, Uuid, int32, read_enum, uint32,
};
use crate::convert::{Date, FromJs, Path, ToJs};
use crate::error::ArgError;
use napi::sys;

/// Declares a napi string enum mirroring a core enum, with conversions both ways.
macro_rules! js_enums {
    ($($(#[$m:meta])* $name:ident = $core:path { $($variant:ident),+ $(,)? })*) => {$(
        $(#[$m])*
        #[napi(string_enum = "snake_case")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $(
                #[doc = concat!("`", stringify!($variant), "` in core.")]
                $variant,
            )+
        }

        impl ToJs for $core {
            type Js = $name;
            fn to_js(self) -> $name {
                type Core = $core;
                match self {
                    $(Core::$variant => $name::$variant,)+
                }
            }
        }

        impl FromJs<$name> for $core {
            fn from_js(js: $name, _: Path<'_>) -> Result<Self, ArgError> {
                type Core = $core;
                Ok(match js {
                    $($name::$variant => Core::$variant,)+
                })
            }
        }

        impl JsEnum for $name {
            fn values() -> Vec<&'static str> {
                <$core>::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl ReadJs for $name {
            const EXPECTED: &'static str = concat!("a ", stringify!($name), " string");
            unsafe fn read(
                env: sys::napi_env,
                value: sys::napi_value,
                path: Path<'_>,
            ) -> Result<Self, ArgError> {
                unsafe { read_enum(env, value, path) }
            }
        }

        #[cfg(test)]
        impl $name {
            /// The variant's Rust name, which napi turns into the JS string.
            fn rust_name(self) -> &'static str {
                match self {
                    $($name::$variant => stringify!($variant),)+
                }
            }
        }
    )*

        /// `Outcome`s of the enums, named as the enums (see [`out`]).
        pub mod out_enums {
            $(
                #[doc = concat!("A [`super::", stringify!($name), "`] or an error.")]
                pub type $name = crate::error::Outcome<super::$name>;
            )*
        }

        /// Arguments of the enums, named as the enums (see [`crate::args::js`]).
        pub mod arg_enums {
            $(
                #[doc = concat!("A [`super::", stringify!($name), "`] argument.")]
                pub type $name = crate::args::Arg<super::$name>;
            )*
        }

        /// Checks every mirrored enum: each core variant's database string is what napi makes
        /// of the mirror's variant name.
        #[cfg(test)]
        fn check_enum_strings(check: &mut dyn FnMut(&'static str, &'static str)) {
            $(
                for v in <$core>::ALL {
                    check(v.to_js().rust_name(), v.as_str());
                }
            )*
        }
    };
}

/// Declares a napi object that JS receives, mirroring a core record field for field. Fields
/// JS must not see are listed after `+ hidden`. The record is destructured without `..`, so a
/// field added in core does not compile here until it is mirrored or hidden.
macro_rules! records {
    ($(
        $(#[$m:meta])* $name:ident = $core:path {
            $($field:ident: $($ty:ident)::+ $(<$($arg:ident)::+>)?),* $(,)?
        } $(+ hidden { $($hidden:ident),* $(,)? })?
    )*) => {$(
        $(#[$m])*
        #[napi(object, object_from_js = false, use_nullable = true)]
        #[derive(Debug, Clone)]
        pub struct $name {
            $(
                #[doc = concat!("Core's `", stringify!($field), "`.")]
                pub $field: $($ty)::+ $(<$($arg)::+>)?,
            )*
        }

        impl ToJs for $core {
            type Js = $name;
            fn to_js(self) -> $name {
                type Core = $core;
                let Core { $($field,)* $($($hidden: _,)*)? } = self;
                $name { $($field: ToJs::to_js($field),)* }
            }
        }
    )*

        /// `Outcome`s of the records, named as the records (see [`out`]).
        pub mod out_records {
            $(
                #[doc = concat!("A [`super::", stringify!($name), "`] or an error.")]
                pub type $name = crate::error::Outcome<super::$name>;
            )*
        }
    };
}

/// Implements [`ReadJs`] for a napi object that JS sends: an object whose properties (named
/// after the Rust fields, camelCase) are read one by one, each error naming its path.
macro_rules! object_reader {
    ($name:ident { $($field:ident),* $(,)? }) => {
        impl $crate::args::ReadJs for $name {
            const EXPECTED: &'static str = concat!("a ", stringify!($name), " object");
            unsafe fn read(
                env: napi::sys::napi_env,
                value: napi::sys::napi_value,
                path: $crate::convert::Path<'_>,
            ) -> Result<Self, $crate::error::ArgError> {
                use $crate::args::{read_object, read_property};
                unsafe { read_object(env, value, path) }?;
                Ok($name {
                    $($field: unsafe { read_property(env, value, stringify!($field), path) }?,)*
                })
            }
        }
    };
}
pub(crate) use object_reader;

/// Declares a napi object that JS sends, mirroring a core input field for field: read
/// strictly ([`ReadJs`]), then converted into the core input ([`FromJs`]). Each object also
/// gets its argument alias in `arg_inputs` (see [`crate::args::js`]).
macro_rules! inputs {
    ($(
        $(#[$m:meta])* $name:ident = $core:path {
            $($field:ident: $($ty:ident)::+ $(<$($arg:ident)::+>)?),* $(,)?
        }
    )*) => {
        $(
            $(#[$m])*
            #[napi(object, object_to_js = false, object_from_js = false)]
            #[derive(Debug, Clone)]
            pub struct $name {
                $(
                    #[doc = concat!("Core's `", stringify!($field), "`.")]
                    pub $field: $($ty)::+ $(<$($arg)::+>)?,
                )*
            }

            object_reader!($name { $($field),* });

            impl FromJs<$name> for $core {
                fn from_js(js: $name, path: Path<'_>) -> Result<Self, ArgError> {
                    Ok(Self {
                        $($field: FromJs::from_js(js.$field, path.field(stringify!($field)))?,)*
                    })
                }
            }
        )*

        /// Arguments of the input objects, named as the objects (see [`crate::args::js`]).
        pub mod arg_inputs {
            $(
                #[doc = concat!("A [`super::", stringify!($name), "`] argument.")]
                pub type $name = crate::args::Arg<super::$name>;
            )*
        }
    };
}

/// What async functions return: `napi::Result<out::User>` is `Promise<User>` in
/// `index.d.ts` and must be an `Outcome<User>` in Rust (see [`crate::error`] for why).
pub mod out {
    pub use super::out_records::*;

    /// A list or an error.
    pub type Vec<T> = crate::error::Outcome<std::vec::Vec<T>>;
    /// A string or an error.
    pub type String = crate::error::Outcome<std::string::String>;
    // Named as their TypeScript types: napi writes the alias name into `index.d.ts`.
    /// A yes/no or an error.
    #[allow(non_camel_case_types)]
    pub type boolean = crate::error::Outcome<bool>;
    /// A count or an error.
    #[allow(non_camel_case_types)]
    pub type number = crate::error::Outcome<f64>;
    /// Nothing (`undefined`) or an error.
    #[allow(non_camel_case_types)]
    pub type void = crate::error::Outcome<()>;
    /// A payment outcome or an error.
    pub type PaymentOutcome = crate::error::Outcome<super::PaymentOutcome>;
    /// A marketplace or an error.
    pub type Marketplace = crate::error::Outcome<crate::marketplace::Marketplace>;
}

js_enums! {
    /// `users.role`.
    Role = bp::types::Role { Student, Tutor, Admin }
    /// `users.status`.
    UserStatus = bp::types::UserStatus { Active, Suspended, Deleted }
    /// An element of `tutor_profiles.teaching_modes`.
    TeachingMode = bp::types::TeachingMode { Online, Offline, Both }
    /// `tutor_profiles.verification_status`.
    VerificationStatus = bp::types::VerificationStatus { None, Pending, Approved, Rejected }
    /// `tutor_profiles.status`.
    TutorStatus = bp::types::TutorStatus { Draft, Active, Inactive, Banned }
    /// `tutor_subjects.level`.
    Level = bp::types::Level { Sd, Smp, Sma, University, Professional, General }
    /// `bookings.mode`.
    LessonMode = bp::types::LessonMode { Online, Offline }
    /// `bookings.location_type`.
    LocationType = bp::types::LocationType { StudentPlace, TutorPlace, PublicPlace, Online }
    /// `bookings.status`.
    BookingStatus = bp::types::BookingStatus {
        Draft, PendingPayment, Confirmed, RescheduleRequested, Cancelled, Completed, NoShow,
        Disputed,
    }
    /// `bookings.cancelled_by`.
    CancelledBy = bp::types::CancelledBy { Student, Tutor, System, Admin }
    /// `payment_transactions.provider`.
    PaymentProvider = bp::types::PaymentProvider { Midtrans, Xendit, Manual }
    /// `payment_transactions.status`.
    PaymentStatus = bp::types::PaymentStatus { Pending, Paid, Failed, Expired, Refunded }
    /// `package_purchases.status`.
    PurchaseStatus = bp::types::PurchaseStatus { PendingPayment, Active, Expired, Cancelled }
    /// `withdrawal_requests.status`.
    WithdrawalStatus = bp::types::WithdrawalStatus { Requested, Paid, Rejected }
    /// A verification document's kind.
    DocType = bp::types::DocType { Ktp, Diploma, Certificate, Portfolio, Other }
    /// A verification document's review status.
    DocumentStatus = bp::types::DocumentStatus { Pending, Approved, Rejected }
    /// A chat message's kind.
    MessageType = bp::types::MessageType { Text, Image, File }
    /// A review's moderation status.
    ReviewStatus = bp::types::ReviewStatus { Published, Hidden, Removed }
    /// What a report is about.
    ReportTargetType = bp::types::ReportTargetType { User, TutorProfile, Review, Message, Booking }
    /// Why something is reported.
    ReportReason = bp::types::ReportReason { Spam, Fraud, Harassment, Inappropriate, Other }
    /// Where a report is in the moderation queue.
    ReportStatus = bp::types::ReportStatus { Open, Investigating, Resolved, Rejected }
    /// A notification's kind.
    NotificationType = bp::types::NotificationType {
        BookingConfirmed, PaymentReceived, NewMessage, LessonReminder, ReviewReceived,
        VerificationApproved,
    }
    /// How tutor search results are ordered.
    SearchSort = bp::search::SearchSort { Relevance, Rating, PriceAsc, PriceDesc, MostLessons, Newest }
}

/// What applying a payment notification did.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// The payment and its booking moved (e.g. paid → booking confirmed, escrow held).
    Applied,
    /// This notification was already applied; nothing changed.
    Duplicate,
    /// A stale or backward status; recorded, nothing changed.
    Ignored,
    /// Money arrived for a booking already cancelled or expired: accepted and refunded.
    RefundedLate,
}

impl ToJs for bp::marketplace::PaymentOutcome {
    type Js = PaymentOutcome;
    fn to_js(self) -> PaymentOutcome {
        use bp::marketplace::PaymentOutcome as Core;
        match self {
            Core::Applied => PaymentOutcome::Applied,
            Core::Duplicate => PaymentOutcome::Duplicate,
            Core::Ignored => PaymentOutcome::Ignored,
            Core::RefundedLate => PaymentOutcome::RefundedLate,
        }
    }
}

records! {
    /// An address of a user (`user_addresses`).
    UserAddress = bp::types::UserAddress {
        id: String,
        user_id: String,
        label: Option<String>,
        province: Option<String>,
        city: Option<String>,
        district: Option<String>,
        address_detail: Option<String>,
        lat: Option<String>,
        lng: Option<String>,
        is_primary: bool,
        created_at: Date,
        updated_at: Date,
    }
    /// A tutor's verification document (`tutor_documents`).
    TutorDocument = bp::types::TutorDocument {
        id: String,
        tutor_profile_id: String,
        doc_type: Option<DocType>,
        file_url: String,
        status: DocumentStatus,
        reviewed_by: Option<String>,
        reviewed_at: Option<Date>,
        note: Option<String>,
        created_at: Date,
        updated_at: Date,
    }
    /// A review of a completed lesson (`reviews`).
    Review = bp::types::Review {
        id: String,
        booking_id: String,
        tutor_profile_id: String,
        author_user_id: String,
        rating: i32,
        comment: Option<String>,
        status: ReviewStatus,
        moderated_by: Option<String>,
        moderated_reason: Option<String>,
        created_at: Date,
        updated_at: Date,
        deleted_at: Option<Date>,
    }
    /// A student–tutor conversation (`conversations`).
    Conversation = bp::types::Conversation {
        id: String,
        student_id: String,
        tutor_profile_id: String,
        last_message_at: Option<Date>,
        is_blocked: bool,
        blocked_by_user_id: Option<String>,
        created_at: Date,
        updated_at: Date,
    }
    /// A chat message (`messages`).
    Message = bp::types::Message {
        id: String,
        conversation_id: String,
        sender_user_id: String,
        message_type: MessageType,
        content: Option<String>,
        file_url: Option<String>,
        read_at: Option<Date>,
        created_at: Date,
    }
    /// A student's favorite tutor (`favorites`).
    Favorite = bp::types::Favorite {
        id: String,
        student_id: String,
        tutor_profile_id: String,
        created_at: Date,
    }
    /// A tutor's note after a lesson (`progress_logs`).
    ProgressLog = bp::types::ProgressLog {
        id: String,
        booking_id: String,
        tutor_profile_id: String,
        student_id: String,
        summary: Option<String>,
        homework: Option<String>,
        next_plan: Option<String>,
        attachment_url: Option<String>,
        created_at: Date,
        updated_at: Date,
    }
    /// A report in the moderation queue (`reports`).
    Report = bp::types::Report {
        id: String,
        reporter_user_id: String,
        target_type: Option<ReportTargetType>,
        target_id: String,
        reason: Option<ReportReason>,
        description: Option<String>,
        status: ReportStatus,
        handled_by: Option<String>,
        handled_at: Option<Date>,
        created_at: Date,
        updated_at: Date,
    }
    /// An in-app notification (`notifications`).
    Notification = bp::types::Notification {
        id: String,
        user_id: String,
        kind: NotificationType,
        title: String,
        message: String,
        link: Option<String>,
        is_read: bool,
        read_at: Option<Date>,
        created_at: Date,
    }
    /// An event for the host to deliver (`outbox_events`).
    OutboxEvent = bp::types::OutboxEvent {
        id: String,
        topic: String,
        user_id: Option<String>,
        payload: serde_json::Value,
        attempts: i32,
        locked_until: Option<Date>,
        delivered_at: Option<Date>,
        created_at: Date,
    }
    /// A favorite tutor, as a student's list shows it.
    FavoriteTutor = bp::types::FavoriteTutor {
        tutor_profile_id: String,
        user_id: String,
        full_name: String,
        avatar_url: Option<String>,
        headline: Option<String>,
        rating_avg: String,
        rating_count: i32,
        hourly_rate: String,
        currency: String,
        favorited_at: Date,
    }
    /// The active categories and subjects.
    Catalog = bp::marketplace::Catalog {
        categories: Vec<SubjectCategory>,
        subjects: Vec<Subject>,
    }
    /// A conversation and how many of its messages the actor has not read.
    ConversationSummary = bp::marketplace::ConversationSummary {
        conversation: Conversation,
        unread: i64,
    }
    /// The actor's conversations with unread counts.
    Inbox = bp::marketplace::Inbox {
        conversations: Vec<ConversationSummary>,
        unread_total: i64,
    }
    /// One tutor search result.
    TutorSummary = bp::search::TutorSummary {
        tutor_profile_id: String,
        full_name: String,
        headline: Option<String>,
        city: Option<String>,
        rating_avg: String,
        rating_count: i32,
        min_price: String,
        currency: String,
        is_verified: bool,
        teaching_modes: Vec<TeachingMode>,
        subjects: Vec<String>,
        completed_lessons: i32,
        distance_km: Option<f64>,
    }
    /// A page of tutor search results.
    SearchPage = bp::search::SearchPage {
        items: Vec<TutorSummary>,
        next_cursor: Option<String>,
        total: i64,
        total_exact: bool,
    }
    /// An account: a student, a tutor or an admin (`users`).
    User = bp::types::User {
        id: String,
        email: Option<String>,
        phone: Option<String>,
        full_name: String,
        avatar_url: Option<String>,
        gender: Option<String>,
        birthdate: Option<String>,
        role: Role,
        status: UserStatus,
        last_login_at: Option<Date>,
        created_at: Date,
        updated_at: Date,
        deleted_at: Option<Date>,
    } + hidden { password_hash }
    /// A tutor's public profile (`tutor_profiles`).
    TutorProfile = bp::types::TutorProfile {
        id: String,
        user_id: String,
        headline: Option<String>,
        bio: Option<String>,
        education: Option<String>,
        experience_years: Option<i32>,
        teaching_modes: Vec<TeachingMode>,
        base_city: Option<String>,
        timezone: String,
        intro_video_url: Option<String>,
        hourly_rate: String,
        currency: String,
        is_verified: bool,
        verification_status: VerificationStatus,
        verification_note: Option<String>,
        rating_avg: String,
        rating_count: i32,
        completed_lessons_count: i32,
        response_rate: i32,
        status: TutorStatus,
        created_at: Date,
        updated_at: Date,
        deleted_at: Option<Date>,
    }
    /// A subject category (`subject_categories`).
    SubjectCategory = bp::types::SubjectCategory {
        id: String,
        name: String,
        slug: String,
        is_active: bool,
        created_at: Date,
        updated_at: Date,
    }
    /// A subject (`subjects`).
    Subject = bp::types::Subject {
        id: String,
        name: String,
        slug: String,
        category_id: Option<String>,
        is_active: bool,
        created_at: Date,
        updated_at: Date,
    }
    /// What a tutor teaches, at which level and price (`tutor_subjects`).
    TutorSubject = bp::types::TutorSubject {
        id: String,
        tutor_profile_id: String,
        subject_id: String,
        level: Option<Level>,
        price_override: Option<String>,
        currency: String,
        description: Option<String>,
        is_active: bool,
        created_at: Date,
        updated_at: Date,
    }
    /// A weekly availability rule in the tutor's local time (`tutor_availabilities`).
    TutorAvailability = bp::types::TutorAvailability {
        id: String,
        tutor_profile_id: String,
        day_of_week: i32,
        start_time: String,
        end_time: String,
        slot_duration_minutes: i32,
        is_active: bool,
        created_at: Date,
        updated_at: Date,
    }
    /// An interval the tutor is away (`tutor_time_offs`).
    TutorTimeOff = bp::types::TutorTimeOff {
        id: String,
        tutor_profile_id: String,
        start_at: Date,
        end_at: Date,
        reason: Option<String>,
        created_at: Date,
    }
    /// A local date with other hours, or closed when both times are null
    /// (`tutor_date_overrides`).
    TutorDateOverride = bp::types::TutorDateOverride {
        id: String,
        tutor_profile_id: String,
        date: String,
        start_time: Option<String>,
        end_time: Option<String>,
        created_at: Date,
    }
    /// A lesson booking (`bookings`).
    Booking = bp::types::Booking {
        id: String,
        student_id: String,
        tutor_profile_id: String,
        tutor_subject_id: Option<String>,
        mode: Option<LessonMode>,
        start_at: Date,
        end_at: Date,
        duration_minutes: i32,
        location_type: Option<LocationType>,
        location_address: Option<String>,
        lat: Option<String>,
        lng: Option<String>,
        meeting_link: Option<String>,
        status: BookingStatus,
        cancelled_by: Option<CancelledBy>,
        cancel_reason: Option<String>,
        price: String,
        platform_fee: String,
        total_amount: String,
        currency: String,
        notes: Option<String>,
        created_at: Date,
        updated_at: Date,
        deleted_at: Option<Date>,
    }
    /// One status change of a booking (`booking_status_logs`).
    BookingStatusLog = bp::types::BookingStatusLog {
        id: String,
        booking_id: String,
        from_status: Option<BookingStatus>,
        to_status: BookingStatus,
        changed_by_user_id: Option<String>,
        reason: Option<String>,
        created_at: Date,
    }
    /// A payment of a booking (`payment_transactions`); its `id` is the provider's order id.
    PaymentTransaction = bp::types::PaymentTransaction {
        id: String,
        booking_id: Option<String>,
        package_purchase_id: Option<String>,
        provider: Option<PaymentProvider>,
        payment_method: Option<String>,
        external_payment_id: Option<String>,
        status: PaymentStatus,
        amount: String,
        currency: String,
        paid_at: Option<Date>,
        expires_at: Option<Date>,
        raw_payload: Option<serde_json::Value>,
        created_at: Date,
        updated_at: Date,
        deleted_at: Option<Date>,
    }
    /// A user's wallet (`wallets`).
    Wallet = bp::types::Wallet {
        id: String,
        user_id: String,
        balance: String,
        currency: String,
        created_at: Date,
        updated_at: Date,
        deleted_at: Option<Date>,
    }
    /// A tutor's request to withdraw earnings (`withdrawal_requests`).
    WithdrawalRequest = bp::types::WithdrawalRequest {
        id: String,
        wallet_id: String,
        amount: String,
        currency: String,
        status: WithdrawalStatus,
        handled_by: Option<String>,
        handled_at: Option<Date>,
        reference_id: Option<String>,
        note: Option<String>,
        created_at: Date,
        updated_at: Date,
    }
    /// A bundle of sessions a tutor sells (`lesson_packages`).
    LessonPackage = bp::types::LessonPackage {
        id: String,
        tutor_profile_id: String,
        tutor_subject_id: Option<String>,
        name: String,
        session_count: i32,
        session_minutes: i32,
        total_price: String,
        currency: String,
        valid_days: i32,
        is_active: bool,
        created_at: Date,
        updated_at: Date,
        deleted_at: Option<Date>,
    }
    /// A student's purchase of a package (`package_purchases`).
    PackagePurchase = bp::types::PackagePurchase {
        id: String,
        student_id: String,
        lesson_package_id: String,
        status: PurchaseStatus,
        sessions_remaining: i32,
        start_at: Option<Date>,
        expires_at: Option<Date>,
        created_at: Date,
        updated_at: Date,
        deleted_at: Option<Date>,
    }
    /// A package purchase sent to payment, and the payment to make.
    PackageCheckout = bp::marketplace::PackageCheckout {
        purchase: PackagePurchase,
        payment: PaymentTransaction,
    }
    /// A free slot `[start, end)`.
    Interval = bp::slots::Interval {
        start: Date,
        end: Date,
    }
    /// A booking sent to payment, and the payment to make.
    Checkout = bp::marketplace::Checkout {
        booking: Booking,
        payment: PaymentTransaction,
    }
    /// What one `runDue()` did.
    DueReport = bp::marketplace::DueReport {
        expired: f64,
        completed: f64,
        reminded: f64,
        purchases_cancelled: f64,
        purchases_expired: f64,
        response_rates_updated: f64,
        skipped: f64,
    }
    /// The ledger audit: totals, and every broken invariant in words (empty = the books are
    /// right).
    LedgerReport = bp::ledger::LedgerReport {
        movements: f64,
        entries: f64,
        held: String,
        escrow: String,
        platform: String,
        wallets: String,
        violations: Vec<String>,
    }
}

inputs! {
    /// Who is calling, as the host authenticated them.
    Actor = bp::Actor {
        user_id: Uuid,
        role: Role,
    }
    /// A new student or tutor account (`registerUser`).
    NewUser = bp::marketplace::NewUser {
        role: Role,
        full_name: String,
        email: Option<String>,
        phone: Option<String>,
        password: Option<String>,
    }
    /// A new tutor profile, created as a draft (`createTutorProfile`).
    NewTutorProfile = bp::marketplace::NewTutorProfile {
        headline: Option<String>,
        bio: Option<String>,
        education: Option<String>,
        experience_years: Option<int32::Int>,
        teaching_modes: Vec<TeachingMode>,
        base_city: Option<String>,
        timezone: Option<String>,
        hourly_rate: Decimal,
        intro_video_url: Option<String>,
    }
    /// A subject the tutor teaches (`addTutorSubject`).
    NewTutorSubject = bp::marketplace::NewTutorSubject {
        subject_id: Uuid,
        level: Level,
        price_override: Option<Decimal>,
        description: Option<String>,
    }
    /// A weekly rule in the tutor's local time; times as `"16:00"` (`setWeeklyAvailability`).
    AvailabilityRule = bp::marketplace::AvailabilityRule {
        day_of_week: int32::Int,
        start_time: LocalTime,
        end_time: LocalTime,
        slot_duration_minutes: int32::Int,
    }
    /// What a student asks to book (`createBooking`).
    NewBooking = bp::marketplace::NewBooking {
        tutor_subject_id: Uuid,
        start_at: Date,
        duration_minutes: Int,
        mode: LessonMode,
        location_type: Option<LocationType>,
        location_address: Option<String>,
        lat: Option<Decimal>,
        lng: Option<Decimal>,
        meeting_link: Option<String>,
        notes: Option<String>,
    }
    /// A package of sessions a tutor offers (`createPackage`).
    NewPackage = bp::marketplace::NewPackage {
        name: String,
        tutor_subject_id: Option<Uuid>,
        session_count: int32::Int,
        session_minutes: int32::Int,
        total_price: Decimal,
        valid_days: int32::Int,
    }
    /// A verified provider notification in provider-neutral terms (`applyPaymentUpdate`).
    PaymentUpdate = bp::marketplace::PaymentUpdate {
        provider: PaymentProvider,
        order_id: String,
        external_id: Option<String>,
        status: PaymentStatus,
        amount: Decimal,
        currency: String,
        payment_method: Option<String>,
        dedup_key: String,
        raw_payload: serde_json::Value,
    }
    /// An address (`addAddress`, `updateAddress`).
    NewAddress = bp::marketplace::NewAddress {
        label: Option<String>,
        province: Option<String>,
        city: Option<String>,
        district: Option<String>,
        address_detail: Option<String>,
        lat: Option<Decimal>,
        lng: Option<Decimal>,
        is_primary: bool,
    }
    /// Changes to the actor's account (`updateProfile`): absent keeps, `""` clears.
    ProfileUpdate = bp::marketplace::ProfileUpdate {
        full_name: Option<String>,
        email: Option<String>,
        phone: Option<String>,
        avatar_url: Option<String>,
        gender: Option<String>,
        birthdate: Option<LocalDate>,
    }
    /// What a user reports (`report`).
    NewReport = bp::marketplace::NewReport {
        target_type: ReportTargetType,
        target_id: Uuid,
        reason: ReportReason,
        description: Option<String>,
    }
    /// Changes to one of the tutor's subjects (`updateTutorSubject`).
    TutorSubjectUpdate = bp::marketplace::TutorSubjectUpdate {
        price_override: Option<Decimal>,
        description: Option<String>,
        is_active: bool,
    }
    /// A review of a completed lesson (`writeReview`).
    NewReview = bp::marketplace::NewReview {
        rating: int32::Int,
        comment: Option<String>,
    }
    /// A chat message (`sendMessage`).
    NewMessage = bp::marketplace::NewMessage {
        message_type: MessageType,
        content: Option<String>,
        file_url: Option<String>,
    }
    /// A tutor's note after a lesson (`writeProgressLog`, `updateProgressLog`).
    ProgressNote = bp::marketplace::ProgressNote {
        summary: Option<String>,
        homework: Option<String>,
        next_plan: Option<String>,
        attachment_url: Option<String>,
    }
    /// A point on the map, in degrees.
    GeoPoint = bp::search::GeoPoint {
        lat: Float,
        lng: Float,
    }
    /// A tutor search (`searchTutors`); `cursor` from the previous page.
    TutorSearch = bp::search::TutorSearch {
        text: Option<String>,
        subject: Option<String>,
        level: Option<Level>,
        min_price: Option<Decimal>,
        max_price: Option<Decimal>,
        city: Option<String>,
        min_rating: Option<Decimal>,
        verified_only: Option<bool>,
        mode: Option<TeachingMode>,
        available_from: Option<Date>,
        available_to: Option<Date>,
        lesson_minutes: Option<Int>,
        near: Option<GeoPoint>,
        radius_km: Option<Float>,
        sort: Option<SearchSort>,
        limit: Option<uint32::Int>,
        cursor: Option<String>,
    }
    /// A page cursor in a chat history: the last message seen.
    MessageCursor = bp::types::Cursor<bp::types::MessageId> {
        created_at: Date,
        id: Uuid,
    }
    /// A page cursor in a tutor's reviews: the last review seen.
    ReviewCursor = bp::types::Cursor<bp::types::ReviewId> {
        created_at: Date,
        id: Uuid,
    }
}

/// Local opening hours of one date, times as `"09:00"` (`setDateOverride`).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone)]
pub struct TimeRange {
    /// Local start.
    pub start_time: LocalTime,
    /// Local end.
    pub end_time: LocalTime,
}

object_reader!(TimeRange {
    start_time,
    end_time
});

impl FromJs<TimeRange> for (chrono::NaiveTime, chrono::NaiveTime) {
    fn from_js(js: TimeRange, path: Path<'_>) -> Result<Self, ArgError> {
        Ok((
            FromJs::from_js(js.start_time, path.field("start_time"))?,
            FromJs::from_js(js.end_time, path.field("end_time"))?,
        ))
    }
}

/// How a dispute is settled.
#[napi(string_enum = "snake_case")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResolutionKind {
    /// Everything to the tutor and the platform.
    Release,
    /// Everything back to the student.
    Refund,
    /// `refund` back to the student, the rest divided as for a completed lesson.
    Split,
}

impl JsEnum for ResolutionKind {
    fn values() -> Vec<&'static str> {
        vec!["release", "refund", "split"]
    }
}

impl ReadJs for ResolutionKind {
    const EXPECTED: &'static str = "a ResolutionKind string";
    unsafe fn read(
        env: sys::napi_env,
        value: sys::napi_value,
        path: Path<'_>,
    ) -> Result<Self, ArgError> {
        unsafe { read_enum(env, value, path) }
    }
}

/// How an admin settles a dispute (`resolveDispute`): `{ kind: 'split', refund: '50000' }`.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug, Clone)]
pub struct DisputeResolution {
    /// Release, refund or split.
    pub kind: ResolutionKind,
    /// For `split`: what goes back to the student (a decimal string).
    pub refund: Option<Decimal>,
}

object_reader!(DisputeResolution { kind, refund });

impl FromJs<DisputeResolution> for bp::marketplace::DisputeResolution {
    fn from_js(js: DisputeResolution, path: Path<'_>) -> Result<Self, ArgError> {
        use bp::marketplace::DisputeResolution as Core;
        let refund = path.field("refund");
        match (js.kind, js.refund) {
            (ResolutionKind::Release, None) => Ok(Core::Release),
            (ResolutionKind::Refund, None) => Ok(Core::Refund),
            (ResolutionKind::Split, Some(amount)) => Ok(Core::Split {
                refund: FromJs::from_js(amount, refund)?,
            }),
            (ResolutionKind::Split, None) => Err(refund.type_error("is required for a split")),
            (_, Some(_)) => Err(refund.type_error("is only for a split")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// napi's snake_case of a variant name.
    fn snake(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    #[test]
    fn enum_strings_are_core_strings() {
        let mut checked = 0;
        check_enum_strings(&mut |rust_name, core| {
            assert_eq!(snake(rust_name), core);
            checked += 1;
        });
        assert!(checked > 40);
    }

    #[test]
    fn resolution_kinds_are_listed() {
        let rust = [
            ResolutionKind::Release,
            ResolutionKind::Refund,
            ResolutionKind::Split,
        ];
        let names = rust.map(|k| snake(&format!("{k:?}")));
        assert_eq!(names.to_vec(), ResolutionKind::values());
    }
}
