"""Scenarios: the constructor, the format's defaults, files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import scaleplan


def test_defaults_are_the_formats() -> None:
    s = scaleplan.Scenario()
    assert s.to_dict() == scaleplan.Scenario.from_dict({}).to_dict()
    assert (s.horizon, s.budget, s.capacity_factor, s.targets) == (5, None, 1.0, [])
    assert (s.time_limit_s, s.mip_gap) == (60.0, 1e-4)


def test_constructor_sets_every_field() -> None:
    s = scaleplan.Scenario(
        horizon=3,
        budget=1_000_000,
        capacity_factor=0.8,
        targets=[{"year": 2028, "share": 0.4, "weighted_by": "demand"}],
        time_limit_s=5,
        mip_gap=0.01,
    )
    d = s.to_dict()
    assert d["horizon"] == 3 and d["budget"] == 1_000_000 and d["capacity_factor"] == 0.8
    assert d["targets"] == [{"year": 2028, "share": 0.4, "weighted_by": "demand"}]
    assert d["solver"] == {"time_limit_s": 5, "mip_gap": 0.01}
    assert scaleplan.Scenario.from_dict(d) == s
    assert "horizon=3" in repr(s)


def test_replace() -> None:
    s = scaleplan.Scenario(horizon=3, budget=[1.0, 2.0])
    t = s.replace(capacity_factor=2.0)
    assert t.capacity_factor == 2.0 and t.budget == [1.0, 2.0] and t.horizon == 3
    assert s.capacity_factor == 1.0
    with pytest.raises(scaleplan.ScaleplanError, match="unknown field `horizn`"):
        s.replace(horizn=4)


def test_json_files(tmp_path: Path) -> None:
    s = scaleplan.Scenario(horizon=4, budget=[5.0, 6.0])
    p = tmp_path / "s.json"
    s.to_json(p)
    assert json.loads(p.read_text()) == s.to_dict()
    assert scaleplan.Scenario.from_json(p) == s
    assert scaleplan.Scenario.from_json_str(p.read_text()) == s


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"horizon": 0}, "horizon"),
        ({"capacity_factor": -1}, "capacity_factor"),
        ({"targets": [{"year": 2028, "share": 1.5}]}, "share"),
        ({"targets": [{"year": 2028}]}, "share"),
        ({"budget": "lots"}, "budget"),
        ({"mip_gap": float("nan")}, "mip_gap"),
    ],
)
def test_bad_scenarios_are_validation_errors(kwargs: dict, words: str) -> None:
    with pytest.raises(scaleplan.ValidationError) as info:
        scaleplan.Scenario(**kwargs)
    assert words in str(info.value)
    assert info.value.problems and all(words in p["text"] for p in info.value.problems)
