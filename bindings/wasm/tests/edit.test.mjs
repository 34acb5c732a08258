// apply(), undo(), redo(), canUndo/canRedo and onChange: transactions on
// the example plans, checked against a fresh plan after every step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Plan } from "../pkg/node/stratops.js";
import { examplePlans, thrown } from "./helpers.mjs";

const endpoint = examplePlans().find((p) => p.name === "endpoint-security.json");

function fresh(plan) {
  return Plan.fromJSON(plan.toJSON());
}

test("a transaction returns what moved and equals a fresh plan", async () => {
  const plan = Plan.fromJSON(endpoint.text);
  const before = plan.schedule();
  const seen = [];
  // the listener runs after the call returns, so it may read the plan
  plan.onChange((c) => seen.push([c, plan.schedule().project_finish]));
  const c = plan.apply([
    { op: "updateTask", id: "av-install", set: { duration: "9d" } },
    { op: "addTask", task: { id: "extra", name: "Extra", duration: "1d", dependencies: [{ predecessor: "av-install" }] } },
  ]);
  assert.ok(c.changed_tasks.includes("av-install"));
  assert.deepEqual(c.added_tasks, ["extra"]);
  assert.equal(c.edits, 2);
  assert.equal(c.project_finish_before, before.project_finish);
  assert.deepEqual(plan.schedule(), fresh(plan).schedule());
  assert.equal(seen.length, 0);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(seen.length, 1);
  assert.deepEqual(seen[0], [c, c.project_finish]);
  // only what moved is listed: every other task kept its dates
  const after = plan.schedule();
  const moved = new Set(c.changed_tasks);
  for (const t of before.tasks) {
    const now = after.tasks.find((x) => x.id === t.id);
    if (!moved.has(t.id)) assert.equal(now.early_finish, t.early_finish, t.id);
  }
  plan.onChange(null);
});

test("a refused transaction changes nothing and names the edit", () => {
  const plan = Plan.fromJSON(endpoint.text);
  const text = plan.toJSON();
  const e = thrown(() =>
    plan.apply([
      { op: "updateTask", id: "av-install", set: { name: "Renamed" } },
      { op: "addDependency", successor: "av-evaluate", predecessor: "av-buy" },
    ]),
  );
  assert.ok(e instanceof Error);
  assert.equal(e.code, "dependency_cycle");
  assert.equal(e.edit, 1);
  assert.equal(e.path, "edits[1]");
  assert.deepEqual([...e.cycle].sort(), ["av-buy", "av-evaluate"]);
  assert.equal(plan.toJSON(), text);
  assert.equal(plan.canUndo, false);
  const bad = thrown(() => plan.apply([{ op: "updateTask", id: "nope", set: { name: "N" } }]));
  assert.equal(bad.code, "unknown_id");
  assert.equal(thrown(() => plan.apply([{ op: "renameTask", id: "a" }])).code, "bad_edit");
  const neg = thrown(() => plan.apply([{ op: "updateTask", id: "av-install", set: { duration: "-1d" } }]));
  assert.equal(neg.code, "invalid");
  assert.equal(neg.diagnostics[0].code, "negative_duration");
  assert.equal(plan.toJSON(), text);
});

test("undo and redo restore exactly, single-edit verbs included", () => {
  const plan = Plan.fromJSON(endpoint.text);
  const states = [[plan.toJSON(), plan.schedule()]];
  const ids = plan.taskIds();
  const durations = ["2d", "5d", "3h", "1d"];
  let k = 0;
  for (const id of ids) {
    try {
      if (k % 3 === 0) plan.setDuration(id, durations[k % durations.length]);
      else plan.apply([{ op: "updateTask", id, set: { duration: durations[k % durations.length] } }]);
      states.push([plan.toJSON(), plan.schedule()]);
    } catch (e) {
      assert.ok(["not_a_work_task", "invalid"].includes(e.code), e.message);
    }
    k++;
    if (states.length > 12) break;
  }
  plan.apply([{ op: "removeTask", id: ids[ids.length - 1], remove_links: true }]);
  states.push([plan.toJSON(), plan.schedule()]);
  assert.ok(states.length > 5);
  for (let i = states.length - 2; i >= 0; i--) {
    assert.notEqual(plan.undo(), null);
    assert.equal(plan.toJSON(), states[i][0]);
    assert.deepEqual(plan.schedule(), states[i][1]);
  }
  assert.equal(plan.undo(), null);
  assert.equal(plan.canUndo, false);
  assert.equal(plan.canRedo, true);
  for (let i = 1; i < states.length; i++) {
    plan.redo();
    assert.equal(plan.toJSON(), states[i][0]);
    assert.deepEqual(plan.schedule(), fresh(plan).schedule());
  }
  assert.equal(plan.redo(), null);
});

test("moving a task (remove, then add it again) keeps every row's id right", () => {
  const plan = Plan.fromJSON(endpoint.text);
  plan.schedule(); // caches the task ids
  const t = plan.toObject().plans.flatMap((p) => p.tasks ?? []).find((x) => x.id === "av-evaluate");
  plan.apply([
    { op: "removeTask", id: "av-evaluate", remove_links: true },
    { op: "addTask", task: { ...t, dependencies: [] } },
  ]);
  assert.deepEqual(plan.schedule(), fresh(plan).schedule());
  plan.undo();
  assert.deepEqual(plan.schedule(), fresh(plan).schedule());
});
