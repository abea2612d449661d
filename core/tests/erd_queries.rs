//! The ERD's three example queries ("SQL Example Queries", end of erd.md), run UNCHANGED on a
//! migrated PostgreSQL database holding data that exercises every clause, with their results
//! checked. PostgreSQL only: the queries are PostgreSQL SQL (`UPDATE … FROM`, `DATE()`,
//! `BEGIN; … COMMIT;`). The only substitution is a real id for the placeholders
//! `'uuid-here'` and `'booking-uuid'`, as the ERD intends.

mod support;

use blajarplus::store::*;
use blajarplus::types::*;
use chrono::{Duration, NaiveTime, Utc};
use rust_decimal::Decimal;
use sqlx::Row;
use sqlx::postgres::PgPoolOptions;
use support::at;
use support::fixtures::*;

/// ERD, "SQL Example Queries" / "Search Tutors with Filters", verbatim.
const SEARCH_TUTORS: &str = r#"SELECT 
  tp.*,
  u.full_name,
  u.avatar_url,
  COUNT(DISTINCT r.id) as review_count,
  AVG(r.rating) as avg_rating
FROM tutor_profiles tp
JOIN users u ON tp.user_id = u.id
JOIN tutor_subjects ts ON tp.id = ts.tutor_profile_id
JOIN subjects s ON ts.subject_id = s.id
LEFT JOIN reviews r ON tp.id = r.tutor_profile_id AND r.status = 'published'
WHERE 
  tp.status = 'active'
  AND tp.is_verified = true
  AND s.slug = 'matematika'
  AND ts.level = 'sma'
  AND tp.hourly_rate BETWEEN 50000 AND 200000
  AND tp.base_city = 'Jakarta'
GROUP BY tp.id, u.id
HAVING AVG(r.rating) >= 4.0
ORDER BY avg_rating DESC, tp.completed_lessons_count DESC
LIMIT 20;
"#;

/// ERD, "SQL Example Queries" / "Get Tutor Availability", verbatim.
const TUTOR_AVAILABILITY: &str = r#"SELECT 
  ta.day_of_week,
  ta.start_time,
  ta.end_time
FROM tutor_availabilities ta
WHERE 
  ta.tutor_profile_id = 'uuid-here'
  AND ta.is_active = true
  AND NOT EXISTS (
    SELECT 1 FROM tutor_time_offs tto
    WHERE tto.tutor_profile_id = ta.tutor_profile_id
    AND CURRENT_DATE BETWEEN DATE(tto.start_at) AND DATE(tto.end_at)
  )
ORDER BY ta.day_of_week, ta.start_time;
"#;

/// ERD, "SQL Example Queries" / "Escrow Release on Booking Completion", verbatim.
const ESCROW_RELEASE: &str = r#"BEGIN;

-- Update booking status
UPDATE bookings 
SET status = 'completed', updated_at = NOW()
WHERE id = 'booking-uuid';

-- Release payment to tutor
INSERT INTO wallet_ledger_entries (wallet_id, type, amount, booking_id)
SELECT 
  w.id,
  'release_to_tutor',
  b.price - b.platform_fee,
  b.id
FROM bookings b
JOIN tutor_profiles tp ON b.tutor_profile_id = tp.id
JOIN wallets w ON tp.user_id = w.user_id
WHERE b.id = 'booking-uuid';

-- Update wallet balance
UPDATE wallets w
SET balance = balance + (b.price - b.platform_fee)
FROM bookings b
JOIN tutor_profiles tp ON b.tutor_profile_id = tp.id
WHERE w.user_id = tp.user_id AND b.id = 'booking-uuid';

COMMIT;
"#;

/// A migrated store and a plain pool on the same fresh PostgreSQL database.
async fn pg() -> (Store, sqlx::PgPool) {
    let url = support::pg_database_url().await;
    let store = Store::open(&url).await.expect("open and migrate");
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await
        .unwrap();
    (store, pool)
}

/// The query text with its placeholder replaced by a real id (and nothing else changed).
fn with_id(query: &str, placeholder: &str, id: impl std::fmt::Display) -> String {
    assert!(
        query.contains(placeholder),
        "{placeholder} is in the ERD query"
    );
    query.replace(placeholder, &id.to_string())
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

struct Candidate {
    name: &'static str,
    city: &'static str,
    rate: &'static str,
    verified: bool,
    status: TutorStatus,
    level: Level,
    completed: i32,
    /// (rating, status) of each review.
    reviews: &'static [(i32, ReviewStatus)],
}

const P: ReviewStatus = ReviewStatus::Published;

const CANDIDATES: &[Candidate] = &[
    // Match: 4.5 from two published reviews (a hidden 1 does not count).
    Candidate {
        name: "Ayu",
        city: "Jakarta",
        rate: "150000.00",
        verified: true,
        status: TutorStatus::Active,
        level: Level::Sma,
        completed: 10,
        reviews: &[(5, P), (4, P), (1, ReviewStatus::Hidden)],
    },
    // Match: 5.0, at the top of the rate range.
    Candidate {
        name: "Eko",
        city: "Jakarta",
        rate: "200000.00",
        verified: true,
        status: TutorStatus::Active,
        level: Level::Sma,
        completed: 3,
        reviews: &[(5, P)],
    },
    // Match: 4.5 like Ayu, more completed lessons, so ahead of her; bottom of the range.
    Candidate {
        name: "Fajar",
        city: "Jakarta",
        rate: "50000.00",
        verified: true,
        status: TutorStatus::Active,
        level: Level::Sma,
        completed: 20,
        reviews: &[(4, P), (5, P)],
    },
    // Average below 4.0.
    Candidate {
        name: "Budi",
        city: "Jakarta",
        rate: "150000.00",
        verified: true,
        status: TutorStatus::Active,
        level: Level::Sma,
        completed: 50,
        reviews: &[(3, P), (4, P)],
    },
    // Another city.
    Candidate {
        name: "Citra",
        city: "Bandung",
        rate: "150000.00",
        verified: true,
        status: TutorStatus::Active,
        level: Level::Sma,
        completed: 50,
        reviews: &[(5, P)],
    },
    // Not verified.
    Candidate {
        name: "Dewi",
        city: "Jakarta",
        rate: "150000.00",
        verified: false,
        status: TutorStatus::Active,
        level: Level::Sma,
        completed: 50,
        reviews: &[(5, P)],
    },
    // Below the rate range.
    Candidate {
        name: "Gita",
        city: "Jakarta",
        rate: "49999.99",
        verified: true,
        status: TutorStatus::Active,
        level: Level::Sma,
        completed: 50,
        reviews: &[(5, P)],
    },
    // Another level.
    Candidate {
        name: "Hadi",
        city: "Jakarta",
        rate: "150000.00",
        verified: true,
        status: TutorStatus::Active,
        level: Level::Smp,
        completed: 50,
        reviews: &[(5, P)],
    },
    // Not active.
    Candidate {
        name: "Indah",
        city: "Jakarta",
        rate: "150000.00",
        verified: true,
        status: TutorStatus::Inactive,
        level: Level::Sma,
        completed: 50,
        reviews: &[(5, P)],
    },
    // No published review: AVG is NULL, HAVING drops it.
    Candidate {
        name: "Joko",
        city: "Jakarta",
        rate: "150000.00",
        verified: true,
        status: TutorStatus::Active,
        level: Level::Sma,
        completed: 50,
        reviews: &[(5, ReviewStatus::Removed)],
    },
];

#[tokio::test]
async fn search_tutors_with_filters_runs_unchanged_and_finds_the_matches() {
    let (store, pool) = pg().await;
    let student = seed_user(&store, Role::Student).await;
    let mut tx = store.begin().await.unwrap();
    let math = subject("Matematika", None);
    let physics = subject("Fisika", None);
    tx.insert_subject(&math).await.unwrap();
    tx.insert_subject(&physics).await.unwrap();
    let mut profiles = Vec::new();
    for c in CANDIDATES {
        let u = User {
            full_name: c.name.into(),
            avatar_url: Some(format!("https://cdn.example/{}.png", c.name)),
            ..user(Role::Tutor)
        };
        tx.insert_user(&u).await.unwrap();
        let p = TutorProfile {
            base_city: Some(c.city.into()),
            hourly_rate: dec(c.rate),
            is_verified: c.verified,
            status: c.status,
            completed_lessons_count: c.completed,
            ..tutor_profile(u.id)
        };
        tx.insert_tutor_profile(&p).await.unwrap();
        tx.insert_tutor_subject(&TutorSubject {
            level: Some(c.level),
            ..tutor_subject(p.id, math.id)
        })
        .await
        .unwrap();
        // A second subject must not duplicate the reviews in the averages.
        tx.insert_tutor_subject(&tutor_subject(p.id, physics.id))
            .await
            .unwrap();
        for (i, (rating, status)) in c.reviews.iter().enumerate() {
            let b = booking(
                student.id,
                p.id,
                at(2026, 12, 1, 0, 0) + Duration::hours(i as i64),
                60,
            );
            tx.insert_booking(&b).await.unwrap();
            tx.insert_review(&Review {
                status: *status,
                ..review(b.id, p.id, student.id, *rating)
            })
            .await
            .unwrap();
        }
        profiles.push((c.name, p));
    }
    tx.commit().await.unwrap();

    let rows = sqlx::raw_sql(SEARCH_TUTORS).fetch_all(&pool).await.unwrap();
    let got: Vec<(uuid::Uuid, String, Option<String>, i64, Decimal)> = rows
        .iter()
        .map(|r| {
            (
                r.get("id"),
                r.get("full_name"),
                r.get("avatar_url"),
                r.get("review_count"),
                r.get("avg_rating"),
            )
        })
        .collect();
    let id_of = |name: &str| {
        profiles
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap()
            .1
            .id
            .as_uuid()
    };
    let want = [("Eko", 1, "5"), ("Fajar", 2, "4.5"), ("Ayu", 2, "4.5")];
    assert_eq!(
        got.iter()
            .map(|(id, name, avatar, n, avg)| (*id, name.clone(), avatar.clone(), *n, *avg))
            .collect::<Vec<_>>(),
        want.iter()
            .map(|(name, n, avg)| (
                id_of(name),
                name.to_string(),
                Some(format!("https://cdn.example/{name}.png")),
                *n,
                dec(avg)
            ))
            .collect::<Vec<_>>()
    );
    // `tp.*` is every column of the profile, search_vector included.
    assert_eq!(rows[0].columns().len(), 24 + 4);
}

#[tokio::test]
async fn tutor_availability_runs_unchanged_and_honours_todays_time_off() {
    let (store, pool) = pg().await;
    let (_, p) = seed_profile(&store).await;
    let (_, other) = seed_profile(&store).await;
    let rule = |tutor: TutorProfileId, day, start, end, active| TutorAvailability {
        start_time: start,
        end_time: end,
        is_active: active,
        ..availability(tutor, day)
    };
    let mut tx = store.begin().await.unwrap();
    for r in [
        rule(p.id, 3, t(13, 0), t(15, 0), true),
        rule(p.id, 1, t(9, 0), t(12, 0), true),
        rule(p.id, 0, t(10, 0), t(11, 0), false),
        rule(p.id, 1, t(7, 0), t(8, 0), true),
        rule(other.id, 2, t(8, 0), t(9, 0), true),
    ] {
        tx.insert_availability(&r).await.unwrap();
    }
    let now = Utc::now();
    // A time-off far away, and another tutor's time-off today: neither hides p's hours.
    tx.insert_time_off(&time_off(p.id, at(2030, 1, 1, 0, 0), at(2030, 1, 8, 0, 0)))
        .await
        .unwrap();
    tx.insert_time_off(&time_off(
        other.id,
        now - Duration::days(1),
        now + Duration::days(1),
    ))
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let query = with_id(TUTOR_AVAILABILITY, "uuid-here", p.id);
    let rows = |rows: Vec<sqlx::postgres::PgRow>| -> Vec<(i32, NaiveTime, NaiveTime)> {
        rows.iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect()
    };
    let got = rows(
        sqlx::raw_sql(sqlx::AssertSqlSafe(query.clone()))
            .fetch_all(&pool)
            .await
            .unwrap(),
    );
    assert_eq!(
        got,
        vec![
            (1, t(7, 0), t(8, 0)),
            (1, t(9, 0), t(12, 0)),
            (3, t(13, 0), t(15, 0))
        ]
    );
    let theirs = with_id(TUTOR_AVAILABILITY, "uuid-here", other.id);
    assert_eq!(
        rows(
            sqlx::raw_sql(sqlx::AssertSqlSafe(theirs))
                .fetch_all(&pool)
                .await
                .unwrap()
        ),
        vec![],
        "the other tutor is off today"
    );

    // A time-off covering today (whatever the session's time zone) hides every rule.
    let mut tx = store.begin().await.unwrap();
    tx.insert_time_off(&time_off(
        p.id,
        now - Duration::days(1),
        now + Duration::days(1),
    ))
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        rows(
            sqlx::raw_sql(sqlx::AssertSqlSafe(query))
                .fetch_all(&pool)
                .await
                .unwrap()
        ),
        vec![]
    );
}

#[tokio::test]
async fn escrow_release_runs_unchanged_and_pays_the_tutor_once() {
    let (store, pool) = pg().await;
    let (student, tutor_user, p) = seed_tutor(&store).await;
    let b = Booking {
        price: dec("150000.00"),
        platform_fee: dec("22500.00"),
        total_amount: dec("157500.00"),
        ..booking(student.id, p.id, at(2026, 12, 1, 2, 0), 60)
    };
    let other = booking(student.id, p.id, at(2026, 12, 1, 4, 0), 60);
    let w = Wallet {
        balance: dec("1000.00"),
        ..wallet(tutor_user.id)
    };
    // The student's wallet must not be touched.
    let sw = Wallet {
        balance: dec("5.00"),
        ..wallet(student.id)
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_booking(&b).await.unwrap();
    tx.insert_booking(&other).await.unwrap();
    tx.insert_wallet(&w).await.unwrap();
    tx.insert_wallet(&sw).await.unwrap();
    tx.commit().await.unwrap();

    let script = with_id(ESCROW_RELEASE, "booking-uuid", b.id);
    assert_eq!(script.matches(&b.id.to_string()).count(), 3);
    let before = Utc::now() - Duration::seconds(5);
    sqlx::raw_sql(sqlx::AssertSqlSafe(script))
        .execute(&pool)
        .await
        .expect("the escrow release script");

    let mut tx = store.begin().await.unwrap();
    let got = tx.get_booking(b.id).await.unwrap().unwrap();
    assert_eq!(got.status, BookingStatus::Completed);
    assert!(got.updated_at > before, "NOW(): {}", got.updated_at);
    assert_eq!(
        Booking {
            status: b.status,
            updated_at: b.updated_at,
            ..got
        },
        b
    );
    assert_eq!(tx.get_booking(other.id).await.unwrap(), Some(other.clone()));
    let entries = tx.list_booking_ledger_entries(b.id).await.unwrap();
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(
        (
            e.wallet_id,
            e.entry_type,
            e.amount.to_string(),
            e.booking_id,
            e.reference_id.clone(),
            e.meta.clone()
        ),
        (
            w.id,
            Some(LedgerEntryType::ReleaseToTutor),
            "127500".to_string(),
            Some(b.id),
            None,
            None
        )
    );
    assert!(e.created_at > before);
    assert_eq!(
        tx.list_all_ledger_entries().await.unwrap(),
        vec![MovementEntry {
            entry: e.clone(),
            movement_id: None,
            package_purchase_id: None,
        }]
    );
    let wallet_now = tx.get_wallet(w.id).await.unwrap().unwrap();
    assert_eq!(wallet_now.balance.to_string(), "128500");
    assert_eq!(
        tx.get_wallet(sw.id).await.unwrap().unwrap().balance,
        dec("5.00")
    );
}
