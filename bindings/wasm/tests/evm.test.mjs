// earnedValue(), saveBaseline(), baselineVariance() and schedule({status_date})
// equal the CLI's JSON on the example plans, and refuse bad options with a code.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { Plan } from "../pkg/node/stratops.js";
import { examplePlans, runCli, thrown, root } from "./helpers.mjs";

const STATUS = "2025-12-05";

for (const ex of examplePlans()) {
  const file = path.join(root, "examples/plans", ex.name);
  test(`${ex.name}: earnedValue() equals stratops evm --format json`, () => {
    const plan = Plan.fromJSON(ex.text);
    const cli = runCli(["evm", file, "--status-date", STATUS]);
    assert.deepEqual(plan.earnedValue(STATUS), cli.json);
    assert.deepEqual(
      plan.earnedValue(STATUS, { eac_method: "budget_rate" }),
      runCli(["evm", file, "--status-date", STATUS, "--eac-method", "budget_rate"]).json,
    );
  });
}

test("earnedValue(): money as strings, ratios as numbers or null", () => {
  const ex = examplePlans().find((p) => p.name === "endpoint-security.json");
  const ev = Plan.fromJSON(ex.text).earnedValue(STATUS);
  assert.equal(ev.bac, "12800");
  assert.equal(typeof ev.spi, "number");
  assert.equal(ev.cpi, null); // no actual cost recorded in the example
  assert.equal(ev.by_period[0].period, "2025-10");
  const training = ev.by_task.find((t) => t.id === "training");
  assert.equal(training.ev, "2600");
});

test("saveBaseline() returns a new plan; baselineVariance() lists the slipped tasks", () => {
  const ex = examplePlans().find((p) => p.name === "endpoint-security.json");
  const plan = Plan.fromJSON(ex.text);
  const saved = plan.saveBaseline(0, "2025-10-01");
  const doc = JSON.parse(saved.toJSON());
  const ops = doc.plans.find((p) => p.id === "endpoint-security");
  assert.equal(ops.baselines[0].number, 0);
  assert.equal(ops.baselines[0].saved, "2025-10-01");
  assert.equal(JSON.parse(plan.toJSON()).plans[1].baselines, undefined);
  const v = saved.baselineVariance(0, STATUS);
  assert.ok(v.slipped.includes("training-wave-3"));
  assert.equal(saved.earnedValue(STATUS).by_plan.find((p) => p.plan === "endpoint-security").baseline, 0);
});

test("schedule({status_date}) forecasts the remaining work", () => {
  const ex = examplePlans().find((p) => p.name === "endpoint-security.json");
  const s = Plan.fromJSON(ex.text).schedule({ status_date: STATUS });
  const w3 = s.tasks.find((t) => t.id === "training-wave-3");
  assert.equal(w3.early_finish, "2025-12-08T11:12:00");
});

test("bad options are coded errors", () => {
  const ex = examplePlans().find((p) => p.name === "endpoint-security.json");
  const plan = Plan.fromJSON(ex.text);
  assert.equal(thrown(() => plan.earnedValue(STATUS, { eac_method: "guess" })).code, "bad_option");
  assert.equal(thrown(() => plan.earnedValue(STATUS, { baseline: 4 })).code, "unknown_baseline");
  assert.equal(thrown(() => plan.earnedValue("2025-02-30")).code, "bad_date");
  assert.equal(thrown(() => plan.saveBaseline(11, "2025-10-01")).code, "bad_baseline_number");
  assert.equal(thrown(() => plan.schedule({ out_of_sequence: "x" })).code, "bad_option");
});

for (const ex of examplePlans()) {
  const file = path.join(root, "examples/plans", ex.name);
  test(`${ex.name}: health() equals stratops health --format json`, () => {
    const plan = Plan.fromJSON(ex.text);
    assert.deepEqual(plan.health(STATUS), runCli(["health", file, "--status-date", STATUS]).json);
    assert.deepEqual(plan.health(), runCli(["health", file]).json);
  });
}

test("health(): 14 checks, an unknown profile is a coded error", () => {
  const ex = examplePlans().find((p) => p.name === "endpoint-security.json");
  const plan = Plan.fromJSON(ex.text);
  const h = plan.health(STATUS, "dcma");
  assert.equal(h.checks.length, 14);
  assert.equal(h.checks[11].name, "critical_path_test");
  assert.equal(h.checks[11].value, 600);
  assert.equal(h.checks[13].pass, null);
  assert.equal(thrown(() => plan.health(STATUS, "nasa")).code, "bad_option");
});

test("simulate(): equals stratops simulate --threads 1, reports progress, can be stopped", () => {
  const ex = examplePlans().find((p) => p.name === "endpoint-security.json");
  const file = path.join(root, "examples/plans", ex.name);
  const plan = Plan.fromJSON(ex.text);
  const seen = [];
  const sim = plan.simulate(200, 5, null, (done, total) => { seen.push([done, total]); });
  assert.deepEqual(sim, runCli(["simulate", file, "--iterations", "200", "--seed", "5", "--threads", "2"]).json);
  assert.deepEqual(seen[0], [64, 200]);
  assert.equal(typeof sim.duration_days.p50, "number");
  assert.equal(typeof sim.cost.p90, "string");
  assert.equal(thrown(() => plan.simulate(200, 5, null, () => false)).code, "cancelled");
  assert.equal(thrown(() => plan.simulate(0, 5)).code, "bad_option");
  assert.equal(thrown(() => plan.simulate(10, -1)).code, "bad_option");
});
