// level(), resourceUsage() and fromPSPLIB(): the CLI's JSON on the example
// plans, progress and stopping, and coded errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { Plan } from "../pkg/node/stratops.js";
import { examplePlans, runCli, thrown, root } from "./helpers.mjs";

const SM = `jobs (incl. supersource/sink ):  4
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     2       2
  4      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
   3
************************************************************************
`;

for (const ex of examplePlans()) {
  const file = path.join(root, "examples/plans", ex.name);
  test(`${ex.name}: level() equals stratops level --format json`, () => {
    const plan = Plan.fromJSON(ex.text);
    assert.deepEqual(plan.level(null, null), runCli(["level", file]).json);
  });
}

test("three-year-strategy: leveling resolves its over-allocations; usage by week", () => {
  const ex = examplePlans().find((p) => p.name === "three-year-strategy.json");
  if (!ex) return;
  const plan = Plan.fromJSON(ex.text);
  const l = plan.level();
  assert.equal(l.mode, "standard");
  assert.ok(l.overallocations_before.length > 0);
  assert.deepEqual(l.overallocations, []);
  assert.ok(l.usage_before.some((r) => r.over));
  assert.ok(!l.usage.some((r) => r.over));
  const week = plan.resourceUsage("week");
  assert.equal(week.period, "week");
  for (const r of week.rows) {
    assert.equal(new Date(r.date + "T00:00:00Z").getUTCDay(), 1, `${r.date} is a Monday`);
    assert.ok(r.unit_days >= r.units);
  }
  assert.equal(thrown(() => plan.resourceUsage("month")).code, "bad_option");
});

test("fromPSPLIB(): optimises by default, reports progress, stops with the best so far", () => {
  const plan = Plan.fromPSPLIB(SM);
  const seen = [];
  const l = plan.level({ schedules: 2000, seed: 5 }, (done, total) => { seen.push([done, total]); });
  assert.equal(l.mode, "optimise");
  assert.equal(l.makespan_days, 5);
  assert.equal(l.lower_bound_days, 3);
  assert.ok(seen.length > 0 && seen.every(([, t]) => t === 2000));
  assert.deepEqual(plan.level({ schedules: 2000, seed: 5 }), l);
  const stopped = plan.level({ schedules: 100000 }, () => false);
  assert.equal(stopped.stopped, true);
  assert.ok(stopped.schedules < 100000);
  const day = Object.fromEntries(l.tasks.map((t) => [t.id, t]));
  assert.equal(day.j4.start_day, 5);
  assert.equal(day.j4.leveling_delay_days, 2);
  assert.equal(thrown(() => plan.level({ mode: "fastest" })).code, "bad_option");
  assert.equal(thrown(() => plan.level({ schedules: 0 })).code, "bad_option");
  assert.equal(thrown(() => plan.level({ budget: 5 })).code, "bad_option");
  const bad = thrown(() => Plan.fromPSPLIB(SM.replace("   3\n****", "   x\n****")));
  assert.equal(bad.code, "bad_psplib");
  assert.ok(bad instanceof Error);
});
