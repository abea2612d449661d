//! The contract at the edge: every argument is converted for core here, naming where it sat.
//!
//! Kotlin's and Swift's type systems already rule out a value of the wrong type or a null where
//! none is allowed, and integers cross as exactly core's types (`Int` ↔ `i32`, `Long` ↔ `i64`,
//! `UInt` ↔ `u32`: the binding narrows nothing; ranges such as a day of the week are core's
//! checks). What a type cannot rule out is a string that does not hold what it should (an id
//! that is not a UUID, an amount that is not a plain decimal, a local time, date, currency or
//! JSON text that does not parse), a non-finite `Double`, an instant or a duration outside the
//! range core can hold. Each is refused here, before core runs (so nothing is written), with
//! `BlajarplusError::Validation` whose `field` is the camelCase name of the offending input as
//! Kotlin spells it — the argument (`booking`, `durationMinutes`) or the innermost property
//! of an input record (`hourlyRate` for `new.hourlyRate`, `startTime` for
//! `rules[1].startTime`) — and whose `reason` starts with the whole path
//! (`rules[1].startTime: "25:00" is not a time like "16:00"`). Core's own validation errors
//! get the same spelling (see [`crate::error`]).
//!
//! How: UniFFI lifts arguments before the exported function runs and keeps no argument or field
//! name when a lift fails, so inputs cross as their *wire* form ([`Edge::Wire`]: a `String` for
//! an id, a mirror record of such wire fields for an input record) and the facade converts them
//! with [`Edge::lift`], which knows the path. The same declarations give the contract table
//! ([`edge_contract`]): for every facade method, every argument, every leaf and its
//! [`EdgeKind`]; the Kotlin tests run every bad value of every kind through it.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use blajarplus::types::*;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use rust_decimal::Decimal;

use crate::clock::FixedClock;
use crate::error::BlajarplusError;

/// The form in which `T` crosses the FFI as an input.
pub type Wire<T> = <T as Edge>::Wire;

/// An input type of the facade: its wire form, its conversion and its shape.
pub trait Edge: Sized {
    /// What Kotlin and Swift pass (a UniFFI type).
    type Wire;
    /// The core value of `wire`, found at `at`; a `Validation` error naming `at` when it
    /// cannot be one.
    fn lift(wire: Self::Wire, at: &Path<'_>) -> Result<Self, BlajarplusError>;
    /// Adds the leaves of this input under `at` to `out` (the contract table).
    fn shape(at: &mut Vec<PathStep>, out: &mut Vec<ContractLeaf>);
}

// ---- the table ------------------------------------------------------------------------------

/// What a leaf of an input holds, and so which bad values it can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum EdgeKind {
    /// Free text: checked by core (lengths, emails, URLs, time zones), if at all.
    Text,
    /// An id: a hyphenated UUID, `"0190a8f2-0000-7000-8000-000000000000"`.
    Uuid,
    /// A decimal in plain notation: `"150000"`, `"-6.9175"`.
    Decimal,
    /// A three-letter ISO 4217 code: `"IDR"`.
    Currency,
    /// A calendar date: `"2030-01-31"`.
    LocalDate,
    /// A time of day: `"16:00"` or `"16:00:00"`.
    LocalTime,
    /// JSON text.
    Json,
    /// An instant, within the years core can hold (about ±262,000).
    Instant,
    /// A finite `Double`.
    Float,
    /// A duration that fits core's (at most about 292 million years).
    Duration,
    /// Raw bytes (a notification body): checked by core.
    Bytes,
}

/// One step from an argument down to a leaf (names as in Rust, snake_case).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum PathStep {
    /// A field of a record (or of an enum variant).
    Field { name: String },
    /// An element of a list.
    Element,
    /// A variant of an enum with fields (the next step is one of its fields).
    Variant { name: String },
}

/// A leaf of an argument: where it is and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ContractLeaf {
    /// From the argument down; empty for the argument itself.
    pub path: Vec<PathStep>,
    /// What it holds.
    pub kind: EdgeKind,
}

/// An argument of a facade method and its leaves.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ContractArgument {
    /// As in Rust (snake_case).
    pub name: String,
    /// Every leaf that is a string, a `Double`, an instant, a duration or bytes.
    pub leaves: Vec<ContractLeaf>,
}

/// A facade method and its arguments, in order.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ContractMethod {
    /// As in Rust (snake_case, as core names it).
    pub name: String,
    /// Every argument, in order.
    pub arguments: Vec<ContractArgument>,
}

impl ContractArgument {
    /// The argument `name` of type `T`.
    pub(crate) fn of<T: Edge>(name: &str) -> Self {
        let mut leaves = Vec::new();
        T::shape(&mut Vec::new(), &mut leaves);
        ContractArgument {
            name: name.to_owned(),
            leaves,
        }
    }
}

/// The contract table: every facade method of `Marketplace` (and its `open` constructor), every
/// argument, every leaf with its kind — read from the same declarations that convert them.
#[uniffi::export]
pub fn edge_contract() -> Vec<ContractMethod> {
    crate::marketplace::contract()
}

// ---- paths ----------------------------------------------------------------------------------

/// Where a value sits in the arguments of a call: `rules[2].startTime`. Built on the stack as
/// conversion descends; only formatted when something is wrong.
#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step,
}

#[derive(Clone, Copy)]
enum Step {
    Argument(&'static str),
    Field(&'static str),
    Element(usize),
    Variant,
}

impl<'a> Path<'a> {
    /// The argument `name` (Rust spelling).
    pub fn argument(name: &'static str) -> Self {
        Path {
            parent: None,
            step: Step::Argument(name),
        }
    }

    /// The field `name` (Rust spelling) of the record at this path.
    pub fn field(&'a self, name: &'static str) -> Path<'a> {
        self.child(Step::Field(name))
    }

    /// The element `index` of the list at this path.
    pub fn element(&'a self, index: usize) -> Path<'a> {
        self.child(Step::Element(index))
    }

    /// A variant of the enum at this path (not shown: `resolution.refund`).
    pub fn variant(&'a self) -> Path<'a> {
        self.child(Step::Variant)
    }

    fn child(&'a self, step: Step) -> Path<'a> {
        Path {
            parent: Some(self),
            step,
        }
    }

    /// The innermost named input, camelCase: the last field on the path, else the argument.
    pub fn field_name(&self) -> String {
        match self.step {
            Step::Argument(name) | Step::Field(name) => camel_case(name),
            Step::Element(_) | Step::Variant => {
                self.parent.map_or_else(String::new, Path::field_name)
            }
        }
    }

    /// A validation error at this path.
    pub fn invalid(&self, message: impl fmt::Display) -> BlajarplusError {
        BlajarplusError::Validation {
            field: Some(self.field_name()),
            reason: format!("{self}: {message}"),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.fmt(f)?;
        }
        match self.step {
            Step::Argument(name) => f.write_str(&camel_case(name)),
            Step::Field(name) => write!(f, ".{}", camel_case(name)),
            Step::Element(i) => write!(f, "[{i}]"),
            Step::Variant => Ok(()),
        }
    }
}

/// A Rust name as UniFFI's Kotlin and Swift name it: `hourly_rate` → `hourlyRate` (core's
/// rule, shared with the Node binding).
pub fn camel_case(name: &str) -> String {
    blajarplus::Error::camel_case(name)
}

// ---- containers -----------------------------------------------------------------------------

impl<T: Edge> Edge for Option<T> {
    type Wire = Option<T::Wire>;
    fn lift(wire: Self::Wire, at: &Path<'_>) -> Result<Self, BlajarplusError> {
        wire.map(|w| T::lift(w, at)).transpose()
    }
    fn shape(at: &mut Vec<PathStep>, out: &mut Vec<ContractLeaf>) {
        T::shape(at, out);
    }
}

impl<T: Edge> Edge for Vec<T> {
    type Wire = Vec<T::Wire>;
    fn lift(wire: Self::Wire, at: &Path<'_>) -> Result<Self, BlajarplusError> {
        wire.into_iter()
            .enumerate()
            .map(|(i, w)| T::lift(w, &at.element(i)))
            .collect()
    }
    fn shape(at: &mut Vec<PathStep>, out: &mut Vec<ContractLeaf>) {
        at.push(PathStep::Element);
        T::shape(at, out);
        at.pop();
    }
}

/// Adds the field `name` of type `T` to a record's shape.
pub fn field_shape<T: Edge>(name: &str, at: &mut Vec<PathStep>, out: &mut Vec<ContractLeaf>) {
    at.push(PathStep::Field {
        name: name.to_owned(),
    });
    T::shape(at, out);
    at.pop();
}

/// Declares input records: for each, a UniFFI record (Kotlin data class, Swift struct) of the
/// fields' wire forms and the [`Edge`] conversion into `$target` (a struct literal, so a field
/// added to or renamed in core fails to compile here).
macro_rules! input {
    ($(
        $(#[$meta:meta])*
        $name:ident => $target:ty {
            $( $(#[$fmeta:meta])* $field:ident: $fty:ty ),* $(,)?
        }
    )*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, uniffi::Record)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $crate::edge::Wire<$fty>, )*
        }

        impl $crate::edge::Edge for $target {
            type Wire = $name;
            fn lift(
                wire: $name,
                at: &$crate::edge::Path<'_>,
            ) -> ::std::result::Result<Self, $crate::error::BlajarplusError> {
                Ok(Self {
                    $( $field: <$fty as $crate::edge::Edge>::lift(
                        wire.$field,
                        &at.field(stringify!($field)),
                    )?, )*
                })
            }
            fn shape(
                at: &mut Vec<$crate::edge::PathStep>,
                out: &mut Vec<$crate::edge::ContractLeaf>,
            ) {
                $( $crate::edge::field_shape::<$fty>(stringify!($field), at, out); )*
            }
        }
    )*};
}
pub(crate) use input;

// ---- leaves ---------------------------------------------------------------------------------

/// Types that cross as themselves and cannot hold a bad value (the target language's type rules
/// it out): no leaf in the table.
macro_rules! as_is {
    ($($t:ty),* $(,)?) => {$(
        impl Edge for $t {
            type Wire = $t;
            fn lift(wire: $t, _: &Path<'_>) -> Result<Self, BlajarplusError> {
                Ok(wire)
            }
            fn shape(_: &mut Vec<PathStep>, _: &mut Vec<ContractLeaf>) {}
        }
    )*};
}

as_is!(bool, i32, i64, u32, Arc<FixedClock>);
// Enums cross as native enums (Kotlin `Role.STUDENT`): an unknown value cannot be written.
as_is!(
    Role,
    UserStatus,
    TeachingMode,
    Level,
    DocType,
    LessonMode,
    LocationType,
    PaymentProvider,
    PaymentStatus,
    MessageType,
    ReviewStatus,
    ReportTargetType,
    ReportReason,
    ReportStatus,
    blajarplus::search::SearchSort,
);

/// A leaf of kind `$kind` whose wire form is `$wire`, converted by `$lift`.
macro_rules! leaf {
    ($t:ty, $wire:ty, $kind:ident, |$w:ident, $at:ident| $lift:expr) => {
        impl Edge for $t {
            type Wire = $wire;
            fn lift($w: $wire, $at: &Path<'_>) -> Result<Self, BlajarplusError> {
                $lift
            }
            fn shape(at: &mut Vec<PathStep>, out: &mut Vec<ContractLeaf>) {
                out.push(ContractLeaf {
                    path: at.clone(),
                    kind: EdgeKind::$kind,
                });
            }
        }
    };
}

leaf!(String, String, Text, |w, _at| Ok(w));
leaf!(Vec<u8>, Vec<u8>, Bytes, |w, _at| Ok(w));
leaf!(f64, f64, Float, |w, at| if w.is_finite() {
    Ok(w)
} else {
    Err(at.invalid(format!("{w} is not a finite number")))
});
leaf!(Decimal, String, Decimal, |w, at| decimal(&w)
    .map_err(|e| at.invalid(e)));
leaf!(Currency, String, Currency, |w, at| w.parse().map_err(
    |_| {
        at.invalid(format!(
            "{w:?} is not a three-letter ISO 4217 code like \"IDR\""
        ))
    }
));
leaf!(DateTime<Utc>, SystemTime, Instant, |w, at| instant(w)
    .ok_or_else(|| at.invalid(format!(
        "{w:?} is outside the years core can hold"
    ))));
leaf!(NaiveTime, String, LocalTime, |w, at| local_time(&w)
    .ok_or_else(
        || at.invalid(format!("{w:?} is not a time like \"16:00\""))
    ));
leaf!(NaiveDate, String, LocalDate, |w, at| local_date(&w)
    .ok_or_else(|| at.invalid(format!(
        "{w:?} is not a date like \"2030-01-31\""
    ))));
leaf!(serde_json::Value, String, Json, |w, at| {
    serde_json::from_str(&w).map_err(|e| at.invalid(format!("not JSON: {e}")))
});
leaf!(chrono::Duration, Duration, Duration, |w, at| {
    chrono::Duration::from_std(w).map_err(|_| at.invalid(format!("{w:?} is too long")))
});

/// Every id of core: a hyphenated UUID, strictly (core's own parser also takes braces, URNs,
/// blanks and the simple form).
macro_rules! ids {
    ($($id:ident),* $(,)?) => {$(
        leaf!($id, String, Uuid, |w, at| uuid(&w)
            .and_then(|s| $id::parse(s).ok())
            .ok_or_else(|| at.invalid(format!("{w:?} is not a UUID"))));
    )*};
}
blajarplus::for_each_id!(ids);

// ---- the conversions, shared with the custom types of `convert` -----------------------------

/// `s` when it is a hyphenated UUID (36 characters, hex digits and four hyphens).
pub fn uuid(s: &str) -> Option<&str> {
    let ok = s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    ok.then_some(s)
}

/// A decimal in plain notation (`"150000"`, `"-12.50"`): no exponent, separators, blanks or
/// `+`, and nothing that would need rounding to fit a `Decimal` (28 digits).
pub fn decimal(s: &str) -> Result<Decimal, String> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    if !plain {
        return Err(format!(
            "{s:?} is not a decimal string like \"150000\" or \"12.50\""
        ));
    }
    Decimal::from_str_exact(s).map_err(|e| format!("{s:?}: {e}"))
}

/// The UTC instant of `t`, rounded to the microsecond (what both databases keep; rounding, not
/// truncating, undoes the sub-microsecond error of Swift's `Date`, a `Double`); `None` outside
/// chrono's range (about ±262,000 years).
pub fn instant(t: SystemTime) -> Option<DateTime<Utc>> {
    let (secs, nanos) = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (i64::try_from(d.as_secs()).ok()?, d.subsec_nanos()),
        Err(before) => {
            let d = before.duration();
            let secs = i64::try_from(d.as_secs()).ok()?;
            match d.subsec_nanos() {
                0 => (-secs, 0),
                n => (-secs - 1, 1_000_000_000 - n),
            }
        }
    };
    let exact = DateTime::from_timestamp(secs, nanos)?;
    match nanos % 1000 {
        0 => Some(exact),
        n if n < 500 => exact.checked_sub_signed(TimeDelta::nanoseconds(n.into())),
        n => exact.checked_add_signed(TimeDelta::nanoseconds((1000 - n).into())),
    }
}

/// `"16:00"` or `"16:00:00"` (digits and colons only: chrono's parser would skip blanks).
pub fn local_time(s: &str) -> Option<NaiveTime> {
    if !s.bytes().all(|b| b.is_ascii_digit() || b == b':') {
        return None;
    }
    NaiveTime::parse_from_str(s, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
        .ok()
}

/// `"2030-01-31"` (digits and hyphens only).
pub fn local_date(s: &str) -> Option<NaiveDate> {
    if !s.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lift<T: Edge>(wire: T::Wire) -> Result<T, BlajarplusError> {
        T::lift(wire, &Path::argument("the_arg"))
    }

    fn refused<T: Edge + fmt::Debug>(wire: T::Wire) -> (Option<String>, String) {
        match lift::<T>(wire) {
            Err(BlajarplusError::Validation { field, reason }) => (field, reason),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn names_are_camel_case() {
        assert_eq!(camel_case("hourly_rate"), "hourlyRate");
        assert_eq!(camel_case("lat"), "lat");
        assert_eq!(camel_case("purchases_cancelled"), "purchasesCancelled");
    }

    #[test]
    fn ids_are_strict_uuids() {
        let id = BookingId::new();
        assert_eq!(lift::<BookingId>(id.to_string()).unwrap(), id);
        for bad in [
            "not-a-uuid".to_owned(),
            String::new(),
            format!(" {id}"),
            format!("{{{id}}}"),
            id.to_string().replace('-', ""),
        ] {
            let (field, reason) = refused::<BookingId>(bad);
            assert_eq!(field.as_deref(), Some("theArg"));
            assert!(reason.starts_with("theArg: "), "{reason}");
        }
    }

    #[test]
    fn decimals_are_plain() {
        assert_eq!(
            lift::<Decimal>("127500.50".into()).unwrap().to_string(),
            "127500.50"
        );
        assert_eq!(
            lift::<Decimal>("-6.9175".into()).unwrap().to_string(),
            "-6.9175"
        );
        for bad in [
            "NaN", "Infinity", "", "abc", "1e30", "1,5", " 1", "+1", "1.", ".5",
        ] {
            refused::<Decimal>(bad.into());
        }
        // 29 digits: more than a Decimal holds.
        refused::<Decimal>("9".repeat(29));
    }

    #[test]
    fn instants_are_rounded_to_microseconds_and_range_checked() {
        let almost_noon = UNIX_EPOCH + Duration::new(43_199, 999_999_800);
        let t = lift::<DateTime<Utc>>(almost_noon).unwrap();
        assert_eq!((t.timestamp(), t.timestamp_subsec_nanos()), (43_200, 0));
        let before = UNIX_EPOCH - Duration::new(1, 100);
        let t = lift::<DateTime<Utc>>(before).unwrap();
        assert_eq!((t.timestamp(), t.timestamp_subsec_nanos()), (-1, 0));
        // Java's Instant.MAX and MIN: about a billion years away.
        let far = Duration::from_secs(31_556_889_864_403_199);
        refused::<DateTime<Utc>>(UNIX_EPOCH + far);
        refused::<DateTime<Utc>>(UNIX_EPOCH - far);
    }

    #[test]
    fn floats_are_finite_and_spans_fit() {
        assert_eq!(lift::<f64>(1.5).unwrap(), 1.5);
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            refused::<f64>(bad);
        }
        refused::<chrono::Duration>(Duration::from_secs(u64::MAX));
    }

    #[test]
    fn times_dates_currencies_and_json() {
        assert_eq!(
            lift::<NaiveTime>("16:00".into()).unwrap(),
            NaiveTime::from_hms_opt(16, 0, 0).unwrap()
        );
        refused::<NaiveTime>("25:00".into());
        refused::<NaiveTime>(" 16:00".into());
        refused::<NaiveDate>("2030-02-30".into());
        refused::<NaiveDate>("2030-01-31 ".into());
        refused::<Currency>("idr".into());
        refused::<serde_json::Value>("{".into());
    }

    #[test]
    fn paths_name_the_innermost_field() {
        let root = Path::argument("rules");
        let first = root.element(1);
        let start = first.field("start_time");
        let err = start.invalid("bad");
        assert_eq!(
            err,
            BlajarplusError::Validation {
                field: Some("startTime".into()),
                reason: "rules[1].startTime: bad".into()
            }
        );
        let ids = Path::argument("events");
        assert_eq!(ids.element(0).field_name(), "events");
        let split = Path::argument("resolution");
        let variant = split.variant();
        assert_eq!(variant.field("refund").to_string(), "resolution.refund");
    }
}
