//! The one error type of the library.
//!
//! Every failure a host can see is an [`Error`] whose [`Error::code`] is a stable string:
//! bindings map the codes 1:1 onto exception classes (Python), `Error.code` (Node) and an
//! error enum (Kotlin/Swift), so the codes never change meaning once published.

use std::fmt;

/// The result type used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a Blajarplus call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The addressed record does not exist (or is not visible to the actor).
    #[error("not found: {entity} {key}")]
    NotFound {
        /// What kind of record was looked for, e.g. `booking`.
        entity: &'static str,
        /// The id or key that was looked up.
        key: String,
    },
    /// Input was rejected; nothing was written.
    #[error("invalid {field}: {message}")]
    Validation {
        /// The offending field (column or parameter name).
        field: String,
        /// Why it was rejected.
        message: String,
    },
    /// The write would break a uniqueness or overlap rule (e.g. an email already registered,
    /// a slot already booked).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A state machine was asked for a move its table does not allow.
    #[error("invalid transition: cannot {event} from {from}")]
    InvalidTransition {
        /// The state the record was in.
        from: String,
        /// The event that was refused.
        event: String,
    },
    /// The actor may not do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Sign-in failed: unknown account or wrong password (deliberately the same answer).
    #[error("unauthenticated: {0}")]
    Unauthenticated(String),
    /// A payment provider notification was refused (bad signature, unknown order, amount mismatch).
    #[error("payment rejected: {0}")]
    PaymentRejected(String),
    /// Opening or configuring the store failed (bad URL, migration failure).
    #[error("configuration: {0}")]
    Config(String),
    /// The database failed in a way that is not the caller's fault (connection lost, timeout).
    #[error("database: {0}")]
    Database(String),
    /// A bug: an invariant of the library itself did not hold.
    #[error("internal: {0}")]
    Internal(String),
}

impl Error {
    /// The stable, machine-readable code of this error.
    ///
    /// One of `not_found`, `validation`, `conflict`, `invalid_transition`, `forbidden`,
    /// `unauthenticated`, `payment_rejected`, `config`, `database`, `internal`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::Validation { .. } => "validation",
            Error::Conflict(_) => "conflict",
            Error::InvalidTransition { .. } => "invalid_transition",
            Error::Forbidden(_) => "forbidden",
            Error::Unauthenticated(_) => "unauthenticated",
            Error::PaymentRejected(_) => "payment_rejected",
            Error::Config(_) => "config",
            Error::Database(_) => "database",
            Error::Internal(_) => "internal",
        }
    }

    /// All codes [`Error::code`] can return, for bindings that map them exhaustively.
    pub const CODES: &'static [&'static str] = &[
        "not_found",
        "validation",
        "conflict",
        "invalid_transition",
        "forbidden",
        "unauthenticated",
        "payment_rejected",
        "config",
        "database",
        "internal",
    ];

    /// For a validation error, the field that was rejected.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    /// A field name (core's snake_case) as camelCase hosts spell it — `hourly_rate` →
    /// `hourlyRate` — for the JavaScript, Kotlin and Swift bindings, whose errors name fields
    /// the way their users write them. A name without underscores passes unchanged.
    pub fn camel_case(name: &str) -> String {
        let mut out = String::with_capacity(name.len());
        let mut upper = false;
        for c in name.chars() {
            if c == '_' && !out.is_empty() {
                upper = true;
            } else if upper {
                out.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Shorthand for a validation error.
    pub fn validation(field: impl Into<String>, message: impl fmt::Display) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.to_string(),
        }
    }

    /// Shorthand for a not-found error.
    pub fn not_found(entity: &'static str, key: impl fmt::Display) -> Self {
        Error::NotFound {
            entity,
            key: key.to_string(),
        }
    }
}
