//! Every row is checked against its columns' declared sizes before it is written, so a value
//! that does not fit gets the same typed error, naming its column, from both backends.
//!
//! Left to the databases they disagree: PostgreSQL rounds a third decimal place into a
//! `NUMERIC(12,2)` where SQLite's CHECK refuses it, PostgreSQL names no column for a too-long
//! `VARCHAR` or an overflowing `NUMERIC`, and PostgreSQL refuses U+0000 in text and `jsonb`
//! (a `database` error) where SQLite stores it. The limits come from the PostgreSQL migrations
//! themselves (read by `build.rs`), so they are declared once, in the SQL; so do the foreign
//! keys (`FOREIGN_KEYS`), with which the store names a dangling reference's column on SQLite.

use super::sql::Plain;
use crate::error::{Error, Result};
use crate::types::TeachingMode;
use rust_decimal::Decimal;

/// A column's size limit, as the schema declares it. Apps can use it for their forms (an
/// input's `maxlength`); the store refuses a write that exceeds it with a `validation` error
/// naming the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnLimit {
    /// `VARCHAR(n)`: at most `n` characters (not bytes).
    Chars(u32),
    /// `NUMERIC(precision, scale)`.
    Decimal {
        /// Significant digits in all.
        precision: u32,
        /// Digits after the decimal point.
        scale: u32,
    },
}

include!(concat!(env!("OUT_DIR"), "/column_limits.rs"));

/// A field value that can be checked against its column's limit.
pub(crate) trait Fits {
    /// `Ok` when the value can be stored in `column` as is on both backends.
    fn fits(&self, limit: Option<ColumnLimit>, column: &'static str) -> Result<()>;
}

// Ids, enums, instants, numbers and flags: their type already bounds them.
impl<T: Plain> Fits for T {
    fn fits(&self, _: Option<ColumnLimit>, _: &'static str) -> Result<()> {
        Ok(())
    }
}

impl<T: Fits> Fits for Option<T> {
    fn fits(&self, limit: Option<ColumnLimit>, column: &'static str) -> Result<()> {
        self.as_ref().map_or(Ok(()), |v| v.fits(limit, column))
    }
}

impl Fits for String {
    fn fits(&self, limit: Option<ColumnLimit>, column: &'static str) -> Result<()> {
        if self.contains('\0') {
            return Err(Error::validation(column, "contains a NUL character"));
        }
        match limit {
            Some(ColumnLimit::Chars(n)) if self.chars().count() > n as usize => Err(
                Error::validation(column, format!("is too long (at most {n} characters)")),
            ),
            _ => Ok(()),
        }
    }
}

impl Fits for Decimal {
    fn fits(&self, limit: Option<ColumnLimit>, column: &'static str) -> Result<()> {
        let Some(ColumnLimit::Decimal { precision, scale }) = limit else {
            return Ok(());
        };
        // Rounding silently (PostgreSQL's way) would change an amount without telling anyone.
        if self.normalize().scale() > scale {
            return Err(Error::validation(
                column,
                format!("has more than {scale} decimal places"),
            ));
        }
        let whole = precision - scale;
        if self.abs().trunc() >= Decimal::from(10u64.pow(whole)) {
            return Err(Error::validation(
                column,
                format!("is too large (at most {whole} digits before the decimal point)"),
            ));
        }
        Ok(())
    }
}

impl Fits for Vec<TeachingMode> {
    fn fits(&self, _: Option<ColumnLimit>, _: &'static str) -> Result<()> {
        Ok(())
    }
}

impl Fits for serde_json::Value {
    fn fits(&self, _: Option<ColumnLimit>, column: &'static str) -> Result<()> {
        use serde_json::Value;
        let has_nul = |s: &str| s.contains('\0');
        fn any(v: &Value, p: &dyn Fn(&str) -> bool) -> bool {
            match v {
                Value::String(s) => p(s),
                Value::Array(a) => a.iter().any(|v| any(v, p)),
                Value::Object(o) => o.iter().any(|(k, v)| p(k) || any(v, p)),
                _ => false,
            }
        }
        if any(self, &has_nul) {
            return Err(Error::validation(column, "contains a NUL character"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn money(s: &str) -> Result<()> {
        Decimal::from_str(s)
            .unwrap()
            .fits(column_limit("bookings", "price"), "price")
    }

    #[test]
    fn the_limits_come_from_the_migrations() {
        assert_eq!(
            column_limit("users", "full_name"),
            Some(ColumnLimit::Chars(255))
        );
        assert_eq!(
            column_limit("tutor_profiles", "rating_avg"),
            Some(ColumnLimit::Decimal {
                precision: 2,
                scale: 1
            })
        );
        // Added by a later migration.
        assert_eq!(
            column_limit("wallets", "kind"),
            Some(ColumnLimit::Chars(20))
        );
        assert_eq!(column_limit("users", "avatar_url"), None);
    }

    #[test]
    fn decimals_must_fit_scale_and_precision() {
        assert!(money("9999999999.99").is_ok());
        assert!(money("-9999999999.99").is_ok());
        assert!(money("150000.50").is_ok());
        assert!(
            money("150000.500").is_ok(),
            "trailing zeros are no extra places"
        );
        assert_eq!(
            money("150000.005"),
            Err(Error::validation("price", "has more than 2 decimal places"))
        );
        assert_eq!(
            money("10000000000"),
            Err(Error::validation(
                "price",
                "is too large (at most 10 digits before the decimal point)"
            ))
        );
    }

    proptest::proptest! {
        /// A decimal fits NUMERIC(p, s) exactly when rounding it to s places changes nothing
        /// and its whole part has at most p − s digits (what PostgreSQL stores without
        /// rounding or overflowing), whatever its sign and written scale.
        #[test]
        fn decimals_fit_exactly_what_numeric_stores_unchanged(
            mantissa in -10_000_000_000_000i64..10_000_000_000_000,
            written_scale in 0u32..12,
            precision in 1u32..16,
            scale_seed in 0u32..16,
        ) {
            let scale = scale_seed % (precision + 1);
            let d = Decimal::new(mantissa, written_scale);
            let unchanged = d.round_dp(scale) == d;
            let whole_digits = d.abs().trunc().to_string().trim_start_matches('0').len() as u32;
            let expected = unchanged && whole_digits <= precision - scale;
            let got = d.fits(Some(ColumnLimit::Decimal { precision, scale }), "n").is_ok();
            proptest::prop_assert_eq!(got, expected, "{} in NUMERIC({}, {})", d, precision, scale);
        }
    }

    #[test]
    fn text_is_counted_in_characters_and_nul_is_refused() {
        let limit = column_limit("users", "full_name");
        assert!("é".repeat(255).fits(limit, "full_name").is_ok());
        assert!("é".repeat(256).fits(limit, "full_name").is_err());
        assert!("a\0b".to_string().fits(None, "bio").is_err());
        let json = serde_json::json!({"a": [1, {"b\0": 2}]});
        assert!(json.fits(None, "meta").is_err());
        assert!(serde_json::json!({"a": "ok"}).fits(None, "meta").is_ok());
    }
}
