"""The whole lifecycle through the facade: async and sync APIs, SQLite and PostgreSQL.

The story of examples/quickstart.rs: an admin sets up the catalogue, a tutor sets up and
publishes, a student books a slot, Midtrans notifies (forged: refused; signed: applied;
again: duplicate), the lesson happens, the student confirms, the escrow is released, the
ledger is audited. Plus packages (bought with a manual payment, a session drawn for a
booking), cancellation, reschedule, dispute and withdrawals.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import pytest

import blajarplus as bp
from conftest import MIDTRANS_KEY, START, Opener, run


def midtrans_body(payment: bp.PaymentTransaction, *, key: str = MIDTRANS_KEY) -> str:
    """A settlement notification as Midtrans sends it, signed with ``key``."""
    order_id = str(payment.id)
    gross = f"{payment.amount:.2f}"
    signature = hashlib.sha512(f"{order_id}200{gross}{key}".encode()).hexdigest()
    return json.dumps(
        {
            "transaction_status": "settlement",
            "status_code": "200",
            "order_id": order_id,
            "gross_amount": gross,
            "currency": "IDR",
            "payment_type": "bank_transfer",
            "transaction_id": str(uuid.uuid4()),
            "fraud_status": "accept",
            "signature_key": signature,
        }
    )


class World:
    """A published tutor and a student, as the first half of the story leaves them."""

    mp: Any
    admin: bp.Actor
    tutor: bp.Actor
    student: bp.Actor
    profile: bp.TutorProfile
    teaches: bp.TutorSubject


async def setup_world(mp: Any, admin: bp.Actor | None = None) -> World:
    w = World()
    w.mp = mp
    if admin is None:
        admin_user = await mp.bootstrap_admin("Admin Blajarplus", "admin@blajarplus.id")
        assert admin_user.role is bp.Role.ADMIN
        admin = bp.Actor.admin(admin_user.id)
    w.admin = admin
    akademik = await mp.create_category(w.admin, "Akademik")
    math = await mp.create_subject(w.admin, "Matematika", akademik.id)
    assert (math.slug, math.category_id) == ("matematika", akademik.id)

    rina = await mp.register_user(
        bp.NewUser(
            role=bp.Role.TUTOR,
            full_name="Rina Wijaya",
            email="Rina.Wijaya@Example.id",
            phone="0812-3456-7890",
        )
    )
    assert (rina.email, rina.phone) == ("rina.wijaya@example.id", "+6281234567890")
    w.tutor = bp.Actor.tutor(rina.id)
    draft = await mp.create_tutor_profile(
        w.tutor,
        bp.NewTutorProfile(
            headline="Guru Matematika SMA",
            teaching_modes=[bp.TeachingMode.ONLINE, bp.TeachingMode.OFFLINE],
            base_city="Jakarta",
            hourly_rate=Decimal("150000"),
        ),
    )
    assert draft.status is bp.TutorStatus.DRAFT and draft.timezone == "Asia/Jakarta"
    w.teaches = await mp.add_tutor_subject(
        w.tutor,
        bp.NewTutorSubject(
            subject_id=math.id, level=bp.Level.SMA, price_override=Decimal("175000")
        ),
    )
    rules = await mp.set_weekly_availability(
        w.tutor,
        [
            bp.AvailabilityRule(day_of_week=day, start_time=time(16), end_time=time(20))
            for day in range(1, 6)
        ],
    )
    assert [r.day_of_week for r in rules] == [1, 2, 3, 4, 5]
    w.profile = await mp.publish_tutor_profile(w.tutor)
    assert w.profile.status is bp.TutorStatus.ACTIVE

    budi = await mp.register_user(
        bp.NewUser(role="student", full_name="Budi Santoso", email="budi@example.id")
    )
    w.student = bp.Actor.student(str(budi.id))  # ids may be strings too
    return w


async def book(w: World, start: Any, *, duration: int = 60) -> bp.Booking:
    booking: bp.Booking = await w.mp.create_booking(
        w.student,
        bp.NewBooking(
            tutor_subject_id=w.teaches.id,
            start_at=start,
            duration_minutes=duration,
            mode=bp.LessonMode.ONLINE,
            meeting_link="https://meet.example/rina-budi",
        ),
    )
    return booking


async def the_story(open_market: Opener, clock: bp.FixedClock) -> None:
    mp = await open_market()
    w = await setup_world(mp)

    slots = await mp.available_slots(w.profile.id, START, START + timedelta(days=7), 60)
    # Mon–Fri 16:00–20:00 Jakarta = 09:00–13:00 UTC, hourly lessons every 30 minutes.
    assert len(slots) == 5 * 7
    assert slots[0] == bp.Interval(START + timedelta(hours=9), START + timedelta(hours=10))
    assert slots[0].start.tzinfo is not None

    draft = await book(w, slots[0].start)
    assert draft.status is bp.BookingStatus.DRAFT
    assert (draft.price, draft.platform_fee, draft.total_amount) == (
        Decimal("175000"),
        Decimal("26250"),
        Decimal("175000"),
    )
    checkout = await mp.checkout(w.student, draft.id, bp.PaymentProvider.MIDTRANS)
    assert isinstance(checkout, bp.Checkout)
    assert checkout.booking.status is bp.BookingStatus.PENDING_PAYMENT
    assert checkout.payment.status is bp.PaymentStatus.PENDING
    assert checkout.payment.expires_at == START + timedelta(minutes=30)
    # The held slot (plus its buffer) is gone.
    later = await mp.available_slots(w.profile.id, START, START + timedelta(days=1), 60)
    assert slots[0] not in later

    with pytest.raises(bp.PaymentRejectedError) as rejected:
        await mp.handle_midtrans_notification(midtrans_body(checkout.payment, key="forged"))
    assert rejected.value.code == "payment_rejected"
    body = midtrans_body(checkout.payment)
    assert await mp.handle_midtrans_notification(body) is bp.PaymentOutcome.APPLIED
    assert await mp.handle_midtrans_notification(body.encode()) is bp.PaymentOutcome.DUPLICATE
    booking = await mp.get_booking(w.student, draft.id)
    assert booking.status is bp.BookingStatus.CONFIRMED

    with pytest.raises(bp.InvalidTransitionError):
        await mp.confirm_lesson(w.student, booking.id)
    clock.set(booking.end_at + timedelta(minutes=5))
    done = await mp.confirm_lesson(w.student, booking.id)
    assert done.status is bp.BookingStatus.COMPLETED
    assert done.updated_at == booking.end_at + timedelta(minutes=5)

    wallet = await mp.my_wallet(w.tutor)
    assert wallet.balance == Decimal("148750")  # 175000 less the 15% platform fee
    history = await mp.booking_history(w.tutor, booking.id)
    assert [h.to_status for h in history] == [
        bp.BookingStatus.DRAFT,
        bp.BookingStatus.PENDING_PAYMENT,
        bp.BookingStatus.CONFIRMED,
        bp.BookingStatus.COMPLETED,
    ]
    mine = await mp.my_bookings(w.student, START, START + timedelta(days=7))
    assert [b.id for b in mine] == [booking.id]
    report = await mp.verify_ledger()
    assert report.violations == []
    assert (report.held, report.platform, report.escrow) == (
        Decimal("175000"),
        Decimal("26250"),
        Decimal("0"),
    )
    due = await mp.run_due()
    assert isinstance(due, bp.DueReport) and due.completed == 0
    assert (await mp.me(w.student)).full_name == "Budi Santoso"

    # The tutor withdraws part of the earnings; the admin pays it out.
    withdrawal = await mp.request_withdrawal(w.tutor, "100000.50")
    assert withdrawal.status is bp.WithdrawalStatus.REQUESTED
    paid = await mp.mark_withdrawal_paid(w.admin, withdrawal.id, "TRF-1")
    assert (paid.status, paid.reference_id) == (bp.WithdrawalStatus.PAID, "TRF-1")
    assert (await mp.my_wallet(w.tutor)).balance == Decimal("48749.50")
    refused = await mp.reject_withdrawal(
        w.admin, (await mp.request_withdrawal(w.tutor, 1000)).id, "no"
    )
    assert refused.status is bp.WithdrawalStatus.REJECTED
    assert (await mp.verify_ledger()).violations == []


def test_lifecycle(open_market: Opener, clock: bp.FixedClock) -> None:
    run(the_story(open_market, clock))


async def the_other_paths(open_market: Opener, clock: bp.FixedClock) -> None:
    mp = await open_market()
    w = await setup_world(mp)
    tuesday_9 = START + timedelta(days=1, hours=9)

    # Cancel a draft.
    draft = await book(w, tuesday_9)
    cancelled = await mp.cancel_booking(w.student, draft.id, "changed my mind")
    assert (cancelled.status, cancelled.cancelled_by) == (
        bp.BookingStatus.CANCELLED,
        bp.CancelledBy.STUDENT,
    )

    # Reschedule a confirmed lesson (paid by Xendit-free manual payment confirmed by an admin).
    draft = await book(w, tuesday_9)
    checkout = await mp.checkout(w.student, draft.id, "manual")
    assert await mp.confirm_manual_payment(w.admin, checkout.payment.id) is bp.PaymentOutcome.APPLIED
    asked = await mp.request_reschedule(w.tutor, draft.id, tuesday_9 + timedelta(hours=2))
    assert asked.status is bp.BookingStatus.RESCHEDULE_REQUESTED
    moved = await mp.respond_reschedule(w.student, draft.id, True)
    assert (moved.status, moved.start_at) == (
        bp.BookingStatus.CONFIRMED,
        tuesday_9 + timedelta(hours=2),
    )

    # A no-show, disputed by the student, resolved with a split by the admin.
    clock.set(moved.start_at + timedelta(minutes=20))
    no_show = await mp.report_no_show(w.tutor, draft.id)
    assert no_show.status is bp.BookingStatus.NO_SHOW
    disputed = await mp.dispute_booking(w.student, draft.id, "I was there")
    assert disputed.status is bp.BookingStatus.DISPUTED
    resolved = await mp.resolve_dispute(
        w.admin, draft.id, bp.DisputeResolution.split(Decimal("75000")), "half"
    )
    assert resolved.status is bp.BookingStatus.COMPLETED

    # Time-off and a closed day take slots away.
    clock.set(START)
    wednesday = START + timedelta(days=2)
    off = await mp.add_time_off(
        w.tutor, wednesday + timedelta(hours=9), wednesday + timedelta(hours=11), "dentist"
    )
    assert off.reason == "dentist"
    closed = await mp.set_date_override(w.tutor, date(2030, 1, 10), [])
    assert closed[0].start_time is None
    wed_slots = await mp.available_slots(w.profile.id, wednesday, wednesday + timedelta(days=1), 60)
    assert wed_slots[0].start == wednesday + timedelta(hours=11)
    thursday = START + timedelta(days=3)
    assert await mp.available_slots(w.profile.id, thursday, thursday + timedelta(days=1), 60) == []

    # Packages: offered, bought (manual payment), a session drawn for a booking.
    package = await mp.create_package(
        w.tutor,
        bp.NewPackage(
            name="4x Matematika",
            session_count=4,
            session_minutes=60,
            total_price=Decimal("600000"),
            valid_days=60,
        ),
    )
    assert package.is_active and package.session_minutes == 60
    assert [p.id for p in await mp.list_packages(w.student, w.profile.id)] == [package.id]
    bought = await mp.buy_package(w.student, package.id, bp.PaymentProvider.MANUAL)
    assert isinstance(bought, bp.PackageCheckout)
    assert bought.purchase.status is bp.PurchaseStatus.PENDING_PAYMENT
    assert await mp.confirm_manual_payment(w.admin, bought.payment.id) is bp.PaymentOutcome.APPLIED
    [purchase] = await mp.my_purchases(w.student)
    assert purchase.status is bp.PurchaseStatus.ACTIVE
    friday_9 = START + timedelta(days=4, hours=9)
    booked = await mp.book_with_package(w.student, (await book(w, friday_9)).id, purchase.id)
    assert booked.status is bp.BookingStatus.CONFIRMED
    [purchase] = await mp.my_purchases(w.student)
    assert purchase.sessions_remaining == 3
    hidden = await mp.set_package_active(w.tutor, package.id, False)
    assert not hidden.is_active
    assert await mp.list_packages(w.student, w.profile.id) == []
    assert (await mp.verify_ledger()).violations == []


def test_other_paths(open_market: Opener, clock: bp.FixedClock) -> None:
    run(the_other_paths(open_market, clock))
