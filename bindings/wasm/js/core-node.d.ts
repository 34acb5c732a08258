// `stratops/core` (Node): the first screen's module.
export * from "./stratops.js";

/**
 * The full `stratops` module, imported on the first call: the budget, the
 * scorecard, reports, MS Project and PSPLIB import, earned value, health,
 * simulation, leveling and baselines. Move a plan across with
 * `full.Plan.fromJSON(plan.toJSON())`.
 */
export function loadFull(): Promise<typeof import("../../node/stratops.js")>;
