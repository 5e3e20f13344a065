// Same optimum as the native planner (and the independent solver behind
// expected.json) on the shared conformance instances, with the pure-Rust
// backend the browser uses; every plan passes the exported verifier.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { sp, conformanceDir, readJson } from "./helpers.mjs";

const expected = readJson(path.join(conformanceDir, "expected.json"));
const names = Object.keys(expected).sort();

test("the conformance instances are there", () => {
  assert.ok(names.length >= 8, `${names.length} instances in ${conformanceDir}`);
});

for (const name of names) {
  test(`conformance ${name}`, () => {
    const catalogue = readJson(path.join(conformanceDir, `${name}.catalogue.json`));
    const scenario = readJson(path.join(conformanceDir, `${name}.scenario.json`));
    scenario.solver = { ...(scenario.solver ?? {}), mip_gap: 1e-7 };
    const want = expected[name];
    const roadmap = sp.plan(catalogue, scenario, { backend: "microlp", time_limit_s: 120 });
    assert.equal(roadmap.status, want.status, (roadmap.diagnosis ?? []).join("; "));
    if (want.status === "optimal") {
      const tol = 1e-6 * Math.max(1, Math.abs(want.objective));
      assert.ok(
        Math.abs(roadmap.objective - want.objective) <= tol,
        `objective ${roadmap.objective}, expected ${want.objective}`,
      );
      const v = sp.verify(catalogue, scenario, roadmap);
      assert.deepEqual(v.violations, []);
      assert.ok(Math.abs(v.objective - want.objective) <= tol, `verified objective ${v.objective}`);
    } else if (want.status === "infeasible") {
      assert.ok((roadmap.diagnosis ?? []).length > 0, "an infeasible roadmap says why");
    }
  });
}

test("the heuristic alone gives a verified plan with an honest bound on every feasible instance", () => {
  for (const name of names) {
    if (expected[name].status !== "optimal") continue;
    const catalogue = readJson(path.join(conformanceDir, `${name}.catalogue.json`));
    const scenario = readJson(path.join(conformanceDir, `${name}.scenario.json`));
    const roadmap = sp.plan(catalogue, scenario, { backend: "heuristic" });
    if (!["optimal", "feasible"].includes(roadmap.status)) continue; // targets may need the MILP
    const v = sp.verify(catalogue, scenario, roadmap);
    assert.deepEqual(v.violations, [], name);
    const opt = expected[name].objective;
    const tol = 1e-6 * Math.max(1, Math.abs(opt));
    assert.ok(roadmap.objective <= opt + tol, `${name}: objective ${roadmap.objective} above the optimum ${opt}`);
    assert.ok(roadmap.bound >= opt - tol, `${name}: bound ${roadmap.bound} below the optimum ${opt}`);
  }
});
