//! Persistence: one [`Store`] that speaks PostgreSQL or SQLite, and one repository trait per
//! aggregate of the ERD, implemented once on [`Tx`].
//!
//! The store does I/O and nothing else: it reads and writes records and reports constraint
//! violations as typed [`Error`]s; it never decides a business outcome.
//!
//! # Two backends, one implementation
//! Every repository method is written once. [`Tx`] holds either a PostgreSQL or an SQLite
//! transaction, and the private `on_tx!` macro expands the method body once per backend, so the
//! compiler type-checks the same Rust against both drivers; only SQL text that must differ is
//! spelled twice (`Dialect::pick`). Values cross into both databases through the codecs in
//! [`crate::types`], which is what keeps the two representations (native `uuid`/`numeric`/
//! arrays in PostgreSQL, canonical text in SQLite) round-tripping to the same Rust values.
//!
//! # Transactions
//! All access goes through [`Store::begin`]; multi-row writes therefore share one transaction.
//! On SQLite the transaction starts with `BEGIN IMMEDIATE`, taking the write lock up front, so
//! read-then-write sequences cannot deadlock on lock upgrades and overlap checks done by the
//! database (the `bookings_no_overlap` trigger) see every committed booking.
//!
//! # Cargo features
//! Each backend is a feature, `postgres` and `sqlite` (both by default). A build without one
//! has no variant for it in [`Tx`]'s and the pool's enums, so neither its driver nor its
//! expansion of `on_tx!` is compiled; opening a URL of that backend is [`Error::Config`].

#[cfg(not(any(feature = "postgres", feature = "sqlite")))]
compile_error!(
    "blajarplus needs a database: enable the `postgres` or the `sqlite` feature (or both)"
);

mod constraints;
mod limits;
pub use limits::{COLUMN_LIMITS, ColumnLimit, FOREIGN_KEYS, column_limit};
mod sql;

mod audit;
mod bookings;
mod bulk;
mod chat;
mod ledger;
mod marketplace_misc;
mod outbox;
mod packages;
mod payments;
mod reviews;
mod schedule;
mod search;
mod subjects;
mod tutors;
mod users;

pub use audit::AuditRepo;
pub use bookings::BookingRepo;
pub use bulk::{BulkRepo, BulkRow};
pub use chat::ChatRepo;
pub use ledger::{LedgerRepo, MovementEntry};
pub use marketplace_misc::{FavoriteRepo, NotificationRepo, ProgressRepo, ReportRepo};
pub use outbox::OutboxRepo;
pub use packages::PackageRepo;
pub use payments::PaymentRepo;
pub use reviews::ReviewRepo;
pub use schedule::ScheduleRepo;
pub use search::{DocumentSource, PageRow, SearchDocument, SearchRepo};
pub use subjects::SubjectRepo;
pub use tutors::TutorRepo;
pub use users::UserRepo;

use crate::error::{Error, Result};
use sqlx::ConnectOptions;
#[cfg(feature = "postgres")]
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, Postgres};
#[cfg(feature = "sqlite")]
use sqlx::sqlite::{
    Sqlite, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
#[cfg(any(feature = "postgres", feature = "sqlite"))]
use std::str::FromStr;
use std::time::Duration;

/// The URL used when nothing else is configured: an embedded, in-memory SQLite database.
pub const DEFAULT_URL: &str = "sqlite::memory:";

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// PostgreSQL (production).
    Postgres,
    /// SQLite (embedded default: tests, demos, mobile, single-node apps).
    Sqlite,
}

impl Backend {
    /// `"postgres"` or `"sqlite"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Postgres => "postgres",
            Backend::Sqlite => "sqlite",
        }
    }
}

/// How to open a [`Store`].
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// `sqlite::memory:`, `sqlite://path/file.db` (created if missing) or a PostgreSQL URL.
    ///
    /// PostgreSQL URLs are libpq's URI form (`postgres://` or `postgresql://`): user,
    /// password, host, port, database, and the query parameters `host` (a name, or a Unix
    /// socket directory when it starts with `/`), `hostaddr`, `port`, `dbname`, `user`,
    /// `password`, `sslmode`, `sslrootcert`, `sslcert`, `sslkey`, `application_name`,
    /// `options`. An empty host is allowed, also after a user (`postgres://app@/db?host=/run/pg`,
    /// `postgres:///db`: the socket directory from `host`, `PGHOST` or the usual places).
    /// Not supported: libpq's keyword/value strings (`host=… dbname=…`), several hosts in one
    /// URL, and the `service` file; write a URL instead.
    pub url: String,
    /// Bring the schema up to date on open (the embedded migrations). Default `true`; turn it
    /// off when another tool applies `migrations/` itself.
    pub migrate: bool,
    /// Pool size. Ignored for in-memory SQLite, which must live on exactly one connection.
    pub max_connections: u32,
    /// How long an SQLite writer waits for the write lock before failing.
    pub busy_timeout: Duration,
    /// How long to wait for a free pooled connection.
    pub acquire_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            url: DEFAULT_URL.to_string(),
            migrate: true,
            max_connections: 10,
            busy_timeout: Duration::from_secs(30),
            acquire_timeout: Duration::from_secs(30),
        }
    }
}

impl StoreOptions {
    /// Default options for `url`.
    pub fn new(url: impl Into<String>) -> Self {
        StoreOptions {
            url: url.into(),
            ..StoreOptions::default()
        }
    }

    /// Options from the environment: `BLAJARPLUS_DATABASE_URL`, else `DATABASE_URL`, else the
    /// embedded default [`DEFAULT_URL`].
    pub fn from_env() -> Self {
        let url = std::env::var("BLAJARPLUS_DATABASE_URL")
            .or_else(|_| std::env::var("DATABASE_URL"))
            .unwrap_or_else(|_| DEFAULT_URL.to_string());
        StoreOptions::new(url)
    }
}

/// Rewrites the libpq URL forms that the URL parser underneath refuses into equivalent ones
/// it accepts: a user (and password) with an empty host — `postgres://user@/db?host=/run/pg`,
/// the usual way to name a Unix-socket directory — becomes `postgres:///db?host=/run/pg&user=user`.
/// Anything else passes unchanged.
#[cfg(feature = "postgres")]
fn libpq_url(url: &str) -> std::borrow::Cow<'_, str> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.into();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let Some((userinfo, hostport)) = authority.rsplit_once('@') else {
        return url.into();
    };
    if !(hostport.is_empty() || hostport.starts_with(':')) {
        return url.into();
    }
    let (user, password) = match userinfo.split_once(':') {
        Some((u, p)) => (u, Some(p)),
        None => (userinfo, None),
    };
    let mut params = Vec::new();
    if !user.is_empty() {
        params.push(format!("user={user}"));
    }
    if let Some(p) = password {
        params.push(format!("password={p}"));
    }
    if let Some(port) = hostport.strip_prefix(':').filter(|p| !p.is_empty()) {
        params.push(format!("port={port}"));
    }
    let (before_fragment, fragment) = match tail.find('#') {
        Some(i) => tail.split_at(i),
        None => (tail, ""),
    };
    let (path, query) = match before_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (before_fragment, None),
    };
    let mut all: Vec<String> = query
        .into_iter()
        .filter(|q| !q.is_empty())
        .map(str::to_string)
        .collect();
    all.extend(params);
    let query = if all.is_empty() {
        String::new()
    } else {
        format!("?{}", all.join("&"))
    };
    format!("{scheme}://{path}{query}{fragment}").into()
}

/// One embedded migration and whether the database has applied it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MigrationStatus {
    /// Its version (the file's number).
    pub version: i64,
    /// Its description (the file's name after the number).
    pub description: String,
    /// Whether the database has applied it.
    pub applied: bool,
}

#[derive(Debug, Clone)]
enum Pool {
    #[cfg(feature = "postgres")]
    Postgres(PgPool),
    #[cfg(feature = "sqlite")]
    Sqlite(SqlitePool),
}

/// A statement slower than this is logged at WARN instead of DEBUG.
pub const SLOW_STATEMENT: Duration = Duration::from_secs(1);

/// Statement logging, the same on both databases and pinned here rather than left to sqlx's
/// defaults: every statement is a DEBUG event of target `sqlx::query`, a slow one
/// ([`SLOW_STATEMENT`]) a WARN. sqlx logs the SQL text only, never the bound values (password
/// hashes, emails, payloads), and logs it inside the caller's span — the facade's use case.
fn logged<O: ConnectOptions>(options: O) -> O {
    options
        .log_statements(log::LevelFilter::Debug)
        .log_slow_statements(log::LevelFilter::Warn, SLOW_STATEMENT)
}

impl Pool {
    /// How long a pooled PostgreSQL connection may sit idle before it is pinged on checkout.
    #[cfg(feature = "postgres")]
    const PING_IF_IDLE_FOR: std::time::Duration = std::time::Duration::from_secs(1);

    #[cfg(feature = "postgres")]
    async fn postgres(url: &str, opts: &StoreOptions) -> Result<Pool> {
        let connect = logged(
            PgConnectOptions::from_str(&libpq_url(url))
                .map_err(|e| Error::Config(format!("bad PostgreSQL URL: {e}")))?,
        );
        let pool = PgPoolOptions::new()
            .max_connections(opts.max_connections.max(1))
            .acquire_timeout(opts.acquire_timeout)
            // A ping on every checkout is one more round trip per use case. Like HikariCP,
            // test only a connection that sat idle a while: that is where a restarted or
            // failed-over server leaves dead connections; a busy one proves itself.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > Self::PING_IF_IDLE_FOR {
                        use sqlx::Connection;
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(connect)
            .await?;
        Ok(Pool::Postgres(pool))
    }

    #[cfg(feature = "sqlite")]
    async fn sqlite(url: &str, opts: &StoreOptions) -> Result<Pool> {
        let connect = logged(
            SqliteConnectOptions::from_str(url)
                .map_err(|e| Error::Config(format!("bad SQLite URL: {e}")))?,
        )
        .foreign_keys(true)
        .create_if_missing(true)
        .busy_timeout(opts.busy_timeout);
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let mut pool_opts = SqlitePoolOptions::new().acquire_timeout(opts.acquire_timeout);
        let connect = if in_memory {
            // An in-memory database vanishes with its last connection, and a second
            // connection would see a different (or lock-sharing) database: keep exactly one,
            // forever.
            pool_opts = pool_opts
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
            connect
        } else {
            pool_opts = pool_opts.max_connections(opts.max_connections.max(1));
            connect
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
        };
        let pool = pool_opts.connect_with(connect).await?;
        Ok(Pool::Sqlite(pool))
    }

    #[cfg(not(feature = "postgres"))]
    async fn postgres(_: &str, _: &StoreOptions) -> Result<Pool> {
        Err(not_built("PostgreSQL", "postgres"))
    }

    #[cfg(not(feature = "sqlite"))]
    async fn sqlite(_: &str, _: &StoreOptions) -> Result<Pool> {
        Err(not_built("SQLite", "sqlite"))
    }
}

/// The error for a URL of a backend this build left out.
#[cfg(not(all(feature = "postgres", feature = "sqlite")))]
fn not_built(database: &str, feature: &str) -> Error {
    Error::Config(format!(
        "this build of blajarplus has no {database} support: enable the cargo feature `{feature}`"
    ))
}

/// A connection pool to one database, with the schema brought up to date.
///
/// Cheap to clone (the pool is shared).
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
}

#[cfg(feature = "postgres")]
static PG_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");
#[cfg(feature = "postgres")]
const PG_HAS_MIGRATIONS: &str = "SELECT tablename::text FROM pg_tables \
     WHERE tablename = '_sqlx_migrations' AND schemaname = current_schema()";
#[cfg(feature = "sqlite")]
const SQLITE_HAS_MIGRATIONS: &str =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'";

/// The versions applied to the database on connection `$c` (none before the first
/// migration created sqlx's bookkeeping table, which `$exists` looks for).
macro_rules! applied_versions {
    ($c:ident, $exists:expr) => {{
        let exists: Option<String> = sqlx::query_scalar($exists).fetch_optional(&mut *$c).await?;
        match exists {
            Some(_) => {
                let v: Vec<i64> =
                    sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
                        .fetch_all(&mut *$c)
                        .await?;
                v
            }
            None => Vec::new(),
        }
    }};
}
#[cfg(feature = "sqlite")]
static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

impl Store {
    /// Opens the database at `url` with default options (migrating it).
    ///
    /// # Errors
    /// [`Error::Config`] for an unknown URL scheme, a malformed URL or a failed migration;
    /// [`Error::Database`] when the server cannot be reached.
    pub async fn open(url: &str) -> Result<Store> {
        Store::open_with(StoreOptions::new(url)).await
    }

    /// Opens a database as configured.
    ///
    /// # Errors
    /// As [`Store::open`].
    pub async fn open_with(opts: StoreOptions) -> Result<Store> {
        let url = opts.url.trim();
        let pool = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Pool::postgres(url, &opts).await?
        } else if url.starts_with("sqlite:") {
            Pool::sqlite(url, &opts).await?
        } else {
            return Err(Error::Config(format!(
                "unsupported database URL {url:?}: use sqlite::memory:, sqlite://FILE or postgres://…"
            )));
        };
        let store = Store { pool };
        if opts.migrate {
            store.migrate().await?;
        }
        Ok(store)
    }

    /// Brings the schema up to date with the embedded migrations (what opening does unless
    /// [`StoreOptions::migrate`] is off); returns how many were applied now. Run it before the
    /// store serves anything: on SQLite, another pooled connection that prepared a statement
    /// on a table a migration rebuilds would keep reading the old shape.
    ///
    /// # Errors
    /// [`Error::Config`] when a migration fails or the database holds one this library does
    /// not know.
    pub async fn migrate(&self) -> Result<usize> {
        let (applied, had_search_table) = self.run_migrations().await?;
        if !had_search_table {
            // The search table (0009) is derived data the library computes: fill it for the
            // tutors an older version wrote.
            let mut tx = self.begin().await?;
            tx.refresh_all_search_rows().await?;
            tx.commit().await?;
        }
        Ok(applied)
    }

    /// Applies the pending migrations; how many, and whether the search table's migration
    /// had been applied before.
    async fn run_migrations(&self) -> Result<(usize, bool)> {
        const SEARCH_TABLE: i64 = 9;
        // One connection for the count and the migration: no other connection of the pool
        // has seen the schema before it changes.
        match &self.pool {
            #[cfg(feature = "postgres")]
            Pool::Postgres(p) => {
                let mut c = p.acquire().await?;
                let before = applied_versions!(c, PG_HAS_MIGRATIONS);
                // `run_direct` is sqlx's own way around `run(&mut conn)`'s "Acquire is not
                // general enough", which would make every future that opens a store non-Send.
                PG_MIGRATOR
                    .run_direct(None, &mut *c, false)
                    .await
                    .map_err(|e| Error::Config(format!("PostgreSQL migration failed: {e}")))?;
                Ok((
                    PG_MIGRATOR.iter().count().saturating_sub(before.len()),
                    before.contains(&SEARCH_TABLE),
                ))
            }
            #[cfg(feature = "sqlite")]
            Pool::Sqlite(p) => {
                let mut c = p.acquire().await?;
                let before = applied_versions!(c, SQLITE_HAS_MIGRATIONS);
                SQLITE_MIGRATOR
                    .run_direct(None, &mut *c, false)
                    .await
                    .map_err(|e| Error::Config(format!("SQLite migration failed: {e}")))?;
                Ok((
                    SQLITE_MIGRATOR.iter().count().saturating_sub(before.len()),
                    before.contains(&SEARCH_TABLE),
                ))
            }
        }
    }

    /// Every embedded migration, oldest first, and whether the database has applied it.
    ///
    /// # Errors
    /// [`Error::Database`] when the database cannot be read.
    pub async fn migration_status(&self) -> Result<Vec<MigrationStatus>> {
        let (migrator, applied): (&sqlx::migrate::Migrator, Vec<i64>) = match &self.pool {
            #[cfg(feature = "postgres")]
            Pool::Postgres(p) => {
                let mut c = p.acquire().await?;
                (&PG_MIGRATOR, applied_versions!(c, PG_HAS_MIGRATIONS))
            }
            #[cfg(feature = "sqlite")]
            Pool::Sqlite(p) => {
                let mut c = p.acquire().await?;
                (
                    &SQLITE_MIGRATOR,
                    applied_versions!(c, SQLITE_HAS_MIGRATIONS),
                )
            }
        };
        Ok(migrator
            .iter()
            .map(|m| MigrationStatus {
                version: m.version,
                description: m.description.to_string(),
                applied: applied.contains(&m.version),
            })
            .collect())
    }

    /// Opens the database named by the environment (see [`StoreOptions::from_env`]).
    ///
    /// # Errors
    /// As [`Store::open`].
    pub async fn open_from_env() -> Result<Store> {
        Store::open_with(StoreOptions::from_env()).await
    }

    /// Which database this store talks to.
    pub fn backend(&self) -> Backend {
        match self.pool {
            #[cfg(feature = "postgres")]
            Pool::Postgres(_) => Backend::Postgres,
            #[cfg(feature = "sqlite")]
            Pool::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Starts a transaction. Every repository method runs inside one; drop it (or call
    /// [`Tx::rollback`]) to discard, [`Tx::commit`] to keep.
    ///
    /// # Errors
    /// [`Error::Database`] when no connection can be had or the transaction cannot start.
    pub async fn begin(&self) -> Result<Tx> {
        let inner = match &self.pool {
            #[cfg(feature = "postgres")]
            Pool::Postgres(p) => TxInner::Postgres(Conn::Tx(p.begin().await?)),
            #[cfg(feature = "sqlite")]
            Pool::Sqlite(p) => TxInner::Sqlite(Conn::Tx(p.begin_with("BEGIN IMMEDIATE").await?)),
        };
        Ok(Tx {
            inner,
            poisoned: false,
            search_stale: Vec::new(),
        })
    }

    /// Starts a transaction for reads. Like [`Store::begin`], except that on SQLite it does not
    /// take the write lock up front (a plain `BEGIN`), so long reads such as a search neither
    /// wait for nor block writers. Writing through it may fail with a busy error on SQLite.
    ///
    /// # Errors
    /// As [`Store::begin`].
    pub async fn begin_read(&self) -> Result<Tx> {
        let inner = match &self.pool {
            #[cfg(feature = "postgres")]
            Pool::Postgres(p) => TxInner::Postgres(Conn::Tx(p.begin().await?)),
            #[cfg(feature = "sqlite")]
            Pool::Sqlite(p) => TxInner::Sqlite(Conn::Tx(p.begin().await?)),
        };
        Ok(Tx {
            inner,
            poisoned: false,
            search_stale: Vec::new(),
        })
    }

    /// Starts a read-only transaction that sees one snapshot for all its statements
    /// (PostgreSQL `REPEATABLE READ READ ONLY`; SQLite's deferred `BEGIN` reads one snapshot
    /// from its first read), for reads made of several statements that must agree, such as
    /// the ledger audit under concurrent writes.
    ///
    /// # Errors
    /// As [`Store::begin`].
    pub async fn begin_snapshot(&self) -> Result<Tx> {
        let inner = match &self.pool {
            #[cfg(feature = "postgres")]
            Pool::Postgres(p) => TxInner::Postgres(Conn::Tx(
                p.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?,
            )),
            #[cfg(feature = "sqlite")]
            Pool::Sqlite(p) => TxInner::Sqlite(Conn::Tx(p.begin().await?)),
        };
        Ok(Tx {
            inner,
            poisoned: false,
            search_stale: Vec::new(),
        })
    }

    /// A pooled connection outside any transaction, for reads whose statements each stand on
    /// their own (every statement sees the latest committed data; no `BEGIN`/`ROLLBACK` round
    /// trips). Writing through it is a mistake: each statement would commit on its own.
    /// [`Tx::commit`] and [`Tx::rollback`] just give the connection back.
    ///
    /// # Errors
    /// [`Error::Database`] when no connection can be had.
    pub async fn read(&self) -> Result<Tx> {
        let inner = match &self.pool {
            #[cfg(feature = "postgres")]
            Pool::Postgres(p) => TxInner::Postgres(Conn::Plain(p.acquire().await?)),
            #[cfg(feature = "sqlite")]
            Pool::Sqlite(p) => TxInner::Sqlite(Conn::Plain(p.acquire().await?)),
        };
        Ok(Tx {
            inner,
            poisoned: false,
            search_stale: Vec::new(),
        })
    }

    /// Closes every pooled connection; later calls fail.
    pub async fn close(&self) {
        match &self.pool {
            #[cfg(feature = "postgres")]
            Pool::Postgres(p) => p.close().await,
            #[cfg(feature = "sqlite")]
            Pool::Sqlite(p) => p.close().await,
        }
    }
}

enum TxInner {
    #[cfg(feature = "postgres")]
    Postgres(Conn<Postgres>),
    #[cfg(feature = "sqlite")]
    Sqlite(Conn<Sqlite>),
}

/// A transaction, or a plain pooled connection for reads of one statement each
/// ([`Store::read`]).
enum Conn<DB: sqlx::Database> {
    Tx(sqlx::Transaction<'static, DB>),
    Plain(sqlx::pool::PoolConnection<DB>),
}

impl<DB: sqlx::Database> std::ops::Deref for Conn<DB> {
    type Target = DB::Connection;
    fn deref(&self) -> &DB::Connection {
        match self {
            Conn::Tx(t) => t,
            Conn::Plain(c) => c,
        }
    }
}

impl<DB: sqlx::Database> std::ops::DerefMut for Conn<DB> {
    fn deref_mut(&mut self) -> &mut DB::Connection {
        match self {
            Conn::Tx(t) => t,
            Conn::Plain(c) => c,
        }
    }
}

impl<DB: sqlx::Database> Conn<DB> {
    async fn commit(self) -> Result<()> {
        if let Conn::Tx(t) = self {
            t.commit().await?;
        }
        Ok(())
    }

    async fn rollback(self) -> Result<()> {
        if let Conn::Tx(t) = self {
            t.rollback().await?;
        }
        Ok(())
    }
}

/// An open transaction on either backend. The repository traits are implemented on it.
pub struct Tx {
    inner: TxInner,
    poisoned: bool,
    /// What this transaction wrote that search rows are made of, rewritten at commit.
    search_stale: Vec<search::SearchStale>,
}

impl std::fmt::Debug for Tx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx")
            .field("backend", &self.backend())
            .finish()
    }
}

impl Tx {
    /// Which database this transaction runs on.
    pub fn backend(&self) -> Backend {
        match self.inner {
            #[cfg(feature = "postgres")]
            TxInner::Postgres(_) => Backend::Postgres,
            #[cfg(feature = "sqlite")]
            TxInner::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Makes every write of this transaction durable and visible, after rewriting the search
    /// rows of the tutors whose profile, offerings, subjects, account or addresses it changed.
    ///
    /// # Errors
    /// [`Error::Database`] when the commit fails or an earlier call on this transaction failed
    /// (it is then rolled back); nothing is written.
    pub async fn commit(mut self) -> Result<()> {
        self.refresh_stale_search().await?;
        if self.poisoned {
            // Dropping the transaction rolls it back.
            return Err(poisoned());
        }
        match self.inner {
            #[cfg(feature = "postgres")]
            TxInner::Postgres(t) => t.commit().await?,
            #[cfg(feature = "sqlite")]
            TxInner::Sqlite(t) => t.commit().await?,
        }
        Ok(())
    }

    /// Discards every write of this transaction.
    ///
    /// # Errors
    /// [`Error::Database`] when the connection fails while rolling back.
    pub async fn rollback(self) -> Result<()> {
        match self.inner {
            #[cfg(feature = "postgres")]
            TxInner::Postgres(t) => t.rollback().await?,
            #[cfg(feature = "sqlite")]
            TxInner::Sqlite(t) => t.rollback().await?,
        }
        Ok(())
    }
}

/// SQL that must be spelled differently per backend. Both variants stay in a build with one
/// backend, so that SQL written for both needs no cfg; the other is never constructed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(all(feature = "postgres", feature = "sqlite")), allow(dead_code))]
pub(crate) enum Dialect {
    Postgres,
    Sqlite,
}

impl Dialect {
    /// The PostgreSQL or the SQLite spelling.
    pub(crate) const fn pick(self, postgres: &'static str, sqlite: &'static str) -> &'static str {
        match self {
            Dialect::Postgres => postgres,
            Dialect::Sqlite => sqlite,
        }
    }
}

/// Runs `$body` with `$c` bound to the transaction's connection (and `$d` to its [`Dialect`]),
/// expanded once per backend so the same code is compiled against both drivers.
///
/// `$body` may use `?`. Any error poisons the transaction: PostgreSQL refuses every later
/// statement of a transaction that saw an error, and SQLite is made to behave the same, so a
/// caller can never commit half of a failed unit of work on one backend only.
macro_rules! on_tx {
    ($tx:expr, $c:ident => $body:expr) => {
        on_tx!($tx, $c, _dialect => $body)
    };
    ($tx:expr, $c:ident, $d:ident => $body:expr) => {{
        if $tx.poisoned {
            return Err($crate::store::poisoned());
        }
        let result: $crate::error::Result<_> = match &mut $tx.inner {
            #[cfg(feature = "postgres")]
            $crate::store::TxInner::Postgres(t) => {
                let $c: &mut sqlx::PgConnection = &mut **t;
                #[allow(unused_variables)]
                let $d = $crate::store::Dialect::Postgres;
                async { Ok($body) }.await
            }
            #[cfg(feature = "sqlite")]
            $crate::store::TxInner::Sqlite(t) => {
                let $c: &mut sqlx::SqliteConnection = &mut **t;
                #[allow(unused_variables)]
                let $d = $crate::store::Dialect::Sqlite;
                async { Ok($body) }.await
            }
        };
        match result {
            Ok(v) => v,
            Err(e) => {
                $tx.poisoned = true;
                return Err(e);
            }
        }
    }};
}
pub(crate) use on_tx;

/// The error every call on a poisoned transaction returns.
pub(crate) fn poisoned() -> Error {
    Error::Database("the transaction was aborted by an earlier error; roll it back".into())
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "postgres")]
    use super::libpq_url;

    /// Hosts spawn these futures on multi-thread runtimes (every binding does): they must be
    /// `Send` — a migration awaited the wrong way once made them not.
    #[test]
    fn opening_and_migrating_are_send_futures() {
        fn send<T: Send>(_: T) {}
        let store = super::Store::open("sqlite::memory:");
        send(store);
        send(crate::Marketplace::open("sqlite::memory:"));
    }

    /// A build that left a backend out refuses its URLs, naming the feature to turn on.
    #[cfg(not(all(feature = "postgres", feature = "sqlite")))]
    #[test]
    fn a_left_out_backend_is_a_config_error_naming_its_feature() {
        let (url, feature) = if cfg!(feature = "postgres") {
            ("sqlite::memory:", "`sqlite`")
        } else {
            ("postgres://localhost/market", "`postgres`")
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let err = runtime.block_on(super::Store::open(url)).unwrap_err();
        assert_eq!(err.code(), "config");
        assert!(err.to_string().contains(feature), "{err}");
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn libpq_forms_with_an_empty_host_are_rewritten() {
        for (given, expected) in [
            (
                "postgres://app@/market?host=/var/run/postgresql",
                "postgres:///market?host=/var/run/postgresql&user=app",
            ),
            (
                "postgresql://app:s%40cret@:5433/market",
                "postgresql:///market?user=app&password=s%40cret&port=5433",
            ),
            ("postgres://app@", "postgres://?user=app"),
            // Accepted as they are.
            (
                "postgres://app@db.internal:5432/market",
                "postgres://app@db.internal:5432/market",
            ),
            (
                "postgres:///market?host=/tmp",
                "postgres:///market?host=/tmp",
            ),
            ("postgres://localhost/market", "postgres://localhost/market"),
        ] {
            assert_eq!(libpq_url(given), expected, "{given}");
        }
    }
}
