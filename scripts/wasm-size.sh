#!/usr/bin/env bash
# Prints the release WASM's raw, gzip and brotli sizes and fails when the
# compressed size a browser downloads exceeds the budget (KB, first argument).
set -euo pipefail
budget_kb=${1:-250}
pkg=target/site/pkg
wasm=$(ls "$pkg"/*.wasm | head -n1)
raw=$(stat -c %s "$wasm")
gz=$( [ -f "$wasm.gz" ] && stat -c %s "$wasm.gz" || gzip -9 -c "$wasm" | wc -c)
br=$( [ -f "$wasm.br" ] && stat -c %s "$wasm.br" || echo "$gz")
awk -v n="$(basename "$wasm")" -v r="$raw" -v g="$gz" -v b="$br" 'BEGIN {
  printf "WASM %s: raw %d B (%.1f KB), gzip %d B (%.1f KB), brotli %d B (%.1f KB)\n", n, r, r/1024, g, g/1024, b, b/1024 }'
served=$br
if (( served > budget_kb * 1024 )); then
  echo "the WASM as served is over the ${budget_kb} KB budget" >&2
  exit 1
fi
