//! Round trip: for any document, `load(save(doc)) == doc`.
//!
//! The generators build structurally varied documents: every entity kind,
//! optional fields present and absent, `extensions` holding arbitrary nested
//! JSON (unicode strings, integers, finite floats, arrays, objects), money
//! with up to 28 significant digits (the format's limit) at every scale
//! 0..=28, durations of every unit (negative, elapsed, percent), dates over
//! years 1..=9999 and date-times. The documents need not be *valid* (ids may clash, references
//! may dangle): the round trip is a property of the format, not of
//! validation.

use std::collections::BTreeMap;

use proptest::collection::{btree_map, vec};
use proptest::option::of;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use stratops::*;

// ---- scalars -------------------------------------------------------------

/// Any text, including control characters, quotes, backslashes and
/// characters outside the BMP.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        vec(any::<char>(), 0..10).prop_map(String::from_iter),
        Just("Ünïcödé 日本語 🎉 \"quoted\" back\\slash \n\t".to_string()),
    ]
}

fn id() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,6}"
}

fn ids() -> impl Strategy<Value = Vec<String>> {
    vec(id(), 0..3)
}

fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        (-1000i32..1000).prop_map(f64::from),
        (-100_000i64..100_000).prop_map(|n| n as f64 / 100.0),
    ]
}

fn date() -> impl Strategy<Value = Date> {
    prop_oneof![
        (1i32..=9999, 1u32..=12, 1u32..=31)
            .prop_filter_map("a real date", |(y, m, d)| Date::from_ymd(y, m, d)),
        Just(Date::from_ymd(1, 1, 1).unwrap()),
        Just(Date::from_ymd(9999, 12, 31).unwrap()),
        Just(Date::from_ymd(2024, 2, 29).unwrap()),
    ]
}

fn datetime() -> impl Strategy<Value = DateTime> {
    (date(), 0u32..24, 0u32..60, 0u32..60).prop_map(|(d, h, m, s)| {
        DateTime(
            d.0.and_hms_opt(h, m, s)
                .expect("h < 24, m < 60, s < 60 is a time"),
        )
    })
}

fn date_or_time() -> impl Strategy<Value = DateOrTime> {
    prop_oneof![
        date().prop_map(DateOrTime::Date),
        datetime().prop_map(DateOrTime::DateTime),
    ]
}

/// The largest mantissa with 28 digits.
const MAX_MANTISSA: i128 = 10i128.pow(28) - 1;

fn money() -> impl Strategy<Value = Money> {
    prop_oneof![
        // everyday amounts such as "12800.00"
        (-10_000_000i64..10_000_000, 0u32..=4).prop_map(|(n, s)| Money(Decimal::new(n, s))),
        // up to the format's 28 significant digits, at every scale
        (-MAX_MANTISSA..=MAX_MANTISSA, 0u32..=28)
            .prop_map(|(n, s)| Money(Decimal::from_i128_with_scale(n, s))),
    ]
}

fn duration() -> impl Strategy<Value = Duration> {
    let unit = prop_oneof![
        Just(DurationUnit::Minutes),
        Just(DurationUnit::Hours),
        Just(DurationUnit::Days),
        Just(DurationUnit::Weeks),
        Just(DurationUnit::Months),
        Just(DurationUnit::Percent),
    ];
    (-1_000_000i64..1_000_000, 0u32..=3, unit, any::<bool>()).prop_map(|(n, s, unit, e)| {
        Duration {
            amount: Decimal::new(n, s),
            unit,
            // "50e%" does not exist: a percentage is never elapsed.
            elapsed: e && unit != DurationUnit::Percent,
        }
    })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        finite().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            btree_map(text(), inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn extensions() -> impl Strategy<Value = Extensions> {
    prop_oneof![
        1 => Just(BTreeMap::new()),
        2 => btree_map(text(), json_value(), 0..3),
    ]
}

// ---- entities --------------------------------------------------------------

fn settings() -> impl Strategy<Value = Settings> {
    prop_oneof![
        Just(Settings::default()),
        (
            any::<i64>(),
            any::<i64>(),
            any::<i64>(),
            of(id()),
            any::<bool>(),
            any::<i64>()
        )
            .prop_map(|(d, w, mo, cal, honor, crit)| Settings {
                minutes_per_day: d,
                minutes_per_week: w,
                days_per_month: mo,
                calendar: cal,
                honor_constraints: honor,
                critical_threshold_min: crit,
            }),
    ]
}

fn interval() -> impl Strategy<Value = Interval> {
    (
        prop_oneof!["[0-2][0-9]:[0-5][0-9]", text()],
        prop_oneof!["[0-2][0-9]:[0-5][0-9]", text()],
    )
        .prop_map(|(from, to)| Interval { from, to })
}

fn day() -> impl Strategy<Value = Option<Vec<Interval>>> {
    of(vec(interval(), 0..3))
}

fn calendar() -> impl Strategy<Value = Calendar> {
    let week = (day(), day(), day(), day(), day(), day(), day()).prop_map(
        |(monday, tuesday, wednesday, thursday, friday, saturday, sunday)| Week {
            monday,
            tuesday,
            wednesday,
            thursday,
            friday,
            saturday,
            sunday,
        },
    );
    let exception = (of(text()), date(), of(date()), vec(interval(), 0..2)).prop_map(
        |(name, from, to, intervals)| CalendarException {
            name,
            from,
            to,
            intervals,
        },
    );
    (
        id(),
        of(text()),
        of(id()),
        week,
        vec(exception, 0..3),
        extensions(),
    )
        .prop_map(|(id, name, base, week, exceptions, extensions)| Calendar {
            id,
            name,
            base,
            week,
            exceptions,
            extensions,
        })
}

fn resource() -> impl Strategy<Value = Resource> {
    let kind = prop_oneof![
        Just(ResourceKind::Person),
        Just(ResourceKind::Role),
        Just(ResourceKind::Team),
        Just(ResourceKind::Vendor),
        Just(ResourceKind::Material),
        Just(ResourceKind::Tool),
    ];
    let rate = (of(date()), money()).prop_map(|(from, standard)| Rate { from, standard });
    (
        id(),
        text(),
        kind,
        vec(rate, 0..3),
        of(id()),
        of(finite()),
        of(text()),
        extensions(),
    )
        .prop_map(
            |(id, name, kind, rates, calendar, capacity, email, extensions)| Resource {
                id,
                name,
                kind,
                rates,
                calendar,
                capacity,
                email,
                extensions,
            },
        )
}

fn stakeholder() -> impl Strategy<Value = Stakeholder> {
    (text(), of(text()), extensions()).prop_map(|(person, role, extensions)| Stakeholder {
        person,
        role,
        extensions,
    })
}

fn communication() -> impl Strategy<Value = Communication> {
    (
        vec(text(), 0..3),
        of(text()),
        vec(text(), 0..3),
        of(text()),
        extensions(),
    )
        .prop_map(
            |(channels, cadence, audience, escalation, extensions)| Communication {
                channels,
                cadence,
                audience,
                escalation,
                extensions,
            },
        )
}

fn comment() -> impl Strategy<Value = Comment> {
    (of(text()), of(date()), text(), extensions()).prop_map(|(author, date, text, extensions)| {
        Comment {
            author,
            date,
            text,
            extensions,
        }
    })
}

fn goal_link() -> impl Strategy<Value = GoalLink> {
    (id(), prop_oneof![Just(1.0), finite()]).prop_map(|(goal, weight)| GoalLink { goal, weight })
}

fn goal() -> impl Strategy<Value = Goal> {
    let rollup = prop_oneof![
        Just(Rollup::WeightedMean),
        Just(Rollup::Min),
        Just(Rollup::AllMet)
    ];
    let status = prop_oneof![Just(StatusRollup::Worst), Just(StatusRollup::Weighted)];
    let smart = (of(any::<bool>()), of(any::<bool>()), of(any::<bool>())).prop_map(
        |(specific, achievable, relevant)| Smart {
            specific,
            achievable,
            relevant,
        },
    );
    (
        id(),
        text(),
        of(text()),
        of(text()),
        of(date()),
        vec(goal_link(), 0..3),
        rollup,
        status,
        of(smart),
        extensions(),
    )
        .prop_map(
            |(
                id,
                name,
                description,
                owner,
                due,
                contributes_to,
                rollup,
                status_rollup,
                smart,
                extensions,
            )| {
                Goal {
                    id,
                    name,
                    description,
                    owner,
                    due,
                    contributes_to,
                    rollup,
                    status_rollup,
                    smart,
                    extensions,
                }
            },
        )
}

fn point() -> impl Strategy<Value = Point> {
    (finite(), date()).prop_map(|(value, date)| Point { value, date })
}

fn kpi() -> impl Strategy<Value = Kpi> {
    let polarity = prop_oneof![
        Just(Polarity::Increase),
        Just(Polarity::Decrease),
        Just(Polarity::AtLeast),
        Just(Polarity::AtMost),
        Just(Polarity::Range),
    ];
    let aggregation = prop_oneof![
        Just(Aggregation::Last),
        Just(Aggregation::Sum),
        Just(Aggregation::Average),
        Just(Aggregation::Ratio),
    ];
    let band =
        (finite(), finite(), finite()).prop_map(|(lo, hi, tolerance)| Band { lo, hi, tolerance });
    let measurement = (date(), finite(), of(finite()), of(text())).prop_map(
        |(date, value, denominator, note)| Measurement {
            date,
            value,
            denominator,
            note,
        },
    );
    let head = (
        id(),
        text(),
        of(text()),
        vec(goal_link(), 0..3),
        of(text()),
        polarity,
        point(),
        point(),
    );
    let tail = (
        of(band),
        vec(point(), 0..3),
        of(finite()),
        of(finite()),
        vec(measurement, 0..4),
        aggregation,
        any::<bool>(),
        of(prop_oneof![Just("monthly".to_string()), text()]),
        extensions(),
    );
    (head, tail).prop_map(
        |(
            (id, name, owner, goals, unit, polarity, baseline, target),
            (
                range,
                milestones,
                stretch,
                cap,
                measurements,
                aggregation,
                leading,
                cadence,
                extensions,
            ),
        )| Kpi {
            id,
            name,
            owner,
            goals,
            unit,
            polarity,
            baseline,
            target,
            range,
            milestones,
            stretch,
            cap,
            measurements,
            aggregation,
            leading,
            cadence,
            extensions,
        },
    )
}

fn dependency() -> impl Strategy<Value = Dependency> {
    let link = prop_oneof![
        Just(LinkType::FS),
        Just(LinkType::SS),
        Just(LinkType::FF),
        Just(LinkType::SF),
    ];
    (id(), link, of(duration())).prop_map(|(predecessor, link_type, lag)| Dependency {
        predecessor,
        link_type,
        lag,
    })
}

fn constraint() -> impl Strategy<Value = Constraint> {
    let kind = prop_oneof![
        Just(ConstraintType::ASAP),
        Just(ConstraintType::ALAP),
        Just(ConstraintType::SNET),
        Just(ConstraintType::SNLT),
        Just(ConstraintType::FNET),
        Just(ConstraintType::FNLT),
        Just(ConstraintType::MSO),
        Just(ConstraintType::MFO),
    ];
    (kind, of(date_or_time())).prop_map(|(kind, date)| Constraint { kind, date })
}

fn assignment() -> impl Strategy<Value = Assignment> {
    let role = prop_oneof![
        Just(Raci::Responsible),
        Just(Raci::Accountable),
        Just(Raci::Consulted),
        Just(Raci::Informed),
    ];
    let period = (datetime(), datetime(), finite(), any::<bool>()).prop_map(
        |(start, finish, hours, actual)| WorkPeriod {
            start,
            finish,
            hours,
            actual,
        },
    );
    (
        id(),
        role,
        of(finite()),
        of(finite()),
        prop::collection::vec(period, 0..3),
        of((0i64..9).prop_map(|n| Contour::from_mspdi(n).unwrap_or(Contour::Flat))),
    )
        .prop_map(
            |(resource, role, hours, units, timephased, contour)| Assignment {
                resource,
                role,
                hours,
                units,
                timephased,
                contour,
            },
        )
}

fn progress() -> impl Strategy<Value = Progress> {
    (
        finite(),
        of(date_or_time()),
        of(date_or_time()),
        of(duration()),
        of(prop_oneof![
            Just(EvMethod::PercentComplete),
            Just(EvMethod::ZeroHundred),
            Just(EvMethod::FiftyFifty)
        ]),
    )
        .prop_map(
            |(percent_complete, actual_start, actual_finish, remaining, ev_method)| Progress {
                percent_complete,
                actual_start,
                actual_finish,
                remaining,
                ev_method,
            },
        )
}

fn baseline() -> impl Strategy<Value = Baseline> {
    let row = (
        id(),
        of(date_or_time()),
        of(date_or_time()),
        of(duration()),
        of(finite()),
        of(money()),
    )
        .prop_map(
            |(task, start, finish, duration, work_hours, cost)| BaselineTask {
                task,
                start,
                finish,
                duration,
                work_hours,
                cost,
            },
        );
    (
        -2i64..13,
        of(date()),
        of(date()),
        vec(row, 0..3),
        extensions(),
    )
        .prop_map(|(number, saved, status_date, tasks, extensions)| Baseline {
            number,
            saved,
            status_date,
            tasks,
            extensions,
        })
}

fn manual() -> impl Strategy<Value = Manual> {
    (of(date_or_time()), of(date_or_time()), any::<bool>()).prop_map(
        |(start, finish, placeholder)| Manual {
            start,
            finish,
            placeholder,
        },
    )
}

fn task() -> impl Strategy<Value = Task> {
    let kind = prop_oneof![
        Just(TaskKind::Task),
        Just(TaskKind::Milestone),
        Just(TaskKind::Summary),
    ];
    let head = (
        id(),
        text(),
        of(id()),
        kind,
        of(duration()),
        vec(dependency(), 0..3),
        of(constraint()),
        of(date_or_time()),
        of(id()),
    );
    let tail = (
        vec(assignment(), 0..3),
        of(text()),
        vec(text(), 0..2),
        ids(),
        of(progress()),
        of(text()),
        vec(comment(), 0..2),
        extensions(),
    );
    let task_type = prop_oneof![
        Just(TaskType::FixedUnits),
        Just(TaskType::FixedDuration),
        Just(TaskType::FixedWork),
    ];
    let estimate = (duration(), duration(), duration(), 0u8..3).prop_map(|(a, m, b, k)| Estimate {
        optimistic: a,
        most_likely: m,
        pessimistic: b,
        distribution: [
            Distribution::Triangular,
            Distribution::Pert,
            Distribution::Uniform,
        ][k as usize],
    });
    (
        head,
        tail,
        (
            of(manual()),
            of(task_type),
            any::<bool>(),
            of(estimate),
            of(0u32..=1000),
        ),
    )
        .prop_map(
            |(
                (id, name, parent, kind, duration, dependencies, constraint, deadline, calendar),
                (assignments, owner, deliverables, supports, progress, notes, comments, extensions),
                (manual, task_type, effort_driven, estimate, priority),
            )| Task {
                id,
                name,
                parent,
                kind,
                duration,
                dependencies,
                constraint,
                deadline,
                calendar,
                assignments,
                owner,
                deliverables,
                supports,
                progress,
                estimate,
                task_type,
                effort_driven,
                manual,
                priority,
                notes,
                comments,
                extensions,
            },
        )
}

fn cost() -> impl Strategy<Value = CostLine> {
    let kind = prop_oneof![
        Just(CostKind::Fixed),
        Just(CostKind::Labour),
        Just(CostKind::Unit),
    ];
    let accrual = prop_oneof![
        Just(Accrual::Start),
        Just(Accrual::Prorated),
        Just(Accrual::End),
    ];
    let head = (
        id(),
        text(),
        kind,
        of(text()),
        of(id()),
        of(money()),
        of(id()),
        of(money()),
    );
    let tail = (
        of(money()),
        of(money()),
        accrual,
        of(money()),
        any::<bool>(),
        of("[A-Z]{3}"),
        ids(),
        extensions(),
    );
    let dated = vec(
        (date(), money()).prop_map(|(date, amount)| DatedAmount { date, amount }),
        0..2,
    );
    (head, tail, dated).prop_map(
        |(
            (id, category, kind, description, task, amount, resource, hours),
            (quantity, unit_price, accrual, actual, credit, currency, supports, extensions),
            actuals,
        )| CostLine {
            id,
            category,
            kind,
            description,
            task,
            amount,
            resource,
            hours,
            quantity,
            unit_price,
            accrual,
            actual,
            actuals,
            credit,
            currency,
            supports,
            extensions,
        },
    )
}

fn risk() -> impl Strategy<Value = Risk> {
    let category = prop_oneof![
        Just(RiskCategory::People),
        Just(RiskCategory::Technology),
        Just(RiskCategory::Vendor),
        Just(RiskCategory::Timeline),
        Just(RiskCategory::Other),
    ];
    let response = prop_oneof![
        Just(RiskResponse::Avoid),
        Just(RiskResponse::Mitigate),
        Just(RiskResponse::Transfer),
        Just(RiskResponse::Accept),
        Just(RiskResponse::Escalate),
    ];
    let impact = (of(money()), of(duration()), of(any::<u8>()))
        .prop_map(|(cost, delay, score)| Impact { cost, delay, score });
    let head = (
        id(),
        category,
        text(),
        of(text()),
        of(finite()),
        of(any::<u8>()),
        impact,
    );
    let tail = (
        of(text()),
        of(response),
        of(text()),
        of(date()),
        ids(),
        extensions(),
    );
    (head, tail).prop_map(
        |(
            (id, category, description, assumption, probability, likelihood, impact),
            (owner, response, if_then, trigger_date, affects, extensions),
        )| Risk {
            id,
            category,
            description,
            assumption,
            probability,
            likelihood,
            impact,
            owner,
            response,
            if_then,
            trigger_date,
            affects,
            extensions,
        },
    )
}

fn plan() -> impl Strategy<Value = Plan> {
    let kind = prop_oneof![
        Just(PlanKind::Strategic),
        Just(PlanKind::Operational),
        Just(PlanKind::Tactical),
        Just(PlanKind::Project),
    ];
    let horizon = (date(), date()).prop_map(|(start, end)| Horizon { start, end });
    let a = (
        id(),
        kind,
        text(),
        horizon,
        of(text()),
        of(id()),
        ids(),
        of(id()),
        of("[A-Z]{3}"),
    );
    let b = (
        of(text()),
        of(text()),
        of(text()),
        of(text()),
        vec(stakeholder(), 0..3),
        of(communication()),
        of(money()),
        btree_map(text(), money(), 0..3),
        of(money()),
    );
    let c = (
        vec(goal(), 0..3),
        vec(kpi(), 0..3),
        vec(task(), 0..4),
        vec(cost(), 0..3),
        vec(risk(), 0..3),
        of(text()),
        vec(comment(), 0..2),
        extensions(),
    );
    (
        a,
        b,
        c,
        of("(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]"),
        vec(baseline(), 0..2),
    )
        .prop_map(
            |(
                (id, kind, name, horizon, owner, parent, supports, calendar, currency),
                (
                    vision,
                    mission,
                    executive_summary,
                    decision_framework,
                    stakeholders,
                    communication,
                    budget,
                    category_budgets,
                    management_reserve_pct,
                ),
                (goals, kpis, tasks, costs, risks, notes, comments, extensions),
                start_time,
                baselines,
            )| Plan {
                id,
                kind,
                name,
                horizon,
                start_time,
                owner,
                parent,
                supports,
                calendar,
                currency,
                vision,
                mission,
                executive_summary,
                decision_framework,
                stakeholders,
                communication,
                budget,
                category_budgets,
                management_reserve_pct,
                goals,
                kpis,
                tasks,
                costs,
                risks,
                baselines,
                notes,
                comments,
                extensions,
            },
        )
}

fn document() -> impl Strategy<Value = Document> {
    (
        of(text()),
        of("[A-Z]{3}"),
        settings(),
        vec(calendar(), 0..2),
        vec(resource(), 0..3),
        vec(plan(), 0..3),
        extensions(),
    )
        .prop_map(
            |(organisation, currency, settings, calendars, resources, plans, extensions)| {
                Document {
                    format: FORMAT.to_string(),
                    organisation,
                    currency,
                    settings,
                    calendars,
                    resources,
                    plans,
                    extensions,
                }
            },
        )
}

// ---- properties ------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn save_then_load_gives_the_same_document(doc in document()) {
        let text = doc.to_json();
        let back = Document::from_json(&text);
        prop_assert!(back.is_ok(), "reload failed: {:?}\n{}", back.err(), text);
        prop_assert_eq!(back.unwrap(), doc);
    }

    #[test]
    fn saving_is_canonical(doc in document()) {
        // Saving a reloaded document gives byte-identical JSON.
        let text = doc.to_json();
        let back = Document::from_json(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back.to_json(), text);
    }

    #[test]
    fn scalars_round_trip_through_their_strings(
        m in money(), d in duration(), t in date_or_time(), dt in datetime()
    ) {
        prop_assert_eq!(m.to_string().parse::<Money>().ok(), Some(m));
        prop_assert_eq!(d.to_string().parse::<Duration>().ok(), Some(d));
        prop_assert_eq!(t.to_string().parse::<DateOrTime>().ok(), Some(t));
        prop_assert_eq!(dt.to_string().parse::<DateTime>().ok(), Some(dt));
    }
}
