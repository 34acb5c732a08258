//! Work: tasks, dependencies, constraints, assignments (units, contours,
//! timephased work), progress, estimates, baselines and manual dates.

use super::*;

/// Task, milestone or summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskKind {
    /// Ordinary work (the default). A task with children is a summary
    /// whatever its kind says.
    #[default]
    Task,
    /// Zero duration.
    Milestone,
    /// Spans its children.
    Summary,
}

/// The four link types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
pub enum LinkType {
    /// Finish-to-start (the default).
    #[default]
    FS,
    /// Start-to-start.
    SS,
    /// Finish-to-finish.
    FF,
    /// Start-to-finish.
    SF,
}

/// A dependency on a predecessor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dependency {
    /// The predecessor's id.
    pub predecessor: String,
    /// The link type (default FS).
    #[serde(rename = "type", default, skip_serializing_if = "is_fs")]
    pub link_type: LinkType,
    /// The lag: may be negative, elapsed (`"2ed"`), or a percentage of the
    /// predecessor's duration (`"50%"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lag: Option<Duration>,
}

fn is_fs(t: &LinkType) -> bool {
    *t == LinkType::FS
}

/// The eight constraint types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ConstraintType {
    /// As soon as possible.
    ASAP,
    /// As late as possible.
    ALAP,
    /// Start no earlier than.
    SNET,
    /// Start no later than.
    SNLT,
    /// Finish no earlier than.
    FNET,
    /// Finish no later than.
    FNLT,
    /// Must start on.
    MSO,
    /// Must finish on.
    MFO,
}

/// A date constraint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    /// The type.
    #[serde(rename = "type")]
    pub kind: ConstraintType,
    /// The date; required for every type but ASAP and ALAP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateOrTime>,
}

/// A RACI role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Raci {
    /// Does the work (the default).
    #[default]
    Responsible,
    /// Answers for it; exactly one per task.
    Accountable,
    /// Asked before.
    Consulted,
    /// Told after.
    Informed,
}

/// A resource assigned to a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The resource id.
    pub resource: String,
    /// The RACI role.
    #[serde(default)]
    pub role: Raci,
    /// Hours of effort (MS Project's assignment work).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    /// The share of the resource's time on this task: 1.0 = 100%. When set
    /// (with `hours`), the assignment drives the task's dates: its work
    /// takes `hours / units` of the resource's calendar (see
    /// [`Task::task_type`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<f64>,
    /// Timephased work (MS Project's contoured, hand-edited and split
    /// assignments): the periods the work was laid out in, in order, each
    /// with the hours worked in it. When present, the assignment takes the
    /// working time its periods span on the resource's calendar (first
    /// period's start to last period's finish), wherever the task starts,
    /// instead of `hours / units`: a period with no work, or a gap between
    /// periods, is a split that pushes the finish back. Absent: the work is
    /// spread evenly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timephased: Vec<WorkPeriod>,
    /// How the work is spread over the assignment (MS Project's work
    /// contour). Absent: flat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contour: Option<Contour>,
}

/// MS Project's work contours. A predefined contour divides the assignment
/// into ten equal slices of working time and gives each a share of the
/// units; the work then takes `hours / (units × mean share)` of the
/// resource's calendar.
///
/// | contour | shares, % | mean |
/// |---|---|---|
/// | flat | 100 × 10 | 1.0 |
/// | back_loaded | 10 15 25 50 50 75 75 100 100 100 | 0.6 |
/// | front_loaded | 100 100 100 75 75 50 50 25 15 10 | 0.6 |
/// | double_peak | 25 50 100 50 25 25 50 100 50 25 | 0.5 |
/// | bell | 10 20 40 80 100 100 80 40 20 10 | 0.5 |
/// | turtle | 25 50 75 100 100 100 100 75 50 25 | 0.7 |
///
/// `early_peak`, `late_peak` and `contoured` (hand-edited) have no table
/// here: the assignment's [`Assignment::timephased`] periods give its span
/// when present, else it is scheduled flat (with a `contour_flat` warning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Contour {
    /// Even work (the default).
    Flat,
    /// Rising to the end.
    BackLoaded,
    /// Falling from the start.
    FrontLoaded,
    /// Two peaks.
    DoublePeak,
    /// A ramp up to an early peak.
    EarlyPeak,
    /// A late peak after a ramp up.
    LatePeak,
    /// One peak in the middle.
    Bell,
    /// A bell with a broad top.
    Turtle,
    /// Edited by hand: the timephased periods are the shape.
    Contoured,
}

impl Contour {
    /// The mean share of the units over the ten slices, for the contours
    /// with a table (see the type's docs); `None` for the others.
    ///
    /// ```
    /// use stratops::Contour;
    /// assert_eq!(Contour::Turtle.mean_share(), Some(0.7));
    /// assert_eq!(Contour::Contoured.mean_share(), None);
    /// ```
    pub fn mean_share(self) -> Option<f64> {
        match self {
            Contour::Flat => Some(1.0),
            Contour::BackLoaded | Contour::FrontLoaded => Some(0.6),
            Contour::DoublePeak | Contour::Bell => Some(0.5),
            Contour::Turtle => Some(0.7),
            Contour::EarlyPeak | Contour::LatePeak | Contour::Contoured => None,
        }
    }

    /// MS Project's `WorkContour` number (0-8).
    pub fn mspdi(self) -> u8 {
        self as u8
    }

    /// The contour for MS Project's `WorkContour` number.
    pub fn from_mspdi(n: i64) -> Option<Contour> {
        use Contour::*;
        [
            Flat,
            BackLoaded,
            FrontLoaded,
            DoublePeak,
            EarlyPeak,
            LatePeak,
            Bell,
            Turtle,
            Contoured,
        ]
        .get(usize::try_from(n).ok()?)
        .copied()
    }
}

/// One period of an assignment's timephased work.
///
/// # Example
/// ```
/// use stratops::WorkPeriod;
/// let p: WorkPeriod = serde_json::from_str(
///     r#"{"start": "2025-03-03T08:00", "finish": "2025-03-04T08:00", "hours": 6.5}"#,
/// ).unwrap();
/// assert!(!p.actual);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkPeriod {
    /// When the period starts.
    pub start: DateTime,
    /// When it ends (after `start`).
    pub finish: DateTime,
    /// Hours of work in the period (0: the assignment is split here).
    pub hours: f64,
    /// Work already done (MS Project's actual work) rather than remaining.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub actual: bool,
}

/// Progress of a task.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// Percent complete, 0-100.
    #[serde(default)]
    pub percent_complete: f64,
    /// When it actually started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_start: Option<DateOrTime>,
    /// When it actually finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_finish: Option<DateOrTime>,
    /// Remaining duration, if estimated separately.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<Duration>,
    /// How earned value credits the task's progress (default
    /// `percent_complete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ev_method: Option<EvMethod>,
}

/// The distributions of a three-point estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// Triangular on (optimistic, most likely, pessimistic) (the default).
    #[default]
    Triangular,
    /// Beta-PERT: mean (a + 4m + b) / 6.
    Pert,
    /// Uniform between optimistic and pessimistic.
    Uniform,
}

/// A three-point estimate of a task's duration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Estimate {
    /// The shortest it could take.
    pub optimistic: Duration,
    /// The likeliest.
    pub most_likely: Duration,
    /// The longest.
    pub pessimistic: Duration,
    /// The distribution (default triangular).
    #[serde(default)]
    pub distribution: Distribution,
}

/// How earned value credits a task's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvMethod {
    /// EV = BAC × percent complete (the default).
    #[default]
    PercentComplete,
    /// Nothing until complete, then all of it.
    ZeroHundred,
    /// Half when started, all when complete.
    FiftyFifty,
}

/// One saved baseline of a plan: each task's dates, duration, work and
/// cost when it was saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// 0-10.
    pub number: i64,
    /// The day it was saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved: Option<Date>,
    /// The status date it was saved at, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_date: Option<Date>,
    /// The tasks' baseline figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<BaselineTask>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

/// One task's figures in a baseline; any may be absent (MS Project saves
/// them field by field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineTask {
    /// The task id.
    pub task: String,
    /// The baseline start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateOrTime>,
    /// The baseline finish.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish: Option<DateOrTime>,
    /// The baseline duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
    /// The baseline work, in hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_hours: Option<f64>,
    /// The baseline cost (the budget at completion of the task, with its
    /// WBS descendants).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Money>,
}

/// A dated actual cost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatedAmount {
    /// The day it was spent.
    pub date: Date,
    /// How much.
    pub amount: Money,
}

/// MS Project's task types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskType {
    /// Units stay when work or duration change; dates come from the
    /// assignments (MS Project's default).
    FixedUnits,
    /// The duration stays; assignments do not move the dates.
    FixedDuration,
    /// Work stays; dates come from the assignments.
    FixedWork,
}

/// The entered dates of a manually scheduled task.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manual {
    /// The entered start. Without it, the plan's start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateOrTime>,
    /// The entered finish. Without it, the start plus the duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish: Option<DateOrTime>,
    /// The dates were never entered (MS Project keeps only text such as
    /// `StartText` for such a task): it is scheduled as above but is never
    /// critical.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub placeholder: bool,
}

/// A work item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Unique id.
    pub id: String,
    /// The name.
    pub name: String,
    /// The parent task in the WBS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Task, milestone or summary.
    #[serde(default, skip_serializing_if = "is_task_kind")]
    pub kind: TaskKind,
    /// The duration (working days if a bare number). Ignored for summaries
    /// and milestones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Duration>,
    /// Predecessors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<Dependency>,
    /// A date constraint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<Constraint>,
    /// A deadline: caps the late finish without moving the early dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DateOrTime>,
    /// The task's calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Who works on it, in which RACI role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<Assignment>,
    /// Who owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// What it delivers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deliverables: Vec<String>,
    /// Goals it supports; children inherit their ancestors' goals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supports: Vec<String>,
    /// Progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
    /// The duration's uncertainty, for the schedule risk simulation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Estimate>,
    /// How duration, work and units relate (MS Project's task type):
    /// `fixed_units` (the default) and `fixed_work` tasks are scheduled from
    /// their resource assignments that have `units`; a `fixed_duration`
    /// task keeps its duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_type: Option<TaskType>,
    /// Effort-driven: adding a resource shortens the task, keeping its work
    /// (MS Project's flag; kept for editing, it does not change a schedule).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub effort_driven: bool,
    /// Manually scheduled (MS Project's "Manual" task mode): the entered
    /// dates are the task's early dates, whatever its links and constraints
    /// say; its late dates still come from the logic. Absent: scheduled
    /// automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual: Option<Manual>,
    /// Leveling priority, 0-1000 as in MS Project: leveling delays tasks of
    /// lower priority first, and 1000 means "do not level". Absent: 500,
    /// MS Project's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u32>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Dated comments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// Unknown data, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: Extensions,
}

fn is_task_kind(k: &TaskKind) -> bool {
    *k == TaskKind::Task
}
