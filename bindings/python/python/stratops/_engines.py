"""The result objects of each engine (a few lines each on top of
:class:`~stratops.Result`)."""

from __future__ import annotations

import html
import json
import struct
import sys
from decimal import Decimal
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from . import _core
from ._convert import typed
from ._results import Explanation, Record, Result, _wrap, html_table

__all__ = [
    "ScheduleResult",
    "BudgetResult",
    "ScorecardResult",
    "AlignmentResult",
    "RiskResult",
    "EarnedValueResult",
    "HealthResult",
    "SimulationResult",
    "LevelResult",
    "ResourceUsageResult",
    "VarianceResult",
    "ReportResult",
    "RemindResult",
    "DiffResult",
]

_STATUS_COLORS = {
    "on_track": "#2ca02c",
    "met": "#1f77b4",
    "at_risk": "#ff7f0e",
    "off_track": "#d62728",
    "missed": "#8c1c13",
    "no_data": "#7f7f7f",
    "not_started": "#bcbd22",
}


def arrow_table(columns: Callable[[Callable[[int], memoryview]], List[Any]]) -> Any:
    """A ``pyarrow.Table`` from ``columns(alloc)``, the native encoder of a
    task table (``(name, type, length, null_count, buffers)`` per column,
    each buffer ``alloc(size)`` from Arrow's memory pool filled in Rust):
    the buffers are wrapped, not copied. Needs pyarrow."""
    import pyarrow as pa

    types = {"large_string": pa.large_string(), "timestamp[us]": pa.timestamp("us"),
             "int64": pa.int64(), "bool": pa.bool_()}  # fmt: skip

    def alloc(size: int) -> memoryview:  # bytes from Arrow's pool, aligned
        return memoryview(pa.allocate_buffer(size)).cast("B")

    names, arrays = [], []
    for name, ty, n, nulls, buffers in columns(alloc):
        bufs = [None if b is None else pa.py_buffer(b) for b in buffers]
        arrays.append(pa.Array.from_buffers(types[ty], n, bufs, null_count=nulls))
        names.append(name)
    return pa.Table.from_arrays(arrays, names=names)


class ScheduleResult(Result):
    """The schedule (critical path method, as MS Project computes it).

    Fields: ``project_start``, ``project_finish`` (``datetime``); ``tasks``
    (one :class:`~stratops.Record` per task, in document order, with ``id``,
    ``name``, ``plan``, ``kind``, ``early_start``, ``early_finish``,
    ``late_start``, ``late_finish``, ``start``, ``finish`` (the scheduled
    dates: late ones for ALAP tasks), ``duration_min``, ``total_float_min``,
    ``free_float_min`` (working minutes; total float is negative when a
    constraint or deadline cannot be met), ``critical`` and ``driver``
    (what set the early start)); ``critical_paths`` (chains of task ids);
    ``paths_truncated``; ``diagnostics`` (constraint conflicts, missed
    deadlines).

    A finish is the end of the last working minute: a one-day task starting
    Monday 08:00 finishes Monday 17:00.
    """

    _engine = "schedule"
    _table = "tasks"
    __slots__ = ("_native", "_small")

    def __init__(self, raw: Optional[Mapping[str, Any]], context: Optional[Mapping[str, Any]] = None) -> None:
        super().__init__(raw, context)
        #: The result kept in Rust (``stratops._core.Schedule``), converted
        #: on demand; ``None`` for a result built from JSON (unpickled).
        self._native: Optional[_core.Schedule] = None
        self._small: Optional[Dict[str, Any]] = None

    @classmethod
    def _from_native(cls, native: "_core.Schedule", context: Optional[Mapping[str, Any]] = None) -> "ScheduleResult":
        """Wraps a native schedule: nothing is converted until asked for."""
        r = cls(None, context)
        r._native = native
        return r

    def __setstate__(self, state: Dict[str, Any]) -> None:
        super().__setstate__(state)
        self._native = None
        self._small = None

    def _load_raw(self) -> Dict[str, Any]:
        if self._native is None:
            return super()._load_raw()
        raw: Dict[str, Any] = json.loads(self._native.to_json())
        return raw

    def _summary(self) -> Dict[str, Any]:
        """The typed fields other than ``tasks`` (cheap: no task is built)."""
        if self._small is None:
            if self._native is not None:
                small: Dict[str, Any] = typed(json.loads(self._native.summary()))
            else:
                small = {k: v for k, v in self._data.items() if k != "tasks"}
            self._small = small
        return self._small

    @property
    def _data(self) -> Dict[str, Any]:
        if self._cache is None and self._native is not None:
            small = self._summary()
            data: Dict[str, Any] = {k: _wrap(small[k]) for k in ("critical_paths", "diagnostics", "paths_truncated")}
            data["project_finish"] = small["project_finish"]
            data["project_start"] = small["project_start"]
            data["tasks"] = self._native.tasks(Record)
            self._cache = data
        return super()._data

    def _names(self, context: Mapping[str, Any]) -> Dict[str, str]:
        names: Optional[Dict[str, str]] = context.get("names")
        if names is None:
            plan = context.get("plan")
            names = plan._task_names() if plan is not None else {}
        return names

    def _prepare(self, data: Dict[str, Any], context: Dict[str, Any]) -> Dict[str, Any]:
        names = self._names(context)
        for t in data.get("tasks", []):
            t["name"] = names.get(t["id"], t["id"])
        return data

    def _extra_columns(self, table: str, rows: List[Dict[str, Any]]) -> Dict[str, List[Any]]:
        if table != "tasks":
            return {}
        names = self._names(self._context)
        return {"name": [names.get(r["id"], r["id"]) for r in rows]}

    def task(self, id: str) -> Record:
        """The times of task ``id`` (``KeyError`` if there is none)."""
        if self._native is not None and self._cache is None:
            row = self._native.task(id)
            if row is None:
                raise KeyError(id)
            return _task_record(row)
        for t in self._data["tasks"]:
            if t["id"] == id:
                return t  # type: ignore[no-any-return]
        raise KeyError(id)

    @property
    def critical_path(self) -> List[str]:
        """The first critical path (task ids from start to finish), or
        ``[]`` when there is none."""
        paths = self._summary().get("critical_paths") or []
        return list(paths[0]) if paths else []

    def __repr__(self) -> str:
        scalars = ", ".join(
            f"{k}={v!r}" for k, v in self._summary().items() if not isinstance(v, (list, dict, Record))
        )
        return f"<{type(self).__name__} {scalars}>"

    def _native_table(self, table: Optional[str]) -> Optional["_core.Schedule"]:
        """The native schedule when ``table`` is its (non-empty) task table."""
        native = self._native
        return native if native is not None and table in (None, "tasks") and len(native) > 0 else None

    def _arrow(self, native: "_core.Schedule") -> Any:
        """The task table as a ``pyarrow.Table`` of buffers from Arrow's
        memory pool filled in Rust (wrapped, not copied), or ``None``
        without pyarrow."""
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            return None
        return arrow_table(native.arrow_columns)

    def to_arrow(self, table: Optional[str] = None) -> Any:
        """The tasks (or ``table``) as a ``pyarrow.Table``: the columns of
        :meth:`to_pandas`, strings as ``large_string``, dates as
        ``timestamp[us]``, built in Rust and wrapped without a copy.

        Needs ``pyarrow``."""
        native = self._native_table(table)
        if native is None:
            return super().to_arrow(table)
        import pyarrow  # noqa: F401  (the error names the missing extra)

        return self._arrow(native)

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """The Arrow PyCapsule stream of the task table."""
        return self.to_arrow().__arrow_c_stream__(requested_schema)

    def to_pandas(self, table: Optional[str] = None) -> Any:
        """The tasks (or ``table``) as a pandas DataFrame: ``id``, ``name``,
        then the fields in alphabetical order (dates as ``datetime64[us]``,
        floats in working minutes as ``int64``), then what drove each early
        start (``driver_*``). With pyarrow installed the columns are Arrow
        arrays built in Rust (the strings stay Arrow-backed, pandas' ``str``
        dtype); without it, they are built column by column from lists and
        buffers. Both give the same frame.

        Needs the ``pandas`` extra (``pip install stratops[pandas]``)."""
        native = self._native_table(table)
        if native is None:
            return super().to_pandas(table)
        import numpy as np
        import pandas as pd

        arrow = self._arrow(native)
        if arrow is not None:
            # One block per column: consolidating the int64 and timestamp
            # columns into 2-D blocks would copy them (1.5 of 2.7 ms at 100k).
            return arrow.to_pandas(split_blocks=True)
        order, cols = native.columns()
        data: Dict[str, Any] = {}
        for name in order:
            v = cols[name]
            if isinstance(v, tuple):
                kind, buf = v
                if kind == "bool":
                    data[name] = np.frombuffer(buf, dtype=np.bool_)
                else:
                    arr = np.frombuffer(buf, dtype="<i8")
                    data[name] = arr.view("datetime64[us]") if kind == "datetime64[us]" else arr
            else:
                data[name] = v
        return pd.DataFrame(data, columns=order)

    def to_polars(self, table: Optional[str] = None) -> Any:
        """The tasks (or ``table``) as a polars DataFrame (dates as
        ``Datetime("us")``), from the Arrow arrays when pyarrow is installed,
        else column by column.

        Needs the ``polars`` extra (``pip install stratops[polars]``)."""
        native = self._native_table(table)
        if native is None:
            return super().to_polars(table)
        import polars as pl

        arrow = self._arrow(native)
        if arrow is not None:
            return pl.from_arrow(arrow)
        order, cols = native.columns()
        series = []
        for name in order:
            v = cols[name]
            if isinstance(v, tuple):
                kind, buf = v
                if kind == "bool":
                    series.append(pl.Series(name, memoryview(buf).cast("?").tolist(), dtype=pl.Boolean))
                else:
                    # the buffers are little-endian int64 (numpy reads them as "<i8")
                    ints = memoryview(buf).cast("q").tolist() if sys.byteorder == "little" else list(
                        struct.unpack(f"<{len(buf) // 8}q", bytes(buf))
                    )
                    s = pl.Series(name, ints, dtype=pl.Int64)
                    series.append(s.cast(pl.Datetime("us")) if kind == "datetime64[us]" else s)
            else:
                series.append(pl.Series(name, v, dtype=pl.String))
        return pl.DataFrame(series)

    def explain(self, id: str) -> List[Explanation]:
        """How task ``id``'s early start and total float were computed: which
        link, constraint or plan start drove it, with the dates and lag."""
        plan = self._context.get("plan")
        if plan is None:
            raise KeyError(f"no plan attached to explain {id!r}")
        opts = dict(self._context.get("options", {}), id=id)
        raw = json.loads(plan._doc.run("schedule_explain", json.dumps(opts)))
        return [Explanation(e) for e in raw["explanations"]]

    def gantt(self, *, summaries: bool = True, title: Optional[str] = None) -> Any:
        """A plotly Gantt chart (timeline) of the scheduled dates, critical
        tasks in red, milestones as diamonds. Needs the ``plot`` extra
        (``pip install stratops[plot]``).

        Args:
            summaries: include summary tasks (drawn as thin grey bars).
            title: the chart title (default: the project start and finish).
        """
        import plotly.graph_objects as go

        fig = go.Figure()
        rows = [t for t in self._data["tasks"] if summaries or t["kind"] != "summary"]
        labels = [f"{t['name']} ({t['id']})" if t["name"] != t["id"] else t["id"] for t in rows]
        for crit in (True, False):
            sel = [(lab, t) for lab, t in zip(labels, rows) if t["kind"] == "task" and bool(t["critical"]) == crit]
            if sel:
                fig.add_trace(
                    go.Bar(
                        name="critical" if crit else "not critical",
                        y=[lab for lab, _ in sel],
                        base=[t["start"] for _, t in sel],
                        x=[(t["finish"] - t["start"]).total_seconds() * 1000 for _, t in sel],
                        orientation="h",
                        marker_color="#d62728" if crit else "#1f77b4",
                        customdata=[
                            [f"{t['start']:%Y-%m-%d %H:%M}", f"{t['finish']:%Y-%m-%d %H:%M}",
                             t["total_float_min"], t["free_float_min"]]
                            for _, t in sel
                        ],  # fmt: skip
                        hovertemplate="%{y}<br>%{customdata[0]} → %{customdata[1]}"
                        "<br>total float %{customdata[2]} min<br>free float %{customdata[3]} min<extra></extra>",
                    )
                )
        summ = [(lab, t) for lab, t in zip(labels, rows) if t["kind"] == "summary"]
        if summ:
            fig.add_trace(
                go.Bar(
                    name="summary",
                    y=[lab for lab, _ in summ],
                    base=[t["start"] for _, t in summ],
                    x=[(t["finish"] - t["start"]).total_seconds() * 1000 for _, t in summ],
                    orientation="h",
                    width=0.3,
                    marker_color="#7f7f7f",
                )
            )
        ms = [(lab, t) for lab, t in zip(labels, rows) if t["kind"] == "milestone"]
        if ms:
            fig.add_trace(
                go.Scatter(
                    name="milestone",
                    y=[lab for lab, _ in ms],
                    x=[t["finish"] for _, t in ms],
                    mode="markers",
                    marker={
                        "symbol": "diamond",
                        "size": 12,
                        "color": ["#d62728" if t["critical"] else "#1f77b4" for _, t in ms],
                    },
                )
            )
        fig.update_layout(
            barmode="overlay",
            title=title
            or f"Schedule {self._data['project_start']:%Y-%m-%d} → {self._data['project_finish']:%Y-%m-%d %H:%M}",
            xaxis={"type": "date"},
            yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels},
            height=max(300, 28 * len(rows) + 120),
        )
        return fig


#: ``to_pandas(by)`` names: the breakdown field and the key column.
_BY: Dict[str, Tuple[str, str]] = {
    "category": ("by_category", "category"),
    "plan": ("by_plan", "plan"),
    "task": ("by_task", "task"),
    "goal": ("by_goal", "goal"),
    "resource": ("by_resource", "resource"),
    "owner": ("by_owner", "owner"),
    "month": ("by_period", "period"),
    "quarter": ("by_quarter", "period"),
    "year": ("by_year", "period"),
}

_PERIODS = ("month", "quarter", "year")


def _period_of(month: str, by: str) -> str:
    """``"2025-11"`` as its month, quarter (``"2025-Q4"``) or year."""
    if by == "month":
        return month
    year, m = month.split("-")
    return year if by == "year" else f"{year}-Q{(int(m) - 1) // 3 + 1}"


class BudgetResult(Result):
    """The budget: exact totals and their breakdowns, money as ``Decimal``.

    Fields: ``currency``; ``total`` (every line, rounded to the currency's
    minor unit: ``Decimal("12800.00")``, or exact with ``exact=True``);
    ``by_category``, ``by_plan``, ``by_task`` (WBS rolled up into summary
    tasks), ``by_goal`` (**overlapping**: a line counts fully for every goal
    it supports, see ``by_goal_note``), ``by_resource``, ``by_owner``,
    ``by_period`` (months ``"YYYY-MM"``), ``by_quarter``, ``by_year`` (dicts
    from key to ``Decimal``); ``by_period_category`` (the long table month
    × category); ``phased_by`` (``"schedule"`` or ``"horizon"``);
    ``contingency`` (risk EMV plus management reserve, beside the total,
    never in it) with ``contingency_detail``; ``variance`` (budget against
    actual per plan and category); ``lines`` (every cost line with its
    ``amount``, ``formula`` and ``by_period``).

    ``to_pandas()`` / ``to_polars()`` give the long table (``period``,
    ``category``, ``amount``); ``to_pandas("month")``, ``"quarter"``,
    ``"year"``, ``"category"``, ``"plan"``, ``"task"``, ``"goal"``,
    ``"resource"`` or ``"owner"`` give that breakdown (a key column and
    ``amount``); ``to_pandas("lines")`` the lines. ``plot(by="month")``
    charts it; ``explain(id)`` tells how a line, task, plan, category,
    resource or goal figure was computed.
    """

    _engine = "budget"
    _table = "by_period_category"
    __slots__ = ()

    def _columns(self, table: Optional[str]) -> Tuple[List[Dict[str, Any]], Dict[str, str], Dict[str, List[Any]]]:
        if table in _BY:
            field, key = _BY[table]
            rows = [{key: k, "amount": v} for k, v in self._data[field].items()]
            return rows, {}, {}
        if table in (None, "by_period_category"):  # columns in reading order
            rows = [{"period": r.period, "category": r.category, "amount": r.amount} for r in self._data[self._table]]
            return rows, {}, {}
        return super()._columns(table)

    def breakdown(self, by: str = "category") -> Dict[str, Decimal]:
        """One breakdown as a dict from key to amount: ``by`` is one of
        ``category``, ``plan``, ``task``, ``goal``, ``resource``, ``owner``,
        ``month``, ``quarter``, ``year``."""
        if by not in _BY:
            raise ValueError(f"by must be one of {', '.join(_BY)}, not {by!r}")
        return dict(self._data[_BY[by][0]])

    def explain(self, id: str) -> List[Explanation]:
        """How the figures of ``id`` (a cost line, task, plan, category,
        resource, owner or goal) were computed, such as ``40 h × 120.00
        USD/h``. Raises ``KeyError`` when no figure has that name."""
        plan = self._context.get("plan")
        if plan is None:
            raise KeyError(f"no plan attached to explain {id!r}")
        opts = dict(self._context.get("options", {}), id=id)
        opts.pop("exact", None)
        from .errors import CalculationError

        try:
            raw = json.loads(plan._doc.run("budget_explain", json.dumps(opts)))
        except CalculationError as e:
            if e.code == "unknown_id":
                raise KeyError(id) from None
            raise
        return [Explanation(e) for e in raw["explanations"]]

    def plot(self, by: str = "month", *, title: Optional[str] = None) -> Any:
        """A plotly bar chart of the budget ``by`` month, quarter or year
        (stacked by category), or by category, plan, task, goal, resource or
        owner. Needs the ``plot`` extra (``pip install stratops[plot]``)."""
        import plotly.graph_objects as go

        if by not in _BY:
            raise ValueError(f"by must be one of {', '.join(_BY)}, not {by!r}")
        cur = self._data["currency"]
        fig = go.Figure()
        if by in _PERIODS:
            cells: Dict[str, Dict[str, Decimal]] = {}
            for r in self._data["by_period_category"]:
                per = cells.setdefault(r["category"], {})
                p = _period_of(r["period"], by)
                per[p] = per.get(p, Decimal(0)) + r["amount"]
            periods = list(self._data[_BY[by][0]])
            for cat in sorted(cells):
                fig.add_trace(
                    go.Bar(
                        name=cat,
                        x=periods,
                        y=[float(cells[cat].get(p, 0)) for p in periods],
                        hovertemplate=f"{cat} %{{x}}: %{{y:,.2f}} {cur}<extra></extra>",
                    )
                )
            fig.update_layout(barmode="stack", xaxis={"type": "category"})
        else:
            items = self._data[_BY[by][0]]
            fig.add_trace(
                go.Bar(
                    x=list(items),
                    y=[float(v) for v in items.values()],
                    hovertemplate=f"%{{x}}: %{{y:,.2f}} {cur}<extra></extra>",
                )
            )
        note = " (figures overlap)" if by == "goal" else ""
        fig.update_layout(
            title=title or f"Budget by {by}{note}: total {self._data['total']:,} {cur}",
            yaxis={"title": cur},
        )
        return fig

    def _repr_html_(self) -> str:
        d = self._data
        cur = html.escape(str(d["currency"]))
        cats = [{"category": k, "amount": v} for k, v in d["by_category"].items()]
        months = [{"month": k, "amount": v} for k, v in d["by_period"].items()]
        return (
            f"<div><strong>BudgetResult</strong>: total {d['total']:,} {cur}, contingency "
            f"{d['contingency']:,} {cur} (beside the total), phased by {html.escape(str(d['phased_by']))}"
            f"<div style='display:flex;gap:2em'><div>{html_table(cats)}</div><div>{html_table(months)}</div></div></div>"
        )


class ScorecardResult(Result):
    """The KPI scorecard as of a date.

    Fields: ``as_of`` (``date``); ``kpis`` (per KPI: ``value``,
    ``progress`` (0-1, ``None`` without data), ``expected`` (the linear or
    milestone pace), ``pace``, ``status`` (``on_track``, ``at_risk``,
    ``off_track``, ``met``, ``missed``, ``no_data``, ``not_started``),
    ``forecast`` and ``explanation``); ``goals`` (rolled up through the goal
    DAG, with ``children``); ``leading`` (leading indicators on their own);
    ``strategic`` (the top goals); ``options``.
    ``to_pandas()`` gives the KPIs; ``to_pandas("goals")`` the goals.
    """

    _engine = "scorecard"
    _table = "kpis"
    __slots__ = ()

    def kpi(self, id: str) -> Record:
        """KPI ``id``'s score (``KeyError`` if there is none)."""
        return _find(self._data["kpis"], id)

    def goal(self, id: str) -> Record:
        """Goal ``id``'s score (``KeyError`` if there is none)."""
        return _find(self._data["goals"], id)

    def plot(self, *, table: str = "kpis", title: Optional[str] = None) -> Any:
        """A plotly bar chart of progress against the expected pace, one bar
        per KPI (or per goal with ``table="goals"``), coloured by status.
        Needs the ``plot`` extra."""
        import plotly.graph_objects as go

        rows = self._data[table]
        labels = [r["id"] for r in rows]
        fig = go.Figure()
        fig.add_trace(
            go.Bar(
                name="progress",
                x=labels,
                y=[(r["progress"] or 0.0) * 100 for r in rows],
                marker_color=[_STATUS_COLORS.get(r["status"], "#7f7f7f") for r in rows],
                text=[r["status"] for r in rows],
                hovertemplate="%{x}: %{y:.1f}% (%{text})<extra></extra>",
            )
        )
        fig.add_trace(
            go.Scatter(
                name="expected",
                x=labels,
                y=[(r.get("expected") or 0.0) * 100 for r in rows],
                mode="markers",
                marker={"symbol": "line-ew-open", "size": 28, "color": "black", "line": {"width": 3}},
            )
        )
        fig.update_layout(
            title=title or f"Progress against expected pace, as of {self._data['as_of']}",
            yaxis={"title": "% of target", "range": [0, 105]},
        )
        return fig


class AlignmentResult(Result):
    """Where operations drift from strategy.

    Fields: ``unaligned_tasks``, ``unaligned_costs``, ``goals_without_kpi``,
    ``goals_without_work``, ``not_laddering`` (goals not reaching a strategic
    goal), ``stale_kpis`` (``None`` without ``as_of``), ``raci_violations``,
    ``smart_failures``, ``hours`` (share of assigned hours aligned to
    strategy), ``budget_share``. ``findings`` combines all of them, one row
    per finding with ``finding``, ``id``, ``plan`` and ``detail``;
    ``to_pandas()`` returns it.
    """

    _engine = "alignment"
    _table = "findings"
    __slots__ = ()

    def _prepare(self, data: Dict[str, Any], context: Dict[str, Any]) -> Dict[str, Any]:
        findings: List[Dict[str, Any]] = []
        for key in ("unaligned_tasks", "unaligned_costs", "goals_without_kpi", "goals_without_work", "not_laddering"):
            for it in data.get(key) or []:
                findings.append({"finding": key, "id": it["id"], "plan": it["plan"], "detail": it.get("name")})
        for it in data.get("stale_kpis") or []:
            findings.append(
                {"finding": "stale_kpis", "id": it["id"], "plan": it["plan"],
                 "detail": f"{it['days_since']} days since last measured (cadence {it['cadence']})"}
            )  # fmt: skip
        for it in data.get("raci_violations") or []:
            findings.append(
                {"finding": "raci_violations", "id": it["task"], "plan": it["plan"], "detail": ", ".join(it["problems"])}
            )
        for it in data.get("smart_failures") or []:
            findings.append(
                {"finding": "smart_failures", "id": it["goal"], "plan": it["plan"], "detail": ", ".join(it["failed"])}
            )
        data["findings"] = findings
        return data


class EarnedValueResult(Result):
    """Earned value and earned schedule as of a status date.

    Fields (money as ``Decimal``, ratios as ``float`` or ``None`` where
    undefined): ``status_date``, ``currency``, ``baseline``, ``eac_method``,
    ``bac``, ``pv``, ``ev``, ``ac``, ``sv``, ``cv``, ``spi``, ``cpi``,
    ``eac``, ``etc``, ``vac``, ``tcpi``, ``tcpi_eac``; earned schedule in
    working days: ``es_days``, ``at_days``, ``pd_days``, ``spi_t``,
    ``sv_t_days``, ``ieac_t_days``, ``tspi``; ``by_task`` (WBS rolled up),
    ``by_plan``, ``by_goal``, ``by_period`` (the S-curve by month).

    ``to_pandas()`` gives the tasks; ``to_pandas("by_period")``,
    ``"by_goal"`` or ``"by_plan"`` the others. ``plot()`` draws the S-curve.
    Formulas: ``docs/evm.md``.
    """

    _engine = "earned_value"
    _table = "by_task"
    __slots__ = ()

    def plot(self, *, title: Optional[str] = None) -> Any:
        """The S-curve: cumulative planned value and actual cost by month,
        and earned value at the status date (plotly; the ``plot`` extra)."""
        import plotly.graph_objects as go

        d = self._data
        rows = d["by_period"]
        months = [r["period"] for r in rows]
        cur = d["currency"]
        fig = go.Figure()
        fig.add_trace(go.Scatter(name="planned value", x=months, y=[float(r["pv_cum"]) for r in rows], mode="lines+markers"))
        ac = [(r["period"], r["ac_cum"]) for r in rows if r.get("ac_cum") is not None]
        fig.add_trace(go.Scatter(name="actual cost", x=[m for m, _ in ac], y=[float(v) for _, v in ac], mode="lines+markers"))
        status_month = str(d["status_date"])[:7]
        fig.add_trace(
            go.Scatter(name="earned value", x=[status_month], y=[float(d["ev"])], mode="markers", marker={"size": 12, "symbol": "diamond"})
        )
        fig.update_layout(
            title=title or f"S-curve as of {d['status_date']}: BAC {d['bac']:,} {cur}",
            xaxis={"type": "category"},
            yaxis={"title": cur},
        )
        return fig

    def _repr_html_(self) -> str:
        d = self._data
        cur = html.escape(str(d["currency"]))
        def fmt(r: Optional[float]) -> str:
            return "–" if r is None else f"{r:.3f}"

        head = (
            f"BAC {d['bac']:,} · PV {d['pv']:,} · EV {d['ev']:,} · AC {d['ac']:,} · "
            f"SPI {fmt(d['spi'])} · CPI {fmt(d['cpi'])} · SPI(t) {fmt(d['spi_t'])}"
        )
        return (
            f"<div><strong>EarnedValueResult</strong> as of {d['status_date']} ({cur}): "
            f"{html.escape(head)}{html_table(d['by_task'])}</div>"
        )


class SimulationResult(Result):
    """A seeded Monte Carlo simulation of schedule and cost risk
    (``docs/risk.md``).

    Fields: ``iterations``, ``seed``, ``status_date``, ``planned_finish``, ``duration_days``
    (``p10``, ``p50``, ``p80``, ``p90``, ``mean``, ``std`` in working days),
    ``finish`` (the percentiles as ``datetime``), ``cost`` (``Decimal``),
    ``tasks`` (``criticality``, ``cruciality``), ``tornado``,
    ``deadlines``, ``goals`` (``due``, ``probability``), ``histogram``.
    ``to_pandas()`` gives the tasks; ``to_pandas("histogram")``,
    ``"deadlines"``, ``"goals"`` the others. ``plot()`` draws the histogram
    with its P-lines, ``plot("cdf")`` the S-curve, ``plot("tornado")`` the
    drivers.
    """

    _engine = "simulate"
    _table = "tasks"
    __slots__ = ()

    def plot(self, kind: str = "histogram", *, title: Optional[str] = None) -> Any:
        """``"histogram"``: the duration histogram with P50 and P80 lines;
        ``"cdf"``: the S-curve, the share of iterations finished by each
        duration; ``"tornado"``: the cruciality of the top drivers (plotly)."""
        import plotly.graph_objects as go

        d = self._data
        fig = go.Figure()
        if kind == "cdf":
            bins = d["histogram"]
            fig.add_trace(
                go.Scatter(
                    x=[bins[0]["from"]] + [b["to"] for b in bins],
                    y=[0.0] + [b["cumulative"] * 100 for b in bins],
                    mode="lines",
                    name="finished by",
                )
            )
            fig.add_hline(y=80, line_dash="dot", annotation_text="P80")
            fig.update_layout(
                title=title or "Chance of finishing within each duration",
                xaxis={"title": "working days"},
                yaxis={"title": "% of iterations", "range": [0, 100]},
            )
            return fig
        if kind == "tornado":
            by_id = {t["id"]: t for t in d["tasks"]}
            ids = list(d["tornado"])[::-1]
            fig.add_trace(go.Bar(x=[by_id[i]["cruciality"] for i in ids], y=ids, orientation="h"))
            fig.update_layout(title=title or "Drivers of the finish (cruciality)", xaxis={"title": "correlation with the finish"})
            return fig
        if kind != "histogram":
            raise ValueError(f"kind must be histogram, cdf or tornado, not {kind!r}")
        bins = d["histogram"]
        fig.add_trace(
            go.Bar(x=[(b["from"] + b["to"]) / 2 for b in bins], y=[b["count"] for b in bins], name="iterations")
        )
        for p in ("p50", "p80"):
            v = d["duration_days"][p]
            fig.add_vline(x=v, line_dash="dash", annotation_text=f"{p.upper()} {v:.1f} d")
        fig.update_layout(
            title=title or f"Project duration over {d['iterations']} iterations (seed {d['seed']})",
            xaxis={"title": "working days"},
            yaxis={"title": "iterations"},
        )
        return fig


def _usage_figure(
    rows: List[Mapping[str, Any]],
    before: Optional[List[Mapping[str, Any]]],
    resource: Optional[str],
    title: Optional[str],
) -> Any:
    """A resource histogram: load per period against capacity, over-
    allocated bars in red; with ``before``, the unleveled load beside it."""
    import plotly.graph_objects as go

    resources = list(dict.fromkeys(r["resource"] for r in (before or []) + list(rows)))
    if resource is None:
        # the resource most over-allocated (before leveling, if known)
        counts = {k: 0 for k in resources}
        for r in before if before is not None else rows:
            if r["over"]:
                counts[r["resource"]] += 1
        resource = max(resources, key=lambda k: counts[k]) if resources else None
    elif resource not in resources:
        raise ValueError(f"no usage for resource {resource!r}; resources with load: {', '.join(resources)}")
    fig = go.Figure()
    mine = [r for r in rows if r["resource"] == resource]
    if before is not None:
        old = [r for r in before if r["resource"] == resource]
        fig.add_trace(
            go.Bar(
                x=[r["date"] for r in old],
                y=[r["units"] for r in old],
                name="before leveling",
                marker_color=["#d62728" if r["over"] else "#c7c7c7" for r in old],
                opacity=0.6,
            )
        )
    fig.add_trace(
        go.Bar(
            x=[r["date"] for r in mine],
            y=[r["units"] for r in mine],
            name="after leveling" if before is not None else "load",
            marker_color=["#d62728" if r["over"] else "#1f77b4" for r in mine],
        )
    )
    cap = next((r["capacity_units"] for r in (mine or [r for r in before or [] if r["resource"] == resource])), None)
    if cap is not None:
        fig.add_hline(y=cap, line_dash="dash", annotation_text=f"capacity {cap:g}")
    fig.update_layout(
        title=title or f"Resource usage: {resource}",
        barmode="group",
        xaxis={"title": "date"},
        yaxis={"title": "units (1 = full time)"},
    )
    return fig


class LevelResult(Result):
    """Resource leveling (``docs/leveling.md``): tasks delayed, never
    shortened, until no resource is asked for more than its capacity.

    Fields: ``mode`` (``standard`` or ``optimise``), ``makespan_days``,
    ``lower_bound_days`` (the critical-path length), ``resource_bound_days``,
    ``lft_makespan_days`` (optimise), ``schedules``, ``seed``, ``stopped``
    (a progress callback or Ctrl+C stopped the run: the best schedule so
    far), ``project_start``, ``finish``, ``unleveled_finish``; ``tasks``
    (``id``, ``start``, ``finish``, ``start_day``, ``finish_day``,
    ``leveling_delay_days``, ``early_start``, ``early_finish``);
    ``overallocations`` and ``overallocations_before`` (``resource``,
    ``from``, ``to``, ``peak_units``, ``capacity_units``, ``tasks``);
    ``usage`` and ``usage_before`` (daily load per resource).

    ``to_pandas()`` gives the tasks; ``to_pandas("usage")``,
    ``"usage_before"``, ``"overallocations"``, ``"overallocations_before"``
    the others. ``plot(resource)`` draws the resource histogram before and
    after leveling.
    """

    _engine = "level"
    _table = "tasks"
    __slots__ = ()

    def plot(self, resource: Optional[str] = None, *, title: Optional[str] = None) -> Any:
        """The daily load of ``resource`` (default: the most over-allocated
        one) before and after leveling, with its capacity (plotly)."""
        d = self._data
        return _usage_figure(d["usage"], d["usage_before"], resource, title)

    def _repr_html_(self) -> str:
        d = self._data
        head = (
            f"{d['mode']}: finish in {d['makespan_days']} working days (critical path "
            f"{d['lower_bound_days']}), {len(d['overallocations_before'])} over-allocation(s) before, "
            f"{len(d['overallocations'])} after; {d['schedules']} schedule(s)"
            + (" (stopped)" if d["stopped"] else "")
        )
        rows = [
            {"id": t["id"], "start": t["start"], "finish": t["finish"], "delay_days": t["leveling_delay_days"]}
            for t in d["tasks"]
            if t["leveling_delay_days"] > 0
        ]
        return f"<div><strong>LevelResult</strong> {html.escape(head)}{html_table(rows)}</div>"


class ResourceUsageResult(Result):
    """Resource usage per day or week against capacity
    (``docs/leveling.md``): ``period`` and ``rows`` (``rows()``: ``resource``, ``date``,
    ``from_day``, ``to_day``, ``units`` (the peak load), ``unit_days``,
    ``capacity_units``, ``over``, ``tasks``). ``to_pandas()`` gives the
    rows; ``plot(resource)`` the resource histogram.
    """

    _engine = "resource_usage"
    _table = "rows"
    __slots__ = ()

    def plot(self, resource: Optional[str] = None, *, title: Optional[str] = None) -> Any:
        """The load of ``resource`` (default: the most over-allocated one)
        per period, over-allocated periods in red, with its capacity
        (plotly)."""
        return _usage_figure(self._data["rows"], None, resource, title)

    def _repr_html_(self) -> str:
        d = self._data
        over = [r for r in d["rows"] if r["over"]]
        rows = [
            {"resource": r["resource"], "date": r["date"], "units": r["units"], "capacity": r["capacity_units"], "tasks": ", ".join(r["tasks"])}
            for r in over[:50]
        ]
        return (
            f"<div><strong>ResourceUsageResult</strong> per {html.escape(str(d['period']))}: "
            f"{len(d['rows'])} row(s), {len(over)} over-allocated{html_table(rows)}</div>"
        )


class HealthResult(Result):
    """Schedule health: the DCMA 14-point assessment (``docs/health.md``).

    Fields: ``status_date``, ``profile``, ``checks`` (per check ``number``,
    ``name``, ``value``, ``threshold``, ``comparison``, ``unit``, ``pass``
    (``None`` when it cannot run, with a ``note``), ``tasks``,
    ``population``), ``passed``, ``failed``. ``to_pandas()`` gives the
    checks; ``to_pandas("tasks")`` one row per offending task (``number``,
    ``check``, ``task``).
    """

    _engine = "health"
    _table = "checks"
    __slots__ = ()

    def _columns(self, table: Optional[str]) -> Tuple[List[Dict[str, Any]], Dict[str, str], Dict[str, List[Any]]]:
        raw = self._raw_table("checks") or []
        if table == "tasks":
            rows = [{"number": c["number"], "check": c["name"], "task": t} for c in raw for t in c["tasks"]]
            return rows, {}, {}
        if table in (None, "checks"):
            rows = [{k: v for k, v in c.items() if k != "tasks"} for c in raw]
            return rows, {}, {}
        return super()._columns(table)

    def _repr_html_(self) -> str:
        d = self._data
        rows = [
            {
                "#": c["number"],
                "check": c["name"],
                "value": c["value"],
                "threshold": f"{c['comparison']} {c['threshold']}",
                "pass": c["pass"],
                "note": c.get("note") or "",
            }
            for c in d["checks"]
        ]
        return (
            f"<div><strong>HealthResult</strong> ({html.escape(str(d['profile']))}): "
            f"{d['passed']} passed, {d['failed']} failed{html_table(rows)}</div>"
        )


class VarianceResult(Result):
    """The plan (forecast at a status date, if given) against a baseline:
    ``baseline``, ``status_date``, ``tasks`` (start, finish, duration and
    cost variance per task; positive is later, longer or dearer),
    ``plans`` (finish and cost against the baseline) and ``slipped`` (leaf
    tasks finishing later than baselined). ``to_pandas()`` gives the
    tasks."""

    _engine = "baseline_variance"
    _table = "tasks"
    __slots__ = ()


class RiskResult(Result):
    """The scored risk register in ``currency``: ``risks``, per risk ``probability``, ``likelihood``,
    ``impact_score``, ``score``, ``band``, ``exposure_money`` (Decimal:
    probability × cost impact), ``exposure_days`` and ``explanation``; plus
    ``top`` (ids by exposure) and ``total_exposure_money``."""

    _engine = "risk"
    _table = "risks"
    __slots__ = ()


class ReportResult(Result):
    """The progress report as of a date (the CLI's ``report --format
    json``): ``as_of``, ``title``, ``currency``, ``summary`` (strategic
    goals, plan finishes against their horizons, status counts), ``goals``,
    ``kpis``, ``milestones`` (``done``, ``late``, ``due``, ``upcoming``),
    ``overdue_tasks``, ``schedule`` (critical path), ``budget`` (against
    actual, with contingency), ``risks`` (the top ones), ``challenges``
    (everything off track or at risk, each with its owner) and ``notes``;
    also ``organisation``, ``lookahead_days`` (the window of due
    milestones), ``forecast`` (the plan as executed, when it has
    progress), ``health``, ``schedule_risk``, ``resources`` and
    ``earned_value`` (each present when the plan has what it needs).

    ``to_pandas()`` gives the challenges; ``to_pandas("kpis")``,
    ``"milestones"``, ``"overdue_tasks"`` or ``"goals"`` the other tables.
    ``to_markdown()`` and ``to_html()`` render it; in a notebook it shows as
    the HTML report.
    """

    _engine = "report"
    _table = "challenges"
    __slots__ = ()

    def _render(self, fmt: str) -> str:
        plan = self._context.get("plan")
        if plan is None:
            raise ValueError("no plan attached to render the report")
        opts = dict(self._context.get("options", {}), format=fmt)
        out: str = json.loads(plan._doc.run("report", _dumps_opts(opts)))["text"]
        return out

    def to_markdown(self) -> str:
        """The report as Markdown tables (``stratops report --format md``)."""
        return self._render("md")

    def to_html(self) -> str:
        """The report as a self-contained HTML page (``--format html``)."""
        return self._render("html")

    def _repr_html_(self) -> str:
        page = self.to_html()
        return (
            f'<iframe srcdoc="{html.escape(page, quote=True)}" '
            'style="width:100%;height:640px;border:1px solid #ddd"></iframe>'
        )


class RemindResult(Result):
    """Reminders as of a date (``stratops remind``): ``as_of``,
    ``within_days`` and ``events``, each with ``kind`` (``overdue``,
    ``due_soon``, ``stale_kpi``, ``milestone_reached``, ``not_started``,
    ``risk_triggered``), ``entity``, ``id``, ``plan``, ``owner``, ``date`` and
    ``message``, ready to route to their owners. ``to_pandas()`` lists
    them."""

    _engine = "remind"
    _table = "events"
    __slots__ = ()


class DiffResult(Result):
    """What changed between two versions of a document (``stratops diff``):
    ``added`` and ``removed`` entities (``kind``, ``id``, ``plan``),
    ``changed`` ones with their ``fields`` (``path``, ``old``, ``new``), and
    ``consequences`` (the project finish before and after and how far it
    moved, critical paths before and after, goal status changes when an
    as-of date was given). ``to_pandas()`` gives one row per change:
    ``change`` (``added``, ``removed``, ``changed``), ``kind``, ``id``,
    ``plan``, ``path``, ``old``, ``new``."""

    _engine = "diff"
    _table = "changes"
    __slots__ = ()

    def _prepare(self, data: Dict[str, Any], context: Dict[str, Any]) -> Dict[str, Any]:
        rows: List[Dict[str, Any]] = []
        for what in ("added", "removed"):
            for e in data.get(what) or []:
                rows.append({"change": what, "kind": e["kind"], "id": e["id"], "plan": e.get("plan"),
                             "path": None, "old": None, "new": None})  # fmt: skip
        for c in data.get("changed") or []:
            e = c["entity"]
            for f in c["fields"]:
                rows.append({"change": "changed", "kind": e["kind"], "id": e["id"], "plan": e.get("plan"),
                             "path": f["path"], "old": f.get("old"), "new": f.get("new")})  # fmt: skip
        data["changes"] = rows
        return data

    def _columns(self, table: Optional[str]) -> Tuple[List[Dict[str, Any]], Dict[str, str], Dict[str, List[Any]]]:
        if table in (None, "changes"):
            return [dict(r.to_dict()) for r in self._data["changes"]], {}, {}
        return super()._columns(table)


def _task_record(row: Dict[str, Any]) -> Record:
    """A task row from the native schedule (typed values, a nested driver
    dict) as a Record, without re-walking its values."""
    row["driver"] = _record(row["driver"])
    return _record(row)


def _record(data: Dict[str, Any]) -> Record:
    r = Record.__new__(Record)
    object.__setattr__(r, "_data", data)
    return r


def _dumps_opts(opts: Dict[str, Any]) -> str:
    from ._convert import dumps

    return dumps(opts)


def _find(rows: List[Record], id: str) -> Record:
    for r in rows:
        if r["id"] == id:
            return r
    raise KeyError(id)
