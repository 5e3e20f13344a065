// The planner runs here, off the page's main thread, so the page stays
// responsive while it solves. Messages:
//   in:  {type: "plan", catalogue, scenario, options, stop}
//          catalogue: JSON text, or null for the bundled sample
//          scenario:  JSON text, or null (the sample's scenario, or FORMAT.md defaults)
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

function readInput(catalogueText, scenarioText) {
  if (catalogueText === null) {
    const s = sp.sample();
    return { catalogue: s.catalogue, scenario: scenarioText ?? s.scenario };
  }
  // A file may hold a catalogue, or {catalogue, scenario} together.
  let parsed;
  try {
    parsed = JSON.parse(catalogueText);
  } catch {
    parsed = undefined; // the reader reports the syntax error with line and column
  }
  if (parsed && typeof parsed === "object" && !("format" in parsed) && "catalogue" in parsed) {
    return { catalogue: sp.validate(parsed.catalogue), scenario: scenarioText ?? parsed.scenario ?? null };
  }
  return { catalogue: sp.validate(catalogueText), scenario: scenarioText };
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
    const roadmap = sp.plan(catalogue, scenario, {
      ...msg.options,
      progress: (progress) => {
        const now = performance.now();
        if (now - last > 100) {
          last = now;
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
