//! The marketplace policy, for hosts that run other rules than core's defaults (and for tests
//! that want, say, a shorter minimum notice).

use rust_decimal::Decimal;

use crate::edge::input;

input! {
    /// The market's knobs (core's `Policy`). Start from [`default_policy`] and change what
    /// differs: `defaultPolicy().copy(minimumNotice = Duration.ofMinutes(30))`; rates are decimal
    /// strings (`"0.15"` = 15%).
    Policy => PolicyKnobs {
        /// The platform's commission, a fraction of the lesson price, kept from the tutor's share.
        platform_fee_rate: Decimal,
        /// A fee the student pays on top of the price, as a fraction of it (0 = none).
        student_service_fee_rate: Decimal,
        /// How long a checkout's payment stays open.
        payment_expiry: chrono::Duration,
        /// A student who cancels at least this long before the start gets everything back.
        free_cancellation_window: chrono::Duration,
        /// What a student who cancels later gets back, as a fraction of what they paid.
        late_cancellation_refund_rate: Decimal,
        /// Earliest bookable start is now + this.
        minimum_notice: chrono::Duration,
        /// Latest bookable start is now + this.
        booking_horizon: chrono::Duration,
        /// Free time kept before every lesson.
        buffer_before: chrono::Duration,
        /// Free time kept after every lesson.
        buffer_after: chrono::Duration,
        /// Candidate slot starts are this far apart.
        slot_step: chrono::Duration,
        /// How long after a lesson the student may dispute it before it completes by itself.
        dispute_window: chrono::Duration,
        /// Reviews can be written for this long after completion.
        review_window: chrono::Duration,
        /// A lesson reminder goes out this long before the start.
        reminder_lead: chrono::Duration,
        /// Refunds go back to the original payment method (false: to the student's wallet).
        refund_to_original_method: bool,
        /// Shortest lesson, in minutes.
        min_lesson_minutes: i64,
        /// Longest lesson, in minutes.
        max_lesson_minutes: i64,
    }
}

/// Core's `Policy` with its lesson lengths as two fields (core has a pair), as
/// `MarketplaceOptions.policy` converts to.
pub struct PolicyKnobs {
    platform_fee_rate: Decimal,
    student_service_fee_rate: Decimal,
    payment_expiry: chrono::Duration,
    free_cancellation_window: chrono::Duration,
    late_cancellation_refund_rate: Decimal,
    minimum_notice: chrono::Duration,
    booking_horizon: chrono::Duration,
    buffer_before: chrono::Duration,
    buffer_after: chrono::Duration,
    slot_step: chrono::Duration,
    dispute_window: chrono::Duration,
    review_window: chrono::Duration,
    reminder_lead: chrono::Duration,
    refund_to_original_method: bool,
    min_lesson_minutes: i64,
    max_lesson_minutes: i64,
}

/// Core's default policy (what a new Indonesian marketplace starts with).
#[uniffi::export]
pub fn default_policy() -> Policy {
    blajarplus::policy::Policy::default().into()
}

/// A span going out: never negative in a policy (UniFFI durations cannot be).
fn span(d: chrono::Duration) -> std::time::Duration {
    d.to_std().unwrap_or_default()
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
            platform_fee_rate: platform_fee_rate.to_string(),
            student_service_fee_rate: student_service_fee_rate.to_string(),
            payment_expiry: span(payment_expiry),
            free_cancellation_window: span(free_cancellation_window),
            late_cancellation_refund_rate: late_cancellation_refund_rate.to_string(),
            minimum_notice: span(minimum_notice),
            booking_horizon: span(booking_horizon),
            buffer_before: span(buffer_before),
            buffer_after: span(buffer_after),
            slot_step: span(slot_step),
            dispute_window: span(dispute_window),
            review_window: span(review_window),
            reminder_lead: span(reminder_lead),
            refund_to_original_method,
            min_lesson_minutes,
            max_lesson_minutes,
        }
    }
}

impl From<PolicyKnobs> for blajarplus::policy::Policy {
    fn from(p: PolicyKnobs) -> Self {
        let PolicyKnobs {
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
    use crate::edge::{Edge, Path};

    #[test]
    fn the_default_policy_round_trips() {
        let core = blajarplus::policy::Policy::default();
        let mirror = default_policy();
        assert_eq!(mirror.min_lesson_minutes, core.lesson_minutes.0);
        assert_eq!(mirror.platform_fee_rate, "0.15");
        let knobs = PolicyKnobs::lift(mirror, &Path::argument("policy")).unwrap();
        assert_eq!(blajarplus::policy::Policy::from(knobs), core);
    }
}
