//! The one tokio runtime of the Python binding.
//!
//! pyo3-async-runtimes owns a lazily built multi-thread runtime (all drivers enabled); this
//! module configures it once and is the only place that touches it. Every async binding
//! function goes through [`future_into_py`], every blocking one through [`block_on`], so both
//! share one runtime and one connection pool per `blajarplus` handle.
//!
//! The runtime does not survive `fork()`: a forked child (e.g. a pre-fork web server worker)
//! must not reuse handles created in the parent. Create clients after the fork.

use std::future::Future;

use pyo3::IntoPyObject;
use pyo3::prelude::*;

use crate::error::{self, CoreError};

/// Configure the runtime builder; called once when the native module is imported.
/// The runtime itself is built lazily on first use.
pub(crate) fn init() {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    builder.enable_all().thread_name("blajarplus-py");
    pyo3_async_runtimes::tokio::init(builder);
}

/// The shared runtime.
pub(crate) fn get() -> &'static tokio::runtime::Runtime {
    pyo3_async_runtimes::tokio::get_runtime()
}

/// Turn a Rust future into a Python awaitable running on the shared runtime.
/// Core errors are mapped to Python exceptions by [`error::to_py_err`].
pub(crate) fn future_into_py<'py, F, T, E>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
    E: CoreError + Send + 'static,
{
    pyo3_async_runtimes::tokio::future_into_py(
        py,
        async move { fut.await.map_err(error::to_py_err) },
    )
}

/// Run a future to completion on the shared runtime without holding the GIL
/// (for the blocking API used by Django and scripts).
pub(crate) fn block_on<F, T, E>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = Result<T, E>> + Send,
    T: Send,
    E: CoreError + Send,
{
    py.detach(|| get().block_on(fut)).map_err(error::to_py_err)
}
