// budget() equals the CLI's `budget --format json`, money crosses as decimal
// strings, edits recompute it, and Plan.fromMSPDI imports MS Project XML.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Plan } from "../pkg/node/stratops.js";
import { examplePlans, runCli, thrown, root } from "./helpers.mjs";

const plans = examplePlans();
const endpoint = plans.find((p) => p.name === "endpoint-security.json");

for (const ex of plans) {
  const file = path.join(root, "examples/plans", ex.name);
  test(`${ex.name}: budget() equals the CLI's budget --format json`, (t) => {
    const cli = runCli(["budget", file]);
    if (!cli) return t.skip("the CLI has no budget verb");
    assert.equal(cli.code, 0);
    assert.deepEqual(Plan.fromJSON(ex.text).budget(), cli.json);
  });

  test(`${ex.name}: exact and unscheduled budgets equal the CLI's --exact --no-schedule`, (t) => {
    const exact = runCli(["budget", file, "--exact"]);
    if (!exact) return t.skip("the CLI has no budget verb");
    const plan = Plan.fromJSON(ex.text);
    assert.deepEqual(plan.budget({ exact: true }), exact.json);
    const horizon = runCli(["budget", file, "--no-schedule"]);
    assert.deepEqual(plan.budget({ use_schedule: false }), horizon.json);
  });
}

test("endpoint-security: 12800.00 by hand, as decimal strings", () => {
  const b = Plan.fromJSON(endpoint.text).budget();
  // 5000.00 tools + 3000.00 training + (24 + 16) h × 120.00 USD/h = 12800.00.
  assert.equal(b.total, "12800.00");
  assert.equal(typeof b.total, "string");
  assert.deepEqual(b.by_category, { labour: "4800.00", software: "5000.00", training: "3000.00" });
  assert.equal(b.by_task["av-install"], "2880.00"); // 24 h × 120.00
  assert.equal(b.phased_by, "schedule");
  // The months add up to the total (in cents, to stay exact in JavaScript).
  const cents = (s) => BigInt(s.replace(".", ""));
  const sum = Object.values(b.by_period).reduce((a, s) => a + cents(s), 0n);
  assert.equal(sum, cents(b.total));
  const line = b.lines.find((l) => l.id === "c-alex-install");
  assert.match(line.formula, /24/);
  assert.match(line.formula, /120/);
});

test("budget by month under each accrual, and an edit that moves money across months", () => {
  // A 4-day task from Thursday 2025-01-30: Thu 30, Fri 31 January, Mon 3,
  // Tue 4 February. Prorated 3000 splits 1500/1500; the start line (1000)
  // lands in January, the end line (500) in February.
  const doc = {
    format: "stratops/1",
    currency: "EUR",
    plans: [{
      id: "p", kind: "project", name: "P",
      horizon: { start: "2025-01-30", end: "2025-03-31" },
      tasks: [{ id: "a", name: "A", duration: "4d" }],
      costs: [
        { id: "pro", category: "build", kind: "fixed", task: "a", amount: "3000", accrual: "prorated" },
        { id: "st", category: "licence", kind: "fixed", task: "a", amount: "1000", accrual: "start" },
        { id: "en", category: "support", kind: "fixed", task: "a", amount: "500", accrual: "end" },
      ],
    }],
  };
  const plan = Plan.fromObject(doc);
  assert.deepEqual(plan.budget().by_period, { "2025-01": "2500.00", "2025-02": "2000.00" });
  // Two days: Thu 30 and Fri 31 January only, so everything is in January.
  plan.setDuration("a", "2d");
  assert.deepEqual(plan.budget().by_period, { "2025-01": "4500.00" });
  // A cost line explains itself.
  const why = plan.explain("pro");
  assert.ok(why.length > 0);
  assert.ok(why.some((e) => JSON.stringify(e).includes("3000")));
  // A category is no entity, but the budget explains it.
  assert.ok(plan.explain("build").length > 0);
});

test("budget options are checked", () => {
  const plan = Plan.fromJSON(endpoint.text);
  const e = thrown(() => plan.budget({ rounding: "sideways" }));
  assert.ok(e instanceof Error);
  assert.equal(e.code, "bad_option");
  const e2 = thrown(() => plan.budget({ exactly: true }));
  assert.equal(e2.code, "bad_option");
  assert.equal(plan.budget().total, "12800.00"); // still usable afterwards
});

const TINY = `<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2025-10-06T08:00:00</StartDate>
  <Tasks>
    <Task><UID>1</UID><Name>Deploy</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
    <Task><UID>2</UID><Name>Scan</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink>
    </Task>
  </Tasks>
</Project>`;

test("Plan.fromMSPDI imports MS Project XML", () => {
  const plan = Plan.fromMSPDI(TINY);
  assert.deepEqual(plan.taskIds(), ["t1", "t2"]);
  // t1: 16 h = 2 days from Monday 2025-10-06 08:00, to Tuesday 17:00; t2 FS
  // starts Wednesday 08:00 and lasts one day.
  const s = plan.schedule();
  assert.equal(s.tasks.find((t) => t.id === "t1").early_finish, "2025-10-07T17:00:00");
  assert.equal(s.project_finish, "2025-10-08T17:00:00");
  const e = thrown(() => Plan.fromMSPDI("<Project><Tasks>"));
  assert.ok(e instanceof Error);
  assert.equal(e.code, "xml_syntax");
  assert.equal(typeof e.line, "number");
  assert.equal(thrown(() => Plan.fromMSPDI(TINY.replace("<UID>2</UID>", ""))).code, "missing_uid");
  assert.equal(Plan.fromMSPDI(TINY).taskIds().length, 2); // usable after errors
});

test("Plan.fromMSPDI on the reference sample.xml", (t) => {
  const data = process.env.STRATOPS_DATA || path.join(root, "..", "shared", "data");
  const file = path.join(data, "mspdi", "sample.xml");
  if (!existsSync(file)) {
    if (process.env.CI === "true") assert.fail(`reference data missing: ${file}`);
    console.log(`skipping: no reference data at ${file} (set STRATOPS_DATA)`);
    return t.skip("no reference data");
  }
  const xml = readFileSync(file, "utf8");
  // 20 <Task> elements, of which UID 0 is MS Project's project summary task
  // (kept in the plan's extensions): 19 tasks.
  assert.equal((xml.match(/<Task>/g) || []).length, 20);
  const plan = Plan.fromMSPDI(xml);
  assert.equal(plan.taskIds().length, 19);
  assert.equal(plan.schedule().tasks.length, 19);
  assert.equal(typeof plan.budget().total, "string");
});
