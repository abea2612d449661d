//! Python bindings of Blajarplus core.
//!
//! This crate is thin on purpose: each function converts its arguments, delegates to the
//! `blajarplus` crate and converts the result back. Async functions return Python awaitables
//! through [`runtime::future_into_py`]; blocking functions release the GIL through
//! [`runtime::block_on`]. Core errors become Python exceptions through [`error`].
//!
//! The Python package `blajarplus` (in `python/`) wraps this native module `blajarplus._native`.

mod error;
mod runtime;

use pyo3::prelude::*;

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
/// Lets the test suite prove the Rust → Python error path before core has real errors.
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

/// Stand-in for a real core call: awaits on the tokio runtime (a timer needs its reactor),
/// so it fails loudly if a future is ever polled outside the shared runtime.
async fn core_version() -> String {
    tokio::time::sleep(std::time::Duration::ZERO).await;
    blajarplus::VERSION.to_owned()
}

/// The native module `blajarplus._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    runtime::init();
    m.add("__version__", blajarplus::VERSION)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(version_async, m)?)?;
    m.add_function(wrap_pyfunction!(_raise_error, m)?)?;
    m.add_function(wrap_pyfunction!(_core_error_codes, m)?)?;
    Ok(())
}
