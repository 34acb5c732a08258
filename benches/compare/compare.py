"""Schedules the same generated networks with stratops and its peers, in one
process run, and prints medians and ratios as a Markdown table.

    bash benches/compare/setup.sh
    benches/compare/.venv/bin/python benches/compare/compare.py \
        --sizes 1000,10000,100000 --runs 5 --out target/compare.json

Peers, all on the network that ``genplan --tasks N --seed S`` generates:

* **stratops (Python)**: ``plan.schedule()`` on a plan loaded once with
  ``stratops.loads`` (full CPM: calendars with holidays, four link types,
  lags, summaries, constraints, float, critical paths; the result stays a
  Rust object until Python asks for a field or a DataFrame). When the package is not installed, the row
  is **stratops (CLI)** instead: ``stratops schedule FILE --format json`` as
  a subprocess, which *includes* process start, JSON parsing and validation
  and JSON output.
* **stratops (Rust, in-process)**: the ``runonce`` binary's median of
  ``stratops::schedule::schedule`` on a loaded model, for reference.
* **plain Python**: the forward/backward pass an analyst writes by hand over
  lists (adjacency, Kahn's order, passes, total and free float), on integer
  minutes with no calendars.
* **networkx**: ``dag_longest_path`` plus a forward/backward pass over the
  ``DiGraph`` for float (graph built outside the timing), integer minutes.
* **criticalpath** (PyPI): its ``Node`` network, ``update_all`` and
  ``get_critical_path``. It knows only finish-to-start links without lags,
  so it gets that simplification of the network; sizes up to
  ``--criticalpath-max``.
* **MPXJ** ``org.mpxj.cpm.MicrosoftScheduler`` through JPype on a warm JVM,
  on the plan exported as MSPDI by ``stratops-interop`` (calendars and all),
  read once; the schedule call is timed after warm-up runs.

Every figure is the median of ``--runs`` runs; ratios are peer / stratops.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


def median_time(fn: Callable[[], Any], runs: int, warmup: int = 0) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(max(1, runs)):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def weight(t: int, lag: int, di: int, dj: int) -> int:
    """ES_j >= ES_i + w for a link of type t (0 FS, 1 SS, 2 FF, 3 SF)."""
    return (di if t in (0, 2) else 0) + lag - (dj if t in (2, 3) else 0)


# --- plain Python -----------------------------------------------------------

def plain_python(n: int, dur: List[int], edges: List[List[int]]) -> int:
    preds: List[List[tuple]] = [[] for _ in range(n)]
    succs: List[List[tuple]] = [[] for _ in range(n)]
    indeg = [0] * n
    for a, b, t, lag in edges:
        w = weight(t, lag, dur[a], dur[b])
        preds[b].append((a, w))
        succs[a].append((b, w))
        indeg[b] += 1
    order = [v for v in range(n) if indeg[v] == 0]
    i = 0
    while i < len(order):
        v = order[i]
        i += 1
        for x, _ in succs[v]:
            indeg[x] -= 1
            if indeg[x] == 0:
                order.append(x)
    es = [0] * n
    for v in order:
        best = 0
        for u, w in preds[v]:
            if es[u] + w > best:
                best = es[u] + w
        es[v] = best
    finish = max(es[v] + dur[v] for v in range(n))
    ls = [0] * n
    ff = [0] * n
    for v in reversed(order):
        late = finish - dur[v]
        free = finish - dur[v] - es[v]
        for x, w in succs[v]:
            if ls[x] - w < late:
                late = ls[x] - w
            if es[x] - es[v] - w < free:
                free = es[x] - es[v] - w
        ls[v] = late
        ff[v] = max(free, 0)
    tf = [ls[v] - es[v] for v in range(n)]
    return finish + len(tf)


# --- networkx ---------------------------------------------------------------

def nx_graph(n: int, dur: List[int], edges: List[List[int]]) -> Any:
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    for a, b, t, lag in edges:
        w = weight(t, lag, dur[a], dur[b])
        # Parallel links: keep the binding (largest) one.
        if g.has_edge(a, b):
            w = max(w, g[a][b]["w"])
        g.add_edge(a, b, w=w)
    return g


def nx_cpm(g: Any, dur: List[int]) -> int:
    import networkx as nx

    path = nx.dag_longest_path(g, weight="w")
    order = list(nx.topological_sort(g))
    es: Dict[int, int] = {}
    for v in order:
        es[v] = max([0] + [es[u] + g[u][v]["w"] for u in g.predecessors(v)])
    finish = max(es[v] + dur[v] for v in g.nodes)
    ls: Dict[int, int] = {}
    for v in reversed(order):
        ls[v] = min([finish - dur[v]] + [ls[x] - g[v][x]["w"] for x in g.successors(v)])
    tf = {v: ls[v] - es[v] for v in g.nodes}
    return len(path) + len(tf)


# --- criticalpath -----------------------------------------------------------

def cp_build(n: int, dur: List[int], edges: List[List[int]]) -> Any:
    from criticalpath import Node

    p = Node("project")
    for v in range(n):
        p.add(Node(v, duration=dur[v]))
    seen = set()
    for a, b, _t, _lag in edges:
        if (a, b) not in seen:
            seen.add((a, b))
            p.link(a, b)
    return p


def cp_measure(n: int, dur: List[int], edges: List[List[int]], runs: int) -> float:
    """Median of update + critical path on a freshly built network."""
    sys.setrecursionlimit(max(10000, 10 * n))
    times = []
    for _ in range(max(1, runs)):
        p = cp_build(n, dur, edges)
        t0 = time.perf_counter()
        cp_run(p)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def cp_run(p: Any) -> int:
    p.update_all()
    return len(p.get_critical_path()) + int(p.duration)


# --- MPXJ -------------------------------------------------------------------

class Mpxj:
    def __init__(self) -> None:
        import jpype
        import mpxj  # noqa: F401  (adds MPXJ's jars to the class path)

        if not jpype.isJVMStarted():
            jpype.startJVM("-Xmx6g")
        from org.mpxj.cpm import MicrosoftScheduler  # type: ignore
        from org.mpxj.mspdi import MSPDIReader  # type: ignore
        from java.io import FileInputStream  # type: ignore
        from java.time import LocalDateTime  # type: ignore

        self.Scheduler = MicrosoftScheduler
        self.Reader = MSPDIReader
        self.FileInputStream = FileInputStream
        self.start = LocalDateTime.of(2025, 1, 6, 8, 0)  # the plans' start

    def read(self, path: str) -> Any:
        stream = self.FileInputStream(path)
        try:
            project = self.Reader().read(stream)
        finally:
            stream.close()
        # stratops schedules fixed durations (assignments carry effort for
        # the budget, not for scheduling). Drop the assignments so MPXJ does
        # the same: otherwise it derives dates from work, and it needs the
        # fields MS Project always writes (units, actual and remaining work),
        # which the exporter leaves out.
        from org.mpxj import Duration, TimeUnit  # type: ignore

        for ra in list(project.getResourceAssignments()):
            ra.remove()
        zero = Duration.getInstance(0.0, TimeUnit.HOURS)
        for t in project.getTasks():
            if t.getDuration() is None:
                t.setDuration(zero)
            if t.getActualDuration() is None:
                t.setActualDuration(zero)
            if t.getRemainingDuration() is None:
                t.setRemainingDuration(t.getDuration())
        return project

    def schedule(self, project: Any) -> None:
        self.Scheduler().schedule(project, self.start)


# --- stratops ---------------------------------------------------------------

def have_stratops_py() -> bool:
    try:
        import stratops  # noqa: F401

        return hasattr(stratops, "loads")
    except ImportError:
        return False


def sh(cmd: List[str], **kw: Any) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def fmt_s(s: Optional[float]) -> str:
    if s is None:
        return "—"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.0f} µs"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000,100000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--plans", default=os.path.join(ROOT, "target", "plans"))
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release"))
    ap.add_argument("--criticalpath-max", type=int, default=150)
    ap.add_argument("--criticalpath-timeout", type=float, default=120.0)
    ap.add_argument("--networkx-max", type=int, default=100000)
    ap.add_argument("--plain-max", type=int, default=1000000)
    ap.add_argument("--mpxj-max", type=int, default=100000)
    ap.add_argument("--no-mpxj", action="store_true")
    ap.add_argument("--out", default=None, help="write the raw results as JSON here")
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",") if x.strip()]
    os.makedirs(a.plans, exist_ok=True)
    genplan = os.path.join(a.bin, "genplan")
    runonce = os.path.join(a.bin, "runonce")
    cli = os.path.join(a.bin, "stratops")
    py_ok = have_stratops_py()
    mp: Optional[Mpxj] = None
    if not a.no_mpxj:
        try:
            mp = Mpxj()
        except Exception as e:  # no Java, or no mpxj: skip the row, say so
            print(f"MPXJ unavailable, row skipped: {e}", file=sys.stderr)

    results: List[Dict[str, Any]] = []
    for n in sizes:
        base = os.path.join(a.plans, f"plan-{n}")
        files = {"stratops": base + ".json", "network": base + ".net.json", "mspdi": base + ".xml"}
        for fmt, path in files.items():
            if not os.path.exists(path):
                with open(path, "w") as f:
                    subprocess.run([genplan, "--tasks", str(n), "--seed", str(a.seed), "--format", fmt],
                                   check=True, stdout=f)
        with open(files["network"]) as f:
            net = json.load(f)
        nn, dur, edges = net["n"], net["dur"], net["edges"]
        row: Dict[str, Any] = {"tasks": n, "links": len(edges)}
        print(f"== {n} tasks, {len(edges)} links", file=sys.stderr)

        rust = json.loads(sh([runonce, files["stratops"], "--runs", str(a.runs), "--only", "schedule"]))
        row["stratops_rust"] = rust["schedule_s"]
        if py_ok:
            import stratops

            with open(files["stratops"]) as f:
                text = f.read()
            row["stratops_py_load"] = median_time(lambda: stratops.loads(text), max(1, a.runs // 2))
            plan = stratops.loads(text)
            row["stratops"] = median_time(lambda: plan.schedule(), a.runs)
            row["stratops_label"] = "stratops (Python, plan.schedule())"
        else:
            row["stratops"] = median_time(
                lambda: sh([cli, "schedule", files["stratops"], "--format", "json"]), a.runs)
            row["stratops_label"] = "stratops (CLI: process + JSON in/out + validation)"
        print(f"   stratops {fmt_s(row['stratops'])}", file=sys.stderr)

        if n <= a.plain_max:
            row["plain_python"] = median_time(lambda: plain_python(nn, dur, edges), a.runs)
            print(f"   plain {fmt_s(row['plain_python'])}", file=sys.stderr)
        if n <= a.networkx_max:
            g = nx_graph(nn, dur, edges)
            row["networkx"] = median_time(lambda: nx_cpm(g, dur), a.runs)
            del g
            print(f"   networkx {fmt_s(row['networkx'])}", file=sys.stderr)
        if n <= a.criticalpath_max:
            # It enumerates paths, so its time explodes with the number of
            # paths: run it in a child process with a time limit.
            import multiprocessing as mp_

            # "spawn": forking a process that runs a JVM deadlocks the child.
            with mp_.get_context("spawn").Pool(1) as pool:
                job = pool.apply_async(cp_measure, (nn, dur, edges, a.runs))
                try:
                    row["criticalpath"] = job.get(timeout=a.criticalpath_timeout)
                    print(f"   criticalpath {fmt_s(row['criticalpath'])}", file=sys.stderr)
                except mp_.TimeoutError:
                    row["criticalpath_error"] = f"no result within {a.criticalpath_timeout} s"
                except Exception as e:
                    row["criticalpath_error"] = repr(e)[:200]
        if mp is not None and n <= a.mpxj_max:
            try:
                t0 = time.perf_counter()
                proj = mp.read(files["mspdi"])
                row["mpxj_read"] = time.perf_counter() - t0
                row["mpxj"] = median_time(lambda: mp.schedule(proj), a.runs, warmup=3)
                print(f"   mpxj {fmt_s(row['mpxj'])}", file=sys.stderr)
            except Exception as e:
                row["mpxj_error"] = repr(e)[:300]
                print(f"   mpxj failed: {e}", file=sys.stderr)
        results.append(row)

    out = {
        "machine": {"python": platform.python_version(), "nproc": os.cpu_count()},
        "runs": a.runs,
        "seed": a.seed,
        "results": results,
    }
    if a.out:
        with open(a.out, "w") as f:
            json.dump(out, f, indent=1)
    print(table(results))
    return 0


PEERS = [
    ("plain_python", "plain Python pass (lists)"),
    ("networkx", "networkx (dag_longest_path + passes)"),
    ("criticalpath", "criticalpath (FS only, no lags)"),
    ("mpxj", "MPXJ MicrosoftScheduler (warm JVM)"),
]


def table(results: List[Dict[str, Any]]) -> str:
    lines = ["| tasks | links | tool | median | ÷ stratops (first row) | ÷ stratops Rust in-process |",
             "|---:|---:|---|---:|---:|---:|"]
    for r in results:
        s, rs = r["stratops"], r["stratops_rust"]
        lines.append(f"| {r['tasks']:,} | {r['links']:,} | {r['stratops_label']} | {fmt_s(s)} | 1 | {s / rs:,.3g}× |")
        lines.append(f"| {r['tasks']:,} | {r['links']:,} | stratops (Rust, in-process) | {fmt_s(rs)} | {rs / s:.3g}× | 1 |")
        for key, label in PEERS:
            if key in r:
                lines.append(f"| {r['tasks']:,} | {r['links']:,} | {label} | {fmt_s(r[key])} | {r[key] / s:,.3g}× | {r[key] / rs:,.3g}× |")
            elif key + "_error" in r:
                lines.append(f"| {r['tasks']:,} | {r['links']:,} | {label} | failed: {r[key + '_error'][:60]} | — | — |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
