//! Mixed money-moving traffic for the reliability drills (PostgreSQL faults, soak): clients
//! that each run random booking lifecycles on one shared [`Marketplace`], answered the way a
//! host and a payment provider would answer them, and the invariants checked afterwards (or,
//! on one snapshot, while the traffic runs).
//!
//! A lifecycle is: look at a tutor's free slots → `create_booking` → `checkout` → a signed
//! Midtrans notification or a Xendit callback (`paid`, or `deny`) → the tutor or the student
//! cancels (full refund), or the lesson stays confirmed, or the booking stays a draft. Some
//! notifications are delivered twice at once.
//!
//! A notification whose delivery fails with a `database` error is delivered again until it
//! is answered, as providers retry until they get a 2xx: the answer must then be `applied`
//! or `duplicate` (the first delivery's effect, or this one's; never none, never two).
//!
//! Every call runs under a timeout: a call that neither answers nor fails fails the drill.
//! Each client remembers the last state it was told each of its bookings is in
//! ([`Client::acked`]); a call that failed makes that booking's state unknown.

#![allow(dead_code)]

use super::market::{MIDTRANS_KEY, XENDIT_TOKEN, world};
use blajarplus::clock::FixedClock;
use blajarplus::marketplace::*;
use blajarplus::payments::sign_midtrans;
use blajarplus::store::{AuditRepo, BookingRepo, PaymentRepo, Store};
use blajarplus::types::*;
use blajarplus::{Actor, Marketplace};
use chrono::{Duration, NaiveTime};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

/// The marketplace the clients share: tutors teaching every day 06:00–22:00 (Jakarta) on an
/// hourly grid, so 60-minute lessons never straddle each other and slots last for minutes of
/// traffic; the clock stays put unless a drill moves it.
pub struct Market {
    pub m: Marketplace,
    pub clock: Arc<FixedClock>,
    pub admin: Actor,
    /// (tutor, profile, offering)
    pub tutors: Vec<(Actor, TutorProfileId, TutorSubjectId)>,
    pub students: Vec<Actor>,
}

pub async fn market(store: Store, tutors: usize, students: usize) -> Market {
    let w = world(store).await;
    let math = {
        use blajarplus::store::TutorRepo;
        let mut tx = w.m.store().begin_read().await.unwrap();
        let ts = tx.get_tutor_subject(w.teaches.id).await.unwrap().unwrap();
        ts.subject_id
    };
    let mut list = vec![(w.tutor, w.profile.id, w.teaches.id)];
    for i in 1..tutors {
        let (t, p, ts) = super::market::tutor(&w.m, &format!("tutor{i}@example.id"), math).await;
        list.push((t, p.id, ts.id));
    }
    let hour = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    for (t, _, _) in &list {
        w.m.set_weekly_availability(
            t,
            (0..=6)
                .map(|d| AvailabilityRule {
                    day_of_week: d,
                    start_time: hour(6),
                    end_time: hour(22),
                    slot_duration_minutes: 60,
                })
                .collect(),
        )
        .await
        .unwrap();
    }
    let mut list_students = vec![w.student];
    for i in 1..students {
        let u =
            w.m.register_user(NewUser {
                role: Role::Student,
                full_name: format!("Siswa {i}"),
                email: Some(format!("siswa{i}@example.id")),
                phone: None,
                password: None,
            })
            .await
            .unwrap();
        list_students.push(Actor::student(u.id));
    }
    Market {
        m: w.m,
        clock: w.clock,
        admin: w.admin,
        tutors: list,
        students: list_students,
    }
}

/// What a client did, for the drill's report and its "did it exercise anything" checks.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub lifecycles: u64,
    pub calls: u64,
    /// Calls that failed with a `database` error (the server was gone or the backend killed).
    pub interrupted: u64,
    /// Slots taken by someone else between the look and the booking.
    pub conflicts: u64,
    /// Notifications answered after at least one interrupted delivery.
    pub retried: u64,
    /// … of which answered `duplicate` (the interrupted delivery had committed).
    pub retried_duplicate: u64,
}

impl Stats {
    pub fn add(&mut self, o: &Stats) {
        self.lifecycles += o.lifecycles;
        self.calls += o.calls;
        self.interrupted += o.interrupted;
        self.conflicts += o.conflicts;
        self.retried += o.retried;
        self.retried_duplicate += o.retried_duplicate;
    }
}

/// One client: a student who books, and the provider and tutor who answer for its bookings.
pub struct Client {
    pub m: Marketplace,
    pub student: Actor,
    pub tutors: Vec<(Actor, TutorProfileId, TutorSubjectId)>,
    pub stats: Stats,
    /// The last state this client was told each of its bookings is in.
    pub acked: HashMap<BookingId, BookingStatus>,
    /// Bookings whose notification was delivered again after an interrupted delivery, with
    /// the state the answer promised.
    pub retried: Vec<(BookingId, BookingStatus)>,
    /// Whether `database` errors are expected (faults injected) or fail the drill.
    pub faults: bool,
    pub timeout: std::time::Duration,
    /// Calls made, shared by clients that report progress while they run.
    pub progress: Arc<AtomicU64>,
    rng: u64,
}

/// How a lifecycle ends.
#[derive(Clone, Copy, Debug)]
enum Plan {
    TutorCancels,
    StudentCancels,
    PaymentDenied,
    StaysConfirmed,
    DeliveredTwice,
    StaysDraft,
}

impl Client {
    pub fn new(market: &Market, index: usize, faults: bool) -> Client {
        Client {
            m: market.m.clone(),
            student: market.students[index % market.students.len()],
            tutors: market.tutors.clone(),
            stats: Stats::default(),
            acked: HashMap::new(),
            retried: Vec::new(),
            faults,
            timeout: std::time::Duration::from_secs(20),
            progress: Arc::default(),
            rng: 0x9e37_79b9_7f4a_7c15 ^ (index as u64 + 1).wrapping_mul(0x2545_f491_4f6c_dd1d),
        }
    }

    fn next(&mut self) -> u64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }

    /// Runs one facade call under the timeout. `Err` is the call's own error; a `database`
    /// error is counted, and fails the drill unless faults are being injected.
    async fn call<T>(
        &mut self,
        what: &str,
        f: impl Future<Output = blajarplus::Result<T>>,
    ) -> blajarplus::Result<T> {
        self.stats.calls += 1;
        self.progress.fetch_add(1, Ordering::Relaxed);
        let r = tokio::time::timeout(self.timeout, f)
            .await
            .unwrap_or_else(|_| panic!("{what} neither answered nor failed in {:?}", self.timeout));
        if let Err(e) = &r
            && e.code() == "database"
        {
            assert!(self.faults, "{what}: {e}");
            self.stats.interrupted += 1;
        }
        r
    }

    /// Runs lifecycles until `stop` is set.
    pub async fn run(mut self, stop: Arc<AtomicBool>) -> Client {
        while !stop.load(Ordering::Relaxed) {
            if !self.lifecycle().await {
                // The server is away: do not spin on it.
                tokio::time::sleep(std::time::Duration::from_millis(50 + self.next() % 150)).await;
            }
        }
        self
    }

    /// One lifecycle; `false` when a call was interrupted.
    pub async fn lifecycle(&mut self) -> bool {
        self.stats.lifecycles += 1;
        let plan = match self.next() % 20 {
            0..=4 => Plan::TutorCancels,
            5..=8 => Plan::StudentCancels,
            9..=11 => Plan::PaymentDenied,
            12..=13 => Plan::StaysConfirmed,
            14..=17 => Plan::DeliveredTwice,
            _ => Plan::StaysDraft,
        };
        let pick = (self.next() % self.tutors.len() as u64) as usize;
        let (tutor, profile, offering) = self.tutors[pick];
        let m = self.m.clone();
        let from = m.now() + Duration::days(2) + Duration::hours((self.next() % (55 * 24)) as i64);
        let slots = match self
            .call(
                "available_slots",
                m.available_slots(profile, from, from + Duration::days(2), 60),
            )
            .await
        {
            Ok(s) => s,
            Err(e) if e.code() == "database" => return false,
            Err(e) => panic!("available_slots: {e}"),
        };
        if slots.is_empty() {
            return true;
        }
        let start = slots[(self.next() % slots.len() as u64) as usize].start;
        let student = self.student;
        let b = match self
            .call(
                "create_booking",
                m.create_booking(&student, online(offering, start)),
            )
            .await
        {
            Ok(b) => b,
            Err(e) => return self.refused("create_booking", e),
        };
        self.acked.insert(b.id, BookingStatus::Draft);
        if let Plan::StaysDraft = plan {
            return true;
        }
        let provider = if self.next().is_multiple_of(3) {
            PaymentProvider::Xendit
        } else {
            PaymentProvider::Midtrans
        };
        let c = match self
            .call("checkout", m.checkout(&student, b.id, provider))
            .await
        {
            Ok(c) => c,
            Err(e) => {
                self.acked.remove(&b.id);
                return self.refused("checkout", e);
            }
        };
        self.acked.insert(b.id, BookingStatus::PendingPayment);
        let n = if let Plan::PaymentDenied = plan {
            Notification::denied(&c.payment)
        } else {
            Notification::paid(&c.payment)
        };
        let expect = if let Plan::PaymentDenied = plan {
            BookingStatus::Cancelled
        } else {
            BookingStatus::Confirmed
        };
        if let Plan::DeliveredTwice = plan {
            self.deliver_twice(b.id, &n).await;
        } else {
            let outcome = self.deliver(b.id, &n, expect, false).await;
            assert_eq!(outcome, PaymentOutcome::Applied, "first delivery of {n:?}");
        }
        self.acked.insert(b.id, expect);
        let canceller = match plan {
            Plan::TutorCancels | Plan::DeliveredTwice => tutor,
            Plan::StudentCancels => student,
            _ => return true,
        };
        // From here the booking's state is what the cancellation answers (the acked map);
        // it succeeds only on a lesson the notification confirmed.
        self.retried.retain(|(id, _)| *id != b.id);
        match self
            .call(
                "cancel_booking",
                m.cancel_booking(&canceller, b.id, Some("berhalangan".into())),
            )
            .await
        {
            Ok(after) => {
                assert_eq!(after.status, BookingStatus::Cancelled);
                self.acked.insert(b.id, BookingStatus::Cancelled);
                true
            }
            Err(e) if e.code() == "database" => {
                self.acked.remove(&b.id);
                false
            }
            Err(e) => panic!("cancel_booking of a confirmed lesson: {e}"),
        }
    }

    /// A refusal of `create_booking`/`checkout`: a taken slot is normal traffic, an
    /// interruption is the drill's, anything else is a bug.
    fn refused(&mut self, what: &str, e: blajarplus::Error) -> bool {
        match e.code() {
            "conflict" => {
                self.stats.conflicts += 1;
                true
            }
            "database" => false,
            _ => panic!("{what}: {e}"),
        }
    }

    /// Delivers `n` until it is answered, as a provider retries until it gets a 2xx;
    /// `interrupted` when an earlier delivery of it already failed.
    pub async fn deliver(
        &mut self,
        booking: BookingId,
        n: &Notification,
        expect: BookingStatus,
        mut interrupted: bool,
    ) -> PaymentOutcome {
        let give_up = Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let m = self.m.clone();
            match self.call("payment notification", n.send(&m)).await {
                Ok(outcome) => {
                    if interrupted {
                        self.stats.retried += 1;
                        assert!(
                            matches!(outcome, PaymentOutcome::Applied | PaymentOutcome::Duplicate),
                            "a notification delivered again after an interrupted delivery was \
                             answered {outcome:?}: {n:?}"
                        );
                        if outcome == PaymentOutcome::Duplicate {
                            self.stats.retried_duplicate += 1;
                        }
                        self.retried.push((booking, expect));
                        // Applied either way, from the provider's point of view.
                        return PaymentOutcome::Applied;
                    }
                    return outcome;
                }
                Err(e) if e.code() == "database" => {
                    interrupted = true;
                    assert!(
                        Instant::now() < give_up,
                        "the notification was not answered for 60 s: {e}"
                    );
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("payment notification {n:?}: {e}"),
            }
        }
    }

    /// Two deliveries of one notification at once (a provider's retry racing the original):
    /// one `applied` at most; then delivered until answered like any other.
    async fn deliver_twice(&mut self, booking: BookingId, n: &Notification) {
        let m = self.m.clone();
        let t = self.timeout;
        let (a, b) = tokio::join!(
            tokio::time::timeout(t, n.send(&m)),
            tokio::time::timeout(t, n.send(&m))
        );
        self.stats.calls += 2;
        self.progress.fetch_add(2, Ordering::Relaxed);
        let mut applied = 0;
        let mut unanswered = false;
        for r in [a, b] {
            match r.unwrap_or_else(|_| panic!("a concurrent delivery hung past {t:?}")) {
                Ok(PaymentOutcome::Applied) => applied += 1,
                Ok(PaymentOutcome::Duplicate) => {}
                Ok(other) => panic!("a concurrent delivery was answered {other:?}"),
                Err(e) if e.code() == "database" && self.faults => {
                    self.stats.interrupted += 1;
                    unanswered = true;
                }
                Err(e) => panic!("a concurrent delivery failed: {e}"),
            }
        }
        assert!(applied <= 1, "one notification applied twice: {n:?}");
        if applied == 0 {
            assert!(unanswered, "neither of two deliveries applied {n:?}");
            // The interrupted one may have committed: the provider's retry finds out.
            self.deliver(booking, n, BookingStatus::Confirmed, true)
                .await;
        }
    }
}

/// A provider's notification of one payment, delivered the same way every time.
#[derive(Debug, Clone)]
pub enum Notification {
    Midtrans(String),
    Xendit(String),
}

impl Notification {
    /// The provider's signed "paid" for `p`: a Midtrans settlement or a Xendit `PAID`.
    pub fn paid(p: &PaymentTransaction) -> Notification {
        Self::of(p, true)
    }

    /// The provider's signed refusal of `p` (Midtrans `deny`, Xendit `EXPIRED`).
    pub fn denied(p: &PaymentTransaction) -> Notification {
        Self::of(p, false)
    }

    fn of(p: &PaymentTransaction, paid: bool) -> Notification {
        let order = p.id.to_string();
        let gross = format!("{:.2}", p.amount);
        match p.provider {
            Some(PaymentProvider::Xendit) => Notification::Xendit(format!(
                r#"{{"id":"inv-{}","external_id":"{order}","status":"{}","amount":{gross},"currency":"IDR","payment_method":"QRIS","paid_at":"2026-11-25T01:00:05.000Z"}}"#,
                p.id.as_uuid().simple(),
                if paid { "PAID" } else { "EXPIRED" }
            )),
            _ => {
                let (code, status) = if paid {
                    ("200", "settlement")
                } else {
                    ("202", "deny")
                };
                Notification::Midtrans(
                    serde_json::json!({
                        "order_id": order,
                        "status_code": code,
                        "gross_amount": gross,
                        "signature_key": sign_midtrans(&order, code, &gross, MIDTRANS_KEY),
                        "transaction_status": status,
                        "transaction_id": format!("tx-{}", p.id.as_uuid().simple()),
                        "payment_type": "qris",
                        "currency": "IDR",
                    })
                    .to_string(),
                )
            }
        }
    }

    pub async fn send(&self, m: &Marketplace) -> blajarplus::Result<PaymentOutcome> {
        match self {
            Notification::Midtrans(body) => m.handle_midtrans_notification(body.as_bytes()).await,
            Notification::Xendit(body) => {
                m.handle_xendit_callback(body.as_bytes(), Some(XENDIT_TOKEN))
                    .await
            }
        }
    }
}

pub fn online(offering: TutorSubjectId, start: chrono::DateTime<chrono::Utc>) -> NewBooking {
    super::market::online(offering, start)
}

/// The invariants that must hold at any moment, read from one snapshot (so they may run
/// while traffic continues): the ledger audit finds nothing, escrow holds exactly what the
/// confirmed lessons cost, and no tutor has two slot-holding bookings that overlap. Returns
/// every violation in words, and the snapshot's bookings.
pub async fn snapshot_violations(store: &Store) -> (Vec<String>, Vec<Booking>) {
    let mut tx = store.begin_snapshot().await.unwrap();
    let totals = tx
        .ledger_totals([GATEWAY_WALLET, ESCROW_WALLET, PLATFORM_WALLET])
        .await
        .unwrap();
    let bookings = tx.list_all_bookings().await.unwrap();
    tx.rollback().await.unwrap();
    let report = blajarplus::ledger::report(&totals);
    let mut violations = report.violations;
    let confirmed: Decimal = bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .map(|b| b.total_amount)
        .sum();
    if report.escrow != confirmed {
        violations.push(format!(
            "escrow holds {} but the confirmed lessons cost {confirmed}",
            report.escrow
        ));
    }
    violations.extend(overlaps(&bookings));
    (violations, bookings)
}

/// Pairs of one tutor's slot-holding bookings that overlap.
pub fn overlaps(bookings: &[Booking]) -> Vec<String> {
    let mut held: Vec<_> = bookings
        .iter()
        .filter(|b| b.status.holds_slot())
        .map(|b| (b.tutor_profile_id, b.start_at, b.end_at, b.id))
        .collect();
    held.sort();
    held.windows(2)
        .filter(|w| w[0].0 == w[1].0 && w[1].1 < w[0].2)
        .map(|w| format!("overlapping lessons {} and {}", w[0].3, w[1].3))
        .collect()
}

/// After the traffic stopped: what the clients were told is what the database holds, the
/// invariants hold, a retried notification took effect once, a checkout left unpaid by an
/// interruption is paid by the provider's (first or retried) notification, and the same
/// marketplace books, pays and cancels a whole lesson. Returns how many bookings were checked.
pub async fn check_after(market: &Market, clients: &[Client]) -> usize {
    let store = market.m.store().clone();
    let (violations, bookings) = snapshot_violations(&store).await;
    assert!(violations.is_empty(), "{violations:#?}");
    let status: HashMap<BookingId, BookingStatus> =
        bookings.iter().map(|b| (b.id, b.status)).collect();
    for (id, expect) in clients.iter().flat_map(|c| &c.retried) {
        assert_eq!(
            status.get(id),
            Some(expect),
            "booking {id}: retried notification, no effect"
        );
    }
    for (id, acked) in clients.iter().flat_map(|c| &c.acked) {
        assert_eq!(
            status.get(id),
            Some(acked),
            "booking {id}: the client was told {acked:?}"
        );
    }
    // Checkouts an interruption left unpaid: the provider's notification arrives now.
    let m = &market.m;
    let mut sweeper = Client::new(market, 0, false);
    for b in bookings
        .iter()
        .filter(|b| b.status == BookingStatus::PendingPayment)
    {
        let mut tx = store.begin_read().await.unwrap();
        let p = tx.find_payment_by_booking(b.id).await.unwrap().unwrap();
        drop(tx);
        let outcome = sweeper
            .deliver(
                b.id,
                &Notification::paid(&p),
                BookingStatus::Confirmed,
                false,
            )
            .await;
        assert_eq!(outcome, PaymentOutcome::Applied, "booking {}", b.id);
        let after = m.get_booking(&market.admin, b.id).await.unwrap();
        assert_eq!(
            after.status,
            BookingStatus::Confirmed,
            "booking {}: paid, no effect",
            b.id
        );
    }
    let (violations, _) = snapshot_violations(&store).await;
    assert!(violations.is_empty(), "after the sweep: {violations:#?}");
    whole_lesson(market).await;
    bookings.len()
}

/// The same marketplace, never reopened, books, checks out, is paid and cancels a lesson;
/// every call must succeed.
pub async fn whole_lesson(market: &Market) {
    let m = &market.m;
    let (tutor, profile, offering) = market.tutors[0];
    let student = market.students[0];
    let from = m.now() + Duration::days(2);
    let slots = m
        .available_slots(profile, from, from + Duration::days(14), 60)
        .await
        .unwrap();
    let b = m
        .create_booking(&student, online(offering, slots[0].start))
        .await
        .unwrap();
    let c = m
        .checkout(&student, b.id, PaymentProvider::Midtrans)
        .await
        .unwrap();
    assert_eq!(
        Notification::paid(&c.payment).send(m).await.unwrap(),
        PaymentOutcome::Applied
    );
    let after = m.cancel_booking(&tutor, b.id, None).await.unwrap();
    assert_eq!(after.status, BookingStatus::Cancelled);
}

/// Moves the clock past every lesson and lets the jobs complete them: escrow is released
/// to tutors and the platform, and the books still balance (escrow empty).
pub async fn complete_everything(market: &Market) {
    market.clock.advance(Duration::days(90));
    loop {
        let r = market.m.run_due().await.unwrap();
        if r.completed == 0 && r.expired == 0 {
            break;
        }
    }
    let report = market.m.verify_ledger().await.unwrap();
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    assert_eq!(
        report.escrow,
        Decimal::ZERO,
        "escrow left after every lesson ended"
    );
}

/// This process's resident memory in KiB (`VmRSS` of /proc/self/status).
pub fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}
