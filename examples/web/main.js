// The page: picks the input, starts a plan in the worker, shows progress,
// the roadmap and the dashboard. All planning happens in worker.js.
const $ = (id) => document.getElementById(id);
const fmt = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const pct = (x) => `${(100 * x).toFixed(x < 0.01 ? 2 : 1)}%`;

let worker = null;
let stopFlag = null;
let running = false;
let timeLimit = 20;

function setStatus(text, state) {
  $("status").textContent = text;
  $("status").dataset.state = state;
}

function setBusy(busy) {
  running = busy;
  $("plan-sample").disabled = busy;
  $("plan-file").disabled = busy || !$("catalogue-file").files.length;
  $("catalogue-file").disabled = busy;
  $("scenario-file").disabled = busy;
  $("stop").disabled = !busy;
}

function startWorker() {
  worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  worker.onmessage = (event) => onMessage(event.data);
  worker.onerror = (event) => {
    setStatus(`The planner failed to load: ${event.message ?? "see the console"}`, "error");
    setBusy(false);
  };
}

function onMessage(msg) {
  switch (msg.type) {
    case "ready":
      $("version").textContent = msg.version;
      if ($("status").dataset.state === "error") $("status").textContent += " Ready.";
      else setStatus("Ready. Plan the sample catalogue, or pick a catalogue file.", "ready");
      setBusy(false);
      break;
    case "progress":
      showProgress(msg.progress);
      break;
    case "result":
      setBusy(false);
      showResult(msg);
      break;
    case "error":
      setBusy(false);
      setStatus("The input has problems:", "error");
      $("errors").hidden = false;
      $("errors").textContent = msg.message;
      $("progress").hidden = true;
      break;
  }
}

function showProgress(p) {
  $("progress").hidden = false;
  $("progress").value = Math.min(1, p.elapsed_s / timeLimit);
  $("progress-figures").hidden = false;
  $("p-phase").textContent = p.phase;
  $("p-elapsed").textContent = `${p.elapsed_s.toFixed(1)} s`;
  $("p-objective").textContent = p.objective == null ? "–" : fmt.format(p.objective);
  $("p-bound").textContent = p.bound == null ? "–" : fmt.format(p.bound);
  $("p-gap").textContent =
    p.objective == null || p.bound == null ? "–" : pct(Math.max(0, (p.bound - p.objective) / Math.max(1, Math.abs(p.objective))));
  setStatus(`Planning… ${p.phase}`, "running");
}

function cell(row, text, cls) {
  const td = row.insertCell();
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

function showResult({ catalogue, roadmap, verification, html, seconds }) {
  $("progress").hidden = true;
  if (roadmap.status === "optimal" || roadmap.status === "feasible") {
    showProgress({ phase: "done", elapsed_s: seconds, objective: roadmap.objective, bound: roadmap.bound });
    $("progress").hidden = true;
  }
  $("errors").hidden = true;
  const planned = roadmap.status === "optimal" || roadmap.status === "feasible";
  const verified = verification && verification.violations.length === 0;
  setStatus(
    planned
      ? `Done: ${roadmap.status} plan in ${seconds.toFixed(1)} s${verified ? ", verified" : ", NOT verified"}.`
      : `Done: ${roadmap.status}.`,
    planned && verified ? "done" : "error",
  );
  $("result").hidden = false;
  $("result").dataset.status = roadmap.status;
  const atTarget = roadmap.services.filter((s) => s.year !== null || s.already_done).length;
  $("summary").textContent = planned
    ? `${catalogue.name || "Catalogue"}: status ${roadmap.status}, objective ${fmt.format(roadmap.objective)} ` +
      `(bound ${fmt.format(roadmap.bound)}, gap ${pct(roadmap.gap)}), ` +
      `${atTarget} of ${roadmap.services.length} services at target by the end of the horizon; ` +
      `solver ${roadmap.solver ?? "?"}, ${roadmap.solve_seconds.toFixed(2)} s.`
    : `${catalogue.name || "Catalogue"}: ${roadmap.status}. ${(roadmap.diagnosis ?? []).join(" ")}`;

  const services = new Map((catalogue.services ?? []).map((s) => [s.id, s]));
  const body = $("roadmap").tBodies[0];
  body.replaceChildren();
  const rows = [...roadmap.services].sort(
    (a, b) => (a.year ?? (a.already_done ? 0 : 9999)) - (b.year ?? (b.already_done ? 0 : 9999)) || a.id.localeCompare(b.id),
  );
  for (const plan of rows) {
    const s = services.get(plan.id) ?? {};
    const tr = body.insertRow();
    tr.dataset.id = plan.id;
    cell(tr, s.name ? `${s.name} (${plan.id})` : plan.id);
    cell(tr, s.entity ?? "");
    cell(tr, `${s.level ?? "?"} → ${s.target_level ?? 4}`);
    if (plan.already_done) cell(tr, "already at target", "none");
    else if (plan.year === null) cell(tr, "not within the horizon", "none");
    else cell(tr, String(plan.year), "num");
    cell(tr, plan.why_not_earlier ?? "");
  }

  const blocks = $("blocks").tBodies[0];
  blocks.replaceChildren();
  for (const b of roadmap.building_blocks) {
    const tr = blocks.insertRow();
    cell(tr, b.id);
    cell(tr, b.system ? `${b.approach} (${b.system})` : b.approach);
    cell(tr, String(b.start_year), "num");
    cell(tr, String(b.available_year), "num");
    cell(tr, b.cost == null ? "" : fmt.format(b.cost), "num");
  }
  const years = $("years").tBodies[0];
  years.replaceChildren();
  for (const y of roadmap.years) {
    const tr = years.insertRow();
    cell(tr, String(y.year));
    cell(tr, String(y.services_at_target), "num");
    cell(tr, pct(y.share_at_target), "num");
    cell(tr, fmt.format(y.budget_used), "num");
  }
  // The dashboard is a complete page of its own: shown sandboxed, no access to this page.
  $("dashboard").srcdoc = html;
}

async function plan(catalogue, scenario) {
  timeLimit = Math.max(1, Number($("time-limit").value) || 20);
  setBusy(true);
  $("errors").hidden = true;
  $("progress").hidden = false;
  $("progress").value = 0;
  setStatus("Planning…", "running");
  $("status").dataset.run = String(Number($("status").dataset.run ?? 0) + 1);
  stopFlag = typeof SharedArrayBuffer !== "undefined" && self.crossOriginIsolated ? new SharedArrayBuffer(4) : null;
  worker.postMessage({
    type: "plan",
    catalogue,
    scenario,
    options: { backend: $("backend").value, time_limit_s: timeLimit },
    stop: stopFlag,
  });
}

$("plan-sample").addEventListener("click", () => plan(null, null));
$("catalogue-file").addEventListener("change", () => setBusy(running));
$("plan-file").addEventListener("click", async () => {
  const files = [...$("catalogue-file").files];
  if (!files.length) return;
  let input;
  if (files.every((f) => f.name.toLowerCase().endsWith(".csv"))) {
    // CSV tables (catalogue.csv, services.csv, entities.csv, ...), as a folder on the command line.
    input = { csv: Object.fromEntries(await Promise.all(files.map(async (f) => [f.name, await f.text()]))) };
  } else if (/\.xlsx$/i.test(files[0].name)) {
    // A scaleplan workbook or a GovStack RFI-2 workbook.
    input = { name: files[0].name, xlsx: new Uint8Array(await files[0].arrayBuffer()) };
  } else {
    input = { name: files[0].name, text: await files[0].text() };
  }
  const scenarioFile = $("scenario-file").files[0];
  plan(input, scenarioFile ? { name: scenarioFile.name, text: await scenarioFile.text() } : null);
});
function restartWorker(why) {
  worker.terminate();
  setBusy(false);
  $("progress").hidden = true;
  setStatus(`${why} Starting the planner again…`, "error");
  startWorker();
}

$("stop").addEventListener("click", () => {
  if (!stopFlag) {
    // Without cross-origin isolation the busy worker cannot be told; end it.
    restartWorker("Stopped; no plan kept.");
    return;
  }
  // The planner stops at its next checkpoint and returns its best plan so
  // far. Some phases (the LP bound) have no checkpoint: if nothing comes
  // back soon, end the worker (the time limit bounds those phases too).
  Atomics.store(new Int32Array(stopFlag), 0, 1);
  setStatus("Stopping… (the best plan so far comes back)", "running");
  const run = $("status").dataset.run;
  setTimeout(() => {
    if (running && $("status").dataset.run === run) {
      restartWorker("Stopped; the solver was in a phase that cannot be interrupted, so no plan was kept (lower the time limit instead).");
    }
  }, 3000);
});

startWorker();
