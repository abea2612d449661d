//! Chat rules: who takes part in a conversation, what a message may carry, blocking, and the
//! tutor's response rate. Pure.
//!
//! - A conversation belongs to one student and one tutor; only those two read or write it.
//! - A `text` message has `content` (1–[`MAX_CONTENT`] characters) and no file; an `image` or
//!   `file` message has an `https://` `file_url` and may carry a caption in `content`.
//! - Either side may block; then nobody can send until the one who blocked unblocks.
//!   Blocking again by the same side is a no-op; the other side cannot stack a second block.
//! - Response rate: an *inquiry* is a conversation whose first message came from the student.
//!   It is answered in time when the tutor's first message in it comes at most
//!   [`RESPONSE_WINDOW`] after that first message. An inquiry counts once it is decided —
//!   answered, or unanswered for longer than the window. The rate is the exact share of
//!   decided inquiries answered in time, as a whole percent rounded once, half away from zero
//!   (`tutor_profiles.response_rate` is an integer 0–100). It is recomputed when the tutor
//!   first answers an inquiry, and by `Marketplace::run_due` once an inquiry has waited
//!   longer than the window.

use crate::error::{Error, Result};
use crate::types::{Conversation, MessageType, UserId};
use crate::validation::{https_url, text};
use chrono::{DateTime, Duration, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Longest message text (or caption), in characters.
pub const MAX_CONTENT: usize = 4000;
/// How soon a tutor must answer a student's first message to count as responsive.
pub const RESPONSE_WINDOW: Duration = Duration::hours(24);

/// Which side of a conversation a user is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The conversation's student.
    Student,
    /// The conversation's tutor.
    Tutor,
}

/// The side `user` is on; `tutor_user` is the account of the conversation's tutor.
///
/// # Errors
/// `forbidden` for anyone but the two participants.
pub fn side(conversation: &Conversation, tutor_user: UserId, user: UserId) -> Result<Side> {
    if user == conversation.student_id {
        Ok(Side::Student)
    } else if user == tutor_user {
        Ok(Side::Tutor)
    } else {
        Err(Error::Forbidden("this conversation is not yours".into()))
    }
}

/// A message's payload, checked: `(content, file_url)`.
///
/// # Errors
/// `validation` on `content` (missing for text, too long) or `file_url` (missing for an image
/// or file, present on text, not an https URL).
pub fn check_message(
    kind: MessageType,
    content: Option<String>,
    file_url: Option<String>,
) -> Result<(Option<String>, Option<String>)> {
    let content = text("content", content, MAX_CONTENT)?;
    let file_url = https_url("file_url", file_url)?;
    match kind {
        MessageType::Text => {
            if file_url.is_some() {
                return Err(Error::validation(
                    "file_url",
                    "a text message has no file; send an image or file message",
                ));
            }
            if content.is_none() {
                return Err(Error::validation("content", "is required"));
            }
        }
        MessageType::Image | MessageType::File => {
            if file_url.is_none() {
                return Err(Error::validation(
                    "file_url",
                    format!("is required for an {kind} message"),
                ));
            }
        }
    }
    Ok((content, file_url))
}

/// Checks a message can be sent into the conversation now.
///
/// # Errors
/// `forbidden` while it is blocked.
pub fn may_send(conversation: &Conversation) -> Result<()> {
    if conversation.is_blocked {
        Err(Error::Forbidden("the conversation is blocked".into()))
    } else {
        Ok(())
    }
}

/// The conversation after `by` blocks it; `None` when it already is, by them.
///
/// # Errors
/// `conflict` when the other side already blocked it.
pub fn block(conversation: &Conversation, by: UserId) -> Result<Option<Conversation>> {
    match conversation.blocked_by_user_id {
        _ if !conversation.is_blocked => Ok(Some(Conversation {
            is_blocked: true,
            blocked_by_user_id: Some(by),
            ..conversation.clone()
        })),
        Some(b) if b == by => Ok(None),
        _ => Err(Error::Conflict(
            "the other side already blocked this conversation".into(),
        )),
    }
}

/// The conversation after `by` unblocks it; `None` when it is not blocked.
///
/// # Errors
/// `forbidden` when someone else blocked it.
pub fn unblock(conversation: &Conversation, by: UserId) -> Result<Option<Conversation>> {
    if !conversation.is_blocked {
        return Ok(None);
    }
    if conversation.blocked_by_user_id != Some(by) {
        return Err(Error::Forbidden(
            "only the side that blocked the conversation can unblock it".into(),
        ));
    }
    Ok(Some(Conversation {
        is_blocked: false,
        blocked_by_user_id: None,
        ..conversation.clone()
    }))
}

/// A student's first message in a conversation and the tutor's first answer, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inquiry {
    /// When the student's first message was sent.
    pub asked_at: DateTime<Utc>,
    /// When the tutor first wrote in the conversation after it.
    pub answered_at: Option<DateTime<Utc>>,
}

/// The tutor's response rate in whole percent (see the module rules); 0 when no inquiry is
/// decided yet.
pub fn response_rate(inquiries: &[Inquiry], now: DateTime<Utc>) -> i32 {
    let mut decided = 0i64;
    let mut in_time = 0i64;
    for q in inquiries {
        match q.answered_at {
            Some(a) => {
                decided += 1;
                if a - q.asked_at <= RESPONSE_WINDOW {
                    in_time += 1;
                }
            }
            None if now - q.asked_at > RESPONSE_WINDOW => decided += 1,
            None => {}
        }
    }
    if decided == 0 {
        return 0;
    }
    let pct = (Decimal::from(in_time * 100) / Decimal::from(decided))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    // A share of a count is a whole number 0–100 by construction, so this cannot fail.
    pct.to_i32().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::*;
    use proptest::prelude::*;

    fn conv() -> Conversation {
        let t = Utc::now();
        Conversation {
            id: ConversationId::new(),
            student_id: UserId::new(),
            tutor_profile_id: TutorProfileId::new(),
            last_message_at: None,
            is_blocked: false,
            blocked_by_user_id: None,
            created_at: t,
            updated_at: t,
        }
    }

    #[test]
    fn only_the_two_participants() {
        let c = conv();
        let tutor = UserId::new();
        assert_eq!(side(&c, tutor, c.student_id).unwrap(), Side::Student);
        assert_eq!(side(&c, tutor, tutor).unwrap(), Side::Tutor);
        assert_eq!(
            side(&c, tutor, UserId::new()).unwrap_err().code(),
            "forbidden"
        );
    }

    #[test]
    fn payload_matches_the_type() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            check_message(MessageType::Text, s(" halo "), None).unwrap(),
            (s("halo"), None)
        );
        assert_eq!(
            check_message(MessageType::Image, None, s("https://cdn.example/a.png")).unwrap(),
            (None, s("https://cdn.example/a.png"))
        );
        assert_eq!(
            check_message(MessageType::File, s("soal"), s("https://cdn.example/a.pdf")).unwrap(),
            (s("soal"), s("https://cdn.example/a.pdf"))
        );
        let field = |k, c, f| {
            check_message(k, c, f)
                .unwrap_err()
                .field()
                .map(str::to_string)
        };
        assert_eq!(field(MessageType::Text, None, None), s("content"));
        assert_eq!(field(MessageType::Text, s("   "), None), s("content"));
        assert_eq!(
            field(MessageType::Text, Some("x".repeat(MAX_CONTENT + 1)), None),
            s("content")
        );
        assert_eq!(
            field(MessageType::Text, s("hi"), s("https://cdn.example/a.png")),
            s("file_url")
        );
        assert_eq!(field(MessageType::Image, s("hi"), None), s("file_url"));
        assert_eq!(
            field(MessageType::File, None, s("http://cdn.example/a.pdf")),
            s("file_url")
        );
        assert!(check_message(MessageType::Text, Some("x".repeat(MAX_CONTENT)), None).is_ok());
    }

    #[test]
    fn blocking_and_unblocking() {
        let c = conv();
        let (a, b) = (UserId::new(), UserId::new());
        assert!(may_send(&c).is_ok());
        let blocked = block(&c, a).unwrap().unwrap();
        assert!(blocked.is_blocked && blocked.blocked_by_user_id == Some(a));
        assert_eq!(may_send(&blocked).unwrap_err().code(), "forbidden");
        assert_eq!(block(&blocked, a).unwrap(), None);
        assert_eq!(block(&blocked, b).unwrap_err().code(), "conflict");
        assert_eq!(unblock(&blocked, b).unwrap_err().code(), "forbidden");
        let open = unblock(&blocked, a).unwrap().unwrap();
        assert!(!open.is_blocked && open.blocked_by_user_id.is_none());
        assert_eq!(unblock(&open, b).unwrap(), None);
    }

    #[test]
    fn response_rate_counts_decided_inquiries() {
        let t0: DateTime<Utc> = "2026-11-25T01:00:00Z".parse().unwrap();
        let h = Duration::hours;
        let q = |asked: i64, answered: Option<i64>| Inquiry {
            asked_at: t0 + h(asked),
            answered_at: answered.map(|a| t0 + h(a)),
        };
        let now = t0 + h(100);
        assert_eq!(response_rate(&[], now), 0);
        assert_eq!(response_rate(&[q(0, Some(24))], now), 100);
        assert_eq!(response_rate(&[q(0, Some(25))], now), 0);
        // Pending (unanswered, inside the window) does not count yet; expired counts as missed.
        assert_eq!(response_rate(&[q(0, Some(1)), q(99, None)], now), 100);
        assert_eq!(response_rate(&[q(0, Some(1)), q(50, None)], now), 50);
        // 2 of 3 = 66.67% → 67; 1 of 8 = 12.5% → 13 (half away from zero).
        assert_eq!(
            response_rate(&[q(0, Some(1)), q(1, Some(2)), q(2, Some(40))], now),
            67
        );
        let mut eight = vec![q(0, Some(1))];
        eight.extend((0..7).map(|i| q(i, None)));
        assert_eq!(response_rate(&eight, now), 13);
    }

    proptest! {
        #[test]
        fn the_rate_is_a_rounded_share(answers in prop::collection::vec(prop::option::of(0i64..48), 0..60)) {
            let t0: DateTime<Utc> = "2026-11-25T01:00:00Z".parse().unwrap();
            let qs: Vec<Inquiry> = answers.iter().map(|a| Inquiry {
                asked_at: t0,
                answered_at: a.map(|h| t0 + Duration::hours(h)),
            }).collect();
            let rate = response_rate(&qs, t0 + Duration::hours(100));
            prop_assert!((0..=100).contains(&rate));
            let n = qs.len() as i64;
            let ok = answers.iter().filter(|a| a.is_some_and(|h| h <= 24)).count() as i64;
            let expected = if n == 0 { 0 } else { (200 * ok + n) / (2 * n) };
            prop_assert_eq!(i64::from(rate), expected);
        }
    }
}
