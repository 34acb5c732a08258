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

// Editing (issue 21): transactions with their change sets, and undo.
// The task to edit: among every 13th task, the one whose lengthening to
// 21 days moves closest to 100 tasks (each trial undone).
let mid = n - 1;
let best = Infinity;
for (let id = n - 1; id >= 0; id -= 13) {
  const c = plan.apply([{ op: "updateTask", id: `t${id}`, set: { duration: "21d" } }]);
  plan.undo();
  const off = Math.abs(c.changed_tasks.length - 100);
  if (off < best) { best = off; mid = id; }
}
let k = 0;
let moved = 0;
time("apply(one duration edit) -> change set", 20, () => {
  const c = plan.apply([{ op: "updateTask", id: `t${mid}`, set: { duration: k++ % 2 ? "21d" : "1d" } }]);
  moved = c.changed_tasks.length;
});
console.log(`  (the edit moves ${moved} tasks)`);
time("undo() + redo() of that edit", 20, () => { plan.undo(); plan.redo(); });
const hundred = () => Array.from({ length: 100 }, (_, i) => ({ op: "updateTask", id: `t${(i * 97) % n}`, set: { duration: `${(k + i) % 5 + 1}d` } }));
time("apply(100 duration edits)", 10, () => { k++; plan.apply(hundred()); });
let extra = 0;
time("apply(100 edits: add tasks and links)", 5, () => {
  const edits = [];
  for (let i = 0; i < 50; i++) {
    const id = `x${extra++}`;
    edits.push({ op: "addTask", task: { id, name: id, duration: "1d" } });
    edits.push({ op: "addDependency", successor: id, predecessor: `t${(extra * 31) % n}` });
  }
  plan.apply(edits);
});
time("undo() of those 100 edits + redo()", 5, () => { plan.undo(); plan.redo(); });
