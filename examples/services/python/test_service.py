"""The reference service over real HTTP: uvicorn runs app.py in a child process on a free
loopback port (port 0; the port is read from uvicorn's log) and httpx drives it, on a fresh
SQLite file and on a fresh PostgreSQL database.

What it checks: a tutor onboards, two students sign up, one finds the tutor, books a slot and
pays it through a signed Midtrans notification, then another through a Xendit callback; a
forged notification is refused with 400 and changes nothing, a replay is answered 200
(`duplicate`); the other student cannot read, pay or cancel the booking (403/404); bad input
is a 422 naming the field; and on PostgreSQL, a webhook that meets a dropped database is a 503
so the provider retries.

Run by examples/services/test.sh (which sets BLAJARPLUS_TEST_PG_URL, a server where this test
may create databases).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

HERE = Path(__file__).resolve().parent
MIDTRANS_KEY = "SB-Mid-server-service-test"
XENDIT_TOKEN = "xnd-callback-service-test"


class Service:
    """A running app.py: its base URL, its process, and its log."""

    def __init__(self, database_url: str, log: Path) -> None:
        env = dict(
            os.environ,
            BLAJARPLUS_DATABASE_URL=database_url,
            MIDTRANS_SERVER_KEY=MIDTRANS_KEY,
            XENDIT_CALLBACK_TOKEN=XENDIT_TOKEN,
        )
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app:app", "--host", "127.0.0.1", "--port", "0"],
            cwd=HERE, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while (found := re.search(r"running on http://127\.0\.0\.1:(\d+)", log.read_text())) is None:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"uvicorn did not start:\n{log.read_text()}")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{found.group(1)}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def psql(admin_url: str, sql: str) -> None:
    env = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")
    subprocess.run(["psql", admin_url, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql], env=env, check=True)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str | None]]:
    """(database URL, PostgreSQL admin URL or None): a fresh database per test."""
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path}/service.db", None
        return
    admin = os.environ.get("BLAJARPLUS_TEST_PG_URL")
    if not admin:
        pytest.fail("BLAJARPLUS_TEST_PG_URL is not set (examples/services/test.sh sets it)")
    name = f"blajarplus_service_py_{uuid.uuid4().hex[:12]}"
    psql(admin, f"CREATE DATABASE {name}")
    yield urlunsplit(urlsplit(admin)._replace(path=f"/{name}")), admin
    psql(admin, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def service(backend: tuple[str, str | None], tmp_path: Path) -> Iterator[Service]:
    s = Service(backend[0], tmp_path / "uvicorn.log")
    yield s
    s.stop()


@pytest.fixture
def http(service: Service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=30) as client:
        yield client


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.request.url}: {response.text}"
    return response.json()


def sign_up(http: httpx.Client, role: str, email: str) -> dict[str, str]:
    """Registers and signs in; returns the Authorization header of the session."""
    ok(http.post("/auth/register", json={
        "role": role, "full_name": email.split("@")[0].title(), "email": email,
        "password": "rahasia-123",
    }), 201)  # fmt: skip
    session = ok(http.post("/auth/login", json={"identifier": email, "password": "rahasia-123"}))
    return {"Authorization": f"Bearer {session['token']}"}


def midtrans_body(payment: dict[str, Any], key: str, transaction_id: str) -> bytes:
    """A settlement notification as Midtrans POSTs it, signed with `key`."""
    gross = f"{Decimal(payment['amount']):.2f}"  # Midtrans sends "175000.00"
    signature = hashlib.sha512(f"{payment['id']}200{gross}{key}".encode()).hexdigest()
    return json.dumps({
        "transaction_status": "settlement", "status_code": "200", "order_id": payment["id"],
        "gross_amount": gross, "currency": "IDR", "payment_type": "bank_transfer",
        "transaction_id": transaction_id, "fraud_status": "accept", "signature_key": signature,
    }).encode()  # fmt: skip


def xendit_body(payment: dict[str, Any]) -> bytes:
    """A paid invoice callback as Xendit POSTs it (authenticated by its header only)."""
    return json.dumps({
        "id": "579c8d61f23fa4ca35e52da4", "external_id": payment["id"], "status": "PAID",
        "amount": int(Decimal(payment["amount"])), "currency": "IDR",  # whole rupiah
        "payment_method": "BANK_TRANSFER", "paid_at": "2030-01-01T00:00:00.000Z",
    }).encode()  # fmt: skip


def test_booking_paid_through_webhooks(
    http: httpx.Client, backend: tuple[str, str | None]
) -> None:
    # A tutor onboards: profile, an offering from the catalogue, weekly hours, published.
    tutor = sign_up(http, "tutor", "rina@example.id")
    math = next(s for s in ok(http.get("/catalog"))["subjects"] if s["name"] == "Matematika")
    profile = ok(http.post("/tutor/profile", headers=tutor, json={
        "hourly_rate": "150000", "teaching_modes": ["online"], "headline": "Guru Matematika SMA",
        "base_city": "Jakarta",
    }), 201)  # fmt: skip
    offering = ok(http.post("/tutor/subjects", headers=tutor, json={
        "subject_id": math["id"], "level": "sma", "price_override": "175000",
    }), 201)  # fmt: skip
    hours = [{"day_of_week": d, "start_time": "06:00", "end_time": "22:00"} for d in range(7)]
    ok(http.put("/tutor/availability", headers=tutor, json=hours))
    assert ok(http.post("/tutor/publish", headers=tutor))["status"] == "active"

    # Two students; Budi finds the tutor and the free hours.
    budi = sign_up(http, "student", "budi@example.id")
    sari = sign_up(http, "student", "sari@example.id")
    found = ok(http.get("/tutors", params={"text": "matematika"}))
    assert [t["tutor_profile_id"] for t in found["items"]] == [profile["id"]]
    assert found["items"][0]["min_price"] == "175000"  # money stays a decimal string
    slots = ok(http.get(f"/tutors/{profile['id']}/slots", params={"duration_minutes": 60}))
    assert slots

    def book(slot: dict[str, str], provider: str) -> tuple[dict[str, Any], dict[str, Any]]:
        draft = ok(http.post("/bookings", headers=budi, json={
            "tutor_subject_id": offering["id"], "start_at": slot["start"],
            "duration_minutes": 60, "mode": "online",
        }), 201)  # fmt: skip
        assert draft["status"] == "draft"
        paying = ok(http.post(f"/bookings/{draft['id']}/checkout", headers=budi,
                              json={"provider": provider}))  # fmt: skip
        assert paying["booking"]["status"] == "pending_payment"
        return paying["booking"], paying["payment"]

    def status(booking: dict[str, Any]) -> str:
        return str(ok(http.get(f"/bookings/{booking['id']}", headers=budi))["status"])

    # Midtrans: forged → 400 and nothing changes; signed → 200 applied; replay → 200 duplicate.
    booking, payment = book(slots[0], "midtrans")
    forged = http.post("/webhooks/midtrans", content=midtrans_body(payment, "guessed", "tx-1"))
    assert forged.status_code == 400, forged.text
    assert forged.json()["code"] == "payment_rejected"
    assert status(booking) == "pending_payment"
    signed = midtrans_body(payment, MIDTRANS_KEY, "tx-1")
    assert ok(http.post("/webhooks/midtrans", content=signed)) == {"outcome": "applied"}
    assert status(booking) == "confirmed"
    assert ok(http.post("/webhooks/midtrans", content=signed)) == {"outcome": "duplicate"}
    assert status(booking) == "confirmed"

    # Xendit: a wrong or missing token → 400; the right one → 200 applied; replay → duplicate.
    # (The slots again: the first booking and the tutor's buffers around it are taken now.)
    slots = ok(http.get(f"/tutors/{profile['id']}/slots", params={"duration_minutes": 60}))
    assert booking["start_at"] not in [s["start"] for s in slots]
    booking2, payment2 = book(slots[0], "xendit")
    body = xendit_body(payment2)
    for headers in ({"x-callback-token": "guessed"}, {}):
        refused = http.post("/webhooks/xendit", content=body, headers=headers)
        assert refused.status_code == 400, refused.text
        assert refused.json()["code"] == "payment_rejected"
    assert status(booking2) == "pending_payment"
    token = {"x-callback-token": XENDIT_TOKEN}
    assert ok(http.post("/webhooks/xendit", content=body, headers=token)) == {"outcome": "applied"}
    assert status(booking2) == "confirmed"
    assert ok(http.post("/webhooks/xendit", content=body, headers=token)) == {"outcome": "duplicate"}

    # IDOR: Sari holds Budi's booking id, and gets nothing from it.
    for attempt in (
        http.get(f"/bookings/{booking['id']}", headers=sari),
        http.post(f"/bookings/{booking2['id']}/checkout", headers=sari, json={"provider": "midtrans"}),
        http.post(f"/bookings/{booking['id']}/cancel", headers=sari, json={}),
    ):  # fmt: skip
        assert attempt.status_code in (403, 404), attempt.text
        assert attempt.json()["code"] in ("forbidden", "not_found")
    assert status(booking) == "confirmed"
    # No session, or a made-up one: 401.
    assert http.get(f"/bookings/{booking['id']}").status_code == 401
    bogus = {"Authorization": "Bearer not-a-session"}
    assert http.get(f"/bookings/{booking['id']}", headers=bogus).status_code == 401

    # Bad input: 422 with the field, from the library and from the HTTP layer alike.
    bad = http.post("/bookings", headers=budi, json={
        "tutor_subject_id": offering["id"], "start_at": slots[1]["start"],
        "duration_minutes": 60, "mode": "teleport",
    })  # fmt: skip
    assert (bad.status_code, bad.json()["code"], bad.json()["field"]) == (422, "validation", "mode")
    naive = http.get(f"/tutors/{profile['id']}/slots", params={"from": "2030-01-07T09:00:00"})
    assert (naive.status_code, naive.json()["field"]) == (422, "from")
    not_json = http.post("/auth/login", content=b"{", headers={"content-type": "application/json"})
    assert (not_json.status_code, not_json.json()["code"]) == (422, "validation")

    # The database goes away (PostgreSQL: dropped under the service): a webhook gets a 5xx, so
    # the provider will deliver it again later.
    url, admin = backend
    if admin is not None:
        psql(admin, f"DROP DATABASE {urlsplit(url).path[1:]} WITH (FORCE)")
        gone = http.post("/webhooks/midtrans", content=signed)
        assert gone.status_code == 503, gone.text
        assert gone.json()["code"] == "database"
