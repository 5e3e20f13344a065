"""Plan bringing the Government of Canada's services online with scaleplan.

Reads the GC Service Inventory 2023-24 (1,752 federal services from 79
organisations; Open Government Licence - Canada), turns it into a scaleplan
catalogue with pandas, plans a five-year roadmap and writes the dashboard.

    python examples/python/canada_service_inventory.py \
        [--data ../shared/data/gc-service-inventory] [--out out/canada-dashboard.html] \
        [--time-limit 60] [--start-year 2027] [--horizon 5]

The inventory says, per service, which online stages exist (account
registration, authentication, application, decision, issuance, issue
resolution: Y / N / NA) and how many applications arrive by each channel.
It says nothing about building blocks, effort, cost or capacity. This script
ASSUMES those, prints every assumption, and keeps each one in a named
constant below so it is easy to change. The roadmap is only as good as
these assumptions: it shows the method, not Canada's plan.

Contains information licensed under the Open Government Licence - Canada.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

import pandas as pd

import scaleplan

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "gc-service-inventory"
DEFAULT_OUT = REPO / "out" / "canada-dashboard.html"

# The online stages of the inventory, in the order a client meets them.
STAGES = [
    "os_account_registration",
    "os_authentication",
    "os_application",
    "os_decision",
    "os_issuance",
    "os_issue_resolution_feedback",
]

# ---------------------------------------------------------------------------
# Assumptions (every number the inventory does not give). Printed at run time.

ASSUMPTIONS: List[str] = []


def assume(text: str) -> None:
    """Record an assumption so the run states it."""
    ASSUMPTIONS.append(text)


# Levels (FORMAT.md: 1 informational, 2 downloadable forms, 3 web form
# submission, 4 fully online), derived from the stage flags:
assume(
    "level: 4 when every applicable online stage is online (Y); 3 when the "
    "application is online but a later stage is not; 2 when some stage is "
    "online but not the application; 1 when no applicable stage is online. "
    "A service whose stages are all NA has nothing to bring online: level 4."
)
TARGET_LEVEL = 4
assume(f"target: every service reaches level {TARGET_LEVEL} (fully online).")

assume(
    "demand: the total applications of fiscal year 2023-24 "
    "(num_applications_total); a missing figure counts as 0."
)
assume(
    "interactions: each applicable stage that is not online today is one "
    "in-person (or paper/phone) interaction a client needs; at least 1."
)

EFFORT_PER_LEVEL = 3.0  # person-months per level climbed
EFFORT_HIGH_VOLUME = 6.0  # extra person-months for services over 100,000 applications
HIGH_VOLUME = 100_000
assume(
    f"effort: {EFFORT_PER_LEVEL:g} person-months per level climbed, plus "
    f"{EFFORT_HIGH_VOLUME:g} for a service with more than {HIGH_VOLUME:,} applications a year."
)
COST_PER_LEVEL = 40_000.0  # CAD per level climbed
assume(f"cost: CAD {COST_PER_LEVEL:,.0f} per level climbed, spent in the go-live year.")

CAPACITY_BASE = 6.0  # person-months per organisation per year
CAPACITY_PER_OPEN_SERVICE = 1.5
assume(
    f"capacity: each organisation has {CAPACITY_BASE:g} person-months a year for "
    f"digitisation plus {CAPACITY_PER_OPEN_SERVICE:g} per service it has to bring online."
)

# Building blocks (GovStack names). Canada has several in place; one is
# assumed missing to show how the planner schedules an acquisition.
BLOCKS = [
    # id, name, status, which services need it (a rule on the inventory's row)
    ("identity", "Identity (GCKey / Sign-In Canada)", "available"),
    ("payments", "Payments (Receiver General online payment)", "available"),
    ("messaging", "Messaging (GC Notify)", "available"),
    ("consent", "Consent (SIN data-sharing consent)", "missing"),
]
CONSENT_OPTIONS = [
    {"building_block": "consent", "approach": "reuse", "cost": 1_500_000, "lead_years": 1},
    {"building_block": "consent", "approach": "build", "cost": 2_500_000, "lead_years": 2},
]
assume(
    "building blocks: identity where authentication applies, payments where a "
    "fee is charged, messaging where an online decision applies (all three in "
    "place); consent for services that use the Social Insurance Number, assumed "
    "MISSING, with two options: reuse (CAD 1.5M, 1 year) or build (CAD 2.5M, 2 years)."
)
BUDGET = None
assume("budget: unlimited (the organisations' capacity is the constraint).")


# ---------------------------------------------------------------------------


def read_inventory(data: Path) -> pd.DataFrame:
    """The inventory, one row per service (the latest fiscal year)."""
    df = pd.read_csv(data / "si_2024.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    # The data dictionary names the stage flags and their codes.
    dictionary = json.loads((data / "service_data_dict.json").read_text(encoding="utf-8"))
    fields = {f["id"]: f for r in dictionary["resources"] for f in r["fields"]}
    for stage in STAGES:
        codes = set(fields[stage].get("choices", {}))
        assert codes == {"Y", "N", "NA"}, (stage, codes)
        bad = ~df[stage].isin(codes)
        if bad.any():  # blank or unknown codes: treat as "not applicable"
            df.loc[bad, stage] = "NA"
    df["id"] = (df["owner_org"].str.strip() + "-" + df["service_id"].str.strip()).str.lower()
    df = df.sort_values("fiscal_yr").drop_duplicates("id", keep="last")
    return df


def level_of(row: pd.Series) -> int:
    flags = {s: row[s] for s in STAGES if row[s] != "NA"}
    if not flags:
        return 4
    if all(v == "Y" for v in flags.values()):
        return 4
    if flags.get("os_application") == "Y":
        return 3
    if any(v == "Y" for v in flags.values()):
        return 2
    return 1


def number(cell: str) -> float:
    try:
        v = float(str(cell).replace(",", "").strip())
    except ValueError:
        return 0.0
    return v if math.isfinite(v) and v >= 0 else 0.0


def build_frames(inv: pd.DataFrame) -> Dict[str, pd.DataFrame]:
    """The catalogue's tables (FORMAT.md's CSV layout) as DataFrames."""
    services = pd.DataFrame({"id": inv["id"], "name": inv["service_name_en"].str.strip()})
    services["entity"] = inv["owner_org"].str.strip().str.lower()
    services["level"] = inv.apply(level_of, axis=1)
    services["target_level"] = TARGET_LEVEL
    services["demand"] = inv["num_applications_total"].map(number)
    not_online = sum((inv[s] == "N").astype(int) for s in STAGES)
    services["interactions"] = not_online.clip(lower=1)
    climb = (TARGET_LEVEL - services["level"]).clip(lower=0)
    services["effort"] = climb * EFFORT_PER_LEVEL + (services["demand"] > HIGH_VOLUME) * (climb > 0) * EFFORT_HIGH_VOLUME
    services["cost"] = climb * COST_PER_LEVEL
    blocks: List[List[str]] = []
    for _, row in inv.iterrows():
        need = []
        if row["os_authentication"] != "NA":
            need.append("identity")
        if row["service_fee"] == "Y":
            need.append("payments")
        if row["os_decision"] != "NA":
            need.append("messaging")
        if row["sin_usage"] == "Y":
            need.append("consent")
        blocks.append(need)
    services["building_blocks"] = blocks

    orgs = inv.groupby(inv["owner_org"].str.strip().str.lower())["owner_org_title"].first()
    open_per_org = services[services["level"] < TARGET_LEVEL].groupby("entity").size()
    entities = pd.DataFrame({"id": orgs.index, "name": orgs.str.split("|").str[0].str.strip().values})
    entities["capacity"] = [
        CAPACITY_BASE + CAPACITY_PER_OPEN_SERVICE * int(open_per_org.get(e, 0)) for e in entities["id"]
    ]
    building_blocks = pd.DataFrame(BLOCKS, columns=["id", "name", "status"])
    options = pd.DataFrame(CONSENT_OPTIONS)
    return {
        "services": services,
        "entities": entities,
        "building_blocks": building_blocks,
        "options": options,
    }


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of si_2024.csv")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="dashboard HTML to write")
    ap.add_argument("--time-limit", type=float, default=60.0, help="solver time limit (s)")
    ap.add_argument("--start-year", type=int, default=2027)
    ap.add_argument("--horizon", type=int, default=5)
    args = ap.parse_args(argv)

    if not (args.data / "si_2024.csv").exists():
        print(f"no inventory at {args.data / 'si_2024.csv'}", file=sys.stderr)
        return 2

    print("Assumptions (the inventory does not give these):")
    for a in ASSUMPTIONS:
        print(f"  - {a}")

    inv = read_inventory(args.data)
    frames = build_frames(inv)
    catalogue = scaleplan.Catalogue.from_pandas(
        **frames,
        start_year=args.start_year,
        name="Government of Canada (GC Service Inventory 2023-24)",
        version="2023-24",
    )
    services = catalogue.services_frame()
    levels = {int(k): int(v) for k, v in services["level"].value_counts().sort_index().items()}
    print(
        f"\nCatalogue: {len(catalogue)} services, {len(frames['entities'])} organisations; "
        f"levels today: {levels}"
    )
    gaps = catalogue.gaps()
    for block, row in gaps.iterrows():
        print(f"Missing block {block}: holds back {len(row['services_blocked'])} services")

    scenario = scaleplan.Scenario(
        horizon=args.horizon, budget=BUDGET, time_limit_s=args.time_limit, mip_gap=1e-3
    )
    last = [0.0]

    def progress(p: scaleplan.ProgressInfo) -> bool:
        if p["elapsed_s"] - last[0] >= 5 or p["phase"] in ("solver", "done"):
            last[0] = p["elapsed_s"]
            print(f"  [{p['elapsed_s']:6.1f} s] {p['phase']}: best {p['objective']}, bound {p['bound']}")
        return True

    print(f"\nPlanning {args.horizon} years from {args.start_year} (time limit {args.time_limit:g} s)...")
    t0 = time.perf_counter()
    roadmap = catalogue.plan(scenario, progress=progress)
    print(
        f"Status {roadmap.status}, objective {roadmap.objective:,.0f}, gap {roadmap.gap:.2%}, "
        f"{time.perf_counter() - t0:.1f} s"
    )
    verdict = roadmap.verify()
    print(f"Verifier: {'ok' if verdict else verdict.violations}")

    plan = roadmap.to_pandas()
    per_year = plan["year"].value_counts().sort_index()
    print("Services reaching level 4, per year:", {int(y): int(n) for y, n in per_year.items()})
    kpis = roadmap.kpis()
    print(kpis[["services_at_target", "share_at_target", "share_demand_at_target"]].to_string())

    args.out.parent.mkdir(parents=True, exist_ok=True)
    roadmap.to_html(path=args.out, title="Government of Canada: bringing services online (illustrative)")
    print(f"\nDashboard: {args.out}")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
