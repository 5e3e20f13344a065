"""Pickling: objects travel to other processes (multiprocessing, Dask, Ray)."""

from __future__ import annotations

import multiprocessing
import pickle

import scaleplan


def test_pickle_round_trips(sample: scaleplan.Catalogue, sample_roadmap: scaleplan.Roadmap) -> None:
    scenario = scaleplan.Scenario(horizon=4, budget=[1e6, 2e6], targets=[{"year": 2029, "share": 0.3}])
    for obj in (sample, scenario, sample_roadmap):
        for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
            again = pickle.loads(pickle.dumps(obj, protocol=protocol))
            assert type(again) is type(obj) and again == obj


def test_an_unpickled_roadmap_keeps_its_catalogue_and_scenario(sample_roadmap: scaleplan.Roadmap) -> None:
    again = pickle.loads(pickle.dumps(sample_roadmap))
    assert again.catalogue == sample_roadmap.catalogue
    assert again.scenario == sample_roadmap.scenario
    assert again.verify()


def test_roadmaps_of_one_catalogue_share_it_in_a_pickle(sample: scaleplan.Catalogue) -> None:
    scenarios = [scaleplan.Scenario(capacity_factor=f, time_limit_s=30) for f in (0.8, 1.2)]
    roadmaps = scaleplan.plan_many(sample, scenarios)
    one = len(pickle.dumps(roadmaps[0]))
    both = len(pickle.dumps(roadmaps))
    catalogue = len(pickle.dumps(sample))
    assert both < 2 * one - catalogue // 2  # the catalogue is in it once
    a, b = pickle.loads(pickle.dumps(roadmaps))
    assert a.catalogue is b.catalogue


def test_multiprocessing_fans_out_a_sweep(sample: scaleplan.Catalogue) -> None:
    scenarios = [scaleplan.Scenario(capacity_factor=f, time_limit_s=30) for f in (0.7, 1.0)]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        remote = pool.starmap(scaleplan.Catalogue.plan, [(sample, s) for s in scenarios])
    for r, s in zip(remote, scenarios):
        assert r.scenario == s and r.catalogue == sample
        assert r.verify()
        local = sample.plan(s)
        tol = max(r.gap, local.gap, 1e-4) * max(1.0, abs(local.objective)) * 2
        assert abs(r.objective - local.objective) <= tol
