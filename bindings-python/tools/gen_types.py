#!/usr/bin/env python3
"""Generate ``python/blajarplus/_generated.py`` from core's enums and records.

Core's ``types/enums.rs`` (one ``db_enum!`` per CHECK list) and ``types/records.rs`` (one
struct per table) are regular enough to read with a few regular expressions, so the Python
enums and record classes are never typed by hand and never drift: ``--check`` (run by the test
suite) fails when the committed file differs from what core's sources give today.

Usage: gen_types.py            -> rewrite the file
       gen_types.py --check    -> exit 1 (with a diff) when it is stale
"""

from __future__ import annotations

import difflib
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
TYPES = REPO / "core" / "src" / "types"
OUT = HERE.parent / "python" / "blajarplus" / "_generated.py"

ENUM = re.compile(
    r"db_enum!\(\s*(?P<docs>(?:\s*///[^\n]*\n)*)\s*(?P<name>\w+),\s*\"\w+\"\s*\{(?P<body>.*?)\}\s*\);",
    re.S,
)
VARIANT = re.compile(r"(?P<docs>(?:\s*///[^\n]*\n)*)\s*(?P<var>\w+)\s*=\s*\"(?P<value>[^\"]+)\",")
STRUCT = re.compile(
    r"(?P<docs>(?:///[^\n]*\n)*)(?:#\[[^\n]*\]\n)*pub struct (?P<name>\w+) \{(?P<body>.*?)\n\}",
    re.S,
)
FIELD = re.compile(
    r"(?P<docs>(?:\s*///[^\n]*\n)*)(?:\s*#\[[^\n]*\]\n)*\s*pub (?P<name>\w+): (?P<ty>[^\n]+),\n"
)

# Secrets that never cross to Python, not even hashed: src/wire.rs drops them from the JSON
# (`records!(User - password_hash, …)`) and the classes have no such field.
HIDDEN = {"User": ("password_hash",)}

HEADER = '''"""Enums and records of Blajarplus core, generated from core/src/types by
bindings-python/tools/gen_types.py. DO NOT EDIT: run that script after changing core's types
(the test suite fails while this file is stale).

Enum values are the database strings; every enum is also a ``str``. Records are frozen
dataclasses, field for field as in core; the native module fills them (see ``_wire.py``).
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, List, Optional
from uuid import UUID

JsonValue = Any
"""A JSON document as ``json.loads`` returns it."""
'''


def docs(block: str) -> str:
    lines = [line.strip()[3:].strip() for line in block.strip().splitlines() if line.strip()]
    return " ".join(lines).replace("\\", "\\\\").replace('"""', "'''")


def upper_snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


def py_type(rust: str, enums: set[str]) -> str:
    rust = rust.strip()
    for wrapper, py in (("Option<", "Optional"), ("Vec<", "List")):
        if rust.startswith(wrapper) and rust.endswith(">"):
            return f"{py}[{py_type(rust[len(wrapper):-1], enums)}]"
    simple = {
        "String": "str",
        "bool": "bool",
        "i16": "int",
        "i32": "int",
        "i64": "int",
        "usize": "int",
        "Decimal": "Decimal",
        "DateTime<Utc>": "datetime",
        "NaiveDate": "date",
        "NaiveTime": "time",
        "Currency": "str",
        "Json": "JsonValue",
    }
    if rust in simple:
        return simple[rust]
    if rust in enums:
        return rust
    if rust.endswith("Id"):
        return "UUID"
    raise SystemExit(f"gen_types.py: no Python type for Rust type {rust!r}; add it to py_type()")


def generate() -> str:
    enum_src = (TYPES / "enums.rs").read_text(encoding="utf-8")
    record_src = (TYPES / "records.rs").read_text(encoding="utf-8")
    out = [HEADER]
    enums: list[str] = []
    for m in ENUM.finditer(enum_src):
        name = m["name"]
        enums.append(name)
        out.append(f"\n\nclass {name}(str, enum.Enum):\n    \"\"\"{docs(m['docs'])}\"\"\"\n")
        for v in VARIANT.finditer(m["body"]):
            out.append(f"\n    {upper_snake(v['var'])} = \"{v['value']}\"\n")
            if v["docs"].strip():
                out.append(f"    \"\"\"{docs(v['docs'])}\"\"\"\n")
        out.append("\n    def __str__(self) -> str:\n        return str(self.value)\n")
    records: list[str] = []
    known = set(enums)
    for m in STRUCT.finditer(record_src):
        name = m["name"]
        records.append(name)
        out.append(
            f"\n\n@dataclasses.dataclass(frozen=True)\nclass {name}:\n"
            f"    \"\"\"{docs(m['docs'])}\"\"\"\n"
        )
        for f in FIELD.finditer(m["body"] + "\n"):
            if f["name"] in HIDDEN.get(name, ()):
                continue
            ty = py_type(f["ty"], known)
            out.append(f"\n    {f['name']}: {ty}\n")
            if f["docs"].strip():
                out.append(f"    \"\"\"{docs(f['docs'])}\"\"\"\n")
    if not enums or not records:
        raise SystemExit("gen_types.py: found no enums or no records; did core's layout change?")
    out.append("\n\nENUMS = (\n" + "".join(f"    {e},\n" for e in enums) + ")\n")
    out.append("RECORDS = (\n" + "".join(f"    {r},\n" for r in records) + ")\n")
    out.append(
        "\n__all__ = [\n    \"JsonValue\",\n"
        + "".join(f"    \"{n}\",\n" for n in enums + records)
        + "]\n"
    )
    return "".join(out)


def main() -> int:
    text = generate()
    if "--check" in sys.argv[1:]:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.splitlines(True), text.splitlines(True), str(OUT), "generated"
                )
            )
            print(f"\n{OUT} is stale: run bindings-python/tools/gen_types.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
