"""Editing from Python: transactions, refusals that change nothing, undo
and redo restoring exactly (against a fresh plan)."""

from __future__ import annotations

import datetime as dt

import pytest

import stratops
from stratops.errors import CalculationError, CycleError, ValidationError


def fresh(plan: stratops.Plan) -> stratops.Plan:
    return stratops.loads(plan.dumps())


def test_apply_undo_redo(plan: stratops.Plan) -> None:
    start = plan.dumps()
    finish = plan.schedule().project_finish
    c = plan.apply(
        [
            {"op": "updateTask", "id": "av-install", "set": {"duration": "9d"}},
            {"op": "addTask", "task": {"id": "extra", "name": "Extra", "duration": "1d",
                                       "dependencies": [{"predecessor": "av-install"}]}},
        ]
    )
    assert "av-install" in c.changed_tasks
    assert c.added_tasks == ["extra"]
    assert c.project_finish_before == finish
    assert isinstance(c.project_finish, dt.datetime)
    assert plan.schedule().to_json() == fresh(plan).schedule().to_json()
    assert plan.can_undo and not plan.can_redo
    back = plan.undo()
    assert back is not None and back.removed_tasks == ["extra"]
    assert plan.dumps() == start
    assert plan.schedule().project_finish == finish
    assert plan.undo() is None
    again = plan.redo()
    assert again is not None and again.added_tasks == ["extra"]
    assert plan.schedule().to_json() == fresh(plan).schedule().to_json()


def test_refusals_change_nothing(plan: stratops.Plan) -> None:
    start = plan.dumps()
    with pytest.raises(CycleError) as e:
        plan.apply(
            [
                {"op": "updateTask", "id": "av-install", "set": {"name": "Renamed"}},
                {"op": "addDependency", "successor": "av-evaluate", "predecessor": "av-buy"},
            ]
        )
    assert e.value.code == "dependency_cycle"
    assert str(e.value).startswith("edits[1] (addDependency)")
    with pytest.raises(ValidationError) as v:
        plan.apply([{"op": "updateTask", "id": "av-install", "set": {"duration": "-1d"}}])
    assert v.value.diagnostics[0].code == "negative_duration"
    with pytest.raises(CalculationError) as u:
        plan.apply([{"op": "removeTask", "id": "nope"}])
    assert u.value.code == "unknown_id"
    with pytest.raises(CalculationError) as b:
        plan.apply([{"op": "renameTask", "id": "a"}])
    assert b.value.code == "bad_edit"
    assert plan.dumps() == start
    assert not plan.can_undo
