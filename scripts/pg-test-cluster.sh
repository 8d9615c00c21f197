#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and development, run as the non-root `postgres` user
# (or the current user when not root), on a free local port, in a temp directory.
#   eval "$(bash scripts/pg-test-cluster.sh start)"   # exports AGENIX_TEST_PG_URL and AGENIX_TEST_PG_DIR
#   bash scripts/pg-test-cluster.sh stop "$AGENIX_TEST_PG_DIR"
set -euo pipefail
cmd=${1:-start}
bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL server binaries not found (install Debian's postgresql package, or set PG_BINDIR)" >&2
  exit 1
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    dir=$(mktemp -d /tmp/agenix-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    as_pg "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "export AGENIX_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/postgres"
    echo "export AGENIX_TEST_PG_DIR=$dir"
    echo "export AGENIX_TEST_PG_BINDIR=$bindir"
    ;;
  stop)
    dir=${2:?usage: stop DIR}
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
