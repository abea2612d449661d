//! Node.js bindings of Blajarplus core (napi-rs).
//!
//! Thin on purpose: each function converts its arguments, delegates to the `blajarplus` crate
//! and converts the result back. Async functions are `#[napi] async fn` (a `Promise` in JS)
//! running on the one tokio runtime configured in [`runtime`]; core errors become JS `Error`s
//! whose `code` is the core error code, through [`error::Outcome`].
//!
//! - [`args`]: arguments as JS passes them, read strictly and never thrown over, so that every
//!   async method rejects (code `validation`) instead of throwing, whatever its arguments;
//! - [`convert`]: every conversion between core and JS values, once per type;
//! - [`types`]: the JS shapes of core's enums, records and inputs, each declared once;
//! - [`marketplace`]: the facade as the `Marketplace` class (and the test `FixedClock`);
//! - [`logs`]: `setLogger`, the opt-in forwarding of core's `tracing` events to a callback.

mod args;
mod convert;
mod error;
mod logs;
mod marketplace;
mod runtime;
mod types;

use napi_derive::napi;

pub use args::{Arg, Decimal, Float, Int, LocalDate, LocalTime, Uuid, int32, js, uint32};
pub use convert::Date;
pub use error::ErrorCode;
use error::{BindingError, Outcome};
pub use logs::{LogLevel, LogRecord, LogSpan, set_logger};
pub use marketplace::{ClockRef, FixedClock, Marketplace};
pub use types::*;

/// The version of the Blajarplus core library.
#[napi]
pub fn version() -> String {
    blajarplus::VERSION.to_owned()
}

/// The version of the Blajarplus core library, resolved on the shared tokio runtime.
#[napi]
pub async fn version_async() -> napi::Result<types::out::String> {
    Ok(Ok::<_, BindingError>(core_version().await).into())
}

/// Test hook: core's error codes (`blajarplus::Error::CODES`), to check the documented table.
#[napi(js_name = "_coreErrorCodes")]
pub fn core_error_codes() -> Vec<&'static str> {
    blajarplus::Error::CODES.to_vec()
}

/// Test hook: throw the JS error that a core error with this `code` maps to.
#[napi(js_name = "_raiseError", ts_return_type = "void")]
pub fn raise_error(code: String, message: String, field: Option<String>) -> Outcome<()> {
    Err(BindingError::new(code, message, field)).into()
}

/// Test hook: reject with the JS error that a core error with this `code` maps to.
#[napi(js_name = "_raiseErrorAsync", ts_return_type = "Promise<void>")]
pub async fn raise_error_async(
    code: String,
    message: String,
    field: Option<String>,
) -> napi::Result<Outcome<()>> {
    core_version().await;
    Ok(Err(BindingError::new(code, message, field)).into())
}

/// Test hook: panic inside an async call as core would; the Promise must reject with an
/// `internal` error, the process live on.
#[napi(js_name = "_panicAsync", ts_return_type = "Promise<void>")]
pub async fn panic_async(message: String) -> napi::Result<Outcome<()>> {
    marketplace::call(async move {
        core_version().await;
        if !message.is_empty() {
            panic!("{message}");
        }
        Ok(())
    })
    .await
}

/// Test hook: panic inside a sync call; it must throw, the process live on.
#[napi(js_name = "_panic", catch_unwind)]
pub fn panic_sync(message: String) {
    panic!("{message}");
}

/// Stand-in for a real core call: awaits a tokio timer, so it fails loudly if a future is
/// ever polled outside the shared runtime.
async fn core_version() -> String {
    tokio::time::sleep(std::time::Duration::ZERO).await;
    blajarplus::VERSION.to_owned()
}
