#!/usr/bin/env bash
# Builds the npm package `stratops` into bindings/wasm/pkg/:
#   web/   ESM for browsers and bundlers (call the default export `init` first)
#   node/  ESM for Node (ready on import)
#   core/web/, core/node/  `stratops/core`: the first screen's module (the
#          crate without its `extras` feature: load, validate, save, edit,
#          schedule), whose `loadFull()` imports the full module on demand
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

out="$root/target/wasm32-unknown-unknown/wasm-release/stratops_wasm.wasm"
rm -rf "$pkg"
mkdir -p "$pkg"
# The first screen's module first, then the full one (same output path).
cargo build --target wasm32-unknown-unknown --profile wasm-release -p stratops-wasm --no-default-features
wasm-bindgen "$out" --target web --out-dir "$pkg/core/web" --out-name stratops
wasm-bindgen "$out" --target experimental-nodejs-module --out-dir "$pkg/core/node" --out-name stratops
cargo build --target wasm32-unknown-unknown --profile wasm-release -p stratops-wasm
wasm-bindgen "$out" --target web --out-dir "$pkg/web" --out-name stratops
wasm-bindgen "$out" --target experimental-nodejs-module --out-dir "$pkg/node" --out-name stratops
for face in web node; do
  cp "$crate/js/core-$face.js" "$pkg/core/$face/index.js"
  cp "$crate/js/core-$face.d.ts" "$pkg/core/$face/index.d.ts"
done

# The features rustc enables by default for wasm32-unknown-unknown.
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
          --enable-mutable-globals --enable-reference-types --enable-multivalue)
for dir in web node core/web core/node; do
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
  "files": ["web/", "node/", "core/", "README.md"],
  "types": "./web/stratops.d.ts",
  "module": "./web/stratops.js",
  "main": "./node/stratops.js",
  "typesVersions": { "*": { "core": ["./core/web/index.d.ts"] } },
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
    "./core": {
      "node": {
        "types": "./core/node/index.d.ts",
        "default": "./core/node/index.js"
      },
      "default": {
        "types": "./core/web/index.d.ts",
        "default": "./core/web/index.js"
      }
    },
    "./package.json": "./package.json"
  }
}
JSON
for dir in web node core/web core/node; do
  rm -f "$pkg/$dir/.gitignore" "$pkg/$dir/package.json"
done
cp "$crate/README.md" "$pkg/README.md"

for dir in core/web web; do
  size=$(gzip -9 -c "$pkg/$dir/stratops_bg.wasm" | wc -c)
  raw=$(wc -c < "$pkg/$dir/stratops_bg.wasm")
  echo "stratops wasm ($dir): ${raw} bytes, ${size} bytes gzipped (-9) ($(( (size + 1023) / 1024 )) KiB)"
done
