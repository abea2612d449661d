"""The facade's inputs and its results that are not table records.

Inputs mirror core's structs field for field (``blajarplus::marketplace::NewBooking`` is
:class:`NewBooking`); the native module reads them by attribute (any object with the same
attributes will do; an ``Optional`` one may be left out). Ids may be given as ``uuid.UUID`` or
``str``, money as ``decimal.Decimal``, ``int`` or ``str`` (never ``float``), instants as
timezone-aware ``datetime``, enums as members or their string values. Anything else raises
:class:`blajarplus.ValidationError` naming the attribute (``field``), before anything is
written.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import List, Literal, Optional, Tuple, Union
from uuid import UUID

from . import _native
from ._generated import (
    Booking,
    Conversation,
    MessageType,
    ReportReason,
    ReportTargetType,
    Subject,
    SubjectCategory,
    JsonValue,
    PackagePurchase,
    LessonMode,
    Level,
    LocationType,
    PaymentProvider,
    PaymentStatus,
    PaymentTransaction,
    Role,
    TeachingMode,
)

IdLike = Union[UUID, str]
"""An id: a ``uuid.UUID`` or its string form."""

Amount = Union[Decimal, int, str]
"""An exact amount: ``decimal.Decimal``, ``int`` or a decimal string, finite. A ``float``
(inexact), a ``bool``, ``NaN``, an infinity or a value beyond about ±7.9e28 raises
``ValidationError``."""

RoleLike = Union[Role, str]

__all__ = [
    "IdLike",
    "Amount",
    "Actor",
    "NewUser",
    "NewTutorProfile",
    "NewTutorSubject",
    "AvailabilityRule",
    "NewBooking",
    "NewPackage",
    "DisputeResolution",
    "PaymentUpdate",
    "Policy",
    "Checkout",
    "PackageCheckout",
    "Interval",
    "DueReport",
    "LedgerReport",
    "PaymentOutcome",
    "NewAddress",
    "ProfileUpdate",
    "NewReport",
    "TutorSubjectUpdate",
    "NewReview",
    "NewMessage",
    "ProgressNote",
    "Cursor",
    "GeoPoint",
    "SearchSort",
    "TutorSearch",
    "FavoriteTutor",
    "Catalog",
    "ConversationSummary",
    "Inbox",
    "TutorSummary",
    "SearchPage",
]


@dataclasses.dataclass(frozen=True)
class Actor:
    """Who is calling: supplied by the host after it authenticated the request."""

    user_id: IdLike
    role: Union[Role, str]

    @classmethod
    def student(cls, user_id: IdLike) -> Actor:
        """A student."""
        return cls(user_id, Role.STUDENT)

    @classmethod
    def tutor(cls, user_id: IdLike) -> Actor:
        """A tutor."""
        return cls(user_id, Role.TUTOR)

    @classmethod
    def admin(cls, user_id: IdLike) -> Actor:
        """An administrator."""
        return cls(user_id, Role.ADMIN)


@dataclasses.dataclass(frozen=True, kw_only=True)
class NewUser:
    """A new account; at least one of email and phone. ``password`` (8–128 characters,
    optional) enables ``login``; it is kept out of ``repr``."""

    role: Union[Role, str]
    full_name: str
    email: Optional[str] = None
    phone: Optional[str] = None
    password: Optional[str] = dataclasses.field(default=None, repr=False)


@dataclasses.dataclass(frozen=True, kw_only=True)
class NewTutorProfile:
    """A new tutor profile (it starts as a draft); ``timezone`` defaults to Asia/Jakarta."""

    hourly_rate: Amount
    teaching_modes: List[Union[TeachingMode, str]]
    headline: Optional[str] = None
    bio: Optional[str] = None
    education: Optional[str] = None
    experience_years: Optional[int] = None
    base_city: Optional[str] = None
    timezone: Optional[str] = None
    intro_video_url: Optional[str] = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class NewTutorSubject:
    """A subject the tutor teaches, at a level; ``price_override`` replaces the hourly rate."""

    subject_id: IdLike
    level: Union[Level, str]
    price_override: Optional[Amount] = None
    description: Optional[str] = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class AvailabilityRule:
    """A weekly availability rule in the tutor's local time (0 = Sunday … 6 = Saturday)."""

    day_of_week: int
    start_time: time
    end_time: time
    slot_duration_minutes: int = 60


@dataclasses.dataclass(frozen=True, kw_only=True)
class NewBooking:
    """What a student asks to book."""

    tutor_subject_id: IdLike
    start_at: datetime
    duration_minutes: int
    mode: Union[LessonMode, str]
    location_type: Optional[Union[LocationType, str]] = None
    location_address: Optional[str] = None
    lat: Optional[Amount] = None
    lng: Optional[Amount] = None
    meeting_link: Optional[str] = None
    notes: Optional[str] = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class NewPackage:
    """A package of sessions a tutor offers (``tutor_subject_id`` None: any of their subjects)."""

    name: str
    session_count: int
    session_minutes: int
    total_price: Amount
    valid_days: int
    tutor_subject_id: Optional[IdLike] = None


@dataclasses.dataclass(frozen=True)
class DisputeResolution:
    """How an admin settles a dispute: :meth:`release`, :meth:`refund` or :meth:`split`."""

    kind: Literal["release", "refund", "split"]
    refund: Optional[Amount] = None

    @classmethod
    def release(cls) -> DisputeResolution:
        """Everything to the tutor and the platform."""
        return cls("release")

    @classmethod
    def full_refund(cls) -> DisputeResolution:
        """Everything back to the student."""
        return cls("refund")

    @classmethod
    def split(cls, refund: Amount) -> DisputeResolution:
        """``refund`` back to the student, the rest divided as for a completed lesson."""
        return cls("split", refund)


@dataclasses.dataclass(frozen=True, kw_only=True)
class PaymentUpdate:
    """A verified provider notification, in provider-neutral terms."""

    provider: Union[PaymentProvider, str]
    order_id: str
    status: Union[PaymentStatus, str]
    amount: Amount
    dedup_key: str
    currency: str = "IDR"
    external_id: Optional[str] = None
    payment_method: Optional[str] = None
    raw_payload: JsonValue = None


_POLICY = _native._default_policy()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Policy:
    """The market's knobs; every default is core's ``Policy::default()``.

    Override some with ``Policy(payment_expiry=timedelta(minutes=15))`` or
    ``dataclasses.replace(policy, ...)`` and pass it to ``Marketplace.open(..., policy=...)``.
    """

    platform_fee_rate: Decimal = _POLICY["platform_fee_rate"]
    student_service_fee_rate: Decimal = _POLICY["student_service_fee_rate"]
    payment_expiry: timedelta = _POLICY["payment_expiry"]
    free_cancellation_window: timedelta = _POLICY["free_cancellation_window"]
    late_cancellation_refund_rate: Decimal = _POLICY["late_cancellation_refund_rate"]
    minimum_notice: timedelta = _POLICY["minimum_notice"]
    booking_horizon: timedelta = _POLICY["booking_horizon"]
    buffer_before: timedelta = _POLICY["buffer_before"]
    buffer_after: timedelta = _POLICY["buffer_after"]
    slot_step: timedelta = _POLICY["slot_step"]
    dispute_window: timedelta = _POLICY["dispute_window"]
    review_window: timedelta = _POLICY["review_window"]
    reminder_lead: timedelta = _POLICY["reminder_lead"]
    refund_to_original_method: bool = _POLICY["refund_to_original_method"]
    lesson_minutes: Tuple[int, int] = _POLICY["lesson_minutes"]


# Results that are not table records.


@dataclasses.dataclass(frozen=True)
class Checkout:
    """A booking sent to payment."""

    booking: Booking
    """The booking, now ``pending_payment`` (its slot held)."""
    payment: PaymentTransaction
    """The payment to make; its id is the order id to give the provider."""


@dataclasses.dataclass(frozen=True)
class PackageCheckout:
    """A package purchase sent to payment."""

    purchase: PackagePurchase
    """The purchase, ``pending_payment``."""
    payment: PaymentTransaction
    """The payment to make; its id is the order id to give the provider."""


@dataclasses.dataclass(frozen=True)
class Interval:
    """A half-open interval of instants ``[start, end)`` (a free slot)."""

    start: datetime
    end: datetime


@dataclasses.dataclass(frozen=True)
class DueReport:
    """What one ``run_due`` did."""

    expired: int
    """Unpaid bookings cancelled because their payment expired (slots freed)."""
    completed: int
    """Bookings completed after the dispute window (escrow released)."""
    reminded: int
    """Lesson reminders written."""
    purchases_cancelled: int
    """Unpaid package purchases cancelled because their payment expired."""
    purchases_expired: int
    """Package purchases expired (their unused sessions refunded)."""
    response_rates_updated: int
    """Tutors whose response rate was recomputed (an inquiry went unanswered past the window)."""
    skipped: int
    """Items skipped because another runner handled them first."""


@dataclasses.dataclass(frozen=True)
class LedgerReport:
    """The ledger audit: empty ``violations`` means every invariant holds."""

    movements: int
    entries: int
    held: Decimal
    """Money that came in through the gateway and has not left."""
    escrow: Decimal
    platform: Decimal
    wallets: Decimal
    violations: List[str]


class PaymentOutcome(str, enum.Enum):
    """What applying a payment notification did."""

    APPLIED = "applied"
    """The payment and its booking moved (e.g. paid: booking confirmed, escrow held)."""
    DUPLICATE = "duplicate"
    """This notification was already applied; nothing changed."""
    IGNORED = "ignored"
    """A stale or backward status; recorded, nothing changed."""
    REFUNDED_LATE = "refunded_late"
    """Money arrived for a booking already cancelled or expired: refunded at once."""

    def __str__(self) -> str:
        return str(self.value)


# Inputs of the accounts, catalogue, moderation, social and search use cases.


@dataclasses.dataclass(frozen=True, kw_only=True)
class NewAddress:
    """An address; ``lat``/``lng`` together, at most 8 decimal places."""

    label: Optional[str] = None
    province: Optional[str] = None
    city: Optional[str] = None
    district: Optional[str] = None
    address_detail: Optional[str] = None
    lat: Optional[Amount] = None
    lng: Optional[Amount] = None
    is_primary: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProfileUpdate:
    """Changes to the actor's account: ``None`` keeps a field, ``""`` clears an optional one."""

    full_name: Optional[str] = None
    email: Optional[str] = None
    phone: Optional[str] = None
    avatar_url: Optional[str] = None
    gender: Optional[str] = None
    birthdate: Optional[date] = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class NewReport:
    """What a user reports."""

    target_type: Union[ReportTargetType, str]
    target_id: IdLike
    reason: Union[ReportReason, str]
    description: Optional[str] = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class TutorSubjectUpdate:
    """Changes to one of the tutor's subjects."""

    price_override: Optional[Amount] = None
    description: Optional[str] = None
    is_active: bool = True


@dataclasses.dataclass(frozen=True, kw_only=True)
class NewReview:
    """A review of a completed lesson: 1–5 stars."""

    rating: int
    comment: Optional[str] = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class NewMessage:
    """A chat message: text needs ``content``, image/file a ``file_url``."""

    message_type: Union[MessageType, str] = "text"
    content: Optional[str] = None
    file_url: Optional[str] = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProgressNote:
    """What a tutor writes after a lesson."""

    summary: Optional[str] = None
    homework: Optional[str] = None
    next_plan: Optional[str] = None
    attachment_url: Optional[str] = None


@dataclasses.dataclass(frozen=True)
class Cursor:
    """A page cursor: the ``created_at`` and ``id`` of the last item seen."""

    created_at: datetime
    id: IdLike


@dataclasses.dataclass(frozen=True)
class GeoPoint:
    """A point on the map (degrees)."""

    lat: float
    lng: float


class SearchSort(str, enum.Enum):
    """How tutor search results are ordered."""

    RELEVANCE = "relevance"
    RATING = "rating"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    MOST_LESSONS = "most_lessons"
    NEWEST = "newest"


@dataclasses.dataclass(frozen=True, kw_only=True)
class TutorSearch:
    """A tutor search: every filter optional; ``cursor`` from the previous page."""

    text: Optional[str] = None
    subject: Optional[str] = None
    level: Optional[Union[Level, str]] = None
    min_price: Optional[Amount] = None
    max_price: Optional[Amount] = None
    city: Optional[str] = None
    min_rating: Optional[Amount] = None
    verified_only: bool = False
    mode: Optional[Union[TeachingMode, str]] = None
    available_from: Optional[datetime] = None
    available_to: Optional[datetime] = None
    lesson_minutes: Optional[int] = None
    near: Optional[GeoPoint] = None
    radius_km: Optional[float] = None
    sort: Union[SearchSort, str] = "relevance"
    limit: Optional[int] = None
    cursor: Optional[str] = None


# Results of those use cases that are not table records.


@dataclasses.dataclass(frozen=True)
class FavoriteTutor:
    """A favorite tutor, as a student's list shows it."""

    tutor_profile_id: UUID
    user_id: UUID
    full_name: str
    avatar_url: Optional[str]
    headline: Optional[str]
    rating_avg: Decimal
    rating_count: int
    hourly_rate: Decimal
    currency: str
    favorited_at: datetime


@dataclasses.dataclass(frozen=True)
class Catalog:
    """The active categories and subjects."""

    categories: List[SubjectCategory]
    subjects: List[Subject]


@dataclasses.dataclass(frozen=True)
class ConversationSummary:
    """A conversation and how many of its messages the actor has not read."""

    conversation: Conversation
    unread: int


@dataclasses.dataclass(frozen=True)
class Inbox:
    """The actor's conversations, most recent first, with unread counts."""

    conversations: List[ConversationSummary]
    unread_total: int


@dataclasses.dataclass(frozen=True)
class TutorSummary:
    """One tutor search result."""

    tutor_profile_id: UUID
    full_name: str
    headline: Optional[str]
    city: Optional[str]
    rating_avg: Decimal
    rating_count: int
    min_price: Decimal
    currency: str
    is_verified: bool
    teaching_modes: List[TeachingMode]
    subjects: List[str]
    completed_lessons: int
    distance_km: Optional[float]


@dataclasses.dataclass(frozen=True)
class SearchPage:
    """A page of tutor search results."""

    items: List[TutorSummary]
    next_cursor: Optional[str]
    total: int
    total_exact: bool
