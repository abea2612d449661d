//! Weekly availability rules and time-offs.

use super::sql::{self, list_by};
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
    /// A tutor's rules (active and not), by day then start time.
    async fn list_availabilities(
        &mut self,
        tutor: TutorProfileId,
    ) -> Result<Vec<TutorAvailability>>;
    /// Rewrites a rule.
    async fn update_availability(&mut self, rule: &TutorAvailability) -> Result<()>;
    /// Deletes a rule.
    async fn delete_availability(&mut self, id: AvailabilityId) -> Result<bool>;

    /// Inserts a time-off.
    async fn insert_time_off(&mut self, off: &TutorTimeOff) -> Result<()>;
    /// The time-off with this id.
    async fn get_time_off(&mut self, id: TimeOffId) -> Result<Option<TutorTimeOff>>;
    /// A tutor's time-offs overlapping `[from, to)`, by start.
    async fn list_time_offs(
        &mut self,
        tutor: TutorProfileId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<TutorTimeOff>>;
    /// Deletes a time-off.
    async fn delete_time_off(&mut self, id: TimeOffId) -> Result<bool>;

    /// Inserts a date override.
    async fn insert_date_override(&mut self, o: &TutorDateOverride) -> Result<()>;
    /// A tutor's overrides for local dates in `[from, to]`, by date then start.
    async fn list_date_overrides(
        &mut self,
        tutor: TutorProfileId,
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
        tutor: TutorProfileId,
    ) -> Result<Vec<TutorAvailability>> {
        list_by(
            self,
            "SELECT * FROM tutor_availabilities WHERE tutor_profile_id = $1 \
             ORDER BY day_of_week, start_time, id",
            tutor,
        )
        .await
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
        tutor: TutorProfileId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<TutorTimeOff>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM tutor_time_offs WHERE tutor_profile_id = $1 \
             AND start_at < $3 AND end_at > $2 ORDER BY start_at, id",
        )
        .bind(tutor)
        .bind(from)
        .bind(to)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn delete_time_off(&mut self, id: TimeOffId) -> Result<bool> {
        sql::delete::<TutorTimeOff, _>(self, id).await
    }

    async fn insert_date_override(&mut self, o: &TutorDateOverride) -> Result<()> {
        sql::insert(self, o).await
    }
    async fn list_date_overrides(
        &mut self,
        tutor: TutorProfileId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<TutorDateOverride>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM tutor_date_overrides WHERE tutor_profile_id = $1 \
             AND date >= $2 AND date <= $3 ORDER BY date, start_time NULLS LAST, id",
        )
        .bind(tutor)
        .bind(from)
        .bind(to)
        .fetch_all(&mut *c)
        .await?))
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
