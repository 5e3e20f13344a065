"""Shared fixtures of the Python test suite."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest

import scaleplan

#: The repository root (bindings-python/tests/ -> repo).
REPO = Path(__file__).resolve().parents[2]
#: Shared data sets live next to the repo, never inside it.
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def sample() -> scaleplan.Catalogue:
    return scaleplan.Catalogue.sample()


@pytest.fixture(scope="session")
def sample_roadmap(sample: scaleplan.Catalogue) -> scaleplan.Roadmap:
    return sample.plan(scaleplan.Scenario.sample())


def tiny_dict() -> Dict[str, Any]:
    """Two ministries, a missing block, three services (one depends on
    another), a life event: small enough to reason about by hand."""
    return {
        "format": "scaleplan/1",
        "name": "Tiny",
        "version": "1",
        "start_year": 2027,
        "entities": [
            {"id": "moh", "name": "Health", "capacity": 10},
            {"id": "rev", "name": "Revenue", "capacity": [6, 8]},
        ],
        "building_blocks": [
            {"id": "identity", "name": "Identity", "status": "available"},
            {
                "id": "payments",
                "name": "Payments",
                "status": "missing",
                "options": [{"approach": "reuse", "cost": 100, "lead_years": 1}],
            },
        ],
        "services": [
            {"id": "birth", "name": "Birth certificate", "entity": "moh", "level": 2,
             "demand": 1000, "interactions": 2, "effort": 6, "cost": 10,
             "building_blocks": ["identity"]},
            {"id": "tax", "name": "Tax return", "entity": "rev", "level": 3,
             "demand": 5000, "effort": 5, "cost": 20, "building_blocks": ["payments"]},
            {"id": "benefit", "name": "Child benefit", "entity": "moh", "level": 1,
             "demand": 800, "effort": 4, "depends_on": ["birth"],
             "kpis": {"user_satisfaction": 0.5}},
        ],
        "life_events": [
            {"id": "child", "name": "Having a child", "services": ["birth", "benefit"], "weight": 100}
        ],
    }


@pytest.fixture()
def tiny() -> scaleplan.Catalogue:
    return scaleplan.Catalogue.from_dict(tiny_dict())
