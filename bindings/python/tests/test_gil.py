"""Long computations release the GIL (pyo3's `py.detach`).

A helper thread counts while the main thread is inside one native call. The
switch interval is raised so that, were the GIL held for the whole call, the
helper could not run a single bytecode during it; with the GIL released it
runs at once. No timing is asserted, only whether the helper ran.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys
import threading
from typing import Callable

import stratops


def _big_plan_json(n: int) -> str:
    tasks = [{"id": f"t{i}", "name": f"T{i}", "duration": "1d"} for i in range(n)]
    for i in range(1, n):
        tasks[i]["dependencies"] = [{"predecessor": f"t{i - 1}"}]
    return json.dumps(
        {"format": "stratops/1", "plans": [{"id": "p", "kind": "project", "name": "P",
          "horizon": {"start": "2025-01-06", "end": "2025-12-31"}, "tasks": tasks}]}
    )  # fmt: skip


def _ran_during(call: Callable[[], object]) -> bool:
    count = 0
    stop = threading.Event()

    def spin() -> None:
        nonlocal count
        while not stop.is_set():
            count += 1
            stop.wait(0.0001)  # blocks briefly, releasing the GIL

    old = sys.getswitchinterval()
    t = threading.Thread(target=spin)
    t.start()
    try:
        while count == 0:  # the helper is running
            stop.wait(0.001)
        sys.setswitchinterval(100.0)
        before = count
        call()
        after = count
    finally:
        sys.setswitchinterval(old)
        stop.set()
        t.join()
    return after > before


def test_parse_and_schedule_release_the_gil() -> None:
    text = _big_plan_json(20000)
    # Retry: on a loaded machine the helper may not be scheduled in time.
    assert any(_ran_during(lambda: stratops.loads(text)) for _ in range(5))
    plan = stratops.loads(text)
    assert any(_ran_during(lambda: plan._doc.run("schedule", "{}")) for _ in range(5))


def test_every_native_entry_point_detaches() -> None:
    # By design: each method that parses, validates or runs an engine wraps
    # its work in py.detach. Check the source keeps it so.
    src = (pathlib.Path(__file__).resolve().parents[1] / "src" / "lib.rs").read_text()
    for fn in ("from_json", "to_json", "validate", "check", "run"):
        body = re.search(rf"fn {fn}\b.*?\n    }}\n", src, re.S)
        assert body is not None, fn
        assert "py.detach(" in re.sub(r"\s+", "", body.group(0)), fn


def test_the_batch_releases_the_gil() -> None:
    # One big plan in a batch: its validation and schedule run detached.
    pd = __import__("pytest").importorskip("pandas")
    __import__("pytest").importorskip("pyarrow")
    import stratops.batch

    n = 20000
    tasks = pd.DataFrame({"plan_id": "p", "id": [f"t{i}" for i in range(n)], "name": "T", "duration": "1d"})
    deps = pd.DataFrame({"plan_id": "p", "successor": [f"t{i}" for i in range(1, n)],
                         "predecessor": [f"t{i - 1}" for i in range(1, n)]})  # fmt: skip
    plans = pd.DataFrame({"plan_id": ["p"], "start": ["2025-01-06"]})
    r = stratops.batch.schedule(plans, tasks, deps)
    assert len(r.tasks) == n and len(r.errors) == 0
    assert any(_ran_during(lambda: stratops.batch.schedule(plans, tasks, deps)) for _ in range(5))
