// The result types of types.d.ts checked against what the engines return.
//
// Every engine runs on every example plan through the package; each result
// is written, as an object literal, into a TypeScript file that declares it
// with its .d.ts type (`const r: Schedule = {...}`), and `tsc --noEmit
// --strict` compiles that file. TypeScript refuses an object literal with a
// field its type does not declare (excess property check), one missing a
// required field, and a value of the wrong type, at every depth: so a field
// added to a core result type without its .d.ts declaration, or a declared
// field the engine no longer returns, fails this test.
//
// The Python face returns the same core JSON (`stratops.engines::run`),
// and its test_result_types.py checks its results' fields against the same
// declarations.
import test from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { root, pkgNode, examplePlans } from "./helpers.mjs";

const { Plan, validateJSON } = await import(pkgNode);

const AS_OF = "2025-12-01";

/** [type name, thunk] pairs: every engine of a plan with the type its result must have. */
function engines(plan, text) {
  const firstTask = plan.toObject().plans.flatMap((p) => p.tasks ?? [])[0];
  const baselined = () => plan.saveBaseline(0, "2025-10-01", AS_OF);
  return [
    ["Schedule", () => plan.schedule()],
    ["Schedule", () => plan.schedule({ status_date: AS_OF, out_of_sequence: "progress_override" })],
    ["Budget", () => plan.budget()],
    ["Budget", () => plan.budget({ exact: true, use_schedule: false })],
    ["Scorecard", () => plan.scorecard(AS_OF)],
    ["AlignmentReport", () => plan.alignment()],
    ["RiskRegister", () => plan.risks()],
    ["Report", () => plan.report(AS_OF)],
    ["Reminders", () => plan.remind(AS_OF, 30)],
    ["PlanDiff", () => plan.diff(Plan.fromJSON(text), AS_OF)],
    ["EarnedValue", () => baselined().earnedValue(AS_OF)],
    ["BaselineVariance", () => baselined().baselineVariance(0)],
    ["Health", () => plan.health(AS_OF)],
    ["Simulation", () => plan.simulate(50, 7, null, null)],
    ["Leveling", () => plan.level({ mode: "standard" }, null)],
    ["ResourceUsage", () => plan.resourceUsage("week")],
    ["Explanation[]", () => (firstTask ? plan.explain(firstTask.id) : [])],
    ["ValidationReport", () => validateJSON(text)],
    ["PlanDocument", () => plan.toObject()],
    [
      "ChangeSet",
      () => Plan.fromJSON(text).apply(firstTask ? [{ op: "updateTask", id: firstTask.id, set: { duration: "3d" } }] : []),
    ],
  ];
}

test("every engine result type-checks against its types.d.ts declaration", () => {
  const tsc = path.join(root, "bindings/wasm/node_modules/.bin/tsc");
  if (!existsSync(tsc)) {
    if (process.env.CI === "true") assert.fail(`tsc missing at ${tsc}`);
    console.log(`skipped: ${tsc} is missing (npm install in bindings/wasm)`);
    return;
  }
  const lines = [];
  const types = new Set();
  const checked = new Map();
  for (const { name, text } of examplePlans()) {
    const plan = Plan.fromJSON(text);
    for (const [type, run] of engines(plan, text)) {
      types.add(type.replace("[]", ""));
      let value;
      try {
        value = run();
      } catch (e) {
        // an engine may refuse a plan (with a coded error); the others
        // must still cover its type
        assert.ok(e.code, `${name} ${type}: ${e}`);
        continue;
      }
      checked.set(type, (checked.get(type) ?? 0) + 1);
      lines.push(`// ${name}: ${type}`);
      lines.push(`export const r${lines.length}: ${type} = ${JSON.stringify(value)};`);
    }
  }
  for (const t of new Set([...engines(Plan.fromJSON(examplePlans()[0].text), examplePlans()[0].text)].map(([t]) => t))) {
    assert.ok(checked.get(t) > 0, `no example plan produced a ${t}`);
  }
  const dir = mkdtempSync(path.join(root, "bindings/wasm/tests/.result-types-"));
  try {
    const header = `import type { ${[...types].sort().join(", ")} } from "../../pkg/node/stratops.js";\n`;
    writeFileSync(path.join(dir, "results.ts"), header + lines.join("\n") + "\n");
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          noEmit: true,
          strict: true,
          target: "es2022",
          lib: ["es2022", "esnext.disposable", "dom"],
          module: "node16",
          moduleResolution: "node16",
          types: [],
        },
        files: ["results.ts"],
      }),
    );
    let out = "";
    try {
      execFileSync(tsc, ["-p", dir], { encoding: "utf8", maxBuffer: 64 << 20 });
    } catch (e) {
      out = `${e.stdout ?? ""}${e.stderr ?? ""}`;
    }
    // tsc prints each error with the line of results.ts; show the first few
    assert.equal(out.split("\n").slice(0, 20).join("\n"), "", "results disagree with types.d.ts");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`type-checked ${lines.length / 2} results of ${checked.size} result types`);
});
