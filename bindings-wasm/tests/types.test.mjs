// The TypeScript declarations type-check against real usage (tsc --noEmit
// on tests/types-node.ts and tests/types-web.mts), including lines that
// must NOT compile (@ts-expect-error).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "./helpers.mjs";

test("tsc --noEmit on the usage files", (t) => {
  const tsc = path.join(repoRoot, "bindings-wasm", "node_modules", "typescript", "bin", "tsc");
  if (!fs.existsSync(tsc)) {
    t.skip("typescript is not installed (npm ci in bindings-wasm)");
    return;
  }
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(repoRoot, "bindings-wasm", "tests", "tsconfig.json")], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});

test("every exported function has typed parameters and results in the .d.ts", () => {
  for (const dir of ["pkg", "pkg-node"]) {
    const dts = fs.readFileSync(path.join(repoRoot, "bindings-wasm", dir, "scaleplan.d.ts"), "utf8");
    for (const f of ["validate", "validateScenario", "fromCsv", "plan", "score", "gaps", "report", "sample", "verify", "diff", "version", "generate", "kpis", "track"]) {
      const m = new RegExp(`export function ${f}\\(([^;]*)\\): ([^;]+);`).exec(dts);
      assert.ok(m, `${dir}: ${f} is declared`);
      assert.ok(!/\bany\b/.test(m[1]) && !/\bany\b/.test(m[2]), `${dir}: ${f} is typed: ${m[0]}`);
    }
  }
});

// The hand-written declarations against real outputs: every key an output
// has is declared, every required declared field is there (recursively),
// so the .d.ts cannot drift from the Rust types unnoticed.
function parseInterfaces(dts) {
  const out = {};
  for (const m of dts.matchAll(/export interface (\w+)(?: extends [\w, ]+)? \{([\s\S]*?)\n\}/g)) {
    const fields = {};
    for (const line of m[2].split("\n")) {
      const f = /^\s*(\w+)(\?)?:\s*(.+);\s*$/.exec(line);
      if (f) fields[f[1]] = { optional: !!f[2], type: f[3].trim() };
    }
    out[m[1]] = fields;
  }
  out.__aliases = Object.fromEntries([...dts.matchAll(/export type (\w+) =\s*([\s\S]*?);\n/g)].map((m) => [m[1], m[2].trim()]));
  return out;
}

function checkShape(assert, ifaces, name, value, where) {
  const fields = ifaces[name];
  assert.ok(fields, `interface ${name} is declared`);
  assert.equal(typeof value, "object", `${where} is an object`);
  for (const key of Object.keys(value)) {
    assert.ok(key in fields, `${where}.${key} is not declared in interface ${name}`);
  }
  for (const [key, { optional, type: declared }] of Object.entries(fields)) {
    const type = ifaces.__aliases[declared] ?? declared;
    const v = value[key];
    if (!optional) assert.ok(v !== undefined, `${where}.${key} (required in ${name}) is missing`);
    if (v === undefined || v === null) {
      if (v === null) assert.ok(/\bnull\b/.test(type), `${where}.${key} is null but typed ${type}`);
      continue;
    }
    const list = /^(\w+)\[\]$/.exec(type);
    const one = /^(\w+)(?: \| null)?$/.exec(type);
    if (list && ifaces[list[1]]) {
      assert.ok(Array.isArray(v), `${where}.${key} is an array`);
      v.forEach((x, i) => checkShape(assert, ifaces, list[1], x, `${where}.${key}[${i}]`));
    } else if (one && ifaces[one[1]]) {
      checkShape(assert, ifaces, one[1], v, `${where}.${key}`);
    } else if (type === "number" || type === "number | null") {
      assert.equal(typeof v, "number", `${where}.${key} is a number`);
    } else if (type === "string") {
      assert.equal(typeof v, "string", `${where}.${key} is a string`);
    } else if (type === "boolean") {
      assert.equal(typeof v, "boolean", `${where}.${key} is a boolean`);
    } else if (/^Record</.test(type)) {
      assert.equal(Object.getPrototypeOf(v), Object.prototype, `${where}.${key} is a plain object`);
    } else if (/^"[^"]+"( \| "[^"]+")*$/.test(type)) {
      assert.ok(type.includes(`"${v}"`), `${where}.${key} = ${JSON.stringify(v)} is one of ${type}`);
    }
  }
}

test("outputs have exactly the declared shapes", async () => {
  const { sp } = await import("./helpers.mjs");
  const ifaces = parseInterfaces(fs.readFileSync(path.join(repoRoot, "bindings-wasm", "src", "types.d.ts"), "utf8"));
  const { catalogue, scenario } = sp.sample();
  checkShape(assert, ifaces, "Catalogue", catalogue, "sample().catalogue");
  checkShape(assert, ifaces, "Scenario", scenario, "sample().scenario");
  checkShape(assert, ifaces, "Catalogue", sp.validate(catalogue), "validate()");
  const progress = [];
  const roadmap = sp.plan(catalogue, scenario, { progress: (p) => void progress.push(p) });
  checkShape(assert, ifaces, "Roadmap", roadmap, "plan()");
  progress.forEach((p, i) => checkShape(assert, ifaces, "Progress", p, `progress[${i}]`));
  const infeasible = sp.plan(catalogue, { ...scenario, targets: [{ year: catalogue.start_year, share: 1 }] });
  checkShape(assert, ifaces, "Roadmap", infeasible, "plan(infeasible)");
  checkShape(assert, ifaces, "Gaps", sp.gaps(catalogue), "gaps()");
  const g = sp.generate({ services: 40, seed: 2 });
  checkShape(assert, ifaces, "Sample", g, "generate()");
  for (const [name, fn] of [
    ["Verification", () => sp.verify(catalogue, scenario, roadmap)],
    ["Scores", () => sp.score(catalogue)],
    ["CatalogueDiff", () => sp.diff(catalogue, g.catalogue)],
    ["Tracking", () => sp.track(roadmap, catalogue, catalogue.start_year + 1)],
  ]) {
    if (ifaces[name]) checkShape(assert, ifaces, name, fn(), name);
  }
  sp.kpis(catalogue, roadmap).forEach((k, i) => checkShape(assert, ifaces, "KpiYear", k, `kpis()[${i}]`));
  try {
    sp.validate({ format: "scaleplan/1", start_year: 2027, services: [{ id: "a", levl: 2 }] });
  } catch (e) {
    e.problems.forEach((p, i) => checkShape(assert, ifaces, "Problem", p, `problems[${i}]`));
  }
});
