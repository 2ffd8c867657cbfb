#!/usr/bin/env bash
# Fails when a committed *_templ.go file is not what the pinned generator
# (the templ tool in go.mod) makes from its .templ file, or when a .templ
# file has no generated file: generated code is committed and must match.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Generate into a copy so the work tree is never changed by a check.
git ls-files -co --exclude-standard -- '*.templ' '*_templ.go' | while read -r f; do
  mkdir -p "$tmp/$(dirname "$f")"; cp "$f" "$tmp/$f"
done
cp go.mod go.sum "$tmp/"
(cd "$tmp" && find . -name '*_templ.go' -delete && go tool -modfile="$OLDPWD/go.mod" templ generate -log-level error >/dev/null) || {
  echo "templ generate failed" >&2; exit 1; }
stale=0
while read -r f; do
  g="${f%.templ}_templ.go"
  if ! cmp -s "$g" "$tmp/$g"; then
    echo "stale generated file: $g (run: go tool templ generate)" >&2
    stale=1
  fi
done < <(git ls-files -co --exclude-standard -- '*.templ')
exit $stale
