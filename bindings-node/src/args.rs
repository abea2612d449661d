//! Arguments as JS passes them: read on the JS thread, never thrown over.
//!
//! napi converts a function's arguments before its body runs, and a failed conversion throws
//! synchronously, even from a method that returns a Promise. So every argument of a facade
//! method is an [`Arg<T>`]: its conversion ([`ReadJs`]) never fails, it keeps what was wrong
//! with the value, and [`crate::convert::arg`] hands that error to the method's body, where it
//! rejects the Promise like any other error (code `validation`, `field` naming the input).
//!
//! [`ReadJs`] is strict where napi is lenient: no truncation of `60.5` to `60`, no `NaN` or
//! `Infinity` where a number is due, an integer outside its range (or beyond 2^53, where JS
//! numbers stop being exact) refused, enum strings checked against their values, required
//! values that are `undefined`/`null` refused with "is required" — each error naming the path
//! of the value inside the argument. Values are copied out of JS here (a byte buffer is kept
//! by napi's `Uint8Array`, which may cross threads): the body runs on the tokio runtime, where
//! no JS value may be touched. The text checks (a UUID, a decimal, a local date) follow in
//! [`crate::convert::FromJs`], in the body.
//!
//! Signatures name their arguments' JS types through the aliases of [`js`] (`js::Uuid`,
//! `js::Option<Decimal>`, `js::NewBooking`): napi writes a type into `index.d.ts` by its last
//! name only, so `js::Uuid` is declared as `Uuid`, and the kinds of text and number the binding
//! checks ([`Uuid`], [`Decimal`], [`LocalDate`], [`LocalTime`], [`Int`], [`Float`]) are named
//! TypeScript aliases of `string`/`number` that tell users (and the generated test table) what
//! is accepted.

use std::ffi::CString;

use napi::bindgen_prelude::{Either, FromNapiRef, FromNapiValue, Uint8Array, ValidateNapiValue};
use napi::{ValueType, sys};
use napi_derive::napi;

use crate::convert::{Date, Path};
use crate::error::ArgError;

/// An argument as JS passed it, already read: the value, or what is wrong with it (kept for
/// the Promise to reject with). napi's conversion of it never fails.
pub struct Arg<T>(pub(crate) Result<T, ArgError>);

impl<T: ReadJs> FromNapiValue for Arg<T> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        Ok(Arg(unsafe { T::read(env, value, Path::relative()) }))
    }
}

/// A value that can be read from JS at `path` of an argument, strictly, without throwing.
pub(crate) trait ReadJs: Sized {
    /// What JS must pass, for messages: `a string`, `a UUID string`.
    const EXPECTED: &'static str;

    /// Reads `value`. `undefined` and `null` are "required" errors unless `Self` is an
    /// `Option`.
    ///
    /// # Safety
    /// `env` and `value` must be live handles of the current napi call.
    unsafe fn read(
        env: sys::napi_env,
        value: sys::napi_value,
        path: Path<'_>,
    ) -> Result<Self, ArgError>;
}

// ---- the kinds of text and number, as TypeScript names them --------------------------------

/// TypeScript declarations of the kinds: aliases of `string` and `number` that document what
/// the binding accepts. (The Rust types of the same names are below; these aliases exist only
/// for `index.d.ts`.)
#[allow(dead_code)]
mod declarations {
    use napi_derive::napi;

    /// A UUID in its hyphenated form, `"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"` (no braces,
    /// no blanks).
    #[napi]
    pub type Uuid = String;

    /// An exact decimal in plain notation: `"150000"`, `"12.50"`, `"-3"` (never a number,
    /// no exponent, no separators, no blanks).
    #[napi]
    pub type Decimal = String;

    /// A calendar date, `"2030-01-31"`.
    #[napi]
    pub type LocalDate = String;

    /// A wall-clock time, `"16:00"` or `"16:00:30"`.
    #[napi]
    pub type LocalTime = String;
}

/// An integer: a JS number with no fractional part, finite, within its field's range (at
/// most ±(2^53 − 1)); `60.5`, `NaN`, `Infinity` and `"60"` are refused, never rounded.
#[napi]
pub type Int = i64;

/// A finite JS number (`NaN` and `Infinity` are refused).
#[napi]
pub type Float = f64;

/// An [`Int`] stored in 32 bits (ratings, days, counts of a record): its range is i32's.
pub mod int32 {
    /// Declared as `Int` in TypeScript.
    pub type Int = i32;
}

/// An [`Int`] that cannot be negative, stored in 32 bits (a page size).
pub mod uint32 {
    /// Declared as `Int` in TypeScript.
    pub type Int = u32;
}

/// Declares a kind of text: a string whose content [`crate::convert::FromJs`] checks.
macro_rules! text_kinds {
    ($($(#[$m:meta])* $name:ident: $expected:literal),* $(,)?) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(pub String);

        impl ReadJs for $name {
            const EXPECTED: &'static str = $expected;
            unsafe fn read(
                env: sys::napi_env,
                value: sys::napi_value,
                path: Path<'_>,
            ) -> Result<Self, ArgError> {
                unsafe { read_string(env, value, path, Self::EXPECTED) }.map($name)
            }
        }
    )*};
}

text_kinds! {
    /// A UUID string (the text is checked by the id's conversion).
    Uuid: "a UUID string",
    /// A decimal string (the text is checked by the decimal's conversion).
    Decimal: "a decimal string like \"150000\"",
    /// A local date string, `"2030-01-31"`.
    LocalDate: "a date string like \"2030-01-31\"",
    /// A local time string, `"16:00"`.
    LocalTime: "a time string like \"16:00\"",
}

// ---- what JS passes: the napi type names of the arguments ----------------------------------

/// The arguments' types as `index.d.ts` names them (see the module docs): `js::Uuid` is an
/// [`Arg`] of a [`Uuid`], declared `Uuid`; `js::Option<T>` an optional argument.
#[allow(non_camel_case_types)]
pub mod js {
    use super::Arg;
    pub use crate::types::arg_enums::*;
    pub use crate::types::arg_inputs::*;

    /// Free text.
    pub type String = Arg<std::string::String>;
    /// `true` or `false` (nothing else: no truthiness).
    pub type bool = Arg<std::primitive::bool>;
    /// A UUID string.
    pub type Uuid = Arg<super::Uuid>;
    /// A decimal string.
    pub type Decimal = Arg<super::Decimal>;
    /// A local date string.
    pub type LocalDate = Arg<super::LocalDate>;
    /// An integer (see [`super::Int`]).
    pub type Int = Arg<super::Int>;
    /// A JS `Date`.
    pub type Date = Arg<crate::convert::Date>;
    /// An argument that may be left out (`undefined`) or `null`.
    pub type Option<T> = Arg<std::option::Option<T>>;
    /// An array.
    pub type Vec<T> = Arg<std::vec::Vec<T>>;
    /// One of two JS types (a raw HTTP body: a string or bytes).
    pub type Either<A, B> = Arg<napi::bindgen_prelude::Either<A, B>>;
    /// How to open a marketplace.
    pub type OpenOptions = Arg<crate::marketplace::OpenOptions>;
    /// How a dispute is settled.
    pub type DisputeResolution = Arg<crate::types::DisputeResolution>;
}

// ---- reading JS values -----------------------------------------------------------------------

fn ok(status: sys::napi_status) -> bool {
    status == sys::Status::napi_ok
}

/// The JS type of `value` (`Unknown` if napi cannot tell).
unsafe fn type_of(env: sys::napi_env, value: sys::napi_value) -> ValueType {
    let mut kind = 0;
    if ok(unsafe { sys::napi_typeof(env, value, &mut kind) }) {
        ValueType::from(kind)
    } else {
        ValueType::Unknown
    }
}

unsafe fn is(
    env: sys::napi_env,
    value: sys::napi_value,
    check: unsafe fn(sys::napi_env, sys::napi_value, *mut bool) -> sys::napi_status,
) -> bool {
    let mut yes = false;
    ok(unsafe { check(env, value, &mut yes) }) && yes
}

/// What `value` is, for messages: `the number 60.5`, `a string`, `an array`, `null`.
unsafe fn describe(env: sys::napi_env, value: sys::napi_value) -> String {
    match unsafe { type_of(env, value) } {
        ValueType::Undefined => "undefined".into(),
        ValueType::Null => "null".into(),
        ValueType::Boolean => match unsafe { bool::from_napi_value(env, value) } {
            Ok(b) => format!("the boolean {b}"),
            Err(_) => "a boolean".into(),
        },
        ValueType::Number => match unsafe { f64::from_napi_value(env, value) } {
            Ok(n) => format!("the number {}", js_number(n)),
            Err(_) => "a number".into(),
        },
        ValueType::String => match unsafe { String::from_napi_value(env, value) } {
            Ok(s) if s.chars().count() <= 40 => format!("the string {s:?}"),
            _ => "a string".into(),
        },
        ValueType::Object if unsafe { is(env, value, sys::napi_is_array) } => "an array".into(),
        ValueType::Object if unsafe { is(env, value, sys::napi_is_date) } => "a Date".into(),
        ValueType::Object => "an object".into(),
        ValueType::Function => "a function".into(),
        ValueType::Symbol => "a symbol".into(),
        _ => "a value of an unknown type".into(),
    }
}

/// A number as JS prints it (`NaN`, `Infinity`, `60.5`, `1e+21`).
fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        n.to_string()
    }
}

/// The "required" error for `undefined`/`null`, or "expected X, got Y".
unsafe fn wrong_type(
    env: sys::napi_env,
    value: sys::napi_value,
    path: Path<'_>,
    expected: &str,
) -> ArgError {
    match unsafe { type_of(env, value) } {
        ValueType::Undefined | ValueType::Null => {
            path.type_error(format!("is required ({expected})"))
        }
        _ => path.type_error(format!("must be {expected}, not {}", unsafe {
            describe(env, value)
        })),
    }
}

/// Clears the exception a throwing getter or proxy left pending, so it cannot escape.
unsafe fn clear_exception(env: sys::napi_env) {
    let mut pending = false;
    if ok(unsafe { sys::napi_is_exception_pending(env, &mut pending) }) && pending {
        let mut error = std::ptr::null_mut();
        unsafe { sys::napi_get_and_clear_last_exception(env, &mut error) };
    }
}

unsafe fn read_string(
    env: sys::napi_env,
    value: sys::napi_value,
    path: Path<'_>,
    expected: &str,
) -> Result<String, ArgError> {
    if unsafe { type_of(env, value) } != ValueType::String {
        return Err(unsafe { wrong_type(env, value, path, expected) });
    }
    unsafe { String::from_napi_value(env, value) }
        .map_err(|e| path.type_error(format!("could not be read as text: {}", e.reason)))
}

impl ReadJs for String {
    const EXPECTED: &'static str = "a string";
    unsafe fn read(
        env: sys::napi_env,
        value: sys::napi_value,
        path: Path<'_>,
    ) -> Result<Self, ArgError> {
        unsafe { read_string(env, value, path, Self::EXPECTED) }
    }
}

impl ReadJs for bool {
    const EXPECTED: &'static str = "a boolean";
    unsafe fn read(
        env: sys::napi_env,
        value: sys::napi_value,
        path: Path<'_>,
    ) -> Result<Self, ArgError> {
        if unsafe { type_of(env, value) } != ValueType::Boolean {
            return Err(unsafe { wrong_type(env, value, path, Self::EXPECTED) });
        }
        unsafe { bool::from_napi_value(env, value) }
            .map_err(|e| path.type_error(format!("could not be read: {}", e.reason)))
    }
}

/// A JS number, any value (the callers check finiteness and range).
unsafe fn read_number(
    env: sys::napi_env,
    value: sys::napi_value,
    path: Path<'_>,
    expected: &str,
) -> Result<f64, ArgError> {
    if unsafe { type_of(env, value) } != ValueType::Number {
        return Err(unsafe { wrong_type(env, value, path, expected) });
    }
    unsafe { f64::from_napi_value(env, value) }
        .map_err(|e| path.type_error(format!("could not be read: {}", e.reason)))
}

impl ReadJs for f64 {
    const EXPECTED: &'static str = "a finite number";
    unsafe fn read(
        env: sys::napi_env,
        value: sys::napi_value,
        path: Path<'_>,
    ) -> Result<Self, ArgError> {
        let n = unsafe { read_number(env, value, path, Self::EXPECTED) }?;
        if n.is_finite() {
            Ok(n)
        } else {
            Err(path.range_error(format!("must be a finite number, not {}", js_number(n))))
        }
    }
}

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Integers: a number with no fraction, within the type's range and ±(2^53 − 1).
macro_rules! integers {
    ($($t:ty),* $(,)?) => {$(
        impl ReadJs for $t {
            const EXPECTED: &'static str = "an integer";
            unsafe fn read(
                env: sys::napi_env,
                value: sys::napi_value,
                path: Path<'_>,
            ) -> Result<Self, ArgError> {
                let n = unsafe { read_number(env, value, path, Self::EXPECTED) }?;
                let (min, max) = (
                    (<$t>::MIN as f64).max(-MAX_SAFE_INTEGER),
                    (<$t>::MAX as f64).min(MAX_SAFE_INTEGER),
                );
                if !n.is_finite() {
                    Err(path.range_error(format!("must be a finite integer, not {}", js_number(n))))
                } else if n.fract() != 0.0 {
                    Err(path.range_error(format!("must be an integer, not {}", js_number(n))))
                } else if n < min || n > max {
                    Err(path.range_error(format!(
                        "must be an integer from {min} to {max}, not {}",
                        js_number(n)
                    )))
                } else {
                    // Exact: an integral f64 within the type's range.
                    Ok(n as $t)
                }
            }
        }
    )*};
}

integers!(i32, i64, u32);

impl ReadJs for Date {
    const EXPECTED: &'static str = "a Date";
    unsafe fn read(
        env: sys::napi_env,
        value: sys::napi_value,
        path: Path<'_>,
    ) -> Result<Self, ArgError> {
        if !unsafe { is(env, value, sys::napi_is_date) } {
            return Err(unsafe { wrong_type(env, value, path, Self::EXPECTED) });
        }
        // An invalid Date (NaN) is refused by its conversion, with a RangeError.
        unsafe { Date::from_napi_value(env, value) }
            .map_err(|e| path.type_error(format!("could not be read: {}", e.reason)))
    }
}

impl ReadJs for serde_json::Value {
    const EXPECTED: &'static str = "a JSON value";
    unsafe fn read(
        env: sys::napi_env,
        value: sys::napi_value,
        path: Path<'_>,
    ) -> Result<Self, ArgError> {
        // `null` is a JSON value; a missing one is not.
        if unsafe { type_of(env, value) } == ValueType::Undefined {
            return Err(unsafe { wrong_type(env, value, path, Self::EXPECTED) });
        }
        let read = unsafe { serde_json::Value::from_napi_value(env, value) };
        read.map_err(|e| {
            unsafe { clear_exception(env) };
            path.type_error(format!("must be {}: {}", Self::EXPECTED, e.reason))
        })
    }
}

impl<T: ReadJs> ReadJs for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    unsafe fn read(
        env: sys::napi_env,
        value: sys::napi_value,
        path: Path<'_>,
    ) -> Result<Self, ArgError> {
        match unsafe { type_of(env, value) } {
            ValueType::Undefined | ValueType::Null => Ok(None),
            _ => unsafe { T::read(env, value, path) }.map(Some),
        }
    }
}

impl<T: ReadJs> ReadJs for Vec<T> {
    const EXPECTED: &'static str = "an array";
    unsafe fn read(
        env: sys::napi_env,
        value: sys::napi_value,
        path: Path<'_>,
    ) -> Result<Self, ArgError> {
        if !unsafe { is(env, value, sys::napi_is_array) } {
            return Err(unsafe { wrong_type(env, value, path, Self::EXPECTED) });
        }
        let mut len = 0;
        if !ok(unsafe { sys::napi_get_array_length(env, value, &mut len) }) {
            return Err(path.type_error("could not be read as an array"));
        }
        (0..len)
            .map(|i| {
                let at = path.index(i as usize);
                let mut element = std::ptr::null_mut();
                if !ok(unsafe { sys::napi_get_element(env, value, i, &mut element) }) {
                    unsafe { clear_exception(env) };
                    return Err(at.type_error("could not be read"));
                }
                unsafe { T::read(env, element, at) }
            })
            .collect()
    }
}

impl ReadJs for Either<String, Uint8Array> {
    const EXPECTED: &'static str = "a string or a Uint8Array (a Buffer)";
    unsafe fn read(
        env: sys::napi_env,
        value: sys::napi_value,
        path: Path<'_>,
    ) -> Result<Self, ArgError> {
        if unsafe { type_of(env, value) } == ValueType::String {
            return unsafe { String::read(env, value, path) }.map(Either::A);
        }
        let mut is_typed_array = false;
        if ok(unsafe { sys::napi_is_typedarray(env, value, &mut is_typed_array) })
            && is_typed_array
            && let Ok(bytes) = unsafe { Uint8Array::from_napi_value(env, value) }
        {
            return Ok(Either::B(bytes));
        }
        Err(unsafe { wrong_type(env, value, path, Self::EXPECTED) })
    }
}

/// Reads a string enum: a string that is one of `E`'s values.
pub(crate) unsafe fn read_enum<E: FromNapiValue + JsEnum>(
    env: sys::napi_env,
    value: sys::napi_value,
    path: Path<'_>,
) -> Result<E, ArgError> {
    let expected = || {
        let values: Vec<String> = E::values().iter().map(|v| format!("'{v}'")).collect();
        format!("one of {}", values.join(", "))
    };
    if unsafe { type_of(env, value) } != ValueType::String {
        return Err(unsafe { wrong_type(env, value, path, &expected()) });
    }
    unsafe { E::from_napi_value(env, value) }.map_err(|_| {
        path.type_error(format!("must be {}, not {}", expected(), unsafe {
            describe(env, value)
        }))
    })
}

/// A napi string enum: its JS strings, for messages.
pub(crate) trait JsEnum {
    /// Every value, as JS spells it.
    fn values() -> Vec<&'static str>;
}

/// Checks that `value` is an object (not `null`, not an array) before its properties are read.
pub(crate) unsafe fn read_object(
    env: sys::napi_env,
    value: sys::napi_value,
    path: Path<'_>,
) -> Result<(), ArgError> {
    if unsafe { type_of(env, value) } != ValueType::Object
        || unsafe { is(env, value, sys::napi_is_array) }
    {
        return Err(unsafe { wrong_type(env, value, path, "an object") });
    }
    Ok(())
}

/// Reads the property of `object` that napi names after the Rust field `field` (camelCase).
pub(crate) unsafe fn read_property<T: ReadJs>(
    env: sys::napi_env,
    object: sys::napi_value,
    field: &'static str,
    path: Path<'_>,
) -> Result<T, ArgError> {
    let at = path.field(field);
    let name = CString::new(crate::convert::camel_case(field)).expect("field names have no NUL");
    let mut value = std::ptr::null_mut();
    if !ok(unsafe { sys::napi_get_named_property(env, object, name.as_ptr(), &mut value) }) {
        unsafe { clear_exception(env) };
        return Err(at.type_error("could not be read"));
    }
    unsafe { T::read(env, value, at) }
}

/// Reads an instance of the napi class `C` (checked with `instanceof` before it is unwrapped).
pub(crate) unsafe fn read_instance<C>(
    env: sys::napi_env,
    value: sys::napi_value,
    path: Path<'_>,
    expected: &str,
) -> Result<&'static C, ArgError>
where
    C: FromNapiRef + 'static,
    for<'a> &'a C: ValidateNapiValue,
{
    if unsafe { type_of(env, value) } != ValueType::Object
        || unsafe { <&C as ValidateNapiValue>::validate(env, value) }.is_err()
    {
        unsafe { clear_exception(env) };
        return Err(unsafe { wrong_type(env, value, path, expected) });
    }
    unsafe { C::from_napi_ref(env, value) }.map_err(|e| {
        unsafe { clear_exception(env) };
        path.type_error(format!("must be {expected}: {}", e.reason))
    })
}
