//! Bad input: every case is a coded `Error::Import` with the XML line, and
//! nothing panics.

use stratops::Error;
use stratops_interop::{export_mspdi, import_mspdi, MAX_DEPTH};

/// A minimal project around `tasks` (and optional calendars).
fn project(calendars: &str, tasks: &str) -> String {
    format!(
        "<Project xmlns=\"http://schemas.microsoft.com/project\">\n\
         <StartDate>2025-01-06T08:00:00</StartDate>\n\
         <Calendars>{calendars}</Calendars>\n\
         <Tasks>\n{tasks}\n</Tasks>\n</Project>\n"
    )
}

fn task(uid: &str, extra: &str) -> String {
    format!("<Task>{uid}<Name>T</Name><OutlineLevel>1</OutlineLevel>{extra}</Task>")
}

/// Imports and returns (code, line) of the error.
fn fails(xml: &str) -> (String, usize) {
    match import_mspdi(xml) {
        Ok(_) => panic!("expected an error for:\n{xml}"),
        Err(Error::Import(e)) => {
            assert!(!e.message.is_empty());
            (e.code, e.line)
        }
        Err(other) => panic!("expected Error::Import, got {other:?}"),
    }
}

#[test]
fn malformed_xml_names_the_line() {
    // The unclosed <Name> is on line 3; the mismatched end tag </Task> is
    // found on line 3 as well.
    let xml = "<Project>\n<Tasks>\n<Task><Name>x</Task>\n</Tasks>\n</Project>";
    let (code, line) = fails(xml);
    assert_eq!(code, "xml_syntax");
    assert_eq!(line, 3);
    // Truncated input.
    assert_eq!(fails("<Project><Tasks>").0, "xml_syntax");
    // Empty input and garbage.
    assert_eq!(fails("").0, "xml_syntax");
    assert_eq!(fails("not xml at all").0, "xml_syntax");
    assert_eq!(fails("<Project>&bogus;</Project>").0, "xml_syntax");
    assert_eq!(fails("<Project/><Project/>").0, "xml_syntax");
}

#[test]
fn not_a_project() {
    assert_eq!(fails("<html><body/></html>").0, "not_mspdi");
}

#[test]
fn missing_uid() {
    let xml = project("", &task("", "<Duration>PT8H0M0S</Duration>"));
    let (code, line) = fails(&xml);
    assert_eq!(code, "missing_uid");
    assert_eq!(line, 5, "the <Task> is on line 5");
}

#[test]
fn duplicate_uid() {
    let xml = project(
        "",
        &format!("{}\n{}", task("<UID>1</UID>", ""), task("<UID>1</UID>", "")),
    );
    assert_eq!(fails(&xml).0, "duplicate_uid");
}

#[test]
fn link_to_unknown_uid() {
    let link =
        "<PredecessorLink><PredecessorUID>99</PredecessorUID><Type>1</Type></PredecessorLink>";
    let xml = project("", &task("<UID>1</UID>", link));
    let (code, line) = fails(&xml);
    assert_eq!(code, "unknown_uid");
    assert_eq!(line, 5);
}

#[test]
fn unknown_link_type() {
    let link =
        "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>7</Type></PredecessorLink>";
    let xml = project(
        "",
        &format!(
            "{}\n{}",
            task("<UID>1</UID>", ""),
            task("<UID>2</UID>", link)
        ),
    );
    let (code, line) = fails(&xml);
    assert_eq!(code, "unknown_link_type");
    assert_eq!(line, 6);
}

#[test]
fn negative_duration() {
    let xml = project("", &task("<UID>1</UID>", "<Duration>-PT8H0M0S</Duration>"));
    assert_eq!(fails(&xml).0, "negative_duration");
}

#[test]
fn calendar_with_no_working_time() {
    let days: String = (1..=7)
        .map(|d| format!("<WeekDay><DayType>{d}</DayType><DayWorking>0</DayWorking></WeekDay>"))
        .collect();
    let cal = format!("\n<Calendar><UID>1</UID><Name>Never</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>{days}</WeekDays></Calendar>");
    let xml = project(&cal, &task("<UID>1</UID>", ""));
    let (code, line) = fails(&xml);
    assert_eq!(code, "calendar_no_working_time");
    assert_eq!(line, 4);
    // A calendar based on it that gives Monday back is fine.
    let derived = "<Calendar><UID>2</UID><BaseCalendarUID>1</BaseCalendarUID><WeekDays><WeekDay><DayType>2</DayType><DayWorking>1</DayWorking></WeekDay></WeekDays></Calendar>";
    let xml = project(
        &format!("{cal}{derived}"),
        &task("<UID>1</UID>", "<CalendarUID>2</CalendarUID>"),
    );
    // Calendar 1 itself still has no working time.
    assert_eq!(fails(&xml).0, "calendar_no_working_time");
}

#[test]
fn absurdly_deep_nesting_is_refused_without_recursion() {
    // A million levels: the tree builder is iterative and stops at MAX_DEPTH.
    let n = 1_000_000;
    let mut xml = String::with_capacity(n * 7);
    xml.push_str("<Project>");
    for _ in 0..n {
        xml.push_str("<a>");
    }
    let (code, line) = fails(&xml);
    assert_eq!(code, "xml_too_deep");
    assert_eq!(line, 1);
    // Exactly at the limit is accepted by the tree builder (and then the
    // document simply has no tasks and no start date).
    let mut ok = String::from("<Project><StartDate>2025-01-06T08:00:00</StartDate>");
    for _ in 0..MAX_DEPTH - 1 {
        ok.push_str("<a>");
    }
    for _ in 0..MAX_DEPTH - 1 {
        ok.push_str("</a>");
    }
    ok.push_str("</Project>");
    assert!(import_mspdi(&ok).is_ok());
}

#[test]
fn bad_values_are_coded() {
    let xml = project("", &task("<UID>x</UID>", ""));
    assert_eq!(fails(&xml).0, "bad_value");
    let xml = project("", &task("<UID>1</UID>", "<Duration>8 hours</Duration>"));
    assert_eq!(fails(&xml).0, "bad_value");
    let xml = project(
        "",
        &task("<UID>1</UID>", "<ConstraintType>4</ConstraintType>"),
    );
    assert_eq!(fails(&xml).0, "constraint_without_date");
    let xml = "<Project><Tasks/></Project>";
    assert_eq!(fails(xml).0, "missing_start_date");
}

#[test]
fn lags_in_every_format() {
    // LinkLag is in tenths of a minute: 4800 = 480 min = 1 working day
    // (format 7); 14400 with format 8 (elapsed days) = 1440 min = 1ed; 600
    // with format 5 (hours) = 60 min = 1h; format 19 holds the percentage
    // itself, 50 = 50%; format 20 (elapsed percent) becomes 50% and keeps
    // the format in extensions.
    let links = [
        ("4800", "7", "1d"),
        ("14400", "8", "1ed"),
        ("600", "5", "1h"),
        ("50", "19", "50%"),
        ("-2400", "7", "-0.5d"),
        ("50", "20", "50%"),
    ];
    let mut tasks = task("<UID>1</UID>", "<Duration>PT8H0M0S</Duration>");
    for (k, (lag, fmt, _)) in links.iter().enumerate() {
        let link = format!("<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type><LinkLag>{lag}</LinkLag><LagFormat>{fmt}</LagFormat></PredecessorLink>");
        tasks.push_str(&task(&format!("<UID>{}</UID>", k + 2), &link));
    }
    let imp = import_mspdi(&project("", &tasks)).expect("imports");
    let plan = &imp.document.plans[0];
    for (k, (_, _, want)) in links.iter().enumerate() {
        let lag = plan.tasks[k + 1].dependencies[0].lag.expect("lag");
        assert_eq!(lag.to_string(), *want);
    }
    assert_eq!(
        plan.tasks[6].extensions["mspdi"]["PredecessorLink"][0]["LagFormat"],
        "20"
    );
    // And they survive export/import.
    let again = import_mspdi(&export_mspdi(&imp.document).unwrap()).unwrap();
    assert_eq!(again.document, imp.document);
}

#[test]
fn exceptions_in_both_forms() {
    // Old form: WeekDay DayType 0 with a TimePeriod (Christmas, non-working).
    let old = "<Calendar><UID>1</UID><Name>Std</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>\
        <WeekDay><DayType>2</DayType><DayWorking>1</DayWorking></WeekDay>\
        <WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod><FromDate>2025-12-25T00:00:00</FromDate><ToDate>2025-12-26T23:59:00</ToDate></TimePeriod></WeekDay>\
        </WeekDays></Calendar>";
    let imp = import_mspdi(&project(old, "")).unwrap();
    let ex = &imp.document.calendars[0].exceptions[0];
    assert_eq!(
        (ex.from.to_string(), ex.to.map(|d| d.to_string())),
        ("2025-12-25".into(), Some("2025-12-26".into()))
    );
    assert!(ex.intervals.is_empty());
    // DayWorking 1 without times is the standard day.
    assert_eq!(
        imp.document.calendars[0]
            .week
            .monday
            .as_ref()
            .unwrap()
            .len(),
        2
    );
    // New form, with a one-off working Saturday and a recurring exception.
    let new = "<Calendar><UID>1</UID><Name>Std</Name><IsBaseCalendar>1</IsBaseCalendar><Exceptions>\
        <Exception><TimePeriod><FromDate>2025-06-07T00:00:00</FromDate><ToDate>2025-06-07T23:59:00</ToDate></TimePeriod><Occurrences>1</Occurrences><Name>Sat</Name><Type>1</Type><DayWorking>1</DayWorking>\
        <WorkingTimes><WorkingTime><FromTime>09:00:00</FromTime><ToTime>13:00:00</ToTime></WorkingTime></WorkingTimes></Exception>\
        <Exception><TimePeriod><FromDate>2025-01-01T00:00:00</FromDate><ToDate>2030-01-01T23:59:00</ToDate></TimePeriod><Occurrences>6</Occurrences><Name>New Year</Name><Type>5</Type><Month>0</Month><MonthDay>1</MonthDay><DayWorking>0</DayWorking></Exception>\
        </Exceptions></Calendar>";
    let imp = import_mspdi(&project(new, "")).unwrap();
    let cal = &imp.document.calendars[0];
    assert_eq!(cal.exceptions.len(), 1);
    assert_eq!(cal.exceptions[0].name.as_deref(), Some("Sat"));
    assert_eq!(cal.exceptions[0].intervals[0].from, "09:00");
    assert!(imp.extension_fields.iter().any(|f| f.contains("recurring")));
    let again = import_mspdi(&export_mspdi(&imp.document).unwrap()).unwrap();
    assert_eq!(again.document, imp.document);
}

#[test]
fn rates_fixed_costs_progress_round_trip() {
    let res = "<Resources><Resource><UID>1</UID><Name>Ann</Name><Type>1</Type><Rates>\
        <Rate><RatesFrom>1984-01-01T00:00:00</RatesFrom><RatesTo>2025-03-01T00:00:00</RatesTo><RateTable>0</RateTable><StandardRate>100</StandardRate><OvertimeRate>150</OvertimeRate></Rate>\
        <Rate><RatesFrom>2025-03-01T00:00:00</RatesFrom><RatesTo>2049-12-31T23:59:00</RatesTo><RateTable>0</RateTable><StandardRate>120</StandardRate></Rate>\
        <Rate><RatesFrom>1984-01-01T00:00:00</RatesFrom><RatesTo>2049-12-31T23:59:00</RatesTo><RateTable>1</RateTable><StandardRate>90</StandardRate></Rate>\
        </Rates></Resource></Resources>";
    let extra = "<Duration>PT16H0M0S</Duration><FixedCost>500000</FixedCost><FixedCostAccrual>1</FixedCostAccrual>\
        <PercentComplete>50</PercentComplete><ActualStart>2025-01-06T08:00:00</ActualStart><RemainingDuration>PT12H0M0S</RemainingDuration>\
        <Deadline>2025-01-31T17:00:00</Deadline><Notes>Line one &amp; two</Notes>";
    let asg = "<Assignments><Assignment><UID>7</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID><Work>PT12H30M0S</Work><Units>1</Units></Assignment></Assignments>";
    let xml = project("", &task("<UID>1</UID>", extra))
        .replace("</Project>", &format!("{res}{asg}</Project>"));
    let imp = import_mspdi(&xml).unwrap();
    let doc = &imp.document;
    let r = &doc.resources[0];
    // Table A only: 100 from the beginning, 120 from 2025-03-01.
    assert_eq!(r.rates.len(), 2);
    assert_eq!(
        (r.rates[0].from, r.rates[0].standard.to_string()),
        (None, "100".into())
    );
    assert_eq!(
        r.rates[1].from.map(|d| d.to_string()).as_deref(),
        Some("2025-03-01")
    );
    let t = &doc.plans[0].tasks[0];
    // FixedCost 500000 hundredths = 5000.00, accrued at the start.
    let c = &doc.plans[0].costs[0];
    assert_eq!(c.amount.unwrap().to_string(), "5000");
    assert_eq!(c.accrual, stratops::Accrual::Start);
    let p = t.progress.as_ref().unwrap();
    assert_eq!(p.percent_complete, 50.0);
    // 12 h remaining of 16 h at 50% (not the derived 8 h): kept.
    assert_eq!(p.remaining.unwrap().to_string(), "1.5d");
    assert_eq!(t.notes.as_deref(), Some("Line one & two"));
    // 12 h 30 min of work.
    assert_eq!(t.assignments[0].hours, Some(12.5));
    let out = export_mspdi(doc).unwrap();
    let again = import_mspdi(&out).unwrap();
    assert_eq!(&again.document, doc);
}

#[test]
fn export_errors_are_coded() {
    let doc = stratops::Document::new();
    assert_eq!(export_mspdi(&doc).unwrap_err().code(), "no_plans");
    let mut doc = stratops::Document::from_json(
        r#"{"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
        "horizon": {"start": "2025-01-06", "end": "2025-01-31"},
        "tasks": [{"id": "a", "name": "A", "parent": "b"}, {"id": "b", "name": "B", "parent": "a"}]}]}"#,
    )
    .unwrap();
    assert_eq!(export_mspdi(&doc).unwrap_err().code(), "wbs_cycle");
    doc.plans[0].tasks[0].parent = None;
    doc.plans[0].tasks[1].parent = None;
    doc.plans[0].tasks[1]
        .dependencies
        .push(stratops::Dependency {
            predecessor: "zzz".into(),
            link_type: stratops::LinkType::FS,
            lag: None,
        });
    assert_eq!(export_mspdi(&doc).unwrap_err().code(), "unknown_id");
}

#[test]
fn export_of_a_plain_document_imports_back() {
    // A plan built elsewhere: ids that are not t<n>, a summary, a milestone,
    // two plans. The second import keeps names, structure and durations.
    let doc = stratops::Document::from_json(
        r#"{"format": "stratops/1", "plans": [
        {"id": "p", "kind": "project", "name": "P", "horizon": {"start": "2025-01-06", "end": "2025-01-31"},
         "tasks": [{"id": "s", "name": "Phase"}, {"id": "a", "name": "A", "parent": "s", "duration": "2d"},
                   {"id": "m", "name": "Done", "kind": "milestone", "dependencies": [{"predecessor": "a", "lag": "4h"}]}]},
        {"id": "q", "kind": "project", "name": "Q", "horizon": {"start": "2025-01-06", "end": "2025-01-31"},
         "tasks": [{"id": "x", "name": "X", "duration": "1w"}]}]}"#,
    )
    .unwrap();
    let imp = import_mspdi(&export_mspdi(&doc).unwrap()).unwrap();
    let tasks = &imp.document.plans[0].tasks;
    let names: Vec<&str> = tasks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["P", "Phase", "A", "Done", "Q", "X"]);
    assert_eq!(tasks[2].duration.unwrap().to_string(), "2d");
    assert_eq!(tasks[2].parent.as_deref(), Some(tasks[1].id.as_str()));
    assert_eq!(tasks[3].kind, stratops::TaskKind::Milestone);
    assert_eq!(tasks[3].dependencies[0].lag.unwrap().to_string(), "4h");
    assert_eq!(tasks[5].duration.unwrap().to_string(), "1w");
    assert!(stratops::Model::new(imp.document).is_ok());
}

/// ActualDuration, RemainingDuration, ActualWork and RemainingWork equal to
/// what the export derives from the duration, work and percent complete are
/// not stored twice; other values are kept.
#[test]
fn derived_progress_fields_are_not_stored_twice() {
    let extra = "<Duration>PT16H0M0S</Duration><PercentComplete>50</PercentComplete>\
        <ActualDuration>PT8H0M0S</ActualDuration><RemainingDuration>PT8H0M0S</RemainingDuration>";
    let asg = "<Assignments><Assignment><UID>7</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID>\
        <Work>PT16H0M0S</Work><ActualWork>PT8H0M0S</ActualWork><RemainingWork>PT9H0M0S</RemainingWork><Units>1</Units></Assignment></Assignments>";
    let res = "<Resources><Resource><UID>1</UID><Name>R</Name></Resource></Resources>";
    let xml = project("", &task("<UID>1</UID>", extra))
        .replace("</Project>", &format!("{res}{asg}</Project>"));
    let imp = import_mspdi(&xml).unwrap();
    let t = &imp.document.plans[0].tasks[0];
    assert_eq!(t.progress.as_ref().unwrap().remaining, None);
    let ext = t.extensions.get("mspdi").unwrap();
    assert!(ext.get("ActualDuration").is_none() && ext.get("RemainingDuration").is_none());
    // 9 h remaining of 16 h at 50% is not derived: kept with the assignment.
    let a = &ext["Assignment"][0];
    assert!(a.get("ActualWork").is_none());
    assert_eq!(a["RemainingWork"], "PT9H0M0S");
    let out = export_mspdi(&imp.document).unwrap();
    assert!(out.contains("<ActualDuration>PT8H0M0S</ActualDuration>"));
    assert!(out.contains("<RemainingWork>PT9H0M0S</RemainingWork>"));
    assert_eq!(import_mspdi(&out).unwrap().document, imp.document);
}

/// A calendar based on itself, or two based on each other: a coded
/// refusal naming the calendar, never a hang.
#[test]
fn calendar_based_on_itself() {
    let own = "\n<Calendar><UID>3</UID><Name>Loop</Name><BaseCalendarUID>3</BaseCalendarUID><WeekDays><WeekDay><DayType>2</DayType><DayWorking>1</DayWorking></WeekDay></WeekDays></Calendar>";
    let xml = project(own, &task("<UID>1</UID>", "<CalendarUID>3</CalendarUID>"));
    let doc = stratops_interop::import_mspdi(&xml).map(|i| i.document);
    let code = match doc {
        Err(e) => e.code().to_string(),
        Ok(d) => {
            let e = stratops::Model::new(d).expect_err("a calendar based on itself is refused");
            let d = e
                .diagnostics()
                .iter()
                .find(|d| d.code == "calendar_cycle")
                .unwrap_or_else(|| panic!("{e}"));
            assert!(d.id.is_some(), "{d:?}");
            d.code.clone()
        }
    };
    assert_eq!(code, "calendar_cycle");
    let pair = "\n<Calendar><UID>3</UID><Name>A</Name><BaseCalendarUID>4</BaseCalendarUID></Calendar>\n<Calendar><UID>4</UID><Name>B</Name><BaseCalendarUID>3</BaseCalendarUID></Calendar>";
    let xml = project(pair, &task("<UID>1</UID>", "<CalendarUID>3</CalendarUID>"));
    match stratops_interop::import_mspdi(&xml) {
        Err(e) => assert_eq!(e.code(), "calendar_cycle"),
        Ok(i) => {
            let e = stratops::Model::new(i.document).expect_err("a calendar cycle is refused");
            assert!(
                e.diagnostics().iter().any(|d| d.code == "calendar_cycle"),
                "{e}"
            );
        }
    }
}
