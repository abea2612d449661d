//! Upgrading a database that already holds data: migration 0003 rebuilds SQLite's
//! `payment_transactions` (SQLite cannot drop a NOT NULL), and must keep every payment and
//! every `payment_events` row that references one (a careless rebuild cascade-deletes them);
//! migration 0006 finds the inquiries already waiting for an answer, on both backends.

use blajarplus::store::{ChatRepo, PaymentRepo, Store, TutorRepo};
use blajarplus::types::*;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection, Row};
use std::borrow::Cow;

mod support;

static SQLITE: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("migrations/postgres");

/// The migrations of `all` up to `version`.
fn up_to(all: &Migrator, version: i64) -> Migrator {
    Migrator {
        migrations: Cow::Owned(
            all.migrations
                .iter()
                .filter(|m| m.version <= version)
                .cloned()
                .collect(),
        ),
        ..Migrator::DEFAULT
    }
}

#[tokio::test]
async fn sqlite_payments_and_their_events_survive_the_0003_rebuild() {
    let dir = std::env::temp_dir().join(format!("blajarplus-upgrade-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("app.db");
    let mut conn: SqliteConnection = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .foreign_keys(true)
        .connect()
        .await
        .unwrap();
    up_to(&SQLITE, 2).run(&mut conn).await.unwrap();
    let (student, tutor_user, tutor, booking, payment, event) = (
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
        uuid::Uuid::now_v7(),
    );
    for sql in [
        format!(
            "INSERT INTO users (id, full_name, role) VALUES ('{student}', 'Siti', 'student'), \
             ('{tutor_user}', 'Budi', 'tutor')"
        ),
        format!(
            "INSERT INTO tutor_profiles (id, user_id, hourly_rate) VALUES ('{tutor}', '{tutor_user}', '150000')"
        ),
        format!(
            "INSERT INTO bookings (id, student_id, tutor_profile_id, start_at, end_at, \
             duration_minutes, price, platform_fee, total_amount) VALUES ('{booking}', '{student}', \
             '{tutor}', '2026-12-01T03:00:00.000000+00:00', '2026-12-01T04:00:00.000000+00:00', 60, \
             '150000', '22500', '150000')"
        ),
        format!(
            "INSERT INTO payment_transactions (id, booking_id, provider, status, amount) \
             VALUES ('{payment}', '{booking}', 'midtrans', 'paid', '150000')"
        ),
        format!(
            "INSERT INTO payment_events (id, payment_transaction_id, dedup_key, status, raw_payload) \
             VALUES ('{event}', '{payment}', 'midtrans:order:settlement', 'paid', '{{\"a\":1}}')"
        ),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    conn.close().await.unwrap();

    // Opening with the library applies 0003 (and anything after it).
    let url = format!("sqlite://{}", path.display());
    let store = Store::open(&url).await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let p = tx
        .get_payment(PaymentId::from_uuid(payment))
        .await
        .unwrap()
        .expect("the payment survived");
    assert_eq!(p.booking_id, Some(BookingId::from_uuid(booking)));
    assert_eq!(p.package_purchase_id, None);
    assert_eq!(p.amount, rust_decimal::Decimal::from(150_000));
    let events = tx
        .list_payment_events(PaymentId::from_uuid(payment))
        .await
        .unwrap();
    assert_eq!(events.len(), 1, "the payment's event survived");
    assert_eq!(events[0].dedup_key, "midtrans:order:settlement");
    drop(tx);
    store.close().await;

    // The rebuilt table keeps its rules: the foreign key from events, the one-subject check.
    let mut conn: SqliteConnection = SqliteConnectOptions::new()
        .filename(&path)
        .foreign_keys(true)
        .connect()
        .await
        .unwrap();
    let fk: String = sqlx::query(
        "SELECT \"table\" FROM pragma_foreign_key_list('payment_events') WHERE \"from\" = 'payment_transaction_id'",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap()
    .get(0);
    assert_eq!(fk, "payment_transactions");
    let neither = sqlx::query("INSERT INTO payment_transactions (id, amount) VALUES ('x', '1')")
        .execute(&mut conn)
        .await
        .unwrap_err();
    assert!(
        neither
            .to_string()
            .contains("payment_transactions_subject_check"),
        "{neither}"
    );
    conn.close().await.unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A 0005 database with three conversations: one the student opened and the tutor never
/// answered, one answered, one the tutor opened. After 0006 only the first waits, and
/// `run_due` a day later lowers the tutor's rate for it.
async fn unanswered_inquiries_are_found_on_upgrade(url: String) {
    let id = uuid::Uuid::now_v7;
    let (s1, s2, s3, tutor_user, tutor) = (id(), id(), id(), id(), id());
    let (waiting, answered, opened_by_tutor) = (id(), id(), id());
    let (m1, m2, m3, m4) = (id(), id(), id(), id());
    let seed = [
        format!(
            "INSERT INTO users (id, full_name, role) VALUES ('{s1}', 'Siti', 'student'), \
             ('{s2}', 'Dewi', 'student'), ('{s3}', 'Andi', 'student'), \
             ('{tutor_user}', 'Budi', 'tutor')"
        ),
        format!(
            "INSERT INTO tutor_profiles (id, user_id, hourly_rate, response_rate) \
             VALUES ('{tutor}', '{tutor_user}', '150000', 100)"
        ),
        format!(
            "INSERT INTO conversations (id, student_id, tutor_profile_id) VALUES \
             ('{waiting}', '{s1}', '{tutor}'), ('{answered}', '{s2}', '{tutor}'), \
             ('{opened_by_tutor}', '{s3}', '{tutor}')"
        ),
        format!(
            "INSERT INTO messages (id, conversation_id, sender_user_id, message_type, content, created_at) VALUES \
             ('{m1}', '{waiting}', '{s1}', 'text', 'Halo?', '2026-11-25T01:00:00+00:00'), \
             ('{m2}', '{answered}', '{s2}', 'text', 'Halo?', '2026-11-25T01:00:00+00:00'), \
             ('{m3}', '{answered}', '{tutor_user}', 'text', 'Ya', '2026-11-25T02:00:00+00:00'), \
             ('{m4}', '{opened_by_tutor}', '{tutor_user}', 'text', 'Kelas baru', '2026-11-25T01:00:00+00:00')"
        ),
    ];
    macro_rules! seed {
        ($conn:ty, $url:expr, $migrator:expr) => {{
            let mut c = <$conn>::connect(&$url).await.unwrap();
            up_to(&$migrator, 5).run(&mut c).await.unwrap();
            for sql in seed {
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&mut c)
                    .await
                    .unwrap();
            }
            c.close().await.unwrap();
        }};
    }
    if url.starts_with("postgres") {
        seed!(sqlx::PgConnection, url, POSTGRES);
    } else {
        seed!(sqlx::SqliteConnection, format!("{url}?mode=rwc"), SQLITE);
    }
    // Opening migrates; exactly one inquiry waits, asked when its message was written (and
    // comparable with the store's instants: on SQLite the copied text must order like them).
    let store = Store::open(&url).await.unwrap();
    let asked: chrono::DateTime<chrono::Utc> = "2026-11-25T01:00:00Z".parse().unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.take_inquiries_asked_before(asked, 10).await.unwrap(),
        vec![]
    );
    assert_eq!(
        tx.take_inquiries_asked_before(asked + chrono::Duration::seconds(1), 10)
            .await
            .unwrap(),
        vec![TutorProfileId::from_uuid(tutor)]
    );
    drop(tx); // rolled back: the inquiry still waits for run_due

    let clock = std::sync::Arc::new(blajarplus::clock::FixedClock::new(
        "2026-11-26T01:00:01Z".parse().unwrap(),
    ));
    let m = blajarplus::marketplace::Marketplace::new(store.clone()).with_clock(clock);
    assert_eq!(m.run_due().await.unwrap().response_rates_updated, 1);
    let mut tx = store.begin().await.unwrap();
    let profile = tx
        .get_tutor_profile(TutorProfileId::from_uuid(tutor))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        profile.response_rate, 50,
        "1 of 2 inquiries answered in time"
    );
}

#[tokio::test]
async fn unanswered_inquiries_are_found_on_upgrade_on_postgres() {
    unanswered_inquiries_are_found_on_upgrade(support::pg_database_url().await).await;
}

#[tokio::test]
async fn unanswered_inquiries_are_found_on_upgrade_on_sqlite() {
    let dir = support::tempfile_dir::TempDir::new();
    let url = format!("sqlite://{}/upgrade.db", dir.path());
    unanswered_inquiries_are_found_on_upgrade(url).await;
}
