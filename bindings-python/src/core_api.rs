//! Every call into the `scaleplan` core, in one place.
//!
//! The binding converts; it holds no rules. Each function here forwards to
//! the core function of the same name (team brief, "Core API names").
//! Keeping them together means one file to read to see what Python
//! exposes, and one place to adapt when a core signature changes.

use scaleplan::{Catalogue, Error, Result, Roadmap, Scenario};
use std::collections::BTreeMap;
use std::path::Path;

pub fn read_catalogue(path: &Path) -> Result<(Catalogue, Vec<scaleplan::Problem>)> {
    let loaded = scaleplan::io::read_catalogue_with(path, &scaleplan::io::ReadOptions::default())?;
    Ok((loaded.value, loaded.warnings))
}

pub fn catalogue_from_value(value: serde_json::Value, document: &str) -> Result<Catalogue> {
    scaleplan::io::catalogue_from_value(value, document)
}

pub fn catalogue_from_json(text: &str, document: &str) -> Result<Catalogue> {
    scaleplan::io::catalogue_from_json(text, document)
}

pub fn catalogue_from_csv_texts(texts: &BTreeMap<String, String>) -> Result<Catalogue> {
    scaleplan::io::csv::catalogue_from_csv_texts(texts, &scaleplan::io::Limits::default())
}

pub fn catalogue_to_csv_texts(catalogue: &Catalogue) -> Result<BTreeMap<String, String>> {
    scaleplan::io::csv::catalogue_to_csv_texts(catalogue)
}

pub fn write_catalogue(catalogue: &Catalogue, path: &Path) -> Result<()> {
    scaleplan::io::write_catalogue(catalogue, path)
}

pub fn scenario_from_value(value: serde_json::Value, document: &str) -> Result<Scenario> {
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

pub fn diff(_old: &Catalogue, _new: &Catalogue) -> Result<serde_json::Value> {
    Err(missing("diff"))
}

pub fn score(_catalogue: &Catalogue) -> Result<serde_json::Value> {
    Err(missing("score"))
}

pub fn gaps(catalogue: &Catalogue) -> Result<serde_json::Value> {
    to_value(&scaleplan::gaps::gaps(catalogue))
}

pub fn kpi_timeline(_catalogue: &Catalogue, _roadmap: &Roadmap) -> Result<serde_json::Value> {
    Err(missing("kpi"))
}

pub fn graph(_catalogue: &Catalogue) -> Result<serde_json::Value> {
    Err(missing("graph"))
}

pub fn verify(
    _catalogue: &Catalogue,
    _scenario: &Scenario,
    _roadmap: &Roadmap,
) -> Result<serde_json::Value> {
    Err(missing("verify"))
}

pub fn dashboard(_catalogue: &Catalogue, _roadmap: &Roadmap) -> Result<String> {
    Err(missing("report"))
}

/// Solver progress (placeholder until core `plan` lands).
pub struct Progress {
    pub elapsed_s: f64,
    pub objective: Option<f64>,
    pub bound: Option<f64>,
    pub phase: String,
}
pub struct Backend;
pub fn backend(_name: &str) -> Option<Backend> {
    None
}
pub fn plan<F>(_c: &Catalogue, _s: &Scenario, _b: Option<Backend>, _f: F) -> Result<Roadmap>
where
    F: FnMut(&Progress) -> bool + Send + 'static,
{
    Err(missing("plan"))
}
pub fn plan_many(_c: &Catalogue, s: &[Scenario]) -> Vec<Result<Roadmap>> {
    s.iter().map(|_| Err(missing("plan"))).collect()
}
fn missing(what: &str) -> Error {
    Error::Solver(format!("{what} is not available in this build yet"))
}

#[allow(dead_code)]
fn to_value<T: serde::Serialize>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::Solver(format!("could not convert a result: {e}")))
}
