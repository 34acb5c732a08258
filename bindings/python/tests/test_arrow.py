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


def _frames_doc(tasks: object, deps: object) -> dict:
    return stratops.Plan.from_frames(tasks=tasks, dependencies=deps, start="2025-10-06").to_dict()


def test_from_frames_reads_arrow_string_buffers_like_lists() -> None:
    # Arrow-backed string columns go to Rust as their buffers (no Python
    # string per cell). Every form must give the document the lists give:
    # small and large offsets, several chunks, a sliced array (non-zero
    # offset), nulls, comma-separated ids.
    pa = pytest.importorskip("pyarrow")
    pd = pytest.importorskip("pandas")
    cols = {
        "id": ["a", "b", "c", "d", "é"],
        "name": ["A", "B", "Ç", "D", "E"],
        "duration": ["2d", None, "1w", "3h", "1ed"],
        "parent": [None, None, None, "c", None],
        "supports": [None, "g1, g2", None, "", "g3"],
    }
    deps = {"successor": ["b", "d", "é"], "predecessor": ["a", "a", "b"], "lag": ["1d", None, "-2h"]}
    want = _frames_doc(cols, deps)
    for ty in (pa.string(), pa.large_string()):
        t = pa.table({k: pa.array(v, ty) for k, v in cols.items()})
        d = pa.table({k: pa.array(v, ty) for k, v in deps.items()})
        assert _frames_doc(t, d) == want
        # two chunks, the second a slice of a longer array (offset 1)
        chunked = pa.table({k: pa.chunked_array([pa.array(v[:2], ty), pa.array(["x"] + v[2:], ty).slice(1)])
                            for k, v in cols.items()})  # fmt: skip
        assert _frames_doc(chunked, d) == want
    # pandas' str dtype (pyarrow storage) and ArrowDtype
    assert _frames_doc(pd.DataFrame(cols, dtype="str"), pd.DataFrame(deps, dtype="str")) == want
    arrow_dt = pd.ArrowDtype(pa.large_string())
    assert _frames_doc(pd.DataFrame(cols).astype(arrow_dt), pd.DataFrame(deps).astype(arrow_dt)) == want
    assert _frames_doc(pd.DataFrame(cols, dtype=object), pd.DataFrame(deps, dtype=object)) == want


def test_arrow_string_columns_refused_like_lists() -> None:
    # A missing required value and a string in a number column: the same
    # FrameError (code, column, row, message) from Arrow buffers as from lists.
    pa = pytest.importorskip("pyarrow")
    for tasks in ({"id": ["a", None], "name": ["A", "B"]},
                  {"id": ["a", "b"], "name": ["A", "B"], "percent_complete": ["x", "y"]}):  # fmt: skip
        errs = []
        for frame in (tasks, pa.table(tasks)):
            with pytest.raises(stratops.FrameError) as e:
                stratops.Plan.from_frames(tasks=frame, start="2025-10-06")
            errs.append((e.value.code, e.value.column, e.value.row, str(e.value)))
        assert errs[0] == errs[1], errs


def test_arrow_string_buffers_checked_natively() -> None:
    # The native reader never trusts a length, an offset or the bytes it is
    # handed: a chunk longer than its offsets is refused before anything is
    # allocated; data too short or not UTF-8 is a wrong_column_type.
    pa = pytest.importorskip("pyarrow")
    from stratops import _core

    arr = pa.array(["ab", "c"])
    v, o, d = [None if b is None else memoryview(b).cast("B") for b in arr.buffers()]
    for bad in ((10**12, 0, v, o, d, False), (2, 5, v, o, d, False), (2, 0, v, o, d, True)):
        with pytest.raises(ValueError, match="longer than its offsets"):
            _core.task_frames({"id": ("arrow_utf8", [bad]), "name": ["A", "B"]})
    for data in (memoryview(b"ab"), memoryview(b"a\xffc")):
        with pytest.raises(stratops.FrameError) as e:
            _core.task_frames({"id": ("arrow_utf8", [(2, 0, v, o, data, False)]), "name": ["A", "B"]})
        assert (e.value.code, e.value.column) == ("wrong_column_type", "id")


def test_arrow_frames_convert_without_the_gil_with_the_same_errors() -> None:
    # Arrow-backed tasks and dependencies frames convert with the GIL
    # released (refusals become FrameErrors after): same plan, and the same
    # first error (tasks before dependencies) as lists give.
    pa = pytest.importorskip("pyarrow")
    n = 12_000
    tasks = {"id": [f"t{i}" for i in range(n)], "name": ["T"] * n, "duration": ["1d"] * n}
    deps = {"successor": [f"t{i}" for i in range(1, n)], "predecessor": [f"t{i - 1}" for i in range(1, n)],
            "lag": ["1h"] * (n - 1)}  # fmt: skip
    assert _frames_doc(pa.table(tasks), pa.table(deps)) == _frames_doc(tasks, deps)

    def error(t: object, d: object) -> tuple:
        with pytest.raises(stratops.StratopsError) as e:
            _frames_doc(t, d)
        return (e.value.code, getattr(e.value, "column", None), getattr(e.value, "row", None), str(e.value))

    bad_deps = dict(deps, successor=deps["successor"][:-1] + [None])
    bad_tasks = dict(tasks, name=tasks["name"][:-1] + [None])
    for t, d in ((tasks, bad_deps), (bad_tasks, bad_deps), (bad_tasks, deps)):
        assert error(pa.table(t), pa.table(d)) == error(t, d)
    assert error(pa.table(bad_tasks), pa.table(bad_deps))[1] == "name"
