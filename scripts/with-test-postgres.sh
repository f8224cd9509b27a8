#!/usr/bin/env bash
# Runs a command with LONGPREF_TEST_PG naming a throwaway PostgreSQL cluster: initdb into a temp folder (as the
# `postgres` user when run as root: PostgreSQL refuses to run as root), loopback only, fsync off (the data dies
# with the run), stopped and removed when the command ends, whatever its outcome.
#   scripts/with-test-postgres.sh npx vitest run test/api
# Given LONGPREF_TEST_PG already, it runs the command on that server instead. Without PostgreSQL installed it
# fails under CI=true (.ci/run installs it) and elsewhere skips the command, saying so.
set -euo pipefail

if [ -n "${LONGPREF_TEST_PG:-}" ]; then
  exec "$@"
fi

bindir=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
    bindir="$candidate"
    break
  fi
done
if [ -z "$bindir" ] && command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
  bindir="$(dirname "$(command -v initdb)")"
fi
if [ -z "$bindir" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "CI: PostgreSQL (initdb, pg_ctl) is missing; the suites cannot run on PostgreSQL (.ci/run installs it)" >&2
    exit 1
  fi
  echo "SKIPPED the PostgreSQL pass: no PostgreSQL found (apt-get install postgresql, or set LONGPREF_TEST_PG)" >&2
  exit 0
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/longpref-pg-XXXXXX")"
port="$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"

as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
if [ "$(id -u)" = "0" ]; then
  chown postgres "$dir"
fi

stop_cluster() {
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop_cluster EXIT

as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# Many test processes each hold a few connections; the socket lives in the temp folder, not /var/run.
options="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$options" -w -t 60 start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }

echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port (throwaway, fsync off)" >&2
export LONGPREF_TEST_PG="postgres://postgres@127.0.0.1:$port/"
"$@"
