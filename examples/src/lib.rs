//! Holder crate for the examples in this folder (`cargo run --example quickstart`).
