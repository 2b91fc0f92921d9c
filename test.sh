#!/usr/bin/env bash
# The whole suite, on SQLite and on a real PostgreSQL, with a real Chromium for the browser tests.
# On a fresh Debian machine, run as root: it installs what is missing (PostgreSQL, Chromium),
# starts a throwaway PostgreSQL on its own port and data folder, runs every test project,
# prints one line "N passed, N failed", stops what it started, and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"

PGPORT=${SELLERHUB_TEST_PGPORT:-55432}
PGDATA_DIR=${SELLERHUB_TEST_PGDATA:-/tmp/sellerhub-test-pgdata}
RESULTS=$(mktemp -d)
# Whatever stops the run early still ends with the summary line.
give_up() { echo "$1"; echo "0 passed, 1 failed"; exit 1; }

need=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then give_up "missing: ${need[*]} (run as root to install them)"; fi
  echo "installing: ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || give_up "apt-get could not install ${need[*]}"
fi

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
created_pgdata=0
if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
  rm -rf "$PGDATA_DIR"
  created_pgdata=1
  if [ "$(id -u)" -eq 0 ]; then install -d -o postgres -g postgres -m700 "$PGDATA_DIR"; else install -d -m700 "$PGDATA_DIR"; fi
  pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null || give_up "initdb failed in $PGDATA_DIR"
fi
started_pg=0
if ! pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
  pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/log" -w -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k /tmp -c fsync=off -c synchronous_commit=off -c max_connections=300" start >/dev/null || give_up "PostgreSQL did not start (log: $PGDATA_DIR/log)"
  started_pg=1
fi
cleanup() {
  [ "$started_pg" -eq 1 ] && pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null 2>&1
  # A cluster this run made is thrown away; one that was already there (a developer's) is kept.
  [ "$created_pgdata" -eq 1 ] && rm -rf "$PGDATA_DIR"
  rm -rf "$RESULTS"
}
trap cleanup EXIT

export SELLERHUB_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Pooling=true"
export SELLERHUB_CHROMIUM=${SELLERHUB_CHROMIUM:-$(command -v chromium)}

dotnet build SellerHub.slnx -c Release -nologo -v q || give_up "the build failed"

status=0
passed=0
failed=0
for project in tests/*/; do
  name=$(basename "$project")
  echo "== $name"
  dotnet test --project "$project" -c Release --no-build 2>&1 | tee "$RESULTS/$name.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  p=$(grep -oE 'succeeded: *[0-9]+' "$RESULTS/$name.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
  f=$(grep -oE 'failed: *[0-9]+' "$RESULTS/$name.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
  if [ -z "$p$f" ] || ! grep -qE 'total: *[0-9]+' "$RESULTS/$name.log"; then f=$((f + 1)); status=1; echo "no test summary from $name"; fi
  passed=$((passed + p)); failed=$((failed + f))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
