"""Plan.from_frames with pandas, polars and plain dicts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Dict

import pandas as pd
import polars as pl
import pytest

import stratops

TASKS: Dict[str, Any] = {
    "id": ["a", "b", "m"],
    "name": ["Alpha", "Beta", "Done"],
    "duration": ["2d", 1, None],
    "kind": ["task", "task", "milestone"],
    "supports": ["g1", ["g1"], None],
}
DEPS: Dict[str, Any] = {"successor": ["b", "m"], "predecessor": ["a", "b"], "type": ["FS", None], "lag": [None, "1h"]}


def _frames(lib: str) -> Dict[str, Any]:
    if lib == "dict":
        return {"tasks": TASKS, "dependencies": DEPS}
    if lib == "pandas":
        return {"tasks": pd.DataFrame(TASKS), "dependencies": pd.DataFrame(DEPS)}
    # polars needs one type per column: mixed columns become strings.
    t = dict(TASKS, duration=["2d", "1", None], supports=["g1", "g1", None])
    return {"tasks": pl.DataFrame(t), "dependencies": pl.DataFrame(DEPS)}


@pytest.mark.parametrize("lib", ["dict", "pandas", "polars"])
def test_tasks_and_dependencies(lib: str) -> None:
    f = _frames(lib)
    p = stratops.Plan.from_frames(
        tasks=f["tasks"],
        dependencies=f["dependencies"],
        goals={"id": ["g1"], "name": ["Goal"]},
        start=dt.date(2025, 1, 6),
    )
    plan = p.to_dict(typed_values=False)["plans"][0]
    assert plan["horizon"] == {"start": "2025-01-06", "end": "2026-01-05"}
    a, b, m = plan["tasks"]
    assert a["supports"] == ["g1"] and "dependencies" not in a
    assert b["dependencies"] == [{"predecessor": "a"}]  # FS is the default, not written
    assert m["dependencies"] == [{"predecessor": "b", "lag": "1h"}]
    assert m["kind"] == "milestone" and "duration" not in m
    # a: Mon-Tue; b (1 working day): Wed; m 1h after b's finish (Wed 17:00)
    # is Thu 09:00.
    s = p.schedule()
    assert s.task("m").early_finish == dt.datetime(2025, 1, 9, 9, 0)


def test_everything_with_pandas() -> None:
    tasks = pd.DataFrame(
        {
            "id": ["t1", "t2"],
            "name": ["Buy", "Install"],
            "duration": [1, 3],
            "constraint_type": ["SNET", None],
            "constraint_date": pd.to_datetime(["2025-10-06", None]),
            "deadline": [None, dt.datetime(2025, 10, 31, 12, 0)],
            "percent_complete": [100.0, None],
            "owner": ["alex", "alex"],
        }
    )
    kpis = pd.DataFrame(
        {
            "id": ["k"], "name": ["Compliant %"], "polarity": ["at_least"],
            "baseline_value": [80], "baseline_date": [dt.date(2025, 10, 1)],
            "target_value": [99.9], "target_date": ["2026-01-01"],
            "goal": ["g"], "weight": [3.0], "unit": ["%"], "leading": [False],
        }
    )  # fmt: skip
    measurements = pd.DataFrame(
        {"kpi": ["k", "k"], "date": pd.to_datetime(["2025-10-31", "2025-11-30"]), "value": [88.5, 95.2]}
    )
    resources = pd.DataFrame({"id": ["alex"], "name": ["Alex"], "rate": [Decimal("120.00")], "rate_from": [dt.date(2025, 1, 1)]})
    costs = pd.DataFrame(
        {
            "id": ["c1", "c2"], "category": ["software", "labour"], "kind": ["fixed", "labour"],
            "task": ["t1", "t2"], "amount": [5000.0, None], "resource": [None, "alex"],
            "hours": [None, 24], "accrual": ["start", None],
        }
    )  # fmt: skip
    assignments = pd.DataFrame({"task": ["t2"], "resource": ["alex"], "role": ["accountable"], "hours": [24.0]})
    p = stratops.Plan.from_frames(
        tasks=tasks, kpis=kpis, measurements=measurements, costs=costs, resources=resources,
        assignments=assignments, goals=pd.DataFrame({"id": ["g"], "name": ["Comply"], "due": [dt.date(2025, 12, 31)]}),
        start="2025-10-01", end=dt.date(2025, 12, 31), plan_id="ops", name="Ops", kind="operational",
        owner="alex", currency="USD", organisation="Example", settings={"critical_threshold_min": 0},
    )  # fmt: skip
    assert p.validate() == []
    d = p.to_dict()
    plan = d["plans"][0]
    t1, t2 = plan["tasks"]
    # A midnight timestamp is a bare date; a time of day is kept.
    assert t1["constraint"] == {"type": "SNET", "date": dt.date(2025, 10, 6)}
    assert t2["deadline"] == dt.datetime(2025, 10, 31, 12, 0)
    assert t1["progress"]["percent_complete"] == 100.0
    assert t2["assignments"] == [{"resource": "alex", "role": "accountable", "hours": 24.0}]
    # Money: a float 5000.0 is written through its repr, exactly.
    assert plan["costs"][0]["amount"] == Decimal("5000.0")
    assert plan["costs"][1]["hours"] == Decimal("24")
    assert d["resources"][0]["rates"] == [{"from": dt.date(2025, 1, 1), "standard": Decimal("120.00")}]
    k = plan["kpis"][0]
    assert k["goals"] == [{"goal": "g", "weight": 3.0}]
    assert [m["value"] for m in k["measurements"]] == [88.5, 95.2]
    assert d["organisation"] == "Example" and d["currency"] == "USD"
    # The scorecard sees the measurements: 95.2 on 30 Nov.
    assert p.scorecard("2025-12-01").kpi("k").value == 95.2


def test_missing_column_is_named() -> None:
    with pytest.raises(stratops.FrameError) as e:
        stratops.Plan.from_frames(tasks=pd.DataFrame({"id": ["a"]}), start="2025-01-06")
    err = e.value
    assert err.code == "missing_column" and err.frame == "tasks" and err.column == "name"
    assert "'name'" in str(err)
    assert isinstance(err, stratops.StratopsError) and isinstance(err, ValueError)


def test_mistyped_column_is_named() -> None:
    tasks = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "duration": ["1d", True]})
    with pytest.raises(stratops.FrameError) as e:
        stratops.Plan.from_frames(tasks=tasks, start="2025-01-06")
    assert e.value.code == "wrong_column_type"
    assert (e.value.frame, e.value.column, e.value.row) == ("tasks", "duration", 1)
    assert "tasks.duration" in str(e.value)
    # Integer ids are refused, with the column named.
    with pytest.raises(stratops.FrameError) as e:
        stratops.Plan.from_frames(tasks=pd.DataFrame({"id": [1], "name": ["A"]}), start="2025-01-06")
    assert e.value.column == "id"
    # A date-only field refuses a time of day.
    with pytest.raises(stratops.FrameError) as e:
        stratops.Plan.from_frames(
            tasks={"id": ["a"], "name": ["A"]},
            goals={"id": ["g"], "name": ["G"], "due": [dt.datetime(2025, 1, 1, 9, 30)]},
            start="2025-01-06",
        )
    assert e.value.column == "due"


def test_missing_required_value() -> None:
    with pytest.raises(stratops.FrameError) as e:
        stratops.Plan.from_frames(tasks=pd.DataFrame({"id": ["a", None], "name": ["A", "B"]}), start="2025-01-06")
    assert (e.value.code, e.value.row) == ("missing_value", 1)


def test_unknown_successor_and_kpi() -> None:
    with pytest.raises(stratops.FrameError) as e:
        stratops.Plan.from_frames(
            tasks={"id": ["a"], "name": ["A"]},
            dependencies={"successor": ["zzz"], "predecessor": ["a"]},
            start="2025-01-06",
        )
    assert (e.value.code, e.value.column) == ("unknown_id", "successor")
    with pytest.raises(stratops.FrameError) as e:
        stratops.Plan.from_frames(measurements={"kpi": ["k"], "date": ["2025-01-01"], "value": [1]}, start="2025-01-06")
    assert e.value.frame == "measurements"


def test_unknown_predecessor_is_a_validation_finding() -> None:
    p = stratops.Plan.from_frames(
        tasks={"id": ["a"], "name": ["A"]}, dependencies={"successor": ["a"], "predecessor": ["ghost"]}, start="2025-01-06"
    )
    assert [d.code for d in p.validate()] == ["dangling_reference"]


def test_bad_values_reach_the_core_with_a_path() -> None:
    with pytest.raises(stratops.FormatError) as e:
        stratops.Plan.from_frames(tasks={"id": ["a"], "name": ["A"], "duration": ["5x"]}, start="2025-01-06")
    assert e.value.code == "bad_duration" and e.value.path == "plans[0].tasks[0].duration"


def test_start_is_required_and_frames_checked() -> None:
    with pytest.raises(stratops.FrameError) as e:
        stratops.Plan.from_frames(tasks={"id": ["a"], "name": ["A"]})
    assert e.value.code == "missing_start"
    with pytest.raises(stratops.FrameError) as e:
        stratops.Plan.from_frames(tasks=[1, 2, 3], start="2025-01-06")
    assert e.value.code == "bad_frame"
    with pytest.raises(stratops.FrameError):
        stratops.Plan.from_frames(tasks={"id": ["a", "b"], "name": ["A"]}, start="2025-01-06")


def test_leap_day_start() -> None:
    p = stratops.Plan.from_frames(tasks={"id": ["a"], "name": ["A"]}, start=dt.date(2024, 2, 29))
    # One year later, on the 28th: 29 Feb 2025 does not exist.
    assert p.to_dict()["plans"][0]["horizon"]["end"] == dt.date(2025, 2, 28)


def test_assignment_units_and_contour_drive_the_dates() -> None:
    tasks = pd.DataFrame({"id": ["w"], "name": ["Write"], "duration": ["1d"]})
    resources = pd.DataFrame({"id": ["ana"], "name": ["Ana"]})
    assignments = pd.DataFrame(
        {"task": ["w"], "resource": ["ana"], "hours": [12.0], "units": [1.0], "contour": ["front_loaded"]}
    )
    p = stratops.Plan.from_frames(tasks=tasks, resources=resources, assignments=assignments, start="2025-01-06")
    a = p.to_dict()["plans"][0]["tasks"][0]["assignments"][0]
    assert a["units"] == 1.0 and a["contour"] == "front_loaded"
    # 12 h front loaded (mean 60%) = 20 working hours from Monday 08:00:
    # Tuesday 17:00 after 16, then Wednesday 12:00.
    assert p.schedule().task("w").early_finish.isoformat() == "2025-01-08T12:00:00"
    bad = assignments.assign(contour=["zigzag"])
    with pytest.raises(stratops.FormatError) as e:
        stratops.Plan.from_frames(tasks=tasks, resources=resources, assignments=bad, start="2025-01-06")
    assert "contour" in str(e.value)
