#!/usr/bin/env bash
# Build the Python package as it is published and test what a user installs: the sdist
# (`maturin sdist`), then from the unpacked sdist — so the sdist is shown to build from source —
# the one release wheel: abi3 (one wheel for CPython >= 3.10), linked with zig against glibc
# 2.17 (manylinux2014), its tags checked by auditwheel. That wheel is installed into a venv and
# tested: pytest on tests/ (run from outside the source tree; the lifecycle on SQLite and
# PostgreSQL, through the async and the sync API; facade parity; the contract at the edge as a
# generated table), mypy --strict on a typed usage file, the typed test files and the package,
# stubtest on the native module's stubs, and the Python quickstart example. Then the same wheel
# goes into a fresh venv of each other CPython minor version found here (pyenv's, or
# python3.N on PATH), which runs the quickstart.
# PostgreSQL: BLAJARPLUS_TEST_PG_URL (set by .ci/test-all.sh); when unset, a throwaway cluster
# is started here (.ci/pg.sh). Each PostgreSQL test creates its own database.
# Idempotent; needs python3 (>= 3.10, with venv) and a Rust toolchain; the rest (maturin, zig
# as the ziglang package, auditwheel, pytest, mypy) comes from PyPI.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
VENV="$REPO/target/py-venv"
DIST="$REPO/target/py-dist"
SDIST_SRC="$REPO/target/py-sdist"
PYTHON="${PYTHON:-python3}"

# Pinned tool versions (all exist on PyPI).
MATURIN_VERSION=1.16.0
ZIGLANG_VERSION=0.17.1
AUDITWHEEL_VERSION=6.8.2
PYTEST_VERSION=9.2.0
MYPY_VERSION=2.4.1
# The oldest glibc the wheel needs (manylinux2014: CentOS 7, Debian 8, Ubuntu 14.04 and later).
MANYLINUX=manylinux_2_17

step() { printf '\n==> [python] %s\n' "$*"; }
start=$SECONDS

step "venv at $VENV"
if ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" --version
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "maturin==$MATURIN_VERSION" "ziglang==$ZIGLANG_VERSION" "auditwheel==$AUDITWHEEL_VERSION" \
    "pytest==$PYTEST_VERSION" "mypy==$MYPY_VERSION"
# maturin runs zig as `python3 -m ziglang` from PATH: the venv's.
export PATH="$VENV/bin:$PATH"

one() {  # the single file matching a glob
    local matches
    matches=$(compgen -G "$1") || { echo "nothing matches $1" >&2; return 1; }
    [ "$(wc -l <<<"$matches")" -eq 1 ] || { echo "more than one match for $1:" $matches >&2; return 1; }
    echo "$matches"
}

step "maturin sdist -> $DIST"
rm -rf "$DIST" "$SDIST_SRC"
(cd "$HERE" && maturin sdist --out "$DIST")
sdist=$(one "$DIST/blajarplus-*.tar.gz")
tar -tzf "$sdist" > "$DIST/sdist-files.txt"
echo "built ${sdist##*/}: $(wc -l < "$DIST/sdist-files.txt") files"
# What the build from source needs besides the crates' sources: the lock file, the SQL that
# core embeds (core/migrations is a link in the repository, a folder in the sdist), the stubs.
for f in Cargo.lock core/migrations/postgres/0001_init.sql core/migrations/sqlite/0001_init.sql \
    bindings-python/Cargo.toml pyproject.toml python/blajarplus/_native.pyi python/blajarplus/py.typed; do
    grep -qx "blajarplus-[^/]*/$f" "$DIST/sdist-files.txt" || { echo "the sdist lacks $f" >&2; exit 1; }
done

step "the release wheel from the unpacked sdist: maturin build --release --zig --compatibility $MANYLINUX"
mkdir -p "$SDIST_SRC"
# -m: the sdist's files carry one fixed old mtime; cargo must see this run's sources as new.
tar -xzmf "$sdist" -C "$SDIST_SRC"
src=$(one "$SDIST_SRC/blajarplus-*")
(cd "$src" && maturin build --release --zig --compatibility "$MANYLINUX" --out "$DIST")
wheel=$(one "$DIST/blajarplus-*.whl")
echo "built ${wheel##*/}"

step "wheel tags: one abi3 wheel for CPython >= 3.10, $MANYLINUX (auditwheel reads the symbols)"
case "${wheel##*/}" in
    blajarplus-*-cp310-abi3-*${MANYLINUX}_x86_64*.whl) ;;
    *) echo "unexpected wheel tags: ${wheel##*/}" >&2; exit 1 ;;
esac
auditwheel show "$wheel" | tee "$DIST/auditwheel.txt"
# auditwheel's verdict from the symbol versions the library needs, not from the file name.
grep -Ezq "consistent with the following platform tag:\s+\"${MANYLINUX}_x86_64\"" "$DIST/auditwheel.txt" \
    || { echo "auditwheel does not find the wheel consistent with $MANYLINUX" >&2; exit 1; }

step "install the wheel into the venv"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
    --force-reinstall "$wheel"

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

# The wheel was built by the venv's CPython; abi3 promises it loads in every CPython >= 3.10.
built_minor=$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
others=()
for minor in 3.10 3.11 3.12 3.13 3.14; do
    [ "$minor" != "$built_minor" ] || continue
    for py in "$(pyenv root 2>/dev/null)/versions/$minor"*/bin/python3 "$(command -v "python$minor" || true)"; do
        if [ -x "$py" ] && "$py" -c 'import venv' >/dev/null 2>&1; then others+=("$py"); break; fi
    done
done
if [ "${#others[@]}" -eq 0 ]; then
    echo "note: no CPython but $built_minor here; only the wheel's tags were checked for other versions"
fi
for py in "${others[@]}"; do
    minor=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    step "the same wheel in a fresh CPython $minor venv (built with $built_minor): the quickstart"
    other="$REPO/target/py-venv-$minor"
    rm -rf "$other"
    "$py" -m venv "$other"
    "$other/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps "$wheel"
    "$other/bin/python" "$REPO/examples/python/quickstart.py"
done

step "OK in $((SECONDS - start)) s"
