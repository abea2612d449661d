//! Every facade use case is a `tracing` span; see the crate docs ("Tracing") for what a host
//! sees.
//!
//! The span carries only what is safe to keep in a log: the use case's name, the actor's role
//! and id, the ids the call touches, and enums that name the action (a status, a provider).
//! Inputs are never recorded whole — `NewUser` holds a password, a webhook body a signature,
//! `login` an email or phone — so each use case lists its fields explicitly. A failure records
//! the error's stable code (and a validation error's field name), never its message: messages
//! may quote the input (`"budi@@example" is not an email address`).

use crate::error::{Error, Result};
use std::fmt::Display;
use std::future::Future;
use tracing::{Instrument, Level, Span};

/// The span of one use case: `use_case!("checkout", actor, booking.id = %booking)`.
///
/// The name is the facade method's. With an actor (an identifier naming the `&Actor`
/// argument), the span records its role and user id. Further fields use `tracing`'s field
/// syntax; a field learned during the call is declared `tracing::field::Empty` and filled with
/// [`record`]. `error.code` and `error.field` are declared for [`traced`] to fill.
macro_rules! use_case {
    ($name:literal, $actor:ident $(, $($field:tt)+)?) => {
        ::tracing::info_span!(
            $name,
            actor.role = %$actor.role,
            actor.id = %$actor.user_id,
            error.code = ::tracing::field::Empty,
            error.field = ::tracing::field::Empty
            $(, $($field)+)?
        )
    };
    ($name:literal $(, $($field:tt)+)?) => {
        ::tracing::info_span!(
            $name,
            error.code = ::tracing::field::Empty,
            error.field = ::tracing::field::Empty
            $(, $($field)+)?
        )
    };
}
pub(super) use use_case;

/// The target of the events that end a use case: the facade's, whichever file holds it.
const TARGET: &str = "blajarplus::marketplace";

/// Runs a use case's body inside its span, then records how it ended: a DEBUG event on
/// success; on failure an event with the error's code (and field) — ERROR when the library or
/// its database failed, WARN when the caller's request was refused — and the same on the span,
/// for subscribers that report spans (closing lines, OpenTelemetry).
pub(super) async fn traced<T>(span: Span, body: impl Future<Output = Result<T>>) -> Result<T> {
    let result = body.instrument(span.clone()).await;
    span.in_scope(|| match &result {
        Ok(_) => tracing::debug!(target: TARGET, "done"),
        Err(e) if server_side(e) => tracing::event!(
            target: TARGET,
            Level::ERROR,
            error.code = e.code(),
            error.field = e.field(),
            "failed"
        ),
        Err(e) => tracing::event!(
            target: TARGET,
            Level::WARN,
            error.code = e.code(),
            error.field = e.field(),
            "failed"
        ),
    });
    if let Err(e) = &result {
        span.record("error.code", e.code());
        span.record("error.field", e.field());
    }
    result
}

/// Whether the failure is the library's or its database's rather than the caller's: an
/// operator must look at it.
fn server_side(e: &Error) -> bool {
    matches!(
        e,
        Error::Database(_) | Error::Internal(_) | Error::Config(_)
    )
}

/// Fills `field` (declared `Empty` in [`use_case!`]) of the current use case's span with an id
/// learned during the call, e.g. the booking it created.
pub(super) fn record(field: &'static str, value: impl Display) {
    Span::current().record(field, tracing::field::display(value));
}
