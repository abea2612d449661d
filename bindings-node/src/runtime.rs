//! The one tokio runtime of the Node binding.
//!
//! napi-rs (feature `async`) runs every `#[napi] async fn` on a process-wide tokio runtime,
//! which it builds lazily and shuts down when the Node environment exits. We hand it our own
//! multi-thread runtime at module load so its configuration lives here, in one place.
//! Rust code that needs the runtime outside an async fn uses `napi::bindgen_prelude::spawn` /
//! `block_on`, which run on this same runtime.

use napi_derive::module_init;

#[module_init]
fn init() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("blajarplus-node")
        .build()
        .expect("failed to build the blajarplus tokio runtime");
    napi::bindgen_prelude::create_custom_tokio_runtime(runtime);
}
