"""Conversions between the JSON of ``stratops/1`` and typed Python values.

Money crosses as :class:`decimal.Decimal` (the file writes decimal strings,
never binary floats), dates as :class:`datetime.date` and date-times as
:class:`datetime.datetime` (naive: stratops times are local with no zone).

Typing JSON is driven by field names: a string under a date key that looks
like an ISO date becomes a ``date``; a string under a money key that looks
like a decimal becomes a ``Decimal``. Ids are never under those keys, and
``extensions`` (user data) is never touched, so nothing is mistyped.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
from decimal import Decimal
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Tuple, Union

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")
_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")

#: Keys whose string values are dates or date-times, in documents and results.
DATE_KEYS: FrozenSet[str] = frozenset(
    {
        "start", "end", "due", "date", "from", "to", "trigger_date", "deadline",
        "actual_start", "actual_finish", "as_of", "project_start",
        "project_finish", "early_start", "early_finish", "late_start",
        "late_finish", "start_date", "finish_date", "forecast_date",
        "reached_on", "target_date", "baseline_date", "last_measured",
        "finish", "reaches_target_on", "horizon_start", "horizon_end",
        "forecast_reaches_on", "project_finish_old", "project_finish_new",
        "status_date", "forecast_finish", "planned_finish", "baseline_finish",
        "baseline_start", "target_finish", "saved", "planned_finish",
        "p10", "p50", "p80", "p90", "unleveled_finish", "project_finish_before",
    }
)  # fmt: skip

#: Keys whose string values are money (or other exact decimals).
MONEY_KEYS: FrozenSet[str] = frozenset(
    {
        "budget", "amount", "hours", "quantity", "unit_price", "actual",
        "cost", "standard", "management_reserve_pct", "total", "contingency",
        "variance", "planned", "remaining", "aligned_cost", "total_cost",
        "exposure_money", "total_exposure_money", "strategic",
        "risk_emv", "emv", "cost_impact", "management_reserve",
        "planned_variance", "percent_spent", "cap", "risk_contingency",
        "total_exposure", "impact_cost", "budget_delta", "budget_total_old",
        "budget_total_new", "bac", "pv", "ev", "ac", "sv", "cv", "eac", "etc",
        "vac", "pv_cum", "ac_cum", "baseline_cost", "cost_variance",
    }
)  # fmt: skip

#: Keys whose values are maps from a name to money.
MONEY_MAP_KEYS: FrozenSet[str] = frozenset(
    {
        "category_budgets", "by_category", "by_plan", "by_task", "by_goal",
        "by_period", "by_resource", "by_owner", "by_quarter", "by_year",
        "cost",
    }
)  # fmt: skip


def parse_date(s: str) -> Any:
    """``"2025-10-01"`` to a date, ``"2025-10-01T08:00"`` to a datetime;
    anything else is returned unchanged."""
    if _DATE.match(s):
        return _dt.date.fromisoformat(s)
    if _DATETIME.match(s):
        return _dt.datetime.fromisoformat(s)
    return s


def typed(
    value: Any,
    key: Optional[str] = None,
    date_keys: FrozenSet[str] = DATE_KEYS,
    money_keys: FrozenSet[str] = MONEY_KEYS,
    money_map_keys: FrozenSet[str] = MONEY_MAP_KEYS,
) -> Any:
    """Returns a copy of parsed JSON with money as ``Decimal`` and dates as
    ``date``/``datetime``. Iterative, so deep user data cannot overflow the
    Python stack."""
    root: List[Any] = [None]
    # Work items: (value, key, container, slot).
    stack: List[Tuple[Any, Optional[str], Any, Any]] = [(value, key, root, 0)]
    while stack:
        v, k, container, slot = stack.pop()
        if isinstance(v, dict):
            out: Dict[str, Any] = {}
            container[slot] = out
            for ck, cv in v.items():
                if ck == "extensions":
                    out[ck] = cv  # user data: verbatim
                elif k in money_map_keys and isinstance(cv, str) and _DECIMAL.match(cv):
                    out[ck] = Decimal(cv)
                else:
                    out[ck] = None
                    stack.append((cv, ck, out, ck))
        elif isinstance(v, list):
            lst: List[Any] = [None] * len(v)
            container[slot] = lst
            for i, cv in enumerate(v):
                stack.append((cv, k, lst, i))
        elif isinstance(v, str) and k is not None:
            if k in date_keys:
                container[slot] = parse_date(v)
            elif k in money_keys and _DECIMAL.match(v):
                container[slot] = Decimal(v)
            else:
                container[slot] = v
        else:
            container[slot] = v
    return root[0]


def decimal_str(d: Decimal) -> str:
    """A Decimal in plain positional notation (``1E+3`` becomes ``1000``),
    as the file format requires."""
    if not d.is_finite():
        raise ValueError(f"money must be finite, not {d}")
    return format(d, "f")


def datetime_str(t: _dt.datetime) -> str:
    """A naive datetime as ``YYYY-MM-DDTHH:MM:SS``."""
    if t.tzinfo is not None and t.utcoffset() is not None:
        raise ValueError(
            f"stratops date-times are local with no time zone; got {t.isoformat()}"
        )
    return t.replace(tzinfo=None, microsecond=0).isoformat(timespec="seconds")


def to_jsonable(o: Any) -> Any:
    """The ``default`` hook of :func:`json.dumps`: Decimal, date, datetime,
    numpy and pandas scalars."""
    if isinstance(o, Decimal):
        return decimal_str(o)
    if isinstance(o, _dt.datetime):
        return datetime_str(o)
    if isinstance(o, _dt.date):
        return o.isoformat()
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    item = getattr(o, "item", None)  # numpy / pandas scalars
    if callable(item):
        v = item()
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError(f"not a finite number: {v}")
        return v
    tolist = getattr(o, "tolist", None)  # numpy arrays
    if callable(tolist):
        return tolist()
    raise TypeError(f"cannot write a {type(o).__name__} into a stratops document")


def dumps(obj: Union[Mapping[str, Any], List[Any]]) -> str:
    """Compact JSON of a document or options dict, with typed values
    written in their ``stratops/1`` string forms."""
    return json.dumps(obj, default=to_jsonable, allow_nan=False, ensure_ascii=False)
