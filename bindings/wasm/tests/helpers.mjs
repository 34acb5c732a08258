// Shared helpers of the Node tests: the package under test, the example
// plans, and the CLI whose JSON the results must equal.
import { readFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const pkgNode = path.join(root, "bindings/wasm/pkg/node/stratops.js");

/** The example plans the Rust tests use, by file name; missing ones are skipped. */
export function examplePlans() {
  const names = ["endpoint-security.json", "three-year-strategy.json", "talent-strategy.json"];
  return names
    .map((n) => path.join(root, "examples/plans", n))
    .filter((p) => existsSync(p))
    .map((p) => ({ name: path.basename(p), file: p, text: readFileSync(p, "utf8") }));
}

/** The CLI binary (built by scripts/test-wasm.sh). */
export const cli = process.env.STRATOPS_CLI || path.join(root, "target/debug/stratops");

/**
 * Runs `stratops <verb> FILE --format json` and returns the parsed JSON and
 * the exit code, or null when the CLI lacks the verb (the engine has not
 * landed yet).
 */
export function runCli(args) {
  try {
    const out = execFileSync(cli, [...args, "--format", "json"], { encoding: "utf8" });
    return { code: 0, json: JSON.parse(out) };
  } catch (e) {
    if (e.status === 1 && e.stdout) return { code: 1, json: JSON.parse(e.stdout) };
    if (e.status === 2) return null;
    throw e;
  }
}

/** Asserts that `fn` throws a StratopsError with `code`, and returns it. */
export function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}
