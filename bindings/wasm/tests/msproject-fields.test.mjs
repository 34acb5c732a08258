// The MS Project fields of the model (manual tasks, the project start time,
// assignment units, task types) load, schedule and save again from JS.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Plan } from "../pkg/node/stratops.js";

const doc = {
  format: "stratops/1",
  resources: [{ id: "r", name: "R" }],
  plans: [
    {
      id: "p", kind: "project", name: "P",
      horizon: { start: "2025-01-06", end: "2025-12-31" },
      start_time: "09:00",
      tasks: [
        { id: "a", name: "A", duration: "1d" },
        { id: "m", name: "M", duration: "1d", dependencies: [{ predecessor: "a" }],
          manual: { start: "2025-01-06T13:00", finish: "2025-01-07T12:00" } },
        { id: "w", name: "W", duration: "1d", task_type: "fixed_units", effort_driven: true,
          assignments: [{ resource: "r", hours: 16, units: 0.5 }] },
        { id: "c", name: "C", duration: "1d",
          assignments: [{ resource: "r", hours: 12, units: 1, contour: "front_loaded" }] },
        { id: "s", name: "S", duration: "1d",
          assignments: [{ resource: "r", hours: 8, units: 1, contour: "contoured", timephased: [
            { start: "2025-01-06T09:00", finish: "2025-01-07T09:00", hours: 4 },
            { start: "2025-01-07T09:00", finish: "2025-01-08T09:00", hours: 0 },
            { start: "2025-01-08T09:00", finish: "2025-01-09T09:00", hours: 4, actual: false },
          ] }] },
      ],
    },
  ],
};

test("manual tasks, start time and units schedule and round-trip", () => {
  const plan = Plan.fromJSON(JSON.stringify(doc));
  const s = plan.schedule();
  const row = Object.fromEntries(s.tasks.map((t) => [t.id, t]));
  assert.equal(row.a.early_finish, "2025-01-07T09:00:00");
  assert.equal(row.m.early_start, "2025-01-06T13:00:00");
  assert.deepEqual(row.m.driver, { kind: "manual" });
  assert.equal(row.w.early_finish, "2025-01-10T09:00:00");
  const back = JSON.parse(plan.toJSON());
  assert.equal(back.plans[0].start_time, "09:00");
  const tasks = Object.fromEntries(back.plans[0].tasks.map((t) => [t.id, t]));
  assert.deepEqual(tasks.m.manual, { start: "2025-01-06T13:00:00", finish: "2025-01-07T12:00:00" });
  assert.equal(tasks.w.task_type, "fixed_units");
  assert.equal(tasks.w.assignments[0].units, 0.5);
});

test("contours and timephased splits schedule and round-trip", () => {
  const plan = Plan.fromJSON(JSON.stringify(doc));
  const row = Object.fromEntries(plan.schedule().tasks.map((t) => [t.id, t]));
  // 12 h front loaded (mean 60%) = 20 working hours from Monday 09:00:
  // 7 h Monday, 8 h Tuesday, 5 h Wednesday = Wednesday 14:00.
  assert.equal(row.c.early_finish, "2025-01-08T14:00:00");
  // The periods span three working days (a zero-work Tuesday): Thursday 09:00.
  assert.equal(row.s.early_finish, "2025-01-09T09:00:00");
  const back = JSON.parse(plan.toJSON());
  const tasks = Object.fromEntries(back.plans[0].tasks.map((t) => [t.id, t]));
  assert.equal(tasks.c.assignments[0].contour, "front_loaded");
  assert.equal(tasks.s.assignments[0].timephased.length, 3);
  assert.equal(tasks.s.assignments[0].timephased[1].hours, 0);
  assert.equal(tasks.s.assignments[0].timephased[2].actual, undefined);
});
