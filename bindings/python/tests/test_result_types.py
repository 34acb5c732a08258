"""The Python results have the fields that ``types.d.ts`` declares.

Both faces return the core's result JSON (``stratops::engines``); the
npm package declares its shape once, in ``bindings/wasm/src/types.d.ts``,
and the Node test ``result-types.test.mjs`` type-checks the wasm results
against it at every depth. Here every Python engine result (its
``to_json()``, the engine's JSON) is checked against the same declarations,
two levels deep: no field the declaration lacks, no required field missing.
A field added to a core result without its declaration fails in both faces.
Each result class also names every top-level field in its docstring, which
is what ``help()`` and the stubs' readers see.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable, Dict, List, Set, Tuple

import pytest

import stratops

from conftest import ROOT

TYPES = ROOT / "bindings" / "wasm" / "src" / "types.d.ts"
PLANS = sorted((ROOT / "examples" / "plans").glob("*.json"))
AS_OF = dt.date(2025, 12, 1)


def interfaces() -> Dict[str, Tuple[Set[str], Set[str], Dict[str, str]]]:
    """Each interface's (all fields, required fields, field -> type text),
    with the fields of the interfaces it extends."""
    text = re.sub(r"/\*.*?\*/", "", TYPES.read_text(), flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    found: Dict[str, Tuple[Set[str], Set[str], Dict[str, str]]] = {}
    bases: Dict[str, List[str]] = {}
    for m in re.finditer(r"export interface (\w+)(?: extends ([\w, ]+))? \{", text):
        name, ext = m.group(1), m.group(2)
        depth, i = 1, m.end()
        start = i
        while depth and i < len(text):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        body = text[start : i - 1]
        fields: Set[str] = set()
        required: Set[str] = set()
        types: Dict[str, str] = {}
        # top-level members only: blank out nested braces first
        flat, d = [], 0
        for ch in body:
            if ch == "{":
                d += 1
            flat.append(ch if d == 0 else " ")
            if ch == "}":
                d -= 1
        for fm in re.finditer(r"(?m)^\s*(\w+)(\??):\s*([^;]*);", "".join(flat)):
            fields.add(fm.group(1))
            if not fm.group(2):
                required.add(fm.group(1))
        for fm in re.finditer(r"(?m)^  (\w+)\??:\s*([\w<>\[\]]+)", body):
            types[fm.group(1)] = fm.group(2)
        found[name] = (fields, required, types)
        bases[name] = [b.strip() for b in ext.split(",")] if ext else []
    for name, bs in bases.items():
        for b in bs:
            if b in found:
                found[name][0].update(found[b][0])
                found[name][1].update(found[b][1])
                found[name][2].update(found[b][2])
    return found


def engines(plan: stratops.Plan) -> List[Tuple[str, Callable[[], Any]]]:
    baselined = lambda: plan.save_baseline(0, saved=dt.date(2025, 10, 1), status_date=AS_OF)  # noqa: E731
    return [
        ("Schedule", lambda: plan.schedule()),
        ("Budget", lambda: plan.budget()),
        ("Scorecard", lambda: plan.scorecard(AS_OF)),
        ("AlignmentReport", lambda: plan.alignment()),
        ("RiskRegister", lambda: plan.risks()),
        ("Report", lambda: plan.report(AS_OF)),
        ("Reminders", lambda: plan.remind(AS_OF, 30)),
        ("PlanDiff", lambda: plan.diff(plan, as_of=AS_OF)),
        ("EarnedValue", lambda: baselined().earned_value(AS_OF)),
        ("BaselineVariance", lambda: baselined().baseline_variance(0)),
        ("Health", lambda: plan.health(status_date=AS_OF)),
        ("Simulation", lambda: plan.simulate(50, seed=7)),
        ("Leveling", lambda: plan.level(mode="standard")),
        ("ResourceUsage", lambda: plan.resource_usage("week")),
    ]


def check(value: Any, type_name: str, decl: Dict[str, Any], where: str, problems: List[str]) -> None:
    fields, required, types = decl[type_name]
    keys = set(value)
    for k in sorted(keys - fields):
        problems.append(f"{where}: {k!r} is not declared in {type_name}")
    for k in sorted(required - keys):
        problems.append(f"{where}: required {type_name}.{k} is missing")
    # one level down: fields typed by another interface (or a list of one)
    for k in sorted(keys & fields):
        t = types.get(k, "")
        inner = t[:-2] if t.endswith("[]") else t
        if inner not in decl:
            continue
        items = value[k] if t.endswith("[]") and isinstance(value[k], list) else [value[k]]
        for item in items[:20]:
            if isinstance(item, dict):
                check_flat(item, inner, decl, f"{where}.{k}", problems)


def check_flat(value: Dict[str, Any], type_name: str, decl: Dict[str, Any], where: str, problems: List[str]) -> None:
    fields, required, _ = decl[type_name]
    for k in sorted(set(value) - fields):
        problems.append(f"{where}: {k!r} is not declared in {type_name}")
    for k in sorted(required - set(value)):
        problems.append(f"{where}: required {type_name}.{k} is missing")


@pytest.mark.parametrize("path", PLANS, ids=[p.name for p in PLANS])
def test_results_match_the_declared_types(path: Any) -> None:
    decl = interfaces()
    plan = stratops.load(path)
    problems: List[str] = []
    ran = 0
    for type_name, run in engines(plan):
        assert type_name in decl, f"types.d.ts declares no {type_name}"
        try:
            result = run()
        except stratops.StratopsError as e:  # an engine may refuse a plan, with a code
            assert e.code
            continue
        ran += 1
        check(result.to_json(), type_name, decl, f"{path.name} {type_name}", problems)
    assert ran >= 10, f"only {ran} engines ran on {path.name}"
    assert problems == [], "\n".join(problems[:30])


def test_docstrings_name_every_top_level_field() -> None:
    plan = stratops.load(PLANS[0])
    missing = []
    for type_name, run in engines(plan):
        result = run()
        doc = type(result).__doc__ or ""
        for k in result.to_json():
            if f"``{k}``" not in doc:
                missing.append(f"{type(result).__name__}.{k} ({type_name})")
    assert missing == [], "fields not named in the result class docstring: " + ", ".join(missing)
