//! Tutor profiles, the subjects they teach, and their verification documents.

use super::search::SearchStale;
use super::sql::{self, IdList, among, find_by, list_by};
use super::{Dialect, Tx, limits, on_tx};
use crate::error::{Error, Result};
use crate::types::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

/// Tutor profiles, tutor subjects and documents.
#[async_trait]
pub trait TutorRepo {
    /// Inserts a profile. `conflict` when the user already has one.
    async fn insert_tutor_profile(&mut self, profile: &TutorProfile) -> Result<()>;
    /// The profile with this id.
    async fn get_tutor_profile(&mut self, id: TutorProfileId) -> Result<Option<TutorProfile>>;
    /// The profile with this id and the status of its account (`None` when the account is
    /// gone), in one read: what deciding whether the tutor can be booked needs.
    async fn get_tutor_profile_with_account(
        &mut self,
        id: TutorProfileId,
    ) -> Result<Option<(TutorProfile, Option<UserStatus>)>>;
    /// The profiles with these ids (those that exist), by id.
    async fn get_tutor_profiles(&mut self, ids: &[TutorProfileId]) -> Result<Vec<TutorProfile>>;
    /// The profile of this user.
    async fn find_tutor_profile_by_user(&mut self, user: UserId) -> Result<Option<TutorProfile>>;
    /// The profile with this id, locked until the transaction ends (PostgreSQL: a row lock;
    /// SQLite: already serialised by `BEGIN IMMEDIATE`), so statistics recomputed from other
    /// tables (ratings, response rate) cannot be overwritten by a concurrent recomputation.
    async fn lock_tutor_profile(&mut self, id: TutorProfileId) -> Result<Option<TutorProfile>>;
    /// Sets the maintained `rating_avg` and `rating_count` (and `updated_at`) only, so a
    /// concurrent edit of the profile's other columns is not overwritten.
    async fn set_tutor_rating(
        &mut self,
        id: TutorProfileId,
        rating_avg: Decimal,
        rating_count: i32,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// Counts one more completed lesson on the profile (and `updated_at`), atomically, and in
    /// the tutor's search rows in place — the hot path of every lesson, which needs neither a
    /// row lock nor a rewrite of the search rows.
    async fn count_completed_lesson(
        &mut self,
        id: TutorProfileId,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// Sets the maintained `response_rate` (and `updated_at`) only.
    async fn set_tutor_response_rate(
        &mut self,
        id: TutorProfileId,
        response_rate: i32,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// Rewrites a profile. `not_found` when absent.
    async fn update_tutor_profile(&mut self, profile: &TutorProfile) -> Result<()>;
    /// Deletes a profile and, by cascade, its subjects, rules, documents, bookings….
    async fn delete_tutor_profile(&mut self, id: TutorProfileId) -> Result<bool>;
    /// Profiles in a status, oldest first.
    async fn list_tutor_profiles_by_status(
        &mut self,
        status: TutorStatus,
    ) -> Result<Vec<TutorProfile>>;

    /// Inserts a tutor subject. `conflict` on a second (tutor, subject, level).
    async fn insert_tutor_subject(&mut self, ts: &TutorSubject) -> Result<()>;
    /// The tutor subject with this id.
    async fn get_tutor_subject(&mut self, id: TutorSubjectId) -> Result<Option<TutorSubject>>;
    /// The tutor subject with this id and whether its subject is active (`false` when the
    /// subject is gone), in one read.
    async fn get_tutor_subject_with_subject_state(
        &mut self,
        id: TutorSubjectId,
    ) -> Result<Option<(TutorSubject, bool)>>;
    /// A tutor's subjects, oldest first.
    async fn list_tutor_subjects(&mut self, tutor: TutorProfileId) -> Result<Vec<TutorSubject>>;
    /// Rewrites a tutor subject.
    async fn update_tutor_subject(&mut self, ts: &TutorSubject) -> Result<()>;
    /// The profiles that teach a subject (at any level, offered or not), by id.
    async fn list_profiles_teaching(&mut self, subject: SubjectId) -> Result<Vec<TutorProfile>>;
    /// Deletes a tutor subject.
    async fn delete_tutor_subject(&mut self, id: TutorSubjectId) -> Result<bool>;

    /// Inserts a document.
    async fn insert_document(&mut self, doc: &TutorDocument) -> Result<()>;
    /// The document with this id.
    async fn get_document(&mut self, id: DocumentId) -> Result<Option<TutorDocument>>;
    /// A tutor's documents, oldest first.
    async fn list_documents(&mut self, tutor: TutorProfileId) -> Result<Vec<TutorDocument>>;
    /// Rewrites a document (e.g. its review).
    async fn update_document(&mut self, doc: &TutorDocument) -> Result<()>;
}

#[async_trait]
impl TutorRepo for Tx {
    async fn insert_tutor_profile(&mut self, profile: &TutorProfile) -> Result<()> {
        sql::insert(self, profile).await?;
        self.mark_search_stale(SearchStale::Tutor(profile.id));
        Ok(())
    }
    async fn get_tutor_profile(&mut self, id: TutorProfileId) -> Result<Option<TutorProfile>> {
        sql::get(self, id).await
    }
    async fn get_tutor_profile_with_account(
        &mut self,
        id: TutorProfileId,
    ) -> Result<Option<(TutorProfile, Option<UserStatus>)>> {
        sql::get_with(
            self,
            "SELECT tp.*, u.status AS joined_state FROM tutor_profiles tp \
             LEFT JOIN users u ON u.id = tp.user_id WHERE tp.id = $1",
            id,
        )
        .await
    }
    async fn get_tutor_profiles(&mut self, ids: &[TutorProfileId]) -> Result<Vec<TutorProfile>> {
        Ok(on_tx!(self, c, d => {
            let sql = format!(
                "SELECT * FROM tutor_profiles WHERE {} ORDER BY id",
                among("id", ids.len(), d)
            );
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(IdList::new(ids))
                .fetch_all(&mut *c)
                .await?
        }))
    }
    async fn find_tutor_profile_by_user(&mut self, user: UserId) -> Result<Option<TutorProfile>> {
        find_by(
            self,
            "SELECT * FROM tutor_profiles WHERE user_id = $1",
            user,
        )
        .await
    }
    async fn lock_tutor_profile(&mut self, id: TutorProfileId) -> Result<Option<TutorProfile>> {
        Ok(on_tx!(self, c, d => sqlx::query_as(d.pick(
            "SELECT * FROM tutor_profiles WHERE id = $1 FOR UPDATE",
            "SELECT * FROM tutor_profiles WHERE id = $1",
        ))
        .bind(id)
        .fetch_optional(&mut *c)
        .await?))
    }
    async fn set_tutor_rating(
        &mut self,
        id: TutorProfileId,
        rating_avg: Decimal,
        rating_count: i32,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let n = on_tx!(self, c => {
            let limit = limits::column_limit("tutor_profiles", "rating_avg");
            limits::Fits::fits(&rating_avg, limit, "rating_avg")?;
            sqlx::query(
                "UPDATE tutor_profiles SET rating_avg = $2, rating_count = $3, updated_at = $4 \
                 WHERE id = $1",
            )
            .bind(id)
            .bind(Num(rating_avg))
            .bind(rating_count)
            .bind(now)
            .execute(&mut *c)
            .await?
            .rows_affected()
        });
        if n == 0 {
            return Err(Error::not_found("tutor profile", id));
        }
        self.mark_search_stale(SearchStale::Tutor(id));
        Ok(())
    }
    async fn count_completed_lesson(
        &mut self,
        id: TutorProfileId,
        now: DateTime<Utc>,
    ) -> Result<()> {
        // The search keeps the count negated (see migration 0009). PostgreSQL takes the three
        // updates in one statement (one round trip of the confirm path); SQLite has no
        // data-modifying CTEs, and its statements cost no round trip.
        const PROFILE: &str = "UPDATE tutor_profiles SET \
             completed_lessons_count = completed_lessons_count + 1, updated_at = $2 WHERE id = $1";
        const OFFERINGS: &str = "UPDATE tutor_search_offerings SET lessons_rank = lessons_rank - 1 \
             WHERE tutor_profile_id = $1";
        const DOCUMENT: &str = "UPDATE tutor_search_documents SET lessons_rank = lessons_rank - 1 \
             WHERE tutor_profile_id = $1 AND bookable = TRUE";
        let n: u64 = on_tx!(self, c, d => match d {
            Dialect::Postgres => {
                let sql = format!(
                    "WITH p AS ({PROFILE} RETURNING id), o AS ({OFFERINGS}), d AS ({DOCUMENT}) \
                     SELECT COUNT(*) FROM p"
                );
                let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .bind(id)
                    .bind(now)
                    .fetch_one(&mut *c)
                    .await?;
                n as u64
            }
            Dialect::Sqlite => {
                let n = sqlx::query(PROFILE)
                    .bind(id)
                    .bind(now)
                    .execute(&mut *c)
                    .await?
                    .rows_affected();
                for sql in [OFFERINGS, DOCUMENT] {
                    sqlx::query(sql).bind(id).execute(&mut *c).await?;
                }
                n
            }
        });
        if n == 0 {
            return Err(Error::not_found("tutor profile", id));
        }
        Ok(())
    }
    async fn set_tutor_response_rate(
        &mut self,
        id: TutorProfileId,
        response_rate: i32,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let n = on_tx!(self, c => sqlx::query(
            "UPDATE tutor_profiles SET response_rate = $2, updated_at = $3 WHERE id = $1",
        )
        .bind(id)
        .bind(response_rate)
        .bind(now)
        .execute(&mut *c)
        .await?
        .rows_affected());
        if n == 0 {
            return Err(Error::not_found("tutor profile", id));
        }
        Ok(())
    }
    async fn update_tutor_profile(&mut self, profile: &TutorProfile) -> Result<()> {
        sql::update(self, profile.id, profile).await?;
        self.mark_search_stale(SearchStale::Tutor(profile.id));
        Ok(())
    }
    async fn delete_tutor_profile(&mut self, id: TutorProfileId) -> Result<bool> {
        sql::delete::<TutorProfile, _>(self, id).await
    }
    async fn list_tutor_profiles_by_status(
        &mut self,
        status: TutorStatus,
    ) -> Result<Vec<TutorProfile>> {
        list_by(
            self,
            "SELECT * FROM tutor_profiles WHERE status = $1 ORDER BY created_at, id",
            status,
        )
        .await
    }

    async fn insert_tutor_subject(&mut self, ts: &TutorSubject) -> Result<()> {
        sql::insert(self, ts).await?;
        self.mark_search_stale(SearchStale::Tutor(ts.tutor_profile_id));
        Ok(())
    }
    async fn get_tutor_subject(&mut self, id: TutorSubjectId) -> Result<Option<TutorSubject>> {
        sql::get(self, id).await
    }
    async fn get_tutor_subject_with_subject_state(
        &mut self,
        id: TutorSubjectId,
    ) -> Result<Option<(TutorSubject, bool)>> {
        let found: Option<(TutorSubject, Option<bool>)> = sql::get_with(
            self,
            "SELECT ts.*, s.is_active AS joined_state FROM tutor_subjects ts \
             LEFT JOIN subjects s ON s.id = ts.subject_id WHERE ts.id = $1",
            id,
        )
        .await?;
        Ok(found.map(|(ts, active)| (ts, active == Some(true))))
    }
    async fn list_tutor_subjects(&mut self, tutor: TutorProfileId) -> Result<Vec<TutorSubject>> {
        list_by(
            self,
            "SELECT * FROM tutor_subjects WHERE tutor_profile_id = $1 ORDER BY created_at, id",
            tutor,
        )
        .await
    }
    async fn list_profiles_teaching(&mut self, subject: SubjectId) -> Result<Vec<TutorProfile>> {
        list_by(
            self,
            "SELECT * FROM tutor_profiles WHERE id IN \
             (SELECT tutor_profile_id FROM tutor_subjects WHERE subject_id = $1) ORDER BY id",
            subject,
        )
        .await
    }
    async fn update_tutor_subject(&mut self, ts: &TutorSubject) -> Result<()> {
        sql::update(self, ts.id, ts).await?;
        self.mark_search_stale(SearchStale::Tutor(ts.tutor_profile_id));
        Ok(())
    }
    async fn delete_tutor_subject(&mut self, id: TutorSubjectId) -> Result<bool> {
        let tutor: Option<TutorProfileId> = on_tx!(self, c => {
            sqlx::query_scalar("DELETE FROM tutor_subjects WHERE id = $1 RETURNING tutor_profile_id")
                .bind(id)
                .fetch_optional(&mut *c)
                .await?
        });
        // Its search row goes by cascade; the tutor's lowest price and bookability may change.
        if let Some(t) = tutor {
            self.mark_search_stale(SearchStale::Tutor(t));
        }
        Ok(tutor.is_some())
    }

    async fn insert_document(&mut self, doc: &TutorDocument) -> Result<()> {
        sql::insert(self, doc).await
    }
    async fn get_document(&mut self, id: DocumentId) -> Result<Option<TutorDocument>> {
        sql::get(self, id).await
    }
    async fn list_documents(&mut self, tutor: TutorProfileId) -> Result<Vec<TutorDocument>> {
        list_by(
            self,
            "SELECT * FROM tutor_documents WHERE tutor_profile_id = $1 ORDER BY created_at, id",
            tutor,
        )
        .await
    }
    async fn update_document(&mut self, doc: &TutorDocument) -> Result<()> {
        sql::update(self, doc.id, doc).await
    }
}
