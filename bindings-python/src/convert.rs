//! Python → core: one conversion per core type, used by every method.
//!
//! [`FromPy`] is implemented once per kind of value (ids, exact decimals, instants, enums,
//! input structs, …); a method parameter is then `Arg<CoreType>` (required) or
//! `Opt<CoreType>` (defaults to `None`). Converting never raises: pyo3 reads every argument
//! before the method's body runs, and an exception there would escape at the call, even from
//! an `AsyncMarketplace` method that must return an awaitable. So an [`Arg`] keeps what was
//! wrong with its value, and the body ([`Core::core`], which names the argument) raises it —
//! at once in the blocking API, from the awaitable in the asyncio one.
//!
//! What is wrong is an [`ArgError`]: a `ValidationError` (code `validation`) whose `field` is
//! the innermost input named on the path (the attribute of an input object, or the argument)
//! and whose message starts with that path (`new.hourly_rate: "NaN" is not a finite decimal
//! number`). Conversion is strict where Python is lenient: `bool` is not an `int`, a float is
//! never rounded to an `int` nor taken as money, `NaN` and infinities are refused wherever a
//! number is due, a `datetime` is not a `date`, instants must be timezone-aware and a tutor's
//! local times must not be. Core's rules (is this email valid, this zone known, this text too
//! long?) stay in core and come back as the same `ValidationError`, with the same spelling of
//! `field`.

use std::str::FromStr;

use blajarplus::Actor;
use blajarplus::marketplace::{
    AvailabilityRule, DisputeResolution, NewAddress, NewBooking, NewMessage, NewPackage, NewReport,
    NewReview, NewTutorProfile, NewTutorSubject, NewUser, PaymentUpdate, ProfileUpdate,
    ProgressNote, TutorSubjectUpdate,
};
use blajarplus::policy::Policy;
use blajarplus::search::{GeoPoint, SearchSort, TutorSearch};
use blajarplus::types::*;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDate, PyDateTime, PyDelta, PyDict, PyFloat, PyInt, PyList,
    PyString, PyTime, PyTuple,
};
use rust_decimal::Decimal;
use tracing_subscriber::filter::LevelFilter;

use crate::error::ArgError;
use crate::facade::FixedClock;

/// Extraction of a core value from a Python object (the binding's one input conversion).
pub(crate) trait FromPy: Sized {
    /// Converts `obj`, or says what is wrong with it (at a path relative to `obj`).
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError>;

    /// The value of an input object's attribute that is not there at all: `None` for an
    /// optional one, an error ("is required") otherwise.
    fn absent() -> Option<Self> {
        None
    }
}

/// A method parameter of core type `T` as Python passed it: converted, or what is wrong with
/// it. pyo3's extraction of it never fails.
pub(crate) struct Arg<T>(Result<T, ArgError>);

/// An optional method parameter of core type `T` (`None` from Python, or omitted).
pub(crate) type Opt<T> = Option<Arg<T>>;

impl<'a, 'py, T: FromPy> FromPyObject<'a, 'py> for Arg<T> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Arg(T::from_py(&obj)))
    }
}

/// Unwraps a parameter into the core value the facade takes, or the error of the argument.
pub(crate) trait Core {
    /// The core type.
    type Out;
    /// The core value, or the error of the argument `name` (its path and field complete).
    fn core(self, name: &str) -> Result<Self::Out, ArgError>;
}

impl<T> Core for Arg<T> {
    type Out = T;
    fn core(self, name: &str) -> Result<T, ArgError> {
        self.0.map_err(|e| e.in_argument(name))
    }
}

impl<T> Core for Option<Arg<T>> {
    type Out = Option<T>;
    fn core(self, name: &str) -> Result<Option<T>, ArgError> {
        self.map(|a| a.core(name)).transpose()
    }
}

/// The short name of a Python object's type, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// The error of a value of the wrong type (`None`: a required value that is missing). The
/// value itself is not shown: it may be a secret given in the wrong form.
fn wrong(obj: &Bound<'_, PyAny>, expected: &str) -> ArgError {
    if obj.is_none() {
        ArgError::new(format!("is required (expected {expected}, got None)"))
    } else {
        ArgError::new(format!("expected {expected}, got {}", type_name(obj)))
    }
}

/// A Python exception raised while reading a value (a `__str__` or `utcoffset` that raises, a
/// string that is not valid Unicode, …), as the error of that value.
fn raised(err: PyErr) -> ArgError {
    ArgError::new(err.to_string())
}

/// The message of a core validation error, without core's `invalid <field>:` prefix (the
/// binding's path names the input instead).
fn core_message(err: blajarplus::Error) -> String {
    match err {
        blajarplus::Error::Validation { message, .. } => message,
        other => other.to_string(),
    }
}

/// The text of a Python `str`.
fn text(obj: &Bound<'_, PyAny>, expected: &str) -> Result<String, ArgError> {
    let s = obj.cast::<PyString>().map_err(|_| wrong(obj, expected))?;
    s.to_str()
        .map(str::to_owned)
        .map_err(|_| ArgError::new("is not valid Unicode text (a lone surrogate)"))
}

/// A core string form (ids, enums, currencies) parsed by core's own `FromStr`.
fn parse_str<T: FromStr<Err = blajarplus::Error>>(
    obj: &Bound<'_, PyAny>,
    expected: &str,
) -> Result<T, ArgError> {
    T::from_str(&text(obj, expected)?).map_err(|e| ArgError::new(core_message(e)))
}

impl FromPy for String {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        text(obj, "a str")
    }
}

impl FromPy for bool {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        match obj.cast::<PyBool>() {
            Ok(b) => Ok(b.is_true()),
            Err(_) => Err(wrong(obj, "a bool")),
        }
    }
}

/// A logging threshold, as `logging` spells one: a level number (`logging.DEBUG`; any int) or
/// a level's name (`"DEBUG"`, `"warning"`, …, and `"TRACE"`, 5). The filter lets through the
/// events whose Python level (TRACE 5, DEBUG 10, INFO 20, WARN 30, ERROR 40) is at least that.
impl FromPy for LevelFilter {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        let number = if obj.is_instance_of::<PyString>() {
            let name = text(obj, "a str")?;
            match name.to_ascii_uppercase().as_str() {
                "NOTSET" => 0,
                "TRACE" => 5,
                "DEBUG" => 10,
                "INFO" => 20,
                "WARN" | "WARNING" => 30,
                "ERROR" => 40,
                "FATAL" | "CRITICAL" => 50,
                _ => {
                    return Err(ArgError::new(format!(
                        "{name:?} is not a level name (TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL)"
                    )));
                }
            }
        } else if obj.is_instance_of::<PyInt>() {
            integer(obj, i64::MIN, i64::MAX)?
        } else {
            return Err(wrong(obj, "a logging level (an int or its name)"));
        };
        Ok(match number {
            ..=5 => LevelFilter::TRACE,
            6..=10 => LevelFilter::DEBUG,
            11..=20 => LevelFilter::INFO,
            21..=30 => LevelFilter::WARN,
            31..=40 => LevelFilter::ERROR,
            _ => LevelFilter::OFF,
        })
    }
}

/// An integer: a Python `int` (or an object with `__index__`), never a `bool` or a float
/// (`60.0` and `60.5` alike: refused, never rounded), within `min..=max` (core's type).
fn integer<T: TryFrom<i64>>(obj: &Bound<'_, PyAny>, min: i64, max: i64) -> Result<T, ArgError> {
    if obj.is_instance_of::<PyBool>() {
        return Err(wrong(obj, "an int"));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Err(ArgError::new(format!(
            "expected an int, got float {} (a whole number is due; floats are never rounded)",
            f.value()
        )));
    }
    let out_of_range = || {
        let shown = obj.str().map(|s| s.to_string()).unwrap_or_default();
        ArgError::new(format!("{shown} is out of range ({min} to {max})"))
    };
    match obj.extract::<i64>() {
        Ok(v) => T::try_from(v).map_err(|_| out_of_range()),
        Err(_) if obj.is_instance_of::<PyInt>() => Err(out_of_range()),
        Err(_) => Err(wrong(obj, "an int")),
    }
}

macro_rules! integers {
    ($($t:ty),* $(,)?) => { $(
        impl FromPy for $t {
            fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
                integer(obj, <$t>::MIN.into(), <$t>::MAX.into())
            }
        }
    )* };
}
integers!(i32, i64, u32);

/// A finite number: a Python `float` or `int` (never a `bool` or a string); `NaN` and the
/// infinities are refused.
impl FromPy for f64 {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        if obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyString>() {
            return Err(wrong(obj, "a float"));
        }
        let v: f64 = obj.extract().map_err(|_| {
            if obj.is_instance_of::<PyInt>() {
                ArgError::new("is too large for a float")
            } else {
                wrong(obj, "a float")
            }
        })?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(ArgError::new(format!("{v} is not a finite number")))
        }
    }
}

/// A calendar date: a `datetime.date` (a `datetime.datetime`, which is one too, is refused:
/// passing an instant where a date is meant is a bug).
impl FromPy for NaiveDate {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        if obj.is_instance_of::<PyDateTime>() {
            return Err(ArgError::new(
                "expected a datetime.date, got a datetime.datetime (use .date())",
            ));
        }
        if !obj.is_instance_of::<PyDate>() {
            return Err(wrong(obj, "a datetime.date"));
        }
        obj.extract().map_err(raised)
    }
}

/// A tutor's local wall-clock time: a naive `datetime.time` (one with a `tzinfo` is refused:
/// the tutor's zone gives it its meaning).
impl FromPy for NaiveTime {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        let time = obj
            .cast::<PyTime>()
            .map_err(|_| wrong(obj, "a datetime.time"))?;
        if !time.getattr("tzinfo").map_err(raised)?.is_none() {
            return Err(ArgError::new(
                "expected a naive datetime.time (the tutor's local time), got one with a tzinfo",
            ));
        }
        obj.extract().map_err(raised)
    }
}

/// A span of time: a `datetime.timedelta`.
impl FromPy for chrono::Duration {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        if !obj.is_instance_of::<PyDelta>() {
            return Err(wrong(obj, "a datetime.timedelta"));
        }
        obj.extract().map_err(raised)
    }
}

impl<T: FromPy> FromPy for Option<T> {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        if obj.is_none() {
            Ok(None)
        } else {
            T::from_py(obj).map(Some)
        }
    }
    fn absent() -> Option<Self> {
        Some(None)
    }
}

/// A list: any iterable but a `str`, `bytes`, `bytearray` or `dict`; each item converted.
impl<T: FromPy> FromPy for Vec<T> {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        if obj.is_instance_of::<PyString>()
            || obj.is_instance_of::<PyBytes>()
            || obj.is_instance_of::<PyByteArray>()
            || obj.is_instance_of::<PyDict>()
        {
            return Err(wrong(obj, "a list"));
        }
        let items = obj.try_iter().map_err(|_| wrong(obj, "a list"))?;
        items
            .enumerate()
            .map(|(i, item)| {
                let item = item.map_err(|e| raised(e).at_index(i))?;
                T::from_py(&item).map_err(|e| e.at_index(i))
            })
            .collect()
    }
}

/// A pair: a `tuple` (or `list`) of two items, each converted.
impl<A: FromPy, B: FromPy> FromPy for (A, B) {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        let items: Vec<Bound<'_, PyAny>> = if let Ok(t) = obj.cast::<PyTuple>() {
            t.iter().collect()
        } else if let Ok(l) = obj.cast::<PyList>() {
            l.iter().collect()
        } else {
            return Err(wrong(obj, "a tuple of two"));
        };
        let [a, b] = items.as_slice() else {
            return Err(ArgError::new(format!(
                "expected a tuple of two, got {} item(s)",
                items.len()
            )));
        };
        Ok((
            A::from_py(a).map_err(|e| e.at_index(0))?,
            B::from_py(b).map_err(|e| e.at_index(1))?,
        ))
    }
}

/// Ids: a `uuid.UUID` or its string form.
macro_rules! ids {
    ($($t:ident),* $(,)?) => { $(
        impl FromPy for $t {
            fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
                if obj.is_instance_of::<PyString>() {
                    return parse_str(obj, "a uuid.UUID or str");
                }
                match obj.extract::<uuid::Uuid>() {
                    Ok(u) => Ok($t::from_uuid(u)),
                    Err(_) => Err(wrong(obj, "a uuid.UUID or str")),
                }
            }
        }
    )* };
}
// Every id type of core, listed once in core.
blajarplus::for_each_id!(ids);

/// Enums (and currencies): the database string, or a member of the Python `str` enum.
macro_rules! strings {
    ($($t:ident),* $(,)?) => { $(
        impl FromPy for $t {
            fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
                parse_str(obj, concat!("a blajarplus.", stringify!($t), " or str"))
            }
        }
    )* };
}
// Every database enum (the list lives once, in core), and two more string-valued types.
blajarplus::for_each_enum!(strings);
strings!(Currency, SearchSort);

/// Exact decimals (money, rates, coordinates): `decimal.Decimal`, `int` or a decimal `str`,
/// finite. Floats are refused (0.1 has no exact binary form, and money must not drift), and so
/// are `bool`, `NaN`, the infinities and anything out of core's range (about ±7.9e28).
impl FromPy for Decimal {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        static DECIMAL: PyOnceLock<Py<pyo3::types::PyType>> = PyOnceLock::new();
        const EXPECTED: &str = "a decimal.Decimal, int or str";
        let py = obj.py();
        if obj.is_instance_of::<PyBool>() {
            return Err(wrong(obj, EXPECTED));
        }
        if obj.is_instance_of::<PyFloat>() {
            return Err(ArgError::new(
                "expected a decimal.Decimal, int or str, got float (floats are inexact: use \
                 decimal.Decimal(\"150000.50\") or a string)",
            ));
        }
        let is_decimal = DECIMAL
            .import(py, "decimal", "Decimal")
            .and_then(|class| obj.is_instance(class))
            .map_err(raised)?;
        let written = if obj.is_instance_of::<PyString>() {
            text(obj, EXPECTED)?
        } else if obj.is_instance_of::<PyInt>() || is_decimal {
            obj.str().map_err(raised)?.to_string()
        } else {
            return Err(wrong(obj, EXPECTED));
        };
        let trimmed = written.trim();
        Decimal::from_str(trimmed)
            .or_else(|_| Decimal::from_scientific(trimmed))
            .map_err(|_| ArgError::new(format!("{written:?} is not a finite decimal number")))
    }
}

/// Instants: a timezone-aware `datetime` (any zone; converted to UTC). Naive datetimes are
/// refused: their meaning depends on the machine's zone.
impl FromPy for DateTime<Utc> {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let py = obj.py();
        let dt = obj
            .cast::<PyDateTime>()
            .map_err(|_| wrong(obj, "a timezone-aware datetime.datetime"))?;
        if dt.call_method0("utcoffset").map_err(raised)?.is_none() {
            return Err(ArgError::new(
                "a naive datetime: pass a timezone-aware one, e.g. \
                 datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc)",
            ));
        }
        let utc = UTC
            .import(py, "datetime", "timezone")
            .and_then(|tz| tz.getattr("utc"))
            .map_err(raised)?;
        dt.call_method1("astimezone", (utc,))
            .and_then(|utc| utc.extract())
            .map_err(raised)
    }
}

/// A JSON document: anything `json.dumps` accepts (without `NaN` or infinities).
impl FromPy for serde_json::Value {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        static DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let py = obj.py();
        let kwargs = PyDict::new(py);
        let json: String = kwargs
            .set_item("allow_nan", false)
            .and_then(|()| DUMPS.import(py, "json", "dumps"))
            .and_then(|dumps| dumps.call((obj,), Some(&kwargs)))
            .and_then(|text| text.extract())
            .map_err(|e| ArgError::new(format!("is not JSON: {e}")))?;
        serde_json::from_str(&json).map_err(|e| ArgError::new(format!("is not JSON: {e}")))
    }
    fn absent() -> Option<Self> {
        Some(serde_json::Value::Null)
    }
}

/// A raw HTTP body: `bytes`, `bytearray` or `str` (encoded as UTF-8).
pub(crate) struct Body(pub Vec<u8>);

impl FromPy for Body {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        if let Ok(b) = obj.cast::<PyBytes>() {
            Ok(Body(b.as_bytes().to_vec()))
        } else if let Ok(b) = obj.cast::<PyByteArray>() {
            Ok(Body(b.to_vec()))
        } else if obj.is_instance_of::<PyString>() {
            Ok(Body(text(obj, "bytes or str")?.into_bytes()))
        } else {
            Err(wrong(obj, "the body as bytes or str"))
        }
    }
}

/// A clock for `Marketplace.open(..., clock=...)`: a `blajarplus.FixedClock`.
impl FromPy for Py<FixedClock> {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        obj.cast::<FixedClock>()
            .map(|clock| clock.clone().unbind())
            .map_err(|_| wrong(obj, "a blajarplus.FixedClock"))
    }
}

/// Checks that `obj` can be an input object of Python class `class` with attributes
/// `fields`: `None` is a missing required value, and a builtin value (a `dict`, a `list`, a
/// number, a string) or an object with none of the attributes is of the wrong type.
fn shape(obj: &Bound<'_, PyAny>, class: &str, fields: &[&str]) -> Result<(), ArgError> {
    let builtin = obj
        .get_type()
        .module()
        .is_ok_and(|module| module.to_str().is_ok_and(|m| m == "builtins"));
    let has = |name: &&str| obj.hasattr(*name).unwrap_or(false);
    if obj.is_none() || builtin || !fields.iter().any(has) {
        return Err(wrong(obj, &format!("a blajarplus.{class}")));
    }
    Ok(())
}

/// Reads attribute `name` of an input object, converted; its errors name the attribute. An
/// attribute that is not there is `None` when optional, "required" otherwise.
fn attr<T: FromPy>(obj: &Bound<'_, PyAny>, name: &str) -> Result<T, ArgError> {
    let py = obj.py();
    match obj.getattr(name) {
        Ok(value) => T::from_py(&value),
        Err(e) if e.is_instance_of::<PyAttributeError>(py) => {
            T::absent().ok_or_else(|| ArgError::new("is required (missing)"))
        }
        Err(e) => Err(raised(e)),
    }
    .map_err(|e| e.at_attr(name))
}

/// Input structs: read field by field from the attributes of the Python object (the
/// dataclasses in `blajarplus._types`, or anything shaped like them). The struct literal
/// lists every field, so a field added in core fails to compile here until it is bound.
macro_rules! inputs {
    ($($t:ident { $($f:ident),* $(,)? })*) => { $(
        impl FromPy for $t {
            fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
                shape(obj, stringify!($t), &[$(stringify!($f)),*])?;
                Ok($t { $($f: attr(obj, stringify!($f))?,)* })
            }
        }
    )* };
}
inputs! {
    Actor { user_id, role }
    NewUser { role, full_name, email, phone, password }
    NewTutorProfile {
        headline, bio, education, experience_years, teaching_modes, base_city, timezone,
        hourly_rate, intro_video_url,
    }
    NewTutorSubject { subject_id, level, price_override, description }
    AvailabilityRule { day_of_week, start_time, end_time, slot_duration_minutes }
    NewBooking {
        tutor_subject_id, start_at, duration_minutes, mode, location_type, location_address,
        lat, lng, meeting_link, notes,
    }
    NewPackage { name, tutor_subject_id, session_count, session_minutes, total_price, valid_days }
    NewAddress { label, province, city, district, address_detail, lat, lng, is_primary }
    ProfileUpdate { full_name, email, phone, avatar_url, gender, birthdate }
    NewReport { target_type, target_id, reason, description }
    TutorSubjectUpdate { price_override, description, is_active }
    NewReview { rating, comment }
    NewMessage { message_type, content, file_url }
    ProgressNote { summary, homework, next_plan, attachment_url }
    GeoPoint { lat, lng }
    TutorSearch {
        text, subject, level, min_price, max_price, city, min_rating, verified_only, mode,
        available_from, available_to, lesson_minutes, near, radius_km, sort, limit, cursor,
    }
    PaymentUpdate {
        provider, order_id, external_id, status, amount, currency, payment_method, dedup_key,
        raw_payload,
    }
}

/// A page cursor: the `created_at` and `id` of the last item seen (`blajarplus.Cursor`).
impl<I: FromPy> FromPy for Cursor<I> {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        shape(obj, "Cursor", &["created_at", "id"])?;
        Ok(Cursor {
            created_at: attr(obj, "created_at")?,
            id: attr(obj, "id")?,
        })
    }
}

/// `DisputeResolution(kind="release" | "refund" | "split", refund=None)`.
impl FromPy for DisputeResolution {
    fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
        shape(obj, "DisputeResolution", &["kind", "refund"])?;
        let kind: String = attr(obj, "kind")?;
        match kind.as_str() {
            "release" => Ok(DisputeResolution::Release),
            "refund" => Ok(DisputeResolution::Refund),
            "split" => {
                let refund: Option<Decimal> = attr(obj, "refund")?;
                let refund = refund.ok_or_else(|| {
                    ArgError::new("is required: a split needs a refund amount").at_attr("refund")
                })?;
                Ok(DisputeResolution::Split { refund })
            }
            other => Err(ArgError::new(format!(
                "unknown value {other:?}; expected one of: release, refund, split"
            ))
            .at_attr("kind")),
        }
    }
}

/// The policy's fields, listed once for both directions. The destructuring below has no
/// `..`, so a knob added to core's `Policy` fails to compile here until it is bound.
macro_rules! policy {
    ($($f:ident),* $(,)?) => {
        impl FromPy for Policy {
            fn from_py(obj: &Bound<'_, PyAny>) -> Result<Self, ArgError> {
                shape(obj, "Policy", &[$(stringify!($f)),*])?;
                Ok(Policy { $($f: attr(obj, stringify!($f))?,)* })
            }
        }

        /// Core's default policy as a dict (the defaults of the Python `Policy` dataclass).
        pub(crate) fn default_policy(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
            let Policy { $($f,)* } = Policy::default();
            let dict = PyDict::new(py);
            $(dict.set_item(stringify!($f), $f)?;)*
            Ok(dict)
        }
    };
}
policy!(
    platform_fee_rate,
    student_service_fee_rate,
    payment_expiry,
    free_cancellation_window,
    late_cancellation_refund_rate,
    minimum_notice,
    booking_horizon,
    buffer_before,
    buffer_after,
    slot_step,
    dispute_window,
    review_window,
    reminder_lead,
    refund_to_original_method,
    lesson_minutes,
);
