//! The marketplace policy, for hosts that run other rules than core's defaults (and for tests
//! that want, say, a shorter minimum notice).

use rust_decimal::Decimal;

use crate::convert::Span;

/// The market's knobs (core's `Policy`). Start from [`default_policy`] and change what differs:
/// `defaultPolicy().copy(minimumNotice = Duration.ofMinutes(30))`; rates are decimal strings
/// (`"0.15"` = 15%).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Policy {
    /// The platform's commission, a fraction of the lesson price, kept from the tutor's share.
    pub platform_fee_rate: Decimal,
    /// A fee the student pays on top of the price, as a fraction of it (0 = none).
    pub student_service_fee_rate: Decimal,
    /// How long a checkout's payment stays open.
    pub payment_expiry: Span,
    /// A student who cancels at least this long before the start gets everything back.
    pub free_cancellation_window: Span,
    /// What a student who cancels later gets back, as a fraction of what they paid.
    pub late_cancellation_refund_rate: Decimal,
    /// Earliest bookable start is now + this.
    pub minimum_notice: Span,
    /// Latest bookable start is now + this.
    pub booking_horizon: Span,
    /// Free time kept before every lesson.
    pub buffer_before: Span,
    /// Free time kept after every lesson.
    pub buffer_after: Span,
    /// Candidate slot starts are this far apart.
    pub slot_step: Span,
    /// How long after a lesson the student may dispute it before it completes by itself.
    pub dispute_window: Span,
    /// Reviews can be written for this long after completion.
    pub review_window: Span,
    /// A lesson reminder goes out this long before the start.
    pub reminder_lead: Span,
    /// Refunds go back to the original payment method (false: to the student's wallet).
    pub refund_to_original_method: bool,
    /// Shortest lesson, in minutes.
    pub min_lesson_minutes: i64,
    /// Longest lesson, in minutes.
    pub max_lesson_minutes: i64,
}

/// Core's default policy (what a new Indonesian marketplace starts with).
#[uniffi::export]
pub fn default_policy() -> Policy {
    blajarplus::policy::Policy::default().into()
}

impl From<blajarplus::policy::Policy> for Policy {
    fn from(p: blajarplus::policy::Policy) -> Self {
        // Destructured so that a knob added to core fails to compile here.
        let blajarplus::policy::Policy {
            platform_fee_rate,
            student_service_fee_rate,
            payment_expiry,
            free_cancellation_window,
            late_cancellation_refund_rate,
            minimum_notice,
            booking_horizon,
            buffer_before,
            buffer_after,
            slot_step,
            dispute_window,
            review_window,
            reminder_lead,
            refund_to_original_method,
            lesson_minutes: (min_lesson_minutes, max_lesson_minutes),
        } = p;
        Policy {
            platform_fee_rate,
            student_service_fee_rate,
            payment_expiry,
            free_cancellation_window,
            late_cancellation_refund_rate,
            minimum_notice,
            booking_horizon,
            buffer_before,
            buffer_after,
            slot_step,
            dispute_window,
            review_window,
            reminder_lead,
            refund_to_original_method,
            min_lesson_minutes,
            max_lesson_minutes,
        }
    }
}

impl From<Policy> for blajarplus::policy::Policy {
    fn from(p: Policy) -> Self {
        let Policy {
            platform_fee_rate,
            student_service_fee_rate,
            payment_expiry,
            free_cancellation_window,
            late_cancellation_refund_rate,
            minimum_notice,
            booking_horizon,
            buffer_before,
            buffer_after,
            slot_step,
            dispute_window,
            review_window,
            reminder_lead,
            refund_to_original_method,
            min_lesson_minutes,
            max_lesson_minutes,
        } = p;
        blajarplus::policy::Policy {
            platform_fee_rate,
            student_service_fee_rate,
            payment_expiry,
            free_cancellation_window,
            late_cancellation_refund_rate,
            minimum_notice,
            booking_horizon,
            buffer_before,
            buffer_after,
            slot_step,
            dispute_window,
            review_window,
            reminder_lead,
            refund_to_original_method,
            lesson_minutes: (min_lesson_minutes, max_lesson_minutes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_round_trips() {
        let core = blajarplus::policy::Policy::default();
        let mirror = default_policy();
        assert_eq!(mirror.min_lesson_minutes, core.lesson_minutes.0);
        assert_eq!(blajarplus::policy::Policy::from(mirror), core);
    }
}
