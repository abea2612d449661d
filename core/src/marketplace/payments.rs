//! Payments: applying provider notifications exactly once, and manual payments.

use super::bookings::load_booking;
use super::ledger::{post, settle_escrow};
use super::packages::{purchase_paid, purchase_payment_voided};
use super::trace::{record, traced, use_case};
use super::{Actor, Marketplace, admin};
use crate::booking::{BookingEvent, Party};
use crate::error::{Error, Result};
use crate::ledger::{Concerns, escrow_hold};
use crate::payments::PaymentNotification;
use crate::pricing::{Quote, Settlement};
use crate::store::{PaymentRepo, Tx};
use crate::types::*;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tracing::field::Empty;

/// A verified provider notification, in provider-neutral terms.
#[derive(Debug, Clone, PartialEq)]
pub struct PaymentUpdate {
    /// Who reported it.
    pub provider: PaymentProvider,
    /// Our payment's id, as sent to the provider as the order id.
    pub order_id: String,
    /// The provider's own id for the transaction.
    pub external_id: Option<String>,
    /// The reported status.
    pub status: PaymentStatus,
    /// The amount the provider reports.
    pub amount: Decimal,
    /// The currency the provider reports.
    pub currency: Currency,
    /// The provider's payment method (e.g. `bank_transfer`, `gopay`).
    pub payment_method: Option<String>,
    /// Identifies this notification for deduplication (provider, external id, status); two
    /// notifications are the same event when they carry the same key for the same order.
    pub dedup_key: String,
    /// The notification as received.
    pub raw_payload: serde_json::Value,
}

/// What applying a notification did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// The payment and its booking moved (e.g. paid → booking confirmed, escrow held).
    Applied,
    /// This notification (same order, same dedup key) was already applied; nothing changed.
    Duplicate,
    /// A stale or backward status (e.g. `pending` after `paid`), or another transaction
    /// reported paid for an order that is already paid; recorded in the payment's events,
    /// nothing changed. Answer the provider 200 so it stops retrying.
    Ignored,
    /// Money arrived for a booking that was already cancelled or expired: it was accepted
    /// into escrow and refunded at once.
    RefundedLate,
}

impl From<PaymentNotification> for PaymentUpdate {
    fn from(n: PaymentNotification) -> Self {
        PaymentUpdate {
            provider: n.provider,
            order_id: n.order_id,
            external_id: n.external_id,
            status: n.status,
            amount: n.amount,
            currency: n.currency,
            payment_method: n.payment_method,
            dedup_key: n.dedup_key,
            raw_payload: n.raw_payload,
        }
    }
}

impl Marketplace {
    /// Handles a Midtrans HTTP notification from its raw body: verifies its `signature_key`
    /// with the configured server key, then applies it (see
    /// [`Marketplace::apply_payment_update`]).
    ///
    /// # Errors
    /// `config` when no Midtrans server key is configured; `payment_rejected` for a forged or
    /// malformed notification, an unknown order, or a wrong amount or currency (nothing is
    /// written); `conflict` when a concurrent update won (Midtrans retries).
    pub async fn handle_midtrans_notification(&self, body: &[u8]) -> Result<PaymentOutcome> {
        let span = use_case!(
            "handle_midtrans_notification",
            payment.provider = %PaymentProvider::Midtrans
        );
        traced(span, async move {
            let key = self
                .keys
                .midtrans_server_key
                .as_deref()
                .ok_or_else(|| Error::Config("no Midtrans server key configured".into()))?;
            let n = crate::payments::parse_midtrans(body, key)?;
            self.apply_payment_update(n.into()).await
        })
        .await
    }

    /// Handles a Xendit invoice callback from its raw body and `x-callback-token` header:
    /// verifies the token in constant time, then applies it.
    ///
    /// # Errors
    /// `config` when no Xendit callback token is configured; otherwise as
    /// [`Marketplace::handle_midtrans_notification`].
    pub async fn handle_xendit_callback(
        &self,
        body: &[u8],
        callback_token: Option<&str>,
    ) -> Result<PaymentOutcome> {
        let span = use_case!("handle_xendit_callback", payment.provider = %PaymentProvider::Xendit);
        traced(span, async move {
            let token = self
                .keys
                .xendit_callback_token
                .as_deref()
                .ok_or_else(|| Error::Config("no Xendit callback token configured".into()))?;
            let n = crate::payments::parse_xendit_invoice(body, callback_token, token)?;
            self.apply_payment_update(n.into()).await
        })
        .await
    }

    /// Applies a verified provider notification: moves the payment forward (never back),
    /// confirms the booking and holds its escrow on `paid`, cancels it on `failed`/`expired`,
    /// refunds money that arrives after the booking is gone. Exactly once per notification,
    /// also when it is delivered many times at once.
    ///
    /// # Errors
    /// `payment_rejected` for an unknown order or an amount or currency other than the
    /// payment's; nothing is then written. `conflict` when a concurrent update won (the
    /// provider will retry).
    pub async fn apply_payment_update(&self, update: PaymentUpdate) -> Result<PaymentOutcome> {
        let span = use_case!(
            "apply_payment_update",
            payment.provider = %update.provider,
            payment.status = %update.status,
            payment.id = Empty
        );
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let id = PaymentId::parse(&update.order_id).map_err(|_| {
                Error::PaymentRejected(format!("unknown order {}", update.order_id))
            })?;
            record("payment.id", id);
            // Locked first: concurrent notifications of one payment (the same one delivered again,
            // or another transaction of the same order) are decided one after the other, so each
            // gets the answer it would get alone, on both databases.
            let mut payment = tx.lock_payment(id).await?.ok_or_else(|| {
                Error::PaymentRejected(format!("unknown order {}", update.order_id))
            })?;
            if payment.amount != update.amount || payment.currency != update.currency {
                return Err(Error::PaymentRejected(format!(
                    "amount {} {} does not match the payment's {} {}",
                    update.currency, update.amount, payment.currency, payment.amount
                )));
            }
            if payment.provider.is_some_and(|p| p != update.provider) {
                return Err(Error::PaymentRejected(format!(
                    "the payment is handled by {}, not {}",
                    payment.provider.map(|p| p.as_str()).unwrap_or("-"),
                    update.provider
                )));
            }
            let event = PaymentEvent {
                id: PaymentEventId::new(),
                payment_transaction_id: payment.id,
                dedup_key: update.dedup_key.clone(),
                status: update.status,
                raw_payload: Some(update.raw_payload.clone()),
                created_at: now,
            };
            match tx.insert_payment_event(&event).await {
                Ok(()) => {}
                Err(Error::Conflict(_)) => return Ok(PaymentOutcome::Duplicate),
                Err(e) => return Err(e),
            }
            let before = payment.status;
            let outcome = match (before, update.status) {
                (PaymentStatus::Pending, PaymentStatus::Paid)
                | (PaymentStatus::Expired | PaymentStatus::Failed, PaymentStatus::Paid) => {
                    payment.status = PaymentStatus::Paid;
                    payment.paid_at = Some(now);
                    payment.external_payment_id = update.external_id.clone();
                    payment.payment_method = update.payment_method.clone();
                    payment.raw_payload = Some(update.raw_payload.clone());
                    payment.updated_at = now;
                    cas(&mut tx, &payment, before).await?;
                    self.paid(&mut tx, &mut payment, now).await?
                }
                (PaymentStatus::Pending, PaymentStatus::Failed | PaymentStatus::Expired) => {
                    if let Some(purchase) = payment.package_purchase_id {
                        payment.status = update.status;
                        payment.updated_at = now;
                        cas(&mut tx, &payment, before).await?;
                        purchase_payment_voided(&mut tx, purchase, now).await?;
                        tx.commit().await?;
                        return Ok(PaymentOutcome::Applied);
                    }
                    let mut b = load_booking(&mut tx, booking_of(&payment)?).await?;
                    let ev = if update.status == PaymentStatus::Expired {
                        BookingEvent::PaymentExpired
                    } else {
                        BookingEvent::PaymentFailed
                    };
                    match self.decide(&b, ev, Party::System, now) {
                        // The move voids the payment itself (compare-and-swap on the booking).
                        Ok(row) => {
                            self.transition(
                                &mut tx,
                                &mut b,
                                &row,
                                Party::System,
                                None,
                                None,
                                None,
                                now,
                            )
                            .await?
                        }
                        Err(_) => {
                            payment.status = update.status;
                            payment.updated_at = now;
                            cas(&mut tx, &payment, before).await?;
                        }
                    }
                    PaymentOutcome::Applied
                }
                _ => PaymentOutcome::Ignored,
            };
            tx.commit().await?;
            Ok(outcome)
        })
        .await
    }

    /// An admin confirms a `manual` payment (e.g. a bank transfer checked by hand).
    ///
    /// # Errors
    /// `forbidden` unless admin; `not_found` for an unknown payment; `validation` on
    /// `provider` when the payment is not manual; as [`Marketplace::apply_payment_update`].
    pub async fn confirm_manual_payment(
        &self,
        actor: &Actor,
        payment: PaymentId,
    ) -> Result<PaymentOutcome> {
        let span = use_case!("confirm_manual_payment", actor, payment.id = %payment);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            admin(&mut tx, actor).await?;
            let p = tx
                .get_payment(payment)
                .await?
                .ok_or_else(|| Error::not_found("payment", payment))?;
            drop(tx);
            if p.provider != Some(PaymentProvider::Manual) {
                return Err(Error::validation(
                    "provider",
                    "only manual payments are confirmed by hand",
                ));
            }
            self.apply_payment_update(PaymentUpdate {
                provider: PaymentProvider::Manual,
                order_id: p.id.to_string(),
                external_id: None,
                status: PaymentStatus::Paid,
                amount: p.amount,
                currency: p.currency,
                payment_method: Some("manual".into()),
                dedup_key: format!("manual:{}:paid", p.id),
                raw_payload: serde_json::json!({ "confirmed_by": actor.user_id }),
            })
            .await
        })
        .await
    }

    /// Money is in: escrow it, and confirm the booking (or activate the package purchase) —
    /// or refund at once if it is no longer waiting for the money.
    async fn paid(
        &self,
        tx: &mut Tx,
        payment: &mut PaymentTransaction,
        now: DateTime<Utc>,
    ) -> Result<PaymentOutcome> {
        if let Some(purchase) = payment.package_purchase_id {
            return Ok(if purchase_paid(self, tx, payment, purchase, now).await? {
                PaymentOutcome::Applied
            } else {
                PaymentOutcome::RefundedLate
            });
        }
        let mut b = load_booking(tx, booking_of(payment)?).await?;
        if let Ok(row) = self.decide(&b, BookingEvent::PaymentPaid, Party::System, now) {
            // The transition holds the escrow (MoneyEffect::EscrowHold).
            self.transition(tx, &mut b, &row, Party::System, None, None, None, now)
                .await?;
            return Ok(PaymentOutcome::Applied);
        }
        post(
            tx,
            &escrow_hold(Concerns::booking(b.id), payment.amount),
            now,
        )
        .await?;
        let q = Quote::from_booking(b.price, b.platform_fee, b.total_amount);
        settle_escrow(
            tx,
            &b,
            &Settlement::full_refund(&q),
            self.policy.refund_to_original_method,
            now,
        )
        .await?;
        Ok(PaymentOutcome::RefundedLate)
    }
}

fn booking_of(payment: &PaymentTransaction) -> Result<BookingId> {
    payment.booking_id.ok_or_else(|| {
        Error::Internal(format!(
            "payment {} is for neither a booking nor a package",
            payment.id
        ))
    })
}

async fn cas(tx: &mut Tx, payment: &PaymentTransaction, expected: PaymentStatus) -> Result<()> {
    if tx.update_payment_if_status(payment, expected).await? {
        Ok(())
    } else {
        Err(Error::Conflict(
            "the payment changed meanwhile; deliver the notification again".into(),
        ))
    }
}
