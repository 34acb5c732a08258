// Bounded cost (the four inputs of the bounded-cost issue): each finishes
// quickly or is refused with a coded Error, and the module stays usable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Plan } from "../pkg/node/stratops.js";
import { examplePlans, thrown } from "./helpers.mjs";

const endpoint = examplePlans().find((p) => p.name === "endpoint-security.json");

function stillWorks() {
  const plan = Plan.fromJSON(endpoint.text);
  assert.equal(plan.schedule().project_finish, "2025-12-29T17:00:00");
}

const project = (tasks, extra = {}) =>
  JSON.stringify({
    format: "stratops/1",
    plans: [{ id: "p", kind: "project", name: "P", horizon: { start: "2025-01-06", end: "2025-12-31" }, tasks, ...extra }],
  });

test("F1: a summary with 20,000 children and 20,000 successors schedules", () => {
  const n = 20000;
  const tasks = [{ id: "s", name: "S" }];
  for (let i = 0; i < n; i++) tasks.push({ id: `c${i}`, name: "c", parent: "s", duration: "1d" });
  for (let i = 0; i < n; i++) tasks.push({ id: `d${i}`, name: "d", duration: "1d", dependencies: [{ predecessor: "s" }] });
  const s = Plan.fromJSON(project(tasks)).schedule();
  assert.equal(s.critical_paths.length, 100);
  assert.equal(s.paths_truncated, true);
  assert.deepEqual(s.critical_paths[0], ["c0", "d0"]);
  stillWorks();
});

test("F2: prorated lines over years 1-9999 are refused with horizon_too_long", () => {
  const costs = [];
  for (let i = 0; i < 1000; i++) costs.push({ id: `l${i}`, category: "x", kind: "fixed", amount: "1000.00", accrual: "prorated" });
  const text = JSON.stringify({
    format: "stratops/1",
    plans: [{ id: "p", kind: "strategic", name: "P", horizon: { start: "0001-01-01", end: "9999-12-31" }, costs }],
  });
  const plan = Plan.fromJSON(text);
  const e = thrown(() => plan.budget());
  assert.ok(e instanceof Error);
  assert.equal(e.code, "horizon_too_long");
  assert.equal(thrown(() => plan.report("2025-06-01")).code, "horizon_too_long");
  stillWorks();
});

test("F4: a lag of -1,000,000,000 minutes is refused when loading", () => {
  const tasks = [
    { id: "a", name: "A", duration: "1d" },
    { id: "b", name: "B", duration: "1d", dependencies: [{ predecessor: "a", lag: "-1000000000m" }] },
  ];
  const e = thrown(() => Plan.fromJSON(project(tasks)));
  assert.ok(e instanceof Error);
  assert.ok(e.diagnostics.some((d) => d.code === "date_out_of_range" && d.id === "b"), e.message);
  stillWorks();
});
