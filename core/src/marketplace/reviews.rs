//! Reviews: a student rates a completed lesson, admins moderate, and the tutor's maintained
//! rating follows the published reviews in the same transaction. The rules are in
//! [`crate::reviews`].

use super::bookings::load_booking;
use super::trace::{record, traced, use_case};
use super::{Actor, Marketplace, active_user, admin, notify, text};
use crate::error::{Error, Result};
use crate::reviews::{self, MAX_COMMENT, MAX_REASON};
use crate::store::{BookingRepo, ReviewRepo, TutorRepo, Tx};
use crate::types::*;
use chrono::{DateTime, Utc};
use tracing::field::Empty;

/// Longest page of a listing.
pub const MAX_PAGE: i64 = 100;

/// What a student writes about a lesson.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReview {
    /// Stars, 1–5.
    pub rating: i32,
    /// Optional text, at most [`crate::reviews::MAX_COMMENT`] characters.
    pub comment: Option<String>,
}

impl Marketplace {
    /// The booking's student reviews the completed lesson (once, within the policy's review
    /// window). The tutor's `rating_avg`/`rating_count` are recomputed and the tutor gets a
    /// `review_received` notification, in the same transaction.
    ///
    /// # Errors
    /// `validation` on `rating` (not 1–5) or `comment` (too long); `not_found` for an unknown
    /// booking; `forbidden` unless the booking's student (a tutor never reviews themselves);
    /// `invalid_transition` unless the booking is completed and the window is open;
    /// `conflict` when the booking already has a review.
    pub async fn write_review(
        &self,
        actor: &Actor,
        booking: BookingId,
        new: NewReview,
    ) -> Result<Review> {
        let span = use_case!("write_review", actor, booking.id = %booking, review.id = Empty);
        traced(span, async move {
            let now = self.now();
            reviews::check_rating(new.rating)?;
            let comment = text("comment", new.comment, MAX_COMMENT)?;
            let mut tx = self.store.begin().await?;
            let author = active_user(&mut tx, actor).await?;
            let b = load_booking(&mut tx, booking).await?;
            let profile = lock_profile(&mut tx, b.tutor_profile_id).await?;
            let completed_at = tx
                .list_status_logs(b.id)
                .await?
                .iter()
                .rev()
                .find(|l| l.to_status == BookingStatus::Completed)
                .map(|l| l.created_at);
            reviews::may_review(
                &b,
                author.id,
                profile.user_id,
                completed_at,
                now,
                &self.policy,
            )?;
            if tx.find_review_by_booking(b.id).await?.is_some() {
                return Err(Error::Conflict("this lesson is already reviewed".into()));
            }
            let review = Review {
                id: ReviewId::new(),
                booking_id: b.id,
                tutor_profile_id: profile.id,
                author_user_id: author.id,
                rating: new.rating,
                comment,
                status: ReviewStatus::Published,
                moderated_by: None,
                moderated_reason: None,
                created_at: now,
                updated_at: now,
                deleted_at: None,
            };
            record("review.id", review.id);
            tx.insert_review(&review).await?;
            refresh_rating(&mut tx, profile.id, now).await?;
            notify(
                &mut tx,
                profile.user_id,
                NotificationType::ReviewReceived,
                "New review",
                format!(
                    "{} rated your lesson {} out of 5.",
                    author.full_name, review.rating
                ),
                Some(format!("/tutors/{}/reviews", profile.id)),
                now,
            )
            .await?;
            tx.commit().await?;
            Ok(review)
        })
        .await
    }

    /// An admin hides, removes or restores a review; the tutor's rating is recomputed from
    /// the published reviews in the same transaction.
    ///
    /// # Errors
    /// `forbidden` unless an active admin; `validation` on `reason` (too long, or missing when
    /// hiding or removing); `not_found` for an unknown review; `invalid_transition` for a move
    /// the rules refuse (`removed` is final; the review already has that status).
    pub async fn moderate_review(
        &self,
        actor: &Actor,
        review: ReviewId,
        status: ReviewStatus,
        reason: Option<String>,
    ) -> Result<Review> {
        let span =
            use_case!("moderate_review", actor, review.id = %review, review.status = %status);
        traced(span, async move {
            let now = self.now();
            let reason = text("reason", reason, MAX_REASON)?;
            let mut tx = self.store.begin().await?;
            let moderator = admin(&mut tx, actor).await?;
            let mut r = tx
                .get_review(review)
                .await?
                .ok_or_else(|| Error::not_found("review", review))?;
            reviews::check_moderation(r.status, status, reason.as_deref())?;
            lock_profile(&mut tx, r.tutor_profile_id).await?;
            r.status = status;
            r.moderated_by = Some(moderator.id);
            r.moderated_reason = reason;
            r.updated_at = now;
            tx.update_review(&r).await?;
            refresh_rating(&mut tx, r.tutor_profile_id, now).await?;
            tx.commit().await?;
            Ok(r)
        })
        .await
    }

    /// A page of a tutor's published reviews, newest first: at most `limit` (1–100) after the
    /// cursor `before` (the last review of the previous page; `None` for the first page).
    /// Public: no actor needed.
    ///
    /// # Errors
    /// `validation` on `limit`; `not_found` for an unknown tutor profile.
    pub async fn tutor_reviews(
        &self,
        tutor: TutorProfileId,
        before: Option<Cursor<ReviewId>>,
        limit: i64,
    ) -> Result<Vec<Review>> {
        let span = use_case!("tutor_reviews", tutor.id = %tutor);
        traced(span, async move {
            check_limit(limit)?;
            let mut tx = self.store.begin().await?;
            tx.get_tutor_profile(tutor)
                .await?
                .ok_or_else(|| Error::not_found("tutor profile", tutor))?;
            tx.page_tutor_reviews(tutor, ReviewStatus::Published, before, limit)
                .await
        })
        .await
    }
}

/// Checks a page size.
pub(crate) fn check_limit(limit: i64) -> Result<()> {
    if (1..=MAX_PAGE).contains(&limit) {
        Ok(())
    } else {
        Err(Error::validation(
            "limit",
            format!("must be between 1 and {MAX_PAGE}"),
        ))
    }
}

/// Loads the tutor's profile under its row lock, so concurrent recomputations of its
/// maintained statistics serialise.
pub(crate) async fn lock_profile(tx: &mut Tx, tutor: TutorProfileId) -> Result<TutorProfile> {
    tx.lock_tutor_profile(tutor)
        .await?
        .ok_or_else(|| Error::not_found("tutor profile", tutor))
}

/// Recomputes the tutor's maintained rating from the published reviews (the caller holds the
/// profile's lock).
async fn refresh_rating(tx: &mut Tx, tutor: TutorProfileId, now: DateTime<Utc>) -> Result<()> {
    let (count, sum) = tx.published_rating_totals(tutor).await?;
    let (avg, n) = reviews::rating_summary(count, sum)?;
    tx.set_tutor_rating(tutor, avg, n, now).await
}
