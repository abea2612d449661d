"""A small typed program against the public API; test.sh checks it with `mypy --strict`
and pytest runs it (test_typed_usage.py), so the stubs and the runtime agree."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import List, Optional

import blajarplus


def describe(err: blajarplus.BlajarplusError) -> str:
    field: Optional[str] = None
    if isinstance(err, blajarplus.ValidationError):
        field = err.field
    return f"{err.code}:{err.message}:{field}"


async def fetch_version() -> str:
    version: str = await blajarplus.version_async()
    return version


def blocking(clock: blajarplus.FixedClock) -> blajarplus.User:
    with blajarplus.Marketplace.open("sqlite::memory:", clock=clock) as mp:
        admin: blajarplus.User = mp.bootstrap_admin("Admin", "admin@example.id")
        actor = blajarplus.Actor.admin(admin.id)
        report: blajarplus.LedgerReport = mp.verify_ledger()
        held: Decimal = report.held
        assert held == 0
        return mp.me(actor)


async def awaiting(clock: blajarplus.FixedClock) -> List[blajarplus.Booking]:
    policy = blajarplus.Policy(payment_expiry=timedelta(minutes=10))
    async with await blajarplus.AsyncMarketplace.open(
        "sqlite::memory:", clock=clock, policy=policy
    ) as mp:
        user = await mp.register_user(
            blajarplus.NewUser(
                role=blajarplus.Role.STUDENT,
                full_name="Budi",
                email="b@x.id",
                password="rahasia-budi",
            )
        )
        signed: blajarplus.User = await mp.login("b@x.id", "rahasia-budi")
        page: blajarplus.SearchPage = await mp.search_tutors(blajarplus.TutorSearch(text="mat"))
        inbox: blajarplus.Inbox = await mp.my_conversations(blajarplus.Actor.student(user.id))
        exact: bool = page.total_exact
        assert signed.id == user.id and page.total == 0 and exact and inbox.unread_total == 0
        now: datetime = clock.now()
        return await mp.my_bookings(
            blajarplus.Actor.student(user.id), now, now + timedelta(days=1)
        )


def main() -> str:
    blocking_version: str = blajarplus.version()
    awaited: str = asyncio.run(fetch_version())
    assert blocking_version == awaited == blajarplus.__version__
    clock = blajarplus.FixedClock(datetime(2030, 1, 7, tzinfo=timezone.utc))
    assert blocking(clock).role is blajarplus.Role.ADMIN
    assert asyncio.run(awaiting(clock)) == []
    try:
        raise blajarplus.ValidationError("too short", field="name")
    except blajarplus.BlajarplusError as err:
        return describe(err)


if __name__ == "__main__":
    print(main())
