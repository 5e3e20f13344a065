//! The figures the dashboard shows, gathered in one place so the templates
//! only format them.
//!
//! Yearly KPIs are `scaleplan::kpi`'s timeline (recomputed from the
//! roadmap's decisions); this module only adds the scenario's budget and
//! reshapes the rows for the page.

use crate::kpi::{self, KpiYear};
use crate::model::{Catalogue, Roadmap, Scenario, Service, ServicePlan};
use std::collections::{BTreeMap, HashMap};

/// The KPIs of one plan year.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct YearFigures {
    pub year: i32,
    pub services_at_target: usize,
    pub share_count: f64,
    pub share_demand: f64,
    pub interactions_avoided: f64,
    pub life_events_complete: usize,
    pub blocks_in_place: usize,
    pub spend: f64,
    /// The scenario's budget that year; `None` when unlimited or unknown.
    pub budget: Option<f64>,
    /// Entity id -> (person-months used, person-months available).
    pub capacity: BTreeMap<String, (f64, f64)>,
}

/// The KPIs before the plan starts (the timeline's baseline row).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Baseline {
    pub services: usize,
    pub services_at_target: usize,
    pub share_count: f64,
    pub share_demand: f64,
    pub life_events: usize,
    pub life_events_complete: usize,
    pub blocks: usize,
    pub blocks_in_place: usize,
}

impl Baseline {
    fn of(row: &KpiYear) -> Self {
        Baseline {
            services: row.services_total,
            services_at_target: row.services_at_target,
            share_count: row.share_at_target,
            share_demand: row.share_demand_at_target,
            life_events: row.life_events_total,
            life_events_complete: row.life_events_complete,
            blocks: row.blocks_total,
            blocks_in_place: row.blocks_in_place,
        }
    }
}

/// The baseline and the KPIs per plan year; no plan years when the roadmap
/// carries no plan (infeasible or error).
pub(crate) fn figures(
    cat: &Catalogue,
    roadmap: &Roadmap,
    scenario: Option<&Scenario>,
) -> (Baseline, Vec<YearFigures>) {
    let factor = scenario.map_or(1.0, |s| s.capacity_factor);
    let rows = kpi::timeline_with_factor(cat, roadmap, factor);
    let baseline = rows
        .iter()
        .find(|r| r.plan_year == 0)
        .map(Baseline::of)
        .unwrap_or_else(|| {
            // The timeline always has its baseline row; this is a fallback.
            let empty = Roadmap::empty(roadmap.status);
            kpi::timeline(cat, &empty)
                .first()
                .map(Baseline::of)
                .unwrap_or(Baseline {
                    services: cat.services.len(),
                    services_at_target: 0,
                    share_count: 0.0,
                    share_demand: 0.0,
                    life_events: cat.life_events.len(),
                    life_events_complete: 0,
                    blocks: cat.building_blocks.len(),
                    blocks_in_place: 0,
                })
        });
    if !roadmap.status.has_plan() {
        return (baseline, Vec::new());
    }
    let years = rows
        .iter()
        .filter(|r| r.plan_year > 0)
        .map(|r| YearFigures {
            year: r.year,
            services_at_target: r.services_at_target,
            share_count: r.share_at_target,
            share_demand: r.share_demand_at_target,
            interactions_avoided: r.interactions_avoided,
            life_events_complete: r.life_events_complete,
            blocks_in_place: r.blocks_in_place,
            spend: r.spend,
            budget: scenario.and_then(|s| s.budget_at(r.plan_year as usize)),
            capacity: r
                .capacity
                .iter()
                .map(|(k, u)| (k.clone(), (u.used, u.capacity)))
                .collect(),
        })
        .collect();
    (baseline, years)
}

/// When a service reaches its target in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum When {
    /// At target before the plan starts.
    Before,
    /// In this calendar year.
    Year(i32),
    /// Not within the plan.
    Never,
}

/// When `service` reaches its target according to `plan`.
pub(crate) fn when(service: &Service, plan: Option<&ServicePlan>) -> When {
    if service.is_done() || plan.is_some_and(|p| p.already_done) {
        return When::Before;
    }
    match plan.and_then(|p| p.year) {
        Some(y) => When::Year(y),
        None => When::Never,
    }
}

/// Services by id.
pub(crate) fn services_by_id(cat: &Catalogue) -> HashMap<&str, &Service> {
    cat.services.iter().map(|s| (s.id.as_str(), s)).collect()
}
