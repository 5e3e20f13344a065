// The ESM package for browsers and bundlers (pkg/) has the same types,
// plus its `init` (default export) that loads the .wasm.
import init, { sample, plan, report } from "../pkg/scaleplan.js";
import type { Roadmap } from "../pkg/scaleplan.js";

export async function run(): Promise<string> {
  await init();
  const { catalogue, scenario } = sample();
  const roadmap: Roadmap = plan(catalogue, scenario, { backend: "microlp", time_limit_s: 5 });
  return report(catalogue, roadmap);
}
