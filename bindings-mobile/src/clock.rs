//! A clock the host can move: tests and simulations need "now" to be a lesson's future, then
//! its past, without waiting.

use std::sync::Arc;
use std::time::Duration;

use crate::convert::UtcDateTime;
use crate::edge::{Edge, Path, Wire};
use crate::error::BlajarplusError;

/// A clock that stands still until moved (core's `FixedClock`). Give it to
/// `Marketplace.open(url, MarketplaceOptions(clock = …))`; every time rule of that marketplace
/// then reads it. Production code leaves the clock out (the system clock is used).
#[derive(Debug, uniffi::Object)]
pub struct FixedClock(pub(crate) Arc<blajarplus::clock::FixedClock>);

#[uniffi::export]
impl FixedClock {
    /// A clock showing `at` (kept to the microsecond).
    ///
    /// # Errors
    /// `Validation` when `at` is outside the years core can hold.
    #[uniffi::constructor]
    pub fn new(at: Wire<UtcDateTime>) -> Result<Arc<Self>, BlajarplusError> {
        let at = UtcDateTime::lift(at, &Path::argument("at"))?;
        Ok(Arc::new(FixedClock(Arc::new(
            blajarplus::clock::FixedClock::new(at),
        ))))
    }

    /// What the clock shows.
    pub fn now(&self) -> UtcDateTime {
        blajarplus::clock::Clock::now(&*self.0)
    }

    /// Moves the clock to `at` (forwards or backwards).
    ///
    /// # Errors
    /// `Validation` when `at` is outside the years core can hold.
    pub fn set(&self, at: Wire<UtcDateTime>) -> Result<(), BlajarplusError> {
        self.0.set(UtcDateTime::lift(at, &Path::argument("at"))?);
        Ok(())
    }

    /// Moves the clock forward by `by`.
    ///
    /// # Errors
    /// `Validation` when `by` is too large to add to an instant.
    pub fn advance(&self, by: Duration) -> Result<(), BlajarplusError> {
        let by = chrono::Duration::lift(by, &Path::argument("by"))?;
        let now = blajarplus::clock::Clock::now(&*self.0);
        if now.checked_add_signed(by).is_none() {
            return Err(Path::argument("by").invalid(format!(
                "{by} from {now} is outside the years core can hold"
            )));
        }
        self.0.advance(by);
        Ok(())
    }
}
