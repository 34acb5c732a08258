"""stratops.import_mspdi: the reference file, bytes and text, bad XML."""

from __future__ import annotations

import os
import pathlib
import xml.etree.ElementTree as ET

import pytest

import stratops
from conftest import ROOT

TINY = b"""<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2025-10-06T08:00:00</StartDate>
  <Tasks>
    <Task><UID>1</UID><Name>Deploy</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT16H0M0S</Duration><DurationFormat>7</DurationFormat></Task>
    <Task><UID>2</UID><Name>Scan</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT8H0M0S</Duration><DurationFormat>7</DurationFormat>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink>
    </Task>
  </Tasks>
</Project>"""


def data_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("STRATOPS_DATA", ROOT.parent / "shared" / "data"))


def test_import_sample_file() -> None:
    path = data_dir() / "mspdi" / "sample.xml"
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"reference data missing: {path}")
        print(f"skipping: no reference data at {path} (set STRATOPS_DATA)")
        pytest.skip(f"no {path}")
    plan = stratops.import_mspdi(path)
    assert plan.is_valid
    d = plan.to_dict()
    assert [p["id"] for p in d["plans"]] == ["project"]
    # sample.xml holds 20 <Task> elements; UID 0 is MS Project's project
    # summary task, which the import keeps in the plan's extensions: 19 tasks.
    tasks = ET.parse(path).getroot().iter("{http://schemas.microsoft.com/project}Task")
    uids = sorted(int(t.findtext("{http://schemas.microsoft.com/project}UID") or "-1") for t in tasks)
    assert len(uids) == 20 and uids[0] == 0
    assert sorted(int(t["id"][1:]) for t in d["plans"][0]["tasks"]) == uids[1:]
    s = plan.schedule()
    assert len(s.tasks) == 19
    # Same document from the path as str, from bytes and from the text.
    assert stratops.import_mspdi(str(path)) == plan
    assert stratops.import_mspdi(path.read_bytes()) == plan
    assert stratops.import_mspdi(path.read_text(encoding="utf-8")) == plan


def test_import_tiny_bytes_schedules() -> None:
    plan = stratops.import_mspdi(TINY)
    s = plan.schedule()
    # t1: 2 days from Mon 2025-10-06 08:00 to Tue 17:00; t2 (FS) Wednesday.
    assert str(s.task("t1").early_finish) == "2025-10-07 17:00:00"
    assert str(s.task("t2").early_start) == "2025-10-08 08:00:00"


def test_malformed_xml_is_an_import_format_error() -> None:
    with pytest.raises(stratops.ImportFormatError) as e:
        stratops.import_mspdi(b"<Project><Tasks>")
    assert e.value.code == "xml_syntax"
    assert isinstance(e.value, stratops.FormatError) and isinstance(e.value, ValueError)
    assert e.value.line >= 1


def test_missing_uid_and_bad_encoding() -> None:
    bad = TINY.replace(b"<UID>2</UID>", b"")
    with pytest.raises(stratops.ImportFormatError) as e:
        stratops.import_mspdi(bad)
    assert e.value.code == "missing_uid"
    with pytest.raises(stratops.ImportFormatError) as e2:
        stratops.import_mspdi(b"<Project>\xff\xfe</Project>")
    assert e2.value.code == "not_utf8"
