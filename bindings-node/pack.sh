#!/usr/bin/env bash
# Pack the npm packages of the addon(s) built here, laid out as they are published: the root
# package `blajarplus` (loader, ESM entry, declarations; an optionalDependency on each
# per-platform package) and one `blajarplus-<platform>` per built addon (the .node file, with
# its os/cpu/libc). Run after `npx napi build --platform [--release]`; prints the tarballs'
# paths. Usage: ./pack.sh [OUT_DIR]   (default: ../target/npm-release; emptied first)
#
# napi's own tools make the layout, on a copy: `napi artifacts` moves each addon into its
# npm/<platform>/ package and `napi pre-publish --skip-optional-publish` writes the root
# package's optionalDependencies. Both want an addon for every target in package.json, so the
# copy names only the targets built here; a release collects every target's addon first and
# runs them on the real package.json (docs/src/install.md).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$(mkdir -p "${1:-$HERE/../target/npm-release}" && cd "${1:-$HERE/../target/npm-release}" && pwd)"
NAPI="$HERE/node_modules/.bin/napi"
cd "$HERE"

shopt -s nullglob
addons=(blajarplus.*.node)
shopt -u nullglob
[ "${#addons[@]}" -gt 0 ] || { echo "no addon here: run npx napi build --platform first" >&2; exit 1; }

rm -rf "$OUT"
STAGE="$OUT/stage"
mkdir -p "$STAGE/artifacts" "$OUT/packs"
cp -r package.json index.js index.d.ts index.mjs index.d.mts npm "$STAGE/"
for addon in "${addons[@]}"; do
    # Debug info is most of an addon's size (50 MB of DWARF in a debug build); users need none.
    strip --strip-debug -o "$STAGE/artifacts/$addon" "$addon"
done

node --input-type=module - "$STAGE" "${addons[@]}" <<'JS'
import fs from 'node:fs'
import { createRequire } from 'node:module'
const require = createRequire(process.cwd() + '/')
const { parseTriple } = require('@napi-rs/cli')
const [stage, ...addons] = process.argv.slice(2)
const file = `${stage}/package.json`
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'))
const built = new Set(addons.map((a) => a.split('.')[1]))
pkg.napi.targets = pkg.napi.targets.filter((t) => built.has(parseTriple(t).platformArchABI))
if (pkg.napi.targets.length !== built.size) {
  throw new Error(`addons ${[...built]} are not all among package.json's napi.targets`)
}
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n')
JS
"$NAPI" artifacts --cwd "$STAGE" --output-dir artifacts --npm-dir npm >/dev/null
"$NAPI" pre-publish --cwd "$STAGE" --npm-dir npm --skip-optional-publish --no-gh-release >/dev/null

(cd "$STAGE" && npm pack --pack-destination "$OUT/packs" --loglevel=error >/dev/null)
for addon in "${addons[@]}"; do
    abi="${addon#blajarplus.}"
    (cd "$STAGE/npm/${abi%.node}" && npm pack --pack-destination "$OUT/packs" --loglevel=error >/dev/null)
done
ls "$OUT"/packs/*.tgz
