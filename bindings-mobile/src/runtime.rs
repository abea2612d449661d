//! The one tokio runtime of the mobile binding.
//!
//! Foreign executors (Kotlin coroutines, Swift tasks) poll the exported futures on their own
//! threads. `async_runtime = "tokio"` on the exports only gives that polling a tokio context
//! (through async-compat's fallback runtime); the core work itself is spawned onto this
//! runtime with [`run`], so database pools and timers always live on one runtime that we
//! configure, whatever thread the host language polls from.

use std::future::Future;
use std::sync::LazyLock;

use tokio::runtime::{Builder, Runtime};

static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    Builder::new_multi_thread()
        .enable_all()
        .thread_name("blajarplus-mobile")
        .build()
        .expect("failed to build the blajarplus tokio runtime")
});

/// The shared runtime (built on first use).
pub(crate) fn get() -> &'static Runtime {
    &RUNTIME
}

/// Run `fut` on the shared runtime and await its output from any executor.
/// A panic in `fut` is propagated to the caller (UniFFI turns it into a foreign exception).
pub(crate) async fn run<F>(fut: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    match get().spawn(fut).await {
        Ok(output) => output,
        Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
        Err(err) => panic!("blajarplus task was cancelled: {err}"),
    }
}
