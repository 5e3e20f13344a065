//! Progress tracking against a roadmap, and re-planning from where the
//! country is now.
//!
//! [`track`] reads a roadmap, a **newer** catalogue (levels and block
//! statuses as they are now) and the current calendar year, and says for
//! every service:
//!
//! | status | when |
//! |---|---|
//! | `done` | at target now, and planned for this year or earlier (or already done at the start, or not in the roadmap) |
//! | `ahead` | at target now, but planned for a later year (or not reached within the roadmap's horizon) |
//! | `on_track` | not at target now, planned for this year or later |
//! | `late` | not at target now, planned for an earlier year (or at target at the start and no longer) |
//! | `not_planned` | not at target now, and the roadmap does not reach it (or does not list it) |
//!
//! A year means "at target by the end of that year", so a service planned
//! for the current year that is not there yet is still on track. Blocks
//! the roadmap acquires get the same statuses (a block is "at target" when
//! the newer catalogue has it `available`; its planned year is its
//! `available_year`).
//!
//! The KPIs planned vs actual come as one row per calendar year from the
//! baseline (the year before the roadmap's start) to the current year:
//! `planned` from the roadmap ([`crate::kpi`]), `actual` only in the
//! current year's row, since a catalogue records levels as they are now,
//! not when each service went live. Spend and capacity are not compared
//! (a catalogue does not record them).
//!
//! [`replan`] plans again from the current state with the planner: see its
//! documentation for how the old scenario is carried over.

use crate::error::Result;
use crate::kpi::{roadmap_span, snapshot_of, timeline_inner, Snapshot};
use crate::model::{
    AcquisitionOption, BlockId, BlockStatus, Budget, Capacity, Catalogue, Roadmap, Scenario,
    ServiceId, ServicePlan, Target,
};
use crate::plan::Planner;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Where a service (or block) stands against the roadmap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrackStatus {
    /// At target, as planned.
    Done,
    /// Not at target yet; planned for this year or later.
    OnTrack,
    /// Not at target; planned for an earlier year.
    Late,
    /// At target before its planned year.
    Ahead,
    /// Not at target and not planned within the horizon.
    NotPlanned,
}

impl TrackStatus {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TrackStatus::Done => "done",
            TrackStatus::OnTrack => "on_track",
            TrackStatus::Late => "late",
            TrackStatus::Ahead => "ahead",
            TrackStatus::NotPlanned => "not_planned",
        }
    }
}

/// One service against the roadmap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ServiceTrack {
    /// Service id.
    pub id: ServiceId,
    /// Service name.
    pub name: String,
    /// Where it stands.
    pub status: TrackStatus,
    /// Year the roadmap brings it to target (null when not within the
    /// horizon, already done, or not in the roadmap).
    pub planned_year: Option<i32>,
    /// True when the roadmap had it at target before year 1.
    pub already_done: bool,
    /// True when the roadmap lists it.
    pub in_roadmap: bool,
    /// Level now.
    pub level: u8,
    /// Target level.
    pub target_level: u8,
}

/// One block the roadmap acquires, against reality.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BlockTrack {
    /// Block id.
    pub id: BlockId,
    /// Where it stands (never `not_planned`).
    pub status: TrackStatus,
    /// Year the roadmap has it usable.
    pub planned_year: i32,
    /// True when the newer catalogue has it available.
    pub in_place: bool,
}

/// How many services have each status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StatusCounts {
    /// `done`.
    pub done: usize,
    /// `on_track`.
    pub on_track: usize,
    /// `late`.
    pub late: usize,
    /// `ahead`.
    pub ahead: usize,
    /// `not_planned`.
    pub not_planned: usize,
}

impl StatusCounts {
    fn add(&mut self, s: TrackStatus) {
        match s {
            TrackStatus::Done => self.done += 1,
            TrackStatus::OnTrack => self.on_track += 1,
            TrackStatus::Late => self.late += 1,
            TrackStatus::Ahead => self.ahead += 1,
            TrackStatus::NotPlanned => self.not_planned += 1,
        }
    }
    /// The count of one status.
    pub fn get(&self, s: TrackStatus) -> usize {
        match s {
            TrackStatus::Done => self.done,
            TrackStatus::OnTrack => self.on_track,
            TrackStatus::Late => self.late,
            TrackStatus::Ahead => self.ahead,
            TrackStatus::NotPlanned => self.not_planned,
        }
    }
}

/// KPIs of one calendar year, planned and (for the current year) actual.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KpiComparison {
    /// Calendar year.
    pub year: i32,
    /// What the roadmap planned for the end of that year.
    pub planned: Snapshot,
    /// What the newer catalogue shows; only for the current year.
    pub actual: Option<Snapshot>,
}

/// A roadmap tracked against a newer catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Tracking {
    /// The current calendar year.
    pub year: i32,
    /// Calendar year of the roadmap's plan year 1.
    pub start_year: i32,
    /// Last calendar year of the roadmap.
    pub end_year: i32,
    /// Every service of the newer catalogue, in its order.
    pub services: Vec<ServiceTrack>,
    /// Services per status.
    pub counts: StatusCounts,
    /// Services the roadmap lists that the newer catalogue no longer has.
    pub removed: Vec<ServiceId>,
    /// Blocks the roadmap acquires.
    pub building_blocks: Vec<BlockTrack>,
    /// Planned KPIs per year up to the current year, with the actual ones
    /// in the current year's row.
    pub kpis: Vec<KpiComparison>,
    /// Planned KPIs at the end of the current year.
    pub planned: Snapshot,
    /// KPIs of the newer catalogue.
    pub actual: Snapshot,
}

impl Tracking {
    /// The tracking entry of a service.
    pub fn service(&self, id: &str) -> Option<&ServiceTrack> {
        self.services.iter().find(|s| s.id.as_str() == id)
    }
}

fn status_of(at_target: bool, plan: Option<&ServicePlan>, year: i32) -> TrackStatus {
    match (at_target, plan) {
        (true, None) => TrackStatus::Done,
        (true, Some(p)) if p.already_done => TrackStatus::Done,
        (true, Some(p)) => match p.year {
            Some(y) if y <= year => TrackStatus::Done,
            _ => TrackStatus::Ahead,
        },
        (false, Some(p)) if p.already_done => TrackStatus::Late,
        (false, Some(p)) => match p.year {
            Some(y) if y < year => TrackStatus::Late,
            Some(_) => TrackStatus::OnTrack,
            None => TrackStatus::NotPlanned,
        },
        (false, None) => TrackStatus::NotPlanned,
    }
}

/// Track a roadmap against a newer catalogue in calendar year `year`.
///
/// `catalogue_now` is the catalogue as it is now: a service is at target
/// when its `level >= target_level` there; a block is in place when it is
/// `available` there.
///
/// # Examples
///
/// ```
/// use scaleplan::{Catalogue, Roadmap, Service, ServicePlan, Status};
/// let mut now = Catalogue::default();
/// now.services.push(Service::new("a", "moh", 2));
/// let mut r = Roadmap::empty(Status::Optimal);
/// r.start_year = Some(2027);
/// r.horizon = Some(3);
/// r.services.push(ServicePlan { id: "a".into(), year: Some(2027), already_done: false, why_not_earlier: None });
/// let t = scaleplan::track::track(&r, &now, 2028);
/// assert_eq!(t.services[0].status, scaleplan::track::TrackStatus::Late);
/// ```
pub fn track(roadmap: &Roadmap, catalogue_now: &Catalogue, year: i32) -> Tracking {
    let (start, horizon) = roadmap_span(catalogue_now, roadmap);
    let end = start.saturating_add(horizon as i32).saturating_sub(1);
    let plans: HashMap<&str, &ServicePlan> = roadmap
        .services
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();

    let mut counts = StatusCounts::default();
    let services: Vec<ServiceTrack> = catalogue_now
        .services
        .iter()
        .map(|s| {
            let plan = plans.get(s.id.as_str()).copied();
            let status = status_of(s.is_done(), plan, year);
            counts.add(status);
            ServiceTrack {
                id: s.id.clone(),
                name: s.name.clone(),
                status,
                planned_year: plan.and_then(|p| p.year),
                already_done: plan.is_some_and(|p| p.already_done),
                in_roadmap: plan.is_some(),
                level: s.level,
                target_level: s.target_level,
            }
        })
        .collect();
    let known: HashSet<&str> = catalogue_now
        .services
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    let removed = roadmap
        .services
        .iter()
        .filter(|p| !known.contains(p.id.as_str()))
        .map(|p| p.id.clone())
        .collect();

    let building_blocks = roadmap
        .building_blocks
        .iter()
        .map(|b| {
            let in_place = catalogue_now
                .block(b.id.as_str())
                .is_some_and(|x| x.status == BlockStatus::Available);
            let status = match (in_place, b.available_year <= year) {
                (true, true) => TrackStatus::Done,
                (true, false) => TrackStatus::Ahead,
                (false, _) if b.available_year < year => TrackStatus::Late,
                (false, _) => TrackStatus::OnTrack,
            };
            BlockTrack {
                id: b.id.clone(),
                status,
                planned_year: b.available_year,
                in_place,
            }
        })
        .collect();

    // planned KPIs, as the roadmap saw the start
    let planned_rows = timeline_inner(catalogue_now, roadmap, 1.0, false);
    let planned_at = |y: i32| -> Option<Snapshot> {
        planned_rows
            .iter()
            .rev()
            .find(|r| r.year <= y)
            .or(planned_rows.first())
            .map(|r| r.snapshot())
    };

    // actual KPIs from the newer catalogue
    let svc = &catalogue_now.services;
    let at_now = |i: usize| svc.get(i).is_some_and(|s| s.is_done());
    let blocks_now = catalogue_now
        .building_blocks
        .iter()
        .filter(|b| b.status == BlockStatus::Available)
        .count();
    let actual = snapshot_of(catalogue_now, &at_now, blocks_now);
    let empty = snapshot_of(catalogue_now, &|_| false, 0);
    let planned = planned_at(year).unwrap_or_else(|| empty.clone());

    let oldest = year.saturating_sub(crate::validate::MAX_HORIZON as i32 + 1);
    let first = start.saturating_sub(1).min(year).max(oldest);
    let kpis = (first..=year)
        .map(|y| KpiComparison {
            year: y,
            planned: planned_at(y).unwrap_or_else(|| empty.clone()),
            actual: (y == year).then(|| actual.clone()),
        })
        .collect();

    Tracking {
        year,
        start_year: start,
        end_year: end,
        services,
        counts,
        removed,
        building_blocks,
        kpis,
        planned,
        actual,
    }
}

/// A service whose year changed in a re-plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Move {
    /// Service id.
    pub id: ServiceId,
    /// Year in the old roadmap (null: not reached, or not listed).
    pub old_year: Option<i32>,
    /// Year in the new roadmap (null: not reached).
    pub new_year: Option<i32>,
}

/// The inputs of a re-plan, derived from the old roadmap, the newer
/// catalogue, the scenario and the current year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReplanInputs {
    /// The newer catalogue with `start_year` = the current year (per-year
    /// capacities shifted to match) and in-progress acquisitions carried
    /// over.
    pub catalogue: Catalogue,
    /// The scenario from the current year to the old roadmap's end.
    pub scenario: Scenario,
    /// Blocks whose acquisition started before the current year and are
    /// still missing: each keeps only the option the old roadmap chose, at
    /// no further cost, with the lead time it has left.
    pub carried_over: Vec<BlockId>,
    /// Targets of the scenario outside the new horizon (dropped).
    pub dropped_targets: Vec<Target>,
}

/// A re-plan from the current state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Replan {
    /// Calendar year of the new plan year 1 (the current year).
    pub start_year: i32,
    /// Plan years of the new roadmap.
    pub horizon: u32,
    /// The new roadmap.
    pub roadmap: Roadmap,
    /// Services not at target now whose year differs from the old roadmap,
    /// in catalogue order.
    pub moved: Vec<Move>,
    /// See [`ReplanInputs::carried_over`].
    pub carried_over: Vec<BlockId>,
    /// See [`ReplanInputs::dropped_targets`].
    pub dropped_targets: Vec<Target>,
}

/// Drop the first `k` values of a per-year list (keeping the last), or
/// repeat its first value `-k` times (at most a horizon's worth).
fn shift<T: Clone>(v: &[T], k: i64) -> Vec<T> {
    if v.is_empty() || k == 0 {
        return v.to_vec();
    }
    if k > 0 {
        let k = usize::try_from(k).unwrap_or(usize::MAX);
        let keep = k.min(v.len() - 1);
        v.get(keep..).map(<[T]>::to_vec).unwrap_or_default()
    } else {
        let pad = usize::try_from(k.unsigned_abs())
            .unwrap_or(usize::MAX)
            .min(crate::validate::MAX_HORIZON as usize + 1);
        let mut out = Vec::with_capacity(v.len() + pad);
        if let Some(f) = v.first() {
            out.extend(std::iter::repeat(f.clone()).take(pad));
        }
        out.extend_from_slice(v);
        out
    }
}

/// Derive the inputs of a re-plan (see [`replan`]); useful to run the
/// planner with options of one's own, then [`finish_replan`].
///
/// # Examples
///
/// ```
/// use scaleplan::{Catalogue, Roadmap, Scenario, Status};
/// let mut old = Roadmap::empty(Status::Optimal);
/// old.start_year = Some(2027);
/// old.horizon = Some(5);
/// let inputs = scaleplan::track::replan_inputs(&old, &Catalogue::default(), &Scenario::default(), 2029);
/// assert_eq!(inputs.catalogue.start_year, 2029);
/// assert_eq!(inputs.scenario.horizon, 3); // 2029..2031, where the old plan ended
/// ```
pub fn replan_inputs(
    old: &Roadmap,
    catalogue_now: &Catalogue,
    scenario: &Scenario,
    current_year: i32,
) -> ReplanInputs {
    let (old_start, old_horizon) = roadmap_span(catalogue_now, old);
    let old_end = i64::from(old_start) + i64::from(old_horizon) - 1;
    let horizon = if old_end >= i64::from(current_year) {
        u32::try_from(old_end - i64::from(current_year) + 1).unwrap_or(scenario.horizon)
    } else {
        scenario.horizon
    };

    let mut catalogue = catalogue_now.clone();
    let cap_shift = i64::from(current_year) - i64::from(catalogue_now.start_year);
    catalogue.start_year = current_year;
    for e in &mut catalogue.entities {
        if let Capacity::PerYear(v) = &e.capacity {
            e.capacity = Capacity::PerYear(shift(v, cap_shift));
        }
    }
    let mut carried_over = Vec::new();
    for bp in &old.building_blocks {
        if bp.start_year >= current_year {
            continue;
        }
        let Some(block) = catalogue
            .building_blocks
            .iter_mut()
            .find(|b| b.id == bp.id && b.status == BlockStatus::Missing)
        else {
            continue;
        };
        let chosen = bp
            .option
            .and_then(|i| block.options.get(i))
            .or_else(|| block.options.iter().find(|o| o.approach == bp.approach))
            .cloned();
        let left = u32::try_from((i64::from(bp.available_year) - i64::from(current_year)).max(0))
            .unwrap_or(u32::MAX);
        block.options = vec![AcquisitionOption {
            approach: bp.approach,
            cost: 0.0,
            lead_years: left,
            system: chosen.and_then(|o| o.system).or_else(|| bp.system.clone()),
        }];
        carried_over.push(bp.id.clone());
    }

    let mut sc = scenario.clone();
    sc.horizon = horizon;
    let budget_shift = i64::from(current_year) - i64::from(old_start);
    if let Some(Budget::PerYear(v)) = &sc.budget {
        sc.budget = Some(Budget::PerYear(shift(v, budget_shift)));
    }
    let last = i64::from(current_year) + i64::from(horizon) - 1;
    let (kept, dropped): (Vec<Target>, Vec<Target>) = sc
        .targets
        .iter()
        .cloned()
        .partition(|t| t.year >= current_year && i64::from(t.year) <= last);
    sc.targets = kept;
    ReplanInputs {
        catalogue,
        scenario: sc,
        carried_over,
        dropped_targets: dropped,
    }
}

/// The services not at target in `catalogue_now` whose year differs
/// between two roadmaps, in catalogue order.
///
/// # Examples
///
/// ```
/// use scaleplan::{Catalogue, Roadmap, Service, ServicePlan, Status};
/// let mut c = Catalogue::default();
/// c.services.push(Service::new("a", "moh", 2));
/// let at = |year| {
///     let mut r = Roadmap::empty(Status::Optimal);
///     r.services.push(ServicePlan { id: "a".into(), year, already_done: false, why_not_earlier: None });
///     r
/// };
/// let m = scaleplan::track::moves(&at(Some(2028)), &at(Some(2030)), &c);
/// assert_eq!((m[0].old_year, m[0].new_year), (Some(2028), Some(2030)));
/// ```
pub fn moves(old: &Roadmap, new: &Roadmap, catalogue_now: &Catalogue) -> Vec<Move> {
    catalogue_now
        .services
        .iter()
        .filter(|s| !s.is_done())
        .filter_map(|s| {
            let old_year = old.service(s.id.as_str()).and_then(|p| p.year);
            let new_year = new.service(s.id.as_str()).and_then(|p| p.year);
            (old_year != new_year).then(|| Move {
                id: s.id.clone(),
                old_year,
                new_year,
            })
        })
        .collect()
}

/// Plan again from the current state and say what moved.
///
/// - Services at target in `catalogue_now` are done; the new plan starts
///   in `current_year` and ends where the old roadmap ended (when that is
///   already past, it runs for the scenario's horizon).
/// - The scenario's per-year budget list counts from the old roadmap's
///   start year and the catalogue's per-year capacities from the
///   catalogue's `start_year`; both are shifted to start at
///   `current_year` (a shorter list repeats its last value as before).
/// - Targets before the current year or after the new end are dropped
///   (and listed).
/// - A block whose acquisition (in the old roadmap) started before the
///   current year and is still missing keeps the option chosen, at no
///   further cost, with the lead time it has left.
///
/// # Errors
/// What the planner returns for the derived inputs ([`crate::Error::Invalid`]
/// for an invalid newer catalogue or scenario, [`crate::Error::Solver`]).
/// An infeasible re-plan is not an error: its roadmap says `infeasible`.
///
/// # Examples
///
/// ```
/// use scaleplan::{Catalogue, Entity, Capacity, Roadmap, Scenario, Service, ServicePlan, Status};
/// let mut now = Catalogue::default();
/// now.entities.push(Entity { id: "moh".into(), name: String::new(), capacity: Capacity::Constant(10.0) });
/// let mut a = Service::new("a", "moh", 2);
/// a.demand = 100.0; // worth something, so as early as possible
/// now.services.push(a);
/// let mut old = Roadmap::empty(Status::Optimal);
/// old.start_year = Some(2027);
/// old.horizon = Some(4);
/// old.services.push(ServicePlan { id: "a".into(), year: Some(2027), already_done: false, why_not_earlier: None });
/// let r = scaleplan::track::replan(&old, &now, &Scenario::default(), 2029).unwrap();
/// assert_eq!(r.horizon, 2);
/// assert_eq!(r.moved[0].new_year, Some(2029));
/// ```
pub fn replan(
    old: &Roadmap,
    catalogue_now: &Catalogue,
    scenario: &Scenario,
    current_year: i32,
) -> Result<Replan> {
    let inputs = replan_inputs(old, catalogue_now, scenario, current_year);
    let roadmap = Planner::new(&inputs.catalogue)
        .scenario(&inputs.scenario)
        .solve()?;
    Ok(finish_replan(old, catalogue_now, inputs, roadmap))
}

/// Assemble a [`Replan`] from its inputs and the new roadmap (for callers
/// that ran the planner themselves on [`replan_inputs`]).
///
/// # Examples
///
/// ```
/// use scaleplan::plan::{Backend, Planner};
/// use scaleplan::{Catalogue, Roadmap, Scenario, Status};
/// let (old, now) = (Roadmap::empty(Status::Optimal), Catalogue::default());
/// let inputs = scaleplan::track::replan_inputs(&old, &now, &Scenario::default(), 2030);
/// let new = Planner::new(&inputs.catalogue)
///     .scenario(&inputs.scenario)
///     .backend(Backend::Heuristic)
///     .solve()
///     .unwrap();
/// let r = scaleplan::track::finish_replan(&old, &now, inputs, new);
/// assert_eq!(r.start_year, 2030);
/// assert!(r.moved.is_empty());
/// ```
pub fn finish_replan(
    old: &Roadmap,
    catalogue_now: &Catalogue,
    inputs: ReplanInputs,
    roadmap: Roadmap,
) -> Replan {
    Replan {
        start_year: inputs.catalogue.start_year,
        horizon: inputs.scenario.horizon,
        moved: moves(old, &roadmap, catalogue_now),
        roadmap,
        carried_over: inputs.carried_over,
        dropped_targets: inputs.dropped_targets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn plan(id: &str, year: Option<i32>) -> ServicePlan {
        ServicePlan {
            id: id.into(),
            year,
            already_done: false,
            why_not_earlier: None,
        }
    }

    fn svc(id: &str, level: u8, demand: f64) -> Service {
        let mut s = Service::new(id, "moh", level);
        s.demand = demand;
        s.effort = 4.0;
        s
    }

    /// Old roadmap 2027..2030; now is 2029.
    fn scenario() -> (Roadmap, Catalogue) {
        let mut r = Roadmap::empty(Status::Optimal);
        r.start_year = Some(2027);
        r.horizon = Some(4);
        r.services = vec![
            plan("done", Some(2028)),
            plan("late", Some(2028)),
            plan("on-track", Some(2029)),
            plan("later", Some(2030)),
            plan("ahead", Some(2030)),
            plan("ahead-unplanned", None),
            plan("unplanned", None),
            ServicePlan {
                already_done: true,
                ..plan("was-done", None)
            },
            ServicePlan {
                already_done: true,
                ..plan("regressed", None)
            },
            plan("gone", Some(2027)),
        ];
        r.building_blocks = vec![
            BlockPlan {
                id: "pay".into(),
                approach: Approach::Tender,
                start_year: 2027,
                available_year: 2030,
                option: Some(1),
                system: None,
                cost: Some(50.0),
            },
            BlockPlan {
                id: "msg".into(),
                approach: Approach::Build,
                start_year: 2027,
                available_year: 2028,
                option: None,
                system: None,
                cost: None,
            },
        ];
        let now = Catalogue {
            start_year: 2027,
            entities: vec![Entity {
                id: "moh".into(),
                name: String::new(),
                capacity: Capacity::PerYear(vec![4.0, 4.0, 8.0, 12.0]),
            }],
            building_blocks: vec![
                BuildingBlock {
                    id: "pay".into(),
                    name: String::new(),
                    status: BlockStatus::Missing,
                    options: vec![
                        AcquisitionOption {
                            approach: Approach::Reuse,
                            cost: 10.0,
                            lead_years: 0,
                            system: None,
                        },
                        AcquisitionOption {
                            approach: Approach::Tender,
                            cost: 50.0,
                            lead_years: 3,
                            system: Some("sys".into()),
                        },
                    ],
                },
                BuildingBlock {
                    id: "msg".into(),
                    name: String::new(),
                    status: BlockStatus::Missing,
                    options: vec![AcquisitionOption {
                        approach: Approach::Build,
                        cost: 5.0,
                        lead_years: 1,
                        system: None,
                    }],
                },
            ],
            systems: vec![System {
                id: "sys".into(),
                name: String::new(),
                provides: vec!["pay".into()],
                open_source: None,
                url: None,
            }],
            services: vec![
                svc("done", 4, 100.0),
                svc("late", 2, 100.0),
                svc("on-track", 3, 100.0),
                svc("later", 1, 100.0),
                svc("ahead", 4, 100.0),
                svc("ahead-unplanned", 4, 100.0),
                svc("unplanned", 1, 100.0),
                svc("was-done", 4, 100.0),
                svc("regressed", 3, 100.0),
                svc("new", 2, 100.0),
            ],
            ..Catalogue::default()
        };
        (r, now)
    }

    #[test]
    fn statuses() {
        let (r, now) = scenario();
        let t = track(&r, &now, 2029);
        let st = |id: &str| t.service(id).unwrap().status;
        assert_eq!(st("done"), TrackStatus::Done);
        assert_eq!(st("late"), TrackStatus::Late);
        assert_eq!(st("on-track"), TrackStatus::OnTrack);
        assert_eq!(st("later"), TrackStatus::OnTrack);
        assert_eq!(st("ahead"), TrackStatus::Ahead);
        assert_eq!(st("ahead-unplanned"), TrackStatus::Ahead);
        assert_eq!(st("unplanned"), TrackStatus::NotPlanned);
        assert_eq!(st("was-done"), TrackStatus::Done);
        assert_eq!(st("regressed"), TrackStatus::Late);
        assert_eq!(st("new"), TrackStatus::NotPlanned);
        assert!(!t.service("new").unwrap().in_roadmap);
        assert_eq!(
            t.counts,
            StatusCounts {
                done: 2,
                on_track: 2,
                late: 2,
                ahead: 2,
                not_planned: 2
            }
        );
        assert_eq!(t.removed, [ServiceId::from("gone")]);
        assert_eq!((t.start_year, t.end_year), (2027, 2030));
        // a year later, on-track slips to late
        let t2 = track(&r, &now, 2030);
        assert_eq!(t2.service("on-track").unwrap().status, TrackStatus::Late);
        assert_eq!(t2.service("ahead").unwrap().status, TrackStatus::Done);
    }

    #[test]
    fn blocks() {
        let (r, mut now) = scenario();
        let t = track(&r, &now, 2029);
        let b: Vec<(&str, TrackStatus)> = t
            .building_blocks
            .iter()
            .map(|b| (b.id.as_str(), b.status))
            .collect();
        assert_eq!(
            b,
            [("pay", TrackStatus::OnTrack), ("msg", TrackStatus::Late)]
        );
        now.building_blocks[0].status = BlockStatus::Available;
        let t = track(&r, &now, 2029);
        assert_eq!(t.building_blocks[0].status, TrackStatus::Ahead);
    }

    #[test]
    fn kpis_planned_vs_actual() {
        let (r, now) = scenario();
        let t = track(&r, &now, 2029);
        let years: Vec<i32> = t.kpis.iter().map(|k| k.year).collect();
        assert_eq!(years, [2026, 2027, 2028, 2029]);
        assert!(t.kpis[..3].iter().all(|k| k.actual.is_none()));
        // planned: was-done, regressed at the start; +done, late (2028); +on-track (2029)
        // (gone is not in the catalogue)
        let planned: Vec<usize> = t
            .kpis
            .iter()
            .map(|k| k.planned.services_at_target)
            .collect();
        assert_eq!(planned, [2, 2, 4, 5]);
        assert_eq!(t.planned.services_at_target, 5);
        // actually at target: done, ahead, ahead-unplanned, was-done
        assert_eq!(t.actual.services_at_target, 4);
        assert_eq!(t.kpis[3].actual.as_ref(), Some(&t.actual));
        assert_eq!(t.actual.share_at_target, 0.4);
        // interactions: done, ahead, ahead-unplanned, was-done
        assert_eq!(t.actual.interactions_avoided, 400.0);
        // planned: was-done, regressed, done, late, on-track
        assert_eq!(t.planned.interactions_avoided, 500.0);
        // blocks: both acquisitions count as missing in the plan until available
        assert_eq!(t.kpis[3].planned.blocks_in_place, 1);
        assert_eq!(t.actual.blocks_in_place, 0);
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["services"][1]["status"], "late");
        assert_eq!(json["counts"]["not_planned"], 2);
        let back: Tracking = serde_json::from_value(json).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn replan_inputs_shift_and_carry_over() {
        let (r, now) = scenario();
        let sc = Scenario::default()
            .with_budget(Budget::PerYear(vec![1.0, 2.0, 3.0]))
            .with_target(Target {
                year: 2028,
                share: 0.5,
                weighted_by: WeightedBy::Count,
            })
            .with_target(Target {
                year: 2030,
                share: 0.6,
                weighted_by: WeightedBy::Count,
            });
        let inp = replan_inputs(&r, &now, &sc, 2029);
        assert_eq!(inp.catalogue.start_year, 2029);
        assert_eq!(inp.scenario.horizon, 2);
        assert_eq!(inp.scenario.budget, Some(Budget::PerYear(vec![3.0])));
        assert_eq!(
            inp.catalogue.entities[0].capacity,
            Capacity::PerYear(vec![8.0, 12.0])
        );
        assert_eq!(inp.scenario.targets.len(), 1);
        assert_eq!(inp.dropped_targets[0].year, 2028);
        assert_eq!(
            inp.carried_over,
            [BlockId::from("pay"), BlockId::from("msg")]
        );
        let pay = inp.catalogue.block("pay").unwrap();
        assert_eq!(pay.options.len(), 1);
        assert_eq!(pay.options[0].lead_years, 1);
        assert_eq!(pay.options[0].cost, 0.0);
        assert_eq!(pay.options[0].system, Some(SystemId::from("sys")));
        assert_eq!(inp.catalogue.block("msg").unwrap().options[0].lead_years, 0);
        // past the old end: the scenario's horizon
        let inp = replan_inputs(&r, &now, &Scenario::default().with_horizon(3), 2035);
        assert_eq!(inp.scenario.horizon, 3);
        assert!(inp.carried_over.len() == 2);
    }

    #[test]
    fn shift_lists() {
        assert_eq!(shift(&[1, 2, 3], 1), [2, 3]);
        assert_eq!(shift(&[1, 2, 3], 5), [3]);
        assert_eq!(shift(&[1, 2, 3], -2), [1, 1, 1, 2, 3]);
        assert_eq!(shift::<i32>(&[], 2), Vec::<i32>::new());
        assert_eq!(shift(&[1], i64::MIN).len(), 102);
        assert_eq!(shift(&[1, 2], i64::MAX), [2]);
    }

    #[test]
    fn replan_reports_moves() {
        let (r, now) = scenario();
        let out = replan(&r, &now, &Scenario::default(), 2029).unwrap();
        assert!(out.roadmap.status.has_plan(), "{:?}", out.roadmap.diagnosis);
        assert_eq!((out.start_year, out.horizon), (2029, 2));
        // services at target now never move
        for m in &out.moved {
            assert!(!now.service(m.id.as_str()).unwrap().is_done());
            assert_ne!(m.old_year, m.new_year);
            assert_eq!(m.new_year, out.roadmap.service(m.id.as_str()).unwrap().year);
        }
        // late was planned for 2028 and cannot be earlier than 2029 now
        let late = out.moved.iter().find(|m| m.id.as_str() == "late").unwrap();
        assert_eq!(late.old_year, Some(2028));
        assert!(late.new_year.map_or(true, |y| y >= 2029));
        // every service the new plan reaches is in the new window
        for p in &out.roadmap.services {
            if let Some(y) = p.year {
                assert!((2029..=2030).contains(&y));
            }
        }
    }
}

#[cfg(test)]
mod extreme_tests {
    use super::*;
    use crate::model::*;

    /// Years and horizons at the ends of their ranges: no panic, bounded output.
    #[test]
    fn extreme_years_do_not_panic() {
        let mut now = Catalogue::default();
        now.entities.push(Entity {
            id: "moh".into(),
            name: String::new(),
            capacity: Capacity::PerYear(vec![1.0, 2.0]),
        });
        now.services.push(Service::new("a", "moh", 2));
        for (start, horizon, year) in [
            (i32::MAX, u32::MAX, i32::MIN),
            (i32::MIN, u32::MAX, i32::MAX),
            (i32::MAX, 0, i32::MAX),
            (0, 5, 2029),
        ] {
            let mut r = Roadmap::empty(Status::Optimal);
            r.start_year = Some(start);
            r.horizon = Some(horizon);
            r.services.push(ServicePlan {
                id: "a".into(),
                year: Some(i32::MAX),
                already_done: false,
                why_not_earlier: None,
            });
            r.building_blocks.push(BlockPlan {
                id: "x".into(),
                approach: Approach::Build,
                start_year: i32::MIN,
                available_year: i32::MAX,
                option: None,
                system: None,
                cost: None,
            });
            let t = track(&r, &now, year);
            assert!(t.kpis.len() <= crate::validate::MAX_HORIZON as usize + 2);
            let rows = crate::kpi::timeline(&now, &r);
            assert!(rows.len() <= crate::validate::MAX_HORIZON as usize + 1);
            let inputs = replan_inputs(&r, &now, &Scenario::default(), year);
            assert!(inputs.scenario.horizon >= 1);
        }
    }
}

#[cfg(test)]
mod generated_tests {
    use super::*;
    use crate::plan::{Backend, Planner};

    /// Invariants of score, gaps, kpi and track on generated catalogues
    /// with heuristic plans.
    #[test]
    fn invariants_on_generated_catalogues() {
        for seed in 0..8 {
            let cfg = crate::generate::GeneratorConfig {
                services: 60,
                blocks: 8,
                entities: 4,
                life_events: 6,
                seed,
                ..Default::default()
            };
            let (c, sc) = crate::generate::generate(&cfg);
            let open: Vec<&crate::model::Service> =
                c.services.iter().filter(|s| !s.is_done()).collect();

            let s = crate::score::score(&c, &crate::score::ScoreWeights::default());
            assert_eq!(s.services.len(), open.len());
            let mut ranks: Vec<usize> = s.services.iter().map(|x| x.rank).collect();
            ranks.sort_unstable();
            assert_eq!(ranks, (1..=open.len()).collect::<Vec<_>>());

            let g = crate::gaps::gaps(&c);
            for b in &g.building_blocks {
                for id in &b.services_blocked {
                    let svc = c.service(id.as_str()).unwrap();
                    assert!(!svc.is_done());
                    assert!(c.blocks_needed(svc).contains(&b.id));
                }
            }

            let r = Planner::new(&c)
                .scenario(&sc)
                .backend(Backend::Heuristic)
                .explain(false)
                .solve()
                .unwrap();
            if !r.status.has_plan() {
                continue;
            }
            let rows = crate::kpi::timeline_with_factor(&c, &r, sc.capacity_factor);
            for w in rows.windows(2) {
                assert!(w[1].services_at_target >= w[0].services_at_target);
                assert!(w[1].cumulative_spend >= w[0].cumulative_spend);
            }
            for row in &rows {
                for u in row.capacity.values() {
                    assert!(u.used <= u.capacity + 1e-6, "seed {seed}");
                }
            }

            // nothing moved since the plan: at the start year nobody is late;
            // a year later, exactly those planned for the start year are
            let start = c.start_year;
            let t0 = track(&r, &c, start);
            assert_eq!(t0.counts.late, 0, "seed {seed}");
            assert_eq!(t0.counts.ahead, 0);
            assert_eq!(t0.counts.done, c.services.len() - open.len());
            assert_eq!(t0.actual, t0.kpis[0].planned, "seed {seed}");
            let t1 = track(&r, &c, start + 1);
            let planned_first = r.services.iter().filter(|p| p.year == Some(start)).count();
            assert_eq!(t1.counts.late, planned_first);

            // re-planning the unchanged catalogue from year 1 keeps the
            // window: every move stays within it
            let inputs = replan_inputs(&r, &c, &sc, start);
            let new = Planner::new(&inputs.catalogue)
                .scenario(&inputs.scenario)
                .backend(Backend::Heuristic)
                .explain(false)
                .solve()
                .unwrap();
            let re = finish_replan(&r, &c, inputs, new);
            assert_eq!(re.horizon, sc.horizon);
            for m in &re.moved {
                for y in [m.old_year, m.new_year].into_iter().flatten() {
                    assert!(y >= start && y < start + sc.horizon as i32);
                }
            }
        }
    }
}
