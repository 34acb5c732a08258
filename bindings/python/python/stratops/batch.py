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

from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from .errors import StratopsError

__all__ = ["BatchResult", "schedule", "budget", "scorecard", "ERROR_COLUMNS"]

#: The columns of :attr:`BatchResult.errors`.
ERROR_COLUMNS = ["plan_id", "code", "message"]


class BatchResult:
    """The results of a batch: ``tasks`` (the rows of every plan that ran:
    its tasks for :func:`schedule`, cost lines for :func:`budget`, KPIs for
    :func:`scorecard`; the ``by`` column first) and ``errors`` (one row per
    plan that did not: ``plan_id``, ``code``, ``message``)."""

    __slots__ = ("tasks", "errors")

    def __init__(self, tasks: Any, errors: Any) -> None:
        self.tasks = tasks
        self.errors = errors

    @property
    def rows(self) -> Any:
        """The result rows (the same frame as ``tasks``)."""
        return self.tasks

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


Progress = Union[bool, Callable[[int, int], Any], None]


def _batch(
    plans: Any,
    frames: Dict[str, Any],
    by: str,
    progress: Progress,
    run: Callable[[Any], Any],
) -> BatchResult:
    """Builds each plan of ``plans`` from its rows of ``frames`` and
    collects ``run(plan)`` (a DataFrame) with the plan id in front.
    ``progress``: ``True`` a tqdm bar (a notebook bar in Jupyter), ``None``
    one in an interactive session when tqdm is installed, ``False`` none,
    or a callable getting ``(done, total)``."""
    from ._plan import _progress_bar

    with _progress_bar(progress, "plans") as bar:
        return _batch_loop(plans, frames, by, bar, run)


def _batch_loop(
    plans: Any,
    frames: Dict[str, Any],
    by: str,
    progress: Optional[Callable[[int, int], Any]],
    run: Callable[[Any], Any],
) -> BatchResult:
    import pandas as pd

    from ._plan import Plan

    plans_df = _pandas(plans)
    if by not in plans_df.columns:
        raise ValueError(f"the plans frame has no {by!r} column")
    groups: Dict[str, Dict[Any, Any]] = {}
    for name, frame in frames.items():
        df = _pandas(frame)
        if df is None:
            continue
        if by not in df.columns:
            raise ValueError(f"the {name} frame has no {by!r} column")
        groups[name] = dict(tuple(df.groupby(by, sort=False))) if len(df) else {}
    out: List[Any] = []
    errors: List[Dict[str, Any]] = []
    total = len(plans_df)
    # records keep each column's type (iterrows would upcast a row's values)
    for k, row in enumerate(plans_df.to_dict("records")):
        pid = row[by]
        parts: Dict[str, Any] = {}
        for name, g in groups.items():
            part = g.get(pid)
            parts[name] = part.drop(columns=[by]) if part is not None else None
        try:
            plan = Plan.from_frames(
                **parts,
                start=_value(row, "start"),
                end=_value(row, "end"),
                plan_id=str(pid),
                name=str(_value(row, "name") or pid),
                currency=_value(row, "currency"),
            )
            frame = run(plan)
            if len(frame):  # a plan with no row (no task) adds none
                frame.insert(0, by, pid)
                out.append(frame)
        except StratopsError as e:
            errors.append({"plan_id": pid, "code": e.code, "message": str(e)})
        if progress is not None:
            progress(k + 1, total)
    rows = pd.concat(out, ignore_index=True) if out else pd.DataFrame({by: []})
    return BatchResult(rows, pd.DataFrame(errors, columns=ERROR_COLUMNS))


#: The flattened ``driver`` columns a schedule frame may have: every batch
#: frame has all of them, in this order after the others, so that plans with
#: and without links give the same columns (Dask and Spark need one schema).
DRIVER_COLUMNS = ["driver_kind", "driver_predecessor", "driver_link_type", "driver_lag", "driver_summary"]


def _schedule_frame(frame: Any) -> Any:
    """A schedule frame with every driver column, in a fixed order."""
    import pandas as pd

    if "id" not in frame.columns:  # no task: an empty frame
        return frame
    text = frame["id"].dtype
    for c in DRIVER_COLUMNS:
        if c not in frame.columns:
            frame[c] = pd.Series([None] * len(frame), dtype=text, index=frame.index)
    rest = [c for c in frame.columns if c not in DRIVER_COLUMNS]
    return frame[rest + DRIVER_COLUMNS]


def schedule(
    plans: Any,
    tasks: Any,
    dependencies: Any = None,
    *,
    by: str = "plan_id",
    progress: Progress = None,
    **options: Any,
) -> BatchResult:
    """Schedules every plan (see the module docs); ``options`` are
    :meth:`stratops.Plan.schedule`'s (``status_date``, ...). ``tasks`` of
    the result: one row per task, as ``plan.schedule().to_pandas()``, with
    every column of :data:`DRIVER_COLUMNS` (empty where a plan has none).
    ``progress(done, total)`` is called as plans finish.

    With pyarrow installed the whole batch runs in Rust
    (``_core.batch_schedule``: each plan's rows converted, validated and
    scheduled with the GIL released, one Arrow table out); without it, or
    for tables it does not take (plan ids missing or repeated, a frame
    without a required column), plan by plan through ``Plan.from_frames``.
    Both give the same frames (``tests/test_batch.py``)."""
    from ._plan import _progress_bar

    with _progress_bar(progress, "plans") as bar:
        native = _native_schedule(plans, tasks, dependencies, by, bar, options)
        if native is not None:
            return native
        return _batch_loop(
            plans,
            {"tasks": tasks, "dependencies": dependencies},
            by,
            bar,
            lambda plan: _schedule_frame(plan.schedule(**options).to_pandas()),
        )


def _native_schedule(
    plans: Any,
    tasks: Any,
    dependencies: Any,
    by: str,
    progress: Optional[Callable[[int, int], Any]],
    options: Dict[str, Any],
) -> Optional[BatchResult]:
    """:func:`schedule` in Rust, or ``None`` where the plan-by-plan loop
    must run instead (see :func:`schedule`)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return None
    import pandas as pd

    from . import _core, _frames
    from ._convert import dumps
    from ._engines import arrow_table
    from ._plan import _schedule_options
    from .errors import FormatError

    plans_df = _pandas(plans)
    if by not in plans_df.columns:
        raise ValueError(f"the plans frame has no {by!r} column")
    frames = {"tasks": _pandas(tasks), "dependencies": _pandas(dependencies)}
    for name, df in frames.items():
        if df is not None and by not in df.columns:
            raise ValueError(f"the {name} frame has no {by!r} column")
    keys = plans_df[by]
    if keys.isna().any() or not keys.is_unique or by in _frames.COLUMNS["tasks"] or by in _frames.COLUMNS["dependencies"]:
        return None
    opts = dumps(_schedule_options(**options))
    try:
        cols = {name: None if df is None else _frames.columns(name, df) for name, df in frames.items()}
    except StratopsError:
        return None  # a frame lacks a required column: each plan says so in the loop
    index = pd.Index(keys)

    def plan_numbers(df: Any) -> Optional[bytes]:
        return None if df is None else index.get_indexer(df[by]).astype("<i8").tobytes()

    records = plans_df.to_dict("records")
    headers: List[Any] = []
    failed: Dict[int, Tuple[str, str]] = {}
    for k, row in enumerate(records):
        pid = row[by]
        try:
            doc, _ = _frames.build(
                {},
                plan_id=str(pid),
                name=str(_value(row, "name") or pid),
                kind="project",
                start=_value(row, "start"),
                end=_value(row, "end"),
                owner=None,
                currency=_value(row, "currency"),
                organisation=None,
                extra={},
            )
        except StratopsError as e:
            failed[k] = (e.code, str(e))
            headers.append(None)
            continue
        try:
            headers.append(dumps(doc))
        except (TypeError, ValueError) as e:  # raised after the frames, as from_frames does
            headers.append(FormatError(f"cannot encode the frames as JSON: {e}", code="not_json"))
    found: List[Any] = []

    def run(alloc: Callable[[int], memoryview]) -> List[Any]:
        columns, errs = _core.batch_schedule(
            headers, cols["tasks"] or {}, plan_numbers(frames["tasks"]) or b"",
            cols["dependencies"], plan_numbers(frames["dependencies"]), opts, alloc, progress,
        )  # fmt: skip
        found.extend(errs)
        return columns

    table = arrow_table(run) if frames["tasks"] is not None else None
    for k, code, message in found:
        failed[k] = (code, message)
    errors = pd.DataFrame(
        [{"plan_id": records[k][by], "code": c, "message": m} for k, (c, m) in sorted(failed.items())],
        columns=ERROR_COLUMNS,
    )
    if table is None or len(failed) == len(records):
        return BatchResult(pd.DataFrame({by: []}), errors)
    rows = table.to_pandas()
    plan_rows = rows.pop("plan_row").to_numpy()
    rows.insert(0, by, keys.to_numpy(dtype=object)[plan_rows].tolist())
    return BatchResult(rows, errors)


def budget(
    plans: Any,
    tasks: Any,
    costs: Any,
    dependencies: Any = None,
    resources: Any = None,
    assignments: Any = None,
    *,
    by: str = "plan_id",
    table: str = "lines",
    progress: Progress = None,
    **options: Any,
) -> BatchResult:
    """Budgets every plan; ``options`` are :meth:`stratops.Plan.budget`'s.
    The result's ``tasks`` attribute holds the rows of ``table`` of each
    plan's budget (default ``"lines"``: one row per cost line, money as
    ``Decimal``)."""
    return _batch(
        plans,
        {"tasks": tasks, "costs": costs, "dependencies": dependencies, "resources": resources,
         "assignments": assignments},
        by,
        progress,
        lambda plan: plan.budget(**options).to_pandas(table),
    )


def scorecard(
    plans: Any,
    kpis: Any,
    measurements: Any = None,
    goals: Any = None,
    *,
    as_of: Any,
    by: str = "plan_id",
    progress: Progress = None,
    **options: Any,
) -> BatchResult:
    """Scores every plan's KPIs as of ``as_of``; ``options`` are
    :meth:`stratops.Plan.scorecard`'s. The result's ``tasks`` attribute
    holds one row per KPI (``plan.scorecard(as_of).to_pandas()``)."""
    return _batch(
        plans,
        {"kpis": kpis, "measurements": measurements, "goals": goals},
        by,
        progress,
        lambda plan: plan.scorecard(as_of, **options).to_pandas(),
    )
