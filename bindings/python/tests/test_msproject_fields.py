"""The MS Project fields of the model (manual tasks, the project start time,
assignment units, task types) load, schedule and save again from Python."""

from __future__ import annotations

import json

import stratops

DOC = {
    "format": "stratops/1",
    "resources": [{"id": "r", "name": "R"}],
    "plans": [
        {
            "id": "p",
            "kind": "project",
            "name": "P",
            "horizon": {"start": "2025-01-06", "end": "2025-12-31"},
            "start_time": "09:00",
            "tasks": [
                {"id": "a", "name": "A", "duration": "1d"},
                {"id": "m", "name": "M", "duration": "1d", "dependencies": [{"predecessor": "a"}],
                 "manual": {"start": "2025-01-06T13:00", "finish": "2025-01-07T12:00"}},
                {"id": "w", "name": "W", "duration": "1d", "task_type": "fixed_units", "effort_driven": True,
                 "assignments": [{"resource": "r", "hours": 16, "units": 0.5}]},
                {"id": "c", "name": "C", "duration": "1d",
                 "assignments": [{"resource": "r", "hours": 12, "units": 1, "contour": "front_loaded"}]},
                {"id": "s", "name": "S", "duration": "1d",
                 "assignments": [{"resource": "r", "hours": 8, "units": 1, "contour": "contoured", "timephased": [
                     {"start": "2025-01-06T09:00", "finish": "2025-01-07T09:00", "hours": 4},
                     {"start": "2025-01-07T09:00", "finish": "2025-01-08T09:00", "hours": 0},
                     {"start": "2025-01-08T09:00", "finish": "2025-01-09T09:00", "hours": 4},
                 ]}]},
            ],
        }
    ],
}


def test_new_fields_schedule_and_round_trip() -> None:
    plan = stratops.loads(json.dumps(DOC))
    s = plan.schedule()
    rows = {t.id: t for t in s.tasks}
    # 09:00 start: 3 h to noon, 4 h to 17:00, 1 h Tuesday = Tuesday 09:00.
    assert rows["a"].early_finish.isoformat() == "2025-01-07T09:00:00"
    # The manual task keeps its entered dates whatever its predecessor says.
    assert rows["m"].early_start.isoformat() == "2025-01-06T13:00:00"
    assert rows["m"].driver.kind == "manual"
    # 16 h at 50% = 32 working hours from Monday 09:00: Thursday 17:00 + 1 h.
    assert rows["w"].early_finish.isoformat() == "2025-01-10T09:00:00"
    back = json.loads(plan.dumps())
    assert back["plans"][0]["start_time"] == "09:00"
    tasks = {t["id"]: t for t in back["plans"][0]["tasks"]}
    assert tasks["m"]["manual"] == {"start": "2025-01-06T13:00:00", "finish": "2025-01-07T12:00:00"}
    assert tasks["w"]["task_type"] == "fixed_units" and tasks["w"]["effort_driven"] is True
    assert tasks["w"]["assignments"][0]["units"] == 0.5


def test_contours_and_timephased_splits() -> None:
    plan = stratops.loads(json.dumps(DOC))
    rows = {t.id: t for t in plan.schedule().tasks}
    # 12 h front loaded (mean 60%) = 20 working hours from Monday 09:00:
    # 7 h Monday, 8 h Tuesday, 5 h Wednesday = Wednesday 14:00.
    assert rows["c"].early_finish.isoformat() == "2025-01-08T14:00:00"
    # The periods span three working days (a zero-work Tuesday): Thursday 09:00.
    assert rows["s"].early_finish.isoformat() == "2025-01-09T09:00:00"
    back = json.loads(plan.dumps())
    tasks = {t["id"]: t for t in back["plans"][0]["tasks"]}
    assert tasks["c"]["assignments"][0]["contour"] == "front_loaded"
    assert [p["hours"] for p in tasks["s"]["assignments"][0]["timephased"]] == [4.0, 0.0, 4.0]
