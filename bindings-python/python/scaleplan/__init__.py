"""scaleplan: plan how to bring every public service of a country online.

A thin Python face over the scaleplan Rust core. Read a service catalogue
(JSON, a folder of CSV files, a scaleplan or GovStack RFI-2 workbook, pandas
DataFrames), describe a scenario (horizon, budget, capacity, targets), and
solve the multi-year roadmap as a mixed-integer program (HiGHS), with the
GIL released while solving.

>>> import scaleplan
>>> cat = scaleplan.Catalogue.sample()
>>> roadmap = cat.plan(scaleplan.Scenario(horizon=5, time_limit_s=30))
>>> roadmap.status in ("optimal", "feasible")
True
>>> frame = roadmap.to_pandas()      # one row per service
>>> len(frame) == len(cat)
True

Errors are :class:`ScaleplanError` (a ``ValueError``) or one of its
subclasses: :class:`ValidationError` (``.problems`` lists every problem with
its location), :class:`LimitError`, :class:`SolverError` and
:class:`Interrupted`. An infeasible scenario is not an error: the roadmap has
status ``"infeasible"`` and a ``diagnosis``.
"""

from __future__ import annotations

from scaleplan._scaleplan import (
    Catalogue,
    Interrupted,
    LimitError,
    Roadmap,
    ScaleplanError,
    Scenario,
    SolverError,
    ValidationError,
    Verification,
    __version__,
    generate,
    plan_many,
)
from scaleplan._typing import ProblemDict, ProgressInfo, TargetDict, ViolationDict

__all__ = [
    "Catalogue",
    "Scenario",
    "Roadmap",
    "Verification",
    "plan_many",
    "generate",
    "ScaleplanError",
    "ValidationError",
    "LimitError",
    "SolverError",
    "Interrupted",
    "ProblemDict",
    "ProgressInfo",
    "TargetDict",
    "ViolationDict",
    "__version__",
]
