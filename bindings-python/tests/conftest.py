"""Fixtures: a fresh marketplace per test on SQLite or PostgreSQL, through either API.

PostgreSQL comes from ``BLAJARPLUS_TEST_PG_URL`` (test.sh / .ci/test-all.sh start a throwaway
cluster and set it); each test gets a database of its own. Without the variable the
PostgreSQL tests fail, they never skip.
"""

from __future__ import annotations

import asyncio
import os
import pathlib
import shutil
import subprocess
import tempfile
import uuid
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

import blajarplus

MIDTRANS_KEY = "SB-Mid-server-python-tests"
XENDIT_TOKEN = "xendit-python-tests"
# A Monday, 00:00 UTC (07:00 in Jakarta): the story's "now".
START = datetime(2030, 1, 7, 0, 0, tzinfo=timezone.utc)


def pg_server_url() -> str:
    url = os.environ.get("BLAJARPLUS_TEST_PG_URL")
    if not url:
        pytest.fail(
            "BLAJARPLUS_TEST_PG_URL is not set: the PostgreSQL tests need a server. Run "
            "bindings-python/test.sh (it starts a throwaway cluster) or export "
            "BLAJARPLUS_TEST_PG_URL=postgres://user@host:port/db"
        )
    return url


def _psql() -> str:
    found = shutil.which("psql")
    if found:
        return found
    for candidate in sorted(pathlib.Path("/usr/lib/postgresql").glob("*/bin/psql")):
        return str(candidate)
    pytest.fail("psql not found: needed to create the PostgreSQL test databases")


def fresh_pg_database() -> str:
    """Creates an empty database ``blajarplus_py_<random>`` and returns its URL."""
    server = pg_server_url()
    name = f"blajarplus_py_{uuid.uuid4().hex}"
    subprocess.run(
        [_psql(), server, "-v", "ON_ERROR_STOP=1", "-qc", f"CREATE DATABASE {name}"],
        check=True,
        capture_output=True,
    )
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "postgres":
        yield fresh_pg_database()
    else:
        with tempfile.TemporaryDirectory(prefix="blajarplus-py-") as folder:
            yield f"sqlite://{folder}/test.db"


@pytest.fixture
def clock() -> blajarplus.FixedClock:
    return blajarplus.FixedClock(START)


class SyncAsAsync:
    """The blocking API behind the async API's shape, so one story drives both."""

    def __init__(self, mp: blajarplus.Marketplace) -> None:
        self.sync = mp

    def __getattr__(self, name: str) -> Callable[..., Awaitable[Any]]:
        method = getattr(self.sync, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            return method(*args, **kwargs)

        return call


@pytest.fixture(params=["async", "sync"])
def surface(request: pytest.FixtureRequest) -> str:
    return str(request.param)


Opener = Callable[..., Awaitable[Any]]


@pytest.fixture
def open_market(surface: str, database_url: str, clock: blajarplus.FixedClock) -> Opener:
    """``await open_market(**options)``: a marketplace on this test's database, through the
    API under test (the sync one wrapped in :class:`SyncAsAsync`)."""

    async def opener(**options: Any) -> Any:
        options.setdefault("midtrans_server_key", MIDTRANS_KEY)
        options.setdefault("xendit_callback_token", XENDIT_TOKEN)
        options.setdefault("clock", clock)
        if surface == "async":
            return await blajarplus.AsyncMarketplace.open(database_url, **options)
        return SyncAsAsync(blajarplus.Marketplace.open(database_url, **options))

    return opener


def run(coro: Awaitable[Any]) -> Any:
    async def main() -> Any:
        return await coro

    return asyncio.run(main())
