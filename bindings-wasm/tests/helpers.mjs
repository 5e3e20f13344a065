// Shared helpers of the node tests: load the CommonJS package built by
// build.sh (bindings-wasm/pkg-node) and find the repo's shared data.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import fs from "node:fs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "..", "..");
export const pkgDir = path.join(repoRoot, "bindings-wasm", "pkg-node");

if (!fs.existsSync(path.join(pkgDir, "scaleplan.js"))) {
  throw new Error(`${pkgDir} is missing: run bindings-wasm/build.sh first`);
}
const require = createRequire(import.meta.url);
/** @type {typeof import("../pkg-node/scaleplan")} */
export const sp = require(pkgDir);

/** The conformance instances of the shared spec (../shared relative to the repo root). */
export const conformanceDir = path.resolve(repoRoot, "..", "shared", "spec", "conformance");

export function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/**
 * Call `fn`, expecting a ScaleplanError; returns it. Fails on a trap
 * (WebAssembly.RuntimeError), any other error, or no error at all.
 */
export function expectScaleplanError(assert, fn) {
  let error;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, "expected an error, got none");
  assert.ok(!(error instanceof WebAssembly.RuntimeError), `a trap reached JS: ${error}`);
  assert.ok(error instanceof Error, `expected an Error, got ${typeof error}: ${error}`);
  assert.equal(error.name, "ScaleplanError", `unexpected error: ${error.stack}`);
  assert.ok(sp.isScaleplanError(error));
  assert.ok(Array.isArray(error.problems), "error.problems is an array");
  return error;
}
