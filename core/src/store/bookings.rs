//! Bookings and their status history.

use super::sql::{self, BindRow, Table, list_by};
use super::{Tx, on_tx};
use crate::error::Result;
use crate::types::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::LazyLock;

/// Bookings & status logs.
#[async_trait]
pub trait BookingRepo {
    /// Inserts a booking. `conflict` when it would overlap another slot-holding booking of the
    /// same tutor (enforced by the database on both backends).
    async fn insert_booking(&mut self, booking: &Booking) -> Result<()>;
    /// The booking with this id.
    async fn get_booking(&mut self, id: BookingId) -> Result<Option<Booking>>;
    /// Rewrites a booking unconditionally. `not_found` when absent.
    async fn update_booking(&mut self, booking: &Booking) -> Result<()>;
    /// Rewrites a booking only if its stored status is still `expected` (compare-and-swap);
    /// `false` when another writer moved it first.
    async fn update_booking_if_status(
        &mut self,
        booking: &Booking,
        expected: BookingStatus,
    ) -> Result<bool>;
    /// A tutor's bookings overlapping `[from, to)`, any status, by start.
    async fn list_tutor_bookings(
        &mut self,
        tutor: TutorProfileId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Booking>>;
    /// A student's bookings, newest start first.
    async fn list_student_bookings(&mut self, student: UserId) -> Result<Vec<Booking>>;
    /// Deletes a booking (cascading to its logs, payment, review, progress logs).
    async fn delete_booking(&mut self, id: BookingId) -> Result<bool>;

    /// Appends a status-log row.
    async fn insert_status_log(&mut self, log: &BookingStatusLog) -> Result<()>;
    /// A booking's status history, oldest first.
    async fn list_status_logs(&mut self, booking: BookingId) -> Result<Vec<BookingStatusLog>>;
}

static CAS: LazyLock<String> = LazyLock::new(|| {
    let sql = Booking::sql();
    format!("{} AND status = ${}", sql.update, sql.columns + 1)
});

#[async_trait]
impl BookingRepo for Tx {
    async fn insert_booking(&mut self, booking: &Booking) -> Result<()> {
        sql::insert(self, booking).await
    }
    async fn get_booking(&mut self, id: BookingId) -> Result<Option<Booking>> {
        sql::get(self, id).await
    }
    async fn update_booking(&mut self, booking: &Booking) -> Result<()> {
        sql::update(self, booking.id, booking).await
    }
    async fn update_booking_if_status(
        &mut self,
        booking: &Booking,
        expected: BookingStatus,
    ) -> Result<bool> {
        let affected = on_tx!(self, c => {
            <Booking as BindRow<_>>::bind_row(booking, sqlx::query(CAS.as_str()))
                .bind(expected)
                .execute(&mut *c)
                .await?
                .rows_affected()
        });
        Ok(affected == 1)
    }
    async fn list_tutor_bookings(
        &mut self,
        tutor: TutorProfileId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Booking>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM bookings WHERE tutor_profile_id = $1 \
             AND start_at < $3 AND end_at > $2 ORDER BY start_at, id",
        )
        .bind(tutor)
        .bind(from)
        .bind(to)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn list_student_bookings(&mut self, student: UserId) -> Result<Vec<Booking>> {
        list_by(
            self,
            "SELECT * FROM bookings WHERE student_id = $1 ORDER BY start_at DESC, id DESC",
            student,
        )
        .await
    }
    async fn delete_booking(&mut self, id: BookingId) -> Result<bool> {
        sql::delete::<Booking, _>(self, id).await
    }

    async fn insert_status_log(&mut self, log: &BookingStatusLog) -> Result<()> {
        sql::insert(self, log).await
    }
    async fn list_status_logs(&mut self, booking: BookingId) -> Result<Vec<BookingStatusLog>> {
        list_by(
            self,
            "SELECT * FROM booking_status_logs WHERE booking_id = $1 ORDER BY created_at, id",
            booking,
        )
        .await
    }
}
