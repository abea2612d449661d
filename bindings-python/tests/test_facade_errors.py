"""Every error class, raised by a real facade call (InternalError: by a real panic), on
both backends and both APIs."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import timedelta

import pytest

import blajarplus as bp
from conftest import START, Opener, _psql, run
from test_lifecycle import book, setup_world


def drop_table(url: str, table: str) -> None:
    """Drops ``table`` behind the library's back, from another process."""
    if url.startswith("sqlite://"):
        script = "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute(sys.argv[2])"
        command = [sys.executable, "-c", script, url[len("sqlite://") :], f"DROP TABLE {table}"]
    else:
        command = [_psql(), url, "-v", "ON_ERROR_STOP=1", "-qc", f"DROP TABLE {table} CASCADE"]
    subprocess.run(command, check=True, capture_output=True)


async def errors_story(open_market: Opener, database_url: str) -> None:
    mp = await open_market()
    admin = bp.Actor.admin((await mp.bootstrap_admin("Admin", "admin@example.id")).id)

    with pytest.raises(bp.ForbiddenError) as forbidden:
        await mp.bootstrap_admin("Second", "second@example.id")
    assert isinstance(forbidden.value, PermissionError) and forbidden.value.code == "forbidden"

    with pytest.raises(bp.ValidationError) as invalid:
        await mp.register_user(bp.NewUser(role="student", full_name="Budi", email="budi@"))
    assert isinstance(invalid.value, ValueError)
    assert (invalid.value.code, invalid.value.field) == ("validation", "email")

    await mp.register_user(bp.NewUser(role="student", full_name="Andi", email="andi@example.id"))
    with pytest.raises(bp.ConflictError) as conflict:
        await mp.register_user(bp.NewUser(role="tutor", full_name="A", email="ANDI@example.id"))
    assert conflict.value.code == "conflict"

    await mp.register_user(
        bp.NewUser(role="student", full_name="Citra", email="citra@example.id", password="kata-sandi")
    )
    with pytest.raises(bp.UnauthenticatedError) as unauthenticated:
        await mp.login("citra@example.id", "bukan-sandinya")
    assert isinstance(unauthenticated.value, PermissionError)
    assert unauthenticated.value.code == "unauthenticated"

    with pytest.raises(bp.NotFoundError) as missing:
        await mp.get_booking(admin, uuid.uuid4())
    assert isinstance(missing.value, LookupError) and missing.value.code == "not_found"

    w = await setup_world(mp, admin=admin)
    draft = await book(w, START + timedelta(days=1, hours=9))
    await mp.cancel_booking(w.student, draft.id)
    with pytest.raises(bp.InvalidTransitionError) as transition:
        await mp.cancel_booking(w.student, draft.id)
    assert transition.value.code == "invalid_transition"

    with pytest.raises(bp.PaymentRejectedError) as rejected:
        await mp.apply_payment_update(
            bp.PaymentUpdate(
                provider="midtrans",
                order_id=str(uuid.uuid4()),
                status="paid",
                amount=1000,
                dedup_key="x",
            )
        )
    assert rejected.value.code == "payment_rejected"

    with pytest.raises(bp.ConfigError) as config:
        other = await open_market(xendit_callback_token=None)
        await other.handle_xendit_callback(b"{}", "token")
    assert config.value.code == "config"

    # A bad argument is a ValidationError too, with the argument as its field.
    with pytest.raises(bp.ValidationError) as bad_argument:
        await mp.get_booking(admin, "not-a-uuid")
    assert (bad_argument.value.code, bad_argument.value.field) == ("validation", "booking")

    await mp.close()
    with pytest.raises(bp.ConfigError) as closed:
        await mp.me(admin)
    assert closed.value.code == "config" and "closed" in closed.value.message

    # The database failing under the library (a table dropped behind its back).
    broken = await open_market()
    drop_table(database_url, "notifications")
    with pytest.raises(bp.DatabaseError) as database:
        await broken.unread_notification_count(admin)
    assert database.value.code == "database"
    await broken.close()

    raised = {
        e.value.code
        for e in (forbidden, invalid, conflict, unauthenticated, missing, transition, rejected)
    } | {config.value.code, database.value.code}
    # Every core code but `internal` (a panic: test_panic_becomes_internal_error).
    assert raised == set(bp._native._core_error_codes()) - {"internal"}


def test_errors(open_market: Opener, database_url: str) -> None:
    run(errors_story(open_market, database_url))


def test_open_errors() -> None:
    with pytest.raises(bp.ConfigError, match="unsupported database URL"):
        bp.Marketplace.open("mysql://localhost/x")

    async def main() -> None:
        with pytest.raises(bp.ConfigError):
            await bp.AsyncMarketplace.open("postgres://[bad")

    run(main())


def test_panic_becomes_internal_error() -> None:
    with pytest.raises(bp.InternalError, match="panic in blajarplus: boom") as info:
        bp._native._panic("boom")
    assert info.value.code == "internal"

    async def main() -> None:
        with pytest.raises(bp.InternalError, match="panic in blajarplus: bang"):
            await bp._native._panic_async("bang")

    run(main())
    # The interpreter and the runtime are still fine.
    assert bp.version() == bp.__version__
    assert run(bp.version_async()) == bp.__version__
