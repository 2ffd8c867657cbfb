#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine with Go: installs what
# the tests need when it is missing (PostgreSQL 15, Chromium), starts a
# throwaway PostgreSQL cluster on loopback, runs every test, removes the
# cluster. Used by `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || need+=(postgresql-15)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v zsh >/dev/null 2>&1 || need+=(zsh)   # okr completion zsh is checked by zsh -n
command -v fish >/dev/null 2>&1 || need+=(fish) # okr completion fish is run by fish
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils) # the review PDF is checked as text and PNG
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]} from Debian's packages"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# A throwaway PostgreSQL cluster on loopback, with pg_stat_statements tracking
# planning (store.TestHotStatementsAreNotPlannedPerExecution reads it).
PGDIR=$(mktemp -d /tmp/okr-pg.XXXXXX)
PGPORT=${PGPORT:-$(( 20000 + RANDOM % 20000 ))}
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$PGDIR"
cleanup() {
  run_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT
run_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres -A trust >/dev/null
run_pg "$PGBIN/pg_ctl" -w -D "$PGDIR/data" -l "$PGDIR/log" \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on" start >/dev/null
export OKR_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres?sslmode=disable"
export OKR_TEST_CHROMIUM=${OKR_TEST_CHROMIUM:-$(command -v chromium)}
export OKR_TEST_REQUIRE_ALL=1 # tests fail instead of skipping when PostgreSQL or Chromium is missing
echo "== PostgreSQL 15 on 127.0.0.1:$PGPORT, Chromium at $OKR_TEST_CHROMIUM"

start=$(date +%s)
echo "== generated code is up to date (go tool templ generate)"
./scripts/check-generated.sh
echo "== go vet"
go vet ./...
./scripts/lint.sh
echo "== go test"
# The API's contract test (internal/web/api/contract_test.go) writes its
# counts here: operations covered, responses validated, mismatches.
export OKR_CONTRACT_REPORT="$PGDIR/contract.txt"
go test -count=1 -timeout 15m "$@" ./...
cat "$OKR_CONTRACT_REPORT" 2>/dev/null || true
echo "== all tests passed in $(( $(date +%s) - start )) s"
