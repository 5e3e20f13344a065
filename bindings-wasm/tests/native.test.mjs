// Same optimum as the native planner (HiGHS, through the `scaleplan`
// command line) on small generated catalogues, when a native binary is
// there (SCALEPLAN_BIN, target/release or target/debug; `cargo build --bin
// scaleplan` makes one). The conformance test covers the fixed instances.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sp, repoRoot } from "./helpers.mjs";

const candidates = [
  process.env.SCALEPLAN_BIN,
  path.join(repoRoot, "target", "release", "scaleplan"),
  path.join(repoRoot, "target", "debug", "scaleplan"),
].filter(Boolean);
const bin = candidates.find((p) => fs.existsSync(p));

test("WASM (microlp) and native (HiGHS) reach the same optimum on 8 generated catalogues", (t) => {
  if (!bin) {
    t.skip("no native scaleplan binary (cargo build --bin scaleplan)");
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scaleplan-wasm-"));
  try {
    for (let seed = 1; seed <= 8; seed++) {
      const { catalogue, scenario } = sp.generate({ services: 6 + seed, years: 3, blocks: 4, entities: 2, life_events: 2, seed });
      scenario.solver = { time_limit_s: 60, mip_gap: 1e-7 };
      const wasm = sp.plan(catalogue, scenario, { backend: "microlp" });
      const c = path.join(dir, `c${seed}.json`);
      const s = path.join(dir, `s${seed}.json`);
      fs.writeFileSync(c, JSON.stringify(catalogue));
      fs.writeFileSync(s, JSON.stringify(scenario));
      const native = JSON.parse(execFileSync(bin, ["plan", c, "--scenario", s, "--backend", "highs", "-q"], { encoding: "utf8" }));
      assert.equal(wasm.status, native.status, `seed ${seed}`);
      if (native.status === "optimal") {
        const tol = 1e-6 * Math.max(1, Math.abs(native.objective));
        assert.ok(Math.abs(wasm.objective - native.objective) <= tol, `seed ${seed}: wasm ${wasm.objective}, native ${native.objective}`);
        assert.deepEqual(sp.verify(catalogue, scenario, native).violations, [], `seed ${seed}: the native plan verifies here too`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
