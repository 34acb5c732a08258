// Browsers and bundlers initialise the module once before use.
import init, { Plan } from "stratops";

export async function start(text: string): Promise<string> {
  await init();
  return Plan.fromJSON(text).schedule().project_finish;
}
