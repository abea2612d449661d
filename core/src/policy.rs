//! The market's knobs, in one value with sensible defaults. No magic numbers elsewhere.

use chrono::Duration;
use rust_decimal::Decimal;

/// Marketplace policy. `Policy::default()` is what a new Indonesian marketplace would start
/// with; every field can be changed by the host.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The platform's commission, as a fraction of the lesson price (0.15 = 15%), kept from
    /// the tutor's share.
    pub platform_fee_rate: Decimal,
    /// An optional fee the student pays on top of the price, as a fraction of it (0 = none).
    pub student_service_fee_rate: Decimal,
    /// How long a checkout's payment stays open before the booking is cancelled by the system.
    pub payment_expiry: Duration,
    /// A student who cancels at least this long before the start gets everything back.
    pub free_cancellation_window: Duration,
    /// What a student who cancels later gets back, as a fraction of what they paid
    /// (0 = nothing, as on Preply; the rest goes to the tutor and the platform).
    pub late_cancellation_refund_rate: Decimal,
    /// Earliest bookable start is now + this.
    pub minimum_notice: Duration,
    /// Latest bookable start is now + this.
    pub booking_horizon: Duration,
    /// Free time kept before every lesson.
    pub buffer_before: Duration,
    /// Free time kept after every lesson.
    pub buffer_after: Duration,
    /// Candidate slot starts are this far apart.
    pub slot_step: Duration,
    /// After a lesson ends the student may dispute it for this long; then it completes by
    /// itself and the escrow is released.
    pub dispute_window: Duration,
    /// Reviews can be written for this long after completion.
    pub review_window: Duration,
    /// A `lesson_reminder` notification goes out this long before the start.
    pub reminder_lead: Duration,
    /// Refunds go back to the original payment method (`false`: to the student's wallet as
    /// credit).
    pub refund_to_original_method: bool,
    /// Shortest and longest lesson, in minutes.
    pub lesson_minutes: (i64, i64),
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            platform_fee_rate: Decimal::new(15, 2),
            student_service_fee_rate: Decimal::ZERO,
            payment_expiry: Duration::minutes(30),
            free_cancellation_window: Duration::hours(24),
            late_cancellation_refund_rate: Decimal::ZERO,
            minimum_notice: Duration::hours(2),
            booking_horizon: Duration::days(60),
            buffer_before: Duration::zero(),
            buffer_after: Duration::minutes(10),
            slot_step: Duration::minutes(30),
            dispute_window: Duration::hours(24),
            review_window: Duration::days(30),
            reminder_lead: Duration::hours(24),
            refund_to_original_method: true,
            lesson_minutes: (30, 240),
        }
    }
}
