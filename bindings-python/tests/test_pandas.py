"""pandas: the catalogue's tables as DataFrames and back, roadmap frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import scaleplan
from conftest import tiny_dict


def test_services_frame(tiny: scaleplan.Catalogue) -> None:
    df = tiny.services_frame()
    assert list(df.index) == ["birth", "tax", "benefit"]
    assert df.index.name == "id"
    assert df.loc["birth", "level"] == 2 and df.loc["birth", "target_level"] == 4
    assert df.loc["benefit", "depends_on"] == ["birth"]
    assert df.loc["tax", "building_blocks"] == ["payments"]
    assert df.loc["benefit", "kpis.user_satisfaction"] == 0.5
    assert pd.isna(df.loc["birth", "kpis.user_satisfaction"])
    assert pd.isna(df.loc["birth", "deadline_year"])
    assert str(df["level"].dtype) == "Int64"


def test_frames_round_trip(tiny: scaleplan.Catalogue, sample: scaleplan.Catalogue) -> None:
    for cat in (tiny, sample):
        frames = cat.frames()
        assert set(frames) == {
            "catalogue", "entities", "building_blocks", "options", "systems",
            "workflows", "services", "life_events", "policies",
        }
        assert scaleplan.Catalogue.from_pandas(**frames) == cat


def test_per_year_capacity_becomes_year_columns(tiny: scaleplan.Catalogue) -> None:
    entities = tiny.frames()["entities"].set_index("id")
    assert entities.loc["moh", "capacity"] == 10
    assert (entities.loc["rev", "capacity_2027"], entities.loc["rev", "capacity_2028"]) == (6, 8)


def test_from_pandas_by_hand() -> None:
    services = pd.DataFrame(
        {
            "id": ["birth", "tax", "benefit"],
            "entity": ["moh", "rev", "moh"],
            "level": [2, 3, 1],
            "demand": [1000.0, 5000.0, float("nan")],
            "depends_on": [[], "", "birth"],           # lists or `;` text
            "deadline_year": [None, 2031, None],
        }
    ).set_index("id")
    entities = pd.DataFrame({"id": ["moh", "rev"], "capacity": [10, 6]})
    cat = scaleplan.Catalogue.from_pandas(services, entities, start_year=2027, name="By hand")
    d = cat.to_dict()
    assert cat.name == "By hand" and cat.start_year == 2027
    by_id = {s["id"]: s for s in d["services"]}
    assert by_id["benefit"]["depends_on"] == ["birth"]
    assert by_id["tax"]["deadline_year"] == 2031
    assert "deadline_year" not in by_id["birth"]
    assert by_id["benefit"]["demand"] == 0  # empty cell: the format's default


def test_from_pandas_errors_name_table_row_and_column() -> None:
    services = pd.DataFrame(
        {"id": ["a", "b"], "entity": ["moh", "moh"], "level": [2, 9]}
    )
    entities = pd.DataFrame({"id": ["moh"], "capacity": [5]})
    with pytest.raises(scaleplan.ValidationError) as info:
        scaleplan.Catalogue.from_pandas(services, entities, start_year=2027)
    (problem,) = info.value.problems
    assert problem["document"] == "services.csv"
    assert problem["row"] == 3  # header is row 1: DataFrame position 1 is row 3
    assert problem["field"] == "level"
    assert "services.csv, row 3" in str(info.value)


def test_from_pandas_needs_a_start_year() -> None:
    services = pd.DataFrame({"id": ["a"], "entity": ["moh"], "level": [2]})
    entities = pd.DataFrame({"id": ["moh"], "capacity": [5]})
    with pytest.raises(scaleplan.ValidationError, match="start_year"):
        scaleplan.Catalogue.from_pandas(services, entities)


def test_roadmap_frame(sample: scaleplan.Catalogue, sample_roadmap: scaleplan.Roadmap) -> None:
    df = sample_roadmap.to_pandas()
    assert len(df) == len(sample) and df.index.is_unique
    assert {"name", "entity", "level", "year", "already_done", "why_not_earlier"} <= set(df.columns)
    years = sample_roadmap.years
    for sid, row in df.iterrows():
        y = years[str(sid)]
        assert (pd.isna(row["year"]) and y is None) or row["year"] == y
    done = df[df["already_done"]]
    assert (done["level"] >= done["target_level"]).all()
    # Without a catalogue, only the roadmap's own columns.
    bare = scaleplan.Roadmap.from_dict(sample_roadmap.to_dict()).to_pandas()
    assert list(bare.columns) == ["year", "already_done", "why_not_earlier"]
    assert len(bare) == len(sample)


def test_kpis_frame(sample: scaleplan.Catalogue, sample_roadmap: scaleplan.Roadmap) -> None:
    k = sample_roadmap.kpis()
    assert k.index.name == "year"
    assert list(k.index) == sorted(k.index)
    shares = list(k["share_at_target"])
    assert shares == sorted(shares)  # services never go back
    last = sample_roadmap.to_dict()["years"][-1]
    assert k.loc[last["year"], "share_at_target"] == pytest.approx(last["share_at_target"])
    assert k.loc[last["year"], "services_at_target"] == last["services_at_target"]


def test_score_frame(sample: scaleplan.Catalogue) -> None:
    df = sample.score()
    assert df.index.is_unique and df.index.name == "id"
    assert list(df["rank"]) == list(range(1, len(df) + 1))
    assert {"impact", "feasibility", "priority", "quadrant"} <= set(df.columns)
    assert ((0 <= df["impact"]) & (df["impact"] <= 1)).all()
    assert "weights" in df.attrs["score"]
    no_demand = sample.score(weights={"demand": 0.0})
    assert not math.isclose(no_demand["impact"].sum(), df["impact"].sum())
    with pytest.raises(scaleplan.ValidationError):
        sample.score(weights={"demnd": 1.0})


def test_gaps_frame(tiny: scaleplan.Catalogue) -> None:
    df = tiny.gaps()
    assert list(df.index) == ["payments"]
    assert df.loc["payments", "services_blocked"] == ["tax"]
    assert df.loc["payments", "demand_blocked"] == 5000
    assert df.attrs["gaps"]["lacking"] == ["payments"]


def test_nan_in_a_dict_is_a_located_error() -> None:
    d = tiny_dict()
    d["services"][1]["demand"] = float("nan")
    with pytest.raises(scaleplan.ValidationError) as info:
        scaleplan.Catalogue.from_dict(d)
    (p,) = info.value.problems
    assert (p["list"], p["index"], p["field"]) == ("services", 1, "demand")
