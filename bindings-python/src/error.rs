//! Core errors → Python exceptions.
//!
//! Every core error has a stable `code()` (`not_found`, `validation`, `conflict`,
//! `invalid_transition`, `forbidden`, `payment_rejected`, `database`, …) and, for validation,
//! a `field()`. The exception classes live in Python (`blajarplus/_errors.py`) so they can use
//! multiple inheritance (`NotFoundError` is also a `LookupError`, …); the code → class table
//! is `blajarplus._errors.error_for_code`, which this module calls. An unknown code becomes the
//! base `BlajarplusError` carrying that code, so a new core code never crashes the binding.
//!
//! Bad arguments from Python (a value of the wrong type, a missing or `None` required value, an
//! unknown enum string, a malformed id, a non-finite or fractional number where an integer is
//! due, a float or a non-finite decimal where money is due, a naive datetime) are an
//! [`ArgError`]: code `validation` like core's own, so they raise `ValidationError`. One
//! spelling of `field` for every validation error, core's or the binding's: the snake_case name
//! of the offending input as Python (and core) spell it, without the argument's name in front —
//! the argument (`booking`, `duration_minutes`) or the innermost attribute of an input object
//! (`hourly_rate` for `new.hourly_rate`, `start_time` for `rules[1].start_time`). An argument
//! error's message starts with the full path (`rules[1].start_time: expected a datetime.time,
//! got str`).

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

/// Bad input from Python, found while converting an argument for core.
#[derive(Debug, Clone)]
pub(crate) struct ArgError {
    /// Where in the arguments, e.g. `new.hourly_rate` or `rules[2].start_time` (relative, e.g.
    /// `[2].start_time`, until [`ArgError::in_argument`] names the argument).
    path: String,
    /// The innermost attribute on the path, or the argument (`None` until one is known).
    field: Option<String>,
    /// What is wrong with the value.
    message: String,
}

impl ArgError {
    /// What is wrong with the value at hand (its path follows as the error travels out).
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ArgError {
            path: String::new(),
            field: None,
            message: message.into(),
        }
    }

    /// The error of a value read as attribute `name` of an input object.
    pub(crate) fn at_attr(mut self, name: &str) -> Self {
        self.path.insert_str(0, &format!(".{name}"));
        self.field.get_or_insert_with(|| name.to_owned());
        self
    }

    /// The error of a value read as item `index` of a list or pair.
    pub(crate) fn at_index(mut self, index: usize) -> Self {
        self.path.insert_str(0, &format!("[{index}]"));
        self
    }

    /// The error of a value read for the argument `name` (its path is complete now).
    pub(crate) fn in_argument(mut self, name: &str) -> Self {
        self.path.insert_str(0, name);
        self.field.get_or_insert_with(|| name.to_owned());
        self
    }
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl CoreError for ArgError {
    fn code(&self) -> &str {
        "validation"
    }
    fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }
}

/// A failed facade call: a bad argument, or core's error.
#[derive(Debug)]
pub(crate) enum CallError {
    Arg(ArgError),
    Core(blajarplus::Error),
}

impl From<ArgError> for CallError {
    fn from(err: ArgError) -> Self {
        CallError::Arg(err)
    }
}

impl From<blajarplus::Error> for CallError {
    fn from(err: blajarplus::Error) -> Self {
        CallError::Core(err)
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Arg(e) => e.fmt(f),
            CallError::Core(e) => e.fmt(f),
        }
    }
}

impl CoreError for CallError {
    fn code(&self) -> &str {
        match self {
            CallError::Arg(e) => e.code(),
            CallError::Core(e) => CoreError::code(e),
        }
    }
    fn field(&self) -> Option<&str> {
        match self {
            CallError::Arg(e) => e.field(),
            CallError::Core(e) => CoreError::field(e),
        }
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
