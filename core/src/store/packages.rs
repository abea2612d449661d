//! Lesson packages and their purchases.

use super::Tx;
use super::sql::{self, list_by};
use crate::error::Result;
use crate::types::*;
use async_trait::async_trait;

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
}

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
}
