//! ChatRepo on both backends: conversations and messages round-trip every column; the
//! conversation lists order by the latest message (silent ones last); message history pages
//! with `before`/`limit`; unread counts and mark-read; one conversation per pair; and the
//! cascades from the student, the tutor and the sender.

mod support;

use blajarplus::Error;
use blajarplus::store::*;
use blajarplus::types::*;
use chrono::Duration;
use support::fixtures::*;

async fn conversation_round_trips_every_column(store: Store) {
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let (_, q) = seed_profile(&store).await;
    let full = Conversation {
        last_message_at: Some(micro(now(), 654_321)),
        is_blocked: true,
        blocked_by_user_id: Some(tutor_user.id),
        ..conversation(student.id, p.id)
    };
    let bare = conversation(student.id, q.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_conversation(&full).await.unwrap();
    tx.insert_conversation(&bare).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.get_conversation(full.id).await.unwrap(),
        Some(full.clone())
    );
    assert_eq!(
        tx.get_conversation(bare.id).await.unwrap(),
        Some(bare.clone())
    );
    assert_eq!(
        tx.find_conversation(student.id, p.id).await.unwrap(),
        Some(full.clone())
    );
    assert_eq!(
        tx.find_conversation(student.id, q.id).await.unwrap(),
        Some(bare.clone())
    );
    assert_eq!(
        tx.find_conversation(tutor_user.id, p.id).await.unwrap(),
        None
    );
    assert_eq!(
        tx.get_conversation(ConversationId::new()).await.unwrap(),
        None
    );

    let unblocked = Conversation {
        last_message_at: None,
        is_blocked: false,
        blocked_by_user_id: None,
        updated_at: micro(now(), 100),
        ..full.clone()
    };
    let blocked = Conversation {
        last_message_at: Some(micro(now(), 7)),
        is_blocked: true,
        blocked_by_user_id: Some(student.id),
        updated_at: micro(now(), 101),
        ..bare.clone()
    };
    tx.update_conversation(&unblocked).await.unwrap();
    tx.update_conversation(&blocked).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_conversation(full.id).await.unwrap(), Some(unblocked));
    assert_eq!(tx.get_conversation(bare.id).await.unwrap(), Some(blocked));
    let ghost = conversation(student.id, p.id);
    assert_eq!(
        tx.update_conversation(&ghost).await.unwrap_err(),
        Error::not_found("conversation", ghost.id)
    );
}

async fn conversations_list_latest_message_first_silent_last(store: Store) {
    let student = seed_user(&store, Role::Student).await;
    let other_student = seed_user(&store, Role::Student).await;
    let mut tutors = Vec::new();
    for _ in 0..5 {
        tutors.push(seed_profile(&store).await.1);
    }
    let t = |us| Some(micro(now(), us));
    let lasts = [t(20), None, t(30), t(20), None];
    let mut convs = Vec::new();
    let mut tx = store.begin().await.unwrap();
    for (p, last) in tutors.iter().zip(lasts) {
        let c = Conversation {
            last_message_at: last,
            ..conversation(student.id, p.id)
        };
        tx.insert_conversation(&c).await.unwrap();
        convs.push(c);
    }
    // Another student with the first tutor, more recent than anything above.
    let theirs = Conversation {
        last_message_at: t(99),
        ..conversation(other_student.id, tutors[0].id)
    };
    tx.insert_conversation(&theirs).await.unwrap();
    tx.commit().await.unwrap();

    let desc = |a: &Conversation, b: &Conversation| {
        if a.id > b.id {
            (a.clone(), b.clone())
        } else {
            (b.clone(), a.clone())
        }
    };
    let (t20_hi, t20_lo) = desc(&convs[0], &convs[3]);
    let (none_hi, none_lo) = desc(&convs[1], &convs[4]);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.list_student_conversations(student.id).await.unwrap(),
        vec![convs[2].clone(), t20_hi, t20_lo, none_hi, none_lo]
    );
    assert_eq!(
        tx.list_student_conversations(other_student.id)
            .await
            .unwrap(),
        vec![theirs.clone()]
    );
    assert_eq!(
        tx.list_tutor_conversations(tutors[0].id).await.unwrap(),
        vec![theirs, convs[0].clone()]
    );
    assert_eq!(
        tx.list_tutor_conversations(tutors[1].id).await.unwrap(),
        vec![convs[1].clone()]
    );
    assert_eq!(
        tx.list_tutor_conversations(TutorProfileId::new())
            .await
            .unwrap(),
        vec![]
    );
}

async fn one_conversation_per_student_and_tutor(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let first = conversation(student.id, p.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_conversation(&first).await.unwrap();
    tx.commit().await.unwrap();
    let second = Conversation {
        last_message_at: Some(now()),
        ..conversation(student.id, p.id)
    };
    assert_eq!(
        fails_alone!(store, |tx| tx.insert_conversation(&second)),
        Error::Conflict("a conversation between this student and tutor already exists".into())
    );
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_conversation(second.id).await.unwrap(), None);
    assert_eq!(
        tx.list_student_conversations(student.id).await.unwrap(),
        vec![first]
    );
}

async fn message_round_trips_every_column(store: Store) {
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let conv = conversation(student.id, p.id);
    let text = Message {
        read_at: Some(micro(now(), 999_999)),
        content: Some("Baik kak 🙏\n\"kutip\" \\ garis miring — 日本語".into()),
        ..message(conv.id, student.id, micro(now(), 1))
    };
    let image = Message {
        message_type: MessageType::Image,
        content: None,
        file_url: Some("https://files.example/soal%201.png".into()),
        ..message(conv.id, tutor_user.id, micro(now(), 2))
    };
    let file = Message {
        message_type: MessageType::File,
        content: Some("Materi".into()),
        file_url: Some("https://files.example/materi.pdf".into()),
        ..message(conv.id, tutor_user.id, micro(now(), 3))
    };
    let empty = Message {
        content: None,
        ..message(conv.id, student.id, micro(now(), 4))
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_conversation(&conv).await.unwrap();
    for m in [&text, &image, &file, &empty] {
        tx.insert_message(m).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    for m in [&text, &image, &file, &empty] {
        assert_eq!(tx.get_message(m.id).await.unwrap().as_ref(), Some(m));
    }
    assert_eq!(tx.get_message(MessageId::new()).await.unwrap(), None);
    tx.commit().await.unwrap();
    let orphan = message(ConversationId::new(), student.id, now());
    let err = fails_alone!(store, |tx| tx.insert_message(&orphan));
    assert_eq!(err.code(), "not_found", "{err}");
}

async fn message_history_pages_newest_first(store: Store) {
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let (_, q) = seed_profile(&store).await;
    let conv = conversation(student.id, p.id);
    let other = conversation(student.id, q.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_conversation(&conv).await.unwrap();
    tx.insert_conversation(&other).await.unwrap();
    let base = now();
    let mut msgs = Vec::new();
    // Seven messages, a second and a microsecond apart alternately, inserted newest first.
    let offsets = [
        0i64, 1, 1_000_000, 1_000_001, 2_000_000, 3_000_000, 3_000_001,
    ];
    for (i, off) in offsets.iter().enumerate().rev() {
        let sender = if i % 2 == 0 {
            student.id
        } else {
            tutor_user.id
        };
        let m = Message {
            content: Some(format!("pesan #{i}")),
            ..message(conv.id, sender, micro(base, *off))
        };
        tx.insert_message(&m).await.unwrap();
        msgs.insert(0, m);
    }
    tx.insert_message(&message(other.id, student.id, micro(base, 5)))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let newest_first: Vec<Message> = msgs.iter().rev().cloned().collect();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.list_messages(conv.id, None, 100).await.unwrap(),
        newest_first
    );
    // Page through with the oldest message of each page as the next cursor.
    let mut pages = Vec::new();
    let mut before: Option<Cursor<MessageId>> = None;
    loop {
        let page = tx.list_messages(conv.id, before, 3).await.unwrap();
        if page.is_empty() {
            break;
        }
        assert!(page.len() <= 3);
        before = page.last().map(Cursor::from);
        pages.push(page);
    }
    assert_eq!(
        pages,
        vec![
            newest_first[0..3].to_vec(),
            newest_first[3..6].to_vec(),
            newest_first[6..7].to_vec()
        ]
    );
    // `before` is exclusive, `limit` exact.
    assert_eq!(
        tx.list_messages(conv.id, Some((&msgs[4]).into()), 2)
            .await
            .unwrap(),
        vec![msgs[3].clone(), msgs[2].clone()]
    );
    assert_eq!(
        tx.list_messages(
            conv.id,
            Some(Cursor {
                created_at: micro(msgs[4].created_at, 1),
                id: MessageId::new()
            }),
            1
        )
        .await
        .unwrap(),
        vec![msgs[4].clone()]
    );
    assert_eq!(
        tx.list_messages(conv.id, Some((&msgs[0]).into()), 10)
            .await
            .unwrap(),
        vec![]
    );
    assert_eq!(tx.list_messages(conv.id, None, 0).await.unwrap(), vec![]);
    assert_eq!(
        tx.list_messages(ConversationId::new(), None, 10)
            .await
            .unwrap(),
        vec![]
    );
    assert_eq!(tx.list_messages(other.id, None, 10).await.unwrap().len(), 1);
}

async fn unread_counts_and_marking_messages_read(store: Store) {
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let (_, q) = seed_profile(&store).await;
    let conv = conversation(student.id, p.id);
    let other = conversation(student.id, q.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_conversation(&conv).await.unwrap();
    tx.insert_conversation(&other).await.unwrap();
    let t = |s: i64| now() + Duration::seconds(s);
    let from_student: Vec<Message> = (0..3)
        .map(|i| message(conv.id, student.id, t(i * 10)))
        .collect();
    let from_tutor: Vec<Message> = (0..2)
        .map(|i| message(conv.id, tutor_user.id, t(i * 10 + 5)))
        .collect();
    let already_read = Message {
        read_at: Some(t(1)),
        ..message(conv.id, tutor_user.id, t(1))
    };
    let elsewhere = message(other.id, student.id, t(0));
    for m in from_student
        .iter()
        .chain(&from_tutor)
        .chain([&already_read, &elsewhere])
    {
        tx.insert_message(m).await.unwrap();
    }
    assert_eq!(
        tx.count_unread_messages(conv.id, tutor_user.id)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        tx.count_unread_messages(conv.id, student.id).await.unwrap(),
        2
    );
    assert_eq!(
        tx.count_unread_messages(ConversationId::new(), student.id)
            .await
            .unwrap(),
        0
    );
    // Up to the second student message, inclusive.
    let read_at = micro(t(100), 7);
    assert_eq!(
        tx.mark_messages_read(conv.id, tutor_user.id, (&from_student[1]).into(), read_at)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        tx.mark_messages_read(conv.id, tutor_user.id, (&from_student[1]).into(), t(200))
            .await
            .unwrap(),
        0,
        "already read"
    );
    assert_eq!(
        tx.count_unread_messages(conv.id, tutor_user.id)
            .await
            .unwrap(),
        1
    );
    for (m, want) in [
        (&from_student[0], Some(read_at)),
        (&from_student[1], Some(read_at)),
        (&from_student[2], None),
        (&from_tutor[0], None),
        (&already_read, Some(t(1))),
    ] {
        let got = tx.get_message(m.id).await.unwrap().unwrap();
        assert_eq!(
            got,
            Message {
                read_at: want,
                ..m.clone()
            }
        );
    }
    // The student reads everything the tutor sent.
    assert_eq!(
        tx.mark_messages_read(
            conv.id,
            student.id,
            Cursor {
                created_at: t(1000),
                id: MessageId::new()
            },
            t(300)
        )
        .await
        .unwrap(),
        2
    );
    assert_eq!(
        tx.count_unread_messages(conv.id, student.id).await.unwrap(),
        0
    );
    assert_eq!(
        tx.count_unread_messages(other.id, tutor_user.id)
            .await
            .unwrap(),
        1
    );
}

async fn deleting_the_student_tutor_or_sender_removes_messages(store: Store) {
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let (tutor2_user, q) = seed_profile(&store).await;
    let student2 = seed_user(&store, Role::Student).await;
    let c1 = conversation(student.id, p.id);
    let c2 = conversation(student2.id, q.id);
    let c3 = conversation(student2.id, p.id);
    let mut tx = store.begin().await.unwrap();
    for c in [&c1, &c2, &c3] {
        tx.insert_conversation(c).await.unwrap();
    }
    let m1 = message(c1.id, student.id, micro(now(), 1));
    let m2 = message(c1.id, tutor_user.id, micro(now(), 2));
    let m3 = message(c2.id, student2.id, micro(now(), 3));
    let m4 = message(c2.id, tutor2_user.id, micro(now(), 4));
    let m5 = message(c3.id, student2.id, micro(now(), 5));
    for m in [&m1, &m2, &m3, &m4, &m5] {
        tx.insert_message(m).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    // The conversation's student: their conversations and every message in them.
    assert!(tx.delete_user(student.id).await.unwrap());
    assert_eq!(tx.get_conversation(c1.id).await.unwrap(), None);
    assert_eq!(tx.get_message(m1.id).await.unwrap(), None);
    assert_eq!(tx.get_message(m2.id).await.unwrap(), None);
    // The tutor's user: the profile goes, so do its conversations and all their messages.
    assert!(tx.delete_user(tutor2_user.id).await.unwrap());
    assert_eq!(tx.get_message(m4.id).await.unwrap(), None);
    assert_eq!(tx.get_conversation(c2.id).await.unwrap(), None);
    assert_eq!(tx.get_message(m3.id).await.unwrap(), None);
    // The tutor profile: its conversations.
    assert_eq!(tx.get_message(m5.id).await.unwrap(), Some(m5.clone()));
    assert!(tx.delete_tutor_profile(p.id).await.unwrap());
    assert_eq!(tx.get_conversation(c3.id).await.unwrap(), None);
    assert_eq!(tx.get_message(m5.id).await.unwrap(), None);
    assert_eq!(
        tx.list_student_conversations(student2.id).await.unwrap(),
        vec![]
    );
}

async fn deleting_a_sender_keeps_the_conversation(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let admin = seed_user(&store, Role::Admin).await;
    let c = conversation(student.id, p.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_conversation(&c).await.unwrap();
    let from_admin = message(c.id, admin.id, micro(now(), 1));
    let from_student = message(c.id, student.id, micro(now(), 2));
    tx.insert_message(&from_admin).await.unwrap();
    tx.insert_message(&from_student).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_user(admin.id).await.unwrap());
    assert_eq!(tx.get_conversation(c.id).await.unwrap(), Some(c.clone()));
    assert_eq!(
        tx.list_messages(c.id, None, 10).await.unwrap(),
        vec![from_student]
    );
}

/// Paging with the oldest message of a page as the next cursor does not skip messages that
/// share that instant (a fixed clock, or two messages in one microsecond): the cursor is
/// `(created_at, id)`. Marking read up to one of them stops at it in the same order.
async fn message_history_pages_do_not_skip_messages_of_one_instant(store: Store) {
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let conv = conversation(student.id, p.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_conversation(&conv).await.unwrap();
    let at = micro(now(), 42);
    let mut sent = Vec::new();
    for _ in 0..3 {
        let m = message(conv.id, student.id, at);
        tx.insert_message(&m).await.unwrap();
        sent.push(m);
    }
    let mut seen = Vec::new();
    let mut before: Option<Cursor<MessageId>> = None;
    for _ in 0..5 {
        let page = tx.list_messages(conv.id, before, 2).await.unwrap();
        if page.is_empty() {
            break;
        }
        before = page.last().map(Cursor::from);
        seen.extend(page.into_iter().map(|m| m.id));
    }
    // Newest first: same instant, so by id descending; each exactly once.
    let mut want: Vec<MessageId> = sent.iter().map(|m| m.id).collect();
    want.sort();
    want.reverse();
    assert_eq!(seen, want, "every message is reachable by paging, once");

    // Read up to the middle one (in history order): it and the one before it, not the last.
    let middle = sent.iter().find(|m| m.id == want[1]).unwrap();
    assert_eq!(
        tx.mark_messages_read(conv.id, tutor_user.id, middle.into(), micro(now(), 99))
            .await
            .unwrap(),
        2
    );
    let newest = tx.get_message(want[0]).await.unwrap().unwrap();
    assert_eq!(newest.read_at, None);
}

/// Unanswered inquiries: one per conversation, taken oldest first strictly before the given
/// instant, at most `limit` at a time, each once even by concurrent takers; closing is
/// idempotent; the conversation's deletion removes its inquiry.
async fn unanswered_inquiries_open_close_and_are_taken_once(store: Store) {
    let (student, _, p) = seed_tutor(&store).await;
    let (_, q) = seed_profile(&store).await;
    let t0 = micro(now(), 250_000);
    // One conversation per pair: the third needs a student of its own.
    let other = seed_user(&store, Role::Student).await;
    let convs = [
        conversation(student.id, p.id),
        conversation(student.id, q.id),
        conversation(other.id, p.id),
    ];
    let mut tx = store.begin().await.unwrap();
    for (i, c) in convs.iter().enumerate() {
        tx.insert_conversation(c).await.unwrap();
        tx.open_inquiry(c.id, c.tutor_profile_id, t0 + Duration::minutes(i as i64))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let err = fails_alone!(store, |tx| tx.open_inquiry(convs[0].id, p.id, t0));
    assert_eq!(err.code(), "conflict", "{err}");

    let mut tx = store.begin().await.unwrap();
    assert!(tx.close_inquiry(convs[1].id).await.unwrap());
    assert!(!tx.close_inquiry(convs[1].id).await.unwrap());
    // Strictly before: the inquiry asked exactly at t0 is not taken at t0.
    assert_eq!(
        tx.take_inquiries_asked_before(t0, 10).await.unwrap(),
        vec![]
    );
    let late = t0 + Duration::hours(1);
    assert_eq!(
        tx.take_inquiries_asked_before(late, 1).await.unwrap(),
        vec![p.id]
    );
    tx.commit().await.unwrap();

    // Two takers at once: the last inquiry goes to exactly one of them.
    let (a, b) = tokio::join!(
        async {
            let mut tx = store.begin().await.unwrap();
            let got = tx.take_inquiries_asked_before(late, 10).await.unwrap();
            tx.commit().await.unwrap();
            got
        },
        async {
            let mut tx = store.begin().await.unwrap();
            let got = tx.take_inquiries_asked_before(late, 10).await.unwrap();
            tx.commit().await.unwrap();
            got
        }
    );
    assert_eq!([a, b].concat(), vec![p.id]);

    // Deleting a conversation takes its inquiry with it.
    let c = conversation(other.id, q.id);
    let mut tx = store.begin().await.unwrap();
    tx.insert_conversation(&c).await.unwrap();
    tx.open_inquiry(c.id, q.id, t0).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert!(tx.delete_user(other.id).await.unwrap());
    assert_eq!(
        tx.take_inquiries_asked_before(late, 10).await.unwrap(),
        vec![]
    );
}

conformance!(
    unanswered_inquiries_open_close_and_are_taken_once,
    conversation_round_trips_every_column,
    conversations_list_latest_message_first_silent_last,
    one_conversation_per_student_and_tutor,
    message_round_trips_every_column,
    message_history_pages_newest_first,
    message_history_pages_do_not_skip_messages_of_one_instant,
    unread_counts_and_marking_messages_read,
    deleting_the_student_tutor_or_sender_removes_messages,
    deleting_a_sender_keeps_the_conversation,
);
