"""Results cross to Arrow through the PyCapsule interface: money exact as
decimal128, dates as timestamps, the same rows as the DataFrames."""

from __future__ import annotations

from decimal import Decimal

import pytest

import stratops


def test_results_are_arrow_streams(plan: stratops.Plan) -> None:
    pa = pytest.importorskip("pyarrow")
    pl = pytest.importorskip("polars")
    budget = plan.budget()
    t = pa.table(budget)  # through __arrow_c_stream__
    money = [f for f in t.schema if pa.types.is_decimal(f.type)]
    assert money, t.schema
    col = money[0].name
    assert [Decimal(str(v)) for v in t.column(col).to_pylist()] == list(budget.to_pandas()[col])
    s = plan.schedule()
    st = pa.table(s)
    assert pa.types.is_timestamp(st.schema.field("early_start").type)
    assert st.num_rows == len(s.tasks)
    assert pl.DataFrame(s).shape == (len(s.tasks), st.num_columns)
    assert s.to_arrow("tasks").equals(st)


def test_from_frames_reads_arrow_tables() -> None:
    pa = pytest.importorskip("pyarrow")
    tasks = pa.table({"id": ["a", "b"], "name": ["A", "B"], "duration": ["2d", "3d"]})
    deps = pa.table({"successor": ["b"], "predecessor": ["a"]})
    plan = stratops.Plan.from_frames(tasks=tasks, dependencies=deps, start="2025-10-06")
    same = stratops.Plan.from_frames(tasks=tasks.to_pydict(), dependencies=deps.to_pydict(), start="2025-10-06")
    assert plan == same
    assert plan.schedule().project_finish == same.schedule().project_finish
    # a round trip: a result's Arrow stream back into a frame
    again = stratops.Plan.from_frames(tasks=pa.table(plan.schedule()).select(["id", "name", "duration_min"]).rename_columns(["id", "name", "minutes"]), start="2025-10-06")
    assert [t["id"] for t in again.to_dict()["plans"][0]["tasks"]] == ["a", "b"]
