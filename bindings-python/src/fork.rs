//! Surviving `fork()`: pre-fork servers and `multiprocessing`.
//!
//! Pre-fork servers (gunicorn `--preload`, uWSGI, Celery's prefork pool, `multiprocessing`'s
//! `fork` start method) fork the interpreter after the parent may have used the binding. The
//! child has a single thread, the one that forked: the runtime's workers and I/O driver, every
//! pool's background tasks and SQLite's connection threads stayed in the parent. What the child
//! inherits of them is memory, and a lock another thread held at that instant stays held
//! forever. So what belongs to a process is keyed by its id:
//!
//! - The tokio runtime and the `atexit` gate are [`PerProcess`]: a process that finds its
//!   parent's builds its own on first use. The parent's is never used or dropped in the child
//!   (dropping a runtime waits for threads that do not exist there): it is leaked, once per
//!   fork.
//! - A marketplace remembers the process that opened it ([`Owned`]). Used in any other
//!   process it raises `ConfigError` at once: its connections are the parent's (a PostgreSQL
//!   socket shared by two processes interleaves their messages). Dropped there it is leaked,
//!   never closed, so that the parent's connections are not touched; `close()` there only lets
//!   go of it.
//! - SQLite adds one rule. Its global mutexes and its per-file lock bookkeeping live in the
//!   process's memory, which a child inherits without the threads that hold them. Seen: a child
//!   hanging in `sqlite3_open` on the allocator mutex a parent's thread held while closing a
//!   connection (even of another file); `database is locked` after the busy timeout when the
//!   fork caught a connection mid-statement; and, once the parent closed its last connection
//!   to a file the child also uses, the write-ahead log deleted under the child, whose later
//!   commits were silently lost. So SQLite works in a child only if the parent had no SQLite
//!   marketplace open (or closing) when it forked; otherwise opening one raises `ConfigError`
//!   ([`SqliteUse`]), at once. The parent must `close()` them before forking; one dropped
//!   without `close()` is closed in the background and counted until that is done. PostgreSQL
//!   has no such rule: its connections are tokio tasks of the parent, which the child never
//!   touches.
//!
//! Every per-process slot here is one atomic (a pointer to entries that are never freed, or a
//! packed word): lock-free, so a fork while another thread of the parent held a lock cannot
//! deadlock the child in this code.
//!
//! Why not `os.register_at_fork(after_in_child=…)`: it runs only for forks made through
//! Python's `os.fork()` (uWSGI, for one, forks from C), and it would still have to replace
//! state that other threads may have held locked. A `getpid()` per call covers every fork,
//! whoever makes it, for the price of a system call next to a database round trip.

use std::convert::Infallible;
use std::mem::ManuallyDrop;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering};

use pyo3::prelude::*;

use crate::error::{self, BindingError};

/// A value each process has its own of, built on first use in that process.
///
/// The slot points to a leaked `(pid, value)`. A process that finds another process's entry
/// there (its parent's, inherited through `fork()`) builds its own and swaps it in; the
/// parent's is never dropped. Entries are never freed, so the references handed out are
/// `'static`.
pub(crate) struct PerProcess<T> {
    slot: AtomicPtr<(u32, T)>,
}

impl<T: Send + Sync> PerProcess<T> {
    pub(crate) const fn new() -> Self {
        PerProcess {
            slot: AtomicPtr::new(ptr::null_mut()),
        }
    }

    /// This process's value, built with `init` if it has none yet. Threads racing to build it
    /// may each call `init`; all but one value are dropped unused.
    pub(crate) fn get_or_try_init<E>(
        &'static self,
        init: impl Fn() -> Result<T, E>,
    ) -> Result<&'static T, E> {
        let pid = std::process::id();
        loop {
            let seen = self.slot.load(Ordering::Acquire);
            // SAFETY: a non-null slot points to an entry that is never freed (below).
            if let Some((owner, value)) = unsafe { seen.as_ref() }
                && *owner == pid
            {
                return Ok(value);
            }
            let fresh = Box::into_raw(Box::new((pid, init()?)));
            match self
                .slot
                .compare_exchange(seen, fresh, Ordering::AcqRel, Ordering::Acquire)
            {
                // What the slot held (nothing, or another process's entry) is leaked.
                // SAFETY: `fresh` is published now and, like every entry, never freed.
                Ok(_) => return Ok(unsafe { &(*fresh).1 }),
                // Another thread of this process was quicker: ours was never shared, drop it
                // and take theirs on the next turn.
                // SAFETY: `fresh` comes from `Box::into_raw` above and nobody else saw it.
                Err(_) => drop(unsafe { Box::from_raw(fresh) }),
            }
        }
    }

    /// This process's value, built with `init` if it has none yet.
    pub(crate) fn get_or_init(&'static self, init: impl Fn() -> T) -> &'static T {
        match self.get_or_try_init(|| Ok::<_, Infallible>(init())) {
            Ok(value) => value,
            Err(never) => match never {},
        }
    }
}

/// A value bound to the process that made it: a marketplace and its connection pool.
///
/// In any other process (a fork of the maker) [`Owned::get`] refuses with `ConfigError`, and
/// dropping leaks the value instead of dropping it: its connections, tasks and SQLite handles
/// belong to the maker, and closing them from the child could break the parent's sessions or
/// wait for threads that do not exist in the child.
pub(crate) struct Owned<T> {
    value: ManuallyDrop<T>,
    pid: u32,
}

impl<T> Owned<T> {
    /// `value`, owned by the current process.
    pub(crate) fn new(value: T) -> Self {
        Owned {
            value: ManuallyDrop::new(value),
            pid: std::process::id(),
        }
    }

    /// The process that made the value.
    pub(crate) fn pid(&self) -> u32 {
        self.pid
    }

    /// The value, when called in the process that made it.
    pub(crate) fn here(&self) -> Option<&T> {
        (self.pid == std::process::id()).then_some(&*self.value)
    }

    /// The value, or `ConfigError` in another process (`what`: the class, for the message).
    pub(crate) fn get(&self, what: &str) -> PyResult<&T> {
        self.here().ok_or_else(|| {
            let (opened, here) = (self.pid, std::process::id());
            error::to_py_err(BindingError::new(
                "config",
                format!(
                    "this {what} was opened in process {opened} and cannot be used in process \
                     {here}, forked from it: its database connections belong to process \
                     {opened}. Open a new {what} in each process, after the fork (in the \
                     server's post-fork hook, or lazily on first use)"
                ),
                None,
            ))
        })
    }
}

impl<T> Drop for Owned<T> {
    fn drop(&mut self) {
        if self.pid == std::process::id() {
            // SAFETY: `value` is dropped here, once, and never touched again.
            unsafe { ManuallyDrop::drop(&mut self.value) }
        }
        // In another process the value is leaked (see the type's docs).
    }
}

/// This process's SQLite marketplaces, open or closing, with its id: `pid << 32 | count`.
/// A forked child inherits its parent's word, so it finds another pid there, with the count
/// the parent had at the fork.
static SQLITE_POOLS: AtomicU64 = AtomicU64::new(0);

fn unpack(word: u64) -> (u32, u32) {
    ((word >> 32) as u32, word as u32)
}

fn pack(pid: u32, count: u32) -> u64 {
    u64::from(pid) << 32 | u64::from(count)
}

/// Whether `url` names an SQLite database (a file or `sqlite::memory:`).
pub(crate) fn is_sqlite(url: &str) -> bool {
    url.trim_start().starts_with("sqlite:")
}

/// How many SQLite marketplaces this process has open or closing (a test hook's answer).
pub(crate) fn sqlite_pools() -> u32 {
    let (pid, count) = unpack(SQLITE_POOLS.load(Ordering::Acquire));
    if pid == std::process::id() { count } else { 0 }
}

fn sqlite_leave() {
    let here = std::process::id();
    // Never fails in the process that counted the pool; elsewhere there is nothing to count.
    let _ = SQLITE_POOLS.fetch_update(Ordering::AcqRel, Ordering::Acquire, |word| {
        let (pid, count) = unpack(word);
        (pid == here && count > 0).then(|| pack(here, count - 1))
    });
}

/// One SQLite marketplace of this process, counted from before it opens until its pool is
/// closed: by `close()`, or in the background once the last reference (the Python objects and
/// the calls in flight) is dropped. A process forked while the count is not zero cannot open
/// SQLite (see the module docs).
pub(crate) struct SqliteUse {
    pid: u32,
    released: AtomicBool,
    /// The marketplace to close when the last reference goes (set once it is open).
    pool: Option<blajarplus::Marketplace>,
}

impl SqliteUse {
    /// Counts an SQLite marketplace about to be opened in this process, or refuses (with the
    /// message of a `ConfigError`) when a process this one was forked from had any open.
    pub(crate) fn start() -> Result<Self, String> {
        let here = std::process::id();
        let mut word = SQLITE_POOLS.load(Ordering::Acquire);
        loop {
            let next = match unpack(word) {
                (pid, count) if pid == here => pack(here, count + 1),
                (_, 0) => pack(here, 1),
                (parent, count) => {
                    return Err(format!(
                        "cannot open SQLite in process {here}: process {parent} had {count} \
                         SQLite marketplace(s) open when this process was forked from it, and \
                         SQLite does not survive fork() (its locks come along without the \
                         threads that hold them: the child can hang or see \"database is \
                         locked\", and the parent closing later deletes the write-ahead log \
                         under the child, losing its writes). In the parent, close() every \
                         SQLite marketplace before forking, or open them only after the fork"
                    ));
                }
            };
            match SQLITE_POOLS.compare_exchange_weak(
                word,
                next,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => break,
                Err(now) => word = now,
            }
        }
        Ok(SqliteUse {
            pid: here,
            released: AtomicBool::new(false),
            pool: None,
        })
    }

    /// The marketplace is open: close it when the last reference goes.
    pub(crate) fn opened(&mut self, market: blajarplus::Marketplace) {
        self.pool = Some(market);
    }

    /// The pool is closed: stops counting it (once).
    pub(crate) fn release(&self) {
        if !self.released.swap(true, Ordering::AcqRel) {
            sqlite_leave();
        }
    }
}

impl Drop for SqliteUse {
    fn drop(&mut self) {
        if self.released.load(Ordering::Acquire) || self.pid != std::process::id() {
            return;
        }
        // Closed by nobody: close it in the background and count it until that is done (left
        // to sqlx's own drop, the connections would close unseen).
        match (self.pool.take(), crate::runtime::get()) {
            (Some(market), Ok(rt)) => {
                self.released.store(true, Ordering::Release);
                rt.spawn(async move {
                    market.store().close().await;
                    sqlite_leave();
                });
            }
            _ => self.release(),
        }
    }
}
