#!/usr/bin/env bash
# Runs every test of every face. Installs what the tests need when it is
# missing, so it works on a fresh machine; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export STRATOPS_DATA="${STRATOPS_DATA:-$root/../shared/data}"

section() { printf '\n==== %s ====\n' "$*"; }

section "rust: fmt and clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings

section "rust: tests"
cargo test --workspace

echo
echo "all test suites passed"
