//! Opt-in forwarding of the library's `tracing` events to Python's `logging`.
//!
//! Nothing is installed until the host calls `blajarplus.enable_logging()`. Then one
//! process-wide subscriber formats each event as `tracing-subscriber`'s `fmt` does — the
//! use case's span with its fields, then the event's message and fields
//! (`login{error.code="unauthenticated"}: failed error.code="unauthenticated"`), without the
//! time and level that Python's formatter adds — and logs it with
//! `logging.getLogger(name).log(level, …)`. The logger is named after the event's target under
//! `blajarplus` (`blajarplus.marketplace` for the use cases' outcomes, `blajarplus.sqlx.query`
//! for SQL statements), so one handler on `blajarplus` sees everything. Levels: TRACE 5, DEBUG
//! 10, INFO 20, WARN 30, ERROR 40.
//!
//! A record takes the GIL on the thread that logged it (the caller's, a runtime thread or
//! SQLite's worker), through the runtime's [`gate`](crate::runtime::gate): none is taken once
//! the interpreter shuts down. Core never logs secrets (see its crate docs), so nothing needs
//! filtering here.

use std::io;
use std::sync::{Mutex, PoisonError};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tracing::subscriber::Interest;
use tracing::{Level, Metadata, Subscriber};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::{Registry, reload};

use crate::convert::{Arg, Core};
use crate::error::{self, BindingError};
use crate::runtime::gate;

/// The level of the installed subscriber (`None` until logging is first enabled).
static FILTER: Mutex<Option<reload::Handle<Threshold, Registry>>> = Mutex::new(None);

/// Forwards the library's events at `level` and above to `logging`; called again, changes the
/// level. `ConfigError` when another `tracing` subscriber owns the process.
#[pyfunction]
pub(crate) fn enable_logging(level: Arg<LevelFilter>) -> PyResult<()> {
    let level = level.core("level").map_err(error::to_py_err)?;
    let mut filter = FILTER.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(handle) = filter.as_ref() {
        return set(handle, level);
    }
    let (layer, handle) = reload::Layer::new(Threshold(level));
    let subscriber = Registry::default().with(layer).with(
        tracing_subscriber::fmt::layer()
            .with_writer(ToLogging)
            .with_ansi(false)
            .without_time()
            .with_level(false)
            .with_target(false),
    );
    tracing::subscriber::set_global_default(subscriber)
        .map_err(|_| config("another tracing subscriber is already installed in this process"))?;
    *filter = Some(handle);
    Ok(())
}

/// Stops forwarding (nothing is formatted any more); `enable_logging` resumes it.
#[pyfunction]
pub(crate) fn disable_logging() -> PyResult<()> {
    match FILTER
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
    {
        Some(handle) => set(handle, LevelFilter::OFF),
        None => Ok(()),
    }
}

fn set(handle: &reload::Handle<Threshold, Registry>, level: LevelFilter) -> PyResult<()> {
    handle
        .modify(|filter| *filter = Threshold(level))
        .map_err(|e| config(&e.to_string()))
}

fn config(message: &str) -> PyErr {
    error::to_py_err(BindingError::new("config", message.to_owned(), None))
}

/// Lets through the events at a level and above, and every span while any event is: a record
/// then always names its use case, whatever the level (the use cases' spans are INFO).
struct Threshold(LevelFilter);

impl<S: Subscriber> Layer<S> for Threshold {
    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if self.enables(meta) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>, _: Context<'_, S>) -> bool {
        self.enables(meta)
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(if self.0 == LevelFilter::OFF {
            LevelFilter::OFF
        } else {
            LevelFilter::TRACE
        })
    }
}

impl Threshold {
    fn enables(&self, meta: &Metadata<'_>) -> bool {
        self.0 != LevelFilter::OFF && (meta.is_span() || *meta.level() <= self.0)
    }
}

/// Where `fmt` writes: one [`Record`] per event, for the event's level and target.
struct ToLogging;

impl<'a> MakeWriter<'a> for ToLogging {
    type Writer = Record;

    fn make_writer(&'a self) -> Record {
        Record::new(Level::INFO, "blajarplus")
    }

    fn make_writer_for(&'a self, meta: &Metadata<'_>) -> Record {
        Record::new(*meta.level(), meta.target())
    }
}

/// One formatted event, handed to `logging` once `fmt` has written it (on drop).
struct Record {
    level: u8,
    logger: String,
    text: Vec<u8>,
}

impl Record {
    fn new(level: Level, target: &str) -> Self {
        let level = match level {
            Level::TRACE => 5,
            Level::DEBUG => 10,
            Level::INFO => 20,
            Level::WARN => 30,
            Level::ERROR => 40,
        };
        let dotted = target.replace("::", ".");
        let logger = if dotted == "blajarplus" || dotted.starts_with("blajarplus.") {
            dotted
        } else {
            format!("blajarplus.{dotted}")
        };
        Record {
            level,
            logger,
            text: Vec::new(),
        }
    }
}

impl io::Write for Record {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for Record {
    fn drop(&mut self) {
        let Some(_pass) = gate::enter() else {
            return;
        };
        let message = String::from_utf8_lossy(&self.text);
        Python::try_attach(|py| {
            static GET_LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
            let logged = GET_LOGGER
                .import(py, "logging", "getLogger")
                .and_then(|get_logger| get_logger.call1((&self.logger,)))
                .and_then(|logger| {
                    logger.call_method1("log", (self.level, "%s", message.trim_end()))
                });
            // A handler's own failure is reported by `logging` itself; this is `logging` failing.
            if let Err(e) = logged {
                e.write_unraisable(py, None);
            }
        });
    }
}
