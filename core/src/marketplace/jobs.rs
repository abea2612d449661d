//! Time-driven work a host runs from cron: [`Marketplace::run_due`].

use super::bookings::load_booking;
use super::chat::refresh_response_rate;
use super::packages::{expire_purchase, purchase_payment_voided};
use super::trace::{traced, use_case};
use super::{Marketplace, Note, notify_all};
use crate::booking::{BookingEvent, Party};
use crate::chat;
use crate::error::Result;
use crate::store::{BookingRepo, ChatRepo, PackageRepo, PaymentRepo, TutorRepo};
use crate::types::*;

/// What one [`Marketplace::run_due`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct DueReport {
    /// Unpaid bookings cancelled because their payment expired (slots freed).
    pub expired: usize,
    /// Bookings completed after the dispute window (escrow released).
    pub completed: usize,
    /// Lesson reminders written.
    pub reminded: usize,
    /// Unpaid package purchases cancelled because their payment expired.
    pub purchases_cancelled: usize,
    /// Package purchases expired (their unused sessions refunded).
    pub purchases_expired: usize,
    /// Tutors whose response rate was recomputed because an inquiry went unanswered past
    /// the response window.
    pub response_rates_updated: usize,
    /// Items skipped because another runner handled them first.
    pub skipped: usize,
}

const BATCH: i64 = 500;

impl Marketplace {
    /// Does everything that has come due by now: expires unpaid bookings and package
    /// purchases, completes lessons whose dispute window passed (releasing escrow), expires
    /// package purchases whose validity ended (refunding their unused sessions), writes
    /// `lesson_reminder` notifications once per lesson, and recomputes the response rate of
    /// tutors who left an inquiry unanswered past the window. Each item is its own
    /// transaction and a compare-and-swap, so running it again, or from two processes at
    /// once, does each thing exactly once.
    ///
    /// # Errors
    /// `database` when the store fails; items already done stay done.
    pub async fn run_due(&self) -> Result<DueReport> {
        let span = use_case!("run_due");
        traced(span, async move {
            let now = self.now();
            let mut report = DueReport::default();

            let mut tx = self.store.begin().await?;
            let expired = tx.list_bookings_with_expired_payment(now, BATCH).await?;
            let window_end = now - self.policy.dispute_window;
            let mut to_complete = tx
                .list_bookings_ended_before(BookingStatus::Confirmed, window_end, BATCH)
                .await?;
            to_complete.extend(
                tx.list_bookings_ended_before(BookingStatus::NoShow, window_end, BATCH)
                    .await?,
            );
            let to_remind = tx
                .list_bookings_needing_reminder(now, now + self.policy.reminder_lead, BATCH)
                .await?;
            let unpaid_purchases = tx.list_purchases_with_expired_payment(now, BATCH).await?;
            let ended_purchases = tx.list_purchases_expiring(now, BATCH).await?;
            drop(tx);

            for pp in unpaid_purchases {
                match self.void_purchase_payment(pp.id).await {
                    Ok(true) => report.purchases_cancelled += 1,
                    Ok(false) => report.skipped += 1,
                    Err(e) if e.code() == "conflict" => report.skipped += 1,
                    Err(e) => return Err(e),
                }
            }
            for pp in ended_purchases {
                let mut tx = self.store.begin().await?;
                if expire_purchase(self, &mut tx, pp.id, now).await? {
                    tx.commit().await?;
                    report.purchases_expired += 1;
                } else {
                    report.skipped += 1;
                }
            }

            for (list, event) in [
                (&expired, BookingEvent::PaymentExpired),
                (&to_complete, BookingEvent::AutoComplete),
            ] {
                for b in list {
                    match self.system_move(b.id, event).await {
                        Ok(true) => match event {
                            BookingEvent::PaymentExpired => report.expired += 1,
                            _ => report.completed += 1,
                        },
                        Ok(false) => report.skipped += 1,
                        Err(e) if e.code() == "conflict" => report.skipped += 1,
                        Err(e) => return Err(e),
                    }
                }
            }

            for b in to_remind {
                let mut tx = self.store.begin().await?;
                if !tx.mark_reminder_sent(b.id, now).await? {
                    report.skipped += 1;
                    continue;
                }
                let msg = format!(
                    "Your lesson starts at {}.",
                    b.start_at.format("%Y-%m-%d %H:%M UTC")
                );
                let link = Some(format!("/bookings/{}", b.id));
                let mut notes = vec![Note {
                    user: b.student_id,
                    kind: NotificationType::LessonReminder,
                    title: "Lesson reminder",
                    message: msg.clone(),
                    link: link.clone(),
                }];
                if let Some(p) = tx.get_tutor_profile(b.tutor_profile_id).await? {
                    notes.push(Note {
                        user: p.user_id,
                        kind: NotificationType::LessonReminder,
                        title: "Lesson reminder",
                        message: msg,
                        link,
                    });
                }
                notify_all(&mut tx, notes, now).await?;
                tx.commit().await?;
                report.reminded += 1;
            }

            let mut tx = self.store.begin().await?;
            let mut tutors = tx
                .take_inquiries_asked_before(now - chat::RESPONSE_WINDOW, BATCH)
                .await?;
            tutors.sort();
            tutors.dedup();
            for &tutor in &tutors {
                refresh_response_rate(&mut tx, tutor, now).await?;
            }
            tx.commit().await?;
            report.response_rates_updated = tutors.len();
            Ok(report)
        })
        .await
    }

    /// Expires a purchase's pending payment and cancels the purchase; `false` when the
    /// payment is no longer pending (paid, or another runner was first).
    async fn void_purchase_payment(&self, purchase: PurchaseId) -> Result<bool> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let Some(mut payment) = tx.find_payment_by_purchase(purchase).await? else {
            return Ok(false);
        };
        if payment.status != PaymentStatus::Pending {
            return Ok(false);
        }
        payment.status = PaymentStatus::Expired;
        payment.updated_at = now;
        if !tx
            .update_payment_if_status(&payment, PaymentStatus::Pending)
            .await?
        {
            return Ok(false);
        }
        purchase_payment_voided(&mut tx, purchase, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// One system move on a booking; `false` when its status no longer allows it (another
    /// runner, a payment or a person got there first).
    async fn system_move(&self, id: BookingId, event: BookingEvent) -> Result<bool> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let mut b = load_booking(&mut tx, id).await?;
        let Ok(row) = self.decide(&b, event, Party::System, now) else {
            return Ok(false);
        };
        self.transition(&mut tx, &mut b, &row, Party::System, None, None, None, now)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}
