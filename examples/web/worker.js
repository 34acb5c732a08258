// The engine in a Web Worker: the page stays responsive however long a
// schedule, a level or a simulation takes. Messages in:
//   {type: "load", text}          -> {type: "loaded", finish}
//   {type: "apply", edits}        -> {type: "changes", changes} (a ChangeSet)
//   {type: "undo"} / {type: "redo"} -> {type: "changes", changes | null}
//   {type: "simulate", iterations, seed} -> {type: "progress", done, total}..., {type: "simulated", p80}
// and {type: "error", code, message, edit?} for a refusal (nothing changed).
import init, { Plan } from "../../bindings/wasm/pkg/web/stratops.js";

const ready = init();
let plan = null;

self.onmessage = async ({ data }) => {
  await ready;
  try {
    switch (data.type) {
      case "load":
        plan?.free();
        plan = Plan.fromJSON(data.text);
        self.postMessage({ type: "loaded", finish: plan.schedule().project_finish });
        break;
      case "apply":
        self.postMessage({ type: "changes", changes: plan.apply(data.edits) });
        break;
      case "undo":
        self.postMessage({ type: "changes", changes: plan.undo() });
        break;
      case "redo":
        self.postMessage({ type: "changes", changes: plan.redo() });
        break;
      case "simulate": {
        const sim = plan.simulate(data.iterations, data.seed, null, (done, total) => {
          self.postMessage({ type: "progress", done, total });
        });
        self.postMessage({ type: "simulated", p80: sim.finish.p80 });
        break;
      }
      default:
        self.postMessage({ type: "error", code: "bad_message", message: `unknown message ${data.type}` });
    }
  } catch (e) {
    self.postMessage({ type: "error", code: e.code, message: e.message, edit: e.edit });
  }
};
