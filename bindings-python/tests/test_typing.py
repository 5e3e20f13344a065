"""The type stubs match the extension (mypy.stubtest) and type-check a
typical use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO

USE = '''
import scaleplan
import pandas as pd

cat: scaleplan.Catalogue = scaleplan.Catalogue.sample()
scenario = scaleplan.Scenario(horizon=4, budget=[1e6, 2e6], targets=[{"year": 2029, "share": 0.5}])
def progress(p: scaleplan.ProgressInfo) -> bool:
    return p["elapsed_s"] < 10
roadmap = cat.plan(scenario, progress=progress)
status: str = roadmap.status
frame: pd.DataFrame = roadmap.to_pandas()
kpis: pd.DataFrame = roadmap.kpis()
ok: bool = roadmap.verify(cat, scenario).ok
many: list[scaleplan.Roadmap] = scaleplan.plan_many(cat, [scenario])
try:
    scaleplan.Catalogue.from_json("x.json")
except scaleplan.ValidationError as e:
    first: str = e.problems[0]["message"]
'''


def _mypy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=REPO
    )


def test_stubtest() -> None:
    r = _mypy("mypy.stubtest", "scaleplan")
    assert r.returncode == 0, r.stdout + r.stderr


def test_a_typical_use_type_checks(tmp_path: Path) -> None:
    p = tmp_path / "use.py"
    p.write_text(USE)
    r = _mypy("mypy", "--strict", str(p))
    assert r.returncode == 0, r.stdout + r.stderr
    bad = tmp_path / "bad.py"
    bad.write_text("import scaleplan\nscaleplan.Catalogue.sample().plan(horizon=3)\n")
    r = _mypy("mypy", str(bad))
    assert r.returncode != 0 and "horizon" in r.stdout
