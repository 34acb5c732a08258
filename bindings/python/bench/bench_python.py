"""Times the Python face at issue #10's targets, on a generated plan.

    cargo build --release -p stratops-bench --bin genplan --bin runonce
    target/release/genplan --tasks 100000 --seed 1 > /tmp/p100k.json
    (cd bindings/python && maturin develop --release)
    bindings/python/.venv/bin/python bindings/python/bench/bench_python.py /tmp/p100k.json --runs 5 \
        --runonce target/release/runonce

It measures, each as the median of ``--runs`` runs:

(a) **frames**: ``Plan.from_frames(tasks, dependencies, calendars, start)``
    on pandas DataFrames holding every task and link of the plan (id, name,
    parent, duration, kind, calendar, constraint and deadline; successor,
    predecessor, type, lag), then ``plan.schedule()``, then
    ``.to_pandas()``: the "DataFrames in, schedule DataFrame out" round
    trip (target ≤ 1 s at 100k tasks). The frames are built outside the
    timing.
(b) **loaded**: ``plan.schedule()`` on a plan read once with
    ``stratops.loads`` (the validated model is cached by the first call,
    outside the timing), plus ``stratops.loads`` itself and
    ``schedule().to_pandas()``.

Benchmarks, not tests: nothing fails on a time.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from typing import Any, Callable, Dict, List, Tuple


def median_time(fn: Callable[[], Any], runs: int) -> Tuple[float, Any]:
    times: List[float] = []
    out: Any = None
    for _ in range(max(1, runs)):
        out = None
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def frames_of(doc: Dict[str, Any]) -> Tuple[Any, Any, str]:
    """Every task and link of the document as two pandas DataFrames (all
    plans flattened into one), and the earliest plan start."""
    import pandas as pd

    cols: Dict[str, List[Any]] = {
        k: [] for k in ("id", "name", "parent", "duration", "kind", "calendar",
                        "constraint_type", "constraint_date", "deadline")
    }  # fmt: skip
    deps: Dict[str, List[Any]] = {k: [] for k in ("successor", "predecessor", "type", "lag")}
    starts = []
    for p in doc["plans"]:
        if not p.get("tasks"):
            continue
        starts.append(p["horizon"]["start"])
        for t in p["tasks"]:
            c = t.get("constraint") or {}
            for k in ("id", "name", "parent", "duration", "kind", "calendar", "deadline"):
                cols[k].append(t.get(k))
            cols["constraint_type"].append(c.get("type"))
            cols["constraint_date"].append(c.get("date"))
            for d in t.get("dependencies", []):
                deps["successor"].append(t["id"])
                deps["predecessor"].append(d["predecessor"])
                deps["type"].append(d.get("type"))
                deps["lag"].append(d.get("lag"))
    return pd.DataFrame(cols), pd.DataFrame(deps), min(starts)


def fmt(s: float) -> str:
    return f"{s:.3f} s" if s >= 1 else f"{s * 1e3:.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("plan", help="a stratops/1 file from genplan")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    ap.add_argument(
        "--runonce",
        default=None,
        help="the runonce binary (target/release/runonce): also time the Rust schedule in-process, for reference",
    )
    a = ap.parse_args()

    import stratops

    with open(a.plan, encoding="utf-8") as f:
        text = f.read()
    doc = json.loads(text)
    tasks, deps, start = frames_of(doc)
    calendars = doc.get("calendars")
    print(f"plan: {len(tasks):,} tasks, {len(deps):,} links; {a.runs} runs, medians", file=sys.stderr)
    res: Dict[str, float] = {}

    # (a) DataFrames in, schedule DataFrame out, with its stages.
    def from_frames() -> Any:
        return stratops.Plan.from_frames(tasks=tasks, dependencies=deps, calendars=calendars, start=start)

    res["a_from_frames"], plan_f = median_time(from_frames, a.runs)

    def round_trip() -> Any:
        return from_frames().schedule().to_pandas()

    res["a_total"], df = median_time(round_trip, a.runs)
    assert len(df) == len(tasks), (len(df), len(tasks))

    # (b) A loaded plan: schedule() median, and its parts.
    res["b_loads"], plan = median_time(lambda: stratops.loads(text), max(1, a.runs // 2))
    plan.check()  # the validated model is built once and cached
    res["b_schedule"], sched = median_time(lambda: plan.schedule(), a.runs)
    res["b_schedule_attr"], _ = median_time(lambda: plan.schedule().tasks[0].early_start, a.runs)
    res["b_to_pandas"], _ = median_time(lambda: sched.to_pandas(), a.runs)
    res["b_to_polars"], _ = median_time(lambda: sched.to_polars(), a.runs)
    if a.runonce:
        import subprocess

        out = subprocess.run(
            [a.runonce, a.plan, "--runs", str(a.runs), "--only", "schedule"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        res["rust_schedule"] = json.loads(out)["schedule_s"]

    print("| measure | median |")
    print("|---|---:|")
    labels = {
        "a_from_frames": "(a) from_frames only",
        "a_total": "(a) from_frames → schedule() → to_pandas()",
        "b_loads": "(b) stratops.loads(text)",
        "b_schedule": "(b) plan.schedule() on a loaded plan",
        "b_schedule_attr": "(b) plan.schedule().tasks[0].early_start",
        "b_to_pandas": "(b) schedule.to_pandas()",
        "b_to_polars": "(b) schedule.to_polars()",
        "rust_schedule": "Rust in-process schedule (runonce), for reference",
    }
    for k, label in labels.items():
        if k in res:
            print(f"| {label} | {fmt(res[k])} |")
    if a.json:
        print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
