//! The document's settings and each plan's own fields.

use super::ids::check_ref;
use super::{check_currency, Ctx};
use crate::calendar::parse_clock;
use crate::currency;
use crate::error::Severity;
use crate::index::{EntityKind, Index};
use crate::model::{Document, Plan, PlanKind};

/// The settings (`bad_setting`), the default calendar and the currency.
pub(super) fn check_settings(cx: &mut Ctx, ix: &Index, doc: &Document) {
    let s = &doc.settings;
    if s.minutes_per_day <= 0 || s.minutes_per_day > 1440 {
        cx.push(
            Severity::Error,
            "bad_setting",
            None,
            "settings.minutes_per_day".into(),
            "minutes_per_day must be within 1..=1440".into(),
            vec![],
        );
    }
    if s.minutes_per_week <= 0 || s.minutes_per_week > 10080 {
        cx.push(
            Severity::Error,
            "bad_setting",
            None,
            "settings.minutes_per_week".into(),
            "minutes_per_week must be within 1..=10080".into(),
            vec![],
        );
    }
    if s.days_per_month <= 0 || s.days_per_month > 31 {
        cx.push(
            Severity::Error,
            "bad_setting",
            None,
            "settings.days_per_month".into(),
            "days_per_month must be within 1..=31".into(),
            vec![],
        );
    }
    if s.critical_threshold_min < 0 {
        cx.push(
            Severity::Error,
            "bad_setting",
            None,
            "settings.critical_threshold_min".into(),
            "critical_threshold_min must be >= 0".into(),
            vec![],
        );
    }
    if let Some(c) = &s.calendar {
        check_ref(
            cx,
            ix,
            "settings",
            &|| "settings.calendar".into(),
            c,
            EntityKind::Calendar,
            "calendar",
        );
    }
    let doc_cur = doc.currency();
    if currency::minor_units(doc_cur).is_none() {
        cx.push(
            Severity::Error,
            "unknown_currency",
            None,
            "currency".into(),
            format!("{doc_cur:?} is not an ISO 4217 currency code"),
            vec![],
        );
    }
}

/// One plan's own fields: parent, supports, calendar, currency, start time,
/// horizon and budget.
pub(super) fn check_plan(cx: &mut Ctx, ix: &Index, doc_cur: &str, p: usize, plan: &Plan) {
    let pp = format!("plans[{p}]");
    let pid = plan.id.as_str();
    if let Some(par) = &plan.parent {
        check_ref(
            cx,
            ix,
            pid,
            &|| format!("{pp}.parent"),
            par,
            EntityKind::Plan,
            "parent plan",
        );
    }
    for (k, g) in plan.supports.iter().enumerate() {
        check_ref(
            cx,
            ix,
            pid,
            &|| format!("{pp}.supports[{k}]"),
            g,
            EntityKind::Goal,
            "goal",
        );
    }
    if let Some(c) = &plan.calendar {
        check_ref(
            cx,
            ix,
            pid,
            &|| format!("{pp}.calendar"),
            c,
            EntityKind::Calendar,
            "calendar",
        );
    }
    if let Some(c) = &plan.currency {
        check_currency(cx, pid, format!("{pp}.currency"), c, doc_cur);
    }
    if let Some(st) = &plan.start_time {
        if parse_clock(st).is_none_or(|m| m >= 1440) {
            cx.err(
                "bad_start_time",
                pid,
                format!("{pp}.start_time"),
                format!("start time {st:?} is not HH:MM within 00:00-23:59"),
            );
        }
    }
    let h = plan.horizon;
    if h.end.0 < h.start.0 {
        cx.err(
            "horizon_reversed",
            pid,
            format!("{pp}.horizon"),
            format!(
                "the horizon ends ({}) before it starts ({})",
                h.end, h.start
            ),
        );
    } else {
        let days = (h.end.0 - h.start.0).num_days() + 1;
        let fits = match plan.kind {
            PlanKind::Strategic => (300..=3700).contains(&days),
            PlanKind::Operational => days <= 370,
            PlanKind::Tactical => days <= 100,
            PlanKind::Project => true,
        };
        if !fits {
            let want = match plan.kind {
                PlanKind::Strategic => "1-10 years",
                PlanKind::Operational => "a year or less",
                PlanKind::Tactical => "a month or a quarter",
                PlanKind::Project => "",
            };
            cx.warn(
                "horizon_kind_mismatch",
                pid,
                format!("{pp}.horizon"),
                format!(
                    "a {:?} plan usually spans {want}; this one spans {days} days",
                    plan.kind
                )
                .to_lowercase(),
            );
        }
    }
    for (m, v) in [
        ("budget", &plan.budget),
        ("management_reserve_pct", &plan.management_reserve_pct),
    ] {
        if v.is_some_and(|v| v.0.is_sign_negative() && !v.0.is_zero()) {
            cx.err(
                "negative_amount",
                pid,
                format!("{pp}.{m}"),
                format!("{m} cannot be negative"),
            );
        }
    }
}
