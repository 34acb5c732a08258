//! `stratops report`, `stratops remind` and `stratops diff`: the operating
//! loop of DESIGN section 7.

use clap::ValueEnum;
use serde_json::json;
use stratops::report::{self, ReportOptions};
use stratops::Date;

use crate::common::{invalid, load, usage, CmdResult, Fail, Fmt, Out};

/// Output format of `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFmt {
    /// The JSON source of truth.
    Json,
    /// Markdown tables.
    Md,
    /// A self-contained HTML page.
    Html,
}

fn date(s: &str) -> Result<Date, Fail> {
    s.parse()
        .map_err(|e| usage(format!("stratops: --as-of {s:?}: {e}")))
}

/// `14d`, `2w` or a bare `14`: a number of calendar days.
fn window(s: &str) -> Result<i64, Fail> {
    let bad = || {
        usage(format!(
            "stratops: --within {s:?}: expected days such as 14d, 2w or 14"
        ))
    };
    let (num, mul) = if let Some(n) = s.strip_suffix('w') {
        (n, 7)
    } else if let Some(n) = s.strip_suffix('d') {
        (n, 1)
    } else {
        (s, 1)
    };
    let n: i64 = num.parse().map_err(|_| bad())?;
    if n < 0 {
        return Err(bad());
    }
    n.checked_mul(mul).ok_or_else(bad)
}

fn write_out(text: String, out: Option<&str>) -> CmdResult {
    match out {
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| usage(format!("stratops: cannot write {path}: {e}")))?;
            Ok(Out::text(""))
        }
        None => Ok(Out::text(text)),
    }
}

/// `stratops report FILE --as-of DATE [--format json|md|html] [-o OUT]`.
pub fn run_report(path: &str, as_of: &str, fmt: ReportFmt, out: Option<&str>) -> CmdResult {
    let as_of = date(as_of)?;
    let jfmt = if fmt == ReportFmt::Json {
        Fmt::Json
    } else {
        Fmt::Text
    };
    let model = load(path, jfmt)?;
    let r = report::report(&model, as_of, &ReportOptions::default())
        .map_err(|e| invalid(path, &e, jfmt))?;
    let text = match fmt {
        ReportFmt::Json => {
            let mut s = serde_json::to_string_pretty(&r).unwrap_or_default();
            s.push('\n');
            s
        }
        ReportFmt::Md => {
            let mut s = report::render_markdown(&r);
            s.push('\n');
            s
        }
        ReportFmt::Html => report::render_html(&r),
    };
    write_out(text, out)
}

/// `stratops remind FILE --as-of DATE --within 14d [--format json]`.
pub fn run_remind(path: &str, as_of: &str, within: &str, fmt: Fmt) -> CmdResult {
    let as_of = date(as_of)?;
    let days = window(within)?;
    let model = load(path, fmt)?;
    let events = report::remind(&model, as_of, days).map_err(|e| invalid(path, &e, fmt))?;
    match fmt {
        Fmt::Json => Ok(Out::json(&json!({
            "as_of": as_of, "within_days": days, "events": events,
        }))),
        Fmt::Text => {
            let mut s = String::new();
            for e in &events {
                s.push_str(&format!(
                    "{}  {:17}  {:9}  {:24}  {:20}  {}\n",
                    e.date,
                    e.kind.as_str(),
                    e.entity,
                    e.id,
                    e.owner.as_deref().unwrap_or("-"),
                    e.message
                ));
            }
            if events.is_empty() {
                s.push_str("no reminders\n");
            }
            Ok(Out::text(s))
        }
    }
}

/// `stratops diff OLD NEW [--as-of DATE] [--format json]`.
pub fn run_diff(old: &str, new: &str, as_of: Option<&str>, fmt: Fmt) -> CmdResult {
    let as_of = as_of.map(date).transpose()?;
    let mo = load(old, fmt)?;
    let mn = load(new, fmt)?;
    let d = report::diff(&mo, &mn, as_of).map_err(|e| invalid(new, &e, fmt))?;
    match fmt {
        Fmt::Json => Ok(Out::json(&serde_json::to_value(&d).unwrap_or_default())),
        Fmt::Text => {
            let mut s = String::new();
            let key = |e: &report::EntityKey| {
                if e.id.is_empty() {
                    e.kind.to_string()
                } else {
                    format!("{} {}", e.kind, e.id)
                }
            };
            for e in &d.added {
                s.push_str(&format!("+ {}\n", key(e)));
            }
            for e in &d.removed {
                s.push_str(&format!("- {}\n", key(e)));
            }
            for c in &d.changed {
                s.push_str(&format!("~ {}\n", key(&c.entity)));
                for f in &c.fields {
                    let v = |x: &Option<serde_json::Value>| {
                        x.as_ref().map_or("(absent)".to_string(), |v| v.to_string())
                    };
                    s.push_str(&format!("    {}: {} -> {}\n", f.path, v(&f.old), v(&f.new)));
                }
            }
            let c = &d.consequences;
            if let (Some(a), Some(b)) = (c.project_finish_old, c.project_finish_new) {
                s.push_str(&format!("project finish: {a} -> {b}"));
                if let (Some(w), Some(cd)) =
                    (c.finish_moved_working_days, c.finish_moved_calendar_days)
                {
                    s.push_str(&format!(" ({w:+} working days, {cd:+} calendar days)"));
                }
                s.push('\n');
            }
            if c.critical_path_changed {
                s.push_str("critical path changed\n");
            }
            s.push_str(&format!(
                "budget total: {} -> {} ({})\n",
                c.budget_total_old, c.budget_total_new, c.budget_delta
            ));
            for g in &c.goals_status_changed {
                s.push_str(&format!(
                    "goal {}: {} -> {}\n",
                    g.id,
                    g.old.as_str(),
                    g.new.as_str()
                ));
            }
            Ok(Out::text(s))
        }
    }
}
