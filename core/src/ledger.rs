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
//! | payment paid | gateway −total, escrow +total (`escrow_hold`) |
//! | lesson completed | escrow −tutor share, tutor +tutor share (`release_to_tutor`); escrow −platform share, platform +platform share (`platform_fee`) |
//! | refund | escrow −refund, gateway (or the student's wallet, as credit) +refund (`refund`) |
//! | withdrawal paid | tutor −amount, gateway +amount (`withdrawal`) |

use crate::pricing::Settlement;
use crate::types::{BookingId, LedgerEntryType, WalletId};
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
    /// The booking it concerns, if any (always set for escrow entries).
    pub booking: Option<BookingId>,
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
        booking: Option<BookingId>,
        out: &mut Vec<Posting>,
    ) {
        if amount.is_zero() {
            return;
        }
        out.push(Posting {
            account: from,
            amount: -amount,
            kind,
            booking,
        });
        out.push(Posting {
            account: to,
            amount,
            kind,
            booking,
        });
    }

    /// The sum of the postings (zero for every movement this module makes).
    pub fn sum(&self) -> Decimal {
        self.postings.iter().map(|p| p.amount).sum()
    }
}

/// A payment for `booking` was received: it goes into escrow.
pub fn escrow_hold(booking: BookingId, total: Decimal) -> Movement {
    let mut postings = Vec::new();
    Movement::pair(
        Account::Gateway,
        Account::Escrow,
        total,
        LedgerEntryType::EscrowHold,
        Some(booking),
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

/// Escrow of `booking` leaves per `settlement`: the tutor's part to `tutor_wallet`, the
/// platform's part to revenue, the refund to the student.
pub fn settle(
    booking: BookingId,
    settlement: &Settlement,
    tutor_wallet: WalletId,
    refund_to: RefundTo,
) -> Movement {
    let mut postings = Vec::new();
    let b = Some(booking);
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
    let refund_account = match refund_to {
        RefundTo::OriginalMethod => Account::Gateway,
        RefundTo::Wallet(w) => Account::Wallet(w),
    };
    Movement::pair(
        Account::Escrow,
        refund_account,
        settlement.refund,
        LedgerEntryType::Refund,
        b,
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
        None,
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
}

/// The result of [`audit`]: empty `violations` means every invariant holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerReport {
    /// Movements checked.
    pub movements: usize,
    /// Entries checked.
    pub entries: usize,
    /// Money that came in through the gateway and has not left: what the marketplace holds
    /// (escrow + platform revenue + user wallets).
    pub held: Decimal,
    /// Escrow, all bookings together.
    pub escrow: Decimal,
    /// Platform revenue.
    pub platform: Decimal,
    /// Sum of user wallets.
    pub wallets: Decimal,
    /// Every broken invariant, in words.
    pub violations: Vec<String>,
}

/// Recomputes everything from the entries and checks every invariant: each movement sums to
/// zero; each user wallet's maintained balance equals its entries and is not negative;
/// escrow per booking is never negative and is zero for settled bookings; every released
/// booking paid its tutor exactly its tutor share; and what the gateway let in equals what is
/// held.
pub fn audit(
    entries: &[AuditEntry],
    wallet_balances: &[(WalletId, Decimal)],
    bookings: &[AuditBooking],
) -> LedgerReport {
    let mut report = LedgerReport {
        entries: entries.len(),
        ..LedgerReport::default()
    };
    let mut movements: BTreeMap<&str, Decimal> = BTreeMap::new();
    let mut accounts: BTreeMap<Account, Decimal> = BTreeMap::new();
    let mut escrow: BTreeMap<BookingId, Decimal> = BTreeMap::new();
    let mut released: BTreeMap<BookingId, Decimal> = BTreeMap::new();
    for e in entries {
        *movements.entry(e.movement.as_str()).or_default() += e.amount;
        *accounts.entry(e.account).or_default() += e.amount;
        if e.account == Account::Escrow {
            match e.booking {
                Some(b) => *escrow.entry(b).or_default() += e.amount,
                None => report.violations.push(format!(
                    "escrow entry of movement {} names no booking",
                    e.movement
                )),
            }
        }
        if let (Account::Wallet(_), LedgerEntryType::ReleaseToTutor, Some(b)) =
            (e.account, e.kind, e.booking)
        {
            *released.entry(b).or_default() += e.amount;
        }
    }
    report.movements = movements.len();
    for (m, sum) in &movements {
        if !sum.is_zero() {
            report
                .violations
                .push(format!("movement {m} sums to {sum}, not 0"));
        }
    }
    for (wallet, balance) in wallet_balances {
        let derived = accounts
            .get(&Account::Wallet(*wallet))
            .copied()
            .unwrap_or_default();
        if derived != *balance {
            report.violations.push(format!(
                "wallet {wallet} has balance {balance} but its entries sum to {derived}"
            ));
        }
        if *balance < Decimal::ZERO {
            report
                .violations
                .push(format!("wallet {wallet} is negative: {balance}"));
        }
        report.wallets += *balance;
    }
    for (b, amount) in &escrow {
        if *amount < Decimal::ZERO {
            report
                .violations
                .push(format!("escrow of booking {b} is negative: {amount}"));
        }
    }
    for b in bookings {
        let held = escrow.get(&b.id).copied().unwrap_or_default();
        if !b.open && !held.is_zero() {
            report.violations.push(format!(
                "booking {} is settled but {held} is still in escrow",
                b.id
            ));
        }
        if b.released {
            let paid = released.get(&b.id).copied().unwrap_or_default();
            if paid != b.tutor_share {
                report.violations.push(format!(
                    "booking {} released {paid} to its tutor, expected {}",
                    b.id, b.tutor_share
                ));
            }
        }
    }
    report.escrow = accounts.get(&Account::Escrow).copied().unwrap_or_default();
    report.platform = accounts
        .get(&Account::Platform)
        .copied()
        .unwrap_or_default();
    let gateway = accounts.get(&Account::Gateway).copied().unwrap_or_default();
    report.held = -gateway;
    let wallets_from_entries: Decimal = accounts
        .iter()
        .filter(|(a, _)| matches!(a, Account::Wallet(_)))
        .map(|(_, v)| *v)
        .sum();
    if report.held != report.escrow + report.platform + wallets_from_entries {
        report.violations.push(format!(
            "money in ({}) differs from money held ({} escrow + {} platform + {} wallets)",
            report.held, report.escrow, report.platform, wallets_from_entries
        ));
    }
    report
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
                })
            })
            .collect()
    }

    #[test]
    fn a_lesson_from_payment_to_withdrawal() {
        let p = Policy::default();
        let q = quote(Decimal::from(150_000), 60, &p).unwrap();
        let b = BookingId::new();
        let tutor = WalletId::new();
        let ms = vec![
            ("m1".to_string(), escrow_hold(b, q.total_amount)),
            (
                "m2".to_string(),
                settle(b, &Settlement::release(&q), tutor, RefundTo::OriginalMethod),
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
            }],
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
        });
        let report = audit(
            &bad,
            &[(tutor, balance + Decimal::ONE)],
            &[AuditBooking {
                id: b,
                released: true,
                open: false,
                tutor_share: q.tutor_share(),
            }],
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
                ms.push((format!("hold{i}"), escrow_hold(b, q.total_amount)));
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
                    ms.push((format!("settle{i}"), settle(b, &s, tutor, to)));
                    tutor_balance += s.tutor;
                    if i % 2 == 1 { student_balance += s.refund; }
                }
                bookings.push(AuditBooking { id: b, released, open, tutor_share: q.tutor_share() });
            }
            let out = crate::pricing::round_money(tutor_balance * Decimal::new(withdraw_bp.into(), 4));
            ms.push(("withdraw".into(), withdrawal(tutor, out)));
            tutor_balance -= out;
            let report = audit(&entries(&ms), &[(tutor, tutor_balance), (student, student_balance)], &bookings);
            prop_assert!(report.violations.is_empty(), "{:?}", report.violations);
            for (_, m) in &ms {
                prop_assert!(m.sum().is_zero());
            }
            prop_assert_eq!(report.held, report.escrow + report.platform + report.wallets);
        }
    }
}
