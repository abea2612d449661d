//! Wallets and their ledger entries.

use super::sql::{self, find_by, list_by};
use super::{Tx, on_tx};
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
}

#[async_trait]
impl LedgerRepo for Tx {
    async fn insert_wallet(&mut self, wallet: &Wallet) -> Result<()> {
        sql::insert(self, wallet).await
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
        // Read-modify-write in Rust rather than `balance + $2`: SQLite would compute that sum
        // in floating point. PostgreSQL locks the row; SQLite already holds the write lock
        // (BEGIN IMMEDIATE).
        on_tx!(self, c, d => {
            let current: Option<Num> = sqlx::query_scalar(d.pick(
                "SELECT balance FROM wallets WHERE id = $1 FOR UPDATE",
                "SELECT balance FROM wallets WHERE id = $1",
            ))
            .bind(id)
            .fetch_optional(&mut *c)
            .await?;
            let current = current.ok_or_else(|| Error::not_found("wallet", id))?.0;
            let next = current + delta;
            sqlx::query("UPDATE wallets SET balance = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(Num(next))
                .bind(now)
                .execute(&mut *c)
                .await?;
            Ok(next)
        })
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
}
