#!/usr/bin/env python3
"""The one source of truth for binding parity: every public use case of the core facade.

Lists the names of the `pub async fn` methods of `impl Marketplace` in
core/src/marketplace/*.rs (snake_case, sorted). Each binding's parity check compares its own
exported names with this list, so a facade method added to core without a binding fails the
test command.

Usage: facade_methods.py            -> one name per line
       facade_methods.py --json     -> a JSON array
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FACADE = ROOT / "core" / "src" / "marketplace"
# `open` is the async constructor; bindings expose it as their own constructor, so it is part
# of the list like any other use case.
PATTERN = re.compile(r"^    pub async fn (\w+)", re.MULTILINE)


def facade_methods() -> list[str]:
    names = set()
    for source in sorted(FACADE.glob("*.rs")):
        names.update(PATTERN.findall(source.read_text(encoding="utf-8")))
    if not names:
        sys.exit(f"no facade methods found under {FACADE}")
    return sorted(names)


if __name__ == "__main__":
    methods = facade_methods()
    if "--json" in sys.argv[1:]:
        print(json.dumps(methods))
    else:
        print("\n".join(methods))
