#!/usr/bin/env bash
# Builds the npm package `stratops` into bindings/wasm/pkg/:
#   web/   ESM for browsers and bundlers (call the default export `init` first)
#   node/  ESM for Node (ready on import)
# selected by the `exports` map of pkg/package.json, each with its `.d.ts`.
# Installs what it needs when missing (the wasm target, wasm-bindgen-cli at the
# version pinned in bindings/wasm/Cargo.toml, the npm dev dependencies), so it
# is safe to run again. Prints the gzipped .wasm size at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
crate="$root/bindings/wasm"
pkg="$crate/pkg"

# The exact wasm-bindgen version the crate pins ("=0.2.130").
want=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"$/\1/p' "$crate/Cargo.toml")
[ -n "$want" ] || { echo "build-wasm: cannot read the pinned wasm-bindgen version" >&2; exit 1; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
export PATH="$HOME/.cargo/bin:$PATH"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
  cargo install wasm-bindgen-cli --version "$want"
fi
if [ ! -x "$crate/node_modules/.bin/wasm-opt" ] || [ ! -d "$crate/node_modules/playwright-core" ] \
   || [ ! -x "$crate/node_modules/.bin/tsc" ]; then
  (cd "$crate" && npm ci --no-audit --no-fund)
fi

cargo build --target wasm32-unknown-unknown --profile wasm-release -p stratops-wasm
wasm="$root/target/wasm32-unknown-unknown/wasm-release/stratops_wasm.wasm"

rm -rf "$pkg"
mkdir -p "$pkg"
wasm-bindgen "$wasm" --target web --out-dir "$pkg/web" --out-name stratops
wasm-bindgen "$wasm" --target experimental-nodejs-module --out-dir "$pkg/node" --out-name stratops

# The features rustc enables by default for wasm32-unknown-unknown.
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
          --enable-mutable-globals --enable-reference-types --enable-multivalue)
for dir in web node; do
  "$crate/node_modules/.bin/wasm-opt" -Oz "${features[@]}" --strip-debug --strip-producers \
    "$pkg/$dir/stratops_bg.wasm" -o "$pkg/$dir/stratops_bg.wasm"
done

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n1)
cat > "$pkg/package.json" <<JSON
{
  "name": "stratops",
  "version": "$version",
  "description": "Strategy and work plans in one model: schedule (CPM), budget, KPI scorecard, alignment and reports, in WebAssembly.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "sideEffects": false,
  "files": ["web/", "node/", "README.md"],
  "types": "./web/stratops.d.ts",
  "module": "./web/stratops.js",
  "main": "./node/stratops.js",
  "exports": {
    ".": {
      "node": {
        "types": "./node/stratops.d.ts",
        "default": "./node/stratops.js"
      },
      "browser": {
        "types": "./web/stratops.d.ts",
        "default": "./web/stratops.js"
      },
      "import": {
        "types": "./web/stratops.d.ts",
        "default": "./web/stratops.js"
      },
      "default": {
        "types": "./web/stratops.d.ts",
        "default": "./web/stratops.js"
      }
    },
    "./package.json": "./package.json"
  }
}
JSON
rm -f "$pkg/web/.gitignore" "$pkg/node/.gitignore" "$pkg/web/package.json" "$pkg/node/package.json"
cp "$crate/README.md" "$pkg/README.md"

size=$(gzip -9 -c "$pkg/web/stratops_bg.wasm" | wc -c)
raw=$(wc -c < "$pkg/web/stratops_bg.wasm")
echo "stratops wasm: ${raw} bytes, ${size} bytes gzipped (-9) ($(( (size + 1023) / 1024 )) KiB)"
