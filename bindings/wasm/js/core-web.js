// `stratops/core` for browsers and bundlers: the first screen's module
// (load, validate and save a plan, edit it with undo and redo, schedule
// it), about half the full package's size. Call the default export `init`
// first, as with `stratops`. Everything else (the budget, the scorecard,
// reports, MS Project and PSPLIB import, earned value, health, simulation,
// leveling, baselines) is in the full package, which `loadFull()` fetches
// on demand; a bundler splits it into its own chunk.
export * from "./stratops.js";
export { default } from "./stratops.js";

let full;

/**
 * The full `stratops` module, fetched, compiled and initialised on the
 * first call (later calls return the same promise; a failed load, of the
 * module or of its .wasm, is tried again on the next call). `input` is
 * passed to the full module's `init`, like `init`'s own argument: the
 * full .wasm's URL when it is served elsewhere (by default it is found
 * beside the module). Move a plan across with
 * `full.Plan.fromJSON(plan.toJSON())`.
 */
export function loadFull(input) {
  full ??= import("../../web/stratops.js")
    .then(async (m) => {
      await m.default(input === undefined ? undefined : { module_or_path: input });
      return m;
    })
    .catch((e) => {
      full = undefined;
      throw e;
    });
  return full;
}
