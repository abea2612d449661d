//! Python → core: one conversion per core type, used by every method.
//!
//! [`FromPy`] is implemented once per kind of value (ids, exact decimals, instants, enums,
//! input structs, …); a method parameter is then `Arg<CoreType>` (required) or
//! `Opt<CoreType>` (defaults to `None`) and arrives as the core type itself. Bad input gets
//! Python's natural error: `TypeError` for a wrong type, `ValueError` for a malformed value
//! (a UUID string that is not one, a naive datetime, an unknown enum value), with a message
//! that names what was expected. Core rules (is this email valid?) stay in core and come back
//! as `ValidationError`.

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
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDateTime, PyDict, PyFloat, PyInt, PyString};
use rust_decimal::Decimal;

/// Extraction of a core value from a Python object (the binding's one input conversion).
pub(crate) trait FromPy: Sized {
    /// Converts `obj`, or raises `TypeError`/`ValueError`.
    fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self>;
}

/// A required method parameter of core type `T`.
pub(crate) struct Arg<T>(pub T);

/// An optional method parameter of core type `T` (`None` from Python, or omitted).
pub(crate) type Opt<T> = Option<Arg<T>>;

impl<'a, 'py, T: FromPy> FromPyObject<'a, 'py> for Arg<T> {
    type Error = PyErr;
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        T::from_py(&obj).map(Arg)
    }
}

/// Unwraps a parameter into the core value the facade takes.
pub(crate) trait Core {
    /// The core type.
    type Out;
    /// The core value.
    fn core(self) -> Self::Out;
}

impl<T> Core for Arg<T> {
    type Out = T;
    fn core(self) -> T {
        self.0
    }
}

impl<T> Core for Option<Arg<T>> {
    type Out = Option<T>;
    fn core(self) -> Option<T> {
        self.map(|a| a.0)
    }
}

/// The short name of a Python object's type, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A core string form (ids, enums, currencies) parsed by core's own `FromStr`; its validation
/// message becomes a `ValueError`.
fn parse_str<T: FromStr<Err = blajarplus::Error>>(
    obj: &Bound<'_, PyAny>,
    expected: &str,
) -> PyResult<T> {
    let s = obj.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!("expected {expected}, got {}", type_name(obj)))
    })?;
    T::from_str(&s.to_cow()?).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Types pyo3 already converts the natural way.
macro_rules! via_pyo3 {
    ($($t:ty),* $(,)?) => { $(
        impl FromPy for $t {
            fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
                obj.extract()
            }
        }
    )* };
}
via_pyo3!(
    String,
    bool,
    i32,
    i64,
    u32,
    f64,
    NaiveTime,
    chrono::Duration,
    (i64, i64),
    (NaiveTime, NaiveTime)
);

impl FromPy for NaiveDate {
    fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        // A datetime is a date too, but passing one where a calendar date is meant is a bug.
        if obj.is_instance_of::<PyDateTime>() {
            return Err(PyTypeError::new_err(
                "expected a datetime.date, got a datetime.datetime (use .date())",
            ));
        }
        obj.extract()
    }
}

impl<T: FromPy> FromPy for Option<T> {
    fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        if obj.is_none() {
            Ok(None)
        } else {
            T::from_py(obj).map(Some)
        }
    }
}

impl<T: FromPy> FromPy for Vec<T> {
    fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err("expected a list, got str"));
        }
        obj.try_iter()
            .map_err(|_| PyTypeError::new_err(format!("expected a list, got {}", type_name(obj))))?
            .map(|item| T::from_py(&item?))
            .collect()
    }
}

/// Ids: a `uuid.UUID` or its string form.
macro_rules! ids {
    ($($t:ident),* $(,)?) => { $(
        impl FromPy for $t {
            fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
                if obj.is_instance_of::<PyString>() {
                    return parse_str(obj, "a uuid.UUID or str");
                }
                match obj.extract::<uuid::Uuid>() {
                    Ok(u) => Ok($t::from_uuid(u)),
                    Err(_) => Err(PyTypeError::new_err(format!(
                        "expected a uuid.UUID or str for a {}, got {}",
                        stringify!($t),
                        type_name(obj)
                    ))),
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
            fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
                parse_str(obj, concat!("a blajarplus.", stringify!($t), " or str"))
            }
        }
    )* };
}
// Every database enum (the list lives once, in core), and two more string-valued types.
blajarplus::for_each_enum!(strings);
strings!(Currency, SearchSort);

/// Exact decimals (money, rates, coordinates): `decimal.Decimal`, `int` or a decimal `str`.
/// Floats are refused: 0.1 has no exact binary form, and money must not drift.
impl FromPy for Decimal {
    fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        static DECIMAL: PyOnceLock<Py<pyo3::types::PyType>> = PyOnceLock::new();
        let py = obj.py();
        let text = if obj.is_instance_of::<PyBool>() {
            return Err(PyTypeError::new_err(
                "expected a decimal.Decimal, int or str, got bool",
            ));
        } else if obj.is_instance_of::<PyFloat>() {
            return Err(PyTypeError::new_err(
                "expected a decimal.Decimal, int or str, got float (floats are inexact: \
                 use decimal.Decimal(\"150000.50\") or a string)",
            ));
        } else if obj.is_instance_of::<PyInt>()
            || obj.is_instance_of::<PyString>()
            || obj.is_instance(DECIMAL.import(py, "decimal", "Decimal")?)?
        {
            obj.str()?.to_cow()?.trim().to_string()
        } else {
            return Err(PyTypeError::new_err(format!(
                "expected a decimal.Decimal, int or str, got {}",
                type_name(obj)
            )));
        };
        Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map_err(|_| PyValueError::new_err(format!("{text:?} is not a decimal number")))
    }
}

/// Instants: a timezone-aware `datetime` (any zone; converted to UTC). Naive datetimes are
/// refused: their meaning depends on the machine's zone.
impl FromPy for DateTime<Utc> {
    fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let py = obj.py();
        let dt = obj.cast::<PyDateTime>().map_err(|_| {
            PyTypeError::new_err(format!(
                "expected a timezone-aware datetime.datetime, got {}",
                type_name(obj)
            ))
        })?;
        if dt.call_method0("utcoffset")?.is_none() {
            return Err(PyValueError::new_err(format!(
                "naive datetime {}: pass a timezone-aware datetime, e.g. \
                 datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc)",
                dt.repr()?
            )));
        }
        let utc = UTC.import(py, "datetime", "timezone")?.getattr("utc")?;
        dt.call_method1("astimezone", (utc,))?.extract()
    }
}

/// A JSON document: anything `json.dumps` accepts.
impl FromPy for serde_json::Value {
    fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        static DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let text: String = DUMPS
            .import(obj.py(), "json", "dumps")?
            .call1((obj,))?
            .extract()?;
        serde_json::from_str(&text).map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

/// A raw HTTP body: `bytes`, `bytearray` or `str` (encoded as UTF-8).
pub(crate) struct Body(pub Vec<u8>);

impl FromPy for Body {
    fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(b) = obj.cast::<PyBytes>() {
            Ok(Body(b.as_bytes().to_vec()))
        } else if let Ok(b) = obj.cast::<PyByteArray>() {
            Ok(Body(b.to_vec()))
        } else if let Ok(s) = obj.cast::<PyString>() {
            Ok(Body(s.to_cow()?.as_bytes().to_vec()))
        } else {
            Err(PyTypeError::new_err(format!(
                "expected the body as bytes or str, got {}",
                type_name(obj)
            )))
        }
    }
}

/// Reads attribute `name` of an input object of Python class `class`, converted.
/// Errors keep their type and say which field was wrong.
fn attr<T: FromPy>(obj: &Bound<'_, PyAny>, class: &str, name: &str) -> PyResult<T> {
    let py = obj.py();
    let value = obj.getattr(name).map_err(|_| {
        PyTypeError::new_err(format!(
            "expected a blajarplus.{class}, got {} (no attribute {name:?})",
            type_name(obj)
        ))
    })?;
    T::from_py(&value).map_err(|e| {
        let message = format!("{class}.{name}: {}", e.value(py));
        PyErr::from_type(e.get_type(py), message)
    })
}

/// Input structs: read field by field from the attributes of the Python object (the
/// dataclasses in `blajarplus._types`, or anything shaped like them). The struct literal
/// lists every field, so a field added in core fails to compile here until it is bound.
macro_rules! inputs {
    ($($t:ident { $($f:ident),* $(,)? })*) => { $(
        impl FromPy for $t {
            fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
                Ok($t { $($f: attr(obj, stringify!($t), stringify!($f))?,)* })
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
    fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Cursor {
            created_at: attr(obj, "Cursor", "created_at")?,
            id: attr(obj, "Cursor", "id")?,
        })
    }
}

/// `DisputeResolution(kind="release" | "refund" | "split", refund=None)`.
impl FromPy for DisputeResolution {
    fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        let kind: String = attr(obj, "DisputeResolution", "kind")?;
        match kind.as_str() {
            "release" => Ok(DisputeResolution::Release),
            "refund" => Ok(DisputeResolution::Refund),
            "split" => {
                let refund: Option<Decimal> = attr(obj, "DisputeResolution", "refund")?;
                let refund = refund.ok_or_else(|| {
                    PyValueError::new_err("DisputeResolution.refund: a split needs a refund amount")
                })?;
                Ok(DisputeResolution::Split { refund })
            }
            other => Err(PyValueError::new_err(format!(
                "DisputeResolution.kind: unknown value {other:?}; expected release, refund or split"
            ))),
        }
    }
}

/// The policy's fields, listed once for both directions. The destructuring below has no
/// `..`, so a knob added to core's `Policy` fails to compile here until it is bound.
macro_rules! policy {
    ($($f:ident),* $(,)?) => {
        impl FromPy for Policy {
            fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
                Ok(Policy { $($f: attr(obj, "Policy", stringify!($f))?,)* })
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
