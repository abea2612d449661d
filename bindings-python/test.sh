#!/usr/bin/env bash
# Build the Python wheel with maturin, install it into a venv and test the installed package:
# pytest on tests/ (run from outside the source tree; the lifecycle on SQLite and PostgreSQL,
# through the async and the sync API; facade parity; the contract at the edge as a generated
# table), mypy --strict on a typed usage file, the typed test files and the package, stubtest on
# the native module's stubs, and the Python quickstart example.
# PostgreSQL: BLAJARPLUS_TEST_PG_URL (set by .ci/test-all.sh); when unset, a throwaway cluster
# is started here (.ci/pg.sh). Each PostgreSQL test creates its own database.
# Idempotent; needs python3 (>= 3.10, with venv) and a Rust toolchain; the rest comes from PyPI.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
VENV="$REPO/target/py-venv"
WHEELS="$REPO/target/py-wheels"
PYTHON="${PYTHON:-python3}"

# Pinned tool versions (all exist on PyPI).
MATURIN_VERSION=1.16.0
PYTEST_VERSION=9.2.0
MYPY_VERSION=2.4.1

step() { printf '\n==> [python] %s\n' "$*"; }
start=$SECONDS

step "venv at $VENV"
if ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" --version
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "maturin==$MATURIN_VERSION" "pytest==$PYTEST_VERSION" "mypy==$MYPY_VERSION"

step "maturin build (debug) -> $WHEELS"
rm -rf "$WHEELS"
(cd "$HERE" && "$VENV/bin/maturin" build --interpreter "$VENV/bin/python" --out "$WHEELS")
shopt -s nullglob
wheels=("$WHEELS"/blajarplus-*.whl)
shopt -u nullglob
if [ "${#wheels[@]}" -ne 1 ]; then
    echo "expected exactly one wheel in $WHEELS, found ${#wheels[@]}" >&2
    exit 1
fi
echo "built ${wheels[0]##*/}"

step "install the wheel into the venv"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
    --force-reinstall "${wheels[0]}"

# Run the checks from an empty folder so that only the installed wheel is importable.
WORK="$(mktemp -d)"
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
if [ -z "${BLAJARPLUS_TEST_PG_URL:-}" ]; then
    # shellcheck source=../.ci/pg.sh
    source "$REPO/.ci/pg.sh"
    trap 'cleanup; pg_stop' EXIT
    pg_start
fi
cd "$WORK"

step "pytest on the installed wheel"
"$VENV/bin/python" -m pytest -p no:cacheprovider -q "$HERE/tests"

step "mypy --strict (typed usage file, typed tests and the installed package with its stubs)"
"$VENV/bin/python" -m mypy --strict --cache-dir "$REPO/target/mypy-cache" \
    "$HERE/tests/typed_usage.py" "$REPO/examples/python/quickstart.py" \
    "$HERE/tests/test_contract.py" "$HERE/tests/test_errors.py" \
    "$HERE/tests/test_conversions.py" "$HERE/tests/test_facade_errors.py" \
    "$HERE/tests/test_logging.py"
"$VENV/bin/python" -m mypy --strict --cache-dir "$REPO/target/mypy-cache" -p blajarplus

step "stubtest (the stubs match the native module)"
"$VENV/bin/python" -m mypy.stubtest blajarplus._native

step "example: examples/python/quickstart.py"
"$VENV/bin/python" "$REPO/examples/python/quickstart.py"

step "OK in $((SECONDS - start)) s"
