// Benchmark (not a test): a 10,000-task plan in Node through the package.
// Measures load, a full schedule, and a single-duration edit followed by a
// recompute. Run after scripts/build-wasm.sh:  node bindings/wasm/bench/recompute.mjs [tasks]
import { Plan } from "../pkg/node/stratops.js";

const n = Number(process.argv[2] ?? 10_000);
// A layered random DAG (seeded): 100 tasks per layer, each with up to three
// predecessors drawn from the layer before, so edges only go forward.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const width = 100;
const tasks = [];
for (let i = 0; i < n; i++) {
  const layer = Math.floor(i / width);
  const deps = [];
  if (layer > 0) {
    const k = 1 + Math.floor(rand() * 3);
    const seen = new Set();
    for (let j = 0; j < k; j++) {
      const p = (layer - 1) * width + Math.floor(rand() * width);
      if (!seen.has(p)) { seen.add(p); deps.push({ predecessor: `t${p}` }); }
    }
  }
  tasks.push({ id: `t${i}`, name: `Task ${i}`, duration: `${1 + Math.floor(rand() * 5)}d`, dependencies: deps });
}
const text = JSON.stringify({
  format: "stratops/1",
  plans: [{ id: "p", kind: "project", name: "Bench", horizon: { start: "2025-01-06", end: "2030-12-31" }, tasks }],
});

function time(label, reps, fn) {
  fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6 / reps;
  console.log(`${label.padEnd(44)} ${ms.toFixed(2)} ms`);
  return ms;
}

let plan;
time(`load + validate (${n} tasks)`, 5, () => { plan?.free(); plan = Plan.fromJSON(text); });
time("full schedule (uncached: options given)", 10, () => plan.schedule({ max_paths: 100 }));
let d = 1;
time("setDuration + schedule()", 10, () => { plan.setDuration(`t${n - 1}`, `${(d++ % 5) + 1}d`); plan.schedule(); });
