//! The one tokio runtime of the Python binding, and the two ways Python waits on it.
//!
//! Every async binding function goes through [`future_into_py`], every blocking one through
//! [`block_on`], so both share one runtime and one connection pool per marketplace.
//!
//! Why not `pyo3_async_runtimes::tokio::future_into_py`: it hands each result to asyncio from
//! a tokio thread that takes the GIL, and if the interpreter starts finalizing while such a
//! thread is between taking and releasing it (the main thread can run in between, at a GIL
//! switch), CPython aborts the process ("PyGILState_Release: thread state must be current") —
//! seen on a plain `asyncio.run(version_async())`. Here every hand-over passes a [`gate`] that
//! an `atexit` hook closes and drains before finalization begins.
//!
//! # After `fork()`
//!
//! The runtime is per process: a forked child (a gunicorn, uWSGI or Celery worker, a
//! `multiprocessing` "fork" worker) does not have the parent's runtime threads, so [`get`]
//! builds the child its own on first use, and the [`gate`] keeps one state per process, so
//! hand-overs the parent had in flight do not make the child's `atexit` wait. The parent's
//! runtime is never used or dropped in the child: it is leaked. See [`crate::fork`] for the
//! design and for the marketplaces a child inherits.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::error::{self, BindingError, CoreError};
use crate::fork::PerProcess;

static RUNTIME: PerProcess<tokio::runtime::Runtime> = PerProcess::new();

/// This process's multi-thread runtime, built on its first use in the process.
pub(crate) fn get() -> PyResult<&'static tokio::runtime::Runtime> {
    // Two threads may race to build it; the loser's runtime is dropped unused.
    RUNTIME.get_or_try_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("blajarplus-py")
            .build()
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start the tokio runtime: {e}")))
    })
}

/// A failed call: a core error, or a panic caught on its way out.
pub(crate) enum Failure<E> {
    Core(E),
    Panic(String),
}

impl<E: CoreError> fmt::Display for Failure<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Core(e) => e.fmt(f),
            Failure::Panic(message) => write!(f, "panic in blajarplus: {message}"),
        }
    }
}

impl<E: CoreError> CoreError for Failure<E> {
    fn code(&self) -> &str {
        match self {
            Failure::Core(e) => e.code(),
            Failure::Panic(_) => "internal",
        }
    }
    fn field(&self) -> Option<&str> {
        match self {
            Failure::Core(e) => e.field(),
            Failure::Panic(_) => None,
        }
    }
}

/// Runs `fut`, catching a panic: a bug in core must not take the host's interpreter down.
async fn guarded<F, T, E>(fut: F) -> Result<T, Failure<E>>
where
    F: Future<Output = Result<T, E>>,
{
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(result) => result.map_err(Failure::Core),
        Err(payload) => Err(Failure::Panic(panic_message(payload.as_ref()).to_owned())),
    }
}

/// The message of a panic payload (`panic!` gives a `&str` or a `String`).
fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(no message)"
    }
}

/// Runs a future to completion on the shared runtime without holding the GIL (the blocking
/// API used by Django and scripts): other Python threads run meanwhile.
pub(crate) fn block_on<F, T, E>(py: Python<'_>, fut: F) -> PyResult<T>
where
    F: Future<Output = Result<T, E>> + Send,
    T: Send,
    E: CoreError + Send,
{
    let rt = get()?;
    py.detach(|| rt.block_on(guarded(fut)))
        .map_err(error::to_py_err)
}

/// Turns a Rust future into an `asyncio.Future` of the running loop. The work runs on the
/// shared runtime; the result (or the mapped error, or `InternalError` for a panic) is set
/// on the loop's thread. Cancelling the asyncio future aborts the Rust task (its transaction,
/// if any, rolls back).
pub(crate) fn future_into_py<'py, F, T, E>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
    E: CoreError + Send + 'static,
{
    static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let event_loop = GET_RUNNING_LOOP
        .import(py, "asyncio", "get_running_loop")?
        .call0()?;
    let py_fut = event_loop.call_method0("create_future")?;
    let target = (event_loop.unbind(), py_fut.clone().unbind());
    let task = get()?.spawn(async move {
        let outcome = guarded(fut).await;
        // Taking the GIL may wait; keep that off the runtime's worker threads.
        let _ = tokio::task::spawn_blocking(move || deliver(target, outcome)).await;
    });
    py_fut.call_method1("add_done_callback", (Canceller(task.abort_handle()),))?;
    Ok(py_fut)
}

/// Hands an outcome to its asyncio future, unless the interpreter is shutting down (then
/// nobody awaits it any more).
fn deliver<T, E>(target: (Py<PyAny>, Py<PyAny>), outcome: Result<T, Failure<E>>)
where
    T: for<'a> IntoPyObject<'a>,
    E: CoreError,
{
    let Some(_pass) = gate::enter() else {
        // Dropping the Python references without the GIL defers their release to pyo3.
        return;
    };
    Python::attach(move |py| {
        let (event_loop, py_fut) = target;
        let (ok, value) = match outcome
            .map_err(error::to_py_err)
            .and_then(|v| v.into_py_any(py))
        {
            Ok(v) => (true, v),
            Err(e) => (false, e.into_value(py).into_any()),
        };
        let sent = wrap_pyfunction!(resolve, py).and_then(|resolve| {
            event_loop
                .bind(py)
                .call_method1("call_soon_threadsafe", (resolve, py_fut, ok, value))
        });
        // A closed loop means the awaiting side is gone: nothing to tell.
        drop(sent);
    });
}

/// Sets the asyncio future's result or exception, unless it was cancelled meanwhile.
/// Runs on the event loop's thread (scheduled by `call_soon_threadsafe`).
#[pyfunction]
fn resolve(fut: &Bound<'_, PyAny>, ok: bool, value: &Bound<'_, PyAny>) -> PyResult<()> {
    if fut.call_method0("done")?.is_truthy()? {
        return Ok(());
    }
    if ok {
        fut.call_method1("set_result", (value,))?;
    } else {
        fut.call_method1("set_exception", (value,))?;
    }
    Ok(())
}

/// `add_done_callback` target: aborts the Rust task when its asyncio future is cancelled.
#[pyclass(frozen)]
struct Canceller(tokio::task::AbortHandle);

#[pymethods]
impl Canceller {
    fn __call__(&self, fut: &Bound<'_, PyAny>) -> PyResult<()> {
        if fut.call_method0("cancelled")?.is_truthy()? {
            self.0.abort();
        }
        Ok(())
    }
}

/// Closes the gate and waits (GIL released, at most a few seconds) for hand-overs in flight.
/// Registered with `atexit`, which runs before the interpreter starts finalizing.
#[pyfunction]
pub(crate) fn _shutdown(py: Python<'_>) {
    py.detach(|| gate::close(std::time::Duration::from_secs(10)));
}

/// Test hook: holds a pass of the gate for `seconds` on a runtime thread (without taking the
/// GIL), as a hand-over to asyncio in flight does; returns at once. Lets the tests fork while
/// the parent has one out.
#[pyfunction]
pub(crate) fn _hold_gate(seconds: f64) -> PyResult<()> {
    let duration = std::time::Duration::try_from_secs_f64(seconds).map_err(|e| {
        error::to_py_err(BindingError::new(
            "validation",
            e.to_string(),
            Some("seconds".into()),
        ))
    })?;
    let Some(pass) = gate::enter() else {
        return Ok(());
    };
    get()?.spawn_blocking(move || {
        std::thread::sleep(duration);
        drop(pass);
    });
    Ok(())
}

/// Counts the threads that may take the GIL from the runtime, and stops new ones at exit.
///
/// One state per process ([`PerProcess`]): passes out in the parent when it forked belong to
/// threads the child does not have, and must not make the child's `atexit` wait for them.
pub(crate) mod gate {
    use std::sync::{Condvar, Mutex, MutexGuard};
    use std::time::{Duration, Instant};

    use crate::fork::PerProcess;

    struct State {
        closed: bool,
        inside: usize,
    }

    struct Gate {
        state: Mutex<State>,
        left: Condvar,
    }

    static GATE: PerProcess<Gate> = PerProcess::new();

    /// This process's gate.
    fn gate() -> &'static Gate {
        GATE.get_or_init(|| Gate {
            state: Mutex::new(State {
                closed: false,
                inside: 0,
            }),
            left: Condvar::new(),
        })
    }

    impl Gate {
        fn lock(&self) -> MutexGuard<'_, State> {
            // The state stays consistent whatever panicked while holding the lock.
            self.state.lock().unwrap_or_else(|p| p.into_inner())
        }
    }

    /// Leaves the gate (of the process that entered it) when dropped.
    pub(crate) struct Pass(&'static Gate);

    impl Drop for Pass {
        fn drop(&mut self) {
            self.0.lock().inside -= 1;
            self.0.left.notify_all();
        }
    }

    /// A pass to take the GIL, or `None` once the interpreter is shutting down.
    pub(crate) fn enter() -> Option<Pass> {
        let gate = gate();
        let mut state = gate.lock();
        if state.closed {
            return None;
        }
        state.inside += 1;
        Some(Pass(gate))
    }

    /// Refuses new passes and waits until the current ones are returned (or `timeout`).
    pub(super) fn close(timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let gate = gate();
        let mut state = gate.lock();
        state.closed = true;
        while state.inside > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            state = gate
                .left
                .wait_timeout(state, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }
}
