"""Shared fixtures: the repository root, the example plan, the CLI."""

from __future__ import annotations

import os
import pathlib
from typing import Any, Dict

import pytest

import stratops

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "plans" / "endpoint-security.json"


@pytest.fixture
def example_path() -> pathlib.Path:
    return EXAMPLE


@pytest.fixture
def plan() -> stratops.Plan:
    return stratops.load(EXAMPLE)


def doc(**task_fields: Any) -> Dict[str, Any]:
    """A one-plan, one-task document dict; task fields override."""
    task: Dict[str, Any] = {"id": "a", "name": "A", "duration": "2d"}
    task.update(task_fields)
    return {
        "format": "stratops/1",
        "plans": [
            {
                "id": "p",
                "kind": "project",
                "name": "P",
                "horizon": {"start": "2025-01-06", "end": "2025-03-01"},
                "tasks": [task],
            }
        ],
    }


def cli_path() -> pathlib.Path:
    """The CLI binary built by `cargo build -p stratops-cli`."""
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "debug" / "stratops"
