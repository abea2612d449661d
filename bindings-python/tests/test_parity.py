"""The binding keeps up with core: every facade method on both classes and in the stubs,
enums and records generated from core's current sources, every result kind decodable."""

from __future__ import annotations

import ast
import dataclasses
import pathlib
import subprocess
import sys

import pytest

import blajarplus as bp
from blajarplus import _native, _wire

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]


def listed(flag: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, str(REPO / ".ci" / "facade_methods.py"), flag, "python"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.split()


def facade_methods() -> list[str]:
    """What this binding must expose now: the facade minus bindings-python/parity-pending.txt."""
    names = listed("--binding")
    assert "open" in names and len(names) > 30
    return names


def test_pending_methods_are_really_not_bound() -> None:
    """The pending list is a ratchet: a method bound since must leave it."""
    bound = [
        n
        for n in listed("--pending")
        if callable(getattr(bp.Marketplace, n, None)) or n in stub_methods("Marketplace")
    ]
    assert bound == [], f"bound now: remove {bound} from bindings-python/parity-pending.txt"


def stub_methods(class_name: str) -> set[str]:
    stub = pathlib.Path(_native.__file__).with_name("_native.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return {f.name for f in node.body if isinstance(f, ast.FunctionDef)}
    raise AssertionError(f"class {class_name} missing from _native.pyi")


@pytest.mark.parametrize("cls", [bp.Marketplace, bp.AsyncMarketplace])
def test_every_facade_method_is_bound(cls: type) -> None:
    missing = [name for name in facade_methods() if not callable(getattr(cls, name, None))]
    assert missing == [], f"{cls.__name__} lacks facade methods {missing}: bind them in src/facade.rs"


@pytest.mark.parametrize("cls", ["Marketplace", "AsyncMarketplace"])
def test_every_facade_method_is_in_the_stubs(cls: str) -> None:
    missing = sorted(set(facade_methods()) - stub_methods(cls))
    assert missing == [], f"_native.pyi {cls} lacks {missing}"


def test_sync_and_async_have_the_same_methods() -> None:
    sync = {n for n in dir(bp.Marketplace) if not n.startswith("_")} - {"to_async"}
    asyn = {n for n in dir(bp.AsyncMarketplace) if not n.startswith("_")} - {"to_sync"}
    assert sync == asyn
    assert stub_methods("Marketplace") - {"to_async", "__enter__", "__exit__"} == stub_methods(
        "AsyncMarketplace"
    ) - {"to_sync", "__aenter__", "__aexit__"}


def test_generated_types_match_core() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bindings-python" / "tools" / "gen_types.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_result_kind_has_a_class() -> None:
    kinds = _native._wire_kinds()
    assert "Booking" in kinds and "Checkout" in kinds
    assert sorted(set(kinds) - set(_wire.CLASSES) - set(_wire._PLAIN)) == []
    for kind in kinds:
        assert _wire._decoder_for_kind(f"list[{kind}]")  # every field type is decodable


def test_strict_decoding_refuses_unknown_fields() -> None:
    payload = '{"start": "2030-01-07T09:00:00Z", "end": "2030-01-07T10:00:00Z", "new": 1}'
    with pytest.raises(TypeError, match=r"fields only in core: \['new'\]"):
        _wire.decode("Interval", payload)
    with pytest.raises(TypeError, match="no Python class for core result 'Nope'"):
        _wire.decode("Nope", "{}")


def test_policy_fields_match_core() -> None:
    assert [f.name for f in dataclasses.fields(bp.Policy)] == list(_native._default_policy())


def test_everything_exported_exists() -> None:
    for name in bp.__all__:
        assert hasattr(bp, name), name
