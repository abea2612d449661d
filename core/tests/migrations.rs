//! Upgrading a database that already holds data: migration 0003 rebuilds SQLite's
//! `payment_transactions` (SQLite cannot drop a NOT NULL), and must keep every payment and
//! every `payment_events` row that references one (a careless rebuild cascade-deletes them).

use blajarplus::store::{PaymentRepo, Store};
use blajarplus::types::*;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection, Row};
use std::borrow::Cow;

static SQLITE: Migrator = sqlx::migrate!("migrations/sqlite");

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
    let up_to_0002 = Migrator {
        migrations: Cow::Owned(
            SQLITE
                .migrations
                .iter()
                .filter(|m| m.version <= 2)
                .cloned()
                .collect(),
        ),
        ..Migrator::DEFAULT
    };
    up_to_0002.run(&mut conn).await.unwrap();
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
