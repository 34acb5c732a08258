#!/usr/bin/env python3
"""Where the bytes of the npm package's .wasm go: a size profile.

Reads the `name` section of the cargo build (before wasm-bindgen and
wasm-opt strip it), demangles the function names with `c++filt` and sums
the code bytes by owner (crate and first module, `core::slice` for the
standard sorts, `serde::private` for internally tagged enums, ...).
Sizes are before wasm-opt, so they rank the owners rather than give their
share of the shipped, gzipped file.

    bash scripts/build-wasm.sh
    python3 benches/wasm/size_profile.py [target/wasm32-unknown-unknown/wasm-release/stratops_wasm.wasm] [--top 40]
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from typing import Dict, List, Tuple


def leb(b: bytes, i: int) -> Tuple[int, int]:
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def functions(data: bytes) -> List[Tuple[int, str]]:
    """(code bytes, mangled name) of every defined function."""
    i, imports, sizes, names = 8, 0, [], {}
    while i < len(data):
        sid = data[i]
        i += 1
        n, i = leb(data, i)
        end = i + n
        if sid == 2:  # imports: functions shift the index space
            cnt, j = leb(data, i)
            for _ in range(cnt):
                for _ in range(2):
                    ln, j = leb(data, j)
                    j += ln
                kind = data[j]
                j += 1
                if kind == 0:
                    imports += 1
                    _, j = leb(data, j)
                elif kind == 1:
                    j += 1
                    flags = data[j]
                    j += 1
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 2:
                    flags = data[j]
                    j += 1
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:  # code
            cnt, j = leb(data, i)
            for _ in range(cnt):
                sz, j = leb(data, j)
                sizes.append(sz)
                j += sz
        elif sid == 0:  # custom: the name section
            ln, j = leb(data, i)
            if data[j : j + ln] == b"name":
                j += ln
                while j < end:
                    sub = data[j]
                    j += 1
                    sl, j = leb(data, j)
                    if sub == 1:
                        cnt, k = leb(data, j)
                        for _ in range(cnt):
                            idx, k = leb(data, k)
                            nl, k = leb(data, k)
                            names[idx] = data[k : k + nl].decode("utf8", "replace")
                            k += nl
                    j += sl
        i = end
    return [(sz, names.get(n + imports, "?")) for n, sz in enumerate(sizes)]


def owner(name: str) -> str:
    name = re.sub(r"::h[0-9a-f]{16}$", "", name).lstrip("<&mut ")
    m = re.match(r"(\w+)(::\w+)?", name)
    return (m.group(1) + (m.group(2) or "")) if m else name[:30]


def main() -> None:
    argv = sys.argv[1:]
    top = 40
    if "--top" in argv:
        k = argv.index("--top")
        top = int(argv[k + 1])
        del argv[k : k + 2]
    args = argv
    path = args[0] if args else "target/wasm32-unknown-unknown/wasm-release/stratops_wasm.wasm"
    fns = functions(open(path, "rb").read())
    demangled = subprocess.run(
        ["c++filt"], input="\n".join(n for _, n in fns), capture_output=True, text=True, check=True
    ).stdout.split("\n")
    by: Dict[str, List[int]] = collections.defaultdict(lambda: [0, 0])
    for (sz, _), d in zip(fns, demangled):
        o = owner(d)
        by[o][0] += sz
        by[o][1] += 1
    total = sum(sz for sz, _ in fns)
    print(f"{path}: {len(fns)} functions, {total} code bytes before wasm-opt")
    print(f"{'bytes':>9} {'share':>6} {'fns':>5}  owner")
    for o, (sz, n) in sorted(by.items(), key=lambda kv: -kv[1][0])[:top]:
        print(f"{sz:>9} {100 * sz / total:>5.1f}% {n:>5}  {o}")


if __name__ == "__main__":
    main()
