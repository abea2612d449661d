//! Core errors → Python exceptions.
//!
//! Every core error has a stable `code()` (`not_found`, `validation`, `conflict`,
//! `invalid_transition`, `forbidden`, `payment_rejected`, `database`, …) and, for validation,
//! a `field()`. The exception classes live in Python (`blajarplus/_errors.py`) so they can use
//! multiple inheritance (`NotFoundError` is also a `LookupError`, …); the code → class table
//! is `blajarplus._errors.error_for_code`, which this module calls. An unknown code becomes the
//! base `BlajarplusError` carrying that code, so a new core code never crashes the binding.

use std::borrow::Cow;
use std::fmt;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

/// What the binding needs to know about an error to raise the right exception:
/// implemented for `blajarplus::Error` (and for [`BindingError`], used by the test hook).
pub(crate) trait CoreError: fmt::Display {
    fn code(&self) -> &str;
    fn field(&self) -> Option<&str> {
        None
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

/// An error with an arbitrary code, for the `_raise_error` test hook (which must also reach
/// codes core does not have, to test the fallback).
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

static ERROR_FOR_CODE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Map an error to the Python exception for its code.
pub(crate) fn to_py_err<E: CoreError>(err: E) -> PyErr {
    Python::attach(|py| {
        let message = err.to_string();
        build(py, err.code(), &message, err.field()).unwrap_or_else(|lookup_failed| {
            // The Python package is missing or broken: still surface the original error.
            pyo3::exceptions::PyRuntimeError::new_err(format!(
                "[{}] {message} (and blajarplus._errors failed: {lookup_failed})",
                err.code()
            ))
        })
    })
}

fn build(py: Python<'_>, code: &str, message: &str, field: Option<&str>) -> PyResult<PyErr> {
    let factory = ERROR_FOR_CODE.import(py, "blajarplus._errors", "error_for_code")?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("field", field)?;
    let exc = factory.call((code, message), Some(&kwargs))?;
    Ok(PyErr::from_value(exc))
}
