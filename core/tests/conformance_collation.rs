//! Lists ordered by name (`list_categories`, `list_subjects`) must come back in the same order
//! on both backends whatever collation the PostgreSQL database was created with. The test
//! server's databases use the C collation, which sorts like SQLite's BINARY and hides the
//! question; production databases are usually created with a language collation (en_US.UTF-8,
//! or ICU), so this test makes one.

mod support;

use blajarplus::store::*;
use sqlx::Connection;
use support::fixtures::*;

const NAMES: [&str; 6] = [
    "bahasa Jawa",
    "Matematika",
    "Zoologi",
    "Ékonomi",
    "biologi",
    "Akuntansi",
];

/// A fresh PostgreSQL database with an ICU en-US collation, as `CREATE DATABASE` with a
/// language locale would give in production.
async fn pg_icu_url() -> String {
    let url = support::pg_url();
    let name = format!("bp_icu_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' \
         LOCALE 'C'"
    )))
    .execute(&mut admin)
    .await
    .expect("create an ICU database");
    admin.close().await.ok();
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b.to_string(), format!("?{q}")),
        None => (url.clone(), String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => base[..scheme_end + i].to_string(),
        None => base,
    };
    format!("{base}/{name}{query}")
}

async fn orders(store: &Store) -> (Vec<String>, Vec<String>) {
    let mut tx = store.begin().await.unwrap();
    for n in NAMES {
        tx.insert_category(&category(n)).await.unwrap();
        tx.insert_subject(&subject(n, None)).await.unwrap();
    }
    let cats = tx
        .list_categories()
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    let subs = tx
        .list_subjects(false)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    (cats, subs)
}

#[tokio::test]
async fn lists_by_name_agree_with_a_language_collation_database() {
    let lite = orders(&support::sqlite_store().await).await;
    let pg_c = orders(&support::pg_store().await).await;
    assert_eq!(pg_c, lite, "C collation");
    let icu = Store::open(&pg_icu_url().await).await.unwrap();
    let pg_icu = orders(&icu).await;
    assert_eq!(pg_icu, lite, "ICU en-US collation");
}
