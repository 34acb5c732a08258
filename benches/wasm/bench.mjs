// Benchmark (not a test) of the wasm package in Node on the generated
// 10k-task plan (target/plans/plan-10000.json, seed 1): a full recompute
// (`schedule` with options, so never cached), one edit plus recompute
// (`setDuration` on a leaf, then `schedule()`), and the gzipped .wasm sizes
// (the full module and `stratops/core`, the first screen's).
// Also `cached_ms`: `schedule()` when the schedule is cached, i.e. only the
// crossing to JavaScript; and the same three measures with the result as
// columns (`scheduleColumns()`: `full_columns_ms`, `edit_columns_ms`,
// `cached_columns_ms`). Prints one JSON object of medians (ms). Each
// measure has a warm-up run, and V8 tiers wasm up in the background, so the
// loads run first.
//
//   node benches/wasm/bench.mjs [PLANS_DIR] [PKG_DIR]
//
// PKG_DIR defaults to bindings/wasm/pkg (built by scripts/build-wasm.sh).
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const plans = process.argv[2] ?? join(root, "target", "plans");
const pkg = process.argv[3] ?? join(root, "bindings", "wasm", "pkg");
const { Plan } = await import(pathToFileURL(join(pkg, "node", "stratops.js")).href);

const n = 10000;
const text = readFileSync(join(plans, `plan-${n}.json`), "utf8");
const doc = JSON.parse(text);
// Leaf tasks with a working-day duration: the ones an edit would touch.
const leaves = doc.plans.flatMap((p) => p.tasks ?? []).filter((t) => typeof t.duration === "string" && t.duration.endsWith("d") && !t.duration.endsWith("ed"));

function median(reps, fn) {
  fn(); // warm-up
  const xs = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  xs.sort((a, b) => a - b);
  return xs[xs.length >> 1];
}

let plan;
const load_ms = median(5, () => { plan?.free(); plan = Plan.fromJSON(text); });
const full_ms = median(31, () => plan.schedule({ max_paths: 100 }));
plan.schedule();
const cached_ms = median(31, () => plan.schedule());
let k = 0;
const edit_ms = median(31, () => {
  const t = leaves[(k * 7919) % leaves.length];
  plan.setDuration(t.id, `${(k++ % 9) + 1}d`);
  plan.schedule();
});
// The same edit with the result as columns (`scheduleColumns()`, no object
// per task), and a full recompute as columns, when the package has them.
let edit_columns_ms = null;
let full_columns_ms = null;
let cached_columns_ms = null;
if (typeof plan.scheduleColumns === "function") {
  full_columns_ms = median(31, () => plan.scheduleColumns({ max_paths: 100 }));
  plan.scheduleColumns();
  cached_columns_ms = median(31, () => plan.scheduleColumns());
  edit_columns_ms = median(31, () => {
    const t = leaves[(k * 7919) % leaves.length];
    plan.setDuration(t.id, `${(k++ % 9) + 1}d`);
    plan.scheduleColumns();
  });
}
const wasm = readFileSync(join(pkg, "node", "stratops_bg.wasm"));
// The first screen's module (`stratops/core`), when the package has it.
let core = null;
try { core = readFileSync(join(pkg, "core", "node", "stratops_bg.wasm")); } catch { /* an older package */ }
console.log(JSON.stringify({
  tasks: n,
  load_ms, full_ms, edit_ms, cached_ms, full_columns_ms, edit_columns_ms, cached_columns_ms,
  wasm_bytes: wasm.length,
  wasm_gzip_bytes: gzipSync(wasm, { level: 9 }).length,
  core_wasm_bytes: core?.length ?? null,
  core_wasm_gzip_bytes: core ? gzipSync(core, { level: 9 }).length : null,
  node: process.version,
  pkg,
}));
