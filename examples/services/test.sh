#!/usr/bin/env bash
# The reference HTTP services over real HTTP: each starts on a free loopback port, on a fresh
# SQLite file and on a fresh PostgreSQL database, and its test books and pays a lesson through
# signed webhooks (python/test_service.py with pytest + httpx, node/server.test.mjs with
# node:test + fetch).
#
# Reuses what the bindings' scripts built (the test command runs them first): the wheel in
# target/py-wheels (bindings-python/test.sh) and the packed tarball in target/npm-pack
# (bindings-node/test.sh), installed the way a user installs them — the wheel into the
# service's own venv (target/services-venv) beside its pinned requirements, the tarball with
# npm beside the locked Express.
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
wheels=("$REPO"/target/py-wheels/blajarplus-*.whl)
tarballs=("$REPO"/target/npm-pack/blajarplus-*.tgz)
shopt -u nullglob
if [ "${#wheels[@]}" -ne 1 ] || [ "${#tarballs[@]}" -ne 1 ]; then
    echo "need one wheel in target/py-wheels and one tarball in target/npm-pack:" >&2
    echo "run bindings-python/test.sh and bindings-node/test.sh first (make test does)" >&2
    exit 1
fi

if [ -z "${BLAJARPLUS_TEST_PG_URL:-}" ]; then
    # shellcheck source=../../.ci/pg.sh
    source "$REPO/.ci/pg.sh"
    trap pg_stop EXIT
    pg_start
fi

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
(cd "$HERE/python" && "$VENV/bin/python" -m pytest -p no:cacheprovider -q test_service.py)

step "Node: npm ci (Express, locked) and ${tarballs[0]##*/}"
cd "$HERE/node"
# npm ci again only when the lock file changed since the last install.
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    echo "node_modules up to date with package-lock.json"
else
    npm ci --loglevel=error
fi
npm install --no-save --loglevel=error "${tarballs[0]}"

step "Node: Express service (node/server.test.mjs)"
node --test server.test.mjs

step "OK in $((SECONDS - start)) s"
