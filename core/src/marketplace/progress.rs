//! Progress logs: the tutor's notes on a lesson that took place, read by the student (across
//! tutors) and by the tutor who wrote them. The rules are in [`crate::progress`].

use super::bookings::load_booking;
use super::trace::{record, traced, use_case};
use super::{Actor, Marketplace, active_user, own_tutor_profile, party_of};
use crate::booking::Party;
use crate::error::{Error, Result};
use crate::progress::{self, ProgressNote};
use crate::store::{ProgressRepo, TutorRepo};
use crate::types::*;
use tracing::field::Empty;

impl Marketplace {
    /// The booking's tutor writes notes on a lesson that took place (completed, or confirmed
    /// and started). A lesson may get several notes.
    ///
    /// # Errors
    /// `validation` on `summary`, `homework`, `next_plan` or `attachment_url` (see
    /// [`crate::progress::check_note`]); `not_found` for an unknown booking; `forbidden`
    /// unless the booking's tutor; `invalid_transition` when the lesson has not taken place.
    pub async fn write_progress_log(
        &self,
        actor: &Actor,
        booking: BookingId,
        note: ProgressNote,
    ) -> Result<ProgressLog> {
        let span =
            use_case!("write_progress_log", actor, booking.id = %booking, progress_log.id = Empty);
        traced(span, async move {
            let now = self.now();
            let note = progress::check_note(note)?;
            let mut tx = self.store.begin().await?;
            let b = load_booking(&mut tx, booking).await?;
            if party_of(&mut tx, actor, &b).await? != Party::Tutor {
                return Err(Error::Forbidden(
                    "only the lesson's tutor writes its progress log".into(),
                ));
            }
            progress::may_log(&b, now)?;
            let log = ProgressLog {
                id: ProgressLogId::new(),
                booking_id: b.id,
                tutor_profile_id: b.tutor_profile_id,
                student_id: b.student_id,
                summary: note.summary,
                homework: note.homework,
                next_plan: note.next_plan,
                attachment_url: note.attachment_url,
                created_at: now,
                updated_at: now,
            };
            record("progress_log.id", log.id);
            tx.insert_progress_log(&log).await?;
            tx.commit().await?;
            Ok(log)
        })
        .await
    }

    /// The tutor who wrote a progress log replaces its notes.
    ///
    /// # Errors
    /// As [`Marketplace::write_progress_log`] for the note; `forbidden` unless an active
    /// tutor and the log's author; `not_found` for an unknown log.
    pub async fn update_progress_log(
        &self,
        actor: &Actor,
        log: ProgressLogId,
        note: ProgressNote,
    ) -> Result<ProgressLog> {
        let span = use_case!("update_progress_log", actor, progress_log.id = %log);
        traced(span, async move {
            let now = self.now();
            let note = progress::check_note(note)?;
            let mut tx = self.store.begin().await?;
            let profile = own_tutor_profile(&mut tx, actor).await?;
            let mut l = tx
                .get_progress_log(log)
                .await?
                .ok_or_else(|| Error::not_found("progress log", log))?;
            if l.tutor_profile_id != profile.id {
                return Err(Error::Forbidden("this progress log is not yours".into()));
            }
            l.summary = note.summary;
            l.homework = note.homework;
            l.next_plan = note.next_plan;
            l.attachment_url = note.attachment_url;
            l.updated_at = now;
            tx.update_progress_log(&l).await?;
            tx.commit().await?;
            Ok(l)
        })
        .await
    }

    /// A student's progress logs, newest first: for the student themselves, every tutor's;
    /// for a tutor, the ones they wrote about this student.
    ///
    /// # Errors
    /// `forbidden` for anyone else (other students, other roles, admins).
    pub async fn progress_logs(&self, actor: &Actor, student: UserId) -> Result<Vec<ProgressLog>> {
        let span = use_case!("progress_logs", actor, student.id = %student);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            match user.role {
                Role::Student if user.id == student => tx.list_student_progress_logs(student).await,
                Role::Tutor => {
                    let profile = tx
                        .find_tutor_profile_by_user(user.id)
                        .await?
                        .ok_or_else(|| Error::Forbidden("no tutor profile".into()))?;
                    tx.list_tutor_student_progress_logs(profile.id, student)
                        .await
                }
                _ => Err(Error::Forbidden(
                    "progress logs are for the student and their tutors".into(),
                )),
            }
        })
        .await
    }
}
