"""The :class:`Plan` object: a whole ``stratops/1`` document in Python."""

from __future__ import annotations

import html
import json
import contextlib
import importlib
import os
import sys
from typing import Any, Callable, Dict, Iterator, List, Literal, Mapping, Optional, Type, TypeVar, Union, overload

from . import _core, _frames
from ._convert import dumps as _dumps
from ._convert import typed
from ._engines import (
    AlignmentResult,
    BudgetResult,
    DiffResult,
    RemindResult,
    ReportResult,
    RiskResult,
    EarnedValueResult,
    HealthResult,
    LevelResult,
    ResourceUsageResult,
    SimulationResult,
    VarianceResult,
    ScheduleResult,
    ScorecardResult,
)
from ._results import Explanation, Record, Result, _wrap, html_table
from .errors import Diagnostic, FormatError, ImportFormatError

__all__ = ["Plan", "load", "loads", "import_mspdi", "import_psplib"]

R = TypeVar("R", bound=Result)
PathLike = Union[str, "os.PathLike[str]"]


class Plan:
    """A whole ``stratops/1`` document: the organisation's plans (strategic,
    operational, tactical, project), with their goals, KPIs, tasks, costs and
    risks, plus shared resources and calendars.

    Create one with :func:`stratops.load`, :func:`stratops.loads`,
    :meth:`Plan.from_dict` or :meth:`Plan.from_frames`. A Plan changes only
    through :meth:`apply` (atomic edit transactions), :meth:`undo` and
    :meth:`redo`; for anything else edit the dict from :meth:`to_dict` and
    build a new one.

    Loading only *reads* the document (a :class:`~stratops.FormatError` if it
    cannot be read). :meth:`validate` lists every diagnostic; the engines
    (:meth:`schedule`, ...) validate first and raise
    :class:`~stratops.ValidationError` or :class:`~stratops.CycleError` when
    the document has errors. Plans pickle (as their JSON), so they travel to
    multiprocessing workers and Dask.
    """

    __slots__ = ("_doc", "_editor")

    def __init__(self, document: "_core.Document") -> None:
        """Wraps a native document; use the constructors above instead."""
        if not isinstance(document, _core.Document):
            raise TypeError(
                "Plan() takes a native document; use stratops.load, stratops.loads, "
                "Plan.from_dict or Plan.from_frames"
            )
        self._doc = document
        self._editor: Optional[_core.Editor] = None

    # ---- editing -----------------------------------------------------------

    def apply(self, edits: List[Mapping[str, Any]]) -> Record:
        """Applies a list of edits atomically (``docs/editing.md``): each a
        dict such as ``{"op": "updateTask", "id": "a", "set": {"duration":
        "3d"}}``, ``{"op": "addTask", "task": {...}}``, ``{"op":
        "addDependency", "successor": "b", "predecessor": "a"}``,
        ``{"op": "setProgress", "id": "a", "percent_complete": 50}``.
        The plan is validated and rescheduled once (incrementally for
        duration edits), in Rust with the GIL released.

        Returns the change set: ``changed_tasks`` (ids whose dates or floats
        moved), ``added_tasks``, ``removed_tasks``, ``project_finish`` and
        ``project_finish_before`` (``datetime``), ``critical_path_changed``,
        ``diagnostics``, ``edits``.

        Raises the refusal's error (``CycleError``, ``ValidationError``,
        ``CalculationError`` with its ``code``) when any edit is refused;
        its message starts with ``edits[i] (op):`` and the plan is
        unchanged."""
        if self._editor is None:
            self._editor = _core.Editor(self._doc)
        text, doc = self._editor.apply(_dumps(list(edits)))
        self._doc = doc
        return _change_set(text)

    def undo(self) -> Optional[Record]:
        """Undoes the last :meth:`apply`: the document and the schedule are
        restored exactly. Returns its change set, or ``None`` when there is
        nothing to undo."""
        if self._editor is None:
            return None
        out = self._editor.undo()
        if out is None:
            return None
        self._doc = out[1]
        return _change_set(out[0])

    def redo(self) -> Optional[Record]:
        """Re-applies the last undone transaction (``None`` if none)."""
        if self._editor is None:
            return None
        out = self._editor.redo()
        if out is None:
            return None
        self._doc = out[1]
        return _change_set(out[0])

    @property
    def can_undo(self) -> bool:
        """Whether :meth:`undo` has something to undo."""
        return self._editor is not None and self._editor.can_undo

    @property
    def can_redo(self) -> bool:
        """Whether :meth:`redo` has something to redo."""
        return self._editor is not None and self._editor.can_redo

    # ---- constructors ------------------------------------------------------

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> "Plan":
        """Reads ``stratops/1`` JSON text (same as :func:`stratops.loads`)."""
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode("utf-8")
        return cls(_core.Document.from_json(text))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Plan":
        """Builds a plan from a dict shaped like the ``stratops/1`` JSON.

        Values may be the JSON forms (strings for money and dates) or typed
        Python values: ``Decimal`` money, ``datetime.date`` and naive
        ``datetime.datetime``. ``Plan.from_dict(plan.to_dict())`` gives an
        equal plan. Errors name the JSON path, as for :func:`loads`.
        """
        try:
            text = _dumps(data)
        except (TypeError, ValueError) as e:
            raise FormatError(f"cannot encode the dict as JSON: {e}", code="not_json") from None
        return cls.from_json(text)

    @classmethod
    def from_frames(
        cls,
        tasks: Any = None,
        dependencies: Any = None,
        kpis: Any = None,
        measurements: Any = None,
        costs: Any = None,
        *,
        goals: Any = None,
        resources: Any = None,
        assignments: Any = None,
        start: Any = None,
        end: Any = None,
        plan_id: str = "plan",
        name: str = "Plan",
        kind: str = "project",
        owner: Optional[str] = None,
        currency: Optional[str] = None,
        organisation: Optional[str] = None,
        settings: Optional[Mapping[str, Any]] = None,
        calendars: Optional[List[Mapping[str, Any]]] = None,
    ) -> "Plan":
        """Builds a one-plan document from pandas or polars DataFrames (or
        dicts of columns).

        Every frame is optional. Extra columns are ignored; missing values
        (None/NaN/NaT) mean "not given". Required columns are marked *.

        tasks
            ``id``\\* str, ``name``\\* str, ``duration`` (``"5d"``, ``"3h"``,
            ``"2ed"`` or a number of working days), ``parent`` (WBS parent
            id), ``kind`` (``task``/``milestone``/``summary``), ``owner``,
            ``supports`` (goal ids: list or ``"g1,g2"``), ``constraint_type``
            (``SNET``, ``MSO``, ...), ``constraint_date``, ``deadline``,
            ``calendar``, ``percent_complete`` (0-100), ``notes``.
        dependencies
            ``successor``\\* and ``predecessor``\\* task ids, ``type``
            (``FS`` default, ``SS``, ``FF``, ``SF``), ``lag`` (duration, may
            be negative, ``"50%"``, or elapsed ``"2ed"``).
        kpis
            ``id``\\*, ``name``\\*, ``polarity``\\* (``increase``,
            ``decrease``, ``at_least``, ``at_most``, ``range``),
            ``baseline_value``\\*, ``baseline_date``\\*, ``target_value``\\*,
            ``target_date``\\*, ``goal`` (goal id), ``weight``, ``unit``,
            ``owner``, ``aggregation``, ``leading`` (bool), ``cadence``.
        measurements
            ``kpi``\\* id, ``date``\\*, ``value``\\*, ``denominator``, ``note``.
        costs
            ``id``\\*, ``category``\\*, ``kind``\\* (``fixed``, ``labour``,
            ``unit``), ``task``, ``amount``, ``resource``, ``hours``,
            ``quantity``, ``unit_price``, ``actual`` (money: Decimal, int,
            float or decimal string), ``accrual`` (``start``, ``prorated``,
            ``end``), ``description``, ``supports``.
        goals
            ``id``\\*, ``name``\\*, ``owner``, ``due``, ``description``,
            ``contributes_to`` (goal ids).
        resources
            ``id``\\*, ``name``\\*, ``kind``, ``rate`` (hourly, money),
            ``rate_from`` (date), ``calendar``, ``capacity``, ``email``.
        assignments
            ``task``\\*, ``resource``\\*, ``role`` (RACI: ``responsible``,
            ``accountable``, ``consulted``, ``informed``), ``hours``,
            ``units`` (1.0 = 100%: with ``hours``, the assignment drives the
            task's dates), ``contour`` (``flat``, ``back_loaded``,
            ``front_loaded``, ``double_peak``, ``early_peak``,
            ``late_peak``, ``bell``, ``turtle``, ``contoured``).

        ``start`` (required) is the plan's first day: tasks with no
        predecessor start there. ``end`` defaults to one year later.
        ``settings`` and ``calendars`` are passed through in their JSON form.

        Raises :class:`~stratops.FrameError` naming the frame and column
        when a required column is missing (``code="missing_column"``), a
        value has the wrong type (``"wrong_column_type"``, with ``row``), or
        a dependency/measurement names an unknown task/KPI
        (``"unknown_id"``); :class:`~stratops.FormatError` when a value is
        malformed (such as the duration ``"5x"``).
        """
        extra: Dict[str, Any] = {}
        if settings:
            extra["settings"] = dict(settings)
        if calendars:
            extra["calendars"] = [dict(c) for c in calendars]
        doc, tasks_native = _frames.build(
            {
                "tasks": tasks,
                "dependencies": dependencies,
                "kpis": kpis,
                "measurements": measurements,
                "costs": costs,
                "goals": goals,
                "resources": resources,
                "assignments": assignments,
            },
            plan_id=plan_id,
            name=name,
            kind=kind,
            start=start,
            end=end,
            owner=owner,
            currency=currency,
            organisation=organisation,
            extra=extra,
        )
        try:
            text = _dumps(doc)
        except (TypeError, ValueError) as e:
            raise FormatError(f"cannot encode the frames as JSON: {e}", code="not_json") from None
        return cls(_core.Document.from_json_with_tasks(text, tasks_native))

    # ---- saving ------------------------------------------------------------

    def dumps(self, *, pretty: bool = True) -> str:
        """The document as ``stratops/1`` JSON text (pretty-printed, as the
        file format, unless ``pretty=False``)."""
        return self._doc.to_json(pretty)

    def save(self, path: PathLike) -> None:
        """Writes the document to ``path`` as ``stratops/1`` JSON."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.dumps())
            f.write("\n")

    def to_dict(self, *, typed_values: bool = True) -> Dict[str, Any]:
        """The document as a dict shaped like the JSON.

        With ``typed_values`` (the default) money is ``Decimal`` and dates are
        ``datetime.date``/``datetime.datetime``; with ``typed_values=False``
        they stay the JSON strings. ``extensions`` is always returned
        verbatim."""
        raw: Dict[str, Any] = json.loads(self._doc.to_json(False))
        if not typed_values:
            return raw
        out: Dict[str, Any] = typed(raw)
        return out

    # ---- checking ----------------------------------------------------------

    def validate(self) -> List[Diagnostic]:
        """Every diagnostic of the document, errors and warnings, as a list
        of :class:`~stratops.Diagnostic` (empty when the document is clean).
        Never raises for an invalid document: that is what it reports."""
        return list(self._doc.validate())

    @property
    def is_valid(self) -> bool:
        """Whether :meth:`validate` finds no error (warnings allowed)."""
        return not any(d.is_error for d in self.validate())

    def check(self) -> List[Diagnostic]:
        """Validates like the engines do: raises
        :class:`~stratops.ValidationError` (or :class:`~stratops.CycleError`)
        when the document has errors; otherwise returns the warnings."""
        return list(self._doc.check())

    # ---- engines -----------------------------------------------------------

    def _run(
        self,
        engine: str,
        result: Type[R],
        context: Optional[Mapping[str, Any]] = None,
        _progress: Optional[Callable[[int, int], Any]] = None,
        **options: Any,
    ) -> R:
        """Runs a native engine and wraps its JSON in ``result``.

        This is the one hook every engine goes through: the options are
        written as JSON (dates and Decimals in their string forms), the
        engine runs in Rust with the GIL released, and the JSON result
        becomes a typed :class:`~stratops.Result`. Budget and report plug in
        here with their own Result subclass when the core grows them.
        """
        opts = {k: v for k, v in options.items() if v is not None}
        raw = json.loads(self._doc.run(engine, _dumps(opts), _progress))
        return result(raw, context)

    def schedule(
        self,
        *,
        honor_constraints: Optional[bool] = None,
        critical_threshold_min: Optional[int] = None,
        max_paths: Optional[int] = None,
        status_date: Any = None,
        out_of_sequence: Optional[str] = None,
    ) -> ScheduleResult:
        """Computes the schedule with the critical path method, as MS Project
        does: early and late dates, total and free float, critical tasks and
        the critical path(s), over every plan of the document.

        Args:
            honor_constraints: whether SNLT/FNLT constraints cap the early
                dates (MS Project's "tasks will always honor their constraint
                dates"). ``None`` uses the document's setting (on by
                default); off, they show as negative float instead.
            critical_threshold_min: tasks whose total float is at most this
                many working minutes are critical (``None``: the document's
                setting, 0 by default).
            max_paths: the most critical paths to list (default 100).
            status_date: schedule the plan as executed at the end of this
                ``date``: done work stays, started work resumes its
                remaining duration after it, unstarted work starts after it
                (the finish is then the forecast).
            out_of_sequence: ``"retained_logic"`` (default) or
                ``"progress_override"``: whether started work still waits
                for predecessors that are not done.

        Returns:
            A :class:`~stratops.ScheduleResult`: ``project_start``,
            ``project_finish``, ``tasks`` (early/late start and finish as
            ``datetime``, floats in working minutes, ``critical``),
            ``critical_paths``; ``.to_pandas()``, ``.to_polars()``,
            ``.gantt()``, ``.explain(task_id)``.

        Raises:
            ValidationError: the document has errors (see :meth:`validate`).
            CycleError: the dependencies form a cycle (``.task_ids``).
            CalculationError: a date falls outside the calendar's range, or
                an option is invalid.

        The computation runs in Rust with the GIL released, so other Python
        threads keep running.

        Example::

            >>> plan = stratops.load("examples/plans/endpoint-security.json")
            >>> s = plan.schedule()
            >>> s.project_finish
            datetime.datetime(2025, 12, 29, 17, 0)
            >>> s.to_pandas()[["id", "early_start", "total_float_min"]]
        """
        opts = _schedule_options(
            honor_constraints=honor_constraints,
            critical_threshold_min=critical_threshold_min,
            max_paths=max_paths,
            status_date=status_date,
            out_of_sequence=out_of_sequence,
        )
        native = self._doc.schedule(_dumps(opts))
        return ScheduleResult._from_native(native, {"plan": self, "options": opts})

    def budget(
        self,
        *,
        exact: bool = False,
        use_schedule: bool = True,
        rounding: str = "half_even",
    ) -> BudgetResult:
        """Computes the budget: what the plans cost, where the money goes and
        how much of it serves the strategy.

        Each cost line costs its ``amount`` (fixed), ``quantity ×
        unit_price`` (unit) or ``hours × rate`` (labour, at the resource's
        rate in force on the task's dates, split pro rata across a rate
        change). Lines are summed exactly and time-phased over their task's
        scheduled working time by their accrual (``start``, ``prorated``,
        ``end``).

        Args:
            exact: give the exact sums instead of rounding to the currency's
                minor unit (rounding happens only here, on presentation).
            use_schedule: phase task lines over the schedule (default); with
                ``False`` every line is spread over its plan's horizon, like
                the CLI's ``--no-schedule``.
            rounding: how to round to the minor unit: ``"half_even"``
                (banker's rounding, the default), ``"half_up"``,
                ``"half_down"``, ``"up"`` (away from zero) or ``"down"``
                (toward zero).

        Returns:
            A :class:`~stratops.BudgetResult`: ``total`` (a ``Decimal``),
            ``by_category``, ``by_task``, ``by_period`` (months) and the other
            breakdowns, ``contingency`` (beside the total), ``variance``;
            ``.to_pandas()`` (month × category long table),
            ``.plot(by="month")``, ``.explain(id)``.

        Raises:
            ValidationError: the document has errors (a missing rate, a
                negative amount, an unknown resource...: see :meth:`validate`).
            CalculationError: a sum overflows (``code="overflow"``, naming the
                line), a rate is missing on a worked day, or an option is
                invalid.

        Example::

            >>> plan = stratops.load("examples/plans/endpoint-security.json")
            >>> plan.budget().total
            Decimal('12800.00')
        """
        opts: Dict[str, Any] = {"exact": exact, "use_schedule": use_schedule, "rounding": rounding}
        return self._run("budget", BudgetResult, {"plan": self, "options": opts}, **opts)

    def scorecard(
        self,
        as_of: Any,
        *,
        on_track: Optional[float] = None,
        at_risk: Optional[float] = None,
        default_cap: Optional[float] = None,
    ) -> ScorecardResult:
        """Scores every KPI as of a date and rolls progress up to the goals.

        Progress of a KPI is (value − baseline)/(target − baseline), clamped
        to [0, 1] (a move in the wrong direction gives 0); the expected
        progress is linear from the baseline date to the target date (or
        through the KPI's milestones); status follows the pace
        progress/expected. Goals take the weighted mean of their KPIs and
        contributing goals (children without data are left out).

        Args:
            as_of: the date to score at (``datetime.date`` or ``"YYYY-MM-DD"``).
                stratops never reads the clock: pass ``datetime.date.today()``
                for "now".
            on_track: pace at or above which a KPI is on track (default 0.95).
            at_risk: pace at or above which it is at risk rather than off
                track (default 0.75).
            default_cap: the progress cap of KPIs that set none (default 1).

        Returns:
            A :class:`~stratops.ScorecardResult` (``kpis``, ``goals``,
            ``leading``; ``.plot()``, ``.to_pandas()``, ``.explain(id)``).
        """
        return self._run(
            "scorecard", ScorecardResult, None,
            as_of=as_of, on_track=on_track, at_risk=at_risk, default_cap=default_cap,
        )  # fmt: skip

    def alignment(self, as_of: Any = None) -> AlignmentResult:
        """The strategy-execution drift report: tasks and costs supporting
        no goal, goals without KPIs or work, goals that do not ladder up to
        the strategy, stale KPIs (only with ``as_of``), RACI violations,
        SMART failures, and the share of work hours aligned to strategy.

        Returns:
            An :class:`~stratops.AlignmentResult`; ``.to_pandas()`` lists
            every finding.
        """
        return self._run("alignment", AlignmentResult, None, as_of=as_of)

    def explain(self, id: str, as_of: Any = None) -> List[Explanation]:
        """How the numbers of ``id`` were computed, whatever it names: a task
        (its schedule dates and floats), a KPI or goal (its scorecard figures
        as of ``as_of``, which they need), a cost line, plan or resource (its
        budget figures), a risk (its score), or a budget figure that is not
        an entity (a category, an owner, a month). The same as the wasm
        face's ``plan.explain(id, asOf)``.

        Raises:
            CalculationError: ``unknown_id`` (nothing is named ``id``),
                ``as_of_required``, ``nothing_to_explain`` (an entity with no
                computed numbers, such as a calendar).
        """
        opts = {k: v for k, v in {"id": id, "as_of": as_of}.items() if v is not None}
        raw = json.loads(self._doc.run("explain", _dumps(opts), None))
        return [Explanation(e) for e in raw["explanations"]]

    def risks(self) -> RiskResult:
        """The scored risk register: probability, likelihood, impact, score
        band and exposure (probability × cost impact, a ``Decimal``) per
        risk, with the top risks by exposure."""
        return self._run("risk", RiskResult, None)

    @overload
    def report(
        self,
        as_of: Any,
        *,
        format: Literal["json"] = ...,
        lookahead_days: Optional[int] = ...,
        top_risks: Optional[int] = ...,
    ) -> ReportResult: ...

    @overload
    def report(
        self,
        as_of: Any,
        *,
        format: Literal["md", "html"],
        lookahead_days: Optional[int] = ...,
        top_risks: Optional[int] = ...,
    ) -> str: ...

    def report(
        self,
        as_of: Any,
        *,
        format: str = "json",
        lookahead_days: Optional[int] = None,
        top_risks: Optional[int] = None,
    ) -> Union[ReportResult, str]:
        """The progress report as of a date: executive summary, KPI status,
        milestones, overdue tasks, critical path, budget against actual with
        contingency, top risks and the challenges, each with its owner.

        Args:
            as_of: the status date (``datetime.date`` or ``"YYYY-MM-DD"``);
                stratops never reads the clock.
            format: ``"json"`` (default) gives a :class:`~stratops.ReportResult`;
                ``"md"`` the Markdown text and ``"html"`` a self-contained
                HTML page, as ``stratops report --format md|html`` writes them.
            lookahead_days: how many days ahead a milestone counts as due
                rather than upcoming (default 14).
            top_risks: how many risks the report lists (default 5).
        """
        if format not in ("json", "md", "html"):
            raise ValueError(f"format must be 'json', 'md' or 'html', not {format!r}")
        opts = {k: v for k, v in {"as_of": as_of, "lookahead_days": lookahead_days, "top_risks": top_risks}.items()
                if v is not None}  # fmt: skip
        if format != "json":
            out: str = json.loads(self._doc.run("report", _dumps(dict(opts, format=format))))["text"]
            return out
        return self._run("report", ReportResult, {"plan": self, "options": opts}, **opts)

    def earned_value(
        self, status_date: Any, *, baseline: Optional[int] = None, eac_method: Optional[str] = None
    ) -> EarnedValueResult:
        """Earned value and earned schedule as of the end of ``status_date``.

        PV comes from ``baseline`` (default: baseline 0 where a plan has
        one) or else from the plan as written, phased exactly like the
        budget; EV credits each task's progress; AC counts the cost lines'
        dated ``actuals`` up to the status date. ``eac_method`` is ``"cpi"``
        (default), ``"budget_rate"``, ``"cpi_spi"`` or ``"bottom_up"``.

        Returns an :class:`~stratops.EarnedValueResult` (``.to_pandas()`` by
        task, ``.to_pandas("by_period")``, ``.plot()`` for the S-curve).
        Runs in Rust with the GIL released. Example::

            >>> ev = plan.earned_value(date(2025, 12, 5))
            >>> ev.spi, ev.cpi, ev.eac
        """
        return self._run(
            "earned_value",
            EarnedValueResult,
            None,
            status_date=status_date,
            baseline=baseline,
            eac_method=eac_method,
        )

    def simulate(
        self,
        iterations: int = 1000,
        seed: int = 0,
        *,
        threads: Optional[int] = None,
        status_date: Any = None,
        progress: Union[bool, Callable[[int, int], Any], None] = None,
    ) -> SimulationResult:
        """A seeded Monte Carlo simulation of schedule and cost risk: tasks'
        three-point ``estimate``s and the risk register, each iteration a
        full CPM. The same seed gives the same result on any number of
        ``threads``. Runs in Rust with the GIL released; Ctrl+C stops it
        (``KeyboardInterrupt``). ``progress``: ``True`` shows a ``tqdm``
        bar (a notebook bar in Jupyter), ``None`` (default) shows one when
        the session is interactive and tqdm is installed, ``False`` none; a
        callable gets ``(done, total)``. Returns a
        :class:`~stratops.SimulationResult`."""
        from .errors import CalculationError

        try:
            with _progress_bar(progress, "simulating") as cb:
                return self._run(
                    "simulate",
                    SimulationResult,
                    None,
                    cb,
                    iterations=iterations,
                    seed=seed,
                    threads=threads,
                    status_date=status_date,
                )
        except CalculationError as e:
            if e.code == "cancelled":
                raise KeyboardInterrupt from e
            raise

    def level(
        self,
        mode: Optional[str] = None,
        schedules: Optional[int] = None,
        seed: Optional[int] = None,
        *,
        within_slack: bool = False,
        status_date: Any = None,
        progress: Union[bool, Callable[[int, int], Any], None] = None,
    ) -> LevelResult:
        """Resource leveling (``docs/leveling.md``): tasks are delayed, never
        shortened, until no resource is asked for more than its capacity.

        Args:
            mode: ``"standard"`` (MS Project's order, one pass; the default)
                or ``"optimise"`` (the shortest finish found within
                ``schedules``; the default for PSPLIB imports).
            schedules: the budget of generated schedules (default 1,000).
            seed: the optimisation's seed (default 1): same seed, same
                schedule.
            within_slack: (standard) delay tasks only within their slack.
            status_date: level the plan as executed at this date.
            progress: ``True`` shows a ``tqdm`` bar, ``None`` shows one in an
                interactive session when tqdm is installed, ``False`` none;
                a callable gets ``(done, total)`` and stops the run by
                returning ``False``.

        Runs in Rust with the GIL released. Ctrl+C stops an optimisation
        with the best schedule so far (``stopped`` is true). Returns a
        :class:`~stratops.LevelResult`; ``.plot()`` draws a resource's
        histogram before and after."""
        with _progress_bar(progress, "leveling") as cb:
            return self._run(
                "level",
                LevelResult,
                None,
                cb,
                mode=mode,
                schedules=schedules,
                seed=seed,
                within_slack=within_slack or None,
                status_date=status_date,
            )

    def resource_usage(self, period: str = "day", *, status_date: Any = None) -> ResourceUsageResult:
        """Each resource's load per ``period`` (``"day"`` or ``"week"``)
        against its capacity, with the tasks causing each overload
        (``docs/leveling.md``). ``.to_pandas()`` gives the rows, ``.plot()``
        the resource histogram."""
        return self._run("resource_usage", ResourceUsageResult, None, period=period, status_date=status_date)

    def health(self, *, status_date: Any = None, profile: Optional[str] = None) -> HealthResult:
        """Schedule health: the DCMA 14-point assessment, with check 12 run
        by delaying a critical task and rescheduling. ``status_date``
        assesses the plan as executed at that date (checks 9, 11 and 14 need
        it); ``profile`` names the thresholds (default ``"dcma"``). Returns a
        :class:`~stratops.HealthResult` (``.to_pandas()`` for the checks,
        ``.to_pandas("tasks")`` for the offending tasks)."""
        return self._run("health", HealthResult, None, status_date=status_date, profile=profile)

    def save_baseline(self, number: int = 0, *, saved: Any = None, status_date: Any = None) -> "Plan":
        """A new plan with baseline ``number`` (0-10) saved in every plan
        with tasks: each task's start, finish, duration, work and cost (with
        its WBS descendants'), scheduled at ``status_date`` if given.
        ``saved`` is the day it is saved (default: today). This plan is not
        changed."""
        import datetime as _dt

        opts = {"number": number, "saved": saved or _dt.date.today(), "status_date": status_date}
        opts = {k: v for k, v in opts.items() if v is not None}
        doc = json.loads(self._doc.run("save_baseline", _dumps(opts)))
        return Plan.from_json(json.dumps(doc))

    def baseline_variance(self, number: int = 0, *, status_date: Any = None) -> VarianceResult:
        """Start, finish, duration and cost variance of every baselined task
        against baseline ``number``, the plans' finishes, and the slipped
        tasks; dates forecast at ``status_date`` when given."""
        return self._run("baseline_variance", VarianceResult, None, number=number, status_date=status_date)

    def remind(self, as_of: Any, within_days: int = 14) -> RemindResult:
        """Reminders as of a date, for automation to route to their owners:
        tasks due within ``within_days`` calendar days or overdue, stale
        KPIs, milestones reached, risk triggers passed. Returns a
        :class:`~stratops.RemindResult` (``events``; ``.to_pandas()``)."""
        return self._run("remind", RemindResult, None, as_of=as_of, within_days=within_days)

    def diff(self, other: "Plan", *, as_of: Any = None) -> DiffResult:
        """What changed from this plan (the old version) to ``other`` (the
        new one): entities added, removed and changed field by field, and the
        consequences (the project finish before and after, the critical
        path; with ``as_of``, goal status changes). Both must be valid.
        Returns a :class:`~stratops.DiffResult`."""
        if not isinstance(other, Plan):
            raise TypeError(f"diff takes another Plan, not {type(other).__name__}")
        opts = {"as_of": as_of} if as_of is not None else {}
        raw = json.loads(self._doc.diff(other._doc, _dumps(opts)))
        return DiffResult(raw, None)

    def _task_names(self) -> Dict[str, str]:
        """Task id to name, over every plan."""
        return dict(self._doc.task_names())

    # ---- Python protocols --------------------------------------------------

    def __reduce__(self) -> Any:
        return (_from_json, (self.dumps(pretty=False),))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plan):
            return NotImplemented
        return self.to_dict(typed_values=False) == other.to_dict(typed_values=False)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        d = self.to_dict(typed_values=False)
        plans = d.get("plans", [])
        ids = ", ".join(p["id"] for p in plans[:5]) + (", ..." if len(plans) > 5 else "")
        tasks = sum(len(p.get("tasks", [])) for p in plans)
        return f"<stratops.Plan: {len(plans)} plan(s) [{ids}], {tasks} task(s)>"

    def _repr_html_(self) -> str:
        d = self.to_dict()
        rows = [
            {
                "id": p["id"],
                "kind": p["kind"],
                "name": p["name"],
                "start": p["horizon"]["start"],
                "end": p["horizon"]["end"],
                "goals": len(p.get("goals", [])),
                "kpis": len(p.get("kpis", [])),
                "tasks": len(p.get("tasks", [])),
                "costs": len(p.get("costs", [])),
                "risks": len(p.get("risks", [])),
            }
            for p in d.get("plans", [])
        ]
        title = html.escape(str(d.get("organisation") or "stratops document"))
        return f"<div><strong>{title}</strong>{html_table(rows)}</div>"


def _from_json(text: str) -> Plan:
    """Unpickling helper."""
    return Plan.from_json(text)


def loads(text: Union[str, bytes]) -> Plan:
    """Reads a plan from ``stratops/1`` JSON text.

    Raises :class:`~stratops.FormatError` (with ``line``, ``column``,
    ``path`` and a stable ``code`` such as ``json_syntax``, ``bad_date``,
    ``bad_money``, ``bad_duration``, ``unknown_variant``) when the text
    cannot be read. The document is not validated yet: call
    :meth:`Plan.validate`.

    >>> import stratops
    >>> p = stratops.loads('{"format": "stratops/1", "plans": []}')
    >>> p.validate()
    []
    """
    return Plan.from_json(text)


def import_mspdi(source: Union[PathLike, bytes, bytearray]) -> Plan:
    """Imports an MS Project XML (MSPDI) file as a one-plan document.

    ``source`` is a path (``str`` or ``os.PathLike``) or the file's bytes; a
    ``str`` whose first non-blank character is ``<`` is taken as the XML
    text itself. Bytes are read as UTF-8 (a byte-order mark is skipped).

    Tasks (with the outline as WBS parents), links with their lags,
    calendars, constraints, deadlines, resources with their rates,
    assignments, fixed costs and progress are mapped; every MSPDI field
    stratops has no home for is kept in the entities' ``extensions``.

    Raises:
        ImportFormatError: the file is not readable MSPDI (malformed XML,
            a missing ``UID``, a link to an unknown task...), with ``code``,
            ``line`` and ``column``.
        OSError: the path cannot be read.

    Example::

        >>> plan = stratops.import_mspdi("project.xml")
        >>> plan.schedule().project_finish
    """
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif isinstance(source, str) and source.lstrip().startswith("<"):
        data = source.encode("utf-8")
    else:
        with open(source, "rb") as f:
            data = f.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportFormatError(f"the MSPDI file is not UTF-8: {e}", code="not_utf8") from None
    doc, _fields = _core.import_mspdi(text)
    return Plan(doc)


def import_psplib(source: Union[PathLike, bytes, bytearray]) -> Plan:
    """Imports a PSPLIB single-mode ``.sm`` file (j30, j60, j90, j120) as a
    plan for leveling research (``docs/leveling.md``): job n becomes task
    ``jn``, resource k ``Rk`` with its capacity, durations in days on a
    continuous 7-day calendar. ``source`` is a path or the file's bytes.
    :meth:`Plan.level` optimises such a plan by default.

    Raises:
        ImportFormatError: a malformed file (``code`` ``bad_psplib``, the
            line in ``path``).
    """
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        with open(source, "rb") as f:
            data = f.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportFormatError(f"the PSPLIB file is not UTF-8: {e}", code="not_utf8") from None
    return Plan(_core.import_psplib(text))


def load(path: PathLike) -> Plan:
    """Reads a plan from a ``stratops/1`` JSON file (see :func:`loads`)."""
    with open(path, "rb") as f:
        return Plan.from_json(f.read())


def _change_set(text: str) -> Record:
    out: Record = _wrap(typed(json.loads(text)))
    return out


def _schedule_options(
    *,
    honor_constraints: Optional[bool] = None,
    critical_threshold_min: Optional[int] = None,
    max_paths: Optional[int] = None,
    status_date: Any = None,
    out_of_sequence: Optional[str] = None,
) -> Dict[str, Any]:
    """:meth:`Plan.schedule`'s options as the core reads them (the ones
    given); an unknown name is a ``TypeError``, as in ``Plan.schedule``."""
    opts = {
        "honor_constraints": honor_constraints,
        "critical_threshold_min": critical_threshold_min,
        "max_paths": max_paths,
        "status_date": status_date,
        "out_of_sequence": out_of_sequence,
    }
    return {k: v for k, v in opts.items() if v is not None}


@contextlib.contextmanager
def _progress_bar(
    progress: Union[bool, Callable[[int, int], Any], None], desc: str
) -> Iterator[Optional[Callable[[int, int], Any]]]:
    """The progress callback of a long engine: the user's callable, a
    ``tqdm`` bar (``tqdm.auto``: a widget in Jupyter, text in a terminal),
    or none."""
    if callable(progress):
        yield progress
        return
    show = progress
    if show is None:
        show = "ipykernel" in sys.modules or bool(getattr(sys.stderr, "isatty", lambda: False)())
    tqdm: Any = None
    if show:
        try:
            tqdm = importlib.import_module("tqdm.auto").tqdm
        except ImportError:
            if progress is True:
                raise ImportError("progress=True needs tqdm (pip install tqdm)") from None
    if tqdm is None:
        yield None
        return
    bar = tqdm(total=None, desc=desc, unit="it", leave=False)

    def update(done: int, total: int) -> None:
        if bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()
