#!/usr/bin/env python3
"""The one source of truth for binding parity: every public use case of the core facade.

Lists the names of the `pub async fn` methods of `impl Marketplace` in
core/src/marketplace/*.rs (snake_case, sorted). Each binding's parity check compares its own
exported names with this list, so a facade method added to core without a binding fails the
test command.

Usage: facade_methods.py                    -> one name per line
       facade_methods.py --json             -> a JSON array
       facade_methods.py --binding NAME     -> what bindings-NAME must expose now
       facade_methods.py --pending NAME     -> what bindings-NAME does not expose yet

A binding that lags behind core lists the methods it has not bound yet, one per line, in
bindings-NAME/parity-pending.txt. That list is a ratchet, not an escape hatch: every name in
it must be a facade method (a stale entry fails), the binding's parity test also fails when a
listed method IS bound (so the list only shrinks), and any facade method neither bound nor
listed fails. An empty or missing file means full parity.
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


def pending(binding: str) -> list[str]:
    path = ROOT / f"bindings-{binding}" / "parity-pending.txt"
    if not path.exists():
        return []
    names = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    stale = sorted(set(names) - set(facade_methods()))
    if stale:
        sys.exit(f"{path}: not facade methods (remove them): {stale}")
    return sorted(set(names))


if __name__ == "__main__":
    args = sys.argv[1:]
    methods = facade_methods()
    if "--binding" in args:
        skip = set(pending(args[args.index("--binding") + 1]))
        methods = [m for m in methods if m not in skip]
    elif "--pending" in args:
        methods = pending(args[args.index("--pending") + 1])
    if "--json" in args:
        print(json.dumps(methods))
    else:
        print("\n".join(methods))
