//! The conversions between core values and JS values, each written once.
//!
//! - [`ToJs`]: a core value → its JS form (ids and money as strings, instants as `Date`, enums
//!   as their database strings, records as plain objects). Containers (`Option`, `Vec`)
//!   convert element-wise, so a record mirror converts field by field with one generic call.
//! - [`FromJs`]: a JS argument → the core value, or an [`ArgError`] naming the argument's
//!   [`Path`] (code `validation`). [`crate::args`] has already read the value strictly on the JS
//!   thread (a string where a string is due, an integer where an integer is); this layer
//!   checks the text (a UUID, a decimal, a local date).
//!
//! JS `Date`s carry milliseconds, core instants microseconds: instants going out are truncated
//! to the millisecond.

use std::fmt;

use blajarplus as bp;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use napi::bindgen_prelude::{FromNapiValue, ToNapiValue, TypeName, ValidateNapiValue};
use napi::{Status, ValueType, check_status, sys};
use rust_decimal::Decimal;

use crate::args::{self, Arg};
use crate::error::{ArgError, JsKind};

/// A core value that has a JS form.
pub(crate) trait ToJs {
    /// The JS-facing type (something napi can hand to JS).
    type Js;
    /// Converts; never fails (every core value has a JS form).
    fn to_js(self) -> Self::Js;
}

/// A core value that can be made from a JS argument of type `J`.
pub(crate) trait FromJs<J>: Sized {
    /// Converts `js`, found at `path` in the arguments.
    fn from_js(js: J, path: Path<'_>) -> Result<Self, ArgError>;
}

/// Converts the argument `js` named `name` (as JS spells it) for core: what was wrong with
/// it when JS passed it, or what is wrong with its text, is an error naming `name`.
pub(crate) fn arg<T: FromJs<J>, J>(js: Arg<J>, name: &'static str) -> Result<T, ArgError> {
    T::from_js(read(js, name)?, Path::root(name))
}

/// The argument `js` named `name` as JS passed it (read, not converted for core yet).
pub(crate) fn read<J>(js: Arg<J>, name: &'static str) -> Result<J, ArgError> {
    js.0.map_err(|e| e.in_argument(name))
}

/// A Rust field name as napi names the JS property: `hourly_rate` → `hourlyRate` (core's rule,
/// shared with the mobile binding).
pub(crate) fn camel_case(name: &str) -> String {
    blajarplus::Error::camel_case(name)
}

/// Where a value sits in the arguments of a call, for error messages: `rules[2].startTime`.
/// Built on the stack as conversion descends; only formatted when something is wrong. While
/// [`crate::args`] reads an argument its name is not known yet: the path is relative
/// (`[2].startTime`) until [`arg`] names it.
#[derive(Clone, Copy)]
pub(crate) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment,
}

#[derive(Clone, Copy)]
enum Segment {
    /// An argument, spelled as in JS (empty: not known yet).
    Arg(&'static str),
    /// A field, spelled as in Rust (snake_case; shown in camelCase).
    Field(&'static str),
    /// An array element.
    Index(usize),
}

impl<'a> Path<'a> {
    /// The argument `name`, spelled as in JS.
    pub(crate) fn root(name: &'static str) -> Self {
        Path {
            parent: None,
            segment: Segment::Arg(name),
        }
    }

    /// An argument whose name [`arg`] adds later.
    pub(crate) fn relative() -> Self {
        Self::root("")
    }

    /// The field `name` (Rust spelling) of the value at this path.
    pub(crate) fn field(&'a self, name: &'static str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Field(name),
        }
    }

    /// The element `index` of the array at this path.
    pub(crate) fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// A `TypeError` at this path.
    pub(crate) fn type_error(&self, message: impl fmt::Display) -> ArgError {
        self.error(JsKind::TypeError, message)
    }

    /// A `RangeError` at this path.
    pub(crate) fn range_error(&self, message: impl fmt::Display) -> ArgError {
        self.error(JsKind::RangeError, message)
    }

    fn error(&self, kind: JsKind, message: impl fmt::Display) -> ArgError {
        ArgError {
            path: self.to_string(),
            field: self.field_name(),
            message: message.to_string(),
            kind,
        }
    }

    /// The innermost named input: the last field on the path, else the argument (camelCase).
    fn field_name(&self) -> String {
        match self.segment {
            Segment::Field(name) => camel_case(name),
            Segment::Arg(name) => name.to_owned(),
            Segment::Index(_) => self.parent.map_or_else(String::new, Path::field_name),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            parent.fmt(f)?;
        }
        match self.segment {
            Segment::Arg(name) => f.write_str(name),
            // snake_case → camelCase, as napi names the JS properties.
            Segment::Field(name) => write!(f, ".{}", camel_case(name)),
            Segment::Index(i) => write!(f, "[{i}]"),
        }
    }
}

// ---- containers ----------------------------------------------------------------------------

impl<T: ToJs> ToJs for Option<T> {
    type Js = Option<T::Js>;
    fn to_js(self) -> Self::Js {
        self.map(T::to_js)
    }
}

impl<T: ToJs> ToJs for Vec<T> {
    type Js = Vec<T::Js>;
    fn to_js(self) -> Self::Js {
        self.into_iter().map(T::to_js).collect()
    }
}

impl<J, T: FromJs<J>> FromJs<Option<J>> for Option<T> {
    fn from_js(js: Option<J>, path: Path<'_>) -> Result<Self, ArgError> {
        js.map(|v| T::from_js(v, path)).transpose()
    }
}

/// Core input fields that are not optional but have a default (`TutorSearch.sort`,
/// `.verifiedOnly`): JS may leave them out, and core's `Default` fills them in.
macro_rules! absent_is_default {
    ($($core:ty => $js:ty),* $(,)?) => {$(
        impl FromJs<Option<$js>> for $core {
            fn from_js(js: Option<$js>, path: Path<'_>) -> Result<Self, ArgError> {
                js.map_or_else(|| Ok(<$core>::default()), |v| <$core>::from_js(v, path))
            }
        }
    )*};
}
absent_is_default!(bool => bool, bp::search::SearchSort => crate::types::SearchSort);

impl<J, T: FromJs<J>> FromJs<Vec<J>> for Vec<T> {
    fn from_js(js: Vec<J>, path: Path<'_>) -> Result<Self, ArgError> {
        js.into_iter()
            .enumerate()
            .map(|(i, v)| T::from_js(v, path.index(i)))
            .collect()
    }
}

// ---- values that are the same on both sides -----------------------------------------------

macro_rules! same_on_both_sides {
    ($($t:ty),* $(,)?) => {$(
        impl ToJs for $t {
            type Js = $t;
            fn to_js(self) -> $t {
                self
            }
        }
        impl FromJs<$t> for $t {
            fn from_js(js: $t, _: Path<'_>) -> Result<Self, ArgError> {
                Ok(js)
            }
        }
    )*};
}

same_on_both_sides!(String, bool, i32, i64, u32, f64, serde_json::Value);

impl ToJs for () {
    type Js = ();
    fn to_js(self) {}
}

/// Counts (`u64` in core) are JS numbers, exact up to 2^53.
impl ToJs for u64 {
    type Js = f64;
    fn to_js(self) -> f64 {
        self as f64
    }
}

/// Counts (`usize` in core) are JS numbers, exact up to 2^53.
impl ToJs for usize {
    type Js = f64;
    fn to_js(self) -> f64 {
        self as f64
    }
}

// ---- ids: strings --------------------------------------------------------------------------

macro_rules! ids {
    ($($id:ident),* $(,)?) => {$(
        impl ToJs for bp::types::$id {
            type Js = String;
            fn to_js(self) -> String {
                self.to_string()
            }
        }
        impl FromJs<args::Uuid> for bp::types::$id {
            fn from_js(args::Uuid(js): args::Uuid, path: Path<'_>) -> Result<Self, ArgError> {
                // Strict: core's own parser also accepts braces, URNs and surrounding blanks.
                let ok = js.len() == 36 && js.bytes().enumerate().all(|(i, b)| match i {
                    8 | 13 | 18 | 23 => b == b'-',
                    _ => b.is_ascii_hexdigit(),
                });
                if !ok {
                    return Err(path.type_error(format!("{js:?} is not a UUID")));
                }
                js.parse().map_err(|_| path.type_error(format!("{js:?} is not a UUID")))
            }
        }
    )*};
}

// Every id type of core, listed once in core.
blajarplus::for_each_id!(ids);

// ---- money: decimal strings ------------------------------------------------------------------

impl ToJs for Decimal {
    type Js = String;
    fn to_js(self) -> String {
        self.to_string()
    }
}

impl FromJs<args::Decimal> for Decimal {
    fn from_js(args::Decimal(js): args::Decimal, path: Path<'_>) -> Result<Self, ArgError> {
        // Plain decimal notation only: no exponent, no separators, no blanks, no `+`.
        let digits = js.strip_prefix('-').unwrap_or(&js);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
        let ok = !int.is_empty()
            && !frac.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit());
        if !ok {
            return Err(path.type_error(format!(
                "{js:?} is not a decimal string like \"150000\" or \"12.50\""
            )));
        }
        Decimal::from_str_exact(&js).map_err(|e| path.range_error(format!("{js:?}: {e}")))
    }
}

impl ToJs for bp::types::Currency {
    type Js = String;
    fn to_js(self) -> String {
        self.as_str().to_owned()
    }
}

impl FromJs<String> for bp::types::Currency {
    fn from_js(js: String, path: Path<'_>) -> Result<Self, ArgError> {
        js.parse()
            .map_err(|_| path.type_error(format!("{js:?} is not an ISO 4217 code like \"IDR\"")))
    }
}

// ---- time: Date, and local dates and times as ISO strings ----------------------------------

/// A JS `Date` at the boundary: milliseconds since the epoch, possibly `NaN` (an invalid date,
/// refused by [`FromJs`] with a `RangeError`). napi's own `DateTime` conversion would read an
/// invalid date as 1970-01-01, hence this type. Named `Date` so that `index.d.ts` says `Date`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Date(f64);

impl TypeName for Date {
    fn type_name() -> &'static str {
        "Date"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl ValidateNapiValue for Date {
    unsafe fn validate(
        env: sys::napi_env,
        value: sys::napi_value,
    ) -> napi::Result<sys::napi_value> {
        let mut is_date = false;
        check_status!(unsafe { sys::napi_is_date(env, value, &mut is_date) })?;
        if is_date {
            Ok(std::ptr::null_mut())
        } else {
            Err(napi::Error::new(Status::DateExpected, "expected a Date"))
        }
    }
}

impl FromNapiValue for Date {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        unsafe { Self::validate(env, value) }?;
        let mut millis = 0.0;
        check_status!(unsafe { sys::napi_get_date_value(env, value, &mut millis) })?;
        Ok(Date(millis))
    }
}

impl ToNapiValue for Date {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let mut out = std::ptr::null_mut();
        check_status!(unsafe { sys::napi_create_date(env, val.0, &mut out) })?;
        Ok(out)
    }
}

impl ToJs for DateTime<Utc> {
    type Js = Date;
    fn to_js(self) -> Date {
        Date(self.timestamp_millis() as f64)
    }
}

impl FromJs<Date> for DateTime<Utc> {
    fn from_js(js: Date, path: Path<'_>) -> Result<Self, ArgError> {
        let millis = js.0;
        // `as` saturates; the round trip check refuses NaN and out-of-range dates.
        DateTime::from_timestamp_millis(millis as i64)
            .filter(|_| millis.is_finite() && millis.fract() == 0.0)
            .ok_or_else(|| path.range_error("is an invalid Date"))
    }
}

impl ToJs for NaiveDate {
    type Js = String;
    fn to_js(self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

impl FromJs<args::LocalDate> for NaiveDate {
    fn from_js(args::LocalDate(js): args::LocalDate, path: Path<'_>) -> Result<Self, ArgError> {
        NaiveDate::parse_from_str(&js, "%Y-%m-%d")
            .map_err(|_| path.type_error(format!("{js:?} is not a date like \"2030-01-31\"")))
    }
}

impl ToJs for NaiveTime {
    type Js = String;
    fn to_js(self) -> String {
        self.format("%H:%M:%S").to_string()
    }
}

impl FromJs<args::LocalTime> for NaiveTime {
    fn from_js(args::LocalTime(js): args::LocalTime, path: Path<'_>) -> Result<Self, ArgError> {
        NaiveTime::parse_from_str(&js, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(&js, "%H:%M"))
            .map_err(|_| path.type_error(format!("{js:?} is not a time like \"16:00\"")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse<T: FromJs<J>, J>(js: J) -> Result<T, ArgError> {
        arg(Arg(Ok(js)), "x")
    }

    fn decimal(s: &str) -> Result<Decimal, ArgError> {
        parse(args::Decimal(s.to_owned()))
    }

    fn time(s: &str) -> Result<NaiveTime, ArgError> {
        parse(args::LocalTime(s.to_owned()))
    }

    #[test]
    fn paths_are_spelled_as_in_js() {
        let root = Path::root("new");
        let rules = root.field("availability_rules");
        let third = rules.index(2);
        let err = third.field("start_time").type_error("bad");
        assert_eq!(err.path, "new.availabilityRules[2].startTime");
        assert_eq!(err.field, "startTime");
        assert_eq!(third.type_error("bad").field, "availabilityRules");
        assert_eq!(root.type_error("bad").field, "new");
    }

    #[test]
    fn relative_paths_get_their_argument_name() {
        let relative = Path::relative();
        let err = relative.index(1).field("start_time").type_error("bad");
        assert_eq!(
            (err.path.as_str(), err.field.as_str()),
            ("[1].startTime", "startTime")
        );
        let err = err.in_argument("rules");
        assert_eq!(
            (err.path.as_str(), err.field.as_str()),
            ("rules[1].startTime", "startTime")
        );
        let err = relative.index(0).type_error("bad").in_argument("eventIds");
        assert_eq!(
            (err.path.as_str(), err.field.as_str()),
            ("eventIds[0]", "eventIds")
        );
        let err = relative.type_error("bad").in_argument("bookingId");
        assert_eq!(
            (err.path.as_str(), err.field.as_str()),
            ("bookingId", "bookingId")
        );
    }

    #[test]
    fn camel_case_is_napis() {
        assert_eq!(camel_case("hourly_rate"), "hourlyRate");
        assert_eq!(camel_case("lat"), "lat");
        assert_eq!(camel_case("purchases_cancelled"), "purchasesCancelled");
        assert_eq!(camel_case("(column)"), "(column)");
    }

    #[test]
    fn decimals_are_plain_decimal_strings() {
        assert_eq!(decimal("150000").unwrap(), Decimal::from(150_000));
        assert_eq!(decimal("-12.50").unwrap().to_string(), "-12.50");
        for bad in [
            "",
            "1e5",
            "1e30",
            " 1",
            "1_000",
            "+1",
            "1.",
            ".5",
            "0x10",
            "NaN",
            "Infinity",
            "-Infinity",
            "abc",
            "1,5",
        ] {
            let err = decimal(bad).unwrap_err();
            assert_eq!(err.kind, JsKind::TypeError, "{bad:?}");
            assert_eq!((err.path.as_str(), err.field.as_str()), ("x", "x"));
        }
        assert_eq!(
            decimal("1".repeat(40).as_str()).unwrap_err().kind,
            JsKind::RangeError
        );
    }

    #[test]
    fn ids_are_strict_uuids() {
        let id = bp::types::UserId::new();
        let uuid = |s: &str| parse::<bp::types::UserId, _>(args::Uuid(s.to_owned()));
        assert_eq!(uuid(&id.to_string()).unwrap(), id);
        for bad in [
            "",
            "nope",
            " 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
            "{0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b}",
            "0190a1b2c3d47e5f8a9b0c1d2e3f4a5b",
        ] {
            assert!(uuid(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn dates_refuse_nan_and_fractions() {
        let ok = DateTime::<Utc>::from_js(Date(1_700_000_000_123.0), Path::root("at")).unwrap();
        assert_eq!(ok.to_js(), Date(1_700_000_000_123.0));
        for bad in [f64::NAN, f64::INFINITY, 8.64e15 + 1.0, 0.5] {
            let err = DateTime::<Utc>::from_js(Date(bad), Path::root("at")).unwrap_err();
            assert_eq!(err.kind, JsKind::RangeError);
        }
    }

    #[test]
    fn local_dates_and_times() {
        assert_eq!(time("16:00").unwrap().to_js(), "16:00:00");
        assert_eq!(time("16:00:30").unwrap().to_js(), "16:00:30");
        assert!(time("25:00").is_err());
        let date = |s: &str| parse::<NaiveDate, _>(args::LocalDate(s.to_owned()));
        assert_eq!(date("2030-01-31").unwrap().to_js(), "2030-01-31");
        assert!(date("2030-02-30").is_err());
    }
}
