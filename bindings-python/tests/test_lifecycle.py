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
    # Mon–Fri 16:00–20:00 Jakarta = 09:00–13:00 UTC: hourly lessons on the hour (the grid is
    # the lesson length), 4 a day.
    assert len(slots) == 5 * 4
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

    # After the lesson: a review, a chat, a progress log, a favorite, a search.
    review = await mp.write_review(
        w.student, booking.id, bp.NewReview(rating=5, comment="Sabar dan jelas")
    )
    assert review.rating == 5
    rated = await mp.get_tutor_profile(w.student, w.profile.id)
    assert (rated.rating_avg, rated.rating_count) == (Decimal("5"), 1)
    assert [r.id for r in await mp.tutor_reviews(w.profile.id, None, 10)] == [review.id]
    # A moderator hides it (the rating follows), then restores it.
    hidden = await mp.moderate_review(w.admin, review.id, bp.ReviewStatus.HIDDEN, "checking")
    assert hidden.status is bp.ReviewStatus.HIDDEN
    assert (await mp.get_tutor_profile(w.student, w.profile.id)).rating_count == 0
    assert await mp.tutor_reviews(w.profile.id, None, 10) == []
    restored = await mp.moderate_review(w.admin, review.id, "published")
    assert restored.status is bp.ReviewStatus.PUBLISHED
    assert (await mp.get_tutor_profile(w.student, w.profile.id)).rating_count == 1
    budi = await mp.me(w.student)
    chat = await mp.open_conversation(w.student, budi.id, w.profile.id)
    first = await mp.send_message(w.student, chat.id, bp.NewMessage(content="Terima kasih!"))
    answer = await mp.send_message(w.tutor, chat.id, bp.NewMessage(content="Sama-sama"))
    inbox = await mp.my_conversations(w.student)
    assert isinstance(inbox, bp.Inbox) and inbox.unread_total == 1
    assert inbox.conversations[0].conversation.id == chat.id
    history = await mp.message_history(w.student, chat.id, None, 10)
    assert [m.id for m in history] == [answer.id, first.id]
    older = await mp.message_history(
        w.student, chat.id, bp.Cursor(created_at=answer.created_at, id=answer.id), 10
    )
    assert [m.id for m in older] == [first.id]
    assert await mp.mark_conversation_read(w.student, chat.id, answer.id) == 1
    assert (await mp.my_conversations(w.student)).unread_total == 0
    # The tutor blocks the chat: nobody can send until the tutor unblocks it.
    blocked = await mp.block_conversation(w.tutor, chat.id)
    assert blocked.is_blocked and blocked.blocked_by_user_id == w.tutor.user_id
    with pytest.raises(bp.ForbiddenError):
        await mp.send_message(w.student, chat.id, bp.NewMessage(content="Halo?"))
    with pytest.raises(bp.ForbiddenError):
        await mp.unblock_conversation(w.student, chat.id)
    assert not (await mp.unblock_conversation(w.tutor, chat.id)).is_blocked
    log = await mp.write_progress_log(
        w.tutor, booking.id, bp.ProgressNote(summary="Turunan", homework="Latihan 1-10")
    )
    assert [p.id for p in await mp.progress_logs(w.student, budi.id)] == [log.id]
    edited = await mp.update_progress_log(
        w.tutor, log.id, bp.ProgressNote(summary="Turunan", next_plan="Integral")
    )
    assert (edited.homework, edited.next_plan) == (None, "Integral")
    [read] = await mp.progress_logs(w.student, budi.id)
    assert read.next_plan == "Integral"
    favorite = await mp.add_favorite(w.student, w.profile.id)
    assert favorite.tutor_profile_id == w.profile.id
    favorites = await mp.my_favorites(w.student)
    assert [f.tutor_profile_id for f in favorites] == [w.profile.id]
    assert await mp.remove_favorite(w.student, w.profile.id) is True
    assert await mp.remove_favorite(w.student, w.profile.id) is False
    assert await mp.my_favorites(w.student) == []
    # Search by the subject's slug, then by free text.
    by_subject = await mp.search_tutors(bp.TutorSearch(subject="matematika"))
    assert [t.tutor_profile_id for t in by_subject.items] == [w.profile.id]
    found = await mp.search_tutors(bp.TutorSearch(text="guru mat"))
    assert found.total == 1 and found.items[0].tutor_profile_id == w.profile.id
    assert found.total_exact is True  # a small result: exact (core counts exactly up to 1,000)
    assert found.items[0].min_price == Decimal("175000")
    assert (found.items[0].rating_avg, found.items[0].rating_count) == (Decimal("5"), 1)
    none = await mp.search_tutors(bp.TutorSearch(text="fisika"))
    assert none.total == 0 and none.items == []
    with pytest.raises(bp.ValidationError) as bad:
        await mp.search_tutors(bp.TutorSearch(min_rating="5.5"))
    assert bad.value.field == "min_rating"

    # Notifications, and the outbox a delivery worker drains.
    notes = await mp.list_notifications(w.student, None, 50)
    kinds = {n.kind for n in notes}
    assert {bp.NotificationType.PAYMENT_RECEIVED, bp.NotificationType.NEW_MESSAGE} <= kinds
    assert await mp.unread_notification_count(w.student) == len(notes)
    assert await mp.mark_notification_read(w.student, notes[0].id) is True
    assert await mp.mark_all_notifications_read(w.student) == len(notes) - 1
    events = await mp.claim_outbox(100, 60)
    assert events and all(e.topic.startswith("notification.") for e in events)
    assert await mp.ack_outbox([e.id for e in events]) == len(events)
    assert await mp.claim_outbox(100, 60) == []


def test_lifecycle(open_market: Opener, clock: bp.FixedClock) -> None:
    run(the_story(open_market, clock))


async def accounts_and_moderation(open_market: Opener) -> None:
    mp = await open_market()
    w = await setup_world(mp)
    dewi = await mp.register_user(
        bp.NewUser(role="student", full_name="Dewi", email="dewi@example.id", password="rahasia-dewi")
    )
    assert not hasattr(dewi, "password_hash")  # secrets never cross
    assert "rahasia" not in repr(bp.NewUser(role="student", full_name="x", password="rahasia"))
    signed = await mp.login("DEWI@example.id", "rahasia-dewi")
    assert signed.id == dewi.id and signed.last_login_at is not None
    with pytest.raises(bp.UnauthenticatedError) as wrong:
        await mp.login("dewi@example.id", "salah-salah")
    assert isinstance(wrong.value, PermissionError) and wrong.value.code == "unauthenticated"
    d = bp.Actor.student(dewi.id)
    assert await mp.change_password(d, "rahasia-dewi", "baru-sekali") is None
    assert (await mp.login("dewi@example.id", "baru-sekali")).id == dewi.id
    edited = await mp.update_profile(d, bp.ProfileUpdate(full_name="Dewi Lestari", phone="0813 1111 2222"))
    assert (edited.full_name, edited.phone) == ("Dewi Lestari", "+6281311112222")
    home = await mp.add_address(d, bp.NewAddress(city="Bandung", lat="-6.9", lng="107.6", is_primary=True))
    office = await mp.add_address(d, bp.NewAddress(city="Jakarta", is_primary=True))
    listed = await mp.list_addresses(d)
    assert [a.id for a in listed] == [office.id, home.id] and listed[0].is_primary
    moved = await mp.update_address(
        d, home.id, bp.NewAddress(label="Rumah", city="Bandung", district="Coblong")
    )
    assert (moved.label, moved.district, moved.is_primary) == ("Rumah", "Coblong", False)
    primary = await mp.set_primary_address(d, home.id)
    assert primary.is_primary
    await mp.delete_address(d, office.id)
    assert [a.id for a in await mp.list_addresses(d)] == [home.id]

    # Verification: a KTP and a diploma approved make the tutor verified.
    ktp = await mp.submit_document(w.tutor, "ktp", "https://files.example/ktp.jpg")
    diploma = await mp.submit_document(w.tutor, bp.DocType.DIPLOMA, "https://files.example/ijazah.pdf")
    await mp.review_document(w.admin, ktp.id, True)
    await mp.review_document(w.admin, diploma.id, True, "OK")
    assert (await mp.get_tutor_profile(w.admin, w.profile.id)).is_verified
    assert len(await mp.list_documents(w.tutor, w.profile.id)) == 2
    catalog = await mp.catalog()
    assert [s.slug for s in catalog.subjects] == ["matematika"]
    [akademik] = catalog.categories
    renamed = await mp.update_category(w.admin, akademik.id, "Akademik SMA", True)
    assert renamed.slug == "akademik-sma"
    subject = await mp.update_subject(
        w.admin, catalog.subjects[0].id, "Matematika Wajib", akademik.id, True
    )
    assert (subject.slug, subject.category_id) == ("matematika-wajib", akademik.id)
    assert [s.name for s in (await mp.catalog()).subjects] == ["Matematika Wajib"]

    # The tutor edits the profile and a subject, pauses and comes back.
    profile = await mp.update_tutor_profile(
        w.tutor,
        bp.NewTutorProfile(
            headline="Guru Matematika dan Fisika",
            teaching_modes=["online"],
            base_city="Jakarta",
            hourly_rate="160000",
        ),
    )
    assert (profile.headline, profile.teaching_modes) == (
        "Guru Matematika dan Fisika",
        [bp.TeachingMode.ONLINE],
    )
    paused = await mp.update_tutor_subject(
        w.tutor, w.teaches.id, bp.TutorSubjectUpdate(price_override=200000, is_active=False)
    )
    assert (paused.price_override, paused.is_active) == (Decimal("200000"), False)
    assert await mp.list_tutor_subjects(d, w.profile.id) == []
    assert [t.id for t in await mp.list_tutor_subjects(w.tutor, w.profile.id)] == [w.teaches.id]
    await mp.update_tutor_subject(w.tutor, w.teaches.id, bp.TutorSubjectUpdate(description="SMA"))
    assert [t.description for t in await mp.list_tutor_subjects(d, w.profile.id)] == ["SMA"]
    inactive = await mp.deactivate_tutor_profile(w.tutor)
    assert inactive.status is bp.TutorStatus.INACTIVE
    with pytest.raises(bp.NotFoundError):
        await mp.get_tutor_profile(d, w.profile.id)
    assert (await mp.publish_tutor_profile(w.tutor)).status is bp.TutorStatus.ACTIVE
    assert await mp.rebuild_search_index(w.admin) == 1
    assert (await mp.search_tutors(bp.TutorSearch(text="fisika"))).total == 1

    # A report handled by the admin, then the tutor banned.
    report = await mp.report(
        d, bp.NewReport(target_type="tutor_profile", target_id=w.profile.id, reason="fraud")
    )
    assert [r.id for r in await mp.list_reports(w.admin, "open")] == [report.id]
    handled = await mp.handle_report(w.admin, report.id, bp.ReportStatus.RESOLVED)
    assert handled.handled_by == w.admin.user_id
    banned = await mp.ban_tutor(w.admin, w.profile.id, "fraud confirmed")
    assert banned.status is bp.TutorStatus.BANNED
    assert (await mp.search_tutors(bp.TutorSearch())).total == 0
    suspended = await mp.set_user_status(w.admin, dewi.id, "suspended")
    assert suspended.status is bp.UserStatus.SUSPENDED
    with pytest.raises(bp.ForbiddenError):
        await mp.me(d)
    gone = await mp.delete_user(w.admin, dewi.id)
    assert (gone.status, gone.email, gone.full_name) == (
        bp.UserStatus.DELETED,
        None,
        "Deleted user",
    )

    # Another admin; a student deletes their own account.
    second = await mp.create_admin(w.admin, "Admin Dua", "admin2@example.id")
    assert second.role is bp.Role.ADMIN
    eko = await mp.register_user(bp.NewUser(role="student", full_name="Eko", phone="0812 9999 0000"))
    closed = await mp.delete_account(bp.Actor.student(eko.id))
    assert (closed.status, closed.phone) == (bp.UserStatus.DELETED, None)


def test_accounts_and_moderation(open_market: Opener) -> None:
    run(accounts_and_moderation(open_market))


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
