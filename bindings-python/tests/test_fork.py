"""Pre-fork servers (gunicorn --preload, uWSGI, Celery prefork, multiprocessing "fork").

The parent opens a marketplace and uses it (a published tutor with weekly hours), then:

- forked workers each open a marketplace of their own on the same database and book, check
  out and pay distinct slots: all complete (issue 14: they used to hang forever, the tokio
  runtime inherited from the parent has no threads in the child); the same with "spawn".
  On SQLite the parent closes its marketplace before forking, as it must (SQLite does not
  survive fork()); on PostgreSQL it keeps using it afterwards;
- the parent's marketplace used in a forked child raises ``ConfigError`` at once, and letting
  go of it there (``close()``, garbage collection) leaves the parent's connections working;
  while the parent has SQLite open, the child's SQLite opens are refused, never left to hang;
- a marketplace dropped without ``close()`` is closed in the background, and counted until
  it is;
- a forked child exits at once through ``atexit`` even while the parent has a hand-over to
  asyncio in flight.

Every wait on a child is bounded, so a regression fails instead of hanging the run.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import os
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from multiprocessing.connection import Connection
from typing import Any, Dict, List, Tuple

import pytest

import blajarplus as bp
from blajarplus import _native
from conftest import MIDTRANS_KEY, START, XENDIT_TOKEN, Opener, SyncAsAsync, run
from test_lifecycle import World, midtrans_body, setup_world

# Seconds any wait on a child may take before the test fails (and the children are killed).
TIMEOUT = 120
WORKERS = 4

# Python >= 3.12 warns on every fork of a process that has threads (the runtime's): expected.
pytestmark = pytest.mark.filterwarnings(
    "ignore:This process .* is multi-threaded:DeprecationWarning"
)


@dataclass(frozen=True)
class Job:
    """What one worker books: plain data, so that it also crosses to "spawn" workers."""

    url: str
    surface: str
    index: int
    teaches: uuid.UUID
    start_at: datetime


async def open_own(url: str, surface: str) -> Any:
    """A marketplace opened in this process, through the API under test."""
    options: Dict[str, Any] = {
        "midtrans_server_key": MIDTRANS_KEY,
        "xendit_callback_token": XENDIT_TOKEN,
        "clock": bp.FixedClock(START),
    }
    if surface == "async":
        return await bp.AsyncMarketplace.open(url, **options)
    return SyncAsAsync(bp.Marketplace.open(url, **options))


def call(mp: Any, method: str, *args: Any) -> Any:
    """``mp.method(*args)`` from blocking code, through either API."""

    async def main() -> Any:
        return await getattr(mp, method)(*args)

    return asyncio.run(main())


async def book_and_pay(job: Job) -> Tuple[int, str]:
    mp = await open_own(job.url, job.surface)
    try:
        user = await mp.register_user(
            bp.NewUser(
                role=bp.Role.STUDENT,
                full_name=f"Siswa {job.index}",
                email=f"siswa{job.index}@example.id",
            )
        )
        student = bp.Actor.student(user.id)
        draft = await mp.create_booking(
            student,
            bp.NewBooking(
                tutor_subject_id=job.teaches,
                start_at=job.start_at,
                duration_minutes=60,
                mode=bp.LessonMode.ONLINE,
                meeting_link=f"https://meet.example/worker-{job.index}",
            ),
        )
        checkout = await mp.checkout(student, draft.id, bp.PaymentProvider.MIDTRANS)
        outcome = await mp.handle_midtrans_notification(midtrans_body(checkout.payment))
        assert outcome is bp.PaymentOutcome.APPLIED
        booking = await mp.get_booking(student, draft.id)
        assert booking.status is bp.BookingStatus.CONFIRMED
        return os.getpid(), str(booking.id)
    finally:
        await mp.close()


def worker(job: Job) -> Tuple[int, str]:
    """A pool worker's task: its own marketplace, one lesson booked and paid."""
    result: Tuple[int, str] = run(book_and_pay(job))
    return result


def settle_sqlite(expected: int) -> None:
    """Waits until this process has exactly ``expected`` SQLite marketplaces open or closing:
    earlier tests' garbage, closed in the background, must be gone before a fork."""
    gc.collect()
    deadline = time.monotonic() + 30
    while _native._sqlite_pools() != expected:
        if time.monotonic() > deadline:
            pytest.fail(f"{_native._sqlite_pools()} SQLite marketplaces open, not {expected}")
        time.sleep(0.01)


@pytest.fixture
def world(open_market: Opener) -> World:
    """The parent's marketplace, opened and used: a published tutor with Mon–Fri hours."""
    mp = run(open_market())
    made: World = run(setup_world(mp))
    return made


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_open_their_own_marketplace(
    method: str, world: World, database_url: str, surface: str, open_market: Opener
) -> None:
    mp = world.mp
    sqlite = database_url.startswith("sqlite")
    if sqlite:
        # The rule for SQLite: the parent closes its marketplaces before forking.
        call(mp, "close")
        settle_sqlite(0)
    # One lesson per worker, each on its own day (Mon–Thu, 16:00 in Jakarta).
    jobs = [
        Job(database_url, surface, i, world.teaches.id, START + timedelta(days=i, hours=9))
        for i in range(WORKERS)
    ]
    context = multiprocessing.get_context(method)
    with context.Pool(WORKERS) as pool:  # leaving the block terminates the workers
        pending = pool.map_async(worker, jobs)
        try:
            done = pending.get(timeout=TIMEOUT)
        except multiprocessing.TimeoutError:
            pytest.fail(f"{method}ed workers still busy after {TIMEOUT} s: hung")
    assert os.getpid() not in {pid for pid, _ in done}

    # The parent sees the workers' lessons: on PostgreSQL through the marketplace it opened
    # before forking (its connections untouched by the children), on SQLite a new one.
    if sqlite:
        mp = run(open_market())
    ids = {uuid.UUID(booking) for _, booking in done}
    lessons = call(mp, "my_bookings", world.tutor, START, START + timedelta(days=7))
    assert {b.id for b in lessons} == ids
    assert {b.status for b in lessons} == {bp.BookingStatus.CONFIRMED}
    assert call(mp, "verify_ledger").violations == []
    call(mp, "close")


def use_inherited(
    holder: List[Any], surface: str, url: str, tutor: uuid.UUID, report: Connection
) -> None:
    """In a forked child: the parent's marketplace refuses to work, one of its own works."""
    try:
        report.send(("ok", run(probe_inherited(holder, surface, url, tutor))))
    except BaseException as e:  # report anything; the parent fails the test with it
        report.send(("failed", f"{type(e).__name__}: {e}"))


async def probe_inherited(
    holder: List[Any], surface: str, url: str, tutor: uuid.UUID
) -> Dict[str, Any]:
    inherited = holder.pop()
    week = (tutor, START, START + timedelta(days=7), 60)
    found: Dict[str, Any] = {"pid": os.getpid(), "repr": repr(inherited)}
    started = time.monotonic()
    try:
        if surface == "async":
            await inherited.available_slots(*week)
        else:
            inherited.available_slots(*week)
    except bp.ConfigError as e:
        found["error"] = (type(e).__name__, e.code, str(e))
    found["seconds"] = time.monotonic() - started
    with pytest.raises(bp.ConfigError):
        if surface == "async":
            inherited.to_sync()
        else:
            inherited.to_async()
    with pytest.raises(bp.ConfigError):
        if surface == "async":
            await inherited.__aenter__()
        else:
            inherited.__enter__()
    # close() lets go of this process's copy without touching the parent's connections...
    if surface == "async":
        assert await inherited.close() is None
    else:
        assert inherited.close() is None
    # ...and the marketplace still says why it cannot be used here.
    with pytest.raises(bp.ConfigError):
        if surface == "async":
            await inherited.verify_ledger()
        else:
            inherited.verify_ledger()
    del inherited
    gc.collect()  # dropped here: leaked, never closed (its connections are the parent's)

    if url.startswith("sqlite"):
        # The parent has SQLite open: no SQLite here, whatever the file. Refused at once...
        for other in (url, f"sqlite://{tempfile.mkdtemp()}/other.db", "sqlite::memory:"):
            started = time.monotonic()
            with pytest.raises(bp.ConfigError) as refused:
                await open_own(other, surface)
            found["sqlite_refused"] = (str(refused.value), time.monotonic() - started)
        # ...while the runtime works.
        found["own"] = await bp.version_async() if surface == "async" else bp.version()
    else:
        own = await open_own(url, surface)
        found["own"] = len(await own.available_slots(*week))
        await own.close()
    return found


def test_parents_marketplace_in_a_forked_child(
    world: World, database_url: str, surface: str
) -> None:
    mp = world.mp
    inherited = mp.sync if isinstance(mp, SyncAsAsync) else mp
    week = (world.profile.id, START, START + timedelta(days=7), 60)
    slots = call(mp, "available_slots", *week)
    if database_url.startswith("sqlite"):
        settle_sqlite(1)  # the child must see this marketplace, not earlier tests' garbage
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    # A fork child gets the objects themselves (no pickling); it pops the marketplace from the
    # list so that dropping its last reference there really drops it.
    child = context.Process(
        target=use_inherited, args=([inherited], surface, database_url, world.profile.id, send)
    )
    child.start()
    try:
        if not receive.poll(TIMEOUT):
            pytest.fail(f"the forked child reported nothing in {TIMEOUT} s: hung")
        status, found = receive.recv()
        child.join(TIMEOUT)
        assert child.exitcode == 0
    finally:
        if child.is_alive():
            child.kill()
            child.join()
    assert status == "ok", found

    name, code, message = found["error"]
    assert (name, code) == ("ConfigError", "config")
    assert f"opened in process {os.getpid()}" in message
    assert f"cannot be used in process {found['pid']}" in message
    assert "after the fork" in message
    assert found["seconds"] < 5
    assert f"opened in process {os.getpid()}" in found["repr"]
    if database_url.startswith("sqlite"):
        refusal, seconds = found["sqlite_refused"]
        assert f"process {os.getpid()} had 1 SQLite marketplace(s) open" in refusal
        assert "close() every SQLite marketplace before forking" in refusal
        assert seconds < 5
        assert found["own"] == bp.__version__
    else:
        assert found["own"] == len(slots)

    # The parent's marketplace and its connections are untouched by all that.
    assert call(mp, "available_slots", *week) == slots
    sari = bp.NewUser(role="student", full_name="Sari", email="sari@example.id")
    user = call(mp, "register_user", sari)
    assert call(mp, "me", bp.Actor.student(user.id)).full_name == "Sari"
    assert repr(inherited).startswith(f"<blajarplus.{type(inherited).__name__} on ")
    call(mp, "close")


def test_dropped_marketplace_is_closed_in_the_background(tmp_path: Any) -> None:
    settle_sqlite(0)
    mp = bp.Marketplace.open(f"sqlite://{tmp_path}/dropped.db")
    mp.bootstrap_admin("Admin", "admin@example.id")
    twin = mp.to_async()  # one pool, counted once
    assert _native._sqlite_pools() == 1
    del mp
    assert _native._sqlite_pools() == 1  # the twin keeps the pool open
    del twin
    settle_sqlite(0)  # closed in the background, then no longer counted
    closed = bp.Marketplace.open("sqlite::memory:")
    assert _native._sqlite_pools() == 1
    closed.close()
    assert _native._sqlite_pools() == 0


CHILD_EXITS = textwrap.dedent(
    """
    import asyncio, os, sys, time
    import blajarplus as bp
    from blajarplus import _native

    url = sys.argv[1]
    mp = bp.Marketplace.open(url)
    mp.bootstrap_admin("Admin", "admin@example.id")
    if url.startswith("sqlite"):
        mp.close()  # SQLite: closed before forking
    _native._hold_gate(60)  # a hand-over to asyncio stays in flight in the parent
    pid = os.fork()
    if pid == 0:
        # The child: its own runtime and gate; the parent's marketplace, a global, is left to
        # the interpreter's finalization, and the child exits through atexit as usual.
        try:
            mp.catalog()
        except bp.ConfigError:
            pass
        else:
            raise AssertionError("the parent's marketplace worked in the child")
        own = bp.Marketplace.open(url)
        own.register_user(bp.NewUser(role="student", full_name="Anak", email="anak@example.id"))
        assert asyncio.run(bp.version_async()) == bp.__version__
        sys.exit(0)
    started = time.monotonic()
    _, status = os.waitpid(pid, 0)
    seconds = time.monotonic() - started
    if url.startswith("sqlite"):
        mp = bp.Marketplace.open(url)
    try:  # the child's student is there (on PostgreSQL: through the parent's first pool)
        mp.register_user(bp.NewUser(role="student", full_name="Anak", email="anak@example.id"))
        found = "missing"
    except bp.ConflictError:
        found = "found"
    print(os.waitstatus_to_exitcode(status), seconds, found, flush=True)
    os._exit(0)  # without waiting for the hand-over the parent keeps in flight
    """
)


def test_forked_child_exits_at_once(database_url: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHILD_EXITS, database_url],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert out.returncode == 0, out.stderr
    code, seconds, found = out.stdout.split()
    assert (code, found) == ("0", "found"), out.stderr
    # Waiting for the parent's hand-over would take the atexit hook's full 10 s.
    assert float(seconds) < 5, out.stderr
