//! # stratops-interop
//!
//! MS Project XML (MSPDI) import and export for [stratops](stratops).
//!
//! ```
//! let xml = r#"<Project xmlns="http://schemas.microsoft.com/project">
//!   <Title>Roll-out</Title>
//!   <StartDate>2025-10-01T08:00:00</StartDate>
//!   <Tasks>
//!     <Task><UID>1</UID><Name>Deploy</Name><OutlineLevel>1</OutlineLevel>
//!       <Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
//!     <Task><UID>2</UID><Name>Scan</Name><OutlineLevel>1</OutlineLevel>
//!       <Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat>
//!       <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink>
//!     </Task>
//!   </Tasks>
//! </Project>"#;
//! let import = stratops_interop::import_mspdi(xml)?;
//! let plan = &import.document.plans[0];
//! assert_eq!(plan.tasks[0].id, "t1");
//! assert_eq!(plan.tasks[0].duration.unwrap().to_string(), "2d");
//! assert_eq!(plan.tasks[1].dependencies[0].predecessor, "t1");
//!
//! // Export and import again: the same document.
//! let xml2 = stratops_interop::export_mspdi(&import.document)?;
//! let again = stratops_interop::import_mspdi(&xml2)?;
//! assert_eq!(again.document, import.document);
//! # Ok::<(), stratops::Error>(())
//! ```
//!
//! ## Decisions
//!
//! - **Ids.** A task with MSPDI `UID` n becomes `t<n>`, a resource `r<n>`, a
//!   calendar `c<n>`; the one plan is `project`. The project summary task
//!   (UID 0), blank rows (`IsNull`) and MS Project's unnamed resource UID 0
//!   are kept verbatim in the plan's `extensions`, not turned into entities.
//! - **Nothing is dropped.** Every element stratops has no field for goes
//!   into the entity's `extensions.mspdi`, as JSON (a leaf is a string, an
//!   element with children an object, a repeated element an array), and
//!   [`Import::extension_fields`] lists them as `Entity.Element`. Values
//!   that the export recomputes exactly (`ID`, `OutlineNumber`,
//!   `OutlineLevel`, `Summary`, consistent `Milestone` and `IsBaseCalendar`,
//!   `CrossProject = 0`, the occurrence counts of one-off exceptions) are
//!   not stored twice. MS Project's computed dates and slack (`EarlyStart`,
//!   `TotalSlack`, ...) are kept in `extensions.mspdi` too, which is how
//!   the MS Project comparison test reads them back.
//! - **Units.** Durations are written `PT8H0M0S` and mean working time in
//!   the task's `DurationFormat` unit (elapsed formats: wall-clock time);
//!   they become `"1d"`, `"3h"`, `"2ed"`... exactly, or minutes when the
//!   amount is not exact in that unit. `LinkLag` is in tenths of a minute,
//!   except for percentage formats (19, 20), where it is the percentage;
//!   stratops has no elapsed percentage, so format 20 becomes a plain
//!   percentage and the format is kept in extensions. Money in MSPDI cost
//!   fields (`FixedCost`) is in hundredths; rates are per hour as written.
//! - **Fixed costs** become a `fixed` cost line `t<n>-fixed-cost` with the
//!   task's accrual (1 start, 2 prorated, 3 end). On export, the fixed
//!   cost lines of a task are summed into its `FixedCost`; other cost lines,
//!   goals, KPIs and risks have no MSPDI home and are not exported.
//! - **Calendars.** `DayType` 1..7 is Sunday..Saturday. Both exception
//!   forms are read: `WeekDay` with `DayType` 0 and a `TimePeriod` (MS
//!   Project 2003) and `Exceptions` (2007+; when both are present the older
//!   copy is skipped and reported). Recurring exceptions are kept in
//!   extensions, not expanded. Export writes the newer form.
//! - **Assignments** become `{resource, role: responsible, hours}` with
//!   `hours` from `Work`; MS Project's resource-less placeholder
//!   assignments (`ResourceUID` -65535) stay in the task's extensions.
//! - **Resources.** `Type` 0 is `material`, 1 `person` (`role` when
//!   `IsGeneric`); cost rate table A becomes `rates`, tables B-E stay in
//!   extensions.
//! - **Export of several plans**: each plan becomes a level-1 summary task.
//!
//! ## Errors
//!
//! Every failure is [`stratops::Error::Import`] with a stable code and the
//! XML line and column: `xml_syntax`, `xml_too_deep` (more than
//! [`MAX_DEPTH`] levels), `not_mspdi`, `missing_uid`, `duplicate_uid`,
//! `unknown_uid`, `unknown_link_type`, `negative_duration`,
//! `constraint_without_date`, `calendar_no_working_time`,
//! `missing_start_date`, `bad_value`. Export fails with `no_plan`,
//! `unknown_id`, `wbs_cycle`, `negative_duration`, `bad_value` or
//! `bad_extension` (an `extensions.mspdi` key that is not an XML name,
//! or nesting deeper than 48 levels).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod codes;
mod export;
mod import;
mod leftover;
mod psplib;
mod timephased;
mod xml;

use stratops::{Document, Error, FormatError};

pub use export::MAX_OUTLINE_NUMBER_LEVEL;
pub use psplib::{import_psplib, PSPLIB};
pub use xml::MAX_DEPTH;

/// The key of the per-entity MSPDI leftovers inside `extensions`.
pub const EXT: &str = "mspdi";
/// The plan extension holding the project summary task (UID 0).
pub const SUMMARY_TASK: &str = "mspdi_summary_task";
/// The plan extension holding assignments of the project summary task.
pub const SUMMARY_ASSIGNMENTS: &str = "mspdi_summary_assignments";
/// The plan extension holding blank task rows (`IsNull` = 1).
pub const NULL_TASKS: &str = "mspdi_null_tasks";
/// The plan extension holding MS Project's unnamed resource UID 0.
pub const PLACEHOLDER_RESOURCE: &str = "mspdi_resource0";
/// Inside a resource's `extensions.mspdi`: the unmapped fields of each
/// table-A rate, in order.
pub const RATES_A: &str = "RatesA";

/// The result of an import: the document and the report of what went into
/// extensions.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The imported `stratops/1` document (one `project` plan).
    pub document: Document,
    /// Every MSPDI field placed in `extensions`, as `Entity.Element`, plus
    /// a line for each whole element kept there (the project summary task,
    /// placeholder assignments, recurring calendar exceptions...). Sorted.
    pub extension_fields: Vec<String>,
}

/// Imports an MS Project XML (MSPDI) document.
///
/// Fails with [`Error::Import`] and a stable code, naming the XML line and
/// column and an element path (see the crate docs for the codes).
///
/// # Example
/// ```
/// let err = stratops_interop::import_mspdi("<Project><Tasks>").unwrap_err();
/// assert_eq!(err.code(), "xml_syntax");
/// ```
pub fn import_mspdi(xml: &str) -> Result<Import, Error> {
    import::import(xml)
}

/// Exports a document as MS Project XML (MSPDI): tasks, links, calendars,
/// resources and assignments, plus everything kept in `extensions.mspdi`.
///
/// # Example
/// ```
/// let doc = stratops::Document::from_json(r#"{"format": "stratops/1", "plans": [{
///   "id": "p", "kind": "project", "name": "P",
///   "horizon": {"start": "2025-01-06", "end": "2025-01-31"},
///   "tasks": [{"id": "a", "name": "A", "duration": "2d"}]}]}"#)?;
/// let xml = stratops_interop::export_mspdi(&doc)?;
/// assert!(xml.contains("<Duration>PT16H0M0S</Duration>"));
/// # Ok::<(), stratops::Error>(())
/// ```
pub fn export_mspdi(doc: &Document) -> Result<String, Error> {
    export::export(doc)
}

pub(crate) fn err(code: &str, message: String, line: usize, column: usize, path: &str) -> Error {
    Error::Import(FormatError {
        code: code.to_string(),
        message,
        line,
        column,
        path: path.to_string(),
    })
}
