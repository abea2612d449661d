//! The ledger audit's aggregates, computed by the database: sums over every entry and only
//! the rows that break an invariant come back, so [`crate::Marketplace::verify_ledger`] runs
//! in memory that does not grow with the ledger.
//!
//! Sums must be exact on both databases. PostgreSQL sums `NUMERIC` exactly; SQLite stores money
//! as decimal TEXT and would add it in floating point. So both sum integer minor units (cents):
//! PostgreSQL `(amount * 100)::bigint`, exact for a scale of at most 2; SQLite
//! `CAST(ROUND(amount * 100) AS INTEGER)`, where the TEXT passes through a double — exact after
//! rounding, because every value fits `NUMERIC(12,2)`: |amount × 100| < 10¹², and a double's
//! error there is below 10⁻³, far from the 0.5 that rounding forgives. The integer sums are
//! then exact (SQLite refuses an overflowing integer SUM rather than rounding it).

use super::{Backend, Tx, on_tx};
use crate::error::Result;
use crate::ledger::{Holder, LedgerTotals};
use crate::types::*;
use rust_decimal::Decimal;
use std::sync::LazyLock;

/// The ledger audit's aggregates.
#[async_trait::async_trait]
pub trait AuditRepo {
    /// Aggregates the ledger for [`crate::ledger::report`], given the system wallets
    /// (gateway, escrow, platform).
    async fn ledger_totals(&mut self, system: [WalletId; 3]) -> Result<LedgerTotals>;
}

/// One statement in both dialects: `{m}` stands for a money column in minor units (`{m:col}`
/// spelled per database).
struct Sql {
    postgres: String,
    sqlite: String,
}

impl Sql {
    fn new(template: &str) -> Sql {
        let spell = |minor: &dyn Fn(&str) -> String| {
            let mut out = String::new();
            let mut rest = template;
            while let Some(i) = rest.find("{m:") {
                out.push_str(&rest[..i]);
                let end = rest[i..].find('}').map_or(rest.len(), |e| i + e);
                out.push_str(&minor(&rest[i + 3..end]));
                rest = &rest[(end + 1).min(rest.len())..];
            }
            out.push_str(rest);
            out
        };
        Sql {
            postgres: spell(&|c| format!("(({c}) * 100)::bigint")),
            sqlite: spell(&|c| format!("CAST(ROUND(({c}) * 100) AS INTEGER)")),
        }
    }

    fn get(&self, backend: Backend) -> &str {
        match backend {
            Backend::Postgres => &self.postgres,
            Backend::Sqlite => &self.sqlite,
        }
    }
}

fn cents(minor: i64) -> Decimal {
    Decimal::new(minor, 2).normalize()
}

static TOTALS: LazyLock<Sql> = LazyLock::new(|| {
    Sql::new(
        "SELECT COUNT(*), COUNT(DISTINCT COALESCE(movement_id, id)), \
         CAST(COALESCE(SUM(CASE WHEN wallet_id = $1 THEN {m:amount} END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN wallet_id = $2 THEN {m:amount} END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN wallet_id = $3 THEN {m:amount} END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN wallet_id NOT IN ($1, $2, $3) THEN {m:amount} END), 0) \
         AS BIGINT) FROM wallet_ledger_entries",
    )
});

static UNBALANCED: LazyLock<Sql> = LazyLock::new(|| {
    Sql::new(
        "SELECT COALESCE(movement_id, id), CAST(SUM({m:amount}) AS BIGINT) \
         FROM wallet_ledger_entries GROUP BY COALESCE(movement_id, id) \
         HAVING SUM({m:amount}) <> 0 ORDER BY 1",
    )
});

static ANONYMOUS_ESCROW: &str = "SELECT COALESCE(movement_id, id) FROM wallet_ledger_entries \
     WHERE wallet_id = $1 AND booking_id IS NULL AND package_purchase_id IS NULL ORDER BY 1";

static WALLET_BALANCES: LazyLock<Sql> = LazyLock::new(|| {
    Sql::new(
        "SELECT CAST(COALESCE(SUM({m:balance}), 0) AS BIGINT) FROM wallets WHERE kind = 'user'",
    )
});

static WALLET_MISMATCHES: LazyLock<Sql> = LazyLock::new(|| {
    Sql::new(
        "SELECT w.id, CAST({m:w.balance} AS BIGINT), CAST(COALESCE(e.s, 0) AS BIGINT) \
         FROM wallets w LEFT JOIN (SELECT wallet_id, SUM({m:amount}) AS s \
         FROM wallet_ledger_entries GROUP BY wallet_id) e ON e.wallet_id = w.id \
         WHERE w.kind = 'user' AND ({m:w.balance} <> COALESCE(e.s, 0) OR {m:w.balance} < 0) \
         ORDER BY w.created_at, w.id",
    )
});

static NEGATIVE_ESCROW: LazyLock<Sql> = LazyLock::new(|| {
    Sql::new(
        "SELECT package_purchase_id, \
         CASE WHEN package_purchase_id IS NULL THEN booking_id END, \
         CAST(SUM({m:amount}) AS BIGINT) FROM wallet_ledger_entries WHERE wallet_id = $1 \
         AND (booking_id IS NOT NULL OR package_purchase_id IS NOT NULL) \
         GROUP BY 1, 2 HAVING SUM({m:amount}) < 0 ORDER BY 1, 2",
    )
});

static PURCHASES: LazyLock<Sql> = LazyLock::new(|| {
    Sql::new(
        "SELECT p.id, p.status IN ('expired', 'cancelled'), CAST(COALESCE(h.s, 0) AS BIGINT), \
         CAST(COALESCE(c.s, 0) AS BIGINT) FROM package_purchases p \
         LEFT JOIN (SELECT package_purchase_id, SUM({m:amount}) AS s FROM wallet_ledger_entries \
           WHERE wallet_id = $1 AND package_purchase_id IS NOT NULL \
           GROUP BY package_purchase_id) h ON h.package_purchase_id = p.id \
         LEFT JOIN (SELECT package_purchase_id, SUM({m:total_amount}) AS s FROM bookings \
           WHERE package_purchase_id IS NOT NULL AND status NOT IN ('completed', 'cancelled') \
           GROUP BY package_purchase_id) c ON c.package_purchase_id = p.id \
         WHERE COALESCE(h.s, 0) < COALESCE(c.s, 0) \
           OR (p.status IN ('expired', 'cancelled') AND COALESCE(h.s, 0) <> COALESCE(c.s, 0)) \
         ORDER BY p.created_at, p.id",
    )
});

static SETTLED_WITH_ESCROW: LazyLock<Sql> = LazyLock::new(|| {
    Sql::new(
        "SELECT e.booking_id, CAST(SUM({m:e.amount}) AS BIGINT) FROM wallet_ledger_entries e \
         JOIN bookings b ON b.id = e.booking_id \
         WHERE e.wallet_id = $1 AND e.package_purchase_id IS NULL \
         AND b.package_purchase_id IS NULL AND b.status IN ('completed', 'cancelled') \
         GROUP BY e.booking_id, b.created_at HAVING SUM({m:e.amount}) <> 0 \
         ORDER BY b.created_at, e.booking_id",
    )
});

// An entry without a type counts as an escrow hold, as `verify_ledger` always read it.
static RELEASE_MISMATCHES: LazyLock<Sql> = LazyLock::new(|| {
    Sql::new(
        "SELECT b.id, CAST(COALESCE(r.s, 0) AS BIGINT), \
         CAST({m:b.price} - {m:b.platform_fee} AS BIGINT) FROM bookings b \
         LEFT JOIN (SELECT booking_id, SUM({m:amount}) AS s FROM wallet_ledger_entries \
           WHERE type = 'release_to_tutor' AND wallet_id NOT IN ($1, $2, $3) \
           AND booking_id IS NOT NULL GROUP BY booking_id) r ON r.booking_id = b.id \
         WHERE b.status = 'completed' \
         AND (b.package_purchase_id IS NOT NULL OR EXISTS (SELECT 1 FROM wallet_ledger_entries h \
           WHERE h.booking_id = b.id AND (h.type = 'escrow_hold' OR h.type IS NULL))) \
         AND NOT EXISTS (SELECT 1 FROM wallet_ledger_entries f \
           WHERE f.booking_id = b.id AND f.type = 'refund') \
         AND COALESCE(r.s, 0) <> {m:b.price} - {m:b.platform_fee} \
         ORDER BY b.created_at, b.id",
    )
});

#[async_trait::async_trait]
impl AuditRepo for Tx {
    async fn ledger_totals(&mut self, system: [WalletId; 3]) -> Result<LedgerTotals> {
        let backend = self.backend();
        let [gateway, escrow, platform] = system;
        let q = |s: &'static LazyLock<Sql>| sqlx::AssertSqlSafe(s.get(backend));
        let (entries, movements, g, e, p, w): (i64, i64, i64, i64, i64, i64) = on_tx!(self, c => sqlx::query_as(q(&TOTALS))
                .bind(gateway).bind(escrow).bind(platform)
                .fetch_one(&mut *c).await?);
        let unbalanced: Vec<(MovementId, i64)> = on_tx!(self, c =>
            sqlx::query_as(q(&UNBALANCED)).fetch_all(&mut *c).await?);
        let anonymous: Vec<(MovementId,)> = on_tx!(self, c =>
            sqlx::query_as(ANONYMOUS_ESCROW).bind(escrow).fetch_all(&mut *c).await?);
        let (balances,): (i64,) = on_tx!(self, c =>
            sqlx::query_as(q(&WALLET_BALANCES)).fetch_one(&mut *c).await?);
        let wallets: Vec<(WalletId, i64, i64)> = on_tx!(self, c =>
            sqlx::query_as(q(&WALLET_MISMATCHES)).fetch_all(&mut *c).await?);
        let negative: Vec<(Option<PurchaseId>, Option<BookingId>, i64)> = on_tx!(self, c =>
            sqlx::query_as(q(&NEGATIVE_ESCROW)).bind(escrow).fetch_all(&mut *c).await?);
        let purchases: Vec<(PurchaseId, bool, i64, i64)> = on_tx!(self, c =>
            sqlx::query_as(q(&PURCHASES)).bind(escrow).fetch_all(&mut *c).await?);
        let settled: Vec<(BookingId, i64)> = on_tx!(self, c =>
            sqlx::query_as(q(&SETTLED_WITH_ESCROW)).bind(escrow).fetch_all(&mut *c).await?);
        let released: Vec<(BookingId, i64, i64)> = on_tx!(self, c =>
            sqlx::query_as(q(&RELEASE_MISMATCHES))
                .bind(gateway).bind(escrow).bind(platform)
                .fetch_all(&mut *c).await?);
        Ok(LedgerTotals {
            entries: entries as usize,
            movements: movements as usize,
            gateway: cents(g),
            escrow: cents(e),
            platform: cents(p),
            wallet_entries: cents(w),
            wallet_balances: cents(balances),
            unbalanced: unbalanced
                .into_iter()
                .map(|(m, s)| (m.to_string(), cents(s)))
                .collect(),
            anonymous_escrow: anonymous.into_iter().map(|(m,)| m.to_string()).collect(),
            wallet_mismatches: wallets
                .into_iter()
                .map(|(id, b, s)| (id, cents(b), cents(s)))
                .collect(),
            negative_escrow: negative
                .into_iter()
                .filter_map(|(p, b, s)| {
                    let holder = match (p, b) {
                        (Some(p), _) => Holder::Purchase(p),
                        (None, Some(b)) => Holder::Booking(b),
                        (None, None) => return None,
                    };
                    Some((holder, cents(s)))
                })
                .collect(),
            purchase_mismatches: purchases
                .into_iter()
                .map(|(id, over, h, c)| (id, over, cents(h), cents(c)))
                .collect(),
            settled_with_escrow: settled.into_iter().map(|(id, s)| (id, cents(s))).collect(),
            release_mismatches: released
                .into_iter()
                .map(|(id, paid, share)| (id, cents(paid), cents(share)))
                .collect(),
        })
    }
}
