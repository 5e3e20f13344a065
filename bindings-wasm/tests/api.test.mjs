// The API on the bundled sample: shapes (plain objects, FORMAT.md names),
// every exported function, and the progress callback.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { sp, repoRoot, expectScaleplanError } from "./helpers.mjs";

const isPlain = (v) => v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

test("version matches the workspace version", () => {
  const cargo = fs.readFileSync(path.join(repoRoot, "Cargo.toml"), "utf8");
  const version = /\nversion = "([^"]+)"/.exec(cargo)[1];
  assert.equal(sp.version(), version);
});

test("sample is a plain catalogue and scenario", () => {
  const { catalogue, scenario } = sp.sample();
  assert.ok(isPlain(catalogue) && isPlain(scenario));
  assert.equal(catalogue.format, "scaleplan/1");
  assert.ok(catalogue.services.length >= 80, "at least 80 services");
  assert.ok(Number.isInteger(scenario.horizon) && scenario.horizon >= 1);
});

test("validate returns the catalogue with defaults, from an object or JSON text", () => {
  const { catalogue } = sp.sample();
  const a = sp.validate(catalogue);
  const b = sp.validate(JSON.stringify(catalogue));
  assert.deepEqual(a, b);
  assert.equal(a.services.length, catalogue.services.length);
  const tiny = sp.validate({
    format: "scaleplan/1",
    start_year: 2027,
    entities: [{ id: "moh", capacity: 10 }],
    services: [{ id: "s", entity: "moh", level: 2 }],
  });
  // Defaults of FORMAT.md are filled in.
  assert.equal(tiny.services[0].interactions, 1);
  assert.equal(tiny.services[0].demand, 0);
  assert.deepEqual(tiny.services[0].depends_on, []);
});

test("plan of the sample: a verified roadmap in FORMAT.md's shape", () => {
  const { catalogue, scenario } = sp.sample();
  const roadmap = sp.plan(catalogue, scenario, { time_limit_s: 20 });
  assert.equal(roadmap.format, "scaleplan-roadmap/1");
  assert.ok(["optimal", "feasible"].includes(roadmap.status), roadmap.status);
  // Every service listed once; years are numbers or null (never undefined).
  assert.equal(roadmap.services.length, catalogue.services.length);
  const ids = new Set(roadmap.services.map((s) => s.id));
  assert.equal(ids.size, catalogue.services.length);
  for (const s of roadmap.services) {
    assert.ok(s.year === null || Number.isInteger(s.year), `year of ${s.id}: ${s.year}`);
  }
  // Maps are plain objects, not JS Maps.
  assert.ok(roadmap.years.length >= 1);
  assert.ok(isPlain(roadmap.years[0].capacity_used), "capacity_used is a plain object");
  assert.ok(roadmap.bound >= roadmap.objective - 1e-6 * Math.max(1, Math.abs(roadmap.objective)));
  assert.ok(roadmap.gap >= 0);
  const v = sp.verify(catalogue, scenario, roadmap);
  assert.deepEqual(v.violations, []);
  assert.ok(Math.abs(v.objective - roadmap.objective) <= 1e-6 * Math.max(1, Math.abs(roadmap.objective)));
});

test("the verifier catches a broken roadmap", () => {
  const { catalogue, scenario } = sp.sample();
  const roadmap = sp.plan(catalogue, scenario, { backend: "heuristic" });
  // Bring every open service to target in year 1: capacity cannot allow it.
  const broken = structuredClone(roadmap);
  for (const s of broken.services) if (!s.already_done) s.year = catalogue.start_year;
  const v = sp.verify(catalogue, scenario, broken);
  assert.ok(v.violations.length > 0, "violations found");
  assert.ok(v.violations.every((x) => typeof x.message === "string" && x.message.length > 0));
});

test("progress callback is called and can stop the solve", () => {
  const { catalogue, scenario } = sp.sample();
  const seen = [];
  const roadmap = sp.plan(catalogue, scenario, {
    time_limit_s: 30,
    progress: (p) => {
      seen.push(p);
      // Stop as soon as there is a plan: the best plan so far comes back.
      return p.objective === null;
    },
  });
  assert.ok(seen.length >= 2, "progress was reported");
  assert.equal(typeof seen[0].elapsed_s, "number");
  assert.equal(typeof seen[0].phase, "string");
  const last = seen[seen.length - 1];
  assert.equal(typeof last.objective, "number");
  assert.equal(roadmap.status, "feasible", "stopped early: not proven optimal");
  assert.ok(roadmap.objective >= last.objective - 1e-6 * Math.abs(last.objective));
  assert.deepEqual(sp.verify(catalogue, scenario, roadmap).violations, []);
  // Stopped before any plan exists: an `interrupted` error.
  const e = expectScaleplanError(assert, () => sp.plan(catalogue, scenario, { progress: () => false }));
  assert.equal(e.kind, "interrupted");
  assert.equal(e.message, "interrupted before a plan was found");
});

test("what a progress callback throws reaches the caller; the module keeps working", () => {
  const { catalogue, scenario } = sp.sample();
  const mine = new RangeError("stop here");
  assert.throws(
    () => sp.plan(catalogue, scenario, {
      progress: () => {
        throw mine;
      },
    }),
    (e) => e === mine,
  );
  assert.ok(sp.plan(catalogue, scenario, { backend: "heuristic" }).services.length > 0);
});

test("score and gaps of the sample", () => {
  const { catalogue } = sp.sample();
  const scores = sp.score(catalogue);
  assert.ok(isPlain(scores));
  const open = catalogue.services.filter((s) => (s.target_level ?? 4) > s.level).length;
  assert.equal(scores.services.length, open, "every open service is scored");
  assert.deepEqual(scores.services.map((s) => s.rank), scores.services.map((_, i) => i + 1));
  for (const s of scores.services) assert.ok(s.impact >= 0 && s.impact <= 1 && s.feasibility >= 0 && s.feasibility <= 1);
  // Weights change the ranking: impact by demand alone puts the biggest demand first.
  const only = { demand: 1, interactions_avoided: 0, levels: 0, life_events: 0, agencies: 0 };
  const byDemand = sp.score(catalogue, only);
  assert.equal(byDemand.weights.demand, 1);
  const demand = new Map(catalogue.services.map((s) => [s.id, s.demand ?? 0]));
  const imp = byDemand.services.map((s) => [s.impact, demand.get(s.id)]);
  for (const [a, da] of imp) for (const [b, db] of imp) if (da > db) assert.ok(a >= b - 1e-12, "impact follows demand");
  const gaps = sp.gaps(catalogue);
  assert.ok(isPlain(gaps));
  const missing = catalogue.building_blocks.filter((b) => b.status === "missing").map((b) => b.id);
  assert.ok(missing.length > 0);
  const text = JSON.stringify(gaps);
  for (const id of missing) assert.ok(text.includes(`"${id}"`), `gaps mention missing block ${id}`);
});

test("report is a self-contained HTML page naming the catalogue", () => {
  const { catalogue, scenario } = sp.sample();
  const roadmap = sp.plan(catalogue, scenario, { backend: "heuristic" });
  const html = sp.report(catalogue, roadmap, { title: "Test <dashboard>", scenario });
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.ok(html.includes("Test &lt;dashboard&gt;"), "title is escaped");
  assert.ok(!html.includes("<script src="), "no external script");
});

test("diff names a changed level", () => {
  const { catalogue } = sp.sample();
  const newer = structuredClone(catalogue);
  const s = newer.services.find((x) => x.level < 4);
  s.level += 1;
  newer.version = "next";
  const d = sp.diff(catalogue, newer);
  assert.deepEqual(d.level_changes, [{ id: s.id, old: s.level - 1, new: s.level }]);
  assert.deepEqual(d.services.changed.map((c) => c.id), [s.id]);
  assert.equal(d.new_version, "next");
  newer.services.push({ id: "brand-new", entity: newer.services[0].entity, level: 1 });
  assert.deepEqual(sp.diff(catalogue, newer).services.added, ["brand-new"]);
  const same = JSON.stringify(sp.diff(catalogue, catalogue));
  assert.ok(!same.includes(s.id), "no change, no mention");
});

test("kpis: a baseline row and one per plan year, consistent with the roadmap", () => {
  const { catalogue, scenario } = sp.sample();
  const roadmap = sp.plan(catalogue, scenario, { backend: "heuristic" });
  const k = sp.kpis(catalogue, roadmap);
  assert.equal(k.length, scenario.horizon + 1);
  assert.equal(k[0].plan_year, 0);
  for (let t = 1; t <= scenario.horizon; t++) {
    assert.equal(k[t].year, catalogue.start_year + t - 1);
    assert.equal(k[t].services_at_target, roadmap.years[t - 1].services_at_target);
    assert.ok(k[t].services_at_target >= k[t - 1].services_at_target, "monotone");
  }
  assert.ok(isPlain(k[1].capacity));
});

test("track: a newer catalogue against the roadmap", () => {
  const { catalogue, scenario } = sp.sample();
  const roadmap = sp.plan(catalogue, scenario, { backend: "heuristic" });
  const first = roadmap.services.find((s) => s.year === catalogue.start_year);
  assert.ok(first, "something goes live in year 1");
  // At the end of year 1 it is on track; a year later, nothing moved: late.
  assert.equal(sp.track(roadmap, catalogue, catalogue.start_year).services.find((s) => s.id === first.id).status, "on_track");
  const t = sp.track(roadmap, catalogue, catalogue.start_year + 1);
  assert.equal(t.year, catalogue.start_year + 1);
  assert.equal(t.services.find((s) => s.id === first.id).status, "late");
  assert.ok(t.counts.late >= 1);
  // It reached its target: done; one planned for later that did: ahead.
  const now = structuredClone(catalogue);
  const s = now.services.find((x) => x.id === first.id);
  s.level = s.target_level ?? 4;
  const later = roadmap.services.find((x) => x.year !== null && x.year > catalogue.start_year + 1);
  const l = now.services.find((x) => x.id === later.id);
  l.level = l.target_level ?? 4;
  const t2 = sp.track(roadmap, now, catalogue.start_year + 1);
  assert.equal(t2.services.find((x) => x.id === first.id).status, "done");
  assert.equal(t2.services.find((x) => x.id === later.id).status, "ahead");
  expectScaleplanError(assert, () => sp.track(roadmap, now, 2027.5));
  expectScaleplanError(assert, () => sp.track(roadmap, now, "2027"));
});

test("a progress callback may itself plan (re-entrant calls keep each solve's callback)", () => {
  const { catalogue, scenario } = sp.sample();
  let outer = 0;
  let inner = 0;
  const roadmap = sp.plan(catalogue, scenario, {
    backend: "heuristic",
    progress: () => {
      outer++;
      if (outer === 2) {
        sp.plan(catalogue, scenario, { backend: "heuristic", progress: () => void inner++ });
        assert.throws(() => sp.validate({}), (e) => e.name === "ScaleplanError");
      }
    },
  });
  assert.ok(inner >= 2, "the inner solve reported to its own callback");
  assert.ok(outer >= 4, `the outer solve kept reporting to its callback after the inner one (${outer})`);
  assert.deepEqual(sp.verify(catalogue, scenario, roadmap).violations, []);
});
