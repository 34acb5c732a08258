//! The plan as executed: `stratops evm` and `stratops baseline save|variance`.

use std::fmt::Write;

use stratops::baseline::{save_baseline, variance};
use stratops::evm::{earned_value, EacMethod, EvmOptions};
use stratops::Date;

use crate::cmd_scorecard::parse_date_flag;
use crate::common::{self, CmdResult, Fmt, Out};

fn json_of<T: serde::Serialize>(v: &T, what: &str) -> Result<serde_json::Value, common::Fail> {
    serde_json::to_value(v)
        .map_err(|e| common::usage(format!("stratops: cannot serialise the {what}: {e}")))
}

fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

/// `stratops evm FILE --status-date D [--baseline N] [--eac-method M]`.
pub fn run_evm(
    path: &str,
    status_date: &str,
    baseline: Option<i64>,
    eac_method: Option<&str>,
    format: Fmt,
) -> CmdResult {
    let status_date = parse_date_flag("--status-date", status_date)?;
    let eac_method =
        EacMethod::from_option(eac_method).map_err(|e| common::usage(format!("stratops: {e}")))?;
    let model = common::load(path, format)?;
    let ev = earned_value(
        &model,
        status_date,
        &EvmOptions {
            baseline,
            eac_method,
        },
    )
    .map_err(|e| common::invalid(path, &e, format))?;
    match format {
        Fmt::Json => Ok(Out::json(&json_of(&ev, "earned value")?)),
        Fmt::Text => {
            let mut o = String::new();
            let c = &ev.currency;
            let _ = writeln!(o, "Earned value as of {} ({c})", ev.status_date);
            let m = |x: &stratops::Money| format!("{:.2}", x.0);
            let opt = |x: &Option<stratops::Money>| x.as_ref().map_or_else(|| "-".into(), m);
            let _ = writeln!(
                o,
                "  BAC {:>14}   PV {:>14}   EV {:>14}   AC {:>14}",
                m(&ev.bac),
                m(&ev.pv),
                m(&ev.ev),
                m(&ev.ac)
            );
            let _ = writeln!(
                o,
                "  SV  {:>14}   CV {:>14}   SPI {:>7}   CPI {:>7}",
                m(&ev.sv),
                m(&ev.cv),
                ratio(ev.spi),
                ratio(ev.cpi)
            );
            let _ = writeln!(
                o,
                "  EAC {:>14}   ETC {:>13}   VAC {:>13}   TCPI {:>6}",
                opt(&ev.eac),
                opt(&ev.etc),
                opt(&ev.vac),
                ratio(ev.tcpi)
            );
            let _ = writeln!(
                o,
                "  ES {:.2} d   AT {:.0} d   PD {:.0} d   SPI(t) {}   SV(t) {:.2} d   IEAC(t) {}",
                ev.es_days,
                ev.at_days,
                ev.pd_days,
                ratio(ev.spi_t),
                ev.sv_t_days,
                ev.ieac_t_days
                    .map_or_else(|| "-".into(), |d| format!("{d:.1} d"))
            );
            if !ev.by_goal.is_empty() {
                let _ = writeln!(o, "\nBy goal:");
                for g in &ev.by_goal {
                    let f = &g.figures;
                    let _ = writeln!(
                        o,
                        "  {:<24} BAC {:>12}  EV {:>12}  AC {:>12}  SPI {:>6}  CPI {:>6}",
                        g.goal,
                        m(&f.bac),
                        m(&f.ev),
                        m(&f.ac),
                        ratio(f.spi),
                        ratio(f.cpi)
                    );
                }
            }
            Ok(Out::text(o))
        }
    }
}

/// `stratops baseline save FILE [--number N] [--status-date D] [--saved D] [-o OUT]`.
pub fn run_save(
    path: &str,
    number: i64,
    status_date: Option<&str>,
    saved: Option<&str>,
    out: Option<&str>,
) -> CmdResult {
    let status_date = status_date
        .map(|d| parse_date_flag("--status-date", d))
        .transpose()?;
    let saved = match saved {
        Some(d) => parse_date_flag("--saved", d)?,
        // The CLI may read the clock (UTC); the core never does.
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let day = chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0)
                .map(|t| t.date_naive())
                .unwrap_or_default();
            Date(day)
        }
    };
    let model = common::load(path, Fmt::Text)?;
    let doc = save_baseline(&model, number, saved, status_date)
        .map_err(|e| common::invalid(path, &e, Fmt::Text))?;
    let mut text = doc.to_json();
    text.push('\n');
    let target = out.unwrap_or(path);
    std::fs::write(target, &text)
        .map_err(|e| common::usage(format!("stratops: cannot write {target}: {e}")))?;
    Ok(Out::text(format!(
        "baseline {number} saved in {target} ({saved})\n"
    )))
}

/// `stratops baseline variance FILE [--number N] [--status-date D]`.
pub fn run_variance(path: &str, number: i64, status_date: Option<&str>, format: Fmt) -> CmdResult {
    let status_date = status_date
        .map(|d| parse_date_flag("--status-date", d))
        .transpose()?;
    let model = common::load(path, format)?;
    let v = variance(&model, number, status_date).map_err(|e| common::invalid(path, &e, format))?;
    match format {
        Fmt::Json => Ok(Out::json(&json_of(&v, "variance")?)),
        Fmt::Text => {
            let mut o = String::new();
            let _ = writeln!(o, "Against baseline {}:", v.baseline);
            for p in &v.plans {
                let _ = writeln!(
                    o,
                    "  plan {}: baseline finish {}, forecast {}, {} working minutes late",
                    p.plan,
                    p.baseline_finish
                        .map_or_else(|| "-".into(), |d| d.to_string()),
                    p.forecast_finish
                        .map_or_else(|| "-".into(), |d| d.to_string()),
                    p.finish_variance_min.unwrap_or(0)
                );
            }
            let _ = writeln!(
                o,
                "Slipped tasks: {}",
                if v.slipped.is_empty() {
                    "none".into()
                } else {
                    v.slipped.join(", ")
                }
            );
            Ok(Out::text(o))
        }
    }
}

/// `stratops health FILE [--status-date D] [--profile NAME]`.
pub fn run_health(
    path: &str,
    status_date: Option<&str>,
    profile: Option<&str>,
    format: Fmt,
) -> CmdResult {
    let status_date = status_date
        .map(|d| parse_date_flag("--status-date", d))
        .transpose()?;
    let model = common::load(path, format)?;
    let opts = stratops::health::HealthOptions {
        status_date,
        profile: profile.map(str::to_string),
    };
    let h =
        stratops::health::health(&model, &opts).map_err(|e| common::invalid(path, &e, format))?;
    match format {
        Fmt::Json => Ok(Out::json(&json_of(&h, "health checks")?)),
        Fmt::Text => {
            let mut o = String::new();
            let _ = writeln!(
                o,
                "Schedule health ({}{}): {} passed, {} failed",
                h.profile,
                h.status_date
                    .map_or_else(String::new, |d| format!(", status date {d}")),
                h.passed,
                h.failed
            );
            for c in &h.checks {
                let verdict = match c.pass {
                    Some(true) => "pass",
                    Some(false) => "FAIL",
                    None => "-",
                };
                let value = c
                    .value
                    .map_or_else(|| "-".to_string(), |v| format!("{v:.2}"));
                let threshold = c
                    .threshold
                    .map_or_else(|| "-".to_string(), |v| format!("{} {v}", c.comparison));
                let _ = writeln!(
                    o,
                    "  {:>2} {:<20} {:>8} {:<10} {:<4} {}",
                    c.number,
                    c.name,
                    value,
                    threshold,
                    verdict,
                    c.note.as_deref().unwrap_or("")
                );
            }
            Ok(Out::text(o))
        }
    }
}

/// `stratops simulate FILE --iterations N --seed S [--threads T] [--status-date D]`.
/// A progress bar goes to stderr when it is a terminal (nothing when piped).
pub fn run_simulate(
    path: &str,
    iterations: u32,
    seed: u64,
    threads: Option<usize>,
    status_date: Option<&str>,
    format: Fmt,
) -> CmdResult {
    use std::io::{IsTerminal, Write as _};
    let status_date = status_date
        .map(|d| parse_date_flag("--status-date", d))
        .transpose()?;
    let model = common::load(path, format)?;
    let opts = stratops::simulate::SimOptions {
        iterations,
        seed,
        threads,
        status_date,
    };
    let tty = std::io::stderr().is_terminal();
    let last = std::sync::atomic::AtomicU32::new(0);
    let bar = |done: u32, total: u32| {
        let pct = (u64::from(done) * 100 / u64::from(total.max(1))) as u32;
        if last.swap(pct, std::sync::atomic::Ordering::Relaxed) != pct {
            let filled = (pct / 5) as usize;
            let mut e = std::io::stderr();
            let _ = write!(
                e,
                "\r[{}{}] {pct:>3}% {done}/{total}",
                "#".repeat(filled),
                " ".repeat(20 - filled)
            );
            let _ = e.flush();
        }
        true
    };
    let progress: Option<stratops::simulate::Progress<'_>> = if tty { Some(&bar) } else { None };
    let r = stratops::simulate::simulate_with(&model, &opts, progress);
    if tty {
        eprintln!();
    }
    let r = r.map_err(|e| common::invalid(path, &e, format))?;
    match format {
        Fmt::Json => Ok(Out::json(&json_of(&r, "simulation")?)),
        Fmt::Text => {
            let mut o = String::new();
            let d = &r.duration_days;
            let _ = writeln!(
                o,
                "{} iterations, seed {}: planned finish {}",
                r.iterations, r.seed, r.planned_finish
            );
            let _ = writeln!(o, "  duration (working days): P10 {:.1}  P50 {:.1}  P80 {:.1}  P90 {:.1}  mean {:.1}  sd {:.1}", d.p10, d.p50, d.p80, d.p90, d.mean, d.std);
            let _ = writeln!(
                o,
                "  finish: P50 {}  P80 {}  P90 {}",
                r.finish.p50, r.finish.p80, r.finish.p90
            );
            let _ = writeln!(
                o,
                "  cost: P50 {}  P80 {}  mean {}",
                r.cost.p50, r.cost.p80, r.cost.mean
            );
            for g in &r.goals {
                let _ = writeln!(
                    o,
                    "  goal {} by {}: {:.0}%",
                    g.id,
                    g.due,
                    g.probability * 100.0
                );
            }
            if !r.tornado.is_empty() {
                let _ = writeln!(o, "  drivers: {}", r.tornado.join(", "));
            }
            Ok(Out::text(o))
        }
    }
}
