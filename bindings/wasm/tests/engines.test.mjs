// Engine results through the package equal the CLI's JSON, and edits
// recompute them.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { Plan } from "../pkg/node/stratops.js";
import { examplePlans, runCli, thrown, root } from "./helpers.mjs";

const plans = examplePlans();
const endpoint = plans.find((p) => p.name === "endpoint-security.json");

/** `ours` restricted to the keys `theirs` has, recursively. */
function project(ours, theirs) {
  if (Array.isArray(theirs) && Array.isArray(ours)) return ours.map((o, i) => project(o, theirs[i]));
  if (theirs && typeof theirs === "object" && ours && typeof ours === "object") {
    return Object.fromEntries(Object.keys(theirs).map((k) => [k, project(ours[k], theirs[k])]));
  }
  return ours;
}

for (const ex of plans) {
  test(`${ex.name}: schedule() equals the CLI's schedule --format json`, (t) => {
    const cli = runCli(["schedule", path.join(root, "examples/plans", ex.name)]);
    if (!cli) return t.skip("the CLI has no schedule verb");
    assert.equal(cli.code, 0);
    const ours = Plan.fromJSON(ex.text).schedule();
    assert.equal(ours.tasks.length, cli.json.tasks.length);
    assert.deepEqual(project(ours, cli.json), cli.json);
  });

  test(`${ex.name}: scorecard() equals the CLI's scorecard --format json`, (t) => {
    const asOf = "2025-12-01";
    const cli = runCli(["scorecard", path.join(root, "examples/plans", ex.name), "--as-of", asOf]);
    if (!cli) return t.skip("the CLI has no scorecard verb yet");
    const ours = Plan.fromJSON(ex.text).scorecard(asOf);
    assert.deepEqual(project(ours, cli.json), cli.json);
  });

  test(`${ex.name}: risks() equals the CLI's risks --format json`, (t) => {
    const cli = runCli(["risks", path.join(root, "examples/plans", ex.name)]);
    if (!cli) return t.skip("the CLI has no risks verb yet");
    assert.deepEqual(project(Plan.fromJSON(ex.text).risks(), cli.json), cli.json);
  });

  test(`${ex.name}: alignment() equals the CLI's align --format json`, (t) => {
    const file = path.join(root, "examples/plans", ex.name);
    const cli = runCli(["align", file]);
    if (!cli) return t.skip("the CLI has no align verb yet");
    assert.deepEqual(project(Plan.fromJSON(ex.text).alignment(), cli.json), cli.json);
    const dated = runCli(["align", file, "--as-of", "2025-12-01"]);
    assert.deepEqual(project(Plan.fromJSON(ex.text).alignment("2025-12-01"), dated.json), dated.json);
  });
}

test("endpoint-security: the finish, and a duration edit that moves it", () => {
  const plan = Plan.fromJSON(endpoint.text);
  const s = plan.schedule();
  // compliance-review is SNET Monday 2025-12-29 and lasts 1d: 08:00-17:00
  // that day (everything before it has finished by mid-December). The final
  // milestone follows it at once.
  assert.equal(s.project_finish, "2025-12-29T17:00:00");
  const review = s.tasks.find((t) => t.id === "compliance-review");
  assert.equal(review.early_start, "2025-12-29T08:00:00");
  assert.equal(review.critical, true);
  assert.ok(s.critical_paths.some((p) => p.join() === "compliance-review,compliance-achieved"));
  // Three days from Monday 08:00 end on Wednesday 17:00.
  plan.setDuration("compliance-review", "3d");
  assert.equal(plan.schedule().project_finish, "2025-12-31T17:00:00");
  // The deadline of compliance-achieved is 2025-12-31 (end of day), so a
  // fourth day gives negative float: Thursday 2026-01-01 is a working day
  // in the standard calendar (no holidays), 480 minutes late.
  plan.setDuration("compliance-review", "4d");
  const late = plan.schedule();
  assert.equal(late.project_finish, "2026-01-01T17:00:00");
  assert.equal(late.tasks.find((t) => t.id === "compliance-achieved").total_float_min, -480);
  // Removing the scan dependency does not move the finish: the SNET holds it.
  plan.removeDependency("compliance-review", "scan-wave-1");
  assert.equal(plan.schedule().project_finish, "2026-01-01T17:00:00");
});

test("schedule options and explanations", () => {
  const plan = Plan.fromJSON(endpoint.text);
  const one = plan.schedule({ max_paths: 1 });
  assert.ok(one.critical_paths.length <= 1);
  assert.equal(thrown(() => plan.schedule({ maxPaths: 1 })).code, "bad_options");
  const ex = plan.explain("compliance-review");
  assert.ok(ex.length >= 1);
  assert.equal(ex[0].id, "compliance-review");
  assert.equal(ex[0].quantity, "early_start");
  assert.equal(thrown(() => plan.explain("k-compliant-devices")).code, "as_of_required");
  const k = plan.explain("k-compliant-devices", "2025-12-01");
  assert.equal(k[0].id, "k-compliant-devices");
  assert.equal(plan.explain("r-os-updates")[0].id, "r-os-updates");
  assert.equal(thrown(() => plan.explain("ghost")).code, "unknown_id");
  // A resource explains its budget figures (alex: 40 h × 120.00), unless it
  // has none (the ciso role is on no cost line).
  assert.ok(plan.explain("alex").some((e) => JSON.stringify(e).includes("4800")));
  assert.equal(thrown(() => plan.explain("ciso")).code, "nothing_to_explain");
  assert.equal(thrown(() => plan.scorecard("2025-13-01")).code, "bad_date");
});

test("scorecard and alignment have the documented shape", () => {
  const plan = Plan.fromJSON(endpoint.text);
  const card = plan.scorecard("2025-12-01");
  assert.equal(card.as_of, "2025-12-01");
  // Four KPIs in the operational plan and one in the strategic plan.
  assert.equal(card.kpis.length, 5);
  assert.deepEqual(card.strategic, ["g-reduce-breach-risk"]);
  // k-compliant-devices is at_least 99.9 from 80: last value 95.2 on
  // 2025-11-30, so progress = (95.2 - 80) / (99.9 - 80) = 15.2 / 19.9.
  const k = card.kpis.find((k) => k.id === "k-compliant-devices");
  assert.ok(Math.abs(k.progress - 15.2 / 19.9) < 1e-12);
  const a = plan.alignment("2025-12-01");
  assert.equal(a.as_of, "2025-12-01");
  assert.ok(Array.isArray(a.stale_kpis));
  assert.equal(plan.alignment().stale_kpis, null);
});
