//! Bookable slots: a pure function from a tutor's weekly rules, date overrides, time-offs and
//! busy bookings to concrete UTC slots. No database inside — the caller loads the inputs once.
//!
//! The pipeline (after Cal.com's, with its weak spots fixed):
//! 1. clamp the asked window to `[now + minimum notice, now + horizon]`;
//! 2. walk the tutor's *local* calendar dates over that window (one day of slack on each side,
//!    because a local day straddles two UTC days); each date takes its override's hours if it
//!    has one (an override with no hours closes the day), else the weekly rules of its weekday;
//! 3. turn wall-clock ranges into instants in the tutor's IANA zone — a time that does not exist
//!    (spring-forward gap) moves forward past the gap, a time that exists twice (fall-back)
//!    takes its first occurrence for a start and its second for an end; never a panic;
//! 4. cut each range into slots of the asked duration, starting at the range's start and moving
//!    by the range's grid (a weekly rule's `slot_duration_minutes`; for override hours, which
//!    have none, the query's step), keeping those that start inside the clamped window, do not overlap a
//!    time-off, and whose buffered interval `[start - before, end + after)` does not overlap
//!    any busy booking's buffered interval.
//!
//! The result is sorted by start and has no duplicates.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc,
};
use chrono_tz::Tz;

/// A half-open interval of instants `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    /// Inclusive start.
    pub start: DateTime<Utc>,
    /// Exclusive end.
    pub end: DateTime<Utc>,
}

impl Interval {
    /// `[start, end)`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Interval { start, end }
    }

    /// Whether the two intervals share any instant (touching ends do not overlap).
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// A weekly availability rule in the tutor's local wall-clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeeklyRule {
    /// 0 = Sunday … 6 = Saturday (the ERD's `day_of_week`).
    pub day_of_week: u32,
    /// Local start.
    pub start: NaiveTime,
    /// Local end (after `start`, same day).
    pub end: NaiveTime,
    /// The rule's grid (the ERD's `slot_duration_minutes`): lessons start at `start`,
    /// `start + grid`, … and may last any asked length that fits before `end`. `None`: the
    /// query's step.
    pub grid: Option<Duration>,
}

/// A date with other hours than its weekly rules (or, with no hours, closed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateOverride {
    /// The tutor's local date.
    pub date: NaiveDate,
    /// Local ranges for that date; empty means the tutor is off all day.
    pub hours: Vec<(NaiveTime, NaiveTime)>,
}

/// Everything slot computation needs, loaded by the caller.
#[derive(Debug, Clone)]
pub struct SlotInputs<'a> {
    /// The tutor's zone.
    pub tz: Tz,
    /// Active weekly rules.
    pub rules: &'a [WeeklyRule],
    /// Date overrides.
    pub overrides: &'a [DateOverride],
    /// Time-offs (not buffered).
    pub time_offs: &'a [Interval],
    /// Slot-holding bookings (buffered on both sides).
    pub busy: &'a [Interval],
    /// The present instant.
    pub now: DateTime<Utc>,
    /// Earliest bookable start is `now + minimum_notice`.
    pub minimum_notice: Duration,
    /// Latest bookable start is `now + horizon`.
    pub horizon: Duration,
    /// Free time kept before every lesson.
    pub buffer_before: Duration,
    /// Free time kept after every lesson.
    pub buffer_after: Duration,
}

/// What is asked: slots of `duration`, starting every `step`, with a start in `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotQuery {
    /// Window start.
    pub from: DateTime<Utc>,
    /// Window end (exclusive, for slot starts).
    pub to: DateTime<Utc>,
    /// Lesson length.
    pub duration: Duration,
    /// Distance between consecutive candidate starts.
    pub step: Duration,
}

/// The bookable slots for `query`, sorted and unique.
///
/// Returns nothing (rather than failing) for a non-positive duration or step or an empty
/// window: validation of the query belongs to the caller.
pub fn available_slots(inputs: &SlotInputs<'_>, query: &SlotQuery) -> Vec<Interval> {
    if query.duration <= Duration::zero() || query.step <= Duration::zero() {
        return Vec::new();
    }
    let lo = query.from.max(inputs.now + inputs.minimum_notice);
    let hi = query
        .to
        .min(inputs.now + inputs.horizon + Duration::nanoseconds(1));
    if lo >= hi {
        return Vec::new();
    }
    let busy = merged(inputs.busy.iter().map(|b| {
        Interval::new(
            b.start - inputs.buffer_before - inputs.buffer_after,
            b.end + inputs.buffer_after + inputs.buffer_before,
        )
    }));
    let offs = merged(inputs.time_offs.iter().copied());

    let mut slots = Vec::new();
    for (range, grid) in open_ranges(inputs, lo, hi) {
        let step = grid.filter(|g| *g > Duration::zero()).unwrap_or(query.step);
        let mut t = range.start;
        while t + query.duration <= range.end {
            if t >= hi {
                break;
            }
            let slot = Interval::new(t, t + query.duration);
            if t >= lo && !hits(&offs, &slot) && !hits(&busy, &slot) {
                slots.push(slot);
            }
            t += step;
        }
    }
    slots.sort();
    slots.dedup();
    slots
}

/// Whether a slot may be booked: it is one [`available_slots`] offers for its own start and
/// duration. Used to check a requested booking time the same way the slot list is computed.
pub fn is_offered(inputs: &SlotInputs<'_>, slot: Interval, step: Duration) -> bool {
    let query = SlotQuery {
        from: slot.start,
        to: slot.start + Duration::nanoseconds(1),
        duration: slot.end - slot.start,
        step,
    };
    available_slots(inputs, &query).contains(&slot)
}

/// Why a requested time is not bookable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The tutor never offers this time (outside their hours, in a time-off, against the
    /// notice or horizon, off the grid, or the wrong length): the asker's mistake.
    NotOffered,
    /// The tutor offers this time, but another booking (or a held reschedule proposal) has
    /// it: somebody else was faster.
    Taken,
}

/// Like [`is_offered`], and says why not: [`Refusal::Taken`] exactly when the slot would be
/// offered if nothing were busy.
pub fn check_offered(
    inputs: &SlotInputs<'_>,
    slot: Interval,
    step: Duration,
) -> Result<(), Refusal> {
    if is_offered(inputs, slot, step) {
        return Ok(());
    }
    let free = SlotInputs {
        busy: &[],
        ..inputs.clone()
    };
    if is_offered(&free, slot, step) {
        Err(Refusal::Taken)
    } else {
        Err(Refusal::NotOffered)
    }
}

/// The tutor's open ranges (as instants) on every local date touching `[lo, hi)`, each with
/// its rule's grid (`None` for override hours).
fn open_ranges(
    inputs: &SlotInputs<'_>,
    lo: DateTime<Utc>,
    hi: DateTime<Utc>,
) -> Vec<(Interval, Option<Duration>)> {
    let first = lo.with_timezone(&inputs.tz).date_naive() - Duration::days(1);
    let last = hi.with_timezone(&inputs.tz).date_naive() + Duration::days(1);
    let mut ranges = Vec::new();
    let mut date = first;
    while date <= last {
        let hours: Vec<(NaiveTime, NaiveTime, Option<Duration>)> =
            match inputs.overrides.iter().find(|o| o.date == date) {
                Some(o) => o.hours.iter().map(|&(s, e)| (s, e, None)).collect(),
                None => inputs
                    .rules
                    .iter()
                    .filter(|r| r.day_of_week == date.weekday().num_days_from_sunday())
                    .map(|r| (r.start, r.end, r.grid))
                    .collect(),
            };
        for (start, end, grid) in hours {
            let s = instant(&inputs.tz, date.and_time(start), Edge::Start);
            let e = instant(&inputs.tz, date.and_time(end), Edge::End);
            if s < e {
                ranges.push((Interval::new(s, e), grid));
            }
        }
        date += Duration::days(1);
    }
    ranges.sort();
    ranges.dedup();
    ranges
}

#[derive(Clone, Copy)]
enum Edge {
    Start,
    End,
}

/// A local wall-clock time as an instant in `tz`, DST-safe.
fn instant(tz: &Tz, local: NaiveDateTime, edge: Edge) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, second) => match edge {
            Edge::Start => first.with_timezone(&Utc),
            Edge::End => second.with_timezone(&Utc),
        },
        LocalResult::None => {
            // Inside a spring-forward gap: read the wall-clock time with the offset in force
            // just before the gap, which lands on the same distance past the gap's end.
            let before = (1..=48)
                .map(|h| local - Duration::minutes(30 * h))
                .find_map(|t| tz.from_local_datetime(&t).earliest())
                .map(|t| t.offset().fix())
                .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("zero offset"));
            (local - Duration::seconds(i64::from(before.local_minus_utc()))).and_utc()
        }
    }
}

/// Sorted, merged (non-overlapping, non-touching-merged) intervals.
fn merged(items: impl Iterator<Item = Interval>) -> Vec<Interval> {
    let mut v: Vec<Interval> = items.filter(|i| i.start < i.end).collect();
    v.sort();
    let mut out: Vec<Interval> = Vec::with_capacity(v.len());
    for i in v {
        match out.last_mut() {
            Some(last) if i.start <= last.end => last.end = last.end.max(i.end),
            _ => out.push(i),
        }
    }
    out
}

/// Whether `slot` overlaps any of the sorted, merged `busy` intervals.
fn hits(busy: &[Interval], slot: &Interval) -> bool {
    let i = busy.partition_point(|b| b.end <= slot.start);
    busy.get(i).is_some_and(|b| b.start < slot.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn inputs<'a>(
        tz: Tz,
        rules: &'a [WeeklyRule],
        offs: &'a [Interval],
        busy: &'a [Interval],
        now: DateTime<Utc>,
    ) -> SlotInputs<'a> {
        SlotInputs {
            tz,
            rules,
            overrides: &[],
            time_offs: offs,
            busy,
            now,
            minimum_notice: Duration::hours(2),
            horizon: Duration::days(60),
            buffer_before: Duration::zero(),
            buffer_after: Duration::zero(),
        }
    }

    #[test]
    fn a_rules_grid_places_the_starts_and_taken_differs_from_never_offered() {
        // Monday 16:00–20:00 WIB on a 60-minute grid, 90-minute lessons: 16:00, 17:00, 18:00
        // (19:00 would end after 20:00); the query's 30-minute step does not apply.
        let rules = [WeeklyRule {
            day_of_week: 1,
            start: t(16, 0),
            end: t(20, 0),
            grid: Some(Duration::minutes(60)),
        }];
        let busy = [Interval::new(
            utc("2026-11-30T10:00:00Z"),
            utc("2026-11-30T11:00:00Z"),
        )];
        let inp = inputs(
            chrono_tz::Asia::Jakarta,
            &rules,
            &[],
            &[],
            utc("2026-11-25T00:00:00Z"),
        );
        let q = SlotQuery {
            from: utc("2026-11-30T00:00:00Z"),
            to: utc("2026-12-01T00:00:00Z"),
            duration: Duration::minutes(90),
            step: Duration::minutes(30),
        };
        let starts: Vec<_> = available_slots(&inp, &q).iter().map(|s| s.start).collect();
        assert_eq!(
            starts,
            [
                utc("2026-11-30T09:00:00Z"),
                utc("2026-11-30T10:00:00Z"),
                utc("2026-11-30T11:00:00Z")
            ]
        );
        let at = |h: &str| {
            let start = utc(h);
            Interval::new(start, start + Duration::minutes(90))
        };
        let taken = SlotInputs {
            busy: &busy,
            ..inp.clone()
        };
        assert_eq!(
            check_offered(&taken, at("2026-11-30T09:00:00Z"), q.step),
            Err(Refusal::Taken)
        );
        assert_eq!(
            check_offered(&taken, at("2026-11-30T11:00:00Z"), q.step),
            Ok(())
        );
        // Off the grid, or ending after the window: never offered, busy or not.
        for never in ["2026-11-30T09:30:00Z", "2026-11-30T12:00:00Z"] {
            assert_eq!(
                check_offered(&taken, at(never), q.step),
                Err(Refusal::NotOffered)
            );
        }
    }

    #[test]
    fn jakarta_rule_becomes_utc_slots() {
        // Monday 2026-11-30, 16:00–18:00 WIB (UTC+7) = 09:00–11:00 UTC.
        let rules = [WeeklyRule {
            day_of_week: 1,
            start: t(16, 0),
            end: t(18, 0),
            grid: None,
        }];
        let inp = inputs(
            chrono_tz::Asia::Jakarta,
            &rules,
            &[],
            &[],
            utc("2026-11-25T00:00:00Z"),
        );
        let q = SlotQuery {
            from: utc("2026-11-30T00:00:00Z"),
            to: utc("2026-12-01T00:00:00Z"),
            duration: Duration::minutes(60),
            step: Duration::minutes(30),
        };
        let got: Vec<_> = available_slots(&inp, &q).iter().map(|s| s.start).collect();
        assert_eq!(
            got,
            vec![
                utc("2026-11-30T09:00:00Z"),
                utc("2026-11-30T09:30:00Z"),
                utc("2026-11-30T10:00:00Z")
            ]
        );
    }

    #[test]
    fn busy_time_offs_buffers_notice_and_overrides() {
        let rules = [WeeklyRule {
            day_of_week: 1,
            start: t(8, 0),
            end: t(12, 0),
            grid: None,
        }];
        let busy = [Interval::new(
            utc("2026-11-30T02:00:00Z"),
            utc("2026-11-30T03:00:00Z"),
        )];
        let offs = [Interval::new(
            utc("2026-11-30T04:00:00Z"),
            utc("2026-11-30T04:30:00Z"),
        )];
        // Makassar is UTC+8: 08:00–12:00 WITA = 00:00–04:00 UTC.
        let mut inp = inputs(
            chrono_tz::Asia::Makassar,
            &rules,
            &offs,
            &busy,
            utc("2026-11-29T23:00:00Z"),
        );
        inp.buffer_after = Duration::minutes(15);
        inp.minimum_notice = Duration::minutes(60);
        let q = SlotQuery {
            from: utc("2026-11-29T00:00:00Z"),
            to: utc("2026-12-01T00:00:00Z"),
            duration: Duration::minutes(60),
            step: Duration::minutes(30),
        };
        let got: Vec<_> = available_slots(&inp, &q).iter().map(|s| s.start).collect();
        // 00:00 is before now+notice (00:00 is allowed: 23:00 + 1h = 00:00).
        // Busy 02:00–03:00 widened by 15 min after (and the new slot's own 15): slots must end
        // by 01:45 or start at 03:15 → only 00:00, 00:30 before; 03:00 is out (ends 04:00 but
        // starts before 03:15); nothing after (range ends 04:00).
        assert_eq!(
            got,
            vec![utc("2026-11-30T00:00:00Z"), utc("2026-11-30T00:30:00Z")]
        );

        let closed = [DateOverride {
            date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            hours: vec![],
        }];
        inp.overrides = &closed;
        assert!(available_slots(&inp, &q).is_empty());
        let sunday = [DateOverride {
            date: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
            hours: vec![(t(9, 0), t(10, 0))],
        }];
        inp.overrides = &sunday;
        inp.now = utc("2026-11-28T00:00:00Z");
        let got: Vec<_> = available_slots(&inp, &q).iter().map(|s| s.start).collect();
        assert!(got.contains(&utc("2026-11-29T01:00:00Z")), "{got:?}");
    }

    #[test]
    fn dst_gap_and_overlap_never_panic() {
        // New York: 2026-03-08 02:00 → 03:00 (gap); 2026-11-01 02:00 → 01:00 (repeat).
        let rules: Vec<WeeklyRule> = (0..7)
            .map(|d| WeeklyRule {
                day_of_week: d,
                start: t(1, 30),
                end: t(3, 30),
                grid: None,
            })
            .collect();
        let mut inp = inputs(
            chrono_tz::America::New_York,
            &rules,
            &[],
            &[],
            utc("2026-01-01T00:00:00Z"),
        );
        inp.horizon = Duration::days(365);
        let gap_day = SlotQuery {
            from: utc("2026-03-08T00:00:00Z"),
            to: utc("2026-03-09T00:00:00Z"),
            duration: Duration::minutes(30),
            step: Duration::minutes(30),
        };
        // 01:30 EST = 06:30 UTC; 03:30 EDT = 07:30 UTC: one real hour, two slots.
        let got: Vec<_> = available_slots(&inp, &gap_day)
            .iter()
            .map(|s| s.start)
            .collect();
        assert_eq!(
            got,
            vec![utc("2026-03-08T06:30:00Z"), utc("2026-03-08T07:00:00Z")]
        );
        let mut inp2 = inp.clone();
        inp2.now = utc("2026-10-01T00:00:00Z");
        let repeat_day = SlotQuery {
            from: utc("2026-11-01T00:00:00Z"),
            to: utc("2026-11-02T00:00:00Z"),
            duration: Duration::minutes(30),
            step: Duration::minutes(30),
        };
        // 01:30 EDT (first) = 05:30 UTC; 03:30 EST = 08:30 UTC: three real hours.
        let got = available_slots(&inp2, &repeat_day);
        assert_eq!(got.first().unwrap().start, utc("2026-11-01T05:30:00Z"));
        assert_eq!(got.last().unwrap().end, utc("2026-11-01T08:30:00Z"));
        assert_eq!(got.len(), 6);
        // A rule starting inside the gap starts right after it.
        let gap_rules = [WeeklyRule {
            day_of_week: 0,
            start: t(2, 30),
            end: t(4, 0),
            grid: None,
        }];
        let mut inp3 = inputs(
            chrono_tz::America::New_York,
            &gap_rules,
            &[],
            &[],
            utc("2026-01-01T00:00:00Z"),
        );
        inp3.horizon = Duration::days(365);
        let got = available_slots(&inp3, &gap_day);
        assert_eq!(got.first().unwrap().start, utc("2026-03-08T07:30:00Z")); // 03:30 EDT
    }

    const ZONES: [Tz; 3] = [
        chrono_tz::Asia::Jakarta,
        chrono_tz::Asia::Makassar,
        chrono_tz::Asia::Jayapura,
    ];

    fn arb_rule() -> impl Strategy<Value = WeeklyRule> {
        (
            0u32..7,
            0u32..(24 * 4),
            1u32..(12 * 4),
            prop::option::of(1i64..9),
        )
            .prop_map(|(d, s, len, grid)| {
                let start = s * 15;
                let end = (start + len * 15).min(24 * 60 - 1);
                WeeklyRule {
                    day_of_week: d,
                    start: NaiveTime::from_num_seconds_from_midnight_opt(start * 60, 0).unwrap(),
                    end: NaiveTime::from_num_seconds_from_midnight_opt(end * 60, 0).unwrap(),
                    grid: grid.map(|g| Duration::minutes(g * 15)),
                }
            })
    }

    fn arb_interval(base: DateTime<Utc>) -> impl Strategy<Value = Interval> {
        (0i64..(28 * 24 * 4), 1i64..16).prop_map(move |(s, len)| {
            let start = base + Duration::minutes(s * 15);
            Interval::new(start, start + Duration::minutes(len * 15))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn slots_respect_every_rule(
            zone in 0usize..3,
            rules in prop::collection::vec(arb_rule(), 0..8),
            offs in prop::collection::vec(arb_interval(utc("2026-11-30T00:00:00Z")), 0..4),
            busy in prop::collection::vec(arb_interval(utc("2026-11-30T00:00:00Z")), 0..10),
            duration in 1i64..9,
            step in 1i64..5,
            buffer in 0i64..3,
            notice_h in 0i64..48,
            horizon_d in 1i64..30,
        ) {
            let tz = ZONES[zone];
            let now = utc("2026-11-29T05:17:00Z");
            let inp = SlotInputs {
                tz,
                rules: &rules,
                overrides: &[],
                time_offs: &offs,
                busy: &busy,
                now,
                minimum_notice: Duration::hours(notice_h),
                horizon: Duration::days(horizon_d),
                buffer_before: Duration::minutes(buffer * 5),
                buffer_after: Duration::minutes(buffer * 10),
            };
            let q = SlotQuery {
                from: utc("2026-11-30T00:00:00Z"),
                to: utc("2026-12-28T00:00:00Z"),
                duration: Duration::minutes(duration * 15),
                step: Duration::minutes(step * 15),
            };
            let slots = available_slots(&inp, &q);
            for w in slots.windows(2) {
                prop_assert!(w[0] < w[1], "sorted and unique");
            }
            let pad = inp.buffer_before + inp.buffer_after;
            for s in &slots {
                prop_assert_eq!(s.end - s.start, q.duration);
                prop_assert!(s.start >= q.from && s.start < q.to);
                prop_assert!(s.start >= now + inp.minimum_notice);
                prop_assert!(s.start <= now + inp.horizon);
                for o in &offs {
                    prop_assert!(!s.overlaps(o), "slot {s:?} hits time-off {o:?}");
                }
                for b in &busy {
                    let padded = Interval::new(b.start - pad, b.end + pad);
                    prop_assert!(!s.overlaps(&padded), "slot {s:?} hits busy {b:?}");
                }
                // Inside a rule, read in the tutor's wall-clock time (no DST in these zones).
                let ls = s.start.with_timezone(&tz);
                let le = s.end.with_timezone(&tz);
                let inside = rules.iter().any(|r| {
                    r.day_of_week == ls.weekday().num_days_from_sunday()
                        && le.date_naive() == ls.date_naive()
                        && r.start <= ls.time()
                        && le.time() <= r.end
                        && (ls.time() - r.start).num_minutes()
                            % r.grid.unwrap_or(q.step).num_minutes()
                            == 0
                });
                prop_assert!(inside, "slot {s:?} is inside no rule (on its grid)");
                prop_assert!(is_offered(&inp, *s, q.step));
                prop_assert_eq!(check_offered(&inp, *s, q.step), Ok(()));
            }
            // Any candidate on a 15-minute raster: `Taken` exactly when it is offered with the
            // calendar emptied of bookings, and then it does hit a (buffered) booking.
            let free = SlotInputs { busy: &[], ..inp.clone() };
            let mut t = q.from;
            while t < q.from + Duration::days(3) {
                let c = Interval::new(t, t + q.duration);
                match check_offered(&inp, c, q.step) {
                    Ok(()) => prop_assert!(slots.contains(&c)),
                    Err(Refusal::Taken) => {
                        prop_assert!(is_offered(&free, c, q.step));
                        prop_assert!(busy.iter().any(|b| c.overlaps(&Interval::new(b.start - pad, b.end + pad))));
                    }
                    Err(Refusal::NotOffered) => prop_assert!(!is_offered(&free, c, q.step)),
                }
                t += Duration::minutes(15);
            }
        }
    }
}
