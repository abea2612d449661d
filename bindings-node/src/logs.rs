//! Opt-in forwarding of the library's `tracing` events to a JS callback.
//!
//! Nothing is installed until the host calls `setLogger(callback)`. Then one process-wide
//! subscriber turns each event into a [`LogRecord`] — level, target, message, the event's
//! fields, and the spans it happened in (the use case with its ids) — and queues it to the
//! callback on the JS thread through a weak threadsafe function: records arrive
//! asynchronously, in order, and the callback never keeps the process alive.
//! `setLogger(null)` stops forwarding. Core never logs secrets (see its crate docs), so
//! nothing needs filtering here.

use std::sync::{Mutex, PoisonError, RwLock};

use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi_derive::napi;
use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{Registry, reload};

/// The level of a log record, and the threshold of `setLogger`.
#[napi(string_enum = "lowercase")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    /// The library or its database failed (`error.code` `database`, `internal`, `config`).
    Error,
    /// A request was refused (any other `error.code`), or an SQL statement was slow.
    Warn,
    /// Notices from the database.
    Info,
    /// A use case is `done`; every SQL statement (`sqlx::query`).
    Debug,
    /// The database drivers' internals.
    Trace,
}

/// A span an event happened in: a use case (`create_booking`) and its fields.
#[napi(object)]
pub struct LogSpan {
    /// The span's name: the use case, as core's method is named (`create_booking`).
    pub name: String,
    /// Its fields: `actor.role`, `actor.id`, the ids it touches (`booking.id`, …), and on
    /// failure `error.code` (and `error.field`).
    #[napi(ts_type = "Record<string, string | number | boolean>")]
    pub fields: Map<String, Value>,
}

/// One event of the library, as the `setLogger` callback receives it.
#[napi(object)]
pub struct LogRecord {
    /// How severe it is.
    pub level: LogLevel,
    /// Where it comes from: `blajarplus::marketplace` for a use case's outcome (`done`,
    /// `failed`), `sqlx::query` for an SQL statement, …
    pub target: String,
    /// The message (`done`, `failed`; empty for a statement, whose text is in `fields`).
    pub message: String,
    /// The event's fields: `error.code` of a failure, `summary` and `db.statement` of a
    /// statement, …
    #[napi(ts_type = "Record<string, string | number | boolean>")]
    pub fields: Map<String, Value>,
    /// The spans it happened in, outermost first; a use case's span is named after it.
    pub spans: Vec<LogSpan>,
}

type Callback = ThreadsafeFunction<LogRecord, (), LogRecord, Status, false, true>;

/// The callback records go to (`None`: forwarding is off).
static CALLBACK: RwLock<Option<Callback>> = RwLock::new(None);
/// The level of the installed subscriber (`None` until a logger is first set).
static FILTER: Mutex<Option<reload::Handle<Threshold, Registry>>> = Mutex::new(None);

/// Sends the library's events at `level` (default `'info'`) and above to `callback`, which
/// receives one `LogRecord` each, asynchronously on the JS thread; `null` stops forwarding.
/// Throws when another Rust library in the process installed its own `tracing` subscriber.
#[napi(
    js_name = "setLogger",
    ts_args_type = "callback: ((record: LogRecord) => void) | null, level?: LogLevel"
)]
pub fn set_logger(callback: Option<Callback>, level: Option<LogLevel>) -> Result<()> {
    let level = match (&callback, level.unwrap_or(LogLevel::Info)) {
        (None, _) => LevelFilter::OFF,
        (Some(_), LogLevel::Error) => LevelFilter::ERROR,
        (Some(_), LogLevel::Warn) => LevelFilter::WARN,
        (Some(_), LogLevel::Info) => LevelFilter::INFO,
        (Some(_), LogLevel::Debug) => LevelFilter::DEBUG,
        (Some(_), LogLevel::Trace) => LevelFilter::TRACE,
    };
    let mut filter = FILTER.lock().unwrap_or_else(PoisonError::into_inner);
    // The filter first: events allowed by the new level already find the new callback.
    match filter.as_ref() {
        Some(handle) => handle
            .modify(|f| *f = Threshold(level))
            .map_err(|e| Error::from_reason(e.to_string()))?,
        None if callback.is_none() => {}
        None => {
            let (layer, handle) = reload::Layer::new(Threshold(level));
            let subscriber = Registry::default().with(layer).with(ToCallback);
            tracing::subscriber::set_global_default(subscriber).map_err(|_| {
                Error::from_reason(
                    "another tracing subscriber is already installed in this process",
                )
            })?;
            *filter = Some(handle);
        }
    }
    *CALLBACK.write().unwrap_or_else(PoisonError::into_inner) = callback;
    Ok(())
}

/// Lets through the events at a level and above, and every span while any event is: an event
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

/// The fields of an event or a span, as JSON values.
#[derive(Default, Clone)]
struct Fields(Map<String, Value>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().into(), Value::String(format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.insert(field.name().into(), value.into());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().into(), value.into());
    }
}

/// The layer that keeps each span's fields and hands every event to the callback.
struct ToCallback;

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for ToCallback {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id)
            && let Some(fields) = span.extensions_mut().get_mut::<Fields>()
        {
            values.record(fields);
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let callback = CALLBACK.read().unwrap_or_else(PoisonError::into_inner);
        let Some(callback) = callback.as_ref() else {
            return;
        };
        let mut fields = Fields::default();
        event.record(&mut fields);
        let message = match fields.0.remove("message") {
            Some(Value::String(text)) => text,
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let spans = ctx
            .event_scope(event)
            .map(|scope| {
                scope
                    .from_root()
                    .map(|span| LogSpan {
                        name: span.name().to_owned(),
                        fields: span
                            .extensions()
                            .get::<Fields>()
                            .map(|f| f.0.clone())
                            .unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let level = match *event.metadata().level() {
            Level::ERROR => LogLevel::Error,
            Level::WARN => LogLevel::Warn,
            Level::INFO => LogLevel::Info,
            Level::DEBUG => LogLevel::Debug,
            Level::TRACE => LogLevel::Trace,
        };
        let record = LogRecord {
            level,
            target: event.metadata().target().to_owned(),
            message,
            fields: fields.0,
            spans,
        };
        // Queued, never blocking the thread that logged; a closing environment drops it.
        callback.call(record, ThreadsafeFunctionCallMode::NonBlocking);
    }
}
