//! Tutor profiles after creation: edits, going inactive, what they teach, verification
//! documents; and the subject catalogue admins keep.

use super::search::refresh_search_document;
use super::trace::{record, traced, use_case};
use super::tutors::{NewTutorProfile, fill_profile};
use super::{
    Actor, Marketplace, active_user, admin, notify, own_tutor_profile, own_tutor_profile_locked,
    text,
};
use crate::error::{Error, Result};
use crate::store::{SubjectRepo, TutorRepo, Tx};
use crate::types::*;
use crate::validation::https_url;
use crate::verification;
use rust_decimal::Decimal;
use tracing::field::Empty;

/// Changes to one of the tutor's subjects.
#[derive(Debug, Clone, PartialEq)]
pub struct TutorSubjectUpdate {
    /// Replaces the hourly rate for this subject (`None`: the profile's rate).
    pub price_override: Option<Decimal>,
    /// What the tutor offers in it, up to 2000 characters.
    pub description: Option<String>,
    /// Offered or not (inactive ones are hidden from search and cannot be booked).
    pub is_active: bool,
}

/// The subject catalogue as students browse it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Catalog {
    /// Active categories, by name.
    pub categories: Vec<SubjectCategory>,
    /// Active subjects in active (or no) categories, by name.
    pub subjects: Vec<Subject>,
}

impl Marketplace {
    /// A tutor profile as anyone may see it (active ones); its tutor and admins see it in
    /// any status.
    ///
    /// # Errors
    /// `forbidden` when the actor may not act; `not_found` for an unknown profile or one
    /// that is not public.
    pub async fn get_tutor_profile(
        &self,
        actor: &Actor,
        tutor: TutorProfileId,
    ) -> Result<TutorProfile> {
        let span = use_case!("get_tutor_profile", actor, tutor.id = %tutor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            tx.get_tutor_profile(tutor)
                .await?
                .filter(|p| {
                    p.status == TutorStatus::Active
                        || p.user_id == user.id
                        || user.role == Role::Admin
                })
                .ok_or_else(|| Error::not_found("tutor profile", tutor))
        })
        .await
    }

    /// The tutor edits their profile (every editable field is replaced). Status, rating,
    /// counters and verification are not the tutor's to edit.
    ///
    /// # Errors
    /// `forbidden` unless an active tutor with a profile; `validation` as for
    /// [`Marketplace::create_tutor_profile`].
    pub async fn update_tutor_profile(
        &self,
        actor: &Actor,
        changes: NewTutorProfile,
    ) -> Result<TutorProfile> {
        let span = use_case!("update_tutor_profile", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let mut profile = own_tutor_profile_locked(&mut tx, actor).await?;
            fill_profile(&mut profile, changes)?;
            profile.updated_at = self.now();
            tx.update_tutor_profile(&profile).await?;
            refresh_search_document(&mut tx, &profile, profile.updated_at).await?;
            tx.commit().await?;
            Ok(profile)
        })
        .await
    }

    /// The tutor stops taking new bookings (`active` → `inactive`); lessons already booked
    /// stay. [`Marketplace::publish_tutor_profile`] makes the profile active again.
    ///
    /// # Errors
    /// `forbidden` unless an active tutor with a profile; `invalid_transition` unless the
    /// profile is active.
    pub async fn deactivate_tutor_profile(&self, actor: &Actor) -> Result<TutorProfile> {
        let span = use_case!("deactivate_tutor_profile", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let mut profile = own_tutor_profile_locked(&mut tx, actor).await?;
            if profile.status != TutorStatus::Active {
                return Err(Error::InvalidTransition {
                    from: profile.status.to_string(),
                    event: "deactivate".into(),
                });
            }
            profile.status = TutorStatus::Inactive;
            profile.updated_at = self.now();
            tx.update_tutor_profile(&profile).await?;
            tx.commit().await?;
            Ok(profile)
        })
        .await
    }

    /// The tutor changes one of their subjects: price, description, offered or not.
    ///
    /// # Errors
    /// `forbidden` unless an active tutor with a profile; `not_found` unless one of the
    /// tutor's subjects; `validation` on `price_override` or `description`.
    pub async fn update_tutor_subject(
        &self,
        actor: &Actor,
        tutor_subject: TutorSubjectId,
        changes: TutorSubjectUpdate,
    ) -> Result<TutorSubject> {
        let span = use_case!("update_tutor_subject", actor, tutor_subject.id = %tutor_subject);
        traced(span, async move {
            if let Some(p) = changes.price_override {
                if p <= Decimal::ZERO {
                    return Err(Error::validation(
                        "price_override",
                        "must be greater than zero",
                    ));
                }
                check_amount("price_override", p)?;
            }
            let description = text("description", changes.description, 2000)?;
            let mut tx = self.store.begin().await?;
            let profile = own_tutor_profile(&mut tx, actor).await?;
            let mut ts = tx
                .get_tutor_subject(tutor_subject)
                .await?
                .filter(|t| t.tutor_profile_id == profile.id)
                .ok_or_else(|| Error::not_found("tutor subject", tutor_subject))?;
            ts.price_override = changes.price_override;
            ts.description = description;
            ts.is_active = changes.is_active;
            ts.updated_at = self.now();
            tx.update_tutor_subject(&ts).await?;
            refresh_search_document(&mut tx, &profile, ts.updated_at).await?;
            tx.commit().await?;
            Ok(ts)
        })
        .await
    }

    /// The tutor's subjects (all of them for the tutor and admins, the offered ones for
    /// others).
    ///
    /// # Errors
    /// `forbidden` when the actor may not act; `not_found` for an unknown profile.
    pub async fn list_tutor_subjects(
        &self,
        actor: &Actor,
        tutor: TutorProfileId,
    ) -> Result<Vec<TutorSubject>> {
        let span = use_case!("list_tutor_subjects", actor, tutor.id = %tutor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let all = super::owner_or_admin(&mut tx, actor, tutor).await?;
            Ok(tx
                .list_tutor_subjects(tutor)
                .await?
                .into_iter()
                .filter(|t| all || t.is_active)
                .collect())
        })
        .await
    }

    /// The tutor submits a verification document (an `https://` link to the file); the
    /// profile's verification goes to `pending` until an admin reviews it.
    ///
    /// # Errors
    /// `forbidden` unless an active tutor with a profile; `validation` on `file_url`.
    pub async fn submit_document(
        &self,
        actor: &Actor,
        doc_type: DocType,
        file_url: String,
    ) -> Result<TutorDocument> {
        let span =
            use_case!("submit_document", actor, document.type = %doc_type, document.id = Empty);
        traced(span, async move {
            let file_url = https_url("file_url", Some(file_url))?
                .ok_or_else(|| Error::validation("file_url", "is required"))?;
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let profile = own_tutor_profile(&mut tx, actor).await?;
            let doc = TutorDocument {
                id: DocumentId::new(),
                tutor_profile_id: profile.id,
                doc_type: Some(doc_type),
                file_url,
                status: DocumentStatus::Pending,
                reviewed_by: None,
                reviewed_at: None,
                note: None,
                created_at: now,
                updated_at: now,
            };
            record("document.id", doc.id);
            tx.insert_document(&doc).await?;
            refresh_verification(&mut tx, profile, now).await?;
            tx.commit().await?;
            Ok(doc)
        })
        .await
    }

    /// A tutor's documents: for the tutor and admins.
    ///
    /// # Errors
    /// `forbidden` unless the tutor themselves or an admin; `not_found` for an unknown
    /// profile.
    pub async fn list_documents(
        &self,
        actor: &Actor,
        tutor: TutorProfileId,
    ) -> Result<Vec<TutorDocument>> {
        let span = use_case!("list_documents", actor, tutor.id = %tutor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            if !super::owner_or_admin(&mut tx, actor, tutor).await? {
                return Err(Error::Forbidden("these documents are not yours".into()));
            }
            tx.list_documents(tutor).await
        })
        .await
    }

    /// An admin approves or rejects a pending document (a rejection needs a note). The
    /// profile's verification follows ([`crate::verification`]); becoming verified sends
    /// the tutor `verification_approved`.
    ///
    /// # Errors
    /// `forbidden` unless an active admin; `not_found` for an unknown document;
    /// `invalid_transition` unless the document is pending; `validation` on `note`
    /// (required to reject, up to 1000 characters).
    pub async fn review_document(
        &self,
        actor: &Actor,
        document: DocumentId,
        approve: bool,
        note: Option<String>,
    ) -> Result<TutorDocument> {
        let span = use_case!("review_document", actor, document.id = %document, approve);
        traced(span, async move {
            let note = text("note", note, 1000)?;
            if !approve && note.is_none() {
                return Err(Error::validation(
                    "note",
                    "say why the document is rejected",
                ));
            }
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let admin = admin(&mut tx, actor).await?;
            let mut doc = tx
                .get_document(document)
                .await?
                .ok_or_else(|| Error::not_found("document", document))?;
            if doc.status != DocumentStatus::Pending {
                return Err(Error::InvalidTransition {
                    from: doc.status.to_string(),
                    event: "review".into(),
                });
            }
            doc.status = if approve {
                DocumentStatus::Approved
            } else {
                DocumentStatus::Rejected
            };
            doc.reviewed_by = Some(admin.id);
            doc.reviewed_at = Some(now);
            doc.note = note;
            doc.updated_at = now;
            tx.update_document(&doc).await?;
            let profile = tx
                .get_tutor_profile(doc.tutor_profile_id)
                .await?
                .ok_or_else(|| Error::not_found("tutor profile", doc.tutor_profile_id))?;
            refresh_verification(&mut tx, profile, now).await?;
            tx.commit().await?;
            Ok(doc)
        })
        .await
    }

    /// An admin renames a category (its slug follows) or (de)activates it; inactive
    /// categories are hidden from the catalogue.
    ///
    /// # Errors
    /// `forbidden` unless an active admin; `not_found`; `validation` on `name`; `conflict`
    /// when the new slug is taken.
    pub async fn update_category(
        &self,
        actor: &Actor,
        category: CategoryId,
        name: &str,
        is_active: bool,
    ) -> Result<SubjectCategory> {
        let span = use_case!("update_category", actor, category.id = %category);
        traced(span, async move {
            let (name, slug) = super::tutors::named(name)?;
            let mut tx = self.store.begin().await?;
            admin(&mut tx, actor).await?;
            let mut c = tx
                .get_category(category)
                .await?
                .ok_or_else(|| Error::not_found("subject category", category))?;
            c.name = name;
            c.slug = slug;
            c.is_active = is_active;
            c.updated_at = self.now();
            tx.update_category(&c).await?;
            tx.commit().await?;
            Ok(c)
        })
        .await
    }

    /// An admin renames a subject (its slug follows), moves it to another category, or
    /// (de)activates it; inactive subjects disappear from search and cannot be booked.
    ///
    /// # Errors
    /// `forbidden` unless an active admin; `not_found` for the subject or the category;
    /// `validation` on `name`; `conflict` when the new slug is taken.
    pub async fn update_subject(
        &self,
        actor: &Actor,
        subject: SubjectId,
        name: &str,
        category: Option<CategoryId>,
        is_active: bool,
    ) -> Result<Subject> {
        let span = use_case!("update_subject", actor, subject.id = %subject);
        traced(span, async move {
            let (name, slug) = super::tutors::named(name)?;
            let mut tx = self.store.begin().await?;
            admin(&mut tx, actor).await?;
            let mut s = tx
                .get_subject(subject)
                .await?
                .ok_or_else(|| Error::not_found("subject", subject))?;
            if let Some(c) = category
                && tx.get_category(c).await?.is_none()
            {
                return Err(Error::not_found("subject category", c));
            }
            s.name = name;
            s.slug = slug;
            s.category_id = category;
            s.is_active = is_active;
            s.updated_at = self.now();
            tx.update_subject(&s).await?;
            // Its name is searchable text of every tutor teaching it.
            for profile in tx.list_profiles_teaching(s.id).await? {
                refresh_search_document(&mut tx, &profile, s.updated_at).await?;
            }
            tx.commit().await?;
            Ok(s)
        })
        .await
    }

    /// The catalogue: active categories and active subjects in active (or no) categories,
    /// by name. Anyone may read it.
    ///
    /// # Errors
    /// `database` when the store fails.
    pub async fn catalog(&self) -> Result<Catalog> {
        let span = use_case!("catalog");
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let categories: Vec<SubjectCategory> = tx
                .list_categories()
                .await?
                .into_iter()
                .filter(|c| c.is_active)
                .collect();
            let subjects = tx
                .list_subjects(true)
                .await?
                .into_iter()
                .filter(|s| {
                    s.category_id
                        .is_none_or(|c| categories.iter().any(|k| k.id == c))
                })
                .collect();
            Ok(Catalog {
                categories,
                subjects,
            })
        })
        .await
    }
}

/// Recomputes a profile's verification from its documents; notifies the tutor when it
/// becomes approved.
async fn refresh_verification(
    tx: &mut Tx,
    profile: TutorProfile,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let mut profile = tx.lock_tutor_profile(profile.id).await?.unwrap_or(profile);
    let docs = tx.list_documents(profile.id).await?;
    let (status, note) = verification::status_of(&docs);
    let newly_approved =
        status == VerificationStatus::Approved && profile.verification_status != status;
    profile.verification_status = status;
    profile.verification_note = note;
    profile.is_verified = status == VerificationStatus::Approved;
    profile.updated_at = now;
    tx.update_tutor_profile(&profile).await?;
    if newly_approved {
        notify(
            tx,
            profile.user_id,
            NotificationType::VerificationApproved,
            "You are verified",
            "Your documents were approved: your profile now shows the verified badge.".into(),
            Some("/tutor/profile".into()),
            now,
        )
        .await?;
    }
    Ok(())
}
