//! The reports of a [`Plan`]: the progress report, reminders, the diff
//! of two versions, the KPI scorecard, alignment, the risk register and
//! the explanation of an entity's numbers.

use stratops::scorecard::ScorecardOptions;
use stratops::Date;
use wasm_bindgen::prelude::*;

use crate::convert::to_js_value;
use crate::error::to_js;
use crate::{date_arg, engine, json_options, Plan};
use stratops::engines::options::{Opts, ReportFormat};

#[wasm_bindgen]
impl Plan {
    /// The progress report as of a date (`YYYY-MM-DD`), like `stratops
    /// report --format json|md|html`: with `format` `"json"` (the default)
    /// a `Report` object; with `"md"` or `"html"` the Markdown text or the
    /// self-contained HTML page, as strings. Its TypeScript overloads are
    /// declared in `types.d.ts` (an interface merged into the class), so
    /// `report(d)` is typed `Report` and `report(d, "md")` `string`.
    #[wasm_bindgen(skip_typescript)]
    pub fn report(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
        format: Option<String>,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let value = json_options(Some(options))?;
        let (opts, _) = Opts::new(&value)
            .and_then(|o| {
                o.allow(&["lookahead_days", "top_risks"])?;
                stratops::engines::options::report_fields(&o)
            })
            .map_err(|e| to_js(&e))?;
        let as_of = date_arg(as_of, "asOf")?;
        let fmt = ReportFormat::from_option(format.as_deref().unwrap_or("json"))
            .map_err(|e| to_js(&e))?;
        let r = stratops::report::report(self.model(), as_of, &opts).map_err(|e| to_js(&e))?;
        match fmt {
            ReportFormat::Markdown => Ok(JsValue::from_str(&stratops::report::render_markdown(&r))),
            ReportFormat::Html => Ok(JsValue::from_str(&stratops::report::render_html(&r))),
            ReportFormat::Json => to_js_value(&r),
        }
    }

    /// Reminders as of a date: tasks overdue or due within `withinDays`
    /// calendar days (default 14), stale KPIs, milestones reached, risk
    /// triggers passed, each with its owner; like `stratops remind --format
    /// json`.
    #[wasm_bindgen(unchecked_return_type = "Reminders")]
    pub fn remind(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
        #[wasm_bindgen(js_name = withinDays)] within_days: Option<i32>,
    ) -> Result<JsValue, JsValue> {
        let as_of = date_arg(as_of, "asOf")?;
        let days = i64::from(within_days.unwrap_or(14));
        let events = stratops::report::remind(self.model(), as_of, days).map_err(|e| to_js(&e))?;
        #[derive(serde::Serialize)]
        struct Reminders {
            as_of: Date,
            within_days: i64,
            events: Vec<stratops::report::Event>,
        }
        to_js_value(&Reminders {
            as_of,
            within_days: days,
            events,
        })
    }

    /// What changed from this plan (the old version) to `other` (the new
    /// one), and the consequences: the project finish and critical path
    /// before and after, the budget delta, and goal status changes when
    /// `asOf` is given. Like `stratops diff OLD NEW --format json`.
    #[wasm_bindgen(unchecked_return_type = "PlanDiff")]
    pub fn diff(
        &self,
        other: &Plan,
        #[wasm_bindgen(js_name = asOf)] as_of: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let as_of = match as_of {
            Some(d) => Some(date_arg(&d, "asOf")?),
            None => None,
        };
        engine(stratops::report::diff(self.model(), other.model(), as_of))
    }

    /// The KPI scorecard as of a date (`YYYY-MM-DD`): KPI progress and
    /// status, forecasts, and the goal rollup.
    #[wasm_bindgen(unchecked_return_type = "Scorecard")]
    pub fn scorecard(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
    ) -> Result<JsValue, JsValue> {
        let as_of = date_arg(as_of, "asOf")?;
        engine(stratops::scorecard::scorecard(
            self.model(),
            as_of,
            &ScorecardOptions::default(),
        ))
    }

    /// The alignment report: work and money that support no goal, goals
    /// without KPIs or work, RACI and SMART failures, and the share of hours
    /// and budget aligned to strategy. Stale KPIs are listed only when
    /// `asOf` is given.
    #[wasm_bindgen(unchecked_return_type = "AlignmentReport")]
    pub fn alignment(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let as_of = match as_of {
            Some(d) => Some(date_arg(&d, "asOf")?),
            None => None,
        };
        engine(stratops::align::align(self.model(), as_of))
    }

    /// The scored risk register, top risks by exposure first.
    #[wasm_bindgen(unchecked_return_type = "RiskRegister")]
    pub fn risks(&self) -> Result<JsValue, JsValue> {
        engine(stratops::risk::risk_register(self.model()))
    }

    /// How the numbers of an entity were computed. A cost line, plan,
    /// resource or budget category explains its budget figures (`24 h ×
    /// 120.00 USD/h ...`); a task explains its
    /// early start and total float; a risk its exposure; a KPI or goal its
    /// progress as of `asOf`, which is then required (`as_of_required`).
    #[wasm_bindgen(unchecked_return_type = "Explanation[]")]
    pub fn explain(
        &mut self,
        id: &str,
        #[wasm_bindgen(js_name = asOf)] as_of: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let as_of = as_of.map(|d| date_arg(&d, "asOf")).transpose()?;
        // the default schedule, cached until the next edit
        self.default_schedule().map_err(|e| to_js(&e))?;
        let e = stratops::explain::explain_id(self.model(), id, as_of, self.cached_schedule())
            .map_err(|e| to_js(&e))?;
        to_js_value(&e)
    }
}
