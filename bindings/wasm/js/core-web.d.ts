// `stratops/core` (browsers and bundlers): the first screen's module.
export * from "./stratops.js";
export { default } from "./stratops.js";

/**
 * The full `stratops` module, fetched, compiled and initialised on the
 * first call: the budget, the scorecard, reports, MS Project and PSPLIB
 * import, earned value, health, simulation, leveling and baselines.
 * `input` goes to the full module's `init` (its .wasm's URL when served
 * elsewhere; by default found beside the module). Move a plan across with
 * `full.Plan.fromJSON(plan.toJSON())`.
 */
export function loadFull(
  input?: import("../../web/stratops.js").InitInput | Promise<import("../../web/stratops.js").InitInput>,
): Promise<typeof import("../../web/stratops.js")>;
