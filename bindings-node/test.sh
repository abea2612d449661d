#!/usr/bin/env bash
# Build the Node addon with the napi CLI, run the node:test suite against it, then pack the npm
# package, install the tarball into a throwaway project and use it from CommonJS, ESM and
# TypeScript (tsc --noEmit against the shipped index.d.ts).
# Idempotent; needs node >= 20 with npm and a Rust toolchain; the rest comes from npm.
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

step "node $(node --version), npm $(npm --version 2>/dev/null)"
step "npm ci"
npm ci --no-audit --no-fund --loglevel=error

step "napi build --platform (debug) -> blajarplus.linux-x64-gnu.node, index.js, index.d.ts"
npx --no-install napi build --platform
for f in index.js index.d.ts blajarplus.linux-x64-gnu.node; do
    [ -s "$f" ] || { echo "napi build did not produce $f" >&2; exit 1; }
done
if ! git -C "$REPO" diff --quiet -- bindings-node/index.js bindings-node/index.d.ts; then
    if [ "${CI:-}" = "true" ]; then
        echo "index.js / index.d.ts differ from the committed ones: rebuild and commit them" >&2
        git -C "$REPO" diff --stat -- bindings-node/index.js bindings-node/index.d.ts >&2
        exit 1
    fi
    echo "note: regenerated index.js / index.d.ts differ from git: commit them with your change"
fi

step "node --test __test__/"
node --test __test__/*.test.cjs __test__/*.test.mjs

step "npm pack"
PACKS="$REPO/target/npm-pack"
rm -rf "$PACKS"
mkdir -p "$PACKS"
tarball="$PACKS/$(npm pack --pack-destination "$PACKS" --loglevel=error | tail -n 1)"
[ -s "$tarball" ] || { echo "npm pack produced no tarball" >&2; exit 1; }
echo "packed ${tarball##*/}"
tar -tzf "$tarball"

step "install the tarball into a throwaway project"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
printf '{ "name": "blajarplus-consumer", "version": "0.0.0", "private": true }\n' > package.json
npm install --no-audit --no-fund --loglevel=error "$tarball"

step "use it from CommonJS (require) and ESM (import)"
node -e '
const assert = require("node:assert/strict")
const b = require("blajarplus")
assert.equal(typeof b.version(), "string")
b.versionAsync().then((v) => { assert.equal(v, b.version()); console.log("require ok:", v) })
'
node --input-type=module -e '
import assert from "node:assert/strict"
import { version, versionAsync } from "blajarplus"
assert.equal(await versionAsync(), version())
console.log("import ok:", version())
'

step "tsc --noEmit on a typed usage file against the installed package"
cp "$HERE/ts/usage.ts" "$HERE/ts/tsconfig.json" "$WORK/"
"$HERE/node_modules/.bin/tsc" --version
"$HERE/node_modules/.bin/tsc" -p "$WORK/tsconfig.json"
echo "tsc ok"

step "OK in $((SECONDS - start)) s"
