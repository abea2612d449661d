"""The Python side of the bindings benchmark (performance issue §5; see run.sh).

    python bench.py sqlite:///tmp/py.db plan.json [--api sync|async]

Runs the plan's workload through the installed ``blajarplus`` wheel, exactly as
``examples/bindings_bench.rs`` does through the Rust library: the search ``search_calls`` times
in a row (after ``search_warmup`` untimed calls), then every lifecycle of the plan in a row —
register a student, create_booking, checkout (midtrans), apply_payment_update (paid) — the
first ``lifecycle_warmup`` untimed. Prints one JSON line (the same fields as the Rust one),
plus ``bridge``: the cost of crossing alone — ``FixedClock.now()`` (a plain native call, no
runtime), ``version()`` / ``version_async()`` (no database, but they await a zero sleep, one
tokio timer tick: compare with the Rust run's ``sleep_zero_us``) — and of decoding the
search's JSON once more in Python.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from datetime import datetime
from typing import Any, Callable, Dict, List

import blajarplus as bp
from blajarplus import _wire

NS = time.perf_counter_ns


def search_query(plan: Dict[str, Any]) -> bp.TutorSearch:
    s = plan["search"]
    return bp.TutorSearch(subject=s["subject"], sort=s["sort"], limit=s["limit"])


def booking(l: Dict[str, Any]) -> bp.NewBooking:
    return bp.NewBooking(
        tutor_subject_id=l["tutor_subject_id"],
        start_at=datetime.fromisoformat(l["start_at"].replace("Z", "+00:00")),
        duration_minutes=60,
        mode="online",
        meeting_link="https://meet.example/bench",
    )


def paid(p: Any) -> bp.PaymentUpdate:
    return bp.PaymentUpdate(
        provider="midtrans",
        order_id=str(p.id),
        external_id=f"bench-{p.id}",
        status="paid",
        amount=p.amount,
        currency=p.currency,
        payment_method="bank_transfer",
        dedup_key=f"midtrans:paid:tx:bench-{p.id}",
        raw_payload={"order_id": str(p.id)},
    )


def summary(
    api: str,
    calls: int,
    times: List[float],
    search_total: float,
    page: Any,
    life: List[float],
    steps: List[List[float]],
    bridge: Dict[str, float],
) -> Dict[str, Any]:
    return {
        "lang": "python",
        "api": api,
        "search": {
            "calls": calls,
            "p50_us": statistics.median_low(times),
            "mean_us": statistics.fmean(times),
            "total_ms": search_total / 1e6,
            "hits": len(page.items),
            "total": page.total,
            "first": str(page.items[0].tutor_profile_id),
        },
        "lifecycle": {
            "count": len(life),
            "mean_us": statistics.fmean(life),
            "p50_us": statistics.median_low(life),
            "total_ms": sum(life) / 1e3,
            "steps_mean_us": {
                name: statistics.fmean(v)
                for name, v in zip(
                    ("register_user", "create_booking", "checkout", "apply_payment_update"), steps
                )
            },
        },
        "bridge": bridge,
    }


def decode_cost(page: Any) -> float:
    """Microseconds to build the SearchPage from its JSON in Python (what every search result
    goes through after the native module serialized it), median of 200."""
    payload = json.dumps(_to_json(page))
    out = []
    for _ in range(200):
        t = NS()
        _wire.decode("SearchPage", payload)
        out.append((NS() - t) / 1e3)
    return statistics.median_low(out)


def _to_json(v: Any) -> Any:
    import dataclasses
    import enum
    from datetime import date, time as dtime
    from decimal import Decimal
    from uuid import UUID

    if dataclasses.is_dataclass(v):
        return {f.name: _to_json(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, list):
        return [_to_json(x) for x in v]
    if isinstance(v, enum.Enum):
        return v.value
    if isinstance(v, (UUID, Decimal)):
        return str(v)
    if isinstance(v, datetime):
        return v.isoformat().replace("+00:00", "Z")
    if isinstance(v, (date, dtime)):
        return v.isoformat()
    return v


def run_sync(url: str, plan: Dict[str, Any]) -> Dict[str, Any]:
    now = datetime.fromisoformat(plan["now"].replace("Z", "+00:00"))
    m = bp.Marketplace.open(url, clock=bp.FixedClock(now))
    q = search_query(plan)
    for _ in range(plan["search_warmup"]):
        m.search_tutors(q)
    calls = plan["search_calls"]
    times: List[float] = []
    page = None
    start = NS()
    for _ in range(calls):
        t = NS()
        page = m.search_tutors(q)
        times.append((NS() - t) / 1e3)
    search_total = NS() - start

    life: List[float] = []
    steps: List[List[float]] = [[], [], [], []]
    for i, l in enumerate(plan["lifecycles"]):
        t0 = NS()
        student = m.register_user(bp.NewUser(role="student", full_name=l["full_name"], email=l["email"]))
        actor = bp.Actor.student(student.id)
        t1 = NS()
        b = m.create_booking(actor, booking(l))
        t2 = NS()
        p = m.checkout(actor, b.id, "midtrans").payment
        t3 = NS()
        outcome = m.apply_payment_update(paid(p))
        t4 = NS()
        if outcome != bp.PaymentOutcome.APPLIED:
            raise SystemExit(f"payment {p.id} was {outcome}")
        if i >= plan["lifecycle_warmup"]:
            life.append((t4 - t0) / 1e3)
            for k, d in enumerate((t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                steps[k].append(d / 1e3)
    clock = bp.FixedClock(now)
    bridge = {
        "native_call_us": _median(clock.now, 2000),
        "noop_sync_us": _median(lambda: bp.version(), 2000),
        "decode_search_page_us": decode_cost(page),
    }
    m.close()
    return summary("sync (Marketplace)", calls, times, search_total, page, life, steps, bridge)


def _median(f: Callable[[], Any], n: int) -> float:
    out = []
    for _ in range(n):
        t = NS()
        f()
        out.append((NS() - t) / 1e3)
    return statistics.median_low(out)


async def run_async(url: str, plan: Dict[str, Any]) -> Dict[str, Any]:
    now = datetime.fromisoformat(plan["now"].replace("Z", "+00:00"))
    m = await bp.AsyncMarketplace.open(url, clock=bp.FixedClock(now))
    q = search_query(plan)
    for _ in range(plan["search_warmup"]):
        await m.search_tutors(q)
    calls = plan["search_calls"]
    times: List[float] = []
    page = None
    start = NS()
    for _ in range(calls):
        t = NS()
        page = await m.search_tutors(q)
        times.append((NS() - t) / 1e3)
    search_total = NS() - start

    life: List[float] = []
    steps: List[List[float]] = [[], [], [], []]
    for i, l in enumerate(plan["lifecycles"]):
        t0 = NS()
        student = await m.register_user(
            bp.NewUser(role="student", full_name=l["full_name"], email=l["email"])
        )
        actor = bp.Actor.student(student.id)
        t1 = NS()
        b = await m.create_booking(actor, booking(l))
        t2 = NS()
        p = (await m.checkout(actor, b.id, "midtrans")).payment
        t3 = NS()
        outcome = await m.apply_payment_update(paid(p))
        t4 = NS()
        if outcome != bp.PaymentOutcome.APPLIED:
            raise SystemExit(f"payment {p.id} was {outcome}")
        if i >= plan["lifecycle_warmup"]:
            life.append((t4 - t0) / 1e3)
            for k, d in enumerate((t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                steps[k].append(d / 1e3)
    noop = []
    for _ in range(2000):
        t = NS()
        await bp.version_async()
        noop.append((NS() - t) / 1e3)
    bridge = {
        "native_call_us": _median(bp.FixedClock(now).now, 2000),
        "noop_async_us": statistics.median_low(noop),
        "decode_search_page_us": decode_cost(page),
    }
    await m.close()
    return summary("async (AsyncMarketplace)", calls, times, search_total, page, life, steps, bridge)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("plan")
    ap.add_argument("--api", choices=("sync", "async"), default="sync")
    a = ap.parse_args()
    with open(a.plan) as f:
        plan = json.load(f)
    out = run_sync(a.url, plan) if a.api == "sync" else asyncio.run(run_async(a.url, plan))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
