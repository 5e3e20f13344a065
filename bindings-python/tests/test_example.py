"""The Canada example runs end to end (skipped when the data is absent)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SHARED

SCRIPT = REPO / "examples" / "python" / "canada_service_inventory.py"
DATA = SHARED / "data" / "gc-service-inventory"


def test_canada_service_inventory(tmp_path: Path) -> None:
    if not (DATA / "si_2024.csv").exists():
        pytest.skip(f"the GC Service Inventory is not at {DATA}")
    out = tmp_path / "canada.html"
    r = subprocess.run(
        [sys.executable, str(SCRIPT), "--data", str(DATA), "--out", str(out), "--time-limit", "30"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    # Every assumption is stated, the plan is verified, the dashboard written.
    for words in ("Assumptions", "level:", "effort:", "capacity:", "building blocks:", "Verifier: ok"):
        assert words in r.stdout, words
    assert "Catalogue: 1751 services, 79 organisations" in r.stdout
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "Government of Canada" in html
