//! The booking lifecycle: create, checkout, reschedule, cancel, complete, no-show, dispute.

use super::ledger::{post, settle_escrow};
use super::trace::{record, traced, use_case};
use super::tutors::{bookable_offering, bookable_tutor, load_calendar};
use super::{Actor, Marketplace, Note, active_user, notify_all, party_of, text};
use crate::booking::{self, BookingEvent, MoneyEffect, Party, Timing, Transition};
use crate::error::{Error, Result};
use crate::ledger::Concerns;
use crate::pricing::{Quote, Settlement, quote};
use crate::slots::{self, Interval, Refusal};
use crate::store::{BookingRepo, PaymentRepo, TutorRepo, Tx};
use crate::types::*;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use tracing::field::Empty;

/// What a student asks to book.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBooking {
    /// The tutor subject (tutor, subject, level) to book.
    pub tutor_subject_id: TutorSubjectId,
    /// Lesson start (UTC); must be an offered slot.
    pub start_at: DateTime<Utc>,
    /// Lesson length, within the policy's bounds.
    pub duration_minutes: i64,
    /// Online or offline; the tutor must offer it.
    pub mode: LessonMode,
    /// Offline: where (not `online`).
    pub location_type: Option<LocationType>,
    /// Offline: the address (required).
    pub location_address: Option<String>,
    /// Offline: latitude, −90…90.
    pub lat: Option<Decimal>,
    /// Offline: longitude, −180…180.
    pub lng: Option<Decimal>,
    /// Online: the meeting link, if already known (an `https://` URL).
    pub meeting_link: Option<String>,
    /// A note for the tutor.
    pub notes: Option<String>,
}

/// A booking sent to payment.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Checkout {
    /// The booking, now `pending_payment` (its slot held).
    pub booking: Booking,
    /// The payment to make; its id is the order id to give the provider.
    pub payment: PaymentTransaction,
}

/// How an admin settles a dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisputeResolution {
    /// Everything to the tutor and the platform.
    Release,
    /// Everything back to the student.
    Refund,
    /// This much back to the student, the rest divided as for a completed lesson.
    Split {
        /// Refunded to the student.
        refund: Decimal,
    },
}

impl Marketplace {
    /// Creates a booking as a draft, priced but not holding its slot yet.
    ///
    /// # Errors
    /// - `forbidden` unless the actor is an active student;
    /// - `not_found` for an unknown or inactive tutor subject, or a tutor that is not active;
    /// - `validation` on `duration_minutes`, `mode` (not offered), `location_type`,
    ///   `location_address`, `lat`, `lng`, `meeting_link`, `notes`, or `start_at` when the
    ///   tutor never offers that time (outside the rules or their grid, in a time-off, too
    ///   soon, too far);
    /// - `conflict` when the tutor offers the time but another booking has just taken it.
    pub async fn create_booking(&self, actor: &Actor, new: NewBooking) -> Result<Booking> {
        let span = use_case!(
            "create_booking",
            actor,
            tutor_subject.id = %new.tutor_subject_id,
            booking.id = Empty
        );
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let student = active_user(&mut tx, actor).await?;
            if student.role != Role::Student {
                return Err(Error::Forbidden("only a student may book".into()));
            }
            let (ts, profile) = bookable_offering(&mut tx, new.tutor_subject_id)
                .await?
                .ok_or_else(|| Error::not_found("tutor subject", new.tutor_subject_id))?;
            if profile.user_id == student.id {
                return Err(Error::Forbidden("tutors cannot book themselves".into()));
            }
            let offered = profile.teaching_modes.contains(&TeachingMode::Both)
                || profile.teaching_modes.iter().any(|m| {
                    matches!(
                        (m, new.mode),
                        (TeachingMode::Online, LessonMode::Online)
                            | (TeachingMode::Offline, LessonMode::Offline)
                    )
                });
            if !offered {
                return Err(Error::validation(
                    "mode",
                    format!("the tutor does not teach {}", new.mode),
                ));
            }
            let place = check_place(&new)?;
            let q = quote(
                ts.price_override.unwrap_or(profile.hourly_rate),
                new.duration_minutes,
                &self.policy,
            )?;
            let slot = Interval::new(
                new.start_at,
                new.start_at + Duration::minutes(new.duration_minutes),
            );
            self.check_offered(&mut tx, &profile, slot, None, now)
                .await?;
            let booking = Booking {
                id: BookingId::new(),
                student_id: student.id,
                tutor_profile_id: profile.id,
                tutor_subject_id: Some(ts.id),
                mode: Some(new.mode),
                start_at: slot.start,
                end_at: slot.end,
                duration_minutes: new.duration_minutes as i32,
                location_type: Some(place.location_type),
                location_address: place.address,
                lat: new.lat,
                lng: new.lng,
                meeting_link: place.meeting_link,
                status: BookingStatus::Draft,
                cancelled_by: None,
                cancel_reason: None,
                price: q.price,
                platform_fee: q.platform_fee,
                total_amount: q.total_amount,
                currency: profile.currency,
                notes: text("notes", new.notes, 2000)?,
                created_at: now,
                updated_at: now,
                deleted_at: None,
            };
            let log = BookingStatusLog {
                id: StatusLogId::new(),
                booking_id: booking.id,
                from_status: None,
                to_status: BookingStatus::Draft,
                changed_by_user_id: Some(student.id),
                reason: None,
                created_at: now,
            };
            record("booking.id", booking.id);
            tx.insert_booking_with_log(&booking, &log).await?;
            tx.commit().await?;
            Ok(booking)
        })
        .await
    }

    /// Sends a draft to payment: the slot is held (re-checked under the tutor's calendar
    /// lock) and a payment is created that expires per the policy.
    ///
    /// # Errors
    /// `not_found`; `forbidden` unless it is the actor's own booking; `invalid_transition`
    /// unless a draft before its start; `not_found` when the tutor or the offering is no
    /// longer bookable ([`crate::bookable`]); `validation` on `start_at` when the time is no
    /// longer offered; `conflict` when another booking took the slot meanwhile.
    pub async fn checkout(
        &self,
        actor: &Actor,
        booking: BookingId,
        provider: PaymentProvider,
    ) -> Result<Checkout> {
        let span = use_case!(
            "checkout",
            actor,
            booking.id = %booking,
            payment.provider = %provider,
            payment.id = Empty
        );
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let (mut b, party) = calendar_move(&mut tx, actor, booking).await?;
            let row = self.decide(&b, BookingEvent::Checkout, party, now)?;
            self.check_slot_still_offered(&mut tx, &b, now).await?;
            apply(&mut tx, &mut b, &row, party, Some(actor.user_id), None, now).await?;
            let payment = PaymentTransaction {
                id: PaymentId::new(),
                booking_id: Some(b.id),
                provider: Some(provider),
                payment_method: None,
                external_payment_id: None,
                status: PaymentStatus::Pending,
                amount: b.total_amount,
                currency: b.currency,
                paid_at: None,
                expires_at: Some(now + self.policy.payment_expiry),
                raw_payload: None,
                created_at: now,
                updated_at: now,
                deleted_at: None,
                package_purchase_id: None,
            };
            record("payment.id", payment.id);
            tx.insert_payment(&payment).await?;
            tx.commit().await?;
            Ok(Checkout {
                booking: b,
                payment,
            })
        })
        .await
    }

    /// Cancels a booking. A paid booking's escrow is settled per the policy (see
    /// [`crate::booking::cancellation_settlement`]); an unpaid payment is voided.
    ///
    /// # Errors
    /// `not_found`; `forbidden` unless the booking's student, tutor or an admin (per the
    /// transition table); `invalid_transition` when the status or time does not allow it;
    /// `validation` on `reason` (too long).
    pub async fn cancel_booking(
        &self,
        actor: &Actor,
        booking: BookingId,
        reason: Option<String>,
    ) -> Result<Booking> {
        let span = use_case!("cancel_booking", actor, booking.id = %booking);
        traced(span, async move {
            let reason = text("reason", reason, 1000)?;
            self.act(actor, booking, BookingEvent::Cancel, reason, None)
                .await
        })
        .await
    }

    /// The student confirms the lesson took place: the escrow is released.
    ///
    /// # Errors
    /// `not_found`; `forbidden` unless the booking's student; `invalid_transition` unless
    /// confirmed and ended.
    pub async fn confirm_lesson(&self, actor: &Actor, booking: BookingId) -> Result<Booking> {
        let span = use_case!("confirm_lesson", actor, booking.id = %booking);
        traced(span, async move {
            self.act(actor, booking, BookingEvent::ConfirmDone, None, None)
                .await
        })
        .await
    }

    /// The tutor reports that the student did not come.
    ///
    /// # Errors
    /// `not_found`; `forbidden` unless the booking's tutor; `invalid_transition` unless
    /// confirmed and started.
    pub async fn report_no_show(&self, actor: &Actor, booking: BookingId) -> Result<Booking> {
        let span = use_case!("report_no_show", actor, booking.id = %booking);
        traced(span, async move {
            self.act(actor, booking, BookingEvent::ReportNoShow, None, None)
                .await
        })
        .await
    }

    /// The student disputes the lesson (or a no-show report): the escrow stays frozen until
    /// an admin resolves it.
    ///
    /// # Errors
    /// `not_found`; `forbidden` unless the booking's student; `invalid_transition` outside
    /// the dispute window; `validation` on `reason`.
    pub async fn dispute_booking(
        &self,
        actor: &Actor,
        booking: BookingId,
        reason: String,
    ) -> Result<Booking> {
        let span = use_case!("dispute_booking", actor, booking.id = %booking);
        traced(span, async move {
            let reason = text("reason", Some(reason), 1000)?
                .ok_or_else(|| Error::validation("reason", "is required"))?;
            self.act(actor, booking, BookingEvent::Dispute, Some(reason), None)
                .await
        })
        .await
    }

    /// An admin settles a dispute.
    ///
    /// # Errors
    /// `not_found`; `forbidden` unless admin; `invalid_transition` unless disputed;
    /// `validation` on `refund` (negative or above the total).
    pub async fn resolve_dispute(
        &self,
        actor: &Actor,
        booking: BookingId,
        resolution: DisputeResolution,
        note: Option<String>,
    ) -> Result<Booking> {
        let span = use_case!("resolve_dispute", actor, booking.id = %booking);
        traced(span, async move {
            let (event, refund) = match resolution {
                DisputeResolution::Release => (BookingEvent::ResolveRelease, None),
                DisputeResolution::Refund => (BookingEvent::ResolveRefund, None),
                DisputeResolution::Split { refund } => {
                    check_amount("refund", refund)?;
                    (BookingEvent::ResolveSplit, Some(refund))
                }
            };
            let note = text("note", note, 1000)?;
            self.act(actor, booking, event, note, refund).await
        })
        .await
    }

    /// Proposes another time for a confirmed booking; the proposed slot is held until the
    /// other party answers.
    ///
    /// # Errors
    /// `not_found`; `forbidden` unless the booking's student or tutor; `invalid_transition`
    /// unless confirmed and not started; `validation` on `start_at` when the new time is not
    /// an offered slot.
    pub async fn request_reschedule(
        &self,
        actor: &Actor,
        booking: BookingId,
        start_at: DateTime<Utc>,
    ) -> Result<Booking> {
        let span = use_case!("request_reschedule", actor, booking.id = %booking);
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let (mut b, party) = calendar_move(&mut tx, actor, booking).await?;
            let row = self.decide(&b, BookingEvent::RequestReschedule, party, now)?;
            // The lesson exists already: a switched-off offering does not stop moving it, an
            // unbookable tutor (suspended, banned, paused) does.
            let profile = bookable_tutor(&mut tx, b.tutor_profile_id)
                .await?
                .ok_or_else(|| Error::not_found("tutor profile", b.tutor_profile_id))?;
            let slot = Interval::new(start_at, start_at + (b.end_at - b.start_at));
            self.check_offered(&mut tx, &profile, slot, Some(b.id), now)
                .await?;
            apply(&mut tx, &mut b, &row, party, Some(actor.user_id), None, now).await?;
            tx.set_booking_proposal(
                b.id,
                Some(RescheduleProposal {
                    start_at: slot.start,
                    end_at: slot.end,
                    requested_by: actor.user_id,
                }),
            )
            .await?;
            tx.commit().await?;
            Ok(b)
        })
        .await
    }

    /// The other party accepts (the booking moves to the proposed time) or declines (it
    /// keeps its time) a reschedule request.
    ///
    /// # Errors
    /// `not_found`; `forbidden` unless the other party of the request; `invalid_transition`
    /// unless a request is open (and, to accept, the lesson has not started); `conflict` when
    /// the proposed time was taken meanwhile.
    pub async fn respond_reschedule(
        &self,
        actor: &Actor,
        booking: BookingId,
        accept: bool,
    ) -> Result<Booking> {
        let span = use_case!("respond_reschedule", actor, booking.id = %booking, accept);
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let (mut b, party) = calendar_move(&mut tx, actor, booking).await?;
            let proposal = tx.get_booking_proposal(b.id).await?;
            if let Some(p) = proposal
                && p.requested_by == actor.user_id
            {
                return Err(Error::Forbidden(
                    "the other party answers a reschedule request".into(),
                ));
            }
            let event = if accept {
                BookingEvent::AcceptReschedule
            } else {
                BookingEvent::DeclineReschedule
            };
            let row = self.decide(&b, event, party, now)?;
            if accept {
                let p = proposal
                    .ok_or_else(|| Error::Internal("reschedule without proposal".into()))?;
                b.start_at = p.start_at;
                b.end_at = p.end_at;
            }
            tx.set_booking_proposal(b.id, None).await?;
            apply(&mut tx, &mut b, &row, party, Some(actor.user_id), None, now).await?;
            tx.commit().await?;
            Ok(b)
        })
        .await
    }

    /// A booking, for its student, its tutor or an admin.
    ///
    /// # Errors
    /// `not_found`; `forbidden` for anyone else.
    pub async fn get_booking(&self, actor: &Actor, booking: BookingId) -> Result<Booking> {
        let span = use_case!("get_booking", actor, booking.id = %booking);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let b = load_booking(&mut tx, booking).await?;
            party_of(&mut tx, actor, &b).await?;
            Ok(b)
        })
        .await
    }

    /// A booking's status history, oldest first (same access as [`Marketplace::get_booking`]).
    ///
    /// # Errors
    /// As [`Marketplace::get_booking`].
    pub async fn booking_history(
        &self,
        actor: &Actor,
        booking: BookingId,
    ) -> Result<Vec<BookingStatusLog>> {
        let span = use_case!("booking_history", actor, booking.id = %booking);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let b = load_booking(&mut tx, booking).await?;
            party_of(&mut tx, actor, &b).await?;
            tx.list_status_logs(b.id).await
        })
        .await
    }

    /// The actor's bookings: a student's own, or a tutor's lessons in `[from, to)`.
    ///
    /// # Errors
    /// `forbidden` unless an active student or tutor (with a profile).
    pub async fn my_bookings(
        &self,
        actor: &Actor,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Booking>> {
        let span = use_case!("my_bookings", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            match user.role {
                Role::Student => Ok(tx
                    .list_student_bookings(user.id)
                    .await?
                    .into_iter()
                    .filter(|b| b.start_at < to && b.end_at > from)
                    .collect()),
                Role::Tutor => {
                    let p = super::own_tutor_profile(&mut tx, actor).await?;
                    tx.list_tutor_bookings(p.id, from, to).await
                }
                Role::Admin => Err(Error::Forbidden("admins have no bookings".into())),
            }
        })
        .await
    }

    /// Decides a move with this marketplace's policy and clock.
    pub(crate) fn decide(
        &self,
        b: &Booking,
        event: BookingEvent,
        party: Party,
        now: DateTime<Utc>,
    ) -> Result<Transition> {
        booking::decide(
            b.status,
            event,
            party,
            &Timing {
                start_at: b.start_at,
                end_at: b.end_at,
                now,
            },
            &self.policy,
        )
    }

    /// One actor-driven move with its money effect, in one transaction.
    async fn act(
        &self,
        actor: &Actor,
        booking: BookingId,
        event: BookingEvent,
        reason: Option<String>,
        refund: Option<Decimal>,
    ) -> Result<Booking> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let mut b = load_booking(&mut tx, booking).await?;
        let party = party_of(&mut tx, actor, &b).await?;
        let row = self.decide(&b, event, party, now)?;
        self.transition(
            &mut tx,
            &mut b,
            &row,
            party,
            Some(actor.user_id),
            reason,
            refund,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(b)
    }

    /// Applies a decided move and its money effect (everything but creating a payment).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn transition(
        &self,
        tx: &mut Tx,
        b: &mut Booking,
        row: &Transition,
        party: Party,
        actor: Option<UserId>,
        reason: Option<String>,
        refund: Option<Decimal>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let from = b.status;
        apply(tx, b, row, party, actor, reason, now).await?;
        if from == BookingStatus::RescheduleRequested {
            tx.set_booking_proposal(b.id, None).await?;
        }
        let q = Quote::from_booking(b.price, b.platform_fee, b.total_amount);
        let timing = Timing {
            start_at: b.start_at,
            end_at: b.end_at,
            now,
        };
        let settlement = match row.money {
            MoneyEffect::None | MoneyEffect::CreatePayment | MoneyEffect::DrawPackageSession => {
                None
            }
            MoneyEffect::EscrowHold => {
                post(
                    tx,
                    &crate::ledger::escrow_hold(Concerns::booking(b.id), b.total_amount),
                    now,
                )
                .await?;
                None
            }
            MoneyEffect::VoidPayment => {
                if let Some(mut p) = tx.find_payment_by_booking(b.id).await?
                    && p.status == PaymentStatus::Pending
                {
                    p.status = match row.event {
                        BookingEvent::PaymentExpired => PaymentStatus::Expired,
                        _ => PaymentStatus::Failed,
                    };
                    p.updated_at = now;
                    tx.update_payment(&p).await?;
                }
                None
            }
            MoneyEffect::Release => Some(Settlement::release(&q)),
            MoneyEffect::FullRefund => Some(Settlement::full_refund(&q)),
            MoneyEffect::Split => Some(Settlement::split(&q, refund.unwrap_or_default())?),
            MoneyEffect::CancellationRefund => Some(booking::cancellation_settlement(
                party,
                &timing,
                &q,
                &self.policy,
            )),
        };
        if let Some(s) = settlement {
            // A session refunded in full goes back to its package rather than as money.
            let restored = s.refund == q.total_amount && self.restore_session(tx, b, now).await?;
            if !restored {
                settle_escrow(tx, b, &s, self.policy.refund_to_original_method, now).await?;
            }
        }
        if row.to == BookingStatus::Completed {
            // An atomic increment: ratings and response rates are written concurrently by
            // other use cases, and this runs for every lesson.
            tx.count_completed_lesson(b.tutor_profile_id, now).await?;
        }
        Ok(())
    }

    /// Checks a draft's slot is still offered by its tutor, who (with the offering) must still
    /// be bookable ([`crate::bookable`]).
    pub(crate) async fn check_slot_still_offered(
        &self,
        tx: &mut Tx,
        b: &Booking,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let profile = match b.tutor_subject_id {
            Some(ts) => bookable_offering(tx, ts).await?.map(|(_, p)| p),
            None => bookable_tutor(tx, b.tutor_profile_id).await?,
        }
        .ok_or_else(|| Error::not_found("tutor profile", b.tutor_profile_id))?;
        self.check_offered(
            tx,
            &profile,
            Interval::new(b.start_at, b.end_at),
            Some(b.id),
            now,
        )
        .await
    }

    /// Checks `slot` is one the tutor offers now (rules, overrides, time-offs, notice,
    /// horizon, buffers, other bookings and held proposals), leaving out `ignore`:
    /// `conflict` when only other bookings stand in the way, else `validation`.
    async fn check_offered(
        &self,
        tx: &mut Tx,
        profile: &TutorProfile,
        slot: Interval,
        ignore: Option<BookingId>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let cal = load_calendar(tx, profile, slot.start, slot.end, ignore, now).await?;
        match slots::check_offered(&cal.inputs(self), slot, self.policy.slot_step) {
            Ok(()) => Ok(()),
            // Apps show "just booked by someone else", not a form error.
            Err(Refusal::Taken) => Err(Error::Conflict(format!(
                "{} was just booked by someone else",
                slot.start
            ))),
            Err(Refusal::NotOffered) => Err(Error::validation(
                "start_at",
                format!(
                    "{} is not an offered slot of {} minutes (outside the tutor's hours or \
                     grid, in a time-off, too soon or too far ahead)",
                    slot.start,
                    (slot.end - slot.start).num_minutes()
                ),
            )),
        }
    }
}

/// Loads a booking whose time is about to change, checks the actor's standing towards it, and
/// takes the tutor's calendar lock for the rest of the transaction.
pub(crate) async fn calendar_move(
    tx: &mut Tx,
    actor: &Actor,
    booking: BookingId,
) -> Result<(Booking, Party)> {
    let b = load_booking(tx, booking).await?;
    let party = party_of(tx, actor, &b).await?;
    tx.lock_tutor_calendar(b.tutor_profile_id).await?;
    Ok((b, party))
}

pub(crate) async fn load_booking(tx: &mut Tx, id: BookingId) -> Result<Booking> {
    tx.get_booking(id)
        .await?
        .ok_or_else(|| Error::not_found("booking", id))
}

/// Moves the status (compare-and-swap) and logs it, with the notifications of the move.
pub(crate) async fn apply(
    tx: &mut Tx,
    b: &mut Booking,
    row: &Transition,
    party: Party,
    actor: Option<UserId>,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<()> {
    let from = b.status;
    b.status = row.to;
    b.updated_at = now;
    if row.to == BookingStatus::Cancelled {
        b.cancelled_by = Some(match party {
            Party::Student => CancelledBy::Student,
            Party::Tutor => CancelledBy::Tutor,
            Party::Admin => CancelledBy::Admin,
            Party::System => CancelledBy::System,
        });
        b.cancel_reason = reason.clone();
    }
    let log = BookingStatusLog {
        id: StatusLogId::new(),
        booking_id: b.id,
        from_status: Some(from),
        to_status: row.to,
        changed_by_user_id: actor,
        reason,
        created_at: now,
    };
    if !tx.move_booking(b, from, &log).await? {
        return Err(Error::Conflict(
            "the booking changed meanwhile; reload it and try again".into(),
        ));
    }
    let link = Some(format!("/bookings/{}", b.id));
    let mut notes = Vec::new();
    if row.to == BookingStatus::Confirmed && from == BookingStatus::PendingPayment {
        notes.push(Note {
            user: b.student_id,
            kind: NotificationType::PaymentReceived,
            title: "Payment received",
            message: format!(
                "We received {} {} for your lesson.",
                b.currency, b.total_amount
            ),
            link: link.clone(),
        });
    }
    if row.to == BookingStatus::Confirmed && from != BookingStatus::RescheduleRequested {
        let message = format!(
            "Your lesson on {} is confirmed.",
            b.start_at.format("%Y-%m-%d %H:%M UTC")
        );
        notes.push(Note {
            user: b.student_id,
            kind: NotificationType::BookingConfirmed,
            title: "Booking confirmed",
            message: message.clone(),
            link: link.clone(),
        });
        // Read only here: most moves notify no tutor, and a read is a round trip.
        if let Some(p) = tx.get_tutor_profile(b.tutor_profile_id).await? {
            notes.push(Note {
                user: p.user_id,
                kind: NotificationType::BookingConfirmed,
                title: "New lesson booked",
                message,
                link,
            });
        }
    }
    if !notes.is_empty() {
        notify_all(tx, notes, now).await?;
    }
    Ok(())
}

struct Place {
    location_type: LocationType,
    address: Option<String>,
    meeting_link: Option<String>,
}

/// Online lessons have a meeting link (or get one later) and no address; offline lessons have
/// a place and an address.
fn check_place(new: &NewBooking) -> Result<Place> {
    super::addresses::check_coordinate("lat", new.lat, 90)?;
    super::addresses::check_coordinate("lng", new.lng, 180)?;
    match new.mode {
        LessonMode::Online => {
            if new.location_type.is_some_and(|t| t != LocationType::Online) {
                return Err(Error::validation(
                    "location_type",
                    "an online lesson is online",
                ));
            }
            if new.location_address.is_some() || new.lat.is_some() || new.lng.is_some() {
                return Err(Error::validation(
                    "location_address",
                    "an online lesson has no address",
                ));
            }
            let link = text("meeting_link", new.meeting_link.clone(), 2000)?;
            if let Some(l) = &link
                && !l.starts_with("https://")
            {
                return Err(Error::validation("meeting_link", "must be an https:// URL"));
            }
            Ok(Place {
                location_type: LocationType::Online,
                address: None,
                meeting_link: link,
            })
        }
        LessonMode::Offline => {
            let location_type = match new.location_type {
                Some(LocationType::Online) | None => {
                    return Err(Error::validation(
                        "location_type",
                        "an offline lesson needs student_place, tutor_place or public_place",
                    ));
                }
                Some(t) => t,
            };
            if new.meeting_link.is_some() {
                return Err(Error::validation(
                    "meeting_link",
                    "an offline lesson has no meeting link",
                ));
            }
            let address = text("location_address", new.location_address.clone(), 1000)?
                .ok_or_else(|| Error::validation("location_address", "is required offline"))?;
            Ok(Place {
                location_type,
                address: Some(address),
                meeting_link: None,
            })
        }
    }
}
