"""The error hierarchy, its codes, and the bad inputs of the foundation issue."""

from __future__ import annotations

import json
import pickle
from typing import Any, Dict, Type

import pytest

import stratops
from conftest import doc


def test_hierarchy() -> None:
    assert issubclass(stratops.StratopsError, ValueError)
    for cls in (
        stratops.FormatError,
        stratops.ValidationError,
        stratops.CalculationError,
        stratops.FrameError,
        stratops.InternalError,
    ):
        assert issubclass(cls, stratops.StratopsError)
    assert issubclass(stratops.ImportFormatError, stratops.FormatError)
    assert issubclass(stratops.CycleError, stratops.ValidationError)


def _load(d: Dict[str, Any]) -> stratops.Plan:
    return stratops.loads(json.dumps(d))


@pytest.mark.parametrize(
    "text, code, path",
    [
        # Malformed JSON: the core names the line/column; the path is where
        # the parser was.
        ('{"format": "stratops/1", "plans": [}', "json_syntax", None),
        ('{"format": "stratops/1"', "json_eof", None),
        # Wrong type: name must be a string.
        (json.dumps(doc(name=5)), "wrong_type", "plans[0].tasks[0].name"),
        # Unknown enum value.
        (json.dumps(doc(kind="epic")), "unknown_variant", "plans[0].tasks[0].kind"),
        # Years 0 and 10000 are outside 1..9999.
        (json.dumps(doc(deadline="0000-01-01")), "bad_date", "plans[0].tasks[0].deadline"),
        (json.dumps(doc(deadline="10000-01-01")), "bad_date", "plans[0].tasks[0].deadline"),
        # "5x" is no duration unit.
        (json.dumps(doc(duration="5x")), "bad_duration", "plans[0].tasks[0].duration"),
        # A typo'd field is not silently ignored.
        (json.dumps(doc(duraton="5d")), "unknown_field", "plans[0].tasks[0].duraton"),
        ('{"format": "stratops/2", "plans": []}', "bad_format_tag", "format"),
    ],
)
def test_format_errors(text: str, code: str, path: str) -> None:
    with pytest.raises(stratops.FormatError) as e:
        stratops.loads(text)
    err = e.value
    assert err.code == code
    assert isinstance(err, ValueError)
    if path is not None:
        assert err.path == path
    if code != "bad_format_tag":
        assert err.line == 1 and err.column > 0
    assert code in str(err)


@pytest.mark.parametrize("digits", [29, 30, 40])
def test_money_too_many_digits(digits: int) -> None:
    # rust_decimal holds at most 79228162514264337593543950335 (29 digits,
    # ~7.9e28); nine repeated 29 times (~1e29) and longer cannot be exact.
    d = doc()
    d["plans"][0]["budget"] = "9" * digits
    with pytest.raises(stratops.FormatError) as e:
        _load(d)
    assert e.value.code == "bad_money"
    assert e.value.path == "plans[0].budget"


def test_negative_duration_is_a_validation_error() -> None:
    # "-3d" parses (lags may be negative) but a task duration may not be.
    p = _load(doc(duration="-3d"))
    assert [d.code for d in p.validate()] == ["negative_duration"]
    with pytest.raises(stratops.ValidationError) as e:
        p.check()
    err = e.value
    assert err.code == "invalid"
    assert not isinstance(err, stratops.CycleError)
    assert [d.code for d in err.errors] == ["negative_duration"]
    assert err.diagnostics[0].path == "plans[0].tasks[0].duration"
    assert err.diagnostics[0].id == "a"


def test_cycle_error() -> None:
    d = doc(dependencies=[{"predecessor": "b"}])
    d["plans"][0]["tasks"].append({"id": "b", "name": "B", "dependencies": [{"predecessor": "a"}]})
    p = _load(d)
    with pytest.raises(stratops.CycleError) as e:
        p.check()
    err = e.value
    assert err.code == "dependency_cycle"
    assert sorted(err.task_ids) == ["a", "b"]
    assert err.ids == err.task_ids
    assert any(x.code == "dependency_cycle" for x in err.diagnostics)
    # Also catchable as the family and as ValueError.
    with pytest.raises(stratops.ValidationError):
        p.check()
    with pytest.raises(ValueError):
        p.check()


def test_unknown_engine_is_a_calculation_error(plan: stratops.Plan) -> None:
    with pytest.raises(stratops.CalculationError) as e:
        plan._doc.run("no-such-engine", "{}")
    assert e.value.code == "unknown_engine"
    assert e.value.id == "no-such-engine"
    with pytest.raises(stratops.CalculationError) as e:
        plan._doc.run("no-such-engine", "[1]")
    assert e.value.code == "bad_option"
    with pytest.raises(stratops.CalculationError) as e:
        plan._doc.run("no-such-engine", "{")
    assert e.value.code == "bad_option"


def test_engine_refuses_invalid_document() -> None:
    p = _load(doc(duration="-3d"))
    with pytest.raises(stratops.ValidationError):
        p._doc.run("no-such-engine", "{}")


def test_panic_becomes_internal_error() -> None:
    # A Rust panic must not surface as pyo3's PanicException (a
    # BaseException that `except Exception` would miss).
    with pytest.raises(stratops.InternalError) as e:
        stratops._core._panic_for_test()
    assert e.value.code == "internal"
    assert "deliberate test panic" in str(e.value)
    assert isinstance(e.value, Exception)


@pytest.mark.parametrize(
    "cls, kwargs",
    [
        (stratops.FormatError, {"code": "bad_date", "line": 3, "column": 9, "path": "plans[0]"}),
        (stratops.CycleError, {"code": "goal_cycle", "task_ids": ["g1", "g2"]}),
        (stratops.CalculationError, {"code": "overflow", "id": "c1"}),
        (stratops.FrameError, {"code": "missing_column", "frame": "tasks", "column": "id"}),
    ],
)
def test_exceptions_pickle(cls: Type[stratops.StratopsError], kwargs: Dict[str, Any]) -> None:
    err = cls("boom", **kwargs)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is cls and str(again) == "boom"
    for k, v in kwargs.items():
        assert getattr(again, k) == v


def test_diagnostic_value_type() -> None:
    d = stratops.Diagnostic("c", "warning", None, "p", "m", ["x"])  # type: ignore[arg-type]
    assert d.related == ("x",) and not d.is_error
    assert pickle.loads(pickle.dumps(d)) == d


def test_codes_come_from_the_core_list() -> None:
    """Every code the Python face raises is in the core's typed list
    (``stratops.errors.CODES``): the codes of errors raised by bad calls,
    and every ``code="..."`` the Python package raises itself."""
    import re

    from conftest import EXAMPLE, ROOT

    codes = stratops.errors.CODES
    assert len(codes) > 100 and "bad_option" in codes and "internal" in codes
    seen = []
    plan = stratops.load(EXAMPLE)
    for call in (
        lambda: stratops.loads("{"),
        lambda: stratops.loads('{"format": "stratops/2", "plans": []}'),
        lambda: plan.schedule(max_paths=-1),
        lambda: plan.budget(rounding="sideways"),
        lambda: plan.earned_value("2025-12-01", baseline=11),
        lambda: plan.level(mode="fastest"),
        lambda: stratops.import_mspdi("<Project"),
        lambda: stratops.Plan.from_dict({"format": "stratops/1", "plans": [{"id": "p"}]}),
    ):
        with pytest.raises(stratops.StratopsError) as e:
            call()
        seen.append(e.value.code)
        for d in getattr(e.value, "diagnostics", []) or []:
            seen.append(d.code)
    assert [c for c in seen if c not in codes] == [], seen
    package = ROOT / "bindings" / "python" / "python" / "stratops"
    raised = set()
    for f in package.glob("*.py"):
        raised.update(re.findall(r'code="([a-z0-9_]+)"', f.read_text()))
    assert raised and sorted(raised - codes) == []
