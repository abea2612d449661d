"""Enums and records of Blajarplus core, generated from core/src/types by
bindings-python/tools/gen_types.py. DO NOT EDIT: run that script after changing core's types
(the test suite fails while this file is stale).

Enum values are the database strings; every enum is also a ``str``. Records are frozen
dataclasses, field for field as in core; the native module fills them (see ``_wire.py``).
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, List, Optional
from uuid import UUID

JsonValue = Any
"""A JSON document as ``json.loads`` returns it."""


class Role(str, enum.Enum):
    """`users.role`."""

    STUDENT = "student"
    """Books and pays for lessons."""

    TUTOR = "tutor"
    """Teaches; has a tutor profile."""

    ADMIN = "admin"
    """Operates the marketplace."""

    def __str__(self) -> str:
        return str(self.value)


class UserStatus(str, enum.Enum):
    """`users.status`."""

    ACTIVE = "active"
    """May act."""

    SUSPENDED = "suspended"
    """Blocked by an admin; may not act until reactivated."""

    DELETED = "deleted"
    """Soft-deleted: personal fields cleared, history kept."""

    def __str__(self) -> str:
        return str(self.value)


class TeachingMode(str, enum.Enum):
    """An element of `tutor_profiles.teaching_modes`."""

    ONLINE = "online"
    """Lessons over video."""

    OFFLINE = "offline"
    """Lessons in person."""

    BOTH = "both"
    """Either."""

    def __str__(self) -> str:
        return str(self.value)


class VerificationStatus(str, enum.Enum):
    """`tutor_profiles.verification_status`."""

    NONE = "none"
    """Nothing submitted."""

    PENDING = "pending"
    """Documents submitted, awaiting review."""

    APPROVED = "approved"
    """Verified."""

    REJECTED = "rejected"
    """Refused (see the note)."""

    def __str__(self) -> str:
        return str(self.value)


class TutorStatus(str, enum.Enum):
    """`tutor_profiles.status`."""

    DRAFT = "draft"
    """Being set up; not listed."""

    ACTIVE = "active"
    """Listed and bookable."""

    INACTIVE = "inactive"
    """Paused by the tutor."""

    BANNED = "banned"
    """Removed by an admin."""

    def __str__(self) -> str:
        return str(self.value)


class Level(str, enum.Enum):
    """`tutor_subjects.level`."""

    SD = "sd"
    """Primary school."""

    SMP = "smp"
    """Junior high school."""

    SMA = "sma"
    """Senior high school."""

    UNIVERSITY = "university"
    """University."""

    PROFESSIONAL = "professional"
    """Professional."""

    GENERAL = "general"
    """Any level."""

    def __str__(self) -> str:
        return str(self.value)


class DocType(str, enum.Enum):
    """`tutor_documents.doc_type`."""

    KTP = "ktp"
    """Indonesian identity card."""

    DIPLOMA = "diploma"
    """Diploma."""

    CERTIFICATE = "certificate"
    """Certificate."""

    PORTFOLIO = "portfolio"
    """Portfolio."""

    OTHER = "other"
    """Anything else."""

    def __str__(self) -> str:
        return str(self.value)


class DocumentStatus(str, enum.Enum):
    """`tutor_documents.status`."""

    PENDING = "pending"
    """Awaiting review."""

    APPROVED = "approved"
    """Accepted by an admin."""

    REJECTED = "rejected"
    """Refused by an admin."""

    def __str__(self) -> str:
        return str(self.value)


class LessonMode(str, enum.Enum):
    """`bookings.mode`."""

    ONLINE = "online"
    """Over video (needs a meeting link)."""

    OFFLINE = "offline"
    """In person (needs a location)."""

    def __str__(self) -> str:
        return str(self.value)


class LocationType(str, enum.Enum):
    """`bookings.location_type`."""

    STUDENT_PLACE = "student_place"
    """At the student's place."""

    TUTOR_PLACE = "tutor_place"
    """At the tutor's place."""

    PUBLIC_PLACE = "public_place"
    """Somewhere public."""

    ONLINE = "online"
    """Online."""

    def __str__(self) -> str:
        return str(self.value)


class BookingStatus(str, enum.Enum):
    """`bookings.status`."""

    DRAFT = "draft"
    """Created, price computed, no slot held."""

    PENDING_PAYMENT = "pending_payment"
    """Slot held, waiting for the payment."""

    CONFIRMED = "confirmed"
    """Paid (or drawn from a package); the lesson will happen."""

    RESCHEDULE_REQUESTED = "reschedule_requested"
    """A new time was proposed and is held."""

    CANCELLED = "cancelled"
    """Cancelled (see `cancelled_by`)."""

    COMPLETED = "completed"
    """Done; escrow released."""

    NO_SHOW = "no_show"
    """The student did not show up."""

    DISPUTED = "disputed"
    """Under dispute; escrow frozen."""

    def __str__(self) -> str:
        return str(self.value)


class CancelledBy(str, enum.Enum):
    """`bookings.cancelled_by`."""

    STUDENT = "student"
    """The student cancelled."""

    TUTOR = "tutor"
    """The tutor cancelled."""

    SYSTEM = "system"
    """A job cancelled it (e.g. payment expired)."""

    ADMIN = "admin"
    """An admin cancelled it."""

    def __str__(self) -> str:
        return str(self.value)


class PaymentProvider(str, enum.Enum):
    """`payment_transactions.provider`."""

    MIDTRANS = "midtrans"
    """Midtrans (Snap / Core API)."""

    XENDIT = "xendit"
    """Xendit (invoices)."""

    MANUAL = "manual"
    """Confirmed by an admin (bank transfer checked by hand)."""

    def __str__(self) -> str:
        return str(self.value)


class PaymentStatus(str, enum.Enum):
    """`payment_transactions.status`."""

    PENDING = "pending"
    """Created, not paid yet."""

    PAID = "paid"
    """Money received."""

    FAILED = "failed"
    """The provider refused it."""

    EXPIRED = "expired"
    """Not paid in time."""

    REFUNDED = "refunded"
    """Paid, then returned."""

    def __str__(self) -> str:
        return str(self.value)


class LedgerEntryType(str, enum.Enum):
    """`wallet_ledger_entries.type`."""

    ESCROW_HOLD = "escrow_hold"
    """Money paid in, held until the lesson is done."""

    RELEASE_TO_TUTOR = "release_to_tutor"
    """The tutor's share released from escrow."""

    PLATFORM_FEE = "platform_fee"
    """The platform's share released from escrow."""

    REFUND = "refund"
    """Money returned to the student."""

    WITHDRAWAL = "withdrawal"
    """Money paid out of a tutor wallet."""

    def __str__(self) -> str:
        return str(self.value)


class MessageType(str, enum.Enum):
    """`messages.message_type`."""

    TEXT = "text"
    """Text in `content`."""

    IMAGE = "image"
    """An image at `file_url`."""

    FILE = "file"
    """A file at `file_url`."""

    def __str__(self) -> str:
        return str(self.value)


class ReviewStatus(str, enum.Enum):
    """`reviews.status`."""

    PUBLISHED = "published"
    """Visible and counted in the rating."""

    HIDDEN = "hidden"
    """Hidden by a moderator."""

    REMOVED = "removed"
    """Removed by a moderator."""

    def __str__(self) -> str:
        return str(self.value)


class PurchaseStatus(str, enum.Enum):
    """`package_purchases.status`."""

    PENDING_PAYMENT = "pending_payment"
    """Bought, not paid yet."""

    ACTIVE = "active"
    """Paid; sessions can be drawn."""

    EXPIRED = "expired"
    """Past its validity."""

    CANCELLED = "cancelled"
    """Cancelled."""

    def __str__(self) -> str:
        return str(self.value)


class ReportTargetType(str, enum.Enum):
    """`reports.target_type`."""

    USER = "user"
    """A user."""

    TUTOR_PROFILE = "tutor_profile"
    """A tutor profile."""

    REVIEW = "review"
    """A review."""

    MESSAGE = "message"
    """A chat message."""

    BOOKING = "booking"
    """A booking."""

    def __str__(self) -> str:
        return str(self.value)


class ReportReason(str, enum.Enum):
    """`reports.reason`."""

    SPAM = "spam"
    """Spam."""

    FRAUD = "fraud"
    """Fraud."""

    HARASSMENT = "harassment"
    """Harassment."""

    INAPPROPRIATE = "inappropriate"
    """Inappropriate content."""

    OTHER = "other"
    """Anything else."""

    def __str__(self) -> str:
        return str(self.value)


class ReportStatus(str, enum.Enum):
    """`reports.status`."""

    OPEN = "open"
    """Filed."""

    INVESTIGATING = "investigating"
    """An admin is looking at it."""

    RESOLVED = "resolved"
    """Acted upon."""

    REJECTED = "rejected"
    """Dismissed."""

    def __str__(self) -> str:
        return str(self.value)


class NotificationType(str, enum.Enum):
    """`notifications.type`: the ERD's six notification types."""

    BOOKING_CONFIRMED = "booking_confirmed"
    """A booking was confirmed."""

    PAYMENT_RECEIVED = "payment_received"
    """A payment was received."""

    NEW_MESSAGE = "new_message"
    """A chat message arrived."""

    LESSON_REMINDER = "lesson_reminder"
    """A lesson is about to start."""

    REVIEW_RECEIVED = "review_received"
    """A review was written about the tutor."""

    VERIFICATION_APPROVED = "verification_approved"
    """The tutor's verification was approved."""

    def __str__(self) -> str:
        return str(self.value)


class WithdrawalStatus(str, enum.Enum):
    """`withdrawal_requests.status` (added by migration 0002)."""

    REQUESTED = "requested"
    """Asked for; the amount is reserved from the wallet's available balance."""

    PAID = "paid"
    """Paid out by an admin; the ledger moved."""

    REJECTED = "rejected"
    """Refused by an admin."""

    def __str__(self) -> str:
        return str(self.value)


@dataclasses.dataclass(frozen=True)
class User:
    """`users`: every account, whatever its role."""

    id: UUID
    """`users.id`."""

    email: Optional[str]
    """`users.email`."""

    phone: Optional[str]
    """`users.phone`."""

    full_name: str
    """`users.full_name`."""

    avatar_url: Optional[str]
    """`users.avatar_url`."""

    gender: Optional[str]
    """`users.gender`."""

    birthdate: Optional[date]
    """`users.birthdate`."""

    role: Role
    """`users.role`."""

    status: UserStatus
    """`users.status`."""

    last_login_at: Optional[datetime]
    """`users.last_login_at`."""

    created_at: datetime
    """`users.created_at`."""

    updated_at: datetime
    """`users.updated_at`."""

    deleted_at: Optional[datetime]
    """`users.deleted_at`."""


@dataclasses.dataclass(frozen=True)
class UserAddress:
    """`user_addresses`."""

    id: UUID
    """`user_addresses.id`."""

    user_id: UUID
    """`user_addresses.user_id`."""

    label: Optional[str]
    """`user_addresses.label`."""

    province: Optional[str]
    """`user_addresses.province`."""

    city: Optional[str]
    """`user_addresses.city`."""

    district: Optional[str]
    """`user_addresses.district`."""

    address_detail: Optional[str]
    """`user_addresses.address_detail`."""

    lat: Optional[Decimal]
    """`DECIMAL(10,8)`."""

    lng: Optional[Decimal]
    """`DECIMAL(11,8)`."""

    is_primary: bool
    """`user_addresses.is_primary`."""

    created_at: datetime
    """`user_addresses.created_at`."""

    updated_at: datetime
    """`user_addresses.updated_at`."""


@dataclasses.dataclass(frozen=True)
class TutorProfile:
    """`tutor_profiles`."""

    id: UUID
    """`tutor_profiles.id`."""

    user_id: UUID
    """`tutor_profiles.user_id`."""

    headline: Optional[str]
    """`tutor_profiles.headline`."""

    bio: Optional[str]
    """`tutor_profiles.bio`."""

    education: Optional[str]
    """`tutor_profiles.education`."""

    experience_years: Optional[int]
    """`tutor_profiles.experience_years`."""

    teaching_modes: List[TeachingMode]
    """`tutor_profiles.teaching_modes`."""

    base_city: Optional[str]
    """`tutor_profiles.base_city`."""

    timezone: str
    """IANA zone name, e.g. `Asia/Jakarta`."""

    intro_video_url: Optional[str]
    """`tutor_profiles.intro_video_url`."""

    hourly_rate: Decimal
    """`tutor_profiles.hourly_rate`."""

    currency: str
    """`tutor_profiles.currency`."""

    is_verified: bool
    """`tutor_profiles.is_verified`."""

    verification_status: VerificationStatus
    """`tutor_profiles.verification_status`."""

    verification_note: Optional[str]
    """`tutor_profiles.verification_note`."""

    rating_avg: Decimal
    """`NUMERIC(2,1)`, maintained from published reviews."""

    rating_count: int
    """`tutor_profiles.rating_count`."""

    completed_lessons_count: int
    """`tutor_profiles.completed_lessons_count`."""

    response_rate: int
    """`tutor_profiles.response_rate`."""

    status: TutorStatus
    """`tutor_profiles.status`."""

    created_at: datetime
    """`tutor_profiles.created_at`."""

    updated_at: datetime
    """`tutor_profiles.updated_at`."""

    deleted_at: Optional[datetime]
    """`tutor_profiles.deleted_at`."""


@dataclasses.dataclass(frozen=True)
class SubjectCategory:
    """`subject_categories`."""

    id: UUID
    """`subject_categories.id`."""

    name: str
    """`subject_categories.name`."""

    slug: str
    """`subject_categories.slug`."""

    is_active: bool
    """`subject_categories.is_active`."""

    created_at: datetime
    """`subject_categories.created_at`."""

    updated_at: datetime
    """`subject_categories.updated_at`."""


@dataclasses.dataclass(frozen=True)
class Subject:
    """`subjects`."""

    id: UUID
    """`subjects.id`."""

    name: str
    """`subjects.name`."""

    slug: str
    """`subjects.slug`."""

    category_id: Optional[UUID]
    """`subjects.category_id`."""

    is_active: bool
    """`subjects.is_active`."""

    created_at: datetime
    """`subjects.created_at`."""

    updated_at: datetime
    """`subjects.updated_at`."""


@dataclasses.dataclass(frozen=True)
class TutorSubject:
    """`tutor_subjects`: what a tutor teaches, at which level, at which price."""

    id: UUID
    """`tutor_subjects.id`."""

    tutor_profile_id: UUID
    """`tutor_subjects.tutor_profile_id`."""

    subject_id: UUID
    """`tutor_subjects.subject_id`."""

    level: Optional[Level]
    """`tutor_subjects.level`."""

    price_override: Optional[Decimal]
    """When set, replaces the tutor's hourly rate for this subject."""

    currency: str
    """`tutor_subjects.currency`."""

    description: Optional[str]
    """`tutor_subjects.description`."""

    is_active: bool
    """`tutor_subjects.is_active`."""

    created_at: datetime
    """`tutor_subjects.created_at`."""

    updated_at: datetime
    """`tutor_subjects.updated_at`."""


@dataclasses.dataclass(frozen=True)
class TutorDocument:
    """`tutor_documents`: verification evidence."""

    id: UUID
    """`tutor_documents.id`."""

    tutor_profile_id: UUID
    """`tutor_documents.tutor_profile_id`."""

    doc_type: Optional[DocType]
    """`tutor_documents.doc_type`."""

    file_url: str
    """`tutor_documents.file_url`."""

    status: DocumentStatus
    """`tutor_documents.status`."""

    reviewed_by: Optional[UUID]
    """`tutor_documents.reviewed_by`."""

    reviewed_at: Optional[datetime]
    """`tutor_documents.reviewed_at`."""

    note: Optional[str]
    """`tutor_documents.note`."""

    created_at: datetime
    """`tutor_documents.created_at`."""

    updated_at: datetime
    """`tutor_documents.updated_at`."""


@dataclasses.dataclass(frozen=True)
class TutorAvailability:
    """`tutor_availabilities`: a weekly rule in the tutor's local wall-clock time."""

    id: UUID
    """`tutor_availabilities.id`."""

    tutor_profile_id: UUID
    """`tutor_availabilities.tutor_profile_id`."""

    day_of_week: int
    """0 = Sunday … 6 = Saturday."""

    start_time: time
    """`tutor_availabilities.start_time`."""

    end_time: time
    """`tutor_availabilities.end_time`."""

    slot_duration_minutes: int
    """`tutor_availabilities.slot_duration_minutes`."""

    is_active: bool
    """`tutor_availabilities.is_active`."""

    created_at: datetime
    """`tutor_availabilities.created_at`."""

    updated_at: datetime
    """`tutor_availabilities.updated_at`."""


@dataclasses.dataclass(frozen=True)
class TutorTimeOff:
    """`tutor_time_offs`: an absolute interval the tutor is away."""

    id: UUID
    """`tutor_time_offs.id`."""

    tutor_profile_id: UUID
    """`tutor_time_offs.tutor_profile_id`."""

    start_at: datetime
    """`tutor_time_offs.start_at`."""

    end_at: datetime
    """`tutor_time_offs.end_at`."""

    reason: Optional[str]
    """`tutor_time_offs.reason`."""

    created_at: datetime
    """`tutor_time_offs.created_at`."""


@dataclasses.dataclass(frozen=True)
class Booking:
    """`bookings`."""

    id: UUID
    """`bookings.id`."""

    student_id: UUID
    """`bookings.student_id`."""

    tutor_profile_id: UUID
    """`bookings.tutor_profile_id`."""

    tutor_subject_id: Optional[UUID]
    """`bookings.tutor_subject_id`."""

    mode: Optional[LessonMode]
    """`bookings.mode`."""

    start_at: datetime
    """`bookings.start_at`."""

    end_at: datetime
    """`bookings.end_at`."""

    duration_minutes: int
    """`bookings.duration_minutes`."""

    location_type: Optional[LocationType]
    """`bookings.location_type`."""

    location_address: Optional[str]
    """`bookings.location_address`."""

    lat: Optional[Decimal]
    """`bookings.lat`."""

    lng: Optional[Decimal]
    """`bookings.lng`."""

    meeting_link: Optional[str]
    """`bookings.meeting_link`."""

    status: BookingStatus
    """`bookings.status`."""

    cancelled_by: Optional[CancelledBy]
    """`bookings.cancelled_by`."""

    cancel_reason: Optional[str]
    """`bookings.cancel_reason`."""

    price: Decimal
    """`bookings.price`."""

    platform_fee: Decimal
    """`bookings.platform_fee`."""

    total_amount: Decimal
    """`bookings.total_amount`."""

    currency: str
    """`bookings.currency`."""

    notes: Optional[str]
    """`bookings.notes`."""

    created_at: datetime
    """`bookings.created_at`."""

    updated_at: datetime
    """`bookings.updated_at`."""

    deleted_at: Optional[datetime]
    """`bookings.deleted_at`."""


@dataclasses.dataclass(frozen=True)
class BookingStatusLog:
    """`booking_status_logs`: one row per status change."""

    id: UUID
    """`booking_status_logs.id`."""

    booking_id: UUID
    """`booking_status_logs.booking_id`."""

    from_status: Optional[BookingStatus]
    """`booking_status_logs.from_status`."""

    to_status: BookingStatus
    """`booking_status_logs.to_status`."""

    changed_by_user_id: Optional[UUID]
    """`booking_status_logs.changed_by_user_id`."""

    reason: Optional[str]
    """`booking_status_logs.reason`."""

    created_at: datetime
    """`booking_status_logs.created_at`."""


@dataclasses.dataclass(frozen=True)
class PaymentTransaction:
    """`payment_transactions`."""

    id: UUID
    """`payment_transactions.id`."""

    booking_id: Optional[UUID]
    """`payment_transactions.booking_id`."""

    provider: Optional[PaymentProvider]
    """`payment_transactions.provider`."""

    payment_method: Optional[str]
    """`payment_transactions.payment_method`."""

    external_payment_id: Optional[str]
    """`payment_transactions.external_payment_id`."""

    status: PaymentStatus
    """`payment_transactions.status`."""

    amount: Decimal
    """`payment_transactions.amount`."""

    currency: str
    """`payment_transactions.currency`."""

    paid_at: Optional[datetime]
    """`payment_transactions.paid_at`."""

    expires_at: Optional[datetime]
    """`payment_transactions.expires_at`."""

    raw_payload: Optional[JsonValue]
    """The provider's notification as received (for accepted ones)."""

    created_at: datetime
    """`payment_transactions.created_at`."""

    updated_at: datetime
    """`payment_transactions.updated_at`."""

    deleted_at: Optional[datetime]
    """`payment_transactions.deleted_at`."""

    package_purchase_id: Optional[UUID]
    """`payment_transactions.package_purchase_id` (added by migration 0003): set instead of `booking_id` when the payment is for a lesson package."""


@dataclasses.dataclass(frozen=True)
class Wallet:
    """`wallets`."""

    id: UUID
    """`wallets.id`."""

    user_id: UUID
    """`wallets.user_id`."""

    balance: Decimal
    """Never negative (database CHECK)."""

    currency: str
    """`wallets.currency`."""

    created_at: datetime
    """`wallets.created_at`."""

    updated_at: datetime
    """`wallets.updated_at`."""

    deleted_at: Optional[datetime]
    """`wallets.deleted_at`."""


@dataclasses.dataclass(frozen=True)
class LedgerEntry:
    """`wallet_ledger_entries`: immutable; corrections are new entries."""

    id: UUID
    """`wallet_ledger_entries.id`."""

    wallet_id: UUID
    """`wallet_ledger_entries.wallet_id`."""

    entry_type: Optional[LedgerEntryType]
    """`wallet_ledger_entries.type`."""

    amount: Decimal
    """`wallet_ledger_entries.amount`."""

    booking_id: Optional[UUID]
    """`wallet_ledger_entries.booking_id`."""

    reference_id: Optional[str]
    """`wallet_ledger_entries.reference_id`."""

    meta: Optional[JsonValue]
    """`wallet_ledger_entries.meta`."""

    created_at: datetime
    """`wallet_ledger_entries.created_at`."""


@dataclasses.dataclass(frozen=True)
class Conversation:
    """`conversations`: one per student–tutor pair."""

    id: UUID
    """`conversations.id`."""

    student_id: UUID
    """`conversations.student_id`."""

    tutor_profile_id: UUID
    """`conversations.tutor_profile_id`."""

    last_message_at: Optional[datetime]
    """`conversations.last_message_at`."""

    is_blocked: bool
    """`conversations.is_blocked`."""

    blocked_by_user_id: Optional[UUID]
    """`conversations.blocked_by_user_id`."""

    created_at: datetime
    """`conversations.created_at`."""

    updated_at: datetime
    """`conversations.updated_at`."""


@dataclasses.dataclass(frozen=True)
class Message:
    """`messages`."""

    id: UUID
    """`messages.id`."""

    conversation_id: UUID
    """`messages.conversation_id`."""

    sender_user_id: UUID
    """`messages.sender_user_id`."""

    message_type: MessageType
    """`messages.message_type`."""

    content: Optional[str]
    """`messages.content`."""

    file_url: Optional[str]
    """`messages.file_url`."""

    read_at: Optional[datetime]
    """`messages.read_at`."""

    created_at: datetime
    """`messages.created_at`."""


@dataclasses.dataclass(frozen=True)
class Review:
    """`reviews`: at most one per booking."""

    id: UUID
    """`reviews.id`."""

    booking_id: UUID
    """`reviews.booking_id`."""

    tutor_profile_id: UUID
    """`reviews.tutor_profile_id`."""

    author_user_id: UUID
    """`reviews.author_user_id`."""

    rating: int
    """`reviews.rating`."""

    comment: Optional[str]
    """`reviews.comment`."""

    status: ReviewStatus
    """`reviews.status`."""

    moderated_by: Optional[UUID]
    """`reviews.moderated_by`."""

    moderated_reason: Optional[str]
    """`reviews.moderated_reason`."""

    created_at: datetime
    """`reviews.created_at`."""

    updated_at: datetime
    """`reviews.updated_at`."""

    deleted_at: Optional[datetime]
    """`reviews.deleted_at`."""


@dataclasses.dataclass(frozen=True)
class ProgressLog:
    """`progress_logs`: the tutor's notes on a lesson."""

    id: UUID
    """`progress_logs.id`."""

    booking_id: UUID
    """`progress_logs.booking_id`."""

    tutor_profile_id: UUID
    """`progress_logs.tutor_profile_id`."""

    student_id: UUID
    """`progress_logs.student_id`."""

    summary: Optional[str]
    """`progress_logs.summary`."""

    homework: Optional[str]
    """`progress_logs.homework`."""

    next_plan: Optional[str]
    """`progress_logs.next_plan`."""

    attachment_url: Optional[str]
    """`progress_logs.attachment_url`."""

    created_at: datetime
    """`progress_logs.created_at`."""

    updated_at: datetime
    """`progress_logs.updated_at`."""


@dataclasses.dataclass(frozen=True)
class Favorite:
    """`favorites`."""

    id: UUID
    """`favorites.id`."""

    student_id: UUID
    """`favorites.student_id`."""

    tutor_profile_id: UUID
    """`favorites.tutor_profile_id`."""

    created_at: datetime
    """`favorites.created_at`."""


@dataclasses.dataclass(frozen=True)
class LessonPackage:
    """`lesson_packages`: a bundle of sessions a tutor sells."""

    id: UUID
    """`lesson_packages.id`."""

    tutor_profile_id: UUID
    """`lesson_packages.tutor_profile_id`."""

    tutor_subject_id: Optional[UUID]
    """`lesson_packages.tutor_subject_id`."""

    name: str
    """`lesson_packages.name`."""

    session_count: int
    """`lesson_packages.session_count`."""

    total_price: Decimal
    """`lesson_packages.total_price`."""

    currency: str
    """`lesson_packages.currency`."""

    valid_days: int
    """`lesson_packages.valid_days`."""

    is_active: bool
    """`lesson_packages.is_active`."""

    created_at: datetime
    """`lesson_packages.created_at`."""

    updated_at: datetime
    """`lesson_packages.updated_at`."""

    deleted_at: Optional[datetime]
    """`lesson_packages.deleted_at`."""

    session_minutes: int
    """`lesson_packages.session_minutes` (added by migration 0003): the length of each session."""


@dataclasses.dataclass(frozen=True)
class PackagePurchase:
    """`package_purchases`."""

    id: UUID
    """`package_purchases.id`."""

    student_id: UUID
    """`package_purchases.student_id`."""

    lesson_package_id: UUID
    """`package_purchases.lesson_package_id`."""

    status: PurchaseStatus
    """`package_purchases.status`."""

    sessions_remaining: int
    """`package_purchases.sessions_remaining`."""

    start_at: Optional[datetime]
    """`package_purchases.start_at`."""

    expires_at: Optional[datetime]
    """`package_purchases.expires_at`."""

    created_at: datetime
    """`package_purchases.created_at`."""

    updated_at: datetime
    """`package_purchases.updated_at`."""

    deleted_at: Optional[datetime]
    """`package_purchases.deleted_at`."""


@dataclasses.dataclass(frozen=True)
class Report:
    """`reports`."""

    id: UUID
    """`reports.id`."""

    reporter_user_id: UUID
    """`reports.reporter_user_id`."""

    target_type: Optional[ReportTargetType]
    """`reports.target_type`."""

    target_id: UUID
    """`reports.target_id`."""

    reason: Optional[ReportReason]
    """`reports.reason`."""

    description: Optional[str]
    """`reports.description`."""

    status: ReportStatus
    """`reports.status`."""

    handled_by: Optional[UUID]
    """`reports.handled_by`."""

    handled_at: Optional[datetime]
    """`reports.handled_at`."""

    created_at: datetime
    """`reports.created_at`."""

    updated_at: datetime
    """`reports.updated_at`."""


@dataclasses.dataclass(frozen=True)
class Notification:
    """`notifications`."""

    id: UUID
    """`notifications.id`."""

    user_id: UUID
    """`notifications.user_id`."""

    kind: NotificationType
    """`notifications.type`."""

    title: str
    """`notifications.title`."""

    message: str
    """`notifications.message`."""

    link: Optional[str]
    """`notifications.link`."""

    is_read: bool
    """`notifications.is_read`."""

    read_at: Optional[datetime]
    """`notifications.read_at`."""

    created_at: datetime
    """`notifications.created_at`."""


@dataclasses.dataclass(frozen=True)
class TutorDateOverride:
    """`tutor_date_overrides` (added by migration 0002): a local date with other hours than the weekly rules, or closed when both times are `None`."""

    id: UUID
    """`tutor_date_overrides.id`."""

    tutor_profile_id: UUID
    """`tutor_date_overrides.tutor_profile_id`."""

    date: date
    """`tutor_date_overrides.date`: the tutor's local date."""

    start_time: Optional[time]
    """`tutor_date_overrides.start_time`."""

    end_time: Optional[time]
    """`tutor_date_overrides.end_time`."""

    created_at: datetime
    """`tutor_date_overrides.created_at`."""


@dataclasses.dataclass(frozen=True)
class PaymentEvent:
    """`payment_events` (added by migration 0002): one row per provider notification applied."""

    id: UUID
    """`payment_events.id`."""

    payment_transaction_id: UUID
    """`payment_events.payment_transaction_id`."""

    dedup_key: str
    """`payment_events.dedup_key`: provider + external id + status."""

    status: PaymentStatus
    """`payment_events.status`."""

    raw_payload: Optional[JsonValue]
    """`payment_events.raw_payload`."""

    created_at: datetime
    """`payment_events.created_at`."""


@dataclasses.dataclass(frozen=True)
class OutboxEvent:
    """`outbox_events` (added by migration 0004): something for the host to deliver (push, email), written in the same transaction as the event it announces."""

    id: UUID
    """`outbox_events.id`."""

    topic: str
    """What happened, e.g. `notification.booking_confirmed`."""

    user_id: Optional[UUID]
    """Who it is for, if a user."""

    payload: JsonValue
    """The event's data (a JSON object)."""

    attempts: int
    """How many times it was claimed."""

    locked_until: Optional[datetime]
    """Claimed by a host until then (at-least-once: reclaimable afterwards)."""

    delivered_at: Optional[datetime]
    """Acknowledged as delivered by the host."""

    created_at: datetime
    """When it was written."""


@dataclasses.dataclass(frozen=True)
class RescheduleProposal:
    """A reschedule proposal held on a booking (the 0002 columns `proposed_start_at`, `proposed_end_at`, `reschedule_requested_by`)."""

    start_at: datetime
    """Proposed start."""

    end_at: datetime
    """Proposed end."""

    requested_by: UUID
    """Who asked."""


@dataclasses.dataclass(frozen=True)
class WithdrawalRequest:
    """`withdrawal_requests` (added by migration 0002): a tutor asks, an admin pays or rejects."""

    id: UUID
    """`withdrawal_requests.id`."""

    wallet_id: UUID
    """`withdrawal_requests.wallet_id`."""

    amount: Decimal
    """`withdrawal_requests.amount`."""

    currency: str
    """`withdrawal_requests.currency`."""

    status: WithdrawalStatus
    """`withdrawal_requests.status`."""

    handled_by: Optional[UUID]
    """`withdrawal_requests.handled_by`."""

    handled_at: Optional[datetime]
    """`withdrawal_requests.handled_at`."""

    reference_id: Optional[str]
    """`withdrawal_requests.reference_id`: the payout's bank reference."""

    note: Optional[str]
    """`withdrawal_requests.note`."""

    created_at: datetime
    """`withdrawal_requests.created_at`."""

    updated_at: datetime
    """`withdrawal_requests.updated_at`."""


ENUMS = (
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
)
RECORDS = (
    User,
    UserAddress,
    TutorProfile,
    SubjectCategory,
    Subject,
    TutorSubject,
    TutorDocument,
    TutorAvailability,
    TutorTimeOff,
    Booking,
    BookingStatusLog,
    PaymentTransaction,
    Wallet,
    LedgerEntry,
    Conversation,
    Message,
    Review,
    ProgressLog,
    Favorite,
    LessonPackage,
    PackagePurchase,
    Report,
    Notification,
    TutorDateOverride,
    PaymentEvent,
    OutboxEvent,
    RescheduleProposal,
    WithdrawalRequest,
)

__all__ = [
    "JsonValue",
    "Role",
    "UserStatus",
    "TeachingMode",
    "VerificationStatus",
    "TutorStatus",
    "Level",
    "DocType",
    "DocumentStatus",
    "LessonMode",
    "LocationType",
    "BookingStatus",
    "CancelledBy",
    "PaymentProvider",
    "PaymentStatus",
    "LedgerEntryType",
    "MessageType",
    "ReviewStatus",
    "PurchaseStatus",
    "ReportTargetType",
    "ReportReason",
    "ReportStatus",
    "NotificationType",
    "WithdrawalStatus",
    "User",
    "UserAddress",
    "TutorProfile",
    "SubjectCategory",
    "Subject",
    "TutorSubject",
    "TutorDocument",
    "TutorAvailability",
    "TutorTimeOff",
    "Booking",
    "BookingStatusLog",
    "PaymentTransaction",
    "Wallet",
    "LedgerEntry",
    "Conversation",
    "Message",
    "Review",
    "ProgressLog",
    "Favorite",
    "LessonPackage",
    "PackagePurchase",
    "Report",
    "Notification",
    "TutorDateOverride",
    "PaymentEvent",
    "OutboxEvent",
    "RescheduleProposal",
    "WithdrawalRequest",
]
