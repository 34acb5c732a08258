
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
  notes?: string;
  comments?: Comment[];
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
  }[];
  owner?: string;
  deliverables?: string[];
  supports?: string[];
  progress?: {
    percent_complete?: number;
    actual_start?: IsoDateOrTime;
    actual_finish?: IsoDateOrTime;
    remaining?: DurationValue;
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
}
