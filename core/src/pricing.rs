//! What a lesson costs, and who gets what: pure arithmetic on exact decimals.
//!
//! Rounding happens once, here, to whole rupiah (IDR has no minor unit in practice), half away
//! from zero; every other amount is derived by subtraction so that the parts always add up:
//! `total = price + service_fee` and `total = tutor_share + platform_share`.

use crate::error::{Error, Result};
use crate::policy::Policy;
use rust_decimal::{Decimal, RoundingStrategy};

/// The amounts of one booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// The lesson's price (rate × hours).
    pub price: Decimal,
    /// The platform's commission, kept from the price.
    pub platform_fee: Decimal,
    /// Charged to the student on top of the price.
    pub service_fee: Decimal,
    /// What the student pays: `price + service_fee`.
    pub total_amount: Decimal,
}

impl Quote {
    /// What the tutor receives when the lesson completes: `price - platform_fee`.
    pub fn tutor_share(&self) -> Decimal {
        self.price - self.platform_fee
    }

    /// What the platform keeps when the lesson completes: `platform_fee + service_fee`.
    pub fn platform_share(&self) -> Decimal {
        self.platform_fee + self.service_fee
    }

    /// Rebuilds a quote from a stored booking's columns (the service fee is what the student
    /// paid above the price).
    pub fn from_booking(price: Decimal, platform_fee: Decimal, total_amount: Decimal) -> Quote {
        Quote {
            price,
            platform_fee,
            service_fee: total_amount - price,
            total_amount,
        }
    }
}

/// Rounds to whole rupiah, half away from zero: the one rounding rule of the library.
pub fn round_money(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
}

/// Prices a lesson of `minutes` at `hourly_rate` (the tutor subject's override, else the
/// tutor's rate).
///
/// # Errors
/// [`Error::Validation`] on `hourly_rate` when it is not positive, on `duration_minutes` when
/// the length is outside the policy's bounds.
pub fn quote(hourly_rate: Decimal, minutes: i64, policy: &Policy) -> Result<Quote> {
    if hourly_rate <= Decimal::ZERO {
        return Err(Error::validation(
            "hourly_rate",
            "must be greater than zero",
        ));
    }
    let (min, max) = policy.lesson_minutes;
    if minutes < min || minutes > max {
        return Err(Error::validation(
            "duration_minutes",
            format!("must be between {min} and {max} minutes"),
        ));
    }
    let price = round_money(hourly_rate * Decimal::from(minutes) / Decimal::from(60));
    Ok(split_price(price, policy))
}

/// The fees on a given price (packages are priced whole, not by the hour).
pub fn split_price(price: Decimal, policy: &Policy) -> Quote {
    let platform_fee = round_money(price * policy.platform_fee_rate);
    let service_fee = round_money(price * policy.student_service_fee_rate);
    Quote {
        price,
        platform_fee,
        service_fee,
        total_amount: price + service_fee,
    }
}

/// How money held in escrow for a booking is divided when it leaves escrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settlement {
    /// Back to the student.
    pub refund: Decimal,
    /// To the tutor's wallet.
    pub tutor: Decimal,
    /// To the platform.
    pub platform: Decimal,
}

impl Settlement {
    /// Everything to the tutor and the platform (a completed lesson).
    pub fn release(q: &Quote) -> Settlement {
        Settlement {
            refund: Decimal::ZERO,
            tutor: q.tutor_share(),
            platform: q.platform_share(),
        }
    }

    /// Everything back to the student.
    pub fn full_refund(q: &Quote) -> Settlement {
        Settlement {
            refund: q.total_amount,
            tutor: Decimal::ZERO,
            platform: Decimal::ZERO,
        }
    }

    /// `refund` back to the student; the rest divided between tutor and platform in the
    /// proportion of a completed lesson (the tutor's part rounded down to whole rupiah, the
    /// platform taking the remainder), so the three parts always sum to the total.
    ///
    /// # Errors
    /// [`Error::Validation`] on `refund` when it is negative or more than the total.
    pub fn split(q: &Quote, refund: Decimal) -> Result<Settlement> {
        if refund < Decimal::ZERO || refund > q.total_amount {
            return Err(Error::validation(
                "refund",
                format!("must be between 0 and {}", q.total_amount),
            ));
        }
        let rest = q.total_amount - refund;
        let tutor = if q.total_amount.is_zero() {
            Decimal::ZERO
        } else {
            (rest * q.tutor_share() / q.total_amount).floor()
        };
        Ok(Settlement {
            refund,
            tutor,
            platform: rest - tutor,
        })
    }

    /// A late student cancellation: the policy's refund rate of what was paid.
    pub fn late_cancellation(q: &Quote, policy: &Policy) -> Settlement {
        let refund = round_money(q.total_amount * policy.late_cancellation_refund_rate)
            .clamp(Decimal::ZERO, q.total_amount);
        // In range by construction.
        Settlement::split(q, refund).unwrap_or_else(|_| Settlement::full_refund(q))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_ninety_minute_lesson() {
        let p = Policy {
            student_service_fee_rate: d("0.05"),
            ..Policy::default()
        };
        let q = quote(d("175000"), 90, &p).unwrap();
        assert_eq!(q.price, d("262500"));
        assert_eq!(q.platform_fee, d("39375"));
        assert_eq!(q.service_fee, d("13125"));
        assert_eq!(q.total_amount, d("275625"));
        assert_eq!(q.tutor_share() + q.platform_share(), q.total_amount);
        assert_eq!(
            quote(d("0"), 60, &p).unwrap_err().field(),
            Some("hourly_rate")
        );
        assert_eq!(
            quote(d("1"), 10, &p).unwrap_err().field(),
            Some("duration_minutes")
        );
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_money(d("100.5")), d("101"));
        assert_eq!(round_money(d("100.49")), d("100"));
        // 33333.33… per 20 minutes of 100000/hour.
        let q = quote(d("100000"), 40, &Policy::default()).unwrap();
        assert_eq!(q.price, d("66667"));
    }

    proptest! {
        #[test]
        fn parts_always_add_up(
            rate in 1u64..50_000_000,
            minutes in 30i64..=240,
            fee_bp in 0u32..5000,
            service_bp in 0u32..2000,
            refund_bp in 0u32..=10000,
        ) {
            let p = Policy {
                platform_fee_rate: Decimal::new(fee_bp.into(), 4),
                student_service_fee_rate: Decimal::new(service_bp.into(), 4),
                ..Policy::default()
            };
            let q = quote(Decimal::from(rate), minutes, &p).unwrap();
            prop_assert_eq!(q.total_amount, q.price + q.service_fee);
            prop_assert_eq!(q.tutor_share() + q.platform_share(), q.total_amount);
            prop_assert!(q.tutor_share() >= Decimal::ZERO && q.platform_fee >= Decimal::ZERO);
            prop_assert_eq!(q.price.scale(), 0);
            let refund = round_money(q.total_amount * Decimal::new(refund_bp.into(), 4));
            let s = Settlement::split(&q, refund).unwrap();
            prop_assert_eq!(s.refund + s.tutor + s.platform, q.total_amount);
            prop_assert!(s.tutor >= Decimal::ZERO && s.platform >= Decimal::ZERO);
            prop_assert!(s.tutor <= q.tutor_share());
            let r = Settlement::release(&q);
            prop_assert_eq!(r.tutor + r.platform, q.total_amount);
            prop_assert_eq!(Quote::from_booking(q.price, q.platform_fee, q.total_amount), q);
        }
    }
}
