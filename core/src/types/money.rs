//! Exact money: `rust_decimal` amounts with an ISO 4217 currency, never a float.

use crate::error::{Error, Result};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// An ISO 4217 currency code (three upper-case ASCII letters). Defaults to IDR.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Indonesian rupiah, the marketplace's home currency.
    pub const IDR: Currency = Currency(*b"IDR");

    /// The three-letter code.
    pub fn as_str(&self) -> &str {
        // Only ASCII upper-case letters are ever stored (see `from_str`).
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl Default for Currency {
    fn default() -> Self {
        Currency::IDR
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let b = s.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_uppercase) {
            Ok(Currency([b[0], b[1], b[2]]))
        } else {
            Err(Error::validation(
                "currency",
                format!("{s:?} is not a three-letter ISO 4217 code"),
            ))
        }
    }
}

impl AsRef<str> for Currency {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

super::codec::text_codec!(Currency);

/// The largest absolute amount a `NUMERIC(12,2)` money column holds.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(3_567_587_327, 232, 0, false, 2); // 9_999_999_999.99

/// An amount of money in a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The amount, at most two decimal places.
    pub amount: Decimal,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// Money in `currency`, checked to fit the money columns (at most two decimal places,
    /// at most 9,999,999,999.99 in absolute value); `field` names the input in the error.
    ///
    /// # Errors
    /// [`Error::Validation`] on `field` when the amount does not fit.
    pub fn new(field: &str, amount: Decimal, currency: Currency) -> Result<Self> {
        check_amount(field, amount)?;
        Ok(Money { amount, currency })
    }

    /// Rupiah. Same checks as [`Money::new`].
    ///
    /// # Errors
    /// [`Error::Validation`] on `field` when the amount does not fit.
    pub fn idr(field: &str, amount: Decimal) -> Result<Self> {
        Money::new(field, amount, Currency::IDR)
    }

    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Self {
        Money {
            amount: Decimal::ZERO,
            currency,
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.amount)
    }
}

/// Checks that `amount` fits a `NUMERIC(12,2)` column exactly: PostgreSQL would silently round
/// a third decimal place and SQLite would keep it, so both are refused before either sees it.
///
/// # Errors
/// [`Error::Validation`] on `field`.
pub fn check_amount(field: &str, amount: Decimal) -> Result<()> {
    if amount.normalize().scale() > 2 {
        return Err(Error::validation(
            field,
            format!("{amount} has more than two decimal places"),
        ));
    }
    if amount.abs() > MAX_AMOUNT {
        return Err(Error::validation(
            field,
            format!("{amount} exceeds the largest amount, {MAX_AMOUNT}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_amount_is_twelve_two() {
        assert_eq!(MAX_AMOUNT.to_string(), "9999999999.99");
    }

    #[test]
    fn amounts_are_checked() {
        assert!(check_amount("price", "9999999999.99".parse().unwrap()).is_ok());
        assert!(check_amount("price", "10000000000".parse().unwrap()).is_err());
        assert!(check_amount("price", "1.005".parse().unwrap()).is_err());
        assert!(check_amount("price", "1.500".parse().unwrap()).is_ok());
        assert_eq!(
            "idr".parse::<Currency>().unwrap_err().field(),
            Some("currency")
        );
        assert_eq!("USD".parse::<Currency>().unwrap().as_str(), "USD");
    }
}
