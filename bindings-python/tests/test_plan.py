"""Planning: roadmaps, the verifier, progress and stopping, plan_many."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Dict, List

import pytest

import scaleplan
from conftest import tiny_dict


def test_sample_plan_is_verified(sample: scaleplan.Catalogue, sample_roadmap: scaleplan.Roadmap) -> None:
    r = sample_roadmap
    assert r.status in ("optimal", "feasible")
    assert r.bound >= r.objective - 1e-6 * max(1.0, abs(r.objective))
    assert 0.0 <= r.gap
    v = r.verify()
    assert v and v.ok and v.violations == []
    assert v.objective == pytest.approx(r.objective, rel=1e-6)
    assert r.catalogue == sample and r.scenario == scaleplan.Scenario.sample()


def test_roadmap_lists_every_service(sample: scaleplan.Catalogue, sample_roadmap: scaleplan.Roadmap) -> None:
    years = sample_roadmap.years
    assert sorted(years) == sorted(sample.service_ids)
    horizon = scaleplan.Scenario.sample().horizon
    for y in years.values():
        assert y is None or sample.start_year <= y < sample.start_year + horizon


def test_roadmap_round_trips(tmp_path: Path, sample: scaleplan.Catalogue, sample_roadmap: scaleplan.Roadmap) -> None:
    d = sample_roadmap.to_dict()
    assert d["format"] == "scaleplan-roadmap/1" and d["status"] == sample_roadmap.status
    again = scaleplan.Roadmap.from_dict(d)
    assert again == sample_roadmap and again.catalogue is None
    p = tmp_path / "roadmap.json"
    sample_roadmap.to_json(p)
    read = scaleplan.Roadmap.from_json(p)
    assert read == sample_roadmap
    with pytest.raises(scaleplan.ScaleplanError, match="needs the catalogue"):
        read.verify()
    assert read.verify(sample, scaleplan.Scenario.sample())


def test_verifier_catches_a_tampered_roadmap(tiny: scaleplan.Catalogue) -> None:
    scenario = scaleplan.Scenario(horizon=3, time_limit_s=20)
    r = tiny.plan(scenario)
    assert r.verify()
    d = r.to_dict()
    # "benefit" depends on "birth": make it go live before its prerequisite.
    by_id = {s["id"]: s for s in d["services"]}
    by_id["birth"]["year"] = 2029
    by_id["benefit"]["year"] = 2027
    bad = scaleplan.Roadmap.from_dict(d)
    v = bad.verify(tiny, scenario)
    assert not v and not v.ok
    assert v.violations and all(x["message"] for x in v.violations)


def test_infeasible_scenario_returns_a_diagnosis() -> None:
    d = tiny_dict()
    # "tax" needs payments, which takes a year to acquire: a 2027 deadline
    # cannot be met.
    d["services"][1]["deadline_year"] = 2027
    cat = scaleplan.Catalogue.from_dict(d)
    r = cat.plan(scaleplan.Scenario(horizon=3, time_limit_s=20))
    assert r.status == "infeasible"
    assert r.diagnosis and any("tax" in line for line in r.diagnosis)
    assert "infeasible" in repr(r)


def test_progress_callback_receives_the_solver_state(sample: scaleplan.Catalogue) -> None:
    seen: List[Dict[str, Any]] = []
    r = sample.plan(scaleplan.Scenario(time_limit_s=30), progress=seen.append)
    assert r.status in ("optimal", "feasible")
    assert seen
    for p in seen:
        assert set(p) == {"elapsed_s", "objective", "bound", "phase"}
        assert isinstance(p["phase"], str)
    elapsed = [p["elapsed_s"] for p in seen]
    assert elapsed == sorted(elapsed)
    assert any(p["objective"] is not None for p in seen)


def test_stopping_before_any_plan_raises_interrupted(sample: scaleplan.Catalogue) -> None:
    with pytest.raises(scaleplan.Interrupted):
        sample.plan(scaleplan.Scenario(time_limit_s=30), progress=lambda p: False)


def test_stopping_with_a_plan_returns_it_as_feasible(sample: scaleplan.Catalogue) -> None:
    def stop_once_planned(p: Dict[str, Any]) -> bool:
        return p["objective"] is None

    r = sample.plan(scaleplan.Scenario(time_limit_s=30), progress=stop_once_planned)
    assert r.status == "feasible"
    assert r.verify()


def test_an_exception_in_the_callback_propagates(sample: scaleplan.Catalogue) -> None:
    def boom(p: Dict[str, Any]) -> None:
        raise ZeroDivisionError("from the callback")

    with pytest.raises(ZeroDivisionError, match="from the callback"):
        sample.plan(progress=boom)


def test_backends(tiny: scaleplan.Catalogue) -> None:
    scenario = scaleplan.Scenario(horizon=3, time_limit_s=20)
    exact = tiny.plan(scenario, backend="highs")
    heuristic = tiny.plan(scenario, backend="heuristic")
    assert heuristic.verify()
    assert heuristic.objective <= exact.objective + 1e-6 * max(1.0, abs(exact.objective))
    with pytest.raises(scaleplan.ScaleplanError, match="unknown backend"):
        tiny.plan(scenario, backend="cplex")


def test_the_gil_is_released_while_solving() -> None:
    cat, scenario = scaleplan.generate(400, seed=1)
    scenario = scenario.replace(time_limit_s=5)
    done = threading.Event()
    result: List[scaleplan.Roadmap] = []

    def solve() -> None:
        result.append(cat.plan(scenario))
        done.set()

    t = threading.Thread(target=solve)
    ticks = 0
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    assert result and result[0].verify()
    # With the GIL held for the whole solve the loop could not have run.
    assert ticks > 5


def test_plan_many_in_order(sample: scaleplan.Catalogue) -> None:
    base = scaleplan.Scenario(horizon=5, time_limit_s=30)
    factors = [1.0, 1.5, 2.0]  # (below 1 the sample's deadlines cannot be met)
    roadmaps = scaleplan.plan_many(sample, [base.replace(capacity_factor=f) for f in factors])
    assert [r.scenario.capacity_factor for r in roadmaps if r.scenario] == factors
    for r in roadmaps:
        assert r.status in ("optimal", "feasible"), r.diagnosis
        assert r.verify()
    objectives = [r.objective for r in roadmaps]
    # More capacity can only help (up to the solver's gap).
    for lo, hi in zip(objectives, objectives[1:]):
        assert lo <= hi * (1 + 1e-3) + 1e-6


def test_plan_many_raises_the_first_error(sample: scaleplan.Catalogue) -> None:
    bad = scaleplan.Scenario(targets=[{"year": 1990, "share": 0.5}])
    with pytest.raises(scaleplan.ValidationError):
        scaleplan.plan_many(sample, [scaleplan.Scenario(), bad])


def test_kpis_and_html(sample: scaleplan.Catalogue, sample_roadmap: scaleplan.Roadmap) -> None:
    html = sample_roadmap.to_html()
    assert html is not None and html.lstrip().lower().startswith("<!doctype html")
    assert sample.name in html
    frame = sample_roadmap._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame
    assert "<style" not in frame  # the page is escaped inside the iframe
    bare = scaleplan.Roadmap.from_dict(sample_roadmap.to_dict())
    assert bare._repr_html_().startswith("<pre>&lt;scaleplan.Roadmap")
    titled = sample_roadmap.to_html(title="Arcadia 2027 to 2031")
    assert titled is not None and "Arcadia 2027 to 2031" in titled


def test_html_to_a_file(tmp_path: Path, sample_roadmap: scaleplan.Roadmap) -> None:
    p = tmp_path / "dash.html"
    assert sample_roadmap.to_html(path=p) is None
    assert p.read_text().lstrip().lower().startswith("<!doctype html")


def test_track_and_replan(sample: scaleplan.Catalogue, sample_roadmap: scaleplan.Roadmap) -> None:
    # Two years on: the services planned for 2027 went live, one planned for
    # 2028 did not.
    plan = sample_roadmap.to_pandas()
    now = sample.to_dict()
    live_2027 = set(plan.index[plan["year"] == 2027])
    late = str(plan.index[plan["year"] == 2028][0])
    for s in now["services"]:
        if s["id"] in live_2027:
            s["level"] = s.get("target_level", 4)
    catalogue_now = scaleplan.Catalogue.from_dict(now)
    t = sample_roadmap.track(catalogue_now, 2029)
    assert t.loc[late, "status"] == "late"
    assert (t.loc[sorted(live_2027), "status"] == "done").all()
    assert t.attrs["tracking"]["year"] == 2029

    new, changes = sample_roadmap.replan(catalogue_now, 2029)
    assert new.status in ("optimal", "feasible", "infeasible")
    assert set(changes) >= {"start_year", "horizon", "moved", "carried_over", "dropped_targets"}
    assert changes["start_year"] == 2029
    if new.status != "infeasible":
        assert new.verify()
        years = new.years
        assert years[late] is None or years[late] >= 2029
        assert all(years[s] is None for s in live_2027)  # done stays done
