//! One id type per entity, so a booking id can never be passed where a user id is expected.
//!
//! Ids are UUIDv7, made in Rust: time-ordered, so new rows land at the end of the primary-key
//! index instead of at random pages.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! ids {
    ($($(#[$m:meta])* $name:ident => $field:literal;)*) => {
        /// The names of every id type, in declaration order (checks [`crate::for_each_id`]).
        #[cfg(test)]
        pub(crate) const ID_TYPES: &[&str] = &[$(stringify!($name)),*];
        $(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered (v7) id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
            /// Wraps an existing UUID.
            pub const fn from_uuid(u: Uuid) -> Self {
                Self(u)
            }
            /// The underlying UUID.
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
            /// Parses the text form; a malformed id is a validation error on this id's field.
            pub fn parse(s: &str) -> Result<Self> {
                s.parse()
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                Uuid::parse_str(s.trim())
                    .map(Self)
                    .map_err(|e| Error::validation($field, format!("not a UUID: {e}")))
            }
        }

        impl From<Uuid> for $name {
            fn from(u: Uuid) -> Self {
                Self(u)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        super::codec::uuid_codec!($name);
    )* };
}

ids! {
    /// Id of a `users` row.
    UserId => "user_id";
    /// Id of a `user_addresses` row.
    AddressId => "address_id";
    /// Id of a `tutor_profiles` row.
    TutorProfileId => "tutor_profile_id";
    /// Id of a `subject_categories` row.
    CategoryId => "category_id";
    /// Id of a `subjects` row.
    SubjectId => "subject_id";
    /// Id of a `tutor_subjects` row.
    TutorSubjectId => "tutor_subject_id";
    /// Id of a `tutor_documents` row.
    DocumentId => "document_id";
    /// Id of a `tutor_availabilities` row.
    AvailabilityId => "availability_id";
    /// Id of a `tutor_time_offs` row.
    TimeOffId => "time_off_id";
    /// Id of a `bookings` row.
    BookingId => "booking_id";
    /// Id of a `booking_status_logs` row.
    StatusLogId => "status_log_id";
    /// Id of a `payment_transactions` row.
    PaymentId => "payment_id";
    /// Id of a `wallets` row.
    WalletId => "wallet_id";
    /// Id of a `wallet_ledger_entries` row.
    LedgerEntryId => "ledger_entry_id";
    /// Id of a `conversations` row.
    ConversationId => "conversation_id";
    /// Id of a `messages` row.
    MessageId => "message_id";
    /// Id of a `reviews` row.
    ReviewId => "review_id";
    /// Id of a `progress_logs` row.
    ProgressLogId => "progress_log_id";
    /// Id of a `favorites` row.
    FavoriteId => "favorite_id";
    /// Id of a `lesson_packages` row.
    PackageId => "package_id";
    /// Id of a `package_purchases` row.
    PurchaseId => "purchase_id";
    /// Id of a `reports` row.
    ReportId => "report_id";
    /// The reported record's id (`reports.target_id`); its kind is `reports.target_type`.
    TargetId => "target_id";
    /// Id of a `notifications` row.
    NotificationId => "notification_id";
    /// Id of a `tutor_date_overrides` row.
    DateOverrideId => "date_override_id";
    /// Id of a `payment_events` row.
    PaymentEventId => "payment_event_id";
    /// Id of a `withdrawal_requests` row.
    WithdrawalId => "withdrawal_id";
    /// Id of an `outbox_events` row.
    OutboxEventId => "outbox_event_id";
    /// Id shared by the ledger entries of one balanced movement.
    MovementId => "movement_id";
}

/// Calls `$callback!(UserId, AddressId, …)` with every id type of [`crate::types`], so that
/// code outside core (the bindings) lists them once, from here, instead of copying the list.
#[macro_export]
macro_rules! for_each_id {
    ($callback:ident) => {
        $callback! {
            UserId,
            AddressId,
            TutorProfileId,
            CategoryId,
            SubjectId,
            TutorSubjectId,
            DocumentId,
            AvailabilityId,
            TimeOffId,
            BookingId,
            StatusLogId,
            PaymentId,
            WalletId,
            LedgerEntryId,
            ConversationId,
            MessageId,
            ReviewId,
            ProgressLogId,
            FavoriteId,
            PackageId,
            PurchaseId,
            ReportId,
            TargetId,
            NotificationId,
            DateOverrideId,
            PaymentEventId,
            WithdrawalId,
            OutboxEventId,
            MovementId,
        }
    };
}

#[cfg(test)]
mod for_each_id_tests {
    macro_rules! names {
        ($($id:ident),* $(,)?) => { &[$(stringify!($id)),*] };
    }

    #[test]
    fn for_each_id_lists_every_id_type() {
        let listed: &[&str] = crate::for_each_id!(names);
        assert_eq!(listed, super::ID_TYPES);
    }
}
