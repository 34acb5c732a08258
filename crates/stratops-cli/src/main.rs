//! The `stratops` command line.
//!
//! Every verb reads a `stratops/1` JSON file and prints either a human view
//! or, with `--format json`, one JSON object on stdout. Exit codes: 0 on
//! success, 1 when the input is invalid (diagnostics as JSON on stdout, a
//! one-line summary on stderr), 2 on a usage error.

mod cmd_align;
mod cmd_budget;
mod cmd_execution;
mod cmd_interop;
mod cmd_level;
mod cmd_report;
mod cmd_risks;
mod cmd_schedule;
mod cmd_scorecard;
mod common;

use std::process::ExitCode;

/// The engines make many small allocations (ids, result rows); mimalloc
/// serves them markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

use common::{Fmt, Out};

/// Strategy and work plans in one model.
#[derive(Parser)]
#[command(name = "stratops", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum BaselineCmd {
    /// Save baseline N (0-10) of every plan into the file.
    Save {
        /// The stratops/1 JSON file.
        file: String,
        /// The baseline number, 0-10.
        #[arg(long, default_value_t = 0)]
        number: i64,
        /// Save the schedule as executed at this status date.
        #[arg(long)]
        status_date: Option<String>,
        /// The day it is saved (default: today).
        #[arg(long)]
        saved: Option<String>,
        /// Write to this file instead of rewriting FILE.
        #[arg(short = 'o', long = "output")]
        out: Option<String>,
    },
    /// Start, finish, duration and cost variance against baseline N, and the slipped tasks.
    Variance {
        /// The stratops/1 JSON file.
        file: String,
        /// The baseline number, 0-10.
        #[arg(long, default_value_t = 0)]
        number: i64,
        /// Forecast the plan at this status date.
        #[arg(long)]
        status_date: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
    },
}

#[derive(Subcommand)]
enum Cmd {
    /// Check a document and list every diagnostic.
    Validate {
        /// The stratops/1 JSON file.
        file: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
    },
    /// Compute early and late dates, float and the critical path(s).
    Schedule {
        /// The stratops/1 JSON file.
        file: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
        /// Honor SNLT/FNLT constraints over links (default: the document's setting).
        #[arg(long)]
        honor_constraints: Option<bool>,
        /// Schedule the plan as executed at this status date, YYYY-MM-DD
        /// (the end of that day).
        #[arg(long)]
        status_date: Option<String>,
        /// With a status date: how tasks started out of sequence are scheduled.
        #[arg(long, value_parser = ["retained_logic", "progress_override"])]
        out_of_sequence: Option<String>,
    },
    /// Import a foreign file: `stratops import mspdi FILE.xml [-o OUT.json]`.
    Import(cmd_interop::InteropArgs),
    /// Export to a foreign format: `stratops export mspdi FILE.json [-o OUT.xml]`.
    Export(cmd_interop::InteropArgs),
    /// Compute the budget: totals by category, task, plan, goal, period; contingency; variance.
    Budget {
        /// The stratops/1 JSON file.
        file: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
        /// The breakdown shown as text (JSON always has every breakdown).
        #[arg(long, value_enum, default_value_t = cmd_budget::By::Category)]
        by: cmd_budget::By,
        /// Print exact amounts instead of rounding to the currency's minor unit.
        #[arg(long)]
        exact: bool,
        /// Phase every line over its plan's horizon instead of the schedule.
        #[arg(long)]
        no_schedule: bool,
        /// Explain the figures of an id (a line, task, plan, goal, category, period, "total").
        #[arg(long)]
        explain: Option<String>,
    },
    /// Print the JSON Schema of the stratops/1 format.
    Schema,
    /// Re-save a document in canonical form (to stdout, or in place with --write).
    Fmt {
        /// The stratops/1 JSON file.
        file: String,
        /// Rewrite the file instead of printing.
        #[arg(long)]
        write: bool,
    },
    /// Progress report as of a date: KPIs, milestones, overdue tasks, critical path, budget, risks, challenges.
    Report {
        /// The stratops/1 JSON file.
        file: String,
        /// The status date, YYYY-MM-DD.
        #[arg(long)]
        as_of: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = cmd_report::ReportFmt::Md)]
        format: cmd_report::ReportFmt,
        /// Write to this file instead of stdout.
        #[arg(short = 'o', long = "output")]
        out: Option<String>,
    },
    /// Reminders as of a date: due soon, overdue, stale KPIs, milestones reached, risk triggers.
    Remind {
        /// The stratops/1 JSON file.
        file: String,
        /// The status date, YYYY-MM-DD.
        #[arg(long)]
        as_of: String,
        /// How far ahead to look: 14d, 2w or 14 (days).
        #[arg(long, default_value = "14d")]
        within: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
    },
    /// Compare two versions of a document: entities added, removed, changed, and the consequences.
    Diff {
        /// The old stratops/1 JSON file.
        old: String,
        /// The new stratops/1 JSON file.
        new: String,
        /// Compare the goals' status as of this date.
        #[arg(long)]
        as_of: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
    },
    /// KPI progress, status and forecast, rolled up through the goals.
    Scorecard {
        /// The stratops/1 JSON file.
        file: String,
        /// The date to compute the scorecard as of (YYYY-MM-DD).
        #[arg(long)]
        as_of: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
    },
    /// The drift between operations and strategy.
    Align {
        /// The stratops/1 JSON file.
        file: String,
        /// Check KPI staleness as of this date (YYYY-MM-DD).
        #[arg(long)]
        as_of: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
    },
    /// Earned value and earned schedule as of a status date.
    Evm {
        /// The stratops/1 JSON file.
        file: String,
        /// The status date, YYYY-MM-DD (the end of that day).
        #[arg(long)]
        status_date: String,
        /// The baseline to measure against (0-10; default 0 where a plan has it).
        #[arg(long)]
        baseline: Option<i64>,
        /// How EAC is forecast: cpi (default), budget_rate, cpi_spi or bottom_up.
        #[arg(long)]
        eac_method: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
    },
    /// Monte Carlo schedule and cost risk: percentiles, criticality, goal odds.
    Simulate {
        /// The stratops/1 JSON file.
        file: String,
        /// How many iterations (1 to 10,000,000).
        #[arg(long)]
        iterations: u32,
        /// The seed: the same seed gives the same result on any thread count.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Threads (default: every core).
        #[arg(long)]
        threads: Option<usize>,
        /// Simulate the plan as executed at this status date.
        #[arg(long)]
        status_date: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
    },
    /// Resource leveling: over-allocations resolved by delaying tasks.
    Level {
        /// The stratops/1 JSON file (or a PSPLIB import).
        file: String,
        /// The budget of generated schedules for `optimise` (1 to 10,000,000; default 1,000).
        #[arg(long)]
        schedules: Option<u64>,
        /// The seed of the optimisation (default 1): the same seed, the same schedule.
        #[arg(long)]
        seed: Option<u64>,
        /// standard (MS Project's order, one pass) or optimise (shortest finish);
        /// default optimise for PSPLIB imports, else standard.
        #[arg(long)]
        mode: Option<String>,
        /// (standard) Delay tasks only within their total slack.
        #[arg(long)]
        within_slack: bool,
        /// Level the plan as executed at this status date, YYYY-MM-DD.
        #[arg(long)]
        status_date: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
    },
    /// Schedule health: the DCMA 14-point assessment.
    Health {
        /// The stratops/1 JSON file.
        file: String,
        /// Assess the plan as executed at this status date, YYYY-MM-DD.
        #[arg(long)]
        status_date: Option<String>,
        /// The thresholds' profile (default dcma).
        #[arg(long)]
        profile: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
    },
    /// Save a baseline, or compare the plan with one.
    #[command(subcommand)]
    Baseline(BaselineCmd),
    /// The risk register scored, top risks by exposure first.
    Risks {
        /// The stratops/1 JSON file.
        file: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Fmt::Text)]
        format: Fmt,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let out = match cli.cmd {
        Cmd::Validate { file, format } => common::validate(&file, format),
        Cmd::Schedule {
            file,
            format,
            honor_constraints,
            status_date,
            out_of_sequence,
        } => cmd_schedule::run(
            &file,
            format,
            honor_constraints,
            status_date.as_deref(),
            out_of_sequence.as_deref(),
        ),
        Cmd::Import(a) => cmd_interop::import(&a),
        Cmd::Export(a) => cmd_interop::export(&a),
        Cmd::Budget {
            file,
            format,
            by,
            exact,
            no_schedule,
            explain,
        } => cmd_budget::run(&file, format, by, exact, no_schedule, explain.as_deref()),
        Cmd::Schema => Ok(Out::text(stratops::json_schema())),
        Cmd::Fmt { file, write } => common::fmt(&file, write),
        Cmd::Report {
            file,
            as_of,
            format,
            out,
        } => cmd_report::run_report(&file, &as_of, format, out.as_deref()),
        Cmd::Remind {
            file,
            as_of,
            within,
            format,
        } => cmd_report::run_remind(&file, &as_of, &within, format),
        Cmd::Diff {
            old,
            new,
            as_of,
            format,
        } => cmd_report::run_diff(&old, &new, as_of.as_deref(), format),
        Cmd::Scorecard {
            file,
            as_of,
            format,
        } => cmd_scorecard::run(&file, &as_of, format),
        Cmd::Align {
            file,
            as_of,
            format,
        } => cmd_align::run(&file, as_of.as_deref(), format),
        Cmd::Risks { file, format } => cmd_risks::run(&file, format),
        Cmd::Evm {
            file,
            status_date,
            baseline,
            eac_method,
            format,
        } => cmd_execution::run_evm(&file, &status_date, baseline, eac_method.as_deref(), format),
        Cmd::Simulate {
            file,
            iterations,
            seed,
            threads,
            status_date,
            format,
        } => cmd_execution::run_simulate(
            &file,
            iterations,
            seed,
            threads,
            status_date.as_deref(),
            format,
        ),
        Cmd::Level {
            file,
            schedules,
            seed,
            mode,
            within_slack,
            status_date,
            format,
        } => cmd_level::run_level(&cmd_level::LevelArgs {
            path: &file,
            schedules,
            seed,
            mode: mode.as_deref(),
            within_slack,
            status_date: status_date.as_deref(),
            format,
        }),
        Cmd::Health {
            file,
            status_date,
            profile,
            format,
        } => cmd_execution::run_health(&file, status_date.as_deref(), profile.as_deref(), format),
        Cmd::Baseline(BaselineCmd::Save {
            file,
            number,
            status_date,
            saved,
            out,
        }) => cmd_execution::run_save(
            &file,
            number,
            status_date.as_deref(),
            saved.as_deref(),
            out.as_deref(),
        ),
        Cmd::Baseline(BaselineCmd::Variance {
            file,
            number,
            status_date,
            format,
        }) => cmd_execution::run_variance(&file, number, status_date.as_deref(), format),
    };
    common::finish(out)
}
