"""The contract at the edge, as a generated table.

For every facade method (the list of ``.ci/facade_methods.py``), every argument and every
attribute of an input object, as the shipped stubs (``_native.pyi``) and the input dataclasses
annotate them, every bad value of its kind: the call raises ``blajarplus.ValidationError``
(a ``ValueError`` and a ``BlajarplusError``) with ``code == "validation"``, ``field`` the
innermost input named (the attribute, or the argument) and a message that starts with the
input's path (``new.hourly_rate: …``), and writes nothing (every table's rows, read from
another process, are the same before and after). Through the blocking API, and through the
asyncio API, where the call returns an awaitable and awaiting it raises.

The kinds come from the annotations (``IdLike``, ``Amount``, ``int``, the ``str`` enums,
``datetime``, the dataclasses, …): a method or argument whose type has no kind here fails the
test, so a new facade method is covered (or fails) without editing this file.

Core's own checks (a length, a zone name, a decimal with too many places, a range) are the
second table: each names the same input the same way.
"""

from __future__ import annotations

import ast
import asyncio
import dataclasses
import enum
import inspect
import json
import pathlib
import subprocess
import sys
import tempfile
import types
import typing
import uuid
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple

import pytest

import blajarplus as bp
from blajarplus import _generated, _native, _types
from conftest import START, _psql, fresh_pg_database

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]

# Facade methods that take no argument (a new one must be listed here, or take arguments).
NO_ARGUMENTS = {"catalog", "run_due", "verify_ledger"}


# ---- the stubs, read ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Param:
    name: str
    annotation: Any
    keyword_only: bool


def annotation_namespace() -> Dict[str, Any]:
    """The names the stubs' annotations use: typing, datetime, the package's types and the
    stub's own aliases (``_Body``, ``_Provider``)."""
    namespace: Dict[str, Any] = {
        name: getattr(typing, name)
        for name in ("Any", "Awaitable", "Dict", "List", "Optional", "Sequence", "Tuple", "Union")
    }
    namespace.update(date=date, datetime=datetime, time=time, timedelta=timedelta)
    namespace.update(vars(_generated))
    namespace.update(vars(_types))
    namespace.update(FixedClock=bp.FixedClock, Marketplace=bp.Marketplace)
    namespace["AsyncMarketplace"] = bp.AsyncMarketplace
    return namespace


def stub_methods() -> Dict[str, List[Param]]:
    """``Marketplace``'s methods in ``_native.pyi``: their parameters and annotations."""
    stub = pathlib.Path(_native.__file__).with_name("_native.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    namespace = annotation_namespace()
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            namespace[node.targets[0].id] = eval(ast.unparse(node.value), namespace)
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "Marketplace":
            methods: Dict[str, List[Param]] = {}
            for f in node.body:
                if not isinstance(f, ast.FunctionDef):
                    continue
                positional = [a for a in f.args.args if a.arg != "self"]
                params = [(a, False) for a in positional] + [(a, True) for a in f.args.kwonlyargs]
                methods[f.name] = [
                    Param(a.arg, eval(ast.unparse(a.annotation), namespace), kw)
                    for a, kw in params
                    if a.annotation is not None
                ]
            return methods
    raise AssertionError("no class Marketplace in _native.pyi")


def facade_methods() -> List[str]:
    out = subprocess.run(
        [sys.executable, str(REPO / ".ci" / "facade_methods.py"), "--binding", "python", "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    names: List[str] = json.loads(out)
    assert len(names) > 30, "facade_methods.py listed too few methods"
    return names


# ---- the kinds: a valid value and the bad ones ---------------------------------------------------


class RaisingZone(tzinfo):
    """A tzinfo whose ``utcoffset`` raises (a broken zone implementation)."""

    def utcoffset(self, dt: Optional[datetime]) -> timedelta:
        raise RuntimeError("no offset today")

    def tzname(self, dt: Optional[datetime]) -> str:
        return "broken"

    def dst(self, dt: Optional[datetime]) -> Optional[timedelta]:
        return None


def some_uuid() -> uuid.UUID:
    return uuid.uuid4()


LEAVES: Dict[str, Tuple[Callable[[], Any], Callable[[], List[Any]]]] = {
    "id": (
        some_uuid,
        lambda: [
            42,
            True,
            1.5,
            str(uuid.uuid4()).encode(),
            [],
            object(),
            "not-a-uuid",
            "",
            uuid.uuid4().hex[:31],
            f"{uuid.uuid4()}0",
            uuid.uuid4().int,
        ],
    ),
    "decimal": (
        lambda: Decimal("1000"),
        lambda: [
            1.5,
            150000.0,
            True,
            "NaN",
            "-NaN",
            "Infinity",
            "-Infinity",
            "inf",
            "sNaN",
            "",
            "   ",
            "abc",
            "1e30",
            "1,5",
            "12.5.0",
            Decimal("NaN"),
            Decimal("sNaN"),
            Decimal("Infinity"),
            Decimal("-Infinity"),
            Decimal("1e30"),
            10**30,
            Fraction(1, 2),
            b"1000",
            [],
            object(),
        ],
    ),
    "int": (
        lambda: 60,
        lambda: [
            60.5,
            60.0,
            float("nan"),
            float("inf"),
            float("-inf"),
            "60",
            True,
            False,
            Decimal("60"),
            2**63,
            -(2**63) - 1,
            [],
            object(),
        ],
    ),
    "float": (
        lambda: 1.5,
        lambda: [float("nan"), float("inf"), float("-inf"), "1.5", True, 10**400, [], object()],
    ),
    "bool": (lambda: True, lambda: ["yes", "true", 1, 0, 1.0, [], object()]),
    "str": (lambda: "x", lambda: [42, True, 1.5, b"text", [], object(), "lone \ud800 surrogate"]),
    "datetime": (
        lambda: START,
        lambda: [
            datetime(2030, 1, 7, 9, 0),
            START.isoformat(),
            START.date(),
            int(START.timestamp()),
            time(9),
            datetime.max.replace(tzinfo=timezone(timedelta(hours=-14))),
            datetime(2030, 1, 7, tzinfo=RaisingZone()),
            [],
        ],
    ),
    "date": (
        lambda: date(2030, 1, 8),
        lambda: [START, datetime(2030, 1, 8), "2030-01-08", 20300108, time(9), []],
    ),
    "time": (
        lambda: time(9),
        lambda: ["09:00", 900, 9.0, time(9, tzinfo=timezone.utc), START, []],
    ),
    "timedelta": (lambda: timedelta(minutes=30), lambda: [30, 1.5, "30m", START, []]),
    "body": (lambda: b"{}", lambda: [42, 1.5, True, [], {}, object(), "lone \ud800 surrogate"]),
    # A JSON value: None is one (so it is never "required").
    "json": (
        lambda: {"k": "v"},
        lambda: [float("nan"), {"k": float("inf")}, object(), {("t",): 1}, b"bytes", {1, 2}],
    ),
}


@dataclasses.dataclass
class Kind:
    """A kind of value: a valid one, the bad ones, and the values inside (list items, pair
    items, attributes of an input object) with how to put one into a valid whole."""

    name: str
    valid: Callable[[], Any]
    bad: Callable[[], List[Any]]
    # (key, kind, optional): key is an attribute name (str) or an index (int).
    children: Callable[[], List[Tuple[Any, "Kind", bool]]] = lambda: []
    put: Optional[Callable[[Any, Any], Any]] = None  # (key, value) -> a valid whole with it
    missing: Callable[[], List[Tuple[str, Any]]] = lambda: []  # (attribute, whole without it)
    nullable: bool = False  # None is valid (JSON)


@dataclasses.dataclass
class World:
    student: bp.Actor


def kinds(world: World) -> Callable[[Any, str], Tuple[Kind, bool]]:
    """``kind_of(annotation, where)``: the kind of an annotated value, and whether it is
    optional (``Optional[...]``: None is valid and no "required" rows)."""
    cache: Dict[Any, Kind] = {}

    def leaf(name: str) -> Kind:
        valid, bad = LEAVES[name]
        return Kind(name, valid, bad, nullable=name == "json")

    def enum_of(values: List[str], name: str) -> Kind:
        first = values[0]
        return Kind(
            name,
            lambda: first,
            lambda: ["nope", "", first.upper(), f" {first}", 42, True, b"x", [], object()],
        )

    def list_of(element: Kind) -> Kind:
        return Kind(
            f"list[{element.name}]",
            lambda: [element.valid()],
            lambda: ["x", b"x", 42, True, {}, {"k": 1}, object()],
            # The first item is checked with every bad value of its kind.
            children=lambda: [(0, element, False)],
            put=lambda key, value: [value],
        )

    def pair_of(first: Kind, second: Kind) -> Kind:
        def put(key: Any, value: Any) -> Any:
            return (value, second.valid()) if key == 0 else (first.valid(), value)

        return Kind(
            f"tuple[{first.name}, {second.name}]",
            lambda: (first.valid(), second.valid()),
            lambda: [
                "09:00-10:00",
                42,
                (),
                (first.valid(),),
                (first.valid(), second.valid(), second.valid()),
                {},
                object(),
            ],
            children=lambda: [(0, first, False), (1, second, False)],
            put=put,
        )

    def struct_of(cls: Any, where: str) -> Kind:
        hints = typing.get_type_hints(cls)
        fields = [f.name for f in dataclasses.fields(cls)]
        resolved = {name: kind_of(hints[name], f"{where}.{name}") for name in fields}

        def valid() -> Any:
            if cls is bp.Actor:
                return world.student
            if cls is bp.DisputeResolution:
                # A split, so that its refund is read.
                return bp.DisputeResolution.split(Decimal("1000"))
            required = {
                f.name: resolved[f.name][0].valid()
                for f in dataclasses.fields(cls)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            }
            return cls(**required)

        def missing() -> List[Tuple[str, Any]]:
            whole = valid()
            rows = []
            for name in fields:
                kind, optional = resolved[name]
                if optional or kind.nullable:
                    continue  # an optional attribute may be left out
                rest = {n: getattr(whole, n) for n in fields if n != name}
                rows.append((name, types.SimpleNamespace(**rest)))
            return rows

        return Kind(
            cls.__name__,
            valid,
            lambda: [
                42,
                "x",
                True,
                {},
                {name: getattr(valid(), name) for name in fields},
                [],
                object(),
                types.SimpleNamespace(),
            ],
            children=lambda: [(name, *resolved[name]) for name in fields],
            put=lambda key, value: dataclasses.replace(valid(), **{key: value}),
            missing=missing,
        )

    def kind_of(tp: Any, where: str) -> Tuple[Kind, bool]:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is typing.Union and type(None) in args:
            rest = tuple(a for a in args if a is not type(None))
            inner = rest[0] if len(rest) == 1 else typing.Union[rest]
            return kind_of(inner, where)[0], True
        return resolve(tp, origin, args, where), False

    def resolve(tp: Any, origin: Any, args: Tuple[Any, ...], where: str) -> Kind:
        if tp is Any:
            return leaf("json")
        if origin is typing.Union:
            members = set(args)
            if members == {uuid.UUID, str}:
                return leaf("id")
            if members == {Decimal, int, str}:
                return leaf("decimal")
            if members == {bytes, bytearray, str}:
                return leaf("body")
            enums = [a for a in args if isinstance(a, type) and issubclass(a, enum.Enum)]
            if len(enums) == 1 and members == {enums[0], str}:
                return enum_of([m.value for m in enums[0]], enums[0].__name__)
        if origin is typing.Literal:
            return enum_of([str(a) for a in args], "Literal")
        if origin in (list, Sequence):
            return list_of(kind_of(args[0], f"{where}[]")[0])
        if origin is tuple and len(args) == 2:
            return pair_of(kind_of(args[0], f"{where}[0]")[0], kind_of(args[1], f"{where}[1]")[0])
        simple = {
            str: "str",
            int: "int",
            bool: "bool",
            float: "float",
            datetime: "datetime",
            date: "date",
            time: "time",
            timedelta: "timedelta",
            Decimal: "decimal",
        }
        if tp in simple:
            return leaf(simple[tp])
        if tp is bp.FixedClock:
            return Kind(
                "FixedClock",
                lambda: bp.FixedClock(START),
                lambda: ["clock", 42, object(), START, types.SimpleNamespace(now=START)],
            )
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            if tp not in cache:
                cache[tp] = struct_of(tp, where)
            return cache[tp]
        raise AssertionError(f"{where}: no rows for the annotated type {tp!r}; add its kind")

    return kind_of


# ---- the table -----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class BadInput:
    value: Any
    path: str
    field: str
    what: str


def show(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 60 else text[:57] + "..."


def bad_inputs(kind: Kind, optional: bool, path: str, field: str) -> List[BadInput]:
    """Every bad value of an input of ``kind`` at ``path`` (``field``: its innermost name),
    each inside an otherwise valid whole."""
    rows: List[BadInput] = []
    if not optional and not kind.nullable:
        rows.append(BadInput(None, path, field, "None"))
    rows.extend(BadInput(v, path, field, show(v)) for v in kind.bad())
    for name, whole in kind.missing():
        rows.append(BadInput(whole, f"{path}.{name}", name, "missing"))
    for key, child, child_optional in kind.children():
        index = isinstance(key, int)
        child_path = f"{path}[{key}]" if index else f"{path}.{key}"
        for row in bad_inputs(child, child_optional, child_path, field if index else key):
            assert kind.put is not None
            rows.append(dataclasses.replace(row, value=kind.put(key, row.value)))
    return rows


@dataclasses.dataclass(frozen=True)
class Row:
    method: str
    params: Tuple[Param, ...]
    index: int
    bad: BadInput
    valid: Tuple[Callable[[], Any], ...]

    def call(self, target: Any) -> Any:
        args: List[Any] = []
        kwargs: Dict[str, Any] = {}
        for i, param in enumerate(self.params):
            value = self.bad.value if i == self.index else self.valid[i]()
            if param.keyword_only:
                kwargs[param.name] = value
            else:
                args.append(value)
        return getattr(target, self.method)(*args, **kwargs)

    def label(self) -> str:
        return f"{self.method}: {self.bad.path} = {self.bad.what}"


def table(world: World, url: str) -> Tuple[List[Row], List[str], List[str]]:
    """Every row: each facade method, each argument, each bad value. Also the facade's
    methods and the ones that take no argument."""
    facade = facade_methods()
    stubs = stub_methods()
    kind_of = kinds(world)
    rows: List[Row] = []
    for name in facade:
        assert name in stubs, f"facade method {name} is not in _native.pyi's Marketplace"
        params = tuple(stubs[name])
        if not params:
            assert name in NO_ARGUMENTS, f"{name} takes no argument: list it in NO_ARGUMENTS"
            continue
        assert name not in NO_ARGUMENTS, f"{name} takes arguments now: remove it from NO_ARGUMENTS"
        resolved = [kind_of(p.annotation, f"{name}({p.name})") for p in params]
        valid: List[Callable[[], Any]] = [kind.valid for kind, _ in resolved]
        if name == "open":
            valid[0] = lambda: url  # the database under test (never reached)
        for i, (param, (kind, optional)) in enumerate(zip(params, resolved)):
            inputs = bad_inputs(kind, optional, param.name, param.name)
            assert inputs, f"{name}({param.name}): no bad values"
            rows.extend(Row(name, params, i, bad, tuple(valid)) for bad in inputs)
    return rows, facade, sorted(NO_ARGUMENTS)


def verdict(err: Optional[BaseException], row: Row) -> Optional[str]:
    """What is wrong with how a row was refused (None: as the contract says)."""
    if err is None:
        return "accepted"
    if not isinstance(err, bp.ValidationError):
        return f"raised {type(err).__name__}: {err}"
    if not isinstance(err, ValueError) or err.code != "validation":
        return f"code {err.code!r}: {err}"
    if err.field != row.bad.field:
        return f"field {err.field!r}, expected {row.bad.field!r}: {err}"
    if not str(err).startswith(f"{row.bad.path}: "):
        return f"message does not start with {row.bad.path!r}: {err}"
    return None


# ---- what a call could have written --------------------------------------------------------------

SQLITE_SNAPSHOT = """
import hashlib, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
out = {}
for t in sorted(tables):
    rows = sorted(repr(r) for r in db.execute(f'SELECT * FROM "{t}"'))
    out[t] = [len(rows), hashlib.sha256("\\n".join(rows).encode()).hexdigest()]
print(json.dumps(out))
"""


def snapshot(url: str) -> Dict[str, Any]:
    """Every table's row count and a digest of its rows, read from another process (psql, or
    Python's sqlite3 in a child: never SQLite twice in this process)."""
    if url.startswith("sqlite://"):
        out = subprocess.run(
            [sys.executable, "-c", SQLITE_SNAPSHOT, url[len("sqlite://") :]],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        tables: Dict[str, Any] = json.loads(out)
    else:
        listed = subprocess.run(
            [
                _psql(),
                url,
                "-At",
                "-c",
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        query = " UNION ALL ".join(
            f"SELECT '{t}', count(*), md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) "
            f'FROM "{t}" r'
            for t in listed
        )
        lines = subprocess.run(
            [_psql(), url, "-At", "-F", " ", "-c", query],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
        tables = {name: [int(count), digest] for name, count, digest in map(str.split, lines)}
    assert "users" in tables and "bookings" in tables, sorted(tables)
    return tables


# ---- the world the calls run against -------------------------------------------------------------


@dataclasses.dataclass
class Setup:
    url: str
    mp: bp.Marketplace
    admin: bp.Actor
    student: bp.Actor
    tutor: bp.Actor
    newcomer: bp.Actor  # a tutor without a profile yet
    profile: bp.TutorProfile
    teaches: bp.TutorSubject


def populate(url: str) -> Setup:
    """A small marketplace: an admin, a student, a published tutor and a tutor without a
    profile, so that a refused call has rows it could wrongly touch."""
    mp = bp.Marketplace.open(url, clock=bp.FixedClock(START), midtrans_server_key="k")
    admin = bp.Actor.admin(mp.bootstrap_admin("Admin", "admin@example.id").id)
    student = bp.Actor.student(
        mp.register_user(bp.NewUser(role="student", full_name="Budi", email="budi@example.id")).id
    )
    tutor = bp.Actor.tutor(
        mp.register_user(bp.NewUser(role="tutor", full_name="Rina", email="rina@example.id")).id
    )
    newcomer = bp.Actor.tutor(
        mp.register_user(bp.NewUser(role="tutor", full_name="Dewi", email="dewi@example.id")).id
    )
    category = mp.create_category(admin, "Akademik")
    subject = mp.create_subject(admin, "Matematika", category.id)
    mp.create_tutor_profile(
        tutor, bp.NewTutorProfile(hourly_rate=Decimal("150000"), teaching_modes=["online"])
    )
    teaches = mp.add_tutor_subject(tutor, bp.NewTutorSubject(subject_id=subject.id, level="sma"))
    mp.set_weekly_availability(
        tutor, [bp.AvailabilityRule(day_of_week=1, start_time=time(16), end_time=time(20))]
    )
    profile = mp.publish_tutor_profile(tutor)
    return Setup(url, mp, admin, student, tutor, newcomer, profile, teaches)


@pytest.fixture(params=["sqlite", "postgres"])
def setup(request: pytest.FixtureRequest) -> Iterator[Setup]:
    if request.param == "postgres":
        s = populate(fresh_pg_database())
        yield s
        s.mp.close()
    else:
        with tempfile.TemporaryDirectory(prefix="blajarplus-py-contract-") as folder:
            s = populate(f"sqlite://{folder}/contract.db")
            yield s
            s.mp.close()


# ---- the tests -----------------------------------------------------------------------------------


def test_every_bad_argument_is_a_validation_error_and_writes_nothing(setup: Setup) -> None:
    world = World(student=setup.student)
    rows, facade, no_arguments = table(world, setup.url)
    before = snapshot(setup.url)

    failures: List[str] = []
    for row in rows:
        target: Any = bp.Marketplace if row.method == "open" else setup.mp
        err: Optional[BaseException] = None
        try:
            row.call(target)
        except Exception as e:  # noqa: BLE001 (judged below)
            err = e
        problem = verdict(err, row)
        if problem:
            failures.append(f"{row.label()}: {problem}")

    async def through_asyncio() -> None:
        am = setup.mp.to_async()
        for row in rows:
            target: Any = bp.AsyncMarketplace if row.method == "open" else am
            try:
                awaitable = row.call(target)
            except Exception as e:  # noqa: BLE001
                failures.append(f"async {row.label()}: the call raised {type(e).__name__}: {e}")
                continue
            if not inspect.isawaitable(awaitable):
                failures.append(f"async {row.label()}: returned {awaitable!r}, not an awaitable")
                continue
            err: Optional[BaseException] = None
            try:
                await awaitable
            except Exception as e:  # noqa: BLE001
                err = e
            problem = verdict(err, row)
            if problem:
                failures.append(f"async {row.label()}: {problem}")

    asyncio.run(through_asyncio())
    assert failures == [], f"{len(failures)} of {2 * len(rows)} calls:\n" + "\n".join(failures)
    assert snapshot(setup.url) == before, "a refused call wrote something"

    # Every facade method with arguments has rows, for each of its arguments.
    covered = {(row.method, row.params[row.index].name) for row in rows}
    stubs = stub_methods()
    for name in facade:
        for param in stubs[name]:
            assert (name, param.name) in covered, f"{name}({param.name}) has no rows"
    assert {row.method for row in rows} == set(facade) - set(no_arguments)
    assert len(rows) > 2000, f"only {len(rows)} rows"


def test_the_table_covers_what_it_claims() -> None:
    """The generated rows include the values issue 10 found raising plain ValueError."""
    world = World(student=bp.Actor.student(uuid.uuid4()))
    rows, _, _ = table(world, "sqlite::memory:")
    seen = {(row.method, row.bad.path, row.bad.what) for row in rows}
    for expected in [
        ("request_withdrawal", "amount", "'NaN'"),
        ("request_withdrawal", "amount", "'Infinity'"),
        ("request_withdrawal", "amount", "'sNaN'"),
        ("request_withdrawal", "amount", "''"),
        ("request_withdrawal", "amount", "'abc'"),
        ("request_withdrawal", "amount", "'1e30'"),
        ("request_withdrawal", "amount", "Decimal('NaN')"),
        ("request_withdrawal", "amount", "1.5"),
        ("create_tutor_profile", "new.hourly_rate", "'NaN'"),
        ("register_user", "new.role", "'nope'"),
        ("checkout", "provider", "'nope'"),
        ("get_booking", "booking", "'not-a-uuid'"),
        ("create_booking", "new.duration_minutes", "60.5"),
        ("create_booking", "new.duration_minutes", "True"),
        ("create_booking", "new.start_at", "datetime.datetime(2030, 1, 7, 9, 0)"),
        ("set_weekly_availability", "rules[0].start_time", "'09:00'"),
        ("set_date_override", "hours[0][1]", "'09:00'"),
        ("search_tutors", "query.near.lat", "nan"),
        ("open", "policy.lesson_minutes[0]", "60.5"),
        ("open", "clock", "'clock'"),
    ]:
        assert expected in seen, expected


def test_the_field_names_the_innermost_input() -> None:
    with bp.Marketplace.open("sqlite::memory:") as mp:
        actor = bp.Actor.student(uuid.uuid4())
        rules = [
            bp.AvailabilityRule(day_of_week=1, start_time=time(9), end_time=time(10)),
            bp.AvailabilityRule(day_of_week=2, start_time="25:00", end_time=time(10)),  # type: ignore[arg-type]
        ]
        with pytest.raises(bp.ValidationError) as info:
            mp.set_weekly_availability(actor, rules)
        err = info.value
        assert (err.code, err.field) == ("validation", "start_time")
        assert str(err) == "rules[1].start_time: expected a datetime.time, got str"
        assert isinstance(err, ValueError) and isinstance(err, bp.BlajarplusError)
        with pytest.raises(bp.ValidationError) as info:
            mp.create_booking(
                actor,
                bp.NewBooking(
                    tutor_subject_id=uuid.uuid4(), start_at=START, duration_minutes=60, mode="x"
                ),
            )
        assert (info.value.field, str(info.value)) == (
            "mode",
            'new.mode: unknown value "x"; expected one of: online, offline',
        )


# Core's own checks, through real calls that reach them: the same exception, the same
# spelling of `field` (the innermost input), nothing written.
CoreCase = Tuple[str, Callable[[Setup], Any], str]

LONG = "x" * 5000

CORE_CASES: List[CoreCase] = [
    (
        "an email core refuses",
        lambda s: s.mp.register_user(bp.NewUser(role="student", full_name="B", email="budi@")),
        "email",
    ),
    (
        "a name longer than its column",
        lambda s: s.mp.register_user(
            bp.NewUser(role="student", full_name=LONG, email="long@example.id")
        ),
        "full_name",
    ),
    (
        "a password too short",
        lambda s: s.mp.register_user(
            bp.NewUser(role="student", full_name="P", email="p@example.id", password="short")
        ),
        "password",
    ),
    ("a category name too long", lambda s: s.mp.create_category(s.admin, LONG), "name"),
    ("a NUL in text", lambda s: s.mp.create_category(s.admin, "Mate\x00matika"), "name"),
    (
        "an unknown time zone",
        lambda s: s.mp.create_tutor_profile(
            s.newcomer,
            bp.NewTutorProfile(hourly_rate=1000, teaching_modes=["online"], timezone="Mars/Olympus"),
        ),
        "timezone",
    ),
    (
        "a negative hourly rate",
        lambda s: s.mp.create_tutor_profile(
            s.newcomer, bp.NewTutorProfile(hourly_rate=-1, teaching_modes=["online"])
        ),
        "hourly_rate",
    ),
    (
        "a headline longer than its column",
        lambda s: s.mp.create_tutor_profile(
            s.newcomer,
            bp.NewTutorProfile(hourly_rate=1000, teaching_modes=["online"], headline=LONG),
        ),
        "headline",
    ),
    (
        "money with a third decimal place",
        lambda s: s.mp.request_withdrawal(s.tutor, Decimal("1.005")),
        "amount",
    ),
    (
        "a day of the week 7",
        lambda s: s.mp.set_weekly_availability(
            s.tutor, [bp.AvailabilityRule(day_of_week=7, start_time=time(9), end_time=time(10))]
        ),
        "day_of_week",
    ),
    (
        "a page limit of 0",
        lambda s: s.mp.search_tutors(bp.TutorSearch(limit=0)),
        "limit",
    ),
    (
        "a negative minimum price",
        lambda s: s.mp.search_tutors(bp.TutorSearch(min_price=-1)),
        "min_price",
    ),
    (
        "a lesson length out of the policy's range",
        lambda s: s.mp.available_slots(
            s.profile.id, START, START + timedelta(days=7), 5
        ),
        "duration_minutes",
    ),
    (
        "a meeting link that is not https",
        lambda s: s.mp.create_booking(
            s.student,
            bp.NewBooking(
                tutor_subject_id=s.teaches.id,
                start_at=START + timedelta(days=7, hours=9),
                duration_minutes=60,
                mode="online",
                meeting_link="http://meet.example/x",
            ),
        ),
        "meeting_link",
    ),
    (
        "a booking off the slot grid",
        lambda s: s.mp.create_booking(
            s.student,
            bp.NewBooking(
                tutor_subject_id=s.teaches.id,
                start_at=START + timedelta(days=7, hours=9, minutes=1),
                duration_minutes=60,
                mode="online",
            ),
        ),
        "start_at",
    ),
    (
        "a coordinate with more than 8 decimal places",
        lambda s: s.mp.add_address(
            s.student, bp.NewAddress(lat=Decimal("1.123456789"), lng=Decimal("106.8"))
        ),
        "lat",
    ),
    (
        "a review page limit of 0",
        lambda s: s.mp.tutor_reviews(s.profile.id, None, 0),
        "limit",
    ),
]


def test_core_validation_uses_the_same_field_names(setup: Setup) -> None:
    before = snapshot(setup.url)
    failures: List[str] = []
    for what, call, field in CORE_CASES:
        try:
            call(setup)
        except bp.ValidationError as err:
            if (err.code, err.field) != ("validation", field):
                failures.append(f"{what}: field {err.field!r}, expected {field!r}: {err}")
        except Exception as err:  # noqa: BLE001
            failures.append(f"{what}: raised {type(err).__name__}: {err}")
        else:
            failures.append(f"{what}: accepted")
    assert failures == []
    assert snapshot(setup.url) == before, "a refused call wrote something"


def test_close_then_config_error(setup: Setup) -> None:
    mp = bp.Marketplace.open(setup.url)
    twin = mp.to_async()
    mp.close()
    mp.close()  # closing again does nothing
    with pytest.raises(bp.ConfigError) as info:
        mp.me(setup.admin)
    assert info.value.code == "config" and "closed" in str(info.value)

    async def main() -> None:
        awaitable = twin.catalog()  # the call does not raise; the awaitable does
        with pytest.raises(bp.ConfigError):
            await awaitable
        am = await bp.AsyncMarketplace.open(setup.url)
        await am.close()
        await am.close()
        with pytest.raises(bp.ConfigError):
            await am.me(setup.admin)
        with pytest.raises(bp.ConfigError):
            am.to_sync().verify_ledger()

    asyncio.run(main())
    # The marketplace it was a twin of is not the fixture's: that one still works.
    assert setup.mp.me(setup.admin).role is bp.Role.ADMIN
