//! One Rust enum per CHECK list of the ERD; each variant's string is exactly the database value.

use crate::error::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

macro_rules! db_enum {
    ($(#[$m:meta])* $name:ident, $field:literal { $($(#[$vm:meta])* $var:ident = $s:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vm])* $var,)+
        }

        impl $name {
            /// Every variant, in the order of the ERD's CHECK list.
            pub const ALL: &'static [$name] = &[$($name::$var,)+];

            /// The database (and wire) string of this variant.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$var => $s,)+
                }
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                match s {
                    $($s => Ok($name::$var),)+
                    other => Err(Error::validation(
                        $field,
                        format!("unknown value {other:?}; expected one of: {}", [$($s),+].join(", ")),
                    )),
                }
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        super::codec::text_codec!($name);
    };
}

db_enum!(
    /// `users.role`.
    Role, "role" {
        /// Books and pays for lessons.
        Student = "student",
        /// Teaches; has a tutor profile.
        Tutor = "tutor",
        /// Operates the marketplace.
        Admin = "admin",
    }
);

db_enum!(
    /// `users.status`.
    UserStatus, "status" {
        /// May act.
        Active = "active",
        /// Blocked by an admin; may not act until reactivated.
        Suspended = "suspended",
        /// Soft-deleted: personal fields cleared, history kept.
        Deleted = "deleted",
    }
);

db_enum!(
    /// An element of `tutor_profiles.teaching_modes`.
    TeachingMode, "teaching_modes" {
        /// Lessons over video.
        Online = "online",
        /// Lessons in person.
        Offline = "offline",
        /// Either.
        Both = "both",
    }
);

db_enum!(
    /// `tutor_profiles.verification_status`.
    VerificationStatus, "verification_status" {
        /// Nothing submitted.
        None = "none",
        /// Documents submitted, awaiting review.
        Pending = "pending",
        /// Verified.
        Approved = "approved",
        /// Refused (see the note).
        Rejected = "rejected",
    }
);

db_enum!(
    /// `tutor_profiles.status`.
    TutorStatus, "status" {
        /// Being set up; not listed.
        Draft = "draft",
        /// Listed and bookable.
        Active = "active",
        /// Paused by the tutor.
        Inactive = "inactive",
        /// Removed by an admin.
        Banned = "banned",
    }
);

db_enum!(
    /// `tutor_subjects.level`.
    Level, "level" {
        /// Primary school.
        Sd = "sd",
        /// Junior high school.
        Smp = "smp",
        /// Senior high school.
        Sma = "sma",
        /// University.
        University = "university",
        /// Professional.
        Professional = "professional",
        /// Any level.
        General = "general",
    }
);

db_enum!(
    /// `tutor_documents.doc_type`.
    DocType, "doc_type" {
        /// Indonesian identity card.
        Ktp = "ktp",
        /// Diploma.
        Diploma = "diploma",
        /// Certificate.
        Certificate = "certificate",
        /// Portfolio.
        Portfolio = "portfolio",
        /// Anything else.
        Other = "other",
    }
);

db_enum!(
    /// `tutor_documents.status`.
    DocumentStatus, "status" {
        /// Awaiting review.
        Pending = "pending",
        /// Accepted by an admin.
        Approved = "approved",
        /// Refused by an admin.
        Rejected = "rejected",
    }
);

db_enum!(
    /// `bookings.mode`.
    LessonMode, "mode" {
        /// Over video (needs a meeting link).
        Online = "online",
        /// In person (needs a location).
        Offline = "offline",
    }
);

db_enum!(
    /// `bookings.location_type`.
    LocationType, "location_type" {
        /// At the student's place.
        StudentPlace = "student_place",
        /// At the tutor's place.
        TutorPlace = "tutor_place",
        /// Somewhere public.
        PublicPlace = "public_place",
        /// Online.
        Online = "online",
    }
);

db_enum!(
    /// `bookings.status`.
    BookingStatus, "status" {
        /// Created, price computed, no slot held.
        Draft = "draft",
        /// Slot held, waiting for the payment.
        PendingPayment = "pending_payment",
        /// Paid (or drawn from a package); the lesson will happen.
        Confirmed = "confirmed",
        /// A new time was proposed and is held.
        RescheduleRequested = "reschedule_requested",
        /// Cancelled (see `cancelled_by`).
        Cancelled = "cancelled",
        /// Done; escrow released.
        Completed = "completed",
        /// The student did not show up.
        NoShow = "no_show",
        /// Under dispute; escrow frozen.
        Disputed = "disputed",
    }
);

impl BookingStatus {
    /// Statuses whose time interval is taken on the tutor's calendar: two bookings of one tutor
    /// in these statuses never overlap (the database enforces it).
    pub const HOLDS_SLOT: &'static [BookingStatus] = &[
        BookingStatus::PendingPayment,
        BookingStatus::Confirmed,
        BookingStatus::RescheduleRequested,
        BookingStatus::Completed,
        BookingStatus::NoShow,
        BookingStatus::Disputed,
    ];

    /// Whether a booking in this status holds its time slot.
    pub fn holds_slot(self) -> bool {
        Self::HOLDS_SLOT.contains(&self)
    }
}

db_enum!(
    /// `bookings.cancelled_by`.
    CancelledBy, "cancelled_by" {
        /// The student cancelled.
        Student = "student",
        /// The tutor cancelled.
        Tutor = "tutor",
        /// A job cancelled it (e.g. payment expired).
        System = "system",
        /// An admin cancelled it.
        Admin = "admin",
    }
);

db_enum!(
    /// `payment_transactions.provider`.
    PaymentProvider, "provider" {
        /// Midtrans (Snap / Core API).
        Midtrans = "midtrans",
        /// Xendit (invoices).
        Xendit = "xendit",
        /// Confirmed by an admin (bank transfer checked by hand).
        Manual = "manual",
    }
);

db_enum!(
    /// `payment_transactions.status`.
    PaymentStatus, "status" {
        /// Created, not paid yet.
        Pending = "pending",
        /// Money received.
        Paid = "paid",
        /// The provider refused it.
        Failed = "failed",
        /// Not paid in time.
        Expired = "expired",
        /// Paid, then returned.
        Refunded = "refunded",
    }
);

db_enum!(
    /// `wallet_ledger_entries.type`.
    LedgerEntryType, "type" {
        /// Money paid in, held until the lesson is done.
        EscrowHold = "escrow_hold",
        /// The tutor's share released from escrow.
        ReleaseToTutor = "release_to_tutor",
        /// The platform's share released from escrow.
        PlatformFee = "platform_fee",
        /// Money returned to the student.
        Refund = "refund",
        /// Money paid out of a tutor wallet.
        Withdrawal = "withdrawal",
    }
);

db_enum!(
    /// `messages.message_type`.
    MessageType, "message_type" {
        /// Text in `content`.
        Text = "text",
        /// An image at `file_url`.
        Image = "image",
        /// A file at `file_url`.
        File = "file",
    }
);

db_enum!(
    /// `reviews.status`.
    ReviewStatus, "status" {
        /// Visible and counted in the rating.
        Published = "published",
        /// Hidden by a moderator.
        Hidden = "hidden",
        /// Removed by a moderator.
        Removed = "removed",
    }
);

db_enum!(
    /// `package_purchases.status`.
    PurchaseStatus, "status" {
        /// Bought, not paid yet.
        PendingPayment = "pending_payment",
        /// Paid; sessions can be drawn.
        Active = "active",
        /// Past its validity.
        Expired = "expired",
        /// Cancelled.
        Cancelled = "cancelled",
    }
);

db_enum!(
    /// `reports.target_type`.
    ReportTargetType, "target_type" {
        /// A user.
        User = "user",
        /// A tutor profile.
        TutorProfile = "tutor_profile",
        /// A review.
        Review = "review",
        /// A chat message.
        Message = "message",
        /// A booking.
        Booking = "booking",
    }
);

db_enum!(
    /// `reports.reason`.
    ReportReason, "reason" {
        /// Spam.
        Spam = "spam",
        /// Fraud.
        Fraud = "fraud",
        /// Harassment.
        Harassment = "harassment",
        /// Inappropriate content.
        Inappropriate = "inappropriate",
        /// Anything else.
        Other = "other",
    }
);

db_enum!(
    /// `reports.status`.
    ReportStatus, "status" {
        /// Filed.
        Open = "open",
        /// An admin is looking at it.
        Investigating = "investigating",
        /// Acted upon.
        Resolved = "resolved",
        /// Dismissed.
        Rejected = "rejected",
    }
);

db_enum!(
    /// `notifications.type`: the ERD's six notification types.
    NotificationType, "type" {
        /// A booking was confirmed.
        BookingConfirmed = "booking_confirmed",
        /// A payment was received.
        PaymentReceived = "payment_received",
        /// A chat message arrived.
        NewMessage = "new_message",
        /// A lesson is about to start.
        LessonReminder = "lesson_reminder",
        /// A review was written about the tutor.
        ReviewReceived = "review_received",
        /// The tutor's verification was approved.
        VerificationApproved = "verification_approved",
    }
);

db_enum!(
    /// `withdrawal_requests.status` (added by migration 0002).
    WithdrawalStatus, "status" {
        /// Asked for; the amount is reserved from the wallet's available balance.
        Requested = "requested",
        /// Paid out by an admin; the ledger moved.
        Paid = "paid",
        /// Refused by an admin.
        Rejected = "rejected",
    }
);

/// Calls `$callback!(Role, UserStatus, …)` with every database enum of [`crate::types`] (one
/// per CHECK list), so that code outside this module lists them once, from here.
#[macro_export]
macro_rules! for_each_enum {
    ($callback:ident) => {
        $callback! {
            Role,
            UserStatus,
            TeachingMode,
            VerificationStatus,
            TutorStatus,
            Level,
            DocType,
            DocumentStatus,
            LessonMode,
            LocationType,
            BookingStatus,
            CancelledBy,
            PaymentProvider,
            PaymentStatus,
            LedgerEntryType,
            MessageType,
            ReviewStatus,
            PurchaseStatus,
            ReportTargetType,
            ReportReason,
            ReportStatus,
            NotificationType,
            WithdrawalStatus,
        }
    };
}

#[cfg(test)]
mod for_each_enum_tests {
    macro_rules! names {
        ($($e:ident),* $(,)?) => { &[$(stringify!($e)),*] };
    }

    /// The list is checked against this file: every `db_enum!` invocation, in order.
    #[test]
    fn for_each_enum_lists_every_db_enum() {
        let declared: Vec<&str> = include_str!("enums.rs")
            .split("db_enum!(\n")
            .skip(1) // the text before the first use
            .filter_map(|rest| {
                let line = rest.lines().find(|l| !l.trim_start().starts_with("///"))?;
                line.trim().split(',').next()
            })
            .collect();
        let listed: &[&str] = crate::for_each_enum!(names);
        assert_eq!(listed.len(), 23);
        assert_eq!(listed, declared.as_slice());
    }
}
