// Browser tests of scaleplan's HTML dashboard: headless Chromium (Debian's
// /usr/bin/chromium) driven by playwright-core loads the generated pages from
// disk and checks them. Run through ./run.sh, which builds the CLI and writes
// the pages into artifacts/; the paths can be overridden with environment
// variables (see below).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const artifacts = process.env.ARTIFACTS || path.join(root, "artifacts");
const env = (name, fallback) => process.env[name] || fallback;

// The pages under test and the catalogues they were made from.
const SAMPLE_HTML = env("DASHBOARD_HTML", path.join(artifacts, "dashboard.html"));
const SAMPLE_CATALOGUE = env("DASHBOARD_CATALOGUE", path.join(root, "core/src/sample/arcadia.catalogue.json"));
const HOSTILE_HTML = env("HOSTILE_HTML", path.join(artifacts, "dashboard-hostile.html"));
const HOSTILE_PLANNED_HTML = env("HOSTILE_PLANNED_HTML", path.join(artifacts, "dashboard-hostile-planned.html"));
const HOSTILE_XLSX_HTML = env("HOSTILE_XLSX_HTML", path.join(artifacts, "dashboard-hostile-xlsx.html"));
const HOSTILE_CATALOGUE = path.join(here, "fixtures", "hostile-catalogue.json");
const CHROMIUM = env("CHROMIUM", "/usr/bin/chromium");

const readJson = (p) => JSON.parse(fs.readFileSync(p, "utf8"));
const nameOf = (x) => (x.name && x.name.trim() ? x.name : x.id);

let browser;

before(async () => {
  assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
});

after(async () => {
  if (browser) await browser.close();
});

/** Open a page from disk, recording console errors, page errors, dialogs and every request. */
async function open(file, options = {}) {
  assert.ok(fs.existsSync(file), `${file} is missing: run tests/browser/run.sh`);
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  const seen = { errors: [], failed: [], requests: [], dialogs: [] };
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") seen.errors.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => seen.errors.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => seen.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on("request", (r) => seen.requests.push(r.url()));
  page.on("dialog", async (d) => { seen.dialogs.push(`${d.type()}: ${d.message()}`); await d.dismiss(); });
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: "load" });
  return { context, page, seen, url };
}

function assertClean(seen, url) {
  assert.deepEqual(seen.errors, [], "no console errors or warnings (a CSP violation is one)");
  assert.deepEqual(seen.failed, [], "no failed requests");
  assert.deepEqual(seen.requests.filter((u) => u !== url), [], "the page loads nothing but itself");
  assert.deepEqual(seen.dialogs, [], "no dialog opened");
}

/** The values of one column of the services table, in row order. */
async function column(page, heading) {
  return page.evaluate((heading) => {
    const table = document.getElementById("services-table");
    const heads = Array.from(table.tHead.rows[0].cells).map((c) => c.textContent.trim());
    const col = heads.indexOf(heading);
    if (col < 0) throw new Error(`no column ${heading} in ${heads.join(", ")}`);
    return Array.from(table.tBodies[0].rows).map((r) => {
      const c = r.cells[col];
      return c.hasAttribute("data-value") ? c.getAttribute("data-value") : c.textContent.trim();
    });
  }, heading);
}

const numeric = (v) => (v === "" ? null : Number(v));
function assertSortedNumbers(values, ascending) {
  const known = values.map(numeric);
  const firstUnknown = known.indexOf(null);
  if (firstUnknown >= 0) {
    assert.ok(known.slice(firstUnknown).every((v) => v === null), "unknown values sort last");
  }
  const nums = known.filter((v) => v !== null);
  for (let i = 1; i < nums.length; i++) {
    assert.ok(ascending ? nums[i - 1] <= nums[i] : nums[i - 1] >= nums[i], `sorted at ${i}: ${nums[i - 1]} then ${nums[i]}`);
  }
}

test("the sample dashboard loads cleanly and shows tiles, timeline, charts and every service", async () => {
  const catalogue = readJson(SAMPLE_CATALOGUE);
  const { context, page, seen, url } = await open(SAMPLE_HTML);
  try {
    assertClean(seen, url);
    // Headline KPI tiles, each with a value.
    const tiles = await page.$$eval(".tile", (els) => els.map((e) => ({
      kpi: e.getAttribute("data-kpi"), value: e.querySelector(".value")?.textContent.trim(),
    })));
    for (const kpi of ["share-count", "share-demand", "interactions", "life-events", "blocks", "spend"]) {
      const tile = tiles.find((t) => t.kpi === kpi);
      assert.ok(tile, `tile ${kpi}`);
      assert.ok(tile.value && tile.value.length > 0, `tile ${kpi} has a value`);
    }
    assert.match(tiles.find((t) => t.kpi === "share-count").value, /^\d+(\.\d)?%$/);
    // The timeline: one row per ministry, a column per plan year.
    assert.ok(await page.isVisible("#timeline-table"));
    const rows = await page.$$eval("#timeline-table tbody tr", (r) => r.length);
    assert.equal(rows, catalogue.entities.length);
    const heads = await page.$$eval("#timeline-table thead th", (t) => t.map((x) => x.textContent.trim()));
    assert.ok(heads.includes(String(catalogue.start_year)), heads.join("|"));
    // Services placed in the timeline add up to the catalogue.
    const total = await page.$$eval("#timeline-table tfoot td .n", (t) => t.reduce((a, x) => a + Number(x.textContent.replace(/,/g, "")), 0));
    assert.equal(total, catalogue.services.length);
    // Four charts, each with a title, a description and a visible size.
    const charts = await page.$$eval("svg.chart", (s) => s.map((x) => ({
      title: x.querySelector("title")?.textContent, desc: x.querySelector("desc")?.textContent,
      w: x.getBoundingClientRect().width, h: x.getBoundingClientRect().height,
    })));
    assert.equal(charts.length, 4);
    for (const c of charts) {
      assert.ok(c.title && c.desc, "title and desc");
      assert.ok(c.w > 200 && c.h > 80, `rendered size ${c.w}x${c.h}`);
    }
    // Every service of the catalogue has a row, by name.
    const names = await page.$$eval("#services-table tbody th", (t) => t.map((x) => x.textContent));
    assert.deepEqual([...names].sort(), catalogue.services.map(nameOf).sort());
    // Each of the six policy kinds is listed.
    assert.equal(await page.$$eval("#policies-table tbody tr:not([data-policy-kind=other])", (r) => r.length), 6);
    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, "dashboard.png"), fullPage: true });
    if (process.env.UPDATE_DOCS_SCREENSHOT) {
      // The README's picture: the top of the page, 1200 px wide.
      await page.screenshot({ path: path.join(root, "docs", "dashboard.png"), clip: { x: 0, y: 0, width: 1200, height: 900 } });
    }
  } finally {
    await context.close();
  }
});

test("clicking a column heading sorts the services table, again reverses it", async () => {
  const { context, page, seen, url } = await open(SAMPLE_HTML);
  try {
    const before = await column(page, "Planned year");
    await page.click("#services-table thead th:has-text('Planned year') button");
    assert.equal(await page.getAttribute("#services-table thead th:has-text('Planned year')", "aria-sort"), "ascending");
    const asc = await column(page, "Planned year");
    assertSortedNumbers(asc, true);
    assert.deepEqual([...asc].sort(), [...before].sort(), "same rows, reordered");
    await page.click("#services-table thead th:has-text('Planned year') button");
    assert.equal(await page.getAttribute("#services-table thead th:has-text('Planned year')", "aria-sort"), "descending");
    assertSortedNumbers(await column(page, "Planned year"), false);
    // A text column.
    await page.click("#services-table thead th:has-text('Service') button");
    const names = await column(page, "Service");
    const sorted = [...names].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" }));
    assert.deepEqual(names, sorted);
    // Unknown KPIs stay last whichever way the column is sorted.
    await page.click("#services-table thead th:has-text('User satisfaction') button");
    assertSortedNumbers(await column(page, "User satisfaction"), true);
    await page.click("#services-table thead th:has-text('User satisfaction') button");
    assertSortedNumbers(await column(page, "User satisfaction"), false);
    assert.match(await page.textContent("#sort-status"), /Sorted by User satisfaction, descending/);
    assertClean(seen, url);
  } finally {
    await context.close();
  }
});

test("the sort buttons work from the keyboard", async () => {
  const { context, page, seen, url } = await open(SAMPLE_HTML);
  try {
    await page.focus("#services-table thead th:has-text('Level now') button");
    await page.keyboard.press("Enter");
    assertSortedNumbers(await column(page, "Level now"), true);
    await page.keyboard.press("Space");
    assertSortedNumbers(await column(page, "Level now"), false);
    assert.equal(await page.getAttribute("#services-table thead th:has-text('Level now')", "aria-sort"), "descending");
    assertClean(seen, url);
  } finally {
    await context.close();
  }
});

test("without JavaScript the page still shows every service, in its default order", async () => {
  const catalogue = readJson(SAMPLE_CATALOGUE);
  const { context, page } = await open(SAMPLE_HTML, { javaScriptEnabled: false });
  try {
    assert.equal(await page.$$eval("#services-table tbody tr", (r) => r.length), catalogue.services.length);
    assert.equal(await page.$$eval("#services-table thead button", (b) => b.length), 0);
    assert.match(await page.textContent("#sort-note"), /ordered by ministry/);
  } finally {
    await context.close();
  }
});

test("print layout hides navigation and keeps the content", async () => {
  const { context, page } = await open(SAMPLE_HTML);
  try {
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.$eval("nav.toc", (n) => getComputedStyle(n).display), "none");
    assert.ok(await page.isVisible("#services-table"));
    const pdf = await page.pdf({ format: "A4" });
    assert.ok(pdf.length > 10_000, "a PDF with content");
  } finally {
    await context.close();
  }
});

/** Prove that nothing from the hostile catalogue ran or became markup. */
async function assertInert(page, seen) {
  // Hover and click over every row and heading: an injected handler would fire.
  for (const sel of ["#services-table tbody tr", "#timeline-table tbody th", "#policies-table tbody tr"]) {
    const n = await page.$$eval(sel, (r) => r.length);
    for (let i = 0; i < n; i++) await page.hover(`${sel} >> nth=${i}`);
  }
  await page.click("#services-table thead th:has-text('Service') button");
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => typeof window.__pwned), "undefined", "no injected script ran");
  assert.deepEqual(seen.dialogs, [], "no dialog opened");
  const dom = await page.evaluate(() => {
    const all = Array.from(document.querySelectorAll("*"));
    return {
      handlers: all.flatMap((e) => Array.from(e.attributes).filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
      scripts: document.querySelectorAll("script").length,
      styles: document.querySelectorAll("style").length,
      injected: document.querySelectorAll("img, iframe, object, embed, body a[href^='javascript'], svg:not(.chart) script, svg svg").length,
      svgs: Array.from(document.querySelectorAll("svg")).filter((s) => !s.classList.contains("chart")).length,
      title: document.title,
    };
  });
  assert.deepEqual(dom.handlers, [], "no event-handler attribute anywhere");
  assert.equal(dom.scripts, 1, "only the page's own script");
  assert.equal(dom.styles, 1, "only the page's own style sheet");
  assert.equal(dom.injected, 0, "no injected element");
  assert.equal(dom.svgs, 0, "no svg but the charts");
  return dom;
}

test("hostile names in the catalogue show as text and run nothing", async () => {
  const catalogue = readJson(HOSTILE_CATALOGUE);
  const { context, page, seen, url } = await open(HOSTILE_HTML);
  try {
    const dom = await assertInert(page, seen);
    assert.ok(dom.title.includes("</title><script>"), `the title is text: ${dom.title}`);
    // Every hostile name is there, as text, in the services table.
    const names = await page.$$eval("#services-table tbody th", (t) => t.map((x) => x.textContent));
    assert.deepEqual([...names].sort(), catalogue.services.map(nameOf).sort());
    // Ids with quotes stay inside their attribute.
    const ids = await page.$$eval("#services-table tbody tr", (r) => r.map((x) => x.getAttribute("data-service")));
    assert.deepEqual([...ids].sort(), catalogue.services.map((s) => s.id).sort());
    const text = await page.textContent("body");
    for (const e of catalogue.entities) assert.ok(text.includes(e.name), `entity ${e.name}`);
    for (const b of catalogue.building_blocks) assert.ok(text.includes(b.name), `block ${b.name}`);
    for (const s of catalogue.systems) assert.ok(text.includes(s.name), `system ${s.name}`);
    for (const l of catalogue.life_events) assert.ok(text.includes(l.name), `life event ${l.name}`);
    for (const p of catalogue.policies) assert.ok(text.includes(p.name), `policy ${p.name}`);
    // Tracking against the newer catalogue is shown with words.
    for (const status of ["late", "ahead", "done", "not in the plan"]) {
      assert.ok(await page.isVisible(`#services-table td .badge:text-is("${status}")`), `tracking ${status}`);
    }
    assertClean(seen, url);
    await page.screenshot({ path: path.join(artifacts, "dashboard-hostile.png"), fullPage: true });
  } finally {
    await context.close();
  }
});

test("the escaping holds on its own, without the Content-Security-Policy", async () => {
  // Strip the policy, so only the escaping stands between the names and the page.
  const html = fs.readFileSync(HOSTILE_HTML, "utf8");
  const stripped = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, "");
  assert.notEqual(stripped, html, "the page has a policy to strip");
  const file = path.join(artifacts, "dashboard-hostile-no-csp.html");
  fs.writeFileSync(file, stripped);
  const { context, page, seen } = await open(file);
  try {
    await assertInert(page, seen);
    assert.deepEqual(seen.errors, []);
  } finally {
    await context.close();
  }
});

test("a hostile catalogue planned by the CLI renders inert too", async () => {
  const { context, page, seen, url } = await open(HOSTILE_PLANNED_HTML);
  try {
    await assertInert(page, seen);
    assertClean(seen, url);
  } finally {
    await context.close();
  }
});

test("hostile names read from an XLSX workbook render inert and as text", async () => {
  const catalogue = readJson(HOSTILE_CATALOGUE);
  const { context, page, seen, url } = await open(HOSTILE_XLSX_HTML);
  try {
    await assertInert(page, seen);
    const names = await page.$$eval("#services-table tbody th", (t) => t.map((x) => x.textContent));
    assert.deepEqual([...names].sort(), catalogue.services.map(nameOf).sort());
    assertClean(seen, url);
  } finally {
    await context.close();
  }
});
