//! Slot computation: one tutor, 4 weeks, 7 weekly rules, 40 bookings, 3 time-offs.
//!
//! `cargo bench -p blajarplus --bench slots`

use blajarplus::slots::{Interval, SlotInputs, SlotQuery, WeeklyRule, available_slots};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let t = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let rules: Vec<WeeklyRule> = (0..7)
        .map(|d| WeeklyRule {
            day_of_week: d,
            start: t(8),
            end: t(20),
            grid: None,
        })
        .collect();
    let base: DateTime<Utc> = "2026-11-30T01:00:00Z".parse().unwrap();
    // 40 one-hour bookings spread over the 4 weeks (daytime in Jakarta).
    let busy: Vec<Interval> = (0..40)
        .map(|i| {
            let s = base + Duration::days(i % 28) + Duration::hours(i % 9);
            Interval::new(s, s + Duration::hours(1))
        })
        .collect();
    let offs: Vec<Interval> = (0..3)
        .map(|i| {
            let s = base + Duration::days(3 + i * 7);
            Interval::new(s, s + Duration::hours(5))
        })
        .collect();
    let inputs = SlotInputs {
        tz: chrono_tz::Asia::Jakarta,
        rules: &rules,
        overrides: &[],
        time_offs: &offs,
        busy: &busy,
        now: base - Duration::days(1),
        minimum_notice: Duration::hours(2),
        horizon: Duration::days(60),
        buffer_before: Duration::zero(),
        buffer_after: Duration::minutes(10),
    };
    let query = SlotQuery {
        from: base,
        to: base + Duration::days(28),
        duration: Duration::minutes(60),
        step: Duration::minutes(30),
    };
    assert!(available_slots(&inputs, &query).len() > 300);
    c.bench_function("slots/4 weeks, 7 rules, 40 bookings, 3 time-offs", |b| {
        b.iter(|| available_slots(black_box(&inputs), black_box(&query)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
