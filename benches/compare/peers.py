#!/usr/bin/env python3
"""The roadmap model of MODEL.md, written the straightforward way, solved by
the tools a user would pick instead of scaleplan: PuLP + CBC and HiGHS
(highspy).

This is deliberately the textbook formulation, exactly as MODEL.md states
it: binaries d[s,t] with monotonicity rows, a[b,o,t] acquisition binaries,
c[l,t] in [0,1], one row per (service, needed block, year), per (service,
dependency, year), per (entity, year), per budget year, per target and per
(life event, service, year); no presolve, no cumulative reformulation, no
warm start. The model is built once as plain lists (the "formulation"
step) and then handed to each tool through its own API, so both peers
solve the very same rows.

Usage:
  peers.py solve CATALOGUE SCENARIO --solver cbc|highs --time-limit S
           [--gap G] [--roadmap OUT.json] [--threads N]
      prints one JSON line with build/solve/first-feasible times, objective,
      bound, gap, and writes the plan as a roadmap document (FORMAT.md) so
      scaleplan's verifier can recompute its objective.
  peers.py conformance DIR [--solver cbc|highs]
      solves every instance of the shared conformance set and compares with
      expected.json (a check of this file, not of scaleplan).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field


# --------------------------------------------------------------------------
# Reading the documents (FORMAT.md defaults)
# --------------------------------------------------------------------------

def at(values, t: int) -> float:
    """Capacity/budget in plan year t (1-based): a number, or a list whose
    last value repeats; an empty list means 0."""
    if isinstance(values, (int, float)):
        return float(values)
    if not values:
        return 0.0
    i = t - 1
    return float(values[i] if i < len(values) else values[-1])


def service_value(s: dict) -> float:
    level = s["level"]
    target = s.get("target_level", 4)
    if s.get("value") is not None:
        return float(s["value"])
    return float(s.get("demand", 0.0)) * float(s.get("interactions", 1.0)) * (target - level) / 3.0


@dataclass
class Instance:
    cat: dict
    scen: dict
    T: int
    start: int
    services: list
    open_ids: list          # ids of open services, in catalogue order
    done_ids: set
    blocks: dict            # id -> block
    missing: list           # ids of missing blocks
    needs: dict             # service id -> sorted list of needed block ids


def load(cat_path: str, scen_path: str) -> Instance:
    with open(cat_path) as f:
        cat = json.load(f)
    with open(scen_path) as f:
        scen = json.load(f)
    T = int(scen.get("horizon", 5))
    start = int(cat["start_year"])
    services = cat.get("services", [])
    blocks = {b["id"]: b for b in cat.get("building_blocks", [])}
    workflows = {w["id"]: w for w in cat.get("workflows", [])}
    done_ids = {s["id"] for s in services if s["level"] >= s.get("target_level", 4)}
    open_ids = [s["id"] for s in services if s["id"] not in done_ids]
    needs = {}
    for s in services:
        need = set(s.get("building_blocks", []))
        if s.get("workflow"):
            need |= set(workflows[s["workflow"]].get("building_blocks", []))
        needs[s["id"]] = sorted(need)
    missing = [b for b, blk in blocks.items() if blk["status"] == "missing"]
    return Instance(cat, scen, T, start, services, open_ids, done_ids, blocks, missing, needs)


# --------------------------------------------------------------------------
# The model as plain lists
# --------------------------------------------------------------------------

@dataclass
class Model:
    names: list = field(default_factory=list)
    lb: list = field(default_factory=list)
    ub: list = field(default_factory=list)
    integer: list = field(default_factory=list)
    obj: list = field(default_factory=list)
    rows_lo: list = field(default_factory=list)
    rows_hi: list = field(default_factory=list)
    rows_idx: list = field(default_factory=list)
    rows_val: list = field(default_factory=list)
    obj_const: float = 0.0

    def var(self, name, lb, ub, integer, obj=0.0) -> int:
        self.names.append(name)
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(integer)
        self.obj.append(obj)
        return len(self.names) - 1

    def row(self, idx, val, lo=-math.inf, hi=math.inf):
        self.rows_idx.append(idx)
        self.rows_val.append(val)
        self.rows_lo.append(lo)
        self.rows_hi.append(hi)


def formulate(inst: Instance):
    """MODEL.md, constraint by constraint. Returns (model, d, a, c) with
    d[(s,t)], a[(b,o,t)], c[(l,t)] variable indices."""
    m = Model()
    T, start = inst.T, inst.start
    years = range(1, T + 1)
    Y = lambda t: start + t - 1  # noqa: E731
    by_id = {s["id"]: s for s in inst.services}

    d = {}
    for sid in inst.open_ids:
        v = service_value(by_id[sid])
        for t in years:
            d[(sid, t)] = m.var(f"d[{sid},{t}]", 0.0, 1.0, True, v)
    a = {}
    for b in inst.missing:
        for o, _opt in enumerate(inst.blocks[b].get("options", [])):
            for t in years:
                a[(b, o, t)] = m.var(f"a[{b},{o},{t}]", 0.0, 1.0, True, 0.0)
    c = {}
    for le in inst.cat.get("life_events", []):
        w = float(le.get("weight", 0.0))
        for t in years:
            c[(le["id"], t)] = m.var(f"c[{le['id']},{t}]", 0.0, 1.0, False, w)

    # D[s,t] as (var index or None for the constant 1)
    def D(sid, t):
        return None if sid in inst.done_ids else d[(sid, t)]

    # 1. monotone
    for sid in inst.open_ids:
        for t in range(2, T + 1):
            m.row([d[(sid, t - 1)], d[(sid, t)]], [1.0, -1.0], hi=0.0)
    # 2. one acquisition per block
    for b in inst.missing:
        idx = [a[(b, o, t)] for o in range(len(inst.blocks[b].get("options", []))) for t in years]
        if idx:
            m.row(idx, [1.0] * len(idx), hi=1.0)
    # 3. blocks first: d[s,t] <= avail[b,t]
    for sid in inst.open_ids:
        for b in inst.needs[sid]:
            if inst.blocks[b]["status"] == "available":
                continue
            opts = inst.blocks[b].get("options", [])
            for t in years:
                idx, val = [d[(sid, t)]], [1.0]
                for o, opt in enumerate(opts):
                    lead = int(opt.get("lead_years", 0))
                    for tp in years:
                        if tp + lead <= t:
                            idx.append(a[(b, o, tp)])
                            val.append(-1.0)
                m.row(idx, val, hi=0.0)
    # 4. dependencies: d[s,t] <= D[p,t]
    for sid in inst.open_ids:
        for p in by_id[sid].get("depends_on", []):
            if p in inst.done_ids:
                continue
            for t in years:
                m.row([d[(sid, t)], d[(p, t)]], [1.0, -1.0], hi=0.0)
    # 5. earliest year, 6. deadline (bounds)
    for sid in inst.open_ids:
        s = by_id[sid]
        for t in years:
            if s.get("earliest_year") is not None and Y(t) < s["earliest_year"]:
                m.ub[d[(sid, t)]] = 0.0
            if s.get("deadline_year") is not None and Y(t) >= s["deadline_year"]:
                m.lb[d[(sid, t)]] = 1.0
    # 7. capacity: sum effort(s) * g[s,t] <= cap(e,t)
    factor = float(inst.scen.get("capacity_factor", 1.0))
    by_entity = {}
    for sid in inst.open_ids:
        by_entity.setdefault(by_id[sid]["entity"], []).append(sid)
    for e in inst.cat.get("entities", []):
        members = by_entity.get(e["id"], [])
        for t in years:
            coef = {}
            for sid in members:
                eff = float(by_id[sid].get("effort", 0.0))
                if eff == 0.0:
                    continue
                coef[d[(sid, t)]] = coef.get(d[(sid, t)], 0.0) + eff
                if t > 1:
                    coef[d[(sid, t - 1)]] = coef.get(d[(sid, t - 1)], 0.0) - eff
            if coef:
                m.row(list(coef), list(coef.values()), hi=at(e["capacity"], t) * factor)
    # 8. budget
    budget = inst.scen.get("budget")
    if budget is not None:
        for t in years:
            coef = {}
            for sid in inst.open_ids:
                cost = float(by_id[sid].get("cost", 0.0))
                if cost == 0.0:
                    continue
                coef[d[(sid, t)]] = coef.get(d[(sid, t)], 0.0) + cost
                if t > 1:
                    coef[d[(sid, t - 1)]] = coef.get(d[(sid, t - 1)], 0.0) - cost
            for b in inst.missing:
                for o, opt in enumerate(inst.blocks[b].get("options", [])):
                    cost = float(opt.get("cost", 0.0))
                    if cost != 0.0:
                        coef[a[(b, o, t)]] = cost
            if coef:
                m.row(list(coef), list(coef.values()), hi=at(budget, t))
    # 9. targets
    for tg in inst.scen.get("targets", []):
        t = tg["year"] - start + 1
        if not 1 <= t <= T:
            raise SystemExit(f"target year {tg['year']} is outside the horizon")
        by_demand = tg.get("weighted_by", "count") == "demand"
        w = {s["id"]: (float(s.get("demand", 0.0)) if by_demand else 1.0) for s in inst.services}
        total = sum(w.values())
        const = sum(w[sid] for sid in inst.done_ids)
        idx = [d[(sid, t)] for sid in inst.open_ids if w[sid] != 0.0]
        val = [w[sid] for sid in inst.open_ids if w[sid] != 0.0]
        m.row(idx, val, lo=tg["share"] * total - const)
    # 10. life events: c[l,t] <= D[s,t]
    for le in inst.cat.get("life_events", []):
        for sid in le.get("services", []):
            if sid in inst.done_ids:
                continue
            for t in years:
                m.row([c[(le["id"], t)], d[(sid, t)]], [1.0, -1.0], hi=0.0)
    return m, d, a, c


# --------------------------------------------------------------------------
# Plan semantics: roadmap document and the objective recomputed from it
# --------------------------------------------------------------------------

def extract_plan(inst: Instance, x, d, a):
    """Go-live year of every open service, chosen option of every block."""
    go_live = {}
    for sid in inst.open_ids:
        go_live[sid] = None
        for t in range(1, inst.T + 1):
            if x[d[(sid, t)]] > 0.5:
                go_live[sid] = t
                break
    acq = {}
    for (b, o, t), j in a.items():
        if x[j] > 0.5 and b not in acq:
            acq[b] = (o, t)
    return go_live, acq


def plan_objective(inst: Instance, go_live: dict) -> float:
    """MODEL.md's objective of a plan: a service live from year t earns its
    value for T - t + 1 years; a life event earns its weight in every year
    where all its services are at target."""
    T = inst.T
    by_id = {s["id"]: s for s in inst.services}
    total = 0.0
    for sid, t in go_live.items():
        if t is not None:
            total += service_value(by_id[sid]) * (T - t + 1)
    for le in inst.cat.get("life_events", []):
        w = float(le.get("weight", 0.0))
        for t in range(1, T + 1):
            ok = all(
                sid in inst.done_ids or (go_live.get(sid) is not None and go_live[sid] <= t)
                for sid in le.get("services", [])
            )
            if ok:
                total += w
    return total


def roadmap_document(inst, status, objective, bound, gap, seconds, go_live, acq, solver):
    services = []
    for s in inst.services:
        sid = s["id"]
        if sid in inst.done_ids:
            services.append({"id": sid, "year": None, "already_done": True})
        else:
            t = go_live.get(sid)
            services.append({"id": sid, "year": None if t is None else inst.start + t - 1})
    blocks = []
    for b, (o, t) in sorted(acq.items()):
        opt = inst.blocks[b]["options"][o]
        blk = {
            "id": b,
            "approach": opt["approach"],
            "start_year": inst.start + t - 1,
            "available_year": inst.start + t - 1 + int(opt.get("lead_years", 0)),
            "option": o,
            "cost": float(opt.get("cost", 0.0)),
        }
        if opt.get("system"):
            blk["system"] = opt["system"]
        blocks.append(blk)
    return {
        "format": "scaleplan-roadmap/1",
        "status": status,
        "objective": objective,
        "bound": bound,
        "gap": gap,
        "solve_seconds": seconds,
        "start_year": inst.start,
        "horizon": inst.T,
        "services": services,
        "building_blocks": blocks,
        "years": [],
        "solver": solver,
    }


def rel_gap(obj, bound):
    if obj is None or bound is None:
        return None
    return max(0.0, (bound - obj)) / max(abs(obj), 1.0)


# --------------------------------------------------------------------------
# HiGHS through highspy
# --------------------------------------------------------------------------

def solve_highs(m: Model, time_limit: float, gap: float, threads: int):
    import numpy as np
    import highspy

    t0 = time.perf_counter()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(gap))
    h.setOptionValue("threads", int(threads))
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    n = len(m.names)
    lp.num_col_ = n
    lp.num_row_ = len(m.rows_lo)
    lp.col_cost_ = np.array(m.obj, dtype=np.float64)
    lp.col_lower_ = np.array(m.lb, dtype=np.float64)
    lp.col_upper_ = np.array(m.ub, dtype=np.float64)
    lp.row_lower_ = np.array([max(v, -inf) if v != -math.inf else -inf for v in m.rows_lo], dtype=np.float64)
    lp.row_upper_ = np.array([v if v != math.inf else inf for v in m.rows_hi], dtype=np.float64)
    lp.sense_ = highspy.ObjSense.kMaximize
    # row-wise matrix
    starts, idx, val = [0], [], []
    for ri, rv in zip(m.rows_idx, m.rows_val):
        idx.extend(ri)
        val.extend(rv)
        starts.append(len(idx))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(idx, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(val, dtype=np.float64)
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = len(m.rows_lo)
    lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous for i in m.integer]
    h.passModel(lp)
    build = time.perf_counter() - t0

    first = {"t": None}
    start = {"t": None}

    def on_improved(e):
        if first["t"] is None:
            first["t"] = time.perf_counter() - start["t"]

    try:
        h.cbMipImprovingSolution.subscribe(on_improved)
    except AttributeError:  # older highspy: no callbacks
        pass
    start["t"] = time.perf_counter()
    h.run()
    solve = time.perf_counter() - start["t"]
    ms = h.getModelStatus()
    info = h.getInfo()
    status_name = h.modelStatusToString(ms)
    has_sol = info.primal_solution_status == 2  # kSolutionStatusFeasible
    x = list(h.getSolution().col_value) if has_sol else None
    obj = info.objective_function_value if has_sol else None
    bound = info.mip_dual_bound if has_sol else None
    if bound is not None and not math.isfinite(bound):
        bound = None
    return {
        "tool_build_s": build,
        "solve_s": solve,
        "first_feasible_s": first["t"],
        "solver_status": status_name,
        "proven_optimal": status_name.lower() == "optimal",
        "infeasible": status_name.lower() == "infeasible",
        "x": x,
        "objective": obj,
        "bound": bound,
    }


# --------------------------------------------------------------------------
# CBC through PuLP
# --------------------------------------------------------------------------

_CBC_INT = re.compile(r"Integer solution of (-?[0-9.eE+]+) found .*?\(([0-9.]+) seconds\)")
_CBC_BEST = re.compile(r"best solution (-?[0-9.eE+]+), best possible (-?[0-9.eE+]+)")
_CBC_PARTIAL = re.compile(r"best objective (-?[0-9.eE+]+).*?best possible (-?[0-9.eE+]+)")
_CBC_SOLVE_START = re.compile(r"Cbc0012I|Cbc0038I|Cbc0010I")


def solve_cbc(m: Model, time_limit: float, gap: float, threads: int):
    import pulp

    t0 = time.perf_counter()
    prob = pulp.LpProblem("roadmap", pulp.LpMaximize)
    xs = [
        pulp.LpVariable(f"x{j}", lowBound=m.lb[j], upBound=m.ub[j], cat=pulp.LpInteger if m.integer[j] else pulp.LpContinuous)
        for j in range(len(m.names))
    ]
    prob += pulp.LpAffineExpression([(xs[j], m.obj[j]) for j in range(len(xs)) if m.obj[j] != 0.0])
    for k, (ri, rv, lo, hi) in enumerate(zip(m.rows_idx, m.rows_val, m.rows_lo, m.rows_hi)):
        expr = pulp.LpAffineExpression([(xs[j], v) for j, v in zip(ri, rv)])
        if lo == hi:
            prob += (expr == lo), f"r{k}"
        elif hi != math.inf:
            prob += (expr <= hi), f"r{k}"
            if lo != -math.inf:
                prob += (expr >= lo), f"r{k}lo"
        else:
            prob += (expr >= lo), f"r{k}"
    build = time.perf_counter() - t0

    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "cbc.log")
        solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, gapRel=gap, threads=threads, logPath=log)
        s0 = time.perf_counter()
        prob.solve(solver)
        solve = time.perf_counter() - s0
        with open(log) as f:
            text = f.read()
    first = None
    m_int = _CBC_INT.search(text)
    if m_int:
        first = float(m_int.group(2))
    bound = None
    for mm in list(_CBC_BEST.finditer(text)) + list(_CBC_PARTIAL.finditer(text)):
        bound = abs(float(mm.group(2)))  # CBC minimises the negated objective
    status = pulp.LpStatus[prob.status]
    sol_status = pulp.LpSolution.get(prob.sol_status, str(prob.sol_status)) if hasattr(pulp, "LpSolution") else str(prob.sol_status)
    has_sol = prob.sol_status in (1, 2)  # LpSolutionOptimal, LpSolutionIntegerFeasible
    x = [v.varValue if v.varValue is not None else 0.0 for v in xs] if has_sol else None
    obj = pulp.value(prob.objective) if has_sol else None
    proven = prob.sol_status == 1 and "Stopped on time" not in text and "Partial search" not in text
    if proven and bound is None:
        bound = obj
    return {
        "tool_build_s": build,
        "solve_s": solve,
        "first_feasible_s": first,
        "solver_status": f"{status}/{sol_status}",
        "proven_optimal": proven,
        "infeasible": status == "Infeasible",
        "x": x,
        "objective": obj,
        "bound": bound,
    }


# --------------------------------------------------------------------------

def run(cat, scen, solver, time_limit, gap, threads, roadmap_out=None):
    t0 = time.perf_counter()
    inst = load(cat, scen)
    m, d, a, _c = formulate(inst)
    formulate_s = time.perf_counter() - t0
    fn = solve_highs if solver == "highs" else solve_cbc
    r = fn(m, time_limit, gap, threads)
    out = {
        "tool": "highspy" if solver == "highs" else "pulp-cbc",
        "variables": len(m.names),
        "rows": len(m.rows_lo),
        "formulate_s": formulate_s,
        "build_s": formulate_s + r["tool_build_s"],
        "tool_build_s": r["tool_build_s"],
        "solve_s": r["solve_s"],
        "first_feasible_s": r["first_feasible_s"],
        "solver_status": r["solver_status"],
        "objective": None,
        "solver_objective": r["objective"],
        "bound": r["bound"],
        "gap": None,
        "status": "infeasible" if r["infeasible"] else "no plan",
    }
    if r["x"] is not None:
        go_live, acq = extract_plan(inst, r["x"], d, a)
        obj = plan_objective(inst, go_live)
        out["objective"] = obj
        bound = r["bound"]
        if bound is not None:
            bound = max(bound, obj)
        out["bound"] = bound
        out["gap"] = 0.0 if r["proven_optimal"] else rel_gap(obj, bound)
        out["status"] = "optimal" if r["proven_optimal"] else "feasible"
        out["services_planned"] = sum(1 for t in go_live.values() if t is not None)
        if roadmap_out:
            doc = roadmap_document(inst, out["status"], obj, bound if bound is not None else obj,
                                   out["gap"] if out["gap"] is not None else 0.0,
                                   r["solve_s"], go_live, acq, out["tool"])
            with open(roadmap_out, "w") as f:
                json.dump(doc, f)
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    ps = sub.add_parser("solve")
    ps.add_argument("catalogue")
    ps.add_argument("scenario")
    ps.add_argument("--solver", choices=["cbc", "highs"], required=True)
    ps.add_argument("--time-limit", type=float, default=60.0)
    ps.add_argument("--gap", type=float, default=1e-4)
    ps.add_argument("--threads", type=int, default=2)
    ps.add_argument("--roadmap")
    pc = sub.add_parser("conformance")
    pc.add_argument("dir")
    pc.add_argument("--solver", choices=["cbc", "highs"], default="highs")
    args = p.parse_args(argv)

    if args.cmd == "solve":
        out = run(args.catalogue, args.scenario, args.solver, args.time_limit, args.gap, args.threads, args.roadmap)
        print(json.dumps(out))
        return 0
    with open(os.path.join(args.dir, "expected.json")) as f:
        expected = json.load(f)
    bad = 0
    for name, exp in sorted(expected.items()):
        cat = os.path.join(args.dir, f"{name}.catalogue.json")
        scen = os.path.join(args.dir, f"{name}.scenario.json")
        out = run(cat, scen, args.solver, 60.0, 1e-9, 1)
        if exp["status"] == "infeasible":
            ok = out["status"] == "infeasible"
        else:
            ok = out["objective"] is not None and abs(out["objective"] - exp["objective"]) <= 1e-6 * max(1.0, abs(exp["objective"]))
        bad += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}: expected {exp.get('objective', exp['status'])}, got {out['objective'] if out['objective'] is not None else out['status']}")
    print(f"{len(expected) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
