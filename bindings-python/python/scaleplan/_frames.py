"""pandas views of scaleplan's documents (conversion only, no rules).

The catalogue's DataFrames are the CSV tables of the interchange format
(FORMAT.md), as the core writes and reads them: ``Catalogue.frames()``
turns the core's CSV texts into DataFrames, ``Catalogue.from_pandas``
turns DataFrames back into CSV texts for the core's CSV reader, so both
directions follow the same rules and give the same error messages
(``services.csv, row 3, column `level`: ...``).
"""

from __future__ import annotations

import io
from typing import Any, Dict, Iterable, List, Mapping, Optional

import pandas as pd

__all__ = [
    "TABLES",
    "frames_from_csv_texts",
    "csv_texts_from_frames",
    "roadmap_frame",
    "kpis_frame",
    "score_frame",
    "gaps_frame",
    "tracking_frame",
]

#: The catalogue's tables, in the order the core writes them.
TABLES = (
    "catalogue",
    "entities",
    "building_blocks",
    "options",
    "systems",
    "workflows",
    "services",
    "life_events",
    "policies",
)

# Cells holding `;`-separated lists in the CSV tables: Python lists here.
_LIST_COLUMNS = {
    "services": ("building_blocks", "depends_on"),
    "systems": ("provides",),
    "workflows": ("building_blocks",),
    "life_events": ("services",),
}

# Columns that are numbers (the rest are text and stay text, so that an id
# such as "007" is never read as 7). Entities' `capacity_<year>` columns
# are numbers too.
_NUMBER_COLUMNS = {
    "entities": ("capacity",),
    "options": ("cost", "lead_years"),
    "services": (
        "level",
        "target_level",
        "demand",
        "interactions",
        "effort",
        "cost",
        "earliest_year",
        "deadline_year",
        "value",
        "kpis.cost_per_transaction",
        "kpis.user_satisfaction",
        "kpis.completion_rate",
        "kpis.digital_take_up",
    ),
    "life_events": ("weight",),
}

_BOOL_COLUMNS = {"systems": ("open_source",)}


def _number_column(series: pd.Series) -> pd.Series:
    values = pd.to_numeric(series.replace("", None), errors="coerce")
    non_null = values.dropna()
    if len(non_null) and bool((non_null == non_null.round()).all()):
        return values.astype("Int64")
    return values.astype("float64")


def _split_list(cell: Any) -> List[str]:
    if not isinstance(cell, str) or not cell.strip():
        return []
    return [x.strip() for x in cell.split(";") if x.strip()]


def _table_frame(name: str, text: str) -> pd.DataFrame:
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    numbers = set(_NUMBER_COLUMNS.get(name, ()))
    if name == "entities":
        numbers |= {c for c in df.columns if c.startswith("capacity_")}
    for col in df.columns:
        if col in numbers:
            df[col] = _number_column(df[col])
        elif col in _BOOL_COLUMNS.get(name, ()):
            df[col] = df[col].map(
                lambda s: {"true": True, "false": False}.get(s.strip().lower())
            ).astype("boolean")
        elif col in _LIST_COLUMNS.get(name, ()):
            df[col] = df[col].map(_split_list).astype(object)
        else:
            df[col] = df[col].replace("", None)
    return df


def frames_from_csv_texts(texts: Mapping[str, str]) -> Dict[str, pd.DataFrame]:
    """DataFrames of the core's CSV texts (file name -> text), keyed by table."""
    out: Dict[str, pd.DataFrame] = {}
    for name in TABLES:
        text = texts.get(name + ".csv")
        if text is not None:
            out[name] = _table_frame(name, text)
    return out


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, (list, tuple, dict)):
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _cell(v: Any) -> Any:
    """One DataFrame cell as CSV text for the core's reader."""
    if _is_missing(v):
        return ""
    if isinstance(v, (list, tuple, set)):
        return ";".join(str(x) for x in v)
    if hasattr(v, "tolist") and not isinstance(v, str):  # numpy arrays
        as_list = v.tolist()
        if isinstance(as_list, list):
            return ";".join(str(x) for x in as_list)
        v = as_list
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 9e15:
        return str(int(v))
    return str(v)


def _frame_to_csv(df: Any, table: str) -> str:
    if not isinstance(df, pd.DataFrame):
        try:
            df = pd.DataFrame(df)
        except Exception as exc:  # noqa: BLE001 - any shape pandas refuses
            raise TypeError(f"{table}: expected a pandas DataFrame, got {type(df).__name__}") from exc
    index_names = [n for n in df.index.names if n is not None]
    if index_names:
        df = df.reset_index()
    out = pd.DataFrame({str(c): df[c].map(_cell) for c in df.columns}, columns=[str(c) for c in df.columns])
    return out.to_csv(index=False, lineterminator="\n")


def csv_texts_from_frames(
    tables: Mapping[str, Any], meta: Mapping[str, Any]
) -> Dict[str, str]:
    """CSV texts (table name -> text) for ``Catalogue.from_pandas``.

    ``tables`` maps table names to DataFrames (None: not given). A
    DataFrame indexed by id (as ``services_frame()`` returns) is accepted.
    ``meta`` holds start_year, name and version: written as the
    ``catalogue`` table when no ``catalogue`` frame is given, or replacing
    its rows when both are.
    """
    texts: Dict[str, str] = {}
    for name, df in tables.items():
        if df is None or name == "catalogue":
            continue
        texts[name] = _frame_to_csv(df, name)
    fields: Dict[str, str] = {"format": "scaleplan/1"}
    given = tables.get("catalogue")
    if given is not None:
        cat = pd.DataFrame(given)
        if {"field", "value"} <= set(cat.columns):
            for f, v in zip(cat["field"], cat["value"]):
                fields[str(f)] = _cell(v)
        else:
            texts["catalogue"] = _frame_to_csv(cat, "catalogue")
    for key in ("name", "version", "start_year"):
        v = meta.get(key)
        if v is not None:
            fields[key] = _cell(v)
    if "catalogue" not in texts:
        texts["catalogue"] = pd.DataFrame(
            {"field": list(fields.keys()), "value": list(fields.values())}
        ).to_csv(index=False, lineterminator="\n")
    return texts


def _flatten(record: Mapping[str, Any], prefix: str = "") -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for k, v in record.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def _records_frame(records: Iterable[Mapping[str, Any]], index: Optional[str]) -> pd.DataFrame:
    rows = [_flatten(r) for r in records]
    df = pd.DataFrame(rows)
    if index is not None and index in df.columns:
        df = df.set_index(index)
    return df


def roadmap_frame(
    roadmap: Mapping[str, Any], services: Optional[pd.DataFrame]
) -> pd.DataFrame:
    """One row per service: the roadmap's entry, joined with the
    catalogue's services table when given."""
    df = _records_frame(roadmap.get("services", []), "id")
    for col, default in (("year", None), ("already_done", False), ("why_not_earlier", None)):
        if col not in df.columns:
            df[col] = default
    df["year"] = pd.array(df["year"].tolist(), dtype="Int64")
    df["already_done"] = df["already_done"].fillna(False).astype(bool)
    df = df[["year", "already_done", "why_not_earlier"]]
    if services is not None:
        keep = [
            c
            for c in ("name", "entity", "level", "target_level", "demand", "effort", "cost")
            if c in services.columns
        ]
        df = services[keep].join(df, how="right")
    df.index.name = "id"
    return df


def kpis_frame(timeline: Any) -> pd.DataFrame:
    """The KPI timeline, one row per calendar year."""
    records = timeline
    if isinstance(timeline, Mapping):
        for key in ("years", "timeline"):
            if isinstance(timeline.get(key), list):
                records = timeline[key]
                break
    return _records_frame(records, "year")


def _main_records(value: Any, keys: Iterable[str]) -> List[Mapping[str, Any]]:
    if isinstance(value, list):
        return value
    if isinstance(value, Mapping):
        for key in keys:
            if isinstance(value.get(key), list):
                return value[key]
    return []


def score_frame(scores: Any) -> pd.DataFrame:
    """One row per open service, best rank first; the whole result (the
    weights, the services already done) is kept in
    ``DataFrame.attrs["score"]``."""
    df = _records_frame(_main_records(scores, ("services", "scores")), "id")
    if "rank" in df.columns:
        df = df.sort_values("rank", kind="stable")
    df.attrs["score"] = scores
    return df


def gaps_frame(gaps: Any) -> pd.DataFrame:
    """One row per missing building block; the whole analysis (required
    and lacking blocks, policy readiness) is kept in
    ``DataFrame.attrs["gaps"]``."""
    records = []
    for block in _main_records(gaps, ("building_blocks",)):
        row = dict(block)
        systems = row.pop("candidate_systems", None)
        if isinstance(systems, list):
            row["candidate_systems"] = [s.get("id") if isinstance(s, Mapping) else s for s in systems]
        options = row.pop("options", None)
        if isinstance(options, list):
            row["n_options"] = len(options)
        for key in ("services_blocked", "dependents_held_back", "life_events_blocked"):
            if isinstance(row.get(key), list):
                row["n_" + key] = len(row[key])
        records.append(row)
    df = _records_frame(records, "id")
    df.attrs["gaps"] = gaps
    return df


def tracking_frame(tracking: Any) -> pd.DataFrame:
    """One row per service of the newer catalogue; the whole tracking is
    kept in ``DataFrame.attrs["tracking"]``."""
    df = _records_frame(_main_records(tracking, ("services",)), "id")
    if "planned_year" in df.columns:
        df["planned_year"] = pd.array(df["planned_year"].tolist(), dtype="Int64")
    df.attrs["tracking"] = tracking
    return df
