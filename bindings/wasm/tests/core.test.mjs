// `stratops/core`, the first screen's module: the same results as the full
// package for what it has (load, validate, save, edits with undo, the
// schedule), none of the rest, `loadFull()` for the rest on demand, and its
// size budget (the .wasm a first screen downloads, gzip -9, <= 300 KB).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import * as core from "../pkg/core/node/index.js";
import * as full from "../pkg/node/stratops.js";
import { examplePlans, thrown, root } from "./helpers.mjs";

const plans = examplePlans();

for (const ex of plans) {
  test(`${ex.name}: core and full agree on load, validation, schedule and edits`, () => {
    const a = core.Plan.fromJSON(ex.text);
    const b = full.Plan.fromJSON(ex.text);
    assert.equal(a.toJSON(), b.toJSON());
    assert.deepEqual(a.validate(), b.validate());
    assert.deepEqual(a.schedule(), b.schedule());
    assert.deepEqual(a.schedule({ max_paths: 3 }), b.schedule({ max_paths: 3 }));
    // the same edit on both: same change set, same schedule, same undo
    const leaf = a.schedule().tasks.find((t) => !t.summary && !t.milestone);
    assert.ok(leaf, "a plan with a leaf task");
    const edits = [{ op: "updateTask", id: leaf.id, set: { duration: "7d", name: "Edited" } }];
    assert.deepEqual(a.apply(edits), b.apply(edits));
    assert.deepEqual(a.schedule(), b.schedule());
    assert.equal(a.toJSON(), b.toJSON());
    assert.deepEqual(a.undo(), b.undo());
    assert.equal(a.toJSON(), full.Plan.fromJSON(ex.text).toJSON());
    assert.deepEqual(core.validateJSON(ex.text), full.validateJSON(ex.text));
  });
}

test("core has no extras, and its errors are the full package's", () => {
  const ex = plans[0];
  const plan = core.Plan.fromJSON(ex.text);
  for (const m of ["budget", "report", "scorecard", "earnedValue", "simulate", "level", "health"]) {
    assert.equal(typeof plan[m], "undefined", m);
    assert.equal(typeof full.Plan.prototype[m], "function", m);
  }
  assert.equal(typeof core.Plan.fromMSPDI, "undefined");
  assert.deepEqual(core.errorCodes(), full.errorCodes());
  assert.equal(core.version(), full.version());
  const e = thrown(() => core.Plan.fromJSON("{"));
  assert.ok(e instanceof Error);
  assert.equal(e.code, "json_eof");
  const bad = thrown(() => plan.apply([{ op: "renameTask", id: "x" }]));
  assert.equal(bad.code, "bad_edit");
});

test("loadFull() brings the rest on demand, once", async () => {
  const ex = plans[0];
  const plan = core.Plan.fromJSON(ex.text);
  const m = await core.loadFull();
  assert.equal(m, await core.loadFull());
  assert.equal(m.Plan, full.Plan);
  const moved = m.Plan.fromJSON(plan.toJSON());
  assert.deepEqual(moved.budget(), full.Plan.fromJSON(ex.text).budget());
  assert.deepEqual(moved.schedule(), plan.schedule());
});

test("the first screen's .wasm is at most 300 KB gzipped (issue 16)", () => {
  const pkg = path.join(root, "bindings/wasm/pkg");
  const gz = (dir) => gzipSync(readFileSync(path.join(pkg, dir, "stratops_bg.wasm")), { level: 9 }).length;
  const first = gz("core/node");
  assert.ok(first <= 300 * 1024, `core .wasm is ${first} bytes gzipped`);
  // and it is the smaller module: the full one has what core has and more
  assert.ok(first < gz("node"), "core is smaller than the full module");
});

// scheduleColumns(): the same schedule as schedule(), field by field, in
// both modules, cached and with options; isoFromMinutes writes what
// schedule() writes.
for (const ex of plans) {
  test(`${ex.name}: scheduleColumns() is schedule() as columns`, () => {
    for (const m of [core, full]) {
      const plan = m.Plan.fromJSON(ex.text);
      for (const opts of [undefined, { max_paths: 2 }]) {
        const s = plan.schedule(opts);
        const c = plan.scheduleColumns(opts);
        assert.equal(c.task_ids.length, s.tasks.length);
        assert.ok(Object.isFrozen(c.task_ids) && Object.isFrozen(c.plan_ids));
        const kinds = ["task", "milestone", "summary"];
        s.tasks.forEach((t, i) => {
          assert.equal(c.task_ids[i], t.id);
          assert.equal(c.plan_ids[c.plan_of[i]], t.plan);
          for (const f of ["early_start", "early_finish", "late_start", "late_finish", "start", "finish"]) {
            assert.equal(m.isoFromMinutes(c[f][i]), t[f], `${t.id} ${f}`);
          }
          for (const f of ["duration_min", "total_float_min", "free_float_min"]) assert.equal(c[f][i], t[f]);
          assert.equal(kinds[c.kind[i]], t.kind);
          assert.equal(c.critical[i] === 1, t.critical);
        });
        assert.equal(m.isoFromMinutes(c.project_start_min), s.project_start);
        assert.equal(m.isoFromMinutes(c.project_finish_min), s.project_finish);
        assert.deepEqual(c.diagnostics, s.diagnostics);
      }
      // after an edit the columns move as the objects do; the ids array
      // stays the same object while the task list does not change
      const before = plan.scheduleColumns();
      const leaf = plan.schedule().tasks.find((t) => t.kind === "task");
      plan.setDuration(leaf.id, "9d");
      const after = plan.scheduleColumns();
      assert.equal(after.task_ids, before.task_ids);
      assert.equal(m.isoFromMinutes(after.project_finish_min), plan.schedule().project_finish);
      // the plan keeps its columns and converts again only the rows a
      // duration edit rebuilt: after every edit, undo and redo they equal
      // a fresh plan's, and what a caller does to the arrays it got does
      // not reach the next call
      const fields = ["early_start", "early_finish", "late_start", "late_finish", "start", "finish",
        "duration_min", "total_float_min", "free_float_min", "kind", "critical", "plan_of"];
      const same = (what) => {
        const got = plan.scheduleColumns();
        const want = m.Plan.fromJSON(plan.toJSON()).scheduleColumns();
        assert.deepEqual(Array.from(got.task_ids), Array.from(want.task_ids), what);
        for (const f of fields) assert.deepEqual(Array.from(got[f]), Array.from(want[f]), `${what}: ${f}`);
        assert.equal(got.project_finish_min, want.project_finish_min, what);
        assert.deepEqual(got.diagnostics, want.diagnostics, what);
        for (const f of fields) got[f].fill(0);
      };
      const leaves = plan.schedule().tasks.filter((t) => t.kind === "task").slice(0, 4);
      leaves.forEach((t, k) => {
        plan.setDuration(t.id, `${k + 2}d`);
        same(`${t.id} set to ${k + 2}d`);
      });
      plan.undo();
      same("undo");
      plan.redo();
      same("redo");
    }
  });
}

test("isoFromMinutes: dates, and refusals for what is not a minute", () => {
  assert.equal(core.isoFromMinutes(0), "1970-01-01T00:00:00");
  assert.equal(core.isoFromMinutes(-1), "1969-12-31T23:59:00");
  assert.equal(core.isoFromMinutes(29_443_140), "2025-12-24T15:00:00");
  for (const bad of [NaN, Infinity, 1.5, 1e14, -1e14]) {
    const e = thrown(() => core.isoFromMinutes(bad));
    assert.ok(e instanceof Error, String(bad));
    assert.equal(e.code, "date_out_of_range", String(bad));
  }
});
