//! Conversations and messages.

use super::sql::{self, list_by};
use super::{Tx, on_tx};
use crate::error::Result;
use crate::types::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Conversations & messages.
#[async_trait]
pub trait ChatRepo {
    /// Inserts a conversation. `conflict` when the pair already has one.
    async fn insert_conversation(&mut self, conversation: &Conversation) -> Result<()>;
    /// Inserts a conversation unless the pair already has one (then `false`, and the
    /// transaction stays usable): the race-free half of get-or-create.
    async fn insert_conversation_if_absent(&mut self, conversation: &Conversation) -> Result<bool>;
    /// The conversation with this id, locked until the transaction ends (PostgreSQL: a row
    /// lock; SQLite: already serialised by `BEGIN IMMEDIATE`), so block/unblock and sends
    /// cannot interleave.
    async fn lock_conversation(&mut self, id: ConversationId) -> Result<Option<Conversation>>;
    /// The conversation with this id.
    async fn get_conversation(&mut self, id: ConversationId) -> Result<Option<Conversation>>;
    /// The conversation of a student–tutor pair.
    async fn find_conversation(
        &mut self,
        student: UserId,
        tutor: TutorProfileId,
    ) -> Result<Option<Conversation>>;
    /// Rewrites a conversation.
    async fn update_conversation(&mut self, conversation: &Conversation) -> Result<()>;
    /// A student's conversations, most recent message first (silent ones last).
    async fn list_student_conversations(&mut self, student: UserId) -> Result<Vec<Conversation>>;
    /// A tutor's conversations, most recent message first (silent ones last).
    async fn list_tutor_conversations(
        &mut self,
        tutor: TutorProfileId,
    ) -> Result<Vec<Conversation>>;

    /// Inserts a message.
    async fn insert_message(&mut self, message: &Message) -> Result<()>;
    /// The message with this id.
    async fn get_message(&mut self, id: MessageId) -> Result<Option<Message>>;
    /// A page of a conversation's history, newest first by `(created_at, id)`: at most `limit`
    /// messages after the cursor `before` in that order (from the newest when `None`).
    async fn list_messages(
        &mut self,
        conversation: ConversationId,
        before: Option<Cursor<MessageId>>,
        limit: i64,
    ) -> Result<Vec<Message>>;
    /// Marks as read, at `now`, every unread message of the conversation not sent by `reader`
    /// and at or before `up_to` in `(created_at, id)` order; returns how many.
    async fn mark_messages_read(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
        up_to: Cursor<MessageId>,
        now: DateTime<Utc>,
    ) -> Result<u64>;
    /// How many messages of the conversation `reader` has not read.
    async fn count_unread_messages(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
    ) -> Result<i64>;
    /// Unread counts of every conversation of `student` (or of the tutor profile `tutor`)
    /// with messages `reader` has not read; conversations with none are left out.
    async fn count_unread_by_conversation(
        &mut self,
        reader: UserId,
        tutor: Option<TutorProfileId>,
    ) -> Result<Vec<(ConversationId, i64)>>;
    /// Whether `sender` has written in the conversation.
    async fn has_sent_message(
        &mut self,
        conversation: ConversationId,
        sender: UserId,
    ) -> Result<bool>;
    /// For each of the tutor's conversations opened by a message of its student: when that
    /// first message came, and when the tutor first wrote there (if ever).
    async fn list_tutor_inquiries(
        &mut self,
        tutor: TutorProfileId,
    ) -> Result<Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>>;
    /// Records that the student's first message in `conversation`, at `asked_at`, waits for
    /// the tutor's answer. `conflict` when it is already recorded.
    async fn open_inquiry(
        &mut self,
        conversation: ConversationId,
        tutor: TutorProfileId,
        asked_at: DateTime<Utc>,
    ) -> Result<()>;
    /// Forgets the conversation's unanswered inquiry; `false` when there was none.
    async fn close_inquiry(&mut self, conversation: ConversationId) -> Result<bool>;
    /// Removes up to `limit` unanswered inquiries asked before `asked_before`, oldest first,
    /// and returns their tutors (a tutor once per inquiry). Concurrent callers never take
    /// the same inquiry twice.
    async fn take_inquiries_asked_before(
        &mut self,
        asked_before: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<TutorProfileId>>;
}

#[async_trait]
impl ChatRepo for Tx {
    async fn insert_conversation(&mut self, conversation: &Conversation) -> Result<()> {
        sql::insert(self, conversation).await
    }
    async fn insert_conversation_if_absent(&mut self, conversation: &Conversation) -> Result<bool> {
        sql::insert_if_absent(self, conversation).await
    }
    async fn lock_conversation(&mut self, id: ConversationId) -> Result<Option<Conversation>> {
        Ok(on_tx!(self, c, d => sqlx::query_as(d.pick(
            "SELECT * FROM conversations WHERE id = $1 FOR UPDATE",
            "SELECT * FROM conversations WHERE id = $1",
        ))
        .bind(id)
        .fetch_optional(&mut *c)
        .await?))
    }
    async fn get_conversation(&mut self, id: ConversationId) -> Result<Option<Conversation>> {
        sql::get(self, id).await
    }
    async fn find_conversation(
        &mut self,
        student: UserId,
        tutor: TutorProfileId,
    ) -> Result<Option<Conversation>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM conversations WHERE student_id = $1 AND tutor_profile_id = $2",
        )
        .bind(student)
        .bind(tutor)
        .fetch_optional(&mut *c)
        .await?))
    }
    async fn update_conversation(&mut self, conversation: &Conversation) -> Result<()> {
        sql::update(self, conversation.id, conversation).await
    }
    async fn list_student_conversations(&mut self, student: UserId) -> Result<Vec<Conversation>> {
        list_by(
            self,
            "SELECT * FROM conversations WHERE student_id = $1 \
             ORDER BY last_message_at DESC NULLS LAST, id DESC",
            student,
        )
        .await
    }
    async fn list_tutor_conversations(
        &mut self,
        tutor: TutorProfileId,
    ) -> Result<Vec<Conversation>> {
        list_by(
            self,
            "SELECT * FROM conversations WHERE tutor_profile_id = $1 \
             ORDER BY last_message_at DESC NULLS LAST, id DESC",
            tutor,
        )
        .await
    }

    async fn insert_message(&mut self, message: &Message) -> Result<()> {
        sql::insert(self, message).await
    }
    async fn get_message(&mut self, id: MessageId) -> Result<Option<Message>> {
        sql::get(self, id).await
    }
    async fn list_messages(
        &mut self,
        conversation: ConversationId,
        before: Option<Cursor<MessageId>>,
        limit: i64,
    ) -> Result<Vec<Message>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM messages WHERE conversation_id = $1 \
             AND ($2 IS NULL OR created_at < $2 OR (created_at = $2 AND id < $3)) \
             ORDER BY created_at DESC, id DESC LIMIT $4",
        )
        .bind(conversation)
        .bind(before.map(|b| b.created_at))
        .bind(before.map(|b| b.id))
        .bind(limit)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn mark_messages_read(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
        up_to: Cursor<MessageId>,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        Ok(on_tx!(self, c => sqlx::query(
            "UPDATE messages SET read_at = $5 WHERE conversation_id = $1 \
             AND sender_user_id <> $2 AND read_at IS NULL \
             AND (created_at < $3 OR (created_at = $3 AND id <= $4))",
        )
        .bind(conversation)
        .bind(reader)
        .bind(up_to.created_at)
        .bind(up_to.id)
        .bind(now)
        .execute(&mut *c)
        .await?
        .rows_affected()))
    }
    async fn count_unread_messages(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
    ) -> Result<i64> {
        Ok(on_tx!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages WHERE conversation_id = $1 \
             AND sender_user_id <> $2 AND read_at IS NULL",
        )
        .bind(conversation)
        .bind(reader)
        .fetch_one(&mut *c)
        .await?))
    }
    async fn count_unread_by_conversation(
        &mut self,
        reader: UserId,
        tutor: Option<TutorProfileId>,
    ) -> Result<Vec<(ConversationId, i64)>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT m.conversation_id, COUNT(*) FROM messages m \
             JOIN conversations c ON c.id = m.conversation_id \
             WHERE (c.student_id = $1 OR c.tutor_profile_id = $2) \
             AND m.sender_user_id <> $1 AND m.read_at IS NULL \
             GROUP BY m.conversation_id ORDER BY m.conversation_id",
        )
        .bind(reader)
        .bind(tutor)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn has_sent_message(
        &mut self,
        conversation: ConversationId,
        sender: UserId,
    ) -> Result<bool> {
        Ok(on_tx!(self, c => sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_id = $1 \
             AND sender_user_id = $2)",
        )
        .bind(conversation)
        .bind(sender)
        .fetch_one(&mut *c)
        .await?))
    }
    async fn list_tutor_inquiries(
        &mut self,
        tutor: TutorProfileId,
    ) -> Result<Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT f.created_at, \
             (SELECT MIN(a.created_at) FROM messages a \
              WHERE a.conversation_id = c.id AND a.sender_user_id <> c.student_id) \
             FROM conversations c JOIN messages f ON f.conversation_id = c.id \
             WHERE c.tutor_profile_id = $1 AND f.sender_user_id = c.student_id \
             AND f.id = (SELECT m.id FROM messages m WHERE m.conversation_id = c.id \
                         ORDER BY m.created_at, m.id LIMIT 1) \
             ORDER BY f.created_at, c.id",
        )
        .bind(tutor)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn open_inquiry(
        &mut self,
        conversation: ConversationId,
        tutor: TutorProfileId,
        asked_at: DateTime<Utc>,
    ) -> Result<()> {
        on_tx!(self, c => {
            sqlx::query(
                "INSERT INTO unanswered_inquiries (conversation_id, tutor_profile_id, asked_at) \
                 VALUES ($1, $2, $3)",
            )
            .bind(conversation)
            .bind(tutor)
            .bind(asked_at)
            .execute(&mut *c)
            .await?;
        });
        Ok(())
    }
    async fn close_inquiry(&mut self, conversation: ConversationId) -> Result<bool> {
        let n = on_tx!(self, c => sqlx::query(
            "DELETE FROM unanswered_inquiries WHERE conversation_id = $1",
        )
        .bind(conversation)
        .execute(&mut *c)
        .await?
        .rows_affected());
        Ok(n > 0)
    }
    async fn take_inquiries_asked_before(
        &mut self,
        asked_before: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<TutorProfileId>> {
        Ok(on_tx!(self, c => sqlx::query_scalar(
            "DELETE FROM unanswered_inquiries WHERE conversation_id IN \
             (SELECT conversation_id FROM unanswered_inquiries WHERE asked_at < $1 \
              ORDER BY asked_at, conversation_id LIMIT $2) \
             RETURNING tutor_profile_id",
        )
        .bind(asked_before)
        .bind(limit)
        .fetch_all(&mut *c)
        .await?))
    }
}
