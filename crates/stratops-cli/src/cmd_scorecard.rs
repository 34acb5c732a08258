//! `stratops scorecard FILE --as-of DATE [--format json]`: KPI progress,
//! status and forecast, rolled up through the goals (DESIGN §5, §8).

use stratops::scorecard::{render_text, scorecard, ScorecardOptions};
use stratops::Date;

use crate::common::{self, CmdResult, Fmt, Out};

/// Parses an `--as-of` date, or fails with a usage error (exit 2).
pub fn parse_date(s: &str) -> Result<Date, common::Fail> {
    parse_date_flag("--as-of", s)
}

/// A date flag's value, or a usage error naming the flag.
pub fn parse_date_flag(flag: &str, s: &str) -> Result<Date, common::Fail> {
    s.parse::<Date>()
        .map_err(|e| common::usage(format!("stratops: {flag} {s:?}: {e}")))
}

pub fn run(path: &str, as_of: &str, format: Fmt) -> CmdResult {
    let as_of = parse_date(as_of)?;
    let model = common::load(path, format)?;
    let card = scorecard(&model, as_of, &ScorecardOptions::default())
        .map_err(|e| common::invalid(path, &e, format))?;
    match format {
        Fmt::Json => {
            let v = serde_json::to_value(&card).map_err(|e| {
                common::usage(format!("stratops: cannot serialise the scorecard: {e}"))
            })?;
            Ok(Out::json(&v))
        }
        Fmt::Text => Ok(Out::text(render_text(&card))),
    }
}
