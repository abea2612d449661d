//! The smaller aggregates: favorites, progress logs, reports, notifications.

use super::sql::{self, list_by};
use super::{Tx, on_tx};
use crate::error::Result;
use crate::types::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Favorites.
#[async_trait]
pub trait FavoriteRepo {
    /// Inserts a favorite. `conflict` when the pair already exists.
    async fn insert_favorite(&mut self, favorite: &Favorite) -> Result<()>;
    /// The favorite of a student–tutor pair.
    async fn find_favorite(
        &mut self,
        student: UserId,
        tutor: TutorProfileId,
    ) -> Result<Option<Favorite>>;
    /// Inserts a favorite unless the pair already has one (then `false`, and the transaction
    /// stays usable).
    async fn insert_favorite_if_absent(&mut self, favorite: &Favorite) -> Result<bool>;
    /// A student's favorite tutors that are active (bookable), with their summaries, newest
    /// favorite first.
    async fn list_favorite_tutors(&mut self, student: UserId) -> Result<Vec<FavoriteTutor>>;
    /// Removes a student–tutor pair; `false` when it was not there.
    async fn delete_favorite(&mut self, student: UserId, tutor: TutorProfileId) -> Result<bool>;
    /// A student's favorites, newest first.
    async fn list_favorites(&mut self, student: UserId) -> Result<Vec<Favorite>>;
}

/// Progress logs.
#[async_trait]
pub trait ProgressRepo {
    /// Inserts a progress log.
    async fn insert_progress_log(&mut self, log: &ProgressLog) -> Result<()>;
    /// The log with this id.
    async fn get_progress_log(&mut self, id: ProgressLogId) -> Result<Option<ProgressLog>>;
    /// Rewrites a log.
    async fn update_progress_log(&mut self, log: &ProgressLog) -> Result<()>;
    /// A booking's logs, oldest first.
    async fn list_booking_progress_logs(&mut self, booking: BookingId) -> Result<Vec<ProgressLog>>;
    /// A student's logs across tutors, newest first.
    async fn list_student_progress_logs(&mut self, student: UserId) -> Result<Vec<ProgressLog>>;
    /// The logs one tutor wrote about one student, newest first.
    async fn list_tutor_student_progress_logs(
        &mut self,
        tutor: TutorProfileId,
        student: UserId,
    ) -> Result<Vec<ProgressLog>>;
}

/// Reports.
#[async_trait]
pub trait ReportRepo {
    /// Inserts a report.
    async fn insert_report(&mut self, report: &Report) -> Result<()>;
    /// The report with this id.
    async fn get_report(&mut self, id: ReportId) -> Result<Option<Report>>;
    /// Rewrites a report.
    async fn update_report(&mut self, report: &Report) -> Result<()>;
    /// Reports in a status, oldest first (a moderation queue).
    async fn list_reports_by_status(&mut self, status: ReportStatus) -> Result<Vec<Report>>;
    /// The reporter's report on a target that is still open or under investigation.
    async fn find_unhandled_report(
        &mut self,
        reporter: UserId,
        target_type: ReportTargetType,
        target: TargetId,
    ) -> Result<Option<Report>>;
}

/// Notifications.
#[async_trait]
pub trait NotificationRepo {
    /// Inserts a notification.
    async fn insert_notification(&mut self, notification: &Notification) -> Result<()>;
    /// Inserts notifications and the outbox events that announce them, together: one
    /// statement on PostgreSQL (use cases that notify write both, often for several users).
    async fn insert_notifications(
        &mut self,
        notifications: &[Notification],
        events: &[OutboxEvent],
    ) -> Result<()>;
    /// The notification with this id.
    async fn get_notification(&mut self, id: NotificationId) -> Result<Option<Notification>>;
    /// A page of a user's notifications, newest first: at most `limit`, after the keyset
    /// cursor `before` = (created_at, id) of the last one seen (from the start when `None`).
    /// Rows sharing an instant are ordered by id, so paging never skips or repeats one.
    async fn list_notifications(
        &mut self,
        user: UserId,
        before: Option<(DateTime<Utc>, NotificationId)>,
        limit: i64,
    ) -> Result<Vec<Notification>>;
    /// How many of a user's notifications are unread.
    async fn count_unread_notifications(&mut self, user: UserId) -> Result<i64>;
    /// Marks one notification read at `now`; `false` when it was already read or absent.
    async fn mark_notification_read(
        &mut self,
        id: NotificationId,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// Marks every unread notification of a user read at `now`; returns how many.
    async fn mark_all_notifications_read(
        &mut self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<u64>;
}

#[async_trait]
impl FavoriteRepo for Tx {
    async fn insert_favorite(&mut self, favorite: &Favorite) -> Result<()> {
        sql::insert(self, favorite).await
    }
    async fn find_favorite(
        &mut self,
        student: UserId,
        tutor: TutorProfileId,
    ) -> Result<Option<Favorite>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM favorites WHERE student_id = $1 AND tutor_profile_id = $2",
        )
        .bind(student)
        .bind(tutor)
        .fetch_optional(&mut *c)
        .await?))
    }
    async fn insert_favorite_if_absent(&mut self, favorite: &Favorite) -> Result<bool> {
        sql::insert_if_absent(self, favorite).await
    }
    async fn list_favorite_tutors(&mut self, student: UserId) -> Result<Vec<FavoriteTutor>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT p.id AS tutor_profile_id, u.id AS user_id, u.full_name, u.avatar_url, \
             p.headline, p.rating_avg, p.rating_count, p.hourly_rate, p.currency, \
             f.created_at AS favorited_at \
             FROM favorites f JOIN tutor_profiles p ON p.id = f.tutor_profile_id \
             JOIN users u ON u.id = p.user_id \
             WHERE f.student_id = $1 AND p.status = 'active' \
             ORDER BY f.created_at DESC, f.id DESC",
        )
        .bind(student)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn delete_favorite(&mut self, student: UserId, tutor: TutorProfileId) -> Result<bool> {
        let n = on_tx!(self, c => sqlx::query(
            "DELETE FROM favorites WHERE student_id = $1 AND tutor_profile_id = $2",
        )
        .bind(student)
        .bind(tutor)
        .execute(&mut *c)
        .await?
        .rows_affected());
        Ok(n > 0)
    }
    async fn list_favorites(&mut self, student: UserId) -> Result<Vec<Favorite>> {
        list_by(
            self,
            "SELECT * FROM favorites WHERE student_id = $1 ORDER BY created_at DESC, id DESC",
            student,
        )
        .await
    }
}

#[async_trait]
impl ProgressRepo for Tx {
    async fn insert_progress_log(&mut self, log: &ProgressLog) -> Result<()> {
        sql::insert(self, log).await
    }
    async fn get_progress_log(&mut self, id: ProgressLogId) -> Result<Option<ProgressLog>> {
        sql::get(self, id).await
    }
    async fn update_progress_log(&mut self, log: &ProgressLog) -> Result<()> {
        sql::update(self, log.id, log).await
    }
    async fn list_booking_progress_logs(&mut self, booking: BookingId) -> Result<Vec<ProgressLog>> {
        list_by(
            self,
            "SELECT * FROM progress_logs WHERE booking_id = $1 ORDER BY created_at, id",
            booking,
        )
        .await
    }
    async fn list_student_progress_logs(&mut self, student: UserId) -> Result<Vec<ProgressLog>> {
        list_by(
            self,
            "SELECT * FROM progress_logs WHERE student_id = $1 ORDER BY created_at DESC, id DESC",
            student,
        )
        .await
    }
    async fn list_tutor_student_progress_logs(
        &mut self,
        tutor: TutorProfileId,
        student: UserId,
    ) -> Result<Vec<ProgressLog>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM progress_logs WHERE tutor_profile_id = $1 AND student_id = $2 \
             ORDER BY created_at DESC, id DESC",
        )
        .bind(tutor)
        .bind(student)
        .fetch_all(&mut *c)
        .await?))
    }
}

#[async_trait]
impl ReportRepo for Tx {
    async fn insert_report(&mut self, report: &Report) -> Result<()> {
        sql::insert(self, report).await
    }
    async fn get_report(&mut self, id: ReportId) -> Result<Option<Report>> {
        sql::get(self, id).await
    }
    async fn update_report(&mut self, report: &Report) -> Result<()> {
        sql::update(self, report.id, report).await
    }
    async fn list_reports_by_status(&mut self, status: ReportStatus) -> Result<Vec<Report>> {
        list_by(
            self,
            "SELECT * FROM reports WHERE status = $1 ORDER BY created_at, id",
            status,
        )
        .await
    }
    async fn find_unhandled_report(
        &mut self,
        reporter: UserId,
        target_type: ReportTargetType,
        target: TargetId,
    ) -> Result<Option<Report>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM reports WHERE reporter_user_id = $1 AND target_type = $2 \
             AND target_id = $3 AND status IN ('open', 'investigating')",
        )
        .bind(reporter)
        .bind(target_type)
        .bind(target)
        .fetch_optional(&mut *c)
        .await?))
    }
}

#[async_trait]
impl NotificationRepo for Tx {
    async fn insert_notification(&mut self, notification: &Notification) -> Result<()> {
        sql::insert(self, notification).await
    }
    async fn insert_notifications(
        &mut self,
        notifications: &[Notification],
        events: &[OutboxEvent],
    ) -> Result<()> {
        super::bulk::insert_rows_together(self, notifications, events).await
    }
    async fn get_notification(&mut self, id: NotificationId) -> Result<Option<Notification>> {
        sql::get(self, id).await
    }
    async fn list_notifications(
        &mut self,
        user: UserId,
        before: Option<(DateTime<Utc>, NotificationId)>,
        limit: i64,
    ) -> Result<Vec<Notification>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM notifications WHERE user_id = $1 \
             AND ($2 IS NULL OR created_at < $2 OR (created_at = $2 AND id < $3)) \
             ORDER BY created_at DESC, id DESC LIMIT $4",
        )
        .bind(user)
        .bind(before.map(|b| b.0))
        .bind(before.map(|b| b.1))
        .bind(limit)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn count_unread_notifications(&mut self, user: UserId) -> Result<i64> {
        Ok(on_tx!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND is_read = FALSE",
        )
        .bind(user)
        .fetch_one(&mut *c)
        .await?))
    }
    async fn mark_notification_read(
        &mut self,
        id: NotificationId,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n = on_tx!(self, c => sqlx::query(
            "UPDATE notifications SET is_read = TRUE, read_at = $2 WHERE id = $1 AND is_read = FALSE",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *c)
        .await?
        .rows_affected());
        Ok(n > 0)
    }
    async fn mark_all_notifications_read(
        &mut self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        Ok(on_tx!(self, c => sqlx::query(
            "UPDATE notifications SET is_read = TRUE, read_at = $2 \
             WHERE user_id = $1 AND is_read = FALSE",
        )
        .bind(user)
        .bind(now)
        .execute(&mut *c)
        .await?
        .rows_affected()))
    }
}
