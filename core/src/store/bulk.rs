//! Loading many rows at once — data generators, imports, set-based rebuilds: one multi-row
//! `INSERT` per chunk of rows instead of one round trip per row, on both databases, through
//! the same codecs and column checks as every other write.

use super::ledger::MovementEntry;
use super::sql::{BindRow, PgBind, SqliteBind, Table};
use super::{Tx, on_tx};
use crate::error::Result;
use async_trait::async_trait;

/// A record that [`BulkRepo::insert_rows`] can write: every table record of
/// [`crate::types`], and [`MovementEntry`] (a ledger entry with its movement). Implemented by
/// the crate only.
pub trait BulkRow: PgBind + SqliteBind + Send + Sync {
    /// `INSERT INTO t (columns) VALUES `.
    #[doc(hidden)]
    fn insert_head() -> &'static str;
    /// Values bound per row.
    #[doc(hidden)]
    fn width() -> usize;
    /// `Ok` when the row fits its columns.
    #[doc(hidden)]
    fn check_row(&self) -> Result<()>;
}

impl<R: Table + Sync> BulkRow for R {
    fn insert_head() -> &'static str {
        R::sql().insert_head.as_str()
    }
    fn width() -> usize {
        R::sql().columns
    }
    fn check_row(&self) -> Result<()> {
        self.check()
    }
}

/// Bound values per statement. PostgreSQL allows 65,535; fewer keeps each statement's text
/// and plan small. SQLite allows 32,766, but binding by number looks each name up in a list
/// (`sqlite3_bind_parameter_name` is linear), so a statement's binding cost grows with the
/// square of its values: measured, 16,000 values per statement spent 85% of a load there.
pub(super) fn max_values(backend: super::Backend) -> usize {
    match backend {
        super::Backend::Postgres => 16_000,
        super::Backend::Sqlite => 600,
    }
}

/// Loading many rows at once.
#[async_trait]
pub trait BulkRepo {
    /// Inserts `rows`, many per statement. Each row is checked against its columns first;
    /// any failure (a check, a constraint) fails the call and poisons the transaction, as a
    /// single insert would.
    async fn insert_rows<R: BulkRow>(&mut self, rows: &[R]) -> Result<()>;
}

#[async_trait]
impl BulkRepo for Tx {
    async fn insert_rows<R: BulkRow>(&mut self, rows: &[R]) -> Result<()> {
        let width = R::width();
        let per_statement = (max_values(self.backend()) / width).max(1);
        for chunk in rows.chunks(per_statement) {
            let sql = values_sql(R::insert_head(), width, chunk.len());
            on_tx!(self, c => {
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
                for row in chunk {
                    row.check_row()?;
                    q = row.bind_row(q);
                }
                q.execute(&mut *c).await?;
            });
        }
        Ok(())
    }
}

/// Inserts `first` and `second` (rows of two tables) together: on PostgreSQL in one statement
/// (the first insert as a data-modifying `WITH`), which saves a round trip on paths that always
/// write both (a notification and its outbox event); on SQLite, or when the rows are too many
/// for one statement, as [`BulkRepo::insert_rows`] does each.
pub(super) async fn insert_rows_together<A: BulkRow, B: BulkRow>(
    tx: &mut Tx,
    first: &[A],
    second: &[B],
) -> Result<()> {
    let values = first.len() * A::width() + second.len() * B::width();
    if tx.backend() == super::Backend::Sqlite
        || first.is_empty()
        || second.is_empty()
        || values > max_values(super::Backend::Postgres)
    {
        tx.insert_rows(first).await?;
        return tx.insert_rows(second).await;
    }
    let sql = format!(
        "WITH w AS ({}) {}",
        values_sql_from(A::insert_head(), A::width(), first.len(), 0),
        values_sql_from(
            B::insert_head(),
            B::width(),
            second.len(),
            first.len() * A::width()
        )
    );
    on_tx!(tx, c => {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
        for row in first {
            row.check_row()?;
            q = row.bind_row(q);
        }
        for row in second {
            row.check_row()?;
            q = row.bind_row(q);
        }
        q.execute(&mut *c).await?;
    });
    Ok(())
}

/// `head` followed by `rows` groups of `width` numbered placeholders.
pub(super) fn values_sql(head: &str, width: usize, rows: usize) -> String {
    values_sql_from(head, width, rows, 0)
}

/// [`values_sql`] with placeholders numbered from `after + 1`.
fn values_sql_from(head: &str, width: usize, rows: usize, after: usize) -> String {
    let mut sql = String::with_capacity(head.len() + rows * width * 6);
    sql.push_str(head);
    let mut n = after;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for col in 0..width {
            if col > 0 {
                sql.push_str(", ");
            }
            n += 1;
            sql.push('$');
            sql.push_str(&n.to_string());
        }
        sql.push(')');
    }
    sql
}

impl BulkRow for MovementEntry {
    fn insert_head() -> &'static str {
        &super::ledger::INSERT_IN_MOVEMENT_HEAD
    }
    fn width() -> usize {
        <crate::types::LedgerEntry as Table>::sql().columns + 2
    }
    fn check_row(&self) -> Result<()> {
        self.entry.check()
    }
}

macro_rules! bind_movement_entry {
    ($db:ty) => {
        impl BindRow<$db> for MovementEntry {
            fn bind_row<'q>(
                &self,
                q: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments>,
            ) -> sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments> {
                <crate::types::LedgerEntry as BindRow<$db>>::bind_row(&self.entry, q)
                    .bind(self.movement_id)
                    .bind(self.package_purchase_id)
            }
        }
    };
}
#[cfg(feature = "postgres")]
bind_movement_entry!(sqlx::Postgres);
#[cfg(feature = "sqlite")]
bind_movement_entry!(sqlx::Sqlite);

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_number_every_value_once() {
        assert_eq!(
            super::values_sql("INSERT INTO t (a, b) VALUES ", 2, 3),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), ($5, $6)"
        );
        assert_eq!(
            super::values_sql_from("INSERT INTO t (a) VALUES ", 1, 2, 4),
            "INSERT INTO t (a) VALUES ($5), ($6)"
        );
    }
}
