"""The stratops exception hierarchy and validation diagnostics.

Every error stratops raises is a :class:`StratopsError`, itself a
:class:`ValueError`, with a stable machine-readable ``code`` (the same code
the Rust core and the CLI use). One subclass per family:

==========================  ==================================================
:class:`FormatError`        the text is not a readable ``stratops/1`` document
                            (``line``, ``column``, JSON ``path``)
:class:`ImportFormatError`  a foreign file (MS Project XML, ...) is unreadable
:class:`ValidationError`    the document was read but is invalid
                            (``diagnostics``)
:class:`CycleError`         a dependency / goal / WBS / calendar cycle
                            (``task_ids``; also a :class:`ValidationError`)
:class:`CalculationError`   an engine could not compute a result (``id``)
:class:`FrameError`         a DataFrame given to :meth:`Plan.from_frames` has a
                            missing or mistyped column (``frame``, ``column``)
:class:`InternalError`      a bug in stratops (a Rust panic caught at the
                            boundary); please report it
==========================  ==================================================

The native module maps the core's error enum onto these classes with an
exhaustive ``match``, so a new core error family cannot go unmapped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import FrozenSet, Iterable, List, Optional, Sequence, Tuple

__all__ = [
    "CODES",
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


#: Every error and diagnostic code stratops raises, from the core's typed
#: list (``stratops::error::codes::Code``): the ``code`` of any
#: :class:`StratopsError` or :class:`Diagnostic` is one of these. Filled in
#: from the native module when ``stratops`` is imported.
CODES: FrozenSet[str] = frozenset()


@dataclass(frozen=True)
class Diagnostic:
    """One finding of validation.

    Attributes:
        code: a stable snake_case code such as ``"dangling_reference"``.
        severity: ``"error"`` (the engines refuse the document) or
            ``"warning"`` (suspicious but usable).
        id: the entity concerned, if any.
        path: where in the document, such as ``"plans[0].tasks[3].duration"``.
        message: a human explanation.
        related: other ids involved (the missing end of a reference, or the
            ids on a cycle).
    """

    code: str
    severity: str
    id: Optional[str]
    path: str
    message: str
    related: Tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "related", tuple(self.related))

    @property
    def is_error(self) -> bool:
        """Whether this diagnostic is an error (not a warning)."""
        return self.severity == "error"

    def __str__(self) -> str:
        return f"{self.severity}[{self.code}] {self.path}: {self.message}"


class StratopsError(ValueError):
    """Base class of every stratops error.

    Attributes:
        code: the core's stable error code, such as ``"json_syntax"``,
            ``"bad_date"``, ``"invalid"`` or ``"dependency_cycle"``.
        message: the human message (also ``str(err)``).
    """

    code: str
    message: str

    def __init__(self, message: str, *, code: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class FormatError(StratopsError):
    """The text is not a readable ``stratops/1`` document: malformed JSON, a
    value of the wrong type, an unknown field or enum value, a bad date,
    money amount or duration.

    Attributes:
        line: the 1-based line of the problem (0 when unknown).
        column: the 1-based column (0 when unknown).
        path: the JSON path, such as ``"plans[0].tasks[2].duration"`` (empty
            when the problem is the JSON syntax itself).
    """

    line: int
    column: int
    path: str

    def __init__(
        self,
        message: str,
        *,
        code: str = "format",
        line: int = 0,
        column: int = 0,
        path: str = "",
    ) -> None:
        super().__init__(message, code=code)
        self.line = line
        self.column = column
        self.path = path


class ImportFormatError(FormatError):
    """A foreign file (MS Project XML, Primavera XER) could not be imported.
    Carries ``line``, ``column`` and ``path`` like :class:`FormatError`."""


class ValidationError(StratopsError):
    """The document was read but is invalid (``code == "invalid"``).

    Attributes:
        diagnostics: every diagnostic of the document, errors and warnings.
    """

    diagnostics: List[Diagnostic]

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        diagnostics: Iterable[Diagnostic] = (),
    ) -> None:
        super().__init__(message, code=code)
        self.diagnostics = list(diagnostics)

    @property
    def errors(self) -> List[Diagnostic]:
        """The diagnostics whose severity is ``"error"``."""
        return [d for d in self.diagnostics if d.is_error]


class CycleError(ValidationError):
    """The document contains a cycle. ``code`` says which kind:
    ``dependency_cycle``, ``goal_cycle``, ``wbs_cycle`` or ``calendar_cycle``.

    Attributes:
        task_ids: the ids on the cycle, in order (task ids for dependency and
            WBS cycles; goal or calendar ids for the other kinds).
        diagnostics: every diagnostic of the document, the cycle included.
    """

    task_ids: List[str]

    def __init__(
        self,
        message: str,
        *,
        code: str = "dependency_cycle",
        diagnostics: Iterable[Diagnostic] = (),
        task_ids: Sequence[str] = (),
    ) -> None:
        super().__init__(message, code=code, diagnostics=diagnostics)
        self.task_ids = list(task_ids)

    @property
    def ids(self) -> List[str]:
        """The ids on the cycle (the same list as ``task_ids``)."""
        return self.task_ids


class CalculationError(StratopsError):
    """An engine could not compute a result: an overflow, a date out of
    range, a missing rate, an unknown id or a bad option.

    Attributes:
        id: the entity (or option name) concerned, if any.
    """

    id: Optional[str]

    def __init__(
        self, message: str, *, code: str = "calculation", id: Optional[str] = None
    ) -> None:
        super().__init__(message, code=code)
        self.id = id


class FrameError(StratopsError):
    """A DataFrame given to :meth:`stratops.Plan.from_frames` cannot be used.

    ``code`` is ``"missing_column"``, ``"wrong_column_type"`` or
    ``"bad_frame"``.

    Attributes:
        frame: which argument, such as ``"tasks"``.
        column: the offending column, if any.
        row: the 0-based row of the offending value, if any.
    """

    frame: str
    column: Optional[str]
    row: Optional[int]

    def __init__(
        self,
        message: str,
        *,
        code: str = "bad_frame",
        frame: str = "",
        column: Optional[str] = None,
        row: Optional[int] = None,
    ) -> None:
        super().__init__(message, code=code)
        self.frame = frame
        self.column = column
        self.row = row


class InternalError(StratopsError):
    """A bug in stratops: a Rust panic caught at the boundary
    (``code == "internal"``). Please report it with the input."""

    def __init__(self, message: str, *, code: str = "internal") -> None:
        super().__init__(message, code=code)
