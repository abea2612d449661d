//! Notifications (the in-app list) and the outbox a host drains to send push and email.

use super::trace::{traced, use_case};
use super::{Actor, Marketplace, active_user};
use crate::error::{Error, Result};
use crate::store::{NotificationRepo, OutboxRepo};
use crate::types::*;
use chrono::Duration;

impl Marketplace {
    /// The actor's notifications, newest first: `limit` (1–100) after the notification
    /// `before` (the last one of the previous page; from the newest when `None`).
    ///
    /// # Errors
    /// `forbidden` when the actor may not act; `validation` on `limit`; `not_found` when
    /// `before` is not one of the actor's notifications.
    pub async fn list_notifications(
        &self,
        actor: &Actor,
        before: Option<NotificationId>,
        limit: i64,
    ) -> Result<Vec<Notification>> {
        let span = use_case!("list_notifications", actor);
        traced(span, async move {
            super::reviews::check_limit(limit)?;
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            let cursor = match before {
                Some(id) => {
                    let n = tx
                        .get_notification(id)
                        .await?
                        .filter(|n| n.user_id == user.id)
                        .ok_or_else(|| Error::not_found("notification", id))?;
                    Some((n.created_at, n.id))
                }
                None => None,
            };
            tx.list_notifications(user.id, cursor, limit).await
        })
        .await
    }

    /// How many of the actor's notifications are unread.
    ///
    /// # Errors
    /// `forbidden` when the actor may not act.
    pub async fn unread_notification_count(&self, actor: &Actor) -> Result<i64> {
        let span = use_case!("unread_notification_count", actor);
        traced(span, async move {
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            tx.count_unread_notifications(user.id).await
        })
        .await
    }

    /// Marks one of the actor's notifications read; `false` when it already was.
    ///
    /// # Errors
    /// `forbidden` when the actor may not act; `not_found` when it is not the actor's.
    pub async fn mark_notification_read(
        &self,
        actor: &Actor,
        notification: NotificationId,
    ) -> Result<bool> {
        let span = use_case!("mark_notification_read", actor, notification.id = %notification);
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            tx.get_notification(notification)
                .await?
                .filter(|n| n.user_id == user.id)
                .ok_or_else(|| Error::not_found("notification", notification))?;
            let changed = tx.mark_notification_read(notification, now).await?;
            tx.commit().await?;
            Ok(changed)
        })
        .await
    }

    /// Marks all the actor's notifications read; returns how many changed.
    ///
    /// # Errors
    /// `forbidden` when the actor may not act.
    pub async fn mark_all_notifications_read(&self, actor: &Actor) -> Result<u64> {
        let span = use_case!("mark_all_notifications_read", actor);
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let user = active_user(&mut tx, actor).await?;
            let n = tx.mark_all_notifications_read(user.id, now).await?;
            tx.commit().await?;
            Ok(n)
        })
        .await
    }

    /// For the host's delivery worker: claims up to `limit` (1–100) undelivered outbox
    /// events, oldest first, for `lease_seconds` (1–3600). Acknowledge each with
    /// [`Marketplace::ack_outbox`] once sent; an event not acknowledged in time is claimed
    /// again (at-least-once delivery: make the sending idempotent, e.g. by the event id).
    /// Concurrent workers get disjoint events.
    ///
    /// # Errors
    /// `validation` on `limit` or `lease_seconds`.
    pub async fn claim_outbox(&self, limit: i64, lease_seconds: i64) -> Result<Vec<OutboxEvent>> {
        let span = use_case!("claim_outbox");
        traced(span, async move {
            super::reviews::check_limit(limit)?;
            if !(1..=3600).contains(&lease_seconds) {
                return Err(Error::validation(
                    "lease_seconds",
                    "must be between 1 and 3600",
                ));
            }
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let events = tx
                .claim_outbox_events(now, now + Duration::seconds(lease_seconds), limit)
                .await?;
            tx.commit().await?;
            Ok(events)
        })
        .await
    }

    /// Acknowledges delivered outbox events; returns how many were not acknowledged before.
    /// Acknowledging again, or an unknown id, changes nothing.
    ///
    /// # Errors
    /// `database` when the store fails.
    pub async fn ack_outbox(&self, events: Vec<OutboxEventId>) -> Result<u64> {
        let span = use_case!("ack_outbox", outbox.events = events.len());
        traced(span, async move {
            let now = self.now();
            let mut tx = self.store.begin().await?;
            let mut n = 0;
            for id in events {
                n += u64::from(tx.ack_outbox_event(id, now).await?);
            }
            tx.commit().await?;
            Ok(n)
        })
        .await
    }
}
