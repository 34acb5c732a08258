// report(), remind() and diff() equal the CLI's output on the example plans;
// a diff's consequences worked out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Plan } from "../pkg/node/stratops.js";
import { cli, examplePlans, runCli, thrown, root } from "./helpers.mjs";

const plans = examplePlans();
const endpoint = plans.find((p) => p.name === "endpoint-security.json");
const AS_OF = "2025-12-01";

/** The CLI's text output (report --format md|html). */
function cliText(args) {
  return execFileSync(cli, args, { encoding: "utf8" });
}

for (const ex of plans) {
  const file = path.join(root, "examples/plans", ex.name);
  test(`${ex.name}: report() equals the CLI's report in json, md and html`, () => {
    const plan = Plan.fromJSON(ex.text);
    const json = runCli(["report", file, "--as-of", AS_OF]);
    assert.deepEqual(plan.report(AS_OF), json.json);
    assert.deepEqual(plan.report(AS_OF, "json"), json.json);
    // The CLI ends the Markdown with a newline of its own.
    assert.equal(plan.report(AS_OF, "md") + "\n", cliText(["report", file, "--as-of", AS_OF, "--format", "md"]));
    assert.equal(plan.report(AS_OF, "html"), cliText(["report", file, "--as-of", AS_OF, "--format", "html"]));
  });

  test(`${ex.name}: remind() equals the CLI's remind --format json`, () => {
    const plan = Plan.fromJSON(ex.text);
    assert.deepEqual(plan.remind(AS_OF), runCli(["remind", file, "--as-of", AS_OF, "--within", "14d"]).json);
    assert.deepEqual(plan.remind(AS_OF, 60), runCli(["remind", file, "--as-of", AS_OF, "--within", "60d"]).json);
  });
}

test("diff(): an edited duration, by hand and against the CLI", () => {
  const old = Plan.fromJSON(endpoint.text);
  const edited = Plan.fromJSON(endpoint.text);
  edited.setDuration("compliance-review", "3d");
  const d = old.diff(edited, AS_OF);
  assert.deepEqual(d.added, []);
  assert.deepEqual(d.removed, []);
  assert.equal(d.changed.length, 1);
  assert.equal(d.changed[0].entity.id, "compliance-review");
  assert.deepEqual(d.changed[0].fields.map((f) => [f.path, f.old, f.new]), [["duration", "1d", "3d"]]);
  // compliance-review is SNET Monday 2025-12-29: one day ends Monday 17:00,
  // three days end Wednesday 2025-12-31 17:00: two working days (960 min) later.
  assert.equal(d.consequences.project_finish_old, "2025-12-29T17:00:00");
  assert.equal(d.consequences.project_finish_new, "2025-12-31T17:00:00");
  assert.equal(d.consequences.finish_moved_working_min, 960);
  assert.equal(d.consequences.budget_delta, "0.00");

  const dir = mkdtempSync(path.join(tmpdir(), "stratops-diff-"));
  const a = path.join(dir, "old.json");
  const b = path.join(dir, "new.json");
  writeFileSync(a, old.toJSON());
  writeFileSync(b, edited.toJSON());
  assert.deepEqual(d, runCli(["diff", a, b, "--as-of", AS_OF]).json);
  assert.deepEqual(old.diff(edited), runCli(["diff", a, b]).json);
});

test("report, remind and diff errors are coded and leave the module usable", () => {
  const plan = Plan.fromJSON(endpoint.text);
  assert.equal(thrown(() => plan.report("2025-13-01")).code, "bad_date");
  const e = thrown(() => plan.report(AS_OF, /** @type {any} */ ("pdf")));
  assert.ok(e instanceof Error);
  assert.equal(e.code, "bad_option");
  assert.equal(thrown(() => plan.remind(AS_OF, -1)).code, "bad_option");
  assert.equal(thrown(() => plan.diff(plan, "someday")).code, "bad_date");
  assert.equal(plan.report(AS_OF).as_of, AS_OF);
});

test("report() takes the options Python takes, checked by the core", () => {
  const plan = Plan.fromJSON(examplePlans().find((p) => p.name === "endpoint-security.json").text);
  const one = plan.report("2025-12-05", "json", { top_risks: 1 });
  assert.equal(one.risks.top.length, 1);
  assert.equal(plan.report("2025-12-05").risks.top.length, 4);
  const e = thrown(() => plan.report("2025-12-05", "json", { lookahead_days: -1 }));
  assert.equal(e.code, "bad_option");
  assert.equal(thrown(() => plan.report("2025-12-05", "json", { topRisks: 1 })).code, "bad_option");
});
