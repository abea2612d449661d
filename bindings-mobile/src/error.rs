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

use std::borrow::Cow;
use std::fmt;

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
    /// The payment provider rejected the payment.
    #[error("{reason}")]
    PaymentRejected { reason: String },
    /// The database failed (connection, I/O, unexpected constraint).
    #[error("{reason}")]
    Database { reason: String },
    /// An error whose code this binding does not know (newer core); `code` is the core code.
    #[error("{reason}")]
    Internal { code: String, reason: String },
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
            Self::PaymentRejected { .. } => "payment_rejected".into(),
            Self::Database { .. } => "database".into(),
            Self::Internal { code, .. } => code.clone(),
        }
    }
}

/// What the binding needs to know about an error to build [`BlajarplusError`].
///
/// Implement it for `blajarplus::Error` once core has it (delegating to its `code()` and
/// `field()`) and add `impl From<blajarplus::Error> for BlajarplusError` calling [`map`], so
/// exported functions can use `?` on core results.
pub(crate) trait CoreError: fmt::Display {
    fn code(&self) -> &str;
    fn field(&self) -> Option<&str> {
        None
    }
}

/// Map any core error to the binding error by its code.
pub(crate) fn map<E: CoreError>(err: &E) -> BlajarplusError {
    let reason = err.to_string();
    match err.code() {
        "not_found" => BlajarplusError::NotFound { reason },
        "validation" => BlajarplusError::Validation {
            field: err.field().map(str::to_owned),
            reason,
        },
        "conflict" => BlajarplusError::Conflict { reason },
        "invalid_transition" => BlajarplusError::InvalidTransition { reason },
        "forbidden" => BlajarplusError::Forbidden { reason },
        "payment_rejected" => BlajarplusError::PaymentRejected { reason },
        "database" => BlajarplusError::Database { reason },
        other => BlajarplusError::Internal {
            code: other.to_owned(),
            reason,
        },
    }
}

/// A generic error carrying a code, used until core exports `blajarplus::Error` and by the
/// test hooks.
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

impl From<BindingError> for BlajarplusError {
    fn from(err: BindingError) -> Self {
        map(&err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        for code in [
            "not_found",
            "validation",
            "conflict",
            "invalid_transition",
            "forbidden",
            "payment_rejected",
            "database",
            "something_new",
        ] {
            let err = map(&BindingError::new(code, "boom", None));
            assert_eq!(err.code(), code);
            assert_eq!(err.to_string(), "boom");
        }
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
