"""Typed result objects shared by every engine.

An engine's result crosses from Rust as JSON (the shape of the CLI's
``--format json``) and becomes a :class:`Result`: attribute access on every
field, money as ``Decimal``, dates as ``date``/``datetime``, rows as
:class:`Record`, plus ``to_pandas()``, ``to_polars()``, ``to_dict()``,
``_repr_html_()`` and ``explain(id)``. A new engine is a small subclass that
names its main table and any extras (such as a chart).
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any, ClassVar, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from ._convert import DATE_KEYS, MONEY_KEYS, typed
from ._convert import _DATE as _DATE_RE
from ._convert import _DATETIME as _DATETIME_RE
from ._convert import _DECIMAL as _DECIMAL_RE

__all__ = ["Record", "Explanation", "Result"]


def _wrap(v: Any) -> Any:
    """Dicts to Records, recursively through lists (result shapes are a few
    levels deep, fixed by the engine, never by user data)."""
    if isinstance(v, dict):
        return Record(v)
    if isinstance(v, list):
        return [_wrap(x) for x in v]
    return v


def _unwrap(v: Any) -> Any:
    if isinstance(v, Record):
        return {k: _unwrap(x) for k, x in v._data.items()}
    if isinstance(v, list):
        return [_unwrap(x) for x in v]
    return v


def _flatten(row: Mapping[str, Any], leaves: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
    """One row for a DataFrame: nested objects become ``parent_child``
    columns (one level), explanations are left out (see ``explain``).
    ``leaves`` collects each column's own key (``forecast_target_date`` ->
    ``target_date``), which says how to type it."""
    out: Dict[str, Any] = {k: row[k] for k in ("id", "name") if k in row}
    for k, v in row.items():
        if k in out or k == "explanation":
            continue
        if isinstance(v, dict):
            for ck, cv in v.items():
                if not isinstance(cv, (dict, list)):
                    out[f"{k}_{ck}"] = cv
                    if leaves is not None:
                        leaves[f"{k}_{ck}"] = ck
        else:
            out[k] = v
            if leaves is not None:
                leaves[k] = k
    return out


def _kind(values: Sequence[Any], leaf: Optional[str]) -> str:
    """How to type a column of engine JSON: "datetime", "date", "money" or ""."""
    if leaf is None or not (leaf in DATE_KEYS or leaf in MONEY_KEYS):
        return ""
    present = [v for v in values if v is not None]
    if not present or not all(isinstance(v, str) for v in present):
        return ""
    if leaf in DATE_KEYS:
        if all(_DATE_RE.match(v) for v in present):
            return "date"
        if all(_DATETIME_RE.match(v) for v in present):
            return "datetime"
        return ""
    return "money" if all(_DECIMAL_RE.match(v) for v in present) else ""


def _cell(v: Any) -> str:
    if isinstance(v, list):
        return html.escape(", ".join(str(x) for x in v))
    if isinstance(v, bool):
        return "✔" if v else ""
    return "" if v is None else html.escape(str(v))


def html_table(rows: Sequence[Mapping[str, Any]], limit: int = 50) -> str:
    """A small HTML table of rows (the first ``limit``)."""
    if not rows:
        return "<p><em>(empty)</em></p>"
    cols: List[str] = []
    for r in rows[:limit]:
        for k in r:
            if k not in cols and not isinstance(r[k], (Record, dict)):
                cols.append(k)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(r.get(c))}</td>" for c in cols) + "</tr>"
        for r in rows[:limit]
    )
    more = f"<p><em>… {len(rows) - limit} more rows</em></p>" if len(rows) > limit else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


class Record(Mapping[str, Any]):
    """A read-only row of a result: ``rec.early_start`` or
    ``rec["early_start"]``. Nested objects are Records too."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_data", {k: _wrap(v) for k, v in data.items()})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(
                f"no field {name!r}; fields: {', '.join(self._data)}"
            ) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("results are read-only")

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __dir__(self) -> List[str]:
        return sorted(set(self._data) | set(dir(type(self))))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self._data.items())
        return f"Record({inner})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return bool(self._data == other._data)
        if isinstance(other, Mapping):
            return self.to_dict() == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> Dict[str, Any]:
        return self.to_dict()

    def __setstate__(self, state: Dict[str, Any]) -> None:
        object.__setattr__(self, "_data", {k: _wrap(v) for k, v in state.items()})

    def to_dict(self) -> Dict[str, Any]:
        """A plain (nested) dict copy."""
        out: Dict[str, Any] = _unwrap(self)
        return out

    def _repr_html_(self) -> str:
        return html_table([self])


class Explanation(Record):
    """How one number was computed: ``id``, ``quantity`` (which number),
    ``formula`` (written out with the actual values), ``result``,
    ``inputs`` (each with ``name``, ``value`` and ``source``) and ``parts``
    (sub-explanations)."""

    __slots__ = ()

    def __str__(self) -> str:
        lines = [f"{self._data.get('id')}.{self._data.get('quantity')} = "
                 f"{self._data.get('formula')} = {self._data.get('result')}"]
        for i in self._data.get("inputs", []):
            src = i.get("source")
            lines.append(f"  {i.get('name')} = {i.get('value')}" + (f" (from {src})" if src else ""))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Explanation {self}>"

    def _repr_html_(self) -> str:
        return f"<pre>{html.escape(str(self))}</pre>"


class Result:
    """Base class of engine results.

    Every top-level field of the engine's JSON is an attribute. Subclasses
    set ``_table`` (the list field that ``to_pandas()``/``to_polars()``
    return by default) and may add charts.
    """

    _engine: ClassVar[str] = ""
    _table: ClassVar[str] = ""
    __slots__ = ("_raw_data", "_cache", "_context")

    def __init__(self, raw: Optional[Mapping[str, Any]], context: Optional[Mapping[str, Any]] = None) -> None:
        #: The engine's JSON; ``None`` until first needed when a subclass
        #: keeps the native result (see :meth:`_load_raw`).
        self._raw_data: Optional[Dict[str, Any]] = None if raw is None else dict(raw)
        #: Extra facts from the plan the result needs for display (such as
        #: task names), kept through pickling.
        self._context: Dict[str, Any] = dict(context or {})
        self._cache: Optional[Dict[str, Any]] = None

    @property
    def _raw(self) -> Dict[str, Any]:
        """The engine's JSON (the CLI's shape), parsed on first use."""
        if self._raw_data is None:
            self._raw_data = self._load_raw()
        return self._raw_data

    def _load_raw(self) -> Dict[str, Any]:
        """Hook: the engine's JSON of a result kept natively."""
        raise ValueError(f"{type(self).__name__} has no data")

    @property
    def _data(self) -> Dict[str, Any]:
        """The typed, wrapped fields, built on first use (so a result that
        only goes to a DataFrame never builds a Record per row)."""
        if self._cache is None:
            typed_data: Dict[str, Any] = typed(self._raw)
            prepared = self._prepare(typed_data, self._context)
            self._cache = {k: _wrap(v) for k, v in prepared.items()}
        return self._cache

    def _extra_columns(self, table: str, rows: List[Dict[str, Any]]) -> Dict[str, List[Any]]:
        """Hook: columns added to a DataFrame of ``table`` (such as names)."""
        return {}

    def _raw_table(self, table: str) -> Optional[List[Dict[str, Any]]]:
        v = self._raw.get(table)
        if isinstance(v, list) and all(isinstance(r, dict) for r in v):
            return v
        return None

    def _columns(self, table: Optional[str]) -> Tuple[List[Dict[str, Any]], Dict[str, str], Dict[str, List[Any]]]:
        """Flat rows of a table straight from the engine's JSON, each
        column's leaf key, and the extra columns."""
        name = table or self._table
        raw_rows = self._raw_table(name)
        if raw_rows is None:  # a derived or map table: go through Records
            rows = [_flatten(r.to_dict()) for r in self.rows(table)]
            return rows, {}, {}
        leaves: Dict[str, str] = {}
        rows = [_flatten(r, leaves) for r in raw_rows]
        return rows, leaves, self._extra_columns(name, raw_rows)

    def _prepare(self, data: Dict[str, Any], context: Dict[str, Any]) -> Dict[str, Any]:
        """Hook: adjust the typed data before it is wrapped (for example add
        task names from the context, or a combined findings table)."""
        return data

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._data[name]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__} has no field {name!r}; fields: {', '.join(self._data)}"
            ) from None

    def __dir__(self) -> List[str]:
        return sorted(set(self._data) | set(dir(type(self))))

    def __getstate__(self) -> Dict[str, Any]:
        return {"raw": self._raw, "context": self._context}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        Result.__init__(self, state["raw"], state["context"])

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return bool(self._raw == other._raw)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        scalars = ", ".join(
            f"{k}={v!r}" for k, v in self._data.items() if not isinstance(v, (list, Record))
        )
        return f"<{type(self).__name__} {scalars}>"

    def to_dict(self) -> Dict[str, Any]:
        """The result as plain dicts and lists, with typed values (Decimal,
        date, datetime)."""
        out: Dict[str, Any] = _unwrap(Record(self._data))
        return out

    def to_json(self) -> Dict[str, Any]:
        """The result exactly as the engine produced it (the CLI's
        ``--format json`` shape: dates and money as strings)."""
        return dict(self._raw)

    def rows(self, table: Optional[str] = None) -> List[Record]:
        """The rows of a list field (default: the main table)."""
        name = table or self._table
        value = self._data.get(name)
        if isinstance(value, Record):  # a map such as by_category: key/value rows
            return [Record({"key": k, "value": v}) for k, v in value.items()]
        if not isinstance(value, list):
            raise KeyError(f"{type(self).__name__} has no table {name!r}")
        return [r if isinstance(r, Record) else Record({"value": r}) for r in value]

    def to_pandas(self, table: Optional[str] = None) -> Any:
        """The main table (or ``table``) as a pandas DataFrame: one row per
        entry, dates as ``datetime64``, money as ``Decimal`` objects.

        Needs the ``pandas`` extra (``pip install stratops[pandas]``)."""
        import pandas as pd

        rows, leaves, extra = self._columns(table)
        df = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
        for col in list(df.columns):
            kind = _kind([r.get(col) for r in rows], leaves.get(col)) if leaves else ""
            if kind in ("date", "datetime"):
                df[col] = pd.to_datetime(df[col], format="ISO8601")
            elif kind == "money":
                df[col] = [None if r.get(col) is None else Decimal(r[col]) for r in rows]
        for i, (col, values) in enumerate(extra.items()):
            df.insert(1 + i if "id" in df.columns else i, col, values)
        return df

    def to_arrow(self, table: Optional[str] = None) -> Any:
        """The main table (or ``table``) as a ``pyarrow.Table``: money as
        ``decimal128`` (exact), dates as timestamps, lists as list columns.

        Needs ``pyarrow``."""
        import pyarrow as pa

        return pa.Table.from_pandas(self.to_pandas(table), preserve_index=False)

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """The Arrow PyCapsule stream of the main table, so that any Arrow
        consumer reads a result directly (``pyarrow.table(result)``,
        ``polars.DataFrame(result)``, DuckDB)."""
        return self.to_arrow().__arrow_c_stream__(requested_schema)

    def to_polars(self, table: Optional[str] = None) -> Any:
        """The main table (or ``table``) as a polars DataFrame (dates as
        ``Datetime``/``Date``, money as ``Decimal``).

        Needs the ``polars`` extra (``pip install stratops[polars]``)."""
        import polars as pl

        rows, leaves, extra = self._columns(table)
        if not rows:
            return pl.DataFrame()
        df = pl.DataFrame(rows, infer_schema_length=None)
        for col in df.columns:
            kind = _kind([r.get(col) for r in rows], leaves.get(col)) if leaves else ""
            if kind == "date":
                df = df.with_columns(pl.col(col).str.to_date("%Y-%m-%d"))
            elif kind == "datetime":
                df = df.with_columns(pl.col(col).str.to_datetime())
            elif kind == "money":
                df = df.with_columns(
                    pl.Series(col, [None if v is None else Decimal(v) for v in df.get_column(col).to_list()])
                )
        for i, (col, values) in enumerate(extra.items()):
            df = df.insert_column(1 + i if "id" in df.columns else i, pl.Series(col, values))
        return df

    def explain(self, id: str) -> List[Explanation]:
        """How the numbers of entity ``id`` were computed: a list of
        :class:`Explanation`, one per number. Raises ``KeyError`` for an id
        the result does not contain."""
        found: List[Explanation] = []
        exps = self._data.get("explanations")
        if isinstance(exps, list):
            found += [Explanation(e._data) for e in exps if isinstance(e, Record) and e.get("id") == id]
        for value in self._data.values():
            if isinstance(value, Record) and isinstance(value.get("explanation"), Record):
                e = value["explanation"]
                if e.get("id") == id:
                    found.append(Explanation(e._data))
            if not isinstance(value, list):
                continue
            for row in value:
                if isinstance(row, Record) and row.get("id") == id:
                    e = row.get("explanation")
                    if isinstance(e, Record):
                        found.append(Explanation(e._data))
        return found or self._explain_row(id)

    def _explain_row(self, id: str) -> List[Explanation]:
        """Fallback explanation from the row itself; engines override."""
        raise KeyError(f"{type(self).__name__}: no explanation for {id!r}")

    def _repr_html_(self) -> str:
        scalars = "".join(
            f"<tr><th>{html.escape(k)}</th><td>{_cell(v)}</td></tr>"
            for k, v in self._data.items()
            if not isinstance(v, (list, Record))
        )
        main = self._data.get(self._table)
        table = html_table(main) if isinstance(main, list) else ""
        return (
            f"<div><strong>{html.escape(type(self).__name__)}</strong>"
            f"<table>{scalars}</table>{table}</div>"
        )
