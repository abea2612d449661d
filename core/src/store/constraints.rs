//! Translates database failures into the library's typed errors.
//!
//! Both databases report the same violated rule under the same name: CHECK constraints carry
//! identical names in both migration sets (`<table>_<column>_check`, `…_length_check`,
//! `…_decimal_check`, `…_bool_check`, `<table>_time_range_check`), the overlap rule is
//! `bookings_no_overlap` (an exclusion constraint in PostgreSQL, a trigger in SQLite), and
//! uniqueness is identified by PostgreSQL's constraint name or SQLite's `table.column` list.
//! So one table of meanings below serves both, and a caller sees e.g.
//! `conflict: email already registered` whichever database is underneath.

use crate::error::Error;
use sqlx::error::{DatabaseError, ErrorKind};

/// Unique rules: (PostgreSQL constraint, SQLite columns, what it means).
const UNIQUES: &[(&str, &str, &str)] = &[
    ("users_email_key", "users.email", "email already registered"),
    ("users_phone_key", "users.phone", "phone already registered"),
    (
        "tutor_profiles_user_id_key",
        "tutor_profiles.user_id",
        "this user already has a tutor profile",
    ),
    (
        "subject_categories_slug_key",
        "subject_categories.slug",
        "a subject category with this slug already exists",
    ),
    (
        "subjects_slug_key",
        "subjects.slug",
        "a subject with this slug already exists",
    ),
    (
        "tutor_subjects_tutor_profile_id_subject_id_level_key",
        "tutor_subjects.tutor_profile_id, tutor_subjects.subject_id, tutor_subjects.level",
        "the tutor already teaches this subject at this level",
    ),
    (
        "payment_transactions_booking_id_key",
        "payment_transactions.booking_id",
        "this booking already has a payment",
    ),
    (
        "payment_transactions_package_purchase_id_key",
        "payment_transactions.package_purchase_id",
        "this package purchase already has a payment",
    ),
    (
        "wallets_user_id_key",
        "wallets.user_id",
        "this user already has a wallet",
    ),
    (
        "conversations_student_id_tutor_profile_id_key",
        "conversations.student_id, conversations.tutor_profile_id",
        "a conversation between this student and tutor already exists",
    ),
    (
        "reviews_booking_id_key",
        "reviews.booking_id",
        "this booking has already been reviewed",
    ),
    (
        "payment_events_payment_transaction_id_dedup_key_key",
        "payment_events.payment_transaction_id, payment_events.dedup_key",
        "this payment notification was already applied",
    ),
    (
        "user_addresses_one_primary",
        "user_addresses.user_id",
        "another primary address was set meanwhile",
    ),
    (
        "reports_one_open",
        "reports.reporter_user_id, reports.target_type, reports.target_id",
        "you already reported this; it is being handled",
    ),
    (
        "favorites_student_id_tutor_profile_id_key",
        "favorites.student_id, favorites.tutor_profile_id",
        "this tutor is already a favorite",
    ),
];

/// Every table, longest names first so that prefix matching picks the right one.
const TABLES: &[&str] = &[
    "tutor_date_overrides",
    "wallet_ledger_entries",
    "withdrawal_requests",
    "tutor_availabilities",
    "payment_transactions",
    "booking_status_logs",
    "subject_categories",
    "package_purchases",
    "payment_events",
    "outbox_events",
    "tutor_time_offs",
    "lesson_packages",
    "tutor_documents",
    "tutor_profiles",
    "tutor_subjects",
    "user_addresses",
    "conversations",
    "notifications",
    "progress_logs",
    "favorites",
    "bookings",
    "messages",
    "subjects",
    "reports",
    "reviews",
    "wallets",
    "users",
];

const OVERLAP: &str = "bookings_no_overlap";

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Error {
        match e {
            sqlx::Error::Database(db) => from_database(db.as_ref()),
            sqlx::Error::RowNotFound => Error::Internal("expected a row, found none".into()),
            sqlx::Error::ColumnDecode { index, source } => {
                Error::Internal(format!("cannot decode column {index}: {source}"))
            }
            sqlx::Error::Decode(source) => Error::Internal(format!("cannot decode: {source}")),
            sqlx::Error::Encode(source) => Error::Internal(format!("cannot encode: {source}")),
            sqlx::Error::Configuration(source) => Error::Config(source.to_string()),
            other => Error::Database(other.to_string()),
        }
    }
}

fn from_database(db: &dyn DatabaseError) -> Error {
    let message = db.message();
    let code = db.code();
    let code = code.as_deref().unwrap_or("");
    // SQLite reports triggers' RAISE(ABORT) as a plain constraint failure with our message.
    if db.constraint() == Some(OVERLAP) || message.contains(OVERLAP) {
        return Error::Conflict("the tutor already has a booking at that time".into());
    }
    match db.kind() {
        ErrorKind::UniqueViolation => unique(db.constraint(), message),
        ErrorKind::ForeignKeyViolation => Error::NotFound {
            entity: "referenced record",
            key: db
                .constraint()
                .map(|c| column_of(c, "_fkey"))
                .unwrap_or_else(|| "(reference)".into()),
        },
        ErrorKind::CheckViolation => check(db.constraint().unwrap_or_else(|| after_colon(message))),
        ErrorKind::NotNullViolation => Error::validation(
            not_null_column(message).unwrap_or_else(|| "(column)".into()),
            "is required",
        ),
        ErrorKind::ExclusionViolation => {
            Error::Conflict(format!("overlaps an existing record ({message})"))
        }
        _ if message.starts_with("CHECK constraint failed: ") => check(after_colon(message)),
        // PostgreSQL: string too long / numeric out of range / invalid text for a type.
        _ if code == "22001" || code == "22003" || code == "22P02" || code == "22007" => {
            Error::validation("(value)", message)
        }
        // Serialization failure / deadlock: safe to retry.
        _ if code == "40001" || code == "40P01" => {
            Error::Conflict(format!("concurrent update, retry: {message}"))
        }
        _ => Error::Database(message.to_string()),
    }
}

fn unique(constraint: Option<&str>, message: &str) -> Error {
    let sqlite_cols = message
        .strip_prefix("UNIQUE constraint failed: ")
        .unwrap_or("");
    for (pg, cols, meaning) in UNIQUES {
        if constraint == Some(pg) || sqlite_cols == *cols {
            return Error::Conflict((*meaning).to_string());
        }
    }
    if constraint.is_some_and(|c| c.ends_with("_pkey")) || sqlite_cols.ends_with(".id") {
        return Error::Conflict("a record with this id already exists".into());
    }
    Error::Conflict(format!(
        "duplicate value ({})",
        constraint.unwrap_or(sqlite_cols)
    ))
}

fn check(name: &str) -> Error {
    let field = column_of(
        name,
        [
            "_length_check",
            "_decimal_check",
            "_bool_check",
            "_time_range_check",
            "_check",
        ]
        .into_iter()
        .find(|s| name.ends_with(s))
        .unwrap_or(""),
    );
    let field = match field.as_str() {
        "" | "time" | "time_range" => "end".to_string(),
        _ => field,
    };
    let why = if name.ends_with("_length_check") {
        "is too long".to_string()
    } else if name.ends_with("_decimal_check") {
        "is not a decimal of the column's precision".to_string()
    } else if name.ends_with("_time_range_check") {
        "must be after the start".to_string()
    } else {
        format!("violates {name}")
    };
    Error::validation(field, why)
}

/// `bookings_student_id_fkey` → `student_id`.
fn column_of(constraint: &str, suffix: &str) -> String {
    let stem = constraint.strip_suffix(suffix).unwrap_or(constraint);
    if TABLES.contains(&stem) {
        // A table-level rule (e.g. `bookings_time_range_check`) names no column.
        return String::new();
    }
    TABLES
        .iter()
        .find_map(|t| stem.strip_prefix(t).and_then(|r| r.strip_prefix('_')))
        .unwrap_or(stem)
        .to_string()
}

fn after_colon(message: &str) -> &str {
    message.rsplit(": ").next().unwrap_or(message).trim()
}

/// SQLite: `NOT NULL constraint failed: users.full_name`; PostgreSQL: `null value in column
/// "full_name" of relation "users" violates not-null constraint`.
fn not_null_column(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("NOT NULL constraint failed: ") {
        return rest.rsplit('.').next().map(str::to_string);
    }
    let start = message.find("column \"")? + "column \"".len();
    let end = message[start..].find('"')? + start;
    Some(message[start..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_names_give_fields() {
        assert_eq!(column_of("bookings_student_id_fkey", "_fkey"), "student_id");
        assert_eq!(
            check("tutor_profiles_response_rate_check").field(),
            Some("response_rate")
        );
        assert_eq!(check("users_email_length_check").field(), Some("email"));
        assert_eq!(check("bookings_time_range_check").field(), Some("end"));
        assert_eq!(check("wallets_balance_check").field(), Some("balance"));
        assert_eq!(
            not_null_column("NOT NULL constraint failed: users.full_name").as_deref(),
            Some("full_name")
        );
        assert_eq!(
            not_null_column(
                "null value in column \"full_name\" of relation \"users\" violates not-null constraint"
            )
            .as_deref(),
            Some("full_name")
        );
        assert_eq!(
            unique(None, "UNIQUE constraint failed: users.email"),
            Error::Conflict("email already registered".into())
        );
    }
}
