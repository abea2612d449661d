//! Core errors → JS errors.
//!
//! Every core error has a stable `code()` (`not_found`, `validation`, `conflict`,
//! `invalid_transition`, `forbidden`, `payment_rejected`, `database`, …) and, for validation,
//! a `field()`. In JS it becomes an `Error` with `message`, `code` (the same string; typed as
//! [`ErrorCode`]) and, for validation errors, `field`.
//!
//! One spelling of `field` for every validation error: the camelCase name of the offending
//! input as JS spells it, without the argument's name in front — an argument (`bookingId`,
//! `durationMinutes`) or the innermost property of an input object (`hourlyRate` for
//! `profile.hourlyRate`, `startTime` for `rules[1].startTime`). Core names its fields in
//! snake_case (columns and parameters: `hourly_rate`); they are camelCased here, in `field`
//! and in the message, so a core error and an argument error about the same input carry the
//! same `field`. An argument error's message starts with the full path
//! (`rules[1].startTime: …`).
//!
//! napi's own `napi::Error` can only carry a fixed `Status` as its `code`, so binding functions
//! return [`Outcome<T>`] instead: it wraps the core `Result`, and its conversion to JS (which
//! runs on the JS thread, also for async functions) builds the error object itself.
//! napi reads a function's types by their names only, both to generate `index.d.ts` and to
//! convert the return value: `napi::Result<X>` becomes `Promise<X>` and is converted with X's
//! `ToNapiValue`. So async functions return `napi::Result<out::User>` where `out::User` is
//! an alias of `Outcome<User>` with the same last name (see [`crate::types::out`]): the
//! declaration says `Promise<User>` with no annotation to keep in step, and returning anything
//! but an `Outcome` does not compile. A sync function returning a bare `Outcome<T>` needs
//! `ts_return_type = "T"`.
//!
//! Bad input from JS (a wrong JS type, a missing value, an unknown enum string, a fraction
//! where an integer is due, a malformed id, decimal or time, an invalid `Date`) is an
//! [`ArgError`]: code `validation` like core's own, as a `TypeError` (a value of the wrong type
//! or form) or a `RangeError` (a number or `Date` out of range).

use std::borrow::Cow;
use std::fmt;

use napi::bindgen_prelude::*;
use napi::sys;
use napi_derive::napi;

use crate::convert::camel_case;

/// Stable error codes of Blajarplus core, the `code` of every error the library throws.
#[napi(string_enum = "snake_case")]
pub enum ErrorCode {
    NotFound,
    Validation,
    Conflict,
    InvalidTransition,
    Forbidden,
    Unauthenticated,
    PaymentRejected,
    Config,
    Database,
    Internal,
}

/// What the binding needs to know about an error to build the JS error: implemented for
/// `blajarplus::Error` (and for [`BindingError`], used by the test hooks). A core
/// `Result<T, blajarplus::Error>` becomes an [`Outcome<T>`] with `.into()`.
pub(crate) trait CoreError: fmt::Display {
    fn code(&self) -> &str;
    fn field(&self) -> Option<String> {
        None
    }
    fn message(&self) -> String {
        self.to_string()
    }
    fn kind(&self) -> JsKind {
        JsKind::Error
    }
}

impl CoreError for blajarplus::Error {
    fn code(&self) -> &str {
        blajarplus::Error::code(self)
    }
    /// Core's snake_case field, camelCased as JS spells the input.
    fn field(&self) -> Option<String> {
        blajarplus::Error::field(self).map(camel_case)
    }
    fn message(&self) -> String {
        match self {
            blajarplus::Error::Validation { field, message } => {
                format!("invalid {}: {message}", camel_case(field))
            }
            other => other.to_string(),
        }
    }
}

/// An error with an arbitrary code, for the test hooks (which must also reach codes core does
/// not have, to test that they pass through).
#[derive(Debug, Clone)]
pub(crate) struct BindingError {
    code: Cow<'static, str>,
    message: String,
    field: Option<String>,
}

impl BindingError {
    pub(crate) fn new(
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
        field: Option<String>,
    ) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            field,
        }
    }
}

impl fmt::Display for BindingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl CoreError for BindingError {
    fn code(&self) -> &str {
        &self.code
    }
    fn field(&self) -> Option<String> {
        self.field.clone()
    }
}

/// Which JS error class an error becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsKind {
    /// `Error`: every core error.
    Error,
    /// `TypeError`: a value of the right JS type whose text is not what it should be.
    TypeError,
    /// `RangeError`: a value outside its domain (an invalid `Date`).
    RangeError,
}

/// Bad input from JS, found while reading or converting an argument for core.
#[derive(Debug, Clone)]
pub(crate) struct ArgError {
    /// Where in the arguments, e.g. `actor.userId` or `rules[2].startTime` (relative, e.g.
    /// `[2].startTime`, until [`ArgError::in_argument`] names the argument).
    pub(crate) path: String,
    /// The innermost named input on the path, camelCase: `userId`, `startTime`, or the
    /// argument (empty until [`ArgError::in_argument`] names it).
    pub(crate) field: String,
    /// What is wrong with it.
    pub(crate) message: String,
    /// `TypeError` or `RangeError`.
    pub(crate) kind: JsKind,
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl ArgError {
    /// The error of an argument read before its name was known, in the argument `name`.
    pub(crate) fn in_argument(mut self, name: &str) -> Self {
        self.path.insert_str(0, name);
        if self.field.is_empty() {
            self.field = name.to_owned();
        }
        self
    }
}

impl CoreError for ArgError {
    fn code(&self) -> &str {
        "validation"
    }
    fn field(&self) -> Option<String> {
        Some(self.field.clone())
    }
    fn kind(&self) -> JsKind {
        self.kind
    }
}

/// The parts of an error that cross to JS (owned, `Send`, built off the JS thread). Every
/// [`CoreError`] converts into it, so `?` works on core calls and argument conversions alike.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    code: String,
    message: String,
    field: Option<String>,
    kind: JsKind,
}

impl<E: CoreError> From<E> for Failure {
    fn from(err: E) -> Self {
        Failure {
            code: err.code().to_owned(),
            message: err.message(),
            field: err.field(),
            kind: err.kind(),
        }
    }
}

/// The result of a core call on its way to JS: `T` on success, a JS `Error` with `code`
/// (and `field`) on failure.
pub struct Outcome<T>(std::result::Result<T, Failure>);

impl<T, E: CoreError> From<std::result::Result<T, E>> for Outcome<T> {
    fn from(result: std::result::Result<T, E>) -> Self {
        Outcome(result.map_err(Failure::from))
    }
}

impl<T> From<std::result::Result<T, Failure>> for Outcome<T> {
    fn from(result: std::result::Result<T, Failure>) -> Self {
        Outcome(result)
    }
}

impl<T: TypeName> TypeName for Outcome<T> {
    fn type_name() -> &'static str {
        T::type_name()
    }
    fn value_type() -> ValueType {
        T::value_type()
    }
}

impl<T: ToNapiValue> ToNapiValue for Outcome<T> {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        match val.0 {
            Ok(value) => unsafe { T::to_napi_value(env, value) },
            Err(data) => Err(unsafe { js_error(env, data) }),
        }
    }
}

/// The JS error of `failure`, for a sync function to throw (`Err(throw(&env, failure))`).
pub(crate) fn throw(env: &Env, failure: Failure) -> Error {
    unsafe { js_error(env.raw(), failure) }
}

/// Build `Error(message)` (or `TypeError`, `RangeError`) with `code` and `field` on the JS
/// thread, and wrap it in a `napi::Error` that napi throws (or rejects with) as is.
unsafe fn js_error(env: sys::napi_env, data: Failure) -> Error {
    let Failure {
        code,
        message,
        field,
        kind,
    } = data;
    let error = Error::new(code, message);
    let raw = unsafe {
        match kind {
            JsKind::Error => JsError::from(error).into_value(env),
            JsKind::TypeError => JsTypeError::from(error).into_value(env),
            JsKind::RangeError => JsRangeError::from(error).into_value(env),
        }
    };
    if raw.is_null() {
        // The environment is tearing down; nothing can receive the error anyway.
        return Error::new(Status::GenericFailure, "environment is shutting down");
    }
    if let Some(field) = field {
        let mut object = Object::from_raw(env, raw);
        if let Err(err) = object.set_named_property("field", field) {
            return err;
        }
    }
    Error::from(unsafe { Unknown::from_raw_unchecked(env, raw) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(code: ErrorCode) -> &'static str {
        match code {
            ErrorCode::NotFound => "not_found",
            ErrorCode::Validation => "validation",
            ErrorCode::Conflict => "conflict",
            ErrorCode::InvalidTransition => "invalid_transition",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::PaymentRejected => "payment_rejected",
            ErrorCode::Config => "config",
            ErrorCode::Database => "database",
            ErrorCode::Internal => "internal",
        }
    }

    /// `ErrorCode` (the TypeScript type of `err.code`) lists exactly the core codes.
    #[test]
    fn error_code_matches_core_codes() {
        let ours = [
            ErrorCode::NotFound,
            ErrorCode::Validation,
            ErrorCode::Conflict,
            ErrorCode::InvalidTransition,
            ErrorCode::Forbidden,
            ErrorCode::Unauthenticated,
            ErrorCode::PaymentRejected,
            ErrorCode::Config,
            ErrorCode::Database,
            ErrorCode::Internal,
        ]
        .map(code_of);
        let mut ours = ours.to_vec();
        let mut core = blajarplus::Error::CODES.to_vec();
        ours.sort_unstable();
        core.sort_unstable();
        assert_eq!(ours, core);
    }

    #[test]
    fn core_errors_keep_code_and_field() {
        let err = blajarplus::Error::validation("hourly_rate", "must be positive");
        let Outcome(Err(data)) = Outcome::<()>::from(Err::<(), _>(err)) else {
            panic!("expected an error");
        };
        assert_eq!(data.code, "validation");
        assert_eq!(data.field.as_deref(), Some("hourlyRate"));
        assert_eq!(data.message, "invalid hourlyRate: must be positive");
        assert_eq!(data.kind, JsKind::Error);
        let err = blajarplus::Error::not_found("booking", "b-1");
        let data = Failure::from(err);
        assert_eq!((data.code.as_str(), data.field), ("not_found", None));
        assert_eq!(data.message, "not found: booking b-1");
    }
}
