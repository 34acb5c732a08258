"""The schedule kept as a Rust object, and the tasks frames converted in
Rust: both must give exactly what the JSON path gave."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import pickle
from typing import Any, Dict

import pandas as pd
import polars as pl
import pytest

import stratops
from conftest import ROOT

PLANS = sorted((ROOT / "examples" / "plans").glob("*.json"))


def _from_json(plan: stratops.Plan) -> stratops.ScheduleResult:
    """The schedule the way it crossed the boundary before: as JSON."""
    return stratops.ScheduleResult(json.loads(plan._doc.run("schedule", "{}")), {"plan": plan})


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_native_schedule_equals_the_json_one(path: pathlib.Path) -> None:
    plan = stratops.load(path)
    native, old = plan.schedule(), _from_json(plan)
    assert native._native is not None and native._raw_data is None  # nothing converted yet
    assert native.project_finish == old.project_finish
    assert native.critical_path == old.critical_path
    pd.testing.assert_frame_equal(native.to_pandas(), old.to_pandas())
    assert native.to_polars().equals(old.to_polars())
    assert native.to_polars().schema == old.to_polars().schema
    for t in old.tasks:
        assert native.task(t.id) == t
    assert native.to_dict() == old.to_dict()
    assert native.to_json() == old.to_json() and native == old
    assert repr(native) == repr(old)
    again = pickle.loads(pickle.dumps(native))
    assert again == native and again.to_dict() == native.to_dict()


@pytest.mark.parametrize("path", PLANS, ids=[p.stem for p in PLANS])
def test_native_arrow_equals_the_list_path(path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With pyarrow the frames wrap Arrow buffers built in Rust; without it
    # they are built from lists and numpy buffers. Both must be equal, and
    # the Arrow table must have the documented types.
    import pyarrow as pa

    sched = stratops.load(path).schedule()
    table = sched.to_arrow()
    assert table.schema.field("id").type == pa.large_string()
    assert table.schema.field("early_start").type == pa.timestamp("us")
    assert table.schema.field("critical").type == pa.bool_()
    assert table.schema.field("total_float_min").type == pa.int64()
    assert pa.table(sched).equals(table)
    via_arrow, via_polars = sched.to_pandas(), sched.to_polars()
    monkeypatch.setattr(stratops.ScheduleResult, "_arrow", lambda self, native: None)
    pd.testing.assert_frame_equal(via_arrow, sched.to_pandas())
    assert via_polars.equals(sched.to_polars()) and via_polars.schema == sched.to_polars().schema
    assert table.column("driver_kind").to_pylist() == list(sched.to_pandas()["driver_kind"])


def test_native_schedule_columns() -> None:
    plan = stratops.load(ROOT / "examples" / "plans" / "endpoint-security.json")
    df = plan.schedule().to_pandas()
    assert str(df["early_start"].dtype) == "datetime64[us]"
    assert str(df["total_float_min"].dtype) == "int64" and str(df["critical"].dtype) == "bool"
    row = df.set_index("id").loc["av-install"]
    assert row["early_start"] == pd.Timestamp(2025, 10, 6, 8) and row["total_float_min"] == 2400
    assert row["driver_kind"] == "link" and row["driver_predecessor"] == "av-buy"
    assert plan.schedule().to_polars().schema["early_start"] == pl.Datetime("us")


def test_native_columns_in_the_json_order_when_the_first_task_has_a_link() -> None:
    # The first task in document order is driven by a link (with a lag),
    # so its driver fields come right after driver_kind; the summary field,
    # first met on a later row, comes last.
    doc = {
        "format": "stratops/1",
        "plans": [{
            "id": "p", "kind": "project", "name": "P",
            "horizon": {"start": "2025-10-06", "end": "2025-12-31"},
            "tasks": [
                {"id": "b", "name": "B", "duration": "1d",
                 "dependencies": [{"predecessor": "a", "lag": "1d"}]},
                {"id": "a", "name": "A", "duration": "2d"},
                {"id": "s", "name": "S", "dependencies": [{"predecessor": "b"}]},
                {"id": "c", "name": "C", "parent": "s", "duration": "1d"},
            ],
        }],
    }  # fmt: skip
    plan = stratops.loads(json.dumps(doc))
    native, old = plan.schedule(), _from_json(plan)
    cols = list(native.to_pandas().columns)
    assert cols[cols.index("driver_kind") + 1 : cols.index("driver_kind") + 4] == [
        "driver_lag", "driver_link_type", "driver_predecessor",
    ]  # fmt: skip
    assert cols[-1] == "driver_summary"
    pd.testing.assert_frame_equal(native.to_pandas(), old.to_pandas())
    assert native.to_polars().equals(old.to_polars())


def test_frames_refuse_a_value_whose_item_is_not_a_scalar() -> None:
    class Odd:
        """``.item()`` returns itself: unwrapping it again would never end."""

        def item(self) -> "Odd":
            return self

    with pytest.raises(stratops.StratopsError):
        stratops.Plan.from_frames(
            tasks=pd.DataFrame({"id": ["a"], "name": ["A"], "duration": [Odd()]}),
            start=dt.date(2025, 10, 6),
        )


def _tasks() -> Dict[str, Any]:
    return {"id": ["a", "b"], "name": ["A", "B"]}


def test_frames_errors_name_frame_column_row_and_path() -> None:
    utc = dt.timezone.utc
    with pytest.raises(stratops.FrameError) as e:
        stratops.Plan.from_frames(
            tasks={"id": ["a"], "name": ["A"], "deadline": [dt.datetime(2025, 1, 1, tzinfo=utc)]}, start="2025-01-06"
        )
    assert (e.value.code, e.value.column, e.value.row) == ("wrong_column_type", "deadline", 0)
    assert "time zone" in str(e.value)
    with pytest.raises(stratops.FrameError) as e:
        stratops.Plan.from_frames(
            tasks=_tasks(), assignments={"task": ["a", "zz"], "resource": ["r", "r"]}, start="2025-01-06"
        )
    assert (e.value.code, e.value.frame, e.value.column, e.value.row) == ("unknown_id", "assignments", "task", 1)
    with pytest.raises(stratops.FormatError) as f:
        stratops.Plan.from_frames(
            tasks=_tasks(), dependencies={"successor": ["b"], "predecessor": ["a"], "type": ["XY"]}, start="2025-01-06"
        )
    assert f.value.code == "unknown_variant" and f.value.path == "plans[0].tasks[1].dependencies[0].type"
    assert "line 0" not in str(f.value)
    with pytest.raises(stratops.FormatError) as f:
        stratops.Plan.from_frames(
            tasks=dict(_tasks(), constraint_type=["MSO", None], constraint_date=[None, "2025-13-01"]),
            start="2025-01-06",
        )
    assert f.value.code == "bad_date" and f.value.path == "plans[0].tasks[1].constraint.date"


def test_frames_values_as_the_document_holds_them() -> None:
    p = stratops.Plan.from_frames(
        tasks=pd.DataFrame(
            {
                "id": ["a", "b"], "name": ["A", "B"], "duration": [2, 1.5], "supports": ["g1, g2", None],
                "constraint_type": [None, "MSO"],
                "constraint_date": [None, pd.Timestamp("2025-01-08 09:30:10.5")],
                "percent_complete": [None, 50],
            }
        ),
        dependencies=pd.DataFrame({"successor": ["b"], "predecessor": ["a"], "type": ["SS"], "lag": ["50%"]}),
        assignments={"task": ["b"], "resource": ["r"], "role": ["accountable"], "hours": [8]},
        start="2025-01-06",
    )  # fmt: skip
    a, b = p.to_dict(typed_values=False)["plans"][0]["tasks"]
    assert a == {"id": "a", "name": "A", "duration": "2d", "supports": ["g1", "g2"]}
    assert b["duration"] == "1.5d" and b["constraint"] == {"type": "MSO", "date": "2025-01-08T09:30:10"}
    assert b["dependencies"] == [{"predecessor": "a", "type": "SS", "lag": "50%"}]
    assert b["assignments"] == [{"resource": "r", "role": "accountable", "hours": 8.0}]
    assert b["progress"] == {"percent_complete": 50.0}


def test_document_kept_once_through_validation() -> None:
    # The document moves into its model when validated; refused, it stays
    # beside the error. Either way it can still be read, saved and pickled.
    bad = stratops.Plan.from_frames(
        tasks=_tasks(), dependencies={"successor": ["b"], "predecessor": ["ghost"]}, start="2025-01-06"
    )
    text = bad.dumps()
    with pytest.raises(stratops.ValidationError):
        bad.schedule()
    with pytest.raises(stratops.ValidationError):
        bad.check()
    assert bad.dumps() == text and [d.code for d in bad.validate()] == ["dangling_reference"]
    assert "2 task(s)" in repr(bad._doc) and bad._task_names() == {"a": "A", "b": "B"}
    assert pickle.loads(pickle.dumps(bad)) == bad
    good = stratops.Plan.from_frames(tasks=_tasks(), start="2025-01-06")
    text = good.dumps()
    assert good.schedule().project_start == dt.datetime(2025, 1, 6, 8)
    assert good.dumps() == text and good.validate() == [] and good._task_names() == {"a": "A", "b": "B"}


def test_document_shared_between_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    plan = stratops.load(ROOT / "examples" / "plans" / "endpoint-security.json")
    text = plan.dumps()
    jobs = [plan.dumps, plan.schedule, plan.validate, plan._task_names] * 8
    with ThreadPoolExecutor(4) as pool:
        out = list(pool.map(lambda f: f(), jobs))
    assert all(o == text for o in out[0::4])
    assert len({r.project_finish for r in out[1::4]}) == 1
