//! Explanations: why a service is not earlier, shadow prices of capacity
//! and budget, and the diagnosis of an infeasible scenario.

use super::heuristic;
#[cfg(feature = "highs")]
use super::milp;
use super::presolve::{fits, name_it, num, presolve, Inst, Lo, Relax};
use super::solution::Plan;
use super::Backend;
use crate::model::{Catalogue, Roadmap, Scenario, ShadowPrices, WeightedBy};
use std::collections::BTreeMap;
use web_time::Instant;

/// Kinds of `why_not_earlier`, the prefix of each explanation.
pub(crate) const BLOCK: &str = "block lead time";
pub(crate) const CAPACITY: &str = "entity capacity";
pub(crate) const BUDGET: &str = "budget";
pub(crate) const DEPENDENCY: &str = "dependency";
pub(crate) const EARLIEST: &str = "earliest year";
pub(crate) const HORIZON: &str = "horizon";
pub(crate) const NONE: &str = "no binding constraint";

/// Fill `why_not_earlier` of every service of the roadmap: the constraint
/// that keeps it from going live a year earlier, checked against the plan
/// (`kind: words`, kind one of the constants above). Services live in the
/// first plan year, and done ones, have none.
pub(crate) fn why_not_earlier(inst: &Inst, plan: &Plan, roadmap: &mut Roadmap) {
    let t = inst.t;
    let mut cap_used = vec![vec![0.0; t]; inst.cap.len()];
    let mut bud_used = vec![0.0; t];
    for (s, v) in inst.svc.iter().enumerate() {
        if let (Some(g), false) = (plan.go[s], v.done) {
            if let Some(e) = v.ent {
                cap_used[e][g] += v.effort;
            }
            bud_used[g] += v.cost;
        }
    }
    for (b, a) in plan.acq.iter().enumerate() {
        if let Some((o, y0)) = *a {
            bud_used[y0] += inst.blk[b].options.get(o).map(|x| x.0).unwrap_or(0.0);
        }
    }
    let unreachable: BTreeMap<&str, &str> = inst
        .unreachable
        .iter()
        .map(|u| (u.id.as_str(), u.reason.as_str()))
        .collect();
    for (s, sp) in roadmap.services.iter_mut().enumerate() {
        let Some(v) = inst.svc.get(s) else { continue };
        if v.done {
            continue;
        }
        if let Some(r) = unreachable.get(v.id.as_str()) {
            sp.why_not_earlier = Some(format!("{HORIZON}: {}", name_it(&v.id, r)));
            continue;
        }
        if !v.reach {
            sp.why_not_earlier = Some(format!(
                "{HORIZON}: it cannot reach its target within the horizon"
            ));
            continue;
        }
        let g = plan.go[s];
        // The year it would need to be live in: one before its go-live, or
        // the last plan year for a service left out.
        let (y, prefix) = match g {
            Some(0) => continue,
            Some(g) => (g - 1, String::new()),
            None => (
                t - 1,
                format!("{HORIZON}: not reached by {}; ", inst.year(t - 1)),
            ),
        };
        let why = if y < v.lo {
            lo_reason(inst, s)
        } else {
            year_reason(inst, plan, s, y, &cap_used, &bud_used)
        };
        sp.why_not_earlier = Some(if prefix.is_empty() {
            why
        } else {
            format!("{prefix}{why}")
        });
    }
}

fn lo_reason(inst: &Inst, s: usize) -> String {
    let v = &inst.svc[s];
    let w = inst.lo_words(s);
    let kind = match v.lo_why {
        Lo::Start => NONE,
        Lo::Earliest(_) => EARLIEST,
        Lo::Block(_) => BLOCK,
        Lo::Dep(_) => DEPENDENCY,
        Lo::Capacity => CAPACITY,
        Lo::Budget => BUDGET,
    };
    format!("{kind}: {w}")
}

fn year_reason(
    inst: &Inst,
    plan: &Plan,
    s: usize,
    y: usize,
    cap_used: &[Vec<f64>],
    bud_used: &[f64],
) -> String {
    let v = &inst.svc[s];
    let year = inst.year(y);
    let own_year = plan.go[s];
    // Its own use of the year (when it is live in y it would not add).
    let own = |x: f64| if own_year == Some(y) { x } else { 0.0 };
    for &p in &v.deps {
        match plan.go[p] {
            Some(gp) if gp <= y => {}
            Some(gp) => {
                return format!(
                    "{DEPENDENCY}: it depends on {}, which reaches its target in {}",
                    inst.svc[p].id,
                    inst.year(gp)
                )
            }
            None => {
                return format!(
                    "{DEPENDENCY}: it depends on {}, which the plan does not bring to target",
                    inst.svc[p].id
                )
            }
        }
    }
    for &b in &v.blocks {
        match plan.avail(inst, b) {
            Some(a) if a <= y => {}
            Some(a) => {
                let (o, y0) = plan.acq[b].unwrap_or((0, 0));
                return format!(
                    "{BLOCK}: it needs {}, available in {} (option {} started in {}, {} year(s) lead time)",
                    inst.blk[b].id,
                    inst.year(a),
                    o,
                    inst.year(y0),
                    inst.blk[b].options.get(o).map(|x| x.1).unwrap_or(0)
                );
            }
            None => {
                return format!(
                    "{BLOCK}: it needs {}, which the plan does not acquire in time",
                    inst.blk[b].id
                )
            }
        }
    }
    if let Some(e) = v.ent {
        let cap = inst.cap[e][y];
        let used = cap_used[e][y] - own(v.effort);
        if !inst.relax.capacity && !fits(used + v.effort, cap) {
            return format!(
                "{CAPACITY}: {} in {year} has {} person-months, {} used by other services, it needs {}",
                inst.ent_ids[e],
                num(cap),
                num(used),
                num(v.effort)
            );
        }
    }
    let budget = inst.budget_at(y);
    let used = bud_used[y] - own(v.cost);
    if !fits(used + v.cost, budget) {
        return format!(
            "{BUDGET}: {year} has {}, {} spent elsewhere, it needs {}",
            num(budget),
            num(used),
            num(v.cost)
        );
    }
    if !v.allowed[y] {
        return lo_reason(inst, s);
    }
    if v.value <= 0.0 && v.events.is_empty() {
        return format!("{NONE}: it adds no value, so its year does not matter");
    }
    format!(
        "{NONE}: it could go live in {year} on its own; the plan keeps it later (within the solver's gap, or to make room elsewhere)"
    )
}

/// Shadow prices of capacity (per entity and year) and budget (per year).
///
/// MODEL.md asks for the duals of the LP with the integer decisions fixed;
/// with every binary fixed that LP has no free variable and every dual is
/// 0. So the acquisitions are fixed to the plan's, the go-live decisions
/// are relaxed to [0,1] (their LP), and the duals of the capacity and
/// budget rows of that LP are reported: the marginal objective value of
/// one more person-month or one more unit of money in that year, for go-
/// lives that may be fractional. Rows that can never bind have price 0.
pub(crate) fn shadow_prices(inst: &Inst, plan: &Plan, time_limit: f64) -> Option<ShadowPrices> {
    #[cfg(feature = "highs")]
    {
        let opts = milp::BuildOptions {
            relax_integrality: true,
            fix_blocks: Some(plan.acq.clone()),
        };
        let m = milp::build(inst, &opts);
        let rows = m.resource_rows.clone();
        let t = inst.t;
        let mut out = ShadowPrices {
            method: "duals of the capacity and budget rows of the linear relaxation with the block acquisitions fixed to the plan's and the go-live decisions relaxed to [0,1] (with every integer fixed, as MODEL.md states it, all duals would be 0)".to_owned(),
            capacity: inst
                .ent_ids
                .iter()
                .map(|e| (e.clone(), vec![0.0; t]))
                .collect(),
            budget: if inst.budget.is_some() {
                vec![0.0; t]
            } else {
                Vec::new()
            },
        };
        if m.len() == 0 {
            return Some(out);
        }
        let ans = milp::solve_highs(m, None, time_limit.clamp(1.0, 60.0), 0.0).ok()?;
        let duals = ans.duals?;
        let (capacity, budget) = milp::resource_duals(inst, &rows, &duals);
        let clean = |d: f64| if d < 1e-9 { 0.0 } else { d };
        for (id, row) in inst.ent_ids.iter().zip(&capacity) {
            if let Some(v) = out.capacity.get_mut(id) {
                for (o, d) in v.iter_mut().zip(row) {
                    *o = clean(*d);
                }
            }
        }
        for (o, d) in out.budget.iter_mut().zip(&budget) {
            *o = clean(*d);
        }
        Some(out)
    }
    #[cfg(not(feature = "highs"))]
    {
        let _ = (inst, plan, time_limit);
        None
    }
}

/// Whether a plan exists when the scenario is relaxed.
fn feasible_under(
    cat: &Catalogue,
    sc: &Scenario,
    relax: Relax,
    backend: Backend,
    seconds: f64,
) -> bool {
    let inst = presolve(cat, sc, relax);
    if !inst.conflicts.is_empty() {
        return false;
    }
    let until = Instant::now() + std::time::Duration::from_secs_f64(seconds.min(1e6) * 0.3);
    if heuristic::run(&inst, Some(until), &mut |_| true)
        .plan
        .is_some()
    {
        return true;
    }
    let _ = backend;
    #[cfg(feature = "highs")]
    {
        let m = milp::build(&inst, &milp::BuildOptions::default());
        if m.len() == 0 {
            return Plan::empty(&inst).violations(&inst).is_empty();
        }
        if let Ok(a) = milp::solve_highs(m, None, seconds, 1.0) {
            return matches!(a.outcome, milp::Outcome::Optimal | milp::Outcome::Feasible);
        }
    }
    false
}

/// Plain-words diagnosis of an infeasible scenario whose conflict presolve
/// did not name: re-solve with one constraint family relaxed at a time
/// (targets, deadlines, capacity, budget) and name the families (and the
/// single targets or deadlines) without which a plan exists.
pub(crate) fn diagnose(
    cat: &Catalogue,
    sc: &Scenario,
    backend: Backend,
    seconds: f64,
) -> Vec<String> {
    let per = (seconds / 8.0).clamp(0.5, 10.0);
    let mut out = Vec::new();
    let families = [
        (
            "targets",
            Relax {
                targets: true,
                ..Relax::default()
            },
        ),
        (
            "deadlines",
            Relax {
                deadlines: true,
                ..Relax::default()
            },
        ),
        (
            "capacity",
            Relax {
                capacity: true,
                ..Relax::default()
            },
        ),
        (
            "budget",
            Relax {
                budget: true,
                ..Relax::default()
            },
        ),
    ];
    for (name, relax) in families {
        if name == "targets" && sc.targets.is_empty() {
            continue;
        }
        if name == "budget" && sc.budget.is_none() {
            continue;
        }
        if name == "deadlines" && cat.services.iter().all(|s| s.deadline_year.is_none()) {
            continue;
        }
        if !feasible_under(cat, sc, relax, backend, per) {
            continue;
        }
        match name {
            "targets" => {
                let mut named = false;
                for (k, tg) in sc.targets.iter().enumerate() {
                    let mut sc2 = sc.clone();
                    sc2.targets.remove(k);
                    if feasible_under(cat, &sc2, Relax::default(), backend, per) {
                        named = true;
                        out.push(format!(
                            "target {}% by {} ({}) cannot be met within the capacity, budget, lead times and deadlines; without it a plan exists",
                            num(tg.share * 100.0),
                            tg.year,
                            match tg.weighted_by {
                                WeightedBy::Count => "by count",
                                WeightedBy::Demand => "by demand",
                            }
                        ));
                    }
                }
                if !named {
                    out.push("the targets together cannot be met within the capacity, budget, lead times and deadlines; without them a plan exists".to_owned());
                }
            }
            "deadlines" => {
                let mut named = false;
                let with_deadline = cat
                    .services
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.deadline_year.is_some())
                    .take(50);
                for (i, s) in with_deadline {
                    let Some(dl) = s.deadline_year else { continue };
                    let mut cat2 = cat.clone();
                    cat2.services[i].deadline_year = None;
                    if feasible_under(&cat2, sc, Relax::default(), backend, per) {
                        named = true;
                        out.push(format!(
                            "deadline {dl} of {} cannot be met together with the other constraints; without it a plan exists",
                            s.id
                        ));
                    }
                }
                if !named {
                    out.push("the deadlines together cannot be met within capacity, budget and lead times; without them a plan exists".to_owned());
                }
            }
            "capacity" => out.push(
                "the entities' capacity is too small for the deadlines and targets; with unlimited capacity a plan exists".to_owned(),
            ),
            _ => out.push(
                "the budget is too small for the deadlines and targets; with an unlimited budget a plan exists".to_owned(),
            ),
        }
    }
    if out.is_empty() {
        out.push("no plan meets every constraint, and relaxing the targets, the deadlines, the capacity or the budget alone does not help: several of them conflict together".to_owned());
    }
    out
}
