"""Times a portfolio of plans (issue #22): many small plans held in tables
keyed by ``plan_id``, scheduled four ways on the same tables.

    (cd bindings/python && maturin develop --release)
    bindings/python/.venv/bin/python bindings/python/bench/bench_portfolio.py --plans 10000 --tasks 100

The portfolio is generated, seeded: each plan has ``--tasks`` tasks in
layers of ten (durations of 1-10 days, each task after one to three tasks
of the layer before, FS links, some with a lag of a day), a start in 2025.
Rows are measured as:

(loop)   **in-process loop**: ``Plan.from_frames(tasks, dependencies,
         start=...).schedule().to_pandas()`` per plan, on frames already
         split by plan outside the timing: the work itself, with nothing
         around it.
(batch)  ``stratops.batch.schedule(plans, tasks, dependencies)`` on the
         whole tables, one thread: grouping, every plan, the one result
         table.
(dask N) ``stratops.dask.schedule_portfolio(...).compute()`` on a
         ``LocalCluster`` of N single-threaded worker processes (cluster
         start-up outside the timing), the tables split into 2 × N
         partitions.

Each row prints plans per second; the batch row its time over the loop's
(the batch API's overhead), the Dask rows their speed-up over one worker
and the scaling efficiency (speed-up / workers). One run per row (a
10,000-plan run is long enough to be stable); ``--runs`` for more.

Benchmarks, not tests: nothing fails on a time.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Dict, Tuple

from bench_python import median_time  # the same median of runs (this directory)


def portfolio(plans: int, tasks: int, seed: int) -> Tuple[Any, Any, Any]:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    pid = np.repeat(np.arange(plans), tasks)
    local = np.tile(np.arange(tasks), plans)
    ids = pd.Series(pid.astype(str)).str.cat(pd.Series(local.astype(str)), sep="-t").astype("str")
    t = pd.DataFrame({
        "plan_id": pd.Series(pid).map(lambda p: f"p{p}").astype("str"),
        "id": ids,
        "name": ("Task " + pd.Series(local.astype(str))).astype("str"),
        "duration": (pd.Series(rng.integers(1, 11, plans * tasks).astype(str)) + "d").astype("str"),
    })  # fmt: skip
    succ, pred, lag = [], [], []
    width = 10
    for k in range(width, tasks):
        layer = (k // width - 1) * width
        for j in range(1 + k % 3):
            succ.append(k)
            pred.append(layer + (k + 3 * j) % width)
            lag.append("1d" if (k + j) % 7 == 0 else None)
    m = len(succ)
    dp = np.repeat(np.arange(plans), m)
    s = np.tile(np.array(succ), plans)
    p_ = np.tile(np.array(pred), plans)
    d = pd.DataFrame({
        "plan_id": pd.Series(dp).map(lambda p: f"p{p}").astype("str"),
        "successor": pd.Series(dp.astype(str)).str.cat(pd.Series(s.astype(str)), sep="-t").astype("str"),
        "predecessor": pd.Series(dp.astype(str)).str.cat(pd.Series(p_.astype(str)), sep="-t").astype("str"),
        "lag": pd.Series(lag * plans, dtype="str"),
    })  # fmt: skip
    months = rng.integers(1, 13, plans)
    pl = pd.DataFrame({
        "plan_id": [f"p{p}" for p in range(plans)],
        "start": [f"2025-{mo:02d}-01" for mo in months],
    })  # fmt: skip
    return pl, t, d


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plans", type=int, default=10000)
    ap.add_argument("--tasks", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--workers", default="1,2", help="Dask worker counts (empty: no Dask rows)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    a = ap.parse_args()

    import stratops
    import stratops.batch

    plans, tasks, deps = portfolio(a.plans, a.tasks, a.seed)
    print(f"portfolio: {len(plans):,} plans, {len(tasks):,} tasks, {len(deps):,} links", file=sys.stderr)
    res: Dict[str, float] = {}

    by_t = dict(tuple(tasks.groupby("plan_id", sort=False)))
    by_d = dict(tuple(deps.groupby("plan_id", sort=False)))
    parts = [
        (row.plan_id, row.start, by_t[row.plan_id].drop(columns=["plan_id"]), by_d[row.plan_id].drop(columns=["plan_id"]))
        for row in plans.itertuples()
    ]  # fmt: skip

    def loop() -> int:
        n = 0
        for pid, start, t, d in parts:
            df = stratops.Plan.from_frames(tasks=t, dependencies=d, start=start, plan_id=pid).schedule().to_pandas()
            n += len(df)
        return n

    res["loop"], n_loop = median_time(loop, a.runs)
    res["batch"], r = median_time(lambda: stratops.batch.schedule(plans, tasks, deps, progress=False), a.runs)
    assert len(r.tasks) == n_loop == len(tasks) and len(r.errors) == 0, (len(r.tasks), n_loop, len(r.errors))

    workers = [int(w) for w in a.workers.split(",") if w.strip()]
    if workers:
        import dask.dataframe as dd
        from dask.distributed import Client, LocalCluster

        import stratops.dask

        for w in workers:
            with LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None) as cl, Client(cl):
                tdd = dd.from_pandas(tasks, npartitions=2 * w)
                ddd = dd.from_pandas(deps, npartitions=2 * w)

                def run() -> Any:
                    return stratops.dask.schedule_portfolio(plans, tdd, ddd, npartitions=2 * w).compute()

                run()  # warm the workers (imports)
                res[f"dask{w}"], out = median_time(run, a.runs)
                assert len(out.tasks) == len(tasks), len(out.tasks)

    n = len(plans)
    print("| how | time | plans/s | note |")
    print("|---|---:|---:|---|")
    print(f"| in-process loop (from_frames → schedule → to_pandas per plan) | {res['loop']:.2f} s | {n / res['loop']:,.0f} | |")
    print(f"| batch API, 1 thread | {res['batch']:.2f} s | {n / res['batch']:,.0f} | {res['batch'] / res['loop']:.2f}× the loop |")
    for w in workers:
        k = f"dask{w}"
        speed = res[f"dask{workers[0]}"] / res[k] * workers[0]
        print(f"| Dask, {w} worker(s) | {res[k]:.2f} s | {n / res[k]:,.0f} | speed-up {speed:.2f}× over 1 worker, efficiency {speed / w:.0%} |")
    if a.json:
        print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
