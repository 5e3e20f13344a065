"""The examples in the docstrings run as tests: the Rust classes' and
functions' docstrings (which `pytest --doctest-modules` cannot find in an
extension module) and those of the Python modules."""

from __future__ import annotations

import doctest
import inspect
import types
from typing import Any, Iterator, List, Set, Tuple

import scaleplan
import scaleplan._frames


def _docstrings(obj: Any, name: str, seen: Set[int]) -> Iterator[Tuple[str, str]]:
    if id(obj) in seen:
        return
    seen.add(id(obj))
    doc = getattr(obj, "__doc__", None)
    if isinstance(doc, str):
        yield name, doc
    if isinstance(obj, types.ModuleType):
        for attr in getattr(obj, "__all__", dir(obj)):
            member = getattr(obj, attr)
            if getattr(member, "__module__", "").startswith("scaleplan") or callable(member):
                yield from _docstrings(member, f"{name}.{attr}", seen)
    elif inspect.isclass(obj) and obj.__module__ == "scaleplan":
        for attr, member in vars(obj).items():
            if isinstance(member, (staticmethod, classmethod)):
                member = member.__func__
            yield from _docstrings(member, f"{name}.{attr}", seen)


def test_docstring_examples_run() -> None:
    finder = doctest.DocTestParser()
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    ran: List[str] = []
    seen: Set[int] = set()
    for module in (scaleplan, scaleplan._frames):
        for name, doc in _docstrings(module, module.__name__, seen):
            test = finder.get_doctest(doc, {"scaleplan": scaleplan}, name, None, 0)
            if test.examples:
                ran.append(name)
                runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0
    # The examples of the main entry points are among those that ran.
    for must in (
        "scaleplan",
        "scaleplan.Catalogue",
        "scaleplan.Catalogue.plan",
        "scaleplan.Catalogue.from_pandas",
        "scaleplan.Scenario",
        "scaleplan.plan_many",
    ):
        assert must in ran, (must, ran)
