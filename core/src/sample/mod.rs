//! The bundled sample: the fictional **Republic of Arcadia**.
//!
//! 97 public services over 12 ministries and agencies (11 of them already
//! at their target level), the 15 GovStack building blocks (7 of them missing, each
//! with reuse, tender or build options), a systems catalogue of real
//! open-source digital public goods (MOSIP, OpenCRVS, Mifos Payment Hub EE,
//! X-Road, Keycloak, Flowable, Inji, ...), 10 generic workflows, 16 citizen
//! and business life events after the EU eGovernment Benchmark, and the
//! regulatory framework with mixed statuses. The default scenario plans five
//! years with a yearly budget and two targets; budget binds in the first
//! years and ministry capacity later.
//!
//! The data is embedded in the crate, so the command line and the bindings
//! work with no file at all. It is written by `scripts/make_sample.py`
//! (which also checks with a greedy schedule that the scenario is
//! feasible).
//!
//! # Examples
//!
//! ```
//! let catalogue = scaleplan::sample::catalogue();
//! assert_eq!(catalogue.name, "Republic of Arcadia");
//! let scenario = scaleplan::sample::scenario();
//! assert_eq!(scenario.horizon, 5);
//! ```

use crate::model::{Catalogue, Scenario};

/// The sample catalogue as JSON text (FORMAT.md).
pub const CATALOGUE_JSON: &str = include_str!("arcadia.catalogue.json");

/// The sample's default scenario as JSON text (FORMAT.md).
pub const SCENARIO_JSON: &str = include_str!("arcadia.scenario.json");

/// The sample catalogue of the Republic of Arcadia.
///
/// The embedded document is checked by the crate's tests; should it ever
/// fail to parse, an empty catalogue is returned rather than a panic.
pub fn catalogue() -> Catalogue {
    serde_json::from_str(CATALOGUE_JSON).unwrap_or_default()
}

/// The sample's default scenario: 5 years, a yearly budget, a share of
/// services by count in 2029 and a share of demand in 2031.
pub fn scenario() -> Scenario {
    serde_json::from_str(SCENARIO_JSON).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BlockStatus, PolicyKind, PolicyStatus};
    use std::collections::{BTreeSet, HashMap};

    const GOVSTACK: [&str; 15] = [
        "identity",
        "registration",
        "payments",
        "messaging",
        "information-mediator",
        "digital-registries",
        "consent",
        "workflow",
        "scheduler",
        "e-signature",
        "gis",
        "content-management",
        "wallet",
        "e-marketplace",
        "cloud-infrastructure",
    ];

    #[test]
    fn documents_parse_strictly() {
        // from_str is strict (deny_unknown_fields); an error here names the field.
        let c: Catalogue = serde_json::from_str(CATALOGUE_JSON).unwrap();
        let s: Scenario = serde_json::from_str(SCENARIO_JSON).unwrap();
        assert_eq!(c, catalogue());
        assert_eq!(s, scenario());
        assert_eq!(c.format, "scaleplan/1");
    }

    #[test]
    fn validates() {
        let c = catalogue();
        if let Err(e) = crate::validate::validate_catalogue(&c) {
            panic!("the sample catalogue is invalid: {e}");
        }
        if let Err(e) = crate::validate::validate_scenario(&scenario(), &c) {
            panic!("the sample scenario is invalid: {e}");
        }
    }

    #[test]
    fn meets_the_promised_counts() {
        let c = catalogue();
        assert!(c.services.len() >= 85, "{} services", c.services.len());
        assert!(c.entities.len() >= 10);
        assert!(c.life_events.len() >= 12);
        let ids: BTreeSet<&str> = c.building_blocks.iter().map(|b| b.id.as_str()).collect();
        for b in GOVSTACK {
            assert!(ids.contains(b), "block {b} missing from the sample");
        }
        let missing: Vec<_> = c
            .building_blocks
            .iter()
            .filter(|b| b.status == BlockStatus::Missing)
            .collect();
        assert!(missing.len() >= 3);
        for b in &missing {
            assert!(
                !b.options.is_empty(),
                "missing block {} has no options",
                b.id
            );
        }
        let done = c.services.iter().filter(|s| s.is_done()).count();
        assert!(done >= 5 && done < c.services.len() / 4);
        let levels: BTreeSet<u8> = c.services.iter().map(|s| s.level).collect();
        assert_eq!(levels, [1, 2, 3, 4].into_iter().collect());
        assert!(c.services.iter().filter(|s| !s.kpis.is_empty()).count() > c.services.len() / 2);
        assert!(c.services.iter().any(|s| s.deadline_year.is_some()));
        assert!(c.services.iter().any(|s| s.earliest_year.is_some()));
        assert!(
            c.services
                .iter()
                .filter(|s| !s.depends_on.is_empty())
                .count()
                >= 5
        );
        // every framework kind is present, with more than one status
        let kinds: BTreeSet<PolicyKind> = c.policies.iter().map(|p| p.kind).collect();
        for k in PolicyKind::FRAMEWORK {
            assert!(kinds.contains(&k), "policy kind {} missing", k.as_str());
        }
        let statuses: BTreeSet<&str> = c.policies.iter().map(|p| p.status.as_str()).collect();
        assert!(statuses.len() >= 3);
        assert!(c.policies.iter().any(|p| p.status == PolicyStatus::InForce));
        // both audiences
        assert!(c
            .life_events
            .iter()
            .any(|l| l.audience == crate::model::Audience::Business));
        // real DPGs with urls
        for sys in [
            "mosip",
            "opencrvs",
            "mifos-ph-ee",
            "x-road",
            "keycloak",
            "inji",
        ] {
            let s = c.systems.iter().find(|s| s.id == sys).unwrap();
            assert!(s.url.as_deref().unwrap_or("").starts_with("https://"));
            assert!(!s.provides.is_empty());
        }
    }

    #[test]
    fn references_resolve_and_dependencies_are_acyclic() {
        let c = catalogue();
        let blocks: BTreeSet<&str> = c.building_blocks.iter().map(|b| b.id.as_str()).collect();
        let systems: BTreeSet<&str> = c.systems.iter().map(|b| b.id.as_str()).collect();
        let entities: BTreeSet<&str> = c.entities.iter().map(|b| b.id.as_str()).collect();
        let workflows: BTreeSet<&str> = c.workflows.iter().map(|b| b.id.as_str()).collect();
        let services: HashMap<&str, usize> = c
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        assert_eq!(services.len(), c.services.len(), "duplicate service id");
        for b in &c.building_blocks {
            for o in &b.options {
                if let Some(s) = &o.system {
                    assert!(systems.contains(s.as_str()), "{}", s);
                }
            }
        }
        for s in &c.systems {
            for b in &s.provides {
                assert!(blocks.contains(b.as_str()), "{}", b);
            }
        }
        for w in &c.workflows {
            for b in &w.building_blocks {
                assert!(blocks.contains(b.as_str()), "{}", b);
            }
        }
        for s in &c.services {
            assert!(entities.contains(s.entity.as_str()), "{}", s.id);
            if let Some(w) = &s.workflow {
                assert!(workflows.contains(w.as_str()), "{}", s.id);
            }
            for b in &s.building_blocks {
                assert!(blocks.contains(b.as_str()), "{} needs {}", s.id, b);
            }
            for d in &s.depends_on {
                assert!(services.contains_key(d.as_str()), "{} -> {}", s.id, d);
            }
        }
        for l in &c.life_events {
            for s in &l.services {
                assert!(services.contains_key(s.as_str()), "{} -> {}", l.id, s);
            }
        }
        // Kahn's algorithm: every service gets ordered.
        let mut indeg = vec![0usize; c.services.len()];
        for (i, s) in c.services.iter().enumerate() {
            indeg[i] = s.depends_on.len();
        }
        let mut ready: Vec<usize> = (0..c.services.len()).filter(|&i| indeg[i] == 0).collect();
        let mut seen = 0;
        while let Some(i) = ready.pop() {
            seen += 1;
            for (j, s) in c.services.iter().enumerate() {
                if s.depends_on.iter().any(|d| d == c.services[i].id.as_str()) {
                    indeg[j] -= 1;
                    if indeg[j] == 0 {
                        ready.push(j);
                    }
                }
            }
        }
        assert_eq!(seen, c.services.len(), "depends_on has a cycle");
    }

    #[test]
    fn scenario_fits_the_catalogue() {
        let c = catalogue();
        let s = scenario();
        assert_eq!(s.horizon, 5);
        assert!(s.budget.is_some());
        assert!(s.targets.len() >= 2);
        let last = c.start_year + s.horizon as i32 - 1;
        for t in &s.targets {
            assert!(t.year >= c.start_year && t.year <= last);
            assert!(t.share > 0.0 && t.share <= 1.0);
        }
        // budget and capacity bind: the budget does not cover all open
        // services plus the cheapest acquisition of every missing block, and
        // some ministries cannot do all their open work within the horizon
        let open: Vec<_> = c.services.iter().filter(|s| !s.is_done()).collect();
        let blocks: f64 = c
            .building_blocks
            .iter()
            .filter_map(|b| b.options.iter().map(|o| o.cost).min_by(f64::total_cmp))
            .sum();
        let cost: f64 = open.iter().map(|s| s.cost).sum::<f64>() + blocks;
        let budget: f64 = (1..=s.horizon as usize)
            .filter_map(|t| s.budget_at(t))
            .sum();
        assert!(
            budget < cost,
            "budget {budget} covers all the work ({cost})"
        );
        let short = c
            .entities
            .iter()
            .filter(|e| {
                let cap: f64 = (1..=s.horizon as usize).map(|t| e.capacity.at(t)).sum();
                let effort: f64 = open
                    .iter()
                    .filter(|s| s.entity == e.id)
                    .map(|s| s.effort)
                    .sum();
                cap < effort
            })
            .count();
        assert!(short >= 2, "only {short} ministries are short of capacity");
        // and every open service fits in one year of its ministry
        for sv in &open {
            let e = c.entity(sv.entity.as_str()).unwrap();
            let min = (1..=s.horizon as usize)
                .map(|t| e.capacity.at(t))
                .fold(f64::INFINITY, f64::min);
            assert!(sv.effort <= min, "{} can never fit", sv.id);
        }
    }
}
