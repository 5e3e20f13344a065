//! A plan in the planner's own terms (go-live year per service, acquisition
//! per block), its MODEL.md objective, and its roadmap document.

use super::presolve::{fits, Inst};
use crate::model::{
    BlockPlan, Catalogue, Roadmap, ServicePlan, Status, YearSummary, ROADMAP_FORMAT,
};
use std::collections::BTreeMap;

/// Whether objective `new` is better than `old` by more than rounding (a
/// relative 1e-12 plus 1e-9): the one test of "better" every search uses.
pub(crate) fn improves(new: f64, old: f64) -> bool {
    new > old * (1.0 + 1e-12) + 1e-9
}

/// Decisions of a plan. Years are 0-based plan-year indices.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Plan {
    /// Go-live year per service (None: done, or not within the horizon).
    pub go: Vec<Option<usize>>,
    /// (option, start year) per block (None: not acquired).
    pub acq: Vec<Option<(usize, usize)>>,
}

impl Plan {
    /// The plan that does nothing.
    pub fn empty(inst: &Inst) -> Plan {
        Plan {
            go: vec![None; inst.svc.len()],
            acq: vec![None; inst.blk.len()],
        }
    }

    /// Year the block is usable, when acquired.
    pub fn avail(&self, inst: &Inst, b: usize) -> Option<usize> {
        let (o, y0) = (*self.acq.get(b)?)?;
        inst.blk.get(b)?.options.get(o).map(|&(_, lead)| y0 + lead)
    }

    /// Whether service s is at target in year y.
    pub fn at_target(&self, inst: &Inst, s: usize, y: usize) -> bool {
        inst.svc[s].done || self.go[s].is_some_and(|g| g <= y)
    }

    /// Year from which life event l is complete (Some(0) when complete
    /// from year 1), None when never within the horizon.
    pub fn event_year(&self, inst: &Inst, l: usize) -> Option<usize> {
        let ev = inst.life.get(l)?;
        if ev.never {
            return None;
        }
        let mut y = 0usize;
        for &s in &ev.open {
            y = y.max(self.go[s]?);
        }
        Some(y)
    }

    /// MODEL.md's objective, constants included.
    pub fn objective(&self, inst: &Inst) -> f64 {
        let t = inst.t;
        let mut obj = 0.0;
        for (s, v) in inst.svc.iter().enumerate() {
            if v.done {
                continue;
            }
            if let Some(g) = self.go[s] {
                obj += v.value * (t - g.min(t)) as f64;
            }
        }
        for l in 0..inst.life.len() {
            if let Some(y) = self.event_year(inst, l) {
                obj += inst.life[l].weight * (t - y.min(t)) as f64;
            }
        }
        obj
    }

    /// Every violated constraint of MODEL.md (under the instance's
    /// relaxation), in words; empty when feasible. Used to check the
    /// planner's own plans (the independent check is `verify`).
    pub fn violations(&self, inst: &Inst) -> Vec<String> {
        let t = inst.t;
        let mut out = Vec::new();
        let mut cap_used = vec![vec![0.0; t]; inst.cap.len()];
        let mut bud_used = vec![0.0; t];
        for (s, v) in inst.svc.iter().enumerate() {
            let Some(g) = self.go[s] else {
                if v.forced && v.reach {
                    out.push(format!("{} misses its deadline", v.id));
                }
                continue;
            };
            if v.done || !v.reach || g >= t || !v.allowed[g] {
                out.push(format!("{} goes live in a year it cannot", v.id));
                continue;
            }
            if let Some(e) = v.ent {
                cap_used[e][g] += v.effort;
            }
            bud_used[g] += v.cost;
            for &b in &v.blocks {
                if self.avail(inst, b).map_or(true, |a| a > g) {
                    out.push(format!(
                        "{} goes live before {} is available",
                        v.id, inst.blk[b].id
                    ));
                }
            }
            for &p in &v.deps {
                if self.go[p].map_or(true, |gp| gp > g) {
                    out.push(format!("{} goes live before {}", v.id, inst.svc[p].id));
                }
            }
        }
        for (b, a) in self.acq.iter().enumerate() {
            if let Some((o, y0)) = *a {
                match inst.blk[b].options.get(o) {
                    Some(&(cost, _)) if y0 < t => bud_used[y0] += cost,
                    _ => out.push(format!("{} has an invalid acquisition", inst.blk[b].id)),
                }
            }
        }
        if !inst.relax.capacity {
            for (e, row) in cap_used.iter().enumerate() {
                for (y, &u) in row.iter().enumerate() {
                    if !fits(u, inst.cap[e][y]) {
                        out.push(format!(
                            "{} over capacity in {}",
                            inst.ent_ids[e],
                            inst.year(y)
                        ));
                    }
                }
            }
        }
        for (y, &u) in bud_used.iter().enumerate() {
            if !fits(u, inst.budget_at(y)) {
                out.push(format!("over budget in {}", inst.year(y)));
            }
        }
        for tg in &inst.targets {
            let got = tg.done_w
                + inst
                    .svc
                    .iter()
                    .enumerate()
                    .filter(|(s, _)| self.go[*s].is_some_and(|g| g <= tg.y))
                    .map(|(_, v)| tg.w(v))
                    .sum::<f64>();
            if !fits(tg.need, got) {
                out.push(format!("target {} missed", tg.year));
            }
        }
        out
    }
}

#[cfg(all(test, feature = "highs"))]
impl Plan {
    /// The plan as an integral LP solution: go-live weight 1 in its year.
    pub fn weights(&self, inst: &Inst) -> Vec<Vec<f64>> {
        let mut x = vec![vec![0.0; inst.t]; inst.svc.len()];
        for (s, g) in self.go.iter().enumerate() {
            if let Some(g) = *g {
                x[s][g] = 1.0;
            }
        }
        x
    }
}

/// The roadmap document of a plan (status and numbers filled in by the
/// caller).
pub(crate) fn roadmap(cat: &Catalogue, inst: &Inst, plan: &Plan, status: Status) -> Roadmap {
    let t = inst.t;
    let mut r = Roadmap::empty(status);
    r.format = ROADMAP_FORMAT.to_owned();
    r.start_year = Some(inst.start_year);
    r.horizon = Some(t as u32);
    r.objective = plan.objective(inst);
    r.services = cat
        .services
        .iter()
        .enumerate()
        .map(|(s, sv)| {
            let done = inst.svc.get(s).is_some_and(|v| v.done);
            ServicePlan {
                id: sv.id.clone(),
                year: if done {
                    None
                } else {
                    plan.go.get(s).copied().flatten().map(|g| inst.year(g))
                },
                already_done: done,
                why_not_earlier: None,
            }
        })
        .collect();
    for (b, a) in plan.acq.iter().enumerate() {
        let (Some((o, y0)), Some(blk)) = (*a, cat.building_blocks.get(b)) else {
            continue;
        };
        let Some(opt) = blk.options.get(o) else {
            continue;
        };
        r.building_blocks.push(BlockPlan {
            id: blk.id.clone(),
            approach: opt.approach,
            start_year: inst.year(y0),
            available_year: inst.year(y0 + opt.lead_years as usize),
            option: Some(o),
            system: opt.system.clone(),
            cost: Some(opt.cost),
        });
    }
    let n = inst.svc.len();
    let total_demand: f64 = inst.svc.iter().map(|v| v.demand).sum();
    for y in 0..t {
        let mut budget_used = 0.0;
        let mut cap_used: BTreeMap<String, f64> =
            inst.ent_ids.iter().map(|e| (e.clone(), 0.0)).collect();
        let mut at = 0usize;
        let mut dem = 0.0;
        let mut inter = 0.0;
        for (s, v) in inst.svc.iter().enumerate() {
            if plan.go[s] == Some(y) && !v.done {
                budget_used += v.cost;
                if let Some(e) = v.ent {
                    if let Some(c) = cap_used.get_mut(&inst.ent_ids[e]) {
                        *c += v.effort;
                    }
                }
            }
            if plan.at_target(inst, s, y) {
                at += 1;
                dem += v.demand;
                inter += v.demand * v.interactions;
            }
        }
        for (b, a) in plan.acq.iter().enumerate() {
            if let Some((o, y0)) = *a {
                if y0 == y {
                    budget_used += inst.blk[b].options.get(o).map(|x| x.0).unwrap_or(0.0);
                }
            }
        }
        let events = (0..inst.life.len())
            .filter(|&l| plan.event_year(inst, l).is_some_and(|ly| ly <= y))
            .count();
        r.years.push(YearSummary {
            year: inst.year(y),
            budget_used,
            capacity_used: cap_used,
            services_at_target: at,
            share_at_target: if n > 0 { at as f64 / n as f64 } else { 1.0 },
            share_demand_at_target: if total_demand > 0.0 {
                dem / total_demand
            } else {
                1.0
            },
            interactions_avoided: inter,
            life_events_complete: events,
        });
    }
    r.unreachable = inst.unreachable.clone();
    r
}
