"""Building a document from DataFrames (:meth:`stratops.Plan.from_frames`).

Each frame is a pandas or polars DataFrame, an Arrow table (or any object
with ``__arrow_c_stream__``), or a plain ``dict`` of column name to list.
Columns are matched by name; unknown columns are ignored so a
frame can carry the analyst's own data. Missing values (``None``, ``NaN``,
``NaT``, ``pd.NA``) mean "not given". The columns, their types and which
are required are listed in :data:`COLUMNS` and in the docstring of
:meth:`stratops.Plan.from_frames`.

Type rules, decided for notebook users:

* ``str`` columns need real strings (cast ids with ``.astype(str)``).
* ``money`` accepts ``Decimal``, ``int``, decimal strings and ``float``; a
  float is converted through its shortest repr (``0.1`` becomes ``"0.1"``),
  which is exactly what was typed in the CSV.
* ``date`` accepts ``datetime.date``, ISO strings, and midnight
  timestamps (a datetime64 column read from CSV); a timestamp with a time
  of day is an error for a date-only field.
* ``date_or_time`` accepts the same, keeping a time of day when there is one
  (midnight timestamps become bare dates, which stratops reads as "start of
  day" for start bounds and "end of day" for finish bounds).
* ``duration`` accepts a string (``"5d"``, ``"3h"``, ``"2ed"``) or a number
  of working days.
* ``ids`` accepts a list of strings or one comma-separated string.
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from . import _core
from .errors import FrameError

Spec = Dict[str, Tuple[str, bool]]

#: For each frame: column name -> (type, required).
COLUMNS: Dict[str, Spec] = {
    "tasks": {
        "id": ("str", True),
        "name": ("str", True),
        "duration": ("duration", False),
        "parent": ("str", False),
        "kind": ("str", False),
        "owner": ("str", False),
        "supports": ("ids", False),
        "constraint_type": ("str", False),
        "constraint_date": ("date_or_time", False),
        "deadline": ("date_or_time", False),
        "calendar": ("str", False),
        "percent_complete": ("float", False),
        "notes": ("str", False),
    },
    "dependencies": {
        "successor": ("str", True),
        "predecessor": ("str", True),
        "type": ("str", False),
        "lag": ("duration", False),
    },
    "goals": {
        "id": ("str", True),
        "name": ("str", True),
        "owner": ("str", False),
        "due": ("date", False),
        "description": ("str", False),
        "contributes_to": ("ids", False),
    },
    "kpis": {
        "id": ("str", True),
        "name": ("str", True),
        "polarity": ("str", True),
        "baseline_value": ("float", True),
        "baseline_date": ("date", True),
        "target_value": ("float", True),
        "target_date": ("date", True),
        "goal": ("str", False),
        "weight": ("float", False),
        "unit": ("str", False),
        "owner": ("str", False),
        "aggregation": ("str", False),
        "leading": ("bool", False),
        "cadence": ("str", False),
    },
    "measurements": {
        "kpi": ("str", True),
        "date": ("date", True),
        "value": ("float", True),
        "denominator": ("float", False),
        "note": ("str", False),
    },
    "resources": {
        "id": ("str", True),
        "name": ("str", True),
        "kind": ("str", False),
        "rate": ("money", False),
        "rate_from": ("date", False),
        "calendar": ("str", False),
        "capacity": ("float", False),
        "email": ("str", False),
    },
    "assignments": {
        "task": ("str", True),
        "resource": ("str", True),
        "role": ("str", False),
        "hours": ("float", False),
        "units": ("float", False),
        "contour": ("str", False),
    },
    "costs": {
        "id": ("str", True),
        "category": ("str", True),
        "kind": ("str", True),
        "task": ("str", False),
        "amount": ("money", False),
        "resource": ("str", False),
        "hours": ("money", False),
        "quantity": ("money", False),
        "unit_price": ("money", False),
        "accrual": ("str", False),
        "actual": ("money", False),
        "description": ("str", False),
        "supports": ("ids", False),
    },
}

_EXPECT = {
    "str": "a string",
    "float": "a number",
    "bool": "a boolean",
    "money": "a Decimal, int, float or decimal string",
    "date": "a date (datetime.date, ISO string or midnight timestamp)",
    "date_or_time": "a date or naive datetime",
    "duration": 'a duration string such as "5d" or a number of working days',
    "ids": "a list of ids or a comma-separated string",
}


def _missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return type(v).__name__ in ("NaTType", "NAType")


def _arrow_strings(arr: Any) -> Any:
    """An Arrow ``string``/``large_string`` array or chunked array as its
    buffers, the form the native converter reads without making a Python
    string per cell: ``("arrow_utf8", [(length, offset, validity, offsets,
    data, large), ...])``. ``None`` for any other type."""
    import pyarrow as pa

    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    out = []
    for c in chunks:
        large = pa.types.is_large_string(c.type)
        if not (large or pa.types.is_string(c.type)):
            return None
        bufs = [None if b is None else memoryview(b).cast("B") for b in c.buffers()]
        out.append((len(c), c.offset, bufs[0], bufs[1], bufs[2], large))
    return ("arrow_utf8", out)


def _pandas_column(s: Any) -> Any:
    """A pandas column for the native converter: an Arrow-backed string
    column (pandas' ``str`` dtype on pyarrow, or ``ArrowDtype``) as its
    Arrow buffers, anything else as a list."""
    import pandas as pd

    dtype = s.dtype
    arrow = (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow") or (
        isinstance(dtype, pd.ArrowDtype) and str(dtype.pyarrow_dtype) in ("string", "large_string")
    )
    if arrow:
        found = _arrow_strings(s.array.__arrow_array__())
        if found is not None:
            return found
    return list(s.tolist())


def _table(frame: str, df: Any, arrow: bool = False) -> Tuple[List[str], int, Callable[[str], Any]]:
    """The column names, row count and a column getter of a frame: each
    column a list or, with ``arrow``, an Arrow string column as its
    buffers (:func:`_arrow_strings`, for the native converter)."""
    mod = type(df).__module__
    if mod.startswith("polars"):
        return list(df.columns), int(df.height), lambda c: list(df.get_column(c).to_list())
    if mod.startswith("pandas"):
        names = [str(c) for c in df.columns]
        if len(set(names)) != len(names):
            raise FrameError(f"{frame}: duplicate column names", frame=frame)
        if arrow:
            return names, int(len(df)), lambda c: _pandas_column(df[c])
        return names, int(len(df)), lambda c: list(df[c].tolist())
    if mod.startswith("pyarrow") or (not isinstance(df, Mapping) and hasattr(df, "__arrow_c_stream__")):
        # an Arrow table, record batch or any Arrow stream (PyCapsule)
        import pyarrow as pa

        t = df if isinstance(df, pa.Table) else pa.table(df)
        return (
            list(t.column_names),
            int(t.num_rows),
            lambda c: (arrow and _arrow_strings(t.column(c))) or list(t.column(c).to_pylist()),
        )
    if isinstance(df, Mapping):
        cols = {str(k): list(v) for k, v in df.items()}
        lengths = {len(v) for v in cols.values()}
        if len(lengths) > 1:
            raise FrameError(f"{frame}: columns have different lengths", frame=frame)
        n = lengths.pop() if lengths else 0
        return list(cols), n, lambda c: cols[c]
    raise FrameError(
        f"{frame} must be a pandas or polars DataFrame, an Arrow table or a dict of columns, "
        f"not {type(df).__name__}",
        frame=frame,
    )


def _convert(kind: str, v: Any) -> Any:
    """One cell to its JSON-ready form; raises TypeError/ValueError."""
    if kind == "str":
        if isinstance(v, str):
            return v
    elif kind == "float":
        if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
            f = float(v)
            if math.isfinite(f):
                return f
        elif hasattr(v, "item") and not isinstance(v, (str, bytes)):
            return _convert(kind, v.item())
    elif kind == "bool":
        if isinstance(v, bool):
            return v
        if type(v).__name__ == "bool_":  # numpy
            return bool(v)
    elif kind == "money":
        if isinstance(v, Decimal) and v.is_finite():
            return format(v, "f")
        if isinstance(v, int) and not isinstance(v, bool):
            return str(v)
        if isinstance(v, float) and math.isfinite(v):
            return format(Decimal(repr(v)), "f")
        if isinstance(v, str):
            try:
                Decimal(v)
            except InvalidOperation:
                pass
            else:
                return v  # the core checks the exact form
    elif kind in ("date", "date_or_time"):
        if isinstance(v, _dt.datetime):
            if v.tzinfo is not None and v.utcoffset() is not None:
                raise ValueError("has a time zone; stratops times are local")
            if (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0):
                return v.date().isoformat()
            if kind == "date":
                raise ValueError("has a time of day, but the field is a date")
            return v.replace(microsecond=0).isoformat(timespec="seconds")
        if isinstance(v, _dt.date):
            return v.isoformat()
        if isinstance(v, str):
            return v  # the core checks the exact form, naming the path
    elif kind == "duration":
        if isinstance(v, str):
            return v
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
            return v
        if hasattr(v, "item"):
            return _convert(kind, v.item())
    elif kind == "ids":
        if isinstance(v, str):
            return [s.strip() for s in v.split(",") if s.strip()]
        if hasattr(v, "tolist"):
            v = v.tolist()
        if isinstance(v, (list, tuple)) and all(isinstance(s, str) for s in v):
            return list(v)
    raise TypeError(f"{v!r} ({type(v).__name__})")


def _require(frame: str, spec: Spec, names: Sequence[str]) -> None:
    """Raises ``missing_column`` for the first required column missing."""
    for col, (kind, required) in spec.items():
        if required and col not in names:
            raise FrameError(
                f"{frame} has no column {col!r} ({_EXPECT[kind]}); "
                f"required columns: {', '.join(c for c, (_, r) in spec.items() if r)}",
                code="missing_column",
                frame=frame,
                column=col,
            )


def columns(frame: str, df: Any) -> Dict[str, Any]:
    """The columns of one frame named in :data:`COLUMNS`, each as a list
    (or an Arrow string column's buffers),
    after checking the required ones are there. The native converter
    (``_core.task_frames``) checks the values, with the rules of
    :func:`_convert`."""
    spec = COLUMNS[frame]
    names, _n, get = _table(frame, df, arrow=True)
    _require(frame, spec, names)
    return {col: get(col) for col in spec if col in names}


def rows(frame: str, df: Any) -> List[Dict[str, Any]]:
    """The rows of one frame as dicts of JSON-ready values (missing values
    left out), after checking every column against :data:`COLUMNS`."""
    spec = COLUMNS[frame]
    names, n, get = _table(frame, df)
    _require(frame, spec, names)
    out: List[Dict[str, Any]] = [{} for _ in range(n)]
    for col, (kind, required) in spec.items():
        if col not in names:
            continue
        for i, v in enumerate(get(col)):
            if _missing(v):
                if required:
                    raise FrameError(
                        f"{frame}.{col} is required but row {i} has no value",
                        code="missing_value",
                        frame=frame,
                        column=col,
                        row=i,
                    )
                continue
            try:
                out[i][col] = _convert(kind, v)
            except (TypeError, ValueError) as e:
                raise FrameError(
                    f"{frame}.{col} must hold {_EXPECT[kind]}; row {i} is {e}",
                    code="wrong_column_type",
                    frame=frame,
                    column=col,
                    row=i,
                ) from None
    return out


def _index(frame: str, items: Sequence[Dict[str, Any]], key: str = "id") -> Dict[str, Dict[str, Any]]:
    idx: Dict[str, Dict[str, Any]] = {}
    for it in items:
        idx.setdefault(it[key], it)
    return idx


def _attach(
    frame: str, col: str, row: int, idx: Dict[str, Dict[str, Any]], key: str, what: str
) -> Dict[str, Any]:
    target = idx.get(key)
    if target is None:
        raise FrameError(
            f"{frame}.{col} row {row} names {key!r}, which is not in the {what} frame",
            code="unknown_id",
            frame=frame,
            column=col,
            row=row,
        )
    return target


def horizon(start: Any, end: Any) -> Tuple[str, str]:
    """The plan's first and last day as ISO text: ``start`` is required,
    ``end`` defaults to the day before one year later."""
    if start is None:
        raise FrameError(
            "from_frames needs start= (the plan's first day: tasks with no "
            "predecessor start there)",
            code="missing_start",
        )
    start_s = _convert("date", start) if not isinstance(start, str) else start
    if end is None:
        d0 = _dt.date.fromisoformat(start_s)
        try:
            end = d0.replace(year=d0.year + 1) - _dt.timedelta(days=1)
        except ValueError:  # 29 February, or year 9999
            end = d0.replace(day=28, year=min(d0.year + 1, 9999))
    end_s = _convert("date", end) if not isinstance(end, str) else end
    return start_s, end_s


def build(
    frames: Mapping[str, Any],
    *,
    plan_id: str,
    name: str,
    kind: str,
    start: Any,
    end: Any,
    owner: Optional[str],
    currency: Optional[str],
    organisation: Optional[str],
    extra: Mapping[str, Any],
) -> Tuple[Dict[str, Any], "_core.TaskFrames"]:
    """A ``stratops/1`` document with one plan built from the frames: the
    document without its tasks (a JSON-ready dict) and the tasks, converted
    natively, for ``_core.Document.from_json_with_tasks``."""
    start_s, end_s = horizon(start, end)
    # The big frames (tasks, their links and assignments) are converted
    # column by column in Rust, straight into the core's tasks.
    task_cols = columns("tasks", frames["tasks"]) if frames.get("tasks") is not None else {}
    dep_cols = columns("dependencies", frames["dependencies"]) if frames.get("dependencies") is not None else None
    asg_cols = columns("assignments", frames["assignments"]) if frames.get("assignments") is not None else None
    tasks = _core.task_frames(task_cols, dep_cols, asg_cols)

    goals: List[Dict[str, Any]] = []
    if frames.get("goals") is not None:
        for r in rows("goals", frames["goals"]):
            g: Dict[str, Any] = {"id": r["id"], "name": r["name"]}
            for k in ("description", "owner", "due"):
                if k in r:
                    g[k] = r[k]
            if "contributes_to" in r:
                g["contributes_to"] = [{"goal": x} for x in r["contributes_to"]]
            goals.append(g)

    kpis: List[Dict[str, Any]] = []
    if frames.get("kpis") is not None:
        for r in rows("kpis", frames["kpis"]):
            k_: Dict[str, Any] = {
                "id": r["id"],
                "name": r["name"],
                "polarity": r["polarity"],
                "baseline": {"value": r["baseline_value"], "date": r["baseline_date"]},
                "target": {"value": r["target_value"], "date": r["target_date"]},
            }
            if "goal" in r:
                link: Dict[str, Any] = {"goal": r["goal"]}
                if "weight" in r:
                    link["weight"] = r["weight"]
                k_["goals"] = [link]
            for k in ("unit", "owner", "aggregation", "leading", "cadence"):
                if k in r:
                    k_[k] = r[k]
            kpis.append(k_)
    kidx = _index("kpis", kpis)
    if frames.get("measurements") is not None:
        for i, r in enumerate(rows("measurements", frames["measurements"])):
            kpi = _attach("measurements", "kpi", i, kidx, r["kpi"], "kpis")
            m: Dict[str, Any] = {"date": r["date"], "value": r["value"]}
            for k in ("denominator", "note"):
                if k in r:
                    m[k] = r[k]
            kpi.setdefault("measurements", []).append(m)

    resources: List[Dict[str, Any]] = []
    if frames.get("resources") is not None:
        for r in rows("resources", frames["resources"]):
            res: Dict[str, Any] = {"id": r["id"], "name": r["name"]}
            for k in ("kind", "calendar", "capacity", "email"):
                if k in r:
                    res[k] = r[k]
            if "rate" in r:
                rate: Dict[str, Any] = {"standard": r["rate"]}
                if "rate_from" in r:
                    rate["from"] = r["rate_from"]
                res["rates"] = [rate]
            resources.append(res)

    costs: List[Dict[str, Any]] = []
    if frames.get("costs") is not None:
        for r in rows("costs", frames["costs"]):
            costs.append(dict(r))

    plan: Dict[str, Any] = {
        "id": plan_id,
        "kind": kind,
        "name": name,
        "horizon": {"start": start_s, "end": end_s},
    }
    if owner is not None:
        plan["owner"] = owner
    for key, items in (("goals", goals), ("kpis", kpis), ("costs", costs)):
        if items:
            plan[key] = items
    doc: Dict[str, Any] = {"format": "stratops/1"}
    if organisation is not None:
        doc["organisation"] = organisation
    if currency is not None:
        doc["currency"] = currency
    if resources:
        doc["resources"] = resources
    doc["plans"] = [plan]
    doc.update(extra)
    return doc, tasks
