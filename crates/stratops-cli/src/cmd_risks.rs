//! `stratops risks FILE [--format json]`: the scored risk register, top
//! risks by exposure first.

use std::fmt::Write;

use stratops::risk::risk_register;

use crate::common::{self, CmdResult, Fmt, Out};

pub fn run(path: &str, format: Fmt) -> CmdResult {
    let model = common::load(path, format)?;
    let reg = risk_register(&model).map_err(|e| common::invalid(path, &e, format))?;
    match format {
        Fmt::Json => {
            let v = serde_json::to_value(&reg).map_err(|e| {
                common::usage(format!("stratops: cannot serialise the register: {e}"))
            })?;
            Ok(Out::json(&v))
        }
        Fmt::Text => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "Risks by exposure ({}; total expected {} {}):",
                reg.risks.len(),
                reg.total_exposure_money,
                reg.currency
            );
            let _ = writeln!(
                out,
                "  {:<24} {:>5} {:>5} {:<8} {:>14} {:>8}  owner",
                "id", "prob", "score", "band", "exposure", "days"
            );
            for id in &reg.top {
                let Some(r) = reg.risks.iter().find(|r| &r.id == id) else {
                    continue;
                };
                let dash = || "-".to_string();
                let _ = writeln!(
                    out,
                    "  {:<24} {:>5} {:>5} {:<8} {:>14} {:>8}  {}",
                    r.id,
                    r.probability.map_or_else(dash, |p| format!("{p:.2}")),
                    r.score.map_or_else(dash, |s| s.to_string()),
                    r.band
                        .map_or_else(dash, |b| format!("{b:?}").to_lowercase()),
                    r.exposure_money
                        .map_or_else(dash, |m| format!("{:.2}", m.amount())),
                    r.exposure_days.map_or_else(dash, |d| format!("{d:.1}")),
                    r.owner.as_deref().unwrap_or("-")
                );
            }
            Ok(Out::text(out))
        }
    }
}
