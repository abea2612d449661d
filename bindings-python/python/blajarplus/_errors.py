"""Exception hierarchy of Blajarplus.

Every error raised by the library is a :class:`BlajarplusError` with a stable ``code``
(the core error code, ``blajarplus::Error::code``) and a ``message``. A code this package does
not know yet (a newer core) raises the base class carrying that code. Subclasses also derive from the matching builtin
exception where one fits, so ``except LookupError`` or ``except ValueError`` keep working.

The native module raises these through :func:`error_for_code`; keep the table below in step
with ``blajarplus::Error::CODES`` (the tests check it through ``_native._core_error_codes()``).
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Optional, Tuple, Type

__all__ = [
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
    "error_for_code",
]


class BlajarplusError(Exception):
    """Base class of every Blajarplus error.

    Attributes:
        code: stable machine-readable error code, e.g. ``"not_found"``.
        message: human-readable description.
    """

    default_code: ClassVar[str] = "internal"

    code: str
    message: str

    def __init__(self, message: str, *, code: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code if code is not None else self.default_code

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        # Keep the keyword-only arguments across pickling (multiprocessing, Celery, ...).
        return (_rebuild, (type(self), self.message, self.code, getattr(self, "field", None)))


class NotFoundError(BlajarplusError, LookupError):
    """The requested record does not exist (or is not visible to the caller)."""

    default_code = "not_found"


class ValidationError(BlajarplusError, ValueError):
    """An input failed validation (a bad argument, or one of core's rules); nothing was written.

    ``field`` names the offending input, in one spelling for the binding's checks and core's:
    the snake_case name of the argument (``booking``, ``duration_minutes``) or of the innermost
    attribute of an input object (``hourly_rate`` for ``new.hourly_rate``, ``start_time`` for
    ``rules[1].start_time``). A bad argument's message starts with its full path.
    """

    default_code = "validation"

    field: Optional[str]

    def __init__(
        self, message: str, *, code: Optional[str] = None, field: Optional[str] = None
    ) -> None:
        super().__init__(message, code=code)
        self.field = field

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, message={self.message!r}, "
            f"field={self.field!r})"
        )


class ConflictError(BlajarplusError):
    """The operation conflicts with existing state (e.g. an overlapping booking)."""

    default_code = "conflict"


class InvalidTransitionError(BlajarplusError):
    """The record's current state does not allow this transition."""

    default_code = "invalid_transition"


class ForbiddenError(BlajarplusError, PermissionError):
    """The acting user may not perform this operation."""

    default_code = "forbidden"


class UnauthenticatedError(BlajarplusError, PermissionError):
    """Sign-in failed: unknown account or wrong password (deliberately the same answer)."""

    default_code = "unauthenticated"


class PaymentRejectedError(BlajarplusError):
    """The payment provider rejected the payment."""

    default_code = "payment_rejected"


class ConfigError(BlajarplusError):
    """Opening or configuring the store failed (bad URL, migration failure), a payment key is
    not configured, or the marketplace cannot be used any more (after ``close()``, or in a
    process forked from the one that opened it)."""

    default_code = "config"


class DatabaseError(BlajarplusError):
    """The database failed in a way that is not the caller's fault (connection lost, timeout)."""

    default_code = "database"


class InternalError(BlajarplusError):
    """A bug: an invariant of the library itself did not hold."""

    default_code = "internal"


_BY_CODE: Dict[str, Type[BlajarplusError]] = {
    cls.default_code: cls
    for cls in (
        NotFoundError,
        ValidationError,
        ConflictError,
        InvalidTransitionError,
        ForbiddenError,
        UnauthenticatedError,
        PaymentRejectedError,
        ConfigError,
        DatabaseError,
        InternalError,
    )
}


def error_for_code(code: str, message: str, *, field: Optional[str] = None) -> BlajarplusError:
    """Build the exception for a core error code (unknown codes give the base class)."""
    cls = _BY_CODE.get(code, BlajarplusError)
    if cls is ValidationError:
        return ValidationError(message, code=code, field=field)
    return cls(message, code=code)


def _rebuild(
    cls: Type[BlajarplusError], message: str, code: str, field: Optional[str]
) -> BlajarplusError:
    if issubclass(cls, ValidationError):
        return cls(message, code=code, field=field)
    return cls(message, code=code)
