//! Tutor search through the facade.
//!
//! - Cross-backend equality: a seeded marketplace of 300 tutors (support/search_data.rs) on
//!   SQLite and on PostgreSQL; every query combination × every sort is paged through on both,
//!   and the pages — items, distances, cursors, totals — must be identical; tricky text inputs
//!   never error and match the same rows on both.
//! - Behaviour, on both backends: documents follow the facade's profile and subject changes,
//!   only bookable tutors appear, filters and sorts hold, availability and distance, paging,
//!   validation and cursor tampering, the admin-only index rebuild.

mod support;

use blajarplus::clock::FixedClock;
use blajarplus::marketplace::*;
use blajarplus::store::*;
use blajarplus::types::*;
use blajarplus::{Actor, Marketplace, search};
use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::sync::Arc;
use support::market::*;
use support::search_data;

const TUTORS: usize = 300;

async fn seeded(store: Store) -> Marketplace {
    search_data::seed(&store, TUTORS).await;
    let m = Marketplace::new(store).with_clock(Arc::new(FixedClock::new(search_data::now())));
    let admin = m
        .bootstrap_admin("Admin Blajarplus", "admin@blajarplus.id")
        .await
        .unwrap();
    let written = m
        .rebuild_search_index(&Actor::admin(admin.id))
        .await
        .unwrap();
    assert_eq!(written, TUTORS as u64);
    m
}

/// Every page of a search, following the cursors.
async fn all_pages(m: &Marketplace, q: &TutorSearch) -> Vec<SearchPage> {
    let mut pages = Vec::new();
    let mut cursor = None;
    loop {
        let page = m
            .search_tutors(TutorSearch {
                cursor,
                ..q.clone()
            })
            .await
            .unwrap_or_else(|e| panic!("{q:?}: {e}"));
        cursor = page.next_cursor.clone();
        pages.push(page);
        if cursor.is_none() || pages.len() > 400 {
            return pages;
        }
    }
}

fn jakarta() -> GeoPoint {
    GeoPoint {
        lat: -6.2,
        lng: 106.82,
    }
}

fn d(v: i64) -> Decimal {
    Decimal::from(v)
}

fn queries() -> Vec<(&'static str, TutorSearch)> {
    let q = TutorSearch::default;
    let monday: DateTime<Utc> = "2026-11-30T00:00:00Z".parse().unwrap();
    vec![
        ("everything", q()),
        (
            "text matematika",
            TutorSearch {
                text: Some("matematika".into()),
                ..q()
            },
        ),
        (
            "text prefix",
            TutorSearch {
                text: Some("guru mat".into()),
                ..q()
            },
        ),
        (
            "text diacritics",
            TutorSearch {
                text: Some("CAFE".into()),
                ..q()
            },
        ),
        (
            "text folded query",
            TutorSearch {
                text: Some("crème brûlée".into()),
                ..q()
            },
        ),
        (
            "text cjk",
            TutorSearch {
                text: Some("日本語".into()),
                ..q()
            },
        ),
        (
            "text c++",
            TutorSearch {
                text: Some("C++".into()),
                ..q()
            },
        ),
        (
            "text operators",
            TutorSearch {
                text: Some("\"quoted\" AND NEAR".into()),
                ..q()
            },
        ),
        (
            "text number",
            TutorSearch {
                text: Some("1e10e 3.5".into()),
                ..q()
            },
        ),
        (
            "text apostrophe",
            TutorSearch {
                text: Some("o'brien".into()),
                ..q()
            },
        ),
        (
            "text subject name",
            TutorSearch {
                text: Some("bahasa ing".into()),
                ..q()
            },
        ),
        (
            "text q",
            TutorSearch {
                text: Some("qur".into()),
                ..q()
            },
        ),
        (
            "subject",
            TutorSearch {
                subject: Some("matematika".into()),
                ..q()
            },
        ),
        (
            "subject level",
            TutorSearch {
                subject: Some("fisika".into()),
                level: Some(Level::Sma),
                ..q()
            },
        ),
        (
            "level",
            TutorSearch {
                level: Some(Level::Sd),
                ..q()
            },
        ),
        (
            "inactive subject",
            TutorSearch {
                subject: Some("biologi".into()),
                ..q()
            },
        ),
        (
            "price range",
            TutorSearch {
                min_price: Some(d(75_000)),
                max_price: Some(d(150_000)),
                ..q()
            },
        ),
        (
            "cheap",
            TutorSearch {
                max_price: Some(Decimal::new(9_999_999, 2)),
                ..q()
            },
        ),
        (
            "dear",
            TutorSearch {
                min_price: Some(Decimal::new(12_500_050, 2)),
                ..q()
            },
        ),
        (
            "city",
            TutorSearch {
                city: Some("JAKARTA".into()),
                ..q()
            },
        ),
        (
            "city diacritics",
            TutorSearch {
                city: Some("denpasar".into()),
                ..q()
            },
        ),
        (
            "rating",
            TutorSearch {
                min_rating: Some(Decimal::new(40, 1)),
                ..q()
            },
        ),
        (
            "verified",
            TutorSearch {
                verified_only: true,
                ..q()
            },
        ),
        (
            "online",
            TutorSearch {
                mode: Some(TeachingMode::Online),
                ..q()
            },
        ),
        (
            "both modes",
            TutorSearch {
                mode: Some(TeachingMode::Both),
                ..q()
            },
        ),
        (
            "near jakarta",
            TutorSearch {
                near: Some(jakarta()),
                radius_km: Some(20.0),
                ..q()
            },
        ),
        (
            "near, no radius",
            TutorSearch {
                near: Some(jakarta()),
                ..q()
            },
        ),
        (
            "far",
            TutorSearch {
                near: Some(jakarta()),
                radius_km: Some(500.0),
                ..q()
            },
        ),
        (
            "available monday",
            TutorSearch {
                available_from: Some(monday),
                available_to: Some(monday + Duration::days(1)),
                ..q()
            },
        ),
        (
            "available week, 2h",
            TutorSearch {
                available_from: Some(monday),
                available_to: Some(monday + Duration::days(7)),
                lesson_minutes: Some(120),
                subject: Some("matematika".into()),
                ..q()
            },
        ),
        (
            "combined",
            TutorSearch {
                text: Some("guru".into()),
                min_rating: Some(d(2)),
                mode: Some(TeachingMode::Online),
                max_price: Some(d(200_000)),
                ..q()
            },
        ),
        (
            "combined geo",
            TutorSearch {
                city: Some("jakarta".into()),
                verified_only: true,
                near: Some(jakarta()),
                radius_km: Some(60.0),
                level: Some(Level::Sma),
                ..q()
            },
        ),
    ]
}

/// Sanity of one full result list: every filter holds and the order is the sort's.
fn check(name: &str, q: &TutorSearch, pages: &[SearchPage]) {
    let items: Vec<&TutorSummary> = pages.iter().flat_map(|p| &p.items).collect();
    let total = pages[0].total;
    assert_eq!(
        items.len() as i64,
        total,
        "{name}: pages add up to the total"
    );
    let ids: HashSet<_> = items.iter().map(|i| i.tutor_profile_id).collect();
    assert_eq!(ids.len(), items.len(), "{name}: no duplicates");
    for p in pages {
        assert!(p.items.len() <= q.limit.unwrap_or(20) as usize);
        assert_eq!(
            p.total, total,
            "{name}: the total is the same on every page"
        );
    }
    for i in &items {
        if let Some(lo) = q.min_price {
            assert!(i.min_price >= lo, "{name}");
        }
        if let Some(hi) = q.max_price {
            assert!(i.min_price <= hi, "{name}");
        }
        if let Some(r) = q.min_rating {
            assert!(i.rating_avg >= r, "{name}");
        }
        if q.verified_only {
            assert!(i.is_verified, "{name}");
        }
        if let Some(r) = q.radius_km {
            assert!(i.distance_km.unwrap() <= r, "{name}");
        }
        if q.near.is_none() {
            assert_eq!(i.distance_km, None, "{name}");
        }
    }
    for w in items.windows(2) {
        let (a, b) = (w[0], w[1]);
        let ok = match q.sort {
            SearchSort::PriceAsc => a.min_price <= b.min_price,
            SearchSort::PriceDesc => a.min_price >= b.min_price,
            SearchSort::Rating => a.rating_avg >= b.rating_avg,
            SearchSort::MostLessons => a.completed_lessons >= b.completed_lessons,
            SearchSort::Newest | SearchSort::Relevance => true,
        };
        assert!(ok, "{name} {:?}: {a:?} before {b:?}", q.sort);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_query_gives_the_same_pages_on_sqlite_and_postgres() {
    let lite = seeded(support::sqlite_store().await).await;
    let pg = seeded(support::pg_store().await).await;
    let mut non_empty = 0;
    let mut combinations = 0;
    for (name, base) in queries() {
        let expensive = base.available_from.is_some();
        for sort in SearchSort::ALL {
            if expensive && !matches!(sort, SearchSort::Relevance | SearchSort::PriceAsc) {
                continue;
            }
            let q = TutorSearch {
                sort: *sort,
                limit: Some(if expensive { 100 } else { 23 }),
                ..base.clone()
            };
            let a = all_pages(&lite, &q).await;
            let b = all_pages(&pg, &q).await;
            assert_eq!(a, b, "{name} sorted by {sort}: SQLite vs PostgreSQL");
            check(name, &q, &a);
            combinations += 1;
            if a[0].total > 0 {
                non_empty += 1;
            }
        }
        // The first page with a small limit too: cursors straight after a tie.
        let q = TutorSearch {
            limit: Some(3),
            ..base.clone()
        };
        let a = lite.search_tutors(q.clone()).await.unwrap();
        assert_eq!(a, pg.search_tutors(q).await.unwrap(), "{name}, limit 3");
    }
    assert!(
        non_empty * 10 >= combinations * 8,
        "most combinations find someone ({non_empty} of {combinations})"
    );
    // The seeded data really exercises the hard parts.
    let everything = all_pages(
        &lite,
        &TutorSearch {
            limit: Some(100),
            ..Default::default()
        },
    )
    .await;
    let total = everything[0].total;
    assert!(
        (150..TUTORS as i64).contains(&total),
        "{total} bookable of {TUTORS}"
    );
}

/// The documented rule, written plainly over every bookable tutor in memory: the filters, the
/// lowest matching price, the relevance of [`search::relevance`], the sort's keys, ties by id.
/// The database's pages must list exactly these tutors in exactly this order.
fn expected(
    q: &TutorSearch,
    all: &[search::Candidate],
    docs: &[SearchDocument],
) -> Vec<(String, Decimal)> {
    use rust_decimal::prelude::ToPrimitive;
    use search::{GeoPoint, haversine_km, query_terms, words};
    let terms = query_terms(q.text.as_deref().unwrap_or(""));
    let city = q.city.as_deref().map(words).filter(|w| !w.is_empty());
    let teaches = |modes: &[TeachingMode], m: TeachingMode| {
        modes.contains(&m) || modes.contains(&TeachingMode::Both)
    };
    let mut hits: Vec<(Vec<Decimal>, String, Decimal)> = Vec::new();
    for c in all {
        if q.verified_only && !c.is_verified {
            continue;
        }
        let mode_ok = match q.mode {
            None => true,
            Some(TeachingMode::Both) => {
                teaches(&c.teaching_modes, TeachingMode::Online)
                    && teaches(&c.teaching_modes, TeachingMode::Offline)
            }
            Some(m) => teaches(&c.teaching_modes, m),
        };
        if !mode_ok {
            continue;
        }
        if let Some(city) = &city
            && c.city.as_deref().map(words).as_ref() != Some(city)
        {
            continue;
        }
        if q.min_rating.is_some_and(|r| c.rating_avg < r) {
            continue;
        }
        let Some(price) = c
            .offerings
            .iter()
            .filter(|o| q.subject.as_ref().is_none_or(|s| *s == o.subject_slug))
            .filter(|o| q.level.is_none_or(|l| o.level == Some(l)))
            .map(|o| o.price_override.unwrap_or(c.hourly_rate))
            .filter(|p| q.min_price.is_none_or(|lo| *p >= lo))
            .filter(|p| q.max_price.is_none_or(|hi| *p <= hi))
            .min()
        else {
            continue;
        };
        if let (Some(p), Some(r)) = (q.near, q.radius_km) {
            let Some((lat, lng)) = c.location else {
                continue;
            };
            let at = GeoPoint {
                lat: lat.normalize().to_f64().unwrap(),
                lng: lng.normalize().to_f64().unwrap(),
            };
            if haversine_km(p, at) > r {
                continue;
            }
        }
        let relevance = if terms.is_empty() {
            0
        } else {
            let Some(doc) = docs.iter().find(|d| d.tutor_profile_id == c.id) else {
                continue;
            };
            let Some(score) = search::relevance(&terms, &doc.terms()) else {
                continue;
            };
            score
        };
        let n = |v: i64| Decimal::from(v);
        let (rating, count, lessons) = (
            c.rating_avg,
            n(c.rating_count.into()),
            n(c.completed_lessons.into()),
        );
        // Every key ascending: "best first" is the negated value.
        let key = match q.sort {
            SearchSort::Relevance => vec![-n(relevance.into()), -rating, -count, -lessons],
            SearchSort::Rating => vec![-rating, -count, -lessons],
            SearchSort::PriceAsc => vec![price],
            SearchSort::PriceDesc => vec![-price],
            SearchSort::MostLessons => vec![-lessons, -rating],
            SearchSort::Newest => vec![-n(c.created_at.timestamp_micros())],
        };
        hits.push((key, c.id.to_string(), price.normalize()));
    }
    hits.sort();
    hits.into_iter().map(|(_, id, price)| (id, price)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_database_pages_follow_the_documented_rule() {
    for store in [support::sqlite_store().await, support::pg_store().await] {
        let m = seeded(store.clone()).await;
        let mut ids: Vec<TutorProfileId> = Vec::new();
        for page in all_pages(
            &m,
            &TutorSearch {
                limit: Some(100),
                ..Default::default()
            },
        )
        .await
        {
            ids.extend(page.items.iter().map(|i| i.tutor_profile_id));
        }
        let mut tx = store.begin_read().await.unwrap();
        let all = tx.bookable_candidates(&ids).await.unwrap();
        assert_eq!(all.len(), ids.len());
        let docs = tx.search_documents(&ids).await.unwrap();
        tx.rollback().await.unwrap();
        let mut checked = 0;
        for (name, base) in queries() {
            if base.available_from.is_some() {
                continue;
            }
            for sort in SearchSort::ALL {
                let q = TutorSearch {
                    sort: *sort,
                    limit: Some(7),
                    ..base.clone()
                };
                let got: Vec<(String, Decimal)> = all_pages(&m, &q)
                    .await
                    .iter()
                    .flat_map(|p| &p.items)
                    .map(|i| (i.tutor_profile_id.to_string(), i.min_price))
                    .collect();
                assert_eq!(
                    got,
                    expected(&q, &all, &docs),
                    "{name} by {sort} on {:?}",
                    store.backend()
                );
                checked += got.len();
            }
        }
        assert!(
            checked > 1000,
            "the queries find enough tutors to mean something: {checked}"
        );
    }
}

/// An availability search reads its page's calendars in batches: the tutors it finds are
/// exactly those whose own `available_slots` has a slot in the window, on both databases.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn availability_search_agrees_with_each_tutors_slots() {
    let monday: DateTime<Utc> = "2026-11-30T00:00:00Z".parse().unwrap();
    for store in [support::sqlite_store().await, support::pg_store().await] {
        let m = seeded(store).await;
        let everyone: Vec<TutorProfileId> = all_pages(
            &m,
            &TutorSearch {
                limit: Some(100),
                ..Default::default()
            },
        )
        .await
        .iter()
        .flat_map(|p| p.items.iter().map(|i| i.tutor_profile_id))
        .collect();
        for (hours, minutes) in [(24, 60), (7 * 24, 120)] {
            let (from, to) = (monday, monday + Duration::hours(hours));
            let mut want = HashSet::new();
            for id in &everyone {
                if !m
                    .available_slots(*id, from, to, minutes)
                    .await
                    .unwrap()
                    .is_empty()
                {
                    want.insert(*id);
                }
            }
            let q = TutorSearch {
                available_from: Some(from),
                available_to: Some(to),
                lesson_minutes: Some(minutes),
                limit: Some(7),
                ..Default::default()
            };
            let got: HashSet<TutorProfileId> = all_pages(&m, &q)
                .await
                .iter()
                .flat_map(|p| p.items.iter().map(|i| i.tutor_profile_id))
                .collect();
            assert_eq!(got, want, "{hours} h, {minutes} min");
            assert!(
                !want.is_empty() && want.len() < everyone.len(),
                "the window tells tutors apart"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn tricky_text_never_errors_and_matches_the_same_tutors_on_both() {
    let lite = seeded(support::sqlite_store().await).await;
    let pg = seeded(support::pg_store().await).await;
    let long = "matematika ".repeat(18);
    let inputs = [
        "",
        " ",
        "*",
        "**",
        "\"",
        "\"\"",
        "'",
        "''",
        "\\",
        "-",
        "--",
        "+",
        ":",
        ":*",
        "&",
        "|",
        "!",
        "<->",
        "(",
        ")",
        "()",
        "^",
        "~",
        "%",
        "_",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(guru sabar)",
        "guru AND",
        "AND guru",
        "guru OR sabar",
        "guru NOT sabar",
        "-sabar",
        "guru -sabar",
        "\"guru sabar\"",
        "guru*",
        "gu*ru",
        "col:val",
        "headline:guru",
        "a&b",
        "x | y",
        "!guru",
        "guru:*",
        "guru & sabar",
        "'guru'",
        "O'Brien",
        "o’brien",
        "e-mail",
        "1e10e",
        "1e10",
        "3.5",
        "²",
        "2",
        "ＦＵＬＬ",
        "full",
        "İstanbul",
        "istanbul",
        "STRASSE",
        "straße",
        "strasse",
        "café",
        "CAFÉ",
        "cafe\u{301}",
        "naïve",
        "ümit",
        "UMIT",
        "日本語",
        "日本",
        "日",
        "😀",
        "😀 guru",
        "\u{0}",
        "\u{200b}guru",
        "guru\u{fffd}",
        "Ω",
        "q",
        "qq",
        "quran",
        "w",
        "wguru",
        "c++",
        "C#",
        "@guru",
        "#1",
        "$1",
        "$",
        "%guru%",
        "guru;DROP TABLE users",
        long.as_str(),
    ];
    for text in inputs {
        for sort in [SearchSort::Relevance, SearchSort::Newest] {
            let q = TutorSearch {
                text: Some(text.to_string()),
                sort,
                limit: Some(100),
                ..Default::default()
            };
            let a = all_pages(&lite, &q).await;
            let b = all_pages(&pg, &q).await;
            assert_eq!(a, b, "{text:?} sorted by {sort}");
        }
    }
    // The index only finds: on each backend, the text search finds exactly the bookable tutors
    // whose document the Rust rule matches (no tutor lost by either database's index).
    for m in [&lite, &pg] {
        let everyone: Vec<TutorProfileId> = all_pages(
            m,
            &TutorSearch {
                limit: Some(100),
                ..Default::default()
            },
        )
        .await
        .iter()
        .flat_map(|p| p.items.iter().map(|i| i.tutor_profile_id))
        .collect();
        let mut tx = m.store().begin().await.unwrap();
        let docs = tx.search_documents(&everyone).await.unwrap();
        tx.rollback().await.unwrap();
        for text in inputs {
            let terms = search::query_terms(text);
            let mut want: Vec<TutorProfileId> = docs
                .iter()
                .filter(|d| terms.is_empty() || search::relevance(&terms, &d.terms()).is_some())
                .map(|d| d.tutor_profile_id)
                .collect();
            let q = TutorSearch {
                text: Some(text.to_string()),
                sort: SearchSort::Newest,
                limit: Some(100),
                ..Default::default()
            };
            let mut got: Vec<TutorProfileId> = all_pages(m, &q)
                .await
                .iter()
                .flat_map(|p| p.items.iter().map(|i| i.tutor_profile_id))
                .collect();
            want.sort();
            got.sort();
            assert_eq!(got, want, "{text:?} on {:?}", m.store().backend());
        }
    }
    // Spot checks of the matching rule itself.
    let count = |text: &str| {
        let m = lite.clone();
        let text = text.to_string();
        async move {
            m.search_tutors(TutorSearch {
                text: Some(text),
                ..Default::default()
            })
            .await
            .unwrap()
            .total
        }
    };
    assert_eq!(count("café").await, count("CAFE").await);
    assert_eq!(count("cafe\u{301}").await, count("cafe").await);
    assert_eq!(count("ümit").await, count("UMIT").await);
    assert_eq!(count("ＦＵＬＬ").await, count("full").await);
    assert!(count("日本語").await > 0);
    assert!(count("qur").await > 0, "a prefix of quran");
    assert_eq!(
        count("").await,
        count("***").await,
        "no words: no text filter"
    );
}

async fn facade_documents_follow_profile_and_subject_changes(store: Store) {
    let w = world(store).await;
    let find = |text: &str| {
        let m = w.m.clone();
        let text = text.to_string();
        async move {
            m.search_tutors(TutorSearch {
                text: Some(text),
                ..Default::default()
            })
            .await
            .unwrap()
        }
    };
    // world()'s tutor: headline "Guru Matematika", teaches Matematika.
    let page = find("guru").await;
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].tutor_profile_id, w.profile.id);
    assert_eq!(page.items[0].subjects, vec!["Matematika".to_string()]);
    assert_eq!(page.items[0].min_price, Decimal::from(150_000));
    assert_eq!(find("MATEM").await.total, 1, "prefix, case-insensitive");
    assert_eq!(find("biologi").await.total, 0);

    // A new subject is searchable as soon as it is taught.
    let bio =
        w.m.create_subject(&w.admin, "Biologi Sel", None)
            .await
            .unwrap();
    w.m.add_tutor_subject(
        &w.tutor,
        NewTutorSubject {
            subject_id: bio.id,
            level: Level::University,
            price_override: Some(Decimal::from(90_000)),
            description: None,
        },
    )
    .await
    .unwrap();
    let page = find("biologi sel").await;
    assert_eq!(page.total, 1);
    assert_eq!(
        page.items[0].subjects,
        vec!["Biologi Sel".to_string(), "Matematika".to_string()]
    );
    assert_eq!(
        page.items[0].min_price,
        Decimal::from(90_000),
        "the override is cheaper"
    );

    // A second tutor, still a draft: not bookable, not found.
    let u =
        w.m.register_user(NewUser {
            role: Role::Tutor,
            full_name: "Sari Dewi".into(),
            email: Some("sari@example.id".into()),
            phone: None,
            password: None,
        })
        .await
        .unwrap();
    let sari = Actor::tutor(u.id);
    w.m.create_tutor_profile(
        &sari,
        NewTutorProfile {
            headline: Some("Guru Fisika yang sabar".into()),
            bio: Some("Lulusan ITB, mengajar sejak 2015.".into()),
            teaching_modes: vec![TeachingMode::Online],
            hourly_rate: Decimal::from(120_000),
            ..NewTutorProfile::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(find("sabar").await.total, 0, "a draft profile is hidden");
    assert_eq!(find("guru").await.total, 1);
    assert_search_is_fresh(&w.m, &w.admin).await;
}

/// The search table and the documents' per-tutor values are what a rebuild makes of the
/// tables as they are now: the same pages before and after
/// [`Marketplace::rebuild_search_index`], for every order, with and without text.
async fn assert_search_is_fresh(m: &Marketplace, admin: &Actor) {
    let mut searches = Vec::new();
    for sort in SearchSort::ALL {
        for text in [None, Some("matematika"), Some("guru")] {
            // Pages of one: every cursor carries a key, so a stale rank shows.
            searches.push(TutorSearch {
                text: text.map(String::from),
                sort: *sort,
                limit: Some(1),
                ..Default::default()
            });
        }
    }
    let mut before = Vec::new();
    for q in &searches {
        before.push(all_pages(m, q).await);
    }
    m.rebuild_search_index(admin).await.unwrap();
    for (q, b) in searches.iter().zip(before) {
        assert_eq!(all_pages(m, q).await, b, "{q:?}: stale before the rebuild");
    }
}

async fn only_bookable_tutors_appear(store: Store) {
    let w = world(store).await;
    // Every step below is checked with and without text (documents and search rows), and
    // against a rebuild.
    let all = |m: Marketplace| async move {
        let plain = m.search_tutors(TutorSearch::default()).await.unwrap();
        let text = m
            .search_tutors(TutorSearch {
                text: Some("matematika".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(plain.total, text.total, "the documents agree with the rows");
        plain
    };
    assert_eq!(all(w.m.clone()).await.total, 1);
    assert_search_is_fresh(&w.m, &w.admin).await;

    // An inactive offering: no active subject left, so hidden.
    let mut tx = w.m.store().begin().await.unwrap();
    let mut ts = tx.get_tutor_subject(w.teaches.id).await.unwrap().unwrap();
    ts.is_active = false;
    tx.update_tutor_subject(&ts).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(all(w.m.clone()).await.total, 0);
    assert_search_is_fresh(&w.m, &w.admin).await;

    // Active again, but the subject itself inactive: hidden.
    let mut tx = w.m.store().begin().await.unwrap();
    ts.is_active = true;
    tx.update_tutor_subject(&ts).await.unwrap();
    let mut s = tx.get_subject(ts.subject_id).await.unwrap().unwrap();
    s.is_active = false;
    tx.update_subject(&s).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(all(w.m.clone()).await.total, 0);
    assert_search_is_fresh(&w.m, &w.admin).await;

    // Subject back; the profile banned: hidden.
    let mut tx = w.m.store().begin().await.unwrap();
    s.is_active = true;
    tx.update_subject(&s).await.unwrap();
    let mut p = tx.get_tutor_profile(w.profile.id).await.unwrap().unwrap();
    p.status = TutorStatus::Banned;
    tx.update_tutor_profile(&p).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(all(w.m.clone()).await.total, 0);
    assert_search_is_fresh(&w.m, &w.admin).await;

    // Active profile of a suspended account: hidden.
    let mut tx = w.m.store().begin().await.unwrap();
    p.status = TutorStatus::Active;
    tx.update_tutor_profile(&p).await.unwrap();
    let mut u = tx.get_user(w.tutor.user_id).await.unwrap().unwrap();
    u.status = UserStatus::Suspended;
    tx.update_user(&u).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(all(w.m.clone()).await.total, 0);
    assert_search_is_fresh(&w.m, &w.admin).await;

    // The account active again, then its only offering deleted: hidden (the search row goes
    // by cascade, the document's values at commit).
    let mut tx = w.m.store().begin().await.unwrap();
    u.status = UserStatus::Active;
    tx.update_user(&u).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(all(w.m.clone()).await.total, 1);
    let mut tx = w.m.store().begin().await.unwrap();
    assert!(tx.delete_tutor_subject(ts.id).await.unwrap());
    tx.commit().await.unwrap();
    assert_eq!(all(w.m.clone()).await.total, 0);
    assert_search_is_fresh(&w.m, &w.admin).await;
}

async fn rating_filter_and_sort_use_the_maintained_rating(store: Store) {
    let w = world(store).await;
    let cat = None;
    let subject = w.m.create_subject(&w.admin, "Kimia", cat).await.unwrap();
    let (_, other, _) = tutor(&w.m, "dewi@example.id", subject.id).await;
    let mut tx = w.m.store().begin().await.unwrap();
    for (id, avg, count) in [(w.profile.id, 45, 10), (other.id, 48, 2)] {
        let mut p = tx.get_tutor_profile(id).await.unwrap().unwrap();
        p.rating_avg = Decimal::new(avg, 1);
        p.rating_count = count;
        tx.update_tutor_profile(&p).await.unwrap();
    }
    tx.commit().await.unwrap();
    let page =
        w.m.search_tutors(TutorSearch {
            sort: SearchSort::Rating,
            min_rating: Some(Decimal::new(45, 1)),
            ..Default::default()
        })
        .await
        .unwrap();
    let got: Vec<_> = page
        .items
        .iter()
        .map(|i| (i.tutor_profile_id, i.rating_avg))
        .collect();
    assert_eq!(
        got,
        vec![
            (other.id, Decimal::new(48, 1)),
            (w.profile.id, Decimal::new(45, 1))
        ]
    );
    let page =
        w.m.search_tutors(TutorSearch {
            min_rating: Some(Decimal::new(46, 1)),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    assert_search_is_fresh(&w.m, &w.admin).await;

    // A completed lesson is counted in place (no rewrite of the rows): still fresh, and the
    // most-lessons order sees it.
    let done = paid_booking(&w, monday_16()).await;
    w.clock.set(monday_16() + Duration::hours(2));
    w.m.confirm_lesson(&w.student, done.id).await.unwrap();
    let top =
        w.m.search_tutors(TutorSearch {
            sort: SearchSort::MostLessons,
            ..Default::default()
        })
        .await
        .unwrap();
    let rina = top
        .items
        .iter()
        .find(|i| i.tutor_profile_id == w.profile.id)
        .unwrap();
    assert_eq!(rina.completed_lessons, 1);
    assert_search_is_fresh(&w.m, &w.admin).await;
}

async fn availability_window_uses_the_tutors_calendar(store: Store) {
    let w = world(store).await;
    let window = |from: DateTime<Utc>, hours: i64| TutorSearch {
        available_from: Some(from),
        available_to: Some(from + Duration::hours(hours)),
        ..Default::default()
    };
    // Teaches Monday–Friday 16:00–20:00 Jakarta (09:00–13:00 UTC).
    let saturday: DateTime<Utc> = "2026-11-28T00:00:00Z".parse().unwrap();
    assert_eq!(
        w.m.search_tutors(window(saturday, 24)).await.unwrap().total,
        0
    );
    assert_eq!(
        w.m.search_tutors(window(monday_16(), 1))
            .await
            .unwrap()
            .total,
        1
    );
    // A time-off over all of Monday's hours empties that window.
    w.m.add_time_off(
        &w.tutor,
        monday_16() - Duration::hours(1),
        monday_16() + Duration::hours(5),
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        w.m.search_tutors(window(monday_16(), 4))
            .await
            .unwrap()
            .total,
        0
    );
    // A three-hour lesson cannot fit before 20:00 if it must start after 18:00.
    let late = TutorSearch {
        lesson_minutes: Some(180),
        ..window(monday_16() + Duration::days(1) + Duration::hours(2), 2)
    };
    assert_eq!(w.m.search_tutors(late).await.unwrap().total, 0);
    let early = TutorSearch {
        lesson_minutes: Some(180),
        ..window(monday_16() + Duration::days(1), 2)
    };
    assert_eq!(w.m.search_tutors(early).await.unwrap().total, 1);
}

async fn near_a_point_uses_the_primary_address(store: Store) {
    let w = world(store).await;
    let now = w.m.now();
    let mut tx = w.m.store().begin().await.unwrap();
    for (primary, lat, lng) in [
        (false, -6_175_400, 106_827_200),
        (true, -6_902_500, 107_618_800),
    ] {
        tx.insert_address(&UserAddress {
            id: AddressId::new(),
            user_id: w.tutor.user_id,
            label: None,
            province: None,
            city: None,
            district: None,
            address_detail: None,
            lat: Some(Decimal::new(lat, 6)),
            lng: Some(Decimal::new(lng, 6)),
            is_primary: primary,
            created_at: now,
            updated_at: now,
        })
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let monas = GeoPoint {
        lat: -6.1754,
        lng: 106.8272,
    };
    let near = |radius: Option<f64>| TutorSearch {
        near: Some(monas),
        radius_km: radius,
        ..Default::default()
    };
    // The primary address is in Bandung, ~119 km from Monas.
    assert_eq!(w.m.search_tutors(near(Some(50.0))).await.unwrap().total, 0);
    let page = w.m.search_tutors(near(Some(150.0))).await.unwrap();
    let d = page.items[0].distance_km.unwrap();
    assert!((d - 119.3).abs() < 1.0, "{d}");
    let page = w.m.search_tutors(near(None)).await.unwrap();
    assert_eq!(
        page.items[0].distance_km,
        Some(d),
        "no radius: distance only"
    );
    assert_eq!(
        w.m.search_tutors(TutorSearch::default())
            .await
            .unwrap()
            .items[0]
            .distance_km,
        None
    );
}

async fn paging_is_stable_and_cursors_are_checked(store: Store) {
    let w = world(store).await;
    let subject = w.teaches.subject_id;
    for i in 0..6 {
        tutor(&w.m, &format!("t{i}@example.id"), subject).await;
    }
    let q = TutorSearch {
        sort: SearchSort::PriceAsc,
        limit: Some(3),
        ..Default::default()
    };
    let first = w.m.search_tutors(q.clone()).await.unwrap();
    assert_eq!((first.items.len(), first.total), (3, 7));
    let cursor = first.next_cursor.clone().unwrap();
    let second =
        w.m.search_tutors(TutorSearch {
            cursor: Some(cursor.clone()),
            ..q.clone()
        })
        .await
        .unwrap();
    let third =
        w.m.search_tutors(TutorSearch {
            cursor: second.next_cursor.clone(),
            ..q.clone()
        })
        .await
        .unwrap();
    assert_eq!(
        (
            second.items.len(),
            third.items.len(),
            third.next_cursor.clone()
        ),
        (3, 1, None)
    );
    // All prices are equal: the order is the id.
    let ids: Vec<_> = [&first, &second, &third]
        .iter()
        .flat_map(|p| p.items.iter().map(|i| i.tutor_profile_id))
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);

    // A tampered cursor, a truncated one, and one from another search: validation on cursor.
    let mut tampered: Vec<char> = cursor.chars().collect();
    tampered[5] = if tampered[5] == 'A' { 'B' } else { 'A' };
    for bad in [
        tampered.into_iter().collect::<String>(),
        cursor[..cursor.len() - 2].to_string(),
        "!!".to_string(),
    ] {
        let err =
            w.m.search_tutors(TutorSearch {
                cursor: Some(bad),
                ..q.clone()
            })
            .await
            .unwrap_err();
        assert_eq!((err.code(), err.field()), ("validation", Some("cursor")));
    }
    let err =
        w.m.search_tutors(TutorSearch {
            cursor: Some(cursor),
            sort: SearchSort::PriceDesc,
            ..q
        })
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("cursor"));
}

async fn bad_input_is_a_validation_error_naming_the_field(store: Store) {
    let w = world(store).await;
    let cases = [
        (
            TutorSearch {
                min_price: Some(Decimal::from(-1)),
                ..Default::default()
            },
            "min_price",
        ),
        (
            TutorSearch {
                min_price: Some(Decimal::from(10)),
                max_price: Some(Decimal::from(5)),
                ..Default::default()
            },
            "max_price",
        ),
        (
            TutorSearch {
                min_rating: Some(Decimal::from(6)),
                ..Default::default()
            },
            "min_rating",
        ),
        (
            TutorSearch {
                radius_km: Some(3.0),
                ..Default::default()
            },
            "radius_km",
        ),
        (
            TutorSearch {
                near: Some(GeoPoint { lat: 0.0, lng: 0.0 }),
                radius_km: Some(-1.0),
                ..Default::default()
            },
            "radius_km",
        ),
        (
            TutorSearch {
                near: Some(GeoPoint {
                    lat: -95.0,
                    lng: 0.0,
                }),
                ..Default::default()
            },
            "lat",
        ),
        (
            TutorSearch {
                near: Some(GeoPoint {
                    lat: 0.0,
                    lng: 200.0,
                }),
                ..Default::default()
            },
            "lng",
        ),
        (
            TutorSearch {
                available_from: Some(monday_16()),
                available_to: Some(monday_16() - Duration::hours(1)),
                ..Default::default()
            },
            "available_to",
        ),
        (
            TutorSearch {
                available_from: Some(monday_16()),
                available_to: Some(monday_16() + Duration::days(90)),
                ..Default::default()
            },
            "available_to",
        ),
        (
            TutorSearch {
                limit: Some(0),
                ..Default::default()
            },
            "limit",
        ),
        (
            TutorSearch {
                cursor: Some("garbage".into()),
                ..Default::default()
            },
            "cursor",
        ),
    ];
    for (q, field) in cases {
        let err = w.m.search_tutors(q.clone()).await.unwrap_err();
        assert_eq!(
            (err.code(), err.field()),
            ("validation", Some(field)),
            "{q:?}"
        );
    }
    let err = "cheapest".parse::<SearchSort>().unwrap_err();
    assert_eq!((err.code(), err.field()), ("validation", Some("sort")));
}

async fn rebuilding_the_index_is_for_admins_and_picks_up_outside_writes(store: Store) {
    let w = world(store).await;
    let err = w.m.rebuild_search_index(&w.student).await.unwrap_err();
    assert_eq!(err.code(), "forbidden");
    // Another tool edits the headline behind the library's back.
    let mut tx = w.m.store().begin().await.unwrap();
    let mut p = tx.get_tutor_profile(w.profile.id).await.unwrap().unwrap();
    p.headline = Some("Mentor Olimpiade".into());
    tx.update_tutor_profile(&p).await.unwrap();
    tx.commit().await.unwrap();
    let find = |text: &str| TutorSearch {
        text: Some(text.into()),
        ..Default::default()
    };
    assert_eq!(w.m.search_tutors(find("olimpiade")).await.unwrap().total, 0);
    assert_eq!(w.m.rebuild_search_index(&w.admin).await.unwrap(), 1);
    assert_eq!(w.m.search_tutors(find("olimpiade")).await.unwrap().total, 1);
    assert_eq!(w.m.search_tutors(find("guru")).await.unwrap().total, 0);
}

/// The set-based rebuild reads profiles in pages: every profile exactly once, in id order,
/// each with the names of the subjects it actively teaches as the per-tutor path reads them
/// (active offerings of active subjects, oldest offering first).
async fn document_sources_page_through_every_profile(store: Store) {
    let m = seeded(store).await;
    let mut tx = m.store().begin().await.unwrap();
    let mut after = None;
    let mut seen = Vec::new();
    loop {
        let page = tx.document_sources(after, 7).await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.tutor_profile_id);
        for src in page {
            let mut expected = Vec::new();
            for ts in tx.list_tutor_subjects(src.tutor_profile_id).await.unwrap() {
                let subject = tx.get_subject(ts.subject_id).await.unwrap().unwrap();
                if ts.is_active && subject.is_active {
                    expected.push(subject.name);
                }
            }
            assert_eq!(src.subjects, expected, "{}", src.tutor_profile_id);
            let p = tx
                .get_tutor_profile(src.tutor_profile_id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!((src.headline, src.bio), (p.headline, p.bio));
            seen.push(src.tutor_profile_id);
        }
    }
    assert_eq!(seen.len(), TUTORS);
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "id order, no repeats");
}

/// SQLite's full-text index follows its documents one row each through inserts, updates
/// (the rebuild rewrites every document) and deletes, found by tutor through its id map
/// (migration 0008) rather than by scanning the index.
#[tokio::test]
async fn the_sqlite_full_text_index_keeps_one_row_per_document() {
    use sqlx::Connection;
    let (store, dir) = support::sqlite_file_store().await;
    // `seeded` inserts every document, then the rebuild updates them all.
    let m = seeded(store).await;
    let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}/test.db", dir.path()))
        .await
        .unwrap();
    let mut count = async |sql: &'static str| -> i64 {
        sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
    };
    let linked = "SELECT COUNT(*) FROM tutor_search_documents d \
                  JOIN tutor_search_documents_fts_ids i ON i.tutor_profile_id = d.tutor_profile_id \
                  JOIN tutor_search_documents_fts f ON f.rowid = i.fts_rowid \
                  AND f.tutor_profile_id = d.tutor_profile_id";
    for sql in [
        "SELECT COUNT(*) FROM tutor_search_documents",
        "SELECT COUNT(*) FROM tutor_search_documents_fts",
        "SELECT COUNT(*) FROM tutor_search_documents_fts_ids",
        linked,
    ] {
        assert_eq!(count(sql).await, TUTORS as i64, "{sql}");
    }
    drop(m);
}

conformance!(
    document_sources_page_through_every_profile,
    facade_documents_follow_profile_and_subject_changes,
    only_bookable_tutors_appear,
    rating_filter_and_sort_use_the_maintained_rating,
    availability_window_uses_the_tutors_calendar,
    near_a_point_uses_the_primary_address,
    paging_is_stable_and_cursors_are_checked,
    bad_input_is_a_validation_error_naming_the_field,
    rebuilding_the_index_is_for_admins_and_picks_up_outside_writes,
);
