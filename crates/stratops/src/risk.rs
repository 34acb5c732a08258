//! Risk register scoring: probability, a 1–5 likelihood × 1–5 impact score
//! with bands, exposure in money and in days, and the top risks by exposure.
//!
//! # Decisions
//!
//! - **Probability** is the risk's `probability` when given. Otherwise it
//!   comes from the 1–5 `likelihood` at the middle of five equal bands:
//!   1 → 0.1, 2 → 0.3, 3 → 0.5, 4 → 0.7, 5 → 0.9.
//! - **Likelihood** is the risk's `likelihood` when given. Otherwise it comes
//!   from `probability` by the same bands: p ≤ 0.2 → 1, ≤ 0.4 → 2, ≤ 0.6 → 3,
//!   ≤ 0.8 → 4, else 5.
//! - **Score** = likelihood × impact score (both 1–5, so 1–25), with the
//!   usual 5×5 matrix bands: 1–4 `low`, 5–9 `medium`, 10–16 `high`,
//!   17–25 `critical`. Without an impact score there is no score and no band.
//! - **Money exposure** = probability × cost impact, exact: the probability
//!   is taken as the shortest decimal that reads back as the same `f64`
//!   (0.1 is exactly 0.1), so 0.1 × 2400.00 = 240.000 exactly.
//! - **Days exposure** = probability × delay, the delay in days: working
//!   units at the document's `minutes_per_day`, elapsed units at 24 h a day.
//! - **Top risks** are ordered by money exposure (largest first), then days
//!   exposure, then score, then id, so ties are broken deterministically.
//!   A risk with no money exposure sorts after every risk with one.
//!
//! # Example
//! ```
//! use stratops::{Model, risk::{risk_register, Band}};
//! let model = Model::from_json(r#"{"format": "stratops/1", "plans": [{
//!   "id": "p", "kind": "project", "name": "P",
//!   "horizon": {"start": "2025-01-01", "end": "2025-06-30"},
//!   "risks": [{"id": "r1", "description": "Vendor late", "likelihood": 4,
//!              "impact": {"cost": "1000.00", "delay": "5d", "score": 4}}]}]}"#)?;
//! let reg = risk_register(&model)?;
//! let r = &reg.risks[0];
//! assert_eq!(r.probability, Some(0.7));
//! assert_eq!(r.score, Some(16));
//! assert_eq!(r.band, Some(Band::High));
//! assert_eq!(r.exposure_money.unwrap().to_string(), "700.000"); // exact
//! assert!((r.exposure_days.unwrap() - 3.5).abs() < 1e-12);
//! # Ok::<(), stratops::Error>(())
//! ```

use std::cmp::Ordering;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::explain::Explanation;
use crate::model::{Risk, RiskCategory, RiskResponse};
use crate::values::Money;
use crate::{Error, Model};

/// A risk's band on the 5×5 matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// Score 1–4.
    Low,
    /// Score 5–9.
    Medium,
    /// Score 10–16.
    High,
    /// Score 17–25.
    Critical,
}

impl Band {
    /// The band of a 1–25 score.
    pub fn of(score: u8) -> Band {
        match score {
            0..=4 => Band::Low,
            5..=9 => Band::Medium,
            10..=16 => Band::High,
            _ => Band::Critical,
        }
    }
}

/// The probability a 1–5 likelihood stands for.
pub fn likelihood_probability(l: u8) -> Option<f64> {
    match l {
        1 => Some(0.1),
        2 => Some(0.3),
        3 => Some(0.5),
        4 => Some(0.7),
        5 => Some(0.9),
        _ => None,
    }
}

/// The 1–5 likelihood of a probability.
pub fn probability_likelihood(p: f64) -> u8 {
    if p <= 0.2 {
        1
    } else if p <= 0.4 {
        2
    } else if p <= 0.6 {
        3
    } else if p <= 0.8 {
        4
    } else {
        5
    }
}

/// One scored risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskScore {
    /// The risk id.
    pub id: String,
    /// The plan holding it.
    pub plan: String,
    /// Its category.
    pub category: RiskCategory,
    /// What could go wrong.
    pub description: String,
    /// Who watches it.
    pub owner: Option<String>,
    /// The response.
    pub response: Option<RiskResponse>,
    /// Probability 0–1 (given, or from the likelihood).
    pub probability: Option<f64>,
    /// Likelihood 1–5 (given, or from the probability).
    pub likelihood: Option<u8>,
    /// Impact score 1–5.
    pub impact_score: Option<u8>,
    /// likelihood × impact score.
    pub score: Option<u8>,
    /// The score's band.
    pub band: Option<Band>,
    /// probability × cost impact.
    pub exposure_money: Option<Money>,
    /// probability × delay, in days.
    pub exposure_days: Option<f64>,
    /// How the figures were computed.
    pub explanation: Explanation,
}

/// The scored register.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskRegister {
    /// The document currency of the money figures.
    pub currency: String,
    /// Every risk, in document order.
    pub risks: Vec<RiskScore>,
    /// Risk ids by exposure, largest first (see the module docs for ties).
    pub top: Vec<String>,
    /// Σ money exposure (the expected monetary value of the register).
    pub total_exposure_money: Money,
}

/// The probability as a decimal: the shortest decimal that reads back as
/// the same `f64`, or, for the rare value needing more than 28 digits (such
/// as 1e-30), the value rounded to 20 decimal places.
/// Reads an `f64` probability exactly as its shortest decimal form (`0.15`
/// is exactly 0.15); a value with no exact 28-digit form, such as `1e-300`,
/// is rounded to 20 decimal places. `None` for NaN or infinity. The budget's
/// contingency and the risk register both read probabilities through it.
pub fn probability_decimal(p: f64) -> Option<Decimal> {
    Decimal::from_str_exact(&p.to_string())
        .or_else(|_| Decimal::from_str_exact(&format!("{p:.20}")).map(|d| d.normalize()))
        .ok()
}

fn delay_days(model: &Model, r: &Risk) -> Option<f64> {
    let d = r.impact.delay?;
    let s = model.document().settings.scale();
    let per_day = if d.elapsed { 1440 } else { s.minutes_per_day };
    let mins = d.minutes(s)?;
    if per_day <= 0 {
        return None;
    }
    Some(mins as f64 / per_day as f64)
}

fn score(model: &Model, r: &Risk, plan: &str) -> Result<RiskScore, Error> {
    let probability = r
        .probability
        .filter(|p| p.is_finite())
        .or_else(|| r.likelihood.and_then(likelihood_probability));
    let likelihood = r
        .likelihood
        .filter(|l| (1..=5).contains(l))
        .or_else(|| probability.map(probability_likelihood));
    let impact_score = r.impact.score.filter(|s| (1..=5).contains(s));
    let score = match (likelihood, impact_score) {
        (Some(l), Some(i)) => Some(l * i),
        _ => None,
    };
    let exposure_money = match (probability, r.impact.cost) {
        (Some(p), Some(c)) => {
            let pd = probability_decimal(p).ok_or_else(|| {
                Error::calc("overflow", Some(&r.id), "probability has no exact decimal")
            })?;
            Some(Money(pd.checked_mul(c.0).ok_or_else(|| {
                Error::calc("overflow", Some(&r.id), "probability × cost overflows")
            })?))
        }
        _ => None,
    };
    let exposure_days = match (probability, delay_days(model, r)) {
        (Some(p), Some(d)) => Some(p * d).filter(|x| x.is_finite()),
        _ => None,
    };
    let show = |x: Option<String>| x.unwrap_or_else(|| "none".into());
    let explanation = Explanation::new(
        &r.id,
        "exposure",
        "probability × cost impact; probability × delay (days); likelihood × impact score",
        show(exposure_money.map(|m| m.to_string())),
    )
    .input(
        "probability",
        show(probability.map(|p| p.to_string())),
        Some(if r.probability.is_some() {
            "probability"
        } else {
            "likelihood"
        }),
    )
    .input("likelihood", show(likelihood.map(|l| l.to_string())), None)
    .input(
        "impact.cost",
        show(r.impact.cost.map(|c| c.to_string())),
        None,
    )
    .input(
        "impact.delay",
        show(r.impact.delay.map(|d| d.to_string())),
        None,
    )
    .input(
        "impact.score",
        show(impact_score.map(|s| s.to_string())),
        None,
    );
    Ok(RiskScore {
        id: r.id.clone(),
        plan: plan.to_string(),
        category: r.category,
        description: r.description.clone(),
        owner: r.owner.clone(),
        response: r.response,
        probability,
        likelihood,
        impact_score,
        score,
        band: score.map(Band::of),
        exposure_money,
        exposure_days,
        explanation,
    })
}

/// Scores every risk of the document.
///
/// Errors: `overflow` when probability × cost or the total overflows.
pub fn risk_register(model: &Model) -> Result<RiskRegister, Error> {
    let doc = model.document();
    let mut risks = Vec::with_capacity(model.index().risks.len());
    for (d, &(p, _)) in model.index().risks.iter().enumerate() {
        risks.push(score(
            model,
            model.risk(d as u32),
            &doc.plans[p as usize].id,
        )?);
    }
    let mut total = Decimal::ZERO;
    for r in &risks {
        if let Some(m) = r.exposure_money {
            total = total
                .checked_add(m.0)
                .ok_or_else(|| Error::calc("overflow", Some(&r.id), "total exposure overflows"))?;
        }
    }
    let mut order: Vec<&RiskScore> = risks.iter().collect();
    crate::sort::by(&mut order, |a, b| {
        // Some(x) before None, larger first
        let money = match (a.exposure_money, b.exposure_money) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let days = b
            .exposure_days
            .unwrap_or(-1.0)
            .total_cmp(&a.exposure_days.unwrap_or(-1.0));
        money
            .then(days)
            .then(b.score.cmp(&a.score))
            .then(a.id.cmp(&b.id))
    });
    let top = order.iter().map(|r| r.id.clone()).collect();
    Ok(RiskRegister {
        currency: doc.currency().to_string(),
        risks,
        top,
        total_exposure_money: Money(total),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_and_mappings() {
        assert_eq!(Band::of(4), Band::Low);
        assert_eq!(Band::of(5), Band::Medium);
        assert_eq!(Band::of(9), Band::Medium);
        assert_eq!(Band::of(10), Band::High);
        assert_eq!(Band::of(16), Band::High);
        assert_eq!(Band::of(20), Band::Critical);
        for l in 1..=5u8 {
            // the mapping and its inverse agree
            let p = likelihood_probability(l).unwrap();
            assert_eq!(probability_likelihood(p), l);
        }
        assert_eq!(likelihood_probability(0), None);
        assert_eq!(probability_decimal(0.1).unwrap().to_string(), "0.1");
        // too many digits for an exact decimal: rounded to 20 places
        assert_eq!(probability_decimal(1e-30).unwrap(), Decimal::ZERO);
        assert_eq!(probability_decimal(1e-7).unwrap().to_string(), "0.0000001");
    }

    #[test]
    fn endpoint_security_register() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/plans/endpoint-security.json"
        );
        let m = Model::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
        let reg = risk_register(&m).unwrap();
        let get = |id: &str| reg.risks.iter().find(|r| r.id == id).unwrap();
        // r-key-person: p 0.1 × 2400.00 = 240.000; likelihood 1 × impact 4 = 4 low;
        // 0.1 × 10 working days = 1 day.
        let k = get("r-key-person");
        assert_eq!(k.exposure_money.unwrap().to_string(), "240.000");
        assert_eq!((k.score, k.band), (Some(4), Some(Band::Low)));
        assert!((k.exposure_days.unwrap() - 1.0).abs() < 1e-12);
        // r-os-updates: 0.4 × 1200.00 = 480.000; 3 × 3 = 9 medium.
        assert_eq!(
            get("r-os-updates").exposure_money.unwrap().to_string(),
            "480.000"
        );
        assert_eq!(get("r-os-updates").band, Some(Band::Medium));
        // r-training-vendor: 0.3 × 1500.00 = 450.000; 2 × 4 = 8 medium; 0.3 × 15 = 4.5 days.
        assert_eq!(
            get("r-training-vendor").exposure_money.unwrap().to_string(),
            "450.000"
        );
        // r-first-try: 0.5 × 1000.00 = 500.000; 3 × 2 = 6 medium.
        assert_eq!(
            get("r-first-try").exposure_money.unwrap().to_string(),
            "500.000"
        );
        // order: 500 > 480 > 450 > 240
        assert_eq!(
            reg.top,
            [
                "r-first-try",
                "r-os-updates",
                "r-training-vendor",
                "r-key-person"
            ]
        );
        // total = 240 + 480 + 450 + 500 = 1670
        assert_eq!(reg.total_exposure_money.0, Decimal::from(1670));
    }

    #[test]
    fn ties_break_by_id_and_missing_figures_sort_last() {
        let m = Model::from_json(
            r#"{"format": "stratops/1", "plans": [{
          "id": "p", "kind": "project", "name": "P",
          "horizon": {"start": "2025-01-01", "end": "2025-06-30"},
          "risks": [
            {"id": "z", "description": "Z", "probability": 0.5, "impact": {"cost": "100"}},
            {"id": "none", "description": "no figures"},
            {"id": "a", "description": "A", "probability": 0.25, "impact": {"cost": "200", "delay": "2ed"}},
            {"id": "d", "description": "days only", "probability": 0.5, "impact": {"delay": "4d"}}]}]}"#,
        )
        .unwrap();
        let reg = risk_register(&m).unwrap();
        // a and z both expose 50; z has no days (sorts after a's 0.5 days).
        assert_eq!(reg.top, ["a", "z", "d", "none"]);
        let n = &reg.risks[1];
        assert_eq!(
            (n.probability, n.score, n.exposure_money),
            (None, None, None)
        );
        // 0.5 × 4 working days = 2 days
        assert_eq!(reg.risks[3].exposure_days, Some(2.0));
        // 0.25 × 2 elapsed days = 0.5
        assert_eq!(reg.risks[2].exposure_days, Some(0.5));
    }
}
