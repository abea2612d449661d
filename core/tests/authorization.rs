//! Authorization matrix (reliability drill, issue 10): every public facade method × every kind
//! of actor, with the outcome each cell must have, in one table ([`rows`]).
//!
//! Columns: the owning student, another student, the owning tutor, another tutor, an admin,
//! then four actors who must never get through: the row's principal (the first of owning
//! student, owning tutor, admin, other student, other tutor the row lets through) with their
//! account suspended, the same principal deleted, a forged actor (an id no account has, in the
//! principal's role), and an impostor (a real account claiming the principal's role, which is
//! not its own). The facade has no anonymous actor: methods that take none are listed in
//! [`NO_ACTOR`] with the reason, and the ones an anonymous caller can reach are probed in
//! [`probes`].
//!
//! Every refused cell (any error) must change nothing: the whole database (every table, row
//! count plus a digest of its rows in a fixed order) is compared before and after the call.
//! That comparison is what makes one shared fixture per database safe for all refused cells.
//! Allowed cells do change things (a cancelled booking cannot be cancelled again), so they run
//! afterwards, one fresh fixture per actor column, in table order: each row that changes state
//! has a target of its own, and `delete_account` comes last.
//!
//! A facade method without a row (or a [`NO_ACTOR`] entry) fails the test: the list of methods
//! is read from `src/marketplace/*.rs` the way `.ci/facade_methods.py` reads it.

mod support;

use blajarplus::clock::FixedClock;
use blajarplus::marketplace::*;
use blajarplus::store::{Store, StoreOptions, UserRepo};
use blajarplus::types::*;
use blajarplus::{Actor, Marketplace};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use rust_decimal::Decimal;
use sqlx::Connection;
use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use support::market::{MIDTRANS_KEY, XENDIT_TOKEN, online};

type Fut = Pin<Box<dyn Future<Output = blajarplus::Result<()>> + Send>>;
type Call = fn(Arc<Fx>, Actor) -> Fut;
type Probe = fn(Arc<Fx>) -> Fut;

/// An expected outcome: `ok`, or the stable error code ([`blajarplus::Error::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Exp(&'static str);

const OK: Exp = Exp("ok");
/// forbidden
const FB: Exp = Exp("forbidden");
/// not_found: the record is not visible to the actor (their own ids only).
const NF: Exp = Exp("not_found");
/// invalid_transition: allowed actor, but the record's state refuses the move.
const IT: Exp = Exp("invalid_transition");
/// validation: allowed actor, refused input (e.g. more than the wallet holds).
const VA: Exp = Exp("validation");
/// conflict: allowed actor, the record exists already.
const CF: Exp = Exp("conflict");
const UA: Exp = Exp("unauthenticated");
const PR: Exp = Exp("payment_rejected");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    OwnStudent,
    OtherStudent,
    OwnTutor,
    OtherTutor,
    Admin,
    Suspended,
    Deleted,
    Forged,
    Impostor,
}

const COLUMNS: [Who; 9] = [
    Who::OwnStudent,
    Who::OtherStudent,
    Who::OwnTutor,
    Who::OtherTutor,
    Who::Admin,
    Who::Suspended,
    Who::Deleted,
    Who::Forged,
    Who::Impostor,
];

/// Who stands in for the suspended, deleted, forged and impostor columns: the owners first.
const PRINCIPALS: [Who; 5] = [
    Who::OwnStudent,
    Who::OwnTutor,
    Who::Admin,
    Who::OtherStudent,
    Who::OtherTutor,
];

struct Row {
    method: &'static str,
    /// What the call targets, for failure messages.
    on: &'static str,
    expect: [Exp; 9],
    call: Call,
}

macro_rules! row {
    ($method:literal, $on:literal, $expect:expr, |$f:ident, $a:ident| $call:expr) => {
        Row {
            method: $method,
            on: $on,
            expect: $expect,
            call: |$f: Arc<Fx>, $a: Actor| -> Fut {
                Box::pin(async move { $call.await.map(drop) })
            },
        }
    };
}

/// The facade methods that take no actor, and why.
#[rustfmt::skip]
const NO_ACTOR: &[(&str, &str)] = &[
    ("open", "the constructor: the host opens its database before anyone acts"),
    ("register_user", "sign-up: there is no account to act as yet"),
    ("login", "where an actor comes from: authenticated by the password (probed below)"),
    ("bootstrap_admin", "one-time setup, refused once an admin exists (probed below)"),
    ("run_due", "time-driven job run by the host's scheduler, acts as the system"),
    ("verify_ledger", "read-only audit for operators (probed below)"),
    ("handle_midtrans_notification", "authenticated by the provider's signature (probed)"),
    ("handle_xendit_callback", "authenticated by the x-callback-token (probed below)"),
    ("apply_payment_update", "a notification the host has verified; unknown orders refused"),
    ("claim_outbox", "the host's delivery worker"),
    ("ack_outbox", "the host's delivery worker"),
    ("catalog", "public read for anonymous visitors (probed below)"),
    ("search_tutors", "public read for anonymous visitors (probed below)"),
    ("tutor_reviews", "public read for anonymous visitors (probed below)"),
    ("available_slots", "public read for anonymous visitors (probed below)"),
];

/// The matrix. Columns: own student, other student, own tutor, other tutor, admin | suspended
/// principal, deleted principal, forged id, impostor. Rows that change state are ordered so
/// that no allowed cell spoils a later row's target in the same fixture.
#[rustfmt::skip]
fn rows() -> Vec<Row> {
    vec![
        // ---- addresses: only one's own; another's address id is not_found, even for admins.
        row!("add_address", "own account", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.add_address(&a, NewAddress { city: Some("Bandung".into()), ..NewAddress::default() })),
        row!("update_address", "student's address", [OK, NF, NF, NF, NF, FB, FB, FB, FB],
            |f, a| f.m.update_address(&a, f.a_upd, NewAddress { label: Some("Kos".into()), ..NewAddress::default() })),
        row!("set_primary_address", "student's address", [OK, NF, NF, NF, NF, FB, FB, FB, FB],
            |f, a| f.m.set_primary_address(&a, f.a_prim)),
        row!("delete_address", "student's address", [OK, NF, NF, NF, NF, FB, FB, FB, FB],
            |f, a| f.m.delete_address(&a, f.a_del)),
        row!("list_addresses", "own account", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.list_addresses(&a)),
        // ---- bookings: the booking's student, tutor and admins, per the transition table.
        row!("create_booking", "tutor's free slot", [OK, OK, FB, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.create_booking(&a, online(f.ts, at(SLOT_X)))),
        row!("checkout", "draft", [OK, FB, FB, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.checkout(&a, f.b_draft, PaymentProvider::Midtrans)),
        row!("cancel_booking", "confirmed, upcoming", [OK, FB, OK, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.cancel_booking(&a, f.b_cancel, Some("berhalangan".into()))),
        row!("confirm_lesson", "confirmed, ended", [OK, FB, FB, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.confirm_lesson(&a, f.b_confirm)),
        row!("report_no_show", "confirmed, started", [FB, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.report_no_show(&a, f.b_noshow)),
        row!("dispute_booking", "confirmed, in the window", [OK, FB, FB, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.dispute_booking(&a, f.b_dispute, "tutor tidak datang".into())),
        row!("resolve_dispute", "disputed", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.resolve_dispute(&a, f.b_disputed, DisputeResolution::Refund, None)),
        row!("request_reschedule", "confirmed, upcoming", [OK, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.request_reschedule(&a, f.b_resched_req, at(SLOT_Y))),
        // The tutor asked: only the student answers.
        row!("respond_reschedule", "tutor's request", [OK, FB, FB, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.respond_reschedule(&a, f.b_resched_open, false)),
        row!("get_booking", "confirmed", [OK, FB, OK, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.get_booking(&a, f.b_confirmed)),
        row!("booking_history", "confirmed", [OK, FB, OK, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.booking_history(&a, f.b_confirmed)),
        row!("my_bookings", "own bookings", [OK, OK, OK, OK, FB, FB, FB, FB, FB],
            |f, a| f.m.my_bookings(&a, at(T0), at(T0) + Duration::days(30))),
        // ---- chat: the two participants only.
        row!("open_conversation", "student–tutor pair", [OK, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.open_conversation(&a, f.os.user_id, f.p)),
        row!("send_message", "their conversation", [OK, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.send_message(&a, f.conv, NewMessage::text("Halo"))),
        row!("message_history", "their conversation", [OK, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.message_history(&a, f.conv, None, 20)),
        row!("mark_conversation_read", "their conversation", [OK, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.mark_conversation_read(&a, f.conv, f.msg_ot)),
        row!("my_conversations", "own inbox", [OK, OK, OK, OK, FB, FB, FB, FB, FB],
            |f, a| f.m.my_conversations(&a)),
        row!("block_conversation", "their conversation", [OK, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.block_conversation(&a, f.conv)),
        // Runs after the same actor's block in the allowed phase.
        row!("unblock_conversation", "their conversation", [OK, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.unblock_conversation(&a, f.conv)),
        // ---- favorites: students only.
        row!("add_favorite", "active tutor", [OK, OK, FB, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.add_favorite(&a, f.p)),
        row!("remove_favorite", "active tutor", [OK, OK, FB, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.remove_favorite(&a, f.p)),
        row!("my_favorites", "own list", [OK, OK, FB, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.my_favorites(&a)),
        // ---- wallets and withdrawals: tutors withdraw their own, admins pay out.
        row!("request_withdrawal", "own wallet", [FB, FB, OK, VA, FB, FB, FB, FB, FB],
            |f, a| f.m.request_withdrawal(&a, Decimal::from(1_000))),
        row!("mark_withdrawal_paid", "tutor's request", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.mark_withdrawal_paid(&a, f.w_pay, Some("BCA-1".into()))),
        row!("reject_withdrawal", "tutor's request", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.reject_withdrawal(&a, f.w_reject, Some("rekening salah".into()))),
        // ---- moderation
        row!("report", "a booking", [OK, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.report(&a, report_of(ReportTargetType::Booking, f.b_confirmed.as_uuid()))),
        row!("report", "a chat message", [OK, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.report(&a, report_of(ReportTargetType::Message, f.msg_ot.as_uuid()))),
        row!("report", "a review", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.report(&a, report_of(ReportTargetType::Review, f.review.as_uuid()))),
        row!("report", "the student's account", [FB, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.report(&a, report_of(ReportTargetType::User, f.os.user_id.as_uuid()))),
        row!("report", "the tutor's profile", [OK, OK, FB, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.report(&a, report_of(ReportTargetType::TutorProfile, f.p.as_uuid()))),
        row!("list_reports", "the queue", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.list_reports(&a, ReportStatus::Open)),
        row!("handle_report", "student's report", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.handle_report(&a, f.report, ReportStatus::Investigating)),
        row!("ban_tutor", "a third tutor", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.ban_tutor(&a, f.pv, "penipuan".into())),
        // ---- notifications: another user's notification id is not_found.
        row!("list_notifications", "page after student's", [OK, NF, NF, NF, NF, FB, FB, FB, FB],
            |f, a| f.m.list_notifications(&a, Some(f.n_os), 20)),
        row!("unread_notification_count", "own", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.unread_notification_count(&a)),
        row!("mark_notification_read", "student's", [OK, NF, NF, NF, NF, FB, FB, FB, FB],
            |f, a| f.m.mark_notification_read(&a, f.n_os)),
        row!("mark_all_notifications_read", "own", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.mark_all_notifications_read(&a)),
        // ---- packages
        row!("create_package", "own profile", [FB, FB, OK, OK, FB, FB, FB, FB, FB],
            |f, a| f.m.create_package(&a, NewPackage {
                name: "Paket 2x".into(), tutor_subject_id: None, session_count: 2,
                session_minutes: 60, total_price: Decimal::from(250_000), valid_days: 30 })),
        row!("set_package_active", "tutor's package", [FB, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.set_package_active(&a, f.pkg, true)),
        row!("list_packages", "tutor's packages", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.list_packages(&a, f.p)),
        row!("buy_package", "tutor's package", [OK, OK, FB, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.buy_package(&a, f.pkg, PaymentProvider::Xendit)),
        row!("my_purchases", "own purchases", [OK, OK, FB, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.my_purchases(&a)),
        row!("book_with_package", "draft + student's purchase", [OK, FB, FB, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.book_with_package(&a, f.b_draft_pkg, f.purchase)),
        // ---- payments
        row!("confirm_manual_payment", "pending manual payment", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.confirm_manual_payment(&a, f.manual_payment)),
        // ---- profiles and documents
        row!("get_tutor_profile", "active profile", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.get_tutor_profile(&a, f.p)),
        row!("get_tutor_profile", "other tutor's draft", [NF, NF, NF, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.get_tutor_profile(&a, f.p2)),
        row!("update_tutor_profile", "own profile", [FB, FB, OK, OK, FB, FB, FB, FB, FB],
            |f, a| f.m.update_tutor_profile(&a, profile_fields())),
        row!("update_tutor_subject", "tutor's offering", [FB, FB, OK, NF, FB, FB, FB, FB, FB],
            |f, a| f.m.update_tutor_subject(&a, f.ts, TutorSubjectUpdate {
                price_override: None, description: Some("UTBK".into()), is_active: true })),
        row!("list_tutor_subjects", "tutor's offerings", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.list_tutor_subjects(&a, f.p)),
        row!("submit_document", "own profile", [FB, FB, OK, OK, FB, FB, FB, FB, FB],
            |f, a| f.m.submit_document(&a, DocType::Certificate, "https://files.example/s.pdf".into())),
        row!("list_documents", "tutor's documents", [FB, FB, OK, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.list_documents(&a, f.p)),
        row!("review_document", "tutor's pending document", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.review_document(&a, f.doc, true, None)),
        row!("update_category", "the catalogue", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.update_category(&a, f.cat, "Akademik", true)),
        row!("update_subject", "the catalogue", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.update_subject(&a, f.math, "Matematika", Some(f.cat), true)),
        // ---- progress notes: written by the lesson's tutor, read by the student and tutors.
        row!("write_progress_log", "confirmed, started", [FB, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.write_progress_log(&a, f.b_progress, note())),
        row!("update_progress_log", "tutor's note", [FB, FB, OK, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.update_progress_log(&a, f.log, note())),
        // Another tutor may ask, and sees only the notes they wrote (none).
        row!("progress_logs", "the student's notes", [OK, FB, OK, OK, FB, FB, FB, FB, FB],
            |f, a| f.m.progress_logs(&a, f.os.user_id)),
        // ---- reviews
        row!("write_review", "completed lesson", [OK, FB, FB, FB, FB, FB, FB, FB, FB],
            |f, a| f.m.write_review(&a, f.b_completed, NewReview { rating: 5, comment: None })),
        row!("moderate_review", "student's review", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.moderate_review(&a, f.review, ReviewStatus::Hidden, Some("kasar".into()))),
        // ---- search
        row!("rebuild_search_index", "every profile", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.rebuild_search_index(&a)),
        // ---- tutors' own profile and calendar (both tutors have a profile already).
        row!("create_tutor_profile", "own profile", [FB, FB, CF, CF, FB, FB, FB, FB, FB],
            |f, a| f.m.create_tutor_profile(&a, profile_fields())),
        row!("create_category", "the catalogue", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.create_category(&a, "Bahasa")),
        row!("create_subject", "the catalogue", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.create_subject(&a, "Fisika", Some(f.cat))),
        row!("add_tutor_subject", "own profile", [FB, FB, OK, OK, FB, FB, FB, FB, FB],
            |f, a| f.m.add_tutor_subject(&a, NewTutorSubject {
                subject_id: f.math, level: Level::Smp, price_override: None, description: None })),
        row!("set_weekly_availability", "own calendar", [FB, FB, OK, OK, FB, FB, FB, FB, FB],
            |f, a| f.m.set_weekly_availability(&a, weekdays())),
        row!("add_time_off", "own calendar", [FB, FB, OK, OK, FB, FB, FB, FB, FB],
            |f, a| f.m.add_time_off(&a, at(FAR), at(FAR) + Duration::days(2), None)),
        row!("set_date_override", "own calendar", [FB, FB, OK, OK, FB, FB, FB, FB, FB],
            |f, a| f.m.set_date_override(&a, at(FAR).date_naive(), vec![(hm(9), hm(11))])),
        // The other tutor's profile is a draft; publishing next makes the tutor's active again.
        row!("deactivate_tutor_profile", "own profile", [FB, FB, OK, IT, FB, FB, FB, FB, FB],
            |f, a| f.m.deactivate_tutor_profile(&a)),
        row!("publish_tutor_profile", "own profile", [FB, FB, OK, OK, FB, FB, FB, FB, FB],
            |f, a| f.m.publish_tutor_profile(&a)),
        // ---- accounts
        row!("change_password", "own account", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.change_password(&a, None, "rahasia-baru-123".into())),
        row!("update_profile", "own account", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.update_profile(&a, ProfileUpdate { gender: Some("L".into()), ..ProfileUpdate::default() })),
        row!("set_user_status", "a third tutor", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.set_user_status(&a, f.victim, UserStatus::Suspended)),
        row!("delete_user", "a third tutor", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.delete_user(&a, f.victim)),
        row!("create_admin", "a new admin", [FB, FB, FB, FB, OK, FB, FB, FB, FB],
            |f, a| f.m.create_admin(&a, "Admin Dua", "admin2@blajarplus.id")),
        row!("me", "own account", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.me(&a)),
        row!("my_wallet", "own wallet", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.my_wallet(&a)),
        // Last: the actor is gone afterwards.
        row!("delete_account", "own account", [OK, OK, OK, OK, OK, FB, FB, FB, FB],
            |f, a| f.m.delete_account(&a)),
    ]
}

/// Calls that take no actor, made anonymously: public reads must work and change nothing;
/// the authenticated ones must refuse a forged credential and change nothing.
#[rustfmt::skip]
fn probes() -> Vec<(&'static str, &'static str, Exp, Probe)> {
    fn p(f: fn(Arc<Fx>) -> Fut) -> Probe { f }
    vec![
        ("catalog", "anonymous", OK, p(|f| Box::pin(async move { f.m.catalog().await.map(drop) }))),
        ("search_tutors", "anonymous", OK,
            p(|f| Box::pin(async move { f.m.search_tutors(TutorSearch::default()).await.map(drop) }))),
        ("tutor_reviews", "anonymous", OK,
            p(|f| Box::pin(async move { f.m.tutor_reviews(f.p, None, 10).await.map(drop) }))),
        ("available_slots", "anonymous", OK, p(|f| Box::pin(async move {
            f.m.available_slots(f.p, at(NOW), at(NOW) + Duration::days(7), 60).await.map(drop) }))),
        ("verify_ledger", "anonymous", OK, p(|f| Box::pin(async move { f.m.verify_ledger().await.map(drop) }))),
        ("login", "wrong password", UA,
            p(|f| Box::pin(async move { f.m.login("budi@example.id", "bukan-sandinya").await.map(drop) }))),
        ("bootstrap_admin", "an admin exists", FB,
            p(|f| Box::pin(async move { f.m.bootstrap_admin("Penyusup", "x@example.id").await.map(drop) }))),
        ("handle_midtrans_notification", "forged signature", PR, p(|f| Box::pin(async move {
            let body = serde_json::json!({
                "order_id": f.manual_payment.to_string(), "status_code": "200",
                "gross_amount": "150000.00", "signature_key": "0".repeat(128),
                "transaction_status": "settlement", "currency": "IDR",
            });
            f.m.handle_midtrans_notification(body.to_string().as_bytes()).await.map(drop) }))),
        ("handle_xendit_callback", "wrong callback token", PR, p(|f| Box::pin(async move {
            let body = serde_json::json!({
                "id": "inv-1", "external_id": f.manual_payment.to_string(),
                "status": "PAID", "amount": 150000, "currency": "IDR",
            });
            f.m.handle_xendit_callback(body.to_string().as_bytes(), Some("xnd-forged")).await.map(drop) }))),
        ("apply_payment_update", "unknown order", PR, p(|f| Box::pin(async move {
            let mut u = settlement(f.manual_payment, PaymentProvider::Manual, Decimal::from(150_000));
            u.order_id = PaymentId::new().to_string();
            f.m.apply_payment_update(u).await.map(drop) }))),
        ("apply_payment_update", "amount other than the order's", PR, p(|f| Box::pin(async move {
            let u = settlement(f.manual_payment, PaymentProvider::Manual, Decimal::from(1));
            f.m.apply_payment_update(u).await.map(drop) }))),
    ]
}

// ---- time: Jakarta is UTC+7; the tutors teach Monday–Friday 16:00–20:00 there.

/// Wednesday: the fixture is built.
const T0: &str = "2026-11-25T01:00:00Z";
/// Tuesday evening (Jakarta) after the last lesson of the day: the matrix runs.
const NOW: &str = "2026-12-01T13:30:00Z";
const SLOT_X: &str = "2026-12-07T09:00:00Z";
const SLOT_Y: &str = "2026-12-03T09:00:00Z";
const SLOT_Z: &str = "2026-12-03T10:30:00Z";
const FAR: &str = "2027-01-12T00:00:00Z";

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn hm(h: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, 0, 0).unwrap()
}

fn weekdays() -> Vec<AvailabilityRule> {
    (1..=5)
        .map(|d| AvailabilityRule {
            day_of_week: d,
            start_time: hm(16),
            end_time: hm(20),
            slot_duration_minutes: 30,
        })
        .collect()
}

fn profile_fields() -> NewTutorProfile {
    NewTutorProfile {
        headline: Some("Guru Matematika".into()),
        teaching_modes: vec![TeachingMode::Online, TeachingMode::Offline],
        hourly_rate: Decimal::from(150_000),
        ..NewTutorProfile::default()
    }
}

fn note() -> ProgressNote {
    ProgressNote {
        summary: Some("Turunan".into()),
        homework: None,
        next_plan: None,
        attachment_url: None,
    }
}

fn report_of(target_type: ReportTargetType, id: uuid::Uuid) -> NewReport {
    NewReport {
        target_type,
        target_id: TargetId::from_uuid(id),
        reason: ReportReason::Spam,
        description: None,
    }
}

fn settlement(payment: PaymentId, provider: PaymentProvider, amount: Decimal) -> PaymentUpdate {
    PaymentUpdate {
        provider,
        order_id: payment.to_string(),
        external_id: Some(format!("ext-{payment}")),
        status: PaymentStatus::Paid,
        amount,
        currency: Currency::IDR,
        payment_method: Some("qris".into()),
        dedup_key: format!("{payment}:paid"),
        raw_payload: serde_json::json!({}),
    }
}

/// One marketplace with a record of every kind owned by the student and the tutor.
struct Fx {
    m: Marketplace,
    os: Actor,
    s2: Actor,
    ot: Actor,
    t2: Actor,
    admin: Actor,
    victim: UserId,
    p: TutorProfileId,
    p2: TutorProfileId,
    pv: TutorProfileId,
    ts: TutorSubjectId,
    cat: CategoryId,
    math: SubjectId,
    b_draft: BookingId,
    b_draft_pkg: BookingId,
    b_cancel: BookingId,
    b_confirmed: BookingId,
    b_resched_req: BookingId,
    b_resched_open: BookingId,
    b_confirm: BookingId,
    b_noshow: BookingId,
    b_dispute: BookingId,
    b_disputed: BookingId,
    b_progress: BookingId,
    b_completed: BookingId,
    manual_payment: PaymentId,
    conv: ConversationId,
    msg_ot: MessageId,
    n_os: NotificationId,
    a_upd: AddressId,
    a_prim: AddressId,
    a_del: AddressId,
    doc: DocumentId,
    pkg: PackageId,
    purchase: PurchaseId,
    log: ProgressLogId,
    review: ReviewId,
    report: ReportId,
    w_pay: WithdrawalId,
    w_reject: WithdrawalId,
}

impl Fx {
    fn actor(&self, who: Who, principal: Who) -> Actor {
        match who {
            Who::OwnStudent => self.os,
            Who::OtherStudent => self.s2,
            Who::OwnTutor => self.ot,
            Who::OtherTutor => self.t2,
            Who::Admin => self.admin,
            Who::Suspended | Who::Deleted => self.actor(principal, principal),
            Who::Forged => Actor {
                user_id: UserId::new(),
                role: self.actor(principal, principal).role,
            },
            // A real account claiming the principal's role, which is not its own.
            Who::Impostor => match self.actor(principal, principal).role {
                Role::Student => Actor {
                    user_id: self.ot.user_id,
                    role: Role::Student,
                },
                role => Actor {
                    user_id: self.os.user_id,
                    role,
                },
            },
        }
    }

    /// Sets an account's status behind the facade's back; returns the record to restore.
    async fn set_status(&self, user: UserId, status: UserStatus) -> User {
        let mut tx = self.m.store().begin().await.unwrap();
        let original = tx.get_user(user).await.unwrap().unwrap();
        let mut u = original.clone();
        u.status = status;
        if status == UserStatus::Deleted {
            u.deleted_at = Some(self.m.now());
        }
        // A changed updated_at keeps the updated_at triggers out of the way, so the
        // restore below writes back exactly the original row.
        u.updated_at = original.updated_at + Duration::microseconds(1);
        tx.update_user(&u).await.unwrap();
        tx.commit().await.unwrap();
        original
    }

    async fn restore(&self, original: &User) {
        let mut tx = self.m.store().begin().await.unwrap();
        tx.update_user(original).await.unwrap();
        tx.commit().await.unwrap();
    }
}

async fn register(m: &Marketplace, role: Role, name: &str, email: &str) -> Actor {
    let u = m
        .register_user(NewUser {
            role,
            full_name: name.into(),
            email: Some(email.into()),
            phone: None,
            password: None,
        })
        .await
        .unwrap();
    Actor {
        user_id: u.id,
        role,
    }
}

async fn pay(m: &Marketplace, p: &PaymentTransaction) {
    let out = m
        .apply_payment_update(settlement(p.id, p.provider.unwrap(), p.amount))
        .await
        .unwrap();
    assert_eq!(out, PaymentOutcome::Applied);
}

/// A confirmed, paid online lesson.
async fn lesson(m: &Marketplace, student: &Actor, ts: TutorSubjectId, start: &str) -> BookingId {
    let b = m
        .create_booking(student, online(ts, at(start)))
        .await
        .unwrap();
    let c = m
        .checkout(student, b.id, PaymentProvider::Midtrans)
        .await
        .unwrap();
    pay(m, &c.payment).await;
    b.id
}

async fn build(store: Store) -> Fx {
    let clock = Arc::new(FixedClock::new(at(T0)));
    let m = Marketplace::new(store)
        .with_clock(clock.clone())
        .with_payment_keys(PaymentKeys {
            midtrans_server_key: Some(MIDTRANS_KEY.into()),
            xendit_callback_token: Some(XENDIT_TOKEN.into()),
        });
    let admin = Actor::admin(
        m.bootstrap_admin("Admin Blajarplus", "admin@blajarplus.id")
            .await
            .unwrap()
            .id,
    );
    let cat = m.create_category(&admin, "Akademik").await.unwrap().id;
    let math = m
        .create_subject(&admin, "Matematika", Some(cat))
        .await
        .unwrap()
        .id;
    let (ot, profile, teaches) = support::market::tutor(&m, "rina@example.id", math).await;
    let (p, ts) = (profile.id, teaches.id);
    // The other tutor: a complete draft, so publishing it is allowed and succeeds.
    let t2 = register(&m, Role::Tutor, "Dewi Lestari", "dewi@example.id").await;
    let p2 = m
        .create_tutor_profile(&t2, profile_fields())
        .await
        .unwrap()
        .id;
    m.add_tutor_subject(
        &t2,
        NewTutorSubject {
            subject_id: math,
            level: Level::Sma,
            price_override: None,
            description: None,
        },
    )
    .await
    .unwrap();
    m.set_weekly_availability(&t2, weekdays()).await.unwrap();
    // A third tutor for the admin's account actions, so they spoil nothing else.
    let v = register(&m, Role::Tutor, "Joko", "joko@example.id").await;
    let pv = m
        .create_tutor_profile(&v, profile_fields())
        .await
        .unwrap()
        .id;
    let os = register(&m, Role::Student, "Budi Santoso", "budi@example.id").await;
    let s2 = register(&m, Role::Student, "Ani", "ani@example.id").await;

    // Lessons that will be over by NOW (Friday, Monday, Tuesday) and upcoming ones.
    let b_completed = lesson(&m, &os, ts, "2026-11-27T09:00:00Z").await;
    let b_reviewed = lesson(&m, &os, ts, "2026-11-27T10:30:00Z").await;
    let b_confirm = lesson(&m, &os, ts, "2026-11-30T09:00:00Z").await;
    let b_progress = lesson(&m, &os, ts, "2026-11-30T10:30:00Z").await;
    let b_disputed = lesson(&m, &os, ts, "2026-12-01T09:00:00Z").await;
    let b_dispute = lesson(&m, &os, ts, "2026-12-01T10:30:00Z").await;
    let b_noshow = lesson(&m, &os, ts, "2026-12-01T12:00:00Z").await;
    let b_confirmed = lesson(&m, &os, ts, "2026-12-02T09:00:00Z").await;
    let b_cancel = lesson(&m, &os, ts, "2026-12-02T10:30:00Z").await;
    let b_resched_req = lesson(&m, &os, ts, "2026-12-02T12:00:00Z").await;
    let b_resched_open = lesson(&m, &os, ts, "2026-12-03T12:00:00Z").await;
    m.request_reschedule(&ot, b_resched_open, at(SLOT_Z))
        .await
        .unwrap();
    let b_draft = m
        .create_booking(&os, online(ts, at("2026-12-04T09:00:00Z")))
        .await
        .unwrap()
        .id;
    let b_draft_pkg = m
        .create_booking(&os, online(ts, at("2026-12-04T10:30:00Z")))
        .await
        .unwrap()
        .id;
    let b_manual = m
        .create_booking(&os, online(ts, at("2026-12-04T12:00:00Z")))
        .await
        .unwrap()
        .id;
    let manual_payment = m
        .checkout(&os, b_manual, PaymentProvider::Manual)
        .await
        .unwrap()
        .payment
        .id;

    let pkg = m
        .create_package(
            &ot,
            NewPackage {
                name: "Paket 3x".into(),
                tutor_subject_id: Some(ts),
                session_count: 3,
                session_minutes: 60,
                total_price: Decimal::from(400_000),
                valid_days: 28,
            },
        )
        .await
        .unwrap()
        .id;
    let bought = m
        .buy_package(&os, pkg, PaymentProvider::Midtrans)
        .await
        .unwrap();
    pay(&m, &bought.payment).await;

    let conv = m.open_conversation(&os, os.user_id, p).await.unwrap().id;
    m.send_message(&os, conv, NewMessage::text("Kak, bisa les kalkulus?"))
        .await
        .unwrap();
    let msg_ot = m
        .send_message(&ot, conv, NewMessage::text("Bisa, silakan pilih jadwal"))
        .await
        .unwrap()
        .id;
    let address = |label: &str| NewAddress {
        label: Some(label.into()),
        city: Some("Jakarta Selatan".into()),
        ..NewAddress::default()
    };
    let a_upd = m.add_address(&os, address("Rumah")).await.unwrap().id;
    let a_prim = m.add_address(&os, address("Kampus")).await.unwrap().id;
    let a_del = m.add_address(&os, address("Lama")).await.unwrap().id;
    m.add_favorite(&os, p).await.unwrap();
    let doc = m
        .submit_document(
            &ot,
            DocType::Diploma,
            "https://files.example/ijazah.pdf".into(),
        )
        .await
        .unwrap()
        .id;
    let report = m
        .report(&os, report_of(ReportTargetType::User, t2.user_id.as_uuid()))
        .await
        .unwrap()
        .id;
    let n_os = m.list_notifications(&os, None, 1).await.unwrap()[0].id;

    // Friday after the lessons: two complete, one is reviewed and noted; the tutor has
    // earnings to withdraw.
    clock.set(at("2026-11-27T12:00:00Z"));
    m.confirm_lesson(&os, b_completed).await.unwrap();
    m.confirm_lesson(&os, b_reviewed).await.unwrap();
    let review = m
        .write_review(
            &os,
            b_reviewed,
            NewReview {
                rating: 4,
                comment: Some("Jelas".into()),
            },
        )
        .await
        .unwrap()
        .id;
    let log = m
        .write_progress_log(&ot, b_reviewed, note())
        .await
        .unwrap()
        .id;
    let w_pay = m
        .request_withdrawal(&ot, Decimal::from(50_000))
        .await
        .unwrap()
        .id;
    let w_reject = m
        .request_withdrawal(&ot, Decimal::from(50_000))
        .await
        .unwrap()
        .id;
    // Tuesday, during the first lesson: the student disputes it.
    clock.set(at("2026-12-01T09:30:00Z"));
    m.dispute_booking(&os, b_disputed, "tutor terlambat".into())
        .await
        .unwrap();
    clock.set(at(NOW));

    Fx {
        m,
        os,
        s2,
        ot,
        t2,
        admin,
        victim: v.user_id,
        p,
        p2,
        pv,
        ts,
        cat,
        math,
        b_draft,
        b_draft_pkg,
        b_cancel,
        b_confirmed,
        b_resched_req,
        b_resched_open,
        b_confirm,
        b_noshow,
        b_dispute,
        b_disputed,
        b_progress,
        b_completed,
        manual_payment,
        conv,
        msg_ot,
        n_os,
        a_upd,
        a_prim,
        a_del,
        doc,
        pkg,
        purchase: bought.purchase.id,
        log,
        review,
        report,
        w_pay,
        w_reject,
    }
}

// ---- the database underneath, read behind the facade's back

enum Raw {
    Pg(sqlx::PgConnection),
    Lite(sqlx::SqliteConnection),
}

/// Per table: name, row count, and a digest (PostgreSQL) or dump (SQLite) of its rows in a
/// fixed order.
type Snapshot = Vec<(String, i64, String)>;

impl Raw {
    /// One statement that snapshots every table.
    async fn snapshot_sql(&mut self) -> String {
        match self {
            Raw::Pg(c) => {
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
                )
                .fetch_all(&mut *c)
                .await
                .unwrap();
                tables
                    .iter()
                    .map(|t| {
                        format!(
                            "SELECT '{t}'::text, count(*)::bigint, \
                             coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '') \
                             FROM \"{t}\" x"
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" UNION ALL ")
            }
            Raw::Lite(c) => {
                let tables: Vec<String> = sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'table' \
                     AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY 1",
                )
                .fetch_all(&mut *c)
                .await
                .unwrap();
                let mut parts = Vec::new();
                for t in &tables {
                    let columns: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                        "SELECT name FROM pragma_table_info('{t}') ORDER BY cid"
                    )))
                    .fetch_all(&mut *c)
                    .await
                    .unwrap();
                    let row = columns
                        .iter()
                        .map(|col| format!("quote(\"{col}\")"))
                        .collect::<Vec<_>>()
                        .join(" || '|' || ");
                    parts.push(format!(
                        "SELECT '{t}', count(*), coalesce(group_concat(r, char(10)), '') \
                         FROM (SELECT {row} AS r FROM \"{t}\" ORDER BY r)"
                    ));
                }
                parts.join(" UNION ALL ")
            }
        }
    }

    async fn snapshot(&mut self, sql: &str) -> Snapshot {
        let q = sqlx::AssertSqlSafe(sql.to_string());
        let mut s: Snapshot = match self {
            Raw::Pg(c) => sqlx::query_as(q).fetch_all(&mut *c).await.unwrap(),
            Raw::Lite(c) => sqlx::query_as(q).fetch_all(&mut *c).await.unwrap(),
        };
        s.sort();
        s
    }
}

/// The tables whose snapshot differs.
fn changed(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut out = Vec::new();
    for (b, a) in before.iter().zip(after) {
        if b != a {
            out.push(format!("{} ({} → {} rows)", b.0, b.1, a.1));
        }
    }
    if before.len() != after.len() {
        out.push("the list of tables".into());
    }
    out
}

#[derive(Debug, Clone, Copy)]
enum Db {
    Sqlite,
    Postgres,
}

/// A fresh database with its own store, and (when asked) a second, raw connection to it.
async fn open(db: Db, raw: bool) -> (Store, Option<Raw>, Option<support::tempfile_dir::TempDir>) {
    match db {
        Db::Sqlite => {
            let dir = support::tempfile_dir::TempDir::new();
            let url = format!("sqlite://{}/test.db", dir.path());
            let store = Store::open(&url).await.unwrap();
            let conn = if raw {
                Some(Raw::Lite(
                    sqlx::SqliteConnection::connect(&url).await.unwrap(),
                ))
            } else {
                None
            };
            (store, conn, Some(dir))
        }
        Db::Postgres => {
            let url = support::pg_database_url().await;
            let mut opts = StoreOptions::new(url.clone());
            opts.max_connections = 5;
            let store = Store::open_with(opts).await.unwrap();
            let conn = if raw {
                Some(Raw::Pg(sqlx::PgConnection::connect(&url).await.unwrap()))
            } else {
                None
            };
            (store, conn, None)
        }
    }
}

/// `pub async fn` names of `src/marketplace/*.rs`, as `.ci/facade_methods.py` reads them.
fn facade_methods() -> BTreeSet<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/marketplace");
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                if let Some(rest) = line.strip_prefix("    pub async fn ") {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    names.insert(name);
                }
            }
        }
    }
    assert!(!names.is_empty(), "no facade methods found under {dir}");
    names
}

fn code(r: &blajarplus::Result<()>) -> &'static str {
    match r {
        Ok(()) => "ok",
        Err(e) => e.code(),
    }
}

fn principal(row: &Row) -> Who {
    *PRINCIPALS
        .iter()
        .find(|&&w| !matches!(row.expect[column(w)], FB | NF))
        .unwrap_or_else(|| panic!("{} ({}): nobody may call it", row.method, row.on))
}

fn column(who: Who) -> usize {
    COLUMNS.iter().position(|&w| w == who).unwrap()
}

#[test]
fn every_facade_method_has_a_row_or_a_reason() {
    let methods = facade_methods();
    let table = rows();
    let rows: BTreeSet<String> = table.iter().map(|r| r.method.to_string()).collect();
    let no_actor: BTreeSet<String> = NO_ACTOR.iter().map(|(m, _)| m.to_string()).collect();
    let missing: Vec<_> = methods
        .iter()
        .filter(|m| !rows.contains(*m) && !no_actor.contains(*m))
        .collect();
    assert!(
        missing.is_empty(),
        "facade methods without a row in the authorization matrix: {missing:?}"
    );
    let stale: Vec<_> = rows
        .union(&no_actor)
        .filter(|m| !methods.contains(*m))
        .collect();
    assert!(stale.is_empty(), "not facade methods (any more): {stale:?}");
    let both: Vec<_> = rows.intersection(&no_actor).collect();
    assert!(both.is_empty(), "both a row and 'no actor': {both:?}");
    // Every row lets someone through, who stands in for the always-refused columns.
    for r in &table {
        principal(r);
    }
}

async fn matrix(db: Db) {
    let started = std::time::Instant::now();
    let rows = rows();
    let (store, raw, _dir) = open(db, true).await;
    let mut raw = raw.unwrap();
    let fx = Arc::new(build(store).await);
    let sql = raw.snapshot_sql().await;
    let mut base = raw.snapshot(&sql).await;
    let mut failures = Vec::new();
    let mut cells = 0;

    // Refused cells, all on one fixture: each must give its code and change nothing.
    for r in &rows {
        let principal = principal(r);
        for (i, &who) in COLUMNS.iter().enumerate() {
            let want = r.expect[i];
            if want == OK {
                continue;
            }
            cells += 1;
            let actor = fx.actor(who, principal);
            let original = match who {
                Who::Suspended => Some(fx.set_status(actor.user_id, UserStatus::Suspended).await),
                Who::Deleted => Some(fx.set_status(actor.user_id, UserStatus::Deleted).await),
                _ => None,
            };
            let before = match original {
                Some(_) => raw.snapshot(&sql).await,
                None => base.clone(),
            };
            let got = (r.call)(fx.clone(), actor).await;
            let after = raw.snapshot(&sql).await;
            let cell = format!("{} on {} as {:?}", r.method, r.on, who);
            if code(&got) != want.0 {
                failures.push(format!("{cell}: expected {}, got {got:?}", want.0));
            }
            let diff = changed(&before, &after);
            if !diff.is_empty() {
                failures.push(format!("{cell}: refused ({got:?}) but changed {diff:?}"));
            }
            if let Some(original) = &original {
                fx.restore(original).await;
            }
            if !diff.is_empty() || original.is_some() {
                // Judge the next cells on their own: start again from what is there now.
                let now = raw.snapshot(&sql).await;
                if diff.is_empty() && now != base {
                    failures.push(format!("{cell}: the account was not restored"));
                }
                base = now;
            }
        }
    }
    for (method, on, want, probe) in probes() {
        cells += 1;
        let got = probe(fx.clone()).await;
        let after = raw.snapshot(&sql).await;
        if code(&got) != want.0 {
            failures.push(format!("{method} ({on}): expected {}, got {got:?}", want.0));
        }
        let diff = changed(&base, &after);
        if !diff.is_empty() {
            failures.push(format!("{method} ({on}): changed {diff:?}"));
            base = after;
        }
    }
    let refused = started.elapsed();

    // Allowed cells: one fixture per actor column (the student's is the one above), rows in
    // table order.
    for who in [
        Who::OwnStudent,
        Who::OtherStudent,
        Who::OwnTutor,
        Who::OtherTutor,
        Who::Admin,
    ] {
        let (fx, _dir) = if who == Who::OwnStudent {
            (fx.clone(), None)
        } else {
            let (store, _, dir) = open(db, false).await;
            (Arc::new(build(store).await), dir)
        };
        for r in &rows {
            if r.expect[column(who)] != OK {
                continue;
            }
            cells += 1;
            let got = (r.call)(fx.clone(), fx.actor(who, who)).await;
            if got.is_err() {
                failures.push(format!(
                    "{} on {} as {who:?}: expected ok, got {got:?}",
                    r.method, r.on
                ));
            }
        }
        let ledger = fx.m.verify_ledger().await.unwrap();
        assert!(ledger.violations.is_empty(), "{:?}", ledger.violations);
    }
    eprintln!(
        "{db:?}: {} rows × {} actors, {cells} cells ({} facade methods with an actor, {} \
         without) in {:.1?} (refused cells {:.1?})",
        rows.len(),
        COLUMNS.len(),
        rows.iter().map(|r| r.method).collect::<BTreeSet<_>>().len(),
        NO_ACTOR.len(),
        started.elapsed(),
        refused,
    );
    assert!(
        failures.is_empty(),
        "{} of {cells} cells failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

mod sqlite {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn authorization_matrix() {
        super::matrix(super::Db::Sqlite).await;
    }
}

mod postgres {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn authorization_matrix() {
        super::matrix(super::Db::Postgres).await;
    }
}
