// ---------------------------------------------------------------------------
// Documents of the interchange format (FORMAT.md, version 1). Field names are
// exact; optional fields take the defaults of FORMAT.md.
// ---------------------------------------------------------------------------

/** Person-months per year: one number, or one per plan year (the last repeats). */
export type Capacity = number | number[];
/** Money per year: one number, one per plan year (the last repeats), or null (unlimited). */
export type Budget = number | number[] | null;

export interface Entity {
  id: string;
  name?: string;
  capacity: Capacity;
}

export type Approach = "reuse" | "tender" | "build";

export interface AcquisitionOption {
  approach: Approach;
  cost?: number;
  lead_years?: number;
  system?: string;
}

export interface BuildingBlock {
  id: string;
  name?: string;
  status: "available" | "missing";
  options?: AcquisitionOption[];
}

export interface System {
  id: string;
  name?: string;
  provides?: string[];
  open_source?: boolean;
  url?: string;
}

export interface Workflow {
  id: string;
  name?: string;
  building_blocks?: string[];
}

export interface Kpis {
  cost_per_transaction?: number;
  user_satisfaction?: number;
  completion_rate?: number;
  digital_take_up?: number;
}

/** 1 informational, 2 downloadable forms, 3 web form submission, 4 fully online. */
export type Level = 1 | 2 | 3 | 4;

export interface Service {
  id: string;
  name?: string;
  entity: string;
  level: Level;
  target_level?: Level;
  demand?: number;
  interactions?: number;
  effort?: number;
  cost?: number;
  building_blocks?: string[];
  workflow?: string | null;
  depends_on?: string[];
  earliest_year?: number | null;
  deadline_year?: number | null;
  value?: number | null;
  kpis?: Kpis;
}

export interface LifeEvent {
  id: string;
  name?: string;
  audience?: "citizen" | "business";
  services?: string[];
  weight?: number;
}

export type PolicyKind =
  | "digital_service_standard"
  | "enterprise_architecture"
  | "shared_service_policy"
  | "ict_procurement_policy"
  | "capacity_building"
  | "digital_inclusion"
  | "other";

export interface Policy {
  id: string;
  name?: string;
  kind?: PolicyKind;
  status?: "in_force" | "draft" | "missing";
}

/** A country's service catalogue (FORMAT.md, "Catalogue"). */
export interface Catalogue {
  format: "scaleplan/1";
  name?: string;
  version?: string;
  start_year: number;
  entities?: Entity[];
  building_blocks?: BuildingBlock[];
  systems?: System[];
  workflows?: Workflow[];
  services?: Service[];
  life_events?: LifeEvent[];
  policies?: Policy[];
}

export interface Target {
  year: number;
  share: number;
  weighted_by?: "count" | "demand";
}

export interface SolverSettings {
  time_limit_s?: number;
  mip_gap?: number;
}

/** What the planner may spend and must reach (FORMAT.md, "Scenario"). */
export interface Scenario {
  horizon?: number;
  budget?: Budget;
  capacity_factor?: number;
  targets?: Target[];
  solver?: SolverSettings;
}

export type Status = "optimal" | "feasible" | "infeasible" | "error";

export interface ServicePlan {
  id: string;
  /** Calendar year it reaches target, or null when not within the horizon. */
  year: number | null;
  already_done?: boolean;
  why_not_earlier?: string;
}

export interface BlockPlan {
  id: string;
  approach: Approach;
  start_year: number;
  available_year: number;
  option?: number;
  system?: string;
  cost?: number;
}

export interface YearSummary {
  year: number;
  budget_used: number;
  /** Entity id -> person-months used. */
  capacity_used: Record<string, number>;
  services_at_target: number;
  share_at_target: number;
  share_demand_at_target: number;
  interactions_avoided: number;
  life_events_complete: number;
}

export interface Unreachable {
  id: string;
  reason: string;
}

export interface ShadowPrices {
  method: string;
  /** Entity id -> one value per plan year. */
  capacity: Record<string, number[]>;
  budget: number[];
}

/** What the planner decided (FORMAT.md, "Roadmap"). */
export interface Roadmap {
  format: "scaleplan-roadmap/1";
  status: Status;
  objective: number;
  bound: number;
  gap: number;
  solve_seconds: number;
  start_year?: number;
  horizon?: number;
  services: ServicePlan[];
  building_blocks: BlockPlan[];
  years: YearSummary[];
  diagnosis?: string[];
  unreachable?: Unreachable[];
  shadow_prices?: ShadowPrices;
  solver?: string;
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** Where a problem is. */
export interface Location {
  /** `catalogue`, `scenario`, `roadmap`, `options`, or a file name. */
  document: string;
  list?: string;
  index?: number;
  id?: string;
  row?: number;
  field?: string;
  /** [line, column] in a JSON text. */
  line?: [number, number];
}

/** One thing wrong with an input, and where. */
export interface Problem {
  location: Location;
  message: string;
}

/**
 * What every function of this package throws: a JS `Error` whose `message`
 * names what is wrong and where (the same lines as the Rust library and the
 * command line), with the located problems in `problems`.
 */
export interface ScaleplanError extends Error {
  name: "ScaleplanError";
  /** `invalid` (bad input), `limit` (too large), `solver`, `interrupted` or `error`. */
  kind: "invalid" | "limit" | "io" | "solver" | "interrupted" | "error";
  problems: Problem[];
}

// ---------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------

/** A progress report of a running solve. */
export interface Progress {
  elapsed_s: number;
  /** Best plan's objective so far, when there is one. */
  objective: number | null;
  /** Best proven upper bound so far, when there is one. */
  bound: number | null;
  /** What the planner is doing, e.g. `heuristic` or `branch and bound`. */
  phase: string;
}

/** How to plan. Every field is optional. */
export interface PlanOptions {
  /**
   * `microlp` (default): scaleplan's heuristic plan, improved and proven by
   * the pure-Rust MILP solver within the time limit (the gap says how far
   * from proven it is). `heuristic`: the heuristic plan alone, with a bound.
   */
  backend?: "microlp" | "heuristic";
  /** Overrides the scenario's `solver.time_limit_s`. */
  time_limit_s?: number;
  /** Overrides the scenario's `solver.mip_gap`. */
  mip_gap?: number;
  /** Called as the solve progresses; return `false` to stop with the best plan so far. */
  progress?: (progress: Progress) => boolean | void;
}

/** A catalogue with a scenario to plan it with. */
export interface Sample {
  catalogue: Catalogue;
  scenario: Scenario;
}

/** Settings of the synthetic catalogue generator. Every field is optional. */
export interface GenerateOptions {
  services?: number;
  years?: number;
  blocks?: number;
  entities?: number;
  life_events?: number;
  seed?: number;
}

/** Options of the dashboard. Every field is optional. */
export interface ReportOptions {
  /** Page title; by default built from the catalogue's name. */
  title?: string;
  /** A newer version of the catalogue (levels as they are now): adds tracking against the plan. */
  catalogue_now?: Catalogue | string;
  /** The year progress is measured at (end of that year). */
  current_year?: number;
  /** The scenario the roadmap was planned with, shown as the strategy. */
  scenario?: Scenario | string;
}

// ---------------------------------------------------------------------------
// Verification
// ---------------------------------------------------------------------------

/** One constraint of MODEL.md a roadmap breaks. */
export interface Violation {
  /** Which constraint, e.g. `capacity`, `budget`, `blocks`. */
  constraint: string;
  /** What is wrong, in words. */
  message: string;
}

/** The independent check of a roadmap. */
export interface Verification {
  /** Empty when the roadmap satisfies every constraint. */
  violations: Violation[];
  /** The objective recomputed from the roadmap. */
  objective: number;
}

// ---------------------------------------------------------------------------
// Gap analysis
// ---------------------------------------------------------------------------

export interface GapOption {
  index: number;
  approach: Approach;
  cost: number;
  lead_years: number;
  system?: string;
}

export interface CandidateSystem {
  id: string;
  name: string;
  open_source?: boolean;
  /** True when one of the block's options deploys this system. */
  in_options: boolean;
}

/** One missing building block and what it holds back. */
export interface BlockGap {
  id: string;
  name: string;
  status: "available" | "missing";
  services_blocked: string[];
  demand_blocked: number;
  dependents_held_back: string[];
  life_events_blocked: string[];
  candidate_systems: CandidateSystem[];
  options: GapOption[];
  cheapest: GapOption | null;
  fastest: GapOption | null;
}

export interface PolicyReadiness {
  kind: PolicyKind;
  label: string;
  status: "in_force" | "draft" | "missing";
  policies: string[];
}

/** The gap analysis of a catalogue. */
export interface Gaps {
  building_blocks: BlockGap[];
  required: string[];
  lacking: string[];
  policies: PolicyReadiness[];
  missing_policy_kinds: PolicyKind[];
  /** 0..1 */
  framework_readiness: number;
}

// ---------------------------------------------------------------------------
// Functions with optional parameters (the others are declared by wasm-bindgen)
// ---------------------------------------------------------------------------

/**
 * A synthetic, valid catalogue and scenario (seeded, deterministic), e.g.
 * `generate({services: 500, years: 5})`.
 * @throws {ScaleplanError} when an option is not a whole non-negative number.
 */
export function generate(options?: GenerateOptions | null): Sample;

/**
 * Plan a catalogue: which service reaches its target in which year, and
 * which missing block is acquired how and when (MODEL.md). `scenario`
 * defaults to FORMAT.md's defaults. An infeasible scenario is not an error:
 * the roadmap has status `infeasible` and a `diagnosis`.
 * @throws {ScaleplanError} when the catalogue, scenario or options are
 * invalid, the solver fails, or `progress` stopped it before any plan was
 * found (`kind: "interrupted"`); rethrows what `progress` throws.
 */
export function plan(catalogue: Catalogue | string, scenario?: Scenario | string | null, options?: PlanOptions | null): Roadmap;

/**
 * The dashboard of a catalogue and its roadmap: one self-contained HTML
 * page (show it in a sandboxed iframe with `srcdoc`).
 * @throws {ScaleplanError} when an input is invalid.
 */
export function report(catalogue: Catalogue | string, roadmap: Roadmap | string, options?: ReportOptions | null): string;

// ---------------------------------------------------------------------------
// Prioritisation
// ---------------------------------------------------------------------------

/** Weights and thresholds of the scores. Every field is optional (defaults of the library). */
export interface ScoreWeights {
  demand?: number;
  interactions_avoided?: number;
  levels?: number;
  life_events?: number;
  agencies?: number;
  blocks?: number;
  capacity?: number;
  dependencies?: number;
  regulatory?: number;
  reuse_credit?: number;
  impact_threshold?: number;
  feasibility_threshold?: number;
}

export type Quadrant = "quick_win" | "major_project" | "fill_in" | "reconsider";

/** The components of a score, each in 0..1. */
export interface ScoreComponents {
  demand: number;
  interactions_avoided: number;
  levels: number;
  life_events: number;
  agencies: number;
  blocks: number;
  capacity: number;
  dependencies: number;
  regulatory: number;
}

/** The raw figures behind the components. */
export interface ScoreFacts {
  demand: number;
  interactions_avoided: number;
  levels_climbed: number;
  life_events: string[];
  centrality: number;
  other_agencies: string[];
  blocks_reusable: string[];
  blocks_missing: string[];
  open_dependencies: string[];
  effort: number;
  capacity: number;
}

export interface ServiceScore {
  id: string;
  impact: number;
  feasibility: number;
  /** impact x feasibility, what the rank orders by. */
  priority: number;
  quadrant: Quadrant;
  /** 1 = highest priority. */
  rank: number;
  components: ScoreComponents;
  facts: ScoreFacts;
}

/** Scores of every open service, in rank order. */
export interface Scores {
  services: ServiceScore[];
  /** Services already at target (not scored). */
  done: string[];
  /** The weights used (every field filled in). */
  weights: Required<ScoreWeights>;
}

/**
 * Prioritisation scores of every open service (impact x feasibility, with
 * their components and the facts behind them), best rank first.
 * @throws {ScaleplanError} when the catalogue or the weights are invalid.
 */
export function score(catalogue: Catalogue | string, weights?: ScoreWeights | null): Scores;

// ---------------------------------------------------------------------------
// Catalogue versions
// ---------------------------------------------------------------------------

/** A JSON value as it appears in a catalogue. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One field that differs; a field absent on one side is `null` there. */
export interface FieldChange {
  /** Field name (`demand`, `kpis.user_satisfaction`, `options`). */
  field: string;
  old: JsonValue;
  new: JsonValue;
}

/** An entry present in both catalogues whose fields differ. */
export interface EntryChange {
  id: string;
  fields: FieldChange[];
}

/** Differences in one list. */
export interface ListDiff {
  /** Ids only in the new catalogue. */
  added: string[];
  /** Ids only in the old catalogue. */
  removed: string[];
  changed: EntryChange[];
}

/** A service whose digitisation level changed. */
export interface LevelChange {
  id: string;
  old: number;
  new: number;
}

/** Everything that changed from one catalogue version to the next. */
export interface CatalogueDiff {
  old_version: string;
  new_version: string;
  /** Top-level fields that differ (format, name, version, start_year). */
  fields: FieldChange[];
  entities: ListDiff;
  building_blocks: ListDiff;
  systems: ListDiff;
  workflows: ListDiff;
  services: ListDiff;
  life_events: ListDiff;
  policies: ListDiff;
  /** Services present in both whose `level` changed (up or down). */
  level_changes: LevelChange[];
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/** Limits the readers enforce (hostile or broken inputs give a clear error). */
export interface Limits {
  /** Largest input, in bytes (default 64 MiB). */
  max_bytes?: number;
  /** Most services in one catalogue (default 100,000). */
  max_services?: number;
  /** Deepest nesting of JSON arrays and objects (default 64). */
  max_depth?: number;
  /** Largest total decompressed size of an XLSX workbook, in bytes. */
  max_xlsx_decompressed?: number;
  /** Most rows in one CSV file or sheet. */
  max_rows?: number;
}

/** How to read a catalogue. */
export interface ReadOptions {
  /** The name errors give the input, e.g. the uploaded file's name (default `catalogue`). */
  document?: string;
  limits?: Limits;
}

/** How to read a scenario. */
export interface ScenarioReadOptions {
  /** The name errors give the input (default `scenario`). */
  document?: string;
  /** Also check the scenario against this catalogue (target years, ...). */
  catalogue?: Catalogue | string;
}

/** How to read CSV tables. */
export interface CsvReadOptions {
  limits?: Limits;
}

/**
 * Read and validate a catalogue (an object or JSON text); returns it with
 * every default filled in.
 * @throws {ScaleplanError} listing every problem found, each with its list,
 * index, id and field (`error.problems`).
 */
export function validate(catalogue: Catalogue | string, options?: ReadOptions | null): Catalogue;

/**
 * Read and validate a scenario (an object or JSON text); returns it with
 * every default filled in. With `options.catalogue`, also checks it against
 * that catalogue.
 * @throws {ScaleplanError} listing every problem found.
 */
export function validateScenario(scenario: Scenario | string, options?: ScenarioReadOptions | null): Scenario;

/**
 * Read a catalogue from CSV tables given as text by file name
 * (`{"catalogue.csv": "...", "services.csv": "..."}`), e.g. from a browser
 * upload; the same rules as a folder of CSV files (FORMAT.md).
 * @throws {ScaleplanError} naming file, row and column of every problem.
 */
export function fromCsv(files: Record<string, string>, options?: CsvReadOptions | null): Catalogue;

// ---------------------------------------------------------------------------
// KPIs and progress tracking
// ---------------------------------------------------------------------------

export interface EntityUse {
  used: number;
  capacity: number;
  /** used / capacity, null when the capacity is 0. */
  utilisation: number | null;
}

/** The KPIs of one year of a roadmap, recomputed from its decisions. */
export interface KpiYear {
  year: number;
  /** 0 for the baseline row before year 1. */
  plan_year: number;
  services_total: number;
  services_at_target: number;
  share_at_target: number;
  share_demand_at_target: number;
  interactions_avoided: number;
  life_events_complete: number;
  life_events_total: number;
  blocks_in_place: number;
  blocks_total: number;
  spend: number;
  cumulative_spend: number;
  /** Entity id -> capacity use. */
  capacity: Record<string, EntityUse>;
}

export type TrackStatus = "done" | "on_track" | "late" | "ahead" | "not_planned";

export interface Snapshot {
  services_at_target: number;
  share_at_target: number;
  share_demand_at_target: number;
  interactions_avoided: number;
  life_events_complete: number;
  blocks_in_place: number;
}

export interface ServiceTrack {
  id: string;
  name: string;
  status: TrackStatus;
  planned_year: number | null;
  already_done: boolean;
  in_roadmap: boolean;
  level: number;
  target_level: number;
}

export interface BlockTrack {
  id: string;
  status: TrackStatus;
  planned_year: number;
  in_place: boolean;
}

export interface StatusCounts {
  done: number;
  on_track: number;
  late: number;
  ahead: number;
  not_planned: number;
}

export interface KpiComparison {
  year: number;
  planned: Snapshot;
  actual: Snapshot | null;
}

/** A roadmap against a newer catalogue (levels as they are now) at the end of a year. */
export interface Tracking {
  year: number;
  start_year: number;
  end_year: number;
  services: ServiceTrack[];
  counts: StatusCounts;
  /** Services of the roadmap no longer in the catalogue. */
  removed: string[];
  building_blocks: BlockTrack[];
  kpis: KpiComparison[];
  planned: Snapshot;
  actual: Snapshot;
}

/**
 * Read a catalogue from the bytes of an XLSX workbook: scaleplan's own
 * layout or a GovStack RFI-2 workbook. `options.document` names it in errors
 * (default `catalogue.xlsx`).
 * @throws {ScaleplanError} naming sheet, row and column of every problem;
 * `kind: "limit"` for a workbook too large once decompressed.
 */
export function fromXlsx(bytes: Uint8Array, options?: { document?: string } | null): Catalogue;
