#!/usr/bin/env bash
# The fuzz targets (fuzz/): builds each with cargo-fuzz and runs a short,
# deterministic smoke of each from its committed seed corpus, so the targets
# cannot rot. Installs cargo-fuzz when missing. cargo-fuzz needs nightly
# flags; RUSTC_BOOTSTRAP=1 allows them on the stable toolchain. New inputs
# go to fuzz/target/smoke/, never into the committed corpus. Campaigns that
# look for new inputs: docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1
# A deterministic smoke: a fixed seed, a fixed number of runs per target
# (about half a minute each here), from the committed seeds only, so CI
# sees what was run before the commit. FUZZ_SECONDS caps each run.
secs="${FUZZ_SECONDS:-120}"
declare -A runs=([load_engines]=50000 [mspdi_roundtrip]=2000 [plan_gen]=500 [edits]=300)
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install cargo-fuzz
fi
cd fuzz
cargo fuzz build -O
for t in load_engines mspdi_roundtrip plan_gen edits; do
  rm -rf "target/smoke/$t"
  mkdir -p "target/smoke/$t"
  echo "-- fuzz $t: ${runs[$t]} runs, seed 1"
  # -rss_limit_mb: an input that needs more than 2 GB is a finding.
  cargo fuzz run -O "$t" "target/smoke/$t" "corpus/$t" -- \
    -seed=1 -use_cmp=0 -runs="${runs[$t]}" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 2>&1 \
    | grep -E "^(stat::number_of_executed_units|Done|==.*ERROR|SUMMARY)|panicked|Test unit written" || true
  # A finding leaves an artifact and a non-zero exit; grep hides the
  # status, so check the artifacts.
  if ls "artifacts/$t"/* >/dev/null 2>&1; then
    echo "fuzz $t found an input that fails: fuzz/artifacts/$t/" >&2
    ls "artifacts/$t" >&2
    exit 1
  fi
done
echo "fuzz smoke: no finding"
