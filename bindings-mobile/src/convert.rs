//! The scalar types of the boundary's outputs, each written once as a UniFFI custom type.
//!
//! | core type | Kotlin | Swift | text form |
//! |---|---|---|---|
//! | `UserId`, `BookingId`, … (every id) | `String` | `String` | UUID, hyphenated |
//! | `rust_decimal::Decimal` (money, coordinates) | `String` | `String` | `"150000"`, `"127500.50"` |
//! | `Currency` | `String` | `String` | ISO 4217, `"IDR"` |
//! | `DateTime<Utc>` | `java.time.Instant` | `Date` | — (a UniFFI timestamp) |
//! | `NaiveTime` (tutor's local time) | `String` | `String` | `"16:00"` in, `"16:00:00"` out |
//! | `NaiveDate` (tutor's local date) | `String` | `String` | `"2030-01-07"` |
//! | `serde_json::Value` (raw payloads) | `String` | `String` | JSON text |
//!
//! Money is never a floating-point number: a `Double` cannot hold `0.1` exactly, so amounts
//! cross as decimal strings (`java.math.BigDecimal(amount)` / `Decimal(string:)` on the other
//! side). Instants are UniFFI timestamps because both platforms have a native instant type.
//!
//! Inputs cross in the same forms but are converted by [`crate::edge`], which names the
//! argument or field of a value it refuses; no facade method lifts these custom types. Their
//! lifts apply the same rules anyway (strict forms, a `Validation` error without a field),
//! never a panic.

use std::str::FromStr;
use std::time::SystemTime;

use blajarplus::types::*;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rust_decimal::Decimal;

use crate::error::BlajarplusError;

/// A UTC instant (`DateTime<Utc>`); a UniFFI timestamp in Kotlin and Swift.
pub type UtcDateTime = DateTime<Utc>;
/// A wall-clock time of day in the tutor's zone (`NaiveTime`), as `"HH:MM"` or `"HH:MM:SS"`.
pub type LocalTime = NaiveTime;
/// A calendar date in the tutor's zone (`NaiveDate`), as `"YYYY-MM-DD"`.
pub type LocalDate = NaiveDate;
/// A JSON document (`serde_json::Value`), as JSON text.
pub type Json = serde_json::Value;

/// Turns a refused conversion into the error UniFFI reports to the caller (see the module docs).
fn refuse(err: BlajarplusError) -> uniffi::deps::anyhow::Error {
    err.into()
}

/// A validation error on a value that has no field name at this level (the reason says what
/// was wrong).
fn invalid(reason: String) -> uniffi::deps::anyhow::Error {
    refuse(BlajarplusError::Validation {
        field: None,
        reason,
    })
}

/// Declares every id type of core as a UniFFI custom type over `String`.
macro_rules! id_types {
    ($($id:ident),* $(,)?) => { $(
        uniffi::custom_type!($id, String, {
            remote,
            lower: |id| id.to_string(),
            try_lift: |s| crate::edge::uuid(&s)
                .and_then(|u| $id::parse(u).ok())
                .ok_or_else(|| invalid(format!("{s:?} is not a UUID"))),
        });
    )* };
}

// Every id type of core, listed once in core.
blajarplus::for_each_id!(id_types);

uniffi::custom_type!(Decimal, String, {
    remote,
    lower: |d| d.to_string(),
    try_lift: |s| crate::edge::decimal(&s).map_err(invalid),
});

uniffi::custom_type!(Currency, String, {
    remote,
    lower: |c| c.as_str().to_owned(),
    try_lift: |s| Currency::from_str(&s).map_err(|e| refuse(e.into())),
});

uniffi::custom_type!(UtcDateTime, SystemTime, {
    remote,
    lower: |t| t.into(),
    try_lift: |t| crate::edge::instant(t)
        .ok_or_else(|| invalid(format!("{t:?} is outside the years core can hold"))),
});

uniffi::custom_type!(LocalTime, String, {
    remote,
    lower: |t| t.format("%H:%M:%S").to_string(),
    try_lift: |s| crate::edge::local_time(&s)
        .ok_or_else(|| invalid(format!("{s:?} is not a time like \"16:00\""))),
});

uniffi::custom_type!(LocalDate, String, {
    remote,
    lower: |d| d.format("%Y-%m-%d").to_string(),
    try_lift: |s| crate::edge::local_date(&s)
        .ok_or_else(|| invalid(format!("{s:?} is not a date like \"2030-01-31\""))),
});

uniffi::custom_type!(Json, String, {
    remote,
    lower: |v| v.to_string(),
    try_lift: |s| serde_json::from_str(&s).map_err(|e| invalid(format!("not JSON: {e}"))),
});

#[cfg(test)]
mod tests {
    use super::*;
    use uniffi::{FfiConverter, Lift, Lower};

    type Tag = crate::UniFfiTag;

    fn lift<T: Lift<Tag>>(value: T::FfiType) -> Result<T, BlajarplusError> {
        T::try_lift(value).map_err(|e| e.downcast::<BlajarplusError>().expect("typed error"))
    }

    fn string(s: &str) -> uniffi::RustBuffer {
        <String as Lower<Tag>>::lower(s.to_owned())
    }

    #[test]
    fn ids_round_trip_and_malformed_ids_are_validation_errors() {
        let id = BookingId::new();
        let text = <String as FfiConverter<Tag>>::try_lift(<BookingId as Lower<Tag>>::lower(id));
        assert_eq!(text.unwrap(), id.to_string());
        assert_eq!(lift::<BookingId>(string(&id.to_string())).unwrap(), id);
        assert!(matches!(
            lift::<BookingId>(string("not-a-uuid")),
            Err(BlajarplusError::Validation { field: None, .. })
        ));
    }

    #[test]
    fn decimals_are_exact_strings() {
        assert_eq!(
            lift::<Decimal>(string("127500.50")).unwrap().to_string(),
            "127500.50"
        );
        assert!(matches!(
            lift::<Decimal>(string("1,5")),
            Err(BlajarplusError::Validation { field: None, .. })
        ));
        assert!(lift::<Decimal>(string("1e400")).is_err());
    }

    #[test]
    fn local_times_and_dates() {
        let t = lift::<LocalTime>(string("16:00")).unwrap();
        assert_eq!(t, NaiveTime::from_hms_opt(16, 0, 0).unwrap());
        assert!(lift::<LocalTime>(string("25:00")).is_err());
        assert!(lift::<LocalDate>(string("2030-02-30")).is_err());
        assert!(lift::<Currency>(string("idr")).is_err());
        assert!(lift::<Json>(string("{")).is_err());
    }

    #[test]
    fn instants_out_of_range_are_refused_not_a_panic() {
        let far = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(31_556_889_864_403_199);
        let lowered = <SystemTime as Lower<Tag>>::lower(far);
        assert!(matches!(
            lift::<UtcDateTime>(lowered),
            Err(BlajarplusError::Validation { field: None, .. })
        ));
    }
}
