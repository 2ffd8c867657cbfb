#!/usr/bin/env bash
# Static checks run by make test: staticcheck, and a dead-code check
# (functions no program or test reaches). Both tools are pinned in go.mod
# (go tool). Fails on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== staticcheck"
go tool staticcheck ./...
echo "== dead code (deadcode -test)"
out=$(go tool deadcode -test ./...)
if [ -n "$out" ]; then
  echo "$out"
  echo "unreachable functions: delete them, or use them" >&2
  exit 1
fi
