"""The numpy peer of the Monte Carlo benchmark (issue 19): the forward pass
an analyst would write for a schedule simulation, on the network that
``simbench --network FILE`` writes (the kernel's network: durations and
lags in minutes, no calendars, no constraints, FS/SS/FF/SF links), with
the same triangular factors on every task with a duration.

Two ways an analyst vectorises it, both timed:

- ``by_level``: one iteration at a time, vectorised over the tasks of each
  topological level (``np.maximum.at`` over the level's incoming links);
- ``by_iteration``: a block of iterations at a time (1,000), vectorised
  over the iterations, looping over the links in topological order.

Both compute only early starts and the finish (no backward pass, no
floats, no criticality): less than stratops computes per iteration.

    python numpy_mc.py NETWORK.json --iterations 10000
"""

from __future__ import annotations

import argparse
import json
import time
from collections import deque
from typing import List, Tuple

import numpy as np


def topo(n: int, edges: List[List[int]]) -> Tuple[List[int], List[int]]:
    indeg = [0] * n
    out: List[List[int]] = [[] for _ in range(n)]
    for p, s, _, _ in edges:
        indeg[s] += 1
        out[p].append(s)
    level = [0] * n
    q = deque(i for i in range(n) if indeg[i] == 0)
    order = []
    while q:
        v = q.popleft()
        order.append(v)
        for s in out[v]:
            level[s] = max(level[s], level[v] + 1)
            indeg[s] -= 1
            if indeg[s] == 0:
                q.append(s)
    return order, level


def weights(es_p, d_p, d_s, ty, lag):
    # FS: d_p + L; SS: L; FF: d_p + L - d_s; SF: L - d_s
    w = es_p + lag
    w = w + np.where((ty == 0) | (ty == 2), d_p, 0.0)
    w = w - np.where((ty == 2) | (ty == 3), d_s, 0.0)
    return w


def by_level(net, iterations: int, rng) -> np.ndarray:
    n = net["n"]
    dur = np.asarray(net["dur"], dtype=float)
    a, m, b = net["estimate"]
    e = np.asarray(net["edges"], dtype=np.int64).reshape(-1, 4)
    _, level = topo(n, net["edges"])
    lv = np.asarray(level)[e[:, 1]] if len(e) else np.zeros(0, int)
    groups = [e[lv == k] for k in range(1, (lv.max() + 1) if len(lv) else 1)]
    unc = dur > 0
    finishes = np.empty(iterations)
    for i in range(iterations):
        d = dur.copy()
        d[unc] = rng.triangular(dur[unc] * a, dur[unc] * m, dur[unc] * b)
        es = np.zeros(n)
        for g in groups:
            p, s = g[:, 0], g[:, 1]
            w = weights(es[p], d[p], d[s], g[:, 2], g[:, 3])
            np.maximum.at(es, s, w)
        finishes[i] = (es + d).max()
    return finishes


def by_iteration(net, iterations: int, rng, block: int = 1000) -> np.ndarray:
    n = net["n"]
    dur = np.asarray(net["dur"], dtype=float)
    a, m, b = net["estimate"]
    order, _ = topo(n, net["edges"])
    preds: List[List[Tuple[int, int, int]]] = [[] for _ in range(n)]
    for p, s, t, lag in net["edges"]:
        preds[s].append((p, t, lag))
    unc = np.flatnonzero(dur > 0)
    out = []
    for start in range(0, iterations, block):
        k = min(block, iterations - start)
        d = np.repeat(dur[:, None], k, axis=1)  # tasks x iterations
        d[unc] = rng.triangular(
            (dur[unc] * a)[:, None], (dur[unc] * m)[:, None], (dur[unc] * b)[:, None], size=(len(unc), k)
        )
        es = np.zeros((n, k))
        for j in order:
            row = es[j]
            for p, t, lag in preds[j]:
                w = es[p] + lag
                if t in (0, 2):
                    w += d[p]
                if t in (2, 3):
                    w -= d[j]
                np.maximum(row, w, out=row)
        out.append((es + d).max(axis=0))
    return np.concatenate(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("network")
    ap.add_argument("--iterations", type=int, default=10_000)
    ap.add_argument("--level-iterations", type=int, default=200, help="by_level is slow: time this many and scale")
    args = ap.parse_args()
    with open(args.network) as f:
        net = json.load(f)
    rng = np.random.default_rng(1)
    t0 = time.perf_counter()
    f1 = by_iteration(net, args.iterations, rng)
    t_iter = time.perf_counter() - t0
    t0 = time.perf_counter()
    f2 = by_level(net, args.level_iterations, rng)
    t_level = (time.perf_counter() - t0) / args.level_iterations * args.iterations
    print(
        json.dumps(
            {
                "iterations": args.iterations,
                "by_iteration_s": t_iter,
                "by_level_s_scaled": t_level,
                "by_level_iterations_timed": args.level_iterations,
                "p80_minutes_by_iteration": float(np.percentile(f1, 80)),
                "p80_minutes_by_level": float(np.percentile(f2, 80)),
            }
        )
    )


if __name__ == "__main__":
    main()
