//! Weekly availability rules and time-offs.

use super::sql;
use super::sql::{IdList, among};
use super::{Tx, on_tx};
use crate::error::Result;
use crate::types::*;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

/// Availability & time-offs.
#[async_trait]
pub trait ScheduleRepo {
    /// Inserts a weekly rule.
    async fn insert_availability(&mut self, rule: &TutorAvailability) -> Result<()>;
    /// The rule with this id.
    async fn get_availability(&mut self, id: AvailabilityId) -> Result<Option<TutorAvailability>>;
    /// The rules (active and not) of these tutors, by tutor, then day, then start time (one
    /// statement for many calendars, e.g. a search page's).
    async fn list_availabilities(
        &mut self,
        tutors: &[TutorProfileId],
    ) -> Result<Vec<TutorAvailability>>;
    /// Rewrites a rule.
    async fn update_availability(&mut self, rule: &TutorAvailability) -> Result<()>;
    /// Deletes a rule.
    async fn delete_availability(&mut self, id: AvailabilityId) -> Result<bool>;

    /// Inserts a time-off.
    async fn insert_time_off(&mut self, off: &TutorTimeOff) -> Result<()>;
    /// The time-off with this id.
    async fn get_time_off(&mut self, id: TimeOffId) -> Result<Option<TutorTimeOff>>;
    /// The time-offs of these tutors overlapping `[from, to)`, by tutor, then start.
    async fn list_time_offs(
        &mut self,
        tutors: &[TutorProfileId],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<TutorTimeOff>>;
    /// Deletes a time-off.
    async fn delete_time_off(&mut self, id: TimeOffId) -> Result<bool>;

    /// Inserts a date override.
    async fn insert_date_override(&mut self, o: &TutorDateOverride) -> Result<()>;
    /// The overrides of these tutors for local dates in `[from, to]`, by tutor, then date, then
    /// start.
    async fn list_date_overrides(
        &mut self,
        tutors: &[TutorProfileId],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<TutorDateOverride>>;
    /// Removes every override of a tutor on a date; returns how many.
    async fn delete_date_overrides_on(
        &mut self,
        tutor: TutorProfileId,
        date: NaiveDate,
    ) -> Result<u64>;
}

#[async_trait]
impl ScheduleRepo for Tx {
    async fn insert_availability(&mut self, rule: &TutorAvailability) -> Result<()> {
        sql::insert(self, rule).await
    }
    async fn get_availability(&mut self, id: AvailabilityId) -> Result<Option<TutorAvailability>> {
        sql::get(self, id).await
    }
    async fn list_availabilities(
        &mut self,
        tutors: &[TutorProfileId],
    ) -> Result<Vec<TutorAvailability>> {
        Ok(on_tx!(self, c, d => {
            let sql = format!(
                "SELECT * FROM tutor_availabilities WHERE {} \
                 ORDER BY tutor_profile_id, day_of_week, start_time, id",
                among("tutor_profile_id", tutors.len(), d)
            );
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(IdList::new(tutors))
                .fetch_all(&mut *c)
                .await?
        }))
    }
    async fn update_availability(&mut self, rule: &TutorAvailability) -> Result<()> {
        sql::update(self, rule.id, rule).await
    }
    async fn delete_availability(&mut self, id: AvailabilityId) -> Result<bool> {
        sql::delete::<TutorAvailability, _>(self, id).await
    }

    async fn insert_time_off(&mut self, off: &TutorTimeOff) -> Result<()> {
        sql::insert(self, off).await
    }
    async fn get_time_off(&mut self, id: TimeOffId) -> Result<Option<TutorTimeOff>> {
        sql::get(self, id).await
    }
    async fn list_time_offs(
        &mut self,
        tutors: &[TutorProfileId],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<TutorTimeOff>> {
        Ok(on_tx!(self, c, d => {
            let sql = format!(
                "SELECT * FROM tutor_time_offs WHERE {} \
                 AND start_at < $3 AND end_at > $2 ORDER BY tutor_profile_id, start_at, id",
                among("tutor_profile_id", tutors.len(), d)
            );
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(IdList::new(tutors))
                .bind(from)
                .bind(to)
                .fetch_all(&mut *c)
                .await?
        }))
    }
    async fn delete_time_off(&mut self, id: TimeOffId) -> Result<bool> {
        sql::delete::<TutorTimeOff, _>(self, id).await
    }

    async fn insert_date_override(&mut self, o: &TutorDateOverride) -> Result<()> {
        sql::insert(self, o).await
    }
    async fn list_date_overrides(
        &mut self,
        tutors: &[TutorProfileId],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<TutorDateOverride>> {
        Ok(on_tx!(self, c, d => {
            let sql = format!(
                "SELECT * FROM tutor_date_overrides WHERE {} AND date >= $2 AND date <= $3 \
                 ORDER BY tutor_profile_id, date, start_time NULLS LAST, id",
                among("tutor_profile_id", tutors.len(), d)
            );
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(IdList::new(tutors))
                .bind(from)
                .bind(to)
                .fetch_all(&mut *c)
                .await?
        }))
    }
    async fn delete_date_overrides_on(
        &mut self,
        tutor: TutorProfileId,
        date: NaiveDate,
    ) -> Result<u64> {
        Ok(on_tx!(self, c => sqlx::query(
            "DELETE FROM tutor_date_overrides WHERE tutor_profile_id = $1 AND date = $2",
        )
        .bind(tutor)
        .bind(date)
        .execute(&mut *c)
        .await?
        .rows_affected()))
    }
}
