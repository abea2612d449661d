#!/usr/bin/env bash
# The one test command (`make test`): builds everything and runs every test — Rust on SQLite
# and PostgreSQL, the examples, and each binding's suite. Installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

source .ci/pg.sh
trap pg_stop EXIT
pg_start

step() { echo; echo "==> $*"; }

step "format check"
cargo fmt --all -- --check

# The book (docs/): its Rust examples (and the README's) are doctests of core
# (core/src/book.rs), run with the Rust tests below. Early, because once mdBook is installed a
# broken link fails here in a second.
step "the book: mdbook build docs, then every link in it and in the Markdown files"
.ci/book.sh

step "clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests (core on SQLite and PostgreSQL, examples, doctests: the book's and README's examples too)"
cargo test --workspace --locked

step "quickstart example"
cargo run --locked -q --example quickstart >/dev/null

step "the crate as published: cargo publish --dry-run -p blajarplus (packs it, builds it from the package)"
# --allow-dirty: the check is the package's contents and build, not the work tree's state.
cargo publish --dry-run --allow-dirty -p blajarplus

step "one database each: the library with PostgreSQL alone, with SQLite alone (its unit tests), bindings-mobile for a phone"
cargo check --locked -p blajarplus --lib --no-default-features --features postgres
cargo test --locked -p blajarplus --lib --no-default-features --features sqlite
cargo check --locked -p blajarplus-mobile --lib --no-default-features --features sqlite
phone_deps=$(cargo tree --locked -p blajarplus-mobile --no-default-features --features sqlite -e normal --prefix none)
grep -q '^sqlx-sqlite ' <<<"$phone_deps" || { echo "no sqlx-sqlite in the phone build's tree?" >&2; exit 1; }
if grep '^sqlx-postgres ' <<<"$phone_deps"; then
    echo "the phone build of bindings-mobile links the PostgreSQL driver" >&2
    exit 1
fi
echo "bindings-mobile --no-default-features --features sqlite: sqlx-sqlite, no sqlx-postgres"

for b in python node mobile; do
  if [ -x "bindings-$b/test.sh" ]; then
    step "bindings-$b"
    "bindings-$b/test.sh"
  fi
done

# After the bindings: the services reuse the wheel and the tarball their scripts built.
step "reference HTTP services (examples/services)"
examples/services/test.sh

step "all tests passed"
