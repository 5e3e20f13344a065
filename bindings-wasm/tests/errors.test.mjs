// Invalid input throws a JS Error (name `ScaleplanError`, `.problems`)
// whose message names what and where, the same lines as the Rust library;
// hostile input never traps, and the module keeps working afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { sp, repoRoot, expectScaleplanError } from "./helpers.mjs";

const base = () => ({
  format: "scaleplan/1",
  start_year: 2027,
  entities: [{ id: "moh", capacity: 10 }],
  services: [
    { id: "a", entity: "moh", level: 2, effort: 2 },
    { id: "b", entity: "moh", level: 3, effort: 1, depends_on: ["a"] },
  ],
});

test("unknown and missing fields: every problem, located, the library's lines", () => {
  const cat = { format: "scaleplan/1", start_year: 2027, services: [{ id: "a", levl: 2 }] };
  const e = expectScaleplanError(assert, () => sp.validate(cat));
  assert.equal(e.kind, "invalid");
  // Exactly the text of the core's own doc test (scaleplan::io::catalogue_from_json).
  assert.equal(
    e.message,
    "3 problems:\n" +
      '  catalogue, services[0] (id "a"), field `levl`: unknown field `levl` (did you mean `level`?)\n' +
      '  catalogue, services[0] (id "a"), field `entity`: missing required field\n' +
      '  catalogue, services[0] (id "a"), field `level`: missing required field',
  );
  assert.equal(e.problems.length, 3);
  assert.deepEqual(e.problems[0].location, { document: "catalogue", list: "services", index: 0, id: "a", field: "levl" });
  assert.match(e.problems[0].message, /unknown field `levl`/);
});

test("a level out of range names the service and the field", () => {
  const cat = base();
  cat.services[1].level = 7;
  const e = expectScaleplanError(assert, () => sp.plan(cat));
  assert.match(e.message, /services\[1\] \(id "b"\)/);
  assert.match(e.message, /level/);
  assert.equal(e.problems[0].location.id, "b");
});

test("unknown reference, duplicate id, negative and wrong-typed numbers: all at once", () => {
  const cat = base();
  cat.services[0].entity = "nobody";
  cat.services.push({ id: "a", entity: "moh", level: 1 });
  cat.services[1].effort = -3;
  cat.entities[0].capacity = "lots";
  const e = expectScaleplanError(assert, () => sp.validate(cat));
  assert.ok(e.problems.length >= 3, e.message);
  assert.match(e.message, /nobody/);
  assert.match(e.message, /duplicate/i);
  for (const p of e.problems) assert.equal(p.location.document, "catalogue");
});

test("a dependency cycle is named in full", () => {
  const cat = base();
  cat.services[0].depends_on = ["b"];
  const e = expectScaleplanError(assert, () => sp.validate(cat));
  assert.match(e.message, /cycle/);
  assert.match(e.message, /a/);
  assert.match(e.message, /b/);
});

test("JSON text with a syntax error gives line and column", () => {
  const e = expectScaleplanError(assert, () => sp.validate('{"format": "scaleplan/1",\n  "start_year": }'));
  assert.match(e.message, /^catalogue, line 2, column \d+: /);
  assert.deepEqual(e.problems[0].location.line.length, 2);
});

test("scenario errors name the scenario and the target", () => {
  const e = expectScaleplanError(assert, () =>
    sp.plan(base(), { horizon: 3, targets: [{ year: 2040, share: 0.5 }] }),
  );
  assert.match(e.message, /^scenario/);
  assert.match(e.message, /targets\[0\]/);
  const u = expectScaleplanError(assert, () => sp.plan(base(), { horizon: 3, budjet: 5 }));
  assert.match(u.message, /unknown field `budjet`/);
});

test("bad options are located in `options`", () => {
  const e1 = expectScaleplanError(assert, () => sp.plan(base(), null, { backend: "highs" }));
  assert.equal(e1.message, "options, field `backend`: unknown backend `highs`, expected `microlp` or `heuristic`");
  const e2 = expectScaleplanError(assert, () => sp.plan(base(), null, { time_limit: 3 }));
  assert.match(e2.message, /^options, field `time_limit`: unknown field `time_limit`/);
  const e3 = expectScaleplanError(assert, () => sp.plan(base(), null, { time_limit_s: -1 }));
  assert.match(e3.message, /time_limit_s/);
  const e4 = expectScaleplanError(assert, () => sp.plan(base(), null, { progress: 42 }));
  assert.match(e4.message, /expected a function, got a number/);
});

test("bad score weights are located at their field", () => {
  const { catalogue } = sp.sample();
  const e = expectScaleplanError(assert, () => sp.score(catalogue, { demnd: 1, blocks: "x" }));
  assert.equal(e.problems.length, 2);
  assert.match(e.message, /weights, field `blocks`: expected a number, got a string/);
  assert.match(e.message, /weights, field `demnd`: unknown field `demnd`, expected one of .*`demand`/);
  expectScaleplanError(assert, () => sp.score(catalogue, [1, 2]));
});

test("a roadmap that is not one is an error, not a crash", () => {
  const e = expectScaleplanError(assert, () => sp.report(base(), { format: "nope", status: "optimal" }));
  assert.match(e.message, /^roadmap, field `format`/);
  expectScaleplanError(assert, () => sp.verify(base(), null, { status: 42 }));
});

const show = (c) => {
  try {
    return String(c).slice(0, 40);
  } catch {
    return typeof c;
  }
};

test("hostile values never trap", () => {
  const cyclic = base();
  cyclic.self = cyclic;
  let deep = {};
  const root = deep;
  for (let i = 0; i < 100000; i++) deep = deep.x = {};
  const deepText = "[".repeat(5000) + "]".repeat(5000);
  const cases = [
    undefined,
    null,
    42,
    true,
    [],
    "",
    "not json",
    "[1,2,3]",
    "{".repeat(100000),
    deepText,
    `{"format": "scaleplan/1", "start_year": 2027, "services": ${deepText}}`,
    cyclic,
    root,
    { ...base(), start_year: 10n },
    { ...base(), start_year: Number.NaN },
    { ...base(), services: [{ id: "a", entity: "moh", level: 2, demand: Infinity }] },
    { ...base(), services: [{ id: "", entity: "moh", level: 2 }] },
    { ...base(), services: [{ id: "a", entity: "moh", level: 2.5 }] },
    { ...base(), services: [{ id: "a", entity: "moh", level: 1e300 }] },
    { ...base(), start_year: 1e12 },
    { ...base(), services: "everything" },
    { ...base(), entities: [{ id: "moh", capacity: [] }] },
    Object.create(null),
    new Map(),
    () => 1,
    Symbol("s"),
  ];
  for (const c of cases) {
    for (const f of [(x) => sp.validate(x), (x) => sp.plan(x), (x) => sp.score(x), (x) => sp.gaps(x)]) {
      let error;
      try {
        f(c);
      } catch (e) {
        error = e;
      }
      assert.ok(error !== undefined, `accepted ${show(c)}`);
      assert.ok(!(error instanceof WebAssembly.RuntimeError), `trap on ${show(c)}: ${error}`);
      assert.equal(error.name, "ScaleplanError", `${error.stack}`);
      assert.ok(error.message.length > 0);
    }
  }
  // Extreme but valid: they plan (verified), without a trap.
  for (const c of [
    { ...base(), entities: [{ id: "moh", capacity: 1e300 }] },
    {
      ...base(),
      building_blocks: [{ id: "x", status: "missing", options: [{ approach: "reuse", lead_years: 4e9, cost: 1e300 }] }],
      services: [{ id: "a", entity: "moh", level: 1, building_blocks: ["x"], demand: 1e300, deadline_year: 1 }],
    },
  ]) {
    const r = sp.plan(c, { horizon: 3 });
    assert.ok(["optimal", "feasible", "infeasible"].includes(r.status), r.status);
    if (r.status !== "infeasible") assert.deepEqual(sp.verify(c, { horizon: 3 }, r).violations, []);
  }
  // Non-finite numbers are named as such, not as null.
  const nan = expectScaleplanError(assert, () => sp.validate({ ...base(), start_year: Number.NaN }));
  assert.match(nan.message, /field `start_year`: .*NaN/);
  const inf = expectScaleplanError(assert, () => sp.plan(base(), { capacity_factor: Infinity }));
  assert.match(inf.message, /capacity_factor.*Infinity/);
  // Scenarios and options too.
  for (const s of [42, "x", { horizon: 0 }, { horizon: -1 }, { horizon: 1e10 }, { capacity_factor: -1 }, { budget: "a" }, { targets: [{ year: 2027, share: 2 }] }]) {
    expectScaleplanError(assert, () => sp.plan(base(), s));
  }
  for (const o of [42, "x", [], { backend: 1 }, { mip_gap: "x" }, { time_limit_s: Infinity }]) {
    expectScaleplanError(assert, () => sp.plan(base(), null, o));
  }
  // Still alive and correct after all that.
  const r = sp.plan(base(), { horizon: 2 }, { backend: "heuristic" });
  assert.equal(r.services.length, 2);
});

// The fuzzers' JSON seeds and regressions (the bad-input corpus has its
// own exact test, corpus.test.mjs): each input either reads (and then plans to a
// verified roadmap) or throws a located ScaleplanError; never a trap.
test("fuzz seeds: a JS Error or a verified plan, never a trap", () => {
  const dirs = ["fuzz/seeds/read_json", "fuzz/seeds/validate", "fuzz/corpus/regressions"]
    .map((d) => path.join(repoRoot, d))
    .filter((d) => fs.existsSync(d));
  const walk = (d) =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const { catalogue: sample } = sp.sample();
  let errors = 0;
  let plans = 0;
  for (const file of dirs.flatMap(walk)) {
    if (!/\.(json|txt)$/.test(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    const name = path.basename(file);
    let error;
    try {
      if (/scenario/.test(name)) sp.plan(sample, text, { backend: "heuristic" });
      else if (/roadmap/.test(name)) sp.report(sample, text);
      else {
        const catalogue = sp.validate(text);
        const roadmap = sp.plan(catalogue, { horizon: 3 }, { backend: "heuristic", time_limit_s: 5 });
        if (roadmap.status === "optimal" || roadmap.status === "feasible") {
          assert.deepEqual(sp.verify(catalogue, { horizon: 3 }, roadmap).violations, [], file);
          plans++;
        }
        sp.score(catalogue);
        sp.gaps(catalogue);
      }
    } catch (e) {
      error = e;
    }
    if (error === undefined) continue;
    errors++;
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `trap on ${file}: ${error}`);
    assert.equal(error.name, "ScaleplanError", `${file}: ${error.stack}`);
    assert.ok(error.problems.length > 0 || error.kind !== "invalid", `${file}: located problems`);
  }
  assert.ok(errors > 0, "some bad inputs were found");
});

test("XLSX: the RFI-2 template reads and plans; broken workbooks are errors, never traps", () => {
  const template = path.join(repoRoot, "..", "shared", "data", "rfi2", "govstack-rfi2-template.xlsx");
  if (fs.existsSync(template)) {
    const c = sp.fromXlsx(fs.readFileSync(template), { document: "govstack-rfi2-template.xlsx" });
    assert.equal(c.format, "scaleplan/1");
    assert.ok(c.services.length >= 1);
    const r = sp.plan(c, null, { backend: "heuristic" });
    assert.deepEqual(sp.verify(c, null, r).violations, []);
    // Truncated and corrupted copies: errors named after the document.
    const bytes = fs.readFileSync(template);
    for (const cut of [0, 10, 100, bytes.length >> 1, bytes.length - 1]) {
      const e = expectScaleplanError(assert, () => sp.fromXlsx(bytes.subarray(0, cut), { document: "cut.xlsx" }));
      assert.match(e.message, /^cut\.xlsx/);
    }
    const flipped = Uint8Array.from(bytes);
    for (let i = 200; i < flipped.length; i += 97) flipped[i] ^= 0x5a;
    try {
      sp.fromXlsx(flipped);
    } catch (e) {
      assert.ok(!(e instanceof WebAssembly.RuntimeError), `trap: ${e}`);
      assert.equal(e.name, "ScaleplanError");
    }
  }
  // The fuzzers' XLSX and RFI-2 seeds.
  for (const d of ["fuzz/seeds/read_xlsx", "fuzz/seeds/read_rfi2", "fuzz/corpus/regressions"]) {
    const dir = path.join(repoRoot, d);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) {
      const file = path.join(dir, f);
      if (!fs.statSync(file).isFile()) continue;
      try {
        sp.fromXlsx(fs.readFileSync(file), { document: f });
      } catch (e) {
        assert.ok(!(e instanceof WebAssembly.RuntimeError), `trap on ${file}: ${e}`);
        assert.equal(e.name, "ScaleplanError", `${file}: ${e.stack}`);
      }
    }
  }
  expectScaleplanError(assert, () => sp.fromXlsx(new Uint8Array([80, 75, 3, 4, 0, 0])));
});
