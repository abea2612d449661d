//! Lesson packages and their purchases.

use super::sql::{self, Table, list_by};
use super::{Tx, on_tx};
use crate::error::Result;
use crate::types::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::sync::LazyLock;

/// Lesson packages & purchases.
#[async_trait]
pub trait PackageRepo {
    /// Inserts a package.
    async fn insert_package(&mut self, package: &LessonPackage) -> Result<()>;
    /// The package with this id.
    async fn get_package(&mut self, id: PackageId) -> Result<Option<LessonPackage>>;
    /// A tutor's packages, oldest first.
    async fn list_packages(&mut self, tutor: TutorProfileId) -> Result<Vec<LessonPackage>>;
    /// Rewrites a package.
    async fn update_package(&mut self, package: &LessonPackage) -> Result<()>;

    /// Inserts a purchase.
    async fn insert_purchase(&mut self, purchase: &PackagePurchase) -> Result<()>;
    /// The purchase with this id.
    async fn get_purchase(&mut self, id: PurchaseId) -> Result<Option<PackagePurchase>>;
    /// A student's purchases, newest first.
    async fn list_student_purchases(&mut self, student: UserId) -> Result<Vec<PackagePurchase>>;
    /// Rewrites a purchase.
    async fn update_purchase(&mut self, purchase: &PackagePurchase) -> Result<()>;
    /// Rewrites a purchase only if its stored status is still `expected`; `false` otherwise.
    async fn update_purchase_if_status(
        &mut self,
        purchase: &PackagePurchase,
        expected: PurchaseStatus,
    ) -> Result<bool>;
    /// Takes one session from an active purchase, never below zero, and returns how many
    /// remain; `None` when none was left or the purchase is not active. The decrement is one
    /// conditional UPDATE, so it also serialises concurrent draws on the purchase until the
    /// transaction ends.
    async fn draw_session(
        &mut self,
        purchase: PurchaseId,
        now: DateTime<Utc>,
    ) -> Result<Option<i32>>;
    /// Gives one session back to a purchase.
    async fn restore_session(&mut self, purchase: PurchaseId, now: DateTime<Utc>) -> Result<()>;
    /// Active purchases whose validity ended by `now`, soonest first.
    async fn list_purchases_expiring(
        &mut self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<PackagePurchase>>;
    /// Unpaid purchases whose pending payment expired by `now`, soonest first.
    async fn list_purchases_with_expired_payment(
        &mut self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<PackagePurchase>>;
    /// Every purchase (for audits), oldest first.
    async fn list_all_purchases(&mut self) -> Result<Vec<PackagePurchase>>;
}

static PURCHASE_CAS: LazyLock<String> = LazyLock::new(|| {
    let sql = PackagePurchase::sql();
    format!("{} AND status = ${}", sql.update, sql.columns + 1)
});

#[async_trait]
impl PackageRepo for Tx {
    async fn insert_package(&mut self, package: &LessonPackage) -> Result<()> {
        sql::insert(self, package).await
    }
    async fn get_package(&mut self, id: PackageId) -> Result<Option<LessonPackage>> {
        sql::get(self, id).await
    }
    async fn list_packages(&mut self, tutor: TutorProfileId) -> Result<Vec<LessonPackage>> {
        list_by(
            self,
            "SELECT * FROM lesson_packages WHERE tutor_profile_id = $1 ORDER BY created_at, id",
            tutor,
        )
        .await
    }
    async fn update_package(&mut self, package: &LessonPackage) -> Result<()> {
        sql::update(self, package.id, package).await
    }

    async fn insert_purchase(&mut self, purchase: &PackagePurchase) -> Result<()> {
        sql::insert(self, purchase).await
    }
    async fn get_purchase(&mut self, id: PurchaseId) -> Result<Option<PackagePurchase>> {
        sql::get(self, id).await
    }
    async fn list_student_purchases(&mut self, student: UserId) -> Result<Vec<PackagePurchase>> {
        list_by(
            self,
            "SELECT * FROM package_purchases WHERE student_id = $1 \
             ORDER BY created_at DESC, id DESC",
            student,
        )
        .await
    }
    async fn update_purchase(&mut self, purchase: &PackagePurchase) -> Result<()> {
        sql::update(self, purchase.id, purchase).await
    }
    async fn update_purchase_if_status(
        &mut self,
        purchase: &PackagePurchase,
        expected: PurchaseStatus,
    ) -> Result<bool> {
        let affected = on_tx!(self, c => {
            sql::written!(
                c,
                purchase,
                sql::bind_checked(purchase, PURCHASE_CAS.as_str())?.bind(expected).execute(&mut *c)
            )
                .rows_affected()
        });
        Ok(affected == 1)
    }
    async fn draw_session(
        &mut self,
        purchase: PurchaseId,
        now: DateTime<Utc>,
    ) -> Result<Option<i32>> {
        Ok(on_tx!(self, c => sqlx::query_scalar(
            "UPDATE package_purchases SET sessions_remaining = sessions_remaining - 1, \
             updated_at = $2 WHERE id = $1 AND status = 'active' AND sessions_remaining > 0 \
             RETURNING sessions_remaining",
        )
        .bind(purchase)
        .bind(now)
        .fetch_optional(&mut *c)
        .await?))
    }
    async fn restore_session(&mut self, purchase: PurchaseId, now: DateTime<Utc>) -> Result<()> {
        on_tx!(self, c => {
            sqlx::query(
                "UPDATE package_purchases SET sessions_remaining = sessions_remaining + 1, \
                 updated_at = $2 WHERE id = $1",
            )
            .bind(purchase)
            .bind(now)
            .execute(&mut *c)
            .await?;
        });
        Ok(())
    }
    async fn list_purchases_expiring(
        &mut self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<PackagePurchase>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM package_purchases WHERE status = 'active' AND expires_at <= $1 \
             ORDER BY expires_at, id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn list_purchases_with_expired_payment(
        &mut self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<PackagePurchase>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT pp.* FROM package_purchases pp \
             JOIN payment_transactions p ON p.package_purchase_id = pp.id \
             WHERE pp.status = 'pending_payment' AND p.status = 'pending' \
             AND p.expires_at <= $1 ORDER BY p.expires_at, pp.id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn list_all_purchases(&mut self) -> Result<Vec<PackagePurchase>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM package_purchases ORDER BY created_at, id",
        )
        .fetch_all(&mut *c)
        .await?))
    }
}
