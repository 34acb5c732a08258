"""Engines through the Python API, with expected values worked out by hand."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal

import pytest

import stratops
from conftest import doc

D = dt.datetime


def small() -> stratops.Plan:
    # Monday 6 January 2025. a (2d) -> b (1d); c (1d) on its own.
    d = doc(id="a", name="Alpha", duration="2d")
    d["plans"][0]["tasks"] += [
        {"id": "b", "name": "Beta", "duration": "1d", "dependencies": [{"predecessor": "a"}]},
        {"id": "c", "name": "Gamma", "duration": "1d"},
    ]
    return stratops.Plan.from_dict(d)


def test_schedule_small_by_hand() -> None:
    s = small().schedule()
    # a: Mon 08:00 -> Tue 17:00; b: Wed 08:00 -> Wed 17:00 (FS, next working minute).
    a, b, c = s.task("a"), s.task("b"), s.task("c")
    assert (a.early_start, a.early_finish) == (D(2025, 1, 6, 8), D(2025, 1, 7, 17))
    assert (b.early_start, b.early_finish) == (D(2025, 1, 8, 8), D(2025, 1, 8, 17))
    assert s.project_start == D(2025, 1, 6, 8)
    assert s.project_finish == D(2025, 1, 8, 17)
    assert a.critical and b.critical and not c.critical
    assert s.critical_paths == [["a", "b"]] and s.critical_path == ["a", "b"]
    # c: Mon 08:00-17:00, may finish as late as Wed 17:00: two working days
    # = 2 x 480 = 960 minutes of total float, and (no successor) the same
    # free float up to the project finish.
    assert c.late_finish == D(2025, 1, 8, 17)
    assert c.total_float_min == 960 and c.free_float_min == 960
    assert c.name == "Gamma"


def test_schedule_endpoint_by_hand(plan: stratops.Plan) -> None:
    s = plan.schedule()
    # compliance-review is SNET Monday 29 Dec 2025, 1d: 08:00-17:00; the
    # milestone after it ends the project at 17:00.
    assert s.project_finish == D(2025, 12, 29, 17)
    assert s.critical_path == ["compliance-review", "compliance-achieved"]
    # av-evaluate (2d, Wed-Thu 1-2 Oct) -> av-buy (Fri 3 Oct) -> av-install
    # (3d from Mon 6 Oct, to Wed 8 Oct 17:00). The antivirus summary's
    # deadline (15 Oct) caps its late finish: 5 working days = 2400 min.
    t = s.task("av-install")
    assert (t.early_start, t.early_finish) == (D(2025, 10, 6, 8), D(2025, 10, 8, 17))
    assert t.late_finish == D(2025, 10, 15, 17)
    assert t.total_float_min == 2400
    with pytest.raises(KeyError):
        s.task("nope")


def test_schedule_frames_and_html(plan: stratops.Plan) -> None:
    s = plan.schedule()
    df = s.to_pandas()
    assert list(df.columns[:2]) == ["id", "name"]
    assert len(df) == 13
    assert str(df["early_start"].dtype).startswith("datetime64")
    assert df.set_index("id").loc["av-install", "total_float_min"] == 2400
    pl_df = s.to_polars()
    assert pl_df.height == 13 and "critical" in pl_df.columns
    h = s._repr_html_()
    assert "ScheduleResult" in h and "compliance-review" in h
    assert "project_finish" in repr(s)
    assert "tasks" in dir(s)
    with pytest.raises(AttributeError):
        s.no_such_field


def test_schedule_explain(plan: stratops.Plan) -> None:
    e = plan.schedule().explain("av-install")
    by = {x.quantity: x for x in e}
    # The early start comes from the FS link from av-buy (Fri 3 Oct 17:00).
    assert "FS link from av-buy" in by["early_start"].formula
    assert by["total_float_min"].result == "2400"
    assert "av-install.early_start" in str(by["early_start"])
    assert "<pre>" in by["early_start"]._repr_html_()
    with pytest.raises(stratops.CalculationError) as err:
        plan.schedule().explain("nope")
    assert err.value.code == "unknown_id"


def test_schedule_options() -> None:
    # With a threshold of one day (480 min) c is still not critical (960).
    s = small().schedule(critical_threshold_min=480, max_paths=1, honor_constraints=True)
    assert not s.task("c").critical
    s = small().schedule(critical_threshold_min=960)
    assert s.task("c").critical
    with pytest.raises(stratops.CalculationError) as e:
        small().schedule(max_paths=-1)
    assert e.value.code == "bad_option"
    with pytest.raises(stratops.CalculationError) as e:
        small()._doc.run("schedule", '{"honour_constraints": true}')
    assert e.value.code == "bad_option" and e.value.id == "honour_constraints"


def test_schedule_refuses_cycles() -> None:
    d = doc(dependencies=[{"predecessor": "b"}])
    d["plans"][0]["tasks"].append({"id": "b", "name": "B", "dependencies": [{"predecessor": "a"}]})
    with pytest.raises(stratops.CycleError) as e:
        stratops.Plan.from_dict(d).schedule()
    assert sorted(e.value.task_ids) == ["a", "b"]


def test_result_pickles(plan: stratops.Plan) -> None:
    s = plan.schedule()
    again = pickle.loads(pickle.dumps(s))
    assert again == s
    assert again.task("av-install").name == "Install the antivirus on every device"
    assert again.explain("av-install")[0].id == "av-install"
    rec = pickle.loads(pickle.dumps(s.task("av-buy")))
    assert rec == s.task("av-buy")


def test_result_to_dict_and_json(plan: stratops.Plan) -> None:
    s = plan.schedule()
    assert s.to_json()["project_finish"] == "2025-12-29T17:00:00"
    assert s.to_dict()["project_finish"] == D(2025, 12, 29, 17)
    assert s.to_dict()["tasks"][0]["driver"] == {"kind": "project_start"}


SCORE = {
    "format": "stratops/1",
    "plans": [{
        "id": "s", "kind": "strategic", "name": "S",
        "horizon": {"start": "2025-01-01", "end": "2027-12-31"},
        "goals": [{"id": "g", "name": "Grow", "owner": "ceo", "due": "2025-12-31"}],
        "kpis": [{"id": "k", "name": "Members", "goals": [{"goal": "g"}],
                  "polarity": "increase",
                  "baseline": {"value": 100, "date": "2025-01-01"},
                  "target": {"value": 200, "date": "2025-12-31"},
                  "measurements": [{"date": "2025-07-01", "value": 140}]}],
    }],
}  # fmt: skip


def test_scorecard_by_hand() -> None:
    card = stratops.Plan.from_dict(SCORE).scorecard(dt.date(2025, 7, 1))
    k = card.kpi("k")
    # progress = (140 - 100) / (200 - 100) = 0.4
    assert k.progress == pytest.approx(0.4)
    # expected: 181 of the 364 days from 1 Jan to 31 Dec have passed.
    assert k.expected == pytest.approx(181 / 364)
    # pace 0.4 / 0.497 = 0.80: at risk (>= 0.75, < 0.95).
    assert k.status == "at_risk"
    assert card.goal("g").progress == pytest.approx(0.4)
    assert card.as_of == dt.date(2025, 7, 1)
    assert card.to_pandas().set_index("id").loc["k", "status"] == "at_risk"
    assert card.to_pandas("goals")["id"].tolist() == ["g"]
    assert card.to_polars().height == 1
    [e] = card.explain("k")
    assert e.quantity == "progress" and "140" in str(e)
    # Thresholds are options: with at_risk at 0.9 the pace 0.80 is off track.
    assert stratops.Plan.from_dict(SCORE).scorecard("2025-07-01", at_risk=0.9).kpi("k").status == "off_track"
    with pytest.raises(KeyError):
        card.kpi("nope")


def test_scorecard_needs_a_date() -> None:
    p = stratops.Plan.from_dict(SCORE)
    with pytest.raises(stratops.CalculationError) as e:
        p.scorecard(None)
    assert e.value.code == "missing_option"
    with pytest.raises(stratops.CalculationError) as e:
        p.scorecard("31/12/2025")
    assert e.value.code == "bad_option" and e.value.id == "as_of"


def test_scorecard_plot(plan: stratops.Plan) -> None:
    fig = plan.scorecard("2025-12-05").plot()
    assert [t.name for t in fig.data] == ["progress", "expected"]
    assert len(fig.data[0].x) == 5  # five KPIs in the example


def test_gantt(plan: stratops.Plan) -> None:
    fig = plan.schedule().gantt()
    names = {t.name for t in fig.data}
    assert {"critical", "not critical", "summary", "milestone"} <= names
    crit = [t for t in fig.data if t.name == "critical"][0]
    # Only leaf tasks are bars; compliance-review is the one critical leaf task.
    assert [y for y in crit.y] == ["Re-evaluate compliance gaps (compliance-review)"]
    fig2 = plan.schedule().gantt(summaries=False, title="T")
    assert "summary" not in {t.name for t in fig2.data}
    assert fig2.layout.title.text == "T"


def test_alignment_findings() -> None:
    d = doc()  # a project plan: goal-less task "a", no assignments
    d["plans"][0]["goals"] = [{"id": "g", "name": "G"}]
    a = stratops.Plan.from_dict(d).alignment()
    found = {(f.finding, f.id) for f in a.findings}
    assert ("unaligned_tasks", "a") in found  # supports nothing
    assert ("goals_without_kpi", "g") in found  # no KPI links to g
    assert ("goals_without_work", "g") in found  # nothing supports g
    assert ("not_laddering", "g") in found  # a project goal not under a strategic one
    assert ("raci_violations", "a") in found  # no accountable, no responsible
    assert a.stale_kpis is None  # no as_of: no staleness check
    df = a.to_pandas()
    assert set(df.columns) >= {"finding", "id", "plan", "detail"}


def test_alignment_endpoint(plan: stratops.Plan) -> None:
    a = plan.alignment(dt.date(2025, 12, 5))
    # 24 + 16 explicit assignment hours, all on tasks supporting
    # g-endpoint-compliance, which contributes to the strategic goal.
    assert a.hours.total == 40 and a.hours.strategic == 40
    assert a.hours.share_strategic == 1.0
    assert a.explain("document")[0].quantity == "hours_share_strategic"


def test_risks_exact(plan: stratops.Plan) -> None:
    r = plan.risks()
    # 0.1 x 2400 + 0.4 x 1200 + 0.3 x 1500 + 0.5 x 1000 = 240 + 480 + 450 + 500
    assert r.total_exposure_money == Decimal("1670")
    assert isinstance(r.total_exposure_money, Decimal)
    assert r.to_pandas().set_index("id").loc["r-os-updates", "exposure_money"] == Decimal("480")


def test_explain_any_id_as_the_wasm_face_does() -> None:
    """``Plan.explain`` is the core's ``explain_id``: a task's schedule, a
    KPI's score as of a date, a cost line's or category's budget figures."""
    import datetime as dt

    from conftest import EXAMPLE

    plan = stratops.load(EXAMPLE)
    task = plan.explain("av-install")
    assert task and all(isinstance(e, stratops.Explanation) for e in task)
    assert task == plan.schedule().explain("av-install")
    kpi = next(k["id"] for p in plan.to_dict()["plans"] for k in p.get("kpis", []))
    with pytest.raises(stratops.CalculationError) as e:
        plan.explain(kpi)
    assert e.value.code == "as_of_required" and e.value.id == kpi
    assert plan.explain(kpi, as_of=dt.date(2025, 12, 1))
    assert plan.explain("labour") == plan.budget().explain("labour")
    with pytest.raises(stratops.CalculationError) as e:
        plan.explain("no-such-id")
    assert e.value.code == "unknown_id"
