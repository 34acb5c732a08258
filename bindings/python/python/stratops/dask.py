"""Portfolios on a Dask cluster (``pip install stratops[dask]``).

:func:`schedule_portfolio` takes the tables of :mod:`stratops.batch` as
Dask DataFrames (``plans`` may be a small pandas frame), shuffles tasks and
dependencies on the plan id into the same partitions, so that no plan is
ever split, and runs :func:`stratops.batch.schedule` on each partition. The
result is lazy: ``.tasks`` and ``.errors`` are Dask DataFrames (persist the
result to compute it once). Rows are equal to the serial batch's (a test
checks it on a two-worker ``LocalCluster``).

Example::

    >>> from dask.distributed import Client, LocalCluster
    >>> client = Client(LocalCluster(n_workers=2))
    >>> r = stratops.dask.schedule_portfolio(plans, dd.from_pandas(tasks), dd.from_pandas(deps))
    >>> r.tasks.compute()

Dask's own progress bar and dashboard show the work; nothing here reads
the clock or draws.
"""

from __future__ import annotations

import importlib
from typing import Any, Dict, Optional

from . import batch


def _dask(module: str) -> Any:
    """A Dask module, imported when first needed (and typed as ``Any``:
    Dask ships no complete type information)."""
    return importlib.import_module(module)

__all__ = ["PortfolioResult", "schedule_portfolio", "simulate"]


class PortfolioResult:
    """Lazy results: ``tasks`` and ``errors`` as Dask DataFrames."""

    __slots__ = ("tasks", "errors")

    def __init__(self, tasks: Any, errors: Any) -> None:
        self.tasks = tasks
        self.errors = errors

    def compute(self) -> batch.BatchResult:
        """Both tables as pandas, computed together."""
        tasks, errors = _dask("dask").compute(self.tasks, self.errors)
        return batch.BatchResult(tasks.reset_index(drop=True), errors.reset_index(drop=True))


def _part(tasks: Any, deps: Any, plans: Any, by: str, which: str, options: Any, aligned: bool = False) -> Any:
    """One partition: the batch over the plans whose tasks it holds."""
    ids = set(tasks[by].unique())
    if deps is not None and len(deps):
        if aligned and not set(deps[by].unique()) <= ids:
            stray = sorted(map(str, set(deps[by].unique()) - ids))
            raise ValueError(f"aligned: dependencies of plan(s) {', '.join(stray)} are not beside their tasks")
        ids |= set(deps[by].unique())
    mine = plans[plans[by].isin(ids)]
    r = batch.schedule(mine, tasks, deps, by=by, progress=False, **options)
    return r.tasks if which == "tasks" else r.errors


def schedule_portfolio(
    plans: Any,
    tasks: Any,
    dependencies: Any = None,
    *,
    by: str = "plan_id",
    npartitions: Optional[int] = None,
    aligned: bool = False,
    **options: Any,
) -> PortfolioResult:
    """Schedules every plan of a portfolio on the cluster; ``options`` are
    :meth:`stratops.Plan.schedule`'s. A plan with no task row is not
    scheduled (it has nothing to schedule).

    ``aligned=True`` is for a lake already bucketed by plan (say Parquet
    files written per bucket of plan ids, read with the same file order):
    partition i of ``tasks`` and of ``dependencies`` hold the same plans,
    whole, so nothing is shuffled. Each partition checks that its
    dependencies belong to plans whose tasks it holds (else a
    ``ValueError`` when computed); that no plan is split across
    partitions is the lake's promise."""
    import pandas as pd

    dd = _dask("dask.dataframe")
    plans_pd = plans.compute() if hasattr(plans, "compute") else batch._pandas(plans)
    if not isinstance(tasks, dd.DataFrame):
        tasks = dd.from_pandas(batch._pandas(tasks), npartitions=npartitions or 1)
    if dependencies is not None and not isinstance(dependencies, dd.DataFrame):
        dependencies = dd.from_pandas(batch._pandas(dependencies), npartitions=1)
    if aligned:
        if dependencies is not None and dependencies.npartitions != tasks.npartitions:
            raise ValueError(
                f"aligned: tasks have {tasks.npartitions} partitions, dependencies {dependencies.npartitions}"
            )
    else:
        n = npartitions or tasks.npartitions
        tasks = tasks.shuffle(on=by, npartitions=n)
        if dependencies is not None:
            dependencies = dependencies.shuffle(on=by, npartitions=n)
    # the result's columns, from the first plan scheduled alone
    sample_ids = plans_pd[by].head(1).tolist()
    head_tasks = tasks[tasks[by].isin(sample_ids)].compute()
    head_deps = dependencies[dependencies[by].isin(sample_ids)].compute() if dependencies is not None else None
    sample = batch.schedule(plans_pd[plans_pd[by].isin(sample_ids)], head_tasks, head_deps, by=by, **options)
    meta_tasks = sample.tasks.iloc[:0]
    meta_errors = pd.DataFrame({c: pd.Series(dtype=object) for c in batch.ERROR_COLUMNS})
    def run(which: str, meta: Any) -> Any:
        if dependencies is not None:
            return dd.map_partitions(
                _part, tasks, dependencies, plans_pd, by, which, options, aligned, meta=meta, align_dataframes=False
            )
        return dd.map_partitions(
            _part, tasks, None, plans_pd, by, which, options, aligned, meta=meta, align_dataframes=False
        )

    return PortfolioResult(run("tasks", meta_tasks), run("errors", meta_errors))


def _chunk(text: str, options: Any, start: int, end: int) -> str:
    """One range of iterations, computed on a worker (the plan travels as
    its JSON); the chunk comes back as text (its sums are 128-bit)."""
    import json

    from ._convert import dumps
    from ._plan import loads

    plan = loads(text)
    out: str = json.loads(plan._doc.run("simulate_chunk", dumps({**options, "from": start, "to": end})))
    return out


def simulate(
    plan: Any,
    iterations: int = 1000,
    seed: int = 0,
    *,
    status_date: Any = None,
    chunks: int = 8,
) -> Any:
    """A Monte Carlo simulation spread over the Dask workers (the active
    client, or Dask's default scheduler): ``chunks`` ranges of iterations
    are computed apart and merged on the caller. The result is exactly
    :meth:`stratops.Plan.simulate` with the same ``iterations``, ``seed``
    and ``status_date`` (iteration i draws from its own stream, every sum
    is an exact integer), a :class:`~stratops.SimulationResult`."""
    import json

    from ._convert import dumps
    from ._engines import SimulationResult

    dask = _dask("dask")
    options: Dict[str, Any] = {"iterations": iterations, "seed": seed}
    if status_date is not None:
        options["status_date"] = status_date
    options = json.loads(dumps(options))
    k = max(1, min(int(chunks), int(iterations)))
    bounds = [(iterations * j // k, iterations * (j + 1) // k) for j in range(k)]
    text = plan.dumps(pretty=False)
    parts = [dask.delayed(_chunk)(text, options, a, b) for a, b in bounds if b > a]
    texts = list(dask.compute(*parts))
    raw = json.loads(plan._doc.run("simulate_merge", dumps({**options, "chunks": texts})))
    return SimulationResult(raw)
