//! The conformance instances of MODEL.md (copied from
//! `shared/spec/conformance/` into `fixtures/conformance/`; they are
//! synthetic): every instance reproduces the expected status and, for
//! `optimal`, the objective within 1e-6 relative, with HiGHS (and with
//! microlp when the `microlp` feature is on). The heuristic's plans must be
//! feasible and bounded by the optimum, with a bound above it.

use scaleplan::plan::{Backend, Planner};
use scaleplan::{Catalogue, Roadmap, Scenario, Status};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/conformance")
}

fn read(name: &str) -> (Catalogue, Scenario) {
    let d = dir();
    let cat = std::fs::read_to_string(d.join(format!("{name}.catalogue.json"))).unwrap();
    let sc = std::fs::read_to_string(d.join(format!("{name}.scenario.json"))).unwrap();
    (
        serde_json::from_str(&cat).unwrap(),
        serde_json::from_str(&sc).unwrap(),
    )
}

fn expected() -> Vec<(String, String, Option<f64>)> {
    let text = std::fs::read_to_string(dir().join("expected.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut out: Vec<_> = v
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, e)| {
            (
                k.clone(),
                e["status"].as_str().unwrap().to_owned(),
                e.get("objective").and_then(|o| o.as_f64()),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(out.len(), 8);
    out
}

fn status_name(r: &Roadmap) -> &'static str {
    r.status.as_str()
}

fn check(backend: Backend) {
    for (name, status, objective) in expected() {
        let (cat, sc) = read(&name);
        let r = Planner::new(&cat)
            .scenario(&sc)
            .backend(backend)
            .mip_gap(1e-7)
            .solve()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            status_name(&r),
            status,
            "{name} with {backend:?}: {:?}",
            r.diagnosis
        );
        if let Some(obj) = objective {
            let rel = (r.objective - obj).abs() / obj.abs().max(1.0);
            assert!(
                rel <= 1e-6,
                "{name} with {backend:?}: objective {} expected {obj}",
                r.objective
            );
            assert!(r.bound >= r.objective - 1e-6 * obj.abs());
            assert_eq!(r.services.len(), cat.services.len());
        } else {
            assert!(
                !r.diagnosis.is_empty(),
                "{name}: infeasible without a diagnosis"
            );
        }
    }
}

#[test]
fn conformance_highs() {
    check(Backend::Highs);
}

#[cfg(feature = "microlp")]
#[test]
fn conformance_microlp() {
    check(Backend::Microlp);
}

#[test]
fn conformance_heuristic_is_feasible_and_bounded() {
    for (name, status, objective) in expected() {
        let (cat, sc) = read(&name);
        let r = Planner::new(&cat)
            .scenario(&sc)
            .backend(Backend::Heuristic)
            .solve()
            .unwrap();
        match objective {
            Some(obj) => {
                assert!(
                    r.status.has_plan(),
                    "{name}: {:?} {:?}",
                    r.status,
                    r.diagnosis
                );
                assert!(
                    r.objective <= obj * (1.0 + 1e-9),
                    "{name}: above the optimum"
                );
                assert!(
                    r.bound >= obj * (1.0 - 1e-9),
                    "{name}: bound {} below the optimum {obj}",
                    r.bound
                );
                // The heuristic should be decent on these small instances.
                assert!(
                    r.objective >= 0.8 * obj,
                    "{name}: heuristic {} vs optimum {obj}",
                    r.objective
                );
            }
            None => assert_eq!(status, "infeasible"),
        }
        if status == "infeasible" {
            assert_eq!(r.status, Status::Infeasible);
        }
    }
}
