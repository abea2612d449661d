//! The booking lifecycle as one explicit transition table, and the pure rules around it.
//!
//! | from | event | who | when | to | money |
//! |---|---|---|---|---|---|
//! | draft | checkout | student | before start | pending_payment | payment created, slot held |
//! | draft | book_with_package | student | before start | confirmed | one package session drawn |
//! | draft | cancel | student, admin | any time | cancelled | — |
//! | pending_payment | payment_paid | system | any time | confirmed | escrow hold |
//! | pending_payment | payment_failed | system | any time | cancelled | — (slot freed) |
//! | pending_payment | payment_expired | system | any time | cancelled | — (slot freed) |
//! | pending_payment | cancel | student, tutor, admin | any time | cancelled | payment voided |
//! | confirmed | request_reschedule | student, tutor | before start | reschedule_requested | new time held |
//! | reschedule_requested | accept_reschedule | the other party | before start | confirmed | times swapped |
//! | reschedule_requested | decline_reschedule | the other party | any time | confirmed | new time freed |
//! | reschedule_requested | cancel | student, tutor, admin | before start (admin: any time) | cancelled | refund per policy |
//! | confirmed | cancel | student, tutor, admin | before start (admin: any time) | cancelled | refund per policy |
//! | confirmed | confirm_done | student | after end | completed | escrow released |
//! | confirmed | auto_complete | system | after end + dispute window | completed | escrow released |
//! | confirmed | report_no_show | tutor | after start | no_show | — (held) |
//! | confirmed | dispute | student | after start, within end + dispute window | disputed | escrow frozen |
//! | no_show | dispute | student | within end + dispute window | disputed | escrow frozen |
//! | no_show | auto_complete | system | after end + dispute window | completed | escrow released |
//! | disputed | resolve_release | admin | any time | completed | escrow released |
//! | disputed | resolve_refund | admin | any time | cancelled | full refund |
//! | disputed | resolve_split | admin | any time | completed | split per the admin's refund |
//!
//! "Refund per policy" ([`cancellation_settlement`]): a tutor's or an admin's cancellation
//! refunds everything; a student's refunds everything when made at least the policy's
//! free-cancellation window before the start, otherwise the policy's late-cancellation rate.
//! `cancelled` and `completed` are final.

use crate::error::{Error, Result};
use crate::policy::Policy;
use crate::pricing::{Quote, Settlement};
use crate::types::BookingStatus;
use chrono::{DateTime, Utc};
use std::fmt;

use BookingStatus as S;

/// Who acts on a booking, relative to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The booking's own student.
    Student,
    /// The booking's own tutor.
    Tutor,
    /// An administrator.
    Admin,
    /// The library itself: a payment provider's notification or a time-driven job.
    System,
}

impl Party {
    /// Lower-case name, for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Student => "student",
            Party::Tutor => "tutor",
            Party::Admin => "admin",
            Party::System => "system",
        }
    }
}

/// Something that happens to a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BookingEvent {
    /// The student proceeds to payment.
    Checkout,
    /// The student pays with a session of a lesson package.
    BookWithPackage,
    /// The provider reports the payment paid.
    PaymentPaid,
    /// The provider reports the payment failed.
    PaymentFailed,
    /// The payment was not made in time.
    PaymentExpired,
    /// One party proposes another time.
    RequestReschedule,
    /// The other party accepts the proposed time.
    AcceptReschedule,
    /// The other party declines the proposed time.
    DeclineReschedule,
    /// Someone cancels.
    Cancel,
    /// The student confirms the lesson took place.
    ConfirmDone,
    /// The dispute window passed without a dispute.
    AutoComplete,
    /// The tutor reports the student did not show up.
    ReportNoShow,
    /// The student disputes the lesson.
    Dispute,
    /// An admin resolves a dispute for the tutor.
    ResolveRelease,
    /// An admin resolves a dispute for the student.
    ResolveRefund,
    /// An admin resolves a dispute with a partial refund.
    ResolveSplit,
}

impl BookingEvent {
    /// Every event.
    pub const ALL: &'static [BookingEvent] = &[
        BookingEvent::Checkout,
        BookingEvent::BookWithPackage,
        BookingEvent::PaymentPaid,
        BookingEvent::PaymentFailed,
        BookingEvent::PaymentExpired,
        BookingEvent::RequestReschedule,
        BookingEvent::AcceptReschedule,
        BookingEvent::DeclineReschedule,
        BookingEvent::Cancel,
        BookingEvent::ConfirmDone,
        BookingEvent::AutoComplete,
        BookingEvent::ReportNoShow,
        BookingEvent::Dispute,
        BookingEvent::ResolveRelease,
        BookingEvent::ResolveRefund,
        BookingEvent::ResolveSplit,
    ];

    /// The snake-case name used in errors and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingEvent::Checkout => "checkout",
            BookingEvent::BookWithPackage => "book_with_package",
            BookingEvent::PaymentPaid => "payment_paid",
            BookingEvent::PaymentFailed => "payment_failed",
            BookingEvent::PaymentExpired => "payment_expired",
            BookingEvent::RequestReschedule => "request_reschedule",
            BookingEvent::AcceptReschedule => "accept_reschedule",
            BookingEvent::DeclineReschedule => "decline_reschedule",
            BookingEvent::Cancel => "cancel",
            BookingEvent::ConfirmDone => "confirm_done",
            BookingEvent::AutoComplete => "auto_complete",
            BookingEvent::ReportNoShow => "report_no_show",
            BookingEvent::Dispute => "dispute",
            BookingEvent::ResolveRelease => "resolve_release",
            BookingEvent::ResolveRefund => "resolve_refund",
            BookingEvent::ResolveSplit => "resolve_split",
        }
    }
}

impl fmt::Display for BookingEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When, relative to the lesson, a transition is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// At any time.
    Any,
    /// Before the lesson starts.
    BeforeStart,
    /// Once the lesson has started.
    AfterStart,
    /// Once the lesson has ended.
    AfterEnd,
    /// After the start and before the end of the dispute window.
    InDisputeWindow,
    /// Before the end of the dispute window (e.g. disputing a no-show report right away).
    UntilDisputeWindowEnds,
    /// Once the dispute window has passed.
    AfterDisputeWindow,
}

/// What a transition does with money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyEffect {
    /// Nothing.
    None,
    /// A payment transaction is created (the slot is held by the status itself).
    CreatePayment,
    /// One session is drawn from the student's package purchase.
    DrawPackageSession,
    /// The paid amount moves from the gateway into escrow.
    EscrowHold,
    /// Escrow is released to the tutor and the platform.
    Release,
    /// An unpaid payment is voided (nothing was held).
    VoidPayment,
    /// Escrow is settled per [`cancellation_settlement`].
    CancellationRefund,
    /// Escrow goes back to the student in full.
    FullRefund,
    /// Escrow is split per an admin's decision.
    Split,
}

/// One row of the transition table.
#[derive(Debug, Clone, Copy)]
pub struct Transition {
    /// Status before.
    pub from: BookingStatus,
    /// The event.
    pub event: BookingEvent,
    /// Who may cause it.
    pub who: &'static [Party],
    /// When it is allowed.
    pub when: When,
    /// Status after.
    pub to: BookingStatus,
    /// What happens to money.
    pub money: MoneyEffect,
}

use BookingEvent as E;
use MoneyEffect as M;
use Party as P;

const fn t(
    from: BookingStatus,
    event: BookingEvent,
    who: &'static [Party],
    when: When,
    to: BookingStatus,
    money: MoneyEffect,
) -> Transition {
    Transition {
        from,
        event,
        who,
        when,
        to,
        money,
    }
}

/// The lifecycle, one row per allowed move (see the module docs for the same table).
#[rustfmt::skip]
pub const TRANSITIONS: &[Transition] = &[
    t(S::Draft, E::Checkout, &[P::Student], When::BeforeStart, S::PendingPayment, M::CreatePayment),
    t(S::Draft, E::BookWithPackage, &[P::Student], When::BeforeStart, S::Confirmed, M::DrawPackageSession),
    t(S::Draft, E::Cancel, &[P::Student, P::Admin], When::Any, S::Cancelled, M::None),
    t(S::PendingPayment, E::PaymentPaid, &[P::System], When::Any, S::Confirmed, M::EscrowHold),
    t(S::PendingPayment, E::PaymentFailed, &[P::System], When::Any, S::Cancelled, M::VoidPayment),
    t(S::PendingPayment, E::PaymentExpired, &[P::System], When::Any, S::Cancelled, M::VoidPayment),
    t(S::PendingPayment, E::Cancel, &[P::Student, P::Tutor, P::Admin], When::Any, S::Cancelled, M::VoidPayment),
    t(S::Confirmed, E::RequestReschedule, &[P::Student, P::Tutor], When::BeforeStart, S::RescheduleRequested, M::None),
    t(S::RescheduleRequested, E::AcceptReschedule, &[P::Student, P::Tutor], When::BeforeStart, S::Confirmed, M::None),
    t(S::RescheduleRequested, E::DeclineReschedule, &[P::Student, P::Tutor], When::Any, S::Confirmed, M::None),
    t(S::RescheduleRequested, E::Cancel, &[P::Student, P::Tutor], When::BeforeStart, S::Cancelled, M::CancellationRefund),
    t(S::RescheduleRequested, E::Cancel, &[P::Admin], When::Any, S::Cancelled, M::CancellationRefund),
    t(S::Confirmed, E::Cancel, &[P::Student, P::Tutor], When::BeforeStart, S::Cancelled, M::CancellationRefund),
    t(S::Confirmed, E::Cancel, &[P::Admin], When::Any, S::Cancelled, M::CancellationRefund),
    t(S::Confirmed, E::ConfirmDone, &[P::Student], When::AfterEnd, S::Completed, M::Release),
    t(S::Confirmed, E::AutoComplete, &[P::System], When::AfterDisputeWindow, S::Completed, M::Release),
    t(S::Confirmed, E::ReportNoShow, &[P::Tutor], When::AfterStart, S::NoShow, M::None),
    t(S::Confirmed, E::Dispute, &[P::Student], When::InDisputeWindow, S::Disputed, M::None),
    t(S::NoShow, E::Dispute, &[P::Student], When::UntilDisputeWindowEnds, S::Disputed, M::None),
    t(S::NoShow, E::AutoComplete, &[P::System], When::AfterDisputeWindow, S::Completed, M::Release),
    t(S::Disputed, E::ResolveRelease, &[P::Admin], When::Any, S::Completed, M::Release),
    t(S::Disputed, E::ResolveRefund, &[P::Admin], When::Any, S::Cancelled, M::FullRefund),
    t(S::Disputed, E::ResolveSplit, &[P::Admin], When::Any, S::Completed, M::Split),
];

/// The lesson's times, for the `when` guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// Lesson start.
    pub start_at: DateTime<Utc>,
    /// Lesson end.
    pub end_at: DateTime<Utc>,
    /// The present instant.
    pub now: DateTime<Utc>,
}

impl When {
    fn holds(self, t: &Timing, policy: &Policy) -> bool {
        let window_end = t.end_at + policy.dispute_window;
        match self {
            When::Any => true,
            When::BeforeStart => t.now < t.start_at,
            When::AfterStart => t.now >= t.start_at,
            When::AfterEnd => t.now >= t.end_at,
            When::InDisputeWindow => t.now >= t.start_at && t.now < window_end,
            When::UntilDisputeWindowEnds => t.now < window_end,
            When::AfterDisputeWindow => t.now >= window_end,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            When::Any => "at any time",
            When::BeforeStart => "before the lesson starts",
            When::AfterStart => "after the lesson starts",
            When::AfterEnd => "after the lesson ends",
            When::InDisputeWindow => "between the start and the end of the dispute window",
            When::UntilDisputeWindowEnds => "before the dispute window ends",
            When::AfterDisputeWindow => "after the dispute window",
        }
    }
}

/// Decides a move: the row of [`TRANSITIONS`] that applies.
///
/// # Errors
/// - [`Error::InvalidTransition`] when no row has this `from` and `event`, or the rows that do
///   are not allowed at this time (the message says when it would be);
/// - [`Error::Forbidden`] when rows exist but none lets `party` cause the event.
pub fn decide(
    from: BookingStatus,
    event: BookingEvent,
    party: Party,
    timing: &Timing,
    policy: &Policy,
) -> Result<Transition> {
    // Permission before state: a party who may never take this event (a student resolving a
    // dispute) learns nothing about the booking's state from the refusal.
    if !TRANSITIONS
        .iter()
        .any(|r| r.event == event && r.who.contains(&party))
    {
        return Err(Error::Forbidden(format!(
            "a {} may not {}",
            party.as_str(),
            event
        )));
    }
    let rows: Vec<&Transition> = TRANSITIONS
        .iter()
        .filter(|r| r.from == from && r.event == event)
        .collect();
    if rows.is_empty() {
        return Err(Error::InvalidTransition {
            from: from.as_str().to_string(),
            event: event.as_str().to_string(),
        });
    }
    let permitted: Vec<&&Transition> = rows.iter().filter(|r| r.who.contains(&party)).collect();
    if permitted.is_empty() {
        return Err(Error::Forbidden(format!(
            "a {} cannot {} a {} booking",
            party.as_str(),
            event,
            from
        )));
    }
    match permitted.iter().find(|r| r.when.holds(timing, policy)) {
        Some(r) => Ok(***r),
        None => Err(Error::InvalidTransition {
            from: from.as_str().to_string(),
            event: format!("{event} (allowed only {})", permitted[0].when.describe()),
        }),
    }
}

/// How the escrow of a cancelled, paid booking is settled (see the module docs).
pub fn cancellation_settlement(
    party: Party,
    timing: &Timing,
    quote: &Quote,
    policy: &Policy,
) -> Settlement {
    match party {
        Party::Student if timing.start_at - timing.now < policy.free_cancellation_window => {
            Settlement::late_cancellation(quote, policy)
        }
        _ => Settlement::full_refund(quote),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn timing(now_minus_start_min: i64) -> Timing {
        let start = "2026-12-01T03:00:00Z".parse::<DateTime<Utc>>().unwrap();
        Timing {
            start_at: start,
            end_at: start + Duration::minutes(60),
            now: start + Duration::minutes(now_minus_start_min),
        }
    }

    #[test]
    fn the_happy_path() {
        let p = Policy::default();
        let before = timing(-600);
        let s = decide(S::Draft, E::Checkout, P::Student, &before, &p).unwrap();
        assert_eq!((s.to, s.money), (S::PendingPayment, M::CreatePayment));
        let s = decide(s.to, E::PaymentPaid, P::System, &before, &p).unwrap();
        assert_eq!((s.to, s.money), (S::Confirmed, M::EscrowHold));
        let s = decide(s.to, E::ConfirmDone, P::Student, &timing(61), &p).unwrap();
        assert_eq!((s.to, s.money), (S::Completed, M::Release));
    }

    #[test]
    fn refusals_say_why() {
        let p = Policy::default();
        // Permission before state: a student resolving a dispute is forbidden, not told the
        // booking is not disputed.
        for from in [S::Confirmed, S::Disputed, S::Completed] {
            let err = decide(from, E::ResolveRelease, P::Student, &timing(61), &p).unwrap_err();
            assert_eq!(err.code(), "forbidden", "{from}");
        }
        let err = decide(S::Confirmed, E::ConfirmDone, P::Student, &timing(10), &p).unwrap_err();
        assert_eq!(err.code(), "invalid_transition");
        assert!(err.to_string().contains("after the lesson ends"), "{err}");
        let err = decide(S::Confirmed, E::ConfirmDone, P::Tutor, &timing(61), &p).unwrap_err();
        assert_eq!(err.code(), "forbidden");
        let err = decide(S::Completed, E::Cancel, P::Admin, &timing(61), &p).unwrap_err();
        assert_eq!(
            err,
            Error::InvalidTransition {
                from: "completed".into(),
                event: "cancel".into()
            }
        );
        // A tutor cannot cancel once the lesson started; an admin can.
        assert_eq!(
            decide(S::Confirmed, E::Cancel, P::Tutor, &timing(5), &p)
                .unwrap_err()
                .code(),
            "invalid_transition"
        );
        assert!(decide(S::Confirmed, E::Cancel, P::Admin, &timing(5), &p).is_ok());
        // Auto-completion waits for the dispute window.
        assert!(decide(S::Confirmed, E::AutoComplete, P::System, &timing(61), &p).is_err());
        assert!(
            decide(
                S::Confirmed,
                E::AutoComplete,
                P::System,
                &timing(60 + 24 * 60),
                &p
            )
            .is_ok()
        );
    }

    #[test]
    fn cancellation_refunds_follow_the_policy() {
        let p = Policy::default();
        let q = crate::pricing::quote(Decimal::from(150_000), 60, &p).unwrap();
        let early = timing(-25 * 60);
        let late = timing(-60);
        assert_eq!(
            cancellation_settlement(P::Student, &early, &q, &p),
            Settlement::full_refund(&q)
        );
        let s = cancellation_settlement(P::Student, &late, &q, &p);
        assert_eq!(s.refund, Decimal::ZERO);
        assert_eq!(s.tutor + s.platform, q.total_amount);
        assert_eq!(
            cancellation_settlement(P::Tutor, &late, &q, &p),
            Settlement::full_refund(&q)
        );
        assert_eq!(
            cancellation_settlement(P::Admin, &late, &q, &p),
            Settlement::full_refund(&q)
        );
    }

    #[test]
    fn the_table_is_deterministic() {
        // At most one row per (from, event, party) is open at any instant, so the outcome
        // never depends on row order.
        let p = Policy::default();
        for offset in [-10_000, -1, 0, 30, 60, 61, 60 + 24 * 60, 100_000] {
            let tm = timing(offset);
            for from in S::ALL {
                for event in E::ALL {
                    for party in [P::Student, P::Tutor, P::Admin, P::System] {
                        let open = TRANSITIONS
                            .iter()
                            .filter(|r| {
                                r.from == *from
                                    && r.event == *event
                                    && r.who.contains(&party)
                                    && r.when.holds(&tm, &p)
                            })
                            .count();
                        assert!(open <= 1, "{from} {event} {party:?}");
                    }
                }
            }
        }
    }

    fn arb_status() -> impl Strategy<Value = BookingStatus> {
        prop::sample::select(S::ALL.to_vec())
    }
    fn arb_event() -> impl Strategy<Value = BookingEvent> {
        prop::sample::select(E::ALL.to_vec())
    }
    fn arb_party() -> impl Strategy<Value = Party> {
        prop::sample::select(vec![P::Student, P::Tutor, P::Admin, P::System])
    }

    proptest! {
        #[test]
        fn decisions_follow_the_table(
            from in arb_status(),
            event in arb_event(),
            party in arb_party(),
            offset in -100_000i64..100_000,
        ) {
            let p = Policy::default();
            let tm = timing(offset);
            match decide(from, event, party, &tm, &p) {
                Ok(row) => {
                    prop_assert_eq!(row.from, from);
                    prop_assert_eq!(row.event, event);
                    prop_assert!(row.who.contains(&party));
                    prop_assert!(row.when.holds(&tm, &p));
                    prop_assert!(from != S::Cancelled && from != S::Completed);
                    // Slot-holding is never gained by a move that skips payment or a package.
                    if row.to.holds_slot() && !from.holds_slot() {
                        prop_assert!(matches!(row.money, M::CreatePayment | M::DrawPackageSession));
                    }
                }
                Err(e) => prop_assert!(matches!(e.code(), "invalid_transition" | "forbidden")),
            }
            // Whoever may never take the event is refused as such, whatever the state or time.
            let ever = TRANSITIONS.iter().any(|r| r.event == event && r.who.contains(&party));
            if !ever {
                prop_assert_eq!(decide(from, event, party, &tm, &p).unwrap_err().code(), "forbidden");
            }
        }
    }
}
