// Failing repros of known bugs, moved out of conformance_chat.rs (see pending/README.md).

/// Paging with the oldest message of a page as the next `before` must not skip messages that
/// share that instant (a fixed clock, or two messages in one microsecond).
async fn message_history_pages_do_not_skip_messages_of_one_instant(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let conv = conversation(student.id, p.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_conversation(&conv).await.unwrap();
    let at = micro(now(), 42);
    for _ in 0..3 {
        tx.insert_message(&message(conv.id, student.id, at))
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut before = None;
    for _ in 0..5 {
        let page = tx.list_messages(conv.id, before, 2).await.unwrap();
        if page.is_empty() {
            break;
        }
        before = Some(page.last().unwrap().created_at);
        seen.extend(page.into_iter().map(|m| m.id));
    }
    assert_eq!(seen.len(), 3, "every message is reachable by paging");
}

