"""Random plans built through from_frames schedule exactly as the CLI does.

The generator draws a DAG the automerge way: only edges i -> j with i < j,
then shuffles the labels, so every draw is valid. Link types, lags (also
negative), milestones and SNET constraints vary. The same document is saved
and given to `stratops schedule --format json`; every field of every task
must agree.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from typing import Any, Dict, List

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stratops
from conftest import cli_path

CLI = cli_path()
if not CLI.exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"{CLI} is missing: run `cargo build -p stratops-cli`")
    pytest.skip(f"{CLI} not built (cargo build -p stratops-cli); skipping the CLI comparison", allow_module_level=True)

FIELDS = ["early_start", "early_finish", "late_start", "late_finish", "total_float_min", "free_float_min", "critical", "kind"]


@st.composite
def plans(draw: Any) -> Dict[str, Any]:
    n = draw(st.integers(1, 12))
    labels = draw(st.permutations([f"t{i}" for i in range(n)]))
    durations = [draw(st.sampled_from(["0d", "1d", "2d", "3h", "90m", 4, "1w", "2ed"])) for _ in range(n)]
    kinds = [draw(st.sampled_from(["task", "task", "task", "milestone"])) for _ in range(n)]
    snet = [draw(st.one_of(st.none(), st.dates(min_value=pd.Timestamp("2025-01-01").date(), max_value=pd.Timestamp("2025-03-31").date()))) for _ in range(n)]
    edges: List[Dict[str, Any]] = []
    for j in range(n):
        for i in range(j):
            if draw(st.integers(0, 3)) == 0:
                edges.append({
                    "successor": labels[j],
                    "predecessor": labels[i],
                    "type": draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                    "lag": draw(st.sampled_from([None, "1d", "-1d", "4h", "50%", "1ed"])),
                })  # fmt: skip
    tasks = pd.DataFrame(
        {
            "id": labels,
            "name": [f"Task {x}" for x in labels],
            "duration": [str(d) for d in durations],
            "kind": kinds,
            "constraint_type": ["SNET" if d else None for d in snet],
            "constraint_date": [d.isoformat() if d else None for d in snet],
        }
    )
    deps = pd.DataFrame(edges, columns=["successor", "predecessor", "type", "lag"])
    return {"tasks": tasks, "dependencies": deps}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_schedule_agrees_with_cli(frames: Dict[str, Any]) -> None:
    plan = stratops.Plan.from_frames(**frames, start="2025-01-06", end="2025-12-31")
    try:
        ours = plan.schedule()
    except stratops.StratopsError as e:
        ours_err: Any = e.code
    else:
        ours_err = None
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "plan.json")
        plan.save(path)
        proc = subprocess.run([str(CLI), "schedule", path, "--format", "json"], capture_output=True, text=True)
    if ours_err is not None:
        assert proc.returncode == 1, proc.stderr
        return
    assert proc.returncode == 0, proc.stderr
    cli = json.loads(proc.stdout)
    raw = ours.to_json()
    assert raw["project_start"] == cli["project_start"]
    assert raw["project_finish"] == cli["project_finish"]
    assert raw["critical_paths"] == cli["critical_paths"]
    assert [t["id"] for t in raw["tasks"]] == [t["id"] for t in cli["tasks"]]
    for a, b in zip(raw["tasks"], cli["tasks"]):
        for f in FIELDS:
            assert a[f] == b[f], (a["id"], f)
    # And the typed view agrees with the raw one.
    for t in ours.tasks:
        assert t.early_start.isoformat() == [x for x in cli["tasks"] if x["id"] == t.id][0]["early_start"]
