"""Bounded cost (the four inputs of the bounded-cost issue): each finishes
quickly or is refused with a coded error, and the session stays usable."""

from __future__ import annotations

import json

import pytest

import stratops
from conftest import EXAMPLE


def still_works() -> None:
    assert stratops.load(EXAMPLE).schedule().project_finish.isoformat() == "2025-12-29T17:00:00"


def project(tasks, **extra):
    plan = {"id": "p", "kind": "project", "name": "P", "horizon": {"start": "2025-01-06", "end": "2025-12-31"}, "tasks": tasks}
    plan.update(extra)
    return json.dumps({"format": "stratops/1", "plans": [plan]})


def test_f1_wide_summary_schedules() -> None:
    n = 20_000
    tasks = [{"id": "s", "name": "S"}]
    tasks += [{"id": f"c{i}", "name": "c", "parent": "s", "duration": "1d"} for i in range(n)]
    tasks += [{"id": f"d{i}", "name": "d", "duration": "1d", "dependencies": [{"predecessor": "s"}]} for i in range(n)]
    s = stratops.loads(project(tasks)).schedule()
    assert len(s.critical_paths) == 100
    assert s.paths_truncated is True
    assert list(s.critical_paths[0]) == ["c0", "d0"]
    still_works()


def test_f2_centuries_of_prorated_lines_are_refused() -> None:
    costs = [{"id": f"l{i}", "category": "x", "kind": "fixed", "amount": "1000.00", "accrual": "prorated"} for i in range(1000)]
    text = json.dumps({"format": "stratops/1", "plans": [{"id": "p", "kind": "strategic", "name": "P",
                        "horizon": {"start": "0001-01-01", "end": "9999-12-31"}, "costs": costs}]})
    plan = stratops.loads(text)
    with pytest.raises(stratops.CalculationError) as e:
        plan.budget()
    assert e.value.code == "horizon_too_long"
    still_works()


def test_f4_lag_beyond_the_calendar_is_refused() -> None:
    tasks = [{"id": "a", "name": "A", "duration": "1d"},
             {"id": "b", "name": "B", "duration": "1d", "dependencies": [{"predecessor": "a", "lag": "-1000000000m"}]}]
    plan = stratops.loads(project(tasks))  # loading does not validate yet
    assert [d.code for d in plan.validate()] == ["date_out_of_range"]
    with pytest.raises(stratops.ValidationError) as e:
        plan.schedule()
    assert any(d.code == "date_out_of_range" and d.id == "b" for d in e.value.diagnostics)
    still_works()
