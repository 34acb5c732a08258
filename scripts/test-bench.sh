#!/usr/bin/env bash
# The bench crate: its unit tests (generator validity and determinism, the
# kernel worked by hand) and a compile of every criterion bench, so the
# benches cannot rot. Nothing here measures or asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test -p stratops-bench
cargo bench --no-run -p stratops-bench
