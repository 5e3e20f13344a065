// Type check of the package's TypeScript declarations (tsc --noEmit), as a
// node user writes it against pkg-node. `@ts-expect-error` lines prove the
// types are real (an `any` would make them unused, which tsc reports).
import sp = require("../pkg-node/scaleplan");
import type { Catalogue, Scenario, Roadmap, PlanOptions, Progress, ScaleplanError, Problem } from "../pkg-node/scaleplan";

const { catalogue, scenario }: { catalogue: Catalogue; scenario: Scenario } = sp.sample();
const checked: Catalogue = sp.validate(catalogue);
const fromText: Catalogue = sp.validate(JSON.stringify(checked), { document: "upload.json", limits: { max_services: 5000 } });
const scenarioChecked: Scenario = sp.validateScenario(scenario, { document: "s.json", catalogue });
const fromWorkbook: Catalogue = sp.fromXlsx(new Uint8Array(0), { document: "rfi2.xlsx" });
const fromTables: Catalogue = sp.fromCsv({ "catalogue.csv": "field,value\nformat,scaleplan/1\nstart_year,2027\n" });

const options: PlanOptions = {
  backend: "heuristic",
  time_limit_s: 5,
  mip_gap: 1e-4,
  progress: (p: Progress) => p.elapsed_s < 10 && p.phase.length >= 0,
};
const roadmap: Roadmap = sp.plan(fromText, scenario, options);
const plain: Roadmap = sp.plan(catalogue, null);
const status: "optimal" | "feasible" | "infeasible" | "error" = roadmap.status;
const firstYear: number | null = roadmap.services[0]?.year ?? null;
const used: Record<string, number> | undefined = roadmap.years[0]?.capacity_used;
const diagnosis: string[] = plain.diagnosis ?? [];

const verification = sp.verify(catalogue, scenario, roadmap);
const ok: boolean = verification.violations.length === 0;
const objective: number = verification.objective;

const html: string = sp.report(catalogue, roadmap, { title: "Plan", scenario });
const scores = sp.score(catalogue);
const gaps = sp.gaps(catalogue);
const changes = sp.diff(catalogue, checked);
const big = sp.generate({ services: 500, years: 5, seed: 1 });
const n: number = big.catalogue.services?.length ?? 0;
const version: string = sp.version();
const shares: number[] = sp.kpis(catalogue, roadmap).map((k) => k.share_at_target);
const late: number = sp.track(roadmap, checked, 2028).counts.late;

try {
  sp.validate({ format: "scaleplan/1", start_year: 2027 });
} catch (e: unknown) {
  if (sp.isScaleplanError(e)) {
    const err: ScaleplanError = e;
    const problems: Problem[] = err.problems;
    const where: string = problems[0]?.location.document ?? "";
    const kind: string = err.kind;
    console.log(err.message, where, kind);
  }
}

// @ts-expect-error: a catalogue needs `format` and `start_year`
const bad: Catalogue = { name: "x" };
// @ts-expect-error: levels are 1..4
const badLevel: Catalogue = { format: "scaleplan/1", start_year: 2027, services: [{ id: "a", entity: "e", level: 5 }] };
// @ts-expect-error: no such backend
const badBackend: PlanOptions = { backend: "highs" };
// @ts-expect-error: roadmap status is a string union, not a number
const badStatus: number = roadmap.status;
// @ts-expect-error: limits are numbers
sp.validate(catalogue, { limits: { max_bytes: "1 MB" } });
// @ts-expect-error: CSV tables are texts by file name
sp.fromCsv(["services.csv"]);
// @ts-expect-error: plan needs a catalogue
sp.plan(42, null);

console.log(fromWorkbook, shares, late, scenarioChecked, fromTables, status, firstYear, used, diagnosis, ok, objective, html.length, scores, gaps, changes, n, version, bad, badLevel, badBackend, badStatus);
