"""Loading, saving, typed values and round trips."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from decimal import Decimal

import pytest

import stratops
from conftest import doc


def test_load_example(plan: stratops.Plan) -> None:
    d = plan.to_dict()
    assert [p["id"] for p in d["plans"]] == ["it-strategy", "endpoint-security"]
    ops = d["plans"][1]
    # Money is Decimal, exactly as written in the file.
    assert ops["budget"] == Decimal("12800.00")
    assert ops["category_budgets"] == {
        "software": Decimal("5000.00"),
        "training": Decimal("3000.00"),
        "labour": Decimal("4800.00"),
    }
    # 5000 + 3000 + 4800 = 12800: the category caps add up to the budget.
    assert sum(ops["category_budgets"].values()) == Decimal("12800.00")
    # Dates are datetime.date.
    assert ops["horizon"] == {"start": dt.date(2025, 10, 1), "end": dt.date(2025, 12, 31)}
    # Interval strings such as "08:00" are not dates, and extensions stay verbatim.
    assert isinstance(d["extensions"]["source"], str)


def test_loads_and_bytes(example_path) -> None:  # type: ignore[no-untyped-def]
    text = example_path.read_text()
    assert stratops.loads(text) == stratops.loads(text.encode())


def test_untyped_dict_is_the_json(plan: stratops.Plan) -> None:
    raw = plan.to_dict(typed_values=False)
    assert raw["plans"][1]["budget"] == "12800.00"
    assert raw == json.loads(plan.dumps())


def test_from_dict_round_trip_typed(plan: stratops.Plan) -> None:
    again = stratops.Plan.from_dict(plan.to_dict())
    assert again == plan
    assert again.dumps() == plan.dumps()


def test_from_dict_accepts_python_values() -> None:
    d = doc(deadline=dt.datetime(2025, 2, 3, 17, 0), constraint={"type": "SNET", "date": dt.date(2025, 1, 8)})
    d["plans"][0]["budget"] = Decimal("1E+3")  # written positionally: "1000"
    d["plans"][0]["horizon"]["start"] = dt.date(2025, 1, 6)
    p = stratops.Plan.from_dict(d)
    raw = p.to_dict(typed_values=False)["plans"][0]
    assert raw["budget"] == "1000"
    assert raw["tasks"][0]["deadline"] == "2025-02-03T17:00:00"
    assert raw["tasks"][0]["constraint"]["date"] == "2025-01-08"
    typed = p.to_dict()["plans"][0]
    assert typed["tasks"][0]["deadline"] == dt.datetime(2025, 2, 3, 17, 0)


def test_from_dict_rejects_unencodable() -> None:
    d = doc()
    d["plans"][0]["budget"] = object()
    with pytest.raises(stratops.FormatError) as e:
        stratops.Plan.from_dict(d)
    assert e.value.code == "not_json"
    d["plans"][0]["budget"] = float("nan")
    with pytest.raises(stratops.FormatError):
        stratops.Plan.from_dict(d)


def test_timezone_aware_datetime_is_refused() -> None:
    d = doc(deadline=dt.datetime(2025, 2, 3, 17, 0, tzinfo=dt.timezone.utc))
    with pytest.raises(stratops.FormatError):
        stratops.Plan.from_dict(d)


def test_save_and_load(tmp_path, plan: stratops.Plan) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.json"
    plan.save(path)
    assert stratops.load(path) == plan
    assert stratops.load(str(path)) == plan


def test_dumps_compact_and_pretty(plan: stratops.Plan) -> None:
    assert "\n" in plan.dumps()
    assert "\n" not in plan.dumps(pretty=False)
    assert json.loads(plan.dumps(pretty=False)) == json.loads(plan.dumps())


def test_extensions_survive(plan: stratops.Plan) -> None:
    d = doc()
    d["extensions"] = {"deep": {"2025-01-01": "2025-01-01", "budget": "12.5"}}
    p = stratops.Plan.from_dict(d)
    # Under extensions nothing is typed: user data comes back verbatim.
    assert p.to_dict()["extensions"] == d["extensions"]


def test_validate_clean_and_dirty(plan: stratops.Plan) -> None:
    assert plan.validate() == []
    assert plan.is_valid
    assert plan.check() == []
    bad = stratops.Plan.from_dict(doc(dependencies=[{"predecessor": "ghost"}]))
    diags = bad.validate()
    assert [d.code for d in diags if d.is_error] == ["dangling_reference"]
    first = [d for d in diags if d.is_error][0]
    assert first.id == "a" and first.severity == "error"
    assert "ghost" in first.related
    assert "dangling_reference" in str(first)
    assert not bad.is_valid


def test_pickle_plan(plan: stratops.Plan) -> None:
    again = pickle.loads(pickle.dumps(plan))
    assert isinstance(again, stratops.Plan)
    assert again == plan
    native = pickle.loads(pickle.dumps(plan._doc))
    assert native.to_json() == plan._doc.to_json()


def test_repr_and_html(plan: stratops.Plan) -> None:
    assert "2 plan(s)" in repr(plan) and "13 task(s)" in repr(plan)
    h = plan._repr_html_()
    assert "<table>" in h and "endpoint-security" in h and "Example Co. IT" in h
    assert "Document" in repr(plan._doc)


def test_plan_constructor_guard() -> None:
    with pytest.raises(TypeError):
        stratops.Plan("not a document")  # type: ignore[arg-type]


def test_plan_not_equal_to_other_types(plan: stratops.Plan) -> None:
    assert plan != "x"
    assert plan != stratops.Plan.from_dict(doc())


def test_json_schema_and_version() -> None:
    schema = json.loads(stratops.json_schema())
    assert "Task" in json.dumps(schema)
    assert stratops.__version__.count(".") == 2
    assert isinstance(stratops._core.engines(), list)
