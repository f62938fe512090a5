#!/usr/bin/env bash
# Lighthouse (mobile: emulated phone, simulated slow 4G and 4x CPU) on the
# pages the issue budgets — home, the navigator, an item page, the apply
# page (signed in) and the tracking page — in Debian's Chromium, headless,
# against a server already serving the release site. Prints performance
# and accessibility per page and fails under the budget (95 and 100).
#
#   scripts/lighthouse.sh [BASE_URL]      (default http://127.0.0.1:3000)
#   RUNS=3 scripts/lighthouse.sh          best of three runs per page
#
# `make lighthouse` builds in release, starts target/release/server on its
# own data directory and runs this. Reports go to target/lighthouse/*.json.
set -euo pipefail
base=${1:-http://127.0.0.1:3000}
runs=${RUNS:-1}
min_perf=${MIN_PERFORMANCE:-95}
min_a11y=${MIN_ACCESSIBILITY:-100}
LIGHTHOUSE_VERSION=12.8.2
dir=target/lighthouse
mkdir -p "$dir"
lh=$dir/node_modules/.bin/lighthouse
if ! "$lh" --version 2>/dev/null | grep -qx "$LIGHTHOUSE_VERSION"; then
  (cd "$dir" && npm install --no-audit --no-fund --no-save "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null)
fi
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

# The apply page needs a signed-in citizen: a session from the JSON API,
# passed to Lighthouse as a cookie header.
cookie=$(curl -sS -o /dev/null -D - -H 'content-type: application/json' \
  -d '{"username":"citizen.demo","password":"Banshi-Demo-2026"}' "$base/api/v1/session" |
  tr -d '\r' | awk -F'[ ;]' 'tolower($1) == "set-cookie:" && $2 ~ /banshi_session=/ {print $2; exit}')
[ -n "$cookie" ] || { echo "could not sign in citizen.demo at $base" >&2; exit 1; }

pages=(
  "home /"
  "navigator /services"
  "item /services/440100-MZJ-0001"
  "apply /apply?bundle=440100/birth"
  "tracking /track?case_no=440100-20261102-000001&code=GZBS2K26"
)
failed=0
printf '%-10s %12s %14s  %s\n' page performance accessibility "LCP / TBT / CLS"
for entry in "${pages[@]}"; do
  name=${entry%% *}
  path=${entry#* }
  headers='{}'
  [ "$name" = apply ] && headers="{\"Cookie\": \"$cookie\"}"
  best_perf=-1
  for run in $(seq 1 "$runs"); do
    out=$dir/$name-$run.json
    "$lh" "$base$path" --quiet --output=json --output-path="$out" \
      --only-categories=performance,accessibility --form-factor=mobile \
      --extra-headers="$headers" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync" \
      >/dev/null 2>"$dir/$name-$run.log" || { echo "lighthouse failed on $path (see $dir/$name-$run.log)" >&2; failed=1; continue; }
    read -r perf a11y detail < <(node -e '
      const r = require(process.argv[1]);
      const a = r.audits, s = (k) => Math.round(r.categories[k].score * 100);
      const ms = (k) => Math.round(a[k].numericValue);
      console.log(s("performance"), s("accessibility"),
        `${ms("largest-contentful-paint")}ms/${ms("total-blocking-time")}ms/${a["cumulative-layout-shift"].numericValue.toFixed(3)}`);
    ' "$PWD/$out")
    if (( perf > best_perf )); then best_perf=$perf; best_a11y=$a11y; best_detail=$detail; fi
  done
  (( best_perf >= 0 )) || continue
  printf '%-10s %12s %14s  %s\n' "$name" "$best_perf" "$best_a11y" "$best_detail"
  if (( best_perf < min_perf || best_a11y < min_a11y )); then failed=1; fi
done
if (( failed )); then
  echo "under the budget (performance >= $min_perf, accessibility >= $min_a11y) or a run failed" >&2
  exit 1
fi
