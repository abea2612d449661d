"""Blajarplus: the domain engine of a tutor-student marketplace, from Python.

The heavy lifting happens in the Rust core (``blajarplus._native``); this package adds the
exception hierarchy, the typed records and enums, and the input classes.

Two faces of one facade, with the same method names:

- :class:`Marketplace` blocks (Django, scripts); it releases the GIL while it waits, so other
  Python threads keep running.
- :class:`AsyncMarketplace` returns awaitables (FastAPI and other asyncio hosts); the work runs
  on one shared tokio runtime, never on the event loop.

>>> mp = Marketplace.open("sqlite::memory:")
>>> admin = mp.bootstrap_admin("Admin", "admin@example.id")
>>> admin.role
<Role.ADMIN: 'admin'>

Ids are ``uuid.UUID``, money ``decimal.Decimal``, instants timezone-aware ``datetime`` (naive
ones are refused), enums ``str`` enums. Errors are :class:`BlajarplusError` subclasses with a
stable ``code``; a bad argument of any method raises :class:`ValidationError` (``field``: the
argument or the innermost attribute of an input object) before anything is written, from the
call in :class:`Marketplace`, from the awaitable in :class:`AsyncMarketplace`. After
``close()`` every method raises :class:`ConfigError`.

A marketplace belongs to the process that opened it. Under a pre-fork server (gunicorn,
uWSGI, Celery prefork, ``multiprocessing`` "fork") open one in each process after the fork; one
inherited from the parent raises :class:`ConfigError` in the child. A parent that uses SQLite
must ``close()`` its SQLite marketplaces before forking (SQLite does not survive ``fork()``), or
its children get :class:`ConfigError` when they open SQLite.

Nothing is logged unless the host opts in: :func:`enable_logging` forwards the library's events
(each use case's outcome, SQL statements at ``DEBUG``) to :mod:`logging`, under the logger
``blajarplus``. Passwords, emails, phone numbers, signatures and tokens are never logged.
"""

from __future__ import annotations

import logging

from . import _native
from ._errors import (
    BlajarplusError,
    ConfigError,
    ConflictError,
    DatabaseError,
    ForbiddenError,
    InternalError,
    UnauthenticatedError,
    InvalidTransitionError,
    NotFoundError,
    PaymentRejectedError,
    ValidationError,
)
from ._generated import *  # noqa: F403 (the enums and records, listed in its __all__)
from ._generated import __all__ as _generated_all
from ._native import AsyncMarketplace, FixedClock, Marketplace
from ._types import *  # noqa: F403 (inputs and non-record results, listed in its __all__)
from ._types import __all__ as _types_all

__version__: str = _native.__version__
"""Version of the Blajarplus core library this package was built from."""

__all__ = [
    "__version__",
    "version",
    "version_async",
    "enable_logging",
    "disable_logging",
    "Marketplace",
    "AsyncMarketplace",
    "FixedClock",
    "BlajarplusError",
    "NotFoundError",
    "ValidationError",
    "ConflictError",
    "InvalidTransitionError",
    "ForbiddenError",
    "UnauthenticatedError",
    "PaymentRejectedError",
    "ConfigError",
    "DatabaseError",
    "InternalError",
    *_generated_all,
    *_types_all,
]


def version() -> str:
    """Return the core library version (blocking call)."""
    return _native.version()


async def version_async() -> str:
    """Return the core library version, awaited on the shared runtime."""
    return await _native.version_async()


def enable_logging(level: int | str = logging.INFO) -> None:
    """Forward the library's log events at ``level`` and above to :mod:`logging`.

    ``level`` is a :mod:`logging` level (``logging.DEBUG``) or its name (``"DEBUG"``; also
    ``"TRACE"``, 5). Each event becomes a record of the logger ``blajarplus.<target>``:
    ``blajarplus.marketplace`` for the use cases (``DEBUG`` ``done``, or ``WARNING`` /
    ``ERROR`` ``failed`` with ``error.code``), ``blajarplus.sqlx.query`` for SQL statements
    (``DEBUG``). The message names the use case's span and its ids, e.g.
    ``login{error.code="unauthenticated"}: failed error.code="unauthenticated"``. Calling it
    again changes the level. Raises :class:`ConfigError` when another Rust library in the
    process installed its own ``tracing`` subscriber first.
    """
    _native.enable_logging(level)


def disable_logging() -> None:
    """Stop forwarding the library's log events (:func:`enable_logging` resumes)."""
    _native.disable_logging()
