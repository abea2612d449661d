//! Tutor profiles, the subjects they teach, and their verification documents.

use super::Tx;
use super::sql::{self, find_by, list_by};
use crate::error::Result;
use crate::types::*;
use async_trait::async_trait;

/// Tutor profiles, tutor subjects and documents.
#[async_trait]
pub trait TutorRepo {
    /// Inserts a profile. `conflict` when the user already has one.
    async fn insert_tutor_profile(&mut self, profile: &TutorProfile) -> Result<()>;
    /// The profile with this id.
    async fn get_tutor_profile(&mut self, id: TutorProfileId) -> Result<Option<TutorProfile>>;
    /// The profile of this user.
    async fn find_tutor_profile_by_user(&mut self, user: UserId) -> Result<Option<TutorProfile>>;
    /// Rewrites a profile. `not_found` when absent.
    async fn update_tutor_profile(&mut self, profile: &TutorProfile) -> Result<()>;
    /// Deletes a profile and, by cascade, its subjects, rules, documents, bookings….
    async fn delete_tutor_profile(&mut self, id: TutorProfileId) -> Result<bool>;
    /// Profiles in a status, oldest first.
    async fn list_tutor_profiles_by_status(
        &mut self,
        status: TutorStatus,
    ) -> Result<Vec<TutorProfile>>;

    /// Inserts a tutor subject. `conflict` on a second (tutor, subject, level).
    async fn insert_tutor_subject(&mut self, ts: &TutorSubject) -> Result<()>;
    /// The tutor subject with this id.
    async fn get_tutor_subject(&mut self, id: TutorSubjectId) -> Result<Option<TutorSubject>>;
    /// A tutor's subjects, oldest first.
    async fn list_tutor_subjects(&mut self, tutor: TutorProfileId) -> Result<Vec<TutorSubject>>;
    /// Rewrites a tutor subject.
    async fn update_tutor_subject(&mut self, ts: &TutorSubject) -> Result<()>;
    /// Deletes a tutor subject.
    async fn delete_tutor_subject(&mut self, id: TutorSubjectId) -> Result<bool>;

    /// Inserts a document.
    async fn insert_document(&mut self, doc: &TutorDocument) -> Result<()>;
    /// The document with this id.
    async fn get_document(&mut self, id: DocumentId) -> Result<Option<TutorDocument>>;
    /// A tutor's documents, oldest first.
    async fn list_documents(&mut self, tutor: TutorProfileId) -> Result<Vec<TutorDocument>>;
    /// Rewrites a document (e.g. its review).
    async fn update_document(&mut self, doc: &TutorDocument) -> Result<()>;
}

#[async_trait]
impl TutorRepo for Tx {
    async fn insert_tutor_profile(&mut self, profile: &TutorProfile) -> Result<()> {
        sql::insert(self, profile).await
    }
    async fn get_tutor_profile(&mut self, id: TutorProfileId) -> Result<Option<TutorProfile>> {
        sql::get(self, id).await
    }
    async fn find_tutor_profile_by_user(&mut self, user: UserId) -> Result<Option<TutorProfile>> {
        find_by(
            self,
            "SELECT * FROM tutor_profiles WHERE user_id = $1",
            user,
        )
        .await
    }
    async fn update_tutor_profile(&mut self, profile: &TutorProfile) -> Result<()> {
        sql::update(self, profile.id, profile).await
    }
    async fn delete_tutor_profile(&mut self, id: TutorProfileId) -> Result<bool> {
        sql::delete::<TutorProfile, _>(self, id).await
    }
    async fn list_tutor_profiles_by_status(
        &mut self,
        status: TutorStatus,
    ) -> Result<Vec<TutorProfile>> {
        list_by(
            self,
            "SELECT * FROM tutor_profiles WHERE status = $1 ORDER BY created_at, id",
            status,
        )
        .await
    }

    async fn insert_tutor_subject(&mut self, ts: &TutorSubject) -> Result<()> {
        sql::insert(self, ts).await
    }
    async fn get_tutor_subject(&mut self, id: TutorSubjectId) -> Result<Option<TutorSubject>> {
        sql::get(self, id).await
    }
    async fn list_tutor_subjects(&mut self, tutor: TutorProfileId) -> Result<Vec<TutorSubject>> {
        list_by(
            self,
            "SELECT * FROM tutor_subjects WHERE tutor_profile_id = $1 ORDER BY created_at, id",
            tutor,
        )
        .await
    }
    async fn update_tutor_subject(&mut self, ts: &TutorSubject) -> Result<()> {
        sql::update(self, ts.id, ts).await
    }
    async fn delete_tutor_subject(&mut self, id: TutorSubjectId) -> Result<bool> {
        sql::delete::<TutorSubject, _>(self, id).await
    }

    async fn insert_document(&mut self, doc: &TutorDocument) -> Result<()> {
        sql::insert(self, doc).await
    }
    async fn get_document(&mut self, id: DocumentId) -> Result<Option<TutorDocument>> {
        sql::get(self, id).await
    }
    async fn list_documents(&mut self, tutor: TutorProfileId) -> Result<Vec<TutorDocument>> {
        list_by(
            self,
            "SELECT * FROM tutor_documents WHERE tutor_profile_id = $1 ORDER BY created_at, id",
            tutor,
        )
        .await
    }
    async fn update_document(&mut self, doc: &TutorDocument) -> Result<()> {
        sql::update(self, doc.id, doc).await
    }
}
