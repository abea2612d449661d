"""Core error codes map to the Python exception hierarchy (raised from Rust)."""

from __future__ import annotations

import builtins
import pathlib
import pickle
import re
from typing import List, Optional, Tuple, Type

import pytest

import blajarplus
from blajarplus import _native

CASES: List[Tuple[str, Type[blajarplus.BlajarplusError], Optional[Type[Exception]]]] = [
    ("not_found", blajarplus.NotFoundError, LookupError),
    ("validation", blajarplus.ValidationError, ValueError),
    ("conflict", blajarplus.ConflictError, None),
    ("invalid_transition", blajarplus.InvalidTransitionError, None),
    ("forbidden", blajarplus.ForbiddenError, PermissionError),
    ("unauthenticated", blajarplus.UnauthenticatedError, PermissionError),
    ("payment_rejected", blajarplus.PaymentRejectedError, None),
    ("config", blajarplus.ConfigError, None),
    ("database", blajarplus.DatabaseError, None),
    ("internal", blajarplus.InternalError, None),
]


def test_every_core_code_has_its_class() -> None:
    core_codes = _native._core_error_codes()
    assert core_codes, "core exports no error codes"
    assert sorted(core_codes) == sorted(code for code, _, _ in CASES)
    for code in core_codes:
        with pytest.raises(blajarplus.BlajarplusError) as info:
            _native._raise_error(code, "x")
        assert type(info.value).default_code == code


@pytest.mark.parametrize(("code", "cls", "builtin"), CASES)
def test_code_maps_to_class(
    code: str, cls: Type[blajarplus.BlajarplusError], builtin: Optional[Type[Exception]]
) -> None:
    with pytest.raises(cls) as info:
        _native._raise_error(code, f"boom {code}")
    err = info.value
    assert type(err) is cls
    assert isinstance(err, blajarplus.BlajarplusError)
    if builtin is not None:
        assert isinstance(err, builtin)
    assert err.code == code
    assert err.message == f"boom {code}"
    assert str(err) == f"boom {code}"


def test_validation_carries_field() -> None:
    with pytest.raises(blajarplus.ValidationError) as info:
        _native._raise_error("validation", "must be positive", "price")
    assert info.value.field == "price"
    assert info.value.code == "validation"


def test_validation_without_field() -> None:
    with pytest.raises(ValueError) as info:
        _native._raise_error("validation", "bad input")
    assert isinstance(info.value, blajarplus.ValidationError)
    assert info.value.field is None


def test_unknown_code_gives_base_class_with_code() -> None:
    with pytest.raises(blajarplus.BlajarplusError) as info:
        _native._raise_error("brand_new_code", "something new")
    assert type(info.value) is blajarplus.BlajarplusError
    assert info.value.code == "brand_new_code"


def test_classes_have_default_codes() -> None:
    for code, cls, _ in CASES:
        assert cls.default_code == code
        assert cls("x").code == code
    assert blajarplus.BlajarplusError("x").code == "internal"
    assert not issubclass(blajarplus.InternalError, LookupError)


def test_errors_pickle_round_trip() -> None:
    err = blajarplus.ValidationError("bad", field="email")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is blajarplus.ValidationError
    assert (back.code, back.message, back.field) == ("validation", "bad", "email")
    nf = pickle.loads(pickle.dumps(blajarplus.NotFoundError("gone")))
    assert type(nf) is blajarplus.NotFoundError and nf.code == "not_found"


def python_chapter_exception_table() -> List[Tuple[str, str, str]]:
    """The rows (class, code, also a) of the exception table in the book's Python chapter."""
    chapter = pathlib.Path(__file__).resolve().parents[2] / "docs" / "src" / "python.md"
    text = chapter.read_text(encoding="utf-8")
    section = text.split("\n## Errors\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| `(\w+)` \| (`\w+`|—) \|", section, re.MULTILINE)
    return [(cls, code, builtin.strip("`")) for cls, code, builtin in rows]


def test_python_chapter_table_of_exceptions_matches_core() -> None:
    rows = python_chapter_exception_table()
    assert sorted(code for _, code, _ in rows) == sorted(_native._core_error_codes())
    for cls_name, code, builtin in rows:
        cls = getattr(blajarplus, cls_name)
        assert issubclass(cls, blajarplus.BlajarplusError) and cls.default_code == code
        assert (code, cls, None if builtin == "—" else getattr(builtins, builtin)) in CASES
