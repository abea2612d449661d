//! Lesson packages: tutors define them, students buy them (paid into escrow held for the
//! purchase) and book lessons with their sessions. The rules are in [`crate::packages`].

use super::bookings::calendar_move;
use super::ledger::{post, refund_target};
use super::trace::{record, traced, use_case};
use super::tutors::bookable_tutor;
use super::{Actor, Marketplace, active_user, notify, own_tutor_profile, text};
use crate::booking::BookingEvent;
use crate::error::{Error, Result};
use crate::ledger::{self, Concerns};
use crate::packages::{self, PackageTerms, PurchaseEvent};
use crate::store::{BookingRepo, LedgerRepo, PackageRepo, PaymentRepo, TutorRepo, Tx};
use crate::types::*;
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use tracing::field::Empty;

/// A package a tutor offers.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPackage {
    /// Shown to students, 1–255 characters.
    pub name: String,
    /// Limits the package to one of the tutor's subjects (and level); `None`: any of them.
    pub tutor_subject_id: Option<TutorSubjectId>,
    /// Number of sessions, 1–100.
    pub session_count: i32,
    /// Length of each session, within the policy's lesson bounds.
    pub session_minutes: i32,
    /// Price of the whole package (what the student pays).
    pub total_price: Decimal,
    /// Days the sessions may be used after payment, 1–730.
    pub valid_days: i32,
}

/// A purchase sent to payment.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PackageCheckout {
    /// The purchase, `pending_payment`.
    pub purchase: PackagePurchase,
    /// The payment to make; its id is the order id to give the provider.
    pub payment: PaymentTransaction,
}

impl Marketplace {
    /// A tutor offers a package of sessions.
    ///
    /// # Errors
    /// `forbidden` unless an active tutor with a profile; `validation` on `name`,
    /// `session_count`, `session_minutes`, `total_price` or `valid_days`; `not_found` when
    /// `tutor_subject_id` is not one of the tutor's subjects.
    pub async fn create_package(&self, actor: &Actor, new: NewPackage) -> Result<LessonPackage> {
        let span = use_case!("create_package", actor, package.id = Empty);
        traced(span, async move {
            let now = self.now();
            packages::check_terms(
                &PackageTerms {
                    session_count: new.session_count,
                    session_minutes: new.session_minutes,
                    total_price: new.total_price,
                    valid_days: new.valid_days,
                },
                &self.policy,
            )?;
            let name = text("name", Some(new.name), 255)?
                .ok_or_else(|| Error::validation("name", "is required"))?;
            let mut tx = self.store.begin().await?;
            let profile = own_tutor_profile(&mut tx, actor).await?;
            if let Some(ts) = new.tutor_subject_id {
                tx.get_tutor_subject(ts)
                    .await?
                    .filter(|s| s.tutor_profile_id == profile.id)
                    .ok_or_else(|| Error::not_found("tutor subject", ts))?;
            }
            let package = LessonPackage {
                id: PackageId::new(),
                tutor_profile_id: profile.id,
                tutor_subject_id: new.tutor_subject_id,
                name,
                session_count: new.session_count,
                total_price: new.total_price,
                currency: profile.currency,
                valid_days: new.valid_days,
                is_active: true,
                created_at: now,
                updated_at: now,
                deleted_at: None,
                session_minutes: new.session_minutes,
            };
            record("package.id", package.id);
            tx.insert_package(&package).await?;
            tx.commit().await?;
            Ok(package)
        })
        .await
    }

    /// A tutor stops (or resumes) selling a package. Purchases already made are not affected.
    ///
    /// # Errors
    /// `not_found`; `forbidden` unless the package's tutor.
    pub async fn set_package_active(
        &self,
        actor: &Actor,
        package: PackageId,
        is_active: bool,
    ) -> Result<LessonPackage> {
        let span = use_case!(
            "set_package_active",
            actor,
            package.id = %package,
            package.active = is_active
        );
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let profile = own_tutor_profile(&mut tx, actor).await?;
            let mut p = load_package(&mut tx, package).await?;
            if p.tutor_profile_id != profile.id {
                return Err(Error::Forbidden("this package is not yours".into()));
            }
            p.is_active = is_active;
            p.updated_at = now;
            tx.update_package(&p).await?;
            tx.commit().await?;
            Ok(p)
        })
        .await
    }

    /// A tutor's packages: the ones on sale, or all of them for the tutor and admins.
    ///
    /// # Errors
    /// `forbidden` unless an active user; `not_found` for an unknown tutor profile.
    pub async fn list_packages(
        &self,
        actor: &Actor,
        tutor: TutorProfileId,
    ) -> Result<Vec<LessonPackage>> {
        let span = use_case!("list_packages", actor, tutor.id = %tutor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let all = super::owner_or_admin(&mut tx, actor, tutor).await?;
            Ok(tx
                .list_packages(tutor)
                .await?
                .into_iter()
                .filter(|p| all || p.is_active)
                .collect())
        })
        .await
    }

    /// A student buys a package: the purchase waits for its payment, which expires per the
    /// policy. Paid, it becomes active for the package's `valid_days`.
    ///
    /// # Errors
    /// `forbidden` unless an active student; `not_found` for an unknown or withdrawn package
    /// or a tutor that is not active.
    pub async fn buy_package(
        &self,
        actor: &Actor,
        package: PackageId,
        provider: PaymentProvider,
    ) -> Result<PackageCheckout> {
        let span = use_case!(
            "buy_package",
            actor,
            package.id = %package,
            payment.provider = %provider,
            purchase.id = Empty,
            payment.id = Empty
        );
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let student = active_user(&mut tx, actor).await?;
            if student.role != Role::Student {
                return Err(Error::Forbidden("only a student may buy a package".into()));
            }
            let p = load_package(&mut tx, package).await?;
            if !p.is_active {
                return Err(Error::not_found("lesson package", package));
            }
            bookable_tutor(&mut tx, p.tutor_profile_id)
                .await?
                .ok_or_else(|| Error::not_found("lesson package", package))?;
            let purchase = PackagePurchase {
                id: PurchaseId::new(),
                student_id: student.id,
                lesson_package_id: p.id,
                status: PurchaseStatus::PendingPayment,
                sessions_remaining: p.session_count,
                start_at: None,
                expires_at: None,
                created_at: now,
                updated_at: now,
                deleted_at: None,
            };
            record("purchase.id", purchase.id);
            tx.insert_purchase(&purchase).await?;
            let payment = PaymentTransaction {
                id: PaymentId::new(),
                booking_id: None,
                provider: Some(provider),
                payment_method: None,
                external_payment_id: None,
                status: PaymentStatus::Pending,
                amount: p.total_price,
                currency: p.currency,
                paid_at: None,
                expires_at: Some(now + self.policy.payment_expiry),
                raw_payload: None,
                created_at: now,
                updated_at: now,
                deleted_at: None,
                package_purchase_id: Some(purchase.id),
            };
            record("payment.id", payment.id);
            tx.insert_payment(&payment).await?;
            tx.commit().await?;
            Ok(PackageCheckout { purchase, payment })
        })
        .await
    }

    /// The actor's package purchases, newest first.
    ///
    /// # Errors
    /// `forbidden` unless an active student.
    pub async fn my_purchases(&self, actor: &Actor) -> Result<Vec<PackagePurchase>> {
        let span = use_case!("my_purchases", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            if user.role != Role::Student {
                return Err(Error::Forbidden("only students buy packages".into()));
            }
            tx.list_student_purchases(user.id).await
        })
        .await
    }

    /// Confirms a draft booking with a session of the student's package purchase instead of
    /// a payment. The session is drawn atomically (never below zero) and priced so that the
    /// purchase's sessions add up to its price (see [`crate::packages`]); the slot is
    /// re-checked under the tutor's calendar lock.
    ///
    /// # Errors
    /// `not_found` for an unknown booking or purchase; `forbidden` unless the booking's
    /// student and the purchase's owner; `invalid_transition` unless a draft before its
    /// start; `validation` on `package_purchase_id` (not active, no session left, expires
    /// before the lesson, another tutor or subject), `duration_minutes` (not the package's
    /// session length) or `start_at` (the slot is no longer offered); `conflict` when another
    /// booking took the slot or the last session meanwhile.
    pub async fn book_with_package(
        &self,
        actor: &Actor,
        booking: BookingId,
        purchase: PurchaseId,
    ) -> Result<Booking> {
        let span =
            use_case!("book_with_package", actor, booking.id = %booking, purchase.id = %purchase);
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let (mut b, party) = calendar_move(&mut tx, actor, booking).await?;
            let row = self.decide(&b, BookingEvent::BookWithPackage, party, now)?;
            let pp = tx
                .get_purchase(purchase)
                .await?
                .ok_or_else(|| Error::not_found("package purchase", purchase))?;
            if pp.student_id != b.student_id {
                return Err(Error::Forbidden(
                    "this package purchase is not yours".into(),
                ));
            }
            let package = load_package(&mut tx, pp.lesson_package_id).await?;
            packages::check_draw(&pp, &package, &b)?;
            self.check_slot_still_offered(&mut tx, &b, now).await?;
            // The conditional decrement locks the purchase first, so the price below is computed
            // from what concurrent draws have committed.
            let left_after = tx.draw_session(pp.id, now).await?.ok_or_else(|| {
                Error::Conflict("the purchase's last session was just used".into())
            })?;
            let unallocated = unallocated(&mut tx, pp.id).await?;
            let q = packages::session_quote(
                packages::session_price(unallocated, left_after + 1),
                &self.policy,
            );
            b.price = q.price;
            b.platform_fee = q.platform_fee;
            b.total_amount = q.total_amount;
            self.transition(
                &mut tx,
                &mut b,
                &row,
                party,
                Some(actor.user_id),
                None,
                None,
                now,
            )
            .await?;
            tx.set_booking_purchase(b.id, pp.id).await?;
            tx.commit().await?;
            Ok(b)
        })
        .await
    }

    /// Gives a fully refunded session back to its purchase while the purchase can still be
    /// used; `false` when the money has to move instead (not a session, or the purchase is
    /// over).
    pub(crate) async fn restore_session(
        &self,
        tx: &mut Tx,
        b: &Booking,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let Some(p) = tx.get_booking_purchase(b.id).await? else {
            return Ok(false);
        };
        let pp = tx
            .get_purchase(p)
            .await?
            .ok_or_else(|| Error::not_found("package purchase", p))?;
        if pp.status != PurchaseStatus::Active || pp.expires_at.is_some_and(|e| e <= now) {
            return Ok(false);
        }
        tx.restore_session(p, now).await?;
        Ok(true)
    }
}

/// The purchase's paid payment arrived: the purchase becomes active and its money goes into
/// escrow — or, when the purchase is no longer waiting (its payment expired first), the money
/// is refunded at once.
pub(crate) async fn purchase_paid(
    m: &Marketplace,
    tx: &mut Tx,
    payment: &mut PaymentTransaction,
    purchase: PurchaseId,
    now: DateTime<Utc>,
) -> Result<bool> {
    let mut pp = tx
        .get_purchase(purchase)
        .await?
        .ok_or_else(|| Error::not_found("package purchase", purchase))?;
    let package = load_package(tx, pp.lesson_package_id).await?;
    post(
        tx,
        &ledger::escrow_hold(Concerns::purchase(pp.id), payment.amount),
        now,
    )
    .await?;
    let Some(status) = packages::next_status(pp.status, PurchaseEvent::Paid) else {
        let to = refund_target(tx, pp.student_id, m.policy.refund_to_original_method, now).await?;
        post(tx, &ledger::refund_unused(pp.id, payment.amount, to), now).await?;
        payment.status = PaymentStatus::Refunded;
        payment.updated_at = now;
        tx.update_payment(payment).await?;
        return Ok(false);
    };
    let before = pp.status;
    pp.status = status;
    pp.start_at = Some(now);
    pp.expires_at = Some(now + Duration::days(package.valid_days.into()));
    pp.updated_at = now;
    if !tx.update_purchase_if_status(&pp, before).await? {
        return Err(Error::Conflict(
            "the purchase changed meanwhile; deliver the notification again".into(),
        ));
    }
    notify(
        tx,
        pp.student_id,
        NotificationType::PaymentReceived,
        "Payment received",
        format!(
            "We received {} {} for the package {}.",
            payment.currency, payment.amount, package.name
        ),
        Some(format!("/packages/purchases/{}", pp.id)),
        now,
    )
    .await?;
    Ok(true)
}

/// The purchase's payment failed or expired: an unpaid purchase is cancelled.
pub(crate) async fn purchase_payment_voided(
    tx: &mut Tx,
    purchase: PurchaseId,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut pp = tx
        .get_purchase(purchase)
        .await?
        .ok_or_else(|| Error::not_found("package purchase", purchase))?;
    if let Some(status) = packages::next_status(pp.status, PurchaseEvent::PaymentVoided) {
        let before = pp.status;
        pp.status = status;
        pp.updated_at = now;
        if !tx.update_purchase_if_status(&pp, before).await? {
            return Err(Error::Conflict("the purchase changed meanwhile".into()));
        }
    }
    Ok(())
}

/// Ends an active purchase whose validity passed: what no drawn session needs goes back to
/// the student. `false` when another runner got there first.
pub(crate) async fn expire_purchase(
    m: &Marketplace,
    tx: &mut Tx,
    purchase: PurchaseId,
    now: DateTime<Utc>,
) -> Result<bool> {
    let Some(mut pp) = tx.get_purchase(purchase).await? else {
        return Ok(false);
    };
    let Some(status) = packages::next_status(pp.status, PurchaseEvent::Expire) else {
        return Ok(false);
    };
    let before = pp.status;
    pp.status = status;
    pp.updated_at = now;
    if !tx.update_purchase_if_status(&pp, before).await? {
        return Ok(false);
    }
    let rest = unallocated(tx, pp.id).await?;
    if rest > Decimal::ZERO {
        let to = refund_target(tx, pp.student_id, m.policy.refund_to_original_method, now).await?;
        post(tx, &ledger::refund_unused(pp.id, rest, to), now).await?;
    }
    Ok(true)
}

/// What the purchase holds in escrow that no drawn, unsettled session needs.
async fn unallocated(tx: &mut Tx, purchase: PurchaseId) -> Result<Decimal> {
    let escrow = tx
        .sum_purchase_entries(super::ESCROW_WALLET, purchase)
        .await?;
    let open: Decimal = tx
        .list_purchase_bookings(purchase)
        .await?
        .iter()
        .filter(|b| {
            !matches!(
                b.status,
                BookingStatus::Completed | BookingStatus::Cancelled
            )
        })
        .map(|b| b.total_amount)
        .sum();
    Ok(escrow - open)
}

async fn load_package(tx: &mut Tx, id: PackageId) -> Result<LessonPackage> {
    tx.get_package(id)
        .await?
        .ok_or_else(|| Error::not_found("lesson package", id))
}
