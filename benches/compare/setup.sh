#!/usr/bin/env bash
# Installs the comparison harness into its own venv (benches/compare/.venv):
# networkx, criticalpath, mpxj + JPype1 (MPXJ runs on the machine's Java,
# 11 or later), and the stratops Python package built in release mode from
# bindings/python when that directory exists. Safe to run again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"
py="$venv/bin/python"
[ -x "$py" ] || python3 -m venv "$venv"
if ! "$py" -c 'import networkx, criticalpath, mpxj, jpype, pandas, polars, pyarrow' 2>/dev/null; then
  # pandas, polars and pyarrow: the Python face's DataFrame benchmark (bindings/python/bench; without pyarrow it times the slower list-based frames)
  "$py" -m pip install --quiet --disable-pip-version-check networkx criticalpath mpxj JPype1 pandas polars pyarrow
fi
if [ -f "$root/bindings/python/pyproject.toml" ] && [ "${SKIP_STRATOPS_PY:-0}" != 1 ]; then
  "$py" -m pip install --quiet --disable-pip-version-check "maturin>=1.9.4,<2"
  (cd "$root/bindings/python" && VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" maturin develop --release --quiet)
fi
java -version 2>&1 | head -1 || echo "no java: the MPXJ row will be skipped"
"$py" -c 'import networkx, criticalpath, mpxj, jpype; print("compare venv ready")'
