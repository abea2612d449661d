// Failing repros of known bugs, moved out of conformance_social.rs (see pending/README.md).

/// As with messages: paging by the last notification's instant must not skip notifications
/// that share that instant.
async fn notification_pages_do_not_skip_notifications_of_one_instant(store: Store) {
    let u = seed_user(&store, Role::Student).await;
    let at: DateTime<Utc> = micro(now(), 42);
    let mut tx = store.begin().await.unwrap();
    for _ in 0..3 {
        tx.insert_notification(&notification(u.id, at))
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut before = None;
    for _ in 0..5 {
        let page = tx.list_notifications(u.id, before, 2).await.unwrap();
        if page.is_empty() {
            break;
        }
        before = Some(page.last().unwrap().created_at);
        seen.extend(page.into_iter().map(|n| n.id));
    }
    assert_eq!(seen.len(), 3, "every notification is reachable by paging");
}

