"""Quickstart, from Python: the whole story of one lesson on an embedded SQLite database.

A tutor sets up, a student finds a slot and books it, Midtrans notifies the payment, the
lesson happens, the escrow is released, and the ledger is audited. The same story as
examples/quickstart.rs, through the asyncio API (``AsyncMarketplace``); the blocking API
(``Marketplace``) has the same methods without ``await``.

Run it after installing the wheel (see docs/src/python.md, "Build and install"):
    python examples/python/quickstart.py
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import tempfile
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import blajarplus as bp

SERVER_KEY = "SB-Mid-server-quickstart"  # a Midtrans sandbox server key
JAKARTA = ZoneInfo("Asia/Jakarta")


def midtrans_notification(payment: bp.PaymentTransaction, signing_key: str) -> bytes:
    """The body Midtrans would POST for a settled payment (signed as Midtrans signs it)."""
    order_id, gross = str(payment.id), f"{payment.amount:.2f}"
    signature = hashlib.sha512(f"{order_id}200{gross}{signing_key}".encode()).hexdigest()
    return json.dumps(
        {
            "transaction_status": "settlement",
            "status_code": "200",
            "order_id": order_id,
            "gross_amount": gross,
            "currency": "IDR",
            "payment_type": "bank_transfer",
            "transaction_id": "9aed5972-5b6a-401e-894b-a32c91ed1a3a",
            "fraud_status": "accept",
            "signature_key": signature,
        }
    ).encode()


async def story(url: str) -> None:
    # The story runs on its own clock so that "after the lesson" comes without waiting.
    now = datetime.now(timezone.utc).replace(microsecond=0)
    clock = bp.FixedClock(now)
    async with await bp.AsyncMarketplace.open(
        url, midtrans_server_key=SERVER_KEY, clock=clock
    ) as m:
        print(f"Blajarplus {bp.__version__} on {m!r}")

        # An admin sets up the catalogue.
        admin_user = await m.bootstrap_admin("Admin Blajarplus", "admin@blajarplus.id")
        admin = bp.Actor.admin(admin_user.id)
        akademik = await m.create_category(admin, "Akademik")
        math = await m.create_subject(admin, "Matematika", akademik.id)

        # A tutor: profile, subject, weekly hours (Mon–Fri 16:00–20:00 Jakarta), published.
        rina = await m.register_user(
            bp.NewUser(
                role=bp.Role.TUTOR,
                full_name="Rina Wijaya",
                email="Rina.Wijaya@Example.id",
                phone="0812-3456-7890",
            )
        )
        tutor = bp.Actor.tutor(rina.id)
        await m.create_tutor_profile(
            tutor,
            bp.NewTutorProfile(
                headline="Guru Matematika SMA & persiapan UTBK",
                bio="Lulusan Matematika ITB, 6 tahun mengajar kalkulus dan aljabar.",
                teaching_modes=[bp.TeachingMode.ONLINE, bp.TeachingMode.OFFLINE],
                base_city="Jakarta",
                hourly_rate=Decimal("150000"),
            ),
        )
        teaches = await m.add_tutor_subject(
            tutor,
            bp.NewTutorSubject(
                subject_id=math.id,
                level=bp.Level.SMA,
                price_override=Decimal("175000"),
                description="Kalkulus, aljabar, persiapan UTBK",
            ),
        )
        await m.set_weekly_availability(
            tutor,
            [
                bp.AvailabilityRule(day_of_week=day, start_time=time(16), end_time=time(20))
                for day in range(1, 6)
            ],
        )
        profile = await m.publish_tutor_profile(tutor)
        print(
            f"\nTutor    {rina.full_name} <{rina.email}> {rina.phone} · "
            f"{profile.currency} {profile.hourly_rate}/hour · Mon–Fri 16:00–20:00 "
            f"{profile.timezone}"
        )
        print(f"Teaches  {math.name} (SMA) at IDR {teaches.price_override}/hour")

        # A student looks at next week's slots and books the first one.
        budi = await m.register_user(
            bp.NewUser(role=bp.Role.STUDENT, full_name="Budi Santoso", email="budi@example.id")
        )
        student = bp.Actor.student(budi.id)
        slots = await m.available_slots(profile.id, now, now + timedelta(days=7), 60)
        print(f"\nSlots    {len(slots)} free hours this week; first ones:")
        for s in slots[:3]:
            print(f"         {s.start.astimezone(JAKARTA):%a %d %b %H:%M} Jakarta "
                  f"({s.start:%H:%M} UTC)")
        draft = await m.create_booking(
            student,
            bp.NewBooking(
                tutor_subject_id=teaches.id,
                start_at=slots[0].start,
                duration_minutes=60,
                mode=bp.LessonMode.ONLINE,
                meeting_link="https://meet.example/rina-budi",
                notes="Bab limit dan turunan",
            ),
        )
        print(
            f"\nBooking  {draft.id} · {draft.status} · price {draft.price} · platform fee "
            f"{draft.platform_fee} · student pays {draft.currency} {draft.total_amount}"
        )
        checkout = await m.checkout(student, draft.id, bp.PaymentProvider.MIDTRANS)
        payment = checkout.payment
        assert payment.expires_at is not None
        print(
            f"Checkout {checkout.booking.status} · payment {payment.id} of {payment.currency} "
            f"{payment.amount} due by {payment.expires_at:%H:%M} UTC"
        )

        # Midtrans notifies us: a forged copy is refused, the real one is applied, and a
        # second delivery changes nothing.
        try:
            await m.handle_midtrans_notification(midtrans_notification(payment, "forged"))
        except bp.PaymentRejectedError as refused:
            print(f"Midtrans forged notification → {refused.code}: {refused}")
        body = midtrans_notification(payment, SERVER_KEY)
        first = await m.handle_midtrans_notification(body)
        again = await m.handle_midtrans_notification(body)
        booking = await m.get_booking(student, draft.id)
        print(f"Midtrans signed notification → {first}, again → {again}; booking {booking.status}")

        # The lesson happens; the student confirms it; the escrow is released.
        clock.set(booking.end_at + timedelta(minutes=5))
        done = await m.confirm_lesson(student, booking.id)
        print(f"Lesson   {done.status} at {done.updated_at:%Y-%m-%d %H:%M} UTC")

        wallet = await m.my_wallet(tutor)
        print(f"\nTutor wallet balance: {wallet.currency} {wallet.balance}")
        history = await m.booking_history(student, booking.id)
        print("History  " + " → ".join(str(h.to_status) for h in history))
        report = await m.verify_ledger()
        verdict = "OK" if not report.violations else repr(report.violations)
        print(
            f"verify_ledger: {report.movements} movements, {report.entries} entries, held "
            f"{report.held} (escrow {report.escrow}, platform {report.platform}, wallets "
            f"{report.wallets}) → {verdict}"
        )
        assert not report.violations

        # After the lesson: a review, a chat, and the tutor found by search.
        review = await m.write_review(
            student, booking.id, bp.NewReview(rating=5, comment="Penjelasannya jelas!")
        )
        rated = await m.get_tutor_profile(student, profile.id)
        print(f"\nReview   {review.rating}★ → tutor rating {rated.rating_avg} ({rated.rating_count})")
        chat = await m.open_conversation(student, budi.id, profile.id)
        await m.send_message(student, chat.id, bp.NewMessage(content="Terima kasih, Bu!"))
        await m.send_message(tutor, chat.id, bp.NewMessage(content="Sama-sama, Budi."))
        inbox = await m.my_conversations(student)
        print(f"Chat     {inbox.unread_total} unread message(s) for the student")
        found = await m.search_tutors(bp.TutorSearch(text="matematika", sort="rating"))
        for t in found.items:
            print(f"Search   {t.full_name} — {t.rating_avg}★ from {t.currency} {t.min_price}")
        assert found.total == 1


def main() -> None:
    # A temporary SQLite file; "sqlite::memory:" works too, and so does "postgres://…".
    with tempfile.TemporaryDirectory(prefix="blajarplus-quickstart-") as folder:
        asyncio.run(story(f"sqlite://{folder}/quickstart.db"))


if __name__ == "__main__":
    main()
