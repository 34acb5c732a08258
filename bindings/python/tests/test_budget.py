"""plan.budget(): Decimal money, breakdowns, the long table, charts, explain.
Expected figures are worked out by hand in the comments."""

from __future__ import annotations

import pickle
from decimal import Decimal
from typing import Any, Dict

import pytest

import stratops
from conftest import doc


def test_endpoint_security_total_is_exactly_12800(plan: stratops.Plan) -> None:
    b = plan.budget()
    # 5000.00 (antivirus tools) + 3000.00 (training) + (24 + 16) h x 120.00 USD/h.
    assert b.total == Decimal("12800.00")
    assert str(b.total) == "12800.00"  # rounded to the minor unit, trailing zeros kept
    assert isinstance(b.total, Decimal)
    assert b.currency == "USD"
    assert b.by_category == {
        "labour": Decimal("4800.00"),  # 40 h x 120.00
        "software": Decimal("5000.00"),
        "training": Decimal("3000.00"),
    }
    # Labour lines name the resource alex: 40 h x 120.00.
    assert b.by_resource == {"alex": Decimal("4800.00")}
    # The WBS rolls up: antivirus = av-buy 5000 + av-install 24 h x 120 = 2880.
    assert b.by_task["av-install"] == Decimal("2880.00")
    assert b.by_task["antivirus"] == Decimal("7880.00")
    # Contingency sits beside the total: risks' probability x cost impact.
    assert b.contingency == sum((r.emv for r in b.contingency_detail.risks), Decimal(0))
    assert b.total + b.contingency != b.total  # reported apart, never added in


def test_exact_and_rounding_options(plan: stratops.Plan) -> None:
    exact = plan.budget(exact=True)
    assert exact.total == Decimal("12800")  # exact figures carry no padding zeros
    months = exact.by_period
    # Every line is phased, so the exact months sum to the exact total.
    assert sum(months.values(), Decimal(0)) == exact.total
    with pytest.raises(stratops.CalculationError) as e:
        plan.budget(rounding="sideways")
    assert e.value.code == "bad_option"


def test_no_schedule_spreads_over_the_horizon(plan: stratops.Plan) -> None:
    b = plan.budget(use_schedule=False)
    assert b.phased_by == "horizon"
    assert b.total == Decimal("12800.00")
    # The endpoint-security horizon is 2025-10-01..2025-12-31 (92 days).
    # The tools line accrues at the start, so all 5000 lands in October;
    # the prorated lines (3000 + 24 h x 120 + 16 h x 120 = 7800) spread by
    # days: November gets 30/92 of 7800 = 2543.478..., each line exact to 1e-12 of itself.
    exact = plan.budget(use_schedule=False, exact=True)
    assert abs(exact.by_period["2025-11"] - Decimal(7800) * 30 / 92) < Decimal("1e-8")
    assert abs(exact.by_period["2025-10"] - (5000 + Decimal(7800) * 31 / 92)) < Decimal("1e-8")
    assert sum(exact.by_period.values(), Decimal(0)) == Decimal(12800)


def phased() -> stratops.Plan:
    # A 4-day task from Thursday 2025-01-30: Thu 30, Fri 31 January, Mon 3,
    # Tue 4 February: two working days each side of the month boundary.
    d = doc(id="a", name="A", duration="4d")
    plan = d["plans"][0]
    plan["horizon"] = {"start": "2025-01-30", "end": "2025-03-31"}
    plan["costs"] = [
        {"id": "pro", "category": "build", "kind": "fixed", "task": "a", "amount": "3000", "accrual": "prorated"},
        {"id": "st", "category": "licence", "kind": "fixed", "task": "a", "amount": "1000", "accrual": "start"},
        {"id": "en", "category": "support", "kind": "fixed", "task": "a", "amount": "500", "accrual": "end"},
    ]
    d["currency"] = "EUR"
    return stratops.Plan.from_dict(d)


def test_month_by_category_long_table_by_hand() -> None:
    b = phased().budget()
    # prorated 3000 splits 2 days : 2 days = 1500 + 1500; start 1000 lands in
    # January (the task starts there), end 500 in February (it finishes there).
    assert b.by_period == {"2025-01": Decimal("2500.00"), "2025-02": Decimal("2000.00")}
    df = b.to_pandas()
    assert list(df.columns) == ["period", "category", "amount"]
    got = {(r.period, r.category): r.amount for r in df.itertuples()}
    assert got == {
        ("2025-01", "build"): Decimal("1500.00"),
        ("2025-01", "licence"): Decimal("1000.00"),
        ("2025-02", "build"): Decimal("1500.00"),
        ("2025-02", "support"): Decimal("500.00"),
    }
    pl = b.to_polars()
    assert pl.columns == ["period", "category", "amount"]
    assert sum(pl.get_column("amount").to_list()) == Decimal("4500.00")
    months = b.to_pandas("month")
    assert list(months.columns) == ["period", "amount"]
    assert list(months["amount"]) == [Decimal("2500.00"), Decimal("2000.00")]
    cats = b.to_polars("category")
    assert dict(zip(cats["category"].to_list(), cats["amount"].to_list())) == {
        "build": Decimal("3000.00"), "licence": Decimal("1000.00"), "support": Decimal("500.00"),
    }  # fmt: skip
    assert b.breakdown("quarter") == {"2025-Q1": Decimal("4500.00")}
    lines = b.to_pandas("lines")
    assert list(lines["id"]) == ["pro", "st", "en"]
    with pytest.raises(ValueError):
        b.breakdown("weekday")


def test_long_table_sums_to_each_breakdown(plan: stratops.Plan) -> None:
    b = plan.budget(exact=True)
    by_month: Dict[str, Decimal] = {}
    by_cat: Dict[str, Decimal] = {}
    for r in b.by_period_category:
        by_month[r.period] = by_month.get(r.period, Decimal(0)) + r.amount
        by_cat[r.category] = by_cat.get(r.category, Decimal(0)) + r.amount
    assert by_month == b.by_period
    assert by_cat == b.by_category


def test_explain_names_the_rate(plan: stratops.Plan) -> None:
    b = plan.budget()
    ex = b.explain("c-alex-install")
    text = "\n".join(str(e) for e in ex)
    # 24 h at alex's 120.00 USD/h from 2025-01-01 = 2880.
    assert "24" in text and "120" in text and "2880" in text
    with pytest.raises(KeyError):
        b.explain("no-such-line")


def test_plot_by_month_is_stacked_by_category() -> None:
    pytest.importorskip("plotly")
    fig = phased().budget().plot(by="month")
    traces = {t.name: dict(zip(t.x, t.y)) for t in fig.data}
    assert traces == {
        "build": {"2025-01": 1500.0, "2025-02": 1500.0},
        "licence": {"2025-01": 1000.0, "2025-02": 0.0},
        "support": {"2025-01": 0.0, "2025-02": 500.0},
    }
    assert fig.layout.barmode == "stack"
    q = phased().budget().plot(by="quarter")
    assert sum(sum(t.y) for t in q.data) == 4500.0
    cat = phased().budget().plot(by="category")
    assert list(cat.data[0].x) == ["build", "licence", "support"]
    with pytest.raises(ValueError):
        phased().budget().plot(by="weekday")


def test_repr_html_pickle_and_attributes(plan: stratops.Plan) -> None:
    b = plan.budget()
    h = b._repr_html_()
    assert "12,800.00" in h and "software" in h and "2025-10" in h
    again: Any = pickle.loads(pickle.dumps(b))
    assert again == b and again.total == Decimal("12800.00")
    with pytest.raises(AttributeError):
        b.no_such_field


def test_budget_errors_are_coded() -> None:
    d = doc()
    d["plans"][0]["costs"] = [{"id": "c", "category": "x", "kind": "labour", "task": "a", "resource": "ghost", "hours": "1"}]
    with pytest.raises(stratops.ValidationError) as e:
        stratops.Plan.from_dict(d).budget()
    assert any(x.id == "c" or "ghost" in x.message for x in e.value.diagnostics)
