//! A task's `<Baseline>` elements: Number 0-10 with Start, Finish,
//! Duration, Work and Cost become the plan's baselines; any other child
//! (BCWS, DurationFormat, ...) stays in the task's extensions under
//! `Baseline`, with its Number, and the export merges it back.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stratops::{BaselineTask, DateOrTime, Money, UnitScale};

use super::{Ctx, R};
use crate::codes;
use crate::leftover::children_json;

/// The elements of a `<Baseline>` that map onto [`BaselineTask`].
pub(crate) const MAPPED: &[&str] = &["Number", "Start", "Finish", "Duration", "Work", "Cost"];

/// A task's baseline rows, each with its number.
pub(crate) type Rows = Vec<(i64, BaselineTask)>;

/// The baselines of task `t` (id `id`): (number, row) pairs, and the
/// elements to keep in its extensions.
pub(super) fn task_baselines(
    cx: &mut Ctx<'_, '_>,
    t: usize,
    id: &str,
    path: &str,
    scale: UnitScale,
) -> R<(Rows, Vec<Value>)> {
    let tree = cx.tree;
    let mut rows: Rows = Vec::new();
    let mut kept: Vec<Value> = Vec::new();
    for (k, b) in tree.children_named(t, "Baseline").enumerate() {
        let bp = format!("{path}/Baseline[{k}]");
        let number = cx.int(b, "Number", &bp)?;
        // A number outside 0-10, or one the task already has, is not a
        // baseline stratops can hold: the whole element is kept.
        let Some(n) = number.filter(|n| (0..=10).contains(n) && !rows.iter().any(|r| r.0 == *n))
        else {
            kept.push(Value::Object(children_json(tree, b, &[])));
            cx.report
                .insert("Task.Baseline (number not 0-10 or repeated)".into());
            continue;
        };
        let fmt = cx.int(b, "DurationFormat", &bp)?.unwrap_or(7);
        let duration = cx
            .minutes(b, "Duration", &bp)?
            .map(|m| codes::minutes_to_duration(m, fmt, scale));
        let work_hours = cx
            .minutes(b, "Work", &bp)?
            .and_then(|m| (m / Decimal::from(60)).to_f64());
        // MSPDI writes currency in hundredths.
        let cost = cx
            .dec(b, "Cost", &bp)?
            .map(|c| Money((c / Decimal::from(100)).normalize()));
        rows.push((
            n,
            BaselineTask {
                task: id.to_string(),
                start: cx.datetime(b, "Start", &bp)?.map(DateOrTime::DateTime),
                finish: cx.datetime(b, "Finish", &bp)?.map(DateOrTime::DateTime),
                duration,
                work_hours,
                cost,
            },
        ));
        let rest: Map<String, Value> = children_json(tree, b, MAPPED);
        if !rest.is_empty() {
            for key in rest.keys() {
                cx.report.insert(format!("Task.Baseline.{key}"));
            }
            let mut m = rest;
            m.insert("Number".into(), Value::String(n.to_string()));
            kept.push(Value::Object(m));
        }
    }
    Ok((rows, kept))
}
