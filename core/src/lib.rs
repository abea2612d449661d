//! Blajarplus core (placeholder while the foundation is laid).

/// The version of this library, as published on crates.io.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
