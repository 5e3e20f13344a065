//! Robustness (issue 9): hostile-but-valid catalogues never make the
//! planner panic, every plan it returns passes the independent verifier
//! with the objective it claims, answers are deterministic, and a solve
//! stopped by its time limit or by the caller reports an honest status and
//! gap. Random catalogues in general are core/tests/properties.rs; here the
//! inputs are the edge cases a real catalogue can still legally contain.

use proptest::prelude::*;
use scaleplan::plan::{Backend, Planner, Progress};
use scaleplan::*;

// --------------------------------------------------------------------------
// helpers
// --------------------------------------------------------------------------

fn entity(id: &str, capacity: Capacity) -> Entity {
    Entity {
        id: id.into(),
        name: String::new(),
        capacity,
    }
}

fn missing_block(id: &str, options: Vec<(Approach, f64, u32)>) -> BuildingBlock {
    BuildingBlock {
        id: id.into(),
        name: String::new(),
        status: BlockStatus::Missing,
        options: options
            .into_iter()
            .map(|(approach, cost, lead_years)| AcquisitionOption {
                approach,
                cost,
                lead_years,
                system: None,
            })
            .collect(),
    }
}

fn available_block(id: &str) -> BuildingBlock {
    BuildingBlock {
        id: id.into(),
        name: String::new(),
        status: BlockStatus::Available,
        options: Vec::new(),
    }
}

fn service(id: &str, entity: &str, level: u8, effort: f64, demand: f64) -> Service {
    let mut s = Service::new(id, entity, level);
    s.effort = effort;
    s.demand = demand;
    s
}

fn life_event(id: &str, services: &[&str], weight: f64) -> LifeEvent {
    LifeEvent {
        id: id.into(),
        name: String::new(),
        audience: Audience::Citizen,
        services: services.iter().map(|s| ServiceId::from(*s)).collect(),
        weight,
    }
}

/// Which backends to run on an instance of this many open services.
fn backends(small: bool) -> Vec<Backend> {
    let mut b = vec![Backend::Heuristic, Backend::Highs];
    // microlp only when this crate's `microlp` feature compiles it in.
    if small && cfg!(feature = "microlp") {
        b.push(Backend::Microlp);
    }
    b
}

/// Validate (must pass: these catalogues are legal), plan with every
/// backend, and check each answer. Returns the roadmaps.
fn plan_all(name: &str, cat: &Catalogue, scen: &Scenario) -> Vec<(Backend, Roadmap)> {
    if let Err(e) = validate::validate_catalogue(cat) {
        panic!("{name}: the catalogue is legal but does not validate: {e}");
    }
    if let Err(e) = validate::validate_scenario(scen, cat) {
        panic!("{name}: the scenario is legal but does not validate: {e}");
    }
    let small = cat.services.len() <= 12;
    let mut out = Vec::new();
    for backend in backends(small) {
        let roadmap = Planner::new(cat)
            .scenario(scen)
            .backend(backend)
            .time_limit(20.0)
            .solve()
            .unwrap_or_else(|e| panic!("{name}: {backend:?} failed on a valid input: {e}"));
        check_roadmap(name, backend, cat, scen, &roadmap);
        out.push((backend, roadmap));
    }
    // The exact backends agree on the optimum when both prove it.
    let optimal: Vec<&(Backend, Roadmap)> = out
        .iter()
        .filter(|(_, r)| r.status == Status::Optimal)
        .collect();
    for pair in optimal.windows(2) {
        let (a, b) = (&pair[0].1, &pair[1].1);
        let tol = scen.solver.mip_gap.max(1e-6) * a.objective.abs().max(1.0) * 2.0;
        assert!(
            (a.objective - b.objective).abs() <= tol,
            "{name}: {:?} proves {} optimal, {:?} proves {}",
            pair[0].0,
            a.objective,
            pair[1].0,
            b.objective
        );
    }
    // A plan found by anyone means the scenario is not infeasible.
    if out.iter().any(|(_, r)| r.status.has_plan()) {
        for (backend, r) in &out {
            assert_ne!(
                r.status,
                Status::Infeasible,
                "{name}: {backend:?} says infeasible, another backend found a plan"
            );
        }
    }
    out
}

fn check_roadmap(name: &str, backend: Backend, cat: &Catalogue, scen: &Scenario, r: &Roadmap) {
    // Every service listed once.
    assert_eq!(
        r.services.len(),
        cat.services.len(),
        "{name}: {backend:?} roadmap does not list every service once"
    );
    for (a, b) in r.services.iter().zip(&cat.services) {
        assert_eq!(
            a.id, b.id,
            "{name}: {backend:?} services out of catalogue order"
        );
    }
    match r.status {
        Status::Optimal | Status::Feasible => {
            let v = verify::verify(cat, scen, r);
            assert!(
                v.is_ok(),
                "{name}: {backend:?} plan violates the model: {:?}",
                v.violations
            );
            let tol = 1e-6 * v.objective.abs().max(1.0);
            assert!(
                (v.objective - r.objective).abs() <= tol,
                "{name}: {backend:?} claims {} but the verifier computes {}",
                r.objective,
                v.objective
            );
            check_gap(name, backend, scen, r);
        }
        Status::Infeasible => assert!(
            !r.diagnosis.is_empty(),
            "{name}: {backend:?} infeasible without a diagnosis"
        ),
        Status::Error => panic!(
            "{name}: {backend:?} returned status error: {:?}",
            r.diagnosis
        ),
    }
}

/// Status, bound and gap tell the same story.
fn check_gap(name: &str, backend: Backend, scen: &Scenario, r: &Roadmap) {
    assert!(
        r.objective.is_finite() && r.bound.is_finite() && r.gap.is_finite(),
        "{name}: non-finite numbers"
    );
    let scale = r.objective.abs().max(1.0);
    assert!(
        r.bound >= r.objective - 1e-6 * scale,
        "{name}: {backend:?} bound {} below its own objective {}",
        r.bound,
        r.objective
    );
    assert!(r.gap >= 0.0, "{name}: {backend:?} negative gap {}", r.gap);
    let implied = (r.bound - r.objective) / scale;
    assert!(
        (implied - r.gap).abs() <= 1e-6 + 1e-6 * r.gap.abs(),
        "{name}: {backend:?} gap {} but (bound - objective) / max(|objective|, 1) = {implied}",
        r.gap
    );
    if r.status == Status::Optimal {
        assert!(
            r.gap <= scen.solver.mip_gap + 1e-6,
            "{name}: {backend:?} optimal with gap {} above mip_gap {}",
            r.gap,
            scen.solver.mip_gap
        );
    }
}

fn base() -> Catalogue {
    Catalogue {
        name: "hostile".into(),
        ..Catalogue::default()
    }
}

// --------------------------------------------------------------------------
// hostile but valid catalogues
// --------------------------------------------------------------------------

#[test]
fn zero_capacity_everywhere() {
    let mut cat = base();
    cat.entities = vec![
        entity("a", Capacity::Constant(0.0)),
        entity("b", Capacity::PerYear(vec![0.0])),
        entity("c", Capacity::PerYear(vec![0.0, 0.0])),
    ];
    cat.services = vec![
        service("s1", "a", 1, 5.0, 100.0),
        service("s2", "b", 2, 1.0, 10.0),
        // Zero effort fits in zero capacity: it can still go live.
        service("s3", "c", 3, 0.0, 50.0),
    ];
    let runs = plan_all("zero capacity", &cat, &Scenario::default());
    for (backend, r) in runs {
        if r.status.has_plan() {
            assert_eq!(r.service("s1").and_then(|s| s.year), None, "{backend:?}");
            assert_eq!(r.service("s2").and_then(|s| s.year), None, "{backend:?}");
        }
    }
}

#[test]
fn capacity_factor_zero_and_zero_budget() {
    let mut cat = base();
    cat.entities = vec![entity("a", Capacity::Constant(100.0))];
    let mut s = service("s1", "a", 1, 5.0, 100.0);
    s.cost = 10.0;
    cat.services = vec![s, service("free", "a", 1, 0.0, 100.0)];
    cat.building_blocks = vec![missing_block("pay", vec![(Approach::Build, 0.0, 0)])];
    cat.services[1].building_blocks = vec!["pay".into()];
    let scen = Scenario::default()
        .with_capacity_factor(0.0)
        .with_budget(Budget::PerYear(vec![0.0]));
    plan_all("capacity factor 0, budget [0]", &cat, &scen);
}

#[test]
fn everything_zero() {
    let mut cat = base();
    cat.entities = vec![entity("a", Capacity::Constant(0.0))];
    let mut services = Vec::new();
    for i in 0..5 {
        let mut s = service(&format!("s{i}"), "a", 1, 0.0, 0.0);
        s.interactions = 0.0;
        services.push(s);
    }
    cat.services = services;
    cat.life_events = vec![life_event("le", &["s0", "s1"], 0.0)];
    let runs = plan_all("all zero", &cat, &Scenario::default().with_horizon(1));
    for (_, r) in runs {
        if r.status.has_plan() {
            assert_eq!(r.objective, 0.0);
        }
    }
}

#[test]
fn huge_numbers() {
    let mut cat = base();
    cat.entities = vec![
        entity("big", Capacity::Constant(1e12)),
        entity("tight", Capacity::Constant(1e9)),
    ];
    cat.building_blocks = vec![missing_block(
        "pay",
        vec![(Approach::Tender, 1e15, 1), (Approach::Build, 1e12, 3)],
    )];
    let mut services = Vec::new();
    for i in 0..8 {
        let mut s = service(
            &format!("s{i}"),
            if i % 2 == 0 { "big" } else { "tight" },
            1,
            1e9 * (1.0 + f64::from(i)),
            1e15,
        );
        s.interactions = 100.0;
        s.cost = 1e14;
        if i % 3 == 0 {
            s.building_blocks = vec!["pay".into()];
        }
        if i == 7 {
            s.value = Some(1e12);
        }
        services.push(s);
    }
    cat.services = services;
    cat.life_events = vec![life_event("le", &["s0", "s1", "s2"], 1e15)];
    let scen = Scenario::default()
        .with_horizon(6)
        .with_budget(Budget::Constant(1e16));
    plan_all("huge numbers", &cat, &scen);
}

#[test]
fn tiny_and_mixed_magnitudes() {
    let mut cat = base();
    cat.entities = vec![entity("e", Capacity::PerYear(vec![1e-6, 1e6]))];
    cat.services = vec![
        service("tiny", "e", 3, 1e-7, 1e-9),
        service("mid", "e", 2, 5.0, 1e3),
        service("big", "e", 1, 1e5, 1e12),
    ];
    plan_all(
        "mixed magnitudes",
        &cat,
        &Scenario::default().with_horizon(3),
    );
}

#[test]
fn empty_catalogue_and_empty_lists() {
    // No services at all.
    let cat = base();
    let runs = plan_all("empty", &cat, &Scenario::default());
    for (_, r) in runs {
        assert!(r.services.is_empty());
        if r.status.has_plan() {
            assert_eq!(r.objective, 0.0);
        }
    }
    // Entities, blocks, workflows and life events with empty lists.
    let mut cat = base();
    cat.entities = vec![entity("e", Capacity::Constant(10.0))];
    cat.workflows = vec![Workflow {
        id: "w".into(),
        name: String::new(),
        building_blocks: vec![],
    }];
    let mut s = service("s", "e", 1, 1.0, 1.0);
    s.workflow = Some("w".into());
    cat.services = vec![s];
    cat.life_events = vec![life_event("nothing", &[], 7.0)];
    let runs = plan_all("empty lists", &cat, &Scenario::default().with_horizon(2));
    for (_, r) in runs {
        if r.status.has_plan() {
            // An empty life event is complete every year (MODEL.md 10).
            assert!(r.objective >= 14.0 - 1e-9, "objective {}", r.objective);
        }
    }
}

#[test]
fn every_service_already_done() {
    let mut cat = base();
    cat.entities = vec![entity("e", Capacity::Constant(0.0))];
    cat.services = (0..4)
        .map(|i| {
            let mut s = service(&format!("s{i}"), "e", 4, 10.0, 10.0);
            s.target_level = 3 + (i % 2) as u8;
            s
        })
        .collect();
    cat.life_events = vec![life_event("le", &["s0", "s3"], 5.0)];
    let scen = Scenario::default().with_horizon(3).with_target(Target {
        year: 2029,
        share: 1.0,
        weighted_by: WeightedBy::Demand,
    });
    let runs = plan_all("all done", &cat, &scen);
    for (_, r) in runs {
        assert!(r.status.has_plan());
        assert!(r
            .services
            .iter()
            .all(|s| s.already_done && s.year.is_none()));
        // The life event earns its weight every year.
        assert!(
            (r.objective - 15.0).abs() < 1e-9,
            "objective {}",
            r.objective
        );
    }
}

#[test]
fn weird_ids() {
    let ids = [
        "服务-出生登记",
        "é\u{301}",
        "a b\tc",
        "\"quoted\"",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        "null",
        "0",
        "-1e9",
        "\u{200b}",
        "🙂👶",
        &"x".repeat(2000),
    ];
    let mut cat = base();
    cat.entities = vec![entity("ministère de la santé ☤", Capacity::Constant(30.0))];
    cat.building_blocks = vec![
        available_block("ブロック"),
        missing_block("💳", vec![(Approach::Reuse, 0.0, 1)]),
    ];
    cat.services = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut s = service(
                id,
                "ministère de la santé ☤",
                1 + (i % 3) as u8,
                3.0,
                100.0 * i as f64,
            );
            s.building_blocks = vec![if i % 2 == 0 { "ブロック" } else { "💳" }.into()];
            if i > 0 && i % 4 == 0 {
                s.depends_on = vec![ids[i - 1].into()];
            }
            s
        })
        .collect();
    cat.life_events = vec![life_event("🎂", &[ids[0], ids[10]], 1000.0)];
    let runs = plan_all("weird ids", &cat, &Scenario::default().with_horizon(3));
    for (_, r) in &runs {
        let listed: Vec<&str> = r.services.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(listed, ids.to_vec());
    }
    // The roadmap document round-trips through JSON with these ids.
    let (_, r) = &runs[0];
    let text = serde_json::to_string(r).expect("serialise");
    let back = io::roadmap_from_json(&text, "roadmap.json").expect("reads back");
    assert_eq!(back.services, r.services);
}

#[test]
fn unreachable_services_and_impossible_deadlines() {
    let mut cat = base();
    cat.entities = vec![entity("e", Capacity::Constant(100.0))];
    cat.building_blocks = vec![
        missing_block("nowhere", vec![]),
        missing_block("slow", vec![(Approach::Build, 1.0, 9)]),
    ];
    let mut a = service("needs-nowhere", "e", 1, 1.0, 10.0);
    a.building_blocks = vec!["nowhere".into()];
    let mut b = service("needs-slow", "e", 1, 1.0, 10.0);
    b.building_blocks = vec!["slow".into()];
    let mut c = service("late", "e", 1, 1.0, 10.0);
    c.earliest_year = Some(2100);
    let mut d = service("depends-on-unreachable", "e", 1, 1.0, 10.0);
    d.depends_on = vec!["needs-nowhere".into()];
    let ok = service("fine", "e", 1, 1.0, 10.0);
    cat.services = vec![a, b, c, d, ok];
    // Without deadlines: a plan that skips the unreachable ones.
    let runs = plan_all("unreachable", &cat, &Scenario::default().with_horizon(4));
    for (backend, r) in &runs {
        assert!(r.status.has_plan(), "{backend:?}: {:?}", r.status);
        for id in [
            "needs-nowhere",
            "needs-slow",
            "late",
            "depends-on-unreachable",
        ] {
            assert_eq!(r.service(id).and_then(|s| s.year), None, "{backend:?} {id}");
        }
    }
    // With a deadline on an unreachable service: infeasible, explained.
    cat.services[0].deadline_year = Some(2028);
    let runs = plan_all(
        "impossible deadline",
        &cat,
        &Scenario::default().with_horizon(4),
    );
    for (backend, r) in &runs {
        assert_eq!(r.status, Status::Infeasible, "{backend:?}");
        let text = r.diagnosis.join(" ");
        assert!(
            text.contains("needs-nowhere"),
            "{backend:?}: diagnosis {text:?}"
        );
    }
}

#[test]
fn deadlines_before_start_and_after_horizon() {
    let mut cat = base();
    cat.entities = vec![entity("e", Capacity::Constant(10.0))];
    let mut early = service("early", "e", 1, 2.0, 5.0);
    early.deadline_year = Some(1990);
    let mut far = service("far", "e", 1, 2.0, 5.0);
    far.deadline_year = Some(2500);
    far.earliest_year = Some(1900);
    cat.services = vec![early, far];
    let runs = plan_all("deadline edges", &cat, &Scenario::default().with_horizon(2));
    for (backend, r) in runs {
        assert!(r.status.has_plan());
        assert_eq!(
            r.service("early").and_then(|s| s.year),
            Some(2027),
            "{backend:?}"
        );
    }
}

#[test]
fn long_dependency_chain_short_horizon() {
    let mut cat = base();
    cat.entities = vec![entity("e", Capacity::Constant(1e6))];
    cat.services = (0..300)
        .map(|i| {
            let mut s = service(&format!("s{i:03}"), "e", 1, 1.0, 1.0 + f64::from(i));
            if i > 0 {
                s.depends_on = vec![format!("s{:03}", i - 1).into()];
            }
            s
        })
        .collect();
    plan_all("chain", &cat, &Scenario::default().with_horizon(1));
    plan_all("chain", &cat, &Scenario::default().with_horizon(30));
}

#[test]
fn targets_at_the_edges() {
    let mut cat = base();
    cat.entities = vec![entity("e", Capacity::Constant(3.0))];
    cat.services = (0..6)
        .map(|i| service(&format!("s{i}"), "e", 1, 1.0, f64::from(i)))
        .collect();
    // Share 0 by demand: always met. Share 1 by count in year 1 with room
    // for 3 of 6: infeasible, with a diagnosis.
    let scen = Scenario::default().with_horizon(2).with_target(Target {
        year: 2027,
        share: 0.0,
        weighted_by: WeightedBy::Demand,
    });
    for (_, r) in plan_all("share 0", &cat, &scen) {
        assert!(r.status.has_plan());
    }
    let scen = Scenario::default().with_horizon(2).with_target(Target {
        year: 2027,
        share: 1.0,
        weighted_by: WeightedBy::Count,
    });
    for (backend, r) in plan_all("share 1", &cat, &scen) {
        assert_eq!(r.status, Status::Infeasible, "{backend:?}");
    }
}

#[test]
fn long_horizon_few_services() {
    let mut cat = base();
    cat.entities = vec![entity("e", Capacity::PerYear(vec![0.0, 0.0, 0.0, 1.0]))];
    cat.building_blocks = vec![missing_block("b", vec![(Approach::Build, 5.0, 7)])];
    let mut s = service("s", "e", 1, 1.0, 10.0);
    s.building_blocks = vec!["b".into()];
    cat.services = vec![s, service("t", "e", 2, 1.0, 1.0)];
    let scen = Scenario::default()
        .with_horizon(40)
        .with_budget(Budget::PerYear(vec![0.0, 5.0]));
    for (backend, r) in plan_all("long horizon", &cat, &scen) {
        assert!(r.status.has_plan(), "{backend:?}");
    }
}

// --------------------------------------------------------------------------
// determinism
// --------------------------------------------------------------------------

#[test]
fn same_input_same_roadmap() {
    let (cat, scen) = generate::generate(&generate::GeneratorConfig {
        services: 150,
        years: 5,
        blocks: 12,
        entities: 6,
        seed: 7,
        ..generate::GeneratorConfig::default()
    });
    for backend in [Backend::Heuristic, Backend::Highs] {
        let plan = || {
            Planner::new(&cat)
                .scenario(&scen)
                .backend(backend)
                .time_limit(30.0)
                .solve()
                .expect("a plan")
        };
        let (a, b) = (plan(), plan());
        assert_eq!(a.status, b.status, "{backend:?}");
        if a.status == Status::Optimal || backend == Backend::Heuristic {
            assert_eq!(a.services, b.services, "{backend:?} plans differ");
            assert_eq!(
                a.building_blocks, b.building_blocks,
                "{backend:?} plans differ"
            );
            assert_eq!(a.objective, b.objective, "{backend:?}");
        }
    }
}

// --------------------------------------------------------------------------
// time limits and interruption: honest status and gap
// --------------------------------------------------------------------------

#[test]
fn time_limit_returns_best_plan_with_honest_gap() {
    // Large enough that HiGHS rarely proves optimality in a second here;
    // the assertions hold either way (status and gap consistency, not timing).
    let (cat, scen) = generate::generate(&generate::GeneratorConfig {
        services: 1000,
        years: 8,
        blocks: 30,
        entities: 20,
        seed: 42,
        ..generate::GeneratorConfig::default()
    });
    let scen = scen.with_mip_gap(0.0);
    let r = Planner::new(&cat)
        .scenario(&scen)
        .backend(Backend::Highs)
        .time_limit(1.0)
        .solve()
        .expect("a plan within the limit");
    assert!(
        r.status.has_plan(),
        "status {:?}: {:?}",
        r.status,
        r.diagnosis
    );
    check_roadmap("time limit", Backend::Highs, &cat, &scen, &r);
    if r.status == Status::Feasible {
        // Stopped before the proof: the bound says how far it may be.
        assert!(r.bound >= r.objective);
    } else {
        assert!(r.gap <= 1e-6);
    }
}

#[test]
fn interrupted_by_the_caller() {
    let (cat, scen) = generate::generate(&generate::GeneratorConfig {
        services: 400,
        years: 6,
        blocks: 20,
        entities: 10,
        seed: 3,
        ..generate::GeneratorConfig::default()
    });
    let mut calls = 0usize;
    let result = Planner::new(&cat)
        .scenario(&scen)
        .backend(Backend::Highs)
        .time_limit(30.0)
        .mip_gap(0.0)
        .on_progress(move |p: &Progress| {
            calls += 1;
            // Stop at the first report that carries a plan.
            !(p.objective.is_some() || calls > 3)
        })
        .solve();
    match result {
        Ok(r) => {
            assert!(
                matches!(r.status, Status::Feasible | Status::Optimal),
                "interrupted solve reported {:?}",
                r.status
            );
            check_roadmap("interrupted", Backend::Highs, &cat, &scen, &r);
        }
        Err(Error::Interrupted) => {}
        Err(e) => panic!("interrupting must not be a failure: {e}"),
    }
}

// --------------------------------------------------------------------------
// property: hostile magnitudes on small catalogues never panic, and plans verify
// --------------------------------------------------------------------------

fn magnitude() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(1e-9),
        0.0..10.0f64,
        (0u32..1000).prop_map(f64::from),
        Just(1e9),
        Just(1e12),
    ]
}

fn hostile_instance() -> impl Strategy<Value = (Catalogue, Scenario)> {
    (
        prop::collection::vec(magnitude(), 1..3), // entity capacities
        prop::collection::vec(
            (
                1u8..=4,
                magnitude(),
                magnitude(),
                magnitude(),
                0usize..4,
                prop::option::of(0i32..5),
            ),
            1..7,
        ),
        prop::collection::vec((magnitude(), 0u32..4), 0..3), // block options
        1u32..5,                                             // horizon
        prop::option::of(magnitude()),                       // budget
        magnitude(),                                         // life event weight
    )
        .prop_map(|(caps, svcs, blocks, horizon, budget, weight)| {
            let mut cat = base();
            cat.entities = caps
                .iter()
                .enumerate()
                .map(|(i, c)| entity(&format!("e{i}"), Capacity::Constant(*c)))
                .collect();
            cat.building_blocks = blocks
                .iter()
                .enumerate()
                .map(|(i, (cost, lead))| {
                    missing_block(&format!("b{i}"), vec![(Approach::Build, *cost, *lead)])
                })
                .collect();
            cat.services = svcs
                .iter()
                .enumerate()
                .map(|(i, (level, effort, demand, cost, block, deadline))| {
                    let mut s = service(
                        &format!("s{i}"),
                        &format!("e{}", i % caps.len()),
                        *level,
                        *effort,
                        *demand,
                    );
                    s.cost = *cost;
                    if *block < blocks.len() {
                        s.building_blocks = vec![format!("b{block}").into()];
                    }
                    // Only far deadlines, so most draws stay feasible.
                    s.deadline_year = deadline.map(|d| 2027 + d + 10);
                    if i > 0 && i % 2 == 0 {
                        s.depends_on = vec![format!("s{}", i - 1).into()];
                    }
                    s
                })
                .collect();
            let ids: Vec<&str> = cat.services.iter().take(2).map(|s| s.id.as_str()).collect();
            cat.life_events = vec![life_event("le", &ids, weight)];
            let mut scen = Scenario::default().with_horizon(horizon);
            scen.budget = budget.map(Budget::Constant);
            (cat, scen)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn hostile_magnitudes_plan_and_verify((cat, scen) in hostile_instance()) {
        if validate::validate_catalogue(&cat).is_ok() && validate::validate_scenario(&scen, &cat).is_ok() {
            for backend in [Backend::Heuristic, Backend::Highs] {
                let r = Planner::new(&cat).scenario(&scen).backend(backend).time_limit(10.0).solve();
                match r {
                    Ok(r) => check_roadmap("proptest", backend, &cat, &scen, &r),
                    Err(e) => prop_assert!(false, "{:?} failed on a valid input: {}", backend, e),
                }
            }
        }
    }
}

// --------------------------------------------------------------------------
// fuzz seeds and regressions: every committed input replays without a panic
// --------------------------------------------------------------------------

/// The CSV tables of a `read_csv` fuzz input, in order (fuzz/src/lib.rs).
const CSV_TABLES: [&str; 9] = scaleplan::io::csv::FILES;

/// What the fuzz target `target` does with `data`, minus the fuzzer.
fn replay(target: &str, name: &str, data: &[u8]) {
    match target {
        "read_json" => {
            let text = String::from_utf8_lossy(data);
            if let Ok(cat) = io::catalogue_from_json(&text, name) {
                assert!(validate::validate_catalogue(&cat).is_ok());
            }
            let _ = io::scenario_from_json(&text, name);
            let _ = io::roadmap_from_json(&text, name);
        }
        "read_csv" => {
            let texts = CSV_TABLES
                .iter()
                .zip(data.split(|b| *b == 0))
                .filter(|(_, chunk)| !chunk.is_empty())
                .map(|(t, chunk)| ((*t).to_owned(), String::from_utf8_lossy(chunk).into_owned()))
                .collect();
            if let Ok(cat) = io::csv::catalogue_from_csv_texts(&texts, &io::Limits::default()) {
                assert!(validate::validate_catalogue(&cat).is_ok());
            }
        }
        "read_xlsx" | "read_rfi2" => {
            if let Ok(cat) = io::catalogue_from_xlsx_bytes(data, name) {
                assert!(validate::validate_catalogue(&cat).is_ok());
            }
        }
        "validate" => {
            let mut parts = data.splitn(2, |b| *b == 0);
            let Ok(cat) = serde_json::from_slice::<Catalogue>(parts.next().unwrap_or_default())
            else {
                return;
            };
            let ok = validate::validate_catalogue(&cat).is_ok();
            if let Some(Ok(scen)) = parts.next().map(serde_json::from_slice::<Scenario>) {
                let _ = validate::validate_scenario(&scen, &cat);
            }
            if ok {
                let _ = graph::analyse(&cat);
                let _ = score::score(&cat, &Default::default());
            }
        }
        // Planner regressions are stored decoded: {"catalogue": .., "scenario": ..}.
        "plan" => {
            let Ok(v) = serde_json::from_slice::<serde_json::Value>(data) else {
                return; // raw fuzz bytes (seeds): only the fuzz target decodes them
            };
            let cat: Catalogue = serde_json::from_value(v["catalogue"].clone()).expect("catalogue");
            let scen: Scenario = serde_json::from_value(v["scenario"].clone()).expect("scenario");
            if validate::validate_catalogue(&cat).is_ok()
                && validate::validate_scenario(&scen, &cat).is_ok()
            {
                plan_all(name, &cat, &scen);
            }
        }
        other => panic!("unknown fuzz target folder {other}"),
    }
}

#[test]
fn fuzz_seeds_and_regressions_replay() {
    let fuzz = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut replayed = 0;
    let mut failures = Vec::new();
    for base in ["seeds", "corpus/regressions"] {
        let Ok(targets) = std::fs::read_dir(fuzz.join(base)) else {
            continue;
        };
        for target in targets.flatten().filter(|e| e.path().is_dir()) {
            let target_name = target.file_name().to_string_lossy().into_owned();
            for file in std::fs::read_dir(target.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let path = file.path();
                let Ok(data) = std::fs::read(&path) else {
                    continue;
                };
                let name = path.display().to_string();
                let outcome = std::panic::catch_unwind(|| replay(&target_name, &name, &data));
                replayed += 1;
                if outcome.is_err() {
                    failures.push(name);
                }
            }
        }
    }
    assert!(
        replayed >= 20,
        "only {replayed} fuzz inputs found under fuzz/seeds"
    );
    assert!(failures.is_empty(), "fuzz inputs that panic: {failures:?}");
}
