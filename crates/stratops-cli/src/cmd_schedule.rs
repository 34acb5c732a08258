//! `stratops schedule`: dates, float and critical paths.

use serde_json::json;
use stratops::schedule::{schedule, OutOfSequence, ScheduleOptions};

use crate::common::{load, CmdResult, Fmt, Out};

/// Runs the schedule and prints DESIGN section 8's JSON or a table.
pub fn run(
    path: &str,
    fmt: Fmt,
    honor: Option<bool>,
    status_date: Option<&str>,
    out_of_sequence: Option<&str>,
) -> CmdResult {
    let status_date = status_date
        .map(|d| crate::cmd_scorecard::parse_date_flag("--status-date", d))
        .transpose()?;
    let out_of_sequence = OutOfSequence::from_option(out_of_sequence)
        .map_err(|e| crate::common::usage(format!("stratops: {e}")))?;
    let model = load(path, fmt)?;
    let opts = ScheduleOptions {
        honor_constraints: honor,
        status_date,
        out_of_sequence,
        ..Default::default()
    };
    let s = schedule(&model, &opts).map_err(|e| crate::common::invalid(path, &e, fmt))?;
    match fmt {
        Fmt::Json => {
            let tasks: Vec<_> = s
                .tasks
                .iter()
                .map(|t| {
                    json!({
                        "id": t.id, "plan": t.plan, "kind": t.kind,
                        "early_start": t.early_start, "early_finish": t.early_finish,
                        "late_start": t.late_start, "late_finish": t.late_finish,
                        "total_float_min": t.total_float_min, "free_float_min": t.free_float_min,
                        "critical": t.critical, "driver": t.driver,
                    })
                })
                .collect();
            let mut v = json!({
                "project_start": s.project_start,
                "project_finish": s.project_finish,
                "tasks": tasks,
                "critical_paths": s.critical_paths,
                "paths_truncated": s.paths_truncated,
                "diagnostics": s.diagnostics.iter().map(crate::common::diag_json).collect::<Vec<_>>(),
            });
            if let (Some(d), Some(m)) = (s.status_date, v.as_object_mut()) {
                m.insert("status_date".into(), json!(d));
                m.insert("forecast_finish".into(), json!(s.project_finish));
            }
            Ok(Out::json(&v))
        }
        Fmt::Text => {
            let mut out = String::new();
            out.push_str(&format!(
                "project start  {}\nproject finish {}\n",
                s.project_start, s.project_finish
            ));
            if let Some(d) = s.status_date {
                out.push_str(&format!("status date    {d} (the finish is a forecast)\n"));
            }
            out.push('\n');
            let w = s.tasks.iter().map(|t| t.id.len()).max().unwrap_or(2).max(4);
            out.push_str(&format!(
                "  {:w$}  {:19}  {:19}  {:19}  {:19}  {:>9}  {:>9}\n",
                "task",
                "early start",
                "early finish",
                "late start",
                "late finish",
                "float(h)",
                "free(h)"
            ));
            for t in &s.tasks {
                let mark = if t.critical && t.kind != stratops::TaskKind::Summary {
                    "*"
                } else {
                    " "
                };
                out.push_str(&format!(
                    "{mark} {:w$}  {}  {}  {}  {}  {:>9}  {:>9}\n",
                    t.id,
                    t.early_start,
                    t.early_finish,
                    t.late_start,
                    t.late_finish,
                    hours(t.total_float_min),
                    hours(t.free_float_min)
                ));
            }
            out.push_str("\n* critical\n");
            for (i, p) in s.critical_paths.iter().enumerate() {
                out.push_str(&format!("critical path {}: {}\n", i + 1, p.join(" -> ")));
            }
            if s.paths_truncated {
                out.push_str("(more critical paths exist)\n");
            }
            for d in &s.diagnostics {
                out.push_str(&format!("{d}\n"));
            }
            Ok(Out::text(out))
        }
    }
}

fn hours(min: i64) -> String {
    let sign = if min < 0 { "-" } else { "" };
    let m = min.abs();
    if m % 60 == 0 {
        format!("{sign}{}", m / 60)
    } else {
        format!("{sign}{}.{:02}", m / 60, (m % 60) * 100 / 60)
    }
}
