//! Mangled MSPDI never panics: every splice of a small but complete file
//! either imports or fails with a coded `Error::Import`; whatever imports
//! also exports, and the export imports back to the same document.

use proptest::prelude::*;
use stratops::Error;
use stratops_interop::{export_mspdi, import_mspdi};

const SEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
<Title>Seed</Title><StartDate>2025-01-06T08:00:00</StartDate><FinishDate>2025-01-31T17:00:00</FinishDate>
<MinutesPerDay>480</MinutesPerDay><CalendarUID>1</CalendarUID>
<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><BaseCalendarUID>-1</BaseCalendarUID>
<WeekDays><WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
<WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>
<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod><FromDate>2025-01-10T00:00:00</FromDate><ToDate>2025-01-10T23:59:00</ToDate></TimePeriod></WeekDay>
</WeekDays></Calendar></Calendars>
<Tasks><Task><UID>0</UID><Name>Seed</Name><OutlineLevel>0</OutlineLevel><Summary>1</Summary></Task>
<Task><UID>1</UID><Name>A</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary></Task>
<Task><UID>2</UID><Name>B</Name><OutlineLevel>2</OutlineLevel><Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat><FixedCost>12345</FixedCost><FixedCostAccrual>3</FixedCostAccrual><Notes>n &amp; m</Notes></Task>
<Task><UID>3</UID><Name>C</Name><OutlineLevel>2</OutlineLevel><Duration>PT8H0M0S</Duration><DurationFormat>5</DurationFormat><ConstraintType>4</ConstraintType><ConstraintDate>2025-01-08T08:00:00</ConstraintDate>
<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>3</Type><LinkLag>4800</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
<Task><UID>4</UID><Name>D</Name><OutlineLevel>1</OutlineLevel><Milestone>1</Milestone><Duration>PT0H0M0S</Duration>
<PredecessorLink><PredecessorUID>3</PredecessorUID><Type>0</Type><LinkLag>50</LinkLag><LagFormat>19</LagFormat></PredecessorLink></Task></Tasks>
<Resources><Resource><UID>1</UID><Name>Ann</Name><Type>1</Type><StandardRate>100</StandardRate><CalendarUID>1</CalendarUID></Resource></Resources>
<Assignments><Assignment><UID>1</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID><Work>PT16H0M0S</Work></Assignment>
<Assignment><UID>2</UID><TaskUID>3</TaskUID><ResourceUID>-65535</ResourceUID></Assignment></Assignments>
</Project>
"#;

#[test]
fn the_seed_round_trips() {
    let a = import_mspdi(SEED).expect("seed imports");
    let b = import_mspdi(&export_mspdi(&a.document).expect("exports")).expect("re-imports");
    assert_eq!(a.document, b.document);
    assert_eq!(a.document.plans[0].tasks.len(), 4);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn splices_never_panic(
        at in 0usize..SEED.len(),
        cut in 0usize..24,
        insert in "[<>/a-zA-Z0-9 &;:.#-]{0,12}",
    ) {
        let end = (at + cut).min(SEED.len());
        let xml = format!("{}{}{}", &SEED[..at], insert, &SEED[end..]);
        match import_mspdi(&xml) {
            Ok(imp) => {
                if let Ok(out) = export_mspdi(&imp.document) {
                    let again = import_mspdi(&out);
                    prop_assert!(again.is_ok(), "export of an import does not import: {:?}", again.err());
                    prop_assert_eq!(again.map(|i| i.document).ok(), Some(imp.document));
                }
            }
            Err(Error::Import(e)) => prop_assert!(!e.code.is_empty()),
            Err(other) => prop_assert!(false, "not an import error: {other:?}"),
        }
    }
}
