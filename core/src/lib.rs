//! # Blajarplus core
//!
//! The domain engine of a tutor–student marketplace (Indonesia first), as one embeddable
//! library: users and roles, tutor profiles and subjects, weekly availability, bookings,
//! payments, the escrow ledger, chat, reviews, progress logs, favorites, lesson packages,
//! reports and notifications — stored in PostgreSQL (production) or an embedded SQLite
//! database (the default when nothing is configured), with identical behaviour on both.
//!
//! ```
//! use blajarplus::store::{Store, UserRepo};
//! use blajarplus::types::{Role, User, UserId, UserStatus};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> blajarplus::Result<()> {
//! // Embedded SQLite in memory; `postgres://…` or `sqlite://app.db` work the same way.
//! let store = Store::open("sqlite::memory:").await?;
//! let now = chrono::Utc::now();
//! let rina = User {
//!     id: UserId::new(),
//!     email: Some("rina@example.id".into()),
//!     phone: None,
//!     password_hash: None,
//!     full_name: "Rina Wijaya".into(),
//!     avatar_url: None,
//!     gender: None,
//!     birthdate: None,
//!     role: Role::Tutor,
//!     status: UserStatus::Active,
//!     last_login_at: None,
//!     created_at: now,
//!     updated_at: now,
//!     deleted_at: None,
//! };
//!
//! let mut tx = store.begin().await?;
//! tx.insert_user(&rina).await?;
//! tx.commit().await?;
//!
//! // A second account with the same email is a typed conflict, not a driver error.
//! let mut tx = store.begin().await?;
//! let err = tx.insert_user(&User { id: UserId::new(), ..rina.clone() }).await.unwrap_err();
//! assert_eq!(err.code(), "conflict");
//! assert_eq!(err.to_string(), "conflict: email already registered");
//! # Ok(())
//! # }
//! ```
//!
//! ## Layers
//! - [`types`]: ids (one UUIDv7 newtype per entity), [`types::Money`], one enum per CHECK list
//!   of the schema, one record per table.
//! - [`store`]: [`store::Store`] opens either database from a URL and migrates it; one
//!   repository trait per aggregate, implemented once for both backends on [`store::Tx`].
//! - [`error`]: the one [`Error`] type with stable [`Error::code`]s.
//! - [`clock`]: where "now" comes from, injectable for tests.
//!
//! ## Tracing
//! The library reports through [`tracing`] and installs no subscriber: the host chooses one
//! (e.g. `tracing-subscriber`'s `fmt` with the filter `blajarplus=info,sqlx=debug`, or an
//! OpenTelemetry exporter). Without one, nothing is recorded.
//! - Every use case of [`Marketplace`] is an INFO span named after its method
//!   (`create_booking`), with `actor.role` and `actor.id` when it has an actor, and the ids it
//!   touches (`booking.id`, `tutor.id`, `payment.id`, …), those it creates included.
//! - It ends with a DEBUG event `done`, or on failure records `error.code` (and a validation
//!   error's `error.field`) on the span and in an event `failed`: WARN when the request was
//!   refused, ERROR for `database`, `internal` and `config`.
//! - Every SQL statement is a DEBUG event of target `sqlx::query` inside the span of the use
//!   case that ran it, with the SQL text only (never the bound values); a statement slower
//!   than [`store::SLOW_STATEMENT`] is a WARN.
//!
//! Never logged: passwords and their hashes, emails, phone numbers, webhook bodies,
//! signatures and callback tokens, payment keys, database URLs, error messages (they may
//! quote the input; the code is logged instead).

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod bookable;
// The book's and the README's examples as doctests, and checks of the book against the code.
#[cfg(any(test, doctest))]
mod book;
pub mod booking;
pub mod chat;
pub mod clock;
pub mod error;
pub mod ledger;
pub mod marketplace;
pub mod packages;
pub mod password;
pub mod payments;
pub mod policy;
pub mod pricing;
pub mod progress;
pub mod reviews;
pub mod search;
pub mod slots;
pub mod store;
pub mod types;
pub mod validation;
pub mod verification;

pub use error::{Error, Result};
pub use marketplace::{Actor, Marketplace};

/// The version of this library, as published on crates.io.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
