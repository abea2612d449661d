"""Blajarplus: the domain engine of a tutor-student marketplace, from Python.

The heavy lifting happens in the Rust core (``blajarplus._native``); this package adds the
exception hierarchy and typing. Async functions return awaitables that run on one shared
tokio runtime; blocking functions release the GIL while they wait.

The runtime does not survive ``fork()``: create clients after a pre-fork server forks.
"""

from __future__ import annotations

from . import _native
from ._errors import (
    BlajarplusError,
    ConfigError,
    ConflictError,
    DatabaseError,
    ForbiddenError,
    InternalError,
    InvalidTransitionError,
    NotFoundError,
    PaymentRejectedError,
    ValidationError,
)

__version__: str = _native.__version__
"""Version of the Blajarplus core library this package was built from."""

__all__ = [
    "__version__",
    "version",
    "version_async",
    "BlajarplusError",
    "NotFoundError",
    "ValidationError",
    "ConflictError",
    "InvalidTransitionError",
    "ForbiddenError",
    "PaymentRejectedError",
    "ConfigError",
    "DatabaseError",
    "InternalError",
]


def version() -> str:
    """Return the core library version (blocking call)."""
    return _native.version()


async def version_async() -> str:
    """Return the core library version, awaited on the shared runtime."""
    return await _native.version_async()
