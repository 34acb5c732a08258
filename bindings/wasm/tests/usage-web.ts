// Browsers and bundlers initialise the module once before use.
import init, { Plan } from "stratops";

export async function start(text: string): Promise<string> {
  await init();
  return Plan.fromJSON(text).schedule().project_finish;
}

// The first screen loads `stratops/core` and the rest on demand.
import initCore, { Plan as CorePlan, loadFull } from "stratops/core";

export async function firstScreen(text: string): Promise<{ finish: string; total: string }> {
  await initCore();
  const plan = CorePlan.fromJSON(text);
  plan.setDuration(plan.taskIds()[0], "3d");
  const finish: string = plan.schedule().project_finish;
  const full = await loadFull();
  const total: string = full.Plan.fromJSON(plan.toJSON()).budget().total;
  return { finish, total };
}
