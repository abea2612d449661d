//! Subjects and their categories.

use super::search::SearchStale;
use super::sql::{self, find_by};
use super::{Tx, on_tx};
use crate::error::Result;
use crate::types::*;
use async_trait::async_trait;

/// Subjects & categories.
#[async_trait]
pub trait SubjectRepo {
    /// Inserts a category. `conflict` on a taken slug.
    async fn insert_category(&mut self, category: &SubjectCategory) -> Result<()>;
    /// The category with this id.
    async fn get_category(&mut self, id: CategoryId) -> Result<Option<SubjectCategory>>;
    /// Every category, by name.
    async fn list_categories(&mut self) -> Result<Vec<SubjectCategory>>;
    /// Rewrites a category.
    async fn update_category(&mut self, category: &SubjectCategory) -> Result<()>;
    /// Deletes a category; its subjects keep existing without one (`ON DELETE SET NULL`).
    async fn delete_category(&mut self, id: CategoryId) -> Result<bool>;

    /// Inserts a subject. `conflict` on a taken slug.
    async fn insert_subject(&mut self, subject: &Subject) -> Result<()>;
    /// The subject with this id.
    async fn get_subject(&mut self, id: SubjectId) -> Result<Option<Subject>>;
    /// The subject with this slug.
    async fn find_subject_by_slug(&mut self, slug: &str) -> Result<Option<Subject>>;
    /// Subjects by name; only active ones when `active_only`.
    async fn list_subjects(&mut self, active_only: bool) -> Result<Vec<Subject>>;
    /// Rewrites a subject.
    async fn update_subject(&mut self, subject: &Subject) -> Result<()>;
    /// Deletes a subject (and, by cascade, the tutor subjects that teach it).
    async fn delete_subject(&mut self, id: SubjectId) -> Result<bool>;
}

#[async_trait]
impl SubjectRepo for Tx {
    async fn insert_category(&mut self, category: &SubjectCategory) -> Result<()> {
        sql::insert(self, category).await
    }
    async fn get_category(&mut self, id: CategoryId) -> Result<Option<SubjectCategory>> {
        sql::get(self, id).await
    }
    async fn list_categories(&mut self) -> Result<Vec<SubjectCategory>> {
        // Byte order on both: PostgreSQL would otherwise follow the database's collation.
        Ok(on_tx!(self, c, d => sqlx::query_as(d.pick(
            "SELECT * FROM subject_categories ORDER BY name COLLATE \"C\", id",
            "SELECT * FROM subject_categories ORDER BY name, id",
        ))
        .fetch_all(&mut *c)
        .await?))
    }
    async fn update_category(&mut self, category: &SubjectCategory) -> Result<()> {
        sql::update(self, category.id, category).await
    }
    async fn delete_category(&mut self, id: CategoryId) -> Result<bool> {
        sql::delete::<SubjectCategory, _>(self, id).await
    }

    async fn insert_subject(&mut self, subject: &Subject) -> Result<()> {
        sql::insert(self, subject).await
    }
    async fn get_subject(&mut self, id: SubjectId) -> Result<Option<Subject>> {
        sql::get(self, id).await
    }
    async fn find_subject_by_slug(&mut self, slug: &str) -> Result<Option<Subject>> {
        find_by(self, "SELECT * FROM subjects WHERE slug = $1", slug).await
    }
    async fn list_subjects(&mut self, active_only: bool) -> Result<Vec<Subject>> {
        Ok(on_tx!(self, c, d => sqlx::query_as(d.pick(
            "SELECT * FROM subjects WHERE is_active = TRUE OR $1 = FALSE \
             ORDER BY name COLLATE \"C\", id",
            "SELECT * FROM subjects WHERE is_active = TRUE OR $1 = FALSE ORDER BY name, id",
        ))
        .bind(active_only)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn update_subject(&mut self, subject: &Subject) -> Result<()> {
        sql::update(self, subject.id, subject).await?;
        self.mark_search_stale(SearchStale::Subject(subject.id));
        Ok(())
    }
    async fn delete_subject(&mut self, id: SubjectId) -> Result<bool> {
        // Its offerings go by cascade: their tutors are found first, to refresh at commit.
        let tutors: Vec<TutorProfileId> = on_tx!(self, c => {
            sqlx::query_scalar(
                "SELECT DISTINCT tutor_profile_id FROM tutor_subjects WHERE subject_id = $1",
            )
            .bind(id)
            .fetch_all(&mut *c)
            .await?
        });
        for t in tutors {
            self.mark_search_stale(SearchStale::Tutor(t));
        }
        sql::delete::<Subject, _>(self, id).await
    }
}
