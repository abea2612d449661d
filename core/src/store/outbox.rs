//! The outbox: events written with the changes they announce, claimed and acknowledged by the
//! host that delivers them.

use super::sql;
use super::{Tx, on_tx};
use crate::error::Result;
use crate::types::*;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// Outbox events.
#[async_trait]
pub trait OutboxRepo {
    /// Appends an event.
    async fn insert_outbox_event(&mut self, event: &OutboxEvent) -> Result<()>;
    /// Claims up to `limit` undelivered events whose lease is free at `now`, oldest first:
    /// each gets `locked_until = lease_until` and one more attempt. Concurrent claimers get
    /// disjoint events (PostgreSQL skips rows another claimer holds; SQLite serialises).
    async fn claim_outbox_events(
        &mut self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxEvent>>;
    /// Marks an event delivered; `false` when it already was or does not exist.
    async fn ack_outbox_event(&mut self, id: OutboxEventId, now: DateTime<Utc>) -> Result<bool>;
}

#[async_trait]
impl OutboxRepo for Tx {
    async fn insert_outbox_event(&mut self, event: &OutboxEvent) -> Result<()> {
        sql::insert(self, event).await
    }
    async fn claim_outbox_events(
        &mut self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<OutboxEvent>> {
        let mut events: Vec<OutboxEvent> = on_tx!(self, c, d => sqlx::query_as(d.pick(
            "UPDATE outbox_events SET attempts = attempts + 1, locked_until = $2 \
             WHERE id IN (SELECT id FROM outbox_events WHERE delivered_at IS NULL \
             AND (locked_until IS NULL OR locked_until <= $1) ORDER BY created_at, id LIMIT $3 \
             FOR UPDATE SKIP LOCKED) RETURNING *",
            "UPDATE outbox_events SET attempts = attempts + 1, locked_until = $2 \
             WHERE id IN (SELECT id FROM outbox_events WHERE delivered_at IS NULL \
             AND (locked_until IS NULL OR locked_until <= $1) ORDER BY created_at, id LIMIT $3) \
             RETURNING *",
        ))
        .bind(now)
        .bind(lease_until)
        .bind(limit)
        .fetch_all(&mut *c)
        .await?);
        // RETURNING gives no order.
        events.sort_by_key(|e| (e.created_at, e.id));
        Ok(events)
    }
    async fn ack_outbox_event(&mut self, id: OutboxEventId, now: DateTime<Utc>) -> Result<bool> {
        let n = on_tx!(self, c => sqlx::query(
            "UPDATE outbox_events SET delivered_at = $2 WHERE id = $1 AND delivered_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&mut *c)
        .await?
        .rows_affected());
        Ok(n == 1)
    }
}
