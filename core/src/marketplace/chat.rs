//! Chat between a student and a tutor: one conversation per pair, messages, read marks,
//! blocking, and the tutor's maintained response rate. The rules are in [`crate::chat`].

use super::reviews::{check_limit, lock_profile};
use super::trace::{record, traced, use_case};
use super::{Actor, Marketplace, active_user, notify, own_tutor_profile};
use crate::chat::{self, Inquiry, Side};
use crate::error::{Error, Result};
use crate::store::{BookingRepo, ChatRepo, TutorRepo, Tx};
use crate::types::*;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use tracing::field::Empty;

/// Characters of a message shown in its notification.
const PREVIEW_CHARS: usize = 100;

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// Text, image or file.
    pub message_type: MessageType,
    /// The text (required for `text`; an optional caption otherwise).
    pub content: Option<String>,
    /// The `https://` link of an image or file (required for those, absent for `text`).
    pub file_url: Option<String>,
}

impl NewMessage {
    /// A text message.
    pub fn text(content: impl Into<String>) -> Self {
        NewMessage {
            message_type: MessageType::Text,
            content: Some(content.into()),
            file_url: None,
        }
    }
}

/// A conversation in a user's inbox.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ConversationSummary {
    /// The conversation.
    pub conversation: Conversation,
    /// Messages from the other side the user has not read.
    pub unread: i64,
}

/// A user's conversations, the latest message first (silent ones last), with unread counts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Inbox {
    /// The conversations.
    pub conversations: Vec<ConversationSummary>,
    /// Unread messages over all of them.
    pub unread_total: i64,
}

impl Marketplace {
    /// Gets the conversation of a student–tutor pair, creating it on first use. Idempotent,
    /// also under concurrent calls: a pair has exactly one conversation.
    ///
    /// The student may open a conversation with any active tutor; the tutor only with a
    /// student who has booked them (no cold outreach). An existing conversation is returned
    /// to either participant whatever the tutor's status now.
    ///
    /// # Errors
    /// `forbidden` unless the actor is that student or that tutor (and, for a tutor starting
    /// one, the student booked them); `not_found` for an unknown tutor profile, or a tutor
    /// that is not active when the student starts the conversation.
    pub async fn open_conversation(
        &self,
        actor: &Actor,
        student: UserId,
        tutor: TutorProfileId,
    ) -> Result<Conversation> {
        let span = use_case!("open_conversation", actor, student.id = %student, tutor.id = %tutor);
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            let profile = tx
                .get_tutor_profile(tutor)
                .await?
                .ok_or_else(|| Error::not_found("tutor profile", tutor))?;
            let as_student = user.role == Role::Student && user.id == student;
            let as_tutor = user.role == Role::Tutor && user.id == profile.user_id;
            if !as_student && !as_tutor {
                return Err(Error::Forbidden("this conversation is not yours".into()));
            }
            if let Some(c) = tx.find_conversation(student, tutor).await? {
                return Ok(c);
            }
            if as_student && profile.status != TutorStatus::Active {
                return Err(Error::not_found("tutor profile", tutor));
            }
            if as_tutor
                && !tx
                    .list_student_bookings(student)
                    .await?
                    .iter()
                    .any(|b| b.tutor_profile_id == tutor)
            {
                return Err(Error::Forbidden(
                    "a tutor writes first only to students who booked them".into(),
                ));
            }
            let fresh = Conversation {
                id: ConversationId::new(),
                student_id: student,
                tutor_profile_id: tutor,
                last_message_at: None,
                is_blocked: false,
                blocked_by_user_id: None,
                created_at: now,
                updated_at: now,
            };
            // A concurrent call may have created it since the lookup: then theirs is the one.
            tx.insert_conversation_if_absent(&fresh).await?;
            let c = tx
                .find_conversation(student, tutor)
                .await?
                .ok_or_else(|| Error::Internal("the conversation vanished".into()))?;
            tx.commit().await?;
            Ok(c)
        })
        .await
    }

    /// Sends a message; the other side gets a `new_message` notification. The tutor's first
    /// answer in a conversation the student opened recomputes their response rate (see
    /// [`crate::chat`]). All in one transaction.
    ///
    /// # Errors
    /// `validation` on `content` or `file_url` (see [`crate::chat::check_message`]);
    /// `not_found` for an unknown conversation; `forbidden` unless a participant, or while
    /// the conversation is blocked.
    pub async fn send_message(
        &self,
        actor: &Actor,
        conversation: ConversationId,
        new: NewMessage,
    ) -> Result<Message> {
        let span =
            use_case!("send_message", actor, conversation.id = %conversation, message.id = Empty);
        traced(span, async move {
            let now = self.now();
            let (content, file_url) =
                chat::check_message(new.message_type, new.content, new.file_url)?;
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            let mut conv = tx
                .lock_conversation(conversation)
                .await?
                .ok_or_else(|| Error::not_found("conversation", conversation))?;
            let tutor_user = tutor_user_of(&mut tx, &conv).await?;
            let side = chat::side(&conv, tutor_user, user.id)?;
            chat::may_send(&conv)?;
            // Someone wrote before and it was not the tutor: this is the tutor's first answer to
            // the student's inquiry.
            let first_answer = side == Side::Tutor
                && conv.last_message_at.is_some()
                && !tx.has_sent_message(conv.id, user.id).await?;
            // The student opens the conversation: an inquiry that now waits for an answer (it
            // weighs on the response rate once the window passes; see `run_due`).
            if side == Side::Student && conv.last_message_at.is_none() {
                tx.open_inquiry(conv.id, conv.tutor_profile_id, now).await?;
            }
            let message = Message {
                id: MessageId::new(),
                conversation_id: conv.id,
                sender_user_id: user.id,
                message_type: new.message_type,
                content,
                file_url,
                read_at: None,
                created_at: now,
            };
            record("message.id", message.id);
            tx.insert_message(&message).await?;
            conv.last_message_at = Some(now);
            conv.updated_at = now;
            tx.update_conversation(&conv).await?;
            let recipient = match side {
                Side::Student => tutor_user,
                Side::Tutor => conv.student_id,
            };
            notify(
                &mut tx,
                recipient,
                NotificationType::NewMessage,
                "New message",
                format!("{}: {}", user.full_name, preview(&message)),
                Some(format!("/conversations/{}", conv.id)),
                now,
            )
            .await?;
            if first_answer {
                tx.close_inquiry(conv.id).await?;
                refresh_response_rate(&mut tx, conv.tutor_profile_id, now).await?;
            }
            tx.commit().await?;
            Ok(message)
        })
        .await
    }

    /// A page of a conversation's history, newest first: at most `limit` (1–100) messages
    /// after the cursor `before` (the last message of the previous page; `None` for the
    /// newest). Messages sharing an instant are neither skipped nor repeated.
    ///
    /// # Errors
    /// `validation` on `limit`; `not_found` for an unknown conversation; `forbidden` unless
    /// a participant.
    pub async fn message_history(
        &self,
        actor: &Actor,
        conversation: ConversationId,
        before: Option<Cursor<MessageId>>,
        limit: i64,
    ) -> Result<Vec<Message>> {
        let span = use_case!("message_history", actor, conversation.id = %conversation);
        traced(span, async move {
            check_limit(limit)?;
            let mut tx = self.store.begin().await?;
            let (conv, _) = participant(&mut tx, actor, conversation).await?;
            tx.list_messages(conv.id, before, limit).await
        })
        .await
    }

    /// Marks as read every message from the other side up to and including `up_to` (in
    /// history order); returns how many were newly marked.
    ///
    /// # Errors
    /// `not_found` for an unknown conversation, or a message not in it; `forbidden` unless a
    /// participant.
    pub async fn mark_conversation_read(
        &self,
        actor: &Actor,
        conversation: ConversationId,
        up_to: MessageId,
    ) -> Result<u64> {
        let span = use_case!(
            "mark_conversation_read",
            actor,
            conversation.id = %conversation,
            message.id = %up_to
        );
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let (conv, user) = participant(&mut tx, actor, conversation).await?;
            let m = tx
                .get_message(up_to)
                .await?
                .filter(|m| m.conversation_id == conv.id)
                .ok_or_else(|| Error::not_found("message", up_to))?;
            let n = tx
                .mark_messages_read(conv.id, user, Cursor::from(&m), now)
                .await?;
            tx.commit().await?;
            Ok(n)
        })
        .await
    }

    /// The actor's conversations (a student's, or a tutor's), the latest message first, with
    /// unread counts per conversation and in total.
    ///
    /// # Errors
    /// `forbidden` unless an active student, or a tutor with a profile.
    pub async fn my_conversations(&self, actor: &Actor) -> Result<Inbox> {
        let span = use_case!("my_conversations", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            let (conversations, tutor) = match user.role {
                Role::Student => (tx.list_student_conversations(user.id).await?, None),
                Role::Tutor => {
                    let p = own_tutor_profile(&mut tx, actor).await?;
                    (tx.list_tutor_conversations(p.id).await?, Some(p.id))
                }
                Role::Admin => return Err(Error::Forbidden("admins have no conversations".into())),
            };
            let unread: HashMap<ConversationId, i64> = tx
                .count_unread_by_conversation(user.id, tutor)
                .await?
                .into_iter()
                .collect();
            let conversations: Vec<ConversationSummary> = conversations
                .into_iter()
                .map(|c| ConversationSummary {
                    unread: unread.get(&c.id).copied().unwrap_or(0),
                    conversation: c,
                })
                .collect();
            Ok(Inbox {
                unread_total: conversations.iter().map(|c| c.unread).sum(),
                conversations,
            })
        })
        .await
    }

    /// Either participant blocks the conversation: nobody can send until they unblock it.
    /// Blocking again is a no-op.
    ///
    /// # Errors
    /// `not_found`; `forbidden` unless a participant; `conflict` when the other side already
    /// blocked it.
    pub async fn block_conversation(
        &self,
        actor: &Actor,
        conversation: ConversationId,
    ) -> Result<Conversation> {
        let span = use_case!("block_conversation", actor, conversation.id = %conversation);
        traced(span, async move {
            self.set_blocked(actor, conversation, chat::block).await
        })
        .await
    }

    /// The participant who blocked the conversation lifts the block. A conversation that is
    /// not blocked stays as it is.
    ///
    /// # Errors
    /// `not_found`; `forbidden` unless a participant, or when the other side blocked it.
    pub async fn unblock_conversation(
        &self,
        actor: &Actor,
        conversation: ConversationId,
    ) -> Result<Conversation> {
        let span = use_case!("unblock_conversation", actor, conversation.id = %conversation);
        traced(span, async move {
            self.set_blocked(actor, conversation, chat::unblock).await
        })
        .await
    }

    async fn set_blocked(
        &self,
        actor: &Actor,
        conversation: ConversationId,
        rule: fn(&Conversation, UserId) -> Result<Option<Conversation>>,
    ) -> Result<Conversation> {
        let now = self.now();
        let mut tx = self.store.begin().await?;
        let (conv, user) = participant(&mut tx, actor, conversation).await?;
        let Some(mut changed) = rule(&conv, user)? else {
            return Ok(conv);
        };
        changed.updated_at = now;
        tx.update_conversation(&changed).await?;
        tx.commit().await?;
        Ok(changed)
    }
}

/// Loads (and locks) a conversation and checks the actor takes part in it.
async fn participant(
    tx: &mut Tx,
    actor: &Actor,
    conversation: ConversationId,
) -> Result<(Conversation, UserId)> {
    let user = active_user(tx, actor).await?;
    let conv = tx
        .lock_conversation(conversation)
        .await?
        .ok_or_else(|| Error::not_found("conversation", conversation))?;
    let tutor_user = tutor_user_of(tx, &conv).await?;
    chat::side(&conv, tutor_user, user.id)?;
    Ok((conv, user.id))
}

async fn tutor_user_of(tx: &mut Tx, conv: &Conversation) -> Result<UserId> {
    Ok(tx
        .get_tutor_profile(conv.tutor_profile_id)
        .await?
        .ok_or_else(|| Error::not_found("tutor profile", conv.tutor_profile_id))?
        .user_id)
}

/// What the notification shows of a message.
fn preview(m: &Message) -> String {
    match m.message_type {
        MessageType::Text => {
            let text = m.content.as_deref().unwrap_or_default();
            if text.chars().count() > PREVIEW_CHARS {
                format!("{}…", text.chars().take(PREVIEW_CHARS).collect::<String>())
            } else {
                text.to_string()
            }
        }
        MessageType::Image => "sent an image".into(),
        MessageType::File => "sent a file".into(),
    }
}

/// Recomputes the tutor's response rate from every inquiry they received (under the
/// profile's lock, so concurrent first answers in different conversations all count).
pub(super) async fn refresh_response_rate(
    tx: &mut Tx,
    tutor: TutorProfileId,
    now: DateTime<Utc>,
) -> Result<()> {
    lock_profile(tx, tutor).await?;
    let inquiries: Vec<Inquiry> = tx
        .list_tutor_inquiries(tutor)
        .await?
        .into_iter()
        .map(|(asked_at, answered_at)| Inquiry {
            asked_at,
            answered_at,
        })
        .collect();
    tx.set_tutor_response_rate(tutor, chat::response_rate(&inquiries, now), now)
        .await
}
