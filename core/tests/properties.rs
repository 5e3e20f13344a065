//! Property tests of the planner against the independent verifier and an
//! exhaustive search.
//!
//! - every plan of a random catalogue (generated, or hand-built tiny ones)
//!   passes `verify`, which recomputes MODEL.md from the roadmap alone;
//! - on tiny catalogues (<= 5 services, <= 3 years, <= 2 blocks) the
//!   planner's optimum equals the exhaustive search's (`support::exhaustive`,
//!   which shares no code with the planner), and both agree on
//!   infeasibility;
//! - more capacity or more budget never lowers the optimum;
//! - the same input gives the same roadmap;
//! - the conformance instances and the bundled sample plan to verified
//!   optima.
//!
//! Run: `cargo test -p scaleplan --test properties` (more cases with
//! `PROPTEST_CASES=500`).

mod support;

use proptest::prelude::*;
use scaleplan::generate::{generate, GeneratorConfig};
use scaleplan::plan::Planner;
use scaleplan::verify::verify;
use scaleplan::*;
use support::exhaustive;

/// SplitMix64: a tiny deterministic source for building catalogues from a
/// proptest-chosen seed.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0..n
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / ((1u64 << 53) as f64)) < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// A tiny hand-built catalogue: every feature of MODEL.md can appear
/// (missing blocks with 0-2 options, workflows, dependencies, earliest
/// years, deadlines before/within/after the horizon, done services, target
/// levels below 4, explicit values, life events, per-year capacities and
/// budgets, targets by count and by demand).
fn tiny(services: usize, years: u32, blocks: usize, seed: u64) -> (Catalogue, Scenario) {
    let mut r = Mix(seed);
    let start = 2027;
    let n_ent = 1 + r.below(2) as usize;
    let entities = (0..n_ent)
        .map(|e| Entity {
            id: EntityId(format!("e{e}")),
            name: String::new(),
            capacity: if r.chance(0.3) {
                Capacity::PerYear(vec![r.below(12) as f64, r.below(16) as f64])
            } else {
                Capacity::Constant(r.below(16) as f64)
            },
        })
        .collect();
    let approaches = [Approach::Reuse, Approach::Tender, Approach::Build];
    let building_blocks: Vec<BuildingBlock> = (0..blocks)
        .map(|b| {
            let missing = r.chance(0.7);
            let n_opt = if missing {
                if r.chance(0.1) {
                    0
                } else {
                    1 + r.below(2) as usize
                }
            } else {
                0
            };
            BuildingBlock {
                id: BlockId(format!("b{b}")),
                name: String::new(),
                status: if missing {
                    BlockStatus::Missing
                } else {
                    BlockStatus::Available
                },
                options: (0..n_opt)
                    .map(|_| AcquisitionOption {
                        approach: r.pick(&approaches),
                        cost: r.pick(&[0.0, 50.0, 100.0, 200.0]),
                        lead_years: r.below(3) as u32,
                        system: None,
                    })
                    .collect(),
            }
        })
        .collect();
    let block_ids: Vec<BlockId> = building_blocks.iter().map(|b| b.id.clone()).collect();
    let workflows: Vec<Workflow> = if blocks > 0 && r.chance(0.5) {
        vec![Workflow {
            id: "wf".into(),
            name: String::new(),
            building_blocks: block_ids
                .iter()
                .filter(|_| r.chance(0.5))
                .cloned()
                .collect(),
        }]
    } else {
        vec![]
    };
    let mut list = Vec::with_capacity(services);
    for i in 0..services {
        let mut s = Service::new(
            format!("s{i}"),
            format!("e{}", r.below(n_ent as u64)),
            1 + r.below(4) as u8,
        );
        if r.chance(0.15) {
            s.target_level = 3;
        }
        s.demand = r.below(1000) as f64;
        s.interactions = 1.0 + r.below(3) as f64;
        s.effort = r.below(9) as f64;
        s.cost = r.pick(&[0.0, 25.0, 50.0, 100.0]);
        s.building_blocks = block_ids
            .iter()
            .filter(|_| r.chance(0.4))
            .cloned()
            .collect();
        if !workflows.is_empty() && r.chance(0.4) {
            s.workflow = Some("wf".into());
        }
        s.depends_on = (0..i)
            .filter(|_| r.chance(0.25))
            .map(|d| ServiceId(format!("s{d}")))
            .collect();
        if r.chance(0.2) {
            s.earliest_year = Some(start + r.below(3) as i32);
        }
        if r.chance(0.2) {
            s.deadline_year = Some(start - 1 + r.below(5) as i32);
        }
        if r.chance(0.2) {
            s.value = Some(r.below(2000) as f64);
        }
        list.push(s);
    }
    let life_events = (0..r.below(3))
        .map(|l| LifeEvent {
            id: LifeEventId(format!("l{l}")),
            name: String::new(),
            audience: Audience::Citizen,
            services: (0..services)
                .filter(|_| r.chance(0.5))
                .map(|i| ServiceId(format!("s{i}")))
                .collect(),
            weight: r.below(500) as f64,
        })
        .collect();
    let catalogue = Catalogue {
        start_year: start,
        entities,
        building_blocks,
        workflows,
        services: list,
        life_events,
        ..Default::default()
    };
    let budget = match r.below(3) {
        0 => None,
        1 => Some(Budget::Constant(r.below(400) as f64)),
        _ => Some(Budget::PerYear(vec![
            r.below(300) as f64,
            r.below(400) as f64,
        ])),
    };
    let targets = if r.chance(0.4) {
        vec![Target {
            year: start + r.below(u64::from(years)) as i32,
            share: r.pick(&[0.25, 0.5, 0.75, 1.0]),
            weighted_by: if r.chance(0.5) {
                WeightedBy::Count
            } else {
                WeightedBy::Demand
            },
        }]
    } else {
        vec![]
    };
    let scenario = Scenario {
        horizon: years,
        budget,
        capacity_factor: r.pick(&[0.5, 1.0, 1.5]),
        targets,
        solver: SolverSettings {
            time_limit_s: 30.0,
            mip_gap: 1e-9,
        },
    };
    (catalogue, scenario)
}

fn solve(c: &Catalogue, s: &Scenario) -> Roadmap {
    match Planner::new(c).scenario(s).explain(false).solve() {
        Ok(r) => r,
        Err(e) => panic!(
            "planner failed: {e}\ncatalogue: {}\nscenario: {}",
            serde_json::to_string(c).unwrap_or_default(),
            serde_json::to_string(s).unwrap_or_default()
        ),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

fn assert_verified(c: &Catalogue, s: &Scenario, r: &Roadmap) {
    let v = verify(c, s, r);
    assert!(
        v.is_ok(),
        "verifier rejects the plan: {:#?}\ncatalogue: {}\nscenario: {}",
        v.violations,
        serde_json::to_string(c).unwrap_or_default(),
        serde_json::to_string(s).unwrap_or_default()
    );
}

/// `default` cases per property, or `PROPTEST_CASES` when set. Failures
/// are not persisted to files (an integration test has no lib.rs to place
/// them next to); the failing input is printed in full instead.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn tiny_strategy() -> impl Strategy<Value = (Catalogue, Scenario)> {
    (1..=5usize, 1..=3u32, 0..=2usize, any::<u64>()).prop_map(|(n, t, b, seed)| tiny(n, t, b, seed))
}

proptest! {
    #![proptest_config(config(96))]

    /// The planner's optimum is the exhaustive optimum, its plan verifies,
    /// and both agree when no plan exists.
    #[test]
    fn tiny_catalogues_match_exhaustive_search((c, s) in tiny_strategy()) {
        let r = solve(&c, &s);
        let best = exhaustive::solve(&c, &s);
        let ctx = || format!(
            "catalogue: {}\nscenario: {}",
            serde_json::to_string(&c).unwrap_or_default(),
            serde_json::to_string(&s).unwrap_or_default()
        );
        match best {
            None => prop_assert_eq!(r.status, Status::Infeasible, "exhaustive finds no plan; {}", ctx()),
            Some(best) => {
                prop_assert_eq!(r.status, Status::Optimal, "exhaustive optimum {}; {}", best.objective, ctx());
                prop_assert!(
                    close(r.objective, best.objective),
                    "planner {} vs exhaustive {} (plan {:?}); {}",
                    r.objective, best.objective, best.go, ctx()
                );
                assert_verified(&c, &s, &r);
            }
        }
    }

    /// More capacity or more budget never lowers the optimum (and never
    /// turns a feasible scenario infeasible).
    #[test]
    fn more_capacity_or_budget_never_lowers_the_optimum(
        (c, s) in tiny_strategy(),
        factor in prop::sample::select(vec![1.25, 1.5, 2.0]),
    ) {
        let base = solve(&c, &s);
        let more_capacity = s.clone().with_capacity_factor(s.capacity_factor * factor);
        let mut more_budget = s.clone();
        more_budget.budget = s.budget.as_ref().map(|b| match b {
            Budget::Constant(v) => Budget::Constant(v * factor),
            Budget::PerYear(v) => Budget::PerYear(v.iter().map(|x| x * factor).collect()),
        });
        let mut unlimited = s.clone();
        unlimited.budget = None;
        for relaxed in [more_capacity, more_budget, unlimited] {
            let r = solve(&c, &relaxed);
            if base.status == Status::Optimal {
                prop_assert_eq!(r.status, Status::Optimal);
                prop_assert!(
                    r.objective >= base.objective - 1e-6 * base.objective.abs().max(1.0),
                    "relaxed {} < base {}", r.objective, base.objective
                );
                assert_verified(&c, &relaxed, &r);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// Plans of generated catalogues (feasible by construction) verify.
    #[test]
    fn generated_catalogues_plan_to_verified_roadmaps(
        seed in any::<u64>(),
        services in 5..=40usize,
        years in 2..=5u32,
        blocks in 2..=8usize,
        entities in 1..=4usize,
        life_events in 0..=5usize,
    ) {
        let (c, s) = generate(&GeneratorConfig {
            services, years, blocks, entities, life_events, seed,
            ..Default::default()
        });
        prop_assert!(scaleplan::validate::validate_catalogue(&c).is_ok());
        prop_assert!(scaleplan::validate::validate_scenario(&s, &c).is_ok());
        let r = Planner::new(&c).scenario(&s).time_limit(20.0).solve();
        let r = match r {
            Ok(r) => r,
            Err(e) => panic!("planner failed: {e}"),
        };
        prop_assert!(r.status.has_plan(), "generated scenario is infeasible: {:?}", r.diagnosis);
        assert_verified(&c, &s, &r);
    }
}

#[test]
fn exhaustive_search_knows_the_basics() {
    // One service needing a block with a one-year lead time: live in year 2.
    let mut s = Service::new("a", "e", 1);
    s.demand = 30.0; // value 30 per year
    s.effort = 1.0;
    s.building_blocks = vec!["pay".into()];
    let c = Catalogue {
        entities: vec![Entity {
            id: "e".into(),
            name: String::new(),
            capacity: Capacity::Constant(1.0),
        }],
        building_blocks: vec![BuildingBlock {
            id: "pay".into(),
            name: String::new(),
            status: BlockStatus::Missing,
            options: vec![AcquisitionOption {
                approach: Approach::Build,
                cost: 10.0,
                lead_years: 1,
                system: None,
            }],
        }],
        services: vec![s],
        ..Default::default()
    };
    let sc = Scenario::default().with_horizon(3);
    let best = exhaustive::solve(&c, &sc).unwrap();
    assert_eq!(best.objective, 60.0);
    assert_eq!(best.go, vec![Some(2)]);
    // a deadline in year 1 cannot be met
    let mut c2 = c.clone();
    c2.services[0].deadline_year = Some(2027);
    assert!(exhaustive::solve(&c2, &sc).is_none());
    // budget below the acquisition cost: nothing can be done
    let sc3 = sc.clone().with_budget(Budget::Constant(5.0));
    assert_eq!(exhaustive::solve(&c, &sc3).unwrap().objective, 0.0);
}

#[test]
fn planning_is_deterministic() {
    let (c, s) = generate(&GeneratorConfig {
        services: 60,
        years: 4,
        blocks: 8,
        entities: 4,
        seed: 11,
        ..Default::default()
    });
    let strip = |mut r: Roadmap| {
        r.solve_seconds = 0.0;
        r
    };
    let a = strip(Planner::new(&c).scenario(&s).solve().unwrap());
    let b = strip(Planner::new(&c).scenario(&s).solve().unwrap());
    assert_eq!(a, b);
    let (c2, s2) = tiny(5, 3, 2, 99);
    assert_eq!(strip(solve(&c2, &s2)), strip(solve(&c2, &s2)));
}

fn conformance_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec/conformance")
}

#[test]
fn conformance_optima_verify() {
    let dir = conformance_dir();
    let Ok(expected) = std::fs::read_to_string(dir.join("expected.json")) else {
        eprintln!(
            "conformance instances not found at {}; skipped",
            dir.display()
        );
        return;
    };
    let expected: serde_json::Value = serde_json::from_str(&expected).unwrap();
    let expected = expected.as_object().unwrap();
    assert_eq!(expected.len(), 8);
    for (name, want) in expected {
        let read =
            |kind: &str| std::fs::read_to_string(dir.join(format!("{name}.{kind}.json"))).unwrap();
        let c: Catalogue = serde_json::from_str(&read("catalogue")).unwrap();
        let mut s: Scenario = serde_json::from_str(&read("scenario")).unwrap();
        s.solver.mip_gap = s.solver.mip_gap.min(1e-7);
        let r = Planner::new(&c).scenario(&s).solve().unwrap();
        assert_eq!(
            r.status.as_str(),
            want["status"].as_str().unwrap(),
            "{name}"
        );
        if r.status == Status::Optimal {
            let v = verify(&c, &s, &r);
            assert!(v.is_ok(), "{name}: {:#?}", v.violations);
            let obj = want["objective"].as_f64().unwrap();
            assert!(
                close(v.objective, obj),
                "{name}: verifier {} vs expected {obj}",
                v.objective
            );
        }
    }
}

#[test]
fn sample_plans_to_a_verified_optimum() {
    let c = scaleplan::sample::catalogue();
    let s = scaleplan::sample::scenario();
    assert!(scaleplan::validate::validate_catalogue(&c).is_ok());
    assert!(scaleplan::validate::validate_scenario(&s, &c).is_ok());
    let r = Planner::new(&c).scenario(&s).solve().unwrap();
    if cfg!(feature = "highs") {
        assert_eq!(r.status, Status::Optimal, "{:?}", r.diagnosis);
    } else {
        // The pure-Rust build answers the sample (too big for microlp's
        // branch and bound) with the heuristic plan and an honest bound.
        assert!(r.status.has_plan(), "{:?}", r.diagnosis);
        assert!(r.bound >= r.objective - 1e-6 * r.objective.abs().max(1.0));
    }
    assert_verified(&c, &s, &r);
    // budget and capacity bind: not everything goes live, and some ministry
    // uses its whole capacity in some year
    let live = r.services.iter().filter(|p| p.year.is_some()).count();
    let open = c.services.iter().filter(|s| !s.is_done()).count();
    assert!(live < open, "{live} of {open} open services go live");
    assert!(
        live * 2 > open,
        "only {live} of {open} open services go live"
    );
    let full = r.years.iter().any(|y| {
        c.entities.iter().any(|e| {
            let used = y.capacity_used.get(e.id.as_str()).copied().unwrap_or(0.0);
            used > 0.0 && used + 4.0 > e.capacity.at((y.year - c.start_year + 1) as usize)
        })
    });
    assert!(full, "no ministry is near its capacity in any year");
    let tight_budget = r
        .years
        .iter()
        .enumerate()
        .any(|(t, y)| s.budget_at(t + 1).is_some_and(|b| y.budget_used > 0.9 * b));
    assert!(tight_budget, "the budget never binds");
}

/// The verifier is not a rubber stamp: moving one service of an optimal
/// plan a year earlier either breaks a constraint it names or changes the
/// objective it recomputes.
#[test]
fn verifier_notices_a_changed_plan() {
    let (c, s) = generate(&GeneratorConfig {
        services: 30,
        years: 4,
        seed: 5,
        ..Default::default()
    });
    let r = Planner::new(&c).scenario(&s).solve().unwrap();
    assert_verified(&c, &s, &r);
    let mut changed = 0;
    for (k, sp) in r.services.iter().enumerate() {
        let Some(y) = sp.year else { continue };
        if y == c.start_year {
            continue;
        }
        let mut r2 = r.clone();
        r2.services[k].year = Some(y - 1);
        let v = verify(&c, &s, &r2);
        assert!(!v.is_ok(), "moving {} to {} went unnoticed", sp.id, y - 1);
        changed += 1;
    }
    assert!(changed > 0);
}
