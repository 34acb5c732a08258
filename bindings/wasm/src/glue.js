// JavaScript half of the schedule conversion (see src/columns.rs).
//
// The wasm side hands over a schedule as columns: typed-array views of
// minutes since 1970-01-01 00:00, floats and flags, with task ids passed
// once as one string and cached. This module builds the same plain objects
// `JSON.parse` of the CLI's JSON would give (same keys, same order, dates as
// local ISO strings), without a JSON round trip. The views point into wasm
// memory and are only read during the call.

const KINDS = ["task", "milestone", "summary"];
const LINKS = ["FS", "SS", "FF", "SF"];

/** Splits `text` into strings of the given UTF-16 lengths. */
export function splitStrings(text, lens) {
  const out = new Array(lens.length);
  let at = 0;
  for (let i = 0; i < lens.length; i++) {
    const end = at + lens[i];
    out[i] = text.slice(at, end);
    at = end;
  }
  return out;
}

const pad2 = (n) => (n < 10 ? "0" : "") + n;
const CLOCK = [];
for (let m = 0; m < 1440; m++) CLOCK.push(`T${pad2(Math.floor(m / 60))}:${pad2(m % 60)}:00`);

/** `YYYY-MM-DD` of a day number since 1970-01-01 (proleptic Gregorian). */
function day(days) {
  // Howard Hinnant's civil_from_days.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${pad2(m)}-${pad2(d)}`;
}

// Date-time strings by minute, shared by every schedule: plans reuse few
// distinct instants, so most lookups hit. Cleared when it grows large.
const cache = new Map();
function dateTime(min) {
  let s = cache.get(min);
  if (s === undefined) {
    if (cache.size > 200000) cache.clear();
    const d = Math.floor(min / 1440);
    s = day(d) + CLOCK[min - d * 1440];
    cache.set(min, s);
  }
  return s;
}

/**
 * Builds a `Schedule` object. `flags[i]`: bits 0-1 the kind, bit 2
 * critical, bits 3-5 the driver kind, bits 6-7 the link type; `refs[i]` the
 * driving task (predecessor or summary) or -1; lags are sparse.
 */
export function buildSchedule(ids, plans, planOf, times, nums, flags, refs, lagText, lagTask, lagLens,
  paths, pathLens, head, diagnostics) {
  const n = ids.length;
  const lags = new Map();
  if (lagTask.length > 0) {
    const texts = splitStrings(lagText, lagLens);
    for (let k = 0; k < lagTask.length; k++) lags.set(lagTask[k], texts[k]);
  }
  const tasks = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = flags[i];
    const o = 6 * i;
    const q = 3 * i;
    const es = dateTime(times[o]);
    const ef = dateTime(times[o + 1]);
    const ls = dateTime(times[o + 2]);
    const lf = dateTime(times[o + 3]);
    let driver;
    switch ((f >> 3) & 7) {
      case 0: driver = { kind: "project_start" }; break;
      case 1: {
        driver = { kind: "link", predecessor: ids[refs[i]], link_type: LINKS[(f >> 6) & 3] };
        const lag = lags.get(i);
        if (lag !== undefined) driver.lag = lag;
        break;
      }
      case 2: driver = { kind: "summary", summary: ids[refs[i]] }; break;
      case 3: driver = { kind: "constraint" }; break;
      case 4: driver = { kind: "actual" }; break;
      case 5: driver = { kind: "manual" }; break;
      default: driver = { kind: "status_date" };
    }
    tasks[i] = {
      id: ids[i],
      plan: plans[planOf[i]],
      kind: KINDS[f & 3],
      early_start: es,
      early_finish: ef,
      late_start: ls,
      late_finish: lf,
      start: times[o + 4] === times[o] ? es : times[o + 4] === times[o + 2] ? ls : dateTime(times[o + 4]),
      finish: times[o + 5] === times[o + 1] ? ef : times[o + 5] === times[o + 3] ? lf : dateTime(times[o + 5]),
      duration_min: nums[q],
      total_float_min: nums[q + 1],
      free_float_min: nums[q + 2],
      critical: (f & 4) !== 0,
      driver,
    };
  }
  const critical_paths = new Array(pathLens.length);
  let at = 0;
  for (let p = 0; p < pathLens.length; p++) {
    const path = new Array(pathLens[p]);
    for (let k = 0; k < path.length; k++) path[k] = ids[paths[at++]];
    critical_paths[p] = path;
  }
  return {
    project_start: dateTime(head[0]),
    project_finish: dateTime(head[1]),
    tasks,
    critical_paths,
    paths_truncated: head[2] !== 0,
    diagnostics: diagnostics.length > 2 ? JSON.parse(diagnostics) : [],
  };
}
