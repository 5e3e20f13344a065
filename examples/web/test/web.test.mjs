// The web example in a real browser (Debian's Chromium driven by
// playwright-core): serve the repository on localhost, plan the bundled
// sample in the worker, check progress, the roadmap table and the
// dashboard on the page; then an invalid file shows located errors.
//
//   node --test examples/web/test/     (after bindings-wasm/build.sh and
//                                       npm ci in bindings-wasm)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../serve.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
// The test tooling (playwright-core) is installed by bindings-wasm's package.json.
const require = createRequire(path.join(repoRoot, "bindings-wasm", "package.json"));
const { chromium } = require("playwright-core");
const sp = require(path.join(repoRoot, "bindings-wasm", "pkg-node"));

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
let server, browser, base;

before(async () => {
  assert.ok(fs.existsSync(path.join(repoRoot, "bindings-wasm", "pkg", "scaleplan_bg.wasm")), "run bindings-wasm/build.sh first");
  server = await serve({ root: repoRoot, port: 0 });
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

/** Click `selector` to start a plan and wait for that plan's outcome (`done` or `error`). */
async function planBy(page, selector, state = "done", timeout = 60_000) {
  const run = await page.evaluate(() => Number(document.querySelector("#status").dataset.run ?? 0));
  await page.click(selector);
  await page.waitForSelector(`#status[data-run="${run + 1}"][data-state=${state}]`, { timeout });
}

async function openPage() {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector("#status[data-state=ready]", { timeout: 30_000 });
  return { page, problems };
}

test("the server sends wasm as application/wasm", async () => {
  const r = await fetch(`${base}/bindings-wasm/pkg/scaleplan_bg.wasm`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("content-type"), "application/wasm");
  // Nothing outside the repository is served.
  const status = await new Promise((resolve, reject) =>
    http.get(`${base}/..%2f..%2f..%2fetc%2fpasswd`, (r) => resolve(r.statusCode)).on("error", reject),
  );
  assert.equal(status, 403);
});

test("plan the sample: progress, a verified roadmap table and the dashboard", async () => {
  const { page, problems } = await openPage();
  assert.ok(await page.evaluate(() => self.crossOriginIsolated), "the page is cross-origin isolated (Stop keeps the best plan)");
  // A ticking counter on the main thread: it must keep ticking while the worker solves.
  await page.evaluate(() => {
    window.__ticks = 0;
    setInterval(() => window.__ticks++, 20);
  });
  await page.selectOption("#backend", "microlp");
  await page.fill("#time-limit", "20");
  const ticksAtStart = await page.evaluate(() => window.__ticks);
  const run = await page.evaluate(() => Number(document.querySelector("#status").dataset.run ?? 0));
  await page.click("#plan-sample");
  await page.waitForSelector(`#status[data-run="${run + 1}"]:is([data-state=done], [data-state=error])`, { timeout: 120_000 });
  const status = await page.textContent("#status");
  assert.match(status, /Done: (optimal|feasible) plan in [\d.]+ s, verified\./, status);
  const ticks = (await page.evaluate(() => window.__ticks)) - ticksAtStart;
  assert.ok(ticks > 0, "the main thread kept running during the solve");
  // Progress was shown.
  assert.notEqual(await page.textContent("#p-phase"), "–");

  // The table lists every service of the sample once, with the same years as
  // the node package plans for the same input.
  const { catalogue } = sp.sample();
  const rows = await page.$$eval("#roadmap tbody tr", (trs) => trs.map((tr) => [tr.dataset.id, tr.cells[3].textContent]));
  assert.equal(rows.length, catalogue.services.length);
  assert.equal(new Set(rows.map((r) => r[0])).size, catalogue.services.length);
  const years = rows.filter((r) => /^\d{4}$/.test(r[1])).map((r) => Number(r[1]));
  assert.ok(years.length > 0, "some services get a year");
  const horizonEnd = catalogue.start_year + sp.sample().scenario.horizon - 1;
  assert.ok(years.every((y) => y >= catalogue.start_year && y <= horizonEnd), "years within the horizon");
  const summary = await page.textContent("#summary");
  assert.match(summary, /status (optimal|feasible), objective/);
  assert.match(summary, new RegExp(`of ${catalogue.services.length} services at target`));
  const yearRows = await page.$$eval("#years tbody tr", (trs) => trs.length);
  assert.equal(yearRows, sp.sample().scenario.horizon);

  // The dashboard: the report's HTML in a sandboxed iframe.
  const sandbox = await page.getAttribute("#dashboard", "sandbox");
  assert.equal(sandbox, "allow-scripts", "sandboxed, without same-origin access");
  const srcdoc = await page.$eval("#dashboard", (f) => f.srcdoc);
  assert.match(srcdoc, /^<!DOCTYPE html>/i);
  const frame = page.frameLocator("#dashboard");
  const heading = await frame.locator("h1").first().textContent({ timeout: 10_000 });
  assert.ok(heading.length > 0);
  assert.ok(srcdoc.includes(catalogue.name), "the dashboard names the catalogue");

  assert.deepEqual(problems, []);
  await page.close();
});

test("an invalid catalogue file shows the located errors", async () => {
  const { page } = await openPage();
  const bad = { format: "scaleplan/1", start_year: 2027, services: [{ id: "a", levl: 2 }] };
  await page.setInputFiles("#catalogue-file", {
    name: "bad.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  await planBy(page, "#plan-file", "error");
  const errors = await page.textContent("#errors");
  // Named after the file, as the command line names it.
  assert.match(errors, /bad\.json, services\[0\] \(id "a"\), field `levl`: unknown field `levl`/);
  assert.match(errors, /field `entity`: missing required field/);
  // And a good file after that plans fine (the worker survived).
  const { catalogue, scenario } = sp.generate({ services: 60, years: 4, seed: 11 });
  await page.setInputFiles("#catalogue-file", {
    name: "generated.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ catalogue, scenario })),
  });
  await page.selectOption("#backend", "heuristic");
  await planBy(page, "#plan-file");
  assert.equal(await page.$$eval("#roadmap tbody tr", (trs) => trs.length), 60);

  // A GovStack RFI-2 workbook (the shared template) plans too.
  const rfi2 = path.join(repoRoot, "..", "shared", "data", "rfi2", "govstack-rfi2-template.xlsx");
  if (fs.existsSync(rfi2)) {
    const buffer = fs.readFileSync(rfi2);
    const want = sp.fromXlsx(buffer);
    await page.setInputFiles("#catalogue-file", { name: "rfi2.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer });
    await planBy(page, "#plan-file");
    const ids = await page.$$eval("#roadmap tbody tr", (trs) => trs.map((tr) => tr.dataset.id).sort());
    assert.deepEqual(ids, want.services.map((s) => s.id).sort());
  }
  // CSV tables picked together (the corpus' accepted CSV case) plan too.
  const csvDir = path.join(repoRoot, "tests", "corpus", "csv-bom-crlf.csv");
  if (fs.existsSync(csvDir)) {
    const files = fs.readdirSync(csvDir).map((f) => ({ name: f, mimeType: "text/csv", buffer: fs.readFileSync(path.join(csvDir, f)) }));
    const want = sp.fromCsv(Object.fromEntries(files.map((f) => [f.name, f.buffer.toString("utf8")])));
    await page.setInputFiles("#catalogue-file", files);
    await planBy(page, "#plan-file");
    const ids = await page.$$eval("#roadmap tbody tr", (trs) => trs.map((tr) => tr.dataset.id).sort());
    assert.deepEqual(ids, want.services.map((s) => s.id).sort());
  }
  await page.close();
});

test("500 services x 5 years in the browser: a verified plan with its gap, page responsive", async (t) => {
  const { page, problems } = await openPage();
  const { catalogue, scenario } = sp.generate({ services: 500, years: 5, seed: 7 });
  await page.setInputFiles("#catalogue-file", {
    name: "national-500.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ catalogue, scenario })),
  });
  await page.selectOption("#backend", "microlp");
  await page.fill("#time-limit", "30");
  await page.evaluate(() => {
    window.__ticks = 0;
    setInterval(() => window.__ticks++, 20);
  });
  const t0 = Date.now();
  await planBy(page, "#plan-file", "done", 120_000);
  const seconds = (Date.now() - t0) / 1000;
  const ticks = await page.evaluate(() => window.__ticks);
  const status = await page.textContent("#status");
  const summary = await page.textContent("#summary");
  t.diagnostic(`browser, 500 services: ${status} (${seconds.toFixed(1)} s wall, ${ticks} main-thread ticks) ${summary}`);
  assert.match(status, /Done: (optimal|feasible) plan in [\d.]+ s, verified\./);
  assert.match(summary, /gap [\d.]+%/);
  assert.equal(await page.$$eval("#roadmap tbody tr", (trs) => trs.length), 500);
  assert.ok(ticks >= Math.floor((seconds * 1000) / 20 / 4), "the main thread stayed responsive while the worker solved");
  assert.deepEqual(problems, []);
  await page.close();
});

test("Stop during a long solve: the best plan so far, or a clean restart; the page plans again", async (t) => {
  const { page, problems } = await openPage();
  const { catalogue, scenario } = sp.generate({ services: 2000, years: 5, seed: 7 });
  await page.setInputFiles("#catalogue-file", {
    name: "national-2000.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ catalogue, scenario })),
  });
  await page.fill("#time-limit", "120");
  const run = await page.evaluate(() => Number(document.querySelector("#status").dataset.run ?? 0));
  await page.click("#plan-file");
  await page.waitForSelector(`#status[data-run="${run + 1}"][data-state=running]`);
  await page.waitForFunction(() => document.querySelector("#p-objective").textContent !== "–", null, { timeout: 60_000 });
  const t0 = Date.now();
  const shown = await page.textContent("#p-phase");
  await page.click("#stop");
  await page.waitForFunction(
    () => /^Done: feasible|^Stopped/.test(document.querySelector("#status").textContent),
    null,
    { timeout: 20_000 },
  );
  assert.ok(Date.now() - t0 < 15_000, "stopping takes seconds, not the whole time limit");
  const text = await page.textContent("#status");
  t.diagnostic(`stop clicked in phase ${shown}; ${((Date.now() - t0) / 1000).toFixed(1)} s later: ${text}`);
  if (text.startsWith("Done")) assert.match(text, /verified/);
  // The page plans again.
  await page.waitForSelector("#plan-sample:not([disabled])", { timeout: 30_000 });
  await page.waitForFunction(() => /Ready|Done/.test(document.querySelector("#status").textContent), null, { timeout: 30_000 });
  await planBy(page, "#plan-sample");
  assert.match(await page.textContent("#status"), /verified/);
  assert.deepEqual(problems, []);
  await page.close();
});
