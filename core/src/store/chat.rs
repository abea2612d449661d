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
    /// A page of a conversation's history, newest first: at most `limit` messages created
    /// before `before` (all when `None`).
    async fn list_messages(
        &mut self,
        conversation: ConversationId,
        before: Option<DateTime<Utc>>,
        limit: i64,
    ) -> Result<Vec<Message>>;
    /// Marks as read, at `now`, every unread message of the conversation not sent by `reader`
    /// and created at or before `up_to`; returns how many.
    async fn mark_messages_read(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
        up_to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64>;
    /// How many messages of the conversation `reader` has not read.
    async fn count_unread_messages(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
    ) -> Result<i64>;
}

#[async_trait]
impl ChatRepo for Tx {
    async fn insert_conversation(&mut self, conversation: &Conversation) -> Result<()> {
        sql::insert(self, conversation).await
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
        before: Option<DateTime<Utc>>,
        limit: i64,
    ) -> Result<Vec<Message>> {
        Ok(on_tx!(self, c => sqlx::query_as(
            "SELECT * FROM messages WHERE conversation_id = $1 \
             AND ($2 IS NULL OR created_at < $2) ORDER BY created_at DESC, id DESC LIMIT $3",
        )
        .bind(conversation)
        .bind(before)
        .bind(limit)
        .fetch_all(&mut *c)
        .await?))
    }
    async fn mark_messages_read(
        &mut self,
        conversation: ConversationId,
        reader: UserId,
        up_to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        Ok(on_tx!(self, c => sqlx::query(
            "UPDATE messages SET read_at = $4 WHERE conversation_id = $1 \
             AND sender_user_id <> $2 AND read_at IS NULL AND created_at <= $3",
        )
        .bind(conversation)
        .bind(reader)
        .bind(up_to)
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
}
