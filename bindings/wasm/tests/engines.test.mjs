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
  assert.equal(thrown(() => plan.schedule({ maxPaths: 1 })).code, "bad_option");
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

// schedule() crosses as columns and is rebuilt in JavaScript (src/glue.js):
// the fields the CLI does not print, every driver kind, lags, ALAP dates,
// elapsed durations, non-ASCII ids and dates before 1970 come out as the
// engine computed them.
test("schedule(): every field and driver kind survives the columnar crossing", () => {
  const doc = {
    format: "stratops/1",
    plans: [
      { id: "p", kind: "project", name: "P", horizon: { start: "2025-01-06", end: "2025-06-30" },
        tasks: [
          { id: "s", name: "S", constraint: { type: "SNET", date: "2025-01-08" } },
          { id: "a", name: "A", parent: "s", duration: "2d" },
          { id: "b", name: "B", parent: "s", duration: "1d", dependencies: [{ predecessor: "a", type: "SS", lag: "1d" }] },
          { id: "é😀", name: "E", duration: "4ed", dependencies: [{ predecessor: "b", type: "FF", lag: "50%" }] },
          { id: "late", name: "L", duration: "1d", constraint: { type: "ALAP" } },
          { id: "pinned", name: "P", duration: "1d", constraint: { type: "MSO", date: "2025-01-13" } },
          { id: "done", name: "D", duration: "1d", progress: { actual_start: "2025-01-07T10:00", percent_complete: 50 } },
          { id: "m", name: "M", kind: "milestone", dependencies: [{ predecessor: "é😀" }] },
        ] },
      { id: "old", kind: "project", name: "Old", horizon: { start: "1969-12-29", end: "1970-02-01" },
        tasks: [{ id: "o", name: "O", duration: "3d" }] },
    ],
  };
  const s = Plan.fromObject(doc).schedule();
  const t = Object.fromEntries(s.tasks.map((x) => [x.id, x]));
  assert.deepEqual(s.tasks.map((x) => x.id), ["s", "a", "b", "é😀", "late", "pinned", "done", "m", "o"]);
  assert.deepEqual(s.tasks.map((x) => x.plan), ["p", "p", "p", "p", "p", "p", "p", "p", "old"]);
  assert.deepEqual(s.tasks.map((x) => x.kind), ["summary", "task", "task", "task", "task", "task", "task", "milestone", "task"]);
  assert.deepEqual(t.s.driver, { kind: "project_start" });
  assert.deepEqual(t.a.driver, { kind: "summary", summary: "s" });
  assert.deepEqual(t.b.driver, { kind: "link", predecessor: "a", link_type: "SS", lag: "1d" });
  assert.deepEqual(t["é😀"].driver.predecessor, "b");
  assert.equal(t["é😀"].driver.link_type, "FF");
  assert.equal(t["é😀"].duration_min, 4 * 24 * 60);
  assert.deepEqual(t.m.driver, { kind: "link", predecessor: "é😀", link_type: "FS" });
  assert.equal("lag" in t.m.driver, false);
  assert.deepEqual(t.pinned.driver, { kind: "constraint" });
  assert.equal(t.pinned.early_start, "2025-01-13T08:00:00");
  assert.deepEqual(t.done.driver, { kind: "actual" });
  assert.equal(t.done.early_start, "2025-01-07T10:00:00");
  // ALAP: scheduled at its late dates; others at their early dates.
  assert.equal(t.late.start, t.late.late_start);
  assert.equal(t.late.finish, t.late.late_finish);
  assert.notEqual(t.late.start, t.late.early_start);
  assert.equal(t.a.start, t.a.early_start);
  assert.equal(t.a.duration_min, 960);
  assert.equal(t.s.free_float_min, 0);
  assert.equal(t.m.duration_min, 0);
  // Monday 1969-12-29 08:00 plus three working days.
  assert.equal(t.o.early_start, "1969-12-29T08:00:00");
  assert.equal(t.o.early_finish, "1969-12-31T17:00:00");
  assert.equal(s.project_start, "1969-12-29T08:00:00");
  assert.equal(typeof s.paths_truncated, "boolean");
  assert.ok(s.critical_paths.flat().every((id) => t[id].critical));
  for (const x of s.tasks) {
    assert.equal(typeof x.total_float_min, "number");
    assert.match(x.early_finish, /^\d{4}-\d\d-\d\dT\d\d:\d\d:00$/);
  }
});

test("an edited plan schedules as the same plan loaded afresh", () => {
  const plan = Plan.fromJSON(endpoint.text);
  plan.schedule();
  plan.setDuration("av-install", "7d");
  plan.setDuration("compliance-review", 2);
  const fresh = Plan.fromJSON(plan.toJSON());
  assert.deepEqual(plan.schedule(), fresh.schedule());
  assert.deepEqual(plan.schedule({ max_paths: 1 }), fresh.schedule({ max_paths: 1 }));
  // A refused edit keeps both the document and the schedule.
  const before = plan.schedule();
  assert.equal(thrown(() => plan.setDuration("av-install", "-2d")).code, "invalid");
  assert.deepEqual(plan.schedule(), before);
  // Structural edits refresh the cached ids.
  plan.addDependency("compliance-review", "training-wave-1");
  assert.deepEqual(plan.schedule(), Plan.fromJSON(plan.toJSON()).schedule());
});
