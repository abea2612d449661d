"""Logging is opt-in: nothing reaches :mod:`logging` before ``enable_logging()``; then each use
case's outcome and SQL statements arrive as records of ``blajarplus.*`` loggers, from the
blocking and the asyncio API, and the password and email never do."""

from __future__ import annotations

import asyncio
import logging
from typing import Iterator

import pytest

import blajarplus as bp

PASSWORD = "Rahasia-Python-5521"
WRONG_PASSWORD = "Salah-Python-1255"
EMAIL = "siti.logging@example.id"


class Records(logging.Handler):
    """Keeps every record it is given."""

    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        taken, self.records = self.records, []
        return taken


@pytest.fixture
def handler() -> Iterator[Records]:
    records = Records()
    logger = logging.getLogger("blajarplus")
    logger.addHandler(records)
    logger.setLevel(logging.DEBUG)
    try:
        yield records
    finally:
        # The rest of the suite runs without forwarding (it would only slow it down).
        bp.disable_logging()
        logger.removeHandler(records)
        logger.setLevel(logging.NOTSET)


def siti(email: str) -> bp.NewUser:
    return bp.NewUser(role=bp.Role.STUDENT, full_name="Siti", email=email, password=PASSWORD)


def test_logging_is_opt_in_and_keeps_secrets(handler: Records) -> None:
    mp = bp.Marketplace.open("sqlite::memory:")
    mp.register_user(siti("before.opt.in@example.id"))
    with pytest.raises(bp.UnauthenticatedError):
        mp.login("before.opt.in@example.id", WRONG_PASSWORD)
    assert handler.take() == [], "records before enable_logging()"

    bp.enable_logging(logging.DEBUG)
    user = mp.register_user(siti(EMAIL))
    with pytest.raises(bp.UnauthenticatedError):
        mp.login(EMAIL, WRONG_PASSWORD)
    assert mp.login(EMAIL, PASSWORD).id == user.id

    async def from_asyncio() -> None:
        amp = await bp.AsyncMarketplace.open("sqlite::memory:")
        with pytest.raises(bp.ValidationError):
            await amp.register_user(siti("siti@@example"))
        await amp.close()

    asyncio.run(from_asyncio())
    records = handler.take()
    text = "\n".join(r.getMessage() for r in records)
    for secret in (PASSWORD, WRONG_PASSWORD, EMAIL, "siti@@example", "$argon2"):
        assert secret not in text, f"{secret!r} was logged"

    def logged(name: str, level: int, *parts: str) -> bool:
        return any(
            r.name == name and r.levelno == level and all(p in r.getMessage() for p in parts)
            for r in records
        )

    # Failures carry their code at WARNING, successes end with a DEBUG "done", both inside
    # the use case's span; statements are DEBUG records of blajarplus.sqlx.query in it.
    outcome = "blajarplus.marketplace"
    assert logged(outcome, logging.WARNING, "login", 'error.code="unauthenticated"'), text
    assert logged(outcome, logging.WARNING, "register_user", 'error.code="validation"'), text
    assert logged(outcome, logging.DEBUG, f"login{{user.id={user.id}}}", "done"), text
    assert logged(outcome, logging.DEBUG, "register_user{user.role=student", "done"), text
    assert logged("blajarplus.sqlx.query", logging.DEBUG, "register_user{", "INSERT INTO users")

    # A higher level filters in Rust; disabling stops everything.
    bp.enable_logging("warning")
    with pytest.raises(bp.UnauthenticatedError):
        mp.login(EMAIL, WRONG_PASSWORD)
    warned = handler.take()
    assert all(r.levelno >= logging.WARNING for r in warned), warned
    assert any("login" in r.getMessage() for r in warned), warned
    bp.disable_logging()
    with pytest.raises(bp.UnauthenticatedError):
        mp.login(EMAIL, WRONG_PASSWORD)
    assert handler.take() == []
    mp.close()


@pytest.mark.parametrize("level", [True, 10.0, None, "LOUD", b"DEBUG"])
def test_a_bad_level_is_a_validation_error(level: object) -> None:
    with pytest.raises(bp.ValidationError) as raised:
        bp.enable_logging(level)  # type: ignore[arg-type]
    assert raised.value.field == "level"
