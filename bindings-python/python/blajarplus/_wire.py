"""Decoding of the native module's results: JSON plus a kind, into typed Python objects.

The native module serializes each core result to JSON (ids, decimals and instants as exact
strings) and calls :func:`decode` with the name of the class to build (``"Booking"``,
``"list[Interval]"``). Each field is converted by its annotation, once per class (the
converters are cached): ``UUID``, ``Decimal``, aware ``datetime`` (UTC), ``date``, ``time``,
the ``str`` enums, nested records, lists and optionals.

Decoding is strict: a field the JSON has and the class lacks (core grew) raises, so the
binding never drops data silently.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import json
import typing
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Callable, Dict, Type
from uuid import UUID

from . import _generated, _types

Decoder = Callable[[Any], Any]

CLASSES: Dict[str, Type[Any]] = {
    cls.__name__: cls
    for cls in (
        *_generated.ENUMS,
        *_generated.RECORDS,
        _types.Checkout,
        _types.PackageCheckout,
        _types.Interval,
        _types.DueReport,
        _types.LedgerReport,
        _types.PaymentOutcome,
        _types.FavoriteTutor,
        _types.Catalog,
        _types.ConversationSummary,
        _types.Inbox,
        _types.SearchPage,
        _types.TutorSummary,
    )
}

_PLAIN: Dict[str, Decoder] = {"None": lambda value: None, "bool": bool, "int": int}


def decode(kind: str, payload: str) -> Any:
    """Build the Python value of ``kind`` from its JSON ``payload``."""
    return _decoder_for_kind(kind)(json.loads(payload))


@functools.lru_cache(maxsize=None)
def _decoder_for_kind(kind: str) -> Decoder:
    if kind.startswith("list[") and kind.endswith("]"):
        item = _decoder_for_kind(kind[5:-1])
        return lambda value: [item(v) for v in value]
    if kind in _PLAIN:
        return _PLAIN[kind]
    try:
        cls = CLASSES[kind]
    except KeyError:
        raise TypeError(f"blajarplus: no Python class for core result {kind!r}") from None
    return _decoder_for_type(cls)


def _instant(value: str) -> datetime:
    # RFC 3339 in UTC from core; fromisoformat before 3.11 does not read a trailing "Z".
    return datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)


_SCALARS: Dict[Any, Decoder] = {
    UUID: UUID,
    Decimal: Decimal,
    datetime: _instant,
    date: date.fromisoformat,
    time: time.fromisoformat,
    str: str,
    int: int,
    float: float,
    bool: bool,
    Any: lambda value: value,
}


def _decoder_for_type(tp: Any) -> Decoder:
    if tp in _SCALARS:
        return _SCALARS[tp]
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union and len(args) == 2 and type(None) in args:
        inner = _decoder_for_type(next(a for a in args if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if origin in (list, typing.List):
        item = _decoder_for_type(args[0])
        return lambda value: [item(v) for v in value]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _record_decoder(tp)
    raise TypeError(f"blajarplus: cannot decode values of type {tp!r}")


@functools.lru_cache(maxsize=None)
def _record_decoder(cls: Type[Any]) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = {f.name: _decoder_for_type(hints[f.name]) for f in dataclasses.fields(cls)}

    def build(value: Dict[str, Any]) -> Any:
        if value.keys() != fields.keys():
            extra = sorted(value.keys() - fields.keys())
            missing = sorted(fields.keys() - value.keys())
            raise TypeError(
                f"blajarplus: core's {cls.__name__} does not match the Python class "
                f"(fields only in core: {extra}, only in Python: {missing}); "
                "regenerate with bindings-python/tools/gen_types.py"
            )
        return cls(**{name: fields[name](v) for name, v in value.items()})

    return build
