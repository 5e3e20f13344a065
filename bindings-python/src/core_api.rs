//! Every call into the `scaleplan` core, in one place.
//!
//! The binding converts; it holds no rules. Each function here forwards to
//! the core function of the same name (team brief, "Core API names").
//! Keeping them together means one file to read to see what Python
//! exposes, and one place to adapt when a core signature changes. Analysis
//! results are handed on as JSON text (every core result type is
//! `Serialize`), so Python sees the same shape as the command line and WASM.

use scaleplan::{Catalogue, Error, Result, Roadmap, Scenario};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

pub use scaleplan::plan::{Backend, Progress};

pub use scaleplan::io::Limits;

pub fn read_catalogue(path: &Path, limits: Limits) -> Result<(Catalogue, Vec<scaleplan::Problem>)> {
    let loaded = scaleplan::io::read_catalogue_with(path, &scaleplan::io::ReadOptions { limits })?;
    Ok((loaded.value, loaded.warnings))
}

pub fn catalogue_from_value(value: Value, document: &str, limits: &Limits) -> Result<Catalogue> {
    scaleplan::io::catalogue_from_value_with(value, document, limits)
}

pub fn catalogue_from_json(text: &str, document: &str, limits: &Limits) -> Result<Catalogue> {
    scaleplan::io::catalogue_from_json_with(text, document, limits)
}

pub fn catalogue_from_csv_texts(
    texts: &BTreeMap<String, String>,
    limits: &Limits,
) -> Result<Catalogue> {
    scaleplan::io::csv::catalogue_from_csv_texts(texts, limits)
}

/// Limits from a dict of `Limits` fields (the others keep their defaults);
/// an unknown field is an error.
pub fn limits_from_value(value: Value) -> Result<Limits> {
    let known = serde_json::to_value(Limits::default()).unwrap_or(Value::Null);
    let document = scaleplan::Location::document("limits");
    if let (Value::Object(given), Value::Object(known)) = (&value, &known) {
        let names: Vec<&str> = known.keys().map(String::as_str).collect();
        let problems: Vec<scaleplan::Problem> = given
            .keys()
            .filter(|k| !known.contains_key(k.as_str()))
            .map(|k| {
                scaleplan::Problem::new(
                    document.clone().field(k.as_str()),
                    format!("unknown limit (expected one of {})", names.join(", ")),
                )
            })
            .collect();
        if !problems.is_empty() {
            return Err(Error::Invalid(scaleplan::ValidationErrors::new(problems)));
        }
    }
    serde_json::from_value(value).map_err(|e| Error::invalid(document, e.to_string()))
}

pub fn scenario_from_json(text: &str, document: &str) -> Result<Scenario> {
    scaleplan::io::scenario_from_json(text, document)
}

pub fn catalogue_to_csv_texts(catalogue: &Catalogue) -> Result<BTreeMap<String, String>> {
    scaleplan::io::csv::catalogue_to_csv_texts(catalogue)
}

pub fn write_catalogue(catalogue: &Catalogue, path: &Path) -> Result<()> {
    scaleplan::io::write_catalogue(catalogue, path)
}

pub fn scenario_from_value(value: Value, document: &str) -> Result<Scenario> {
    scaleplan::io::scenario_from_value(value, document)
}

pub fn read_scenario(path: &Path) -> Result<Scenario> {
    scaleplan::io::read_scenario(path)
}

pub fn roadmap_from_json(text: &str, document: &str) -> Result<Roadmap> {
    scaleplan::io::roadmap_from_json(text, document)
}

pub fn read_roadmap(path: &Path) -> Result<Roadmap> {
    scaleplan::io::read_roadmap(path)
}

pub fn validate_catalogue(catalogue: &Catalogue) -> Result<()> {
    scaleplan::validate::validate_catalogue(catalogue).map_err(Error::from)
}

pub fn sample_catalogue() -> Catalogue {
    scaleplan::sample::catalogue()
}

pub fn sample_scenario() -> Scenario {
    scaleplan::sample::scenario()
}

/// A synthetic catalogue and scenario (seeded, deterministic, valid),
/// entities, blocks and life events scaled to the number of services.
pub fn generate(
    services: usize,
    seed: u64,
    years: Option<u32>,
    start_year: Option<i32>,
) -> (Catalogue, Scenario) {
    let mut config = scaleplan::generate::GeneratorConfig::sized(services);
    config.seed = seed;
    if let Some(y) = years {
        config.years = y;
    }
    if let Some(y) = start_year {
        config.start_year = y;
    }
    scaleplan::generate::generate(&config)
}

pub fn diff(old: &Catalogue, new: &Catalogue) -> Result<String> {
    to_json(&scaleplan::diff::diff(old, new))
}

/// Scores with the given weights (a dict of `ScoreWeights` fields; the
/// others keep their defaults), or the default weights.
pub fn score(catalogue: &Catalogue, weights: Option<Value>) -> Result<String> {
    let weights: scaleplan::score::ScoreWeights = match weights {
        None => scaleplan::score::ScoreWeights::default(),
        Some(v) => serde_json::from_value(v)
            .map_err(|e| Error::invalid(scaleplan::Location::document("weights"), e.to_string()))?,
    };
    to_json(&scaleplan::score::score(catalogue, &weights))
}

pub fn gaps(catalogue: &Catalogue) -> Result<String> {
    to_json(&scaleplan::gaps::gaps(catalogue))
}

pub fn kpi_timeline(catalogue: &Catalogue, roadmap: &Roadmap) -> Result<String> {
    to_json(&scaleplan::kpi::timeline(catalogue, roadmap))
}

pub fn graph(catalogue: &Catalogue) -> Result<String> {
    to_json(&scaleplan::graph::analyse(catalogue))
}

/// A roadmap against a newer catalogue in calendar year `year`.
pub fn track(roadmap: &Roadmap, catalogue_now: &Catalogue, year: i32) -> Result<String> {
    to_json(&scaleplan::track::track(roadmap, catalogue_now, year))
}

pub use scaleplan::track::ReplanInputs;

/// The catalogue and scenario of a re-plan from `year` (the planner is
/// then run like any other solve, with progress and Ctrl-C).
pub fn replan_inputs(
    old: &Roadmap,
    catalogue_now: &Catalogue,
    scenario: &Scenario,
    year: i32,
) -> ReplanInputs {
    scaleplan::track::replan_inputs(old, catalogue_now, scenario, year)
}

/// The re-plan's changes (JSON of the core's `Replan` without its roadmap).
pub fn finish_replan(
    old: &Roadmap,
    catalogue_now: &Catalogue,
    inputs: ReplanInputs,
    new: Roadmap,
) -> Result<(Roadmap, String)> {
    let mut r = scaleplan::track::finish_replan(old, catalogue_now, inputs, new);
    let roadmap = std::mem::replace(&mut r.roadmap, Roadmap::empty(scaleplan::Status::Error));
    let mut v = serde_json::to_value(&r)
        .map_err(|e| Error::Solver(format!("could not convert a result: {e}")))?;
    if let Value::Object(m) = &mut v {
        m.remove("roadmap");
    }
    Ok((roadmap, to_json(&v)?))
}

/// The verifier's verdict: JSON text, whether it is ok, the recomputed
/// objective and the number of violations.
pub struct Verdict {
    pub json: String,
    pub ok: bool,
    pub objective: f64,
    pub violations: usize,
}

pub fn verify(catalogue: &Catalogue, scenario: &Scenario, roadmap: &Roadmap) -> Result<Verdict> {
    let v = scaleplan::verify::verify(catalogue, scenario, roadmap);
    Ok(Verdict {
        json: to_json(&v)?,
        ok: v.is_ok(),
        objective: v.objective,
        violations: v.violations.len(),
    })
}

pub struct HtmlOptions {
    pub title: Option<String>,
    pub scenario: Option<Scenario>,
    pub catalogue_now: Option<Catalogue>,
    pub current_year: Option<i32>,
}

pub fn dashboard(catalogue: &Catalogue, roadmap: &Roadmap, o: HtmlOptions) -> Result<String> {
    let options = scaleplan::report::ReportOptions {
        title: o.title,
        catalogue_now: o.catalogue_now,
        current_year: o.current_year,
        scenario: o.scenario,
    };
    scaleplan::report::dashboard(catalogue, roadmap, &options)
}

/// Solver backends by name (`highs`, `microlp`, `heuristic`).
pub fn backend(name: &str) -> std::result::Result<Backend, String> {
    name.parse()
}

/// Plan one scenario, calling `on_progress` as the solver reports (return
/// false to stop).
pub fn plan<F>(
    catalogue: &Catalogue,
    scenario: &Scenario,
    backend: Option<Backend>,
    on_progress: F,
) -> Result<Roadmap>
where
    F: FnMut(&Progress) -> bool + Send + 'static,
{
    let mut planner = scaleplan::plan::Planner::new(catalogue)
        .scenario(scenario)
        .on_progress(on_progress);
    if let Some(b) = backend {
        planner = planner.backend(b);
    }
    planner.solve()
}

/// Plan several scenarios (in parallel with the `parallel` feature).
pub fn plan_many(catalogue: &Catalogue, scenarios: &[Scenario]) -> Vec<Result<Roadmap>> {
    scaleplan::plan::plan_many(catalogue, scenarios)
}

/// JSON text of a core result (struct field order kept, unlike a `Value`).
fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| Error::Solver(format!("could not convert a result: {e}")))
}
