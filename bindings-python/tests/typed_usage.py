"""A small typed program against the public API; test.sh checks it with `mypy --strict`
and pytest runs it (test_typed_usage.py), so the stubs and the runtime agree."""

from __future__ import annotations

import asyncio
from typing import Optional

import blajarplus


def describe(err: blajarplus.BlajarplusError) -> str:
    field: Optional[str] = None
    if isinstance(err, blajarplus.ValidationError):
        field = err.field
    return f"{err.code}:{err.message}:{field}"


async def fetch_version() -> str:
    version: str = await blajarplus.version_async()
    return version


def main() -> str:
    blocking: str = blajarplus.version()
    awaited: str = asyncio.run(fetch_version())
    assert blocking == awaited == blajarplus.__version__
    try:
        raise blajarplus.ValidationError("too short", field="name")
    except blajarplus.BlajarplusError as err:
        return describe(err)


if __name__ == "__main__":
    print(main())
