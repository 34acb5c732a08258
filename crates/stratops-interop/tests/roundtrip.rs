//! Import → export → import gives the same document, on both reference
//! files; and the imported documents validate and keep what they should.

mod common;

use stratops::{ConstraintType, DurationUnit, LinkType, Model, TaskKind};
use stratops_interop::{export_mspdi, import_mspdi};

fn load(name: &str) -> Option<String> {
    let dir = common::mspdi_dir()?;
    Some(std::fs::read_to_string(dir.join(name)).expect("readable reference file"))
}

#[test]
fn reference_files_round_trip() {
    for name in common::FILES {
        let Some(xml) = load(name) else { return };
        let first = import_mspdi(&xml).expect("imports");
        let out = export_mspdi(&first.document).expect("exports");
        let second = import_mspdi(&out).expect("re-imports");
        if second.document != first.document {
            let (a, b) = (first.document.to_json(), second.document.to_json());
            let diff: Vec<String> = a
                .lines()
                .zip(b.lines())
                .enumerate()
                .filter(|(_, (x, y))| x != y)
                .take(5)
                .map(|(i, (x, y))| format!("line {i}: {x} != {y}"))
                .collect();
            panic!(
                "{name}: round trip changed the document:\n{}",
                diff.join("\n")
            );
        }
        // A second export is byte-identical to the first.
        assert_eq!(
            export_mspdi(&second.document).expect("exports"),
            out,
            "{name}"
        );
        // The JSON form round-trips as well.
        let json = first.document.to_json();
        let back = stratops::Document::from_json(&json).expect("json loads");
        assert_eq!(back, first.document);
    }
}

#[test]
fn reference_files_validate() {
    for name in common::FILES {
        let Some(xml) = load(name) else { return };
        let imp = import_mspdi(&xml).expect("imports");
        let model = Model::new(imp.document.clone());
        assert!(model.is_ok(), "{name}: {:?}", model.err());
        assert!(!imp.extension_fields.is_empty());
        // (the calendar file has only the project summary task)
        if !imp.document.plans[0].tasks.is_empty() {
            assert!(imp.extension_fields.iter().any(|f| f == "Task.EarlyStart"));
        }
    }
}

#[test]
fn relations_file_maps_all_four_link_types() {
    let Some(xml) = load("mspdirelations.xml") else {
        return;
    };
    let doc = import_mspdi(&xml).unwrap().document;
    let plan = &doc.plans[0];
    // UID 0 (project summary) is not a task; tasks 1..5 are.
    let ids: Vec<&str> = plan.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["t1", "t2", "t3", "t4", "t5"]);
    // In the file: task 2 FS(1) on 1, task 3 SS(3) on 2 with LinkLag 4800
    // tenths of a minute = 480 min = 1 day (LagFormat 7), task 4 FF(0) on 3,
    // task 5 SF(2) on 4.
    let dep = |i: usize| &plan.tasks[i].dependencies[0];
    assert_eq!(dep(1).link_type, LinkType::FS);
    assert_eq!(dep(2).link_type, LinkType::SS);
    assert_eq!(dep(2).lag.unwrap().to_string(), "1d");
    assert_eq!(dep(3).link_type, LinkType::FF);
    assert_eq!(dep(4).link_type, LinkType::SF);
    assert_eq!(dep(4).predecessor, "t4");
    // PT8H0M0S with DurationFormat 39 (estimated days) and 480 min/day = 1d.
    assert_eq!(plan.tasks[0].duration.unwrap().to_string(), "1d");
    assert_eq!(doc.currency.as_deref(), Some("GBP"));
    assert_eq!(doc.organisation.as_deref(), Some("Steelray Software"));
    // HonorConstraints is 0 in the file.
    assert!(!doc.settings.honor_constraints);
    assert_eq!(plan.horizon.start.to_string(), "2006-09-21");
    assert_eq!(plan.horizon.end.to_string(), "2006-09-25");
}

#[test]
fn sample_file_maps_outline_constraints_calendars_resources() {
    let Some(xml) = load("sample.xml") else {
        return;
    };
    let doc = import_mspdi(&xml).unwrap().document;
    let plan = &doc.plans[0];
    let task = |id: &str| plan.tasks.iter().find(|t| t.id == id).unwrap();
    // Outline: "First Task" (UID 1, level 1) is the summary of UID 2 and 3.
    assert_eq!(task("t1").kind, TaskKind::Summary);
    assert_eq!(task("t2").parent.as_deref(), Some("t1"));
    assert_eq!(task("t3").parent.as_deref(), Some("t1"));
    assert_eq!(task("t3").kind, TaskKind::Milestone);
    // "Recurring Task" UID 6 is level 1 again, with children 7 and 8.
    assert_eq!(task("t6").parent, None);
    assert_eq!(task("t7").parent.as_deref(), Some("t6"));
    assert_eq!(task("t1").notes.as_deref(), Some("Test Task Notes"));
    // UID 7: ConstraintType 4 (SNET) on 2003-02-01T08:00:00.
    let c = task("t7").constraint.as_ref().unwrap();
    assert_eq!(c.kind, ConstraintType::SNET);
    assert_eq!(c.date.unwrap().to_string(), "2003-02-01T08:00:00");
    // UID 14: FS with LinkLag -4800 = -480 min = -1 day.
    let lag = task("t14").dependencies[0].lag.unwrap();
    assert_eq!(
        (lag.to_string().as_str(), lag.unit),
        ("-1d", DurationUnit::Days)
    );
    // Calendar 2 "Night Shift": Monday 23:00-00:00 becomes 23:00-24:00.
    let night = doc.calendars.iter().find(|c| c.id == "c2").unwrap();
    let monday = night.week.monday.as_ref().unwrap();
    assert_eq!(
        (monday[0].from.as_str(), monday[0].to.as_str()),
        ("23:00", "24:00")
    );
    // Calendar 3 is based on 1.
    assert_eq!(
        doc.calendars
            .iter()
            .find(|c| c.id == "c3")
            .unwrap()
            .base
            .as_deref(),
        Some("c1")
    );
    // Resource 1: StandardRate 10 per hour, MaxUnits 1, calendar 3.
    let r1 = doc.resources.iter().find(|r| r.id == "r1").unwrap();
    assert_eq!(r1.rates[0].standard.to_string(), "10");
    assert_eq!(r1.calendar.as_deref(), Some("c3"));
    // Assignment UID 0: resource 1 on task 2, Work PT200H0M0S = 200 hours.
    let a = &task("t2").assignments;
    assert_eq!(a.len(), 2);
    assert_eq!((a[0].resource.as_str(), a[0].hours), ("r1", Some(200.0)));
    assert_eq!((a[1].resource.as_str(), a[1].hours), ("r2", Some(300.0)));
    // The resource-less placeholder assignment of task 3 stays in extensions.
    assert!(task("t3").extensions["mspdi"]["Assignment"].is_array());
}

/// Regressions found by the `mspdi_roundtrip` fuzz target: each imports,
/// exports and imports back to the same document.
#[test]
fn fuzz_found_round_trips() {
    let base = |cal: &str, res: &str, work: &str| {
        format!(
            r#"<Project xmlns="http://schemas.microsoft.com/project"><Name>P</Name><StartDate>2025-01-06T08:00:00</StartDate>
<Calendars><Calendar>{cal}<Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar></Calendar></Calendars>
<Tasks><Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel><Duration>PT16H0M0S</Duration></Task></Tasks>
<Resources><Resource>{res}<Name>R</Name><StandardRate>50</StandardRate></Resource></Resources>
<Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>{rid}</ResourceUID><Work>{work}</Work><Units>1</Units></Assignment></Assignments></Project>"#,
            rid = res.trim_start_matches("<UID>").trim_end_matches("</UID>"),
        )
    };
    for (what, xml) in [
        // A calendar with UID 0 was renumbered 1 by the export.
        (
            "calendar UID 0",
            base(
                "<UID>0</UID><BaseCalendarUID>-1</BaseCalendarUID>",
                "<UID>1</UID>",
                "PT16H0M0S",
            ),
        ),
        // A named resource with UID 0 was renumbered 1.
        (
            "resource UID 0",
            base(
                "<UID>1</UID><BaseCalendarUID>-1</BaseCalendarUID>",
                "<UID>0</UID>",
                "PT16H0M0S",
            ),
        ),
        // 16 h 4 s of work came back as 16 h 4.002 s.
        (
            "work with seconds",
            base(
                "<UID>1</UID><BaseCalendarUID>-1</BaseCalendarUID>",
                "<UID>1</UID>",
                "PT16H0M4S",
            ),
        ),
        // MS Project 2013+ writes BaseCalendarUID 0 on base calendars.
        (
            "BaseCalendarUID 0",
            base(
                "<UID>1</UID><BaseCalendarUID>0</BaseCalendarUID>",
                "<UID>1</UID>",
                "PT8H0M0S",
            ),
        ),
        (
            "BaseCalendarUID -65533",
            base(
                "<UID>1</UID><BaseCalendarUID>-65533</BaseCalendarUID>",
                "<UID>1</UID>",
                "PT8H0M0S",
            ),
        ),
    ] {
        let first = import_mspdi(&xml).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(Model::new(first.document.clone()).is_ok(), "{what}");
        let out = export_mspdi(&first.document).expect("exports");
        let second = import_mspdi(&out).expect("re-imports");
        assert_eq!(second.document, first.document, "{what}");
        assert!(first.document.calendars[0].base.is_none(), "{what}");
    }
}

/// More regressions from the `mspdi_roundtrip` fuzz target, on fields the
/// import keeps because it cannot map them: the export must write them back
/// rather than its own value.
#[test]
fn fuzz_found_kept_fields_round_trip() {
    let wrap = |tasks: &str, resources: &str, assignments: &str| {
        format!(
            r#"<Project xmlns="http://schemas.microsoft.com/project"><Name>P</Name><StartDate>2025-01-06T08:00:00</StartDate>
<Tasks>{tasks}</Tasks><Resources>{resources}</Resources><Assignments>{assignments}</Assignments></Project>"#
        )
    };
    let task = "<Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration></Task>";
    for (what, xml) in [
        // A cost resource (Type 2) that is generic: IsGeneric was rewritten 0.
        (
            "cost resource",
            wrap(task, "<Resource><UID>1</UID><Name>R</Name><Type>2</Type><IsGeneric>1</IsGeneric></Resource>", ""),
        ),
        // A placeholder assignment (no resource) listed before a real one.
        (
            "placeholder assignment first",
            wrap(
                task,
                "<Resource><UID>1</UID><Name>R</Name></Resource>",
                "<Assignment><UID>5</UID><TaskUID>1</TaskUID><ResourceUID>-65535</ResourceUID></Assignment>\
                 <Assignment><UID>6</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID></Assignment>",
            ),
        ),
        // A task with children kept as a task (Summary 0) and no Duration:
        // the export's zero duration came back as "0d".
        (
            "parent flagged not summary",
            wrap(
                "<Task><UID>1</UID><ID>1</ID><Name>P</Name><OutlineLevel>1</OutlineLevel><Summary>0</Summary></Task>\
                 <Task><UID>2</UID><ID>2</ID><Name>C</Name><OutlineLevel>2</OutlineLevel><Duration>PT8H0M0S</Duration></Task>",
                "",
                "",
            ),
        ),
        // A lag of 0.4 tenths of a minute was written back as 0.
        (
            "fractional LinkLag",
            wrap(
                "<Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration></Task>\
                 <Task><UID>2</UID><ID>2</ID><Name>B</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration>\
                 <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type><LinkLag>0.4</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>",
                "",
                "",
            ),
        ),
        // A task without a duration: exported as zero in the "none" format.
        (
            "no duration",
            wrap(
                "<Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel></Task>",
                "",
                "",
            ),
        ),
        // A blank project setting was replaced by the default on export.
        (
            "blank CriticalSlackLimit",
            wrap("<Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration></Task>", "", "")
                .replace("<Tasks>", "<CriticalSlackLimit> </CriticalSlackLimit><Tasks>"),
        ),
        // A task without a duration whose DurationFormat the import kept:
        // the export's "none" format replaced it.
        (
            "no duration, kept format",
            wrap("<Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel><DurationFormat>7</DurationFormat></Task>", "", ""),
        ),
        // A negative task UID: `t-7` was renumbered on export.
        (
            "negative task UID",
            wrap("<Task><UID>-7</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration></Task>", "", ""),
        ),
        // An unknown DurationFormat code was replaced by the days code.
        (
            "unknown DurationFormat",
            wrap(
                "<Task><UID>1</UID><ID>1</ID><Name>A</Name><OutlineLevel>1</OutlineLevel><Duration>PT8H0M0S</Duration><DurationFormat>0</DurationFormat></Task>",
                "",
                "",
            ),
        ),
    ] {
        let first = import_mspdi(&xml).unwrap_or_else(|e| panic!("{what}: {e}"));
        let out = export_mspdi(&first.document).expect("exports");
        let second = import_mspdi(&out).expect("re-imports");
        assert_eq!(second.document, first.document, "{what}");
    }
}

/// The `<Baseline>` elements of a task, as (Number, child, text) triples.
fn baseline_fields(xml: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for task in xml.split("<Task>").skip(1) {
        let task = task.split("</Task>").next().unwrap_or("");
        let uid = task
            .split("<UID>")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap_or("")
            .to_string();
        for b in task.split("<Baseline>").skip(1) {
            let b = b.split("</Baseline>").next().unwrap_or("");
            let mut fields: Vec<(String, String)> = Vec::new();
            for part in b
                .split('<')
                .filter(|p| !p.starts_with('/') && p.contains('>'))
            {
                let (name, text) = part.split_once('>').unwrap_or((part, ""));
                fields.push((name.to_string(), text.trim().to_string()));
            }
            let number = fields
                .iter()
                .find(|f| f.0 == "Number")
                .map(|f| f.1.clone())
                .unwrap_or_default();
            for (name, text) in fields {
                out.push((format!("{uid}/{number}"), name, text));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn task_baselines_map_to_plan_baselines_and_back() {
    let Some(xml) = load("task-baselines-project2019-mspdi.xml") else {
        return;
    };
    let imp = import_mspdi(&xml).expect("imports");
    let plan = &imp.document.plans[0];
    // MS Project's Baseline, Baseline1 ... Baseline10: 11 numbers, and the
    // file sets one field per task for each (cost, duration, finish, start,
    // ...), 8 tasks per baseline number.
    let numbers: Vec<i64> = plan.baselines.iter().map(|b| b.number).collect();
    assert_eq!(numbers, (0..=10).collect::<Vec<_>>());
    assert!(plan.baselines.iter().all(|b| b.tasks.len() == 8));
    // "Baseline Cost - Task": <Cost>100</Cost> is 1.00 (MSPDI currency is in
    // hundredths); Baseline1 Cost 200 is 2.00.
    let cost = |n: usize, id: &str| {
        plan.baselines[n]
            .tasks
            .iter()
            .find(|t| t.task == id)
            .and_then(|t| t.cost)
            .map(|c| c.to_string())
    };
    assert_eq!(cost(0, "t1").as_deref(), Some("1"));
    assert_eq!(cost(1, "t2").as_deref(), Some("2"));
    // "Baseline Duration - Task": PT88H0M0S is 11 days of 8 h
    let dur = plan.baselines[0]
        .tasks
        .iter()
        .find_map(|t| t.duration.as_ref())
        .map(|d| d.to_string());
    assert_eq!(dur.as_deref(), Some("11d"));
    // nothing of a <Baseline> is left in the extensions
    assert!(!imp
        .extension_fields
        .iter()
        .any(|f| f.starts_with("Task.Baseline")));
    // The export writes every baseline field back as MS Project wrote it.
    let out = export_mspdi(&imp.document).expect("exports");
    assert_eq!(baseline_fields(&out), baseline_fields(&xml));
    // and the document validates: the baselines name tasks of their plan
    Model::new(imp.document).expect("validates");
}

#[test]
fn a_baseline_cost_that_overflows_in_hundredths_is_refused() {
    // 9.99e27 x 100 = 9.99e29, past the 7.9e28 range of an exact decimal.
    let doc = stratops::Document::from_json(
        r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
        "tasks": [{"id": "a", "name": "A", "duration": "1d"}],
        "baselines": [{"number": 0, "tasks": [{"task": "a", "cost": "9990000000000000000000000000"}]}]}]}"#,
    )
    .unwrap();
    let e = export_mspdi(&doc).unwrap_err();
    assert_eq!(e.code(), "bad_value");
}

/// Timephased work and contours: imported into the model, written back
/// untouched while unchanged, rewritten from the model once edited.
#[test]
fn timephased_work_and_contours_round_trip_and_follow_edits() {
    let Some(xml) = load("mspditimephased.xml") else {
        return;
    };
    let mut doc = import_mspdi(&xml).expect("imports").document;
    let task = |doc: &stratops::Document, name: &str| {
        doc.plans[0]
            .tasks
            .iter()
            .position(|t| t.name == name)
            .expect("task")
    };
    // Task 5: hand-edited (contour 8) with a split of five zero-work days;
    // its actual and remaining periods sorted in time.
    let t5 = task(&doc, "Task 5");
    let a = &doc.plans[0].tasks[t5].assignments[0];
    assert_eq!(a.contour, Some(stratops::Contour::Contoured));
    assert_eq!(a.timephased.len(), 19);
    assert!(a.timephased.windows(2).all(|w| w[0].finish <= w[1].start));
    assert_eq!(a.timephased[6].hours, 0.0);
    let total: f64 = a.timephased.iter().map(|p| p.hours).sum();
    assert!((total - 75.0).abs() < 1e-9, "{total}");
    // Task 3: back loaded; one of its periods has a malformed start
    // ("2008-12-04T17:-0:00", as MS Project wrote it), so its periods stay
    // in the extensions only and the contour schedules it.
    let t3 = task(&doc, "Task 3");
    let a3 = &doc.plans[0].tasks[t3].assignments[0];
    assert_eq!(a3.contour, Some(stratops::Contour::BackLoaded));
    assert!(a3.timephased.is_empty());
    // Edit Task 5: move the Monday hour of 11-23 onto the split, then
    // export and import again: the model's periods come back.
    let p = &mut doc.plans[0].tasks[t5].assignments[0].timephased;
    p[3].hours = 0.0;
    p[6].hours = 1.0;
    let edited = p.clone();
    doc.plans[0].tasks[t5].assignments[0].contour = Some(stratops::Contour::Turtle);
    let out = export_mspdi(&doc).expect("exports");
    let back = import_mspdi(&out).expect("re-imports").document;
    let b = &back.plans[0].tasks[t5].assignments[0];
    assert_eq!(b.timephased, edited);
    assert_eq!(b.contour, Some(stratops::Contour::Turtle));
}
