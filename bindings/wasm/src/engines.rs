//! The analysis engines of a [`Plan`]: earned value, schedule health,
//! Monte Carlo simulation, resource leveling and usage, and baselines.
//! Each method converts its arguments, calls the core and returns the
//! core's result as JSON (see [`crate::engine`]).

use stratops::Model;
use wasm_bindgen::prelude::*;

use crate::error::{js_error, to_js};
use stratops::engines::options::{self, Opts};

use crate::{date_arg, engine, json_options, Plan};

#[wasm_bindgen]
impl Plan {
    /// Earned value and earned schedule as of the end of `statusDate`
    /// (`stratops evm --format json`): money as decimal strings, ratios as
    /// numbers or `null` where undefined. Options: `baseline` (0-10) and
    /// `eac_method` (`cpi`, `budget_rate`, `cpi_spi`, `bottom_up`).
    #[wasm_bindgen(js_name = earnedValue, unchecked_return_type = "EarnedValue")]
    pub fn earned_value(
        &self,
        #[wasm_bindgen(js_name = statusDate)] status_date: &str,
        #[wasm_bindgen(unchecked_param_type = "EvmOptions | null")] opts: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let status = date_arg(status_date, "statusDate")?;
        let o = options::earned_value(&json_options(opts)?).map_err(|e| to_js(&e))?;
        engine(stratops::evm::earned_value(self.model(), status, &o))
    }

    /// Schedule health: the DCMA 14-point assessment (`stratops health
    /// --format json`), of the plan as executed at `statusDate` when given,
    /// with the thresholds of `profile` (default `dcma`).
    #[wasm_bindgen(unchecked_return_type = "Health")]
    pub fn health(
        &self,
        #[wasm_bindgen(js_name = statusDate)] status_date: Option<String>,
        profile: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let status = status_date
            .map(|d| date_arg(&d, "statusDate"))
            .transpose()?;
        let o = stratops::health::HealthOptions {
            status_date: status,
            profile,
        };
        engine(stratops::health::health(self.model(), &o))
    }

    /// A seeded Monte Carlo simulation of schedule and cost risk
    /// (`stratops simulate --format json`; one thread in the browser: run
    /// it in a Web Worker to keep a page responsive). `onProgress(done,
    /// total)` is called every 64 iterations; returning `false` stops the
    /// run with the error `cancelled`.
    #[wasm_bindgen(unchecked_return_type = "Simulation")]
    pub fn simulate(
        &self,
        iterations: u32,
        seed: f64,
        #[wasm_bindgen(unchecked_param_type = "SimulateOptions | null")] opts: Option<JsValue>,
        #[wasm_bindgen(js_name = onProgress, unchecked_param_type = "((done: number, total: number) => boolean | void) | null")]
        on_progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let value = json_options(opts)?;
        let status_date = Opts::new(&value)
            .and_then(|o| {
                o.allow(&["status_date"])?;
                o.date("status_date")
            })
            .map_err(|e| to_js(&e))?;
        if !(seed.is_finite()
            && seed >= 0.0
            && seed.fract() == 0.0
            && seed <= 9_007_199_254_740_991.0)
        {
            return Err(js_error(
                stratops::error::codes::BAD_OPTION,
                "seed must be a whole number from 0 to 2^53 - 1",
                None,
                Some("seed"),
            ));
        }
        let o = stratops::simulate::SimOptions {
            iterations,
            seed: seed as u64,
            threads: Some(1),
            status_date,
        };
        #[cfg(target_arch = "wasm32")]
        {
            let hook = |done: u32, total: u32| {
                on_progress.as_ref().is_none_or(|f| {
                    f.call2(&JsValue::NULL, &JsValue::from(done), &JsValue::from(total))
                        .is_ok_and(|v| v.as_bool() != Some(false))
                })
            };
            engine(stratops::simulate::simulate_with(
                self.model(),
                &o,
                Some(&hook),
            ))
        }
        // Host builds (unit tests) have no JavaScript to call back.
        #[cfg(not(target_arch = "wasm32"))]
        {
            let _ = on_progress;
            engine(stratops::simulate::simulate(self.model(), &o))
        }
    }

    /// Resource leveling (`stratops level --format json`; see
    /// `docs/leveling.md`): tasks delayed, never shortened, until no
    /// resource is over-allocated. Options: `mode` (`standard`, the
    /// default, or `optimise`, the default for PSPLIB imports),
    /// `schedules` (the optimisation's budget, default 1,000), `seed`
    /// (default 1), `within_slack`, `status_date`. `onProgress(done,
    /// total)` is called between generations; returning `false` stops the
    /// run with the best schedule so far (`stopped: true`).
    #[wasm_bindgen(unchecked_return_type = "Leveling")]
    pub fn level(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LevelOptions | null")] opts: Option<JsValue>,
        #[wasm_bindgen(js_name = onProgress, unchecked_param_type = "((done: number, total: number) => boolean | void) | null")]
        on_progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let o = options::level(&json_options(opts)?).map_err(|e| to_js(&e))?;
        let hook = |done: u64, total: u64| {
            on_progress.as_ref().is_none_or(|f| {
                f.call2(
                    &JsValue::NULL,
                    &JsValue::from(done as f64),
                    &JsValue::from(total as f64),
                )
                .is_ok_and(|v| v.as_bool() != Some(false))
            })
        };
        engine(stratops::level::level_with(self.model(), &o, Some(&hook)))
    }

    /// Each resource's load per `period` (`day`, the default, or `week`)
    /// against its capacity, with the tasks causing each overload, of the
    /// plan as executed at `statusDate` when given (see
    /// `docs/leveling.md`).
    #[wasm_bindgen(js_name = resourceUsage, unchecked_return_type = "ResourceUsage")]
    pub fn resource_usage(
        &self,
        period: Option<String>,
        #[wasm_bindgen(js_name = statusDate)] status_date: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let o = stratops::level::UsageOptions {
            period: period
                .as_deref()
                .map(stratops::level::UsagePeriod::from_option)
                .transpose()
                .map_err(|e| to_js(&e))?,
            status_date: status_date
                .map(|d| date_arg(&d, "statusDate"))
                .transpose()?,
        };
        engine(stratops::level::resource_usage(self.model(), &o))
    }

    /// A new plan with baseline `number` (0-10) saved in every plan with
    /// tasks, on day `saved` (`YYYY-MM-DD`), scheduled at `statusDate` when
    /// given. This plan is not changed.
    #[wasm_bindgen(js_name = saveBaseline)]
    pub fn save_baseline(
        &self,
        number: i32,
        saved: &str,
        #[wasm_bindgen(js_name = statusDate)] status_date: Option<String>,
    ) -> Result<Plan, JsValue> {
        let saved = date_arg(saved, "saved")?;
        let status = status_date
            .map(|d| date_arg(&d, "statusDate"))
            .transpose()?;
        stratops::baseline::save_baseline(self.model(), i64::from(number), saved, status)
            .and_then(Model::new)
            .map(Plan::new)
            .map_err(|e| to_js(&e))
    }

    /// Start, finish, duration and cost variance against baseline `number`,
    /// the plans' finishes and the slipped tasks (forecast at `statusDate`
    /// when given): `stratops baseline variance --format json`.
    #[wasm_bindgen(js_name = baselineVariance, unchecked_return_type = "BaselineVariance")]
    pub fn baseline_variance(
        &self,
        number: i32,
        #[wasm_bindgen(js_name = statusDate)] status_date: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let status = status_date
            .map(|d| date_arg(&d, "statusDate"))
            .transpose()?;
        engine(stratops::baseline::variance(
            self.model(),
            i64::from(number),
            status,
        ))
    }
}
