//! The figures the dashboard shows, gathered in one place so the templates
//! only format them.
//!
//! Yearly KPIs come from the roadmap's `years` summaries (FORMAT.md); the
//! count of blocks in place per year from its `building_blocks`. When
//! `scaleplan::kpi` and `scaleplan::track` land, these helpers become thin
//! adapters over them.

use crate::model::{BlockStatus, Catalogue, Roadmap, Scenario, Service, ServicePlan};
use std::collections::{BTreeMap, HashMap, HashSet};

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
    pub capacity_used: BTreeMap<String, f64>,
}

/// The KPIs before the plan starts, from the catalogue alone.
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

fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

/// Today's KPIs of a catalogue, counting a service at target when
/// `at_target` says so.
pub(crate) fn baseline_with(cat: &Catalogue, at_target: impl Fn(&Service) -> bool) -> Baseline {
    let done: HashSet<&str> = cat
        .services
        .iter()
        .filter(|s| at_target(s))
        .map(|s| s.id.as_str())
        .collect();
    let total_demand: f64 = cat.services.iter().map(|s| s.demand.max(0.0)).sum();
    let done_demand: f64 = cat
        .services
        .iter()
        .filter(|s| done.contains(s.id.as_str()))
        .map(|s| s.demand.max(0.0))
        .sum();
    let life_events_complete = cat
        .life_events
        .iter()
        .filter(|le| le.services.iter().all(|s| done.contains(s.as_str())))
        .count();
    Baseline {
        services: cat.services.len(),
        services_at_target: done.len(),
        share_count: share(done.len() as f64, cat.services.len() as f64),
        share_demand: share(done_demand, total_demand),
        life_events: cat.life_events.len(),
        life_events_complete,
        blocks: cat.building_blocks.len(),
        blocks_in_place: cat
            .building_blocks
            .iter()
            .filter(|b| b.status == BlockStatus::Available)
            .count(),
    }
}

/// Today's KPIs of the catalogue the roadmap was planned from.
pub(crate) fn baseline(cat: &Catalogue) -> Baseline {
    baseline_with(cat, Service::is_done)
}

/// Blocks in place at the end of `year`: available ones plus missing ones
/// the roadmap makes available by then.
fn blocks_in_place(cat: &Catalogue, roadmap: &Roadmap, year: i32) -> usize {
    let acquired: HashSet<&str> = roadmap
        .building_blocks
        .iter()
        .filter(|b| b.available_year <= year)
        .map(|b| b.id.as_str())
        .collect();
    cat.building_blocks
        .iter()
        .filter(|b| b.status == BlockStatus::Available || acquired.contains(b.id.as_str()))
        .count()
}

/// The KPIs per plan year.
pub(crate) fn year_figures(
    cat: &Catalogue,
    roadmap: &Roadmap,
    scenario: Option<&Scenario>,
) -> Vec<YearFigures> {
    let start = roadmap.start_year.unwrap_or(cat.start_year);
    roadmap
        .years
        .iter()
        .map(|y| {
            let t = usize::try_from(y.year - start + 1).unwrap_or(1).max(1);
            YearFigures {
                year: y.year,
                services_at_target: y.services_at_target,
                share_count: y.share_at_target,
                share_demand: y.share_demand_at_target,
                interactions_avoided: y.interactions_avoided,
                life_events_complete: y.life_events_complete,
                blocks_in_place: blocks_in_place(cat, roadmap, y.year),
                spend: y.budget_used,
                budget: scenario.and_then(|s| s.budget_at(t)),
                capacity_used: y.capacity_used.clone(),
            }
        })
        .collect()
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

/// Progress of one service against the roadmap, given a newer catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TrackStatus {
    /// At target now, as planned.
    Done,
    /// At target now, earlier than planned.
    Ahead,
    /// Not yet at target, planned for a later year.
    OnTrack,
    /// Not at target although the plan said it would be by now.
    Late,
    /// Not at target and not within the plan.
    NotPlanned,
    /// Not in the newer catalogue.
    Gone,
}

/// Tracking status of a service at the end of `year`.
pub(crate) fn track(
    planned: When,
    now: Option<&Service>,
    target_level: u8,
    year: i32,
) -> TrackStatus {
    let Some(now) = now else {
        return TrackStatus::Gone;
    };
    let at_target = now.level >= target_level;
    match (at_target, planned) {
        (true, When::Year(p)) if p > year => TrackStatus::Ahead,
        (true, _) => TrackStatus::Done,
        (false, When::Year(p)) if p > year => TrackStatus::OnTrack,
        (false, When::Year(_)) | (false, When::Before) => TrackStatus::Late,
        (false, When::Never) => TrackStatus::NotPlanned,
    }
}

/// Services by id.
pub(crate) fn services_by_id(cat: &Catalogue) -> HashMap<&str, &Service> {
    cat.services.iter().map(|s| (s.id.as_str(), s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_compares_levels_now_with_the_plan() {
        let mut now = Service::new("a", "e", 4);
        assert_eq!(
            track(When::Year(2030), Some(&now), 4, 2028),
            TrackStatus::Ahead
        );
        assert_eq!(
            track(When::Year(2028), Some(&now), 4, 2028),
            TrackStatus::Done
        );
        assert_eq!(track(When::Before, Some(&now), 4, 2028), TrackStatus::Done);
        now.level = 3;
        assert_eq!(
            track(When::Year(2030), Some(&now), 4, 2028),
            TrackStatus::OnTrack
        );
        assert_eq!(
            track(When::Year(2028), Some(&now), 4, 2028),
            TrackStatus::Late
        );
        assert_eq!(
            track(When::Never, Some(&now), 4, 2028),
            TrackStatus::NotPlanned
        );
        assert_eq!(
            track(When::Year(2030), Some(&now), 3, 2028),
            TrackStatus::Ahead
        );
        assert_eq!(track(When::Year(2030), None, 4, 2028), TrackStatus::Gone);
    }
}
