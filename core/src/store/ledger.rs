//! Wallets and their ledger entries.

use super::sql::{self, find_by, list_by};
use super::{Dialect, Tx, on_tx};
use crate::error::{Error, Result};
use crate::types::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

/// Wallets & ledger entries.
#[async_trait]
pub trait LedgerRepo {
    /// Inserts a wallet. `conflict` when the user already has one.
    async fn insert_wallet(&mut self, wallet: &Wallet) -> Result<()>;
    /// The user's wallet, inserting `wallet` first unless the user already has one
    /// (`INSERT … ON CONFLICT (user_id) DO NOTHING`, then a read): safe when several
    /// transactions create a user's wallet at once — the loser waits for the winner's commit
    /// and gets its wallet, with no error and no aborted transaction (PostgreSQL). `validation`
    /// when a column does not fit; `not_found` on `user_id` when there is no such user.
    async fn insert_wallet_if_absent(&mut self, wallet: &Wallet) -> Result<Wallet>;
    /// The wallet with this id.
    async fn get_wallet(&mut self, id: WalletId) -> Result<Option<Wallet>>;
    /// The wallet of a user.
    async fn find_wallet_by_user(&mut self, user: UserId) -> Result<Option<Wallet>>;
    /// Adds `delta` (may be negative) to a wallet's balance under a row lock and returns the
    /// new balance. `validation` on `balance` when it would go below zero (database CHECK),
    /// `not_found` when there is no such wallet.
    async fn adjust_wallet_balance(
        &mut self,
        id: WalletId,
        delta: Decimal,
        now: DateTime<Utc>,
    ) -> Result<Decimal>;
    /// Appends a ledger entry (entries are never updated or deleted).
    async fn insert_ledger_entry(&mut self, entry: &LedgerEntry) -> Result<()>;
    /// A wallet's entries, oldest first.
    async fn list_ledger_entries(&mut self, wallet: WalletId) -> Result<Vec<LedgerEntry>>;
    /// The entries that mention a booking, oldest first.
    async fn list_booking_ledger_entries(&mut self, booking: BookingId)
    -> Result<Vec<LedgerEntry>>;

    /// Appends one entry of a balanced movement, tagged with the movement's id and the
    /// package purchase it concerns.
    async fn insert_movement_entry(
        &mut self,
        entry: &LedgerEntry,
        movement: MovementId,
        purchase: Option<PurchaseId>,
    ) -> Result<()>;
    /// Every ledger entry with its movement and purchase, oldest first (for the audit).
    async fn list_all_ledger_entries(&mut self) -> Result<Vec<MovementEntry>>;
    /// The sum of a wallet's entries that concern a package purchase (e.g. the escrow
    /// wallet's: what the purchase still holds).
    async fn sum_purchase_entries(
        &mut self,
        wallet: WalletId,
        purchase: PurchaseId,
    ) -> Result<Decimal>;
    /// Every user wallet (not the system accounts).
    async fn list_user_wallets(&mut self) -> Result<Vec<Wallet>>;
    /// Serialises changes to one wallet until the transaction ends (PostgreSQL row lock;
    /// SQLite is already serialised by `BEGIN IMMEDIATE`).
    async fn lock_wallet(&mut self, id: WalletId) -> Result<()>;

    /// Inserts a withdrawal request.
    async fn insert_withdrawal(&mut self, w: &WithdrawalRequest) -> Result<()>;
    /// The withdrawal request with this id.
    async fn get_withdrawal(&mut self, id: WithdrawalId) -> Result<Option<WithdrawalRequest>>;
    /// Rewrites a withdrawal request only if its stored status is still `expected`.
    async fn update_withdrawal_if_status(
        &mut self,
        w: &WithdrawalRequest,
        expected: WithdrawalStatus,
    ) -> Result<bool>;
    /// A wallet's withdrawal requests, newest first.
    async fn list_withdrawals(&mut self, wallet: WalletId) -> Result<Vec<WithdrawalRequest>>;
}

/// The wallet insert that skips a user who already has one. Only the `user_id` key is
/// tolerated: any other conflict still fails.
static INSERT_WALLET_IF_ABSENT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{} ON CONFLICT (user_id) DO NOTHING",
        <Wallet as super::sql::Table>::sql().insert
    )
});

static WITHDRAWAL_CAS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let sql = <WithdrawalRequest as super::sql::Table>::sql();
    format!("{} AND status = ${}", sql.update, sql.columns + 1)
});

/// A ledger entry with the columns the ERD's record does not have (migrations 0002, 0003).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MovementEntry {
    /// The entry.
    #[sqlx(flatten)]
    pub entry: LedgerEntry,
    /// The balanced movement it belongs to (`None` for entries written outside one).
    pub movement_id: Option<MovementId>,
    /// The package purchase it concerns.
    pub package_purchase_id: Option<PurchaseId>,
}

/// `INSERT INTO wallet_ledger_entries (…, movement_id, package_purchase_id) VALUES `.
pub(super) static INSERT_IN_MOVEMENT_HEAD: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| {
        <LedgerEntry as super::sql::Table>::sql()
            .insert_head
            .replacen(
                ") VALUES ",
                ", movement_id, package_purchase_id) VALUES ",
                1,
            )
    });

static INSERT_IN_MOVEMENT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let columns = <LedgerEntry as super::sql::Table>::sql().columns + 2;
    let placeholders: Vec<String> = (1..=columns).map(|i| format!("${i}")).collect();
    format!("{}({})", *INSERT_IN_MOVEMENT_HEAD, placeholders.join(", "))
});

#[async_trait]
impl LedgerRepo for Tx {
    async fn insert_wallet(&mut self, wallet: &Wallet) -> Result<()> {
        sql::insert(self, wallet).await
    }
    async fn insert_wallet_if_absent(&mut self, wallet: &Wallet) -> Result<Wallet> {
        on_tx!(self, c => {
            sql::written!(
                c,
                wallet,
                sql::bind_checked(wallet, INSERT_WALLET_IF_ABSENT.as_str())?.execute(&mut *c)
            );
        });
        // Read committed (PostgreSQL): this statement sees the concurrent winner's row.
        self.find_wallet_by_user(wallet.user_id)
            .await?
            .ok_or_else(|| Error::Internal("the wallet vanished after its insert".into()))
    }
    async fn get_wallet(&mut self, id: WalletId) -> Result<Option<Wallet>> {
        sql::get(self, id).await
    }
    async fn find_wallet_by_user(&mut self, user: UserId) -> Result<Option<Wallet>> {
        find_by(self, "SELECT * FROM wallets WHERE user_id = $1", user).await
    }
    async fn adjust_wallet_balance(
        &mut self,
        id: WalletId,
        delta: Decimal,
        now: DateTime<Utc>,
    ) -> Result<Decimal> {
        // PostgreSQL adds exact numerics in place under the row lock the UPDATE takes. SQLite
        // would compute `balance + $2` in floating point: it reads, adds in Rust and writes
        // (it already holds the write lock, BEGIN IMMEDIATE).
        Ok(on_tx!(self, c, d => match d {
            Dialect::Postgres => {
                let next: Option<Num> = sqlx::query_scalar(
                    "UPDATE wallets SET balance = balance + $2, updated_at = $3 WHERE id = $1 \
                     RETURNING balance",
                )
                .bind(id)
                .bind(Num(delta))
                .bind(now)
                .fetch_optional(&mut *c)
                .await?;
                next.ok_or_else(|| Error::not_found("wallet", id))?.0
            }
            Dialect::Sqlite => {
                let current: Option<Num> =
                    sqlx::query_scalar("SELECT balance FROM wallets WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *c)
                        .await?;
                let next = current.ok_or_else(|| Error::not_found("wallet", id))?.0 + delta;
                sqlx::query("UPDATE wallets SET balance = $2, updated_at = $3 WHERE id = $1")
                    .bind(id)
                    .bind(Num(next))
                    .bind(now)
                    .execute(&mut *c)
                    .await?;
                next
            }
        }))
    }
    async fn insert_ledger_entry(&mut self, entry: &LedgerEntry) -> Result<()> {
        sql::insert(self, entry).await
    }
    async fn list_ledger_entries(&mut self, wallet: WalletId) -> Result<Vec<LedgerEntry>> {
        list_by(
            self,
            "SELECT * FROM wallet_ledger_entries WHERE wallet_id = $1 ORDER BY created_at, id",
            wallet,
        )
        .await
    }
    async fn list_booking_ledger_entries(
        &mut self,
        booking: BookingId,
    ) -> Result<Vec<LedgerEntry>> {
        list_by(
            self,
            "SELECT * FROM wallet_ledger_entries WHERE booking_id = $1 ORDER BY created_at, id",
            booking,
        )
        .await
    }
    async fn insert_movement_entry(
        &mut self,
        entry: &LedgerEntry,
        movement: MovementId,
        purchase: Option<PurchaseId>,
    ) -> Result<()> {
        on_tx!(self, c => {
            sql::written!(
                c,
                entry,
                sql::bind_checked(entry, INSERT_IN_MOVEMENT.as_str())?.bind(movement).bind(purchase).execute(&mut *c)
            );
        });
        Ok(())
    }
    async fn list_all_ledger_entries(&mut self) -> Result<Vec<MovementEntry>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM wallet_ledger_entries ORDER BY created_at, id",
        )
        .fetch_all(&mut *c)
        .await?))
    }
    async fn sum_purchase_entries(
        &mut self,
        wallet: WalletId,
        purchase: PurchaseId,
    ) -> Result<Decimal> {
        // Summed in Rust: SQLite would add the TEXT amounts in floating point.
        let amounts: Vec<Num> = on_tx!(self, c => sqlx::query_scalar(
            "SELECT amount FROM wallet_ledger_entries \
             WHERE wallet_id = $1 AND package_purchase_id = $2",
        )
        .bind(wallet)
        .bind(purchase)
        .fetch_all(&mut *c)
        .await?);
        Ok(amounts.into_iter().map(|n| n.0).sum())
    }
    async fn list_user_wallets(&mut self) -> Result<Vec<Wallet>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM wallets WHERE kind = 'user' ORDER BY created_at, id",
        )
        .fetch_all(&mut *c)
        .await?))
    }
    async fn lock_wallet(&mut self, id: WalletId) -> Result<()> {
        on_tx!(self, c, d => {
            sqlx::query(d.pick(
                "SELECT id FROM wallets WHERE id = $1 FOR UPDATE",
                "SELECT id FROM wallets WHERE id = $1",
            ))
            .bind(id)
            .execute(&mut *c)
            .await?;
        });
        Ok(())
    }
    async fn insert_withdrawal(&mut self, w: &WithdrawalRequest) -> Result<()> {
        sql::insert(self, w).await
    }
    async fn get_withdrawal(&mut self, id: WithdrawalId) -> Result<Option<WithdrawalRequest>> {
        sql::get(self, id).await
    }
    async fn update_withdrawal_if_status(
        &mut self,
        w: &WithdrawalRequest,
        expected: WithdrawalStatus,
    ) -> Result<bool> {
        let n = on_tx!(self, c => {
            sql::written!(
                c,
                w,
                sql::bind_checked(w, WITHDRAWAL_CAS.as_str())?.bind(expected).execute(&mut *c)
            )
                .rows_affected()
        });
        Ok(n == 1)
    }
    async fn list_withdrawals(&mut self, wallet: WalletId) -> Result<Vec<WithdrawalRequest>> {
        list_by(
            self,
            "SELECT * FROM withdrawal_requests WHERE wallet_id = $1 ORDER BY created_at DESC, id DESC",
            wallet,
        )
        .await
    }
}
