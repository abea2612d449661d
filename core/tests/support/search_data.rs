//! A deterministic marketplace of `n` tutors for search tests and benches: the same ids and the
//! same rows on every run and every backend. Prices straddle digit counts (9,999.99 … 1,000,000)
//! so that text order would be wrong; ratings, lesson counts and creation times repeat so that
//! ties need the id; text mixes Indonesian words with diacritics, punctuation, FTS operators
//! and non-Latin script; some tutors, offerings, subjects and accounts are not bookable.

#![allow(dead_code)]

use blajarplus::store::{ScheduleRepo, Store, SubjectRepo, TutorRepo, UserRepo};
use blajarplus::types::*;
use chrono::{DateTime, Duration, NaiveTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

/// Search tests' "now": Wednesday 2026-11-25 08:00 in Jakarta.
pub fn now() -> DateTime<Utc> {
    "2026-11-25T01:00:00Z".parse().unwrap()
}

/// xorshift64*: tiny, deterministic, good enough to spread test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

pub const SUBJECTS: &[(&str, &str, bool)] = &[
    ("Matematika", "matematika", true),
    ("Fisika", "fisika", true),
    ("Kimia", "kimia", true),
    ("Bahasa Inggris", "bahasa-inggris", true),
    ("Bahasa Jepang 日本語", "bahasa-jepang", true),
    ("Pemrograman C++ & Python", "pemrograman", true),
    ("Musik: Piano/Gitar", "musik", true),
    ("Biologi", "biologi", false),
];

pub const CITIES: &[Option<&str>] = &[
    Some("Jakarta"),
    Some("jakarta"),
    Some("Jakarta Selatan"),
    Some("Bandung"),
    Some("Surabaya"),
    Some("Yogyakarta"),
    Some("Dénpasar"),
    Some("Medan"),
    None,
];

const HEADLINE_WORDS: &[&str] = &[
    "Guru",
    "Tutor",
    "Les privat",
    "Pengajar",
    "berpengalaman",
    "sabar",
    "ramah",
    "Matematika",
    "Fisika",
    "UTBK",
    "IELTS",
    "TOEFL",
    "café",
    "naïve",
    "Ümit",
    "O'Brien",
    "C++",
    "\"quoted\"",
    "AND",
    "NEAR",
    "e-mail",
    "1e10e",
    "3.5",
    "日本語",
    "kuliah",
    "SD",
    "SMP",
    "SMA",
    "anak-anak",
    "quran",
];

const BIO_WORDS: &[&str] = &[
    "saya",
    "mengajar",
    "sejak",
    "tahun",
    "lulusan",
    "ITB",
    "UI",
    "UGM",
    "metode",
    "menyenangkan",
    "latihan",
    "soal",
    "olimpiade",
    "persiapan",
    "ujian",
    "nasional",
    "CAFÉ",
    "crème",
    "brûlée",
    "Straße",
    "*",
    "-",
    "NOT",
    "OR",
    "col:val",
    "a&b",
    "(x)",
    "İstanbul",
    "ＦＵＬＬ",
    "²",
    "😀",
    "matematika",
    "bahasa",
    "inggris",
    "online",
    "offline",
    "Jakarta",
];

const PRICES: &[i64] = &[
    999_999,
    5_000_000,
    7_500_000,
    9_999_999,
    10_000_000,
    12_500_050,
    15_000_000,
    20_000_000,
    25_000_000,
    100_000_000,
];

const ZONES: &[&str] = &["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"];

fn id(kind: u128, n: u128) -> Uuid {
    // Version-7-shaped so ids sort like real ones; `kind` keeps entity ids apart.
    Uuid::from_u128((0x0190_0000_0000_7000_8000_0000_0000_0000u128) | (kind << 64) | n)
}

fn sentence(rng: &mut Rng, words: &[&str], min: u64, max: u64) -> String {
    let n = min + rng.below(max - min + 1);
    (0..n)
        .map(|_| *rng.pick(words))
        .collect::<Vec<_>>()
        .join(" ")
}

fn coordinate(rng: &mut Rng, center: i64, spread: i64) -> Decimal {
    // Six decimals, within ±spread millionths of a degree.
    Decimal::new(center + rng.below(2 * spread as u64) as i64 - spread, 6)
}

/// The ids of the seeded subjects, in [`SUBJECTS`] order.
pub fn subject_ids() -> Vec<SubjectId> {
    (0..SUBJECTS.len() as u128)
        .map(|i| SubjectId::from_uuid(id(1, i)))
        .collect()
}

/// Writes the marketplace (everything but search documents) in one transaction.
pub async fn seed(store: &Store, n: usize) {
    let mut rng = Rng::new(0x005E_EDB1_A7A4);
    let now = now();
    let t0 = now - Duration::days(400);
    let mut tx = store.begin().await.unwrap();
    for (i, (name, slug, active)) in SUBJECTS.iter().enumerate() {
        tx.insert_subject(&Subject {
            id: SubjectId::from_uuid(id(1, i as u128)),
            name: name.to_string(),
            slug: slug.to_string(),
            category_id: None,
            is_active: *active,
            created_at: t0,
            updated_at: t0,
        })
        .await
        .unwrap();
    }
    let subjects = subject_ids();
    for i in 0..n as u128 {
        let user_id = UserId::from_uuid(id(2, i));
        let created = t0 + Duration::minutes(rng.below(60) as i64) + Duration::days((i % 7) as i64);
        tx.insert_user(&User {
            id: user_id,
            email: Some(format!("tutor{i}@example.id")),
            phone: None,
            password_hash: None,
            full_name: format!(
                "Tutor {i:03} {}",
                rng.pick(&["Wijaya", "Santoso", "Ümit", "O'Brien"])
            ),
            avatar_url: None,
            gender: None,
            birthdate: None,
            role: Role::Tutor,
            status: if rng.chance(4) {
                UserStatus::Suspended
            } else {
                UserStatus::Active
            },
            last_login_at: None,
            created_at: created,
            updated_at: created,
            deleted_at: None,
        })
        .await
        .unwrap();
        let profile_id = TutorProfileId::from_uuid(id(3, i));
        let modes = match rng.below(4) {
            0 => vec![TeachingMode::Online],
            1 => vec![TeachingMode::Offline],
            2 => vec![TeachingMode::Online, TeachingMode::Offline],
            _ => vec![TeachingMode::Both],
        };
        let status = match rng.below(20) {
            0 => TutorStatus::Draft,
            1 => TutorStatus::Inactive,
            2 => TutorStatus::Banned,
            _ => TutorStatus::Active,
        };
        let rating = Decimal::new(rng.below(51) as i64, 1);
        tx.insert_tutor_profile(&TutorProfile {
            id: profile_id,
            user_id,
            headline: rng
                .chance(90)
                .then(|| sentence(&mut rng, HEADLINE_WORDS, 1, 5)),
            bio: rng.chance(80).then(|| sentence(&mut rng, BIO_WORDS, 3, 25)),
            education: None,
            experience_years: None,
            teaching_modes: modes,
            base_city: rng.pick(CITIES).map(String::from),
            timezone: rng.pick(ZONES).to_string(),
            intro_video_url: None,
            hourly_rate: Decimal::new(*rng.pick(PRICES), 2),
            currency: Currency::IDR,
            is_verified: rng.chance(50),
            verification_status: VerificationStatus::None,
            verification_note: None,
            rating_avg: rating,
            rating_count: if rating.is_zero() {
                0
            } else {
                rng.below(40) as i32
            },
            completed_lessons_count: rng.below(30) as i32,
            response_rate: 0,
            status,
            created_at: created,
            updated_at: created,
            deleted_at: None,
        })
        .await
        .unwrap();
        let mut taught = Vec::new();
        for k in 0..1 + rng.below(3) {
            let subject = *rng.pick(&subjects);
            let level = *rng.pick(Level::ALL);
            if taught.contains(&(subject, level)) {
                continue;
            }
            taught.push((subject, level));
            tx.insert_tutor_subject(&TutorSubject {
                id: TutorSubjectId::from_uuid(id(4, i * 8 + k as u128)),
                tutor_profile_id: profile_id,
                subject_id: subject,
                level: Some(level),
                price_override: rng.chance(40).then(|| Decimal::new(*rng.pick(PRICES), 2)),
                currency: Currency::IDR,
                description: None,
                is_active: rng.chance(90),
                created_at: created,
                updated_at: created,
            })
            .await
            .unwrap();
        }
        if rng.chance(75) {
            let (lat, lng) = if rng.chance(60) {
                (
                    coordinate(&mut rng, -6_200_000, 300_000),
                    coordinate(&mut rng, 106_820_000, 300_000),
                )
            } else {
                (
                    coordinate(&mut rng, -6_910_000, 200_000),
                    coordinate(&mut rng, 107_610_000, 200_000),
                )
            };
            for (k, primary) in [(0u128, rng.chance(85)), (1, false)] {
                tx.insert_address(&UserAddress {
                    id: AddressId::from_uuid(id(5, i * 2 + k)),
                    user_id,
                    label: None,
                    province: None,
                    city: None,
                    district: None,
                    address_detail: None,
                    lat: Some(if k == 0 { lat } else { -lat }),
                    lng: Some(lng),
                    is_primary: primary,
                    created_at: created,
                    updated_at: created,
                })
                .await
                .unwrap();
            }
        }
        for k in 0..rng.below(4) {
            let start = 6 + rng.below(10) as u32;
            let end = start + 1 + rng.below(5) as u32;
            tx.insert_availability(&TutorAvailability {
                id: AvailabilityId::from_uuid(id(6, i * 4 + k as u128)),
                tutor_profile_id: profile_id,
                day_of_week: k as i32 * 2 + rng.below(2) as i32,
                start_time: NaiveTime::from_hms_opt(start, 0, 0).unwrap(),
                end_time: NaiveTime::from_hms_opt(end, 0, 0).unwrap(),
                slot_duration_minutes: 60,
                is_active: rng.chance(95),
                created_at: created,
                updated_at: created,
            })
            .await
            .unwrap();
        }
        if rng.chance(15) {
            let start = now + Duration::days(rng.below(10) as i64);
            tx.insert_time_off(&TutorTimeOff {
                id: TimeOffId::from_uuid(id(7, i)),
                tutor_profile_id: profile_id,
                start_at: start,
                end_at: start + Duration::days(1 + rng.below(6) as i64),
                reason: None,
                created_at: created,
            })
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
}
