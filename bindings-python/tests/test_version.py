"""The installed wheel exposes the core version, sync and async."""

from __future__ import annotations

import asyncio
import pathlib
import re
import threading

import blajarplus
from blajarplus import _native

REPO = pathlib.Path(__file__).resolve().parents[2]


def _workspace_version() -> str:
    text = (REPO / "Cargo.toml").read_text(encoding="utf-8")
    section = text.split("[workspace.package]", 1)[1]
    match = re.search(r'^version\s*=\s*"([^"]+)"', section, re.MULTILINE)
    assert match, "workspace version not found in Cargo.toml"
    return match.group(1)


def test_tested_package_is_the_installed_wheel() -> None:
    # test.sh runs pytest outside the source tree: the package must come from site-packages.
    assert "site-packages" in pathlib.Path(blajarplus.__file__).parts
    assert pathlib.Path(_native.__file__).suffix in {".so", ".pyd"}


def test_version_matches_core() -> None:
    assert blajarplus.__version__ == _workspace_version()
    assert _native.__version__ == blajarplus.__version__


def test_version_blocking() -> None:
    assert blajarplus.version() == blajarplus.__version__


def test_version_async() -> None:
    assert asyncio.run(blajarplus.version_async()) == blajarplus.__version__


def test_native_async_returns_awaitable() -> None:
    async def main() -> str:
        awaitable = _native.version_async()
        return await awaitable

    assert asyncio.run(main()) == blajarplus.__version__


def test_many_concurrent_awaits() -> None:
    async def main() -> list[str]:
        return await asyncio.gather(*(blajarplus.version_async() for _ in range(200)))

    assert set(asyncio.run(main())) == {blajarplus.__version__}


def test_blocking_calls_from_threads() -> None:
    results: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(50):
            value = blajarplus.version()
            with lock:
                results.append(value)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [blajarplus.__version__] * 200


def test_event_loops_in_sequence() -> None:
    # Each asyncio.run creates a new loop; the shared tokio runtime must serve them all.
    for _ in range(3):
        assert asyncio.run(blajarplus.version_async()) == blajarplus.__version__
