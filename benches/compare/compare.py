#!/usr/bin/env python3
"""Run the same generated instances through scaleplan and its peers, with the
same time limits, and write a markdown table (called by run.sh).

Per tool and instance: build time, time to the first feasible plan,
status, objective recomputed by scaleplan's independent verifier from the
plan itself, gap at the limit, and peak memory (resident set of the whole
process tree, sampled by psutil every 50 ms).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time

import psutil

HERE = os.path.dirname(os.path.abspath(__file__))

INSTANCES = {
    # name: (services, years, blocks, entities, life events)
    "s500": (500, 5, 15, 10, 25),
    "m1000": (1000, 8, 30, 20, 50),
    "l5000": (5000, 10, 40, 50, 250),
}
TOOLS = ["scaleplan-highs", "scaleplan-heuristic", "scaleplan-microlp", "scaleplan-cli", "highspy", "pulp-cbc"]


def run_measured(cmd, timeout, env=None, marker=None, seen=None):
    """Run cmd, sampling the peak RSS of its process tree. Returns
    (returncode or None when killed, stdout, stderr, wall seconds, peak MB).
    With `marker`, seen["marker_s"] is when a stdout line first contained it."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=None if env is None else {**os.environ, **env})
    ps = psutil.Process(proc.pid)
    peak = 0
    killed = False
    out_chunks, err_chunks = [], []
    import threading

    def reader(stream, sink):
        for line in stream:
            if marker is not None and seen is not None and "marker_s" not in seen and marker in line:
                seen["marker_s"] = time.perf_counter() - t0
            sink.append(line)

    th = [threading.Thread(target=reader, args=(proc.stdout, out_chunks), daemon=True),
          threading.Thread(target=reader, args=(proc.stderr, err_chunks), daemon=True)]
    for t in th:
        t.start()
    while proc.poll() is None:
        try:
            rss = ps.memory_info().rss
            for ch in ps.children(recursive=True):
                try:
                    rss += ch.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, rss)
        except psutil.Error:
            pass
        if time.perf_counter() - t0 > timeout:
            killed = True
            for ch in ps.children(recursive=True):
                try:
                    ch.kill()
                except psutil.Error:
                    pass
            proc.kill()
            break
        time.sleep(0.05)
    proc.wait()
    for t in th:
        t.join(timeout=5)
    wall = time.perf_counter() - t0
    return (None if killed else proc.returncode), "".join(out_chunks), "".join(err_chunks), wall, peak / 2**20


def last_json(text):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    return None


def run_tool(tool, inst, limit, args, workdir):
    cat = os.path.join(workdir, f"{inst}.catalogue.json")
    scen = os.path.join(workdir, f"{inst}.scenario.json")
    roadmap = os.path.join(workdir, f"{inst}.{tool}.{int(limit)}s.roadmap.json")
    if os.path.exists(roadmap):
        os.remove(roadmap)
    if tool == "scaleplan-cli":
        # What a user types: HiGHS backend, explanations (why-not-earlier,
        # shadow prices) on, as the command line does by default.
        cmd = [os.path.join(args.bin, "scaleplan"), "plan", cat, "--scenario", scen, "--out", roadmap,
               "--time-limit", str(limit), "--gap", str(args.gap), "--backend", "highs", "--quiet"]
    elif tool.startswith("scaleplan-"):
        backend = tool.split("-", 1)[1]
        cmd = [os.path.join(args.bin, "bench_plan"), cat, scen, "--backend", backend,
               "--time-limit", str(limit), "--gap", str(args.gap), "--out", roadmap]
    else:
        solver = "highs" if tool == "highspy" else "cbc"
        cmd = [sys.executable, os.path.join(HERE, "peers.py"), "solve", cat, scen, "--solver", solver,
               "--time-limit", str(limit), "--gap", str(args.gap), "--threads", str(args.threads),
               "--roadmap", roadmap]
    timeout = 3 * limit + 180
    env, marker, seen = None, None, {}
    if tool == "scaleplan-highs":
        # HiGHS's own log (line-buffered) tells when HiGHS starts running:
        # its first run is the LP relaxation, right after presolve, so the
        # model build (the same formulation, variables continuous) is the
        # time between the `presolve` progress event and that log line.
        env, marker = {"SCALEPLAN_HIGHS_LOG": "1"}, "Running HiGHS"
        cmd = ["stdbuf", "-oL"] + cmd
    rc, out, err, wall, peak = run_measured(cmd, timeout, env=env, marker=marker, seen=seen)
    res = last_json(out) or {}
    if tool == "scaleplan-cli" and os.path.exists(roadmap):
        with open(roadmap) as f:
            doc = json.load(f)
        res.update({k: doc.get(k) for k in ("status", "objective", "bound", "gap", "solve_seconds")})
    res.update({"tool": tool, "instance": inst, "limit_s": limit, "wall_s": wall, "peak_mb": peak,
                "returncode": rc})
    if rc is None:
        res["status"] = f"killed after {timeout:.0f} s"
    elif rc != 0 and "status" not in res:
        res["status"] = "error"
        res["stderr"] = err[-2000:]
    if tool.startswith("scaleplan-") and tool != "scaleplan-cli":
        # build = reading the JSON + presolve (time of the `presolve`
        # progress event); the model build for HiGHS happens inside the
        # solve and is measured on its own (see above).
        phases = res.get("phases") or {}
        res["build_s"] = res.get("read_s", 0.0) + phases.get("presolve", 0.0)
        if "marker_s" in seen and "presolve" in phases:
            res["model_build_s"] = seen["marker_s"] - res.get("read_s", 0.0) - phases["presolve"]
    # The verifier's objective of the plan each tool wrote.
    if os.path.exists(roadmap):
        vrc, vout, verr, _, _ = run_measured([os.path.join(args.bin, "gen"), "verify", cat, scen, roadmap], 300)
        v = last_json(vout)
        if v is not None:
            res["verified_objective"] = v["objective"]
            res["violations"] = v["violations"]
            res["first_violations"] = v.get("first", [])
        else:
            res["verify_error"] = (verr or vout)[-500:]
        if not args.keep:
            os.remove(roadmap)
    return res


def fmt(v, digits=2):
    if v is None:
        return "-"
    if isinstance(v, float):
        if 0 < abs(v) < 0.1 and digits > 0:
            return f"{v:.3f}"
        return f"{v:.{digits}f}"
    return str(v)


def markdown(results, meta):
    lines = [
        f"Generated {meta['date']} on {meta['machine']}; time limits {meta['limits']} s; "
        f"requested mip gap {meta['gap']}; peers with {meta['threads']} threads.",
        "",
        "| instance | limit | tool | build s | model build s | first plan s | wall s | status | objective (verified) | gap at limit | vs best | peak MB | verifier |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    best = {}
    for r in results:
        key = (r["instance"], r["limit_s"])
        obj = r.get("verified_objective") if r.get("violations") == 0 else None
        if obj is not None:
            best[key] = max(best.get(key, obj), obj)
    for r in results:
        key = (r["instance"], r["limit_s"])
        obj = r.get("verified_objective")
        ok = r.get("violations")
        if ok is None:
            verdict = "-" if r.get("status") in ("no plan", "infeasible") or obj is None else "?"
        elif ok == 0:
            verdict = "ok"
        else:
            verdict = f"{ok} violations"
        claimed = r.get("objective")
        if obj is not None and claimed is not None and abs(obj - claimed) > 1e-6 * max(1.0, abs(obj)):
            verdict += f" (claimed {claimed:.6g})"
        vs = "-"
        if obj is not None and key in best and best[key] > 0 and ok == 0:
            vs = f"{100.0 * (obj - best[key]) / best[key]:+.2f}%"
        gap = r.get("gap")
        lines.append("| {} | {} s | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["instance"], int(r["limit_s"]), r["tool"], fmt(r.get("build_s")), fmt(r.get("model_build_s")),
            fmt(r.get("first_feasible_s")), fmt(r.get("wall_s"), 1), r.get("status", "-"),
            f"{obj:,.0f}" if obj is not None else "-",
            f"{100 * gap:.2f}%" if isinstance(gap, (int, float)) else "-",
            vs, fmt(r.get("peak_mb"), 0), verdict))
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True, help="folder with the gen and bench_plan binaries")
    p.add_argument("--instances", default="s500,m1000,l5000")
    p.add_argument("--tools", default=",".join(TOOLS))
    p.add_argument("--limits", default="10,60")
    p.add_argument("--gap", type=float, default=1e-4)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", default=os.path.join(HERE, "results"))
    p.add_argument("--keep", action="store_true", help="keep the roadmaps written")
    p.add_argument("--table", help="only print the markdown table of this results.json")
    args = p.parse_args()
    if args.table:
        with open(args.table) as f:
            print(markdown(json.load(f), {"date": "-", "machine": "-", "limits": "-", "gap": args.gap,
                                          "threads": args.threads}))
        return

    os.makedirs(args.out, exist_ok=True)
    instances = [i for i in args.instances.split(",") if i]
    tools = [t for t in args.tools.split(",") if t]
    limits = [float(x) for x in args.limits.split(",") if x]
    for inst in instances:
        s, y, b, e, le = INSTANCES[inst]
        subprocess.run([os.path.join(args.bin, "gen"), "instance", "--services", str(s), "--years", str(y),
                        "--blocks", str(b), "--entities", str(e), "--life-events", str(le),
                        "--seed", str(args.seed),
                        "--out", os.path.join(args.out, inst)], check=True)
    results = []
    for limit in limits:
        for inst in instances:
            for tool in tools:
                print(f"compare: {inst} {tool} {limit:g}s ...", file=sys.stderr, flush=True)
                r = run_tool(tool, inst, limit, args, args.out)
                results.append(r)
                print(f"  status {r.get('status')} objective {r.get('verified_objective')} gap {r.get('gap')} "
                      f"first {r.get('first_feasible_s')} wall {r['wall_s']:.1f}s peak {r['peak_mb']:.0f} MB",
                      file=sys.stderr, flush=True)
                with open(os.path.join(args.out, "results.json"), "w") as f:
                    json.dump(results, f, indent=1)
    meta = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {psutil.cpu_count(logical=True)} cores, "
                   f"{psutil.virtual_memory().total / 2**30:.0f} GiB",
        "limits": ", ".join(f"{x:g}" for x in limits),
        "gap": args.gap,
        "threads": args.threads,
    }
    md = markdown(results, meta)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(md)
    print(md)


if __name__ == "__main__":
    main()
