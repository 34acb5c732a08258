
// ---- Scalars of the stratops/1 format ------------------------------------

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;
/** A date `YYYY-MM-DD` or a local date-time `YYYY-MM-DDTHH:MM[:SS]`, no zone. */
export type IsoDateOrTime = string;
/** Exact money as a decimal string such as `"12800.00"`. Never a float. */
export type DecimalString = string;
/** A duration such as `"5d"`, `"3h"`, `"2w"`, `"90m"`, `"1mo"`, `"4ed"`; a bare number means working days. */
export type DurationValue = string | number;
/** Free-form data kept verbatim through a load/save round trip. */
export type Extensions = { [key: string]: unknown };

// ---- The document ----------------------------------------------------------

/** A whole `stratops/1` document. */
export interface PlanDocument {
  format: "stratops/1";
  organisation?: string;
  currency?: string;
  settings?: Settings;
  calendars?: Calendar[];
  resources?: Resource[];
  plans: PlanData[];
  extensions?: Extensions;
}

/** Unit conversions and scheduling defaults. */
export interface Settings {
  minutes_per_day?: number;
  minutes_per_week?: number;
  days_per_month?: number;
  calendar?: string;
  honor_constraints?: boolean;
  critical_threshold_min?: number;
}

export type PlanKind = "strategic" | "operational" | "tactical" | "project";

/** One plan of a document. */
export interface PlanData {
  id: string;
  kind: PlanKind;
  name: string;
  horizon: { start: IsoDate; end: IsoDate };
  /** Time of day work starts on the first day, "HH:MM" (MS Project's project start time). */
  start_time?: string;
  owner?: string;
  parent?: string;
  supports?: string[];
  calendar?: string;
  currency?: string;
  vision?: string;
  mission?: string;
  executive_summary?: string;
  decision_framework?: string;
  stakeholders?: { person: string; role?: string; extensions?: Extensions }[];
  communication?: {
    channels?: string[];
    cadence?: string;
    audience?: string[];
    escalation?: string;
    extensions?: Extensions;
  };
  budget?: DecimalString;
  category_budgets?: { [category: string]: DecimalString };
  management_reserve_pct?: DecimalString;
  goals?: Goal[];
  kpis?: Kpi[];
  tasks?: Task[];
  costs?: CostLine[];
  risks?: Risk[];
  /** Saved baselines, numbered 0-10. */
  baselines?: Baseline[];
  notes?: string;
  comments?: Comment[];
  extensions?: Extensions;
}

/** One saved baseline of a plan (see docs/evm.md). */
export interface Baseline {
  number: number;
  saved?: IsoDate;
  status_date?: IsoDate;
  tasks?: {
    task: string;
    start?: IsoDateOrTime;
    finish?: IsoDateOrTime;
    duration?: DurationValue;
    work_hours?: number;
    /** With the task's WBS descendants. */
    cost?: DecimalString;
  }[];
  extensions?: Extensions;
}

export interface Comment {
  author?: string;
  date?: IsoDate;
  text: string;
  extensions?: Extensions;
}

export interface GoalLink {
  goal: string;
  weight?: number;
}

export interface Goal {
  id: string;
  name: string;
  description?: string;
  owner?: string;
  due?: IsoDate;
  contributes_to?: GoalLink[];
  rollup?: "weighted_mean" | "min" | "all_met";
  status_rollup?: "worst" | "weighted";
  smart?: { specific?: boolean; achievable?: boolean; relevant?: boolean };
  extensions?: Extensions;
}

export interface Point {
  value: number;
  date: IsoDate;
}

export interface Measurement {
  date: IsoDate;
  value: number;
  denominator?: number;
  note?: string;
}

export type Polarity = "increase" | "decrease" | "at_least" | "at_most" | "range";

export interface Kpi {
  id: string;
  name: string;
  owner?: string;
  goals?: GoalLink[];
  unit?: string;
  polarity: Polarity;
  baseline: Point;
  target: Point;
  range?: { lo: number; hi: number; tolerance: number };
  milestones?: Point[];
  stretch?: number;
  cap?: number;
  measurements?: Measurement[];
  aggregation?: "last" | "sum" | "average" | "ratio";
  leading?: boolean;
  cadence?: string;
  extensions?: Extensions;
}

export type LinkType = "FS" | "SS" | "FF" | "SF";
export type ConstraintType = "ASAP" | "ALAP" | "SNET" | "SNLT" | "FNET" | "FNLT" | "MSO" | "MFO";

export interface Dependency {
  predecessor: string;
  type?: LinkType;
  lag?: DurationValue;
}

/** MS Project's work contours (`docs/FORMAT.md`). */
export type Contour =
  | "flat"
  | "back_loaded"
  | "front_loaded"
  | "double_peak"
  | "early_peak"
  | "late_peak"
  | "bell"
  | "turtle"
  | "contoured";

/** One period of an assignment's timephased work. */
export interface WorkPeriod {
  start: IsoDateOrTime;
  finish: IsoDateOrTime;
  /** Hours of work in the period (0: a split). */
  hours: number;
  /** Actual (done) rather than remaining work. */
  actual?: boolean;
}

export interface Task {
  id: string;
  name: string;
  parent?: string;
  kind?: "task" | "milestone" | "summary";
  duration?: DurationValue;
  dependencies?: Dependency[];
  constraint?: { type: ConstraintType; date?: IsoDateOrTime };
  deadline?: IsoDateOrTime;
  calendar?: string;
  assignments?: {
    resource: string;
    role?: "responsible" | "accountable" | "consulted" | "informed";
    hours?: number;
    /** Share of the resource's time, 1 = 100%; with `hours`, drives the task's dates. */
    units?: number;
    /** MS Project's work contour (absent: flat); a contour with a table stretches the work. */
    contour?: Contour;
    /** Timephased work in time order; a zero-work period or a gap is a split. */
    timephased?: WorkPeriod[];
  }[];
  /** MS Project's task type; `fixed_duration` ignores assignments. */
  task_type?: "fixed_units" | "fixed_duration" | "fixed_work";
  effort_driven?: boolean;
  /** Manually scheduled: the entered dates are the early dates. */
  manual?: { start?: IsoDateOrTime; finish?: IsoDateOrTime; placeholder?: boolean };
  owner?: string;
  deliverables?: string[];
  supports?: string[];
  progress?: {
    percent_complete?: number;
    actual_start?: IsoDateOrTime;
    actual_finish?: IsoDateOrTime;
    remaining?: DurationValue;
    /** How earned value credits the progress (default `percent_complete`). */
    ev_method?: "percent_complete" | "zero_hundred" | "fifty_fifty";
  };
  notes?: string;
  comments?: Comment[];
  extensions?: Extensions;
}

export interface Resource {
  id: string;
  name: string;
  kind?: "person" | "role" | "team" | "vendor" | "material" | "tool";
  rates?: { from?: IsoDate; standard: DecimalString }[];
  calendar?: string;
  capacity?: number;
  email?: string;
  extensions?: Extensions;
}

export interface CostLine {
  id: string;
  category: string;
  kind: "fixed" | "labour" | "unit";
  description?: string;
  task?: string;
  amount?: DecimalString;
  resource?: string;
  hours?: DecimalString;
  quantity?: DecimalString;
  unit_price?: DecimalString;
  accrual?: "start" | "prorated" | "end";
  actual?: DecimalString;
  /** Dated spending: earned value's actual cost counts those up to its status date. */
  actuals?: { date: IsoDate; amount: DecimalString }[];
  credit?: boolean;
  currency?: string;
  supports?: string[];
  extensions?: Extensions;
}

export interface Risk {
  id: string;
  category?: "people" | "technology" | "vendor" | "timeline" | "other";
  description: string;
  assumption?: string;
  probability?: number;
  likelihood?: number;
  impact?: { cost?: DecimalString; delay?: DurationValue; score?: number };
  owner?: string;
  response?: "avoid" | "mitigate" | "transfer" | "accept" | "escalate";
  if_then?: string;
  trigger_date?: IsoDate;
  affects?: string[];
  extensions?: Extensions;
}

export interface Interval {
  from: string;
  to: string;
}

export interface Calendar {
  id: string;
  name?: string;
  base?: string;
  week?: {
    monday?: Interval[];
    tuesday?: Interval[];
    wednesday?: Interval[];
    thursday?: Interval[];
    friday?: Interval[];
    saturday?: Interval[];
    sunday?: Interval[];
  };
  exceptions?: { name?: string; from: IsoDate; to?: IsoDate; intervals?: Interval[] }[];
  extensions?: Extensions;
}

// ---- Arguments -------------------------------------------------------------

/** The optional parts of a new dependency. */
export interface DependencyOptions {
  /** `FS` (default), `SS`, `FF` or `SF`. */
  type?: LinkType;
  /** A lag such as `"2d"`, `"-1d"`, `"2ed"` or `"50%"`. */
  lag?: string;
}

/** The optional parts of a measurement. */
export interface MeasurementOptions {
  /** The denominator, for a `ratio` KPI. */
  denominator?: number;
  note?: string;
}

// ---- Results ---------------------------------------------------------------

/** One finding of validation. */
export interface Diagnostic {
  /** A stable snake_case code such as `dangling_reference`. */
  code: string;
  severity: "error" | "warning";
  /** The entity concerned. */
  id: string | null;
  /** The JSON path, such as `plans[0].tasks[3].duration`. */
  path: string;
  message: string;
  /** The other ends of a reference, or the ids on a cycle. */
  related?: string[];
}

/** The result of validation, as the CLI's `validate --format json`. */
export interface ValidationReport {
  valid: boolean;
  diagnostics: Diagnostic[];
}

/** One named input of a computation. */
export interface ExplanationInput {
  name: string;
  value: string;
  source?: string;
}

/** How one number was computed: the inputs and the formula. */
export interface Explanation {
  id: string;
  quantity: string;
  formula: string;
  result: string;
  inputs?: ExplanationInput[];
  parts?: Explanation[];
}

/**
 * What every stratops function throws: a real `Error` (its `name` is
 * `"StratopsError"`) with a stable `code`.
 */
export interface StratopsError extends Error {
  name: "StratopsError";
  /** A stable code: `json_syntax`, `too_deep`, `invalid`, `dependency_cycle`, `unknown_id`, ... */
  code: string;
  /** The offending entity id, when known. */
  id?: string;
  /** The offending JSON path, when known. */
  path?: string;
  /** Every diagnostic of an invalid document (empty otherwise). */
  diagnostics: Diagnostic[];
  /** The ids on a cycle, for the `*_cycle` codes. */
  cycle?: string[];
  /** 1-based line and column of a format error. */
  line?: number;
  column?: number;
  /** The refused edit's index in `apply(edits)` (`path` is `edits[i]`). */
  edit?: number;
}

// ---- Editing ----------------------------------------------------------------

/** A task's assignment of a resource. */
export type Assignment = NonNullable<Task["assignments"]>[number];

/** Fields to change on an entity (`null` removes one); never `id`. */
export type Patch<T> = { [K in Exclude<keyof T, "id">]?: T[K] | null };

/** One edit of `apply(edits)`: a tagged object (see `docs/editing.md`). */
export type Edit =
  | { op: "addTask"; plan?: string; task: Task }
  | { op: "removeTask"; id: string; remove_links?: boolean }
  | { op: "updateTask"; id: string; set: Patch<Task> }
  | { op: "addDependency"; successor: string; predecessor: string; type?: LinkType; lag?: DurationValue }
  | { op: "removeDependency"; successor: string; predecessor: string }
  | { op: "updateDependency"; successor: string; predecessor: string; set: { type?: LinkType; lag?: DurationValue | null } }
  | {
      op: "setProgress";
      id: string;
      percent_complete?: number | null;
      actual_start?: IsoDateOrTime | null;
      actual_finish?: IsoDateOrTime | null;
      remaining?: DurationValue | null;
    }
  | { op: "setMeasurement"; kpi: string; date: IsoDate; value: number; denominator?: number; note?: string }
  | { op: "addCost"; plan?: string; cost: CostLine }
  | { op: "removeCost"; id: string }
  | { op: "updateCost"; id: string; set: Patch<CostLine> }
  | { op: "addResource"; resource: Resource }
  | { op: "removeResource"; id: string }
  | { op: "updateResource"; id: string; set: Patch<Resource> }
  | { op: "addAssignment"; task: string; assignment: Assignment }
  | { op: "removeAssignment"; task: string; resource: string }
  | { op: "updateAssignment"; task: string; resource: string; set: Partial<Omit<Assignment, "resource">> }
  | { op: "updateGoal"; id: string; set: Patch<Goal> };

/** What `apply()`, `undo()` or `redo()` changed. */
export interface ChangeSet {
  /** Tasks whose dates, floats or criticality moved, in document order. */
  changed_tasks: string[];
  added_tasks: string[];
  removed_tasks: string[];
  project_finish: IsoDateOrTime;
  project_finish_before: IsoDateOrTime;
  critical_path_changed: boolean;
  /** The schedule's diagnostics and the document's warnings now. */
  diagnostics: Diagnostic[];
  edits: number;
}

// ---- Engine results --------------------------------------------------------

/** Options of `schedule()`; omitted fields take the document's settings. */
export interface ScheduleOptions {
  /** Whether SNLT/FNLT constraints cap the early dates. */
  honor_constraints?: boolean;
  /** Tasks with total float at most this many working minutes are critical. */
  critical_threshold_min?: number;
  /** The status date `YYYY-MM-DD` (the end of that day): done work stays, started work resumes after it, unstarted work starts after it. */
  status_date?: string;
  /** How started tasks whose predecessors are not done are scheduled (default `retained_logic`). */
  out_of_sequence?: "retained_logic" | "progress_override";
  /** The most critical paths to list (default 100). */
  max_paths?: number;
}

/** What set a task's early start. */
export type Driver =
  | { kind: "project_start" }
  | { kind: "link"; predecessor: string; link_type: LinkType; lag?: string }
  | { kind: "summary"; summary: string }
  | { kind: "constraint" }
  | { kind: "actual" }
  | { kind: "manual" }
  | { kind: "status_date" };

/** The computed dates of one task; instants are local ISO date-times. */
export interface TaskTimes {
  id: string;
  plan: string;
  kind: "task" | "milestone" | "summary";
  early_start: string;
  early_finish: string;
  late_start: string;
  late_finish: string;
  /** The scheduled start: early, or late for an ALAP task. */
  start: string;
  finish: string;
  /** Minutes of work (or wall-clock minutes if elapsed). */
  duration_min: number;
  /** Working minutes on the task's calendar; negative when a constraint or deadline cannot be met. */
  total_float_min: number;
  free_float_min: number;
  critical: boolean;
  driver: Driver;
}

/**
 * `scheduleColumns()`: the schedule as one typed array per field, indexed
 * like `task_ids` (document order). Instants are minutes since
 * 1970-01-01T00:00 of the plan's wall clock (`isoFromMinutes(m)`, or
 * `new Date(m * 60000)` read with the `getUTC*` methods).
 */
export interface ScheduleColumns {
  /**
   * Task ids in document order (frozen). Duration edits keep the same
   * array; any other transaction may give a new one.
   */
  task_ids: readonly string[];
  /** Plan ids in document order (frozen). */
  plan_ids: readonly string[];
  /** Each task's plan, as an index into `plan_ids`. */
  plan_of: Uint32Array;
  early_start: Float64Array;
  early_finish: Float64Array;
  late_start: Float64Array;
  late_finish: Float64Array;
  /** The scheduled start (the early start, or the late one for ALAP tasks). */
  start: Float64Array;
  finish: Float64Array;
  /** Working minutes. */
  duration_min: Float64Array;
  total_float_min: Float64Array;
  free_float_min: Float64Array;
  /** 0 task, 1 milestone, 2 summary. */
  kind: Uint8Array;
  /** 1 when the task is critical. */
  critical: Uint8Array;
  project_start_min: number;
  project_finish_min: number;
  diagnostics: Diagnostic[];
}

/** The result of `schedule()`, a superset of the CLI's `schedule --format json`. */
export interface Schedule {
  project_start: string;
  project_finish: string;
  /** Every task, in document order. */
  tasks: TaskTimes[];
  /** Critical paths as ordered chains of task ids, from start to finish. */
  critical_paths: string[][];
  paths_truncated: boolean;
  /** Constraint conflicts, missed deadlines and negative float. */
  diagnostics: Diagnostic[];
}

export type Status = "not_started" | "no_data" | "on_track" | "at_risk" | "off_track" | "met" | "missed";

export interface Forecast {
  outcome: "insufficient_data" | "on_time" | "late" | "not_reachable";
  points: number;
  slope_per_day: number | null;
  projected_at_target: number | null;
  reaches_target_on: IsoDate | null;
  target_date: IsoDate;
}

export interface KpiScore {
  id: string;
  name: string;
  plan: string;
  unit: string | null;
  goals: string[];
  leading: boolean;
  polarity: Polarity;
  aggregation: "last" | "sum" | "average" | "ratio";
  value: number | null;
  progress: number | null;
  expected: number;
  pace: number | null;
  status: Status;
  target_met: boolean;
  last_measured: IsoDate | null;
  forecast: Forecast;
  explanation: Explanation;
}

export interface Contribution {
  id: string;
  kind: string;
  weight: number;
  progress: number | null;
  status: Status;
  contribution: number | null;
}

export interface GoalScore {
  id: string;
  name: string;
  plan: string;
  plan_kind: PlanKind;
  rollup: "weighted_mean" | "min" | "all_met";
  status_rollup: "worst" | "weighted";
  progress: number | null;
  expected: number | null;
  status: Status;
  met: boolean;
  contributes_to: string[];
  children: Contribution[];
  explanation: Explanation;
}

/** The result of `scorecard(asOf)`. */
export interface Scorecard {
  as_of: IsoDate;
  kpis: KpiScore[];
  goals: GoalScore[];
  leading: { id: string; status: Status; progress: number | null; expected: number }[];
  /** The strategic goals, roots of the rollup tree. */
  strategic: string[];
  options: { on_track: number; at_risk: number; default_cap: number };
}

export interface AlignmentItem {
  id: string;
  plan: string;
  name: string;
  owner: string | null;
}

/** The result of `alignment(asOf?)`. */
export interface AlignmentReport {
  as_of: IsoDate | null;
  unaligned_tasks: AlignmentItem[];
  unaligned_costs: AlignmentItem[];
  goals_without_kpi: AlignmentItem[];
  goals_without_work: AlignmentItem[];
  not_laddering: AlignmentItem[];
  /** Listed only when `asOf` is given. */
  stale_kpis: {
    id: string;
    plan: string;
    owner: string | null;
    cadence: string;
    cadence_days: number;
    last_measured: IsoDate | null;
    days_since: number;
  }[] | null;
  raci_violations: { task: string; plan: string; accountable: number; responsible: number; problems: string[] }[];
  smart_failures: { goal: string; plan: string; failed: string[] }[];
  hours: { total: number; aligned: number; strategic: number; share_strategic: number | null; explanation: Explanation };
  budget_share: { total: DecimalString; strategic: DecimalString; share_strategic: number | null } | null;
}

export interface RiskScore {
  id: string;
  plan: string;
  category: "people" | "technology" | "vendor" | "timeline" | "other";
  description: string;
  owner: string | null;
  response: "avoid" | "mitigate" | "transfer" | "accept" | "escalate" | null;
  probability: number | null;
  likelihood: number | null;
  impact_score: number | null;
  /** Likelihood (1-5) x impact (1-5). */
  score: number | null;
  band: "low" | "medium" | "high" | "critical" | null;
  /** Probability x cost impact, a decimal string. */
  exposure_money: DecimalString | null;
  exposure_days: number | null;
  explanation: Explanation;
}

/** The result of `risks()`. */
export interface RiskRegister {
  currency: string;
  risks: RiskScore[];
  /** Risk ids, highest exposure first. */
  top: string[];
  total_exposure_money: DecimalString;
}

/** Options of `budget()`. */
export interface BudgetOptions {
  /** Exact sums instead of amounts rounded to the currency's minor unit. */
  exact?: boolean;
  /** Phase task lines over the schedule (default true); false spreads every line over its plan's horizon. */
  use_schedule?: boolean;
  /** Rounding to the minor unit: banker's `half_even` (default), `half_up`, `half_down`, `up` (away from zero), `down` (toward zero). */
  rounding?: "half_even" | "half_up" | "half_down" | "up" | "down";
}

/** Amounts by key (category, plan, task, month `YYYY-MM`, ...), as decimal strings. */
export type MoneyMap = { [key: string]: DecimalString };

/** Budget against actual for a plan or a category. */
export interface BudgetVariance {
  budget: DecimalString | null;
  planned: DecimalString;
  actual: DecimalString;
  /** budget − actual. */
  variance: DecimalString | null;
  /** budget − planned. */
  planned_variance: DecimalString | null;
  /** actual / budget × 100, two decimals. */
  percent_spent: string | null;
}

/** A plan's budget against actual, with its categories. */
export interface PlanBudgetVariance extends BudgetVariance {
  plan: string;
  categories: { [category: string]: BudgetVariance };
}

/** A risk's expected monetary value. */
export interface RiskEmv {
  id: string;
  plan: string;
  probability: string;
  probability_source: "probability" | "likelihood";
  cost_impact: DecimalString;
  emv: DecimalString;
}

/** One cost line, costed and phased. */
export interface BudgetLine {
  id: string;
  plan: string;
  task: string | null;
  category: string;
  resource: string | null;
  owner: string | null;
  amount: DecimalString;
  actual: DecimalString | null;
  /** How the amount was computed, such as `40 h × 120.00 USD/h`. */
  formula: string;
  /** Goals the line supports (directly or inherited). */
  goals: string[];
  /** The line's amount by month `YYYY-MM`. */
  by_period: MoneyMap;
}

/** The result of `budget()`: the CLI's `budget --format json`. */
export interface Budget {
  currency: string;
  total: DecimalString;
  by_category: MoneyMap;
  by_plan: MoneyMap;
  /** By task, with the WBS rolled up into summary tasks. */
  by_task: MoneyMap;
  /** By goal: these figures overlap (see `by_goal_note`). */
  by_goal: MoneyMap;
  by_goal_note: string;
  by_resource: MoneyMap;
  by_owner: MoneyMap;
  /** By month `YYYY-MM`. */
  by_period: MoneyMap;
  /** By quarter `YYYY-Qn`. */
  by_quarter: MoneyMap;
  /** By year `YYYY`. */
  by_year: MoneyMap;
  phased_by: "schedule" | "horizon";
  /** Risk EMV plus management reserve, beside the total (never in it). */
  contingency: DecimalString;
  contingency_detail: {
    risk_emv: DecimalString;
    management_reserve: DecimalString;
    risks: RiskEmv[];
    plans: {
      plan: string;
      risk_emv: DecimalString;
      reserve_pct: string | null;
      management_reserve: DecimalString;
      total: DecimalString;
    }[];
  };
  variance: PlanBudgetVariance[];
  lines: BudgetLine[];
  /**
   * The long month × category table: each cell summed exactly over the
   * lines, then rounded once (so with rounding a month's cells may differ
   * from its rounded total by a minor unit; exact figures with `exact`).
   */
  by_period_category: { period: string; category: string; amount: DecimalString }[];
}

// ---- The operating loop: report, remind, diff ------------------------------

/** Options of `report()` (the same as Python's `plan.report(...)`). */
export interface ReportOptions {
  /** Days after the as-of date in which a milestone counts as due (default 14). */
  lookahead_days?: number;
  /** How many risks the top-risks table lists (default 5). */
  top_risks?: number;
}

/** Output formats of `report()`. */
export type ReportFormat = "json" | "md" | "html";

export type MilestoneState = "done" | "late" | "due" | "upcoming";

export interface ReportGoalRow {
  id: string;
  name: string;
  plan: string;
  plan_kind: PlanKind;
  owner: string | null;
  due: IsoDate | null;
  progress: number | null;
  expected: number | null;
  status: Status;
}

export interface ReportKpiRow {
  id: string;
  name: string;
  plan: string;
  owner: string | null;
  unit: string | null;
  leading: boolean;
  polarity: Polarity;
  baseline: number;
  target: number;
  target_date: IsoDate;
  value: number | null;
  progress: number | null;
  expected: number;
  pace: number | null;
  status: Status;
  last_measured: IsoDate | null;
  stale: boolean;
  forecast: "insufficient_data" | "on_time" | "late" | "not_reachable";
  forecast_reaches_on: IsoDate | null;
}

export interface ReportPlanFinish {
  id: string;
  name: string;
  kind: PlanKind;
  owner: string | null;
  horizon_start: IsoDate;
  horizon_end: IsoDate;
  finish: IsoDateOrTime | null;
  /** Calendar days from the finish to the horizon's end (negative: overrun). */
  days_to_horizon_end: number | null;
}

export interface ReportMilestone {
  id: string;
  name: string;
  plan: string;
  owner: string | null;
  due: IsoDate;
  deadline: IsoDate | null;
  state: MilestoneState;
  done_on: IsoDate | null;
  days_late: number;
  critical: boolean;
  misses_deadline: boolean;
}

export interface ReportOverdueTask {
  id: string;
  name: string;
  plan: string;
  owner: string | null;
  start: IsoDateOrTime;
  finish: IsoDateOrTime;
  percent_complete: number;
  days_overdue: number;
  critical: boolean;
}

export interface ReportPathStep {
  id: string;
  name: string;
  owner: string | null;
  start: IsoDateOrTime;
  finish: IsoDateOrTime;
}

export interface ReportScheduleSection {
  project_start: IsoDateOrTime;
  project_finish: IsoDateOrTime;
  critical_paths: ReportPathStep[][];
  paths_truncated: boolean;
  negative_float: { id: string; name: string; owner: string | null; total_float_min: number }[];
  bars: {
    id: string;
    name: string;
    plan: string;
    depth: number;
    kind: "task" | "milestone" | "summary";
    start: IsoDateOrTime;
    finish: IsoDateOrTime;
    critical: boolean;
    percent_complete: number;
    done: boolean;
  }[];
  diagnostics: Diagnostic[];
}

export interface ReportBudgetRow {
  key: string;
  cap: DecimalString | null;
  planned: DecimalString;
  actual: DecimalString;
  remaining: DecimalString;
  over_cap: boolean;
}

export interface ReportBudgetSection {
  currency: string;
  planned: DecimalString;
  actual: DecimalString;
  remaining: DecimalString;
  cap: DecimalString | null;
  lines: number;
  lines_with_actual: number;
  by_category: ReportBudgetRow[];
  by_plan: ReportBudgetRow[];
  risk_contingency: DecimalString;
  management_reserve: DecimalString;
  contingency: DecimalString;
}

export interface ReportRiskRow {
  id: string;
  plan: string;
  description: string;
  category: "people" | "technology" | "vendor" | "timeline" | "other";
  owner: string | null;
  probability: number | null;
  impact_cost: DecimalString | null;
  exposure_money: DecimalString | null;
  exposure_days: number | null;
  score: number | null;
  band: "low" | "medium" | "high" | "critical" | null;
  response: "avoid" | "mitigate" | "transfer" | "accept" | "escalate" | null;
  if_then: string | null;
  trigger_date: IsoDate | null;
  trigger_passed: boolean;
}

export interface ReportChallenge {
  level: "off_track" | "at_risk";
  kind: string;
  id: string;
  name: string;
  owner: string | null;
  issue: string;
  message: string;
}

/** The result of `report(asOf)`: `stratops report --format json`. */
export interface Report {
  as_of: IsoDate;
  title: string;
  organisation: string | null;
  currency: string;
  lookahead_days: number;
  summary: {
    strategic_goals: ReportGoalRow[];
    plans: ReportPlanFinish[];
    project_start: IsoDateOrTime | null;
    project_finish: IsoDateOrTime | null;
    kpi_status_counts: { [status: string]: number };
    milestone_counts: { [state: string]: number };
    overdue_tasks: number;
    challenges_off_track: number;
    challenges_at_risk: number;
  };
  goals: ReportGoalRow[];
  kpis: ReportKpiRow[];
  milestones: ReportMilestone[];
  overdue_tasks: ReportOverdueTask[];
  schedule: ReportScheduleSection | null;
  /** The forecast at the as-of date against the baseline or the plan as written. */
  forecast: ReportForecast | null;
  /** Earned value as of the as-of date; null without any budget. */
  earned_value: EarnedValue | null;
  /** The DCMA 14-point assessment at the as-of date; null without tasks. */
  health: Health | null;
  /** A 1,000-iteration simulation (seed 0) when any task has an estimate. */
  schedule_risk: Simulation | null;
  /** Over-allocations at the as-of date and the finish after standard leveling; null when no task loads a resource. */
  resources: ReportResources | null;
  budget: ReportBudgetSection;
  risks: { count: number; total_exposure: DecimalString; top: ReportRiskRow[] };
  challenges: ReportChallenge[];
  notes: { code: string; message: string }[];
}

/** The report's forecast section. */
export interface ReportForecast {
  status_date: IsoDate;
  planned_finish: IsoDateOrTime;
  forecast_finish: IsoDateOrTime;
  baseline: number | null;
  baseline_finish: IsoDateOrTime | null;
  /** Working minutes of the project calendar; positive = late. */
  finish_variance_min: number;
  slipped: {
    id: string;
    name: string;
    owner: string | null;
    target_finish: IsoDateOrTime;
    forecast_finish: IsoDateOrTime;
    late_min: number;
  }[];
  out_of_sequence: string[];
}

/** Options of `earnedValue()`. */
export interface EvmOptions {
  /** The baseline to measure against (0-10); default baseline 0 where a plan has it. */
  baseline?: number;
  /** How EAC is forecast (default `cpi`). */
  eac_method?: "cpi" | "budget_rate" | "cpi_spi" | "bottom_up";
}

/** BAC, PV, EV and AC of one task, plan or goal; ratios null where undefined. */
export interface EvmFigures {
  bac: DecimalString;
  pv: DecimalString;
  ev: DecimalString;
  ac: DecimalString;
  spi: number | null;
  cpi: number | null;
}

/** The result of `earnedValue(statusDate)`: `stratops evm --format json`. */
export interface EarnedValue {
  status_date: IsoDate;
  currency: string;
  baseline: number | null;
  eac_method: "cpi" | "budget_rate" | "cpi_spi" | "bottom_up";
  bac: DecimalString;
  pv: DecimalString;
  ev: DecimalString;
  ac: DecimalString;
  sv: DecimalString;
  cv: DecimalString;
  spi: number | null;
  cpi: number | null;
  eac: DecimalString | null;
  etc: DecimalString | null;
  vac: DecimalString | null;
  tcpi: number | null;
  tcpi_eac: number | null;
  es_days: number;
  at_days: number;
  pd_days: number;
  spi_t: number | null;
  sv_t_days: number;
  ieac_t_days: number | null;
  tspi: number | null;
  by_task: (EvmFigures & { id: string; plan: string; summary: boolean })[];
  by_plan: (EvmFigures & { plan: string; baseline: number | null })[];
  by_goal: (EvmFigures & { goal: string })[];
  by_period: { period: string; pv: DecimalString; pv_cum: DecimalString; ac_cum: DecimalString | null }[];
}

/** The result of `baselineVariance(number)`: `stratops baseline variance --format json`. */
export interface BaselineVariance {
  baseline: number;
  status_date: IsoDate | null;
  tasks: {
    id: string;
    baseline_start: IsoDateOrTime | null;
    baseline_finish: IsoDateOrTime | null;
    start: IsoDateOrTime;
    finish: IsoDateOrTime;
    start_variance_min: number | null;
    finish_variance_min: number | null;
    duration_variance_min: number | null;
    cost_variance: DecimalString | null;
  }[];
  plans: {
    plan: string;
    baseline_finish: IsoDateOrTime | null;
    forecast_finish: IsoDateOrTime | null;
    finish_variance_min: number | null;
    baseline_cost: DecimalString;
    cost: DecimalString;
  }[];
  slipped: string[];
}

/** One check of the DCMA 14-point assessment. */
export interface HealthCheck {
  /** 1-14. */
  number: number;
  name:
    | "missing_logic" | "leads" | "lags" | "relationship_types" | "hard_constraints" | "high_float"
    | "negative_float" | "high_duration" | "invalid_dates" | "resources" | "missed_tasks"
    | "critical_path_test" | "cpli" | "bei";
  /** The metric; null when the check cannot run (see `note`). */
  value: number | null;
  threshold: number | null;
  comparison: "<=" | ">=" | "=";
  unit: "percent" | "count" | "index" | "days";
  /** null when the check cannot run. */
  pass: boolean | null;
  /** The offending task ids (check 12: the critical path of the task delayed). */
  tasks: string[];
  population: number;
  note?: string;
}

/** The result of `health()`: `stratops health --format json`. */
export interface Health {
  status_date: IsoDate | null;
  profile: string;
  checks: HealthCheck[];
  passed: number;
  failed: number;
}

/** Options of `simulate()`. */
export interface SimulateOptions {
  /** Simulate the plan as executed at this status date. */
  status_date?: string;
}

/** The result of `simulate()`: `stratops simulate --format json`. */
export interface Simulation {
  iterations: number;
  seed: number;
  status_date: IsoDate | null;
  planned_finish: IsoDateOrTime;
  /** Working days (of 8 hours) on the project calendar from the project start. */
  duration_days: { p10: number; p50: number; p80: number; p90: number; mean: number; std: number };
  finish: { p10: IsoDateOrTime; p50: IsoDateOrTime; p80: IsoDateOrTime; p90: IsoDateOrTime };
  cost: { p10: DecimalString; p50: DecimalString; p80: DecimalString; p90: DecimalString; mean: DecimalString };
  tasks: { id: string; criticality: number; cruciality: number | null }[];
  tornado: string[];
  deadlines: { id: string; due: IsoDateOrTime; probability: number }[];
  goals: { id: string; due: IsoDate; probability: number }[];
  histogram: { from: number; to: number; count: number; cumulative: number }[];
}

/** The report's resources section. */
export interface ReportResources {
  status_date: IsoDate;
  overallocations: Overallocation[];
  unleveled_finish: IsoDateOrTime | null;
  leveled_finish: IsoDateOrTime | null;
  /** Most delayed first. */
  delayed: { id: string; leveling_delay_days: number }[];
  /** Why leveling cannot run, with its code. */
  note: string | null;
}

/** Options of `level()`. */
export interface LevelOptions {
  /** `standard` (MS Project's order, one pass; the default) or `optimise` (the shortest finish; the default for PSPLIB imports). */
  mode?: "standard" | "optimise" | "optimize";
  /** The budget of generated schedules for `optimise` (1 to 10,000,000; default 1,000). */
  schedules?: number;
  /** The optimisation's seed (default 1): the same seed, the same schedule. */
  seed?: number;
  /** (standard) Delay tasks only within their total slack. */
  within_slack?: boolean;
  /** Level the plan as executed at this status date. */
  status_date?: string;
}

/** A run of days on which a resource is over-allocated. */
export interface Overallocation {
  resource: string;
  /** Working days from the project start's day; `to_day` is exclusive. */
  from_day: number;
  to_day: number;
  from: IsoDate;
  to: IsoDate;
  /** The highest load in the run (1.0 = one full-time person). */
  peak_units: number;
  capacity_units: number;
  tasks: string[];
}

/** One resource in one period of `resourceUsage()` (and a leveling's `usage`). */
export interface UsageRow {
  resource: string;
  /** The period's first day (for weeks, the Monday). */
  date: IsoDate;
  from_day: number;
  to_day: number;
  /** The peak load in the period. */
  units: number;
  /** The load summed over the period's working days. */
  unit_days: number;
  capacity_units: number;
  over: boolean;
  tasks: string[];
}

/** The result of `resourceUsage()`. */
export interface ResourceUsage {
  period: "day" | "week";
  rows: UsageRow[];
}

/** A leveled task. */
export interface LeveledTask {
  id: string;
  start: IsoDateOrTime;
  finish: IsoDateOrTime;
  /** Working days from the project start's day (`finish_day` exclusive). */
  start_day: number;
  finish_day: number;
  leveling_delay_days: number;
  /** The unleveled dates. */
  early_start: IsoDateOrTime;
  early_finish: IsoDateOrTime;
}

/** The result of `level()`: `stratops level --format json`. */
export interface Leveling {
  mode: "standard" | "optimise";
  project_start: IsoDateOrTime;
  makespan_days: number;
  /** The critical-path length without resource limits. */
  lower_bound_days: number;
  resource_bound_days: number;
  /** One pass of the serial LFT rule (`optimise` only). */
  lft_makespan_days?: number;
  schedules: number;
  seed?: number;
  /** A progress callback stopped the run: the best schedule so far. */
  stopped: boolean;
  finish: IsoDateOrTime;
  unleveled_finish: IsoDateOrTime;
  tasks: LeveledTask[];
  overallocations: Overallocation[];
  overallocations_before: Overallocation[];
  usage: UsageRow[];
  usage_before: UsageRow[];
}

/** One reminder of `remind()`. */
export interface ReminderEvent {
  kind: "overdue" | "risk_triggered" | "stale_kpi" | "due_soon" | "milestone_reached" | "not_started";
  entity: string;
  id: string;
  plan: string;
  owner: string | null;
  date: IsoDate;
  message: string;
}

/** The result of `remind(asOf, withinDays?)`: `stratops remind --format json`. */
export interface Reminders {
  as_of: IsoDate;
  within_days: number;
  events: ReminderEvent[];
}

/** An entity named by a diff. */
export interface DiffEntity {
  kind: string;
  id: string;
  plan: string | null;
}

/** The result of `diff(other, asOf?)`: `stratops diff OLD NEW --format json`. */
export interface PlanDiff {
  added: DiffEntity[];
  removed: DiffEntity[];
  changed: { entity: DiffEntity; fields: { path: string; old: unknown; new: unknown }[] }[];
  consequences: {
    project_finish_old: IsoDateOrTime | null;
    project_finish_new: IsoDateOrTime | null;
    finish_moved_working_min: number | null;
    finish_moved_working_days: number | null;
    finish_moved_calendar_days: number | null;
    critical_paths_old: string[][];
    critical_paths_new: string[][];
    critical_path_changed: boolean;
    budget_total_old: DecimalString;
    budget_total_new: DecimalString;
    budget_delta: DecimalString;
    as_of: IsoDate | null;
    goals_status_changed: { id: string; old: Status; new: Status }[];
  };
}
