//! Prioritisation: impact x feasibility per service, with its components.
//!
//! Every open service (`level < target_level`) gets an **impact** and a
//! **feasibility** in 0..1, each a weighted mean of components in 0..1, so a
//! user sees why a service ranks where it does. Services already at target
//! are not scored: they are listed in [`Scores::done`].
//!
//! ## Impact (GovStack's criteria)
//!
//! | component | in 0..1 | raw figure |
//! |---|---|---|
//! | `demand` | `ln(1 + demand)` scaled from the smallest (0) to the largest (1) | transactions per year |
//! | `interactions_avoided` | `ln(1 + d*i)` scaled the same way | `demand * interactions`: in-person interactions a year the service no longer needs |
//! | `levels` | `(target_level - level) / 3` | levels climbed |
//! | `life_events` | `(reach + centrality) / 2` | life events containing it |
//! | `agencies` | `other entities / max other entities` | other entities linked through `depends_on` |
//!
//! Minima and maxima are taken over the open services of the catalogue, so
//! the largest open service scores 1 and the smallest 0 (all score 1 when
//! they are equal and positive); logarithms keep one huge outlier from
//! flattening everyone else, and scaling from the smallest spreads
//! catalogues whose demands are all large over the whole range. `reach` is the number of life events containing
//! the service divided by the largest such number; `centrality` is, over
//! its life events, the largest share of the event's services that are the
//! service itself or depend on it (directly or not): a service every other
//! step of the event waits for scores 1. `agencies` counts the distinct
//! entities, other than its own, of the services it depends on and of the
//! services that depend on it (directly), divided by the catalogue maximum.
//! A component whose catalogue maximum is 0 is 0 for every service.
//!
//! ## Feasibility
//!
//! | component | in 0..1 |
//! |---|---|
//! | `blocks` | mean credit of the blocks it needs (own + workflow): available 1, missing but reusable [`ScoreWeights::reuse_credit`] (default 0.5), otherwise 0; 1 when it needs none |
//! | `capacity` | `1 - min(1, effort / capacity)` with its entity's capacity in plan year 1: the share of a year's capacity left after it; 1 when effort is 0, 0 when capacity is 0 |
//! | `dependencies` | `1 / (1 + open dependencies)`: services in `depends_on` not yet at target |
//! | `regulatory` | [`crate::gaps::framework_readiness`]: mean over the six framework policy kinds of in force 1, draft 0.5, missing 0 (the same for every service) |
//!
//! A missing block is *reusable* when one of its options has approach
//! `reuse` or the systems catalogue has a system providing it.
//!
//! ## Quadrants and rank
//!
//! With thresholds `impact_threshold` and `feasibility_threshold` (both 0.5
//! by default; a score equal to a threshold counts as high):
//! `quick_win` (high impact, high feasibility), `major_project` (high
//! impact, low feasibility), `fill_in` (low impact, high feasibility),
//! `reconsider` (low, low). The rank orders services by `priority = impact *
//! feasibility` (highest first; ties by impact, then by id), from 1.
//!
//! ## Feeding the planner
//!
//! [`apply_scores_as_value`] writes `priority * scale` into each scored
//! service's `value`, so the planner, which maximises value, brings the
//! best-ranked services online first within its constraints.

use crate::gaps::framework_readiness;
use crate::model::{BlockStatus, Catalogue, ServiceId};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// Weights of the components and quadrant thresholds.
///
/// Impact and feasibility are each the weighted mean of their components,
/// so only the ratios between weights of one side matter; weights must be
/// non-negative (a negative or non-finite weight counts as 0). Defaults:
///
/// | weight | default |
/// |---|---|
/// | `demand` | 0.30 |
/// | `interactions_avoided` | 0.25 |
/// | `levels` | 0.15 |
/// | `life_events` | 0.20 |
/// | `agencies` | 0.10 |
/// | `blocks` | 0.40 |
/// | `capacity` | 0.25 |
/// | `dependencies` | 0.20 |
/// | `regulatory` | 0.15 |
/// | `reuse_credit` | 0.5 |
/// | `impact_threshold` | 0.5 |
/// | `feasibility_threshold` | 0.5 |
///
/// # Examples
///
/// ```
/// use scaleplan::score::ScoreWeights;
/// let w = ScoreWeights::default().demand(0.5).regulatory(0.0).impact_threshold(0.4);
/// assert_eq!(w.demand, 0.5);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreWeights {
    /// Impact: demand (transactions per year).
    pub demand: f64,
    /// Impact: in-person interactions avoided per year.
    pub interactions_avoided: f64,
    /// Impact: levels climbed.
    pub levels: f64,
    /// Impact: life-event reach and centrality.
    pub life_events: f64,
    /// Impact: other agencies involved.
    pub agencies: f64,
    /// Feasibility: blocks in place or reusable.
    pub blocks: f64,
    /// Feasibility: entity capacity against effort.
    pub capacity: f64,
    /// Feasibility: open dependencies.
    pub dependencies: f64,
    /// Feasibility: regulatory framework in force.
    pub regulatory: f64,
    /// Credit (0..1) of a missing block that can be reused.
    pub reuse_credit: f64,
    /// Impact at or above which a service is high impact.
    pub impact_threshold: f64,
    /// Feasibility at or above which a service is highly feasible.
    pub feasibility_threshold: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights {
            demand: 0.30,
            interactions_avoided: 0.25,
            levels: 0.15,
            life_events: 0.20,
            agencies: 0.10,
            blocks: 0.40,
            capacity: 0.25,
            dependencies: 0.20,
            regulatory: 0.15,
            reuse_credit: 0.5,
            impact_threshold: 0.5,
            feasibility_threshold: 0.5,
        }
    }
}

macro_rules! setters {
    ($($name:ident),*) => {
        impl ScoreWeights {
            $(
                #[doc = concat!("Builder: set `", stringify!($name), "`.")]
                pub fn $name(mut self, value: f64) -> Self {
                    self.$name = value;
                    self
                }
            )*
        }
    };
}
setters!(
    demand,
    interactions_avoided,
    levels,
    life_events,
    agencies,
    blocks,
    capacity,
    dependencies,
    regulatory,
    reuse_credit,
    impact_threshold,
    feasibility_threshold
);

/// Quadrant of the impact x feasibility matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// High impact, high feasibility: do first.
    QuickWin,
    /// High impact, low feasibility: plan and prepare.
    MajorProject,
    /// Low impact, high feasibility: do when capacity allows.
    FillIn,
    /// Low impact, low feasibility.
    Reconsider,
}

impl Quadrant {
    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Quadrant::QuickWin => "quick_win",
            Quadrant::MajorProject => "major_project",
            Quadrant::FillIn => "fill_in",
            Quadrant::Reconsider => "reconsider",
        }
    }
    /// The quadrant of an impact and a feasibility under these weights.
    pub fn of(impact: f64, feasibility: f64, weights: &ScoreWeights) -> Quadrant {
        match (
            impact >= weights.impact_threshold,
            feasibility >= weights.feasibility_threshold,
        ) {
            (true, true) => Quadrant::QuickWin,
            (true, false) => Quadrant::MajorProject,
            (false, true) => Quadrant::FillIn,
            (false, false) => Quadrant::Reconsider,
        }
    }
}

/// The components of a score, each in 0..1.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Components {
    /// Log-scaled demand between the smallest and the largest.
    pub demand: f64,
    /// Log-scaled in-person interactions avoided, the same way.
    pub interactions_avoided: f64,
    /// Levels climbed / 3.
    pub levels: f64,
    /// Life-event reach and centrality.
    pub life_events: f64,
    /// Other agencies involved against the largest.
    pub agencies: f64,
    /// Blocks in place or reusable.
    pub blocks: f64,
    /// Capacity left after its effort.
    pub capacity: f64,
    /// 1 / (1 + open dependencies).
    pub dependencies: f64,
    /// Regulatory framework readiness.
    pub regulatory: f64,
}

/// The raw figures behind the components.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Facts {
    /// Transactions per year.
    pub demand: f64,
    /// `demand * interactions`.
    pub interactions_avoided: f64,
    /// `target_level - level`.
    pub levels_climbed: u8,
    /// Life events containing the service.
    pub life_events: Vec<String>,
    /// Largest share of a life event's services that are it or wait for it.
    pub centrality: f64,
    /// Other entities linked through dependencies.
    pub other_agencies: Vec<String>,
    /// Needed blocks that are missing and reusable.
    pub blocks_reusable: Vec<String>,
    /// Needed blocks that are missing and not reusable.
    pub blocks_missing: Vec<String>,
    /// Dependencies not yet at target.
    pub open_dependencies: Vec<String>,
    /// Effort in person-months.
    pub effort: f64,
    /// Its entity's capacity in plan year 1.
    pub capacity: f64,
}

/// The score of one service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ServiceScore {
    /// Service id.
    pub id: ServiceId,
    /// Impact in 0..1.
    pub impact: f64,
    /// Feasibility in 0..1.
    pub feasibility: f64,
    /// `impact * feasibility`, what the rank orders by.
    pub priority: f64,
    /// Quadrant.
    pub quadrant: Quadrant,
    /// 1 = highest priority.
    pub rank: usize,
    /// Components in 0..1.
    pub components: Components,
    /// The raw figures behind them.
    pub facts: Facts,
}

/// Scores of every open service, in rank order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Scores {
    /// Open services, best rank first.
    pub services: Vec<ServiceScore>,
    /// Services already at target (not scored), in catalogue order.
    pub done: Vec<ServiceId>,
    /// The weights used.
    pub weights: ScoreWeights,
}

impl Scores {
    /// The score of one service.
    pub fn service(&self, id: &str) -> Option<&ServiceScore> {
        self.services.iter().find(|s| s.id.as_str() == id)
    }
    /// Number of services in a quadrant.
    pub fn count(&self, quadrant: Quadrant) -> usize {
        self.services
            .iter()
            .filter(|s| s.quadrant == quadrant)
            .count()
    }
}

fn weight(w: f64) -> f64 {
    if w.is_finite() && w > 0.0 {
        w
    } else {
        0.0
    }
}

fn weighted_mean(pairs: &[(f64, f64)]) -> f64 {
    let total: f64 = pairs.iter().map(|(w, _)| weight(*w)).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let v = pairs.iter().map(|(w, c)| weight(*w) * c).sum::<f64>() / total;
    clamp01(v)
}

fn clamp01(v: f64) -> f64 {
    if v.is_nan() {
        0.0
    } else {
        v.clamp(0.0, 1.0)
    }
}

/// `ln(1 + x)` scaled from `ln(1 + min)` (0) to `ln(1 + max)` (1); when
/// every service has the same figure, 1 if it is positive, else 0.
struct LogScale {
    /// `ln(1 + min)` and `ln(1 + max)`, or None when `max` is not positive.
    range: Option<(f64, f64)>,
}

impl LogScale {
    fn new(min: f64, max: f64) -> Self {
        let range = (max > 0.0 && max.is_finite()).then(|| (min.max(0.0).ln_1p(), max.ln_1p()));
        LogScale { range }
    }
    fn at(&self, x: f64) -> f64 {
        let x = if x.is_finite() { x.max(0.0) } else { 0.0 };
        let Some((lo, hi)) = self.range else {
            return 0.0;
        };
        if hi - lo <= f64::EPSILON {
            return 1.0;
        }
        clamp01((x.ln_1p() - lo) / (hi - lo))
    }
}

/// Score every open service of a catalogue.
///
/// Works on any catalogue (unknown ids are skipped); deterministic. See
/// the module documentation for every component and its scaling.
///
/// # Examples
///
/// ```
/// use scaleplan::score::{score, ScoreWeights};
/// let scores = score(&scaleplan::Catalogue::default(), &ScoreWeights::default());
/// assert!(scores.services.is_empty());
/// ```
pub fn score(catalogue: &Catalogue, weights: &ScoreWeights) -> Scores {
    let services = &catalogue.services;
    // id -> position; with duplicate ids the last one wins
    let index: foldhash::HashMap<&str, usize> = services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let open: Vec<usize> = (0..services.len())
        .filter(|&i| services.get(i).is_some_and(|s| !s.is_done()))
        .collect();

    // `depends_on` resolved to positions once (unknown ids are None)
    let mut deps: Lists<Option<usize>> = Lists::with_capacity(services.len());
    for s in services {
        deps.items
            .extend(s.depends_on.iter().map(|p| index.get(p.as_str()).copied()));
        deps.start.push(deps.items.len());
    }
    // reverse dependency edges, each list in catalogue order
    let mut dependents: Lists<usize> = Lists::with_capacity(services.len());
    dependents.start.resize(services.len() + 1, 0);
    for &pi in deps.items.iter().flatten() {
        if let Some(n) = dependents.start.get_mut(pi + 1) {
            *n += 1;
        }
    }
    for k in 1..dependents.start.len() {
        dependents.start[k] += dependents.start[k - 1];
    }
    dependents
        .items
        .resize(deps.items.iter().flatten().count(), 0);
    let mut next: Vec<usize> = dependents.start.clone();
    for i in 0..services.len() {
        for &pi in deps.of(i).iter().flatten() {
            if let Some(slot) = next.get_mut(pi) {
                dependents.items[*slot] = i;
                *slot += 1;
            }
        }
    }

    // life events per service, and each service's centrality: over its
    // life events, the largest share of the event's services that are the
    // service itself or (transitively) depend on it
    let (events_of, centrality) = life_event_reach(catalogue, &index, &deps);

    let readiness = framework_readiness(catalogue);
    let reusable_systems: HashSet<&str> = catalogue
        .systems
        .iter()
        .flat_map(|s| s.provides.iter().map(|b| b.as_str()))
        .collect();
    // lookups by id where the first entry with an id wins (as
    // `Catalogue::block`, `::workflow` and `::entity` do)
    let mut blocks_by_id: HashMap<&str, Credit> = HashMap::new();
    for bb in &catalogue.building_blocks {
        blocks_by_id.entry(bb.id.as_str()).or_insert_with(|| {
            if bb.status == BlockStatus::Available {
                Credit::Available
            } else if bb
                .options
                .iter()
                .any(|o| o.approach == crate::model::Approach::Reuse)
                || reusable_systems.contains(bb.id.as_str())
            {
                Credit::Reusable
            } else {
                Credit::Missing
            }
        });
    }
    let mut workflows_by_id: HashMap<&str, &crate::model::Workflow> = HashMap::new();
    for w in &catalogue.workflows {
        workflows_by_id.entry(w.id.as_str()).or_insert(w);
    }
    let mut capacity_by_entity: HashMap<&str, f64> = HashMap::new();
    for e in &catalogue.entities {
        capacity_by_entity
            .entry(e.id.as_str())
            .or_insert_with(|| e.capacity.at(1));
    }

    // first pass: the figures of each open service; the names its facts
    // list go to `names` and become strings only in rank order (so that
    // the scores are built, and later freed, front to back)
    let mut raw: Vec<Raw> = Vec::with_capacity(open.len());
    let mut names: Vec<&str> = Vec::new();
    let mut needed: Vec<&crate::model::BlockId> = Vec::new();
    let mut agencies: Vec<&str> = Vec::new();
    for &i in &open {
        let Some(s) = services.get(i) else { continue };
        let demand = if s.demand.is_finite() {
            s.demand.max(0.0)
        } else {
            0.0
        };
        let interactions = if s.interactions.is_finite() {
            s.interactions.max(0.0)
        } else {
            0.0
        };
        // the blocks it needs: its own and its workflow's, without repeats
        // (as `Catalogue::blocks_needed`)
        needed.clear();
        let wf = s
            .workflow
            .as_ref()
            .and_then(|w| workflows_by_id.get(w.as_str()));
        for b in s
            .building_blocks
            .iter()
            .chain(wf.into_iter().flat_map(|w| w.building_blocks.iter()))
        {
            if !needed.contains(&b) {
                needed.push(b);
            }
        }
        let first = names.len();
        for b in &needed {
            if let Some(Credit::Reusable) = blocks_by_id.get(b.as_str()) {
                names.push(b.as_str());
            }
        }
        let reusable = names.len() - first;
        for b in &needed {
            match blocks_by_id.get(b.as_str()) {
                Some(Credit::Available | Credit::Reusable) => {}
                _ => names.push(b.as_str()),
            }
        }
        let missing = names.len() - first - reusable;
        other_agencies(services, &deps, &dependents, i, &mut agencies);
        names.extend_from_slice(&agencies);
        let open_dependencies = s
            .depends_on
            .iter()
            .zip(deps.of(i))
            .filter(|(_, j)| {
                j.and_then(|j| services.get(j))
                    .is_some_and(|d| !d.is_done())
            })
            .map(|(p, _)| p.as_str());
        names.extend(open_dependencies);
        let capacity = capacity_by_entity
            .get(s.entity.as_str())
            .copied()
            .filter(|c| c.is_finite())
            .unwrap_or(0.0)
            .max(0.0);
        raw.push(Raw {
            id: &s.id,
            position: i,
            demand,
            interactions_avoided: demand * interactions,
            levels_climbed: s.target_level.saturating_sub(s.level),
            life_events: events_of.get(i).map_or(0, Vec::len),
            centrality: clamp01(centrality.get(i).copied().unwrap_or(0.0)),
            effort: if s.effort.is_finite() {
                s.effort.max(0.0)
            } else {
                0.0
            },
            capacity,
            blocks_total: needed.len(),
            names: [first, reusable, missing, agencies.len(), names.len()],
        });
    }

    let max_of = |f: &dyn Fn(&Raw) -> f64| raw.iter().map(f).fold(0.0, f64::max);
    let min_of = |f: &dyn Fn(&Raw) -> f64| raw.iter().map(f).fold(f64::INFINITY, f64::min);
    let max_demand = max_of(&|f| f.demand);
    let min_demand = min_of(&|f| f.demand);
    let max_avoided = max_of(&|f| f.interactions_avoided);
    let min_avoided = min_of(&|f| f.interactions_avoided);
    let max_events = max_of(&|f| f.life_events as f64);
    let max_agencies = max_of(&|f| f.agencies() as f64);
    let demand_scale = LogScale::new(min_demand, max_demand);
    let avoided_scale = LogScale::new(min_avoided, max_avoided);

    // components, impact and feasibility of each scored service
    let rated: Vec<(Components, f64, f64)> = raw
        .iter()
        .map(|f| {
            let total_blocks = f.blocks_total;
            let reusable = f.reusable() as f64;
            let needed = f.reusable() + f.missing();
            let blocks = if total_blocks == 0 {
                1.0
            } else {
                let available = total_blocks.saturating_sub(needed) as f64;
                (available + clamp01(weights.reuse_credit) * reusable) / total_blocks as f64
            };
            let reach = if max_events > 0.0 {
                f.life_events as f64 / max_events
            } else {
                0.0
            };
            let life_events = if max_events > 0.0 {
                (reach + f.centrality) / 2.0
            } else {
                0.0
            };
            let capacity = if f.effort <= 0.0 {
                1.0
            } else if f.capacity <= 0.0 {
                0.0
            } else {
                1.0 - (f.effort / f.capacity).min(1.0)
            };
            let c = Components {
                demand: demand_scale.at(f.demand),
                interactions_avoided: avoided_scale.at(f.interactions_avoided),
                levels: clamp01(f64::from(f.levels_climbed) / 3.0),
                life_events: clamp01(life_events),
                agencies: if max_agencies > 0.0 {
                    clamp01(f.agencies() as f64 / max_agencies)
                } else {
                    0.0
                },
                blocks: clamp01(blocks),
                capacity: clamp01(capacity),
                dependencies: 1.0 / (1.0 + f.open_dependencies() as f64),
                regulatory: clamp01(readiness),
            };
            let impact = weighted_mean(&[
                (weights.demand, c.demand),
                (weights.interactions_avoided, c.interactions_avoided),
                (weights.levels, c.levels),
                (weights.life_events, c.life_events),
                (weights.agencies, c.agencies),
            ]);
            let feasibility = weighted_mean(&[
                (weights.blocks, c.blocks),
                (weights.capacity, c.capacity),
                (weights.dependencies, c.dependencies),
                (weights.regulatory, c.regulatory),
            ]);
            (c, impact, feasibility)
        })
        .collect();
    // rank positions, not the (large) scores: highest priority first, ties
    // by impact, then by id, then catalogue order
    let mut order: Vec<(f64, f64, usize)> = rated
        .iter()
        .enumerate()
        .map(|(x, (_, impact, feasibility))| (impact * feasibility, *impact, x))
        .collect();
    order.sort_unstable_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then(b.1.total_cmp(&a.1))
            .then_with(|| {
                let id = |x: usize| raw.get(x).map(|f| f.id);
                id(a.2).cmp(&id(b.2))
            })
            .then(a.2.cmp(&b.2))
    });
    let strings = |from: usize, to: usize| -> Vec<String> {
        names
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .map(|n| (*n).to_owned())
            .collect()
    };
    let mut scored: Vec<ServiceScore> = Vec::with_capacity(order.len());
    for &(_, _, x) in &order {
        let (Some(f), Some((c, impact, feasibility))) = (raw.get(x), rated.get(x)) else {
            continue;
        };
        let [first, reusable, missing, agencies, end] = f.names;
        let (missing_at, agencies_at) = (first + reusable, first + reusable + missing);
        let deps_at = agencies_at + agencies;
        scored.push(ServiceScore {
            id: f.id.clone(),
            impact: *impact,
            feasibility: *feasibility,
            priority: impact * feasibility,
            quadrant: Quadrant::of(*impact, *feasibility, weights),
            rank: scored.len() + 1,
            components: c.clone(),
            facts: Facts {
                demand: f.demand,
                interactions_avoided: f.interactions_avoided,
                levels_climbed: f.levels_climbed,
                life_events: if f.life_events == 0 {
                    Vec::new()
                } else {
                    events_of
                        .get(f.position)
                        .into_iter()
                        .flatten()
                        .filter_map(|&li| catalogue.life_events.get(li))
                        .map(|l| l.id.to_string())
                        .collect()
                },
                centrality: f.centrality,
                other_agencies: strings(agencies_at, deps_at),
                blocks_reusable: strings(first, missing_at),
                blocks_missing: strings(missing_at, agencies_at),
                open_dependencies: strings(deps_at, end),
                effort: f.effort,
                capacity: f.capacity,
            },
        });
    }
    Scores {
        services: scored,
        done: services
            .iter()
            .filter(|s| s.is_done())
            .map(|s| s.id.clone())
            .collect(),
        weights: weights.clone(),
    }
}

/// One list per service in two allocations: service `i`'s items are
/// `items[start[i]..start[i + 1]]`.
struct Lists<T> {
    start: Vec<usize>,
    items: Vec<T>,
}

impl<T> Lists<T> {
    fn with_capacity(n: usize) -> Self {
        let mut start = Vec::with_capacity(n + 1);
        start.push(0);
        Lists {
            start,
            items: Vec::new(),
        }
    }
    fn of(&self, i: usize) -> &[T] {
        match (self.start.get(i), self.start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// The entities, other than its own, of the services service `i` depends
/// on and of those that depend on it (directly), sorted, without repeats.
fn other_agencies<'a>(
    services: &'a [crate::model::Service],
    deps: &Lists<Option<usize>>,
    dependents: &Lists<usize>,
    i: usize,
    set: &mut Vec<&'a str>,
) {
    set.clear();
    let Some(s) = services.get(i) else {
        return;
    };
    let linked = deps.of(i).iter().flatten().chain(dependents.of(i)).copied();
    for j in linked {
        if let Some(o) = services.get(j) {
            if o.entity != s.entity {
                set.push(o.entity.as_str());
            }
        }
    }
    set.sort_unstable();
    set.dedup();
}

/// The figures of an open service before it is ranked.
struct Raw<'a> {
    id: &'a ServiceId,
    position: usize,
    demand: f64,
    interactions_avoided: f64,
    levels_climbed: u8,
    life_events: usize,
    centrality: f64,
    effort: f64,
    capacity: f64,
    blocks_total: usize,
    /// Where its names start in the list of names, and how many of each:
    /// reusable blocks, missing blocks, other agencies; then where its
    /// open dependencies (the last of its names) end.
    names: [usize; 5],
}

impl Raw<'_> {
    fn reusable(&self) -> usize {
        self.names[1]
    }
    fn missing(&self) -> usize {
        self.names[2]
    }
    fn agencies(&self) -> usize {
        self.names[3]
    }
    fn open_dependencies(&self) -> usize {
        let [first, reusable, missing, agencies, end] = self.names;
        end - first - reusable - missing - agencies
    }
}

/// What a block needed by a service credits it with.
#[derive(Clone, Copy)]
enum Credit {
    Available,
    Reusable,
    Missing,
}

/// Per service, the life events listing it (in catalogue order) and its
/// centrality: over those events, the largest share of the event's
/// services that are the service itself or depend on it, directly or not
/// (0 when it is in none).
///
/// A member `v` of an event waits for a member `m` when `m` can be reached
/// from `v` along `depends_on`; so each member's prerequisites are walked
/// once (stopping when every other member is found), instead of walking
/// every service's (possibly huge) set of dependents.
fn life_event_reach(
    catalogue: &Catalogue,
    index: &foldhash::HashMap<&str, usize>,
    deps: &Lists<Option<usize>>,
) -> (Vec<Vec<usize>>, Vec<f64>) {
    let n = catalogue.services.len();
    let mut events_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut centrality: Vec<f64> = vec![0.0; n];
    // position in the current event's members, valid when `member_of` is
    // the event's stamp
    let mut member_of: Vec<usize> = vec![usize::MAX; n];
    let mut slot: Vec<usize> = vec![0; n];
    let mut visited: Vec<usize> = vec![usize::MAX; n];
    let mut walk = 0usize;
    let mut members: Vec<usize> = Vec::new();
    let mut waiting: Vec<usize> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for (li, l) in catalogue.life_events.iter().enumerate() {
        members.clear();
        for s in &l.services {
            if let Some(&i) = index.get(s.as_str()) {
                if member_of.get(i).is_some_and(|&m| m != li) {
                    member_of[i] = li;
                    slot[i] = members.len();
                    members.push(i);
                }
            }
        }
        if members.is_empty() {
            continue;
        }
        // each member waits for itself
        waiting.clear();
        waiting.resize(members.len(), 1);
        for &m in &members {
            // every member other than `m` that `m` depends on, directly or not
            walk += 1;
            let mut found = 0;
            stack.clear();
            stack.push(m);
            'walk: while let Some(k) = stack.pop() {
                for &j in deps.of(k).iter().flatten() {
                    if visited[j] == walk {
                        continue;
                    }
                    visited[j] = walk;
                    if j != m && member_of[j] == li {
                        waiting[slot[j]] += 1;
                        found += 1;
                        if found + 1 == members.len() {
                            break 'walk;
                        }
                    }
                    stack.push(j);
                }
            }
        }
        for (&i, &w) in members.iter().zip(&waiting) {
            events_of[i].push(li);
            centrality[i] = centrality[i].max(w as f64 / members.len() as f64);
        }
    }
    (events_of, centrality)
}

/// Write each scored service's `priority * scale` into its `value`, so the
/// planner (which maximises value) brings the best-ranked services online
/// first. Services without a score (done, or not in `scores`) keep their
/// value. A non-finite or negative `scale` is treated as 0. Returns the
/// number of services changed.
///
/// `scale` sets the value of a perfect score against life-event weights
/// (which the planner adds to the objective as they are): with scale
/// 1,000,000 a service of priority 0.5 is worth 500,000 a year.
///
/// # Examples
///
/// ```
/// use scaleplan::score::{apply_scores_as_value, score, ScoreWeights};
/// let mut c = scaleplan::Catalogue::default();
/// let scores = score(&c, &ScoreWeights::default());
/// assert_eq!(apply_scores_as_value(&mut c, &scores, 1000.0), 0);
/// ```
pub fn apply_scores_as_value(catalogue: &mut Catalogue, scores: &Scores, scale: f64) -> usize {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        0.0
    };
    let by_id: HashMap<&str, f64> = scores
        .services
        .iter()
        .map(|s| (s.id.as_str(), s.priority))
        .collect();
    let mut changed = 0;
    for s in &mut catalogue.services {
        if let Some(p) = by_id.get(s.id.as_str()) {
            s.value = Some(p * scale);
            changed += 1;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn base() -> Catalogue {
        let entities = vec![
            Entity {
                id: "moh".into(),
                name: String::new(),
                capacity: Capacity::Constant(100.0),
            },
            Entity {
                id: "mof".into(),
                name: String::new(),
                capacity: Capacity::Constant(100.0),
            },
        ];
        let building_blocks = vec![
            BuildingBlock {
                id: "identity".into(),
                name: String::new(),
                status: BlockStatus::Available,
                options: vec![],
            },
            BuildingBlock {
                id: "payments".into(),
                name: String::new(),
                status: BlockStatus::Missing,
                options: vec![AcquisitionOption {
                    approach: Approach::Tender,
                    cost: 1.0,
                    lead_years: 1,
                    system: None,
                }],
            },
        ];
        Catalogue {
            entities,
            building_blocks,
            ..Catalogue::default()
        }
    }

    fn svc(id: &str, demand: f64) -> Service {
        let mut s = Service::new(id, "moh", 2);
        s.demand = demand;
        s.effort = 10.0;
        s
    }

    fn get<'a>(s: &'a Scores, id: &str) -> &'a ServiceScore {
        s.service(id).unwrap()
    }

    #[test]
    fn missing_block_lowers_feasibility() {
        let mut c = base();
        let mut a = svc("a", 100.0);
        a.building_blocks = vec!["identity".into(), "payments".into()];
        let mut b = svc("b", 100.0);
        b.building_blocks = vec!["identity".into()];
        c.services = vec![a, b];
        let s = score(&c, &ScoreWeights::default());
        assert!(get(&s, "a").feasibility < get(&s, "b").feasibility);
        assert_eq!(get(&s, "a").components.blocks, 0.5);
        assert_eq!(get(&s, "b").components.blocks, 1.0);
        assert_eq!(get(&s, "a").impact, get(&s, "b").impact);
        assert_eq!(get(&s, "a").facts.blocks_missing, ["payments"]);
        // reusable: partial credit
        c.systems.push(System {
            id: "mifos".into(),
            name: String::new(),
            provides: vec!["payments".into()],
            open_source: None,
            url: None,
        });
        let s2 = score(&c, &ScoreWeights::default());
        assert_eq!(get(&s2, "a").components.blocks, 0.75);
        assert!(get(&s2, "a").feasibility > get(&s, "a").feasibility);
        assert!(get(&s2, "a").feasibility < get(&s2, "b").feasibility);
    }

    #[test]
    fn bigger_demand_raises_impact() {
        let mut c = base();
        c.services = vec![svc("small", 100.0), svc("big", 100_000.0), svc("zero", 0.0)];
        let s = score(&c, &ScoreWeights::default());
        assert!(get(&s, "big").impact > get(&s, "small").impact);
        assert!(get(&s, "small").impact > get(&s, "zero").impact);
        assert_eq!(get(&s, "big").components.demand, 1.0);
        assert_eq!(get(&s, "zero").components.demand, 0.0);
        assert_eq!(get(&s, "big").rank, 1);
        assert_eq!(get(&s, "zero").rank, 3);
    }

    #[test]
    fn done_services_are_listed_not_scored() {
        let mut c = base();
        let mut d = svc("d", 1e9);
        d.level = 4;
        c.services = vec![svc("a", 10.0), d];
        let s = score(&c, &ScoreWeights::default());
        assert_eq!(s.services.len(), 1);
        assert_eq!(s.done, [ServiceId::from("d")]);
        // the done service does not set the demand maximum
        assert_eq!(get(&s, "a").components.demand, 1.0);
    }

    #[test]
    fn capacity_and_dependencies() {
        let mut c = base();
        let mut heavy = svc("heavy", 10.0);
        heavy.effort = 150.0;
        let mut light = svc("light", 10.0);
        light.effort = 25.0;
        let mut waits = svc("waits", 10.0);
        waits.depends_on = vec!["heavy".into(), "light".into()];
        let mut waits_done = svc("waits-done", 10.0);
        let mut done = svc("done", 10.0);
        done.level = 4;
        waits_done.depends_on = vec!["done".into()];
        c.services = vec![heavy, light, waits, waits_done, done];
        let s = score(&c, &ScoreWeights::default());
        assert_eq!(get(&s, "heavy").components.capacity, 0.0);
        assert_eq!(get(&s, "light").components.capacity, 0.75);
        assert!((get(&s, "waits").components.dependencies - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(get(&s, "waits-done").components.dependencies, 1.0);
        assert!(get(&s, "waits").feasibility < get(&s, "waits-done").feasibility);
    }

    #[test]
    fn life_events_and_agencies() {
        let mut c = base();
        let root = svc("root", 10.0);
        let mut mid = svc("mid", 10.0);
        mid.depends_on = vec!["root".into()];
        mid.entity = "mof".into();
        let mut leaf = svc("leaf", 10.0);
        leaf.depends_on = vec!["mid".into()];
        let alone = svc("alone", 10.0);
        c.services = vec![root, mid, leaf, alone];
        c.life_events = vec![LifeEvent {
            id: "le".into(),
            name: String::new(),
            audience: Audience::Citizen,
            services: vec!["root".into(), "mid".into(), "leaf".into(), "alone".into()],
            weight: 0.0,
        }];
        let s = score(&c, &ScoreWeights::default());
        assert_eq!(get(&s, "root").facts.centrality, 0.75);
        assert_eq!(get(&s, "leaf").facts.centrality, 0.25);
        assert!(get(&s, "root").components.life_events > get(&s, "leaf").components.life_events);
        // mid links moh on both sides: one other agency; root and leaf link mof
        assert_eq!(get(&s, "mid").facts.other_agencies, ["moh"]);
        assert_eq!(get(&s, "root").facts.other_agencies, ["mof"]);
        assert_eq!(get(&s, "alone").components.agencies, 0.0);
        assert_eq!(get(&s, "root").components.agencies, 1.0);
    }

    #[test]
    fn regulatory_readiness_raises_feasibility() {
        let mut c = base();
        c.services = vec![svc("a", 10.0)];
        let before = score(&c, &ScoreWeights::default());
        c.policies.push(Policy {
            id: "dss".into(),
            name: String::new(),
            kind: PolicyKind::DigitalServiceStandard,
            status: PolicyStatus::InForce,
        });
        let after = score(&c, &ScoreWeights::default());
        assert!((get(&after, "a").components.regulatory - 1.0 / 6.0).abs() < 1e-12);
        assert!(get(&after, "a").feasibility > get(&before, "a").feasibility);
    }

    #[test]
    fn quadrants_follow_thresholds() {
        let w = ScoreWeights::default();
        assert_eq!(Quadrant::of(0.5, 0.5, &w), Quadrant::QuickWin);
        assert_eq!(Quadrant::of(0.9, 0.1, &w), Quadrant::MajorProject);
        assert_eq!(Quadrant::of(0.1, 0.9, &w), Quadrant::FillIn);
        assert_eq!(Quadrant::of(0.1, 0.1, &w), Quadrant::Reconsider);
        let w = w.impact_threshold(0.05);
        assert_eq!(Quadrant::of(0.1, 0.1, &w), Quadrant::MajorProject);
    }

    #[test]
    fn weights_change_the_ranking() {
        let mut c = base();
        let mut big_blocked = svc("big-blocked", 1e6);
        big_blocked.building_blocks = vec!["payments".into()];
        c.services = vec![big_blocked, svc("small-free", 10.0)];
        let by_demand = score(&c, &ScoreWeights::default().blocks(0.0).capacity(0.0));
        assert_eq!(by_demand.services[0].id.as_str(), "big-blocked");
        let by_feas = score(
            &c,
            &ScoreWeights::default()
                .demand(0.0)
                .interactions_avoided(0.0)
                .blocks(10.0),
        );
        assert_eq!(by_feas.services[0].id.as_str(), "small-free");
    }

    #[test]
    fn scores_stay_in_unit_interval_on_odd_input() {
        let mut c = base();
        let mut a = svc("a", f64::NAN);
        a.effort = f64::INFINITY;
        a.depends_on = vec!["ghost".into()];
        a.building_blocks = vec!["ghost-block".into()];
        let mut b = svc("b", -5.0);
        b.entity = "nobody".into();
        c.services = vec![a, b];
        let w = ScoreWeights::default().demand(-1.0).levels(f64::NAN);
        let s = score(&c, &w);
        for x in &s.services {
            for v in [x.impact, x.feasibility, x.priority] {
                assert!((0.0..=1.0).contains(&v), "{v}");
            }
        }
    }

    #[test]
    fn json_shape_and_apply_as_value() {
        let mut c = base();
        c.services = vec![svc("a", 10.0), svc("b", 1000.0)];
        let s = score(&c, &ScoreWeights::default());
        let v = serde_json::to_value(&s).unwrap();
        let first = &v["services"][0];
        for k in [
            "id",
            "impact",
            "feasibility",
            "quadrant",
            "rank",
            "components",
        ] {
            assert!(first.get(k).is_some(), "missing {k}");
        }
        assert_eq!(first["id"], "b");
        assert_eq!(first["rank"], 1);
        assert!(first["components"]["demand"].is_number());
        let back: Scores = serde_json::from_value(v).unwrap();
        assert_eq!(back, s);
        let w: ScoreWeights = serde_json::from_str(r#"{"demand": 1.0}"#).unwrap();
        assert_eq!(w.demand, 1.0);
        assert_eq!(w.blocks, ScoreWeights::default().blocks);

        assert_eq!(apply_scores_as_value(&mut c, &s, 100.0), 2);
        let vb = c.service("b").unwrap().value.unwrap();
        let va = c.service("a").unwrap().value.unwrap();
        assert!((vb - 100.0 * get(&s, "b").priority).abs() < 1e-9);
        assert!(vb > va);
    }
}

#[cfg(test)]
mod sample_tests {
    use super::*;

    #[test]
    fn sample_scores_are_consistent_with_gaps() {
        let c = crate::sample::catalogue();
        let s = score(&c, &ScoreWeights::default());
        let open = c.services.iter().filter(|x| !x.is_done()).count();
        assert!(open > 0);
        assert_eq!(s.services.len(), open);
        assert_eq!(s.services.len() + s.done.len(), c.services.len());
        let ranks: Vec<usize> = s.services.iter().map(|x| x.rank).collect();
        assert_eq!(ranks, (1..=open).collect::<Vec<_>>());
        for w in s.services.windows(2) {
            assert!(w[0].priority >= w[1].priority);
        }
        // every service a gap blocks sees that block as missing or reusable
        let g = crate::gaps::gaps(&c);
        for b in &g.building_blocks {
            for id in &b.services_blocked {
                let f = &s.service(id.as_str()).unwrap().facts;
                let name = b.id.to_string();
                assert!(f.blocks_missing.contains(&name) || f.blocks_reusable.contains(&name));
                assert!(s.service(id.as_str()).unwrap().components.blocks < 1.0);
            }
        }
        // and a service no gap blocks has all its blocks
        for x in &s.services {
            let blocked = g
                .building_blocks
                .iter()
                .any(|b| b.services_blocked.contains(&x.id));
            assert_eq!(blocked, x.components.blocks < 1.0, "{}", x.id);
        }
        // more than one quadrant is used on a realistic catalogue
        let used = [
            Quadrant::QuickWin,
            Quadrant::MajorProject,
            Quadrant::FillIn,
            Quadrant::Reconsider,
        ]
        .iter()
        .filter(|q| s.count(**q) > 0)
        .count();
        assert!(used >= 2);
    }

    /// Centrality, agencies and open dependencies against a plain walk of
    /// every service's dependents, on generated catalogues with cycles,
    /// self-dependencies, unknown ids and repeated life-event members.
    #[test]
    fn life_event_centrality_matches_a_plain_walk() {
        use std::collections::{BTreeSet, HashMap, HashSet};
        for seed in 0..4 {
            let cfg = crate::generate::GeneratorConfig {
                services: 300,
                life_events: 40,
                seed,
                ..Default::default()
            };
            let (mut c, _) = crate::generate::generate(&cfg);
            let n = c.services.len();
            for k in (0..n).step_by(17) {
                let d = c.services[(k * 31 + 7) % n].id.clone();
                c.services[k].depends_on.push(d);
                let own = c.services[(k + 3) % n].id.clone();
                c.services[(k + 3) % n].depends_on.push(own);
            }
            c.services[1].depends_on.push("nobody".into());
            for (li, l) in c.life_events.iter_mut().enumerate() {
                if li % 3 == 0 {
                    if let Some(f) = l.services.first().cloned() {
                        l.services.push(f);
                    }
                    l.services.push("nobody".into());
                }
            }
            let scores = score(&c, &ScoreWeights::default());
            let index: HashMap<&str, usize> = c
                .services
                .iter()
                .enumerate()
                .map(|(i, s)| (s.id.as_str(), i))
                .collect();
            let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
            for (i, s) in c.services.iter().enumerate() {
                for p in &s.depends_on {
                    if let Some(&pi) = index.get(p.as_str()) {
                        dependents[pi].push(i);
                    }
                }
            }
            for x in &scores.services {
                let i = index[x.id.as_str()];
                let mut reach = HashSet::new();
                let mut stack = vec![i];
                while let Some(k) = stack.pop() {
                    for &j in &dependents[k] {
                        if j != i && reach.insert(j) {
                            stack.push(j);
                        }
                    }
                }
                let mut centrality: f64 = 0.0;
                let mut events = Vec::new();
                for l in &c.life_events {
                    let members: HashSet<usize> = l
                        .services
                        .iter()
                        .filter_map(|s| index.get(s.as_str()).copied())
                        .collect();
                    if members.contains(&i) {
                        events.push(l.id.to_string());
                        let waiting = members.iter().filter(|m| reach.contains(m)).count() + 1;
                        centrality = centrality.max(waiting as f64 / members.len() as f64);
                    }
                }
                assert_eq!(x.facts.centrality, centrality.clamp(0.0, 1.0), "{}", x.id);
                assert_eq!(x.facts.life_events, events, "{}", x.id);
                let s = &c.services[i];
                let agencies: BTreeSet<String> = s
                    .depends_on
                    .iter()
                    .filter_map(|p| index.get(p.as_str()).copied())
                    .chain(dependents[i].iter().copied())
                    .map(|j| &c.services[j].entity)
                    .filter(|e| **e != s.entity)
                    .map(ToString::to_string)
                    .collect();
                assert_eq!(
                    x.facts.other_agencies,
                    agencies.into_iter().collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn planning_by_score_uses_the_scores_as_value() {
        use crate::plan::{Backend, Planner};
        let original = crate::sample::catalogue();
        let mut c = original.clone();
        let sc = crate::sample::scenario();
        let s = score(&c, &ScoreWeights::default());
        assert!(apply_scores_as_value(&mut c, &s, 1_000_000.0) > 0);
        let r = Planner::new(&c)
            .scenario(&sc)
            .backend(Backend::Heuristic)
            .explain(false)
            .solve()
            .unwrap();
        assert!(r.status.has_plan());
        // the plan is valid for the catalogue with values set
        let v = crate::verify::verify(&c, &sc, &r);
        assert!(v.is_ok(), "{:?}", v.violations);
        // the planner optimised the score-based values, not the defaults
        let tol = 1e-6 * r.objective.abs().max(1.0);
        assert!((v.objective - r.objective).abs() <= tol);
        let by_default = crate::verify::verify(&original, &sc, &r).objective;
        assert!((by_default - r.objective).abs() > tol);
    }
}

#[cfg(test)]
mod scale_tests {
    /// Large generated catalogue: every analysis runs (and stays in 0..1).
    /// `cargo test -p scaleplan --release --lib scale_tests -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn large_generated_catalogue() {
        let cfg = crate::generate::GeneratorConfig {
            services: 100_000,
            life_events: 200,
            ..Default::default()
        };
        let (c, _) = crate::generate::generate(&cfg);
        let t = web_time::Instant::now();
        let s = super::score(&c, &super::ScoreWeights::default());
        eprintln!("score {} services: {:?}", c.services.len(), t.elapsed());
        assert!(s.services.iter().all(|x| (0.0..=1.0).contains(&x.priority)));
        let t = web_time::Instant::now();
        let g = crate::gaps::gaps(&c);
        eprintln!(
            "gaps: {:?} ({} missing blocks)",
            t.elapsed(),
            g.building_blocks.len()
        );
    }
}
