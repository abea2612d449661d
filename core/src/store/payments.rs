//! Payment transactions.

use super::sql::Table;
use super::sql::{self, find_by, list_by};
use super::{Tx, on_tx};
use crate::error::Result;
use crate::types::*;
use async_trait::async_trait;
use std::sync::LazyLock;

/// Payment transactions.
#[async_trait]
pub trait PaymentRepo {
    /// Inserts a payment. `conflict` when the booking or purchase already has one.
    async fn insert_payment(&mut self, payment: &PaymentTransaction) -> Result<()>;
    /// The payment with this id.
    async fn get_payment(&mut self, id: PaymentId) -> Result<Option<PaymentTransaction>>;
    /// The payment with this id, locked until the transaction ends (PostgreSQL `FOR UPDATE`;
    /// SQLite's write transactions are already exclusive), so concurrent notifications of
    /// one payment are decided one after the other on its latest state.
    async fn lock_payment(&mut self, id: PaymentId) -> Result<Option<PaymentTransaction>>;
    /// The payment of a booking.
    async fn find_payment_by_booking(
        &mut self,
        booking: BookingId,
    ) -> Result<Option<PaymentTransaction>>;
    /// The payment of a package purchase.
    async fn find_payment_by_purchase(
        &mut self,
        purchase: PurchaseId,
    ) -> Result<Option<PaymentTransaction>>;
    /// The payment a provider knows by this id.
    async fn find_payment_by_external_id(
        &mut self,
        external_id: &str,
    ) -> Result<Option<PaymentTransaction>>;
    /// Rewrites a payment.
    async fn update_payment(&mut self, payment: &PaymentTransaction) -> Result<()>;
    /// Rewrites a payment only if its stored status is still `expected` (compare-and-swap);
    /// `false` when another writer moved it first.
    async fn update_payment_if_status(
        &mut self,
        payment: &PaymentTransaction,
        expected: PaymentStatus,
    ) -> Result<bool>;
    /// Records an applied provider notification. `conflict` when one with the same dedup key
    /// was already recorded for the same payment (the notification is a duplicate).
    async fn insert_payment_event(&mut self, event: &PaymentEvent) -> Result<()>;
    /// The notifications applied to a payment, oldest first.
    async fn list_payment_events(&mut self, payment: PaymentId) -> Result<Vec<PaymentEvent>>;
}

static CAS: LazyLock<String> = LazyLock::new(|| {
    let sql = PaymentTransaction::sql();
    format!("{} AND status = ${}", sql.update, sql.columns + 1)
});

#[async_trait]
impl PaymentRepo for Tx {
    async fn update_payment_if_status(
        &mut self,
        payment: &PaymentTransaction,
        expected: PaymentStatus,
    ) -> Result<bool> {
        let affected = on_tx!(self, c => {
            sql::written!(
                c,
                payment,
                sql::bind_checked(payment, CAS.as_str())?.bind(expected).execute(&mut *c)
            )
                .rows_affected()
        });
        Ok(affected == 1)
    }
    async fn insert_payment(&mut self, payment: &PaymentTransaction) -> Result<()> {
        sql::insert(self, payment).await
    }
    async fn get_payment(&mut self, id: PaymentId) -> Result<Option<PaymentTransaction>> {
        sql::get(self, id).await
    }
    async fn lock_payment(&mut self, id: PaymentId) -> Result<Option<PaymentTransaction>> {
        Ok(on_tx!(self, c, d => sqlx::query_as(d.pick(
            "SELECT * FROM payment_transactions WHERE id = $1 FOR UPDATE",
            "SELECT * FROM payment_transactions WHERE id = $1",
        ))
        .bind(id)
        .fetch_optional(&mut *c)
        .await?))
    }
    async fn find_payment_by_booking(
        &mut self,
        booking: BookingId,
    ) -> Result<Option<PaymentTransaction>> {
        find_by(
            self,
            "SELECT * FROM payment_transactions WHERE booking_id = $1",
            booking,
        )
        .await
    }
    async fn find_payment_by_purchase(
        &mut self,
        purchase: PurchaseId,
    ) -> Result<Option<PaymentTransaction>> {
        find_by(
            self,
            "SELECT * FROM payment_transactions WHERE package_purchase_id = $1",
            purchase,
        )
        .await
    }
    async fn find_payment_by_external_id(
        &mut self,
        external_id: &str,
    ) -> Result<Option<PaymentTransaction>> {
        find_by(
            self,
            "SELECT * FROM payment_transactions WHERE external_payment_id = $1 \
             ORDER BY created_at DESC, id DESC LIMIT 1",
            external_id,
        )
        .await
    }
    async fn update_payment(&mut self, payment: &PaymentTransaction) -> Result<()> {
        sql::update(self, payment.id, payment).await
    }
    async fn insert_payment_event(&mut self, event: &PaymentEvent) -> Result<()> {
        sql::insert(self, event).await
    }
    async fn list_payment_events(&mut self, payment: PaymentId) -> Result<Vec<PaymentEvent>> {
        list_by(
            self,
            "SELECT * FROM payment_events WHERE payment_transaction_id = $1 ORDER BY created_at, id",
            payment,
        )
        .await
    }
}
