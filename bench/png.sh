#!/usr/bin/env bash
# Renders a benchmark result's report.html to report.png with headless Chromium (issue 8).
# Usage: bench/png.sh bench-results/<run>   (needs chromium on PATH; nothing is fetched)
set -euo pipefail
dir="$(cd "$1" && pwd)"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
	--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost" \
	--screenshot="$dir/report.png" --window-size=1400,2000 "file://$dir/report.html" 2>/dev/null
echo "$dir/report.png"
