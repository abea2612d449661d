"""Bad input from Python is a ``ValidationError`` (a ``ValueError``) whose ``field`` names the
input and whose message says what was expected, never a crash (the whole table:
test_contract.py); results come back as typed Python values; the GIL and the event loop stay
free while calls wait."""

from __future__ import annotations

import asyncio
import threading
import time as _time
import types
import uuid
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Iterator
from zoneinfo import ZoneInfo

import pytest

import blajarplus as bp
from conftest import START, run


@pytest.fixture
def mp(tmp_path: object) -> Iterator[bp.Marketplace]:
    with bp.Marketplace.open("sqlite::memory:", clock=bp.FixedClock(START)) as market:
        yield market


@pytest.fixture
def admin(mp: bp.Marketplace) -> bp.Actor:
    return bp.Actor.admin(mp.bootstrap_admin("Admin", "admin@example.id").id)


def test_ids(mp: bp.Marketplace, admin: bp.Actor) -> None:
    with pytest.raises(ValueError, match="^booking: not a UUID") as info:
        mp.get_booking(admin, "not-a-uuid")
    assert isinstance(info.value, bp.ValidationError) and info.value.field == "booking"
    with pytest.raises(bp.ValidationError, match="^booking: expected a uuid.UUID or str, got int"):
        mp.get_booking(admin, 42)  # type: ignore[arg-type]
    with pytest.raises(bp.NotFoundError):
        mp.get_booking(admin, str(uuid.uuid4()))


def test_enums(mp: bp.Marketplace, admin: bp.Actor) -> None:
    with pytest.raises(
        bp.ValidationError, match='^provider: unknown value "paypal"; expected one of: midtrans'
    ) as info:
        mp.checkout(admin, uuid.uuid4(), "paypal")
    assert info.value.field == "provider"
    with pytest.raises(bp.ValidationError, match="^actor.role: .*superuser") as info:
        mp.me(bp.Actor(admin.user_id, "superuser"))
    assert info.value.field == "role"
    with pytest.raises(bp.ValidationError, match="^actor.role: expected a blajarplus.Role or str"):
        mp.me(bp.Actor(admin.user_id, 3))  # type: ignore[arg-type]
    # Members and plain strings are the same value.
    assert mp.me(bp.Actor(admin.user_id, "admin")).role is bp.Role.ADMIN
    assert bp.Role("tutor") is bp.Role.TUTOR and str(bp.Role.TUTOR) == "tutor"


def test_money(mp: bp.Marketplace, admin: bp.Actor) -> None:
    tutor = bp.Actor.tutor(
        mp.register_user(bp.NewUser(role="tutor", full_name="R", email="r@example.id")).id
    )
    with pytest.raises(bp.ValidationError, match="^amount: .*got float.*inexact"):
        mp.request_withdrawal(tutor, 1.5)  # type: ignore[arg-type]
    with pytest.raises(bp.ValidationError, match="got bool"):
        mp.request_withdrawal(tutor, True)
    bads: list[bp.Amount] = ["1,5", "NaN", "Infinity", "sNaN", "", "abc", "1e30", Decimal("NaN")]
    for bad in bads:
        with pytest.raises(bp.ValidationError, match="is not a finite decimal number") as info:
            mp.request_withdrawal(tutor, bad)
        assert (info.value.code, info.value.field) == ("validation", "amount")
    with pytest.raises(bp.ValidationError, match="^new.hourly_rate: .*not a finite decimal") as info:
        mp.create_tutor_profile(
            tutor, bp.NewTutorProfile(hourly_rate="lots", teaching_modes=["online"])
        )
    assert info.value.field == "hourly_rate"
    # Core's own rules stay core's: a third decimal place is a ValidationError on the field.
    with pytest.raises(bp.ValidationError) as info:
        mp.request_withdrawal(tutor, Decimal("1.005"))
    assert info.value.field == "amount"
    profile = mp.create_tutor_profile(
        tutor, bp.NewTutorProfile(hourly_rate="150000.50", teaching_modes=["online"])
    )
    assert profile.hourly_rate == Decimal("150000.50")
    assert isinstance(profile.hourly_rate, Decimal)


def test_instants(mp: bp.Marketplace, admin: bp.Actor) -> None:
    naive = datetime(2030, 1, 7, 9, 0)
    with pytest.raises(bp.ValidationError, match="^from_: a naive datetime.*timezone-aware"):
        mp.available_slots(uuid.uuid4(), naive, naive + timedelta(days=1), 60)
    with pytest.raises(bp.ValidationError, match="timezone-aware datetime.datetime, got str"):
        mp.available_slots(uuid.uuid4(), "2030-01-07", START, 60)  # type: ignore[arg-type]
    # Any zone is fine; it is the same instant.
    jakarta = START.astimezone(ZoneInfo("Asia/Jakarta"))
    with pytest.raises(bp.NotFoundError):
        mp.available_slots(uuid.uuid4(), jakarta, jakarta + timedelta(days=1), 60)
    clock = bp.FixedClock(jakarta)
    assert clock.now() == START and clock.now().utcoffset() == timedelta(0)
    clock.advance(timedelta(minutes=90))
    assert clock.now() == START + timedelta(minutes=90)
    with pytest.raises(bp.ValidationError, match="^at: a naive datetime"):
        clock.set(naive)


def test_dates_and_times(mp: bp.Marketplace, admin: bp.Actor) -> None:
    tutor = bp.Actor.tutor(
        mp.register_user(bp.NewUser(role="tutor", full_name="R", email="r@example.id")).id
    )
    mp.create_tutor_profile(tutor, bp.NewTutorProfile(hourly_rate=1000, teaching_modes=["online"]))
    with pytest.raises(bp.ValidationError, match="^date: expected a datetime.date, got a datetime"):
        mp.set_date_override(tutor, START, [])  # a datetime is a date to mypy, not here
    with pytest.raises(bp.ValidationError, match="^hours: expected a list, got str"):
        mp.set_date_override(tutor, date(2030, 1, 8), "09:00-10:00")  # type: ignore[arg-type]
    with pytest.raises(bp.ValidationError, match=r"^hours\[0\]\[0\]: expected a naive") as info:
        mp.set_date_override(tutor, date(2030, 1, 8), [(time(9, tzinfo=timezone.utc), time(12))])
    assert info.value.field == "hours"
    rows = mp.set_date_override(tutor, date(2030, 1, 8), [(time(9), time(12))])
    assert (rows[0].date, rows[0].start_time, rows[0].end_time) == (
        date(2030, 1, 8),
        time(9),
        time(12),
    )


def test_structs(mp: bp.Marketplace) -> None:
    with pytest.raises(bp.ValidationError, match="^new: expected a blajarplus.NewUser, got dict"):
        mp.register_user({"role": "student"})  # type: ignore[arg-type]
    with pytest.raises(bp.ValidationError, match="^new.full_name: is required") as info:
        mp.register_user(bp.NewUser(role="student", full_name=None, email="x@y.id"))  # type: ignore[arg-type]
    assert info.value.field == "full_name"
    with pytest.raises(bp.ValidationError, match="^resolution.refund: .*a split needs a refund"):
        mp.resolve_dispute(
            bp.Actor.admin(uuid.uuid4()), uuid.uuid4(), bp.DisputeResolution("split")
        )
    with pytest.raises(bp.ValidationError, match="body as bytes or str, got int"):
        mp.handle_midtrans_notification(1)  # type: ignore[arg-type]
    # Anything shaped like an input works; an optional attribute may be left out.
    shaped = types.SimpleNamespace(role="student", full_name="Duck", email="duck@example.id")
    assert mp.register_user(shaped).full_name == "Duck"  # type: ignore[arg-type]
    with pytest.raises(bp.ValidationError, match="^new.full_name: is required") as info:
        mp.register_user(types.SimpleNamespace(role="student", email="x@y.id"))  # type: ignore[arg-type]


def test_policy_override() -> None:
    policy = bp.Policy(payment_expiry=timedelta(minutes=5), platform_fee_rate=Decimal("0.2"))
    assert bp.Policy().payment_expiry == timedelta(minutes=30)  # core's default
    assert bp.Policy().lesson_minutes == (30, 240)
    with bp.Marketplace.open("sqlite::memory:", policy=policy) as mp:
        assert "sqlite" in repr(mp)
    with pytest.raises(bp.ValidationError, match="^policy.platform_fee_rate: .*float") as info:
        bp.Marketplace.open("sqlite::memory:", policy=bp.Policy(platform_fee_rate=0.2))  # type: ignore[arg-type]
    assert info.value.field == "platform_fee_rate"


def test_records_are_typed_and_frozen(mp: bp.Marketplace, admin: bp.Actor) -> None:
    user = mp.me(admin)
    assert isinstance(user.id, uuid.UUID)
    assert user.created_at == START and user.created_at.tzinfo == timezone.utc
    assert user.role is bp.Role.ADMIN and user.status is bp.UserStatus.ACTIVE
    assert repr(user).startswith("User(id=UUID(")
    assert not hasattr(user, "password_hash")
    with pytest.raises(AttributeError):
        user.full_name = "x"  # type: ignore[misc]


def test_blocking_calls_release_the_gil() -> None:
    ticks = 0
    done = threading.Event()

    def sleeper() -> None:
        bp._native._sleep(0.3)
        done.set()

    thread = threading.Thread(target=sleeper)
    thread.start()
    while not done.is_set():
        ticks += 1
        _time.sleep(0.001)
    thread.join()
    assert ticks > 20  # the main thread kept running while the other one waited


def test_awaits_keep_the_loop_free_and_cancel() -> None:
    async def main() -> None:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            for _ in range(10):
                ticks += 1
                await asyncio.sleep(0.01)

        await asyncio.gather(bp._native._sleep_async(0.2), ticker())
        assert ticks == 10
        started = _time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(bp._native._sleep_async(30), 0.05)
        assert _time.monotonic() - started < 5

    run(main())


def test_concurrent_calls_on_one_marketplace() -> None:
    async def main() -> None:
        async with await bp.AsyncMarketplace.open("sqlite::memory:") as mp:
            admin = bp.Actor.admin((await mp.bootstrap_admin("A", "a@example.id")).id)
            users = await asyncio.gather(
                *(
                    mp.register_user(
                        bp.NewUser(role="student", full_name=f"S{i}", email=f"s{i}@example.id")
                    )
                    for i in range(30)
                )
            )
            assert len({u.id for u in users}) == 30
            assert (await mp.to_sync().to_async().me(admin)).role is bp.Role.ADMIN

    run(main())
    with bp.Marketplace.open("sqlite::memory:") as mp:
        admin = bp.Actor.admin(mp.bootstrap_admin("A", "a@example.id").id)
        errors: list[BaseException] = []

        def work(i: int) -> None:
            try:
                for j in range(5):
                    mp.register_user(
                        bp.NewUser(role="tutor", full_name="T", email=f"t{i}-{j}@example.id")
                    )
                    mp.me(admin)
            except BaseException as e:  # noqa: BLE001 (reported below)
                errors.append(e)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
