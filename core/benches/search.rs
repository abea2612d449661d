//! Tutor search on embedded SQLite (in memory), over the deterministic marketplace of the
//! search tests (tests/support/search_data.rs) at 300 and 3,000 tutors: a typical filtered
//! query (subject + price range + minimum rating, sorted by rating), a full-text query
//! (two words, the last a prefix, by relevance), and an availability query (one week).
//!
//! `cargo bench -p blajarplus --bench search`

#[path = "../tests/support/search_data.rs"]
mod search_data;

use blajarplus::clock::FixedClock;
use blajarplus::marketplace::*;
use blajarplus::{Actor, Marketplace};
use chrono::Duration;
use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use std::sync::Arc;

async fn market(tutors: usize) -> Marketplace {
    let m = Marketplace::open("sqlite::memory:")
        .await
        .unwrap()
        .with_clock(Arc::new(FixedClock::new(search_data::now())));
    search_data::seed(m.store(), tutors).await;
    let admin = m
        .bootstrap_admin("Admin", "admin@example.id")
        .await
        .unwrap();
    m.rebuild_search_index(&Actor::admin(admin.id))
        .await
        .unwrap();
    m
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let filtered = TutorSearch {
        subject: Some("matematika".into()),
        min_price: Some(Decimal::from(50_000)),
        max_price: Some(Decimal::from(200_000)),
        min_rating: Some(Decimal::new(30, 1)),
        sort: SearchSort::Rating,
        ..TutorSearch::default()
    };
    let text = TutorSearch {
        text: Some("guru mat".into()),
        ..TutorSearch::default()
    };
    let monday = search_data::now() + Duration::days(5);
    let available = TutorSearch {
        available_from: Some(monday),
        available_to: Some(monday + Duration::days(7)),
        subject: Some("fisika".into()),
        ..TutorSearch::default()
    };
    for tutors in [300, 3_000] {
        let m = rt.block_on(market(tutors));
        for (name, q) in [
            ("filtered", &filtered),
            ("text", &text),
            ("available_week", &available),
        ] {
            let total = rt.block_on(m.search_tutors(q.clone())).unwrap().total;
            c.bench_function(
                &format!("search/{tutors}_tutors/{name} ({total} hits)"),
                |b| b.iter(|| rt.block_on(m.search_tutors(q.clone())).unwrap()),
            );
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
