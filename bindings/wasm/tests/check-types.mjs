// Fails when a public signature of the package's .d.ts files is `any`.
// The web build's `InitOutput` interface is the raw WebAssembly ABI that
// wasm-bindgen declares for `init()`; it is not part of the API and is
// skipped. Comments are skipped too.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../pkg");
let bad = 0;
for (const file of ["web/stratops.d.ts", "node/stratops.d.ts", "core/web/stratops.d.ts", "core/node/stratops.d.ts"]) {
  let text = readFileSync(path.join(pkg, file), "utf8");
  text = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  text = text.replace(/export interface InitOutput \{[\s\S]*?\n\}/, "");
  text.split("\n").forEach((line, i) => {
    if (/\bany\b/.test(line)) {
      console.error(`${file}:${i + 1}: public signature uses any: ${line.trim()}`);
      bad++;
    }
  });
  if (!/export class Plan/.test(text)) {
    console.error(`${file}: no Plan class declared`);
    bad++;
  }
}
// `stratops/core`'s entry points re-export the module and add `loadFull`.
for (const file of ["core/web/index.d.ts", "core/node/index.d.ts"]) {
  const text = readFileSync(path.join(pkg, file), "utf8");
  if (/\bany\b/.test(text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, ""))) {
    console.error(`${file}: uses any`);
    bad++;
  }
}
if (bad) process.exit(1);
console.log("d.ts: no `any` in public signatures");
