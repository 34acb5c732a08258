//! The report's resources section: who is asked for more than they have at
//! the status date, and what leveling in MS Project's standard order would
//! do about it (see `docs/leveling.md`).

use std::fmt::Write;

use serde::Serialize;

use super::fmt::when;
use super::markdown::esc;
use crate::level::{level, LevelMode, LevelOptions, Overallocation};
use crate::values::{Date, DateTime};
use crate::{Error, Model};

/// A task leveling would delay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DelayedTask {
    /// The task id.
    pub id: String,
    /// Working days leveling delays it.
    pub leveling_delay_days: i64,
}

/// Over-allocations at the status date and the leveled forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceSection {
    /// The status date (the report's as-of date).
    pub status_date: Date,
    /// Runs of days on which a resource is over-allocated, unleveled.
    pub overallocations: Vec<Overallocation>,
    /// The finish without leveling.
    pub unleveled_finish: Option<DateTime>,
    /// The finish after standard leveling.
    pub leveled_finish: Option<DateTime>,
    /// The tasks standard leveling delays, most delayed first.
    pub delayed: Vec<DelayedTask>,
    /// Why leveling cannot run (for example a task needing more of a
    /// resource than its capacity), with its code.
    pub note: Option<String>,
}

/// The section, when some task loads a resource; `None` otherwise.
pub(crate) fn section(model: &Model, as_of: Date) -> Result<Option<ResourceSection>, Error> {
    let o = LevelOptions {
        mode: Some(LevelMode::Standard),
        status_date: Some(as_of),
        ..Default::default()
    };
    let l = match level(model, &o) {
        Ok(l) => l,
        Err(e)
            if matches!(
                e.code(),
                "over_capacity" | "zero_capacity" | "level_too_large"
            ) =>
        {
            return Ok(Some(ResourceSection {
                status_date: as_of,
                overallocations: Vec::new(),
                unleveled_finish: None,
                leveled_finish: None,
                delayed: Vec::new(),
                note: Some(format!("{} ({})", e, e.code())),
            }));
        }
        Err(e) => return Err(e),
    };
    if l.usage_before.is_empty() {
        return Ok(None);
    }
    let mut delayed: Vec<DelayedTask> = l
        .tasks
        .iter()
        .filter(|t| t.leveling_delay_days > 0)
        .map(|t| DelayedTask {
            id: t.id.clone(),
            leveling_delay_days: t.leveling_delay_days,
        })
        .collect();
    crate::sort::by_key(&mut delayed, |d| std::cmp::Reverse(d.leveling_delay_days));
    Ok(Some(ResourceSection {
        status_date: as_of,
        overallocations: l.overallocations_before,
        unleveled_finish: Some(l.unleveled_finish),
        leveled_finish: Some(l.finish),
        delayed,
        note: None,
    }))
}

/// The Markdown of the section.
pub(crate) fn markdown(o: &mut String, r: Option<&ResourceSection>) {
    let Some(r) = r else { return };
    o.push_str("## Resources\n\n");
    if let Some(n) = &r.note {
        let _ = writeln!(o, "Leveling cannot run: {}\n", esc(n));
        return;
    }
    if r.overallocations.is_empty() {
        let _ = writeln!(
            o,
            "No resource is over-allocated at the status date {}.\n",
            r.status_date
        );
        return;
    }
    let _ = writeln!(
        o,
        "{} over-allocation(s) at the status date {}:\n",
        r.overallocations.len(),
        r.status_date
    );
    o.push_str("| Resource | From | To | Peak | Capacity | Tasks |\n|---|---|---|---:|---:|---|\n");
    for a in &r.overallocations {
        let tasks: Vec<String> = a.tasks.iter().take(8).map(|t| format!("`{t}`")).collect();
        let _ = writeln!(
            o,
            "| `{}` | {} | {} | {:.2} | {:.2} | {} |",
            a.resource,
            a.from,
            a.to,
            a.peak_units,
            a.capacity_units,
            tasks.join(", ")
        );
    }
    if let (Some(before), Some(after)) = (r.unleveled_finish, r.leveled_finish) {
        let moved: Vec<String> = r
            .delayed
            .iter()
            .take(10)
            .map(|d| format!("`{}` {} d", d.id, d.leveling_delay_days))
            .collect();
        let _ = writeln!(
            o,
            "\nLeveled in MS Project's standard order, the finish moves from {} to **{}**{}.\n",
            when(before),
            when(after),
            if moved.is_empty() {
                String::new()
            } else {
                format!(", delaying {}", moved.join(", "))
            }
        );
    } else {
        o.push('\n');
    }
}

/// The HTML of the section.
pub(crate) fn html(o: &mut String, r: Option<&ResourceSection>) {
    let Some(r) = r else { return };
    let esc = super::html::esc;
    o.push_str(r#"<section id="resources"><h2>Resources</h2>"#);
    if let Some(n) = &r.note {
        let _ = write!(o, "<p>Leveling cannot run: {}</p></section>", esc(n));
        return;
    }
    if r.overallocations.is_empty() {
        let _ = write!(
            o,
            "<p>No resource is over-allocated at the status date {}.</p></section>",
            r.status_date
        );
        return;
    }
    let _ = write!(
        o,
        r#"<p>{} over-allocation(s) at the status date {}.</p><table><thead><tr><th>Resource</th><th>From</th><th>To</th><th>Peak</th><th>Capacity</th><th>Tasks</th></tr></thead><tbody>"#,
        r.overallocations.len(),
        r.status_date
    );
    for a in &r.overallocations {
        let tasks: Vec<String> = a
            .tasks
            .iter()
            .take(8)
            .map(|t| format!("<code>{}</code>", esc(t)))
            .collect();
        let _ = write!(
            o,
            r#"<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class="num">{:.2}</td><td class="num">{:.2}</td><td>{}</td></tr>"#,
            esc(&a.resource),
            a.from,
            a.to,
            a.peak_units,
            a.capacity_units,
            tasks.join(", ")
        );
    }
    o.push_str("</tbody></table>");
    if let (Some(before), Some(after)) = (r.unleveled_finish, r.leveled_finish) {
        let _ = write!(
            o,
            "<p>Leveled in MS Project's standard order, the finish moves from {} to <strong>{}</strong>; {} task(s) wait.</p>",
            esc(&when(before)),
            esc(&when(after)),
            r.delayed.len()
        );
    }
    o.push_str("</section>");
}
