//! Model-based test (reliability drill, issue 10): random sequences of operations by random
//! actors — book, check out, provider notifications (duplicated, failed, expired, out of
//! order), cancel by anyone, confirm, no-show, dispute, resolve, reschedule and answer, time
//! passing, the due jobs — run against the facade and, beside it, against a small reference
//! model written here from the lifecycle's table (ARCHITECTURE.md §6, `booking.rs` docs).
//!
//! After every step:
//! - every booking has the status, times and payment state the model predicts, and every call
//!   gave the outcome the model predicts (refusals with their code);
//! - no two slot-holding bookings of a tutor overlap;
//! - `verify_ledger()` finds nothing, and escrow equals what the model says is held;
//! - each accepted payment was held in escrow exactly once (one `escrow_hold` per booking);
//! - each touched booking's status log is a legal path of `booking::TRANSITIONS`, one row per
//!   move, ending in its status.
//!
//! Failures shrink (proptest) and print the seed: `BLAJARPLUS_MODEL_SEED=<hex>` replays a run,
//! `BLAJARPLUS_MODEL_CASES` / `BLAJARPLUS_MODEL_STEPS` change its size (16 × ≤ 30 by default).

mod support;

use blajarplus::booking::TRANSITIONS;
use blajarplus::marketplace::*;
use blajarplus::store::{BookingRepo, LedgerRepo, Store};
use blajarplus::types::*;
use blajarplus::{Actor, Error};
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use support::market::*;

use BookingStatus as S;

// ---- operations

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    /// The booking's student.
    Student,
    /// The other student.
    OtherStudent,
    /// The booking's tutor.
    Tutor,
    OtherTutor,
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Note {
    Paid,
    Failed,
    Expired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moment {
    /// A quarter of an hour into the lesson.
    Started,
    /// Five minutes after its end.
    Ended,
    /// Five minutes after its dispute window closed.
    WindowClosed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resolution {
    Release,
    Refund,
    Split,
}

/// `b` picks a booking made earlier (0: the latest; modulo how many there are); `slot` one of
/// [`SLOTS`].
#[derive(Debug, Clone)]
enum Op {
    Create {
        student: usize,
        slot: usize,
    },
    /// Create, check out and pay in one step (the student's usual path), so that runs get to
    /// lessons that take place.
    Book {
        student: usize,
        slot: usize,
    },
    Checkout {
        b: usize,
        by: Pick,
    },
    /// A provider notification; the same `key` twice is the same delivery again.
    Notify {
        b: usize,
        note: Note,
        key: u8,
    },
    Cancel {
        b: usize,
        by: Pick,
    },
    Confirm {
        b: usize,
        by: Pick,
    },
    NoShow {
        b: usize,
        by: Pick,
    },
    Dispute {
        b: usize,
        by: Pick,
    },
    Resolve {
        b: usize,
        by: Pick,
        how: Resolution,
    },
    Reschedule {
        b: usize,
        by: Pick,
        slot: usize,
    },
    /// `by: None`: the other party of the open request.
    Respond {
        b: usize,
        by: Option<Pick>,
        accept: bool,
    },
    /// The clock moves forward to a moment of a booking (not back).
    Wait {
        b: usize,
        until: Moment,
    },
    /// The clock moves forward by this many half hours.
    Advance {
        half_hours: u32,
    },
    RunDue,
}

/// Monday–Wednesday of the run's first week, 16:00–19:00 Jakarta every half hour (the tutor's hours; 60-minute lessons plus the policy's buffer make neighbours clash).
const SLOTS: usize = 21;

fn slot(i: usize) -> DateTime<Utc> {
    let day = i / 7;
    let week = day / 5;
    monday_16()
        + Duration::days((week * 7 + day % 5) as i64)
        + Duration::minutes(30 * (i % 7) as i64)
}

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![
        10 => Just(Pick::Student),
        2 => Just(Pick::OtherStudent),
        4 => Just(Pick::Tutor),
        1 => Just(Pick::OtherTutor),
        3 => Just(Pick::Admin),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    // Mostly one of the latest bookings, so a booking sees several moves.
    let b = prop_oneof![3 => 0..3usize, 1 => 0..16usize];
    prop_oneof![
        5 => (0..2usize, 0..SLOTS).prop_map(|(student, slot)| Op::Book { student, slot }),
        2 => (0..2usize, 0..SLOTS).prop_map(|(student, slot)| Op::Create { student, slot }),
        2 => (b.clone(), pick()).prop_map(|(b, by)| Op::Checkout { b, by }),
        5 => (
            b.clone(),
            prop_oneof![3 => Just(Note::Paid), 1 => Just(Note::Failed), 1 => Just(Note::Expired)],
            0..2u8
        )
            .prop_map(|(b, note, key)| Op::Notify { b, note, key }),
        2 => (b.clone(), pick()).prop_map(|(b, by)| Op::Cancel { b, by }),
        3 => (b.clone(), pick()).prop_map(|(b, by)| Op::Confirm { b, by }),
        1 => (b.clone(), prop_oneof![2 => Just(Pick::Tutor), 1 => pick()])
            .prop_map(|(b, by)| Op::NoShow { b, by }),
        3 => (b.clone(), pick()).prop_map(|(b, by)| Op::Dispute { b, by }),
        2 => (
            b.clone(),
            prop_oneof![2 => Just(Pick::Admin), 1 => pick()],
            prop_oneof![Just(Resolution::Release), Just(Resolution::Refund), Just(Resolution::Split)]
        )
            .prop_map(|(b, by, how)| Op::Resolve { b, by, how }),
        2 => (b.clone(), pick(), 0..SLOTS).prop_map(|(b, by, slot)| Op::Reschedule { b, by, slot }),
        3 => (b.clone(), prop::option::weighted(0.4, pick()), any::<bool>())
            .prop_map(|(b, by, accept)| Op::Respond { b, by, accept }),
        4 => (1..=30u32).prop_map(|half_hours| Op::Advance { half_hours }),
        4 => (
            b,
            prop_oneof![Just(Moment::Started), Just(Moment::Ended), Just(Moment::WindowClosed)]
        )
            .prop_map(|(b, until)| Op::Wait { b, until }),
        2 => Just(Op::RunDue),
    ]
}

// ---- the reference model

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Party {
    Student,
    Tutor,
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ev {
    Checkout,
    Cancel,
    RequestReschedule,
    Accept,
    Decline,
    ConfirmDone,
    ReportNoShow,
    Dispute,
    Resolve(Resolution),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    Any,
    BeforeStart,
    AfterStart,
    AfterEnd,
    InDisputeWindow,
    UntilDisputeWindowEnds,
}

const WINDOW: i64 = 24; // hours: the default policy's dispute window

/// The lifecycle, as the architecture describes it: (from, event, who, when, to).
fn table(ev: Ev) -> Vec<(S, &'static [Party], When, S)> {
    use Party::*;
    match ev {
        Ev::Checkout => vec![(S::Draft, &[Student], When::BeforeStart, S::PendingPayment)],
        Ev::Cancel => vec![
            (S::Draft, &[Student, Admin], When::Any, S::Cancelled),
            (
                S::PendingPayment,
                &[Student, Tutor, Admin],
                When::Any,
                S::Cancelled,
            ),
            (
                S::Confirmed,
                &[Student, Tutor],
                When::BeforeStart,
                S::Cancelled,
            ),
            (S::Confirmed, &[Admin], When::Any, S::Cancelled),
            (
                S::RescheduleRequested,
                &[Student, Tutor],
                When::BeforeStart,
                S::Cancelled,
            ),
            (S::RescheduleRequested, &[Admin], When::Any, S::Cancelled),
        ],
        Ev::RequestReschedule => vec![(
            S::Confirmed,
            &[Student, Tutor],
            When::BeforeStart,
            S::RescheduleRequested,
        )],
        Ev::Accept => vec![(
            S::RescheduleRequested,
            &[Student, Tutor],
            When::BeforeStart,
            S::Confirmed,
        )],
        Ev::Decline => vec![(
            S::RescheduleRequested,
            &[Student, Tutor],
            When::Any,
            S::Confirmed,
        )],
        Ev::ConfirmDone => vec![(S::Confirmed, &[Student], When::AfterEnd, S::Completed)],
        Ev::ReportNoShow => vec![(S::Confirmed, &[Tutor], When::AfterStart, S::NoShow)],
        Ev::Dispute => vec![
            (S::Confirmed, &[Student], When::InDisputeWindow, S::Disputed),
            (
                S::NoShow,
                &[Student],
                When::UntilDisputeWindowEnds,
                S::Disputed,
            ),
        ],
        Ev::Resolve(how) => vec![(
            S::Disputed,
            &[Admin],
            When::Any,
            if how == Resolution::Refund {
                S::Cancelled
            } else {
                S::Completed
            },
        )],
    }
}

/// The outcome the model expects: the new status, or the error code (permission before
/// state: a party who may never take the event is refused as such).
fn expect(
    from: S,
    ev: Ev,
    party: Party,
    l: &Lesson,
    now: DateTime<Utc>,
) -> Result<S, &'static str> {
    let rows = table(ev);
    if !rows.iter().any(|r| r.1.contains(&party)) {
        return Err("forbidden");
    }
    let here: Vec<_> = rows.iter().filter(|r| r.0 == from).collect();
    if here.is_empty() {
        return Err("invalid_transition");
    }
    let mine: Vec<_> = here.iter().filter(|r| r.1.contains(&party)).collect();
    if mine.is_empty() {
        return Err("forbidden");
    }
    let window_end = l.end + Duration::hours(WINDOW);
    for r in mine {
        let open = match r.2 {
            When::Any => true,
            When::BeforeStart => now < l.start,
            When::AfterStart => now >= l.start,
            When::AfterEnd => now >= l.end,
            When::InDisputeWindow => now >= l.start && now < window_end,
            When::UntilDisputeWindowEnds => now < window_end,
        };
        if open {
            return Ok(r.3);
        }
    }
    Err("invalid_transition")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PayState {
    Pending,
    /// Paid (and possibly refunded since): later notifications are stale.
    Paid,
    Failed,
    Expired,
}

#[derive(Debug)]
struct Pay {
    id: PaymentId,
    amount: Decimal,
    state: PayState,
    expires: DateTime<Utc>,
    keys: HashSet<String>,
}

#[derive(Debug)]
struct Lesson {
    id: BookingId,
    student: usize,
    status: S,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    total: Decimal,
    pay: Option<Pay>,
    /// Its money is in escrow now.
    held: bool,
    /// Escrow holds it has had (an accepted payment, on time or late).
    holds: usize,
    /// Status changes after creation (one status-log row each).
    moves: usize,
    proposal: Option<(DateTime<Utc>, UserId)>,
}

struct World {
    w: support::market::World,
    students: [Actor; 2],
    other_tutor: Actor,
}

impl World {
    fn actor(&self, by: Pick, l: &Lesson) -> (Actor, Option<Party>) {
        match by {
            Pick::Student => (self.students[l.student], Some(Party::Student)),
            Pick::OtherStudent => (self.students[1 - l.student], None),
            Pick::Tutor => (self.w.tutor, Some(Party::Tutor)),
            Pick::OtherTutor => (self.other_tutor, None),
            Pick::Admin => (self.w.admin, Some(Party::Admin)),
        }
    }
}

fn settlement(p: &Pay, note: Note, key: u8) -> PaymentUpdate {
    let status = match note {
        Note::Paid => PaymentStatus::Paid,
        Note::Failed => PaymentStatus::Failed,
        Note::Expired => PaymentStatus::Expired,
    };
    PaymentUpdate {
        provider: PaymentProvider::Midtrans,
        order_id: p.id.to_string(),
        external_id: Some(format!("mid-{}-{key}", p.id)),
        status,
        amount: p.amount,
        currency: Currency::IDR,
        payment_method: Some("qris".into()),
        dedup_key: format!("midtrans:{}:{status}:{key}", p.id),
        raw_payload: serde_json::json!({ "order_id": p.id.to_string() }),
    }
}

type Outcome = blajarplus::Result<Booking>;

thread_local! {
    // What the runs did (status moves and payment outcomes), printed at the end so a green
    // run shows it went past the happy path. Per thread: the SQLite and PostgreSQL runs go
    // side by side, each on its test's thread (`block_on` polls the scenario there).
    static SEEN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn seen(what: String) {
    SEEN.with(|s| s.borrow_mut().push(what));
}

/// Checks one actor-driven move against the model and applies it there.
fn judge(
    l: &mut Lesson,
    ev: Ev,
    party: Option<Party>,
    now: DateTime<Utc>,
    got: Outcome,
) -> Result<Option<Booking>, String> {
    let want = match party {
        None => Err("forbidden"),
        Some(p) => expect(l.status, ev, p, l, now),
    };
    // Moves that also need a free, offered slot may be refused for it.
    let slot_bound = matches!(ev, Ev::Checkout | Ev::RequestReschedule);
    match (want, got) {
        (Err(code), Err(e)) if e.code() == code => {
            seen(format!("{ev:?} refused: {code}"));
            Ok(None)
        }
        (Ok(_), Err(e)) if slot_bound && matches!(e.code(), "conflict" | "validation") => {
            seen(format!("{ev:?} refused: {}", e.code()));
            Ok(None)
        }
        (Ok(to), Ok(b)) if b.status == to => {
            let from = l.status;
            seen(format!("{ev:?}: {from} → {to}"));
            l.status = to;
            l.moves += 1;
            if matches!(to, S::Completed | S::Cancelled) {
                l.held = false;
            }
            if from == S::RescheduleRequested {
                l.proposal = None;
            }
            if from == S::PendingPayment
                && let Some(p) = l.pay.as_mut()
            {
                // Cancelling an unpaid booking voids its payment.
                p.state = PayState::Failed;
            }
            Ok(Some(b))
        }
        (want, got) => Err(format!(
            "{ev:?} by {party:?} on a {} booking: expected {want:?}, got {:?}",
            l.status,
            got.map(|b| b.status)
        )),
    }
}

async fn step(x: &World, lessons: &mut Vec<Lesson>, op: &Op) -> Result<Option<usize>, String> {
    let m = &x.w.m;
    let now = m.now();
    let n = lessons.len();
    let lesson_of = |b: usize| (n > 0).then(|| n - 1 - b % n);
    match *op {
        Op::Book { .. } => unreachable!("a Book is run as its three parts"),
        Op::Create { student, slot: s } => {
            let start = slot(s);
            match m
                .create_booking(&x.students[student], online(x.w.teaches.id, start))
                .await
            {
                Ok(b) => {
                    if b.status != S::Draft || b.start_at != start {
                        return Err(format!("created {b:?}"));
                    }
                    lessons.push(Lesson {
                        id: b.id,
                        student,
                        status: S::Draft,
                        start: b.start_at,
                        end: b.end_at,
                        total: b.total_amount,
                        pay: None,
                        held: false,
                        holds: 0,
                        moves: 0,
                        proposal: None,
                    });
                    Ok(Some(lessons.len() - 1))
                }
                // Too soon (the policy's notice), or the tutor's time is taken.
                Err(e) if e.code() == "validation" && start < now + Duration::hours(2) => Ok(None),
                Err(e) if e.code() == "conflict" => Ok(None),
                Err(e) => Err(format!("create at {start}: {e}")),
            }
        }
        Op::Checkout { b, by } => {
            let Some(i) = lesson_of(b) else {
                return Ok(None);
            };
            let l = &mut lessons[i];
            let (actor, party) = x.actor(by, l);
            let got = m.checkout(&actor, l.id, PaymentProvider::Midtrans).await;
            let payment = got.as_ref().ok().map(|c| c.payment.clone());
            if judge(l, Ev::Checkout, party, now, got.map(|c| c.booking))?.is_some() {
                let p = payment.unwrap();
                if p.amount != l.total || p.status != PaymentStatus::Pending {
                    return Err(format!("checkout created {p:?}"));
                }
                l.pay = Some(Pay {
                    id: p.id,
                    amount: p.amount,
                    state: PayState::Pending,
                    expires: p.expires_at.unwrap(),
                    keys: HashSet::new(),
                });
            }
            Ok(Some(i))
        }
        Op::Notify { b, note, key } => {
            let Some(i) = lesson_of(b) else {
                return Ok(None);
            };
            let l = &mut lessons[i];
            let Some(p) = l.pay.as_mut() else {
                return Ok(None);
            };
            let update = settlement(p, note, key);
            let want = if !p.keys.insert(update.dedup_key.clone()) {
                PaymentOutcome::Duplicate
            } else {
                match (p.state, note) {
                    (PayState::Pending, Note::Paid) => {
                        p.state = PayState::Paid;
                        l.status = S::Confirmed;
                        l.moves += 1;
                        l.held = true;
                        l.holds += 1;
                        PaymentOutcome::Applied
                    }
                    // Money for a booking that is gone: held and refunded at once.
                    (PayState::Failed | PayState::Expired, Note::Paid) => {
                        p.state = PayState::Paid;
                        l.holds += 1;
                        PaymentOutcome::RefundedLate
                    }
                    (PayState::Pending, Note::Failed | Note::Expired) => {
                        p.state = if note == Note::Failed {
                            PayState::Failed
                        } else {
                            PayState::Expired
                        };
                        l.status = S::Cancelled;
                        l.moves += 1;
                        PaymentOutcome::Applied
                    }
                    _ => PaymentOutcome::Ignored,
                }
            };
            match m.apply_payment_update(update).await {
                Ok(got) if got == want => {
                    seen(format!("{note:?} notification: {got:?}"));
                    Ok(Some(i))
                }
                got => Err(format!(
                    "{note:?} notification: expected {want:?}, got {got:?}"
                )),
            }
        }
        Op::Cancel { b, by } => {
            let Some(i) = lesson_of(b) else {
                return Ok(None);
            };
            let l = &mut lessons[i];
            let (actor, party) = x.actor(by, l);
            let got = m
                .cancel_booking(&actor, l.id, Some("berhalangan".into()))
                .await;
            judge(l, Ev::Cancel, party, now, got)?;
            Ok(Some(i))
        }
        Op::Confirm { b, by } => {
            let Some(i) = lesson_of(b) else {
                return Ok(None);
            };
            let l = &mut lessons[i];
            let (actor, party) = x.actor(by, l);
            let got = m.confirm_lesson(&actor, l.id).await;
            judge(l, Ev::ConfirmDone, party, now, got)?;
            Ok(Some(i))
        }
        Op::NoShow { b, by } => {
            let Some(i) = lesson_of(b) else {
                return Ok(None);
            };
            let l = &mut lessons[i];
            let (actor, party) = x.actor(by, l);
            let got = m.report_no_show(&actor, l.id).await;
            judge(l, Ev::ReportNoShow, party, now, got)?;
            Ok(Some(i))
        }
        Op::Dispute { b, by } => {
            let Some(i) = lesson_of(b) else {
                return Ok(None);
            };
            let l = &mut lessons[i];
            let (actor, party) = x.actor(by, l);
            let got = m.dispute_booking(&actor, l.id, "tidak sesuai".into()).await;
            judge(l, Ev::Dispute, party, now, got)?;
            Ok(Some(i))
        }
        Op::Resolve { b, by, how } => {
            let Some(i) = lesson_of(b) else {
                return Ok(None);
            };
            let l = &mut lessons[i];
            let (actor, party) = x.actor(by, l);
            let resolution = match how {
                Resolution::Release => DisputeResolution::Release,
                Resolution::Refund => DisputeResolution::Refund,
                Resolution::Split => DisputeResolution::Split {
                    refund: (l.total / Decimal::from(2)).round_dp(2),
                },
            };
            let got = m.resolve_dispute(&actor, l.id, resolution, None).await;
            judge(l, Ev::Resolve(how), party, now, got)?;
            Ok(Some(i))
        }
        Op::Reschedule { b, by, slot: s } => {
            let Some(i) = lesson_of(b) else {
                return Ok(None);
            };
            let l = &mut lessons[i];
            let (actor, party) = x.actor(by, l);
            let got = m.request_reschedule(&actor, l.id, slot(s)).await;
            if judge(l, Ev::RequestReschedule, party, now, got)?.is_some() {
                l.proposal = Some((slot(s), actor.user_id));
            }
            Ok(Some(i))
        }
        Op::Respond { b, by, accept } => {
            let Some(i) = lesson_of(b) else {
                return Ok(None);
            };
            let l = &mut lessons[i];
            let by = by.unwrap_or(match l.proposal {
                Some((_, asker)) if asker == x.w.tutor.user_id => Pick::Student,
                _ => Pick::Tutor,
            });
            let (actor, party) = x.actor(by, l);
            let got = m.respond_reschedule(&actor, l.id, accept).await;
            let proposal = l.proposal;
            // The one who asked does not answer.
            if party.is_some()
                && l.status == S::RescheduleRequested
                && proposal.is_some_and(|(_, by)| by == actor.user_id)
            {
                return match got {
                    Err(e) if e.code() == "forbidden" => Ok(Some(i)),
                    got => Err(format!(
                        "the requester answered: {:?}",
                        got.map(|b| b.status)
                    )),
                };
            }
            let ev = if accept { Ev::Accept } else { Ev::Decline };
            if let Some(b) = judge(l, ev, party, now, got)?
                && accept
            {
                let (start, _) = proposal.unwrap();
                if b.start_at != start {
                    return Err(format!("accepted {start}, booking at {}", b.start_at));
                }
                l.end = start + (l.end - l.start);
                l.start = start;
            }
            Ok(Some(i))
        }
        Op::Wait { b, until } => {
            let Some(i) = lesson_of(b) else {
                return Ok(None);
            };
            let l = &lessons[i];
            let at = match until {
                Moment::Started => l.start + Duration::minutes(15),
                Moment::Ended => l.end + Duration::minutes(5),
                Moment::WindowClosed => l.end + Duration::hours(WINDOW) + Duration::minutes(5),
            };
            if at > now {
                x.w.clock.set(at);
            }
            Ok(None)
        }
        Op::Advance { half_hours } => {
            x.w.clock
                .advance(Duration::minutes(30 * i64::from(half_hours)));
            Ok(None)
        }
        Op::RunDue => {
            let (mut expired, mut completed) = (0, 0);
            for l in lessons.iter_mut() {
                if let Some(p) = l.pay.as_mut()
                    && l.status == S::PendingPayment
                    && p.state == PayState::Pending
                    && now >= p.expires
                {
                    p.state = PayState::Expired;
                    l.status = S::Cancelled;
                    l.moves += 1;
                    expired += 1;
                }
                if matches!(l.status, S::Confirmed | S::NoShow)
                    && now >= l.end + Duration::hours(WINDOW)
                {
                    l.status = S::Completed;
                    l.moves += 1;
                    l.held = false;
                    completed += 1;
                }
            }
            let r = m.run_due().await.map_err(|e| e.to_string())?;
            for _ in 0..r.expired {
                seen("PaymentExpired (run_due): pending_payment → cancelled".into());
            }
            for _ in 0..r.completed {
                seen("AutoComplete (run_due): → completed".into());
            }
            if (r.expired, r.completed) != (expired, completed) {
                return Err(format!(
                    "run_due: expected {expired} expired and {completed} completed, got {r:?}"
                ));
            }
            Ok(None)
        }
    }
}

/// Everything that must hold after every step. `touched`: status logs to check (all at the
/// end of a run).
async fn invariants(x: &World, lessons: &[Lesson], touched: &[usize]) -> Result<(), String> {
    let m = &x.w.m;
    let err = |e: Error| e.to_string();
    let mut tx = m.store().begin_read().await.map_err(err)?;
    let bookings = tx.list_all_bookings().await.map_err(err)?;
    if bookings.len() != lessons.len() {
        return Err(format!(
            "{} bookings, the model has {}",
            bookings.len(),
            lessons.len()
        ));
    }
    let by_id: HashMap<BookingId, &Booking> = bookings.iter().map(|b| (b.id, b)).collect();
    for l in lessons {
        let b = by_id[&l.id];
        if (b.status, b.start_at, b.end_at) != (l.status, l.start, l.end) {
            return Err(format!(
                "booking {}: {} {}–{}, the model says {} {}–{}",
                l.id, b.status, b.start_at, b.end_at, l.status, l.start, l.end
            ));
        }
    }

    // No double booking.
    let mut holding: Vec<&Booking> = bookings.iter().filter(|b| b.status.holds_slot()).collect();
    holding.sort_by_key(|b| (b.tutor_profile_id, b.start_at));
    for pair in holding.windows(2) {
        if pair[0].tutor_profile_id == pair[1].tutor_profile_id && pair[0].end_at > pair[1].start_at
        {
            return Err(format!(
                "overlapping bookings: {:?} and {:?}",
                pair[0], pair[1]
            ));
        }
    }

    // Each accepted payment held once.
    let mut holds: HashMap<BookingId, usize> = HashMap::new();
    for e in tx.list_all_ledger_entries().await.map_err(err)? {
        if e.entry.wallet_id == ESCROW_WALLET
            && e.entry.entry_type == Some(LedgerEntryType::EscrowHold)
        {
            *holds
                .entry(e.entry.booking_id.unwrap_or_else(BookingId::new))
                .or_default() += 1;
        }
    }
    for l in lessons {
        let got = holds.get(&l.id).copied().unwrap_or(0);
        if got != l.holds {
            return Err(format!(
                "booking {}: {got} escrow holds, expected {}",
                l.id, l.holds
            ));
        }
    }

    // Legal histories, one log row per move.
    for &i in touched {
        let l = &lessons[i];
        let logs = tx.list_status_logs(l.id).await.map_err(err)?;
        let path: Vec<(Option<S>, S)> = logs.iter().map(|g| (g.from_status, g.to_status)).collect();
        let legal = path.first() == Some(&(None, S::Draft))
            && path.windows(2).all(|w| w[1].0 == Some(w[0].1))
            && path[1..].iter().all(|&(from, to)| {
                TRANSITIONS
                    .iter()
                    .any(|t| Some(t.from) == from && t.to == to)
            })
            && path.last().map(|p| p.1) == Some(l.status)
            && path.len() == l.moves + 1;
        if !legal {
            return Err(format!(
                "booking {}: status log {path:?} is not a legal path of {} moves to {}",
                l.id, l.moves, l.status
            ));
        }
    }
    tx.rollback().await.map_err(err)?;

    // Money is conserved, and escrow is what the model holds.
    let report = m.verify_ledger().await.map_err(err)?;
    if !report.violations.is_empty() {
        return Err(format!("ledger: {:?}", report.violations));
    }
    let escrow: Decimal = lessons.iter().filter(|l| l.held).map(|l| l.total).sum();
    if report.escrow != escrow {
        return Err(format!(
            "escrow is {}, the model holds {escrow}",
            report.escrow
        ));
    }
    Ok(())
}

async fn scenario(store: Store, ops: &[Op]) -> Result<(), String> {
    let w = world(store).await;
    let subject = w.teaches.subject_id;
    let (other_tutor, _, _) = tutor(&w.m, "other.tutor@example.id", subject).await;
    let ani =
        w.m.register_user(NewUser {
            role: Role::Student,
            full_name: "Ani".into(),
            email: Some("ani@example.id".into()),
            phone: None,
            password: None,
        })
        .await
        .unwrap();
    let x = World {
        students: [w.student, Actor::student(ani.id)],
        other_tutor,
        w,
    };
    // Monday noon in Jakarta: the first lessons are hours away, so a few steps of time reach
    // lessons that started, ended, and whose dispute window closed.
    x.w.clock.set(monday_16() - Duration::hours(4));
    let mut lessons: Vec<Lesson> = Vec::new();
    let mut result = Ok(());
    'ops: for (n, op) in ops.iter().enumerate() {
        let parts = match *op {
            Op::Book { student, slot } => {
                // The latest booking: the one just made.
                let b = 0;
                vec![
                    Op::Create { student, slot },
                    Op::Checkout {
                        b,
                        by: Pick::Student,
                    },
                    Op::Notify {
                        b,
                        note: Note::Paid,
                        key: 0,
                    },
                ]
            }
            _ => vec![op.clone()],
        };
        let first = lessons.len();
        for (k, part) in parts.iter().enumerate() {
            // A booking that was not made, or not sent to payment, goes no further.
            if k > 0 && lessons.len() == first {
                break;
            }
            if k == 2 && lessons[first].status != S::PendingPayment {
                break;
            }
            let checked = match step(&x, &mut lessons, part).await {
                Ok(touched) => {
                    let touched: Vec<usize> = match part {
                        Op::RunDue => (0..lessons.len()).collect(),
                        _ => touched.into_iter().collect(),
                    };
                    invariants(&x, &lessons, &touched).await
                }
                Err(e) => Err(e),
            };
            if let Err(e) = checked {
                result = Err(format!("step {n} ({part:?}) at {}: {e}", x.w.m.now()));
                break 'ops;
            }
        }
    }
    if result.is_ok() {
        let all: Vec<usize> = (0..lessons.len()).collect();
        result = invariants(&x, &lessons, &all).await;
    }
    x.w.m.store().close().await;
    result
}

#[derive(Debug, Clone, Copy)]
enum Db {
    Sqlite,
    Postgres,
}

fn env_number(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}={v:?} is not a number"))
        })
        .unwrap_or(default)
}

fn seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    match std::env::var("BLAJARPLUS_MODEL_SEED") {
        Ok(hex) => {
            let bytes = hex::decode(hex.trim()).expect("BLAJARPLUS_MODEL_SEED is hex");
            assert_eq!(
                bytes.len(),
                32,
                "BLAJARPLUS_MODEL_SEED is 32 bytes (64 hex digits)"
            );
            seed.copy_from_slice(&bytes);
        }
        Err(_) => {
            // RandomState is seeded randomly per process: a fresh seed each run.
            for chunk in seed.chunks_mut(8) {
                let mut h = std::collections::hash_map::RandomState::new().build_hasher();
                h.write_u64(chunk.len() as u64);
                chunk.copy_from_slice(&h.finish().to_le_bytes());
            }
        }
    }
    seed
}

fn run(db: Db) {
    let cases = env_number("BLAJARPLUS_MODEL_CASES", 16);
    let steps = env_number("BLAJARPLUS_MODEL_STEPS", 30) as usize;
    let seed = seed();
    let seed_hex = hex::encode(seed);
    eprintln!("{db:?}: {cases} cases of ≤ {steps} steps, BLAJARPLUS_MODEL_SEED={seed_hex}");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let config = Config {
        cases,
        failure_persistence: None,
        // Shrinking is bounded by time, not by proptest's default of 64 iterations, which
        // leaves most of a 30-step run in the report.
        max_shrink_iters: 100_000,
        max_shrink_time: env_number("BLAJARPLUS_MODEL_SHRINK_SECONDS", 120) * 1000,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
    let started = std::time::Instant::now();
    let ops_seen = std::sync::atomic::AtomicUsize::new(0);
    // From one step: a failure shrinks down to the few steps that matter.
    let result = runner.run(&prop::collection::vec(op(), 1..=steps), |ops| {
        ops_seen.fetch_add(ops.len(), std::sync::atomic::Ordering::Relaxed);
        rt.block_on(async {
            let store = match db {
                Db::Sqlite => support::sqlite_store().await,
                Db::Postgres => support::pg_store().await,
            };
            scenario(store, &ops).await
        })
        .map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!(
            "{e}\nreplay: BLAJARPLUS_MODEL_SEED={seed_hex} (with BLAJARPLUS_MODEL_CASES={cases} BLAJARPLUS_MODEL_STEPS={steps})"
        );
    }
    let mut tally: std::collections::BTreeMap<String, usize> = Default::default();
    for what in SEEN.with(|s| s.take()) {
        *tally.entry(what).or_default() += 1;
    }
    eprintln!(
        "{db:?}: {cases} cases, {} steps, in {:.1?}; outcomes:\n{}",
        ops_seen.into_inner(),
        started.elapsed(),
        tally
            .iter()
            .map(|(what, n)| format!("  {n:5}  {what}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn model_sqlite() {
    run(Db::Sqlite);
}

#[test]
fn model_postgres() {
    run(Db::Postgres);
}

#[test]
fn the_slots_are_the_tutors_hours() {
    let all: BTreeSet<_> = (0..SLOTS).map(slot).collect();
    assert_eq!(all.len(), SLOTS);
    assert_eq!(slot(0), monday_16());
    // Wednesday, 19:00 Jakarta.
    assert_eq!(
        slot(SLOTS - 1),
        "2026-12-02T12:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
}
