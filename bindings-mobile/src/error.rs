//! Core errors → the UniFFI error enum.
//!
//! Every core error has a stable `code()` (`not_found`, `validation`, `conflict`,
//! `invalid_transition`, `forbidden`, `payment_rejected`, `database`, …) and, for validation,
//! a `field()`. [`BlajarplusError`] has one variant per code (Kotlin
//! `BlajarplusException.NotFound`, …; Swift `BlajarplusError.notFound(reason:)`, …) plus
//! `Internal` for codes this binding does not know yet, and a `code()` method that returns
//! the core code string in every language.
//!
//! The human-readable text is the field `reason`, not `message`: Kotlin exceptions already
//! have a `message` property, and a field of that name makes the generated Kotlin fail to
//! compile. Kotlin's `message` reads `reason=…` (and `field=…`).
//!
//! One spelling of `field` for every validation error: the camelCase name of the offending
//! input as Kotlin and Swift spell it. Core names its fields in snake_case (columns and
//! parameters: `hourly_rate`); they are camelCased here, in `field` and in the reason (core's
//! `hourly_rate` is `field = "hourlyRate"`, reason `invalid hourlyRate: …`), the same spelling
//! as the binding's own argument errors (see [`crate::edge`]), so one `field` maps onto one
//! form input whichever side refused it.

use std::borrow::Cow;
use std::fmt;

use crate::edge::camel_case;

/// An error of the Blajarplus library.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum BlajarplusError {
    /// The requested record does not exist (or is not visible to the caller).
    #[error("{reason}")]
    NotFound { reason: String },
    /// An input failed validation; `field` names the offending input when known.
    #[error("{reason}")]
    Validation {
        field: Option<String>,
        reason: String,
    },
    /// The operation conflicts with existing state (e.g. an overlapping booking).
    #[error("{reason}")]
    Conflict { reason: String },
    /// The record's current state does not allow this transition.
    #[error("{reason}")]
    InvalidTransition { reason: String },
    /// The acting user may not perform this operation.
    #[error("{reason}")]
    Forbidden { reason: String },
    /// Sign-in failed: unknown account or wrong password (deliberately the same answer).
    #[error("{reason}")]
    Unauthenticated { reason: String },
    /// The payment provider rejected the payment.
    #[error("{reason}")]
    PaymentRejected { reason: String },
    /// Opening or configuring the store failed (bad URL, migration failure).
    #[error("{reason}")]
    Config { reason: String },
    /// The database failed in a way that is not the caller's fault (connection lost, timeout).
    #[error("{reason}")]
    Database { reason: String },
    /// A bug: an invariant of the library itself did not hold.
    #[error("{reason}")]
    Internal { reason: String },
    /// An error whose code this binding does not know yet (newer core); `code` is that code.
    #[error("{reason}")]
    Unknown { code: String, reason: String },
}

#[uniffi::export]
impl BlajarplusError {
    /// The stable core error code, e.g. `"not_found"`.
    pub fn code(&self) -> String {
        match self {
            Self::NotFound { .. } => "not_found".into(),
            Self::Validation { .. } => "validation".into(),
            Self::Conflict { .. } => "conflict".into(),
            Self::InvalidTransition { .. } => "invalid_transition".into(),
            Self::Forbidden { .. } => "forbidden".into(),
            Self::Unauthenticated { .. } => "unauthenticated".into(),
            Self::PaymentRejected { .. } => "payment_rejected".into(),
            Self::Config { .. } => "config".into(),
            Self::Database { .. } => "database".into(),
            Self::Internal { .. } => "internal".into(),
            Self::Unknown { code, .. } => code.clone(),
        }
    }
}

/// What the binding needs to know about an error to build [`BlajarplusError`]: implemented
/// for `blajarplus::Error` (and for [`BindingError`], used by the test hooks).
pub(crate) trait CoreError: fmt::Display {
    fn code(&self) -> &str;
    /// The offending field, camelCase.
    fn field(&self) -> Option<String> {
        None
    }
    fn reason(&self) -> String {
        self.to_string()
    }
}

impl CoreError for blajarplus::Error {
    fn code(&self) -> &str {
        blajarplus::Error::code(self)
    }
    /// Core's snake_case field, camelCased as Kotlin and Swift spell the input.
    fn field(&self) -> Option<String> {
        blajarplus::Error::field(self).map(camel_case)
    }
    fn reason(&self) -> String {
        match self {
            blajarplus::Error::Validation { field, message } => {
                format!("invalid {}: {message}", camel_case(field))
            }
            other => other.to_string(),
        }
    }
}

/// Lets exported functions use `?` on core results.
impl From<blajarplus::Error> for BlajarplusError {
    fn from(err: blajarplus::Error) -> Self {
        map(&err)
    }
}

/// Map any core error to the binding error by its code.
pub(crate) fn map<E: CoreError>(err: &E) -> BlajarplusError {
    let reason = err.reason();
    match err.code() {
        "not_found" => BlajarplusError::NotFound { reason },
        "validation" => BlajarplusError::Validation {
            field: err.field(),
            reason,
        },
        "conflict" => BlajarplusError::Conflict { reason },
        "invalid_transition" => BlajarplusError::InvalidTransition { reason },
        "forbidden" => BlajarplusError::Forbidden { reason },
        "unauthenticated" => BlajarplusError::Unauthenticated { reason },
        "payment_rejected" => BlajarplusError::PaymentRejected { reason },
        "config" => BlajarplusError::Config { reason },
        "database" => BlajarplusError::Database { reason },
        "internal" => BlajarplusError::Internal { reason },
        other => BlajarplusError::Unknown {
            code: other.to_owned(),
            reason,
        },
    }
}

/// An error with an arbitrary code, for the test hooks (which must also reach codes core does
/// not have, to test the fallback).
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

/// Core's error codes (`blajarplus::Error::CODES`), one per `BlajarplusException` subclass
/// besides `Unknown` (the tests check the classes and the book's error table, docs/src/mobile.md, against it).
#[uniffi::export]
pub fn error_codes() -> Vec<String> {
    blajarplus::Error::CODES
        .iter()
        .map(|&c| c.to_owned())
        .collect()
}

impl From<BindingError> for BlajarplusError {
    fn from(err: BindingError) -> Self {
        map(&err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_code_has_its_variant() {
        assert!(!blajarplus::Error::CODES.is_empty());
        for &code in blajarplus::Error::CODES {
            let err = map(&BindingError::new(code, "boom", None));
            assert!(
                !matches!(err, BlajarplusError::Unknown { .. }),
                "core code {code} has no variant"
            );
            assert_eq!(err.code(), code);
            assert_eq!(err.to_string(), "boom");
        }
    }

    #[test]
    fn unknown_codes_are_kept() {
        let err = map(&BindingError::new("something_new", "boom", None));
        assert_eq!(
            err,
            BlajarplusError::Unknown {
                code: "something_new".into(),
                reason: "boom".into()
            }
        );
        assert_eq!(err.code(), "something_new");
    }

    #[test]
    fn core_errors_convert() {
        let err: BlajarplusError =
            blajarplus::Error::validation("hourly_rate", "must be positive").into();
        assert_eq!(
            err,
            BlajarplusError::Validation {
                field: Some("hourlyRate".into()),
                reason: "invalid hourlyRate: must be positive".into()
            }
        );
        let err: BlajarplusError = blajarplus::Error::not_found("booking", "42").into();
        assert_eq!(err.code(), "not_found");
    }

    #[test]
    fn validation_keeps_the_field() {
        let err = map(&BindingError::new(
            "validation",
            "bad",
            Some("price".into()),
        ));
        assert_eq!(
            err,
            BlajarplusError::Validation {
                field: Some("price".into()),
                reason: "bad".into()
            }
        );
    }
}
