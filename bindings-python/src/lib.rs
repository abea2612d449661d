//! Python bindings of Blajarplus core.
//!
//! This crate is thin on purpose: each method converts its arguments ([`convert`]), delegates
//! to the `blajarplus` facade and converts the result back ([`wire`]). The facade is bound
//! twice from one list ([`facade`]): `Marketplace` blocks with the GIL released (through
//! [`runtime::block_on`]), `AsyncMarketplace` returns awaitables (through
//! [`runtime::future_into_py`]). Core errors become Python exceptions through [`error`];
//! panics become `InternalError`. [`fork`] keeps the binding working in forked children
//! (pre-fork servers): a runtime per process, marketplaces bound to the process that opened
//! them. [`logs`] forwards core's `tracing` events to Python's `logging` once the host opts in.
//!
//! The Python package `blajarplus` (in `python/`) wraps this native module `blajarplus._native`.

mod convert;
mod error;
mod facade;
mod fork;
mod logs;
mod runtime;
mod wire;

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The version of the Blajarplus core library (blocking call; releases the GIL).
#[pyfunction]
fn version(py: Python<'_>) -> PyResult<String> {
    runtime::block_on(py, async {
        Ok::<_, error::BindingError>(core_version().await)
    })
}

/// The version of the Blajarplus core library, awaited on the shared tokio runtime.
#[pyfunction]
fn version_async(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    runtime::future_into_py(py, async {
        Ok::<_, error::BindingError>(core_version().await)
    })
}

/// Test hook: raise the Python exception that a core error with this `code` maps to.
///
/// Lets the test suite prove the Rust → Python error path for every code, including codes
/// core does not have (the fallback).
#[pyfunction]
#[pyo3(signature = (code, message, field=None))]
fn _raise_error(code: String, message: String, field: Option<String>) -> PyResult<()> {
    Err(error::to_py_err(error::BindingError::new(
        code, message, field,
    )))
}

/// The codes of `blajarplus::Error` (lets the tests check that every one has its class).
#[pyfunction]
fn _core_error_codes() -> Vec<&'static str> {
    blajarplus::Error::CODES.to_vec()
}

/// Every result kind the native module can hand to `blajarplus._wire.decode`.
#[pyfunction]
fn _wire_kinds() -> Vec<&'static str> {
    wire::KINDS.to_vec()
}

/// Core's default policy, as a dict (the defaults of `blajarplus.Policy`).
#[pyfunction]
fn _default_policy(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    convert::default_policy(py)
}

/// Test hook: panics inside a blocking call, as a bug in core would.
#[pyfunction]
fn _panic(py: Python<'_>, message: String) -> PyResult<()> {
    runtime::block_on(py, explode(message))
}

/// Test hook: panics inside an awaited call, as a bug in core would.
#[pyfunction]
fn _panic_async(py: Python<'_>, message: String) -> PyResult<Bound<'_, PyAny>> {
    runtime::future_into_py(py, explode(message))
}

/// Test hook: waits `seconds` on the runtime through the blocking path (proves the GIL is
/// released while a call waits).
#[pyfunction]
fn _sleep(py: Python<'_>, seconds: f64) -> PyResult<()> {
    runtime::block_on(py, nap(seconds))
}

/// Test hook: waits `seconds` on the runtime through the awaitable path (proves the event
/// loop keeps running, and that cancelling aborts the Rust task).
#[pyfunction]
fn _sleep_async(py: Python<'_>, seconds: f64) -> PyResult<Bound<'_, PyAny>> {
    runtime::future_into_py(py, nap(seconds))
}

/// Test hook: how many SQLite marketplaces this process has open or still closing (a process
/// forked while this is not zero cannot open SQLite).
#[pyfunction]
fn _sqlite_pools() -> u32 {
    fork::sqlite_pools()
}

async fn nap(seconds: f64) -> Result<(), error::BindingError> {
    let duration = std::time::Duration::try_from_secs_f64(seconds).map_err(|e| {
        error::BindingError::new("validation", e.to_string(), Some("seconds".into()))
    })?;
    tokio::time::sleep(duration).await;
    Ok(())
}

async fn explode(message: String) -> Result<(), error::BindingError> {
    tokio::task::yield_now().await;
    panic!("{message}")
}

/// Stand-in for a real core call: awaits on the tokio runtime (a timer needs its reactor),
/// so it fails loudly if a future is ever polled outside the shared runtime.
async fn core_version() -> String {
    tokio::time::sleep(std::time::Duration::ZERO).await;
    blajarplus::VERSION.to_owned()
}

/// The native module `blajarplus._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", blajarplus::VERSION)?;
    // Before the interpreter finalizes, stop the runtime's threads from taking the GIL.
    let shutdown = wrap_pyfunction!(runtime::_shutdown, m)?;
    m.py()
        .import("atexit")?
        .call_method1("register", (shutdown,))?;
    m.add_class::<facade::Marketplace>()?;
    m.add_class::<facade::AsyncMarketplace>()?;
    m.add_class::<facade::FixedClock>()?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(version_async, m)?)?;
    m.add_function(wrap_pyfunction!(logs::enable_logging, m)?)?;
    m.add_function(wrap_pyfunction!(logs::disable_logging, m)?)?;
    m.add_function(wrap_pyfunction!(_raise_error, m)?)?;
    m.add_function(wrap_pyfunction!(_core_error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(_wire_kinds, m)?)?;
    m.add_function(wrap_pyfunction!(_default_policy, m)?)?;
    m.add_function(wrap_pyfunction!(_panic, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_async, m)?)?;
    m.add_function(wrap_pyfunction!(_sleep, m)?)?;
    m.add_function(wrap_pyfunction!(_sleep_async, m)?)?;
    m.add_function(wrap_pyfunction!(runtime::_hold_gate, m)?)?;
    m.add_function(wrap_pyfunction!(_sqlite_pools, m)?)?;
    Ok(())
}
