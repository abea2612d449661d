//! How domain values travel to and from both databases.
//!
//! The same Rust value must round-trip identically through PostgreSQL and SQLite, so the
//! representation choices live here, once: ids are native `uuid` in PostgreSQL and hyphenated
//! lowercase TEXT in SQLite; enums are their exact CHECK-list strings on both; money and other
//! decimals are `NUMERIC` in PostgreSQL and canonical decimal TEXT in SQLite (sqlx has no
//! SQLite decimal type, and REAL would lose cents); string lists are `varchar[]` in PostgreSQL
//! and a JSON array in SQLite.
//!
//! Each database's side is compiled with its cargo feature (`postgres`, `sqlite`).

use rust_decimal::Decimal;
use sqlx::error::BoxDynError;
use std::str::FromStr;

/// Implements the sqlx traits for a newtype over `Uuid` (field `.0`) on both databases.
macro_rules! uuid_codec {
    ($t:ty) => {
        #[cfg(feature = "postgres")]
        const _: () = {
            impl sqlx::Type<sqlx::Postgres> for $t {
                fn type_info() -> sqlx::postgres::PgTypeInfo {
                    <uuid::Uuid as sqlx::Type<sqlx::Postgres>>::type_info()
                }
            }
            impl sqlx::Encode<'_, sqlx::Postgres> for $t {
                fn encode_by_ref(
                    &self,
                    buf: &mut sqlx::postgres::PgArgumentBuffer,
                ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                    <uuid::Uuid as sqlx::Encode<sqlx::Postgres>>::encode_by_ref(&self.0, buf)
                }
            }
            impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $t {
                fn decode(
                    v: sqlx::postgres::PgValueRef<'r>,
                ) -> Result<Self, sqlx::error::BoxDynError> {
                    <uuid::Uuid as sqlx::Decode<sqlx::Postgres>>::decode(v).map(Self)
                }
            }
        };
        #[cfg(feature = "sqlite")]
        const _: () = {
            impl sqlx::Type<sqlx::Sqlite> for $t {
                fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
                    <str as sqlx::Type<sqlx::Sqlite>>::type_info()
                }
                fn compatible(ty: &sqlx::sqlite::SqliteTypeInfo) -> bool {
                    <str as sqlx::Type<sqlx::Sqlite>>::compatible(ty)
                }
            }
            impl sqlx::Encode<'_, sqlx::Sqlite> for $t {
                fn encode_by_ref(
                    &self,
                    buf: &mut sqlx::sqlite::SqliteArgumentsBuffer,
                ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                    <String as sqlx::Encode<sqlx::Sqlite>>::encode(
                        self.0.hyphenated().to_string(),
                        buf,
                    )
                }
            }
            impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for $t {
                fn decode(
                    v: sqlx::sqlite::SqliteValueRef<'r>,
                ) -> Result<Self, sqlx::error::BoxDynError> {
                    let s = <&str as sqlx::Decode<sqlx::Sqlite>>::decode(v)?;
                    Ok(Self(uuid::Uuid::parse_str(s)?))
                }
            }
        };
    };
}
pub(crate) use uuid_codec;

/// Implements the sqlx traits for a type stored as text on both databases, through its
/// `as_str()` and `FromStr`.
macro_rules! text_codec {
    ($t:ty) => {
        #[cfg(feature = "postgres")]
        const _: () = {
            impl sqlx::Type<sqlx::Postgres> for $t {
                fn type_info() -> sqlx::postgres::PgTypeInfo {
                    <str as sqlx::Type<sqlx::Postgres>>::type_info()
                }
                fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                    <str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
                }
            }
            impl sqlx::Encode<'_, sqlx::Postgres> for $t {
                fn encode_by_ref(
                    &self,
                    buf: &mut sqlx::postgres::PgArgumentBuffer,
                ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                    <&str as sqlx::Encode<sqlx::Postgres>>::encode(self.as_str(), buf)
                }
            }
            impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $t {
                fn decode(
                    v: sqlx::postgres::PgValueRef<'r>,
                ) -> Result<Self, sqlx::error::BoxDynError> {
                    let s = <&str as sqlx::Decode<sqlx::Postgres>>::decode(v)?;
                    Ok(s.parse::<$t>()?)
                }
            }
        };
        #[cfg(feature = "sqlite")]
        const _: () = {
            impl sqlx::Type<sqlx::Sqlite> for $t {
                fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
                    <str as sqlx::Type<sqlx::Sqlite>>::type_info()
                }
                fn compatible(ty: &sqlx::sqlite::SqliteTypeInfo) -> bool {
                    <str as sqlx::Type<sqlx::Sqlite>>::compatible(ty)
                }
            }
            impl sqlx::Encode<'_, sqlx::Sqlite> for $t {
                fn encode_by_ref(
                    &self,
                    buf: &mut sqlx::sqlite::SqliteArgumentsBuffer,
                ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                    <String as sqlx::Encode<sqlx::Sqlite>>::encode(self.as_str().to_string(), buf)
                }
            }
            impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for $t {
                fn decode(
                    v: sqlx::sqlite::SqliteValueRef<'r>,
                ) -> Result<Self, sqlx::error::BoxDynError> {
                    let s = <&str as sqlx::Decode<sqlx::Sqlite>>::decode(v)?;
                    Ok(s.parse::<$t>()?)
                }
            }
        };
    };
}
pub(crate) use text_codec;

/// A decimal as the databases hold it: bind `Num(d)`; records decode through it.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num(pub Decimal);

/// A nullable decimal column, decoded into `Option<Decimal>`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptNum(pub Option<Decimal>);

// Decimals are read back normalised (no trailing zeros) on both databases: PostgreSQL returns
// a NUMERIC at its column's scale (150000.00) while SQLite returns the text as written
// (150000), so without this the same value would print differently per backend.
impl From<Num> for Decimal {
    fn from(n: Num) -> Decimal {
        n.0.normalize()
    }
}

impl From<OptNum> for Option<Decimal> {
    fn from(n: OptNum) -> Option<Decimal> {
        n.0.map(|d| d.normalize())
    }
}

/// A list of text values (e.g. teaching modes): `varchar[]` in PostgreSQL, a JSON array in
/// SQLite. NULL reads as an empty list.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextList<T>(pub Vec<T>);

impl<T> TextList<T> {
    fn strings(&self) -> Vec<String>
    where
        T: AsRef<str>,
    {
        self.0.iter().map(|v| v.as_ref().to_string()).collect()
    }
}

fn parse_all<T: FromStr>(items: Vec<String>) -> Result<Vec<T>, BoxDynError>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    items
        .into_iter()
        .map(|s| s.parse::<T>().map_err(|e| Box::new(e) as BoxDynError))
        .collect()
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::{Num, OptNum, TextList, parse_all};
    use rust_decimal::Decimal;
    use sqlx::error::BoxDynError;
    use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
    use sqlx::{Decode, Encode, Postgres, Type, ValueRef, encode::IsNull};
    use std::str::FromStr;

    impl Type<Postgres> for Num {
        fn type_info() -> PgTypeInfo {
            <Decimal as Type<Postgres>>::type_info()
        }
    }
    impl Encode<'_, Postgres> for Num {
        fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
            <Decimal as Encode<Postgres>>::encode_by_ref(&self.0, buf)
        }
    }
    impl<'r> Decode<'r, Postgres> for Num {
        fn decode(v: PgValueRef<'r>) -> Result<Self, BoxDynError> {
            <Decimal as Decode<Postgres>>::decode(v).map(Num)
        }
    }
    impl Type<Postgres> for OptNum {
        fn type_info() -> PgTypeInfo {
            <Num as Type<Postgres>>::type_info()
        }
    }
    impl<'r> Decode<'r, Postgres> for OptNum {
        fn decode(v: PgValueRef<'r>) -> Result<Self, BoxDynError> {
            if v.is_null() {
                return Ok(OptNum(None));
            }
            <Decimal as Decode<Postgres>>::decode(v).map(|d| OptNum(Some(d)))
        }
    }
    impl<T> Type<Postgres> for TextList<T> {
        fn type_info() -> PgTypeInfo {
            <Vec<String> as Type<Postgres>>::type_info()
        }
        fn compatible(ty: &PgTypeInfo) -> bool {
            <Vec<String> as Type<Postgres>>::compatible(ty)
        }
    }
    impl<T: AsRef<str>> Encode<'_, Postgres> for TextList<T> {
        fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
            <Vec<String> as Encode<Postgres>>::encode(self.strings(), buf)
        }
    }
    impl<'r, T: FromStr> Decode<'r, Postgres> for TextList<T>
    where
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        fn decode(v: PgValueRef<'r>) -> Result<Self, BoxDynError> {
            if v.is_null() {
                return Ok(TextList(Vec::new()));
            }
            let items = <Vec<String> as Decode<Postgres>>::decode(v)?;
            parse_all(items).map(TextList)
        }
    }
}

#[cfg(feature = "sqlite")]
mod sqlite {
    use super::{Num, OptNum, TextList, parse_all};
    use rust_decimal::Decimal;
    use sqlx::error::BoxDynError;
    use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
    use sqlx::{Decode, Encode, Sqlite, Type, ValueRef, encode::IsNull};
    use std::str::FromStr;

    fn decimal_from_sqlite(v: SqliteValueRef<'_>) -> Result<Decimal, BoxDynError> {
        let s = <&str as Decode<Sqlite>>::decode(v)?;
        Ok(Decimal::from_str_exact(s)?)
    }
    impl Type<Sqlite> for Num {
        fn type_info() -> SqliteTypeInfo {
            <str as Type<Sqlite>>::type_info()
        }
        fn compatible(ty: &SqliteTypeInfo) -> bool {
            <str as Type<Sqlite>>::compatible(ty)
        }
    }
    impl Encode<'_, Sqlite> for Num {
        fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
            <String as Encode<Sqlite>>::encode(self.0.to_string(), buf)
        }
    }
    impl<'r> Decode<'r, Sqlite> for Num {
        fn decode(v: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
            decimal_from_sqlite(v).map(Num)
        }
    }
    impl Type<Sqlite> for OptNum {
        fn type_info() -> SqliteTypeInfo {
            <Num as Type<Sqlite>>::type_info()
        }
        fn compatible(ty: &SqliteTypeInfo) -> bool {
            <Num as Type<Sqlite>>::compatible(ty)
        }
    }
    impl<'r> Decode<'r, Sqlite> for OptNum {
        fn decode(v: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
            if v.is_null() {
                return Ok(OptNum(None));
            }
            decimal_from_sqlite(v).map(|d| OptNum(Some(d)))
        }
    }
    impl<T> Type<Sqlite> for TextList<T> {
        fn type_info() -> SqliteTypeInfo {
            <str as Type<Sqlite>>::type_info()
        }
        fn compatible(ty: &SqliteTypeInfo) -> bool {
            <str as Type<Sqlite>>::compatible(ty)
        }
    }
    impl<T: AsRef<str>> Encode<'_, Sqlite> for TextList<T> {
        fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
            <String as Encode<Sqlite>>::encode(serde_json::to_string(&self.strings())?, buf)
        }
    }
    impl<'r, T: FromStr> Decode<'r, Sqlite> for TextList<T>
    where
        T::Err: std::error::Error + Send + Sync + 'static,
    {
        fn decode(v: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
            if v.is_null() {
                return Ok(TextList(Vec::new()));
            }
            let s = <&str as Decode<Sqlite>>::decode(v)?;
            let items: Vec<String> = serde_json::from_str(s)?;
            parse_all(items).map(TextList)
        }
    }
}

impl<T> From<TextList<T>> for Vec<T> {
    fn from(l: TextList<T>) -> Vec<T> {
        l.0
    }
}
