"""Resource leveling and resource usage from Python: the typed result,
frames, the histogram before and after, progress and stopping, errors."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Tuple

import pytest

import stratops
from stratops.errors import CalculationError, ImportFormatError

SM = b"""\
jobs (incl. supersource/sink ):  4
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     2       2
  4      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
   3
************************************************************************
"""


def two_on_ana(**extra: Any) -> Dict[str, Any]:
    """Ana on two 2- and 3-day tasks that the schedule starts together."""
    b: Dict[str, Any] = {"id": "b", "name": "B", "duration": 3, "assignments": [{"resource": "ana"}]}
    b.update(extra)
    return {
        "format": "stratops/1",
        "resources": [{"id": "ana", "name": "Ana"}],
        "plans": [
            {
                "id": "p",
                "kind": "project",
                "name": "P",
                "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
                "tasks": [
                    {"id": "a", "name": "A", "duration": 2, "assignments": [{"resource": "ana"}]},
                    b,
                ],
            }
        ],
    }


def test_standard_leveling_delays_one_task_and_keeps_the_unleveled_dates() -> None:
    plan = stratops.Plan.from_dict(two_on_ana())
    r = plan.level()
    assert isinstance(r, stratops.LevelResult)
    assert r.mode == "standard"
    assert (r.makespan_days, r.lower_bound_days) == (5, 3)
    assert r.project_start == dt.datetime(2025, 10, 6, 8, 0)
    assert r.unleveled_finish == dt.datetime(2025, 10, 8, 17, 0)
    # Monday 6 October + 5 working days: Friday 10 October
    assert r.finish == dt.datetime(2025, 10, 10, 17, 0)
    assert r.overallocations == []
    (o,) = r.overallocations_before
    assert (o.resource, o.tasks, o.peak_units, o.capacity_units) == ("ana", ["a", "b"], 2.0, 1.0)
    assert o["from"] == dt.date(2025, 10, 6)
    delays = {t.id: t.leveling_delay_days for t in r.tasks}
    assert sorted(delays.values()) == [0, 2] or sorted(delays.values()) == [0, 3]
    df = r.to_pandas()
    assert list(df["id"]) == ["a", "b"]
    for col in ("start", "finish", "start_day", "finish_day", "leveling_delay_days", "early_start"):
        assert col in df.columns
    assert str(df["start"].dtype).startswith("datetime64")
    before = r.to_pandas("usage_before")
    assert before["over"].sum() == 2  # two days at 2.0 units on a 1.0 person
    assert r.to_pandas("usage")["over"].sum() == 0
    fig = r.plot()
    names = [t.name for t in fig.data]
    assert names == ["before leveling", "after leveling"]
    # the after bars reach 1.0 at most; the before bars reach 2.0
    assert max(fig.data[1].y) == 1.0 and max(fig.data[0].y) == 2.0
    assert "LevelResult" in r._repr_html_()


def test_do_not_level_and_within_slack() -> None:
    # b at priority 1000 never moves: a waits instead
    r = stratops.Plan.from_dict(two_on_ana(priority=1000)).level()
    delays = {t.id: t.leveling_delay_days for t in r.tasks}
    assert delays == {"a": 3, "b": 0}
    # within slack nothing can move (both are critical): the overload stays
    r = stratops.Plan.from_dict(two_on_ana()).level(within_slack=True)
    assert [t.leveling_delay_days for t in r.tasks] == [0, 0]
    assert len(r.overallocations) == 1


def test_resource_usage_by_day_and_week() -> None:
    plan = stratops.Plan.from_dict(two_on_ana())
    day = plan.resource_usage()
    assert isinstance(day, stratops.ResourceUsageResult)
    rows = day.rows()
    assert [(r.date, r.units, r.over) for r in rows] == [
        (dt.date(2025, 10, 6), 2.0, True),
        (dt.date(2025, 10, 7), 2.0, True),
        (dt.date(2025, 10, 8), 1.0, False),
    ]
    assert rows[0].tasks == ["a", "b"]
    week = plan.resource_usage("week")
    (w,) = week.rows()
    # one week row: peak 2.0, 5 unit-days (2 + 2 + 1), over capacity
    assert (w.date, w.units, w.unit_days, w.over) == (dt.date(2025, 10, 6), 2.0, 5.0, True)
    df = week.to_pandas()
    assert {"resource", "date", "units", "unit_days", "capacity_units", "over", "tasks"} <= set(df.columns)
    assert str(df["date"].dtype).startswith("datetime64")
    fig = day.plot("ana")
    assert list(fig.data[0].marker.color) == ["#d62728", "#d62728", "#1f77b4"]
    with pytest.raises(ValueError, match="no usage for resource"):
        day.plot("bob")
    with pytest.raises(CalculationError) as e:
        plan.resource_usage("month")
    assert e.value.code == "bad_option"


def test_psplib_optimises_by_default_with_progress_and_a_stop() -> None:
    plan = stratops.import_psplib(SM)
    calls: List[Tuple[int, int]] = []
    r = plan.level(schedules=2000, seed=5, progress=lambda d, t: calls.append((d, t)))
    assert r.mode == "optimise" and r.seed == 5
    assert r.makespan_days == 5 and not r.stopped
    assert calls and all(t == 2000 for _, t in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    # the same seed gives the same schedule
    again = plan.level(schedules=2000, seed=5, progress=False)
    assert again.to_json() == r.to_json()
    # a callback returning False stops the run with the best so far
    stopped = plan.level(schedules=100_000, progress=lambda d, t: False)
    assert stopped.stopped and stopped.schedules < 100_000
    assert stopped.makespan_days == 5

    def boom(done: int, total: int) -> None:
        raise RuntimeError("from the callback")

    with pytest.raises(RuntimeError, match="from the callback"):
        plan.level(schedules=100_000, progress=boom)


def test_leveling_errors_are_coded() -> None:
    with pytest.raises(CalculationError) as e:
        stratops.Plan.from_dict(two_on_ana()).level(mode="fastest")
    assert e.value.code == "bad_option"
    with pytest.raises(CalculationError) as e:
        stratops.Plan.from_dict(two_on_ana()).level(schedules=0)
    assert e.value.code == "bad_option"
    heavy = two_on_ana()
    heavy["plans"][0]["tasks"][1]["assignments"][0]["units"] = 2
    with pytest.raises(CalculationError) as e:
        stratops.Plan.from_dict(heavy).level()
    assert e.value.code == "over_capacity"
    with pytest.raises(ImportFormatError) as f:
        stratops.import_psplib(SM.replace(b"   3\n****", b"   x\n****"))
    assert f.value.code == "bad_psplib"
