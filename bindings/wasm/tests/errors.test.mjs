// Errors are real Error objects with stable codes, hostile input is refused,
// and the module keeps working after every error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Plan, errorCodes } from "../pkg/node/stratops.js";
import { examplePlans, thrown } from "./helpers.mjs";

const endpoint = examplePlans().find((p) => p.name === "endpoint-security.json");

/** After any error the module must still load and edit a plan. */
function stillWorks() {
  const plan = Plan.fromJSON(endpoint.text);
  plan.setDuration("av-install", "4d");
  assert.equal(plan.taskIds().length, 13);
}

/** The core's typed list of codes: every thrown code and diagnostic code is in it. */
const CODES = new Set(errorCodes());

function expectError(fn, code) {
  const e = thrown(fn);
  assert.ok(e instanceof Error, `a real Error, got ${typeof e}`);
  assert.equal(e.name, "StratopsError");
  assert.equal(e.code, code, e.message);
  assert.ok(CODES.has(e.code), `${e.code} is not in errorCodes()`);
  assert.ok(Array.isArray(e.diagnostics));
  for (const d of e.diagnostics) assert.ok(CODES.has(d.code), `${d.code} is not in errorCodes()`);
  stillWorks();
  return e;
}

const doc = (extra) => JSON.stringify({ format: "stratops/1", plans: [], ...extra });

test("errorCodes() is the core's sorted list of codes", () => {
  const list = errorCodes();
  assert.ok(list.length > 100);
  assert.deepEqual([...list].sort(), list);
  for (const c of ["bad_option", "internal", "json_syntax", "dangling_reference", "bad_edit"]) assert.ok(CODES.has(c), c);
});

test("syntax errors name the line and column", () => {
  const e = expectError(() => Plan.fromJSON('{\n  "format": "stratops/1",\n  "plans": [,]\n}'), "json_syntax");
  assert.equal(e.line, 3);
  assert.ok(e.column > 0);
  expectError(() => Plan.fromJSON(""), "json_eof");
  expectError(() => Plan.fromJSON(doc({}) + " x"), "json_trailing");
});

test("wrong fields name the JSON path", () => {
  const d = JSON.parse(endpoint.text);
  d.plans[1].tasks[2].duraton = "1d";
  const e = expectError(() => Plan.fromObject(d), "unknown_field");
  assert.equal(e.path, "plans[1].tasks[2].duraton");
  d.plans[1].tasks[2] = { id: "x", name: "X", duration: "5 days" };
  assert.equal(expectError(() => Plan.fromObject(d), "bad_duration").path, "plans[1].tasks[2].duration");
  expectError(() => Plan.fromJSON(doc({ format: "stratops/2" })), "bad_format_tag");
});

test("an invalid document carries every diagnostic and the offending id", () => {
  const d = JSON.parse(endpoint.text);
  d.plans[1].tasks.find((t) => t.id === "av-buy").dependencies = [{ predecessor: "ghost" }];
  const e = expectError(() => Plan.fromObject(d), "invalid");
  assert.equal(e.id, "av-buy");
  assert.match(e.path, /^plans\[1\]\.tasks\[6\]/);
  assert.ok(e.diagnostics.some((x) => x.severity === "error" && x.related?.includes("ghost")));
});

test("a cycle lists its ids", () => {
  const d = JSON.parse(endpoint.text);
  d.plans[1].tasks.find((t) => t.id === "av-evaluate").dependencies = [{ predecessor: "av-install" }];
  const e = expectError(() => Plan.fromObject(d), "dependency_cycle");
  // av-evaluate -> av-buy -> av-install -> av-evaluate.
  assert.deepEqual([...e.cycle].sort(), ["av-buy", "av-evaluate", "av-install"]);
});

test("hostile JSON: deep nesting is refused, not a stack overflow", () => {
  for (const depth of [200, 10_000, 1_000_000]) {
    const deep = "[".repeat(depth) + "]".repeat(depth);
    expectError(() => Plan.fromJSON(`{"format": "stratops/1", "plans": [], "extensions": {"x": ${deep}}}`), "too_deep");
    // A document must be an object: a top-level array is refused at its first byte.
    expectError(() => Plan.fromJSON(deep), "wrong_type");
  }
});

test("hostile objects: cycles, deep nesting and non-objects", () => {
  const cyclic = { format: "stratops/1", plans: [] };
  cyclic.extensions = { self: cyclic };
  expectError(() => Plan.fromObject(cyclic), "cyclic_object");
  let deep = {};
  const top = { format: "stratops/1", plans: [], extensions: { x: deep } };
  for (let i = 0; i < 1000; i++) deep = deep.next = {};
  expectError(() => Plan.fromObject(top), "too_deep");
  let deeper = [];
  const top2 = { format: "stratops/1", plans: [], extensions: { x: deeper } };
  for (let i = 0; i < 200_000; i++) deeper = deeper[0] = [];
  const e = thrown(() => Plan.fromObject(top2));
  assert.ok(e instanceof Error);
  assert.ok(["too_deep"].includes(e.code), e.code);
  stillWorks();
  for (const v of [null, undefined, 42, "text"]) expectError(() => Plan.fromObject(v), "wrong_type");
  expectError(() => Plan.fromObject({ format: "stratops/1", plans: [], extensions: { n: 10n } }), "wrong_type");
});

test("huge arrays load, and huge bad arrays fail cleanly", () => {
  const big = Array.from({ length: 1_000_000 }, (_, i) => i);
  const plan = Plan.fromJSON(doc({ extensions: { big } }));
  assert.equal(plan.toObject().extensions.big.length, 1_000_000);
  // 20,000 tasks in one chain: loads, and an edit revalidates the whole chain.
  const tasks = Array.from({ length: 20_000 }, (_, i) => ({
    id: `t${i}`, name: `T${i}`, duration: "1d",
    ...(i ? { dependencies: [{ predecessor: `t${i - 1}` }] } : {}),
  }));
  const chain = Plan.fromObject({
    format: "stratops/1",
    plans: [{ id: "p", kind: "project", name: "P", horizon: { start: "2025-01-01", end: "2100-01-01" }, tasks }],
  });
  chain.setDuration("t19999", "2d");
  // Closing the chain into a 20,000-long cycle is refused.
  const e = thrown(() => chain.addDependency("t0", "t19999"));
  assert.equal(e.code, "dependency_cycle");
  assert.equal(e.cycle.length, 20_000);
  // A million bad durations: one error, with every diagnostic, no crash.
  const bad = Array.from({ length: 1000 }, (_, i) => ({ id: `b${i}`, name: "B", duration: "-1d" }));
  const e2 = expectError(() => Plan.fromObject({
    format: "stratops/1",
    plans: [{ id: "p", kind: "project", name: "P", horizon: { start: "2025-01-01", end: "2026-01-01" }, tasks: bad }],
  }), "invalid");
  assert.equal(e2.diagnostics.filter((d) => d.code === "negative_duration").length, 1000);
});

test("garbage bytes and odd strings never trap the module", () => {
  const samples = ["\u0000", "\uFFFF", "{\"format\": \"stratops/1\", \"plans\": [{\"id\": \"\\uD800\"}]}",
    "1e999999", "-", "[".repeat(129), "{\"format\": \"stratops/1\", \"plans\": {}}"];
  for (const s of samples) {
    const e = thrown(() => Plan.fromJSON(s));
    assert.ok(e instanceof Error, s);
    assert.equal(typeof e.code, "string");
  }
  stillWorks();
});
