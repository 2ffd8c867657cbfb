#!/usr/bin/env bash
# Runs every fuzz target for FUZZTIME (default 30s) each, one after the
# other (make fuzz; make fuzz FUZZTIME=10m for a longer run; FUZZPARALLEL=N workers). A failing input
# is written to the package's testdata/fuzz/FuzzXxx/ directory and the script
# stops: fix the code, keep the file (it is a seed from then on, run by plain
# `go test`, thus by make test), and commit both. FUZZ=FuzzCoach runs one.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-30s}
targets=(
  ./internal/okrfile:FuzzDecode
  ./internal/web:FuzzParseNumber
  ./internal/web:FuzzSafeNext
  ./internal/web/api:FuzzAPIRequestBodies
  ./internal/coach:FuzzCoach
)
for t in "${targets[@]}"; do
  pkg=${t%%:*} name=${t##*:}
  if [ -n "${FUZZ:-}" ] && [ "$FUZZ" != "$name" ]; then
    continue
  fi
  echo "== $name ($pkg) for $FUZZTIME"
  # Minimizing a new input may take up to -fuzzminimizetime (60 s by
  # default) with the example file as seed; 5 s keeps the run fuzzing.
  nice go test "$pkg" -parallel "${FUZZPARALLEL:-2}" -fuzzminimizetime "${FUZZMINIMIZETIME:-5s}" -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME"
done
