#!/usr/bin/env bash
# Regenerates every figure of benches/README.md and rewrites its results
# section. Usage (from anywhere):
#
#   bash benches/run-all.sh                 # 1k, 10k, 100k and 1M tasks
#   SIZES="1000 10000" bash benches/run-all.sh
#   RUNS=3 SKIP_COMPARE=1 bash benches/run-all.sh
#
# Steps: release build of the bench binaries and the CLI; generated plans
# (seed 1) in target/plans; `runonce` medians of every engine and of the
# bare kernel per size, with the schedule's peak memory; the scorecard
# target shape (100k KPIs x 12 measurements, 10k goals); the peer
# comparison (benches/compare, its venv set up by setup.sh) and the Python
# face's DataFrame round trip at 100k (bindings/python/bench); the wasm Node
# bench when bindings/wasm exists; then benches/report.py writes the table.
# Nothing here fails on a time: a missed target is reported, not an error.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sizes=${SIZES:-"1000 10000 100000 1000000"}
runs=${RUNS:-5}
out="$root/target/bench-results"
plans="$root/target/plans"
mkdir -p "$out" "$plans"

cargo build --release -p stratops-bench --bins -p stratops-cli
bin="$root/target/release"

for n in $sizes; do
  f="$plans/plan-$n.json"
  "$bin/genplan" --tasks "$n" --seed 1 --stats > "$f" 2> "$out/stats-$n.txt"
  r=$runs; [ "$n" -ge 1000000 ] && r=3
  echo "== engines at $n tasks (median of $r)"
  /usr/bin/time -f '%M' -o "$out/maxrss-$n.txt" \
    "$bin/runonce" "$f" --runs "$r" > "$out/rust-$n.json"
  cat "$out/rust-$n.json"
done

echo "== scorecard target shape: 100k KPIs x 12 measurements, 10k goals"
"$bin/genplan" --tasks 0 --kpis 100000 --goals 10000 --seed 1 > "$plans/scorecard-100k.json"
"$bin/runonce" "$plans/scorecard-100k.json" --runs "$runs" --only scorecard > "$out/scorecard-100k.json"
cat "$out/scorecard-100k.json"

if [ "${SKIP_COMPARE:-0}" != 1 ]; then
  echo "== peers"
  bash benches/compare/setup.sh
  benches/compare/.venv/bin/python benches/compare/compare.py \
    --sizes "${COMPARE_SIZES:-100,1000,10000,100000}" --runs "$runs" \
    --plans "$plans" --bin "$bin" --out "$out/compare.json"
  if [ -f "$plans/plan-100000.json" ]; then
    echo "== Python face: DataFrames in, schedule DataFrame out, at 100k tasks"
    benches/compare/.venv/bin/python bindings/python/bench/bench_python.py \
      "$plans/plan-100000.json" --runs "$runs" --runonce "$bin/runonce" --json \
      | tee "$out/python-face.txt" | tail -1 > "$out/python-face.json" \
      || echo "Python face bench failed" >&2
  fi
fi

if [ -f bindings/wasm/package.json ] || [ -d bindings/wasm/pkg ]; then
  echo "== wasm in Node"
  if [ -f scripts/build-wasm.sh ]; then bash scripts/build-wasm.sh; fi
  node benches/wasm/bench.mjs "$plans" > "$out/wasm.json" || echo "wasm bench failed" >&2
fi

{
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
  echo "mem=$(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "date=$(date -u +%Y-%m-%d)"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "rustc=$(rustc --version)"
  echo "commit=$(git rev-parse --short HEAD)"
} > "$out/machine.txt"
python3 benches/report.py "$out" benches/README.md
echo "results written to benches/README.md"
