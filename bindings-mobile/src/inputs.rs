//! The input records of the facade, each declared once with [`input!`]: a UniFFI record of the
//! fields' wire forms (what Kotlin and Swift build: ids, amounts, local times as strings,
//! instants as `Instant` / `Date`) and its conversion into core's struct, which names the field
//! of any value it refuses (see [`crate::edge`]). A field added to or renamed in core fails to
//! compile here (the conversion is a struct literal).

use std::sync::Arc;

use blajarplus::marketplace::NewUser as CoreNewUser;
use blajarplus::types::*;
use rust_decimal::Decimal;

use crate::clock::FixedClock;
use crate::convert::{Json, LocalDate, LocalTime, UtcDateTime};
use crate::edge::{ContractLeaf, Edge, Path, PathStep, Wire, field_shape, input};
use crate::error::BlajarplusError;
use crate::policy::PolicyKnobs;

input! {
    /// Who is calling, as the host authenticated them (`Actor(userId, Role.STUDENT)`).
    Actor => blajarplus::Actor {
        user_id: UserId,
        role: Role,
    }

    /// A new account (`student` or `tutor`); at least one of email and phone. Core's
    /// `NewUser` without its password, which `register_user` takes as an argument instead:
    /// Kotlin data classes and Swift structs print every field, and a record that carried the
    /// password would put it in any log that prints the record.
    NewUser => Registration {
        /// `student` or `tutor`.
        role: Role,
        /// The person's name.
        full_name: String,
        /// Email (lower-cased and trimmed by core).
        #[uniffi(default = None)]
        email: Option<String>,
        /// Phone (normalised to E.164 by core).
        #[uniffi(default = None)]
        phone: Option<String>,
    }

    /// A new tutor profile (it starts as a draft); `hourly_rate` is a decimal string.
    NewTutorProfile => blajarplus::marketplace::NewTutorProfile {
        #[uniffi(default = None)]
        headline: Option<String>,
        #[uniffi(default = None)]
        bio: Option<String>,
        #[uniffi(default = None)]
        education: Option<String>,
        #[uniffi(default = None)]
        experience_years: Option<i32>,
        teaching_modes: Vec<TeachingMode>,
        #[uniffi(default = None)]
        base_city: Option<String>,
        /// IANA zone; `Asia/Jakarta` when null.
        #[uniffi(default = None)]
        timezone: Option<String>,
        hourly_rate: Decimal,
        #[uniffi(default = None)]
        intro_video_url: Option<String>,
    }

    /// A subject the tutor teaches, at a level, optionally at its own price.
    NewTutorSubject => blajarplus::marketplace::NewTutorSubject {
        subject_id: SubjectId,
        level: Level,
        #[uniffi(default = None)]
        price_override: Option<Decimal>,
        #[uniffi(default = None)]
        description: Option<String>,
    }

    /// A weekly availability rule in the tutor's local time; `day_of_week` 0 = Sunday … 6.
    AvailabilityRule => blajarplus::marketplace::AvailabilityRule {
        day_of_week: i32,
        start_time: LocalTime,
        end_time: LocalTime,
        slot_duration_minutes: i32,
    }

    /// Opening hours of one day in the tutor's local time (`set_date_override`).
    TimeRange => Hours {
        /// Local start.
        start_time: LocalTime,
        /// Local end, after the start.
        end_time: LocalTime,
    }

    /// What a student asks to book; `start_at` must be an offered slot.
    NewBooking => blajarplus::marketplace::NewBooking {
        tutor_subject_id: TutorSubjectId,
        start_at: UtcDateTime,
        duration_minutes: i64,
        mode: LessonMode,
        #[uniffi(default = None)]
        location_type: Option<LocationType>,
        #[uniffi(default = None)]
        location_address: Option<String>,
        #[uniffi(default = None)]
        lat: Option<Decimal>,
        #[uniffi(default = None)]
        lng: Option<Decimal>,
        #[uniffi(default = None)]
        meeting_link: Option<String>,
        #[uniffi(default = None)]
        notes: Option<String>,
    }

    /// A package a tutor offers: `session_count` sessions of `session_minutes` for
    /// `total_price` (a decimal string), usable for `valid_days` after payment.
    NewPackage => blajarplus::marketplace::NewPackage {
        name: String,
        #[uniffi(default = None)]
        tutor_subject_id: Option<TutorSubjectId>,
        session_count: i32,
        session_minutes: i32,
        total_price: Decimal,
        valid_days: i32,
    }

    /// A verified provider notification in provider-neutral terms (`raw_payload` is JSON text).
    PaymentUpdate => blajarplus::marketplace::PaymentUpdate {
        provider: PaymentProvider,
        order_id: String,
        external_id: Option<String>,
        status: PaymentStatus,
        amount: Decimal,
        currency: Currency,
        payment_method: Option<String>,
        dedup_key: String,
        raw_payload: Json,
    }

    /// An address (`addAddress`, `updateAddress`); `lat`/`lng` together.
    NewAddress => blajarplus::marketplace::NewAddress {
        #[uniffi(default = None)]
        label: Option<String>,
        #[uniffi(default = None)]
        province: Option<String>,
        #[uniffi(default = None)]
        city: Option<String>,
        #[uniffi(default = None)]
        district: Option<String>,
        #[uniffi(default = None)]
        address_detail: Option<String>,
        #[uniffi(default = None)]
        lat: Option<Decimal>,
        #[uniffi(default = None)]
        lng: Option<Decimal>,
        #[uniffi(default = false)]
        is_primary: bool,
    }

    /// Changes to the actor's account: `null` keeps a field, `""` clears an optional one.
    ProfileUpdate => blajarplus::marketplace::ProfileUpdate {
        #[uniffi(default = None)]
        full_name: Option<String>,
        #[uniffi(default = None)]
        email: Option<String>,
        #[uniffi(default = None)]
        phone: Option<String>,
        #[uniffi(default = None)]
        avatar_url: Option<String>,
        #[uniffi(default = None)]
        gender: Option<String>,
        #[uniffi(default = None)]
        birthdate: Option<LocalDate>,
    }

    /// What a user reports.
    NewReport => blajarplus::marketplace::NewReport {
        target_type: ReportTargetType,
        target_id: TargetId,
        reason: ReportReason,
        #[uniffi(default = None)]
        description: Option<String>,
    }

    /// Changes to one of the tutor's subjects.
    TutorSubjectUpdate => blajarplus::marketplace::TutorSubjectUpdate {
        #[uniffi(default = None)]
        price_override: Option<Decimal>,
        #[uniffi(default = None)]
        description: Option<String>,
        #[uniffi(default = true)]
        is_active: bool,
    }

    /// A review of a completed lesson: 1–5 stars.
    NewReview => blajarplus::marketplace::NewReview {
        rating: i32,
        #[uniffi(default = None)]
        comment: Option<String>,
    }

    /// A chat message: text needs `content`, image/file a `file_url`.
    NewMessage => blajarplus::marketplace::NewMessage {
        message_type: MessageType,
        #[uniffi(default = None)]
        content: Option<String>,
        #[uniffi(default = None)]
        file_url: Option<String>,
    }

    /// What a tutor writes after a lesson.
    ProgressNote => blajarplus::marketplace::ProgressNote {
        #[uniffi(default = None)]
        summary: Option<String>,
        #[uniffi(default = None)]
        homework: Option<String>,
        #[uniffi(default = None)]
        next_plan: Option<String>,
        #[uniffi(default = None)]
        attachment_url: Option<String>,
    }

    /// A point on the map, in degrees.
    GeoPoint => blajarplus::search::GeoPoint {
        lat: f64,
        lng: f64,
    }

    /// A tutor search: every filter optional; `cursor` from the previous page.
    TutorSearch => blajarplus::search::TutorSearch {
        #[uniffi(default = None)]
        text: Option<String>,
        #[uniffi(default = None)]
        subject: Option<String>,
        #[uniffi(default = None)]
        level: Option<Level>,
        #[uniffi(default = None)]
        min_price: Option<Decimal>,
        #[uniffi(default = None)]
        max_price: Option<Decimal>,
        #[uniffi(default = None)]
        city: Option<String>,
        #[uniffi(default = None)]
        min_rating: Option<Decimal>,
        #[uniffi(default = false)]
        verified_only: bool,
        #[uniffi(default = None)]
        mode: Option<TeachingMode>,
        #[uniffi(default = None)]
        available_from: Option<UtcDateTime>,
        #[uniffi(default = None)]
        available_to: Option<UtcDateTime>,
        #[uniffi(default = None)]
        lesson_minutes: Option<i64>,
        #[uniffi(default = None)]
        near: Option<blajarplus::search::GeoPoint>,
        #[uniffi(default = None)]
        radius_km: Option<f64>,
        sort: blajarplus::search::SearchSort,
        #[uniffi(default = None)]
        limit: Option<u32>,
        #[uniffi(default = None)]
        cursor: Option<String>,
    }

    /// A page cursor in a chat history: the last message seen (core's `Cursor<MessageId>`).
    MessageCursor => Cursor<MessageId> {
        /// `created_at` of the last message seen.
        created_at: UtcDateTime,
        /// Its id (breaks ties between equal instants).
        id: MessageId,
    }

    /// A page cursor in a tutor's reviews: the last review seen (core's `Cursor<ReviewId>`).
    ReviewCursor => Cursor<ReviewId> {
        /// `created_at` of the last review seen.
        created_at: UtcDateTime,
        /// Its id (breaks ties between equal instants).
        id: ReviewId,
    }

    /// How to open a marketplace; every field is optional.
    MarketplaceOptions => Options {
        /// A clock to read "now" from (tests, simulations); the system clock when null.
        #[uniffi(default = None)]
        clock: Option<Arc<FixedClock>>,
        /// The Midtrans server key that verifies Midtrans notifications.
        #[uniffi(default = None)]
        midtrans_server_key: Option<String>,
        /// The Xendit callback verification token (`x-callback-token`).
        #[uniffi(default = None)]
        xendit_callback_token: Option<String>,
        /// Other rules than core's defaults (start from `default_policy()`); the defaults when
        /// null.
        #[uniffi(default = None)]
        policy: Option<PolicyKnobs>,
    }
}

/// A new account as `register_user` receives it, before the password is added.
pub struct Registration {
    role: Role,
    full_name: String,
    email: Option<String>,
    phone: Option<String>,
}

impl Registration {
    /// Core's `NewUser` with the password the caller passed beside it.
    pub fn with_password(self, password: Option<String>) -> CoreNewUser {
        let Registration {
            role,
            full_name,
            email,
            phone,
        } = self;
        CoreNewUser {
            role,
            full_name,
            email,
            phone,
            password,
        }
    }
}

/// One day's opening hours as core takes them (a `(start, end)` pair).
pub struct Hours {
    start_time: LocalTime,
    end_time: LocalTime,
}

impl From<Hours> for (LocalTime, LocalTime) {
    fn from(h: Hours) -> Self {
        (h.start_time, h.end_time)
    }
}

/// `Marketplace.open`'s options, converted.
#[derive(Default)]
pub struct Options {
    pub clock: Option<Arc<FixedClock>>,
    pub midtrans_server_key: Option<String>,
    pub xendit_callback_token: Option<String>,
    pub policy: Option<PolicyKnobs>,
}

/// How an admin settles a dispute.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum DisputeResolution {
    /// Everything to the tutor and the platform.
    Release,
    /// Everything back to the student.
    Refund,
    /// `refund` back to the student, the rest divided as for a completed lesson.
    Split { refund: Wire<Decimal> },
}

impl Edge for blajarplus::marketplace::DisputeResolution {
    type Wire = DisputeResolution;
    fn lift(wire: DisputeResolution, at: &Path<'_>) -> Result<Self, BlajarplusError> {
        use blajarplus::marketplace::DisputeResolution as Core;
        Ok(match wire {
            DisputeResolution::Release => Core::Release,
            DisputeResolution::Refund => Core::Refund,
            DisputeResolution::Split { refund } => Core::Split {
                refund: Decimal::lift(refund, &at.variant().field("refund"))?,
            },
        })
    }
    fn shape(at: &mut Vec<PathStep>, out: &mut Vec<ContractLeaf>) {
        at.push(PathStep::Variant {
            name: "Split".into(),
        });
        field_shape::<Decimal>("refund", at, out);
        at.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edge::{ContractArgument, EdgeKind};

    #[test]
    fn a_bad_field_names_itself_and_its_path() {
        let rule = AvailabilityRule {
            day_of_week: 1,
            start_time: "16:00".into(),
            end_time: "25:00".into(),
            slot_duration_minutes: 60,
        };
        let at = Path::argument("rules");
        let err =
            Vec::<blajarplus::marketplace::AvailabilityRule>::lift(vec![rule.clone(), rule], &at)
                .unwrap_err();
        assert_eq!(
            err,
            BlajarplusError::Validation {
                field: Some("endTime".into()),
                reason: "rules[0].endTime: \"25:00\" is not a time like \"16:00\"".into(),
            }
        );
    }

    #[test]
    fn shapes_list_every_leaf() {
        let arg = ContractArgument::of::<blajarplus::marketplace::NewBooking>("new");
        let kinds: Vec<(String, EdgeKind)> = arg
            .leaves
            .iter()
            .map(|l| {
                let PathStep::Field { name } = &l.path[0] else {
                    panic!("{l:?}")
                };
                (name.clone(), l.kind)
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("tutor_subject_id", EdgeKind::Uuid),
                ("start_at", EdgeKind::Instant),
                ("location_address", EdgeKind::Text),
                ("lat", EdgeKind::Decimal),
                ("lng", EdgeKind::Decimal),
                ("meeting_link", EdgeKind::Text),
                ("notes", EdgeKind::Text),
            ]
            .map(|(n, k)| (n.to_owned(), k))
        );
        let split = ContractArgument::of::<blajarplus::marketplace::DisputeResolution>("r");
        assert_eq!(
            split.leaves,
            [ContractLeaf {
                path: vec![
                    PathStep::Variant {
                        name: "Split".into()
                    },
                    PathStep::Field {
                        name: "refund".into()
                    },
                ],
                kind: EdgeKind::Decimal,
            }]
        );
    }
}
