//! PSPLIB single-mode `.sm` files (the resource-constrained project
//! scheduling benchmark of Kolisch and Sprecher) as a `stratops/1` document.
//!
//! Job n becomes task `jn` (the dummy source and sink too, with zero duration), renewable resource k becomes `Rk` with its availability
//! as `capacity`, a non-renewable one `Nk` (a `material`, which leveling
//! ignores). Each positive request becomes an assignment with that many
//! `units`. Durations are whole days on a continuous calendar `7x24`
//! (every day, 24 hours a day), so day numbers equal PSPLIB periods. The
//! project starts on 2025-01-01 (any fixed date would do: the core never
//! reads the clock). The file's header (base data, seed, horizon, due date,
//! tardiness cost, MPM time) goes into the plan's `extensions.psplib`, which
//! also makes `level` default to the optimising mode.

use serde_json::{json, Map, Value};
use stratops::{Document, Error, FormatError};

/// Upper bound on a duration (days) and a request or availability.
const MAX_VALUE: i64 = 1_000_000_000;
/// The plan extension key that marks a PSPLIB import.
pub const PSPLIB: &str = "psplib";

fn bad(line: usize, message: impl Into<String>) -> Error {
    Error::Import(FormatError {
        code: "bad_psplib".into(),
        message: message.into(),
        line,
        column: 0,
        path: format!("line {line}"),
    })
}

struct Lines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Lines<'a> {
    fn find(&self, prefix: &str) -> Option<usize> {
        self.lines
            .iter()
            .position(|l| l.trim_start().starts_with(prefix))
    }
    /// The 1-based line number of index `i`.
    fn no(i: usize) -> usize {
        i + 1
    }
    fn get(&self, i: usize, what: &str) -> Result<&'a str, Error> {
        self.lines
            .get(i)
            .copied()
            .ok_or_else(|| bad(Self::no(i), format!("the file ends before {what}")))
    }
    /// Rows from `from` up to the next line of asterisks.
    fn rows(&self, from: usize, what: &str) -> Result<(Vec<usize>, usize), Error> {
        let mut out = Vec::new();
        let mut i = from;
        loop {
            let l = self.get(i, &format!("the end of {what}"))?;
            if l.trim_start().starts_with('*') {
                return Ok((out, i));
            }
            if !l.trim().is_empty() {
                out.push(i);
            }
            i += 1;
        }
    }
}

fn ints(line: &str, no: usize) -> Result<Vec<i64>, Error> {
    line.split_whitespace()
        .map(|w| {
            w.parse::<i64>()
                .ok()
                .filter(|v| (0..=MAX_VALUE).contains(v))
                .ok_or_else(|| {
                    bad(
                        no,
                        format!("`{w}` is not a whole number between 0 and {MAX_VALUE}"),
                    )
                })
        })
        .collect()
}

/// The number after the colon of a `name : value` header line, if any.
fn header(lines: &Lines<'_>, prefix: &str) -> Result<Option<i64>, Error> {
    let Some(i) = lines.find(prefix) else {
        return Ok(None);
    };
    let l = lines.lines[i];
    let value = l.split(':').nth(1).unwrap_or("");
    let first = value.split_whitespace().next().unwrap_or("");
    Ok(first.parse::<i64>().ok())
}

/// Imports a PSPLIB single-mode `.sm` file.
///
/// Fails with [`Error::Import`] code `bad_psplib` naming the line of a
/// malformed file (a missing section, a row with the wrong number of
/// fields, a job listed out of order, a successor that is not a job, a
/// multi-mode job), and with code `dependency_cycle` listing the jobs when
/// the precedence relations are cyclic.
///
/// # Example
/// ```
/// let sm = "\
/// jobs (incl. supersource/sink ):  3
/// ****
/// PRECEDENCE RELATIONS:
/// jobnr.    #modes  #successors   successors
///    1        1          1           2
///    2        1          1           3
///    3        1          0
/// ****
/// REQUESTS/DURATIONS:
/// jobnr. mode duration  R 1
/// ----
///   1      1     0       0
///   2      1     4       2
///   3      1     0       0
/// ****
/// RESOURCEAVAILABILITIES:
///   R 1
///    3
/// ****";
/// let doc = stratops_interop::import_psplib(sm)?;
/// let plan = &doc.plans[0];
/// assert_eq!(plan.tasks[1].id, "j2");
/// assert_eq!(plan.tasks[1].duration.unwrap().to_string(), "4d");
/// assert_eq!(plan.tasks[1].assignments[0].units, Some(2.0));
/// assert_eq!(doc.resources[0].capacity, Some(3.0));
/// # Ok::<(), stratops::Error>(())
/// ```
pub fn import_psplib(text: &str) -> Result<Document, Error> {
    let lines = Lines {
        lines: text.lines().collect(),
    };
    let succ = precedence(&lines)?;
    let (kinds, dur, req) = requests(&lines, succ.len())?;
    let avail = availabilities(&lines, kinds.len())?;
    if let Some(ids) = cycle(&succ) {
        return Err(Error::Cycle(stratops::CycleError {
            code: "dependency_cycle".into(),
            ids: ids.iter().map(|j| format!("j{}", j + 1)).collect(),
            diagnostics: vec![],
        }));
    }

    let info = project_info(&lines)?;
    document(&succ, &kinds, &dur, &req, &avail, info)
}

/// The successors of each job (0-based), from PRECEDENCE RELATIONS.
fn precedence(lines: &Lines<'_>) -> Result<Vec<Vec<usize>>, Error> {
    let prec = lines
        .find("PRECEDENCE RELATIONS")
        .ok_or_else(|| bad(1, "no PRECEDENCE RELATIONS section"))?;
    let (rows, _) = lines.rows(prec + 2, "PRECEDENCE RELATIONS")?;
    let n = rows.len();
    if n == 0 {
        return Err(bad(Lines::no(prec), "the project has no jobs"));
    }
    let mut succ: Vec<Vec<usize>> = Vec::with_capacity(n);
    for (j, &i) in rows.iter().enumerate() {
        let no = Lines::no(i);
        let f = ints(lines.lines[i], no)?;
        if f.len() < 3 {
            return Err(bad(
                no,
                "a precedence row needs jobnr, #modes and #successors",
            ));
        }
        if f[0] != j as i64 + 1 {
            return Err(bad(
                no,
                format!("expected job {}, found job {}", j + 1, f[0]),
            ));
        }
        if f[1] != 1 {
            return Err(bad(
                no,
                format!(
                    "job {} has {} modes: only single-mode files (.sm) are read",
                    f[0], f[1]
                ),
            ));
        }
        if f[2] as usize != f.len() - 3 {
            return Err(bad(
                no,
                format!(
                    "job {} lists {} successors, not {}",
                    f[0],
                    f.len() - 3,
                    f[2]
                ),
            ));
        }
        let mut s = Vec::with_capacity(f.len() - 3);
        for &k in &f[3..] {
            if k < 1 || k as usize > n {
                return Err(bad(
                    no,
                    format!("successor {k} of job {} is not a job", f[0]),
                ));
            }
            s.push(k as usize - 1);
        }
        succ.push(s);
    }
    Ok(succ)
}

/// A resource column: its kind (`R`, `N`, `D`) and id (`R1`).
type Kind = (char, String);

/// What REQUESTS/DURATIONS holds: the resource columns, and per job its
/// duration and its request of each resource.
type Requests = (Vec<Kind>, Vec<i64>, Vec<Vec<i64>>);

/// The resource columns, each job's duration and requests, from
/// REQUESTS/DURATIONS.
fn requests(lines: &Lines<'_>, n: usize) -> Result<Requests, Error> {
    let req_at = lines
        .find("REQUESTS/DURATIONS")
        .ok_or_else(|| bad(1, "no REQUESTS/DURATIONS section"))?;
    let head = lines.get(req_at + 1, "the requests header")?;
    let kinds: Vec<Kind> = {
        let after = head.split("duration").nth(1).ok_or_else(|| {
            bad(
                Lines::no(req_at + 1),
                "the requests header has no `duration` column",
            )
        })?;
        let w: Vec<&str> = after.split_whitespace().collect();
        if w.len() % 2 != 0 {
            return Err(bad(
                Lines::no(req_at + 1),
                "resource columns are `R 1`, `N 1`...",
            ));
        }
        let mut out = Vec::new();
        for pair in w.chunks(2) {
            let kind = pair[0].chars().next().unwrap_or('?');
            if !matches!(kind, 'R' | 'N' | 'D')
                || pair[0].len() != 1
                || pair[1].parse::<u32>().is_err()
            {
                return Err(bad(
                    Lines::no(req_at + 1),
                    format!("`{} {}` is not a resource column", pair[0], pair[1]),
                ));
            }
            out.push((kind, format!("{}{}", pair[0], pair[1])));
        }
        out
    };
    let m = kinds.len();
    let (req_rows, _) = lines.rows(req_at + 3, "REQUESTS/DURATIONS")?;
    if req_rows.len() != n {
        return Err(bad(
            Lines::no(req_at),
            format!(
                "{} jobs in PRECEDENCE RELATIONS but {} in REQUESTS/DURATIONS",
                n,
                req_rows.len()
            ),
        ));
    }
    let mut dur = Vec::with_capacity(n);
    let mut req: Vec<Vec<i64>> = Vec::with_capacity(n);
    for (j, &i) in req_rows.iter().enumerate() {
        let no = Lines::no(i);
        let f = ints(lines.lines[i], no)?;
        if f.len() != 3 + m {
            return Err(bad(
                no,
                format!("a request row needs jobnr, mode, duration and {m} requests"),
            ));
        }
        if f[0] != j as i64 + 1 {
            return Err(bad(
                no,
                format!("expected job {}, found job {}", j + 1, f[0]),
            ));
        }
        dur.push(f[2]);
        req.push(f[3..].to_vec());
    }
    Ok((kinds, dur, req))
}

/// Each resource's availability, from RESOURCEAVAILABILITIES.
fn availabilities(lines: &Lines<'_>, m: usize) -> Result<Vec<i64>, Error> {
    let avail_at = lines
        .find("RESOURCEAVAILABILITIES")
        .ok_or_else(|| bad(1, "no RESOURCEAVAILABILITIES section"))?;
    let no = Lines::no(avail_at + 2);
    let avail = ints(lines.get(avail_at + 2, "the availabilities")?, no)?;
    if avail.len() != m {
        return Err(bad(
            no,
            format!("{m} resources but {} availabilities", avail.len()),
        ));
    }
    Ok(avail)
}

/// The header and project information lines kept in the plan's extension.
fn project_info(lines: &Lines<'_>) -> Result<Map<String, Value>, Error> {
    let mut info = Map::new();
    for (key, prefix) in [
        ("jobs", "jobs (incl. supersource/sink"),
        ("horizon", "horizon"),
        ("seed", "initial value random generator"),
    ] {
        if let Some(v) = header(lines, prefix)? {
            info.insert(key.into(), json!(v));
        }
    }
    if let Some(i) = lines.find("file with basedata") {
        if let Some(v) = lines.lines[i].split(':').nth(1) {
            info.insert("basedata".into(), json!(v.trim()));
        }
    }
    if let Some(i) = lines.find("pronr.") {
        if let Some(row) = lines.lines.get(i + 1) {
            if let Ok(f) = ints(row, Lines::no(i + 1)) {
                for (k, key) in [
                    "pronr",
                    "jobs_non_dummy",
                    "release_date",
                    "due_date",
                    "tardiness_cost",
                    "mpm_time",
                ]
                .iter()
                .enumerate()
                {
                    if let Some(v) = f.get(k) {
                        info.insert((*key).into(), json!(v));
                    }
                }
            }
        }
    }

    Ok(info)
}

/// The `stratops/1` document of a read instance.
fn document(
    succ: &[Vec<usize>],
    kinds: &[Kind],
    dur: &[i64],
    req: &[Vec<i64>],
    avail: &[i64],
    info: Map<String, Value>,
) -> Result<Document, Error> {
    let n = succ.len();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, s) in succ.iter().enumerate() {
        for &k in s {
            preds[k].push(i);
        }
    }
    let tasks: Vec<Value> = (0..n)
        .map(|j| {
            let mut t = Map::new();
            t.insert("id".into(), json!(format!("j{}", j + 1)));
            t.insert("name".into(), json!(format!("job {}", j + 1)));
            t.insert("duration".into(), json!(format!("{}d", dur[j])));
            let deps: Vec<Value> = preds[j]
                .iter()
                .map(|&p| json!({"predecessor": format!("j{}", p + 1)}))
                .collect();
            if !deps.is_empty() {
                t.insert("dependencies".into(), Value::Array(deps));
            }
            let asg: Vec<Value> = req[j]
                .iter()
                .enumerate()
                .filter(|(_, &u)| u > 0)
                .map(|(k, &u)| json!({"resource": kinds[k].1, "units": u as f64}))
                .collect();
            if !asg.is_empty() {
                t.insert("assignments".into(), Value::Array(asg));
            }
            Value::Object(t)
        })
        .collect();
    let resources: Vec<Value> = kinds
        .iter()
        .zip(avail)
        .map(|((kind, id), &cap)| {
            let mut r = json!({"id": id, "name": id, "capacity": cap as f64});
            if *kind != 'R' {
                r["kind"] = json!("material");
            }
            r
        })
        .collect();
    let horizon_days: i64 = dur.iter().sum::<i64>().max(1);
    let end = chrono::NaiveDate::from_ymd_opt(2025, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(horizon_days as u64)))
        .ok_or_else(|| bad(1, "the durations run past the calendar's range"))?;
    let all_day = json!([{"from": "00:00", "to": "24:00"}]);
    let doc = json!({
        "format": "stratops/1",
        "settings": {"calendar": "7x24", "minutes_per_day": 1440, "minutes_per_week": 10080},
        "calendars": [{
            "id": "7x24",
            "week": {
                "monday": all_day, "tuesday": all_day, "wednesday": all_day,
                "thursday": all_day, "friday": all_day, "saturday": all_day,
                "sunday": all_day
            }
        }],
        "resources": resources,
        "plans": [{
            "id": "psplib",
            "kind": "project",
            "name": info.get("basedata").and_then(Value::as_str).unwrap_or("PSPLIB instance"),
            "horizon": {"start": "2025-01-01", "end": end.format("%Y-%m-%d").to_string()},
            "tasks": tasks,
            "extensions": {PSPLIB: Value::Object(info)}
        }]
    });
    // Built here, so a failure needs no JSON path: without_path keeps the
    // path-tracking parser (a second copy of every Deserialize impl, about
    // 110 KB of WebAssembly) out of programs that import PSPLIB.
    Document::from_json_without_path(&doc.to_string())
}

/// The jobs on a cycle of `succ`, if any (iterative, no recursion).
fn cycle(succ: &[Vec<usize>]) -> Option<Vec<usize>> {
    let n = succ.len();
    // 0 = unseen, 1 = on the stack, 2 = done
    let mut state = vec![0u8; n];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        stack.push((root, 0));
        state[root] = 1;
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            if let Some(&w) = succ[v].get(*k) {
                *k += 1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|&(u, _)| u == w).unwrap_or(0);
                        return Some(stack[from..].iter().map(|&(u, _)| u).collect());
                    }
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    None
}
