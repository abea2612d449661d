//! Core errors → JS errors.
//!
//! Every core error has a stable `code()` (`not_found`, `validation`, `conflict`,
//! `invalid_transition`, `forbidden`, `payment_rejected`, `database`, …) and, for validation,
//! a `field()`. In JS it becomes an `Error` with `message`, `code` (the same string; typed as
//! [`ErrorCode`]) and, for validation errors, `field`.
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
//! Bad input from JS that napi's own conversion accepts but core cannot use (a malformed id,
//! decimal or time, an invalid `Date`) is an [`ArgError`]: a `TypeError` (or `RangeError`)
//! with code `InvalidArg` and the argument's path as `field`.

use std::borrow::Cow;
use std::fmt;

use napi::bindgen_prelude::*;
use napi::sys;
use napi_derive::napi;

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
    fn field(&self) -> Option<&str> {
        None
    }
    fn kind(&self) -> JsKind {
        JsKind::Error
    }
}

impl CoreError for blajarplus::Error {
    fn code(&self) -> &str {
        blajarplus::Error::code(self)
    }
    fn field(&self) -> Option<&str> {
        blajarplus::Error::field(self)
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
    fn field(&self) -> Option<&str> {
        self.field.as_deref()
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

/// Bad input from JS, found while converting an argument for core.
#[derive(Debug, Clone)]
pub(crate) struct ArgError {
    /// Where in the arguments, e.g. `actor.userId` or `rules[2].startTime`.
    pub(crate) path: String,
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

impl CoreError for ArgError {
    fn code(&self) -> &str {
        "InvalidArg"
    }
    fn field(&self) -> Option<&str> {
        Some(&self.path)
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
            message: err.to_string(),
            field: err.field().map(str::to_owned),
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
        let err = blajarplus::Error::validation("price", "must be positive");
        let Outcome(Err(data)) = Outcome::<()>::from(Err::<(), _>(err)) else {
            panic!("expected an error");
        };
        assert_eq!(data.code, "validation");
        assert_eq!(data.field.as_deref(), Some("price"));
        assert_eq!(data.message, "invalid price: must be positive");
    }
}
