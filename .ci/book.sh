#!/usr/bin/env bash
# Builds the book (docs/ → target/book) as CI does and checks every link in it and in the
# repository's Markdown files (.ci/check-links.py). Installs what it needs when missing: mdBook
# (pinned, built from crates.io) and Mermaid's single-file browser build (pinned, from npm),
# which docs/mermaid-init.js loads beside the pages to draw the lifecycle's state diagram.
# The book's Rust examples are not run here: they are doctests of core (core/src/book.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

MDBOOK_VERSION=0.5.4
MERMAID_TINY_VERSION=12.0.0

# tool NAME VERSION: the path of an installed NAME of exactly VERSION, else nothing.
tool() {
  local c
  for c in "$(command -v "$1" || true)" "${CARGO_HOME:-$HOME/.cargo}/bin/$1" "$ROOT/target/tools/bin/$1"; do
    if [ -n "$c" ] && [ -x "$c" ] && [ "$("$c" --version 2>/dev/null)" = "$1 v$2" ]; then
      echo "$c"
      return
    fi
  done
}

MDBOOK=$(tool mdbook "$MDBOOK_VERSION")
if [ -z "$MDBOOK" ]; then
  # Into cargo's own bin folder, where later clones on this machine find it, unless another
  # mdbook is there: then under target/, leaving the developer's alone. Without the default
  # features serve and watch (a web server and a file watcher, which a build does not use).
  # A debug build without debug info: measured on this 2-core machine kind, it compiles with
  # 1.3 CPU-minutes instead of a release build's 3.3, and still builds this book in 1.5 s.
  root="${CARGO_HOME:-$HOME/.cargo}"
  [ ! -e "$root/bin/mdbook" ] || root="$ROOT/target/tools"
  t0=$SECONDS
  CARGO_PROFILE_DEV_DEBUG=0 cargo install mdbook --locked --version "$MDBOOK_VERSION" --debug \
    --no-default-features --features search --root "$root" --target-dir "$ROOT/target/tools/build"
  rm -rf "$ROOT/target/tools/build" # ~300 MB of intermediate files: the binary is all we need
  echo "mdbook $MDBOOK_VERSION installed in $((SECONDS - t0)) s"
  MDBOOK=$(tool mdbook "$MDBOOK_VERSION")
  [ -n "$MDBOOK" ] || { echo "mdbook $MDBOOK_VERSION: installed, but not found" >&2; exit 1; }
fi

MERMAID_JS="$ROOT/target/tools/mermaid-tiny-$MERMAID_TINY_VERSION/mermaid.tiny.js"
if [ ! -s "$MERMAID_JS" ]; then
  d=$(mktemp -d)
  (cd "$d" && npm pack --silent "@mermaid-js/tiny@$MERMAID_TINY_VERSION" >/dev/null && tar -xzf ./*.tgz)
  mkdir -p "$(dirname "$MERMAID_JS")"
  mv "$d/package/dist/mermaid.tiny.js" "$MERMAID_JS"
  rm -rf "$d"
fi

rm -rf target/book
"$MDBOOK" build docs
cp "$MERMAID_JS" target/book/
python3 .ci/check-links.py target/book
