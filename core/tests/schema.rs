//! The schema itself: both migration sets have the ERD's 23 tables with the same columns in
//! the same order, and the ERD's example queries run unchanged on PostgreSQL.

mod support;

use blajarplus::store::Store;
use sqlx::{Connection, Row};

const TABLES: [&str; 23] = [
    "users",
    "user_addresses",
    "tutor_profiles",
    "subject_categories",
    "subjects",
    "tutor_subjects",
    "tutor_documents",
    "tutor_availabilities",
    "tutor_time_offs",
    "bookings",
    "booking_status_logs",
    "payment_transactions",
    "wallets",
    "wallet_ledger_entries",
    "conversations",
    "messages",
    "reviews",
    "progress_logs",
    "favorites",
    "lesson_packages",
    "package_purchases",
    "reports",
    "notifications",
];

async fn pg_columns(url: &str, table: &str) -> Vec<String> {
    let mut c = sqlx::PgConnection::connect(url).await.unwrap();
    sqlx::query(
        "SELECT column_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut c)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>(0))
    .filter(|c| c != "search_vector")
    .collect()
}

#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let pg = support::pg_database_url().await;
    Store::open(&pg).await.unwrap();
    let dir = support::tempfile_dir::TempDir::new();
    let lite = format!("sqlite://{}/schema.db", dir.path());
    Store::open(&lite).await.unwrap();
    let mut sqlite = sqlx::SqliteConnection::connect(&lite).await.unwrap();
    for table in TABLES {
        let pg_cols = pg_columns(&pg, table).await;
        let lite_cols: Vec<String> =
            sqlx::query("SELECT name FROM pragma_table_info($1) ORDER BY cid")
                .bind(table)
                .fetch_all(&mut sqlite)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get::<String, _>(0))
                .collect();
        assert!(!pg_cols.is_empty(), "{table} exists");
        assert_eq!(pg_cols, lite_cols, "{table}");
    }
    // The ERD's columns are all there (a sample of each kind).
    assert!(
        pg_columns(&pg, "bookings")
            .await
            .contains(&"total_amount".to_string())
    );
    assert!(
        pg_columns(&pg, "tutor_profiles")
            .await
            .contains(&"teaching_modes".to_string())
    );
}

#[tokio::test]
async fn the_erd_example_queries_run_on_postgres() {
    let pg = support::pg_database_url().await;
    Store::open(&pg).await.unwrap();
    let mut c = sqlx::PgConnection::connect(&pg).await.unwrap();
    let uuid = "01a21000-0000-7000-8000-000000000042";
    // Verbatim from the ERD, but for real ids in place of 'uuid-here' / 'booking-uuid'.
    let search = "SELECT \n  tp.*,\n  u.full_name,\n  u.avatar_url,\n  COUNT(DISTINCT r.id) as review_count,\n  AVG(r.rating) as avg_rating\nFROM tutor_profiles tp\nJOIN users u ON tp.user_id = u.id\nJOIN tutor_subjects ts ON tp.id = ts.tutor_profile_id\nJOIN subjects s ON ts.subject_id = s.id\nLEFT JOIN reviews r ON tp.id = r.tutor_profile_id AND r.status = 'published'\nWHERE \n  tp.status = 'active'\n  AND tp.is_verified = true\n  AND s.slug = 'matematika'\n  AND ts.level = 'sma'\n  AND tp.hourly_rate BETWEEN 50000 AND 200000\n  AND tp.base_city = 'Jakarta'\nGROUP BY tp.id, u.id\nHAVING AVG(r.rating) >= 4.0\nORDER BY avg_rating DESC, tp.completed_lessons_count DESC\nLIMIT 20;";
    let availability = format!(
        "SELECT \n  ta.day_of_week,\n  ta.start_time,\n  ta.end_time\nFROM tutor_availabilities ta\nWHERE \n  ta.tutor_profile_id = '{uuid}'\n  AND ta.is_active = true\n  AND NOT EXISTS (\n    SELECT 1 FROM tutor_time_offs tto\n    WHERE tto.tutor_profile_id = ta.tutor_profile_id\n    AND CURRENT_DATE BETWEEN DATE(tto.start_at) AND DATE(tto.end_at)\n  )\nORDER BY ta.day_of_week, ta.start_time;"
    );
    let release = format!(
        "BEGIN;\n\n-- Update booking status\nUPDATE bookings \nSET status = 'completed', updated_at = NOW()\nWHERE id = '{uuid}';\n\n-- Release payment to tutor\nINSERT INTO wallet_ledger_entries (wallet_id, type, amount, booking_id)\nSELECT \n  w.id,\n  'release_to_tutor',\n  b.price - b.platform_fee,\n  b.id\nFROM bookings b\nJOIN tutor_profiles tp ON b.tutor_profile_id = tp.id\nJOIN wallets w ON tp.user_id = w.user_id\nWHERE b.id = '{uuid}';\n\n-- Update wallet balance\nUPDATE wallets w\nSET balance = balance + (b.price - b.platform_fee)\nFROM bookings b\nJOIN tutor_profiles tp ON b.tutor_profile_id = tp.id\nWHERE w.user_id = tp.user_id AND b.id = '{uuid}';\n\nCOMMIT;"
    );
    sqlx::raw_sql(search)
        .execute(&mut c)
        .await
        .expect("search query");
    sqlx::raw_sql(sqlx::AssertSqlSafe(availability))
        .execute(&mut c)
        .await
        .expect("availability query");
    sqlx::raw_sql(sqlx::AssertSqlSafe(release))
        .execute(&mut c)
        .await
        .expect("escrow release");
}

/// The store checks rows against `COLUMN_LIMITS`, which `build.rs` reads out of the migration
/// files: it must be exactly what PostgreSQL made of them, every sized column and no other.
#[tokio::test]
async fn the_store_knows_every_column_size_postgres_has() {
    use blajarplus::store::{COLUMN_LIMITS, ColumnLimit, column_limit};
    let pg = support::pg_database_url().await;
    Store::open(&pg).await.unwrap();
    let mut c = sqlx::PgConnection::connect(&pg).await.unwrap();
    let rows = sqlx::query(
        "SELECT table_name::text, column_name::text, data_type::text, \
         character_maximum_length, numeric_precision, numeric_scale \
         FROM information_schema.columns WHERE table_schema = 'public' \
         AND table_name NOT LIKE '\\_sqlx%' \
         AND data_type IN ('character varying', 'numeric') ORDER BY 1, 2",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    let mut from_pg: Vec<(String, String, ColumnLimit)> = rows
        .iter()
        .map(|r| {
            let limit = if r.get::<String, _>(2) == "numeric" {
                ColumnLimit::Decimal {
                    precision: r.get::<i32, _>(4) as u32,
                    scale: r.get::<i32, _>(5) as u32,
                }
            } else {
                ColumnLimit::Chars(r.get::<i32, _>(3) as u32)
            };
            (r.get(0), r.get(1), limit)
        })
        .collect();
    from_pg.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let mut known: Vec<(String, String, ColumnLimit)> = COLUMN_LIMITS
        .iter()
        .map(|(t, c, l)| (t.to_string(), c.to_string(), *l))
        .collect();
    known.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    assert!(from_pg.len() >= 70, "{} sized columns", from_pg.len());
    assert_eq!(known, from_pg);
    for (table, column, limit) in &from_pg {
        assert_eq!(
            column_limit(table, column),
            Some(*limit),
            "{table}.{column}"
        );
    }
    assert_eq!(column_limit("users", "no_such_column"), None);
}

/// `FOREIGN_KEYS`, read out of the migrations by `build.rs`, is every foreign key PostgreSQL
/// has: the store uses it to name a dangling reference's column on SQLite.
#[tokio::test]
async fn the_store_knows_every_foreign_key_postgres_has() {
    use blajarplus::store::FOREIGN_KEYS;
    let pg = support::pg_database_url().await;
    Store::open(&pg).await.unwrap();
    let mut c = sqlx::PgConnection::connect(&pg).await.unwrap();
    let mut from_pg: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT src.relname::text, a.attname::text, dst.relname::text, b.attname::text \
         FROM pg_constraint k \
         JOIN pg_class src ON src.oid = k.conrelid JOIN pg_class dst ON dst.oid = k.confrelid \
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] \
         JOIN pg_attribute b ON b.attrelid = k.confrelid AND b.attnum = k.confkey[1] \
         WHERE k.contype = 'f' AND cardinality(k.conkey) = 1",
    )
    .fetch_all(&mut c)
    .await
    .unwrap();
    from_pg.sort();
    let mut known: Vec<(String, String, String, String)> = FOREIGN_KEYS
        .iter()
        .map(|(t, c, rt, rc)| (t.to_string(), c.to_string(), rt.to_string(), rc.to_string()))
        .collect();
    known.sort();
    assert!(known.len() >= 45, "{} foreign keys", known.len());
    assert_eq!(known, from_pg);
}
