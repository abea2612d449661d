#!/usr/bin/env bash
# The reference HTTP services over real HTTP: each starts on a free loopback port, on a fresh
# SQLite file and on a fresh PostgreSQL database, and its test books and pays a lesson through
# signed webhooks (python/test_service.py with pytest + httpx, node/server.test.mjs with
# node:test + fetch); then the book's curl walkthrough, taken from docs/src/http-services.md,
# against each.
#
# Reuses what the bindings' scripts built (the test command runs them first): the wheel in
# target/py-dist (bindings-python/test.sh) and the packed tarballs in target/npm-release/packs
# (bindings-node/test.sh: blajarplus and blajarplus-linux-x64-gnu), installed the way a user
# installs them — the wheel into the service's own venv (target/services-venv) beside its
# pinned requirements, the tarballs with npm beside the locked Express.
# PostgreSQL: the server at BLAJARPLUS_TEST_PG_URL (as .ci/test-all.sh starts it), else a
# throwaway cluster from .ci/pg.sh; each test creates (and drops) its own database.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="$REPO/target/services-venv"
PYTHON="${PYTHON:-python3}"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step() { printf '\n==> [services] %s\n' "$*"; }
start=$SECONDS

shopt -s nullglob
wheels=("$REPO"/target/py-dist/blajarplus-*.whl)
tarballs=("$REPO"/target/npm-release/packs/blajarplus-*.tgz)
shopt -u nullglob
if [ "${#wheels[@]}" -ne 1 ] || [ "${#tarballs[@]}" -ne 2 ]; then
    echo "need one wheel in target/py-dist and two tarballs (the root package and the addon's) in target/npm-release/packs:" >&2
    echo "run bindings-python/test.sh and bindings-node/test.sh first (make test does)" >&2
    exit 1
fi

# The book's curl walkthrough, extracted from between its markers.
WALK="$(mktemp -d)"
SERVICE_PID=""
cleanup() {
    if [ -n "$SERVICE_PID" ]; then kill "$SERVICE_PID" 2>/dev/null || true; fi
    rm -rf "$WALK"
    if declare -F pg_stop >/dev/null; then pg_stop; fi
}
trap cleanup EXIT
if [ -z "${BLAJARPLUS_TEST_PG_URL:-}" ]; then
    # shellcheck source=../../.ci/pg.sh
    source "$REPO/.ci/pg.sh"
    pg_start
fi
sed -n '/<!-- services-walkthrough:start -->/,/<!-- services-walkthrough:end -->/p' "$REPO/docs/src/http-services.md" \
    | grep -v -e '^<!--' -e '^```' > "$WALK/walkthrough.sh"
[ -s "$WALK/walkthrough.sh" ] || { echo "docs/src/http-services.md has no services walkthrough" >&2; exit 1; }

# walkthrough NAME CMD...: starts a service (CMD, in the current folder) on a fresh SQLite file
# and a free port with the walkthrough's keys, runs the walkthrough against it, checks what it printed.
walkthrough() {
    local name=$1 url="" i
    shift
    BLAJARPLUS_DATABASE_URL="sqlite://$WALK/$name.db" MIDTRANS_SERVER_KEY=SB-Mid-server-demo \
        XENDIT_CALLBACK_TOKEN=xnd-demo PORT=0 "$@" >"$WALK/$name.log" 2>&1 &
    SERVICE_PID=$!
    for i in $(seq 600); do
        url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$WALK/$name.log" | head -n 1 || true)
        [ -n "$url" ] && break
        kill -0 "$SERVICE_PID" 2>/dev/null || break
        sleep 0.1
    done
    [ -n "$url" ] || { cat "$WALK/$name.log" >&2; echo "$name did not start" >&2; exit 1; }
    API="$url" bash -euo pipefail "$WALK/walkthrough.sh" >"$WALK/$name.out" 2>&1 \
        || { cat "$WALK/$name.out" "$WALK/$name.log" >&2; exit 1; }
    kill "$SERVICE_PID"
    wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=""
    for expected in '{"outcome":"applied"}' '{"outcome":"duplicate"}' '"code":"payment_rejected"'; do
        grep -qF "$expected" "$WALK/$name.out" \
            || { cat "$WALK/$name.out" >&2; echo "walkthrough on $name: no $expected" >&2; exit 1; }
    done
    [ "$(tail -n 1 "$WALK/$name.out")" = confirmed ] \
        || { cat "$WALK/$name.out" >&2; echo "walkthrough on $name: not confirmed" >&2; exit 1; }
    echo "curl walkthrough on $name ($url): applied, duplicate, forged refused, booking confirmed"
}

step "Python: venv at $VENV with requirements-test.txt and ${wheels[0]##*/}"
if ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$HERE/python/requirements-test.txt"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
    --force-reinstall "${wheels[0]}"

step "Python: FastAPI service (python/test_service.py)"
cd "$HERE/python"
"$VENV/bin/python" -m pytest -p no:cacheprovider -q --durations=4 test_service.py

step "Python: the curl walkthrough (docs/src/http-services.md)"
walkthrough python "$VENV/bin/python" -m uvicorn app:app --host 127.0.0.1 --port 0

step "Node: npm ci (Express, locked), ${tarballs[0]##*/} and ${tarballs[1]##*/}"
cd "$HERE/node"
# npm ci again only when the lock file changed since the last install.
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    echo "node_modules up to date with package-lock.json"
else
    npm ci --loglevel=error
fi
npm install --no-save --loglevel=error "${tarballs[@]}"

step "Node: Express service (node/server.test.mjs)"
node --test server.test.mjs

step "Node: the curl walkthrough (docs/src/http-services.md)"
walkthrough node node server.mjs

step "OK in $((SECONDS - start)) s"
