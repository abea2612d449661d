//! Reports and moderation: any user reports a user, tutor profile, review, message or
//! booking; admins work the queue (open → investigating → resolved | rejected) and act —
//! suspend users ([`Marketplace::set_user_status`]), ban tutors ([`Marketplace::ban_tutor`]),
//! moderate reviews.

use super::bookings::load_booking;
use super::trace::{record, traced, use_case};
use super::{Actor, Marketplace, active_user, admin, party_of, text};
use crate::booking::{BookingEvent, Party};
use crate::error::{Error, Result};
use crate::store::{BookingRepo, ChatRepo, ReportRepo, ReviewRepo, TutorRepo, Tx, UserRepo};
use crate::types::*;
use chrono::{DateTime, Duration, Utc};
use tracing::field::Empty;

/// What a user reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReport {
    /// The kind of record reported.
    pub target_type: ReportTargetType,
    /// Its id.
    pub target_id: TargetId,
    /// Why.
    pub reason: ReportReason,
    /// Details, up to 2000 characters.
    pub description: Option<String>,
}

/// The moves of the moderation queue.
fn report_move_allowed(from: ReportStatus, to: ReportStatus) -> bool {
    use ReportStatus as R;
    matches!(
        (from, to),
        (R::Open, R::Investigating) | (R::Open | R::Investigating, R::Resolved | R::Rejected)
    )
}

impl Marketplace {
    /// Reports something. A message can be reported by the two people of its conversation, a
    /// booking by its student and tutor; users, tutor profiles and reviews by anyone.
    ///
    /// # Errors
    /// `forbidden` when the actor may not act, reports themselves, or is not party to the
    /// reported message or booking; `not_found` when the target does not exist;
    /// `validation` on `description`; `conflict` when the actor already has an unhandled
    /// report on this target.
    pub async fn report(&self, actor: &Actor, new: NewReport) -> Result<Report> {
        let span = use_case!("report", actor, report.id = Empty);
        traced(span, async move {
            let description = text("description", new.description, 2000)?;
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let reporter = active_user(&mut tx, actor).await?;
            self.check_target(&mut tx, actor, &reporter, new.target_type, new.target_id)
                .await?;
            if tx
                .find_unhandled_report(reporter.id, new.target_type, new.target_id)
                .await?
                .is_some()
            {
                return Err(Error::Conflict(
                    "you already reported this; it is being handled".into(),
                ));
            }
            let report = Report {
                id: ReportId::new(),
                reporter_user_id: reporter.id,
                target_type: Some(new.target_type),
                target_id: new.target_id,
                reason: Some(new.reason),
                description,
                status: ReportStatus::Open,
                handled_by: None,
                handled_at: None,
                created_at: now,
                updated_at: now,
            };
            record("report.id", report.id);
            tx.insert_report(&report).await?;
            tx.commit().await?;
            Ok(report)
        })
        .await
    }

    /// The moderation queue: reports in `status`, oldest first.
    ///
    /// # Errors
    /// `forbidden` unless an active admin.
    pub async fn list_reports(&self, actor: &Actor, status: ReportStatus) -> Result<Vec<Report>> {
        let span = use_case!("list_reports", actor, report.status = %status);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            admin(&mut tx, actor).await?;
            tx.list_reports_by_status(status).await
        })
        .await
    }

    /// An admin moves a report: open → investigating, or open/investigating → resolved or
    /// rejected (recording who and when).
    ///
    /// # Errors
    /// `forbidden` unless an active admin; `not_found`; `invalid_transition` for any other
    /// move (handled reports are final).
    pub async fn handle_report(
        &self,
        actor: &Actor,
        report: ReportId,
        status: ReportStatus,
    ) -> Result<Report> {
        let span = use_case!("handle_report", actor, report.id = %report, report.status = %status);
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let admin = admin(&mut tx, actor).await?;
            let mut r = tx
                .get_report(report)
                .await?
                .ok_or_else(|| Error::not_found("report", report))?;
            if !report_move_allowed(r.status, status) {
                return Err(Error::InvalidTransition {
                    from: r.status.to_string(),
                    event: format!("move to {status}"),
                });
            }
            r.status = status;
            r.handled_by = Some(admin.id);
            r.handled_at = Some(now);
            r.updated_at = now;
            tx.update_report(&r).await?;
            tx.commit().await?;
            Ok(r)
        })
        .await
    }

    /// An admin bans a tutor: the profile disappears from search and takes no bookings; its
    /// upcoming lessons (drafts, unpaid, confirmed, reschedule requested) are cancelled by the
    /// admin, which refunds paid ones in full.
    ///
    /// # Errors
    /// `forbidden` unless an active admin; `not_found` for an unknown profile;
    /// `validation` on `reason` (required, up to 1000 characters).
    pub async fn ban_tutor(
        &self,
        actor: &Actor,
        tutor: TutorProfileId,
        reason: String,
    ) -> Result<TutorProfile> {
        let span = use_case!("ban_tutor", actor, tutor.id = %tutor);
        traced(span, async move {
            let reason = text("reason", Some(reason), 1000)?
                .ok_or_else(|| Error::validation("reason", "is required"))?;
            let now = self.now();
            let mut tx = self.store.begin().await?;
            admin(&mut tx, actor).await?;
            let mut profile = tx
                .lock_tutor_profile(tutor)
                .await?
                .ok_or_else(|| Error::not_found("tutor profile", tutor))?;
            self.cancel_upcoming_lessons(&mut tx, &profile, &reason, now)
                .await?;
            profile.status = TutorStatus::Banned;
            profile.updated_at = now;
            tx.update_tutor_profile(&profile).await?;
            tx.commit().await?;
            Ok(profile)
        })
        .await
    }

    /// Cancels, as an admin would, every lesson of `profile` that has not started (and every
    /// draft): paid ones are refunded in full, unpaid payments voided, held slots freed.
    pub(crate) async fn cancel_upcoming_lessons(
        &self,
        tx: &mut Tx,
        profile: &TutorProfile,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let horizon = now + self.policy.booking_horizon + Duration::days(366);
        for mut b in tx.list_tutor_bookings(profile.id, now, horizon).await? {
            if b.start_at <= now {
                continue;
            }
            let Ok(row) = self.decide(&b, BookingEvent::Cancel, Party::Admin, now) else {
                continue;
            };
            self.transition(
                tx,
                &mut b,
                &row,
                Party::Admin,
                None,
                Some(reason.to_string()),
                None,
                now,
            )
            .await?;
        }
        Ok(())
    }

    async fn check_target(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        reporter: &User,
        kind: ReportTargetType,
        id: TargetId,
    ) -> Result<()> {
        let uuid = id.as_uuid();
        let missing = || Error::not_found("report target", id);
        match kind {
            ReportTargetType::User => {
                let u = tx
                    .get_user(UserId::from_uuid(uuid))
                    .await?
                    .filter(|u| !super::SYSTEM_USERS.contains(&u.id))
                    .ok_or_else(missing)?;
                if u.id == reporter.id {
                    return Err(Error::Forbidden("you cannot report yourself".into()));
                }
            }
            ReportTargetType::TutorProfile => {
                let p = tx
                    .get_tutor_profile(TutorProfileId::from_uuid(uuid))
                    .await?
                    .ok_or_else(missing)?;
                if p.user_id == reporter.id {
                    return Err(Error::Forbidden("you cannot report yourself".into()));
                }
            }
            ReportTargetType::Review => {
                tx.get_review(ReviewId::from_uuid(uuid))
                    .await?
                    .ok_or_else(missing)?;
            }
            ReportTargetType::Message => {
                let m = tx
                    .get_message(MessageId::from_uuid(uuid))
                    .await?
                    .ok_or_else(missing)?;
                let c = tx
                    .get_conversation(m.conversation_id)
                    .await?
                    .ok_or_else(missing)?;
                let tutor_user = tx
                    .get_tutor_profile(c.tutor_profile_id)
                    .await?
                    .map(|p| p.user_id);
                if c.student_id != reporter.id && tutor_user != Some(reporter.id) {
                    return Err(Error::Forbidden(
                        "only the people of a conversation report its messages".into(),
                    ));
                }
            }
            ReportTargetType::Booking => {
                let b = load_booking(tx, BookingId::from_uuid(uuid))
                    .await
                    .map_err(|_| missing())?;
                if party_of(tx, actor, &b).await? == Party::Admin {
                    return Err(Error::Forbidden("admins act on bookings directly".into()));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_moves_forward_only() {
        use ReportStatus as R;
        let all = [R::Open, R::Investigating, R::Resolved, R::Rejected];
        for from in all {
            for to in all {
                let allowed = report_move_allowed(from, to);
                let expected = matches!(
                    (from, to),
                    (R::Open, R::Investigating)
                        | (R::Open, R::Resolved)
                        | (R::Open, R::Rejected)
                        | (R::Investigating, R::Resolved)
                        | (R::Investigating, R::Rejected)
                );
                assert_eq!(allowed, expected, "{from} -> {to}");
            }
        }
    }
}
