"""plan.report(), plan.remind() and plan.diff(): equal to the CLI's output,
plus a diff whose consequences are worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import pickle
import subprocess
from typing import Any, List

import pytest

import stratops
from conftest import EXAMPLE, cli_path

AS_OF = "2025-12-01"


def cli(args: List[str]) -> str:
    exe = cli_path()
    if not exe.exists():
        pytest.skip(f"no CLI at {exe} (cargo build -p stratops-cli)")
    return subprocess.run([str(exe), *args], check=True, capture_output=True, text=True).stdout


def test_report_json_equals_the_cli(plan: stratops.Plan) -> None:
    r = plan.report(as_of=dt.date(2025, 12, 1))
    assert isinstance(r, stratops.ReportResult)
    assert r.to_json() == json.loads(cli(["report", str(EXAMPLE), "--as-of", AS_OF, "--format", "json"]))
    assert r.as_of == dt.date(2025, 12, 1)
    # Typed: the budget section's money is Decimal like everywhere else.
    assert r.currency == "USD"
    df = r.to_pandas()
    assert len(df) == len(r.challenges)
    kpis = r.to_pandas("kpis")
    assert set(kpis["id"]) == {k.id for k in r.kpis}
    again: Any = pickle.loads(pickle.dumps(r))
    assert again == r


def test_report_markdown_and_html_equal_the_cli(plan: stratops.Plan) -> None:
    md = plan.report(as_of=AS_OF, format="md")
    assert md.rstrip("\n") == cli(["report", str(EXAMPLE), "--as-of", AS_OF, "--format", "md"]).rstrip("\n")
    page = plan.report(as_of=AS_OF, format="html")
    assert page == cli(["report", str(EXAMPLE), "--as-of", AS_OF, "--format", "html"])
    r = plan.report(as_of=AS_OF)
    assert r.to_markdown() == md and r.to_html() == page
    assert r._repr_html_().startswith("<iframe srcdoc=")
    with pytest.raises(ValueError):
        plan.report(as_of=AS_OF, format="pdf")  # type: ignore[call-overload]
    with pytest.raises(stratops.CalculationError) as e:
        plan.report(as_of="2025-13-01")
    assert e.value.code == "bad_option"


def test_remind_equals_the_cli(plan: stratops.Plan) -> None:
    got = plan.remind(as_of=AS_OF, within_days=30)
    want = json.loads(cli(["remind", str(EXAMPLE), "--as-of", AS_OF, "--within", "30d", "--format", "json"]))
    assert got.to_json() == want
    assert got.within_days == 30
    assert len(got.to_pandas()) == len(want["events"])
    with pytest.raises(stratops.CalculationError):
        plan.remind(as_of=AS_OF, within_days=-1)


def test_diff_by_hand(plan: stratops.Plan, tmp_path: pathlib.Path) -> None:
    d = plan.to_dict()
    task = next(t for p in d["plans"] for t in p.get("tasks", []) if t["id"] == "compliance-review")
    task["duration"] = "3d"
    newer = stratops.Plan.from_dict(d)
    diff = newer and plan.diff(newer, as_of=dt.date(2025, 12, 1))
    assert isinstance(diff, stratops.DiffResult)
    # One field changed, nothing added or removed.
    assert diff.added == [] and diff.removed == []
    rows = diff.to_pandas()
    assert list(rows["change"]) == ["changed"]
    assert list(rows["id"]) == ["compliance-review"]
    assert rows["old"][0] == "1d" and rows["new"][0] == "3d"
    # compliance-review is SNET Monday 2025-12-29 08:00: one day ends Monday
    # 17:00, three days end Wednesday 2025-12-31 17:00, two working days later.
    c = diff.consequences
    assert c.project_finish_old == dt.datetime(2025, 12, 29, 17)
    assert c.project_finish_new == dt.datetime(2025, 12, 31, 17)
    assert c.finish_moved_working_min == 2 * 480
    # The same as the CLI's diff of the two files.
    old_file, new_file = tmp_path / "old.json", tmp_path / "new.json"
    plan.save(old_file)
    newer.save(new_file)
    want = json.loads(cli(["diff", str(old_file), str(new_file), "--as-of", AS_OF, "--format", "json"]))
    assert diff.to_json() == want
    with pytest.raises(TypeError):
        plan.diff("not a plan")  # type: ignore[arg-type]
