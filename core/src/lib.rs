//! Blajarplus core.

pub mod clock;
pub mod error;
pub mod store;
pub mod types;

pub use error::{Error, Result};

/// The version of this library, as published on crates.io.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
