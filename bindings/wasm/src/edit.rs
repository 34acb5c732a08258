//! Interactive edits of a validated model, all-or-nothing.
//!
//! Each edit checks its arguments against the current index, changes the
//! document in place, and validates it again (one linear pass that rebuilds
//! the dense index and topological orders), except a duration change, which
//! cannot affect the index and checks only the new duration. An edit that
//! would make the document invalid (a cycle, a negative duration) is undone
//! and reported, so the plan is never left half-edited.
//!
//! This module is plain Rust so that it is unit-tested natively.

use serde::Deserialize;
use stratops::index::EntityKind;
use stratops::{Date, Dependency, Document, Duration, Error, LinkType, Measurement, Model};

/// How a duration crosses from JavaScript: a string such as `"5d"`, or a
/// number of working days.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum DurationArg {
    /// A number of working days.
    Days(f64),
    /// A duration string.
    Text(String),
}

/// The optional parts of a new dependency.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DependencyOptions {
    /// `FS` (default), `SS`, `FF` or `SF`.
    #[serde(rename = "type", default)]
    pub link_type: Option<LinkType>,
    /// The lag, such as `"2d"`, `"-1d"`, `"50%"`.
    #[serde(default)]
    pub lag: Option<String>,
}

/// The optional parts of a measurement.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasurementOptions {
    /// The denominator of a `ratio` KPI.
    #[serde(default)]
    pub denominator: Option<f64>,
    /// A note.
    #[serde(default)]
    pub note: Option<String>,
}

fn bad_arg(code: &str, id: Option<&str>, message: impl Into<String>) -> Error {
    Error::calc(code, id, message)
}

/// Resolves an id of the expected kind to its (plan, position) location.
fn locate(model: &Model, id: &str, kind: EntityKind) -> Result<(usize, usize), Error> {
    let index = model.index();
    let Some(r) = index.get(id) else {
        return Err(bad_arg(
            "unknown_id",
            Some(id),
            format!("no entity has id {id:?}"),
        ));
    };
    if r.kind != kind {
        return Err(bad_arg(
            "wrong_kind",
            Some(id),
            format!("{id:?} is a {}, not a {}", r.kind.name(), kind.name()),
        ));
    }
    let table = match kind {
        EntityKind::Task => &index.tasks,
        EntityKind::Kpi => &index.kpis,
        _ => return Err(bad_arg("wrong_kind", Some(id), "not editable here")),
    };
    match table.get(r.dense as usize) {
        Some(&(p, i)) => Ok((p as usize, i as usize)),
        None => Err(bad_arg(
            "unknown_id",
            Some(id),
            format!("{id:?} is not indexed"),
        )),
    }
}

/// Parses a duration argument with the file format's rules.
pub fn parse_duration(arg: &DurationArg, id: &str) -> Result<Duration, Error> {
    let parsed = match arg {
        DurationArg::Text(s) => s.parse::<Duration>().map_err(|e| e.to_string()),
        DurationArg::Days(d) => serde_json::from_value::<Duration>(serde_json::Value::from(*d))
            .map_err(|e| {
                if d.is_finite() {
                    e.to_string()
                } else {
                    format!("{d} is not a finite number of days")
                }
            }),
    };
    parsed.map_err(|m| bad_arg("bad_duration", Some(id), m))
}

/// Applies `change` to the document and revalidates it, restoring the
/// document as it was when the result is invalid. The model is replaced in
/// place. Keeping a copy costs less than validating twice (once to test,
/// once to build the model), and the copy is only read on failure.
fn transact(model: &mut Model, change: impl FnOnce(&mut Document)) -> Result<(), Error> {
    let placeholder = Model::new(Document::new())?;
    let mut doc = std::mem::replace(model, placeholder).into_document();
    let backup = doc.clone();
    change(&mut doc);
    match Model::new(doc) {
        Ok(m) => {
            *model = m;
            Ok(())
        }
        Err(e) => {
            // The document was valid before the change, so this cannot
            // fail; if it did, that error is reported rather than panicking.
            *model = Model::new(backup)?;
            Err(e)
        }
    }
}

/// Sets a task's duration. Summary tasks span their children and have no
/// duration of their own; milestones have zero duration: both are refused
/// with `not_a_work_task`.
///
/// Unlike the other edits this does not validate the whole document again:
/// a duration changes no reference, order or warning, so
/// [`Model::set_task_duration`] checks only the new duration (with the
/// checks validation uses) and keeps the index. An edit on a 10,000-task
/// plan is then microseconds instead of a full validation.
pub fn set_duration(model: &mut Model, id: &str, duration: &DurationArg) -> Result<(), Error> {
    let (p, i) = locate(model, id, EntityKind::Task)?;
    let dense = model.index().task(id);
    let summary = dense.is_some_and(|dense| model.index().is_summary(dense));
    let task = &model.document().plans[p].tasks[i];
    if summary || task.kind != stratops::TaskKind::Task {
        return Err(bad_arg(
            "not_a_work_task",
            Some(id),
            format!("{id:?} is a summary or a milestone; its duration is derived"),
        ));
    }
    let d = parse_duration(duration, id)?;
    if d.unit == stratops::DurationUnit::Percent {
        return Err(bad_arg(
            "bad_duration",
            Some(id),
            "a percentage is only allowed for lags",
        ));
    }
    match dense {
        Some(dense) => model.set_task_duration(dense, Some(d)),
        None => Err(bad_arg(
            "unknown_id",
            Some(id),
            format!("{id:?} is not indexed"),
        )),
    }
}

/// Adds a dependency of `successor` on `predecessor`. Refused with
/// `duplicate_dependency` when the same link already exists (MS Project
/// allows one link per pair), and with `dependency_cycle` when it would
/// close a cycle.
pub fn add_dependency(
    model: &mut Model,
    successor: &str,
    predecessor: &str,
    options: &DependencyOptions,
) -> Result<(), Error> {
    let (p, i) = locate(model, successor, EntityKind::Task)?;
    locate(model, predecessor, EntityKind::Task)?;
    let task = &model.document().plans[p].tasks[i];
    if task
        .dependencies
        .iter()
        .any(|d| d.predecessor == predecessor)
    {
        return Err(bad_arg(
            "duplicate_dependency",
            Some(successor),
            format!("{successor:?} already depends on {predecessor:?}"),
        ));
    }
    let lag = match &options.lag {
        Some(s) => Some(parse_duration(&DurationArg::Text(s.clone()), successor)?),
        None => None,
    };
    let dep = Dependency {
        predecessor: predecessor.to_string(),
        link_type: options.link_type.unwrap_or_default(),
        lag,
    };
    transact(model, |doc| doc.plans[p].tasks[i].dependencies.push(dep))
}

/// Removes the dependency of `successor` on `predecessor`; refused with
/// `no_such_dependency` when there is none.
pub fn remove_dependency(
    model: &mut Model,
    successor: &str,
    predecessor: &str,
) -> Result<(), Error> {
    let (p, i) = locate(model, successor, EntityKind::Task)?;
    let task = &model.document().plans[p].tasks[i];
    let Some(at) = task
        .dependencies
        .iter()
        .position(|d| d.predecessor == predecessor)
    else {
        return Err(bad_arg(
            "no_such_dependency",
            Some(successor),
            format!("{successor:?} does not depend on {predecessor:?}"),
        ));
    };
    transact(model, |doc| {
        doc.plans[p].tasks[i].dependencies.remove(at);
    })
}

/// Records a KPI measurement. A measurement on the same date is replaced
/// (a KPI has at most one value per date); otherwise the new one is inserted
/// in date order.
pub fn set_measurement(
    model: &mut Model,
    kpi: &str,
    date: &str,
    value: f64,
    options: &MeasurementOptions,
) -> Result<(), Error> {
    let (p, i) = locate(model, kpi, EntityKind::Kpi)?;
    let date: Date = date
        .parse()
        .map_err(|e: stratops::values::ValueError| bad_arg("bad_date", Some(kpi), e.message))?;
    let m = Measurement {
        date,
        value,
        denominator: options.denominator,
        note: options.note.clone(),
    };
    let list = &model.document().plans[p].kpis[i].measurements;
    let existing = list.iter().position(|x| x.date == date);
    let at = existing.unwrap_or_else(|| list.iter().take_while(|x| x.date <= date).count());
    transact(model, |doc| {
        let list = &mut doc.plans[p].kpis[i].measurements;
        match existing {
            Some(_) => list[at] = m,
            None => list.insert(at, m),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"format": "stratops/1", "plans": [{
      "id": "p", "kind": "project", "name": "P",
      "horizon": {"start": "2025-01-06", "end": "2025-03-01"},
      "kpis": [{"id": "k", "name": "K", "polarity": "increase",
        "baseline": {"value": 0, "date": "2025-01-06"},
        "target": {"value": 10, "date": "2025-03-01"},
        "measurements": [{"date": "2025-01-10", "value": 1}, {"date": "2025-01-20", "value": 2}]}],
      "tasks": [
        {"id": "s", "name": "S"},
        {"id": "a", "name": "A", "parent": "s", "duration": "2d"},
        {"id": "b", "name": "B", "parent": "s", "duration": "1d",
         "dependencies": [{"predecessor": "a"}]},
        {"id": "m", "name": "M", "kind": "milestone", "dependencies": [{"predecessor": "b"}]}
      ]}]}"#;

    fn model() -> Model {
        Model::from_json(DOC).unwrap()
    }
    fn task<'a>(m: &'a Model, id: &str) -> &'a stratops::Task {
        let d = m.index().task(id).unwrap();
        m.task(d)
    }

    #[test]
    fn set_duration_accepts_text_and_days() {
        let mut m = model();
        set_duration(&mut m, "a", &DurationArg::Text("3h".into())).unwrap();
        assert_eq!(task(&m, "a").duration.unwrap().to_string(), "3h");
        set_duration(&mut m, "a", &DurationArg::Days(4.0)).unwrap();
        let d = task(&m, "a").duration.unwrap();
        // A bare number means working days.
        assert_eq!(d.minutes(Default::default()), Some(4 * 480));
    }

    #[test]
    fn set_duration_refusals_leave_the_model_unchanged() {
        let mut m = model();
        let before = m.document().clone();
        let e = set_duration(&mut m, "a", &DurationArg::Text("-1d".into())).unwrap_err();
        assert_eq!(e.code(), "invalid");
        assert_eq!(e.diagnostics()[0].code, "negative_duration");
        assert_eq!(e.id(), Some("a"));
        let e = set_duration(&mut m, "a", &DurationArg::Text("5x".into())).unwrap_err();
        assert_eq!(e.code(), "bad_duration");
        let e = set_duration(&mut m, "a", &DurationArg::Days(f64::NAN)).unwrap_err();
        assert_eq!(e.code(), "bad_duration");
        let e = set_duration(&mut m, "a", &DurationArg::Text("50%".into())).unwrap_err();
        assert_eq!(e.code(), "bad_duration");
        assert_eq!(
            set_duration(&mut m, "s", &DurationArg::Days(1.0))
                .unwrap_err()
                .code(),
            "not_a_work_task"
        );
        assert_eq!(
            set_duration(&mut m, "m", &DurationArg::Days(1.0))
                .unwrap_err()
                .code(),
            "not_a_work_task"
        );
        assert_eq!(
            set_duration(&mut m, "nope", &DurationArg::Days(1.0))
                .unwrap_err()
                .code(),
            "unknown_id"
        );
        assert_eq!(
            set_duration(&mut m, "k", &DurationArg::Days(1.0))
                .unwrap_err()
                .code(),
            "wrong_kind"
        );
        assert_eq!(m.document(), &before);
    }

    #[test]
    fn dependencies_add_remove_and_cycles_roll_back() {
        let mut m = model();
        let before = m.document().clone();
        // b -> a would close a -> b -> a.
        let e = add_dependency(&mut m, "a", "b", &DependencyOptions::default()).unwrap_err();
        assert_eq!(e.code(), "dependency_cycle");
        assert_eq!(m.document(), &before);
        let e = add_dependency(&mut m, "b", "a", &DependencyOptions::default()).unwrap_err();
        assert_eq!(e.code(), "duplicate_dependency");
        let opts = DependencyOptions {
            link_type: Some(LinkType::SS),
            lag: Some("1d".into()),
        };
        add_dependency(&mut m, "m", "a", &opts).unwrap();
        let deps = &task(&m, "m").dependencies;
        assert_eq!(deps.len(), 2);
        assert_eq!(deps[1].link_type, LinkType::SS);
        remove_dependency(&mut m, "m", "a").unwrap();
        assert_eq!(m.document(), &before);
        assert_eq!(
            remove_dependency(&mut m, "m", "a").unwrap_err().code(),
            "no_such_dependency"
        );
    }

    #[test]
    fn measurements_replace_or_insert_in_date_order() {
        let mut m = model();
        let kpi = |m: &Model| {
            let d = m.index().of_kind("k", EntityKind::Kpi).unwrap();
            m.kpi(d)
                .measurements
                .iter()
                .map(|x| (x.date.to_string(), x.value))
                .collect::<Vec<_>>()
        };
        set_measurement(&mut m, "k", "2025-01-15", 5.0, &Default::default()).unwrap();
        set_measurement(&mut m, "k", "2025-01-10", 1.5, &Default::default()).unwrap();
        assert_eq!(
            kpi(&m),
            vec![
                ("2025-01-10".into(), 1.5),
                ("2025-01-15".into(), 5.0),
                ("2025-01-20".into(), 2.0)
            ]
        );
        let before = m.document().clone();
        let e = set_measurement(&mut m, "k", "2025-13-01", 1.0, &Default::default()).unwrap_err();
        assert_eq!(e.code(), "bad_date");
        // A non-finite value is refused by validation and rolled back.
        let e = set_measurement(
            &mut m,
            "k",
            "2025-02-01",
            f64::INFINITY,
            &Default::default(),
        )
        .unwrap_err();
        assert_eq!(e.code(), "invalid");
        assert_eq!(m.document(), &before);
    }
}
