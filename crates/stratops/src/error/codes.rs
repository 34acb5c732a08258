//! Every code stratops raises, as one typed list: [`Code`], each variant
//! with its stable snake_case string. The faces expose the list
//! (`stratops.errors.CODES` in Python, `errorCodes()` in JavaScript); a test
//! checks that every code raised in the sources is in it and that each is
//! documented in `docs/` (the tables of `docs/FORMAT.md` and
//! `docs/MSPDI.md`).

macro_rules! codes {
    ($($name:ident = $s:literal,)*) => {
        /// A stable error or diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = concat!("`", $s, "`")]
                $name,
            )*
        }

        impl Code {
            /// Every code, in alphabetical order of its string.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code's string, such as `"bad_option"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $s,)*
                }
            }

            /// The code named `s`, if stratops has one.
            ///
            /// ```
            /// use stratops::error::codes::Code;
            /// assert_eq!(Code::parse("bad_option"), Some(Code::BadOption));
            /// assert_eq!(Code::parse("no_such_code"), None);
            /// ```
            pub fn parse(s: &str) -> Option<Code> {
                match s {
                    $($s => Some(Code::$name),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    ActualAfterStatusDate = "actual_after_status_date",
    ActualFinishBeforeStart = "actual_finish_before_start",
    ActualsMismatch = "actuals_mismatch",
    AsOfRequired = "as_of_required",
    BadBaselineNumber = "bad_baseline_number",
    BadCadence = "bad_cadence",
    BadCap = "bad_cap",
    BadCapacity = "bad_capacity",
    BadChunk = "bad_chunk",
    BadDate = "bad_date",
    BadDatetime = "bad_datetime",
    BadDuration = "bad_duration",
    BadDurationUnit = "bad_duration_unit",
    BadEdit = "bad_edit",
    BadEstimate = "bad_estimate",
    BadException = "bad_exception",
    BadExtension = "bad_extension",
    BadFormatTag = "bad_format_tag",
    BadHours = "bad_hours",
    BadInterval = "bad_interval",
    BadMoney = "bad_money",
    BadOption = "bad_option",
    BadPercent = "bad_percent",
    BadProbability = "bad_probability",
    BadPsplib = "bad_psplib",
    BadRange = "bad_range",
    BadScore = "bad_score",
    BadSetting = "bad_setting",
    BadStartTime = "bad_start_time",
    BadTimephased = "bad_timephased",
    BadUnits = "bad_units",
    BadValue = "bad_value",
    BadWeight = "bad_weight",
    CalendarCycle = "calendar_cycle",
    CalendarNoWorkingTime = "calendar_no_working_time",
    CalendarTooLarge = "calendar_too_large",
    Cancelled = "cancelled",
    ConstraintConflict = "constraint_conflict",
    ConstraintWithoutDate = "constraint_without_date",
    ContourFlat = "contour_flat",
    CurrencyMismatch = "currency_mismatch",
    CyclicObject = "cyclic_object",
    DanglingReference = "dangling_reference",
    DateOutOfRange = "date_out_of_range",
    DeadlineMissed = "deadline_missed",
    DependencyCycle = "dependency_cycle",
    DuplicateAssignment = "duplicate_assignment",
    DuplicateBaseline = "duplicate_baseline",
    DuplicateDependency = "duplicate_dependency",
    DuplicateId = "duplicate_id",
    DuplicateMeasurement = "duplicate_measurement",
    DuplicateRate = "duplicate_rate",
    DuplicateUid = "duplicate_uid",
    DurationOverflow = "duration_overflow",
    EmptyId = "empty_id",
    GoalCycle = "goal_cycle",
    HorizonKindMismatch = "horizon_kind_mismatch",
    HorizonReversed = "horizon_reversed",
    HorizonTooLong = "horizon_too_long",
    IdleAssignment = "idle_assignment",
    Internal = "internal",
    Invalid = "invalid",
    InvalidValue = "invalid_value",
    JsonEof = "json_eof",
    JsonSyntax = "json_syntax",
    JsonTrailing = "json_trailing",
    LagOverflow = "lag_overflow",
    LevelTooLarge = "level_too_large",
    ManualFinishBeforeStart = "manual_finish_before_start",
    MissingColumn = "missing_column",
    MissingCostField = "missing_cost_field",
    MissingDenominator = "missing_denominator",
    MissingField = "missing_field",
    MissingHours = "missing_hours",
    MissingOption = "missing_option",
    MissingRange = "missing_range",
    MissingRate = "missing_rate",
    MissingStart = "missing_start",
    MissingStartDate = "missing_start_date",
    MissingUid = "missing_uid",
    MissingValue = "missing_value",
    NegativeAmount = "negative_amount",
    NegativeDuration = "negative_duration",
    NegativeFloat = "negative_float",
    NegativeRate = "negative_rate",
    NoPlans = "no_plans",
    NoSuchAssignment = "no_such_assignment",
    NoSuchDependency = "no_such_dependency",
    NonFiniteResult = "non_finite_result",
    NonFiniteValue = "non_finite_value",
    NotAWorkTask = "not_a_work_task",
    NotJson = "not_json",
    NotMspdi = "not_mspdi",
    NotUtf8 = "not_utf8",
    NothingToExplain = "nothing_to_explain",
    OutOfSequence = "out_of_sequence",
    OverCapacity = "over_capacity",
    Overflow = "overflow",
    OverlappingIntervals = "overlapping_intervals",
    PolarityMismatch = "polarity_mismatch",
    ScheduleMismatch = "schedule_mismatch",
    TargetBeforeBaseline = "target_before_baseline",
    TargetEqualsBaseline = "target_equals_baseline",
    TaskHasChildren = "task_has_children",
    TaskHasDependents = "task_has_dependents",
    TimephasedOverlap = "timephased_overlap",
    TooDeep = "too_deep",
    UnknownBaseline = "unknown_baseline",
    UnknownCurrency = "unknown_currency",
    UnknownEngine = "unknown_engine",
    UnknownField = "unknown_field",
    UnknownId = "unknown_id",
    UnknownLinkType = "unknown_link_type",
    UnknownResource = "unknown_resource",
    UnknownTask = "unknown_task",
    UnknownUid = "unknown_uid",
    UnknownVariant = "unknown_variant",
    WbsCycle = "wbs_cycle",
    WrongColumnType = "wrong_column_type",
    WrongKind = "wrong_kind",
    WrongReferenceKind = "wrong_reference_kind",
    WrongType = "wrong_type",
    XmlSyntax = "xml_syntax",
    XmlTooDeep = "xml_too_deep",
    ZeroCapacity = "zero_capacity",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `bad_option`: an option is unknown, of the wrong type or out of range.
pub const BAD_OPTION: &str = Code::BadOption.as_str();
/// `internal`: a bug in stratops, never the input.
pub const INTERNAL: &str = Code::Internal.as_str();
/// `no_plans`: the document has no plan to work on.
pub const NO_PLANS: &str = Code::NoPlans.as_str();

/// The strings of every code, in order (what the faces expose).
pub fn all() -> Vec<&'static str> {
    Code::ALL.iter().map(|c| c.as_str()).collect()
}
