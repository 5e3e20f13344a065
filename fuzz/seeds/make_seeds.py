#!/usr/bin/env python3
"""Regenerate the committed fuzz seeds (small, hand-made, < 200 KB total).

    python3 fuzz/seeds/make_seeds.py      # needs openpyxl for the xlsx seeds

Sources: the shared conformance instances (synthetic, may be copied), a
hand-written CSV folder and XLSX workbook following FORMAT.md, and for
RFI-2 the header block and example row of the GovStack template (11 rows,
values only; the template itself is never copied into the repo).
"""
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))
CONF = os.path.join(SHARED, "spec", "conformance")


def out(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def mini(path):
    with open(path) as f:
        return json.dumps(json.load(f), separators=(",", ":"), ensure_ascii=False)


TINY = {
    "format": "scaleplan/1", "start_year": 2027,
    "entities": [{"id": "moh", "capacity": [10, 0, 5]}],
    "building_blocks": [
        {"id": "id", "status": "available"},
        {"id": "pay", "status": "missing", "options": [{"approach": "reuse", "cost": 5, "lead_years": 1}]},
    ],
    "workflows": [{"id": "w", "building_blocks": ["pay"]}],
    "services": [
        {"id": "a", "entity": "moh", "level": 2, "demand": 100, "effort": 3, "workflow": "w"},
        {"id": "b", "entity": "moh", "level": 4},
        {"id": "c", "entity": "moh", "level": 1, "target_level": 3, "depends_on": ["a"], "value": 7,
         "deadline_year": 2029, "earliest_year": 2028, "kpis": {"user_satisfaction": 0.5}},
    ],
    "life_events": [{"id": "le", "services": ["a", "b"], "weight": 9}],
    "policies": [{"id": "p", "kind": "digital_inclusion", "status": "draft"}],
}

# --- read_json: valid documents and classic mistakes -----------------------
for name in ["c01-tiny", "c04-targets", "c06-workflows", "c07-done-life-event-capacity-factor"]:
    out("read_json", f"{name}.json", mini(os.path.join(CONF, f"{name}.catalogue.json")))
out("read_json", "scenario-c03.json", mini(os.path.join(CONF, "c03-budget-list.scenario.json")))
out("read_json", "tiny.json", json.dumps(TINY, ensure_ascii=False))
bad = json.loads(json.dumps(TINY))
bad["services"][0]["levl"] = 2
out("read_json", "unknown-field.json", json.dumps(bad))
bad = json.loads(json.dumps(TINY))
bad["services"][2]["depends_on"] = ["c"]
out("read_json", "cycle.json", json.dumps(bad))
bad = json.loads(json.dumps(TINY))
bad["services"].append(dict(bad["services"][0]))
out("read_json", "duplicate.json", json.dumps(bad))
out("read_json", "unicode.json", json.dumps(TINY, ensure_ascii=False).replace('"a"', '"服务-é\\u200b"'))
out("read_json", "deep.json", "[" * 200 + "]" * 200)
out("read_json", "roadmap.json", json.dumps({
    "format": "scaleplan-roadmap/1", "status": "feasible", "objective": 1, "bound": 2, "gap": 1,
    "solve_seconds": 0.1, "services": [{"id": "a", "year": 2028}], "building_blocks": [], "years": []}))

# --- validate: catalogue JSON, NUL, scenario JSON --------------------------
for name in ["c02-tight-capacity", "c03-budget-list", "c05-deadlines-earliest", "c08-infeasible-target"]:
    out("validate", f"{name}.bin",
        mini(os.path.join(CONF, f"{name}.catalogue.json")) + "\0" + mini(os.path.join(CONF, f"{name}.scenario.json")))
bad = json.loads(json.dumps(TINY))
bad["services"][0]["entity"] = "nobody"
bad["services"][1]["level"] = 9
bad["entities"][0]["capacity"] = -1
out("validate", "many-problems.bin", json.dumps(bad) + "\0" + '{"horizon":0,"targets":[{"year":1999,"share":2}]}')

# --- read_csv: tables separated by NUL, in fuzz/src/lib.rs CSV_TABLES order -
tables = [
    "field,value\nformat,scaleplan/1\nname,Tiny\nstart_year,2027\n",
    "id,name,capacity_2027,capacity_2028\nmoh,Health,10,5\nmof,Finance,3,\n",
    "id,name,status\nid,Identity,available\npay,Payments,missing\n",
    "building_block,approach,cost,lead_years,system\npay,reuse,5,1,mifos\npay,tender,9,2,\n",
    "id,name,provides,open_source,url\nmifos,Mifos,pay,true,https://example.org\n",
    "id,name,building_blocks\nw,Apply and pay,id;pay\n",
    "id,name,entity,level,target_level,demand,interactions,effort,cost,building_blocks,workflow,depends_on,"
    "earliest_year,deadline_year,value,kpis.user_satisfaction\n"
    "a,Birth,moh,2,4,100,3,4,10,id,w,,,,,0.5\n"
    "b,Tax,mof,1,,\"1,000\",,2,,,,a,2028,2030,,\n"
    "c,Done,moh,4,4,,,,,,,,,,,\n",
    "id,name,audience,services,weight\nle,Child,citizen,a;c,9\n",
    "id,name,kind,status\np,Standard,digital_service_standard,in_force\n",
]
out("read_csv", "tiny.bin", "\0".join(tables))
broken = list(tables)
broken[6] = "id,entity,level\na,moh,7\na,nobody,x\n"
out("read_csv", "broken.bin", "\0".join(broken))
out("read_csv", "only-services.bin", "\0" * 6 + tables[6])

# --- read_xlsx / read_rfi2 --------------------------------------------------
try:
    import openpyxl
except ImportError:  # pragma: no cover
    openpyxl = None
if openpyxl is not None:
    import io
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, text in zip(
        ["catalogue", "entities", "building_blocks", "options", "systems", "workflows", "services", "life_events", "policies"],
        tables,
    ):
        ws = wb.create_sheet(name)
        import csv as _csv
        for row in _csv.reader(io.StringIO(text)):
            ws.append([int(c) if c.isdigit() else c for c in row])
    buf = io.BytesIO()
    wb.save(buf)
    out("read_xlsx", "tiny.xlsx", buf.getvalue())

    template = os.path.join(SHARED, "data", "rfi2", "govstack-rfi2-template.xlsx")
    if os.path.exists(template):
        src = openpyxl.load_workbook(template)
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for sws in src.worksheets[:2]:
            ws = wb.create_sheet(sws.title)
            for row in sws.iter_rows(min_row=1, max_row=11, values_only=True):
                ws.append(list(row))
            if sws.title.startswith("Service"):
                ws.append([2, "S-2", "Business permit", "Ministry of Trade ", "12,500", "9000", 3, "id card, tax number"])
                ws.append([None])
                ws.append([3, "", "Fishing licence", "", "n/a", None, "two"])
        buf = io.BytesIO()
        wb.save(buf)
        out("read_rfi2", "rfi2-head.xlsx", buf.getvalue())

# --- plan: random byte strings (decoded by scaleplan_fuzz::small_instance) --
rng = random.Random(20270101)
for i in range(8):
    out("plan", f"random-{i}.bin", bytes(rng.randrange(256) for _ in range(64 + 48 * i)))

total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(HERE) for f in fs if not f.endswith(".py"))
print(f"seeds: {total} bytes")
