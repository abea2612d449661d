//! Shared harness: every conformance test runs once on SQLite and once on PostgreSQL.
//!
//! PostgreSQL comes from `BLAJARPLUS_TEST_PG_URL` (the test command starts a throwaway
//! cluster and sets it). Without it the PostgreSQL half fails loudly instead of skipping.

#![allow(dead_code)]

pub mod fixtures;
pub mod market;
pub mod pg_cluster;
pub mod search_data;
pub mod traffic;

use blajarplus::store::{Store, StoreOptions};
use chrono::{DateTime, TimeZone, Utc};

/// Fresh, migrated in-memory SQLite store.
pub async fn sqlite_store() -> Store {
    Store::open("sqlite::memory:").await.expect("open sqlite")
}

/// Fresh SQLite store in a temporary file (WAL, several connections).
pub async fn sqlite_file_store() -> (Store, tempfile_dir::TempDir) {
    let dir = tempfile_dir::TempDir::new();
    let url = format!("sqlite://{}/test.db", dir.path());
    let store = Store::open(&url).await.expect("open sqlite file");
    (store, dir)
}

/// The PostgreSQL server URL the test command provides.
pub fn pg_url() -> String {
    std::env::var("BLAJARPLUS_TEST_PG_URL").unwrap_or_else(|_| {
        panic!(
            "BLAJARPLUS_TEST_PG_URL is not set: the PostgreSQL conformance tests need a server. \
             Run `make test` (it starts a throwaway PostgreSQL 15 cluster) or export \
             BLAJARPLUS_TEST_PG_URL=postgres://user@host:port/db"
        )
    })
}

/// Fresh, migrated PostgreSQL store on its own new database.
pub async fn pg_store() -> Store {
    let mut opts = StoreOptions::new(pg_database_url().await);
    opts.max_connections = 40;
    Store::open_with(opts).await.expect("open postgres")
}

/// The URL of a fresh, empty PostgreSQL database of its own.
pub async fn pg_database_url() -> String {
    use sqlx::Connection;
    let url = pg_url();
    let name = format!("bp_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {url}: {e}"));
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create test database");
    admin.close().await.ok();
    with_database(&url, &name)
}

/// Replaces the database name of a PostgreSQL URL (`postgres://u@h:p/db?x` → `…/name?x`).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    format!("{base}/{name}{query}")
}

/// A fixed instant with microsecond precision (what both databases keep).
pub fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

/// Generates `mod sqlite` and `mod postgres`, each with one `#[tokio::test]` per listed
/// function, so the suite is written once and run on both backends.
#[macro_export]
macro_rules! conformance {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(super::support::sqlite_store().await).await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name(super::support::pg_store().await).await;
                }
            )+
        }
    };
}

/// A temporary directory removed on drop (kept tiny to avoid a dependency).
pub mod tempfile_dir {
    pub struct TempDir(std::path::PathBuf);
    impl TempDir {
        pub fn new() -> Self {
            let p = std::env::temp_dir().join(format!("bp-test-{}", uuid::Uuid::now_v7().simple()));
            std::fs::create_dir_all(&p).unwrap();
            TempDir(p)
        }
        pub fn path(&self) -> &str {
            self.0.to_str().unwrap()
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
