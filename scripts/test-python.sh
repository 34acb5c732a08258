#!/usr/bin/env bash
# The Python face: builds the stratops package into a venv, then runs pytest,
# the stub check (mypy.stubtest + mypy --strict) and the example notebook.
# Safe to run again: the venv and its packages are reused when present.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
py_dir="$root/bindings/python"
venv="$py_dir/.venv"
py="$venv/bin/python"

if [ ! -x "$py" ]; then
  echo "creating $venv"
  python3 -m venv "$venv"
fi

# Install the tools only when one is missing (keeps re-runs fast).
if ! "$py" -c 'import pytest, hypothesis, pandas, polars, pyarrow, plotly, mypy, nbclient, nbformat, ipykernel, mpxj, jpype, tqdm, distributed, pyspark' 2>/dev/null \
   || [ ! -x "$venv/bin/maturin" ]; then
  "$py" -m pip install --quiet --disable-pip-version-check \
    maturin pytest hypothesis pandas polars pyarrow plotly mypy nbclient nbformat ipykernel mpxj JPype1 tqdm "dask[distributed]" pyspark
fi

# The hypothesis test compares with the CLI's JSON.
cargo build --quiet -p stratops-cli

# Build the native module in place and install the package (editable).
(cd "$py_dir" && VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" maturin develop --quiet)

echo "-- pytest"
set +e
(cd "$py_dir" && "$py" -m pytest -q tests)
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
elif [ "$rc" -ne 0 ]; then
  exit "$rc"
fi

echo "-- stubs: mypy.stubtest and mypy --strict"
(cd "$py_dir" && "$py" -m mypy.stubtest --mypy-config-file pyproject.toml stratops)
(cd "$py_dir" && "$py" -m mypy --config-file pyproject.toml python/stratops)

echo "-- notebooks"
"$py" - "$root/examples/notebooks" <<'PY'
import pathlib
import sys

import nbclient
import nbformat

for path in sorted(pathlib.Path(sys.argv[1]).glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    print(f"{path.name}: {sum(c.cell_type == 'code' for c in nb.cells)} cells ran")
PY
echo "python: all passed"
