//! Read models of the social features: keyset cursors for newest-first pages, and the tutor
//! summary a student's favorites list shows.

use super::codec::Num;
use super::ids::*;
use super::money::Currency;
use super::records::{Message, Review};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A position in a list ordered newest first by `(created_at, id)`: the next page holds the
/// rows strictly after it in that order.
///
/// Paging by the instant alone would skip rows sharing the boundary instant (one clock tick
/// can stamp several rows); the id breaks the tie, so every row is reached exactly once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor<I> {
    /// The `created_at` of the last row of the previous page.
    pub created_at: DateTime<Utc>,
    /// The id of the last row of the previous page.
    pub id: I,
}

impl From<&Message> for Cursor<MessageId> {
    fn from(m: &Message) -> Self {
        Cursor {
            created_at: m.created_at,
            id: m.id,
        }
    }
}

impl From<&Review> for Cursor<ReviewId> {
    fn from(r: &Review) -> Self {
        Cursor {
            created_at: r.created_at,
            id: r.id,
        }
    }
}

/// A favorite tutor as a student's list shows it: who, what they teach, how they are rated,
/// what they cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow)]
pub struct FavoriteTutor {
    /// The tutor's profile.
    pub tutor_profile_id: TutorProfileId,
    /// The tutor's account.
    pub user_id: UserId,
    /// `users.full_name`.
    pub full_name: String,
    /// `users.avatar_url`.
    pub avatar_url: Option<String>,
    /// `tutor_profiles.headline`.
    pub headline: Option<String>,
    /// `tutor_profiles.rating_avg`.
    #[sqlx(try_from = "Num")]
    pub rating_avg: Decimal,
    /// `tutor_profiles.rating_count`.
    pub rating_count: i32,
    /// `tutor_profiles.hourly_rate`.
    #[sqlx(try_from = "Num")]
    pub hourly_rate: Decimal,
    /// `tutor_profiles.currency`.
    pub currency: Currency,
    /// When the student added the tutor (`favorites.created_at`).
    pub favorited_at: DateTime<Utc>,
}
