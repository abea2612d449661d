//! The escrow ledger's rules: which balanced movements each money event makes, and an
//! independent audit of a whole ledger. Pure: the facade persists what these return.
//!
//! Double entry over `wallets` + `wallet_ledger_entries`: every movement is a group of entries
//! (sharing a movement id) whose amounts sum to zero. Beside user wallets (tutors' earnings,
//! students' credit) there are three system accounts: the payment **gateway** (the outside
//! world: money enters and leaves through it, so its balance is minus what the marketplace
//! holds), **escrow** (money paid for lessons not yet settled; always read per booking) and
//! the **platform**'s revenue. Only user wallets keep a maintained `balance` column (checked
//! `>= 0` by the database); system balances are derived from entries, so no payment ever
//! queues behind a single hot system row (as TigerBeetle keeps pending transfers apart).
//!
//! | event | entries |
//! |---|---|
//! | payment paid (booking or package) | gateway −total, escrow +total (`escrow_hold`) |
//! | lesson completed | escrow −tutor share, tutor +tutor share (`release_to_tutor`); escrow −platform share, platform +platform share (`platform_fee`) |
//! | refund | escrow −refund, gateway (or the student's wallet, as credit) +refund (`refund`) |
//! | package expired | escrow −unused part, gateway (or the student's wallet) +unused part (`refund`) |
//! | withdrawal paid | tutor −amount, gateway +amount (`withdrawal`) |
//!
//! Escrow is held per **holder**: a booking paid on its own, or a package purchase. A session
//! drawn from a package is settled out of its purchase's escrow; its entries name both the
//! purchase and the booking, so the tutor's release is still checked per booking.

use crate::pricing::Settlement;
use crate::types::{BookingId, LedgerEntryType, PurchaseId, WalletId};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A ledger account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Account {
    /// The payment providers / outside world.
    Gateway,
    /// Money held for bookings (read per booking).
    Escrow,
    /// The platform's revenue.
    Platform,
    /// A user's wallet.
    Wallet(WalletId),
}

/// One entry of a movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Whose balance changes.
    pub account: Account,
    /// Signed amount: positive credits the account.
    pub amount: Decimal,
    /// The ERD's entry type.
    pub kind: LedgerEntryType,
    /// The booking it concerns, if any.
    pub booking: Option<BookingId>,
    /// The package purchase it concerns, if any.
    pub purchase: Option<PurchaseId>,
}

/// Whose money sits in escrow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Holder {
    /// A booking paid on its own.
    Booking(BookingId),
    /// A package purchase (for all its sessions).
    Purchase(PurchaseId),
}

/// What a movement concerns: a booking, a purchase, or a session (a booking drawn from a
/// purchase, whose escrow is the purchase's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Concerns {
    /// The booking.
    pub booking: Option<BookingId>,
    /// The package purchase.
    pub purchase: Option<PurchaseId>,
}

impl Concerns {
    /// A booking paid on its own.
    pub fn booking(b: BookingId) -> Self {
        Concerns {
            booking: Some(b),
            purchase: None,
        }
    }
    /// A package purchase.
    pub fn purchase(p: PurchaseId) -> Self {
        Concerns {
            booking: None,
            purchase: Some(p),
        }
    }
    /// A session: booking `b` drawn from purchase `p`.
    pub fn session(b: BookingId, p: PurchaseId) -> Self {
        Concerns {
            booking: Some(b),
            purchase: Some(p),
        }
    }
    /// Whose escrow these entries move: the purchase's when there is one.
    pub fn holder(&self) -> Option<Holder> {
        self.purchase
            .map(Holder::Purchase)
            .or(self.booking.map(Holder::Booking))
    }
}

/// A balanced group of postings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Movement {
    /// The entries; they sum to zero.
    pub postings: Vec<Posting>,
}

impl Movement {
    fn pair(
        from: Account,
        to: Account,
        amount: Decimal,
        kind: LedgerEntryType,
        on: Concerns,
        out: &mut Vec<Posting>,
    ) {
        if amount.is_zero() {
            return;
        }
        out.push(Posting {
            account: from,
            amount: -amount,
            kind,
            booking: on.booking,
            purchase: on.purchase,
        });
        out.push(Posting {
            account: to,
            amount,
            kind,
            booking: on.booking,
            purchase: on.purchase,
        });
    }

    /// The sum of the postings (zero for every movement this module makes).
    pub fn sum(&self) -> Decimal {
        self.postings.iter().map(|p| p.amount).sum()
    }
}

/// A payment for a booking or a package purchase was received: it goes into escrow.
pub fn escrow_hold(on: Concerns, total: Decimal) -> Movement {
    let mut postings = Vec::new();
    Movement::pair(
        Account::Gateway,
        Account::Escrow,
        total,
        LedgerEntryType::EscrowHold,
        on,
        &mut postings,
    );
    Movement { postings }
}

/// Where refunded money goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundTo {
    /// Back through the payment provider.
    OriginalMethod,
    /// To the student's wallet, as credit.
    Wallet(WalletId),
}

fn refund_account(refund_to: RefundTo) -> Account {
    match refund_to {
        RefundTo::OriginalMethod => Account::Gateway,
        RefundTo::Wallet(w) => Account::Wallet(w),
    }
}

/// Escrow of a booking (or of the purchase a session was drawn from) leaves per
/// `settlement`: the tutor's part to `tutor_wallet`, the platform's part to revenue, the
/// refund to the student.
pub fn settle(
    on: Concerns,
    settlement: &Settlement,
    tutor_wallet: WalletId,
    refund_to: RefundTo,
) -> Movement {
    let mut postings = Vec::new();
    let b = on;
    Movement::pair(
        Account::Escrow,
        Account::Wallet(tutor_wallet),
        settlement.tutor,
        LedgerEntryType::ReleaseToTutor,
        b,
        &mut postings,
    );
    Movement::pair(
        Account::Escrow,
        Account::Platform,
        settlement.platform,
        LedgerEntryType::PlatformFee,
        b,
        &mut postings,
    );
    Movement::pair(
        Account::Escrow,
        refund_account(refund_to),
        settlement.refund,
        LedgerEntryType::Refund,
        b,
        &mut postings,
    );
    Movement { postings }
}

/// What is left of an expired package purchase (its unused sessions) goes back to the
/// student.
pub fn refund_unused(purchase: PurchaseId, amount: Decimal, refund_to: RefundTo) -> Movement {
    let mut postings = Vec::new();
    Movement::pair(
        Account::Escrow,
        refund_account(refund_to),
        amount,
        LedgerEntryType::Refund,
        Concerns::purchase(purchase),
        &mut postings,
    );
    Movement { postings }
}

/// A tutor's withdrawal is paid out of their wallet.
pub fn withdrawal(wallet: WalletId, amount: Decimal) -> Movement {
    let mut postings = Vec::new();
    Movement::pair(
        Account::Wallet(wallet),
        Account::Gateway,
        amount,
        LedgerEntryType::Withdrawal,
        Concerns::default(),
        &mut postings,
    );
    Movement { postings }
}

/// A ledger entry as the audit reads it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// The movement (group) it belongs to.
    pub movement: String,
    /// The account.
    pub account: Account,
    /// Signed amount.
    pub amount: Decimal,
    /// The entry type.
    pub kind: LedgerEntryType,
    /// The booking it concerns.
    pub booking: Option<BookingId>,
    /// The package purchase it concerns.
    pub purchase: Option<PurchaseId>,
}

/// What the audit knows about a booking from outside the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditBooking {
    /// The booking.
    pub id: BookingId,
    /// Whether it is completed by release (not by a split decision).
    pub released: bool,
    /// Whether it is still open (its escrow may be non-zero).
    pub open: bool,
    /// `price - platform_fee`: what a released booking pays its tutor.
    pub tutor_share: Decimal,
    /// The purchase a session was drawn from (its escrow is the purchase's).
    pub purchase: Option<PurchaseId>,
}

/// What the audit knows about a package purchase from outside the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditPurchase {
    /// The purchase.
    pub id: PurchaseId,
    /// Whether it is over (expired or cancelled): then its escrow is exactly what its open
    /// sessions still need.
    pub closed: bool,
    /// The prices of its sessions that are drawn and not settled yet.
    pub committed: Decimal,
}

/// The result of [`audit`]: empty `violations` means every invariant holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LedgerReport {
    /// Movements checked.
    pub movements: usize,
    /// Entries checked.
    pub entries: usize,
    /// Money that came in through the gateway and has not left: what the marketplace holds
    /// (escrow + platform revenue + user wallets).
    pub held: Decimal,
    /// Escrow, all holders together.
    pub escrow: Decimal,
    /// Platform revenue.
    pub platform: Decimal,
    /// Sum of user wallets.
    pub wallets: Decimal,
    /// Every broken invariant, in words.
    pub violations: Vec<String>,
}

/// What the audit needs to know, aggregated: the sums of the whole ledger and only the rows
/// that break an invariant. The database computes it for [`crate::Marketplace::verify_ledger`]
/// (memory stays flat at any size); [`audit`] computes the same from entries in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerTotals {
    /// Entries in the ledger.
    pub entries: usize,
    /// Movements (entries outside a movement count as one each).
    pub movements: usize,
    /// Sum of the gateway's entries (minus what came in).
    pub gateway: Decimal,
    /// Sum of the escrow's entries.
    pub escrow: Decimal,
    /// Sum of the platform's entries.
    pub platform: Decimal,
    /// Sum of every user wallet's entries.
    pub wallet_entries: Decimal,
    /// Sum of the user wallets' maintained balances.
    pub wallet_balances: Decimal,
    /// Movements whose entries do not sum to zero, with their sum, by movement.
    pub unbalanced: Vec<(String, Decimal)>,
    /// Escrow entries that name no booking or purchase, by movement.
    pub anonymous_escrow: Vec<String>,
    /// User wallets whose balance differs from their entries or is negative:
    /// (wallet, balance, sum of entries).
    pub wallet_mismatches: Vec<(WalletId, Decimal, Decimal)>,
    /// Holders whose escrow is negative, with it, by holder.
    pub negative_escrow: Vec<(Holder, Decimal)>,
    /// Purchases holding less escrow than their open sessions need, or (over) other than
    /// that: (purchase, over, held, committed).
    pub purchase_mismatches: Vec<(PurchaseId, bool, Decimal, Decimal)>,
    /// Settled bookings (not package sessions) with escrow left: (booking, escrow).
    pub settled_with_escrow: Vec<(BookingId, Decimal)>,
    /// Released bookings that paid their tutor other than their tutor share:
    /// (booking, paid, tutor share).
    pub release_mismatches: Vec<(BookingId, Decimal, Decimal)>,
}

/// Words every broken invariant of `t` and sums up what the marketplace holds: each movement
/// sums to zero; each user wallet's maintained balance equals its entries and is not negative;
/// escrow per holder is never negative, is zero for settled bookings, covers the open
/// sessions of an active purchase and equals them once the purchase is over; every released
/// booking paid its tutor exactly its tutor share; and what the gateway let in equals what is
/// held.
pub fn report(t: &LedgerTotals) -> LedgerReport {
    let mut violations = Vec::new();
    for m in &t.anonymous_escrow {
        violations.push(format!(
            "escrow entry of movement {m} names no booking or purchase"
        ));
    }
    for (m, sum) in &t.unbalanced {
        violations.push(format!("movement {m} sums to {sum}, not 0"));
    }
    for (wallet, balance, derived) in &t.wallet_mismatches {
        if derived != balance {
            violations.push(format!(
                "wallet {wallet} has balance {balance} but its entries sum to {derived}"
            ));
        }
        if *balance < Decimal::ZERO {
            violations.push(format!("wallet {wallet} is negative: {balance}"));
        }
    }
    for (h, amount) in &t.negative_escrow {
        violations.push(format!("escrow of {h:?} is negative: {amount}"));
    }
    for (p, over, held, committed) in &t.purchase_mismatches {
        violations.push(format!(
            "purchase {p} holds {held} in escrow for {committed} of open sessions{}",
            if *over { " (it is over)" } else { "" }
        ));
    }
    for (b, held) in &t.settled_with_escrow {
        violations.push(format!(
            "booking {b} is settled but {held} is still in escrow"
        ));
    }
    for (b, paid, share) in &t.release_mismatches {
        violations.push(format!(
            "booking {b} released {paid} to its tutor, expected {share}"
        ));
    }
    // `-0` would print as such: money is never negative zero.
    let held = if t.gateway.is_zero() {
        Decimal::ZERO
    } else {
        -t.gateway
    };
    if held != t.escrow + t.platform + t.wallet_entries {
        violations.push(format!(
            "money in ({held}) differs from money held ({} escrow + {} platform + {} wallets)",
            t.escrow, t.platform, t.wallet_entries
        ));
    }
    LedgerReport {
        movements: t.movements,
        entries: t.entries,
        held,
        escrow: t.escrow,
        platform: t.platform,
        wallets: t.wallet_balances,
        violations,
    }
}

/// [`report`] over a ledger held in memory: aggregates the entries, balances, bookings and
/// purchases into [`LedgerTotals`] as the database does for
/// [`crate::Marketplace::verify_ledger`].
pub fn audit(
    entries: &[AuditEntry],
    wallet_balances: &[(WalletId, Decimal)],
    bookings: &[AuditBooking],
    purchases: &[AuditPurchase],
) -> LedgerReport {
    let mut t = LedgerTotals {
        entries: entries.len(),
        ..LedgerTotals::default()
    };
    let mut movements: BTreeMap<&str, Decimal> = BTreeMap::new();
    let mut accounts: BTreeMap<Account, Decimal> = BTreeMap::new();
    let mut escrow: BTreeMap<Holder, Decimal> = BTreeMap::new();
    let mut released: BTreeMap<BookingId, Decimal> = BTreeMap::new();
    for e in entries {
        *movements.entry(e.movement.as_str()).or_default() += e.amount;
        *accounts.entry(e.account).or_default() += e.amount;
        if e.account == Account::Escrow {
            let on = Concerns {
                booking: e.booking,
                purchase: e.purchase,
            };
            match on.holder() {
                Some(h) => *escrow.entry(h).or_default() += e.amount,
                None => t.anonymous_escrow.push(e.movement.clone()),
            }
        }
        if let (Account::Wallet(_), LedgerEntryType::ReleaseToTutor, Some(b)) =
            (e.account, e.kind, e.booking)
        {
            *released.entry(b).or_default() += e.amount;
        }
    }
    t.movements = movements.len();
    t.unbalanced = movements
        .iter()
        .filter(|(_, sum)| !sum.is_zero())
        .map(|(m, sum)| (m.to_string(), *sum))
        .collect();
    for (wallet, balance) in wallet_balances {
        let derived = accounts
            .get(&Account::Wallet(*wallet))
            .copied()
            .unwrap_or_default();
        if derived != *balance || *balance < Decimal::ZERO {
            t.wallet_mismatches.push((*wallet, *balance, derived));
        }
        t.wallet_balances += *balance;
    }
    t.negative_escrow = escrow
        .iter()
        .filter(|(_, amount)| **amount < Decimal::ZERO)
        .map(|(h, amount)| (*h, *amount))
        .collect();
    for p in purchases {
        let held = escrow
            .get(&Holder::Purchase(p.id))
            .copied()
            .unwrap_or_default();
        if held < p.committed || (p.closed && held != p.committed) {
            t.purchase_mismatches
                .push((p.id, p.closed, held, p.committed));
        }
    }
    for b in bookings {
        let held = escrow
            .get(&Holder::Booking(b.id))
            .copied()
            .unwrap_or_default();
        if b.purchase.is_none() && !b.open && !held.is_zero() {
            t.settled_with_escrow.push((b.id, held));
        }
        if b.released {
            let paid = released.get(&b.id).copied().unwrap_or_default();
            if paid != b.tutor_share {
                t.release_mismatches.push((b.id, paid, b.tutor_share));
            }
        }
    }
    let account = |a| accounts.get(&a).copied().unwrap_or_default();
    t.gateway = account(Account::Gateway);
    t.escrow = account(Account::Escrow);
    t.platform = account(Account::Platform);
    t.wallet_entries = accounts
        .iter()
        .filter(|(a, _)| matches!(a, Account::Wallet(_)))
        .map(|(_, v)| *v)
        .sum();
    report(&t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;
    use crate::pricing::{Settlement, quote};
    use proptest::prelude::*;

    fn entries(movements: &[(String, Movement)]) -> Vec<AuditEntry> {
        movements
            .iter()
            .flat_map(|(id, m)| {
                m.postings.iter().map(move |p| AuditEntry {
                    movement: id.clone(),
                    account: p.account,
                    amount: p.amount,
                    kind: p.kind,
                    booking: p.booking,
                    purchase: p.purchase,
                })
            })
            .collect()
    }

    #[test]
    fn an_empty_ledger_holds_zero_not_minus_zero() {
        let r = audit(&[], &[], &[], &[]);
        assert_eq!(r.held.to_string(), "0");
        assert!(r.violations.is_empty());
    }

    #[test]
    fn a_lesson_from_payment_to_withdrawal() {
        let p = Policy::default();
        let q = quote(Decimal::from(150_000), 60, &p).unwrap();
        let b = BookingId::new();
        let tutor = WalletId::new();
        let ms = vec![
            (
                "m1".to_string(),
                escrow_hold(Concerns::booking(b), q.total_amount),
            ),
            (
                "m2".to_string(),
                settle(
                    Concerns::booking(b),
                    &Settlement::release(&q),
                    tutor,
                    RefundTo::OriginalMethod,
                ),
            ),
            ("m3".to_string(), withdrawal(tutor, Decimal::from(100_000))),
        ];
        for (_, m) in &ms {
            assert!(m.sum().is_zero());
        }
        let balance = q.tutor_share() - Decimal::from(100_000);
        let report = audit(
            &entries(&ms),
            &[(tutor, balance)],
            &[AuditBooking {
                id: b,
                released: true,
                open: false,
                tutor_share: q.tutor_share(),
                purchase: None,
            }],
            &[],
        );
        assert!(report.violations.is_empty(), "{:?}", report.violations);
        assert_eq!(report.escrow, Decimal::ZERO);
        assert_eq!(report.platform, q.platform_share());
        assert_eq!(report.held, q.total_amount - Decimal::from(100_000));

        // The audit notices a wrong balance, a leftover escrow and an unbalanced movement.
        let mut bad = entries(&ms);
        bad.push(AuditEntry {
            movement: "m9".into(),
            account: Account::Escrow,
            amount: Decimal::ONE,
            kind: LedgerEntryType::EscrowHold,
            booking: Some(b),
            purchase: None,
        });
        let report = audit(
            &bad,
            &[(tutor, balance + Decimal::ONE)],
            &[AuditBooking {
                id: b,
                released: true,
                open: false,
                tutor_share: q.tutor_share(),
                purchase: None,
            }],
            &[],
        );
        assert_eq!(report.violations.len(), 4, "{:?}", report.violations);
    }

    proptest! {
        #[test]
        fn random_lifecycles_keep_the_books_balanced(
            lessons in prop::collection::vec((1u64..5_000_000, 30i64..=240, 0u8..4, 0u32..=10_000), 1..20),
            withdraw_bp in 0u32..=10_000,
        ) {
            let p = Policy::default();
            let tutor = WalletId::new();
            let student = WalletId::new();
            let mut ms = Vec::new();
            let mut bookings = Vec::new();
            let mut tutor_balance = Decimal::ZERO;
            let mut student_balance = Decimal::ZERO;
            for (i, (rate, minutes, fate, refund_bp)) in lessons.into_iter().enumerate() {
                let q = quote(Decimal::from(rate), minutes, &p).unwrap();
                let b = BookingId::new();
                ms.push((format!("hold{i}"), escrow_hold(Concerns::booking(b), q.total_amount)));
                let (settlement, released, open) = match fate {
                    0 => (Some(Settlement::release(&q)), true, false),
                    1 => (Some(Settlement::full_refund(&q)), false, false),
                    2 => {
                        let refund = crate::pricing::round_money(q.total_amount * Decimal::new(refund_bp.into(), 4));
                        (Some(Settlement::split(&q, refund).unwrap()), false, false)
                    }
                    _ => (None, false, true),
                };
                if let Some(s) = settlement {
                    let to = if i % 2 == 0 { RefundTo::OriginalMethod } else { RefundTo::Wallet(student) };
                    ms.push((format!("settle{i}"), settle(Concerns::booking(b), &s, tutor, to)));
                    tutor_balance += s.tutor;
                    if i % 2 == 1 { student_balance += s.refund; }
                }
                bookings.push(AuditBooking { id: b, released, open, tutor_share: q.tutor_share(), purchase: None });
            }
            let out = crate::pricing::round_money(tutor_balance * Decimal::new(withdraw_bp.into(), 4));
            ms.push(("withdraw".into(), withdrawal(tutor, out)));
            tutor_balance -= out;
            let report = audit(&entries(&ms), &[(tutor, tutor_balance), (student, student_balance)], &bookings, &[]);
            prop_assert!(report.violations.is_empty(), "{:?}", report.violations);
            for (_, m) in &ms {
                prop_assert!(m.sum().is_zero());
            }
            prop_assert_eq!(report.held, report.escrow + report.platform + report.wallets);
        }
    }
}
