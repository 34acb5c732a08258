"""Portfolios on Spark (``pip install stratops[spark]``): the recipe.

:func:`schedule_portfolio` takes the tables of :mod:`stratops.batch` as
Spark DataFrames (``plans`` may be a small pandas frame: it is collected
and shipped with the function), groups tasks and dependencies by the plan
id with ``groupBy(by).cogroup(...).applyInPandas(...)`` so that each plan
arrives whole at one Python worker, and runs :func:`stratops.batch.schedule`
on it. The result is lazy: ``.tasks`` and ``.errors`` are Spark DataFrames.
Dates are ``TIMESTAMP_NTZ`` (stratops times have no zone), floats in whole
minutes are ``BIGINT``; the schema comes from the first plan scheduled on
the driver.

The Python workers need stratops and pandas: on a cluster, install them on
every node; in local mode, point ``spark.pyspark.python`` (or
``PYSPARK_PYTHON``) at the interpreter that has them.

Example (local mode)::

    >>> import sys
    >>> from pyspark.sql import SparkSession
    >>> spark = (SparkSession.builder.master("local[2]")
    ...          .config("spark.pyspark.python", sys.executable).getOrCreate())
    >>> r = stratops.spark.schedule_portfolio(plans, spark.createDataFrame(tasks),
    ...                                       spark.createDataFrame(deps))
    >>> r.tasks.toPandas()
"""

from __future__ import annotations

import importlib
from typing import Any, List

from . import batch

__all__ = ["PortfolioResult", "schedule_portfolio"]


class PortfolioResult:
    """Lazy results: ``tasks`` and ``errors`` as Spark DataFrames."""

    __slots__ = ("tasks", "errors")

    def __init__(self, tasks: Any, errors: Any) -> None:
        self.tasks = tasks
        self.errors = errors


def _types() -> Any:
    return importlib.import_module("pyspark.sql.types")


def _schema(sample: Any) -> Any:
    """The Spark schema of a pandas result frame."""
    import pandas as pd

    t = _types()
    fields: List[Any] = []
    for name, dtype in sample.dtypes.items():
        if pd.api.types.is_bool_dtype(dtype):
            kind = t.BooleanType()
        elif pd.api.types.is_integer_dtype(dtype):
            kind = t.LongType()
        elif pd.api.types.is_float_dtype(dtype):
            kind = t.DoubleType()
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            kind = t.TimestampNTZType()
        else:
            kind = t.StringType()
        fields.append(t.StructField(str(name), kind, True))
    return t.StructType(fields)


def _conform(frame: Any, schema: Any, empty: Any = None) -> Any:
    """A partition's frame with the schema's columns, strings as ``str``
    or ``None``; ``empty`` (typed, no rows) stands for a frame with no
    rows (a plan that failed has no task rows, and no typed columns)."""
    if empty is not None and len(frame) == 0:
        return empty
    t = _types()
    out = frame.reindex(columns=[f.name for f in schema.fields])
    for f in schema.fields:
        if isinstance(f.dataType, t.StringType):
            col = out[f.name].astype(object)
            out[f.name] = col.where(col.notna(), None).map(lambda v: None if v is None else str(v))
    return out


def schedule_portfolio(plans: Any, tasks: Any, dependencies: Any = None, *, by: str = "plan_id", **options: Any) -> PortfolioResult:
    """Schedules every plan of a portfolio on Spark; ``options`` are
    :meth:`stratops.Plan.schedule`'s. A plan with no task row is not
    scheduled."""
    plans_pd = plans.toPandas() if hasattr(plans, "toPandas") else batch._pandas(plans)
    first = plans_pd.head(1)
    ids = first[by].tolist()
    head_tasks = tasks.where(tasks[by].isin(ids)).toPandas()
    head_deps = dependencies.where(dependencies[by].isin(ids)).toPandas() if dependencies is not None else None
    sample = batch.schedule(first, head_tasks, head_deps, by=by, **options).tasks
    task_schema = _schema(sample)
    no_tasks = _conform(sample, task_schema).iloc[:0]
    t = _types()
    error_schema = t.StructType([t.StructField(c, t.StringType(), True) for c in batch.ERROR_COLUMNS])

    def run(which: str) -> Any:
        def one(left: Any, right: Any = None) -> Any:
            key = left if len(left) else right
            pid = key[by].iloc[0]
            mine = plans_pd[plans_pd[by] == pid]
            r = batch.schedule(mine, left, right, by=by, progress=False, **options)
            if which == "tasks":
                return _conform(r.tasks, task_schema, no_tasks)
            return _conform(r.errors.astype(object), error_schema)

        schema = task_schema if which == "tasks" else error_schema
        if dependencies is None:
            return tasks.groupBy(by).applyInPandas(lambda left: one(left), schema)
        return tasks.groupBy(by).cogroup(dependencies.groupBy(by)).applyInPandas(one, schema)

    return PortfolioResult(run("tasks"), run("errors"))
