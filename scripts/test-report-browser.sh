#!/usr/bin/env bash
# The HTML progress report in headless Chromium (issue 6). Installs Debian's
# chromium with apt-get and npm playwright-core into tests/browser/node_modules
# when they are missing, so it is safe to run again. Writes the report and
# artifacts/report.png (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if ! command -v chromium >/dev/null 2>&1; then
  apt-get update && apt-get install -y chromium
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm install --silent --no-audit --no-fund)
fi

cargo build -q -p stratops-cli
mkdir -p artifacts
cli="$root/target/debug/stratops"
plan=examples/plans/endpoint-security.json
"$cli" report "$plan" --as-of 2025-12-05 --format html -o artifacts/report.html
"$cli" report "$plan" --as-of 2025-12-05 --format json -o artifacts/report.json
node tests/browser/report.mjs artifacts/report.html artifacts/report.json
