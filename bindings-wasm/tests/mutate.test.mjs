// Seeded mutation testing through the JS boundary: small valid catalogues
// and scenarios, one or a few random mutations each (weird values, missing
// fields, duplicates, dangling references). Every call either returns or
// throws a ScaleplanError; every plan it returns passes the verifier; no
// trap ever reaches JS.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sp } from "./helpers.mjs";

// mulberry32: a small seeded PRNG, so a failure can be replayed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD = [null, -1, 0, -0, 0.5, 1e308, -1e308, 2 ** 53, 4294967296, "", "x", [], {}, true, Number.NaN, Infinity, [1, -1], "2027"];

function paths(value, prefix = [], out = []) {
  if (value && typeof value === "object") {
    for (const k of Object.keys(value)) {
      out.push([...prefix, k]);
      paths(value[k], [...prefix, k], out);
    }
  }
  return out;
}

function mutate(doc, r) {
  const all = paths(doc);
  if (all.length === 0) return;
  const p = all[Math.floor(r() * all.length)];
  let parent = doc;
  for (const k of p.slice(0, -1)) parent = parent[k];
  const key = p[p.length - 1];
  const choice = r();
  if (choice < 0.25) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (choice < 0.7) {
    parent[key] = WEIRD[Math.floor(r() * WEIRD.length)];
  } else if (choice < 0.85 && Array.isArray(parent)) {
    parent.push(structuredClone(parent[key])); // a duplicate entry (same id)
  } else if (typeof parent[key] === "string") {
    parent[key] = parent[key] + "-dangling";
  } else if (typeof parent[key] === "number") {
    parent[key] = Math.round(parent[key] * (r() * 4 - 1));
  } else {
    parent[key] = WEIRD[Math.floor(r() * WEIRD.length)];
  }
}

function call(fn, stats) {
  try {
    return fn();
  } catch (e) {
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `trap: ${e?.stack}`);
    assert.equal(e?.name, "ScaleplanError", `not a ScaleplanError: ${e?.stack}`);
    assert.ok(e.message.length > 0);
    stats.errors++;
    return undefined;
  }
}

test("400 mutated catalogues and scenarios: errors or verified plans, never a trap", (t) => {
  const stats = { errors: 0, plans: 0, infeasible: 0 };
  for (let i = 0; i < 400; i++) {
    const r = rng(1000 + i);
    const { catalogue, scenario } = sp.generate({ services: 6 + (i % 7), years: 2 + (i % 3), blocks: 4, entities: 2, life_events: 2, seed: i });
    scenario.solver = { time_limit_s: 2, mip_gap: 1e-4 };
    const n = 1 + Math.floor(r() * 3);
    for (let k = 0; k < n; k++) mutate(r() < 0.75 ? catalogue : scenario, r);
    const where = `case ${i}`;
    const cat = call(() => sp.validate(catalogue), stats);
    if (!cat) continue;
    call(() => sp.score(cat), stats);
    call(() => sp.gaps(cat), stats);
    const backend = i % 2 ? "heuristic" : "microlp";
    const roadmap = call(() => sp.plan(cat, scenario, { backend }), stats);
    if (!roadmap) continue;
    if (roadmap.status === "infeasible" || roadmap.status === "error") {
      // error: e.g. no plan found within the 2 s limit (targets the heuristic misses).
      stats.infeasible++;
      assert.ok((roadmap.diagnosis ?? []).length > 0, `${where}: a roadmap without a plan says why`);
      continue;
    }
    assert.ok(["optimal", "feasible"].includes(roadmap.status), `${where}: ${roadmap.status} ${(roadmap.diagnosis ?? []).join("; ")} ${JSON.stringify({ catalogue, scenario })}`);
    stats.plans++;
    const v = sp.verify(cat, scenario, roadmap);
    assert.deepEqual(v.violations, [], `${where}: ${JSON.stringify({ catalogue, scenario })}`);
    assert.ok(roadmap.bound >= roadmap.objective - 1e-6 * Math.max(1, Math.abs(roadmap.objective)), `${where}: bound below objective`);
    sp.report(cat, roadmap, { scenario });
    sp.kpis(cat, roadmap);
    sp.track(roadmap, cat, cat.start_year + 1);
  }
  t.diagnostic(JSON.stringify(stats));
  assert.ok(stats.errors > 50 && stats.plans > 50, JSON.stringify(stats));
});
