// The browser's promise: a 500-service, 5-year catalogue gets a verified
// plan with an honest gap, in seconds, with the pure-Rust backend.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sp } from "./helpers.mjs";

test("500 services x 5 years: verified plan, honest gap", (t) => {
  const { catalogue, scenario } = sp.generate({ services: 500, years: 5, seed: 7 });
  assert.equal(catalogue.services.length, 500);
  assert.equal(scenario.horizon, 5);
  const reports = [];
  const t0 = performance.now();
  const roadmap = sp.plan(catalogue, scenario, {
    time_limit_s: 10,
    progress: (p) => {
      reports.push(p);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  t.diagnostic(
    `500 services: ${roadmap.status} in ${seconds.toFixed(2)} s (solver ${roadmap.solver ?? "?"}), ` +
      `objective ${roadmap.objective.toFixed(0)}, bound ${roadmap.bound.toFixed(0)}, gap ${(roadmap.gap * 100).toFixed(3)}%, ` +
      `${reports.length} progress reports`,
  );
  assert.ok(["optimal", "feasible"].includes(roadmap.status), `${roadmap.status}: ${(roadmap.diagnosis ?? []).join("; ")}`);
  const v = sp.verify(catalogue, scenario, roadmap);
  assert.deepEqual(v.violations, []);
  const scale = Math.max(1, Math.abs(roadmap.objective));
  assert.ok(Math.abs(v.objective - roadmap.objective) <= 1e-6 * scale, `verified objective ${v.objective} vs ${roadmap.objective}`);
  // An honest gap: a real bound at or above the plan, and the gap computed from it.
  assert.ok(Number.isFinite(roadmap.bound));
  assert.ok(roadmap.bound >= roadmap.objective - 1e-6 * scale);
  assert.ok(Math.abs(roadmap.gap - (roadmap.bound - roadmap.objective) / scale) <= 1e-6, `gap ${roadmap.gap}`);
  if (roadmap.status === "optimal") assert.ok(roadmap.gap <= (scenario.solver?.mip_gap ?? 1e-4) + 1e-9);
  else assert.ok(roadmap.gap > 0, "a plan that is not proven optimal reports a positive gap");
  assert.ok(reports.length >= 1, "progress reported");
  assert.ok(roadmap.services.filter((s) => s.year !== null).length > 0, "the plan does something");
});

test("the heuristic backend alone on the same catalogue is verified too", () => {
  const { catalogue, scenario } = sp.generate({ services: 500, years: 5, seed: 7 });
  const roadmap = sp.plan(catalogue, scenario, { backend: "heuristic" });
  assert.ok(["optimal", "feasible"].includes(roadmap.status), roadmap.status);
  assert.deepEqual(sp.verify(catalogue, scenario, roadmap).violations, []);
  assert.ok(roadmap.bound >= roadmap.objective);
});

test("generate is deterministic", () => {
  const a = sp.generate({ services: 50, seed: 3 });
  const b = sp.generate({ services: 50, seed: 3 });
  const c = sp.generate({ services: 50, seed: 4 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test("a solve stopped by its time limit returns its best plan, verified, with an honest gap", (t) => {
  const { catalogue, scenario } = sp.generate({ services: 1500, years: 5, seed: 5 });
  const roadmap = sp.plan(catalogue, scenario, { time_limit_s: 3 });
  t.diagnostic(`1500 services, 3 s limit: ${roadmap.status} after ${roadmap.solve_seconds.toFixed(2)} s, gap ${(roadmap.gap * 100).toFixed(2)}%`);
  assert.equal(roadmap.status, "feasible", "not proven optimal within 3 s");
  assert.deepEqual(sp.verify(catalogue, scenario, roadmap).violations, []);
  assert.ok(roadmap.gap > 0 && Number.isFinite(roadmap.bound) && roadmap.bound > roadmap.objective);
});
