// The shared bad-input corpus (tests/corpus, see its README): every case
// read through the WASM package gives exactly the lines the Rust readers
// and the command line give, as a JS Error, never a trap; cases whose
// .expected file is empty are accepted.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { sp, repoRoot } from "./helpers.mjs";

const dir = path.join(repoRoot, "tests", "corpus");
const cases = fs.existsSync(dir)
  ? fs.readdirSync(dir).filter((f) => (f.endsWith(".json") && !f.endsWith(".limits.json")) || f.endsWith(".csv")).sort()
  : [];

/** The problem lines of an error message (one problem, or "N problems:" and indented lines). */
function lines(message) {
  const m = /^(\d+) problems:\n/.exec(message);
  if (!m) return [message];
  const out = message.slice(m[0].length).split("\n").map((l) => l.replace(/^ {2}/, ""));
  assert.equal(out.length, Number(m[1]), `the count matches: ${message}`);
  return out;
}

test("the corpus is there", () => {
  assert.ok(cases.length >= 20, `${cases.length} cases in ${dir}`);
});

for (const name of cases) {
  test(`corpus ${name}`, () => {
    const file = path.join(dir, name);
    const base = name.replace(/\.json$|\.csv$/, "");
    const expected = fs.readFileSync(path.join(dir, `${base}.expected`), "utf8").split("\n").filter((l) => l.length > 0);
    const limitsFile = path.join(dir, `${base}.limits.json`);
    const limits = fs.existsSync(limitsFile) ? JSON.parse(fs.readFileSync(limitsFile, "utf8")) : undefined;
    let read;
    if (name.endsWith(".scenario.json")) {
      read = () => sp.validateScenario(fs.readFileSync(file, "utf8"), { document: name });
    } else if (name.endsWith(".json")) {
      read = () => sp.validate(fs.readFileSync(file, "utf8"), { document: name, limits });
    } else {
      const files = Object.fromEntries(fs.readdirSync(file).sort().map((f) => [f, fs.readFileSync(path.join(file, f), "utf8")]));
      read = () => sp.fromCsv(files, { limits });
    }
    let error;
    let value;
    try {
      value = read();
    } catch (e) {
      error = e;
    }
    if (expected.length === 0) {
      assert.equal(error, undefined, `${name} must be accepted: ${error?.message}`);
      assert.equal(typeof value, "object");
      return;
    }
    assert.ok(error !== undefined, `${name} must be refused`);
    assert.ok(!(error instanceof WebAssembly.RuntimeError), `trap on ${name}: ${error}`);
    assert.equal(error.name, "ScaleplanError", `${name}: ${error.stack}`);
    assert.deepEqual(lines(error.message), expected);
    assert.equal(error.problems.length, expected.length, "one problem per line");
  });
}
