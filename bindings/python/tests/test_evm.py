"""Status date, baselines and earned value from Python: the same figures as
the core (hand-worked in crates/stratops/tests/evm.rs), typed as Decimal,
date and float, with frames and the S-curve."""

import datetime as dt
import json
from decimal import Decimal

import pytest

import stratops


def chain() -> stratops.Plan:
    # a -> b -> c -> d -> e, 1 day each from Monday 2025-10-06, 100 each
    ids = ["a", "b", "c", "d", "e"]
    pct = [100, 100, 30, 0, 0]
    spent = [("2025-10-06", "120"), ("2025-10-07", "90"), ("2025-10-08", "50"), ("2025-10-09", "10"), None]
    tasks = []
    costs = []
    for i, t in enumerate(ids):
        task = {"id": t, "name": t.upper(), "duration": "1d", "supports": ["g1" if i < 2 else "g2"]}
        if i:
            task["dependencies"] = [{"predecessor": ids[i - 1]}]
        if pct[i]:
            task["progress"] = {"percent_complete": pct[i]}
        tasks.append(task)
        c = {"id": f"c-{t}", "category": "work", "kind": "fixed", "task": t, "amount": "100"}
        if spent[i]:
            c["actuals"] = [{"date": spent[i][0], "amount": spent[i][1]}]
        costs.append(c)
    doc = {
        "format": "stratops/1",
        "plans": [
            {
                "id": "p",
                "kind": "project",
                "name": "P",
                "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
                "goals": [{"id": "g1", "name": "G1"}, {"id": "g2", "name": "G2"}],
                "tasks": tasks,
                "costs": costs,
            }
        ],
    }
    return stratops.loads(json.dumps(doc))


def test_earned_value_figures_are_typed_and_hand_worked() -> None:
    ev = chain().earned_value(dt.date(2025, 10, 8))
    assert ev.status_date == dt.date(2025, 10, 8)
    assert (ev.bac, ev.pv, ev.ev, ev.ac) == (Decimal(500), Decimal(300), Decimal(230), Decimal(260))
    assert isinstance(ev.ev, Decimal)
    assert ev.sv == Decimal(-70) and ev.cv == Decimal(-30)
    assert ev.spi == pytest.approx(230 / 300) and ev.cpi == pytest.approx(230 / 260)
    assert ev.es_days == pytest.approx(2.3) and ev.at_days == 3.0
    assert ev.tcpi == pytest.approx(1.125)
    frame = ev.to_pandas()
    assert set(frame["id"]) == {"a", "b", "c", "d", "e"}
    assert frame.set_index("id").loc["c", "ev"] == Decimal(30)
    per = ev.to_pandas("by_period")
    assert list(per["period"]) == ["2025-10"] and per["pv_cum"][0] == Decimal(500)
    goals = ev.to_pandas("by_goal").set_index("goal")
    assert goals.loc["g1", "ac"] == Decimal(210)
    assert "EarnedValueResult" in ev._repr_html_()


def test_eac_methods_and_null_ratios() -> None:
    plan = chain()
    assert plan.earned_value("2025-10-08", eac_method="budget_rate").eac == Decimal(530)
    early = plan.earned_value(dt.date(2025, 10, 1))
    assert early.spi is None and early.cpi is None and early.eac is None
    with pytest.raises(stratops.CalculationError) as e:
        plan.earned_value("2025-10-08", eac_method="guess")
    assert e.value.code == "bad_option"
    with pytest.raises(stratops.CalculationError) as e:
        plan.earned_value("2025-10-08", baseline=3)
    assert e.value.code == "unknown_baseline"


def test_s_curve_plot() -> None:
    fig = chain().earned_value(dt.date(2025, 10, 8)).plot()
    names = [t.name for t in fig.data]
    assert names == ["planned value", "actual cost", "earned value"]
    assert list(fig.data[2].y) == [230.0]


def test_status_date_schedule_and_baselines() -> None:
    plan = chain()
    s = plan.schedule(status_date=dt.date(2025, 10, 8))
    # c: 30% of 1d done; the remaining 336 min resume Thursday 08:00 -> 14:36
    assert s.task("c").early_finish == dt.datetime(2025, 10, 9, 14, 36)
    saved = plan.save_baseline(0, saved=dt.date(2025, 10, 1))
    assert plan.to_dict()["plans"][0].get("baselines") is None  # unchanged
    base = saved.to_dict()["plans"][0]["baselines"][0]
    assert base["number"] == 0 and base["saved"] == dt.date(2025, 10, 1)
    v = saved.baseline_variance(0, status_date=dt.date(2025, 10, 8))
    assert "c" in v.slipped
    c = v.to_pandas().set_index("id").loc["c"]
    assert c["finish_variance_min"] == 336
    # planned value now comes from baseline 0, by default
    assert saved.earned_value("2025-10-08").by_plan[0].baseline == 0
    with pytest.raises(stratops.CalculationError) as e:
        plan.save_baseline(11, saved=dt.date(2025, 10, 1))
    assert e.value.code == "bad_baseline_number"


def test_health_checks_as_frames(plan: stratops.Plan) -> None:
    h = plan.health(status_date=dt.date(2025, 12, 5))
    assert h.profile == "dcma" and len(h.checks) == 14
    checks = h.to_pandas()
    assert list(checks["number"]) == list(range(1, 15))
    row = checks.set_index("name").loc["critical_path_test"]
    assert row["value"] == 600.0 and bool(row["pass"]) is True
    # no baseline in the example: 11 and 14 cannot run
    assert checks.set_index("number").loc[11, "note"] == "needs baseline 0"
    tasks = h.to_pandas("tasks")
    assert set(tasks.columns) == {"number", "check", "task"}
    assert "compliance-review" in set(tasks[tasks["number"] == 12]["task"])
    assert "HealthResult" in h._repr_html_()
    with pytest.raises(stratops.CalculationError) as e:
        plan.health(profile="nasa")
    assert e.value.code == "bad_option"


def test_simulate_is_seeded_typed_and_plots() -> None:
    doc = {
        "format": "stratops/1",
        "plans": [
            {
                "id": "p",
                "kind": "project",
                "name": "P",
                "horizon": {"start": "2025-10-06", "end": "2026-12-31"},
                "goals": [{"id": "g", "name": "G", "due": "2025-10-10"}],
                "tasks": [
                    {
                        "id": "a",
                        "name": "A",
                        "duration": "4d",
                        "supports": ["g"],
                        "estimate": {"optimistic": "3d", "most_likely": "4d", "pessimistic": "8d"},
                    }
                ],
                "risks": [{"id": "r", "description": "R", "probability": 0.5, "impact": {"cost": "100"}}],
            }
        ],
    }
    plan = stratops.loads(json.dumps(doc))
    one = plan.simulate(2000, seed=3, threads=1)
    two = plan.simulate(2000, seed=3, threads=2)
    assert one.to_dict() == two.to_dict()
    # P(T <= 5 days) for a triangular (3, 4, 8) = 1 - 9 / 20 = 0.55; the
    # standard error at 2000 iterations is 0.011: tolerance 0.045
    assert abs(one.goals[0].probability - 0.55) < 0.045
    assert one.goals[0].due == dt.date(2025, 10, 10)
    assert isinstance(one.cost.p90, Decimal) and one.cost.p90 == Decimal(100)
    assert isinstance(one.finish.p50, dt.datetime)
    assert list(one.to_pandas()["id"]) == ["a"]
    assert one.to_pandas("histogram")["count"].sum() == 2000
    assert len(one.plot().data) == 1 and len(one.plot("tornado").data) == 1
    cdf = one.plot("cdf").data[0]
    assert cdf.y[0] == 0.0 and abs(cdf.y[-1] - 100.0) < 1e-9
    with pytest.raises(stratops.CalculationError) as e:
        plan.simulate(0)
    assert e.value.code == "bad_option"
