#!/usr/bin/env bash
# Runs every test of every face: Rust, then each scripts/test-<face>.sh that
# exists (python, wasm/node/browser, ...). Each script installs what its tests
# need when it is missing, so this works on a fresh machine and is safe to run
# again.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export STRATOPS_DATA="${STRATOPS_DATA:-$root/../shared/data}"
# A clean CI checkout gains nothing from the incremental cache, which would
# roughly double the disk the build needs.
if [ "${CI:-}" = "true" ]; then
  export CARGO_INCREMENTAL=0
fi
# Say how much disk there is: a full disk shows up as a linker crash
# (SIGBUS), which is hard to read as what it is.
df -h . 2>/dev/null | tail -1 | awk '{print "disk free here: " $4}' || true

section() { printf '\n==== %s ====\n' "$*"; }

section "rust: fmt and clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
# the wasm crate without its `extras` feature: the `stratops/core` module
cargo clippy -p stratops-wasm --no-default-features -- -D warnings

section "rust: tests"
cargo test --workspace

for face in python wasm report-browser bench fuzz; do
  if [ -f "scripts/test-$face.sh" ]; then
    section "$face"
    bash "scripts/test-$face.sh"
  fi
done

echo
echo "all test suites passed"
