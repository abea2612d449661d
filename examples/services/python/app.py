"""Reference HTTP service: FastAPI over Blajarplus' asyncio API.

What a real backend wraps around the library, small enough to copy: sign-up and sign-in (the
session token is this host's own), tutor onboarding, search, slots, booking and checkout, and
the Midtrans and Xendit webhooks. Every route converts HTTP to the library's inputs, calls one
facade method and converts its answer back; the library checks the actor and decides.

    pip install -r requirements.txt ../../../bindings-python/dist/blajarplus-*.whl
    MIDTRANS_SERVER_KEY=SB-Mid-server-demo XENDIT_CALLBACK_TOKEN=xnd-demo \\
        uvicorn app:app --port 8000

Configuration (environment): ``BLAJARPLUS_DATABASE_URL`` (default: the SQLite file
``blajarplus-demo.db`` in the working folder; ``postgres://…`` for PostgreSQL),
``MIDTRANS_SERVER_KEY``, ``XENDIT_CALLBACK_TOKEN``. The HTTP API is described in
docs/src/http-services.md; the Node service in ../node speaks the same one.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any
from uuid import UUID

import blajarplus as bp
from fastapi import Depends, FastAPI, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

# ---------------------------------------------------------------------------------------------
# Errors: the library's code decides the HTTP status. One table, for every route.

STATUS = {
    "validation": 422,  # a bad input; `field` names it, nothing was written
    "not_found": 404,  # also what another user's booking looks like, if the library says so
    "forbidden": 403,  # the actor may not do this (e.g. another student's booking)
    "unauthenticated": 401,  # wrong password, or no valid session token
    "conflict": 409,  # e.g. email taken, slot just booked; on a webhook: a concurrent update
    #                   won, and any non-2xx makes the provider send it again
    "invalid_transition": 409,  # the booking cannot make that move now
    # A provider notification refused (forged signature or token, unknown order, other amount):
    # the sender's fault, so 4xx. The library gives one code for all of these on purpose.
    "payment_rejected": 400,
    "config": 500,  # this host's mistake (e.g. no Midtrans server key configured)
    "database": 503,  # transient: 5xx makes a payment provider retry the notification later
    "internal": 500,
}


def error_body(code: str, message: str, field: str | None = None) -> Response:
    return JSON({"code": code, "field": field, "message": message}, STATUS.get(code, 500))


# ---------------------------------------------------------------------------------------------
# JSON out. FastAPI's own encoder turns Decimal into float; money must stay exact, so records
# are written here: Decimal and UUID as strings, instants as ISO 8601, enums as their values.


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, (date, time)):  # datetime is a date
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


class JSON(Response):
    media_type = "application/json"

    def __init__(self, content: Any, status_code: int = 200) -> None:
        super().__init__(json.dumps(content, default=_plain, separators=(",", ":")), status_code)


# ---------------------------------------------------------------------------------------------
# The marketplace: one per process, opened at startup. (Under gunicorn with several workers,
# each worker runs this lifespan after the fork, which is what the library wants.)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    url = os.environ.get("BLAJARPLUS_DATABASE_URL", "sqlite://blajarplus-demo.db")
    async with await bp.AsyncMarketplace.open(
        url,
        midtrans_server_key=os.environ.get("MIDTRANS_SERVER_KEY"),
        xendit_callback_token=os.environ.get("XENDIT_CALLBACK_TOKEN"),
    ) as mp:
        await seed_demo_catalog(mp)
        app.state.mp = mp
        yield


async def seed_demo_catalog(mp: bp.AsyncMarketplace) -> None:
    """A fresh database gets a first admin and three subjects, so tutors have something to
    offer. A real host fills its catalogue from an admin console instead."""
    if (await mp.catalog()).subjects:
        return
    try:
        admin = bp.Actor.admin((await mp.bootstrap_admin("Demo Admin", "admin@example.id")).id)
    except bp.ForbiddenError:
        return  # an admin exists: the catalogue is theirs to fill
    category = await mp.create_category(admin, "Akademik")
    for name in ("Matematika", "Bahasa Inggris", "Fisika"):
        await mp.create_subject(admin, name, category.id)


app = FastAPI(title="Blajarplus reference service", lifespan=lifespan)


@app.exception_handler(bp.BlajarplusError)
async def library_error(request: Request, err: bp.BlajarplusError) -> Response:
    field = getattr(err, "field", None)
    # Python spells the keyword argument `from_`; the query parameter is `from`.
    return error_body(err.code, err.message, field.removesuffix("_") if field else None)


@app.exception_handler(RequestValidationError)
async def request_error(request: Request, err: RequestValidationError) -> Response:
    # FastAPI's own parsing (a body that is not JSON, a field of the wrong type): answered in
    # the same shape as the library's validation errors.
    first = err.errors()[0]
    names = [p for p in first["loc"][1:] if isinstance(p, str)]  # after "body" / "query"
    field = names[-1] if names else None
    return error_body("validation", f"{'.'.join(map(str, first['loc']))}: {first['msg']}", field)


def marketplace(request: Request) -> bp.AsyncMarketplace:
    mp: bp.AsyncMarketplace = request.app.state.mp
    return mp


Mp = Annotated[bp.AsyncMarketplace, Depends(marketplace)]

# ---------------------------------------------------------------------------------------------
# Sessions are the host's business: the library verifies the password at login and takes the
# actor on every call. Here a random bearer token maps to the actor in this process' memory —
# fine for one process; use your session store or signed tokens (JWT) when you run several.

SESSIONS: dict[str, bp.Actor] = {}


def actor(authorization: Annotated[str | None, Header()] = None) -> bp.Actor:
    scheme, _, token = (authorization or "").partition(" ")
    found = SESSIONS.get(token) if scheme.lower() == "bearer" else None
    if found is None:
        raise bp.UnauthenticatedError("sign in first: Authorization: Bearer <token>")
    return found


Me = Annotated[bp.Actor, Depends(actor)]

# ---------------------------------------------------------------------------------------------
# Request bodies. Field types are only what JSON needs converting (instants, local times);
# money is a decimal string, and enums, ids and every rule are checked by the library.


class Registration(BaseModel):
    role: str  # "student" or "tutor"
    full_name: str
    email: str | None = None
    phone: str | None = None
    password: str


class Credentials(BaseModel):
    identifier: str  # email or phone
    password: str


class TutorProfileIn(BaseModel):
    hourly_rate: str
    teaching_modes: list[str]
    headline: str | None = None
    bio: str | None = None
    base_city: str | None = None
    timezone: str | None = None  # IANA name; Asia/Jakarta when absent


class OfferingIn(BaseModel):
    subject_id: str
    level: str
    price_override: str | None = None
    description: str | None = None


class WeeklyHours(BaseModel):
    day_of_week: int  # 0 = Sunday … 6 = Saturday
    start_time: time  # wall-clock time in the tutor's zone, "16:00"
    end_time: time
    slot_duration_minutes: int = 60


class BookingIn(BaseModel):
    tutor_subject_id: str
    start_at: datetime  # with its offset: "2030-01-07T09:00:00Z"
    duration_minutes: int
    mode: str  # "online" or "offline"
    meeting_link: str | None = None
    notes: str | None = None


class CheckoutIn(BaseModel):
    provider: str  # "midtrans" or "xendit"


class CancelIn(BaseModel):
    reason: str | None = None


# ---------------------------------------------------------------------------------------------
# Accounts


@app.post("/auth/register", status_code=201)
async def register(body: Registration, mp: Mp) -> Response:
    user = await mp.register_user(bp.NewUser(**body.model_dump()))
    return JSON(user, 201)


@app.post("/auth/login")
async def login(body: Credentials, mp: Mp) -> Response:
    user = await mp.login(body.identifier, body.password)
    token = secrets.token_urlsafe(32)
    SESSIONS[token] = bp.Actor(user.id, user.role)
    return JSON({"token": token, "user": user})


@app.get("/me")
async def me(mp: Mp, who: Me) -> Response:
    return JSON(await mp.me(who))


# ---------------------------------------------------------------------------------------------
# Catalogue and tutor onboarding (the signed-in tutor's own profile)


@app.get("/catalog")
async def catalog(mp: Mp) -> Response:
    return JSON(await mp.catalog())


@app.post("/tutor/profile", status_code=201)
async def create_profile(body: TutorProfileIn, mp: Mp, who: Me) -> Response:
    return JSON(await mp.create_tutor_profile(who, bp.NewTutorProfile(**body.model_dump())), 201)


@app.post("/tutor/subjects", status_code=201)
async def add_subject(body: OfferingIn, mp: Mp, who: Me) -> Response:
    return JSON(await mp.add_tutor_subject(who, bp.NewTutorSubject(**body.model_dump())), 201)


@app.put("/tutor/availability")
async def set_availability(body: list[WeeklyHours], mp: Mp, who: Me) -> Response:
    rules = [bp.AvailabilityRule(**r.model_dump()) for r in body]
    return JSON(await mp.set_weekly_availability(who, rules))


@app.post("/tutor/publish")
async def publish(mp: Mp, who: Me) -> Response:
    return JSON(await mp.publish_tutor_profile(who))


# ---------------------------------------------------------------------------------------------
# Finding a tutor (public)


@app.get("/tutors")
async def search(
    mp: Mp,
    text: str | None = None,
    subject: str | None = None,
    level: str | None = None,
    city: str | None = None,
    mode: str | None = None,
    min_price: str | None = None,
    max_price: str | None = None,
    sort: str = "relevance",
    limit: int | None = None,
    cursor: str | None = None,
) -> Response:
    query = bp.TutorSearch(
        text=text, subject=subject, level=level, city=city, mode=mode,
        min_price=min_price, max_price=max_price, sort=sort, limit=limit, cursor=cursor,
    )  # fmt: skip
    return JSON(await mp.search_tutors(query))


@app.get("/tutors/{tutor_profile_id}/slots")
async def slots(
    tutor_profile_id: str,
    mp: Mp,
    from_: Annotated[datetime | None, Query(alias="from")] = None,
    to: datetime | None = None,
    duration_minutes: int = 60,
) -> Response:
    start = from_ or datetime.now(timezone.utc)
    end = to or start + timedelta(days=7)
    return JSON(await mp.available_slots(tutor_profile_id, start, end, duration_minutes))


# ---------------------------------------------------------------------------------------------
# Bookings. The library decides who may see or move a booking: another student's booking id
# gets the library's `forbidden` or `not_found`, never the booking.


@app.post("/bookings", status_code=201)
async def create_booking(body: BookingIn, mp: Mp, who: Me) -> Response:
    return JSON(await mp.create_booking(who, bp.NewBooking(**body.model_dump())), 201)


@app.get("/bookings/{booking_id}")
async def get_booking(booking_id: str, mp: Mp, who: Me) -> Response:
    return JSON(await mp.get_booking(who, booking_id))


@app.post("/bookings/{booking_id}/checkout")
async def checkout(booking_id: str, body: CheckoutIn, mp: Mp, who: Me) -> Response:
    # The payment's id is the order id to give Midtrans (Snap) or Xendit (an invoice's
    # external_id), with its amount; creating that transaction at the provider is the host's.
    return JSON(await mp.checkout(who, booking_id, body.provider))


@app.post("/bookings/{booking_id}/cancel")
async def cancel(booking_id: str, body: CancelIn, mp: Mp, who: Me) -> Response:
    return JSON(await mp.cancel_booking(who, booking_id, body.reason))


# ---------------------------------------------------------------------------------------------
# Payment webhooks: the raw body, byte for byte (the signature covers the exact text), and the
# Xendit token header go to the library, which verifies, deduplicates and applies. Every
# outcome — applied, duplicate, ignored, refunded_late — is a 200: the provider stops sending.
# A refusal is an error, answered through STATUS above (payment_rejected → 400).


@app.post("/webhooks/midtrans")
async def midtrans(request: Request, mp: Mp) -> Response:
    outcome = await mp.handle_midtrans_notification(await request.body())
    return JSON({"outcome": outcome})


@app.post("/webhooks/xendit")
async def xendit(
    request: Request, mp: Mp, x_callback_token: Annotated[str | None, Header()] = None
) -> Response:
    outcome = await mp.handle_xendit_callback(await request.body(), x_callback_token)
    return JSON({"outcome": outcome})
