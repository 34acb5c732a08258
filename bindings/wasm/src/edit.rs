//! The single-edit verbs of the wasm `Plan` (`setDuration`,
//! `addDependency`, `removeDependency`, `setMeasurement`): each checks its
//! JavaScript arguments (the codes these verbs have always raised), then
//! runs as a one-edit transaction of the core's editor
//! ([`stratops::edit`]), so it is undoable like `apply()`. A refused edit
//! changes nothing and raises the refusal itself (not wrapped as an edit
//! of a transaction).
//!
//! This module is plain Rust so that it is unit-tested natively.

use serde::Deserialize;
use stratops::edit::{ChangeSet, Edit, Editor};
use stratops::index::EntityKind;
use stratops::{Date, Duration, Error, LinkType, Model};

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
/// Runs one edit; a refusal is returned as itself.
fn run(ed: &mut Editor, edit: Edit) -> Result<ChangeSet, Error> {
    ed.apply(std::slice::from_ref(&edit))
        .map_err(|e| e.inner().clone())
}

/// Sets a work task's duration.
pub fn set_duration(ed: &mut Editor, id: &str, duration: &DurationArg) -> Result<ChangeSet, Error> {
    let model = ed.model();
    let (p, i) = locate(model, id, EntityKind::Task)?;
    let summary = model
        .index()
        .task(id)
        .is_some_and(|t| model.index().is_summary(t));
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
    let mut set = serde_json::Map::new();
    set.insert("duration".into(), serde_json::Value::from(d.to_string()));
    run(
        ed,
        Edit::UpdateTask {
            id: id.to_string(),
            set,
        },
    )
}

/// Makes `successor` depend on `predecessor`.
pub fn add_dependency(
    ed: &mut Editor,
    successor: &str,
    predecessor: &str,
    options: &DependencyOptions,
) -> Result<ChangeSet, Error> {
    locate(ed.model(), successor, EntityKind::Task)?;
    locate(ed.model(), predecessor, EntityKind::Task)?;
    let lag = match &options.lag {
        Some(s) => Some(parse_duration(&DurationArg::Text(s.clone()), successor)?),
        None => None,
    };
    run(
        ed,
        Edit::AddDependency {
            successor: successor.to_string(),
            predecessor: predecessor.to_string(),
            link_type: Some(options.link_type.unwrap_or_default()),
            lag,
        },
    )
}

/// Removes the dependency of `successor` on `predecessor`.
pub fn remove_dependency(
    ed: &mut Editor,
    successor: &str,
    predecessor: &str,
) -> Result<ChangeSet, Error> {
    locate(ed.model(), successor, EntityKind::Task)?;
    run(
        ed,
        Edit::RemoveDependency {
            successor: successor.to_string(),
            predecessor: predecessor.to_string(),
        },
    )
}

/// Records a KPI measurement, replacing one on the same date.
pub fn set_measurement(
    ed: &mut Editor,
    kpi: &str,
    date: &str,
    value: f64,
    options: &MeasurementOptions,
) -> Result<ChangeSet, Error> {
    locate(ed.model(), kpi, EntityKind::Kpi)?;
    let date: Date = date
        .parse()
        .map_err(|e: stratops::values::ValueError| bad_arg("bad_date", Some(kpi), e.message))?;
    run(
        ed,
        Edit::SetMeasurement {
            kpi: kpi.to_string(),
            date,
            value,
            denominator: options.denominator,
            note: options.note.clone(),
        },
    )
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

    fn model() -> Editor {
        Editor::lazy(Model::from_json(DOC).unwrap(), Default::default())
    }
    fn task<'a>(m: &'a Model, id: &str) -> &'a stratops::Task {
        let d = m.index().task(id).unwrap();
        m.task(d)
    }

    #[test]
    fn set_duration_accepts_text_and_days() {
        let mut m = model();
        set_duration(&mut m, "a", &DurationArg::Text("3h".into()))
            .map(|_| ())
            .unwrap();
        assert_eq!(task(m.model(), "a").duration.unwrap().to_string(), "3h");
        set_duration(&mut m, "a", &DurationArg::Days(4.0))
            .map(|_| ())
            .unwrap();
        let d = task(m.model(), "a").duration.unwrap();
        // A bare number means working days.
        assert_eq!(d.minutes(Default::default()), Some(4 * 480));
    }

    #[test]
    fn set_duration_refusals_leave_the_model_unchanged() {
        let mut m = model();
        let before = m.model().document().clone();
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
        assert_eq!(m.model().document(), &before);
    }

    #[test]
    fn dependencies_add_remove_and_cycles_roll_back() {
        let mut m = model();
        let before = m.model().document().clone();
        // b -> a would close a -> b -> a.
        let e = add_dependency(&mut m, "a", "b", &DependencyOptions::default()).unwrap_err();
        assert_eq!(e.code(), "dependency_cycle");
        assert_eq!(m.model().document(), &before);
        let e = add_dependency(&mut m, "b", "a", &DependencyOptions::default()).unwrap_err();
        assert_eq!(e.code(), "duplicate_dependency");
        let opts = DependencyOptions {
            link_type: Some(LinkType::SS),
            lag: Some("1d".into()),
        };
        add_dependency(&mut m, "m", "a", &opts).map(|_| ()).unwrap();
        let deps = &task(m.model(), "m").dependencies;
        assert_eq!(deps.len(), 2);
        assert_eq!(deps[1].link_type, LinkType::SS);
        remove_dependency(&mut m, "m", "a").map(|_| ()).unwrap();
        assert_eq!(m.model().document(), &before);
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
        set_measurement(&mut m, "k", "2025-01-15", 5.0, &Default::default())
            .map(|_| ())
            .unwrap();
        set_measurement(&mut m, "k", "2025-01-10", 1.5, &Default::default())
            .map(|_| ())
            .unwrap();
        assert_eq!(
            kpi(m.model()),
            vec![
                ("2025-01-10".into(), 1.5),
                ("2025-01-15".into(), 5.0),
                ("2025-01-20".into(), 2.0)
            ]
        );
        let before = m.model().document().clone();
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
        assert_eq!(m.model().document(), &before);
    }
}
