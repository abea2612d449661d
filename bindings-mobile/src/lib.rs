//! Kotlin and Swift bindings of Blajarplus core (UniFFI, proc-macro style).
//!
//! Thin on purpose: each exported function converts its arguments, delegates to the
//! `blajarplus` crate and converts the result back. Async functions are exported with
//! `#[uniffi::export(async_runtime = "tokio")]` (Kotlin `suspend fun`, Swift `async`) and run
//! their core work on the one runtime of `runtime`; core errors become [`BlajarplusError`]
//! (Kotlin `BlajarplusException.*`, Swift `BlajarplusError` cases).
//!
//! Where things are, so that binding a new facade method stays a few lines:
//! - `marketplace`: the `Marketplace` object, one delegating method per facade method;
//! - `edge`: the contract at the edge — every argument converted for core under its own name
//!   (a bad value is a `Validation` error naming it), and the contract table;
//! - `inputs`: the input records (wire forms of core's inputs), each declared once;
//! - `types`: core's output records and enums, each declared once (mostly `#[uniffi::remote]`);
//! - `convert`: ids, money, instants, local times and JSON as custom types, written once;
//! - `clock`: the test clock; `policy`: the policy mirror; `error`: the error enum; `runtime`: the tokio runtime.
//!
//! Kotlin/Swift sources are generated from the built cdylib in library mode by the
//! `uniffi-bindgen` tool in `uniffi-bindgen/` (see `test.sh`); names are set in `uniffi.toml`.

mod clock;
mod convert;
mod edge;
mod error;
mod inputs;
mod marketplace;
mod policy;
mod runtime;
mod types;

pub use clock::FixedClock;
pub use convert::{Json, LocalDate, LocalTime, UtcDateTime};
pub use edge::{ContractArgument, ContractLeaf, ContractMethod, EdgeKind, PathStep, edge_contract};
pub use error::{BlajarplusError, error_codes};
pub use inputs::{MarketplaceOptions, MessageCursor, ReviewCursor, TimeRange};
pub use marketplace::Marketplace;
pub use policy::{Policy, default_policy};
pub use types::{DueReport, LedgerReport, User};

uniffi::setup_scaffolding!();

/// The version of the Blajarplus core library.
#[uniffi::export]
pub fn version() -> String {
    blajarplus::VERSION.to_owned()
}

/// The version of the Blajarplus core library, resolved on the shared tokio runtime.
#[uniffi::export(async_runtime = "tokio")]
pub async fn version_async() -> String {
    runtime::run(core_version()).await
}

/// Test hook: fail with the error that a core error with this `code` maps to.
#[uniffi::export]
pub fn raise_error_for_test(
    code: String,
    message: String,
    field: Option<String>,
) -> Result<(), BlajarplusError> {
    Err(error::BindingError::new(code, message, field).into())
}

/// Test hook: fail asynchronously with the error that a core error with this `code` maps to.
#[uniffi::export(async_runtime = "tokio")]
pub async fn raise_error_for_test_async(
    code: String,
    message: String,
    field: Option<String>,
) -> Result<(), BlajarplusError> {
    runtime::run(async move {
        core_version().await;
        Err(error::BindingError::new(code, message, field).into())
    })
    .await
}

/// Test hook: panics inside a call, to check that a Rust panic reaches the host as an
/// exception (UniFFI's `InternalException` in Kotlin) and does not abort the process.
#[uniffi::export]
pub fn panic_for_test(message: String) {
    panic!("{message}");
}

/// Test hook: panics inside an async call, on the shared runtime's worker thread.
#[uniffi::export(async_runtime = "tokio")]
pub async fn panic_for_test_async(message: String) {
    runtime::run(async move {
        core_version().await;
        panic!("{message}");
    })
    .await
}

/// Stand-in for a real core call: awaits a tokio timer, so it fails loudly if a future is
/// ever polled outside a tokio runtime.
async fn core_version() -> String {
    tokio::time::sleep(std::time::Duration::ZERO).await;
    blajarplus::VERSION.to_owned()
}
