// A typed use of the package, checked with `tsc --noEmit` in a fresh project
// that installed the packed tarball. The @ts-expect-error lines prove the
// results are typed: were any of them `any`, the directive would be unused
// and tsc would fail.
import {
  Plan,
  validateJSON,
  isoFromMinutes,
  type Schedule,
  type Budget,
  type BudgetLine,
  type Report,
  type Reminders,
  type PlanDiff,
  type TaskTimes,
  type Scorecard,
  type AlignmentReport,
  type StratopsError,
  type PlanDocument,
  type Explanation,
  type ValidationReport,
  type EarnedValue,
  type Health,
  type Simulation,
  type Leveling,
  type ResourceUsage,
  type ChangeSet,
  type Edit,
} from "stratops";

const doc: PlanDocument = {
  format: "stratops/1",
  plans: [
    {
      id: "p",
      kind: "project",
      name: "P",
      horizon: { start: "2025-10-06", end: "2025-12-31" },
      tasks: [
        { id: "a", name: "A", duration: "2d" },
        { id: "b", name: "B", duration: 1, dependencies: [{ predecessor: "a", type: "FS" }] },
      ],
    },
  ],
};

export function use(text: string): string {
  const plan: Plan = Plan.fromJSON(text);
  const other: Plan = Plan.fromObject(doc);
  const s: Schedule = plan.schedule();
  const first: TaskTimes | undefined = s.tasks[0];
  const finish: string = s.project_finish;
  const float: number = first ? first.total_float_min : 0;
  const critical: string[][] = s.critical_paths;
  // @ts-expect-error project_finish is an ISO string, not a number
  const wrong: number = s.project_finish;
  const cols = plan.scheduleColumns();
  const es: Float64Array = cols.early_start;
  const firstStart: string = isoFromMinutes(es[0] ?? cols.project_start_min);
  // @ts-expect-error the ids are read-only
  cols.task_ids.push("x");
  plan.setDuration("b", "3d");
  plan.setDuration("b", 3);
  // @ts-expect-error a duration is a string or a number
  plan.setDuration("b", true);
  plan.addDependency("b", "a", { type: "SS", lag: "1d" });
  plan.addDependency("b", "a");
  // @ts-expect-error "XX" is not a link type
  plan.addDependency("b", "a", { type: "XX" });
  plan.removeDependency("b", "a");
  plan.setMeasurement("k", "2025-11-30", 95.2, { note: "November" });
  const card: Scorecard = plan.scorecard("2025-12-01");
  const status: "on_track" | "at_risk" | "off_track" | "met" | "missed" | "no_data" | "not_started" =
    card.kpis[0].status;
  // @ts-expect-error progress may be null
  const p: number = card.kpis[0].progress;
  const report: AlignmentReport = plan.alignment();
  const share: number | null = report.hours.share_strategic;
  const why: Explanation[] = plan.explain("b");
  const exposure: string | null = plan.risks().risks[0].exposure_money;
  const b: Budget = plan.budget();
  const total: string = b.total;
  const october: string | undefined = b.by_period["2025-10"];
  const line: BudgetLine = plan.budget({ exact: true, use_schedule: false, rounding: "half_up" }).lines[0];
  // @ts-expect-error money is a decimal string, not a number
  const cash: number = b.total;
  // @ts-expect-error no such rounding
  plan.budget({ rounding: "sideways" });
  const imported: Plan = Plan.fromMSPDI("<Project/>");
  const rep: Report = plan.report("2025-12-01");
  const md: string = plan.report("2025-12-01", "md");
  const challenge: string | null = rep.challenges[0].owner;
  // @ts-expect-error Markdown is text, not a Report
  const notReport: Report = plan.report("2025-12-01", "md");
  const events: Reminders = plan.remind("2025-12-01", 30);
  const kind: "overdue" | "risk_triggered" | "stale_kpi" | "due_soon" | "milestone_reached" | "not_started" =
    events.events[0].kind;
  const ev: EarnedValue = plan.earnedValue("2025-12-05", { eac_method: "cpi_spi" });
  const spi: number | null = ev.spi;
  const bac: string = ev.bac;
  // @ts-expect-error money is a decimal string, not a number
  const bacNumber: number = ev.bac;
  const curve: string | null = ev.by_period[0].ac_cum;
  const baselined: Plan = plan.saveBaseline(0, "2025-10-01", "2025-12-05");
  const slipped: string[] = baselined.baselineVariance(0).slipped;
  const health: Health = plan.health("2025-12-05");
  const sim: Simulation = plan.simulate(100, 1, { status_date: "2025-12-05" }, (done: number, total: number) => done < total);
  const p80: number = sim.duration_days.p80;
  // @ts-expect-error cost percentiles are decimal strings
  const costNumber: number = sim.cost.p80;
  const leveled: Leveling = plan.level({ mode: "standard", within_slack: true }, (done: number, total: number) => done < total);
  const delay: number = leveled.tasks[0].leveling_delay_days;
  // @ts-expect-error only the two modes exist
  plan.level({ mode: "fastest" });
  const usage: ResourceUsage = plan.resourceUsage("week");
  const over: boolean = usage.rows[0].over;
  const psplib: Plan = Plan.fromPSPLIB("jobs (incl. supersource/sink ):  2");
  const edits: Edit[] = [
    { op: "updateTask", id: "a", set: { duration: "3d" } },
    { op: "addTask", task: { id: "c", name: "C" } },
    { op: "addDependency", successor: "c", predecessor: "a", type: "SS" },
  ];
  const applied: ChangeSet = plan.apply(edits);
  const movedIds: string[] = applied.changed_tasks;
  const back: ChangeSet | null = plan.undo();
  const canRedo: boolean = plan.canRedo;
  plan.onChange((c: ChangeSet) => c.project_finish);
  // @ts-expect-error an edit needs a known op
  plan.apply([{ op: "renameTask", id: "a" }]);
  // @ts-expect-error an update may not set the id
  plan.apply([{ op: "updateTask", id: "a", set: { id: "b" } }]);
  const verdict: boolean | null = health.checks[0].pass;
  const forecast = plan.schedule({ status_date: "2025-12-05", out_of_sequence: "progress_override" });
  // @ts-expect-error only the two modes exist
  plan.schedule({ out_of_sequence: "whatever" });
  const changes: PlanDiff = plan.diff(other, "2025-12-01");
  const moved: number | null = changes.consequences.finish_moved_working_min;
  const valid: ValidationReport = validateJSON(text);
  const saved: string = plan.toJSON();
  const obj: PlanDocument = other.toObject();
  try {
    Plan.fromJSON("{");
  } catch (e) {
    const err = e as StratopsError;
    const code: string = err.code;
    const id: string | undefined = err.id;
    if (err instanceof Error) console.log(code, id, err.diagnostics.length);
  }
  return [finish, float, critical, wrong, status, p, share, why, exposure, valid, saved, obj, spi, bac, bacNumber, curve, slipped, forecast.project_finish, verdict, p80, costNumber, firstStart].join();
}

// `stratops/core`: the first screen's module has no budget (the directive
// fails tsc if its `Plan` type had one) and loads the full module on demand.
import * as core from "stratops/core";

export async function firstScreenNode(text: string): Promise<string> {
  const p = core.Plan.fromJSON(text);
  // @ts-expect-error the first screen's module has no budget
  p.budget();
  const full = await core.loadFull();
  const total: string = full.Plan.fromJSON(p.toJSON()).budget().total;
  return total;
}
