//! The fuzzing entry points, shared by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`, on
//! nightly) and the stable test that replays their corpus (`core/tests/fuzz_corpus.rs`), so
//! both exercise exactly the same code and the same checks. Public API of `blajarplus` only.
//!
//! Each entry takes arbitrary bytes and panics only when an invariant breaks:
//! - [`midtrans`]: the bytes are a notification body. Every refusal is `payment_rejected`; an
//!   accepted notification carries the right `signature_key` over the fields as sent, means
//!   what those fields say, and an empty server key never verifies anything.
//! - [`xendit`]: up to the first newline, the `x-callback-token` header (no newline: no
//!   header); the rest is the body. An accepted callback came with the right token.
//! - [`slots`]: the bytes are decoded ([`Reader`]) into a tutor's calendar and a query within
//!   realistic bounds (any zone with or without DST, rules ending before they start, zero
//!   grids, overrides, buffers); the slots are sorted, unique, of the asked length, inside
//!   the window, notice and horizon, clear of time-offs and buffered bookings, and each is
//!   offered again when asked for by itself.

#![allow(dead_code)]

use blajarplus::payments::{
    PaymentNotification, parse_midtrans, parse_xendit_invoice, sign_midtrans,
};
use blajarplus::slots::{
    DateOverride, Interval, SlotInputs, SlotQuery, WeeklyRule, available_slots, check_offered,
    is_offered,
};
use blajarplus::types::PaymentStatus;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde_json::Value;

/// The server key the Midtrans corpus is signed with.
pub const MIDTRANS_KEY: &str = "SB-Mid-server-fuzz";
/// The callback token the Xendit corpus carries.
pub const XENDIT_TOKEN: &str = "xnd-fuzz-callback-token";

/// See the module docs.
pub fn midtrans(body: &[u8]) -> Option<PaymentNotification> {
    let unkeyed = parse_midtrans(body, "").expect_err("verified with an empty server key");
    assert_eq!(unkeyed.code(), "validation", "{unkeyed}");
    let n = match parse_midtrans(body, MIDTRANS_KEY) {
        Ok(n) => n,
        Err(e) => {
            assert_eq!(e.code(), "payment_rejected", "{e}");
            return None;
        }
    };
    let v: Value = serde_json::from_slice(body).expect("accepted a body that is not JSON");
    let field = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("accepted a notification without {k}"))
    };
    let signed = sign_midtrans(
        field("order_id"),
        field("status_code"),
        field("gross_amount"),
        MIDTRANS_KEY,
    );
    assert_eq!(
        field("signature_key"),
        signed,
        "accepted a notification whose signature_key is not the signature of its fields"
    );
    assert_eq!(n.order_id, field("order_id"));
    assert_eq!(
        Some(n.amount),
        Decimal::from_str_exact(field("gross_amount")).ok()
    );
    assert!(n.amount > Decimal::ZERO);
    if n.status == PaymentStatus::Paid {
        assert_eq!(field("status_code"), "200", "paid without status code 200");
    }
    assert!(n.dedup_key.starts_with("midtrans:"), "{}", n.dedup_key);
    Some(n)
}

/// See the module docs.
pub fn xendit(data: &[u8]) -> Option<PaymentNotification> {
    let (header, body) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (std::str::from_utf8(&data[..i]).ok(), &data[i + 1..]),
        None => (None, data),
    };
    let unkeyed = parse_xendit_invoice(body, header, "").expect_err("verified with an empty token");
    assert_eq!(unkeyed.code(), "validation", "{unkeyed}");
    let n = match parse_xendit_invoice(body, header, XENDIT_TOKEN) {
        Ok(n) => n,
        Err(e) => {
            assert_eq!(e.code(), "payment_rejected", "{e}");
            return None;
        }
    };
    assert_eq!(
        header,
        Some(XENDIT_TOKEN),
        "accepted a callback without the right x-callback-token"
    );
    let v: Value = serde_json::from_slice(body).expect("accepted a body that is not JSON");
    assert_eq!(Some(n.order_id.as_str()), v["external_id"].as_str());
    assert_eq!(n.external_id.as_deref(), v["id"].as_str());
    assert!(n.amount > Decimal::ZERO);
    assert!(n.dedup_key.starts_with("xendit:"), "{}", n.dedup_key);
    Some(n)
}

/// Zones with and without daylight saving time, whole- and part-hour offsets.
const ZONES: [chrono_tz::Tz; 10] = [
    chrono_tz::Asia::Jakarta,
    chrono_tz::Asia::Makassar,
    chrono_tz::Asia::Jayapura,
    chrono_tz::UTC,
    chrono_tz::Europe::London,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::America::St_Johns,
    chrono_tz::Pacific::Chatham,
    chrono_tz::America::Sao_Paulo,
];

/// Reads the fuzzer's bytes front to back; past the end every read is zero, so any input,
/// however short, decodes.
pub struct Reader<'a>(pub &'a [u8]);

impl Reader<'_> {
    pub fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
    pub fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.byte(), self.byte()])
    }
    pub fn u32(&mut self) -> u32 {
        u32::from_be_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }
    fn minutes(&mut self, below: u32) -> Duration {
        Duration::minutes(i64::from(self.u32() % below))
    }
    fn time(&mut self) -> NaiveTime {
        let m = u32::from(self.u16()) % 1440;
        NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap()
    }
    fn interval(&mut self, base: DateTime<Utc>) -> Interval {
        let start = base - Duration::days(1) + self.minutes(130 * 1440);
        Interval::new(
            start,
            start + Duration::minutes(1 + i64::from(self.u16() % 2880)),
        )
    }
}

const DAY: u32 = 1440;

/// See the module docs. Returns how many slots were offered.
pub fn slots(data: &[u8]) -> usize {
    let mut r = Reader(data);
    let tz = ZONES[usize::from(r.byte()) % ZONES.len()];
    let base = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let now = base + r.minutes(4 * 365 * DAY) + Duration::seconds(i64::from(r.byte() % 60));
    let minimum_notice = r.minutes(7 * DAY);
    let horizon = r.minutes(120 * DAY);
    let buffer_before = Duration::minutes(i64::from(r.byte() % 181));
    let buffer_after = Duration::minutes(i64::from(r.byte() % 181));
    let rules: Vec<WeeklyRule> = (0..r.byte() % 10)
        .map(|_| WeeklyRule {
            // 7 is no weekday: such a rule must simply never apply.
            day_of_week: u32::from(r.byte() % 8),
            start: r.time(),
            end: r.time(),
            grid: match r.byte() {
                g if g % 4 == 0 => None,
                g => Some(Duration::minutes(i64::from(g % 241))),
            },
        })
        .collect();
    let overrides: Vec<DateOverride> = (0..r.byte() % 4)
        .map(|_| DateOverride {
            date: (now + Duration::days(i64::from(r.byte() % 130) - 5)).date_naive(),
            hours: (0..r.byte() % 3).map(|_| (r.time(), r.time())).collect(),
        })
        .collect();
    let time_offs: Vec<Interval> = (0..r.byte() % 6).map(|_| r.interval(now)).collect();
    let busy: Vec<Interval> = (0..r.byte() % 16).map(|_| r.interval(now)).collect();
    let from = now - Duration::days(2) + r.minutes(100 * DAY);
    let query = SlotQuery {
        from,
        to: from + r.minutes(63 * DAY),
        duration: Duration::minutes(i64::from(r.u16() % 500) - 10),
        step: match r.byte() {
            0 => Duration::zero(),
            s => Duration::minutes(5 + i64::from(s % 116)),
        },
    };
    let inputs = SlotInputs {
        tz,
        rules: &rules,
        overrides: &overrides,
        time_offs: &time_offs,
        busy: &busy,
        now,
        minimum_notice,
        horizon,
        buffer_before,
        buffer_after,
    };
    let slots = available_slots(&inputs, &query);
    for w in slots.windows(2) {
        assert!(w[0].start < w[1].start, "not sorted or not unique: {w:?}");
    }
    let pad = buffer_before + buffer_after;
    for s in &slots {
        assert_eq!(s.end - s.start, query.duration, "{s:?}");
        assert!(
            s.start >= query.from && s.start < query.to,
            "{s:?} outside the window"
        );
        assert!(
            s.start >= now + minimum_notice,
            "{s:?} sooner than the notice"
        );
        assert!(s.start <= now + horizon, "{s:?} past the horizon");
        for o in &time_offs {
            assert!(!s.overlaps(o), "{s:?} in time-off {o:?}");
        }
        for b in &busy {
            let widened = Interval::new(b.start - pad, b.end + pad);
            assert!(!s.overlaps(&widened), "{s:?} hits booking {b:?}");
        }
    }
    for s in slots.iter().take(3) {
        assert!(
            is_offered(&inputs, *s, query.step),
            "{s:?} listed, not offered"
        );
        assert_eq!(check_offered(&inputs, *s, query.step), Ok(()));
    }
    // Arbitrary candidates: any answer, never a panic.
    let candidate = Interval::new(from, from + query.duration);
    let _ = check_offered(&inputs, candidate, query.step);
    slots.len()
}
