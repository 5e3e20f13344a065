"""Shapes of the dicts scaleplan hands to Python (for type checkers)."""

from __future__ import annotations

import os
from typing import Optional, Tuple, TypedDict, Union

__all__ = ["StrPath", "ProblemDict", "ProgressInfo", "TargetDict", "ViolationDict"]

#: A file or folder path.
StrPath = Union[str, "os.PathLike[str]"]


class ProblemDict(TypedDict):
    """One located problem of a ValidationError (or a reader warning)."""

    document: str
    list: Optional[str]
    index: Optional[int]
    id: Optional[str]
    row: Optional[int]
    field: Optional[str]
    line: Optional[Tuple[int, int]]
    message: str
    text: str


class ProgressInfo(TypedDict):
    """What the progress callback of ``Catalogue.plan`` receives."""

    elapsed_s: float
    objective: Optional[float]
    bound: Optional[float]
    phase: str


class TargetDict(TypedDict, total=False):
    """A scenario target: a share of services at target by a year."""

    year: int
    share: float
    weighted_by: str


class ViolationDict(TypedDict):
    """A constraint a roadmap violates, as the verifier reports it."""

    constraint: str
    message: str

