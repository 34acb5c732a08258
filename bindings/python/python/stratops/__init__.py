"""stratops: strategy and work plans in one model.

Load a plan, validate it, and compute its schedule (CPM and critical path),
KPI scorecard, alignment and more, with pandas/polars DataFrames in and out,
``decimal.Decimal`` money and ``datetime`` dates::

    import stratops
    plan = stratops.load("examples/plans/endpoint-security.json")
    plan.validate()                 # list of Diagnostic
    plan.to_dict()["plans"][1]["budget"]  # Decimal('12800.00')

The heavy lifting is the Rust core (``stratops._core``); long computations
release the GIL. Every error is a :class:`StratopsError` (a ``ValueError``)
with a stable ``code``.
"""

from __future__ import annotations

from . import _core
from ._engines import (
    AlignmentResult,
    BudgetResult,
    DiffResult,
    RemindResult,
    ReportResult,
    RiskResult,
    EarnedValueResult,
    HealthResult,
    SimulationResult,
    LevelResult,
    ResourceUsageResult,
    VarianceResult,
    ScheduleResult,
    ScorecardResult,
)
from ._plan import Plan, import_mspdi, import_psplib, load, loads
from ._results import Explanation, Record, Result
from .errors import (
    CalculationError,
    CycleError,
    Diagnostic,
    FormatError,
    FrameError,
    ImportFormatError,
    InternalError,
    StratopsError,
    ValidationError,
)

__version__: str = _core.__version__

from . import errors as _errors  # noqa: E402

_errors.CODES = frozenset(_core.error_codes())

__all__ = [
    "Plan",
    "load",
    "loads",
    "import_mspdi",
    "import_psplib",
    "json_schema",
    "Result",
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
    "Record",
    "Explanation",
    "Diagnostic",
    "StratopsError",
    "FormatError",
    "ImportFormatError",
    "ValidationError",
    "CycleError",
    "CalculationError",
    "FrameError",
    "InternalError",
]


def json_schema() -> str:
    """The JSON Schema of the ``stratops/1`` format, as text."""
    return _core.json_schema()
