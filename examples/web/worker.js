// The planner runs here, off the page's main thread, so the page stays
// responsive while it solves. Messages:
//   in:  {type: "plan", catalogue, scenario, options, stop}
//          catalogue: null for the bundled sample, {name, text} for a JSON
//                     file, {name, xlsx: Uint8Array} for a workbook (scaleplan
//                     or GovStack RFI-2), or {csv: {file name: text}} for CSV tables
//          scenario:  {name, text}, or null (the sample's scenario, or
//                     FORMAT.md's defaults)
//          stop:      optional SharedArrayBuffer (Int32Array[0] = 1 asks to stop)
//   out: {type: "ready", version}
//        {type: "progress", progress}
//        {type: "result", catalogue, roadmap, verification, html, seconds}
//        {type: "error", message, problems}
import init, * as sp from "../../bindings-wasm/pkg/scaleplan.js";

const ready = init().then(() => {
  postMessage({ type: "ready", version: sp.version() });
});
ready.catch((e) => postMessage({ type: "error", message: `cannot load the planner: ${e}`, problems: [] }));

// Errors name the uploaded file (validate's `document`), as the command line would.
function readScenario(scenario, catalogue) {
  return scenario === null ? null : sp.validateScenario(scenario.text, { document: scenario.name, catalogue });
}

function readInput(input, scenario) {
  if (input === null) {
    const s = sp.sample();
    return { catalogue: s.catalogue, scenario: readScenario(scenario, s.catalogue) ?? s.scenario };
  }
  if (input.xlsx) {
    const catalogue = sp.fromXlsx(input.xlsx, { document: input.name });
    return { catalogue, scenario: readScenario(scenario, catalogue) };
  }
  if (input.csv) {
    const catalogue = sp.fromCsv(input.csv);
    return { catalogue, scenario: readScenario(scenario, catalogue) };
  }
  // A JSON file may hold a catalogue, or {catalogue, scenario} together.
  let parsed;
  try {
    parsed = JSON.parse(input.text);
  } catch {
    parsed = undefined; // the reader reports the syntax error with line and column
  }
  if (parsed && typeof parsed === "object" && !("format" in parsed) && "catalogue" in parsed) {
    const catalogue = sp.validate(parsed.catalogue, { document: `${input.name} (catalogue)` });
    const own = parsed.scenario == null ? null : { name: `${input.name} (scenario)`, text: JSON.stringify(parsed.scenario) };
    return { catalogue, scenario: readScenario(scenario ?? own, catalogue) };
  }
  const catalogue = sp.validate(input.text, { document: input.name });
  return { catalogue, scenario: readScenario(scenario, catalogue) };
}

onmessage = async (event) => {
  const msg = event.data;
  if (msg?.type !== "plan") return;
  await ready;
  const stop = msg.stop ? new Int32Array(msg.stop) : null;
  try {
    const t0 = performance.now();
    const { catalogue, scenario } = readInput(msg.catalogue, msg.scenario);
    let last = 0;
    let lastPhase = "";
    const roadmap = sp.plan(catalogue, scenario, {
      ...msg.options,
      progress: (progress) => {
        // Every new phase, and at most ten reports a second within one.
        const now = performance.now();
        if (progress.phase !== lastPhase || now - last > 100) {
          last = now;
          lastPhase = progress.phase;
          postMessage({ type: "progress", progress });
        }
        return !(stop && Atomics.load(stop, 0) === 1);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const verification = roadmap.status === "optimal" || roadmap.status === "feasible"
      ? sp.verify(catalogue, scenario, roadmap)
      : null;
    const html = sp.report(catalogue, roadmap, scenario ? { scenario } : undefined);
    postMessage({ type: "result", catalogue, roadmap, verification, html, seconds });
  } catch (e) {
    postMessage({
      type: "error",
      message: e?.message ?? String(e),
      problems: Array.isArray(e?.problems) ? e.problems : [],
    });
  }
};
