//! Review rules: who may review which booking and when, what a review may say, how moderation
//! moves a review, and how a tutor's rating follows from the visible reviews. Pure.
//!
//! - Only the booking's student reviews it, once, after it completed and within
//!   [`Policy::review_window`] of completion; a tutor never reviews themselves.
//! - A rating is a whole number of stars, 1–5; a comment is optional, at most
//!   [`MAX_COMMENT`] characters.
//! - Only `published` reviews count: the tutor's `rating_avg` is the exact mean of their
//!   ratings rounded once, half away from zero, to the column's one decimal place; with none it
//!   is 0 (the ERD's default).
//! - Moderation: an admin hides or removes a published review, restores a hidden one, or
//!   removes a hidden one; `removed` is final. Hiding and removing need a reason.

use crate::error::{Error, Result};
use crate::policy::Policy;
use crate::types::{Booking, BookingStatus, ReviewStatus, UserId};
use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};

/// Longest review comment, in characters.
pub const MAX_COMMENT: usize = 2000;
/// Longest moderation reason, in characters.
pub const MAX_REASON: usize = 1000;
/// Decimal places of `tutor_profiles.rating_avg` (`NUMERIC(2,1)`).
pub const RATING_SCALE: u32 = 1;

/// Checks a star rating.
///
/// # Errors
/// `validation` on `rating` outside 1–5.
pub fn check_rating(rating: i32) -> Result<()> {
    if (1..=5).contains(&rating) {
        Ok(())
    } else {
        Err(Error::validation("rating", "must be between 1 and 5"))
    }
}

/// Decides whether `author` may review `booking` now. `tutor_user` is the account of the
/// booking's tutor; `completed_at` when the booking completed (from its status log).
///
/// # Errors
/// `forbidden` unless the author is the booking's student (and not its tutor);
/// `invalid_transition` unless the booking is completed and the review window is open.
pub fn may_review(
    booking: &Booking,
    author: UserId,
    tutor_user: UserId,
    completed_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Result<()> {
    if author == tutor_user {
        return Err(Error::Forbidden("tutors cannot review themselves".into()));
    }
    if author != booking.student_id {
        return Err(Error::Forbidden(
            "only the booking's student reviews it".into(),
        ));
    }
    let refused = || Error::InvalidTransition {
        from: booking.status.to_string(),
        event: "review".into(),
    };
    if booking.status != BookingStatus::Completed {
        return Err(refused());
    }
    match completed_at {
        Some(at) if now <= at + policy.review_window => Ok(()),
        _ => Err(refused()),
    }
}

/// Checks a moderation move.
///
/// # Errors
/// `invalid_transition` for a move the rules above do not allow (including to the same
/// status); `validation` on `reason` when hiding or removing without one.
pub fn check_moderation(from: ReviewStatus, to: ReviewStatus, reason: Option<&str>) -> Result<()> {
    use ReviewStatus::*;
    let allowed = matches!(
        (from, to),
        (Published, Hidden) | (Published, Removed) | (Hidden, Published) | (Hidden, Removed)
    );
    if !allowed {
        return Err(Error::InvalidTransition {
            from: from.to_string(),
            event: format!("moderate to {to}"),
        });
    }
    if to != Published && reason.is_none() {
        return Err(Error::validation("reason", "is required to hide or remove"));
    }
    Ok(())
}

/// The maintained `(rating_avg, rating_count)` of a tutor from the count and the sum of their
/// visible ratings: the exact mean, rounded once, half away from zero, to [`RATING_SCALE`].
///
/// # Errors
/// `internal` when the totals are impossible (negative, or a sum outside 1–5 per review).
pub fn rating_summary(count: i64, sum: i64) -> Result<(Decimal, i32)> {
    if count < 0 || sum < count || sum > 5 * count {
        return Err(Error::Internal(format!(
            "impossible rating totals: {count} reviews summing to {sum}"
        )));
    }
    let n = i32::try_from(count)
        .map_err(|_| Error::Internal(format!("{count} reviews overflow rating_count")))?;
    if count == 0 {
        return Ok((Decimal::ZERO, 0));
    }
    let avg = (Decimal::from(sum) / Decimal::from(count))
        .round_dp_with_strategy(RATING_SCALE, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    Ok((avg, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::*;
    use chrono::Duration;
    use proptest::prelude::*;

    fn completed(student: UserId) -> Booking {
        let t: DateTime<Utc> = "2026-11-30T09:00:00Z".parse().unwrap();
        Booking {
            id: BookingId::new(),
            student_id: student,
            tutor_profile_id: TutorProfileId::new(),
            tutor_subject_id: None,
            mode: Some(LessonMode::Online),
            start_at: t,
            end_at: t + Duration::hours(1),
            duration_minutes: 60,
            location_type: None,
            location_address: None,
            lat: None,
            lng: None,
            meeting_link: None,
            status: BookingStatus::Completed,
            cancelled_by: None,
            cancel_reason: None,
            price: Decimal::from(150_000),
            platform_fee: Decimal::from(22_500),
            total_amount: Decimal::from(150_000),
            currency: Currency::IDR,
            notes: None,
            created_at: t,
            updated_at: t,
            deleted_at: None,
        }
    }

    #[test]
    fn only_the_student_after_completion_within_the_window() {
        let p = Policy::default();
        let student = UserId::new();
        let tutor = UserId::new();
        let b = completed(student);
        let done = b.end_at;
        assert!(may_review(&b, student, tutor, Some(done), done, &p).is_ok());
        assert!(may_review(&b, student, tutor, Some(done), done + p.review_window, &p).is_ok());
        let late = may_review(
            &b,
            student,
            tutor,
            Some(done),
            done + p.review_window + Duration::microseconds(1),
            &p,
        );
        assert_eq!(late.unwrap_err().code(), "invalid_transition");
        assert_eq!(
            may_review(&b, UserId::new(), tutor, Some(done), done, &p)
                .unwrap_err()
                .code(),
            "forbidden"
        );
        // A tutor who somehow is the booking's student still may not review themselves.
        assert_eq!(
            may_review(&b, student, student, Some(done), done, &p)
                .unwrap_err()
                .code(),
            "forbidden"
        );
        for s in [
            BookingStatus::Confirmed,
            BookingStatus::Disputed,
            BookingStatus::Cancelled,
            BookingStatus::NoShow,
        ] {
            let b = Booking {
                status: s,
                ..b.clone()
            };
            assert_eq!(
                may_review(&b, student, tutor, Some(done), done, &p)
                    .unwrap_err()
                    .code(),
                "invalid_transition"
            );
        }
        assert!(may_review(&b, student, tutor, None, done, &p).is_err());
    }

    #[test]
    fn ratings_are_one_to_five_stars() {
        assert!(check_rating(1).is_ok() && check_rating(5).is_ok());
        for bad in [0, 6, -1, i32::MAX] {
            assert_eq!(check_rating(bad).unwrap_err().field(), Some("rating"));
        }
    }

    #[test]
    fn moderation_moves() {
        use ReviewStatus::*;
        assert!(check_moderation(Published, Hidden, Some("spam")).is_ok());
        assert!(check_moderation(Published, Removed, Some("spam")).is_ok());
        assert!(check_moderation(Hidden, Published, None).is_ok());
        assert!(check_moderation(Hidden, Removed, Some("x")).is_ok());
        assert_eq!(
            check_moderation(Published, Hidden, None)
                .unwrap_err()
                .field(),
            Some("reason")
        );
        for (from, to) in [
            (Published, Published),
            (Hidden, Hidden),
            (Removed, Published),
            (Removed, Hidden),
            (Removed, Removed),
        ] {
            assert_eq!(
                check_moderation(from, to, Some("x")).unwrap_err().code(),
                "invalid_transition"
            );
        }
    }

    #[test]
    fn the_mean_is_rounded_once_half_away_from_zero() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(rating_summary(0, 0).unwrap(), (Decimal::ZERO, 0));
        assert_eq!(rating_summary(1, 5).unwrap(), (d("5"), 1));
        // 4.25 → 4.3 (half away from zero), 4.35 → 4.4, 13/3 = 4.333… → 4.3.
        assert_eq!(rating_summary(4, 17).unwrap(), (d("4.3"), 4));
        assert_eq!(rating_summary(20, 87).unwrap(), (d("4.4"), 20));
        assert_eq!(rating_summary(3, 13).unwrap(), (d("4.3"), 3));
        // 2/3 of the way from 4 to 5 is not rounded twice (4.666… → 4.7, not 4.67 → 4.7 → …).
        assert_eq!(rating_summary(3, 14).unwrap(), (d("4.7"), 3));
        assert_eq!(rating_summary(1, 6).unwrap_err().code(), "internal");
        assert_eq!(rating_summary(-1, 0).unwrap_err().code(), "internal");
    }

    proptest! {
        #[test]
        fn the_average_is_the_exact_mean_to_one_place(ratings in prop::collection::vec(1i64..=5, 1..500)) {
            let count = ratings.len() as i64;
            let sum: i64 = ratings.iter().sum();
            let (avg, n) = rating_summary(count, sum).unwrap();
            prop_assert_eq!(i64::from(n), count);
            prop_assert!(avg >= Decimal::ONE && avg <= Decimal::from(5));
            prop_assert!(avg.scale() <= RATING_SCALE);
            // Integer reference: round(10·sum/count) half up, in tenths.
            let tenths = (20 * sum + count) / (2 * count);
            prop_assert_eq!(avg, Decimal::new(tenths, 1).normalize());
        }
    }
}
