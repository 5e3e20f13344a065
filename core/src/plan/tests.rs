//! Unit tests of the planner: presolve, heuristic feasibility, diagnosis
//! wording, determinism, explanations.

use super::*;
use crate::model::*;

fn ent(id: &str, cap: f64) -> Entity {
    Entity {
        id: EntityId::from(id),
        name: String::new(),
        capacity: Capacity::Constant(cap),
    }
}

fn svc(id: &str, e: &str, demand: f64, effort: f64) -> Service {
    let mut s = Service::new(id, e, 2);
    s.demand = demand;
    s.effort = effort;
    s
}

fn missing(id: &str, opts: &[(f64, u32)]) -> BuildingBlock {
    BuildingBlock {
        id: BlockId::from(id),
        name: String::new(),
        status: BlockStatus::Missing,
        options: opts
            .iter()
            .map(|&(cost, lead)| AcquisitionOption {
                approach: Approach::Tender,
                cost,
                lead_years: lead,
                system: None,
            })
            .collect(),
    }
}

/// Two entities, a missing block with a slow cheap and a fast dear option,
/// a dependency chain, a life event.
fn small() -> Catalogue {
    let mut c = Catalogue::default();
    c.entities = vec![ent("moh", 20.0), ent("mof", 15.0)];
    c.building_blocks = vec![missing("payments", &[(100.0, 2), (500.0, 1)])];
    let mut a = svc("a", "moh", 1000.0, 10.0);
    a.building_blocks = vec![BlockId::from("payments")];
    let b = svc("b", "moh", 800.0, 12.0);
    let mut c2 = svc("c", "mof", 500.0, 10.0);
    c2.depends_on = vec![ServiceId::from("b")];
    let mut d = svc("d", "mof", 300.0, 10.0);
    d.earliest_year = Some(2028);
    let mut done = svc("done", "mof", 100.0, 1.0);
    done.level = 4;
    c.services = vec![a, b, c2, d, done];
    c.life_events = vec![LifeEvent {
        id: LifeEventId::from("le"),
        name: String::new(),
        audience: Audience::Citizen,
        services: vec![ServiceId::from("a"), ServiceId::from("c")],
        weight: 200.0,
    }];
    c
}

#[test]
fn presolve_earliest_years() {
    let c = small();
    let sc = Scenario::default().with_horizon(4);
    let inst = presolve(&c, &sc, Relax::default());
    // a needs payments: fastest option 1 year.
    assert_eq!(inst.svc[0].lo, 1);
    assert_eq!(inst.svc[0].lo_why, presolve::Lo::Block(0));
    assert_eq!(inst.svc[3].lo, 1);
    assert!(inst.svc[4].done && !inst.svc[4].reach);
    // c depends on b.
    assert_eq!(inst.svc[2].deps, vec![1]);
    assert!(inst.conflicts.is_empty());
}

#[test]
fn presolve_unreachable_and_deadline_conflict() {
    let mut c = small();
    c.services[3].earliest_year = Some(2040);
    let sc = Scenario::default().with_horizon(3);
    let inst = presolve(&c, &sc, Relax::default());
    assert!(!inst.svc[3].reach);
    assert_eq!(inst.unreachable.len(), 1);
    assert!(
        inst.unreachable[0].reason.contains("2040"),
        "{:?}",
        inst.unreachable
    );

    let mut c = small();
    c.services[0].deadline_year = Some(2027);
    let inst = presolve(&c, &sc, Relax::default());
    assert_eq!(
        inst.conflicts,
        vec![
            "deadline 2027 of a needs payments, whose fastest option is available in 2028"
                .to_owned()
        ]
    );
    let r = plan(&c, &sc).unwrap();
    assert_eq!(r.status, Status::Infeasible);
    assert_eq!(r.diagnosis, inst.conflicts);
}

#[test]
fn deadline_propagates_to_prerequisite() {
    let mut c = small();
    c.services[2].deadline_year = Some(2028);
    let inst = presolve(&c, &Scenario::default().with_horizon(4), Relax::default());
    assert!(inst.svc[1].forced);
    assert_eq!(inst.svc[1].hi, 1);
    let r = plan(&c, &Scenario::default().with_horizon(4)).unwrap();
    assert!(r.service("c").unwrap().year.unwrap() <= 2028);
    assert!(r.service("b").unwrap().year.unwrap() <= 2028);
}

#[test]
fn target_capacity_conflict_in_words() {
    let mut c = small();
    c.entities[1].capacity = Capacity::Constant(10.0);
    c.services.push(svc("e", "mof", 50.0, 5.0));
    let sc = Scenario::default().with_horizon(3).with_target(Target {
        year: 2028,
        share: 1.0,
        weighted_by: WeightedBy::Count,
    });
    let inst = presolve(&c, &sc, Relax::default());
    assert!(
        inst.conflicts
            .iter()
            .any(|m| m == "target 100% by 2028 (by count) needs 25 person-months at mof by 2028, capacity is 20"),
        "{:?}",
        inst.conflicts
    );
}

#[test]
fn heuristic_plans_are_feasible_and_deterministic() {
    let c = small();
    for budget in [None, Some(300.0), Some(600.0)] {
        let mut sc = Scenario::default().with_horizon(4);
        sc.budget = budget.map(Budget::Constant);
        let inst = presolve(&c, &sc, Relax::default());
        let a = heuristic::run(&inst, None, &mut |_| true).plan.unwrap();
        let b = heuristic::run(&inst, None, &mut |_| true).plan.unwrap();
        assert_eq!(a, b);
        assert!(a.violations(&inst).is_empty(), "{:?}", a.violations(&inst));
        assert!(a.objective(&inst) > 0.0);
    }
}

#[test]
fn solver_matches_heuristic_or_better() {
    let c = small();
    let sc = Scenario::default()
        .with_horizon(4)
        .with_budget(Budget::Constant(600.0));
    let h = Planner::new(&c)
        .scenario(&sc)
        .backend(Backend::Heuristic)
        .solve()
        .unwrap();
    let m = Planner::new(&c).scenario(&sc).solve().unwrap();
    assert_eq!(m.status, Status::Optimal);
    assert!(m.objective >= h.objective - 1e-6);
    assert!(h.bound >= m.objective - 1e-6);
    assert_eq!(m.services.len(), c.services.len());
    assert!(m.service("done").unwrap().already_done);
}

#[test]
fn same_input_same_roadmap() {
    let c = small();
    let sc = Scenario::default()
        .with_horizon(4)
        .with_budget(Budget::Constant(600.0));
    let mut a = plan(&c, &sc).unwrap();
    let mut b = plan(&c, &sc).unwrap();
    a.solve_seconds = 0.0;
    b.solve_seconds = 0.0;
    assert_eq!(a, b);
}
