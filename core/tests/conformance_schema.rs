//! Schema parity: after migrating, PostgreSQL (information_schema) and SQLite
//! (pragma_table_info) have each of the ERD's 23 tables with the same column names in the same
//! order, which are the ERD's own columns plus the documented additions (the soft-delete
//! `deleted_at`, migrations 0002 and 0003's columns), and the same NOT NULL columns; PostgreSQL's only
//! extra column is the generated `tutor_profiles.search_vector`. The tables migrations 0002
//! and 0005 add get the same check.

mod support;

use blajarplus::store::Store;
use sqlx::{Connection, Row};

/// Every ERD table with its columns in ERD order, followed by the additions.
const ERD: [(&str, &[&str]); 23] = [
    (
        "users",
        &[
            "id",
            "email",
            "phone",
            "password_hash",
            "full_name",
            "avatar_url",
            "gender",
            "birthdate",
            "role",
            "status",
            "last_login_at",
            "created_at",
            "updated_at",
            "deleted_at",
        ],
    ),
    (
        "user_addresses",
        &[
            "id",
            "user_id",
            "label",
            "province",
            "city",
            "district",
            "address_detail",
            "lat",
            "lng",
            "is_primary",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "tutor_profiles",
        &[
            "id",
            "user_id",
            "headline",
            "bio",
            "education",
            "experience_years",
            "teaching_modes",
            "base_city",
            "timezone",
            "intro_video_url",
            "hourly_rate",
            "currency",
            "is_verified",
            "verification_status",
            "verification_note",
            "rating_avg",
            "rating_count",
            "completed_lessons_count",
            "response_rate",
            "status",
            "created_at",
            "updated_at",
            "deleted_at",
        ],
    ),
    (
        "subjects",
        &[
            "id",
            "name",
            "slug",
            "category_id",
            "is_active",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "subject_categories",
        &[
            "id",
            "name",
            "slug",
            "is_active",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "tutor_subjects",
        &[
            "id",
            "tutor_profile_id",
            "subject_id",
            "level",
            "price_override",
            "currency",
            "description",
            "is_active",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "tutor_documents",
        &[
            "id",
            "tutor_profile_id",
            "doc_type",
            "file_url",
            "status",
            "reviewed_by",
            "reviewed_at",
            "note",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "tutor_availabilities",
        &[
            "id",
            "tutor_profile_id",
            "day_of_week",
            "start_time",
            "end_time",
            "slot_duration_minutes",
            "is_active",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "tutor_time_offs",
        &[
            "id",
            "tutor_profile_id",
            "start_at",
            "end_at",
            "reason",
            "created_at",
        ],
    ),
    (
        "bookings",
        &[
            "id",
            "student_id",
            "tutor_profile_id",
            "tutor_subject_id",
            "mode",
            "start_at",
            "end_at",
            "duration_minutes",
            "location_type",
            "location_address",
            "lat",
            "lng",
            "meeting_link",
            "status",
            "cancelled_by",
            "cancel_reason",
            "price",
            "platform_fee",
            "total_amount",
            "currency",
            "notes",
            "created_at",
            "updated_at",
            "deleted_at",
            "proposed_start_at",
            "proposed_end_at",
            "reschedule_requested_by",
            "package_purchase_id",
            "reminder_sent_at",
        ],
    ),
    (
        "booking_status_logs",
        &[
            "id",
            "booking_id",
            "from_status",
            "to_status",
            "changed_by_user_id",
            "reason",
            "created_at",
        ],
    ),
    (
        "payment_transactions",
        &[
            "id",
            "booking_id",
            "provider",
            "payment_method",
            "external_payment_id",
            "status",
            "amount",
            "currency",
            "paid_at",
            "expires_at",
            "raw_payload",
            "created_at",
            "updated_at",
            "deleted_at",
            "package_purchase_id",
        ],
    ),
    (
        "wallets",
        &[
            "id",
            "user_id",
            "balance",
            "currency",
            "created_at",
            "updated_at",
            "deleted_at",
            "kind",
        ],
    ),
    (
        "wallet_ledger_entries",
        &[
            "id",
            "wallet_id",
            "type",
            "amount",
            "booking_id",
            "reference_id",
            "meta",
            "created_at",
            "movement_id",
            "package_purchase_id",
        ],
    ),
    (
        "conversations",
        &[
            "id",
            "student_id",
            "tutor_profile_id",
            "last_message_at",
            "is_blocked",
            "blocked_by_user_id",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "messages",
        &[
            "id",
            "conversation_id",
            "sender_user_id",
            "message_type",
            "content",
            "file_url",
            "read_at",
            "created_at",
        ],
    ),
    (
        "reviews",
        &[
            "id",
            "booking_id",
            "tutor_profile_id",
            "author_user_id",
            "rating",
            "comment",
            "status",
            "moderated_by",
            "moderated_reason",
            "created_at",
            "updated_at",
            "deleted_at",
        ],
    ),
    (
        "progress_logs",
        &[
            "id",
            "booking_id",
            "tutor_profile_id",
            "student_id",
            "summary",
            "homework",
            "next_plan",
            "attachment_url",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "favorites",
        &["id", "student_id", "tutor_profile_id", "created_at"],
    ),
    (
        "lesson_packages",
        &[
            "id",
            "tutor_profile_id",
            "tutor_subject_id",
            "name",
            "session_count",
            "total_price",
            "currency",
            "valid_days",
            "is_active",
            "created_at",
            "updated_at",
            "deleted_at",
            "session_minutes",
        ],
    ),
    (
        "package_purchases",
        &[
            "id",
            "student_id",
            "lesson_package_id",
            "status",
            "sessions_remaining",
            "start_at",
            "expires_at",
            "created_at",
            "updated_at",
            "deleted_at",
        ],
    ),
    (
        "reports",
        &[
            "id",
            "reporter_user_id",
            "target_type",
            "target_id",
            "reason",
            "description",
            "status",
            "handled_by",
            "handled_at",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "notifications",
        &[
            "id",
            "user_id",
            "type",
            "title",
            "message",
            "link",
            "is_read",
            "read_at",
            "created_at",
        ],
    ),
];

/// Tables migrations 0002, 0004 and 0005 add (not in the ERD), held to the same parity.
const ADDED: &[&str] = &[
    "tutor_date_overrides",
    "payment_events",
    "withdrawal_requests",
    "outbox_events",
    "tutor_search_documents",
    "tutor_search_offerings",
    "unanswered_inquiries",
];

/// (column, NOT NULL) in table order.
type Columns = Vec<(String, bool)>;

async fn pg_columns(c: &mut sqlx::PgConnection, table: &str) -> Columns {
    sqlx::query(
        "SELECT column_name::text, is_nullable = 'NO' FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(c)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get::<String, _>(0), r.get::<bool, _>(1)))
    .collect()
}

async fn sqlite_columns(c: &mut sqlx::SqliteConnection, table: &str) -> Columns {
    sqlx::query("SELECT name, \"notnull\" = 1 OR pk > 0 FROM pragma_table_info($1) ORDER BY cid")
        .bind(table)
        .fetch_all(c)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get::<String, _>(0), r.get::<bool, _>(1)))
        .collect()
}

fn names(cols: &Columns) -> Vec<&str> {
    cols.iter().map(|(n, _)| n.as_str()).collect()
}

struct Both {
    pg: sqlx::PgConnection,
    lite: sqlx::SqliteConnection,
    _dir: support::tempfile_dir::TempDir,
}

async fn migrated() -> Both {
    let pg_url = support::pg_database_url().await;
    Store::open(&pg_url).await.unwrap().close().await;
    let dir = support::tempfile_dir::TempDir::new();
    let lite_url = format!("sqlite://{}/schema.db", dir.path());
    Store::open(&lite_url).await.unwrap().close().await;
    Both {
        pg: sqlx::PgConnection::connect(&pg_url).await.unwrap(),
        lite: sqlx::SqliteConnection::connect(&lite_url).await.unwrap(),
        _dir: dir,
    }
}

#[tokio::test]
async fn the_23_erd_tables_have_the_same_columns_in_the_same_order_on_both_backends() {
    let mut db = migrated().await;
    for (table, erd) in ERD {
        let mut pg = pg_columns(&mut db.pg, table).await;
        let lite = sqlite_columns(&mut db.lite, table).await;
        if table == "tutor_profiles" {
            assert_eq!(
                pg.pop(),
                Some(("search_vector".to_string(), false)),
                "PostgreSQL's one extra column, last"
            );
        }
        assert_eq!(names(&pg), erd.to_vec(), "{table}: PostgreSQL vs the ERD");
        assert_eq!(names(&lite), erd.to_vec(), "{table}: SQLite vs the ERD");
        assert_eq!(pg, lite, "{table}: NOT NULL columns");
    }
}

#[tokio::test]
async fn the_added_tables_have_the_same_columns_on_both_backends() {
    let mut db = migrated().await;
    for table in ADDED {
        let pg = pg_columns(&mut db.pg, table).await;
        let lite = sqlite_columns(&mut db.lite, table).await;
        assert!(!pg.is_empty(), "{table} exists");
        assert_eq!(pg, lite, "{table}");
    }
}

#[tokio::test]
async fn both_backends_have_exactly_the_same_tables() {
    let mut db = migrated().await;
    let mut pg: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(&mut db.pg)
    .await
    .unwrap();
    // SQLite also has its FTS5 tables (and their shadow tables) for search.
    let mut lite: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '%_fts' AND name NOT LIKE '%_fts_%' ORDER BY 1",
    )
    .fetch_all(&mut db.lite)
    .await
    .unwrap();
    pg.sort();
    lite.sort();
    let mut want: Vec<String> = ERD
        .iter()
        .map(|(t, _)| t.to_string())
        .chain(ADDED.iter().map(|t| t.to_string()))
        .chain(["_sqlx_migrations".to_string()])
        .collect();
    want.sort();
    assert_eq!(pg, want);
    assert_eq!(lite, want);
}

#[tokio::test]
async fn both_backends_have_exactly_the_same_named_indexes() {
    let mut db = migrated().await;
    // Constraint-backed indexes (primary keys, UNIQUE, EXCLUDE) are named by each database
    // its own way; the CREATE INDEX ones are the migrations' and must match by name.
    // GIN indexes over text search vectors and arrays: SQLite has FTS5 tables (and JSON
    // arrays) instead.
    const POSTGRES_ONLY: [&str; 4] = [
        "idx_subjects_name_fts",
        "idx_tutor_profiles_search_vector",
        "idx_tutor_profiles_teaching_modes",
        "idx_tutor_search_documents_terms",
    ];
    let all: Vec<String> = sqlx::query_scalar(
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' \
         AND indexname LIKE 'idx_%' ORDER BY 1",
    )
    .fetch_all(&mut db.pg)
    .await
    .unwrap();
    for only in POSTGRES_ONLY {
        assert!(all.iter().any(|i| i == only), "{only} exists on PostgreSQL");
    }
    let pg: Vec<String> = all
        .into_iter()
        .filter(|i| !POSTGRES_ONLY.contains(&i.as_str()))
        .collect();
    let lite: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%' ORDER BY 1",
    )
    .fetch_all(&mut db.lite)
    .await
    .unwrap();
    assert!(pg.len() > 50, "{pg:?}");
    assert_eq!(pg, lite);
    // 0011 dropped these: each a prefix of another index or read by no query.
    for gone in [
        "idx_bookings_status",
        "idx_ledger_type",
        "idx_notifications_is_read",
    ] {
        assert!(!pg.iter().any(|i| i == gone), "{gone} still exists");
    }
}
