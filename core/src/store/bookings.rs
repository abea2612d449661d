//! Bookings and their status history.

use super::sql::{self, BindRow, Table, list_by};
use super::sql::{IdList, among};
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
    /// [`BookingRepo::insert_booking`] with its first status-log row: one statement on
    /// PostgreSQL (every new booking is written so).
    async fn insert_booking_with_log(
        &mut self,
        booking: &Booking,
        log: &BookingStatusLog,
    ) -> Result<()>;
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
    /// [`BookingRepo::update_booking_if_status`], and when the booking moved, appends `log`
    /// (its status-log row) too: one statement on PostgreSQL, where every status change of
    /// the lifecycle goes through here.
    async fn move_booking(
        &mut self,
        booking: &Booking,
        expected: BookingStatus,
        log: &BookingStatusLog,
    ) -> Result<bool>;
    /// A tutor's bookings overlapping `[from, to)`, any status, by start.
    async fn list_tutor_bookings(
        &mut self,
        tutor: TutorProfileId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Booking>>;
    /// The slot-holding bookings (see [`BookingStatus::HOLDS_SLOT`]) of these tutors
    /// overlapping `[from, to)`, by tutor, then start: what calendar checks need.
    async fn list_tutor_slot_holders(
        &mut self,
        tutors: &[TutorProfileId],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Booking>>;
    /// What keeps these tutors busy around `[from, to)`, in one read: the times of their
    /// slot-holding bookings and of the reschedule proposals held on their bookings (as
    /// [`BookingRepo::list_tutor_slot_holders`] and [`BookingRepo::list_tutor_proposals`]
    /// find them), as `(tutor, booking, start, end)` by tutor, then start, then booking.
    async fn list_tutor_busy(
        &mut self,
        tutors: &[TutorProfileId],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(TutorProfileId, BookingId, DateTime<Utc>, DateTime<Utc>)>>;
    /// A student's bookings, newest start first.
    async fn list_student_bookings(&mut self, student: UserId) -> Result<Vec<Booking>>;
    /// Deletes a booking (cascading to its logs, payment, review, progress logs).
    async fn delete_booking(&mut self, id: BookingId) -> Result<bool>;

    /// Appends a status-log row.
    async fn insert_status_log(&mut self, log: &BookingStatusLog) -> Result<()>;
    /// A booking's status history, oldest first.
    async fn list_status_logs(&mut self, booking: BookingId) -> Result<Vec<BookingStatusLog>>;

    /// Serialises calendar writes for one tutor until the transaction ends (PostgreSQL: a row
    /// lock on the tutor profile; SQLite: already serialised by `BEGIN IMMEDIATE`), so checks
    /// the database cannot express (buffers, held reschedule proposals) are race-free.
    async fn lock_tutor_calendar(&mut self, tutor: TutorProfileId) -> Result<()>;
    /// Sets or clears the reschedule proposal held on a booking.
    async fn set_booking_proposal(
        &mut self,
        booking: BookingId,
        proposal: Option<RescheduleProposal>,
    ) -> Result<()>;
    /// Records the package purchase a booking's session was drawn from.
    async fn set_booking_purchase(
        &mut self,
        booking: BookingId,
        purchase: PurchaseId,
    ) -> Result<()>;
    /// The package purchase a booking's session was drawn from, if any.
    async fn get_booking_purchase(&mut self, booking: BookingId) -> Result<Option<PurchaseId>>;
    /// The bookings that drew a session from a purchase, oldest first.
    async fn list_purchase_bookings(&mut self, purchase: PurchaseId) -> Result<Vec<Booking>>;
    /// Every (booking, purchase) pair of a session drawn from a package (for audits).
    async fn list_package_sessions(&mut self) -> Result<Vec<(BookingId, PurchaseId)>>;
    /// The reschedule proposal held on a booking, if any.
    async fn get_booking_proposal(
        &mut self,
        booking: BookingId,
    ) -> Result<Option<RescheduleProposal>>;
    /// Proposals held on the `reschedule_requested` bookings of these tutors overlapping
    /// `[from, to)`, with their tutor, by tutor then start.
    async fn list_tutor_proposals(
        &mut self,
        tutors: &[TutorProfileId],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(TutorProfileId, BookingId, RescheduleProposal)>>;
    /// Records that a booking's reminder went out; `false` when it already had (so a reminder
    /// is sent once even when two job runners race).
    async fn mark_reminder_sent(&mut self, booking: BookingId, now: DateTime<Utc>) -> Result<bool>;
    /// Up to `limit` bookings in `status` that ended before `ended_before`, oldest first.
    async fn list_bookings_ended_before(
        &mut self,
        status: BookingStatus,
        ended_before: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Booking>>;
    /// Up to `limit` confirmed bookings starting in `[from, to)` whose reminder has not gone out.
    async fn list_bookings_needing_reminder(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Booking>>;
    /// Up to `limit` `pending_payment` bookings whose payment expired at or before `now`.
    async fn list_bookings_with_expired_payment(
        &mut self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Booking>>;
    /// Every booking (for audits), oldest first.
    async fn list_all_bookings(&mut self) -> Result<Vec<Booking>>;
}

#[derive(sqlx::FromRow)]
struct ProposalRow {
    id: BookingId,
    proposed_start_at: Option<DateTime<Utc>>,
    proposed_end_at: Option<DateTime<Utc>>,
    reschedule_requested_by: Option<UserId>,
}

/// A [`ProposalRow`] with its tutor.
#[derive(sqlx::FromRow)]
struct TutorProposalRow {
    tutor_profile_id: TutorProfileId,
    #[sqlx(flatten)]
    row: ProposalRow,
}

impl ProposalRow {
    fn proposal(&self) -> Option<RescheduleProposal> {
        Some(RescheduleProposal {
            start_at: self.proposed_start_at?,
            end_at: self.proposed_end_at?,
            requested_by: self.reschedule_requested_by?,
        })
    }
}

static CAS: LazyLock<String> = LazyLock::new(|| {
    let sql = Booking::sql();
    format!("{} AND status = ${}", sql.update, sql.columns + 1)
});

/// A booking's insert and its status-log row bound after it (PostgreSQL).
static INSERT_AND_LOG: LazyLock<String> = LazyLock::new(|| {
    let booking = Booking::sql();
    format!(
        "WITH added AS ({} RETURNING id) {}",
        booking.insert,
        log_select_from("added", booking.columns + 1)
    )
});

/// `INSERT INTO booking_status_logs (…) SELECT $first, … FROM source`.
fn log_select_from(source: &str, first: usize) -> String {
    let log = BookingStatusLog::sql();
    let values: Vec<String> = (first..first + log.columns)
        .map(|i| format!("${i}"))
        .collect();
    format!(
        "{}SELECT {} FROM {source}",
        log.insert_head.trim_end_matches("VALUES "),
        values.join(", ")
    )
}

/// [`CAS`] and, for the row it moved, the status-log row bound after it (PostgreSQL).
static MOVE_AND_LOG: LazyLock<String> = LazyLock::new(|| {
    format!(
        "WITH moved AS ({} RETURNING id) {}",
        CAS.as_str(),
        log_select_from("moved", Booking::sql().columns + 2)
    )
});

#[async_trait]
impl BookingRepo for Tx {
    async fn insert_booking(&mut self, booking: &Booking) -> Result<()> {
        sql::insert(self, booking).await
    }
    async fn insert_booking_with_log(
        &mut self,
        booking: &Booking,
        log: &BookingStatusLog,
    ) -> Result<()> {
        if self.backend() == super::Backend::Sqlite {
            self.insert_booking(booking).await?;
            return self.insert_status_log(log).await;
        }
        log.check()?;
        on_tx!(self, c => {
            let q = sql::bind_checked(booking, INSERT_AND_LOG.as_str())?;
            sql::written!(c, booking, log.bind_row(q).execute(&mut *c));
        });
        Ok(())
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
            sql::written!(
                c,
                booking,
                sql::bind_checked(booking, CAS.as_str())?.bind(expected).execute(&mut *c)
            )
                .rows_affected()
        });
        Ok(affected == 1)
    }
    async fn move_booking(
        &mut self,
        booking: &Booking,
        expected: BookingStatus,
        log: &BookingStatusLog,
    ) -> Result<bool> {
        if self.backend() == super::Backend::Sqlite {
            if !self.update_booking_if_status(booking, expected).await? {
                return Ok(false);
            }
            self.insert_status_log(log).await?;
            return Ok(true);
        }
        log.check()?;
        let affected = on_tx!(self, c => {
            let q = sql::bind_checked(booking, MOVE_AND_LOG.as_str())?.bind(expected);
            sql::written!(c, booking, log.bind_row(q).execute(&mut *c)).rows_affected()
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
    async fn list_tutor_slot_holders(
        &mut self,
        tutors: &[TutorProfileId],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Booking>> {
        Ok(on_tx!(self, c, d => {
            let sql = format!(
                "SELECT * FROM bookings WHERE {} \
                 AND status IN ('pending_payment', 'confirmed', 'reschedule_requested', \
                 'completed', 'no_show', 'disputed') \
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
    async fn list_tutor_busy(
        &mut self,
        tutors: &[TutorProfileId],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(TutorProfileId, BookingId, DateTime<Utc>, DateTime<Utc>)>> {
        Ok(on_tx!(self, c, d => {
            let tutors_in = among("tutor_profile_id", tutors.len(), d);
            let sql = format!(
                "SELECT tutor_profile_id, id, start_at AS busy_start, end_at AS busy_end \
                 FROM bookings WHERE {tutors_in} \
                 AND status IN ('pending_payment', 'confirmed', 'reschedule_requested', \
                 'completed', 'no_show', 'disputed') AND start_at < $3 AND end_at > $2 \
                 UNION ALL \
                 SELECT tutor_profile_id, id, proposed_start_at, proposed_end_at \
                 FROM bookings WHERE {tutors_in} AND status = 'reschedule_requested' \
                 AND proposed_start_at < $3 AND proposed_end_at > $2 \
                 ORDER BY 1, 3, 2"
            );
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(IdList::new(tutors))
                .bind(from)
                .bind(to)
                .fetch_all(&mut *c)
                .await?
        }))
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

    async fn lock_tutor_calendar(&mut self, tutor: TutorProfileId) -> Result<()> {
        on_tx!(self, c, d => {
            sqlx::query(d.pick(
                "SELECT id FROM tutor_profiles WHERE id = $1 FOR UPDATE",
                "SELECT id FROM tutor_profiles WHERE id = $1",
            ))
            .bind(tutor)
            .execute(&mut *c)
            .await?;
        });
        Ok(())
    }
    async fn set_booking_proposal(
        &mut self,
        booking: BookingId,
        proposal: Option<RescheduleProposal>,
    ) -> Result<()> {
        on_tx!(self, c => {
            sqlx::query(
                "UPDATE bookings SET proposed_start_at = $2, proposed_end_at = $3, \
                 reschedule_requested_by = $4 WHERE id = $1",
            )
            .bind(booking)
            .bind(proposal.map(|p| p.start_at))
            .bind(proposal.map(|p| p.end_at))
            .bind(proposal.map(|p| p.requested_by))
            .execute(&mut *c)
            .await?;
        });
        Ok(())
    }
    async fn set_booking_purchase(
        &mut self,
        booking: BookingId,
        purchase: PurchaseId,
    ) -> Result<()> {
        on_tx!(self, c => {
            sqlx::query("UPDATE bookings SET package_purchase_id = $2 WHERE id = $1")
                .bind(booking)
                .bind(purchase)
                .execute(&mut *c)
                .await?;
        });
        Ok(())
    }
    async fn get_booking_purchase(&mut self, booking: BookingId) -> Result<Option<PurchaseId>> {
        let row: Option<Option<PurchaseId>> = on_tx!(self, c => sqlx::query_scalar(
            "SELECT package_purchase_id FROM bookings WHERE id = $1",
        )
        .bind(booking)
        .fetch_optional(&mut *c)
        .await?);
        Ok(row.flatten())
    }
    async fn list_purchase_bookings(&mut self, purchase: PurchaseId) -> Result<Vec<Booking>> {
        list_by(
            self,
            "SELECT * FROM bookings WHERE package_purchase_id = $1 ORDER BY created_at, id",
            purchase,
        )
        .await
    }
    async fn list_package_sessions(&mut self) -> Result<Vec<(BookingId, PurchaseId)>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT id, package_purchase_id FROM bookings WHERE package_purchase_id IS NOT NULL \
             ORDER BY created_at, id",
        )
        .fetch_all(&mut *c)
        .await?))
    }
    async fn get_booking_proposal(
        &mut self,
        booking: BookingId,
    ) -> Result<Option<RescheduleProposal>> {
        let row: Option<ProposalRow> = on_tx!(self, c => sqlx::query_as(
            "SELECT id, proposed_start_at, proposed_end_at, reschedule_requested_by \
             FROM bookings WHERE id = $1",
        )
        .bind(booking)
        .fetch_optional(&mut *c)
        .await?);
        Ok(row.and_then(|r| r.proposal()))
    }
    async fn list_tutor_proposals(
        &mut self,
        tutors: &[TutorProfileId],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(TutorProfileId, BookingId, RescheduleProposal)>> {
        let rows: Vec<(TutorProfileId, ProposalRow)> = on_tx!(self, c, d => {
            let sql = format!(
                "SELECT tutor_profile_id, id, proposed_start_at, proposed_end_at, \
                 reschedule_requested_by FROM bookings WHERE {} \
                 AND status = 'reschedule_requested' \
                 AND proposed_start_at < $3 AND proposed_end_at > $2 \
                 ORDER BY tutor_profile_id, proposed_start_at, id",
                among("tutor_profile_id", tutors.len(), d)
            );
            let rows: Vec<TutorProposalRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(IdList::new(tutors))
                .bind(from)
                .bind(to)
                .fetch_all(&mut *c)
                .await?;
            rows.into_iter().map(|r| (r.tutor_profile_id, r.row)).collect()
        });
        Ok(rows
            .iter()
            .filter_map(|(t, r)| r.proposal().map(|p| (*t, r.id, p)))
            .collect())
    }
    async fn mark_reminder_sent(&mut self, booking: BookingId, now: DateTime<Utc>) -> Result<bool> {
        let n = on_tx!(self, c => sqlx::query(
            "UPDATE bookings SET reminder_sent_at = $2 WHERE id = $1 AND reminder_sent_at IS NULL",
        )
        .bind(booking)
        .bind(now)
        .execute(&mut *c)
        .await?
        .rows_affected());
        Ok(n == 1)
    }
    async fn list_bookings_ended_before(
        &mut self,
        status: BookingStatus,
        ended_before: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Booking>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM bookings WHERE status = $1 AND end_at <= $2 ORDER BY end_at, id LIMIT $3",
        )
        .bind(status)
        .bind(ended_before)
        .bind(limit)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn list_bookings_needing_reminder(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Booking>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM bookings WHERE status = 'confirmed' AND reminder_sent_at IS NULL \
             AND start_at >= $1 AND start_at < $2 ORDER BY start_at, id LIMIT $3",
        )
        .bind(from)
        .bind(to)
        .bind(limit)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn list_bookings_with_expired_payment(
        &mut self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Booking>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT b.* FROM bookings b JOIN payment_transactions p ON p.booking_id = b.id \
             WHERE b.status = 'pending_payment' AND p.status = 'pending' \
             AND p.expires_at <= $1 ORDER BY p.expires_at, b.id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn list_all_bookings(&mut self) -> Result<Vec<Booking>> {
        Ok(
            on_tx!(self, c => sqlx::query_as("SELECT * FROM bookings ORDER BY created_at, id")
            .fetch_all(&mut *c)
            .await?),
        )
    }
}
