//! Reviews.

use super::sql::{self, find_by};
use super::{Tx, on_tx};
use crate::error::Result;
use crate::types::*;
use async_trait::async_trait;

/// Reviews.
#[async_trait]
pub trait ReviewRepo {
    /// Inserts a review. `conflict` when the booking already has one.
    async fn insert_review(&mut self, review: &Review) -> Result<()>;
    /// The review with this id.
    async fn get_review(&mut self, id: ReviewId) -> Result<Option<Review>>;
    /// The review of a booking.
    async fn find_review_by_booking(&mut self, booking: BookingId) -> Result<Option<Review>>;
    /// Rewrites a review (e.g. moderation).
    async fn update_review(&mut self, review: &Review) -> Result<()>;
    /// A tutor's reviews in a status, newest first.
    async fn list_tutor_reviews(
        &mut self,
        tutor: TutorProfileId,
        status: ReviewStatus,
    ) -> Result<Vec<Review>>;
    /// A page of a tutor's reviews in a status, newest first by `(created_at, id)`: at most
    /// `limit` after the cursor `before` (from the newest when `None`).
    async fn page_tutor_reviews(
        &mut self,
        tutor: TutorProfileId,
        status: ReviewStatus,
        before: Option<Cursor<ReviewId>>,
        limit: i64,
    ) -> Result<Vec<Review>>;
    /// `(count, sum of ratings)` over a tutor's published reviews, for recomputing the
    /// maintained `rating_avg`/`rating_count`.
    async fn published_rating_totals(&mut self, tutor: TutorProfileId) -> Result<(i64, i64)>;
}

#[async_trait]
impl ReviewRepo for Tx {
    async fn insert_review(&mut self, review: &Review) -> Result<()> {
        sql::insert(self, review).await
    }
    async fn get_review(&mut self, id: ReviewId) -> Result<Option<Review>> {
        sql::get(self, id).await
    }
    async fn find_review_by_booking(&mut self, booking: BookingId) -> Result<Option<Review>> {
        find_by(self, "SELECT * FROM reviews WHERE booking_id = $1", booking).await
    }
    async fn update_review(&mut self, review: &Review) -> Result<()> {
        sql::update(self, review.id, review).await
    }
    async fn list_tutor_reviews(
        &mut self,
        tutor: TutorProfileId,
        status: ReviewStatus,
    ) -> Result<Vec<Review>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM reviews WHERE tutor_profile_id = $1 AND status = $2 \
             ORDER BY created_at DESC, id DESC",
        )
        .bind(tutor)
        .bind(status)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn page_tutor_reviews(
        &mut self,
        tutor: TutorProfileId,
        status: ReviewStatus,
        before: Option<Cursor<ReviewId>>,
        limit: i64,
    ) -> Result<Vec<Review>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM reviews WHERE tutor_profile_id = $1 AND status = $2 \
             AND ($3 IS NULL OR created_at < $3 OR (created_at = $3 AND id < $4)) \
             ORDER BY created_at DESC, id DESC LIMIT $5",
        )
        .bind(tutor)
        .bind(status)
        .bind(before.map(|b| b.created_at))
        .bind(before.map(|b| b.id))
        .bind(limit)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn published_rating_totals(&mut self, tutor: TutorProfileId) -> Result<(i64, i64)> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT COUNT(*), CAST(COALESCE(SUM(rating), 0) AS BIGINT) FROM reviews \
             WHERE tutor_profile_id = $1 AND status = 'published'",
        )
        .bind(tutor)
        .fetch_one(&mut *c)
        .await?))
    }
}
