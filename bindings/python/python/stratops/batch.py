"""Many whole plans held in tables keyed by a plan id: the portfolio batch
API, engine-neutral (the Dask adapter, :mod:`stratops.dask`, runs it on
each partition).

``plans`` has one row per plan: ``plan_id``\\* (or the ``by`` column),
``start``\\*, and optionally ``end``, ``name``, ``currency``.
``tasks`` and ``dependencies`` have the ``by`` column plus the
:meth:`stratops.Plan.from_frames` columns. Each plan is built, validated
and scheduled on its own, exactly as a loop over
``Plan.from_frames(...).schedule()`` would (a test checks it), and a plan
that fails does not stop the others: it becomes a row of ``errors``.

Frames may be pandas or polars DataFrames or dicts of columns; results are
pandas DataFrames.

Example::

    >>> r = stratops.batch.schedule(plans, tasks, dependencies)
    >>> r.tasks.groupby("plan_id").finish.max()
    >>> r.errors          # plan_id, code, message
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from .errors import StratopsError

__all__ = ["BatchResult", "schedule", "ERROR_COLUMNS"]

#: The columns of :attr:`BatchResult.errors`.
ERROR_COLUMNS = ["plan_id", "code", "message"]


class BatchResult:
    """The results of a batch: ``tasks`` (one row per task of every plan
    that scheduled, the ``by`` column first) and ``errors`` (one row per
    plan that did not: ``plan_id``, ``code``, ``message``)."""

    __slots__ = ("tasks", "errors")

    def __init__(self, tasks: Any, errors: Any) -> None:
        self.tasks = tasks
        self.errors = errors

    def __repr__(self) -> str:
        return f"<BatchResult {len(self.tasks)} task row(s), {len(self.errors)} error(s)>"


def _pandas(frame: Any) -> Any:
    import pandas as pd

    if frame is None:
        return None
    if isinstance(frame, pd.DataFrame):
        return frame
    to_pandas = getattr(frame, "to_pandas", None)
    if callable(to_pandas):  # polars, pyarrow
        return to_pandas()
    return pd.DataFrame(frame)


def _value(row: Any, key: str) -> Any:
    import pandas as pd

    v = row.get(key) if hasattr(row, "get") else None
    if v is None:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def schedule(
    plans: Any,
    tasks: Any,
    dependencies: Any = None,
    *,
    by: str = "plan_id",
    progress: Optional[Callable[[int, int], Any]] = None,
    **options: Any,
) -> BatchResult:
    """Schedules every plan of ``plans`` (see the module docs); ``options``
    are :meth:`stratops.Plan.schedule`'s (``status_date``, ...).
    ``progress(done, total)`` is called after each plan."""
    import pandas as pd

    from ._plan import Plan

    plans_df = _pandas(plans)
    tasks_df = _pandas(tasks)
    deps_df = _pandas(dependencies)
    for name, df in (("plans", plans_df), ("tasks", tasks_df), ("dependencies", deps_df)):
        if df is not None and by not in df.columns:
            raise ValueError(f"the {name} frame has no {by!r} column")
    task_groups: Dict[Any, Any] = dict(tuple(tasks_df.groupby(by, sort=False))) if len(tasks_df) else {}
    dep_groups: Dict[Any, Any] = (
        dict(tuple(deps_df.groupby(by, sort=False))) if deps_df is not None and len(deps_df) else {}
    )
    out: List[Any] = []
    errors: List[Dict[str, Any]] = []
    total = len(plans_df)
    for k, (_, row) in enumerate(plans_df.iterrows()):
        pid = row[by]
        t = task_groups.get(pid)
        d = dep_groups.get(pid)
        try:
            plan = Plan.from_frames(
                tasks=t.drop(columns=[by]) if t is not None else None,
                dependencies=d.drop(columns=[by]) if d is not None else None,
                start=_value(row, "start"),
                end=_value(row, "end"),
                plan_id=str(pid),
                name=str(_value(row, "name") or pid),
                currency=_value(row, "currency"),
            )
            frame = plan.schedule(**options).to_pandas()
            frame.insert(0, by, pid)
            out.append(frame)
        except StratopsError as e:
            errors.append({"plan_id": pid, "code": e.code, "message": str(e)})
        if progress is not None:
            progress(k + 1, total)
    tasks_out = pd.concat(out, ignore_index=True) if out else pd.DataFrame({by: []})
    return BatchResult(tasks_out, pd.DataFrame(errors, columns=ERROR_COLUMNS))
