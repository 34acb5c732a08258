// `stratops/core` for Node: the first screen's module (load, validate and
// save a plan, edit it with undo and redo, schedule it), ready on import.
// `loadFull()` imports the full package on demand, as in the browser.
export * from "./stratops.js";

let full;

/**
 * The full `stratops` module, imported on the first call (later calls
 * return the same promise). Move a plan across with
 * `full.Plan.fromJSON(plan.toJSON())`.
 */
export function loadFull() {
  full ??= import("../../node/stratops.js").catch((e) => {
    full = undefined;
    throw e;
  });
  return full;
}
