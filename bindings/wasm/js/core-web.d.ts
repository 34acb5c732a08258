// `stratops/core` (browsers and bundlers): the first screen's module.
export * from "./stratops.js";
export { default } from "./stratops.js";

/**
 * The full `stratops` module, fetched, compiled and initialised on the
 * first call: the budget, the scorecard, reports, MS Project and PSPLIB
 * import, earned value, health, simulation, leveling and baselines. Move a
 * plan across with `full.Plan.fromJSON(plan.toJSON())`.
 */
export function loadFull(): Promise<typeof import("../../web/stratops.js")>;
