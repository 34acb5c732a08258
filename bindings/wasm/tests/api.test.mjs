// The Plan API on the example plans: loading, saving, validation, edits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Plan, validateJSON, version } from "../pkg/node/stratops.js";
import { examplePlans, runCli, thrown, root } from "./helpers.mjs";
import path from "node:path";

const plans = examplePlans();
const endpoint = plans.find((p) => p.name === "endpoint-security.json");

test("the version is the workspace version", () => {
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

for (const ex of plans) {
  test(`${ex.name}: loads, and toJSON/fromJSON and toObject/fromObject round-trip`, () => {
    const plan = Plan.fromJSON(ex.text);
    const obj = plan.toObject();
    // The file as written by hand and the saved document are the same data.
    assert.deepEqual(obj, JSON.parse(plan.toJSON()));
    const again = Plan.fromJSON(plan.toJSON());
    assert.deepEqual(again.toObject(), obj);
    const fromObj = Plan.fromObject(JSON.parse(ex.text));
    assert.deepEqual(fromObj.toObject(), obj);
  });

  test(`${ex.name}: validate() equals the CLI's validate --format json`, () => {
    const cli = runCli(["validate", path.join(root, "examples/plans", ex.name)]);
    assert.ok(cli, "the CLI has a validate verb");
    const plan = Plan.fromJSON(ex.text);
    assert.deepEqual(plan.validate(), cli.json);
    assert.deepEqual(validateJSON(ex.text), cli.json);
  });
}

test("endpoint-security: the task ids in document order", () => {
  const plan = Plan.fromJSON(endpoint.text);
  // Counted in the file: the training summary and its three waves, the
  // antivirus summary and its five children, then the scan, the review and
  // the final milestone.
  assert.deepEqual(plan.taskIds(), [
    "training", "training-wave-1", "training-wave-2", "training-wave-3",
    "antivirus", "av-evaluate", "av-buy", "av-os-check", "av-install", "av-deployed",
    "scan-wave-1", "compliance-review", "compliance-achieved",
  ]);
});

test("validateJSON reports an invalid document without throwing", () => {
  const doc = JSON.parse(endpoint.text);
  doc.plans[1].tasks[1].dependencies = [{ predecessor: "no-such-task" }];
  const r = validateJSON(JSON.stringify(doc));
  assert.equal(r.valid, false);
  const d = r.diagnostics.find((d) => d.severity === "error");
  assert.equal(d.id, "training-wave-1");
  assert.match(d.path, /^plans\[1\]\.tasks\[1\]\.dependencies\[0\]/);
  const bad = validateJSON("{");
  assert.equal(bad.valid, false);
  assert.equal(bad.diagnostics[0].code, "json_eof");
});

function task(plan, id) {
  for (const p of plan.toObject().plans) for (const t of p.tasks ?? []) if (t.id === id) return t;
  return undefined;
}

test("setDuration changes the document and is validated at once", () => {
  const plan = Plan.fromJSON(endpoint.text);
  plan.setDuration("av-install", "5d");
  assert.equal(task(plan, "av-install").duration, "5d");
  plan.setDuration("av-install", 2);
  // A number is working days; the file format writes it back as days.
  assert.equal(task(plan, "av-install").duration, "2d");
  const before = plan.toJSON();
  const e = thrown(() => plan.setDuration("av-install", "-1d"));
  assert.ok(e instanceof Error);
  assert.equal(e.code, "invalid");
  assert.equal(e.id, "av-install");
  assert.equal(e.diagnostics[0].code, "negative_duration");
  assert.equal(plan.toJSON(), before, "a refused edit leaves the plan unchanged");
  assert.equal(thrown(() => plan.setDuration("antivirus", "1d")).code, "not_a_work_task");
  assert.equal(thrown(() => plan.setDuration("nope", "1d")).code, "unknown_id");
  assert.equal(thrown(() => plan.setDuration("av-install", "1x")).code, "bad_duration");
  assert.equal(thrown(() => plan.setDuration("av-install", true)).code, "bad_duration");
});

test("after duration edits, schedule() (rescheduled incrementally) equals a fresh plan's", () => {
  for (const ex of plans) {
    const plan = Plan.fromJSON(ex.text);
    const tasks = plan.toObject().plans.flatMap((p) => p.tasks ?? []);
    const parents = new Set(tasks.map((t) => t.parent));
    const leaves = tasks.filter((t) => typeof t.duration === "string" && !parents.has(t.id));
    if (leaves.length === 0) continue;
    plan.schedule();
    let k = 0;
    for (const d of ["0d", "9d", "2ed", "3h", "1d", "25d", "4d"]) {
      const ids = [leaves[k++ % leaves.length].id, leaves[(k * 7) % leaves.length].id];
      let edited = 0;
      for (const id of ids) {
        try { plan.setDuration(id, d); edited++; } catch (e) { assert.equal(e.code, "not_a_work_task"); }
      }
      const fresh = Plan.fromJSON(plan.toJSON());
      assert.deepEqual(plan.schedule(), fresh.schedule(), `${ex.name} after ${ids} = ${d} (${edited} edited)`);
      // a budget phased over the schedule sees the edit too
      assert.deepEqual(plan.budget(), fresh.budget());
    }
    // a structural edit in between is followed by a full schedule
    const [a, b] = [leaves[0].id, leaves[leaves.length - 1].id];
    if (a !== b) {
      try { plan.addDependency(b, a); } catch { /* a cycle or a duplicate: nothing changed */ }
      plan.setDuration(a, "6d");
      assert.deepEqual(plan.schedule(), Plan.fromJSON(plan.toJSON()).schedule());
    }
  }
});

test("addDependency and removeDependency, with cycles refused", () => {
  const plan = Plan.fromJSON(endpoint.text);
  const before = plan.toJSON();
  // av-buy already follows av-evaluate; the reverse closes a cycle.
  const e = thrown(() => plan.addDependency("av-evaluate", "av-buy"));
  assert.ok(e instanceof Error);
  assert.equal(e.code, "dependency_cycle");
  assert.deepEqual([...e.cycle].sort(), ["av-buy", "av-evaluate"]);
  assert.equal(plan.toJSON(), before);
  plan.addDependency("scan-wave-1", "training-wave-1", { type: "SS", lag: "1d" });
  assert.deepEqual(task(plan, "scan-wave-1").dependencies.at(-1), {
    predecessor: "training-wave-1", type: "SS", lag: "1d",
  });
  assert.equal(thrown(() => plan.addDependency("scan-wave-1", "training-wave-1")).code, "duplicate_dependency");
  assert.equal(thrown(() => plan.addDependency("scan-wave-1", "av-buy", { kind: "FS" })).code, "bad_option");
  plan.removeDependency("scan-wave-1", "training-wave-1");
  assert.equal(plan.toJSON(), before);
  assert.equal(thrown(() => plan.removeDependency("scan-wave-1", "training-wave-1")).code, "no_such_dependency");
});

test("setMeasurement inserts in date order and replaces a same-date value", () => {
  const plan = Plan.fromJSON(endpoint.text);
  plan.setMeasurement("k-compliant-devices", "2025-11-15", 91, { note: "mid-month" });
  plan.setMeasurement("k-compliant-devices", "2025-11-30", 96.1);
  const k = plan.toObject().plans[1].kpis.find((k) => k.id === "k-compliant-devices");
  assert.deepEqual(k.measurements, [
    { date: "2025-10-31", value: 88.5 },
    { date: "2025-11-15", value: 91, note: "mid-month" },
    { date: "2025-11-30", value: 96.1 },
  ]);
  assert.equal(thrown(() => plan.setMeasurement("k-compliant-devices", "2025-02-30", 1)).code, "bad_date");
  assert.equal(thrown(() => plan.setMeasurement("av-install", "2025-11-30", 1)).code, "wrong_kind");
});
