//! ScheduleRepo on both backends: weekly rules, time-offs and date overrides round-trip every
//! column, list in their documented order with the documented window semantics, and delete.

mod support;

use blajarplus::Error;
use blajarplus::store::*;
use blajarplus::types::*;
use chrono::{NaiveDate, NaiveTime};
use support::at;
use support::fixtures::*;

fn t(h: u32, m: u32, s: u32, us: u32) -> NaiveTime {
    NaiveTime::from_hms_micro_opt(h, m, s, us).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn availability_round_trips_and_lists_by_day_then_start(store: Store) {
    let (_, p) = seed_profile(&store).await;
    let (_, q) = seed_profile(&store).await;
    let rule = |day: i32, start: NaiveTime, end: NaiveTime| TutorAvailability {
        start_time: start,
        end_time: end,
        ..availability(p.id, day)
    };
    // Inserted out of order; seconds and microseconds kept.
    let sat = TutorAvailability {
        slot_duration_minutes: 90,
        is_active: false,
        created_at: micro(now(), 1),
        updated_at: micro(now(), 2),
        ..rule(6, t(19, 0, 0, 0), t(23, 59, 59, 999_999))
    };
    let mon_late = rule(1, t(13, 30, 15, 0), t(17, 0, 0, 0));
    let mon_early = rule(1, t(7, 5, 0, 250_000), t(9, 0, 0, 0));
    let sun = rule(0, t(0, 0, 0, 0), t(0, 30, 0, 0));
    // Same day and start: the id breaks the tie.
    let mon_late_twin = rule(1, t(13, 30, 15, 0), t(15, 0, 0, 0));
    let theirs = availability(q.id, 1);
    let mut tx = store.begin().await.unwrap();
    for r in [&sat, &mon_late, &mon_early, &sun, &mon_late_twin, &theirs] {
        tx.insert_availability(r).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.get_availability(sat.id).await.unwrap(),
        Some(sat.clone())
    );
    assert_eq!(
        tx.get_availability(mon_early.id).await.unwrap(),
        Some(mon_early.clone())
    );
    assert_eq!(
        tx.get_availability(AvailabilityId::new()).await.unwrap(),
        None
    );
    let (lo, hi) = if mon_late.id < mon_late_twin.id {
        (mon_late.clone(), mon_late_twin.clone())
    } else {
        (mon_late_twin.clone(), mon_late.clone())
    };
    assert_eq!(
        tx.list_availabilities(&[p.id]).await.unwrap(),
        vec![sun.clone(), mon_early.clone(), lo, hi, sat.clone()]
    );
    assert_eq!(tx.list_availabilities(&[q.id]).await.unwrap(), vec![theirs]);

    let moved = TutorAvailability {
        day_of_week: 2,
        start_time: t(8, 0, 0, 1),
        end_time: t(8, 45, 0, 0),
        slot_duration_minutes: 45,
        is_active: true,
        updated_at: micro(now(), 30),
        ..sat.clone()
    };
    tx.update_availability(&moved).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.get_availability(sat.id).await.unwrap(),
        Some(moved.clone())
    );
    assert_eq!(tx.list_availabilities(&[p.id]).await.unwrap()[4], moved);
    assert!(tx.delete_availability(sun.id).await.unwrap());
    assert!(!tx.delete_availability(sun.id).await.unwrap());
    assert_eq!(tx.list_availabilities(&[p.id]).await.unwrap().len(), 4);
    let ghost = availability(p.id, 3);
    assert_eq!(
        tx.update_availability(&ghost).await.unwrap_err(),
        Error::not_found("availability", ghost.id)
    );
}

async fn availability_checks_are_validation_errors(store: Store) {
    let (_, p) = seed_profile(&store).await;
    let bad_day = availability(p.id, -1);
    let err = fails_alone!(store, |tx| tx.insert_availability(&bad_day));
    assert_eq!(err.field(), Some("day_of_week"), "{err}");
    let inverted = TutorAvailability {
        start_time: t(10, 0, 0, 0),
        end_time: t(9, 0, 0, 0),
        ..availability(p.id, 1)
    };
    let err = fails_alone!(store, |tx| tx.insert_availability(&inverted));
    assert_eq!(
        err,
        Error::validation("end", "must be after the start"),
        "{err}"
    );
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.list_availabilities(&[p.id]).await.unwrap(), vec![]);
}

async fn time_offs_round_trip_and_list_overlapping_a_window(store: Store) {
    let (_, p) = seed_profile(&store).await;
    let (_, q) = seed_profile(&store).await;
    let xmas = time_off(p.id, at(2026, 12, 24, 0, 0), at(2026, 12, 27, 0, 0));
    let bare = TutorTimeOff {
        reason: None,
        created_at: micro(now(), 77),
        ..time_off(
            p.id,
            micro(at(2026, 12, 20, 8, 0), 1),
            micro(at(2026, 12, 20, 9, 0), 999_999),
        )
    };
    let new_year = time_off(p.id, at(2026, 12, 31, 17, 0), at(2027, 1, 2, 0, 0));
    let theirs = time_off(q.id, at(2026, 12, 24, 0, 0), at(2026, 12, 27, 0, 0));
    let mut tx = store.begin().await.unwrap();
    for o in [&new_year, &xmas, &bare, &theirs] {
        tx.insert_time_off(o).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.get_time_off(xmas.id).await.unwrap(), Some(xmas.clone()));
    assert_eq!(tx.get_time_off(bare.id).await.unwrap(), Some(bare.clone()));
    assert_eq!(tx.get_time_off(TimeOffId::new()).await.unwrap(), None);
    // By start, only this tutor's.
    assert_eq!(
        tx.list_time_offs(&[p.id], at(2026, 12, 1, 0, 0), at(2027, 2, 1, 0, 0))
            .await
            .unwrap(),
        vec![bare.clone(), xmas.clone(), new_year.clone()]
    );
    // [from, to) is half-open against [start, end): touching is not overlapping.
    let window = |from, to| {
        let from: chrono::DateTime<chrono::Utc> = from;
        let to: chrono::DateTime<chrono::Utc> = to;
        (from, to)
    };
    for ((from, to), want) in [
        (
            window(at(2026, 12, 27, 0, 0), at(2026, 12, 31, 17, 0)),
            vec![],
        ),
        (
            window(
                micro(at(2026, 12, 26, 23, 59), 59_999_999),
                at(2026, 12, 28, 0, 0),
            ),
            vec![xmas.clone()],
        ),
        (
            window(at(2026, 12, 31, 16, 0), micro(at(2026, 12, 31, 17, 0), 1)),
            vec![new_year.clone()],
        ),
        (
            window(at(2026, 12, 25, 0, 0), at(2026, 12, 25, 1, 0)),
            vec![xmas.clone()],
        ),
        (
            window(
                micro(at(2026, 12, 20, 9, 0), 999_999),
                at(2026, 12, 21, 0, 0),
            ),
            vec![],
        ),
    ] {
        assert_eq!(
            tx.list_time_offs(&[p.id], from, to).await.unwrap(),
            want,
            "[{from}, {to})"
        );
    }
    assert!(tx.delete_time_off(xmas.id).await.unwrap());
    assert!(!tx.delete_time_off(xmas.id).await.unwrap());
    assert_eq!(
        tx.list_time_offs(&[q.id], at(2026, 12, 1, 0, 0), at(2027, 2, 1, 0, 0))
            .await
            .unwrap(),
        vec![theirs]
    );
    tx.commit().await.unwrap();

    let inverted = time_off(p.id, at(2026, 12, 2, 0, 0), at(2026, 12, 2, 0, 0));
    let err = fails_alone!(store, |tx| tx.insert_time_off(&inverted));
    assert_eq!(err, Error::validation("end", "must be after the start"));
}

async fn date_overrides_list_an_inclusive_range_and_delete_by_date(store: Store) {
    let (_, p) = seed_profile(&store).await;
    let (_, q) = seed_profile(&store).await;
    let ov = |date: NaiveDate, hours: Option<(NaiveTime, NaiveTime)>| TutorDateOverride {
        id: DateOverrideId::new(),
        tutor_profile_id: p.id,
        date,
        start_time: hours.map(|h| h.0),
        end_time: hours.map(|h| h.1),
        created_at: micro(now(), 5),
    };
    let closed = ov(d(2026, 12, 25), None);
    let afternoon = ov(d(2026, 12, 31), Some((t(13, 0, 0, 0), t(15, 0, 0, 0))));
    let morning = ov(d(2026, 12, 31), Some((t(8, 0, 0, 500), t(10, 0, 0, 0))));
    let first = ov(d(2026, 12, 1), Some((t(9, 0, 0, 0), t(9, 30, 0, 0))));
    let later = ov(d(2027, 1, 1), None);
    let theirs = TutorDateOverride {
        id: DateOverrideId::new(),
        tutor_profile_id: q.id,
        ..closed.clone()
    };
    let mut tx = store.begin().await.unwrap();
    for o in [&afternoon, &later, &closed, &morning, &first, &theirs] {
        tx.insert_date_override(o).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.list_date_overrides(&[p.id], d(2026, 12, 1), d(2026, 12, 31))
            .await
            .unwrap(),
        vec![
            first.clone(),
            closed.clone(),
            morning.clone(),
            afternoon.clone()
        ],
        "by date then start; both ends inclusive"
    );
    assert_eq!(
        tx.list_date_overrides(&[p.id], d(2026, 12, 2), d(2026, 12, 30))
            .await
            .unwrap(),
        vec![closed.clone()]
    );
    assert_eq!(
        tx.list_date_overrides(&[p.id], d(2027, 1, 1), d(2027, 1, 1))
            .await
            .unwrap(),
        vec![later.clone()]
    );
    assert_eq!(
        tx.list_date_overrides(&[p.id], d(2027, 1, 2), d(2026, 1, 1))
            .await
            .unwrap(),
        vec![]
    );
    assert_eq!(
        tx.delete_date_overrides_on(p.id, d(2026, 12, 31))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        tx.delete_date_overrides_on(p.id, d(2026, 12, 31))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        tx.delete_date_overrides_on(p.id, d(2026, 12, 25))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        tx.list_date_overrides(&[p.id], d(2026, 1, 1), d(2027, 12, 31))
            .await
            .unwrap(),
        vec![first, later]
    );
    assert_eq!(
        tx.list_date_overrides(&[q.id], d(2026, 12, 25), d(2026, 12, 25))
            .await
            .unwrap(),
        vec![theirs]
    );
    tx.commit().await.unwrap();

    let half = TutorDateOverride {
        end_time: None,
        ..ov(d(2026, 12, 3), Some((t(9, 0, 0, 0), t(10, 0, 0, 0))))
    };
    let err = fails_alone!(store, |tx| tx.insert_date_override(&half));
    assert_eq!(err, Error::validation("end", "must be after the start"));
}

/// "By date then start": a closed row (NULL start) and an open row on one date must come back
/// in the same order whichever database is underneath (PostgreSQL sorts NULLs last in
/// ascending order, SQLite first, unless the query says which).
async fn date_overrides_order_a_closed_row_the_same_on_both(store: Store) {
    let (_, p) = seed_profile(&store).await;
    let date = d(2026, 12, 31);
    let closed = TutorDateOverride {
        id: DateOverrideId::new(),
        tutor_profile_id: p.id,
        date,
        start_time: None,
        end_time: None,
        created_at: now(),
    };
    let open = TutorDateOverride {
        id: DateOverrideId::new(),
        start_time: Some(t(9, 0, 0, 0)),
        end_time: Some(t(12, 0, 0, 0)),
        ..closed.clone()
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_date_override(&open).await.unwrap();
    tx.insert_date_override(&closed).await.unwrap();
    assert_eq!(
        tx.list_date_overrides(&[p.id], date, date).await.unwrap(),
        vec![open, closed],
        "NULL start last, as PostgreSQL orders it ({} backend)",
        store.backend().as_str()
    );
}

conformance!(
    availability_round_trips_and_lists_by_day_then_start,
    availability_checks_are_validation_errors,
    time_offs_round_trip_and_list_overlapping_a_window,
    date_overrides_list_an_inclusive_range_and_delete_by_date,
    date_overrides_order_a_closed_row_the_same_on_both,
);
