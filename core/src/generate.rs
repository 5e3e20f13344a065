//! A seeded generator of realistic catalogues at any size, for tests,
//! benchmarks and the comparison scripts.
//!
//! The same [`GeneratorConfig`] always gives the same catalogue and scenario
//! (ChaCha8 seeded from `seed`). What it draws:
//!
//! - **entities** with skewed sizes (a few large ministries own most
//!   services: Zipf-like weights);
//! - **demand** heavy-tailed (log-normal: most services have a few thousand
//!   transactions a year, a few have millions); levels 1-3 for open
//!   services, a share already at target;
//! - **building blocks**: the GovStack names first (`identity`,
//!   `payments`, ...), then `block-16`, ...; a share missing, each with one
//!   to three reuse/tender/build options (at least one with a lead time of
//!   at most one year); reuse options deploy a system of the systems
//!   catalogue;
//! - **workflows** sharing popular blocks, followed by most services, so
//!   one missing block holds back many services;
//! - **dependencies** only on services earlier in the list (acyclic by
//!   construction), often on a few foundational services;
//! - **life events** grouping 3-8 services, citizen or business;
//! - **capacity and budget** sized by `capacity_tightness` and
//!   `budget_tightness` (share of the open work that fits in the horizon),
//!   so that typically 60-80% of the open services can go live;
//! - **deadlines and targets** that are always achievable: a greedy
//!   schedule that respects every constraint of MODEL.md is run on the
//!   generated catalogue, deadlines are put only on services it brings live
//!   (no earlier than it does), and targets at 90% of the shares it reaches.
//!
//! Generation is linear in the number of services (plus a sort), so
//! 100,000 services take well under a second in release builds.
//!
//! # Examples
//!
//! ```
//! use scaleplan::generate::{generate, GeneratorConfig};
//! let config = GeneratorConfig { services: 300, years: 6, seed: 7, ..Default::default() };
//! let (catalogue, scenario) = generate(&config);
//! assert_eq!(catalogue.services.len(), 300);
//! assert_eq!(scenario.horizon, 6);
//! assert_eq!(generate(&config), (catalogue, scenario));
//! ```

use crate::model::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The GovStack building blocks, used as the first block ids.
pub const GOVSTACK_BLOCKS: [(&str, &str); 15] = [
    ("identity", "Identity"),
    ("registration", "Registration"),
    ("payments", "Payments"),
    ("messaging", "Messaging"),
    ("information-mediator", "Information Mediator"),
    ("digital-registries", "Digital Registries"),
    ("consent", "Consent"),
    ("workflow", "Workflow"),
    ("scheduler", "Scheduler"),
    ("e-signature", "E-Signature"),
    ("gis", "GIS"),
    ("content-management", "Content Management"),
    ("wallet", "Wallet"),
    ("e-marketplace", "E-Marketplace"),
    ("cloud-infrastructure", "Cloud Infrastructure"),
];

/// What to generate. Every field has a sensible default; set the ones you
/// care about with `..Default::default()`.
#[derive(Clone, Debug, PartialEq)]
pub struct GeneratorConfig {
    /// Number of services.
    pub services: usize,
    /// Plan years of the scenario (the horizon, at least 1).
    pub years: u32,
    /// Number of building blocks.
    pub blocks: usize,
    /// Number of entities (at least 1 when there are services).
    pub entities: usize,
    /// Number of life events.
    pub life_events: usize,
    /// Random seed: the same seed gives the same catalogue.
    pub seed: u64,
    /// Share (0..) of the open services' cost plus the cheapest acquisition
    /// of every missing block that the budget over the horizon covers;
    /// `None` gives an unlimited budget.
    pub budget_tightness: Option<f64>,
    /// Share (0..) of each entity's open effort that its capacity over the
    /// horizon covers.
    pub capacity_tightness: f64,
    /// Share of blocks that are missing.
    pub missing_share: f64,
    /// Share of services already at target.
    pub done_share: f64,
    /// Share of services with at least one dependency.
    pub dependency_share: f64,
    /// Share of services with a (reachable) deadline.
    pub deadline_share: f64,
    /// Share of services with an earliest year after year 1.
    pub earliest_share: f64,
    /// Number of generic workflows; `None` picks about one per two blocks.
    pub workflows: Option<usize>,
    /// Calendar year of plan year 1.
    pub start_year: i32,
    /// Whether the scenario carries targets (a count share in the middle
    /// year and a demand share in the last year).
    pub targets: bool,
}

impl Default for GeneratorConfig {
    fn default() -> Self {
        GeneratorConfig {
            services: 200,
            years: 5,
            blocks: 15,
            entities: 10,
            life_events: 12,
            seed: 42,
            budget_tightness: Some(0.7),
            capacity_tightness: 0.7,
            missing_share: 0.4,
            done_share: 0.1,
            dependency_share: 0.1,
            deadline_share: 0.03,
            earliest_share: 0.03,
            workflows: None,
            start_year: 2027,
            targets: true,
        }
    }
}

impl GeneratorConfig {
    /// A configuration of `services` services with entities, blocks and
    /// life events scaled to match (e.g. 1,000 services: 20 entities, 30
    /// blocks, 50 life events).
    pub fn sized(services: usize) -> Self {
        let f = services as f64;
        GeneratorConfig {
            services,
            entities: ((f / 50.0).round() as usize).clamp(3, 400),
            blocks: ((f.sqrt()).round() as usize).clamp(8, 60),
            life_events: ((f / 20.0).round() as usize).clamp(4, 2000),
            ..Default::default()
        }
    }
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    // Box-Muller
    let u1: f64 = rng.random::<f64>().max(1e-12);
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

fn lognormal(rng: &mut ChaCha8Rng, mu: f64, sigma: f64) -> f64 {
    (mu + sigma * normal(rng)).exp()
}

/// Index drawn from cumulative weights (binary search).
fn pick(rng: &mut ChaCha8Rng, cumulative: &[f64]) -> usize {
    let total = cumulative.last().copied().unwrap_or(0.0);
    let x = rng.random::<f64>() * total;
    cumulative
        .partition_point(|&c| c <= x)
        .min(cumulative.len().saturating_sub(1))
}

fn zipf_cumulative(n: usize, s: f64) -> Vec<f64> {
    let mut acc = 0.0;
    (0..n)
        .map(|i| {
            acc += 1.0 / ((i + 1) as f64).powf(s);
            acc
        })
        .collect()
}

fn round_to(x: f64, step: f64) -> f64 {
    (x / step).round() * step
}

const MINISTRIES: [&str; 12] = [
    "Interior",
    "Finance",
    "Health",
    "Education",
    "Labour and Social Protection",
    "Transport",
    "Justice",
    "Trade and Industry",
    "Agriculture",
    "Lands and Housing",
    "Environment",
    "Digital Affairs",
];

const VERBS: [&str; 8] = [
    "Apply for",
    "Register",
    "Renew",
    "Request",
    "Declare",
    "Pay",
    "Report",
    "Book",
];

const NOUNS: [&str; 16] = [
    "permit",
    "licence",
    "certificate",
    "benefit",
    "registration",
    "grant",
    "return",
    "allowance",
    "inspection",
    "subsidy",
    "card",
    "record",
    "claim",
    "appointment",
    "exemption",
    "notice",
];

/// Generate a catalogue and a scenario from `config`.
///
/// Deterministic (same config, same output) and always valid: ids are
/// unique, every reference resolves, `depends_on` is acyclic, every number
/// is finite and non-negative, levels are within 1..4, and the scenario's
/// deadlines and targets are met by a greedy schedule, so the scenario is
/// feasible.
///
/// # Examples
///
/// ```
/// use scaleplan::generate::{generate, GeneratorConfig};
/// let (c, s) = generate(&GeneratorConfig::sized(1000));
/// assert_eq!(c.services.len(), 1000);
/// assert!(s.budget.is_some());
/// ```
pub fn generate(config: &GeneratorConfig) -> (Catalogue, Scenario) {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let years = config.years.max(1);
    let n_services = config.services;
    let n_entities = if n_services > 0 {
        config.entities.max(1)
    } else {
        config.entities
    };
    let n_blocks = config.blocks;
    let frac = |x: f64| {
        if x.is_finite() {
            x.clamp(0.0, 1.0)
        } else {
            0.0
        }
    };

    // ---- entities
    let entity_ids: Vec<EntityId> = (0..n_entities).map(|i| EntityId(format!("e{i}"))).collect();
    let entity_names: Vec<String> = (0..n_entities)
        .map(|i| {
            let base = MINISTRIES[i % MINISTRIES.len()];
            if i < MINISTRIES.len() {
                format!("Ministry of {base}")
            } else {
                format!("Agency {} ({base})", i / MINISTRIES.len())
            }
        })
        .collect();
    let entity_cum = zipf_cumulative(n_entities, 0.9);

    // ---- blocks
    let mut blocks: Vec<BuildingBlock> = Vec::with_capacity(n_blocks);
    let mut systems: Vec<System> = Vec::new();
    let n_missing = (frac(config.missing_share) * n_blocks as f64).round() as usize;
    // Which blocks are missing: a random subset of the given size.
    let mut order: Vec<usize> = (0..n_blocks).collect();
    for i in (1..order.len()).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    let mut is_missing = vec![false; n_blocks];
    for &b in order.iter().take(n_missing) {
        is_missing[b] = true;
    }
    for (b, &missing) in is_missing.iter().enumerate() {
        let (id, name) = match GOVSTACK_BLOCKS.get(b) {
            Some((id, name)) => ((*id).to_owned(), (*name).to_owned()),
            None => (format!("block-{}", b + 1), format!("Block {}", b + 1)),
        };
        let mut options = Vec::new();
        if missing {
            // 1..=3 distinct approaches; the first one is fast.
            let n_opt = rng.random_range(1..=3usize);
            let mut approaches = vec![Approach::Reuse, Approach::Tender, Approach::Build];
            for i in (1..approaches.len()).rev() {
                let j = rng.random_range(0..=i);
                approaches.swap(i, j);
            }
            for (k, approach) in approaches.into_iter().take(n_opt).enumerate() {
                let (cost, lead) = match approach {
                    Approach::Reuse => (
                        rng.random_range(100_000.0..600_000.0),
                        rng.random_range(0..=1u32),
                    ),
                    Approach::Tender => (
                        rng.random_range(800_000.0..2_500_000.0),
                        rng.random_range(1..=2u32),
                    ),
                    Approach::Build => (
                        rng.random_range(500_000.0..1_800_000.0),
                        rng.random_range(1..=3u32),
                    ),
                };
                let lead = if k == 0 { lead.min(1) } else { lead };
                let system = if approach == Approach::Reuse {
                    let sid = SystemId(format!("sys-{id}"));
                    systems.push(System {
                        id: sid.clone(),
                        name: format!("Open-source {name} component"),
                        provides: vec![BlockId(id.clone())],
                        open_source: Some(true),
                        url: Some(format!("https://example.org/dpg/{id}")),
                    });
                    Some(sid)
                } else {
                    None
                };
                options.push(AcquisitionOption {
                    approach,
                    cost: round_to(cost, 10_000.0),
                    lead_years: lead,
                    system,
                });
            }
        }
        blocks.push(BuildingBlock {
            id: BlockId(id),
            name,
            status: if missing {
                BlockStatus::Missing
            } else {
                BlockStatus::Available
            },
            options,
        });
    }
    // Block popularity: the first blocks (identity, registration, payments)
    // are needed most.
    let block_cum = zipf_cumulative(n_blocks, 0.8);

    // ---- workflows
    let n_workflows = if n_blocks == 0 {
        0
    } else {
        config.workflows.unwrap_or(n_blocks.div_ceil(2).max(1))
    };
    let mut workflows = Vec::with_capacity(n_workflows);
    let mut workflow_blocks: Vec<Vec<usize>> = Vec::with_capacity(n_workflows);
    for w in 0..n_workflows {
        let k = rng.random_range(2..=4usize).min(n_blocks);
        let mut bs: Vec<usize> = Vec::new();
        for _ in 0..k * 3 {
            if bs.len() >= k {
                break;
            }
            let b = pick(&mut rng, &block_cum);
            if !bs.contains(&b) {
                bs.push(b);
            }
        }
        workflows.push(Workflow {
            id: WorkflowId(format!("wf{w}")),
            name: format!("Generic workflow {}", w + 1),
            building_blocks: bs.iter().map(|&b| blocks[b].id.clone()).collect(),
        });
        workflow_blocks.push(bs);
    }
    let workflow_cum = zipf_cumulative(n_workflows, 0.7);

    // ---- services
    let mut services: Vec<Service> = Vec::with_capacity(n_services);
    let mut needs: Vec<Vec<usize>> = Vec::with_capacity(n_services);
    let mut deps: Vec<Vec<usize>> = Vec::with_capacity(n_services);
    let mut entity_of: Vec<usize> = Vec::with_capacity(n_services);
    let foundational = (n_services / 100).max(1);
    for i in 0..n_services {
        let e = pick(&mut rng, &entity_cum);
        let done = rng.random::<f64>() < frac(config.done_share);
        let level: u8 = if done {
            4
        } else {
            match rng.random::<f64>() {
                x if x < 0.35 => 1,
                x if x < 0.70 => 2,
                _ => 3,
            }
        };
        let demand = lognormal(&mut rng, 8.5, 1.8)
            .clamp(10.0, 5_000_000.0)
            .round();
        let interactions = f64::from(1 + (lognormal(&mut rng, 0.3, 0.6) as u32).min(5));
        let climb = 4.0 - f64::from(level);
        let effort = if done {
            0.0
        } else {
            (lognormal(&mut rng, 1.9, 0.6) * (1.0 + climb) / 2.0)
                .round()
                .clamp(1.0, 60.0)
        };
        let cost = if done {
            0.0
        } else {
            round_to(effort * rng.random_range(3_000.0..9_000.0), 1_000.0)
        };
        let mut own: Vec<usize> = Vec::new();
        let workflow = if n_workflows > 0 && rng.random::<f64>() < 0.8 {
            Some(pick(&mut rng, &workflow_cum))
        } else {
            None
        };
        if n_blocks > 0 {
            let k = rng.random_range(0..=2usize);
            for _ in 0..k {
                let b = pick(&mut rng, &block_cum);
                if !own.contains(&b) {
                    own.push(b);
                }
            }
        }
        let mut need = own.clone();
        if let Some(w) = workflow {
            for &b in &workflow_blocks[w] {
                if !need.contains(&b) {
                    need.push(b);
                }
            }
        }
        let mut dep: Vec<usize> = Vec::new();
        if i > 0 && rng.random::<f64>() < frac(config.dependency_share) {
            let k = rng.random_range(1..=2usize);
            for _ in 0..k {
                let d = if rng.random::<f64>() < 0.5 {
                    rng.random_range(0..foundational.min(i))
                } else {
                    rng.random_range(0..i)
                };
                if !dep.contains(&d) {
                    dep.push(d);
                }
            }
        }
        let earliest_year =
            if !done && years > 1 && rng.random::<f64>() < frac(config.earliest_share) {
                Some(config.start_year + rng.random_range(1..=((years / 2).max(1) as i32)))
            } else {
                None
            };
        let value = if rng.random::<f64>() < 0.02 {
            Some(round_to(lognormal(&mut rng, 11.0, 1.0), 100.0))
        } else {
            None
        };
        let kpis = if rng.random::<f64>() < 0.5 {
            let l = f64::from(level);
            Kpis {
                cost_per_transaction: Some(round_to(
                    rng.random_range(1.0..40.0) * (5.0 - l) / 2.0,
                    0.01,
                )),
                user_satisfaction: Some(round_to(rng.random_range(0.4..0.95), 0.01)),
                completion_rate: (level >= 2).then(|| round_to(rng.random_range(0.4..0.95), 0.01)),
                digital_take_up: (level >= 2)
                    .then(|| round_to((0.08 * l * rng.random_range(0.5..2.2)).min(0.95), 0.01)),
            }
        } else {
            Kpis::default()
        };
        let verb = VERBS[rng.random_range(0..VERBS.len())];
        let noun = NOUNS[rng.random_range(0..NOUNS.len())];
        services.push(Service {
            id: ServiceId(format!("s{i}")),
            name: format!("{verb} {noun} {i}"),
            entity: entity_ids[e].clone(),
            level,
            target_level: 4,
            demand,
            interactions,
            effort,
            cost,
            building_blocks: own.iter().map(|&b| blocks[b].id.clone()).collect(),
            workflow: workflow.map(|w| workflows[w].id.clone()),
            depends_on: dep.iter().map(|&d| ServiceId(format!("s{d}"))).collect(),
            earliest_year,
            deadline_year: None,
            value,
            kpis,
        });
        needs.push(need);
        deps.push(dep);
        entity_of.push(e);
    }

    // ---- life events
    let n_le = if n_services == 0 {
        0
    } else {
        config.life_events
    };
    let mut life_events = Vec::with_capacity(n_le);
    for l in 0..n_le {
        let k = rng.random_range(3..=8usize).min(n_services);
        let mut members: Vec<usize> = Vec::with_capacity(k);
        // a life event gathers services around one anchor, mostly nearby
        let anchor = rng.random_range(0..n_services);
        for _ in 0..k * 3 {
            if members.len() >= k {
                break;
            }
            let s = if rng.random::<f64>() < 0.6 {
                let span = 50.min(n_services);
                (anchor + rng.random_range(0..span)) % n_services
            } else {
                rng.random_range(0..n_services)
            };
            if !members.contains(&s) {
                members.push(s);
            }
        }
        let value_sum: f64 = members.iter().map(|&s| services[s].value_per_year()).sum();
        let weight = round_to(value_sum * rng.random_range(0.1..0.5), 100.0);
        let business = rng.random::<f64>() < 0.3;
        life_events.push(LifeEvent {
            id: LifeEventId(format!("le{l}")),
            name: format!(
                "{} life event {}",
                if business { "Business" } else { "Citizen" },
                l + 1
            ),
            audience: if business {
                Audience::Business
            } else {
                Audience::Citizen
            },
            services: members.iter().map(|&s| services[s].id.clone()).collect(),
            weight,
        });
    }

    // ---- policies
    let policies = PolicyKind::FRAMEWORK
        .iter()
        .map(|kind| Policy {
            id: PolicyId(kind.as_str().replace('_', "-")),
            name: kind.label().to_owned(),
            kind: *kind,
            status: match rng.random_range(0..3u8) {
                0 => PolicyStatus::InForce,
                1 => PolicyStatus::Draft,
                _ => PolicyStatus::Missing,
            },
        })
        .collect::<Vec<_>>();

    // ---- capacity and budget
    let t_years = years as usize;
    let mut effort_per_entity = vec![0.0f64; n_entities];
    let mut max_effort = vec![0.0f64; n_entities];
    for (s, &e) in services.iter().zip(&entity_of) {
        if !s.is_done() {
            effort_per_entity[e] += s.effort;
            max_effort[e] = f64::max(max_effort[e], s.effort);
        }
    }
    let cap_tight = if config.capacity_tightness.is_finite() {
        config.capacity_tightness.max(0.0)
    } else {
        0.0
    };
    let capacity: Vec<f64> = (0..n_entities)
        .map(|e| {
            let c = effort_per_entity[e] * cap_tight / t_years as f64;
            round_to(c.max(max_effort[e].min(effort_per_entity[e])), 0.5)
        })
        .collect();
    let entities: Vec<Entity> = (0..n_entities)
        .map(|e| Entity {
            id: entity_ids[e].clone(),
            name: entity_names[e].clone(),
            capacity: Capacity::Constant(capacity[e]),
        })
        .collect();
    let budget: Option<f64> = config.budget_tightness.map(|tight| {
        let tight = if tight.is_finite() {
            tight.max(0.0)
        } else {
            0.0
        };
        let mut total = 0.0;
        let mut biggest = 0.0f64;
        for s in services.iter().filter(|s| !s.is_done()) {
            total += s.cost;
            biggest = biggest.max(s.cost);
        }
        for b in &blocks {
            if let Some(c) = b.options.iter().map(|o| o.cost).min_by(f64::total_cmp) {
                total += c;
                biggest = biggest.max(c);
            }
        }
        round_to((total * tight / t_years as f64).max(biggest), 1_000.0)
    });

    let mut catalogue = Catalogue {
        format: CATALOGUE_FORMAT.to_owned(),
        name: format!("Generated catalogue (seed {})", config.seed),
        version: "1".to_owned(),
        start_year: config.start_year,
        entities,
        building_blocks: blocks,
        systems,
        workflows,
        services,
        life_events,
        policies,
    };

    // ---- a greedy schedule that respects MODEL.md, for deadlines and targets
    let schedule = greedy_schedule(
        &catalogue, &needs, &deps, &entity_of, &capacity, budget, t_years,
    );
    let want = (frac(config.deadline_share) * n_services as f64).round() as usize;
    if want > 0 {
        let live: Vec<usize> = (0..n_services)
            .filter(|&i| matches!(schedule.year[i], Some(t) if t >= 1))
            .collect();
        let mut live = live;
        for i in (1..live.len()).rev() {
            let j = rng.random_range(0..=i);
            live.swap(i, j);
        }
        for &i in live.iter().take(want) {
            if let Some(t) = schedule.year[i] {
                catalogue.services[i].deadline_year = Some(config.start_year + t as i32 - 1);
            }
        }
    }

    let mut scenario = Scenario {
        horizon: years,
        budget: budget.map(Budget::Constant),
        capacity_factor: 1.0,
        targets: Vec::new(),
        solver: SolverSettings::default(),
    };
    if config.targets && n_services > 0 {
        let mid = t_years.div_ceil(2);
        let count = schedule.count_share[mid - 1];
        let demand = schedule.demand_share[t_years - 1];
        let floor2 = |x: f64| (x * 0.9 * 100.0).floor() / 100.0;
        if floor2(count) > 0.0 {
            scenario.targets.push(Target {
                year: config.start_year + mid as i32 - 1,
                share: floor2(count),
                weighted_by: WeightedBy::Count,
            });
        }
        if floor2(demand) > 0.0 {
            scenario.targets.push(Target {
                year: config.start_year + t_years as i32 - 1,
                share: floor2(demand),
                weighted_by: WeightedBy::Demand,
            });
        }
    }
    (catalogue, scenario)
}

struct Schedule {
    /// Plan year each service is at target (0 = done before year 1).
    year: Vec<Option<usize>>,
    count_share: Vec<f64>,
    demand_share: Vec<f64>,
}

/// List scheduling by value density: the fastest (then cheapest) option of
/// every missing block, most-needed first, started in the first year the
/// budget allows; then per year the open services whose blocks, dependencies
/// and earliest year allow, within capacity and budget.
#[allow(clippy::needless_range_loop)] // plan years index several arrays
fn greedy_schedule(
    c: &Catalogue,
    needs: &[Vec<usize>],
    deps: &[Vec<usize>],
    entity_of: &[usize],
    capacity: &[f64],
    budget: Option<f64>,
    t_years: usize,
) -> Schedule {
    let n = c.services.len();
    let mut spend = vec![0.0f64; t_years + 1];
    let limit = budget.unwrap_or(f64::INFINITY);
    // popularity of each block
    let mut popularity = vec![0usize; c.building_blocks.len()];
    for need in needs {
        for &b in need {
            popularity[b] += 1;
        }
    }
    let mut avail: Vec<Option<usize>> = c
        .building_blocks
        .iter()
        .map(|b| (b.status == BlockStatus::Available).then_some(1))
        .collect();
    let mut by_pop: Vec<usize> = (0..c.building_blocks.len()).collect();
    by_pop.sort_by(|&a, &b| popularity[b].cmp(&popularity[a]).then(a.cmp(&b)));
    for b in by_pop {
        if avail[b].is_some() {
            continue;
        }
        let best = c.building_blocks[b].options.iter().min_by(|x, y| {
            x.lead_years
                .cmp(&y.lead_years)
                .then(x.cost.total_cmp(&y.cost))
        });
        if let Some(o) = best {
            for t in 1..=t_years {
                if t + o.lead_years as usize > t_years {
                    break;
                }
                if spend[t] + o.cost <= limit {
                    spend[t] += o.cost;
                    avail[b] = Some(t + o.lead_years as usize);
                    break;
                }
            }
        }
    }
    let mut year: Vec<Option<usize>> = c
        .services
        .iter()
        .map(|s| s.is_done().then_some(0))
        .collect();
    let mut order: Vec<usize> = (0..n).filter(|&i| year[i].is_none()).collect();
    let density: Vec<f64> = c
        .services
        .iter()
        .map(|s| s.value_per_year() / s.effort.max(1.0))
        .collect();
    order.sort_by(|&a, &b| density[b].total_cmp(&density[a]).then(a.cmp(&b)));
    let total_demand: f64 = c.services.iter().map(|s| s.demand).sum();
    let mut count_share = Vec::with_capacity(t_years);
    let mut demand_share = Vec::with_capacity(t_years);
    let mut at_target = year.iter().filter(|y| y.is_some()).count();
    let mut demand_at: f64 = c
        .services
        .iter()
        .filter(|s| s.is_done())
        .map(|s| s.demand)
        .sum();
    for t in 1..=t_years {
        let cal = c.start_year + t as i32 - 1;
        let mut cap_left: Vec<f64> = capacity.to_vec();
        for _pass in 0..2 {
            for &i in &order {
                if year[i].is_some() {
                    continue;
                }
                let s = &c.services[i];
                if s.earliest_year.is_some_and(|y| y > cal) {
                    continue;
                }
                if needs[i].iter().any(|&b| !avail[b].is_some_and(|a| a <= t)) {
                    continue;
                }
                if deps[i].iter().any(|&d| !year[d].is_some_and(|y| y <= t)) {
                    continue;
                }
                let e = entity_of[i];
                if s.effort > cap_left[e] + 1e-9 || spend[t] + s.cost > limit + 1e-9 {
                    continue;
                }
                cap_left[e] -= s.effort;
                spend[t] += s.cost;
                year[i] = Some(t);
                at_target += 1;
                demand_at += s.demand;
            }
        }
        count_share.push(if n > 0 {
            at_target as f64 / n as f64
        } else {
            0.0
        });
        demand_share.push(if total_demand > 0.0 {
            demand_at / total_demand
        } else {
            0.0
        });
    }
    Schedule {
        year,
        count_share,
        demand_share,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn check_valid(c: &Catalogue, s: &Scenario) {
        if let Err(e) = crate::validate::validate_catalogue(c) {
            panic!("generated catalogue is invalid: {e}");
        }
        if let Err(e) = crate::validate::validate_scenario(s, c) {
            panic!("generated scenario is invalid: {e}");
        }
        let ids: HashSet<&str> = c.services.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids.len(), c.services.len());
        let blocks: HashSet<&str> = c.building_blocks.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(blocks.len(), c.building_blocks.len());
        let systems: HashSet<&str> = c.systems.iter().map(|b| b.id.as_str()).collect();
        let entities: HashSet<&str> = c.entities.iter().map(|b| b.id.as_str()).collect();
        let position: HashMap<&str, usize> = c
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        for b in &c.building_blocks {
            for o in &b.options {
                assert!(o.cost.is_finite() && o.cost >= 0.0);
                if let Some(s) = &o.system {
                    assert!(systems.contains(s.as_str()));
                }
            }
            if b.status == BlockStatus::Missing {
                assert!(b.options.iter().any(|o| o.lead_years <= 1));
            }
        }
        for (i, sv) in c.services.iter().enumerate() {
            assert!((1..=4).contains(&sv.level));
            assert!(entities.contains(sv.entity.as_str()));
            for x in [sv.demand, sv.effort, sv.cost, sv.interactions] {
                assert!(x.is_finite() && x >= 0.0);
            }
            for b in c.blocks_needed(sv) {
                assert!(blocks.contains(b.as_str()));
            }
            for d in &sv.depends_on {
                // only on earlier services: acyclic
                assert!(position[d.as_str()] < i);
            }
        }
        for l in &c.life_events {
            assert!(!l.services.is_empty());
            for m in &l.services {
                assert!(ids.contains(m.as_str()));
            }
        }
        for e in &c.entities {
            assert!(e.capacity.at(1).is_finite() && e.capacity.at(1) >= 0.0);
        }
        assert!(s.horizon >= 1);
        let last = c.start_year + s.horizon as i32 - 1;
        for t in &s.targets {
            assert!(t.year >= c.start_year && t.year <= last);
            assert!(t.share > 0.0 && t.share <= 1.0);
        }
    }

    #[test]
    fn deterministic_and_seed_sensitive() {
        let a = generate(&GeneratorConfig::default());
        let b = generate(&GeneratorConfig::default());
        assert_eq!(a, b);
        let c = generate(&GeneratorConfig {
            seed: 43,
            ..Default::default()
        });
        assert_ne!(a.0.services, c.0.services);
    }

    #[test]
    fn sizes_are_as_asked_and_valid() {
        for (n, years, blocks, entities, les) in [
            (0, 3, 0, 0, 0),
            (1, 1, 1, 1, 1),
            (5, 3, 2, 2, 1),
            (60, 4, 20, 3, 6),
            (500, 8, 30, 20, 40),
        ] {
            let cfg = GeneratorConfig {
                services: n,
                years,
                blocks,
                entities,
                life_events: les,
                ..Default::default()
            };
            let (c, s) = generate(&cfg);
            assert_eq!(c.services.len(), n);
            assert_eq!(c.building_blocks.len(), blocks);
            assert_eq!(s.horizon, years);
            if n > 0 {
                assert_eq!(c.entities.len(), entities.max(1));
                assert_eq!(c.life_events.len(), les);
            }
            check_valid(&c, &s);
        }
    }

    #[test]
    fn distributions_look_realistic() {
        let (c, s) = generate(&GeneratorConfig {
            services: 5000,
            entities: 30,
            blocks: 30,
            life_events: 100,
            years: 6,
            ..Default::default()
        });
        check_valid(&c, &s);
        // heavy-tailed demand: the top 10% carry most of it
        let mut d: Vec<f64> = c.services.iter().map(|s| s.demand).collect();
        d.sort_by(|a, b| b.total_cmp(a));
        let total: f64 = d.iter().sum();
        let top: f64 = d.iter().take(d.len() / 10).sum();
        assert!(top / total > 0.4, "top decile carries {}", top / total);
        // skewed entity sizes
        let mut per: HashMap<&str, usize> = HashMap::new();
        for sv in &c.services {
            *per.entry(sv.entity.as_str()).or_default() += 1;
        }
        let max = per.values().max().copied().unwrap_or(0);
        let min = per.values().min().copied().unwrap_or(0);
        assert!(max > 5 * min.max(1), "max {max} min {min}");
        // shared blocks: the most needed missing block holds back many services
        let mut needing: HashMap<String, usize> = HashMap::new();
        for sv in &c.services {
            for b in c.blocks_needed(sv) {
                *needing.entry(b.0).or_default() += 1;
            }
        }
        assert!(needing.values().any(|&k| k > c.services.len() / 5));
        // some dependencies, deadlines, earliest years, done services
        let with = |f: &dyn Fn(&Service) -> bool| c.services.iter().filter(|s| f(s)).count();
        assert!(with(&|s| !s.depends_on.is_empty()) > 100);
        assert!(with(&|s| s.deadline_year.is_some()) > 50);
        assert!(with(&|s| s.earliest_year.is_some()) > 50);
        assert!(with(&|s| s.is_done()) > 200);
        assert_eq!(s.targets.len(), 2);
    }

    #[test]
    fn greedy_reaches_most_but_not_all_open_services() {
        let cfg = GeneratorConfig {
            services: 2000,
            entities: 20,
            blocks: 30,
            years: 8,
            ..Default::default()
        };
        let (c, s) = generate(&cfg);
        // re-run the generator's greedy to see how much of the open work fits
        let idx: HashMap<&str, usize> = c
            .building_blocks
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), i))
            .collect();
        let sidx: HashMap<&str, usize> = c
            .services
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), i))
            .collect();
        let eidx: HashMap<&str, usize> = c
            .entities
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), i))
            .collect();
        let needs: Vec<Vec<usize>> = c
            .services
            .iter()
            .map(|sv| {
                c.blocks_needed(sv)
                    .iter()
                    .map(|b| idx[b.as_str()])
                    .collect()
            })
            .collect();
        let deps: Vec<Vec<usize>> = c
            .services
            .iter()
            .map(|sv| sv.depends_on.iter().map(|d| sidx[d.as_str()]).collect())
            .collect();
        let ent: Vec<usize> = c
            .services
            .iter()
            .map(|sv| eidx[sv.entity.as_str()])
            .collect();
        let cap: Vec<f64> = c.entities.iter().map(|e| e.capacity.at(1)).collect();
        let sch = greedy_schedule(&c, &needs, &deps, &ent, &cap, s.budget_at(1), 8);
        let open = c.services.iter().filter(|s| !s.is_done()).count();
        let live = sch
            .year
            .iter()
            .filter(|y| matches!(y, Some(t) if *t >= 1))
            .count();
        let share = live as f64 / open as f64;
        assert!(
            share > 0.45 && share < 0.9,
            "greedy brings {share:.2} of open services live"
        );
        // deadlines sit no earlier than the greedy's year
        for (i, sv) in c.services.iter().enumerate() {
            if let Some(d) = sv.deadline_year {
                let t = sch.year[i].unwrap();
                assert!(c.start_year + t as i32 - 1 <= d);
            }
        }
    }

    #[test]
    fn unlimited_budget_and_no_targets() {
        let (c, s) = generate(&GeneratorConfig {
            budget_tightness: None,
            targets: false,
            ..Default::default()
        });
        assert!(s.budget.is_none());
        assert!(s.targets.is_empty());
        check_valid(&c, &s);
    }

    #[test]
    fn scales_to_100k_services() {
        let (c, s) = generate(&GeneratorConfig::sized(100_000));
        assert_eq!(c.services.len(), 100_000);
        assert!(c.entities.len() >= 100);
        check_valid(&c, &s);
    }
}
