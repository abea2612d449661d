//! Favorites: a student keeps a list of tutors. Adding and removing are idempotent.

use super::trace::{traced, use_case};
use super::{Actor, Marketplace, active_user};
use crate::error::{Error, Result};
use crate::store::{FavoriteRepo, TutorRepo, Tx};
use crate::types::*;

impl Marketplace {
    /// The student adds an active tutor to their favorites; adding one already there returns
    /// the existing favorite (also under concurrent calls).
    ///
    /// # Errors
    /// `forbidden` unless an active student; `not_found` for an unknown tutor profile or one
    /// that is not active.
    pub async fn add_favorite(&self, actor: &Actor, tutor: TutorProfileId) -> Result<Favorite> {
        let span = use_case!("add_favorite", actor, tutor.id = %tutor);
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let student = student(&mut tx, actor).await?;
            tx.get_tutor_profile(tutor)
                .await?
                .filter(|p| p.status == TutorStatus::Active)
                .ok_or_else(|| Error::not_found("tutor profile", tutor))?;
            tx.insert_favorite_if_absent(&Favorite {
                id: FavoriteId::new(),
                student_id: student,
                tutor_profile_id: tutor,
                created_at: now,
            })
            .await?;
            let favorite = tx
                .find_favorite(student, tutor)
                .await?
                .ok_or_else(|| Error::Internal("the favorite vanished".into()))?;
            tx.commit().await?;
            Ok(favorite)
        })
        .await
    }

    /// The student removes a tutor from their favorites; `false` when it was not there
    /// (removing is idempotent, whatever the tutor's status).
    ///
    /// # Errors
    /// `forbidden` unless an active student.
    pub async fn remove_favorite(&self, actor: &Actor, tutor: TutorProfileId) -> Result<bool> {
        let span = use_case!("remove_favorite", actor, tutor.id = %tutor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let student = student(&mut tx, actor).await?;
            let removed = tx.delete_favorite(student, tutor).await?;
            tx.commit().await?;
            Ok(removed)
        })
        .await
    }

    /// The student's favorite tutors with name, headline, rating and rate, the latest added
    /// first. Tutors that are not active (paused, banned) are left out until they are again.
    ///
    /// # Errors
    /// `forbidden` unless an active student.
    pub async fn my_favorites(&self, actor: &Actor) -> Result<Vec<FavoriteTutor>> {
        let span = use_case!("my_favorites", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let student = student(&mut tx, actor).await?;
            tx.list_favorite_tutors(student).await
        })
        .await
    }
}

async fn student(tx: &mut Tx, actor: &Actor) -> Result<UserId> {
    let user = active_user(tx, actor).await?;
    if user.role != Role::Student {
        return Err(Error::Forbidden("only students keep favorites".into()));
    }
    Ok(user.id)
}
