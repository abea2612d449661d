//! Node.js bindings of Blajarplus core (napi-rs).
//!
//! Thin on purpose: each function converts its arguments, delegates to the `blajarplus` crate
//! and converts the result back. Async functions are `#[napi] async fn` (a `Promise` in JS)
//! running on the one tokio runtime configured in [`runtime`]; core errors become JS `Error`s
//! whose `code` is the core error code, through [`error::Outcome`].

mod error;
mod runtime;

use napi::bindgen_prelude::*;
use napi_derive::napi;

pub use error::ErrorCode;
use error::{BindingError, Outcome};

/// The version of the Blajarplus core library.
#[napi]
pub fn version() -> String {
    blajarplus::VERSION.to_owned()
}

/// The version of the Blajarplus core library, resolved on the shared tokio runtime.
#[napi(ts_return_type = "Promise<string>")]
pub async fn version_async() -> Result<Outcome<String>> {
    Ok(Ok::<_, BindingError>(core_version().await).into())
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
) -> Result<Outcome<()>> {
    core_version().await;
    Ok(Err(BindingError::new(code, message, field)).into())
}

/// Stand-in for a real core call: awaits a tokio timer, so it fails loudly if a future is
/// ever polled outside the shared runtime.
async fn core_version() -> String {
    tokio::time::sleep(std::time::Duration::ZERO).await;
    blajarplus::VERSION.to_owned()
}
