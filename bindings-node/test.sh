#!/usr/bin/env bash
# Build the Node addon with the napi CLI (linked by zig against glibc 2.17, checked with
# objdump), run the node:test suite against it (the facade's suites and the generated contract
# table on SQLite and on a fresh PostgreSQL database, binding parity with the facade, the
# declarations against the exports and the book's error table), then check the per-platform
# package folders (npm/<platform>/, one per target in package.json) against napi
# create-npm-dirs, pack the packages as published (pack.sh: the root package and
# blajarplus-linux-x64-gnu with the addon), lint the root's exports map and its types for
# CommonJS and ESM (publint, arethetypeswrong), install both tarballs into a throwaway project,
# check that the addon loads from the platform package, use it from CommonJS, ESM and TypeScript
# (tsc --noEmit as CommonJS and as ESM against the shipped declarations), and run
# examples/node/quickstart.mjs.
# Idempotent; needs node >= 20 with npm, a Rust toolchain, python3 (with venv), binutils'
# objdump and PostgreSQL's psql; the rest comes from npm and PyPI (zig, cargo-zigbuild).
# PostgreSQL: the server at BLAJARPLUS_TEST_PG_URL (as .ci/test-all.sh starts it), else a
# throwaway cluster from .ci/pg.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
# `napi build` always passes `--target <host triple>`, so it builds into
# $CARGO_TARGET_DIR/x86_64-unknown-linux-gnu/: sharing the workspace target dir keeps the host
# build scripts and proc macros shared and the --target tree warm between runs.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step() { printf '\n==> [node] %s\n' "$*"; }
start=$SECONDS
cd "$HERE"

WORK=""
PG_DB=""
PG_ADMIN_URL=""
cleanup() {
    if [ -n "$PG_DB" ]; then
        psql "$PG_ADMIN_URL" -qAt -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    [ -z "$WORK" ] || rm -rf "$WORK"
    if declare -F pg_stop >/dev/null; then pg_stop; fi
}
trap cleanup EXIT

step "node $(node --version), npm $(npm --version 2>/dev/null)"
# npm ci again only when the lock file changed since the last install (it takes ~15 s).
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    step "node_modules up to date with package-lock.json"
else
    step "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
fi

# zig links the addon against glibc 2.17 (cargo-zigbuild drives cargo; both from PyPI), so
# the linux-x64-gnu package loads on distributions older than the one that built it.
ZIG_VENV="$REPO/target/zig-venv"
ZIGLANG_VERSION=0.17.1 CARGO_ZIGBUILD_VERSION=0.24.0
if ! "$ZIG_VENV/bin/python" -c 'import ziglang' >/dev/null 2>&1; then
    rm -rf "$ZIG_VENV"
    python3 -m venv "$ZIG_VENV"
fi
"$ZIG_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "ziglang==$ZIGLANG_VERSION" "cargo-zigbuild==$CARGO_ZIGBUILD_VERSION"
GLIBC=2.17

step "napi build --platform -x --target x86_64-unknown-linux-gnu.$GLIBC (debug) -> blajarplus.linux-x64-gnu.node, index.js, index.d.ts"
PATH="$ZIG_VENV/bin:$PATH" npx --no-install napi build --platform -x --target "x86_64-unknown-linux-gnu.$GLIBC"
for f in index.js index.d.ts blajarplus.linux-x64-gnu.node; do
    [ -s "$f" ] || { echo "napi build did not produce $f" >&2; exit 1; }
done
newest=$(objdump -T blajarplus.linux-x64-gnu.node | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
echo "the addon needs glibc $newest or newer"
if [ "$(printf '%s\n' "$newest" "$GLIBC" | sort -V | tail -n 1)" != "$GLIBC" ]; then
    echo "the addon needs glibc $newest: more than $GLIBC" >&2
    exit 1
fi
if ! git -C "$REPO" diff --quiet -- bindings-node/index.js bindings-node/index.d.ts; then
    if [ "${CI:-}" = "true" ]; then
        echo "index.js / index.d.ts differ from the committed ones: rebuild and commit them" >&2
        git -C "$REPO" diff --stat -- bindings-node/index.js bindings-node/index.d.ts >&2
        exit 1
    fi
    echo "note: regenerated index.js / index.d.ts differ from git: commit them with your change"
fi

step "PostgreSQL: a fresh database for this run"
if [ -z "${BLAJARPLUS_TEST_PG_URL:-}" ]; then
    # shellcheck source=../.ci/pg.sh
    source "$REPO/.ci/pg.sh"
    pg_start
fi
PG_ADMIN_URL="$BLAJARPLUS_TEST_PG_URL"
PG_DB="blajarplus_node_$(date +%s)_$RANDOM"
psql "$PG_ADMIN_URL" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $PG_DB" >/dev/null
# Same server and credentials, this run's database (node's URL keeps any query parameters).
BLAJARPLUS_TEST_PG_URL="$(node -e 'const u = new URL(process.argv[1]); u.pathname = `/${process.argv[2]}`; console.log(u.href)' "$PG_ADMIN_URL" "$PG_DB")"
export BLAJARPLUS_TEST_PG_URL
echo "database $PG_DB"

step "node --test __test__/ (SQLite, PostgreSQL, contract table, parity, declarations, errors, version)"
node --test __test__/*.test.cjs __test__/*.test.mjs

step "npm/<platform>/ is what napi create-npm-dirs makes for every target in package.json"
CHECK="$REPO/target/npm-dirs-check"
rm -rf "$CHECK"
mkdir -p "$CHECK"
cp package.json "$CHECK/"
npx --no-install napi create-npm-dirs --cwd "$CHECK" >/dev/null
diff -r "$CHECK/npm" npm
ls npm

HOST_ABI=linux-x64-gnu
step "pack.sh: the root package (JS and types only) and blajarplus-$HOST_ABI (the addon)"
REL="$REPO/target/npm-release"
"$HERE/pack.sh" "$REL"
STAGE="$REL/stage"
root_tgz="$REL/packs/blajarplus-$(node -p 'require("./package.json").version').tgz"
addon_tgz="${root_tgz/blajarplus-/blajarplus-$HOST_ABI-}"
for t in "$root_tgz" "$addon_tgz"; do
    [ -s "$t" ] || { echo "pack.sh made no ${t##*/}" >&2; exit 1; }
    echo "${t##*/}:"; tar -tzf "$t" | sed 's/^/  /'
done
root_files=$(tar -tzf "$root_tgz")
addon_files=$(tar -tzf "$addon_tgz")
if grep -q '\.node$' <<<"$root_files"; then
    echo "the root package must not carry an addon: it comes from blajarplus-<platform>" >&2
    exit 1
fi
grep -qx "package/blajarplus.$HOST_ABI.node" <<<"$addon_files" \
    || { echo "blajarplus-$HOST_ABI lacks its addon" >&2; exit 1; }
node -e '
const assert = require("node:assert/strict")
const pkg = JSON.parse(require("node:child_process").execFileSync("tar", ["-xzOf", process.argv[1], "package/package.json"]))
assert.deepEqual(pkg.optionalDependencies, { [`blajarplus-${process.argv[2]}`]: pkg.version })
console.log("optionalDependencies:", JSON.stringify(pkg.optionalDependencies))
' "$root_tgz" "$HOST_ABI"

step "the root package's exports and types (publint --strict, arethetypeswrong)"
"$HERE/node_modules/.bin/publint" run --strict "$STAGE"
"$HERE/node_modules/.bin/attw" --format table-flipped "$root_tgz"

step "install both tarballs into a throwaway project"
WORK="$(mktemp -d)"
cd "$WORK"
printf '{ "name": "blajarplus-consumer", "version": "0.0.0", "private": true }\n' > package.json
npm install --no-audit --no-fund --loglevel=error "$root_tgz" "$addon_tgz"
node -e '
require("blajarplus")
const loaded = Object.keys(require.cache).filter((f) => f.endsWith(".node"))
const want = require.resolve(`blajarplus-${process.argv[1]}`)
if (loaded.length !== 1 || loaded[0] !== want) throw new Error(`addon loaded from ${loaded}, not ${want}`)
console.log("addon from", want.slice(process.cwd().length + 1))
' "$HOST_ABI"

step "use it from CommonJS (require) and ESM (import)"
node -e '
const assert = require("node:assert/strict")
const b = require("blajarplus")
assert.equal(typeof b.version(), "string")
b.versionAsync().then((v) => { assert.equal(v, b.version()); console.log("require ok:", v) })
b.Marketplace.open("sqlite::memory:").then(async (m) => {
  const u = await m.registerUser({ role: "student", fullName: "Cjs", email: "cjs@example.id" })
  assert.equal((await m.me({ userId: u.id, role: "student" })).email, "cjs@example.id")
  console.log("require Marketplace ok")
})
'
node --input-type=module -e '
import assert from "node:assert/strict"
import { version, versionAsync, Marketplace, FixedClock, ErrorCode, Role } from "blajarplus"
assert.equal(await versionAsync(), version())
const clock = new FixedClock(new Date("2030-01-07T00:00:00Z"))
const m = await Marketplace.open("sqlite::memory:", { clock })
assert.deepEqual(m.now(), clock.now())
await assert.rejects(m.me({ userId: "nope", role: Role.Admin }), { code: ErrorCode.Validation, field: "userId" })
await m.close()
await assert.rejects(m.catalog(), { code: ErrorCode.Config })
console.log("import ok:", version())
'

step "examples/node/quickstart.mjs against the installed package (SQLite)"
cp "$REPO/examples/node/quickstart.mjs" "$WORK/"
node "$WORK/quickstart.mjs"

step "tsc --noEmit on a typed usage file, as CommonJS (.ts) and as ESM (.mts), against the installed package"
cp "$HERE/ts/usage.ts" "$HERE/ts/tsconfig.json" "$WORK/"
cp "$HERE/ts/usage.ts" "$WORK/usage.mts"
"$HERE/node_modules/.bin/tsc" --version
"$HERE/node_modules/.bin/tsc" -p "$WORK/tsconfig.json"
echo "tsc ok"

step "OK in $((SECONDS - start)) s"
