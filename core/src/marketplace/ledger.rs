//! Persisting ledger movements, and the ledger audit.

use super::Marketplace;
use super::trace::{record, traced, use_case};
use crate::error::{Error, Result};
use crate::ledger::{self, Account, Concerns, LedgerReport, Movement, RefundTo};
use crate::pricing::Settlement;
use crate::store::{
    AuditRepo, BookingRepo, BulkRepo, LedgerRepo, MovementEntry, PaymentRepo, TutorRepo, Tx,
};
use crate::types::*;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use tracing::field::Empty;
use uuid::Uuid;

/// The payment gateway's system wallet (seeded by migration 0002).
pub const GATEWAY_WALLET: WalletId =
    WalletId::from_uuid(Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0001));
/// The escrow system wallet (seeded by migration 0002).
pub const ESCROW_WALLET: WalletId =
    WalletId::from_uuid(Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0002));
/// The platform revenue system wallet (seeded by migration 0002).
pub const PLATFORM_WALLET: WalletId =
    WalletId::from_uuid(Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0003));

/// The three system users that own the system wallets (same ids as their wallets). They are
/// suspended admins without credentials: they never act.
pub const SYSTEM_USERS: [UserId; 3] = [
    UserId::from_uuid(GATEWAY_WALLET.as_uuid()),
    UserId::from_uuid(ESCROW_WALLET.as_uuid()),
    UserId::from_uuid(PLATFORM_WALLET.as_uuid()),
];

fn wallet_id(account: Account) -> WalletId {
    match account {
        Account::Gateway => GATEWAY_WALLET,
        Account::Escrow => ESCROW_WALLET,
        Account::Platform => PLATFORM_WALLET,
        Account::Wallet(w) => w,
    }
}

/// Writes a balanced movement: its entries, and the balances of the user wallets it touches.
pub(crate) async fn post(tx: &mut Tx, movement: &Movement, now: DateTime<Utc>) -> Result<()> {
    if !movement.sum().is_zero() {
        return Err(Error::Internal(format!(
            "unbalanced movement: sums to {}",
            movement.sum()
        )));
    }
    // All of a movement's entries in one statement; then the user wallets' balances.
    tx.insert_rows(&movement_entries(movement, MovementId::new(), now))
        .await?;
    for p in &movement.postings {
        if let Account::Wallet(w) = p.account {
            tx.adjust_wallet_balance(w, p.amount, now).await?;
        }
    }
    Ok(())
}

/// The ledger rows of a movement, one per posting, under movement `id`, stamped `now` (what
/// [`Marketplace`] writes for it; bulk loaders write the same rows, with user wallet balances
/// equal to the sum of their entries).
pub fn movement_entries(
    movement: &Movement,
    id: MovementId,
    now: DateTime<Utc>,
) -> Vec<MovementEntry> {
    movement
        .postings
        .iter()
        .map(|p| MovementEntry {
            entry: LedgerEntry {
                id: LedgerEntryId::new(),
                wallet_id: wallet_id(p.account),
                entry_type: Some(p.kind),
                amount: p.amount,
                booking_id: p.booking,
                reference_id: None,
                meta: None,
                created_at: now,
            },
            movement_id: Some(id),
            package_purchase_id: p.purchase,
        })
        .collect()
}

/// A user's wallet, created empty on first use. Concurrent first uses all get the one wallet
/// (the store's insert skips a user who already has one, then reads), so no caller fails with
/// `conflict`.
pub(crate) async fn wallet_of(tx: &mut Tx, user: UserId, now: DateTime<Utc>) -> Result<Wallet> {
    if let Some(w) = tx.find_wallet_by_user(user).await? {
        return Ok(w);
    }
    tx.insert_wallet_if_absent(&Wallet {
        id: WalletId::new(),
        user_id: user,
        balance: Decimal::ZERO,
        currency: Currency::IDR,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    })
    .await
}

/// Where a student's refund goes, per the policy.
pub(crate) async fn refund_target(
    tx: &mut Tx,
    student: UserId,
    to_original_method: bool,
    now: DateTime<Utc>,
) -> Result<RefundTo> {
    Ok(if to_original_method {
        RefundTo::OriginalMethod
    } else {
        RefundTo::Wallet(wallet_of(tx, student, now).await?.id)
    })
}

/// Moves a booking's escrow out per `s` — its own, or for a session drawn from a package,
/// its purchase's — and marks a booking's payment refunded when everything went back to the
/// student.
pub(crate) async fn settle_escrow(
    tx: &mut Tx,
    b: &Booking,
    s: &Settlement,
    refund_to_original_method: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    let (on, mut payment) = match tx.get_booking_purchase(b.id).await? {
        Some(p) => (Concerns::session(b.id, p), None),
        None => match tx.find_payment_by_booking(b.id).await? {
            Some(payment) if payment.status == PaymentStatus::Paid => {
                (Concerns::booking(b.id), Some(payment))
            }
            // Nothing was paid: no escrow to move.
            _ => return Ok(()),
        },
    };
    let tutor_user = tx
        .get_tutor_profile(b.tutor_profile_id)
        .await?
        .ok_or_else(|| Error::not_found("tutor profile", b.tutor_profile_id))?
        .user_id;
    let tutor_wallet = wallet_of(tx, tutor_user, now).await?.id;
    let refund_to = refund_target(tx, b.student_id, refund_to_original_method, now).await?;
    post(tx, &ledger::settle(on, s, tutor_wallet, refund_to), now).await?;
    if let Some(payment) = payment.as_mut()
        && s.refund == payment.amount
    {
        payment.status = PaymentStatus::Refunded;
        payment.updated_at = now;
        tx.update_payment(payment).await?;
    }
    Ok(())
}

impl Marketplace {
    /// Recomputes every balance from the ledger's entries and checks every invariant (see
    /// [`crate::ledger::report`]). An empty `violations` list means the books are right.
    ///
    /// The database aggregates (one snapshot, a handful of statements; see
    /// [`crate::store::AuditRepo`]): only sums and the rows that break an invariant come back,
    /// so memory does not grow with the ledger.
    ///
    /// # Errors
    /// `database` when the ledger cannot be read.
    pub async fn verify_ledger(&self) -> Result<LedgerReport> {
        let span = use_case!("verify_ledger");
        traced(span, async move {
            let mut tx = self.store.begin_snapshot().await?;
            let totals = tx
                .ledger_totals([GATEWAY_WALLET, ESCROW_WALLET, PLATFORM_WALLET])
                .await?;
            tx.rollback().await?;
            Ok(ledger::report(&totals))
        })
        .await
    }
}

impl Marketplace {
    /// A tutor asks to withdraw `amount` from their wallet. The amount must be available:
    /// the balance minus what earlier requests still reserve.
    ///
    /// # Errors
    /// `forbidden` unless an active tutor; `validation` on `amount` (not positive, more than
    /// two decimals, or more than available).
    pub async fn request_withdrawal(
        &self,
        actor: &super::Actor,
        amount: Decimal,
    ) -> Result<WithdrawalRequest> {
        let span = use_case!("request_withdrawal", actor, withdrawal.id = Empty);
        traced(span, async move {
            check_amount("amount", amount)?;
            if amount <= Decimal::ZERO {
                return Err(Error::validation("amount", "must be greater than zero"));
            }
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let user = super::active_user(&mut tx, actor).await?;
            if user.role != Role::Tutor {
                return Err(Error::Forbidden("only tutors withdraw earnings".into()));
            }
            let wallet = wallet_of(&mut tx, user.id, now).await?;
            tx.lock_wallet(wallet.id).await?;
            let wallet = tx
                .get_wallet(wallet.id)
                .await?
                .ok_or_else(|| Error::not_found("wallet", wallet.id))?;
            let reserved: Decimal = tx
                .list_withdrawals(wallet.id)
                .await?
                .iter()
                .filter(|w| w.status == WithdrawalStatus::Requested)
                .map(|w| w.amount)
                .sum();
            let available = wallet.balance - reserved;
            if amount > available {
                return Err(Error::validation(
                    "amount",
                    format!("only {} {available} is available", wallet.currency),
                ));
            }
            let w = WithdrawalRequest {
                id: WithdrawalId::new(),
                wallet_id: wallet.id,
                amount,
                currency: wallet.currency,
                status: WithdrawalStatus::Requested,
                handled_by: None,
                handled_at: None,
                reference_id: None,
                note: None,
                created_at: now,
                updated_at: now,
            };
            record("withdrawal.id", w.id);
            tx.insert_withdrawal(&w).await?;
            tx.commit().await?;
            Ok(w)
        })
        .await
    }

    /// An admin records a withdrawal as paid out: the ledger moves the money out of the
    /// tutor's wallet to the gateway.
    ///
    /// # Errors
    /// `forbidden` unless admin; `not_found`; `invalid_transition` unless requested;
    /// `validation` on `reference_id` (too long) or `balance` if the wallet cannot cover it.
    pub async fn mark_withdrawal_paid(
        &self,
        actor: &super::Actor,
        id: WithdrawalId,
        reference_id: Option<String>,
    ) -> Result<WithdrawalRequest> {
        let span = use_case!("mark_withdrawal_paid", actor, withdrawal.id = %id);
        traced(span, async move {
            self.handle_withdrawal(actor, id, WithdrawalStatus::Paid, reference_id, None)
                .await
        })
        .await
    }

    /// An admin refuses a withdrawal; the amount becomes available again.
    ///
    /// # Errors
    /// `forbidden` unless admin; `not_found`; `invalid_transition` unless requested.
    pub async fn reject_withdrawal(
        &self,
        actor: &super::Actor,
        id: WithdrawalId,
        note: Option<String>,
    ) -> Result<WithdrawalRequest> {
        let span = use_case!("reject_withdrawal", actor, withdrawal.id = %id);
        traced(span, async move {
            self.handle_withdrawal(actor, id, WithdrawalStatus::Rejected, None, note)
                .await
        })
        .await
    }

    async fn handle_withdrawal(
        &self,
        actor: &super::Actor,
        id: WithdrawalId,
        to: WithdrawalStatus,
        reference_id: Option<String>,
        note: Option<String>,
    ) -> Result<WithdrawalRequest> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let admin = super::admin(&mut tx, actor).await?;
        let mut w = tx
            .get_withdrawal(id)
            .await?
            .ok_or_else(|| Error::not_found("withdrawal request", id))?;
        if w.status != WithdrawalStatus::Requested {
            return Err(Error::InvalidTransition {
                from: w.status.to_string(),
                event: format!("mark {to}"),
            });
        }
        w.status = to;
        w.handled_by = Some(admin.id);
        w.handled_at = Some(now);
        w.reference_id = super::text("reference_id", reference_id, 255)?;
        w.note = super::text("note", note, 1000)?;
        w.updated_at = now;
        if !tx
            .update_withdrawal_if_status(&w, WithdrawalStatus::Requested)
            .await?
        {
            return Err(Error::Conflict("the request changed meanwhile".into()));
        }
        if to == WithdrawalStatus::Paid {
            post(&mut tx, &ledger::withdrawal(w.wallet_id, w.amount), now).await?;
        }
        tx.commit().await?;
        Ok(w)
    }
}
