"""The portfolio batch API and its Dask adapter: equal to a loop over
Plan.from_frames(...).schedule(), failures as rows, no plan split."""

from __future__ import annotations

import os
import sys
from typing import Any, Dict, List, Tuple

import pandas as pd
import pytest

import stratops
import stratops.batch


def portfolio(n: int = 12) -> Tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """n plans of 3-8 tasks: chains whose links cycle through the four link
    types with working, negative and no lags, a milestone closing every
    fourth plan and an SNET constraint in every fifth; plan p3 has a cycle,
    p5 a bad duration, p7 no links."""
    plans: List[Dict[str, Any]] = []
    tasks: List[Dict[str, Any]] = []
    deps: List[Dict[str, Any]] = []
    types, lags = ["FS", "SS", "FF", "SF"], ["0d", "1d", "-2h", "4h", "0d"]
    for p in range(n):
        pid = f"p{p}"
        plans.append({"plan_id": pid, "start": f"2025-{1 + p % 12:02d}-06", "name": f"Project {p}"})
        k = 3 + p % 6
        for t in range(k):
            duration = "5x" if (p == 5 and t == 1) else f"{1 + (p + t) % 4}d"
            row = {"plan_id": pid, "id": f"{pid}-t{t}", "name": f"T{t}", "duration": duration,
                   "kind": "task", "constraint_type": None, "constraint_date": None}  # fmt: skip
            if p % 4 == 0 and t == k - 1:
                row.update(duration="0d", kind="milestone")
            if p % 5 == 0 and t == 1:
                row.update(constraint_type="SNET", constraint_date=f"2025-{1 + p % 12:02d}-20")
            tasks.append(row)
            if t and p != 7:  # p7 has no links: no driver_predecessor column of its own
                deps.append({"plan_id": pid, "successor": f"{pid}-t{t}", "predecessor": f"{pid}-t{t - 1}",
                             "type": types[(p + t) % 4], "lag": lags[(p * t) % 5]})  # fmt: skip
        if p == 3:
            deps.append({"plan_id": pid, "successor": f"{pid}-t0", "predecessor": f"{pid}-t{k - 1}",
                         "type": "FS", "lag": "0d"})  # fmt: skip
    return pd.DataFrame(plans), pd.DataFrame(tasks), pd.DataFrame(deps)


def serial(plans: pd.DataFrame, tasks: pd.DataFrame, deps: pd.DataFrame) -> Tuple[pd.DataFrame, List[str]]:
    out, failed = [], []
    for _, row in plans.iterrows():
        pid = row.plan_id
        try:
            plan = stratops.Plan.from_frames(
                tasks=tasks[tasks.plan_id == pid].drop(columns=["plan_id"]),
                dependencies=deps[deps.plan_id == pid].drop(columns=["plan_id"]),
                start=row.start,
                plan_id=pid,
                name=row["name"],
            )
            f = plan.schedule().to_pandas()
            f.insert(0, "plan_id", pid)
            out.append(f)
        except stratops.StratopsError:
            failed.append(pid)
    return pd.concat(out, ignore_index=True), failed


def test_batch_equals_the_serial_loop() -> None:
    plans, tasks, deps = portfolio()
    seen: List[Tuple[int, int]] = []
    r = stratops.batch.schedule(plans, tasks, deps, progress=lambda d, t: seen.append((d, t)))
    expected, failed = serial(plans, tasks, deps)
    assert list(r.tasks.columns[-5:]) == stratops.batch.DRIVER_COLUMNS
    pd.testing.assert_frame_equal(r.tasks[list(expected.columns)], expected, check_dtype=False)
    assert list(r.errors.plan_id) == failed == ["p3", "p5"]
    assert list(r.errors.code) == ["dependency_cycle", "bad_duration"]
    assert seen[-1] == (12, 12)
    # polars frames give the same rows
    pl = pytest.importorskip("polars")
    again = stratops.batch.schedule(pl.from_pandas(plans), pl.from_pandas(tasks), pl.from_pandas(deps))
    pd.testing.assert_frame_equal(again.tasks, r.tasks)
    with pytest.raises(ValueError, match="plan_id"):
        stratops.batch.schedule(plans, tasks.rename(columns={"plan_id": "pid"}), deps)


def _loop_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stratops.batch, "_native_schedule", lambda *a: None)


def test_native_batch_equals_the_plan_by_plan_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    # The batch in Rust and the loop over Plan.from_frames give the same
    # frames, dtypes included, and the same errors (code and text) in plan
    # order: a cycle, a malformed value, a missing start (raised before the
    # frames), a bad link type, an unknown predecessor (the validation's), an
    # unknown successor (a FrameError), a plan with no task row, integer plan
    # ids, and schedule options.
    plans, tasks, deps = portfolio(16)
    plans.loc[9, "start"] = None
    deps.loc[deps.plan_id == "p10", "type"] = "XX"
    deps.loc[len(deps)] = {"plan_id": "p11", "successor": "p11-t1", "predecessor": "nowhere"}
    deps.loc[len(deps)] = {"plan_id": "p13", "successor": "nowhere", "predecessor": "p13-t1"}
    tasks, deps = tasks[tasks.plan_id != "p12"], deps[deps.plan_id != "p12"]
    for opts in ({}, {"status_date": "2025-03-01", "critical_threshold_min": 480}):
        native = stratops.batch.schedule(plans, tasks, deps, **opts)
        with monkeypatch.context() as m:
            _loop_only(m)
            loop = stratops.batch.schedule(plans, tasks, deps, **opts)
        pd.testing.assert_frame_equal(native.tasks, loop.tasks)
        pd.testing.assert_frame_equal(native.errors, loop.errors)
        assert list(native.errors.plan_id) == ["p3", "p5", "p9", "p10", "p11", "p13"]
        assert list(native.errors.code) == [
            "dependency_cycle", "bad_duration", "missing_start", "unknown_variant", "invalid", "unknown_id",
        ]  # fmt: skip
        assert "p12" not in set(native.tasks.plan_id)
    as_int = {"plan_id": lambda df: df.plan_id.str[1:].astype("int64")}
    p2, t2, d2 = (df.assign(**as_int) for df in (plans, tasks, deps))
    native = stratops.batch.schedule(p2, t2, d2)
    with monkeypatch.context() as m:
        _loop_only(m)
        loop = stratops.batch.schedule(p2, t2, d2)
    pd.testing.assert_frame_equal(native.tasks, loop.tasks)
    pd.testing.assert_frame_equal(native.errors, loop.errors)
    assert str(native.tasks.plan_id.dtype) == "int64"


def test_native_batch_falls_back_where_it_must(monkeypatch: pytest.MonkeyPatch) -> None:
    # repeated plan ids and a tasks frame without a required column go
    # plan by plan (each plan reports its own error)
    plans, tasks, deps = portfolio(4)
    twice = pd.concat([plans, plans.head(1)], ignore_index=True)
    r = stratops.batch.schedule(twice, tasks, deps)
    assert (r.tasks.plan_id == "p0").sum() == 2 * (tasks.plan_id == "p0").sum()
    r = stratops.batch.schedule(plans, tasks.drop(columns=["name"]), deps)
    assert list(r.errors.code) == ["missing_column"] * 4


def test_dask_portfolio_on_a_local_cluster() -> None:
    try:
        import dask.dataframe as dd
        from dask.distributed import Client, LocalCluster
    except ImportError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("dask[distributed] is not installed")
    import stratops.dask

    # 200 plans, invalid ones among them, against the plan-by-plan loop,
    # on 1, 3 and 8 partitions of a 2-worker cluster.
    plans, tasks, deps = portfolio(200)
    expected, failed = serial(plans, tasks, deps)
    key = ["plan_id", "id"]
    want = expected.sort_values(key).reset_index(drop=True)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster):
            for parts in (1, 3, 8):
                r = stratops.dask.schedule_portfolio(
                    plans,
                    dd.from_pandas(tasks, npartitions=parts),
                    dd.from_pandas(deps, npartitions=max(1, parts - 1)),
                    npartitions=parts,
                ).compute()
                got = r.tasks.sort_values(key).reset_index(drop=True)
                pd.testing.assert_frame_equal(got[list(want.columns)], want, check_dtype=False)
                assert sorted(r.errors.plan_id) == sorted(failed) == ["p3", "p5"]


def test_batch_budget_and_scorecard_equal_the_serial_loop() -> None:
    plans, tasks, deps = portfolio(6)
    costs = pd.DataFrame(
        [{"plan_id": f"p{p}", "id": f"c{p}", "category": "vendor", "kind": "fixed",
          "amount": f"{100 * (p + 1)}.50", "task": f"p{p}-t0"} for p in range(6)]
    )
    r = stratops.batch.budget(plans, tasks, costs, deps)
    assert list(r.errors.plan_id) == ["p3", "p5"]
    for pid, rows in r.rows.groupby("plan_id"):
        plan = stratops.Plan.from_frames(
            tasks=tasks[tasks.plan_id == pid].drop(columns=["plan_id"]),
            dependencies=deps[deps.plan_id == pid].drop(columns=["plan_id"]),
            costs=costs[costs.plan_id == pid].drop(columns=["plan_id"]),
            start=plans.set_index("plan_id").start[pid],
            plan_id=pid,
            name=plans.set_index("plan_id")["name"][pid],
        )
        want = plan.budget().to_pandas("lines")
        # plans phase over different months: the concatenated frame has
        # every plan's month columns, empty where a plan has none
        got = rows.reset_index(drop=True)[list(want.columns)]
        pd.testing.assert_frame_equal(got, want, check_dtype=False)
        assert rows.drop(columns=["plan_id", *want.columns]).isna().all().all()
    kpis = pd.DataFrame(
        [{"plan_id": f"p{p}", "id": f"k{p}", "name": "K", "polarity": "increase", "baseline_value": 0,
          "baseline_date": "2025-01-01", "target_value": 10, "target_date": "2025-12-31"} for p in range(3)]
    )
    meas = pd.DataFrame([{"plan_id": f"p{p}", "kpi": f"k{p}", "date": "2025-06-30", "value": 2 * p} for p in range(3)])
    sc = stratops.batch.scorecard(plans.head(3), kpis, meas, as_of="2025-07-01")
    assert list(sc.rows.plan_id) == ["p0", "p1", "p2"]
    assert list(sc.rows.status) == [
        stratops.Plan.from_frames(kpis=kpis[kpis.plan_id == p].drop(columns=["plan_id"]),
                                  measurements=meas[meas.plan_id == p].drop(columns=["plan_id"]),
                                  start=plans.set_index("plan_id").start[p], plan_id=p,
                                  name=plans.set_index("plan_id")["name"][p])
        .scorecard("2025-07-01").kpis[0].status
        for p in ["p0", "p1", "p2"]
    ]


def test_dask_reads_a_lake_bucketed_by_plan_without_a_shuffle(tmp_path: Any) -> None:
    try:
        import dask.dataframe as dd
    except ImportError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("dask is not installed")
    import stratops.dask

    plans, tasks, deps = portfolio(9)
    for name, frame in (("tasks", tasks), ("deps", deps)):
        (tmp_path / name).mkdir()
        for b in range(3):
            part = frame[frame.plan_id.map(lambda p: int(p[1:]) % 3) == b]
            part.to_parquet(tmp_path / name / f"part-{b}.parquet", index=False)
    lake_tasks = dd.read_parquet(str(tmp_path / "tasks"))
    lake_deps = dd.read_parquet(str(tmp_path / "deps"))
    assert lake_tasks.npartitions == lake_deps.npartitions == 3
    with __import__("dask").config.set(scheduler="sync"):
        r = stratops.dask.schedule_portfolio(plans, lake_tasks, lake_deps, aligned=True).compute()
    expected = stratops.batch.schedule(plans, tasks, deps)
    key = ["plan_id", "id"]
    pd.testing.assert_frame_equal(
        r.tasks.sort_values(key).reset_index(drop=True),
        expected.tasks.sort_values(key).reset_index(drop=True),
        check_dtype=False,
    )
    # dependencies bucketed another way are not beside their tasks
    (tmp_path / "other").mkdir()
    for b in range(3):
        part = deps[deps.plan_id.map(lambda p: (int(p[1:]) + 1) % 3) == b]
        part.to_parquet(tmp_path / "other" / f"part-{b}.parquet", index=False)
    shifted = dd.read_parquet(str(tmp_path / "other"))
    with __import__("dask").config.set(scheduler="sync"), pytest.raises(ValueError, match="not beside"):
        stratops.dask.schedule_portfolio(plans, lake_tasks, shifted, aligned=True).compute()


def test_spark_portfolio_in_local_mode() -> None:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("pyspark is not installed")
    import stratops.spark

    plans, tasks, deps = portfolio(10)
    expected = stratops.batch.schedule(plans, tasks, deps)
    # the Python workers must be this interpreter (it has stratops and pandas)
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("stratops-test")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    try:
        r = stratops.spark.schedule_portfolio(plans, spark.createDataFrame(tasks), spark.createDataFrame(deps))
        got = r.tasks.toPandas()
        errors = r.errors.toPandas()
    finally:
        spark.stop()
    key = ["plan_id", "id"]
    got = got.sort_values(key).reset_index(drop=True)
    want = expected.tasks.sort_values(key).reset_index(drop=True)
    assert list(got.columns) == list(want.columns)
    for col in want.columns:
        a, b = got[col].tolist(), want[col].tolist()
        norm = lambda xs: [None if (x is None or x != x) else x for x in xs]  # NaN and None alike
        assert norm(a) == norm(b), col
    assert sorted(errors.plan_id) == sorted(expected.errors.plan_id)
    assert sorted(errors.code) == sorted(expected.errors.code)


def test_dask_simulation_equals_the_local_one() -> None:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("dask[distributed] is not installed")
    import stratops.dask

    doc = {
        "format": "stratops/1",
        "plans": [{"id": "p", "kind": "project", "name": "P",
                   "horizon": {"start": "2025-10-06", "end": "2026-06-30"},
                   "tasks": [
                       {"id": "a", "name": "A", "duration": "3d",
                        "estimate": {"optimistic": "1d", "most_likely": "3d", "pessimistic": "9d"}},
                       {"id": "b", "name": "B", "duration": "3d", "dependencies": [{"predecessor": "a"}],
                        "estimate": {"optimistic": "2d", "most_likely": "3d", "pessimistic": "6d", "distribution": "pert"}}],
                   "risks": [{"id": "r", "description": "R", "probability": 0.4, "affects": ["b"],
                              "impact": {"delay": "2d", "cost": "250.50"}}]}],
    }
    plan = stratops.Plan.from_dict(doc)
    local = plan.simulate(3000, seed=7, threads=1, progress=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster):
            spread = stratops.dask.simulate(plan, 3000, seed=7, chunks=5)
    assert spread.to_json() == local.to_json()
    with pytest.raises(stratops.StratopsError) as e:
        plan._doc.run("simulate_merge", '{"iterations": 10, "chunks": ["{}"]}')
    assert e.value.code == "bad_chunk"
