//! Progress-log rules: which lessons a tutor may write notes on, what a note holds, and who
//! reads them. Pure.
//!
//! - The booking's tutor writes (and later edits) notes on a lesson that took place: a
//!   `completed` booking, or a `confirmed` one whose start has passed. A lesson may have
//!   several notes (the ERD allows many per booking).
//! - A note needs a `summary`; `homework` and `next_plan` are optional; all at most
//!   [`MAX_NOTE`] characters; an attachment is an `https://` link.
//! - The student reads every note about them, from every tutor; a tutor reads the notes they
//!   wrote. Nobody else (admins neither: lesson notes are between the two).

use crate::error::{Error, Result};
use crate::types::{Booking, BookingStatus};
use crate::validation::{https_url, text};
use chrono::{DateTime, Utc};

/// Longest summary, homework or plan, in characters.
pub const MAX_NOTE: usize = 4000;

/// What a tutor writes about a lesson, as given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgressNote {
    /// What the lesson covered (required).
    pub summary: Option<String>,
    /// Work for the student until next time.
    pub homework: Option<String>,
    /// What the next lesson will cover.
    pub next_plan: Option<String>,
    /// A worksheet or recording, as an `https://` link.
    pub attachment_url: Option<String>,
}

/// Checks a note and returns it trimmed (empty fields become `None`).
///
/// # Errors
/// `validation` on `summary` (missing, too long), `homework`, `next_plan` (too long) or
/// `attachment_url` (not an https URL).
pub fn check_note(note: ProgressNote) -> Result<ProgressNote> {
    let summary = text("summary", note.summary, MAX_NOTE)?
        .ok_or_else(|| Error::validation("summary", "is required"))?;
    Ok(ProgressNote {
        summary: Some(summary),
        homework: text("homework", note.homework, MAX_NOTE)?,
        next_plan: text("next_plan", note.next_plan, MAX_NOTE)?,
        attachment_url: https_url("attachment_url", note.attachment_url)?,
    })
}

/// Checks the lesson has taken place, so notes on it make sense.
///
/// # Errors
/// `invalid_transition` unless completed, or confirmed and started.
pub fn may_log(booking: &Booking, now: DateTime<Utc>) -> Result<()> {
    let took_place = match booking.status {
        BookingStatus::Completed => true,
        BookingStatus::Confirmed => booking.start_at <= now,
        _ => false,
    };
    if took_place {
        Ok(())
    } else {
        Err(Error::InvalidTransition {
            from: booking.status.to_string(),
            event: "write progress log".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::*;
    use chrono::Duration;
    use rust_decimal::Decimal;

    fn booking(status: BookingStatus, start_at: DateTime<Utc>) -> Booking {
        Booking {
            id: BookingId::new(),
            student_id: UserId::new(),
            tutor_profile_id: TutorProfileId::new(),
            tutor_subject_id: None,
            mode: Some(LessonMode::Online),
            start_at,
            end_at: start_at + Duration::hours(1),
            duration_minutes: 60,
            location_type: None,
            location_address: None,
            lat: None,
            lng: None,
            meeting_link: None,
            status,
            cancelled_by: None,
            cancel_reason: None,
            price: Decimal::ONE,
            platform_fee: Decimal::ZERO,
            total_amount: Decimal::ONE,
            currency: Currency::IDR,
            notes: None,
            created_at: start_at,
            updated_at: start_at,
            deleted_at: None,
        }
    }

    #[test]
    fn only_lessons_that_took_place() {
        let t: DateTime<Utc> = "2026-11-30T09:00:00Z".parse().unwrap();
        assert!(may_log(&booking(BookingStatus::Completed, t), t - Duration::days(1)).is_ok());
        assert!(may_log(&booking(BookingStatus::Confirmed, t), t).is_ok());
        let early = may_log(
            &booking(BookingStatus::Confirmed, t),
            t - Duration::seconds(1),
        );
        assert_eq!(early.unwrap_err().code(), "invalid_transition");
        for s in [
            BookingStatus::Draft,
            BookingStatus::PendingPayment,
            BookingStatus::RescheduleRequested,
            BookingStatus::Cancelled,
            BookingStatus::NoShow,
            BookingStatus::Disputed,
        ] {
            assert_eq!(
                may_log(&booking(s, t), t + Duration::days(1))
                    .unwrap_err()
                    .code(),
                "invalid_transition",
                "{s}"
            );
        }
    }

    #[test]
    fn a_note_needs_a_summary_and_fits() {
        let s = |v: &str| Some(v.to_string());
        let ok = check_note(ProgressNote {
            summary: s(" Persamaan kuadrat "),
            homework: s(""),
            next_plan: None,
            attachment_url: s("https://cdn.example/ws.pdf"),
        })
        .unwrap();
        assert_eq!(ok.summary, s("Persamaan kuadrat"));
        assert_eq!(ok.homework, None);
        let field = |n: ProgressNote| check_note(n).unwrap_err().field().map(str::to_string);
        assert_eq!(field(ProgressNote::default()), s("summary"));
        let base = ProgressNote {
            summary: s("x"),
            ..ProgressNote::default()
        };
        let long = Some("x".repeat(MAX_NOTE + 1));
        assert_eq!(
            field(ProgressNote {
                homework: long.clone(),
                ..base.clone()
            }),
            s("homework")
        );
        assert_eq!(
            field(ProgressNote {
                next_plan: long,
                ..base.clone()
            }),
            s("next_plan")
        );
        assert_eq!(
            field(ProgressNote {
                attachment_url: s("http://cdn.example/ws.pdf"),
                ..base
            }),
            s("attachment_url")
        );
    }
}
