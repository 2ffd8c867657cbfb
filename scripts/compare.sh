#!/usr/bin/env bash
# compare.sh: is NEW slower than OLD? Compares two revisions of okr in the
# same run on the large organisation, interleaving the two so that the
# machine's noise (other work, thermal state, page cache) falls on both.
#
#   scripts/compare.sh [flags] OLD_REV [NEW_REV]
#
# NEW_REV defaults to the work tree as it is (uncommitted changes included).
# What it does:
#
#  1. Builds `okr` and the internal/web test binary (BenchmarkPages) of both
#     revisions into a temporary directory (`git archive` of the revision; the
#     work tree is built in place).
#  2. Generates the large organisation once on SQLite with the OLD binary
#     (`okr demo --size large`, about 10 s), then gives each binary its own
#     copy and lets it migrate that copy (`okr migrate`, then `okr backup`
#     for one file without a WAL): the old binary never sees the new schema.
#     Each load-test round starts from a fresh copy of its binary's migrated
#     file, so both see the same data every round (the check-ins and edits
#     of earlier rounds are not carried over).
#  3. Load test, --rounds times: start `okr serve` of one revision on a free
#     loopback port, wait for /readyz, drive it with the same revision's
#     `okr loadtest --url` (the client opens the database too, and would
#     migrate it), stop the server; then the other revision. The order
#     alternates (old-new, new-old, …). Prints, per endpoint and for the whole
#     mix, the median over rounds of req/s and p50/p95/p99 for old and new and
#     the ratio new/old, plus the server's peak RSS.
#  4. Page benchmarks, --bench-rounds times alternately: each test binary runs
#     BenchmarkPages once (-test.count 1) on OKR_BENCH_SIZE=--bench-size; then
#     benchstat (pinned in go.mod as a tool, like staticcheck) compares the
#     samples.
#     benchstat needs at least 4 samples per side to call a difference at
#     α = 0.05 (6 for a 95 % interval), hence the default of 6.
#
# Flags (defaults in brackets):
#   --rounds N          load-test rounds per revision [3]
#   --duration D        measured time of each load test [20s]
#   --warmup W          warm-up before measuring [5s]
#   --connections C     load-test connections [16]
#   --bench-rounds N    BenchmarkPages runs per revision [6]
#   --bench-size S      organisation of the benchmarks: medium or large [large]
#   --benchtime T       -test.benchtime of each run [20x]
#   --no-load, --no-bench   skip a part
#   --keep              keep the temporary directory (binaries, outputs, logs)
#
# Every raw output (load-test reports, server logs, benchmark files) is in the
# temporary directory; with --keep it stays for a closer look.
#
# Only SQLite: the PostgreSQL comparison is not implemented (see
# docs/performance.md, "How to compare two revisions").
#
# Example, the full run for docs/performance.md (about 12 minutes on 2 idle cores):
#   scripts/compare.sh 2f29e96
# A quick check that it works (about 5 minutes):
#   scripts/compare.sh --rounds 1 --duration 10s --bench-rounds 1 2f29e96 main
set -euo pipefail

rounds=3 duration=20s warmup=5s connections=16
bench_rounds=6 bench_size=large benchtime=20x
do_load=1 do_bench=1 keep=0

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case $1 in
  --rounds) rounds=$2; shift 2 ;;
  --duration) duration=$2; shift 2 ;;
  --warmup) warmup=$2; shift 2 ;;
  --connections) connections=$2; shift 2 ;;
  --bench-rounds) bench_rounds=$2; shift 2 ;;
  --bench-size) bench_size=$2; shift 2 ;;
  --benchtime) benchtime=$2; shift 2 ;;
  --no-load) do_load=0; shift ;;
  --no-bench) do_bench=0; shift ;;
  --keep) keep=1; shift ;;
  -h | --help) usage ;;
  -*) echo "compare.sh: unknown flag $1" >&2; usage ;;
  *) break ;;
  esac
done
[ $# -ge 1 ] && [ $# -le 2 ] || usage
# --bench-rounds 0 is --no-bench (there would be nothing to compare).
[ "$bench_rounds" -gt 0 ] || do_bench=0

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"

# rev_of NAME: a commit's short hash, or the work tree's HEAD with +dirty
# when it has changes.
old_sha=$(git rev-parse --verify --quiet "$1^{commit}") || { echo "compare.sh: no commit $1" >&2; exit 2; }
old_label=$(git rev-parse --short "$old_sha")
if [ $# -eq 2 ]; then
  new_sha=$(git rev-parse --verify --quiet "$2^{commit}") || { echo "compare.sh: no commit $2" >&2; exit 2; }
  new_label=$(git rev-parse --short "$new_sha")
else
  new_sha=
  new_label="$(git rev-parse --short HEAD)"
  if [ -n "$(git status --porcelain --untracked-files=no)" ]; then new_label="$new_label+dirty"; fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/okr-compare.XXXXXX")
# The children run in the background and the script waits for them, so that
# an interrupt reaches the trap at once; cleanup stops the ones still running.
server_pid= child_pid=
cleanup() {
  local rc=$? pid
  for pid in $child_pid $server_pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if [ "$keep" = 1 ] || [ $rc -ne 0 ]; then
    echo "compare.sh: outputs kept in $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n== %s\n' "$*"; }

# build SIDE SHA: the binaries of one side into $tmp/SIDE; the source stays in
# $tmp/SIDE/src (or is the work tree) because the test binary runs there.
build() {
  local side=$1 sha=$2 src
  mkdir -p "$tmp/$side"
  if [ -z "$sha" ]; then
    src=$root
  else
    src=$tmp/$side/src
    mkdir -p "$src"
    git archive "$sha" | tar -x -C "$src"
  fi
  echo "$src" >"$tmp/$side/srcdir"
  (cd "$src" && go build -buildvcs=false -o "$tmp/$side/okr" ./cmd/okr &&
    go test -buildvcs=false -c -o "$tmp/$side/web.test" ./internal/web)
}

say "machine"
echo "date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "cpu:      $(nproc) × $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "memory:   $(awk '/^MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo)"
echo "go:       $(go version)"
echo "load:     $(cut -d' ' -f1-3 /proc/loadavg)"
echo "old:      $old_label  $(git log -1 --format=%s "$old_sha")"
if [ -n "$new_sha" ]; then
  echo "new:      $new_label  $(git log -1 --format=%s "$new_sha")"
else
  echo "new:      $new_label  (the work tree)"
fi
echo "settings: load test $rounds round(s) × $duration after $warmup warm-up, $connections connections;" \
  "BenchmarkPages $bench_rounds run(s) × $benchtime on $bench_size"
# The load generator of each side drives its own server (see 3. above): say
# when the two differ, so that a changed mix is not read as a slower page.
loadtest_diff=$(git diff --stat "$old_sha" ${new_sha:+"$new_sha"} -- internal/loadtest cmd/okr/loadtest.go)
if [ -n "$loadtest_diff" ]; then
  echo "NOTE: the load generator differs between the revisions (each side runs its own); check the mix is the same:"
  echo "$loadtest_diff"
fi

say "building $old_label and $new_label"
build old "$old_sha"
build new "$new_sha"
ls -l "$tmp"/old/okr "$tmp"/new/okr | awk '{print $5, $NF}'

# ---------------------------------------------------------------- load test

# start_server SIDE DB LOG: okr serve of SIDE on a free port (the kernel
# picks it: --addr 127.0.0.1:0, the address is read from the log); sets
# server_pid and server_url once /readyz answers 200.
start_server() {
  local side=$1 db=$2 log=$3 i
  OKR_DATABASE_URL= "$tmp/$side/okr" serve --db "$db" --addr 127.0.0.1:0 >"$log" 2>&1 &
  server_pid=$!
  server_url=
  for i in $(seq 1 600); do # 60 s; a migration on start would be in here
    if [ -z "$server_url" ]; then
      server_url=$(sed -n 's/^okr is listening on \(http:[^ ]*\).*/\1/p' "$log" | head -1)
    fi
    if [ -n "$server_url" ] && curl -fsS -o /dev/null "$server_url/readyz" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "compare.sh: okr serve ($side) exited; its log:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "compare.sh: okr serve ($side) not ready after 60 s; log in $log" >&2
  exit 1
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" || true # exits non-zero on SIGTERM in some versions
  server_pid=
}

# load_round SIDE ROUND: one load test of SIDE on a fresh copy of its
# database; the report goes to $tmp/load/SIDE.ROUND.txt, the server's peak
# RSS (VmHWM, kB) to SIDE.ROUND.rss.
load_round() {
  local side=$1 r=$2 db=$tmp/load/$1.run.db out=$tmp/load/$1.$2.txt
  rm -f "$db" "$db"-wal "$db"-shm
  cp "$tmp/$side.db" "$db"
  start_server "$side" "$db" "$tmp/load/$side.$r.server.log"
  echo "round $r, $side ($([ "$side" = old ] && echo "$old_label" || echo "$new_label")):" \
    "server $server_url pid $server_pid, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  OKR_DATABASE_URL= "$tmp/$side/okr" loadtest --url "$server_url" --db "$db" --size large \
    --duration "$duration" --warmup "$warmup" --connections "$connections" >"$out" 2>"$tmp/load/$side.$r.err" &
  child_pid=$!
  wait "$child_pid" ||
    { echo "compare.sh: loadtest ($side) failed:" >&2; cat "$tmp/load/$side.$r.err" >&2; exit 1; }
  child_pid=
  sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status" >"$tmp/load/$side.$r.rss"
  stop_server
  rm -f "$db" "$db"-wal "$db"-shm
  awk '/^total/ {printf "  total %s req/s, p50 %s p95 %s p99 %s, errors %s\n", $3, $4, $5, $6, $8}' "$out"
}

# load_table: the medians over rounds, old vs new, from the reports.
load_table() {
  local f side r
  for side in old new; do
    for r in $(seq 1 "$rounds"); do
      f=$tmp/load/$side.$r.txt
      # endpoint (may hold spaces), requests, req/s, p50, p95, p99, max, errors
      # from the header to the total line; the latencies end in "ms".
      awk -v side="$side" '
        /^endpoint/ {on = 1; next}
        on && NF >= 8 && $(NF-4) ~ /ms$/ {
          name = $1; for (i = 2; i <= NF-7; i++) name = name " " $i
          printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", side, name, $(NF-5), $(NF-4)+0, $(NF-3)+0, $(NF-2)+0, $NF
          if (name == "total") on = 0
        }' "$f"
      printf '%s\tpeak RSS (MB)\t%s\t\t\t\t0\n' "$side" "$(awk '{printf "%.0f", $1/1024}' "$tmp/load/$side.$r.rss")"
    done
  done | awk -F'\t' -v rounds="$rounds" '
    function median(s,   n, a, i, j, t) {
      n = split(s, a, " ")
      for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j+1] = a[j]; a[j+1] = t }
      if (n == 0) return ""
      return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
    }
    function ratio(o, n) { return (o == "" || o + 0 == 0) ? "" : sprintf("%.2f", n / o) }
    function cell(v, fmt) { return v == "" ? "" : sprintf(fmt, v) }
    {
      if (!($2 in seen)) { seen[$2] = 1; order[++k] = $2 }
      for (m = 3; m <= 6; m++) if ($m != "") v[$1, $2, m] = v[$1, $2, m] " " $m
      err[$1, $2] += $7
    }
    END {
      printf "%-22s %25s %25s %25s %25s %11s\n", "", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"
      printf "%-22s", "endpoint"
      for (m = 3; m <= 6; m++) printf " %8s %8s %7s", "old", "new", "new/old"
      printf " %5s %5s\n", "old", "new"
      for (i = 1; i <= k; i++) {
        e = order[i]
        if (e == "total") { for (j = 0; j < 143; j++) printf "-"; printf "\n" }
        printf "%-22s", e
        for (m = 3; m <= 6; m++) {
          o = median(v["old", e, m]); n = median(v["new", e, m])
          printf " %8s %8s %7s", cell(o, m == 3 ? "%.1f" : "%.2f"), cell(n, m == 3 ? "%.1f" : "%.2f"), ratio(o, n)
        }
        if (e == "peak RSS (MB)") printf "\n"; else printf " %5d %5d\n", err["old", e], err["new", e]
      }
    }'
}

if [ "$do_load" = 1 ]; then
  say "the large organisation on SQLite (okr demo --size large, $old_label)"
  start=$(date +%s)
  OKR_DATABASE_URL= "$tmp/old/okr" demo --size large --db "$tmp/gen.db" >"$tmp/demo.log" 2>&1 ||
    { cat "$tmp/demo.log" >&2; exit 1; }
  echo "generated in $(($(date +%s) - start)) s"
  # okr backup (VACUUM INTO) gives one self-contained file: the generator may
  # leave its data in gen.db-wal, which a plain copy of gen.db would miss.
  # Each side then migrates a copy and backs it up again, for the same reason.
  OKR_DATABASE_URL= "$tmp/old/okr" backup --db "$tmp/gen.db" "$tmp/base.db" >/dev/null
  rm -f "$tmp"/gen.db*
  for side in old new; do
    cp "$tmp/base.db" "$tmp/$side.migrating.db"
    start=$(date +%s)
    OKR_DATABASE_URL= "$tmp/$side/okr" migrate --db "$tmp/$side.migrating.db" >"$tmp/$side.migrate.log" 2>&1 ||
      { cat "$tmp/$side.migrate.log" >&2; exit 1; }
    OKR_DATABASE_URL= "$tmp/$side/okr" backup --db "$tmp/$side.migrating.db" "$tmp/$side.db" >/dev/null
    rm -f "$tmp/$side.migrating.db"*
    echo "$side: $(grep -o 'schema version [0-9]*' "$tmp/$side.migrate.log" | tail -1)," \
      "migrated in $(($(date +%s) - start)) s, $(du -m "$tmp/$side.db" | cut -f1) MB"
  done
  rm -f "$tmp/base.db"

  say "load test: $rounds round(s), $duration after $warmup warm-up, $connections connections, SQLite"
  mkdir -p "$tmp/load"
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) = 1 ]; then order="old new"; else order="new old"; fi
    for side in $order; do load_round "$side" "$r"; done
  done
  say "load test, median over $rounds round(s): old $old_label, new $new_label (ratio < 1 for req/s, > 1 for latency: new is slower)"
  load_table | tee "$tmp/load/table.txt"
  rm -f "$tmp/old.db" "$tmp/new.db"
fi

# ---------------------------------------------------------------- benchmarks

if [ "$do_bench" = 1 ]; then
  say "BenchmarkPages: $bench_rounds run(s) per revision, -test.benchtime $benchtime, OKR_BENCH_SIZE=$bench_size"
  mkdir -p "$tmp/bench"
  for r in $(seq 1 "$bench_rounds"); do
    if [ $((r % 2)) = 1 ]; then order="old new"; else order="new old"; fi
    for side in $order; do
      start=$(date +%s)
      (cd "$(cat "$tmp/$side/srcdir")/internal/web" &&
        OKR_BENCH_SIZE=$bench_size exec "$tmp/$side/web.test" -test.run '^$' -test.bench 'BenchmarkPages' \
          -test.count 1 -test.benchtime "$benchtime" -test.benchmem) >"$tmp/bench/$side.$r.txt" 2>&1 &
      child_pid=$!
      wait "$child_pid" ||
        { echo "compare.sh: BenchmarkPages ($side) failed:" >&2; cat "$tmp/bench/$side.$r.txt" >&2; exit 1; }
      child_pid=
      cat "$tmp/bench/$side.$r.txt" >>"$tmp/bench/$side"
      echo "run $r, $side: $(($(date +%s) - start)) s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    done
  done
  # benchstat labels the columns by file name.
  cp "$tmp/bench/old" "$tmp/bench/old-$old_label"
  cp "$tmp/bench/new" "$tmp/bench/new-$new_label"
  say "benchstat: old $old_label, new $new_label"
  go build -o "$tmp/benchstat" golang.org/x/perf/cmd/benchstat
  (cd "$tmp/bench" && "$tmp/benchstat" "old-$old_label" "new-$new_label") | tee "$tmp/bench/benchstat.txt"
fi
