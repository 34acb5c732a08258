#!/usr/bin/env bash
# Tests of the WebAssembly/npm face (called by scripts/test-all.sh):
#   1. build the package (scripts/build-wasm.sh installs its own tools)
#   2. Node tests (node --test), with figures compared to the CLI's JSON
#   3. no `any` in the public .d.ts signatures
#   4. npm pack, install the tarball into a fresh project, import it from
#      Node, and type-check a typed usage file with tsc --noEmit (Node and
#      bundler resolution)
#   5. the demo page in headless Chromium (installed with apt when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
wasm="$root/bindings/wasm"
export PATH="$HOME/.cargo/bin:$PATH"

section() { printf '\n---- wasm: %s ----\n' "$*"; }

section "build"
bash scripts/build-wasm.sh

section "CLI for comparisons"
cargo build -q -p stratops-cli
export STRATOPS_CLI="$root/target/debug/stratops"

section "node tests"
node --test "$wasm"/tests/*.test.mjs

section "types"
node "$wasm/tests/check-types.mjs"

section "npm pack into a fresh project"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$wasm/pkg" && npm pack --silent --pack-destination "$tmp" >/dev/null)
tarball=$(ls "$tmp"/stratops-*.tgz)
echo "packed $(basename "$tarball") ($(wc -c < "$tarball") bytes)"
mkdir "$tmp/app"
cd "$tmp/app"
cat > package.json <<'JSON'
{ "name": "stratops-consumer", "version": "1.0.0", "private": true, "type": "module" }
JSON
npm install --silent --no-audit --no-fund --offline "$tarball"
cp "$root/examples/plans/endpoint-security.json" plan.json
cat > smoke.mjs <<'JS'
import { readFileSync } from "node:fs";
import { Plan } from "stratops";
const plan = Plan.fromJSON(readFileSync("plan.json", "utf8"));
const finish = plan.schedule().project_finish;
try { Plan.fromJSON("{"); process.exit(1); } catch (e) {
  if (!(e instanceof Error) || e.code !== "json_eof") { console.error("bad error", e); process.exit(1); }
}
console.log(`fresh project imports stratops: finish ${finish}`);
JS
node smoke.mjs
cp "$wasm/tests/usage.ts" "$wasm/tests/usage-web.ts" .
tsc="$wasm/node_modules/.bin/tsc"
# Node resolution picks the `node` condition's types, bundler resolution the
# `import` (browser) ones. wasm-bindgen declares `[Symbol.dispose]()` on classes,
# so TypeScript needs the `esnext.disposable` lib (or skipLibCheck).
cat > tsconfig.node.json <<'JSON'
{ "compilerOptions": { "noEmit": true, "strict": true, "target": "es2022", "lib": ["es2022", "esnext.disposable", "dom"],
    "module": "node16", "moduleResolution": "node16", "types": [] },
  "files": ["usage.ts"] }
JSON
cat > tsconfig.bundler.json <<'JSON'
{ "compilerOptions": { "noEmit": true, "strict": true, "target": "es2022", "lib": ["es2022", "esnext.disposable", "dom"],
    "module": "esnext", "moduleResolution": "bundler", "types": [] },
  "files": ["usage.ts", "usage-web.ts"] }
JSON
"$tsc" -p tsconfig.node.json
"$tsc" -p tsconfig.bundler.json
echo "tsc --noEmit: typed usage compiles with node16 and bundler resolution"
cd "$root"

section "browser"
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update && apt-get install -y chromium
fi
node "$wasm/tests/browser.mjs"
