#!/usr/bin/env bash
# The bindings benchmark (performance issue §5): the same search and the same booking lifecycle
# from Rust (examples/bindings_bench.rs), Python (bench.py, sync and async API) and Node
# (bench.mjs), each on a fresh copy of one seeded SQLite file, release builds everywhere; prints
# the table of BENCHMARKS.md ("Bindings overhead").
#
#   bench/bindings/run.sh                 # build, seed 2,000 tutors, plan, run every language
#   TUTORS=200 LIFECYCLES=120 ROUNDS=1 bench/bindings/run.sh   # a quick look
#
# Environment: CARGO_TARGET_DIR (default <repo>/target-bindbench, apart from the test builds),
# OUT (work dir, default $CARGO_TARGET_DIR/bindbench), TUTORS (2000), LIFECYCLES (1000, plus
# 20 untimed warm-up ones), ROUNDS (2: every language runs once per round, interleaved),
# DB (the seeded file, default $OUT/seed.db), SKIP_BUILD=1 to reuse the builds, SKIP_SEED=1 to
# reuse $DB and $OUT/plan.json.
# Needs a Rust toolchain, python3 >= 3.10 with venv (maturin comes from PyPI into a venv under
# the target dir) and node >= 20 with bindings-node's node_modules (npm ci).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target-bindbench}"
OUT="${OUT:-$CARGO_TARGET_DIR/bindbench}"
TUTORS="${TUTORS:-2000}"
LIFECYCLES="${LIFECYCLES:-1000}"
ROUNDS="${ROUNDS:-2}"
VENV="$CARGO_TARGET_DIR/py-venv"
NODE_ADDON="$CARGO_TARGET_DIR/node-addon"
B="$CARGO_TARGET_DIR/release/blajarplus"
RUST="$CARGO_TARGET_DIR/release/examples/bindings_bench"
DB="${DB:-$OUT/seed.db}"
mkdir -p "$OUT"

step() { printf '\n==> [bindbench] %s\n' "$*" >&2; }

if [ -z "${SKIP_BUILD:-}" ]; then
    step "release builds: CLI and the Rust example"
    (cd "$REPO" && cargo build --release -p blajarplus-cli \
        && cargo build --release -p blajarplus-examples --example bindings_bench)

    step "Python: maturin build --release into $VENV"
    if ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
        rm -rf "$VENV"
        "${PYTHON:-python3}" -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "maturin==1.16.0"
    rm -rf "$CARGO_TARGET_DIR/py-wheels"
    (cd "$REPO/bindings-python" && "$VENV/bin/maturin" build --release \
        --interpreter "$VENV/bin/python" --out "$CARGO_TARGET_DIR/py-wheels")
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
        --force-reinstall "$CARGO_TARGET_DIR"/py-wheels/blajarplus-*.whl

    step "Node: napi build --platform --release -> $NODE_ADDON"
    [ -d "$REPO/bindings-node/node_modules" ] || (cd "$REPO/bindings-node" && npm ci --no-audit --no-fund)
    (cd "$REPO/bindings-node" && npx --no-install napi build --platform --release \
        --target-dir "$CARGO_TARGET_DIR" --output-dir "$NODE_ADDON")
fi

if [ -z "${SKIP_SEED:-}" ]; then
    step "seed $TUTORS tutors -> $DB"
    rm -f "$DB" "$DB-wal" "$DB-shm"
    "$B" --database-url "sqlite://$DB" seed --tutors "$TUTORS" >&2
    step "plan $LIFECYCLES lifecycles (+20 warm-up) on a scratch copy -> $OUT/plan.json"
    rm -f "$OUT"/plan.db*
    cp "$DB" "$OUT/plan.db"
    if [ -s "$DB-wal" ]; then cp "$DB-wal" "$OUT/plan.db-wal"; fi
    "$RUST" plan "sqlite://$OUT/plan.db" "$OUT/plan.json" "$((LIFECYCLES + 20))"
fi

# One run: a fresh copy of the seeded file (with its WAL: seed leaves one behind), then the
# harness; its JSON line goes to results.
fresh() {
    rm -f "$OUT/$1".db*
    cp "$DB" "$OUT/$1.db"
    if [ -s "$DB-wal" ]; then cp "$DB-wal" "$OUT/$1.db-wal"; fi
    echo "sqlite://$OUT/$1.db"
}
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
    step "round $round/$ROUNDS: rust"
    "$RUST" run "$(fresh rust)" "$OUT/plan.json" | tee -a "$RESULTS"
    step "round $round/$ROUNDS: python (sync)"
    "$VENV/bin/python" "$HERE/bench.py" "$(fresh py)" "$OUT/plan.json" --api sync | tee -a "$RESULTS"
    step "round $round/$ROUNDS: python (async)"
    "$VENV/bin/python" "$HERE/bench.py" "$(fresh pyasync)" "$OUT/plan.json" --api async | tee -a "$RESULTS"
    step "round $round/$ROUNDS: node"
    BLAJARPLUS_NODE="$NODE_ADDON/index.js" node "$HERE/bench.mjs" "$(fresh node)" "$OUT/plan.json" \
        | tee -a "$RESULTS"
done

step "table"
python3 "$HERE/report.py" "$RESULTS"
