//! Lesson packages' rules: what a valid package is, the lifecycle of a purchase, which
//! booking may draw a session from which purchase, and what each session costs. Pure: the
//! facade ([`crate::marketplace`]) loads the records and persists the outcome.
//!
//! A purchase is paid like a booking, into escrow held for the purchase. Each session drawn
//! is priced when drawn: `floor(unallocated / sessions left)` in whole rupiah, the last one
//! taking everything still unallocated, where *unallocated* is the purchase's escrow minus the
//! prices of its sessions drawn and not yet settled. So the sessions of a purchase always add
//! up to exactly its price, whatever order they are drawn, restored or settled in. A
//! completed session releases its price (less the platform fee) from the purchase's escrow; a
//! refundable cancellation gives the session back instead of moving money; when the purchase
//! expires, the unallocated rest goes back to the student.
//!
//! | from | event | to |
//! |---|---|---|
//! | pending_payment | paid | active (valid for `valid_days` from payment) |
//! | pending_payment | payment failed / expired | cancelled |
//! | active | expires_at passed | expired (unused sessions refunded) |
//!
//! The student service fee of [`Policy`] does not apply to packages: the package's price is
//! what the student pays (a package is an all-in offer, as on Preply); the platform fee is
//! taken from each session's price when it is released.

use crate::error::{Error, Result};
use crate::policy::Policy;
use crate::pricing::{Quote, round_money};
use crate::types::{Booking, LessonPackage, PackagePurchase, PurchaseStatus, check_amount};
use rust_decimal::{Decimal, RoundingStrategy};

/// The most sessions one package may hold.
pub const MAX_SESSIONS: i32 = 100;
/// The longest validity of a package, in days.
pub const MAX_VALID_DAYS: i32 = 730;

/// What a tutor offers as a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageTerms {
    /// Number of sessions, 1…[`MAX_SESSIONS`].
    pub session_count: i32,
    /// Length of each session, within the policy's lesson bounds.
    pub session_minutes: i32,
    /// The price of the whole package, positive, two decimals at most.
    pub total_price: Decimal,
    /// Days the sessions may be used after payment, 1…[`MAX_VALID_DAYS`].
    pub valid_days: i32,
}

/// Checks a package's terms.
///
/// # Errors
/// [`Error::Validation`] naming `session_count`, `session_minutes`, `total_price` or
/// `valid_days`.
pub fn check_terms(t: &PackageTerms, policy: &Policy) -> Result<()> {
    if !(1..=MAX_SESSIONS).contains(&t.session_count) {
        return Err(Error::validation(
            "session_count",
            format!("must be between 1 and {MAX_SESSIONS}"),
        ));
    }
    let (min, max) = policy.lesson_minutes;
    if !(min..=max).contains(&i64::from(t.session_minutes)) {
        return Err(Error::validation(
            "session_minutes",
            format!("must be between {min} and {max}"),
        ));
    }
    check_amount("total_price", t.total_price)?;
    if t.total_price < Decimal::from(t.session_count) {
        return Err(Error::validation(
            "total_price",
            "must be at least 1 per session",
        ));
    }
    if !(1..=MAX_VALID_DAYS).contains(&t.valid_days) {
        return Err(Error::validation(
            "valid_days",
            format!("must be between 1 and {MAX_VALID_DAYS}"),
        ));
    }
    Ok(())
}

/// Something that happens to a purchase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurchaseEvent {
    /// Its payment was received.
    Paid,
    /// Its payment failed or expired.
    PaymentVoided,
    /// Its validity ended.
    Expire,
}

/// The purchase lifecycle: the status after `event`, or `None` when the event does not apply
/// in `from` (a late or repeated event; the caller decides what that means).
pub fn next_status(from: PurchaseStatus, event: PurchaseEvent) -> Option<PurchaseStatus> {
    use PurchaseStatus as P;
    match (from, event) {
        (P::PendingPayment, PurchaseEvent::Paid) => Some(P::Active),
        (P::PendingPayment, PurchaseEvent::PaymentVoided) => Some(P::Cancelled),
        (P::Active, PurchaseEvent::Expire) => Some(P::Expired),
        _ => None,
    }
}

/// Checks that `booking` (a draft of the purchase's student) may draw a session from
/// `purchase` of `package`.
///
/// # Errors
/// [`Error::Validation`] on `package_purchase_id` when the purchase is not active, has no
/// session left, expires before the lesson starts, or is for another tutor or subject; on
/// `duration_minutes` when the lesson is not as long as the package's sessions.
pub fn check_draw(
    purchase: &PackagePurchase,
    package: &LessonPackage,
    booking: &Booking,
) -> Result<()> {
    let field = "package_purchase_id";
    if purchase.status != PurchaseStatus::Active {
        return Err(Error::validation(
            field,
            format!("the purchase is {}, not active", purchase.status),
        ));
    }
    if purchase.sessions_remaining <= 0 {
        return Err(Error::validation(field, "no session left in this purchase"));
    }
    if purchase.expires_at.is_some_and(|e| e <= booking.start_at) {
        return Err(Error::validation(
            field,
            "the purchase expires before the lesson starts",
        ));
    }
    if package.tutor_profile_id != booking.tutor_profile_id {
        return Err(Error::validation(field, "the package is for another tutor"));
    }
    if package
        .tutor_subject_id
        .is_some_and(|s| Some(s) != booking.tutor_subject_id)
    {
        return Err(Error::validation(
            field,
            "the package is for another subject or level",
        ));
    }
    if booking.duration_minutes != package.session_minutes {
        return Err(Error::validation(
            "duration_minutes",
            format!(
                "the package's sessions last {} minutes",
                package.session_minutes
            ),
        ));
    }
    Ok(())
}

/// The price of the session drawn when `sessions_left` (≥ 1, counted before this draw)
/// remain and `unallocated` of the purchase's escrow is not yet promised to a drawn session.
pub fn session_price(unallocated: Decimal, sessions_left: i32) -> Decimal {
    if sessions_left <= 1 {
        return unallocated;
    }
    (unallocated / Decimal::from(sessions_left)).round_dp_with_strategy(0, RoundingStrategy::ToZero)
}

/// The quote of a session priced `price`: the platform fee is taken from it; no service fee.
pub fn session_quote(price: Decimal, policy: &Policy) -> Quote {
    Quote {
        price,
        platform_fee: round_money(price * policy.platform_fee_rate),
        service_fee: Decimal::ZERO,
        total_amount: price,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn terms_are_checked_field_by_field() {
        let p = Policy::default();
        let ok = PackageTerms {
            session_count: 10,
            session_minutes: 60,
            total_price: Decimal::from(1_350_000),
            valid_days: 90,
        };
        check_terms(&ok, &p).unwrap();
        let bad = |t: PackageTerms| check_terms(&t, &p).unwrap_err().field().map(str::to_owned);
        assert_eq!(
            bad(PackageTerms {
                session_count: 0,
                ..ok.clone()
            })
            .as_deref(),
            Some("session_count")
        );
        assert_eq!(
            bad(PackageTerms {
                session_minutes: 10,
                ..ok.clone()
            })
            .as_deref(),
            Some("session_minutes")
        );
        assert_eq!(
            bad(PackageTerms {
                total_price: Decimal::new(1, 3),
                ..ok.clone()
            })
            .as_deref(),
            Some("total_price")
        );
        assert_eq!(
            bad(PackageTerms {
                total_price: Decimal::from(9),
                ..ok.clone()
            })
            .as_deref(),
            Some("total_price")
        );
        assert_eq!(
            bad(PackageTerms {
                valid_days: 0,
                ..ok.clone()
            })
            .as_deref(),
            Some("valid_days")
        );
    }

    #[test]
    fn the_lifecycle_table() {
        use PurchaseStatus as P;
        assert_eq!(
            next_status(P::PendingPayment, PurchaseEvent::Paid),
            Some(P::Active)
        );
        assert_eq!(
            next_status(P::PendingPayment, PurchaseEvent::PaymentVoided),
            Some(P::Cancelled)
        );
        assert_eq!(
            next_status(P::Active, PurchaseEvent::Expire),
            Some(P::Expired)
        );
        for s in [P::Active, P::Expired, P::Cancelled] {
            assert_eq!(next_status(s, PurchaseEvent::Paid), None);
            assert_eq!(next_status(s, PurchaseEvent::PaymentVoided), None);
        }
        for s in [P::PendingPayment, P::Expired, P::Cancelled] {
            assert_eq!(next_status(s, PurchaseEvent::Expire), None);
        }
    }

    #[test]
    fn three_sessions_of_a_million() {
        let total = Decimal::from(1_000_000);
        let a = session_price(total, 3);
        let b = session_price(total - a, 2);
        let c = session_price(total - a - b, 1);
        assert_eq!(
            (a, b, c),
            (
                Decimal::from(333_333),
                Decimal::from(333_333),
                Decimal::from(333_334)
            )
        );
    }

    proptest! {
        /// Whatever the order of draws, restores (a refundable cancel gives the session
        /// back) and settlements, the sessions of a purchase cost exactly its price, never
        /// less than zero, and the platform fee never exceeds a session's price.
        #[test]
        fn sessions_add_up_to_the_price(
            total in 1u64..=9_999_999_999u64,
            cents in 0u32..100,
            count in 1i32..=MAX_SESSIONS,
            steps in prop::collection::vec(0u8..3, 0..300),
        ) {
            let total = Decimal::from(total) + Decimal::new(cents.into(), 2);
            prop_assume!(total >= Decimal::from(count));
            let policy = Policy::default();
            let mut left = count;
            let mut settled = Decimal::ZERO; // left escrow for good
            let mut open: Vec<Decimal> = Vec::new(); // drawn, not settled
            for step in steps {
                match step {
                    0 if left > 0 => {
                        let escrow = total - settled;
                        let unallocated = escrow - open.iter().copied().sum::<Decimal>();
                        let price = session_price(unallocated, left);
                        prop_assert!(price >= Decimal::ZERO);
                        let q = session_quote(price, &policy);
                        prop_assert!(q.platform_fee <= q.price);
                        prop_assert_eq!(q.tutor_share() + q.platform_share(), price);
                        open.push(price);
                        left -= 1;
                    }
                    1 if !open.is_empty() => {
                        settled += open.remove(0);
                    }
                    2 if !open.is_empty() => {
                        open.pop();
                        left += 1;
                    }
                    _ => {}
                }
            }
            while left > 0 {
                let unallocated = total - settled - open.iter().copied().sum::<Decimal>();
                open.push(session_price(unallocated, left));
                left -= 1;
            }
            prop_assert_eq!(settled + open.iter().copied().sum::<Decimal>(), total);
        }
    }
}
