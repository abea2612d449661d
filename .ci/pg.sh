# Sourced by the test command: provides a PostgreSQL server for the tests.
#
# With DATABASE_URL set, that server is used. Otherwise a throwaway PostgreSQL 15 cluster is
# created in a temporary folder on a free port and stopped (and deleted) on exit. As root,
# initdb/pg_ctl run as the `postgres` user, which PostgreSQL requires.

pg_bindir() {
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ] && { pg_config --bindir; return 0; }
  return 1
}

pg_start() {
  if [ -n "${DATABASE_URL:-}" ]; then
    export BLAJARPLUS_TEST_PG_URL="$DATABASE_URL"
    echo "==> PostgreSQL: using DATABASE_URL"
    return 0
  fi
  local bin
  if ! bin=$(pg_bindir) && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> PostgreSQL: server binaries missing; installing them from Debian's packages"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || true
  fi
  if ! bin=$(pg_bindir); then
    echo "ERROR: PostgreSQL server binaries (initdb, pg_ctl) not found, and DATABASE_URL is not set." >&2
    echo "       Install PostgreSQL 15 (Debian: apt-get install postgresql-15) or export DATABASE_URL=postgres://…" >&2
    return 1
  fi
  PG_TMP=$(mktemp -d /tmp/blajarplus-pg.XXXXXX)
  chmod 755 "$PG_TMP"
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PG_TMP"
    as=(runuser -u postgres --)
  fi
  PG_AS=("${as[@]}")
  echo "==> PostgreSQL: throwaway cluster in $PG_TMP on port $PG_PORT"
  "${as[@]}" "$bin/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --no-locale >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w \
    -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$PG_TMP/server.log" >&2; return 1; }
  PG_BIN="$bin"
  export BLAJARPLUS_TEST_PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  # The cluster's Unix socket directory, for the tests of libpq's socket URL forms.
  export BLAJARPLUS_TEST_PG_SOCKET_DIR="$PG_TMP"
}

pg_stop() {
  if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
    echo "==> PostgreSQL: throwaway cluster stopped"
  fi
}
