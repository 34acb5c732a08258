//! MSPDI elements that stratops has no field for, kept as JSON in an
//! entity's `extensions.mspdi`, and written back in schema order.
//!
//! The JSON shape: a leaf element is a string; an element with children is
//! an object from child name to value; a child name that occurs more than
//! once holds an array. Depth is bounded by [`crate::xml::MAX_DEPTH`] on the
//! way in and checked again on the way out, so the helpers below, which
//! recurse over that bounded depth, cannot overflow the stack.

use serde_json::{Map, Value};

use crate::xml::{escape, Tree};

/// Converts a node's children (except those in `skip`) to a JSON object.
pub fn children_json(tree: &Tree<'_>, idx: usize, skip: &[&str]) -> Map<String, Value> {
    let mut map = Map::new();
    for &c in &tree.node(idx).children {
        let name = &tree.node(c).name;
        if skip.contains(&name.as_str()) {
            continue;
        }
        push_value(&mut map, name, node_json(tree, c));
    }
    map
}

/// Adds `v` under `name`, turning a repeated name into an array.
pub fn push_value(map: &mut Map<String, Value>, name: &str, v: Value) {
    match map.get_mut(name) {
        None => {
            map.insert(name.to_string(), v);
        }
        // node_json never yields an array, so an array here is a repetition.
        Some(Value::Array(items)) => items.push(v),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, v]);
        }
    }
}

/// Converts one node to JSON (bounded depth: see the module docs).
pub fn node_json(tree: &Tree<'_>, idx: usize) -> Value {
    let n = tree.node(idx);
    if n.children.is_empty() {
        Value::String(n.text.clone())
    } else {
        Value::Object(children_json(tree, idx, &[]))
    }
}

/// The deepest JSON nesting written back as XML.
const MAX_OUT_DEPTH: usize = 48;

/// Writes `name` with JSON value `v` as XML elements (an array writes one
/// element per item). Returns `false` if the value nests too deeply or a
/// key is not an element name.
pub fn write_value(out: &mut String, indent: usize, name: &str, v: &Value) -> bool {
    write_value_at(out, indent, name, v, 0)
}

/// Whether `name` can be written as an element name: not empty, no
/// whitespace or markup characters, not starting with a digit, `-` or `.`.
pub fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let bad = |c: char| {
        c.is_whitespace() || c.is_control() || "<>&'\"/=?!;,()[]{}*+@#$%^`|~\\".contains(c)
    };
    !bad(first) && !first.is_ascii_digit() && first != '-' && first != '.' && !name.chars().any(bad)
}

fn write_value_at(out: &mut String, indent: usize, name: &str, v: &Value, depth: usize) -> bool {
    if depth > MAX_OUT_DEPTH || !valid_name(name) {
        return false;
    }
    match v {
        Value::Array(items) => {
            for it in items {
                // An array inside an array has no XML form; flatten it.
                if !write_value_at(out, indent, name, it, depth + 1) {
                    return false;
                }
            }
            true
        }
        Value::Object(map) => {
            pad(out, indent);
            out.push('<');
            out.push_str(name);
            out.push_str(">\n");
            for (k, val) in ordered(name, map) {
                if !write_value_at(out, indent + 1, k, val, depth + 1) {
                    return false;
                }
            }
            pad(out, indent);
            out.push_str("</");
            out.push_str(name);
            out.push_str(">\n");
            true
        }
        Value::String(s) => {
            leaf(out, indent, name, s);
            true
        }
        Value::Null => {
            leaf(out, indent, name, "");
            true
        }
        other => {
            leaf(out, indent, name, &other.to_string());
            true
        }
    }
}

/// Writes `<name>text</name>` on its own line.
pub fn leaf(out: &mut String, indent: usize, name: &str, text: &str) {
    pad(out, indent);
    if text.is_empty() {
        out.push('<');
        out.push_str(name);
        out.push_str("/>\n");
        return;
    }
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(&escape(text));
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

/// Indents with tabs.
pub fn pad(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push('\t');
    }
}

/// The entries of `map` sorted by the schema order of `parent`'s children;
/// names the table does not know come last, alphabetically.
pub fn ordered<'m>(parent: &str, map: &'m Map<String, Value>) -> Vec<(&'m str, &'m Value)> {
    let order = schema_order(parent);
    let mut v: Vec<(&str, &Value)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
    stratops::sort::by_key(&mut v, |(k, _)| position(order, k));
    v
}

/// The position of `name` in a schema order table (unknown names last).
pub fn position(order: &[&str], name: &str) -> (usize, String) {
    match order.iter().position(|o| *o == name) {
        Some(p) => (p, String::new()),
        None => (usize::MAX, name.to_string()),
    }
}

/// The MSPDI schema order of the children of `parent`, for the elements
/// stratops writes or keeps.
pub fn schema_order(parent: &str) -> &'static [&'static str] {
    match parent {
        "Project" => PROJECT,
        "Task" => TASK,
        "Resource" => RESOURCE,
        "Assignment" => ASSIGNMENT,
        "Calendar" => CALENDAR,
        "PredecessorLink" => &[
            "PredecessorUID",
            "Type",
            "CrossProject",
            "CrossProjectName",
            "LinkLag",
            "LagFormat",
        ],
        "TimephasedData" => &["Type", "UID", "Start", "Finish", "Unit", "Value"],
        "WeekDay" => &["DayType", "DayWorking", "TimePeriod", "WorkingTimes"],
        "TimePeriod" => &["FromDate", "ToDate"],
        "WorkingTime" => &["FromTime", "ToTime"],
        "Exception" => &[
            "EnteredByOccurrences",
            "TimePeriod",
            "Occurrences",
            "Name",
            "Type",
            "Period",
            "DaysOfWeek",
            "MonthItem",
            "MonthPosition",
            "Month",
            "MonthDay",
            "DayWorking",
            "WorkingTimes",
        ],
        "WorkWeek" => &["TimePeriod", "Name", "WeekDays"],
        "Rate" => &[
            "RatesFrom",
            "RatesTo",
            "RateTable",
            "StandardRate",
            "StandardRateFormat",
            "OvertimeRate",
            "OvertimeRateFormat",
            "CostPerUse",
        ],
        "Baseline" => &[
            "TimephasedData",
            "Number",
            "Interim",
            "Start",
            "Finish",
            "Duration",
            "DurationFormat",
            "EstimatedDuration",
            "Work",
            "Cost",
            "BCWS",
            "BCWP",
            "FixedCost",
        ],
        "ExtendedAttribute" => &["FieldID", "Value", "ValueGUID", "DurationFormat"],
        "AvailabilityPeriod" => &["AvailableFrom", "AvailableTo", "AvailableUnits"],
        _ => &[],
    }
}

const PROJECT: &[&str] = &[
    "SaveVersion",
    "UID",
    "GUID",
    "Name",
    "Title",
    "Subject",
    "Category",
    "Company",
    "Manager",
    "Author",
    "CreationDate",
    "Revision",
    "LastSaved",
    "ScheduleFromStart",
    "StartDate",
    "FinishDate",
    "FYStartDate",
    "CriticalSlackLimit",
    "CurrencyDigits",
    "CurrencySymbol",
    "CurrencyCode",
    "CurrencySymbolPosition",
    "CalendarUID",
    "DefaultStartTime",
    "DefaultFinishTime",
    "MinutesPerDay",
    "MinutesPerWeek",
    "DaysPerMonth",
    "DefaultTaskType",
    "DefaultFixedCostAccrual",
    "DefaultStandardRate",
    "DefaultOvertimeRate",
    "DurationFormat",
    "WorkFormat",
    "EditableActualCosts",
    "HonorConstraints",
    "EarnedValueMethod",
    "InsertedProjectsLikeSummary",
    "MultipleCriticalPaths",
    "NewTasksEffortDriven",
    "NewTasksEstimated",
    "SplitsInProgressTasks",
    "SpreadActualCost",
    "SpreadPercentComplete",
    "TaskUpdatesResource",
    "FiscalYearStart",
    "WeekStartDay",
    "MoveCompletedEndsBack",
    "MoveRemainingStartsBack",
    "MoveRemainingStartsForward",
    "MoveCompletedEndsForward",
    "BaselineForEarnedValue",
    "AutoAddNewResourcesAndTasks",
    "StatusDate",
    "CurrentDate",
    "MicrosoftProjectServerURL",
    "Autolink",
    "NewTaskStartDate",
    "NewTasksAreManual",
    "DefaultTaskEVMethod",
    "ProjectExternallyEdited",
    "ExtendedCreationDate",
    "ActualsInSync",
    "RemoveFileProperties",
    "AdminProject",
    "UpdateManuallyScheduledTasksWhenEditingLinks",
    "KeepTaskOnNearestWorkingTimeWhenMadeAutoScheduled",
    "OutlineCodes",
    "WBSMasks",
    "ExtendedAttributes",
    "Calendars",
    "Tasks",
    "Resources",
    "Assignments",
];

const TASK: &[&str] = &[
    "UID",
    "GUID",
    "ID",
    "Name",
    "Active",
    "Manual",
    "Type",
    "IsNull",
    "CreateDate",
    "Contact",
    "WBS",
    "WBSLevel",
    "OutlineNumber",
    "OutlineLevel",
    "Priority",
    "Start",
    "Finish",
    "Duration",
    "ManualStart",
    "ManualFinish",
    "ManualDuration",
    "DurationFormat",
    "Work",
    "Stop",
    "Resume",
    "ResumeValid",
    "EffortDriven",
    "Recurring",
    "OverAllocated",
    "Estimated",
    "Milestone",
    "Summary",
    "DisplayAsSummary",
    "Critical",
    "IsSubproject",
    "IsSubprojectReadOnly",
    "SubprojectName",
    "ExternalTask",
    "ExternalTaskProject",
    "EarlyStart",
    "EarlyFinish",
    "LateStart",
    "LateFinish",
    "StartVariance",
    "FinishVariance",
    "WorkVariance",
    "FreeSlack",
    "TotalSlack",
    "StartSlack",
    "FinishSlack",
    "FixedCost",
    "FixedCostAccrual",
    "PercentComplete",
    "PercentWorkComplete",
    "Cost",
    "OvertimeCost",
    "OvertimeWork",
    "ActualStart",
    "ActualFinish",
    "ActualDuration",
    "ActualCost",
    "ActualOvertimeCost",
    "ActualWork",
    "ActualOvertimeWork",
    "RegularWork",
    "RemainingDuration",
    "RemainingCost",
    "RemainingWork",
    "RemainingOvertimeCost",
    "RemainingOvertimeWork",
    "ACWP",
    "CV",
    "ConstraintType",
    "CalendarUID",
    "ConstraintDate",
    "Deadline",
    "LevelAssignments",
    "LevelingCanSplit",
    "LevelingDelay",
    "LevelingDelayFormat",
    "PreLeveledStart",
    "PreLeveledFinish",
    "Hyperlink",
    "HyperlinkAddress",
    "HyperlinkSubAddress",
    "IgnoreResourceCalendar",
    "Notes",
    "HideBar",
    "Rollup",
    "BCWS",
    "BCWP",
    "PhysicalPercentComplete",
    "EarnedValueMethod",
    "PredecessorLink",
    "ActualWorkProtected",
    "ActualOvertimeWorkProtected",
    "ExtendedAttribute",
    "Baseline",
    "OutlineCode",
    "IsPublished",
    "StatusManager",
    "CommitmentStart",
    "CommitmentFinish",
    "CommitmentType",
    "TimephasedData",
];

const RESOURCE: &[&str] = &[
    "UID",
    "GUID",
    "ID",
    "Name",
    "Type",
    "IsNull",
    "Initials",
    "Phonetics",
    "NTAccount",
    "MaterialLabel",
    "Code",
    "Group",
    "WorkGroup",
    "EmailAddress",
    "Hyperlink",
    "HyperlinkAddress",
    "HyperlinkSubAddress",
    "MaxUnits",
    "PeakUnits",
    "OverAllocated",
    "AvailableFrom",
    "AvailableTo",
    "Start",
    "Finish",
    "CanLevel",
    "AccrueAt",
    "Work",
    "RegularWork",
    "OvertimeWork",
    "ActualWork",
    "RemainingWork",
    "ActualOvertimeWork",
    "RemainingOvertimeWork",
    "PercentWorkComplete",
    "StandardRate",
    "StandardRateFormat",
    "Cost",
    "OvertimeRate",
    "OvertimeRateFormat",
    "OvertimeCost",
    "CostPerUse",
    "ActualCost",
    "ActualOvertimeCost",
    "RemainingCost",
    "RemainingOvertimeCost",
    "WorkVariance",
    "CostVariance",
    "SV",
    "CV",
    "ACWP",
    "CalendarUID",
    "Notes",
    "BCWS",
    "BCWP",
    "IsGeneric",
    "IsInactive",
    "IsEnterprise",
    "BookingType",
    "ActualWorkProtected",
    "ActualOvertimeWorkProtected",
    "ActiveDirectoryGUID",
    "CreationDate",
    "ExtendedAttribute",
    "Baseline",
    "OutlineCode",
    "IsCostResource",
    "AssnOwner",
    "AssnOwnerGuid",
    "IsBudget",
    "AvailabilityPeriods",
    "Rates",
    "TimephasedData",
];

const ASSIGNMENT: &[&str] = &[
    "UID",
    "GUID",
    "TaskUID",
    "ResourceUID",
    "PercentWorkComplete",
    "ActualCost",
    "ActualFinish",
    "ActualOvertimeCost",
    "ActualOvertimeWork",
    "ActualStart",
    "ActualWork",
    "ACWP",
    "Confirmed",
    "Cost",
    "CostRateTable",
    "RateScale",
    "CostVariance",
    "CV",
    "Delay",
    "Finish",
    "FinishVariance",
    "Hyperlink",
    "HyperlinkAddress",
    "HyperlinkSubAddress",
    "WorkVariance",
    "HasFixedRateUnits",
    "FixedMaterial",
    "LevelingDelay",
    "LevelingDelayFormat",
    "LinkedFields",
    "Milestone",
    "Notes",
    "Overallocated",
    "OvertimeCost",
    "OvertimeWork",
    "PeakUnits",
    "RegularWork",
    "RemainingCost",
    "RemainingOvertimeCost",
    "RemainingOvertimeWork",
    "RemainingWork",
    "ResponsePending",
    "Start",
    "Stop",
    "Resume",
    "StartVariance",
    "Summary",
    "Units",
    "UpdateNeeded",
    "VAC",
    "Work",
    "WorkContour",
    "BCWS",
    "BCWP",
    "BookingType",
    "ActualWorkProtected",
    "ActualOvertimeWorkProtected",
    "CreationDate",
    "AssnOwner",
    "AssnOwnerGuid",
    "BudgetCost",
    "BudgetWork",
    "ExtendedAttribute",
    "Baseline",
    "TimephasedData",
];

const CALENDAR: &[&str] = &[
    "UID",
    "GUID",
    "Name",
    "IsBaseCalendar",
    "IsBaselineCalendar",
    "BaseCalendarUID",
    "WeekDays",
    "Exceptions",
    "WorkWeeks",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_children_become_arrays_and_write_back() {
        let xml = "<Task><A>1</A><B><C>x</C></B><B><C>y</C></B></Task>";
        let tree = Tree::parse(xml).unwrap();
        let m = children_json(&tree, 0, &[]);
        assert_eq!(
            Value::Object(m.clone()),
            serde_json::json!({"A": "1", "B": [{"C": "x"}, {"C": "y"}]})
        );
        let mut out = String::new();
        assert!(write_value(&mut out, 0, "Task", &Value::Object(m)));
        let again = Tree::parse(&out).unwrap();
        assert_eq!(
            Value::Object(children_json(&again, 0, &[])),
            serde_json::json!({"A": "1", "B": [{"C": "x"}, {"C": "y"}]})
        );
    }

    #[test]
    fn too_deep_json_is_refused() {
        let mut v = Value::String("x".into());
        for _ in 0..100 {
            let mut m = Map::new();
            m.insert("A".into(), v);
            v = Value::Object(m);
        }
        let mut out = String::new();
        assert!(!write_value(&mut out, 0, "A", &v));
    }
}
