"""Errors: the exception classes, located problems, limits, hostile input,
and the shared bad-input corpus (tests/corpus, also run by the Rust tests,
the command line and WASM): every case raises a scaleplan exception with
exactly the lines of its .expected file, never a PanicException."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

import scaleplan
from conftest import REPO, tiny_dict

CORPUS = REPO / "tests" / "corpus"


def test_exception_hierarchy() -> None:
    assert issubclass(scaleplan.ScaleplanError, ValueError)
    for cls in (scaleplan.ValidationError, scaleplan.LimitError, scaleplan.SolverError, scaleplan.Interrupted):
        assert issubclass(cls, scaleplan.ScaleplanError)
        assert cls.__module__ == "scaleplan"


def test_a_rust_panic_becomes_a_scaleplan_error() -> None:
    from scaleplan import _scaleplan

    try:
        _scaleplan._panic_for_tests("boom at the boundary")
    except BaseException as e:  # noqa: BLE001 - PanicException is a BaseException
        assert isinstance(e, scaleplan.ScaleplanError), type(e)
        assert "internal error" in str(e) and "boom at the boundary" in str(e)
    else:
        raise AssertionError("no exception")


def test_validation_error_lists_every_problem() -> None:
    d = tiny_dict()
    d["services"][0]["level"] = 0
    d["services"][1]["entity"] = "nobody"
    d["services"][2]["depends_on"] = ["ghost"]
    with pytest.raises(scaleplan.ValidationError) as info:
        scaleplan.Catalogue.from_dict(d)
    e = info.value
    assert len(e.problems) == 3
    lines = str(e).splitlines()
    assert lines[0] == "3 problems:"
    assert [line.strip() for line in lines[1:]] == [p["text"] for p in e.problems]
    ids = [p["id"] for p in e.problems]
    assert ids == ["birth", "tax", "benefit"]
    for p in e.problems:
        assert p["document"] == "catalogue" and p["list"] == "services"
        assert p["text"].endswith(p["message"])


def test_a_missing_file_names_its_path(tmp_path: Path) -> None:
    p = tmp_path / "nope.json"
    with pytest.raises(scaleplan.ScaleplanError) as info:
        scaleplan.Catalogue.from_json(p)
    assert str(p) in str(info.value)
    assert getattr(info.value, "path", None) == str(p)
    with pytest.raises(scaleplan.ScaleplanError):
        scaleplan.Catalogue.from_csv(tmp_path / "no-folder")
    with pytest.raises(scaleplan.ScaleplanError):
        scaleplan.Scenario.from_json(p)


def test_limits_are_configurable(sample: scaleplan.Catalogue) -> None:
    d = sample.to_dict()
    with pytest.raises(scaleplan.LimitError) as info:
        scaleplan.Catalogue.from_dict(d, limits={"max_services": 10})
    assert "10" in str(info.value) and len(info.value.problems) == 1
    text = sample.to_json()
    assert text is not None
    with pytest.raises(scaleplan.LimitError):
        scaleplan.Catalogue.from_json_str(text, limits={"max_bytes": 100})
    with pytest.raises(scaleplan.ValidationError, match="unknown limit"):
        scaleplan.Catalogue.from_dict(d, limits={"max_servces": 10})


def test_deep_nesting_is_a_limit_error() -> None:
    d: Dict[str, Any] = tiny_dict()
    deep: List[Any] = []
    for _ in range(200):
        deep = [deep]
    d["services"][0]["name"] = deep
    with pytest.raises(scaleplan.LimitError, match="nesting is too deep"):
        scaleplan.Catalogue.from_dict(d)
    loop: Dict[str, Any] = {}
    loop["self"] = loop
    with pytest.raises(scaleplan.LimitError):
        scaleplan.Catalogue.from_dict(loop)


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("demand", object(), "unsupported value of type `object`"),
        ("demand", float("inf"), "not a finite number"),
        ("level", 2**80, "level"),
        ("demand", "many", "demand"),
    ],
)
def test_bad_python_values_are_located(field: str, value: Any, words: str) -> None:
    d = tiny_dict()
    d["services"][2][field] = value
    with pytest.raises(scaleplan.ValidationError) as info:
        scaleplan.Catalogue.from_dict(d)
    assert words in str(info.value)
    assert info.value.problems[0]["index"] == 2


def test_non_string_keys() -> None:
    with pytest.raises(scaleplan.ValidationError, match="keys must be strings"):
        scaleplan.Catalogue.from_dict({1: 2})


def test_random_bytes_never_panic() -> None:
    rng = random.Random(7)
    base = scaleplan.Catalogue.sample().to_json()
    assert base is not None
    for i in range(200):
        if i % 2:
            text = "".join(chr(rng.randrange(32, 127)) for _ in range(rng.randrange(0, 200)))
        else:  # mutate a valid document
            chars = list(base)
            for _ in range(5):
                chars[rng.randrange(len(chars))] = rng.choice('{}[]",:0-e9xn ')
            text = "".join(chars)
        try:
            scaleplan.Catalogue.from_json_str(text, "fuzz.json")
        except BaseException as e:  # noqa: BLE001 - PanicException is a BaseException
            assert isinstance(e, scaleplan.ScaleplanError), (type(e), e)


def _corpus_cases() -> List[Tuple[str, Path]]:
    if not CORPUS.is_dir():
        return []
    cases = []
    for p in sorted(CORPUS.iterdir()):
        name = p.name
        if name.endswith(".limits.json"):
            continue
        if name.endswith(".json") and p.is_file():
            cases.append((name[: -len(".json")], p))
        elif name.endswith(".csv") and p.is_dir():
            cases.append((name[: -len(".csv")], p))
    return cases


def _limits(stem: str) -> Optional[Dict[str, int]]:
    p = CORPUS / f"{stem}.limits.json"
    return json.loads(p.read_text()) if p.exists() else None


def _run_case(stem: str, path: Path) -> List[str]:
    """Read a corpus case the way the Rust corpus test does; the lines."""
    limits = _limits(stem)
    try:
        if path.is_dir():
            texts = {f.name: f.read_text(encoding="utf-8") for f in path.iterdir()}
            scaleplan.Catalogue.from_csv_texts(texts, limits=limits)
        else:
            text = path.read_text(encoding="utf-8")
            if stem.endswith(".scenario"):
                scaleplan.Scenario.from_json_str(text, path.name)
            else:
                scaleplan.Catalogue.from_json_str(text, path.name, limits=limits)
    except BaseException as e:  # noqa: BLE001 - PanicException is a BaseException
        assert isinstance(e, scaleplan.ScaleplanError), f"{stem}: {type(e).__name__}: {e}"
        problems = getattr(e, "problems", [])
        return [p["text"] for p in problems] if problems else [str(e)]
    return []


@pytest.mark.parametrize("stem, path", _corpus_cases(), ids=[c[0] for c in _corpus_cases()])
def test_corpus_case(stem: str, path: Path) -> None:
    expected = (CORPUS / f"{stem}.expected").read_text(encoding="utf-8").splitlines()
    assert _run_case(stem, path) == expected


def test_corpus_is_there() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} does not exist yet")
    assert len(_corpus_cases()) >= 25
