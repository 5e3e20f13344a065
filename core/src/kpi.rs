//! KPI timeline of a roadmap: what the plan achieves, year by year.
//!
//! [`timeline`] recomputes every figure from the catalogue and the roadmap's
//! decisions (the service years and block acquisitions), so it also works
//! on a roadmap whose `years` were stripped or edited by hand. The first
//! row is the **baseline** (plan year 0, the calendar year before
//! `start_year`): the catalogue as it is, nothing spent.
//!
//! Definitions (per row, at the end of its calendar year `Y`):
//!
//! - a service is *at target* when the catalogue has it at target already
//!   (or the roadmap marks it `already_done`), or the roadmap brings it to
//!   target in a year `<= Y`;
//! - `share_at_target`: services at target / all services;
//!   `share_demand_at_target`: their demand / all demand (both 1 when the
//!   total is 0, as the planner's targets read them);
//! - `interactions_avoided`: sum of `demand * interactions` over the
//!   services at target (in-person interactions a year no longer needed;
//!   the same figure as the roadmap's `years[].interactions_avoided`);
//! - `life_events_complete`: life events all of whose services are at
//!   target (MODEL.md, constraint 10: an event with no services counts);
//! - `blocks_in_place`: blocks `available` in the catalogue plus blocks the
//!   roadmap acquires with `available_year <= Y`;
//! - `spend`: cost of the services going live in `Y` plus the cost of the
//!   acquisitions starting in `Y` (the block plan's `cost`, else its option's
//!   cost); `cumulative_spend` sums it from year 1;
//! - `capacity`: per entity, the effort of its services going live in `Y`,
//!   its capacity in that plan year (times `capacity_factor`), and their
//!   ratio.

use crate::model::{BlockStatus, Catalogue, Roadmap, ServicePlan};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Capacity use of one entity in one year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EntityUse {
    /// Person-months used by services going live.
    pub used: f64,
    /// Person-months available.
    pub capacity: f64,
    /// `used / capacity`; null when the capacity is 0.
    pub utilisation: Option<f64>,
}

/// The KPIs of one year of a roadmap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KpiYear {
    /// Calendar year.
    pub year: i32,
    /// Plan year, 1-based; 0 for the baseline row.
    pub plan_year: u32,
    /// Services in the catalogue.
    pub services_total: usize,
    /// Services at target at the end of the year.
    pub services_at_target: usize,
    /// Share of services at target, by count.
    pub share_at_target: f64,
    /// Share of demand at target.
    pub share_demand_at_target: f64,
    /// In-person interactions avoided per year.
    pub interactions_avoided: f64,
    /// Life events whose services are all at target.
    pub life_events_complete: usize,
    /// Life events in the catalogue.
    pub life_events_total: usize,
    /// Building blocks in place.
    pub blocks_in_place: usize,
    /// Building blocks in the catalogue.
    pub blocks_total: usize,
    /// Money spent in the year.
    pub spend: f64,
    /// Money spent from year 1 to this year.
    pub cumulative_spend: f64,
    /// Capacity use per entity id.
    pub capacity: BTreeMap<String, EntityUse>,
}

/// The state-based KPIs of one moment: what tracking can compare between
/// a plan and reality (spend and capacity are not in a catalogue).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Snapshot {
    /// Services at target.
    pub services_at_target: usize,
    /// Share of services at target, by count.
    pub share_at_target: f64,
    /// Share of demand at target.
    pub share_demand_at_target: f64,
    /// In-person interactions avoided per year.
    pub interactions_avoided: f64,
    /// Life events whose services are all at target.
    pub life_events_complete: usize,
    /// Building blocks in place.
    pub blocks_in_place: usize,
}

impl KpiYear {
    /// The state-based part of the row.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            services_at_target: self.services_at_target,
            share_at_target: self.share_at_target,
            share_demand_at_target: self.share_demand_at_target,
            interactions_avoided: self.interactions_avoided,
            life_events_complete: self.life_events_complete,
            blocks_in_place: self.blocks_in_place,
        }
    }
}

fn finite(x: f64) -> f64 {
    if x.is_finite() {
        x.max(0.0)
    } else {
        0.0
    }
}

/// State KPIs given which services are at target and how many blocks are
/// in place.
pub(crate) fn snapshot_of(
    catalogue: &Catalogue,
    at_target: &dyn Fn(usize) -> bool,
    blocks_in_place: usize,
) -> Snapshot {
    let n = catalogue.services.len();
    let mut count = 0usize;
    let mut demand_at = 0.0;
    let mut demand_all = 0.0;
    let mut interactions = 0.0;
    let mut ids_at: HashSet<&str> = HashSet::new();
    for (i, s) in catalogue.services.iter().enumerate() {
        let d = finite(s.demand);
        demand_all += d;
        if at_target(i) {
            count += 1;
            demand_at += d;
            ids_at.insert(s.id.as_str());
            interactions += d * finite(s.interactions);
        }
    }
    let known: HashSet<&str> = catalogue.services.iter().map(|s| s.id.as_str()).collect();
    let life_events_complete = catalogue
        .life_events
        .iter()
        .filter(|l| {
            l.services
                .iter()
                .filter(|s| known.contains(s.as_str()))
                .all(|s| ids_at.contains(s.as_str()))
        })
        .count();
    let share = if n == 0 { 1.0 } else { count as f64 / n as f64 };
    Snapshot {
        services_at_target: count,
        share_at_target: share,
        share_demand_at_target: if demand_all > 0.0 {
            demand_at / demand_all
        } else {
            1.0
        },
        interactions_avoided: interactions,
        life_events_complete,
        blocks_in_place,
    }
}

/// Calendar year of plan year 1 and number of plan years of a roadmap:
/// its own `start_year`/`horizon` when given, else the catalogue's start
/// year and the longest of its `years`, service years and block years.
/// The horizon is capped at [`crate::validate::MAX_HORIZON`] years.
///
/// # Examples
///
/// ```
/// use scaleplan::{Catalogue, Roadmap, Status};
/// let mut r = Roadmap::empty(Status::Optimal);
/// r.start_year = Some(2030);
/// r.horizon = Some(4);
/// assert_eq!(scaleplan::kpi::roadmap_span(&Catalogue::default(), &r), (2030, 4));
/// ```
pub fn roadmap_span(catalogue: &Catalogue, roadmap: &Roadmap) -> (i32, u32) {
    let start = roadmap.start_year.unwrap_or(catalogue.start_year);
    let cap = crate::validate::MAX_HORIZON;
    if let Some(h) = roadmap.horizon {
        return (start, h.min(cap));
    }
    let last = roadmap
        .years
        .iter()
        .map(|y| y.year)
        .chain(roadmap.services.iter().filter_map(|s| s.year))
        .chain(roadmap.building_blocks.iter().map(|b| b.available_year))
        .max();
    let h = match last {
        Some(y) if y >= start => {
            u32::try_from(i64::from(y) - i64::from(start) + 1).map_or(cap, |h| h.min(cap))
        }
        _ => 0,
    };
    (start, h)
}

/// KPI timeline of a roadmap: a baseline row, then one row per plan year.
/// Entity capacities are taken as they are in the catalogue (capacity
/// factor 1); see [`timeline_with_factor`].
///
/// # Examples
///
/// ```
/// use scaleplan::{Catalogue, Roadmap, Status};
/// let mut r = Roadmap::empty(Status::Optimal);
/// r.horizon = Some(3);
/// let rows = scaleplan::kpi::timeline(&Catalogue::default(), &r);
/// assert_eq!(rows.len(), 4);
/// assert_eq!(rows[0].plan_year, 0);
/// ```
pub fn timeline(catalogue: &Catalogue, roadmap: &Roadmap) -> Vec<KpiYear> {
    timeline_with_factor(catalogue, roadmap, 1.0)
}

/// [`timeline`] with every entity capacity multiplied by `capacity_factor`
/// (the scenario's; a non-finite or negative factor counts as 1).
///
/// # Examples
///
/// ```
/// use scaleplan::{Capacity, Catalogue, Entity, Roadmap, Status};
/// let mut c = Catalogue::default();
/// c.entities.push(Entity { id: "moh".into(), name: String::new(), capacity: Capacity::Constant(10.0) });
/// let mut r = Roadmap::empty(Status::Optimal);
/// r.horizon = Some(1);
/// let rows = scaleplan::kpi::timeline_with_factor(&c, &r, 1.5);
/// assert_eq!(rows[1].capacity["moh"].capacity, 15.0);
/// ```
pub fn timeline_with_factor(
    catalogue: &Catalogue,
    roadmap: &Roadmap,
    capacity_factor: f64,
) -> Vec<KpiYear> {
    timeline_inner(catalogue, roadmap, capacity_factor, true)
}

/// The timeline as the roadmap planned it: when `catalogue_levels` is
/// false, only the roadmap's `already_done` flags say what was at target at
/// the start, and every block the roadmap acquires counts as missing at the
/// start (tracking reads a newer catalogue whose levels and block statuses
/// already moved).
pub(crate) fn timeline_inner(
    catalogue: &Catalogue,
    roadmap: &Roadmap,
    capacity_factor: f64,
    catalogue_levels: bool,
) -> Vec<KpiYear> {
    let factor = if capacity_factor.is_finite() && capacity_factor >= 0.0 {
        capacity_factor
    } else {
        1.0
    };
    let (start, horizon) = roadmap_span(catalogue, roadmap);
    let plans: HashMap<&str, &ServicePlan> = roadmap
        .services
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let done_before = |i: usize| -> bool {
        catalogue.services.get(i).is_some_and(|s| {
            (catalogue_levels && s.is_done())
                || plans.get(s.id.as_str()).is_some_and(|p| p.already_done)
        })
    };
    let live_year = |i: usize| -> Option<i32> {
        let s = catalogue.services.get(i)?;
        if done_before(i) {
            return None;
        }
        plans.get(s.id.as_str()).and_then(|p| p.year)
    };

    // blocks: available ones, and the acquisitions of missing ones
    let acquired_ids: HashSet<&str> = roadmap
        .building_blocks
        .iter()
        .map(|b| b.id.as_str())
        .collect();
    let missing: HashSet<&str> = catalogue
        .building_blocks
        .iter()
        .filter(|b| {
            b.status == BlockStatus::Missing
                || (!catalogue_levels && acquired_ids.contains(b.id.as_str()))
        })
        .map(|b| b.id.as_str())
        .collect();
    let available = catalogue
        .building_blocks
        .len()
        .saturating_sub(missing.len());
    let mut acquired: Vec<(i32, i32, f64)> = Vec::new(); // (start, available, cost)
    let mut seen_blocks: HashSet<&str> = HashSet::new();
    for bp in &roadmap.building_blocks {
        if !missing.contains(bp.id.as_str()) || !seen_blocks.insert(bp.id.as_str()) {
            continue;
        }
        let cost = bp.cost.unwrap_or_else(|| {
            let block = catalogue.block(bp.id.as_str());
            let by_index = bp.option.and_then(|o| block.and_then(|b| b.options.get(o)));
            let by_approach =
                block.and_then(|b| b.options.iter().find(|o| o.approach == bp.approach));
            by_index.or(by_approach).map_or(0.0, |o| o.cost)
        });
        acquired.push((bp.start_year, bp.available_year, finite(cost)));
    }

    let mut rows = Vec::with_capacity(horizon as usize + 1);
    let mut cumulative = 0.0;
    for t in 0..=horizon {
        let year = start.saturating_add(t as i32).saturating_sub(1);
        let at = |i: usize| done_before(i) || live_year(i).is_some_and(|y| y <= year);
        let blocks_in_place = available + acquired.iter().filter(|(_, av, _)| *av <= year).count();
        let snap = snapshot_of(catalogue, &at, blocks_in_place);

        let mut spend = 0.0;
        let mut capacity: BTreeMap<String, EntityUse> = catalogue
            .entities
            .iter()
            .map(|e| {
                let cap = if t == 0 {
                    0.0
                } else {
                    finite(e.capacity.at(t as usize)) * factor
                };
                (
                    e.id.to_string(),
                    EntityUse {
                        used: 0.0,
                        capacity: cap,
                        utilisation: None,
                    },
                )
            })
            .collect();
        if t > 0 {
            for (i, s) in catalogue.services.iter().enumerate() {
                if live_year(i) == Some(year) {
                    spend += finite(s.cost);
                    if let Some(u) = capacity.get_mut(s.entity.as_str()) {
                        u.used += finite(s.effort);
                    }
                }
            }
            spend += acquired
                .iter()
                .filter(|(st, _, _)| *st == year)
                .map(|(_, _, c)| c)
                .sum::<f64>();
        }
        for u in capacity.values_mut() {
            u.utilisation = if u.capacity > 0.0 {
                Some(u.used / u.capacity)
            } else {
                None
            };
        }
        cumulative += spend;
        rows.push(KpiYear {
            year,
            plan_year: t,
            services_total: catalogue.services.len(),
            services_at_target: snap.services_at_target,
            share_at_target: snap.share_at_target,
            share_demand_at_target: snap.share_demand_at_target,
            interactions_avoided: snap.interactions_avoided,
            life_events_complete: snap.life_events_complete,
            life_events_total: catalogue.life_events.len(),
            blocks_in_place: snap.blocks_in_place,
            blocks_total: catalogue.building_blocks.len(),
            spend,
            cumulative_spend: cumulative,
            capacity,
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn svc(id: &str, entity: &str, level: u8, demand: f64, effort: f64, cost: f64) -> Service {
        let mut s = Service::new(id, entity, level);
        s.demand = demand;
        s.interactions = 2.0;
        s.effort = effort;
        s.cost = cost;
        s
    }

    fn catalogue() -> Catalogue {
        Catalogue {
            start_year: 2030,
            entities: vec![
                Entity {
                    id: "moh".into(),
                    name: String::new(),
                    capacity: Capacity::PerYear(vec![10.0, 20.0]),
                },
                Entity {
                    id: "mof".into(),
                    name: String::new(),
                    capacity: Capacity::Constant(0.0),
                },
            ],
            building_blocks: vec![
                BuildingBlock {
                    id: "id".into(),
                    name: String::new(),
                    status: BlockStatus::Available,
                    options: vec![],
                },
                BuildingBlock {
                    id: "pay".into(),
                    name: String::new(),
                    status: BlockStatus::Missing,
                    options: vec![
                        AcquisitionOption {
                            approach: Approach::Tender,
                            cost: 1000.0,
                            lead_years: 1,
                            system: None,
                        },
                        AcquisitionOption {
                            approach: Approach::Build,
                            cost: 300.0,
                            lead_years: 2,
                            system: None,
                        },
                    ],
                },
            ],
            services: vec![
                svc("a", "moh", 2, 100.0, 5.0, 10.0),
                svc("b", "moh", 3, 300.0, 4.0, 20.0),
                svc("c", "moh", 4, 600.0, 0.0, 0.0),
                svc("d", "mof", 1, 0.0, 0.0, 1.0),
            ],
            life_events: vec![
                LifeEvent {
                    id: "ab".into(),
                    name: String::new(),
                    audience: Audience::Citizen,
                    services: vec!["a".into(), "b".into()],
                    weight: 1.0,
                },
                LifeEvent {
                    id: "cd".into(),
                    name: String::new(),
                    audience: Audience::Citizen,
                    services: vec!["c".into(), "d".into()],
                    weight: 1.0,
                },
            ],
            ..Catalogue::default()
        }
    }

    fn plan(id: &str, year: Option<i32>) -> ServicePlan {
        ServicePlan {
            id: id.into(),
            year,
            already_done: false,
            why_not_earlier: None,
        }
    }

    fn roadmap() -> Roadmap {
        let mut r = Roadmap::empty(Status::Optimal);
        r.start_year = Some(2030);
        r.horizon = Some(3);
        r.services = vec![
            plan("a", Some(2030)),
            plan("b", Some(2031)),
            ServicePlan {
                already_done: true,
                ..plan("c", None)
            },
            plan("d", None),
        ];
        r.building_blocks = vec![BlockPlan {
            id: "pay".into(),
            approach: Approach::Build,
            start_year: 2030,
            available_year: 2032,
            option: Some(1),
            system: None,
            cost: None,
        }];
        r
    }

    #[test]
    fn baseline_and_years() {
        let rows = timeline(&catalogue(), &roadmap());
        let years: Vec<(i32, u32)> = rows.iter().map(|r| (r.year, r.plan_year)).collect();
        assert_eq!(years, [(2029, 0), (2030, 1), (2031, 2), (2032, 3)]);
        let at: Vec<usize> = rows.iter().map(|r| r.services_at_target).collect();
        assert_eq!(at, [1, 2, 3, 3]);
        assert_eq!(rows[0].share_at_target, 0.25);
        assert_eq!(rows[0].share_demand_at_target, 0.6);
        assert_eq!(rows[2].share_demand_at_target, 1.0);
        let avoided: Vec<f64> = rows.iter().map(|r| r.interactions_avoided).collect();
        // c (done, demand 600, 2 interactions) counts from the baseline
        assert_eq!(avoided, [1200.0, 1400.0, 2000.0, 2000.0]);
        let le: Vec<usize> = rows.iter().map(|r| r.life_events_complete).collect();
        assert_eq!(le, [0, 0, 1, 1]);
        let blocks: Vec<usize> = rows.iter().map(|r| r.blocks_in_place).collect();
        assert_eq!(blocks, [1, 1, 1, 2]);
    }

    #[test]
    fn spend_and_capacity() {
        let rows = timeline(&catalogue(), &roadmap());
        let spend: Vec<f64> = rows.iter().map(|r| r.spend).collect();
        // 2030: a (10) + pay's option 1 (300); 2031: b (20)
        assert_eq!(spend, [0.0, 310.0, 20.0, 0.0]);
        assert_eq!(rows[3].cumulative_spend, 330.0);
        let moh: Vec<(f64, f64)> = rows
            .iter()
            .map(|r| (r.capacity["moh"].used, r.capacity["moh"].capacity))
            .collect();
        assert_eq!(moh, [(0.0, 0.0), (5.0, 10.0), (4.0, 20.0), (0.0, 20.0)]);
        assert_eq!(rows[1].capacity["moh"].utilisation, Some(0.5));
        assert_eq!(rows[1].capacity["mof"].utilisation, None);
        let doubled = timeline_with_factor(&catalogue(), &roadmap(), 2.0);
        assert_eq!(doubled[1].capacity["moh"].capacity, 20.0);
        assert_eq!(doubled[1].capacity["moh"].utilisation, Some(0.25));
    }

    #[test]
    fn block_cost_falls_back_to_approach_and_plan_cost_wins() {
        let mut r = roadmap();
        r.building_blocks[0].option = None;
        r.building_blocks[0].approach = Approach::Tender;
        assert_eq!(timeline(&catalogue(), &r)[1].spend, 1010.0);
        r.building_blocks[0].cost = Some(7.0);
        assert_eq!(timeline(&catalogue(), &r)[1].spend, 17.0);
    }

    #[test]
    fn span_without_horizon_comes_from_decisions() {
        let mut r = roadmap();
        r.horizon = None;
        r.start_year = None;
        assert_eq!(roadmap_span(&catalogue(), &r), (2030, 3));
        let rows = timeline(&catalogue(), &r);
        assert_eq!(rows.len(), 4);
        let json = serde_json::to_value(&rows).unwrap();
        assert_eq!(json[1]["capacity"]["moh"]["used"], 5.0);
        let back: Vec<KpiYear> = serde_json::from_value(json).unwrap();
        assert_eq!(back, rows);
    }
}

#[cfg(test)]
mod sample_tests {
    use super::*;
    use crate::plan::{Backend, Planner};

    /// The timeline recomputed from the decisions agrees with the yearly
    /// summary the planner writes (two independent computations).
    #[test]
    fn timeline_matches_the_planners_years_on_the_sample() {
        let c = crate::sample::catalogue();
        let sc = crate::sample::scenario();
        assert!(!c.services.is_empty());
        let r = Planner::new(&c)
            .scenario(&sc)
            .backend(Backend::Heuristic)
            .explain(false)
            .solve()
            .unwrap();
        assert!(r.status.has_plan());
        let rows = timeline_with_factor(&c, &r, sc.capacity_factor);
        assert_eq!(rows.len(), r.years.len() + 1);
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0);
        for (k, y) in rows.iter().skip(1).zip(&r.years) {
            assert_eq!(k.year, y.year);
            assert_eq!(k.services_at_target, y.services_at_target, "{}", y.year);
            assert!(close(k.share_at_target, y.share_at_target));
            assert!(close(k.share_demand_at_target, y.share_demand_at_target));
            assert!(close(k.interactions_avoided, y.interactions_avoided));
            assert_eq!(k.life_events_complete, y.life_events_complete);
            assert!(
                close(k.spend, y.budget_used),
                "{} {} {}",
                y.year,
                k.spend,
                y.budget_used
            );
            for (e, used) in &y.capacity_used {
                assert!(close(k.capacity[e].used, *used));
                assert!(k.capacity[e].used <= k.capacity[e].capacity + 1e-9);
            }
        }
        // monotone progress, and spend adds up
        for w in rows.windows(2) {
            assert!(w[1].services_at_target >= w[0].services_at_target);
            assert!(w[1].blocks_in_place >= w[0].blocks_in_place);
        }
        let total: f64 = r.years.iter().map(|y| y.budget_used).sum();
        assert!(close(rows.last().unwrap().cumulative_spend, total));
    }
}
