//! Reviews, chat, favorites and progress logs through the facade, on SQLite and PostgreSQL:
//! the happy paths, the maintained rating and response rate, get-or-create under races, and
//! every refusal as its typed error with the database left exactly as it was.

mod support;

use blajarplus::marketplace::*;
use blajarplus::store::*;
use blajarplus::types::*;
use blajarplus::{Actor, Error, chat};
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use support::market::*;

fn paid(payment: &PaymentTransaction) -> PaymentUpdate {
    PaymentUpdate {
        provider: PaymentProvider::Midtrans,
        order_id: payment.id.to_string(),
        external_id: Some(format!("mid-{}", payment.id)),
        status: PaymentStatus::Paid,
        amount: payment.amount,
        currency: payment.currency,
        payment_method: Some("bank_transfer".into()),
        dedup_key: format!("midtrans:{}:paid", payment.id),
        raw_payload: serde_json::json!({ "order_id": payment.id.to_string() }),
    }
}

/// Monday 2026-11-30 16:00 Jakarta + `day` days.
fn day(d: i64) -> DateTime<Utc> {
    monday_16() + Duration::days(d)
}

/// A lesson of `student` with the world's tutor at `start`, paid (confirmed).
async fn paid_lesson(w: &World, student: &Actor, start: DateTime<Utc>) -> Booking {
    let b =
        w.m.create_booking(student, online(w.teaches.id, start))
            .await
            .unwrap();
    let c =
        w.m.checkout(student, b.id, PaymentProvider::Midtrans)
            .await
            .unwrap();
    assert_eq!(
        w.m.apply_payment_update(paid(&c.payment)).await.unwrap(),
        PaymentOutcome::Applied
    );
    w.m.get_booking(student, b.id).await.unwrap()
}

async fn student(w: &World, email: &str) -> Actor {
    let u =
        w.m.register_user(NewUser {
            role: Role::Student,
            full_name: format!("Siswa {email}"),
            email: Some(email.into()),
            phone: None,
            password: None,
        })
        .await
        .unwrap();
    Actor::student(u.id)
}

async fn profile(w: &World, id: TutorProfileId) -> TutorProfile {
    let mut tx = w.m.store().begin().await.unwrap();
    tx.get_tutor_profile(id).await.unwrap().unwrap()
}

async fn notifications(w: &World, who: &Actor) -> Vec<Notification> {
    let mut tx = w.m.store().begin().await.unwrap();
    tx.list_notifications(who.user_id, None, 1000)
        .await
        .unwrap()
}

/// Everything these use cases write, for the world's people and tutor, as one comparable
/// value: a refused call must leave it exactly as it was.
async fn snapshot(w: &World, others: &[&Actor]) -> String {
    let mut tx = w.m.store().begin().await.unwrap();
    let mut out = Vec::new();
    out.push(format!(
        "{:?}",
        tx.get_tutor_profile(w.profile.id).await.unwrap()
    ));
    for s in [
        ReviewStatus::Published,
        ReviewStatus::Hidden,
        ReviewStatus::Removed,
    ] {
        out.push(format!(
            "{:?}",
            tx.list_tutor_reviews(w.profile.id, s).await.unwrap()
        ));
    }
    for who in [&w.student, &w.tutor, &w.admin]
        .into_iter()
        .chain(others.iter().copied())
    {
        out.push(format!(
            "{:?}",
            tx.list_notifications(who.user_id, None, 1000)
                .await
                .unwrap()
        ));
        out.push(format!(
            "{:?}",
            tx.list_favorites(who.user_id).await.unwrap()
        ));
        out.push(format!(
            "{:?}",
            tx.list_student_progress_logs(who.user_id).await.unwrap()
        ));
        for c in tx.list_student_conversations(who.user_id).await.unwrap() {
            out.push(format!("{c:?}"));
            out.push(format!(
                "{:?}",
                tx.list_messages(c.id, None, 1000).await.unwrap()
            ));
        }
    }
    out.join("\n")
}

fn code<T: std::fmt::Debug>(r: blajarplus::Result<T>) -> (&'static str, Option<String>) {
    let e: Error = r.unwrap_err();
    (e.code(), e.field().map(str::to_string))
}

fn validation(field: &str) -> (&'static str, Option<String>) {
    ("validation", Some(field.to_string()))
}

const FORBIDDEN: (&str, Option<String>) = ("forbidden", None);
const NOT_FOUND: (&str, Option<String>) = ("not_found", None);
const CONFLICT: (&str, Option<String>) = ("conflict", None);
const INVALID: (&str, Option<String>) = ("invalid_transition", None);

fn review(rating: i32) -> NewReview {
    NewReview {
        rating,
        comment: Some("Penjelasannya jelas.".into()),
    }
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

// ---------------------------------------------------------------------------------------
// Reviews

async fn reviews_keep_the_rating_exact_through_moderation(store: Store) {
    let w = world(store).await;
    let lessons = [
        paid_lesson(&w, &w.student, day(0)).await,
        paid_lesson(&w, &w.student, day(1)).await,
        paid_lesson(&w, &w.student, day(2)).await,
    ];
    w.clock.set(day(2) + Duration::hours(2));
    for b in &lessons {
        w.m.confirm_lesson(&w.student, b.id).await.unwrap();
    }
    let mut written = Vec::new();
    for (b, stars) in lessons.iter().zip([5, 4, 4]) {
        let r =
            w.m.write_review(&w.student, b.id, review(stars))
                .await
                .unwrap();
        assert_eq!(r.status, ReviewStatus::Published);
        assert_eq!(r.author_user_id, w.student.user_id);
        assert_eq!(r.tutor_profile_id, w.profile.id);
        written.push(r);
    }
    // 13 / 3 = 4.333… → 4.3, rounded once.
    let p = profile(&w, w.profile.id).await;
    assert_eq!((p.rating_avg, p.rating_count), (dec("4.3"), 3));
    let notes = notifications(&w, &w.tutor).await;
    assert_eq!(
        notes
            .iter()
            .filter(|n| n.kind == NotificationType::ReviewReceived)
            .count(),
        3
    );

    // Pages of 2, newest first; all three share one instant, so the id breaks the tie.
    let first = w.m.tutor_reviews(w.profile.id, None, 2).await.unwrap();
    assert_eq!(first.len(), 2);
    let rest =
        w.m.tutor_reviews(w.profile.id, first.last().map(Cursor::from), 2)
            .await
            .unwrap();
    assert_eq!(rest.len(), 1);
    let mut ids: Vec<ReviewId> = first.iter().chain(&rest).map(|r| r.id).collect();
    let mut want: Vec<ReviewId> = written.iter().map(|r| r.id).collect();
    want.sort();
    want.reverse();
    assert_eq!(ids, want);
    ids.dedup();
    assert_eq!(ids.len(), 3);

    // Hiding the five stars: (4 + 4) / 2 = 4.
    let five = &written[0];
    let hidden =
        w.m.moderate_review(&w.admin, five.id, ReviewStatus::Hidden, Some("spam".into()))
            .await
            .unwrap();
    assert_eq!(hidden.moderated_by, Some(w.admin.user_id));
    assert_eq!(hidden.moderated_reason.as_deref(), Some("spam"));
    let p = profile(&w, w.profile.id).await;
    assert_eq!((p.rating_avg, p.rating_count), (dec("4"), 2));
    assert_eq!(
        w.m.tutor_reviews(w.profile.id, None, 10)
            .await
            .unwrap()
            .len(),
        2
    );
    // Restored: back to 4.3; a four removed: (5 + 4) / 2 = 4.5.
    w.m.moderate_review(&w.admin, five.id, ReviewStatus::Published, None)
        .await
        .unwrap();
    assert_eq!(profile(&w, w.profile.id).await.rating_avg, dec("4.3"));
    w.m.moderate_review(
        &w.admin,
        written[1].id,
        ReviewStatus::Removed,
        Some("abusive".into()),
    )
    .await
    .unwrap();
    let p = profile(&w, w.profile.id).await;
    assert_eq!((p.rating_avg, p.rating_count), (dec("4.5"), 2));
    // Removed is final.
    assert_eq!(
        code(
            w.m.moderate_review(&w.admin, written[1].id, ReviewStatus::Published, None)
                .await
        ),
        INVALID
    );
}

async fn review_refusals_write_nothing(store: Store) {
    let w = world(store).await;
    let other = student(&w, "sari@example.id").await;
    let early = paid_lesson(&w, &w.student, day(0)).await;
    let done = paid_lesson(&w, &w.student, day(1)).await;
    let theirs = paid_lesson(&w, &other, day(2)).await;
    w.clock.set(day(1) + Duration::hours(2));
    w.m.confirm_lesson(&w.student, done.id).await.unwrap();
    let reviewed = paid_lesson(&w, &w.student, day(3)).await;
    w.clock.set(day(3) + Duration::hours(2));
    w.m.confirm_lesson(&w.student, reviewed.id).await.unwrap();
    let first =
        w.m.write_review(&w.student, reviewed.id, review(5))
            .await
            .unwrap();

    let before = snapshot(&w, &[&other]).await;
    let m = &w.m;
    // Not completed yet (confirmed, past): the student must confirm first.
    assert_eq!(
        code(m.write_review(&w.student, early.id, review(5)).await),
        INVALID
    );
    assert_eq!(
        code(m.write_review(&other, done.id, review(5)).await),
        FORBIDDEN
    );
    assert_eq!(
        code(m.write_review(&w.tutor, done.id, review(5)).await),
        FORBIDDEN
    );
    assert_eq!(
        code(m.write_review(&w.admin, done.id, review(5)).await),
        FORBIDDEN
    );
    assert_eq!(
        code(m.write_review(&w.student, theirs.id, review(5)).await),
        FORBIDDEN
    );
    assert_eq!(
        code(
            m.write_review(&w.student, BookingId::new(), review(5))
                .await
        ),
        NOT_FOUND
    );
    for stars in [0, 6, -3] {
        assert_eq!(
            code(m.write_review(&w.student, done.id, review(stars)).await),
            validation("rating")
        );
    }
    let long = NewReview {
        rating: 5,
        comment: Some("a".repeat(2001)),
    };
    assert_eq!(
        code(m.write_review(&w.student, done.id, long).await),
        validation("comment")
    );
    assert_eq!(
        code(m.write_review(&w.student, reviewed.id, review(1)).await),
        CONFLICT
    );
    // Moderation: admins only, a reason to hide, a real move, a real review.
    for who in [&w.student, &w.tutor] {
        assert_eq!(
            code(
                m.moderate_review(who, first.id, ReviewStatus::Hidden, Some("x".into()))
                    .await
            ),
            FORBIDDEN
        );
    }
    assert_eq!(
        code(
            m.moderate_review(&w.admin, first.id, ReviewStatus::Hidden, None)
                .await
        ),
        validation("reason")
    );
    assert_eq!(
        code(
            m.moderate_review(&w.admin, first.id, ReviewStatus::Published, None)
                .await
        ),
        INVALID
    );
    assert_eq!(
        code(
            m.moderate_review(
                &w.admin,
                ReviewId::new(),
                ReviewStatus::Hidden,
                Some("x".into())
            )
            .await
        ),
        NOT_FOUND
    );
    for limit in [0, 101, -1] {
        assert_eq!(
            code(m.tutor_reviews(w.profile.id, None, limit).await),
            validation("limit")
        );
    }
    assert_eq!(
        code(m.tutor_reviews(TutorProfileId::new(), None, 10).await),
        NOT_FOUND
    );
    // The window closes `review_window` after completion.
    w.clock
        .set(day(1) + Duration::hours(2) + m.policy().review_window + Duration::seconds(1));
    assert_eq!(
        code(m.write_review(&w.student, done.id, review(5)).await),
        INVALID
    );
    assert_eq!(snapshot(&w, &[&other]).await, before);
}

// ---------------------------------------------------------------------------------------
// Chat

async fn one_conversation_per_pair_under_16_concurrent_opens(store: Store) {
    let w = world(store).await;
    let opens: Vec<_> = (0..16)
        .map(|_| {
            let m = w.m.clone();
            let student = w.student;
            let tutor = w.profile.id;
            tokio::spawn(async move { m.open_conversation(&student, student.user_id, tutor).await })
        })
        .collect();
    let mut ids = Vec::new();
    for task in opens {
        ids.push(task.await.unwrap().unwrap().id);
    }
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let inbox = w.m.my_conversations(&w.student).await.unwrap();
    assert_eq!(inbox.conversations.len(), 1);
    assert_eq!(inbox.conversations[0].conversation.id, ids[0]);
    // The tutor gets the same one.
    assert_eq!(
        w.m.open_conversation(&w.tutor, w.student.user_id, w.profile.id)
            .await
            .unwrap()
            .id,
        ids[0]
    );
}

async fn messages_page_notify_and_count_unread(store: Store) {
    let w = world(store).await;
    let m = &w.m;
    let conv = m
        .open_conversation(&w.student, w.student.user_id, w.profile.id)
        .await
        .unwrap();
    assert_eq!(conv.last_message_at, None);
    // Three messages in one instant (the clock is fixed).
    let mut sent = Vec::new();
    for i in 0..3 {
        sent.push(
            m.send_message(&w.student, conv.id, NewMessage::text(format!(" halo {i} ")))
                .await
                .unwrap(),
        );
    }
    assert_eq!(sent[0].content.as_deref(), Some("halo 0"));
    let tutor_notes = notifications(&w, &w.tutor).await;
    let news: Vec<&Notification> = tutor_notes
        .iter()
        .filter(|n| n.kind == NotificationType::NewMessage)
        .collect();
    assert_eq!(news.len(), 3);
    assert!(news[0].message.contains("halo"), "{}", news[0].message);
    assert_eq!(
        news[0].link.as_deref(),
        Some(format!("/conversations/{}", conv.id).as_str())
    );

    let inbox = m.my_conversations(&w.tutor).await.unwrap();
    assert_eq!(inbox.unread_total, 3);
    assert_eq!(inbox.conversations[0].unread, 3);
    assert_eq!(
        inbox.conversations[0].conversation.last_message_at,
        Some(start_now())
    );
    assert_eq!(
        m.my_conversations(&w.student).await.unwrap().unread_total,
        0
    );

    // Pages of two reach every message once, newest first.
    let p1 = m.message_history(&w.tutor, conv.id, None, 2).await.unwrap();
    let p2 = m
        .message_history(&w.tutor, conv.id, p1.last().map(Cursor::from), 2)
        .await
        .unwrap();
    let p3 = m
        .message_history(&w.tutor, conv.id, p2.last().map(Cursor::from), 2)
        .await
        .unwrap();
    assert_eq!((p1.len(), p2.len(), p3.len()), (2, 1, 0));
    let mut want: Vec<MessageId> = sent.iter().map(|m| m.id).collect();
    want.sort();
    want.reverse();
    assert_eq!(p1.iter().chain(&p2).map(|m| m.id).collect::<Vec<_>>(), want);

    // Read up to the middle one: two read, one left.
    assert_eq!(
        m.mark_conversation_read(&w.tutor, conv.id, want[1])
            .await
            .unwrap(),
        2
    );
    assert_eq!(m.my_conversations(&w.tutor).await.unwrap().unread_total, 1);
    assert_eq!(
        m.mark_conversation_read(&w.tutor, conv.id, want[0])
            .await
            .unwrap(),
        1
    );

    // A reply with an image an hour later; a second tutor's conversation later still comes
    // first in the student's inbox.
    w.clock.advance(Duration::hours(1));
    let img = m
        .send_message(
            &w.tutor,
            conv.id,
            NewMessage {
                message_type: MessageType::Image,
                content: None,
                file_url: Some("https://cdn.example/soal.png".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        img.file_url.as_deref(),
        Some("https://cdn.example/soal.png")
    );
    let (_, other_profile, _) = tutor(m, "andi@example.id", w.teaches.subject_id).await;
    let conv2 = m
        .open_conversation(&w.student, w.student.user_id, other_profile.id)
        .await
        .unwrap();
    let inbox = m.my_conversations(&w.student).await.unwrap();
    assert_eq!(
        inbox
            .conversations
            .iter()
            .map(|c| (c.conversation.id, c.unread))
            .collect::<Vec<_>>(),
        vec![(conv.id, 1), (conv2.id, 0)],
        "silent conversations last"
    );
    w.clock.advance(Duration::minutes(1));
    m.send_message(&w.student, conv2.id, NewMessage::text("permisi"))
        .await
        .unwrap();
    let inbox = m.my_conversations(&w.student).await.unwrap();
    assert_eq!(inbox.conversations[0].conversation.id, conv2.id);
    assert_eq!(inbox.unread_total, 1);
    assert!(
        notifications(&w, &w.student)
            .await
            .iter()
            .any(|n| n.kind == NotificationType::NewMessage && n.message.contains("sent an image"))
    );
}

/// `s` opens a conversation with the world's tutor by asking a question (an inquiry).
async fn ask(w: &World, s: Actor) -> ConversationId {
    let c =
        w.m.open_conversation(&s, s.user_id, w.profile.id)
            .await
            .unwrap();
    w.m.send_message(&s, c.id, NewMessage::text("Bisa les hari Senin?"))
        .await
        .unwrap();
    c.id
}

async fn the_response_rate_follows_first_answers(store: Store) {
    let w = world(store).await;
    let m = &w.m;
    let rate = || async { profile(&w, w.profile.id).await.response_rate };
    let ask = |s: Actor| ask(&w, s);
    let a = ask(w.student).await;
    w.clock.advance(Duration::hours(1));
    m.send_message(&w.tutor, a, NewMessage::text("Bisa!"))
        .await
        .unwrap();
    assert_eq!(rate().await, 100);
    // A second answer in the same conversation changes nothing.
    w.clock.advance(Duration::hours(30));
    m.send_message(&w.tutor, a, NewMessage::text("Sampai jumpa"))
        .await
        .unwrap();
    assert_eq!(rate().await, 100);

    // Answered after 30 h: late. 1 of 2.
    let b = ask(student(&w, "b@example.id").await).await;
    w.clock.advance(Duration::hours(30));
    m.send_message(&w.tutor, b, NewMessage::text("Maaf telat"))
        .await
        .unwrap();
    assert_eq!(rate().await, 50);

    // Unanswered for more than 24 h counts as missed once the tutor next answers anyone;
    // an answer within the window: 2 of 4.
    let c = ask(student(&w, "c@example.id").await).await;
    w.clock.advance(Duration::hours(25));
    let d = ask(student(&w, "d@example.id").await).await;
    w.clock.advance(Duration::minutes(5));
    m.send_message(&w.tutor, d, NewMessage::text("Halo"))
        .await
        .unwrap();
    assert_eq!(rate().await, 50);
    // Answering the missed one late keeps it missed: still 2 of 4.
    m.send_message(&w.tutor, c, NewMessage::text("Maaf"))
        .await
        .unwrap();
    assert_eq!(rate().await, 50);
    // A student's later messages do not touch the rate.
    m.send_message(&w.student, a, NewMessage::text("Terima kasih"))
        .await
        .unwrap();
    assert_eq!(rate().await, 50);
}

/// A tutor who stops answering loses rate without writing anything: `run_due` notices each
/// inquiry once its window has passed (exactly once, whichever runner is first).
async fn run_due_lowers_the_rate_of_a_tutor_who_stops_answering(store: Store) {
    let w = world(store).await;
    let m = &w.m;
    let rate = || async { profile(&w, w.profile.id).await.response_rate };
    let ask = |s: Actor| ask(&w, s);
    let a = ask(w.student).await;
    m.send_message(&w.tutor, a, NewMessage::text("Bisa!"))
        .await
        .unwrap();
    assert_eq!(rate().await, 100);
    // A conversation the tutor opens (with a student who booked them) is no inquiry.
    let other = student(&w, "t@example.id").await;
    paid_lesson(&w, &other, day(0)).await;
    let t = m
        .open_conversation(&w.tutor, other.user_id, w.profile.id)
        .await
        .unwrap();
    m.send_message(&w.tutor, t.id, NewMessage::text("Halo, ada kelas baru"))
        .await
        .unwrap();

    let b = ask(student(&w, "b@example.id").await).await;
    w.clock.advance(chat::RESPONSE_WINDOW);
    // Exactly at the end of the window the inquiry is still open.
    assert_eq!(m.run_due().await.unwrap().response_rates_updated, 0);
    assert_eq!(rate().await, 100);
    w.clock.advance(Duration::seconds(1));
    let (r1, r2) = tokio::join!(m.run_due(), m.run_due());
    assert_eq!(
        r1.unwrap().response_rates_updated + r2.unwrap().response_rates_updated,
        1
    );
    assert_eq!(rate().await, 50);
    assert_eq!(m.run_due().await.unwrap().response_rates_updated, 0);
    // Answering it late keeps it missed.
    m.send_message(&w.tutor, b, NewMessage::text("Maaf telat"))
        .await
        .unwrap();
    assert_eq!(rate().await, 50);
    // An inquiry answered in time never reaches run_due.
    let c = ask(student(&w, "c@example.id").await).await;
    w.clock.advance(Duration::hours(2));
    m.send_message(&w.tutor, c, NewMessage::text("Bisa"))
        .await
        .unwrap();
    assert_eq!(rate().await, 67);
    w.clock.advance(Duration::days(2));
    assert_eq!(m.run_due().await.unwrap().response_rates_updated, 0);
    assert_eq!(rate().await, 67);
}

async fn blocking_stops_both_sides_until_the_blocker_lifts_it(store: Store) {
    let w = world(store).await;
    let m = &w.m;
    let outsider = student(&w, "luar@example.id").await;
    let conv = m
        .open_conversation(&w.student, w.student.user_id, w.profile.id)
        .await
        .unwrap();
    m.send_message(&w.student, conv.id, NewMessage::text("halo"))
        .await
        .unwrap();
    w.clock.advance(Duration::minutes(1));
    let blocked = m.block_conversation(&w.tutor, conv.id).await.unwrap();
    assert!(blocked.is_blocked);
    assert_eq!(blocked.blocked_by_user_id, Some(w.tutor.user_id));
    assert_eq!(
        m.block_conversation(&w.tutor, conv.id).await.unwrap(),
        blocked,
        "blocking again is a no-op"
    );

    let before = snapshot(&w, &[&outsider]).await;
    for who in [&w.student, &w.tutor] {
        assert_eq!(
            code(m.send_message(who, conv.id, NewMessage::text("hai")).await),
            FORBIDDEN
        );
    }
    assert_eq!(
        code(m.unblock_conversation(&w.student, conv.id).await),
        FORBIDDEN
    );
    assert_eq!(
        code(m.block_conversation(&w.student, conv.id).await),
        CONFLICT
    );
    assert_eq!(
        code(m.block_conversation(&outsider, conv.id).await),
        FORBIDDEN
    );
    assert_eq!(
        code(m.unblock_conversation(&outsider, conv.id).await),
        FORBIDDEN
    );
    assert_eq!(
        code(m.block_conversation(&w.tutor, ConversationId::new()).await),
        NOT_FOUND
    );
    assert_eq!(snapshot(&w, &[&outsider]).await, before);
    // History stays readable while blocked.
    assert_eq!(
        m.message_history(&w.student, conv.id, None, 10)
            .await
            .unwrap()
            .len(),
        1
    );

    w.clock.advance(Duration::minutes(1));
    let open = m.unblock_conversation(&w.tutor, conv.id).await.unwrap();
    assert!(!open.is_blocked && open.blocked_by_user_id.is_none());
    assert_eq!(
        m.unblock_conversation(&w.student, conv.id).await.unwrap(),
        open,
        "unblocking an open conversation is a no-op"
    );
    m.send_message(&w.student, conv.id, NewMessage::text("lagi"))
        .await
        .unwrap();
}

async fn chat_refusals_write_nothing(store: Store) {
    let w = world(store).await;
    let m = &w.m;
    let outsider = student(&w, "luar@example.id").await;
    let conv = m
        .open_conversation(&w.student, w.student.user_id, w.profile.id)
        .await
        .unwrap();
    let mine = m
        .send_message(&w.student, conv.id, NewMessage::text("halo"))
        .await
        .unwrap();
    let (_, other_profile, _) = tutor(m, "andi@example.id", w.teaches.subject_id).await;
    let elsewhere = m
        .open_conversation(&w.student, w.student.user_id, other_profile.id)
        .await
        .unwrap();
    let there = m
        .send_message(&w.student, elsewhere.id, NewMessage::text("halo juga"))
        .await
        .unwrap();

    let before = snapshot(&w, &[&outsider]).await;
    // Outsiders and admins neither read nor write.
    for who in [&outsider, &w.admin] {
        assert_eq!(
            code(m.send_message(who, conv.id, NewMessage::text("x")).await),
            FORBIDDEN
        );
        assert_eq!(
            code(m.message_history(who, conv.id, None, 10).await),
            FORBIDDEN
        );
        assert_eq!(
            code(m.mark_conversation_read(who, conv.id, mine.id).await),
            FORBIDDEN
        );
    }
    assert_eq!(code(m.my_conversations(&w.admin).await), FORBIDDEN);
    // Only the pair opens their conversation; a tutor writes first only to their students.
    assert_eq!(
        code(
            m.open_conversation(&outsider, w.student.user_id, w.profile.id)
                .await
        ),
        FORBIDDEN
    );
    assert_eq!(
        code(
            m.open_conversation(&w.tutor, outsider.user_id, w.profile.id)
                .await
        ),
        FORBIDDEN
    );
    assert_eq!(
        code(
            m.open_conversation(&w.admin, w.student.user_id, w.profile.id)
                .await
        ),
        FORBIDDEN
    );
    assert_eq!(
        code(
            m.open_conversation(&w.student, w.student.user_id, TutorProfileId::new())
                .await
        ),
        NOT_FOUND
    );
    assert_eq!(
        code(
            m.send_message(&w.student, ConversationId::new(), NewMessage::text("x"))
                .await
        ),
        NOT_FOUND
    );
    assert_eq!(
        code(m.mark_conversation_read(&w.tutor, conv.id, there.id).await),
        NOT_FOUND
    );
    // Bad payloads name their field.
    let bad = [
        (NewMessage::text("   "), "content"),
        (NewMessage::text("x".repeat(4001)), "content"),
        (
            NewMessage {
                file_url: Some("https://cdn.example/a.png".into()),
                ..NewMessage::text("lihat")
            },
            "file_url",
        ),
        (
            NewMessage {
                message_type: MessageType::Image,
                content: None,
                file_url: None,
            },
            "file_url",
        ),
        (
            NewMessage {
                message_type: MessageType::File,
                content: None,
                file_url: Some("http://cdn.example/a.pdf".into()),
            },
            "file_url",
        ),
    ];
    for (msg, field) in bad {
        assert_eq!(
            code(m.send_message(&w.student, conv.id, msg).await),
            validation(field)
        );
    }
    for limit in [0, 101] {
        assert_eq!(
            code(m.message_history(&w.student, conv.id, None, limit).await),
            validation("limit")
        );
    }
    assert_eq!(snapshot(&w, &[&outsider]).await, before);
}

// ---------------------------------------------------------------------------------------
// Favorites

async fn favorites_are_idempotent_and_show_tutor_summaries(store: Store) {
    let w = world(store).await;
    let m = &w.m;
    let first = m.add_favorite(&w.student, w.profile.id).await.unwrap();
    let adds: Vec<_> = (0..8)
        .map(|_| {
            let m = w.m.clone();
            let (s, t) = (w.student, w.profile.id);
            tokio::spawn(async move { m.add_favorite(&s, t).await })
        })
        .collect();
    for task in adds {
        assert_eq!(task.await.unwrap().unwrap(), first);
    }
    let list = m.my_favorites(&w.student).await.unwrap();
    assert_eq!(
        list,
        vec![FavoriteTutor {
            tutor_profile_id: w.profile.id,
            user_id: w.tutor.user_id,
            full_name: "Rina Wijaya".into(),
            avatar_url: None,
            headline: Some("Guru Matematika".into()),
            rating_avg: Decimal::ZERO,
            rating_count: 0,
            hourly_rate: Decimal::from(150_000),
            currency: Currency::IDR,
            favorited_at: start_now(),
        }]
    );
    // A tutor that is not active drops out of the list (and cannot be added) until active.
    let (_, paused, _) = tutor(m, "andi@example.id", w.teaches.subject_id).await;
    w.clock.advance(Duration::minutes(1));
    m.add_favorite(&w.student, paused.id).await.unwrap();
    assert_eq!(
        m.my_favorites(&w.student).await.unwrap()[0].tutor_profile_id,
        paused.id
    );
    let inactive = TutorProfile {
        status: TutorStatus::Inactive,
        ..profile(&w, paused.id).await
    };
    let mut tx = m.store().begin().await.unwrap();
    tx.update_tutor_profile(&inactive).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(m.my_favorites(&w.student).await.unwrap().len(), 1);

    let before = snapshot(&w, &[]).await;
    assert_eq!(code(m.add_favorite(&w.student, paused.id).await), NOT_FOUND);
    assert_eq!(
        code(m.add_favorite(&w.student, TutorProfileId::new()).await),
        NOT_FOUND
    );
    for who in [&w.tutor, &w.admin] {
        assert_eq!(code(m.add_favorite(who, w.profile.id).await), FORBIDDEN);
        assert_eq!(code(m.remove_favorite(who, w.profile.id).await), FORBIDDEN);
        assert_eq!(code(m.my_favorites(who).await), FORBIDDEN);
    }
    assert_eq!(snapshot(&w, &[]).await, before);

    assert!(m.remove_favorite(&w.student, w.profile.id).await.unwrap());
    assert!(!m.remove_favorite(&w.student, w.profile.id).await.unwrap());
    assert!(m.my_favorites(&w.student).await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------
// Progress logs

fn note(summary: &str) -> ProgressNote {
    ProgressNote {
        summary: Some(summary.into()),
        homework: Some("Latihan 3.1 no. 1–10".into()),
        next_plan: Some("Fungsi kuadrat".into()),
        attachment_url: Some("https://cdn.example/ws.pdf".into()),
    }
}

async fn progress_logs_are_written_by_the_tutor_for_the_student(store: Store) {
    let w = world(store).await;
    let m = &w.m;
    let lesson = paid_lesson(&w, &w.student, day(0)).await;
    // Not before the lesson starts.
    assert_eq!(
        code(m.write_progress_log(&w.tutor, lesson.id, note("x")).await),
        INVALID
    );
    w.clock.set(day(0));
    let log = m
        .write_progress_log(&w.tutor, lesson.id, note(" Persamaan kuadrat "))
        .await
        .unwrap();
    assert_eq!(log.summary.as_deref(), Some("Persamaan kuadrat"));
    assert_eq!(
        (log.student_id, log.tutor_profile_id),
        (w.student.user_id, w.profile.id)
    );
    w.clock.advance(Duration::hours(2));
    m.confirm_lesson(&w.student, lesson.id).await.unwrap();
    let updated = m
        .update_progress_log(
            &w.tutor,
            log.id,
            ProgressNote {
                homework: None,
                ..note("Persamaan kuadrat, rumus abc")
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.homework, None);
    assert_eq!(updated.updated_at, day(0) + Duration::hours(2));
    // A second tutor's lesson with the same student, logged after completion.
    let (other_tutor, other_profile, other_teaches) =
        tutor(m, "andi@example.id", w.teaches.subject_id).await;
    let b = m
        .create_booking(&w.student, online(other_teaches.id, day(1)))
        .await
        .unwrap();
    let c = m
        .checkout(&w.student, b.id, PaymentProvider::Midtrans)
        .await
        .unwrap();
    m.apply_payment_update(paid(&c.payment)).await.unwrap();
    w.clock.set(day(1) + Duration::hours(2));
    m.confirm_lesson(&w.student, b.id).await.unwrap();
    let theirs = m
        .write_progress_log(&other_tutor, b.id, note("Trigonometri"))
        .await
        .unwrap();
    assert_eq!(theirs.tutor_profile_id, other_profile.id);

    assert_eq!(
        m.progress_logs(&w.student, w.student.user_id)
            .await
            .unwrap(),
        vec![theirs.clone(), updated.clone()]
    );
    assert_eq!(
        m.progress_logs(&w.tutor, w.student.user_id).await.unwrap(),
        vec![updated.clone()]
    );
    assert_eq!(
        m.progress_logs(&other_tutor, w.student.user_id)
            .await
            .unwrap(),
        vec![theirs.clone()]
    );

    let outsider = student(&w, "luar@example.id").await;
    let before = snapshot(&w, &[&outsider]).await;
    for who in [&outsider, &w.admin] {
        assert_eq!(
            code(m.progress_logs(who, w.student.user_id).await),
            FORBIDDEN
        );
    }
    for who in [&w.student, &w.admin, &outsider, &other_tutor] {
        assert_eq!(
            code(m.write_progress_log(who, lesson.id, note("x")).await),
            FORBIDDEN
        );
    }
    for who in [&w.student, &w.admin, &other_tutor] {
        assert_eq!(
            code(m.update_progress_log(who, log.id, note("x")).await),
            FORBIDDEN
        );
    }
    assert_eq!(
        code(
            m.write_progress_log(&w.tutor, BookingId::new(), note("x"))
                .await
        ),
        NOT_FOUND
    );
    assert_eq!(
        code(
            m.update_progress_log(&w.tutor, ProgressLogId::new(), note("x"))
                .await
        ),
        NOT_FOUND
    );
    let bad = [
        (ProgressNote::default(), "summary"),
        (
            ProgressNote {
                homework: Some("x".repeat(4001)),
                ..note("x")
            },
            "homework",
        ),
        (
            ProgressNote {
                next_plan: Some("x".repeat(4001)),
                ..note("x")
            },
            "next_plan",
        ),
        (
            ProgressNote {
                attachment_url: Some("http://cdn.example/ws.pdf".into()),
                ..note("x")
            },
            "attachment_url",
        ),
    ];
    for (n, field) in bad {
        assert_eq!(
            code(m.write_progress_log(&w.tutor, lesson.id, n.clone()).await),
            validation(field)
        );
        assert_eq!(
            code(m.update_progress_log(&w.tutor, log.id, n).await),
            validation(field)
        );
    }
    assert_eq!(snapshot(&w, &[&outsider]).await, before);
    // A cancelled lesson gets no notes.
    let cancelled = paid_lesson(&w, &w.student, day(7)).await;
    m.cancel_booking(&w.tutor, cancelled.id, None)
        .await
        .unwrap();
    let before = snapshot(&w, &[&outsider]).await;
    assert_eq!(
        code(
            m.write_progress_log(&w.tutor, cancelled.id, note("x"))
                .await
        ),
        INVALID
    );
    assert_eq!(snapshot(&w, &[&outsider]).await, before);
}

conformance!(
    reviews_keep_the_rating_exact_through_moderation,
    review_refusals_write_nothing,
    one_conversation_per_pair_under_16_concurrent_opens,
    messages_page_notify_and_count_unread,
    the_response_rate_follows_first_answers,
    run_due_lowers_the_rate_of_a_tutor_who_stops_answering,
    blocking_stops_both_sides_until_the_blocker_lifts_it,
    chat_refusals_write_nothing,
    favorites_are_idempotent_and_show_tutor_summaries,
    progress_logs_are_written_by_the_tutor_for_the_student,
);
