//! A clock the host can move: tests and simulations need "now" to be a lesson's future, then
//! its past, without waiting.

use std::sync::Arc;
use std::time::Duration;

use crate::convert::UtcDateTime;
use crate::error::BlajarplusError;

/// A clock that stands still until moved (core's `FixedClock`). Give it to
/// `Marketplace.open(url, MarketplaceOptions(clock = …))`; every time rule of that marketplace
/// then reads it. Production code leaves the clock out (the system clock is used).
#[derive(Debug, uniffi::Object)]
pub struct FixedClock(pub(crate) Arc<blajarplus::clock::FixedClock>);

#[uniffi::export]
impl FixedClock {
    /// A clock showing `at` (kept to the microsecond).
    #[uniffi::constructor]
    pub fn new(at: UtcDateTime) -> Arc<Self> {
        Arc::new(FixedClock(Arc::new(blajarplus::clock::FixedClock::new(at))))
    }

    /// What the clock shows.
    pub fn now(&self) -> UtcDateTime {
        blajarplus::clock::Clock::now(&*self.0)
    }

    /// Moves the clock to `at` (forwards or backwards).
    pub fn set(&self, at: UtcDateTime) {
        self.0.set(at);
    }

    /// Moves the clock forward by `by`.
    ///
    /// # Errors
    /// `Validation` when `by` is too large to add to an instant.
    pub fn advance(&self, by: Duration) -> Result<(), BlajarplusError> {
        let by = chrono::Duration::from_std(by).map_err(|e| BlajarplusError::Validation {
            field: Some("by".into()),
            reason: format!("duration out of range: {e}"),
        })?;
        self.0.advance(by);
        Ok(())
    }
}
